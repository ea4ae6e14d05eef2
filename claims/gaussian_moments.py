"""Moments of a Gaussian vector x ~ N(m, Σ) up to degree 4 (issue 14, item 3).

x is written x = m + Lε with ε ~ N(0, I) and Σ = LLᵀ, L invertible (every Σ ≻ 0 is
such an LLᵀ, and the moment identities are polynomial in Σ), so `expectation(f, eps, 1)`
is E[f(x)] (docs/constructs.md). The proofs sum over Isserlis pairings of ε; each true
claim has a mutated false twin that the exact refuter must catch.
"""
from sympy import Identity, MatrixSymbol, Q, Trace, symbols

from symcheck import Claim, dot, expectation

n, k, p = symbols("n k p", integer=True, positive=True)
sigma = symbols("sigma", positive=True)
eps = MatrixSymbol("epsilon", n, 1)
L = MatrixSymbol("L", n, n)
m = MatrixSymbol("m", n, 1)
A, B = MatrixSymbol("A", n, n), MatrixSymbol("B", n, n)
Ak, Bp = MatrixSymbol("A", k, n), MatrixSymbol("B", p, n)
a, b = MatrixSymbol("a", k, 1), MatrixSymbol("b", p, 1)
x = m + L * eps
S = L * L.T
GAUSS = [Q.invertible(L)]
SRC = "issue 14 item 3: Gaussian moments"


def E(f):
    return expectation(f, eps, 1)


def qf(M, v=x):
    return Trace(v.T * M * v)


mean = Claim("E[x] = m", E(x), m, assume=GAUSS, expect="proved", source=SRC)
mean_twin = Claim("twin: E[x] = L m", E(x), L * m, assume=GAUSS, expect="refuted", source=SRC + ", mutated")

second = Claim("E[x x^T] = Sigma + m m^T", E(x * x.T), S + m * m.T, assume=GAUSS, expect="proved", source=SRC)
second_twin = Claim("twin: E[x x^T] = Sigma", E(x * x.T), S, assume=GAUSS, expect="refuted",
                    source=SRC + ", mutated (the mean's outer product lost)")

quadratic = Claim("E[x^T A x] = tr(A Sigma) + m^T A m", E(qf(A)), Trace(A * S) + qf(A, m), assume=GAUSS,
                  expect="proved", source=SRC)
quadratic_twin = Claim("twin: E[x^T A x] = tr(A) + m^T A m", E(qf(A)), Trace(A) + qf(A, m), assume=GAUSS,
                       expect="refuted", source=SRC + ", mutated (Sigma = I)")

cross = Claim("E[(Ax + a)(Bx + b)^T] = A Sigma B^T + (Am + a)(Bm + b)^T", E((Ak * x + a) * (Bp * x + b).T),
              Ak * S * Bp.T + (Ak * m + a) * (Bp * m + b).T, assume=GAUSS, expect="proved", source=SRC)
cross_twin = Claim("twin: E[(Ax + a)(Bx + b)^T] = A Sigma B^T + a b^T", E((Ak * x + a) * (Bp * x + b).T),
                   Ak * S * Bp.T + a * b.T, assume=GAUSS, expect="refuted", source=SRC + ", mutated")

variance = Claim("A sym: Var(x^T A x) = 2 tr(A Sigma A Sigma) + 4 m^T A Sigma A m",
                 E(qf(A) ** 2) - E(qf(A)) ** 2, 2 * Trace(A * S * A * S) + 4 * qf(A * S * A, m),
                 assume=GAUSS + [Q.symmetric(A)], expect="proved", source=SRC)
variance_twin = Claim("twin: Var(x^T A x) = 2 tr(A Sigma A Sigma) + 4 m^T A Sigma A m without symmetry",
                      E(qf(A) ** 2) - E(qf(A)) ** 2, 2 * Trace(A * S * A * S) + 4 * qf(A * S * A, m),
                      assume=GAUSS, expect="refuted", source=SRC + ", mutated (the symmetry of A dropped)")
variance_twin_2 = Claim("twin: A sym: Var(x^T A x) = 2 tr(A Sigma A Sigma) + 2 m^T A Sigma A m",
                        E(qf(A) ** 2) - E(qf(A)) ** 2, 2 * Trace(A * S * A * S) + 2 * qf(A * S * A, m),
                        assume=GAUSS + [Q.symmetric(A)], expect="refuted", source=SRC + ", mutated (4 -> 2)")

Smm = S + m * m.T
fourth = Claim("E[x x^T x x^T] = 2 (Sigma + m m^T)^2 + m^T m (Sigma - m m^T) + tr(Sigma)(Sigma + m m^T)",
               E(x * x.T * x * x.T), 2 * Smm * Smm + dot(m, m) * (S - m * m.T) + Trace(S) * Smm,
               assume=GAUSS, expect="proved", source=SRC + " (Matrix Cookbook §8.2.4)")
fourth_twin = Claim("twin: E[x x^T x x^T] = (Sigma + m m^T)^2 + m^T m (Sigma - m m^T) + tr(Sigma)(Sigma + m m^T)",
                    E(x * x.T * x * x.T), Smm * Smm + dot(m, m) * (S - m * m.T) + Trace(S) * Smm,
                    assume=GAUSS, expect="refuted", source=SRC + ", mutated (2 -> 1)")

two_forms = Claim(
    "E[x^T A x x^T B x] = tr(A Sigma) tr(B Sigma) + tr(A Sigma (B + B^T) Sigma) + mean terms",
    E(qf(A) * qf(B)),
    (Trace(A * S) + qf(A, m)) * (Trace(B * S) + qf(B, m)) + Trace(A * S * (B + B.T) * S)
    + qf((A + A.T) * S * (B + B.T), m),
    assume=GAUSS, expect="proved", source=SRC + " (Isserlis: three pairings)")
two_forms_twin = Claim(
    "twin: E[x^T A x x^T B x] = tr(A Sigma) tr(B Sigma) + 2 tr(A Sigma B Sigma) + mean terms (no symmetry)",
    E(qf(A) * qf(B)),
    (Trace(A * S) + qf(A, m)) * (Trace(B * S) + qf(B, m)) + 2 * Trace(A * S * B * S)
    + qf((A + A.T) * S * (B + B.T), m),
    assume=GAUSS, expect="refuted", source=SRC + ", mutated (the symmetric formula without symmetry)")

centred_fourth = Claim("E[(e^T e)^2] = sigma^4 (n^2 + 2n)", expectation(dot(eps, eps) ** 2, eps, sigma),
                       sigma ** 4 * (n ** 2 + 2 * n), expect="proved", source=SRC + " (chi-squared second moment)")
centred_fourth_twin = Claim("twin: E[(e^T e)^2] = sigma^4 n^2", expectation(dot(eps, eps) ** 2, eps, sigma),
                            sigma ** 4 * n ** 2, expect="refuted", source=SRC + ", mutated (E[z^2]^2 for E[z^4])")
sixth = Claim("E[(e^T e)^3] = n (n + 2)(n + 4)", expectation(dot(eps, eps) ** 3, eps, 1),
              n * (n + 2) * (n + 4), expect="proved", source=SRC + " (degree 6: chi-squared third moment)")
sixth_twin = Claim("twin: E[(e^T e)^3] = n^3 + 6 n", expectation(dot(eps, eps) ** 3, eps, 1), n ** 3 + 6 * n,
                   expect="refuted", source=SRC + ", mutated")
outer_fourth = Claim("E[e e^T e e^T] = (n + 2) I", E(eps * eps.T * eps * eps.T), (n + 2) * Identity(n),
                     expect="proved", source=SRC)
outer_fourth_twin = Claim("twin: E[e e^T e e^T] = n I", E(eps * eps.T * eps * eps.T), n * Identity(n),
                          expect="refuted", source=SRC + ", mutated (E[ee^T]^2 inside)")
