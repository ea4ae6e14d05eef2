"""Derivatives of symbolic powers (Matrix Cookbook eqs. 58, 121): d tr(Xᵏ) = k·tr(Xᵏ⁻¹dX) for an integer k ≥ 1,
d det(Xᵏ) = k·det(Xᵏ)·tr(X⁻¹dX) (X invertible); the prover's rules, the checker's own, and the refuter."""
from __future__ import annotations

import copy

import sympy
from sympy import Derivative, Determinant, MatrixSymbol, Trace, symbols

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.engine import decide_claim, problem_from_claim
from symcheck.prove.reductions.derivative import DerivativeReduction

from test_checker import certificate

n = symbols("n", integer=True, positive=True)
k = symbols("k", integer=True, positive=True)
j = symbols("j", integer=True)
X = MatrixSymbol("X", n, n)
DEN = "denominator"


def test_the_trace_of_a_power_in_both_layouts_and_its_twins():
    lhs = Derivative(Trace(X ** k), X)
    assert decide_claim(Claim("den", lhs, k * (X ** (k - 1)).T, layout=DEN), 20.0).status == "proved"
    assert decide_claim(Claim("num", lhs, k * X ** (k - 1)), 20.0).status == "proved"
    assert decide_claim(Claim("twin", lhs, k * X ** (k - 1), layout=DEN), 20.0).status == "refuted"
    assert decide_claim(Claim("twin", lhs, (X ** (k - 1)).T, layout=DEN), 20.0).status == "refuted"


def test_a_power_that_may_be_negative_or_zero_is_not_differentiated_by_the_rule():
    """tr(Xʲ) for an integer j of unknown sign: k·tr(Xᵏ⁻¹dX) needs k ≥ 1 (or X invertible)."""
    claim = Claim("j", Derivative(Trace(X ** j), X), j * (X ** (j - 1)).T, layout=DEN)
    assert DerivativeReduction().reduce(problem_from_claim(claim), float("inf")) is None


def test_the_checkers_rule_for_the_trace_of_a_power_rejects_the_twin():
    claim = Claim("den", Derivative(Trace(X ** k), X), k * (X ** (k - 1)).T, layout=DEN)
    cert = certificate(claim)
    assert check_certificate(cert, claim).accepted
    assert not check_certificate(cert, Claim("twin", claim.lhs, (X ** (k - 1)).T, layout=DEN)).accepted
    forged = copy.deepcopy(cert)
    forged["data"]["lhs"] = sympy.srepr((X ** (k - 1)).T)
    assert not check_certificate(forged, claim).accepted


def test_the_determinant_of_a_power_uses_jacobi_on_the_base():
    claim = Claim("det", Derivative(Determinant(X ** k), X), k * Determinant(X ** k) * X.I.T, layout=DEN)
    out = DerivativeReduction().reduce(problem_from_claim(claim), float("inf"))
    assert out is not None
    assert any("Jacobi" in s and "X is invertible" in s for s in out.steps)
    unjustified = Claim("det", Derivative(Determinant(X ** k), X), k * Determinant(X ** k) * X.T, layout=DEN)
    assert DerivativeReduction().reduce(problem_from_claim(unjustified), float("inf")) is None
