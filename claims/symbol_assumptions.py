"""Assumptions carried by a symbol: `symbols("p", prime=True)` ranges over the primes (issue 11, item 1).

A true claim that holds by a symbol's assumption alone is never refuted, and a false
one is refuted with a value that has the property (p = 2 is prime; k = 3 is odd; an
odd size m = 1 for the determinant). The expectations were checked by hand:
p prime ⇒ p ≥ 2 (2 is the least prime) but not p ≥ 3 (p = 2); c composite ⇒ c ≥ 4;
(−1)ᵏ = 1 exactly for even k and −1 for odd k; det(−X) = (−1)ⁿ det X, which is det X
for every even n and −det X ≠ det X for odd m when det Y ≠ 0 (Y = I); an irrational r
is nonzero, and r² = 2 at r = √2.
"""
from sympy import Determinant, MatrixSymbol, Q, symbols

from symcheck import Claim

p = symbols("p", prime=True)
c = symbols("c", composite=True)
k_even = symbols("k", even=True)
k_odd = symbols("j", odd=True)
r = symbols("r", irrational=True)
q = symbols("q", integer=True)
n = symbols("n", integer=True, positive=True, even=True)
m = symbols("m", integer=True, positive=True, odd=True)
X = MatrixSymbol("X", n, n)
Y = MatrixSymbol("Y", m, m)
SRC = "issue 11, soundness item 1 (assumptions on symbols)"

claims = [
    Claim("prime p: p >= 2", p, 2, relation=">=", expect="proved", source=SRC),
    Claim("twin: prime p: p >= 3", p, 3, relation=">=", expect="refuted", source=f"{SRC}; p = 2"),
    Claim("Q.prime(q): q >= 2", q, 2, relation=">=", assume=[Q.prime(q)], expect="proved", source=SRC),
    Claim("composite c: c >= 4", c, 4, relation=">=", expect="proved", source=SRC),
    Claim("twin: composite c: c > 4", c, 4, relation=">", expect="refuted", source=f"{SRC}; c = 4"),
    Claim("even k: (-1)^k = 1", (-1) ** k_even, 1, expect="proved", source=SRC),
    Claim("odd j: (-1)^j = -1", (-1) ** k_odd, -1, expect="proved", source=SRC),
    Claim("twin: odd j: j != 1", k_odd, 1, relation="!=", expect="refuted", source=f"{SRC}; j = 1"),
    Claim("irrational r: r != 0", r, 0, relation="!=", expect="proved", source=SRC),
    Claim("twin: irrational r: r^2 != 2", r ** 2, 2, relation="!=", expect="refuted", source=f"{SRC}; r = √2"),
    Claim("even n: det(-X) = det X", Determinant(-X), Determinant(X), expect="proved", source=SRC),
    Claim("twin: odd m: det(-Y) = det Y", Determinant(-Y), Determinant(Y), expect="refuted",
          source=f"{SRC}; m = 1, Y = 1"),
]
