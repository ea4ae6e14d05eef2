"""MAP estimation = ridge: EECS182 HW0 ridge part (c) (seed 004), issue 5's MAP claims.

Seed normalisation: w ~ N(0, I), y = Xw + √λ N with N ~ N(0, I), so the negative log
posterior is f(w) = ‖y − Xw‖²/(2λ) + ‖w‖²/2 up to a constant. "MAP = ridge" is stated
directly with symcheck's `argmax`/`argmin` constructs, and through its parts: f is a
positive multiple of the ridge objective, its gradient vanishes at the ridge
solution, and its Hessian is positive definite (so the stationary point is the
unique minimiser).
The general form uses ε ~ N(0, σ²I), w ~ N(0, τ²I) and λ = σ²/τ².
"""
from sympy import Derivative, Identity, MatrixSymbol, Q, ZeroMatrix, exp, log, symbols

from symcheck import Claim, argmax, argmin, gaussian_log_density, sqnorm

n, d = symbols("n d", integer=True, positive=True)
lam, sigma, tau = symbols("lambda sigma tau", positive=True)
X = MatrixSymbol("X", n, d)
y = MatrixSymbol("y", n, 1)
w = MatrixSymbol("w", d, 1)
v = MatrixSymbol("v", d, 1)
Id = Identity(d)

POS = [Q.positive(lam)]
SRC = "EECS182 HW0 (seed 004), ridge part (c) MAP"

neg_log_posterior = sqnorm(y - X * w) / (2 * lam) + sqnorm(w) / 2
ridge_objective = sqnorm(y - X * w) + lam * sqnorm(w)
w_ridge = (X.T * X + lam * Id).I * X.T * y

log_posterior = Claim(
    "-log(exp(-||y - Xw||^2/(2 lam)) exp(-||w||^2/2)) = ||y - Xw||^2/(2 lam) + ||w||^2/2",
    lhs=-log(exp(-sqnorm(y - X * w) / (2 * lam)) * exp(-sqnorm(w) / 2)), rhs=neg_log_posterior,
    assume=POS, expect="proved", source=f"{SRC}, steps 1-3 (likelihood times prior)",
)
scaled_objective = Claim(
    "2 lam f(w) = ||y - Xw||^2 + lam ||w||^2",
    lhs=2 * lam * neg_log_posterior, rhs=ridge_objective,
    assume=POS, expect="proved", source=f"{SRC}, step 4 done right",
)
gradient = Claim(
    "grad f(w) = X^T (X w - y)/lam + w",
    lhs=Derivative(neg_log_posterior, w), rhs=X.T * (X * w - y) / lam + w, layout="denominator",
    assume=POS, expect="proved", source=f"{SRC}, stationarity of the negative log posterior",
)
gradient_twin = Claim(
    "twin: grad f(w) = X^T (X w - y)/lam + lam w",
    lhs=Derivative(neg_log_posterior, w), rhs=X.T * (X * w - y) / lam + lam * w, layout="denominator",
    assume=POS, expect="refuted", source=f"{SRC}, mutated (chatbot's prior weight)",
)
stationary_at_ridge = Claim(
    "X^T (X w_r - y)/lam + w_r = 0 at w_r = (X^T X + lam I)^-1 X^T y",
    lhs=X.T * (X * w_ridge - y) / lam + w_ridge, rhs=ZeroMatrix(d, 1),
    assume=POS, expect="proved", source=f"{SRC}, MAP = ridge",
)
hessian = Claim(
    "Hessian of f = X^T X/lam + I",
    lhs=Derivative(Derivative(neg_log_posterior, w), w), rhs=X.T * X / lam + Id, layout="denominator",
    assume=POS, expect="proved", source=f"{SRC}, convexity of the negative log posterior",
)
hessian_positive_definite = Claim(
    "v != 0 => v^T (X^T X/lam + I) v > 0",
    lhs=sqnorm(X * v) / lam + sqnorm(v), rhs=0, relation=">",
    assume=POS + [sqnorm(v) > 0], expect="proved", source=f"{SRC}, the stationary point is the unique minimiser",
)

# The chatbot writes the objective as (1/2λ)‖y − Xw‖² + (λ/2)‖w‖² and then "multiplies
# by 2λ" to get the ridge objective; 2λ times it is ‖y − Xw‖² + λ²‖w‖²
# (λ = 2, w = e1, X = 0, y = 0: 4 vs 2).
chatbot_objective = sqnorm(y - X * w) / (2 * lam) + lam * sqnorm(w) / 2
chatbot_multiply_by_2lam = Claim(
    "chatbot: 2 lam ((1/2lam)||y - Xw||^2 + (lam/2)||w||^2) = ||y - Xw||^2 + lam ||w||^2",
    lhs=2 * lam * chatbot_objective, rhs=ridge_objective,
    assume=POS, expect="refuted", source=f"{SRC}, chatbot's step 4 (false step)",
)
chatbot_objective_is_posterior = Claim(
    "chatbot: (1/2lam)||y - Xw||^2 + (lam/2)||w||^2 = -log posterior",
    lhs=chatbot_objective, rhs=neg_log_posterior,
    assume=POS, expect="refuted", source=f"{SRC}, chatbot's objective vs steps 1-3",
)
chatbot_stationary_at_ridge = Claim(
    "chatbot objective is stationary at the ridge solution",
    lhs=X.T * (X * w_ridge - y) / lam + lam * w_ridge, rhs=ZeroMatrix(d, 1),
    assume=POS, expect="refuted", source=f"{SRC}, consequence of the chatbot's objective",
)

# General noise and prior variances: λ = σ²/τ².
w_map = (X.T * X + (sigma**2 / tau**2) * Id).I * X.T * y
general_stationary = Claim(
    "X^T (X w - y)/sigma^2 + w/tau^2 = 0 at w = (X^T X + (sigma^2/tau^2) I)^-1 X^T y",
    lhs=X.T * (X * w_map - y) / sigma**2 + w_map / tau**2, rhs=ZeroMatrix(d, 1),
    assume=[Q.positive(sigma), Q.positive(tau)],
    expect="proved", source="issue 5: MAP with eps ~ N(0, sigma^2 I), w ~ N(0, tau^2 I) is ridge with lam = sigma^2/tau^2",
)
general_wrong_lambda = Claim(
    "wrong lambda: stationary at w = (X^T X + (tau^2/sigma^2) I)^-1 X^T y",
    lhs=X.T * (X * (X.T * X + (tau**2 / sigma**2) * Id).I * X.T * y - y) / sigma**2
    + (X.T * X + (tau**2 / sigma**2) * Id).I * X.T * y / tau**2,
    rhs=ZeroMatrix(d, 1),
    assume=[Q.positive(sigma), Q.positive(tau)],
    expect="refuted", source="issue 5: MAP = ridge with the ratio inverted",
)
general_wrong_factor = Claim(
    "wrong factor: stationary at w = (X^T X + (sigma/tau) I)^-1 X^T y",
    lhs=X.T * (X * (X.T * X + (sigma / tau) * Id).I * X.T * y - y) / sigma**2
    + (X.T * X + (sigma / tau) * Id).I * X.T * y / tau**2,
    rhs=ZeroMatrix(d, 1),
    assume=[Q.positive(sigma), Q.positive(tau)],
    expect="refuted", source="issue 5: MAP = ridge with standard deviations instead of variances",
)
general_gradient = Claim(
    "grad (||y - Xw||^2/(2 sigma^2) + ||w||^2/(2 tau^2)) = X^T (X w - y)/sigma^2 + w/tau^2",
    lhs=Derivative(sqnorm(y - X * w) / (2 * sigma**2) + sqnorm(w) / (2 * tau**2), w),
    rhs=X.T * (X * w - y) / sigma**2 + w / tau**2, layout="denominator",
    assume=[Q.positive(sigma), Q.positive(tau)],
    expect="proved", source="issue 5: negative log posterior with variances sigma^2, tau^2",
)

# The direct forms, with the argmax/argmin constructs.
log_post = gaussian_log_density(y, X * w, lam) + gaussian_log_density(w, 0, 1)
map_is_ridge = Claim(
    "argmax_w [log N(y; Xw, lam I) + log N(w; 0, I)] = (X^T X + lam I)^-1 X^T y",
    lhs=argmax(log_post, w), rhs=w_ridge,
    assume=POS, expect="proved", source=f"{SRC}, MAP = ridge",
)
map_is_ridge_twin = Claim(
    "twin: argmax_w [log N(y; Xw, lam I) + log N(w; 0, I)] = (X^T X + lam^2 I)^-1 X^T y",
    lhs=argmax(log_post, w), rhs=(X.T * X + lam**2 * Id).I * X.T * y,
    assume=POS, expect="refuted", source=f"{SRC}, mutated (the chatbot's lam^2)",
)
ridge_argmin = Claim(
    "argmin_w ||y - Xw||^2 + lam ||w||^2 = (X^T X + lam I)^-1 X^T y",
    lhs=argmin(ridge_objective, w), rhs=w_ridge,
    assume=POS, expect="proved", source="EECS182 HW0 (seed 004), ridge part (a)",
)
chatbot_argmin = Claim(
    "chatbot: argmin_w (1/2lam)||y - Xw||^2 + (lam/2)||w||^2 = (X^T X + lam I)^-1 X^T y",
    lhs=argmin(chatbot_objective, w), rhs=w_ridge,
    assume=POS, expect="refuted", source=f"{SRC}, the chatbot's objective has a different minimiser",
)
general_map = Claim(
    "argmax_w [log N(y; Xw, sigma^2 I) + log N(w; 0, tau^2 I)] = (X^T X + (sigma^2/tau^2) I)^-1 X^T y",
    lhs=argmax(gaussian_log_density(y, X * w, sigma**2) + gaussian_log_density(w, 0, tau**2), w), rhs=w_map,
    assume=[Q.positive(sigma), Q.positive(tau)], expect="proved",
    source="issue 5: MAP with eps ~ N(0, sigma^2 I), w ~ N(0, tau^2 I)",
)
general_map_wrong_lambda = Claim(
    "wrong lambda: argmax_w [...] = (X^T X + (tau^2/sigma^2) I)^-1 X^T y",
    lhs=argmax(gaussian_log_density(y, X * w, sigma**2) + gaussian_log_density(w, 0, tau**2), w),
    rhs=(X.T * X + (tau**2 / sigma**2) * Id).I * X.T * y,
    assume=[Q.positive(sigma), Q.positive(tau)], expect="refuted",
    source="issue 5: MAP = ridge with the ratio inverted",
)
