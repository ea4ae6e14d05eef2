"""Kronecker and Hadamard products in the derivative reduction and tr(A⊗B) = tr(A)·tr(B): the Matrix Cookbook's
eqs. 38, 39, 105 and 120 are proved with certificates the independent checker accepts, false twins are refuted
with exact counterexamples, tampered certificates are rejected, and a Kronecker product with a non-square factor
is never traced as a product of traces (neither by the prover nor by the checker)."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import sympy
from sympy import (
    Derivative, HadamardProduct, Identity, KroneckerProduct, MatrixSymbol, Trace, ZeroMatrix, symbols,
)

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.certify.normal import Normal
from symcheck.engine import decide_claim, problem_from_claim, recheck
from symcheck.loader import load_claim_file
from symcheck.prove.reductions.derivative import square_factors
from symcheck.runner import decide_and_check_certificate

COOKBOOK = Path(__file__).resolve().parent.parent / "benchmarks" / "cookbook" / "s2_derivatives.py"
CLOSED = {
    "eq38": "d(X o Y) = (dX) o Y + X o (dY)",
    "eq39": "d(X kron Y) = (dX) kron Y + X kron (dY)",
    "eq105": "d Tr(A kron X)/dX = Tr(A) I",
    "eq120_a": "d Tr(X kron X)/dX = 2 Tr(X) I",
}

n, m, p, q = symbols("n m p q", integer=True, positive=True)
t = symbols("t", real=True)
A, X = MatrixSymbol("A", q, q), MatrixSymbol("X", n, n)
B = MatrixSymbol("B", n, n)
X0, X1 = MatrixSymbol("X_0", n, m), MatrixSymbol("X_1", n, m)
W0, W1 = MatrixSymbol("W_0", p, q), MatrixSymbol("W_1", p, q)
Z0, Z1 = MatrixSymbol("Z_0", n, m), MatrixSymbol("Z_1", n, m)
Xt, Wt, Zt = X0 + t * X1, W0 + t * W1, Z0 + t * Z1
P, R = MatrixSymbol("P", n, m), MatrixSymbol("R", m, n)
Y = MatrixSymbol("Y", n, m)
DEN = "denominator"


@pytest.fixture(scope="module")
def cookbook() -> dict:
    loaded = load_claim_file(COOKBOOK)
    assert loaded.error is None, loaded.error
    return {c.name: c for c in loaded.claims if c.name in CLOSED.values()}


@pytest.fixture(scope="module")
def verdicts(cookbook) -> dict:
    return {key: decide_and_check_certificate(cookbook[name], timeout=30) for key, name in CLOSED.items()}


@pytest.mark.parametrize("key", list(CLOSED))
def test_the_cookbook_claim_is_proved_with_an_accepted_certificate(verdicts, key):
    verdict = verdicts[key]
    assert verdict.status == "proved", verdict
    assert verdict.extras["certificate"] == "accepted", verdict.extras["certificate"]


FALSE_TWINS = {
    "d(X kron W) = dX kron dW": Claim("f", Derivative(KroneckerProduct(Xt, Wt), t), KroneckerProduct(X1, W1)),
    "d(X kron W) misses a term": Claim("f", Derivative(KroneckerProduct(Xt, Wt), t), KroneckerProduct(X1, Wt)),
    "d(X o Z) = dX o dZ": Claim("f", Derivative(HadamardProduct(Xt, Zt), t), HadamardProduct(X1, Z1)),
    "d tr(A kron X)/dX = tr(A) X^T": Claim("f", Derivative(Trace(KroneckerProduct(A, X)), X), Trace(A) * X.T,
                                           layout=DEN),
    "d tr(X kron X)/dX = tr(X) I": Claim("f", Derivative(Trace(KroneckerProduct(X, X)), X), Trace(X) * Identity(n),
                                        layout=DEN),
    "tr(A kron B) = tr A + tr B": Claim("f", Trace(KroneckerProduct(A, B)), Trace(A) + Trace(B)),
}


@pytest.mark.parametrize("name", list(FALSE_TWINS))
def test_the_false_twin_is_refuted_with_an_exact_counterexample(name):
    claim = FALSE_TWINS[name]
    verdict = decide_claim(claim, timeout=30)
    assert verdict.status == "refuted", verdict
    assert verdict.counterexample is not None
    assert recheck(problem_from_claim(claim), verdict) is not None  # the counterexample stands on a fresh check


def test_the_trace_law_alone_is_proved_and_checked():
    claim = Claim("t", Trace(KroneckerProduct(A, B)), Trace(A) * Trace(B))
    verdict = decide_claim(claim, timeout=30)
    assert verdict.status == "proved", verdict
    assert check_certificate(verdict.certificate, claim).accepted


@pytest.mark.parametrize("key", list(CLOSED))
def test_the_certificate_is_rejected_for_a_false_twin(verdicts, key):
    twin = {"eq38": FALSE_TWINS["d(X o Z) = dX o dZ"], "eq39": FALSE_TWINS["d(X kron W) = dX kron dW"],
            "eq105": FALSE_TWINS["d tr(A kron X)/dX = tr(A) X^T"],
            "eq120_a": FALSE_TWINS["d tr(X kron X)/dX = tr(X) I"]}[key]
    assert not check_certificate(verdicts[key].certificate, twin).accepted


def _replaced(cert: dict, old: str, new: str) -> dict:
    text = json.dumps(cert)
    assert old in text
    return json.loads(text.replace(old, new))


def test_a_changed_coefficient_is_rejected(verdicts, cookbook):
    """2·tr(X)·I made 3·tr(X)·I everywhere in the certificate (reduction data, obligation, its proof)."""
    cert = verdicts["eq120_a"].certificate
    assert check_certificate(cert, cookbook[CLOSED["eq120_a"]]).accepted
    forged = _replaced(cert, "Integer(2)", "Integer(3)")
    forged = _replaced(forged, '"2*tr_X_"', '"3*tr_X_"')
    assert not check_certificate(forged, cookbook[CLOSED["eq120_a"]]).accepted


@pytest.mark.parametrize("key", ["eq38", "eq39"])
def test_a_dropped_term_is_rejected(verdicts, cookbook, key):
    """The product rule's derivative with one of its two terms dropped, in the data and in the obligation."""
    cert = verdicts[key].certificate
    claim = cookbook[CLOSED[key]]
    forged = copy.deepcopy(cert)
    lhs = sympy.sympify(forged["data"]["lhs"])
    assert len(lhs.args) == 2
    short = sympy.srepr(lhs.args[0])
    forged["data"]["lhs"] = short
    for ob in forged["obligations"]:
        ob["lhs"] = short
    assert not check_certificate(forged, claim).accepted


def test_a_non_square_factor_is_never_traced_as_a_product():
    """P (n×m) ⊗ R (m×n) is square, but its factors are not: neither side splits its trace."""
    kron = KroneckerProduct(P, R)
    assert not square_factors(kron)
    assert square_factors(KroneckerProduct(A, B))
    assert Normal()._kronecker_trace(kron) is None
    assert Normal()._kronecker_trace(KroneckerProduct(A, B)) is not None


def test_a_derivative_through_a_non_square_kronecker_trace_is_not_proved():
    """d tr(P ⊗ Yᵀ)/dY: the factors are not square, so no rule reads it off; a plausible formula stays unproved."""
    claim = Claim("ns", Derivative(Trace(KroneckerProduct(P, Y.T)), Y), ZeroMatrix(n, m), layout=DEN)
    assert decide_claim(claim, timeout=10).status != "proved"
    claim = Claim("ns2", Trace(KroneckerProduct(P, R)), Trace(P * R) * Trace(R * P))
    assert decide_claim(claim, timeout=10).status != "proved"


def test_a_hadamard_product_of_matrices_by_a_matrix_variable_stays_outside_the_rules():
    """The matrix-valued Hadamard product rule is only taken for a scalar variable (no read-off by a matrix)."""
    claim = Claim("h", Derivative(Trace(HadamardProduct(Y, P)), Y), P, layout=DEN)
    verdict = decide_claim(claim, timeout=10)
    assert verdict.status != "proved" or check_certificate(verdict.certificate, claim).accepted
