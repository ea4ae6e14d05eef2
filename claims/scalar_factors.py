"""A 1×1 product is a scalar wherever it stands (CONTRACT §1; issue 11, items 2 and 4).

SymPy flattens B*(xᵀx) into one product B·xᵀ·x; symcheck reads its 1×1 blocks back as
scalars in every position: front, middle, end, several, nested, inside traces,
inverses, powers and derivatives. Hand-checked: a scalar s = xᵀx commutes with every
matrix and pulls out of traces, inverses ((sB)⁻¹ = s⁻¹B⁻¹, the same matrix however it
is written), powers ((sB)² = s²B²) and products; d/dx[(xᵀx)Bx] = 2Bxxᵀ + (xᵀx)B by
the product rule (d(xᵀx)[h] = 2xᵀh); det(sB) = sⁿ det B, not s det B; B (n×n) and
D (d×d) never chain, whatever scalar stands between them. The Hessian of xᵀMx is
M + Mᵀ in both layouts: in denominator layout the gradient is a column; in numerator
layout it is a row, differentiated as the column it transposes (docs/constructs.md).
"""
from sympy import Derivative, Determinant, Identity, Inverse, MatrixSymbol, Trace, symbols

from symcheck import Claim

n, d = symbols("n d", integer=True, positive=True)
x, y = MatrixSymbol("x", n, 1), MatrixSymbol("y", n, 1)
z = MatrixSymbol("z", d, 1)
A, B, C, M = (MatrixSymbol(name, n, n) for name in "ABCM")
D = MatrixSymbol("D", d, d)
In = Identity(n)
s = x.T * x
SRC = "issue 11, soundness item 2 (1×1 products)"

claims = [
    Claim("B (x^T x) = (x^T x) B", B * s, s * B, expect="proved", source=SRC),
    Claim("A (x^T A x) = (x^T A x) A", A * (x.T * A * x), (x.T * A * x) * A, expect="proved", source=SRC),
    Claim("x^T B (x^T x) = (x^T x) x^T B", x.T * B * s, s * (x.T * B), expect="proved", source=SRC),
    Claim("B (x^T x) C = (x^T x) B C", B * s * C, s * (B * C), expect="proved", source=SRC),
    Claim("B (x^T x) C (y^T y) = (x^T x)(y^T y) B C", B * s * C * (y.T * y), s * (y.T * y) * B * C,
          expect="proved", source=SRC),
    Claim("twin: B (x^T x) C (y^T y) = (x^T x)(y^T y) C B", B * s * C * (y.T * y), s * (y.T * y) * C * B,
          expect="refuted", source=f"{SRC}; B and C do not commute"),
    Claim("tr(A x^T B (y^T y) x) = (y^T y)(x^T B x) tr A", Trace(A * (x.T * B * (y.T * y) * x)),
          (y.T * y) * (x.T * B * x) * Trace(A), expect="proved", source=SRC),
    Claim("twin: tr(A x^T B (y^T y) x) = (x^T B x) tr A", Trace(A * (x.T * B * (y.T * y) * x)),
          (x.T * B * x) * Trace(A), expect="refuted", source=f"{SRC}; the factor y^T y is lost"),
    Claim("(I + B (x^T x))^-1 = (I + (x^T x) B)^-1", Inverse(In + B * s), Inverse(In + s * B),
          expect="proved", source=SRC),
    Claim("(B (x^T x))^-1 = ((x^T x) B)^-1", Inverse(B * s), Inverse(s * B), expect="proved", source=SRC),
    Claim("twin: (B (x^T x))^-1 = (B (x^T B x))^-1", Inverse(B * s), Inverse(B * (x.T * B * x)),
          expect="refuted", source=f"{SRC}; a different scalar"),
    Claim("(B (x^T x))^2 = (x^T x)^2 B^2", (B * s) ** 2, s ** 2 * B ** 2, expect="proved", source=SRC),
    Claim("D (x^T x) z = (x^T x) D z", D * s * z, s * (D * z), expect="proved", source=SRC),
    Claim("d/dx (x^T x) B x = (x^T x) B + 2 B x x^T", Derivative(s * B * x, x), s * B + 2 * B * x * x.T,
          expect="proved", source=SRC),
    Claim("d/dx B (x^T x) x = (x^T x) B + 2 B x x^T", Derivative(B * s * x, x), s * B + 2 * B * x * x.T,
          expect="proved", source=SRC),
    Claim("twin: d/dx B (x^T x) x = (x^T x) B + B x x^T", Derivative(B * s * x, x), s * B + B * x * x.T,
          expect="refuted", source=f"{SRC}; the 2 of d(x^T x) is lost"),
    Claim("d/dx (x^T x)(x^T A x), numerator", Derivative(s * (x.T * A * x), x),
          2 * (x.T * A * x) * x.T + s * x.T * (A + A.T), expect="proved", source=SRC),
    Claim("d/dx (x^T x)(x^T A x), denominator", Derivative(s * (x.T * A * x), x),
          2 * (x.T * A * x) * x + s * (A + A.T) * x, layout="denominator", expect="proved", source=SRC),
    Claim("d/dx tr(A (x^T x)) = 2 tr(A) x^T", Derivative(Trace(A * s), x), 2 * Trace(A) * x.T,
          expect="proved", source=SRC),
    Claim("twin: det(B (x^T x)) = (x^T x) det B", Determinant(B * s), s * Determinant(B),
          expect="refuted", source=f"{SRC}; det(sB) = s^n det B"),
    Claim("B (x^T x) D is ill-typed", B * s * D, D, expect="error", source=f"{SRC}; B is n×n, D is d×d"),
    Claim("Hessian of x^T M x, denominator layout", Derivative(x.T * M * x, x, 2), M + M.T,
          layout="denominator", expect="proved", source="issue 11, soundness item 4 (higher derivatives)"),
    Claim("twin: Hessian of x^T M x = M", Derivative(x.T * M * x, x, 2), M, layout="denominator",
          expect="refuted", source="issue 11, soundness item 4; M is not symmetric"),
    Claim("Hessian of x^T M x, numerator layout", Derivative(x.T * M * x, x, 2), M + M.T,
          expect="proved", source="issue 11, soundness item 4; issue 13 item 4 (numerator-layout Hessians)"),
]
