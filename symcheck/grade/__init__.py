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
batch (resumable grading), export (summary, CSV, HTML). See docs/grading.md. The names
below load their submodule on first use, so importing the package is cheap.
"""
from __future__ import annotations

import importlib

# public name -> the submodule that defines it. Loaded on first use (PEP 562): `symcheck check`
# needs `check` and `reference`, not the SQLite store, the batch runner or the exports.
_LAZY = {
    **dict.fromkeys(("GradeReport", "grade_file", "grade_rows", "prepare_questions"), "batch"),
    **dict.fromkeys(("DEFAULT_MEMORY_BYTES", "DEFAULT_TIMEOUT", "PreparedQuestion", "check_answer",
                     "check_in_process", "prepare_question"), "check"),
    **dict.fromkeys(("export_csv", "export_html", "format_summary", "results_of", "summary", "write_summary"),
                    "export"),
    "normalize_answer": "normalize",
    **dict.fromkeys(("QuestionSpec", "ReferenceError", "parse_reference", "read_reference"), "reference"),
    **dict.fromkeys(("AnswerRow", "read_answers"), "rows"),
    "Store": "store",
    **dict.fromkeys(("EQUIVALENT", "ILL_TYPED", "NOT_EQUIVALENT", "REJECTED", "STATUSES", "TIMEOUT", "UNKNOWN",
                     "UNPARSEABLE", "AnswerVerdict"), "verdict"),
}

__all__ = ["check_answer", "check_in_process", "prepare_question", "PreparedQuestion", "AnswerVerdict",
           "grade_file", "grade_rows", "prepare_questions", "GradeReport", "Store", "read_reference",
           "parse_reference", "QuestionSpec", "ReferenceError", "read_answers", "AnswerRow", "normalize_answer",
           "summary", "format_summary", "write_summary", "export_csv", "export_html", "results_of", "DEFAULT_TIMEOUT",
           "DEFAULT_MEMORY_BYTES", "STATUSES", "EQUIVALENT", "NOT_EQUIVALENT", "UNKNOWN", "UNPARSEABLE",
           "ILL_TYPED", "TIMEOUT", "REJECTED"]


def __getattr__(name: str):
    """The public names above, each imported from its submodule when first asked for."""
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
