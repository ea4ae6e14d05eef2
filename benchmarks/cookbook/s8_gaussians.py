"""The Matrix Cookbook (Petersen & Pedersen, version of November 15, 2012), §8 Gaussians (real, exact parts).

x ~ N(m, Σ) with Σ symmetric positive definite is written x = m + L ε with
ε ~ N(0, I) and Σ = L Lᵀ (L invertible): `expectation(f, eps, 1)` (docs/constructs.md)
is then E[f(x)], exactly. Every Σ > 0 has such an L and every invertible L gives a
Σ > 0, and the moment identities are polynomial in Σ, so this is the cookbook's
statement for every Gaussian. Joint Gaussians x, y share one ε (x = m_x + P ε,
y = m_y + R ε, Cov[x, y] = P Rᵀ); independent ones use two ε's (nested expectations).

Distributional statements are transcribed through what determines a Gaussian: its
mean and covariance (355, 386–387), or an exact identity of log-densities
(351/353: p(x) = p(x_a | x_b) p(x_b)). In the 2012 printing the quartic forms of
§8.2.4, the squared forms of §8.1.6 and the normalisation integrals carry no number;
their claims cite the subsection. Eqs. 365–370 (trace form of the sum of two squared
forms) are one display.

Left out (see docs/cookbook.md): the integrals of §8.1.1 (integrals over ℝⁿ),
349/352 (partition notation), 388 beyond its first two moments (a distribution),
390 (definition of a mixture density).
"""
from sympy import (BlockMatrix, Derivative, Determinant, Eq, Identity, MatrixSymbol, Q, Rational, Trace, ZeroMatrix,
                   exp, log, pi, sqrt, symbols)

from symcheck import Claim, dot, expectation

n, d, k = symbols("n d k", integer=True, positive=True)
sigma = symbols("sigma", positive=True)
rho1, rho2 = symbols("rho_1 rho_2", positive=True)

eps = MatrixSymbol("epsilon", n, 1)
eps2 = MatrixSymbol("eta", n, 1)
L = MatrixSymbol("L", n, n)
m = MatrixSymbol("m", n, 1)
Sigma = L * L.T
x = m + L * eps
In = Identity(n)
DEN = "denominator"
GAUSS = [Q.invertible(L)]


def E(f):
    return expectation(f, eps, 1)


def src(eq):
    return f"Matrix Cookbook (2012) eq. {eq}"


def sec(s):
    return f"Matrix Cookbook (2012) §{s}"


def log_density(z, mean, S):
    """ln N(z; mean, S) = -1/2 (z - mean)^T S^-1 (z - mean) - 1/2 ln det(2 pi S)."""
    r = z - mean
    return -Rational(1, 2) * Trace(r.T * S.I * r) - Rational(1, 2) * log(Determinant(2 * pi * S))


def density(z, mean, S):
    r = z - mean
    return exp(-Rational(1, 2) * Trace(r.T * S.I * r)) / sqrt(Determinant(2 * pi * S))


# ---- 8.1.1 density (eqs. 346–348) --------------------------------------------------------------------------
S = MatrixSymbol("Sigma", n, n)
xv = MatrixSymbol("x", n, 1)
SPD = [Q.symmetric(S), Q.positive_definite(S)]
pdf = density(xv, m, S)
det_2pi = Claim("det(2 pi Sigma) = (2 pi)^d det(Sigma)", Determinant(2 * pi * S), (2 * pi)**n * Determinant(S),
                assume=SPD, expect="proved", source=sec("8.1.1") + " (note after eq. 346)")
eq347 = Claim("d p(x)/dx = -p(x) Sigma^-1 (x - m)", Derivative(pdf, xv), -pdf * S.I * (xv - m), assume=SPD,
              layout=DEN, expect="proved", source=src(347))
eq348 = Claim("d2 p/dx dx^T = p(x) (Sigma^-1 (x-m)(x-m)^T Sigma^-1 - Sigma^-1)", Derivative(pdf, xv, 2),
              pdf * (S.I * (xv - m) * (xv - m).T * S.I - S.I), assume=SPD, layout=DEN, expect="proved",
              source=src(348))

# ---- 8.1.2–8.1.3 marginal and conditional (eqs. 350–354): p(x) = p(x_a | x_b) p(x_b) -------------------------
p_, q_ = symbols("p q", integer=True, positive=True)
xa, xb = MatrixSymbol("x_a", p_, 1), MatrixSymbol("x_b", q_, 1)
mua, mub = MatrixSymbol("mu_a", p_, 1), MatrixSymbol("mu_b", q_, 1)
Sa, Sb, Sc = MatrixSymbol("Sigma_a", p_, p_), MatrixSymbol("Sigma_b", q_, q_), MatrixSymbol("Sigma_c", p_, q_)
Sblk = BlockMatrix([[Sa, Sc], [Sc.T, Sb]])
xblk, mublk = BlockMatrix([[xa], [xb]]), BlockMatrix([[mua], [mub]])
JOINT = [Q.symmetric(Sa), Q.symmetric(Sb), Q.positive_definite(Sblk)]
mu_a_hat = mua + Sc * Sb.I * (xb - mub)
S_a_hat = Sa - Sc * Sb.I * Sc.T
mu_b_hat = mub + Sc.T * Sa.I * (xa - mua)
S_b_hat = Sb - Sc.T * Sa.I * Sc
eq353 = Claim("ln N(x; mu, Sigma) = ln N(x_a; mu_a_hat, Sigma_a_hat) + ln N(x_b; mu_b, Sigma_b)",
              log_density(xblk, mublk, Sblk), log_density(xa, mu_a_hat, S_a_hat) + log_density(xb, mub, Sb),
              assume=JOINT, expect="proved", source="Matrix Cookbook (2012) eqs. 351 and 353")
eq354 = Claim("ln N(x; mu, Sigma) = ln N(x_b; mu_b_hat, Sigma_b_hat) + ln N(x_a; mu_a, Sigma_a)",
              log_density(xblk, mublk, Sblk), log_density(xb, mu_b_hat, S_b_hat) + log_density(xa, mua, Sa),
              assume=JOINT, expect="proved", source="Matrix Cookbook (2012) eqs. 350 and 354")

# ---- 8.1.4 linear combination (eq. 355) ---------------------------------------------------------------------------
Lx, Ly = MatrixSymbol("L_x", n, n), MatrixSymbol("L_y", k, k)
mx, my = MatrixSymbol("m_x", n, 1), MatrixSymbol("m_y", k, 1)
ex, ey = MatrixSymbol("epsilon", n, 1), MatrixSymbol("eta", k, 1)
Ad, Bd, cd = MatrixSymbol("A", d, n), MatrixSymbol("B", d, k), MatrixSymbol("c", d, 1)
xi, yi = mx + Lx * ex, my + Ly * ey
zc = Ad * xi + Bd * yi + cd
mean_z = Ad * mx + Bd * my + cd


def E2(f):
    """E over independent x = m_x + L_x eps and y = m_y + L_y eta."""
    return expectation(expectation(f, ey, 1), ex, 1)


eq355_mean = Claim("x, y independent: E[Ax + By + c] = A m_x + B m_y + c", E2(zc), mean_z,
                   expect="proved", source=src(355) + " (mean)")
eq355_cov = Claim("x, y independent: Cov[Ax + By + c] = A Sigma_x A^T + B Sigma_y B^T",
                  E2((zc - mean_z) * (zc - mean_z).T), Ad * Lx * Lx.T * Ad.T + Bd * Ly * Ly.T * Bd.T,
                  expect="proved", source=src(355) + " (covariance)")
# Eq. 355 does not say x and y are independent; without it the covariance is wrong. With y = x
# (n = k, m_y = m_x, Sigma_y = Sigma_x): Cov[(A + B) x] = (A + B) Sigma (A + B)^T, not A Sigma A^T + B Sigma B^T.
Bn = MatrixSymbol("B", d, n)
z_dep = Ad * x + Bn * x + cd
eq355_dependent = Claim("y = x (not independent): Cov[Ax + By + c] = A Sigma A^T + B Sigma B^T",
                        E((z_dep - (Ad * m + Bn * m + cd)) * (z_dep - (Ad * m + Bn * m + cd)).T),
                        Ad * Sigma * Ad.T + Bn * Sigma * Bn.T, assume=GAUSS, expect="refuted",
                        source=src(355) + " without independence")

# ---- 8.1.5 rearranging means (eqs. 356–357) ------------------------------------------------------------------------
A = MatrixSymbol("A", n, n)
G = A.T * S.I * A
eq356 = Claim("N_Ax[m, Sigma] = sqrt(det(2 pi (A^T Sigma^-1 A)^-1))/sqrt(det(2 pi Sigma)) N_x[A^-1 m, (A^T Sigma^-1 A)^-1]",
              density(A * xv, m, S),
              sqrt(Determinant(2 * pi * G.I)) / sqrt(Determinant(2 * pi * S)) * density(xv, A.I * m, G.I),
              assume=SPD, expect="proved", source=src(356) + " (A square, invertible)")
eq357 = Claim("N_Ax[m, Sigma] = 1/|det(A)| N_x[A^-1 m, (A^T Sigma^-1 A)^-1]", density(A * xv, m, S),
              1 / abs(Determinant(A)) * density(xv, A.I * m, G.I), assume=SPD, expect="proved", source=src(357))

# ---- 8.1.6 rearranging into squared form (unnumbered) ---------------------------------------------------------------
b = MatrixSymbol("b", n, 1)
Xm = MatrixSymbol("X", n, d)
Bm = MatrixSymbol("B", n, d)
squared_form_vector = Claim(
    "A sym: -1/2 x^T A x + b^T x = -1/2 (x - A^-1 b)^T A (x - A^-1 b) + 1/2 b^T A^-1 b",
    -Rational(1, 2) * Trace(xv.T * A * xv) + dot(b, xv),
    -Rational(1, 2) * Trace((xv - A.I * b).T * A * (xv - A.I * b)) + Rational(1, 2) * Trace(b.T * A.I * b),
    assume=[Q.symmetric(A)], expect="proved", source=sec("8.1.6") + " (vector form)")
squared_form_trace = Claim(
    "A sym: -1/2 Tr(X^T A X) + Tr(B^T X) = -1/2 Tr[(X - A^-1 B)^T A (X - A^-1 B)] + 1/2 Tr(B^T A^-1 B)",
    -Rational(1, 2) * Trace(Xm.T * A * Xm) + Trace(Bm.T * Xm),
    -Rational(1, 2) * Trace((Xm - A.I * Bm).T * A * (Xm - A.I * Bm)) + Rational(1, 2) * Trace(Bm.T * A.I * Bm),
    assume=[Q.symmetric(A)], expect="proved", source=sec("8.1.6") + " (trace form)")

# ---- 8.1.7 sum of two squared forms (eqs. 358–370) ----------------------------------------------------------------------
S1, S2 = MatrixSymbol("Sigma_1", n, n), MatrixSymbol("Sigma_2", n, n)
m1, m2 = MatrixSymbol("m_1", n, 1), MatrixSymbol("m_2", n, 1)
SYM12 = [Q.symmetric(S1), Q.symmetric(S2)]
Sc_inv = S1.I + S2.I                                           # eq. 361
mc = Sc_inv.I * (S1.I * m1 + S2.I * m2)                        # eq. 362
Cc = (Rational(1, 2) * Trace((m1.T * S1.I + m2.T * S2.I) * Sc_inv.I * (S1.I * m1 + S2.I * m2))
      - Rational(1, 2) * Trace(m1.T * S1.I * m1 + m2.T * S2.I * m2))      # eqs. 363–364
eq358_364 = Claim(
    "-1/2 (x-m1)^T S1^-1 (x-m1) - 1/2 (x-m2)^T S2^-1 (x-m2) = -1/2 (x-mc)^T Sc^-1 (x-mc) + C",
    -Rational(1, 2) * Trace((xv - m1).T * S1.I * (xv - m1)) - Rational(1, 2) * Trace((xv - m2).T * S2.I * (xv - m2)),
    -Rational(1, 2) * Trace((xv - mc).T * Sc_inv * (xv - mc)) + Cc,
    assume=SYM12, expect="proved", source="Matrix Cookbook (2012) eqs. 358-364")
M1, M2 = MatrixSymbol("M_1", n, d), MatrixSymbol("M_2", n, d)
Mc = Sc_inv.I * (S1.I * M1 + S2.I * M2)
Ct = (Rational(1, 2) * Trace((S1.I * M1 + S2.I * M2).T * Sc_inv.I * (S1.I * M1 + S2.I * M2))
      - Rational(1, 2) * Trace(M1.T * S1.I * M1 + M2.T * S2.I * M2))
eq365_370 = Claim(
    "-1/2 Tr((X-M1)^T S1^-1 (X-M1)) - 1/2 Tr((X-M2)^T S2^-1 (X-M2)) = -1/2 Tr[(X-Mc)^T Sc^-1 (X-Mc)] + C",
    -Rational(1, 2) * Trace((Xm - M1).T * S1.I * (Xm - M1)) - Rational(1, 2) * Trace((Xm - M2).T * S2.I * (Xm - M2)),
    -Rational(1, 2) * Trace((Xm - Mc).T * Sc_inv * (Xm - Mc)) + Ct,
    assume=SYM12, expect="proved", source="Matrix Cookbook (2012) eqs. 365-370")

# ---- 8.1.8 product of Gaussian densities (eq. 371) -----------------------------------------------------------------------
PD12 = SYM12 + [Q.positive_definite(S1), Q.positive_definite(S2)]
eq371 = Claim("N_x(m1, S1) N_x(m2, S2) = c_c N_x(mc, Sc), c_c = N_m1(m2, S1 + S2)",
              density(xv, m1, S1) * density(xv, m2, S2),
              density(m1, m2, S1 + S2) * density(xv, mc, Sc_inv.I),
              assume=PD12, expect="proved", source=src(371))

# ---- 8.2.1 mean and covariance of linear forms (eqs. 372–376) ---------------------------------------------------------------
eq372 = Claim("E(x) = m", E(x), m, assume=GAUSS, expect="proved", source=src(372))
eq373_a = Claim("Cov(x, x) = E[(x - m)(x - m)^T] = Sigma", E((x - m) * (x - m).T), Sigma, assume=GAUSS,
                expect="proved", source=src(373))
eq373_b = Claim("Sigma = E(x x^T) - m m^T", Sigma, E(x * x.T) - m * m.T, assume=GAUSS, expect="proved", source=src(373))
Apn = MatrixSymbol("A", d, n)
eq374 = Claim("E[Ax] = A E[x]", E(Apn * x), Apn * E(x), assume=GAUSS, expect="proved", source=src(374))
eq375 = Claim("Var[Ax] = A Var[x] A^T", E((Apn * x - Apn * m) * (Apn * x - Apn * m).T), Apn * Sigma * Apn.T,
              assume=GAUSS, expect="proved", source=src(375))
Pj, Rj = MatrixSymbol("P", n, n), MatrixSymbol("R", k, n)
myj = MatrixSymbol("m_y", k, 1)
xj, yj = m + Pj * eps, myj + Rj * eps              # jointly Gaussian, Cov[x, y] = P R^T
Bkn = MatrixSymbol("B", d, k)
eq376 = Claim("Cov[Ax, By] = A Cov[x, y] B^T", E((Apn * xj - Apn * m) * (Bkn * yj - Bkn * myj).T),
              Apn * Pj * Rj.T * Bkn.T, expect="proved", source=src(376) + " (x, y jointly Gaussian)")

# ---- 8.2.2 mean and variance of square forms (eqs. 377–382) ---------------------------------------------------------------------
An = MatrixSymbol("A", n, n)
Bn_ = MatrixSymbol("B", n, n)
mp = MatrixSymbol("m'", n, 1)
qA = Trace(x.T * An * x)
eq377 = Claim("E(x x^T) = Sigma + m m^T", E(x * x.T), Sigma + m * m.T, assume=GAUSS, expect="proved", source=src(377))
eq378 = Claim("E[x^T A x] = Tr(A Sigma) + m^T A m", E(qA), Trace(An * Sigma) + Trace(m.T * An * m), assume=GAUSS,
              expect="proved", source=src(378))
eq379 = Claim("Var(x^T A x) = Tr[A Sigma (A + A^T) Sigma] + m^T (A + A^T) Sigma (A + A^T) m",
              E(qA**2) - E(qA)**2,
              Trace(An * Sigma * (An + An.T) * Sigma) + Trace(m.T * (An + An.T) * Sigma * (An + An.T) * m),
              assume=GAUSS, expect="proved", source=src(379))
eq380 = Claim("E[(x - m')^T A (x - m')] = (m - m')^T A (m - m') + Tr(A Sigma)",
              E(Trace((x - mp).T * An * (x - mp))), Trace((m - mp).T * An * (m - mp)) + Trace(An * Sigma),
              assume=GAUSS, expect="proved", source=src(380))
xs = m + eps                                              # x ~ N(m, sigma^2 I)


def Es(f):
    return expectation(f, eps, sigma)


qs = Trace(xs.T * An * xs)
eq381 = Claim("Sigma = s^2 I, A sym: Var(x^T A x) = 2 s^4 Tr(A^2) + 4 s^2 m^T A^2 m", Es(qs**2) - Es(qs)**2,
              2 * sigma**4 * Trace(An * An) + 4 * sigma**2 * Trace(m.T * An * An * m), assume=[Q.symmetric(An)],
              expect="proved", source=src(381))
q0A, q0B = Trace(eps.T * An * eps), Trace(eps.T * Bn_ * eps)
eq382 = Claim("x ~ N(0, s^2 I), A, B sym: Cov(x^T A x, x^T B x) = 2 s^4 Tr(AB)", Es(q0A * q0B) - Es(q0A) * Es(q0B),
              2 * sigma**4 * Trace(An * Bn_), assume=[Q.symmetric(An), Q.symmetric(Bn_)], expect="proved",
              source=src(382))

# ---- 8.2.3 cubic forms (eq. 383) ------------------------------------------------------------------------------------------------
bv = MatrixSymbol("b", n, 1)
M_ = Sigma
eq383 = Claim("E[x b^T x x^T] = m b^T (M + m m^T) + (M + m m^T) b m^T + b^T m (M - m m^T)",
              E(x * bv.T * x * x.T),
              m * bv.T * (M_ + m * m.T) + (M_ + m * m.T) * bv * m.T + dot(bv, m) * (M_ - m * m.T),
              assume=GAUSS, expect="proved", source=src(383) + " (x Gaussian, covariance M)")

# ---- 8.2.4 mean of quartic forms (unnumbered) -------------------------------------------------------------------------------------
Smm = Sigma + m * m.T
quartic_xxxx = Claim("E[x x^T x x^T] = 2 (Sigma + m m^T)^2 + m^T m (Sigma - m m^T) + Tr(Sigma)(Sigma + m m^T)",
                     E(x * x.T * x * x.T), 2 * Smm * Smm + dot(m, m) * (Sigma - m * m.T) + Trace(Sigma) * Smm,
                     assume=GAUSS, expect="proved", source=sec("8.2.4"))
quartic_xxAxx = Claim(
    "E[x x^T A x x^T] = (Sigma + m m^T)(A + A^T)(Sigma + m m^T) + m^T A m (Sigma - m m^T) + Tr[A Sigma](Sigma + m m^T)",
    E(x * x.T * An * x * x.T),
    Smm * (An + An.T) * Smm + Trace(m.T * An * m) * (Sigma - m * m.T) + Trace(An * Sigma) * Smm,
    assume=GAUSS, expect="proved", source=sec("8.2.4"))
quartic_xTxxTx = Claim("E[x^T x x^T x] = 2 Tr(Sigma^2) + 4 m^T Sigma m + (Tr(Sigma) + m^T m)^2",
                       E(dot(x, x)**2), 2 * Trace(Sigma * Sigma) + 4 * Trace(m.T * Sigma * m) + (Trace(Sigma) + dot(m, m))**2,
                       assume=GAUSS, expect="proved", source=sec("8.2.4"))
quartic_xAxxBx = Claim(
    "E[x^T A x x^T B x] = Tr[A Sigma (B + B^T) Sigma] + m^T (A + A^T) Sigma (B + B^T) m + (Tr(A Sigma) + m^T A m)(Tr(B Sigma) + m^T B m)",
    E(Trace(x.T * An * x) * Trace(x.T * Bn_ * x)),
    Trace(An * Sigma * (Bn_ + Bn_.T) * Sigma) + Trace(m.T * (An + An.T) * Sigma * (Bn_ + Bn_.T) * m)
    + (Trace(An * Sigma) + Trace(m.T * An * m)) * (Trace(Bn_ * Sigma) + Trace(m.T * Bn_ * m)),
    assume=GAUSS, expect="proved", source=sec("8.2.4"))
a4, b4, c4, d4 = (MatrixSymbol(s_, n, 1) for s_ in ("a", "b", "c", "d"))
quartic_abcd = Claim(
    "E[a^T x b^T x c^T x d^T x] = (a^T S b)(c^T S d) + (a^T S c)(b^T S d) + (a^T S d)(b^T S c) - 2 a^T m b^T m c^T m d^T m",
    E(dot(a4, x) * dot(b4, x) * dot(c4, x) * dot(d4, x)),
    Trace(a4.T * Smm * b4) * Trace(c4.T * Smm * d4) + Trace(a4.T * Smm * c4) * Trace(b4.T * Smm * d4)
    + Trace(a4.T * Smm * d4) * Trace(b4.T * Smm * c4) - 2 * dot(a4, m) * dot(b4, m) * dot(c4, m) * dot(d4, m),
    assume=GAUSS, expect="proved", source=sec("8.2.4") + " (S = Sigma + m m^T)")
Aq, Bq, Cq, Dq = (MatrixSymbol(s_, d, n) for s_ in ("A", "B", "C", "D"))
aq, bq, cq, dq = (MatrixSymbol(s_, d, 1) for s_ in ("a", "b", "c", "d"))
ua, ub, uc, ud = Aq * m + aq, Bq * m + bq, Cq * m + cq, Dq * m + dq
quartic_outer = Claim(
    "E[(Ax+a)(Bx+b)^T (Cx+c)(Dx+d)^T] (four-term formula)",
    E((Aq * x + aq) * (Bq * x + bq).T * (Cq * x + cq) * (Dq * x + dq).T),
    (Aq * Sigma * Bq.T + ua * ub.T) * (Cq * Sigma * Dq.T + uc * ud.T)
    + (Aq * Sigma * Cq.T + ua * uc.T) * (Bq * Sigma * Dq.T + ub * ud.T)
    + dot(ub, uc) * (Aq * Sigma * Dq.T - ua * ud.T)
    + Trace(Bq * Sigma * Cq.T) * (Aq * Sigma * Dq.T + ua * ud.T),
    assume=GAUSS, expect="proved", source=sec("8.2.4"))
quartic_inner = Claim(
    "E[(Ax+a)^T (Bx+b)(Cx+c)^T (Dx+d)] (three-term formula)",
    E(dot(Aq * x + aq, Bq * x + bq) * dot(Cq * x + cq, Dq * x + dq)),
    Trace(Aq * Sigma * (Cq.T * Dq + Dq.T * Cq) * Sigma * Bq.T)
    + Trace((ua.T * Bq + ub.T * Aq) * Sigma * (Cq.T * ud + Dq.T * uc))
    + (Trace(Aq * Sigma * Bq.T) + dot(ua, ub)) * (Trace(Cq * Sigma * Dq.T) + dot(uc, ud)),
    assume=GAUSS, expect="proved", source=sec("8.2.4"))

# ---- 8.2.5 moments of a mixture (eqs. 384–385), two components -------------------------------------------------------------------
Sk1, Sk2 = MatrixSymbol("Sigma_1", n, n), MatrixSymbol("Sigma_2", n, n)
mk1, mk2 = MatrixSymbol("m_1", n, 1), MatrixSymbol("m_2", n, 1)
MIX = [Eq(rho1 + rho2, 1), Q.symmetric(Sk1), Q.symmetric(Sk2)]
mix_mean = rho1 * mk1 + rho2 * mk2                                         # eq. 384: E[x] = sum_k rho_k m_k
mix_second = rho1 * (Sk1 + mk1 * mk1.T) + rho2 * (Sk2 + mk2 * mk2.T)     # E[x x^T] of the mixture
pairs = [(rho1, Sk1, mk1), (rho2, Sk2, mk2)]
mix_cov_rhs = None
for ra, Sa_, ma_ in pairs:
    for rb, _, mb_ in pairs:
        term = ra * rb * (Sa_ + ma_ * ma_.T - ma_ * mb_.T)
        mix_cov_rhs = term if mix_cov_rhs is None else mix_cov_rhs + term
eq385 = Claim("mixture: Cov(x) = sum_kk' rho_k rho_k' (Sigma_k + m_k m_k^T - m_k m_k'^T)  (K = 2)",
              mix_second - mix_mean * mix_mean.T, mix_cov_rhs, assume=MIX, expect="proved",
              source=src(385) + " with K = 2, E[x x^T] = sum_k rho_k (Sigma_k + m_k m_k^T)")

# ---- 8.3 miscellaneous (eqs. 386–389) ------------------------------------------------------------------------------------------------
Sh = MatrixSymbol("S", n, n)                      # Sigma^(1/2): symmetric, S S = Sigma
xw = m + Sh * eps                                 # x ~ N(m, S S)
zw = Sh.I * (xw - m)
WHITE = [Q.symmetric(Sh), Q.positive_definite(Sh)]
eq386_mean = Claim("whitening: E[Sigma^-1/2 (x - m)] = 0", E(zw), ZeroMatrix(n, 1), assume=WHITE, expect="proved",
                   source=src(386) + " (mean)")
eq386_cov = Claim("whitening: Cov[Sigma^-1/2 (x - m)] = I", E(zw * zw.T), In, assume=WHITE, expect="proved",
                  source=src(386) + " (covariance)")
eq387_mean = Claim("x = Sigma^1/2 z + m: E[x] = m", E(Sh * eps + m), m, assume=WHITE, expect="proved",
                   source=src(387) + " (mean)")
eq387_cov = Claim("x = Sigma^1/2 z + m: Cov[x] = Sigma", E(Sh * eps * (Sh * eps).T), Sh * Sh, assume=WHITE,
                  expect="proved", source=src(387) + " (covariance)")
chi = Trace((x - m).T * Sigma.I * (x - m))
eq388_mean = Claim("(x - m)^T Sigma^-1 (x - m) ~ chi2_n: mean n", E(chi), n, assume=GAUSS, expect="proved",
                   source=src(388) + " (first moment of chi2_n)")
eq388_var = Claim("(x - m)^T Sigma^-1 (x - m) ~ chi2_n: variance 2n", E(chi**2) - E(chi)**2, 2 * n, assume=GAUSS,
                  expect="proved", source=src(388) + " (variance of chi2_n)")
eq389 = Claim("entropy: -E[ln N(x; m, Sigma)] = ln sqrt(det(2 pi Sigma)) + D/2", -E(log_density(x, m, Sigma)),
              log(sqrt(Determinant(2 * pi * Sigma))) + n / 2, assume=GAUSS, expect="proved", source=src(389))

# ---- 8.4.2 derivatives of a mixture's log-density (eqs. 391–395), two components ---------------------------------------------------
sv = MatrixSymbol("s", n, 1)
mu1, mu2 = MatrixSymbol("mu_1", n, 1), MatrixSymbol("mu_2", n, 1)
N1, N2 = density(sv, mu1, Sk1), density(sv, mu2, Sk2)
pmix = rho1 * N1 + rho2 * N2
MIXD = [Q.symmetric(Sk1), Q.positive_definite(Sk1), Q.symmetric(Sk2), Q.positive_definite(Sk2)]
resp = rho1 * N1 / pmix
eq391_392 = Claim("d ln p(s)/d rho_j = rho_j N_j / sum_k rho_k N_k * 1/rho_j  (K = 2)", Derivative(log(pmix), rho1),
                  resp / rho1, assume=MIXD, expect="proved", source="Matrix Cookbook (2012) eqs. 391-392, K = 2")
eq393 = Claim("d ln p(s)/d mu_j = rho_j N_j / sum_k rho_k N_k * Sigma_j^-1 (s - mu_j)  (K = 2)",
              Derivative(log(pmix), mu1), resp * Sk1.I * (sv - mu1), assume=MIXD, layout=DEN, expect="proved",
              source="Matrix Cookbook (2012) eq. 393, K = 2")
eq394_395 = Claim(
    "d ln p(s)/d Sigma_j = rho_j N_j / sum_k rho_k N_k * 1/2 [-Sigma_j^-1 + Sigma_j^-1 (s - mu_j)(s - mu_j)^T Sigma_j^-1]",
    Derivative(log(pmix), Sk1),
    resp * Rational(1, 2) * (-Sk1.I + Sk1.I * (sv - mu1) * (sv - mu1).T * Sk1.I),
    assume=MIXD, layout=DEN, expect="proved",
    source="Matrix Cookbook (2012) eqs. 394-395, K = 2 (unstructured derivative at a symmetric Sigma_j)")
