"""Log-determinants (issue 13, item 2), each true law with a mutated false twin.

A claim is promised where it is defined, so wherever its logs have positive arguments
(README). Hand-checked: with det A > 0 and det B > 0, log det(AB) = log det A + log det B,
log det A⁻¹ = −log det A, log det Aᵀ = log det A, log det(cA) = n log c + log det A for
c > 0; log det(LLᵀ) = 2 log|det L| needs no sign at all (det(LLᵀ) = det(L)²). The twins:
log det(AB) = log det A · log det B fails at A = B = 2I₁ (2 log 2 ≠ (log 2)²);
log det(2A) = n log 3 + log det A fails at A = I₁; log det(A⁻¹) = log det A fails at A = 2I₁. XᵀX + λI (λ > 0) is positive definite by its form,
so its determinant is positive: log det((XᵀX + λI)⁻¹) = −log det(XᵀX + λI). Without a sign
log det A + log det B = log det(AB) is neither proved nor refuted: it holds wherever both sides
are real, but det A = det B = −1 makes its left side 2πi in the complex reading.
"""
from sympy import Abs, Determinant, Identity, MatrixSymbol, Q, log, symbols

from symcheck import Claim

n = symbols("n", integer=True, positive=True)
c = symbols("c", positive=True)
A, B, L = MatrixSymbol("A", n, n), MatrixSymbol("B", n, n), MatrixSymbol("L", n, n)
d = symbols("d", integer=True, positive=True)
lam = symbols("lambda", positive=True)
X = MatrixSymbol("X", n, d)
G = X.T * X + lam * Identity(d)
SRC = "issue 13, item 2 (log-det)"
POS = [Determinant(A) > 0, Determinant(B) > 0]

claims = [
    Claim("det A, det B > 0 => log det(AB) = log det A + log det B", log(Determinant(A * B)),
          log(Determinant(A)) + log(Determinant(B)), assume=POS, expect="proved", source=SRC),
    Claim("twin: log det(AB) = log det A log det B", log(Determinant(A * B)),
          log(Determinant(A)) * log(Determinant(B)), assume=POS, expect="refuted", source=SRC),
    Claim("A, B positive definite => log det(AB) = log det A + log det B", log(Determinant(A * B)),
          log(Determinant(A)) + log(Determinant(B)), assume=[Q.positive_definite(A), Q.positive_definite(B)],
          expect="proved", source=SRC),
    Claim("A positive definite => log det(A^-1) = -log det A", log(Determinant(A.I)), -log(Determinant(A)),
          assume=[Q.positive_definite(A)], expect="proved", source=SRC),
    Claim("twin: log det(A^-1) = log det A", log(Determinant(A.I)), log(Determinant(A)),
          assume=[Q.positive_definite(A)], expect="refuted", source=SRC),
    Claim("det A > 0 => log det(A^T) = log det A", log(Determinant(A.T)), log(Determinant(A)),
          assume=[Determinant(A) > 0], expect="proved", source=SRC),
    Claim("c > 0, det A > 0 => log det(cA) = n log c + log det A", log(Determinant(c * A)),
          n * log(c) + log(Determinant(A)), assume=[Determinant(A) > 0], expect="proved", source=SRC),
    Claim("det A > 0 => log det(2A) = n log 2 + log det A", log(Determinant(2 * A)),
          n * log(2) + log(Determinant(A)), assume=[Determinant(A) > 0], expect="proved", source=SRC),
    Claim("twin: log det(2A) = n log 3 + log det A", log(Determinant(2 * A)),
          n * log(3) + log(Determinant(A)), assume=[Determinant(A) > 0], expect="refuted", source=SRC),
    Claim("lam > 0 => log det((X^T X + lam I)^-1) = -log det(X^T X + lam I)", log(Determinant(G.I)),
          -log(Determinant(G)), expect="proved", source=SRC),
    Claim("twin: log det((X^T X + lam I)^-1) = log det(X^T X + lam I)", log(Determinant(G.I)),
          log(Determinant(G)), expect="refuted", source=SRC),
    Claim("log det(L L^T) = 2 log|det L|", log(Determinant(L * L.T)), 2 * log(Abs(Determinant(L))),
          expect="proved", source=SRC),
    Claim("twin: log det(L L^T) = log|det L|", log(Determinant(L * L.T)), log(Abs(Determinant(L))),
          expect="refuted", source=SRC),
    Claim("A positive definite, det B > 0 => log det(A B A) = 2 log det A + log det B", log(Determinant(A * B * A)),
          2 * log(Determinant(A)) + log(Determinant(B)), assume=[Q.positive_definite(A), Determinant(B) > 0],
          expect="proved", source=SRC),
]
