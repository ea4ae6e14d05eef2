"""Sums of diagonal entries as traces: Σᵢ₌₀ⁿ⁻¹ M[i, i] = tr(M) for a square n×n matrix expression M.

Owns `diagonal_sum_as_traces(expr)`: a SymPy `Sum` over one index i from 0 to n − 1 whose body
is a sum of terms c·M[i, i] (c a scalar free of i and of matrices, M a square n×n matrix
expression free of i) is Σ c·tr(M) — the definition of the trace (cookbook eq. 11), for
every n. Any other sum gives None, and the matrix prover steps aside. The checker reads the
same sums with its own code (`certify/diagonal_sums.py`).
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import MatrixExpr, Trace
from sympy.matrices.expressions.matexpr import MatrixElement


def _term_trace(term, i):
    """c·tr(M) for the term c·M[i, i], else None."""
    elements = [f for f in sympy.Mul.make_args(term) if isinstance(f, MatrixElement)]
    if len(elements) != 1:
        return None
    element = elements[0]
    coeff = sympy.Mul(*[f for f in sympy.Mul.make_args(term) if f is not element])
    if coeff.has(i) or coeff.has(MatrixExpr) or coeff.has(MatrixElement):
        return None
    parent = element.parent
    if element.i != i or element.j != i or not isinstance(parent, MatrixExpr) or parent.has(i):
        return None
    return coeff, parent


def diagonal_sum_as_traces(expr) -> sympy.Expr | None:
    """Σᵢ c·M[i, i] over i = 0 .. n − 1 as Σ c·tr(M) (M square n×n, see the module docstring), else None."""
    if not isinstance(expr, sympy.Sum) or len(expr.limits) != 1:
        return None
    i, lo, hi = expr.limits[0]
    if lo != 0:
        return None
    out = sympy.S.Zero
    for term in sympy.Add.make_args(expr.function):
        found = _term_trace(term, i)
        if found is None:
            return None
        coeff, m = found
        rows, cols = m.shape
        if sympy.expand(rows - cols) != 0 or sympy.expand(hi - (rows - 1)) != 0:
            return None
        out = out + coeff * Trace(m)
    return out


__all__ = ["diagonal_sum_as_traces"]
