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
denominator), `points` (a number >= 0, default 1) and `visibility` (hidden,
after_due_date, after_published or visible: who sees the result on Gradescope). A line
starting with whitespace continues the previous value. Before the first section only
`declare` (shared by every question) and `visibility` (the assignment's default) may appear.

`read_reference` gives the questions; `read_assignment` gives them with the
assignment-level settings (used by the platform adapters: symcheck autograde, PrairieLearn).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

KEYS = {"answer": "answer", "reference": "answer", "declare": "declare", "declarations": "declare",
        "title": "title", "layout": "layout", "points": "points", "visibility": "visibility"}
ASSIGNMENT_KEYS = ("declare", "visibility")   # keys allowed before the first [question] section
# Gradescope's visibility values (autograder specifications, "Controlling Test Case Visibility").
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")
DEFAULT_VISIBILITY = "visible"
MAX_POINTS = 1_000_000
_POINTS = re.compile(r"^\d+(\.\d+)?$|^\.\d+$")
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
    points: float = 1.0
    visibility: str = ""     # "" : the assignment's visibility applies

    @property
    def declarations_text(self) -> str:
        """The question's declarations, one per line."""
        return "\n".join(self.declarations)


@dataclass
class Assignment:
    """A whole reference file: its questions in file order and the assignment-level settings."""

    questions: dict[str, QuestionSpec]
    visibility: str = DEFAULT_VISIBILITY

    def visibility_of(self, qid: str) -> str:
        """The question's own visibility, else the assignment's."""
        return self.questions[qid].visibility or self.visibility


def read_reference(path: str | Path) -> dict[str, QuestionSpec]:
    """question id -> QuestionSpec, in file order. Raises ReferenceError."""
    return read_assignment(path).questions


def read_assignment(path: str | Path) -> Assignment:
    """The questions and assignment-level settings of a reference file (.json or text). Raises ReferenceError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReferenceError(f"{path}: cannot read: {exc}") from None
    if path.suffix.lower() == ".json":
        return _from_json(text, path)
    return parse_assignment(text, str(path))


def parse_reference(text: str, name: str = "<reference>") -> dict[str, QuestionSpec]:
    """question id -> QuestionSpec from the text of a reference file. Raises ReferenceError."""
    return parse_assignment(text, name).questions


def parse_assignment(text: str, name: str = "<reference>") -> Assignment:
    """The text of a reference file as an Assignment. Raises ReferenceError."""
    shared: list[str] = []
    settings = {"visibility": DEFAULT_VISIBILITY}
    questions: dict[str, QuestionSpec] = {}
    current: QuestionSpec | None = None
    last_key = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if raw[:1].isspace() and last_key is not None:
            _append(current, shared, last_key, line.strip(), f"{name}:{number}")
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
        if current is None and key not in ASSIGNMENT_KEYS:
            raise ReferenceError(f"{name}:{number}: `{key}` before the first [question] section")
        if current is None and key == "visibility":
            settings["visibility"] = _visibility(value, f"{name}:{number}")
        else:
            _set(current, shared, key, value, f"{name}:{number}")
        last_key = key
    for spec in questions.values():
        if not spec.answer:
            raise ReferenceError(f"{name}:{spec.line}: question [{spec.id}] has no `answer:` line")
    if not questions:
        raise ReferenceError(f"{name}: no [question] sections")
    return Assignment(questions, settings["visibility"])


def _set(current, shared, key, value, where) -> None:
    if key == "declare":
        (current.declarations if current is not None else shared).append(value)
    elif key == "layout":
        if value not in ("numerator", "denominator"):
            raise ReferenceError(f"{where}: layout must be numerator or denominator, not {value!r}")
        current.layout = value
    elif key == "points":
        current.points = _points(value, where)
    elif key == "visibility":
        current.visibility = _visibility(value, where)
    else:
        setattr(current, key, value)


def _append(current, shared, key, text, where) -> None:
    if key == "declare":
        (current.declarations if current is not None else shared).append(text)
    elif key in ("points", "visibility", "layout"):
        raise ReferenceError(f"{where}: `{key}` takes one word on its own line; remove the indentation")
    elif current is not None:
        setattr(current, key, (getattr(current, key) + " " + text).strip())


def _points(value, where: str) -> float:
    """A question's points: a plain decimal number from 0 to MAX_POINTS."""
    text = str(value).strip()
    if isinstance(value, bool) or not _POINTS.match(text) or float(text) > MAX_POINTS:
        raise ReferenceError(f"{where}: points must be a number from 0 to {MAX_POINTS:,} (like 2 or 0.5), "
                             f"not {text[:40]!r}")
    return float(text)


def _visibility(value, where: str) -> str:
    text = str(value).strip()
    if text not in VISIBILITIES:
        raise ReferenceError(f"{where}: visibility must be one of {', '.join(VISIBILITIES)}, not {text[:40]!r}")
    return text


def _from_json(text: str, path: Path) -> Assignment:
    """{"declare": [...], "visibility": ..., "questions": {"id": {"answer": ..., "declare": [...] | "...",
    "title", "layout", "points", "visibility"}}}"""
    try:
        data = json.loads(text)
        shared = _lines(data.get("declare", []))
        visibility = _visibility(data.get("visibility", DEFAULT_VISIBILITY), f"{path}: visibility")
        out = {}
        for qid, item in data["questions"].items():
            where = f"{path}: question {qid}"
            spec = QuestionSpec(str(qid), str(item["answer"]), shared + _lines(item.get("declare", [])),
                                str(item.get("title", "")), str(item.get("layout", "numerator")),
                                points=_points(item.get("points", 1), where),
                                visibility=_visibility(item["visibility"], where) if "visibility" in item else "")
            if spec.layout not in ("numerator", "denominator"):
                raise ValueError(f"question {qid}: bad layout {spec.layout!r}")
            out[spec.id] = spec
    except ReferenceError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise ReferenceError(f"{path}: not a reference file: {exc}") from None
    if not out:
        raise ReferenceError(f"{path}: no questions")
    return Assignment(out, visibility)


def _lines(value) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []


__all__ = ["Assignment", "QuestionSpec", "ReferenceError", "read_assignment", "parse_assignment", "read_reference",
           "parse_reference", "VISIBILITIES", "DEFAULT_VISIBILITY"]
