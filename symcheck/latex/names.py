"""Names as written: a base letter with accents, a subscript, an index superscript and primes.

`\\hat{w}`, `w'`, `w_{t-1}`, `w^{(k)}` and `\\mathbf{w}` are all names made from the
base `w`. `NameRef.text` is the one canonical spelling used as the SymPy symbol name
and as the key of declarations, so `w_t` and `w_{t}` (or `\\lambda` and `λ`) are the
same name everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class NameRef:
    """A name as written: base, accents, subscript, index superscript and primes."""
    base: str                   # 'w', 'lambda', 'Loss', '\\mathcal{L}'
    accents: tuple = ()         # innermost first: ('hat',) for \hat{w}
    sub: str = ""               # canonical subscript text, '' when absent
    sup: str = ""               # index superscript text such as '(k)' or '*', '' when absent
    primes: int = 0

    @property
    def text(self) -> str:
        """The canonical spelling: the symbol's name and the key of its declaration."""
        out = self.base
        for accent in self.accents:
            out = f"\\{accent}{{{out}}}"
        if self.sub:
            out += f"_{self.sub}" if len(self.sub) == 1 else f"_{{{self.sub}}}"
        if self.sup:
            out += f"^{self.sup}" if len(self.sup) == 1 else f"^{{{self.sup}}}"
        return out + "'" * self.primes

    @property
    def is_decorated(self) -> bool:
        """Whether the name has an accent, a script or a prime on its base."""
        return bool(self.accents or self.sub or self.sup or self.primes)

    def parents(self) -> list["NameRef"]:
        """Less decorated names this one may inherit its kind from, nearest first."""
        found, current = [], self
        for strip in (lambda r: replace(r, primes=0), lambda r: replace(r, sup=""),
                      lambda r: replace(r, sub=""), lambda r: replace(r, accents=())):
            nxt = strip(current)
            if nxt != current:
                found.append(nxt)
                current = nxt
        return found


def tokens_text(tokens) -> str:
    """Canonical text of a token run: token texts joined, a space only where a command meets a letter."""
    out = ""
    for tok in tokens:
        if tok.kind == "text":
            out += f"\\text{{{tok.text}}}"
            continue
        if out and out[-1].isalpha() and tok.kind == "letter" and _ends_with_command(out):
            out += " "
        out += tok.text
    return out


def _ends_with_command(text: str) -> bool:
    i = len(text) - 1
    while i >= 0 and text[i].isalpha():
        i -= 1
    return i >= 0 and text[i] == "\\"


__all__ = ["NameRef", "tokens_text"]
