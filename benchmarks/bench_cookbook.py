"""The Matrix Cookbook benchmark: symcheck on benchmarks/cookbook/, section by section. Run on demand:

    python benchmarks/bench_cookbook.py [SECTION ...] [--jobs N] [--timeout S] [--json] [--markdown FILE]
                                        [--certificates] [--from-json RUN.json] [--known-gaps] [-v]

SECTION filters the claim files by a substring of their name ("s2", "gaussians",
"s9_1"); without one every file of benchmarks/cookbook/ runs. For each section it
prints how many claims are transcribed, proved, refuted, unknown and error, the
median and slowest time, how many met their `expect`, and then every claim that
was *decided against* its expect (proved where the transcription expects refuted or
the other way round): that is a soundness bug or a transcription bug, and the run
says so loudly. `--json` prints one JSON document instead (per-section summary and
every result). `--markdown FILE` writes the per-section table (equation → verdict →
method); if FILE already holds the markers

    <!-- cookbook-table:begin -->  ...  <!-- cookbook-table:end -->

only the text between them is replaced. `--certificates` also runs the independent
checker on every proof (reported per claim in the table and JSON). `--known-gaps`
rewrites benchmarks/cookbook/KNOWN_GAPS.txt from the run: every claim that did not meet
its expect, and every claim decided only after SLOW_SECONDS (it may time out on a slower
machine), so that the cookbook runs under pytest (`.ci/run`) with the undecided ones as
expected failures. The list says `# strict: no`: a listed claim that is decided passes
with a warning (symcheck.known_gaps).

Times are reported, never asserted. Exit status: 0 unless a claim was decided
against its expect or the arguments were bad.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symcheck.loader import find_claim_files, load_claim_file  # noqa: E402
from symcheck.runner import FILE_RESULT_NAME, Result, decide_in_workers, load_error_result  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CLAIM_DIR = ROOT / "benchmarks" / "cookbook"
BEGIN, END = "<!-- cookbook-table:begin -->", "<!-- cookbook-table:end -->"
SOURCE_PREFIX = "Matrix Cookbook (2012) "

SECTIONS = {  # file stem -> (sort key, title)
    "s1_basics": ((1,), "§1 Basics"),
    "s2_derivatives": ((2,), "§2 Derivatives"),
    "s3_inverses": ((3,), "§3 Inverses"),
    "s8_gaussians": ((8,), "§8 Gaussians"),
    "s9_1_blocks": ((9, 1), "§9.1 Block matrices"),
    "s9_special": ((9, 4), "§9.4–9.12 Special matrices"),
    "s10_kronecker_hadamard": ((10,), "§10 Functions, Kronecker, norms"),
    "s10_4_operator_norms": ((10,), "§10 Functions, Kronecker, norms"),
    "s10_vec": ((10, 2, 2), "§10.2.2 vec"),
}
DECIDED = ("proved", "refuted")


def section_of(path: str) -> tuple:
    stem = Path(path).stem
    return SECTIONS.get(stem, ((99, stem), stem))


def run(paths: list[Path], timeout: float, jobs: int, certificates: bool, progress: bool) -> list[Result]:
    """Every claim of every file, in order; a file that does not import is one `error` result."""
    ordered, pending = [], []
    for path in paths:
        claim_file = load_claim_file(path)
        if claim_file.error:
            ordered.append(load_error_result(claim_file))
        for claim in claim_file.claims:
            ordered.append(None)
            pending.append((claim_file.file, claim))

    def tick(result, done, total):
        if progress:
            print(f"\r  {done}/{total} claims", end="", file=sys.stderr, flush=True)

    decided = iter(decide_in_workers(pending, timeout=timeout, jobs=jobs, on_result=tick,
                                     check_certificates=certificates))
    if progress:
        print(file=sys.stderr)
    return [r if r is not None else next(decided) for r in ordered]


def load_run(path: Path, sections: list[str]) -> tuple[list[Result], float]:
    """The results of a saved `--json` run (counterexamples are kept as their JSON text in `detail`)."""
    doc = json.loads(path.read_text())
    results = []
    for item in doc["results"]:
        if sections and not any(s in Path(item["file"]).stem for s in sections):
            continue
        detail = item.get("detail") or ""
        if item.get("counterexample"):
            detail = f"counterexample {json.dumps(item['counterexample'])}; {detail}"
        extras = {"certificate": item["certificate"]} if item.get("certificate") else {}
        results.append(Result(item["file"], item["name"], item["status"], item.get("method", ""),
                              item.get("seconds", 0.0), item.get("expect"), None, detail, item.get("source"),
                              extras=extras))
    return results, float(doc.get("wall_seconds", 0.0))


def wrong(r: Result) -> bool:
    """Decided, and against a decided expectation: a soundness or transcription bug."""
    return r.status in DECIDED and r.expect in DECIDED and r.status != r.expect


def summarize_section(results: list[Result]) -> dict:
    counts = Counter(r.status for r in results)
    seconds = [r.seconds for r in results]
    return {
        "transcribed": len(results),
        "proved": counts["proved"], "refuted": counts["refuted"],
        "unknown": counts["unknown"], "error": counts["error"],
        "decided": counts["proved"] + counts["refuted"],
        "met_expect": sum(1 for r in results if r.ok),
        "decided_wrongly": sum(1 for r in results if wrong(r)),
        "median_s": round(statistics.median(seconds), 3) if seconds else 0.0,
        "slowest_s": round(max(seconds), 3) if seconds else 0.0,
        "slowest": max(results, key=lambda r: r.seconds).name if results else None,
    }


def by_section(results: list[Result]) -> list[tuple[str, list[Result]]]:
    groups: dict[str, list[Result]] = {}
    keys: dict[str, tuple] = {}
    for r in results:
        key, title = section_of(r.file)
        groups.setdefault(title, []).append(r)
        keys[title] = key
    return sorted(groups.items(), key=lambda item: keys[item[0]])


def equation(r: Result) -> str:
    src = r.source or ""
    return src[len(SOURCE_PREFIX):] if src.startswith(SOURCE_PREFIX) else src


def print_report(sections, total_wall: float, args) -> None:
    header = f"{'section':<32} {'claims':>6} {'proved':>6} {'refuted':>7} {'unknown':>7} {'error':>5} " \
             f"{'met':>5} {'median':>8} {'slowest':>8}"
    print(header)
    print("-" * len(header))
    totals = Counter()
    all_results = []
    for title, results in sections:
        s = summarize_section(results)
        all_results.extend(results)
        for key in ("transcribed", "proved", "refuted", "unknown", "error", "met_expect", "decided_wrongly"):
            totals[key] += s[key]
        print(f"{title:<32} {s['transcribed']:>6} {s['proved']:>6} {s['refuted']:>7} {s['unknown']:>7} {s['error']:>5} "
              f"{s['met_expect']:>5} {s['median_s']:>7.2f}s {s['slowest_s']:>7.2f}s")
    print("-" * len(header))
    seconds = [r.seconds for r in all_results]
    print(f"{'all':<32} {totals['transcribed']:>6} {totals['proved']:>6} {totals['refuted']:>7} {totals['unknown']:>7} "
          f"{totals['error']:>5} {totals['met_expect']:>5} "
          f"{(statistics.median(seconds) if seconds else 0):>7.2f}s {(max(seconds) if seconds else 0):>7.2f}s")
    decided = totals["proved"] + totals["refuted"]
    share = 100.0 * decided / totals["transcribed"] if totals["transcribed"] else 0.0
    print(f"\ndecided {decided}/{totals['transcribed']} ({share:.0f}%), met expect {totals['met_expect']}, "
          f"wall {total_wall:.1f} s with --jobs {args.jobs} --timeout {args.timeout:g}")
    bad = [r for r in all_results if wrong(r)]
    if bad:
        print(f"\n!!! {len(bad)} CLAIM(S) DECIDED AGAINST THEIR EXPECT: a soundness bug or a transcription bug !!!")
        for r in bad:
            print(f"  {Path(r.file).name}::{r.name}  expected {r.expect}, got {r.status} [{r.method}]")
            if r.counterexample is not None:
                print(f"      counterexample: {r.counterexample.describe()}")
            if r.detail:
                print(f"      {r.detail.splitlines()[0][:300]}")
    else:
        print("no claim was decided against its expect")
    if args.verbose:
        print("\nnot met (unknown / error):")
        for r in all_results:
            if not r.ok and not wrong(r):
                first = r.detail.splitlines()[0][:160] if r.detail else ""
                print(f"  {r.status:<8} {Path(r.file).name}::{r.name}  [{r.method}] {first}")


def markdown_table(sections, args) -> str:
    lines = [f"Generated by `python benchmarks/bench_cookbook.py --markdown` (--timeout {args.timeout:g}, "
             f"--jobs {args.jobs}); {time.strftime('%Y-%m-%d')}.", ""]
    lines.append("| section | claims | proved | refuted | unknown | error | met expect | median | slowest |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for title, results in sections + [("**all**", [r for _, rs in sections for r in rs])]:
        s = summarize_section(results)
        lines.append(f"| {title} | {s['transcribed']} | {s['proved']} | {s['refuted']} | {s['unknown']} | "
                     f"{s['error']} | {s['met_expect']} | {s['median_s']:.2f} s | {s['slowest_s']:.2f} s |")
    for title, results in sections:
        if title == "**all**":
            continue
        lines += ["", f"#### {title}", "", "| equation | claim | expect | verdict | method |", "|---|---|---|---|---|"]
        for r in results:
            verdict = r.status if r.ok else f"**{r.status}**"
            if wrong(r):
                verdict = f"**{r.status} (against expect!)**"
            cert = r.extras.get("certificate") if r.extras else None
            method = (r.method or "").replace("|", "\\|")
            if cert and r.status == "proved":
                method += f" (certificate {cert.split(':')[0]})"
            name = r.name.replace("|", "\\|")
            lines.append(f"| {equation(r).replace('|', '/')} | {name} | {r.expect} | {verdict} | {method} |")
    return "\n".join(lines) + "\n"


SLOW_SECONDS = 5.0  # a claim decided only after this long here is listed too (a slower machine may time out)


def known_gaps_text(results: list[Result], args) -> str:
    """KNOWN_GAPS.txt for the cookbook: the claims that did not meet their expect, and the slow ones."""
    lines = ["# The Matrix Cookbook claims that symcheck does not decide yet (or decides slowly), as expected",
             "# failures of the pytest run (symcheck.known_gaps). Generated by",
             f"# `python benchmarks/bench_cookbook.py --known-gaps` (--timeout {args.timeout:g}); do not edit by hand.",
             "# A listed claim that is decided passes with a warning (this list is not strict):",
             "# strict: no"]
    for r in results:
        if r.name == FILE_RESULT_NAME:
            continue
        if not r.ok:
            why = f"{r.status} here, expected {r.expect}"
        elif r.seconds > SLOW_SECONDS:
            why = f"{r.status} here after {r.seconds:.1f} s: may time out on a slower machine"
        else:
            continue
        lines.append(f"{Path(r.file).name}::{r.name}  # {why}")
    return "\n".join(lines) + "\n"


def write_markdown(path: Path, table: str) -> None:
    if path.exists():
        text = path.read_text()
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            _, tail = rest.split(END, 1)
            path.write_text(f"{head}{BEGIN}\n{table}{END}{tail}")
            return
    path.write_text(f"{BEGIN}\n{table}{END}\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sections", nargs="*", help="substrings of claim file names (default: all)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of the report")
    parser.add_argument("--markdown", metavar="FILE", help="write the per-section table into FILE")
    parser.add_argument("--certificates", action="store_true", help="check every proof's certificate too")
    parser.add_argument("-v", "--verbose", action="store_true", help="also list every unknown and error")
    parser.add_argument("--from-json", metavar="FILE",
                        help="report on (and write --markdown from) a saved --json run instead of running")
    parser.add_argument("--known-gaps", action="store_true",
                        help="rewrite benchmarks/cookbook/KNOWN_GAPS.txt from this run (every section must run)")
    args = parser.parse_args()
    if args.jobs < 1 or args.timeout <= 0:
        parser.error("--jobs must be >= 1 and --timeout > 0")
    if args.known_gaps and args.sections:
        parser.error("--known-gaps rewrites the whole list: run every section")
    if args.from_json:
        results, wall = load_run(Path(args.from_json), args.sections)
    else:
        paths = [p for p in find_claim_files([str(CLAIM_DIR)])
                 if not args.sections or any(s in p.stem for s in args.sections)]
        if not paths:
            parser.error(f"no claim file of {CLAIM_DIR} matches {args.sections}")
        start = time.perf_counter()
        results = run(paths, args.timeout, args.jobs, args.certificates,
                      progress=sys.stderr.isatty() and not args.json)
        wall = time.perf_counter() - start
    sections = by_section(results)
    if args.json:
        doc = {
            "sections": {title: summarize_section(rs) for title, rs in sections},
            "results": [dict(r.to_json(), source=r.source, certificate=(r.extras or {}).get("certificate"))
                        for r in results],
            "wall_seconds": round(wall, 2),
            "decided_wrongly": [f"{r.file}::{r.name}" for r in results if wrong(r)],
        }
        print(json.dumps(doc, indent=1))
    else:
        print_report(sections, wall, args)
    if args.markdown:
        write_markdown(Path(args.markdown), markdown_table(sections, args))
    if args.known_gaps:
        (CLAIM_DIR / "KNOWN_GAPS.txt").write_text(known_gaps_text(results, args), encoding="utf-8")
    return 1 if any(wrong(r) for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
