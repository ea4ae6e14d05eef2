"""Hyperbolic and inverse trigonometric functions: identities proved by writing tanh, sinh, cosh, sech,
csch and coth with exp, and false variants refuted with exact counterexamples (x = 1: sech(1)², not a float).

The refuter decides the sign of tanh(1), sech(1)², atan(2), acosh(3/2), ... from rigorous balls that exclude
0 (refute/exact.py); atan(x) + atan(1/x) = π/2 for x > 0 is true but needs a case argument the scalar prover
does not make, so it is not here.
"""
from sympy import Rational, acot, asinh, atan, atanh, cosh, coth, csch, exp, log, pi, sech, sinh, sqrt, symbols, tanh

from symcheck import Claim

x = symbols("x", real=True)
SRC = "hyperbolic identities (definitions with exp)"

identities = [
    Claim("tanh x = (e^2x - 1)/(e^2x + 1)", tanh(x), (exp(2 * x) - 1) / (exp(2 * x) + 1), expect="proved",
          source=SRC),
    Claim("sech^2 x = 1 - tanh^2 x", sech(x) ** 2, 1 - tanh(x) ** 2, expect="proved", source=SRC),
    Claim("cosh^2 x - sinh^2 x = 1", cosh(x) ** 2 - sinh(x) ** 2, 1, expect="proved", source=SRC),
    Claim("coth^2 x - csch^2 x = 1", coth(x) ** 2 - csch(x) ** 2, 1, expect="proved", source=SRC),
    Claim("sinh 2x = 2 sinh x cosh x", sinh(2 * x), 2 * sinh(x) * cosh(x), expect="proved", source=SRC),
    Claim("tanh x < 1", tanh(x), 1, relation="<", expect="proved", source=SRC),
]
mutated = [
    Claim("twin: sech^2 x = 1 + tanh^2 x", sech(x) ** 2, 1 + tanh(x) ** 2, expect="refuted",
          source=f"{SRC}, mutated"),
    Claim("twin: csch^2 x = coth^2 x + 1", csch(x) ** 2, coth(x) ** 2 + 1, expect="refuted",
          source=f"{SRC}, mutated"),
    Claim("twin: sinh 2x = 2 sinh x", sinh(2 * x), 2 * sinh(x), expect="refuted", source=f"{SRC}, mutated"),
    Claim("twin: atanh x = log((1 + x)/(1 - x)) on (-1, 1)", atanh(x), log((1 + x) / (1 - x)),
          assume=[x > -1, x < 1], expect="refuted", source="atanh x = log((1 + x)/(1 - x))/2, mutated"),
    Claim("twin: atan x + atan(1/x) = pi/2 for every x != 0", atan(x) + atan(1 / x), pi / 2, expect="refuted",
          source="atan x + atan(1/x) = pi/2 holds only for x > 0"),
    Claim("twin: acot x = atan x", acot(x), atan(x), expect="refuted", source="acot x = atan(1/x), mutated"),
    Claim("twin: tanh x = (e^x - 1)/(e^x + 1)", tanh(x), (exp(x) - 1) / (exp(x) + 1), expect="refuted",
          source=f"{SRC}, mutated (that is tanh(x/2))"),
    Claim("twin: cosh^2 x + sinh^2 x = 1", cosh(x) ** 2 + sinh(x) ** 2, 1, expect="refuted",
          source=f"{SRC}, mutated"),
    Claim("twin: tanh x < 1/2", tanh(x), Rational(1, 2), relation="<", expect="refuted", source=f"{SRC}, mutated"),
    Claim("twin: asinh x = log(x + sqrt(x^2 + 1)) + 1/1000", asinh(x), log(x + sqrt(x ** 2 + 1)) + Rational(1, 1000),
          expect="refuted", source="asinh x = log(x + sqrt(x^2 + 1)), mutated"),
]
