"""`symcheck check --ref LATEX --declare "X: n×d, y: n, lambda>0" ANSWER [--json]`: one student answer.

A formula may start with a minus sign: `--ref -b/w ... -b/w` reads both as formulas
(`prepare_argv`), as does `--ref=-b/w`.

Exit status: 0 equivalent; 1 not equivalent, ill-typed, unknown or timeout (a verdict
that is not "correct"); 2 usage errors (including a reference that does not parse) and
answers that cannot be read as a formula (unparseable, rejected).
"""
from __future__ import annotations

import sys

from ..grade import check_answer, prepare_question, read_reference
from ..grade.verdict import EQUIVALENT, REJECTED, UNPARSEABLE
from ..safe_text import json_text, printable
from .common import EXIT_NOT_OK, EXIT_OK, EXIT_USAGE, UsageError, positive_float, values_may_start_with_a_minus

EXIT_OF = {EQUIVALENT: EXIT_OK, UNPARSEABLE: EXIT_USAGE, REJECTED: EXIT_USAGE}  # anything else: EXIT_NOT_OK


def add_arguments(parser) -> None:
    """The options of `symcheck check`."""
    parser.add_argument("answer", metavar="ANSWER", help="the student's answer in LaTeX ('-' reads it from stdin)")
    parser.add_argument("--ref", metavar="LATEX", help="the reference answer in LaTeX")
    parser.add_argument("--declare", action="append", default=[], metavar="DECLS",
                        help='declarations, e.g. "X: n×d, y: n, lambda>0" (repeatable)')
    parser.add_argument("--ref-file", metavar="FILE", help="take the reference from a reference file ...")
    parser.add_argument("--question", metavar="ID", help="... question ID of --ref-file")
    parser.add_argument("--layout", choices=("numerator", "denominator"), default="numerator")
    parser.add_argument("--timeout", type=positive_float, default=10.0, metavar="SECONDS",
                        help="wall-clock limit for the check (default 10)")
    parser.add_argument("--no-hints", action="store_true", help="do not look for the kind of mistake")
    parser.add_argument("--json", action="store_true", help="print exactly one JSON document on stdout")


def prepare_argv(argv: list[str], parser) -> list[str]:
    """Formulas may start with a minus: `--ref -b/w`, `--declare ...` and an ANSWER like `-b/w` are values."""
    return values_may_start_with_a_minus(argv, parser)


def _question(args):
    if args.ref_file:
        if args.ref:
            raise UsageError("give --ref or --ref-file, not both")
        specs = read_reference(args.ref_file)
        if args.question not in specs:
            raise UsageError(f"--question must be one of: {', '.join(specs)}")
        spec = specs[args.question]
        decls = "\n".join(spec.declarations + args.declare)
        return prepare_question(spec.answer, decls, spec.layout, spec.id)
    if not args.ref:
        raise UsageError("--ref LATEX (or --ref-file FILE --question ID) is required")
    return prepare_question(args.ref, "\n".join(args.declare), args.layout)


def run(args) -> int:
    """Check one answer against the reference and print the verdict; the exit status of the verdict."""
    try:
        question = _question(args)
    except UsageError:
        raise
    except Exception as exc:  # ParseError, IllTyped, ReferenceError: the TA's input, reported in one line
        raise UsageError(f"the reference cannot be used: {exc}") from None
    answer = sys.stdin.read() if args.answer == "-" else args.answer
    verdict = check_answer(question, answer, timeout=args.timeout, hints=not args.no_hints, one_shot=True)
    if args.json:
        sys.stdout.write(json_text(verdict.to_json()) + "\n")
    else:
        text = verdict.describe()
        if verdict.parsed:
            text += f"\nread as: {verdict.parsed}"
        sys.stdout.write(printable(text) + "\n")
    return EXIT_OF.get(verdict.status, EXIT_NOT_OK)
