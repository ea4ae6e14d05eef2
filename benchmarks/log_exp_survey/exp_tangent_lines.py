"""Survey of log/exp facts from ML courses (benchmarks/suite_results.md, 2026-12-04): exp tangent lines.

A benchmark, not part of the claims suite: `symcheck run benchmarks/log_exp_survey`. "expect" is the
hand-checked truth, so a claim symcheck leaves unknown shows as not ok.
"""
import sympy
from sympy import symbols, exp
from symcheck import Claim
a = symbols("a", real=True)
claims = [Claim("exp(a-1) >= a", exp(a - 1), a, relation=">=", expect="proved"),
          Claim("exp(a) >= 1 + a", exp(a), 1 + a, relation=">=", expect="proved")]
b = symbols("b", real=True)
claims += [Claim("exp(a+b) >= 1 + a + b", exp(a + b), 1 + a + b, relation=">=", expect="proved"),
           Claim("exp(-a) >= 1 - a", exp(-a), 1 - a, relation=">=", expect="proved"),
           Claim("twin exp(a-1) >= a + 1/10", exp(a - 1), a + b**2 + sympy.Rational(1, 10), relation=">=", expect="refuted"),
           Claim("exp(a)exp(b) = exp(a+b)", exp(a)*exp(b), exp(a + b), expect="proved"),
           Claim("e^(a-1) e^(a-1) >= a^2 for a > 0", exp(a - 1) * exp(a - 1), a**2, relation=">=", assume=[a > 0], expect="proved")]
