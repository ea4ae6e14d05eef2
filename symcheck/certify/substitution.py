"""The checker's own elimination of a scalar by an assumed equation (no prover code).

The certificate names a scalar s; the checker itself finds an assumption Eq(a, b) with
a − b = c·s + r (c a nonzero rational number, r free of s, checked by expanding
a − b − c·s − r to 0), so s = −r/c wherever the claim is asserted, and writes the
obligation: the claim with s = −r/c on both sides, granted the claim's relations with
s = −r/c (they hold at every such point too). Claims with a construct that binds a
variable (derivative, limit, integral, sum, expectation, argmin) are rejected: there the
substitution could change what is differentiated or averaged. s must not be a dimension.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import MatrixExpr, MatrixSymbol

from ..model.constructs import Expectation, MatrixExpectation, Optimum
from .ncpoly import Rejected

BINDING = (sympy.Derivative, sympy.Limit, sympy.Integral, sympy.Subs, sympy.Sum, sympy.Product, sympy.Lambda,
           Expectation, MatrixExpectation, Optimum)


def value_from(equation, s):
    """−r/c when a − b = c·s + r for the equation Eq(a, b) (c a nonzero rational, r free of s); else None."""
    if not isinstance(equation, sympy.Equality) or equation.has(MatrixExpr):  # scalar equations only
        return None
    difference = sympy.expand(equation.lhs - equation.rhs)
    c = difference.coeff(s, 1)
    r = difference.xreplace({s: sympy.S.Zero})
    if not (c.is_Rational and c != 0) or r.has(s) or sympy.expand(difference - c * s - r) != 0:
        return None
    return -r / c


def elimination(view, name) -> tuple:
    """(s, value, relations granted with s = value) for the scalar the certificate names; Rejected otherwise."""
    if not isinstance(name, str):
        raise Rejected("the substitution names no scalar")
    everything = [view.lhs, view.rhs, *view.relations, *[a for _, args in view.predicates for a in args]]
    if any(isinstance(e, sympy.Basic) and e.has(*BINDING) for e in everything):
        raise Rejected("a claim with a bound variable (derivative, limit, expectation, ...) is outside substitution")
    sides = set()
    for e in (view.lhs, view.rhs):
        if isinstance(e, sympy.Basic):
            sides |= {x for x in e.free_symbols if isinstance(x, sympy.Symbol)}
    found = [x for x in sides if x.name == name]
    if len(found) != 1:
        raise Rejected(f"the claim has no scalar {name!r} to eliminate")
    s = found[0]
    dims = set()
    for e in everything:
        if isinstance(e, sympy.Basic):
            for m in e.atoms(MatrixSymbol):
                for d in m.shape:
                    dims |= sympy.sympify(d).free_symbols
    if s in dims:
        raise Rejected(f"{name} is a dimension")
    for rel in view.relations:
        value = value_from(rel, s)
        if value is not None:
            granted = [new for new in (r.xreplace({s: value}) for r in view.relations if r.has(s))
                       if new is not sympy.true]
            return s, value, tuple(granted)
    raise Rejected(f"no assumed equation is linear in {name} with a constant coefficient")


__all__ = ["elimination", "value_from"]
