"""The refuter's first derivatives computed in QQ[x] / QQ(x) (refute/calculus.py `_first_derivative_at`)
agree with its general path (`differentiate` on SymPy expressions, then the point substituted) on
random rational functions, scalar- and vector-valued, in both layouts, and decline what they cannot hold."""
import random

import pytest
import sympy
from sympy.polys.matrices import DomainMatrix

from symcheck.refute import calculus
from symcheck.refute.errors import Undefined
from symcheck.refute.linalg import to_domain_matrix

X = sympy.Matrix(3, 1, lambda i, j: sympy.Dummy(f"x{i}", real=True))


def _random_polynomial(rng):
    return sum(rng.randint(-3, 3) * X[rng.randrange(3)] ** rng.randint(0, 2) * X[rng.randrange(3)]
               for _ in range(3)) + rng.randint(-2, 2)


def _values(rng):
    yield _random_polynomial(rng)
    yield _random_polynomial(rng) / (_random_polynomial(rng) ** 2 + 1)
    yield to_domain_matrix(sympy.Matrix(2, 1, [_random_polynomial(rng), _random_polynomial(rng) / (1 + X[0] ** 2)]))
    yield to_domain_matrix(sympy.Matrix(2, 1, [_random_polynomial(rng), sympy.Rational(1, 3) * _random_polynomial(rng)]))


@pytest.mark.parametrize("seed", range(25))
@pytest.mark.parametrize("layout", ["numerator", "denominator"])
def test_fast_path_agrees_with_the_general_path(seed, layout):
    rng = random.Random(seed)
    point = {X[i]: sympy.Rational(rng.randint(-5, 5), rng.randint(1, 4)) for i in range(3)}
    for value in _values(rng):
        fast = calculus._first_derivative_at(value, X, point, layout)
        assert fast is not None
        slow = sympy.Matrix(calculus.differentiate(value, X, layout)).subs(point)
        got = sympy.Matrix(fast.to_Matrix()) if isinstance(fast, DomainMatrix) else sympy.Matrix([[fast]])
        assert got.shape == slow.shape
        assert (got - slow).applyfunc(sympy.simplify) == sympy.zeros(*slow.shape)


def test_scalar_by_scalar_is_a_number():
    t = sympy.Dummy("t", real=True)
    assert calculus._first_derivative_at(t ** 3 / (1 + t ** 2), t, {t: sympy.Integer(1)}, "numerator") == sympy.Rational(1, 1)


def test_declines_what_is_not_a_rational_function_of_the_variable():
    t, other = sympy.Dummy("t", real=True), sympy.Symbol("c", real=True)
    assert calculus._first_derivative_at(sympy.Abs(t), t, {t: sympy.Integer(1)}, "numerator") is None
    assert calculus._first_derivative_at(sympy.exp(t), t, {t: sympy.Integer(0)}, "numerator") is None
    assert calculus._first_derivative_at(other * t, t, {t: sympy.Integer(1)}, "numerator") is None  # c not fixed
    assert calculus._first_derivative_at(t ** 3, t, {t: sympy.sqrt(2)}, "numerator") is None  # not a point of QQ


def test_a_vanishing_denominator_is_undefined():
    t, s = sympy.Dummy("t", real=True), sympy.Dummy("s", real=True)
    value = to_domain_matrix(sympy.Matrix([[1 / (t - s)]]))
    with pytest.raises(Undefined):
        calculus._first_derivative_at(value, t, {t: sympy.Integer(1), s: sympy.Integer(1)}, "numerator")
