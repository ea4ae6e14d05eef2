"""The Matrix Cookbook (Petersen & Pedersen, version of November 15, 2012), §1 Basics.

Eqs. 1–31 and the unnumbered 2×2 eigenvalue formulas of §1.3, transcribed as
printed. Square matrices are n×n; rectangular ones carry their own sizes, so a
claim is stated at the generality the cookbook allows. Inverses that appear in a
claim are assumed to exist (CONTRACT §2), as the cookbook assumes.

Left out (see docs/cookbook.md): 7–10 (Hermitian transposes: complex; for real
matrices they are 3–6), 12 and 18 (trace and determinant as sums and products of
eigenvalues of a general matrix), 28 (an approximation, "≅").
"""
from sympy import (Determinant, Identity, ImmutableMatrix, MatrixSymbol, Rational, Sum, Trace, sqrt,
                   symbols)

from symcheck import Claim, dot

n, m, p, q = symbols("n m p q", integer=True, positive=True)
k = symbols("k", integer=True, positive=True)
i = symbols("i", integer=True)
c = symbols("c", real=True)

A = MatrixSymbol("A", n, n)
B = MatrixSymbol("B", n, n)
C = MatrixSymbol("C", n, n)
In = Identity(n)
u = MatrixSymbol("u", n, 1)
v = MatrixSymbol("v", n, 1)
a = MatrixSymbol("a", n, 1)

# rectangular factors: R1 is n×m, R2 is m×p, R3 is p×q (so R1 R2 R3 is n×q)
R1 = MatrixSymbol("R1", n, m)
R2 = MatrixSymbol("R2", m, p)
R3 = MatrixSymbol("R3", p, q)
S1 = MatrixSymbol("S1", n, m)
# for the cyclic trace: F is n×m, G is m×p, H is p×n
F = MatrixSymbol("F", n, m)
G = MatrixSymbol("G", m, p)
H = MatrixSymbol("H", p, n)
K = MatrixSymbol("K", m, n)


def src(eq):
    return f"Matrix Cookbook (2012) eq. {eq}"


# ---- inverses and transposes (eqs. 1–6) ---------------------------------------------------------
eq1 = Claim("(AB)^-1 = B^-1 A^-1", (A * B).I, B.I * A.I, expect="proved", source=src(1))
eq2 = Claim("(ABC)^-1 = C^-1 B^-1 A^-1", (A * B * C).I, C.I * B.I * A.I,
            expect="proved", source=src(2) + " (three factors)")
eq3 = Claim("(A^T)^-1 = (A^-1)^T", A.T.I, A.I.T, expect="proved", source=src(3))
eq4 = Claim("(A+B)^T = A^T + B^T (rectangular)", (R1 + S1).T, R1.T + S1.T, expect="proved", source=src(4))
eq5 = Claim("(AB)^T = B^T A^T (rectangular)", (R1 * R2).T, R2.T * R1.T, expect="proved", source=src(5))
eq6 = Claim("(ABC)^T = C^T B^T A^T (rectangular)", (R1 * R2 * R3).T, R3.T * R2.T * R1.T,
            expect="proved", source=src(6) + " (three factors)")

# ---- trace (eqs. 11–17) --------------------------------------------------------------------------
eq11 = Claim("Tr(A) = sum_i A_ii", Trace(A), Sum(A[i, i], (i, 0, n - 1)), expect="proved", source=src(11))
eq13 = Claim("Tr(A) = Tr(A^T)", Trace(A), Trace(A.T), expect="proved", source=src(13))
eq14 = Claim("Tr(AB) = Tr(BA) (n×m times m×n)", Trace(F * K), Trace(K * F), expect="proved", source=src(14))
eq15 = Claim("Tr(A+B) = Tr(A) + Tr(B)", Trace(A + B), Trace(A) + Trace(B), expect="proved", source=src(15))
eq16_bca = Claim("Tr(ABC) = Tr(BCA) (rectangular)", Trace(F * G * H), Trace(G * H * F),
                 expect="proved", source=src(16))
eq16_cab = Claim("Tr(ABC) = Tr(CAB) (rectangular)", Trace(F * G * H), Trace(H * F * G),
                 expect="proved", source=src(16))
eq17 = Claim("a^T a = Tr(a a^T)", a.T * a, Trace(a * a.T), expect="proved", source=src(17))

# ---- determinant (eqs. 19–27) --------------------------------------------------------------------
eq19 = Claim("det(cA) = c^n det(A)", Determinant(c * A), c**n * Determinant(A), expect="proved", source=src(19))
eq20 = Claim("det(A^T) = det(A)", Determinant(A.T), Determinant(A), expect="proved", source=src(20))
eq21 = Claim("det(AB) = det(A) det(B)", Determinant(A * B), Determinant(A) * Determinant(B),
             expect="proved", source=src(21))
eq22 = Claim("det(A^-1) = 1/det(A)", Determinant(A.I), 1 / Determinant(A), expect="proved", source=src(22))
# The cookbook writes det(Aⁿ) = det(A)ⁿ with the same letter n as the size; the exponent is any
# positive integer (the statement with exponent = size is the special case k = n).
eq23 = Claim("det(A^k) = det(A)^k", Determinant(A**k), Determinant(A)**k, expect="proved",
             source=src(23) + " (exponent k >= 1)")
eq24 = Claim("det(I + u v^T) = 1 + u^T v", Determinant(In + u * v.T), 1 + dot(u, v),
             expect="proved", source=src(24))

A2 = MatrixSymbol("A", 2, 2)
A3 = MatrixSymbol("A", 3, 3)
A4 = MatrixSymbol("A", 4, 4)
eq25 = Claim("n=2: det(I+A) = 1 + det(A) + Tr(A)", Determinant(Identity(2) + A2),
             1 + Determinant(A2) + Trace(A2), expect="proved", source=src(25))
eq26 = Claim("n=3: det(I+A) = 1 + det A + Tr A + Tr(A)^2/2 - Tr(A^2)/2", Determinant(Identity(3) + A3),
             1 + Determinant(A3) + Trace(A3) + Rational(1, 2) * Trace(A3)**2 - Rational(1, 2) * Trace(A3 * A3),
             expect="proved", source=src(26))
# Erratum. As printed, line 1 of eq. 27 ends "+ 1/2" and line 2 starts "+ Tr(A)^2": the term 1/2 Tr(A)^2
# is split into a constant 1/2 and Tr(A)^2. Hand check with A = 0 (4×4): det(I) = 1, the printed
# right side is 1 + 0 + 0 + 1/2 + 0 - 0 + 0 - 0 + 0 = 3/2.
eq27_as_printed = Claim(
    "n=4: det(I+A) as printed (1 + det + Tr + 1/2 + Tr^2 - ...)", Determinant(Identity(4) + A4),
    1 + Determinant(A4) + Trace(A4) + Rational(1, 2) + Trace(A4)**2 - Rational(1, 2) * Trace(A4 * A4)
    + Rational(1, 6) * Trace(A4)**3 - Rational(1, 2) * Trace(A4) * Trace(A4 * A4) + Rational(1, 3) * Trace(A4**3),
    expect="refuted", source=src(27) + " as printed")
eq27_corrected = Claim(
    "n=4: det(I+A) with 1/2 Tr(A)^2 (eq. 27 corrected)", Determinant(Identity(4) + A4),
    1 + Determinant(A4) + Trace(A4) + Rational(1, 2) * Trace(A4)**2 - Rational(1, 2) * Trace(A4 * A4)
    + Rational(1, 6) * Trace(A4)**3 - Rational(1, 2) * Trace(A4) * Trace(A4 * A4) + Rational(1, 3) * Trace(A4**3),
    expect="proved", source=src(27) + ", with the split term 1/2 Tr(A)^2 rejoined")

# ---- the special case 2×2 (eqs. 29–31 and §1.3) --------------------------------------------------
a11, a12, a21, a22 = A2[0, 0], A2[0, 1], A2[1, 0], A2[1, 1]
eq29 = Claim("2x2: det(A) = A11 A22 - A12 A21", Determinant(A2), a11 * a22 - a12 * a21,
             expect="proved", source=src(29))
eq30 = Claim("2x2: Tr(A) = A11 + A22", Trace(A2), a11 + a22, expect="proved", source=src(30))
eq31 = Claim("2x2: A^-1 = [[A22, -A12], [-A21, A11]] / det(A)", A2.I,
             ImmutableMatrix([[a22, -a12], [-a21, a11]]) / Determinant(A2), expect="proved", source=src(31))

# §1.3 eigenvalues of a 2×2 matrix, real when the discriminant Tr(A)^2 - 4 det(A) is >= 0.
disc = Trace(A2)**2 - 4 * Determinant(A2)
lam1 = (Trace(A2) + sqrt(disc)) / 2
lam2 = (Trace(A2) - sqrt(disc)) / 2
REAL_EIG = [disc >= 0]
eig_sum = Claim("2x2: lambda1 + lambda2 = Tr(A)", lam1 + lam2, Trace(A2), assume=REAL_EIG,
                expect="proved", source="Matrix Cookbook (2012) §1.3 (eigenvalues)")
eig_product = Claim("2x2: lambda1 lambda2 = det(A)", lam1 * lam2, Determinant(A2), assume=REAL_EIG,
                    expect="proved", source="Matrix Cookbook (2012) §1.3 (eigenvalues)")
eig_equation = Claim("2x2: lambda1^2 - lambda1 Tr(A) + det(A) = 0", lam1**2 - lam1 * Trace(A2) + Determinant(A2),
                     0, assume=REAL_EIG, expect="proved", source="Matrix Cookbook (2012) §1.3 (eigenvalues)")
eig_vector = Claim("2x2: A v1 = lambda1 v1 with v1 = [A12, lambda1 - A11]",
                   A2 * ImmutableMatrix([[a12], [lam1 - a11]]), lam1 * ImmutableMatrix([[a12], [lam1 - a11]]),
                   assume=REAL_EIG, expect="proved", source="Matrix Cookbook (2012) §1.3 (eigenvectors)")
