"""Bounds on untrusted certificate input, checked before anything is built from it.

A certificate file is user input. Python and SymPy happily build a number with a
billion digits from a few characters (`(((2**1000)**1000)**1000)**1000` ends in a
SIGFPE inside GMP), recurse until the interpreter dies on deeply nested text, or
expand `(A + B)**100000` until memory runs out. Every reader of certificate text
(`store.read_document` for the JSON, `srepr_reader` for SymPy text, `ncpoly` for
coefficient arithmetic) asks this module first:

=======================  =========================================================
`MAX_FILE_BYTES`         size of a certificate file
`MAX_JSON_DEPTH`         nesting of JSON arrays and objects
`MAX_TEXT`               length of one srepr or coefficient string
`MAX_DEPTH`              nesting of one srepr or coefficient expression
`MAX_DIGITS`             decimal digits of any exact number built (integers, both
                         parts of a rational), checked before a power is taken
`MAX_FLOAT_DIGITS`       significant digits (precision) of a `Float`
`MAX_FLOAT_EXPONENT`     decimal exponent of a `Float` (its exact value is a fraction)
`MAX_EXPONENT`           integer exponent of a symbolic power
`MAX_DEGREE`             degree of a polynomial coefficient built by a power
`MAX_TERMS`              terms of one polynomial the checker expands
=======================  =========================================================

A bound that is hit raises `TooLarge` (a ValueError), which every caller turns into
a rejection. The worker that checks each file (`cli/proofs.py`) adds a time and a
memory limit behind these.
"""
from __future__ import annotations

import math

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_JSON_DEPTH = 200
MAX_TEXT = 2_000_000
MAX_DEPTH = 200
MAX_DIGITS = 1000
MAX_FLOAT_DIGITS = 100
MAX_FLOAT_EXPONENT = 1000
MAX_EXPONENT = 10_000
MAX_DEGREE = 10_000
MAX_TERMS = 200_000

_LOG2_10 = math.log2(10)


class TooLarge(ValueError):
    """Untrusted input beyond one of the bounds above; the message says which."""


def json_depth(text: str) -> int:
    """The deepest nesting of [ and { in JSON text (brackets inside strings do not count)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif ch in "]}":
            depth -= 1
    return deepest


def text_depth(text: str) -> int:
    """The deepest nesting of brackets in expression text (quotes are skipped)."""
    depth = deepest = 0
    quote = None
    for ch in text:
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif ch in ")]}":
            depth -= 1
    return deepest


def check_text(text: str, what: str) -> None:
    """A string of bounded length and bracket nesting (checked before it is parsed)."""
    if len(text) > MAX_TEXT:
        raise TooLarge(f"{what} is {len(text)} characters long (at most {MAX_TEXT})")
    if text_depth(text) > MAX_DEPTH:
        raise TooLarge(f"{what} is nested more than {MAX_DEPTH} deep")


def digits_of_int(value) -> int:
    """Decimal digits of |value| (an upper estimate from the bit length, cheap for any size)."""
    return int(abs(int(value)).bit_length() / _LOG2_10) + 1


def _is_integer(value) -> bool:
    """A Python int or the integer type of gmpy2 / python-flint (which SymPy's QQ may use)."""
    return not isinstance(value, bool) and (isinstance(value, int) or type(value).__name__ in ("mpz", "fmpz"))


def check_int(value: int, what: str = "a number") -> int:
    """`value`, or TooLarge when it has more than MAX_DIGITS digits."""
    if digits_of_int(value) > MAX_DIGITS:
        raise TooLarge(f"{what} has more than {MAX_DIGITS} digits")
    return value


def number_digits(value) -> int:
    """Digits of an exact number (int, SymPy Integer/Rational, or anything with p and q), else 0."""
    if isinstance(value, bool):
        return 0
    if _is_integer(value):
        return digits_of_int(value)
    for num, den in (("p", "q"), ("numerator", "denominator")):
        p, q = getattr(value, num, None), getattr(value, den, None)
        if _is_integer(p) and _is_integer(q):
            return max(digits_of_int(p), digits_of_int(q))
    return 0


def check_power(base_digits: int, base_degree: int, exponent: int, what: str = "a power") -> None:
    """Refuse base**exponent before computing it when the result would be too large."""
    e = abs(int(exponent))
    if e > MAX_EXPONENT:
        raise TooLarge(f"{what}: the exponent {e} is larger than {MAX_EXPONENT}")
    if base_digits * e > MAX_DIGITS:
        raise TooLarge(f"{what} would have more than {MAX_DIGITS} digits")
    if base_degree * e > MAX_DEGREE:
        raise TooLarge(f"{what} would have degree above {MAX_DEGREE}")


def check_terms(count: int, what: str = "a polynomial") -> None:
    """TooLarge when a polynomial has more than MAX_TERMS terms."""
    if count > MAX_TERMS:
        raise TooLarge(f"{what} has more than {MAX_TERMS} terms")


__all__ = ["TooLarge", "json_depth", "text_depth", "check_text", "check_int", "check_power", "check_terms",
           "digits_of_int", "number_digits", "MAX_FILE_BYTES", "MAX_JSON_DEPTH", "MAX_TEXT", "MAX_DEPTH",
           "MAX_DIGITS", "MAX_FLOAT_DIGITS", "MAX_FLOAT_EXPONENT", "MAX_EXPONENT", "MAX_DEGREE", "MAX_TERMS"]
