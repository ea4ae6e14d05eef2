"""Grading throughput: local workers and a Dask cluster, distinct answers and a realistic class, vs math-verify.

    python benchmarks/bench_grading.py [--jobs 2] [--workers 2] [--timeout 10] [--rows 1000] [--no-dask]
                                       [--no-math-verify] [--seed 0]

Two workloads:

- distinct answers (no cache hits): every distinct answer of the labelled set
  (benchmarks/answers/labelled.tsv, 19 questions; distinct after normalisation), each
  checked once. The same answers go through math-verify (the `[bench]` extra) in one
  process, side by side.
- a realistic class: 200 students answer 5 matrix questions; each answer is drawn with
  Zipf-like weights (a few forms are very common, as in real submissions) and written with
  random cosmetic variations (spaces, \\left( \\right), ^{T} for ^T, surrounding $) that the
  normaliser merges, so most rows come from the cache.

Each is graded locally with `--jobs N` (warm killable workers) and on a local Dask cluster
(`--scheduler local:N`, started once; its start-up is reported apart). Reported: wall time,
rows/s and checks/s, and per distinct answer checked: core-seconds (wall x cores used /
answers) and CPU time (every process involved: this one, its workers, the Dask workers and
their grading services): what one core spends on one answer, the figures to compare with
math-verify's single-process time per answer and to extrapolate to many workers
(docs/scale.md). On a shared machine the CPU figures are the steadier ones. Per-task overhead: the round trip of an
empty task through a warm local worker, through a fresh fork per task (the old way), and
through the Dask cluster and its grading service. Times are reported, never asserted.
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
HERE = ROOT / "benchmarks" / "answers"

QUESTIONS = ("ridge", "grad_ls", "gd_step", "push_through", "quad_grad")
COSMETIC = (
    lambda s: s.replace("(", r"\left(").replace(")", r"\right)") if "\\" not in s.split("(")[0][-6:] else s,
    lambda s: s.replace("^T", "^{T}"),
    lambda s: s.replace("^T", r"^\top ").replace(r"\top  ", r"\top "),
    lambda s: "$" + s + "$",
    lambda s: s.replace("+", " + ").replace("-", " - "),
    lambda s: s,
)


def labelled() -> dict[str, list[str]]:
    answers = defaultdict(list)
    with (HERE / "labelled.tsv").open(encoding="utf-8", newline="") as handle:
        for t in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            answers[t["question"]].append(t["answer"])
    return answers


def make_class(rows: int, seed: int) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)
    answers = labelled()
    out = []
    students = max(1, rows // len(QUESTIONS))
    for s in range(students):
        for q in QUESTIONS:
            pool = answers[q]
            weights = [1 / (rank + 1) ** 1.5 for rank in range(len(pool))]
            answer = rng.choices(pool, weights)[0]
            if rng.random() < 0.3:
                answer = rng.choice(COSMETIC)(answer)
            out.append((f"student{s:04d}", q, answer))
    return out[:rows]


def distinct_answers() -> list[tuple[str, str, str]]:
    """Every labelled answer that differs from the others after normalisation (no cache hit among them)."""
    from symcheck.grade.normalize import normalize_answer
    seen, out = set(), []
    for question, texts in labelled().items():
        for text in texts:
            if (question, normalize_answer(text)) not in seen:
                seen.add((question, normalize_answer(text)))
                out.append((f"t{len(out):03d}", question, text))
    return out


def write_csv(path: Path, rows) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "question", "answer"])
        writer.writerows(rows)
    return path


def cpu_seconds(client=None) -> float:
    """CPU time used so far by this process and its finished children, plus the Dask workers' process trees."""
    times = os.times()
    total = times.user + times.system + times.children_user + times.children_system
    if client is not None:
        total += sum(client.run(_tree_cpu).values())
    return total


def _tree_cpu() -> float:
    """On a Dask worker: its CPU time and its descendants' (the grading service and its workers)."""
    import psutil
    me = psutil.Process()
    total = 0.0
    for process in [me, *me.children(recursive=True)]:
        try:
            t = process.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
        except psutil.Error:
            pass
    return total


def grade(tmp: Path, name: str, answers: Path, fresh: bool = True, client=None, **options):
    """(report, wall seconds, CPU seconds of every process involved) for one grading run."""
    from symcheck.grade import grade_file
    db = tmp / f"{name}.sqlite"
    for stale in tmp.glob(f"{name}.sqlite*") if fresh else ():
        stale.unlink()
    cpu, start = cpu_seconds(client), time.perf_counter()
    report = grade_file(HERE / "questions.ref", answers, db, **options)
    return report, time.perf_counter() - start, cpu_seconds(client) - cpu


def line(label: str, report, wall: float, cores: int, cpu: float) -> str:
    per = wall * cores / report.checks if report.checks else 0.0
    return (f"  {label:<26} {wall:6.2f} s  {report.graded / wall:7.1f} rows/s  {report.checks / wall:6.1f} checks/s  "
            f"{1000 * per:6.1f} ms/check per core (CPU {1000 * cpu / max(1, report.checks):.1f} ms)")


def math_verify(rows) -> tuple[float, float, int] | None:
    """(wall, CPU seconds, answers) for math-verify on the same answers in one process, or None if absent."""
    try:
        from math_verify import parse, verify
    except ImportError:
        return None
    from symcheck.grade import read_reference
    refs = {q: spec.answer for q, spec in read_reference(HERE / "questions.ref").items()}

    def prepare(text: str) -> str:  # its parser reads ^T but not ^\top
        return "$" + text.replace(r"\top", "T") + "$"
    verify(parse("$x$"), parse("$x$"))  # its imports and first-call set-up, outside the timing
    wall, cpu = time.perf_counter(), time.process_time()
    for _, question, text in rows:
        try:
            verify(parse(prepare(refs[question])), parse(prepare(text)))
        except Exception:  # noqa: BLE001 - a failure to decide is a rejection
            pass
    return time.perf_counter() - wall, time.process_time() - cpu, len(rows)


def overheads(jobs: int, client=None, tasks: int = 200) -> list[str]:
    """Per-task round trips of an empty task: warm pool, fork per task, Dask + grading service."""
    from symcheck.worker import WarmPool, run_many
    out = []
    with WarmPool(_empty, jobs=jobs, timeout=30) as pool:
        list(pool.run([()] * 10))
        start = time.perf_counter()
        list(pool.run([()] * tasks))
        out.append(f"  warm local worker:         {1000 * (time.perf_counter() - start) * jobs / tasks:6.2f} ms per task "
                   f"per core")
    start = time.perf_counter()
    list(run_many([(_empty, ())] * tasks, jobs=jobs, timeout=30))
    out.append(f"  fork per task (before):    {1000 * (time.perf_counter() - start) * jobs / tasks:6.2f} ms per task "
               f"per core")
    if client is not None:
        from symcheck.cluster import run_requests
        empty = {"kind": "grade", "timeout": 5, "questions": {}, "answers": []}
        list(run_requests(client, [empty] * 20))
        start = time.perf_counter()
        list(run_requests(client, [empty] * tasks))
        threads = sum(client.nthreads().values())
        out.append(f"  Dask task + service:       {1000 * (time.perf_counter() - start) * threads / tasks:6.2f} ms per "
                   f"task per worker (a task carries up to 16 answers)")
    return out


def _empty():
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="Dask workers of the local cluster")
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--no-math-verify", action="store_true")
    args = parser.parse_args()
    t0 = time.perf_counter()
    from symcheck.grade.check import warm_up
    import_seconds = time.perf_counter() - t0
    warm_up()
    distinct, klass = distinct_answers(), make_class(args.rows, args.seed)
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        distinct_csv, class_csv = write_csv(tmp / "distinct.csv", distinct), write_csv(tmp / "class.csv", klass)
        print(f"\ndistinct answers: {len(distinct)} (labelled set, no two alike after normalisation)")
        report, wall, cpu = grade(tmp, "d-local", distinct_csv, jobs=args.jobs, timeout=args.timeout)
        print(line(f"local --jobs {args.jobs}", report, wall, args.jobs, cpu))
        figures = {"local": (wall * args.jobs / report.checks, cpu / report.checks)}
        cluster = client = None
        if not args.no_dask:
            try:
                import distributed

                from symcheck.cluster import local_cluster
            except ImportError:
                print("  (Dask not installed: pip install -e \".[dask]\")")
            else:
                start = time.perf_counter()
                cluster = local_cluster(args.workers)   # what --scheduler local:N starts
                client = distributed.Client(cluster)
                started = time.perf_counter() - start
                report, wall, cpu = grade(tmp, "d-dask-cold", distinct_csv, client=client, timeout=args.timeout,
                                          scheduler=cluster.scheduler_address)
                print(line(f"local:{args.workers} first run", report, wall, args.workers, cpu) +
                      f"\n  {'':26} (cluster start {started:.1f} s apart; the first run starts the grading services)")
                report, wall, cpu = grade(tmp, "d-dask", distinct_csv, client=client, timeout=args.timeout,
                                          scheduler=cluster.scheduler_address)
                print(line(f"local:{args.workers} warm", report, wall, args.workers, cpu))
                figures["dask"] = (wall * args.workers / report.checks, cpu / report.checks)
        if not args.no_math_verify:
            mv = math_verify(distinct)
            if mv is None:
                print("  (math-verify not installed: pip install -e \".[bench]\")")
            else:
                wall, cpu, n = mv
                print(f"  {'math-verify, one process':<26} {wall:6.2f} s  {n / wall:7.1f} rows/s  "
                      f"{' ' * 16}{1000 * wall / n:6.1f} ms/check per core (CPU {1000 * cpu / n:.1f} ms)")
                for name, (per_core, per_cpu) in figures.items():
                    where = f"local --jobs {args.jobs}" if name == "local" else f"local:{args.workers}"
                    print(f"  per core, a distinct answer costs symcheck ({where}) {per_core / (wall / n):.2f}x "
                          f"math-verify's wall time, {per_cpu / (cpu / n):.2f}x its CPU time")
        merged = len({(q, a) for _, q, a in klass})
        print(f"\nrealistic class: {len(klass)} rows, {merged} distinct texts")
        report, wall, cpu = grade(tmp, "c-local", class_csv, jobs=args.jobs, timeout=args.timeout)
        print(line(f"local --jobs {args.jobs}", report, wall, args.jobs, cpu))
        if cluster is not None:
            report, wall, cpu = grade(tmp, "c-dask", class_csv, client=client, timeout=args.timeout,
                                      scheduler=cluster.scheduler_address)
            print(line(f"local:{args.workers}", report, wall, args.workers, cpu))
        resume, wall, _ = grade(tmp, "c-local", class_csv, fresh=False, jobs=args.jobs, timeout=args.timeout)
        print(f"  resume of a finished run: {wall:.2f} s ({resume.graded} rows graded)")
        print("\nper-task overhead (an empty task):")
        for text in overheads(args.jobs, client):
            print(text)
        if cluster is not None:
            client.close()
            cluster.close()
        small = write_csv(tmp / "one.csv", [("s", "ridge", "X^T y")])
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "symcheck", "grade", str(HERE / "questions.ref"), str(small), "--db",
                        str(tmp / "cold.sqlite"), "--no-progress"], check=True, capture_output=True)
        cold = time.perf_counter() - start
    print(f"\nimport of symcheck.grade.check in this process: {import_seconds:.2f} s; cold `symcheck grade` of a "
          f"one-row file (interpreter + imports + run): {cold:.2f} s")


if __name__ == "__main__":
    main()
