"""Block matrices (issue 13, item 5): M = [[A, B], [C, D]] with A p×p and D q×q square.

Blockwise transposes and products, the trace of a block matrix (the sum of the traces of
its square diagonal blocks), the 2×2 partitioned inverse in both Schur forms, and the
block-diagonal and block-triangular inverses, and symbolic powers of a block-diagonal matrix. Every inverse in a claim is assumed to exist
(CONTRACT §2). Each true claim has a mutated twin that the refuter disproves.
"""
from sympy import BlockDiagMatrix, BlockMatrix, Identity, MatPow, MatrixSymbol, Q, Trace, ZeroMatrix, symbols

from symcheck import Claim

p, q, r = symbols("p q r", integer=True, positive=True)
k = symbols("k", integer=True, positive=True)
A, B = MatrixSymbol("A", p, p), MatrixSymbol("B", p, q)
C, D = MatrixSymbol("C", q, p), MatrixSymbol("D", q, q)
E, F = MatrixSymbol("E", p, r), MatrixSymbol("F", q, r)
M = BlockMatrix([[A, B], [C, D]])
S_A = D - C * A.I * B          # Schur complement of A
S_D = A - B * D.I * C          # Schur complement of D
Zpq, Zqp = ZeroMatrix(p, q), ZeroMatrix(q, p)
SRC = "issue 13 item 5 (block matrices)"

# ---- transposes and products ---------------------------------------------------------------------------
transpose = Claim("[[A, B], [C, D]]^T = [[A^T, C^T], [B^T, D^T]]", M.T, BlockMatrix([[A.T, C.T], [B.T, D.T]]),
                  expect="proved", source=SRC)
transpose_twin = Claim("twin: [[A, B], [C, D]]^T = [[A^T, C^T], [B^T, D]]", M.T,
                       BlockMatrix([[A.T, C.T], [B.T, D]]), expect="refuted", source=f"{SRC}, mutated (D^T)")
product = Claim("[[A, B], [C, D]] [E; F] = [A E + B F; C E + D F]", M * BlockMatrix([[E], [F]]),
                BlockMatrix([[A * E + B * F], [C * E + D * F]]), expect="proved", source=SRC)
product_twin = Claim("twin: [[A, B], [C, D]] [E; F] = [A E + B F; D F]", M * BlockMatrix([[E], [F]]),
                     BlockMatrix([[A * E + B * F], [D * F]]), expect="refuted", source=f"{SRC}, mutated (C E lost)")
quadratic = Claim("[E; F]^T M [E; F] = E^T A E + E^T B F + F^T C E + F^T D F",
                  BlockMatrix([[E.T, F.T]]) * M * BlockMatrix([[E], [F]]),
                  E.T * A * E + E.T * B * F + F.T * C * E + F.T * D * F, expect="proved", source=SRC)

# ---- traces --------------------------------------------------------------------------------------------
trace = Claim("tr [[A, B], [C, D]] = tr A + tr D", Trace(M), Trace(A) + Trace(D), expect="proved", source=SRC)
trace_twin = Claim("twin: tr [[A, B], [C, D]] = tr A - tr D", Trace(M), Trace(A) - Trace(D),
                   expect="refuted", source=f"{SRC}, mutated (sign)")
trace_square = Claim("tr(M^2) = tr(A^2) + 2 tr(B C) + tr(D^2)", Trace(M * M),
                     Trace(A * A) + 2 * Trace(B * C) + Trace(D * D), expect="proved", source=SRC)
trace_square_twin = Claim("twin: tr(M^2) = tr(A^2) + tr(B C) + tr(D^2)", Trace(M * M),
                          Trace(A * A) + Trace(B * C) + Trace(D * D), expect="refuted", source=f"{SRC}, mutated (factor 2)")
trace_gram = Claim("tr(M M^T) = tr(A A^T) + tr(B B^T) + tr(C C^T) + tr(D D^T)", Trace(M * M.T),
                   Trace(A * A.T) + Trace(B * B.T) + Trace(C * C.T) + Trace(D * D.T), expect="proved", source=SRC)
trace_block_diagonal_inverse = Claim("tr(diag(A, D)^-1) = tr(A^-1) + tr(D^-1)", Trace(BlockDiagMatrix(A, D).I),
                                     Trace(A.I) + Trace(D.I), expect="proved", source=SRC)

# ---- inverses ------------------------------------------------------------------------------------------
schur_A = Claim("M^-1 through the Schur complement of A", M.I,
                BlockMatrix([[A.I + A.I * B * S_A.I * C * A.I, -A.I * B * S_A.I], [-S_A.I * C * A.I, S_A.I]]),
                expect="proved", source=SRC)
schur_A_twin = Claim("twin: M^-1 through the Schur complement of A, corner sign flipped", M.I,
                     BlockMatrix([[A.I + A.I * B * S_A.I * C * A.I, A.I * B * S_A.I], [-S_A.I * C * A.I, S_A.I]]),
                     expect="refuted", source=f"{SRC}, mutated (sign)")
schur_D = Claim("M^-1 through the Schur complement of D", M.I,
                BlockMatrix([[S_D.I, -S_D.I * B * D.I], [-D.I * C * S_D.I, D.I + D.I * C * S_D.I * B * D.I]]),
                expect="proved", source=SRC)
schur_D_twin = Claim("twin: M^-1 through the Schur complement of D, D^-1 dropped in a corner", M.I,
                     BlockMatrix([[S_D.I, -S_D.I * B], [-D.I * C * S_D.I, D.I + D.I * C * S_D.I * B * D.I]]),
                     expect="refuted", source=f"{SRC}, mutated (factor lost)")
upper = Claim("[[A, B], [0, D]]^-1 = [[A^-1, -A^-1 B D^-1], [0, D^-1]]", BlockMatrix([[A, B], [Zqp, D]]).I,
              BlockMatrix([[A.I, -A.I * B * D.I], [Zqp, D.I]]), expect="proved", source=SRC)
upper_twin = Claim("twin: [[A, B], [0, D]]^-1 = [[A^-1, A^-1 B D^-1], [0, D^-1]]", BlockMatrix([[A, B], [Zqp, D]]).I,
                   BlockMatrix([[A.I, A.I * B * D.I], [Zqp, D.I]]), expect="refuted", source=f"{SRC}, mutated (sign)")
lower = Claim("[[A, 0], [C, D]]^-1 = [[A^-1, 0], [-D^-1 C A^-1, D^-1]]", BlockMatrix([[A, Zpq], [C, D]]).I,
              BlockMatrix([[A.I, Zpq], [-D.I * C * A.I, D.I]]), expect="proved", source=SRC)
lower_twin = Claim("twin: [[A, 0], [C, D]]^-1 = [[A^-1, 0], [D^-1 C A^-1, D^-1]]", BlockMatrix([[A, Zpq], [C, D]]).I,
                   BlockMatrix([[A.I, Zpq], [D.I * C * A.I, D.I]]), expect="refuted", source=f"{SRC}, mutated (sign)")
diagonal = Claim("diag(A, D)^-1 = diag(A^-1, D^-1)", BlockDiagMatrix(A, D).I,
                 BlockMatrix([[A.I, Zpq], [Zqp, D.I]]), expect="proved", source=SRC)
diagonal_twin = Claim("twin: diag(A, D)^-1 = diag(A^-1, D)", BlockDiagMatrix(A, D).I,
                      BlockMatrix([[A.I, Zpq], [Zqp, D]]), expect="refuted", source=f"{SRC}, mutated (D not inverted)")
inverse_transpose = Claim("(M^-1)^T = (M^T)^-1", M.I.T, M.T.I, expect="proved", source=SRC)
inverse_square = Claim("(M M)^-1 = M^-1 M^-1", (M * M).I, M.I * M.I, expect="proved", source=SRC)
symmetric_inverse = Claim("[[A, B], [B^T, D]] symmetric has a symmetric inverse", BlockMatrix([[A, B], [B.T, D]]).I.T,
                          BlockMatrix([[A, B], [B.T, D]]).I, assume=[Q.symmetric(A), Q.symmetric(D)],
                          expect="proved", source=SRC)
symmetric_inverse_twin = Claim("twin: [[A, B], [C, D]] has a symmetric inverse", M.I.T, M.I,
                               expect="refuted", source=f"{SRC}, mutated (not symmetric)")

# ---- powers of a block-diagonal matrix -----------------------------------------------------------------
diagonal_power = Claim("diag(A, D)^k = diag(A^k, D^k)", MatPow(BlockDiagMatrix(A, D), k),
                       BlockDiagMatrix(MatPow(A, k), MatPow(D, k)), expect="proved", source=SRC)
diagonal_power_twin = Claim("twin: diag(A, D)^k = diag(A^k, D)", MatPow(BlockDiagMatrix(A, D), k),
                            BlockDiagMatrix(MatPow(A, k), D), expect="refuted", source=f"{SRC}, mutated (exponent lost)")
diagonal_power_trace = Claim("tr([[A, 0], [0, D]]^k) = tr(A^k) + tr(D^k)", Trace(MatPow(BlockMatrix([[A, Zpq], [Zqp, D]]), k)),
                             Trace(MatPow(A, k)) + Trace(MatPow(D, k)), expect="proved", source=SRC)
triangular_power_twin = Claim("twin: [[A, B], [0, D]]^k = [[A^k, B], [0, D^k]]", MatPow(BlockMatrix([[A, B], [Zqp, D]]), k),
                              BlockMatrix([[MatPow(A, k), B], [Zqp, MatPow(D, k)]]), expect="refuted",
                              source=f"{SRC}, mutated (a block-triangular power is not blockwise)")

# ---- a bordered matrix: a 1×1 corner (the Schur complement is a scalar) --------------------------------
c = symbols("c", real=True)
b = MatrixSymbol("b", p, 1)
s_b = c - Trace(b.T * A.I * b)
bordered = BlockMatrix([[A, b], [b.T, c * Identity(1)]])
bordered_inverse = Claim("[[A, b], [b^T, c]]^-1 with s = c - b^T A^-1 b", bordered.I,
                         BlockMatrix([[A.I + A.I * b * b.T * A.I / s_b, -A.I * b / s_b], [-b.T * A.I / s_b, Identity(1) / s_b]]),
                         assume=[Q.symmetric(A)], expect="proved", source=SRC)
bordered_inverse_twin = Claim("twin: [[A, b], [b^T, c]]^-1 with the corner's sign flipped", bordered.I,
                              BlockMatrix([[A.I + A.I * b * b.T * A.I / s_b, A.I * b / s_b],
                                           [-b.T * A.I / s_b, Identity(1) / s_b]]),
                              assume=[Q.symmetric(A)], expect="refuted", source=f"{SRC}, mutated (sign)")
