"""The typed free algebra the matrix prover computes in.

Owns three things:

* `ScalarField` / `RatFunc`: exact rational functions ℚ(g₁, …, gₘ) of the scalar
  symbols (λ, dimensions, √λ as its own generator, ...). Hand-written on
  `fractions.Fraction` because SymPy's field elements cost ~0.3 ms per operation,
  far too slow for a millisecond prover (python-flint's `fmpq_mpoly` was measured
  against it: `benchmarks/bench_ncalg.py`). A denominator is kept as a polynomial and
  cancelled lazily; zero-testing is exact (numerator is the zero polynomial).
* `Letter` / `Alphabet`: matrix letters typed by shape (rows, cols), each with a
  transpose letter (possibly itself), a meaning (the SymPy expression it stands
  for) and a rank for the monomial order.
* `NCPoly`: a noncommutative polynomial whose words are typed paths
  rows → cols. Every polynomial is homogeneous in its type (src, dst); the empty
  word is the identity at its vertex, which the polynomial's type makes
  unambiguous.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import keyword
from fractions import Fraction
from typing import Any, Iterable

import sympy

# ---------------------------------------------------------------------------
# Commutative polynomials: dict {exponent tuple: Fraction}
#
# Exponent tuples carry no trailing zeros (the constant monomial is ()), so a
# generator added to the field later (a scalar atom such as tr(xᵀx)) does not
# change the key of any monomial built before it.
# ---------------------------------------------------------------------------

ExponentPoly = dict  # {exponent tuple: Fraction}: a commutative polynomial in the generators


def _mono_mul(ka: tuple, kb: tuple) -> tuple:
    if len(ka) == len(kb):
        return tuple(x + y for x, y in zip(ka, kb))
    if len(ka) < len(kb):
        ka, kb = kb, ka
    return tuple(x + y for x, y in zip(ka, kb)) + ka[len(kb):]


def _padd(a: ExponentPoly, b: ExponentPoly, sign: int = 1) -> ExponentPoly:
    out = dict(a)
    for k, v in b.items():
        s = out.get(k, 0) + (v if sign == 1 else -v)
        if s:
            out[k] = s
        else:
            out.pop(k, None)
    return out


def _pmul(a: ExponentPoly, b: ExponentPoly) -> ExponentPoly:
    if len(a) == 1 and len(b) == 1:
        (ka, va), = a.items()
        (kb, vb), = b.items()
        return {_mono_mul(ka, kb): va * vb}
    out: ExponentPoly = {}
    for ka, va in a.items():
        for kb, vb in b.items():
            k = _mono_mul(ka, kb)
            s = out.get(k, 0) + va * vb
            if s:
                out[k] = s
            else:
                out.pop(k, None)
    return out


def _pscale(a: ExponentPoly, c: Fraction) -> ExponentPoly:
    return {k: v * c for k, v in a.items()} if c else {}


def _const_value(a: ExponentPoly) -> Fraction | None:
    """The value of a constant polynomial, else None."""
    if not a:
        return Fraction(0)
    if len(a) == 1:
        (k, v), = a.items()
        if not any(k):
            return v
    return None


def safe_identifier(name: str) -> str:
    """A name any parser accepts: Python keywords (lambda) and odd characters get rewritten."""
    text = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in name) or "g"
    if text[0].isdigit():
        text = "g_" + text
    return text + "_" if keyword.iskeyword(text) else text


# ---------------------------------------------------------------------------
# Rational functions
# ---------------------------------------------------------------------------


class RatFunc:
    """num/den with den monic-normalised when constant (then den is None, meaning 1)."""

    __slots__ = ("field", "num", "den")

    def __init__(self, field_: "ScalarField", num: ExponentPoly, den: ExponentPoly | None = None):
        self.field = field_
        if den is not None:
            c = _const_value(den)
            if c is not None:
                if c == 0:
                    raise ZeroDivisionError("rational function with zero denominator")
                num, den = _pscale(num, 1 / c), None
            elif not num:
                den = None
        self.num = num
        self.den = den

    # -- predicates ---------------------------------------------------------
    def __bool__(self) -> bool:
        return bool(self.num)

    def is_one(self) -> bool:
        """Is the value exactly 1?"""
        return self.den is None and _const_value(self.num) == 1

    # -- arithmetic ---------------------------------------------------------
    def _make(self, num: ExponentPoly, den: ExponentPoly | None) -> "RatFunc":
        result = RatFunc(self.field, num, den)
        if result.den is not None and len(result.num) + len(result.den) > 12:
            return self.field.cancel(result)  # keep sizes small; rare in practice
        return result

    def __add__(self, other: "RatFunc") -> "RatFunc":
        if self.den is None and other.den is None:
            return RatFunc(self.field, _padd(self.num, other.num))
        if self.den == other.den:
            return self._make(_padd(self.num, other.num), self.den)
        sd = self.den or self.field.one_poly
        od = other.den or self.field.one_poly
        return self._make(_padd(_pmul(self.num, od), _pmul(other.num, sd)), _pmul(sd, od))

    def __neg__(self) -> "RatFunc":
        return RatFunc(self.field, {k: -v for k, v in self.num.items()}, self.den)

    def __sub__(self, other: "RatFunc") -> "RatFunc":
        return self + (-other)

    def __mul__(self, other: "RatFunc") -> "RatFunc":
        if self.den is None and other.den is None:
            return RatFunc(self.field, _pmul(self.num, other.num))
        if self.den is not None and self.den == other.num and other.den is None:
            return RatFunc(self.field, dict(self.num))
        sd = self.den or self.field.one_poly
        od = other.den or self.field.one_poly
        return self._make(_pmul(self.num, other.num), _pmul(sd, od))

    def inverse(self) -> "RatFunc":
        """1/value; ZeroDivisionError for 0."""
        if not self.num:
            raise ZeroDivisionError("inverse of zero")
        return self._make(dict(self.den or self.field.one_poly), self.num)

    def __truediv__(self, other: "RatFunc") -> "RatFunc":
        return self * other.inverse()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RatFunc):
            return NotImplemented
        return not (self - other).num

    def __hash__(self) -> int:  # only used for constants in practice
        return hash(str(self.to_sympy()))

    # -- output -------------------------------------------------------------
    def to_sympy(self) -> sympy.Expr:
        """The value as a SymPy expression in the field's generators."""
        return self.field.to_sympy(self)

    def exact_str(self) -> str:
        """Canonical exact text such as '-1/lambda' or '(lambda + 1)/2'."""
        expr = self.field.to_sympy(self, safe=True)
        return sympy.sstr(sympy.cancel(expr) if self.den is not None else expr)

    def canonical(self) -> tuple:
        """Hashable and equal for equal values (a polynomial's terms; text after cancelling otherwise)."""
        if self.den is None:
            return tuple(sorted(self.num.items()))
        return ("frac", self.exact_str())

    def text(self) -> str:
        """For people: the original symbol names (lambda, not the certificate id lambda_)."""
        expr = self.to_sympy()
        return sympy.sstr(sympy.cancel(expr) if self.den is not None else expr)

    def __repr__(self) -> str:
        return self.exact_str()


class ScalarField:
    """ℚ(gens): gens are SymPy Symbols (scalar symbols, dimensions, generated atoms).

    Generators may be added while a proof is built (`add_generator`): monomials have
    no trailing zero exponents, so existing values stay valid.
    """

    def __init__(self, gens: Iterable[sympy.Symbol]):
        self.gens: tuple = ()
        self.safe_gens: tuple = ()
        self.index: dict = {}
        for g in gens:
            self.add_generator(g)
        self.zero_exp = ()
        self.one_poly: ExponentPoly = {self.zero_exp: Fraction(1)}
        self.zero = RatFunc(self, {})
        self.one = RatFunc(self, dict(self.one_poly))

    def add_generator(self, symbol: sympy.Symbol) -> int:
        """Append a generator (idempotent); its certificate id is a safe identifier unique in the field."""
        if symbol in self.index:
            return self.index[symbol]
        safe = safe_identifier(symbol.name)
        taken = {str(s) for s in self.safe_gens}
        while safe in taken:
            safe += "_"
        self.gens += (symbol,)
        self.safe_gens += (sympy.Symbol(safe),)
        self.index[symbol] = len(self.gens) - 1
        return self.index[symbol]

    def const(self, value: Any) -> RatFunc:
        """A rational constant of the field."""
        value = Fraction(value)
        return RatFunc(self, {self.zero_exp: value} if value else {})

    def gen(self, symbol: sympy.Symbol) -> RatFunc:
        """The generator for a symbol, as a field value."""
        i = self.index[symbol]
        return RatFunc(self, {(0,) * i + (1,): Fraction(1)})

    def from_sympy(self, expr: Any) -> RatFunc:
        """Exact conversion of a rational expression in the generators; ValueError otherwise."""
        expr = sympy.sympify(expr)
        if expr.is_Rational:
            return self.const(Fraction(int(expr.p), int(expr.q)))
        if expr in self.index:
            return self.gen(expr)
        if expr.is_Add:
            out = self.zero
            for a in expr.args:
                out = out + self.from_sympy(a)
            return out
        if expr.is_Mul:
            out = self.one
            for a in expr.args:
                out = out * self.from_sympy(a)
            return out
        if expr.is_Pow and expr.exp.is_Integer:
            base = self.from_sympy(expr.base)
            k = int(expr.exp)
            if k < 0:
                base, k = base.inverse(), -k
            out = self.one
            for _ in range(k):
                out = out * base
            return out
        raise ValueError(f"{expr} is not a rational function of {self.gens}")

    def poly_to_sympy(self, poly: ExponentPoly, safe: bool = False) -> sympy.Expr:
        """A polynomial of the field as a SymPy expression (in the safe identifiers when `safe`)."""
        terms = []
        for exp, c in poly.items():
            term = sympy.Rational(c.numerator, c.denominator)
            for g, e in zip(self.safe_gens if safe else self.gens, exp):
                if e:
                    term *= g ** e
            terms.append(term)
        return sympy.Add(*terms)

    def to_sympy(self, value: RatFunc, safe: bool = False) -> sympy.Expr:
        """As a SymPy expression in the generators (or in their safe identifiers, for certificates)."""
        num = self.poly_to_sympy(value.num, safe)
        if value.den is None:
            return num
        return num / self.poly_to_sympy(value.den, safe)

    def cancel(self, value: RatFunc) -> RatFunc:
        """Remove common factors (via SymPy; only called when sizes grow)."""
        if value.den is None:
            return value
        num, den = sympy.fraction(sympy.cancel(self.to_sympy(value)))
        result = RatFunc(self, self.from_sympy(num).num, self.from_sympy(den).num)
        return result

    def denominator(self, value: RatFunc) -> sympy.Expr:
        """The reduced denominator as a SymPy expression (1 for polynomials)."""
        if value.den is None:
            return sympy.S.One
        return sympy.fraction(sympy.cancel(self.to_sympy(value)))[1]


# ---------------------------------------------------------------------------
# Letters and words
# ---------------------------------------------------------------------------

Word = tuple  # of letter indices


_DIM_CACHE: dict = {}


def dim_key(dim: Any) -> sympy.Expr:
    """Canonical form of a dimension so that equal dimensions are equal keys (cf. shapes.same_dim)."""
    key = _DIM_CACHE.get(dim)
    if key is None:
        key = _DIM_CACHE[dim] = sympy.expand(sympy.sympify(dim))
    return key


@dataclass
class Letter:
    """A matrix letter: its name, type rows → cols, meaning, kind, transpose, rank and weight."""
    name: str
    rows: sympy.Expr
    cols: sympy.Expr
    meaning: sympy.Basic          # the SymPy expression the letter stands for
    kind: str                     # "symbol", "transpose", "inverse", "opaque"
    transpose: int = -1           # index of the transpose letter (itself when symmetric by construction)
    rank: int = 0                 # position in the monomial order (larger = bigger)
    weight: int = 1               # contribution to the weighted degree
    note: str = ""                # why it is what it is (e.g. "inverse of X*X.T + lambda*I_n")


class Alphabet:
    """The letters of one proof, their transposes and the monomial order on words."""

    def __init__(self) -> None:
        self.letters: list[Letter] = []
        self.by_name: dict[str, int] = {}

    def add(self, letter: Letter) -> int:
        """Add a letter (names are unique); its index. A letter with no transpose yet is its own."""
        if letter.name in self.by_name:
            raise ValueError(f"letter {letter.name} exists")
        letter.rows, letter.cols = dim_key(letter.rows), dim_key(letter.cols)
        self.letters.append(letter)
        idx = len(self.letters) - 1
        self.by_name[letter.name] = idx
        if letter.transpose < 0:
            letter.transpose = idx
        return idx

    def link_transposes(self, a: int, b: int) -> None:
        """Make the letters a and b each other's transpose."""
        self.letters[a].transpose = b
        self.letters[b].transpose = a

    def __getitem__(self, idx: int) -> Letter:
        return self.letters[idx]

    def word_key(self, word: Word) -> tuple:
        """Weighted degree, then lexicographic by rank: a well-order compatible with products."""
        letters = self.letters
        return (sum(letters[i].weight for i in word), tuple(letters[i].rank for i in word))

    def transpose_word(self, word: Word) -> Word:
        """The transpose of a word: the letters' transposes in reverse order."""
        letters = self.letters
        return tuple(letters[i].transpose for i in reversed(word))

    def word_type(self, word: Word) -> tuple | None:
        """(rows, cols) of a nonempty word; None for the empty word."""
        if not word:
            return None
        return (self.letters[word[0]].rows, self.letters[word[-1]].cols)

    def well_typed(self, word: Word) -> bool:
        """Do consecutive letters of the word fit (columns of one = rows of the next)?"""
        letters = self.letters
        return all(letters[a].cols == letters[b].rows for a, b in zip(word, word[1:]))

    def show(self, word: Word, vertex: Any = None) -> str:
        """The word as text (A*B^T), the empty word as the identity at its vertex."""
        if not word:
            return f"I_{sympy.sstr(vertex)}" if vertex is not None else "I"
        return "*".join(self.letters[i].name for i in word)


# ---------------------------------------------------------------------------
# Typed noncommutative polynomials
# ---------------------------------------------------------------------------


class TypeMismatch(Exception):
    """Two polynomials whose shapes do not match for general dimensions were combined."""


@dataclass
class NCPoly:
    """Σ coeff·word, all words typed src → dst (src = rows, dst = cols)."""

    src: sympy.Expr
    dst: sympy.Expr
    terms: dict = field(default_factory=dict)  # Word -> RatFunc

    @classmethod
    def identity(cls, vertex: Any, fld: ScalarField, coeff: RatFunc | None = None) -> "NCPoly":
        """c·I at the vertex (c = 1 when not given)."""
        v = dim_key(vertex)
        c = fld.one if coeff is None else coeff
        return cls(v, v, {(): c} if c else {})

    @classmethod
    def zero(cls, rows: Any, cols: Any) -> "NCPoly":
        """The zero polynomial of type rows → cols."""
        return cls(dim_key(rows), dim_key(cols), {})

    @classmethod
    def letter(cls, alphabet: Alphabet, idx: int, fld: ScalarField) -> "NCPoly":
        """The polynomial made of one letter."""
        let = alphabet[idx]
        return cls(let.rows, let.cols, {(idx,): fld.one})

    def is_zero(self) -> bool:
        """Is it the zero polynomial?"""
        return not self.terms

    def _check_same_type(self, other: "NCPoly", what: str) -> None:
        if self.src != other.src or self.dst != other.dst:
            raise TypeMismatch(f"{what}: {self.src}×{self.dst} against {other.src}×{other.dst}")

    def __add__(self, other: "NCPoly") -> "NCPoly":
        self._check_same_type(other, "sum")
        out = dict(self.terms)
        for w, c in other.terms.items():
            s = out[w] + c if w in out else c
            if s:
                out[w] = s
            else:
                out.pop(w, None)
        return NCPoly(self.src, self.dst, out)

    def __neg__(self) -> "NCPoly":
        return NCPoly(self.src, self.dst, {w: -c for w, c in self.terms.items()})

    def __sub__(self, other: "NCPoly") -> "NCPoly":
        return self + (-other)

    def scale(self, c: RatFunc) -> "NCPoly":
        """c·self for a field value c."""
        if not c:
            return NCPoly(self.src, self.dst, {})
        return NCPoly(self.src, self.dst, {w: v * c for w, v in self.terms.items()})

    def __mul__(self, other: "NCPoly") -> "NCPoly":
        if self.dst != other.src:
            raise TypeMismatch(f"product: {self.src}×{self.dst} times {other.src}×{other.dst}")
        out: dict = {}
        for w1, c1 in self.terms.items():
            for w2, c2 in other.terms.items():
                w = w1 + w2
                s = out[w] + c1 * c2 if w in out else c1 * c2
                if s:
                    out[w] = s
                else:
                    out.pop(w, None)
        return NCPoly(self.src, other.dst, out)

    def transpose(self, alphabet: Alphabet) -> "NCPoly":
        """The transpose: every word transposed, the type swapped."""
        return NCPoly(self.dst, self.src,
                      {alphabet.transpose_word(w): c for w, c in self.terms.items()})

    def letters_used(self) -> set:
        """The indices of the letters in its words."""
        return {i for w in self.terms for i in w}

    def leading(self, alphabet: Alphabet) -> Word:
        """The largest word in the alphabet's monomial order."""
        return max(self.terms, key=alphabet.word_key)

    def key(self) -> tuple:
        """A hashable identity for deduplication (exact coefficients, canonical when polynomial)."""
        return (self.src, self.dst, tuple(sorted((w, c.canonical()) for w, c in self.terms.items())))

    def show(self, alphabet: Alphabet) -> str:
        """The polynomial as text, largest word first."""
        if not self.terms:
            return "0"
        parts = []
        for w in sorted(self.terms, key=alphabet.word_key, reverse=True):
            c = self.terms[w]
            text = alphabet.show(w, self.src)
            cs = c.text()
            if cs == "1":
                parts.append(text)
            elif cs == "-1":
                parts.append("-" + text)
            else:
                parts.append(f"({cs})*{text}")
        return " + ".join(parts).replace("+ -", "- ")


__all__ = ["ScalarField", "RatFunc", "Letter", "Alphabet", "NCPoly", "Word", "TypeMismatch", "dim_key"]


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
