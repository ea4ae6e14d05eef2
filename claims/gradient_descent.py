"""Gradient descent: EECS182 HW0 "GD doesn't go nuts" (seeds 000, 002) and DNN HW1 Q1–Q3 (seed 003).

F is n×d, w a d-vector, y an n-vector, η > 0 (seed 000 takes n = d; the rewrite
holds for any shape). Seed 003: X is n×d, θ, θ* d-vectors with XᵀXθ* = XᵀY (θ* a
least-squares minimiser), V (d×d) orthogonal, Σ (d×d) diagonal, k a
non-negative integer.
"""
from sympy import (
    Abs, BlockMatrix, Derivative, Eq, Identity, Limit, MatPow, MatrixSymbol, Q, oo, sqrt, symbols,
)

from symcheck import Claim, norm, sqnorm

n, d = symbols("n d", integer=True, positive=True)
k = symbols("k", integer=True, nonnegative=True)
eta = symbols("eta", positive=True)
alpha = symbols("alpha", positive=True)
theta, theta0 = symbols("theta theta0", real=True)
s1 = symbols("sigma1", positive=True)
F = MatrixSymbol("F", n, d)
w = MatrixSymbol("w", d, 1)
y = MatrixSymbol("y", n, 1)
V = MatrixSymbol("V", d, d)
Lam = MatrixSymbol("Lambda", d, d)
U = MatrixSymbol("U", n, n)
S = MatrixSymbol("S", n, d)

Id = Identity(d)
SRC = "EECS182 HW0 (seeds 000/002), GD with ill-conditioning"
SRC3 = "DNN HW1 (seed 003)"

# The update wₜ = wₜ₋₁ − η Fᵀ(F wₜ₋₁ − y).
gd_rewrite = Claim(
    "w - eta F^T (F w - y) = (I - eta F^T F) w + eta F^T y",
    lhs=w - eta * F.T * (F * w - y), rhs=(Id - eta * F.T * F) * w + eta * F.T * y,
    expect="proved", source=f"{SRC}, update rewrite",
)
gd_rewrite_twin = Claim(
    "twin: w - eta F^T (F w - y) = (I - eta F^T F) w - eta F^T y",
    lhs=w - eta * F.T * (F * w - y), rhs=(Id - eta * F.T * F) * w - eta * F.T * y,
    expect="refuted", source=f"{SRC}, mutated (sign)",
)
G = MatrixSymbol("G", n, n)  # seed 000's square feature matrix (n = d)
u = MatrixSymbol("u", n, 1)
gd_rewrite_twin_transpose = Claim(
    "twin: u - eta G^T (G u - y) = (I - eta G^T G) u + eta G y  (square G)",
    lhs=u - eta * G.T * (G * u - y), rhs=(Identity(n) - eta * G.T * G) * u + eta * G * y,
    expect="refuted", source=f"{SRC}, mutated (transpose dropped; n = d as in seed 000)",
)
# Seed 000 "takes the norm of both sides" and gets a triangle *equality*. Its own line is
# ill-typed (see ill_typed.py); the well-typed reading is false: F = 1, w = 1, y = -1,
# eta = 1/2 gives 0 on the left and 1 on the right.
triangle_equality = Claim(
    "||(I - eta F^T F) w + eta F^T y|| = ||(I - eta F^T F) w|| + eta ||F^T y||",
    lhs=norm((Id - eta * F.T * F) * w + eta * F.T * y),
    rhs=norm((Id - eta * F.T * F) * w) + eta * norm(F.T * y),
    expect="refuted", source=f"{SRC}, seed 000's norm step read with the product in the right order",
)
triangle_inequality = Claim(
    "||(I - eta F^T F) w + eta F^T y|| <= ||(I - eta F^T F) w|| + eta ||F^T y||",
    lhs=norm((Id - eta * F.T * F) * w + eta * F.T * y),
    rhs=norm((Id - eta * F.T * F) * w) + eta * norm(F.T * y), relation="<=",
    expect="proved", source=f"{SRC}, seed 002's triangle inequality",
)
# Seed 002: ‖UΣVᵀw‖ = ‖Σw‖ drops Vᵀ; only U can be dropped.
orthogonal_left_factor = Claim(
    "||U S V^T w||^2 = ||S V^T w||^2 for orthogonal U",
    lhs=sqnorm(U * S * V.T * w), rhs=sqnorm(S * V.T * w),
    assume=[Q.orthogonal(U), Q.orthogonal(V)], expect="proved", source=f"{SRC}, seed 002's SVD step",
)
orthogonal_drop_right = Claim(
    "seed 002: ||U S V^T w||^2 = ||S w||^2",
    lhs=sqnorm(U * S * V.T * w), rhs=sqnorm(S * w),
    assume=[Q.orthogonal(U), Q.orthogonal(V)], expect="refuted", source=f"{SRC}, seed 002's SVD step as written",
)
# Seed 000 (2): FᵀF for F = VΛVᵀ.
FtF_expand = Claim(
    "(V Lam V^T)^T (V Lam V^T) = V Lam^T V^T V Lam V^T",
    lhs=(V * Lam * V.T).T * (V * Lam * V.T), rhs=V * Lam.T * V.T * V * Lam * V.T,
    expect="proved", source=f"{SRC}, seed 000 part 2",
)
FtF_diagonal = Claim(
    "(V Lam V^T)^T (V Lam V^T) = V Lam^2 V^T (V orthogonal, Lam diagonal)",
    lhs=(V * Lam * V.T).T * (V * Lam * V.T), rhs=V * Lam**2 * V.T,
    assume=[Q.orthogonal(V), Q.diagonal(Lam)], expect="proved", source=f"{SRC}, seed 000 part 2",
)
FtF_general_twin = Claim(
    "twin: (V Lam V^T)^T (V Lam V^T) = V Lam^2 V^T (Lam not diagonal)",
    lhs=(V * Lam * V.T).T * (V * Lam * V.T), rhs=V * Lam**2 * V.T,
    assume=[Q.orthogonal(V)], expect="refuted", source=f"{SRC}, seed 000 part 2, mutated (assumption dropped)",
)
# Seed 000: √(‖Λ‖²) = ‖Λ‖² (the seed means the spectral norm; the Frobenius norm here
# fails the same way: Λ = 2 gives 2 vs 4).
sqrt_of_square_norm = Claim(
    "seed 000: sqrt(||Lam||^2) = ||Lam||^2",
    lhs=sqrt(sqnorm(Lam)), rhs=sqnorm(Lam),
    expect="refuted", source=f"{SRC}, seed 000 part 2",
)
sqrt_of_square_norm_right = Claim(
    "sqrt(||Lam||^2) = ||Lam||",
    lhs=sqrt(sqnorm(Lam)), rhs=norm(Lam),
    expect="proved", source=f"{SRC}, seed 000 part 2 corrected",
)
# Seed 000 also writes F = VΛV⁻¹ ⇒ F⁻¹ = VΛ⁻¹V; the inverse is VΛ⁻¹V⁻¹
# (d = 1, V = 2, Λ = 1: 1 vs 4).
eig_inverse = Claim(
    "(V Lam V^-1)^-1 = V Lam^-1 V^-1",
    lhs=(V * Lam * V.I).I, rhs=V * Lam.I * V.I,
    expect="proved", source=f"{SRC}, seed 000 part 1 corrected",
)
eig_inverse_seed = Claim(
    "seed 000: (V Lam V^-1)^-1 = V Lam^-1 V",
    lhs=(V * Lam * V.I).I, rhs=V * Lam.I * V,
    assume=[Q.diagonal(Lam)], expect="refuted", source=f"{SRC}, seed 000 part 1",
)

# Seed 003 Q1: the gradient of ½‖Xθ − Y‖² (a column: denominator layout).
X = MatrixSymbol("X", n, d)
Y = MatrixSymbol("Y", n, 1)
th = MatrixSymbol("theta", d, 1)
th_star = MatrixSymbol("theta_star", d, 1)
z0 = MatrixSymbol("zeta0", d, 1)
Sig = MatrixSymbol("Sigma", d, d)
xi = MatrixSymbol("x_i", d, 1)
yi = MatrixSymbol("y_i", 1, 1)  # a scalar target as a 1×1 block, so it can meet x_iᵀθ
x1, x2 = MatrixSymbol("x_1", d, 1), MatrixSymbol("x_2", d, 1)
y1, y2 = MatrixSymbol("y_1", 1, 1), MatrixSymbol("y_2", 1, 1)

ls_gradient = Claim(
    "grad (1/2)||X theta - Y||^2 = X^T (X theta - Y)",
    lhs=Derivative(sqnorm(X * th - Y) / 2, th), rhs=X.T * (X * th - Y), layout="denominator",
    expect="proved", source=f"{SRC3} Q1(b)",
)
ls_gradient_twin = Claim(
    "twin: grad (1/2)||X theta - Y||^2 = 2 X^T (X theta - Y)",
    lhs=Derivative(sqnorm(X * th - Y) / 2, th), rhs=2 * X.T * (X * th - Y), layout="denominator",
    expect="refuted", source=f"{SRC3} Q1(b), mutated (changed constant)",
)
per_sample_gradient = Claim(
    "grad (1/2)(x_i^T theta - y_i)^2 = (x_i^T theta - y_i) x_i",
    lhs=Derivative(sqnorm(xi.T * th - yi) / 2, th), rhs=xi * (xi.T * th - yi), layout="denominator",
    expect="proved", source=f"{SRC3} Q1(a)",
)
sum_of_samples = Claim(
    "X^T (X theta - Y) = sum_i (x_i^T theta - y_i) x_i  (two rows)",
    lhs=BlockMatrix([[x1.T], [x2.T]]).T * (BlockMatrix([[x1.T], [x2.T]]) * th - BlockMatrix([[y1], [y2]])),
    rhs=x1 * (x1.T * th - y1) + x2 * (x2.T * th - y2),
    expect="proved", source=f"{SRC3} Q1(b), the sum over rows",
)

# Seed 003 Q2: scalar GD on f(θ) = θ²/2.
scalar_derivative = Claim(
    "d(theta^2/2)/dtheta = theta",
    lhs=Derivative(theta**2 / 2, theta), rhs=theta,
    expect="proved", source=f"{SRC3} Q2",
)
scalar_step = Claim(
    "theta0 (1 - alpha)^(k+1) = theta0 (1 - alpha)^k - alpha theta0 (1 - alpha)^k",
    lhs=theta0 * (1 - alpha) ** (k + 1), rhs=theta0 * (1 - alpha) ** k - alpha * theta0 * (1 - alpha) ** k,
    assume=[Q.integer(k), Q.nonnegative(k)],
    expect="proved", source=f"{SRC3} Q2, theta^(k) = theta^(0) (1 - alpha)^k by induction",
)
scalar_step_twin = Claim(
    "twin: theta0 (1 - alpha)^(k+1) = theta0 (1 - alpha)^k - alpha theta0",
    lhs=theta0 * (1 - alpha) ** (k + 1), rhs=theta0 * (1 - alpha) ** k - alpha * theta0,
    assume=[Q.integer(k), Q.nonnegative(k)],
    expect="refuted", source=f"{SRC3} Q2, mutated",
)
diverges_ratio = Claim(
    "alpha > 2 => |1 - alpha| > 1",
    lhs=Abs(1 - alpha), rhs=1, relation=">",
    assume=[alpha > 2], expect="proved", source=f"{SRC3} Q2, divergence",
)
diverges_ratio_twin = Claim(
    "twin: alpha > 1 => |1 - alpha| > 1",
    lhs=Abs(1 - alpha), rhs=1, relation=">",
    assume=[alpha > 1], expect="refuted", source=f"{SRC3} Q2, mutated (threshold)",
)
converges_ratio = Claim(
    "0 < alpha < 2 => |1 - alpha| < 1",
    lhs=Abs(1 - alpha), rhs=1, relation="<",
    assume=[alpha < 2], expect="proved", source=f"{SRC3} Q2, the converging side",
)
diverges_limit = Claim(
    "alpha > 2, theta0 != 0 => lim_k |theta0| |1 - alpha|^k = oo",
    lhs=Limit(Abs(theta0) * Abs(1 - alpha) ** k, k, oo), rhs=oo,
    assume=[alpha > 2, Abs(theta0) > 0], expect="proved", source=f"{SRC3} Q2, theta^(k) -> infinity",
)

# Seed 003 Q3: the error recursion.
NORMAL = [Eq(X.T * X * th_star, X.T * Y)]
error_recursion = Claim(
    "theta - alpha X^T (X theta - Y) - theta* = (I - alpha X^T X)(theta - theta*)",
    lhs=th - alpha * X.T * (X * th - Y) - th_star, rhs=(Id - alpha * X.T * X) * (th - th_star),
    assume=NORMAL, expect="proved", source=f"{SRC3} Q3, eq. (22)",
)
error_recursion_no_assumption = Claim(
    "twin: error recursion without X^T X theta* = X^T Y",
    lhs=th - alpha * X.T * (X * th - Y) - th_star, rhs=(Id - alpha * X.T * X) * (th - th_star),
    expect="refuted", source=f"{SRC3} Q3, eq. (22), mutated (assumption dropped)",
)
error_power_step = Claim(
    "(I - alpha X^T X)^(k+1) zeta0 = (I - alpha X^T X)(I - alpha X^T X)^k zeta0",
    lhs=MatPow(Id - alpha * X.T * X, k + 1) * z0, rhs=(Id - alpha * X.T * X) * MatPow(Id - alpha * X.T * X, k) * z0,
    assume=[Q.integer(k), Q.nonnegative(k)], expect="proved", source=f"{SRC3} Q3, closed form by induction",
)
ORTHO_DIAG = [Q.orthogonal(V), Q.diagonal(Sig), Q.integer(k), Q.nonnegative(k)]
Ut = MatrixSymbol("U_thin", n, d)
gram_svd_semi_orthogonal = Claim(
    "X = U Sigma V^T with U^T U = I: X^T X = V Sigma^2 V^T",
    lhs=(Ut * Sig * V.T).T * (Ut * Sig * V.T), rhs=V * Sig**2 * V.T,
    assume=[Eq(Ut.T * Ut, Id), Q.orthogonal(V), Q.diagonal(Sig)],
    expect="proved", source=f"{SRC3} Q3, eq. (24) (thin SVD)",
)
error_power_svd = Claim(
    "(V V^T - alpha V Sigma^2 V^T)^k = V (I - alpha Sigma^2)^k V^T",
    lhs=MatPow(V * V.T - alpha * V * Sig**2 * V.T, k), rhs=V * MatPow(Id - alpha * Sig**2, k) * V.T,
    assume=ORTHO_DIAG, expect="proved", source=f"{SRC3} Q3, eqs. (25)-(26)",
)
error_norm = Claim(
    "||V (I - alpha Sigma^2)^k V^T zeta0||^2 = zeta0^T V (I - alpha Sigma^2)^(2k) V^T zeta0",
    lhs=sqnorm(V * MatPow(Id - alpha * Sig**2, k) * V.T * z0),
    rhs=z0.T * V * MatPow(Id - alpha * Sig**2, 2 * k) * V.T * z0,
    assume=ORTHO_DIAG, expect="proved", source=f"{SRC3} Q3, eq. (27) corrected",
)
# The seed swaps V and Vᵀ in (27): with d = 2, V a rotation and Σ = diag(1, 0),
# α = 2, k = 1 the two sides differ.
error_norm_seed = Claim(
    "seed 003 (27): ||zeta_k||^2 = zeta0^T V^T (I - alpha Sigma^2)^(2k) V zeta0",
    lhs=sqnorm(V * MatPow(Id - alpha * Sig**2, k) * V.T * z0),
    rhs=z0.T * V.T * MatPow(Id - alpha * Sig**2, 2 * k) * V * z0,
    assume=ORTHO_DIAG, expect="refuted", source=f"{SRC3} Q3, eq. (27) as written",
)
step_size = Claim(
    "alpha > 2/sigma1^2 => |1 - alpha sigma1^2| > 1",
    lhs=Abs(1 - alpha * s1**2), rhs=1, relation=">",
    assume=[alpha > 2 / s1**2], expect="proved", source=f"{SRC3} Q3, divergence condition",
)
step_size_twin = Claim(
    "twin: alpha > 1/sigma1^2 => |1 - alpha sigma1^2| > 1",
    lhs=Abs(1 - alpha * s1**2), rhs=1, relation=">",
    assume=[alpha > 1 / s1**2], expect="refuted", source=f"{SRC3} Q3, mutated (threshold)",
)
