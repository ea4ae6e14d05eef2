"""Rigorous balls: the values that are not rational, as the cross-check of a proof compares them.

Owns `PRECISION` and `working_precision()` (the bits every ball operation keeps), `ball(x)` (an exact
rational as a ball), `CONSTANTS` (π, e) and `ELEMENTARY`: for each real function the fast path
evaluates on balls (exp, log, sin, cos, tanh, sinh, cosh, sech, atan), its value, its slope and its
curvature (the first and second derivatives, for `fast_derivative`'s tangents) and whether it needs
a positive argument (log: a nonpositive or undecided argument is NotCovered, so the general path
says it is undefined, as before), and `real_power(base, exponent)` for a power that is not rational.

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
def working_precision():
    """Every ball operation inside works at PRECISION bits (python-flint's precision is one global setting)."""
    from flint import ctx

    saved = ctx.prec
    ctx.prec = PRECISION
    try:
        yield
    finally:
        ctx.prec = saved


def ball(x):
    """A scalar as a ball (an exact rational: the smallest ball around it at this precision)."""
    return x if isinstance(x, arb) else arb(x)


class Elementary(NamedTuple):
    """A real function on balls: value f(u), slope f'(u), curvature f''(u), each of a ball u."""

    value: Callable
    slope: Callable
    curvature: Callable
    positive_argument: bool = False   # defined (real) only for u > 0


def _tanh_slope(u):
    t = u.tanh()
    return 1 - t * t


def _tanh_curvature(u):
    t = u.tanh()
    return -2 * t * (1 - t * t)


def _sech_curvature(u):
    s, t = u.sech(), u.tanh()
    return s * (t * t - s * s)


ELEMENTARY: dict = {
    sympy.exp: Elementary(lambda u: u.exp(), lambda u: u.exp(), lambda u: u.exp()),
    sympy.log: Elementary(lambda u: u.log(), lambda u: 1 / u, lambda u: -1 / (u * u), positive_argument=True),
    sympy.sin: Elementary(lambda u: u.sin(), lambda u: u.cos(), lambda u: -u.sin()),
    sympy.cos: Elementary(lambda u: u.cos(), lambda u: -u.sin(), lambda u: -u.cos()),
    sympy.tanh: Elementary(lambda u: u.tanh(), _tanh_slope, _tanh_curvature),
    sympy.sinh: Elementary(lambda u: u.sinh(), lambda u: u.cosh(), lambda u: u.sinh()),
    sympy.cosh: Elementary(lambda u: u.cosh(), lambda u: u.sinh(), lambda u: u.cosh()),
    sympy.sech: Elementary(lambda u: u.sech(), lambda u: -u.sech() * u.tanh(), _sech_curvature),
    sympy.atan: Elementary(lambda u: u.atan(), lambda u: 1 / (1 + u * u), lambda u: -2 * u / ((1 + u * u) ** 2)),
}

CONSTANTS: dict = {
    type(sympy.pi): lambda: arb.pi(),
    type(sympy.E): lambda: arb(1).exp(),
}


def argument(function: Elementary, u):
    """u as a ball, checked to lie in the function's domain (else NotCovered: the general path says why)."""
    if function.positive_argument and sign(u) <= 0:
        raise NotCovered("a logarithm of a number not known to be positive")
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


__all__ = ["PRECISION", "working_precision", "ball", "Elementary", "ELEMENTARY", "CONSTANTS", "argument",
           "real_power"]
