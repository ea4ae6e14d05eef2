"""Scalar assumptions tr(w) = v on a 1×1 product w (πᵀ1 = 1, uᵀu = 1): the trace atom of w is v.

The prover (`prove/matrix/assumed_traces.py`, `AtomTable.assume_value`) and the checker
(`certify/assumed_traces.py`) each read the assumption with their own code. Tested: the
claims it proves (also by induction, where the power letter is made heavy so the hypothesis
rewrites it), certificates accepted; rejected when the assumption is dropped or its value
changed; what is not read as such an assumption (a word passing the 1×1 size twice, a value
with a matrix or a function in it, a non-1×1 product).
"""
from __future__ import annotations

import time

import pytest
from sympy import Eq, Identity, MatrixSymbol, OneMatrix, Trace, exp, symbols

from symcheck import Claim
from symcheck.certify.assumed_traces import add_assumed_traces
from symcheck.certify.checker import check_certificate
from symcheck.certify.retranslate import CheckerTranslator, Context
from symcheck.engine import decide_claim, problem_from_claim, prove
from symcheck.prove.matrix.translate import MatrixTranslator

n, k = symbols("n k", integer=True, positive=True)
c = symbols("c", positive=True)
pi, u, v = MatrixSymbol("pi", n, 1), MatrixSymbol("u", n, 1), MatrixSymbol("v", n, 1)
A = MatrixSymbol("A", n, n)
one = OneMatrix(n, 1)
P = one * pi.T
STOCHASTIC = [Eq(Trace(pi.T * one), 1)]
H = Identity(n) - 2 * u * u.T

TRUE = [
    Claim("P^2 = P", P * P, P, assume=STOCHASTIC),
    Claim("P^k = P", P ** k, P, assume=STOCHASTIC),
    Claim("P^k = P, assumption written 1 = 1^T pi", P ** k, P, assume=[Eq(1, Trace(one.T * pi))]),
    Claim("Householder H^2 = I", H * H, Identity(n), assume=[Eq(Trace(u.T * u), 1)]),
    Claim("(u u^T)^3 = c^2 u u^T", u * u.T * u * u.T * u * u.T, c ** 2 * u * u.T, assume=[Eq(Trace(u.T * u), c)]),
    Claim("u v^T A u v^T = 3 u v^T for v^T A u = 3", u * v.T * A * u * v.T, 3 * u * v.T,
          assume=[Eq(Trace(v.T * A * u), 3)]),
]


def certificate(claim: Claim) -> dict:
    verdict = prove(problem_from_claim(claim), time.monotonic() + 30, [])
    assert verdict is not None and verdict.status == "proved", verdict
    return verdict.certificate


@pytest.mark.parametrize("claim", TRUE, ids=lambda c: c.name)
def test_assumed_traces_prove_claims_with_accepted_certificates(claim):
    result = check_certificate(certificate(claim), claim)
    assert result.accepted, result.reason


@pytest.mark.parametrize("claim", TRUE, ids=lambda c: c.name)
def test_the_certificate_is_rejected_without_the_assumption(claim):
    assert not check_certificate(certificate(claim), Claim(claim.name, claim.lhs, claim.rhs)).accepted


def test_the_certificate_is_rejected_when_the_assumed_value_changes():
    claim = TRUE[0]
    changed = Claim(claim.name, claim.lhs, claim.rhs, assume=[Eq(Trace(pi.T * one), 2)])
    assert not check_certificate(certificate(claim), changed).accepted
    claim = TRUE[1]
    changed = Claim(claim.name, claim.lhs, claim.rhs, assume=[Eq(Trace(pi.T * one), 2)])
    assert not check_certificate(certificate(claim), changed).accepted


@pytest.mark.parametrize("claim", [
    Claim("P^2 = P for rows summing to 2", P * P, P, assume=[Eq(Trace(pi.T * one), 2)]),
    Claim("P^k = P without the assumption", P ** k, P),
    Claim("H^2 = I for u^T u = c", H * H, Identity(n), assume=[Eq(Trace(u.T * u), c)]),
], ids=lambda c: c.name)
def test_false_twins_are_refuted(claim):
    assert decide_claim(claim, timeout=30).status == "refuted"


def _prover_values(relations) -> list:
    t = MatrixTranslator(problem_from_claim(Claim("c", u * u.T, u * u.T, assume=relations)))
    return t.assumed_traces


@pytest.mark.parametrize("rel", [
    Eq(Trace(u.T * u * v.T * v), 1),          # passes the 1x1 size twice: two loops
    Eq(Trace(u.T * u), Trace(v.T * v)),      # the value is a matrix quantity
    Eq(Trace(u.T * u), exp(c)),               # the value has a function in it
    Eq(Trace(A), 1),                          # not a 1x1 product
    Eq(Trace(2 * u.T * u), 1),                # a coefficient: not a word
], ids=str)
def test_the_prover_does_not_read_other_assumptions_as_trace_values(rel):
    assert _prover_values([rel]) == []


def test_the_prover_and_the_checker_read_the_same_word():
    claim = TRUE[5]
    assert _prover_values(claim.assume) == [["v^T", "A", "u"]]
    ctx = Context.read(certificate(claim))
    t = CheckerTranslator(ctx)
    assert add_assumed_traces(ctx, t, claim.assume) == [("v^T", "A", "u")]
    assert add_assumed_traces(ctx, t, [Eq(Trace(u.T * u * v.T * v), 1)]) == []
