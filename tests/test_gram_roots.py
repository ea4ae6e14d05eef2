"""√(g²) = g for a Gram trace g = tr(u·uᵀ) ≥ 0 (the cookbook's d‖xᵀx‖₂/dx = 2x), and only for one.

The matrix prover, the checker's re-translation and the checker's normal form each know
that a trace of a word u·uᵀ is nonnegative; a trace of any other word stays signed, so
√(tr(A)²) = |tr A| is never read as tr A.
"""
from __future__ import annotations

import pytest
import sympy
from sympy import Derivative, MatrixSymbol, Trace, symbols

from symcheck import Claim, norm, sqnorm
from symcheck.certify.checker import check_certificate
from symcheck.certify.normal import Normal
from symcheck.engine import decide_claim

from test_checker import certificate

n = symbols("n", integer=True, positive=True)
x = MatrixSymbol("x", n, 1)
A, B = MatrixSymbol("A", n, n), MatrixSymbol("B", n, n)


def test_the_checker_reads_a_gram_trace_as_nonnegative_and_no_other():
    nf = Normal()
    assert nf.value(Trace(A * A.T)).is_nonnegative
    assert nf.value(Trace(x.T * x)).is_nonnegative
    assert not nf.value(Trace(A * B)).is_nonnegative
    assert not nf.value(Trace(A * A)).is_nonnegative


@pytest.mark.parametrize("claim, expected", [
    (Claim("sqrt(tr(A A^T)^2) = tr(A A^T)", sympy.sqrt(Trace(A * A.T) ** 2), Trace(A * A.T)), "proved"),
    (Claim("sqrt(tr(A)^2) = tr(A)", sympy.sqrt(Trace(A) ** 2), Trace(A)), "refuted"),
    (Claim("d ||x^T x||/dx = 2x", Derivative(norm(x.T * x), x), 2 * x, assume=[sqnorm(x) > 0],
           layout="denominator"), "proved"),
    (Claim("d ||x^T x||/dx = x", Derivative(norm(x.T * x), x), x, assume=[sqnorm(x) > 0],
           layout="denominator"), "refuted"),
], ids=["gram", "not-gram", "norm-grad", "norm-grad-twin"])
def test_roots_of_squared_traces_are_decided(claim, expected):
    assert decide_claim(claim, timeout=20).status == expected


def test_the_certificate_is_accepted_and_not_for_the_twin():
    claim = Claim("d", Derivative(norm(x.T * x), x), 2 * x, assume=[sqnorm(x) > 0], layout="denominator")
    twin = Claim("t", Derivative(norm(x.T * x), x), x, assume=[sqnorm(x) > 0], layout="denominator")
    cert = certificate(claim)
    assert check_certificate(cert, claim).accepted
    assert not check_certificate(cert, twin).accepted
