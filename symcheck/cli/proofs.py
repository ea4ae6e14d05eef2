"""`symcheck check-proof CERT [CERT ...]` and `symcheck explain CLAIMFILE::NAME` (or `--name NAME`).

check-proof reads certificate files written by `symcheck run --certificates DIR`,
rebuilds each claim from its srepr text with the safe reader (the claim file is
not imported) and runs the independent checker: exit 0 when every certificate is
accepted, 1 otherwise. explain decides one claim and prints its proof as steps.
"""
from __future__ import annotations

import json
import sys

from ..certify.checker import check_certificate
from ..certify.srepr_reader import UnsafeSrepr
from ..certify.store import claim_from_json, read_document
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
        sys.stdout.write(f"{verdict:<9} {path}" + (f"  ({name})" if name else "") +
                         ("" if verdict == "accepted" else f"\n    {reason}") + "\n")
        if result is not None and args.verbose:
            for line in result.checked:
                sys.stdout.write(f"    checked: {line}\n")
            for line in result.trusted:
                sys.stdout.write(f"    trusted: {line}\n")
            sys.stdout.write(f"    {result.seconds * 1000:.1f} ms\n")
    return EXIT_OK if all_ok else EXIT_NOT_OK


def add_explain_arguments(parser) -> None:
    parser.add_argument("target", metavar="CLAIMFILE[::NAME]", help="a claim file, optionally ::NAME")
    parser.add_argument("--name", help="the claim's name (instead of ::NAME)")
    parser.add_argument("--timeout", type=positive_float, default=10.0, metavar="SECONDS")


def run_explain(args) -> int:
    from ..certify.explain import explain
    from ..engine import decide_claim
    from ..loader import load_claim_file

    path, _, name = args.target.partition("::")
    name = args.name or name
    require_paths([path])
    claim_file = load_claim_file(path)
    if claim_file.error:
        raise UsageError(f"{path}: {claim_file.error.message}")
    matches = [c for c in claim_file.claims if c.name == name] if name else claim_file.claims[:1]
    if not matches:
        raise UsageError(f"no claim named {name!r} in {path}")
    claim = matches[0]
    verdict = decide_claim(claim, args.timeout)
    sys.stdout.write(f"{claim.name}: {verdict.status} ({verdict.method})\n")
    if verdict.status != "proved":
        sys.stdout.write(f"  {verdict.detail}\n")
        return EXIT_NOT_OK
    for line in explain(verdict.certificate, claim):
        sys.stdout.write(f"  {line}\n")
    result = check_certificate(verdict.certificate, claim)
    sys.stdout.write(f"  Independent checker: {'accepted' if result.accepted else 'REJECTED: ' + result.reason}\n")
    return EXIT_OK if result.accepted else EXIT_NOT_OK


# Both subcommands live here; the command table names this module for each, and the
# subcommand's name (the parser's prog, args.command) picks the pair of functions.
SUBCOMMANDS = {"check-proof": (add_check_arguments, run_check), "explain": (add_explain_arguments, run_explain)}


def add_arguments(parser) -> None:
    SUBCOMMANDS[parser.prog.split()[-1]][0](parser)


def run(args) -> int:
    return SUBCOMMANDS[args.command][1](args)
