"""The readable terminal report of `symcheck run`.

Names, details, sources and file names come from claim files: every piece is passed
through `safe_text.printable` so no control character reaches the terminal. On a
terminal the marks are coloured (rich); piped, the report is plain text.

Marks: ✓ the expectation is met, ✗ it is not, x a known gap (not met, but listed in
KNOWN_GAPS.txt: an expected failure, like pytest's xfail). A known gap whose claim now
meets its expectation gets an `XPASS` line: remove it from the list.
"""
from __future__ import annotations

import sys
from typing import TextIO

from ..known_gaps import xpass_message
from ..safe_text import printable

MARKS = {True: "✓", False: "✗", "gap": "x"}
ASCII_MARKS = {True: "ok", False: "XX", "gap": "xf"}
MARK_STYLES = {True: "green", False: "bold red", "gap": "yellow"}


def _marks(stream: TextIO) -> dict:
    encoding = (getattr(stream, "encoding", None) or "").lower()
    return MARKS if "utf" in encoding else ASCII_MARKS


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def _outcome(result):
    """The key of the result's mark: True (met), False (not met) or "gap" (not met, a known gap)."""
    return "gap" if getattr(result, "expected_failure", False) else result.ok


def _parts(result, marks: dict, verbose: bool) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The result's first line as (text, style) pieces, and the lines under it as (text, style)."""
    outcome = _outcome(result)
    gap = getattr(result, "known_gap", None)
    if outcome == "gap":
        expected = (f"   (expected {printable(result.expect, one_line=True)}; "
                    f"known gap: {printable(gap.reason, one_line=True)})")
    else:
        expected = "" if result.ok else f"   (expected {printable(result.expect, one_line=True)})"
    tail = f"  [{printable(result.method, one_line=True)}, {result.seconds:.3f}s]" if result.method else ""
    head = [("  ", ""), (marks[outcome], MARK_STYLES[outcome]),
            (f" {result.status:<8} {printable(result.name, one_line=True)}", ""),
            (expected, "red" if outcome is False else ""), (tail, "dim")]
    lines = []
    if gap is not None and result.ok:
        lines.append(("      " + printable(xpass_message(gap), one_line=True), "bold yellow"))
    if result.counterexample is not None:
        lines.append((_indent("counterexample: " + printable(result.counterexample.describe()), "      "), ""))
    if result.detail and (verbose or not result.ok or result.status in ("unknown", "error")):
        lines.append((_indent(printable(result.detail), "      "), ""))
    if not result.ok and result.source:
        lines.append((f"      source: {printable(result.source, one_line=True)}", ""))
    return head, lines


def format_result(result, marks: dict = MARKS, verbose: bool = False) -> str:
    """The result as plain text: its mark, status, name and method, then the counterexample and the details."""
    head, lines = _parts(result, marks, verbose)
    return "\n".join(["".join(text for text, _ in head), *(text for text, _ in lines)])


def format_summary(summary: dict) -> str:
    """The last line: counts by status and by outcome (known gaps only when there are some)."""
    line = (f"{summary['proved']} proved, {summary['refuted']} refuted, {summary['unknown']} unknown, "
            f"{summary['error']} error; {summary['ok']} ok, {summary['not_ok']} not ok")
    if summary.get("known_gap"):
        line += f" ({summary['known_gap']} known gap{'s' if summary['known_gap'] != 1 else ''}, expected)"
    if summary.get("known_gap_passed"):
        count = summary["known_gap_passed"]
        line += f"; XPASS: {count} known gap{'s' if count != 1 else ''} now decided"
    return line


def write_report(results, summary: dict, stream: TextIO = sys.stdout, verbose: bool = False) -> None:
    """The whole report: results grouped by file, then the summary; coloured marks on a terminal."""
    from .terminal import colour_console

    console = colour_console(stream)
    marks = _marks(stream)
    current = None
    for result in results:
        if result.file != current:
            current = result.file
            stream.write(f"\n{printable(current, one_line=True)}\n")
        if console is None:
            stream.write(format_result(result, marks, verbose) + "\n")
            continue
        from rich.text import Text

        head, lines = _parts(result, marks, verbose)
        console.print(Text.assemble(*head), soft_wrap=True)
        for text, style in lines:
            console.print(Text(text, style=style), soft_wrap=True)
    stream.write("\n" + format_summary(summary) + "\n")
