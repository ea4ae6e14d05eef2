"""Hadamard (element-wise) products, diagonals and the ones matrix for symbolic dimensions
(issue 14, item 2). Hadamard facts hold for ∘ only: the twins check that commutativity does
not leak into ordinary products, and every identity has a mutated twin that is refuted.
"""
from sympy import (DiagMatrix, DiagonalMatrix, DiagonalOf, Eq, HadamardPower, HadamardProduct, Identity, MatrixSymbol,
                   OneMatrix, Trace, ZeroMatrix, exp, symbols)

from symcheck import Claim

m, n, p = symbols("m n p", integer=True, positive=True)
SRC = "Hadamard products and diagonals (issue 14)"

A, B, C = (MatrixSymbol(name, n, m) for name in "ABC")
S, T = MatrixSymbol("S", n, n), MatrixSymbol("T", n, n)
x, z = MatrixSymbol("x", n, 1), MatrixSymbol("z", n, 1)
y = MatrixSymbol("y", m, 1)

commutative = Claim("A o B = B o A", HadamardProduct(A, B), HadamardProduct(B, A), expect="proved", source=SRC)
ordinary_twin = Claim("twin: S T = T S (ordinary products do not commute)", S * T, T * S, expect="refuted",
                      source=SRC)
inside_products = Claim("(S o T) S = (T o S) S", HadamardProduct(S, T) * S, HadamardProduct(T, S) * S,
                        expect="proved", source=SRC)
inside_products_twin = Claim("twin: S (S o T) = (S o T) S", S * HadamardProduct(S, T), HadamardProduct(S, T) * S,
                             expect="refuted", source=SRC + ", commutativity leaked into the ordinary product")
associative = Claim("(A o B) o C = A o (B o C)", HadamardProduct(HadamardProduct(A, B), C),
                    HadamardProduct(A, HadamardProduct(B, C)), expect="proved", source=SRC)
distributive = Claim("A o (B + 2C) = A o B + 2 A o C", HadamardProduct(A, B + 2 * C),
                     HadamardProduct(A, B) + 2 * HadamardProduct(A, C), expect="proved", source=SRC)
distributive_twin = Claim("twin: A o (B + C) = A o B + C", HadamardProduct(A, B + C), HadamardProduct(A, B) + C,
                          expect="refuted", source=SRC)
ones = Claim("A o J = A", HadamardProduct(A, OneMatrix(n, m)), A, expect="proved", source=SRC)
ones_twin = Claim("twin: S o I = S", HadamardProduct(S, Identity(n)), S, expect="refuted",
                  source=SRC + ", I for J")
diagonal_part = Claim("diag part of S = S o I", DiagonalMatrix(S), HadamardProduct(S, Identity(n)),
                      expect="proved", source=SRC)
transpose = Claim("(A o B)^T = A^T o B^T", HadamardProduct(A, B).T, HadamardProduct(A.T, B.T), expect="proved",
                  source=SRC)
transpose_twin = Claim("twin: (S o T)^T = S o T", HadamardProduct(S, T).T, HadamardProduct(S, T),
                       expect="refuted", source=SRC)
bilinear = Claim("x^T (A o B) y = tr(diag(x) A diag(y) B^T)", x.T * HadamardProduct(A, B) * y,
                 Trace(DiagMatrix(x) * A * DiagMatrix(y) * B.T), expect="proved", source=SRC)
bilinear_twin = Claim("twin: x^T (S o T) z = tr(diag(x) S diag(z) T) (T for T^T)",
                      x.T * HadamardProduct(S, T) * z, Trace(DiagMatrix(x) * S * DiagMatrix(z) * T),
                      expect="refuted", source=SRC)
trace_swap = Claim("tr(A^T (B o C)) = tr((A o B)^T C)", Trace(A.T * HadamardProduct(B, C)),
                   Trace(HadamardProduct(A, B).T * C), expect="proved", source=SRC)
trace_swap_twin = Claim("twin: tr(S^T (T o S)) = tr((S o T) S)", Trace(S.T * HadamardProduct(T, S)),
                        Trace(HadamardProduct(S, T) * S), expect="refuted", source=SRC)
diag_times = Claim("diag(x) z = x o z", DiagMatrix(x) * z, HadamardProduct(x, z), expect="proved", source=SRC)
diag_diag = Claim("diag(x) diag(z) = diag(x o z)", DiagMatrix(x) * DiagMatrix(z), DiagMatrix(HadamardProduct(x, z)),
                  expect="proved", source=SRC)
diag_matrix_twin = Claim("twin: diag(x) S = S o (x 1^T)^T", DiagMatrix(x) * S,
                         HadamardProduct(S, x * OneMatrix(1, n)).T, expect="refuted", source=SRC)
trace_diag = Claim("tr(diag(x)) = 1^T x", Trace(DiagMatrix(x)), OneMatrix(1, n) * x, expect="proved", source=SRC)
diag_of_diagonal = Claim("diag(diagonal of S) = S o I", DiagMatrix(DiagonalOf(S)), HadamardProduct(S, Identity(n)),
                         expect="proved", source=SRC)
skew_diagonal = Claim("S^T = -S: S o I = 0", HadamardProduct(S, Identity(n)), ZeroMatrix(n, n),
                      assume=[Eq(S.T, -S)], expect="proved", source=SRC)
skew_diagonal_twin = Claim("twin: S o I = 0 (S not antisymmetric)", HadamardProduct(S, Identity(n)), ZeroMatrix(n, n),
                           expect="refuted", source=SRC)
square = Claim("A^(o2) = A o A", HadamardPower(A, 2), HadamardProduct(A, A), expect="proved", source=SRC)
square_twin = Claim("twin: S^(o2) = S S", HadamardPower(S, 2), S * S, expect="refuted", source=SRC)
elementwise_transpose = Claim("exp(A)^T = exp(A^T) entrywise", A.applyfunc(exp).T, A.T.applyfunc(exp),
                              expect="proved", source=SRC)
ones_product = Claim("J_(n×m) J_(m×p) = m J_(n×p)", OneMatrix(n, m) * OneMatrix(m, p), m * OneMatrix(n, p),
                     expect="proved", source=SRC)
ones_product_twin = Claim("twin: J_(n×m) J_(m×p) = J_(n×p)", OneMatrix(n, m) * OneMatrix(m, p), OneMatrix(n, p),
                          expect="refuted", source=SRC)
