"""Determinant claims: proved by the determinant laws, false ones refuted exactly."""
import pytest
from sympy import Determinant, Identity, MatrixSymbol, symbols

from symcheck import Claim
from symcheck.engine import decide_claim

n, d = symbols("n d", integer=True, positive=True)
c = symbols("c", real=True)
A, B = MatrixSymbol("A", n, n), MatrixSymbol("B", n, n)
X = MatrixSymbol("X", n, d)


@pytest.mark.parametrize("lhs, rhs", [
    (Determinant(A * B), Determinant(A) * Determinant(B)),
    (Determinant(A * B), Determinant(B * A)),
    (Determinant(A.T), Determinant(A)),
    (Determinant(A.I) * Determinant(A), 1),
    (Determinant(c * A), c ** n * Determinant(A)),
])
def test_determinant_laws_prove(lhs, rhs):
    assert decide_claim(Claim("law", lhs, rhs), timeout=20).status == "proved"


@pytest.mark.parametrize("lhs, rhs", [
    (Determinant(A + B), Determinant(A) + Determinant(B)),
    (Determinant(c * A), c * Determinant(A)),
    (Determinant(2 * Identity(n)), 2),
])
def test_false_determinant_claims_are_refuted_with_an_exact_counterexample(lhs, rhs):
    """Each is false already for n = 2 (det(A+B) = det A + det B fails for A = diag(0, 1), B = diag(1, 0))."""
    verdict = decide_claim(Claim("not a law", lhs, rhs), timeout=20)
    assert verdict.status == "refuted", verdict.detail
    cx = verdict.counterexample
    assert cx is not None and cx.lhs != cx.rhs and all(int(v) >= 1 for v in cx.dims.values())


def test_a_gram_determinant_does_not_factor_through_a_rectangular_matrix():
    claim = Claim("wrong", Determinant(X.T * X), Determinant(X) ** 2)
    assert decide_claim(claim, timeout=20).status == "error"  # det of a non-square X is ill-typed


@pytest.mark.parametrize("rhs", [symbols("det[A]", real=True), MatrixSymbol("A", d, d)])
def test_a_determinant_is_never_named_like_a_symbol_of_the_claim(rhs):
    """The opaque real standing for det(A) must be fresh: det(A) = det[A] for a claim symbol det[A] is false,
    and det(A) for n×n A and d×d A (both printed A) are two numbers."""
    other = rhs if not isinstance(rhs, MatrixSymbol) else Determinant(rhs)
    verdict = decide_claim(Claim("capture", Determinant(A), other), timeout=20)
    if isinstance(rhs, MatrixSymbol):   # two different symbols named A: an error naming both declarations
        assert verdict.status == "error" and "2 different symbols are named 'A'" in verdict.detail, verdict
        return
    assert verdict.status in ("refuted", "unknown") and not verdict.extras.get("disagreement")
