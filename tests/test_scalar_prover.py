"""The scalar prover on the seed claims: what it proves, what it refutes (re-checked here by
substitution), what it leaves unknown, and mutations of proved claims that must never be proved."""
import time

import pytest
import sympy as sp
from sympy import Abs, Derivative, Eq, Heaviside, Limit, Max, Min, MatrixSymbol, Ne, Q, Rational, exp, log, sign, sqrt

from symcheck.model.problem import Problem
from symcheck.prove.scalar.engine import ScalarEngine

x1, x2, w, b, x, lam, delta, alpha, theta0, sigma, L, y = sp.symbols(
    "x1 x2 w b x lambda delta alpha theta0 sigma L y")
W1, W2 = sp.symbols("W1 W2")
k = sp.Symbol("k", integer=True)
k_plain = sp.Symbol("k")  # integer only through Q.integer(k)

RELATIONS = {"==": sp.Eq, "!=": sp.Ne, "<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}


def attempt(lhs, rhs, relation="==", assume=(), seconds=20):
    problem = Problem.build(lhs, rhs, relation, list(assume))
    return problem, ScalarEngine().attempt(problem, time.monotonic() + seconds)


def recheck(problem, verdict):
    """Independent exact substitution: assumptions hold, inverses exist, relation false."""
    ce = verdict.counterexample
    assert ce is not None and ce.dims == {}
    symbols = {s.name: s for s in problem.scalar_symbols}
    assert set(ce.values) == set(symbols)
    subs = {symbols[name]: sp.Rational(v) for name, v in ce.values.items()}
    for s, v in subs.items():
        for fact in ("positive", "negative", "nonzero", "integer", "nonnegative"):
            if getattr(s, f"is_{fact}"):
                assert sp.ask(getattr(Q, fact)(v)) is True
    for pred in problem.predicates:
        assert sp.ask(getattr(Q, pred.name)(*[sp.sympify(a).subs(subs) for a in pred.args])) is True
    for rel in problem.relations:
        assert rel.subs(subs) == sp.true
    for side in (problem.lhs, problem.rhs):
        for node in sp.preorder_traversal(side):
            if isinstance(node, sp.Pow) and node.exp.is_negative:
                assert node.base.subs(subs) != 0
    lhs, rhs = problem.lhs.subs(subs), problem.rhs.subs(subs)
    assert lhs.is_real and rhs.is_real
    assert sp.simplify(lhs - ce.lhs) == 0 and sp.simplify(rhs - ce.rhs) == 0
    assert RELATIONS[problem.relation](lhs, rhs) == sp.false


def assert_proved(*args, **kw):
    problem, verdict = attempt(*args, **kw)
    assert verdict is not None and verdict.status == "proved", verdict
    return verdict


def assert_refuted(*args, **kw):
    problem, verdict = attempt(*args, **kw)
    assert verdict is not None and verdict.status == "refuted", verdict
    recheck(problem, verdict)
    return verdict


def assert_not_proved(*args, **kw):
    problem, verdict = attempt(*args, **kw)
    assert verdict is None or verdict.status != "proved", verdict
    if verdict is not None and verdict.status == "refuted":
        recheck(problem, verdict)
    return verdict


# -- seed claims: the ReLU elbow ----------------------------------------------------------

active = Heaviside(w * x + b)
dl_dw, dl_db = delta * x * active, delta * active
elbow = -b / w
new_elbow = -(b - lam * dl_db) / (w - lam * dl_dw)
ELBOW_SHIFT = lam * delta * (w - b * x) / (w * (w - lam * delta * x))
LEARNING = [w * x + b > 0, Q.positive(lam)]


def test_elbow_is_where_the_preactivation_vanishes():
    assert_proved(w * elbow + b, 0, assume=[Q.nonzero(w)])


def test_elbow_shift_after_one_sgd_step():
    v = assert_proved(new_elbow - elbow, ELBOW_SHIFT, assume=LEARNING)
    assert "case" in v.method


def test_elbow_shift_needs_the_active_assumption():
    # Inactive point: the step does not move the elbow, the formula does.
    assert_refuted(new_elbow - elbow, ELBOW_SHIFT, assume=[Q.positive(lam)])


@pytest.mark.parametrize("wrong", [
    -(b - dl_db) / (w - dl_dw),                     # no step size
    (-b + x * dl_db) / (w - x * dl_dw),             # x in place of lambda
    (w - lam * x) / (b - lam),                      # numerator and denominator swapped
])
def test_student_elbow_updates_are_refuted(wrong):
    assert_refuted(new_elbow, wrong, assume=LEARNING)


MOVE = [Eq(delta, 1), w * x + b > 0, lam > 0, Ne(w - lam * delta * x, 0)]


def test_elbow_moves_right_for_w_positive_x_negative():
    assert_proved(new_elbow - elbow, 0, ">", assume=[w > 0, x < 0, *MOVE])


def test_elbow_moves_left_for_w_negative_x_positive():
    assert_proved(new_elbow - elbow, 0, "<", assume=[w < 0, x > 0, *MOVE])


@pytest.mark.parametrize("signs,relation", [
    ((w > 0, x > 0), ">"), ((w > 0, x > 0), "<"), ((w < 0, x < 0), ">"), ((w < 0, x < 0), "<"),
])
def test_always_left_or_right_is_false_when_w_and_x_agree(signs, relation):
    assert_refuted(new_elbow - elbow, 0, relation, assume=[*signs, *MOVE])


def test_multi_neuron_elbow_update():
    e_i = -b / W1
    a_ = lam * delta * W2 / W1
    new = (lam * delta * W2 - b) / (W1 - lam * delta * W2 * x)
    assert_proved(new, (e_i + a_) / (1 - a_ * x), assume=[Q.nonzero(W1)])
    chatbot = lam * delta * W1 / W1
    assert_refuted(new, (e_i + chatbot) / (1 - chatbot * x), assume=[Q.nonzero(W1), Q.positive(lam)])


# -- seed claims: max/min, gradient descent, step size, norms, ridge -----------------------

def test_max_and_min_identities():
    assert_proved(Max(x1, x2), (x1 + x2) / 2 + Abs(x1 - x2) / 2)
    assert_proved(Min(x1, x2), (x1 + x2) / 2 - Abs(x1 - x2) / 2)
    assert_refuted(Min(x1, x2), (x1 + x2) / 2 + Abs(x1 - x2) / 2)


def theta(j):
    return theta0 * (1 - alpha) ** j


def test_scalar_gradient_descent_closed_form_with_symbolic_integer_k():
    assert_proved(theta(k + 1), theta(k) - alpha * theta(k))
    assert_proved(theta(k_plain + 1), theta(k_plain) - alpha * theta(k_plain), assume=[Q.integer(k_plain)])


def test_gradient_descent_closed_form_with_wrong_sign_is_not_proved():
    assert_not_proved(theta(k + 1), theta(k) + alpha * theta(k))


def test_divergence_for_large_step():
    assert_proved(Abs(1 - alpha), 1, ">", assume=[alpha > 2])
    assert_refuted(Abs(1 - alpha), 1, ">", assume=[alpha > 1])
    assert_proved(Abs(1 - alpha * sigma**2), 1, ">", assume=[alpha > 2 / sigma**2, Ne(sigma, 0)])


def test_sqrt_of_square_is_abs_not_square():
    assert_refuted(sqrt(L**2), L**2)
    assert_proved(sqrt(L**2), Abs(L))


def test_ridge_shrinkage_per_singular_direction():
    shrink = sigma / (sigma**2 + lam)
    assert_proved(shrink, (1 / sigma) * sigma**2 / (sigma**2 + lam), assume=[Q.positive(lam), Ne(sigma, 0)])
    assert_proved(shrink, 1 / sigma, "<", assume=[Q.positive(lam), sigma > 0])
    assert_proved(shrink, 0, ">", assume=[Q.positive(lam), sigma > 0])
    assert_proved(shrink, 1 / (2 * sqrt(lam)), "<=", assume=[Q.positive(lam), sigma > 0])
    assert_refuted(shrink, 1 / sigma, assume=[Q.positive(lam), Ne(sigma, 0)])
    assert_refuted(shrink, 1 / sigma, "<", assume=[Q.positive(lam)])  # sigma < 0 breaks it


# -- domains, boundaries, integers ----------------------------------------------------------

def test_heaviside_and_abs_boundaries():
    assert_proved(x * Heaviside(x), Max(x, 0))
    assert_proved(Heaviside(x), (sign(x) + 1) / 2)
    v = assert_refuted(Heaviside(x, 1), (sign(x) + 1) / 2)
    assert v.counterexample.values == {"x": 0}
    assert_proved(Abs(x), x * sign(x))


def test_removable_singularity_is_excluded_not_refuted():
    assert_proved((x**2 - 1) / (x - 1), x + 1)
    v = assert_refuted((x**2 - 1) / (x - 1), x - 1)
    assert v.counterexample.values["x"] != 1


def test_root_and_log_domains_are_proved_never_assumed():
    assert_proved(sqrt(x * y), sqrt(x) * sqrt(y), assume=[x >= 0, y >= 0])
    assert_not_proved(sqrt(x * y), sqrt(x) * sqrt(y))
    assert_not_proved(log(x**2), 2 * log(x))
    assert_proved(log(x), x, "<", assume=[x > 0])
    assert_proved(exp(x), 1 + x, ">=")


def test_integer_only_truth_is_not_refuted():
    # k**2 >= k holds on the integers but fails at k = 1/2: proved over the integers, never refuted.
    _, v = attempt(k**2, k, ">=")
    assert v.status == "proved" and "integers" in v.detail
    v = assert_refuted(k**2, 4 * k, "<", assume=[k > 2])
    assert v.counterexample.values["k"].is_Integer


def test_true_identity_outside_polynomial_arithmetic_is_never_refuted():
    assert_not_proved(sp.sin(x) ** 2 + sp.cos(x) ** 2, 1, "!=")
    _, v = attempt(sp.sin(x) ** 2 + sp.cos(x) ** 2, 1)
    assert v is None or v.status in ("proved", "unknown")


def test_no_rational_counterexample_gives_unknown():
    _, v = attempt(x**2, 2, "!=")
    assert v.status == "unknown"


# -- scope ------------------------------------------------------------------------------------

def test_other_engines_own_matrices_derivatives_and_limits():
    n = sp.Symbol("n", integer=True, positive=True)
    A = MatrixSymbol("A", n, n)
    assert attempt(A + A, 2 * A)[1] is None
    assert attempt(Derivative(x**2, x), 2 * x)[1] is None
    assert attempt(Limit(1 / x, x, sp.oo), 0)[1] is None


# -- mutations of proved claims are never proved ----------------------------------------------

PROVED_CLAIMS = [
    (Max(x1, x2), (x1 + x2) / 2 + Abs(x1 - x2) / 2, "==", []),
    (new_elbow - elbow, ELBOW_SHIFT, "==", LEARNING),
    (new_elbow - elbow, 0, ">", [w > 0, x < 0, *MOVE]),
    (theta(k + 1), theta(k) - alpha * theta(k), "==", []),
    (Abs(1 - alpha), 1, ">", [alpha > 2]),
    (Abs(1 - alpha * sigma**2), 1, ">", [alpha > 2 / sigma**2, Ne(sigma, 0)]),
    (sigma / (sigma**2 + lam), 1 / sigma, "<", [Q.positive(lam), sigma > 0]),
]

# Mutations that make each proved claim false: a changed sign or constant for identities,
# a flipped relation or swapped sides for inequalities.
EQUALITY_MUTATIONS = {
    "negated rhs": lambda l, r: (l, -r if r != 0 else sp.S.One, "=="),
    "rhs plus one": lambda l, r: (l, r + 1, "=="),
    "doubled rhs": lambda l, r: (l, 2 * r if r != 0 else sp.S(2), "=="),
    "not equal": lambda l, r: (l, r, "!="),
}
INEQUALITY_MUTATIONS = {
    "flipped relation": lambda l, r, rel: (l, r, {">": "<=", "<": ">=", ">=": "<", "<=": ">"}[rel]),
    "swapped sides": lambda l, r, rel: (r, l, rel),
    "equality": lambda l, r, rel: (l, r, "=="),
}


def mutants():
    for lhs, rhs, rel, assume in PROVED_CLAIMS:
        name = sp.sstr(lhs)[:24]
        if rel == "==":
            for label, mutate in EQUALITY_MUTATIONS.items():
                yield pytest.param(mutate(lhs, rhs), assume, id=f"{name}-{label}")
        else:
            for label, mutate in INEQUALITY_MUTATIONS.items():
                yield pytest.param(mutate(lhs, rhs, rel), assume, id=f"{name}-{label}")


@pytest.mark.parametrize("claim", PROVED_CLAIMS, ids=lambda c: sp.sstr(c[0])[:30])
def test_original_is_proved(claim):
    lhs, rhs, rel, assume = claim
    assert_proved(lhs, rhs, rel, assume=assume)


@pytest.mark.parametrize("mutant,assume", list(mutants()))
def test_mutation_is_never_proved(mutant, assume):
    verdict = assert_not_proved(*mutant, assume=assume)
    assert verdict is not None and verdict.status == "refuted"


def test_mutations_of_the_elbow_claims_are_refuted():
    assert_refuted(new_elbow - elbow, -ELBOW_SHIFT, assume=LEARNING)
    assert_refuted(new_elbow - elbow, 0, "<=", assume=[w > 0, x < 0, *MOVE])
    assert_refuted(Abs(1 - alpha), 1, "<=", assume=[alpha > 2])


def test_assumptions_with_roots_hold_only_where_real():
    # sqrt(x) > 1 implies x > 1: points with x < 0 do not satisfy the assumption.
    assert_proved(x, 1, ">", assume=[sqrt(x) > 1])


def test_decimals_are_read_as_exact_fractions():
    assert_proved(sp.Float("0.1") + sp.Float("0.2"), Rational(3, 10))
    assert_refuted(sp.Float("0.5") * x, x / 3, assume=[x > 0])


def test_non_real_symbols_and_infinities_are_out_of_scope():
    z = sp.Symbol("z", complex=True)
    assert attempt(Abs(z) ** 2, z**2)[1] is None
    assert attempt(x + sp.oo, sp.oo)[1] is None
    x_real = sp.Symbol("x", real=True)  # two different symbols printed alike
    assert attempt(x - x_real, 0)[1] is None


# -- case splitting -----------------------------------------------------------------------------

from symcheck.prove.scalar.cases import split  # noqa: E402


def relu(t):
    return sp.Piecewise((t, t > 0), (0, True))


def indicator(t):
    return sp.Piecewise((1, t > 0), (0, True))


def test_branches_cover_every_point_including_boundaries():
    xr = sp.Symbol("x", real=True)
    values = sorted({c.exprs[0] for c in split((Heaviside(xr),))}, key=str)
    assert values == [0, 1, Rational(1, 2)]          # x < 0, x > 0 and the boundary x = 0
    assert len(split((Abs(xr) + sign(xr),))) == 6     # 2 (Abs) x 3 (sign): infeasible ones are z3's to close


def test_atoms_sharing_a_condition_split_once():
    zr = sp.Symbol("z", real=True)
    cases = split((relu(zr) * indicator(zr) + sp.Piecewise((2, zr > 0), (3, True)),))
    assert len(cases) == 2


def test_piecewise_without_otherwise_leaves_an_uncovered_case():
    xr = sp.Symbol("x", real=True)
    assert any(c.uncovered for c in split((sp.Piecewise((1, xr > 0)),)))


def test_two_neuron_elbow_update_from_the_networks_gradients():
    a1, a2, c1, c2, v1, v2 = sp.symbols("W1_1 W1_2 b_1 b_2 W2_1 W2_2")
    z1, z2 = a1 * x + c1, a2 * x + c2
    f = v1 * relu(z1) + v2 * relu(z2)
    dl_dc1 = (f - y) * v1 * indicator(z1)
    dl_da1 = (f - y) * v1 * sp.Piecewise((x, z1 > 0), (0, True))
    lhs = -(c1 - lam * dl_dc1) / (a1 - lam * dl_da1)
    rhs = (-c1 / a1 + lam * (f - y) * v1 / a1) / (1 - lam * (f - y) * v1 / a1 * x)
    assume = [z1 > 0, Ne(a1, 0), Ne(a1 - lam * (f - y) * v1 * x, 0)]
    assert_proved(lhs, rhs, assume=assume)
    assert_refuted(lhs, rhs, assume=[Ne(a1, 0), Ne(a1 - lam * (f - y) * v1 * x, 0), Q.positive(lam)])


# -- soundness fuzz: random claims, every proof checked on a grid, every refutation re-checked ---

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

xr, yr = sp.symbols("x y", real=True)
LEAVES = [xr, yr, sp.S(0), sp.S(1), sp.S(-2), Rational(1, 2)]
UNARY = [Abs, lambda t: Max(t, 0), lambda t: Heaviside(t), sign, lambda t: t**2]
BINARY = [sp.Add, sp.Mul, lambda a, b: a - b, lambda a, b: Max(a, b), lambda a, b: Min(a, b),
          lambda a, b: a / (b**2 + 1)]


def expressions(depth):
    leaf = st.sampled_from(LEAVES)
    if depth == 0:
        return leaf
    sub = expressions(depth - 1)
    return st.one_of(leaf, st.builds(lambda f, a: f(a), st.sampled_from(UNARY), sub),
                     st.builds(lambda f, a, b: f(a, b), st.sampled_from(BINARY), sub, sub))


GRID = [Rational(n, 2) for n in range(-6, 7)]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(expressions(3), expressions(3), st.sampled_from(["==", "<=", ">", "!="]))
def test_random_claims_are_never_proved_false_or_refuted_true(lhs, rhs, relation):
    problem, verdict = attempt(lhs, rhs, relation, seconds=5)
    if verdict is None:
        return
    if verdict.status == "proved":
        for a in GRID:
            for b_ in GRID:
                l, r = lhs.subs({xr: a, yr: b_}), rhs.subs({xr: a, yr: b_})
                assert RELATIONS[relation](l, r) == sp.true, (a, b_)
    elif verdict.status == "refuted":
        recheck(problem, verdict)
