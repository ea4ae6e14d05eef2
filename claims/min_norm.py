"""Minimum-norm solution (wide X): EECS182 HW0 Q3(d–f) (seed 004), CSC413 A1 1.3 (seed 001).

X is n×d with XXᵀ invertible (so n ≤ d wherever the claim says anything).
X = U S Vᵀ is its full SVD (U n×n, V d×d orthogonal, S n×d), Σ⁺ (Sp) given by
the Penrose equations.
"""
from sympy import Eq, Identity, Matrix, MatrixSymbol, Q, Rational, Derivative, ZeroMatrix, symbols

from symcheck import Claim, sqnorm

n, d = symbols("n d", integer=True, positive=True)
alpha = symbols("alpha", positive=True)
X = MatrixSymbol("X", n, d)
y = MatrixSymbol("y", n, 1)
t = MatrixSymbol("t", n, 1)
w = MatrixSymbol("w", d, 1)
v = MatrixSymbol("v", d, 1)
mu = MatrixSymbol("mu", n, 1)
U = MatrixSymbol("U", n, n)
V = MatrixSymbol("V", d, d)
S = MatrixSymbol("S", n, d)
Sp = MatrixSymbol("Sp", d, n)

Xs = U * S * V.T  # X written through its SVD
ORTHO = [Q.orthogonal(U), Q.orthogonal(V)]
PENROSE = [Eq(S * Sp * S, S), Eq(Sp * S * Sp, Sp), Eq((S * Sp).T, S * Sp), Eq((Sp * S).T, Sp * S)]
SRC = "EECS182 HW0 (seed 004), min-norm via SVD"
SRC001 = "CSC413 A1 (seed 001), 1.3 overparameterized case"

w_mn = X.T * (X * X.T).I * y

right_inverse = Claim(
    "X X^T (X X^T)^-1 = I (right inverse)",
    lhs=X * (X.T * (X * X.T).I), rhs=Identity(n),
    expect="proved", source=f"{SRC}, part (f)",
)
right_inverse_twin = Claim(
    "twin: X^T (X X^T)^-1 X = I (right inverse used as a left inverse)",
    lhs=X.T * (X * X.T).I * X, rhs=Identity(d),
    expect="refuted", source=f"{SRC}, part (f), mutated",
)
interpolates = Claim(
    "X w_mn = y for w_mn = X^T (X X^T)^-1 y",
    lhs=X * w_mn, rhs=y,
    expect="proved", source=f"{SRC}, part (d)",
)
lagrangian_gradient = Claim(
    "d(1/2 w^T w + mu^T (X w - y))/dw = w^T + mu^T X",
    lhs=Derivative(w.T * w / 2 + mu.T * (X * w - y), w), rhs=w.T + mu.T * X,
    expect="proved", source=f"{SRC}, part (d), Lagrangian stationarity",
)
lagrangian_solution = Claim(
    "w = -X^T mu with mu = -(X X^T)^-1 y gives X^T (X X^T)^-1 y",
    lhs=-X.T * (-(X * X.T).I * y), rhs=w_mn,
    expect="proved", source=f"{SRC}, part (d), Lagrange multipliers",
)
# Why it is the minimum norm: any other solution differs by a null-space vector v,
# orthogonal to w_mn, so ‖w_mn + v‖² = ‖w_mn‖² + ‖v‖².
orthogonal_to_null_space = Claim(
    "X v = 0 => v^T w_mn = 0",
    lhs=v.T * w_mn, rhs=ZeroMatrix(1, 1),
    assume=[Eq(X * v, ZeroMatrix(n, 1))],
    expect="proved", source=f"{SRC}, part (d), minimality",
)
pythagoras = Claim(
    "X v = 0 => ||w_mn + v||^2 = ||w_mn||^2 + ||v||^2",
    lhs=sqnorm(w_mn + v), rhs=sqnorm(w_mn) + sqnorm(v),
    assume=[Eq(X * v, ZeroMatrix(n, 1))],
    expect="proved", source=f"{SRC}, part (d), minimality",
)
pythagoras_twin = Claim(
    "twin: ||w_mn + v||^2 = ||w_mn||^2 + ||v||^2 without X v = 0",
    lhs=sqnorm(w_mn + v), rhs=sqnorm(w_mn) + sqnorm(v),
    expect="refuted", source=f"{SRC}, part (d), mutated (assumption dropped)",
)
gram_inverse_svd = Claim(
    "(X X^T)^-1 = U (S S^T)^-1 U^T for X = U S V^T",
    lhs=(Xs * Xs.T).I, rhs=U * (S * S.T).I * U.T,
    assume=ORTHO, expect="proved", source=f"{SRC}, part (e)",
)
mn_svd_middle = Claim(
    "X^T (X X^T)^-1 = V S^T (S S^T)^-1 U^T for X = U S V^T",
    lhs=Xs.T * (Xs * Xs.T).I, rhs=V * S.T * (S * S.T).I * U.T,
    assume=ORTHO, expect="proved", source=f"{SRC}, part (e)",
)
pinv_of_sigma = Claim(
    "S^T (S S^T)^-1 = S^+ (Penrose equations)",
    lhs=S.T * (S * S.T).I, rhs=Sp,
    assume=PENROSE, expect="proved", source=f"{SRC}, part (e), S^T (S S^T)^-1 = Sigma^+",
)
mn_pinv = Claim(
    "X^T (X X^T)^-1 y = V S^+ U^T y for X = U S V^T",
    lhs=Xs.T * (Xs * Xs.T).I * y, rhs=V * Sp * U.T * y,
    assume=ORTHO + PENROSE, expect="proved", source=f"{SRC}, part (e), final answer",
)
mn_pinv_twin = Claim(
    "twin: X^T (X X^T)^-1 y = V^T S^+ U^T y for X = U S V^T",
    lhs=Xs.T * (Xs * Xs.T).I * y, rhs=V.T * Sp * U.T * y,
    assume=ORTHO + PENROSE, expect="refuted", source=f"{SRC}, part (e), mutated (transpose added)",
)
# Both one-sided inverses exist only when X is square and invertible, and then both
# are X⁻¹: Z1 Xᵀ = Z1 Xᵀ (X Xᵀ Z2) = (Z1 XᵀX) Xᵀ Z2 = Xᵀ Z2. True as the contract reads it.
left_equals_right_inverse = Claim(
    "(X^T X)^-1 X^T = X^T (X X^T)^-1 wherever both inverses exist",
    lhs=(X.T * X).I * X.T, rhs=X.T * (X * X.T).I,
    expect="proved", source="symcheck: seed 004 Q3 (c)/(f) left and right inverses, where both exist",
)

# CSC413 A1 1.3.
w_hat = X.T * (X * X.T).I * t
overparam_stationary = Claim(
    "X^T X w_hat - X^T t = 0 for w_hat = X^T (X X^T)^-1 t",
    lhs=X.T * X * w_hat - X.T * t, rhs=ZeroMatrix(d, 1),
    expect="proved", source=f"{SRC001}, 1.3.2 check of the minimizer",
)
# Seed 001 then writes XᵀX(Xᵀ(XXᵀ)⁻¹t) = Xᵀ(XXᵀ)⁻¹t; the left side is Xᵀt.
# X = [1 1], t = 3: lhs = (3, 3)ᵀ, rhs = (3/2, 3/2)ᵀ.
overparam_false_step = Claim(
    "seed 001 step: X^T X (X^T (X X^T)^-1 t) = X^T (X X^T)^-1 t",
    lhs=X.T * X * w_hat, rhs=w_hat,
    expect="refuted", source=f"{SRC001}, 1.3.2 false step",
)
overparam_false_step_2 = Claim(
    "seed 001 step: X^T (X X^T)^-1 t - X^T t = 0",
    lhs=w_hat - X.T * t, rhs=ZeroMatrix(d, 1),
    expect="refuted", source=f"{SRC001}, 1.3.2 the line after the false step",
)
gd_fixed_point = Claim(
    "w_hat - (alpha/n) X^T (X w_hat - t) = w_hat (a fixed point of GD)",
    lhs=w_hat - (alpha / n) * X.T * (X * w_hat - t), rhs=w_hat,
    expect="proved", source=f"{SRC001}, 1.3.2 convergence",
)
# 1.2/1.3 take L = (1/n)‖Xw − t‖², whose gradient is (2/n)Xᵀ(Xw − t); the seed
# writes (1/n)Xᵀ(Xw − t). Harmless for the stationary point, false as an equation.
loss_gradient = Claim(
    "grad (1/n)||X w - t||^2 = (2/n) X^T (X w - t)",
    lhs=Derivative(sqnorm(X * w - t) / n, w), rhs=(2 / n) * X.T * (X * w - t), layout="denominator",
    expect="proved", source=f"{SRC001}, 1.3.2 gradient",
)
loss_gradient_seed = Claim(
    "seed 001: grad (1/n)||X w - t||^2 = (1/n) X^T (X w - t)",
    lhs=Derivative(sqnorm(X * w - t) / n, w), rhs=(1 / n) * X.T * (X * w - t), layout="denominator",
    expect="refuted", source=f"{SRC001}, 1.3.2 gradient as written (factor 2 lost)",
)
numeric_min_norm = Claim(
    "X = [1 1], t = 3: X^T (X X^T)^-1 t = (3/2, 3/2)",
    lhs=Matrix([[1], [1]]) * (Matrix([[1, 1]]) * Matrix([[1], [1]])).inv() * Matrix([[3]]),
    rhs=Matrix([[Rational(3, 2)], [Rational(3, 2)]]),
    expect="proved", source=f"{SRC001}, 1.3.1 example n=1, d=2",
)
