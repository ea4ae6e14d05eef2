"""The fast path's explicit matrices, structured products and pseudo-inverse (refute/fast_structured.py) must give
exactly the general evaluator's values, in the same form, on random rational instances (ranks from 0 up,
1×1 matrices, scalars), and leave balls' pseudo-inverses to it."""
import random

import pytest
import sympy
from sympy import (DiagMatrix, DiagonalMatrix, DiagonalOf, Identity, KroneckerProduct, Matrix, MatrixSymbol, Rational,
                   Trace, symbols)

from symcheck.constructs import pinv, vec
from symcheck.refute.evaluate import Instance, evaluate
from symcheck.refute.fast_eval import FastEvaluator, fast_values, to_sympy
from symcheck.refute.fast_structured import flint_pinv
from symcheck.refute.flint_values import fmpq, fmpq_mat
from symcheck.refute.constructs_eval import exact_pinv

m, n = symbols("m n", integer=True, positive=True)
lam = symbols("lambda", real=True)
X = MatrixSymbol("X", m, n)
Y = MatrixSymbol("Y", n, m)
A = MatrixSymbol("A", n, n)
x = MatrixSymbol("x", n, 1)
r = MatrixSymbol("r", 1, m)
t = MatrixSymbol("t", 1, 1)
M = sympy.ImmutableMatrix

EXPRESSIONS = [
    pinv(X), pinv(X) * X, X * pinv(X) * X - X, pinv(X.T * X) * X.T, pinv(t), pinv(x.T * x), pinv(x.T * A * x) * lam,
    pinv(X * Y), pinv(KroneckerProduct(X, A)),
    KroneckerProduct(X, A), KroneckerProduct(A, x, r), KroneckerProduct(t, A) + A, KroneckerProduct(x.T, x),
    KroneckerProduct(lam * Identity(n), X.T) * KroneckerProduct(A, Y.T),
    vec(X), vec(A * X.T) - KroneckerProduct(X, Identity(n)) * vec(A), vec(t), vec(r).T * vec(r),
    DiagMatrix(x), DiagMatrix(r), DiagMatrix(t), DiagonalOf(X), DiagonalOf(A) + x, DiagonalMatrix(X),
    DiagonalMatrix(A) * A, Trace(DiagMatrix(x) * A),
    M([[1, lam], [Trace(A), Rational(2, 3)]]), M([[lam]]), M([[Trace(A)]]) * t,
    M([[1, 2], [3, 4]]) * M([[lam], [Trace(x.T * x)]]), KroneckerProduct(M([[Trace(t), lam]]), x.T),
]


def _matrix(rows: int, cols: int, rank: int, rng: random.Random) -> sympy.ImmutableMatrix:
    """A random rational rows×cols matrix of rank at most `rank` (a product of two random factors)."""
    def entry():
        return Rational(rng.randint(-4, 4), rng.choice([1, 1, 2, 3]))
    if rank == 0:
        return sympy.ImmutableMatrix(sympy.zeros(rows, cols))
    left = Matrix(rows, rank, lambda i, j: entry())
    right = Matrix(rank, cols, lambda i, j: entry())
    return sympy.ImmutableMatrix(left * right)


def _instances(count: int = 24):
    rng = random.Random(7)
    for _ in range(count):
        dm, dn = rng.randint(1, 3), rng.randint(1, 3)
        rank = rng.randint(0, min(dm, dn))
        yield Instance({m: dm, n: dn}, {
            X: _matrix(dm, dn, rank, rng), Y: _matrix(dn, dm, rng.randint(0, min(dm, dn)), rng),
            A: _matrix(dn, dn, rng.randint(0, dn), rng), x: _matrix(dn, 1, 1, rng), r: _matrix(1, dm, 1, rng),
            t: _matrix(1, 1, rng.randint(0, 1), rng), lam: Rational(rng.randint(-3, 3), rng.randint(1, 3))})


@pytest.mark.parametrize("expr", EXPRESSIONS, ids=str)
def test_values_equal_the_general_evaluators_on_random_instances(expr):
    covered = 0
    for instance in _instances():
        general = evaluate(expr, instance)
        values = fast_values([expr], instance)
        assert values is not None, f"not covered on {instance}"
        assert to_sympy(values[0]) == general, f"on {instance}"
        assert isinstance(to_sympy(values[0]), sympy.MatrixBase) == isinstance(general, sympy.MatrixBase)
        covered += 1
    assert covered


def test_the_pseudo_inverse_meets_the_penrose_conditions_and_equals_sympys():
    rng = random.Random(3)
    for _ in range(60):
        rows, cols = rng.randint(1, 4), rng.randint(1, 4)
        value = _matrix(rows, cols, rng.randint(0, min(rows, cols)), rng)
        exact = fmpq_mat(rows, cols, [fmpq(int(e.p), int(e.q)) for e in value])
        p = flint_pinv(exact)
        assert (exact * p * exact, p * exact * p) == (exact, p)
        assert (exact * p).transpose() == exact * p and (p * exact).transpose() == p * exact
        expected = exact_pinv(Matrix(value))
        assert [Rational(int(e.p), int(e.q)) for e in p.entries()] == list(expected)


def test_a_pseudo_inverse_of_balls_goes_to_the_general_path():
    instance = Instance({m: 2, n: 2}, {X: sympy.ImmutableMatrix([[1, 2], [2, 4]])})
    balls = FastEvaluator(instance, balls=True)
    assert balls.values([pinv(sympy.pi * X)]) is None
    assert balls.values([KroneckerProduct(sympy.pi * X, X)]) is not None   # no rank decided: balls are fine here
