"""Tokens of the accepted LaTeX subset.

The lexer only cuts text into tokens (letters, numbers, commands, punctuation); it
never interprets anything. Spacing commands and `\\left`/`\\right` are dropped here;
a few Unicode characters (λ, ᵀ, ‖, ≤, ×, −, ...) become the tokens of their LaTeX
spelling at the same offset, so error carets still point at what the user typed.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import relations
from .errors import ParseError


@dataclass(frozen=True)
class Token:
    """One token of a formula and where it starts."""
    kind: str    # 'letter', 'num', 'cmd', 'op', 'text' (prose of \\text{...}), 'end'
    text: str    # a letter, digits, '\\name' or a punctuation character
    offset: int  # where it starts in the source

    def is_op(self, *texts: str) -> bool:
        """Whether this is the punctuation token of one of `texts`."""
        return self.kind == "op" and self.text in texts

    def is_cmd(self, *names: str) -> bool:
        """Whether this is the command token of one of `names`."""
        return self.kind == "cmd" and self.text in names


# Commands that only change spacing or sizing: dropped.
SILENT_COMMANDS = frozenset({
    "\\,", "\\;", "\\:", "\\!", "\\ ", "\\quad", "\\qquad", "\\left", "\\right", "\\big", "\\Big",
    "\\bigg", "\\Bigg", "\\bigl", "\\bigr", "\\Bigl", "\\Bigr", "\\biggl", "\\biggr", "\\Biggl",
    "\\Biggr", "\\middle", "\\displaystyle", "\\textstyle", "\\limits", "\\nolimits", "\\enspace",
    "\\thinspace", "\\medspace", "\\thickspace", "\\negthinspace", "\\hfill", "\\nonumber", "\\notag",
})

GREEK = ("alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi "
         "pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta "
         "Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell").split()

# Unicode characters written for their LaTeX spelling: char -> tokens (kind, text).
_UNICODE_GREEK = dict(zip("αβγδεζηθικλμνξπρστυφχψωΓΔΘΛΞΠΣΥΦΨΩℓ",
                          ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota",
                           "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon",
                           "phi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi",
                           "Sigma", "Upsilon", "Phi", "Psi", "Omega", "ell"]))
# Relation symbols written in Unicode (≤, ≠, ⇒, ∝, ...): the token of the relation's first LaTeX command.
_RELATION_SYMBOLS = {symbol: (("cmd", next(c for c in relations.relation_of(symbol).spellings if c.startswith("\\"))),)
                     for symbol in relations.symbols() if len(symbol) == 1 and not symbol.isascii()}
UNICODE: dict[str, tuple] = {
    **_RELATION_SYMBOLS,
    **{ch: (("cmd", "\\" + name),) for ch, name in _UNICODE_GREEK.items()},
    "ᵀ": (("op", "^"), ("letter", "T")),
    "⊤": (("cmd", "\\top"),),
    "⁻": (("op", "^"), ("op", "-")),  # ⁻¹ : the ¹ follows
    "¹": (("num", "1"),),
    "²": (("op", "^"), ("num", "2")),
    "‖": (("cmd", "\\|"),),
    "×": (("cmd", "\\times"),),
    "·": (("cmd", "\\cdot"),),
    "⋅": (("cmd", "\\cdot"),),
    "−": (("op", "-"),),
    "∂": (("cmd", "\\partial"),),
    "∇": (("cmd", "\\nabla"),),
    "√": (("cmd", "\\sqrt"),),
    "∞": (("cmd", "\\infty"),),
    "→": (("cmd", "\\to"),),   # an arrow, also in \lim_{x → 0}
    "′": (("op", "'"),),
    "\u00a0": (),
}

_PUNCTUATION = set("+-*/=<>()[]{}^_|,'&!.;:?")


def tokenize(source: str) -> list[Token]:
    """Cut `source` into tokens; raises ParseError at the first character outside the subset."""
    tokens: list[Token] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch in " \t\r\n~":
            i += 1
        elif ch == "%":  # a LaTeX comment runs to the end of the line
            end = source.find("\n", i)
            i = n if end < 0 else end
        elif "a" <= ch <= "z" or "A" <= ch <= "Z":
            tokens.append(Token("letter", ch, i))
            i += 1
        elif "0" <= ch <= "9" or (ch == "." and i + 1 < n and "0" <= source[i + 1] <= "9"):
            j = i
            while j < n and "0" <= source[j] <= "9":
                j += 1
            if j < n and source[j] == "." and j + 1 < n and "0" <= source[j + 1] <= "9":
                j += 1
                while j < n and "0" <= source[j] <= "9":
                    j += 1
            tokens.append(Token("num", source[i:j], i))
            i = j
        elif ch == "\\":
            i = _command(source, i, tokens)
        elif ch in _PUNCTUATION:
            tokens.append(Token("op", ch, i))
            i += 1
        elif ch in UNICODE:
            for kind, text in UNICODE[ch]:
                tokens.append(Token(kind, text, i))
            i += 1
        else:
            raise ParseError(f"unexpected character {ch!r} (U+{ord(ch):04X})", source, i)
    tokens.append(Token("end", "", n))
    return tokens


def _command(source: str, i: int, tokens: list[Token]) -> int:
    n = len(source)
    j = i + 1
    if j >= n:
        raise ParseError("a lone backslash at the end", source, i)
    if source[j].isascii() and source[j].isalpha():
        while j < n and source[j].isascii() and source[j].isalpha():
            j += 1
        name = source[i:j]
    else:
        name = source[i:j + 1]
        j += 1
    if name in SILENT_COMMANDS:
        if name in ("\\left", "\\right", "\\middle") and j < n and source[j] == ".":
            j += 1  # \left. and \right. are invisible delimiters
        return j
    if name in TEXT_COMMANDS:
        return _text_argument(source, i, j, tokens)
    tokens.append(Token("cmd", name, i))
    return j


# Commands whose argument is prose, not math: one 'text' token holding the raw content.
TEXT_COMMANDS = frozenset({"\\text", "\\textrm", "\\textit", "\\textbf", "\\textsf", "\\texttt", "\\mbox"})


def _text_argument(source: str, start: int, j: int, tokens: list[Token]) -> int:
    n = len(source)
    while j < n and source[j] in " \t\n":
        j += 1
    if j >= n or source[j] != "{":
        raise ParseError(f"{source[start:j].strip()} needs a braced argument", source, start)
    depth, k = 0, j
    while k < n:
        if source[k] == "\\":
            k += 2
            continue
        if source[k] == "{":
            depth += 1
        elif source[k] == "}":
            depth -= 1
            if depth == 0:
                tokens.append(Token("text", source[j + 1:k], start))
                return k + 1
        k += 1
    raise ParseError("unbalanced braces: this { is never closed", source, j)


__all__ = ["Token", "tokenize", "GREEK", "SILENT_COMMANDS"]
