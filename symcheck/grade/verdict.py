"""The verdict on one student answer (`AnswerVerdict`) and the grading vocabulary.

A grading verdict is about an answer against a reference, not about a claim, so it
has its own statuses. `equivalent` and `not_equivalent` carry the same promises as
`proved` and `refuted` (CONTRACT §2): a proof for every dimension, or an exact
counterexample that was re-checked. Everything else says why no such verdict exists.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

EQUIVALENT = "equivalent"          # proved equal for every dimension and allowed value
NOT_EQUIVALENT = "not_equivalent"  # an exact counterexample (re-checked) shows they differ
UNKNOWN = "unknown"                # neither within the time limit
UNPARSEABLE = "unparseable"        # the LaTeX is not in the accepted subset (or uses undeclared names)
ILL_TYPED = "ill_typed"            # shapes do not match for general dimensions (or differ from the reference's)
TIMEOUT = "timeout"                # the worker was killed at the wall-clock limit
REJECTED = "rejected"              # refused before or while checking: oversized, hostile, out of memory, no such question
STATUSES = (EQUIVALENT, NOT_EQUIVALENT, UNKNOWN, UNPARSEABLE, ILL_TYPED, TIMEOUT, REJECTED)

# Summary columns (per question): status -> column. Ill-typed answers are wrong answers.
SUMMARY_COLUMNS = ("correct", "wrong", "unknown", "unparseable")
COLUMN_OF = {EQUIVALENT: "correct", NOT_EQUIVALENT: "wrong", ILL_TYPED: "wrong", UNKNOWN: "unknown",
             TIMEOUT: "unknown", UNPARSEABLE: "unparseable", REJECTED: "unparseable"}


@dataclass
class AnswerVerdict:
    """What symcheck concluded about one answer; JSON-ready (counterexample in CONTRACT §3 form)."""

    status: str
    detail: str = ""
    hint: str = ""
    counterexample: dict | None = None  # {"dims", "values", "lhs", "rhs"}: answer is lhs, reference is rhs
    counterexample_text: str = ""       # the same, readable
    method: str = ""
    parsed: str = ""                    # how the answer was read (render), so a TA can see it
    seconds: float = 0.0
    extras: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown answer status {self.status!r}")
        if self.status == NOT_EQUIVALENT and self.counterexample is None:
            raise ValueError("not_equivalent needs an exact counterexample")

    @property
    def correct(self) -> bool:
        """The answer is equivalent to the reference."""
        return self.status == EQUIVALENT

    @property
    def column(self) -> str:
        """The summary column the status counts in (correct, wrong, unknown, unparseable)."""
        return COLUMN_OF[self.status]

    def to_json(self) -> dict:
        """The verdict as JSON values (the `check --json` document)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "AnswerVerdict":
        """The verdict of a `to_json` document (unknown keys ignored)."""
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)

    def __repr__(self) -> str:
        return "<AnswerVerdict " + self.describe().replace("\n", "\n  ") + ">"

    def _repr_html_(self) -> str:
        from ..report.html import render_answer
        return str(render_answer(self.to_json(), standalone=True))

    def describe(self) -> str:
        """A few lines for a terminal: status, hint, detail and counterexample."""
        lines = [self.status.replace("_", " ")]
        if self.hint:
            lines.append(f"hint: {self.hint}")
        if self.detail:
            lines.append(self.detail)
        if self.counterexample_text:
            lines.append("counterexample (answer = lhs, reference = rhs): " + self.counterexample_text)
        return "\n".join(lines)


__all__ = ["AnswerVerdict", "STATUSES", "SUMMARY_COLUMNS", "COLUMN_OF", "EQUIVALENT", "NOT_EQUIVALENT",
           "UNKNOWN", "UNPARSEABLE", "ILL_TYPED", "TIMEOUT", "REJECTED"]
