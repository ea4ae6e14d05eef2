"""Exact values of the structured products and operators on one instance.

SymPy's own classes, as claim files write them, and symcheck's `Vec`:

* `KroneckerProduct(A, B, ...)`: (A ⊗ B)[i·p + k, j·q + l] = A[i, j]·B[k, l] (B p×q), exactly,
  over the common domain of the factors;
* `DiagMatrix(x)` (x a column or a row): the square matrix with x on its diagonal;
  `DiagonalOf(A)`: the column of A's diagonal entries (min(rows, cols) of them);
  `DiagonalMatrix(A)`: A with every off-diagonal entry set to 0 (A ∘ I, any shape);
* `ElementwiseApplyFunction(f, A)` (`A.applyfunc(f)`): f applied to every entry by the
  evaluator's own exact rules (log of a nonpositive entry is `Undefined`, as for a scalar);
* `Vec(A)`: the columns of A stacked, vec(A)[i + j·m] = A[i, j] for A m×n.

The Hadamard product and power are in `refute.evaluate`'s base table. The rules are
exported as `STRUCTURED_EVALUATORS`; `refute.evaluate` merges them into its table
(nothing registers at import).
"""
from __future__ import annotations

from types import MappingProxyType

import sympy
from sympy.matrices.expressions import DiagMatrix, DiagonalMatrix, DiagonalOf, KroneckerProduct
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.polys.matrices import DomainMatrix

from ..model.constructs import Vec
from .errors import NotEvaluable
from .linalg import as_matrix, to_domain_matrix, unify


def kronecker(a: DomainMatrix, b: DomainMatrix) -> DomainMatrix:
    """A ⊗ B over the common domain of A and B."""
    a, b = unify(a, b)
    domain = a.domain
    rows_a, cols_a = a.shape
    rows_b, cols_b = b.shape
    la, lb = a.to_list(), b.to_list()
    out = [[domain.mul(la[i][j], lb[k][l]) for j in range(cols_a) for l in range(cols_b)]
           for i in range(rows_a) for k in range(rows_b)]
    return DomainMatrix(out, (rows_a * rows_b, cols_a * cols_b), domain).to_dense()


def _kronecker(expr, ev):
    values = [as_matrix(ev.value(a)) for a in expr.args]
    out = values[0]
    for v in values[1:]:
        out = kronecker(out, v)
    return out


def _entries_matrix(rows: int, cols: int, entry) -> DomainMatrix:
    return to_domain_matrix(sympy.Matrix(rows, cols, entry))


def _diag_matrix(expr, ev):
    x = as_matrix(ev.value(expr.args[0]))
    rows, cols = x.shape
    if rows != 1 and cols != 1:
        raise NotEvaluable(f"DiagMatrix of a {rows}×{cols} matrix")
    values = [x.getitem_sympy(i, 0) for i in range(rows)] if cols == 1 else \
        [x.getitem_sympy(0, j) for j in range(cols)]
    k = len(values)
    return _entries_matrix(k, k, lambda i, j: values[i] if i == j else sympy.S.Zero)


def _diagonal_of(expr, ev):
    a = as_matrix(ev.value(expr.args[0]))
    k = min(a.shape)
    return _entries_matrix(k, 1, lambda i, j: a.getitem_sympy(i, i))


def _diagonal_matrix(expr, ev):
    a = as_matrix(ev.value(expr.args[0]))
    rows, cols = a.shape
    return _entries_matrix(rows, cols, lambda i, j: a.getitem_sympy(i, j) if i == j else sympy.S.Zero)


def _elementwise(expr, ev):
    """f(entry) for every entry, the body of f evaluated by the evaluator's exact rules."""
    function = expr.function
    variables = getattr(function, "variables", None)
    if variables is None or len(variables) != 1:
        raise NotEvaluable(f"element-wise {function}: not a function of one scalar")
    var, body = variables[0], function.expr
    a = as_matrix(ev.value(expr.expr))
    rows, cols = a.shape
    values = [[ev.child({var: a.getitem_sympy(i, j)}).scalar(body) for j in range(cols)] for i in range(rows)]
    return to_domain_matrix(values)


def _vec(expr, ev):
    a = as_matrix(ev.value(expr.arg))
    rows, cols = a.shape
    return _entries_matrix(rows * cols, 1, lambda i, j: a.getitem_sympy(i % rows, i // rows))


STRUCTURED_EVALUATORS = MappingProxyType({
    KroneckerProduct: _kronecker,
    DiagMatrix: _diag_matrix,
    DiagonalOf: _diagonal_of,
    DiagonalMatrix: _diagonal_matrix,
    ElementwiseApplyFunction: _elementwise,
    Vec: _vec,
})

__all__ = ["STRUCTURED_EVALUATORS", "kronecker"]
