"""Equations between matrices of numeric sizes, proved entry by entry (`prove.explicit`) and re-derived by
the checker (`certify.explicit_entries`); symbolic sizes, inequalities and false claims are never proved."""
from __future__ import annotations

import time

import pytest
from sympy import Determinant, Identity, ImmutableMatrix, MatrixSymbol, Q, Trace, symbols

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.engine import problem_from_claim
from symcheck.prove.explicit import ExplicitEntriesEngine

n = symbols("n", integer=True, positive=True)
c = symbols("c", real=True)
A, B = MatrixSymbol("A", 2, 2), MatrixSymbol("B", 2, 2)
A3 = MatrixSymbol("A", 3, 3)
x = MatrixSymbol("x", 3, 1)
E12 = ImmutableMatrix(3, 3, lambda i, j: 1 if (i, j) == (0, 1) else 0)


def attempt(claim: Claim):
    return ExplicitEntriesEngine().attempt(problem_from_claim(claim), time.monotonic() + 30)


TRUE = [
    Claim("Cayley-Hamilton 2x2", A * A - Trace(A) * A + Determinant(A) * Identity(2), 0 * Identity(2)),
    Claim("single entry", Trace(A3 * E12), A3[1, 0]),
    Claim("quadratic form", x.T * A3 * E12 * x, (x.T * A3)[0, 0] * x[1, 0]),
    Claim("inverse 2x2", A.inv(), ImmutableMatrix([[A[1, 1], -A[0, 1]], [-A[1, 0], A[0, 0]]]) / Determinant(A)),
    Claim("scalar symbols", c * (A + B), c * A + c * B),
]


@pytest.mark.parametrize("claim", TRUE, ids=lambda cl: cl.name)
def test_identities_of_numeric_size_are_proved_and_rederived(claim):
    verdict = attempt(claim)
    assert verdict is not None and verdict.status == "proved"
    result = check_certificate(verdict.certificate, claim)
    assert result.accepted, result.reason


@pytest.mark.parametrize("claim", [
    Claim("false", A * B, B * A),
    Claim("symbolic size", MatrixSymbol("S", n, n) * Identity(n), MatrixSymbol("S", n, n) * 1),
    Claim("inequality", Trace(A * A.T), 0, relation=">="),
    Claim("needs its assumption", A.T, A, assume=[Q.symmetric(A)]),
], ids=lambda cl: cl.name)
def test_outside_or_false_is_not_proved(claim):
    verdict = attempt(claim)
    assert verdict is None


def test_a_certificate_does_not_carry_over_to_a_false_claim():
    verdict = attempt(TRUE[0])
    false = Claim("Cayley-Hamilton, sign flipped", A * A + Trace(A) * A + Determinant(A) * Identity(2),
                  0 * Identity(2))
    result = check_certificate(verdict.certificate, false)
    assert not result.accepted and "does not cancel" in result.reason
    symbolic = Claim("symbolic", MatrixSymbol("S", n, n), MatrixSymbol("S", n, n) + 0 * Identity(n))
    assert not check_certificate(verdict.certificate, symbolic).accepted
