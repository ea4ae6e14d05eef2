"""The Matrix Cookbook (Petersen & Pedersen, version of November 15, 2012), §3 Inverses.

Eqs. 145–224 where they are exact and real: the definition, cofactors and the
adjugate (on 3×3 matrices, where SymPy has an explicit adjugate), Woodbury and its
variants, Kailath, Sherman–Morrison, Searle's set, the rank-1 updates of (XᵀX)⁻¹ and
of the Moore–Penrose inverse (all six cases), the implication of eq. 184, the exact
steps of the proof of eq. 191, and the pseudo-inverse identities with `pinv`.

Sizes: A is n×n unless a claim says otherwise; the correction factors are
rectangular (n×k, k×k, k×n), so each identity is stated at the generality the
cookbook allows. Inverses that appear are assumed to exist (CONTRACT §2).

Left out (see docs/cookbook.md): 152–154 (condition numbers: singular values and
eigenvalues), 186–191, 196–197 (Neumann series and approximations "≅"), 201, 202,
204, 210–213 (conjugates and Hermitian transposes: complex; for real matrices 201 and
210–213 are 200 and 206–209 again, and 204 says "≠ in general", which is false for
real matrices), 219–220 (rank).
"""
from sympy import (Abs, BlockMatrix, Determinant, Eq, Identity, ImmutableMatrix, KroneckerProduct, MatrixSymbol, Ne,
                   Q, Trace, ZeroMatrix, symbols)

from symcheck import Claim, dot, pinv, sqnorm

n, m, k, r = symbols("n m k r", integer=True, positive=True)
p_, q_ = symbols("p q", integer=True, positive=True)
c_, sigma = symbols("c sigma", real=True)
c0, c1, c2 = symbols("c_0 c_1 c_2", real=True)

A = MatrixSymbol("A", n, n)
B = MatrixSymbol("B", n, n)
In, Ik = Identity(n), Identity(k)


def src(eq):
    return f"Matrix Cookbook (2012) eq. {eq}"


# ---- 3.1 basic (eqs. 145–151) -------------------------------------------------------------------
eq145_a = Claim("A A^-1 = I", A * A.I, In, expect="proved", source=src(145))
eq145_b = Claim("A^-1 A = I", A.I * A, In, expect="proved", source=src(145))

# Cofactors, the adjoint and Laplace expansion on a 3×3 matrix (SymPy has no symbolic-size adjugate).
A3 = MatrixSymbol("A", 3, 3)


def minor(i, j):
    """[A]_ij: A with row i and column j deleted (0-based), as an explicit 2×2 matrix."""
    rows = [a for a in range(3) if a != i]
    cols = [b for b in range(3) if b != j]
    return ImmutableMatrix(2, 2, lambda a, b: A3[rows[a], cols[b]])


def cof(i, j):
    return (-1) ** (i + j) * Determinant(minor(i, j))


cof_matrix = ImmutableMatrix(3, 3, lambda i, j: cof(i, j))
eq148 = Claim("3x3: adj(A) = cof(A)^T with cof(A, i, j) = (-1)^(i+j) det([A]_ij)",
              A3.as_explicit().adjugate(), cof_matrix.T, expect="proved", source=src(148) + " (with 146, 147), n = 3")
eq149 = Claim("3x3: det(A) = sum_j (-1)^(j+1) A_1j det([A]_1j)", Determinant(A3),
              sum((-1) ** j * A3[0, j] * Determinant(minor(0, j)) for j in range(3)),
              expect="proved", source=src(149) + ", n = 3")
eq150 = Claim("3x3: det(A) = sum_j A_1j cof(A, 1, j)", Determinant(A3), sum(A3[0, j] * cof(0, j) for j in range(3)),
              expect="proved", source=src(150) + ", n = 3")
eq151 = Claim("3x3: A^-1 = adj(A)/det(A)", A3.I, A3.as_explicit().adjugate() / Determinant(A3),
              expect="proved", source=src(151) + ", n = 3")

# ---- 3.2 exact relations (eqs. 155–167) ---------------------------------------------------------------
eq155 = Claim("(AB)^-1 = B^-1 A^-1", (A * B).I, B.I * A.I, expect="proved", source=src(155))
Bk = MatrixSymbol("B", k, k)
C_nk = MatrixSymbol("C", n, k)
U_nk = MatrixSymbol("U", n, k)
V_kn = MatrixSymbol("V", k, n)
eq156 = Claim("Woodbury: (A + C B C^T)^-1 = A^-1 - A^-1 C (B^-1 + C^T A^-1 C)^-1 C^T A^-1",
              (A + C_nk * Bk * C_nk.T).I, A.I - A.I * C_nk * (Bk.I + C_nk.T * A.I * C_nk).I * C_nk.T * A.I,
              expect="proved", source=src(156))
eq157 = Claim("Woodbury: (A + U B V)^-1 = A^-1 - A^-1 U (B^-1 + V A^-1 U)^-1 V A^-1",
              (A + U_nk * Bk * V_kn).I, A.I - A.I * U_nk * (Bk.I + V_kn * A.I * U_nk).I * V_kn * A.I,
              expect="proved", source=src(157))
P = MatrixSymbol("P", n, n)
R = MatrixSymbol("R", m, m)
B_mn = MatrixSymbol("B", m, n)
PD_PR = [Q.positive_definite(P), Q.positive_definite(R)]
lhs158 = (P.I + B_mn.T * R.I * B_mn).I * B_mn.T * R.I
rhs158 = P * B_mn.T * (B_mn * P * B_mn.T + R).I
eq158 = Claim("P, R PD: (P^-1 + B^T R^-1 B)^-1 B^T R^-1 = P B^T (B P B^T + R)^-1", lhs158, rhs158,
              assume=PD_PR, expect="proved", source=src(158))
B_nk = MatrixSymbol("B", n, k)
C_kn = MatrixSymbol("C", k, n)
eq159 = Claim("Kailath: (A + B C)^-1 = A^-1 - A^-1 B (I + C A^-1 B)^-1 C A^-1", (A + B_nk * C_kn).I,
              A.I - A.I * B_nk * (Ik + C_kn * A.I * B_nk).I * C_kn * A.I, expect="proved", source=src(159))
b = MatrixSymbol("b", n, 1)
c = MatrixSymbol("c", n, 1)
eq160 = Claim("Sherman-Morrison: (A + b c^T)^-1 = A^-1 - A^-1 b c^T A^-1/(1 + c^T A^-1 b)", (A + b * c.T).I,
              A.I - A.I * b * c.T * A.I / (1 + dot(c, A.I * b)), expect="proved", source=src(160))
eq161 = Claim("Searle: (I + A^-1)^-1 = A (A + I)^-1", (In + A.I).I, A * (A + In).I, expect="proved", source=src(161))
eq162 = Claim("Searle: (A + B B^T)^-1 B = A^-1 B (I + B^T A^-1 B)^-1", (A + B_nk * B_nk.T).I * B_nk,
              A.I * B_nk * (Ik + B_nk.T * A.I * B_nk).I, expect="proved", source=src(162))
eq163_a = Claim("Searle: (A^-1 + B^-1)^-1 = A (A + B)^-1 B", (A.I + B.I).I, A * (A + B).I * B, expect="proved",
                source=src(163))
eq163_b = Claim("Searle: (A^-1 + B^-1)^-1 = B (A + B)^-1 A", (A.I + B.I).I, B * (A + B).I * A, expect="proved",
                source=src(163))
eq164 = Claim("Searle: A - A (A + B)^-1 A = B - B (A + B)^-1 B", A - A * (A + B).I * A, B - B * (A + B).I * B,
              expect="proved", source=src(164))
eq165 = Claim("Searle: A^-1 + B^-1 = A^-1 (A + B) B^-1", A.I + B.I, A.I * (A + B) * B.I, expect="proved",
              source=src(165))
A_nk = MatrixSymbol("A", n, k)
B_kn = MatrixSymbol("B", k, n)
eq166 = Claim("Searle: (I + A B)^-1 = I - A (I + B A)^-1 B (A n×k, B k×n)", (In + A_nk * B_kn).I,
              In - A_nk * (Ik + B_kn * A_nk).I * B_kn, expect="proved", source=src(166))
eq167 = Claim("Searle: (I + A B)^-1 A = A (I + B A)^-1 (A n×k, B k×n)", (In + A_nk * B_kn).I * A_nk,
              A_nk * (Ik + B_kn * A_nk).I, expect="proved", source=src(167))

# ---- 3.2.6 rank-1 update of the inverse of an inner product (unnumbered) ---------------------------------
X = MatrixSymbol("X", n, k)
v = MatrixSymbol("v", n, 1)
AX = (X.T * X).I
s = Trace(v.T * v) - Trace(v.T * X * AX * X.T * v)
Xt = BlockMatrix([[X, v]])
rank1_inner = Claim(
    "[X v]^T [X v] inverse by the rank-1 update of A = (X^T X)^-1",
    (Xt.T * Xt).I,
    BlockMatrix([[AX + AX * X.T * v * v.T * X * AX.T / s, -AX * X.T * v / s],
                 [-v.T * X * AX.T / s, Identity(1) / s]]),
    assume=[Ne(s, 0)], expect="proved", source="Matrix Cookbook (2012) §3.2.6")

# ---- 3.2.7 rank-1 update of the Moore-Penrose inverse (eqs. 168–183) ---------------------------------------
Ar = MatrixSymbol("A", n, m)
cr = MatrixSymbol("c", n, 1)
dr = MatrixSymbol("d", m, 1)
Ap = pinv(Ar)
beta = 1 + dot(dr, Ap * cr)                                  # eq. 169
vv = Ap * cr                                                 # eq. 170
nn = Ap.T * dr                                               # eq. 171
ww = (Identity(n) - Ar * Ap) * cr                            # eq. 172
mm = (Identity(m) - Ap * Ar).T * dr                          # eq. 173
lhs168 = pinv(Ar + cr * dr.T)                                # eq. 168: (A + c d^T)^+ = A^+ + G
W_NZ, M_NZ = sqnorm(ww) > 0, sqnorm(mm) > 0
W_0, M_0 = Eq(ww, ZeroMatrix(n, 1)), Eq(mm, ZeroMatrix(m, 1))
B_0, B_NZ = Eq(beta, 0), Ne(beta, 0)
MP = "Matrix Cookbook (2012) eqs. 168-173 with "

G174 = -vv * pinv(ww) - pinv(mm).T * nn.T + beta * pinv(mm).T * pinv(ww)
G175 = -vv * ww.T / sqnorm(ww) - mm * nn.T / sqnorm(mm) + beta / (sqnorm(mm) * sqnorm(ww)) * mm * ww.T
G176 = -vv * pinv(vv) * Ap - pinv(mm).T * nn.T
G177 = -vv * vv.T * Ap / sqnorm(vv) - mm * nn.T / sqnorm(mm)
G178 = (mm * vv.T * Ap / beta
        - beta / (sqnorm(vv) * sqnorm(mm) + Abs(beta)**2)
        * (sqnorm(vv) / beta * mm + vv) * (sqnorm(mm) / beta * Ap.T * vv + nn).T)
G179 = -Ap * nn * pinv(nn) - vv * pinv(ww)
G180 = -Ap * nn * nn.T / sqnorm(nn) - vv * ww.T / sqnorm(ww)
G181 = (Ap * nn * ww.T / beta
        - beta / (sqnorm(nn) * sqnorm(ww) + Abs(beta)**2)
        * (sqnorm(ww) / beta * Ap * nn + vv) * (sqnorm(nn) / beta * ww + nn).T)
G182 = -vv * pinv(vv) * Ap - Ap * nn * pinv(nn) + dot(pinv(vv).T, Ap * nn) * vv * pinv(nn)
G183 = (-vv * vv.T * Ap / sqnorm(vv) - Ap * nn * nn.T / sqnorm(nn)
        + dot(vv, Ap * nn) / (sqnorm(vv) * sqnorm(nn)) * vv * nn.T)

eq174 = Claim("MP rank-1, case 1 (w != 0, m != 0): G = -v w^+ - (m^+)^T n^T + beta (m^+)^T w^+", lhs168, Ap + G174,
              assume=[W_NZ, M_NZ], expect="proved", source=MP + "eq. 174")
eq175 = Claim("MP rank-1, case 1 (w != 0, m != 0), norm form", lhs168, Ap + G175,
              assume=[W_NZ, M_NZ], expect="proved", source=MP + "eq. 175")
eq176 = Claim("MP rank-1, case 2 (w = 0, m != 0, beta = 0): G = -v v^+ A^+ - (m^+)^T n^T", lhs168, Ap + G176,
              assume=[W_0, M_NZ, B_0], expect="proved", source=MP + "eq. 176")
eq177 = Claim("MP rank-1, case 2 (w = 0, m != 0, beta = 0), norm form", lhs168, Ap + G177,
              assume=[W_0, M_NZ, B_0], expect="proved", source=MP + "eq. 177")
eq178 = Claim("MP rank-1, case 3 (w = 0, beta != 0)", lhs168, Ap + G178,
              assume=[W_0, B_NZ], expect="proved", source=MP + "eq. 178")
eq179 = Claim("MP rank-1, case 4 (w != 0, m = 0, beta = 0): G = -A^+ n n^+ - v w^+", lhs168, Ap + G179,
              assume=[W_NZ, M_0, B_0], expect="proved", source=MP + "eq. 179")
eq180 = Claim("MP rank-1, case 4 (w != 0, m = 0, beta = 0), norm form", lhs168, Ap + G180,
              assume=[W_NZ, M_0, B_0], expect="proved", source=MP + "eq. 180")
eq181 = Claim("MP rank-1, case 5 (m = 0, beta != 0)", lhs168, Ap + G181,
              assume=[M_0, B_NZ], expect="proved", source=MP + "eq. 181")
eq182 = Claim("MP rank-1, case 6 (w = 0, m = 0, beta = 0): G = -v v^+ A^+ - A^+ n n^+ + v^+ A^+ n v n^+", lhs168,
              Ap + G182, assume=[W_0, M_0, B_0], expect="proved", source=MP + "eq. 182")
eq183 = Claim("MP rank-1, case 6 (w = 0, m = 0, beta = 0), norm form", lhs168, Ap + G183,
              assume=[W_0, M_0, B_0], expect="proved", source=MP + "eq. 183")

# ---- 3.3 implication on inverses (eqs. 184–185) ---------------------------------------------------------
eq184 = Claim("(A + B)^-1 = A^-1 + B^-1 implies A B^-1 A = B A^-1 B", A * B.I * A, B * A.I * B,
              assume=[Eq((A + B).I, A.I + B.I)], expect="proved", source=src(184))
eq185 = Claim("P, R PD and invertible: (P^-1 + B^T R^-1 B)^-1 B^T R^-1 = P B^T (B P B^T + R)^-1", lhs158, rhs158,
              assume=PD_PR + [Q.invertible(P), Q.invertible(R)], expect="proved", source=src(185))

# ---- 3.4: the exact steps of the proof of eq. 191 (eqs. 192–195) -------------------------------------------
Qm = MatrixSymbol("Q", n, n)
Mm = MatrixSymbol("M", n, n)
proof191_a = Claim("(Q + s^2 M)^-1 = (Q Q^-1 Q + s^2 M Q^-1 Q)^-1", (Qm + sigma**2 * Mm).I,
                   (Qm * Qm.I * Qm + sigma**2 * Mm * Qm.I * Qm).I, expect="proved", source="Matrix Cookbook (2012) eqs. 192-193")
proof191_b = Claim("(Q Q^-1 Q + s^2 M Q^-1 Q)^-1 = ((I + s^2 M Q^-1) Q)^-1", (Qm * Qm.I * Qm + sigma**2 * Mm * Qm.I * Qm).I,
                   ((In + sigma**2 * Mm * Qm.I) * Qm).I, expect="proved", source="Matrix Cookbook (2012) eqs. 193-194")
proof191_c = Claim("((I + s^2 M Q^-1) Q)^-1 = Q^-1 (I + s^2 M Q^-1)^-1", ((In + sigma**2 * Mm * Qm.I) * Qm).I,
                   Qm.I * (In + sigma**2 * Mm * Qm.I).I, expect="proved", source="Matrix Cookbook (2012) eqs. 194-195")

# ---- 3.5 generalized inverse, 3.6 pseudo-inverse (eqs. 198–224) --------------------------------------------
Bmp = MatrixSymbol("B", m, p_)
eq198 = Claim("A A^- A = A with A^- = A^+", Ar * pinv(Ar) * Ar, Ar, expect="proved",
              source=src(198) + " (the Moore-Penrose inverse is a generalized inverse)")
penrose_1 = Claim("Penrose I: A A^+ A = A", Ar * Ap * Ar, Ar, expect="proved", source="Matrix Cookbook (2012) §3.6.1 (I)")
penrose_2 = Claim("Penrose II: A^+ A A^+ = A^+", Ap * Ar * Ap, Ap, expect="proved", source="Matrix Cookbook (2012) §3.6.1 (II)")
penrose_3 = Claim("Penrose III: A A^+ symmetric", (Ar * Ap).T, Ar * Ap, expect="proved",
                  source="Matrix Cookbook (2012) §3.6.1 (III)")
penrose_4 = Claim("Penrose IV: A^+ A symmetric", (Ap * Ar).T, Ap * Ar, expect="proved",
                  source="Matrix Cookbook (2012) §3.6.1 (IV)")
eq199 = Claim("(A^+)^+ = A", pinv(Ap), Ar, expect="proved", source=src(199))
eq200 = Claim("(A^T)^+ = (A^+)^T", pinv(Ar.T), Ap.T, expect="proved", source=src(200))
eq203 = Claim("(A^+ A) A^T = A^T (real A: A^H = A^T)", Ap * Ar * Ar.T, Ar.T, expect="proved",
              source=src(203) + " for real A")
eq205 = Claim("(cA)^+ = (1/c) A^+", pinv(c_ * Ar), Ap / c_, assume=[Q.nonzero(c_)], expect="proved", source=src(205))
eq206 = Claim("A^+ = (A^T A)^+ A^T", Ap, pinv(Ar.T * Ar) * Ar.T, expect="proved", source=src(206))
eq207 = Claim("A^+ = A^T (A A^T)^+", Ap, Ar.T * pinv(Ar * Ar.T), expect="proved", source=src(207))
eq208 = Claim("(A^T A)^+ = A^+ (A^T)^+", pinv(Ar.T * Ar), Ap * pinv(Ar.T), expect="proved", source=src(208))
eq209 = Claim("(A A^T)^+ = (A^T)^+ A^+", pinv(Ar * Ar.T), pinv(Ar.T) * Ap, expect="proved", source=src(209))
eq214 = Claim("(AB)^+ = (A^+ A B)^+ (A B B^+)^+", pinv(Ar * Bmp), pinv(Ap * Ar * Bmp) * pinv(Ar * Bmp * pinv(Bmp)),
              expect="proved", source=src(214))
# Eqs. 215–216 hold for any analytic f; checked for the polynomial f(x) = c0 + c1 x + c2 x^2.
AtA, AAt = Ar.T * Ar, Ar * Ar.T
Im_ = Identity(m)
eq215 = Claim("f(A^T A) - f(0) I = A^+ [f(A A^T) - f(0) I] A  (f quadratic)",
              c0 * Im_ + c1 * AtA + c2 * AtA * AtA - c0 * Im_,
              Ap * (c0 * In + c1 * AAt + c2 * AAt * AAt - c0 * In) * Ar,
              expect="proved", source=src(215) + " for real A, f(x) = c0 + c1 x + c2 x^2")
eq216 = Claim("f(A A^T) - f(0) I = A [f(A^T A) - f(0) I] A^+  (f quadratic)",
              c0 * In + c1 * AAt + c2 * AAt * AAt - c0 * In,
              Ar * (c0 * Im_ + c1 * AtA + c2 * AtA * AtA - c0 * Im_) * Ap,
              expect="proved", source=src(216) + " for real A, f(x) = c0 + c1 x + c2 x^2")
eq217 = Claim("(A A^+)(A A^+) = A A^+", Ar * Ap * Ar * Ap, Ar * Ap, expect="proved",
              source=src(217) + " (stated for full rank; holds for every A)")
eq218 = Claim("(A^+ A)(A^+ A) = A^+ A", Ap * Ar * Ap * Ar, Ap * Ar, expect="proved",
              source=src(218) + " (stated for full rank; holds for every A)")
eq221 = Claim("(AB)^+ = (A^+ A B)^+ (A B B^+)^+ (repeated as eq. 221)", pinv(Ar * Bmp),
              pinv(Ap * Ar * Bmp) * pinv(Ar * Bmp * pinv(Bmp)), expect="proved", source=src(221))
Bpq = MatrixSymbol("B", p_, q_)
eq222 = Claim("(A kron B)^+ = A^+ kron B^+", pinv(KroneckerProduct(Ar, Bpq)), KroneckerProduct(Ap, pinv(Bpq)),
              expect="proved", source=src(222))
construction_square = Claim("A square of full rank: A^+ = A^-1", pinv(A), A.I, expect="proved",
                            source="Matrix Cookbook (2012) §3.6.3 (square)")
construction_broad = Claim("A broad of full rank n: A^+ = A^T (A A^T)^-1", Ap, Ar.T * (Ar * Ar.T).I, expect="proved",
                           source="Matrix Cookbook (2012) §3.6.3 (broad)")
construction_tall = Claim("A tall of full rank m: A^+ = (A^T A)^-1 A^T", Ap, (Ar.T * Ar).I * Ar.T, expect="proved",
                          source="Matrix Cookbook (2012) §3.6.3 (tall)")
Ur = MatrixSymbol("U", n, r)
Dr = MatrixSymbol("D", r, r)
Vr = MatrixSymbol("V", m, r)
eq223 = Claim("A = U_r D_r V_r^T (thin SVD): A^+ = V_r D_r^-1 U_r^T", pinv(Ur * Dr * Vr.T), Vr * Dr.I * Ur.T,
              assume=[Eq(Ur.T * Ur, Identity(r)), Eq(Vr.T * Vr, Identity(r)), Q.diagonal(Dr), Q.invertible(Dr)],
              expect="proved", source=src(223))
Cf = MatrixSymbol("C", n, r)
Df = MatrixSymbol("D", r, m)
eq224 = Claim("A = C D (rank r factors): A^+ = D^T (D D^T)^-1 (C^T C)^-1 C^T", pinv(Cf * Df),
              Df.T * (Df * Df.T).I * (Cf.T * Cf).I * Cf.T, expect="proved", source=src(224))
