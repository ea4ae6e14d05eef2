"""Two different symbols of one claim may not share a name (regression).

SymPy keeps `Symbol("x", positive=True)` and `Symbol("x", real=True)`, or an n×n and an m×n
`MatrixSymbol("X")`, apart; symcheck's counterexamples and their exact re-check name values by
the symbol's name, so such a claim used to end `unknown` with "the counterexample did not survive
the re-check" (and a report saying x = 1 could not say which x). It is now an `error` that names
the clashing declarations.
"""
from __future__ import annotations

import pytest
import sympy
from sympy import Abs, Dummy, Identity, MatrixSymbol, Symbol, Trace, symbols

from symcheck import Claim
from symcheck.engine import decide_claim

n, m = symbols("n m", integer=True, positive=True)
X = MatrixSymbol("X", n, n)

CLASHES = {
    "scalars with different assumptions": Claim("c", Abs(Symbol("x", positive=True)), Symbol("x", real=True)),
    "matrices with different shapes": Claim("c", X.T * X, MatrixSymbol("X", m, n).T * MatrixSymbol("X", m, n)),
    "dimensions with different assumptions": Claim("c", Trace(Identity(n)),
                                                   Trace(Identity(Symbol("n", integer=True, nonnegative=True)))),
    "two dummies": Claim("c", Dummy("y", real=True) * X, Dummy("y", real=True) * X),
}


@pytest.mark.parametrize("claim", CLASHES.values(), ids=CLASHES.keys())
def test_a_name_shared_by_two_symbols_is_an_error_naming_them(claim):
    verdict = decide_claim(claim, timeout=5)
    assert verdict.status == "error", verdict
    assert "different symbols are named" in verdict.detail and "give them different names" in verdict.detail


def test_a_matrix_and_a_scalar_may_share_a_name():
    """The cookbook's vector d of size d: matrices and scalars are told apart by kind."""
    d = symbols("d", integer=True, positive=True)
    v = MatrixSymbol("d", d, 1)
    assert decide_claim(Claim("c", v.T * v * Identity(1), Trace(v * v.T) * Identity(1)), timeout=20).status == "proved"


def test_one_symbol_used_many_times_is_fine():
    x = Symbol("x", positive=True)
    assert decide_claim(Claim("c", Abs(x) * X + x * X, 2 * x * X), timeout=20).status == "proved"


def test_two_functions_the_claim_defines_with_one_name_are_an_error():
    """f real and f with no assumptions (or two Function subclasses named f) are two arbitrary functions;
    the matrix prover and the checker name both atoms user:f, so they would be taken for one."""
    x = Symbol("x", real=True)
    f1, f2 = sympy.Function("f", real=True), sympy.Function("f")
    verdict = decide_claim(Claim("c", f1(x) * X, f2(x) * X), timeout=5)
    assert verdict.status == "error" and "different symbols are named 'f'" in verdict.detail, verdict
    g1, g2 = type("g", (sympy.Function,), {}), type("g", (sympy.Function,), {})
    assert decide_claim(Claim("c", g1(x) * X, g2(x) * X), timeout=5).status == "error"
    assert decide_claim(Claim("c", f2(x) * X, f2(x) * X), timeout=5).status == "proved"
