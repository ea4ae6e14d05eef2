"""The checker's own reading of ones matrices (no prover code): J_{a×b} = 1_a·1_bᵀ with 1_aᵀ1_a = a.

Each size a ≠ 1 of a `OneMatrix` in the claim gets the column `ones_i` (i its place among
those sizes in SymPy's sort order); OneMatrix(a, b) is 1_a·1_bᵀ, 1_a for b = 1, 1_bᵀ for
a = 1, the 1×1 identity for a = b = 1. The obligation is the claim so written, under the
extra assumptions 1_aᵀ1_a = a·I₁: true for every such column, it is true for the ones column.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import Identity, MatrixSymbol, OneMatrix

from .ncpoly import Rejected


def columns_for(exprs, taken: set) -> dict:
    """{size: MatrixSymbol ones_i} for the sizes ≠ 1 of every OneMatrix in exprs; Rejected on a name clash."""
    sizes = set()
    for expr in exprs:
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, OneMatrix):
                sizes.update(sympy.sympify(d) for d in node.shape)
    sizes.discard(sympy.S.One)
    columns = {}
    for i, a in enumerate(sorted(sizes, key=sympy.default_sort_key)):
        if f"ones_{i}" in taken:
            raise Rejected(f"the claim already has a symbol named ones_{i}")
        columns[a] = MatrixSymbol(f"ones_{i}", a, 1)
    return columns


def written_with_columns(expr, columns: dict):
    """expr with every OneMatrix(a, b) replaced by its product of ones columns."""
    def column(a):
        return Identity(1) if a == 1 else columns[a]
    replace = {}
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, OneMatrix):
            a, b = (sympy.sympify(d) for d in node.shape)
            replace[node] = column(a) if b == 1 else column(b).T if a == 1 else column(a) * column(b).T
    return expr.xreplace(replace)


def column_assumptions(columns: dict) -> tuple:
    """1_aᵀ1_a = a·I₁ for each column."""
    return tuple(sympy.Eq(u.T * u, a * Identity(1)) for a, u in columns.items())


__all__ = ["columns_for", "written_with_columns", "column_assumptions"]
