"""PrairieLearn: grade symcheck answers in a question's server.py, or as an external grader.

    # server.py of a PrairieLearn question (Python question model)
    from symcheck.prairielearn import grade as symcheck_grade

    def grade(data):
        symcheck_grade(data, ref=r"(X^\\top X + \\lambda I)^{-1} X^\\top y", declare="X: n×d, y: n, lambda > 0",
                       name="ridge")

`grade` follows PrairieLearn's documented `data` dictionary
(https://docs.prairielearn.com/question/server/): it reads `data["submitted_answers"][name]`,
sets `data["partial_scores"][name]` (`score` 0 or 1, `weight`, `feedback`),
`data["feedback"][name]` (plain text, for `{{feedback.NAME}}` in question.html) and, for
an answer that cannot be read as a formula, `data["format_errors"][name]` (the submission
is then invalid: no attempt used). It then recomputes `data["score"]` from all partial
scores as PrairieLearn does (see `grade` below). `python -m symcheck.prairielearn` is the
external grader (symcheck.prairielearn.external). See docs/prairielearn.md.

Importing this module is cheap and has no side effects: it imports nothing beyond the
standard library until `grade` is first called (PrairieLearn imports server.py, and with
it this module, for every page it renders).
"""
from __future__ import annotations

DEFAULT_TIMEOUT = 4.0   # seconds per answer: PrairieLearn allows a server.py call 10 s (questionTimeoutMilliseconds)


def grade(data: dict, ref: str, declare: str = "", *, name: str, weight: int = 1, layout: str = "numerator",
          timeout: float = DEFAULT_TIMEOUT, hints: bool = True, overall: str | None = "weighted") -> None:
    """Grade the answer `name` of a PrairieLearn `data` dictionary against the LaTeX reference `ref`, in place.

    `declare`: the declarations ("X: n×d, y: n, lambda > 0"); `weight`: the answer's weight
    among the question's partial scores (an int, as PrairieLearn's); `timeout`: seconds for
    the check, in a killable worker. `overall`: how `data["score"]` is recomputed after
    this answer's partial score is set — "weighted" (the weighted average of the partial
    scores, what PrairieLearn computes for a question with partial credit), "all_or_nothing"
    (1 only if every partial score is 1, as for `"partialCredit": false`), or None (leave
    `data["score"]` alone, e.g. to call `prairielearn.set_weighted_score_data` yourself after
    grading several answers). A reference that does not parse raises ValueError (a course
    error, shown to the staff); nothing a student submits raises.
    """
    from .question import grade_answer
    grade_answer(data, ref, declare, name=name, weight=weight, layout=layout, timeout=timeout, hints=hints,
                 overall=overall)


__all__ = ["grade", "DEFAULT_TIMEOUT"]
