"""What a verified derivation is made of: statuses, read expressions, checked steps, the result.

A `DerivationResult` is a list of `StepResult`s in document order. Each step says how it
is linked to what came before (`kind`), how it was judged (`status`) and why. Statuses
and their symbols live in one table, `STATUSES`, so every report prints them alike.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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

    @property
    def ok(self) -> bool:
        return self.expr is not None


@dataclass
class StepResult:
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
        return STATUSES[self.status][0]

    @property
    def line(self) -> int:
        return self.after.line

    @property
    def wrong(self) -> bool:
        return self.status in WRONG


@dataclass
class DerivationResult:
    path: str
    steps: list
    declarations: str = ""
    seconds: float = 0.0

    @property
    def first_wrong(self) -> StepResult | None:
        return next((s for s in self.steps if s.wrong), None)

    @property
    def ok(self) -> bool:
        return not any(s.status in NOT_OK for s in self.steps)

    def summary(self) -> dict:
        counts = {status: 0 for status in STATUSES}
        for step in self.steps:
            counts[step.status] += 1
        return counts


__all__ = ["Expression", "StepResult", "DerivationResult", "STATUSES", "KINDS", "WRONG", "NOT_OK", "NEUTRAL",
           "PROVED", "REFUTED", "UNKNOWN", "SHAPE", "PARSE", "DEFINITION", "PREMISE"]
