"""Survey of log/exp facts from ML courses (benchmarks/suite_results.md, 2026-12-04): derivatives and log bounds.

A benchmark, not part of the claims suite: `symcheck run benchmarks/log_exp_survey`. "expect" is the
hand-checked truth, so a claim symcheck leaves unknown shows as not ok.
"""
from sympy import symbols, log, exp, Derivative, tanh, Max
from symcheck import Claim
a, b, t = symbols("a b t", real=True)
x = symbols("x", positive=True)
claims = [
 Claim("d/da lse = softmax", Derivative(log(exp(a) + exp(b)), a), exp(a)/(exp(a) + exp(b)), expect="proved"),
 Claim("d/da softplus = sigmoid", Derivative(log(1 + exp(a)), a), 1/(1 + exp(-a)), expect="proved"),
 Claim("tanh' = 1 - tanh^2", Derivative(tanh(a), a), 1 - tanh(a)**2, expect="proved"),
 Claim("softplus(a) - softplus(-a) = a", log(1 + exp(a)) - log(1 + exp(-a)), a, expect="proved"),
 Claim("softplus(a) <= max(a, 0) + log 2", log(1 + exp(a)), Max(a, 0) + log(2), relation="<=", expect="proved"),
 Claim("sigmoid(a) in (0,1)", 1/(1 + exp(-a)), 1, relation="<", expect="proved"),
 Claim("log(1+x) <= x", log(1 + x), x, relation="<=", expect="proved"),
 Claim("log(1+x) >= x/(1+x)", log(1 + x), x/(1 + x), relation=">=", expect="proved"),
 Claim("x log x >= x - 1", x*log(x), x - 1, relation=">=", expect="proved"),
 Claim("binary CE nonneg", -(t*log(x) ), 0, relation=">=", assume=[t >= 0, x <= 1], expect="proved"),
 Claim("d/dx x log x = log x + 1", Derivative(x*log(x), x), log(x) + 1, expect="proved"),
 Claim("log(x) >= 1 - 1/x", log(x), 1 - 1/x, relation=">=", expect="proved"),
]
