"""floor, ceiling and frac, and what a symbol's assumptions say about integrality.

The expectations were checked by hand: ⌊x⌋ ≤ x < ⌊x⌋ + 1 for every real x (the definition
of ⌊x⌋); ⌊x⌋ = x exactly when x is an integer, so an irrational x (or a real x that is not
rational) has ⌊x⌋ ≠ x, and ⌊x⌋ = x fails at x = 1/2; ⌈x⌉ − ⌊x⌋ is 1 at every non-integer x
and 0 at every integer (x = 0 refutes the identity for a real x); frac(x) = x − ⌊x⌋ is
positive at a non-integer x; ⌊n/2⌋ + ⌈n/2⌉ = n for an integer n (n = 2m: m + m; n = 2m + 1:
m + (m + 1)), false at the real x = 1/2 (0 + 1 ≠ 1/2); for an odd j = 2m + 1,
2⌊j/2⌋ = 2m = j − 1.
"""
from sympy import Rational, ceiling, floor, frac, symbols

from symcheck import Claim

x = symbols("x", real=True)
r = symbols("r", irrational=True)
s = symbols("s", rational=False, real=True)
t = symbols("t", noninteger=True, real=True)
n = symbols("n", integer=True)
j = symbols("j", odd=True)
SRC = "definition of floor and ceiling (Graham, Knuth, Patashnik, Concrete Mathematics, §3.1)"

claims = [
    Claim("floor below: floor(x) <= x", floor(x), x, relation="<=", expect="proved", source=SRC),
    Claim("floor above: x < floor(x) + 1", x, floor(x) + 1, relation="<", expect="proved", source=SRC),
    Claim("irrational r: floor(r) != r", floor(r), r, relation="!=", expect="proved", source=SRC),
    Claim("real s, not rational: floor(s) != s", floor(s), s, relation="!=", expect="proved", source=SRC),
    Claim("twin: real x: floor(x) = x", floor(x), x, expect="refuted", source=f"{SRC}; x = 1/2"),
    Claim("noninteger t: ceiling(t) - floor(t) = 1", ceiling(t) - floor(t), 1, expect="proved", source=SRC),
    Claim("twin: real x: ceiling(x) - floor(x) = 1", ceiling(x) - floor(x), 1, expect="refuted",
          source=f"{SRC}; x = 0, or any integer"),
    Claim("irrational r: frac(r) > 0", frac(r), 0, relation=">", expect="proved", source=SRC),
    Claim("integer n: floor(n/2) + ceiling(n/2) = n", floor(n / 2) + ceiling(n / 2), n, expect="proved",
          source=SRC),
    Claim("twin: real x: floor(x/2) + ceiling(x/2) = x", floor(x / 2) + ceiling(x / 2), x, expect="refuted",
          source=f"{SRC}; x = 1/2"),
    Claim("odd j: 2 floor(j/2) = j - 1", 2 * floor(j / 2), j - 1, expect="proved", source=SRC),
    Claim("twin: noninteger t: t != 1/2", t, Rational(1, 2), relation="!=", expect="refuted",
          source=f"{SRC}; t = 1/2 is not an integer"),
    Claim("twin: real x: x <= floor(x)", x, floor(x), relation="<=", expect="refuted", source=f"{SRC}; x = 1/2"),
    Claim("twin: real x: x + 1/2 < floor(x) + 1", x + Rational(1, 2), floor(x) + 1, relation="<",
          expect="refuted", source=f"{SRC}; x = 1/2"),
    Claim("twin: real x: floor(x) != x", floor(x), x, relation="!=", expect="refuted", source=f"{SRC}; x = 0"),
    Claim("twin: real x: frac(x) > 0", frac(x), 0, relation=">", expect="refuted", source=f"{SRC}; x = 0"),
    Claim("twin: integer n: 2 floor(n/2) = n - 1", 2 * floor(n / 2), n - 1, expect="refuted",
          source=f"{SRC}; n = 0 (true only for odd n)"),
]
