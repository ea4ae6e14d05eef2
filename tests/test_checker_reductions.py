"""Reduction certificates are re-derived by the checker: forged ones are rejected for every reduction kind.

For each reduction the engine has (derivative, expectation, argmin, limit, entrywise,
determinant, explicit sizes, scalar equations) a true claim whose reduction leaves an obligation that is not evident,
and a near-identical false claim (its twin). The real certificate of the true claim
must be accepted; each forgery of it must be rejected: no obligations, a trivial
obligation standing in for the real one, the certificate presented for the twin,
tampered data, tampered obligation sides.
"""
from __future__ import annotations

import copy

import pytest
import sympy
from sympy import (
    Abs, Derivative, Determinant, Identity, Limit, Matrix, MatrixSymbol, Max, Min, OneMatrix, Q, Trace, symbols,
)

from symcheck import Claim, argmin, expectation, sqnorm
from symcheck.certify.checker import check_certificate
from symcheck.certify.rederive import REDERIVATIONS

from test_checker import certificate

n, d = symbols("n d", integer=True, positive=True)
lam, sigma = symbols("lambda sigma", positive=True)
x1, x2 = symbols("x1 x2", real=True)
X = MatrixSymbol("X", n, d)
y = MatrixSymbol("y", n, 1)
w = MatrixSymbol("w", d, 1)
x = MatrixSymbol("x", n, 1)
A, B = MatrixSymbol("A", n, n), MatrixSymbol("B", n, n)
S2 = MatrixSymbol("S", 2, 2)
R, k = MatrixSymbol("R", n, n), symbols("k", integer=True, positive=True)
eps = MatrixSymbol("epsilon", n, 1)
In, Id = Identity(n), Identity(d)
HAT = X * (X.T * X).I * X.T
RELU_PAIR = Matrix([[x1 / 2 + x2 / 2 - Abs(x1 - x2) / 2], [x1 / 2 + x2 / 2 + Abs(x1 - x2) / 2]])

# kind -> (true claim, its false twin, the data field to tamper with)
CASES = {
    "matrix calculus (directional derivative)": (
        Claim("grad", Derivative(x.T * A * x, x), 2 * x.T * A, assume=[Q.symmetric(A)]),
        Claim("grad twin", Derivative(x.T * A * x, x), 2 * x.T * A),          # false without symmetry
        "lhs"),
    "Gaussian expectation (moments)": (
        Claim("E", expectation(Trace(eps.T * (In - HAT) * eps), eps, sigma), sigma ** 2 * (n - d)),
        Claim("E twin", expectation(Trace(eps.T * (In - HAT) * eps), eps, sigma), sigma ** 2 * (n - d + 1)),
        "lhs"),
    "optimality (stationarity + strict convexity)": (
        Claim("ls", argmin(sqnorm(X * w - y), w), (X.T * X).I * X.T * y),
        Claim("ls twin", argmin(sqnorm(X * w - y), w), 2 * (X.T * X).I * X.T * y),
        "hessian"),
    "limits (continuity, rational functions)": (
        Claim("lim", Limit((lam * Id + X.T * X).I * X.T * y, lam, 0), X.T * (X * X.T).I * y),
        Claim("lim twin", Limit((lam * Id + X.T * X).I * X.T * y, lam, 0), 2 * X.T * (X * X.T).I * y),
        "lhs"),
    "entrywise": (
        Claim("relu pair", RELU_PAIR, Matrix([[Min(x1, x2)], [Max(x1, x2)]])),
        Claim("relu pair twin", RELU_PAIR, Matrix([[Max(x1, x2)], [Min(x1, x2)]])),
        "entries"),
    "determinant laws": (
        Claim("det", Determinant(A * B) ** 2, 0, relation=">="),
        Claim("det twin", Determinant(A * B) ** 2, 0, relation=">"),         # false: det(AB) may be 0
        "opaque"),
    "ones vectors (J = 1 1^T, 1^T 1 = n)": (
        Claim("ones", Trace(OneMatrix(n, n)), n),
        Claim("ones twin", Trace(OneMatrix(n, n)), 1),                            # false: tr J = n
        "lhs"),
    "explicit sizes": (   # a symmetric 2×2 matrix has real eigenvalues: its discriminant is >= 0
        Claim("disc", Trace(S2) ** 2 - 4 * Determinant(S2), 0, relation=">=", assume=[Q.symmetric(S2)]),
        Claim("disc twin", Trace(S2) ** 2 - 4 * Determinant(S2), 0, relation=">", assume=[Q.symmetric(S2)]),
        "lhs"),
    "integer residues (periodic sin, cos)": (   # orthogonal and skew: R^2 = -I, R^k cycles through I, R, -I, -R
        Claim("res", R ** k, sympy.cos(k * sympy.pi / 2) * In + sympy.sin(k * sympy.pi / 2) * R,
              assume=[Q.orthogonal(R), sympy.Eq(R.T, -R)]),
        Claim("res twin", R ** k, sympy.cos(k * sympy.pi / 2) * In - sympy.sin(k * sympy.pi / 2) * R,
              assume=[Q.orthogonal(R), sympy.Eq(R.T, -R)]),
        "lhs"),
    "scalar equations (substitution)": (   # b = 1 - a: a(1 - a) <= 1/4
        Claim("sum 1", x1 * x2, sympy.Rational(1, 4), relation="<=", assume=[sympy.Eq(x1 + x2, 1)]),
        Claim("sum 1 twin", x1 * x2, sympy.Rational(1, 4), relation="<=", assume=[sympy.Eq(x1 + x2, 2)]),
        "value"),
}
KINDS = list(CASES)


@pytest.fixture(scope="module")
def certs() -> dict:
    return {kind: certificate(true) for kind, (true, _twin, _field) in CASES.items()}


def rejected(cert, claim) -> str:
    result = check_certificate(cert, claim)
    assert not result.accepted, f"accepted: {result.checked}"
    return result.reason


def test_every_reduction_of_the_engine_has_a_re_derivation_and_a_case_here():
    from symcheck.engine import load_reductions

    names = {r.name for r in load_reductions()}
    assert names == set(REDERIVATIONS) == set(CASES)


@pytest.mark.parametrize("kind", KINDS)
def test_the_real_certificate_is_accepted_and_re_derived(certs, kind):
    cert, claim = certs[kind], CASES[kind][0]
    assert cert["format"] == "symcheck-reduction/1" and cert["reduction"] == kind
    result = check_certificate(cert, claim)
    assert result.accepted, result.reason
    assert any("re-derived from the claim" in line for line in result.checked)
    assert not any("reduction" in line for line in result.trusted)


@pytest.mark.parametrize("kind", KINDS)
def test_no_obligations_is_rejected_when_the_claim_needs_one(certs, kind):
    forged = dict(certs[kind], obligations=[])
    assert "no obligation of the certificate proves it" in rejected(forged, CASES[kind][0])


ZERO_IS_ZERO = {"lhs": "Integer(0)", "rhs": "Integer(0)", "relation": "==", "assume": [], "method": "identical sides",
                "certificate": {"format": "symcheck-ground/1", "kind": "identical sides", "relation": "==",
                                "lhs": "Integer(0)", "rhs": "Integer(0)"}}


@pytest.mark.parametrize("kind", KINDS)
def test_a_trivial_obligation_standing_in_for_the_real_one_is_rejected(certs, kind):
    forged = dict(certs[kind], obligations=[ZERO_IS_ZERO])
    assert "no obligation of the certificate proves it" in rejected(forged, CASES[kind][0])


@pytest.mark.parametrize("kind", KINDS)
def test_the_certificate_of_a_true_claim_is_rejected_for_its_false_twin(certs, kind):
    rejected(certs[kind], CASES[kind][1])


@pytest.mark.parametrize("kind", KINDS)
def test_tampered_data_is_rejected(certs, kind):
    from symcheck.certify.srepr_reader import read_srepr

    forged = copy.deepcopy(certs[kind])
    field = CASES[kind][2]
    data = forged["data"]
    if field == "entries":
        data["entries"][0][0] = sympy.srepr(2 * read_srepr(data["entries"][0][0]))
    elif field == "opaque":  # name a determinant after a symbol of the claim: it would be captured
        data["opaque"] = {"A": text for text in data["opaque"].values()}
    else:
        data[field] = sympy.srepr(2 * read_srepr(data[field]))
    reason = rejected(forged, CASES[kind][0])
    assert "data" in reason or "symbol of the claim" in reason


@pytest.mark.parametrize("kind", KINDS)
def test_an_obligation_whose_sides_are_changed_is_rejected(certs, kind):
    forged = copy.deepcopy(certs[kind])
    ob = forged["obligations"][0]
    ob["rhs"] = ob["lhs"]  # now trivially true, and no longer what the checker needs
    rejected(forged, CASES[kind][0])


@pytest.mark.parametrize("reduction", [*REDERIVATIONS, "x", "", None, 3])
def test_one_equals_two_is_never_proved_by_an_empty_reduction(reduction):
    claim = Claim("1 = 2", sympy.Integer(1), sympy.Integer(2))
    forged = {"format": "symcheck-reduction/1", "reduction": reduction, "obligations": []}
    rejected(forged, claim)
    rejected(dict(forged, obligations=[ZERO_IS_ZERO], data={"lhs": "Integer(1)", "rhs": "Integer(1)"}), claim)


def test_a_convexity_that_does_not_hold_is_not_re_derived(certs):
    """argmin of a concave objective: stationarity holds at the same point, but it is a maximum."""
    concave = Claim("concave", argmin(-sqnorm(X * w - y), w), (X.T * X).I * X.T * y)
    cert = certs["optimality (stationarity + strict convexity)"]
    rejected(cert, concave)
    assert "positive definite" in rejected(dict(cert, data={}), concave)


def test_a_determinant_named_after_a_symbol_of_the_claim_is_not_captured():
    s = symbols("det[A]", real=True)
    claim = Claim("capture", Determinant(A), s)
    forged = {"format": "symcheck-reduction/1", "reduction": "determinant laws",
              "data": {"opaque": {"det[A]": sympy.srepr(Determinant(A))}},
              "obligations": [dict(ZERO_IS_ZERO, lhs=sympy.srepr(s), rhs=sympy.srepr(s))]}
    assert "symbol of the claim" in rejected(forged, claim)


def test_a_derivative_certificate_needs_the_kink_assumption_it_uses_to_be_the_checkers():
    """At a ReLU kink the derivative does not exist; the obligation may assume g != 0, nothing more."""
    b, wx, xx, yy = symbols("b w x y", real=True)
    relu = sympy.Piecewise((wx * xx + b, wx * xx + b > 0), (0, True))
    claim = Claim("relu", Derivative((relu - yy) ** 2 / 2, wx),
                  xx * (relu - yy) * sympy.Piecewise((1, wx * xx + b > 0), (0, True)))
    cert = certificate(claim)
    assert check_certificate(cert, claim).accepted
    forged = copy.deepcopy(cert)  # an obligation that claims an extra assumption is still checked without it
    forged["obligations"][0]["assume"].append(sympy.srepr(sympy.Gt(b, 0)))
    assert check_certificate(forged, claim).accepted
    wrong = Claim("relu twin", claim.lhs, yy * (relu - yy) * sympy.Piecewise((1, wx * xx + b > 0), (0, True)))
    rejected(cert, wrong)


# ---- what the checker no longer takes on trust ------------------------------------------------------

def test_a_closed_claim_with_a_limit_is_not_evaluated_by_sympys_calculus():
    t = symbols("t", real=True)
    claim = Claim("closed limit", Limit(sympy.sin(t) / t, t, 0), 1)
    cert = {"format": "symcheck-ground/1", "kind": "exact evaluation", "relation": "=="}
    assert "arithmetic only" in rejected(cert, claim)


def test_a_function_atoms_declared_sign_is_not_trusted():
    from symcheck.certify.denominators import assumed_signs
    from symcheck.certify.retranslate import CheckerTranslator, Context
    from symcheck.certify.view import ClaimView

    claim = Claim("map", -sympy.log(sympy.exp(-Trace(w.T * w) / 2)), Trace(w.T * w) / 2)
    f = sympy.exp(Trace(w.T * w))
    cert = certificate(Claim("exp", f * A * (B + A), f * A * B + f * A * A))
    forged = copy.deepcopy(cert)
    for g in forged["field"]["generators"]:
        if g.get("atom", {}).get("kind") == "function":
            g["atom"]["function"] = "log"  # log of something: its sign is unknown, whatever the srepr declares
    ctx = Context.read(forged)
    signs = assumed_signs(ClaimView.of(claim), ctx, CheckerTranslator(ctx))
    functions = {sym for sym, *_ in ctx.functions}
    assert functions and not any(sym in signs for sym in functions)
    ctx = Context.read(cert)  # exp of a real value: positive, by the checker's own rule
    signs = assumed_signs(ClaimView.of(claim), ctx, CheckerTranslator(ctx))
    assert all(signs.get(sym) == "positive" for sym, *_ in ctx.functions)


def test_log_of_exponentials_is_re_derived_and_its_false_twin_rejected():
    ww = Trace(w.T * w)
    true = Claim("map", -sympy.log(sympy.exp(-ww / 2) * sympy.exp(-sqnorm(X * w - y) / (2 * lam))),
                 ww / 2 + sqnorm(X * w - y) / (2 * lam), assume=[Q.positive(lam)])
    cert = certificate(true)
    assert check_certificate(cert, true).accepted
    rejected(cert, Claim("twin", true.lhs, ww / 2 - sqnorm(X * w - y) / (2 * lam), assume=[Q.positive(lam)]))


def test_a_kink_that_is_itself_piecewise_cannot_set_half_the_line_aside():
    """f = w for w < 0 and 0 for w >= 0, written with the branch condition Max(w, 0) - w > 0: assuming that
    boundary function nonzero would throw away every w >= 0, where f' = 0, not 1."""
    t = symbols("t", real=True)
    boundary = Max(t, 0) - t
    claim = Claim("f' = 1", Derivative(sympy.Piecewise((t, boundary > 0), (0, True)), t), sympy.Integer(1))
    slope = sympy.Piecewise((1, boundary > 0), (0, True))
    scalar = {"format": "symcheck-scalar/1", "method": "case split + cancel + z3 nlsat", "relation": "==",
              "lhs": sympy.srepr(slope), "rhs": "Integer(1)", "split": [], "steps": []}
    forged = {"format": "symcheck-reduction/1", "reduction": "matrix calculus (directional derivative)",
              "data": {"lhs": sympy.srepr(slope), "rhs": "Integer(1)"},
              "obligations": [{"lhs": sympy.srepr(slope), "rhs": "Integer(1)", "relation": "==",
                               "assume": [sympy.srepr(sympy.Ne(boundary, 0))], "certificate": scalar}]}
    assert "piecewise" in rejected(forged, claim)


def test_ill_typed_parts_of_a_claim_from_a_file_are_rejected_not_normalised():
    from symcheck.certify.normal import Normal
    from symcheck.certify.ncpoly import Rejected

    with pytest.raises(Rejected):
        Normal().value(Determinant(X))          # X is n×d
    with pytest.raises(Rejected):
        Normal().value(X * X)
    noise_sigma = expectation(Trace(eps.T * eps), eps, Trace(eps.T * eps))
    forged = {"format": "symcheck-reduction/1", "reduction": "Gaussian expectation (moments)",
              "data": {"lhs": "Integer(0)"}, "obligations": []}
    rejected(forged, Claim("sigma from the noise", noise_sigma, 0))
