"""ML claims survey: matrix identities (inverses, traces, transposes, Woodbury variants, projections, ridge/OLS).

Written fresh as a TA would state them (true claims and false twins, each `expect` checked by hand), to
measure what symcheck decides outside its own claims; results in benchmarks/suite_results.md."""
from sympy import Eq, Identity, MatrixSymbol, Q, Trace, ZeroMatrix, symbols

from symcheck import Claim, sqnorm

n, d, k = symbols("n d k", integer=True, positive=True)
lam = symbols("lambda", positive=True)
X = MatrixSymbol("X", n, d)
y = MatrixSymbol("y", n, 1)
w = MatrixSymbol("w", d, 1)
U = MatrixSymbol("U", n, k)
V = MatrixSymbol("V", k, n)
A, B, C = MatrixSymbol("A", n, n), MatrixSymbol("B", n, n), MatrixSymbol("C", n, n)
W = MatrixSymbol("W", n, n)
O = MatrixSymbol("O", n, n)
u = MatrixSymbol("u", n, 1)
xv, zv = MatrixSymbol("x", n, 1), MatrixSymbol("z", n, 1)
In, Id, Ik = Identity(n), Identity(d), Identity(k)
SRC = "ML claims survey, matrix identities"
G = X.T * X + lam * Id
H = X * (X.T * X).I * X.T
HW = X * (X.T * W * X).I * X.T * W
w_r = G.I * X.T * y
w_ols = (X.T * X).I * X.T * y

claims = [
    Claim("(I + U V)^-1 = I - U (I + V U)^-1 V", (In + U * V).I, In - U * (Ik + V * U).I * V,
          expect="proved", source=SRC),
    Claim("twin: (I + U V)^-1 = I + U (I + V U)^-1 V", (In + U * V).I, In + U * (Ik + V * U).I * V,
          expect="refuted", source=SRC),
    Claim("(lam I + X^T X)^-1 = (1/lam)(I - X^T (lam I + X X^T)^-1 X)", G.I,
          (Id - X.T * (lam * In + X * X.T).I * X) / lam, expect="proved", source=SRC),
    Claim("twin: (lam I + X^T X)^-1 = I - X^T (lam I + X X^T)^-1 X", G.I,
          Id - X.T * (lam * In + X * X.T).I * X, expect="refuted", source=SRC + " (lam=2, X=0)"),
    Claim("(X^T X + lam I)^-1 X^T X = I - lam (X^T X + lam I)^-1", G.I * X.T * X, Id - lam * G.I,
          expect="proved", source=SRC),
    Claim("twin: (X^T X + lam I)^-1 X^T X = I - (X^T X + lam I)^-1", G.I * X.T * X, Id - G.I,
          expect="refuted", source=SRC + " (X=0, lam=2)"),
    Claim("hat: H X = X", H * X, X, expect="proved", source=SRC),
    Claim("hat: (I - H) H = 0", (In - H) * H, ZeroMatrix(n, n), expect="proved", source=SRC),
    Claim("twin: (I - H) H = I - H", (In - H) * H, In - H, expect="refuted", source=SRC + " (n=2,d=1,X=e1)"),
    Claim("weighted hat H_W = X (X^T W X)^-1 X^T W is idempotent", HW * HW, HW,
          assume=[Q.positive_definite(W)], expect="proved", source=SRC),
    Claim("twin: weighted hat is symmetric", HW.T, HW, assume=[Q.positive_definite(W)], expect="refuted",
          source=SRC + " (X=[1,1]^T, W=diag(1,2))"),
    Claim("tr(A^T B) = tr(B A^T) (rectangular)", Trace(X.T * MatrixSymbol("Y", n, d)),
          Trace(MatrixSymbol("Y", n, d) * X.T), expect="proved", source=SRC),
    Claim("twin: tr(ABC) = tr(ACB)", Trace(A * B * C), Trace(A * C * B), expect="refuted", source=SRC),
    Claim("((AB)^T)^-1 = (A^-1)^T (B^-1)^T", ((A * B).T).I, A.I.T * B.I.T, expect="proved", source=SRC),
    Claim("twin: ((AB)^T)^-1 = (B^-1)^T (A^-1)^T", ((A * B).T).I, B.I.T * A.I.T, expect="refuted", source=SRC),
    Claim("u^T u = 1: Householder (I - 2 u u^T)^2 = I", (In - 2 * u * u.T) * (In - 2 * u * u.T), In,
          assume=[Eq(Trace(u.T * u), 1)], expect="proved", source=SRC),
    Claim("twin: u^T u = 1: (I - u u^T)^2 = I", (In - u * u.T) * (In - u * u.T), In,
          assume=[Eq(Trace(u.T * u), 1)], expect="refuted", source=SRC + " (n=1,u=1: 0 != 1)"),
    Claim("A symmetric: x^T A z = z^T A x", xv.T * A * zv, zv.T * A * xv, assume=[Q.symmetric(A)],
          expect="proved", source=SRC),
    Claim("twin: x^T A z = z^T A x without symmetry", xv.T * A * zv, zv.T * A * xv, expect="refuted",
          source=SRC),
    Claim("O orthogonal: (O A O^T)^-1 = O A^-1 O^T", (O * A * O.T).I, O * A.I * O.T,
          assume=[Q.orthogonal(O)], expect="proved", source=SRC),
    Claim("O orthogonal: tr(O A O^T) = tr(A)", Trace(O * A * O.T), Trace(A), assume=[Q.orthogonal(O)],
          expect="proved", source=SRC),
    Claim("ridge residual: X^T (y - X w_r) = lam w_r", X.T * (y - X * w_r), lam * w_r, expect="proved",
          source=SRC),
    Claim("twin: ridge residual: X^T (y - X w_r) = 0", X.T * (y - X * w_r), ZeroMatrix(d, 1),
          expect="refuted", source=SRC),
    Claim("ridge fitted values: X w_r = X X^T (X X^T + lam I)^-1 y", X * w_r,
          X * X.T * (X * X.T + lam * In).I * y, expect="proved", source=SRC),
    Claim("Pythagoras: ||y||^2 = ||H y||^2 + ||(I - H) y||^2", sqnorm(y), sqnorm(H * y) + sqnorm((In - H) * y),
          expect="proved", source=SRC),
    Claim("twin: ||y||^2 = ||H y||^2", sqnorm(y), sqnorm(H * y), expect="refuted", source=SRC),
    Claim("||y - X w||^2 = ||y - X w_ols||^2 + ||X (w - w_ols)||^2", sqnorm(y - X * w),
          sqnorm(y - X * w_ols) + sqnorm(X * (w - w_ols)), expect="proved", source=SRC),
    Claim("twin: ||y - X w||^2 = ||y - X w_ols||^2 + 2||X (w - w_ols)||^2", sqnorm(y - X * w),
          sqnorm(y - X * w_ols) + 2 * sqnorm(X * (w - w_ols)), expect="refuted", source=SRC),
]
