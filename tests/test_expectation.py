"""Gaussian expectations: the closed forms of symcheck.prove.reductions.expectation against exact moments.

The reduction's closed form (Isserlis pairings on the symbolic expression) is
compared on random exact instances with the evaluator's independent computation
(the integrand as a polynomial in fresh noise symbols, every monomial replaced by
its Gaussian moment). Then the seeds' claims go through the dispatcher.
"""
from __future__ import annotations

import random

import pytest
import sympy
from sympy import Identity, Inverse, MatrixSymbol, Trace, ZeroMatrix, symbols

from symcheck import Claim, expectation, sqnorm
from symcheck.engine import decide_claim
from symcheck.prove.reductions.expectation import NoClosedForm, closed_form
from symcheck.refute.constructs_eval import expected_polynomial
from symcheck.refute.errors import NotEvaluable
from symcheck.refute.evaluate import Instance, evaluate

n, d = symbols("n d", integer=True, positive=True)
eps = MatrixSymbol("epsilon", n, 1)
M, X, a = MatrixSymbol("M", n, n), MatrixSymbol("X", n, d), MatrixSymbol("a", n, 1)
sigma = symbols("sigma", positive=True)
H = X * Inverse(X.T * X) * X.T
L = sqnorm((H - Identity(n)) * eps) / n

INTEGRANDS = [
    eps.T * M * eps,
    L,
    sqnorm(M * eps + a),
    Trace(eps.T * a) + 3,
    (a.T * eps) * (eps.T * M * a),
    eps,
    eps * eps.T,
    eps * (a.T * eps),
    a.T * eps * eps.T * M,
    M * eps * eps.T * M.T + a * a.T,
    Trace(eps * eps.T * M) * Trace(M),
    eps.T * M * eps * (eps.T * a),  # odd degree: 0
]


def _instance(seed: int) -> Instance:
    rng = random.Random(seed)

    def rnd(r, c):
        return sympy.ImmutableMatrix(r, c, lambda i, j: sympy.Rational(rng.randint(-5, 5), rng.randint(1, 3)))

    return Instance({n: 3, d: 2}, {M: rnd(3, 3), X: rnd(3, 2), a: rnd(3, 1), eps: rnd(3, 1),
                                   sigma: sympy.Rational(rng.randint(1, 7), 3)})


@pytest.mark.parametrize("f", INTEGRANDS, ids=lambda f: sympy.sstr(f)[:40])
def test_closed_form_matches_exact_moments(f):
    closed = closed_form(f, eps, sigma)
    assert not closed.has(eps)
    for seed in range(2):
        instance = _instance(seed)
        assert evaluate(closed, instance) == evaluate(expectation(f, eps, sigma), instance)


def test_moments_of_order_four_are_closed_and_beyond_the_pairing_rules_evaluated_exactly():
    instance = _instance(0)
    s = instance.values[sigma]
    fourth = expectation(sqnorm(eps) ** 2, eps, sigma)
    assert evaluate(closed_form(sqnorm(eps) ** 2, eps, sigma), instance) == s ** 4 * (3 ** 2 + 2 * 3)
    assert evaluate(fourth, instance) == s ** 4 * (3 ** 2 + 2 * 3)
    with pytest.raises(NoClosedForm):
        closed_form(sqnorm(eps) ** 5, eps, sigma)


def test_gaussian_moments_are_the_double_factorials():
    e1, e2 = symbols("e1 e2")
    assert expected_polynomial(e1 ** 4 * e2 ** 2 + e1, [e1, e2], 2) == 3 * 2 ** 4 * 2 ** 2



def _by_sympys_poly(value, noise, sigma):
    """E[value] the way the evaluator first did it: SymPy's Poly of the expanded value."""
    poly = sympy.Poly(value, *noise)
    if any(c.has(*noise) for c in poly.coeffs()):
        raise NotEvaluable("not a polynomial in the noise")
    total = 0
    for powers, coeff in poly.terms():
        moment = 1
        for k in powers:
            moment *= 0 if k % 2 else int(sympy.factorial2(k - 1)) if k else 1
        total += coeff * moment * sigma ** sum(powers)
    return sympy.expand(total)


def test_expected_polynomials_rebuilt_in_the_ring_equal_sympys_expansion():
    """The ring path (rationals, sums, products, whole powers) gives what SymPy's Poly gives, and whatever
    it does not take (a root, another symbol, the noise inside a function or a denominator) still goes
    through Poly: a value or NotEvaluable, as before."""
    rng = random.Random(7)
    e1, e2, e3, t = sympy.Dummy("e1"), sympy.Dummy("e2"), sympy.Dummy("e3"), sympy.Dummy("t")
    noise = [e1, e2, e3]
    atoms = [e1, e2, e3, sympy.Rational(3, 2), sympy.Integer(-2)]
    odd = [sympy.sqrt(2), t, sympy.exp(e1), 1 / e2, e1 ** sympy.Rational(1, 2)]

    def expression(depth, extra):
        if depth == 0:
            return rng.choice(atoms + (odd if extra and rng.random() < 0.2 else []))
        kind = rng.choice(["add", "mul", "pow"])
        if kind == "pow":
            return expression(depth - 1, extra) ** rng.randint(2, 3)
        parts = [expression(depth - 1, extra) for _ in range(rng.randint(2, 3))]
        return sympy.Add(*parts) if kind == "add" else sympy.Mul(*parts)

    for trial in range(60):
        value = expression(rng.randint(1, 3), extra=trial % 2 == 1)
        sigma_value = rng.choice([sympy.Integer(1), sympy.Rational(1, 2), sympy.Integer(3)])
        try:
            expected = _by_sympys_poly(value, noise, sigma_value)
        except (NotEvaluable, sympy.PolynomialError):
            with pytest.raises(NotEvaluable):
                expected_polynomial(value, noise, sigma_value)
            continue
        assert sympy.expand(expected_polynomial(value, noise, sigma_value) - expected) == 0, value

CLAIMS = [
    (Claim("E[e'Me] = sigma^2 tr M", expectation(eps.T * M * eps, eps, sigma), sigma ** 2 * Trace(M)), "proved"),
    (Claim("E[L] = sigma^2 (n - d)/n", expectation(L, eps, sigma), sigma ** 2 * (n - d) / n), "proved"),
    (Claim("E[eps] = 0", expectation(eps, eps, sigma), ZeroMatrix(n, 1)), "proved"),
    (Claim("E[eps eps'] = sigma^2 I", expectation(eps * eps.T, eps, sigma), sigma ** 2 * Identity(n)), "proved"),
    (Claim("student: E[L] = sigma^2/n + tr(...)", expectation(L, eps, sigma),
           sigma ** 2 / n + Trace((H - Identity(n)).T * (H - Identity(n)))), "refuted"),
    (Claim("E[e'Me] = sigma tr M", expectation(eps.T * M * eps, eps, sigma), sigma * Trace(M)), "refuted"),
    (Claim("E[L] = sigma^2 (n - d)", expectation(L, eps, sigma), sigma ** 2 * (n - d)), "refuted"),
]


@pytest.mark.parametrize("claim, expected", CLAIMS, ids=lambda c: getattr(c, "name", ""))
def test_seed_expectation_claims(claim, expected):
    verdict = decide_claim(claim, timeout=15)
    assert verdict.status == expected, verdict.detail
