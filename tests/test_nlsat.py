"""The z3 bridge: translation, decisions, exact rational models, honest unknowns."""
import sympy as sp
import pytest
from sympy import Abs, Heaviside, Max, Min, Piecewise, Rational, exp, log, sign, sqrt

from symcheck.prove.scalar.nlsat import SAT, UNKNOWN, UNSAT, Z3Translator, decide_goal

x, y, a = sp.symbols("x y alpha", real=True)
k = sp.Symbol("k")  # typed as integer through the `integers` argument only


def holds(rel, model):
    """Exact truth of a SymPy relation at a rational model."""
    return bool(rel.xreplace(model))


# -- decisions on polynomial arithmetic --------------------------------------------------

def test_true_polynomial_inequality_is_unsat():
    assert decide_goal([a > 2], Abs(1 - a) > 1).status == UNSAT


def test_false_inequality_gives_an_exact_rational_model():
    d = decide_goal([a > 1], Abs(1 - a) > 1)
    assert d.status == SAT
    assert all(v.is_Rational for v in d.model.values())
    assert holds(a > 1, d.model) and not holds(Abs(1 - a) > 1, d.model)


@pytest.mark.parametrize("goal", [
    sp.Eq(Max(x, y), (x + y) / 2 + Abs(x - y) / 2),
    sp.Eq(Min(x, y), (x + y) / 2 - Abs(x - y) / 2),
    sp.Eq(x * Heaviside(x), Max(x, 0)),
    sp.Eq(Heaviside(x), (sign(x) + 1) / 2),
    sp.Eq(Abs(x), x * sign(x)),
])
def test_piecewise_atoms_are_exact_if_terms(goal):
    assert decide_goal([], goal).status == UNSAT


def test_heaviside_value_at_zero_is_respected():
    d = decide_goal([], sp.Eq(Heaviside(x, 1), (sign(x) + 1) / 2))
    assert d.status == SAT and d.model[x] == 0


def test_algebraic_model_is_pinned_to_rationals():
    # y**2 == x ties the two values; z3 may answer with an algebraic y.
    d = decide_goal([sp.Eq(y**2, x), x >= 2], y > 0)
    assert d.status == SAT
    assert d.model[y] ** 2 == d.model[x] and d.model[x] >= 2 and d.model[y] <= 0


def test_only_irrational_counterexamples_give_unknown():
    # The negation holds only at x = ±sqrt(2): no exact rational counterexample exists.
    assert decide_goal([x**2 >= 2], x**2 > 2).status == UNKNOWN


# -- denominators -------------------------------------------------------------------------

def test_points_where_an_inverse_fails_are_excluded():
    assert decide_goal([], sp.Eq(x / x, 1)).status == UNSAT
    assert decide_goal([], sp.Ne(1 / x, 0, evaluate=False)).status == UNSAT


def test_reciprocal_is_exact():
    d = decide_goal([x > 0], 1 / x < 1)
    assert d.status == SAT and d.model[x] <= 1 and d.model[x] > 0


# -- roots, exp, log: sound over-approximations, required domains --------------------------

def test_sqrt_is_exact_on_its_domain():
    assert decide_goal([x >= 0, y >= 0], sp.Eq(sqrt(x * y), sqrt(x) * sqrt(y))).status == UNSAT
    assert decide_goal([x >= 0], sqrt(x + 1) >= 1).status == UNSAT


def test_sqrt_domain_is_required_not_assumed():
    d = decide_goal([], sqrt(x) >= 0)
    assert d.status == SAT and d.model[x] < 0


def test_exp_and_log_facts():
    assert decide_goal([x < y], exp(x) < exp(y)).status == UNSAT
    assert decide_goal([], exp(x) >= 1 + x).status == UNSAT
    assert decide_goal([x > 1], log(x) > 0).status == UNSAT
    assert decide_goal([x > 0], log(x) < x).status == UNSAT


def test_log_domain_is_required():
    assert decide_goal([], log(x) < x).status == SAT


def test_over_approximation_is_flagged():
    assert decide_goal([], exp(x) >= 1 + x).exact is False
    assert decide_goal([a > 2], Abs(1 - a) > 1).exact is True


# -- symbolic powers -----------------------------------------------------------------------

def test_symbolic_powers_share_one_fresh_variable():
    tr = Z3Translator(integers=frozenset({k}))
    tr.expr((1 - a) ** (k + 1))
    tr.expr((1 - a) ** (2 * k - 3))
    pow_vars = {key for key in tr._cache if isinstance(key, tuple) and key[0] == "spow"}
    assert len(pow_vars) == 1


def test_positive_base_gives_positive_power_even_for_real_exponent():
    assert decide_goal([a > 0], a**x > 0).status == UNSAT


def test_real_exponent_needs_a_positive_base():
    assert decide_goal([], a**x > 0).status == SAT


# -- integers --------------------------------------------------------------------------------

def test_integer_only_truth_is_never_refuted():
    # k**2 >= k fails for k = 1/2 but holds for every integer.
    d = decide_goal([], k**2 >= k, frozenset({k}))
    assert d.status in (UNSAT, UNKNOWN)


def test_integer_counterexample_is_integral():
    d = decide_goal([k > 2], k**2 < 4 * k, frozenset({k}))
    assert d.status == SAT and d.model[k].is_Integer and d.model[k] >= 4


def test_piecewise_without_otherwise_requires_coverage():
    claim = sp.Gt(Piecewise((1, x > 0)), 0, evaluate=False)  # SymPy alone would call it true
    assert decide_goal([], claim).status == SAT
    assert decide_goal([x > 0], claim).status == UNSAT


def test_exact_rationals_in_model():
    d = decide_goal([x > Rational(1, 3)], x > Rational(1, 2))
    assert d.status == SAT and isinstance(d.model[x], sp.Rational)
    assert Rational(1, 3) < d.model[x] <= Rational(1, 2)
