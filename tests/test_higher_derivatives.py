"""Second derivatives (issue 11, item 4): a Hessian is an ordinary matrix, so a claim about one is
never an `error`. In numerator layout (the gradient is a row) it is `unknown` — not supported
yet — on every path: `run`, `verify` and `check`; in denominator layout it is decided.
"""
import pytest
from sympy import Derivative, MatrixSymbol, symbols

from symcheck import Claim
from symcheck.engine import decide_claim
from symcheck.grade import check_in_process, prepare_question
from symcheck.model.shapes import IllTyped, NotSupported, shape_of
from symcheck.verify import verify_text

n, d = symbols("n d", integer=True, positive=True)
x = MatrixSymbol("x", n, 1)
M = MatrixSymbol("M", n, n)
X = MatrixSymbol("X", n, d)

SECOND_DERIVATIVES = [
    Derivative(x.T * M * x, x, 2),                  # the Hessian, numerator layout
    Derivative(Derivative(x.T * M * x, x), x),      # the same, nested
    Derivative(M * x * x.T, x),                     # a matrix by a vector: a 3-tensor
    Derivative(X, x),
]


@pytest.mark.parametrize("expr", SECOND_DERIVATIVES)
def test_the_shape_checker_says_not_supported_not_ill_typed(expr):
    with pytest.raises(NotSupported) as info:
        shape_of(expr)
    assert not isinstance(info.value, IllTyped)
    assert "no matrix form in symcheck yet" in str(info.value)


@pytest.mark.parametrize("expr", SECOND_DERIVATIVES[:2])
def test_run_reports_unknown_with_the_reason(expr):
    verdict = decide_claim(Claim("hessian", expr, M + M.T), 5.0)
    assert verdict.status == "unknown"
    assert "not supported yet" in verdict.detail and "denominator" in verdict.detail


def test_in_denominator_layout_the_hessian_is_decided():
    true = decide_claim(Claim("h", Derivative(x.T * M * x, x, 2), M + M.T, layout="denominator"), 20.0)
    assert true.status == "proved"
    false = decide_claim(Claim("h", Derivative(x.T * M * x, x, 2), M, layout="denominator"), 20.0)
    assert false.status == "refuted"


def test_ill_typed_derivatives_are_still_errors():
    verdict = decide_claim(Claim("bad", Derivative(x.T * M * x, x), M), 5.0)   # 1×n against n×n
    assert verdict.status == "error"


def test_verify_marks_a_hessian_step_unknown_not_a_shape_error():
    text = ("```symcheck\nx: vector n\nA: matrix n×n\n```\n\n"
            "$$\\frac{\\partial^2 (x^T A x)}{\\partial x^2} = A + A^T$$\n")
    result = verify_text(text, timeout=5.0)
    (step,) = result.steps
    assert step.status == "unknown" and "not supported yet" in step.detail


def test_check_grades_an_answer_against_a_hessian_reference_as_unknown():
    question = prepare_question(r"\frac{\partial^2 (x^T A x)}{\partial x^2}", "x: n, A: n×n")
    verdict = check_in_process(question, "A + A^T", timeout=5.0)
    assert verdict.status == "unknown" and "not supported yet" in verdict.detail
    question = prepare_question("A + A^T", "x: n, A: n×n")
    verdict = check_in_process(question, r"\frac{\partial^2 (x^T A x)}{\partial x^2}", timeout=5.0)
    assert verdict.status == "unknown"
