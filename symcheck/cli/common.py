"""What every subcommand shares: exit codes, usage errors, argument types, the progress bar."""
from __future__ import annotations

import argparse
import os
import sys


EXIT_OK, EXIT_NOT_OK, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """Bad input from the command line: reported in one line, exit status 2."""


def positive_float(text: str) -> float:
    """An argparse type: a number of seconds greater than 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds")
    if not value > 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def values_may_start_with_a_minus(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """argv rewritten so that formulas starting with '-' are values, not options (argparse's rule).

    An option that takes a value is joined to the next token (`--ref -b/w` -> `--ref=-b/w`);
    any other token starting with '-' that is no option of `parser` (nor a prefix of one)
    is a positional value, passed after `--`. Tokens after a `--` are left as they are.
    """
    takes_value = {name: action.nargs != 0 for action in parser._actions for name in action.option_strings}

    def option(token: str) -> str | None:
        """The option `token` names (a unique prefix expanded), '' if it is ambiguous, None if it is none."""
        name = token.split("=", 1)[0]
        if name in takes_value:
            return name
        matches = [known for known in takes_value if name.startswith("--") and known.startswith(name)]
        return matches[0] if len(matches) == 1 else ("" if matches else None)

    options, values = [], []
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--":
            values.extend(argv[i + 1:])
            break
        name = option(token) if token.startswith("-") and token != "-" else None
        if name is None:
            (values if token.startswith("-") and token != "-" else options).append(token)
        elif name and "=" not in token and takes_value[name] and i + 1 < len(argv):
            options.append(f"{name}={argv[i + 1]}")
            i += 1
        else:
            options.append(token)
        i += 1
    return options + (["--", *values] if values else [])


def default_jobs() -> int:
    """Workers by default: 2, or fewer on a machine with fewer cores."""
    return min(2, os.cpu_count() or 1)


def require_paths(paths: list[str]) -> None:
    """A usage error naming every path that does not exist."""
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")


class NoProgress:
    """What `progress_display` gives when nothing is drawn: a context manager whose `update` does nothing."""

    def __enter__(self) -> "NoProgress":
        return self

    def __exit__(self, *exc) -> None:
        return None

    def update(self, done: int, total: int, label: str = "") -> None:
        """Draw nothing."""


def progress_display(enabled: bool, unit: str):
    """A progress bar on stderr (rich: count, rate, ETA; erased when done), or NoProgress when not `enabled`.

    Use as `with progress_display(...) as progress: ... progress.update(done, total, label)`.
    """
    if not enabled:
        return NoProgress()
    from ..report.terminal import ProgressDisplay

    return ProgressDisplay(sys.stderr, unit=unit)
