"""Ones matrices (issue 13 item 9): J_{a×b} = 1_a·1_bᵀ, and 1ᵀ1 = n.

Every `OneMatrix(a, b)` of the claim is written with ones columns: 1_a·1_bᵀ (1_a alone for
b = 1, 1_bᵀ for a = 1, the 1×1 identity for a = b = 1). Each column 1_a (a ≠ 1) becomes a
MatrixSymbol `ones_i` (i its place among the claim's sizes in SymPy's sort order), and the
obligation assumes `ones_iᵀ·ones_i = a`. That is a generalisation: what holds for every
column u with uᵀu = a holds for the ones column, which has 1ᵀ1 = a. The checker derives the
same obligation with its own code (`certify/ones.py`).

Claims with a derivative, limit or expectation are left to those reductions first (their
obligations come back here), and a claim whose assumptions hold a ones matrix is declined.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import Identity, MatrixSymbol, OneMatrix

from ...model.problem import Problem
from ...model.show import show
from .. import Reduced

NAME = "ones vectors (J = 1 1^T, 1^T 1 = n)"
LEFT_TO_OTHERS = (sympy.Derivative, sympy.Limit)


def ones_sizes(*exprs) -> list:
    """The sizes a ≠ 1 of the ones columns the expressions need, in SymPy's sort order."""
    sizes = set()
    for expr in exprs:
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, OneMatrix):
                sizes |= {sympy.sympify(d) for d in node.shape if sympy.sympify(d) != 1}
    return sorted(sizes, key=sympy.default_sort_key)


def with_columns(expr, columns: dict):
    """expr with every OneMatrix(a, b) written 1_a·1_bᵀ over the given columns {a: MatrixSymbol}."""
    def column(a):
        return Identity(1) if a == 1 else columns[a]

    def rewrite(node):
        a, b = (sympy.sympify(d) for d in node.shape)
        if b == 1:
            return column(a)
        if a == 1:
            return column(b).T
        return column(a) * column(b).T
    found = {node for node in sympy.preorder_traversal(expr) if isinstance(node, OneMatrix)}
    return expr.xreplace({node: rewrite(node) for node in found})


class OnesReduction:
    """J = 1·1ᵀ with 1ᵀ1 = n as an assumption about a fresh column."""

    name = NAME

    def reduce(self, problem: Problem, deadline: float) -> Reduced | None:
        """The claim over ones columns ones_i with ones_iᵀ ones_i = size; None without a ones matrix."""
        if not (problem.lhs.has(OneMatrix) or problem.rhs.has(OneMatrix)):
            return None
        if problem.lhs.has(*LEFT_TO_OTHERS) or problem.rhs.has(*LEFT_TO_OTHERS):
            return None
        if any(a.has(OneMatrix) for a in problem.assumptions):
            return None
        sizes = ones_sizes(problem.lhs, problem.rhs)
        taken = {str(s) for s in problem.matrix_symbols | problem.scalar_symbols | problem.dims}
        columns = {a: MatrixSymbol(f"ones_{i}", a, 1) for i, a in enumerate(sizes)}
        if any(str(c) in taken for c in columns.values()):
            return None
        lhs, rhs = with_columns(problem.lhs, columns), with_columns(problem.rhs, columns)
        assume = list(problem.assumptions) + [sympy.Eq(u.T * u, a * Identity(1)) for a, u in columns.items()]
        obligation = Problem.build(lhs, rhs, problem.relation, assume, problem.layout, problem.name)
        steps = [f"{show(OneMatrix(a, a))} = {u}·{u}ᵀ with {u}ᵀ{u} = {show(a)}"
                 for a, u in columns.items()]
        return Reduced([obligation], steps or ["a 1×1 ones matrix is the 1×1 identity"],
                       {"lhs": sympy.srepr(lhs), "rhs": sympy.srepr(rhs)})


__all__ = ["OnesReduction", "NAME", "ones_sizes", "with_columns"]
