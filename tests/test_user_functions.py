"""A function the claim defines itself is an arbitrary function, whatever its name (regression).

The matrix prover and the checker give a few function names a meaning (exp is positive and
exp(-u) = 1/exp(u), √ of a Gram trace is its root, log(exp(u)) = u, `pow_k` is the atom of bᵏ).
A claim's own `Function("exp")` (or a `Function` subclass named exp) used to be read as SymPy's
exp, so false claims about it were proved, with certificates the checker accepted.
"""
from __future__ import annotations

import time

import pytest
import sympy
from sympy import Function, MatrixSymbol, Trace, exp, symbols

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.engine import decide_claim, problem_from_claim, prove
from symcheck.model.function_names import function_atom_name

from test_checker import certificate

n = symbols("n", integer=True, positive=True)
k = symbols("k", integer=True, nonnegative=True)
x = symbols("x", real=True)
A, B = MatrixSymbol("A", n, n), MatrixSymbol("B", n, n)


def undefined(name):
    return Function(name)


def subclass(name):
    return type(name, (Function,), {})


MAKERS = [undefined, subclass]


def logistic_claim(f):
    """f(x)/(1 + f(x))·A = A/(1 + f(-x)): true for exp, false for an arbitrary f."""
    return Claim("logistic", f(x) / (1 + f(x)) * A, A / (1 + f(-x)))


def false_for_an_arbitrary_function(name, f):
    t = Trace(A.T * A)
    return {
        "exp": logistic_claim(f),
        "log": Claim("log of exp", f(exp(Trace(A))) * B, Trace(A) * B),
        "sqrt": Claim("root of a Gram trace", f(t) ** 2 * A, t * A),
        "pow_k": Claim("power atom", f(x) * A, x ** k * A),
    }[name]


@pytest.mark.parametrize("make", MAKERS, ids=["Function(name)", "subclass"])
@pytest.mark.parametrize("name", ["exp", "log", "sqrt", "pow_k"])
def test_a_claims_own_function_is_not_given_a_builtin_meaning(name, make):
    """No prover proves it, however long it is given (the refuter, which cannot choose the function's
    values, is left out: it would only run to its time limit)."""
    evidence = []
    verdict = prove(problem_from_claim(false_for_an_arbitrary_function(name, make(name))),
                    time.monotonic() + 30, evidence)
    assert verdict is None or verdict.status != "proved", verdict
    assert evidence, "every prover was tried and said why it did not prove the claim"


def test_the_same_claim_with_sympys_exp_is_proved():
    assert decide_claim(logistic_claim(exp), timeout=20).status == "proved"


@pytest.mark.parametrize("make", MAKERS, ids=["Function(name)", "subclass"])
def test_the_checker_rejects_a_certificate_of_exp_for_a_claims_own_exp(make):
    true_claim, look_alike = logistic_claim(exp), logistic_claim(make("exp"))
    cert = certificate(true_claim)
    assert check_certificate(cert, true_claim).accepted
    result = check_certificate(cert, look_alike)
    assert not result.accepted, result


def test_atom_names_are_one_to_one():
    assert function_atom_name(exp(x)) == "exp" and function_atom_name(sympy.Abs(x)) == "Abs"
    assert function_atom_name(Function("exp")(x)) == "user:exp"
    assert function_atom_name(subclass("exp")(x)) == "user:exp"
    assert function_atom_name(Function("user:exp")(x)) == "user:user:exp"
    assert function_atom_name(Function("f")(x)) == "user:f"
