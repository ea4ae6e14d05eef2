"""Scalar equations among the assumptions: eliminate a scalar by substitution.

An assumption Eq(a, b) whose difference a − b is c·s + r for a scalar symbol s of the claim,
c a nonzero rational number and r free of s, says s = −r/c wherever the claim is asserted.
The obligation is the claim with s replaced by −r/c on both sides, under the claim's
assumptions with the equations written with s = −r/c too (the other assumptions as they
are, and also so written): at every point where the claim is asserted all of them hold and
the two sides are the same numbers. So a mixture's weights with ρ₁ + ρ₂ = 1 become ρ₁ and 1 − ρ₁, and the
provers, which read no scalar equations, see a plain identity.

The symbol eliminated is the last in SymPy's sort order that qualifies (ρ₂ for ρ₁ + ρ₂ = 1);
it must occur in a side of the claim and not be a dimension. A claim with a construct that
binds a variable (a derivative, limit, integral, expectation, argmin) is declined: there
s might be the variable, and the substitution would change what is differentiated. Their
reductions go first, and their obligations come back here. The checker re-derives the
obligation with its own code (`certify/substitution.py`), taking only the symbol's name
from the certificate.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import MatrixExpr

from ...model.constructs import Expectation, MatrixExpectation, Optimum
from ...model.problem import Problem
from ...model.show import show
from .. import Reduced

NAME = "scalar equations (substitution)"
BINDING = (sympy.Derivative, sympy.Limit, sympy.Integral, sympy.Subs, sympy.Sum, sympy.Product, sympy.Lambda,
           Expectation, MatrixExpectation, Optimum)


def solved_for(equation, s):
    """−r/c when equation is Eq(a, b) with a − b = c·s + r (c a nonzero rational, r free of s); else None."""
    if not isinstance(equation, sympy.Equality) or equation.has(MatrixExpr):  # scalar equations only
        return None
    difference = sympy.expand(equation.lhs - equation.rhs)
    c = difference.coeff(s, 1)
    rest = difference.xreplace({s: sympy.S.Zero})
    if not (c.is_Rational and c != 0) or rest.has(s):
        return None
    if sympy.expand(difference - c * s - rest) != 0:  # s only linearly, never inside a function or power
        return None
    return -rest / c


def elimination(problem: Problem):
    """(s, value) for the symbol to eliminate, or None."""
    in_sides = (problem.lhs.free_symbols | problem.rhs.free_symbols) & set(problem.scalar_symbols)
    candidates = sorted(in_sides - set(problem.dims), key=sympy.default_sort_key, reverse=True)
    for equation in problem.relations:
        for s in candidates:
            value = solved_for(equation, s)
            if value is not None:
                return s, value
    return None


def substituted_relations(relations, s, value) -> list:
    """The relations with s replaced by its value, those that become trivially true left out."""
    out = []
    for rel in relations:
        if not rel.has(s):
            continue
        new = rel.xreplace({s: value})
        if new is not sympy.true:
            out.append(new)
    return out


class ScalarEquationReduction:
    """s = −r/c from an assumption c·s + r = 0, substituted into both sides."""

    name = NAME

    def reduce(self, problem: Problem, deadline: float) -> Reduced | None:
        """The claim with one scalar eliminated; None without a usable scalar equation."""
        if not any(isinstance(r, sympy.Equality) for r in problem.relations):
            return None
        if any(isinstance(e, sympy.Basic) and e.has(*BINDING) for e in (problem.lhs, problem.rhs, *problem.assumptions)):
            return None
        found = elimination(problem)
        if found is None:
            return None
        s, value = found
        lhs, rhs = problem.lhs.xreplace({s: value}), problem.rhs.xreplace({s: value})
        # every assumption holds where the claim is asserted, and so does each with s = value; the equations
        # are kept only so substituted (free of s: s never comes back, so the eliminations end)
        kept = [a for a in problem.assumptions if not (isinstance(a, sympy.Equality) and a.has(s))]
        assume = kept + substituted_relations(problem.relations, s, value)
        obligation = Problem.build(lhs, rhs, problem.relation, assume, problem.layout, problem.name)
        step = f"{s} = {show(value)} by the assumption, substituted into both sides and the assumptions"
        return Reduced([obligation], [step], {"symbol": s.name, "value": sympy.srepr(value)})


__all__ = ["ScalarEquationReduction", "NAME", "solved_for", "elimination", "substituted_relations"]
