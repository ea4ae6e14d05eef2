"""The memo of MatMul/MatAdd.doit while a claim file runs: the same claims, the methods put back."""
import re
import runpy
from pathlib import Path

import pytest
import sympy
from sympy.matrices.expressions import MatAdd, MatMul

from symcheck.build_memo import memoized_matrix_doit
from symcheck.loader import collect_claims, load_claim_file

ROOT = Path(__file__).resolve().parents[1]
HEAVY = [ROOT / "claims" / "block_matrices.py", ROOT / "claims" / "hat_matrix.py",
         ROOT / "claims" / "gaussian_densities.py", ROOT / "benchmarks" / "cookbook" / "s3_inverses.py"]


def _written(claim) -> str:
    """The claim's sides and assumptions as srepr, each Dummy's index dropped (every build makes new ones)."""
    text = sympy.srepr((claim.lhs, claim.rhs, tuple(claim.assume)))
    return re.sub(r"dummy_index=\d+", "dummy_index=_", text)


@pytest.mark.parametrize("path", HEAVY, ids=lambda p: p.name)
def test_a_claim_file_builds_the_same_claims_with_and_without_the_memo(path):
    loaded = load_claim_file(path)  # with the memo
    plain = collect_claims(runpy.run_path(str(path)))  # the file run by Python alone
    assert loaded.error is None and len(loaded.claims) == len(plain) > 0
    assert [_written(c) for c in loaded.claims] == [_written(c) for c in plain]


def test_the_memo_returns_the_same_canonical_form_and_counts_each_expression_once():
    n = sympy.Symbol("n", integer=True, positive=True)
    A, B = sympy.MatrixSymbol("A", n, n), sympy.MatrixSymbol("B", n, n)
    expected = (A * B + B * A) * A.T
    with memoized_matrix_doit() as memo:
        built = (A * B + B * A) * A.T
        assert built == expected and memo
        size = len(memo)
        assert (A * B + B * A) * A.T == expected and len(memo) == size  # built again: every doit was a hit
    assert not memo


def test_a_call_with_other_hints_is_not_answered_from_another_calls_result():
    n = sympy.Symbol("n", integer=True, positive=True)
    A, B = sympy.MatrixSymbol("A", n, n), sympy.MatrixSymbol("B", n, n)
    product = MatMul(A, MatAdd(B, B))
    deep, shallow = product.doit(), product.doit(deep=False)
    assert deep != shallow  # 2·A·B against A·(B + B)
    with memoized_matrix_doit():
        assert product.doit() == deep and product.doit(deep=False) == shallow


def test_the_original_methods_are_back_after_a_file_that_fails_or_replaces_them(tmp_path):
    originals = MatMul.__dict__["doit"], MatAdd.__dict__["doit"]
    failing = tmp_path / "fails.py"
    failing.write_text("from sympy import MatrixSymbol\nA = MatrixSymbol('A', 2, 2)\nB = A * A\nraise ValueError('no')\n")
    assert load_claim_file(failing).error is not None
    hostile = tmp_path / "replaces.py"
    hostile.write_text("from sympy.matrices.expressions import MatMul\nMatMul.doit = lambda self, **h: 0\n")
    load_claim_file(hostile)
    assert (MatMul.__dict__["doit"], MatAdd.__dict__["doit"]) == originals
