"""The JSON document of a grading run (`symcheck grade --json`, the web page's grading API): run report and summary."""
from __future__ import annotations

from .export import summary


def grade_document(report, results: list[dict]) -> dict:
    """{"run": the GradeReport's fields, "summary": per-question counts} for `results` (rows of the store)."""
    return {"run": dict(vars(report)), "summary": summary(results)}


__all__ = ["grade_document"]
