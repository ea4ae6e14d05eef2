"""floor, ceiling and frac, and what a symbol's assumptions say about integrality.

The scalar prover's z3 bridge translates floor(u) as z3's to_int(u) (the greatest integer
<= u), ceiling(u) as -to_int(-u) and frac(u) as u - to_int(u), all exact; a symbol SymPy
calls noninteger (irrational=True, rational=False with real=True, integer=False with
real=True) is "not an integer" for z3, an even one 2m, an odd one 2m + 1. The independent
checker re-derives such proofs with its own translation, reading the facts from the
claim's symbols; a certificate handed over for a claim whose symbol lacks the fact is
rejected.
"""
import json
import time

import pytest
import sympy
from sympy import Q, Rational, Symbol, ceiling, floor, frac, sqrt

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.engine import decide_claim, problem_from_claim, prove
from symcheck.prove.scalar.nlsat import SAT, UNSAT, Z3Translator, decide_goal
from symcheck.refute.predicates import symbol_violation
from written_certificates import written  # tests/written_certificates.py: a certificate written by hand

TIMEOUT = 6.0

x_real = Symbol("x", real=True)
x_irr = Symbol("x", irrational=True)
x_nonrat = Symbol("x", rational=False, real=True)
x_nonint = Symbol("x", noninteger=True, real=True)
x_int = Symbol("x", integer=True)
j_odd = Symbol("j", odd=True)
Y = Symbol("y", real=True)
k_even = Symbol("k", even=True)


def decide(lhs, rhs, relation="==", assume=()):
    return decide_claim(Claim("c", lhs, rhs, relation=relation, assume=assume), TIMEOUT)


def certificate(claim):
    """The prover's certificate of a claim it proves."""
    verdict = prove(problem_from_claim(claim), time.monotonic() + 20, [])
    assert verdict is not None and verdict.status == "proved", verdict
    return verdict.certificate


def moved(cert, old, new):
    """The certificate with the symbol `old` replaced by `new` in its sides."""
    from symcheck.certify.srepr_reader import read_srepr
    return dict(cert, **{side: sympy.srepr(read_srepr(cert[side]).xreplace({old: new})) for side in ("lhs", "rhs")})


# -- the z3 bridge -------------------------------------------------------------------------------

# unevaluated: SymPy itself decides some of them (floor(x) <= x is True to SymPy)
@pytest.mark.parametrize("goal", [
    sympy.Le(floor(x_real), x_real, evaluate=False),
    sympy.Lt(x_real, floor(x_real) + 1, evaluate=False),
    sympy.Ge(ceiling(x_real), x_real, evaluate=False),
    sympy.Lt(ceiling(x_real) - 1, x_real, evaluate=False),
    sympy.Eq(floor(-x_real), -ceiling(x_real), evaluate=False),
    sympy.And(sympy.Ge(frac(x_real), 0, evaluate=False), sympy.Lt(frac(x_real), 1, evaluate=False)),
    sympy.Le(floor(x_real) + floor(Y), floor(x_real + Y), evaluate=False),
])
def test_floor_ceiling_and_frac_are_exact_in_z3(goal):
    assert decide_goal([], goal).status == UNSAT


def test_a_false_floor_identity_gets_an_exact_model_that_breaks_it():
    d = decide_goal([], sympy.Eq(floor(x_real), x_real))
    assert d.status == SAT and d.model[x_real] != sympy.floor(d.model[x_real])


def test_ceiling_minus_floor_is_zero_at_integers_only():
    d = decide_goal([], sympy.Eq(ceiling(x_real) - floor(x_real), 1))
    assert d.status == SAT and d.model[x_real].is_integer
    assert decide_goal([], sympy.Eq(ceiling(x_nonint) - floor(x_nonint), 1)).status == UNSAT


@pytest.mark.parametrize("symbol, fact", [
    (x_irr, True), (x_nonrat, True), (x_nonint, True), (Symbol("x", integer=False, real=True), True),
    (x_real, False), (Symbol("x", rational=True), False), (Symbol("x", positive=True), False),
    (Symbol("x", integer=False), False),   # may be complex in SymPy's meaning: SymPy derives no noninteger
    (Symbol("x", transcendental=True), False),
])
def test_not_an_integer_only_when_sympy_derives_noninteger(symbol, fact):
    tr = Z3Translator(facts=True)
    tr.symbol(symbol)
    assert any("is_int" in c.sexpr() for c in tr.side) is fact
    assert tr.integral is fact


def test_without_facts_the_translator_adds_nothing():
    tr = Z3Translator()
    tr.symbol(x_irr)
    assert tr.side == [] and not tr.integral


def test_a_model_that_breaks_a_fact_is_asked_again_with_the_facts():
    # x != 1: nlsat answers x = 1 without the facts; an irrational x is never 1
    assert decide_goal([], sympy.Ne(x_irr, 1, evaluate=False)).status == UNSAT   # SymPy would say True
    assert decide_goal([], sympy.Ne(x_real, 1, evaluate=False)).status == SAT


def test_even_and_odd_symbols_are_2m_and_2m_plus_1():
    assert decide_goal([], sympy.Eq(2 * floor(j_odd / 2, evaluate=False), j_odd - 1),
                       frozenset({j_odd})).status == UNSAT
    assert decide_goal([], sympy.Eq(2 * floor(k_even / 2, evaluate=False), k_even),
                       frozenset({k_even})).status == UNSAT
    assert decide_goal([], sympy.Eq(2 * floor(x_int / 2, evaluate=False), x_int),
                       frozenset({x_int})).status == SAT


# -- verdicts ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lhs, rhs, relation, assume", [
    (floor(x_irr), x_irr, "!=", ()),
    (floor(x_nonrat), x_nonrat, "!=", ()),
    (floor(x_irr), x_irr, "<", ()),
    (frac(x_irr), 0, ">", ()),
    (ceiling(x_nonint) - floor(x_nonint), 1, "==", ()),
    (floor(x_real), x_real, "<=", ()),
    (x_real, floor(x_real) + 1, "<", ()),
    (floor(x_int), x_int, "==", ()),
    (floor(x_real), x_real, "==", (Q.integer(x_real),)),        # SymPy does not simplify this floor
    (ceiling(x_int / 2) + floor(x_int / 2), x_int, "==", ()),
    (2 * floor(j_odd / 2), j_odd - 1, "==", ()),
])
def test_true_claims_are_proved(lhs, rhs, relation, assume):
    verdict = decide(lhs, rhs, relation, assume)
    assert verdict.status == "proved", verdict.detail


@pytest.mark.parametrize("lhs, rhs, relation, integral", [
    (floor(x_real), x_real, "==", False),                    # x = 1/2
    (ceiling(x_real) - floor(x_real), 1, "==", True),         # any integer x
    (floor(x_real), x_real, "!=", True),                     # any integer x
    (ceiling(x_real / 2) + floor(x_real / 2), x_real, "==", False),
])
def test_false_claims_about_a_real_are_refuted(lhs, rhs, relation, integral):
    verdict = decide(lhs, rhs, relation)
    assert verdict.status == "refuted", verdict.detail
    value = sympy.sympify(verdict.counterexample.values["x"])
    assert bool(value.is_integer) is integral
    assert sympy.sympify(lhs).xreplace({x_real: value}) != sympy.sympify(rhs).xreplace({x_real: value}) \
        or relation == "!="


@pytest.mark.parametrize("symbol, lhs, rhs, relation", [
    (x_nonint, lambda x: floor(x), 0, "<"),                # refuted by a positive noninteger
    (x_nonint, lambda x: x, Rational(1, 2), "!="),         # x = 1/2 is a noninteger
    (x_irr, lambda x: floor(x), 1, "!="),                  # an irrational x in [1, 2)
    (j_odd, lambda j: floor(j / 3), 0, "=="),              # an odd j >= 3 or < 0
])
def test_counterexamples_keep_the_symbols_assumptions(symbol, lhs, rhs, relation):
    verdict = decide(lhs(symbol), rhs, relation)
    assert verdict.status == "refuted", verdict.detail
    value = sympy.sympify(verdict.counterexample.values[symbol.name])
    assert symbol_violation(symbol, value) is None
    assert value.is_integer is symbol.is_integer or symbol.is_integer is None


# -- the independent checker ----------------------------------------------------------------------

GENUINE = [
    Claim("irrational", floor(x_irr), x_irr, relation="!="),
    Claim("not rational", floor(x_nonrat), x_nonrat, relation="!="),
    Claim("noninteger", ceiling(x_nonint) - floor(x_nonint), 1),
    Claim("floor below", floor(x_real), x_real, relation="<="),
    Claim("floor above", x_real, floor(x_real) + 1, relation="<"),
    Claim("frac", frac(x_irr), 0, relation=">"),
    Claim("odd", 2 * floor(j_odd / 2), j_odd - 1),
    Claim("halves", ceiling(x_int / 2) + floor(x_int / 2), x_int),
]


@pytest.mark.parametrize("make", [written, certificate], ids=["written", "genuine"])
@pytest.mark.parametrize("claim", GENUINE, ids=[c.name for c in GENUINE])
def test_the_checker_accepts_the_certificates(claim, make):
    result = check_certificate(make(claim), claim)
    assert result.accepted, result.reason
    assert any("closed by z3" in line for line in result.checked)


@pytest.mark.parametrize("make", [written, certificate], ids=["written", "genuine"])
@pytest.mark.parametrize("plain", [Symbol("x", real=True), Symbol("x"), Symbol("x", rational=True)])
def test_a_certificate_copied_to_a_symbol_without_the_assumption_is_rejected(plain, make):
    cert = make(Claim("irrational", floor(x_irr), x_irr, relation="!="))
    forged = moved(cert, x_irr, plain)
    assert "irrational" not in json.dumps(forged) and "irrational" in json.dumps(cert)
    claim = Claim("plain", floor(plain), plain, relation="!=")
    for handed in (forged, cert):
        result = check_certificate(handed, claim)
        assert not result.accepted, result.reason


@pytest.mark.parametrize("make", [written, certificate], ids=["written", "genuine"])
def test_an_odd_proof_is_rejected_for_an_integer_symbol(make):
    cert = make(Claim("odd", 2 * floor(j_odd / 2), j_odd - 1))
    j = Symbol("j", integer=True)
    forged = moved(cert, j_odd, j)
    assert "odd=True" not in json.dumps(forged) and "integer=True" in json.dumps(forged)
    result = check_certificate(forged, Claim("integer", 2 * floor(j / 2), j - 1))
    assert not result.accepted


def test_the_checker_needs_the_fact_it_reads_from_the_claim():
    from symcheck.certify import scalar_check
    from symcheck.certify.view import ClaimView

    claim = Claim("irrational", floor(x_irr), x_irr, relation="!=")
    negation = [sympy.Eq(floor(x_irr), x_irr, evaluate=False)]  # SymPy would call it False itself
    view = ClaimView.of(claim)
    assert not scalar_check._z3_unsat_once(negation, view, False)
    assert scalar_check._z3_unsat_once(negation, view, True)


def test_the_checker_reads_floor_ceiling_and_frac_from_a_certificate():
    from symcheck.certify.srepr_reader import read_srepr

    for expr in (floor(x_real), ceiling(x_real), frac(x_real), floor(sqrt(2) * x_real)):
        assert read_srepr(sympy.srepr(expr)) == expr


def test_the_checker_rejects_floor_of_what_it_does_not_translate():
    claim = Claim("floor of sin", floor(sympy.sin(x_real)), 1, relation="<=")  # (logs are read: certify/logs.py)
    result = check_certificate(written(claim), claim)
    assert not result.accepted and "outside what the checker" in result.reason
