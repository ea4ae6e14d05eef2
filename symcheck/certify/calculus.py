"""The checker's own derivative rules, on its normal forms (`normal.py`); no prover code.

`derivative(normal, value, x, layout, kinks)` is the derivative of a normal form
with respect to a matrix symbol or a scalar symbol x:

* the directional derivative Df(x)[H] (H a fresh symbol of x's shape) by the
  product rule over words, d(M⁻¹) = −M⁻¹·dM·M⁻¹, d(Mᵀ) = (dM)ᵀ, d tr(w) = tr(dw),
  for vectors d(a∘b) = diag(b)·da + diag(a)·db and d f(a) = diag(f'(a))·da (f smooth),
  d(A⊗B) = dA⊗B + A⊗dB and, by a scalar, d(A∘B) = dA∘B + A∘dB for matrices (traces of
  Kronecker products with square factors are split by `normal.py`: tr(A⊗B) = tr A · tr B),
  and for scalar coefficients the chain rule through the trace holders they
  contain, with the scalar rules of `SCALAR_RULES` (sums, products, powers with a
  constant exponent, exp, log, a few elementary functions, and the piecewise
  functions Abs, Max, Min, sign, Heaviside, Piecewise branch by branch; d log|a| = da/a);
  a determinant holder by Jacobi's formula (`jacobi.HOLDER_RULES`, the inverse it uses
  recorded in `needs_inverse` for the caller to justify); tr(Bᵏ) for a symbolic integer
  k ≥ 1 by D tr(Bᵏ)[H] = k·tr(Bᵏ⁻¹·DB[H]);
* read off in the layout: for a scalar f, Df[H] = Σ aₖ·tr(Pₖ H Qₖ) gives
  G = Σ aₖ·Qₖ Pₖ (tr(P Hᵀ Q) gives (Q P)ᵀ) with Df[H] = tr(G H), the derivative
  being G (numerator layout) or Gᵀ (denominator); for a column f and a column x,
  Df[h] = J h gives J or Jᵀ, and a row f is read as the column fᵀ (so the derivative
  of a row gradient is the Hessian); for a scalar x, Df[1] itself.

Kinks: where a piecewise function whose branch depends on x is differentiated, the
function g with its branch boundary at g = 0 is appended to `kinks`. The derivative
is only claimed where it exists, so a reduction that uses it assumes g ≠ 0 (the
derivative of a branch is exact off its boundary).
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import (
    DiagMatrix, HadamardPower, HadamardProduct, KroneckerProduct, MatrixSymbol, Transpose,
)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from .jacobi import HOLDER_RULES
from .ncpoly import Rejected
from .normal import MPoly, Normal, is_one, same_dim

MAX_ORDER = 4  # Derivative(f, (x, k)) with k up to this


class NotDerivable(Rejected):
    """Outside the checker's derivative rules."""


# ---------------------------------------------------------------------------
# Scalar rules: ∂c/∂v for a SymPy scalar c and a symbol v
# ---------------------------------------------------------------------------


def d_scalar(c, v, kinks: list):
    """∂c/∂v by the rules of SCALAR_RULES; branch boundaries met go to `kinks`."""
    c = sympy.sympify(c)
    if not c.has(v):
        return sympy.S.Zero
    if c == v:
        return sympy.S.One
    for cls in type(c).__mro__:
        rule = SCALAR_RULES.get(cls)
        if rule is not None:
            return rule(c, v, kinks)
    raise NotDerivable(f"no derivative rule for {type(c).__name__}")


def _add(c, v, kinks):
    return sympy.Add(*[d_scalar(a, v, kinks) for a in c.args])


def _mul(c, v, kinks):
    terms = []
    for i, a in enumerate(c.args):
        da = d_scalar(a, v, kinks)
        if da != 0:
            terms.append(sympy.Mul(*c.args[:i], da, *c.args[i + 1:]))
    return sympy.Add(*terms)


def _pow(c, v, kinks):
    base, e = c.args
    if not e.has(v):
        return e * base ** (e - 1) * d_scalar(base, v, kinks)
    if not base.has(v) and (base == sympy.E or (base.is_number and base.is_positive)):
        return c * sympy.log(base) * d_scalar(e, v, kinks)
    raise NotDerivable(f"a power {sympy.sstr(c)} whose exponent depends on {v}")


def _chain(outer):
    """f(a) -> f'(a)·a' for a one-argument function with derivative `outer(a)`."""
    def rule(c, v, kinks):
        (a,) = c.args
        return outer(a) * d_scalar(a, v, kinks)
    return rule


def _abs(c, v, kinks):
    (a,) = c.args
    kinks.append(a)
    da = d_scalar(a, v, kinks)
    return sympy.Piecewise((da, a > 0), (-da, True))


def _flat(c, v, kinks):  # sign and Heaviside: locally constant off their boundary
    kinks.append(c.args[0])
    return sympy.S.Zero


def _extremum(pick):
    def rule(c, v, kinks):
        first, rest = c.args[0], (type(c)(*c.args[1:]) if len(c.args) > 2 else c.args[1])
        kinks.append(first - rest)
        return sympy.Piecewise((d_scalar(first, v, kinks), pick(first, rest)), (d_scalar(rest, v, kinks), True))
    return rule


def _relations(cond) -> list:
    if isinstance(cond, sympy.core.relational.Relational):
        return [cond]
    if isinstance(cond, (bool, sympy.logic.boolalg.BooleanAtom)):
        return []
    if isinstance(cond, (sympy.And, sympy.Or, sympy.Not)):
        return [r for a in cond.args for r in _relations(a)]
    raise NotDerivable(f"a branch condition {sympy.sstr(cond)}")


def _piecewise(c, v, kinks):
    pieces = []
    for value, cond in c.args:
        for rel in _relations(cond):
            g = rel.lhs - rel.rhs
            if g.has(v):
                kinks.append(g)
        pieces.append((d_scalar(value, v, kinks), cond))
    return sympy.Piecewise(*pieces)


def _log(c, v, kinks):
    """d log a = da/a; d log|a| = da/a as well, wherever a ≠ 0 (log|a| is not defined at a = 0, so that
    boundary is no kink: no point of the claim lies on it)."""
    if len(c.args) != 1:
        raise NotDerivable("a logarithm with a base")
    (a,) = c.args
    inner = a.args[0] if isinstance(a, sympy.Abs) else a
    return d_scalar(inner, v, kinks) / inner


SCALAR_RULES = {
    sympy.Add: _add,
    sympy.Mul: _mul,
    sympy.Pow: _pow,
    sympy.exp: _chain(sympy.exp),
    sympy.log: _log,
    sympy.sin: _chain(sympy.cos),
    sympy.cos: _chain(lambda a: -sympy.sin(a)),
    sympy.tanh: _chain(lambda a: 1 - sympy.tanh(a) ** 2),
    sympy.Abs: _abs,
    sympy.sign: _flat,
    sympy.Heaviside: _flat,
    sympy.Max: _extremum(lambda a, b: a > b),
    sympy.Min: _extremum(lambda a, b: a < b),
    sympy.Piecewise: _piecewise,
}


# ---------------------------------------------------------------------------
# Directional derivatives of normal forms
# ---------------------------------------------------------------------------


def _is_vector(expr) -> bool:
    """n×1 or 1×n with n not 1."""
    rows, cols = expr.shape
    return same_dim(cols, 1) != same_dim(rows, 1)


def direction_for(var: MatrixSymbol, avoid) -> MatrixSymbol:
    """A fresh matrix symbol of var's shape, named so that it occurs nowhere in `avoid`."""
    names = {s.name for s in avoid} if avoid else set()
    k = 0
    while f"H_{var.name}_{k}" in names:
        k += 1
    return MatrixSymbol(f"H_{var.name}_{k}", *var.shape)


class Differentiator:
    """Df(x)[H] for normal forms of one context; H = 1 for a scalar x."""

    def __init__(self, normal: Normal, var, kinks: list, avoid=(), needs_inverse: list | None = None):
        self.n = normal
        self.var = var
        self.kinks = kinks
        self.needs_inverse = needs_inverse  # matrices whose inverse a rule used (None: no rule may use one)
        self.matrix_var = isinstance(var, MatrixSymbol)
        if self.matrix_var:
            self.h = direction_for(var, avoid)
            self.hp = normal.symbol(self.h)
            self.hkey = next(iter(self.hp.terms))[0]
            self.var_key = next(iter(normal.symbol(var).terms))[0]

    def depends(self, expr) -> bool:
        """`expr` depends on the variable of differentiation."""
        return expr.has(self.var)

    def poly(self, p: MPoly) -> MPoly:
        """The directional derivative of a normal-form polynomial (coefficients and words)."""
        n = self.n
        out = n.zero(p.rows, p.cols)
        for w, c in p.terms.items():
            dc = self.scalar(c)
            if dc != 0:
                out = n.add(out, n.scale(self._raw(w, p.rows, p.cols), dc))
            for i, key in enumerate(w):
                if not self.depends(n.atoms[key].expr):
                    continue
                da = self.atom(key)
                if da.is_zero():
                    continue
                piece = da
                if i > 0:
                    piece = n.mul(self._raw(w[:i], p.rows, n.atoms[w[i - 1]].cols), piece)
                if i + 1 < len(w):
                    piece = n.mul(piece, self._raw(w[i + 1:], n.atoms[w[i + 1]].rows, p.cols))
                out = n.add(out, n.scale(piece, c))
        return out

    def _raw(self, word: tuple, rows, cols) -> MPoly:
        """The product of a word as it stands (no loop extraction: it is part of a normal word already)."""
        if not word:
            return self.n.const(rows, cols, sympy.S.One)
        return MPoly(self.n.atoms[word[0]].rows, self.n.atoms[word[-1]].cols, {word: sympy.S.One})

    def atom(self, key: str) -> MPoly:
        """The directional derivative of one atom (symbol, transpose, inverse, power, ...)."""
        n, a = self.n, self.n.atoms[key]
        if a.kind == "symbol":
            return self.hp if self.matrix_var and a.symbol == self.var else n.zero(a.rows, a.cols)
        if a.kind == "transpose":
            return n.transpose(self.hp) if self.matrix_var and a.symbol == self.var else n.zero(a.rows, a.cols)
        if a.kind == "inverse":
            inv = n.atom_poly(key)
            return n.scale(n.mul(n.mul(inv, self.poly(a.arg)), inv), sympy.S.NegativeOne)
        if a.kind == "block":
            return n.block([[self.poly(b) for b in row] for row in a.grid])
        if a.kind == "opaque":
            found = self._multilinear(a.expr)
            if found is not None:
                return found
            found = self._elementwise(a.expr)
            if found is not None:
                return found
        if a.kind == "explicit" and not self.matrix_var:
            m = a.expr
            return n.explicit(sympy.ImmutableMatrix(m.rows, m.cols, [
                n.expr(self.scalar(n.scalar(e))) for e in m]))
        raise NotDerivable(f"no derivative rule for the {a.kind} {sympy.sstr(a.expr)} with respect to {self.var}")

    def _multilinear(self, expr) -> MPoly | None:
        """d(A₁⊗…⊗A_k) = Σᵢ A₁⊗…⊗dAᵢ⊗…⊗A_k (Kronecker products, any shapes) and, by a scalar variable,
        d(A₁∘…∘A_k) = Σᵢ A₁∘…∘dAᵢ∘…∘A_k entry by entry (Hadamard products of matrices that are not vectors;
        vectors go to `_elementwise`); each term an opaque atom of the product written back; a transpose is
        read through. None for anything else."""
        n = self.n
        if isinstance(expr, Transpose):
            inner = self._multilinear(expr.arg)
            return None if inner is None else n.transpose(inner)
        if isinstance(expr, KroneckerProduct):
            cls = KroneckerProduct
        elif isinstance(expr, HadamardProduct) and not self.matrix_var and not _is_vector(expr):
            cls = HadamardProduct
        else:
            return None
        rows, cols = expr.shape
        out = n.zero(rows, cols)
        args = list(expr.args)
        for i, factor in enumerate(args):
            if not self.depends(factor):
                continue
            d = self.poly(n.matrix(factor))
            if d.is_zero():
                continue
            out = n.add(out, n.matrix(cls(*args[:i], n.expr(d), *args[i + 1:])))
        return out

    def _elementwise(self, expr) -> MPoly | None:
        """For vectors: d(a₁∘…∘a_k) = Σᵢ diag(∘_{j≠i} aⱼ)·daᵢ and d f(a) = diag(f'(a))·da (f smooth, f' by
        the checker's scalar rules), written as products with diag (columns: on the left, rows: on the right);
        None for anything else (and for transposes of these, read through the transpose)."""
        n = self.n
        if isinstance(expr, Transpose):
            inner = self._elementwise(expr.arg)
            return None if inner is None else n.transpose(inner)
        if not isinstance(expr, (HadamardProduct, HadamardPower, ElementwiseApplyFunction)):
            return None
        rows, cols = expr.shape
        if same_dim(cols, 1) and not same_dim(rows, 1):
            side = "column"
        elif same_dim(rows, 1) and not same_dim(cols, 1):
            side = "row"
        else:
            raise NotDerivable("the derivative of an element-wise product of matrices that are not vectors")

        def times_diag(entries, d: MPoly) -> MPoly:
            diag = n.matrix(DiagMatrix(entries))
            return n.mul(diag, d) if side == "column" else n.mul(d, diag)

        out = n.zero(rows, cols)
        if isinstance(expr, HadamardPower):  # d(a^∘k) = k·diag(a^∘(k−1))·da, k ≥ 1 an integer
            base, k = expr.args
            if not (k.is_Integer and int(k) >= 1):
                raise NotDerivable(f"the element-wise power {k}")
            if not self.depends(base):
                return out
            d = self.poly(n.matrix(base))
            if int(k) == 1:
                return d
            return n.scale(times_diag(base if int(k) == 2 else HadamardPower(base, k - 1), d), k)
        if isinstance(expr, HadamardProduct):
            args = list(expr.args)
            for i, factor in enumerate(args):
                if not self.depends(factor):
                    continue
                others = args[:i] + args[i + 1:]
                entries = others[0] if len(others) == 1 else HadamardProduct(*others)
                out = n.add(out, times_diag(entries, self.poly(n.matrix(factor))))
            return out
        (entry,), body = expr.function.variables, expr.function.expr
        if not self.matrix_var and body.has(self.var):
            raise NotDerivable(f"the element-wise function {sympy.sstr(expr.function)} depends on {self.var}")
        local: list = []
        slope = d_scalar(body, entry, local)
        if local:
            raise NotDerivable(f"the element-wise function {sympy.sstr(expr.function)} has kinks")
        if not self.depends(expr.expr):
            return out
        return times_diag(ElementwiseApplyFunction(sympy.Lambda(entry, slope), expr.expr),
                          self.poly(n.matrix(expr.expr)))

    def scalar(self, c):
        """D c[H] for a normal scalar c: ∂c/∂x (scalar x) plus the chain rule through its holders."""
        c = sympy.sympify(c)
        total = sympy.S.Zero
        if not self.matrix_var and c.has(self.var):
            total += d_scalar(c, self.var, self.kinks)
        for u in sorted((s for s in c.free_symbols if s in self.n.info), key=str):
            if not self.depends(self.n.meaning(u)):
                continue
            partial = d_scalar(c, u, self.kinks)
            if partial != 0:
                total += partial * self.holder(u)
        return total

    def holder(self, u):
        """The derivative of a scalar holder: a trace is differentiated through its word; others are refused."""
        info = self.n.info[u]
        rule = HOLDER_RULES.get(info.kind)
        if rule is not None:
            return rule(self, u, info)
        if info.kind != "trace":
            raise NotDerivable(f"no derivative rule for {sympy.sstr(self.n.meaning(u))}")
        if len(info.word) == 1 and self.n.atoms[info.word[0]].kind == "power":
            return self._trace_of_power(self.n.atoms[info.word[0]])
        loop = self._raw(info.word, info.vertex, info.vertex)
        return self.n.trace(self.poly(loop))

    def _trace_of_power(self, a):
        """D tr(Bᵏ)[H] = k·tr(Bᵏ⁻¹·DB[H]) for a symbolic integer k ≥ 1 (the r-th term of the product rule,
        tr(Bʳ·dB·Bᵏ⁻¹⁻ʳ), is tr(Bᵏ⁻¹·dB) by cyclicity, k times)."""
        k = a.exponent
        if not (k.is_integer and k.is_positive):
            raise NotDerivable(f"the trace of a power with exponent {sympy.sstr(k)}")
        n = self.n
        return k * n.trace(n.mul(n.power_atom(a.arg, k - 1), self.poly(a.arg)))


# ---------------------------------------------------------------------------
# Reading the derivative off Df[H]
# ---------------------------------------------------------------------------


def _linear_parts(n: Normal, c, keys: set) -> list:
    """c = Σ aₖ·uₖ over holders uₖ whose loop holds one of `keys`: [(uₖ, aₖ)]; else NotDerivable."""
    hs = sorted((s for s in sympy.sympify(c).free_symbols if s in n.info and n.info[s].kind == "trace"
                 and any(k in keys for k in n.info[s].word)), key=str)
    if not hs:
        if c != 0 and not n.equal(c, 0):
            raise NotDerivable("the derivative has a part that does not depend on the direction")
        return []
    try:
        poly = sympy.Poly(sympy.expand(c), *hs)
    except sympy.PolynomialError as exc:
        raise NotDerivable(f"the directional derivative is not linear in the direction: {exc}") from exc
    out = []
    for monom, a in poly.terms():
        if sum(monom) != 1:
            if n.equal(a, 0):
                continue
            raise NotDerivable("the directional derivative is not linear in the direction")
        out.append((hs[monom.index(1)], a))
    return out


def _holds_direction(n: Normal, c, keys: set) -> bool:
    return any(s in n.info and any(k in keys for k in n.info[s].word) for s in sympy.sympify(c).free_symbols)


def _split_at(word: tuple, keys: set):
    places = [i for i, k in enumerate(word) if k in keys]
    if len(places) != 1:
        raise NotDerivable("the direction occurs more than once in one term")
    i = places[0]
    return word[:i], word[i], word[i + 1:]


def _gradient(n: Normal, d: Differentiator, df) -> MPoly:
    """G with Df[H] = tr(G·H), H of type p×q (G is q×p)."""
    hkey, tkey = d.hkey, "T:" + d.hkey
    p_dim, q_dim = d.h.shape
    out = n.zero(q_dim, p_dim)
    for u, a in _linear_parts(n, df, {hkey, tkey}):
        before, which, after = _split_at(n.info[u].word, {hkey, tkey})
        rest = after + before   # tr(A H B) = tr(B A H)
        if which == hkey:
            g = n.word_poly(rest) if rest else n.const(q_dim, p_dim, sympy.S.One)
        else:                   # tr(A Hᵀ B) = tr((B A)ᵀ H)
            g = n.transpose(n.word_poly(rest)) if rest else n.const(q_dim, p_dim, sympy.S.One)
        out = n.add(out, n.scale(g, a))
    return out


def _jacobian(n: Normal, d: Differentiator, df: MPoly) -> MPoly:
    """J with Df[h] = J·h for a column f (m×1) and a column h (k×1)."""
    hkey, tkey = d.hkey, "T:" + d.hkey
    k_dim = d.h.shape[0]
    out = n.zero(df.rows, k_dim)
    for w, c in df.terms.items():
        if hkey in w or tkey in w:
            before, which, after = _split_at(w, {hkey, tkey})
            if which != hkey or after:
                raise NotDerivable("the direction is not at the end of a term of a column's derivative")
            if _holds_direction(n, c, {hkey, tkey}):
                raise NotDerivable("the direction occurs twice in one term")
            head = n.word_poly(before) if before else n.const(df.rows, k_dim, sympy.S.One)
            out = n.add(out, n.scale(head, c))
            continue
        for u, a in _linear_parts(n, c, {hkey, tkey}):
            before, which, after = _split_at(n.info[u].word, {hkey, tkey})
            rest = after + before
            if which == hkey:   # tr(B A h) = (B A)·h
                g = n.word_poly(rest) if rest else n.const(sympy.S.One, k_dim, sympy.S.One)
            else:               # tr(B A hᵀ) = (B A)ᵀ·h
                g = n.transpose(n.word_poly(rest)) if rest else n.const(sympy.S.One, k_dim, sympy.S.One)
            head = n.word_poly(w) if w else n.const(df.rows, sympy.S.One, sympy.S.One)
            out = n.add(out, n.scale(n.mul(head, g), a))
    return out


def derivative(n: Normal, value, var, layout: str, kinks: list, avoid=(), needs_inverse: list | None = None):
    """d value / d var in the layout, as a normal form; matrices whose inverse a rule used go to
    `needs_inverse` (without that list, no such rule fires)."""
    if isinstance(var, MatrixSymbol):
        d = Differentiator(n, var, kinks, avoid, needs_inverse)
        if isinstance(value, MPoly) and not (is_one(value.rows) and is_one(value.cols)):
            if not same_dim(var.shape[1], 1):
                raise NotDerivable("the derivative of a matrix or a vector by a matrix is a higher-order "
                                   "tensor, outside the checker's rules")
            if not same_dim(value.cols, 1):
                if not same_dim(value.rows, 1):
                    raise NotDerivable("the derivative of a matrix (not a vector) is a higher-order tensor, "
                                       "outside the checker's rules")
                value = n.transpose(value)  # a row is differentiated as the column it transposes
            result = _jacobian(n, d, d.poly(value))
        else:
            result = _gradient(n, d, d.scalar(n.as_scalar(value)))
        return n.transpose(result) if layout == "denominator" else result
    if isinstance(var, sympy.Symbol):
        d = Differentiator(n, var, kinks, avoid, needs_inverse)
        return d.poly(value) if isinstance(value, MPoly) else d.scalar(value)
    raise NotDerivable(f"a derivative with respect to {sympy.sstr(var)}")


def derivative_rule(layout: str, kinks: list, avoid=(), needs_inverse: list | None = None):
    """The `Normal` rule for Derivative nodes: each replaced by its value, innermost first. The direction
    symbols are named after nothing in `avoid` (the claim's symbols) nor in the node. Matrices whose
    inverse Jacobi's formula used go to `needs_inverse`."""
    def rule(n: Normal, node):
        value = n.value(node.expr)
        taken = set(avoid) | node.free_symbols | set(node.atoms(MatrixSymbol))
        for var, count in node.variable_count:
            if not (count.is_Integer and 1 <= int(count) <= MAX_ORDER):
                raise NotDerivable(f"a derivative of order {count}")
            for _ in range(int(count)):
                value = derivative(n, value, var, layout, kinks, taken, needs_inverse)
        return value
    return rule


__all__ = ["derivative", "derivative_rule", "d_scalar", "Differentiator", "NotDerivable", "SCALAR_RULES"]
