"""The checker's own rule for limits in an exponent: c·Bᵏ as k → +∞ (no prover code).

A scalar whose factors are free of k or powers bᵢᵏ (bᵢ free of k) is c·Bᵏ with B = Π bᵢ —
for an integer k always, for a real k only where every bᵢ > 0 (a condition). A factor d⁻ᵏ is
read as (1/d)ᵏ with the condition d ≠ 0. Then

* c·Bᵏ → 0 when 1 − |B| > 0 (`zero_conditions`);
* `Limit(c·Bᵏ, k, oo) == oo` holds when B − 1 > 0 and c > 0, `== -oo` when B − 1 > 0 and
  −c > 0 (`infinite_side`): an infinite value is compared only as a whole side.

Conditions are `(expression, relation)` meaning `expression relation 0`.
"""
from __future__ import annotations

import sympy


def parts(f, k):
    """(c, [bᵢ], conditions) with f = c·Π bᵢᵏ and c, bᵢ free of k; None otherwise."""
    coefficient, bases, conditions = [], [], []
    for factor in sympy.Mul.make_args(sympy.sympify(f)):
        if not factor.has(k):
            coefficient.append(factor)
        elif factor.is_Pow and factor.exp == k and not factor.base.has(k):
            bases.append(factor.base)
        elif factor.is_Pow and factor.exp == -k and not factor.base.has(k):
            bases.append(1 / factor.base)
            conditions.append((factor.base, "!="))
        else:
            return None
    if not bases:
        return None
    if not k.is_integer:
        conditions += [(b, ">") for b in bases]
    return sympy.Mul(*coefficient), bases, conditions


def zero_conditions(f, k) -> list | None:
    """The conditions under which c·Bᵏ → 0 as k → +∞; None when f is not of that form."""
    found = parts(f, k)
    if found is None:
        return None
    _c, bases, conditions = found
    return [*conditions, (1 - sympy.Abs(sympy.Mul(*bases)), ">")]


def infinite_side(lhs, rhs, relation: str) -> list | None:
    """For `Limit(c·Bᵏ, k, oo) == ±oo` (either way round): the conditions under which it holds; else None."""
    if relation != "==":
        return None
    for limit, other in ((lhs, rhs), (rhs, lhs)):
        if not (isinstance(limit, sympy.Limit) and other in (sympy.oo, -sympy.oo)):
            continue
        body, k, point = limit.args[0], limit.args[1], limit.args[2]
        if point != sympy.oo or not isinstance(k, sympy.Symbol):
            return None
        found = parts(body, k)
        if found is None:
            return None
        c, bases, conditions = found
        sign = 1 if other == sympy.oo else -1
        return [*conditions, (sympy.Mul(*bases) - 1, ">"), (sign * c, ">")]
    return None


__all__ = ["parts", "zero_conditions", "infinite_side"]
