"""Which matrices are invertible wherever a claim is asserted (for rules that need an inverse).

A rule such as Jacobi's formula d det M = det M · tr(M⁻¹ dM) is an identity only where M is
invertible. The claim is asserted (CONTRACT §2) where its assumptions hold, every inverse it
takes exists, every denominator is nonzero and every logarithm is defined; so M is invertible
on the whole domain of the claim when one of these says so (`InvertibleOnDomain.reason`):

* the claim inverts M or Mᵀ (`M.I`, `M**-k`), outside limits, sums, integrals, expectations
  and optima (whose bound variables make an inverse there a statement about other values);
* an assumption: `Q.invertible`, `Q.positive_definite`, `Q.negative_definite`,
  `Q.orthogonal`, `Q.unitary` of M or Mᵀ; `Determinant(M) > 0`, `< 0` or `Ne(Determinant(M), 0)`;
* det M is nonzero because the claim needs it: det M stands in a logarithm (log det M,
  log|det M|: log 0 is undefined) or in a denominator (det(M)⁻ᵏ).

A determinant known nonzero makes every square factor of M invertible when M is a product
of square factors of one size (det(AB) = det A det B); powers, inverses and transposes of an
invertible matrix are invertible. Nothing else is inferred: `reason` returns None, and the
rule that asked must not fire.
"""
from __future__ import annotations

import sympy
from sympy import Basic
from sympy.matrices.expressions import Determinant, Inverse, MatMul, MatPow, MatrixExpr, Transpose

from ...model.problem import Problem
from ...model.shapes import IllTyped, product_reading, same_dim, shape_of
from ...model.show import show

# Constructs whose insides speak about other values of a bound variable than the claim's.
BINDERS = (sympy.Limit, sympy.Sum, sympy.Integral, sympy.Product)
BINDER_NAMES = ("Expectation", "MatrixExpectation", "ArgMin", "ArgMax")
INVERTIBLE_PREDICATES = ("invertible", "positive_definite", "negative_definite", "orthogonal", "unitary")


def _is_binder(expr) -> bool:
    return isinstance(expr, BINDERS) or type(expr).__name__ in BINDER_NAMES


def _square(expr) -> bool:
    try:
        rows, cols = shape_of(expr)
    except IllTyped:
        return False
    return same_dim(rows, cols)


def _walk(expr, visit) -> None:
    """Every node of expr outside binders, each visited once per occurrence."""
    if not isinstance(expr, Basic) or _is_binder(expr):
        return
    visit(expr)
    for a in expr.args:
        _walk(a, visit)


def _det_argument(expr):
    """M when expr is det M, |det M| or a nonzero numeric power of one of those (nonzero iff det M is); else None."""
    if isinstance(expr, sympy.Pow):
        if not (expr.exp.is_number and expr.exp.is_nonzero):
            return None
        expr = expr.base
    if isinstance(expr, sympy.Abs):
        expr = expr.args[0]
    return expr.arg if isinstance(expr, Determinant) else None


class InvertibleOnDomain:
    """The matrices a claim shows invertible on its domain, with the reason for each."""

    def __init__(self, problem: Problem):
        self.reasons: dict = {}
        for side in (problem.lhs, problem.rhs):
            _walk(side, self._visit)
        for p in problem.predicates:
            if p.name in INVERTIBLE_PREDICATES and p.args and isinstance(p.args[0], MatrixExpr):
                self._add(p.args[0], f"Q.{p.name}({show(p.args[0])})")
        for rel in problem.relations:
            self._relation(rel)

    def _visit(self, node) -> None:
        if isinstance(node, Inverse):
            self._add(node.arg, f"the claim inverts {show(node.arg)}")
        elif isinstance(node, MatPow) and node.exp.is_Integer and node.exp < 0:
            self._add(node.base, f"the claim inverts {show(node.base)}")
        elif isinstance(node, sympy.log) and len(node.args) == 1:
            arg = _det_argument(node.args[0])
            if arg is not None:
                self._nonzero_det(arg, f"log det {show(arg)} is defined only where det {show(arg)} ≠ 0")
        elif isinstance(node, sympy.Pow) and node.exp.is_negative:
            arg = _det_argument(node.base)
            if arg is not None:
                self._nonzero_det(arg, f"det {show(arg)} is a denominator of the claim")

    def _relation(self, rel) -> None:
        if not isinstance(rel, (sympy.StrictGreaterThan, sympy.StrictLessThan, sympy.Unequality)):
            return
        for one, other in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
            arg = _det_argument(one) if other == 0 else None
            if arg is not None:
                self._nonzero_det(arg, f"the assumption {show(rel)}")

    def _nonzero_det(self, arg, why: str) -> None:
        self._add(arg, why)
        if isinstance(arg, MatMul):
            try:
                reading = product_reading(arg)
            except IllTyped:
                return
            size = reading.shape[0]
            chain = reading.chain
            if chain and all(_square(f) and same_dim(shape_of(f)[0], size) for f in chain):
                for f in chain:  # det(AB) = det A · det B ≠ 0: every factor is invertible
                    self._add(f, why)

    def _add(self, matrix, why: str) -> None:
        if not isinstance(matrix, MatrixExpr) or not _square(matrix):
            return
        for m in _relatives(matrix):
            self.reasons.setdefault(m, why)

    def reason(self, matrix) -> str | None:
        """Why the matrix is invertible wherever the claim is asserted, or None when the claim does not say."""
        for m in _relatives(matrix):
            if m in self.reasons:
                return self.reasons[m]
        return None


def _relatives(matrix) -> list:
    """The matrix, its transpose, and (for Mᵀ, M⁻¹, Mᵏ with k ≠ 0 an integer) M: one is invertible iff all are."""
    out = [matrix, matrix.T]
    inner = matrix
    while True:
        if isinstance(inner, (Transpose, Inverse)):
            inner = inner.arg
        elif isinstance(inner, MatPow) and (inner.exp.is_integer and inner.exp.is_nonzero):
            inner = inner.base
        else:
            break
        out += [inner, inner.T]
    return out


__all__ = ["InvertibleOnDomain"]
