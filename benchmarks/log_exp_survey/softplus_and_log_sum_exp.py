"""Survey of log/exp facts from ML courses (benchmarks/suite_results.md, 2026-12-04): softplus and log sum exp.

A benchmark, not part of the claims suite: `symcheck run benchmarks/log_exp_survey`. "expect" is the
hand-checked truth, so a claim symcheck leaves unknown shows as not ok.
"""
from sympy import symbols, log, Abs, exp, Max, Rational
from symcheck import Claim
a, b = symbols("a b", real=True)
an = symbols("a_n", real=True, nonzero=True)
x, y = symbols("x y", positive=True)
sig = lambda t: 1 / (1 + exp(-t))
c = []
c.append(Claim("softplus(a) > a", log(1 + exp(a)), a, relation=">", expect="proved"))
c.append(Claim("twin: softplus(a) > a + 1", log(1 + exp(a)), a + 1, relation=">", expect="refuted"))
c.append(Claim("softplus(a) > 0", log(1 + exp(a)), 0, relation=">", expect="proved"))
c.append(Claim("log sigmoid(a) = a - softplus(a)", log(sig(a)), a - log(1 + exp(a)), expect="proved"))
c.append(Claim("twin: log sigmoid(a) = -softplus(a)", log(sig(a)), -log(1 + exp(a)), expect="refuted"))
c.append(Claim("log(1 - sigmoid(a)) = -softplus(a)", log(1 - sig(a)), -log(1 + exp(a)), expect="proved"))
c.append(Claim("logsumexp >= a", log(exp(a) + exp(b)), a, relation=">=", expect="proved"))
c.append(Claim("logsumexp <= max + log 2", log(exp(a) + exp(b)), Max(a, b) + log(2), relation="<=", expect="proved"))
c.append(Claim("twin: logsumexp <= max", log(exp(a) + exp(b)), Max(a, b), relation="<=", expect="refuted"))
c.append(Claim("log(a^2) = 2 log|a|", log(an**2), 2*log(Abs(an)), expect="proved"))
c.append(Claim("twin: log(a^2) = 2 log a", log(x**2), 3*log(x), expect="refuted"))
c.append(Claim("log(6x) = log 2 + log 3 + log x", log(6*x), log(2) + log(3) + log(x), expect="proved"))
c.append(Claim("log(x/y) = log x - log y", log(x/y), log(x) - log(y), expect="proved"))
c.append(Claim("log(e^a e^b) = a + b", log(exp(a)*exp(b)), a + b, expect="proved"))
c.append(Claim("log of the softmax ratio", log(exp(a)/(exp(a) + exp(b))), a - log(exp(a) + exp(b)), expect="proved"))
c.append(Claim("logsumexp shift", log(exp(a) + exp(b)), a + log(1 + exp(b - a)), expect="proved"))
c.append(Claim("twin: logsumexp shift", log(exp(a) + exp(b)), a + log(exp(b - a)), expect="refuted"))
c.append(Claim("lse <= max + log 2", log(exp(a) + exp(b)), Max(a, b) + log(2), relation="<=", expect="proved"))
c.append(Claim("twin lse <= max + log 2 - 1/10", log(exp(a) + exp(b)), Max(a, b) + log(2) - Rational(1, 10), relation="<=", expect="refuted"))
c.append(Claim("log x + log y <= 2 log((x+y)/2)", log(x) + log(y), 2*log((x + y)/2), relation="<=", expect="proved"))
claims = c
