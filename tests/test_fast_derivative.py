"""First derivatives on the fast path (refute/fast_derivative.py) must equal the general evaluator's
symbolic derivative wherever they answer (same value, same scalar/matrix form, both layouts), leave
everything else to it, and never decide a verdict alone: a wrong fast value cannot refute a true
claim, because every counterexample is re-checked on the general evaluator."""
import pathlib
import random
import time

import pytest
import sympy
from sympy import (Abs, Derivative, Determinant, HadamardPower, HadamardProduct, Identity, MatrixSymbol, Piecewise, Q,
                   Rational, Trace, log, symbols)

from symcheck import argmax, argmin, expectation, sqnorm
from symcheck.engine import decide_problem, problem_from_claim, recheck
from symcheck.loader import load_claim_file
from symcheck.model.problem import Problem
from symcheck.refute import fast_derivative
from symcheck.refute.check import FAILS, HOLDS, check, tied_symbols
from symcheck.refute.evaluate import Instance, evaluate
from symcheck.refute.fast_eval import FastEvaluator, to_sympy
from symcheck.refute.instances import dim_schedule, make_plan
from symcheck.refute.search import search
from symcheck.verdict import PROVED, REFUTED

n, d = symbols("n d", integer=True, positive=True)
lam = symbols("lambda", real=True)
X = MatrixSymbol("X", n, d)
A = MatrixSymbol("A", n, n)
w = MatrixSymbol("w", d, 1)
y = MatrixSymbol("y", n, 1)

DERIVATIVES = [
    Derivative(Trace((X * w - y).T * (X * w - y)), w),        # a scalar by a column
    Derivative((X * w - y).T * (X * w - y), w),               # a 1×1 product by a column
    Derivative(X * w, w),                                     # a column by a column (Jacobian)
    Derivative(w.T * X.T, w),                                 # a row by a column
    Derivative(Trace(A * X * X.T), X),                        # a scalar by a matrix
    Derivative(log(Determinant(A)), A),                       # a logarithm's value is never formed
    Derivative(log(Abs(Determinant(A))) / 2 + Trace(A), A),
    Derivative(Determinant(A), A),
    Derivative(Trace(A ** 3 - 2 * A ** -1), A),              # matrix powers, negative ones included
    Derivative(Trace(A.inverse() * y * y.T), A),
    Derivative(y.T * A * y, y),
    Derivative(lam ** 3 * Trace(A) + lam * Trace(A * A) - 1 / lam, lam),   # a scalar by a scalar
    Derivative((X.T * X + lam * Identity(d)).inverse() * X.T * y, lam),      # a matrix by a scalar
    Derivative(Trace(y.T * y) ** Rational(1, 2), y),          # ‖y‖: rational where the root is
    Derivative(Abs(Trace(y.T * A * y)) * lam, lam),
    Derivative(Trace(y.T * y) ** 2 * Determinant(A), y),
    Derivative(Piecewise((lam * Trace(A), lam > 1), (lam ** 2, lam < -1), (1 - lam, True)), lam),   # a branch each
    Derivative(Piecewise((Trace(y.T * A * y), Trace(A) > 0), (0, True)), y),   # a condition the variable leaves alone
    Derivative((Piecewise((lam, lam > 0), (0, True)) - 1) ** 2 / 2, lam),      # a ReLU inside a loss
    Derivative(y.T * A * y, (y, 2)),                                          # Hessians
    Derivative(Trace((X * w - y).T * (X * w - y)) / (2 * lam) + Trace(w.T * w) / 2, (w, 2)),
    Derivative(Trace(y.T * A.inverse() * y) * Trace(y.T * y) ** 2 - 3 * Trace(A * y * y.T) ** 3, (y, 2)),
    Derivative(Trace(A ** 2) * lam ** 3 - 1 / lam + Trace((A + lam * Identity(n)).inverse()), (lam, 2)),
    Derivative((X.T * X + lam * Identity(d)).inverse() * X.T * y * lam ** 2, (lam, 2)),
    Derivative(y.T * (X * w).applyfunc(lambda t: t ** 3 / 3 + t), w),        # an entrywise function
    Derivative(y.T * HadamardProduct(X * w, A * y), y),                       # Hadamard products and powers
    Derivative(Trace(HadamardPower(X * w, 3).T * y) + lam * Trace(HadamardProduct(A, A.T)), A),
]


def _rational(rng):
    return Rational(rng.randint(-4, 4), rng.randint(1, 3))


def _instance(rng, size_n, size_d):
    def matrix(rows, cols):
        return sympy.ImmutableMatrix(rows, cols, lambda i, j: _rational(rng))
    values = {X: matrix(size_n, size_d), A: matrix(size_n, size_n), w: matrix(size_d, 1), lam: _rational(rng)}
    if rng.random() < 0.3:  # a column with a rational length (3, 4, 0, ... scaled)
        values[y] = sympy.ImmutableMatrix([3, 4] + [0] * (size_n - 2)) * Rational(1, rng.randint(1, 3)) \
            if size_n >= 2 else sympy.ImmutableMatrix([[_rational(rng)]])
    else:
        values[y] = matrix(size_n, 1)
    return Instance({n: size_n, d: size_d}, values)


def _general(expr, instance, layout):
    try:
        return evaluate(expr, Instance(instance.dims, dict(instance.values)), layout)
    except Exception as exc:  # noqa: BLE001 - the general path refusing is a result too
        return type(exc).__name__


@pytest.mark.parametrize("layout", ["numerator", "denominator"])
@pytest.mark.parametrize("expr", DERIVATIVES, ids=str)
def test_fast_derivatives_equal_the_general_evaluators(expr, layout):
    rng = random.Random(str(expr) + layout)
    answered = 0
    for trial in range(24):
        instance = _instance(rng, rng.choice([1, 2, 3]), rng.choice([1, 2]))
        got = FastEvaluator(instance, layout, frozenset()).values([expr])
        if got is None:
            continue
        general = _general(expr, instance, layout)
        assert not isinstance(general, str), (expr, instance, general)   # fast answers only where it is defined
        assert to_sympy(got[0]) == general
        assert isinstance(to_sympy(got[0]), sympy.MatrixBase) == isinstance(general, sympy.MatrixBase)
        answered += 1
    assert answered >= 4, f"the fast path answered on {answered} instances only"


def test_what_it_does_not_differentiate_goes_to_the_general_path():
    instance = Instance({n: 2, d: 1}, {A: sympy.ImmutableMatrix([[1, 2], [2, 4]]), y: sympy.ImmutableMatrix([1, 0]),
                                       w: sympy.ImmutableMatrix([[2]]), lam: Rational(0), X: sympy.ImmutableMatrix([1, 1])})
    declined = [
        Derivative(Determinant(A), A),                   # singular: det A · A⁻ᵀ does not apply
        Derivative(Abs(lam) * Trace(A), lam),            # |λ| at λ = 0
        Derivative(Trace(y.T * A * y), (y, 3)),          # a third derivative
        Derivative(A * y, (y, 2)),                       # a second derivative of a column
        Derivative(log(Determinant(A)), (A, 2)),         # by a matrix
        Derivative(sympy.exp(Trace(y.T * y)), y),        # a function this path does not know
        Derivative(log(lam - 1), lam),                   # the log of a negative number
        Derivative(Piecewise((lam, lam > 0), (0, True)), lam),               # on the boundary
        Derivative(Piecewise((lam, lam < 1), (Abs(lam), lam < 2), (1, True)), lam),  # |λ| at 0 in another branch
        Derivative(Piecewise((lam, (lam < 1) & (lam > -1)), (0, True)), lam),  # a compound condition
        Derivative(Trace(y.T * y) ** Rational(1, 2) * lam, lam),  # fine, but ...
    ]
    for expr in declined[:-1]:
        assert FastEvaluator(instance, "numerator", frozenset()).values([expr]) is None, expr
    assert FastEvaluator(instance, "numerator", frozenset()).values([declined[-1]]) is not None
    # without the tied symbols (a caller that does not know the assumptions) no derivative is taken
    assert FastEvaluator(instance, "numerator").values([declined[-1]]) is None
    # nor by a symbol the assumptions tie
    assert FastEvaluator(instance, "numerator", frozenset({lam})).values([declined[-1]]) is None


PIECEWISE_VALUES = [
    Piecewise((lam, lam > 0), (0, True)),
    Piecewise((Trace(A), lam >= 1), (Determinant(A), lam <= -1), (lam ** 2, True)),
    Piecewise((1, Trace(y.T * y) > 4), (0, True)) * lam,
]


@pytest.mark.parametrize("expr", PIECEWISE_VALUES, ids=str)
def test_piecewise_values_equal_the_general_evaluators(expr):
    rng = random.Random(str(expr))
    for trial in range(20):
        instance = _instance(rng, rng.choice([1, 2, 3]), 1)
        got = FastEvaluator(instance, "numerator", frozenset()).values([expr])
        assert got is not None
        assert to_sympy(got[0]) == _general(expr, instance, "numerator")


OPTIMA = [
    argmin(sqnorm(X * w - y) + lam ** 2 * sqnorm(w), w),             # ridge: unique unless λ = 0 and XᵀX singular
    argmin(sqnorm(X * w - y), w),                                      # unique only when XᵀX is invertible
    argmax(-sqnorm(A * y - X * w) / 2 - Trace(w.T * w) + lam, w),
    argmin(Trace(w.T * X.T * A * X * w) - 2 * Trace(y.T * X * w), w),  # not convex on most draws
    argmax(sqnorm(w), w),                                              # no maximiser
]


@pytest.mark.parametrize("expr", OPTIMA, ids=str)
def test_optima_equal_the_general_evaluators(expr):
    rng = random.Random(str(expr))
    answered = 0
    for trial in range(16):
        instance = _instance(rng, rng.choice([1, 2, 3]), rng.choice([1, 2]))
        got = FastEvaluator(instance, "numerator", frozenset()).values([expr])
        general = _general(expr, instance, "numerator")
        if got is None:
            continue
        assert not isinstance(general, str), (expr, instance, general)
        assert to_sympy(got[0]) == general
        answered += 1
    if expr.objective == sqnorm(w):
        assert answered == 0                                           # never a maximiser: the general path says so
    else:
        assert answered >= 4


EXPECTATIONS = [
    expectation(y.T * A * y, y, lam),                                  # σ² tr(A), 1×1: a scalar
    expectation(sqnorm(A * y - X * w) / lam + Trace(A), y, lam),
    expectation(y * y.T + A * y * w.T * X.T, y, lam),                  # a matrix
    expectation(Trace(y.T * y) * lam - Trace(w.T * w), y, 2 * lam),    # a scalar, σ = 2λ
    expectation(X * w, y, lam),                                        # no noise in it
]


@pytest.mark.parametrize("expr", EXPECTATIONS, ids=str)
def test_expectations_equal_the_general_evaluators(expr):
    rng = random.Random(str(expr))
    answered = 0
    for trial in range(12):
        instance = _instance(rng, rng.choice([1, 2, 3]), rng.choice([1, 2]))
        got = FastEvaluator(instance, "numerator", frozenset()).values([expr])
        general = _general(expr, instance, "numerator")
        if got is None:  # λ = 0 under a division: undefined on both paths
            assert isinstance(general, str), (expr, instance, general)
            continue
        assert not isinstance(general, str), (expr, instance, general)
        assert to_sympy(got[0]) == general
        assert isinstance(to_sympy(got[0]), sympy.MatrixBase) == isinstance(general, sympy.MatrixBase)
        answered += 1
    assert answered >= 6


def test_an_integrand_beyond_degree_four_goes_to_the_general_path():
    """Degree ≤ 4 is refute/fast_moments.py's (tests/test_fast_moments.py); beyond it the general path decides."""
    instance = _instance(random.Random(0), 2, 1)
    quartic = expectation(Trace(y.T * y) ** 2, y, lam)
    [value] = FastEvaluator(instance, "numerator", frozenset()).values([quartic])
    assert to_sympy(value) == _general(quartic, instance, "numerator") == 8 * instance.values[lam] ** 4  # (n² + 2n) σ⁴
    sextic = expectation(Trace(y.T * y) ** 3, y, lam)
    assert FastEvaluator(instance, "numerator", frozenset()).values([sextic]) is None
    assert _general(sextic, instance, "numerator") == 48 * instance.values[lam] ** 6   # n(n + 2)(n + 4) σ⁶, n = 2


def test_a_tied_variable_is_left_to_the_general_path_in_check():
    problem = Problem.build(Derivative(Trace(A), A), Identity(n), "==", [Q.symmetric(A)], "numerator", "sym")
    assert A in tied_symbols(problem)
    instance = Instance({n: 2}, {A: sympy.ImmutableMatrix([[1, 2], [2, 1]])})
    fast, general = check(problem, instance), check(problem, instance, fast=False)
    assert fast.status == general.status and fast.reason == general.reason and fast.status not in (HOLDS, FAILS)


def _derivative_claims():
    folder = pathlib.Path(__file__).parents[1] / "claims"
    for path in sorted(folder.glob("*.py")):
        for claim in load_claim_file(path).claims:
            try:
                problem = problem_from_claim(claim)
            except Exception:  # noqa: BLE001 - ill-typed claims have no instances
                continue
            if problem.lhs.has(sympy.Derivative) or problem.rhs.has(sympy.Derivative):
                yield f"{path.name}::{claim.name}", problem


def test_check_decides_every_derivative_claim_alike_on_both_paths():
    """On instances of every derivative claim of the corpus: the same status and the same two sides."""
    compared = fast_hits = 0
    for name, problem in _derivative_claims():
        plan, rng = make_plan(problem), random.Random(name)
        for dims in dim_schedule(plan, 3, rng):
            instance = plan.draw(dims, rng)
            if instance is None:
                continue
            fast, general = check(problem, instance), check(problem, instance, fast=False)
            assert fast.status == general.status, (name, fast, general)
            if fast.status in (HOLDS, FAILS):
                assert fast.lhs == general.lhs and fast.rhs == general.rhs, name
                assert type(fast.lhs) is type(general.lhs) and type(fast.rhs) is type(general.rhs), name
            compared += 1
            tied = frozenset(tied_symbols(problem))
            fast_hits += FastEvaluator(instance, problem.layout, tied).values([problem.lhs, problem.rhs]) is not None
    assert compared > 150 and fast_hits > compared // 3, (compared, fast_hits)


def test_a_wrong_fast_derivative_never_refutes_a_true_claim(monkeypatch):
    """A broken rule (the inverse's tangent with the wrong sign) makes the fast path see failures; the
    general evaluator re-checks each one, so the true claim is not refuted and its proof stands."""
    def wrong_inverse(expr, t):
        return [-v for v in right_inverse(expr, t)]
    right_inverse = fast_derivative._RULES[sympy.Inverse]
    B = MatrixSymbol("B", n, n)
    a, c = MatrixSymbol("a", n, 1), MatrixSymbol("c", n, 1)
    problem = Problem.build(Derivative(a.T * B.inverse() * c, B), -(B.inverse() * c * a.T * B.inverse()),
                            "==", [], "numerator", "d a^T B^-1 c / dB")
    instance = Instance({n: 2}, {B: sympy.ImmutableMatrix([[2, 1], [0, 1]]), a: sympy.ImmutableMatrix([1, 2]),
                                 c: sympy.ImmutableMatrix([1, -1])})
    assert check(problem, instance).status == HOLDS
    monkeypatch.setitem(fast_derivative._RULES, sympy.Inverse, wrong_inverse)
    assert check(problem, instance).status == FAILS                  # the broken fast path sees a failure
    assert check(problem, instance, fast=False).status == HOLDS      # the general evaluator does not
    found = search(problem, time.monotonic() + 30, max_instances=10)
    assert found.status != REFUTED or recheck(problem, found) is None
    verdict = decide_problem(problem, time.monotonic() + 30)
    assert verdict.status == PROVED and not verdict.extras.get("disagreement")
