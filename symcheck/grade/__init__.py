"""Checking student answers against reference answers: one at a time, or a whole class.

    from symcheck.grade import check_answer, grade_file, results_of, summary

    v = check_answer(r"(X^\\top X + \\lambda I)^{-1} X^\\top y", r"X^\\top (X X^\\top + \\lambda I)^{-1} y",
                     "X: n×d, y: n, lambda > 0")
    v.status, v.hint, v.counterexample          # 'equivalent', '', None

    report = grade_file("hw.ref", "answers.csv", "grades.sqlite", jobs=2)
    print(format_summary(summary(results_of("grades.sqlite"))))

Modules: verdict (AnswerVerdict, statuses), check (one answer: screening, parsing,
deciding, in a killable worker), hints (which mistake a wrong answer makes), normalize
(cache keys), reference (reference files), rows (CSV/JSONL answers), store (SQLite),
batch (resumable grading), export (summary, CSV, HTML). See docs/grading.md.
"""
from __future__ import annotations

from .batch import GradeReport, grade_file, grade_rows, prepare_questions
from .check import (DEFAULT_MEMORY_BYTES, DEFAULT_TIMEOUT, PreparedQuestion, check_answer, check_in_process,
                    prepare_question)
from .export import export_csv, export_html, format_summary, results_of, summary
from .normalize import normalize_answer
from .reference import QuestionSpec, ReferenceError, parse_reference, read_reference
from .rows import AnswerRow, read_answers
from .store import Store
from .verdict import (EQUIVALENT, ILL_TYPED, NOT_EQUIVALENT, REJECTED, STATUSES, TIMEOUT, UNKNOWN, UNPARSEABLE,
                      AnswerVerdict)

__all__ = ["check_answer", "check_in_process", "prepare_question", "PreparedQuestion", "AnswerVerdict",
           "grade_file", "grade_rows", "prepare_questions", "GradeReport", "Store", "read_reference",
           "parse_reference", "QuestionSpec", "ReferenceError", "read_answers", "AnswerRow", "normalize_answer",
           "summary", "format_summary", "export_csv", "export_html", "results_of", "DEFAULT_TIMEOUT",
           "DEFAULT_MEMORY_BYTES", "STATUSES", "EQUIVALENT", "NOT_EQUIVALENT", "UNKNOWN", "UNPARSEABLE",
           "ILL_TYPED", "TIMEOUT", "REJECTED"]
