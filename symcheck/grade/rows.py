"""Reading student answers: CSV or JSON Lines rows of (student, question, answer).

CSV needs a header row; JSONL needs one object per line. Accepted column names
(case-insensitive) are in `COLUMNS`. A row that cannot be read (bad JSON, a missing
field) is kept as an `AnswerRow` with `problem` set, so it gets a verdict of its own
(`rejected`) and the rest of the file is still graded.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

COLUMNS = {
    "student": ("student", "student_id", "studentid", "sid", "id", "user", "email"),
    "question": ("question", "question_id", "qid", "q", "problem", "item"),
    "answer": ("answer", "response", "submission", "latex"),
}
MAX_FIELD = 1_000_000  # characters of one CSV field (the checker rejects long answers on its own)


@dataclass
class AnswerRow:
    row: int             # 1-based data row (CSV) or line (JSONL) in its file
    student: str
    question: str
    answer: str
    problem: str = ""    # why the row could not be read, if so


def read_answers(path: str | Path) -> list[AnswerRow]:
    """Rows of a .csv or .jsonl/.ndjson file (raises ValueError for an unreadable file or header)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return _jsonl(path)
    if suffix in (".csv", ".tsv", ".txt"):
        return _csv(path, "\t" if suffix == ".tsv" else ",")
    raise ValueError(f"{path}: answers must be a .csv, .tsv or .jsonl file")


def _pick(mapping: dict, role: str):
    lowered = {str(k).strip().lower(): k for k in mapping}
    for name in COLUMNS[role]:
        if name in lowered:
            return lowered[name]
    return None


def _csv(path: Path, delimiter: str) -> list[AnswerRow]:
    csv.field_size_limit(MAX_FIELD)
    rows = []
    with path.open(newline="", encoding="utf-8-sig", errors="replace") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        header = {name: None for name in (reader.fieldnames or [])}
        columns = {role: _pick(header, role) for role in COLUMNS}
        missing = [role for role, col in columns.items() if col is None]
        if missing:
            raise ValueError(f"{path}: the header has no {', '.join(missing)} column "
                             f"(found: {', '.join(reader.fieldnames or []) or 'nothing'})")
        number = 0
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:  # e.g. a field over the size limit: the row gets its own verdict
                number += 1
                rows.append(AnswerRow(number, "", "", "", f"unreadable CSV row: {exc}"))
                continue
            number += 1
            values = {role: record.get(col) for role, col in columns.items()}
            problem = "" if all(v is not None for v in values.values()) else "missing fields"
            rows.append(AnswerRow(number, *(str(values[r] or "") for r in ("student", "question", "answer")),
                                  problem))
    return rows


def _jsonl(path: Path) -> list[AnswerRow]:
    rows = []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise ValueError("not an object")
            except ValueError as exc:
                rows.append(AnswerRow(number, "", "", line[:200], f"unreadable JSON line: {exc}"))
                continue
            keys = {role: _pick(record, role) for role in COLUMNS}
            missing = [role for role, key in keys.items() if key is None]
            values = {role: record.get(key) for role, key in keys.items() if key is not None}
            answer = values.get("answer")
            rows.append(AnswerRow(number, str(values.get("student", "") or ""), str(values.get("question", "") or ""),
                                  answer if isinstance(answer, str) else json.dumps(answer),
                                  f"missing {', '.join(missing)}" if missing else
                                  ("" if isinstance(answer, str) else "the answer is not a string")))
    return rows


__all__ = ["AnswerRow", "read_answers", "COLUMNS"]
