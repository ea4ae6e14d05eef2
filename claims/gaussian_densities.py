"""Gaussian densities and their derivatives (issue 14, cookbook §8: eqs. 347, 348, 393, 394).

The density N(x; m, Σ) = exp(-½ (x - m)ᵀΣ⁻¹(x - m)) / √det(2πΣ) carries det(2πΣ) inside a
square root. The matrix prover reads det(c·M) for an n×n M as cⁿ·det M with cⁿ the atom it
reads a written (2π)ⁿ as too, and π as an opaque real constant, so a derivative that keeps
√det(2πΣ) on one side meets √((2π)ⁿ det Σ) on the other. Inside a function's argument a trace
of a word with X·X⁻¹ is the trace of the word without it, so exp(-½ (x - A⁻¹m)ᵀAᵀΣ⁻¹A(x - A⁻¹m))
is exp(-½ (Ax - m)ᵀΣ⁻¹(Ax - m)) (eq. 356). A square of a determinant leaves a square root as its
absolute value, √(u·det(A)²) = |det A|·√u (eq. 357). The same normalising constants as a scalar claim go
to the determinant laws and the scalar prover; the checker reads each square root there as a nonnegative
r with r² its argument (symcheck.certify.roots). Each true claim has a mutated false twin that the
exact refuter must catch.
"""
from sympy import Abs, Derivative, Determinant, Inverse, MatMul, MatrixSymbol, Q, Rational, Trace, exp, log, pi, sqrt, \
    symbols

from symcheck import Claim

n = symbols("n", integer=True, positive=True)
c = symbols("c", positive=True)
S = MatrixSymbol("Sigma", n, n)
A = MatrixSymbol("A", n, n)
x, m = MatrixSymbol("x", n, 1), MatrixSymbol("m", n, 1)
SPD = [Q.symmetric(S), Q.positive_definite(S)]
DEN = "denominator"
SRC = "issue 14: Gaussian densities (Matrix Cookbook §8)"


def density(z, mean, cov):
    r = z - mean
    return exp(-Rational(1, 2) * Trace(r.T * cov.I * r)) / sqrt(Determinant(2 * pi * cov))


pdf = density(x, m, S)

# det(2πΣ) written as a scalar factor of a matrix, MatMul unevaluated (as a derivative leaves it)
scaled_det = Claim("sqrt(det(2 pi Sigma))^-1 Sigma = ((2 pi)^n det Sigma)^-1/2 Sigma",
                   MatMul(1 / sqrt(Determinant(MatMul(2 * pi, S))), S), 1 / sqrt((2 * pi) ** n * Determinant(S)) * S,
                   assume=SPD, expect="proved", source=SRC + ": det(cM) = c^n det M inside a root")
scaled_det_twin = Claim("twin: sqrt(det(2 pi Sigma))^-1 Sigma = ((2 pi)^(n+1) det Sigma)^-1/2 Sigma",
                        MatMul(1 / sqrt(Determinant(MatMul(2 * pi, S))), S),
                        1 / sqrt((2 * pi) ** (n + 1) * Determinant(S)) * S,
                        assume=SPD, expect="refuted", source=SRC + ", mutated (one factor 2 pi too many)")
scaled_det_symbol = Claim("det(c A) A = c^n det(A) A", MatMul(Determinant(MatMul(c, A)), A), c ** n * Determinant(A) * A,
                          expect="proved", source=SRC + ": det(cA) = c^n det A in a matrix claim")
scaled_det_symbol_twin = Claim("twin: det(c A) A = c det(A) A", MatMul(Determinant(MatMul(c, A)), A),
                               c * Determinant(A) * A, expect="refuted", source=SRC + ", mutated (c for c^n)")
pi_coefficient = Claim("(pi A)^-1 = A^-1 / pi", Inverse(MatMul(pi, A)), MatMul(1 / pi, A.I), assume=[Q.invertible(A)],
                       expect="proved", source=SRC + ": pi as a real constant of the matrix prover")
pi_coefficient_twin = Claim("twin: (pi A)^-1 = pi A^-1", Inverse(MatMul(pi, A)), MatMul(pi, A.I),
                            assume=[Q.invertible(A)], expect="refuted", source=SRC + ", mutated")

gradient = Claim("d N(x; m, Sigma)/dx = -N Sigma^-1 (x - m)", Derivative(pdf, x), -pdf * S.I * (x - m),
                 assume=SPD, layout=DEN, expect="proved", source=SRC + " eq. 347")
gradient_twin = Claim("twin: d N(x; m, Sigma)/dx = -N Sigma (x - m)", Derivative(pdf, x), -pdf * S * (x - m),
                      assume=SPD, layout=DEN, expect="refuted", source=SRC + " eq. 347, mutated (Sigma for Sigma^-1)")
gradient_twin_det = Claim("twin: d N/dx with det(pi Sigma) on the right",
                          Derivative(pdf, x),
                          -exp(-Rational(1, 2) * Trace((x - m).T * S.I * (x - m))) / sqrt(Determinant(pi * S))
                          * S.I * (x - m),
                          assume=SPD, layout=DEN, expect="refuted", source=SRC + " eq. 347, mutated (2 pi to pi)")
hessian = Claim("d2 N/dx dx^T = N (Sigma^-1 (x-m)(x-m)^T Sigma^-1 - Sigma^-1)", Derivative(pdf, x, 2),
                pdf * (S.I * (x - m) * (x - m).T * S.I - S.I), assume=SPD, layout=DEN, expect="proved",
                source=SRC + " eq. 348")
hessian_twin = Claim("twin: d2 N/dx dx^T = N (Sigma^-1 (x-m)(x-m)^T Sigma^-1 + Sigma^-1)", Derivative(pdf, x, 2),
                     pdf * (S.I * (x - m) * (x - m).T * S.I + S.I), assume=SPD, layout=DEN, expect="refuted",
                     source=SRC + " eq. 348, mutated (sign)")
log_gradient_mean = Claim("d ln N(x; m, Sigma)/dm = Sigma^-1 (x - m)", Derivative(log(pdf), m), S.I * (x - m),
                          assume=SPD, layout=DEN, expect="proved", source=SRC + ": score of the mean")
log_gradient_mean_twin = Claim("twin: d ln N(x; m, Sigma)/dm = Sigma^-1 (m - x)", Derivative(log(pdf), m),
                               S.I * (m - x), assume=SPD, layout=DEN, expect="refuted", source=SRC + ", mutated (sign)")

G = A.T * S.I * A
change_of_variables = Claim(
    "N_Ax[m, Sigma] = sqrt(det(2 pi (A^T Sigma^-1 A)^-1))/sqrt(det(2 pi Sigma)) N_x[A^-1 m, (A^T Sigma^-1 A)^-1]",
    density(A * x, m, S), sqrt(Determinant(2 * pi * G.I)) / sqrt(Determinant(2 * pi * S)) * density(x, A.I * m, G.I),
    assume=SPD, expect="proved", source=SRC + " eq. 356 (A square, invertible)")
change_of_variables_twin = Claim(
    "twin: N_Ax[m, Sigma] = sqrt(det(2 pi (A^T Sigma^-1 A)^-1))/sqrt(det(2 pi Sigma)) N_x[A m, (A^T Sigma^-1 A)^-1]",
    density(A * x, m, S), sqrt(Determinant(2 * pi * G.I)) / sqrt(Determinant(2 * pi * S)) * density(x, A * m, G.I),
    assume=SPD, expect="refuted", source=SRC + " eq. 356, mutated (A m for A^-1 m)")
eq357 = Claim("N_Ax[m, Sigma] = 1/|det(A)| N_x[A^-1 m, (A^T Sigma^-1 A)^-1]", density(A * x, m, S),
              density(x, A.I * m, G.I) / Abs(Determinant(A)), assume=SPD, expect="proved",
              source=SRC + " eq. 357: sqrt(u det(A)^2) = |det A| sqrt(u)")
eq357_twin = Claim("twin: N_Ax[m, Sigma] = 1/det(A) N_x[A^-1 m, (A^T Sigma^-1 A)^-1]", density(A * x, m, S),
                   density(x, A.I * m, G.I) / Determinant(A), assume=SPD, expect="refuted",
                   source=SRC + " eq. 357, mutated (det A for |det A|: wrong for det A < 0)")
normalisers = Claim("sqrt(det(2 pi (A^T Sigma^-1 A)^-1)) = sqrt(det(2 pi Sigma))/|det(A)|",
                    sqrt(Determinant(2 * pi * G.I)), sqrt(Determinant(2 * pi * S)) / Abs(Determinant(A)), assume=SPD,
                    expect="proved", source=SRC + " eq. 357, the normalising constants alone (a scalar claim)")
normalisers_twin = Claim("twin: sqrt(det(2 pi (A^T Sigma^-1 A)^-1)) = sqrt(det(2 pi Sigma))/det(A)",
                         sqrt(Determinant(2 * pi * G.I)), sqrt(Determinant(2 * pi * S)) / Determinant(A), assume=SPD,
                         expect="refuted", source=SRC + " eq. 357, mutated (det A for |det A|: wrong for det A < 0)")
y = MatrixSymbol("y", n, 1)
cancelled_in_exp = Claim("A invertible: exp(-(x - A^-1 y)^T A^T A (x - A^-1 y)) A = exp(-(Ax - y)^T (Ax - y)) A",
                         MatMul(exp(-Trace((x - A.I * y).T * A.T * A * (x - A.I * y))), A),
                         MatMul(exp(-Trace((A * x - y).T * (A * x - y))), A), assume=[Q.invertible(A)],
                         expect="proved", source=SRC + ": X X^-1 = I inside a function's argument")
cancelled_in_exp_twin = Claim("twin: exp(-(x - A^-1 y)^T A^T A (x - A^-1 y)) A = exp(-(Ax - y)^T (Ax + y)) A",
                              MatMul(exp(-Trace((x - A.I * y).T * A.T * A * (x - A.I * y))), A),
                              MatMul(exp(-Trace((A * x - y).T * (A * x + y))), A), assume=[Q.invertible(A)],
                              expect="refuted", source=SRC + ", mutated (a sign)")
