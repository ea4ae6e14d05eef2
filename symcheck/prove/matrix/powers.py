"""Symbolic exponents: Bᵏ and bᵏ for one integer k ≥ 0.

Owns which symbol is the power variable of a claim (`power_variable`), the least value its
assumptions allow (`power_start`), and reading an exponent as m·k + c (`split_exponent`).
The translator makes Bᵏ a letter commuting with B; `induction` proves the rest. A letter X
that commutes with B by a premise (an assumption AB = BA) commutes with Bᵏ too
(`power_commutations`: XBᵏ = BᵏX follows from XB = BX for every natural k).
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import Inverse, MatMul, MatPow, MatrixExpr

from ...model.problem import Problem
from .ncalg import NCPoly
from .premise import Premise


def exponent_symbols(problem: Problem) -> set:
    """Free symbols of the non-numeric exponents of matrix and scalar powers in the claim."""
    found: set = set()
    for side in (problem.lhs, problem.rhs):
        for node in sympy.preorder_traversal(side):
            if isinstance(node, (MatPow, sympy.Pow)) and not node.args[1].is_number:
                found |= node.args[1].free_symbols
    return found


def power_start(problem: Problem, k: sympy.Symbol) -> int | None:
    """The least value of k the assumptions allow (the largest lower bound they give): 1 for a positive
    integer, 0 for a nonnegative one, c for k ≥ c or k > c − 1; None when k is not a bounded integer."""
    integer = k.is_integer or problem.has_predicate("integer", k)
    if not integer:
        return None
    bounds = []
    if k.is_positive or problem.has_predicate("positive", k):
        bounds.append(1)
    if k.is_nonnegative or problem.has_predicate("nonnegative", k):
        bounds.append(0)
    for rel in problem.relations:
        bound = _lower_bound(rel, k)
        if bound is not None:
            bounds.append(bound)
    return max(bounds) if bounds else None


def _lower_bound(rel, k) -> int | None:
    """c when the relation says k ≥ c (k ≥ c, k > c − 1, c ≤ k, c − 1 < k) for an integer c."""
    if isinstance(rel, (sympy.GreaterThan, sympy.StrictGreaterThan)):
        var, bound, strict = rel.lhs, rel.rhs, isinstance(rel, sympy.StrictGreaterThan)
    elif isinstance(rel, (sympy.LessThan, sympy.StrictLessThan)):
        var, bound, strict = rel.rhs, rel.lhs, isinstance(rel, sympy.StrictLessThan)
    else:
        return None
    if var != k or not bound.is_Integer:
        return None
    return int(bound) + 1 if strict else int(bound)


def power_variable(problem: Problem) -> sympy.Symbol | None:
    """The one exponent symbol k, when it is an integer known to be ≥ 0 (then Bᵏ is a letter commuting with B)."""
    found = exponent_symbols(problem)
    if len(found) != 1:
        return None
    k = next(iter(found))
    start = power_start(problem, k)
    return k if start is not None and start >= 0 else None


def natural_exponent_symbols(problem: Problem) -> frozenset:
    """Every exponent symbol that is an integer known to be ≥ 0 (each Bᵏ of a direct proof is then a letter)."""
    return frozenset(k for k in exponent_symbols(problem)
                     if (start := power_start(problem, k)) is not None and start >= 0)


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


def _is_square(expr) -> bool:
    return sympy.expand(expr.shape[0] - expr.shape[1]) == 0


def _exists_at_k_if_at_k_plus_1(arg, k) -> bool:
    """arg is a product of square factors, each free of k or Bᵐᵏ⁺ᶜ for a square B free of k (m, c ≥ 0)."""
    for factor in (arg.args if isinstance(arg, MatMul) else (arg,)):
        if not isinstance(factor, MatrixExpr) or not factor.has(k):
            if not isinstance(factor, MatrixExpr) and factor.has(k):
                return False
            if isinstance(factor, MatrixExpr) and not _is_square(factor):
                return False
            continue
        if not (isinstance(factor, MatPow) and not factor.base.has(k) and _is_square(factor.base)
                and split_exponent(factor.exp, k) is not None):
            return False
    return True


def inverses_monotone_in(problem: Problem, k) -> bool:
    """Every inverse of the claim that depends on k exists at k when it exists at k + 1 (so the induction
    hypothesis holds wherever the step's claim promises anything): det of a product of square factors
    Bᵢ^(mᵢk + cᵢ)·Cⱼ is nonzero at k + 1 only if each det Bᵢ with a positive exponent is, so at k too."""
    for side in (problem.lhs, problem.rhs):
        for node in sympy.preorder_traversal(side):
            if not node.has(k):
                continue
            if isinstance(node, Inverse) and not _exists_at_k_if_at_k_plus_1(node.arg, k):
                return False
            if isinstance(node, MatPow) and node.exp.is_Integer and node.exp < 0 \
                    and not _exists_at_k_if_at_k_plus_1(node.base, k):
                return False
            if isinstance(node, MatPow) and not node.exp.is_Integer and split_exponent(node.exp, k) is None \
                    and not (split_exponent(-node.exp, k) is not None and not node.base.has(k)
                             and _is_square(node.base)):
                return False   # B^-(mk + c) is the inverse of B^(mk + c)
    return True


def power_commutations(t) -> list:
    """X·P − P·X for each power letter P = Bᵏ and letter X with X·B − B·X (up to sign and transpose) a premise
    or a commutation found so (so Aʲ and Bᵏ commute when AB = BA: Aʲ commutes with B, so with Bᵏ)."""
    granted = set()

    def grant(poly) -> None:
        for q in (poly, poly.transpose(t.alphabet)):
            granted.update({q.key(), (-q).key()})

    for h in t.premises:
        grant(h.poly)
    out: list = []
    found = True
    while found:
        found = False
        for p, base in t.power_base.items():
            power = NCPoly.letter(t.alphabet, p, t.field)
            for x, letter in enumerate(t.alphabet.letters):
                if x == p or letter.rows != base.src or letter.cols != base.src:
                    continue
                X = NCPoly.letter(t.alphabet, x, t.field)
                comm, result = X * base - base * X, X * power - power * X
                if comm.is_zero() or comm.key() not in granted or result.is_zero() or result.key() in granted:
                    continue
                grant(result)
                found = True
                out.append(Premise(result, "power-commutes",
                                   f"{letter.name} commutes with {base.show(t.alphabet)}, so with its power "
                                   f"{t.alphabet[p].name}"))
    return out


__all__ = ["power_commutations", "inverses_monotone_in", "exponent_symbols", "natural_exponent_symbols", "power_start",
           "power_variable", "split_exponent"]
