"""Derivatives with respect to a matrix, Jacobi's formula, and Hessians in both layouts (issue 13 items 2–4).

Layouts (docs/constructs.md): the derivative of a scalar f by an r×s matrix X is r×s with
entries ∂f/∂Xᵢⱼ in `layout="denominator"` (the Matrix Cookbook's ∂f/∂X, the shape of X) and
its transpose in `layout="numerator"`. Every identity is stated in both; each has a mutated
twin (the layouts swapped, a transpose dropped, a factor changed) that must be refuted.

Jacobi's formula d det X = det X·tr(X⁻¹dX) is used only where the claim shows X invertible
(it inverts X, assumes so, or takes log det X). The determinant forms leave det X in the
obligation: they need the determinant as a scalar atom of the matrix prover and are listed in
KNOWN_GAPS.txt; the log-det forms cancel it and are proved.

Second derivatives of a scalar by a column are the Hessian in both layouts: in numerator
layout the row gradient is differentiated as the column it transposes.
"""
from sympy import Abs, Derivative, Determinant, MatrixSymbol, Q, Trace, log, symbols

from symcheck import Claim, sqnorm

n, m, p, k = symbols("n m p k", integer=True, positive=True)
X = MatrixSymbol("X", n, n)
Xr = MatrixSymbol("X", n, m)
A, B = MatrixSymbol("A", p, n), MatrixSymbol("B", m, p)
S = MatrixSymbol("S", n, n)
C, D = MatrixSymbol("C", n, n), MatrixSymbol("D", n, n)
a, b = MatrixSymbol("a", n, 1), MatrixSymbol("b", m, 1)
c = MatrixSymbol("c", n, 1)
x = MatrixSymbol("x", n, 1)
M = MatrixSymbol("M", m, n)
y = MatrixSymbol("y", m, 1)
DEN, NUM = "denominator", "numerator"
SRC = "issue 13 item 3 (Matrix Cookbook §2, eq."
POS = [Determinant(X) > 0]

# ---- traces -------------------------------------------------------------------------------------------
tr_AXB = [
    Claim("d tr(AXB)/dX = A^T B^T (denominator)", Derivative(Trace(A * Xr * B), Xr), A.T * B.T, layout=DEN,
          expect="proved", source=f"{SRC} 101)"),
    Claim("d tr(AXB)/dX = B A (numerator)", Derivative(Trace(A * Xr * B), Xr), B * A, layout=NUM,
          expect="proved", source=f"{SRC} 101), numerator layout"),
    Claim("twin: d tr(CXD)/dX = C^T D^T in numerator layout (C, D, X square)", Derivative(Trace(C * X * D), X),
          C.T * D.T, layout=NUM, expect="refuted", source=f"{SRC} 101), layouts swapped"),
]
tr_XtSX = [
    Claim("d tr(X^T S X)/dX = (S + S^T) X (denominator)", Derivative(Trace(Xr.T * S * Xr), Xr), (S + S.T) * Xr,
          layout=DEN, expect="proved", source=f"{SRC} 108)"),
    Claim("d tr(X^T S X)/dX = X^T (S + S^T) (numerator)", Derivative(Trace(Xr.T * S * Xr), Xr), Xr.T * (S + S.T),
          layout=NUM, expect="proved", source=f"{SRC} 108), numerator layout"),
    Claim("twin: d tr(X^T S X)/dX = 2 S X", Derivative(Trace(Xr.T * S * Xr), Xr), 2 * S * Xr,
          layout=DEN, expect="refuted", source=f"{SRC} 108), S not symmetric"),
    Claim("S symmetric: d tr(X^T S X)/dX = 2 S X", Derivative(Trace(Xr.T * S * Xr), Xr), 2 * S * Xr,
          assume=[Q.symmetric(S)], layout=DEN, expect="proved", source=f"{SRC} 108), S symmetric"),
]
# ---- bilinear forms and inverses ------------------------------------------------------------------------
bilinear = [
    Claim("d a^T X b/dX = a b^T (denominator)", Derivative(a.T * Xr * b, Xr), a * b.T, layout=DEN,
          expect="proved", source=f"{SRC} 70)"),
    Claim("d a^T X b/dX = b a^T (numerator)", Derivative(a.T * Xr * b, Xr), b * a.T, layout=NUM,
          expect="proved", source=f"{SRC} 70), numerator layout"),
    Claim("twin: d a^T X b/dX = b a^T in denominator layout", Derivative(a.T * X * c, X), c * a.T, layout=DEN,
          expect="refuted", source=f"{SRC} 70), layouts swapped"),
    Claim("d a^T X^-1 c/dX = -X^-T a c^T X^-T (denominator)", Derivative(a.T * X.I * c, X),
          -X.I.T * a * c.T * X.I.T, layout=DEN, expect="proved", source=f"{SRC} 61)"),
    Claim("d a^T X^-1 c/dX = -X^-1 c a^T X^-1 (numerator)", Derivative(a.T * X.I * c, X),
          -X.I * c * a.T * X.I, layout=NUM, expect="proved", source=f"{SRC} 61), numerator layout"),
    Claim("twin: d a^T X^-1 c/dX = -X^-1 a c^T X^-1", Derivative(a.T * X.I * c, X),
          -X.I * a * c.T * X.I, layout=DEN, expect="refuted", source=f"{SRC} 61), transposes dropped"),
]
# ---- determinants: Jacobi's formula ----------------------------------------------------------------------
log_det = [
    Claim("det X > 0: d log det X/dX = X^-T (denominator)", Derivative(log(Determinant(X)), X), X.I.T,
          assume=POS, layout=DEN, expect="proved", source=f"{SRC} 57)"),
    Claim("det X > 0: d log det X/dX = X^-1 (numerator)", Derivative(log(Determinant(X)), X), X.I,
          assume=POS, layout=NUM, expect="proved", source=f"{SRC} 57), numerator layout"),
    Claim("twin: d log det X/dX = X^-1 in denominator layout", Derivative(log(Determinant(X)), X), X.I,
          assume=POS, layout=DEN, expect="refuted", source=f"{SRC} 57), layouts swapped"),
    Claim("d log|det X|/dX = (X^T)^-1", Derivative(log(Abs(Determinant(X))), X), X.T.I, layout=DEN,
          expect="proved", source=f"{SRC} 57), log|det X| needs no sign"),
    Claim("twin: d log|det X|/dX = -X^-T", Derivative(log(Abs(Determinant(X))), X), -X.I.T, layout=DEN,
          expect="refuted", source=f"{SRC} 57), sign flipped"),
    Claim("det(XS) > 0: d log det(XS)/dS = X^T (XS)^-T", Derivative(log(Determinant(X * S)), S),
          X.T * (X * S).I.T, assume=[Determinant(X * S) > 0], layout=DEN, expect="proved",
          source=f"{SRC} 51) for log det, S the variable"),
    Claim("d log det(X^T X)/dX = 2 X (X^T X)^-1", Derivative(log(Determinant(Xr.T * Xr)), Xr),
          2 * Xr * (Xr.T * Xr).I, assume=[Determinant(Xr.T * Xr) > 0], layout=DEN, expect="proved",
          source=f"{SRC} 55), with (X^+)^T = X (X^T X)^-1"),
    Claim("twin: d log det(X^T X)/dX = X (X^T X)^-1", Derivative(log(Determinant(Xr.T * Xr)), Xr),
          Xr * (Xr.T * Xr).I, assume=[Determinant(Xr.T * Xr) > 0], layout=DEN, expect="refuted",
          source=f"{SRC} 55), factor 2 dropped"),
]
det = [
    Claim("d det X/dX = det(X) X^-T (denominator)", Derivative(Determinant(X), X), Determinant(X) * X.I.T,
          layout=DEN, expect="proved", source=f"{SRC} 49)"),
    Claim("d det X/dX = det(X) X^-1 (numerator)", Derivative(Determinant(X), X), Determinant(X) * X.I,
          layout=NUM, expect="proved", source=f"{SRC} 49), numerator layout"),
    Claim("twin: d det X/dX = det(X) X^-1 in denominator layout", Derivative(Determinant(X), X),
          Determinant(X) * X.I, layout=DEN, expect="refuted", source=f"{SRC} 49), layouts swapped"),
    Claim("twin: d det X/dX = X^-T", Derivative(Determinant(X), X), X.I.T, layout=DEN, expect="refuted",
          source=f"{SRC} 49), det X dropped"),
]
# ---- symbolic powers (Cookbook eq. 121) -------------------------------------------------------------------
powers = [
    Claim("d tr(X^k)/dX = k (X^(k-1))^T (denominator)", Derivative(Trace(X ** k), X), k * (X ** (k - 1)).T,
          layout=DEN, expect="proved", source=f"{SRC} 121), k >= 1"),
    Claim("d tr(X^k)/dX = k X^(k-1) (numerator)", Derivative(Trace(X ** k), X), k * X ** (k - 1),
          layout=NUM, expect="proved", source=f"{SRC} 121), numerator layout"),
    Claim("twin: d tr(X^k)/dX = (X^(k-1))^T", Derivative(Trace(X ** k), X), (X ** (k - 1)).T,
          layout=DEN, expect="refuted", source=f"{SRC} 121), factor k dropped"),
]
# ---- Hessians, both layouts ----------------------------------------------------------------------------
hessians = [
    Claim("Hessian of x^T S x = S + S^T (numerator)", Derivative(x.T * S * x, x, 2), S + S.T, layout=NUM,
          expect="proved", source="issue 13 item 4; Matrix Cookbook (2012) eq. 98"),
    Claim("Hessian of x^T S x = S + S^T (denominator)", Derivative(x.T * S * x, x, 2), S + S.T, layout=DEN,
          expect="proved", source="issue 13 item 4; Matrix Cookbook (2012) eq. 98"),
    Claim("d/dx of the row gradient of x^T S x = S + S^T", Derivative(Derivative(x.T * S * x, x), x), S + S.T,
          layout=NUM, expect="proved", source="issue 13 item 4, nested form"),
    Claim("twin: Hessian of x^T S x = 2 S", Derivative(x.T * S * x, x, 2), 2 * S, layout=NUM, expect="refuted",
          source="issue 13 item 4, S not symmetric"),
    Claim("Hessian of ||M x - y||^2 = 2 M^T M (numerator)", Derivative(sqnorm(M * x - y), x, 2), 2 * M.T * M,
          layout=NUM, expect="proved", source="issue 13 item 4 (least squares)"),
    Claim("Hessian of ||M x - y||^2 = 2 M^T M (denominator)", Derivative(sqnorm(M * x - y), x, 2), 2 * M.T * M,
          layout=DEN, expect="proved", source="issue 13 item 4 (least squares)"),
    Claim("twin: Hessian of ||M x - y||^2 = M^T M", Derivative(sqnorm(M * x - y), x, 2), M.T * M, layout=NUM,
          expect="refuted", source="issue 13 item 4, factor 2 dropped"),
    Claim("Hessian of x^T S x / 2 + a^T x, S symmetric = S", Derivative(x.T * S * x / 2 + a.T * x, x, 2), S,
          assume=[Q.symmetric(S)], layout=NUM, expect="proved", source="issue 13 item 4"),
    Claim("d/dx (x^T S) = S^T (a row by a column)", Derivative(x.T * S, x), S.T, layout=NUM, expect="proved",
          source="issue 13 item 4: a row is differentiated as the column it transposes"),
    Claim("twin: d/dx (x^T S) = S", Derivative(x.T * S, x), S, layout=NUM, expect="refuted",
          source="issue 13 item 4, layouts swapped"),
]
