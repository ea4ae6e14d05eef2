"""Least squares (tall X) and its SVD form: EECS182 HW0 Q3 (seed 004), CSC413 A1 1.2.1 (seed 001).

X is n×d with XᵀX invertible (so n ≥ d wherever the claim is about anything);
its full SVD is X = U S Vᵀ with U (n×n) and V (d×d) orthogonal and S n×d. Σ⁺ (Sp)
is pinned down by the four Penrose equations, which is what "the reciprocals of
the singular values on the diagonal" means for a full-column-rank S. The block
form writes S = [D; 0] with D diagonal and invertible, n = d + k.
"""
from sympy import BlockMatrix, Derivative, Eq, Identity, MatrixSymbol, Q, ZeroMatrix, symbols

from symcheck import Claim, argmin, sqnorm

n, d, k = symbols("n d k", integer=True, positive=True)
X = MatrixSymbol("X", n, d)
y = MatrixSymbol("y", n, 1)
t = MatrixSymbol("t", n, 1)
w = MatrixSymbol("w", d, 1)
U = MatrixSymbol("U", n, n)
V = MatrixSymbol("V", d, d)
S = MatrixSymbol("S", n, d)
Sp = MatrixSymbol("Sp", d, n)
D = MatrixSymbol("D", d, d)

Xs = U * S * V.T  # X written through its SVD
ORTHO = [Q.orthogonal(U), Q.orthogonal(V)]
PENROSE = [Eq(S * Sp * S, S), Eq(Sp * S * Sp, Sp), Eq((S * Sp).T, S * Sp), Eq((Sp * S).T, Sp * S)]
SRC = "EECS182 HW0 (seed 004), least squares via SVD"
SRC001 = "CSC413 A1 (seed 001), 1.2.1 underparameterized case"

w_ls = (X.T * X).I * X.T * y

objective_expansion = Claim(
    "||Xw - y||^2 = w^T X^T X w - 2 y^T X w + y^T y",
    lhs=sqnorm(X * w - y), rhs=(w.T * X.T * X * w - 2 * y.T * X * w + y.T * y),
    expect="proved", source=f"{SRC}, part (a) expansion (the two cross terms are equal scalars)",
)
objective_expansion_twin = Claim(
    "twin: ||Xw - y||^2 = w^T X^T X w - y^T X w + y^T y",
    lhs=sqnorm(X * w - y), rhs=(w.T * X.T * X * w - y.T * X * w + y.T * y),
    expect="refuted", source=f"{SRC}, part (a), mutated (one cross term lost)",
)
gradient_row = Claim(
    "d||Xw - y||^2/dw = 2 w^T X^T X - 2 y^T X",
    lhs=Derivative(sqnorm(X * w - y), w), rhs=2 * w.T * X.T * X - 2 * y.T * X,
    expect="proved", source=f"{SRC}, part (a), chatbot's row-vector gradient",
)
gradient_column = Claim(
    "grad ||Xw - y||^2 = 2 X^T X w - 2 X^T y (denominator layout)",
    lhs=Derivative(sqnorm(X * w - y), w), rhs=2 * X.T * X * w - 2 * X.T * y, layout="denominator",
    expect="proved", source=f"{SRC}, part (a), normal equations",
)
gradient_twin = Claim(
    "twin: grad ||Xw - y||^2 = X^T X w - X^T y",
    lhs=Derivative(sqnorm(X * w - y), w), rhs=X.T * X * w - X.T * y, layout="denominator",
    expect="refuted", source=f"{SRC}, part (a), mutated (factor 2 dropped)",
)
normal_equations = Claim(
    "X^T X w_ls = X^T y for w_ls = (X^T X)^-1 X^T y",
    lhs=X.T * X * w_ls, rhs=X.T * y,
    expect="proved", source=f"{SRC}, part (a)",
)
left_inverse = Claim(
    "(X^T X)^-1 X^T X = I (left inverse)",
    lhs=(X.T * X).I * X.T * X, rhs=Identity(d),
    expect="proved", source=f"{SRC}, part (c)",
)
# Mutated twin: the left inverse is not a right inverse of a tall X (n > d).
left_inverse_twin = Claim(
    "twin: X (X^T X)^-1 X^T = I (left inverse used as a right inverse)",
    lhs=X * (X.T * X).I * X.T, rhs=Identity(n),
    expect="refuted", source=f"{SRC}, part (c), mutated",
)
gram_svd = Claim(
    "X^T X = V (S^T S) V^T for X = U S V^T",
    lhs=Xs.T * Xs, rhs=V * (S.T * S) * V.T,
    assume=ORTHO, expect="proved", source=f"{SRC}, part (b)",
)
gram_inverse_svd = Claim(
    "(X^T X)^-1 = V (S^T S)^-1 V^T for X = U S V^T",
    lhs=(Xs.T * Xs).I, rhs=V * (S.T * S).I * V.T,
    assume=ORTHO, expect="proved", source=f"{SRC}, part (b)",
)
gram_inverse_svd_twin = Claim(
    "twin: (X^T X)^-1 = V^T (S^T S)^-1 V for X = U S V^T",
    lhs=(Xs.T * Xs).I, rhs=V.T * (S.T * S).I * V,
    assume=ORTHO, expect="refuted", source=f"{SRC}, part (b), mutated (V and V^T swapped)",
)
ls_svd_middle = Claim(
    "(X^T X)^-1 X^T y = V (S^T S)^-1 S^T U^T y for X = U S V^T",
    lhs=(Xs.T * Xs).I * Xs.T * y, rhs=V * (S.T * S).I * S.T * U.T * y,
    assume=ORTHO, expect="proved", source=f"{SRC}, part (b)",
)
pinv_of_sigma = Claim(
    "(S^T S)^-1 S^T = S^+ (Penrose equations)",
    lhs=(S.T * S).I * S.T, rhs=Sp,
    assume=PENROSE, expect="proved", source=f"{SRC}, part (b), (S^T S)^-1 S^T = Sigma^+",
)
pinv_of_sigma_blocks = Claim(
    "(S^T S)^-1 S^T = [D^-1, 0] for S = [D; 0], D diagonal",
    lhs=(BlockMatrix([[D], [ZeroMatrix(k, d)]]).T * BlockMatrix([[D], [ZeroMatrix(k, d)]])).I
    * BlockMatrix([[D], [ZeroMatrix(k, d)]]).T,
    rhs=BlockMatrix([[D.I, ZeroMatrix(d, k)]]),
    assume=[Q.diagonal(D), Q.invertible(D)],
    expect="proved", source=f"{SRC}, part (b), Sigma^+ with 1/sigma_i on the diagonal",
)
ls_pinv = Claim(
    "(X^T X)^-1 X^T y = V S^+ U^T y for X = U S V^T",
    lhs=(Xs.T * Xs).I * Xs.T * y, rhs=V * Sp * U.T * y,
    assume=ORTHO + PENROSE, expect="proved", source=f"{SRC}, part (b), final answer",
)
ls_pinv_twin = Claim(
    "twin: (X^T X)^-1 X^T y = V S^+ U y for X = U S V^T",
    lhs=(Xs.T * Xs).I * Xs.T * y, rhs=V * Sp * U * y,
    assume=ORTHO + PENROSE, expect="refuted", source=f"{SRC}, part (b), mutated (transpose dropped)",
)

# CSC413 A1 1.2.1: stationarity (Xŵ − t)ᵀX = 0 and the transposed solution.
stationarity_transpose = Claim(
    "(X w)^T X = w^T X^T X",
    lhs=(X * w).T * X, rhs=w.T * X.T * X,
    expect="proved", source=f"{SRC001}, stationarity step",
)
stationarity_at_solution = Claim(
    "(X w_hat - t)^T X = 0 for w_hat = (X^T X)^-1 X^T t",
    lhs=(X * (X.T * X).I * X.T * t - t).T * X, rhs=ZeroMatrix(1, d),
    expect="proved", source=f"{SRC001}, the minimizer",
)
solution_transposed = Claim(
    "w_hat^T = t^T X (X^T X)^-1",
    lhs=((X.T * X).I * X.T * t).T, rhs=t.T * X * (X.T * X).I,
    expect="proved", source=f"{SRC001}, transposed solution",
)
solution_transposed_twin = Claim(
    "twin: w_hat^T = 2 t^T X (X^T X)^-1",
    lhs=((X.T * X).I * X.T * t).T, rhs=2 * t.T * X * (X.T * X).I,
    expect="refuted", source=f"{SRC001}, mutated (changed constant)",
)

ls_argmin = Claim(
    "argmin_w ||Xw - y||^2 = (X^T X)^-1 X^T y",
    lhs=argmin(sqnorm(X * w - y), w), rhs=w_ls,
    expect="proved", source=f"{SRC}, part (a)",
)
ls_argmin_twin = Claim(
    "twin: argmin_w ||Xw - y||^2 = 2 (X^T X)^-1 X^T y",
    lhs=argmin(sqnorm(X * w - y), w), rhs=2 * w_ls,
    expect="refuted", source=f"{SRC}, mutated (changed constant)",
)
