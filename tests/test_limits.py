"""Limits: ridge regression's limits (λ → 0, λ → ∞) and scalar per-singular-value limits.

Matrix limits are proved by continuity (every inverse at the limit point exists
because the claim inverts that matrix or it is positive definite), with the
push-through identity for wide X; limits at ∞ through t = 1/μ. Tempting false limits
(a singular matrix at the limit point) must never be proved.
"""
from __future__ import annotations

import time

import pytest
import sympy
from sympy import Identity, Inverse, Limit, MatrixSymbol, ZeroMatrix, oo, symbols

from symcheck import Claim
from symcheck.engine import decide_claim
from symcheck.model.problem import Problem
from symcheck.prove.reductions.limits import LimitReduction, NoLimit, Side, push_through, scalar_limit

n, d = symbols("n d", integer=True, positive=True)
X, y, A = MatrixSymbol("X", n, d), MatrixSymbol("y", n, 1), MatrixSymbol("A", d, d)
lam, s = symbols("lambda sigma", positive=True)
ridge = Inverse(X.T * X + lam * Identity(d)) * X.T * y


def test_scalar_rational_limits_and_their_side_conditions():
    side = Side(Problem.build(sympy.S.Zero, sympy.S.Zero))
    assert scalar_limit(s / (s ** 2 + lam), lam, 0, side) == 1 / s
    assert scalar_limit(s / (s ** 2 + lam), lam, oo, side) == 0
    assert scalar_limit((2 * lam + 1) / (3 * lam + s), lam, oo, side) == sympy.Rational(2, 3)
    c = symbols("c")
    scalar_limit(1 / (c + lam), lam, 0, side)
    assert any(o.lhs == c and o.relation == "!=" for o in side.obligations)
    with pytest.raises(NoLimit):
        scalar_limit(lam ** 2 / (lam + 1), lam, oo, side)
    with pytest.raises(NoLimit):
        scalar_limit(sympy.sin(lam) / lam, lam, 0, side)


def test_push_through_rewrites_the_ridge_operator():
    assert sympy.sstr(push_through(ridge)) == sympy.sstr(X.T * Inverse(X * X.T + lam * Identity(n)) * y)


def test_singular_limit_points_are_declined():
    problem = Problem.build(Limit(lam * Inverse(lam * Identity(d) + A), lam, 0), ZeroMatrix(d, d))
    assert LimitReduction().reduce(problem, time.monotonic() + 5) is None
    problem = Problem.build(Limit(Inverse(A + lam * X.T * X) * X.T * y, lam, oo), ZeroMatrix(d, 1))
    assert LimitReduction().reduce(problem, time.monotonic() + 5) is None


CLAIMS = [
    (Claim("ridge -> 0 as lambda -> oo", Limit(ridge, lam, oo), ZeroMatrix(d, 1)), "proved"),
    (Claim("ridge -> OLS (tall X)", Limit(ridge, lam, 0), Inverse(X.T * X) * X.T * y), "proved"),
    (Claim("ridge -> min-norm (wide X)", Limit(ridge, lam, 0), X.T * Inverse(X * X.T) * y), "proved"),
    (Claim("sigma/(sigma^2 + lambda) -> 1/sigma", Limit(s / (s ** 2 + lam), lam, 0), 1 / s), "proved"),
    (Claim("sigma/(sigma^2 + lambda) -> 0", Limit(s / (s ** 2 + lam), lam, oo), sympy.S.Zero), "proved"),
    (Claim("ridge -> X'y as lambda -> 0", Limit(ridge, lam, 0), X.T * y), "refuted"),
    (Claim("sigma/(sigma^2 + lambda) -> sigma", Limit(s / (s ** 2 + lam), lam, 0), s), "refuted"),
]


@pytest.mark.parametrize("claim, expected", CLAIMS, ids=lambda c: getattr(c, "name", ""))
def test_seed_limit_claims(claim, expected):
    verdict = decide_claim(claim, timeout=20)
    assert verdict.status == expected, verdict.detail


def test_a_limit_through_a_singular_matrix_is_never_proved():
    claim = Claim("lambda (lambda I + A)^-1 -> 0", Limit(lam * Inverse(lam * Identity(d) + A), lam, 0),
                  ZeroMatrix(d, d))
    assert decide_claim(claim, timeout=10).status != "proved"


def test_a_matrix_over_q_of_t_takes_each_entrys_limit_as_sympy_would():
    """The evaluator reads a matrix's entries over ℚ(t), and a scalar rational function read into ℚ(t), off
    their numerators and denominators; the limits (finite, 0, removable singularities, ±∞ by the parity of
    the degree gap, no limit) must be exactly those SymPy's cancellation gives (`_rational_limit`)."""
    import random

    from sympy.polys.matrices import DomainMatrix

    from symcheck.refute.calculus import _coefficient_limit, _rational_entries, _rational_limit, limit_entry
    from symcheck.refute.errors import InfiniteLimit, Undefined

    t = sympy.Dummy("t", real=True)
    rng = random.Random(5)

    def poly(degree):
        return sum(sympy.Rational(rng.randint(-3, 3), rng.randint(1, 2)) * t ** k for k in range(degree + 1))

    def outcome(compute):
        try:
            return ("value", compute())
        except InfiniteLimit as exc:
            return ("infinite", exc.sign)
        except Undefined:
            return ("undefined",)

    checked = 0
    for _ in range(24):
        common = rng.choice([1, t, t - 1, t + sympy.Rational(1, 2)])
        entries = [[sympy.cancel(poly(rng.randint(0, 3)) * common / (poly(rng.randint(0, 3)) * common))
                    if rng.random() < 0.8 else poly(rng.randint(0, 2)) for _ in range(2)] for _ in range(2)]
        if any(e.has(sympy.zoo, sympy.nan) or sympy.fraction(e)[1] == 0 for row in entries for e in row):
            continue
        field = sympy.QQ.frac_field(t)
        matrix = DomainMatrix([[field.from_sympy(e) for e in row] for row in entries], (2, 2), field)
        read = _rational_entries(matrix, t)
        for i in range(2):
            for j in range(2):
                num, den = read[i][j]
                cancelled = sympy.cancel(entries[i][j])
                for target in (sympy.oo, -sympy.oo, sympy.S.Zero, sympy.S.One, -sympy.Rational(1, 2)):
                    expected = outcome(lambda: _rational_limit(cancelled, t, target))
                    assert outcome(lambda: _coefficient_limit(num, den, target)) == expected, (entries[i][j], target)
                    if entries[i][j].has(t):
                        assert outcome(lambda: limit_entry(entries[i][j], t, target, "+")) == expected
                    checked += 1
    assert checked > 300
