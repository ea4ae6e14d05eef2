"""Errors and limits of the LaTeX front end.

Every failure to read user text is a `ParseError` carrying the line, the column and
a caret snippet, so a TA sees where the input went wrong and never a traceback.
`Limits` bounds what one call may cost (input length, nesting depth).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_length: int = 10_000   # characters of one formula or declaration block
    max_depth: int = 200       # nested groups: braces, parentheses, fractions, ...
    max_number_digits: int = 1000


DEFAULT_LIMITS = Limits()


def position(source: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a 0-based character offset."""
    offset = max(0, min(offset, len(source)))
    line = source.count("\n", 0, offset) + 1
    start = source.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def snippet(source: str, offset: int, width: int = 60) -> str:
    """The offending line (cut to `width` around the offset) with a caret under the offset."""
    offset = max(0, min(offset, len(source)))
    start = source.rfind("\n", 0, offset) + 1
    end = source.find("\n", offset)
    end = len(source) if end < 0 else end
    text, col = source[start:end], offset - start
    left = max(0, col - width // 2)
    shown = text[left:left + width]
    prefix = "…" if left > 0 else ""
    suffix = "…" if left + width < len(text) else ""
    shown = "".join(ch if ch.isprintable() else "?" for ch in shown)
    return f"{prefix}{shown}{suffix}\n{' ' * (len(prefix) + col - left)}^"


class ParseError(ValueError):
    """Input that is not (yet) in the accepted LaTeX subset; `line`/`column` are 1-based."""

    def __init__(self, message: str, source: str = "", offset: int = 0, *, line_offset: int = 0):
        self.reason = message
        self.source = source
        self.offset = offset
        self.line_offset = line_offset
        line, column = position(source, offset) if source else (1, 1)
        self.line = line + line_offset
        self.column = column
        self.snippet = snippet(source, offset) if source else ""
        super().__init__(self._text())

    def _text(self) -> str:
        head = f"line {self.line}, column {self.column}: {self.reason}"
        return f"{head}\n{self.snippet}" if self.snippet else head

    def shifted(self, lines: int) -> "ParseError":
        """The same error with its line moved down by `lines` (for text cut out of a larger file)."""
        return type(self)(self.reason, self.source, self.offset, line_offset=self.line_offset + lines)


class NotSupported(ParseError):
    """A recognised construct that symcheck cannot represent yet (argmin, E[·] without constructs, ...)."""


__all__ = ["ParseError", "NotSupported", "Limits", "DEFAULT_LIMITS", "position", "snippet"]
