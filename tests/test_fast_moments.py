"""Gaussian expectations of integrands of degree 3 and 4 in the noise on the fast path (refute/fast_moments.py)
must equal the general evaluator's (every monomial replaced by its moment) exactly, in the same form, on random
instances: scalars, 1×1 products, matrices, noises of either size, σ of either sign, odd degrees; and what is not a
polynomial of degree ≤ 4 in the noise goes to the general path."""
import random

import pytest
import sympy
from sympy import Identity, MatrixSymbol, Rational, Trace, symbols

from symcheck import expectation, sqnorm
from symcheck.refute.constructs_eval import polynomial_degree_in
from symcheck.refute.evaluate import Instance, evaluate
from symcheck.refute.fast_eval import FastEvaluator, to_sympy

n, d = symbols("n d", integer=True, positive=True)
sigma = symbols("sigma", real=True)
e = MatrixSymbol("e", n, 1)
E = MatrixSymbol("E", n, d)
u = MatrixSymbol("u", d, 1)
A = MatrixSymbol("A", n, n)
B = MatrixSymbol("B", n, n)
L = MatrixSymbol("L", n, n)
m = MatrixSymbol("m", n, 1)
a = MatrixSymbol("a", n, 1)
x = m + L * e   # x ~ N(m, σ² L Lᵀ)

QUARTIC = [
    expectation(Trace(e.T * e) ** 2, e, sigma),                                   # (n² + 2n) σ⁴
    expectation(e.T * A * e * e.T * B * e, e, sigma),                             # a 1×1 product
    expectation(x.T * A * x * x.T * B * x, e, sigma),                             # with a mean and a scale
    expectation(x * x.T * A * x * x.T, e, sigma),                                 # a matrix
    expectation(x * x.T * x * x.T + Trace(A) * Identity(n), e, 2 * sigma),        # σ = 2σ'
    expectation((a.T * x) ** 3 - Trace(x.T * A * x) * (m.T * x), e, sigma),      # degree 3: odd moments vanish
    expectation(x * (a.T * x) ** 2, e, sigma),                                    # a column of degree 3
    expectation(sqnorm(A * x - m) ** 2 / 3, e, sigma),
    expectation(E * u * u.T * E.T * (u.T * u), u, sigma),                        # a noise of another size
    expectation(Trace(E * u * u.T * E.T * A) * (a.T * E * u), u, sigma),
]


def _rational(rng):
    return Rational(rng.randint(-4, 4), rng.randint(1, 3))


def _instance(rng):
    size_n, size_d = rng.choice([1, 2, 3]), rng.choice([1, 2])

    def matrix(rows, cols):
        return sympy.ImmutableMatrix(rows, cols, lambda i, j: _rational(rng))
    return Instance({n: size_n, d: size_d}, {A: matrix(size_n, size_n), B: matrix(size_n, size_n),
                                            L: matrix(size_n, size_n), m: matrix(size_n, 1), a: matrix(size_n, 1),
                                            E: matrix(size_n, size_d), sigma: _rational(rng)})


@pytest.mark.parametrize("expr", QUARTIC, ids=str)
def test_quartic_expectations_equal_the_general_evaluators(expr):
    assert polynomial_degree_in(expr.integrand, expr.noise) in (3, 4)
    rng = random.Random(str(expr))
    for _ in range(10):
        instance = _instance(rng)
        [value] = FastEvaluator(instance, "numerator", frozenset()).values([expr])
        general = evaluate(expr, instance)
        assert to_sympy(value) == general, instance
        assert isinstance(to_sympy(value), sympy.MatrixBase) == isinstance(general, sympy.MatrixBase)


def test_the_degree_is_read_for_every_dimension_and_what_is_not_a_polynomial_has_none():
    assert polynomial_degree_in(Trace(e.T * e) ** 2, e) == 4
    assert polynomial_degree_in(Trace(e.T * A * e) + Trace(A), e) == 2
    assert polynomial_degree_in(Trace(A), e) == 0
    assert polynomial_degree_in(Trace(e.T * e) ** 3, e) == 6
    assert polynomial_degree_in((Identity(n) + e * e.T).inverse(), e) is None
    assert polynomial_degree_in(sympy.exp(Trace(e.T * e)), e) is None


@pytest.mark.parametrize("expr", [
    expectation(Trace(e.T * e) ** 3, e, sigma),                                   # degree 6
    expectation(Trace((Identity(n) + e * e.T).inverse()), e, sigma),             # not a polynomial
    expectation(Trace(e.T * e) ** 2 * sympy.pi, e, sigma),                        # not rational
])
def test_what_is_not_covered_goes_to_the_general_path(expr):
    instance = _instance(random.Random(1))
    assert FastEvaluator(instance, "numerator", frozenset()).values([expr]) is None
