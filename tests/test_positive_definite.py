"""Q.positive_definite means symmetric positive definite, everywhere (issue 11, item 3).

The prover uses Aᵀ = A, the checker grants it, `explain` says "positive definite (hence
symmetric)", the refuter only ever draws symmetric positive definite matrices for it and
never accepts a non-symmetric matrix with a positive quadratic form as one, and argmin
claims are proved or refuted consistently with that meaning.
"""
import random

import pytest
from sympy import Matrix, MatrixSymbol, Q, Rational, symbols

from symcheck import Claim, argmin
from symcheck.certify.explain import explain
from symcheck.engine import decide_claim, problem_from_claim, prove
from symcheck.refute.linalg import to_domain_matrix
from symcheck.refute.instances import MATRIX_GENERATORS, choose_generator
from symcheck.refute.predicates import PREDICATES

n = symbols("n", integer=True, positive=True)
A = MatrixSymbol("A", n, n)
b, w = MatrixSymbol("b", n, 1), MatrixSymbol("w", n, 1)
QUADRATIC = Rational(1, 2) * w.T * A * w - b.T * w


def _is_pd(m) -> bool:
    return PREDICATES["positive_definite"](to_domain_matrix(m)) is True


@pytest.mark.parametrize("generator", [g for g in MATRIX_GENERATORS if "positive_definite" in g.provides],
                         ids=lambda g: g.name)
def test_every_construction_for_a_positive_definite_matrix_is_symmetric(generator):
    rng = random.Random(7)
    for size in (1, 2, 3, 4):
        for _ in range(20):
            m = generator.make(size, size, rng, set(generator.requires))
            assert m == m.T and _is_pd(m)


@pytest.mark.parametrize("extra", [set(), {"invertible"}, {"diagonal"}, {"symmetric"}, {"orthogonal"},
                                   {"integer_elements"}, {"idempotent"}, {"lower_triangular"}])
def test_whatever_else_is_required_a_drawn_matrix_that_passes_is_symmetric(extra):
    rng = random.Random(3)
    props = {"positive_definite"} | extra
    generator = choose_generator(props)
    for size in (1, 2, 3):
        for _ in range(20):
            m = generator.make(size, size, rng, props)
            if m is not None and _is_pd(m):
                assert m == m.T


def test_a_positive_quadratic_form_without_symmetry_is_not_positive_definite():
    m = Matrix([[1, 0], [1, 1]])          # zᵀMz = z₁² + z₁z₂ + z₂² > 0 for z ≠ 0
    assert PREDICATES["positive_definite"](to_domain_matrix(m)) is False
    assert PREDICATES["positive_definite"](to_domain_matrix(m + m.T)) is True


def test_argmin_with_a_positive_definite_matrix_is_consistent_with_symmetry():
    proved = decide_claim(Claim("pd", argmin(QUADRATIC, w), A.I * b, assume=[Q.positive_definite(A)]), 20.0)
    assert proved.status == "proved"
    refuted = decide_claim(Claim("form", argmin(QUADRATIC, w), A.I * b, assume=[Q.positive_definite(A + A.T)]),
                           20.0)
    assert refuted.status == "refuted"
    cx = refuted.counterexample.values["A"]
    assert cx != cx.T and _is_pd(cx + cx.T)  # a non-symmetric matrix with a positive quadratic form


def test_explain_says_positive_definite_hence_symmetric():
    import time
    claim = Claim("pd", A.T, A, assume=[Q.positive_definite(A)])
    verdict = prove(problem_from_claim(claim), time.monotonic() + 20, [])
    text = "\n".join(explain(verdict.certificate, claim))
    assert "A positive definite (hence symmetric)" in text
    assert "A^T = A: A positive definite (hence symmetric)." in text
