"""PrairieLearn's external grader: a grading job folder in, PrairieLearn's results.json out.

    python -m symcheck.prairielearn --ref /grade/tests/hw.ref      # in the grading container

The job layout is PrairieLearn's (https://docs.prairielearn.com/externalGrading/, "The
Grading Process"): `/grade/data/data.json` (the `data` dictionary server.py's grade would
get), `/grade/student/` (the files the student submitted), and the results go to
`/grade/results/results.json` (the folder is created). Answers: for every question id of
the reference file, `data["submitted_answers"][id]` when it is text (a `pl-string-input`
with `answers-name` = the id), else the student's files read as on Gradescope (symcheck.
grade.submission: `answers.md`, `answers.json`, ... from `pl-file-editor` or `pl-file-upload`).

results.json ("Grading results" on that page): `gradable`, `score` (points earned over
points possible, 0 to 1), `message`, `output` (notes about the submission) and `tests`,
one per question, with `name`, `description`, `points`, `max_points`, `message` (the
verdict) and `output` (hint, counterexample, the answer as read). As PrairieLearn's own
input elements do for a format error, a submission with an answer that cannot be read as
a formula, or with no answers at all, is `"gradable": false` with `format_errors` (no
attempt is used); a reference file that cannot be used is too, with a message saying it
is the course's error.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..grade.autograde import GRADED, MISSING, REFERENCE_ERROR, grade_submission, totals, write_json
from ..grade.feedback import clean, feedback_text, headline, is_format_error
from ..grade.reference import ReferenceError, read_assignment
from ..grade.submission import MAX_FILE_BYTES, read_submission, shown

JOB_DIR = "/grade"
DEFAULT_TIMEOUT = 10.0      # seconds per answer
DEFAULT_BUDGET = 25.0       # seconds for the whole job: PrairieLearn's default job timeout is 30 s


def answers_from_data(path: Path, ids, notes: list) -> dict:
    """{question id: answer} from data.json's submitted_answers (text values for the reference's ids)."""
    try:
        raw = path.read_bytes()[:MAX_FILE_BYTES * 4 + 1]
        data = json.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, RecursionError) as exc:
        notes.append(f"data.json could not be read ({shown(exc, 80)})")
        return {}
    submitted = data.get("submitted_answers") if isinstance(data, dict) else None
    if not isinstance(submitted, dict):
        return {}
    return {qid: submitted[qid] for qid in ids if isinstance(submitted.get(qid), str)}


def grade_job(reference: str | Path, job: str | Path = JOB_DIR, *, timeout: float = DEFAULT_TIMEOUT,
              budget: float = DEFAULT_BUDGET, hints: bool = True) -> dict:
    """The results.json document for one grading job (raises ReferenceError for an unreadable reference file)."""
    job = Path(job)
    assignment = read_assignment(reference)
    ids = list(assignment.questions)
    notes: list = []
    from_data = answers_from_data(job / "data" / "data.json", ids, notes)
    sub = read_submission(job / "student", ids)
    answers = {**sub.answers, **from_data}
    if sub.found_files or not from_data:
        notes.extend(sub.notes)
    if not answers:
        return {"gradable": False, "format_errors": ["No answers were found in the submission."
                                                     + (" " + "; ".join(notes) if notes else "")],
                "message": "Nothing was graded and no attempt was used: submit an answer to every question."}
    results = grade_submission(assignment, answers, timeout=timeout, budget=budget, hints=hints)
    errors = [f"{r.id}: {clean(feedback_text(r.verdict, r.answer), 600)}" for r in results
              if r.verdict is not None and is_format_error(r.verdict)]
    if errors:
        return {"gradable": False, "format_errors": errors,
                "message": "Some answers could not be read as formulas; nothing was graded and no attempt was used."}
    earned, possible = totals(results)
    correct = sum(1 for r in results if r.verdict is not None and r.verdict.correct)
    data = {"gradable": True, "score": earned / possible if possible else 0.0,
            "message": f"{correct} of {len(results)} questions correct, {earned:g} / {possible:g} points.",
            "tests": [_test(r) for r in results]}
    if notes or any(r.state == MISSING for r in results):
        data["output"] = "\n".join(notes + [f"not answered: {r.id}" for r in results if r.state == MISSING])
    return data


def _test(result) -> dict:
    if result.state == GRADED:
        message, output = headline(result.verdict), feedback_text(result.verdict, result.answer)
        output = output[len(message):].lstrip("\n")
    elif result.state == REFERENCE_ERROR:
        message, output = "Not graded: the reference answer of this question has an error (the course's, " \
                          "not yours).", ""
    elif result.state == MISSING:
        message, output = headline(None), ""
    else:
        message, output = "Not graded: " + result.problem.removeprefix("not graded: "), ""
    test = {"name": clean(result.title, 200), "points": result.points, "max_points": result.max_points,
            "message": message}
    if result.spec.title:
        test["description"] = clean(result.spec.title, 200)
    if output:
        test["output"] = output
    return test


def misconfigured() -> dict:
    """results.json when the reference file cannot be read: not the student's fault, no attempt used."""
    return {"gradable": False,
            "format_errors": ["The grader is misconfigured (its reference file cannot be read). This is not a "
                              "problem with your answer; no attempt was used."],
            "message": "Not graded: the course's grader is misconfigured."}


def main(argv: list[str] | None = None) -> int:
    """`python -m symcheck.prairielearn`: 0 when results.json was written, 2 when the reference is broken."""
    parser = argparse.ArgumentParser(prog="python -m symcheck.prairielearn",
                                     description="PrairieLearn external grader: grade /grade into "
                                                 "/grade/results/results.json")
    parser.add_argument("--ref", required=True, metavar="FILE", help="the reference file (e.g. /grade/tests/hw.ref)")
    parser.add_argument("--job", default=JOB_DIR, metavar="DIR", help=f"the grading job folder (default {JOB_DIR})")
    parser.add_argument("--results", metavar="FILE", help="where to write results.json (default JOB/results/results.json)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"wall-clock limit per answer (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--time-budget", type=float, default=DEFAULT_BUDGET, metavar="SECONDS",
                        help=f"for the whole job, under the question's externalGradingOptions.timeout "
                             f"(default {DEFAULT_BUDGET:g})")
    parser.add_argument("--no-hints", action="store_true", help="do not look for the kind of mistake")
    args = parser.parse_args(argv)
    if not (args.timeout > 0 and args.time_budget > 0):
        parser.error("--timeout and --time-budget must be greater than 0")
    results = Path(args.results) if args.results else Path(args.job) / "results" / "results.json"
    code = 0
    try:
        data = grade_job(args.ref, args.job, timeout=args.timeout, budget=args.time_budget, hints=not args.no_hints)
    except ReferenceError as exc:
        sys.stderr.write(f"symcheck: the reference file cannot be used: {exc}\n")
        data, code = misconfigured(), 2
    broken = [t["name"] for t in data.get("tests", []) if t["message"].startswith("Not graded: the reference")]
    if broken:      # the staff can see why with `symcheck check --ref-file FILE --question ID x`
        sys.stderr.write(f"symcheck: the reference answer cannot be used for: {', '.join(broken)}\n")
        code = 2
    try:
        write_json(results, data)
    except OSError as exc:
        sys.stderr.write(f"symcheck: cannot write {results}: {exc.strerror or exc}\n")
        return 2
    return code


__all__ = ["grade_job", "answers_from_data", "main", "misconfigured", "JOB_DIR"]
