"""Optimality: argmin/argmax claims by stationarity + a positive-definite Hessian, and their refutation.

The positive-definiteness rules are tested on their own (sound cases and the cases
they must decline), the exact argmin evaluator against the closed form, and the
seeds' claims (ridge, OLS, MAP = ridge with λ = σ²/τ², the general prior) through
the dispatcher, with the chatbot's wrong objective and a wrong λ refuted.
"""
from __future__ import annotations

import time

import pytest
import sympy
from sympy import Identity, Inverse, MatrixSymbol, Q, Trace, symbols

from symcheck import Claim, argmax, argmin, gaussian_log_density, sqnorm
from symcheck.engine import decide_claim
from symcheck.model.problem import Problem
from symcheck.prove.reductions.optimality import ArgminReduction, Context, positive_definite
from symcheck.refute.errors import Undefined
from symcheck.refute.evaluate import Instance, evaluate

n, d = symbols("n d", integer=True, positive=True)
X, y, w = MatrixSymbol("X", n, d), MatrixSymbol("y", n, 1), MatrixSymbol("w", d, 1)
S, A = MatrixSymbol("Sigma", d, d), MatrixSymbol("A", d, d)
lam, sigma, tau = symbols("lambda sigma tau", positive=True)
ridge = Inverse(X.T * X + lam * Identity(d)) * X.T * y


def _ctx(*assume, lhs=sympy.S.Zero):
    return Context(Problem.build(lhs, sympy.S.Zero, assume=assume))


def test_gram_plus_positive_identity_is_positive_definite_given_a_positive_coefficient():
    conditions, _steps = positive_definite(X.T * X + lam * Identity(d), _ctx())
    assert conditions == []  # λ is declared positive, so nothing is left to prove
    c = symbols("c")
    conditions, _steps = positive_definite(X.T * X + c * Identity(d), _ctx())
    assert conditions == [(c, ">")]


def test_psd_alone_general_matrices_and_negative_terms_are_declined():
    assert positive_definite(X.T * X, _ctx()) is None
    assert positive_definite(A + Identity(d), _ctx()) is None
    assert positive_definite(X.T * X - Identity(d), _ctx()) is None
    assert positive_definite(X.T * A * X + Identity(d), _ctx()) is None


def _definite_through(found, term: str) -> None:
    """`positive_definite` found the matrix definite with nothing left to prove, strictly because of `term`."""
    assert found is not None, "declined"
    conditions, steps = found
    assert conditions == []
    strict = [step for step in steps if step.endswith("positive definite, coefficient > 0")]
    assert any(term in step.split(":")[0] for step in strict), steps


def test_assumed_and_inverted_matrices_count():
    _definite_through(positive_definite(Inverse(S).T + X.T * X, _ctx(Q.positive_definite(S))), "Sigma")
    # XᵀX is invertible wherever the claim is defined (it holds (XᵀX)⁻¹), so it is positive definite there
    _definite_through(positive_definite(X.T * X, _ctx(lhs=Trace(Inverse(X.T * X)))), "X.T*X")


def test_block_gram_matrices_split_and_equalities_carry_definiteness():
    G = MatrixSymbol("Gamma", d, d)
    stacked = sympy.BlockMatrix([[X], [sympy.sqrt(lam) * Identity(d)]])
    _definite_through(positive_definite(stacked.T * stacked, _ctx()), "lambda")
    prior = sympy.BlockMatrix([[X], [G]])
    assert positive_definite(prior.T * prior, _ctx()) is None
    assumed = _ctx(Q.positive_definite(S), sympy.Eq(G.T * G, Inverse(S)))
    _definite_through(positive_definite(prior.T * prior, assumed), "Gamma.T*Gamma")


def test_exact_argmin_evaluation_matches_the_closed_form_and_refuses_non_unique_minima():
    rng = sympy.Rational
    values = {X: sympy.ImmutableMatrix([[1, 2], [0, 1], [3, -1]]), y: sympy.ImmutableMatrix([1, -2, rng(1, 2)]),
              lam: rng(3, 2)}
    instance = Instance({n: 3, d: 2}, values)
    objective = sqnorm(y - X * w) + lam * sqnorm(w)
    assert evaluate(argmin(objective, w), instance) == evaluate(ridge, instance)
    assert evaluate(argmax(-objective, w), instance) == evaluate(ridge, instance)
    wide = Instance({n: 1, d: 2}, {X: sympy.ImmutableMatrix([[1, 2]]), y: sympy.ImmutableMatrix([[1]])})
    with pytest.raises(Undefined):
        evaluate(argmin(sqnorm(y - X * w), w), wide)


def test_non_polynomial_objectives_are_declined():
    problem = Problem.build(argmin(sympy.sqrt(sqnorm(y - X * w)), w), Inverse(X.T * X) * X.T * y)
    assert ArgminReduction().reduce(problem, time.monotonic() + 5) is None


log_posterior = gaussian_log_density(y, X * w, sigma ** 2) + gaussian_log_density(w, 0, tau ** 2)

CLAIMS = [
    (Claim("ridge", argmin(sqnorm(y - X * w) + lam * sqnorm(w), w), ridge), "proved"),
    (Claim("OLS", argmin(sqnorm(y - X * w), w), Inverse(X.T * X) * X.T * y), "proved"),
    (Claim("MAP = ridge, lambda = sigma^2/tau^2", argmax(log_posterior, w),
           Inverse(X.T * X + sigma ** 2 / tau ** 2 * Identity(d)) * X.T * y), "proved"),
    (Claim("general prior", argmin(sqnorm(y - X * w) + Trace(w.T * Inverse(S) * w), w),
           Inverse(X.T * X + Inverse(S)) * X.T * y, assume=[Q.positive_definite(S), Q.symmetric(S)]), "proved"),
    (Claim("MAP with lambda = tau^2/sigma^2", argmax(log_posterior, w),
           Inverse(X.T * X + tau ** 2 / sigma ** 2 * Identity(d)) * X.T * y), "refuted"),
    (Claim("chatbot objective", argmin(sqnorm(y - X * w) / (2 * lam) + lam / 2 * sqnorm(w), w), ridge), "refuted"),
    (Claim("twice the ridge solution", argmin(sqnorm(y - X * w) + lam * sqnorm(w), w), 2 * ridge), "refuted"),
]


@pytest.mark.parametrize("claim, expected", CLAIMS, ids=lambda c: getattr(c, "name", ""))
def test_seed_optimality_claims(claim, expected):
    verdict = decide_claim(claim, timeout=20)
    assert verdict.status == expected, verdict.detail


def test_a_minimiser_that_is_not_unique_is_never_proved():
    # For wide X the least-squares minimiser is not unique; the claim must not be proved.
    claim = Claim("min-norm as argmin", argmin(sqnorm(y - X * w), w), X.T * Inverse(X * X.T) * y)
    assert decide_claim(claim, timeout=10).status != "proved"
