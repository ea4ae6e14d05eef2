"""Survey of log/exp facts from ML courses (benchmarks/suite_results.md, 2026-12-04): logs of roots.

A benchmark, not part of the claims suite: `symcheck run benchmarks/log_exp_survey`. "expect" is the
hand-checked truth, so a claim symcheck leaves unknown shows as not ok.
"""
from sympy import symbols, log, sqrt, Rational
from symcheck import Claim
x = symbols("x", positive=True)
a = symbols("a", real=True)
claims = [Claim("log sqrt(x+1) = log(x+1)/2", log(sqrt(x + 1)), log(x + 1) / 2, expect="proved"),
          Claim("log(x^(3/2)) = 3/2 log x", log(x**Rational(3, 2)), Rational(3, 2)*log(x), expect="proved"),
          Claim("log sqrt(a^2+1) >= 0", log(sqrt(a**2 + 1)), 0, relation=">=", expect="proved"),
          Claim("log(x/sqrt(x+1)) = log x - log(x+1)/2", log(x/sqrt(x + 1)), log(x) - log(x + 1)/2, expect="proved")]
