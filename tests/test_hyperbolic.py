"""Hyperbolic and inverse trigonometric functions: their exact signs, refutations and cross-checks.

The exact comparison (refute/exact.py) encloses tanh(1), sech(1)², atan(2), acosh(3/2), ... in rigorous
balls (each function's rule in refute/ball_values.py) and takes a sign only from a ball that excludes 0,
so a false claim about them is refuted with an exact counterexample that the general evaluator
re-checks, a true one is never refuted, and a faked proof of a false one is caught by the cross-check.
"""
from __future__ import annotations

import time

import pytest
import sympy
from sympy import (Rational, acos, acosh, acot, acoth, asin, asinh, atan, atanh, cos, cosh, cot, coth, csc, csch,
                   exp, log, pi, sec, sech, sin, sinh, sqrt, symbols, tan, tanh)

from symcheck import Claim, engine
from symcheck.engine import decide_claim, decide_problem, problem_from_claim
from symcheck.refute import ball_values
from symcheck.refute.check import FAILS, check
from symcheck.refute.evaluate import Instance
from symcheck.refute.exact import sign_of
from symcheck.refute.flint_values import NotCovered, arb, fmpq
from symcheck.verdict import PROVED, REFUTED, UNKNOWN, proved

x = symbols("x", real=True)
t = symbols("t", real=True)


# --- exact signs --------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, sign", [
    (sech(1) ** 2 - 1 - tanh(1) ** 2, -1),            # the false sech² = 1 + tanh² at 1: about −1.16
    (tanh(1) - Rational(76, 100), 1),                  # tanh 1 = 0.7615...
    (tanh(1) - Rational(77, 100), -1),
    (sinh(Rational(1, 2)) - Rational(1, 2), 1),
    (cosh(-2) - Rational(3762, 1000), 1),              # 3.7621...
    (csch(2) - Rational(2758, 10000), -1),             # 0.27572...
    (coth(1) - 1, 1),
    (atan(2) + atan(Rational(1, 3)) - pi / 2, -1),     # 1.1071 + 0.3217 < 1.5707
    (acot(-2) + Rational(46, 100), -1),                # acot(−2) = −atan(1/2) = −0.4636...
    (acot(-2) + Rational(47, 100), 1),
    (asinh(1) - Rational(8813, 10000), 1),             # 0.88137...
    (acosh(Rational(3, 2)) - 1, -1),                   # 0.9624...
    (atanh(Rational(1, 2)) - Rational(5493, 10000), 1),  # 0.54930...
    (acoth(3) - Rational(3465, 10000), 1),             # atanh(1/3) = 0.34657...
    (asin(Rational(1, 3)) + acos(Rational(1, 3)) - pi / 2 - Rational(1, 10 ** 40), -1),
    (tan(1) - Rational(1557, 1000), 1),                # 1.5574...
    (sec(1) + csc(1) + cot(1) - Rational(367, 100), 1),  # 1.8508 + 1.1884 + 0.6421 = 3.681...
    (sech(1) ** 2 + tanh(1) ** 2 - 1, 0),              # true: the definitions with exp cancel exactly
    (cosh(Rational(1, 3)) ** 2 - sinh(Rational(1, 3)) ** 2 - 1, 0),
    (tanh(2) - (exp(4) - 1) / (exp(4) + 1), 0),
])
def test_signs_of_hyperbolic_and_inverse_trigonometric_constants(value, sign):
    assert sign_of(value) == sign


@pytest.mark.parametrize("value", [
    atan(2) + atan(Rational(1, 2)) - pi / 2,     # exactly 0, but no exact argument here: undecided, never a sign
    asin(Rational(1, 3)) + acos(Rational(1, 3)) - pi / 2,
    acosh(Rational(1, 3)),                       # not real: no ball is made of it
    atanh(2), asin(2), acos(-3), acoth(Rational(1, 2)),
    acosh(Rational(1, 3)) - 5, atanh(2) + 100,
])
def test_what_no_ball_decides_stays_undecided(value):
    assert sign_of(value) is None


# --- each function's rule: value, slope and curvature contain SymPy's, and its domain --------------

POINTS = [Rational(-7, 3), Rational(-1, 2), Rational(1, 5), Rational(3, 4), Rational(13, 10), Rational(5, 2)]


def _contains(ball, exact) -> bool:
    if not ball.is_finite():
        return False
    digits = sympy.N(exact, 60)
    low, high = ball.lower(), ball.upper()
    return sympy.Float(low.str(50, radius=False), 60) - sympy.Float("1e-45") <= digits \
        <= sympy.Float(high.str(50, radius=False), 60) + sympy.Float("1e-45")


@pytest.mark.parametrize("function", list(ball_values.ELEMENTARY), ids=lambda f: f.__name__)
def test_every_rule_contains_the_function_and_its_first_two_derivatives(function):
    rule = ball_values.ELEMENTARY[function]
    tried = 0
    for point in POINTS:
        try:
            u = ball_values.argument(rule, fmpq(int(point.p), int(point.q)))
        except NotCovered:
            assert function(point).is_extended_real is not True or function(point).has(sympy.zoo), (function, point)
            continue
        tried += 1
        derivatives = [function(t), sympy.diff(function(t), t), sympy.diff(function(t), t, 2)]
        with ball_values.working_precision():
            balls = [rule.value(u), rule.slope(u), rule.curvature(u)]
        for ball, exact in zip(balls, derivatives):
            assert _contains(ball, exact.subs(t, point)), (function, point, ball, exact)
    assert tried >= 2


@pytest.mark.parametrize("function, outside", [
    (log, [0, Rational(-1, 2)]), (acosh, [Rational(1, 2), -2]), (atanh, [1, -1, 2]), (asin, [Rational(3, 2)]),
    (acos, [-2]), (acoth, [1, Rational(1, 2), 0]), (coth, [0]), (csch, [0]), (cot, [0]), (acot, [0]), (csc, [0]),
])
def test_an_argument_outside_the_real_domain_is_not_covered(function, outside):
    rule = ball_values.ELEMENTARY[function]
    for point in map(sympy.Rational, outside):
        exact = fmpq(int(point.p), int(point.q))
        with pytest.raises(NotCovered):
            ball_values.argument(rule, exact)
        with pytest.raises(NotCovered):       # a ball that reaches outside is not covered either
            ball_values.require_domain(rule, arb(exact) + arb("0 +/- 0.001"))


# --- false claims refuted, exactly, re-checked --------------------------------------------------

FALSE = [
    Claim("sech^2 = 1 + tanh^2", sech(x) ** 2, 1 + tanh(x) ** 2),
    Claim("tanh = sinh/cosh + 10^-6", tanh(x), sinh(x) / cosh(x) + Rational(1, 10 ** 6)),
    Claim("csch^2 = coth^2 + 1", csch(x) ** 2, coth(x) ** 2 + 1),
    Claim("sinh 2x = 2 sinh x", sinh(2 * x), 2 * sinh(x)),
    Claim("cosh x >= 1 + x^2", cosh(x), 1 + x ** 2, relation=">="),
    Claim("atanh x = log((1+x)/(1-x))", atanh(x), log((1 + x) / (1 - x)), assume=[x > -1, x < 1]),
    Claim("acot = atan", acot(x), atan(x)),
    Claim("atan x + atan 1/x = pi/2", atan(x) + atan(1 / x), pi / 2),
    Claim("asinh x = log(x + sqrt(x^2 + 1)) + 1/1000", asinh(x), log(x + sqrt(x ** 2 + 1)) + Rational(1, 1000)),
]


@pytest.mark.parametrize("claim", FALSE, ids=[c.name for c in FALSE])
def test_false_claims_are_refuted_with_exact_counterexamples_that_recheck(claim):
    verdict = decide_claim(claim, timeout=30)
    assert verdict.status == REFUTED, verdict.detail
    cx = verdict.counterexample
    assert all(isinstance(sympy.sympify(v), sympy.Rational) for v in cx.values.values())
    for side in (cx.lhs, cx.rhs):
        assert not sympy.sympify(side).atoms(sympy.Float)      # shown exactly: tanh(1), not 0.76...
    problem = problem_from_claim(claim)
    values = {s: sympy.sympify(cx.values[s.name]) for s in problem.scalar_symbols}
    assert check(problem, Instance({}, values), fast=False).status == FAILS   # the general evaluator alone
    assert engine.recheck(problem, verdict) is not None


def test_the_sech_counterexample_is_shown_exactly():
    verdict = decide_claim(FALSE[0], timeout=30)
    cx = verdict.counterexample
    value = sympy.sympify(cx.values["x"])
    assert sympy.sympify(cx.lhs) == sech(value) ** 2 and sympy.sympify(cx.rhs) == 1 + tanh(value) ** 2


TRUE = [
    Claim("cosh^2 - sinh^2 = 1", cosh(x) ** 2 - sinh(x) ** 2, 1),
    Claim("tanh is odd", tanh(-x), -tanh(x)),
    Claim("atan is odd", atan(-x), -atan(x)),
    Claim("sech = 1/cosh", sech(x), 1 / cosh(x)),
    Claim("sech^2 = 1 - tanh^2", sech(x) ** 2, 1 - tanh(x) ** 2),
    Claim("tanh by exp", tanh(x), (exp(2 * x) - 1) / (exp(2 * x) + 1)),
    Claim("atan x + atan 1/x = pi/2 for x > 0", atan(x) + atan(1 / x), pi / 2, assume=[x > 0]),
    Claim("coth^2 - csch^2 = 1", coth(x) ** 2 - csch(x) ** 2, 1),
    Claim("asin + acos = pi/2", asin(x) + acos(x), pi / 2, assume=[x >= -1, x <= 1]),
    Claim("tanh < 1", tanh(x), 1, relation="<"),
    Claim("acosh x >= 0", acosh(x), 0, relation=">=", assume=[x >= 1]),
    Claim("sin^2 + cos^2 = 1", sin(x) ** 2 + cos(x) ** 2, 1),
]


@pytest.mark.parametrize("claim", TRUE, ids=[c.name for c in TRUE])
def test_true_claims_are_never_refuted(claim):
    verdict = decide_claim(claim, timeout=30)
    assert verdict.status in (PROVED, UNKNOWN), (verdict.status, verdict.detail)
    assert not verdict.extras.get("disagreement")


# --- the cross-check of a proof ----------------------------------------------------------------------

@pytest.mark.parametrize("claim", FALSE, ids=[c.name for c in FALSE])
def test_the_cross_check_catches_a_faked_proof_of_a_false_claim(monkeypatch, claim):
    monkeypatch.setattr(engine, "prove", lambda *args, **kwargs: proved("a prover that proves anything"))
    problem = problem_from_claim(claim)
    verdict = decide_problem(problem, time.monotonic() + 30)
    assert verdict.status == UNKNOWN and verdict.extras.get("disagreement"), (claim.name, verdict.detail)


def test_the_cross_check_leaves_a_faked_proof_of_a_true_claim_standing(monkeypatch):
    monkeypatch.setattr(engine, "prove", lambda *args, **kwargs: proved("a prover that proves anything"))
    for claim in TRUE:
        verdict = decide_problem(problem_from_claim(claim), time.monotonic() + 30)
        assert verdict.status == PROVED and not verdict.extras.get("disagreement"), claim.name


# --- the scalar prover: hyperbolic functions by exp, with certificates the checker re-derives -----------

PROVABLE = [
    Claim("tanh by exp", tanh(x), (exp(2 * x) - 1) / (exp(2 * x) + 1)),
    Claim("sech^2 = 1 - tanh^2", sech(x) ** 2, 1 - tanh(x) ** 2),
    Claim("cosh^2 - sinh^2 = 1", cosh(x) ** 2 - sinh(x) ** 2, 1),
    Claim("sech = 1/cosh", sech(x), 1 / cosh(x)),
    Claim("coth^2 - csch^2 = 1", coth(x) ** 2 - csch(x) ** 2, 1),
    Claim("sinh 2x = 2 sinh x cosh x", sinh(2 * x), 2 * sinh(x) * cosh(x)),
    Claim("cosh^2(x/2) = (1 + cosh x)/2", cosh(x / 2) ** 2, (1 + cosh(x)) / 2),
    Claim("tanh' = 1 - tanh^2", sympy.Derivative(tanh(x), x), 1 - tanh(x) ** 2),
    Claim("tanh < 1", tanh(x), 1, relation="<"),
    Claim("tanh x > 0 for x > 0", tanh(x), 0, relation=">", assume=[x > 0]),
]


@pytest.mark.parametrize("claim", PROVABLE, ids=[c.name for c in PROVABLE])
def test_hyperbolic_identities_are_proved_with_certificates_the_checker_accepts(claim):
    from symcheck.certify.checker import check_certificate

    verdict = decide_claim(claim, timeout=30)
    assert verdict.status == PROVED, verdict.detail
    result = check_certificate(verdict.certificate, claim)
    assert result.accepted, result.reason


def _scalar_certificate(claim):
    verdict = decide_claim(claim, timeout=30)
    assert verdict.status == PROVED and verdict.certificate["format"] == "symcheck-scalar/1"
    assert "rewrite" in verdict.certificate
    return verdict.certificate


def test_a_certificate_with_a_false_rewrite_is_rejected():
    from symcheck.certify.checker import check_certificate

    claim = PROVABLE[0]
    cert = _scalar_certificate(claim)
    assert check_certificate(cert, claim).accepted
    forged = dict(cert, rewrite=dict(cert["rewrite"], lhs=sympy.srepr((exp(x) + exp(-x)) / (exp(x) - exp(-x)))))
    result = check_certificate(forged, claim)                  # tanh written as coth: not its definition
    assert not result.accepted and "rewrite" in result.reason
    missing = {k: v for k, v in cert.items() if k != "rewrite"}
    assert not check_certificate(missing, claim).accepted      # the rewrite must be given
    kept = dict(cert, rewrite=dict(cert["rewrite"], lhs=sympy.srepr(tanh(x))))
    assert not check_certificate(kept, claim).accepted         # and must leave no hyperbolic function


def test_a_false_claim_is_not_certified_by_a_rewrite_that_makes_it_cancel():
    """sech² = 1 + tanh² is false; a certificate that rewrites its right side as the true 1 − tanh²
    would make both sides cancel, but the checker redoes the rewrite and rejects it, and with the
    true rewrite nothing cancels and z3 finds no proof."""
    from symcheck.certify.checker import check_certificate
    from symcheck.model.hyperbolic import by_exp

    true_cert = _scalar_certificate(PROVABLE[1])
    false_claim = FALSE[0]
    lying = dict(true_cert, rhs=sympy.srepr(1 + tanh(x) ** 2),
                 rewrite=dict(true_cert["rewrite"], rhs=sympy.srepr(by_exp(1 - tanh(x) ** 2))))
    result = check_certificate(lying, false_claim)
    assert not result.accepted and "rewrite" in result.reason
    honest = dict(lying, rewrite=dict(true_cert["rewrite"], rhs=sympy.srepr(by_exp(1 + tanh(x) ** 2))))
    assert not check_certificate(honest, false_claim).accepted
