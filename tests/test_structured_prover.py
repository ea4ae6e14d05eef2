"""Kronecker and Hadamard products, diagonals, vec, J and element-wise functions in the matrix prover:
true identities are proved with certificates the independent checker accepts, false twins are refuted,
Hadamard facts do not leak into ordinary products, and tampered certificates are rejected."""
from __future__ import annotations

import copy
import time

import pytest
from sympy import (DiagMatrix, DiagonalMatrix, DiagonalOf, Eq, HadamardPower, HadamardProduct, Identity, Inverse,
                   KroneckerProduct, MatMul, MatrixSymbol, OneMatrix, Q, Trace, ZeroMatrix, exp, symbols)

from symcheck import Claim, pinv, vec
from symcheck.certify.checker import check_certificate
from symcheck.engine import problem_from_claim, prove
from symcheck.model.problem import Problem
from symcheck.refute.search import search

m, n, p, q, r, s, u, v = symbols("m n p q r s u v", integer=True, positive=True)
alpha, beta = symbols("alpha beta", real=True)
A, B, C = (MatrixSymbol(name, n, m) for name in "ABC")
S, T = MatrixSymbol("S", n, n), MatrixSymbol("T", n, n)
As, Bs = MatrixSymbol("A", n, n), MatrixSymbol("B", m, m)
x, z = MatrixSymbol("x", n, 1), MatrixSymbol("z", n, 1)
y = MatrixSymbol("y", m, 1)
K1, K2 = MatrixSymbol("K", r, q), MatrixSymbol("L", r, q)
Cl = MatrixSymbol("C", u, v)
Cn, Dq = MatrixSymbol("C", m, p), MatrixSymbol("D", q, s)
Ap, X, Bn = MatrixSymbol("A", p, m), MatrixSymbol("X", m, n), MatrixSymbol("B", n, q)
a, c = MatrixSymbol("a", m, 1), MatrixSymbol("c", m, 1)
Bsq = MatrixSymbol("B", n, n)


def certificate(claim: Claim) -> dict:
    verdict = prove(problem_from_claim(claim), time.monotonic() + 30, [])
    assert verdict is not None and verdict.status == "proved", verdict and verdict.detail
    return verdict.certificate


def refuted(lhs, rhs, assume=()):
    verdict = search(Problem.build(lhs, rhs, "==", list(assume)), time.monotonic() + 30)
    return verdict.status == "refuted"


KRONECKER = [
    Claim("distributive", KroneckerProduct(A, K1 + K2), KroneckerProduct(A, K1) + KroneckerProduct(A, K2)),
    Claim("associative", KroneckerProduct(A, KroneckerProduct(K1, Cl)), KroneckerProduct(KroneckerProduct(A, K1), Cl)),
    Claim("scalars", KroneckerProduct(alpha * A, beta * K1), alpha * beta * KroneckerProduct(A, K1)),
    Claim("transpose", Inverse(KroneckerProduct(As, Bs)).T, KroneckerProduct(As.T.I, Bs.T.I)),
    Claim("mixed product", KroneckerProduct(A, K1) * KroneckerProduct(Cn, Dq), KroneckerProduct(A * Cn, K1 * Dq)),
    Claim("mixed product, three factors",
          MatMul(KroneckerProduct(As, Bs, S), KroneckerProduct(T, Bs, As)), KroneckerProduct(As * T, Bs * Bs, S * As)),
    Claim("inverse", Inverse(KroneckerProduct(As, Bs)), KroneckerProduct(As.I, Bs.I)),
    Claim("inverse through a lift", MatMul(KroneckerProduct(As, Bs), KroneckerProduct(As.I, Bs.I)),
          Identity(m * n)),
    Claim("pseudo-inverse", pinv(KroneckerProduct(A, K1)), KroneckerProduct(pinv(A), pinv(K1))),
    Claim("trace", Trace(KroneckerProduct(As, Bs)), Trace(As) * Trace(Bs)),
    Claim("I kron I", KroneckerProduct(Identity(n), Identity(m)), Identity(m * n)),
    Claim("columns", KroneckerProduct(x, y).T * KroneckerProduct(x, y), (x.T * x) * (y.T * y)),
    Claim("vec(AXB) = (B^T kron A) vec X", vec(Ap * X * Bn), KroneckerProduct(Bn.T, Ap) * vec(X)),
    Claim("tr(A^T B) = vec(A)^T vec(B)", Trace(A.T * B), vec(A).T * vec(B)),
    Claim("vec is linear", vec(alpha * A + B), alpha * vec(A) + vec(B)),
    Claim("524 with B^T", a.T * X * Bsq * X.T * c, vec(X).T * KroneckerProduct(Bsq.T, c * a.T) * vec(X)),
    Claim("524, B symmetric", a.T * X * Bsq * X.T * c, vec(X).T * KroneckerProduct(Bsq, c * a.T) * vec(X),
          assume=[Q.symmetric(Bsq)]),
]

HADAMARD = [
    Claim("commutative", HadamardProduct(A, B), HadamardProduct(B, A)),
    Claim("associative", HadamardProduct(HadamardProduct(A, B), C), HadamardProduct(A, HadamardProduct(B, C))),
    Claim("distributive", HadamardProduct(A, B + 2 * C), HadamardProduct(A, B) + 2 * HadamardProduct(A, C)),
    Claim("commutative inside products", HadamardProduct(S, T) * S, HadamardProduct(T, S) * S),
    Claim("ones", HadamardProduct(A, OneMatrix(n, m)), A),
    Claim("A o I = diag part", DiagonalMatrix(S), HadamardProduct(S, Identity(n))),
    Claim("transpose", HadamardProduct(A, B).T * C, HadamardProduct(A.T, B.T) * C),
    Claim("x^T (A o B) y = tr(diag(x) A diag(y) B^T)", x.T * HadamardProduct(A, B) * y,
          Trace(DiagMatrix(x) * A * DiagMatrix(y) * B.T)),
    Claim("tr(A^T (B o C)) = tr((A o B)^T C)", Trace(A.T * HadamardProduct(B, C)), Trace(HadamardProduct(A, B).T * C)),
    Claim("diag(x) z = x o z", DiagMatrix(x) * z, HadamardProduct(x, z)),
    Claim("diag(x) diag(z) = diag(x o z)", DiagMatrix(x) * DiagMatrix(z), DiagMatrix(HadamardProduct(x, z))),
    Claim("tr(diag(x)) = 1^T x", Trace(DiagMatrix(x)), OneMatrix(1, n) * x),
    Claim("diag of the diagonal", DiagMatrix(DiagonalOf(S)), HadamardProduct(S, Identity(n))),
    Claim("antisymmetric: zero diagonal", HadamardProduct(S, Identity(n)), ZeroMatrix(n, n), assume=[Eq(S.T, -S)]),
    Claim("Hadamard square", HadamardPower(A, 2), HadamardProduct(A, A)),
    Claim("element-wise exp of a transpose", A.applyfunc(exp).T, A.T.applyfunc(exp)),
    Claim("J J = m J", OneMatrix(n, m) * OneMatrix(m, p), m * OneMatrix(n, p)),
]


@pytest.mark.parametrize("claim", KRONECKER + HADAMARD, ids=lambda c: c.name)
def test_structured_identities_are_proved_and_their_certificates_accepted(claim):
    result = check_certificate(certificate(claim), claim)
    assert result.accepted, result.reason


@pytest.mark.parametrize("lhs, rhs, assume", [
    (KroneckerProduct(S, T), KroneckerProduct(T, S), ()),
    (KroneckerProduct(As, Bs) * KroneckerProduct(S, Bs), KroneckerProduct(S * As, Bs * Bs), ()),
    (vec(Ap * X * Bn), KroneckerProduct(Ap, Bn.T) * vec(X), ()),              # the factors swapped
    (a.T * X * Bsq * X.T * c, vec(X).T * KroneckerProduct(Bsq, c * a.T) * vec(X), ()),   # 524 as printed
    (Trace(S.T * HadamardProduct(T, S)), Trace(HadamardProduct(S, T) * S), ()),
    (HadamardProduct(S, Identity(n)), ZeroMatrix(n, n), ()),
    (DiagMatrix(x) * S, HadamardProduct(S, x * OneMatrix(1, n)).T, ()),
])
def test_false_twins_are_refuted(lhs, rhs, assume):
    assert refuted(lhs, rhs, assume)


@pytest.mark.parametrize("lhs, rhs", [
    (S * T, T * S),                                     # ordinary products do not commute
    (S * HadamardProduct(S, T), HadamardProduct(S, T) * S),
    (KroneckerProduct(S, T) * KroneckerProduct(T, S), KroneckerProduct(T, S) * KroneckerProduct(S, T)),
])
def test_hadamard_and_kronecker_facts_do_not_leak_into_ordinary_products(lhs, rhs):
    verdict = prove(problem_from_claim(Claim("leak", lhs, rhs)), time.monotonic() + 20, [])
    assert verdict is None or verdict.status != "proved"
    assert refuted(lhs, rhs)


# --- tampering: the checker re-derives every structured step ------------------------------------------------

def _first(cert, key, predicate):
    return next(item for item in cert[key] if predicate(item))


def test_a_structure_changed_in_the_certificate_is_rejected():
    claim = KRONECKER[4]  # mixed product
    cert = copy.deepcopy(certificate(claim))
    letter = _first(cert, "letters", lambda let: let.get("structure", {}).get("kind") == "kron")
    letter["structure"]["parts"].reverse()
    assert not check_certificate(cert, claim).accepted


def test_a_structured_letter_posing_as_a_symbol_is_rejected():
    claim = HADAMARD[0]
    cert = copy.deepcopy(certificate(claim))
    letter = _first(cert, "letters", lambda let: "structure" in let)
    letter["kind"] = "symbol"
    assert not check_certificate(cert, claim).accepted


def test_a_tampered_lift_is_rejected():
    claim = KRONECKER[7]  # the inverse through a lift
    cert = copy.deepcopy(certificate(claim))
    lift = _first(cert, "hypotheses", lambda h: "lift" in h)
    lift["lift"]["terms"][0]["coeff"] = "2"
    result = check_certificate(cert, claim)
    assert not result.accepted and "lift" in result.reason


def test_a_tensor_rewrite_between_different_sums_is_rejected():
    claim = HADAMARD[7]
    cert = copy.deepcopy(certificate(claim))
    rewrite = _first(cert, "rewrites", lambda rw: rw["kind"] == "tensor")
    letters = {let["name"]: let for let in cert["letters"]}
    # point the rewrite at a word whose network differs: the transpose of one Hadamard factor dropped
    target = rewrite["to"]
    rewrite["to"] = [name for name in target if letters[name]["kind"] != "had"] or target[:1]
    assert not check_certificate(cert, claim).accepted


# --- det(A ⊗ B) = det(A)^m det(B)^n (the determinant laws, re-derived by the checker's normal form) ----------

def test_the_determinant_of_a_kronecker_product():
    from sympy import Determinant
    claim = Claim("det kron", Determinant(KroneckerProduct(As, Bs)), Determinant(As) ** m * Determinant(Bs) ** n)
    result = check_certificate(certificate(claim), claim)
    assert result.accepted, result.reason
    assert refuted(Determinant(KroneckerProduct(As, Bs)), Determinant(As) ** n * Determinant(Bs) ** m)


def test_a_determinant_certificate_does_not_carry_over_to_the_swapped_exponents():
    from sympy import Determinant
    claim = Claim("det kron", Determinant(KroneckerProduct(As, Bs)), Determinant(As) ** m * Determinant(Bs) ** n)
    twin = Claim("det kron", Determinant(KroneckerProduct(As, Bs)), Determinant(As) ** n * Determinant(Bs) ** m)
    cert = copy.deepcopy(certificate(claim))
    assert not check_certificate(cert, twin).accepted
    for obligation in cert["obligations"]:  # the obligation rewritten to the twin's exponents on one side
        obligation["rhs"] = obligation["rhs"].replace("Symbol('m'", "@").replace("Symbol('n'", "Symbol('m'") \
            .replace("@", "Symbol('n'")
    assert not check_certificate(cert, claim).accepted
