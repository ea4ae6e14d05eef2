"""The hat matrix and the expected training loss: CSC413 A1 1.2.2 (seed 001).

X is n×d with XᵀX invertible, H = X(XᵀX)⁻¹Xᵀ, t = Xw* + ε. The expectation
expected loss is stated both directly, with symcheck's `expectation` construct
(ε ~ N(0, σ²I)), and through its trace form σ² tr((H − I)ᵀ(H − I))/n.
"""
from sympy import Eq, Identity, MatrixSymbol, Q, Trace, symbols

from symcheck import Claim, dot, expectation, sqnorm

n, d = symbols("n d", integer=True, positive=True)
sigma = symbols("sigma", positive=True)
X = MatrixSymbol("X", n, d)
eps = MatrixSymbol("epsilon", n, 1)
w_star = MatrixSymbol("w_star", d, 1)
A = MatrixSymbol("A", n, n)

In = Identity(n)
H = X * (X.T * X).I * X.T
t = X * w_star + eps
SRC = "CSC413 A1 (seed 001), 1.2.2 expected training loss"

residual = Claim(
    "H t - t = (H - I) eps for t = X w* + eps",
    lhs=H * t - t, rhs=(H - In) * eps,
    expect="proved", source=f"{SRC}, L = (1/n)||(H - I) eps||^2",
)
residual_twin = Claim(
    "twin: H t - t = (H - I) t - X w*",
    lhs=H * t - t, rhs=(H - In) * t - X * w_star,
    expect="refuted", source=f"{SRC}, mutated (extra term)",
)
loss_form = Claim(
    "(1/n)||H t - t||^2 = (1/n) eps^T (H - I)^T (H - I) eps",
    lhs=sqnorm(H * t - t) / n, rhs=Trace(eps.T * (H - In).T * (H - In) * eps) / n,
    expect="proved", source=f"{SRC}, expanding the norm",
)
hat_idempotent = Claim(
    "H^2 = H",
    lhs=H * H, rhs=H,
    expect="proved", source=f"{SRC}, H is a projection",
)
hat_symmetric = Claim(
    "H^T = H",
    lhs=H.T, rhs=H,
    expect="proved", source=f"{SRC}, I - H is symmetric",
)
hat_fixes_X = Claim(
    "H X = X",
    lhs=H * X, rhs=X,
    expect="proved", source=f"{SRC}, the X w* terms cancel",
)
annihilator_squared = Claim(
    "(I - H)^2 = I - H",
    lhs=(In - H) * (In - H), rhs=In - H,
    expect="proved", source=f"{SRC}, idempotence",
)
annihilator_squared_twin = Claim(
    "twin: (I - H)^2 = I + H",
    lhs=(In - H) * (In - H), rhs=In + H,
    expect="refuted", source=f"{SRC}, mutated (sign)",
)
gram_of_residual_map = Claim(
    "(H - I)^T (H - I) = I - H",
    lhs=(H - In).T * (H - In), rhs=In - H,
    expect="proved", source=f"{SRC}, symmetric and idempotent",
)
idempotent_expansion = Claim(
    "(I - A)^2 = I - 2A + A^2",
    lhs=(In - A) * (In - A), rhs=In - 2 * A + A * A,
    expect="proved", source=f"{SRC}, seed's side note",
)
idempotent_rule = Claim(
    "A^2 = A => (I - A)^2 = I - A",
    lhs=(In - A) * (In - A), rhs=In - A,
    assume=[Eq(A * A, A)], expect="proved", source=f"{SRC}, seed's side note",
)
idempotent_rule_twin = Claim(
    "twin: (I - A)^2 = I - A without A^2 = A",
    lhs=(In - A) * (In - A), rhs=In - A,
    expect="refuted", source=f"{SRC}, mutated (assumption dropped)",
)
trace_annihilator = Claim(
    "tr(I - H) = n - d",
    lhs=Trace(In - H), rhs=n - d,
    expect="proved", source=f"{SRC}, trace of a projection",
)
trace_hat = Claim(
    "tr(H) = d",
    lhs=Trace(H), rhs=d,
    expect="proved", source=f"{SRC}, rank of X",
)
trace_annihilator_twin = Claim(
    "twin: tr(I - H) = n",
    lhs=Trace(In - H), rhs=n,
    expect="refuted", source=f"{SRC}, mutated",
)
# The seed's "cyclic property" line moves εᵀ next to ε: tr(εᵀMε) = tr(εᵀε M) is false
# (n = 2, d = 1, X = e1, ε = e1: 0 vs 1). The correct cyclic move is tr(Mεεᵀ).
cyclic_right = Claim(
    "tr(eps^T (H - I)^T (H - I) eps) = tr((H - I)^T (H - I) eps eps^T)",
    lhs=Trace(eps.T * (H - In).T * (H - In) * eps), rhs=Trace((H - In).T * (H - In) * eps * eps.T),
    expect="proved", source=f"{SRC}, cyclic property",
)
cyclic_seed = Claim(
    "seed 001: tr(eps^T (H - I)^T (H - I) eps) = tr(eps^T eps (H - I)^T (H - I))",
    lhs=Trace(eps.T * (H - In).T * (H - In) * eps), rhs=sqnorm(eps) * Trace((H - In).T * (H - In)),
    expect="refuted", source=f"{SRC}, the seed's 'cyclic property' line",
)
# E[L] through the identity E[εᵀMε] = σ² tr(M).
expected_loss_trace = Claim(
    "sigma^2 tr((H - I)^T (H - I))/n = sigma^2 (n - d)/n",
    lhs=sigma**2 * Trace((H - In).T * (H - In)) / n, rhs=sigma**2 * (n - d) / n,
    assume=[Q.positive(sigma)], expect="proved", source=f"{SRC}, E[L] = sigma^2 (n - d)/n (trace form)",
)
expected_loss_seed_final = Claim(
    "seed 001 final lines: (sigma^2/n) tr((I - H)^2) = (sigma^2/n)(n - d)",
    lhs=(sigma**2 / n) * Trace((In - H) * (In - H)), rhs=(sigma**2 / n) * (n - d),
    assume=[Q.positive(sigma)], expect="proved", source=f"{SRC}, the seed's last three lines",
)
# The seed's middle lines: E[L] = σ²/n + tr(...) (a sum where a product belongs);
# n = 2, d = 1, σ = 1: 1/2 + 1 vs 1/2.
expected_loss_student = Claim(
    "seed 001: sigma^2/n + tr((H - I)^T (H - I)) = sigma^2 (n - d)/n",
    lhs=sigma**2 / n + Trace((H - In).T * (H - In)), rhs=sigma**2 * (n - d) / n,
    assume=[Q.positive(sigma)], expect="refuted", source=f"{SRC}, 'Expectation of scalar' line",
)
expected_loss_twin = Claim(
    "twin: sigma^2 tr((H - I)^T (H - I))/n = sigma^2 (n - d)/d",
    lhs=sigma**2 * Trace((H - In).T * (H - In)) / n, rhs=sigma**2 * (n - d) / d,
    assume=[Q.positive(sigma)], expect="refuted", source=f"{SRC}, mutated",
)

# The direct forms, with the expectation construct.
quadratic_form_expectation = Claim(
    "E[eps^T A eps] = sigma^2 tr(A)",
    lhs=expectation(dot(eps, A * eps), eps, sigma), rhs=sigma**2 * Trace(A),
    assume=[Q.positive(sigma)], expect="proved", source=f"{SRC}, the identity behind E[L]",
)
expected_loss = Claim(
    "E[(1/n)||H t - t||^2] = sigma^2 (n - d)/n",
    lhs=expectation(sqnorm(H * t - t) / n, eps, sigma), rhs=sigma**2 * (n - d) / n,
    assume=[Q.positive(sigma)], expect="proved", source=f"{SRC}, E[L]",
)
expected_loss_student_direct = Claim(
    "seed 001: E[(1/n)||H t - t||^2] = sigma^2/n + tr((H - I)^T (H - I))",
    lhs=expectation(sqnorm(H * t - t) / n, eps, sigma), rhs=sigma**2 / n + Trace((H - In).T * (H - In)),
    assume=[Q.positive(sigma)], expect="refuted", source=f"{SRC}, the seed's 'Expectation of scalar' line",
)
expected_loss_direct_twin = Claim(
    "twin: E[(1/n)||H t - t||^2] = sigma^2 (n - d)",
    lhs=expectation(sqnorm(H * t - t) / n, eps, sigma), rhs=sigma**2 * (n - d),
    assume=[Q.positive(sigma)], expect="refuted", source=f"{SRC}, mutated (1/n dropped)",
)
