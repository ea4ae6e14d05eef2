"""Text that leaves symcheck: numbers of any size print (exactly, or as leading digits and a count),
matrices are lists of rows whatever their size, and user text never carries terminal controls."""
import json
import random
import sys

import pytest
import sympy
from sympy import Integer, Matrix, Rational, Symbol

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
