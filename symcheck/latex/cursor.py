"""A cursor over the tokens of one formula: looking ahead, consuming, groups, scripts, nesting, errors.

`TokenCursor` is what every reader of tokens shares (the grammar in `parser.py`, name
reading in `name_reader.py`, the command handlers): it knows nothing about what tokens
mean, only how to walk them, how to cut out a braced group or the argument of `^`/`_`,
how deep the reading is (against `Limits.max_depth`) and how to point an error at a token.
"""
from __future__ import annotations

from contextlib import contextmanager

from .errors import DEFAULT_LIMITS, Limits, ParseError
from .lexer import Token, tokenize
from .words import ACCENTS, NAMED_STYLES, TRANSPARENT_STYLES


def tokens_of(text: str, limits: Limits) -> list[Token]:
    """The tokens of `text`, refusing input longer than `limits.max_length` before any work."""
    if len(text) > limits.max_length:
        raise ParseError(f"input too long ({len(text)} characters, limit {limits.max_length})", text[:200], 0)
    return tokenize(text)


def ended(tokens: list, offset: int) -> list:
    """A run of tokens with an end token after it, so it can be read on its own."""
    return list(tokens) + [Token("end", "", offset)]


class TokenCursor:
    """Tokens of `source` and a position in them; errors point into `source`."""

    def __init__(self, source: str, limits: Limits = DEFAULT_LIMITS, tokens: list | None = None):
        self.source = source
        self.limits = limits
        self.tokens = tokens if tokens is not None else tokens_of(source, limits)
        self.pos = 0
        self.depth = 0
        self.closers: list[str] = []   # delimiters that would close the groups being read ('|', '\\|', ...)

    @property
    def tok(self) -> Token:
        """The current token."""
        return self.tokens[self.pos]

    def peek(self, k: int = 1) -> Token:
        """The token `k` places ahead (the end token past the end)."""
        return self.tokens[min(self.pos + k, len(self.tokens) - 1)]

    def advance(self) -> Token:
        """Consume and return the current token (the end token stays)."""
        tok = self.tokens[self.pos]
        if tok.kind != "end":
            self.pos += 1
        return tok

    def at_end(self) -> bool:
        """Whether every token has been read."""
        return self.tok.kind == "end"

    def error(self, message: str, tok: Token | None = None, cls=ParseError) -> ParseError:
        """A ParseError (or subclass) pointing at `tok`, by default the current token."""
        return cls(message, self.source, (tok or self.tok).offset)

    def expect_op(self, text: str, what: str = "") -> Token:
        """Consume the punctuation `text` or fail saying what was found instead."""
        if not self.tok.is_op(text):
            found = self.tok.text or "the end"
            if text == "}" and self.at_end():
                raise self.error("unbalanced braces: a { is never closed")
            raise self.error(f"expected {text!r}{what} but found {found!r}")
        return self.advance()

    @contextmanager
    def nested(self):
        """One more level of nesting for the duration (refused past `limits.max_depth`)."""
        self.depth += 1
        if self.depth > self.limits.max_depth:
            raise self.error(f"nesting too deep (more than {self.limits.max_depth} levels)")
        try:
            yield
        finally:
            self.depth -= 1

    def read_group_tokens(self, keep_braces: bool = False) -> list:
        """The tokens of the braced group at the cursor (without its braces unless `keep_braces`)."""
        open_tok = self.expect_op("{")
        depth, out = 1, []
        while True:
            tok = self.tok
            if tok.kind == "end":
                raise self.error("unbalanced braces: this { is never closed", open_tok)
            self.advance()
            if tok.is_op("{"):
                depth += 1
                if depth + self.depth > self.limits.max_depth:  # fail fast, before any nested work
                    raise self.error(f"nesting too deep (more than {self.limits.max_depth} levels)", tok)
            elif tok.is_op("}"):
                depth -= 1
                if depth == 0:
                    return ([open_tok] + out + [tok]) if keep_braces else out
            out.append(tok)
            if len(out) > self.limits.max_length:
                raise self.error("group too long")

    def read_script_tokens(self) -> list:
        """The argument of ^ or _: a braced group's tokens, or one token (a command with its group)."""
        tok = self.tok
        if tok.is_op("{"):
            return self.read_group_tokens()
        if tok.kind == "end":
            raise self.error("a superscript or subscript with nothing after it")
        self.advance()
        if tok.kind == "cmd" and (tok.text in TRANSPARENT_STYLES or tok.text in NAMED_STYLES
                                  or tok.text in ACCENTS) and self.tok.is_op("{"):
            return [tok] + self.read_group_tokens(keep_braces=True)
        if tok.kind == "num" and len(tok.text) > 1 and tok.text.isdigit():  # x^23 is x^2 3 in LaTeX
            first = Token("num", tok.text[0], tok.offset)
            self.pos -= 1
            self.tokens[self.pos] = Token("num", tok.text[1:], tok.offset + 1)
            return [first]
        return [tok]

    def group_cursor(self, tokens: list, at: Token) -> "TokenCursor":
        """A cursor over `tokens` (a group cut out of this formula), with errors pointing into the same source."""
        return TokenCursor(self.source, self.limits, ended(tokens, at.offset))


__all__ = ["TokenCursor", "tokens_of", "ended"]
