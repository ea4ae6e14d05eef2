"""det(c·M) = cⁿ·det M, π, and X·X⁻¹ = I inside function arguments in the matrix prover (issue 14, cookbook §8
densities): each law is proved with a certificate the independent checker accepts, its mutated twin is refuted,
and a certificate carried over to the twin or tampered with (the cⁿ atom's base or dimension, π's atom, an
inverse pair that the claim does not bind) is rejected."""
from __future__ import annotations

import copy

import pytest
from sympy import Derivative, Determinant, Function, Inverse, MatMul, MatrixSymbol, Q, Rational, Trace, exp, pi, sqrt, \
    symbols

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.engine import decide_claim

n, k = symbols("n k", integer=True, positive=True)
c = symbols("c", positive=True)
S, A = MatrixSymbol("Sigma", n, n), MatrixSymbol("A", n, n)
x, m = MatrixSymbol("x", n, 1), MatrixSymbol("m", n, 1)
SPD = [Q.symmetric(S), Q.positive_definite(S)]
MATRIX = "noncommutative Groebner basis"


def density(z, mean, cov):
    r = z - mean
    return exp(-Rational(1, 2) * Trace(r.T * cov.I * r)) / sqrt(Determinant(2 * pi * cov))


PDF = density(x, m, S)
G = A.T * S.I * A
# law -> (true claim, mutated false twin); MatMul stays unevaluated, as a derivative leaves it
CASES = {
    "det(2 pi Sigma) inside a root": (
        Claim("t", MatMul(1 / sqrt(Determinant(MatMul(2 * pi, S))), S), 1 / sqrt((2 * pi) ** n * Determinant(S)) * S,
              assume=SPD),
        Claim("f", MatMul(1 / sqrt(Determinant(MatMul(2 * pi, S))), S),
              1 / sqrt((2 * pi) ** (n + 1) * Determinant(S)) * S, assume=SPD)),
    "det(cA) with a symbol": (
        Claim("t", MatMul(Determinant(MatMul(c, A)), A), c ** n * Determinant(A) * A),
        Claim("f", MatMul(Determinant(MatMul(c, A)), A), c * Determinant(A) * A)),
    "pi as a constant": (
        Claim("t", Inverse(MatMul(pi, A)), MatMul(1 / pi, A.I), assume=[Q.invertible(A)]),
        Claim("f", Inverse(MatMul(pi, A)), MatMul(pi, A.I), assume=[Q.invertible(A)])),
    "X X^-1 = I inside exp": (
        Claim("t", MatMul(exp(-Trace((x - A.I * m).T * A.T * A * (x - A.I * m))), A),
              MatMul(exp(-Trace((A * x - m).T * (A * x - m))), A), assume=[Q.invertible(A)]),
        Claim("f", MatMul(exp(-Trace((x - A.I * m).T * A.T * A * (x - A.I * m))), A),
              MatMul(exp(-Trace((A * x - m).T * (A * x + m))), A), assume=[Q.invertible(A)])),
    "change of variables (eq. 356)": (
        Claim("t", density(A * x, m, S),
              sqrt(Determinant(2 * pi * G.I)) / sqrt(Determinant(2 * pi * S)) * density(x, A.I * m, G.I), assume=SPD),
        Claim("f", density(A * x, m, S),
              sqrt(Determinant(2 * pi * G.I)) / sqrt(Determinant(2 * pi * S)) * density(x, A * m, G.I), assume=SPD)),
    "gradient of a Gaussian density (eq. 347)": (
        Claim("t", Derivative(PDF, x), -PDF * S.I * (x - m), assume=SPD, layout="denominator"),
        Claim("f", Derivative(PDF, x), -PDF * S * (x - m), assume=SPD, layout="denominator")),
}
LAWS = list(CASES)


@pytest.fixture(scope="module")
def verdicts() -> dict:
    return {law: decide_claim(true, timeout=60) for law, (true, _twin) in CASES.items()}


def _generators(cert: dict) -> list:
    """The field generators of a matrix certificate (inside a reduction's obligation, if there is one)."""
    if "field" in cert:
        return cert["field"]["generators"]
    for ob in cert.get("obligations", []):
        found = _generators(ob["certificate"])
        if found:
            return found
    return []


@pytest.mark.parametrize("law", LAWS)
def test_the_law_is_proved_by_the_matrix_prover_with_an_accepted_certificate(verdicts, law):
    verdict = verdicts[law]
    assert verdict.status == "proved", verdict
    assert MATRIX in verdict.method
    result = check_certificate(verdict.certificate, CASES[law][0])
    assert result.accepted, result.reason


@pytest.mark.parametrize("law", LAWS)
def test_the_mutated_twin_is_refuted(law):
    assert decide_claim(CASES[law][1], timeout=60).status == "refuted"


@pytest.mark.parametrize("law", LAWS)
def test_the_certificate_is_rejected_for_the_twin(verdicts, law):
    assert not check_certificate(verdicts[law].certificate, CASES[law][1]).accepted


def _forged(cert: dict, change) -> dict:
    forged = copy.deepcopy(cert)
    hits = [g for g in _generators(forged) if change(g)]
    assert hits, "the certificate has the atom to tamper with"
    return forged


@pytest.mark.parametrize("law", ["det(2 pi Sigma) inside a root", "det(cA) with a symbol",
                                 "gradient of a Gaussian density (eq. 347)"])
def test_a_power_atom_for_another_base_or_dimension_is_rejected(verdicts, law):
    """cⁿ is the atom pow_n[c]: the checker derives det(cM) = pow_n[c]·det M itself, so an atom whose base is
    another value, or that is named for another dimension, no longer stands for the claim's cⁿ."""
    cert = verdicts[law].certificate

    def other_base(g):
        atom = g.get("atom", {})
        if atom.get("function") == "pow_n":
            atom["arguments"] = [f"2*({atom['arguments'][0]})"]
            return True
        return False

    def other_dimension(g):
        atom = g.get("atom", {})
        if atom.get("function") == "pow_n":
            atom["function"] = "pow_k"
            return True
        return False

    for change in (other_base, other_dimension):
        assert not check_certificate(_forged(cert, change), CASES[law][0]).accepted, change.__name__


def test_pi_is_its_own_atom_and_not_a_function_named_pi(verdicts):
    """π is the atom `pi` with no arguments: renaming the atom breaks the proof, and a claim written with an
    undefined function pi() (not π) is not what the certificate proves."""
    cert = verdicts["pi as a constant"].certificate

    def renamed(g):
        atom = g.get("atom", {})
        if atom.get("function") == "pi":
            atom["function"] = "E"
            return True
        return False

    assert not check_certificate(_forged(cert, renamed), CASES["pi as a constant"][0]).accepted
    fake_pi = Function("pi")()
    impostor = Claim("t", Inverse(MatMul(fake_pi, A)), MatMul(1 / pi, A.I), assume=[Q.invertible(A)])
    assert not check_certificate(cert, impostor).accepted


def test_the_power_needs_the_matrix_size_not_another_dimension():
    """det(cB) for a k×k B is c^k det B: c^n det B (n another dimension) is refuted, not proved."""
    B = MatrixSymbol("B", k, k)
    claim = Claim("f", MatMul(Determinant(MatMul(c, B)), A), c ** n * Determinant(B) * A)
    assert decide_claim(claim, timeout=60).status == "refuted"


def test_only_a_pair_the_claim_binds_is_cancelled_inside_an_argument(verdicts):
    """The checker cancels X·X⁻¹ only for an inverse letter the claim binds to X: with A·Aᵀ in place of A·A⁻¹
    (A orthogonal would make it I, an invertible A does not) the same certificate proves nothing."""
    cert = verdicts["X X^-1 = I inside exp"].certificate
    transposed = Claim("f", MatMul(exp(-Trace((x - A.T * m).T * A.T * A * (x - A.T * m))), A),
                       MatMul(exp(-Trace((A * x - m).T * (A * x - m))), A), assume=[Q.invertible(A)])
    assert not check_certificate(cert, transposed).accepted
    assert decide_claim(transposed, timeout=60).status == "refuted"


def test_an_exp_atom_with_a_forged_argument_is_rejected(verdicts):
    """The function atom's arguments are compared with the checker's own (pair-cancelled) translation."""
    cert = verdicts["X X^-1 = I inside exp"].certificate

    def forged_argument(g):
        atom = g.get("atom", {})
        if atom.get("function") == "exp":
            atom["arguments"] = [f"2*({atom['arguments'][0]})"]
            return True
        return False

    assert not check_certificate(_forged(cert, forged_argument), CASES["X X^-1 = I inside exp"][0]).accepted
