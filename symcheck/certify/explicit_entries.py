"""The checker's own re-derivation of `explicit entries` proofs (no prover code).

An equation whose matrix symbols all have numeric shapes (and no symbolic dimension) is
checked by replacing each matrix symbol with a matrix of fresh real unknowns, evaluating
both sides with SymPy's exact arithmetic and cancelling every entry of lhs − rhs to 0.
The identity then holds for all real values where the sides are defined.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import MatrixExpr, MatrixSymbol

from .ncpoly import Rejected

MAX_ENTRIES = 256
CALCULUS = (sympy.Limit, sympy.Derivative, sympy.Integral, sympy.Sum, sympy.Product)


def _unknowns(side, table: dict):
    if not isinstance(side, sympy.Basic):
        return sympy.sympify(side)
    if side.has(*CALCULUS) or any(type(node).__module__.startswith("symcheck")
                                  for node in sympy.preorder_traversal(side)):
        raise Rejected("explicit entries: the claim has calculus or a construct")
    for m in side.atoms(MatrixSymbol):
        if m in table:
            continue
        rows, cols = m.shape
        if not (getattr(rows, "is_Integer", False) and getattr(cols, "is_Integer", False)):
            raise Rejected(f"explicit entries: {m.name} has a symbolic shape")
        table[m] = sympy.ImmutableMatrix(int(rows), int(cols), lambda i, j: sympy.Dummy("e", real=True))
        if sum(int(k.shape[0]) * int(k.shape[1]) for k in table) > MAX_ENTRIES:
            raise Rejected("explicit entries: too many entries")
    return side.xreplace(table)


def _entries(side) -> list:
    try:
        value = side.doit() if isinstance(side, sympy.Basic) else sympy.sympify(side)
        if isinstance(value, (MatrixExpr, sympy.MatrixBase)):
            return list(sympy.ImmutableMatrix(value.as_explicit() if isinstance(value, MatrixExpr) else value))
    except Exception as exc:  # noqa: BLE001
        raise Rejected(f"explicit entries: cannot evaluate a side ({type(exc).__name__})") from exc
    return [value]


def check_explicit_entries(view, checked: list) -> None:
    """Accept when every entry of lhs − rhs cancels with the matrices' entries as real unknowns; else Rejected."""
    if view.relation != "==":
        raise Rejected("explicit entries prove equations only")
    table: dict = {}
    lhs, rhs = _unknowns(view.lhs, table), _unknowns(view.rhs, table)
    left, right = _entries(lhs), _entries(rhs)
    if len(left) != len(right):
        raise Rejected("explicit entries: the sides have different sizes")
    for a, b in zip(left, right):
        if sympy.cancel(sympy.expand(a - b)) != 0:
            raise Rejected("explicit entries: an entry of lhs - rhs does not cancel")
    checked.append(f"every entry of lhs - rhs cancels with the {sum(len(v) for v in table.values())} matrix entries "
                   "as real unknowns")


__all__ = ["check_explicit_entries"]
