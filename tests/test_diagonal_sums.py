"""Σᵢ₌₀ⁿ⁻¹ M[i, i] = tr M: the prover's reading (`prove/matrix/diagonal_sums.py`), the checker's own
(`certify/diagonal_sums.py`), the refuter's exact evaluation of `Sum`, certificates accepted and
rejected for a changed claim, and the sums neither side reads as traces.
"""
from __future__ import annotations

import time

import pytest
from sympy import ImmutableMatrix, Integer, MatrixSymbol, Sum, Trace, symbols

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.certify.diagonal_sums import as_traces
from symcheck.engine import decide_claim, problem_from_claim, prove
from symcheck.prove.matrix.diagonal_sums import diagonal_sum_as_traces
from symcheck.refute.errors import Undefined
from symcheck.refute.evaluate import Instance, evaluate

n, m = symbols("n m", integer=True, positive=True)
i, j = symbols("i j", integer=True)
c = symbols("c")
A, B = MatrixSymbol("A", n, n), MatrixSymbol("B", n, n)
F, K = MatrixSymbol("F", n, m), MatrixSymbol("K", m, n)

TRUE = [
    Claim("Tr(A) = sum_i A_ii", Trace(A), Sum(A[i, i], (i, 0, n - 1))),
    Claim("Tr(A + c B) = sum_i (A_ii + c B_ii)", Trace(A + c * B), Sum(A[i, i] + c * B[i, i], (i, 0, n - 1))),
    Claim("2 Tr(A) - sum_i A_ii = Tr(A^T)", 2 * Trace(A) - Sum(A[i, i], (i, 0, n - 1)), Trace(A.T)),
]


def certificate(claim: Claim) -> dict:
    verdict = prove(problem_from_claim(claim), time.monotonic() + 30, [])
    assert verdict is not None and verdict.status == "proved", verdict
    return verdict.certificate


@pytest.mark.parametrize("claim", TRUE, ids=lambda c: c.name)
def test_diagonal_sums_are_traces_with_accepted_certificates(claim):
    result = check_certificate(certificate(claim), claim)
    assert result.accepted, result.reason


def test_a_certificate_is_rejected_for_a_sum_that_is_not_the_trace():
    cert = certificate(TRUE[0])
    for rhs in (Sum(A[i, i], (i, 0, n - 2)), Sum(A[i, 0], (i, 0, n - 1)), Sum(A[i, i], (i, 1, n - 1))):
        assert not check_certificate(cert, Claim("changed", Trace(A), rhs)).accepted


@pytest.mark.parametrize("expr", [
    Sum(A[i, i], (i, 0, n - 2)),            # one short
    Sum(A[i, i], (i, 1, n)),                # 1-based: A[n, n] does not exist
    Sum(A[i, 0], (i, 0, n - 1)),            # not the diagonal
    Sum(A[i, i] * B[i, i], (i, 0, n - 1)),  # a product of entries
    Sum(i * A[i, i], (i, 0, n - 1)),        # a weight depending on i
    Sum(A[i, j], (i, 0, n - 1), (j, 0, n - 1)),
    Sum((F * K)[i, i], (i, 0, m - 1)),      # F K is n x n, not m x m
], ids=str)
def test_other_sums_are_not_traces(expr):
    assert diagonal_sum_as_traces(expr) is None
    assert as_traces(expr) is None


def test_the_prover_and_the_checker_read_a_sum_alike():
    expr = Sum(A[i, i] + c * B[i, i], (i, 0, n - 1))
    assert diagonal_sum_as_traces(expr) == as_traces(expr) == Trace(A) + c * Trace(B)


def test_the_refuter_evaluates_sums_exactly():
    inst = Instance({n: 3}, {A: ImmutableMatrix([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), c: Integer(2)})
    assert evaluate(Sum(A[i, i], (i, 0, n - 1)), inst) == 15
    assert evaluate(Sum(c * A[i, 0], (i, 0, n - 1)), inst) == 24
    with pytest.raises(Undefined):
        evaluate(Sum(A[i, i], (i, 1, n)), inst)     # A[3, 3] is outside a 3x3 matrix


@pytest.mark.parametrize("claim", [
    Claim("Tr(A) = sum_{i <= n-2} A_ii", Trace(A), Sum(A[i, i], (i, 0, n - 2))),
    Claim("Tr(A B) = sum_i A_ii B_ii", Trace(A * B), Sum(A[i, i] * B[i, i], (i, 0, n - 1))),
], ids=lambda c: c.name)
def test_false_sums_are_refuted(claim):
    assert decide_claim(claim, timeout=30).status == "refuted"
