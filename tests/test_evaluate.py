"""The exact evaluator: values of every supported construct on concrete instances,
where values do not exist (Undefined), exact sign decisions, assumptions and `check`."""
import random

import pytest
import sympy
from hypothesis import given, settings, strategies as st
from sympy import (Abs, BlockMatrix, Derivative, Determinant, Eq, HadamardProduct, Heaviside, Identity, Limit,
                   Matrix, MatrixSymbol, Max, Min, OneMatrix, Piecewise, Q, Rational, Trace, ZeroMatrix, exp,
                   log, oo, pi, sqrt, symbols)

from symcheck.model.problem import Problem
from symcheck.refute.errors import Undefined
from symcheck.refute.evaluate import EVALUATORS, Instance, evaluate
from symcheck.refute.check import check, failing_assumption, assumptions_hold
from symcheck.refute.linalg import to_domain_matrix
from symcheck.refute.exact import decide_relation, sign_of
from symcheck.refute.predicates import PREDICATES

n, d = symbols("n d", integer=True, positive=True)
k = symbols("k", integer=True)
lam = symbols("lambda", positive=True)
w, b, x, t = symbols("w b x t", real=True)
X = MatrixSymbol("X", n, d)
A = MatrixSymbol("A", n, n)
B = MatrixSymbol("B", n, n)
v = MatrixSymbol("v", n, 1)
y = MatrixSymbol("y", n, 1)

A2 = Matrix([[1, 2], [3, 4]])
B2 = Matrix([[0, 1], [1, 1]])


def on(dims=None, **values):
    table = {"A": A, "B": B, "X": X, "v": v, "y": y, "lam": lam, "w": w, "b": b, "x": x, "k": k}
    return Instance(dims or {}, {table[name]: value for name, value in values.items()})


# --- matrix algebra -----------------------------------------------------------------------------

def test_products_transposes_and_sums_match_explicit_arithmetic():
    inst = on({n: 2}, A=A2, B=B2)
    assert evaluate(A * B + 2 * B.T, inst) == A2 * B2 + 2 * B2.T
    assert evaluate((A * B).T, inst) == (A2 * B2).T
    assert evaluate(HadamardProduct(A, B), inst) == Matrix([[0, 2], [3, 4]])
    assert evaluate(Identity(n) + ZeroMatrix(n, n) + OneMatrix(n, n), inst) == Matrix([[2, 1], [1, 2]])


def test_push_through_sides_agree_on_a_rectangular_instance():
    inst = on({n: 2, d: 3}, X=Matrix([[1, 0, 2], [0, 1, -1]]), lam=Rational(1, 2))
    left = evaluate(X.T * (X * X.T + lam * Identity(n)).I, inst)
    right = evaluate((X.T * X + lam * Identity(d)).I * X.T, inst)
    assert left == right
    assert left.shape == (3, 2)
    assert left[0, 0] == Rational(10, 39)


def test_a_one_by_one_result_is_a_scalar_and_scales_a_matrix():
    inst = on({n: 2}, A=A2, v=Matrix([1, 2]))
    quad = evaluate(v.T * A * v, inst)
    assert quad == 27 and not isinstance(quad, sympy.MatrixBase)
    assert evaluate(v.T * v * A, inst) == 5 * A2   # the 1×1 factor acts as a scalar


def test_inverse_powers_trace_determinant_and_blocks():
    inst = on({n: 2}, A=A2, k=sympy.Integer(-2))
    assert evaluate(A.I, inst) == A2.inv()
    assert evaluate(A ** -2, inst) == (A2.inv()) ** 2
    assert evaluate(A ** k, inst) == (A2.inv()) ** 2
    assert evaluate(A ** 0, inst) == sympy.eye(2)
    assert evaluate(Trace(A), inst) == 5
    assert evaluate(Determinant(A), inst) == -2
    block = evaluate(BlockMatrix([[A, Identity(n)], [ZeroMatrix(n, n), A]]), inst)
    assert block.shape == (4, 4) and block[0, 2] == 1 and block[2, 2] == 1
    assert evaluate(A[1, 0], inst) == 3


def test_explicit_matrices_with_symbols_inside():
    inst = on({}, w=Rational(2), b=Rational(-1))
    assert evaluate(Matrix([[w, b], [w * b, 1 / w]]), inst) == Matrix([[2, -1], [-2, Rational(1, 2)]])


def test_algebraic_values_stay_exact():
    inst = on({n: 2}, A=Matrix([[sqrt(2), 1], [1, sqrt(3)]]), lam=Rational(2))
    inv = evaluate(A.I, inst)
    assert sympy.simplify(inv * Matrix([[sqrt(2), 1], [1, sqrt(3)]]) - sympy.eye(2)) == sympy.zeros(2, 2)
    assert evaluate(sqrt(lam) * sqrt(lam), inst) == 2


def test_a_20_by_20_instance_is_fast():
    rng = random.Random(3)
    values = Matrix(20, 20, lambda i, j: rng.randint(-3, 3))
    inst = on({n: 20, d: 20}, X=values, lam=Rational(1, 2))
    import time
    start = time.perf_counter()
    left = evaluate(X.T * (X * X.T + lam * Identity(n)).I, inst)
    right = evaluate((X.T * X + lam * Identity(d)).I * X.T, inst)
    assert left == right
    assert time.perf_counter() - start < 5  # generous: the benchmark reports the real figure


# --- where values do not exist --------------------------------------------------------------------

@pytest.mark.parametrize("expr, inst", [
    (A.I, on({n: 2}, A=Matrix([[1, 2], [2, 4]]))),
    ((A * B).I, on({n: 2}, A=A2, B=Matrix([[1, 1], [1, 1]]))),
    (log(w), on(w=Rational(0))),
    (log(w), on(w=Rational(-2))),
    (1 / w, on(w=Rational(0))),
    (w ** -2, on(w=Rational(0))),
    (sqrt(w), on(w=Rational(-1))),
    (Piecewise((1, w > 0)), on(w=Rational(-1))),
])
def test_undefined_values_raise(expr, inst):
    with pytest.raises(Undefined):
        evaluate(expr, inst)


# --- scalar functions, exactly ----------------------------------------------------------------------

def test_heaviside_follows_sympy_convention_unless_told_otherwise():
    assert evaluate(Heaviside(w), on(w=Rational(0))) == Rational(1, 2)
    assert evaluate(Heaviside(w, 1), on(w=Rational(0))) == 1
    assert evaluate(Heaviside(w - 1), on(w=Rational(3))) == 1


def test_abs_max_min_piecewise_sign_decide_exactly_on_algebraic_numbers():
    root, close = sqrt(2), Rational(141421, 100000)
    inst = on(w=root, b=close)
    assert evaluate(Abs(b - w), inst) == root - close
    assert evaluate(Max(w, b), inst) == root
    assert evaluate(Min(w, b), inst) == close
    assert evaluate(sympy.sign(b - w), inst) == -1
    assert evaluate(Piecewise((1, w < b), (2, True)), inst) == 2


def test_exp_log_and_other_functions():
    inst = on(w=Rational(2))
    assert evaluate(log(exp(w)), inst) == 2
    assert evaluate(exp(log(w)), inst) == 2
    assert evaluate(sympy.sin(w) ** 2 + sympy.cos(w) ** 2, inst) == sympy.sin(2) ** 2 + sympy.cos(2) ** 2


def test_exact_sign_decisions():
    assert sign_of(sqrt(2) * sqrt(3) - sqrt(6)) == 0
    assert sign_of(sqrt(2 + sqrt(3)) - (sqrt(6) + sqrt(2)) / 2) == 0
    assert sign_of(pi - Rational(355, 113)) == -1
    assert sign_of(log(4) - 2 * log(2)) == 0
    assert sign_of(exp(pi * sqrt(163)) - 262537412640768744) == -1   # 7.5e-13 below an integer
    assert sign_of(sympy.sin(1) ** 2 + sympy.cos(1) ** 2 - 1) is None   # true, but no exact argument here
    assert decide_relation("<", sqrt(2), Rational(3, 2)) is True
    assert decide_relation(">=", sqrt(2), Rational(3, 2)) is False


@pytest.mark.parametrize("x, sign", [
    (log(6) - log(2) - log(3), 0),                                  # the primes' exponents cancel
    (Rational(1, 2) * log(Rational(9, 4)) - log(3) + log(2), 0),
    (log(Rational(9, 4)) - 2 * log(Rational(3, 2)) - Rational(1, 10 ** 30), -1),   # a rational beside cancelling logs
    (3 * log(2) - 2 * log(3), -1),                                  # log 8 < log 9: never 0 (transcendental)
    (log(3) - Rational(10986, 10000), 1),                           # log 3 = 1.09861...
])
def test_exact_signs_of_rational_combinations_of_logs(x, sign):
    """q₀ + Σ qᵢ log rᵢ (log-determinants of rational matrices): zero exactly when every prime cancels."""
    assert sign_of(x) == sign


# --- derivatives and limits -------------------------------------------------------------------------

small_ints = st.integers(-3, 3)


@settings(max_examples=15, deadline=None)
@given(size=st.integers(1, 3), data=st.data())
def test_derivative_of_quadratic_form_is_xT_times_A_plus_AT(size, data):
    entries = data.draw(st.lists(small_ints, min_size=size * size + size, max_size=size * size + size))
    inst = on({n: size}, A=Matrix(size, size, entries[:size * size]), v=Matrix(entries[size * size:]))
    assert evaluate(Derivative(v.T * A * v, v), inst) == evaluate(v.T * (A + A.T), inst)


def test_layouts_of_derivatives():
    inst = on({n: 2}, A=A2, v=Matrix([1, -1]))
    assert evaluate(Derivative(A * v, v), inst) == A2                       # numerator: p×r
    assert evaluate(Derivative(A * v, v), inst, layout="denominator") == A2.T
    assert evaluate(Derivative(v.T * v, v), inst).shape == (1, 2)            # scalar by column: a row
    assert evaluate(Derivative(v.T * v, v), inst, layout="denominator").shape == (2, 1)
    assert evaluate(Derivative(Trace(A * B), B), on({n: 2}, A=A2, B=B2)) == A2   # d tr(AB)/dB = A


def test_derivative_by_a_scalar_and_of_an_inverse():
    inst = on({n: 2}, A=A2, lam=Rational(1))
    value = evaluate(Derivative((A + lam * Identity(n)).I, lam), inst)
    M = (A2 + sympy.eye(2)).inv()
    assert value == -M * M


def test_no_derivative_at_a_kink():
    with pytest.raises(Undefined):
        evaluate(Derivative(Abs(w), w), on(w=Rational(0)))
    with pytest.raises(Undefined):
        evaluate(Derivative(Max(0, w * x + b), w), on(w=Rational(1), x=Rational(2), b=Rational(-2)))
    assert evaluate(Derivative(Max(0, w * x + b), w), on(w=Rational(1), x=Rational(2), b=Rational(1))) == 2
    assert evaluate(Derivative(Abs(w), w), on(w=Rational(-3))) == -1


def test_limits_on_an_instance():
    assert evaluate(Limit(lam / (1 + lam), lam, oo), on()) == 1
    assert evaluate(Limit(sympy.sin(t) / t, t, 0), on()) == 1
    tall = Matrix([[1, 0], [0, 1], [1, 1]])
    inst = on({n: 3, d: 2}, X=tall, y=Matrix([1, 2, 4]))
    ridge = (X.T * X + lam * Identity(d)).I * X.T * y
    assert evaluate(Limit(ridge, lam, 0), inst) == (tall.T * tall).inv() * tall.T * Matrix([1, 2, 4])
    assert evaluate(Limit(ridge, lam, oo), inst) == sympy.zeros(2, 1)
    with pytest.raises(Undefined):
        evaluate(Limit(1 / lam, lam, 0), on())


def test_a_caller_extends_the_evaluator_with_its_own_table_never_the_shared_one():
    class Twice(sympy.Expr):  # not a Function: the shared table has no rule for it
        pass

    rules = {**EVALUATORS, Twice: lambda expr, ev: 2 * ev.scalar(expr.args[0])}
    assert evaluate(Twice(w) + 1, on(w=Rational(5)), rules=rules) == 11
    assert Twice not in EVALUATORS
    with pytest.raises(Undefined):  # the shared table does not know it (NotEvaluable is an Undefined)
        evaluate(Twice(w) + 1, on(w=Rational(5)))
    with pytest.raises(TypeError):  # and cannot be changed
        EVALUATORS[Twice] = rules[Twice]


# --- assumptions and check --------------------------------------------------------------------------

def problem(lhs, rhs, relation="==", assume=()):
    return Problem.build(lhs, rhs, relation, assume)


def test_positive_definite_is_decided_by_symmetry_and_leading_minors():
    claim = problem(A, A, assume=[Q.positive_definite(A)])
    assert assumptions_hold(claim, on({n: 2}, A=Matrix([[2, 1], [1, 2]])))
    assert not assumptions_hold(claim, on({n: 2}, A=Matrix([[1, 2], [2, 1]])))    # indefinite
    assert not assumptions_hold(claim, on({n: 2}, A=Matrix([[2, 1], [0, 2]])))    # not symmetric
    semidefinite = PREDICATES["positive_semidefinite"]
    assert semidefinite(to_domain_matrix(Matrix([[1, 1], [1, 1]])))
    assert not semidefinite(to_domain_matrix(Matrix([[1, 2], [2, 1]])))
    assert not semidefinite(to_domain_matrix(Matrix([[1, 0], [0, -1]])))


def test_matrix_predicates_and_relations():
    U = Matrix([[Rational(3, 5), Rational(-4, 5)], [Rational(4, 5), Rational(3, 5)]])
    assert assumptions_hold(problem(A, A, assume=[Q.orthogonal(A), Q.invertible(A)]), on({n: 2}, A=U))
    assert not assumptions_hold(problem(A, A, assume=[Q.symmetric(A)]), on({n: 2}, A=U))
    P = Matrix([[1, 1], [0, 0]])
    assert assumptions_hold(problem(A, A, assume=[Eq(A * A, A)]), on({n: 2}, A=P))
    assert not assumptions_hold(problem(A, A, assume=[Eq(A * A, A)]), on({n: 2}, A=A2))
    assert assumptions_hold(problem(A, A, assume=[Q.singular(A), Q.upper_triangular(A)]), on({n: 2}, A=P))
    assert assumptions_hold(problem(A, A, assume=[Determinant(A) > 0]), on({n: 2}, A=U))


def test_scalar_assumptions_relations_and_symbol_declarations():
    claim = problem(w, w, assume=[w > 0, x < 0, w * x + b > 0])
    assert assumptions_hold(claim, on(w=Rational(1), x=Rational(-1), b=Rational(2)))
    assert not assumptions_hold(claim, on(w=Rational(1), x=Rational(-1), b=Rational(1)))
    declared = problem(lam, lam)
    assert not assumptions_hold(declared, on(lam=Rational(-1)))   # lambda was declared positive
    assert "positive" in failing_assumption(declared, on(lam=Rational(-1)))


def test_an_unknown_predicate_is_never_taken_as_met():
    claim = problem(A, A, assume=[Q.antihermitian(A)])
    assert not assumptions_hold(claim, on({n: 2}, A=sympy.zeros(2, 2)))
    assert assumptions_hold(problem(w, w, assume=[Q.gt(w, 1)]), on(w=Rational(2)))
    assert not assumptions_hold(problem(w, w, assume=[Q.gt(w, 1)]), on(w=Rational(1)))


def test_check_outcomes():
    claim = problem((A * B).T, A.T * B.T)
    outcome = check(claim, on({n: 2}, A=A2, B=B2))
    assert outcome.fails and outcome.lhs == (A2 * B2).T and outcome.rhs == A2.T * B2.T
    assert check(claim, on({n: 1}, A=Matrix([[2]]), B=Matrix([[3]]))).holds
    singular = problem(A.I, A.I)
    assert check(singular, on({n: 2}, A=Matrix([[1, 2], [2, 4]]))).status == "undefined"
    pd = problem(A, A, assume=[Q.positive_definite(A)])
    assert check(pd, on({n: 2}, A=A2)).status == "assumptions fail"
    trig = problem(sympy.sin(w) ** 2 + sympy.cos(w) ** 2, sympy.Integer(1))
    assert check(trig, on(w=Rational(1))).status == "undecided"   # never a float tolerance


def test_relations_between_scalars_are_decided_exactly():
    assert check(problem(sqrt(w), w, ">="), on(w=Rational(2))).fails          # sqrt(2) >= 2 is false
    assert check(problem(sqrt(w), w, ">"), on(w=Rational(1, 4))).holds        # 1/2 > 1/4
    assert check(problem(w ** 2, sympy.Integer(0), ">"), on(w=Rational(0))).fails
    assert check(problem(w, b, "!="), on(w=Rational(1), b=Rational(1))).fails


def test_equality_does_not_depend_on_how_a_zero_matrix_is_stored():
    # (v^T v - 5) is the scalar 0 here; 0 * v^T comes back from SymPy in sparse storage.
    claim = problem((Trace(v.T * v) - 5) * v.T, ZeroMatrix(1, n))
    assert check(claim, on({n: 2}, v=Matrix([1, 2]))).holds
    dense_zero = to_domain_matrix(sympy.zeros(2, 2))
    sparse_zero = dense_zero.to_sparse()
    from symcheck.refute.linalg import matrices_equal
    assert matrices_equal(dense_zero, sparse_zero) is True
    assert PREDICATES["symmetric"](sparse_zero)
