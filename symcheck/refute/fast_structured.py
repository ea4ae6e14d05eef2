"""The fast path's rules for explicit matrices, the structured products and operators, and the pseudo-inverse.

Owns `FAST_STRUCTURED`, the handlers `fast_eval` adds to its table (nothing registers at import):
each gives, on python-flint values, exactly what the general evaluator gives
(`refute.evaluate._explicit`, `refute.structured_eval`, `refute.constructs_eval._pinv`), in the same
form — a matrix stays a matrix (1×1 included), a scalar a scalar:

* an explicit SymPy matrix: its entries, each read as a scalar;
* `KroneckerProduct(A, B, ...)`: (A ⊗ B)[i·p + k, j·q + l] = A[i, j]·B[k, l] (B p×q), a scalar factor
  a 1×1 matrix;
* `DiagMatrix(x)` (x a column or a row), `DiagonalOf(A)`, `DiagonalMatrix(A)`, `Vec(A)`;
* `PseudoInverse(X)` of an exact rational matrix, by the full-rank factorisation X = C F the general
  path uses (C: the pivot columns of X, F: the nonzero rows of rref(X)), X⁺ = Fᵀ (F Fᵀ)⁻¹ (CᵀC)⁻¹ Cᵀ,
  and 0 (n×m) for X = 0; of a scalar x, 1/x (0 for 0). The pseudo-inverse is unique, so any exact
  route gives the general path's value; a ball (the cross-check's values that are not rational) is not
  covered, since a rank is not decided on balls.

Whatever is not covered raises `NotCovered` and the general evaluator decides, as for every other rule.
"""
from __future__ import annotations

from functools import reduce
from types import MappingProxyType

import sympy
from sympy.matrices.expressions import DiagMatrix, DiagonalMatrix, DiagonalOf, KroneckerProduct

from ..model.constructs import PseudoInverse, Vec
from .flint_values import NotCovered, as_matrix, fmpq, fmpq_mat, is_matrix, matrix_of, shape, sign


def _explicit(expr, ev):
    """An explicit matrix: every entry read as a scalar (as the general path reads it)."""
    rows, cols = expr.shape
    return matrix_of(rows, cols, [ev.scalar(expr[i, j]) for i in range(rows) for j in range(cols)])


def kronecker(a, b):
    """A ⊗ B of two matrices (exact or balls)."""
    rows_a, cols_a = shape(a)
    rows_b, cols_b = shape(b)
    la, lb = a.entries(), b.entries()
    entries = [la[i * cols_a + j] * lb[k * cols_b + l]
               for i in range(rows_a) for k in range(rows_b) for j in range(cols_a) for l in range(cols_b)]
    return matrix_of(rows_a * rows_b, cols_a * cols_b, entries)


def _kronecker(expr, ev):
    return reduce(kronecker, [as_matrix(ev.value(a)) for a in expr.args])


def _diag_matrix(expr, ev):
    x = as_matrix(ev.value(expr.args[0]))
    rows, cols = shape(x)
    if rows != 1 and cols != 1:
        raise NotCovered("DiagMatrix of a matrix that is not a row or a column")
    values = x.entries()
    k = len(values)
    zero = values[0] * 0 if values else fmpq(0)
    return matrix_of(k, k, [values[i] if i == j else zero for i in range(k) for j in range(k)])


def _diagonal_of(expr, ev):
    a = as_matrix(ev.value(expr.args[0]))
    k = min(shape(a))
    return matrix_of(k, 1, [a[i, i] for i in range(k)])


def _diagonal_matrix(expr, ev):
    a = as_matrix(ev.value(expr.args[0]))
    rows, cols = shape(a)
    entries = a.entries()
    return matrix_of(rows, cols, [entries[i * cols + j] if i == j else entries[i * cols + j] * 0
                                  for i in range(rows) for j in range(cols)])


def _vec(expr, ev):
    a = as_matrix(ev.value(expr.arg))
    rows, cols = shape(a)
    entries = a.entries()
    return matrix_of(rows * cols, 1, [entries[(i % rows) * cols + i // rows] for i in range(rows * cols)])


def flint_pinv(x: "fmpq_mat") -> "fmpq_mat":
    """X⁺ of a python-flint rational matrix by the full-rank factorisation `constructs_eval._full_rank_pinv` uses
    on SymPy matrices (written again here: an fmpq_mat's rref gives a rank, not pivots, and it has no extract);
    0 for X = 0."""
    rows, cols = shape(x)
    reduced, rank = x.rref()
    if rank == 0:
        return fmpq_mat(cols, rows)
    pivots = []
    for r in range(rank):
        pivots.append(next(c for c in range(cols) if reduced[r, c] != 0))
    c = fmpq_mat(rows, rank, [x[i, p] for i in range(rows) for p in pivots])
    f = fmpq_mat(rank, cols, [reduced[r, j] for r in range(rank) for j in range(cols)])
    ft, ct = f.transpose(), c.transpose()
    return ft * (f * ft).inv() * (ct * c).inv() * ct


def _pinv(expr, ev):
    value = ev.value(expr.arg)
    if not is_matrix(value):
        if not isinstance(value, fmpq):
            raise NotCovered("the pseudo-inverse of a value that is not exact")
        return fmpq(0) if sign(value) == 0 else 1 / value
    if not isinstance(value, fmpq_mat):
        raise NotCovered("the pseudo-inverse of a matrix of balls")
    return flint_pinv(value)


FAST_STRUCTURED = MappingProxyType({
    sympy.ImmutableDenseMatrix: _explicit, sympy.ImmutableSparseMatrix: _explicit,  # (a mutable one is no expression)
    KroneckerProduct: _kronecker, DiagMatrix: _diag_matrix, DiagonalOf: _diagonal_of,
    DiagonalMatrix: _diagonal_matrix, Vec: _vec, PseudoInverse: _pinv,
})

__all__ = ["FAST_STRUCTURED", "kronecker", "flint_pinv"]
