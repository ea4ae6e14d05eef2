"""Periodic sin, cos of an integer k: the case split on k mod M (`prove/reductions/residues.py`), the
checker's own split (`certify/residues.py`), and induction steps with powers B^(g·q + c).

Tested: claims proved with accepted certificates; certificates rejected for a changed claim or
with a case left out; the claims neither side splits (k not a nonnegative integer, k in an
assumption, two variables, an irrational multiple, a period above 12); both sides derive the
same cases.
"""
from __future__ import annotations

import copy
import time

import pytest
from sympy import Eq, Identity, MatrixSymbol, Q, S as SymPyS, cos, pi, sin, symbols

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.certify.ncpoly import Rejected
from symcheck.certify.residues import residue_cases
from symcheck.certify.view import ClaimView
from symcheck.engine import decide_claim, problem_from_claim, prove
from symcheck.prove.reductions.residues import periodic_variable, quotient_symbol, residue_case

j, k, n = symbols("j k n", integer=True, positive=True)
m = symbols("m", integer=True, nonnegative=True)
x = symbols("x", real=True)
Qe = MatrixSymbol("Q", 2 * j, 2 * j)
S = MatrixSymbol("S", n, n)
ORTHO_SKEW = [Q.orthogonal(Qe), Eq(Qe.T, -Qe)]
I2j = Identity(2 * j)

TRUE = [
    Claim("Q^k = cos(k pi/2) I + sin(k pi/2) Q", Qe ** k, cos(k * pi / 2) * I2j + sin(k * pi / 2) * Qe,
          assume=ORTHO_SKEW),
    Claim("S^m = (1 + cos m pi)/2 I + (1 - cos m pi)/2 S", S ** m,
          (1 + cos(m * pi)) / 2 * Identity(n) + (1 - cos(m * pi)) / 2 * S, assume=[Eq(S * S, Identity(n))]),
    Claim("Q^(k+1) = cos((k+1) pi/2) I + sin((k+1) pi/2) Q", Qe ** (k + 1),
          cos((k + 1) * pi / 2) * I2j + sin((k + 1) * pi / 2) * Qe, assume=ORTHO_SKEW),
]


def certificate(claim: Claim) -> dict:
    verdict = prove(problem_from_claim(claim), time.monotonic() + 60, [])
    assert verdict is not None and verdict.status == "proved", verdict
    return verdict.certificate


@pytest.mark.parametrize("claim", TRUE, ids=lambda c: c.name)
def test_periodic_claims_are_proved_with_accepted_certificates(claim):
    result = check_certificate(certificate(claim), claim)
    assert result.accepted, result.reason


def test_a_residue_certificate_is_rejected_for_a_changed_claim_or_a_missing_case():
    claim = TRUE[0]
    cert = certificate(claim)
    flipped = Claim(claim.name, claim.lhs, cos(k * pi / 2) * I2j - sin(k * pi / 2) * Qe, assume=ORTHO_SKEW)
    assert not check_certificate(cert, flipped).accepted
    short = copy.deepcopy(cert)
    short["obligations"] = short["obligations"][:-1]
    result = check_certificate(short, claim)
    assert not result.accepted and "no obligation of the certificate proves it" in result.reason


@pytest.mark.parametrize("claim", [
    Claim("twin: Q^k = cos(k pi/2) I - sin(k pi/2) Q", Qe ** k, cos(k * pi / 2) * I2j - sin(k * pi / 2) * Qe,
          assume=ORTHO_SKEW),
    Claim("twin: Q^k = sin(k pi/2) I + cos(k pi/2) Q", Qe ** k, sin(k * pi / 2) * I2j + cos(k * pi / 2) * Qe,
          assume=ORTHO_SKEW),
], ids=lambda c: c.name)
def test_false_periodic_claims_are_refuted(claim):
    assert decide_claim(claim, timeout=30).status == "refuted"


NOT_SPLIT = [
    (sin(x * pi), 0, []),                             # x is not an integer
    (sin(k * pi / 2), 1, [Eq(k, 1)]),                  # k in an assumption
    (sin(k * pi / 2 + n * pi), 0, []),                 # two variables
    (cos(k), 1, []),                                  # not a rational multiple of pi
    (cos(k * pi / 7), 1, []),                          # period 14
    (cos(k * pi / 2 + pi / 3) * cos(pi / 5), 0, []),   # fine: period 4 (a constant factor)
]


@pytest.mark.parametrize("lhs, rhs, assume", NOT_SPLIT[:5], ids=str)
def test_the_split_is_refused_outside_its_conditions(lhs, rhs, assume):
    assert periodic_variable(lhs, rhs, assume) is None
    with pytest.raises(Rejected):
        residue_cases(ClaimView(lhs, rhs, "==", [], assume))


def test_the_prover_and_the_checker_split_alike():
    lhs, rhs = NOT_SPLIT[5][0], SymPyS.Zero
    found = periodic_variable(lhs, rhs, [])
    assert found == (k, 4, 1)
    kk, period, cases = residue_cases(ClaimView(lhs, rhs))
    assert (kk, period) == (k, 4)
    for r, q, left, right in cases:
        assert q == quotient_symbol(k, r, 1)
        assert left == residue_case(lhs, k, 4, r, q) and right == residue_case(rhs, k, 4, r, q)
    assert [bool(q.is_positive) for _, q, _, _ in cases] == [True, False, False, False]   # k = 4q >= 1: q >= 1
    assert all(q.is_nonnegative and q.is_integer for _, q, _, _ in cases)


def test_a_claims_own_subclass_of_cos_is_not_split():
    class mycos(cos):   # a claim's own function: it is not SymPy's cos, whatever it inherits
        pass
    assert periodic_variable(mycos(k * pi / 2), 0, []) is None
    with pytest.raises(Rejected):
        residue_cases(ClaimView(mycos(k * pi / 2), SymPyS.Zero))
