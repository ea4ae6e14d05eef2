"""Closed claims (`symcheck-ground/1`): identical sides, or exact rational evaluation (no prover code).

An entry that is not rational (log 2, √2 − 1) raises `IrrationalEntry`; the checker then re-derives a closed
scalar claim with its scalar reading (checker._check), as it would a `symcheck-scalar/1` certificate.

A closed claim has no free symbol: it is evaluated entry by entry with SymPy's exact
arithmetic, never with its calculus (a limit, derivative, integral, sum or symcheck
construct in it is rejected), and never for a matrix larger than `MAX_EXPLICIT_ENTRIES`.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import MatrixExpr

from ..model import relations
from .ncpoly import Rejected
from .normal import MAX_EXPLICIT_ENTRIES
from .view import ClaimView


def explicit_size_ok(expr) -> bool:
    """Every matrix in expr has a numeric shape with at most MAX_EXPLICIT_ENTRIES entries."""
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, (MatrixExpr, sympy.MatrixBase)):
            rows, cols = (sympy.sympify(d) for d in node.shape)
            if not (rows.is_Integer and cols.is_Integer and 0 <= rows * cols <= MAX_EXPLICIT_ENTRIES):
                return False
    return True


# a kind this checker once read, now rejected with a message saying what replaced it (docs/certificates.md)
RETIRED_EXPLICIT_ENTRIES = "explicit entries"

# evaluated by SymPy's calculus, not by arithmetic: a closed claim holding one is not evaluated by the checker
CALCULUS = (sympy.Limit, sympy.Derivative, sympy.Integral, sympy.Sum, sympy.Product)


class IrrationalEntry(Rejected):
    """A closed claim's entry is not a rational number (log 2, √2): rational arithmetic cannot compare it."""


def _exact_value(side) -> list:
    """The entries of a closed side as exact rationals (a scalar is one entry); Rejected otherwise."""
    if isinstance(side, sympy.Basic) and not explicit_size_ok(side):
        raise Rejected(f"the closed claim has a matrix with more than {MAX_EXPLICIT_ENTRIES} entries")
    if isinstance(side, sympy.Basic) and (side.has(*CALCULUS) or any(
            type(node).__module__.startswith("symcheck") for node in sympy.preorder_traversal(side))):
        raise Rejected("the closed claim has a limit, derivative, sum or construct: the checker evaluates "
                       "arithmetic only")
    value = side.doit() if isinstance(side, sympy.Basic) else sympy.sympify(side)
    if isinstance(value, (MatrixExpr, sympy.MatrixBase)):
        value = sympy.ImmutableMatrix(value.as_explicit() if isinstance(value, MatrixExpr) else value)
        entries = list(value)
    else:
        entries = [value]
    out = []
    for e in entries:
        e = sympy.expand(e)
        if not e.is_Rational:
            raise IrrationalEntry(f"the closed claim has the entry {e}, which the checker cannot compare exactly")
        out.append(e)
    return out


def check_ground(cert: dict, view: ClaimView, checked: list) -> None:
    """The claim's sides are the same expression under a reflexive relation, or it is closed and evaluates true."""
    if cert.get("kind") == "identical sides":
        if view.relation not in ("==", "<=", ">=") or view.lhs != view.rhs:
            raise Rejected("the claim's sides are not identical under a reflexive relation")
        checked.append("both sides are the same expression")
        return
    if cert.get("kind") == RETIRED_EXPLICIT_ENTRIES:
        raise Rejected("the ground kind 'explicit entries' is retired: claims of numeric sizes are proved by the "
                       "'explicit sizes' reduction (symcheck-reduction/1); write the certificate again with "
                       "`symcheck run --certificates DIR`")
    free = [e for e in (view.lhs, view.rhs) if isinstance(e, sympy.Basic) and
            (e.free_symbols or e.atoms(sympy.MatrixSymbol))]
    if cert.get("kind") != "exact evaluation" or free:
        raise Rejected("a ground certificate for a claim with free symbols")
    left, right = _exact_value(view.lhs), _exact_value(view.rhs)
    if len(left) != len(right):
        raise Rejected("the closed sides have different sizes")
    if view.relation in ("==", "!="):
        holds = (left == right) if view.relation == "==" else (left != right)
    else:
        holds = len(left) == 1 and relations.holds(view.relation, left[0], right[0])
    if not holds:
        raise Rejected("exact evaluation does not give the relation")
    checked.append("the closed claim evaluated exactly with rational arithmetic")


__all__ = ["check_ground", "explicit_size_ok", "IrrationalEntry", "CALCULUS", "MAX_EXPLICIT_ENTRIES"]
