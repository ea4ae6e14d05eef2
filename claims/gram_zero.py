"""A Gram form that vanishes has a zero factor (issue 14, cookbook eqs. 530 and §9.6.8).

Over the reals tr(WᵀW) = Σᵢⱼ wᵢⱼ², so WᵀW = 0, tr(WᵀW) = 0 and ‖W‖_F = 0 each force W = 0,
for every size. The matrix prover takes W = 0 as a premise from such an assumption (the
checker grants it with its own code): ‖A‖_F = 0 gives A = 0, and for the PSD matrix
A = GGᵀ, XᵀAX = (GᵀX)ᵀ(GᵀX) = 0 gives GᵀX = 0, hence AX = G(GᵀX) = 0. The twins drop what
makes the form a Gram form (AA instead of AᵀA, a general A instead of GGᵀ, a nonzero
value), and the refuter finds exact counterexamples.
"""
from sympy import Eq, MatrixSymbol, Trace, ZeroMatrix, symbols

from symcheck import Claim
from symcheck.constructs import norm, sqnorm

n, m = symbols("n m", integer=True, positive=True)
A, S = MatrixSymbol("A", m, n), MatrixSymbol("S", n, n)
G, X = MatrixSymbol("G", n, n), MatrixSymbol("X", n, m)
B, x = MatrixSymbol("B", m, n), MatrixSymbol("x", n, 1)
SRC = "issue 14 (a vanishing Gram form has a zero factor; Matrix Cookbook eq. 530 and sec. 9.6.8)"

frobenius_zero = Claim("||A||_F = 0 implies A = 0", A, ZeroMatrix(m, n), assume=[Eq(norm(A), 0)],
                       expect="proved", source=SRC)
frobenius_zero_twin = Claim("twin: ||A||_F = 1 implies A = 0", A, ZeroMatrix(m, n), assume=[Eq(norm(A), 1)],
                            expect="refuted", source=f"{SRC}, mutated (norm 1)")
trace_gram_zero = Claim("tr(A A^T) = 0 implies A^T B = 0", A.T * B, ZeroMatrix(n, n),
                        assume=[Eq(Trace(A * A.T), 0)], expect="proved", source=SRC)
squared_norm_zero = Claim("2 ||A||_F^2 = 0 implies A^T A = 0", A.T * A, ZeroMatrix(n, n),
                          assume=[Eq(2 * sqnorm(A), 0)], expect="proved", source=SRC)
trace_square_twin = Claim("twin: tr(S S) = 0 implies S = 0", S, ZeroMatrix(n, n), assume=[Eq(Trace(S * S), 0)],
                          expect="refuted", source=f"{SRC}, mutated (S S is no Gram form)")

psd_zero = Claim("A = G G^T, X^T A X = 0 implies A X = 0", G * G.T * X, ZeroMatrix(n, m),
                 assume=[Eq(X.T * G * G.T * X, ZeroMatrix(m, m))], expect="proved", source=SRC)
psd_zero_vector = Claim("x^T G G^T x = 0 implies G^T x = 0", G.T * x, ZeroMatrix(n, 1),
                        assume=[Eq(x.T * G * G.T * x, ZeroMatrix(1, 1))], expect="proved", source=SRC)
psd_zero_twin = Claim("twin: X^T G X = 0 implies G X = 0 (G not PSD)", G * X, ZeroMatrix(n, m),
                      assume=[Eq(X.T * G * X, ZeroMatrix(m, m))], expect="refuted",
                      source=f"{SRC}, mutated (G instead of G G^T)")
