"""The refuter's derivatives computed in QQ[x] / QQ(x) (refute/calculus.py `_derivative_at`, first ones and
higher ones alike) agree with its general path (`differentiate` on SymPy expressions, then the point
substituted) on random rational functions, scalar- and vector-valued, first and higher orders, in both
layouts, and decline what they cannot hold."""
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
        fast = calculus._derivative_at(value, [X], point, layout)
        assert fast is not None
        slow = sympy.Matrix(calculus.differentiate(value, X, layout)).subs(point)
        got = sympy.Matrix(fast.to_Matrix()) if isinstance(fast, DomainMatrix) else sympy.Matrix([[fast]])
        assert got.shape == slow.shape
        assert (got - slow).applyfunc(sympy.simplify) == sympy.zeros(*slow.shape)


def test_scalar_by_scalar_is_a_number():
    t = sympy.Dummy("t", real=True)
    assert calculus._derivative_at(t ** 3 / (1 + t ** 2), [t], {t: sympy.Integer(1)}, "numerator") == sympy.Rational(1, 1)


def test_declines_what_is_not_a_rational_function_of_the_variable():
    t, other = sympy.Dummy("t", real=True), sympy.Symbol("c", real=True)
    assert calculus._derivative_at(sympy.Abs(t), [t], {t: sympy.Integer(1)}, "numerator") is None
    assert calculus._derivative_at(sympy.exp(t), [t], {t: sympy.Integer(0)}, "numerator") is None
    assert calculus._derivative_at(other * t, [t], {t: sympy.Integer(1)}, "numerator") is None  # c not fixed
    assert calculus._derivative_at(t ** 3, [t], {t: sympy.sqrt(2)}, "numerator") is None  # not a point of QQ


def test_a_vanishing_denominator_is_undefined():
    t, s = sympy.Dummy("t", real=True), sympy.Dummy("s", real=True)
    value = to_domain_matrix(sympy.Matrix([[1 / (t - s)]]))
    with pytest.raises(Undefined):
        calculus._derivative_at(value, [t], {t: sympy.Integer(1), s: sympy.Integer(1)}, "numerator")


def _general_path(value, variables, layout):
    """The general path: each step by `differentiate` (SymPy expressions after the first), the point substituted last."""
    for variable in variables:
        value = calculus.differentiate(value, variable, layout)
    return value


HIGHER_ORDERS = [
    [X, X],                          # a Hessian (a scalar's gradient, then its Jacobian)
    [X[1], X[1], X[1]],              # a third derivative by one entry
    [X, X[0]],                       # a gradient, then by a scalar
    [X[2], X],                       # by a scalar, then a gradient
]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("layout", ["numerator", "denominator"])
def test_higher_derivatives_in_the_domain_agree_with_sympy_diff(seed, layout):
    """Derivatives of higher order taken step after step in QQ[x] / QQ(x) and evaluated at the end equal
    `sympy.diff` of the expressions then the point substituted, with the same scalar or matrix form."""
    rng = random.Random(100 + seed)
    point = {X[i]: sympy.Rational(rng.randint(-5, 5), rng.randint(1, 4)) for i in range(3)}
    values = list(_values(rng))
    for k, variables in enumerate(HIGHER_ORDERS):
        value = values[(seed + k) % len(values)]
        if isinstance(value, DomainMatrix) and len(variables) > 1 and variables[0] is X:
            value = value.extract([0], [0])   # a column by a column is a Jacobian; its Jacobian has no matrix form
        fast = calculus._derivative_at(value, variables, point, layout)
        assert fast is not None
        slow = _general_path(value, variables, layout)
        if isinstance(slow, sympy.MatrixBase):
            assert isinstance(fast, DomainMatrix)
            assert sympy.Matrix(fast.to_Matrix()) == slow.subs(point)
        else:
            assert not isinstance(fast, DomainMatrix)
            assert fast == slow.subs(point)


def test_higher_derivatives_decline_what_the_domain_does_not_hold():
    t, other = sympy.Dummy("t", real=True), sympy.Symbol("c", real=True)
    assert calculus._derivative_at(other * t ** 3, [t, t], {t: sympy.Integer(1)}, "numerator") is None  # c not fixed
    assert calculus._derivative_at(sympy.exp(t), [t, t], {t: sympy.Integer(0)}, "numerator") is None
    assert calculus._derivative_at(t ** 3, [t, t], {t: sympy.sqrt(2)}, "numerator") is None   # an irrational point
    assert calculus._derivative_at(t ** 3, [t, t], {t: sympy.Integer(2)}, "numerator") == 12
    column = to_domain_matrix(sympy.Matrix([X[0] ** 2, X[1]]))
    assert calculus._derivative_at(column, [X, X], {x: sympy.Integer(1) for x in X}, "numerator") is None  # a 3-tensor


def test_a_vanishing_denominator_is_undefined_for_higher_derivatives_too():
    t, s = sympy.Dummy("t", real=True), sympy.Dummy("s", real=True)
    value = to_domain_matrix(sympy.Matrix([[1 / (t - s)]]))
    with pytest.raises(Undefined):
        calculus._derivative_at(value, [t, s], {t: sympy.Integer(1), s: sympy.Integer(1)}, "numerator")


def _random_transcendental(rng):
    """exp, log, roots, powers and trigonometric functions of random polynomials in X."""
    u, v = _random_polynomial(rng), _random_polynomial(rng)
    return rng.choice([
        sympy.exp(u / 4) * v,
        sympy.log(1 + u ** 2) + sympy.sin(v / 3),
        sympy.sqrt(1 + u ** 2) * sympy.cos(v / 5),
        (u ** 2 + sympy.Rational(1, 2)) ** sympy.Rational(3, 2) / (1 + sympy.exp(-v / 4)),
        sympy.tanh(u / 5) - sympy.cosh(v / 7) * sympy.sinh(u / 6),
        sympy.Rational(3, 2) ** (u / 3) + (1 + v ** 2) ** (u / 5),
        -sympy.log(1 + sympy.exp(-u * v / 8)),
    ])


def _general_first_derivative(value, variable, at_point, layout):
    """The general path: `differentiate` (sympy.diff), then the derivative evaluated at the point."""
    derivative = calculus.differentiate(value, variable, layout)
    if isinstance(derivative, sympy.MatrixBase):
        return at_point.value(sympy.ImmutableMatrix(derivative))
    return at_point.value(derivative)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("layout", ["numerator", "denominator"])
def test_forward_first_derivatives_equal_sympy_diff_evaluated(seed, layout):
    """Forward mode over the expression (values and partials per node) gives the general path's number,
    in the same form, for scalar and column values by a scalar and by a column."""
    from symcheck.refute.evaluate import Evaluator, Instance
    rng = random.Random(200 + seed)
    point = {X[i]: sympy.Rational(rng.randint(-5, 5), rng.randint(1, 4)) for i in range(3)}
    at_point = Evaluator(Instance({}, {}), layout, overrides=point)
    values = [_random_transcendental(rng), sympy.ImmutableMatrix([_random_transcendental(rng), _random_polynomial(rng)])]
    for value in values:
        for variable in (X, X[rng.randrange(3)]):
            if isinstance(value, sympy.MatrixBase) and variable is X and seed % 2:
                continue
            fast = calculus._forward_derivative_at(value, variable, at_point, layout)
            assert fast is not None, value
            slow = _general_first_derivative(value, variable, at_point, layout)
            assert isinstance(fast, DomainMatrix) == isinstance(slow, DomainMatrix)
            if isinstance(slow, DomainMatrix):
                assert fast.to_Matrix() == slow.to_Matrix()
            else:
                assert fast == slow


def test_forward_mode_leaves_the_doubtful_points_to_the_general_path():
    from symcheck.refute.evaluate import Evaluator, Instance
    t, s = sympy.Dummy("t", real=True), sympy.Dummy("s", real=True)
    at = Evaluator(Instance({}, {}), "numerator", overrides={t: sympy.Integer(0), s: sympy.Integer(-2)})
    assert calculus._forward_derivative_at(sympy.Abs(t) + sympy.exp(t), t, at, "numerator") is None   # no rule
    assert calculus._forward_derivative_at((t * s) ** sympy.Rational(3, 2) + sympy.exp(t), t, at, "numerator") is None
    assert calculus._forward_derivative_at(s ** t, t, at, "numerator") is None     # log of a negative base
    assert calculus._forward_derivative_at(sympy.exp(s * t) * s, t, at, "numerator") == 4
