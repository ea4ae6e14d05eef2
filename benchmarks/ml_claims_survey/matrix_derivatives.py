"""ML claims survey: matrix derivatives in both layouts (traces, quadratic forms, log det of SPD matrices).

Written fresh as a TA would state them (true claims and false twins, each `expect` checked by hand), to
measure what symcheck decides outside its own claims; results in benchmarks/suite_results.md."""
from sympy import Derivative, Determinant, Identity, MatrixSymbol, Q, Trace, exp, log, sqrt, symbols

from symcheck import Claim, sqnorm

n, m, d, k = symbols("n m d k", integer=True, positive=True)
lam = symbols("lambda", positive=True)
X = MatrixSymbol("X", n, d)
y = MatrixSymbol("y", n, 1)
w = MatrixSymbol("w", d, 1)
W = MatrixSymbol("W", n, n)
S = MatrixSymbol("S", n, n)          # a covariance
Z = MatrixSymbol("Z", n, n)          # a square variable
A = MatrixSymbol("A", n, n)
Rm = MatrixSymbol("R", m, n)         # rectangular variable
M = MatrixSymbol("M", n, m)
P = MatrixSymbol("P", k, n)
Bk = MatrixSymbol("B", m, k)
x = MatrixSymbol("x", n, 1)
t = MatrixSymbol("t", m, 1)
xd = MatrixSymbol("v", d, 1)
DEN, NUM = "denominator", "numerator"
SRC = "ML claims survey, matrix derivatives"
PD = [Q.positive_definite(S)]


def sig(v):
    return 1 / (1 + exp(-v))


mrg = Trace(w.T * xd)

claims = [
    Claim("W sym: d (y - Xw)^T W (y - Xw)/dw = -2 X^T W (y - Xw) (denominator)",
          Derivative((y - X * w).T * W * (y - X * w), w), -2 * X.T * W * (y - X * w),
          assume=[Q.symmetric(W)], layout=DEN, expect="proved", source=SRC),
    Claim("twin: same without W symmetric", Derivative((y - X * w).T * W * (y - X * w), w),
          -2 * X.T * W * (y - X * w), layout=DEN, expect="refuted", source=SRC),
    Claim("d tr(Z A Z^T)/dZ = Z (A + A^T) (denominator)", Derivative(Trace(Z * A * Z.T), Z), Z * (A + A.T),
          layout=DEN, expect="proved", source=SRC),
    Claim("twin: d tr(Z A Z^T)/dZ = 2 Z A", Derivative(Trace(Z * A * Z.T), Z), 2 * Z * A,
          layout=DEN, expect="refuted", source=SRC),
    Claim("d tr(Z^-1 A)/dZ = -Z^-T A^T Z^-T (denominator)", Derivative(Trace(Z.I * A), Z),
          -Z.I.T * A.T * Z.I.T, layout=DEN, expect="proved", source=SRC),
    Claim("d tr(Z^-1 A)/dZ = -Z^-1 A Z^-1 (numerator)", Derivative(Trace(Z.I * A), Z),
          -Z.I * A * Z.I, layout=NUM, expect="proved", source=SRC),
    Claim("twin: d tr(Z^-1 A)/dZ = -Z^-1 A Z^-1 (denominator)", Derivative(Trace(Z.I * A), Z),
          -Z.I * A * Z.I, layout=DEN, expect="refuted", source=SRC),
    Claim("S SPD: d log det S/dS = S^-1 (denominator)", Derivative(log(Determinant(S)), S), S.I,
          assume=PD, layout=DEN, expect="proved", source=SRC),
    Claim("S SPD: d log det(S^-1)/dS = -S^-1 (denominator)", Derivative(log(Determinant(S.I)), S), -S.I,
          assume=PD, layout=DEN, expect="proved", source=SRC),
    Claim("twin: S SPD: d log det(S^-1)/dS = S^-1", Derivative(log(Determinant(S.I)), S), S.I,
          assume=PD, layout=DEN, expect="refuted", source=SRC),
    Claim("S SPD: d [log det S + x^T S^-1 x]/dS = S^-1 - S^-1 x x^T S^-1 (denominator)",
          Derivative(log(Determinant(S)) + Trace(x.T * S.I * x), S), S.I - S.I * x * x.T * S.I,
          assume=PD, layout=DEN, expect="proved", source=SRC + " (Gaussian MLE for Sigma)"),
    Claim("twin: ... = S^-1 + S^-1 x x^T S^-1", Derivative(log(Determinant(S)) + Trace(x.T * S.I * x), S),
          S.I + S.I * x * x.T * S.I, assume=PD, layout=DEN, expect="refuted", source=SRC),
    Claim("d ||R x - t||^2/dR = 2 (R x - t) x^T (denominator)", Derivative(sqnorm(Rm * x - t), Rm),
          2 * (Rm * x - t) * x.T, layout=DEN, expect="proved", source=SRC),
    Claim("d ||R x - t||^2/dR = 2 x (R x - t)^T (numerator)", Derivative(sqnorm(Rm * x - t), Rm),
          2 * x * (Rm * x - t).T, layout=NUM, expect="proved", source=SRC),
    Claim("twin: d ||Z x - y||^2/dZ = 2 x (Z x - y)^T (denominator)", Derivative(sqnorm(Z * x - y), Z),
          2 * x * (Z * x - y).T, layout=DEN, expect="refuted", source=SRC),
    Claim("Hessian of ||X w - y||^2 + lam ||w||^2 = 2(X^T X + lam I)",
          Derivative(sqnorm(X * w - y) + lam * sqnorm(w), w, 2), 2 * (X.T * X + lam * Identity(d)),
          layout=DEN, expect="proved", source=SRC),
    Claim("twin: Hessian = 2 X^T X + lam I", Derivative(sqnorm(X * w - y) + lam * sqnorm(w), w, 2),
          2 * X.T * X + lam * Identity(d), layout=DEN, expect="refuted", source=SRC),
    Claim("grad_w log(1 + exp(w^T v)) = sigma(w^T v) v (denominator)", Derivative(log(1 + exp(mrg)), w),
          sig(mrg) * xd, layout=DEN, expect="proved", source=SRC),
    Claim("twin: grad_w log(1 + exp(w^T v)) = sigma(-w^T v) v", Derivative(log(1 + exp(mrg)), w),
          sig(-mrg) * xd, layout=DEN, expect="refuted", source=SRC),
    Claim("d tr(P R^T B)/dR = B P (denominator)", Derivative(Trace(P * Rm.T * Bk), Rm), Bk * P,
          layout=DEN, expect="proved", source=SRC),
    Claim("d ||x|| /dx = x^T/||x|| (numerator)", Derivative(sqrt(sqnorm(x)), x), x.T / sqrt(sqnorm(x)),
          layout=NUM, expect="proved", source=SRC),
    Claim("twin: d ||x|| /dx = x^T/||x||^2", Derivative(sqrt(sqnorm(x)), x), x.T / sqnorm(x),
          layout=NUM, expect="refuted", source=SRC),
    Claim("Z invertible: d det Z/dZ = det(Z) Z^-T (denominator)", Derivative(Determinant(Z), Z),
          Determinant(Z) * Z.I.T, assume=[Q.invertible(Z)], layout=DEN, expect="proved", source=SRC),
    Claim("d ||Z - A||_F^2/dZ = 2 (Z - A)", Derivative(sqnorm(Z - A), Z), 2 * (Z - A), layout=DEN,
          expect="proved", source=SRC),
]
