"""Forms of expressions that the scalar prover and its z3 bridge share, in SymPy alone (no z3 is imported here).

* `EXCLUDED`: the marker of a Piecewise branch whose points lie outside the claim's domain
  (written by `cases`, read by the z3 bridge `nlsat`).
* `primitive_exponent(e)`: e = g·key + c with integers g > 0 and c, `key` primitive: the part
  that powers b**e share.
* `exponent_is_integer(e, integers)`: an exponent built from integer symbols with integer
  coefficients is integer-valued.
* `is_rational_polynomial(expr)`: built from symbols and rationals by +, × and positive integer
  powers only (the z3 bridge translates it exactly, with no constraint).

They live apart from `nlsat` so that a claim the prover closes by cancellation (most answer
checks) never imports z3 (nor does a matrix claim whose denominators need no z3).
"""
from __future__ import annotations

import sympy
from sympy import Basic

#: Marks a Piecewise branch whose points lie outside the claim's domain.
EXCLUDED = sympy.Symbol("⊥excluded")


def primitive_exponent(exponent: Basic) -> tuple[Basic, int, int]:
    """exponent = g*key + c with integer c and g (g > 0), `key` primitive: the shared part of b**exponent."""
    const = sum((t for t in sympy.Add.make_args(exponent) if t.is_Integer), sympy.S.Zero)
    rest = sympy.expand(exponent - const)
    coeffs = [sympy.Mul.make_args(t)[0] for t in sympy.Add.make_args(rest)]
    ints = [c for c in coeffs if c.is_Integer]
    if len(ints) == len(coeffs) and ints:
        g = abs(sympy.igcd(*ints)) if len(ints) > 1 else abs(ints[0])
        first = sympy.Add.make_args(rest)[0]
        if sympy.Mul.make_args(first)[0].is_negative:
            g = -g
        return sympy.expand(rest / g), int(g), int(const)
    return rest, 1, int(const)


def exponent_is_integer(exponent: Basic, integers: frozenset) -> bool:
    """An exponent built from integer symbols with integer coefficients is integer-valued."""
    exponent = sympy.expand(exponent)
    if not exponent.free_symbols <= set(integers):
        return False
    try:
        poly = sympy.Poly(exponent, *sorted(exponent.free_symbols, key=str))
    except sympy.PolynomialError:
        return False
    return all(c.is_Integer for c in poly.coeffs())


def is_rational_polynomial(expr: Basic) -> bool:
    """Symbols and rationals under +, × and positive integer powers only: translated exactly, with no constraint."""
    for node in sympy.preorder_traversal(sympy.sympify(expr)):
        if node.is_Symbol or node.is_Rational or node.is_Add or node.is_Mul:
            continue
        if node.is_Pow and node.exp.is_Integer and node.exp > 0:
            continue
        return False
    return True


__all__ = ["EXCLUDED", "primitive_exponent", "exponent_is_integer", "is_rational_polynomial"]
