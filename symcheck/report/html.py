"""HTML of results: the one renderer of the web page, notebooks and the pages symcheck writes.

Every function takes a JSON document (the `symcheck verify --json` document, an
`AnswerVerdict.to_json()`, a claim verdict as a dict, rows of the grading store) and
returns `markupsafe.Markup` (or, for a page, text) rendered from the Jinja2 templates in
`templates/` with autoescaping on, so nothing in a document can inject HTML.

- Fragments (`render_derivation`, `render_answer`, `render_verdict`, `render_grade`, ...):
  math is TeX source, shown between `\\(` `\\)` (a notebook's MathJax typesets it) and in a
  `data-tex` attribute (the web page typesets it with its bundled KaTeX). `standalone=True`
  adds the stylesheet, for `_repr_html_` in notebooks.
- Pages that stand alone (`render_derivation_page` for `verify --html`, `render_grades_page`
  for `grade --export-html`): inline CSS, no scripts, no fonts, nothing from the network;
  formulas as symcheck read them (Unicode) next to the LaTeX as written, matrices as tables,
  integers over 1,000 digits shortened (`safe_text.shorten_digits`).
- `render_notice` (a one-line message of the web page) and `render_feedback` (plain feedback
  text for PrairieLearn, indented lines in `<pre>`).

Nothing here imports the rest of symcheck but `safe_text`: the result classes call these
functions with their own documents.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from ..safe_text import TEXT_DIGITS, shorten_digits
from . import tex

TEMPLATES = Path(__file__).with_name("templates")

# status -> (symbol, CSS class) for each vocabulary: steps of a derivation, answers, claim verdicts.
STEP_CLASSES = {"proved": "ok", "refuted": "bad", "shape error": "bad", "unknown": "unk", "parse error": "parse",
                "definition": "given", "premise": "given"}
ANSWER_LOOK = {"equivalent": ("✓", "ok"), "not_equivalent": ("✗", "bad"), "ill_typed": ("✗", "bad"),
               "unknown": ("?", "unk"), "timeout": ("?", "unk"), "unparseable": ("!", "parse"),
               "rejected": ("!", "parse")}
VERDICT_LOOK = {"proved": ("✓", "ok"), "refuted": ("✗", "bad"), "unknown": ("?", "unk"), "error": ("!", "parse")}
# Sorting order of answer statuses in the grade table (higher is better).
ANSWER_RANK = {"equivalent": 4, "unknown": 2, "timeout": 2, "not_equivalent": 1, "ill_typed": 1, "unparseable": 0,
               "rejected": 0}
SUMMARY_COLUMNS = ("correct", "wrong", "unknown", "unparseable")


@lru_cache(maxsize=1)
def environment():
    """The Jinja2 environment of the report templates (autoescaped; undefined names are errors)."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(
        step_tex=tex.step, tex_name=tex.name, tex_value=tex.value, dims_tex=dims_tex,
        status_class=lambda status: STEP_CLASSES.get(status, "unk"),
        answer_symbol=lambda status: ANSWER_LOOK.get(status, ("?", "unk"))[0],
        answer_class=lambda status: ANSWER_LOOK.get(status, ("?", "unk"))[1],
        verdict_symbol=lambda status: VERDICT_LOOK.get(status, ("?", "unk"))[0],
        verdict_class=lambda status: VERDICT_LOOK.get(status, ("?", "unk"))[1],
        summary_text=summary_text, answer_detail=answer_detail)
    env.filters.update(short_digits=lambda value: shorten_digits(str(value), TEXT_DIGITS),
                       text=lambda value: "" if value is None else str(value))
    return env


def stylesheet(name: str = "report.css") -> str:
    """The CSS of every fragment (classes under `.symcheck-report`), or of one page (`derivation_page.css`, ...)."""
    return (TEMPLATES / name).read_text(encoding="utf-8")


def dims_tex(dims: dict) -> str:
    """Dimensions of a counterexample as TeX: `n = 2,\\quad d = 3`."""
    return r",\quad ".join(f"{tex.name(k)} = {int(v)}" for k, v in dims.items())


def summary_text(summary: dict) -> str:
    """`4 proved, 1 refuted` from a {label: count} summary (labels with no count left out)."""
    return ", ".join(f"{n} {label}" for label, n in summary.items() if n)


def _render(template: str, standalone: bool, **context):
    from markupsafe import Markup

    html = environment().get_template(template).render(**context)
    if standalone:
        html = f"<style>{stylesheet()}</style>\n{html}"
    return Markup(html)


def render_derivation(doc: dict, standalone: bool = False):
    """A checked derivation (the `verify --json` document, or its header-error form)."""
    return _render("derivation.html", standalone, doc=doc)


def render_step(step: dict, standalone: bool = False):
    """One step of a `verify --json` document."""
    first = step.get("status") in ("refuted", "shape error")
    doc = {"steps": [step], "first_wrong": {"index": step["index"], "line": step["line"], "status": step["status"]}
           if first else None, "ok": step.get("status") in ("proved", "definition", "premise"),
           "summary": {step.get("status", ""): 1}}
    return render_derivation(doc, standalone)


def render_answer(doc: dict, standalone: bool = False, *, answer_tex: str = "", reference_tex: str = ""):
    """A checked answer (`AnswerVerdict.to_json()`, the `check --json` document)."""
    return _render("answer.html", standalone, doc=doc, answer_tex=answer_tex, reference_tex=reference_tex)


def render_verdict(doc: dict, standalone: bool = False):
    """A claim's verdict: {"status", "method", "detail", "counterexample"} (counterexample in CONTRACT §3 form)."""
    return _render("verdict.html", standalone, doc=doc)


def answer_detail(row: dict) -> str:
    """A graded row's detail, with its counterexample as text under it."""
    detail = row.get("detail") or ""
    counterexample = row.get("counterexample_text") or ""
    return detail + (("\ncounterexample: " + counterexample) if counterexample else "")


def render_derivation_page(doc: dict, *, declarations: str = "") -> str:
    """`symcheck verify --html`: a whole page that stands alone for a `verify --json` document."""
    return environment().get_template("derivation_page.html").render(
        doc=doc, declarations=declarations, title=f"symcheck verify: {doc.get('file', '')}",
        css=stylesheet("derivation_page.css")) + "\n"


def render_grades_page(results: list[dict], summary: list[dict], *, title: str = "symcheck grades") -> str:
    """`symcheck grade --export-html`: the per-question summary and every graded row, a page that stands alone."""
    return environment().get_template("grades_page.html").render(
        results=results, summary=summary, columns=SUMMARY_COLUMNS, title=title,
        css=stylesheet("grades_page.css")) + "\n"


def render_notice(message: str):
    """A one-line message in the look of a report (e.g. the web page's "no such grading job")."""
    return _render("notice.html", False, message=message)


def render_feedback(text: str):
    """Plain feedback text as HTML: each line ends in <br>, indented lines (4 spaces) go in <pre>."""
    parts: list = []
    for line in text.split("\n"):
        if line.startswith("    "):
            if parts and parts[-1][0] == "pre":
                parts[-1][1].append(line[4:])
            else:
                parts.append(("pre", [line[4:]]))
        else:
            parts.append(("line", line))
    return _render("feedback.html", False, parts=parts)


def strip_math_delimiters(text: str) -> str:
    """LaTeX without the `$…$`, `$$…$$`, `\\(…\\)` or `\\[…\\]` around it (as answers are often pasted)."""
    text = (text or "").strip()
    for left, right in (("$$", "$$"), ("$", "$"), ("\\(", "\\)"), ("\\[", "\\]")):
        if text.startswith(left) and text.endswith(right) and len(text) >= len(left) + len(right):
            return text[len(left):len(text) - len(right)].strip()
    return text


def answer_doc_of_row(row: dict) -> dict:
    """The AnswerVerdict document of one row of the grading store (`Store.results()`)."""
    counterexample = row.get("counterexample")
    if isinstance(counterexample, str):
        try:
            counterexample = json.loads(counterexample)
        except ValueError:
            counterexample = None
    return {"status": row["status"], "detail": row.get("detail") or "", "hint": row.get("hint") or "",
            "counterexample": counterexample, "parsed": row.get("parsed") or "", "method": row.get("method") or "",
            "seconds": row.get("seconds") or 0.0}


def student_table(results: list[dict], references: dict | None = None) -> tuple[list, list]:
    """(questions, students) of graded rows: each student's cells by question (the last row of each pair)."""
    references = references or {}
    questions: dict = {}
    students: dict = {}
    for number, row in enumerate(results):
        questions.setdefault(row["question"], None)
        student = students.setdefault(row["student"], {"name": row["student"], "cells": {}, "score": 0})
        previous = student["cells"].get(row["question"])
        symbol, css = ANSWER_LOOK.get(row["status"], ("?", "unk"))
        student["cells"][row["question"]] = {
            "id": f"sc-cell-{number}", "status": row["status"], "symbol": symbol, "css": css,
            "rank": ANSWER_RANK.get(row["status"], 0), "count": (previous["count"] + 1) if previous else 1,
            "row": row}
    for student in students.values():
        student["score"] = sum(1 for cell in student["cells"].values() if cell["status"] == "equivalent")
        for cell in student["cells"].values():
            row = cell["row"]
            cell["html"] = render_answer(answer_doc_of_row(row), answer_tex=strip_math_delimiters(row["answer"]),
                                         reference_tex=references.get(row["question"], ""))
    return list(questions), list(students.values())


def render_grade(results: list[dict], summary: list[dict], standalone: bool = False, *,
                 references: dict | None = None):
    """A graded class: the per-question summary and a sortable student × question table with every verdict.

    `references` (question -> reference LaTeX) shows each question's reference next to an answer.
    """
    questions, students = student_table(results, references)
    return _render("grade.html", standalone, summary=summary, columns=SUMMARY_COLUMNS, questions=questions,
                   students=students)


__all__ = ["render_derivation", "render_step", "render_answer", "render_verdict", "render_grade", "stylesheet",
           "environment", "answer_doc_of_row", "student_table", "strip_math_delimiters", "render_derivation_page",
           "render_grades_page", "render_notice", "render_feedback", "answer_detail", "summary_text", "dims_tex"]
