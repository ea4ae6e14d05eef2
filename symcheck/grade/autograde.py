"""Grading one student's submission of a whole assignment: what the platform adapters share.

    assignment = read_assignment("hw.ref")
    results = grade_submission(assignment, {"ridge": r"X^T(XX^T+\\lambda I)^{-1}y"}, timeout=20)
    [(r.id, r.state, r.points, r.max_points) for r in results]

Each question of the reference, in file order, gets a `QuestionResult`: graded (a
verdict from `check_answer`, in a killable worker with a time and memory limit),
missing (no answer), a reference error (the TA's reference for it does not parse: never
the student's fault), or out of time (the overall budget ran out first). A question
earns its points only when the answer is `equivalent`. `on_progress` is called after
every question, so an adapter can write partial results as it goes (Gradescope's
best practices: a results file exists even if the autograder is killed).
"""
from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Callable

from .check import DEFAULT_MEMORY_BYTES, PreparedQuestion, check_answer, prepare_question
from .reference import Assignment, QuestionSpec
from .verdict import AnswerVerdict

PENDING, GRADED, MISSING, REFERENCE_ERROR, OUT_OF_TIME = "pending", "graded", "missing", "reference_error", \
    "out_of_time"
DEFAULT_TIMEOUT = 20.0          # seconds per answer
DEFAULT_BUDGET = 480.0          # seconds for the whole submission (Gradescope's default limit is 10 minutes)
MIN_CHECK_SECONDS = 1.0         # a check is not started with less time than this left in the budget


@dataclass
class QuestionResult:
    """The outcome for one question of the assignment."""

    id: str
    spec: QuestionSpec
    number: int                         # 1-based position in the reference file
    state: str = PENDING
    answer: object = None               # what the student submitted for it (None: nothing)
    verdict: AnswerVerdict | None = None
    problem: str = ""                   # why there is no verdict (reference error, out of time)

    @property
    def max_points(self) -> float:
        """The points the question is worth."""
        return self.spec.points

    @property
    def points(self) -> float:
        """Full points for an equivalent answer, else none."""
        return self.spec.points if self.verdict is not None and self.verdict.correct else 0.0

    @property
    def title(self) -> str:
        """The question's id, and its title when it has one."""
        return f"{self.id}: {self.spec.title}" if self.spec.title else self.id


def prepare(spec: QuestionSpec) -> PreparedQuestion:
    """Parse one trusted reference (raises on a bad one)."""
    return prepare_question(spec.answer, spec.declarations_text, spec.layout, spec.id)


def grade_submission(assignment: Assignment, answers: dict, *, timeout: float = DEFAULT_TIMEOUT,
                     budget: float = DEFAULT_BUDGET, hints: bool = True, memory_bytes: int | None = None,
                     on_progress: Callable[[list], None] | None = None) -> list[QuestionResult]:
    """Grade every question of the assignment against `answers` ({question id: answer}), in file order."""
    start = time.monotonic()
    memory = DEFAULT_MEMORY_BYTES if memory_bytes is None else memory_bytes
    results = [QuestionResult(qid, spec, n, answer=answers.get(qid))
               for n, (qid, spec) in enumerate(assignment.questions.items(), start=1)]
    for result in results:
        if result.answer is None:
            result.state = MISSING
    if on_progress:
        on_progress(results)
    for result in results:
        if result.state != PENDING:
            continue
        left = budget - (time.monotonic() - start)
        if left < MIN_CHECK_SECONDS:
            result.state, result.problem = OUT_OF_TIME, \
                "not graded: the autograder ran out of time before this question"
            continue
        try:
            question = prepare(result.spec)
        except Exception as exc:  # noqa: BLE001 - the TA's reference; reported, never the student's fault
            result.state = REFERENCE_ERROR
            result.problem = f"the reference answer of this question cannot be used: {exc}"
        else:
            result.verdict = check_answer(question, result.answer, timeout=min(timeout, left),
                                          memory_bytes=memory, hints=hints)
            result.state = GRADED
        if on_progress:
            on_progress(results)
    return results


def totals(results: list[QuestionResult]) -> tuple[float, float]:
    """(points earned, points possible), summed exactly from the decimal points of the reference."""
    earned = sum((Fraction(str(r.points)) for r in results), Fraction(0))
    possible = sum((Fraction(str(r.max_points)) for r in results), Fraction(0))
    return float(earned), float(possible)


def write_json(path: str | Path, data: dict) -> None:
    """Write a results file atomically (a reader never sees half a file); creates its folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".results-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=2, allow_nan=False)
            out.write("\n")
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


__all__ = ["write_json", "QuestionResult", "grade_submission", "totals", "prepare", "PENDING", "GRADED",
           "MISSING", "REFERENCE_ERROR", "OUT_OF_TIME", "DEFAULT_TIMEOUT", "DEFAULT_BUDGET"]
