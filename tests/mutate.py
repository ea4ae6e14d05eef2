"""Small mutations of a claim (a dropped transpose, a swapped product, a changed constant or sign).

Used by the soundness tests (tests/test_soundness_mutations.py): a mutant of a proved claim
must never be proved. A test helper, not part of the package.
Each mutation returns a new (lhs, rhs) pair or nothing when it does not apply.
"""
from __future__ import annotations

from typing import Iterator

import sympy
from sympy.matrices.exceptions import ShapeError
from sympy.matrices.expressions import MatMul, MatrixExpr, Transpose


def _replace_once(expr, old, new):
    """`expr` with the first occurrence (preorder) of `old` replaced by `new`; None if absent."""
    done = [False]

    def walk(node):
        if done[0]:
            return node
        if node == old:
            done[0] = True
            return new
        if not node.args or isinstance(node, sympy.MatrixBase):
            return node
        args = [walk(a) if isinstance(a, sympy.Basic) else a for a in node.args]
        return node.func(*args, evaluate=False) if _takes_evaluate(node) else node.func(*args)

    result = walk(expr)
    return result if done[0] else None


def _takes_evaluate(node) -> bool:
    return isinstance(node, (sympy.Add, sympy.Mul, sympy.Pow)) or isinstance(node, MatrixExpr) and \
        type(node).__name__ in ("MatMul", "MatAdd", "MatPow")


def dropped_transposes(expr) -> Iterator:
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, Transpose):
            mutated = _replace_once(expr, node, node.arg)
            if mutated is not None:
                yield mutated


def swapped_products(expr) -> Iterator:
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, MatMul):
            mats = [a for a in node.args if isinstance(a, MatrixExpr)]
            scalars = [a for a in node.args if not isinstance(a, MatrixExpr)]
            for i in range(len(mats) - 1):
                if mats[i] == mats[i + 1]:
                    continue
                swapped = mats[:i] + [mats[i + 1], mats[i]] + mats[i + 2:]
                try:
                    mutated = _replace_once(expr, node, MatMul(*scalars, *swapped, evaluate=False))
                except ShapeError:  # SymPy refuses a product of concrete mismatched sizes: no mutant
                    continue
                if mutated is not None:
                    yield mutated


def mutants(lhs, rhs) -> Iterator[tuple[str, object, object]]:
    """(description, lhs', rhs') for each distinct mutation of the claim lhs = rhs."""
    seen = set()
    for description, new_lhs, new_rhs in _all_mutants(lhs, rhs):
        if (new_lhs, new_rhs) not in seen and (new_lhs, new_rhs) != (lhs, rhs):
            seen.add((new_lhs, new_rhs))
            yield description, new_lhs, new_rhs


def _all_mutants(lhs, rhs) -> Iterator[tuple[str, object, object]]:
    for side, expr in (("lhs", lhs), ("rhs", rhs)):
        for mutated in dropped_transposes(expr):
            yield (f"dropped a transpose in the {side}", *((mutated, rhs) if side == "lhs" else (lhs, mutated)))
        for mutated in swapped_products(expr):
            yield (f"swapped a product in the {side}", *((mutated, rhs) if side == "lhs" else (lhs, mutated)))
    if rhs != 0:
        yield ("doubled the rhs", lhs, 2 * rhs)
        yield ("negated the rhs", lhs, -rhs)
    else:
        # a matrix rhs 0 shifts by I; a scalar 0 (also beside a 1×1 lhs such as xᵀSx) by 1
        square_matrix = isinstance(rhs, MatrixExpr) and isinstance(lhs, MatrixExpr) and lhs.shape[0] == lhs.shape[1]
        yield ("shifted the rhs", lhs, rhs + (sympy.Identity(lhs.shape[0]) if square_matrix else 1))
