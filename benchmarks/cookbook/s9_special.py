"""The Matrix Cookbook (Petersen & Pedersen, version of November 15, 2012), §9.4–§9.12 special matrices.

The real, exact statements: idempotent, nilpotent and unipotent matrices (9.4),
orthogonal, ortho-symmetric and ortho-skew matrices (9.5), positive (semi)definite
matrices (9.6, with the Hadamard inequality and the Hadamard product relation), the
single-entry matrix (9.7), symmetric and antisymmetric matrices (9.8), Toeplitz
matrices (9.9), transition matrices (9.10), permutations and shifts (9.11) and the
Vandermonde determinant (9.12). Block matrices (9.1) have their own file.

Index statements about the single-entry matrix J^ij, Toeplitz structure, shifts and
Vandermonde matrices are checked on explicit small sizes (which i, j and n is in
each name). Statements for an analytic f (427–429) are checked for a general cubic
polynomial f(x) = c0 + c1 x + c2 x^2 + c3 x^3. Properties stated with ᴴ are read for
real matrices (ᴴ = ᵀ).

Left out (see docs/cookbook.md): 9.2 (the DFT matrix, complex), 9.3 (Hermitian and
skew-Hermitian, complex), 423 (rank), 436 (complex form of 437), 441 (eigenvalues),
9.6.7 and 9.6.12 (existence statements), 9.6.9 (rank), 456–458 (structure matrices,
see §2.8), 470–472 and 474 (probabilistic definitions), 481 and 483 in general N
(checked for N = 4).
"""
from sympy import (Determinant, Eq, HadamardProduct, Identity, ImmutableMatrix, KroneckerProduct, MatrixSymbol,
                   Ne, OneMatrix, Q, Symbol, Trace, ZeroMatrix, cos, pi, prod, sin, symbols)

from symcheck import Claim, pinv, sqnorm

n, m, k, j = symbols("n m k j", integer=True, positive=True)
s_, t_ = symbols("s t", real=True)
c0, c1, c2, c3 = symbols("c_0 c_1 c_2 c_3", real=True)

A = MatrixSymbol("A", n, n)
B = MatrixSymbol("B", n, n)
In = Identity(n)
x = MatrixSymbol("x", n, 1)
IDEM = [Eq(A * A, A)]


def src(eq):
    return f"Matrix Cookbook (2012) eq. {eq}"


def sec(s):
    return f"Matrix Cookbook (2012) §{s}"


def f_scalar(z):
    return c0 + c1 * z + c2 * z**2 + c3 * z**3


def df_scalar(z):
    return c1 + 2 * c2 * z + 3 * c3 * z**2


def f_matrix(Z, I_):
    return c0 * I_ + c1 * Z + c2 * Z * Z + c3 * Z * Z * Z


# ---- 9.4 idempotent matrices (eqs. 418–427) -------------------------------------------------------------
eq418 = Claim("A idempotent: A^k = A (k >= 1)", A**k, A, assume=IDEM, expect="proved", source=src(418))
eq419 = Claim("A idempotent: I - A is idempotent", (In - A) * (In - A), In - A, assume=IDEM, expect="proved",
              source=src(419))
eq420 = Claim("A idempotent: A^T is idempotent", A.T * A.T, A.T, assume=IDEM, expect="proved",
              source=src(420) + " (A^H = A^T for real A)")
eq421 = Claim("A idempotent: I - A^T is idempotent", (In - A.T) * (In - A.T), In - A.T, assume=IDEM,
              expect="proved", source=src(421) + " (A^H = A^T for real A)")
eq422 = Claim("A, B idempotent, AB = BA: AB is idempotent", A * B * A * B, A * B,
              assume=IDEM + [Eq(B * B, B), Eq(A * B, B * A)], expect="proved", source=src(422))
eq424 = Claim("A idempotent: A (I - A) = 0", A * (In - A), ZeroMatrix(n, n), assume=IDEM, expect="proved",
              source=src(424))
eq425 = Claim("A idempotent: (I - A) A = 0", (In - A) * A, ZeroMatrix(n, n), assume=IDEM, expect="proved",
              source=src(425))
# Erratum. Eq. 426 (A^+ = A for idempotent A) holds only for symmetric idempotents (orthogonal projectors).
# Hand check: A = [[1, 1], [0, 0]] has A A = A, and A^+ = A^T (A A^T)^-1 = [[1/2, 0], [1/2, 0]] != A.
eq426 = Claim("A idempotent: A^+ = A", pinv(A), A, assume=IDEM, expect="refuted", source=src(426) + " as printed")
eq426_symmetric = Claim("A idempotent and symmetric: A^+ = A", pinv(A), A, assume=IDEM + [Q.symmetric(A)],
                        expect="proved", source=src(426) + " restricted to symmetric A")
eq427 = Claim("A idempotent: f(sI + tA) = (I - A) f(s) + A f(s + t)  (f cubic)", f_matrix(s_ * In + t_ * A, In),
              (In - A) * f_scalar(s_) + A * f_scalar(s_ + t_), assume=IDEM, expect="proved",
              source=src(427) + ", f(x) = c0 + c1 x + c2 x^2 + c3 x^3")
# The cookbook notes that A - I is "not necessarily idempotent": the universal claim is false (A = 0).
a_minus_i = Claim("A idempotent: A - I is idempotent (the cookbook: not necessarily)", (A - In) * (A - In), A - In,
                  assume=IDEM, expect="refuted", source=sec("9.4") + " (note after eq. 427)")
eq428 = Claim("A^2 = 0: f(sI + tA) = I f(s) + t A f'(s)  (f cubic)", f_matrix(s_ * In + t_ * A, In),
              In * f_scalar(s_) + t_ * A * df_scalar(s_), assume=[Eq(A * A, ZeroMatrix(n, n))], expect="proved",
              source=src(428) + ", f(x) = c0 + c1 x + c2 x^2 + c3 x^3")
eq429 = Claim("A A = I: f(sI + tA) = [(I + A) f(s + t) + (I - A) f(s - t)]/2  (f cubic)", f_matrix(s_ * In + t_ * A, In),
              ((In + A) * f_scalar(s_ + t_) + (In - A) * f_scalar(s_ - t_)) / 2, assume=[Eq(A * A, In)],
              expect="proved", source=src(429) + ", f(x) = c0 + c1 x + c2 x^2 + c3 x^3")

# ---- 9.5 orthogonal matrices (unnumbered, eqs. 430–438) ---------------------------------------------------
Qo = MatrixSymbol("Q", n, n)
ORTH = [Q.orthogonal(Qo)]
orth_inverse = Claim("Q orthogonal: Q^-1 = Q^T", Qo.I, Qo.T, assume=ORTH, expect="proved", source=sec("9.5"))
orth_inverse_transpose = Claim("Q orthogonal: Q^-T = Q", Qo.I.T, Qo, assume=ORTH, expect="proved", source=sec("9.5"))
orth_qqt = Claim("Q orthogonal: Q Q^T = I", Qo * Qo.T, In, assume=ORTH, expect="proved", source=sec("9.5"))
orth_qtq = Claim("Q orthogonal: Q^T Q = I", Qo.T * Qo, In, assume=ORTH, expect="proved", source=sec("9.5"))
orth_det = Claim("Q orthogonal: det(Q) = +-1, i.e. det(Q)^2 = 1", Determinant(Qo)**2, 1, assume=ORTH,
                 expect="proved", source=sec("9.5"))
orth_inverse_orthogonal = Claim("Q orthogonal: Q^-1 is orthogonal", Qo.I.T * Qo.I, In, assume=ORTH, expect="proved",
                                source=sec("9.5") + " (the inverse of an orthogonal matrix is orthogonal)")
ORTHO_SYM = [Q.orthogonal(Qo), Q.symmetric(Qo)]                           # eqs. 430–431
eq432 = Claim("Q ortho-sym: Q^k = (1 + (-1)^k)/2 I + (1 + (-1)^(k+1))/2 Q", Qo**k,
              (1 + (-1)**k) / 2 * In + (1 + (-1)**(k + 1)) / 2 * Qo, assume=ORTHO_SYM, expect="proved",
              source=src(432) + " (k >= 1)")
eq433 = Claim("Q ortho-sym: Q^k = (1 + cos(k pi))/2 I + (1 - cos(k pi))/2 Q", Qo**k,
              (1 + cos(k * pi)) / 2 * In + (1 - cos(k * pi)) / 2 * Qo, assume=ORTHO_SYM, expect="proved",
              source=src(433) + " (k >= 1)")
Qe = MatrixSymbol("Q", 2 * j, 2 * j)                                       # real ortho-skew matrices have even size
ORTHO_SKEW = [Q.orthogonal(Qe), Eq(Qe.T, -Qe)]                             # eqs. 434–435 for real Q
eq437 = Claim("Q ortho-skew: Q^k = cos(k pi/2) I + sin(k pi/2) Q", Qe**k,
              cos(k * pi / 2) * Identity(2 * j) + sin(k * pi / 2) * Qe, assume=ORTHO_SKEW, expect="proved",
              source=src(437) + " (real Q, k >= 1)")
Aplus, Aminus = (A + A.T) / 2, (A - A.T) / 2
eq438 = Claim("A = A_+ + A_- with A_+ = (A + A^T)/2, A_- = (A - A^T)/2", Aplus + Aminus, A, expect="proved",
              source=src(438) + " (= eqs. 463-464)")
eq463_sym = Claim("A_+ = (A + A^T)/2 is symmetric", Aplus.T, Aplus, expect="proved", source=src(463))
eq463_skew = Claim("A_- = (A - A^T)/2 is antisymmetric", Aminus.T, -Aminus, expect="proved", source=src(463))
eq464 = Claim("A = (A + A^T)/2 + (A - A^T)/2", (A + A.T) / 2 + (A - A.T) / 2, A, expect="proved", source=src(464))

# ---- 9.6 positive definite and semi-definite matrices (eqs. 439–442, unnumbered facts) ----------------------
PD = [Q.positive_definite(A)]
# SymPy has no Q.positive_semidefinite: a PSD matrix is written as the Gram matrix G G^T (every PSD
# matrix is one, with G n×n), which is exactly the class the cookbook's PSD statements are about.
G = MatrixSymbol("G", n, n)
Apsd = G * G.T
X_NZ = [sqnorm(x) > 0]
eq439 = Claim("A PD: x^T A x > 0 for x != 0", Trace(x.T * A * x), 0, relation=">", assume=PD + X_NZ,
              expect="proved", source=src(439))
# Possible erratum. The text of eq. 440 we worked from reads "x^T A x > 0, for all x" for semi-definite A;
# with ">" it fails at x = 0 (0 > 0). The intended statement is ">= 0".
eq440_as_extracted = Claim("A = G G^T PSD: x^T A x > 0 for all x (as extracted)", Trace(x.T * Apsd * x), 0,
                           relation=">", expect="refuted", source=src(440) + " as extracted")
eq440 = Claim("A = G G^T PSD: x^T A x >= 0 for all x", Trace(x.T * Apsd * x), 0, relation=">=", expect="proved",
              source=src(440) + " with >=")
eq442 = Claim("A = G G^T PSD: Tr(A) >= 0", Trace(Apsd), 0, relation=">=", expect="proved", source=src(442))
pd_inverse = Claim("A PD: A^-1 is PD (x^T A^-1 x > 0 for x != 0)", Trace(x.T * A.I * x), 0, relation=">",
                   assume=PD + X_NZ, expect="proved", source=sec("9.6.4"))
pd_diagonal = Claim("A PD: A_11 > 0", A[0, 0], 0, relation=">", assume=PD, expect="proved",
                    source=sec("9.6.5") + " (A_ii > 0, for i = 1)")
Bg = MatrixSymbol("B", n, m)
gram_psd = Claim("B B^T is PSD: x^T B B^T x >= 0", Trace(x.T * Bg * Bg.T * x), 0, relation=">=", expect="proved",
                 source=sec("9.6.6") + " (A = B B^T is positive semi-definite)")
gram_pd = Claim("B invertible: B B^T is PD (x^T B B^T x > 0 for x != 0)", Trace(x.T * B * B.T * x), 0,
                relation=">", assume=[Q.invertible(B)] + X_NZ, expect="proved",
                source=sec("9.6.6") + " (and eq. 550)")
Xz = MatrixSymbol("X", n, m)
psd_zeros = Claim("A = G G^T PSD, X^T A X = 0 implies A X = 0", Apsd * Xz, ZeroMatrix(n, m),
                  assume=[Eq(Xz.T * Apsd * Xz, ZeroMatrix(m, m))], expect="proved", source=sec("9.6.8"))
r_ = symbols("r", integer=True, positive=True)
Br = MatrixSymbol("B", r_, n)
y = MatrixSymbol("y", r_, 1)
congruence_pd = Claim("A PD, B r×n of rank r: B A B^T is PD", Trace(y.T * Br * A * Br.T * y), 0, relation=">",
                      assume=PD + [Q.invertible(Br * Br.T), sqnorm(y) > 0], expect="proved", source=sec("9.6.10"))
Xo = MatrixSymbol("X", n, r_)
outer_pd = Claim("X n×r of rank n: X X^T is PD", Trace(x.T * Xo * Xo.T * x), 0, relation=">",
                 assume=[Q.invertible(Xo * Xo.T)] + X_NZ, expect="proved", source=sec("9.6.11"))
hadamard_inequality = Claim("A = G G^T PSD: det(A) <= prod_i A_ii = det(A o I)", Determinant(Apsd),
                            Determinant(HadamardProduct(Apsd, In)), relation="<=", expect="proved",
                            source=sec("9.6.13"))
hadamard_inequality_pd = Claim("A PD: det(A) <= prod_i A_ii = det(A o I)", Determinant(A),
                               Determinant(HadamardProduct(A, In)), relation="<=", assume=PD, expect="proved",
                               source=sec("9.6.13"))
na, nb = symbols("N_A N_B", integer=True, positive=True)
Ah, Bh = MatrixSymbol("A", n, na), MatrixSymbol("B", n, nb)
Rh = HadamardProduct(KroneckerProduct(OneMatrix(1, nb), Ah), KroneckerProduct(Bh, OneMatrix(1, na)))
hadamard_product_relation = Claim(
    "P = A A^T, Q = B B^T: P o Q = R R^T with r_(i + (j-1) N_A) = a_i o b_j",
    HadamardProduct(Ah * Ah.T, Bh * Bh.T), Rh * Rh.T, expect="proved",
    source=sec("9.6.14") + " (R = (1^T kron A) o (B kron 1^T) has the columns a_i o b_j)")

# ---- 9.7 the single-entry matrix (eqs. 444–455), on explicit sizes -------------------------------------------


def J(i, jj, rows, cols):
    """The single-entry matrix J^ij (1-based i, j) of the given size."""
    return ImmutableMatrix(rows, cols, lambda a, b: 1 if (a, b) == (i - 1, jj - 1) else 0)


A32 = MatrixSymbol("A", 3, 2)
eq444 = Claim("A J^21 (A 3×2, J 2×3): zeros with column 2 of A in column 1",
              A32 * J(2, 1, 2, 3), ImmutableMatrix(3, 3, lambda a, b: A32[a, 1] if b == 0 else 0),
              expect="proved", source=src(444) + ", i = 2, j = 1")
A23 = MatrixSymbol("A", 2, 3)
eq445 = Claim("J^31 A (J 3×2, A 2×3): zeros with row 1 of A in row 3",
              J(3, 1, 3, 2) * A23, ImmutableMatrix(3, 3, lambda a, b: A23[0, b] if a == 2 else 0),
              expect="proved", source=src(445) + ", i = 3, j = 1")
A3 = MatrixSymbol("A", 3, 3)
B3 = MatrixSymbol("B", 3, 3)
I_, J_ = 1, 3          # the (i, j) of eqs. 446–449, 1-based
Jij = J(I_, J_, 3, 3)
eq446 = Claim("A_ki B_jl = (A J^ij B)_kl (3×3, i = 1, j = 3)", A3 * Jij * B3,
              ImmutableMatrix(3, 3, lambda kk, ll: A3[kk, I_ - 1] * B3[J_ - 1, ll]), expect="proved", source=src(446))
eq447 = Claim("A_ik B_lj = (A^T J^ij B^T)_kl (3×3, i = 1, j = 3)", A3.T * Jij * B3.T,
              ImmutableMatrix(3, 3, lambda kk, ll: A3[I_ - 1, kk] * B3[ll, J_ - 1]), expect="proved", source=src(447))
eq448 = Claim("A_ik B_jl = (A^T J^ij B)_kl (3×3, i = 1, j = 3)", A3.T * Jij * B3,
              ImmutableMatrix(3, 3, lambda kk, ll: A3[I_ - 1, kk] * B3[J_ - 1, ll]), expect="proved", source=src(448))
eq449 = Claim("A_ki B_lj = (A J^ij B^T)_kl (3×3, i = 1, j = 3)", A3 * Jij * B3.T,
              ImmutableMatrix(3, 3, lambda kk, ll: A3[kk, I_ - 1] * B3[ll, J_ - 1]), expect="proved", source=src(449))
Jii, Jjj = J(2, 2, 3, 3), J(3, 3, 3, 3)
J23 = J(2, 3, 3, 3)
single_entry_same = Claim("i = j: J^ii J^ii = J^ii, (J^ii)^T (J^ii)^T = J^ii, J^ii (J^ii)^T = J^ii, (J^ii)^T J^ii = J^ii",
                          ImmutableMatrix.vstack(Jii * Jii, Jii.T * Jii.T, Jii * Jii.T, Jii.T * Jii),
                          ImmutableMatrix.vstack(Jii, Jii, Jii, Jii), expect="proved",
                          source=sec("9.7.4") + " (3×3, i = j = 2)")
single_entry_distinct = Claim("i != j: J^ij J^ij = 0, (J^ij)^T (J^ij)^T = 0, J^ij (J^ij)^T = J^ii, (J^ij)^T J^ij = J^jj",
                              ImmutableMatrix.vstack(J23 * J23, J23.T * J23.T, J23 * J23.T, J23.T * J23),
                              ImmutableMatrix.vstack(ZeroMatrix(3, 3).as_explicit(), ZeroMatrix(3, 3).as_explicit(),
                                                     Jii, Jjj),
                              expect="proved", source=sec("9.7.4") + " (3×3, i = 2, j = 3)")
eq450_a = Claim("Tr(A J^ij) = (A^T)_ij (A 3×2, J 2×3, i = 2, j = 3)", Trace(A32 * J(2, 3, 2, 3)), A32.T[1, 2],
                expect="proved", source=src(450))
eq450_b = Claim("Tr(J^ij A) = (A^T)_ij (J 2×3, A 3×2, i = 2, j = 3)", Trace(J(2, 3, 2, 3) * A32), A32.T[1, 2],
                expect="proved", source=src(450))
B23 = MatrixSymbol("B", 2, 3)
eq451 = Claim("Tr(A J^ij B) = (A^T B^T)_ij (A 3×3, J 3×2, B 2×3, i = 3, j = 2)", Trace(A3 * J(3, 2, 3, 2) * B23),
              (A3.T * B23.T)[2, 1], expect="proved", source=src(451))
eq452 = Claim("Tr(A J^ji B) = (B A)_ij (A 3×3, J 3×2, B 2×3, i = 2, j = 3)", Trace(A3 * J(3, 2, 3, 2) * B23),
              (B23 * A3)[1, 2], expect="proved", source=src(452))


def diag_entry(Mx, i, jj):
    """diag(M)_ij = delta_ij M_ij."""
    return Mx[i, jj] if i == jj else 0


eq453_same = Claim("Tr(A J^ij J^ij B) = diag(A^T B^T)_ij (3×3, i = j = 2)", Trace(A3 * Jii * Jii * B3),
                   diag_entry(A3.T * B3.T, 1, 1), expect="proved", source=src(453) + ", i = j")
eq453_distinct = Claim("Tr(A J^ij J^ij B) = diag(A^T B^T)_ij (3×3, i = 2, j = 3)", Trace(A3 * J23 * J23 * B3),
                       diag_entry(A3.T * B3.T, 1, 2), expect="proved", source=src(453) + ", i != j")
x3 = MatrixSymbol("x", 3, 1)
eq454 = Claim("x^T A J^ij B x = (A^T x x^T B^T)_ij (3×3, i = 1, j = 2)", x3.T * A3 * J(1, 2, 3, 3) * B3 * x3,
              (A3.T * x3 * x3.T * B3.T)[0, 1], expect="proved", source=src(454))
eq455 = Claim("x^T A J^ij J^ij B x = diag(A^T x x^T B^T)_ij (3×3, i = j = 2)", x3.T * A3 * Jii * Jii * B3 * x3,
              diag_entry(A3.T * x3 * x3.T * B3.T, 1, 1), expect="proved", source=src(455) + ", i = j")

# ---- 9.8 symmetric and antisymmetric (eqs. 459–464) -------------------------------------------------------
SKEW = [Eq(A.T, -A)]
eq461_a = Claim("A antisymmetric: det(A^T) = det(-A)", Determinant(A.T), Determinant(-A), assume=SKEW,
                expect="proved", source=src(461))
eq461_b = Claim("A antisymmetric: det(-A) = (-1)^n det(A)", Determinant(-A), (-1)**n * Determinant(A), assume=SKEW,
                expect="proved", source=src(461))
Ao = MatrixSymbol("A", 2 * j + 1, 2 * j + 1)
eq462 = Claim("A antisymmetric of odd size: det(A) = 0", Determinant(Ao), 0, assume=[Eq(Ao.T, -Ao)],
              expect="proved", source=src(462))
skew_diagonal = Claim("A antisymmetric: zero diagonal (A o I = 0)", HadamardProduct(A, In), ZeroMatrix(n, n),
                      assume=SKEW, expect="proved", source=sec("9.8.2"))

# ---- 9.9 Toeplitz matrices (eqs. 465–469, §9.9.1), on explicit sizes ------------------------------------------
tv = {i: Symbol(f"t_{i}", real=True) for i in range(-3, 4)}          # t_-3 ... t_3


def toeplitz(size, coeff):
    """T_ij = t_(j - i) (eq. 465's indexing: t_1 above the diagonal, t_-1 below)."""
    return ImmutableMatrix(size, size, lambda a, b: coeff[b - a])


T4 = toeplitz(4, tv)
Jx4 = ImmutableMatrix(4, 4, lambda a, b: 1 if a + b == 3 else 0)            # the exchange matrix
toeplitz_persymmetric = Claim("a Toeplitz matrix is persymmetric: J T J = T^T (4×4)", Jx4 * T4 * Jx4, T4.T,
                              expect="proved", source=sec("9.9") + " (text after eq. 465)")
T3 = toeplitz(3, tv)
Jx3 = ImmutableMatrix(3, 3, lambda a, b: 1 if a + b == 2 else 0)
toeplitz_inverse_persymmetric = Claim("the inverse of a Toeplitz matrix is persymmetric (3×3)", Jx3 * T3.inv() * Jx3,
                                      T3.inv().T, assume=[Ne(Determinant(T3), 0)], expect="proved", source=sec("9.9.1"))
lo = symbols("l_0:3")
lo2 = symbols("m_0:3")
L1 = ImmutableMatrix(3, 3, lambda a, b: lo[a - b] if a >= b else 0)          # lower triangular Toeplitz, eq. 469
L2 = ImmutableMatrix(3, 3, lambda a, b: lo2[a - b] if a >= b else 0)
prod_L = L1 * L2
toeplitz_lower_product = Claim("the product of two lower triangular Toeplitz matrices is Toeplitz (3×3)", prod_L,
                               ImmutableMatrix(3, 3, lambda a, b: prod_L[a - b, 0] if a >= b else 0),
                               expect="proved", source=sec("9.9.1"))

# ---- 9.10 transition matrices (eq. 473) ------------------------------------------------------------------
piv = MatrixSymbol("pi", n, 1)
P_rows = OneMatrix(n, 1) * piv.T          # every row equal to pi^T
eq473 = Claim("all rows identical (rows summing to 1): P^k = P", P_rows**k, P_rows,
              assume=[Eq(Trace(piv.T * OneMatrix(n, 1)), 1)], expect="proved", source=src(473) + " (k >= 1)")

# ---- 9.11 units, permutation and shift (eqs. 475–484), on explicit sizes ---------------------------------------
e = [ImmutableMatrix(3, 1, lambda a, b: 1 if a == i else 0) for i in range(3)]
eq475 = Claim("i-th row of A = e_i^T A (3×3, i = 2)", e[1].T * A3, ImmutableMatrix(1, 3, lambda a, b: A3[1, b]),
              expect="proved", source=src(475))
eq476 = Claim("j-th column of A = A e_j (3×3, j = 3)", A3 * e[2], ImmutableMatrix(3, 1, lambda a, b: A3[a, 2]),
              expect="proved", source=src(476))
A3e = A3.as_explicit()
Pp = ImmutableMatrix([[0, 1, 0], [1, 0, 0], [0, 0, 1]])                     # eq. 477: P = [e2 e1 e3]
eq478 = Claim("P P^T = I for the permutation P = [e2 e1 e3]", Pp * Pp.T, Identity(3), expect="proved",
              source=src(478))
eq479_ap = Claim("A P = [A e2, A e1, A e3]", A3 * Pp, ImmutableMatrix.hstack(A3e * e[1], A3e * e[0], A3e * e[2]),
                 expect="proved", source=src(479))
eq479_pa = Claim("P A = [e2^T A; e1^T A; e3^T A]", Pp * A3, ImmutableMatrix.vstack(e[1].T * A3e, e[0].T * A3e, e[2].T * A3e),
                 expect="proved", source=src(479))
Lag = ImmutableMatrix(4, 4, lambda a, b: 1 if a == b + 1 else 0)          # eq. 480
x4 = MatrixSymbol("x", 4, 1)
eq481 = Claim("(L^2 x)_t = 0 for t <= 2, x_(t-2) otherwise (N = 4)", Lag**2 * x4,
              ImmutableMatrix([0, 0, x4[0, 0], x4[1, 0]]), expect="proved", source=src(481) + ", n = 2, N = 4")
Lhat = ImmutableMatrix(4, 4, lambda a, b: 1 if a == b + 1 or (a == 0 and b == 3) else 0)   # eq. 482
# Erratum. Eq. 483 prints t' = [(t - n) mod N] + 1, which is off by one: for n = 1 it gives t' = t, i.e.
# Lhat x = x. Hand check (N = 4): Lhat x = (x4, x1, x2, x3), so (Lhat x)_2 = x1, while the printed rule says x2.
# The shift it describes is t' = [(t - n - 1) mod N] + 1 (the same x_(t-n) as eq. 481, wrapped around).
eq483_as_printed = Claim("(Lhat^n x)_t = x_t' with t' = [(t - n) mod N] + 1 (n = 1, N = 4)", Lhat * x4,
                         ImmutableMatrix([x4[((t - 1) % 4 + 1) - 1, 0] for t in range(1, 5)]),
                         expect="refuted", source=src(483) + " as printed, n = 1, N = 4")
eq483_corrected = Claim("(Lhat^n x)_t = x_t' with t' = [(t - n - 1) mod N] + 1 (n = 1, N = 4)", Lhat * x4,
                        ImmutableMatrix([x4[((t - 1 - 1) % 4 + 1) - 1, 0] for t in range(1, 5)]),
                        expect="proved", source=src(483) + " with the index shifted by one, n = 1, N = 4")
eq483_corrected_2 = Claim("(Lhat^n x)_t = x_t' with t' = [(t - n - 1) mod N] + 1 (n = 2, N = 4)", Lhat**2 * x4,
                          ImmutableMatrix([x4[((t - 2 - 1) % 4 + 1) - 1, 0] for t in range(1, 5)]),
                          expect="proved", source=src(483) + " with the index shifted by one, n = 2, N = 4")
eq484 = Claim("Lhat^-1 = Lhat^T (N = 4)", Lhat.inv(), Lhat.T, expect="proved", source=src(484))

# ---- 9.12 Vandermonde matrices (eqs. 485–486) ---------------------------------------------------------------
vs = symbols("v_1:5")


def vandermonde(size):
    return ImmutableMatrix(size, size, lambda a, b: vs[a]**b)


eq486_3 = Claim("det V = prod_{i>j} (v_i - v_j) (3×3)", Determinant(vandermonde(3)),
                prod(vs[a] - vs[b] for a in range(3) for b in range(a)), expect="proved", source=src(486) + ", n = 3")
eq486_4 = Claim("det V = prod_{i>j} (v_i - v_j) (4×4)", Determinant(vandermonde(4)),
                prod(vs[a] - vs[b] for a in range(4) for b in range(a)), expect="proved", source=src(486) + ", n = 4")
