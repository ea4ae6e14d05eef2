"""The checker's own grant of a zero factor from a vanishing Gram form (no prover code).

An assumption Wᵀ·W = 0 (one product), or tr(Wᵀ·W) = 0 (also written ‖W‖_F = 0: a positive
power or positive multiple of the trace), grants W = 0: over the reals tr(WᵀW) = Σᵢⱼ wᵢⱼ²
vanishes only when every entry does, for every size. `gram_zero_grants` finds such
assumptions among the claim's relations and returns the polynomial of W for every split
L·R of the product whose sizes chain (so the split is associativity), whose numeric
coefficient is positive, whose entries are plainly real (no function, fractional power or
imaginary unit inside: a complex W can have WᵀW = 0 and W ≠ 0), and whose left part L
translates to Rᵀ in the checker's own translation.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import HadamardPower, MatMul, MatrixExpr, Trace, ZeroMatrix
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from .ncpoly import Rejected


def _zero(expr) -> bool:
    if isinstance(expr, ZeroMatrix):
        return True
    return not isinstance(expr, MatrixExpr) and expr == 0


def _inner(expr):
    """Strip positive numeric powers and positive numeric factors: e^p = 0 and c·e = 0 say e = 0."""
    for _ in range(20):
        if isinstance(expr, sympy.Pow) and expr.exp.is_number and expr.exp.is_positive:
            expr = expr.base
            continue
        if isinstance(expr, sympy.Mul) and not isinstance(expr, MatrixExpr):
            coeff, rest = expr.as_coeff_Mul()
            if coeff.is_number and coeff.is_positive and rest != expr:
                expr = rest
                continue
        break
    return expr


def _products(rel) -> list:
    """The products the relation makes 0, directly or through their trace."""
    if not isinstance(rel, sympy.Eq):
        return []
    found = []
    for a, b in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
        if _zero(b):
            a = _inner(a)
            a = a.arg if isinstance(a, Trace) else a
            if isinstance(a, MatMul):
                found.append(a)
    return found


def _real_entries(expr) -> bool:
    """No function, fractional (Hadamard) power or imaginary unit inside: real matrices and scalars give real entries."""
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, (sympy.Function, ElementwiseApplyFunction)) or node == sympy.I:
            return False
        if isinstance(node, (sympy.Pow, HadamardPower)) and not node.args[1].is_Integer:
            return False
    return True


def _chained(mats: list) -> bool:
    return all(sympy.expand(u.shape[1] - v.shape[0]) == 0 for u, v in zip(mats, mats[1:]))


def _part(mats: list):
    return mats[0] if len(mats) == 1 else MatMul(*mats)


def gram_zero_grants(t, relations: list) -> list:
    """W's polynomial for every assumption WᵀW = 0 or tr(WᵀW) = 0 (not yet closed under transposition)."""
    out = []
    for rel in relations:
        for prod in _products(rel):
            coeff, mats = prod.as_coeff_matrices()
            if not (coeff.is_number and coeff.is_positive) or len(mats) < 2 or not _chained(mats) \
                    or not _real_entries(prod):
                continue
            for i in range(1, len(mats)):
                left, right = _part(mats[:i]), _part(mats[i:])
                try:
                    w = t.poly(right)
                    lt = t.poly(left)
                except Rejected:
                    continue
                if lt.rows != w.cols or lt.cols != w.rows:
                    continue
                if lt.sub(t.alphabet.transpose(w)).is_zero() and not w.is_zero():
                    out.append(w)
    return out


__all__ = ["gram_zero_grants"]
