"""The symbolic matrix derivative (symcheck.prove.reductions.derivative) against independent exact computations.

Every rule is checked on random exact instances against (1) the exact evaluator's
entrywise derivative and (2) the exact directional derivative d/dt f(x + t·h) at
t = 0 of the explicit instance (sympy.diff on a scalar polynomial/rational function
of t, reliable there). Then the reduction is run through the dispatcher: true
seed claims are proved, mutants (a dropped transpose, a swapped product, a changed
constant) never are.
"""
from __future__ import annotations

import random
import time

import pytest
import sympy
from sympy import Derivative, Identity, Inverse, ZeroMatrix, Max, MatrixSymbol, Piecewise, Q, Trace, sqrt, symbols

from symcheck import Claim, sqnorm
from symcheck.engine import decide_claim
from symcheck.model.problem import Problem
from symcheck.prove.reductions.derivative import DerivativeReduction, NotDifferentiable, derivative
from symcheck.refute.evaluate import Instance, evaluate

n, m, k = symbols("n m k", integer=True, positive=True)
x, c, v = MatrixSymbol("x", n, 1), MatrixSymbol("c", n, 1), MatrixSymbol("v", m, 1)
A, B, C = MatrixSymbol("A", n, n), MatrixSymbol("B", n, n), MatrixSymbol("C", n, n)
X, Y = MatrixSymbol("X", m, n), MatrixSymbol("Y", m, 1)
W1, W2 = MatrixSymbol("W1", k, n), MatrixSymbol("W2", m, k)
t, lam = symbols("t lambda")

# (f, variable): scalar-by-vector, vector-by-vector, scalar-by-matrix, by-scalar, chains, inverses.
CASES = [
    (x.T * c, x),
    (x.T * x, x),
    (A * x, x),
    (x.T * A * x, x),
    (sqnorm(X * x - Y) / 2, x),
    ((X * x - Y).T * (X * x - Y), x),
    (Trace(A * X.T * X), X),
    (Trace(X * A * X.T), X),
    (sqnorm(W2 * W1 * x - v) / 2, W1),
    (sqrt(sqnorm(x)), x),
    (sympy.exp(x.T * c) * Trace(A), x),
    (Trace(x.T * x) * c, x),
    (Inverse(A + t * B), t),
    (Trace(Inverse(A + t * Identity(n)) * B), t),
    (x.T * Inverse(A) * x, A),
    (Trace(Inverse(A) * B), A),
    (Trace(A * B * C), B),
    (X.T * X * x, x),
    (c.T * x * (x.T * x), x),
]


def _random_instance(seed: int) -> Instance:
    rng = random.Random(seed)

    def rnd(r, s):
        return sympy.ImmutableMatrix(r, s, lambda i, j: sympy.Rational(rng.randint(-6, 6), rng.randint(1, 3)))

    dims = {n: 3, m: 2, k: 2}
    values = {x: rnd(3, 1), c: rnd(3, 1), C: rnd(3, 3), v: rnd(2, 1), A: rnd(3, 3) + 4 * sympy.eye(3), B: rnd(3, 3),
              X: rnd(2, 3), Y: rnd(2, 1), W1: rnd(2, 3), W2: rnd(2, 2), t: sympy.Rational(rng.randint(0, 3), 5),
              lam: sympy.Rational(rng.randint(1, 9), 4)}
    return Instance(dims, values)


@pytest.mark.parametrize("layout", ["numerator", "denominator"])
@pytest.mark.parametrize("f, var", CASES, ids=lambda item: sympy.sstr(item)[:30])
def test_rule_matches_the_exact_entrywise_derivative(f, var, layout):
    symbolic = derivative(f, var, layout)
    for seed in range(2):
        instance = _random_instance(seed)
        assert evaluate(symbolic, instance, layout) == evaluate(Derivative(f, var), instance, layout)


def _concrete(expr, instance: Instance):
    """expr on the instance as explicit SymPy (matrices of the instance's sizes); eps stays symbolic."""
    dims = {d: sympy.Integer(size) for d, size in instance.dims.items()}
    sized = {}
    for s, val in instance.values.items():
        if isinstance(s, MatrixSymbol):
            sized[MatrixSymbol(s.name, *(int(d.xreplace(dims)) for d in s.shape))] = val
        else:
            sized[s] = val
    out = expr.xreplace(dims).xreplace(sized)
    out = out.replace(lambda e: isinstance(e, (Identity, ZeroMatrix)),
                      lambda e: sympy.ImmutableMatrix(e.as_explicit()))
    out = out.doit()
    if isinstance(out, sympy.matrices.expressions.MatrixExpr):
        out = out.as_explicit()
    if isinstance(out, sympy.MatrixBase) and out.shape == (1, 1):
        return out[0, 0]
    return out


@pytest.mark.parametrize("f, var", CASES, ids=lambda item: sympy.sstr(item)[:30])
def test_rule_matches_the_directional_derivative_of_the_instance(f, var):
    """Df(x)[h] = d/dε f(x + ε h) at ε = 0 on an explicit instance, against tr(G h) (or J h, or G·1)."""
    G = derivative(f, var, "numerator")
    instance = _random_instance(7)
    eps = sympy.Symbol("eps")
    rng = random.Random(3)
    point = instance.values[var]
    if isinstance(var, MatrixSymbol):
        h = sympy.ImmutableMatrix(*point.shape, lambda i, j: rng.randint(-3, 3))
    else:
        h = sympy.Integer(1)
    moved = Instance(instance.dims, {**instance.values, var: point + eps * h})
    fx = _concrete(f, moved)
    Gx = _concrete(G, instance)
    if isinstance(fx, sympy.MatrixBase):
        directional = fx.applyfunc(lambda e: sympy.diff(e, eps).subs(eps, 0))
        expected = Gx * h
    else:
        directional = sympy.diff(fx, eps).subs(eps, 0)
        expected = (Gx * h).trace() if isinstance(Gx, sympy.MatrixBase) else Gx * h
    difference = sympy.Matrix(directional - expected) if isinstance(directional, sympy.MatrixBase) \
        else sympy.Matrix([directional - expected])
    assert difference.applyfunc(sympy.radsimp) == sympy.zeros(*difference.shape)


def test_layouts_are_transposes_and_shapes_follow_the_contract():
    assert derivative(x.T * c, x, "numerator").shape == (1, n)
    assert derivative(x.T * c, x, "denominator").shape == (n, 1)
    assert derivative(A * x, x, "numerator").shape == (n, n)
    assert derivative(Trace(A * X.T * X), X, "numerator").shape == (n, m)
    assert derivative(Trace(A * X.T * X), X, "denominator").shape == (m, n)


def test_higher_order_tensors_and_unknown_matrix_functions_are_declined():
    with pytest.raises(NotDifferentiable):
        derivative(X * x, X, "numerator")
    with pytest.raises(NotDifferentiable):
        derivative(sympy.log(sympy.Determinant(A)), A, "numerator")


def test_a_kink_makes_the_obligation_exclude_its_boundary():
    w, b, xs, y = symbols("w b x_s y")
    loss = (Max(0, w * xs + b) - y) ** 2 / 2
    reduced = DerivativeReduction().reduce(Problem.build(Derivative(loss, b), y), time.monotonic() + 5)
    assert sympy.Ne(w * xs + b, 0) in reduced.obligations[0].relations or \
        sympy.Ne(b + w * xs, 0) in reduced.obligations[0].relations


# --- through the dispatcher ---------------------------------------------------------------------------

wv, bv, xv, yv = symbols("w b x_v y")
phi = Max(0, wv * xv + bv)
active = Piecewise((1, wv * xv + bv > 0), (0, True))

PROVED = [
    Claim("d(x'c)/dx = c'", Derivative(x.T * c, x), c.T),
    Claim("d|x|^2/dx = 2x'", Derivative(x.T * x, x), 2 * x.T),
    Claim("d(Ax)/dx = A", Derivative(A * x, x), A),
    Claim("d(x'Ax)/dx = x'(A + A')", Derivative(x.T * A * x, x), x.T * (A + A.T)),
    Claim("= 2x'A for symmetric A", Derivative(x.T * A * x, x), 2 * x.T * A, assume=Q.symmetric(A)),
    Claim("grad 1/2|X theta - Y|^2", Derivative(sqnorm(X * x - Y) / 2, x), X.T * (X * x - Y),
          layout="denominator"),
    Claim("dL/dW1 = zbar x'", Derivative(sqnorm(W2 * W1 * x - v) / 2, W1),
          (W2.T * (W2 * W1 * x - v)) * x.T, layout="denominator"),
    Claim("d tr(AX'X)/dX", Derivative(Trace(A * X.T * X), X), X * (A + A.T), layout="denominator"),
    Claim("d tr(ABC)/dB = CA", Derivative(Trace(A * B * C), B), C * A),
    Claim("relu dl/db", Derivative((phi - yv) ** 2 / 2, bv), (phi - yv) * active),
]

MUTANTS = [
    Claim("general A: 2x'A", Derivative(x.T * A * x, x), 2 * x.T * A),
    Claim("dropped transpose", Derivative(x.T * A * x, x), x.T * (A + A)),
    Claim("changed constant", Derivative(x.T * x, x), 3 * x.T),
    Claim("swapped product", Derivative(Trace(A * B * C), B), A * C),
    Claim("gradient sign", Derivative(sqnorm(X * x - Y) / 2, x), X.T * (Y - X * x), layout="denominator"),
    Claim("relu: no indicator", Derivative((phi - yv) ** 2 / 2, bv), phi - yv),
]


@pytest.mark.parametrize("claim", PROVED, ids=lambda c: c.name)
def test_true_derivative_claims_are_proved(claim):
    verdict = decide_claim(claim, timeout=20)
    assert verdict.status == "proved", verdict.detail


@pytest.mark.parametrize("claim", MUTANTS, ids=lambda c: c.name)
def test_mutated_derivative_claims_are_never_proved(claim):
    verdict = decide_claim(claim, timeout=10)
    assert verdict.status in ("refuted", "error"), verdict.detail


def test_a_branch_boundary_that_is_itself_piecewise_is_not_assumed_away():
    """Assuming Max(t, 0) - t != 0 would drop every t >= 0, where this derivative is 0, not 1."""
    t = symbols("t", real=True)
    boundary = Max(t, 0) - t
    claim = Claim("f' = 1", Derivative(Piecewise((t, boundary > 0), (0, True)), t), sympy.Integer(1))
    assert decide_claim(claim, timeout=20).status != "proved"
