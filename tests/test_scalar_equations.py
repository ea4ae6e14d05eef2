"""Scalar equations in assume (issue 14, cookbook eq. 385): a scalar eliminated by an assumed linear equation.
The reduction fires only where the substitution is exact, its obligations are proved with certificates the
checker re-derives with its own code, the mutated twins are refuted, and tampered certificates are rejected."""
from __future__ import annotations

import copy
import time

import pytest
import sympy
from sympy import Derivative, Eq, MatrixSymbol, Q, Rational, ZeroMatrix, exp, symbols

from symcheck import Claim, expectation
from symcheck.certify.checker import check_certificate
from symcheck.certify.substitution import value_from
from symcheck.engine import decide_claim, problem_from_claim
from symcheck.prove.reductions.scalar_equations import ScalarEquationReduction, solved_for

n = symbols("n", integer=True, positive=True)
a, b, c = symbols("a b c", real=True)
r1, r2 = symbols("rho_1 rho_2", positive=True)
A = MatrixSymbol("A", n, n)
S1, S2 = MatrixSymbol("Sigma_1", n, n), MatrixSymbol("Sigma_2", n, n)
m1, m2 = MatrixSymbol("m_1", n, 1), MatrixSymbol("m_2", n, 1)
WEIGHTS = [Eq(r1 + r2, 1), Q.symmetric(S1), Q.symmetric(S2)]
SECOND = r1 * (S1 + m1 * m1.T) + r2 * (S2 + m2 * m2.T)
MEAN = r1 * m1 + r2 * m2
COV = r1 * S1 + r2 * S2 + r1 * r2 * (m1 - m2) * (m1 - m2).T
METHOD = "scalar equations (substitution)"

# law -> (true claim, mutated false twin)
CASES = {
    "mixture covariance": (Claim("t", SECOND - MEAN * MEAN.T, COV, assume=WEIGHTS),
                           Claim("f", SECOND - MEAN * MEAN.T, r1 * S1 + r2 * S2, assume=WEIGHTS)),
    "matrix convex combination": (Claim("t", a * A + b * A, A, assume=[Eq(a + b, 1)]),
                                  Claim("f", a * A + b * A, A, assume=[Eq(a - b, 1)])),
    "scalar inequality": (Claim("t", a * b, Rational(1, 4), relation="<=", assume=[Eq(a + b, 1)]),
                          Claim("f", a * b, Rational(1, 4), relation="<=", assume=[Eq(a + b, 2)])),
}
LAWS = list(CASES)


@pytest.fixture(scope="module")
def verdicts() -> dict:
    return {law: decide_claim(true, timeout=60) for law, (true, _twin) in CASES.items()}


@pytest.mark.parametrize("solve", [solved_for, value_from], ids=["prover", "checker"])
def test_only_a_linear_occurrence_with_a_constant_coefficient_is_solved(solve):
    assert solve(Eq(a + b, 1), b) == 1 - a
    assert solve(Eq(2 * a + 4 * b, 2), b) == (2 - 2 * a) / 4
    assert solve(Eq(a * b + b, 1), b) is None           # coefficient a + 1 may vanish
    assert solve(Eq(b ** 2 + a, 1), b) is None          # not linear
    assert solve(Eq(b + exp(b), 1), b) is None          # b inside a function
    assert solve(Eq(a + c, 1), b) is None               # b absent
    assert solve(a + b > 1, b) is None                  # not an equation
    assert solve(Eq(A, b * A), b) is None               # a matrix equation


def _reduced(claim):
    return ScalarEquationReduction().reduce(problem_from_claim(claim), time.monotonic() + 10)


def test_the_reduction_declines_a_variable_that_a_construct_binds():
    """With a derivative or expectation in the claim the symbol might be the bound variable: no substitution."""
    assert _reduced(Claim("d", Derivative(a * b, a), b, assume=[Eq(a + b, 1)])) is None
    eps = MatrixSymbol("epsilon", n, 1)
    assert _reduced(Claim("e", expectation(a * (eps.T * eps)[0, 0], eps, 1), a * n, assume=[Eq(a + b, 1)])) is None


def test_the_reduction_eliminates_once_and_the_obligation_has_no_equation_to_use_again():
    reduced = _reduced(CASES["mixture covariance"][0])
    assert reduced is not None and reduced.certificate["symbol"] == "rho_2"
    (obligation,) = reduced.obligations
    assert r2 not in obligation.lhs.free_symbols | obligation.rhs.free_symbols
    assert ScalarEquationReduction().reduce(obligation, time.monotonic() + 10) is None


@pytest.mark.parametrize("law", LAWS)
def test_the_law_is_proved_by_substitution_with_an_accepted_certificate(verdicts, law):
    verdict = verdicts[law]
    assert verdict.status == "proved", verdict
    assert METHOD in verdict.method
    result = check_certificate(verdict.certificate, CASES[law][0])
    assert result.accepted, result.reason


@pytest.mark.parametrize("law", LAWS)
def test_the_mutated_twin_is_refuted(law):
    assert decide_claim(CASES[law][1], timeout=60).status == "refuted"


@pytest.mark.parametrize("law", LAWS)
def test_the_certificate_is_rejected_for_the_twin(verdicts, law):
    assert not check_certificate(verdicts[law].certificate, CASES[law][1]).accepted


def test_a_tampered_substitution_is_rejected(verdicts):
    """The checker takes only the symbol's name from the certificate: naming a symbol the claim lacks, or none,
    checking the certificate against the claim without its equation (or with a nonlinear one), or an obligation
    that is not the substituted claim, all fail. (Naming rho_1 instead is another exact elimination: the
    checker then derives rho_1 = 1 - rho_2 itself, and its normal form closes that obligation.)"""
    cert = verdicts["mixture covariance"].certificate
    claim = CASES["mixture covariance"][0]
    for name in ("nu", None, "n"):
        forged = copy.deepcopy(cert)
        forged["data"]["symbol"] = name
        assert not check_certificate(forged, claim).accepted, name
    unequal = Claim("t", SECOND - MEAN * MEAN.T, COV, assume=[Q.symmetric(S1), Q.symmetric(S2)])
    assert not check_certificate(cert, unequal).accepted
    nonlinear = Claim("t", SECOND - MEAN * MEAN.T, COV, assume=[Eq(r1 + r2 ** 2, 1), Q.symmetric(S1), Q.symmetric(S2)])
    assert not check_certificate(cert, nonlinear).accepted
    forged = copy.deepcopy(cert)
    forged["obligations"][0]["rhs"] = sympy.srepr(r1 * S1 + (1 - r1) * S2 + r1 * (m1 - m2) * (m1 - m2).T)
    assert not check_certificate(forged, claim).accepted


def test_the_checker_rejects_a_substitution_under_a_derivative(verdicts):
    """A certificate naming a scalar of a claim with a derivative in it is rejected whatever its obligations."""
    cert = copy.deepcopy(verdicts["matrix convex combination"].certificate)
    claim = Claim("t", Derivative(a * b, a), b, assume=[Eq(a + b, 1)])
    cert["data"]["symbol"] = "b"
    assert not check_certificate(cert, claim).accepted


def test_a_dimension_is_never_eliminated():
    k = symbols("k", integer=True, positive=True)
    B = MatrixSymbol("B", k, k)
    reduced = _reduced(Claim("t", k * B, 3 * B, assume=[Eq(k, 3)]))
    assert reduced is None
    zero = ZeroMatrix(k, k)
    assert decide_claim(Claim("f", k * B + zero, 2 * B, assume=[Eq(k, 3)]), timeout=30).status != "proved"
