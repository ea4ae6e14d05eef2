"""Second derivatives (issue 11 item 4, issue 13 item 4): a Hessian is an ordinary matrix, so a claim
about one is never an `error`, and it is decided in both layouts. In numerator layout the gradient of a
scalar is a row, and a row is differentiated as the column it transposes, so the derivative of the row
gradient is the Hessian (∂(∇f)_i/∂x_j, equal to the denominator layout's ∂²f/∂x_i∂x_j for a smooth f).
A genuinely higher-order derivative (a matrix by a vector, a vector by a matrix) has no matrix form: it
is `unknown` ("not supported yet") on every path, `run`, `verify` and `check`.
"""
import pytest
from sympy import Derivative, MatrixSymbol, symbols

from symcheck import Claim, sqnorm
from symcheck.engine import decide_claim
from symcheck.grade import check_in_process, prepare_question
from symcheck.model.shapes import IllTyped, NotSupported, shape_of
from symcheck.verify import verify_text

n, d = symbols("n d", integer=True, positive=True)
x = MatrixSymbol("x", n, 1)
M = MatrixSymbol("M", n, n)
X = MatrixSymbol("X", n, d)
A = MatrixSymbol("A", d, n)
b = MatrixSymbol("b", d, 1)

TENSORS = [
    Derivative(M * x * x.T, x),                     # a matrix by a vector: a 3-tensor
    Derivative(X, x),
    Derivative(x, X),                               # a vector by a matrix
    Derivative(M * x, X),
]
HESSIANS = [
    Derivative(x.T * M * x, x, 2),                  # the Hessian, numerator layout
    Derivative(Derivative(x.T * M * x, x), x),      # the same, nested
]


@pytest.mark.parametrize("expr", TENSORS)
def test_the_shape_checker_says_not_supported_not_ill_typed(expr):
    with pytest.raises(NotSupported) as info:
        shape_of(expr)
    assert not isinstance(info.value, IllTyped)
    assert "no matrix form in symcheck yet" in str(info.value)


@pytest.mark.parametrize("layout", ["numerator", "denominator"])
@pytest.mark.parametrize("expr", HESSIANS)
def test_a_hessian_has_the_shape_n_by_n_in_both_layouts(expr, layout):
    assert tuple(shape_of(expr, layout)) == (n, n)


@pytest.mark.parametrize("layout", ["numerator", "denominator"])
def test_a_row_by_a_column_is_the_jacobian_of_its_transpose(layout):
    assert tuple(shape_of(Derivative(x.T * X, x), layout)) == ((d, n) if layout == "numerator" else (n, d))


@pytest.mark.parametrize("expr", TENSORS[:2])
def test_run_reports_a_tensor_unknown_with_the_reason(expr):
    verdict = decide_claim(Claim("tensor", expr, M), 5.0)
    assert verdict.status == "unknown"
    assert "not supported yet" in verdict.detail


@pytest.mark.parametrize("layout", ["numerator", "denominator"])
@pytest.mark.parametrize("expr", HESSIANS)
def test_the_hessian_is_decided_in_both_layouts(expr, layout):
    true = decide_claim(Claim("h", expr, M + M.T, layout=layout), 20.0)
    assert true.status == "proved"
    false = decide_claim(Claim("h", expr, M, layout=layout), 20.0)
    assert false.status == "refuted"


def test_the_hessian_of_least_squares_in_numerator_layout():
    f = sqnorm(A * x - b)
    assert decide_claim(Claim("h", Derivative(f, x, 2), 2 * A.T * A), 20.0).status == "proved"
    assert decide_claim(Claim("h", Derivative(f, x, 2), A.T * A), 20.0).status == "refuted"


def test_a_row_by_a_column_is_decided_in_both_layouts():
    row = x.T * M
    assert decide_claim(Claim("r", Derivative(row, x), M.T), 20.0).status == "proved"
    assert decide_claim(Claim("r", Derivative(row, x), M, layout="denominator"), 20.0).status == "proved"
    assert decide_claim(Claim("r", Derivative(row, x), M), 20.0).status == "refuted"


def test_ill_typed_derivatives_are_still_errors():
    verdict = decide_claim(Claim("bad", Derivative(x.T * M * x, x), M), 5.0)   # 1×n against n×n
    assert verdict.status == "error"


def test_verify_proves_a_hessian_step():
    text = ("```symcheck\nx: vector n\nA: matrix n×n\n```\n\n"
            "$$\\frac{\\partial^2 (x^T A x)}{\\partial x^2} = A + A^T$$\n")
    result = verify_text(text, timeout=10.0)
    (step,) = result.steps
    assert step.status == "proved"


def test_check_grades_answers_against_a_hessian_reference():
    question = prepare_question(r"\frac{\partial^2 (x^T A x)}{\partial x^2}", "x: n, A: n×n")
    assert check_in_process(question, "A + A^T", timeout=10.0).status == "equivalent"
    assert check_in_process(question, "A", timeout=10.0).status == "not_equivalent"
