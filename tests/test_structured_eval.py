"""Kronecker and Hadamard products, diagonals, element-wise functions and vec: shapes for general
dimensions and exact values on instances (the refuter's evaluation), each against a definition
computed entry by entry here."""
from __future__ import annotations

import time

import pytest
import sympy
from sympy import (DiagMatrix, DiagonalMatrix, DiagonalOf, HadamardPower, HadamardProduct, Identity,
                   KroneckerProduct, Matrix, MatrixSymbol, OneMatrix, Rational, exp, log, symbols)

from symcheck import vec
from symcheck.model.problem import Problem
from symcheck.model.shapes import IllTyped, NotSupported, same_dim, shape_of
from symcheck.refute.errors import Undefined
from symcheck.refute.evaluate import Instance, evaluate
from symcheck.refute.search import search

n, m, p, q = symbols("n m p q", integer=True, positive=True)
A = MatrixSymbol("A", n, m)
B = MatrixSymbol("B", p, q)
S = MatrixSymbol("S", n, n)
T = MatrixSymbol("T", n, n)
x = MatrixSymbol("x", n, 1)

VALUES = {A: Matrix([[1, -2, 3], [0, 5, Rational(1, 2)]]), B: Matrix([[2, 1], [-1, 4]]),
          S: Matrix([[1, 2], [3, 4]]), T: Matrix([[0, 1], [1, 7]]), x: Matrix([3, -5])}
INSTANCE = Instance({n: 2, m: 3, p: 2, q: 2}, VALUES)


# --- shapes for general dimensions ---------------------------------------------------------------------

@pytest.mark.parametrize("expr, shape", [
    (KroneckerProduct(A, B), (n * p, m * q)),
    (KroneckerProduct(A, B, x), (n * p * n, m * q)),
    (HadamardProduct(A, A), (n, m)),
    (HadamardPower(A, 3), (n, m)),
    (DiagMatrix(x), (n, n)),
    (DiagMatrix(x.T), (n, n)),
    (DiagonalOf(S), (n, 1)),
    (DiagonalMatrix(A), (n, m)),
    (A.applyfunc(exp), (n, m)),
    (vec(A), (n * m, 1)),
    (vec(A).T * KroneckerProduct(Identity(m), S) * vec(A), (1, 1)),
])
def test_shapes_are_products_of_symbolic_dimensions(expr, shape):
    got = shape_of(expr)
    assert same_dim(got[0], shape[0]) and same_dim(got[1], shape[1])


def test_a_kronecker_product_times_a_matrix_of_the_product_size_is_well_typed_for_every_size():
    M = MatrixSymbol("M", m * q, 1)
    assert same_dim(shape_of(KroneckerProduct(A, B) * M)[0], n * p)
    N = MatrixSymbol("N", m + q, 1)   # m + q = m q only for special sizes
    with pytest.raises(IllTyped):
        shape_of(KroneckerProduct(A, B) * N)


def test_diag_of_a_matrix_that_is_not_a_vector_is_ill_typed():
    with pytest.raises(IllTyped, match="not a vector"):
        shape_of(DiagMatrix(A))


def test_the_diagonal_of_a_rectangular_matrix_is_not_modelled():
    with pytest.raises(NotSupported, match="min"):
        shape_of(DiagonalOf(A))


def test_hadamard_products_of_different_shapes_are_ill_typed():
    with pytest.raises(IllTyped):
        shape_of(HadamardProduct(S, MatrixSymbol("W", n, m)))


def test_an_elementwise_function_must_be_a_scalar_function():
    with pytest.raises(IllTyped):
        shape_of(A.applyfunc(lambda t: S * t))


# --- exact values, entry by entry ------------------------------------------------------------------------

def _value(expr):
    return evaluate(expr, INSTANCE)


def test_kronecker_product_entries():
    a, b = VALUES[A], VALUES[B]
    value = _value(KroneckerProduct(A, B))
    assert value.shape == (4, 6)
    for i in range(2):
        for j in range(3):
            for k in range(2):
                for ll in range(2):
                    assert value[i * 2 + k, j * 2 + ll] == a[i, j] * b[k, ll]


def test_kronecker_of_three_factors_is_associative_on_values():
    assert _value(KroneckerProduct(KroneckerProduct(S, T), x)) == _value(KroneckerProduct(S, KroneckerProduct(T, x)))


def test_diagonal_operators():
    assert _value(DiagMatrix(x)) == Matrix([[3, 0], [0, -5]])
    assert _value(DiagMatrix(x.T)) == Matrix([[3, 0], [0, -5]])
    assert _value(DiagonalOf(S)) == Matrix([1, 4])
    assert _value(DiagonalMatrix(A)) == Matrix([[1, 0, 0], [0, 5, 0]])
    assert _value(DiagonalOf(A)) == Matrix([1, 5])  # min(rows, cols) entries on a value


def test_hadamard_power_and_product():
    assert _value(HadamardPower(S, 2)) == Matrix([[1, 4], [9, 16]])
    assert _value(HadamardProduct(S, T)) == Matrix([[0, 2], [3, 28]])
    assert _value(HadamardProduct(S, OneMatrix(n, n))) == VALUES[S]


def test_elementwise_functions_are_exact_and_undefined_outside_their_domain():
    assert _value(S.applyfunc(lambda t: t ** 2 - 1)) == Matrix([[0, 3], [8, 15]])
    assert _value(T.applyfunc(exp)) == Matrix([[1, sympy.E], [sympy.E, exp(7)]])
    with pytest.raises(Undefined):
        _value(T.applyfunc(log))  # log 0


def test_vec_stacks_the_columns():
    assert _value(vec(A)) == Matrix([1, 0, -2, 5, 3, Rational(1, 2)])
    assert _value(vec(x)) == VALUES[x]


# --- refutation ------------------------------------------------------------------------------------------

def _search(lhs, rhs, assume=()):
    problem = Problem.build(lhs, rhs, "==", assume)
    return search(problem, time.monotonic() + 20)


def test_kronecker_products_do_not_commute_and_the_counterexample_is_exact():
    verdict = _search(KroneckerProduct(S, T), KroneckerProduct(T, S))
    assert verdict.status == "refuted"
    values = verdict.counterexample.values
    s, t = Matrix(values["S"]), Matrix(values["T"])
    assert sympy.kronecker_product(s, t) != sympy.kronecker_product(t, s)


def test_vec_of_a_product_with_the_wrong_kronecker_order_is_refuted():
    X = MatrixSymbol("X", m, n)
    C = MatrixSymbol("C", n, p)
    D = MatrixSymbol("D", q, m)
    verdict = _search(vec(D * X * C), KroneckerProduct(D, C.T) * vec(X))
    assert verdict.status == "refuted"


def test_an_elementwise_function_is_not_linear():
    verdict = _search((S + T).applyfunc(exp), S.applyfunc(exp) + T.applyfunc(exp))
    assert verdict.status == "refuted"
