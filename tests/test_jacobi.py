"""Jacobi's formula d det M = det M·tr(M⁻¹dM) (issue 13 item 2, calculus half): the prover's rule, its side
condition (M invertible wherever the claim is asserted), the checker's own re-derivation, and the refuter.

The side condition is the soundness point: at a singular M the derivative of det is tr(adj(M) dM), not
det(M)·tr(M⁻¹dM), so the rule may fire only when the claim itself shows M invertible on its whole domain.
"""
from __future__ import annotations

import copy

import pytest
import sympy
from sympy import Abs, Derivative, Determinant, Eq, Identity, Limit, MatrixSymbol, Q, Trace, log, oo, symbols

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.certify.jacobi import invertible_keys
from symcheck.certify.normal import Normal
from symcheck.certify.rederive import rederive_derivative
from symcheck.certify.view import ClaimView
from symcheck.engine import decide_claim, problem_from_claim
from symcheck.prove.reductions.derivative import DerivativeReduction
from symcheck.prove.reductions.invertible import InvertibleOnDomain

from test_checker import certificate

n, m = symbols("n m", integer=True, positive=True)
k = symbols("k", integer=True, positive=True)
t, lam = symbols("t lambda", real=True)
X, A, B, Y = (MatrixSymbol(s, n, n) for s in "XABY")
Xr = MatrixSymbol("X", n, m)
S0, S1 = MatrixSymbol("S_0", n, n), MatrixSymbol("S_1", n, n)
DEN = "denominator"


def domain(claim) -> InvertibleOnDomain:
    return InvertibleOnDomain(problem_from_claim(claim))


# ---- which matrices the claim shows invertible (prover side) ----------------------------------------------

@pytest.mark.parametrize("claim, matrix", [
    (Claim("inverse", X.I, X.I), X),
    (Claim("transposed inverse", X.T.I, X.T.I), X),
    (Claim("inverse of a transpose", X.I.T, X.I.T), X.T),
    (Claim("negative power", X ** -2, X ** -2), X),
    (Claim("predicate", X, X, assume=[Q.invertible(X)]), X),
    (Claim("pd", X, X, assume=[Q.positive_definite(X)]), X),
    (Claim("orthogonal", X, X, assume=[Q.orthogonal(X)]), X.T),
    (Claim("det > 0", X, X, assume=[Determinant(X) > 0]), X),
    (Claim("0 > det", X, X, assume=[0 > Determinant(X)]), X),
    (Claim("det != 0", X, X, assume=[sympy.Ne(Determinant(X), 0)]), X),
    (Claim("det^2 > 0", X, X, assume=[Determinant(X) ** 2 > 0]), X),
    (Claim("log det", log(Determinant(X)), 0), X),
    (Claim("log |det|", log(Abs(Determinant(X))), 0), X),
    (Claim("denominator", 1 / Determinant(X), 0), X),
    (Claim("factor of a product", log(Determinant(A * X * B)), 0), X),
    (Claim("factor of a product, the other one", X, X, assume=[Determinant(A * X) > 0]), A),
    (Claim("rectangular Gram", log(Determinant(Xr.T * Xr)), 0), Xr.T * Xr),
    (Claim("symbolic power", X ** k, X ** k, assume=[Q.invertible(X)]), X ** k),
    (Claim("inside a derivative", Derivative(log(Determinant(S0 + t * S1)), t), 0), S0 + t * S1),
])
def test_the_claim_shows_the_matrix_invertible(claim, matrix):
    assert domain(claim).reason(matrix) is not None


@pytest.mark.parametrize("claim, matrix", [
    (Claim("nothing", X, X), X),
    (Claim("another matrix", A.I, A.I), X),
    (Claim("inside a limit", Limit((X + lam * Identity(n)).I, lam, oo), sympy.ZeroMatrix(n, n)),
     X + lam * Identity(n)),
    (Claim("det >= 0", X, X, assume=[Determinant(X) >= 0]), X),
    (Claim("det > 1 says nothing here", X, X, assume=[Determinant(X) > 1]), X),
    (Claim("a symbolic power of det", X, X, assume=[Determinant(X) ** k > 0]), X),
    (Claim("log of a trace", log(Trace(X)), 0), X),
    (Claim("a rectangular factor", log(Determinant(Xr.T * Xr)), 0), Xr),
    (Claim("XY = I is not read", X, X, assume=[Eq(X * Y, Identity(n))]), X),
])
def test_the_claim_does_not_show_the_matrix_invertible(claim, matrix):
    assert domain(claim).reason(matrix) is None


# ---- the rule in the prover -----------------------------------------------------------------------------

def reduced(claim):
    return DerivativeReduction().reduce(problem_from_claim(claim), float("inf"))


def test_jacobi_gives_det_times_the_inverse_transpose_in_denominator_layout():
    out = reduced(Claim("d det", Derivative(Determinant(X), X), Determinant(X) * X.I.T, layout=DEN))
    (ob,) = out.obligations
    assert ob.lhs.has(Determinant(X)) and ob.lhs.has(sympy.Inverse(X))
    assert any("Jacobi" in s and "inverts X" in s for s in out.steps)


def test_jacobi_does_not_fire_without_an_inverse_the_claim_takes():
    """XY = I makes X invertible, but the rule does not read it: the reduction declines (unknown), it
    never assumes an inverse the claim does not take."""
    claim = Claim("d det", Derivative(Determinant(X), X), Determinant(X) * Y.T, assume=[Eq(X * Y, Identity(n))],
                  layout=DEN)
    assert reduced(claim) is None


def test_the_factors_of_a_product_need_only_the_varying_one_invertible():
    out = reduced(Claim("d det AXB", Derivative(Determinant(A * X * B), X), Determinant(A * X * B) * X.I.T,
                        layout=DEN))
    assert out is not None
    assert not any(s for s in out.steps if "A is invertible" in s or "B is invertible" in s)


def test_the_determinant_of_an_inverse_needs_nothing_more():
    out = reduced(Claim("d det X^-1", Derivative(Determinant(X.I), X), -Determinant(X.I) * X.I.T, layout=DEN))
    assert out is not None


def test_log_abs_det_has_no_kink_assumption():
    out = reduced(Claim("d log|det|", Derivative(log(Abs(Determinant(X))), X), X.I.T, layout=DEN))
    assert out is not None
    for ob in out.obligations:
        assert not ob.relations, ob.relations


@pytest.mark.parametrize("layout, rhs", [(DEN, X.I.T), ("numerator", X.I)])
def test_log_det_is_proved_in_both_layouts_and_the_swapped_one_refuted(layout, rhs):
    assume = [Determinant(X) > 0]
    assert decide_claim(Claim("ld", Derivative(log(Determinant(X)), X), rhs, assume=assume, layout=layout),
                        20.0).status == "proved"
    wrong = X.I if layout == DEN else X.I.T
    assert decide_claim(Claim("ld", Derivative(log(Determinant(X)), X), wrong, assume=assume, layout=layout),
                        20.0).status == "refuted"


def test_log_det_of_a_curve_by_a_scalar():
    curve = S0 + t * S1
    claim = Claim("ld t", Derivative(log(Determinant(curve)), t), Trace(curve.I * S1),
                  assume=[Determinant(curve) > 0])
    assert decide_claim(claim, 20.0).status == "proved"
    twin = Claim("ld t", Derivative(log(Determinant(curve)), t), Trace(S1 * curve), assume=[Determinant(curve) > 0])
    assert decide_claim(twin, 20.0).status == "refuted"


def test_the_derivative_of_det_at_a_singular_matrix_is_not_det_times_an_inverse():
    """The refuter differentiates exactly: at X = 0 (1×1) d det X/dX = 1, which refutes '= X'."""
    verdict = decide_claim(Claim("d det = X", Derivative(Determinant(X), X), X, layout=DEN), 20.0)
    assert verdict.status == "refuted"


# ---- the checker's own rule -------------------------------------------------------------------------------

def keys_of(claim, matrix):
    n_ = Normal()
    view = ClaimView.of(claim)
    return n_.normalised_key(n_.matrix(matrix)) in invertible_keys(view, n_)


@pytest.mark.parametrize("claim, matrix, shown", [
    (Claim("inverse", X.I, X.I), X, True),
    (Claim("transposed", X.T.I, X.T.I), X, True),
    (Claim("log det product", log(Determinant(A * X)), 0), X, True),
    (Claim("det > 0", X, X, assume=[Determinant(X) > 0]), X.T, True),
    (Claim("symbolic power", X, X, assume=[Q.invertible(X ** k)]), X, True),
    (Claim("nothing", X, X), X, False),
    (Claim("inside a limit", Limit((X + lam * Identity(n)).I, lam, oo), sympy.ZeroMatrix(n, n)),
     X + lam * Identity(n), False),
    (Claim("XY = I", X, X, assume=[Eq(X * Y, Identity(n))]), X, False),
    (Claim("det >= 0", X, X, assume=[Determinant(X) >= 0]), X, False),
])
def test_the_checker_reads_invertibility_from_the_claim_itself(claim, matrix, shown):
    assert keys_of(claim, matrix) is shown


def test_the_checker_rejects_jacobi_without_an_inverse_the_claim_shows():
    claim = Claim("d det", Derivative(Determinant(X), X), Determinant(X) * Y.T, assume=[Eq(X * Y, Identity(n))],
                  layout=DEN)
    with pytest.raises(Exception) as info:
        rederive_derivative(ClaimView.of(claim), {})
    assert "invertible" in str(info.value)
    shown = Claim("d det", Derivative(Determinant(X), X), Determinant(X) * X.I.T, layout=DEN)
    d = rederive_derivative(ClaimView.of(shown), {})
    assert d.obligations[0].evident  # det(X)·(X⁻¹)ᵀ on both sides


def test_a_log_det_certificate_is_accepted_and_a_forged_one_rejected():
    claim = Claim("ld", Derivative(log(Determinant(X)), X), X.I.T, assume=[Determinant(X) > 0], layout=DEN)
    cert = certificate(claim)
    assert check_certificate(cert, claim).accepted
    forged = copy.deepcopy(cert)   # the derivative data claimed as X⁻¹ (the numerator form)
    forged["data"]["lhs"] = sympy.srepr(X.I)
    assert not check_certificate(forged, claim).accepted
    twin = Claim("ld twin", claim.lhs, X.I, assume=[Determinant(X) > 0], layout=DEN)
    assert not check_certificate(cert, twin).accepted


def test_a_forged_jacobi_proof_of_a_false_claim_is_rejected():
    """d det X/dX = det(X)·Yᵀ with XY = I is true, but with Yᵀ replaced by Xᵀ it is false; a certificate
    that claims the checker's obligation is evident must not get through either way: the checker refuses
    Jacobi's formula here, since the claim does not show X invertible."""
    claim = Claim("d det", Derivative(Determinant(X), X), Determinant(X) * X.T, layout=DEN)
    rhs = sympy.srepr(Determinant(X) * X.T)
    forged = {"format": "symcheck-reduction/1", "reduction": "matrix calculus (directional derivative)",
              "data": {"lhs": rhs, "rhs": rhs}, "obligations": []}
    assert "invertible" in check_certificate(forged, claim).reason
