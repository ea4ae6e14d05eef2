"""Explicit matrices with scalar entries: one scalar obligation per entry.

When a claim has no matrix symbols and no dimension symbols, both sides are
explicit matrices of fixed size whose entries are scalar expressions (e.g. a
2×2 weight matrix times (x₁, x₂)). SymPy's explicit matrix arithmetic is exact,
so the claim holds exactly when every pair of entries is equal; the scalar
prover takes each entry under the claim's assumptions.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import MatrixExpr

from ...model.problem import Problem
from .. import Reduced


def _explicit(expr):
    if isinstance(expr, sympy.MatrixBase):
        return sympy.ImmutableMatrix(expr)
    if isinstance(expr, MatrixExpr):
        return sympy.ImmutableMatrix(expr.as_explicit())
    return None


class EntrywiseReduction:
    """A claim between explicit matrices: one obligation per entry."""
    name = "entrywise"

    def reduce(self, problem: Problem, deadline: float) -> Reduced | None:
        """One obligation per entry when both sides are explicit matrices of one shape, else None."""
        if problem.is_scalar or problem.relation != "==" or problem.dims or problem.matrix_symbols:
            return None
        if not problem.scalar_symbols:
            return None  # a closed claim: exact evaluation decides it
        left, right = _explicit(problem.lhs), _explicit(problem.rhs)
        if left is None or right is None or left.shape != right.shape:
            return None
        obligations = [problem.with_sides(left[i, j], right[i, j])
                       for i in range(left.rows) for j in range(left.cols)]
        return Reduced(obligations, [f"compare the {left.rows}×{left.cols} entries one by one"],
                       {"entries": [[sympy.srepr(left[i, j]), sympy.srepr(right[i, j])]
                                    for i in range(left.rows) for j in range(left.cols)]})
