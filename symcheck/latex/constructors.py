"""Building matrix expressions as written: products, sums and block matrices without SymPy's size checks.

SymPy validates sizes when it builds `MatMul`, `MatAdd` and `BlockMatrix`; the front end
must not (a product the shapes forbid is reported later by `symcheck.model.shapes` as
ill-typed, with both shapes, not as a parse failure), and it must not evaluate anything.
`rebuild` replaces sizes inside a finished expression node by node, the same way.
"""
from __future__ import annotations

import sympy
from sympy import (Basic, BlockMatrix, Determinant, HadamardProduct, Identity, ImmutableMatrix, Inverse, MatAdd,
                   MatMul, MatPow, MatrixExpr, MatrixSymbol, Mul, OneMatrix, S, Trace, Transpose, ZeroMatrix)


def is_matrix(expr) -> bool:
    """Whether `expr` is matrix-valued (a matrix expression or an explicit matrix)."""
    return isinstance(expr, (MatrixExpr, sympy.MatrixBase))


def matmul(*factors):
    """MatMul(*factors) as written, without SymPy's size validation (the shape checker reports mismatches)."""
    factors = [f for f in factors if f != 1]
    if not any(is_matrix(f) for f in factors):
        return Mul(*factors, evaluate=False) if len(factors) > 1 else (factors[0] if factors else S.One)
    return Basic.__new__(MatMul, *factors) if len(factors) > 1 else factors[0]


def matadd(*terms):
    """MatAdd(*terms) as written, without size validation."""
    return Basic.__new__(MatAdd, *terms)


def hadamard(*factors):
    """The entrywise product as written, without size validation."""
    return Basic.__new__(HadamardProduct, *factors)


def make_block_matrix(blocks: list) -> BlockMatrix:
    """A BlockMatrix built without SymPy's size validation (mismatches are the shape checker's)."""
    return Basic.__new__(BlockMatrix, ImmutableMatrix(blocks, evaluate=False))


def rebuild(expr, mapping: dict):
    """`expr` with sizes replaced, rebuilt node by node without evaluating anything."""
    if not isinstance(expr, Basic) or not expr.args and not isinstance(expr, sympy.MatrixBase):
        return mapping.get(expr, expr)
    if isinstance(expr, sympy.MatrixBase):
        rows = [[rebuild(expr[i, j], mapping) for j in range(expr.cols)] for i in range(expr.rows)]
        return ImmutableMatrix(rows, evaluate=False) if any(is_matrix(e) for r in rows for e in r) \
            else ImmutableMatrix(rows)
    if isinstance(expr, BlockMatrix):
        blocks = expr.blocks
        return make_block_matrix([[rebuild(blocks[i, j], mapping) for j in range(blocks.cols)]
                                  for i in range(blocks.rows)])
    args = [rebuild(a, mapping) for a in expr.args]
    if all(a is b for a, b in zip(args, expr.args)):
        return expr
    if isinstance(expr, MatMul):
        return matmul(*args)
    if isinstance(expr, MatAdd):
        return matadd(*args)
    if isinstance(expr, HadamardProduct):
        return hadamard(*args)
    if isinstance(expr, (Identity, ZeroMatrix, OneMatrix, Transpose, Inverse, MatPow, Trace, Determinant,
                         MatrixSymbol)):
        return expr.func(*args)
    try:
        return expr.func(*args, evaluate=False)
    except TypeError:
        return expr.func(*args)


__all__ = ["is_matrix", "matmul", "matadd", "hadamard", "make_block_matrix", "rebuild"]
