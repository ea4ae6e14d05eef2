"""The checker puts a rational function of symbols in lowest terms, and decides whether it is 0, in SymPy's
field of rational functions (`sfield`): it must give the form `cancel(together(c))` gives and agree with it
on zero and nonzero differences alike, and leave anything else (roots, functions, decimals, symbolic
exponents, noncommutative symbols) to the general path."""
import random

import sympy
from sympy import Rational, exp, sqrt, symbols

from symcheck.certify.normal import _is_rational_function, canon, is_zero_scalar

x, y, z = symbols("x y z", real=True)
k = symbols("k", integer=True, positive=True)


def _random_rational_function(rng, depth=3):
    if depth == 0 or rng.random() < 0.25:
        return rng.choice([x, y, z, Rational(rng.randint(-3, 3), rng.randint(1, 3))])
    a, b = _random_rational_function(rng, depth - 1), _random_rational_function(rng, depth - 1)
    op = rng.choice(["+", "*", "/", "^"])
    if op == "+":
        return a + b
    if op == "*":
        return a * b
    if op == "/":
        return a / b if b != 0 else a
    return a ** rng.randint(-2, 3) if a != 0 else a


def test_it_agrees_with_cancellation_on_zero_and_nonzero_differences():
    rng = random.Random(7)
    zeros = nonzeros = 0
    for _ in range(150):
        f = _random_rational_function(rng)
        # an identity rewritten (f·(x+1)/(x+1) − f is 0 where defined) and a near-miss
        for c in (sympy.expand(f * (x + 1)) / (x + 1) - f, f * (x + 1) / (x + 1) - f + Rational(1, 7) * y):
            if not isinstance(c, sympy.Basic) or not _is_rational_function(c):
                continue
            expected = sympy.cancel(sympy.together(c)) == 0
            assert is_zero_scalar(c) == expected, c
            zeros += expected
            nonzeros += not expected
    assert zeros > 50 and nonzeros > 50


def test_the_three_by_three_inverse_is_the_adjugate_over_the_determinant():
    A = sympy.Matrix(3, 3, symbols("a0:9", real=True))
    det = A.det(method="berkowitz")
    assert is_zero_scalar((A.adjugate() / det * A)[0, 0] - 1)
    assert is_zero_scalar((A.adjugate() / det * A)[0, 1])
    assert not is_zero_scalar((A.adjugate() / det * A)[0, 0] - 1 + Rational(1, 10**9))
    assert not is_zero_scalar((A.adjugate().T / det * A)[0, 1])


def test_anything_but_a_rational_function_of_symbols_takes_the_general_path():
    for c in (sqrt(x) * y - x, exp(x) * exp(y) - exp(x + y), x ** k * x - x ** (k + 1),
              sympy.Float("0.5") * x - y, sqrt(2) * x):
        assert not _is_rational_function(c)
    assert _is_rational_function(x ** -3 * (y + Rational(1, 2)) - 1)
    assert is_zero_scalar(x ** k * x - x ** (k + 1))   # the general path still adds exponents
    assert not is_zero_scalar(sqrt(2) * x)


def test_its_lowest_terms_are_the_ones_cancellation_gives():
    rng = random.Random(11)
    compared = 0
    for _ in range(200):
        c = _random_rational_function(rng)
        if isinstance(c, sympy.Basic) and _is_rational_function(c):
            assert canon(c) == sympy.cancel(sympy.together(c)), c
            compared += 1
    assert compared > 150


def test_noncommutative_symbols_are_not_a_rational_function():
    p, q = symbols("p q", commutative=False)
    assert not _is_rational_function(p * q - q * p)
    assert not is_zero_scalar(p * q - q * p)
