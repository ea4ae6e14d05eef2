"""floor, ceiling and frac in the independent checker, and what a symbol's assumptions say.

The checker's own z3 translation (certify/scalar_check.py) reads floor(u) as z3's to_int(u)
(the greatest integer <= u), ceiling(u) as -to_int(-u) and frac(u) as u - to_int(u); a
symbol SymPy calls noninteger (irrational=True, rational=False with real=True, ...) is "not
an integer", an even one 2m, an odd one 2m + 1, read from the claim's own symbols. A
certificate handed over for a claim whose symbol lacks the fact is rejected.
"""
import json

import pytest
import sympy
from sympy import Symbol, ceiling, floor, frac, sqrt

from symcheck import Claim
from symcheck.certify.checker import check_certificate


x_real = Symbol("x", real=True)
x_irr = Symbol("x", irrational=True)
x_nonrat = Symbol("x", rational=False, real=True)
x_nonint = Symbol("x", noninteger=True, real=True)
x_int = Symbol("x", integer=True)
j_odd = Symbol("j", odd=True)
Y = Symbol("y", real=True)
k_even = Symbol("k", even=True)


def written(claim):
    """A certificate written by hand: the checker re-derives everything from the claim."""
    return {"format": "symcheck-scalar/1", "method": "z3 nlsat: negation unsatisfiable", "relation": claim.relation,
            "lhs": sympy.srepr(claim.lhs), "rhs": sympy.srepr(claim.rhs), "split": [], "steps": []}


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


@pytest.mark.parametrize("make", [written], ids=["written"])
@pytest.mark.parametrize("claim", GENUINE, ids=[c.name for c in GENUINE])
def test_the_checker_accepts_the_certificates(claim, make):
    result = check_certificate(make(claim), claim)
    assert result.accepted, result.reason
    assert any("closed by z3" in line for line in result.checked)


@pytest.mark.parametrize("make", [written], ids=["written"])
@pytest.mark.parametrize("plain", [Symbol("x", real=True), Symbol("x"), Symbol("x", rational=True)])
def test_a_certificate_copied_to_a_symbol_without_the_assumption_is_rejected(plain, make):
    cert = make(Claim("irrational", floor(x_irr), x_irr, relation="!="))
    forged = json.loads(json.dumps(cert).replace("Symbol('x', irrational=True)",
                                                 sympy.srepr(plain).replace('"', "'")))
    assert "irrational" not in json.dumps(forged)
    claim = Claim("plain", floor(plain), plain, relation="!=")
    for handed in (forged, cert):
        result = check_certificate(handed, claim)
        assert not result.accepted, result.reason


@pytest.mark.parametrize("make", [written], ids=["written"])
def test_an_odd_proof_is_rejected_for_an_integer_symbol(make):
    cert = make(Claim("odd", 2 * floor(j_odd / 2), j_odd - 1))
    j = Symbol("j", integer=True)
    forged = json.loads(json.dumps(cert).replace("Symbol('j', odd=True)", "Symbol('j', integer=True)"))
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
    claim = Claim("floor of exp", floor(sympy.log(x_real ** 2 + 1)), x_real ** 2, relation="<=")
    result = check_certificate(written(claim), claim)
    assert not result.accepted and "outside what the checker" in result.reason
