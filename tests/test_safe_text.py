"""Text that leaves symcheck: numbers of any size print (exactly, or as leading digits and a count),
matrices are lists of rows whatever their size, and user text never carries terminal controls."""
import json
import random
import sys

import pytest
import sympy
from sympy import Integer, Matrix, Rational, Symbol

from forked_cli import run_module  # tests/forked_cli.py
from symcheck.safe_text import digit_count, integer_text, printable, sympy_text
from symcheck.verdict import Counterexample, exact_str


@pytest.fixture
def unlimited_str():
    """Python's own str() as the reference, with its digit limit lifted for the comparison only."""
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    yield
    sys.set_int_max_str_digits(old)


@pytest.mark.parametrize("digits", [1, 4299, 4300, 4301, 5000, 12_000, 40_000])
def test_integers_of_any_length_up_to_the_limit_are_written_exactly(digits, unlimited_str):
    rng = random.Random(digits)
    for n in (10 ** (digits - 1), 10 ** digits - 1, rng.randrange(10 ** (digits - 1), 10 ** digits)):
        for signed in (n, -n):
            assert integer_text(signed) == str(signed)
            assert digit_count(signed) == digits


def test_past_the_limit_an_integer_is_its_leading_digits_and_its_count(unlimited_str):
    n = 7 ** 20_000
    shown = integer_text(n, max_digits=1000)
    assert shown == f"{str(n)[:20]}…({len(str(n))} digits)"
    assert integer_text(-n, max_digits=1000).startswith("-" + str(n)[:20])


@pytest.mark.parametrize("value", [Integer(10) ** 5000, -Integer(3) ** 9000, Rational(1, 7 ** 6000),
                                   Rational(11 ** 5000, 13 ** 5000), Symbol("a") * 10 ** 5000 + 1,
                                   Matrix([[10 ** 5000, 1], [0, -(2 ** 20000)]])])
def test_any_sympy_value_with_huge_integers_prints_in_text_and_json(value, unlimited_str):
    exact = exact_str(value)
    assert json.loads(json.dumps(exact)) == exact
    cx = Counterexample({}, {"v": value}, value, 0)
    text = cx.describe()
    assert "digits)" in text
    if not isinstance(value, sympy.MatrixBase) and value.is_number:
        assert exact == str(value)   # under 100,000 digits JSON stays exact


def test_a_matrix_value_is_a_list_of_rows_1x1_included_and_scalars_stay_strings():
    cx = Counterexample({"n": 1}, {"A": Matrix([[3]]), "x": Matrix([[Rational(1, 2)]]), "lam": Rational(2, 3)},
                        Matrix([[1]]), Integer(5))
    data = cx.to_json()
    assert data["values"] == {"A": [["3"]], "x": [["1/2"]], "lam": "2/3"}
    assert data["lhs"] == [["1"]] and data["rhs"] == "5"
    assert exact_str(Matrix([[1, 2]])) == [["1", "2"]] and exact_str(Matrix([[1], [2]])) == [["1"], ["2"]]
    assert "A = [[3]]" in cx.describe()


def test_text_already_made_is_never_parsed():
    assert sympy_text("__import__('os').system('echo hi')") == "__import__('os').system('echo hi')"


@pytest.mark.parametrize("hostile", ["\x1b[2J\x1b[31mred", "\x1b]8;;http://evil\x07link\x1b]8;;\x07",
                                     "over\rwrite", "bell\x07", "\x9b31m", "rtl\u202egnp.exe", "del\x7f"])
def test_control_characters_are_removed_from_user_text(hostile):
    shown = printable(hostile)
    assert not any(ord(c) < 32 or 0x7f <= ord(c) <= 0x9f for c in shown if c not in "\n\t")
    assert "\u202e" not in shown


def test_printable_keeps_newlines_unless_one_line():
    assert printable("a\nb") == "a\nb" and printable("a\nb", one_line=True) == "a b"


# ---- end to end: run and verify print huge numbers in text, JSON and HTML --------------------------

import textwrap  # noqa: E402

HUGE_CLAIMS = """
    from sympy import Integer, Matrix, MatrixSymbol, symbols
    from symcheck import Claim
    a = symbols("a")
    A = MatrixSymbol("A", 2, 2)
    B = MatrixSymbol("B", 1, 1)
    side = Claim("huge side", Integer(10) ** 5000 + a, a, expect="refuted")
    value = Claim("huge value", a ** 2, a * Integer(10) ** 5000, expect="refuted")
    matrix = Claim("huge matrix", A * Matrix([[Integer(10) ** 5000, 0], [0, 1]]), A, expect="refuted")
    one_by_one = Claim("1x1 matrix", B * B.T, 2 * B, expect="refuted")
"""


def test_run_reports_huge_numbers_in_json_and_text_and_1x1_matrices_as_rows(claim_dir, unlimited_str):
    folder = claim_dir(huge=HUGE_CLAIMS)
    run = run_module("symcheck", ["run", str(folder), "--json", "--timeout", "20"], timeout=300)
    doc = json.loads(run.stdout)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    by_name = {r["name"]: r for r in doc["results"]}
    assert by_name["huge side"]["counterexample"]["lhs"] == str(10 ** 5000)
    assert str(10 ** 5000) in json.dumps(by_name["huge value"]["counterexample"])
    assert by_name["huge matrix"]["counterexample"]["lhs"][0][0] == str(10 ** 5000)
    cx = by_name["1x1 matrix"]["counterexample"]
    assert isinstance(cx["values"]["B"], list) and isinstance(cx["values"]["B"][0], list)
    assert isinstance(cx["lhs"], str) and isinstance(cx["rhs"], str)   # a 1×1 expression is a scalar (CONTRACT §1)
    text = run_module("symcheck", ["run", str(folder), "--timeout", "20"], timeout=300)
    assert text.returncode == 0 and "10000000000000000000…(5001 digits)" in text.stdout


def test_verify_reports_huge_numbers_in_text_json_and_html(tmp_path, unlimited_str):
    doc = tmp_path / "big.md"
    doc.write_text(textwrap.dedent("""
        # big
        ```symcheck
        a: scalar
        ```

        $$a + 10^{4400} = a$$
    """), encoding="utf-8")
    page = tmp_path / "big.html"
    for extra in ([], ["--json"]):
        run = run_module("symcheck", ["verify", str(doc), "--html", str(page), *extra], timeout=300)
        assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
        if extra:
            step = json.loads(run.stdout)["steps"][0]
            assert step["status"] == "refuted" and step["counterexample"]["lhs"] == str(10 ** 4400)
        else:
            assert "(4401 digits)" in run.stdout
    assert "(4401 digits)" in page.read_text(encoding="utf-8")
