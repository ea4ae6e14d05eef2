"""The ones vector and the all-ones matrix (issue 13 item 9): 1ᵀ1 = n, tr J = n, J = 1·1ᵀ.

`OneMatrix(n, 1)` is the ones column, `OneMatrix(n, m)` the all-ones matrix. The proof writes
J_{a×b} = 1_a·1_bᵀ and uses 1_aᵀ1_a = a (the `ones vectors` reduction).
"""
from sympy import MatrixSymbol, OneMatrix, Trace, symbols

from symcheck import Claim

n, m = symbols("n m", integer=True, positive=True)
X = MatrixSymbol("X", n, m)
A = MatrixSymbol("A", n, n)
x = MatrixSymbol("x", n, 1)
ones_n, ones_m = OneMatrix(n, 1), OneMatrix(m, 1)
SRC = "issue 13 item 9"

ones = [
    Claim("1^T 1 = n", ones_n.T * ones_n, n, expect="proved", source=SRC),
    Claim("twin: 1^T 1 = 1", ones_n.T * ones_n, 1, expect="refuted", source=f"{SRC}, mutated"),
    Claim("tr(J) = n", Trace(OneMatrix(n, n)), n, expect="proved", source=SRC),
    Claim("twin: tr(J) = n^2", Trace(OneMatrix(n, n)), n ** 2, expect="refuted", source=f"{SRC}, mutated"),
    Claim("(1^T X 1)^T = 1^T X^T 1 (sum of entries)", (ones_n.T * X * ones_m).T, ones_m.T * X.T * ones_n,
          expect="proved", source=SRC),
    Claim("tr(J A J) = n 1^T A 1", Trace(OneMatrix(n, n) * A * OneMatrix(n, n)), n * ones_n.T * A * ones_n,
          expect="proved", source=SRC),
    Claim("twin: tr(J A J) = 1^T A 1", Trace(OneMatrix(n, n) * A * OneMatrix(n, n)), ones_n.T * A * ones_n,
          expect="refuted", source=f"{SRC}, mutated"),
    Claim("mean of x: (1^T x / n) 1^T 1 = 1^T x", (ones_n.T * x / n) * (ones_n.T * ones_n), ones_n.T * x,
          expect="proved", source=f"{SRC}: centering"),
    Claim("twin: (1^T x) 1^T 1 = 1^T x", (ones_n.T * x) * (ones_n.T * ones_n), ones_n.T * x,
          expect="refuted", source=f"{SRC}: centering, mutated"),
]
