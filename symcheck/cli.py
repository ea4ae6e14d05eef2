"""The `symcheck` command: a thin layer that parses arguments, calls the library and renders reports.

Exit status (CONTRACT §3): 0 when every result is ok, 1 when an expectation was
not met or a file had an error, 2 for a usage error.
"""
from __future__ import annotations

import argparse
import os
import sys

from . import __version__

EXIT_OK, EXIT_NOT_OK, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    pass


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds")
    if not value > 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="symcheck", description="Prove matrix-calculus claims for every dimension, or refute them exactly.")
    parser.add_argument("--version", action="version", version=f"symcheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help="decide every claim in claim files or folders")
    run.add_argument("paths", nargs="*", metavar="PATH", help="claim files or folders (default: claims/)")
    run.add_argument("--json", action="store_true", help="print exactly one JSON document on stdout")
    run.add_argument("--timeout", type=_positive_float, default=10.0, metavar="SECONDS",
                     help="time limit per claim (default 10); past it the claim is unknown")
    run.add_argument("--jobs", type=_positive_int, default=min(2, os.cpu_count() or 1), metavar="N",
                     help="claims decided in parallel (default: 2 or the number of cores)")
    run.add_argument("--verbose", "-v", action="store_true", help="show the detail of every result")
    run.add_argument("--no-progress", action="store_true", help="no progress line on stderr")
    return parser


def _progress(enabled: bool):
    if not enabled:
        return None

    def show(result, done: int, total: int) -> None:
        label = f"{result.file}::{result.name}"
        sys.stderr.write(f"\r\033[K[{done}/{total}] {result.status:<8} {label[:70]}")
        if done == total:
            sys.stderr.write("\r\033[K")
        sys.stderr.flush()
    return show


def cmd_run(args) -> int:
    from .report import json_report, text
    from .runner import FILE_RESULT_NAME, run_suite, summarize

    paths = args.paths or ["claims"]
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    collected = []

    def on_result(result, done, total):
        collected.append(result)
        if progress:
            progress(result, done, total)

    progress = _progress(sys.stderr.isatty() and not args.no_progress)
    try:
        results = run_suite(paths, timeout=args.timeout, jobs=args.jobs, on_result=on_result)
    except KeyboardInterrupt:
        sys.stderr.write(f"\ninterrupted: {len(collected)} claims decided; their results follow\n")
        results = collected
        interrupted = True
    else:
        interrupted = False
    summary = summarize(results)
    if args.json:
        sys.stdout.write(json_report.dumps(results, summary) + "\n")
    else:
        text.write_report(results, summary, sys.stdout, verbose=args.verbose)
    if interrupted:
        return EXIT_INTERRUPTED
    file_errors = any(r.name == FILE_RESULT_NAME for r in results)
    return EXIT_OK if summary["not_ok"] == 0 and not file_errors else EXIT_NOT_OK


COMMANDS = {"run": cmd_run}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except UsageError as exc:
        sys.stderr.write(f"symcheck {args.command}: error: {exc}\n")
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
