"""The checker's own Jacobi formula and its side condition: which matrices a claim shows invertible.

No prover code. Two things, each re-derived from the claim alone:

* `invertible_keys(view, n)`: the normalised keys (`Normal.normalised_key`) of the matrices that
  are invertible wherever the claim is asserted — the claim inverts them (or their transpose)
  outside limits, sums, integrals, expectations and optima; an assumption says so
  (`Q.invertible`, `Q.positive_definite`, `Q.negative_definite`, `Q.orthogonal`, `Q.unitary`,
  det M > 0, < 0, ≠ 0); or det M must be nonzero for the claim to be defined (det M inside a
  logarithm or a denominator). A nonzero determinant is read through the checker's own
  determinant laws (`Normal.determinant`): det M = c·Π det(Pᵢ)^eᵢ ≠ 0 makes every Pᵢ invertible.
  A power Pᵏ (k ≠ 0) or an inverse P⁻¹ known invertible makes P invertible, and the other way.
* `HOLDER_RULES["det"]`: the directional derivative of a determinant holder u = det P:
  D u[H] = u · tr(P⁻¹ · DP[H]) (Jacobi's formula), and for a symbolic power P = Bᵏ (k an
  integer) D u[H] = k·u·tr(B⁻¹ · DB[H]) (det Bᵏ = (det B)ᵏ). The matrix whose inverse is used
  is appended to the differentiator's `needs_inverse`; the reduction is accepted only when each
  of them is in `invertible_keys`.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import Determinant, Inverse, MatPow, MatrixExpr

from .ncpoly import Rejected
from .normal import MPoly, Normal, same_dim

BINDERS = (sympy.Limit, sympy.Sum, sympy.Integral, sympy.Product)
BINDER_NAMES = ("Expectation", "MatrixExpectation", "ArgMin", "ArgMax")
INVERTIBLE_PREDICATES = ("invertible", "positive_definite", "negative_definite", "orthogonal", "unitary")


class NotShownInvertible(Rejected):
    """A rule needs an inverse that the claim does not show to exist."""


def _outside_binders(expr):
    """Every node of expr, not descending into constructs with bound variables."""
    if not isinstance(expr, sympy.Basic):
        return
    if isinstance(expr, BINDERS) or type(expr).__name__ in BINDER_NAMES:
        return
    yield expr
    for a in expr.args:
        yield from _outside_binders(a)


def _determinant_inside(expr):
    """M when expr is det M, |det M| or a nonzero numeric power of either (zero exactly when det M is)."""
    if isinstance(expr, sympy.Pow):
        if not (expr.exp.is_number and expr.exp.is_nonzero):
            return None
        expr = expr.base
    if isinstance(expr, sympy.Abs):
        expr = expr.args[0]
    return expr.arg if isinstance(expr, Determinant) else None


class InvertibleKeys:
    """Builds the set of keys; `keys` is the result."""

    def __init__(self, view, n: Normal):
        self.n = n
        self.keys: set = set()
        for side in (view.lhs, view.rhs):
            for node in _outside_binders(side):
                self._node(node)
        for name, args in view.predicates:
            if name in INVERTIBLE_PREDICATES and args and isinstance(args[0], MatrixExpr):
                self._matrix(args[0])
        for rel in view.relations:
            if isinstance(rel, (sympy.StrictGreaterThan, sympy.StrictLessThan, sympy.Unequality)):
                for one, other in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
                    arg = _determinant_inside(one) if other == 0 else None
                    if arg is not None:
                        self._nonzero_determinant(arg)

    def _node(self, node) -> None:
        if isinstance(node, Inverse):
            self._matrix(node.arg)
        elif isinstance(node, MatPow) and node.exp.is_Integer and node.exp < 0:
            self._matrix(node.args[0])
        elif isinstance(node, sympy.log) and len(node.args) == 1:
            arg = _determinant_inside(node.args[0])
            if arg is not None:
                self._nonzero_determinant(arg)
        elif isinstance(node, sympy.Pow) and node.exp.is_negative:
            arg = _determinant_inside(node.base)
            if arg is not None:
                self._nonzero_determinant(arg)

    def _matrix(self, expr) -> None:
        try:
            self.add(self.n.matrix(expr))
        except Rejected:
            return

    def _nonzero_determinant(self, arg) -> None:
        """det arg ≠ 0: each determinant holder that is a factor of its normal form is nonzero."""
        try:
            value = sympy.sympify(self.n.determinant(arg))
        except (Rejected, TypeError, ValueError):
            return
        for factor in sympy.Mul.make_args(value):
            base, e = (factor.base, factor.exp) if isinstance(factor, sympy.Pow) else (factor, sympy.S.One)
            if not (e.is_number and e.is_nonzero):
                continue
            info = self.n.info.get(base)
            if info is not None and info.kind == "det":
                self.add(info.arg)

    def add(self, p: MPoly) -> None:
        """p is invertible: so are its transpose and, for a single power or inverse atom, its base."""
        n = self.n
        if p.is_zero() or not same_dim(p.rows, p.cols):
            return
        for q in (p, n.transpose(p)):
            key = n.normalised_key(q)
            if key in self.keys:
                continue
            self.keys.add(key)
            base = _single_atom_base(n, q)
            if base is not None:
                self.add(base)


def _single_atom_base(n: Normal, p: MPoly):
    """B when p is c·Bᵏ (a symbolic integer power k) or c·B⁻¹: invertible exactly when p is."""
    if len(p.terms) != 1:
        return None
    (word, _c), = p.terms.items()
    if len(word) != 1:
        return None
    a = n.atoms[word[0]]
    if a.kind == "inverse" or (a.kind == "power" and a.exponent is not None and a.exponent.is_integer
                               and a.exponent.is_nonzero):
        return a.arg
    return None


def invertible_keys(view, n: Normal) -> set:
    """The keys of the matrices the claim shows invertible wherever it is asserted."""
    return InvertibleKeys(view, n).keys


def _det_holder(d, u, info):
    """D det P[H] by Jacobi's formula (P invertible), or for P = Bᵏ: k·det P·tr(B⁻¹ DB[H])."""
    n = d.n
    p = info.arg
    factor, base = sympy.S.One, p
    if len(p.terms) == 1:
        (word, c), = p.terms.items()
        a = n.atoms[word[0]] if len(word) == 1 else None
        if a is not None and a.kind == "power":
            if not (a.exponent.is_integer and c == 1):
                raise Rejected(f"the determinant of a power with exponent {sympy.sstr(a.exponent)}")
            factor, base = a.exponent, a.arg
    if d.needs_inverse is None:
        raise Rejected("Jacobi's formula needs an inverse, and this derivation checks none")
    d.needs_inverse.append(base)
    return factor * u * n.trace(n.mul(n.inverse(base), d.poly(base)))


HOLDER_RULES = {"det": _det_holder}

__all__ = ["invertible_keys", "InvertibleKeys", "HOLDER_RULES", "NotShownInvertible"]
