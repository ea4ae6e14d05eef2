"""What the grading speed work remembers or builds differently gives what was computed before:
plans shared by a problem's searches, value pools shared by equal specs, draws built without
SymPy's Matrix constructor and inverse, dimension comparisons cached, lazy error messages,
shrink sizes remembered per value, per-question hint candidates built before the fork."""
import random
from fractions import Fraction

import sympy
from sympy import Eq, Identity, MatrixSymbol, Rational, symbols

from symcheck.model.problem import Problem
from symcheck.model.products import AmbiguousOrIllTyped, read_product
from symcheck.model.shapes import ShapeChecker, same_dim
from symcheck.refute.evaluate import Instance
from symcheck.refute.instances import (ScalarSpec, _diagonal, _general, _make_plan, cayley, immutable_of,
                                       make_plan, random_matrix)
from symcheck.refute.shrink import _size, size

n, d = symbols("n d", integer=True, positive=True)
lam = symbols("lambda", positive=True)
c = symbols("c", real=True)
X = MatrixSymbol("X", n, d)
A = MatrixSymbol("A", n, n)
U = MatrixSymbol("U", n, d)
y = MatrixSymbol("y", n, 1)


def _draws(plan, seed=3, count=6):
    rng = random.Random(seed)
    return [plan.draw({n: 3, d: 2}, rng).values for _ in range(count)]


def test_a_problem_keeps_its_plan_until_a_part_of_it_is_replaced():
    problem = Problem.build(lam * X.T * y, X.T * y, "==", [lam > 0, Eq(U.T * U, Identity(d))], "numerator", "p")
    plan = make_plan(problem)
    assert make_plan(problem) is plan
    assert _draws(plan) == _draws(_make_plan(problem))        # the shared plan draws what a new one draws
    problem.relations = [lam > 1, *problem.relations[1:]]     # a part replaced: a new plan, reading it
    replanned = make_plan(problem)
    assert replanned is not plan and replanned.scalars[lam].lower[0] == 1
    problem.relations.append(c > 0)                            # a list grown in place: a new plan too
    assert make_plan(problem) is not replanned
    other = Problem.build(X.T * y, X.T * y, "==", [lam > 0, Eq(U.T * U, Identity(d))], "numerator", "p")
    assert make_plan(other) is not plan                         # an equal problem is another problem


def test_equal_specs_share_their_pool_and_it_is_the_pool_they_would_compute():
    a, b = ScalarSpec(requirements={"positive"}), ScalarSpec(requirements={"positive"})
    assert a.pool() is b.pool() and a.pool() == ScalarSpec(requirements={"positive"})._compute_pool()
    squares = ScalarSpec(square=True, lower=(Fraction(0), True))
    assert squares.pool() is not a.pool() and squares.pool() == squares._compute_pool()
    assert all(v > 0 for v in squares.pool()[0]) and sympy.Integer(4) in squares.pool()[0]
    assert ScalarSpec(facts={"integer": True}).pool()[0] == ScalarSpec(facts={"integer": True})._compute_pool()[0]


def test_drawn_matrices_are_the_ones_sympys_constructors_give_from_the_same_random_stream():
    for seed in range(25):
        for rows, cols in ((1, 1), (2, 3), (3, 2), (4, 4)):
            general = _general(rows, cols, random.Random(seed), set())
            assert isinstance(general, sympy.ImmutableMatrix)
            assert general == random_matrix(rows, cols, random.Random(seed))
            for props in (set(), {"positive_definite"}, {"invertible"}, {"integer_elements"}):
                diagonal = _diagonal(rows, cols, random.Random(seed), props)
                again = random.Random(seed)
                entries = iter([_diagonal(1, 1, again, props)[0, 0] for _ in range(min(rows, cols))])
                assert diagonal == sympy.Matrix(rows, cols, lambda i, j: next(entries) if i == j else 0)
        for size_ in (1, 2, 3, 5):
            o = cayley(size_, random.Random(seed))
            assert o.T * o == sympy.eye(size_)
            rng = random.Random(seed)
            if rng.random() >= 0.3:  # the Cayley transform, not a signed permutation: SymPy's own inverse
                upper = random_matrix(size_, size_, rng, integral=True)
                skew = sympy.Matrix(size_, size_, lambda i, j: upper[i, j] if i < j else
                                    (-upper[j, i] if i > j else 0))
                assert o == (sympy.eye(size_) - skew) * (sympy.eye(size_) + skew).inv()


def test_immutable_of_keeps_only_nonzero_entries_over_the_smallest_domain():
    m = immutable_of(2, 2, [sympy.Integer(0), sympy.Integer(2), Rational(1, 2), sympy.Integer(0)])
    assert m == sympy.ImmutableMatrix([[0, 2], [Rational(1, 2), 0]]) and m._rep.domain == sympy.QQ
    assert dict(m._rep.rep) == {0: {1: sympy.QQ(2)}, 1: {0: sympy.QQ(1, 2)}}
    assert immutable_of(1, 2, [sympy.Integer(1), sympy.Integer(-3)])._rep.domain == sympy.ZZ


def test_dimension_comparisons_answer_as_expanding_does():
    assert same_dim(n, n) and same_dim(n + d - d, n) and same_dim(2 * (n + 1), 2 * n + 2)
    assert not same_dim(n, d) and not same_dim(n + 1, n) and same_dim(sympy.Integer(1), 1)


def test_a_product_without_a_reading_names_its_factors_when_asked():
    shape = ShapeChecker().shape
    try:
        read_product((X, X), shape)
    except AmbiguousOrIllTyped as exc:
        assert str(exc) == "X (n×d) times X (n×d): d columns against n rows" == str(exc)
    else:
        raise AssertionError("X·X read for general dimensions")


def test_shrink_remembers_each_values_measure_and_sizes_as_before():
    values = {A: sympy.ImmutableMatrix([[1, -2], [Rational(1, 2), 0]]), c: Rational(-3, 2)}
    first = Instance({n: 2}, values)
    memo: dict = {}
    assert _size(first, memo) == size(first)
    changed = Instance({n: 2}, {**values, c: sympy.Integer(1)})
    assert _size(changed, memo) == size(changed) != size(first)
    assert len(memo) == 3 and all(entry[0] is value for value, entry in
                                  zip([*values.values(), sympy.Integer(1)], memo.values()))


def test_a_batch_builds_each_questions_hint_candidates_once_before_its_workers(monkeypatch):
    from symcheck.grade import batch, check as grade_check
    from symcheck.grade.check import prepare_question
    question = prepare_question(r"(X^\top X + \lambda I)^{-1} X^\top y", "X: n×d, y: n, lambda > 0",
                                question="ridge")
    warmed = []
    monkeypatch.setattr(batch, "warm_question", lambda q: warmed.append(q.question))
    checks = batch.local_checks({"ridge": question}, jobs=1, timeout=10, memory_bytes=None)
    verdicts = dict(checks([("ridge", r"X^\top y"), ("ridge", r"(X^\top X + \lambda I)^{-1} X^\top y")]))
    assert warmed == ["ridge"]
    assert [verdicts[0].status, verdicts[1].status] == ["not_equivalent", "equivalent"]
    grade_check.warm_question(question)      # and warming itself fills the cache the hints read
    from symcheck.grade.hints import reference_candidates
    before = reference_candidates.cache_info().hits
    problem = Problem.build(question.expr, question.expr, "==", question.assumptions, "numerator")
    reference_candidates(question.expr, tuple(problem.shape), frozenset(problem.dims), "numerator")
    assert reference_candidates.cache_info().hits == before + 1


def test_ill_typed_messages_are_made_when_read_and_travel_as_text():
    import pickle

    from symcheck.model.shapes import IllTyped, product_reading
    made = []
    lazy = IllTyped(lambda: made.append(1) or "X (n×d) plus y (n×1)")
    assert made == [] and str(lazy) == "X (n×d) plus y (n×1)" == str(lazy) and made == [1]
    assert str(pickle.loads(pickle.dumps(IllTyped(lambda: "late")))) == "late"
    for _ in range(2):  # read once, the same message every time it is asked for
        try:
            product_reading(X * y)
        except IllTyped as exc:
            assert str(exc) == "X (n×d) times y (n×1): d columns against n rows"
        else:
            raise AssertionError("X·y read for general dimensions")
    try:
        Problem.build(X + y, X, "==", [], "numerator")
    except IllTyped as exc:
        assert str(exc) == "X (n×d) plus y (n×1)"


def test_a_problems_tied_symbols_are_read_once_and_again_when_its_assumptions_change():
    from sympy import Q

    from symcheck.refute.check import _tied_once, tied_symbols
    problem = Problem.build(A * y, A * y, "==", [Q.symmetric(A)], "numerator", "t")
    first = _tied_once(problem)
    assert first == tied_symbols(problem) == {A} and _tied_once(problem) is first
    problem.predicates = []
    assert _tied_once(problem) == frozenset()
    problem.relations.append(Eq(A, A.T))
    assert _tied_once(problem) == tied_symbols(problem) == {A}
