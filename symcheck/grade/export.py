"""Reading a grading store out: per-question summary, CSV and a self-contained HTML page.

Summary columns (per question): correct (equivalent), wrong (not_equivalent, ill_typed),
unknown (unknown, timeout), unparseable (unparseable, rejected) — see `COLUMN_OF`.
Exports are safe to open: CSV cells that a spreadsheet would run as a formula get a
leading `'`, and the HTML page is rendered by `report.html` (Jinja2, autoescaped:
templates/grades_page.html).
"""
from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

from .store import Store
from .verdict import COLUMN_OF, STATUSES, SUMMARY_COLUMNS

CSV_FIELDS = ("student", "question", "answer", "status", "correct", "hint", "detail", "counterexample",
              "parsed", "source", "row_number")


def summary(results: list[dict]) -> list[dict]:
    """One dict per question (in first-seen order) with the SUMMARY_COLUMNS counts, `total` and per-status counts."""
    table: dict = defaultdict(Counter)
    for r in results:
        table[r["question"]][COLUMN_OF.get(r["status"], "unknown")] += 1
        table[r["question"]]["status:" + r["status"]] += 1
    out = []
    for question, counts in table.items():
        row = {"question": question, **{c: counts[c] for c in SUMMARY_COLUMNS}}
        row["total"] = sum(counts[c] for c in SUMMARY_COLUMNS)
        row["by_status"] = {s: counts["status:" + s] for s in STATUSES if counts["status:" + s]}
        out.append(row)
    return out


def _summary_table(rows: list[dict]) -> tuple[tuple, list, list]:
    """(headers, body, totals) of the per-question summary; totals is empty when there are no rows."""
    head = ("question",) + SUMMARY_COLUMNS + ("total",)
    body = [[str(r[h]) for h in head] for r in rows]
    totals = ["all"] + [str(sum(r[c] for r in rows)) for c in SUMMARY_COLUMNS + ("total",)] if rows else []
    return head, body, totals


# colours of the summary columns on a terminal (question, correct, wrong, unknown, unparseable, total)
SUMMARY_STYLES = ("", "green", "red", "yellow", "magenta", "bold")


def write_summary(rows: list[dict], stream) -> None:
    """The per-question summary as a table on `stream`: coloured on a terminal, plain text when piped."""
    from ..report.terminal import write_table

    head, body, totals = _summary_table(rows)
    write_table(stream, head, body, numeric=[False] + [True] * (len(head) - 1), footer=totals or None,
                column_styles=SUMMARY_STYLES)


def format_summary(rows: list[dict]) -> str:
    """The per-question summary as plain text (question ids without control characters)."""
    import io

    out = io.StringIO()
    write_summary(rows, out)
    return out.getvalue().rstrip("\n")


# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell that no spreadsheet runs as a formula: text starting with =, +, -, @, tab or CR gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_csv(results: list[dict], path: str | Path) -> None:
    """Every graded row; cells a spreadsheet would run as a formula are neutralised (`spreadsheet_safe`)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for r in results:
            writer.writerow({k: spreadsheet_safe(v) for k, v in {"student": r["student"], "question": r["question"], "answer": r["answer"],
                             "status": r["status"], "correct": int(r["status"] == "equivalent"),
                             "hint": r["hint"], "detail": r["detail"], "counterexample": r["counterexample_text"],
                             "parsed": r["parsed"], "source": r["source"], "row_number": r["row_number"]}.items()})


def export_html(results: list[dict], path: str | Path, title: str = "symcheck grades") -> None:
    """One HTML file with inline CSS, no scripts and no external resources; every value escaped (Jinja2)."""
    from ..report.html import render_grades_page

    Path(path).write_text(render_grades_page(results, summary(results), title=title), encoding="utf-8")


def results_of(db: str | Path) -> list[dict]:
    """Every graded row of the store `db` (Store.results)."""
    with Store(db) as store:
        return store.results()


__all__ = ["summary", "format_summary", "write_summary", "export_csv", "spreadsheet_safe", "FORMULA_STARTS", "export_html", "results_of", "CSV_FIELDS"]
