"""`symcheck grade REF ANSWERS --db grades.sqlite [--jobs N] [--export-csv F] [--export-html F]`.

Grades every row of a CSV/JSONL answers file into a SQLite store, resuming where an
earlier run stopped; prints the per-question summary (a table, coloured on a terminal). A
progress bar (rich: count, rate, ETA) is drawn on stderr when it is a terminal (or with
--progress, then without colour when stderr is not a terminal).

With --scheduler the checks run on a Dask cluster (symcheck.cluster); this process still
writes the store alone.

Exit status: 0 when every row has a verdict (whatever the verdicts are); 1 when some rows
were left without one (a cluster that could not check them; run again to grade them); 2 for usage
errors (missing files, a bad reference or header, a file that is not UTF-8 or the
--encoding given); 75 when another `symcheck grade` is grading into the same --db (this
run refuses to start; --wait waits for it instead); 130 when interrupted (resume by
running the same command again).
"""
from __future__ import annotations

import contextlib
import sys

from ..cluster import ClusterError
from ..grade import export_csv, export_html, grade_file, summary, write_summary
from ..grade.check import DEFAULT_TIMEOUT
from ..grade.document import grade_document
from ..grade.reference import ReferenceError
from ..grade.store import Store, StoreBusy
from ..report.terminal import ProgressDisplay
from ..safe_text import json_text, printable
from .common import (EXIT_INTERRUPTED, EXIT_NOT_OK, EXIT_OK, UsageError, default_jobs, positive_float,
                     positive_int, require_paths)

EXIT_BUSY = 75  # EX_TEMPFAIL: another grade run holds the database; try again later


def add_arguments(parser) -> None:
    """The options of `symcheck grade`."""
    parser.add_argument("reference", metavar="REF", help="reference file (questions, declarations, answers)")
    parser.add_argument("answers", metavar="ANSWERS", help="answers file: .csv or .jsonl with student, question, answer")
    parser.add_argument("--db", default="grades.sqlite", metavar="FILE", help="SQLite store (default grades.sqlite)")
    parser.add_argument("--jobs", type=positive_int, default=default_jobs(), metavar="N", help="worker processes")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="check the answers on a Dask cluster: tcp://HOST:8786, or local:N for N local worker "
                             "processes (needs pip install \"symcheck[dask]\"; see docs/scale.md)")
    parser.add_argument("--timeout", type=positive_float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"wall-clock limit per distinct answer (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--export-csv", metavar="FILE", help="write every graded row to a CSV file")
    parser.add_argument("--export-html", metavar="FILE", help="write a self-contained HTML report")
    parser.add_argument("--regrade", action="store_true", help="grade every row again (the cache is kept)")
    parser.add_argument("--encoding", default="utf-8", metavar="NAME",
                        help="encoding of the answers file (default utf-8; e.g. cp1252, latin-1)")
    parser.add_argument("--wait", action="store_true",
                        help="if another symcheck grade is using --db, wait for it (default: refuse, exit 75)")
    parser.add_argument("--json", action="store_true", help="print the run report and summary as JSON")
    bar = parser.add_mutually_exclusive_group()
    bar.add_argument("--progress", action="store_true", default=None, help="always draw the progress bar")
    bar.add_argument("--no-progress", action="store_false", dest="progress", help="never draw it")


def run(args) -> int:
    """Grade the answers file into the store, write the exports, print the summary; the exit status."""
    require_paths([args.reference, args.answers])
    show = sys.stderr.isatty() if args.progress is None else args.progress
    display = ProgressDisplay(sys.stderr, unit="answers", transient=False, force=bool(args.progress)) if show \
        else contextlib.nullcontext()
    try:
        with display:
            report = grade_file(args.reference, args.answers, args.db, jobs=args.jobs, timeout=args.timeout,
                                progress=display.update if show else None, regrade=args.regrade,
                                encoding=args.encoding, wait=args.wait,
                                on_wait=lambda message: sys.stderr.write(printable(message) + "\n"),
                                scheduler=args.scheduler)
    except KeyboardInterrupt:
        sys.stderr.write(f"\ninterrupted: verdicts so far are in {args.db}; run the same command to resume\n")
        return EXIT_INTERRUPTED
    except StoreBusy as exc:
        sys.stderr.write(f"symcheck grade: {printable(exc)}\n")
        return EXIT_BUSY
    except (ReferenceError, ValueError, ClusterError) as exc:
        raise UsageError(str(exc)) from None
    for warning in report.warnings:
        sys.stderr.write(f"warning: {printable(warning)}\n")
    with Store(args.db) as store:
        results = store.results()
    table = summary(results)
    for path, export in ((args.export_csv, export_csv), (args.export_html, export_html)):
        if path:
            try:
                export(results, path)
            except OSError as exc:
                raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    if args.json:
        sys.stdout.write(json_text(grade_document(report, results)) + "\n")
    else:
        write_summary(table, sys.stdout)
        sys.stdout.write(f"{report.graded} rows graded in {report.seconds:.1f} s ({report.rate:.1f} answers/s; "
                         f"{report.checks} distinct answers checked, {report.from_cache} from the cache, "
                         f"{report.already} graded before)\n")
    return EXIT_NOT_OK if report.unchecked else EXIT_OK
