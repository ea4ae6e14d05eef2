"""The checker's own small free algebra: typed words with exact rational-function coefficients.

Independent of the prover (no import of symcheck.prove): coefficients live in
SymPy's exact fraction field ℚ(generators); a polynomial is {word: coefficient}
with a type rows → cols, a word a tuple of letter names. Text from certificates
(coefficients such as "-1/lambda_", dimensions such as "n + d") is parsed with
`ast` and an arithmetic-only allowlist, never evaluated; its length, nesting and the
size of every power are bounded first (`bounds`), and so is the number of terms of
a polynomial the checker expands.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

import sympy
from sympy import QQ

from .bounds import TooLarge, check_power, check_terms, check_text, number_digits


class Rejected(Exception):
    """The certificate does not prove the claim; the message says why."""


# ---------------------------------------------------------------------------
# Arithmetic text: + - * / ** on integers and named generators, nothing else
# ---------------------------------------------------------------------------

_BINOPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
           ast.Div: lambda a, b: a / b}


def parse_arithmetic(text: str, names: dict, one):
    """Evaluate `text` with generator values `names` ({id: value}); `one` is the unit of the target ring."""
    if not isinstance(text, str):
        raise Rejected(f"coefficient {text!r} is not arithmetic text")
    try:
        check_text(text, "a coefficient")
        tree = ast.parse(text, mode="eval")
    except TooLarge as exc:
        raise Rejected(str(exc)) from exc
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise Rejected(f"coefficient {_short(text)} does not parse: {type(exc).__name__}") from exc

    def walk(node, depth=0):
        if depth > 200:
            raise Rejected("coefficient nested too deeply")
        if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
            return one * node.value
        if isinstance(node, ast.Name):
            if node.id not in names:
                raise Rejected(f"{node.id!r} in {text!r} is not a generator of the certificate")
            return names[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            value = walk(node.operand, depth + 1)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            left, right = walk(node.left, depth + 1), walk(node.right, depth + 1)
            if isinstance(node.op, ast.Div) and right == 0:
                raise Rejected(f"division by zero in {text!r}")
            return _BINOPS[type(node.op)](left, right)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            exponent = node.right
            sign = 1
            if isinstance(exponent, ast.UnaryOp) and isinstance(exponent.op, ast.USub):
                exponent, sign = exponent.operand, -1
            if not (isinstance(exponent, ast.Constant) and type(exponent.value) is int and exponent.value <= 1000):
                raise Rejected(f"only small integer exponents are allowed in {_short(text)}")
            base = walk(node.left, depth + 1)
            if sign < 0 and base == 0:
                raise Rejected(f"division by zero in {_short(text)}")
            try:
                check_power(*_size(base), exponent.value, f"a power in coefficient {_short(text)}")
            except TooLarge as exc:
                raise Rejected(str(exc)) from exc
            return base ** (sign * exponent.value)
        raise Rejected(f"{type(node).__name__} is not allowed in coefficient {text!r}")

    return walk(tree.body)


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _size(value) -> tuple:
    """(decimal digits of the largest number, total degree) of a value built from certificate text."""
    if isinstance(value, sympy.Basic):
        return _expr_size(value)
    numer, denom = getattr(value, "numer", None), getattr(value, "denom", None)
    if numer is not None and denom is not None and hasattr(numer, "terms"):
        parts = [numer, denom]
    elif hasattr(value, "terms") and callable(value.terms):
        parts = [value]
    else:
        return number_digits(value), 0
    digits = degree = 0
    for part in parts:
        for monom, coeff in part.terms():
            digits = max(digits, number_digits(coeff))
            degree = max(degree, sum(monom))
    return digits, degree


def _expr_size(expr) -> tuple:
    if expr.is_Number:
        return number_digits(expr), 0
    if expr.is_Symbol:
        return 0, 1
    if expr.is_Pow and expr.exp.is_Integer:
        digits, degree = _expr_size(expr.base)
        e = abs(int(expr.exp))
        return digits * e, degree * e
    sizes = [_expr_size(a) for a in expr.args] or [(0, 0)]
    digits = max(d for d, _ in sizes) if not expr.is_Mul else sum(d for d, _ in sizes)
    degree = max(g for _, g in sizes) if not expr.is_Mul else sum(g for _, g in sizes)
    return digits, degree


# ---------------------------------------------------------------------------
# The coefficient field and dimensions
# ---------------------------------------------------------------------------


class Field:
    """ℚ(generators), exact; `ids` are the certificate's safe names, `symbols` the claim's SymPy symbols."""

    def __init__(self, symbols: list, ids: list):
        self.symbols = list(symbols)
        self.ids = list(ids)
        gens = self.symbols or [sympy.Dummy("unit")]
        self.K = QQ.frac_field(*gens)
        self.gens = self.K.gens if self.symbols else ()
        self.by_id = dict(zip(self.ids, [self.K.convert(g) for g in self.symbols]))
        self.one = self.K.one
        self.zero = self.K.zero

    def coeff(self, text: str):
        """A coefficient written in the certificate's arithmetic, as an element of the field."""
        return parse_arithmetic(text, self.by_id, self.one)

    def from_rational(self, value):
        """A rational number as an element of the field."""
        return self.K.convert(sympy.Rational(value))

    def gen(self, symbol):
        """A generator (a SymPy symbol of the field) as an element of the field."""
        return self.K.convert(symbol)

    def as_expr(self, value) -> sympy.Expr:
        """An element of the field as a SymPy expression."""
        return self.K.to_sympy(value)


def dim_key(expr) -> str:
    """A canonical text for a dimension expression, so equal sizes compare as equal strings."""
    return sympy.srepr(sympy.expand(sympy.sympify(expr)))


@dataclass
class Dim:
    """A dimension (a polynomial in the dimension symbols) and its canonical key."""

    expr: sympy.Expr
    key: str

    @classmethod
    def of(cls, expr) -> "Dim":
        """The Dim of a SymPy expression or number."""
        expr = sympy.sympify(expr)
        return cls(expr, dim_key(expr))

    def __eq__(self, other) -> bool:
        return isinstance(other, Dim) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)


def parse_dim(text: str, dims_by_id: dict) -> Dim:
    """A dimension written in the certificate's arithmetic."""
    value = parse_arithmetic(text, dims_by_id, sympy.S.One)
    return Dim.of(value)


# ---------------------------------------------------------------------------
# Letters and polynomials
# ---------------------------------------------------------------------------


@dataclass
class Letter:
    """A certificate letter: its shape, what it stands for, its transpose and what it inverts."""

    name: str
    rows: Dim
    cols: Dim
    kind: str
    meaning: str | None
    transpose: str
    inverse_of: "NCPoly | None" = None


@dataclass
class NCPoly:
    """A noncommutative polynomial of type rows × cols: {word (tuple of letter names): coefficient}."""

    rows: Dim
    cols: Dim
    terms: dict = field(default_factory=dict)  # tuple of letter names -> field element

    def add(self, other: "NCPoly", scale=None) -> "NCPoly":
        """self + scale·other (same type, else Rejected)."""
        if self.rows != other.rows or self.cols != other.cols:
            raise Rejected(f"adding polynomials of types {self.rows.expr}x{self.cols.expr} "
                           f"and {other.rows.expr}x{other.cols.expr}")
        out = dict(self.terms)
        for w, c in other.terms.items():
            c = c * scale if scale is not None else c
            s = out[w] + c if w in out else c
            if s == 0:
                out.pop(w, None)
            else:
                out[w] = s
        _bounded(len(out))
        return NCPoly(self.rows, self.cols, out)

    def sub(self, other: "NCPoly") -> "NCPoly":
        """self − other."""
        return self.add(other, -1)

    def scale(self, c) -> "NCPoly":
        """c·self."""
        if c == 0:
            return NCPoly(self.rows, self.cols, {})
        return NCPoly(self.rows, self.cols, {w: v * c for w, v in self.terms.items()})

    def mul(self, other: "NCPoly") -> "NCPoly":
        """self·other (the types must chain, else Rejected)."""
        if self.cols != other.rows:
            raise Rejected(f"product of types {self.rows.expr}x{self.cols.expr} and "
                           f"{other.rows.expr}x{other.cols.expr}")
        out: dict = {}
        for wa, ca in self.terms.items():
            for wb, cb in other.terms.items():
                w = wa + wb
                s = out[w] + ca * cb if w in out else ca * cb
                if s == 0:
                    out.pop(w, None)
                else:
                    out[w] = s
            _bounded(len(out))
        return NCPoly(self.rows, other.cols, out)

    def is_zero(self) -> bool:
        """No term is left."""
        return not self.terms

    def equals(self, other: "NCPoly") -> bool:
        """Same type and the same terms."""
        return self.rows == other.rows and self.cols == other.cols and self.sub(other).is_zero()

    def shape_key(self) -> tuple:
        """A hashable key of the type and the words (not the coefficients), for indexing."""
        return (self.rows.key, self.cols.key, frozenset(self.terms))

    def show(self, fld: Field | None = None) -> str:
        """The polynomial as text, longest words first (coefficients through `fld` when given)."""
        if not self.terms:
            return "0"
        parts = []
        for w, c in sorted(self.terms.items(), key=lambda kv: (-len(kv[0]), kv[0])):
            word = "*".join(w) if w else f"I_{self.rows.expr}"
            text = str(fld.as_expr(c)) if fld else str(c)
            parts.append(word if text == "1" else f"-{word}" if text == "-1" else f"({text})*{word}")
        return " + ".join(parts).replace("+ -", "- ")


class Alphabet:
    """The certificate's letters, with the typing and transposition rules the checker relies on."""

    def __init__(self, letters: dict):
        self.letters = letters

    def __getitem__(self, name: str) -> Letter:
        if name not in self.letters:
            raise Rejected(f"unknown letter {name!r}")
        return self.letters[name]

    def check_involution(self) -> None:
        """Transposition must be an involution that swaps shapes; a self-transposed letter is square."""
        for let in self.letters.values():
            t = self[let.transpose]
            if t.transpose != let.name or t.rows != let.cols or t.cols != let.rows:
                raise Rejected(f"letter {let.name}: its transpose {t.name} is inconsistent")

    def check_word(self, word, start: Dim, end: Dim, where: str) -> None:
        """Consecutive letters chain: cols of one = rows of the next, for general dimensions."""
        current = start
        for name in word:
            let = self[name]
            if let.rows != current:
                raise Rejected(f"ill-typed word {'*'.join(word) or 'I'} in {where}: {name} has "
                               f"{let.rows.expr} rows where {current.expr} are needed")
            current = let.cols
        if current != end:
            raise Rejected(f"ill-typed word {'*'.join(word) or 'I'} in {where}: it ends at "
                           f"{current.expr}, not {end.expr}")

    def letter_poly(self, name: str, fld: Field) -> NCPoly:
        """The polynomial of one letter (the word of that letter alone)."""
        let = self[name]
        return NCPoly(let.rows, let.cols, {(name,): fld.one})

    def transpose_word(self, word) -> tuple:
        """The transpose of a word: the letters' transposes in reverse order."""
        return tuple(self[n].transpose for n in reversed(word))

    def transpose(self, p: NCPoly) -> NCPoly:
        """The transpose of a polynomial, word by word."""
        return NCPoly(p.cols, p.rows, {self.transpose_word(w): c for w, c in p.terms.items()})


def _bounded(count: int) -> None:
    try:
        check_terms(count, "a polynomial the certificate asks the checker to expand")
    except TooLarge as exc:
        raise Rejected(str(exc)) from exc


def identity(dim: Dim, fld: Field, c=None) -> NCPoly:
    """c·I (I by default) of size dim."""
    return NCPoly(dim, dim, {(): fld.one if c is None else c})


def zero(rows: Dim, cols: Dim) -> NCPoly:
    """The zero polynomial of type rows × cols."""
    return NCPoly(rows, cols, {})


__all__ = ["Rejected", "Field", "Dim", "Letter", "NCPoly", "Alphabet", "parse_arithmetic", "parse_dim",
           "identity", "zero", "dim_key"]


def cancel_pairs(word, pairs: set) -> tuple:
    """The word with adjacent pairs (a, b) in `pairs` removed, repeatedly (X·X⁻¹·X⁻¹·X... all cancel)."""
    w = list(word)
    k = 0
    while k < len(w) - 1:
        if (w[k], w[k + 1]) in pairs:
            del w[k:k + 2]
            k = max(k - 1, 0)
        else:
            k += 1
    return tuple(w)
