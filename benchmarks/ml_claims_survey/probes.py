"""ML claims survey: near-miss scalar bounds (Taylor bounds of exp/log, Pinsker) to probe the scalar prover.

Written fresh as a TA would state them (true claims and false twins, each `expect` checked by hand), to
measure what symcheck decides outside its own claims; results in benchmarks/suite_results.md."""
from sympy import exp, log, sqrt, symbols

from symcheck import Claim

a = symbols("a", real=True)
x = symbols("x", positive=True)
p, q = symbols("p q", real=True)
SRC = "ML claims survey, probes"
P01 = [p > 0, p < 1, q > 0, q < 1]
kl = p * log(p / q) + (1 - p) * log((1 - p) / (1 - q))


def sig(v):
    return 1 / (1 + exp(-v))


claims = [
    Claim("exp(a) >= 1 + a + a^2/2 + a^3/6 for all real a", exp(a), 1 + a + a**2 / 2 + a**3 / 6,
          relation=">=", expect="proved", source=SRC + " (Lagrange remainder e^xi a^4/24 >= 0)"),
    Claim("twin: exp(a) >= 1 + a + a^2/2 + a^3/6 + a^4/12", exp(a), 1 + a + a**2 / 2 + a**3 / 6 + a**4 / 12,
          relation=">=", expect="refuted", source=SRC + " (a=2: 7.389 < 7.667)"),
    Claim("log(1 + x) >= x - x^2/2", log(1 + x), x - x**2 / 2, relation=">=", expect="proved", source=SRC),
    Claim("twin: log(1 + x) >= x - x^2/2 + x^3/4", log(1 + x), x - x**2 / 2 + x**3 / 4, relation=">=",
          expect="refuted", source=SRC + " (x=2)"),
    Claim("log(1 + x) <= x/sqrt(1 + x)", log(1 + x), x / sqrt(1 + x), relation="<=", expect="proved",
          source=SRC),
    Claim("twin: log(1 + x) <= 2x/(2 + x)", log(1 + x), 2 * x / (2 + x), relation="<=", expect="refuted",
          source=SRC + " (x=1: 0.693 > 0.667)"),
    Claim("a <= 0: sigma(a) >= exp(a)/2", sig(a), exp(a) / 2, relation=">=", assume=[a <= 0], expect="proved",
          source=SRC),
    Claim("twin: a >= 0: sigma(a) >= exp(a)/2", sig(a), exp(a) / 2, relation=">=", assume=[a >= 0],
          expect="refuted", source=SRC + " (a=1)"),
    Claim("Pinsker: KL(p||q) >= 2 (p - q)^2", kl, 2 * (p - q) ** 2, relation=">=", assume=P01,
          expect="proved", source=SRC),
    Claim("twin: KL(p||q) >= 4 (p - q)^2", kl, 4 * (p - q) ** 2, relation=">=", assume=P01,
          expect="refuted", source=SRC + " (p=0.6, q=0.5)"),
]
