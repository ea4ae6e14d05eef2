"""Reading student answers: CSV or JSON Lines rows of (student, question, answer).

CSV needs a header row; JSONL needs one object per line. Accepted column names
(case-insensitive) are in `COLUMNS`. A row that cannot be read (bad JSON, JSON nested
too deeply, a missing field, a student or question id that is a list, object or boolean) is kept
as an `AnswerRow` with `problem` set, so it gets a
verdict of its own (`rejected`) and the rest of the file is still graded.

Files are decoded strictly (UTF-8 by default, a byte-order mark allowed, or the
`encoding` given): a byte that does not decode stops the reading with a message naming
its line, never a silent replacement character.
"""
from __future__ import annotations

import codecs
import csv
import io
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
    """One row of an answers file: who answered which question what (or why it cannot be read)."""

    row: int             # 1-based data row (CSV) or line (JSONL) in its file
    student: str
    question: str
    answer: str
    problem: str = ""    # why the row could not be read, if so


def read_answers(path: str | Path, encoding: str = "utf-8") -> list[AnswerRow]:
    """Rows of a .csv or .jsonl/.ndjson file (raises ValueError for an unreadable file, encoding or header)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return _jsonl(path, decode_text(path, encoding))
    if suffix in (".csv", ".tsv", ".txt"):
        return _csv(path, decode_text(path, encoding), "\t" if suffix == ".tsv" else ",")
    raise ValueError(f"{path}: answers must be a .csv, .tsv or .jsonl file")


def decode_text(path: Path, encoding: str = "utf-8") -> str:
    """The file's text, decoded strictly; ValueError naming the first byte that does not decode, and where."""
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r} (try utf-8, cp1252 or latin-1)") from None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ValueError(f"{path} is not {codec} text: byte 0x{data[exc.start]:02x} at line {line}, column {column} "
                         f"does not decode. Save the file as UTF-8, or name its encoding with --encoding "
                         f"(e.g. --encoding cp1252 for a spreadsheet saved on Windows)") from None


def _pick(mapping: dict, role: str):
    lowered = {str(k).strip().lower(): k for k in mapping}
    for name in COLUMNS[role]:
        if name in lowered:
            return lowered[name]
    return None


def _csv(path: Path, text: str, delimiter: str) -> list[AnswerRow]:
    csv.field_size_limit(MAX_FIELD)
    rows = []
    with io.StringIO(text, newline="") as handle:
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


def _jsonl(path: Path, text: str) -> list[AnswerRow]:
    rows = []
    for number, line in enumerate(text.split("\n"), start=1):  # JSON strings may hold U+2028: not a line end
        if not line.strip():
            continue
        try:
            rows.append(_json_row(number, line))
        except (ValueError, TypeError, RecursionError) as exc:
            why = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
            rows.append(AnswerRow(number, "", "", line[:200], f"unreadable JSON line: {why}"))
    return rows


def _json_row(number: int, line: str) -> AnswerRow:
    """One JSONL line as a row; raises ValueError / RecursionError when it cannot be read."""
    record = json.loads(line)
    if not isinstance(record, dict):
        raise ValueError("not an object")
    keys = {role: _pick(record, role) for role in COLUMNS}
    missing = [role for role, key in keys.items() if key is None]
    values = {role: record.get(key) for role, key in keys.items() if key is not None}
    answer = values.get("answer")
    who, which = (_identifier(values.get(role)) for role in ("student", "question"))
    problem = (f"missing {', '.join(missing)}" if missing else
               "the answer is not a string" if not isinstance(answer, str) else
               "the student is not a string or a number" if who is None else
               "the question is not a string or a number" if which is None else "")
    return AnswerRow(number, who if who is not None else "", which if which is not None else "",
                     answer if isinstance(answer, str) else json.dumps(answer), problem)


def _identifier(value) -> str | None:
    """A student or question id as text: a string, or a JSON number (123 -> "123"); None for a list, an
    object or a boolean (null is an empty id, as before)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


__all__ = ["AnswerRow", "read_answers", "decode_text", "COLUMNS"]
