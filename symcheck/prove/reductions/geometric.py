"""Limits in an exponent: c·Bᵏ as k → ∞ (geometric sequences), for the `LimitReduction`.

A scalar f whose factors are either free of k or powers bᵢᵏ (bᵢ free of k) is c·Bᵏ with
B = Π bᵢ (for an integer k always; for a real k the powers are real only for bᵢ > 0, which
then become obligations). A factor b⁻ᵏ (SymPy's form of (1/b)ᵏ) is (1/b)ᵏ, with the obligation
b ≠ 0. As k → +∞:

* Bᵏ → 0 when |B| < 1, so c·Bᵏ → 0 (`geometric_zero`), obligation 1 − |B| > 0;
* c·Bᵏ → +∞ when B > 1 and c > 0, and → −∞ when B > 1 and c < 0 (`geometric_infinity`),
  obligations B − 1 > 0 and ±c > 0.

Each obligation is written `expression relation 0` (as the independent checker derives it).
An infinite value is only ever compared as a whole side of an equation: `Limit(...) == oo`.
"""
from __future__ import annotations

import sympy

from ...model.problem import Problem
from ...model.show import show


def geometric_parts(f, k) -> tuple | None:
    """(c, [b₁, ...], [d₁, ...]) with f = c·Π bᵢᵏ, c and bᵢ free of k, where every factor dⱼ⁻ᵏ of f
    was read as (1/dⱼ)ᵏ (so dⱼ ≠ 0 is needed); None for any other form."""
    coefficient, bases, inverted = [], [], []
    for factor in sympy.Mul.make_args(sympy.sympify(f)):
        if not factor.has(k):
            coefficient.append(factor)
        elif isinstance(factor, sympy.Pow) and factor.exp == k and not factor.base.has(k):
            bases.append(factor.base)
        elif isinstance(factor, sympy.Pow) and factor.exp == -k and not factor.base.has(k):
            bases.append(1 / factor.base)
            inverted.append(factor.base)
        else:
            return None
    if not bases:
        return None
    return sympy.Mul(*coefficient), bases, inverted


def _defined(problem: Problem, inverted) -> list:
    """Every base d of a factor d⁻ᵏ is nonzero: obligations."""
    return [problem.with_sides(d, sympy.S.Zero, "!=") for d in inverted]


def _real_powers(problem: Problem, k, bases) -> list:
    """For a real (not integer) exponent, bᵢᵏ is real only for bᵢ > 0: obligations."""
    if k.is_integer:
        return []
    return [problem.with_sides(b, sympy.S.Zero, ">") for b in bases]


def geometric_zero(problem: Problem, f, k) -> list | None:
    """The obligations under which lim_{k→∞} f = 0 by |B| < 1, or None when f is not c·Bᵏ."""
    parts = geometric_parts(f, k)
    if parts is None:
        return None
    _c, bases, inverted = parts
    base = sympy.Mul(*bases)
    return [*_defined(problem, inverted), *_real_powers(problem, k, bases),
            problem.with_sides(1 - sympy.Abs(base), sympy.S.Zero, ">")]


def geometric_infinity(problem: Problem, f, k, sign: int) -> list | None:
    """The obligations under which lim_{k→∞} f = sign·∞ by B > 1 and sign·c > 0, or None."""
    parts = geometric_parts(f, k)
    if parts is None:
        return None
    c, bases, inverted = parts
    base = sympy.Mul(*bases)
    return [*_defined(problem, inverted), *_real_powers(problem, k, bases),
            problem.with_sides(base - 1, sympy.S.Zero, ">"),
            problem.with_sides(sign * c, sympy.S.Zero, ">")]


def infinite_limit(problem: Problem) -> tuple | None:
    """(obligations, step) when the claim is `Limit(f, k, oo) == ±oo` with f = c·Bᵏ, else None."""
    if problem.relation != "==":
        return None
    for limit, other in ((problem.lhs, problem.rhs), (problem.rhs, problem.lhs)):
        if not (isinstance(limit, sympy.Limit) and other in (sympy.oo, -sympy.oo)):
            continue
        body, k, point = limit.args[0], limit.args[1], limit.args[2]
        if point != sympy.oo or str(limit.args[3]) not in ("+", "-"):
            return None
        sign = 1 if other == sympy.oo else -1
        obligations = geometric_infinity(problem, body, k, sign)
        if obligations is None:
            return None
        return obligations, f"{show(body)} = c·B^{k} with B > 1 and {'c > 0' if sign > 0 else 'c < 0'}: " \
                            f"it tends to {'+' if sign > 0 else '-'}∞"
    return None


__all__ = ["geometric_parts", "geometric_zero", "geometric_infinity", "infinite_limit"]
