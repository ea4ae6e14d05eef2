"""EECS182 HW0 "Vector Calculus Review" (seeds 000, 002, 004): every part, as written, right or wrong.

The homework fixes the numerator layout: the derivative of a scalar by a column
vector is a row vector, of an n-vector by an n-vector an n×n Jacobian. A few
denominator-layout forms (gradients as columns, as the chatbot's least-squares
part uses) are added so both layouts are exercised.
"""
from sympy import Derivative, Eq, MatrixSymbol, Q, symbols

from symcheck import Claim, norm, sqnorm

n = symbols("n", integer=True, positive=True)
x = MatrixSymbol("x", n, 1)
c = MatrixSymbol("c", n, 1)
h = MatrixSymbol("h", n, 1)
A = MatrixSymbol("A", n, n)

SRC = "EECS182 HW0 (seeds 000/002/004), vector calculus"

# (a) d(xᵀc)/dx = cᵀ, a row in numerator layout.
part_a = Claim(
    "(a) d(x^T c)/dx = c^T",
    lhs=Derivative(x.T * c, x), rhs=c.T,
    expect="proved", source=f"{SRC} (a)",
)
part_a_denominator = Claim(
    "(a) in denominator layout d(x^T c)/dx = c",
    lhs=Derivative(x.T * c, x), rhs=c, layout="denominator",
    expect="proved", source=f"{SRC} (a), gradient form (seed 004 least squares: grad of w^T c is c)",
)
# Mutated twin: the derivative of a linear form is its coefficient, not the variable.
part_a_twin = Claim(
    "(a) twin: d(x^T c)/dx = x^T",
    lhs=Derivative(x.T * c, x), rhs=x.T,
    expect="refuted", source=f"{SRC} (a), mutated",
)
# seed 002 writes df = tr(dxᵀ c) = tr(cᵀ dx): the differential in direction h.
part_a_differential = Claim(
    "(a) differential: h^T c = c^T h",
    lhs=h.T * c, rhs=c.T * h,
    expect="proved", source=f"{SRC} (a), seed 002's differential step",
)

# (b) d‖x‖²/dx = 2xᵀ.
part_b = Claim(
    "(b) d||x||^2/dx = 2 x^T",
    lhs=Derivative(sqnorm(x), x), rhs=2 * x.T,
    expect="proved", source=f"{SRC} (b)",
)
# The problem text as OCR'd in seed 004 drops the square: d‖x‖/dx = xᵀ/‖x‖, not 2xᵀ
# (x = e1: lhs = e1ᵀ, rhs = 2e1ᵀ).
part_b_ocr = Claim(
    "(b) as OCR'd: d||x||/dx = 2 x^T",
    lhs=Derivative(norm(x), x), rhs=2 * x.T,
    assume=[sqnorm(x) > 0],
    expect="refuted", source=f"{SRC} (b), problem text as OCR'd in seed 004",
)
part_b_norm = Claim(
    "(b') d||x||/dx = x^T/||x|| for x != 0",
    lhs=Derivative(norm(x), x), rhs=x.T / norm(x),
    assume=[sqnorm(x) > 0],
    expect="proved", source=f"{SRC} (b), the derivative the OCR'd text actually asks for",
)
part_b_twin = Claim(
    "(b) twin: d||x||^2/dx = x^T",
    lhs=Derivative(sqnorm(x), x), rhs=x.T,
    expect="refuted", source=f"{SRC} (b), mutated (constant dropped)",
)

# (c) d(Ax)/dx = A (the Jacobian, numerator layout).
part_c = Claim(
    "(c) d(Ax)/dx = A",
    lhs=Derivative(A * x, x), rhs=A,
    expect="proved", source=f"{SRC} (c)",
)
part_c_twin = Claim(
    "(c) twin: d(Ax)/dx = A^T",
    lhs=Derivative(A * x, x), rhs=A.T,
    expect="refuted", source=f"{SRC} (c), mutated (transpose added)",
)
part_c_denominator = Claim(
    "(c) in denominator layout d(Ax)/dx = A^T",
    lhs=Derivative(A * x, x), rhs=A.T, layout="denominator",
    expect="proved", source=f"{SRC} (c), denominator layout",
)

# (d) d(xᵀAx)/dx = xᵀ(A + Aᵀ).
part_d = Claim(
    "(d) d(x^T A x)/dx = x^T (A + A^T)",
    lhs=Derivative(x.T * A * x, x), rhs=x.T * (A + A.T),
    expect="proved", source=f"{SRC} (d)",
)
part_d_seed000_step = Claim(
    "(d) seed 000 intermediate: d(x^T A x)/dx = x^T A^T + x^T A",
    lhs=Derivative(x.T * A * x, x), rhs=x.T * A.T + x.T * A,
    expect="proved", source=f"{SRC} (d), seed 000's line before its final answer",
)
part_d_differential = Claim(
    "(d) differential: h^T A x + x^T A h = x^T (A + A^T) h",
    lhs=h.T * A * x + x.T * A * h, rhs=x.T * (A + A.T) * h,
    expect="proved", source=f"{SRC} (d), seeds 000/002 expansion f(x+h) - f(x)",
)
part_d_denominator = Claim(
    "(d) in denominator layout d(x^T A x)/dx = (A + A^T) x",
    lhs=Derivative(x.T * A * x, x), rhs=(A + A.T) * x, layout="denominator",
    expect="proved", source=f"{SRC} (d), gradient form",
)
part_d_twin = Claim(
    "(d) twin: d(x^T A x)/dx = x^T (A + A)",
    lhs=Derivative(x.T * A * x, x), rhs=x.T * (A + A),
    expect="refuted", source=f"{SRC} (d), mutated (transpose dropped)",
)

# (e) The derivative equals 2xᵀA exactly when A is symmetric.
part_e_symmetric = Claim(
    "(e) symmetric A: d(x^T A x)/dx = 2 x^T A",
    lhs=Derivative(x.T * A * x, x), rhs=2 * x.T * A,
    assume=[Q.symmetric(A)],
    expect="proved", source=f"{SRC} (e)",
)
part_e_general = Claim(
    "(e) general A: d(x^T A x)/dx = 2 x^T A",
    lhs=Derivative(x.T * A * x, x), rhs=2 * x.T * A,
    expect="refuted", source=f"{SRC} (e), without the symmetry condition",
)
# Seed 000 answers (e) with "if AᵀA is symmetric", which every A satisfies: the
# condition adds nothing, so the claim is as false as the general one.
part_e_seed000 = Claim(
    "(e) seed 000: A^T A symmetric => d(x^T A x)/dx = 2 x^T A",
    lhs=Derivative(x.T * A * x, x), rhs=2 * x.T * A,
    assume=[Eq((A.T * A).T, A.T * A)],
    expect="refuted", source=f"{SRC} (e), seed 000's condition",
)
# Seed 004's chatbot reuses the symmetric case as ∇(wᵀAw) = 2Aw (a column).
part_e_gradient = Claim(
    "(e) symmetric A, denominator layout: grad(x^T A x) = 2 A x",
    lhs=Derivative(x.T * A * x, x), rhs=2 * A * x, layout="denominator",
    assume=[Q.symmetric(A)],
    expect="proved", source=f"{SRC} (e); seed 004 least squares uses it as 2Aw",
)
