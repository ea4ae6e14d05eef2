"""`symcheck verify FILE [--json] [--html OUT] [--show-parse] [--timeout S] [--jobs N]` (docs/verify.md).

Exit status: 0 when every step is proved (definitions and premises aside), 1 when a
step is wrong, unknown or unreadable, 2 for a usage error or unreadable declarations.
"""
from __future__ import annotations

import json
import sys

from ..report import derivation_html, derivation_text
from ..safe_text import printable
from ..verify import DEFAULT_TIMEOUT, HeaderError, verify_text
from .common import EXIT_INTERRUPTED, EXIT_NOT_OK, EXIT_OK, EXIT_USAGE, UsageError, default_jobs, positive_float, \
    positive_int, progress_display

MAX_FILE_BYTES = 2_000_000


def add_arguments(parser) -> None:
    """The options of `symcheck verify`."""
    parser.add_argument("file", metavar="FILE", help="a Markdown (.md) or LaTeX (.tex) derivation")
    parser.add_argument("--json", action="store_true", help="print exactly one JSON document on stdout")
    parser.add_argument("--html", metavar="OUT", help="also write a self-contained HTML report to OUT")
    parser.add_argument("--show-parse", action="store_true", help="echo how every formula was read")
    parser.add_argument("--timeout", type=positive_float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"time limit per step (default {DEFAULT_TIMEOUT:g}); past it the step is unknown")
    parser.add_argument("--jobs", type=positive_int, default=default_jobs(), metavar="N",
                        help="steps checked in parallel (default: 2 or the number of cores)")


def _read(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise UsageError(f"{path} is larger than {MAX_FILE_BYTES} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path} is not UTF-8 text (byte {exc.start})") from None


def run(args) -> int:
    """Check the derivation's steps, print the report (and write the page); exit 0, 1 or 2."""
    text = _read(args.file)
    progress = progress_display(sys.stderr.isatty() and not args.json, "steps")
    try:
        with progress:
            result = verify_text(text, args.file, timeout=args.timeout, jobs=args.jobs,
                                 on_step=lambda done, total: progress.update(done, total, "checking steps"))
    except HeaderError as exc:
        if args.json:
            sys.stdout.write(json.dumps(derivation_text.header_error_json(args.file, exc.error)) + "\n")
        sys.stderr.write(printable(f"{args.file}: declarations: {exc.error}") + "\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        return EXIT_INTERRUPTED
    if args.json:
        sys.stdout.write(derivation_text.dumps(result) + "\n")
    else:
        derivation_text.write_report(result, sys.stdout, show_parse=args.show_parse)
    if args.html:
        try:
            derivation_html.write_page(result, args.html)
        except OSError as exc:
            raise UsageError(f"cannot write {args.html}: {exc.strerror or exc}") from None
    return EXIT_OK if result.ok else EXIT_NOT_OK
