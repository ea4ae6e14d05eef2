"""The seeds' ill-typed statements: shapes that agree only for special sizes.

SymPy builds every one of these (a d×1 vector times a d×d matrix passes because d
might be 1), so each must come back `error` (ill-typed for general dimensions),
never proved or refuted. The well-typed readings of the same steps live in the
topic files (noted beside each claim).
"""
from sympy import BlockMatrix, Derivative, Identity, MatrixSymbol, ZeroMatrix, symbols

from symcheck import Claim, norm, sqnorm

n, d = symbols("n d", integer=True, positive=True)
eta, alpha = symbols("eta alpha", positive=True)
x = MatrixSymbol("x", n, 1)
A = MatrixSymbol("A", n, n)
F = MatrixSymbol("F", n, n)        # seed 000 takes n = d: F is square
w = MatrixSymbol("w", n, 1)
y = MatrixSymbol("y", n, 1)
X = MatrixSymbol("X", n, d)
Gamma = MatrixSymbol("Gamma", d, d)
Sigma = MatrixSymbol("Sigma", d, d)
wd = MatrixSymbol("w", d, 1)
theta = MatrixSymbol("theta", d, 1)
theta_star = MatrixSymbol("theta_star", d, 1)
Y = MatrixSymbol("Y", n, 1)
zeta0 = MatrixSymbol("zeta0", d, 1)
zetak = MatrixSymbol("zetak", d, 1)

In, Id = Identity(n), Identity(d)

# Seed 000, vector calculus (d): the final answer (Aᵀ + A)xᵀ is n×n times 1×n.
# Well-typed form: vector_calculus.py "(d) ...".
vc_d_final_answer = Claim(
    "seed 000 (d): d(x^T A x)/dx = (A^T + A) x^T",
    lhs=Derivative(x.T * A * x, x), rhs=(A.T + A) * x.T,
    expect="error", source="EECS182 HW0 (seed 000), vector calculus (d) final answer",
)
vc_d_rewrite = Claim(
    "seed 000 (d): x^T A^T + x^T A = (A^T + A) x^T",
    lhs=x.T * A.T + x.T * A, rhs=(A.T + A) * x.T,
    expect="error", source="EECS182 HW0 (seed 000), vector calculus (d), the '=>' step",
)
# Seed 000, GD: wₜ₋₁[I − ηFᵀF] puts an n-vector to the left of an n×n matrix.
# Well-typed form: gradient_descent.py "w - eta F^T (F w - y) = ...".
gd_vector_times_matrix = Claim(
    "seed 000 GD: w - eta F^T F w + eta F^T y = w (I - eta F^T F) + eta F^T y",
    lhs=w - eta * F.T * F * w + eta * F.T * y, rhs=w * (In - eta * F.T * F) + eta * F.T * y,
    expect="error", source="EECS182 HW0 (seed 000), GD update rewrite",
)
gd_norm_equality = Claim(
    "seed 000 GD: ||w_t|| = ||w_{t-1} (I - eta F^T F)|| + eta ||F^T y||",
    lhs=norm((In - eta * F.T * F) * w + eta * F.T * y),
    rhs=norm(w * (In - eta * F.T * F)) + eta * norm(F.T * y),
    expect="error", source="EECS182 HW0 (seed 000), GD 'take norm on both sides'",
)
# Seed 002, GD: ‖I − ηFᵀF w‖ subtracts an n-vector from the n×n identity.
gd_identity_minus_vector = Claim(
    "seed 002 GD: ||I - eta F^T F w||^2 = ||w||^2",
    lhs=sqnorm(In - eta * F.T * F * w), rhs=sqnorm(w),
    expect="error", source="EECS182 HW0 (seed 002), GD 'I - eta F^T F w_{t-1}'",
)
# Seed 002, augmentation: X̂ᵀy with y ∈ ℝⁿ (X̂ᵀ is d×(n+d)), said to equal XᵀX.
# Well-typed forms: augmented_data.py "Xhat^T yhat = X^T y" and "prior_rhs".
Xhat = BlockMatrix([[X], [Gamma]])
yhat = BlockMatrix([[y], [ZeroMatrix(d, 1)]])
aug_hat_x_times_y = Claim(
    "seed 002: Xhat^T y = X^T X",
    lhs=Xhat.T * y, rhs=X.T * X,
    expect="error", source="EECS182 HW0 (seed 002), augmentation 'Xhat^T y'",
)
aug_hat_x_y_hat = Claim(
    "seed 002: Xhat^T yhat = X^T X",
    lhs=Xhat.T * yhat, rhs=X.T * X,
    expect="error", source="EECS182 HW0 (seed 002), augmentation, Xhat^T yhat = ... = X^T X",
)
aug_hat_x_times_x = Claim(
    "seed 002: (Xhat^T X)^-1 X^T y = (X^T X + Sigma^-1)^-1 X^T y",
    lhs=(Xhat.T * X).I * X.T * y, rhs=(X.T * X + Sigma.I).I * X.T * y,
    expect="error", source="EECS182 HW0 (seed 002), augmentation OLS formula",
)
# Seed 000, augmentation: "2(ŷ − X̂w)·X̂ᵀ = 0" multiplies an (n+d)-vector by a d×(n+d) matrix.
aug_stationarity = Claim(
    "seed 000: 2 (yhat - Xhat w) Xhat^T = 0",
    lhs=2 * (yhat - Xhat * wd) * Xhat.T, rhs=ZeroMatrix(n + d, n + d),
    expect="error", source="EECS182 HW0 (seed 000), augmentation derivative",
)
# Seed 003 eq. (21): αXᵀY replaced by αXXᵀθ* (n×n times a d-vector).
# Well-typed form: gradient_descent.py "error_recursion".
error_recursion_xxt = Claim(
    "seed 003 (21): theta - alpha X^T X theta + alpha X^T Y = theta - alpha X^T X theta + alpha X X^T theta*",
    lhs=theta - alpha * X.T * X * theta + alpha * X.T * Y,
    rhs=theta - alpha * X.T * X * theta + alpha * X * X.T * theta_star,
    expect="error", source="DNN HW1 (seed 003), Q3 eq. (21)",
)
# Seed 003 eq. (23): ζᵏ = ζ⁰(I − αXᵀX), a d-vector times a d×d matrix.
error_closed_form = Claim(
    "seed 003 (23): zeta_k = zeta0 (I - alpha X^T X)",
    lhs=zetak, rhs=zeta0 * (Id - alpha * X.T * X),
    expect="error", source="DNN HW1 (seed 003), Q3 eq. (23)",
)
