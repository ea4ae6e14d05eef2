"""Kronecker products and vec for symbolic dimensions (issue 14, item 1).

Shapes are products of symbolic dimensions (A ⊗ B of an n×m A and an r×q B is nr×mq).
Each identity has a mutated twin (factors swapped, a transpose dropped, a product in the
wrong order) that must be refuted with an exact counterexample.
"""
from sympy import Determinant, Identity, Inverse, KroneckerProduct, MatMul, MatrixSymbol, Q, Trace, symbols

from symcheck import Claim, pinv, vec

m, n, p, q, r, s = symbols("m n p q r s", integer=True, positive=True)
alpha, beta = symbols("alpha beta", real=True)
SRC = "Kronecker products and vec (issue 14)"

A, B = MatrixSymbol("A", n, m), MatrixSymbol("B", n, m)
K, L = MatrixSymbol("K", r, q), MatrixSymbol("L", r, q)
C, D = MatrixSymbol("C", m, p), MatrixSymbol("D", q, s)
S, T = MatrixSymbol("S", n, n), MatrixSymbol("T", n, n)
U, V = MatrixSymbol("U", n, n), MatrixSymbol("V", m, m)

mixed = Claim("(A kron K)(C kron D) = AC kron KD", KroneckerProduct(A, K) * KroneckerProduct(C, D),
              KroneckerProduct(A * C, K * D), expect="proved", source=SRC)
mixed_twin = Claim("twin: (S kron T)(T kron S) = ST kron ST", KroneckerProduct(S, T) * KroneckerProduct(T, S),
                   KroneckerProduct(S * T, S * T), expect="refuted", source=SRC + ", factors paired wrongly")
not_commutative = Claim("twin: S kron T = T kron S", KroneckerProduct(S, T), KroneckerProduct(T, S),
                        expect="refuted", source=SRC)
distributive = Claim("A kron (K + L) = A kron K + A kron L", KroneckerProduct(A, K + L),
                     KroneckerProduct(A, K) + KroneckerProduct(A, L), expect="proved", source=SRC)
distributive_twin = Claim("twin: (S + T) kron U = S kron U + U kron T",
                          KroneckerProduct(S + T, U), KroneckerProduct(S, U) + KroneckerProduct(U, T),
                          expect="refuted", source=SRC)
associative = Claim("A kron (K kron C) = (A kron K) kron C", KroneckerProduct(A, KroneckerProduct(K, C)),
                    KroneckerProduct(KroneckerProduct(A, K), C), expect="proved", source=SRC)
scalars = Claim("(alpha A) kron (beta K) = alpha beta (A kron K)", KroneckerProduct(alpha * A, beta * K),
                alpha * beta * KroneckerProduct(A, K), expect="proved", source=SRC)
scalars_twin = Claim("twin: (alpha A) kron (beta K) = alpha (A kron K)", KroneckerProduct(alpha * A, beta * K),
                     alpha * KroneckerProduct(A, K), expect="refuted", source=SRC)
transpose = Claim("(A kron K)^T = A^T kron K^T", KroneckerProduct(A, K).T, KroneckerProduct(A.T, K.T),
                  expect="proved", source=SRC)
transpose_twin = Claim("twin: (S kron T)^T = T^T kron S^T", KroneckerProduct(S, T).T, KroneckerProduct(T.T, S.T),
                       expect="refuted", source=SRC + ", the order reversed as for ordinary products")
inverse = Claim("(U kron V)^-1 = U^-1 kron V^-1", Inverse(KroneckerProduct(U, V)), KroneckerProduct(U.I, V.I),
                expect="proved", source=SRC)
inverse_twin = Claim("twin: (S kron T)^-1 = T^-1 kron S^-1",
                     Inverse(KroneckerProduct(S, T)), KroneckerProduct(T.I, S.I), expect="refuted", source=SRC)
inverse_product = Claim("(U kron V)(U^-1 kron V^-1) = I", MatMul(KroneckerProduct(U, V), KroneckerProduct(U.I, V.I)),
                        Identity(m * n), expect="proved", source=SRC)
pseudo_inverse = Claim("(A kron K)^+ = A^+ kron K^+", pinv(KroneckerProduct(A, K)),
                       KroneckerProduct(pinv(A), pinv(K)), expect="proved", source=SRC)
trace = Claim("tr(U kron V) = tr(U) tr(V)", Trace(KroneckerProduct(U, V)), Trace(U) * Trace(V),
              expect="proved", source=SRC)
trace_twin = Claim("twin: tr(U kron V) = tr(U) + tr(V)", Trace(KroneckerProduct(U, V)), Trace(U) + Trace(V),
                   expect="refuted", source=SRC)
identity = Claim("I_n kron I_m = I_nm", KroneckerProduct(Identity(n), Identity(m)), Identity(m * n),
                 expect="proved", source=SRC)

X = MatrixSymbol("X", m, n)
P, R = MatrixSymbol("P", p, m), MatrixSymbol("R", n, q)
vec_axb = Claim("vec(P X R) = (R^T kron P) vec(X)", vec(P * X * R), KroneckerProduct(R.T, P) * vec(X),
                expect="proved", source=SRC)
vec_axb_twin = Claim("twin: vec(P X R) = (P kron R^T) vec(X)", vec(P * X * R), KroneckerProduct(P, R.T) * vec(X),
                     expect="refuted", source=SRC + ", the factors swapped")
vec_trace = Claim("tr(A^T B) = vec(A)^T vec(B)", Trace(A.T * B), vec(A).T * vec(B), expect="proved", source=SRC)
vec_trace_twin = Claim("twin: tr(S T) = vec(S)^T vec(T)", Trace(S * T), vec(S).T * vec(T), expect="refuted",
                       source=SRC + ", a transpose dropped")
vec_linear = Claim("vec(alpha A + B) = alpha vec(A) + vec(B)", vec(alpha * A + B), alpha * vec(A) + vec(B),
                   expect="proved", source=SRC)
vec_transpose_twin = Claim("twin: vec(S^T) = vec(S)", vec(S.T), vec(S), expect="refuted", source=SRC)
x, y = MatrixSymbol("x", n, 1), MatrixSymbol("y", m, 1)
columns = Claim("(x kron y)^T (x kron y) = (x^T x)(y^T y)", KroneckerProduct(x, y).T * KroneckerProduct(x, y),
                (x.T * x) * (y.T * y), expect="proved", source=SRC)
outer = Claim("x kron y = vec(y x^T)", KroneckerProduct(x, y), vec(y * x.T), expect="proved", source=SRC)
outer_twin = Claim("twin: x kron y = vec(x y^T)", KroneckerProduct(x, y), vec(x * y.T), expect="refuted",
                   source=SRC + ", the outer product the wrong way round")
Bs = MatrixSymbol("B", n, n)
a, c = MatrixSymbol("a", m, 1), MatrixSymbol("c", m, 1)
quadratic = Claim("a^T X B X^T c = vec(X)^T (B^T kron c a^T) vec(X)", a.T * X * Bs * X.T * c,
                  vec(X).T * KroneckerProduct(Bs.T, c * a.T) * vec(X), expect="proved", source=SRC)
quadratic_symmetric = Claim("B symmetric: a^T X B X^T c = vec(X)^T (B kron c a^T) vec(X)", a.T * X * Bs * X.T * c,
                            vec(X).T * KroneckerProduct(Bs, c * a.T) * vec(X), assume=[Q.symmetric(Bs)],
                            expect="proved", source=SRC)
quadratic_twin = Claim("twin: a^T X B X^T c = vec(X)^T (B kron c a^T) vec(X) (B not symmetric)",
                       a.T * X * Bs * X.T * c, vec(X).T * KroneckerProduct(Bs, c * a.T) * vec(X),
                       expect="refuted", source=SRC)

Dn = MatrixSymbol("D", s, s)
determinant = Claim("det(U kron V) = det(U)^m det(V)^n", Determinant(KroneckerProduct(U, V)),
                    Determinant(U) ** m * Determinant(V) ** n, expect="proved", source=SRC)
determinant_three = Claim("det(U kron V kron D) = det(U)^(ms) det(V)^(ns) det(D)^(nm)",
                          Determinant(KroneckerProduct(U, V, Dn)),
                          Determinant(U) ** (m * s) * Determinant(V) ** (n * s) * Determinant(Dn) ** (n * m),
                          expect="proved", source=SRC)
determinant_twin = Claim("twin: det(U kron V) = det(U)^n det(V)^m", Determinant(KroneckerProduct(U, V)),
                         Determinant(U) ** n * Determinant(V) ** m, expect="refuted",
                         source=SRC + ", the exponents swapped")
