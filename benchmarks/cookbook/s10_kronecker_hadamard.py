"""The Matrix Cookbook (Petersen & Pedersen, version of November 15, 2012), §10 Functions and operators.

The real, exact statements that plain SymPy can write: the finite geometric series
(487), the Cayley–Hamilton theorem on explicit 2×2 and 3×3 matrices (490), the
similarity and commutation rules for matrix functions (491, 493; for a general
quadratic polynomial f), the Kronecker product rules (506–516), the Euclidean and
Frobenius norms (526, 529–532, 541) and the positive definite factorisation (550).

The 2012 edition has no subsection of Hadamard product rules in §10: its Hadamard
facts are the product rule (38, in s2_derivatives.py), the structured derivatives of
§2.8 (left out), the Hadamard inequality and product relation of §9.6 (in
s9_special.py) and the notation diag(A) = A ∘ I, transcribed here.

vec (520–524) uses symcheck's `vec` construct (SymPy has no class for it): those
claims are in s10_vec.py. The induced (operator) norms of 533–536 likewise wait
for a 2-norm construct: pending_norm2.py.txt.

Left out (see docs/cookbook.md): 488 (Taylor expansion, "≅"), 489 and 494–504
(matrix functions as infinite series: exp, ln, sin, cos have no matrix-expression
class), 492 (a limit under a spectral condition), 514 and 516's rank form, 517–519
(eigenvalues), 525, 527–528 and 537–540, 542–544 (1-, p-, ∞-, max- and Ky Fan norms:
maxima and sums of absolute values over symbolic index sets), 545 (eigenvalues),
546–549 (rank; integrals with Dirac deltas).
"""
from sympy import (Abs, Determinant, DiagonalMatrix, Eq, HadamardProduct, Identity, KroneckerProduct, MatrixSymbol, Q,
                   Trace, ZeroMatrix, symbols)

from symcheck import Claim, norm, pinv, sqnorm

n, m, p, q, r, s, u, v = symbols("n m p q r s u v", integer=True, positive=True)
alpha, beta = symbols("alpha beta", real=True)
c0, c1, c2 = symbols("c_0 c_1 c_2", real=True)

X = MatrixSymbol("X", n, n)
In = Identity(n)


def src(eq):
    return f"Matrix Cookbook (2012) eq. {eq}"


# ---- 10.1 functions and series (eqs. 487–493) ---------------------------------------------------------------
eq487_2 = Claim("(X^2 - I)(X - I)^-1 = I + X", (X**2 - In) * (X - In).I, In + X, expect="proved",
                source=src(487) + ", n = 2")
eq487_3 = Claim("(X^3 - I)(X - I)^-1 = I + X + X^2", (X**3 - In) * (X - In).I, In + X + X**2, expect="proved",
                source=src(487) + ", n = 3")
eq487_4 = Claim("(X^4 - I)(X - I)^-1 = I + X + X^2 + X^3", (X**4 - In) * (X - In).I, In + X + X**2 + X**3,
                expect="proved", source=src(487) + ", n = 4")
A2 = MatrixSymbol("A", 2, 2)
eq490_2 = Claim("Cayley-Hamilton (2×2): A^2 - Tr(A) A + det(A) I = 0", A2 * A2 - Trace(A2) * A2 + Determinant(A2) * Identity(2),
                ZeroMatrix(2, 2), expect="proved", source=src(490) + ", n = 2")
A3 = MatrixSymbol("A", 3, 3)
e2 = (Trace(A3)**2 - Trace(A3 * A3)) / 2
eq490_3 = Claim("Cayley-Hamilton (3×3): A^3 - Tr(A) A^2 + e2(A) A - det(A) I = 0",
                A3**3 - Trace(A3) * A3**2 + e2 * A3 - Determinant(A3) * Identity(3), ZeroMatrix(3, 3),
                expect="proved", source=src(490) + ", n = 3 (e2 = (Tr(A)^2 - Tr(A^2))/2)")
U = MatrixSymbol("U", n, n)
B = MatrixSymbol("B", n, n)


def f(Z, I_):
    return c0 * I_ + c1 * Z + c2 * Z * Z


eq491 = Claim("A = U B U^-1 implies f(A) = U f(B) U^-1  (f quadratic)", f(U * B * U.I, In), U * f(B, In) * U.I,
              expect="proved", source=src(491) + ", f(x) = c0 + c1 x + c2 x^2")
Anm = MatrixSymbol("A", n, m)
Bmn = MatrixSymbol("B", m, n)
eq493 = Claim("f(AB) A = A f(BA)  (f quadratic, A n×m, B m×n)", f(Anm * Bmn, In) * Anm,
              Anm * f(Bmn * Anm, Identity(m)), expect="proved", source=src(493) + ", f(x) = c0 + c1 x + c2 x^2")

# ---- 10.2.1 the Kronecker product (eqs. 506–516) -------------------------------------------------------------
A = MatrixSymbol("A", m, n)
Bk = MatrixSymbol("B", r, q)
Ck = MatrixSymbol("C", r, q)
eq506 = Claim("A kron (B + C) = A kron B + A kron C", KroneckerProduct(A, Bk + Ck),
              KroneckerProduct(A, Bk) + KroneckerProduct(A, Ck), expect="proved", source=src(506))
# "A ⊗ B ≠ B ⊗ A in general": the universal equality is false, as the cookbook says.
A_sq, B_sq = MatrixSymbol("A", n, n), MatrixSymbol("B", n, n)
eq507 = Claim("A kron B = B kron A (the cookbook: not in general)", KroneckerProduct(A_sq, B_sq),
              KroneckerProduct(B_sq, A_sq), expect="refuted", source=src(507))
Cl = MatrixSymbol("C", u, v)
eq508 = Claim("A kron (B kron C) = (A kron B) kron C", KroneckerProduct(A, KroneckerProduct(Bk, Cl)),
              KroneckerProduct(KroneckerProduct(A, Bk), Cl), expect="proved", source=src(508))
eq509 = Claim("(a_A A) kron (a_B B) = a_A a_B (A kron B)", KroneckerProduct(alpha * A, beta * Bk),
              alpha * beta * KroneckerProduct(A, Bk), expect="proved", source=src(509))
eq510 = Claim("(A kron B)^T = A^T kron B^T", KroneckerProduct(A, Bk).T, KroneckerProduct(A.T, Bk.T),
              expect="proved", source=src(510))
Cm = MatrixSymbol("C", n, p)
Dm = MatrixSymbol("D", q, s)
eq511 = Claim("(A kron B)(C kron D) = AC kron BD", KroneckerProduct(A, Bk) * KroneckerProduct(Cm, Dm),
              KroneckerProduct(A * Cm, Bk * Dm), expect="proved", source=src(511))
As, Bs = MatrixSymbol("A", n, n), MatrixSymbol("B", m, m)
eq512 = Claim("(A kron B)^-1 = A^-1 kron B^-1", KroneckerProduct(As, Bs).I, KroneckerProduct(As.I, Bs.I),
              expect="proved", source=src(512))
eq513 = Claim("(A kron B)^+ = A^+ kron B^+", pinv(KroneckerProduct(A, Bk)), KroneckerProduct(pinv(A), pinv(Bk)),
              expect="proved", source=src(513))
eq515 = Claim("Tr(A kron B) = Tr(A) Tr(B)", Trace(KroneckerProduct(As, Bs)), Trace(As) * Trace(Bs),
              expect="proved", source=src(515))
eq516 = Claim("A, B invertible: det(A kron B) = det(A)^rank(B) det(B)^rank(A) = det(A)^m det(B)^n",
              Determinant(KroneckerProduct(As, Bs)), Determinant(As)**m * Determinant(Bs)**n,
              assume=[Q.invertible(As), Q.invertible(Bs)], expect="proved",
              source=src(516) + " for invertible A (n×n), B (m×m), where rank = size")

# ---- Hadamard: the notation of the cookbook (diag(A)_ij = delta_ij A_ij = (A o I)_ij) ---------------------------
diag_hadamard = Claim("diag(A) = A o I", DiagonalMatrix(As), HadamardProduct(As, In), expect="proved",
                      source="Matrix Cookbook (2012) Notation and Nomenclature (diag(A)_ij = delta_ij A_ij)")

# ---- 10.3–10.4 Euclidean and Frobenius norms (eqs. 526, 529–532, 541) ------------------------------------------------
x = MatrixSymbol("x", n, 1)
eq526 = Claim("||x||_2^2 = x^T x (real x)", norm(x)**2, x.T * x, expect="proved", source=src(526) + " for real x")
F1, F2 = MatrixSymbol("A", m, n), MatrixSymbol("B", m, n)
cc = symbols("c", real=True)
eq529 = Claim("Frobenius: ||A|| >= 0", norm(F1), 0, relation=">=", expect="proved",
              source=src(529) + " (Frobenius norm)")
eq530 = Claim("Frobenius: ||A|| = 0 implies A = 0", F1, ZeroMatrix(m, n), assume=[Eq(norm(F1), 0)],
              expect="proved", source=src(530) + " (Frobenius norm)")
eq531 = Claim("Frobenius: ||cA|| = |c| ||A||", norm(cc * F1), Abs(cc) * norm(F1), expect="proved",
              source=src(531) + " (Frobenius norm)")
eq532 = Claim("Frobenius: ||A + B|| <= ||A|| + ||B||", norm(F1 + F2), norm(F1) + norm(F2), relation="<=",
              expect="proved", source=src(532) + " (Frobenius norm)")
eq541 = Claim("||A||_F^2 = Tr(A A^H) (real A)", sqnorm(F1), Trace(F1 * F1.T), expect="proved",
              source=src(541) + " for real A")

# ---- 10.7 miscellaneous (eq. 550) ----------------------------------------------------------------------------------------
eq550 = Claim("B invertible implies B B^T positive definite (x^T B B^T x > 0, x != 0)", Trace(x.T * B * B.T * x), 0,
              relation=">", assume=[Q.invertible(B), sqnorm(x) > 0], expect="proved",
              source=src(550) + " (direction <=)")
