"""Derivatives through element-wise products, powers and smooth element-wise functions of vectors:
the prover's rules (`prove.reductions.derivative`), the checker's own re-derivation
(`certify.calculus`), and a certificate whose derivative was tampered with is rejected."""
from __future__ import annotations

import copy
import time

import pytest
from sympy import Derivative, DiagMatrix, HadamardPower, HadamardProduct, Max, MatrixSymbol, Symbol, symbols, tanh
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.engine import problem_from_claim, prove
from symcheck.prove.reductions.derivative import NotDifferentiable, derivative
from symcheck.refute.search import search

p, m = symbols("p m", integer=True, positive=True)
a, b, g = (MatrixSymbol(name, p, 1) for name in ("a", "b", "g"))
W, x = MatrixSymbol("W", p, m), MatrixSymbol("x", m, 1)
S, T = MatrixSymbol("S", p, p), MatrixSymbol("T", p, p)


def _proved(claim: Claim) -> dict:
    verdict = prove(problem_from_claim(claim), time.monotonic() + 30, [])
    assert verdict is not None and verdict.status == "proved", verdict and verdict.detail
    return verdict.certificate


def test_the_product_rule_for_vectors_is_a_product_with_diag():
    assert derivative(g.T * HadamardProduct(a, b), b, "numerator") == g.T * DiagMatrix(a)
    assert derivative(HadamardProduct(a, b), b, "numerator") == DiagMatrix(a)


def test_an_elementwise_function_brings_its_derivative_entrywise():
    value = derivative(W * x, x, "numerator")
    assert value == W
    d = derivative(g.T * (W * x).applyfunc(tanh), x, "numerator")
    diag, = d.atoms(DiagMatrix)
    slope = diag.args[0]
    assert isinstance(slope, ElementwiseApplyFunction) and slope.expr == W * x
    (var,), body = slope.function.variables, slope.function.expr
    assert body == 1 - tanh(var) ** 2
    assert d == g.T * diag * W


@pytest.mark.parametrize("expr, var", [
    (HadamardProduct(S, T), T),                                   # matrices: a higher-order rule, not supported
    (g.T * (W * x).applyfunc(lambda u: Max(u, 0)), x),            # ReLU: not differentiable where an entry is 0
    (g.T * HadamardPower(a, Symbol("r")), a),                     # a symbolic element-wise power
])
def test_outside_the_rules_nothing_is_guessed(expr, var):
    with pytest.raises(NotDifferentiable):
        derivative(expr, var, "numerator")


TRUE = [
    Claim("product rule", Derivative(g.T * HadamardProduct(a, b), b), HadamardProduct(g, a), layout="denominator"),
    Claim("square", Derivative(g.T * HadamardProduct(a, a), a), 2 * HadamardProduct(g, a), layout="denominator"),
    Claim("cube", Derivative(g.T * HadamardPower(a, 3), a), 3 * HadamardProduct(g, HadamardPower(a, 2)),
          layout="denominator"),
    Claim("tanh", Derivative(g.T * (W * x).applyfunc(tanh), W),
          HadamardProduct(g, (W * x).applyfunc(lambda u: 1 - tanh(u) ** 2)) * x.T, layout="denominator"),
    Claim("row vectors", Derivative(HadamardProduct(a.T, b.T) * g, b), HadamardProduct(a, g), layout="denominator"),
]


@pytest.mark.parametrize("claim", TRUE, ids=lambda c: c.name)
def test_backprop_identities_are_proved_and_the_checker_rederives_them(claim):
    result = check_certificate(_proved(claim), claim)
    assert result.accepted, result.reason


@pytest.mark.parametrize("claim", [
    Claim("one term", Derivative(g.T * HadamardProduct(a, a), a), HadamardProduct(g, a), layout="denominator"),
    Claim("wrong factor", Derivative(g.T * HadamardProduct(a, b), b), HadamardProduct(g, b), layout="denominator"),
    Claim("cube, exponent kept", Derivative(g.T * HadamardPower(a, 3), a), 3 * HadamardProduct(g, HadamardPower(a, 3)),
          layout="denominator"),
], ids=lambda c: c.name)
def test_false_twins_are_refuted(claim):
    assert search(problem_from_claim(claim), time.monotonic() + 30).status == "refuted"


def test_a_tampered_derivative_is_rejected():
    claim = TRUE[0]
    cert = copy.deepcopy(_proved(claim))
    name_a, name_b = "MatrixSymbol(Str('a')", "MatrixSymbol(Str('b')"
    obligation = cert["obligations"][0]
    assert name_a in obligation["lhs"]
    # the derivative with the wrong factor (diag(b) for diag(a)), on both sides so the sub-proof still holds
    for key in ("lhs", "rhs"):
        obligation[key] = obligation[key].replace(name_a, "@").replace(name_b, name_a).replace("@", name_b)
    for key in ("lhs", "rhs"):
        cert["data"][key] = obligation[key]
    result = check_certificate(cert, claim)
    assert not result.accepted
