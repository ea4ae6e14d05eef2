"""Text that leaves symcheck is safe to show: numbers of any size, user text without terminal controls.

Every report (terminal, JSON, HTML) goes through these helpers:

- `integer_text(n)` writes an integer in decimal without tripping Python's 4,300-digit
  guard on int -> str: exactly up to `max_digits` digits, past that as its leading
  digits and its digit count, `31415926535897932384…(5001 digits)` (not a number on
  purpose, so nobody mistakes it for an exact value).
- `sympy_text(value)` is `str(value)` for SymPy objects with every integer written so.
- `shorten_digits(text)` shortens the long integers of a value already written out (a
  JSON document's exact strings) for a report, as `integer_text` would have written them.
- `printable(text)` removes control characters (ANSI/OSC escape sequences, carriage
  returns, bidi overrides) from user-supplied text before it reaches a terminal, and
  shows a lone surrogate (an undecodable byte in a file name) as U+FFFD.
- `json_text(value)` is `json.dumps` that always encodes: text with lone surrogates is
  written with `\\u` escapes instead of failing when printed.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from typing import Any

JSON_DIGITS = 100_000   # integers up to this many digits are written exactly in JSON (and certificates)
TEXT_DIGITS = 1_000     # ... and in terminal and HTML reports
LEADING_DIGITS = 20     # digits shown of a longer integer
_SAFE_BITS = 13_000     # below this many bits str(int) is always allowed (fewer than 4,300 digits)
_COUNT_LIMIT = 1_000_000  # past this many digits the count is estimated from the bit length

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _decimal(n: int) -> str:
    """The decimal digits of n >= 0, split in halves so each str() call stays under Python's limit."""
    if n.bit_length() < _SAFE_BITS:
        return str(n)
    half = int(n.bit_length() * 0.30103) // 2
    high, low = divmod(n, 10 ** half)
    return _decimal(high) + _decimal(low).zfill(half)


def digit_count(n: int) -> int:
    """The number of decimal digits of |n| (exact up to a million digits, estimated past it)."""
    n = abs(n)
    if n.bit_length() < _SAFE_BITS:
        return len(str(n))
    estimate = int((n.bit_length() - 1) * math.log10(2)) + 1
    if estimate > _COUNT_LIMIT:
        return estimate
    while n >= 10 ** estimate:
        estimate += 1
    while estimate > 1 and n < 10 ** (estimate - 1):
        estimate -= 1
    return estimate


def integer_text(n: int, max_digits: int = JSON_DIGITS) -> str:
    """n in decimal, exactly when it has at most `max_digits` digits, else leading digits and the count."""
    n = int(n)
    sign = "-" if n < 0 else ""
    magnitude = abs(n)
    if magnitude.bit_length() < _SAFE_BITS and max_digits >= 4300:
        return str(n)
    digits = digit_count(magnitude)
    if digits <= max_digits:
        return sign + _decimal(magnitude)
    if digits > _COUNT_LIMIT:
        return f"{sign}…(about {digits} digits)"
    shown = max(1, min(LEADING_DIGITS, max_digits))
    leading = magnitude // 10 ** (digits - shown)
    return f"{sign}{leading}…({digits} digits)"


@lru_cache(maxsize=1)
def _safe_printer_class():
    """SymPy's str printer with integers written by `integer_text` (SymPy is imported on first use only)."""
    from sympy.printing.str import StrPrinter

    class SafePrinter(StrPrinter):
        def __init__(self, max_digits: int):
            super().__init__()
            self.max_digits = max_digits

        def _print_int(self, expr) -> str:
            return integer_text(expr, self.max_digits)

        def _print_Integer(self, expr) -> str:
            return integer_text(expr.p, self.max_digits)

        def _print_Rational(self, expr) -> str:
            if expr.q == 1:
                return integer_text(expr.p, self.max_digits)
            return f"{integer_text(expr.p, self.max_digits)}/{integer_text(expr.q, self.max_digits)}"

    return SafePrinter


def sympy_text(value: Any, max_digits: int = JSON_DIGITS) -> str:
    """`str(value)` for numbers and SymPy objects, with no integer too long to write (see `integer_text`)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return integer_text(value, max_digits)
    import sympy

    if not isinstance(value, sympy.Basic):
        try:
            value = sympy.sympify(value, strict=True)
        except (sympy.SympifyError, TypeError, ValueError):
            return str(value)
    try:
        return _safe_printer_class()(max_digits).doprint(value)
    except ValueError:  # an integer printed by a path our printer does not cover
        return f"<{type(value).__name__} too large to print>"


_DIGIT_RUN = re.compile(r"\d+")


def shorten_digits(text: str, max_digits: int = TEXT_DIGITS) -> str:
    """Text (an exact value already written out) with every run of more than `max_digits` digits shortened as
    `integer_text` writes it: its first digits and its count, `10000000000000000000…(4401 digits)`."""
    def short(match) -> str:
        digits = match.group(0)
        if len(digits) <= max_digits:
            return digits
        return f"{digits[:max(1, min(LEADING_DIGITS, max_digits))]}…({len(digits)} digits)"
    return _DIGIT_RUN.sub(short, text)


def printable(text: Any, one_line: bool = False) -> str:
    """User-supplied text with control characters removed (newlines kept, or made spaces with one_line)."""
    text = str(text)
    if one_line:
        text = text.replace("\r\n", " ").replace("\n", " ")
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


def json_text(value: Any, **options) -> str:
    """`json.dumps(value, ensure_ascii=False, **options)`, with `\\u` escapes when the text holds lone surrogates."""
    text = json.dumps(value, ensure_ascii=False, **options)
    if _SURROGATE.search(text):
        text = json.dumps(value, ensure_ascii=True, **options)
    return text


__all__ = ["integer_text", "digit_count", "sympy_text", "shorten_digits", "printable", "json_text", "JSON_DIGITS",
           "TEXT_DIGITS"]
