"""Reading names at a cursor: a base letter or word, accents, a subscript, index superscripts and primes.

`\\hat{w}`, `\\mathbf{x}`, `w_{t-1}`, `w^{(k)}`, `\\theta^*`, `w'` are names; whether a
superscript or a prime belongs to the name or is an operation on it depends on the
declarations (`w^k` indexes the iterates of a vector `w`, `A^k` is a power of a square
matrix; `w'` is a new scalar name but the transpose of a declared vector). `I_n` is not
a name but the sized identity, so its subscript is left to the parser.
"""
from __future__ import annotations

import sympy

from .cursor import TokenCursor
from .errors import DEFAULT_LIMITS, ParseError
from .lexer import GREEK
from .names import NameRef, tokens_text
from .scope import Declarations
from .words import ACCENTS, NAMED_STYLES, TRANSPARENT_STYLES, classify_script

GREEK_NAMES = frozenset(GREEK)


class NameReader:
    """Reads one name at `cursor`, consulting `decls` for what its scripts mean."""

    def __init__(self, cursor: TokenCursor, decls: Declarations):
        self.cursor = cursor
        self.decls = decls

    def read(self) -> NameRef | None:
        """The name at the cursor (consumed), or None when the cursor is not at a name."""
        c = self.cursor
        tok = c.tok
        if tok.kind == "cmd" and tok.text in ACCENTS:
            c.advance()
            inner = self._name_in_group(tok)
            return self.attach_scripts(NameRef(inner.base, inner.accents + (ACCENTS[tok.text],), inner.sub,
                                              inner.sup, inner.primes))
        if tok.kind == "cmd" and (tok.text in TRANSPARENT_STYLES or tok.text in NAMED_STYLES):
            c.advance()
            group = c.read_group_tokens() if c.tok.is_op("{") else [c.advance()]
            if group and all(t.kind == "letter" for t in group):
                word = "".join(t.text for t in group)
                base = f"{tok.text}{{{word}}}" if tok.text in NAMED_STYLES else word
                return self.attach_scripts(NameRef(base))
            ref = read_whole_name(c, self.decls, group, tok)
            if ref is None:
                raise c.error(f"{tok.text}{{...}} must hold a name here", tok)
            return self.attach_scripts(ref)
        if tok.kind == "letter":
            c.advance()
            return self.attach_scripts(NameRef(tok.text))
        if tok.kind == "cmd" and tok.text[1:] in GREEK_NAMES:
            c.advance()
            return self.attach_scripts(NameRef(tok.text[1:]))
        return None

    def _name_in_group(self, accent) -> NameRef:
        c = self.cursor
        group = c.read_group_tokens() if c.tok.is_op("{") else [c.advance()]
        ref = read_whole_name(c, self.decls, group, accent)
        if ref is None:
            raise c.error(f"{accent.text}{{...}} must hold a single name", accent)
        return ref

    def attach_scripts(self, ref: NameRef) -> NameRef:
        """Attach subscripts, index superscripts and name-primes; stop before a power or transpose."""
        c = self.cursor
        while True:
            tok = c.tok
            if tok.is_op("_") and not ref.sub and not self._sizes_identity(ref):
                c.advance()
                script = c.read_script_tokens()
                ref = NameRef(ref.base, ref.accents, tokens_text(script), ref.sup, ref.primes)
            elif tok.is_op("^") and not ref.sup:
                save = c.pos
                c.advance()
                script = c.read_script_tokens()
                if self._is_index(ref, script):
                    ref = NameRef(ref.base, ref.accents, ref.sub, tokens_text(script), ref.primes)
                else:
                    c.pos = save
                    return ref
            elif tok.is_op("'") and self._prime_is_name(ref):
                c.advance()
                ref = NameRef(ref.base, ref.accents, ref.sub, ref.sup, ref.primes + 1)
            else:
                return ref

    def _sizes_identity(self, ref: NameRef) -> bool:
        """I_n sizes the identity; it is not a new name."""
        return ref.base == "I" and not ref.accents and self.decls.lookup("I") is None \
            or ref.base in ("\\mathbb{I}",)

    def _is_index(self, ref: NameRef, script: list) -> bool:
        kind = classify_script(script)
        if kind == "index":
            return True
        if kind != "power":
            return False
        decl = self.decls.governing(ref)
        if decl is None:
            return False
        if decl.sequence:
            return True
        # A vector or non-square matrix has no powers: w^k names the k-th iterate.
        return decl.kind == "matrix" and decl.rows is not None and sympy.expand(decl.rows - decl.cols) != 0

    def _prime_is_name(self, ref: NameRef) -> bool:
        """w' is a new name unless w is a declared matrix or vector (then ' is the transpose)."""
        primed = NameRef(ref.base, ref.accents, ref.sub, ref.sup, ref.primes + 1)
        if self.decls.lookup(primed.text) is not None:
            return True
        decl = self.decls.governing(ref)
        return not (decl is not None and decl.kind == "matrix")  # f' of a function is its derivative


def read_whole_name(cursor: TokenCursor, decls: Declarations, tokens: list, at) -> NameRef | None:
    """The name that `tokens` (a group cut out at `at`) spell entirely, or None when they are not one name."""
    inner = cursor.group_cursor(tokens, at)
    ref = NameReader(inner, decls).read()
    return ref if ref is not None and inner.at_end() else None


def read_name(text: str) -> NameRef:
    """The canonical name of a declaration key such as `\\hat{w}`, `w_t`, `λ` or `\\mathbf{x}`."""
    cursor = TokenCursor(text, DEFAULT_LIMITS)
    ref = NameReader(cursor, Declarations()).read()
    if ref is None or not cursor.at_end():
        raise ParseError("not a single name", text, cursor.tok.offset)
    return ref

__all__ = ["NameReader", "read_whole_name", "read_name", "GREEK_NAMES"]
