"""Positive (semi)definiteness and inequalities (issue 14, item 4), each with a mutated false twin.

Hand-checked. Gram matrices XᵀX are positive semidefinite (vᵀXᵀXv = ‖Xv‖² ≥ 0), λI is
positive definite for λ > 0, sums of PSD matrices with nonnegative weights are PSD (PD when
a PD term has a positive weight), congruences BᵀAB of a PSD A are PSD, and the inverse of a
PD matrix is PD (xᵀN⁻¹x = yᵀNy for y = N⁻¹x). Cauchy–Schwarz for vectors of any length n
follows from Lagrange's identity ‖x‖²‖y‖² − (xᵀy)² = ½‖xyᵀ − yxᵀ‖_F²; the triangle
inequality from Cauchy–Schwarz by squaring. The twins fail on small exact instances
(x = y = e₁ for the strict Cauchy–Schwarz; λ = 1, X = 0 for the sign-flipped form).
"""
from sympy import Abs, BlockMatrix, Identity, MatrixSymbol, Q, Trace, symbols

from symcheck import Claim, dot, norm, opnorm2, sqnorm

n, d, k = symbols("n d k", integer=True, positive=True)
lam = symbols("lambda", positive=True)
t = symbols("t", real=True)
m = symbols("m", integer=True, positive=True)
X = MatrixSymbol("X", n, d)
A, A2 = MatrixSymbol("A", m, n), MatrixSymbol("A2", m, n)
Bn = MatrixSymbol("B_n", n, n)
B = MatrixSymbol("B", d, k)
S = MatrixSymbol("S", d, d)
v = MatrixSymbol("v", d, 1)
u = MatrixSymbol("u", k, 1)
x, y = MatrixSymbol("x", n, 1), MatrixSymbol("y", n, 1)
Id = Identity(d)
P_, C_ = MatrixSymbol("P", n, n), MatrixSymbol("C", k, k)
G_ = MatrixSymbol("G", n, k)
z_ = BlockMatrix([[x], [u]])
M_ = BlockMatrix([[P_, G_], [G_.T, C_]])
POS = [Q.positive(lam)]
NONZERO_V = [sqnorm(v) > 0]
SRC = "issue 14, item 4 (positive semidefiniteness and inequalities)"

claims = [
    Claim("tr(X^T X) >= 0", Trace(X.T * X), 0, relation=">=", expect="proved", source=f"{SRC}: Gram matrices"),
    Claim("twin: tr(X^T X) > 0", Trace(X.T * X), 0, relation=">", expect="refuted",
          source=f"{SRC}; X = 0"),
    Claim("v != 0 => v^T (X^T X/lam + I) v > 0", v.T * (X.T * X / lam + Id) * v, 0, relation=">",
          assume=POS + NONZERO_V, expect="proved", source=f"{SRC}: XᵀX/λ + I is positive definite"),
    Claim("twin: v != 0 => v^T (X^T X/lam - I) v > 0", v.T * (X.T * X / lam - Id) * v, 0, relation=">",
          assume=POS + NONZERO_V, expect="refuted", source=f"{SRC}; λ = 1, X = 0"),
    Claim("v^T (X^T X + lam I) v >= lam ||v||^2", v.T * (X.T * X + lam * Id) * v, lam * sqnorm(v), relation=">=",
          assume=POS, expect="proved", source=f"{SRC}: a quadratic-form bound"),
    Claim("twin: v^T (X^T X + lam I) v >= 2 lam ||v||^2", v.T * (X.T * X + lam * Id) * v, 2 * lam * sqnorm(v),
          relation=">=", assume=POS, expect="refuted", source=f"{SRC}; X = 0, v = e1"),
    Claim("v != 0 => v^T (X^T X + lam I)^-1 v > 0", v.T * (X.T * X + lam * Id).I * v, 0, relation=">",
          assume=POS + NONZERO_V, expect="proved", source=f"{SRC}: the inverse of a PD matrix is PD"),
    Claim("twin: v^T (X^T X + lam I)^-1 v > 0 without v != 0", v.T * (X.T * X + lam * Id).I * v, 0, relation=">",
          assume=POS, expect="refuted", source=f"{SRC}; v = 0"),
    Claim("S PD, v != 0 => v^T S v > 0", v.T * S * v, 0, relation=">", assume=[Q.positive_definite(S)] + NONZERO_V,
          expect="proved", source=f"{SRC}: the assumption itself"),
    Claim("S PD => u^T B^T S B u >= 0", u.T * B.T * S * B * u, 0, relation=">=", assume=[Q.positive_definite(S)],
          expect="proved", source=f"{SRC}: congruence BᵀSB is PSD"),
    Claim("twin: S PD, u != 0 => u^T B^T S B u > 0", u.T * B.T * S * B * u, 0, relation=">",
          assume=[Q.positive_definite(S), sqnorm(u) > 0], expect="refuted",
          source=f"{SRC}; B = 0 (a congruence by a singular B is only PSD)"),
    Claim("S PD => tr(S + X^T X) >= 0", Trace(S + X.T * X), 0, relation=">=", assume=[Q.positive_definite(S)],
          expect="proved", source=f"{SRC}: the trace of a PSD matrix"),
    Claim("Cauchy-Schwarz (x^T y)^2 <= (x^T x)(y^T y)", dot(x, y) ** 2, sqnorm(x) * sqnorm(y), relation="<=",
          expect="proved", source=f"{SRC}: Lagrange's identity, every n"),
    Claim("twin: (x^T y)^2 < (x^T x)(y^T y)", dot(x, y) ** 2, sqnorm(x) * sqnorm(y), relation="<",
          expect="refuted", source=f"{SRC}; x = y = e1 (equality for parallel vectors)"),
    Claim("x^T y <= ||x|| ||y||", dot(x, y), norm(x) * norm(y), relation="<=", expect="proved",
          source=f"{SRC}: Cauchy–Schwarz with norms"),
    Claim("twin: x^T y <= ||x||^2 ||y||", dot(x, y), sqnorm(x) * norm(y), relation="<=", expect="refuted",
          source=f"{SRC}; x = y = e1/2"),
    Claim("triangle inequality ||x + y|| <= ||x|| + ||y||", norm(x + y), norm(x) + norm(y), relation="<=",
          expect="proved", source=f"{SRC}: squaring, then Cauchy–Schwarz"),
    Claim("twin: ||x + y|| <= ||x|| + ||y||/2", norm(x + y), norm(x) + norm(y) / 2, relation="<=",
          expect="refuted", source=f"{SRC}; x = 0, y = e1"),
    Claim("||x - y||^2 <= 2 ||x||^2 + 2 ||y||^2", sqnorm(x - y), 2 * sqnorm(x) + 2 * sqnorm(y), relation="<=",
          expect="proved", source=f"{SRC}: parallelogram bound (2‖x‖² + 2‖y‖² − ‖x − y‖² = ‖x + y‖²)"),
    Claim("twin: ||x - y||^2 <= ||x||^2 + ||y||^2", sqnorm(x - y), sqnorm(x) + sqnorm(y), relation="<=",
          expect="refuted", source=f"{SRC}; x = e1, y = -e1"),
    Claim("t^2 ||x||^2 >= 0", t ** 2 * sqnorm(x), 0, relation=">=", expect="proved", source=f"{SRC}: squares"),
    Claim("twin: t ||x||^2 >= 0", t * sqnorm(x), 0, relation=">=", expect="refuted", source=f"{SRC}; t = -1, x = e1"),
    Claim("B invertible, x != 0 => x^T B B^T x > 0", x.T * Bn * Bn.T * x, 0, relation=">",
          assume=[Q.invertible(Bn), sqnorm(x) > 0], expect="proved",
          source=f"{SRC}: BBᵀ is positive definite for an invertible B (Bᵀx ≠ 0)"),
    Claim("twin: x != 0 => x^T B B^T x > 0 (B not invertible)", x.T * Bn * Bn.T * x, 0, relation=">",
          assume=[sqnorm(x) > 0], expect="refuted", source=f"{SRC}; B = 0"),
    Claim("Frobenius triangle ||A + A2|| <= ||A|| + ||A2||", norm(A + A2), norm(A) + norm(A2), relation="<=",
          expect="proved", source=f"{SRC}: Cauchy–Schwarz for tr(AᵀB)"),
    Claim("twin: ||A + A2|| < ||A|| + ||A2||", norm(A + A2), norm(A) + norm(A2), relation="<",
          expect="refuted", source=f"{SRC}; A = A2 = 0"),
    Claim("||Ax|| <= ||A||_2 ||x||", norm(A * x), opnorm2(A) * norm(x), relation="<=", expect="proved",
          source=f"{SRC}: the operator 2-norm"),
    Claim("twin: ||Ax|| <= ||A||_2 ||x|| / 2", norm(A * x), opnorm2(A) * norm(x) / 2, relation="<=",
          expect="refuted", source=f"{SRC}; A = x = e1"),
    Claim("||I||_2 = 1", opnorm2(Identity(n)), 1, expect="proved", source=f"{SRC}: the operator 2-norm"),
    Claim("twin: ||I||_2 = ||I||_F", opnorm2(Identity(n)), norm(Identity(n)), expect="refuted",
          source=f"{SRC}; n = 2: 1 vs sqrt(2)"),
    Claim("||cA|| = |c| ||A||", norm(t * A), Abs(t) * norm(A), expect="proved", source=f"{SRC}: equations with roots"),
    Claim("twin: ||cA|| = c ||A||", norm(t * A), t * norm(A), expect="refuted", source=f"{SRC}; c = -1, A = e1e1ᵀ"),
    Claim("Schur: P PD, C - G^T P^-1 G PD => z^T [[P, G], [G^T, C]] z >= 0", z_.T * M_ * z_, 0, relation=">=",
          assume=[Q.positive_definite(P_), Q.positive_definite(C_ - G_.T * P_.I * G_)], expect="proved",
          source=f"{SRC}: the Schur-complement criterion"),
    Claim("twin: P PD => z^T [[P, G], [G^T, C]] z >= 0 (no Schur complement)", z_.T * M_ * z_, 0, relation=">=",
          assume=[Q.positive_definite(P_)], expect="refuted", source=f"{SRC}; C = -1, G = 0"),
    Claim("S PD => S_11 > 0", S[0, 0], 0, relation=">", assume=[Q.positive_definite(S)], expect="proved",
          source=f"{SRC}: a diagonal entry e1ᵀSe1 of a PD matrix"),
    Claim("twin: S PD => S_12 > 0", S[0, 1], 0, relation=">", assume=[Q.positive_definite(S)], expect="refuted",
          source=f"{SRC}; S = I"),
    Claim("B^T B invertible, u != 0 => ||B u||^2 > 0", sqnorm(B * u), 0, relation=">",
          assume=[Q.invertible(B.T * B), sqnorm(u) > 0], expect="proved",
          source=f"{SRC}: full column rank makes BᵀB positive definite"),
    Claim("twin: B^T B invertible => ||B u||^2 > 0 (u may be 0)", sqnorm(B * u), 0, relation=">",
          assume=[Q.invertible(B.T * B)], expect="refuted", source=f"{SRC}; u = 0"),
]
