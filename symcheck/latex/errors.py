"""Errors and limits of the LaTeX front end, and the guard every entry point runs under.

Every failure to read user text is a `ParseError` carrying the line, the column and
a caret snippet, so a TA sees where the input went wrong and never a traceback.
`Limits` bounds what one call may cost (input length, nesting depth); `read_safely`
runs a whole read with enough stack for that depth and turns any other failure into
a `ParseError`. `BuildError` and `NotRepresentable` are what the SymPy builder raises;
the parser turns them into `ParseError`s at the token being read.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """What one read may cost: characters of input, nested groups, digits of a number."""
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


class SizeNotInferred(ParseError):
    """A bare `I` or `0` whose size the formula does not determine; another context (the other side) may."""


class BuildError(Exception):
    """Raised by the SymPy builder (an undeclared name, a scalar where a matrix must be, ...)."""


class NotRepresentable(BuildError):
    """A construct the builder recognises but cannot represent (yet): becomes `NotSupported`."""


class SizeUnknown(BuildError):
    """A bare `I`, `0` or `1` whose size nothing around it determines: the writer must give it."""


@contextmanager
def stack_room(depth: int):
    """Enough Python stack for `depth` nested groups (each costs a dozen frames); restored afterwards."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 40 * depth + 2000))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def read_safely(source: str, run, limits: Limits = DEFAULT_LIMITS):
    """`run()` with stack room for `limits.max_depth`; any failure whatsoever becomes a ParseError."""
    with stack_room(limits.max_depth):
        try:
            return run()
        except ParseError:
            raise
        except RecursionError:
            raise ParseError("nesting too deep", source[:200], 0) from None
        except MemoryError:
            raise ParseError("input too large to read", source[:200], 0) from None
        except Exception as exc:  # noqa: BLE001 - a bug must still reach the user as a clean error
            raise ParseError(f"could not read this formula ({type(exc).__name__}: {str(exc)[:120]})",
                             source, 0) from None


__all__ = ["ParseError", "NotSupported", "SizeNotInferred", "Limits", "DEFAULT_LIMITS", "position", "snippet",
           "BuildError", "NotRepresentable", "SizeUnknown", "stack_room", "read_safely"]
