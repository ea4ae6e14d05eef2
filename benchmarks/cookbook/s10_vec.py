"""The Matrix Cookbook (2012) §10.2.2, the vec operator, eqs. 520–524, with symcheck's `vec`
(vec(A) of an m×n A is the mn×1 column stack, vec(A)_(i + (j-1) m) = A_ij).

Expectations (checked by hand and on explicit instances):
  520–523 hold. 524 is printed with B where B^T is needed (see docs/cookbook.md, errata):
  vec(X)^T (B kron c a^T) vec(X) = a^T X B^T X^T c, so the printed form fails unless B is
  symmetric; the cookbook's own proof (Appendix B.1.1) ends with B^T.
"""
from sympy import KroneckerProduct, MatrixSymbol, Q, Trace, symbols

from symcheck import Claim, vec

m, n, p, q = symbols("m n p q", integer=True, positive=True)
alpha = symbols("alpha", real=True)


def src(eq):
    return f"Matrix Cookbook (2012) eq. {eq}"


A = MatrixSymbol("A", p, m)
X = MatrixSymbol("X", m, n)
B = MatrixSymbol("B", n, q)
eq520 = Claim("vec(AXB) = (B^T kron A) vec(X)", vec(A * X * B), KroneckerProduct(B.T, A) * vec(X),
              expect="proved", source=src(520))
F, G = MatrixSymbol("A", m, n), MatrixSymbol("B", m, n)
eq521 = Claim("Tr(A^T B) = vec(A)^T vec(B)", Trace(F.T * G), vec(F).T * vec(G), expect="proved", source=src(521))
eq522 = Claim("vec(A + B) = vec(A) + vec(B)", vec(F + G), vec(F) + vec(G), expect="proved", source=src(522))
eq523 = Claim("vec(alpha A) = alpha vec(A)", vec(alpha * F), alpha * vec(F), expect="proved", source=src(523))
a, c = MatrixSymbol("a", m, 1), MatrixSymbol("c", m, 1)
Bn = MatrixSymbol("B", n, n)
# Erratum: with B (as printed) the right side is a^T X B^T X^T c. Hand check: m = n = 2, X = I, a = e1,
# c = e2, B = [[0, 1], [0, 0]]: a^T X B X^T c = B_12 = 1, vec(X)^T (B kron c a^T) vec(X) = B_21 = 0.
eq524_as_printed = Claim("a^T X B X^T c = vec(X)^T (B kron c a^T) vec(X)", a.T * X * Bn * X.T * c,
                         vec(X).T * KroneckerProduct(Bn, c * a.T) * vec(X), expect="refuted",
                         source=src(524) + " as printed")
eq524_corrected = Claim("a^T X B X^T c = vec(X)^T (B^T kron c a^T) vec(X)", a.T * X * Bn * X.T * c,
                        vec(X).T * KroneckerProduct(Bn.T, c * a.T) * vec(X), expect="proved",
                        source=src(524) + " with B^T (as in its proof, Appendix B.1.1)")
eq524_symmetric = Claim("B symmetric: a^T X B X^T c = vec(X)^T (B kron c a^T) vec(X)", a.T * X * Bn * X.T * c,
                        vec(X).T * KroneckerProduct(Bn, c * a.T) * vec(X), assume=[Q.symmetric(Bn)],
                        expect="proved", source=src(524) + " for symmetric B")
