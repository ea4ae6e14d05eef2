"""Determinants inside the prover (issue 13, item 1), each true law with a mutated false twin.

Square matrices are n×n (A, B, Q) or m×m (W); P is n×m and R m×n (rectangular); u, v are
n-vectors. Hand-checked:

* det(AB) = det A det B, det Aᵀ = det A, det A⁻¹ = 1/det A, det(cA) = cⁿ det A for the
  symbolic size n, det I = 1; the twins det(A + B) = det A + det B and det(cA) = c det A
  fail at n = 2 (A = B = I: 4 ≠ 2; c = 2: 4 ≠ 2).
* Sylvester: det(I_n + PR) = det(I_m + RP) for rectangular P, R (PR and RP have the same
  nonzero eigenvalues); the twin with −RP fails at n = m = 1, P = R = 1 (2 ≠ 0).
* the matrix determinant lemma det(A + uvᵀ) = (1 + vᵀA⁻¹u) det A and its general form
  det(A + PWR) = det(W⁻¹ + RA⁻¹P) det W det A; the twin with 1 − vᵀA⁻¹u fails at A = I, u = v = e₁.
* block determinants through a Schur complement: det [[A, P], [R, W]] = det A · det(W − RA⁻¹P)
  = det W · det(A − PW⁻¹R); block triangular: det [[A, P], [0, W]] = det A det W. The twin
  with W − RAP fails for A = 2, P = R = W = 1 (1×1 blocks: det = 1, but 2·(1 − 2) = −2).
* Q orthogonal: QᵀQ = I, so det(Q)² = 1, |det Q| = 1 and det(QAQᵀ) = det A; the twin
  det Q = 1 fails for the reflection Q = diag(−1, 1).
* an assumption Eq(M₁, M₂) between square matrices gives det M₁ = det M₂: UᵀU = I gives
  det(U)² = 1 (the twin det U = 1 fails for U = −I₁); Π² = Π gives det Π ∈ {0, 1} (the twin
  det Π = 1 fails for Π = 0).
* `Determinant(X) > 0` is usable in `assume`, and a positive definite matrix has a positive
  determinant (the product of its eigenvalues), as has XᵀX + λI for λ > 0 (positive definite
  by its form); the twin with det A ≥ 0 assumed is refuted by A = 0, the one with λ ≥ 0 by
  X = 0, λ = 0.
* Hadamard's inequality det M ≤ Π Mᵢᵢ = det(M ∘ I) for M symmetric positive semidefinite (M
  positive definite, or PPᵀ); the twins: ≥ fails for A = [[2, 1], [1, 2]] (3 < 4), < fails for
  A = I (1 = 1), and a symmetric A with a zero diagonal has det A > 0 = Π Aᵢᵢ
  (A = [[0, 1, 1], [1, 0, 1], [1, 1, 0]]: det A = 2).
"""
from sympy import Abs, BlockMatrix, Determinant, Eq, HadamardProduct, Identity, MatrixSymbol, Q, ZeroMatrix, symbols

from symcheck import Claim, dot

n, m = symbols("n m", integer=True, positive=True)
c = symbols("c", real=True)
A, B, Qm = MatrixSymbol("A", n, n), MatrixSymbol("B", n, n), MatrixSymbol("Q", n, n)
U, Pi = MatrixSymbol("U", n, n), MatrixSymbol("Pi", n, n)
d = symbols("d", integer=True, positive=True)
lam = symbols("lambda", real=True)
X, Id = MatrixSymbol("X", n, d), Identity(d)
W = MatrixSymbol("W", m, m)
P, R = MatrixSymbol("P", n, m), MatrixSymbol("R", m, n)
u, v = MatrixSymbol("u", n, 1), MatrixSymbol("v", n, 1)
In, Im = Identity(n), Identity(m)
SRC = "issue 13, item 1 (determinants inside the prover)"
BLOCK = BlockMatrix([[A, P], [R, W]])

HADAMARD = "Hadamard's inequality (Matrix Cookbook 2012, sec. 9.6.13)"

claims = [
    # ---- the laws ----
    Claim("det(AB) = det A det B", Determinant(A * B), Determinant(A) * Determinant(B), expect="proved", source=SRC),
    Claim("twin: det(A + B) = det A + det B", Determinant(A + B), Determinant(A) + Determinant(B),
          expect="refuted", source=SRC),
    Claim("det(A^T) = det A", Determinant(A.T), Determinant(A), expect="proved", source=SRC),
    Claim("twin: det(A^T) = -det A", Determinant(A.T), -Determinant(A), expect="refuted", source=SRC),
    Claim("det(A^-1) = 1/det A", Determinant(A.I), 1 / Determinant(A), expect="proved", source=SRC),
    Claim("twin: det(A^-1) = det A", Determinant(A.I), Determinant(A), expect="refuted", source=SRC),
    Claim("det(cA) = c^n det A", Determinant(c * A), c ** n * Determinant(A), expect="proved", source=SRC),
    Claim("twin: det(cA) = c det A", Determinant(c * A), c * Determinant(A), expect="refuted", source=SRC),
    Claim("det(I) = 1", Determinant(In), 1, expect="proved", source=SRC),
    Claim("twin: det(2I) = 2", Determinant(2 * In), 2, expect="refuted", source=SRC),
    Claim("det(B A B^-1) = det A", Determinant(B * A * B.I), Determinant(A), expect="proved", source=SRC),
    Claim("twin: det(B A B^T) = det A", Determinant(B * A * B.T), Determinant(A), expect="refuted", source=SRC),
    # ---- Sylvester and the determinant lemma ----
    Claim("Sylvester: det(I_n + P R) = det(I_m + R P)", Determinant(In + P * R), Determinant(Im + R * P),
          expect="proved", source=SRC),
    Claim("twin: det(I_n + P R) = det(I_m - R P)", Determinant(In + P * R), Determinant(Im - R * P),
          expect="refuted", source=SRC),
    Claim("det(I + u v^T) = 1 + v^T u", Determinant(In + u * v.T), 1 + dot(v, u), expect="proved", source=SRC),
    Claim("determinant lemma: det(A + u v^T) = (1 + v^T A^-1 u) det A", Determinant(A + u * v.T),
          (1 + dot(v, A.I * u)) * Determinant(A), expect="proved", source=SRC),
    Claim("twin: det(A + u v^T) = (1 - v^T A^-1 u) det A", Determinant(A + u * v.T),
          (1 - dot(v, A.I * u)) * Determinant(A), expect="refuted", source=SRC),
    Claim("det(A + P W R) = det(W^-1 + R A^-1 P) det W det A", Determinant(A + P * W * R),
          Determinant(W.I + R * A.I * P) * Determinant(W) * Determinant(A), expect="proved", source=SRC),
    Claim("twin: det(A + P W R) = det(W + R A^-1 P) det A", Determinant(A + P * W * R),
          Determinant(W + R * A.I * P) * Determinant(A), expect="refuted", source=SRC),
    # ---- blocks ----
    Claim("det [[A, P], [R, W]] = det A det(W - R A^-1 P)", Determinant(BLOCK),
          Determinant(A) * Determinant(W - R * A.I * P), expect="proved", source=SRC),
    Claim("det [[A, P], [R, W]] = det W det(A - P W^-1 R)", Determinant(BLOCK),
          Determinant(W) * Determinant(A - P * W.I * R), expect="proved", source=SRC),
    Claim("twin: det [[A, P], [R, W]] = det A det(W - R A P)", Determinant(BLOCK),
          Determinant(A) * Determinant(W - R * A * P), expect="refuted", source=SRC),
    Claim("det [[A, P], [0, W]] = det A det W", Determinant(BlockMatrix([[A, P], [ZeroMatrix(m, n), W]])),
          Determinant(A) * Determinant(W), expect="proved", source=SRC),
    Claim("twin: det [[A, P], [R, W]] = det A det W", Determinant(BLOCK), Determinant(A) * Determinant(W),
          expect="refuted", source=SRC),
    # ---- orthogonal matrices ----
    Claim("Q orthogonal => det(Q)^2 = 1", Determinant(Qm) ** 2, 1, assume=[Q.orthogonal(Qm)],
          expect="proved", source=SRC),
    Claim("Q orthogonal => |det Q| = 1", Abs(Determinant(Qm)), 1, assume=[Q.orthogonal(Qm)],
          expect="proved", source=SRC),
    Claim("Q orthogonal => det(Q A Q^T) = det A", Determinant(Qm * A * Qm.T), Determinant(A),
          assume=[Q.orthogonal(Qm)], expect="proved", source=SRC),
    Claim("twin: Q orthogonal => det Q = 1", Determinant(Qm), 1, assume=[Q.orthogonal(Qm)],
          expect="refuted", source=SRC),
    # ---- matrix equations in assume: det M1 = det M2 for Eq(M1, M2) ----
    Claim("U^T U = I => det(U)^2 = 1", Determinant(U) ** 2, 1, assume=[Eq(U.T * U, In)], expect="proved",
          source=SRC),
    Claim("twin: U^T U = I => det U = 1", Determinant(U), 1, assume=[Eq(U.T * U, In)], expect="refuted",
          source=SRC),
    Claim("P^2 = P => det P (1 - det P) = 0", Determinant(Pi) * (1 - Determinant(Pi)), 0,
          assume=[Eq(Pi * Pi, Pi)], expect="proved", source=SRC),
    Claim("twin: P^2 = P => det P = 1", Determinant(Pi), 1, assume=[Eq(Pi * Pi, Pi)], expect="refuted",
          source=SRC),
    # ---- determinant signs in assume ----
    Claim("det A > 0 => det(A^-1) > 0", Determinant(A.I), 0, relation=">", assume=[Determinant(A) > 0],
          expect="proved", source=SRC),
    Claim("det A > 0 => det(A^T A) > 0", Determinant(A.T * A), 0, relation=">", assume=[Determinant(A) > 0],
          expect="proved", source=SRC),
    Claim("twin: det A >= 0 => det(A^T A) > 0", Determinant(A.T * A), 0, relation=">",
          assume=[Determinant(A) >= 0], expect="refuted", source=SRC),
    Claim("A positive definite => det A > 0", Determinant(A), 0, relation=">", assume=[Q.positive_definite(A)],
          expect="proved", source=SRC),
    Claim("lam > 0 => det(X^T X + lam I) > 0", Determinant(X.T * X + lam * Id), 0, relation=">",
          assume=[lam > 0], expect="proved", source=SRC),
    Claim("twin: lam >= 0 => det(X^T X + lam I) > 0", Determinant(X.T * X + lam * Id), 0, relation=">",
          assume=[lam >= 0], expect="refuted", source=SRC),
    Claim("twin: A symmetric => det A > 0", Determinant(A), 0, relation=">", assume=[Q.symmetric(A)],
          expect="refuted", source=SRC),
    # Hadamard's inequality: det M <= prod_i M_ii = det(M o I) for M symmetric positive semidefinite
    Claim("Hadamard: A positive definite => det A <= det(A o I)", Determinant(A),
          Determinant(HadamardProduct(A, Identity(n))), relation="<=", assume=[Q.positive_definite(A)],
          expect="proved", source=HADAMARD),
    Claim("Hadamard: det(P P^T) <= det(P P^T o I) for P n x m", Determinant(P * P.T),
          Determinant(HadamardProduct(P * P.T, Identity(n))), relation="<=", expect="proved", source=HADAMARD),
    Claim("twin: A positive definite => det A >= det(A o I)", Determinant(A),
          Determinant(HadamardProduct(A, Identity(n))), relation=">=", assume=[Q.positive_definite(A)],
          expect="refuted", source=HADAMARD + ", the inequality turned round"),
    Claim("twin: A positive definite => det A < det(A o I)", Determinant(A),
          Determinant(HadamardProduct(A, Identity(n))), relation="<", assume=[Q.positive_definite(A)],
          expect="refuted", source=HADAMARD + ", strict (equal for a diagonal A)"),
    Claim("twin: A symmetric => det A <= det(A o I)", Determinant(A),
          Determinant(HadamardProduct(A, Identity(n))), relation="<=", assume=[Q.symmetric(A)],
          expect="refuted", source=HADAMARD + ", without positive semidefiniteness"),
]
