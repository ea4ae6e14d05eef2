"""Skew-symmetric matrices: S with Sᵀ = −S, stated as an `Eq` assumption (issue 13, item 7).

A quadratic form of a skew matrix vanishes (xᵀSx is a 1×1 matrix, equal to its own
transpose xᵀSᵀx = −xᵀSx), so do its trace and the trace of its product with a symmetric
matrix (tr(AS) = tr((AS)ᵀ) = tr(SᵀAᵀ) = −tr(SA) = −tr(AS)). Each true claim has a
mutated twin that the refuter disproves with skew-symmetric instances.
"""
from sympy import Eq, Identity, MatrixSymbol, Q, Trace, ZeroMatrix, symbols

from symcheck import Claim

n = symbols("n", integer=True, positive=True)
S, A = MatrixSymbol("S", n, n), MatrixSymbol("A", n, n)
x, y = MatrixSymbol("x", n, 1), MatrixSymbol("y", n, 1)
SKEW = [Eq(S.T, -S)]
SRC = "issue 13 item 7 (skew-symmetric matrices)"

quadratic_form = Claim("S^T = -S: x^T S x = 0", x.T * S * x, 0, assume=SKEW, expect="proved", source=SRC)
quadratic_form_twin = Claim("twin: x^T S x = 0 without S^T = -S", x.T * S * x, 0,
                            expect="refuted", source=f"{SRC}, mutated (assumption dropped)")
quadratic_form_sum = Claim("S + S^T = 0: x^T S x = 0", x.T * S * x, 0,
                           assume=[Eq(S + S.T, ZeroMatrix(n, n))], expect="proved", source=SRC)

trace_zero = Claim("S^T = -S: tr S = 0", Trace(S), 0, assume=SKEW, expect="proved", source=SRC)
trace_cube = Claim("S^T = -S: tr(S^3) = 0", Trace(S * S * S), 0, assume=SKEW, expect="proved", source=SRC)
trace_square_twin = Claim("twin: S^T = -S: tr(S^2) = 0", Trace(S * S), 0, assume=SKEW,
                          expect="refuted", source=f"{SRC}, mutated (odd power made even)")

trace_symmetric = Claim("S^T = -S, A symmetric: tr(A S) = 0", Trace(A * S), 0,
                        assume=SKEW + [Q.symmetric(A)], expect="proved", source=SRC)
trace_positive_definite = Claim("S^T = -S, A positive definite: tr(A S) = 0", Trace(A * S), 0,
                                assume=SKEW + [Q.positive_definite(A)], expect="proved", source=SRC)
trace_symmetric_twin = Claim("twin: S^T = -S, A general: tr(A S) = 0", Trace(A * S), 0, assume=SKEW,
                             expect="refuted", source=f"{SRC}, mutated (A not symmetric)")

bilinear = Claim("S^T = -S: x^T S y = -y^T S x", x.T * S * y, -y.T * S * x, assume=SKEW,
                 expect="proved", source=SRC)
bilinear_twin = Claim("twin: S^T = -S: x^T S y = y^T S x", x.T * S * y, y.T * S * x, assume=SKEW,
                      expect="refuted", source=f"{SRC}, mutated (sign)")

square_symmetric = Claim("S^T = -S: S^2 is symmetric", (S * S).T, S * S, assume=SKEW, expect="proved", source=SRC)
gram = Claim("S^T = -S: S^T S = -S^2", S.T * S, -S * S, assume=SKEW, expect="proved", source=SRC)
gram_twin = Claim("twin: S^T = -S: S^T S = S^2", S.T * S, S * S, assume=SKEW,
                  expect="refuted", source=f"{SRC}, mutated (sign)")

cayley = Claim("S^T = -S: the Cayley transform (I - S)^-1 (I + S) is orthogonal",
               ((Identity(n) - S).I * (Identity(n) + S)).T * ((Identity(n) - S).I * (Identity(n) + S)),
               Identity(n), assume=SKEW, expect="proved", source=SRC)
cayley_twin = Claim("twin: S^T = -S: (I + S)^-1 (I + S)^T = I",
                    (Identity(n) + S).I * (Identity(n) + S).T, Identity(n), assume=SKEW,
                    expect="refuted", source=f"{SRC}, mutated (not orthogonal: equals (I + S)^-1 (I - S))")

skew_part = Claim("(A - A^T)/2 is skew-symmetric", ((A - A.T) / 2).T, -(A - A.T) / 2, expect="proved", source=SRC)
skew_part_twin = Claim("twin: (A - A^T)/2 is symmetric", ((A - A.T) / 2).T, (A - A.T) / 2,
                       expect="refuted", source=f"{SRC}, mutated (sign)")
