"""The checker's own case split for periodic sin, cos of an integer variable (no prover code).

For a claim whose every sin/cos argument is a·π·k + b·π (a ≠ 0, b rational; k the argument's
only symbol, an integer declared nonnegative or positive, in no assumption), with M the least
positive integer making a·M even for every argument (M ≤ 12): every allowed k is M·q + r for
one residue r in 0 .. M − 1 and an integer q ≥ 0 (q ≥ 1 when r = 0 and k ≥ 1), and there
f(a·π·(M·q + r) + b·π) = f(a·π·r + b·π) (period 2π), a number SymPy evaluates. `residue_cases`
returns the claim in each case; together they are the claim.
"""
from __future__ import annotations

import math

import sympy

from .ncpoly import Rejected

MAX_MODULUS = 12
FUNCTIONS = (sympy.sin, sympy.cos)


def _coefficients(arg, k):
    """(a, b) with arg = π·(a·k + b), a ≠ 0, a and b rational, checked by expanding; else None."""
    scaled = sympy.expand(arg / sympy.pi)
    a, b = scaled.coeff(k, 1), sympy.expand(scaled - scaled.coeff(k, 1) * k)
    if not (a.is_Rational and b.is_Rational) or a == 0:
        return None
    if sympy.expand(sympy.pi * (a * k + b) - arg) != 0:
        return None
    return a, b


def residue_cases(view) -> tuple:
    """(k, M, [(r, q, lhs, rhs)]) for the claim split on k mod M (see the module docstring)."""
    sides = sympy.sympify(view.lhs), sympy.sympify(view.rhs)
    found = [node for side in sides for node in sympy.preorder_traversal(side)
             if type(node) in FUNCTIONS]   # SymPy's own sin, cos (not a subclass a claim defines)
    if not found:
        raise Rejected("the claim has no sin or cos to split on")
    symbols = set().union(*(node.args[0].free_symbols for node in found))
    if len(symbols) != 1:
        raise Rejected("the sin/cos arguments are not in exactly one variable")
    k = symbols.pop()
    if not (k.is_integer and k.is_nonnegative):
        raise Rejected(f"{k} is not declared a nonnegative integer")
    assumptions = [*view.relations, *[a for _, args in view.predicates for a in args]]
    if any(isinstance(a, sympy.Basic) and a.has(k) for a in assumptions):
        raise Rejected(f"{k} occurs in an assumption")
    modulus, values = 1, {}
    for node in found:
        ab = _coefficients(node.args[0], k)
        if ab is None:
            raise Rejected(f"{sympy.sstr(node)} is not sin/cos of a rational multiple of pi times {k}, plus one of pi")
        values[node] = ab
        modulus = math.lcm(modulus, int((ab[0] / 2).q))
    if not 2 <= modulus <= MAX_MODULUS:
        raise Rejected(f"a period of {modulus} is outside what the checker splits")
    least = 1 if k.is_positive else 0
    cases = []
    for r in range(modulus):
        q = sympy.Symbol(f"{k.name}_q", integer=True, **({"positive": True} if r < least else {"nonnegative": True}))
        at = {node: type(node)(sympy.pi * (a * r + b)) for node, (a, b) in values.items()}
        lhs, rhs = (side.xreplace(at).xreplace({k: modulus * q + r}) for side in sides)
        cases.append((r, q, lhs, rhs))
    return k, modulus, cases


__all__ = ["residue_cases"]
