"""Expectations over Gaussian noise (issue 5): the expected training loss of CSC413 A1 (seed 001).

t = Xw* + ε with ε ~ N(0, σ²I_n), X n×d with XᵀX invertible, H = X(XᵀX)⁻¹Xᵀ, and the
training loss of least squares L = (1/n)‖(H − I)ε‖². `expectation(f, ε, σ)` is
E[f] over ε ~ N(0, σ²I) (docs/constructs.md); the proofs use E[εεᵀ] = σ²I and odd
moments 0, then the trace facts tr(H) = d of the matrix prover.
"""
from sympy import Identity, MatrixSymbol, Trace, ZeroMatrix, symbols

from symcheck import Claim, expectation, sqnorm

n, d = symbols("n d", integer=True, positive=True)
sigma = symbols("sigma", positive=True)
X = MatrixSymbol("X", n, d)
M = MatrixSymbol("M", n, n)
a = MatrixSymbol("a", n, 1)
eps = MatrixSymbol("epsilon", n, 1)
In = Identity(n)

SRC = "CSC413 A1 (seed 001), 1.2.2 expected training loss"
H = X * (X.T * X).I * X.T
L = sqnorm((H - In) * eps) / n


def E(f):
    return expectation(f, eps, sigma)


quadratic_form = Claim(
    "E[eps^T M eps] = sigma^2 tr(M)",
    lhs=E(eps.T * M * eps), rhs=sigma**2 * Trace(M),
    expect="proved", source="issue 5: the trace trick",
)
quadratic_form_twin = Claim(
    "twin: E[eps^T M eps] = sigma tr(M)",
    lhs=E(eps.T * M * eps), rhs=sigma * Trace(M),
    expect="refuted", source="issue 5: the trace trick, mutated (standard deviation for variance)",
)
mean_zero = Claim(
    "E[eps] = 0",
    lhs=E(eps), rhs=ZeroMatrix(n, 1),
    expect="proved", source="issue 5: linearity, E[eps] = 0",
)
covariance = Claim(
    "E[eps eps^T] = sigma^2 I",
    lhs=E(eps * eps.T), rhs=sigma**2 * In,
    expect="proved", source="issue 5: the noise covariance",
)
shifted_norm = Claim(
    "E[||a + eps||^2] = ||a||^2 + n sigma^2",
    lhs=E(sqnorm(a + eps)), rhs=sqnorm(a) + n * sigma**2,
    expect="proved", source="issue 5: linearity, cross terms vanish",
)
squared_norm_of_noise = Claim(
    "E[eps^T eps] = n sigma^2",
    lhs=E(sqnorm(eps)), rhs=n * sigma**2,
    expect="proved", source=f"{SRC}, the student's E[eps^T eps]",
)

expected_loss = Claim(
    "E[L] = sigma^2 (n - d)/n for L = (1/n)||(H - I) eps||^2",
    lhs=E(L), rhs=sigma**2 * (n - d) / n,
    expect="proved", source=f"{SRC}, final answer",
)
expected_loss_trace_form = Claim(
    "E[L] = (sigma^2/n) tr((I - H)^2)",
    lhs=E(L), rhs=sigma**2 / n * Trace((In - H) * (In - H)),
    expect="proved", source=f"{SRC}, the student's line with the idempotent square",
)
expected_loss_rank_form = Claim(
    "E[L] = (sigma^2/n) tr(I - H)",
    lhs=E(L), rhs=sigma**2 / n * Trace(In - H),
    expect="proved", source=f"{SRC}, the student's trace of the projection",
)
expected_loss_student_sum = Claim(
    "student: E[L] = sigma^2/n + tr((H - I)^T (H - I))",
    lhs=E(L), rhs=sigma**2 / n + Trace((H - In).T * (H - In)),
    expect="refuted", source=f"{SRC}, the student's 'expectation of scalar' line (a sum for a product)",
)
expected_loss_student_product = Claim(
    "student: E[L] = (1/n) E[eps^T eps] tr((H - I)^T (H - I))",
    lhs=E(L), rhs=E(sqnorm(eps)) * Trace((H - In).T * (H - In)) / n,
    expect="refuted", source=f"{SRC}, 'expectation <-> trace' with E[eps^T eps] for E[eps eps^T]",
)
expected_loss_without_n = Claim(
    "twin: E[L] = sigma^2 (n - d)",
    lhs=E(L), rhs=sigma**2 * (n - d),
    expect="refuted", source=f"{SRC}, mutated (the 1/n lost)",
)
