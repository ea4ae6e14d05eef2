"""Limits in an integer exponent (issue 13 item 9): geometric sequences c·Bᵏ as k → ∞.

c·Bᵏ → 0 when |B| < 1; c·Bᵏ → +∞ when B > 1 and c > 0 (−∞ when c < 0). An infinite
limit is written as a whole side, `Limit(...) == oo`. Where Bᵏ oscillates (B ≤ −1) the
limit does not exist and the claim says nothing there (like a singular inverse). The
gradient-descent divergence of seed 003 is in gradient_descent.py; here the general forms.
"""
from sympy import Abs, Limit, Ne, oo, symbols

from symcheck import Claim

k = symbols("k", integer=True, nonnegative=True)
r, c, alpha, eta, lam = symbols("r c alpha eta lambda", real=True)
SRC = "issue 13 item 9"

geometric = [
    Claim("|r| < 1 => lim |r|^k = 0", Limit(Abs(r) ** k, k, oo), 0, assume=[Abs(r) < 1],
          expect="proved", source=SRC),
    Claim("|r| < 1 => lim c r^k = 0", Limit(c * r ** k, k, oo), 0, assume=[Abs(r) < 1],
          expect="proved", source=f"{SRC}: a signed ratio, any constant"),
    Claim("twin: 0 < r < 2 => lim r^k = 0", Limit(r ** k, k, oo), 0, assume=[r > 0, r < 2],
          expect="refuted", source=f"{SRC}, mutated: r = 3/2 diverges"),
    Claim("r > 1, c > 0 => lim c r^k = oo", Limit(c * r ** k, k, oo), oo, assume=[r > 1, c > 0],
          expect="proved", source=SRC),
    Claim("r > 1, c < 0 => lim c r^k = -oo", Limit(c * r ** k, k, oo), -oo, assume=[r > 1, c < 0],
          expect="proved", source=SRC),
    Claim("twin: r > 1 => lim c r^k = oo", Limit(c * r ** k, k, oo), oo, assume=[r > 1, Ne(c, 0)],
          expect="refuted", source=f"{SRC}, mutated: c < 0 gives -oo"),
    Claim("twin: r >= 1, c > 0 => lim c r^k = oo", Limit(c * r ** k, k, oo), oo, assume=[r >= 1, c > 0],
          expect="refuted", source=f"{SRC}, mutated: r = 1 gives c"),
]
gradient_descent = [
    Claim("0 < eta alpha < 2 => lim |1 - eta alpha|^k = 0 (GD converges)", Limit(Abs(1 - eta * alpha) ** k, k, oo), 0,
          assume=[eta * alpha > 0, eta * alpha < 2], expect="proved", source=f"{SRC}: GD on a quadratic, step size"),
    Claim("eta alpha > 2, c != 0 => lim |c| |1 - eta alpha|^k = oo (GD diverges)",
          Limit(Abs(c) * Abs(1 - eta * alpha) ** k, k, oo), oo, assume=[eta * alpha > 2, Ne(c, 0)],
          expect="proved", source=f"{SRC}: GD on a quadratic, step size too large"),
    Claim("twin: eta alpha > 1 => lim |c| |1 - eta alpha|^k = oo",
          Limit(Abs(c) * Abs(1 - eta * alpha) ** k, k, oo), oo, assume=[eta * alpha > 1, Ne(c, 0)],
          expect="refuted", source=f"{SRC}, mutated threshold"),
    Claim("lam > 0 => lim (1/(1 + lam))^k = 0 (shrinkage)", Limit((1 / (1 + lam)) ** k, k, oo), 0,
          assume=[lam > 0], expect="proved", source=f"{SRC}: repeated ridge shrinkage"),
]
