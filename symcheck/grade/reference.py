"""Reference files: the questions of an assignment, with their declarations and reference answers.

The format is plain text, one section per question (JSON with the same keys is also read):

    # Homework 2 (lines starting with # are comments)
    declare: lambda > 0                  # before any section: shared by every question

    [ridge]
    title: Ridge regression solution
    declare: X: n×d, y: n
    answer: (X^\\top X + \\lambda I)^{-1} X^\\top y

    [grad]
    declare: X: n×d, y: n, w: d
    layout: denominator
    answer: X^\\top (X w - y)

Keys: `answer` (required; `reference` is a synonym), `declare` (may repeat; each line is
one declaration line of the LaTeX front end), `title`, `layout` (numerator or
denominator). A line starting with whitespace continues the previous value.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

KEYS = {"answer": "answer", "reference": "answer", "declare": "declare", "declarations": "declare",
        "title": "title", "layout": "layout"}
_SECTION = re.compile(r"^\[\s*([^\]\s][^\]]*?)\s*\]\s*$")
_KEY = re.compile(r"^([A-Za-z]+)\s*:\s?(.*)$")


class ReferenceError(ValueError):
    """A reference file that cannot be read; the message names the file and line."""


@dataclass
class QuestionSpec:
    """One question as written in the reference file (not parsed yet)."""

    id: str
    answer: str = ""
    declarations: list = field(default_factory=list)
    title: str = ""
    layout: str = "numerator"
    line: int = 0

    @property
    def declarations_text(self) -> str:
        return "\n".join(self.declarations)


def read_reference(path: str | Path) -> dict[str, QuestionSpec]:
    """question id -> QuestionSpec, in file order. Raises ReferenceError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReferenceError(f"{path}: cannot read: {exc}") from None
    if path.suffix.lower() == ".json":
        return _from_json(text, path)
    return parse_reference(text, str(path))


def parse_reference(text: str, name: str = "<reference>") -> dict[str, QuestionSpec]:
    shared: list[str] = []
    questions: dict[str, QuestionSpec] = {}
    current: QuestionSpec | None = None
    last_key = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if raw[:1].isspace() and last_key is not None:
            _append(current, shared, last_key, line.strip())
            continue
        section = _SECTION.match(line)
        if section:
            qid = section.group(1)
            if qid in questions:
                raise ReferenceError(f"{name}:{number}: question [{qid}] appears twice")
            current = questions[qid] = QuestionSpec(qid, declarations=list(shared), line=number)
            last_key = None
            continue
        match = _KEY.match(line)
        if not match or match.group(1).lower() not in KEYS:
            raise ReferenceError(f"{name}:{number}: expected `[question]` or `key: value` with key one of "
                                 f"{', '.join(sorted(set(KEYS)))}, got {line[:60]!r}")
        key, value = KEYS[match.group(1).lower()], match.group(2).strip()
        if current is None and key != "declare":
            raise ReferenceError(f"{name}:{number}: `{key}` before the first [question] section")
        _set(current, shared, key, value, f"{name}:{number}")
        last_key = key
    for spec in questions.values():
        if not spec.answer:
            raise ReferenceError(f"{name}:{spec.line}: question [{spec.id}] has no `answer:` line")
    if not questions:
        raise ReferenceError(f"{name}: no [question] sections")
    return questions


def _set(current, shared, key, value, where) -> None:
    if key == "declare":
        (current.declarations if current is not None else shared).append(value)
    elif key == "layout":
        if value not in ("numerator", "denominator"):
            raise ReferenceError(f"{where}: layout must be numerator or denominator, not {value!r}")
        current.layout = value
    else:
        setattr(current, key, value)


def _append(current, shared, key, text) -> None:
    if key == "declare":
        (current.declarations if current is not None else shared).append(text)
    elif current is not None:
        setattr(current, key, (getattr(current, key) + " " + text).strip())


def _from_json(text: str, path: Path) -> dict[str, QuestionSpec]:
    """{"declare": [...], "questions": {"id": {"answer": ..., "declare": [...] | "...", ...}}}"""
    try:
        data = json.loads(text)
        shared = _lines(data.get("declare", []))
        out = {}
        for qid, item in data["questions"].items():
            spec = QuestionSpec(str(qid), str(item["answer"]), shared + _lines(item.get("declare", [])),
                                str(item.get("title", "")), str(item.get("layout", "numerator")))
            if spec.layout not in ("numerator", "denominator"):
                raise ValueError(f"question {qid}: bad layout {spec.layout!r}")
            out[spec.id] = spec
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ReferenceError(f"{path}: not a reference file: {exc}") from None
    if not out:
        raise ReferenceError(f"{path}: no questions")
    return out


def _lines(value) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []


__all__ = ["QuestionSpec", "ReferenceError", "read_reference", "parse_reference"]
