"""Checking one answer: verdicts, exact counterexamples, hints, and matrices that do not commute."""
from fractions import Fraction

import pytest

from symcheck.grade import check_answer, prepare_question
from symcheck.grade.verdict import (EQUIVALENT, ILL_TYPED, NOT_EQUIVALENT, REJECTED, UNPARSEABLE, AnswerVerdict)

RIDGE = prepare_question(r"(X^\top X + \lambda I)^{-1} X^\top y", "X: n×d, y: n, lambda>0")
LOSS = prepare_question(r"\|y - Xw\|^2 + \lambda \|w\|^2", "X: n×d, y: n, w: d, lambda>0")
SQUARE = prepare_question(r"A B", "A: n×n, B: n×n")


def check(question, answer):
    return check_answer(question, answer, isolate=False)


@pytest.mark.parametrize("answer", [
    r"X^\top (X X^\top + \lambda I)^{-1} y",            # push-through
    r"\left(X^T X+\lambda I_d\right)^{-1} (y^T X)^T",   # transposes reordered legally
    r"(\lambda I + X^TX)^{-1}X^Ty",
])
def test_right_answers_written_differently_are_equivalent(answer):
    verdict = check(RIDGE, answer)
    assert verdict.status == EQUIVALENT, verdict.describe()
    assert verdict.correct and verdict.counterexample is None


@pytest.mark.parametrize("answer", [
    r"(y-Xw)^T(y-Xw) + \lambda w^T w",
    r"y^Ty - 2 w^T X^T y + w^T (X^TX + \lambda I) w",
    r"\|Xw - y\|_2^2 + \lambda w^\top w",
])
def test_expanded_quadratic_forms_are_equivalent(answer):
    assert check(LOSS, answer).status == EQUIVALENT


@pytest.mark.parametrize("answer, hint", [
    (r"2(X^T X + \lambda I)^{-1} X^T y", "off by a factor 2: twice the reference"),
    (r"-(X^T X + \lambda I)^{-1} X^T y", "sign: the negative of the reference"),
    (r"(X^T X)^{-1} X^T y", "missing λ"),
    (r"(X^T X + \lambda I) X^T y", "an inverse is missing"),
])
def test_wrong_answers_get_an_exact_counterexample_and_a_hint(answer, hint):
    verdict = check(RIDGE, answer)
    assert verdict.status == NOT_EQUIVALENT
    assert verdict.hint == hint
    cx = verdict.counterexample
    assert set(cx) == {"dims", "values", "lhs", "rhs"} and cx["lhs"] != cx["rhs"]
    for value in cx["values"].values():  # exact: every entry is a rational written as a string
        for entry in (sum(value, []) if isinstance(value, list) else [value]):
            Fraction(entry)


def test_norm_versus_squared_norm():
    verdict = check(LOSS, r"\|y - Xw\| + \lambda \|w\|^2")
    assert verdict.status == NOT_EQUIVALENT
    single = prepare_question(r"\|y - Xw\|^2", "X: n×d, y: n, w: d")
    assert check(single, r"\|y-Xw\|").hint.startswith("the square root of the reference")


def test_matrices_do_not_commute():
    assert check(SQUARE, "B A").status == NOT_EQUIVALENT
    assert check(SQUARE, "B A").hint == "a product in the wrong order (matrices do not commute)"
    assert check(SQUARE, "(B^T A^T)^T").status == EQUIVALENT


def test_xty_is_not_ytx():
    question = prepare_question(r"X^\top y", "X: n×d, y: n")
    verdict = check(question, r"y^\top X")
    assert verdict.status == ILL_TYPED
    assert "1×d" in verdict.detail and verdict.hint == "the transpose of the reference"
    assert check(question, r"(y^\top X)^\top").status == EQUIVALENT


def test_identity_is_the_identity():
    question = prepare_question(r"X^\top X + \lambda I", "X: n×d, lambda>0")
    assert check(question, r"X^T X + \lambda I_d").status == EQUIVALENT
    assert check(question, r"X^T X + \lambda").status in (ILL_TYPED, NOT_EQUIVALENT, UNPARSEABLE)
    assert check(question, r"X^T X + \lambda I_n").status in (ILL_TYPED, UNPARSEABLE)


def test_ill_typed_answer_says_where():
    verdict = check(RIDGE, r"(X^TX+\lambda I)^{-1}y^TX")
    assert verdict.status == ILL_TYPED and "ill-typed" in verdict.detail


def test_unparseable_and_undeclared():
    assert check(RIDGE, r"(X^T X + \lambda I)^{-1} X^T z").status == UNPARSEABLE
    assert check(RIDGE, r"\frac{1}{").status == UNPARSEABLE
    assert check(RIDGE, "   ").status == UNPARSEABLE


def test_huge_exponent_is_rejected_not_computed():
    question = prepare_question("x^2", "x: scalar")
    verdict = check(question, r"x^{10^{10^{10}}}")
    assert verdict.status == REJECTED and "exponent" in verdict.detail


def _chain(base: str, exponents: list[int], wrap: str) -> str:
    """base^{e1}, then each further exponent applied to the whole, through a wrapper (T, 2·, +1, none)."""
    text = base
    for k, e in enumerate(exponents):
        text = f"({text})^{{{e}}}" if k == 0 or wrap == "" else \
            {"T": f"(({text})^T)^{{{e}}}", "2": f"(2 {text})^{{{e}}}", "+": f"({text} + 1)^{{{e}}}"}[wrap]
    return text


@pytest.mark.parametrize("wrap", ["", "T", "2", "+"])
@pytest.mark.parametrize("exponents", [[64, 64, 64], [8, 8, 2], [2, 2, 2, 2, 2, 2, 2], [65], [4, 4, 4], [8, 8],
                                       [2, 32], [64]])
def test_nested_powers_are_rejected_like_one_large_exponent(wrap, exponents):
    product = 1
    for e in exponents:
        product *= e
    scalar = prepare_question("x^2", "x: scalar")
    verdict = check(scalar, _chain("x", exponents, wrap))
    if product > 64:
        assert verdict.status == REJECTED and "64" in verdict.detail, verdict.describe()
    else:
        assert verdict.status != REJECTED, verdict.describe()
    if wrap in ("", "2"):  # the same chains of matrix powers
        square = prepare_question("A^2", "A: n×n")
        verdict = check(square, _chain("A", exponents, wrap))
        assert (verdict.status == REJECTED) == (product > 64), verdict.describe()


def test_fractional_exponents_in_a_chain_count_by_their_size():
    scalar = prepare_question("x^2", "x: scalar")
    assert check(scalar, r"(x^{1/2})^{64}").status != REJECTED
    assert check(scalar, r"\sqrt{x^{64}}^{64}").status == REJECTED


def test_isolated_check_gives_the_same_verdict():
    verdict = check_answer(RIDGE, r"X^\top (X X^\top + \lambda I)^{-1} y", timeout=20)
    assert verdict.status == EQUIVALENT and verdict.seconds > 0


def test_reference_in_latex_with_declarations():
    verdict = check_answer(r"2X^\top(Xw - y)", r"2X^\top X w - 2X^\top y", "X: n×d, y: n, w: d", isolate=False)
    assert verdict.status == EQUIVALENT


def test_verdict_json_round_trip():
    verdict = check(RIDGE, r"2(X^T X + \lambda I)^{-1} X^T y")
    again = AnswerVerdict.from_json(verdict.to_json())
    assert again == verdict
    with pytest.raises(ValueError):
        AnswerVerdict(NOT_EQUIVALENT)  # a wrong verdict needs its counterexample
