"""Identities between matrices of numeric sizes, proved entry by entry (every entry of
lhs − rhs cancels with the matrices' entries as unknowns); each has a refuted twin.
A derivative by a real scalar t is taken entry by entry once the matrices are written out.
"""
from sympy import (Derivative, Determinant, HadamardProduct, Identity, ImmutableMatrix, KroneckerProduct, MatrixSymbol,
                   Trace, ZeroMatrix, symbols)

from symcheck import Claim

SRC = "explicit sizes (issue 14)"
A, B = MatrixSymbol("A", 2, 2), MatrixSymbol("B", 2, 2)
A3 = MatrixSymbol("A", 3, 3)
E23 = ImmutableMatrix(3, 3, lambda i, j: 1 if (i, j) == (1, 2) else 0)
t = symbols("t", real=True)
X = A + t * B   # X(t), so dX/dt = B

cayley_hamilton = Claim("Cayley-Hamilton (2x2): A^2 - tr(A) A + det(A) I = 0",
                        A * A - Trace(A) * A + Determinant(A) * Identity(2), ZeroMatrix(2, 2),
                        expect="proved", source=SRC)
cayley_hamilton_twin = Claim("twin: A^2 + tr(A) A + det(A) I = 0 (2x2)",
                             A * A + Trace(A) * A + Determinant(A) * Identity(2), ZeroMatrix(2, 2),
                             expect="refuted", source=SRC)
single_entry = Claim("tr(A J^23) = A_32 (3x3)", Trace(A3 * E23), A3[2, 1], expect="proved", source=SRC)
single_entry_twin = Claim("twin: tr(A J^23) = A_23 (3x3)", Trace(A3 * E23), A3[1, 2], expect="refuted", source=SRC)
hadamard_trace = Claim("tr(A^T (B o A)) = sum of B_ij A_ij^2 (2x2)", Trace(A.T * HadamardProduct(B, A)),
                       sum(B[i, j] * A[i, j] ** 2 for i in range(2) for j in range(2)), expect="proved", source=SRC)
kron_trace_twin = Claim("twin: tr(A kron B) = tr(A) + tr(B) (2x2)", Trace(KroneckerProduct(A, B)),
                        Trace(A) + Trace(B), expect="refuted", source=SRC)
kron_trace = Claim("tr(A kron B) = tr(A) tr(B) (2x2)", Trace(KroneckerProduct(A, B)), Trace(A) * Trace(B),
                   expect="proved", source=SRC)
jacobi = Claim("d det(X)/dt = tr(adj(X) dX/dt) for X = A + t B (2x2, Jacobi's formula)", Derivative(Determinant(X), t),
               Trace(X.as_explicit().adjugate() * B.as_explicit()), expect="proved", source=SRC)
jacobi_twin = Claim("twin: d det(X)/dt = tr(adj(X)^T dX/dt) for X = A + t B (2x2)", Derivative(Determinant(X), t),
                    Trace(X.as_explicit().adjugate().T * B.as_explicit()), expect="refuted", source=SRC)
