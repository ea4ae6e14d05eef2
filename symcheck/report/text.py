"""The readable terminal report of `symcheck run`.

Names, details, sources and file names come from claim files: every piece is passed
through `safe_text.printable` so no control character reaches the terminal.
"""
from __future__ import annotations

import sys
from typing import TextIO

from ..safe_text import printable

MARKS = {True: "✓", False: "✗"}
ASCII_MARKS = {True: "ok", False: "XX"}


def _marks(stream: TextIO) -> dict:
    encoding = (getattr(stream, "encoding", None) or "").lower()
    return MARKS if "utf" in encoding else ASCII_MARKS


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def format_result(result, marks: dict = MARKS, verbose: bool = False) -> str:
    mark = marks[result.ok]
    expected = "" if result.ok else f"   (expected {printable(result.expect, one_line=True)})"
    head = f"  {mark} {result.status:<8} {printable(result.name, one_line=True)}{expected}"
    tail = f"  [{printable(result.method, one_line=True)}, {result.seconds:.3f}s]" if result.method else ""
    lines = [head + tail]
    if result.counterexample is not None:
        lines.append(_indent("counterexample: " + printable(result.counterexample.describe()), "      "))
    if result.detail and (verbose or not result.ok or result.status in ("unknown", "error")):
        lines.append(_indent(printable(result.detail), "      "))
    if not result.ok and result.source:
        lines.append(f"      source: {printable(result.source, one_line=True)}")
    return "\n".join(lines)


def format_summary(summary: dict) -> str:
    return (f"{summary['proved']} proved, {summary['refuted']} refuted, {summary['unknown']} unknown, "
            f"{summary['error']} error; {summary['ok']} ok, {summary['not_ok']} not ok")


def write_report(results, summary: dict, stream: TextIO = sys.stdout, verbose: bool = False) -> None:
    marks = _marks(stream)
    current = None
    for result in results:
        if result.file != current:
            current = result.file
            stream.write(f"\n{printable(current, one_line=True)}\n")
        stream.write(format_result(result, marks, verbose) + "\n")
    stream.write("\n" + format_summary(summary) + "\n")
