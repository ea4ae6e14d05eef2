"""Optimality claims with symcheck's argmin/argmax constructs (issue 5): MAP = ridge and its relatives.

EECS182 HW0 ridge (c) MAP (seed 004), the augmentation perspective with a general
prior (seeds 000, 002), and least squares. X is n×d, y an n-vector, w the d-vector
variable, λ > 0. `argmin(f, w) == v` means "f has exactly one global minimiser and it
is v" (docs/constructs.md); the proofs go by stationarity plus a positive-definite
Hessian, the refutations by solving the exact stationarity system on an instance.
"""
from sympy import BlockMatrix, Eq, Identity, MatrixSymbol, Q, Trace, ZeroMatrix, sqrt, symbols

from symcheck import Claim, argmax, argmin, gaussian_log_density, sqnorm

n, d = symbols("n d", integer=True, positive=True)
lam, sigma, tau = symbols("lambda sigma tau", positive=True)
X = MatrixSymbol("X", n, d)
y = MatrixSymbol("y", n, 1)
w = MatrixSymbol("w", d, 1)
Sigma = MatrixSymbol("Sigma", d, d)
Gamma = MatrixSymbol("Gamma", d, d)
Id = Identity(d)

SRC = "EECS182 HW0 (seed 004), ridge part (c) MAP"
SRC_PRIOR = "EECS182 HW0 (seeds 000/002), augmentation with a general prior"
PRIOR = [Q.positive_definite(Sigma), Q.symmetric(Sigma)]

w_ridge = (X.T * X + lam * Id).I * X.T * y
ridge_objective = sqnorm(y - X * w) + lam * sqnorm(w)

# The seed's model: w ~ N(0, I), y = Xw + √λ N with N ~ N(0, I).
seed_log_posterior = gaussian_log_density(y, X * w, lam) + gaussian_log_density(w, 0, 1)
# The general model: y = Xw + ε, ε ~ N(0, σ²I), w ~ N(0, τ²I).
log_posterior = gaussian_log_density(y, X * w, sigma**2) + gaussian_log_density(w, 0, tau**2)

ridge_argmin = Claim(
    "argmin ||y - Xw||^2 + lam ||w||^2 = (X^T X + lam I)^-1 X^T y",
    lhs=argmin(ridge_objective, w), rhs=w_ridge,
    expect="proved", source="EECS182 HW0 (seed 004), ridge part (a)",
)
ridge_argmin_twin = Claim(
    "twin: argmin ||y - Xw||^2 + lam ||w||^2 = (X^T X + 2 lam I)^-1 X^T y",
    lhs=argmin(ridge_objective, w), rhs=(X.T * X + 2 * lam * Id).I * X.T * y,
    expect="refuted", source="EECS182 HW0 (seed 004), ridge part (a), mutated (1/2 lost in the gradient)",
)
ols_argmin = Claim(
    "argmin ||y - Xw||^2 = (X^T X)^-1 X^T y (X^T X invertible)",
    lhs=argmin(sqnorm(y - X * w), w), rhs=(X.T * X).I * X.T * y,
    expect="proved", source="EECS182 HW0 (seed 004), least squares (a)",
)
map_seed_posterior = Claim(
    "MAP: argmax exp(-||y - Xw||^2/(2 lam) - ||w||^2/2) = ridge solution",
    lhs=argmax(-sqnorm(y - X * w) / (2 * lam) - sqnorm(w) / 2, w), rhs=w_ridge,
    expect="proved", source=f"{SRC}, posterior up to a constant",
)
map_seed_densities = Claim(
    "MAP: argmax log N(y; Xw, lam I) + log N(w; 0, I) = ridge solution",
    lhs=argmax(seed_log_posterior, w), rhs=w_ridge,
    expect="proved", source=f"{SRC}, with the Gaussian log-densities in full",
)
map_general = Claim(
    "MAP with noise sigma^2 and prior tau^2 = ridge with lam = sigma^2/tau^2",
    lhs=argmax(log_posterior, w), rhs=(X.T * X + sigma**2 / tau**2 * Id).I * X.T * y,
    expect="proved", source="issue 5: MAP = ridge, lambda = sigma^2/tau^2",
)
map_general_inverted_ratio = Claim(
    "wrong lambda: MAP = ridge with lam = tau^2/sigma^2",
    lhs=argmax(log_posterior, w), rhs=(X.T * X + tau**2 / sigma**2 * Id).I * X.T * y,
    expect="refuted", source="issue 5: MAP = ridge, ratio inverted",
)
map_general_unsquared = Claim(
    "wrong lambda: MAP = ridge with lam = sigma/tau",
    lhs=argmax(log_posterior, w), rhs=(X.T * X + sigma / tau * Id).I * X.T * y,
    expect="refuted", source="issue 5: MAP = ridge, standard deviations instead of variances",
)
map_is_argmin_of_negative = Claim(
    "argmax log posterior = argmin of the ridge objective's solution (lam = sigma^2/tau^2 form)",
    lhs=argmin(sqnorm(y - X * w) / (2 * sigma**2) + sqnorm(w) / (2 * tau**2), w),
    rhs=(X.T * X + sigma**2 / tau**2 * Id).I * X.T * y,
    expect="proved", source="issue 5: negative log posterior up to a constant",
)

# The chatbot writes the objective (1/2λ)‖y − Xw‖² + (λ/2)‖w‖² and "multiplies by 2λ".
chatbot_objective = sqnorm(y - X * w) / (2 * lam) + lam / 2 * sqnorm(w)
chatbot_claimed_minimiser = Claim(
    "chatbot: argmin (1/2lam)||y - Xw||^2 + (lam/2)||w||^2 = (X^T X + lam I)^-1 X^T y",
    lhs=argmin(chatbot_objective, w), rhs=w_ridge,
    expect="refuted", source=f"{SRC}, chatbot's objective (false step)",
)
chatbot_true_minimiser = Claim(
    "what the chatbot's objective really minimises at: (X^T X + lam^2 I)^-1 X^T y",
    lhs=argmin(chatbot_objective, w), rhs=(X.T * X + lam**2 * Id).I * X.T * y,
    expect="proved", source=f"{SRC}, chatbot's objective, solved correctly",
)

general_prior_argmin = Claim(
    "argmin ||y - Xw||^2 + w^T Sigma^-1 w = (X^T X + Sigma^-1)^-1 X^T y",
    lhs=argmin(sqnorm(y - X * w) + Trace(w.T * Sigma.I * w), w), rhs=(X.T * X + Sigma.I).I * X.T * y,
    assume=PRIOR, expect="proved", source=f"{SRC_PRIOR}, (ii)",
)
general_prior_argmin_twin = Claim(
    "twin: argmin ||y - Xw||^2 + w^T Sigma^-1 w = (X^T X + Sigma)^-1 X^T y",
    lhs=argmin(sqnorm(y - X * w) + Trace(w.T * Sigma.I * w), w), rhs=(X.T * X + Sigma).I * X.T * y,
    assume=PRIOR, expect="refuted", source=f"{SRC_PRIOR}, mutated (prior covariance not inverted)",
)

X_aug = BlockMatrix([[X], [sqrt(lam) * Id]])
y_aug = BlockMatrix([[y], [ZeroMatrix(d, 1)]])
augmented_argmin = Claim(
    "argmin ||y_hat - X_hat w||^2 with X_hat = [X; sqrt(lam) I], y_hat = [y; 0] is the ridge solution",
    lhs=argmin(sqnorm(y_aug - X_aug * w), w), rhs=w_ridge,
    expect="proved", source="EECS182 HW0 (seed 004), ridge (d) fake data",
)
X_prior = BlockMatrix([[X], [Gamma]])
augmented_prior_argmin = Claim(
    "argmin ||[y; 0] - [X; Gamma] w||^2 = (X^T X + Sigma^-1)^-1 X^T y when Gamma^T Gamma = Sigma^-1",
    lhs=argmin(sqnorm(y_aug - X_prior * w), w), rhs=(X.T * X + Sigma.I).I * X.T * y,
    assume=PRIOR + [Eq(Gamma.T * Gamma, Sigma.I)], expect="proved", source=f"{SRC_PRIOR}, (i)-(ii)",
)
