"""Assumptions a symbol carries (`symbols("p", prime=True)`) are respected everywhere (issue 11, item 1).

For every assumption key SymPy accepts on a Symbol: a claim true by that assumption alone
is never refuted; where the key describes finite reals the refuter can draw, a false claim
about such a symbol is refuted with a counterexample whose value has the property (checked
here again with SymPy's own assumptions on the number); a symbol that may be complex or
infinite makes the claim `unknown` with the reason, before any engine runs.
"""
import random

import pytest
import sympy
from hypothesis import given, settings, strategies as st
from sympy import Determinant, E, MatrixSymbol, Q, Rational, Symbol, floor, pi, sin, sqrt, symbols

from symcheck import Claim
from symcheck.engine import decide_claim, recheck
from symcheck.model.problem import Problem
from symcheck.model.symbols import ASSUMPTION_KEYS, symbol_facts, unmodelled_reason
from symcheck.refute.check import failing_assumption
from symcheck.refute.evaluate import Instance
from symcheck.refute.instances import make_plan
from symcheck.refute.predicates import KEY_TESTS, number_kind, symbol_violation
from symcheck.verdict import Counterexample, Verdict

TIMEOUT = 6.0


def decide(lhs, rhs, relation="==", assume=()):
    return decide_claim(Claim("c", lhs, rhs, relation=relation, assume=assume), TIMEOUT)


# --- one row per (key, value): a claim true by the assumption alone, and (when the refuter can
# --- draw such values) a false claim that must be refuted ---------------------------------------

def x_(**kw):
    return Symbol("x", **kw)


# (declaration, true claim, false claim or None); claims are (lhs, rhs, relation) of the symbol x.
ROWS = [
    (dict(positive=True), lambda x: (x, 0, ">"), lambda x: (x, 1, ">")),
    (dict(negative=True), lambda x: (x, 0, "<"), lambda x: (x, -1, "<")),
    (dict(nonnegative=True), lambda x: (x, 0, ">="), lambda x: (x, 0, ">")),
    (dict(nonpositive=True), lambda x: (x, 0, "<="), lambda x: (x, 0, "<")),
    (dict(nonzero=True), lambda x: (x, 0, "!="), lambda x: (x, 0, ">")),
    (dict(zero=True), lambda x: (x + 1, 1, "=="), lambda x: (x, 1, "==")),
    (dict(real=True), lambda x: (x ** 2, 0, ">="), lambda x: (x ** 2, 0, ">")),
    (dict(integer=True), lambda x: (floor(x), x, "=="), lambda x: (x, 0, ">")),
    (dict(rational=True), lambda x: (x ** 2, 2, "!="), lambda x: (floor(x), x, "==")),
    (dict(irrational=True), lambda x: (floor(x), x, "!="), lambda x: (x, 0, ">")),
    (dict(even=True), lambda x: (2 * floor(x / 2), x, "=="), lambda x: (x, 0, "!=")),
    (dict(odd=True), lambda x: (2 * floor(x / 2), x - 1, "=="), lambda x: (x, 1, ">")),
    (dict(prime=True), lambda x: (x, 2, ">="), lambda x: (x, 3, ">=")),
    (dict(composite=True), lambda x: (x, 4, ">="), lambda x: (x, 5, ">=")),
    (dict(noninteger=True, real=True), lambda x: (sin(pi * x), 0, "!="), lambda x: (x, 0, ">")),
    (dict(algebraic=True, real=True), lambda x: (x, pi, "!="), lambda x: (x, 1, ">")),
    (dict(transcendental=True, real=True), lambda x: (x ** 2, 2, "!="), lambda x: (x, 0, ">")),
    (dict(finite=True, real=True), lambda x: (x ** 2, 0, ">="), lambda x: (x, 0, ">")),
    (dict(complex=True, real=True), lambda x: (x ** 2, 0, ">="), lambda x: (x, 0, ">")),
    (dict(hermitian=True, real=True), lambda x: (x ** 2, 0, ">="), lambda x: (x, 0, ">")),
    (dict(commutative=True), lambda x: (x ** 2, 0, ">="), lambda x: (x, 0, ">")),
    (dict(extended_real=True, real=True), lambda x: (x ** 2, 0, ">="), lambda x: (x, 0, ">")),
    (dict(extended_positive=True, real=True), lambda x: (x, 0, ">"), lambda x: (x, 1, ">")),
    (dict(extended_negative=True, real=True), lambda x: (x, 0, "<"), lambda x: (x, -1, "<")),
    (dict(extended_nonnegative=True, real=True), lambda x: (x, 0, ">="), lambda x: (x, 0, ">")),
    (dict(extended_nonpositive=True, real=True), lambda x: (x, 0, "<="), lambda x: (x, 0, "<")),
    (dict(extended_nonzero=True, real=True), lambda x: (x, 0, "!="), lambda x: (x, 0, ">")),
    (dict(antihermitian=True, real=True), lambda x: (x, 0, "=="), None),  # a real antihermitian is 0
    (dict(imaginary=False, real=True), lambda x: (x ** 2, 0, ">="), lambda x: (x, 0, ">")),
    (dict(infinite=False, real=True), lambda x: (x ** 2, 0, ">="), lambda x: (x, 0, ">")),
    # the same keys declared False
    (dict(positive=False, real=True), lambda x: (x, 0, "<="), lambda x: (x, 0, "<")),
    (dict(negative=False, real=True), lambda x: (x, 0, ">="), lambda x: (x, 0, ">")),
    (dict(zero=False, real=True), lambda x: (x, 0, "!="), lambda x: (x, 0, ">")),
    (dict(integer=False, real=True), lambda x: (floor(x), x, "!="), lambda x: (x, 0, ">")),
    (dict(rational=False, real=True), lambda x: (floor(x), x, "!="), lambda x: (x, 0, ">")),
    (dict(prime=False, integer=True), lambda x: (x, 3, "!="), lambda x: (x, 1, "!=")),
    (dict(composite=False, integer=True, positive=True), lambda x: (x, 4, "!="), lambda x: (x, 2, "<")),
    (dict(even=False, integer=True), lambda x: (x, 0, "!="), lambda x: (x, 1, "==")),
    (dict(odd=False, integer=True), lambda x: (x, 1, "!="), lambda x: (x, 0, "==")),
    (dict(noninteger=False, real=True), lambda x: (floor(x), x, "=="), lambda x: (x, 0, "!=")),
    (dict(transcendental=False, real=True), lambda x: (x, pi, "!="), lambda x: (x, 0, "!=")),
    (dict(algebraic=False, real=True), lambda x: (x ** 2, 2, "!="), lambda x: (x, 0, ">")),
    (dict(irrational=False, real=True), lambda x: (x ** 2, 2, "!="), lambda x: (x, 0, "!=")),
]

# Declarations whose SymPy meaning admits values that are not finite reals: always unknown.
NOT_REAL = [
    (dict(complex=True), lambda x: (x ** 2, 0, ">=")),          # x = i
    (dict(imaginary=True), lambda x: (x ** 2, 0, "<")),         # true, and still not decided
    (dict(imaginary=True), lambda x: (x ** 2, 0, ">=")),        # false, and never "proved"
    (dict(transcendental=True), lambda x: (x, 0, "!=")),
    (dict(algebraic=True), lambda x: (x ** 2, -1, "!=")),       # x = i
    (dict(finite=True), lambda x: (x ** 2, 0, ">=")),
    (dict(noninteger=True), lambda x: (sin(pi * x), 0, "!=")),  # x = ±∞ in SymPy's meaning
    (dict(extended_real=True), lambda x: (x - 1, x, "<")),       # false at x = oo
    (dict(extended_positive=True), lambda x: (x, 0, ">")),
    (dict(extended_nonnegative=True), lambda x: (x, 0, ">=")),
    (dict(extended_negative=True), lambda x: (x, 0, "<")),
    (dict(extended_nonpositive=True), lambda x: (x, 0, "<=")),
    (dict(extended_nonzero=True), lambda x: (x, 0, "!=")),
    (dict(hermitian=True), lambda x: (x ** 2, 0, ">=")),
    (dict(antihermitian=True), lambda x: (x ** 2, 0, "<=")),
    (dict(infinite=True), lambda x: (x, 0, "!=")),
    (dict(polar=True), lambda x: (x, 0, "!=")),
    (dict(commutative=False), lambda x: (x * x, x ** 2, "==")),
    (dict(real=False), lambda x: (x ** 2, 0, ">=")),
    (dict(integer=False), lambda x: (floor(x), x, "!=")),
    (dict(positive=False), lambda x: (x, 0, "<=")),
    (dict(imaginary=False), lambda x: (x ** 2, 0, ">=")),
]


def _ids(rows):
    return [",".join(f"{k}={v}" for k, v in row[0].items()) for row in rows]


def test_every_assumption_key_is_covered():
    declared = {k for row in ROWS + NOT_REAL for k in row[0]}
    assert declared == set(ASSUMPTION_KEYS)
    assert set(KEY_TESTS) == set(ASSUMPTION_KEYS)
    assert {k for row in ROWS for k, v in row[0].items() if v is False} >= {
        "positive", "negative", "zero", "integer", "rational", "prime", "composite", "even", "odd",
        "noninteger", "transcendental", "algebraic", "irrational"}


# true claims no engine decides: they run to their time limit (none left: an irrational x, or a
# real x that is not rational, is not an integer, so floor(x) != x is proved through z3)
UNDECIDED_TRUE_CLAIMS: set = set()
# true claims that must be proved, not only left unknown
PROVED_TRUE_CLAIMS = {"irrational=True", "rational=False,real=True", "integer=False,real=True"}


@pytest.mark.parametrize("declaration, true_claim, false_claim", [
    pytest.param(*row, id=name, marks=[pytest.mark.slow] if name in UNDECIDED_TRUE_CLAIMS else [])
    for row, name in zip(ROWS, _ids(ROWS))])
def test_a_claim_true_by_the_assumption_is_never_refuted(declaration, true_claim, false_claim):
    x = x_(**declaration)
    assert unmodelled_reason(x) is None
    verdict = decide(*true_claim(x))
    assert verdict.status in ("proved", "unknown"), verdict.detail
    if ",".join(f"{k}={v}" for k, v in declaration.items()) in PROVED_TRUE_CLAIMS:
        assert verdict.status == "proved", verdict.detail


@pytest.mark.parametrize("declaration, true_claim, false_claim",
                         [r for r in ROWS if r[2] is not None], ids=_ids([r for r in ROWS if r[2] is not None]))
def test_a_false_claim_is_refuted_with_a_value_that_has_the_property(declaration, true_claim, false_claim):
    x = x_(**declaration)
    lhs, rhs, relation = false_claim(x)
    verdict = decide(lhs, rhs, relation)
    assert verdict.status == "refuted", verdict.detail
    value = sympy.sympify(verdict.counterexample.values["x"])
    assert symbol_violation(x, value) is None
    for key, wanted in declaration.items():  # SymPy's own reading of the number agrees
        assert getattr(value, f"is_{key}") is wanted, (key, value)


@pytest.mark.parametrize("declaration, claim", NOT_REAL, ids=_ids(NOT_REAL))
def test_a_symbol_that_may_be_complex_or_infinite_gives_unknown_with_the_reason(declaration, claim):
    x = x_(**declaration)
    verdict = decide(*claim(x))
    assert verdict.status == "unknown" and verdict.method == "scope check"
    assert "finite real" in verdict.detail and str(x) in verdict.detail


def test_q_predicates_that_make_a_symbol_complex_give_unknown():
    x = Symbol("x")
    for predicate in (Q.imaginary, Q.complex, Q.antihermitian):
        verdict = decide(x ** 2, 0, ">=", assume=[predicate(x)])
        assert verdict.status == "unknown" and f"Q.{predicate.name}" in verdict.detail


# --- the independent re-check rejects a counterexample that breaks a symbol's assumption ----------

@pytest.mark.parametrize("declaration, bad, good", [
    (dict(prime=True), 1, 2),
    (dict(composite=True), 3, 4),
    (dict(even=True), 3, 2),
    (dict(odd=True), 2, 3),
    (dict(irrational=True), Rational(1, 2), sqrt(2)),
    (dict(noninteger=True, real=True), 1, Rational(1, 2)),
    (dict(transcendental=True, real=True), sqrt(2), pi),
    (dict(integer=False, real=True), 2, Rational(5, 2)),
    (dict(positive=False, real=True), 1, -1),
])
def test_the_recheck_verifies_every_assumption_of_the_symbol(declaration, bad, good):
    x = x_(**declaration)
    problem = Problem.build(x, 10 ** 6, ">")  # false for every value
    assert failing_assumption(problem, Instance({}, {x: sympy.sympify(bad)})) is not None
    assert failing_assumption(problem, Instance({}, {x: sympy.sympify(good)})) is None
    for value, stands in ((bad, False), (good, True)):
        claimed = Verdict("refuted", "test", counterexample=Counterexample({}, {"x": sympy.sympify(value)}, None, None))
        assert (recheck(problem, claimed) is not None) is stands


def test_dimension_assumptions_are_checked_on_the_sizes():
    n = symbols("n", integer=True, positive=True, even=True)
    X = MatrixSymbol("X", n, n)
    problem = Problem.build(Determinant(-X), Determinant(X))   # true for even n only
    assert failing_assumption(problem, Instance({n: 3}, {X: sympy.eye(3)})) is not None
    assert failing_assumption(problem, Instance({n: 2}, {X: sympy.eye(2)})) is None
    assert decide(Determinant(-X), Determinant(X)).status in ("proved", "unknown")
    m = symbols("m", integer=True, positive=True, odd=True)
    Y = MatrixSymbol("Y", m, m)
    verdict = decide(Determinant(-Y), Determinant(Y))
    assert verdict.status == "refuted" and verdict.counterexample.dims["m"] % 2 == 1


# --- number classes are decided exactly ---------------------------------------------------------

@pytest.mark.parametrize("value, kind", [
    (sympy.Integer(7), "integer"), (Rational(-3, 2), "rational"), (sqrt(2), "algebraic"),
    (sqrt(8) / sqrt(2), "integer"), (1 + sqrt(3), "algebraic"), (pi / 2, "transcendental"),
    (3 - pi, "transcendental"), (E, "transcendental"), (pi * E, None), (sympy.log(2), None),
])
def test_number_kinds(value, kind):
    assert number_kind(value) == kind


# --- property: drawn values satisfy every fact of their symbol ----------------------------------

KEY_VALUES = st.fixed_dictionaries({}, optional={k: st.booleans() for k in ASSUMPTION_KEYS})


@settings(max_examples=150, deadline=None)
@given(KEY_VALUES, st.integers(0, 10 ** 6))
def test_drawn_values_satisfy_every_fact_of_their_symbol(declaration, seed):
    try:
        x = Symbol("x", **declaration)
    except Exception:  # noqa: BLE001 - inconsistent declarations do not make a symbol
        return
    problem = Problem.build(x, 0, "==") if unmodelled_reason(x) is None else None
    if problem is None:
        return
    plan = make_plan(problem)
    rng = random.Random(seed)
    for _ in range(5):
        instance = plan.draw({}, rng)
        if instance is None:
            continue
        value = instance.values[x]
        assert symbol_violation(x, value) is None
        for key, wanted in symbol_facts(x).items():
            assert getattr(value, f"is_{key}") in (wanted, None), (key, value)


# --- the independent checker re-derives the facts it may use, and refuses non-real symbols ----------

def _certificate(claim):
    import time as _time

    from symcheck.engine import problem_from_claim, prove
    verdict = prove(problem_from_claim(claim), _time.monotonic() + 20, [])
    assert verdict is not None and verdict.status == "proved", verdict
    return verdict.certificate


def test_the_checker_accepts_a_proof_from_a_symbols_primality():
    from symcheck.certify.checker import check_certificate
    p = Symbol("p", prime=True)
    claim = Claim("prime", p, 2, relation=">=")
    result = check_certificate(_certificate(claim), claim)
    assert result.accepted, result.reason


@pytest.mark.parametrize("declaration", [dict(imaginary=True), dict(complex=True), dict(noninteger=True)])
def test_the_checker_rejects_a_real_proof_handed_over_for_a_non_real_symbol(declaration):
    import json

    from symcheck.certify.checker import check_certificate
    x = Symbol("x", real=True)
    cert = _certificate(Claim("square", x ** 2, 0, relation=">="))
    z = Symbol("x", **declaration)
    forged = json.loads(json.dumps(cert).replace("Symbol('x', real=True)",
                                                 sympy.srepr(z).replace('"', "'")))
    result = check_certificate(forged, Claim("square", z ** 2, 0, relation=">="))
    assert not result.accepted and "finite real" in result.reason
    result = check_certificate(cert, Claim("square", x ** 2, 0, relation=">=", assume=[Q.imaginary(x)]))
    assert not result.accepted and "Q.imaginary" in result.reason


@pytest.mark.parametrize("declaration, claim, value_ok", [
    (dict(complex=True), lambda x: (x ** 2, x, "=="), lambda v: v not in (0, 1)),        # x = 2 is complex
    (dict(noninteger=True), lambda x: (2 * x, 1, "=="), lambda v: not v.is_integer),     # x = 1/3 ...
    (dict(finite=True), lambda x: (x, 0, "=="), lambda v: v != 0),
    (dict(transcendental=True), lambda x: (x, sympy.pi, "=="), lambda v: v.is_transcendental),
])
def test_a_false_claim_about_a_complex_symbol_is_refuted_by_a_real_value_it_can_take(declaration, claim,
                                                                                      value_ok):
    x = x_(**declaration)
    verdict = decide(*claim(x))
    assert verdict.status == "refuted", verdict.detail
    value = sympy.sympify(verdict.counterexample.values["x"])
    assert value_ok(value) and symbol_violation(x, value) is None
    for key, wanted in declaration.items():
        assert getattr(value, f"is_{key}") is wanted


def test_an_imaginary_symbol_has_no_real_value_to_refute_with():
    z = x_(imaginary=True)
    verdict = decide(z, 1, "==")   # false (z = i), but only a non-real value shows it
    assert verdict.status == "unknown" and "no counterexample among the real values" in verdict.detail


def test_dimension_assumptions_steer_the_sizes_drawn():
    from symcheck.refute.instances import dim_schedule
    c = symbols("c", integer=True, positive=True, composite=True)
    X = MatrixSymbol("X", c, c)
    plan = make_plan(Problem.build(X, X))
    sizes = {d[c] for d in dim_schedule(plan, 40, random.Random(0))}
    assert sizes and all(not sympy.isprime(k) and k >= 4 for k in sizes)


def test_a_matrix_whose_shape_would_be_empty_is_not_an_instance():
    n = symbols("n", integer=True, positive=True)
    Z = MatrixSymbol("Z", n - 1, n)
    problem = Problem.build(Z * Z.T, Z * Z.T)
    assert failing_assumption(problem, Instance({n: 1}, {Z: sympy.zeros(0, 1)})) is not None
    assert failing_assumption(problem, Instance({n: 2}, {Z: sympy.zeros(1, 2)})) is None
