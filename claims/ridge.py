"""Ridge regression: EECS182 HW0 "5 interpretations of ridge" (seed 004) parts (a), (b), (f), limits.

X is n×d, y an n-vector, λ > 0. X = U S Vᵀ is the full SVD (U n×n, V d×d
orthogonal, S n×d). The per-direction shrinkage σ/(σ² + λ) and its limits are
stated both for an explicit 2×2 diagonal S and as scalar limits.
"""
from sympy import (
    Derivative, Identity, Limit, Matrix, MatrixSymbol, Q, ZeroMatrix, oo, symbols,
)

from symcheck import Claim, sqnorm

n, d = symbols("n d", integer=True, positive=True)
lam = symbols("lambda", positive=True)
s, s1, s2 = symbols("sigma sigma1 sigma2", positive=True)
X = MatrixSymbol("X", n, d)
y = MatrixSymbol("y", n, 1)
w = MatrixSymbol("w", d, 1)
U = MatrixSymbol("U", n, n)
V = MatrixSymbol("V", d, d)
S = MatrixSymbol("S", n, d)

In, Id = Identity(n), Identity(d)
Xs = U * S * V.T  # X written through its SVD
POS = [Q.positive(lam)]
ORTHO = [Q.orthogonal(U), Q.orthogonal(V)]
SRC = "EECS182 HW0 (seed 004), ridge"

w_ridge = (X.T * X + lam * Id).I * X.T * y
w_dual = X.T * (X * X.T + lam * In).I * y

# (a) the optimisation view.
objective_expansion = Claim(
    "||y - Xw||^2 + lam ||w||^2 = y^T y - 2 y^T X w + w^T (X^T X + lam I) w",
    lhs=sqnorm(y - X * w) + lam * sqnorm(w),
    rhs=y.T * y - 2 * y.T * X * w + w.T * (X.T * X + lam * Id) * w,
    assume=POS, expect="proved", source=f"{SRC} (a), expansion",
)
gradient_row = Claim(
    "d(||y - Xw||^2 + lam ||w||^2)/dw = -2 y^T X + 2 w^T (X^T X + lam I)",
    lhs=Derivative(sqnorm(y - X * w) + lam * sqnorm(w), w),
    rhs=-2 * y.T * X + 2 * w.T * (X.T * X + lam * Id),
    assume=POS, expect="proved", source=f"{SRC} (a), gradient (numerator layout)",
)
gradient_row_twin = Claim(
    "twin: d(||y - Xw||^2 + lam ||w||^2)/dw = -2 y^T X + 2 w^T (X^T X + 2 lam I)",
    lhs=Derivative(sqnorm(y - X * w) + lam * sqnorm(w), w),
    rhs=-2 * y.T * X + 2 * w.T * (X.T * X + 2 * lam * Id),
    assume=POS, expect="refuted", source=f"{SRC} (a), mutated (changed constant)",
)
stationary_at_ridge = Claim(
    "-2 y^T X + 2 w_r^T (X^T X + lam I) = 0 at w_r = (X^T X + lam I)^-1 X^T y",
    lhs=-2 * y.T * X + 2 * w_ridge.T * (X.T * X + lam * Id), rhs=ZeroMatrix(1, d),
    assume=POS, expect="proved", source=f"{SRC} (a), solution",
)
ridge_normal_equations = Claim(
    "(X^T X + lam I) w_r = X^T y",
    lhs=(X.T * X + lam * Id) * w_ridge, rhs=X.T * y,
    assume=POS, expect="proved", source=f"{SRC} (a), solution",
)

# Push-through, and the chatbot's proof of it in part (e)/(f).
push_through = Claim(
    "push-through: X^T (X X^T + lam I)^-1 = (X^T X + lam I)^-1 X^T",
    lhs=X.T * (X * X.T + lam * In).I, rhs=(X.T * X + lam * Id).I * X.T,
    assume=POS, expect="proved", source=f"{SRC} (e)/(f), push-through identity",
)
push_through_twin = Claim(
    "twin: X^T (X X^T + lam I)^-1 = (X^T X)^-1 X^T",
    lhs=X.T * (X * X.T + lam * In).I, rhs=(X.T * X).I * X.T,
    assume=POS, expect="refuted", source=f"{SRC} (e)/(f), mutated (lam dropped on one side)",
)
push_through_twin_constant = Claim(
    "twin: X^T (X X^T + lam I)^-1 = (X^T X + 2 lam I)^-1 X^T",
    lhs=X.T * (X * X.T + lam * In).I, rhs=(X.T * X + 2 * lam * Id).I * X.T,
    assume=POS, expect="refuted", source=f"{SRC} (e)/(f), mutated (changed constant)",
)
push_through_first_line = Claim(
    "X^T (X X^T + lam I) = (X^T X + lam I) X^T",
    lhs=X.T * (X * X.T + lam * In), rhs=(X.T * X + lam * Id) * X.T,
    expect="proved", source=f"{SRC} (e), chatbot proof, step 1",
)
# The chatbot's step 2 keeps the left side unchanged while left-multiplying the right
# side: the right side is Xᵀ, the left side XᵀXXᵀ + λXᵀ (n = d = 1, X = 1, λ = 1: 2 vs 1).
push_through_false_step = Claim(
    "chatbot step: X^T (X X^T + lam I) = (X^T X + lam I)^-1 (X^T X + lam I) X^T",
    lhs=X.T * (X * X.T + lam * In), rhs=(X.T * X + lam * Id).I * (X.T * X + lam * Id) * X.T,
    assume=POS, expect="refuted", source=f"{SRC} (e), chatbot proof, step 2 (false step)",
)
push_through_third_line = Claim(
    "(X^T X + lam I)^-1 X^T (X X^T + lam I) = X^T",
    lhs=(X.T * X + lam * Id).I * X.T * (X * X.T + lam * In), rhs=X.T,
    assume=POS, expect="proved", source=f"{SRC} (e), chatbot proof, step 3",
)
dual_equals_primal = Claim(
    "X^T (X X^T + lam I)^-1 y = (X^T X + lam I)^-1 X^T y",
    lhs=w_dual, rhs=w_ridge,
    assume=POS, expect="proved", source=f"{SRC} (f), kernel ridge form",
)

# (b) the SVD view.
gram_plus_lam_svd = Claim(
    "(V S^T S V^T + lam I)^-1 = V (S^T S + lam I)^-1 V^T",
    lhs=(V * S.T * S * V.T + lam * Id).I, rhs=V * (S.T * S + lam * Id).I * V.T,
    assume=POS + [Q.orthogonal(V)], expect="proved", source=f"{SRC} (b), step 2",
)
ridge_svd = Claim(
    "(X^T X + lam I)^-1 X^T = V (S^T S + lam I)^-1 S^T U^T for X = U S V^T",
    lhs=(Xs.T * Xs + lam * Id).I * Xs.T, rhs=V * (S.T * S + lam * Id).I * S.T * U.T,
    assume=POS + ORTHO, expect="proved", source=f"{SRC} (b), step 3",
)
ridge_svd_twin = Claim(
    "twin: (X^T X + lam I)^-1 X^T = V (S^T S)^-1 S^T U^T for X = U S V^T",
    lhs=(Xs.T * Xs + lam * Id).I * Xs.T, rhs=V * (S.T * S).I * S.T * U.T,
    assume=POS + ORTHO, expect="refuted", source=f"{SRC} (b), mutated (lam dropped)",
)
shrinkage_2x2 = Claim(
    "S = diag(s1, s2): (S^T S + lam I)^-1 S^T = diag(s1/(s1^2+lam), s2/(s2^2+lam))",
    lhs=(Matrix([[s1, 0], [0, s2]]).T * Matrix([[s1, 0], [0, s2]]) + lam * Matrix.eye(2)).inv()
    * Matrix([[s1, 0], [0, s2]]).T,
    rhs=Matrix([[s1 / (s1**2 + lam), 0], [0, s2 / (s2**2 + lam)]]),
    assume=POS, expect="proved", source=f"{SRC} (b), singular values sigma/(sigma^2 + lam)",
)
shrinkage_2x2_twin = Claim(
    "twin: S = diag(s1, s2): (S^T S + lam I)^-1 S^T = diag(1/(s1+lam), 1/(s2+lam))",
    lhs=(Matrix([[s1, 0], [0, s2]]).T * Matrix([[s1, 0], [0, s2]]) + lam * Matrix.eye(2)).inv()
    * Matrix([[s1, 0], [0, s2]]).T,
    rhs=Matrix([[1 / (s1 + lam), 0], [0, 1 / (s2 + lam)]]),
    assume=POS, expect="refuted", source=f"{SRC} (b), mutated (shift the singular values instead)",
)

# Limits per singular value: σ/(σ² + λ) → 1/σ as λ → 0, → 0 as λ → ∞.
gain = s / (s**2 + lam)
limit_lam_zero = Claim(
    "lim_{lam->0} sigma/(sigma^2 + lam) = 1/sigma",
    lhs=Limit(gain, lam, 0), rhs=1 / s,
    expect="proved", source=f"{SRC} (b)/(h), per singular direction",
)
limit_lam_zero_twin = Claim(
    "twin: lim_{lam->0} sigma/(sigma^2 + lam) = sigma",
    lhs=Limit(gain, lam, 0), rhs=s,
    expect="refuted", source=f"{SRC} (b)/(h), mutated",
)
limit_lam_infinity = Claim(
    "lim_{lam->oo} sigma/(sigma^2 + lam) = 0",
    lhs=Limit(gain, lam, oo), rhs=0,
    expect="proved", source=f"{SRC} (b)/(g), shrinkage",
)
small_sigma_regime = Claim(
    "lim_{lam->oo} lam * sigma/(sigma^2 + lam) = sigma  (sigma << lam: gain ~ sigma/lam)",
    lhs=Limit(lam * gain, lam, oo), rhs=s,
    expect="proved", source=f"{SRC} (b), case sigma << lambda",
)
large_sigma_regime = Claim(
    "lim_{sigma->oo} sigma * sigma/(sigma^2 + lam) = 1  (sigma >> lam: gain ~ 1/sigma)",
    lhs=Limit(s * gain, s, oo), rhs=1,
    assume=POS, expect="proved", source=f"{SRC} (b), case sigma >> lambda",
)

# (g)/(h) the limits of the whole solution.
limit_infinity_zero = Claim(
    "lim_{lam->oo} (X^T X + lam I)^-1 X^T y = 0",
    lhs=Limit(w_ridge, lam, oo), rhs=ZeroMatrix(d, 1),
    expect="proved", source=f"{SRC} (g), lambda -> infinity",
)
limit_infinity_scaled = Claim(
    "lim_{lam->oo} lam (X^T X + lam I)^-1 = I",
    lhs=Limit(lam * (X.T * X + lam * Id).I, lam, oo), rhs=Id,
    expect="proved", source=f"{SRC} (g), chatbot: (X^T X + lam I)^-1 ~ I/lam",
)
limit_zero_tall = Claim(
    "lim_{lam->0} (X^T X + lam I)^-1 X^T y = (X^T X)^-1 X^T y (X^T X invertible)",
    lhs=Limit(w_ridge, lam, 0), rhs=(X.T * X).I * X.T * y,
    expect="proved", source=f"{SRC} (h), tall X: OLS",
)
limit_zero_wide = Claim(
    "lim_{lam->0} X^T (X X^T + lam I)^-1 y = X^T (X X^T)^-1 y (X X^T invertible)",
    lhs=Limit(w_dual, lam, 0), rhs=X.T * (X * X.T).I * y,
    expect="proved", source=f"{SRC} (h), wide X: min-norm",
)
limit_zero_wide_primal = Claim(
    "lim_{lam->0} (X^T X + lam I)^-1 X^T y = X^T (X X^T)^-1 y (X X^T invertible)",
    lhs=Limit(w_ridge, lam, 0), rhs=X.T * (X * X.T).I * y,
    expect="proved", source=f"{SRC} (h), wide X, primal form (via push-through)",
)
limit_zero_twin = Claim(
    "twin: lim_{lam->0} (X^T X + lam I)^-1 X^T y = X^T y",
    lhs=Limit(w_ridge, lam, 0), rhs=X.T * y,
    expect="refuted", source=f"{SRC} (h), mutated (inverse dropped)",
)
