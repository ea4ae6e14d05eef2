"""Drawing on a terminal with `rich`: progress bars (count, rate, ETA) and tables; plain text when piped.

- `ProgressDisplay(stream, unit=...)` is a context manager whose `update(done, total, label)`
  redraws one progress bar: description, bar, done/total, percentage, rate ("12.5 claims/s")
  and the time remaining. It refreshes only when called and at most every `every` seconds,
  with no drawing thread and no capture of sys.stdout/sys.stderr: workers are forked while
  it is shown, and they must inherit neither. Transient bars vanish when done.
- `write_table(stream, headers, rows, ...)` prints a table: ruled and coloured on a terminal,
  plain aligned text (no colour, no control characters) otherwise.
- `colour_console(stream)` is a console for coloured text on a terminal, or None when the
  stream is not one (the caller then writes its plain text itself).

rich is imported only when something is drawn, so the command starts fast. Text from
users reaches rich as `Text` (never as markup) after `safe_text.printable`, so neither
control characters nor `[bold]`-style markup from a file or an answer does anything.
"""
from __future__ import annotations

import sys
import time
from functools import lru_cache
from typing import Sequence, TextIO

from ..safe_text import printable

PLAIN_WIDTH = 10_000  # a piped table is as wide as its contents: never wrapped at 80 columns


def is_terminal(stream: TextIO) -> bool:
    """True when `stream` is an interactive terminal."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def console_for(stream: TextIO, *, force: bool = False):
    """A rich Console on `stream`: colour on a terminal; plain text (or, with `force`, uncoloured drawing) otherwise."""
    from rich.console import Console

    terminal = is_terminal(stream)
    return Console(file=stream, force_terminal=True if force and not terminal else None,
                   no_color=not terminal, width=None if terminal or force else PLAIN_WIDTH,
                   markup=False, emoji=False, highlight=False)


def colour_console(stream: TextIO):
    """A Console for coloured output when `stream` is a terminal, else None (write plain text then)."""
    return console_for(stream) if is_terminal(stream) else None


def user_text(value, style: str = ""):
    """User-supplied text as a rich `Text`: one line, no control characters, never read as markup."""
    from rich.text import Text

    return Text(printable("" if value is None else value, one_line=True), style=style)


@lru_cache(maxsize=1)
def _rate_column_class():
    """A progress column showing the completion rate, e.g. `35.2 answers/s` (rich imported on first use)."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def __init__(self, unit: str):
            super().__init__()
            self.unit = unit

        def render(self, task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed or 0:.1f} {self.unit}/s", style="progress.data.speed")

    return RateColumn


class ProgressDisplay:
    """One progress bar on `stream` (a context manager): `update(done, total, label)` redraws it."""

    def __init__(self, stream: TextIO | None = None, *, unit: str = "items", transient: bool = True,
                 force: bool = False, every: float = 0.1, label_width: int = 200):
        self.stream = stream if stream is not None else sys.stderr
        self.unit, self.transient, self.force = unit, transient, force
        self.every, self.label_width = every, label_width
        self._progress = None
        self._task = None
        self._last = 0.0

    def __enter__(self) -> "ProgressDisplay":
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, \
            TimeRemainingColumn
        from rich.table import Column

        # the description (user text: never markup) takes what the other columns leave, cut with an ellipsis
        description = TextColumn("{task.description}", markup=False,
                                 table_column=Column(ratio=1, no_wrap=True, overflow="ellipsis"))
        self._progress = Progress(
            description, BarColumn(bar_width=24), MofNCompleteColumn(), TaskProgressColumn(),
            _rate_column_class()(self.unit), TextColumn("ETA"), TimeRemainingColumn(),
            console=console_for(self.stream, force=self.force), transient=self.transient, auto_refresh=False,
            redirect_stdout=False, redirect_stderr=False, expand=True)
        self._progress.start()
        self._task = self._progress.add_task("", total=None)
        return self

    def update(self, done: int, total: int, label: str = "") -> None:
        """Show `done` of `total` (and `label`, shortened); redrawn at most every `every` seconds, and at the end."""
        if self._progress is None:
            return
        now = time.monotonic()
        finished = total and done >= total
        description = printable(label, one_line=True)
        if len(description) > self.label_width:
            description = description[:self.label_width - 1] + "…"
        self._progress.update(self._task, completed=done, total=total, description=description)
        if finished or now - self._last >= self.every:
            self._last = now
            self._progress.refresh()

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def write_table(stream: TextIO, headers: Sequence[str], rows: Sequence[Sequence], *, numeric: Sequence[bool] = (),
                footer: Sequence | None = None, column_styles: Sequence[str] = ()) -> None:
    """A table: ruled and coloured on a terminal, aligned plain text when piped (numbers right-aligned).

    Cells are user text (shown with `printable`, never as markup); `footer` is a last row set
    apart by a rule (the totals); `column_styles` colour whole columns on a terminal.
    """
    from rich import box
    from rich.table import Table

    console = console_for(stream)
    table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False, show_footer=footer is not None,
                  header_style="bold" if console.is_terminal else "", footer_style="bold" if console.is_terminal
                  else "")
    for i, header in enumerate(headers):
        right = i < len(numeric) and numeric[i]
        style = column_styles[i] if i < len(column_styles) else ""
        table.add_column(user_text(header), footer=user_text(footer[i]) if footer is not None else "",
                         justify="right" if right else "left", style=style or None, no_wrap=True)
    for row in rows:
        table.add_row(*(user_text(cell) for cell in row))
    console.print(table)


__all__ = ["ProgressDisplay", "write_table", "console_for", "colour_console", "user_text", "is_terminal"]
