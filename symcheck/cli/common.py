"""What every subcommand shares: exit codes, usage errors, argument types, the progress line."""
from __future__ import annotations

import argparse
import os
import sys

from ..safe_text import printable

EXIT_OK, EXIT_NOT_OK, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """Bad input from the command line: reported in one line, exit status 2."""


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds")
    if not value > 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def default_jobs() -> int:
    return min(2, os.cpu_count() or 1)


def require_paths(paths: list[str]) -> None:
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")


def progress_line(enabled: bool):
    """A callback `(label, done, total)` drawing one self-erasing line on stderr, or None."""
    if not enabled:
        return None

    def show(label: str, done: int, total: int) -> None:
        sys.stderr.write(f"\r\033[K[{done}/{total}] {printable(label, one_line=True)[:90]}")
        if done == total:
            sys.stderr.write("\r\033[K")
        sys.stderr.flush()
    return show
