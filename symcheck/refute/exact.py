"""Exact decisions about real numbers: the sign of a closed-form constant, and relations between two.

Owns `sign_of(x) -> -1 | 0 | 1 | None` and `decide_relation(relation, a, b) -> bool | None`.
Rationals are decided directly. Other constants are enclosed in rigorous balls (python-flint's
`arb`, each real function by its rule in `ball_values.ELEMENTARY`: exp, log, the trigonometric
and hyperbolic functions and their inverses, each only where its argument's ball lies wholly in
its real domain), at 64, then 256, then 1024 bits: a ball that excludes 0 fixes the sign. A ball
that contains 0 proves nothing; then an algebraic number is decided by its minimal polynomial (it
is 0 exactly when that polynomial is `x`), and a transcendental one only by exact rewriting to a
literal 0 (log and exponent laws, the hyperbolic functions by their definitions with exp).
Anything else is `None` (undecided) — never a float tolerance.
"""
from __future__ import annotations

from typing import Callable

import sympy

from ..model import relations
from ..model.hyperbolic import by_exp
from .ball_values import CONSTANTS, ELEMENTARY, require_domain, working_precision
from .flint_values import NotCovered, arb, fmpq

PRECISIONS = (64, 256, 1024)  # bits tried in turn for an enclosure that excludes 0


def sign_of(x) -> int | None:
    """-1, 0 or 1 for an exact real constant; None when it cannot be decided exactly."""
    x = sympy.sympify(x)
    if x.is_Rational:
        return 1 if x.p > 0 else (-1 if x.p < 0 else 0)
    if x.free_symbols or x.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo, sympy.I):
        return None
    sign = _interval_sign(x, PRECISIONS[:1])
    if sign is not None:
        return sign
    if _is_algebraic(x):
        if _is_zero_algebraic(x):
            return 0
        return _interval_sign(x, PRECISIONS[1:])
    logs = _log_combination_sign(x)
    if logs is not None:
        return _interval_sign(x, PRECISIONS[1:]) if logs == "nonzero" else logs
    if _rewrites_to_zero(x):
        return 0
    return _interval_sign(x, PRECISIONS[1:])


def decide_relation(relation: str, a, b) -> bool | None:
    """Whether `a relation b` holds for exact real constants; None when undecided."""
    s = sign_of(sympy.sympify(a) - sympy.sympify(b))
    return None if s is None else relations.holds(relation, s, 0)


def is_zero(x) -> bool | None:
    """Is the exact real constant 0? None when undecided."""
    s = sign_of(x)
    return None if s is None else s == 0


# --- rigorous enclosures ---------------------------------------------------------

def _interval_sign(x, precisions) -> int | None:
    """The sign of x from a ball that excludes 0, trying each precision in turn; None when none does."""
    if arb is None:  # pragma: no cover - python-flint is a dependency
        return None
    for bits in precisions:
        try:
            with working_precision(bits):
                box = _enclose(x)
        except (_NoEnclosure, NotCovered, ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None
        if not box.is_finite():  # infinite or NaN (a pole, an overflow): perhaps finer bits help
            continue
        if box > 0:  # python-flint orders balls only when every point of them agrees
            return 1
        if box < 0:
            return -1
    return None


class _NoEnclosure(Exception):
    pass


def _enclose(x):
    """A ball around the exact real constant x at the working precision (_NoEnclosure when not covered)."""
    if x.is_Rational:
        return arb(fmpq(int(x.p), int(x.q)))
    handler = _ENCLOSURES.get(type(x))
    if handler is not None:
        return handler(x)
    function = ELEMENTARY.get(type(x))
    if function is not None and len(x.args) == 1:
        u = _enclose(x.args[0])
        require_domain(function, u)  # NotCovered outside the real domain: no ball of a non-real value
        return function.value(u)
    constant = CONSTANTS.get(type(x))
    if constant is not None:
        return constant()
    raise _NoEnclosure(type(x).__name__)


def _add(x):
    total = arb(0)
    for arg in x.args:
        total += _enclose(arg)
    return total


def _mul(x):
    total = arb(1)
    for arg in x.args:
        total *= _enclose(arg)
    return total


def _pow(x):
    base, exp = x.args
    b = _enclose(base)
    if exp.is_Integer:
        if exp < 0:
            if not (b > 0 or b < 0):
                raise _NoEnclosure("division by a ball containing 0")
            return 1 / b ** int(-exp)
        return b ** int(exp)
    if not b > 0:
        raise _NoEnclosure("non-integer power of a base not known to be positive")
    if exp.is_Rational:
        return b ** fmpq(int(exp.p), int(exp.q))
    return (_enclose(exp) * b.log()).exp()


def _abs(x):
    return abs(_enclose(x.args[0]))


def _extremum(pick: str):
    def enclose(x):
        boxes = [_enclose(a) for a in x.args]
        best = boxes[0]
        for box in boxes[1:]:
            best = getattr(best, pick)(box)
        return best
    return enclose


_ENCLOSURES: dict[type, Callable] = {
    sympy.Add: _add,
    sympy.Mul: _mul,
    sympy.Pow: _pow,
    sympy.Abs: _abs,
    sympy.Max: _extremum("max"),
    sympy.Min: _extremum("min"),
}


# --- exact zero tests ---------------------------------------------------------------

def _is_algebraic(x) -> bool:
    """Built from rationals by + × and rational powers only."""
    for node in sympy.preorder_traversal(x):
        if node.is_Atom:
            if not node.is_Rational:
                return False
        elif isinstance(node, sympy.Pow):
            if not node.exp.is_Rational:
                return False
        elif not isinstance(node, (sympy.Add, sympy.Mul)):
            return False
    return True


def _is_zero_algebraic(x) -> bool:
    t = sympy.Dummy("t")
    try:
        return sympy.minimal_polynomial(x, t) == t
    except (NotImplementedError, sympy.PolynomialError):
        return False


MAX_FACTOR_DIGITS = 40   # rationals inside logs are factored up to this size


def _log_combination_sign(x):
    """For x = q₀ + Σ qᵢ·log(rᵢ) with rational qᵢ and positive rationals rᵢ (log-determinants of rational
    matrices): the sign of q₀ when the logs cancel exactly, "nonzero" when they do not (then x ≠ 0 and
    an enclosure decides its sign); None for any other form. Σ qᵢ·log rᵢ = log Π rᵢ^qᵢ is 0 exactly when
    every prime's exponent cancels (unique factorisation), and otherwise the log of an algebraic number
    other than 1, which is transcendental (Hermite–Lindemann), so it never cancels the rational q₀."""
    expanded = sympy.expand(x)
    constant, exponents, seen_log = sympy.S.Zero, {}, False
    for term in sympy.Add.make_args(expanded):
        coeff, rest = term.as_coeff_Mul()
        if rest == 1:
            constant += coeff
            continue
        if not (coeff.is_Rational and isinstance(rest, sympy.log) and rest.args[0].is_Rational
                and rest.args[0] > 0):
            return None
        r = rest.args[0]
        if len(str(abs(r.p))) > MAX_FACTOR_DIGITS or len(str(r.q)) > MAX_FACTOR_DIGITS:
            return None
        seen_log = True
        for base, sign in ((r.p, 1), (r.q, -1)):
            for prime, e in sympy.factorint(base).items():
                exponents[prime] = exponents.get(prime, sympy.S.Zero) + sign * coeff * e
    if not seen_log:
        return None
    if any(v != 0 for v in exponents.values()):
        return "nonzero"
    return 1 if constant > 0 else (-1 if constant < 0 else 0)


def _rewrites_to_zero(x) -> bool:
    """Exact identities only (logs of positive constants, exponent laws, tanh, sinh, cosh, sech, csch and
    coth of a real number by their definitions with exp): a literal 0 or nothing."""
    if any(_interval_sign(log.args[0], PRECISIONS) != 1 for log in x.atoms(sympy.log)):
        return False  # forcing log rules is only sound for positive arguments
    try:
        x = by_exp(x)
        rewritten = sympy.expand(sympy.expand_log(x, force=True))
        if rewritten == 0:
            return True
        return sympy.cancel(sympy.powsimp(rewritten)) == 0
    except Exception:  # a rewriting failure only means we cannot decide
        return False


__all__ = ["sign_of", "decide_relation", "is_zero"]
