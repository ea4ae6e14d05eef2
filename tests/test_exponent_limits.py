"""Limits in an integer exponent (issue 13 item 9): c·Bᵏ as k → ∞, in the prover, the refuter and the checker.

c·Bᵏ → 0 needs |B| < 1; `Limit(c·Bᵏ, k, oo) == ±oo` needs B > 1 and ±c > 0. Each side
condition is an obligation (prover) and a condition the checker derives on its own; the
refuter evaluates the limit exactly, ±∞ included, and compares an infinite whole side.
"""
from __future__ import annotations

import copy

import pytest
import sympy
from sympy import Abs, Limit, MatrixSymbol, Ne, Trace, oo, symbols

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.certify.geometric import infinite_side, parts, zero_conditions
from symcheck.engine import decide_claim
from symcheck.model.problem import Problem
from symcheck.prove.reductions.geometric import geometric_parts, infinite_limit
from symcheck.prove.reductions.limits import NoLimit, Side, scalar_limit
from symcheck.refute.calculus import geometric_limit
from symcheck.refute.errors import InfiniteLimit, Undefined

from test_checker import certificate
from test_checker_reductions import ZERO_IS_ZERO

k = symbols("k", integer=True, nonnegative=True)
t = symbols("t", real=True)
r, c, lam = symbols("r c lambda", real=True)
n = symbols("n", integer=True, positive=True)
A = MatrixSymbol("A", n, n)


def test_the_geometric_form_is_read_with_inverted_bases():
    assert geometric_parts(3 * r ** k, k) == (3, [r], [])
    coefficient, bases, inverted = geometric_parts(c * (1 + lam) ** (-k), k)
    assert coefficient == c and bases == [1 / (1 + lam)] and inverted == [1 + lam]
    assert geometric_parts(r ** k + 1, k) is None
    assert geometric_parts(k * r ** k, k) is None      # k·rᵏ is not c·Bᵏ
    assert geometric_parts(r ** (2 * k), k) is None
    assert geometric_parts(c, k) is None


def test_the_zero_limit_leaves_the_ratio_condition_as_an_obligation():
    side = Side(Problem.build(sympy.S.Zero, sympy.S.Zero, assume=[Abs(r) < 1]))
    assert scalar_limit(c * r ** k, k, oo, side) == 0
    assert [(o.lhs, o.relation) for o in side.obligations] == [(1 - Abs(r), ">")]
    side = Side(Problem.build(sympy.S.Zero, sympy.S.Zero))
    scalar_limit(r ** t, t, oo, side)                    # a real exponent: the base must be positive
    assert (r, ">") in [(o.lhs, o.relation) for o in side.obligations]
    with pytest.raises(NoLimit):
        scalar_limit(r ** k, k, -oo, side)


def test_an_infinite_side_is_reduced_to_its_sign_conditions():
    problem = Problem.build(Limit(c * r ** k, k, oo), -oo, assume=[r > 1, c < 0])
    obligations, _step = infinite_limit(problem)
    assert sorted((sympy.sstr(o.lhs), o.relation) for o in obligations) == [("-c", ">"), ("r - 1", ">")]
    assert infinite_limit(Problem.build(Limit(c * r ** k, k, oo), 0)) is None
    assert infinite_limit(Problem.build(Limit(c * r ** k, k, oo), oo, relation="<=")) is None


@pytest.mark.parametrize("entry, value", [
    (sympy.Rational(1, 2) ** k * 7, 0),
    (sympy.Rational(-1, 2) ** k, 0),
    (3 * sympy.S.One ** k, 3),
    (0 * 2 ** k, 0),
])
def test_the_refuter_evaluates_exact_geometric_limits(entry, value):
    dummy = sympy.Dummy("k", integer=True)
    assert geometric_limit(entry.subs(k, dummy), dummy) == value


def test_the_refuter_reports_infinities_and_oscillation():
    dummy = sympy.Dummy("k", integer=True)
    with pytest.raises(InfiniteLimit) as info:
        geometric_limit(-2 * 3 ** dummy, dummy)
    assert info.value.sign == -1
    with pytest.raises(Undefined):
        geometric_limit((-2) ** dummy, dummy)            # oscillates: no limit
    real = sympy.Dummy("t", real=True)
    with pytest.raises(Undefined):
        geometric_limit(sympy.Rational(-1, 2) ** real, real)   # not real for a real exponent
    assert geometric_limit(dummy * 2 ** dummy, dummy) is None


CLAIMS = [
    (Claim("lim c r^k = 0", Limit(c * r ** k, k, oo), 0, assume=[Abs(r) < 1]), "proved"),
    (Claim("lim c r^k = oo", Limit(c * r ** k, k, oo), oo, assume=[r > 1, c > 0]), "proved"),
    (Claim("lim (1+lam)^-k = 0", Limit((1 + lam) ** (-k), k, oo), 0, assume=[lam > 0]), "proved"),
    (Claim("twin: lim c r^k = oo, c of any sign", Limit(c * r ** k, k, oo), oo, assume=[r > 1, Ne(c, 0)]),
     "refuted"),
    (Claim("twin: lim (1+lam)^-k = 0, lam > -1", Limit((1 + lam) ** (-k), k, oo), 0, assume=[lam > -1]),
     "refuted"),
    (Claim("twin: lim r^k = 0 for r <= 1", Limit(r ** k, k, oo), 0, assume=[r > 0, r <= 1]), "refuted"),
]


@pytest.mark.parametrize("claim, expected", CLAIMS, ids=[c.name for c, _ in CLAIMS])
def test_geometric_claims_are_decided(claim, expected):
    assert decide_claim(claim, timeout=20).status == expected


def test_the_checker_derives_its_own_conditions():
    assert zero_conditions(c * r ** k, k) == [(1 - Abs(r), ">")]
    assert parts((1 + lam) ** (-k), k)[2] == [(1 + lam, "!=")]
    assert infinite_side(oo, Limit(c * r ** k, k, oo), "==") == [(r - 1, ">"), (c, ">")]
    assert infinite_side(Limit(c * r ** k, k, oo), oo, "<") is None


@pytest.mark.parametrize("claim, twin", [
    (Claim("zero", Limit(c * r ** k, k, oo), 0, assume=[r > 0, r < 1]),
     Claim("zero twin", Limit(c * r ** k, k, oo), 0, assume=[r > 0, r < 2])),
    (Claim("inf", Limit(Abs(c) * Abs(1 - lam) ** k, k, oo), oo, assume=[lam > 2, Ne(c, 0)]),
     Claim("inf twin", Limit(Abs(c) * Abs(1 - lam) ** k, k, oo), oo, assume=[lam > 1, Ne(c, 0)])),
], ids=["zero", "infinity"])
def test_a_geometric_certificate_is_accepted_and_tampered_ones_rejected(claim, twin):
    cert = certificate(claim)
    assert check_certificate(cert, claim).accepted
    assert not check_certificate(cert, twin).accepted               # presented for a false claim
    forged = dict(copy.deepcopy(cert), obligations=[])               # its conditions dropped
    assert not check_certificate(forged, claim).accepted
    trivial = dict(copy.deepcopy(cert), obligations=[ZERO_IS_ZERO])  # a trivial one standing in for them
    assert not check_certificate(trivial, claim).accepted
    changed = copy.deepcopy(cert)                                     # the conditions' sides changed
    for ob in changed["obligations"]:
        ob["rhs"], ob["relation"] = ob["lhs"], "=="
    assert not check_certificate(changed, claim).accepted


def test_the_checker_declines_a_coefficient_that_depends_on_the_exponent():
    """tr(Aᵏ)·(1/2)ᵏ is not c·(1/2)ᵏ with c constant: a certificate reducing it to 0 is rejected."""
    claim = Claim("tr", Limit(Trace(A ** k) * sympy.Rational(1, 2) ** k, k, oo), 0)
    forged = {"format": "symcheck-reduction/1", "reduction": "limits (continuity, rational functions)",
              "data": {"lhs": "Integer(0)", "rhs": "Integer(0)"}, "obligations": []}
    assert not check_certificate(forged, claim).accepted


@pytest.mark.parametrize("item", [c != 0, c == 0], ids=["ne", "eq"])
def test_a_python_comparison_in_assume_is_an_error_not_a_silent_truth(item):
    """`c != 0` is Python's structural comparison (True); dropping it would let c = 0 refute a true claim."""
    from symcheck.model.shapes import IllTyped

    with pytest.raises(IllTyped, match="Ne"):
        Problem.build(Limit(Abs(c) * r ** k, k, oo), oo, assume=[r > 1, item])
    assert decide_claim(Claim("c", Limit(Abs(c) * r ** k, k, oo), oo, assume=[r > 1, item]), timeout=10).status \
        == "error"
