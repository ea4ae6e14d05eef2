"""Reading one student's submission (a file or a folder of files) into {question id: answer}.

    sub = read_submission("/autograder/submission", ["ridge", "grad"])
    sub.answers     # {"ridge": "(X^T X + \\lambda I)^{-1} X^T y"}
    sub.notes       # what the student should know: files skipped, questions answered twice, ...

Accepted forms (docs/gradescope.md, "What students submit"):

* a JSON file: one object, question id -> answer (a string);
* a Markdown or plain-text file (.md, .markdown, .txt): a question starts at a line that
  names a question id of the reference — `ID: answer`, `[ID]`, a heading `## ID` (an
  optional colon, `**bold**`, and a list bullet are allowed) — and runs until the next
  such line; lines before the first are ignored. Its answer is the last display-math
  block of its text (`$$…$$`, `\\[…\\]`, or a fenced code block), else its last inline
  `$…$` / `\\(…\\)` / `` `…` ``, else the text itself.

A folder is searched (symlinks never followed, hidden files and `__MACOSX` skipped, three
levels deep) for such files. A top-level `answers.json` / `answers.md` / `answers.markdown`
/ `answers.txt` is read alone; otherwise every such file is read in path order and the
first answer to a question wins. Everything is bounded (file size, number of files,
entries looked at), nothing is executed, and every problem becomes a note, never an exception.
"""
from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

ANSWER_SUFFIXES = (".json", ".md", ".markdown", ".txt")
PREFERRED_NAMES = ("answers.json", "answers.md", "answers.markdown", "answers.txt")
MAX_FILE_BYTES = 1_000_000      # larger files are skipped unread
MAX_FILES = 20                  # answer files read at most
MAX_ENTRIES = 2_000             # directory entries looked at at most
MAX_DEPTH = 3                   # folder levels below the submission folder
MAX_SECTION_CHARS = 20_000      # a longer question section is kept as it is (screening then refuses it)
SKIPPED_DIRS = ("__MACOSX",)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class Submission:
    """What was read: answers by question id, the files read, and notes for the student."""

    answers: dict = field(default_factory=dict)      # question id -> answer (str; anything else is refused later)
    files: list = field(default_factory=list)        # files read, relative to the submission path
    notes: list = field(default_factory=list)        # readable sentences: skipped files, duplicates, ...
    found_files: bool = False                        # at least one answer file was found (readable or not)


def shown(text, limit: int = 80) -> str:
    """A name or snippet from the submission made safe to show: no control characters, bounded length."""
    text = _CONTROL.sub("?", str(text))
    return text if len(text) <= limit else text[:limit - 1] + "…"


def read_submission(path: str | Path, question_ids, *, max_file_bytes: int = MAX_FILE_BYTES) -> Submission:
    """Read a submission file or folder; never raises for anything the student controls."""
    path = Path(path)
    ids = list(question_ids)
    sub = Submission()
    try:
        info = os.lstat(path)
    except OSError:
        sub.notes.append("no submission was found")
        return sub
    if stat.S_ISREG(info.st_mode):
        candidates, ignored = [path], []
        base = path.parent
    elif stat.S_ISDIR(info.st_mode):
        candidates, ignored = _find_answer_files(path, sub.notes)
        base = path
    else:
        sub.notes.append("the submission is neither a file nor a folder")
        return sub
    if not candidates:
        shown_names = ", ".join(shown(p.relative_to(base), 40) for p in ignored[:5])
        sub.notes.append("no answer file was found (expected a .json, .md or .txt file)"
                         + (f"; found only: {shown_names}" + (" …" if len(ignored) > 5 else "") if ignored else ""))
        return sub
    sub.found_files = True
    preferred = [p for name in PREFERRED_NAMES for p in candidates if p.parent == base and p.name.lower() == name]
    if preferred and len(candidates) > 1:
        others = [p for p in candidates if p != preferred[0]]
        sub.notes.append(f"read {shown(preferred[0].name)} only; ignored "
                         + ", ".join(shown(p.relative_to(base), 40) for p in others[:5])
                         + (" …" if len(others) > 5 else ""))
        candidates = preferred[:1]
    if len(candidates) > MAX_FILES:
        sub.notes.append(f"only the first {MAX_FILES} of {len(candidates)} answer files were read")
        candidates = candidates[:MAX_FILES]
    sources: dict[str, str] = {}
    for file in candidates:
        name = shown(file.relative_to(base) if file != base else file.name)
        text = _read_text(file, name, sub.notes, max_file_bytes)
        if text is None:
            continue
        sub.files.append(name)
        found = parse_answers_json(text, ids, name, sub.notes) if file.suffix.lower() == ".json" \
            else parse_answers_text(text, ids, name, sub.notes)
        for qid, answer in found.items():
            if qid in sub.answers:
                if answer != sub.answers[qid]:
                    sub.notes.append(f"{shown(qid)} is answered in both {sources[qid]} and {name}; "
                                     f"the answer in {sources[qid]} was graded")
                continue
            sub.answers[qid], sources[qid] = answer, name
    return sub


def _find_answer_files(root: Path, notes: list) -> tuple[list[Path], list[Path]]:
    """Regular files with an answer suffix under root (sorted), and the other regular files seen."""
    found, ignored, seen = [], [], 0
    stack = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    seen += 1
                    if seen > MAX_ENTRIES:
                        notes.append(f"the submission has too many files; only {MAX_ENTRIES} were looked at")
                        return sorted(found), sorted(ignored)
                    if entry.name.startswith(".") or entry.name in SKIPPED_DIRS:
                        continue
                    if entry.is_symlink():
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        if depth < MAX_DEPTH:
                            stack.append((Path(entry.path), depth + 1))
                    elif entry.is_file(follow_symlinks=False):
                        target = found if Path(entry.name).suffix.lower() in ANSWER_SUFFIXES else ignored
                        target.append(Path(entry.path))
        except OSError as exc:
            notes.append(f"a folder could not be read ({shown(exc.strerror or exc, 60)})")
    return sorted(found), sorted(ignored)


def _read_text(path: Path, name: str, notes: list, limit: int) -> str | None:
    """The UTF-8 text of a regular file (opened without following links or blocking), or None with a note."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        notes.append(f"{name} could not be opened ({shown(exc.strerror or exc, 60)})")
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            notes.append(f"{name} is not a regular file; skipped")
            return None
        if info.st_size > limit:
            notes.append(f"{name} is too large ({info.st_size:,} bytes; the limit is {limit:,}); skipped")
            return None
        data = os.read(fd, limit + 1)
    except OSError as exc:
        notes.append(f"{name} could not be read ({shown(exc.strerror or exc, 60)})")
        return None
    finally:
        os.close(fd)
    if len(data) > limit:
        notes.append(f"{name} is too large (the limit is {limit:,} bytes); skipped")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        notes.append(f"{name} is not UTF-8 text (byte {exc.start}); save it as UTF-8 and submit again")
        return None
    if not text.strip():
        notes.append(f"{name} is empty")
    return text


def match_question(label: str, ids) -> str | None:
    """The question id a label names: exactly, else case-insensitively when that is unambiguous."""
    label = label.strip()
    if label in ids:
        return label
    folded = [qid for qid in ids if qid.casefold() == label.casefold()]
    return folded[0] if len(folded) == 1 else None


def parse_answers_json(text: str, ids, name: str = "answers.json", notes: list | None = None) -> dict:
    """{question id: answer} from a JSON object; non-string answers are kept (screening refuses them)."""
    notes = notes if notes is not None else []
    try:
        data = json.loads(text)
    except RecursionError:
        notes.append(f"{name} is nested too deeply to read")
        return {}
    except ValueError as exc:
        notes.append(f"{name} is not valid JSON ({shown(exc, 100)})")
        return {}
    if not isinstance(data, dict):
        notes.append(f"{name} must be one JSON object {{\"question id\": \"answer\", ...}}, "
                     f"not a JSON {type(data).__name__}")
        return {}
    out, unknown = {}, []
    for key, value in data.items():
        qid = match_question(str(key), ids)
        if qid is None:
            unknown.append(str(key))
        elif qid not in out:
            out[qid] = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if unknown:
        notes.append(f"{name}: ignored answers to questions that do not exist: "
                     + ", ".join(shown(k, 30) for k in unknown[:5]) + (" …" if len(unknown) > 5 else ""))
    return out


_SECTION = re.compile(r"\[\s*([^\]]{1,100}?)\s*\]")
_HEADING = re.compile(r"#{1,6}\s+(.*?)(?:\s+#+)?")
_BULLET = re.compile(r"^[-*+]\s+")
_EMPHASIS = ("**", "__")


def _question_line(line: str, ids) -> tuple[str, str] | None:
    """(question id, rest of the line) when the line starts a question, else None.

    Forms: `ID: answer`, `[ID]`, `## ID` (or `## ID: answer`), `**ID:** answer`, `**ID**: answer`,
    each optionally after a list bullet; at most three spaces of indentation.
    """
    if len(line) - len(line.lstrip(" ")) > 3 or "\t" in line[:4]:
        return None
    text = line.strip()
    section = _SECTION.fullmatch(text)
    if section:
        qid = match_question(section.group(1), ids)
        return (qid, "") if qid is not None else None
    heading = _HEADING.fullmatch(text)
    if heading:
        text = heading.group(1)
    else:
        text = _BULLET.sub("", text, count=1)
    for mark in _EMPHASIS:
        if text.startswith(mark):
            close = text.find(mark, len(mark))
            if close < 0:
                return None
            label, rest = text[len(mark):close], text[close + len(mark):]
            if label.rstrip().endswith(":"):
                label = label.rstrip()[:-1]
            elif rest.lstrip().startswith(":"):
                rest = rest.lstrip()[1:]
            elif not heading:
                return None
            qid = match_question(label, ids)
            return (qid, rest) if qid is not None else None
    label, colon, rest = text.partition(":")
    if not colon and not heading:
        return None
    qid = match_question(label, ids) if len(label) <= 100 else None
    return (qid, rest) if qid is not None else None


def parse_answers_text(text: str, ids, name: str = "answers.md", notes: list | None = None) -> dict:
    """{question id: answer} from Markdown or plain text (the rules of the module docstring)."""
    notes = notes if notes is not None else []
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S) if "<!--" in text else text
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    twice: list[str] = []
    in_fence = False
    for line in text.splitlines():
        start = None if in_fence else _question_line(line, ids)
        if start is not None:
            qid, rest = start
            if qid in sections:
                twice.append(qid)
                current = None          # the first answer to a question is graded
            else:
                current = sections[qid] = [rest]
            continue
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        if current is not None:
            current.append(line)
    if twice:
        notes.append(f"{name}: answered more than once (the first answer was graded): "
                     + ", ".join(shown(q, 30) for q in dict.fromkeys(twice)))
    out = {}
    for qid, lines in sections.items():
        answer, several = extract_answer("\n".join(lines))
        if several:
            notes.append(f"{name}: several formulas under {shown(qid, 30)}; the last one was graded")
        out[qid] = answer
    return out


_DISPLAY = (("$$", "$$"), ("\\[", "\\]"), ("```", "```"))
_INLINE = (("$", "$"), ("\\(", "\\)"), ("`", "`"))


def extract_answer(section: str) -> tuple[str, bool]:
    """(the formula a question's text gives, whether it gave several): rules of the module docstring."""
    section = section.strip()
    if len(section) > MAX_SECTION_CHARS:
        return section, False
    for pairs in (_DISPLAY, _INLINE):
        blocks = _math_blocks(section, pairs)
        if blocks:
            return blocks[-1], len(blocks) > 1
    return " ".join(line.strip() for line in section.splitlines() if line.strip()), False


def _math_blocks(text: str, pairs) -> list[str]:
    """Contents of the delimited blocks, left to right, in one linear scan (an unclosed opener ends it)."""
    blocks, i, pairs = [], 0, list(pairs)
    while True:
        starts = [(text.find(open_, i), open_, close) for open_, close in pairs]
        pairs = [(open_, close) for at, open_, close in starts if at >= 0]   # an absent opener stays absent
        starts = [s for s in starts if s[0] >= 0]
        if not starts:
            return blocks
        at, open_, close = min(starts, key=lambda s: (s[0], -len(s[1])))
        if open_ == "$" and text.startswith("$$", at):
            i = at + 2          # a display block is not two inline ones
            continue
        end = text.find(close, at + len(open_))
        if end < 0:
            return blocks
        body = text[at + len(open_):end]
        if open_ == "```":
            body = body.split("\n", 1)[1] if "\n" in body else body   # drop the info string (```latex)
        if body.strip():
            blocks.append(" ".join(body.split()))
        i = end + len(close)


__all__ = ["Submission", "read_submission", "parse_answers_json", "parse_answers_text", "extract_answer",
           "match_question", "shown", "MAX_FILE_BYTES", "ANSWER_SUFFIXES", "PREFERRED_NAMES"]
