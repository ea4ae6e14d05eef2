"""Shapes are checked for general dimensions: a product must be conformable for every n and d."""
import pytest
from sympy import Derivative, Identity, MatrixSymbol, Q, Trace, symbols

from symcheck.model.problem import Problem
from symcheck.model.shapes import IllTyped, shape_of

n, d = symbols("n d", integer=True, positive=True)
lam = symbols("lambda", positive=True)
X = MatrixSymbol("X", n, d)
x = MatrixSymbol("x", d, 1)
A = MatrixSymbol("A", d, d)


def test_push_through_is_well_typed_and_d_by_n():
    lhs = X.T * (X * X.T + lam * Identity(n)).I
    assert shape_of(lhs) == (d, n)


@pytest.mark.parametrize("expr, words", [
    (x * A, ["x (d×1) times A (d×d)"]),        # SymPy accepts it because d might be 1
    (X * X, ["power 2 of X", "n×d"]),          # SymPy turns X*X into X**2
    (X + X.T, ["plus", "n×d", "d×n"]),
    ((X.T * X + lam * Identity(n)).I, ["plus", "d×d", "n×n"]),
    (Trace(X), ["trace of X", "not square"]),
])
def test_products_sums_and_inverses_that_only_fit_special_sizes_are_ill_typed(expr, words):
    with pytest.raises(IllTyped) as info:
        shape_of(expr)
    for word in words:
        assert word in str(info.value)


def test_a_one_by_one_product_acts_as_a_scalar():
    assert shape_of(x.T * A * x) == (1, 1)
    assert shape_of(Trace(x.T * x) * x) == (d, 1)


def test_derivative_shapes_follow_the_layout():
    f = x.T * A * x
    assert shape_of(Derivative(f, x), "numerator") == (1, d)
    assert shape_of(Derivative(f, x), "denominator") == (d, 1)
    assert shape_of(Derivative(A * x, x), "numerator") == (d, d)


def test_problem_rejects_sides_of_different_shapes():
    with pytest.raises(IllTyped, match="lhs is 1×1, rhs is 1×d"):
        Problem.build(x.T * A * x, x.T * (A + A.T))


def test_problem_names_its_parts():
    p = Problem.build(X.T * (X * X.T + lam * Identity(n)).I, (X.T * X + lam * Identity(d)).I * X.T,
                      assume=[Q.positive(lam)])
    assert p.dims == {n, d}
    assert p.matrix_symbols == {X}
    assert p.scalar_symbols == {lam}
    assert p.has_predicate("positive", lam)
    assert not p.is_scalar


def test_inequalities_need_scalars():
    with pytest.raises(IllTyped, match="needs real scalars"):
        Problem.build(X, X, relation="<")
