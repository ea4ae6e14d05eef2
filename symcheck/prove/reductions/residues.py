"""Periodic trigonometric values of an integer variable: a case split on k modulo the period.

A claim with sin(a·π·k + b·π) or cos(a·π·k + b·π) (a, b rational, k an integer symbol that is
nonnegative or positive, the only symbol of the argument, and k in no assumption) holds for
every such k exactly when it holds for k = M·q + r for each residue r = 0 .. M − 1 and every
integer q with M·q + r in k's range, M the least common period (a·M an even integer for every
such argument, M ≤ 12). In each case the trigonometric value is a number:
f(a·π·(M·q + r) + b·π) = f(a·π·r + b·π), since a·M·q is an even integer and sin, cos have
period 2π; SymPy evaluates the number (cos(π/2) = 0, ...). The obligations are the claim at
k = M·q + r with q the fresh integer symbol `<k>_q` (q ≥ 0, or q ≥ 1 when M·q + r ≥ 1 needs
it); matrix powers B^(M·q + r) are then proved by induction on q. The checker derives the
same obligations with its own code (`certify/residues.py`).
"""
from __future__ import annotations

import math

import sympy

from ...model.problem import Problem
from ...model.show import show
from .. import Reduced

NAME = "integer residues (periodic sin, cos)"
MAX_MODULUS = 12
TRIG = (sympy.sin, sympy.cos)


def _linear_in_pi(arg, k):
    """(a, b) with arg = a·π·k + b·π, a ≠ 0 and a, b rational; else None."""
    arg = sympy.expand(arg)
    a = arg.coeff(k, 1)
    b = sympy.expand(arg - a * k)
    a, b = sympy.nsimplify(a / sympy.pi), sympy.nsimplify(b / sympy.pi)
    if b.has(k) or not (a.is_Rational and b.is_Rational) or a == 0:
        return None
    if sympy.expand(a * sympy.pi * k + b * sympy.pi - arg) != 0:
        return None
    return a, b


def periodic_variable(lhs, rhs, assumptions) -> tuple | None:
    """(k, M, least value of k) for a claim whose sin/cos arguments are a·π·k + b·π; None otherwise."""
    nodes = [n for side in (lhs, rhs) for n in sympy.preorder_traversal(side) if type(n) in TRIG]
    if not nodes:
        return None
    free = set().union(*(n.args[0].free_symbols for n in nodes))
    if len(free) != 1:
        return None
    k = free.pop()
    if not (k.is_integer and k.is_nonnegative):
        return None
    if any(isinstance(a, sympy.Basic) and a.has(k) for a in assumptions):
        return None
    period = 1
    for node in nodes:
        found = _linear_in_pi(node.args[0], k)
        if found is None:
            return None
        period = math.lcm(period, int(sympy.denom(found[0] / 2)))
    if not 2 <= period <= MAX_MODULUS:
        return None
    return k, period, 1 if k.is_positive else 0


def residue_case(expr, k, period: int, r: int, q):
    """expr at k = period·q + r, every sin/cos of a·π·k + b·π replaced by its value at k = r."""
    def value(node):
        a, b = _linear_in_pi(node.args[0], k)
        return type(node)(a * sympy.pi * r + b * sympy.pi)
    nodes = {n for n in sympy.preorder_traversal(expr) if type(n) in TRIG}
    expr = expr.xreplace({n: value(n) for n in nodes})
    return expr.xreplace({k: period * q + r})


def quotient_symbol(k, r: int, least: int):
    """The fresh q of the case k = M·q + r: an integer ≥ 0, or ≥ 1 when r is below k's least value."""
    return sympy.Symbol(f"{k.name}_q", integer=True, positive=True) if r < least else \
        sympy.Symbol(f"{k.name}_q", integer=True, nonnegative=True)


class ResidueReduction:
    """sin/cos of a rational multiple of π·k: one obligation per residue of k."""

    name = NAME

    def reduce(self, problem: Problem, deadline: float) -> Reduced | None:
        """The claim at k = M·q + r for r = 0 .. M − 1; None without such trigonometric values."""
        found = periodic_variable(problem.lhs, problem.rhs, problem.assumptions)
        if found is None:
            return None
        k, period, least = found
        taken = {str(s) for s in problem.matrix_symbols | problem.scalar_symbols | problem.dims}
        if f"{k.name}_q" in taken or least > 1:
            return None
        obligations, steps = [], []
        for r in range(period):
            q = quotient_symbol(k, r, least)
            lhs = residue_case(problem.lhs, k, period, r, q)
            rhs = residue_case(problem.rhs, k, period, r, q)
            obligations.append(Problem.build(lhs, rhs, problem.relation, list(problem.assumptions),
                                             problem.layout, problem.name))
            steps.append(f"{k} = {period}*{q} + {r}: {show(lhs)} = {show(rhs)}")
        return Reduced(obligations, steps, {"lhs": sympy.srepr(problem.lhs), "rhs": sympy.srepr(problem.rhs),
                                            "variable": k.name, "modulus": period})


__all__ = ["ResidueReduction", "NAME", "periodic_variable", "residue_case", "quotient_symbol"]
