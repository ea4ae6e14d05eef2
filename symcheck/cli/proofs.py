"""`symcheck check-proof CERT [CERT ...]` and `symcheck explain CLAIMFILE::NAME` (or `--name NAME`).

check-proof reads certificate files written by `symcheck run --certificates DIR`,
rebuilds each claim from its srepr text with the safe reader (the claim file is
not imported) and runs the independent checker: exit 0 when every certificate is
accepted, 1 otherwise. explain decides one claim and prints its proof as steps; the
claim file is imported and the claim decided in a worker (symcheck.runner), never here.
"""
from __future__ import annotations

import json
import sys

from ..certify.checker import check_certificate
from ..certify.srepr_reader import UnsafeSrepr
from ..certify.store import claim_from_json, read_document
from ..safe_text import printable
from .common import EXIT_NOT_OK, EXIT_OK, UsageError, positive_float, require_paths


def add_check_arguments(parser) -> None:
    parser.add_argument("certs", nargs="+", metavar="CERT", help="certificate files (JSON) to check")
    parser.add_argument("--verbose", "-v", action="store_true", help="list what was checked and what is trusted")


def run_check(args) -> int:
    require_paths(args.certs)
    all_ok = True
    for path in args.certs:
        try:
            doc = read_document(path)
            claim = claim_from_json(doc["claim"], doc.get("name", ""))
            result = check_certificate(doc["certificate"], claim)
            verdict, reason = ("accepted" if result.accepted else "REJECTED"), result.reason
        except (ValueError, KeyError, UnsafeSrepr, json.JSONDecodeError) as exc:
            result, verdict, reason = None, "REJECTED", f"unreadable: {exc}"
        all_ok = all_ok and verdict == "accepted"
        name = doc.get("name", "") if result is not None else ""
        sys.stdout.write(printable(f"{verdict:<9} {path}" + (f"  ({name})" if name else "") +
                                   ("" if verdict == "accepted" else f"\n    {reason}")) + "\n")
        if result is not None and args.verbose:
            for line in result.checked:
                sys.stdout.write(printable(f"    checked: {line}") + "\n")
            for line in result.trusted:
                sys.stdout.write(printable(f"    trusted: {line}") + "\n")
            sys.stdout.write(f"    {result.seconds * 1000:.1f} ms\n")
    return EXIT_OK if all_ok else EXIT_NOT_OK


def add_explain_arguments(parser) -> None:
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
    SUBCOMMANDS[parser.prog.split()[-1]][0](parser)


def run(args) -> int:
    return SUBCOMMANDS[args.command][1](args)
