"""Ridge as OLS on augmented data, fake features, and a general Gaussian prior.

EECS182 HW0 ridge parts (d), (e) (seed 004) and "Regularization from the
augmentation perspective" (seeds 000, 002). X is n×d, y an n-vector, λ > 0:
X̂ = [X; √λ I_d], ŷ = [y; 0_d]; X̃ = [X, √λ I_n]; for the general prior
X̂ = [X; Γ] with ΓᵀΓ = Σ⁻¹ (Σ symmetric positive definite).
"""
from sympy import BlockMatrix, Eq, Identity, MatrixSymbol, Q, ZeroMatrix, sqrt, symbols

from symcheck import Claim, argmin, sqnorm

n, d = symbols("n d", integer=True, positive=True)
lam = symbols("lambda", positive=True)
X = MatrixSymbol("X", n, d)
y = MatrixSymbol("y", n, 1)
w = MatrixSymbol("w", d, 1)
Gamma = MatrixSymbol("Gamma", d, d)
Sigma = MatrixSymbol("Sigma", d, d)

In, Id = Identity(n), Identity(d)
POS = [Q.positive(lam)]
SRC = "EECS182 HW0 (seed 004), ridge (d) fake data"
SRC_E = "EECS182 HW0 (seed 004), ridge (e) fake features"
SRC_PRIOR = "EECS182 HW0 (seeds 000/002), augmentation with a general prior"

Xhat = BlockMatrix([[X], [sqrt(lam) * Id]])
yhat = BlockMatrix([[y], [ZeroMatrix(d, 1)]])
w_ridge = (X.T * X + lam * Id).I * X.T * y

augmented_residual = Claim(
    "||yhat - Xhat w||^2 = ||y - Xw||^2 + lam ||w||^2",
    lhs=sqnorm(yhat - Xhat * w), rhs=sqnorm(y - X * w) + lam * sqnorm(w),
    assume=POS, expect="proved", source=SRC,
)
augmented_residual_twin = Claim(
    "twin: ||yhat - Xhat w||^2 = ||y - Xw||^2 + sqrt(lam) ||w||^2",
    lhs=sqnorm(yhat - Xhat * w), rhs=sqnorm(y - X * w) + sqrt(lam) * sqnorm(w),
    assume=POS, expect="refuted", source=f"{SRC}, mutated (sqrt kept)",
)
augmented_gram = Claim(
    "Xhat^T Xhat = X^T X + lam I",
    lhs=Xhat.T * Xhat, rhs=X.T * X + lam * Id,
    assume=POS, expect="proved", source=SRC,
)
augmented_gram_twin = Claim(
    "twin: Xhat^T Xhat = X^T X + sqrt(lam) I",
    lhs=Xhat.T * Xhat, rhs=X.T * X + sqrt(lam) * Id,
    assume=POS, expect="refuted", source=f"{SRC}, mutated (sqrt kept)",
)
augmented_rhs = Claim(
    "Xhat^T yhat = X^T y",
    lhs=Xhat.T * yhat, rhs=X.T * y,
    assume=POS, expect="proved", source=SRC,
)
augmented_solution = Claim(
    "(Xhat^T Xhat)^-1 Xhat^T yhat = (X^T X + lam I)^-1 X^T y",
    lhs=(Xhat.T * Xhat).I * Xhat.T * yhat, rhs=w_ridge,
    assume=POS, expect="proved", source=f"{SRC}, same minimiser as ridge",
)

# Fake features: X̃ = [X, √λ I_n] (n × (d + n)), min-norm solution η* = X̃ᵀ(X̃X̃ᵀ)⁻¹y.
Xtil = BlockMatrix([[X, sqrt(lam) * In]])
eta = Xtil.T * (Xtil * Xtil.T).I * y
fake_features_gram = Claim(
    "Xtil Xtil^T = X X^T + lam I",
    lhs=Xtil * Xtil.T, rhs=X * X.T + lam * In,
    assume=POS, expect="proved", source=SRC_E,
)
fake_features_gram_twin = Claim(
    "twin: Xtil Xtil^T = X X^T + lam^2 I",
    lhs=Xtil * Xtil.T, rhs=X * X.T + lam**2 * In,
    assume=POS, expect="refuted", source=f"{SRC_E}, mutated (changed power)",
)
fake_features_eta = Claim(
    "eta* = [X^T (X X^T + lam I)^-1 y; sqrt(lam) (X X^T + lam I)^-1 y]",
    lhs=eta,
    rhs=BlockMatrix([[X.T * (X * X.T + lam * In).I * y], [sqrt(lam) * (X * X.T + lam * In).I * y]]),
    assume=POS, expect="proved", source=f"{SRC_E}, block form of the min-norm solution",
)
fake_features_top = Claim(
    "first d coordinates of eta* = X^T (X X^T + lam I)^-1 y",
    lhs=BlockMatrix([[Id, ZeroMatrix(d, n)]]) * eta, rhs=X.T * (X * X.T + lam * In).I * y,
    assume=POS, expect="proved", source=SRC_E,
)
fake_features_top_is_ridge = Claim(
    "first d coordinates of eta* = (X^T X + lam I)^-1 X^T y",
    lhs=BlockMatrix([[Id, ZeroMatrix(d, n)]]) * eta, rhs=w_ridge,
    assume=POS, expect="proved", source=f"{SRC_E}, the top block is the ridge solution",
)
fake_features_bottom_twin = Claim(
    "twin: last n coordinates of eta* = (X X^T + lam I)^-1 y (sqrt(lam) lost)",
    lhs=BlockMatrix([[ZeroMatrix(n, d), In]]) * eta, rhs=(X * X.T + lam * In).I * y,
    assume=POS, expect="refuted", source=f"{SRC_E}, mutated",
)
# The chatbot's substitution check: with v = (y − Xw)/√λ, ‖w‖² + ‖v‖² = (ridge objective)/λ.
fake_features_substitution = Claim(
    "lam (||w||^2 + ||(y - Xw)/sqrt(lam)||^2) = ||y - Xw||^2 + lam ||w||^2",
    lhs=lam * (sqnorm(w) + sqnorm((y - X * w) / sqrt(lam))), rhs=sqnorm(y - X * w) + lam * sqnorm(w),
    assume=POS, expect="proved", source=f"{SRC_E}, chatbot's intuitive check",
)

# General prior: X̂ = [X; Γ], ŷ = [y; 0].
Xg = BlockMatrix([[X], [Gamma]])
PRIOR = [Eq(Gamma.T * Gamma, Sigma.I), Q.symmetric(Sigma), Q.positive_definite(Sigma)]
prior_gram = Claim(
    "[X; Gamma]^T [X; Gamma] = X^T X + Gamma^T Gamma",
    lhs=Xg.T * Xg, rhs=X.T * X + Gamma.T * Gamma,
    expect="proved", source=SRC_PRIOR,
)
prior_gram_twin = Claim(
    "twin: [X; Gamma]^T [X; Gamma] = X^T X + Gamma Gamma^T",
    lhs=Xg.T * Xg, rhs=X.T * X + Gamma * Gamma.T,
    expect="refuted", source=f"{SRC_PRIOR}, mutated (transpose on the wrong side)",
)
prior_rhs = Claim(
    "[X; Gamma]^T [y; 0] = X^T y",
    lhs=Xg.T * yhat, rhs=X.T * y,
    expect="proved", source=f"{SRC_PRIOR}, seed 000: X^T y + Gamma^T 0",
)
prior_solution = Claim(
    "(Xhat^T Xhat)^-1 Xhat^T yhat = (X^T X + Sigma^-1)^-1 X^T y when Gamma^T Gamma = Sigma^-1",
    lhs=(Xg.T * Xg).I * Xg.T * yhat, rhs=(X.T * X + Sigma.I).I * X.T * y,
    assume=PRIOR, expect="proved", source=SRC_PRIOR,
)
prior_solution_twin = Claim(
    "twin: ... = (X^T X + Sigma)^-1 X^T y when Gamma^T Gamma = Sigma^-1",
    lhs=(Xg.T * Xg).I * Xg.T * yhat, rhs=(X.T * X + Sigma).I * X.T * y,
    assume=PRIOR, expect="refuted", source=f"{SRC_PRIOR}, mutated (inverse dropped)",
)
# Seed 002 claims [Xᵀ Γᵀ][X; Γ] = XᵀX + ΓᵀΓ "since X and Γ are both square": the block
# identity needs no squareness, so it is proved for a rectangular X as well (prior_gram).

augmented_argmin = Claim(
    "argmin_w ||yhat - Xhat w||^2 = (X^T X + lam I)^-1 X^T y",
    lhs=argmin(sqnorm(yhat - Xhat * w), w), rhs=w_ridge,
    assume=POS, expect="proved", source=f"{SRC}, same minimiser as (1)",
)
