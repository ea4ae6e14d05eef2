"""Claims whose matrices all have numeric sizes are written out entry by entry (prove/reductions/explicit.py):
proved with a certificate the checker re-derives (certify/explicit.py), false twins refuted."""
from __future__ import annotations

import pytest
from sympy import Determinant, Eq, Identity, Matrix, MatrixSymbol, Q, Trace, ZeroMatrix

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.engine import decide_claim

A, S = MatrixSymbol("A", 2, 2), MatrixSymbol("S", 2, 2)
x = MatrixSymbol("x", 2, 1)
I2 = Identity(2)

CASES = [   # (true claim, false twin)
    (Claim("Cayley-Hamilton 2x2", A * A - Trace(A) * A + Determinant(A) * I2, ZeroMatrix(2, 2)),
     Claim("twin", A * A - Trace(A) * A - Determinant(A) * I2, ZeroMatrix(2, 2))),
    (Claim("2x2 inverse", A.I, Matrix([[A[1, 1], -A[0, 1]], [-A[1, 0], A[0, 0]]]) / Determinant(A)),
     Claim("twin", A.I, Matrix([[A[0, 0], -A[0, 1]], [-A[1, 0], A[1, 1]]]) / Determinant(A))),
    (Claim("symmetric: real eigenvalues", Trace(S) ** 2 - 4 * Determinant(S), 0, relation=">=",
           assume=[Q.symmetric(S)]),
     Claim("twin: not symmetric", Trace(A) ** 2 - 4 * Determinant(A), 0, relation=">=")),
    (Claim("skew: trace 0", Trace(A), 0, assume=[Eq(A, -A.T)]),
     Claim("twin: trace 0 without skew", Trace(A), 0)),
    (Claim("quadratic form", (x.T * S * x)[0, 0],
           S[0, 0] * x[0, 0] ** 2 + 2 * S[0, 1] * x[0, 0] * x[1, 0] + S[1, 1] * x[1, 0] ** 2, assume=[Q.symmetric(S)]),
     Claim("twin", (x.T * A * x)[0, 0],
           A[0, 0] * x[0, 0] ** 2 + 2 * A[0, 1] * x[0, 0] * x[1, 0] + A[1, 1] * x[1, 0] ** 2)),
]


@pytest.mark.parametrize("true, twin", CASES, ids=[c[0].name for c in CASES])
def test_written_out_claims_are_proved_and_their_twins_refuted(true, twin):
    verdict = decide_claim(true, timeout=30)
    assert verdict.status == "proved" and "explicit sizes" in verdict.method, verdict
    result = check_certificate(verdict.certificate, true)
    assert result.accepted, result.reason
    assert not check_certificate(verdict.certificate, twin).accepted
    assert decide_claim(twin, timeout=30).status == "refuted"
