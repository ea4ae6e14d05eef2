"""The Matrix Cookbook (Petersen & Pedersen, version of November 15, 2012), §2 Derivatives.

Conventions, as the cookbook states them at the start of §2:

* the derivative of a scalar f by a matrix (or column vector) X has the shape of X,
  (∂f/∂X)_ij = ∂f/∂X_ij: that is symcheck's `layout="denominator"`;
* the derivative of a vector x by a vector y is the Jacobian [∂x/∂y]_ij = ∂x_i/∂y_j:
  `layout="numerator"` (eq. 130 is the only such claim; its Jacobian is symmetric);
* `Derivative(f, x, 2)` of a scalar f by a vector x is the Hessian ∂²f/∂x∂xᵀ.

The rules for differentials (eqs. 33–44) and the general forms with a matrix Y(x)
of a scalar x (eqs. 46, 48, 59) are statements about X and dX (and d²X) at one
point. An affine X(t) = X₀ + tX₁ realises every pair (X, dX), and a quadratic
Y(x) = Y₀ + xY₁ + x²Y₂ every triple (Y, dY, d²Y); so each rule is transcribed for
an arbitrary such curve, with ∂X written out as X₁ (SymPy's `Derivative` of a matrix
expression is not itself a matrix expression, so it cannot sit inside a product).

Eqs. 91, 92 and 122 sum over r = 0..n−1 with a symbolic power n; SymPy has no sum of
matrix expressions, so they are transcribed for the powers 2 and 3 with the sum
written out. Left out (see docs/cookbook.md): 32, 60, 73–75, 79, 80, 90 (entrywise
index statements; their matrix forms are other equations here), 47 and 50 (the index
statement sum_k (d det X/dX_ik) X_jk = delta_ij det X; its matrix form (d det X/dX) X^T =
det(X) I puts a derivative inside a product, which SymPy cannot represent: SymPy's
`Derivative` is not a matrix expression; the content is eq. 49), 45 and 89 (complex),
67–68 (eigenvectors), the general-F rule before eq. 99 and 128 (matrix functions
F(X), sin X), 133–137 (structure matrices, chain rule for a general g), 138–144
(derivatives with respect to a symmetric, diagonal or Toeplitz X: a different
derivative from the unstructured one symcheck's `Derivative` means).
"""
from sympy import (Abs, Derivative, Determinant, HadamardProduct, Identity, KroneckerProduct,
                   MatrixSymbol, OneMatrix, Q, Trace, ZeroMatrix, log, symbols)

from symcheck import Claim, dot, norm, pinv, sqnorm

n, m, p, q = symbols("n m p q", integer=True, positive=True)
k = symbols("k", integer=True, positive=True)
t, x_, alpha = symbols("t x alpha", real=True)

DEN = "denominator"


def src(eq):
    return f"Matrix Cookbook (2012) eq. {eq}"


# ---- §2 opening: rules for differentials (eqs. 33–44) ----------------------------------------------
A_nm = MatrixSymbol("A", n, m)
X0, X1 = MatrixSymbol("X_0", n, m), MatrixSymbol("X_1", n, m)
Z0, Z1 = MatrixSymbol("Z_0", n, m), MatrixSymbol("Z_1", n, m)
Y0, Y1 = MatrixSymbol("Y_0", m, p), MatrixSymbol("Y_1", m, p)
W0, W1 = MatrixSymbol("W_0", p, q), MatrixSymbol("W_1", p, q)
S0, S1 = MatrixSymbol("S_0", n, n), MatrixSymbol("S_1", n, n)
Xt, Zt, Yt, Wt, St = X0 + t * X1, Z0 + t * Z1, Y0 + t * Y1, W0 + t * W1, S0 + t * S1
RULE = " (X(t) = X_0 + t X_1, so dX = X_1)"

eq33 = Claim("dA = 0 for a constant A", Derivative(A_nm, t), ZeroMatrix(n, m), expect="proved", source=src(33))
eq34 = Claim("d(alpha X) = alpha dX", Derivative(alpha * Xt, t), alpha * X1, expect="proved", source=src(34) + RULE)
eq35 = Claim("d(X + Y) = dX + dY", Derivative(Xt + Zt, t), X1 + Z1, expect="proved", source=src(35) + RULE)
eq36 = Claim("d Tr(X) = Tr(dX)", Derivative(Trace(St), t), Trace(S1), expect="proved", source=src(36) + RULE)
eq37 = Claim("d(XY) = (dX) Y + X (dY)", Derivative(Xt * Yt, t), X1 * Yt + Xt * Y1,
             expect="proved", source=src(37) + RULE)
eq38 = Claim("d(X o Y) = (dX) o Y + X o (dY)", Derivative(HadamardProduct(Xt, Zt), t),
             HadamardProduct(X1, Zt) + HadamardProduct(Xt, Z1), expect="proved", source=src(38) + RULE)
eq39 = Claim("d(X kron Y) = (dX) kron Y + X kron (dY)", Derivative(KroneckerProduct(Xt, Wt), t),
             KroneckerProduct(X1, Wt) + KroneckerProduct(Xt, W1), expect="proved", source=src(39) + RULE)
eq40 = Claim("d(X^-1) = -X^-1 (dX) X^-1", Derivative(St.I, t), -St.I * S1 * St.I,
             expect="proved", source=src(40) + RULE)
# adj(X) has no symbolic-size SymPy class: eq. 41 is checked on 3×3 matrices, with the explicit adjugate.
T0, T1 = MatrixSymbol("X_0", 3, 3), MatrixSymbol("X_1", 3, 3)
eq41 = Claim("d det(X) = Tr(adj(X) dX)  (3×3)", Derivative(Determinant(T0 + t * T1), t),
             Trace((T0 + t * T1).as_explicit().adjugate() * T1.as_explicit()),
             expect="proved", source=src(41) + RULE + ", n = 3")
eq42 = Claim("d det(X) = det(X) Tr(X^-1 dX)", Derivative(Determinant(St), t), Determinant(St) * Trace(St.I * S1),
             expect="proved", source=src(42) + RULE)
eq43 = Claim("d ln det(X) = Tr(X^-1 dX)", Derivative(log(Determinant(St)), t), Trace(St.I * S1),
             assume=[Determinant(St) > 0], expect="proved", source=src(43) + RULE)
eq44 = Claim("d(X^T) = (dX)^T", Derivative(Xt.T, t), X1.T, expect="proved", source=src(44) + RULE)

# ---- 2.1 derivatives of a determinant (eqs. 46–58) ---------------------------------------------------
V0, V1, V2 = MatrixSymbol("Y_0", n, n), MatrixSymbol("Y_1", n, n), MatrixSymbol("Y_2", n, n)
Yx = V0 + x_ * V1 + x_**2 * V2          # Y(x); dY/dx = Y_1 + 2x Y_2, d2Y/dx2 = 2 Y_2
dYx = V1 + 2 * x_ * V2
CURVE = " (Y(x) = Y_0 + x Y_1 + x^2 Y_2)"
eq46 = Claim("d det(Y)/dx = det(Y) Tr[Y^-1 dY/dx]", Derivative(Determinant(Yx), x_),
             Determinant(Yx) * Trace(Yx.I * dYx), expect="proved", source=src(46) + CURVE)

X = MatrixSymbol("X", n, n)
A = MatrixSymbol("A", n, n)
B = MatrixSymbol("B", n, n)
In = Identity(n)
eq48 = Claim("d2 det(Y)/dx2 = det(Y)[Tr(Y^-1 Y'') + Tr(Y^-1 Y')^2 - Tr(Y^-1 Y' Y^-1 Y')]",
             Derivative(Determinant(Yx), x_, 2),
             Determinant(Yx) * (Trace(Yx.I * 2 * V2) + Trace(Yx.I * dYx) * Trace(Yx.I * dYx)
                                - Trace(Yx.I * dYx * Yx.I * dYx)),
             expect="proved", source=src(48) + CURVE)
eq49 = Claim("d det(X)/dX = det(X) (X^-1)^T", Derivative(Determinant(X), X), Determinant(X) * X.I.T,
             layout=DEN, expect="proved", source=src(49))
eq51 = Claim("d det(AXB)/dX = det(AXB) (X^-1)^T", Derivative(Determinant(A * X * B), X),
             Determinant(A * X * B) * X.I.T, layout=DEN, expect="proved", source=src(51) + " (A, B square)")
eq51_b = Claim("d det(AXB)/dX = det(AXB) (X^T)^-1", Derivative(Determinant(A * X * B), X),
               Determinant(A * X * B) * X.T.I, layout=DEN, expect="proved", source=src(51) + ", second form")
eq52 = Claim("X square: d det(X^T A X)/dX = 2 det(X^T A X) X^-T", Derivative(Determinant(X.T * A * X), X),
             2 * Determinant(X.T * A * X) * X.I.T, layout=DEN, expect="proved", source=src(52))
Xr = MatrixSymbol("X", n, m)             # a rectangular X
Ar = MatrixSymbol("A", n, n)
M_ = Xr.T * Ar * Xr
eq53 = Claim("A symmetric: d det(X^T A X)/dX = 2 det(X^T A X) A X (X^T A X)^-1",
             Derivative(Determinant(M_), Xr), 2 * Determinant(M_) * Ar * Xr * M_.I,
             assume=[Q.symmetric(Ar)], layout=DEN, expect="proved", source=src(53))
eq54 = Claim("d det(X^T A X)/dX = det(X^T A X)(A X (X^T A X)^-1 + A^T X (X^T A^T X)^-1)",
             Derivative(Determinant(M_), Xr),
             Determinant(M_) * (Ar * Xr * M_.I + Ar.T * Xr * (Xr.T * Ar.T * Xr).I),
             layout=DEN, expect="proved", source=src(54))
eq55 = Claim("d ln det(X^T X)/dX = 2 (X^+)^T", Derivative(log(Determinant(Xr.T * Xr)), Xr), 2 * pinv(Xr).T,
             assume=[Determinant(Xr.T * Xr) > 0], layout=DEN, expect="proved", source=src(55))
# Eq. 56 differentiates with respect to X⁺. For X of full column rank, X = (X⁺)⁺, so with
# Y = X⁺ (m×n, full row rank) the left side is a function of Y: ln det((Y⁺)ᵀ Y⁺), and −2Xᵀ = −2(Y⁺)ᵀ.
Yp = MatrixSymbol("Y", m, n)
eq56 = Claim("d ln det(X^T X)/dX^+ = -2 X^T  (with Y = X^+, X = Y^+)",
             Derivative(log(Determinant(pinv(Yp).T * pinv(Yp))), Yp), -2 * pinv(Yp).T,
             assume=[Determinant(Yp * Yp.T) > 0], layout=DEN, expect="proved",
             source=src(56) + ", read with Y = X^+ as the variable")
eq57 = Claim("d ln|det(X)|/dX = (X^-1)^T", Derivative(log(Abs(Determinant(X))), X), X.I.T,
             layout=DEN, expect="proved", source=src(57))
eq57_b = Claim("d ln|det(X)|/dX = (X^T)^-1", Derivative(log(Abs(Determinant(X))), X), X.T.I,
               layout=DEN, expect="proved", source=src(57) + ", second form")
eq58 = Claim("d det(X^k)/dX = k det(X^k) X^-T", Derivative(Determinant(X**k), X), k * Determinant(X**k) * X.I.T,
             layout=DEN, expect="proved", source=src(58) + " (k >= 1)")

# ---- 2.2 derivatives of an inverse (eqs. 59–64) ---------------------------------------------------------
a = MatrixSymbol("a", n, 1)
b = MatrixSymbol("b", n, 1)
eq59 = Claim("dY^-1/dx = -Y^-1 (dY/dx) Y^-1", Derivative(Yx.I, x_), -Yx.I * dYx * Yx.I,
             expect="proved", source=src(59) + CURVE)
eq61 = Claim("d a^T X^-1 b/dX = -X^-T a b^T X^-T", Derivative(a.T * X.I * b, X), -X.I.T * a * b.T * X.I.T,
             layout=DEN, expect="proved", source=src(61))
eq62 = Claim("d det(X^-1)/dX = -det(X^-1) (X^-1)^T", Derivative(Determinant(X.I), X),
             -Determinant(X.I) * X.I.T, layout=DEN, expect="proved", source=src(62))
Am = MatrixSymbol("A", m, n)
Bm = MatrixSymbol("B", n, m)
eq63 = Claim("d Tr(A X^-1 B)/dX = -(X^-1 B A X^-1)^T (eq. 63)", Derivative(Trace(Am * X.I * Bm), X),
             -(X.I * Bm * Am * X.I).T, layout=DEN, expect="proved", source=src(63))
eq64 = Claim("d Tr((X+A)^-1)/dX = -((X+A)^-1 (X+A)^-1)^T", Derivative(Trace((X + A).I), X),
             -((X + A).I * (X + A).I).T, layout=DEN, expect="proved", source=src(64))

# ---- 2.3 (the trace and determinant parts; the eigenvalue sums are left out) ---------------------------
eq65 = Claim("d Tr(X)/dX = I (eq. 65, the eigenvalue-sum form left out)", Derivative(Trace(X), X), In, layout=DEN, expect="proved", source=src(65))
eq66 = Claim("d det(X)/dX = det(X) X^-T (eq. 66, the eigenvalue-product form left out)", Derivative(Determinant(X), X), Determinant(X) * X.I.T,
             layout=DEN, expect="proved", source=src(66))

# ---- 2.4.1 first order (eqs. 69–72) ----------------------------------------------------------------------
x = MatrixSymbol("x", n, 1)
am = MatrixSymbol("a", m, 1)
bm = MatrixSymbol("b", m, 1)
eq69_a = Claim("d x^T a/dx = a", Derivative(x.T * a, x), a, layout=DEN, expect="proved", source=src(69))
eq69_b = Claim("d a^T x/dx = a", Derivative(a.T * x, x), a, layout=DEN, expect="proved", source=src(69))
eq70 = Claim("d a^T X b/dX = a b^T", Derivative(a.T * Xr * bm, Xr), a * bm.T, layout=DEN,
             expect="proved", source=src(70))
eq71 = Claim("d a^T X^T b/dX = b a^T", Derivative(am.T * Xr.T * b, Xr), b * am.T, layout=DEN,
             expect="proved", source=src(71))
eq72_a = Claim("d a^T X a/dX = a a^T", Derivative(a.T * X * a, X), a * a.T, layout=DEN,
               expect="proved", source=src(72))
eq72_b = Claim("d a^T X^T a/dX = a a^T", Derivative(a.T * X.T * a, X), a * a.T, layout=DEN,
               expect="proved", source=src(72))

# ---- 2.4.2 second order (eqs. 76–88) ---------------------------------------------------------------------
# Eq. 76: d/dX_ij sum_klmn X_kl X_mn = 2 sum_kl X_kl, i.e. d(1ᵀX1)²/dX = 2 (1ᵀX1) 1 1ᵀ.
total = Trace(OneMatrix(1, n) * Xr * OneMatrix(m, 1))
eq76 = Claim("d (sum_kl X_kl)^2/dX_ij = 2 sum_kl X_kl", Derivative(total**2, Xr), 2 * total * OneMatrix(n, m),
             layout=DEN, expect="proved", source=src(76))
eq77 = Claim("d b^T X^T X c/dX = X (b c^T + c b^T)", Derivative(bm.T * Xr.T * Xr * MatrixSymbol("c", m, 1), Xr),
             Xr * (bm * MatrixSymbol("c", m, 1).T + MatrixSymbol("c", m, 1) * bm.T),
             layout=DEN, expect="proved", source=src(77))
xm = MatrixSymbol("x", m, 1)
B78, b78 = MatrixSymbol("B", n, m), MatrixSymbol("b", n, 1)
C78 = MatrixSymbol("C", n, p)
D78, d78 = MatrixSymbol("D", p, m), MatrixSymbol("d", p, 1)
eq78 = Claim("d (Bx+b)^T C (Dx+d)/dx = B^T C (Dx+d) + D^T C^T (Bx+b)",
             Derivative((B78 * xm + b78).T * C78 * (D78 * xm + d78), xm),
             B78.T * C78 * (D78 * xm + d78) + D78.T * C78.T * (B78 * xm + b78),
             layout=DEN, expect="proved", source=src(78))
eq81 = Claim("d x^T B x/dx = (B + B^T) x", Derivative(x.T * B * x, x), (B + B.T) * x, layout=DEN,
             expect="proved", source=src(81))
c_m = MatrixSymbol("c", m, 1)
D_n = MatrixSymbol("D", n, n)
eq82 = Claim("d b^T X^T D X c/dX = D^T X b c^T + D X c b^T", Derivative(bm.T * Xr.T * D_n * Xr * c_m, Xr),
             D_n.T * Xr * bm * c_m.T + D_n * Xr * c_m * bm.T, layout=DEN, expect="proved", source=src(82))
c_n = MatrixSymbol("c", n, 1)
eq83 = Claim("d (Xb+c)^T D (Xb+c)/dX = (D + D^T)(Xb+c) b^T",
             Derivative((Xr * bm + c_n).T * D_n * (Xr * bm + c_n), Xr),
             (D_n + D_n.T) * (Xr * bm + c_n) * bm.T, layout=DEN, expect="proved", source=src(83))
W = MatrixSymbol("W", n, n)
A_s = MatrixSymbol("A", n, m)
s_m = MatrixSymbol("s", m, 1)
s_n = MatrixSymbol("s", n, 1)
SYM_W = [Q.symmetric(W)]
r_As = x - A_s * s_m
eq84 = Claim("W sym: d/ds (x-As)^T W (x-As) = -2 A^T W (x-As)", Derivative(r_As.T * W * r_As, s_m),
             -2 * A_s.T * W * r_As, assume=SYM_W, layout=DEN, expect="proved", source=src(84))
eq85 = Claim("W sym: d/dx (x-s)^T W (x-s) = 2 W (x-s)", Derivative((x - s_n).T * W * (x - s_n), x),
             2 * W * (x - s_n), assume=SYM_W, layout=DEN, expect="proved", source=src(85))
eq86 = Claim("W sym: d/ds (x-s)^T W (x-s) = -2 W (x-s)", Derivative((x - s_n).T * W * (x - s_n), s_n),
             -2 * W * (x - s_n), assume=SYM_W, layout=DEN, expect="proved", source=src(86))
eq87 = Claim("W sym: d/dx (x-As)^T W (x-As) = 2 W (x-As)", Derivative(r_As.T * W * r_As, x),
             2 * W * r_As, assume=SYM_W, layout=DEN, expect="proved", source=src(87))
eq88 = Claim("W sym: d/dA (x-As)^T W (x-As) = -2 W (x-As) s^T", Derivative(r_As.T * W * r_As, A_s),
             -2 * W * r_As * s_m.T, assume=SYM_W, layout=DEN, expect="proved", source=src(88))

# ---- 2.4.3 higher order and non-linear (eqs. 91–95) -------------------------------------------------------
eq91_2 = Claim("d a^T X^2 b/dX = sum_{r=0}^{1} (X^r)^T a b^T (X^{1-r})^T", Derivative(a.T * X**2 * b, X),
               a * b.T * X.T + X.T * a * b.T, layout=DEN, expect="proved", source=src(91) + ", power 2")
eq91_3 = Claim("d a^T X^3 b/dX = sum_{r=0}^{2} (X^r)^T a b^T (X^{2-r})^T", Derivative(a.T * X**3 * b, X),
               a * b.T * (X**2).T + X.T * a * b.T * X.T + (X**2).T * a * b.T,
               layout=DEN, expect="proved", source=src(91) + ", power 3")


def _eq92_rhs(power, corrected=False):
    terms = []
    for r in range(power):
        first = ((X**r).T * X**power * b * a.T * (X**(power - 1 - r)).T if corrected
                 else X**(power - 1 - r) * a * b.T * (X**power).T * X**r)
        terms.append(first + (X**r).T * X**power * a * b.T * (X**(power - 1 - r)).T)
    out = terms[0]
    for term in terms[1:]:
        out = out + term
    return out


# Erratum. The first term of eq. 92 is transposed: the gradient of a^T (X^n)^T X^n b is
# sum_r (X^r)^T X^n (b a^T + a b^T) (X^(n-1-r))^T. Hand check with n = 1, a = b = e1, X = [[0, 0], [1, 0]]:
# f = X11^2 + X21^2 has gradient [[0, 0], [2, 0]]; the printed sum gives a b^T X^T + X a b^T = [[0, 1], [1, 0]].
eq92_1 = Claim("d a^T (X^1)^T X^1 b/dX = sum_{r=0}^{0} [X^(n-1-r) a b^T (X^n)^T X^r + (X^r)^T X^n a b^T (X^(n-1-r))^T]",
               Derivative(a.T * X.T * X * b, X), _eq92_rhs(1),
               layout=DEN, expect="refuted", source=src(92) + " as printed, power 1")
eq92_2 = Claim("d a^T (X^2)^T X^2 b/dX = sum_{r=0}^{1} [X^(n-1-r) a b^T (X^n)^T X^r + (X^r)^T X^n a b^T (X^(n-1-r))^T]",
               Derivative(a.T * (X**2).T * X**2 * b, X), _eq92_rhs(2),
               layout=DEN, expect="refuted", source=src(92) + " as printed, power 2")
eq92_1_corrected = Claim("d a^T (X^1)^T X^1 b/dX = sum_{r=0}^{0} (X^r)^T X^n (b a^T + a b^T) (X^(n-1-r))^T",
                         Derivative(a.T * X.T * X * b, X), _eq92_rhs(1, corrected=True),
                         layout=DEN, expect="proved", source=src(92) + " with its first term transposed, power 1")
eq92_2_corrected = Claim("d a^T (X^2)^T X^2 b/dX = sum_{r=0}^{1} (X^r)^T X^n (b a^T + a b^T) (X^(n-1-r))^T",
                         Derivative(a.T * (X**2).T * X**2 * b, X), _eq92_rhs(2, corrected=True),
                         layout=DEN, expect="proved", source=src(92) + " with its first term transposed, power 2")
P93, p93 = MatrixSymbol("P", p, n), MatrixSymbol("p", p, 1)
R93, q93 = MatrixSymbol("R", q, n), MatrixSymbol("q", q, 1)
A93 = MatrixSymbol("A", p, q)
s93, r93 = P93 * x + p93, R93 * x + q93     # s(x) and r(x); [ds/dx] = P, [dr/dx] = R
eq93 = Claim("d/dx s^T A r = [ds/dx]^T A r + [dr/dx]^T A^T s", Derivative(s93.T * A93 * r93, x),
             P93.T * A93 * r93 + R93.T * A93.T * s93, layout=DEN, expect="proved",
             source=src(93) + " (s = P x + p, r = R x + q)")
A94 = MatrixSymbol("A", m, n)
B94 = MatrixSymbol("B", n, n)
num = dot(A94 * x, A94 * x)
den = dot(B94 * x, B94 * x)
RQ = [den > 0]
eq94 = Claim("d/dx (Ax)^T(Ax)/(Bx)^T(Bx) = d/dx x^T A^T A x / x^T B^T B x",
             Derivative(num / den, x), Derivative(Trace(x.T * A94.T * A94 * x) / Trace(x.T * B94.T * B94 * x), x),
             assume=RQ, layout=DEN, expect="proved", source=src(94))
# Erratum. Eq. 95 prints the first denominator as x^T B B x instead of x^T B^T B x. Hand check: n = 2,
# A = I, B = [[1, 1], [0, 1]], x = (0, 1): the gradient of x^T x / x^T B^T B x is (-1/2, 0), the printed
# right side is 2x/1 - 2*1*(1, 2)/4 = (-1/2, 1).
eq95_as_printed = Claim("d/dx x^T A^T A x / x^T B^T B x = 2 A^T A x/(x^T B B x) - 2 x^T A^T A x B^T B x/(x^T B^T B x)^2",
                        Derivative(num / den, x),
                        2 * A94.T * A94 * x / Trace(x.T * B94 * B94 * x) - 2 * num * B94.T * B94 * x / den**2,
                        assume=RQ + [Trace(x.T * B94 * B94 * x) > 0], layout=DEN, expect="refuted",
                        source=src(95) + " as printed")
eq95_corrected = Claim("d/dx x^T A^T A x / x^T B^T B x = 2 A^T A x/(x^T B^T B x) - 2 x^T A^T A x B^T B x/(x^T B^T B x)^2",
                       Derivative(num / den, x), 2 * A94.T * A94 * x / den - 2 * num * B94.T * B94 * x / den**2,
                       assume=RQ, layout=DEN, expect="proved", source=src(95) + " with B^T B in the first denominator")

# ---- 2.4.4 gradient and Hessian (eqs. 96–98) -----------------------------------------------------------
f96 = x.T * A * x + b.T * x
eq97 = Claim("grad (x^T A x + b^T x) = (A + A^T) x + b", Derivative(f96, x), (A + A.T) * x + b, layout=DEN,
             expect="proved", source=src(97) + " (f of eq. 96)")
eq98 = Claim("d2 (x^T A x + b^T x)/dx dx^T = A + A^T", Derivative(f96, x, 2), A + A.T, layout=DEN,
             expect="proved", source=src(98) + " (f of eq. 96)")

# ---- 2.5.1 traces, first order (eqs. 99–105) ----------------------------------------------------------
A_mn = MatrixSymbol("A", m, n)
A_pn = MatrixSymbol("A", p, n)
B_mp = MatrixSymbol("B", m, p)
A_pm = MatrixSymbol("A", p, m)
B_np = MatrixSymbol("B", n, p)
A_q = MatrixSymbol("A", q, q)
eq99 = Claim("d Tr(X)/dX = I", Derivative(Trace(X), X), In, layout=DEN, expect="proved", source=src(99))
eq100 = Claim("d Tr(XA)/dX = A^T", Derivative(Trace(Xr * A_mn), Xr), A_mn.T, layout=DEN, expect="proved",
              source=src(100))
eq101 = Claim("d Tr(AXB)/dX = A^T B^T", Derivative(Trace(A_pn * Xr * B_mp), Xr), A_pn.T * B_mp.T, layout=DEN,
              expect="proved", source=src(101))
eq102 = Claim("d Tr(A X^T B)/dX = B A", Derivative(Trace(A_pm * Xr.T * B_np), Xr), B_np * A_pm, layout=DEN,
              expect="proved", source=src(102))
eq103 = Claim("d Tr(X^T A)/dX = A", Derivative(Trace(Xr.T * A_nm), Xr), A_nm, layout=DEN, expect="proved",
              source=src(103))
eq104 = Claim("d Tr(A X^T)/dX = A", Derivative(Trace(A_nm * Xr.T), Xr), A_nm, layout=DEN, expect="proved",
              source=src(104))
eq105 = Claim("d Tr(A kron X)/dX = Tr(A) I", Derivative(Trace(KroneckerProduct(A_q, X)), X), Trace(A_q) * In,
              layout=DEN, expect="proved", source=src(105))

# ---- 2.5.2 traces, second order (eqs. 106–120) ---------------------------------------------------------
B_m = MatrixSymbol("B", m, m)
C_n = MatrixSymbol("C", n, n)
B_mq = MatrixSymbol("B", m, q)
C_m = MatrixSymbol("C", m, m)
eq106 = Claim("d Tr(X^2)/dX = 2 X^T", Derivative(Trace(X**2), X), 2 * X.T, layout=DEN, expect="proved",
              source=src(106))
eq107 = Claim("d Tr(X^2 B)/dX = (XB + BX)^T", Derivative(Trace(X**2 * B), X), (X * B + B * X).T, layout=DEN,
              expect="proved", source=src(107))
eq108 = Claim("d Tr(X^T B X)/dX = BX + B^T X", Derivative(Trace(Xr.T * B * Xr), Xr), B * Xr + B.T * Xr,
              layout=DEN, expect="proved", source=src(108))
eq109 = Claim("d Tr(B X X^T)/dX = BX + B^T X", Derivative(Trace(B * Xr * Xr.T), Xr), B * Xr + B.T * Xr,
              layout=DEN, expect="proved", source=src(109))
eq110 = Claim("d Tr(X X^T B)/dX = BX + B^T X", Derivative(Trace(Xr * Xr.T * B), Xr), B * Xr + B.T * Xr,
              layout=DEN, expect="proved", source=src(110))
eq111 = Claim("d Tr(X B X^T)/dX = X B^T + X B", Derivative(Trace(Xr * B_m * Xr.T), Xr), Xr * B_m.T + Xr * B_m,
              layout=DEN, expect="proved", source=src(111))
eq112 = Claim("d Tr(B X^T X)/dX = X B^T + X B", Derivative(Trace(B_m * Xr.T * Xr), Xr), Xr * B_m.T + Xr * B_m,
              layout=DEN, expect="proved", source=src(112))
eq113 = Claim("d Tr(X^T X B)/dX = X B^T + X B", Derivative(Trace(Xr.T * Xr * B_m), Xr), Xr * B_m.T + Xr * B_m,
              layout=DEN, expect="proved", source=src(113))
B114 = MatrixSymbol("B", m, n)
eq114 = Claim("d Tr(AXBX)/dX = A^T X^T B^T + B^T X^T A^T", Derivative(Trace(A_mn * Xr * B114 * Xr), Xr),
              A_mn.T * Xr.T * B114.T + B114.T * Xr.T * A_mn.T, layout=DEN, expect="proved", source=src(114))
eq115_a = Claim("d Tr(X^T X)/dX = 2X", Derivative(Trace(Xr.T * Xr), Xr), 2 * Xr, layout=DEN, expect="proved",
                source=src(115))
eq115_b = Claim("d Tr(X X^T)/dX = 2X", Derivative(Trace(Xr * Xr.T), Xr), 2 * Xr, layout=DEN, expect="proved",
                source=src(115))
eq116 = Claim("d Tr(B^T X^T C X B)/dX = C^T X B B^T + C X B B^T", Derivative(Trace(B_mq.T * Xr.T * C_n * Xr * B_mq), Xr),
              C_n.T * Xr * B_mq * B_mq.T + C_n * Xr * B_mq * B_mq.T, layout=DEN, expect="proved", source=src(116))
eq117 = Claim("d Tr(X^T B X C)/dX = B X C + B^T X C^T", Derivative(Trace(Xr.T * B * Xr * C_m), Xr),
              B * Xr * C_m + B.T * Xr * C_m.T, layout=DEN, expect="proved", source=src(117))
C118 = MatrixSymbol("C", n, p)
eq118 = Claim("d Tr(A X B X^T C)/dX = A^T C^T X B^T + C A X B", Derivative(Trace(A_pn * Xr * B_m * Xr.T * C118), Xr),
              A_pn.T * C118.T * Xr * B_m.T + C118 * A_pn * Xr * B_m, layout=DEN, expect="proved", source=src(118))
C119 = MatrixSymbol("C", p, p)
E119 = A_pn * Xr * B_mp + C119
eq119 = Claim("d Tr[(AXB + C)(AXB + C)^T]/dX = 2 A^T (AXB + C) B^T", Derivative(Trace(E119 * E119.T), Xr),
              2 * A_pn.T * E119 * B_mp.T, layout=DEN, expect="proved", source=src(119))
eq120_a = Claim("d Tr(X kron X)/dX = 2 Tr(X) I", Derivative(Trace(KroneckerProduct(X, X)), X), 2 * Trace(X) * In,
                layout=DEN, expect="proved", source=src(120))
eq120_b = Claim("d Tr(X) Tr(X)/dX = 2 Tr(X) I", Derivative(Trace(X) * Trace(X), X), 2 * Trace(X) * In,
                layout=DEN, expect="proved", source=src(120))

# ---- 2.5.3 traces, higher order (eqs. 121–123) --------------------------------------------------------
eq121 = Claim("d Tr(X^k)/dX = k (X^(k-1))^T", Derivative(Trace(X**k), X), k * (X**(k - 1)).T, layout=DEN,
              expect="proved", source=src(121) + " (k >= 1)")
eq122_2 = Claim("d Tr(A X^2)/dX = sum_{r=0}^{1} (X^r A X^(1-r))^T", Derivative(Trace(A * X**2), X),
                (A * X).T + (X * A).T, layout=DEN, expect="proved", source=src(122) + ", k = 2")
eq122_3 = Claim("d Tr(A X^3)/dX = sum_{r=0}^{2} (X^r A X^(2-r))^T", Derivative(Trace(A * X**3), X),
                (A * X**2).T + (X * A * X).T + (X**2 * A).T, layout=DEN, expect="proved", source=src(122) + ", k = 3")
K123 = Xr.T * C_n * Xr
eq123 = Claim("d Tr[B^T X^T C X X^T C X B]/dX = CXX^TCXBB^T + C^TXBB^TX^TC^TX + CXBB^TX^TCX + C^TXX^TC^TXBB^T",
              Derivative(Trace(B_mq.T * Xr.T * C_n * Xr * Xr.T * C_n * Xr * B_mq), Xr),
              C_n * Xr * Xr.T * C_n * Xr * B_mq * B_mq.T + C_n.T * Xr * B_mq * B_mq.T * Xr.T * C_n.T * Xr
              + C_n * Xr * B_mq * B_mq.T * Xr.T * C_n * Xr + C_n.T * Xr * Xr.T * C_n.T * Xr * B_mq * B_mq.T,
              layout=DEN, expect="proved", source=src(123))

# ---- 2.5.4 traces, other (eqs. 124–127) -----------------------------------------------------------------
eq124_a = Claim("d Tr(A X^-1 B)/dX = -(X^-1 B A X^-1)^T", Derivative(Trace(Am * X.I * Bm), X),
                -(X.I * Bm * Am * X.I).T, layout=DEN, expect="proved", source=src(124))
eq124_b = Claim("d Tr(A X^-1 B)/dX = -X^-T A^T B^T X^-T", Derivative(Trace(Am * X.I * Bm), X),
                -X.I.T * Am.T * Bm.T * X.I.T, layout=DEN, expect="proved", source=src(124) + ", second form")
Bs, Cs = MatrixSymbol("B", n, n), MatrixSymbol("C", n, n)
A_mm = MatrixSymbol("A", m, m)
N125 = Xr.T * Cs * Xr
SYM_BC = [Q.symmetric(Bs), Q.symmetric(Cs)]
eq125 = Claim("B, C sym: d Tr[(X^T C X)^-1 A]/dX = -(C X (X^T C X)^-1)(A + A^T)(X^T C X)^-1",
              Derivative(Trace(N125.I * A_mm), Xr), -(Cs * Xr * N125.I) * (A_mm + A_mm.T) * N125.I,
              assume=SYM_BC, layout=DEN, expect="proved", source=src(125))
eq126 = Claim("B, C sym: d Tr[(X^T C X)^-1 (X^T B X)]/dX = -2 C X (X^T C X)^-1 X^T B X (X^T C X)^-1 + 2 B X (X^T C X)^-1",
              Derivative(Trace(N125.I * (Xr.T * Bs * Xr)), Xr),
              -2 * Cs * Xr * N125.I * Xr.T * Bs * Xr * N125.I + 2 * Bs * Xr * N125.I,
              assume=SYM_BC, layout=DEN, expect="proved", source=src(126))
N127 = A_mm + Xr.T * Cs * Xr
rhs127 = -2 * Cs * Xr * N127.I * Xr.T * Bs * Xr * N127.I + 2 * Bs * Xr * N127.I
# Erratum (missing hypothesis). Eq. 127 assumes only B and C symmetric, but its right side is the gradient
# only when A + X^T C X is symmetric, i.e. when A is symmetric too: in general the gradient is
# -C X (P + P^T) + B X (N^-1 + N^-T) with N = A + X^T C X, P = N^-1 X^T B X N^-1. Counterexample in
# docs/cookbook.md (m = 2 is needed: for m = 1, N is 1×1).
eq127_as_printed = Claim("B, C sym: d Tr[(A + X^T C X)^-1 (X^T B X)]/dX = -2 C X N^-1 X^T B X N^-1 + 2 B X N^-1",
                         Derivative(Trace(N127.I * (Xr.T * Bs * Xr)), Xr), rhs127,
                         assume=SYM_BC, layout=DEN, expect="refuted", source=src(127) + " as printed")
eq127_sym_a = Claim("A, B, C sym: d Tr[(A + X^T C X)^-1 (X^T B X)]/dX = -2 C X N^-1 X^T B X N^-1 + 2 B X N^-1",
                    Derivative(Trace(N127.I * (Xr.T * Bs * Xr)), Xr), rhs127,
                    assume=SYM_BC + [Q.symmetric(A_mm)], layout=DEN, expect="proved",
                    source=src(127) + " with A symmetric as well")

# ---- 2.6 vector norms (eqs. 129–131), 2.7 Frobenius norm (eq. 132) -------------------------------------
NZ = [sqnorm(x - a) > 0]
eq129 = Claim("d ||x - a||_2/dx = (x - a)/||x - a||_2", Derivative(norm(x - a), x), (x - a) / norm(x - a),
              assume=NZ, layout=DEN, expect="proved", source=src(129))
eq130 = Claim("d/dx (x - a)/||x - a||_2 = I/||x - a||_2 - (x - a)(x - a)^T/||x - a||_2^3",
              Derivative((x - a) / norm(x - a), x), In / norm(x - a) - (x - a) * (x - a).T / norm(x - a)**3,
              assume=NZ, layout="numerator", expect="proved", source=src(130))
eq131_a = Claim("d ||x||_2^2/dx = 2x", Derivative(sqnorm(x), x), 2 * x, layout=DEN, expect="proved",
                source=src(131))
eq131_b = Claim("d ||x^T x||_2/dx = 2x", Derivative(norm(x.T * x), x), 2 * x, assume=[sqnorm(x) > 0], layout=DEN,
                expect="proved", source=src(131) + ", middle form")
eq132_a = Claim("d ||X||_F^2/dX = 2X", Derivative(sqnorm(Xr), Xr), 2 * Xr, layout=DEN, expect="proved",
                source=src(132))
eq132_b = Claim("d Tr(X X^H)/dX = 2X (real X)", Derivative(Trace(Xr * Xr.T), Xr), 2 * Xr, layout=DEN,
                expect="proved", source=src(132) + ", middle form for real X")
