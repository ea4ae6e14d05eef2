"""A vanishing Gram form has a zero factor: WᵀW = 0, tr(WᵀW) = 0 or ‖W‖_F = 0 grant W = 0.

The prover's premise (`prove/matrix/gram.py`) and the checker's own grant (`certify/gram.py`)
fire only on a Gram form: a product that chains, with a positive numeric coefficient, whose
left part is the transpose of its right part. The tests cover the forms that fire, the
near-misses that must not (AA, GX, a negative coefficient, a nonzero value), certificates
accepted, and certificates rejected when tampered with or when the assumption is changed.
"""
from __future__ import annotations

import copy
import time

import pytest
from sympy import Eq, HadamardPower, MatrixSymbol, Rational, Trace, ZeroMatrix, sqrt, symbols

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.certify.gram import gram_zero_grants
from symcheck.certify.retranslate import CheckerTranslator, Context
from symcheck.constructs import norm, sqnorm
from symcheck.engine import decide_claim, problem_from_claim, prove
from symcheck.prove.matrix.gram import gram_zero_premises
from symcheck.prove.matrix.translate import MatrixTranslator

n, m = symbols("n m", integer=True, positive=True)
c = symbols("c", real=True)
A, B, S = MatrixSymbol("A", m, n), MatrixSymbol("B", m, n), MatrixSymbol("S", n, n)
G, X, x = MatrixSymbol("G", n, n), MatrixSymbol("X", n, m), MatrixSymbol("x", n, 1)
Zmn, Znm = ZeroMatrix(m, n), ZeroMatrix(n, m)

TRUE = [
    Claim("||A|| = 0 => A = 0", A, Zmn, assume=[Eq(norm(A), 0)]),
    Claim("0 = ||A|| => A = 0", A, Zmn, assume=[Eq(0, norm(A))]),
    Claim("tr(A^T A) = 0 => A = 0", A, Zmn, assume=[Eq(Trace(A.T * A), 0)]),
    Claim("tr(A A^T) = 0 => A^T B = 0", A.T * B, ZeroMatrix(n, n), assume=[Eq(Trace(A * A.T), 0)]),
    Claim("3 ||A||^2 = 0 => A = 0", A, Zmn, assume=[Eq(3 * sqnorm(A), 0)]),
    Claim("A^T A = 0 => A = 0", A, Zmn, assume=[Eq(A.T * A, ZeroMatrix(n, n))]),
    Claim("X^T G G^T X = 0 => G G^T X = 0", G * G.T * X, Znm, assume=[Eq(X.T * G * G.T * X, ZeroMatrix(m, m))]),
    Claim("x^T G G^T x = 0 => G^T x = 0", G.T * x, ZeroMatrix(n, 1), assume=[Eq(x.T * G * G.T * x, ZeroMatrix(1, 1))]),
]


def certificate(claim: Claim) -> dict:
    verdict = prove(problem_from_claim(claim), time.monotonic() + 30, [])
    assert verdict is not None and verdict.status == "proved", verdict
    return verdict.certificate


@pytest.mark.parametrize("claim", TRUE, ids=lambda c: c.name)
def test_vanishing_gram_forms_prove_their_factor_zero_with_accepted_certificates(claim):
    cert = certificate(claim)
    assert any(h["kind"] == "gram-zero" for h in cert["hypotheses"])
    result = check_certificate(cert, claim)
    assert result.accepted, result.reason


@pytest.mark.parametrize("claim", TRUE, ids=lambda c: c.name)
def test_a_gram_certificate_is_rejected_without_its_assumption(claim):
    assert not check_certificate(certificate(claim), Claim(claim.name, claim.lhs, claim.rhs)).accepted


def test_a_gram_certificate_is_rejected_for_a_form_that_is_not_gram():
    claim = TRUE[6]
    cert = certificate(claim)
    changed = Claim(claim.name, claim.lhs, claim.rhs, assume=[Eq(X.T * G * X, ZeroMatrix(m, m))])
    assert not check_certificate(cert, changed).accepted


def test_a_tampered_gram_hypothesis_is_rejected():
    claim = TRUE[6]
    cert = copy.deepcopy(certificate(claim))
    for h in cert["hypotheses"]:
        if h["kind"] == "gram-zero" and h["poly"]["terms"][0][1] == ["G^T", "X"]:
            h["poly"]["terms"][0][1] = ["G", "X"]      # claims G X = 0 instead of G^T X = 0
            break
    else:
        pytest.fail("no gram-zero hypothesis G^T X in the certificate")
    result = check_certificate(cert, claim)
    assert not result.accepted
    assert "not granted" in result.reason


NOT_GRAM = [
    Eq(Trace(S * S), 0),                          # S S is no Gram form
    Eq(X.T * G * X, ZeroMatrix(m, m)),            # G in the middle, not G G^T
    Eq(-Trace(A.T * A), 1),                       # a nonzero value
    Eq(Trace(A.T * A), 1),
    Eq(norm(A), 1),
    Eq(Trace(A.T * B), 0),                        # different factors
    Eq(sqrt(Trace(S)), 0),                        # no product
    Eq(Trace((sqrt(c) * A + B).T * (sqrt(c) * A + B)), 0),  # sqrt(c) is not real for c < 0
    Eq(Trace(HadamardPower(A, Rational(1, 2)).T * HadamardPower(A, Rational(1, 2))), 0),  # entrywise roots
]


def _premises(rel, extra=()):
    claim = Claim("c", S, S, assume=[rel, *extra])
    t = MatrixTranslator(problem_from_claim(claim))
    return gram_zero_premises(t)


@pytest.mark.parametrize("rel", NOT_GRAM, ids=str)
def test_the_prover_grants_nothing_for_a_form_that_is_not_a_vanishing_gram_form(rel):
    assert _premises(rel) == []


def test_the_prover_grants_the_factor_of_each_gram_form():
    claim = Claim("c", G * X, G * X, assume=[Eq(X.T * G * G.T * X, ZeroMatrix(m, m))])
    t = MatrixTranslator(problem_from_claim(claim))
    assert [p.poly.show(t.alphabet) for p in gram_zero_premises(t)] == ["G^T*X"]


def _grants(claim_with_cert: Claim, relations: list) -> list:
    ctx = Context.read(certificate(claim_with_cert))
    t = CheckerTranslator(ctx)
    return [p.show(ctx.field) for p in gram_zero_grants(t, relations)]


def test_the_checker_grants_the_factor_only_for_a_gram_form():
    claim = TRUE[6]
    assert _grants(claim, [Eq(X.T * G * G.T * X, ZeroMatrix(m, m))]) == ["G^T*X"]
    assert _grants(claim, [Eq(X.T * G * X, ZeroMatrix(m, m))]) == []
    assert _grants(claim, [Eq(X.T * G * G.T * X, X.T * X)]) == []
    assert _grants(claim, [Eq(-X.T * G * G.T * X, ZeroMatrix(m, m))]) == []



def test_the_checker_takes_only_plainly_real_products():
    from symcheck.certify.gram import _real_entries
    assert _real_entries(X.T * G * G.T * X)
    W = sqrt(c) * X + G * X                      # complex when c < 0
    assert not _real_entries(W.T * W)
    assert not _real_entries(HadamardPower(G, Rational(1, 2)).T * HadamardPower(G, Rational(1, 2)))


def test_false_twins_are_refuted():
    for claim in (Claim("tr(S S) = 0 => S = 0", S, ZeroMatrix(n, n), assume=[Eq(Trace(S * S), 0)]),
                  Claim("X^T G X = 0 => G X = 0", G * X, Znm, assume=[Eq(X.T * G * X, ZeroMatrix(m, m))])):
        verdict = decide_claim(claim, timeout=30)
        assert verdict.status == "refuted", verdict.detail
