"""symcheck.model.show writes exactly what sympy.sstr writes: signed matrix products, and claims, their parts and
their derivatives from a sample of claim files."""
from __future__ import annotations

from pathlib import Path

import pytest
import sympy
from sympy import Identity, Inverse, MatrixSymbol, Rational, Trace, Transpose, symbols

from symcheck.loader import load_claim_file
from symcheck.model.show import show
from symcheck.prove.reductions.derivative import replace_derivatives

ROOT = Path(__file__).resolve().parents[1]
n = symbols("n", integer=True, positive=True)
c = symbols("c", real=True)
A, B = MatrixSymbol("A", n, n), MatrixSymbol("B", n, n)
x = MatrixSymbol("x", n, 1)

PRODUCTS = [
    -A * B, -2 * A * B, Rational(-1, 2) * A.T * B, c * A * B, -c * A * B, (-c) * A * B, Transpose(-A * B),
    Inverse(-3 * A * B), (A * B).T * x, -(A + B) * B, Trace(-A * B) * (-x.T * A * x), (-A * B) ** 2,
    (Identity(n) - A * B).inverse() * (-x), -x.T * (A - 2 * B) * x, sympy.HadamardProduct(-A * B, B),
]


@pytest.mark.parametrize("expr", PRODUCTS, ids=str)
def test_signed_products_are_written_as_sstr_writes_them(expr):
    assert show(expr) == sympy.sstr(expr)


SAMPLED_FILES = ["matrix_calculus.py", "backprop.py", "least_squares.py", "vector_calculus.py"]


def test_claims_their_parts_and_their_derivatives_are_written_as_sstr_writes_them():
    shown = 0
    for path in [ROOT / "claims" / name for name in SAMPLED_FILES]:
        for claim in load_claim_file(str(path)).claims:
            for side in (claim.lhs, claim.rhs):
                if not isinstance(side, sympy.Basic):
                    continue
                exprs = [side]
                if side.has(sympy.Derivative):
                    try:
                        exprs.append(replace_derivatives(side, claim.layout or "numerator"))
                    except Exception:  # noqa: BLE001 - a derivative the reduction declines: the side alone
                        pass
                for expr in exprs:
                    for part in list(sympy.preorder_traversal(expr))[:6]:
                        assert show(part) == sympy.sstr(part), part
                        shown += 1
    assert shown > 200
