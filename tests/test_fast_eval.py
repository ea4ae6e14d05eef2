"""The flint path of exact evaluation (refute.fast_eval) must agree with the general evaluator
wherever it answers, and hand everything else (undefined values, non-rational numbers,
constructs it does not know) back to the general evaluator instead of answering."""
import csv
import pathlib
import random

import pytest
import sympy
from flint import fmpq
from sympy import Abs, BlockMatrix, Determinant, Identity, Inverse, Matrix, MatrixSymbol, OneMatrix, Rational, Trace, \
    ZeroMatrix, sqrt, symbols

from symcheck.constructs import opnorm2
from symcheck.grade import prepare_questions, read_reference
from symcheck.latex import ParseError, parse_formula
from symcheck.model.problem import Problem
from symcheck.model.shapes import IllTyped, NotSupported
from symcheck.refute.check import FAILS, HOLDS, check
from symcheck.refute.evaluate import Instance, evaluate
from symcheck.refute.fast_eval import compare, fast_values, to_sympy
from symcheck.refute.instances import dim_schedule, make_plan

n, d = symbols("n d", integer=True, positive=True)
lam, c = symbols("lambda c", real=True)
X = MatrixSymbol("X", n, d)
A = MatrixSymbol("A", n, n)
y = MatrixSymbol("y", n, 1)
w = MatrixSymbol("w", d, 1)
S = MatrixSymbol("S", n, n)
z = MatrixSymbol("z", n, 1)

A2 = Matrix([[1, 2], [3, 4]])
X23 = Matrix([[1, 0, Rational(1, 2)], [2, -1, 3]])
ON = Instance({n: 2, d: 3}, {A: sympy.ImmutableMatrix(A2), X: sympy.ImmutableMatrix(X23),
                            y: sympy.ImmutableMatrix([1, -2]), w: sympy.ImmutableMatrix([0, 1, Rational(-1, 3)]),
                            S: sympy.ImmutableMatrix([[1, 1], [1, 1]]), z: sympy.ImmutableMatrix([3, 4]), lam: Rational(3, 2), c: sympy.Integer(-2)})

AGREEING = [
    X.T * (X * X.T + lam * Identity(n)).inverse() * y,
    (X.T * X + lam * Identity(d)).inverse() * X.T * y,
    A ** 3 - 2 * A.T * A + Identity(n),
    A ** -2,
    Trace(A * A.T) * A,
    Determinant(A) + Trace(X.T * X) / lam,
    (y.T * X * w) * X * w,                    # a 1×1 group acting as a scalar
    y.T * y,                                  # a 1×1 result
    Trace(y.T * y) ** 2 - lam ** -3 + Abs(c),
    X * w - y + ZeroMatrix(n, 1) + OneMatrix(n, 1),
    2 * X.T * (X * w - y) + 2 * lam * w,
    c * lam + n * d - 1,                      # dimension symbols as numbers
    Trace(z.T * z) ** Rational(1, 2) * A,     # ‖z‖ = 5: a rational power that is rational
    Trace(z.T * z) ** Rational(-3, 2) + Trace(S * S.T) ** Rational(1, 2),
    (Trace(z.T * z) - 25) ** Rational(1, 3),  # 0 to a positive power
    BlockMatrix([[A, y], [y.T, ZeroMatrix(1, 1)]]),                     # block matrices
    BlockMatrix([[X.T * X, w], [lam * w.T, Identity(1)]]).inverse() * BlockMatrix([[w], [OneMatrix(1, 1)]]),
    BlockMatrix([[X], [lam * Identity(d)]]).T * BlockMatrix([[y], [w]]),
    A + sympy.ImmutableMatrix([[1, 1], [1, lam]]),   # an explicit matrix (refute/fast_structured.py)
]


@pytest.mark.parametrize("expr", AGREEING, ids=str)
def test_values_equal_the_general_evaluators(expr):
    [value] = fast_values([expr], ON)
    assert to_sympy(value) == evaluate(expr, ON)


NOT_COVERED = [
    Inverse(S),                              # singular on this instance
    S ** -1,
    opnorm2(A) * A,                          # an operator norm (an algebraic number)
    sqrt(lam) * A,                           # non-integer power
    lam ** Rational(1, 2),                   # irrational (√(3/2))
    Trace(z.T * z) ** Rational(1, 3),        # irrational (∛25)
    (c - 1) ** Rational(1, 2),               # a negative number under a root
    (Trace(z.T * z) - 25) ** Rational(-1, 2),  # 0 to a negative power
    sympy.Float(0.5) * A,                    # not exact
    sympy.exp(lam),                          # a function this path does not know
    Inverse(X),                              # not square
    (c + 2) ** -1,                           # division by zero: c = -2
    sympy.pi * lam,
    BlockMatrix([[A, A], [S, S]]).inverse(),               # a block matrix that is singular
]


@pytest.mark.parametrize("expr", NOT_COVERED, ids=str)
def test_what_it_does_not_cover_goes_back_to_the_general_evaluator(expr):
    assert fast_values([expr], ON) is None


def test_irrational_values_and_missing_values_are_not_covered():
    irrational = Instance({n: 2, d: 3}, {**ON.values, lam: sqrt(2)})
    assert fast_values([lam * A], irrational) is None
    assert fast_values([lam * A], Instance({n: 2}, {A: ON.values[A]})) is None
    wrong_shape = Instance({n: 3, d: 3}, dict(ON.values))
    assert fast_values([A], wrong_shape) is None


def test_comparisons_follow_the_general_rules():
    [m, s, one] = fast_values([A, lam, y.T * y], ON)
    assert compare("==", m, m) is True and compare("!=", m, m) is False
    assert compare("==", m, m.transpose()) is False
    assert compare("<", m, m) is None                           # no order on matrices: general path
    assert compare("==", one, fmpq(5)) is True and compare("==", fmpq(5), one) is True
    assert compare("==", one, fmpq(4)) is False
    assert compare("==", s, Rational(3, 2)) is None                # a SymPy number is not a value of this path
    assert compare("<", s, s + 1) is True and compare(">=", s, s + 1) is False
    assert compare("==", m, s) is None                           # a matrix used as a scalar


def _labelled_problems():
    folder = pathlib.Path(__file__).parents[1] / "benchmarks" / "answers"
    questions = prepare_questions(read_reference(folder / "questions.ref"))
    with (folder / "labelled.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows:
        q = questions[row["question"]]
        try:
            expr = parse_formula(row["answer"], q.declarations, layout=q.layout)
            yield Problem.build(expr, q.expr, "==", q.assumptions, q.layout, row["question"])
        except (ParseError, IllTyped, NotSupported):
            continue


def test_check_decides_every_labelled_answer_alike_on_both_paths():
    """On every instance of every well-typed labelled answer: the same status and the same two sides."""
    compared = fast_hits = 0
    for problem in _labelled_problems():
        plan, rng = make_plan(problem), random.Random(0)
        for dims in dim_schedule(plan, 4, rng):
            instance = plan.draw(dims, rng)
            if instance is None:
                continue
            fast, general = check(problem, instance), check(problem, instance, fast=False)
            assert fast.status == general.status, (problem.name, fast, general)
            if fast.status in (HOLDS, FAILS):
                assert fast.lhs == general.lhs and fast.rhs == general.rhs
                assert type(fast.lhs) is type(general.lhs) and type(fast.rhs) is type(general.rhs)
            compared += 1
            fast_hits += fast_values([problem.lhs, problem.rhs], instance, problem.layout) is not None
    assert compared > 500 and fast_hits > compared // 2


def test_assumed_relations_are_decided_alike_on_both_paths():
    """λ > 0, UᵀU = I, ... : the fast path says what the general evaluator says, with the same message."""
    from sympy import Eq
    from symcheck.refute.check import failing_assumption
    from symcheck.refute.fast_eval import FastEvaluator
    U = MatrixSymbol("U", n, d)
    problem = Problem.build(U * w, U * w, "==", [lam > 0, Eq(U.T * U, Identity(d)), c < n], "numerator", "t")
    orthonormal = sympy.ImmutableMatrix([[1, 0], [0, 1], [0, 0]])
    cases = [
        ({lam: Rational(1, 2), U: orthonormal, c: sympy.Integer(2)}, None),
        ({lam: Rational(-1, 2), U: orthonormal, c: sympy.Integer(2)}, "lambda > 0 does not hold"),
        ({lam: Rational(1, 2), U: sympy.ImmutableMatrix([[1, 1], [0, 1], [0, 0]]), c: sympy.Integer(2)},
         "Eq(U.T*U, I) does not hold"),
        ({lam: Rational(1, 2), U: orthonormal, c: sympy.Integer(3)}, "c < n does not hold"),
        ({lam: sqrt(2), U: orthonormal, c: sympy.Integer(2)}, None),        # irrational: the general path
    ]
    for values, expected in cases:
        instance = Instance({n: 3, d: 2}, {w: sympy.ImmutableMatrix([1, 2]), **values})
        fast = failing_assumption(problem, instance, fast=FastEvaluator(instance))
        general = failing_assumption(problem, Instance(instance.dims, dict(instance.values)))
        assert fast == general
        assert (fast is None) if expected is None else (expected in fast.replace("Identity(2)", "I"))
