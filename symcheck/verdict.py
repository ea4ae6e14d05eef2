"""Verdicts (CONTRACT §2): what symcheck concluded about one claim, and the evidence.

`proved` carries the method and (where the engine makes one) a certificate;
`refuted` carries an exactly re-checked `Counterexample`; `unknown` says what was
tried; `error` says why the claim is malformed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy

from .safe_text import JSON_DIGITS, TEXT_DIGITS, sympy_text

PROVED, REFUTED, UNKNOWN, ERROR = "proved", "refuted", "unknown", "error"
STATUSES = (PROVED, REFUTED, UNKNOWN, ERROR)


def exact_str(value: Any, max_digits: int = JSON_DIGITS) -> Any:
    """Numbers as exact strings, matrices (1×1 included) as lists of rows of strings (CONTRACT §3).

    An integer longer than `max_digits` digits is written as its leading digits and its
    digit count (symcheck.safe_text); text already made is kept as it is, never parsed.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, sympy.MatrixBase):
        return [[exact_str(value[i, j], max_digits) for j in range(value.cols)] for i in range(value.rows)]
    if isinstance(value, (list, tuple)):
        return [exact_str(v, max_digits) for v in value]
    return sympy_text(value, max_digits)


@dataclass
class Counterexample:
    """Concrete dimensions and exact values under which the claim's relation is false."""

    dims: dict[str, int]
    values: dict[str, Any]
    lhs: Any
    rhs: Any
    note: str = ""

    def to_json(self) -> dict:
        return {
            "dims": {k: int(v) for k, v in self.dims.items()},
            "values": {k: exact_str(v) for k, v in self.values.items()},
            "lhs": exact_str(self.lhs),
            "rhs": exact_str(self.rhs),
        }

    def describe(self) -> str:
        """A one-paragraph text a student can check by hand."""
        parts = []
        if self.dims:
            parts.append(", ".join(f"{k}={v}" for k, v in self.dims.items()))
        for name, value in self.values.items():
            parts.append(f"{name} = {_short(value)}")
        text = "; ".join(parts)
        text += f"\n    lhs = {_short(self.lhs)}\n    rhs = {_short(self.rhs)}"
        if self.note:
            text += f"\n    ({self.note})"
        return text


def _short(value: Any) -> str:
    shown = exact_str(value, TEXT_DIGITS)
    if isinstance(shown, list):
        return "[" + ", ".join("[" + ", ".join(row) + "]" if isinstance(row, list) else str(row)
                               for row in shown) + "]"
    return str(shown)


@dataclass
class Verdict:
    status: str
    method: str = ""
    detail: str = ""
    counterexample: Counterexample | None = None
    certificate: dict | None = None
    seconds: float = 0.0
    extras: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        if self.status == REFUTED and self.counterexample is None:
            raise ValueError("a refuted verdict needs a counterexample")

    def to_json(self) -> dict:
        """Status, method, detail, seconds and the counterexample in CONTRACT §3 form."""
        return {"status": self.status, "method": self.method, "detail": self.detail, "seconds": round(self.seconds, 4),
                "counterexample": self.counterexample.to_json() if self.counterexample is not None else None}

    def __repr__(self) -> str:
        head = self.status + (f" ({self.method})" if self.method else "")
        lines = [f"<Verdict {head}>"]
        if self.detail:
            lines.append("  " + self.detail.replace("\n", "\n  "))
        if self.counterexample is not None:
            lines.append("  counterexample: " + self.counterexample.describe().replace("\n", "\n  "))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from .report.html import render_verdict
        return str(render_verdict(self.to_json(), standalone=True))


def proved(method: str, detail: str = "", certificate: dict | None = None) -> Verdict:
    return Verdict(PROVED, method, detail, certificate=certificate)


def refuted(method: str, counterexample: Counterexample, detail: str = "") -> Verdict:
    return Verdict(REFUTED, method, detail, counterexample=counterexample)


def unknown(method: str, detail: str) -> Verdict:
    return Verdict(UNKNOWN, method, detail)


def error(detail: str, method: str = "") -> Verdict:
    return Verdict(ERROR, method, detail)
