"""Claims whose matrices all have numeric sizes are written out entry by entry (prove/reductions/explicit.py):
proved with a certificate the checker re-derives (certify/explicit.py), false twins refuted; symbolic sizes,
calculus and symcheck constructs are left to other paths. (The `explicit entries` engine that overlapped this
reduction was folded into it: its claims are here, and its retired certificate kind is rejected.)"""
from __future__ import annotations

import copy
import time

import pytest
import sympy
from sympy import (
    Derivative, Determinant, Eq, HadamardProduct, Identity, ImmutableMatrix, KroneckerProduct, Matrix, MatrixSymbol,
    OneMatrix, Q, Trace, ZeroMatrix, symbols,
)

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.certify.srepr_reader import read_srepr
from symcheck.engine import decide_claim, problem_from_claim
from symcheck.prove.reductions.explicit import ExplicitReduction

n = symbols("n", integer=True, positive=True)
c, t = symbols("c t", real=True)
a1, a2, a3 = symbols("a1 a2 a3", real=True)
A, B, S = MatrixSymbol("A", 2, 2), MatrixSymbol("B", 2, 2), MatrixSymbol("S", 2, 2)
A3 = MatrixSymbol("A", 3, 3)
x, x3 = MatrixSymbol("x", 2, 1), MatrixSymbol("x", 3, 1)
I2 = Identity(2)
E12 = ImmutableMatrix(3, 3, lambda i, j: 1 if (i, j) == (0, 1) else 0)
VANDERMONDE = Matrix([[1, a1, a1 ** 2], [1, a2, a2 ** 2], [1, a3, a3 ** 2]])

def reduce(claim: Claim):
    return ExplicitReduction().reduce(problem_from_claim(claim), time.monotonic() + 30)


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
    # what the explicit-entries engine proved before it was folded in: constructs SymPy writes out, scalar
    # symbols, and claims whose only matrices are explicit ones
    (Claim("single entry", Trace(A3 * E12), A3[1, 0]),
     Claim("twin", Trace(A3 * E12), A3[0, 1])),
    (Claim("quadratic form with a single-entry matrix", x3.T * A3 * E12 * x3, (x3.T * A3)[0, 0] * x3[1, 0]),
     Claim("twin", x3.T * A3 * E12 * x3, (x3.T * A3)[0, 1] * x3[1, 0])),
    (Claim("scalar symbols", c * (A + B), c * A + c * B),
     Claim("twin", c * (A + B), c * A + B)),
    (Claim("Kronecker trace", Trace(KroneckerProduct(A, B)), Trace(A) * Trace(B)),
     Claim("twin", Trace(KroneckerProduct(A, B)), Trace(A) + Trace(B))),
    (Claim("Kronecker mixed product", KroneckerProduct(A, B) * KroneckerProduct(B, A),
           KroneckerProduct(A * B, B * A)),
     Claim("twin", KroneckerProduct(A, B) * KroneckerProduct(B, A), KroneckerProduct(B * A, A * B))),
    (Claim("Hadamard trace", Trace(A.T * HadamardProduct(B, A)),
           sum(B[i, j] * A[i, j] ** 2 for i in range(2) for j in range(2))),
     Claim("twin", Trace(A.T * HadamardProduct(B, A)),
           sum(B[i, j] * A[i, j] for i in range(2) for j in range(2)))),
    (Claim("Vandermonde determinant", Determinant(VANDERMONDE), (a2 - a1) * (a3 - a1) * (a3 - a2)),
     Claim("twin", Determinant(VANDERMONDE), (a2 - a1) * (a3 - a1) * (a2 - a3))),
    (Claim("1x1 identity times a scalar", n * Identity(1), n),
     Claim("twin", n * Identity(1), n + 1)),
    # derivatives by a real scalar of parts that write out as rational functions (Cookbook eq. 41's form)
    (Claim("d det(A + tB)/dt = Tr(adj(A + tB) B)", Derivative(Determinant(A + t * B), t),
           Trace((A + t * B).as_explicit().adjugate() * B.as_explicit())),
     Claim("twin", Derivative(Determinant(A + t * B), t), Trace((A + t * B).as_explicit().adjugate() * B.as_explicit().T))),
    (Claim("d Tr((A + tI)^-1)/dt = -Tr((A + tI)^-2)", Derivative(Trace((A + t * I2).inverse()), t),
           -Trace((A + t * I2).inverse() ** 2)),
     Claim("twin", Derivative(Trace((A + t * I2).inverse()), t), Trace((A + t * I2).inverse() ** 2))),
    (Claim("d2 x(t)^T A x(t)/dt2 = 2 x1^T A x1", Derivative((x + t * MatrixSymbol("x_1", 2, 1)).T * A
                                                            * (x + t * MatrixSymbol("x_1", 2, 1)), (t, 2)),
           2 * MatrixSymbol("x_1", 2, 1).T * A * MatrixSymbol("x_1", 2, 1)),
     Claim("twin", Derivative((x + t * MatrixSymbol("x_1", 2, 1)).T * A * (x + t * MatrixSymbol("x_1", 2, 1)), (t, 2)),
           MatrixSymbol("x_1", 2, 1).T * A * MatrixSymbol("x_1", 2, 1))),
    (Claim("ones matrix of numeric size", OneMatrix(1, 2) * A * OneMatrix(2, 1),
           A[0, 0] + A[0, 1] + A[1, 0] + A[1, 1]),
     Claim("twin", OneMatrix(1, 2) * A * OneMatrix(2, 1), A[0, 0] + A[0, 1] + A[1, 0])),
]


@pytest.mark.parametrize("true, twin", CASES, ids=[f"{i}-{c[0].name}" for i, c in enumerate(CASES)])
def test_written_out_claims_are_proved_and_their_twins_refuted(true, twin):
    assert reduce(true) is not None
    verdict = decide_claim(true, timeout=30)
    assert verdict.status == "proved", verdict     # by this reduction, or by a path tried before it
    result = check_certificate(verdict.certificate, true)
    assert result.accepted, result.reason
    assert not check_certificate(verdict.certificate, twin).accepted
    assert decide_claim(twin, timeout=30).status == "refuted"


@pytest.mark.parametrize("claim", [
    Claim("symbolic size", MatrixSymbol("S", n, n) * Identity(n), MatrixSymbol("S", n, n)),
    Claim("symbolic identity", c * Identity(n), c * Identity(n) + 0 * Identity(n)),
    Claim("a derivative by a matrix is the calculus reduction's", Derivative(Trace(A * A), A), 2 * A.T),
    Claim("a derivative of |.|, which may not exist", Derivative(sympy.Abs(Trace(A + t * B)), t), sympy.sign(Trace(A))),
    Claim("a derivative of exp", Derivative(sympy.exp(t * Trace(A)), t), Trace(A) * sympy.exp(t * Trace(A))),
    Claim("a derivative by an integer", Derivative(Trace(A) * n, n), Trace(A)),
    Claim("no matrix at all", c * (c + 1), c ** 2 + c),
], ids=lambda cl: cl.name)
def test_claims_outside_numeric_sizes_are_not_written_out(claim):
    assert reduce(claim) is None


@pytest.mark.parametrize("true", [c[0] for c in CASES if c[0].relation == "==" and not c[0].assume],
                         ids=lambda cl: cl.name)
def test_equations_whose_entries_cancel_are_settled_by_the_reduction_alone(true):
    reduced = reduce(true)
    assert all(o.lhs == o.rhs for o in reduced.obligations), [(o.lhs, o.rhs) for o in reduced.obligations]


def test_entries_that_cancel_are_settled_and_the_others_left_to_the_provers():
    reduced = reduce(Claim("inverse", A.I * (A + B), I2 + A.I * B))
    assert reduced is not None and len(reduced.obligations) == 4
    assert all(o.lhs == o.rhs for o in reduced.obligations)      # rational functions cancel here
    reduced = reduce(Claim("commute", A * B, B * A))
    assert reduced is not None and any(o.lhs != o.rhs for o in reduced.obligations)


def test_a_matrix_sympy_writes_out_too_large_is_not_written_out():
    big = MatrixSymbol("G", 6, 6)   # 6×6 ⊗ 6×6 has 1,296 entries
    assert reduce(Claim("big Kronecker", Trace(KroneckerProduct(big, big)), Trace(big) ** 2)) is None


def test_a_tampered_certificate_of_a_kronecker_claim_is_rejected():
    true = CASES[9][0]
    cert = decide_claim(true, timeout=30).certificate
    assert cert["format"] == "symcheck-reduction/1" and cert["reduction"] == "explicit sizes"
    forged = copy.deepcopy(cert)
    forged["data"]["lhs"] = sympy.srepr(2 * read_srepr(forged["data"]["lhs"]))
    result = check_certificate(forged, true)
    assert not result.accepted and "data" in result.reason
    forged = copy.deepcopy(cert)
    forged["obligations"] = forged["obligations"][:1]
    forged["obligations"][0]["rhs"] = sympy.srepr(read_srepr(forged["obligations"][0]["rhs"]) + 1)
    assert not check_certificate(forged, true).accepted


def test_a_certificate_does_not_carry_over_to_a_symbolic_size():
    cert = decide_claim(CASES[0][0], timeout=30).certificate
    symbolic = Claim("symbolic", MatrixSymbol("S", n, n), MatrixSymbol("S", n, n) + 0 * Identity(n))
    result = check_certificate(cert, symbolic)
    assert not result.accepted


def test_the_retired_explicit_entries_kind_is_rejected_with_what_replaced_it():
    claim = CASES[0][0]
    retired = {"format": "symcheck-ground/1", "kind": "explicit entries",
               "lhs": sympy.srepr(claim.lhs), "rhs": sympy.srepr(claim.rhs)}
    result = check_certificate(retired, claim)
    assert not result.accepted and "retired" in result.reason and "explicit sizes" in result.reason


def test_a_written_out_derivative_is_re_derived_by_the_checker():
    """Cookbook eq. 41's form: the checker differentiates its own written-out entries and accepts nothing else."""
    jacobi = next(true for true, _ in CASES if true.name.startswith("d det(A + tB)/dt"))
    cert = decide_claim(jacobi, timeout=30).certificate
    assert cert["reduction"] == "explicit sizes"
    assert check_certificate(cert, jacobi).accepted
    forged = copy.deepcopy(cert)
    forged["data"]["lhs"] = sympy.srepr(read_srepr(forged["data"]["lhs"]) + t)
    assert not check_certificate(forged, jacobi).accepted
    kinked = Claim("kinked", Derivative(sympy.Abs(Determinant(A + t * B)), t), jacobi.rhs)
    result = check_certificate(cert, kinked)
    assert not result.accepted and "rational function" in result.reason
    by_matrix = Claim("by a matrix", Derivative(Determinant(A + t * B), A), jacobi.rhs)
    assert not check_certificate(cert, by_matrix).accepted
