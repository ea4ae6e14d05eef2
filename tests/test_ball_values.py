"""Values that are not rational, on the fast path, as the cross-check of a proof holds them: rigorous balls
(refute/ball_values.py). Each ball contains the exact value (SymPy's, to 100 digits); a ball decides only
when it excludes 0, and the exact paths keep the last word: the refuter's own search never makes a ball,
a wrong ball rule cannot refute a true claim, and the cross-check still catches a false proof."""
import random
import time

import pytest
import sympy
from sympy import (Abs, Derivative, Determinant, HadamardProduct, Identity, MatrixSymbol, Rational, Trace, atan, cos, exp, log, pi,
                   sin, sinh, sqrt, symbols, tanh)

from symcheck import engine
from symcheck.engine import decide_problem
from symcheck.model.problem import Problem
from symcheck.refute import ball_values
from symcheck.refute.check import FAILS, HOLDS, check, tied_symbols
from symcheck.refute.evaluate import Instance, evaluate
from symcheck.refute.fast_eval import FastEvaluator, compare
from symcheck.refute.flint_values import arb, arb_mat, fmpq, fmpq_mat, is_matrix
from symcheck.refute.search import search
from symcheck.verdict import PROVED, REFUTED, UNKNOWN, proved

n = symbols("n", integer=True, positive=True)
a, b = symbols("a b", real=True)
A = MatrixSymbol("A", n, n)
x, y = MatrixSymbol("x", n, 1), MatrixSymbol("y", n, 1)

VALUES = [
    exp(a) * exp(-a), exp(2 * a) - exp(a) ** 2, log(1 + exp(-a * b)), 1 / (1 + exp(-a)),
    sqrt(a ** 2 + 2) + pi, tanh(a) ** 2 + sinh(b), sin(a) * cos(b) - atan(a * b), (2 * pi) ** n * sympy.E,
    exp(-Trace(x.T * A * x) / 2) / sqrt(Determinant(2 * pi * (A * A.T + Identity(n)))),
    sympy.MatMul(exp(Trace(y.T * x)), A) + pi * Identity(n),
    (A * A.T + Identity(n)).inverse() * x * log(Trace(x.T * x) + 1),
    Abs(a - pi), (a ** 2 + 1) ** Rational(1, 3),
]
DERIVATIVES = [
    Derivative(exp(a) * log(a ** 2 + 1), a),
    Derivative(tanh(a * b) + sin(a) ** 2, a),
    Derivative(1 / (1 + exp(-Trace(y.T * x))), x),
    Derivative(log(1 + exp(-b * Trace(y.T * x))), x),
    Derivative(exp(-Trace(x.T * A * x) / 2) / sqrt(Determinant(2 * pi * (A * A.T + Identity(n)))), x),
    Derivative(sqrt(Trace(x.T * x) + 1) * pi, x),
    Derivative(exp(-Trace((x - y).T * (x - y)) / 2), (x, 2)),
    Derivative(log(1 + exp(-Trace(y.T * x))), (x, 2)),
    Derivative(atan(a) * cos(a) + log(a ** 2 + 1), (a, 2)),
    Derivative(sympy.sech(a * b) + sympy.cosh(a), (a, 2)),
    Derivative(Trace(y.T * (A * x).applyfunc(tanh)), A),                       # entrywise activations
    Derivative(Trace(y.T * x.applyfunc(lambda t: 1 / (1 + exp(-t)))), x),    # (of A x: too slow for SymPy)
    HadamardProduct(y, (A * x).applyfunc(lambda t: 1 - tanh(t) ** 2)) * x.T,
]


def _rational(rng):
    return Rational(rng.randint(-5, 5), rng.randint(1, 3))


def _instance(rng, size):
    def matrix(rows, cols):
        return sympy.ImmutableMatrix(rows, cols, lambda i, j: _rational(rng))
    return Instance({n: size}, {A: matrix(size, size), x: matrix(size, 1), y: matrix(size, 1), a: _rational(rng),
                                b: _rational(rng)})


def _exact(x_arb) -> sympy.Rational:
    mantissa, exponent = x_arb.man_exp()
    return sympy.Rational(int(mantissa)) * sympy.Rational(2) ** int(exponent)


def _contains(value, exact) -> bool:
    """Does the ball (or exact rational) `value` contain the exact SymPy number (to 100 digits)?"""
    if not isinstance(value, arb):
        return sympy.Rational(int(value.p), int(value.q)) == exact
    digits = sympy.N(exact, 100)
    slack = sympy.Rational(1, 10 ** 90)
    return _exact(value.lower()) - slack <= digits <= _exact(value.upper()) + slack


def _entries(value):
    return value.entries() if is_matrix(value) else [value]


def _general_entries(expr, instance, layout):
    exact = evaluate(expr, Instance(instance.dims, dict(instance.values)), layout)
    return list(exact) if isinstance(exact, sympy.MatrixBase) else [exact]


@pytest.mark.parametrize("expr", VALUES + DERIVATIVES, ids=str)
def test_every_ball_contains_the_exact_value(expr):
    rng = random.Random(str(expr))
    answered = 0
    for trial in range(12):
        instance = _instance(rng, rng.choice([1, 2]))  # the general path's exact values grow fast with exp
        got = FastEvaluator(instance, "denominator", frozenset(), balls=True).values([expr])
        if got is None:
            continue
        general = _general_entries(expr, instance, "denominator")
        entries = _entries(got[0])
        assert len(entries) == len(general), (expr, instance)
        for ball, exact in zip(entries, general):
            assert _contains(ball, exact), (expr, instance, ball, exact)
        answered += 1
    assert answered >= 6, f"the ball path answered on {answered} instances only"


@pytest.mark.parametrize("expr", VALUES + DERIVATIVES, ids=str)
def test_without_balls_the_fast_path_answers_exactly_or_not_at_all(expr):
    rng = random.Random(str(expr))
    for trial in range(6):
        instance = _instance(rng, rng.choice([1, 2]))
        got = FastEvaluator(instance, "denominator", frozenset()).values([expr])
        assert got is None or not any(isinstance(v, arb) for v in _entries(got[0])), (expr, instance)


def test_what_a_ball_cannot_decide_is_left_to_the_general_path():
    instance = Instance({n: 2}, {a: Rational(0), b: Rational(-1), A: sympy.ImmutableMatrix([[1, 2], [2, 4]]),
                                 x: sympy.ImmutableMatrix([1, 0]), y: sympy.ImmutableMatrix([0, 1])})
    declined = [
        log(b),                                   # the log of a negative number
        log(sin(pi * (a + 1))),                   # a ball around 0 (sin π): its sign is not known
        1 / (sin(pi * (a + 1)) * exp(a)),         # a division by a ball around 0
        Abs(sin(pi * (a + 1))),                   # |u| for u a ball around 0
        (b * pi) ** Rational(1, 2),               # a fractional power of a negative number
        A.inverse() * pi,                         # a singular matrix stays singular
        Derivative(Abs(sin(pi * (b + 2)) + a), a),  # a kink a ball cannot place
        b ** pi,                                  # a negative number to a ball's power
    ]
    for expr in declined:
        assert FastEvaluator(instance, "numerator", frozenset(), balls=True).values([expr]) is None, expr


def test_a_ball_decides_only_when_its_difference_excludes_0():
    with ball_values.working_precision():
        third, root = arb(1) / 3, arb(2).sqrt()
        zero_ball, one_ball = root * root - 2, third * 3
    zero, one, two = fmpq(0), fmpq(1), fmpq(2)
    assert compare("==", root, root + 1) is False and compare("!=", root, root + 1) is True
    assert compare("<", root, two) is True and compare(">=", root, two) is False
    assert compare("==", zero_ball, zero) is None and compare("<=", zero_ball, zero) is None
    assert compare("==", zero_ball, zero, undecided_holds=True) is True
    assert compare("<", zero_ball, zero, undecided_holds=True) is True
    assert compare("==", one_ball, one, undecided_holds=True) is True
    assert compare("==", arb(0), zero) is True                      # the exact ball 0 decides
    assert compare("==", arb_mat(1, 2, [root, zero_ball]), fmpq_mat(1, 2, [1, 0])) is False
    assert compare("==", arb_mat(1, 2, [one_ball, zero_ball]), fmpq_mat(1, 2, [1, 0])) is None


def test_ball_outcomes_agree_with_the_exact_outcomes_wherever_the_exact_path_decides():
    problems = [
        Problem.build(exp(a) * exp(-a), 1, "==", [], "numerator", "exp(a) exp(-a) = 1"),
        Problem.build(exp(a) * exp(a), exp(a), "==", [], "numerator", "false: exp(a)^2 = exp(a)"),
        Problem.build(Derivative(1 / (1 + exp(-a)), a), 1 / (1 + exp(-a)) * (1 - 1 / (1 + exp(-a))), "==", [],
                      "numerator", "sigma' = sigma (1 - sigma)"),
        Problem.build(Derivative(log(1 + exp(-Trace(y.T * x))), x), -y.T / (1 + exp(Trace(y.T * x))), "==", [],
                      "numerator", "gradient of the logistic loss"),
        Problem.build(Derivative(log(1 + exp(-Trace(y.T * x))), x), y.T / (1 + exp(Trace(y.T * x))), "==", [],
                      "numerator", "false: gradient of the logistic loss, sign"),
        Problem.build(sqrt(a ** 2 + 1), Abs(a) + 1, "<=", [], "numerator", "sqrt(a^2 + 1) <= |a| + 1"),
        Problem.build(pi * a ** 2, 3 * a ** 2, "<=", [], "numerator", "false: pi a^2 <= 3 a^2"),
    ]
    rng = random.Random(0)
    for problem in problems:
        for trial in range(8):
            instance = _instance(rng, rng.choice([1, 2]))
            exact = check(problem, Instance(instance.dims, dict(instance.values)), fast=False)
            balls = check(problem, Instance(instance.dims, dict(instance.values)), numeric_holds=True)
            if exact.status in (HOLDS, FAILS):
                assert balls.status == exact.status, (problem.name, instance, exact, balls)


def test_the_refuters_own_search_makes_no_ball(monkeypatch):
    """Only the cross-check asks for balls: the refuter's verdicts and evidence are the exact path's."""
    problems = [
        Problem.build(exp(a) * exp(a), exp(a), "==", [], "numerator", "false: exp(a)^2 = exp(a)"),
        Problem.build(sqrt(a ** 2 + 1), Abs(a) + 1, "<=", [], "numerator", "sqrt(a^2 + 1) <= |a| + 1"),
        Problem.build(Derivative(log(1 + exp(-Trace(y.T * x))), x), -y.T / (1 + exp(Trace(y.T * x))), "==", [],
                      "numerator", "gradient of the logistic loss"),
    ]
    before = [search(p, time.monotonic() + 60, max_instances=12) for p in problems]
    made = []
    real_ball = ball_values.ball
    monkeypatch.setattr(ball_values, "ball", lambda value: made.append(value) or real_ball(value))
    after = [search(p, time.monotonic() + 60, max_instances=12) for p in problems]
    assert not made
    for one, other in zip(before, after):
        assert (one.status, one.detail) == (other.status, other.detail)
    assert before[0].status == REFUTED and before[1].status == before[2].status == UNKNOWN
    cross_checked = search(problems[2], time.monotonic() + 60, max_instances=12, numeric_holds=True)
    assert made and cross_checked.status == UNKNOWN


def test_a_wrong_ball_rule_never_refutes_a_true_claim(monkeypatch):
    """A broken exp' (twice exp) makes the ball comparison fail; each candidate goes to the exact
    re-check, which does not confirm it, so the true claim keeps its proof and is never refuted."""
    broken = ball_values.Elementary(lambda u: u.exp(), lambda u: 2 * u.exp(), lambda u: 2 * u.exp())
    monkeypatch.setitem(ball_values.ELEMENTARY, sympy.exp, broken)
    problem = Problem.build(Derivative(1 / (1 + exp(-a)), a), 1 / (1 + exp(-a)) * (1 - 1 / (1 + exp(-a))), "==",
                            [], "numerator", "sigma' = sigma (1 - sigma)")
    instance = Instance({}, {a: Rational(1, 2)})
    assert check(problem, instance, numeric_holds=True).status == FAILS   # the broken ball sees a failure
    assert check(problem, instance, fast=False).status == HOLDS             # the exact path does not
    verdict = decide_problem(problem, time.monotonic() + 30)
    assert verdict.status != REFUTED
    assert verdict.status == PROVED or verdict.extras.get("disagreement")


def test_the_cross_check_still_catches_a_false_proof_of_a_claim_that_is_not_rational(monkeypatch):
    monkeypatch.setattr(engine, "prove", lambda *args, **kwargs: proved("a prover that proves anything"))
    for lhs, rhs in [(exp(a) * exp(a), exp(a)), (Derivative(sin(a) ** 2, a), 2 * sin(a)),
                     (exp(-Trace(x.T * x) / 2) / sqrt(2 * pi), exp(-Trace(x.T * x) / 2) / sqrt(pi))]:
        problem = Problem.build(lhs, rhs, "==", [], "numerator", "a false claim")
        verdict = decide_problem(problem, time.monotonic() + 30)
        assert verdict.status == UNKNOWN and verdict.extras.get("disagreement"), (lhs, rhs, verdict)


def test_true_proofs_stand_with_the_ball_cross_check():
    problem = Problem.build(Derivative(log(1 + exp(-Trace(y.T * x))), x), -y.T / (1 + exp(Trace(y.T * x))), "==",
                            [], "numerator", "gradient of the logistic loss")
    assert tied_symbols(problem) == frozenset()
    verdict = decide_problem(problem, time.monotonic() + 30)
    assert verdict.status == PROVED and not verdict.extras.get("disagreement")
