"""Limits beyond the seed ridge limits of claims/ridge.py (issue 5): scaled and prior-weighted ridge.

X is n×d, y an n-vector, λ > 0, Σ symmetric positive definite. Matrix limits are
proved by continuity (every inverse at the limit point exists) and at ∞ through
λ = 1/μ; scalar limits of rational functions by degrees (docs/constructs.md).
"""
from sympy import Identity, Limit, MatrixSymbol, Q, ZeroMatrix, oo, symbols

from symcheck import Claim

n, d = symbols("n d", integer=True, positive=True)
lam, s = symbols("lambda sigma", positive=True)
X = MatrixSymbol("X", n, d)
y = MatrixSymbol("y", n, 1)
Sigma = MatrixSymbol("Sigma", d, d)
Id = Identity(d)

SRC = "EECS182 HW0 (seed 004), ridge (g)/(h)"
PRIOR = [Q.positive_definite(Sigma), Q.symmetric(Sigma)]
w_ridge = (X.T * X + lam * Id).I * X.T * y
w_prior = (X.T * X + lam * Sigma.I).I * X.T * y

scaled_ridge_at_infinity = Claim(
    "lim_{lam->oo} lam (X^T X + lam I)^-1 X^T y = X^T y",
    lhs=Limit(lam * w_ridge, lam, oo), rhs=X.T * y,
    expect="proved", source=f"{SRC}, heavy regularisation: w ~ X^T y/lam",
)
scaled_ridge_at_infinity_twin = Claim(
    "twin: lim_{lam->oo} lam (X^T X + lam I)^-1 X^T y = 0",
    lhs=Limit(lam * w_ridge, lam, oo), rhs=ZeroMatrix(d, 1),
    expect="refuted", source=f"{SRC}, mutated (the leading term dropped)",
)
prior_ridge_at_infinity = Claim(
    "lim_{lam->oo} (X^T X + lam Sigma^-1)^-1 X^T y = 0",
    lhs=Limit(w_prior, lam, oo), rhs=ZeroMatrix(d, 1),
    assume=PRIOR, expect="proved", source="issue 5: general prior, infinitely strong",
)
prior_ridge_at_zero = Claim(
    "lim_{lam->0} (X^T X + lam Sigma^-1)^-1 X^T y = (X^T X)^-1 X^T y",
    lhs=Limit(w_prior, lam, 0), rhs=(X.T * X).I * X.T * y,
    assume=PRIOR, expect="proved", source="issue 5: general prior, vanishing",
)
prior_ridge_at_infinity_scaled = Claim(
    "lim_{lam->oo} lam (X^T X + lam Sigma^-1)^-1 X^T y = Sigma X^T y",
    lhs=Limit(lam * w_prior, lam, oo), rhs=Sigma * X.T * y,
    assume=PRIOR, expect="proved", source="issue 5: general prior, leading term",
)
shrinkage_factor_at_zero = Claim(
    "lim_{lam->0} sigma^2/(sigma^2 + lam) = 1",
    lhs=Limit(s**2 / (s**2 + lam), lam, 0), rhs=1,
    expect="proved", source=f"{SRC}, shrinkage factor per singular direction",
)
shrinkage_factor_at_infinity = Claim(
    "lim_{lam->oo} sigma^2/(sigma^2 + lam) = 0",
    lhs=Limit(s**2 / (s**2 + lam), lam, oo), rhs=0,
    expect="proved", source=f"{SRC}, shrinkage factor per singular direction",
)
shrinkage_factor_twin = Claim(
    "twin: lim_{lam->oo} lam sigma^2/(sigma^2 + lam) = 1",
    lhs=Limit(lam * s**2 / (s**2 + lam), lam, oo), rhs=1,
    expect="refuted", source=f"{SRC}, mutated (the limit is sigma^2)",
)
