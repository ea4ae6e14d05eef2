"""Derivations as chains of steps: math blocks, rows, relations, commentary, line numbers.

`split_chain(text)` takes the math blocks that `markdown.document_parts` finds (`$$...$$`,
`\\[...\\]`, `align`/`equation`/`gather`/... environments; the whole text when it has none), cuts each
into rows at `\\\\`, and each row at its top-level relations (`=`, `\\le`, `\\ge`, `<`, `>`,
`\\ne`, `\\approx`) and connectives (`\\implies`, `\\Rightarrow`, `\\Longrightarrow`, `\\iff`,
`\\therefore`). `\\text{...}` commentary, `&`, `\\tag`, `\\label` and equation numbers such as
`\\quad (12)` are dropped; commentary and `\\quad` also separate statements.

Each `Step` is one expression with the relation that links it to the step before it
(`None` when it starts a new statement). A row starting with `&=` continues the chain.
Offsets are preserved while cleaning (removed text becomes spaces), so every step knows
its source line.

`read_markdown(text)` also collects the declarations (fenced ```symcheck blocks and
"Declarations:" bullet lists), the headings and the delimiters left open.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import relations
from .declarations import Declarations, parse_declarations
from .errors import DEFAULT_LIMITS, Limits, ParseError, position, read_safely
from .markdown import MathBlock, document_parts

# Top-level relation spellings a chain is cut at (model/relations.py): LaTeX commands and Unicode symbols.
STEP_COMMANDS = relations.commands(*(c for c in relations.CATEGORIES if c != relations.UNSUPPORTED))
STEP_SYMBOLS = frozenset(s for s in relations.symbols() if len(s) == 1 and not s.isascii()
                         and relations.SPELLINGS[s] in relations.STEP_RELATIONS)
CONNECTIVES = relations.CONNECTIVES
LIMIT_ARROWS = ("\\to", "\\rightarrow", "→")   # in `\lim_{x \to a}` an arrow is not a step
SEPARATORS = {"\\quad", "\\qquad", "\\text-commentary"}
# \text{...} kept inside formulas: the words the parser understands.
KEPT_WORDS = {"tr", "Tr", "trace", "det", "ReLU", "relu", "argmin", "argmax", "exp", "log", "sign", "d",
              "const", "const.", "constant", "cst", "Const"}
WRAPPERS = ("aligned", "split", "gathered", "alignedat", "align", "align*", "equation", "equation*",
            "gather", "gather*", "multline", "multline*", "eqnarray", "eqnarray*")
_EQ_NUMBER_RE = re.compile(r"^\(\s*(\d+[a-z]?|[ivxlc]+|[a-z])\s*\)$")


@dataclass
class Step:
    """One expression of a derivation and how it relates to the step before it."""
    text: str                    # the expression's LaTeX, commentary removed
    relation: str | None         # ==, !=, <, <=, >, >=, approx, propto, implies, iff, impliedby; None: a new statement
    line: int                    # 1-based line in the source
    block: int = 0               # index of the math block; chains never cross blocks
    column: int = 1
    comment: str = ""            # commentary removed from this step's row

    @property
    def starts_statement(self) -> bool:
        """Whether this step begins a new statement (no relation, or a connective such as ⇒)."""
        return self.relation is None or self.relation in CONNECTIVES


@dataclass
class MarkdownDoc:
    """A derivation document: its declarations, math blocks, steps, options, headings and open delimiters."""
    declarations: Declarations
    declaration_text: str
    declaration_line: int
    blocks: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    options: dict = field(default_factory=dict)
    headings: list = field(default_factory=list)    # line numbers of Markdown headings
    problems: list = field(default_factory=list)    # ParseError for each delimiter left open


def find_math_blocks(text: str) -> list[MathBlock]:
    """Display-math blocks in order (code is never math)."""
    return document_parts(text).math


def split_chain(text: str, limits: Limits = DEFAULT_LIMITS) -> list[Step]:
    """The steps of every math block of `text` (or of `text` itself when it has no block delimiters)."""
    return _safely(text, lambda: _split_chain(text, limits))


def _safely(text: str, run):
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}")
    return read_safely(text, run)


def _split_chain(text: str, limits: Limits) -> list[Step]:
    if len(text) > 50 * limits.max_length:
        raise ParseError(f"document too long ({len(text)} characters)", text[:200], 0)
    parts = document_parts(text)
    blocks = parts.math
    if not blocks and parts.has_text:
        blocks = [MathBlock(text, 1, 0)]
    steps: list[Step] = []
    for index, block in enumerate(blocks):
        steps.extend(_block_steps(text, block, index))
    return steps


def group_statements(steps: list[Step]) -> list[list[Step]]:
    """Steps grouped into statements: a new group at each step with relation None or a connective."""
    groups: list[list[Step]] = []
    for step in steps:
        if not groups or step.starts_statement or step.block != groups[-1][-1].block:
            groups.append([step])
        else:
            groups[-1].append(step)
    return groups


def read_markdown(text: str, limits: Limits = DEFAULT_LIMITS) -> MarkdownDoc:
    """Declarations (```symcheck fences, "Declarations:" lists) and the derivation's math, in order."""
    return _safely(text, lambda: _read_markdown(text, limits))


def _read_markdown(text: str, limits: Limits) -> MarkdownDoc:
    if len(text) > 50 * limits.max_length:
        raise ParseError(f"document too long ({len(text)} characters)", text[:200], 0)
    parts = document_parts(text)
    decl_lines, options = [], {}
    for number, line in parts.declarations:
        _collect(line, number, decl_lines, options)
    decls = _declarations(decl_lines, limits)
    steps = []
    for index, block in enumerate(parts.math):
        steps.extend(_block_steps(text, block, index))
    decl_text = "\n".join(line for _, line in decl_lines)
    return MarkdownDoc(decls, decl_text, parts.declaration_line, parts.math, steps, options, parts.headings,
                       parts.problems)


OPTION_KEYS = {"layout": "layout", "relation-style": "relation-style", "variable": "variable",
               "variables": "variable", "wrt": "variable"}


def _collect(line: str, number: int, out: list, options: dict) -> None:
    match = re.match(r"\s*[-*+]?\s*(layout|relation-style|variables?|wrt)\s*:\s*(\S.*?)\s*$", line)
    if match:
        options[OPTION_KEYS[match.group(1)]] = match.group(2)
    elif line.strip():
        out.append((number, line))


def _declarations(lines: list, limits: Limits) -> Declarations:
    """Every declaration line read as one block, so a relation may use names declared on other lines.

    `lines` are (document line, text); an error is moved to the document line it is on.
    """
    text = "\n".join(line for _, line in lines)
    try:
        return parse_declarations(text, replace(limits, max_length=max(limits.max_length, 50 * limits.max_length)))
    except ParseError as exc:
        if 1 <= exc.line <= len(lines):
            raise exc.shifted(lines[exc.line - 1][0] - exc.line) from None
        raise


# ---------------------------------------------------------------- inside a block

def _block_steps(source: str, block: MathBlock, index: int) -> list[Step]:
    content = _blank_wrappers(block.text)
    content = _blank_noise(content)
    steps: list[Step] = []
    pending: str | None = None  # a connective that ended the previous row
    for row_start, row in _rows(content):
        row, comment = _strip_commentary(row)
        pieces = _split_relations(row)
        for k, (relation, start, piece) in enumerate(pieces):
            text = piece.strip().rstrip(".,;").strip()
            if k == 0 and relation is None and pending is not None:
                relation, pending = pending, None
            if not text or _EQ_NUMBER_RE.match(text):
                if relation in CONNECTIVES:
                    pending = relation
                continue
            offset = block.offset + row_start + start + (len(piece) - len(piece.lstrip()))
            line, column = position(source, offset)
            steps.append(Step(text, relation, line, index, column, comment))
            pending = None
        if pieces and pieces[-1][0] in CONNECTIVES and not pieces[-1][2].strip():
            pending = pieces[-1][0]
    _drop_dangling(steps)
    return steps


def _drop_dangling(steps: list[Step]) -> None:
    """A first step of a block cannot relate to anything before it."""
    seen_blocks = set()
    for step in steps:
        if step.block not in seen_blocks:
            seen_blocks.add(step.block)
            if step.relation not in CONNECTIVES:
                step.relation = None


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _blank_wrappers(text: str) -> str:
    for env in WRAPPERS:
        for spelling in (f"\\begin{{{env}}}", f"\\end{{{env}}}"):
            idx = text.find(spelling)
            while idx >= 0:
                end = idx + len(spelling)
                if spelling.startswith("\\begin{alignedat}") and end < len(text) and text[end] == "{":
                    end = text.find("}", end) + 1 or end
                text = _blank(text, idx, end)
                idx = text.find(spelling)
    return text


def _blank_noise(text: str) -> str:
    for pattern in (r"\\tag\*?\{[^{}]*\}", r"\\label\{[^{}]*\}", r"\\nonumber\b", r"\\notag\b",
                    r"\\(?:displaystyle|textstyle)\b"):
        for match in list(re.finditer(pattern, text)):
            text = _blank(text, match.start(), match.end())
    return text


def _rows(text: str):
    """(offset, row) pieces at `\\\\` outside nested environments and braces."""
    depth, env, start, i = 0, 0, 0, 0
    while i < len(text):
        if text.startswith("\\begin{", i):
            env += 1
        elif text.startswith("\\end{", i):
            env -= 1
        if text[i] == "\\" and i + 1 < len(text):
            if text[i + 1] == "\\" and depth == 0 and env == 0:
                yield start, text[start:i]
                i += 2
                spacing = re.match(r"\s*\[[^\]]*\]", text[i:])
                if spacing:
                    text = _blank(text, i, i + spacing.end())
                start = i
                continue
            i += 2
            continue
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
        i += 1
    yield start, text[start:]


def _strip_commentary(row: str) -> tuple[str, str]:
    """Blank out `\\text{...}` prose and alignment `&` (keeping offsets); return the row and the prose."""
    comments = []
    out = row
    for match in reversed(list(_text_commands(row))):
        start, end, content = match
        before = row[:start].rstrip()
        in_script = before.endswith(("_", "^")) or re.search(r"[_^]\{[^{}]*$", before)
        if content.strip() in KEPT_WORDS or in_script:
            continue
        comments.append(content.strip())
        marker = "\\quad"
        out = out[:start] + marker + " " * (end - start - len(marker)) + out[end:]
    out = _blank_ampersands(out)
    return out, " ".join(reversed([c for c in comments if c]))


def _text_commands(row: str):
    for match in re.finditer(r"\\(?:text|textrm|textit|textbf|mbox|intertext)\s*\{", row):
        depth, k = 1, match.end()
        while k < len(row) and depth:
            depth += {"{": 1, "}": -1}.get(row[k], 0)
            k += 1
        yield match.start(), k, row[match.end():k - 1]


def _blank_ampersands(row: str) -> str:
    env, out = 0, list(row)
    i = 0
    while i < len(row):
        if row.startswith("\\begin{", i):
            env += 1
        elif row.startswith("\\end{", i):
            env -= 1
        elif row[i] == "\\":
            i += 2
            continue
        elif row[i] == "&" and env == 0:
            out[i] = " "
        i += 1
    return "".join(out)


def _split_relations(row: str) -> list[tuple]:
    """[(relation before the piece, offset, piece)] split at top-level relations and separators."""
    pieces, depth, env, start, relation = [], 0, 0, 0, None
    i = 0
    n = len(row)
    while i < n:
        ch = row[i]
        if row.startswith("\\begin{", i):
            env += 1
        elif row.startswith("\\end{", i):
            env -= 1
        if ch == "\\":
            name = re.match(r"\\(?:[A-Za-z]+|.)?", row[i:], re.S).group(0)
            if name in ("\\left", "\\right"):
                nxt = row[i + len(name):i + len(name) + 2].lstrip()
                depth += 1 if name == "\\left" else -1
                skip = len(name) + (1 if nxt[:1] in "([.|" or nxt[:1] in ")]" else 0)
                if nxt.startswith("\\{") or nxt.startswith("\\}") or nxt.startswith("\\|"):
                    skip = len(name) + 2
                i += skip
                continue
            if name in ("\\{",):
                depth += 1
            elif name in ("\\}",):
                depth -= 1
            elif depth == 0 and env == 0 and (name in STEP_COMMANDS or name in SEPARATORS) and \
                    not (name in LIMIT_ARROWS and _inside_limit(row, i)):
                pieces.append((relation, start, row[start:i]))
                relation = relations.SPELLINGS.get(name)
                start = i + len(name)
            elif depth == 0 and env == 0 and name in ("\\stackrel", "\\overset"):
                match_eq = re.match(r"\\(?:stackrel|overset)\s*\{[^{}]*\}\s*\{?\s*=\s*\}?", row[i:])
                if match_eq:
                    pieces.append((relation, start, row[start:i]))
                    relation, start = "==", i + match_eq.end()
                    i = start
                    continue
            i += len(name)
            continue
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth -= 1
        elif depth == 0 and env == 0 and (ch in "=<>" or ch in "!:" and row[i + 1:i + 2] == "=" or
                                          ch in STEP_SYMBOLS and not (ch in LIMIT_ARROWS and _inside_limit(row, i))):
            op = row[i:i + 2] if row[i + 1:i + 2] == "=" and ch in "<>!:" else ch
            pieces.append((relation, start, row[start:i]))
            relation = relations.SPELLINGS[op]
            start = i + len(op)
            i = start
            continue
        i += 1
    pieces.append((relation, start, row[start:]))
    return _merge_empty(pieces)


def _inside_limit(row: str, i: int) -> bool:
    return bool(re.search(r"\\lim\s*_\s*\{?[^{}]*$", row[:i]))


def _merge_empty(pieces: list) -> list:
    """Drop empty pieces; an empty piece between two relations keeps the later relation."""
    out = []
    for relation, start, piece in pieces:
        if not piece.strip() and out and relation is not None and not out[-1][2].strip():
            out[-1] = (out[-1][0] if out[-1][0] in CONNECTIVES else relation, out[-1][1], out[-1][2])
            continue
        out.append((relation, start, piece))
    result = []
    for k, (relation, start, piece) in enumerate(out):
        if not piece.strip() and k + 1 < len(out):
            nxt = out[k + 1]
            # `&= b` : the leading empty piece gives its place to b with relation =
            if relation in CONNECTIVES and nxt[0] not in CONNECTIVES:
                out[k + 1] = (relation if nxt[0] is None else nxt[0], nxt[1], nxt[2])
            continue
        result.append((relation, start, piece))
    if out and not out[-1][2].strip() and out[-1][0] in CONNECTIVES:
        result.append(out[-1])
    return result


__all__ = ["Step", "MathBlock", "MarkdownDoc", "split_chain", "read_markdown", "find_math_blocks",
           "group_statements"]
