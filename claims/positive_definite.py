"""What Q.positive_definite means: symmetric positive definite (issue 11, item 3).

SymPy's predicate is defined for a symmetric real matrix M with zᵀMz > 0 for z ≠ 0, and
symcheck keeps that meaning: Q.positive_definite(A) grants Aᵀ = A (README, docs/constructs.md).
Hand-checked: then Aᵀ = A and (A⁻¹)ᵀ = A⁻¹; the minimiser of ½wᵀAw − bᵀw has gradient
½(A + Aᵀ)w − b = Aw − b, so it is A⁻¹b. A matrix with a positive quadratic form only
(Q.positive_definite(A + Aᵀ), A not symmetric) has the minimiser (½(A + Aᵀ))⁻¹b instead:
for A = [[1, 0], [1, 1]], b = (1, 0) it is (4/3, −2/3), not A⁻¹b = (1, −1).
"""
from sympy import MatrixSymbol, Q, Rational, symbols

from symcheck import Claim, argmin

n = symbols("n", integer=True, positive=True)
A = MatrixSymbol("A", n, n)
b, w = MatrixSymbol("b", n, 1), MatrixSymbol("w", n, 1)
quadratic = Rational(1, 2) * w.T * A * w - b.T * w
SRC = "issue 11, soundness item 3 (positive definite means symmetric positive definite)"

claims = [
    Claim("A positive definite => A^T = A", A.T, A, assume=[Q.positive_definite(A)], expect="proved", source=SRC),
    Claim("A positive definite => (A^-1)^T = A^-1", A.I.T, A.I, assume=[Q.positive_definite(A)], expect="proved",
          source=SRC),
    Claim("A positive definite => argmin 1/2 w^T A w - b^T w = A^-1 b", argmin(quadratic, w), A.I * b,
          assume=[Q.positive_definite(A)], expect="proved", source=SRC),
    Claim("twin: only A + A^T positive definite => argmin 1/2 w^T A w - b^T w = A^-1 b", argmin(quadratic, w),
          A.I * b, assume=[Q.positive_definite(A + A.T)], expect="refuted",
          source=f"{SRC}; A = [[1, 0], [1, 1]], b = (1, 0)"),
]
