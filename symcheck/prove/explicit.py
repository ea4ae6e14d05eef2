"""Equations between matrices of explicit sizes, proved entry by entry.

When every matrix symbol of an equation has a numeric shape (a 3×3 A, a 2×3 single-entry
pattern, a 4×4 shift matrix, or only explicit matrices of scalar symbols, as in a
Vandermonde determinant) and no dimension is symbolic, the claim is a finite family of
scalar identities: each matrix symbol becomes an explicit matrix of fresh real entries,
both sides are evaluated by SymPy's exact arithmetic, and every entry of lhs − rhs must
cancel to 0 as a rational function of the entries and the claim's scalar symbols. The
identity then holds for every real value where both sides are defined (inverses exist),
which is what the claim states; a claim's assumptions only restrict the values, so a proof
without them covers the claim. Nothing is decided otherwise (no refutation here: the exact
counterexample search does that).

The certificate (`symcheck-ground/1`, kind `explicit entries`) names nothing the checker
must trust: `certify.explicit_entries` repeats the substitution and the cancellation.
"""
from __future__ import annotations

import time

import sympy
from sympy.matrices.expressions import MatrixExpr, MatrixSymbol

from ..model.problem import Problem
from ..verdict import Verdict, proved

MAX_ENTRIES = 256                     # entries of all matrix symbols together
CALCULUS = (sympy.Limit, sympy.Derivative, sympy.Integral, sympy.Sum, sympy.Product)


def explicit_form(*sides) -> list | None:
    """The sides with each matrix symbol of numeric shape replaced by one matrix of fresh real entries (the same
    for every side); None if a matrix symbol has a symbolic shape, if there are too many entries, or if a side
    holds calculus or a symcheck construct."""
    symbols = set()
    for expr in sides:
        if not isinstance(expr, sympy.Basic):
            continue
        if expr.has(*CALCULUS) or any(type(node).__module__.startswith("symcheck")
                                      for node in sympy.preorder_traversal(expr)):
            return None
        symbols |= expr.atoms(MatrixSymbol)
    count = 0
    subs = {}
    for m in sorted(symbols, key=lambda s: s.name):
        rows, cols = m.shape
        if not (getattr(rows, "is_Integer", False) and getattr(cols, "is_Integer", False)):
            return None
        count += int(rows) * int(cols)
        if count > MAX_ENTRIES:
            return None
        subs[m] = sympy.ImmutableMatrix(int(rows), int(cols),
                                        lambda i, j, m=m: sympy.Dummy(f"{m.name}[{i},{j}]", real=True))
    return [e.xreplace(subs) if isinstance(e, sympy.Basic) else e for e in sides]


def entries(expr) -> list:
    """The entries of an evaluated side (a scalar is one entry)."""
    value = expr.doit() if isinstance(expr, sympy.Basic) else sympy.sympify(expr)
    if isinstance(value, (MatrixExpr, sympy.MatrixBase)):
        return list(sympy.ImmutableMatrix(value.as_explicit() if isinstance(value, MatrixExpr) else value))
    return [value]


def _has_matrix(*sides) -> bool:
    """Does a side hold a matrix (a matrix symbol or an explicit matrix)? Scalar claims are the scalar prover's."""
    return any(isinstance(node, (MatrixExpr, sympy.MatrixBase)) for side in sides if isinstance(side, sympy.Basic)
               for node in sympy.preorder_traversal(side))


class ExplicitEntriesEngine:
    """Equations whose matrices all have numeric shapes: every entry of lhs − rhs cancels."""
    name = "explicit entries"

    def attempt(self, problem: Problem, deadline: float) -> Verdict | None:
        """proved when every entry cancels; None when the claim is outside this engine or an entry does not."""
        if problem.relation != "==" or problem.dims or not _has_matrix(problem.lhs, problem.rhs):
            return None
        sides = explicit_form(problem.lhs, problem.rhs)
        if sides is None:
            return None
        lhs, rhs = sides
        try:
            left, right = entries(lhs), entries(rhs)
        except Exception:  # noqa: BLE001 - a side SymPy cannot evaluate is simply not decided here
            return None
        if len(left) != len(right):
            return None
        for a, b in zip(left, right):
            if time.monotonic() > deadline:
                return None
            try:
                if sympy.cancel(sympy.expand(a - b)) != 0:
                    return None
            except Exception:  # noqa: BLE001
                return None
        count = sum(int(m.shape[0]) * int(m.shape[1]) for m in problem.matrix_symbols)
        return proved(self.name, f"every entry of lhs - rhs cancels to 0 ({len(left)} entries, the matrices' "
                                 f"{count} entries as real unknowns)",
                      {"format": "symcheck-ground/1", "kind": "explicit entries",
                       "lhs": sympy.srepr(problem.lhs), "rhs": sympy.srepr(problem.rhs)})


__all__ = ["ExplicitEntriesEngine", "explicit_form", "entries", "MAX_ENTRIES"]
