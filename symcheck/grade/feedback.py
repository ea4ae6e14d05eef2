"""What a student reads about one graded answer: plain text (PrairieLearn) or Markdown (Gradescope).

    headline(verdict)                  # "Not equivalent to the reference answer."
    feedback_text(verdict, answer)     # headline, hint, counterexample, the answer as read
    feedback_markdown(verdict, answer) # the same in Markdown; everything from the student in code blocks

Everything that comes from the student (the answer, how it was read, a parse error that
quotes it) is shown verbatim inside a fenced code block, with control characters removed,
so no Markdown or HTML in an answer is ever interpreted by a platform's renderer.
"""
from __future__ import annotations

import re

from .verdict import EQUIVALENT, ILL_TYPED, NOT_EQUIVALENT, REJECTED, TIMEOUT, UNKNOWN, UNPARSEABLE, AnswerVerdict

MAX_SHOWN_ANSWER = 600      # characters of the student's answer echoed back
MAX_SHOWN_DETAIL = 1500
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

HEADLINES = {
    EQUIVALENT: "Correct: your answer equals the reference answer for every size and every allowed value.",
    NOT_EQUIVALENT: "Not equivalent to the reference answer.",
    ILL_TYPED: "The shapes do not match.",
    UNKNOWN: "Not decided: symcheck could neither prove nor refute your answer; your course staff can review it.",
    TIMEOUT: "Not decided within the time limit; your course staff can review it.",
    UNPARSEABLE: "Your answer could not be read as a formula.",
    REJECTED: "Your answer was refused.",
}
NO_ANSWER = "No answer was found for this question."


def is_format_error(verdict: AnswerVerdict) -> bool:
    """The answer could not be read as a formula (a platform may treat it as invalid, not wrong).

    Unparseable answers and answers refused while reading them (screening, too deep, too
    big); not an answer that exhausted the memory limit while being checked.
    """
    return verdict.status == UNPARSEABLE or (verdict.status == REJECTED and verdict.method != "worker")


def clean(text, limit: int = MAX_SHOWN_DETAIL) -> str:
    """Text safe to show: control characters (tabs and newlines kept) replaced, length bounded."""
    text = _CONTROL.sub("?", str(text).replace("\r\n", "\n")).expandtabs(4)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def headline(verdict: AnswerVerdict | None) -> str:
    """One sentence for the verdict (None: no answer)."""
    return NO_ANSWER if verdict is None else HEADLINES[verdict.status]


def counterexample_lines(verdict: AnswerVerdict) -> list[str]:
    """The counterexample as lines: sizes, values, then the answer's and the reference's value."""
    cx = verdict.counterexample or {}
    lines = []
    dims = cx.get("dims") or {}
    if dims:
        lines.append("sizes: " + ", ".join(f"{k} = {v}" for k, v in dims.items()))
    for name, value in (cx.get("values") or {}).items():
        lines.append(f"{name} = {show_value(value)}")
    if "lhs" in cx:
        lines.append(f"your answer = {show_value(cx['lhs'])}")
    if "rhs" in cx:
        lines.append(f"reference   = {show_value(cx['rhs'])}")
    return [clean(line, 400) for line in lines]


def show_value(value) -> str:
    """An exact value of a counterexample: a number as written, a matrix as [[a, b], [c, d]]."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    return str(value)


def _parts(verdict: AnswerVerdict | None, answer) -> list[tuple[str, str, bool]]:
    """(label, text, from the student) in display order."""
    parts = [("", headline(verdict), False)]
    if verdict is None:
        return parts
    if verdict.hint:
        parts.append(("Hint", verdict.hint, False))
    if verdict.status == NOT_EQUIVALENT and verdict.counterexample:
        parts.append(("A counterexample (sizes and values where your answer and the reference differ)",
                      "\n".join(counterexample_lines(verdict)), False))
    elif verdict.status in (ILL_TYPED, UNPARSEABLE, REJECTED, UNKNOWN, TIMEOUT) and verdict.detail:
        parts.append(("Details", verdict.detail, True))
    if isinstance(answer, str) and answer.strip():
        parts.append(("Your answer", answer.strip()[:MAX_SHOWN_ANSWER]
                      + (" …" if len(answer.strip()) > MAX_SHOWN_ANSWER else ""), True))
    if verdict.parsed:
        parts.append(("Read as", verdict.parsed, True))
    return parts


def feedback_text(verdict: AnswerVerdict | None, answer=None) -> str:
    """Plain text (for platforms that escape and show text as it is)."""
    out = []
    for label, text, _ in _parts(verdict, answer):
        text = clean(text)
        out.append(text if not label else f"{label}:\n{_indent(text)}" if "\n" in text else f"{label}: {text}")
    return "\n".join(out)


def feedback_markdown(verdict: AnswerVerdict | None, answer=None) -> str:
    """Markdown: our sentences as text, everything else in fenced code blocks."""
    out = []
    for label, text, _ in _parts(verdict, answer):
        if not label:
            out.append(f"**{escape_markdown(text)}**")
        elif label == "Hint":
            out.append(f"**Hint:** {escape_markdown(clean(text))}")
        else:
            out.append(f"{escape_markdown(label)}:\n\n{code_block(clean(text))}")
    return "\n\n".join(out)


def code_block(text: str) -> str:
    """A fenced code block holding `text` verbatim (the fence is longer than any backtick run in it)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text}\n{fence}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&])")


def escape_markdown(text: str) -> str:
    """Text that Markdown shows literally: every punctuation character it could interpret is escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", clean(text).replace("\n", " "))


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


__all__ = ["headline", "feedback_text", "feedback_markdown", "counterexample_lines", "show_value", "is_format_error", "clean",
           "code_block", "escape_markdown", "HEADLINES", "NO_ANSWER"]
