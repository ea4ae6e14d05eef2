"""exp and log (issue 13 item 8): exp(u)·exp(−u) = 1 in the matrix prover and in both checkers, logistic losses.

The matrix prover keeps one atom for exp(u) and exp(−u) (exp(−u) = 1/exp(u)); the checker's
re-translation finds exp(−u) as the reciprocal of the certificate's atom exp[u]; the scalar
checker makes exp(u) a positive indeterminate E and exp(−u) its reciprocal 1/E.
"""
from __future__ import annotations

import copy

import pytest
import sympy
from sympy import Derivative, Gt, MatrixSymbol, Trace, exp, log, symbols

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.certify.ncpoly import Rejected
from symcheck.certify.scalar_check import _exp_atoms
from symcheck.certify.view import ClaimView
from symcheck.engine import decide_claim
from symcheck.prove.matrix.atoms import AtomTable
from symcheck.prove.matrix.ncalg import Alphabet, ScalarField

from test_checker import certificate

a, b, z, y = symbols("a b z y", real=True)
n = symbols("n", integer=True, positive=True)
x, w = MatrixSymbol("x", n, 1), MatrixSymbol("w", n, 1)
m = Trace(w.T * x)


def sigma(t):
    return 1 / (1 + exp(-t))


def test_the_prover_keeps_one_atom_for_exp_u_and_exp_minus_u():
    fld = ScalarField([a, b])
    atoms = AtomTable(Alphabet(), fld)
    u = fld.gen(a) * fld.gen(b)
    e = atoms.function("exp", (-u,), {"positive": True})
    assert atoms.function("exp", (u,), {"positive": True}) * e == fld.one
    assert len(atoms.infos) == 1
    assert atoms.function("exp", (u + fld.one,)) * e != fld.one       # exp(ab + 1) is another atom


def test_the_scalar_checker_reads_exp_as_a_positive_indeterminate():
    view = ClaimView.of(Claim("c", exp(a) * exp(-a - b), 1))
    lhs, rhs, positive = _exp_atoms(exp(-a) * (1 + exp(a)), exp(a - b), view)
    e0, e1 = sorted(positive[0].free_symbols | positive[1].free_symbols, key=str)
    assert sympy.simplify(lhs - (1 + e0) / e0) == 0 and rhs == e0 / e1    # exp(a − b) = exp(a)·exp(−b)
    assert all(isinstance(p, Gt) for p in positive)
    with pytest.raises(Rejected):
        _exp_atoms(exp(sympy.sqrt(a)), sympy.S.One, view)       # exp of a root: outside
    with pytest.raises(Rejected):
        _exp_atoms(exp(exp(a)), sympy.S.One, view)


@pytest.mark.parametrize("e0", [symbols("exp_0", real=True), sympy.Dummy("exp_0", real=True)], ids=["symbol", "dummy"])
def test_an_indeterminate_name_never_captures_a_claim_symbol(e0):
    view = ClaimView.of(Claim("c", exp(a) + e0, 1))
    _lhs, _rhs, positive = _exp_atoms(exp(a) + e0, sympy.S.One, view)
    assert all(p.lhs.name != e0.name for p in positive)
    view = ClaimView.of(Claim("c", exp(a), 1, assume=[sympy.Q.positive(e0)]))
    _lhs, _rhs, positive = _exp_atoms(exp(a), sympy.S.One, view)
    assert all(p.lhs.name != e0.name for p in positive)


CLAIMS = [
    (Claim("sigma'", Derivative(sigma(z), z), sigma(z) * (1 - sigma(z))), "proved"),
    (Claim("sigma' twin", Derivative(sigma(z), z), sigma(z) ** 2), "refuted"),
    (Claim("logistic grad", Derivative(log(1 + exp(-y * m)), w), -y * sigma(-y * m) * x.T), "proved"),
    (Claim("logistic grad twin", Derivative(log(1 + exp(-y * m)), w), -y * sigma(y * m) * x.T), "refuted"),
    (Claim("exp(u) exp(-u) x = x", exp(y * m) * exp(-y * m) * x, x), "proved"),
    (Claim("exp(u) exp(-u) x = 2x", exp(y * m) * exp(-y * m) * x, 2 * x), "refuted"),
]


@pytest.mark.parametrize("claim, expected", CLAIMS, ids=[c.name for c, _ in CLAIMS])
def test_exp_claims_are_decided(claim, expected):
    assert decide_claim(claim, timeout=30).status == expected


@pytest.mark.parametrize("claim, twin", [
    (Claim("sigma'", Derivative(sigma(z), z), sigma(z) * (1 - sigma(z))),
     Claim("sigma' twin", Derivative(sigma(z), z), sigma(z) * (1 + sigma(z)))),
    (Claim("1 - sigma", 1 - sigma(z), sigma(-z)), Claim("1 - sigma twin", 1 - sigma(z), sigma(z))),
    (Claim("logistic grad", Derivative(log(1 + exp(-y * m)), w), -y * sigma(-y * m) * x.T),
     Claim("logistic grad twin", Derivative(log(1 + exp(-y * m)), w), -y * sigma(y * m) * x.T)),
    (Claim("cross-entropy grad", Derivative(-y * log(sigma(m)) - (1 - y) * log(1 - sigma(m)), w),
           (sigma(m) - y) * x.T),
     Claim("cross-entropy twin", Derivative(-y * log(sigma(m)) - (1 - y) * log(1 - sigma(m)), w),
           (y - sigma(m)) * x.T)),
], ids=["sigma-prime", "one-minus-sigma", "logistic-gradient", "cross-entropy"])
def test_exp_certificates_are_accepted_and_not_for_the_twin(claim, twin):
    cert = certificate(claim)
    result = check_certificate(cert, claim)
    assert result.accepted, result.reason
    assert not check_certificate(cert, twin).accepted


def test_a_forged_exp_atom_is_rejected():
    """The logistic gradient's certificate with its exp atom renamed to log: exp(−u) no longer has an atom."""
    claim = CLAIMS[2][0]
    cert = certificate(claim)
    forged = copy.deepcopy(cert)
    changed = False
    for sub in [forged, *[o.get("certificate", {}) for o in forged.get("obligations", [])]]:
        for g in sub.get("field", {}).get("generators", []):
            if g.get("atom", {}).get("function") == "exp":
                g["atom"]["function"], changed = "log", True
    assert changed
    assert not check_certificate(forged, claim).accepted


# -- exp inequalities: the tangent line of the whole exponent reaches z3 -------------------------------------------

EXP_BOUNDS = [
    (exp(a - 1), a, ">=", []),                           # e^(a-1) >= a: exp(a - 1) kept whole, not exp(a)/e
    (exp(-a), 1 - a, ">=", []),
    (exp(a + b), 1 + a + b, ">=", []),                  # exp of a sum: the product of its terms' exps
    (exp(-a), 1 / (1 + a), "<=", [a > -1]),              # exp(-a) = 1/exp(a) and exp(a) >= 1 + a
]


@pytest.mark.parametrize("lhs, rhs, relation, assume", EXP_BOUNDS)
def test_exp_tangent_line_bounds_are_proved_and_their_certificates_accepted(lhs, rhs, relation, assume):
    from symcheck.certify.checker import check_certificate
    from symcheck.engine import decide_claim

    claim = Claim("c", lhs, rhs, relation=relation, assume=assume)
    verdict = decide_claim(claim, 10.0)
    assert verdict.status == "proved", verdict.detail
    result = check_certificate(verdict.certificate, claim)
    assert result.accepted, result.reason


@pytest.mark.parametrize("lhs, rhs, relation, assume", [
    (exp(a - 1), a + sympy.Rational(1, 10), ">=", []),   # false at a = 1
    (exp(-a), 1 - 2 * a, "<=", []),
    (exp(a + b), 1 + a + b + sympy.Rational(1, 10), ">=", []),
    (exp(-a), 1 / (1 + a), ">=", [a > -1]),
])
def test_their_false_twins_are_refuted(lhs, rhs, relation, assume):
    from symcheck.engine import decide_claim

    verdict = decide_claim(Claim("c", lhs, rhs, relation=relation, assume=assume), 10.0)
    assert verdict.status == "refuted", verdict.detail
