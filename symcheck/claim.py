"""The `Claim` of claim files (CONTRACT §1): one statement, its assumptions and what its author expects.

A Claim only records what the author wrote. It never raises on bad fields: a bad
relation or layout is kept in `problems` and reported as an `error` verdict for
that claim alone, so the other claims of the file still run.
"""
from __future__ import annotations

import inspect
from typing import Any, Iterable

import sympy

from .model import relations

LAYOUTS = ("numerator", "denominator")
# "error" is a compatible extension: it lets a suite pin down that a claim is ill-typed.
EXPECTATIONS = ("proved", "refuted", "error", None)


def _as_sympy(value: Any, field: str, problems: list[str]) -> Any:
    """Numbers and SymPy objects only; strings are refused (claim files build objects, never parse text)."""
    if isinstance(value, str):
        problems.append(f"{field} is a string {value!r}; build a SymPy expression instead")
        return sympy.S.Zero
    try:
        return sympy.sympify(value, strict=True)
    except (sympy.SympifyError, TypeError) as exc:
        problems.append(f"{field} is not a SymPy expression: {exc}")
        return sympy.S.Zero


def _flatten_assumptions(assume: Any) -> tuple:
    """A single predicate, a list of them or `And(...)` all become one flat tuple."""
    if assume is None:
        return ()
    if isinstance(assume, (sympy.Basic, bool)):
        items: Iterable = [assume]
    else:
        items = assume
    flat: list = []
    for item in items:
        if isinstance(item, sympy.And):
            flat.extend(_flatten_assumptions(list(item.args)))
        else:
            flat.append(item)
    return tuple(flat)


class Claim:
    """`Claim(name, lhs, rhs, *, relation="==", assume=(), layout="numerator", expect=None, source=None)`."""

    def __init__(self, name: str, lhs: Any, rhs: Any, *, relation: str = "==", assume: Any = (),
                 layout: str = "numerator", expect: str | None = None, source: str | None = None):
        self.problems: list[str] = []
        self.name = str(name)
        self.lhs = _as_sympy(lhs, "lhs", self.problems)
        self.rhs = _as_sympy(rhs, "rhs", self.problems)
        self.relation = relation
        self.assume = _flatten_assumptions(assume)
        self.layout = layout
        self.expect = expect
        self.source = source
        if relation not in relations.COMPARISONS:
            self.problems.append(f"relation {relation!r} is not one of {', '.join(relations.COMPARISONS)}")
        if layout not in LAYOUTS:
            self.problems.append(f"layout {layout!r} is not one of {', '.join(LAYOUTS)}")
        if expect not in EXPECTATIONS:
            self.problems.append(f"expect {expect!r} is not 'proved', 'refuted', 'error' or None")
        self.line = _caller_line()

    def __repr__(self) -> str:
        return f"Claim({self.name!r}: {self.lhs} {self.relation} {self.rhs})"


def _caller_line() -> int | None:
    """The line of the claim file that built this Claim, for error messages."""
    frame = inspect.currentframe()
    try:
        caller = frame.f_back.f_back if frame and frame.f_back else None
        return caller.f_lineno if caller else None
    finally:
        del frame
