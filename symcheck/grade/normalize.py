"""Answer normalisation for the grading cache: identical answers are graded once.

Only rewrites that cannot change how the front end reads an answer: surrounding `$`,
spacing commands, `\\left`/`\\right`, redundant braces around a one-token exponent, and
whitespace that does not separate two letters. The cache key also fixes the question
(its reference, declarations and layout), so a changed reference never reuses a verdict.
"""
from __future__ import annotations

import hashlib
import re

# (pattern, replacement), applied in order. Rules as data.
REWRITES: tuple[tuple[str, str], ...] = (
    (r"^\s*(\$\$|\$|\\\(|\\\[)", ""),                  # math delimiters around the whole answer
    (r"(\$\$|\$|\\\)|\\\])\s*$", ""),
    (r"\\[,;:! ]|\\quad\b|\\qquad\b", " "),            # spacing commands
    # sizing before a visible delimiter: \left( is (   (\left. is kept: it has no plain spelling)
    (r"\\(left|right|bigl|bigr|Bigl|Bigr|big|Big)(?![A-Za-z])\s*(?=[()\[\]|]|\\\||\\\{|\\\}|\\langle|\\rangle)", ""),
    (r"\^\s*\{\s*(T|\\top|\\intercal|[0-9])\s*\}", r"^\1"),  # ^{T} is ^T: a one-token group
    (r"\s+", " "),
)
_WORD = re.compile(r"[A-Za-z0-9]")
_ROW_BREAK = "\x01"  # never in an answer: screening rejects control characters before normalising


def normalize_answer(text: str) -> str:
    """The answer with meaning-preserving cosmetic differences removed."""
    # `\\` (a row break) is one token: hide it so that no rule reads its second backslash
    # as the start of a command (`\\ \sqrt` is not `\` + `\ ` + `sqrt`)
    out = text.replace("\\\\", _ROW_BREAK)
    for pattern, replacement in REWRITES:
        out = re.sub(pattern, replacement, out)
    return _drop_spaces(out.strip()).replace(_ROW_BREAK, "\\\\")


def _drop_spaces(text: str) -> str:
    """Remove a space unless it sits between two letters or digits (`\\lambda I`, `x y`, `2 3` keep theirs);
    after a one-character script (`X^T X`) it goes too, since `^T` takes exactly one character."""
    kept = []
    for i, ch in enumerate(text):
        between_words = 0 < i < len(text) - 1 and _WORD.match(text[i - 1]) and _WORD.match(text[i + 1])
        after_script = i >= 2 and text[i - 2] in "^_" and text[i - 1].isalnum()
        if ch == " " and (not between_words or after_script):
            continue
        kept.append(ch)
    return "".join(kept)


def question_fingerprint(reference: str, declarations: str, layout: str = "numerator") -> str:
    """Identifies what a verdict depends on besides the answer."""
    blob = "\x00".join((reference.strip(), declarations.strip(), layout))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def answer_key(fingerprint: str, answer: str) -> str:
    """The cache key of (question, normalised answer)."""
    blob = fingerprint + "\x00" + normalize_answer(answer)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


__all__ = ["normalize_answer", "question_fingerprint", "answer_key", "REWRITES"]
