"""Gradescope's autograder contract: a submission folder in, a results.json out.

    code = autograde("hw.ref", "/autograder/submission", "/autograder/results/results.json")

Format: Gradescope's autograder specifications
(https://gradescope-autograders.readthedocs.io/en/latest/specs/): top-level `score`,
`output`, `output_format`, `visibility`, `stdout_visibility`, `execution_time` and
`tests`, one per question of the reference file, each with `name`, `number`, `score`,
`max_score`, `output` (Markdown, `output_format: "md"`), `visibility` and `extra_data`.
The top-level score is the sum of the tests' scores.

A results file is written before grading starts (every question "not graded yet") and
rewritten after every question, atomically, so a run killed by Gradescope's time or
memory limit still leaves a valid file; whatever the submission holds (nothing, an empty
file, bytes that are not UTF-8, a symlink, a hostile formula) the result is a valid
results.json with a clear message. Only a results path that cannot be written is fatal.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from .autograde import (DEFAULT_BUDGET, DEFAULT_TIMEOUT, GRADED, MISSING, OUT_OF_TIME, PENDING, REFERENCE_ERROR,
                        QuestionResult, grade_submission, totals, write_json)
from .feedback import clean, escape_markdown, feedback_markdown
from .reference import ReferenceError, read_assignment
from .submission import Submission, read_submission

SUBMISSION_DIR = "/autograder/submission"
RESULTS_FILE = "/autograder/results/results.json"
STDOUT_VISIBILITY = "hidden"        # our stdout is for the course staff (reference errors, timings)
MAX_OUTPUT_CHARS = 20_000           # per text field of results.json


def autograde(reference: str | Path, submission: str | Path = SUBMISSION_DIR, results: str | Path = RESULTS_FILE,
              *, timeout: float = DEFAULT_TIMEOUT, budget: float = DEFAULT_BUDGET, hints: bool = True,
              log=None) -> int:
    """Grade one submission into a results.json; 0 when graded, 2 when the reference is broken."""
    log = log or sys.stdout
    start = time.monotonic()
    try:
        assignment = read_assignment(reference)
    except ReferenceError as exc:
        log.write(f"symcheck autograde: the reference file cannot be used: {exc}\n")
        write_results(results, failure_results("its reference file cannot be read", time.monotonic() - start))
        return 2
    sub = read_submission(submission, list(assignment.questions))
    write = lambda rs: write_results(results, results_json(assignment, rs, sub, time.monotonic() - start))  # noqa: E731
    graded = grade_submission(assignment, sub.answers, timeout=timeout, budget=budget, hints=hints,
                              on_progress=write)
    data = results_json(assignment, graded, sub, time.monotonic() - start)
    write_results(results, data)
    _log_summary(log, graded, sub, data)
    return 2 if any(r.state == REFERENCE_ERROR for r in graded) else 0


def results_json(assignment, results: list[QuestionResult], sub: Submission, seconds: float) -> dict:
    """The results.json document for these (possibly partial) results."""
    earned, possible = totals(results)
    tests = [_test(r, assignment.visibility_of(r.id)) for r in results]
    return {
        "score": earned,
        "execution_time": int(round(seconds)),
        "output": _bounded(_overall_output(results, sub, earned, possible)),
        "output_format": "md",
        "visibility": assignment.visibility,
        "stdout_visibility": STDOUT_VISIBILITY,
        "tests": tests,
    }


def _test(result: QuestionResult, visibility: str) -> dict:
    status = result.verdict.status if result.verdict is not None else ""
    return {
        "name": clean(result.title, 200),
        "number": str(result.number),
        "score": result.points,
        "max_score": result.max_points,
        "output": _bounded(_test_output(result)),
        "output_format": "md",
        "visibility": visibility,
        "extra_data": {"question": result.id, "state": result.state, "verdict": status},
    }


def _test_output(result: QuestionResult) -> str:
    if result.state == GRADED:
        return feedback_markdown(result.verdict, result.answer)
    if result.state == MISSING:
        return (f"**No answer was found for this question.**\n\nWrite it on a line `{_code(result.id)}: <your answer>` "
                f"in `answers.md`, or as `\"{_code(result.id)}\": \"<your answer>\"` in `answers.json`.")
    if result.state == REFERENCE_ERROR:
        return ("**Not graded: the autograder's reference answer for this question has an error** (not your "
                "answer's fault). Your course staff has been shown the error and can regrade after fixing it.")
    if result.state == OUT_OF_TIME:
        return f"**{escape_markdown(result.problem)}.** Your course staff can rerun the autograder."
    return ("**Not graded yet: the autograder stopped before reaching this question** (a time or memory limit). "
            "Your course staff can rerun the autograder.")


def _overall_output(results: list[QuestionResult], sub: Submission, earned: float, possible: float) -> str:
    correct = sum(1 for r in results if r.verdict is not None and r.verdict.correct)
    lines = [f"**symcheck: {correct} of {len(results)} questions correct, {_number(earned)} / {_number(possible)} "
             "points.**"]
    if sub.files:
        lines.append("Answers read from " + ", ".join(f"`{_code(f)}`" for f in sub.files) + ".")
    if not sub.answers:
        lines.append("**No answers were found in your submission.** Submit a file `answers.md` with one line "
                     "`question-id: answer` per question (or `answers.json`: `{\"question-id\": \"answer\"}`).")
    missing = [r.id for r in results if r.state == MISSING]
    if missing and sub.answers:
        lines.append("Not answered: " + ", ".join(f"`{_code(q)}`" for q in missing) + ".")
    if any(r.state == PENDING for r in results):
        lines.append("Grading is still running (or stopped before the end).")
    for note in sub.notes:
        lines.append("- " + escape_markdown(note))
    return "\n\n".join(lines)


def failure_results(reason: str, seconds: float = 0.0) -> dict:
    """A valid results.json when the autograder itself failed (`reason` is ours, never the student's text)."""
    return {"score": 0.0, "execution_time": int(round(seconds)),
            "output": f"**Not graded: the autograder failed** ({escape_markdown(reason)}). This is not a problem "
                      "with your submission; your course staff can see the error and regrade.",
            "output_format": "md", "visibility": "visible", "stdout_visibility": STDOUT_VISIBILITY, "tests": []}


def write_results(path: str | Path, data: dict) -> None:
    """Write results.json atomically (a reader never sees half a file); creates the folder."""
    write_json(path, data)


def _log_summary(log, results: list[QuestionResult], sub: Submission, data: dict) -> None:
    """For the course staff (Gradescope shows run_autograder's stdout to instructors only)."""
    log.write(f"symcheck autograde: score {_number(data['score'])}; files read: {', '.join(sub.files) or 'none'}\n")
    for r in results:
        what = r.verdict.status if r.verdict is not None else r.state
        seconds = f" ({r.verdict.seconds:.2f} s)" if r.verdict is not None else ""
        log.write(f"  {r.id}: {what}{seconds}{'  ' + r.problem if r.problem else ''}\n")
    for note in sub.notes:
        log.write(f"  note: {note}\n")


def _code(text) -> str:
    """Text for inside a Markdown code span: control characters and backticks removed."""
    return clean(text, 100).replace("`", "'").replace("\n", " ")


def _number(value: float) -> str:
    return f"{value:g}"


def _bounded(text: str) -> str:
    return text if len(text) <= MAX_OUTPUT_CHARS else text[:MAX_OUTPUT_CHARS - 40] + "\n\n… (output shortened)"


__all__ = ["autograde", "results_json", "write_results", "failure_results", "SUBMISSION_DIR",
           "RESULTS_FILE"]
