"""Survey of log/exp facts from ML courses (benchmarks/suite_results.md, 2026-12-04): softmax and sigmoid.

A benchmark, not part of the claims suite: `symcheck run benchmarks/log_exp_survey`. "expect" is the
hand-checked truth, so a claim symcheck leaves unknown shows as not ok.
"""
from sympy import symbols, log, exp, Max, tanh
from symcheck import Claim
a, b, c = symbols("a b c", real=True)
claims = [
 Claim("softmax shift", exp(a + c)/(exp(a + c) + exp(b + c)), exp(a)/(exp(a) + exp(b)), expect="proved"),
 Claim("lse shift", log(exp(a) + exp(b)), a + log(1 + exp(b - a)), expect="proved"),
 Claim("lse shift c", log(exp(a - c) + exp(b - c)) + c, log(exp(a) + exp(b)), expect="proved"),
 Claim("lse <= max + log2", log(exp(a) + exp(b)), Max(a, b) + log(2), relation="<=", expect="proved"),
 Claim("sigmoid(-a) = 1 - sigmoid(a)", 1/(1 + exp(a)), 1 - 1/(1 + exp(-a)), expect="proved"),
 Claim("sigmoid' = s(1-s)", exp(-a)/(1 + exp(-a))**2, 1/(1+exp(-a)) * (1 - 1/(1+exp(-a))), expect="proved"),
 Claim("tanh = 2 sigmoid(2a) - 1", tanh(a), 2/(1 + exp(-2*a)) - 1, expect="proved"),
 Claim("log(1+e^-a) = softplus(a) - a", log(1 + exp(-a)), log(1 + exp(a)) - a, expect="proved"),
]
