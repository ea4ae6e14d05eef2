"""The scalar prover's reading of logarithms: log u as a sum of logs of u's factors (SymPy alone).

Owns `expand_logs(expr)`. Where log u is real at all, u > 0, so log u = log|u|, and for u written as
c · Π fᵢ^eᵢ (c a rational number, fᵢ the other factors of u's numerator and denominator, eᵢ integers)

    log u = Σ eₚ·log p (the primes p of |c|) + Σ eᵢ·log|fᵢ|,   with log|exp(t)| = t for real t.

So log(a²) is 2·log|a|, log(1/(1 + e^(−a))) is a − log(e^a + 1) and log(6x) is log 2 + log 3 + log x
(for a positive x): sides that differ only by these laws cancel. A factor whose sign SymPy knows to be
positive keeps its plain log (log x, not log|x|, for a positive x).

The rewrite is *only* sound where u > 0: the engine keeps each original argument's domain requirement
(`requirements` of the sides as written) and proves it, never assumes it; the rewritten sides alone
would ask less (fᵢ ≠ 0). A log with a base, of a non-real or nested-log argument, or whose argument has
a fractional or symbolic power among its factors, is left as it is. The independent checker reads logs
the same way with its own code (`certify/logs.py`).
"""
from __future__ import annotations

import sympy
from sympy import Basic

MAX_PRIME_DIGITS = 30  # rationals inside logs are split over their primes up to this size


def expand_logs(expr: Basic) -> Basic:
    """expr with each log u (innermost first) written as the sum over u's factors described above."""
    if not isinstance(expr, Basic) or not expr.has(sympy.log):
        return expr
    if isinstance(expr, sympy.log):
        return _expanded(expr.func(*[expand_logs(a) for a in expr.args]))
    if not expr.args:
        return expr
    args = [expand_logs(a) for a in expr.args]
    return expr if all(a is b for a, b in zip(args, expr.args)) else expr.func(*args)


def _expanded(node: Basic) -> Basic:
    if not isinstance(node, sympy.log) or len(node.args) != 1:
        return node
    terms = _terms(node.args[0])
    return node if terms is None else sympy.Add(*terms)


def _terms(u: Basic) -> list | None:
    """[e·log|f| ...] for u = Π f^e, or None when u is not read (left as log u)."""
    if u.has(sympy.log) or u.is_extended_real is False:
        return None
    # exp(b − a) as exp(b)·exp(−a) first, so that together() puts exp(a) in the denominator
    numer, denom = sympy.fraction(sympy.together(sympy.expand(u, power_exp=True, mul=False, multinomial=False,
                                                              power_base=False, log=False, basic=False)))
    terms: list = []
    for part, sign in ((numer, 1), (denom, -1)):
        for factor in sympy.Mul.make_args(part):
            base, exponent = factor.as_base_exp() if isinstance(factor, sympy.Pow) else (factor, sympy.S.One)
            if not exponent.is_Integer:
                return None
            k = sign * int(exponent)
            if base.is_Rational:
                split = _prime_logs(abs(base))
                if split is None:
                    return None
                terms += [k * t for t in split]
            elif isinstance(base, sympy.exp):
                if base.args[0].is_extended_real is not True:
                    return None
                terms.append(k * base.args[0])
            else:
                if isinstance(base, sympy.Abs):
                    base = base.args[0]
                if base.could_extract_minus_sign():
                    base = -base
                terms.append(k * (sympy.log(base) if base.is_positive is True else sympy.log(sympy.Abs(base))))
    if len(terms) == 1 and terms[0] == sympy.log(u):
        return None
    return terms


def _prime_logs(c: sympy.Rational) -> list | None:
    """log c for a positive rational c, as Σ e·log p over its primes (None when too large to factor)."""
    if len(str(c.p)) > MAX_PRIME_DIGITS or len(str(c.q)) > MAX_PRIME_DIGITS:
        return None
    out = []
    for number, sign in ((int(c.p), 1), (int(c.q), -1)):
        for prime, e in sympy.factorint(number).items():
            out.append(sign * e * sympy.log(sympy.Integer(prime)))
    return out


__all__ = ["expand_logs", "MAX_PRIME_DIGITS"]
