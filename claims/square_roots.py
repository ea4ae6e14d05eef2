"""Square roots in scalar claims: proofs whose certificates the checker re-derives with its own reading.

A root must be real wherever the claim's assumptions hold (the scalar prover requires it; √(xy) = √x·√y
for real x, y is not proved: at x = y = −1 it reads 1 = i·i). The independent checker shows each root's
argument ≥ 0 there, reads √w as a nonnegative r with r² = w and takes squares of a root's denominator
out as absolute values (symcheck.certify.roots). Each true claim has a false twin the refuter catches.
"""
from sympy import Abs, sqrt, symbols

from symcheck import Claim

x = symbols("x", real=True)
t = symbols("t", real=True)
p = symbols("p")  # declared with nothing: real (CONTRACT §1)
SRC = "square roots (scalar prover, checker's root rule)"

claims = [
    Claim("sqrt(x^2 + 1) >= |x|", sqrt(x ** 2 + 1), Abs(x), relation=">=", expect="proved", source=SRC),
    Claim("twin: sqrt(x^2 + 1) <= |x|", sqrt(x ** 2 + 1), Abs(x), relation="<=", expect="refuted",
          source=f"{SRC}, mutated (the inequality reversed)"),
    Claim("sqrt(1 + x^2) - x > 0", sqrt(1 + x ** 2) - x, 0, relation=">", expect="proved", source=SRC),
    Claim("twin: sqrt(1 + x^2) - 2x > 0", sqrt(1 + x ** 2) - 2 * x, 0, relation=">", expect="refuted",
          source=f"{SRC}, mutated (2x for x)"),
    Claim("t > 1: 1/(sqrt(t) + 1) = (sqrt(t) - 1)/(t - 1)", 1 / (sqrt(t) + 1), (sqrt(t) - 1) / (t - 1),
          assume=[t > 1], expect="proved", source=SRC + ": rationalising a denominator"),
    Claim("twin: t > 1: 1/(sqrt(t) + 1) = (sqrt(t) + 1)/(t - 1)", 1 / (sqrt(t) + 1), (sqrt(t) + 1) / (t - 1),
          assume=[t > 1], expect="refuted", source=f"{SRC}, mutated (the conjugate's sign)"),
    Claim("sqrt(p^2) = |p| for a plain symbol p", sqrt(p ** 2), Abs(p), expect="proved", source=SRC),
    Claim("twin: sqrt(p^2) = p", sqrt(p ** 2), p, expect="refuted", source=f"{SRC}, mutated (wrong for p < 0)"),
]
