"""Symbolic exponents: Bᵏ and bᵏ for one integer k ≥ 0.

Owns which symbol is the power variable of a claim (`power_variable`), the least value its
assumptions allow (`power_start`), and reading an exponent as m·k + c (`split_exponent`).
The translator makes Bᵏ a letter commuting with B; `induction` proves the rest.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import MatPow

from ...model.problem import Problem


def exponent_symbols(problem: Problem) -> set:
    """Free symbols of the non-numeric exponents of matrix and scalar powers in the claim."""
    found: set = set()
    for side in (problem.lhs, problem.rhs):
        for node in sympy.preorder_traversal(side):
            if isinstance(node, (MatPow, sympy.Pow)) and not node.args[1].is_number:
                found |= node.args[1].free_symbols
    return found


def power_start(problem: Problem, k: sympy.Symbol) -> int | None:
    """The least value of k the assumptions allow: 0 (nonnegative integer), 1 (positive), a bound k ≥ c."""
    integer = k.is_integer or problem.has_predicate("integer", k)
    if not integer:
        return None
    if k.is_nonnegative or problem.has_predicate("nonnegative", k):
        return 0
    if k.is_positive or problem.has_predicate("positive", k):
        return 1
    for rel in problem.relations:
        if isinstance(rel, sympy.GreaterThan) and rel.lhs == k and rel.rhs.is_Integer and rel.rhs >= 0:
            return int(rel.rhs)
        if isinstance(rel, sympy.StrictGreaterThan) and rel.lhs == k and rel.rhs.is_Integer and rel.rhs >= -1:
            return int(rel.rhs) + 1
    return None


def power_variable(problem: Problem) -> sympy.Symbol | None:
    """The one exponent symbol k, when it is an integer known to be ≥ 0 (then Bᵏ is a letter commuting with B)."""
    found = exponent_symbols(problem)
    if len(found) != 1:
        return None
    k = next(iter(found))
    start = power_start(problem, k)
    return k if start is not None and start >= 0 else None


def split_exponent(exp, var) -> tuple | None:
    """(m, c) with exp = m·var + c, m ≥ 1 and c ≥ 0 integers; None otherwise."""
    if var is None:
        return None
    exp = sympy.expand(exp)
    m = exp.coeff(var, 1)
    c = sympy.expand(exp - m * var)
    if m.is_Integer and c.is_Integer and m >= 1 and c >= 0:
        return int(m), int(c)
    return None


__all__ = ["exponent_symbols", "power_start", "power_variable", "split_exponent"]
