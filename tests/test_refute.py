"""The refuter: false claims are refuted with small exact counterexamples that meet every
assumption; true ones never are; undefined draws are skipped, not reported."""
import time

import sympy
from hypothesis import given, settings, strategies as st
from sympy import (Abs, Derivative, Eq, Identity, Matrix, MatrixSymbol, Max, Q, Rational,
                   symbols)

from symcheck.model.problem import Problem
from symcheck.refute.check import assumptions_hold, check
from symcheck.refute.evaluate import Instance, evaluate
from symcheck.refute.search import search

n, d, r = symbols("n d r", integer=True, positive=True)
lam = symbols("lambda", positive=True)
w, x, b, x1, x2 = symbols("w x b x1 x2", real=True)
A, B, P = (MatrixSymbol(name, n, n) for name in "ABP")
C = MatrixSymbol("C", n, d)
D = MatrixSymbol("D", d, d)
X = MatrixSymbol("X", n, d)
U = MatrixSymbol("U", n, r)
v = MatrixSymbol("v", n, 1)
I_n = Identity(n)


def refute(lhs, rhs, relation="==", assume=(), seconds=20.0, **kwargs):
    problem = Problem.build(lhs, rhs, relation, assume)
    return problem, search(problem, time.monotonic() + seconds, **kwargs)


def instance_of(problem, cx):
    """Rebuild the instance from the reported counterexample, by name, as anyone re-checking would."""
    by_name = {str(s): s for s in problem.dims | problem.scalar_symbols | problem.matrix_symbols}
    return Instance({by_name[k]: v for k, v in cx.dims.items()},
                    {by_name[k]: v for k, v in cx.values.items()})


def entries(cx):
    for value in cx.values.values():
        yield from (value if isinstance(value, sympy.MatrixBase) else [value])


# --- false claims are refuted, with small counterexamples ------------------------------------------

def test_square_of_a_sum_is_refuted_with_2x2_matrices():
    problem, verdict = refute((A + B) ** 2, A ** 2 + 2 * A * B + B ** 2)
    assert verdict.status == "refuted" and verdict.method == "exact counterexample search"
    cx = verdict.counterexample
    assert cx.dims == {"n": 2}
    assert all(e.is_Integer and abs(e) <= 1 for e in entries(cx))   # shrunk to 0 and ±1
    assert cx.lhs != cx.rhs
    assert check(problem, instance_of(problem, cx)).fails


def test_without_shrinking_the_first_failing_draw_is_reported_and_still_rechecked():
    claim = ((A + B) ** 2, A ** 2 + 2 * A * B + B ** 2)
    problem, drawn = refute(*claim, seed=3, shrink_counterexample=False)
    _, shrunk = refute(*claim, seed=3)
    assert drawn.status == shrunk.status == "refuted"
    assert check(problem, instance_of(problem, drawn.counterexample)).fails
    assert drawn.counterexample.to_json() != shrunk.counterexample.to_json()  # the draw, not its shrunk form


def test_transpose_of_a_product_in_the_wrong_order_is_refuted():
    problem, verdict = refute((A * B).T, A.T * B.T)
    assert verdict.status == "refuted"
    inst = instance_of(problem, verdict.counterexample)
    assert evaluate((A * B).T, inst) == verdict.counterexample.lhs
    assert evaluate(A.T * B.T, inst) == verdict.counterexample.rhs


def test_quadratic_form_gradient_2xTA_needs_symmetry():
    problem, verdict = refute(Derivative(v.T * A * v, v), 2 * v.T * A)
    assert verdict.status == "refuted"
    a = sympy.Matrix(verdict.counterexample.values["A"])
    assert a != a.T
    assert verdict.counterexample.dims["n"] <= 2
    _, symmetric = refute(Derivative(v.T * A * v, v), 2 * v.T * A, assume=[Q.symmetric(A)], max_instances=40)
    assert symmetric.status == "unknown"
    assert "held on 40 exact instances" in symmetric.detail


def test_scalar_claims_and_relations():
    _, wrong_minmax = refute(Max(x1, x2), (x1 + x2) / 2 - Abs(x1 - x2) / 2)
    assert wrong_minmax.status == "refuted"
    _, square_positive = refute(x ** 2, sympy.Integer(0), ">")
    assert square_positive.status == "refuted"
    assert square_positive.counterexample.values == {"x": 0}
    _, elbow_side = refute(x, -b / w, "<", assume=[w > 0, x < 0, w * x + b > 0])   # active ⇒ x > −b/w
    assert elbow_side.status == "refuted"


def test_relation_not_equal_is_refuted_by_equal_sides():
    _, verdict = refute(A * B, B * A, "!=")
    assert verdict.status == "refuted"
    assert verdict.counterexample.lhs == verdict.counterexample.rhs


def test_counterexample_json_is_exact_strings():
    _, verdict = refute((A * B).T, A.T * B.T)
    data = verdict.counterexample.to_json()
    assert data["dims"] == {"n": 2}
    assert all(isinstance(cell, str) for row in data["values"]["A"] for cell in row)


# --- true claims are never refuted ---------------------------------------------------------------

def test_push_through_is_never_refuted():
    _, verdict = refute(X.T * (X * X.T + lam * I_n).I, (X.T * X + lam * Identity(d)).I * X.T, max_instances=150)
    assert verdict.status == "unknown"
    assert "held on 150 exact instances" in verdict.detail


def test_woodbury_is_never_refuted_and_singular_draws_are_skipped():
    woodbury_rhs = A.I - A.I * C * (D.I + C.T * A.I * C).I * C.T * A.I
    _, verdict = refute((A + C * D * C.T).I, woodbury_rhs, assume=[Q.invertible(A), Q.invertible(D)],
                        max_instances=120)
    assert verdict.status == "unknown"


def test_undefined_draws_are_skipped_not_reported():
    _, verdict = refute((A * B).I, B.I * A.I, max_instances=60)
    assert verdict.status == "unknown"
    assert "singular" in verdict.detail


def test_true_claims_under_constructed_assumptions_hold():
    claims = [
        (U.T * U, Identity(r), [Eq(U.T * U, Identity(r))]),
        ((I_n - P) * (I_n - P), I_n - P, [Eq(P * P, P)]),
        (A.T * A, I_n, [Q.orthogonal(A)]),
        (sympy.Determinant(A), sympy.Integer(0), [Q.positive_definite(A)]),
    ]
    for lhs, rhs, assume in claims:
        relation = ">" if isinstance(lhs, sympy.Determinant) else "=="
        _, verdict = refute(lhs, rhs, relation, assume=assume, max_instances=40)
        assert verdict.status == "unknown", (lhs, verdict.counterexample and verdict.counterexample.describe())
        assert "held on" in verdict.detail and "held on 0 " not in verdict.detail


# --- soundness of reported counterexamples --------------------------------------------------------

FALSE_CLAIMS_WITH_ASSUMPTIONS = [
    ((A * B).T, A.T * B.T, "==", [Q.symmetric(A), Q.invertible(B)]),
    (Derivative(v.T * A * v, v), 2 * v.T * A, "==", [Q.invertible(A)]),
    (U * U.T, I_n, "==", [Eq(U.T * U, Identity(r))]),
    ((A + B).I, A.I + B.I, "==", [Q.positive_definite(A), Q.positive_definite(B)]),
    ((I_n - P) * P, P, "==", [Eq(P * P, P)]),
    (x, -b / w, "<", [w > 0, x < 0, w * x + b > 0]),
    (lam * sympy.sqrt(lam), lam, "<=", [Q.positive(lam)]),
]


@settings(max_examples=12, deadline=None)
@given(claim=st.sampled_from(FALSE_CLAIMS_WITH_ASSUMPTIONS), seed=st.integers(0, 10 ** 6))
def test_counterexamples_always_satisfy_the_assumptions(claim, seed):
    lhs, rhs, relation, assume = claim
    problem, verdict = refute(lhs, rhs, relation, assume, seed=seed)
    assert verdict.status == "refuted"
    inst = instance_of(problem, verdict.counterexample)
    assert assumptions_hold(problem, inst)
    outcome = check(problem, inst)
    assert outcome.fails
    assert outcome.lhs == verdict.counterexample.lhs and outcome.rhs == verdict.counterexample.rhs
    assert all(e.is_Rational for e in entries(verdict.counterexample))


def test_search_is_deterministic_for_a_seed():
    first = refute((A + B) ** 2, A ** 2 + 2 * A * B + B ** 2, seed=5)[1].counterexample.to_json()
    again = refute((A + B) ** 2, A ** 2 + 2 * A * B + B ** 2, seed=5)[1].counterexample.to_json()
    assert first == again


# --- limits ----------------------------------------------------------------------------------------

def test_the_deadline_is_respected():
    start = time.monotonic()
    problem = Problem.build(X.T * (X * X.T + lam * I_n).I, (X.T * X + lam * Identity(d)).I * X.T)
    verdict = search(problem, start + 0.3)
    assert verdict.status == "unknown" and time.monotonic() - start < 2


def test_a_construct_the_evaluator_cannot_handle_gives_unknown():
    _, verdict = refute(sympy.Adjoint(A) * B, sympy.Adjoint(A) * B, max_instances=20)
    assert verdict.status == "unknown"
    assert "cannot evaluate" in verdict.detail


def test_float_constants_are_not_exact_and_never_refute():
    _, verdict = refute(x * sympy.Float(0.1), x / 10, max_instances=10)
    assert verdict.status == "unknown"


def test_an_explicit_matrix_claim():
    _, verdict = refute(Matrix([[w, 0], [0, w]]) * Matrix([[1], [1]]), Matrix([[w], [w + 1]]))
    assert verdict.status == "refuted"
    assert verdict.counterexample.dims == {}
    assert Rational(verdict.counterexample.values["w"]).is_Rational


def test_a_derivative_by_a_symbol_the_assumptions_tie_is_not_evaluated():
    Y = MatrixSymbol("Y", n, n)
    _, tied = refute(Derivative(sympy.Trace(Y), A), 2 * A.T, assume=[Eq(Y, A.T * A)], max_instances=10)
    assert tied.status == "unknown" and "tie" in tied.detail
    _, structured = refute(Derivative(sympy.log(sympy.Determinant(A)), A), 2 * A.I,
                           assume=[Q.positive_definite(A)], max_instances=10)
    assert structured.status == "unknown"
    # Eq(phi, 0) only fixes the point where a scalar derivative is taken.
    phi, t = symbols("phi t", real=True)
    _, pinned = refute(Derivative((phi - t) ** 2 / 2, phi), sympy.Integer(0), assume=[Eq(phi, 0)])
    assert pinned.status == "refuted"
    assert pinned.counterexample.values["phi"] == 0 and pinned.counterexample.values["t"] != 0


# ---- shrinking reads sizes and builds candidates from exact representations -----------------------

def test_shrink_size_counts_heights_nonzeros_and_signs_of_every_kind_of_value():
    from symcheck.refute.shrink import size
    A, B = MatrixSymbol("A", 2, 2), MatrixSymbol("B", 1, 2)
    a = sympy.Symbol("a")
    values = {A: sympy.ImmutableMatrix([[0, Rational(-3, 2)], [2, -1]]),
              B: sympy.ImmutableMatrix([[sympy.sqrt(2), -1]]),   # not rational: no exact fast path
              a: Rational(-1, 3)}
    # heights: A 0+4+2+1, B (1000 + len("sqrt(2)")) + 1, a 3; nonzeros 3 + 2 + 1; negatives 2 + 1 + 1
    assert size(Instance({sympy.Symbol("n"): 2}, values)) == (2, 7 + 1008 + 3, 6, 4)


def test_shrink_candidates_are_exact_matrices_equal_to_sympys_own():
    from symcheck.refute.shrink import _entrywise, _whole_matrix
    value = sympy.ImmutableMatrix([[Rational(5, 2), -3], [-3, 0]])
    whole = list(_whole_matrix(value))
    assert whole == [sympy.zeros(2, 2), sympy.eye(2), sympy.diag(Rational(5, 2), 0), Matrix([[1, -1], [-1, 0]]),
                     Matrix([[2, -2], [-2, 0]])]
    assert all(isinstance(m, sympy.ImmutableMatrix) for m in whole)
    symmetric = list(_entrywise(value, symmetric=True))
    assert Matrix([[Rational(5, 2), 0], [0, 0]]) in symmetric and all(m == m.T for m in symmetric)
    irrational = list(_entrywise(sympy.ImmutableMatrix([[sympy.sqrt(2)]]), symmetric=False))
    assert irrational == [Matrix([[0]]), Matrix([[1]])]   # zero and the sign; -sqrt(2) is not simpler
