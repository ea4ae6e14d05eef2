"""Survey of log/exp facts from ML courses (benchmarks/suite_results.md, 2026-12-04): logs of squares.

A benchmark, not part of the claims suite: `symcheck run benchmarks/log_exp_survey`. "expect" is the
hand-checked truth, so a claim symcheck leaves unknown shows as not ok.
"""
from sympy import symbols, log, Abs, exp, sqrt
from symcheck import Claim
a = symbols("a", real=True, nonzero=True)
x = symbols("x", positive=True)
c1 = Claim("log(a^2) = 2 log|a|", log(a**2), 2*log(Abs(a)), expect="proved")
c2 = Claim("log(1+e^a) > a", log(1 + exp(a)), a, relation=">", expect="proved")
c3 = Claim("log sqrt x = log x / 2", log(sqrt(x)), log(x)/2, expect="proved")
c4 = Claim("log|a| <= |a| - 1", log(Abs(a)), Abs(a) - 1, relation="<=", expect="proved")
