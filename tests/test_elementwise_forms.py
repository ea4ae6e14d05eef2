"""An element-wise function is named by a normal form of its body (model/elementwise.py), so an activation's
derivative is matched however it is written (1 - tanh², sech², 1/cosh²; σ(1 - σ) or e⁻ᵗ/(1 + e⁻ᵗ)²), by the
matrix prover and by the checker alike; different functions keep different names."""
from __future__ import annotations

import copy
import json

import pytest
import sympy
from sympy import Derivative, HadamardProduct, Lambda, MatrixSymbol, cosh, exp, log, sech, symbols, tanh

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.engine import decide_claim
from symcheck.model.elementwise import function_key

t, u = symbols("t u", real=True)


def sigmoid(z):
    return 1 / (1 + exp(-z))


EQUAL = {   # each group: one function written several ways (the first as SymPy's diff writes it)
    "tanh'": [sympy.diff(tanh(t), t), 1 - tanh(t) ** 2, sech(t) ** 2, 1 / cosh(t) ** 2],
    "sigmoid'": [sympy.diff(sigmoid(t), t), sigmoid(t) * (1 - sigmoid(t)), exp(t) / (1 + exp(t)) ** 2],
    "softplus'": [sympy.diff(log(1 + exp(t)), t), sigmoid(t), exp(t) / (exp(t) + 1)],
    "cubic'": [sympy.diff(t ** 3 / 3 + t, t), (t + 1) ** 2 - 2 * t],
    "exp(2t)": [exp(2 * t), exp(t) ** 2, exp(t) * exp(t)],
    "sinh": [sympy.sinh(t), (exp(t) - exp(-t)) / 2],
}
DIFFERENT = [tanh(t), 1 - tanh(t) ** 2, 1 + tanh(t) ** 2, sigmoid(t), sigmoid(t) * (1 + sigmoid(t)), exp(t), exp(-t),
             exp(t / 2), t ** 2 + 1, t ** 2 - 1, sympy.Max(0, t), sympy.Integer(1), sympy.Integer(2), log(1 + exp(t)),
             sympy.sin(t), sympy.cos(t)]


def key(body):
    return function_key(Lambda(u, body.subs(t, u)))


@pytest.mark.parametrize("name", list(EQUAL))
def test_one_function_written_several_ways_has_one_name(name):
    assert len({key(body) for body in EQUAL[name]}) == 1


def test_different_functions_keep_different_names():
    keys = [key(body) for body in DIFFERENT]
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("body", [b for group in EQUAL.values() for b in group] + DIFFERENT, ids=str)
def test_one_name_means_one_function_on_sample_points(body):
    """Soundness of the name: every body sharing a name with another agrees with it at many points."""
    for other in [b for group in EQUAL.values() for b in group] + DIFFERENT:
        if key(other) != key(body):
            continue
        for point in (-3, -1, sympy.Rational(-1, 3), 0, sympy.Rational(1, 2), 1, 2, 5):
            assert abs(sympy.N((body - other).subs(t, point), 30)) < 1e-25, (body, other, point)


def test_a_body_sympy_cannot_rewrite_is_named_by_its_text():
    body = sympy.Piecewise((t, t > 0), (0, True))
    assert key(body) == sympy.srepr(body.subs(t, sympy.Symbol("_entry_", real=True)))


p, m = symbols("p m", integer=True, positive=True)
W, x, ybar = MatrixSymbol("W", p, m), MatrixSymbol("x", m, 1), MatrixSymbol("ybar", p, 1)
z = W * x


def backprop(f, slope, factor=1) -> Claim:
    return Claim("dL/dW", Derivative(ybar.T * z.applyfunc(f), W),
                 factor * HadamardProduct(ybar, z.applyfunc(slope)) * x.T, layout="denominator")


WRITTEN = [
    (tanh, lambda s: sech(s) ** 2),
    (sigmoid, lambda s: sigmoid(s) * (1 - sigmoid(s))),
]


@pytest.mark.parametrize("f, slope", WRITTEN, ids=["tanh, sech^2", "sigmoid, s(1-s)"])
def test_an_activation_derivative_written_another_way_is_proved_and_checked(f, slope):
    claim = backprop(f, slope)
    verdict = decide_claim(claim, timeout=60)
    assert verdict.status == "proved", verdict
    result = check_certificate(verdict.certificate, claim)
    assert result.accepted, result.reason
    twin = backprop(f, slope, factor=2)
    assert not check_certificate(verdict.certificate, twin).accepted


def test_a_func_letter_with_a_tampered_function_is_rejected():
    claim = backprop(*WRITTEN[1])
    cert = decide_claim(claim, timeout=60).certificate
    text = json.dumps(cert)
    other = key(sigmoid(t) * (1 + sigmoid(t)))
    mine = key(sigmoid(t) * (1 - sigmoid(t)))
    assert json.dumps(mine)[1:-1] in text
    forged = json.loads(text.replace(json.dumps(mine)[1:-1], json.dumps(other)[1:-1]))
    assert not check_certificate(forged, claim).accepted
    assert check_certificate(copy.deepcopy(cert), claim).accepted


def test_a_claims_own_function_is_never_named_as_sympys_function_of_that_name():
    class sin(sympy.Function):  # noqa: N801 - a claim's own function that shares SymPy's name
        pass

    class exp(sympy.Function):  # noqa: N801
        pass

    assert key(sin(t)) != key(sympy.sin(t))
    assert key(sympy.Function("sin")(t)) != key(sympy.sin(t))
    assert key(exp(t)) != key(sympy.exp(t)) and key(exp(t) ** 2) != key(sympy.exp(2 * t))


def test_applying_a_claims_own_sin_is_not_proved_equal_to_applying_sympys_sin():
    """It was: both func letters were named by the same srepr text, so the prover and the checker agreed."""
    class sin(sympy.Function):  # noqa: N801 - an arbitrary function that shares SymPy's name
        pass

    column = MatrixSymbol("a", p, 1)
    claim = Claim("own sin", column.applyfunc(Lambda(t, sin(t))), column.applyfunc(Lambda(t, sympy.sin(t))))
    assert decide_claim(claim, timeout=10).status != "proved"
