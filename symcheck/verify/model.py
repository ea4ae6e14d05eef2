"""What a verified derivation is made of: statuses, read expressions, checked steps, the result.

A `DerivationResult` is a list of `StepResult`s in document order. Each step says how it
is linked to what came before (`kind`), how it was judged (`status`) and why. Statuses
and their symbols live in one table, `STATUSES`, so every report prints them alike.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import relations
from ..verdict import Counterexample

# status -> (symbol, label, counts as wrong, counts as not checked)
PROVED, REFUTED, UNKNOWN, SHAPE, PARSE, DEFINITION, PREMISE = (
    "proved", "refuted", "unknown", "shape error", "parse error", "definition", "premise")
STATUSES: dict[str, tuple[str, str]] = {
    PROVED: ("✓", "proved"),
    REFUTED: ("✗", "refuted"),
    UNKNOWN: ("?", "unknown"),
    SHAPE: ("✗", "shape error"),
    PARSE: ("!", "parse error"),
    DEFINITION: ("≔", "definition"),
    PREMISE: ("·", "premise"),
}
WRONG = (REFUTED, SHAPE)                # a step that is shown to be wrong
NOT_OK = (REFUTED, SHAPE, UNKNOWN, PARSE)  # anything that keeps the exit status from 0
NEUTRAL = (DEFINITION, PREMISE)         # statements taken as given, not checked


# How a step is linked to what precedes it.
KINDS = {
    "chain": "equal to the previous expression",
    "restated": "the same left side restated: its new right side against the previous one",
    "implies": "follows from the previous statement",
    "iff": "equivalent to the previous statement",
    "impliedby": "implies the previous statement",
    "claim": "a relation on its own, checked as an identity",
    "definition": "introduces a name (taken as given)",
}


@dataclass
class Expression:
    """One expression of the derivation as written and as read."""
    text: str
    line: int
    column: int
    expr: Any = None            # the SymPy expression, None when it could not be read
    error: str = ""             # the parse error (with line and column), when it could not
    read: str = ""              # how it was read (Unicode rendering), for --show-parse
    shape_error: str = ""       # unreadable, but ill-typed whatever it means (see read._shape_inside_norms)
    size_unknown: bool = False  # unreadable only because an I or 0 has no size on its own

    @property
    def ok(self) -> bool:
        """Whether the expression could be read."""
        return self.expr is not None


@dataclass
class StepResult:
    """One checked step: how it is linked, its status and why, with the counterexample of a refuted step."""
    index: int
    kind: str
    relation: str
    before: Expression | None
    after: Expression
    status: str
    method: str = ""
    detail: str = ""
    counterexample: Any = None          # symcheck.verdict.Counterexample
    substituted: list = field(default_factory=list)   # [(name, definition)] used, rendered
    hypothesis: str = ""                # the previous statement used as a hypothesis, rendered
    seconds: float = 0.0
    comment: str = ""

    @property
    def symbol(self) -> str:
        """The status symbol: ✓ ✗ ? ! ≔ ·."""
        return STATUSES[self.status][0]

    @property
    def line(self) -> int:
        """The line of the step's expression."""
        return self.after.line

    @property
    def wrong(self) -> bool:
        """Whether the step is shown wrong (refuted or ill-typed)."""
        return self.status in WRONG

    def formula(self, read: bool = True) -> str:
        """`before rel after` as read (Unicode) or as written (LaTeX)."""
        def show(expression):
            if expression is None:
                return ""
            return expression.read if read and expression.read else expression.text
        relation = relations.glyph(self.relation)
        left = show(self.before)
        text = f"{left} {relation} {show(self.after)}" if left else show(self.after)
        link = relations.glyph(self.kind) + " " if self.kind in relations.CONNECTIVES else ""
        return link + text

    def to_json(self) -> dict:
        """The step as in `symcheck verify --json` (docs/verify.md)."""
        cx = self.counterexample
        return {
            "index": self.index,
            "line": self.line,
            "column": self.after.column,
            "kind": self.kind,
            "kind_meaning": KINDS.get(self.kind, ""),
            "relation": self.relation,
            "before": self.before.text if self.before else None,
            "after": self.after.text,
            "read": self.formula(),
            "status": self.status,
            "symbol": self.symbol,
            "method": self.method,
            "detail": self.detail,
            "hypothesis": self.hypothesis or None,
            "substituted": [{"name": n, "value": v} for n, v in self.substituted],
            "counterexample": cx.to_json() if isinstance(cx, Counterexample) else None,
            "seconds": self.seconds,
        }

    def __repr__(self) -> str:
        return f"<step line {self.line}: {self.symbol} {self.status}: {self.formula()}>"

    def _repr_html_(self) -> str:
        from ..report.html import render_step
        return str(render_step(self.to_json(), standalone=True))


@dataclass
class DerivationResult:
    """Every checked step of a derivation, in document order."""
    path: str
    steps: list
    declarations: str = ""
    seconds: float = 0.0

    @property
    def first_wrong(self) -> StepResult | None:
        """The first refuted or ill-typed step, or None."""
        return next((s for s in self.steps if s.wrong), None)

    @property
    def ok(self) -> bool:
        """Whether every checked step is proved (definitions and premises aside)."""
        return not any(s.status in NOT_OK for s in self.steps)

    def summary(self) -> dict:
        """How many steps have each status."""
        counts = {status: 0 for status in STATUSES}
        for step in self.steps:
            counts[step.status] += 1
        return counts

    def to_json(self) -> dict:
        """The `symcheck verify --json` document (docs/verify.md)."""
        first = self.first_wrong
        return {
            "file": self.path,
            "steps": [s.to_json() for s in self.steps],
            "first_wrong": None if first is None else {"index": first.index, "line": first.line,
                                                       "status": first.status},
            "summary": {STATUSES[k][1]: v for k, v in self.summary().items()},
            "ok": self.ok,
            "seconds": self.seconds,
        }

    def __repr__(self) -> str:
        first = self.first_wrong
        lines = [f"{self.path}: {len(self.steps)} steps, "
                 + (f"first wrong step at line {first.line} ({first.status})" if first is not None
                    else "every step checked" if self.ok else "no step shown wrong, some not checked")]
        lines += [f"  {s.symbol} line {s.line:<4} {s.formula()}   [{s.status}]" for s in self.steps]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from ..report.html import render_derivation
        return str(render_derivation(self.to_json(), standalone=True))


__all__ = ["Expression", "StepResult", "DerivationResult", "STATUSES", "KINDS", "WRONG", "NOT_OK", "NEUTRAL",
           "PROVED", "REFUTED", "UNKNOWN", "SHAPE", "PARSE", "DEFINITION", "PREMISE"]
