"""`grade` for a PrairieLearn question's server.py: one named answer of the `data` dictionary, in place.

What is written where (https://docs.prairielearn.com/question/server/, "data dictionary"):

* `data["partial_scores"][name] = {"score": 0.0 | 1.0, "weight": weight, "feedback": html}`;
* `data["feedback"][name]`: the same feedback as plain text (question.html shows it with
  `{{feedback.NAME}}`, which escapes it);
* `data["format_errors"][name]`: HTML (PrairieLearn's input elements show format errors in
  an HTML popover), set when the answer is missing, empty, or cannot be read as a formula;
* `data["score"]`: recomputed from every partial score exactly as PrairieLearn computes it
  after the elements have graded (freeform question server: the weighted average, a
  missing weight counting 1; or all-or-nothing), because server.py's `grade` runs after
  that computation and its `data["score"]` is what PrairieLearn keeps.

Everything from the student is HTML-escaped wherever it can be read as HTML.
"""
from __future__ import annotations

from functools import lru_cache

from ..grade.check import DEFAULT_MEMORY_BYTES, PreparedQuestion, check_answer, prepare_question
from ..grade.feedback import NO_ANSWER, feedback_text, is_format_error

OVERALL_MODES = ("weighted", "all_or_nothing", None)


@lru_cache(maxsize=128)
def prepared(ref: str, declare: str, layout: str) -> PreparedQuestion:
    """A reference parsed once per process (PrairieLearn keeps server.py's process for several calls)."""
    try:
        return prepare_question(ref, declare, layout)
    except Exception as exc:  # noqa: BLE001 - ParseError, IllTyped: the course's reference
        raise ValueError(f"symcheck: the reference answer cannot be used: {exc}") from None


def grade_answer(data: dict, ref: str, declare: str = "", *, name: str, weight: int = 1, layout: str = "numerator",
                 timeout: float = 4.0, hints: bool = True, overall: str | None = "weighted") -> None:
    """The body of symcheck.prairielearn.grade (see there)."""
    if isinstance(weight, bool) or not isinstance(weight, int) or weight < 0:
        raise ValueError(f"symcheck: weight must be a whole number >= 0, not {weight!r}")
    if overall not in OVERALL_MODES:
        raise ValueError(f"symcheck: overall must be one of {OVERALL_MODES}, not {overall!r}")
    question = prepared(ref, declare or "", layout)
    partial_scores = data.setdefault("partial_scores", {})
    answer = (data.get("submitted_answers") or {}).get(name)
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        text, score, format_error = NO_ANSWER, 0.0, True
    else:
        verdict = check_answer(question, answer, timeout=timeout, memory_bytes=DEFAULT_MEMORY_BYTES, hints=hints)
        text, score, format_error = feedback_text(verdict, answer), 1.0 if verdict.correct else 0.0, \
            is_format_error(verdict)
    if format_error:
        data.setdefault("format_errors", {})[name] = as_html(text)
    partial_scores[name] = {"score": score, "weight": weight, "feedback": as_html(text)}
    data.setdefault("feedback", {})[name] = text
    if overall is not None:
        data["score"] = overall_score(partial_scores, overall)


def overall_score(partial_scores: dict, mode: str = "weighted") -> float:
    """The question's score from its partial scores, as PrairieLearn computes it (non-numbers count 0)."""
    values = [_score_and_weight(v) for v in partial_scores.values()]
    if mode == "all_or_nothing":
        return 1.0 if values and all(score >= 1 for score, _ in values) else 0.0
    total_weight = sum(weight for _, weight in values)
    total = sum(score * weight for score, weight in values)
    return float(total / (total_weight if total_weight else 1))


def _score_and_weight(value) -> tuple[float, float]:
    value = value if isinstance(value, dict) else {}
    score, weight = value.get("score"), value.get("weight", 1)
    number = (int, float)
    return (float(score) if isinstance(score, number) and not isinstance(score, bool) else 0.0,
            float(weight) if isinstance(weight, number) and not isinstance(weight, bool) else 1.0)


def as_html(text: str) -> str:
    """Plain text as HTML: escaped; indented lines (a counterexample, a parse error's caret) in <pre>."""
    from ..report.html import render_feedback

    return str(render_feedback(text))


__all__ = ["grade_answer", "overall_score", "prepared", "as_html", "OVERALL_MODES"]
