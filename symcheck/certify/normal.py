"""The checker's own normal form of expressions, and equality up to it.

Independent of the prover (nothing of `symcheck.prove` is imported). A matrix
expression becomes an `MPoly`: a noncommutative polynomial over *atoms* with scalar
coefficients; a scalar becomes a SymPy expression in which every scalar made of
matrices is a *holder* (a fresh real symbol standing for it):

* atoms: matrix symbols and their transposes, inverses (of a normalised polynomial:
  (c·P)⁻¹ = c⁻¹·P⁻¹ with P's first word scaled to 1; I⁻¹ = I; (P⁻¹)⁻¹ = P),
  pseudo-inverses, symbolic powers, block matrices (a block row times a block
  column is multiplied out), explicit matrices, and anything else as an opaque atom
  keyed by its (normalised) SymPy text;
* transposes are pushed to the atoms ((AB)ᵀ = BᵀAᵀ), products distributed over sums;
* a segment of a word between two passes through a 1×1 dimension is a scalar
  (u·s·v = tr(s)·u·v), so 1×1 products are scalars wherever they stand;
* holders: tr(w) for a closed word w, named by the least rotation of w or of wᵀ
  (tr(AB) = tr(BA), tr(M) = tr(Mᵀ)) and split at 1×1 passes; det(M) after the
  determinant laws (det(AB) = det A det B for square factors of one size, det Aᵀ =
  det A, det A⁻¹ = 1/det A, det cA = cⁿ det A, det I = 1, det 0 = 0, det Bᵏ = (det B)ᵏ for
  an integer k, det(⊗ Aᵢ) = Π det(Aᵢ)^(N/nᵢ), an explicit matrix's determinant computed); any
  other scalar of
  matrices as an opaque holder.

Every rewrite is an identity wherever both sides are defined, so equal normal
forms mean equal values (`Normal.equal`); unequal forms mean nothing. Coefficients
are compared by `cancel`, case by case when they contain piecewise functions.

A reduction re-derived by the checker plugs its own rules into `Normal.rules`
(class -> function(normal, expr) -> value), e.g. the derivative of a `Derivative`
node; constructs without a rule stay opaque, with their insides normalised.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import sympy
from sympy import Basic
from sympy.polys.fields import sfield
from sympy.matrices.expressions import (
    BlockMatrix, Determinant, Identity, Inverse, KroneckerProduct, MatAdd, MatMul, MatPow, MatrixExpr, MatrixSymbol, Trace, Transpose,
    ZeroMatrix,
)
from sympy.matrices.expressions.matexpr import MatrixElement

from ..model.products import AmbiguousOrIllTyped, group_expr, read_product
from .bounds import MAX_TERMS
from .cases import BRANCHES, cases
from .ncpoly import Rejected

MAX_MATPOW = 16            # integer matrix powers up to this are multiplied out
MAX_EXPLICIT_ENTRIES = 10_000
MAX_EXPLICIT_DET = 8     # explicit matrices up to this size have their determinant computed


def same_dim(a, b) -> bool:
    """Equal as polynomials in the dimension symbols."""
    if a == b:  # the same expression (nearly every call): the difference is 0 without expanding it
        return True
    return sympy.expand(sympy.sympify(a) - sympy.sympify(b)) == 0


def is_one(d) -> bool:
    """The dimension d is 1."""
    return sympy.sympify(d) == 1


def exact(expr):
    """Decimals as the fractions they print as (0.1 is 1/10), as everywhere in symcheck."""
    expr = sympy.sympify(expr)
    floats = expr.atoms(sympy.Float) if isinstance(expr, Basic) else ()
    return expr.xreplace({f: sympy.Rational(str(f)) for f in floats}) if floats else expr


def _is_rational_function(c) -> bool:
    """c is built from commutative symbols and rational numbers by +, · and integer powers only."""
    for node in sympy.preorder_traversal(c):
        if isinstance(node, sympy.Symbol) and node.is_commutative:
            continue
        if isinstance(node, (sympy.Rational, sympy.Add, sympy.Mul)):
            continue
        if isinstance(node, sympy.Pow) and node.exp.is_Integer:
            continue
        return False
    return True


def _field_element(c):
    """c in SymPy's field of rational functions (`sfield`, lowest terms), or None when c is not a rational
    function of commutative symbols or SymPy cannot build it (then cancellation decides)."""
    if not isinstance(c, Basic):
        return None
    return _field_element_of(c)


@lru_cache(maxsize=4096)
def _field_element_of(c: Basic):
    """`_field_element` of an expression, remembered: a certificate's check meets the same few coefficients
    again and again (9,040 conversions of 646 distinct ones over the claims suite's certificates)."""
    if not _is_rational_function(c):
        return None
    try:
        return sfield(c)[1]
    except Exception:  # noqa: BLE001 - the general path decides
        return None


def canon(c):
    """A canonical form of a coefficient (lowest terms where SymPy can find them).

    A rational function of symbols is put in lowest terms in SymPy's field of rational functions
    (`sfield`): the same form as `cancel(together(c))` (a test compares them), several times faster."""
    element = _field_element(c)
    if element is not None:
        return element.as_expr()
    try:
        out = sympy.cancel(sympy.together(c))
    except Exception:  # noqa: BLE001 - piecewise and other non-rational coefficients stay as they are
        return c
    return out


def is_zero_scalar(c, nonzero=()) -> bool:
    """c is 0 wherever it is defined and every g in `nonzero` is nonzero: by cancellation, or in every
    case of its piecewise functions (a relation on ±g is decided on each side of g = 0 first).

    A rational function of symbols is cancelled in SymPy's field of rational functions (`sfield`,
    sparse polynomials), which decides the same question as `canon` many times faster."""
    if c == 0:
        return True
    element = _field_element(c)
    if element is not None:
        return element == 0
    if not any(isinstance(n, tuple(BRANCHES)) for n in sympy.preorder_traversal(c)):
        # x^a·x^b = x^(a+b) wherever both sides are defined (for symbolic exponents, det(X)·det(X)^(k−1))
        return canon(c) == 0 or canon(sympy.powsimp(c, combine="exp")) == 0
    if sympy.expand(c) == 0:
        return True
    for g in nonzero:
        if _mentions(c, g):
            others = [h for h in nonzero if h is not g]
            return all(is_zero_scalar(_with_sign_of(c, g, side), others) for side in (1, -1))
    try:
        return all(current is None or canon(current[0]) == 0 for _conds, current in cases([c]))
    except Rejected:
        return False


def _orientation(rel, g) -> int:
    """+1 when rel compares g with 0 (rel.lhs - rel.rhs = g), -1 for -g, 0 otherwise."""
    diff = rel.lhs - rel.rhs
    if canon(diff - g) == 0:
        return 1
    if canon(diff + g) == 0:
        return -1
    return 0


def _mentions(c, g) -> bool:
    """c holds a relation comparing ±g with 0."""
    return any(isinstance(r, sympy.core.relational.Relational) and _orientation(r, g)
               for r in sympy.preorder_traversal(c))


_TRUTH = {sympy.StrictGreaterThan: lambda s: s > 0, sympy.GreaterThan: lambda s: s > 0,
          sympy.StrictLessThan: lambda s: s < 0, sympy.LessThan: lambda s: s < 0,
          sympy.Equality: lambda s: False, sympy.Unequality: lambda s: True}


def _with_sign_of(c, g, side: int):
    """c with every relation on ±g decided for sign(g) = side (g ≠ 0)."""
    subs = {}
    for r in sympy.preorder_traversal(c):
        if isinstance(r, sympy.core.relational.Relational) and type(r) in _TRUTH:
            orientation = _orientation(r, g)
            if orientation:
                subs[r] = sympy.true if _TRUTH[type(r)](orientation * side) else sympy.false
    return c.xreplace(subs) if subs else c


@dataclass
class Atom:
    """A matrix the normal form treats as a letter: a symbol, its transpose, an inverse, a power, ..."""

    key: str
    kind: str            # symbol, transpose, inverse, pinv, power, block, explicit, opaque
    rows: Basic
    cols: Basic
    expr: Basic          # the SymPy matrix it stands for
    arg: "MPoly | None" = None     # inverse, pinv, power: the normalised polynomial
    exponent: Basic | None = None  # power
    grid: tuple = ()               # block: rows of MPoly
    symbol: Basic | None = None    # symbol, transpose: the MatrixSymbol


@dataclass
class Holder:
    """What a scalar dummy of the normal form stands for: a trace of a closed word, a determinant, an opaque term."""

    kind: str            # trace, det, opaque
    word: tuple = ()     # trace: the canonical closed word
    vertex: Basic = None  # trace: the dimension it is closed at
    meaning: Basic = None  # the SymPy scalar it stands for (trace: built on demand)
    arg: "MPoly | None" = None  # det: the matrix


@dataclass
class MPoly:
    """Σ coefficient · word, of type rows × cols; a word is a tuple of atom keys, () the identity."""

    rows: Basic
    cols: Basic
    terms: dict = field(default_factory=dict)

    def is_zero(self) -> bool:
        """No term is left."""
        return not self.terms


Value = "MPoly | sympy.Expr"


def _is_condition(a) -> bool:
    """A truth value (relation, And/Or/Not, true/false); a Symbol is an Expr here, not a Boolean."""
    return isinstance(a, (bool, sympy.logic.boolalg.Boolean)) and not isinstance(a, sympy.Expr)


def is_matrix_expr(expr) -> bool:
    """A symbolic or explicit SymPy matrix."""
    return isinstance(expr, (MatrixExpr, sympy.MatrixBase))


class Normal:
    """One normalisation context: atoms and holders are shared by everything normalised in it."""

    def __init__(self, rules: dict | None = None, det_symbols: dict | None = None):
        self.atoms: dict = {}
        self.holders: dict = {}        # key -> Dummy
        self.info: dict = {}           # Dummy -> Holder
        self.rules = dict(rules or {})
        self.det_symbols = dict(det_symbols or {})  # det key -> Symbol to use instead of a holder
        self._values: dict = {}  # (expression, the rules it was normalised under) -> its normal form

    # ------------------------------------------------------------------ values
    def value(self, expr):
        """The normal form of a scalar (SymPy expression with holders) or a matrix (MPoly), computed once per
        expression and rule table in this context (normal forms are never changed in place)."""
        expr = sympy.sympify(expr)
        key = (expr, tuple((k, id(f)) for k, f in self.rules.items()))
        try:
            return self._values[key]
        except (KeyError, TypeError):  # new, or unhashable
            pass
        value = self._value(expr)
        try:
            self._values[key] = value
        except TypeError:
            pass
        return value

    def _value(self, expr):
        if is_matrix_expr(expr):
            return self.matrix(expr)
        rule = self._rule(expr)
        if rule is not None:
            return rule(self, expr)
        if isinstance(expr, (sympy.Add, sympy.Mul)) and self.rules and expr.has(*self.rules):
            values = [self.value(a) for a in expr.args]  # a rule may give a matrix (the derivative of a vector)
            if any(isinstance(v, MPoly) and not (is_one(v.rows) and is_one(v.cols)) for v in values):
                return self._combine(expr, values)
        return self.scalar(expr)

    def _combine(self, expr, values: list) -> MPoly:
        """A SymPy Add or Mul whose arguments' values include matrices, as a matrix."""
        if isinstance(expr, sympy.Add):
            out = None
            for v in values:
                if not isinstance(v, MPoly):
                    raise Rejected("a matrix plus a scalar")
                out = v if out is None else self.add(out, v)
            return out
        mats = [v for v in values if isinstance(v, MPoly)]
        if len(mats) != 1:
            raise Rejected("a product of matrices written as a scalar product (its order is lost)")
        coeff = sympy.Mul(*[v for v in values if not isinstance(v, MPoly)])
        return self.scale(mats[0], coeff)

    def _rule(self, expr):
        for cls in type(expr).__mro__:
            if cls in self.rules:
                return self.rules[cls]
        return None

    def scalar(self, expr):
        """A scalar expression in normal form (a 1×1 matrix is its own trace)."""
        expr = sympy.sympify(expr)
        rule = self._rule(expr)
        if rule is not None:
            out = rule(self, expr)
            return self.as_scalar(out)
        if is_matrix_expr(expr):
            return self.as_scalar(self.matrix(expr))
        if isinstance(expr, Trace):
            return self.trace(self.matrix(expr.arg))
        if isinstance(expr, Determinant):
            return self.determinant(expr.arg)
        if not expr.args:
            return exact(expr)
        if isinstance(expr, (MatrixElement, sympy.Derivative, sympy.Limit, sympy.Integral, sympy.Sum)) \
                or any(is_matrix_expr(a) and not self._is_scalar_matrix(a) for a in expr.args) \
                or not isinstance(expr, (sympy.Expr, sympy.logic.boolalg.Boolean)):
            return self.opaque_scalar(expr)
        if isinstance(expr, sympy.Piecewise):
            return sympy.Piecewise(*[(self.scalar(e), self.condition(c)) for e, c in expr.args])
        try:
            return expr.func(*[self.condition(a) if _is_condition(a) else self.scalar(a) for a in expr.args])
        except (TypeError, ValueError) as exc:
            raise Rejected(f"cannot rebuild {type(expr).__name__}: {exc}") from exc

    def _is_scalar_matrix(self, expr) -> bool:
        try:
            return is_one(expr.shape[0]) and is_one(expr.shape[1])
        except Exception:  # noqa: BLE001
            return False

    def condition(self, cond):
        """A condition (relation, And/Or/Not) with its sides in normal form."""
        if not _is_condition(cond):
            return self.scalar(cond)
        if isinstance(cond, (bool, sympy.logic.boolalg.BooleanAtom)):
            return cond
        if isinstance(cond, sympy.core.relational.Relational):
            return cond.func(self.scalar(cond.lhs), self.scalar(cond.rhs))
        if isinstance(cond, (sympy.And, sympy.Or, sympy.Not)):
            return cond.func(*[self.condition(a) for a in cond.args])
        return self.opaque_scalar(cond)

    def as_scalar(self, value):
        """A value used as a scalar: a 1×1 polynomial becomes its trace, a scalar stays as it is."""
        if isinstance(value, MPoly):
            if not (is_one(value.rows) and is_one(value.cols)):
                raise Rejected(f"a {sympy.sstr(value.rows)}×{sympy.sstr(value.cols)} matrix used as a scalar")
            total = sympy.S.Zero
            for w, c in value.terms.items():  # a 1×1 word is its own trace
                total += c * (self.trace_word(w, sympy.S.One) if w else sympy.S.One)
            return total
        return value

    def as_poly(self, value) -> MPoly:
        """A value as an MPoly (a scalar is a 1×1 polynomial)."""
        if isinstance(value, MPoly):
            return value
        return MPoly(sympy.S.One, sympy.S.One, {} if value == 0 else {(): value})

    # ------------------------------------------------------------------ matrices
    def matrix(self, expr) -> MPoly:
        """The normal form of a matrix expression (a rule of the context first, then MATRIX_RULES)."""
        rule = self._rule(expr)
        if rule is not None:
            out = rule(self, expr)
            return out if isinstance(out, MPoly) else self.as_poly(out)
        for cls in type(expr).__mro__:
            handler = MATRIX_RULES.get(cls)
            if handler is not None:
                return handler(self, expr)
        return self.opaque_matrix(expr)

    def const(self, rows, cols, c) -> MPoly:
        """c times the identity (rows must equal cols)."""
        return MPoly(rows, cols, {} if c == 0 else {(): c})

    def zero(self, rows, cols) -> MPoly:
        """The zero matrix of type rows × cols."""
        return MPoly(rows, cols, {})

    def word_poly(self, word: tuple, c=sympy.S.One) -> MPoly:
        """c times one word, as a polynomial of the word's type."""
        a, b = self.atoms[word[0]], self.atoms[word[-1]]
        return self._term(a.rows, b.cols, word, c)

    def atom_poly(self, key: str) -> MPoly:
        """The polynomial of one atom."""
        a = self.atoms[key]
        return self._term(a.rows, a.cols, (key,), sympy.S.One)

    def _term(self, rows, cols, word: tuple, c) -> MPoly:
        """One term, with its 1×1 loops pulled out as traces."""
        c, word = self._extract(word, c, rows, cols)
        return MPoly(rows, cols, {} if c == 0 else {word: c})

    def add(self, a: MPoly, b: MPoly, scale=sympy.S.One) -> MPoly:
        """a + scale·b (same type, else Rejected)."""
        if not (same_dim(a.rows, b.rows) and same_dim(a.cols, b.cols)):
            raise Rejected(f"adding a {sympy.sstr(a.rows)}×{sympy.sstr(a.cols)} and a "
                           f"{sympy.sstr(b.rows)}×{sympy.sstr(b.cols)} matrix")
        out = dict(a.terms)
        for w, c in b.terms.items():
            s = out.get(w, sympy.S.Zero) + scale * c
            if s == 0:
                out.pop(w, None)
            else:
                out[w] = s
        return MPoly(a.rows, a.cols, out)

    def scale(self, p: MPoly, c) -> MPoly:
        """c·p."""
        if c == 0:
            return self.zero(p.rows, p.cols)
        return MPoly(p.rows, p.cols, {w: v * c for w, v in p.terms.items()})

    def mul(self, a: MPoly, b: MPoly) -> MPoly:
        """a·b; a 1×1 factor is a scalar wherever it stands, other mismatched types are Rejected."""
        if not same_dim(a.cols, b.rows):
            if is_one(a.rows) and is_one(a.cols):  # a 1×1 factor is a scalar wherever it stands
                return self.scale(b, self.as_scalar(a))
            if is_one(b.rows) and is_one(b.cols):
                return self.scale(a, self.as_scalar(b))
            raise Rejected(f"the product of a {sympy.sstr(a.rows)}×{sympy.sstr(a.cols)} and a "
                           f"{sympy.sstr(b.rows)}×{sympy.sstr(b.cols)} matrix is ill-typed")
        if len(a.terms) * len(b.terms) > MAX_TERMS:
            raise Rejected(f"a product with more than {MAX_TERMS} terms is too large for the checker")
        out = self.zero(a.rows, b.cols)
        for wa, ca in a.terms.items():
            for wb, cb in b.terms.items():
                out = self.add(out, self._join(a.rows, b.cols, wa, wb, ca * cb))
        return out

    def _join(self, rows, cols, wa: tuple, wb: tuple, c) -> MPoly:
        """The product of two words: adjacent block matrices multiplied out, loops pulled out."""
        if wa and wb:
            left, right = self.atoms[wa[-1]], self.atoms[wb[0]]
            if left.kind == "block" and right.kind == "block":
                product = self._block_product(left, right)
                if product is not None:
                    out = self.zero(rows, cols)
                    head = self.word_poly(wa[:-1]) if len(wa) > 1 else None
                    tail = self.word_poly(wb[1:]) if len(wb) > 1 else None
                    p = product
                    if head is not None:
                        p = self.mul(head, p)
                    if tail is not None:
                        p = self.mul(p, tail)
                    return self.add(out, self.scale(p, c))
        return self._term(rows, cols, wa + wb, c)

    def transpose(self, p: MPoly) -> MPoly:
        """The transpose of p, atom by atom in reverse order."""
        out = self.zero(p.cols, p.rows)
        for w, c in p.terms.items():
            term = self.const(p.cols, p.cols, c)
            for key in reversed(w):
                term = self.mul(term, self.transpose_atom(key))
            out = self.add(out, term)
        return out

    def power(self, p: MPoly, k: int) -> MPoly:
        """p to a natural power k, by repeated products."""
        out = self.const(p.rows, p.cols, sympy.S.One)
        for _ in range(k):
            out = self.mul(out, p)
        return out

    # ------------------------------------------------------------------ loops and traces
    def _dims(self, word: tuple) -> list:
        """Dimensions at the boundaries of a word: before each atom, then after the last."""
        return [self.atoms[k].rows for k in word] + [self.atoms[word[-1]].cols] if word else []

    def _extract(self, word: tuple, c, rows, cols):
        if len(word) == 0:
            return c, word
        ones = [i for i, d in enumerate(self._dims(word)) if is_one(d)]
        if len(ones) < 2:
            return c, word
        for a, b in zip(ones, ones[1:]):
            c = c * self.trace_word(word[a:b], sympy.S.One)
        return c, word[:ones[0]] + word[ones[-1]:]

    def transpose_key(self, key: str) -> str | None:
        """The key of the atom that is this atom's transpose, when there is one (coefficient 1)."""
        a = self.atoms[key]
        if a.kind == "symbol":
            return "T:" + key
        if a.kind == "transpose":
            return key[2:]
        if is_one(a.rows) and is_one(a.cols):
            return None
        t = self.transpose_atom(key)
        if len(t.terms) != 1:
            return None
        (w, c), = t.terms.items()
        return w[0] if c == 1 and len(w) == 1 else None

    def transpose_word(self, word: tuple) -> tuple | None:
        """The transposed word when every atom's transpose is a single atom, else None."""
        out = []
        for key in reversed(word):
            t = self.transpose_key(key)
            if t is None:
                return None
            out.append(t)
        return tuple(out)

    def trace(self, p: MPoly):
        """The trace of a square polynomial, a scalar in trace holders."""
        if not same_dim(p.rows, p.cols):
            raise Rejected("the trace of a non-square matrix")
        total = sympy.S.Zero
        for w, c in p.terms.items():
            total += c * self.trace_word(w, p.rows)
        return total

    def trace_word(self, word: tuple, vertex):
        """tr(word) for a word closed at `vertex`: split at 1×1 passes, each loop a canonical holder."""
        if not word:
            return sympy.sympify(vertex)
        dims = self._dims(word)[:-1]  # cyclically, the boundary before each atom
        ones = [i for i, d in enumerate(dims) if is_one(d)]
        if len(ones) > 1:
            start = ones[0]
            rotated = word[start:] + word[:start]
            cuts = [i - start if i >= start else i - start + len(word) for i in ones]
            out = sympy.S.One
            for a, b in zip(cuts, cuts[1:] + [len(word)]):
                out = out * self.trace_word(rotated[a:b], sympy.S.One)
            return out
        if len(word) == 1:
            split = self._kronecker_trace(self.atoms[word[0]].expr)
            if split is not None:
                return split
        word = self.canonical_loop(word)
        key = "tr:" + "·".join(word)
        if key not in self.holders:
            half = len(word) // 2  # tr(w·wᵀ) = ‖w‖_F² ≥ 0: then SymPy reads √(t²) as t, |t| as t
            gram = len(word) % 2 == 0 and self.transpose_word(word[:half]) == word[half:]
            sym = sympy.Dummy(f"tr[{len(self.holders)}]", **({"nonnegative": True} if gram else {"real": True}))
            self.holders[key] = sym
            self.info[sym] = Holder("trace", word, self.atoms[word[0]].rows)
        return self.holders[key]

    def _kronecker_trace(self, expr):
        """tr(A₁⊗…⊗A_k) = Π tr(Aᵢ) (also under a transpose) when every factor is square for all dimensions;
        None otherwise: a Kronecker product with a non-square factor keeps its trace whole."""
        if isinstance(expr, Transpose):
            expr = expr.arg
        if not isinstance(expr, KroneckerProduct):
            return None
        if not all(same_dim(f.shape[0], f.shape[1]) for f in expr.args):
            return None
        out = sympy.S.One
        for f in expr.args:
            out = out * self.trace(self.matrix(f))
        return out

    def canonical_loop(self, word: tuple) -> tuple:
        """The least rotation of the word or of its transpose: one representative of equal traces."""
        candidates = [word[i:] + word[:i] for i in range(len(word))]
        t = self.transpose_word(word)
        if t is not None:
            candidates += [t[i:] + t[:i] for i in range(len(t))]
        return min(candidates)

    # ------------------------------------------------------------------ determinants
    def determinant(self, arg):
        """det(arg) by the determinant laws; what remains is a holder (or the symbol a certificate names)."""
        if isinstance(arg, Identity):
            return sympy.S.One
        if isinstance(arg, Transpose):
            return self.determinant(arg.arg)
        if isinstance(arg, Inverse):
            return 1 / self.determinant(arg.arg)
        if isinstance(arg, ZeroMatrix):
            return sympy.S.Zero  # sizes are positive
        if isinstance(arg, MatPow) and (arg.args[1].is_Integer or arg.args[1].is_integer):
            return self.determinant(arg.args[0]) ** arg.args[1]  # det(Bᵏ) = det(B)ᵏ for an integer k
        if isinstance(arg, KroneckerProduct) and all(same_dim(m.shape[0], m.shape[1]) for m in arg.args):
            total = sympy.Mul(*[m.shape[0] for m in arg.args])  # det(⊗ Aᵢ) = Π det(Aᵢ)^(N/nᵢ)
            out = sympy.S.One
            for m in arg.args:
                out = out * self.determinant(m) ** sympy.cancel(total / m.shape[0])
            return out
        if isinstance(arg, sympy.MatrixBase) and arg.rows == arg.cols and arg.rows <= MAX_EXPLICIT_DET \
                and not any(is_matrix_expr(e) for e in arg):
            entries = sympy.Matrix(arg.rows, arg.cols, [self.scalar(e) for e in arg])
            return sympy.expand(entries.det(method="berkowitz"))  # division free: a polynomial in the entries
        if isinstance(arg, MatMul):
            scalars = [a for a in arg.args if not is_matrix_expr(a)]
            matrices = [a for a in arg.args if is_matrix_expr(a)]
            size = arg.shape[0]
            if matrices and all(same_dim(m.shape[0], size) and same_dim(m.shape[1], size) for m in matrices):
                out = sympy.Mul(*[self.scalar(s) for s in scalars]) ** size if scalars else sympy.S.One
                for m in matrices:
                    out = out * self.determinant(m)
                return out
        p = self.matrix(arg)
        if not same_dim(p.rows, p.cols):
            raise Rejected("the determinant of a non-square matrix")
        if is_one(p.rows) and is_one(p.cols):
            return self.as_scalar(p)
        key = "det:" + self.key(p)
        if key in self.det_symbols:
            return self.det_symbols[key]
        if key not in self.holders:
            sym = sympy.Dummy(f"det[{len(self.holders)}]", real=True)
            self.holders[key] = sym
            self.info[sym] = Holder("det", arg=p)
        return self.holders[key]

    # ------------------------------------------------------------------ opaque parts
    def rebuilt(self, expr):
        """expr with every argument normalised and written back (bound variables stay themselves)."""
        args = []
        for a in expr.args:
            if isinstance(a, (MatrixSymbol, sympy.Symbol)) or not isinstance(a, Basic) or not a.args:
                args.append(a)
            elif isinstance(a, sympy.Tuple):
                args.append(sympy.Tuple(*[self.rebuilt_arg(x) for x in a]))
            else:
                args.append(self.rebuilt_arg(a))
        try:
            return expr.func(*args)
        except Exception:  # noqa: BLE001 - a node SymPy will not rebuild is kept as written
            return expr

    def rebuilt_arg(self, a):
        """One argument normalised and written back as SymPy (left as it is when the checker cannot read it)."""
        if not isinstance(a, Basic) or isinstance(a, (MatrixSymbol, sympy.Symbol, sympy.Lambda)) or not a.args:
            return a  # a Lambda (an element-wise function) is kept as written: its variable is bound
        if isinstance(a, sympy.Tuple):
            return sympy.Tuple(*[self.rebuilt_arg(x) for x in a])
        if _is_condition(a):
            return self.expr(self.condition(a))
        try:
            return self.expr(self.value(a))
        except Rejected:
            return a

    def opaque_scalar(self, expr):
        """A scalar the checker has no rule for, as a dummy standing for its rebuilt expression."""
        node = self.rebuilt(expr)
        key = "op:" + sympy.srepr(node)
        if key not in self.holders:
            sym = sympy.Dummy(f"op[{len(self.holders)}]", real=bool(getattr(node, "is_real", False)))
            self.holders[key] = sym
            self.info[sym] = Holder("opaque", meaning=node)
        return self.holders[key]

    def opaque_matrix(self, expr) -> MPoly:
        """A matrix expression the checker has no rule for, as an opaque atom of its shape."""
        if not isinstance(expr, MatrixExpr):
            raise Rejected(f"{type(expr).__name__} is outside what the checker normalises")
        node = self.rebuilt(expr)
        key = "op:" + sympy.srepr(node)
        if key not in self.atoms:
            rows, cols = node.shape
            self.atoms[key] = Atom(key, "opaque", rows, cols, node)
        return self.atom_poly(key)

    # ------------------------------------------------------------------ atoms
    def symbol(self, sym: MatrixSymbol) -> MPoly:
        """The atom of a matrix symbol (and of its transpose)."""
        key = sympy.srepr(sym)
        if key not in self.atoms:
            self.atoms[key] = Atom(key, "symbol", sym.shape[0], sym.shape[1], sym, symbol=sym)
            tkey = "T:" + key
            self.atoms[tkey] = Atom(tkey, "transpose", sym.shape[1], sym.shape[0], Transpose(sym), symbol=sym)
        return self.atom_poly(key)

    def transpose_atom(self, key: str) -> MPoly:
        """The transpose of one atom, as a polynomial."""
        a = self.atoms[key]
        if a.kind == "symbol":
            return self.atom_poly("T:" + key)
        if a.kind == "transpose":
            return self.atom_poly(key[2:])
        if a.kind == "inverse":
            return self.inverse(self.transpose(a.arg))
        if a.kind == "pinv":
            return self.pinv(self.transpose(a.arg))
        if a.kind == "power":
            return self.power_atom(self.transpose(a.arg), a.exponent)
        if a.kind == "block":
            return self.block([[self.transpose(a.grid[i][j]) for i in range(len(a.grid))]
                               for j in range(len(a.grid[0]))])
        if a.kind == "explicit":
            return self.explicit(a.expr.T)
        tkey = "T:" + key
        if key.startswith("T:") and key[2:] in self.atoms:
            return self.atom_poly(key[2:])
        if tkey not in self.atoms:
            self.atoms[tkey] = Atom(tkey, "opaque", a.cols, a.rows, Transpose(a.expr))
        return self.atom_poly(tkey)

    def key(self, p: MPoly) -> str:
        """A canonical text for a polynomial (its type and its terms, coefficients in lowest terms)."""
        parts = sorted(f"{sympy.srepr(canon(c))}*{'·'.join(w)}" for w, c in p.terms.items())
        return f"[{sympy.srepr(sympy.expand(p.rows))}|{sympy.srepr(sympy.expand(p.cols))}]" + " + ".join(parts)

    def normalised_key(self, p: MPoly) -> str:
        """The key of p up to a scalar factor (the key of its inverse atom)."""
        return self.key(self._normalised(p)[1])

    def _normalised(self, p: MPoly):
        """(c, p / c): p scaled so that its pivot word has coefficient 1. The pivot is the first word (in
        key order) with a numeric coefficient, else the first word: so (λI + XᵀX)⁻¹ keeps λ where it is."""
        numeric = [w for w, c in p.terms.items() if sympy.sympify(c).is_number]
        first = min(numeric) if numeric else min(p.terms)
        c = p.terms[first]
        return c, MPoly(p.rows, p.cols, {w: canon(v / c) for w, v in p.terms.items()})

    def inverse(self, p: MPoly) -> MPoly:
        """The inverse of a square, nonzero polynomial: a scalar's reciprocal or an inverse atom."""
        if not same_dim(p.rows, p.cols):
            raise Rejected("the inverse of a non-square matrix")
        if p.is_zero():
            raise Rejected("the inverse of a zero matrix")
        if is_one(p.rows):
            return self.as_poly(1 / self.as_scalar(p))
        c, q = self._normalised(p)
        if set(q.terms) == {()}:
            return self.const(p.rows, p.cols, 1 / c)
        if len(q.terms) == 1:
            (w, _), = q.terms.items()
            if len(w) == 1 and self.atoms[w[0]].kind == "inverse":
                return self.scale(self.atoms[w[0]].arg, 1 / c)
        key = "inv:" + self.key(q)
        if key not in self.atoms:  # written back as c·p⁻¹ for the first p met (it is q⁻¹ = (p/c)⁻¹)
            meaning = Inverse(self.expr(p))
            self.atoms[key] = Atom(key, "inverse", p.rows, p.cols, meaning if c == 1 else MatMul(c, meaning), arg=q)
        return self.scale(self.atom_poly(key), 1 / c)

    def pinv(self, p: MPoly) -> MPoly:
        """The Moore-Penrose pseudo-inverse of p, as an atom."""
        from ..constructs import PseudoInverse

        key = "pinv:" + self.key(p)
        if key not in self.atoms:
            self.atoms[key] = Atom(key, "pinv", p.cols, p.rows, PseudoInverse(self.expr(p)), arg=p)
        return self.atom_poly(key)

    def power_atom(self, base: MPoly, exponent) -> MPoly:
        """base to a symbolic exponent, as an atom."""
        key = f"pow:{sympy.srepr(sympy.expand(exponent))}:" + self.key(base)
        if key not in self.atoms:
            self.atoms[key] = Atom(key, "power", base.rows, base.cols, MatPow(self.expr(base), exponent),
                                   arg=base, exponent=exponent)
        return self.atom_poly(key)

    def block(self, grid: list) -> MPoly:
        """A block matrix of polynomials (the blocks' types must fit), one block alone as itself."""
        if len(grid) == 1 and len(grid[0]) == 1:
            return grid[0][0]
        rows = [grid[i][0].rows for i in range(len(grid))]
        cols = [grid[0][j].cols for j in range(len(grid[0]))]
        for i, row in enumerate(grid):
            for j, b in enumerate(row):
                if not (same_dim(b.rows, rows[i]) and same_dim(b.cols, cols[j])):
                    raise Rejected("the blocks of a block matrix do not line up")
        key = "blk:" + ";".join(",".join(self.key(b) for b in row) for row in grid)
        if key not in self.atoms:
            expr = BlockMatrix([[self.expr(b) for b in row] for row in grid])
            self.atoms[key] = Atom(key, "block", sympy.Add(*rows), sympy.Add(*cols), expr,
                                   grid=tuple(tuple(row) for row in grid))
        return self.atom_poly(key)

    def _block_product(self, a: Atom, b: Atom) -> MPoly | None:
        inner_a = [a.grid[0][j].cols for j in range(len(a.grid[0]))]
        inner_b = [b.grid[i][0].rows for i in range(len(b.grid))]
        if len(inner_a) != len(inner_b) or not all(same_dim(x, y) for x, y in zip(inner_a, inner_b)):
            return None
        grid = []
        for i in range(len(a.grid)):
            row = []
            for j in range(len(b.grid[0])):
                acc = self.zero(a.grid[i][0].rows, b.grid[0][j].cols)
                for k in range(len(inner_a)):
                    acc = self.add(acc, self.mul(a.grid[i][k], b.grid[k][j]))
                row.append(acc)
            grid.append(row)
        return self.block(grid)

    def explicit(self, m) -> MPoly:
        """An explicit matrix of scalar entries, as an atom (at most MAX_EXPLICIT_ENTRIES entries)."""
        m = sympy.ImmutableMatrix(m)
        if m.rows * m.cols > MAX_EXPLICIT_ENTRIES:
            raise Rejected("an explicit matrix too large for the checker")
        if any(is_matrix_expr(e) for e in m):
            raise Rejected("an explicit matrix with matrix entries")
        entries = sympy.ImmutableMatrix(m.rows, m.cols, [canon(self.scalar(e)) for e in m])
        if m.rows == 1 and m.cols == 1:
            return self.as_poly(entries[0, 0])
        key = "mat:" + sympy.srepr(entries)
        if key not in self.atoms:
            self.atoms[key] = Atom(key, "explicit", sympy.Integer(m.rows), sympy.Integer(m.cols),
                                   self.expr_explicit(entries))
        return self.atom_poly(key)

    def expr_explicit(self, entries):
        """The explicit matrix of normalised entries written back as SymPy."""
        return sympy.ImmutableMatrix(entries.rows, entries.cols, [self.expr(e) for e in entries])

    # ------------------------------------------------------------------ back to SymPy
    def expr(self, value):
        """A SymPy expression for a normal form (holders replaced by what they stand for)."""
        if isinstance(value, MPoly):
            return self._matrix_expr(value)
        return self._scalar_expr(value)

    def _scalar_expr(self, c):
        c = sympy.sympify(c)
        holders = [s for s in c.free_symbols if s in self.info] if isinstance(c, Basic) else []
        if not holders:
            return c
        return c.xreplace({s: self.meaning(s) for s in holders})

    def meaning(self, sym):
        """The SymPy scalar a holder dummy stands for (a trace or determinant is built on demand)."""
        h = self.info[sym]
        if h.meaning is None:
            if h.kind == "trace":
                scalar, body = self._word_parts(h.word)
                h.meaning = scalar * Trace(body)
            elif h.kind == "det":
                h.meaning = Determinant(self.expr(h.arg))
        return h.meaning

    def _word_parts(self, word: tuple):
        """(scalar, matrix expression) whose product is the word (atoms written c·M give their c)."""
        scalar, mats = sympy.S.One, []
        for k in word:
            e = self.atoms[k].expr
            if isinstance(e, MatMul) and not is_matrix_expr(e.args[0]):
                scalar = scalar * e.args[0]
                e = MatMul(*e.args[1:]) if len(e.args) > 2 else e.args[1]
            mats.append(e)
        return scalar, (mats[0] if len(mats) == 1 else MatMul(*mats))

    def _word_expr(self, word: tuple):
        scalar, body = self._word_parts(word)
        return body if scalar == 1 else MatMul(scalar, body)

    def _matrix_expr(self, p: MPoly):
        if p.is_zero():
            return ZeroMatrix(p.rows, p.cols)
        if is_one(p.rows) and is_one(p.cols):  # a 1×1 matrix is written as the scalar it is
            return self._scalar_expr(canon(self.as_scalar(p)))
        terms = []
        for w, c in sorted(p.terms.items()):
            scalar, body = self._word_parts(w) if w else (sympy.S.One, Identity(p.rows))
            c = self._scalar_expr(canon(c * scalar))
            terms.append(body if c == 1 else MatMul(c, body))
        return terms[0] if len(terms) == 1 else MatAdd(*terms)

    # ------------------------------------------------------------------ equality
    def normal(self, x):
        """x in normal form: an MPoly or a normalised scalar (a normal form is returned as it is)."""
        return x if isinstance(x, MPoly) else self.value(x)

    def equal(self, a, b, nonzero=()) -> bool:
        """a = b wherever both are defined (and every normal scalar in `nonzero` is nonzero), by their
        normal forms (normal forms or SymPy expressions)."""
        a, b = self.normal(a), self.normal(b)
        if not isinstance(a, MPoly) and not isinstance(b, MPoly):
            return is_zero_scalar(a - b, nonzero)
        if not isinstance(a, MPoly):
            a, b = b, a
        if not isinstance(b, MPoly):
            if is_one(a.rows) and is_one(a.cols):
                return is_zero_scalar(self.as_scalar(a) - b, nonzero)
            return b == 0 and all(is_zero_scalar(c, nonzero) for c in a.terms.values())
        if not (same_dim(a.rows, b.rows) and same_dim(a.cols, b.cols)):
            if is_one(a.rows) and is_one(a.cols) and is_one(b.rows) and is_one(b.cols):
                return is_zero_scalar(self.as_scalar(a) - self.as_scalar(b), nonzero)
            return False
        return all(is_zero_scalar(a.terms.get(w, sympy.S.Zero) - b.terms.get(w, sympy.S.Zero), nonzero)
                   for w in set(a.terms) | set(b.terms))


# ---------------------------------------------------------------------------
# Matrix rules: one per SymPy class
# ---------------------------------------------------------------------------


def _mul(n: Normal, expr) -> MPoly:
    """A flat product read as CONTRACT §1 reads it: its 1×1 groups are scalars wherever they stand."""
    values: dict = {}

    def value(factor) -> MPoly:
        if factor not in values:
            values[factor] = n.matrix(factor)
        return values[factor]

    def shape(factor) -> tuple:
        p = value(factor)
        return p.rows, p.cols

    try:
        reading = read_product(expr.args, shape)
    except AmbiguousOrIllTyped as exc:
        raise Rejected(f"the product {sympy.sstr(expr)} is not well typed: {exc}") from None
    coeff = sympy.S.One
    for c in reading.coefficient:
        coeff = coeff * n.scalar(c)
    for group in reading.groups:
        coeff = coeff * n.as_scalar(n.matrix(group_expr(group)))
    out = None
    for factor in reading.chain:
        out = value(factor) if out is None else n.mul(out, value(factor))
    if out is None:  # a product of 1×1 groups
        out = n.const(sympy.S.One, sympy.S.One, sympy.S.One)
    return n.scale(out, coeff)


def _add(n: Normal, expr) -> MPoly:
    out = None
    for arg in expr.args:
        p = n.matrix(arg)
        out = p if out is None else n.add(out, p)
    return out


def _pow(n: Normal, expr) -> MPoly:
    base, e = expr.args
    if e.is_Integer:
        k = int(e)
        p = n.matrix(base)
        if k == 0:
            return n.const(p.rows, p.cols, sympy.S.One)
        if abs(k) <= MAX_MATPOW:
            return n.power(n.inverse(p) if k < 0 else p, abs(k))
    return n.power_atom(n.matrix(base), e)


def _block(n: Normal, expr) -> MPoly:
    b = expr.blocks
    return n.block([[n.matrix(b[i, j]) for j in range(b.cols)] for i in range(b.rows)])


def _pinv(n: Normal, expr) -> MPoly:
    return n.pinv(n.matrix(expr.arg))


def _matrix_rules() -> dict:
    from ..constructs import PseudoInverse

    return {
        MatrixSymbol: lambda n, e: n.symbol(e),
        Identity: lambda n, e: n.const(e.rows, e.cols, sympy.S.One),
        ZeroMatrix: lambda n, e: n.zero(e.rows, e.cols),
        Transpose: lambda n, e: n.transpose(n.matrix(e.arg)),
        Inverse: lambda n, e: n.inverse(n.matrix(e.arg)),
        MatMul: _mul,
        MatAdd: _add,
        MatPow: _pow,
        BlockMatrix: _block,
        sympy.MatrixBase: lambda n, e: n.explicit(e),
        PseudoInverse: _pinv,
    }


MATRIX_RULES = _matrix_rules()


__all__ = ["Normal", "MPoly", "Atom", "Holder", "is_zero_scalar", "canon", "exact", "same_dim", "is_one",
           "is_matrix_expr", "MATRIX_RULES"]
