"""Scalar equations among the assumptions (issue 14, cookbook §8.2.5): a scalar eliminated by substitution.

An assumption such as ρ₁ + ρ₂ = 1 (a mixture's weights) is linear in ρ₂ with a constant
coefficient, so wherever the claim is asserted ρ₂ = 1 − ρ₁: the claim with ρ₂ so replaced
is what the provers see. Each true claim has a mutated false twin.
"""
from sympy import Eq, MatrixSymbol, Q, Rational, ZeroMatrix, symbols

from symcheck import Claim

n = symbols("n", integer=True, positive=True)
rho1, rho2 = symbols("rho_1 rho_2", positive=True)
a, b = symbols("a b", real=True)
t = symbols("t", real=True)
S1, S2 = MatrixSymbol("Sigma_1", n, n), MatrixSymbol("Sigma_2", n, n)
m1, m2 = MatrixSymbol("m_1", n, 1), MatrixSymbol("m_2", n, 1)
A = MatrixSymbol("A", n, n)
SRC = "issue 14: scalar equations in assume"
WEIGHTS = [Eq(rho1 + rho2, 1), Q.symmetric(S1), Q.symmetric(S2)]
second = rho1 * (S1 + m1 * m1.T) + rho2 * (S2 + m2 * m2.T)
mean = rho1 * m1 + rho2 * m2
pairs = [(rho1, S1, m1), (rho2, S2, m2)]
cov_rhs = ZeroMatrix(n, n)
for ra, Sa, ma in pairs:
    for rb, _, mb in pairs:
        cov_rhs = cov_rhs + ra * rb * (Sa + ma * ma.T - ma * mb.T)

mixture_cov = Claim("mixture of two: Cov(x) = sum_kk' rho_k rho_k' (Sigma_k + m_k m_k^T - m_k m_k'^T)",
                    second - mean * mean.T, cov_rhs, assume=WEIGHTS, expect="proved",
                    source=SRC + ": Matrix Cookbook (2012) eq. 385, K = 2")
mixture_cov_twin = Claim("twin: the same with rho_1 + rho_2 = 2", second - mean * mean.T, cov_rhs,
                         assume=[Eq(rho1 + rho2, 2), Q.symmetric(S1), Q.symmetric(S2)], expect="refuted",
                         source=SRC + ", mutated (weights summing to 2)")
mixture_cov_between = Claim("mixture of two: Cov(x) = rho_1 Sigma_1 + rho_2 Sigma_2 + rho_1 rho_2 (m_1 - m_2)(m_1 - m_2)^T",
                            second - mean * mean.T, rho1 * S1 + rho2 * S2 + rho1 * rho2 * (m1 - m2) * (m1 - m2).T,
                            assume=WEIGHTS, expect="proved", source=SRC + ": law of total covariance, K = 2")
mixture_cov_between_twin = Claim("twin: Cov(x) = rho_1 Sigma_1 + rho_2 Sigma_2",
                                 second - mean * mean.T, rho1 * S1 + rho2 * S2, assume=WEIGHTS, expect="refuted",
                                 source=SRC + ", mutated (the spread of the means lost)")
convex_combination = Claim("t A + (1 - t) A = A, written with s = 1 - t", t * A + b * A, A, assume=[Eq(t + b, 1)],
                           expect="proved", source=SRC)
convex_combination_twin = Claim("twin: t A + s A = A with t - s = 1", t * A + b * A, A, assume=[Eq(t - b, 1)],
                                expect="refuted", source=SRC + ", mutated")
product_bound = Claim("a + b = 1: a b <= 1/4", a * b, Rational(1, 4), relation="<=", assume=[Eq(a + b, 1)],
                      expect="proved", source=SRC + ": AM-GM for two numbers summing to 1")
product_bound_twin = Claim("twin: a + b = 2: a b <= 1/4", a * b, Rational(1, 4), relation="<=", assume=[Eq(a + b, 2)],
                           expect="refuted", source=SRC + ", mutated")
scaled_equation = Claim("2a + 4b = 2: a^2 = (1 - 2b)^2", a ** 2, (1 - 2 * b) ** 2, assume=[Eq(2 * a + 4 * b, 2)],
                        expect="proved", source=SRC + ": a coefficient other than 1")
scaled_equation_twin = Claim("twin: 2a + 4b = 2: a^2 = (1 - b)^2", a ** 2, (1 - b) ** 2, assume=[Eq(2 * a + 4 * b, 2)],
                             expect="refuted", source=SRC + ", mutated")
