"""The checker's own reading of a sum of diagonal entries as traces (no prover code).

Σᵢ₌₀ⁿ⁻¹ (Σₜ cₜ·Mₜ[i, i]) = Σₜ cₜ·tr(Mₜ) when each Mₜ is a square n×n matrix expression free
of i and each cₜ a scalar free of i and of matrices: the trace's definition (cookbook eq. 11),
for every n. `as_traces` returns that expression of traces, or None for any other sum (the
checker then rejects the certificate that relies on it).
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import MatrixExpr, Trace
from sympy.matrices.expressions.matexpr import MatrixElement


def as_traces(expr):
    """The sum as Σ cₜ·tr(Mₜ) (see the module docstring), or None."""
    if not isinstance(expr, sympy.Sum) or len(expr.limits) != 1 or len(expr.limits[0]) != 3:
        return None
    index, low, high = expr.limits[0]
    if low != 0:
        return None
    total = sympy.S.Zero
    for term in sympy.Add.make_args(expr.function):
        factors = sympy.Mul.make_args(term)
        entries = [f for f in factors if isinstance(f, MatrixElement)]
        if len(entries) != 1:
            return None
        entry = entries[0]
        scale = sympy.Mul(*[f for f in factors if f is not entry])
        if scale.has(index) or scale.has(MatrixExpr) or scale.has(MatrixElement):
            return None
        m = entry.parent
        if not isinstance(m, MatrixExpr) or m.has(index) or entry.i != index or entry.j != index:
            return None
        if sympy.expand(m.shape[0] - m.shape[1]) != 0 or sympy.expand(high - m.shape[0] + 1) != 0:
            return None
        total = total + scale * Trace(m)
    return total


__all__ = ["as_traces"]
