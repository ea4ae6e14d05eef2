"""The `symcheck` command: a thin layer that parses arguments, calls the library and renders reports.

Each subcommand lives in its own module here, with `add_arguments(parser)` and
`run(args) -> int` (and optionally `prepare_argv(argv, parser) -> argv`, applied to
its arguments before parsing); `COMMANDS` lists them. Exit status (CONTRACT §3): 0 when every
result is ok, 1 when an expectation was not met or a file had an error, 2 for a
usage error.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from .. import __version__
from ..safe_text import printable
from .common import EXIT_USAGE, UsageError

# subcommand -> (module, one-line help). Rules as data: a new command is one line here and one module.
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("symcheck.cli.run", "decide every claim in claim files or folders"),
    "check-proof": ("symcheck.cli.proofs", "check certificate files with the independent checker"),
    "explain": ("symcheck.cli.proofs", "show the proof of one claim as steps"),
    "check": ("symcheck.cli.check", "check one student answer against a reference answer"),
    "grade": ("symcheck.cli.grade", "grade a file of student answers into a SQLite store"),
    "verify": ("symcheck.cli.verify", "check every step of a written derivation (Markdown/LaTeX)"),
    "autograde": ("symcheck.cli.autograde", "grade one Gradescope submission into results.json"),
    "serve": ("symcheck.cli.serve", "a local web page: check derivations and answers, grade a class"),
}


def build_parser(commands: list[str] | None = None) -> argparse.ArgumentParser:
    """The `symcheck` parser; only the subcommands in `commands` (default: all) get their arguments.

    Each subcommand's module is imported only when its arguments are added, so `symcheck --help`
    and `symcheck COMMAND ...` import nothing of the other commands (a fast start).
    """
    parser = argparse.ArgumentParser(
        prog="symcheck", description="Prove matrix-calculus claims for every dimension, or refute them exactly.")
    parser.add_argument("--version", action="version", version=f"symcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    parser.commands = {}
    for name, (module, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        if commands is None or name in commands:
            importlib.import_module(module).add_arguments(command)
        parser.commands[name] = command
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the `symcheck` command with `argv` (default: the process's arguments); returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser([argv[0]] if argv and argv[0] in COMMANDS else [])
    if argv and argv[0] in COMMANDS:
        prepare = getattr(importlib.import_module(COMMANDS[argv[0]][0]), "prepare_argv", None)
        if prepare is not None:
            argv = [argv[0], *prepare(argv[1:], parser.commands[argv[0]])]
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return importlib.import_module(COMMANDS[args.command][0]).run(args)
    except UsageError as exc:
        sys.stderr.write(f"symcheck {args.command}: error: {printable(exc)}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        return 130
