"""`symcheck run [PATH ...] [--json] [--timeout S] [--jobs N] [--scheduler ADDRESS] [-k TEXT]` (CONTRACT §3).

`-k TEXT` decides only the claims whose name contains TEXT (ignoring case), as pytest's `-k` picks tests by a
part of their name; a run in which no claim matches is a usage error.

Exit status: 0 when every result is ok or a known gap (an expected failure, listed in the
KNOWN_GAPS.txt of its claim file's folder: symcheck.known_gaps); 1 when an expectation was
not met or a file did not import; 2 for a usage error; 130 when interrupted. A known gap
that is now decided is named on stderr (XPASS), as is a list entry that names no claim.
"""
from __future__ import annotations

import sys

from ..cluster import ClusterError
from ..report import json_report, text
from ..known_gaps import stale_entries, xpass_message
from ..runner import FILE_RESULT_NAME, mark_known_gaps, run_suite, summarize
from ..safe_text import printable
from .common import (EXIT_INTERRUPTED, EXIT_NOT_OK, EXIT_OK, UsageError, default_jobs, positive_float,
                     positive_int, progress_display, require_paths)


def add_arguments(parser) -> None:
    """The options of `symcheck run` (CONTRACT §3, and ours)."""
    parser.add_argument("paths", nargs="*", metavar="PATH", help="claim files or folders (default: claims/)")
    parser.add_argument("--json", action="store_true", help="print exactly one JSON document on stdout")
    parser.add_argument("--timeout", type=positive_float, default=10.0, metavar="SECONDS",
                        help="time limit per claim (default 10); past it the claim is unknown")
    parser.add_argument("--jobs", type=positive_int, default=default_jobs(), metavar="N",
                        help="claims decided in parallel (default: 2 or the number of cores)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="decide the claim files on a Dask cluster: tcp://HOST:8786, or local:N for N local "
                             "worker processes (needs pip install \"symcheck[dask]\"; see docs/scale.md)")
    parser.add_argument("--verbose", "-v", action="store_true", help="show the detail of every result")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    parser.add_argument("--certificates", metavar="DIR",
                        help="write a certificate file (JSON) for every proved claim into DIR")
    parser.add_argument("-k", dest="name_contains", metavar="TEXT",
                        help="decide only the claims whose name contains TEXT (ignoring case)")


def run(args) -> int:
    """Decide every claim under the paths, print the report; the exit status of CONTRACT §3."""
    paths = args.paths or ["claims"]
    require_paths(paths)
    if args.name_contains is not None and args.scheduler:
        raise UsageError("-k is not available with --scheduler yet: a Dask run decides every claim of each file")
    collected = []
    progress = progress_display(sys.stderr.isatty() and not args.no_progress, "claims")

    def on_result(result, done, total):
        collected.append(result)
        progress.update(done, total, f"{result.status:<8} {result.file}::{result.name}")

    try:
        with progress:
            results = run_suite(paths, timeout=args.timeout, jobs=args.jobs, on_result=on_result,
                                with_claim_data=bool(args.certificates), scheduler=args.scheduler,
                                name_contains=args.name_contains)
        interrupted = False
    except ClusterError as exc:
        raise UsageError(str(exc)) from None
    except KeyboardInterrupt:
        sys.stderr.write(f"\ninterrupted: {len(collected)} claims decided; their results follow\n")
        results, interrupted = collected, True
    if args.name_contains is not None and not results and not interrupted:
        raise UsageError(f"no claim name under {' '.join(paths)} contains {args.name_contains!r}")
    mark_known_gaps(results)
    summary = summarize(results)
    if args.json:
        sys.stdout.write(json_report.dumps(results, summary) + "\n")
    else:
        text.write_report(results, summary, sys.stdout, verbose=args.verbose)
    if args.certificates:
        from ..certify.store import write_certificates
        try:
            written = write_certificates(results, args.certificates, claims={})  # claims come from the workers
        except OSError as exc:
            raise UsageError(f"cannot write certificates to {args.certificates}: {exc.strerror or exc}") from None
        sys.stderr.write(f"{len(written)} certificate file(s) written to {args.certificates}\n")
    _shout_about_known_gaps(results, complete=not interrupted and args.name_contains is None)
    if interrupted:
        return EXIT_INTERRUPTED
    file_errors = any(r.name == FILE_RESULT_NAME for r in results)
    failures = summary["not_ok"] - summary["known_gap"]  # a known gap is an expected failure
    return EXIT_OK if failures == 0 and not file_errors else EXIT_NOT_OK


def _shout_about_known_gaps(results, complete: bool) -> None:
    """On stderr: every known gap that is now decided (XPASS), and entries that name no claim of the run."""
    for result in results:
        if result.known_gap is not None and result.ok:
            sys.stderr.write(printable(xpass_message(result.known_gap), one_line=True) + "\n")
    if complete:
        for message in stale_entries(results):
            sys.stderr.write(f"warning: {printable(message, one_line=True)}\n")
