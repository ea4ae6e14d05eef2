"""Closed claims are decided by exact evaluation; identical sides are proved outright."""
from sympy import ImmutableMatrix, MatMul, Matrix, MatrixSymbol, Rational, symbols, Trace

from symcheck import Claim
from symcheck.engine import decide_claim

W1 = ImmutableMatrix([[1, 2], [3, -1], [0, -2]])
x = ImmutableMatrix([4, 2])
z = MatMul(W1, x)  # kept as a product, as a claim file writes it unevaluated


def test_a_numeric_matrix_product_is_proved_by_exact_evaluation():
    verdict = decide_claim(Claim("z = W1 x", z, Matrix([8, 10, -4])))
    assert verdict.status == "proved" and verdict.method == "exact evaluation"


def test_a_wrong_number_is_refuted_with_both_values():
    verdict = decide_claim(Claim("z = W1 x (wrong)", z, Matrix([8, 1, -6])))
    assert verdict.status == "refuted"
    assert verdict.counterexample.lhs == Matrix([8, 10, -4])


def test_exact_rationals_not_floats():
    verdict = decide_claim(Claim("thirds", Rational(1, 3) * 3, 1))
    assert verdict.status == "proved"


def test_identical_sides_are_proved_whatever_they_contain():
    n = symbols("n", integer=True, positive=True)
    v = MatrixSymbol("v", n, 1)
    verdict = decide_claim(Claim("same", Trace(v.T * v), Trace(v.T * v)))
    assert verdict.status == "proved" and verdict.method == "identical sides"


def test_explicit_matrices_with_symbolic_entries_are_compared_entry_by_entry():
    from sympy import Abs, Max, Min

    x1, x2 = symbols("x1 x2")
    half = Rational(1, 2)
    W2 = ImmutableMatrix([[1, -half], [1, half]])
    hidden = ImmutableMatrix([half * (x1 + x2), Abs(x1 - x2)])
    right = decide_claim(Claim("min and max", MatMul(W2, hidden), ImmutableMatrix([Min(x1, x2), Max(x1, x2)])))
    wrong = decide_claim(Claim("max and min", MatMul(W2, hidden), ImmutableMatrix([Max(x1, x2), Min(x1, x2)])))
    assert right.status == "proved" and right.method.startswith("entrywise")
    assert wrong.status == "refuted" and wrong.counterexample.lhs.shape == (2, 1)
