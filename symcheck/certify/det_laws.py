"""The checker's own determinant facts from a claim's assumptions (no prover code).

The determinant laws themselves are in the normal form (`normal.Normal.determinant`).
This module adds what the assumptions say, for the `determinant laws` reduction:

* Q.orthogonal(Q) (or Q.unitary): QᵀQ = I, so det(Q)² = det(QᵀQ) = 1 and det(Q)ᵉ is 1
  for an even integer e and det(Q) for an odd one;
* Eq(Xᵀ, −X) with X n×n: det X = det Xᵀ = det(−X) = (−1)ⁿ det X, hence
  det X = (1 + (−1)ⁿ)/2 · det X (0 for odd n);
* positivity: det M > 0 when M is positive definite (the product of its positive
  eigenvalues; assumed, or by its form with the checker's own rules, `convexity`) or when the claim assumes `Determinant(M) > 0`; a scalar is positive
  when declared so, by Q.positive or by an assumption x > 0;
* Eq(M₁, M₂) between square matrices of one size: det M₁ = det M₂ (Eq(QᵀQ, I) gives
  det(Q)² = 1, Eq(P², P) gives det(P)² = det P);
* Hadamard's inequality: det M ≤ det(M ∘ I) = Π Mᵢᵢ for M symmetric positive semidefinite: a
  symbol assumed positive definite (symmetric by the contract), or B·Bᵀ / Bᵀ·B as written;
* log(Π fᵢ^eᵢ) = Σ eᵢ log|fᵢ| when every power is real and the product is positive wherever it
  is nonzero (every factor under |·|, positive or raised to an even power, or an even number
  of negative factors with odd powers), log|f| = log f for f positive: a rule of the normal
  form (`log_rule`), so the claim and the certificate's obligations are read alike. A log
  of a product of unknown sign stays whole.

Every determinant is compared through the checker's normal form, so det(Mᵀ), det(M)
and a product's factors meet the same holder.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import (Determinant, HadamardProduct, Identity, Inverse, MatMul, MatPow, MatrixExpr,
                                        MatrixSymbol, Transpose)

from .ncpoly import Rejected
from .normal import Normal, same_dim


def _skew_matrices(relations) -> list:
    """X with Eq(Xᵀ, −X) (either way round) among the relations."""
    out = []
    for rel in relations:
        if not isinstance(rel, sympy.Eq):
            continue
        for a, b in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
            if isinstance(a, Transpose) and isinstance(b, MatMul) and len(b.args) == 2 and b.args[0] == -1 \
                    and b.args[1] == a.arg and isinstance(a.arg, MatrixExpr):
                out.append(a.arg)
    return out


def _signed_leaves(arg, positive, absolute: bool = False) -> list | None:
    """[(e, f, s)] with arg = Π f^e (products, powers and |·| opened, exponents multiplied through), s the sign
    of f^e where it is nonzero: +1 under |·|, for f positive or an even power; −1 for f negative to an odd
    power; a power of a product with a non-integer exponent needs the product positive; under |·| (`absolute`)
    every real factor counts as positive. None when unknown."""
    out = []
    for factor in sympy.Mul.make_args(arg):
        base, e = factor.as_base_exp()
        if not e.is_real:
            return None
        if isinstance(base, sympy.Abs) or base.is_Mul or base.is_Pow:
            inner = _signed_leaves(base.args[0], positive, True) if isinstance(base, sympy.Abs) \
                else _signed_leaves(base, positive, absolute)
            if inner is None:
                return None
            if isinstance(base, sympy.Abs) or e.is_even:
                inner = [(ei, fi, 1) for ei, fi, _si in inner]
            elif not e.is_integer and any(si < 0 for _ei, _fi, si in inner):
                return None
            out += [(e * ei, fi, si) for ei, fi, si in inner]
        elif not base.is_real:
            return None
        elif absolute or positive(base) or e.is_even:
            out.append((e, base, 1))
        elif base.is_negative and e.is_odd:
            out.append((e, base, -1))
        else:
            return None
    return out


def _matrices_inside(m) -> list:
    """m and, through products, transposes, inverses and powers, the matrices whose determinants make up det m."""
    out = [m]
    if isinstance(m, (Transpose, Inverse)):
        out += _matrices_inside(m.arg)
    elif isinstance(m, MatPow):
        out += _matrices_inside(m.args[0])
    elif isinstance(m, MatMul):
        for a in m.args:
            if isinstance(a, MatrixExpr):
                out += _matrices_inside(a)
    return out


class DeterminantFacts:
    """Holders (or named symbols) of determinants the assumptions constrain, in one normal-form context."""

    def __init__(self, n: Normal, view):
        self.n = n
        self.orthogonal: set = set()
        self.skew: dict = {}
        self.positive: set = set()
        self.positive_scalars: set = set()
        for name, args in view.predicates:
            if not args:
                continue
            arg = args[0]
            if name in ("orthogonal", "unitary") and isinstance(arg, MatrixExpr):
                self._holder(self.orthogonal, arg)
            elif name == "positive_definite" and isinstance(arg, MatrixExpr):
                self._holder(self.positive, arg)
            elif name == "positive" and isinstance(arg, sympy.Symbol):
                self.positive_scalars.add(arg)
        for x in _skew_matrices(view.relations):
            d = self._det(x)
            if d is not None:
                self.skew[d] = x.shape[0]
        for rel in view.relations:
            side = None
            if isinstance(rel, sympy.StrictGreaterThan) and rel.rhs == 0:
                side = rel.lhs
            elif isinstance(rel, sympy.StrictLessThan) and rel.lhs == 0:
                side = rel.rhs
            if isinstance(side, sympy.Symbol):
                self.positive_scalars.add(side)
            elif isinstance(side, Determinant):
                self._holder(self.positive, side.arg)

    def add_positive_forms(self, convexity, expressions) -> None:
        """det M > 0 for every determinant of the expressions (and every factor, transposed, inverted or powered
        matrix inside one) whose M the checker's own rules (`convexity`) show positive definite with every
        coefficient condition evident: hᵀMh > 0 for h ≠ 0 makes det M > 0."""
        seen = set()
        for expr in expressions:
            for node in sympy.preorder_traversal(expr):
                if isinstance(node, Determinant):
                    for m in _matrices_inside(node.arg):
                        if m not in seen:
                            seen.add(m)
                            self._positive_form(convexity, m)

    def _positive_form(self, convexity, m) -> None:
        try:
            p = self.n.matrix(m)
            if not same_dim(p.rows, p.cols):
                return
            verdict = convexity.positive_definite(p)
        except Rejected:
            return
        if verdict is not None and all(evident for _c, _r, evident in verdict):
            self._holder(self.positive, m)

    def _det(self, m):
        try:
            p = self.n.matrix(m)
        except Rejected:
            return None
        if not same_dim(p.rows, p.cols):
            return None
        d = self.n.determinant(m)
        return d if isinstance(d, sympy.Symbol) else None

    def _holder(self, where: set, m) -> None:
        d = self._det(m)
        if d is not None:
            where.add(d)

    def positive_factor(self, f) -> bool:
        """f is positive for every allowed value: a positive number, a positive symbol, a positive determinant."""
        if f.is_number:
            return f.is_positive is True
        if f in self.positive:
            return True
        return isinstance(f, sympy.Symbol) and (bool(f.is_positive) or f in self.positive_scalars)

    def apply(self, value):
        """A normal scalar with the facts applied: orthogonal parity, the skew factor."""
        if not isinstance(value, sympy.Basic):
            return value
        if self.orthogonal:
            value = value.replace(
                lambda e: isinstance(e, sympy.Pow) and e.base in self.orthogonal and e.exp.is_Integer,
                lambda e: sympy.S.One if int(e.exp) % 2 == 0 else e.base)
        if self.skew:
            value = sympy.expand(value.xreplace({d: d * (1 + (-1) ** size) / 2 for d, size in self.skew.items()}))
        return value

    def log_rule(self, n: Normal, expr):
        """The normal form of log(arg): Σ eᵢ·log|fᵢ| for arg = Π fᵢ^eᵢ (products and |·| opened) when every
        power is real and the product is positive wherever it is nonzero: each factor under |·|, known positive
        or with an even exponent, and an even number of factors known negative with odd exponents (then the
        identity holds whether a log of a negative number is undefined or complex). log|f| = log f for f known
        positive, the log of a positive number expanded into logs of its factors. Otherwise log(arg) whole."""
        arg = self.apply(n.scalar(expr.args[0]))
        leaves = _signed_leaves(arg, self.positive_factor)
        if leaves is None or sum(1 for _e, _f, sign in leaves if sign < 0) % 2:
            return sympy.log(arg)
        out = []
        for e, base, _sign in leaves:
            if base == 1:
                continue
            if base.is_number:
                out.append(e * sympy.expand_log(sympy.log(abs(base)), force=True))
            elif self.positive_factor(base):
                out.append(e * sympy.log(base))
            else:
                out.append(e * sympy.log(sympy.Abs(base)))
        return sympy.Add(*out)

    def extra_assumptions(self, view, named: set = frozenset()) -> tuple:
        """The claim's scalar relations on determinants, rewritten in the normal form (for the obligations), and
        for the determinants among `named` (those the claim's sides hold): det M > 0 for a positive one,
        det(Q)² = 1 for an orthogonal Q, det M₁ = det M₂ for an assumption Eq(M₁, M₂)."""
        named = set(named)
        out = []
        for rel in view.relations:
            if not isinstance(rel, sympy.core.relational.Relational) or not rel.has(Determinant):
                continue
            if isinstance(rel.lhs, MatrixExpr) or isinstance(rel.rhs, MatrixExpr):
                continue
            try:
                written = rel.func(self.apply(self.n.scalar(rel.lhs)), self.apply(self.n.scalar(rel.rhs)))
            except Rejected:
                continue
            if isinstance(written, sympy.core.relational.Relational):
                out.append(written)
        out += [sympy.StrictGreaterThan(d, 0) for d in sorted(self.positive & named, key=sympy.default_sort_key)]
        out += [sympy.Eq(d ** 2, 1) for d in sorted(self.orthogonal & named, key=sympy.default_sort_key)]
        out += self._equal_determinants(view, named)
        out += self._hadamard_bounds(view, named)
        return tuple(out)

    def _hadamard_bounds(self, view, named: set) -> list:
        """det M ≤ det(M ∘ I) for each det(M ∘ I) in the claim whose determinant is among `named` (Hadamard's
        inequality, det M ≤ Π Mᵢᵢ for M symmetric positive semidefinite), where M is a matrix symbol assumed
        positive definite (symmetric by the contract) or a product B·Bᵀ or Bᵀ·B, and every determinant det M
        is written with is among `named`."""
        assumed = {args[0] for name, args in view.predicates if name == "positive_definite" and args}
        holders = self._det_holders()
        out, seen = [], set()
        for expr in (view.lhs, view.rhs, *view.relations):
            if not isinstance(expr, sympy.Basic):
                continue
            for node in sympy.preorder_traversal(expr):
                if not isinstance(node, Determinant) or node in seen:
                    continue
                seen.add(node)
                m = _diagonal_part(node.arg)
                if m is None or not ((isinstance(m, MatrixSymbol) and m in assumed) or _gram(m)):
                    continue
                bound = self._det(node.arg)
                try:
                    det_m = self.apply(self.n.determinant(m))
                except Rejected:
                    continue
                if bound in named and isinstance(det_m, sympy.Basic) and det_m.free_symbols & holders <= named:
                    out.append(sympy.LessThan(det_m, bound))
        return out

    def _det_holders(self) -> set:
        """Every symbol standing for a determinant in this context: the certificate's names and the holders."""
        return set(self.n.det_symbols.values()) | {s for s, h in self.n.info.items() if h.kind == "det"}

    def _equal_determinants(self, view, named: set) -> list:
        """det M₁ = det M₂ for each assumption Eq(M₁, M₂) between square matrices of one size, when every
        determinant it holds is among `named` (Eq(QᵀQ, I) gives det(Q)² = 1, Eq(P², P) gives det(P)² = det P)."""
        holders = self._det_holders()
        out = []
        for rel in view.relations:
            if not (isinstance(rel, sympy.Eq) and isinstance(rel.lhs, MatrixExpr) and isinstance(rel.rhs, MatrixExpr)):
                continue
            try:
                left, right = self.n.matrix(rel.lhs), self.n.matrix(rel.rhs)
                if not (same_dim(left.rows, left.cols) and same_dim(left.rows, right.rows)
                        and same_dim(right.rows, right.cols)):
                    continue
                written = sympy.Eq(self.apply(self.n.determinant(rel.lhs)), self.apply(self.n.determinant(rel.rhs)))
            except Rejected:
                continue
            if isinstance(written, sympy.Eq) and written.free_symbols & holders <= named:
                out.append(written)
        return out


def _diagonal_part(m):
    """M for m = M ∘ I or I ∘ M with M square of the identity's size (det m = Π Mᵢᵢ), else None."""
    if not (isinstance(m, HadamardProduct) and len(m.args) == 2):
        return None
    for a, b in (m.args, m.args[::-1]):
        if isinstance(b, Identity) and isinstance(a, MatrixExpr) and same_dim(a.shape[0], a.shape[1]) \
                and same_dim(a.shape[0], b.shape[0]):
            return a
    return None


def _gram(m) -> bool:
    """m is B·Bᵀ or Bᵀ·B as written: symmetric positive semidefinite."""
    return isinstance(m, MatMul) and len(m.args) == 2 and m.args[1] == m.args[0].T


__all__ = ["DeterminantFacts"]
