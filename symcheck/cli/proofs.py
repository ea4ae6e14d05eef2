"""`symcheck check-proof CERT [CERT ...]` and `symcheck explain CLAIMFILE::NAME` (or `--name NAME`).

check-proof reads certificate files written by `symcheck run --certificates DIR`,
rebuilds each claim from its srepr text with the safe reader (the claim file is
not imported) and runs the independent checker: exit 0 when every certificate is
accepted, 1 otherwise. Certificate files are untrusted input: each is read and
checked in its own worker under a time and memory limit, and whatever goes wrong
with one file (unreadable, too large, hostile, a crash, a timeout) is one line
`rejected: FILE: reason`; the next file is still checked.
explain decides one claim and prints its proof as steps; the claim file is imported
and the claim decided in a worker (symcheck.runner), never here.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field

from ..certify.checker import check_certificate
from ..certify.srepr_reader import UnsafeSrepr
from ..certify.store import CertificateFileError, claim_from_json, read_document
from ..safe_text import printable
from ..worker import Crashed, Done, TimedOut, run_many
from .common import EXIT_NOT_OK, EXIT_OK, UsageError, positive_float, positive_int, require_paths

CHECK_MEMORY_BYTES = 2 * 1024 ** 3   # per certificate file
DEFAULT_CHECK_TIMEOUT = 60.0         # seconds per certificate file
MAX_REASON = 400                     # characters of a rejection reason shown


@dataclass
class FileVerdict:
    """What the worker reports about one certificate file (plain data, sent back through a pipe)."""

    accepted: bool
    reason: str
    name: str = ""
    checked: list = field(default_factory=list)
    trusted: list = field(default_factory=list)
    seconds: float = 0.0


def check_file(path: str) -> FileVerdict:
    """Read one certificate file and check it; every failure becomes a rejection with its reason."""
    try:
        doc = read_document(path)
        name = doc.get("name", "")
        claim = claim_from_json(doc["claim"], name)
    except (CertificateFileError, UnsafeSrepr) as exc:
        return FileVerdict(False, f"unreadable: {exc}")
    result = check_certificate(doc["certificate"], claim)
    return FileVerdict(result.accepted, result.reason, name, list(result.checked), list(result.trusted),
                       result.seconds)


def one_line(text: str) -> str:
    """Text from a certificate file for the terminal: control characters and line breaks removed, shortened."""
    text = printable(text, one_line=True).strip()
    return text if len(text) <= MAX_REASON else text[:MAX_REASON - 3] + "..."


def _verdict(outcome, timeout: float) -> FileVerdict:
    if isinstance(outcome, Done):
        return outcome.value
    if isinstance(outcome, TimedOut):
        return FileVerdict(False, f"the checker found no answer within {timeout:g} s (--timeout)")
    assert isinstance(outcome, Crashed)
    first = (outcome.message.strip().splitlines() or ["no message"])[0]
    if first.startswith("worker died"):
        return FileVerdict(False, f"the checker's worker died on this file ({first})")
    if first == "ran out of memory":
        return FileVerdict(False, f"the checker ran out of memory on this file (limit {CHECK_MEMORY_BYTES >> 20} MiB)")
    return FileVerdict(False, f"the checker failed on this file: {first}")


def add_check_arguments(parser) -> None:
    """The options of `symcheck check-proof`."""
    parser.add_argument("certs", nargs="+", metavar="CERT", help="certificate files (JSON) to check")
    parser.add_argument("--verbose", "-v", action="store_true", help="list what was checked and what is trusted")
    parser.add_argument("--timeout", type=positive_float, default=DEFAULT_CHECK_TIMEOUT, metavar="SECONDS",
                        help=f"seconds per certificate file (default {DEFAULT_CHECK_TIMEOUT:g})")
    parser.add_argument("--jobs", "-j", type=positive_int, default=1, metavar="N",
                        help="files checked in parallel (default 1)")


def _report(path: str, verdict: FileVerdict, verbose: bool) -> None:
    shown = one_line(path)
    if verdict.accepted:
        sys.stdout.write(f"accepted  {shown}" + (f"  ({one_line(verdict.name)})" if verdict.name else "") + "\n")
    else:
        sys.stdout.write(f"rejected: {shown}: {one_line(verdict.reason)}\n")
    if verbose:
        for line in verdict.checked:
            sys.stdout.write(f"    checked: {one_line(line)}\n")
        for line in verdict.trusted:
            sys.stdout.write(f"    trusted: {one_line(line)}\n")
        if verdict.seconds:
            sys.stdout.write(f"    {verdict.seconds * 1000:.1f} ms\n")
    sys.stdout.flush()


def _warm_up() -> None:
    """Load what every worker would otherwise load again for each file (z3 for scalar certificates)."""
    try:
        import z3  # noqa: F401
    except ImportError:  # the scalar check says so itself when it needs it
        pass


def run_check(args) -> int:
    """Check every certificate file in a worker, print one line each in order; 0 when all are accepted."""
    _warm_up()
    all_ok = True
    paths = list(args.certs)
    tasks = [(check_file, (path,)) for path in paths]
    done: dict = {}
    shown = 0
    for index, outcome, _seconds in run_many(tasks, jobs=args.jobs, timeout=args.timeout,
                                             memory_bytes=CHECK_MEMORY_BYTES):
        done[index] = _verdict(outcome, args.timeout)
        while shown in done:  # in the order given, as soon as each is known
            verdict = done.pop(shown)
            all_ok = all_ok and verdict.accepted
            _report(paths[shown], verdict, args.verbose)
            shown += 1
    return EXIT_OK if all_ok else EXIT_NOT_OK


def add_explain_arguments(parser) -> None:
    """The options of `symcheck explain`."""
    parser.add_argument("target", metavar="CLAIMFILE[::NAME]", help="a claim file, optionally ::NAME")
    parser.add_argument("--name", help="the claim's name (instead of ::NAME)")
    parser.add_argument("--timeout", type=positive_float, default=10.0, metavar="SECONDS")


def explain_in_worker(claim_file, name: str, timeout: float) -> dict:
    """Inside a worker that imported the claim file: decide the claim and explain its proof (JSON)."""
    from ..certify.explain import explain
    from ..engine import decide_claim

    matches = [c for c in claim_file.claims if c.name == name] if name else claim_file.claims[:1]
    if not matches:
        return {"missing": True}
    claim = matches[0]
    verdict = decide_claim(claim, timeout)
    out = {"name": claim.name, "status": verdict.status, "method": verdict.method, "detail": verdict.detail}
    if verdict.status == "proved":
        out["steps"] = [str(line) for line in explain(verdict.certificate, claim)]
        result = check_certificate(verdict.certificate, claim)
        out["checker"] = "accepted" if result.accepted else "REJECTED: " + result.reason
    return out


def run_explain(args) -> int:
    """Decide one claim in a worker and print its proof as steps, with the checker's answer."""
    from ..runner import run_in_claim_file
    from ..worker import Done

    path, _, name = args.target.partition("::")
    name = args.name or name
    require_paths([path])
    info, outcome = run_in_claim_file(path, explain_in_worker, (name, args.timeout), timeout=args.timeout,
                                      task_timeout=3 * args.timeout + 5)
    if info.error is not None:
        raise UsageError(printable(info.error.detail))
    if not isinstance(outcome, Done) or not isinstance(outcome.value, dict):
        why = "it took longer than the time limit" if outcome is not None and not hasattr(outcome, "message") \
            else getattr(outcome, "message", "no answer").strip().splitlines()[0]
        raise UsageError(f"could not explain the claim: {printable(why)}")
    shown = outcome.value
    if shown.get("missing"):
        raise UsageError(f"no claim named {printable(name)!r} in {path}" if name else f"no claim in {path}")
    write = lambda text: sys.stdout.write(printable(text) + "\n")  # noqa: E731
    write(f"{shown.get('name')}: {shown.get('status')} ({shown.get('method')})")
    if shown.get("status") != "proved":
        write(f"  {shown.get('detail', '')}")
        return EXIT_NOT_OK
    for line in shown.get("steps", []):
        write(f"  {line}")
    write(f"  Independent checker: {shown.get('checker')}")
    return EXIT_OK if shown.get("checker") == "accepted" else EXIT_NOT_OK


# Both subcommands live here; the command table names this module for each, and the
# subcommand's name (the parser's prog, args.command) picks the pair of functions.
SUBCOMMANDS = {"check-proof": (add_check_arguments, run_check), "explain": (add_explain_arguments, run_explain)}


def add_arguments(parser) -> None:
    """The options of `check-proof` or `explain`, whichever subcommand the parser is for."""
    SUBCOMMANDS[parser.prog.split()[-1]][0](parser)


def run(args) -> int:
    """Run `check-proof` or `explain`, whichever was asked for."""
    return SUBCOMMANDS[args.command][1](args)
