"""`symcheck autograde --ref hw.ref [--submission DIR] [--results FILE]`: Gradescope's autograder contract.

Reads the student's answers from the submission folder (default /autograder/submission),
grades every question of the reference file, and writes results.json (default
/autograder/results/results.json) in Gradescope's format. Exit status: 0 when the
results were written; 2 when the reference file (or a question in it) cannot be used,
or the results cannot be written; 1 for an internal error (a results file says so). The student's submission never changes the exit
status: whatever it holds, it gets a results file. See docs/gradescope.md.
"""
from __future__ import annotations

import sys
import traceback

from ..grade.autograde import DEFAULT_BUDGET, DEFAULT_TIMEOUT
from ..grade.gradescope import RESULTS_FILE, SUBMISSION_DIR, autograde, failure_results, write_results
from .common import EXIT_NOT_OK, UsageError, positive_float


def add_arguments(parser) -> None:
    """The options of `symcheck autograde`."""
    parser.add_argument("--ref", required=True, metavar="FILE", help="the reference file (points, visibility)")
    parser.add_argument("--submission", default=SUBMISSION_DIR, metavar="PATH",
                        help=f"the student's submission: a folder or one file (default {SUBMISSION_DIR})")
    parser.add_argument("--results", default=RESULTS_FILE, metavar="FILE",
                        help=f"where to write results.json (default {RESULTS_FILE})")
    parser.add_argument("--timeout", type=positive_float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"wall-clock limit per answer (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--time-budget", type=positive_float, default=DEFAULT_BUDGET, metavar="SECONDS",
                        help=f"for the whole submission; questions left after it are not graded "
                             f"(default {DEFAULT_BUDGET:g}, under Gradescope's default limit of 10 minutes)")
    parser.add_argument("--no-hints", action="store_true", help="do not look for the kind of mistake")


def run(args) -> int:
    """Grade one Gradescope submission into results.json; the exit status."""
    try:
        return autograde(args.ref, args.submission, args.results, timeout=args.timeout, budget=args.time_budget,
                         hints=not args.no_hints, log=sys.stdout)
    except OSError as exc:
        raise UsageError(f"cannot write {args.results}: {exc.strerror or exc}") from None
    except Exception:  # noqa: BLE001 - a bug of ours: the staff get the traceback on stdout, the student a valid file
        sys.stdout.write("symcheck autograde: internal error\n")
        traceback.print_exc(file=sys.stdout)
        try:
            write_results(args.results, failure_results("an internal error in symcheck"))
        except OSError:
            pass
        return EXIT_NOT_OK


__all__ = ["add_arguments", "run"]
