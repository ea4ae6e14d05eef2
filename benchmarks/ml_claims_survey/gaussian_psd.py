"""ML claims survey: Gaussian expectations, PSD facts, least-squares / ridge argmins.

Written fresh as a TA would state them (true claims and false twins, each `expect` checked by hand), to
measure what symcheck decides outside its own claims; results in benchmarks/suite_results.md."""
from sympy import Determinant, Eq, Identity, MatrixSymbol, Q, Trace, ZeroMatrix, symbols

from symcheck import Claim, argmin, dot, expectation, sqnorm

n, d = symbols("n d", integer=True, positive=True)
sigma = symbols("sigma", positive=True)
lam = symbols("lambda", positive=True)
X = MatrixSymbol("X", n, d)
y = MatrixSymbol("y", n, 1)
w = MatrixSymbol("w", d, 1)
w0 = MatrixSymbol("w0", d, 1)
ws = MatrixSymbol("wstar", d, 1)
eps = MatrixSymbol("epsilon", n, 1)
a = MatrixSymbol("a", n, 1)
b = MatrixSymbol("b", n, 1)
A, B, K = MatrixSymbol("A", n, n), MatrixSymbol("B", n, n), MatrixSymbol("K", n, n)
W = MatrixSymbol("W", n, n)
In, Id = Identity(n), Identity(d)
SRC = "ML claims survey, Gaussian / PSD / least squares"
G = X.T * X + lam * Id
Ginv = (X.T * X).I


def E(f):
    return expectation(f, eps, sigma)


yn = X * ws + eps
w_hat = Ginv * X.T * yn

claims = [
    Claim("E[(a^T eps)^2] = sigma^2 a^T a", E(dot(a, eps) ** 2), sigma**2 * sqnorm(a), expect="proved",
          source=SRC),
    Claim("twin: E[(a^T eps)^2] = sigma a^T a", E(dot(a, eps) ** 2), sigma * sqnorm(a), expect="refuted",
          source=SRC + " (sigma=2, a=1)"),
    Claim("E[||A eps||^2] = sigma^2 tr(A^T A)", E(sqnorm(A * eps)), sigma**2 * Trace(A.T * A), expect="proved",
          source=SRC),
    Claim("twin: E[||A eps||^2] = sigma^2 tr(A A)", E(sqnorm(A * eps)), sigma**2 * Trace(A * A),
          expect="refuted", source=SRC + " (A=[[0,1],[0,0]])"),
    Claim("E[(a^T eps)(b^T eps)] = sigma^2 a^T b", E(dot(a, eps) * dot(b, eps)), sigma**2 * dot(a, b),
          expect="proved", source=SRC),
    Claim("ridge bias: E[(X^T X + lam I)^-1 X^T (X w* + eps)] = (X^T X + lam I)^-1 X^T X w*",
          E(G.I * X.T * yn), G.I * X.T * X * ws, expect="proved", source=SRC),
    Claim("twin: ridge is unbiased: E[...] = w*", E(G.I * X.T * yn), ws, expect="refuted", source=SRC),
    Claim("OLS covariance: E[(w_hat - w*)(w_hat - w*)^T] = sigma^2 (X^T X)^-1",
          E((w_hat - ws) * (w_hat - ws).T), sigma**2 * Ginv, expect="proved", source=SRC),
    Claim("twin: OLS covariance = sigma^2 X^T X", E((w_hat - ws) * (w_hat - ws).T), sigma**2 * X.T * X,
          expect="refuted", source=SRC),
    Claim("E[||X (w_hat - w*)||^2] = d sigma^2", E(sqnorm(X * (w_hat - ws))), d * sigma**2, expect="proved",
          source=SRC),
    Claim("twin: E[||X (w_hat - w*)||^2] = n sigma^2", E(sqnorm(X * (w_hat - ws))), n * sigma**2,
          expect="refuted", source=SRC + " (n=2, d=1)"),
    Claim("A skew: E[eps^T A eps] = 0", E(eps.T * A * eps), ZeroMatrix(1, 1), assume=[Eq(A.T, -A)],
          expect="proved", source=SRC),
    Claim("tr(x^T A^T A x) >= 0", Trace(a.T * A.T * A * a), 0, relation=">=", expect="proved", source=SRC),
    Claim("twin: tr(x^T A^T A x) > 0", Trace(a.T * A.T * A * a), 0, relation=">", expect="refuted",
          source=SRC + " (A=0)"),
    Claim("K PD: tr(B^T K B) >= 0", Trace(B.T * K * B), 0, relation=">=", assume=[Q.positive_definite(K)],
          expect="proved", source=SRC),
    Claim("twin: K PD: tr(B K B) >= 0", Trace(B * K * B), 0, relation=">=", assume=[Q.positive_definite(K)],
          expect="refuted", source=SRC + " (K=I, B=[[0,1],[-1,0]])"),
    Claim("K PD: tr(K) > 0", Trace(K), 0, relation=">", assume=[Q.positive_definite(K)], expect="proved",
          source=SRC),
    Claim("twin: K PD: tr(K - I) > 0", Trace(K - In), 0, relation=">", assume=[Q.positive_definite(K)],
          expect="refuted", source=SRC + " (K=I/2)"),
    Claim("K PD: det K > 0", Determinant(K), 0, relation=">", assume=[Q.positive_definite(K)], expect="proved",
          source=SRC),
    Claim("twin: K PD: det(K - I) > 0", Determinant(K - In), 0, relation=">", assume=[Q.positive_definite(K)],
          expect="refuted", source=SRC + " (n=1, K=1/2)"),
    Claim("K PD: tr(K^-1) > 0", Trace(K.I), 0, relation=">", assume=[Q.positive_definite(K)], expect="proved",
          source=SRC),
    Claim("Cauchy-Schwarz: (a^T b)^2 <= (a^T a)(b^T b)", dot(a, b) ** 2, sqnorm(a) * sqnorm(b), relation="<=",
          expect="proved", source=SRC),
    Claim("twin: (a^T b)^2 >= (a^T a)(b^T b)", dot(a, b) ** 2, sqnorm(a) * sqnorm(b), relation=">=",
          expect="refuted", source=SRC + " (a=e1, b=e2)"),
    Claim("||A + B||_F^2 <= 2||A||_F^2 + 2||B||_F^2", sqnorm(A + B), 2 * sqnorm(A) + 2 * sqnorm(B),
          relation="<=", expect="proved", source=SRC),
    Claim("twin: ||A + B||_F^2 <= ||A||_F^2 + ||B||_F^2", sqnorm(A + B), sqnorm(A) + sqnorm(B),
          relation="<=", expect="refuted", source=SRC + " (A=B=I)"),
    Claim("weighted ridge: argmin (y-Xw)^T W (y-Xw) + lam||w||^2 = (X^T W X + lam I)^-1 X^T W y",
          argmin(Trace((y - X * w).T * W * (y - X * w)) + lam * sqnorm(w), w),
          (X.T * W * X + lam * Id).I * X.T * W * y, assume=[Q.positive_definite(W)], expect="proved",
          source=SRC),
    Claim("twin: weighted ridge argmin = (X^T W X + lam I)^-1 X^T y",
          argmin(Trace((y - X * w).T * W * (y - X * w)) + lam * sqnorm(w), w),
          (X.T * W * X + lam * Id).I * X.T * y, assume=[Q.positive_definite(W)], expect="refuted",
          source=SRC),
    Claim("ridge toward w0: argmin ||y-Xw||^2 + lam||w-w0||^2 = (X^T X + lam I)^-1 (X^T y + lam w0)",
          argmin(sqnorm(y - X * w) + lam * sqnorm(w - w0), w), G.I * (X.T * y + lam * w0), expect="proved",
          source=SRC),
    Claim("twin: ridge toward w0 = (X^T X + lam I)^-1 X^T y + w0",
          argmin(sqnorm(y - X * w) + lam * sqnorm(w - w0), w), G.I * X.T * y + w0, expect="refuted",
          source=SRC),
]
