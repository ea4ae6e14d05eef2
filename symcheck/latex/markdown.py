"""The parts of a Markdown (or `.tex`) document, found by markdown-it-py: math, declarations, headings.

markdown-it-py with mdit-py-plugins reads the document as Markdown does: `dollarmath`
finds `$$...$$` displays (on their own lines, or inside a paragraph), `amsmath` finds
top-level `align`/`equation`/`gather`/`multline`/`eqnarray` environments, and a small
rule of ours finds `\\[...\\]` (Markdown reads `\\[` as an escaped bracket, and the
texmath plugin's bracket tokens carry no line numbers). Code (fences, inline code)
is never math. Indentation does not make code blocks here: derivations indent math
inside lists, and `.tex` files indent their environments.

Each display is returned as the exact span of the source between its delimiters
(`MathBlock`: text, first line, offset), so every step keeps its line and column.
Declarations come from fences tagged `symcheck` (or `declarations`, `declare`) and a
`Declarations:` bullet list. A `$$` (or `\\[`, `\\begin{align}`) left open is a
*problem* at its line and column; its math is still read, to the end of its
paragraph, so the last step is never dropped without a word.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import ParseError, position

DECLARATION_FENCES = ("symcheck", "declarations", "declare")
DECLARATION_LIST = re.compile(r"^\W{0,3}(declarations|declare|symbols|notation)\W{0,3}:\W{0,3}$", re.I)
OPEN_ENVIRONMENT = re.compile(r"\\begin\{(align|equation|gather|multline|eqnarray|alignat|flalign)(\*?)\}")


@dataclass
class MathBlock:
    """One display of math: its text exactly as in the source, where it starts."""
    text: str
    line: int      # line where the content starts (1-based)
    offset: int    # offset of the content in the source


@dataclass
class DocumentParts:
    """What a document holds, in document order."""
    math: list = field(default_factory=list)            # MathBlock
    declarations: list = field(default_factory=list)    # (line number, line text) of declaration lines
    declaration_line: int = 0                           # first line of the declarations (0: none)
    headings: list = field(default_factory=list)        # line numbers of headings
    problems: list = field(default_factory=list)        # ParseError: delimiters left open
    has_text: bool = False                               # something outside code fences


def document_parts(text: str) -> DocumentParts:
    """Math displays, declaration lines, headings and unclosed delimiters of a Markdown or `.tex` text."""
    return _Reader(text).read()


# ---------------------------------------------------------------- the markdown-it parser

def _recording(rule):
    """An inline rule that also notes, on each token it adds, the span of the inline source it read."""
    def run(state, silent):
        start, count = state.pos, len(state.tokens)
        matched = rule(state, silent)
        if matched and not silent:
            for token in state.tokens[count:]:
                if token.type != "text":   # (pending text flushed by the push is not what the rule read)
                    token.meta = {**(token.meta or {}), "span": (start, state.pos)}
        return matched
    return run


def _bracket_block(state, start_line: int, end_line: int, silent: bool) -> bool:
    """`\\[ ... \\]` starting a line (closed at the end of the same or a later line, no blank line between)."""
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith("\\[", begin):
        return False
    line = start_line
    while line < end_line:
        first = begin + 2 if line == start_line else state.bMarks[line] + state.tShift[line]
        text = state.src[first:state.eMarks[line]].rstrip()
        if line > start_line and not text:
            return False                       # a blank line ends the paragraph: never closed
        if text.endswith("\\]"):
            break
        line += 1
    else:
        return False
    if silent:
        return True
    token = state.push("math_brackets", "math", 0)
    token.block = True
    token.map = [start_line, line + 1]
    token.meta = {"source": (begin + 2, state.src.rindex("\\]", begin, state.eMarks[line]))}
    state.line = line + 1
    return True


def _bracket_inline(state, silent: bool) -> bool:
    """`\\[ ... \\]` inside a paragraph; an opening `\\[` without its `\\]` becomes an `unclosed` token."""
    if not state.src.startswith("\\[", state.pos):
        return False
    end = state.src.find("\\]", state.pos + 2)
    if not silent:
        token = state.push("math_brackets_inline" if end >= 0 else "unclosed", "math", 0)
        token.markup = "\\["
        token.content = state.src[state.pos + 2:end if end >= 0 else state.posMax]
    state.pos = end + 2 if end >= 0 else state.posMax
    return True


@lru_cache(maxsize=1)
def _markdown():
    """The markdown-it parser (CommonMark, no indented code, dollarmath, amsmath, brackets), built once."""
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import backtick
    from mdit_py_plugins.amsmath import amsmath_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.dollarmath.index import math_inline_dollar

    md = MarkdownIt("commonmark").disable("code")
    md.use(dollarmath_plugin, double_inline=True, allow_blank_lines=False, allow_labels=True)
    md.use(amsmath_plugin)
    md.inline.ruler.at("math_inline", _recording(math_inline_dollar(True, True, True)))
    md.inline.ruler.at("backticks", _recording(backtick))
    md.inline.ruler.before("escape", "math_brackets_inline", _recording(_bracket_inline))
    md.block.ruler.before("fence", "math_brackets", _bracket_block, {"alt": ["paragraph", "blockquote", "list"]})
    return md


# ---------------------------------------------------------------- reading the tokens

class _Reader:
    def __init__(self, text: str):
        self.source = text
        # markdown-it reads \r as a line break; as a space it keeps every offset and line as Python counts them
        self.tokens = _markdown().parse(text.replace("\r", " "))
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.parts = DocumentParts()

    def line_text(self, line: int) -> str:
        """Source line `line` (0-based) without its newline."""
        if line >= len(self.starts):
            return ""
        end = self.source.find("\n", self.starts[line])
        return self.source[self.starts[line]:end if end >= 0 else len(self.source)]

    def read(self) -> DocumentParts:
        fences, listing = [], None
        tokens = self.tokens
        for k, token in enumerate(tokens):
            kind = token.type
            if kind == "fence":
                self._fence(token, fences)
            elif kind in ("math_block", "math_block_label"):
                self._dollar_block(token)
            elif kind == "amsmath":
                self._environment(token)
            elif kind == "math_brackets":
                self._add(*token.meta["source"])
            elif kind == "heading_open":
                self.parts.headings.append(token.map[0] + 1)
            elif kind == "inline":
                if listing is None and DECLARATION_LIST.match(token.content.strip()) and \
                        k + 2 < len(tokens) and tokens[k + 2].type == "bullet_list_open":
                    listing = tokens[k + 2].map
                self._inline(token)
        self.parts.has_text = any(t.type != "fence" and t.nesting >= 0 for t in tokens)
        self.parts.declarations.extend(fences)
        if listing is not None:
            lines = [(n + 1, self.line_text(n)) for n in range(*listing)]
            lines = [(n, line) for n, line in lines if re.match(r"[ \t]*[-*+]", line)]
            self.parts.declaration_line = self.parts.declaration_line or (lines[0][0] if lines else 0)
            self.parts.declarations.extend(lines)
        return self.parts

    # -- declarations

    def _fence(self, token, fences: list) -> None:
        words = token.info.split()
        if not words or words[0].lower() not in DECLARATION_FENCES:
            if not self._fence_closed(token):
                self.parts.problems.append(self._problem(
                    f"this {token.markup} code block is never closed: nothing after it is read", token.map[0]))
            return
        if not self._fence_closed(token):
            raise self._problem(f"the declarations opened here with {token.markup} are never closed "
                                f"(end them with a line {token.markup})", token.map[0])
        first = token.map[0] + 2
        self.parts.declaration_line = self.parts.declaration_line or first
        fences.extend((first + k, line) for k, line in enumerate(token.content.splitlines()))

    def _fence_closed(self, token) -> bool:
        last = self.line_text(token.map[1] - 1).strip()
        return token.map[1] - token.map[0] >= 2 and last.startswith(token.markup) and \
            set(last) <= set(token.markup[0])

    # -- displays on their own lines

    def _dollar_block(self, token) -> None:
        first, last = token.map[0], token.map[1] - 1
        start = self.starts[first] + self.line_text(first).find("$$") + 2
        end = self.starts[last] + self.line_text(last).rfind("$$")
        self._add_dollars(start, end)

    def _environment(self, token) -> None:
        env = token.meta["environment"] + token.meta["numbered"]
        first, last = token.map
        opening, closing = f"\\begin{{{env}}}", f"\\end{{{env}}}"
        start = self.starts[first] + self.line_text(first).find(opening) + len(opening)
        end = self.starts[last] + self.line_text(last).rfind(closing)
        self._add(start, end)

    def _add_dollars(self, start: int, end: int) -> None:
        """A `$$` display from `start` to `end`; one holding more `$$` is several displays or a `$$` left open."""
        text = self.source[start:end]
        if "$$" not in text:
            self._add(start, end)
            return
        pieces, offset = [], start
        for piece in text.split("$$"):
            pieces.append((offset, offset + len(piece)))
            offset += len(piece) + 2
        between = [self.source[a:b] for a, b in pieces[1::2]]
        if len(pieces) % 2 == 1 and all(not gap.strip() for gap in between):   # $$a$$ $$b$$ on one line
            for a, b in pieces[0::2]:
                self._add(a, b)
            return
        self.parts.problems.append(self._problem_at(
            "a $$ is not closed where it should be: this display runs into another $$ "
            "(close every display with $$)", start - 2))
        for a, b in pieces:
            if self.source[a:b].strip():
                self._add(a, b)

    # -- inside paragraphs

    def _inline(self, token) -> None:
        spans = []
        for child in token.children or []:
            span = (child.meta or {}).get("span")
            if span is None:
                continue
            spans.append(span)
            if child.type in ("math_inline_double", "math_brackets_inline"):
                self._add(self._inline_offset(token, span[0] + 2), self._inline_offset(token, span[1] - 2))
            elif child.type == "unclosed":
                self._open_to_paragraph_end(token, span[0], "\\[", "\\]")
        for match in re.finditer(r"(?<!\\)\$\$", token.content):
            if not any(a <= match.start() < b for a, b in spans):
                self._open_to_paragraph_end(token, match.start(), "$$", "$$")
                break
        for match in OPEN_ENVIRONMENT.finditer(token.content):
            if not any(a <= match.start() < b for a, b in spans):
                self._open_to_paragraph_end(token, match.start(), match.group(0),
                                            f"\\end{{{match.group(1)}{match.group(2)}}}")
                break

    def _open_to_paragraph_end(self, token, at: int, opening: str, closing: str) -> None:
        start = self._inline_offset(token, at)
        self.parts.problems.append(self._problem_at(
            f"{opening} is never closed: its math is read to the end of the paragraph (close it with {closing})",
            start))
        content_start = start + len(opening)
        end = self.starts[token.map[1] - 1] + len(self.line_text(token.map[1] - 1))
        if self.source[content_start:end].strip():
            self._add(content_start, end)

    def _inline_offset(self, token, pos: int) -> int:
        """The source offset of position `pos` of a paragraph's inline text (its lines lose their indentation)."""
        content = token.content
        k = content.count("\n", 0, pos)
        column = pos - (content.rfind("\n", 0, pos) + 1)
        inline_line = content.split("\n")[k]
        line = token.map[0] + k
        source_line = self.line_text(line)
        prefix = len(source_line.rstrip()) - len(inline_line.rstrip())
        if not source_line.rstrip().endswith(inline_line.rstrip()):   # tabs expanded in the indentation
            indent = len(inline_line) - len(inline_line.lstrip())
            prefix = max(0, source_line.find(inline_line.strip()) - indent)
        return self.starts[line] + prefix + column

    # -- results

    def _add(self, start: int, end: int) -> None:
        self.parts.math.append(MathBlock(self.source[start:end], position(self.source, start)[0], start))

    def _problem(self, message: str, line: int) -> ParseError:
        """A problem at the first character of source line `line` (0-based)."""
        text = self.line_text(line)
        return self._problem_at(message, self.starts[min(line, len(self.starts) - 1)] + len(text) - len(text.lstrip()))

    def _problem_at(self, message: str, offset: int) -> ParseError:
        return ParseError(message, self.source, offset)


__all__ = ["MathBlock", "DocumentParts", "document_parts"]
