"""The hyperbolic functions written with exp: one table for the scalar prover, the refuter's exact
zero test and the element-wise functions' normal form.

Owns `HYPERBOLIC` (tanh, sinh, cosh, sech, csch, coth), `has_hyperbolic(*exprs)` and `by_exp(expr)`:
each hyperbolic function of u replaced by its definition with exp(u) and exp(−u) (sinh u =
(eᵘ − e⁻ᵘ)/2, tanh u = (eᵘ − e⁻ᵘ)/(eᵘ + e⁻ᵘ), csch u = 2/(eᵘ − e⁻ᵘ), ...). Each is an identity of
real functions wherever the function is defined (csch and coth are not at u = 0, where their
rewritten denominator eᵘ − e⁻ᵘ is 0, which the scalar prover's domain rule excludes as an inverse
of 0), so a proof of the rewritten claim is a proof of the claim.

The independent checker (`certify/scalar_check.py`) does not use this module: it redoes the rewrite
with its own table of definitions and rejects a certificate whose rewrite differs.
"""
from __future__ import annotations

import sympy

HYPERBOLIC = (sympy.tanh, sympy.sinh, sympy.cosh, sympy.sech, sympy.csch, sympy.coth)
RULE = "hyperbolic functions by their definitions with exp"


def has_hyperbolic(*exprs) -> bool:
    """Does any expression hold tanh, sinh, cosh, sech, csch or coth?"""
    return any(isinstance(e, sympy.Basic) and e.has(*HYPERBOLIC) for e in exprs)


def by_exp(expr):
    """expr with every hyperbolic function written with exp (unchanged when it has none)."""
    if not has_hyperbolic(expr):
        return expr
    return expr.rewrite(list(HYPERBOLIC), sympy.exp)


__all__ = ["HYPERBOLIC", "RULE", "has_hyperbolic", "by_exp"]
