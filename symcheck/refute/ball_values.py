"""Rigorous balls: the values that are not rational, as the cross-check of a proof and the exact sign test see them.

Owns `PRECISION` and `working_precision(bits)` (the bits every ball operation keeps), `ball(x)` (an exact
rational as a ball), `CONSTANTS` (π, e) and `ELEMENTARY`: for each real function evaluated on balls
(exp, log; sin, cos, tan, cot, sec, csc; asin, acos, atan, acot; sinh, cosh, tanh, coth, sech, csch;
asinh, acosh, atanh, acoth), its value, its slope and its curvature (the first and second
derivatives, for `fast_derivative`'s tangents) and its real domain (`require_domain`: log needs a
positive argument, acosh one ≥ 1, atanh one in (−1, 1), asin and acos one in [−1, 1], acoth one
outside [−1, 1], coth, csch, cot, csc and acot a nonzero one; an argument whose ball is not wholly
inside is NotCovered, so the general path says the value is undefined or undecided, never a ball of
something that is not a real number), and `real_power(base, exponent)` for a power that is not rational.

Two readers share the table, so each function has one evaluation on balls: the fast path in ball mode
(`fast_eval`, `fast_derivative`: only the cross-check of a proof) and `exact.sign_of`, which encloses a
closed real constant (tanh(1)² − 1, π − 355/113) at increasing precisions and takes its sign only from
a ball that excludes 0.

A ball is a python-flint `arb` (or an `arb_mat` of them): an interval that rigorously contains the
exact value, its radius growing with every rounding. What it decides is exact: a ball that excludes
0 has the sign of the exact value (`flint_values.sign`). A ball that holds 0 decides nothing; only
the cross-check of a proof may read such a comparison as "held" (`refute.check`), never the
refuter's own search, and a counterexample is only ever confirmed by the general exact evaluator.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, NamedTuple

import sympy

from .flint_values import NotCovered, arb, sign

PRECISION = 128  # bits of every ball operation: far more than the claims' cancellations need


@contextmanager
def working_precision(bits: int = PRECISION):
    """Every ball operation inside works at `bits` bits (python-flint's precision is one global setting)."""
    from flint import ctx

    saved = ctx.prec
    ctx.prec = bits
    try:
        yield
    finally:
        ctx.prec = saved


def ball(x):
    """A scalar as a ball (an exact rational: the smallest ball around it at this precision)."""
    return x if isinstance(x, arb) else arb(x)


class Elementary(NamedTuple):
    """A real function on balls: value f(u), slope f'(u), curvature f''(u), each of a ball u; `domain(u)`
    is True only when every point of u lies where f is a real number (None: everywhere)."""

    value: Callable
    slope: Callable
    curvature: Callable
    domain: Callable | None = None


# Domains: each test is True only when every point of the ball (or the exact rational) satisfies it
# (python-flint orders balls only when all their points agree).
def _positive(u) -> bool:
    return bool(u > 0)


def _nonzero(u) -> bool:
    return bool(u > 0) or bool(u < 0)


def _at_least_one(u) -> bool:
    return bool(u >= 1)


def _inside_unit(u) -> bool:
    return bool(u > -1) and bool(u < 1)


def _in_closed_unit(u) -> bool:
    return bool(u >= -1) and bool(u <= 1)


def _outside_unit(u) -> bool:
    return bool(u > 1) or bool(u < -1)


def _tanh_slope(u):
    t = u.tanh()
    return 1 - t * t


def _tanh_curvature(u):
    t = u.tanh()
    return -2 * t * (1 - t * t)


def _sech_curvature(u):
    s, t = u.sech(), u.tanh()
    return s * (t * t - s * s)


def _csch_curvature(u):
    s, c = u.csch(), u.coth()
    return s * (c * c + s * s)


def _coth_curvature(u):
    s = u.csch()
    return 2 * s * s * u.coth()


def _tan_slope(u):
    t = u.tan()
    return 1 + t * t


def _tan_curvature(u):
    t = u.tan()
    return 2 * t * (1 + t * t)


def _cot_slope(u):
    c = u.cot()
    return -(1 + c * c)


def _cot_curvature(u):
    c = u.cot()
    return 2 * c * (1 + c * c)


def _sec_curvature(u):
    s, t = u.sec(), u.tan()
    return s * (t * t + s * s)


def _csc_curvature(u):
    s, c = u.csc(), u.cot()
    return s * (c * c + s * s)


def _reciprocal_root(shift, sign):
    """1/sqrt(shift + sign·u²) and its derivative −sign·u/(shift + sign·u²)^(3/2): the slopes and
    curvatures of asinh (1, +), acosh (−1, +: u² − 1), asin and acos (1, −)."""
    def slope(u):
        return 1 / (shift + sign * u * u).sqrt()

    def curvature(u):
        q = shift + sign * u * u
        return -sign * u / (q * q.sqrt())
    return slope, curvature


def _unit_slope(u):
    return 1 / (1 - u * u)


def _unit_curvature(u):
    q = 1 - u * u
    return 2 * u / (q * q)


_ASINH = _reciprocal_root(1, 1)
_ACOSH_SLOPE, _ACOSH_CURVATURE = (lambda u: 1 / (u * u - 1).sqrt()), (lambda u: -u / ((u * u - 1) * (u * u - 1).sqrt()))
_ASIN = _reciprocal_root(1, -1)

ELEMENTARY: dict = {
    sympy.exp: Elementary(lambda u: u.exp(), lambda u: u.exp(), lambda u: u.exp()),
    sympy.log: Elementary(lambda u: u.log(), lambda u: 1 / u, lambda u: -1 / (u * u), _positive),
    sympy.sin: Elementary(lambda u: u.sin(), lambda u: u.cos(), lambda u: -u.sin()),
    sympy.cos: Elementary(lambda u: u.cos(), lambda u: -u.sin(), lambda u: -u.cos()),
    sympy.tan: Elementary(lambda u: u.tan(), _tan_slope, _tan_curvature),   # a pole in the ball: not finite
    sympy.cot: Elementary(lambda u: u.cot(), _cot_slope, _cot_curvature, _nonzero),
    sympy.sec: Elementary(lambda u: u.sec(), lambda u: u.sec() * u.tan(), _sec_curvature),
    sympy.csc: Elementary(lambda u: u.csc(), lambda u: -u.csc() * u.cot(), _csc_curvature, _nonzero),
    sympy.asin: Elementary(lambda u: u.asin(), *_ASIN, _in_closed_unit),
    sympy.acos: Elementary(lambda u: u.acos(), lambda u: -_ASIN[0](u), lambda u: -_ASIN[1](u), _in_closed_unit),
    sympy.atan: Elementary(lambda u: u.atan(), lambda u: 1 / (1 + u * u), lambda u: -2 * u / ((1 + u * u) ** 2)),
    # SymPy's acot(u) is atan(1/u) for u ≠ 0 (acot(−1) = −π/4); acot(0) = π/2 is SymPy's own value
    sympy.acot: Elementary(lambda u: (1 / u).atan(), lambda u: -1 / (1 + u * u), lambda u: 2 * u / ((1 + u * u) ** 2),
                           _nonzero),
    sympy.tanh: Elementary(lambda u: u.tanh(), _tanh_slope, _tanh_curvature),
    sympy.sinh: Elementary(lambda u: u.sinh(), lambda u: u.cosh(), lambda u: u.sinh()),
    sympy.cosh: Elementary(lambda u: u.cosh(), lambda u: u.sinh(), lambda u: u.cosh()),
    sympy.sech: Elementary(lambda u: u.sech(), lambda u: -u.sech() * u.tanh(), _sech_curvature),
    sympy.csch: Elementary(lambda u: u.csch(), lambda u: -u.csch() * u.coth(), _csch_curvature, _nonzero),
    sympy.coth: Elementary(lambda u: u.coth(), lambda u: -u.csch() ** 2, _coth_curvature, _nonzero),
    sympy.asinh: Elementary(lambda u: u.asinh(), *_ASINH),
    sympy.acosh: Elementary(lambda u: u.acosh(), _ACOSH_SLOPE, _ACOSH_CURVATURE, _at_least_one),
    sympy.atanh: Elementary(lambda u: u.atanh(), _unit_slope, _unit_curvature, _inside_unit),
    # acoth(u) = atanh(1/u) for |u| > 1; its derivative is 1/(1 − u²) too
    sympy.acoth: Elementary(lambda u: (1 / u).atanh(), _unit_slope, _unit_curvature, _outside_unit),
}

CONSTANTS: dict = {
    type(sympy.pi): lambda: arb.pi(),
    type(sympy.E): lambda: arb(1).exp(),
}


def require_domain(function: Elementary, u) -> None:
    """NotCovered unless every point of u (a ball or an exact rational) lies in the function's real domain."""
    if function.domain is not None and not function.domain(u):
        raise NotCovered("an argument not known to lie in the function's real domain")


def argument(function: Elementary, u):
    """u as a ball, checked to lie in the function's domain (else NotCovered: the general path says why)."""
    require_domain(function, u)
    return ball(u)


def real_power(base, exponent):
    """base**exponent for a scalar base and a rational exponent that is not an integer, as a ball: the
    principal real root of a positive base (0 for a base exactly 0 and a positive exponent); a negative
    base, or one whose sign no ball decides, is NotCovered (the general path says the power is not real)."""
    direction = sign(base)
    if direction == 0 and exponent > 0:
        return base * 0
    if direction <= 0:
        raise NotCovered("a fractional power of a number not known to be positive")
    return ball(base) ** exponent


__all__ = ["PRECISION", "working_precision", "ball", "Elementary", "ELEMENTARY", "CONSTANTS", "require_domain",
           "argument", "real_power"]
