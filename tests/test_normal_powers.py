"""The checker's normal form adds exponents of one base (x^a·x^b = x^(a+b) wherever both are defined), so
Jacobi's formula for det(X^k) derived as det(X)·det(X)^(k−1) matches a certificate's det(X)^k; unequal
exponents stay unequal."""
from sympy import Determinant, MatrixSymbol, symbols

from symcheck.certify.normal import Normal

n = symbols("n", integer=True, positive=True)
k = symbols("k", integer=True, positive=True)
X = MatrixSymbol("X", n, n)


def test_exponents_of_one_base_add():
    derived = (k * Determinant(X) * Determinant(X) ** (k - 1)) * X.T ** (-1)
    assert Normal().equal(derived, (k * Determinant(X ** k)) * (X ** (-1)).T)


def test_unequal_exponents_stay_unequal():
    assert not Normal().equal((k * Determinant(X) * Determinant(X) ** k) * X.T ** (-1),
                              (k * Determinant(X ** k)) * (X ** (-1)).T)
    x = symbols("x", real=True)
    assert not Normal().equal(x * x ** (k - 1), x ** (k + 1))
    assert Normal().equal(x * x ** (k - 1), x ** k)
