"""Ones matrices (issue 13 item 9): J = 1·1ᵀ over a column with 1ᵀ1 = n, in the prover and in the checker."""
from __future__ import annotations

import time

import pytest
from sympy import Eq, Identity, MatrixSymbol, OneMatrix, Trace, symbols

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.certify.ncpoly import Rejected
from symcheck.certify.ones import column_assumptions, columns_for, written_with_columns
from symcheck.engine import decide_claim
from symcheck.model.problem import Problem
from symcheck.prove.reductions.ones import OnesReduction, ones_sizes, with_columns

from test_checker import certificate

n, m = symbols("n m", integer=True, positive=True)
X = MatrixSymbol("X", n, m)


def test_ones_matrices_are_written_with_columns():
    u, v = MatrixSymbol("ones_0", m, 1), MatrixSymbol("ones_1", n, 1)
    assert ones_sizes(OneMatrix(n, m), OneMatrix(1, 1)) == [m, n]
    columns = {m: u, n: v}
    assert with_columns(OneMatrix(n, m), columns) == v * u.T
    assert with_columns(OneMatrix(1, n), columns) == v.T
    assert with_columns(Trace(OneMatrix(1, n) * X * OneMatrix(m, 1)), columns) == Trace(v.T * X * u)
    assert written_with_columns(OneMatrix(n, m), columns) == v * u.T   # the checker's own reading agrees


def test_the_reduction_assumes_one_transpose_one_is_the_size():
    reduced = OnesReduction().reduce(Problem.build(Trace(OneMatrix(n, n)), n), time.monotonic() + 5)
    (ob,) = reduced.obligations
    u = MatrixSymbol("ones_0", n, 1)
    assert ob.lhs == Trace(u * u.T) and Eq(u.T * u, n * Identity(1)) in ob.relations


def test_a_claim_symbol_named_like_a_column_is_never_captured():
    clash = MatrixSymbol("ones_0", n, 1)
    problem = Problem.build(OneMatrix(1, n) * clash, clash.T * OneMatrix(n, 1))
    assert OnesReduction().reduce(problem, time.monotonic() + 5) is None
    with pytest.raises(Rejected):
        columns_for([OneMatrix(n, 1)], {"ones_0"})


def test_ones_in_an_assumption_are_declined():
    x = MatrixSymbol("x", n, 1)
    problem = Problem.build(Trace(OneMatrix(n, n)), n, assume=[Eq(OneMatrix(1, n) * x, Identity(1))])
    assert OnesReduction().reduce(problem, time.monotonic() + 5) is None


def test_the_checker_grants_exactly_the_size():
    u = MatrixSymbol("ones_0", n, 1)
    assert column_assumptions({n: u}) == (Eq(u.T * u, n * Identity(1)),)


@pytest.mark.parametrize("claim, expected", [
    (Claim("1^T 1 = n", OneMatrix(n, 1).T * OneMatrix(n, 1), n), "proved"),
    (Claim("tr J = n", Trace(OneMatrix(n, n)), n), "proved"),
    (Claim("tr J = n + 1", Trace(OneMatrix(n, n)), n + 1), "refuted"),
    (Claim("1^T 1 = 1", OneMatrix(n, 1).T * OneMatrix(n, 1), 1), "refuted"),
], ids=["1t1", "trJ", "trJ-twin", "1t1-twin"])
def test_ones_claims_are_decided(claim, expected):
    assert decide_claim(claim, timeout=20).status == expected


def test_a_ones_certificate_does_not_prove_a_neighbouring_claim():
    claim = Claim("tr J = n", Trace(OneMatrix(n, n)), n)
    cert = certificate(claim)
    assert check_certificate(cert, claim).accepted
    for twin in (Claim("t1", Trace(OneMatrix(n, n)), n + 1), Claim("t2", Trace(OneMatrix(m, m)), n)):
        assert not check_certificate(cert, twin).accepted


A = MatrixSymbol("A", n, n)
x = MatrixSymbol("x", n, 1)


@pytest.mark.parametrize("claim, twin", [
    (Claim("tr(J A J) = n 1^T A 1", Trace(OneMatrix(n, n) * A * OneMatrix(n, n)), n * OneMatrix(1, n) * A * OneMatrix(n, 1)),
     Claim("twin", Trace(OneMatrix(n, n) * A * OneMatrix(n, n)), OneMatrix(1, n) * A * OneMatrix(n, 1))),
    (Claim("x^T x = n: tr(x x^T A x x^T) = n x^T A x", Trace(x * x.T * A * x * x.T), n * x.T * A * x,
           assume=[Eq(x.T * x, n * Identity(1))]),
     Claim("twin", Trace(x * x.T * A * x * x.T), x.T * A * x, assume=[Eq(x.T * x, n * Identity(1))])),
], ids=["JAJ", "hypothesis-inside-a-trace"])
def test_a_trace_through_the_one_vertex_is_split_into_its_loops_by_the_checker(claim, twin):
    """tr(u uᵀ A u uᵀ) = (uᵀAu)(uᵀu): the checker splits the loops when the certificate's rewrites need it."""
    cert = certificate(claim)
    result = check_certificate(cert, claim)
    assert result.accepted, result.reason
    assert not check_certificate(cert, twin).accepted
