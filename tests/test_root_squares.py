"""√(u·g²ᵏ) = √u·|g|ᵏ in the matrix prover: the square of a real generator (a scalar symbol, a trace or a
determinant) that divides a square root's argument leaves the root as its absolute value, |det M| being an atom
like det M. The checker takes the same squares out with its own code (`certify/retranslate.py`), so the
Gaussian density of Ax (Matrix Cookbook eq. 357, with 1/|det A|) is proved and its certificate accepted, while
the forms without the absolute value are refuted and a certificate that names another function is rejected."""
from __future__ import annotations

import copy

import pytest
from sympy import Abs, Determinant, MatrixSymbol, Q, Rational, Trace, exp, pi, sqrt, symbols

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.engine import decide_claim

n = symbols("n", integer=True, positive=True)
A, S, B = (MatrixSymbol(name, n, n) for name in ("A", "Sigma", "B"))
x, m = MatrixSymbol("x", n, 1), MatrixSymbol("m", n, 1)
SPD = [Q.symmetric(S), Q.positive_definite(S)]


def density(z, mean, cov):
    r = z - mean
    return exp(-Rational(1, 2) * Trace(r.T * cov.I * r)) / sqrt(Determinant(2 * pi * cov))


G = A.T * S.I * A
CASES = {  # name -> (true claim, its false twin without the absolute value)
    "eq. 357: N_Ax[m, S] = N_x[A^-1 m, (A^T S^-1 A)^-1] / |det A|": (
        Claim("t", density(A * x, m, S), density(x, A.I * m, G.I) / Abs(Determinant(A)), assume=SPD),
        Claim("f", density(A * x, m, S), density(x, A.I * m, G.I) / Determinant(A), assume=SPD)),
    "sqrt(det(A^T B A)) + tr B = |det A| sqrt(det B) + tr B": (   # a trace keeps it from the determinant laws
        Claim("t", sqrt(Determinant(A.T * B * A)) + Trace(B), Abs(Determinant(A)) * sqrt(Determinant(B)) + Trace(B),
              assume=[Q.positive_definite(B)]),
        Claim("f", sqrt(Determinant(A.T * B * A)) + Trace(B), Determinant(A) * sqrt(Determinant(B)) + Trace(B),
              assume=[Q.positive_definite(B)])),
    "sqrt(tr B / det(A)^4) = sqrt(tr B) / |det A|^2, a square in the denominator": (
        Claim("t", sqrt(Trace(B) / Determinant(A) ** 4), sqrt(Trace(B)) / Abs(Determinant(A)) ** 2,
              assume=[Q.positive_definite(B)]),
        Claim("f", sqrt(Trace(B) / Determinant(A) ** 4), sqrt(Trace(B)) / Determinant(A),
              assume=[Q.positive_definite(B)])),
}


@pytest.fixture(scope="module")
def verdicts() -> dict:
    return {name: decide_claim(true, timeout=30) for name, (true, _twin) in CASES.items()}


@pytest.mark.parametrize("name", list(CASES))
def test_the_identity_is_proved_with_a_certificate_the_checker_accepts(verdicts, name):
    verdict = verdicts[name]
    assert verdict.status == "proved", verdict
    result = check_certificate(verdict.certificate, CASES[name][0])
    assert result.accepted, result.reason


@pytest.mark.parametrize("name", list(CASES))
def test_without_the_absolute_value_it_is_refuted_and_the_certificate_proves_nothing(verdicts, name):
    twin = CASES[name][1]
    assert decide_claim(twin, timeout=30).status == "refuted"
    assert not check_certificate(verdicts[name].certificate, twin).accepted


def test_a_root_of_a_square_is_not_the_value_itself():
    """√(det(A)²) is |det A|: equal to det A only where det A ≥ 0, so that claim is refuted, never proved."""
    claim = Claim("f", sqrt(Determinant(A) ** 2), Determinant(A))
    assert decide_claim(claim, timeout=30).status == "refuted"


def test_a_certificate_naming_another_function_for_the_absolute_value_is_rejected(verdicts):
    name = "eq. 357: N_Ax[m, S] = N_x[A^-1 m, (A^T S^-1 A)^-1] / |det A|"
    cert = verdicts[name].certificate
    certificate = cert if "field" in cert else next(ob["certificate"] for ob in cert.get("obligations", [])
                                                     if "field" in ob.get("certificate", {}))
    atoms = [g["atom"] for g in certificate["field"]["generators"]
             if isinstance(g.get("atom"), dict) and g["atom"].get("function") == "Abs"]
    assert atoms, "the proof uses an atom for |det A|"
    for function in ("exp", "sqrt"):
        forged = copy.deepcopy(cert)
        target = forged if "field" in forged else next(ob["certificate"] for ob in forged["obligations"]
                                                       if "field" in ob.get("certificate", {}))
        for g in target["field"]["generators"]:
            if isinstance(g.get("atom"), dict) and g["atom"].get("function") == "Abs":
                g["atom"]["function"] = function
        assert not check_certificate(forged, CASES[name][0]).accepted, function


def test_a_square_beyond_the_bound_stays_inside_the_root():
    """At most MAX_ROOT_SQUARES powers of one generator leave a root (on both sides alike): √(det(A)^130·det B) keeps
    det(A)^130 inside, so it is not proved equal to |det A|^65·√det B (true, but beyond the bound), while the same
    identity with det(A)^128 is."""
    from symcheck.certify.retranslate import MAX_ROOT_SQUARES as CHECKER_BOUND
    from symcheck.prove.matrix.atoms import MAX_ROOT_SQUARES

    assert MAX_ROOT_SQUARES == CHECKER_BOUND == 64
    for k, wanted in ((64, "proved"), (65, "unknown")):
        claim = Claim("k", sqrt(Determinant(A) ** (2 * k) * Determinant(B)) + Trace(B),
                      Abs(Determinant(A)) ** k * sqrt(Determinant(B)) + Trace(B), assume=[Q.positive_definite(B)])
        verdict = decide_claim(claim, timeout=30)
        assert verdict.status == wanted, (k, verdict)
        if wanted == "proved":
            assert check_certificate(verdict.certificate, claim).accepted
