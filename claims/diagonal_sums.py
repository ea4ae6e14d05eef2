"""Sums of diagonal entries are traces: Σᵢ₌₀ⁿ⁻¹ A[i, i] = tr(A) (issue 13, cookbook eq. 11).

A SymPy `Sum` over one index from 0 to n − 1 of c·M[i, i] terms (M square n×n, SymPy's
0-based entries) is read by the matrix prover as Σ c·tr(M), for every n; the checker reads
it with its own code, and the refuter evaluates such sums exactly on instances. The twins
stop one entry short, or take the product of diagonals for the diagonal of a product.
"""
from sympy import MatrixSymbol, Sum, Trace, symbols

from symcheck import Claim

n = symbols("n", integer=True, positive=True)
i = symbols("i", integer=True)
c = symbols("c")
A, B = MatrixSymbol("A", n, n), MatrixSymbol("B", n, n)
SRC = "issue 13 (the trace as a sum of diagonal entries; Matrix Cookbook eq. 11)"

trace_sum = Claim("Tr(A) = sum_i A_ii", Trace(A), Sum(A[i, i], (i, 0, n - 1)), expect="proved", source=SRC)
trace_sum_short_twin = Claim("twin: Tr(A) = sum_{i < n-1} A_ii", Trace(A), Sum(A[i, i], (i, 0, n - 2)),
                             expect="refuted", source=f"{SRC}, mutated (one entry short)")
trace_linear = Claim("Tr(A + c B^T) = sum_i (A_ii + c B_ii)", Trace(A + c * B.T),
                     Sum(A[i, i] + c * B[i, i], (i, 0, n - 1)), expect="proved", source=SRC)
trace_product_twin = Claim("twin: Tr(A B) = sum_i A_ii B_ii", Trace(A * B), Sum(A[i, i] * B[i, i], (i, 0, n - 1)),
                           expect="refuted", source=f"{SRC}, mutated (diagonal of a product)")
