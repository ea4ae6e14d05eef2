"""Softplus, log-sigmoid and log-sum-exp: the log/exp facts behind logistic regression and softmax.

The scalar prover reads log u as a sum over u's factors (log(a²) = 2·log|a|, log(e^a·x) = a + log x) and
knows that exp(a) is the number whose log is a, so log(1 + e^a) > a follows from 1 + e^a > e^a (log
increases), and exp(a + c) = exp(a)·exp(c), so the log-sum-exp trick and the shift-invariance of softmax
hold by algebra. Each log's argument is shown positive, never assumed. The checker re-derives every proof with
its own reading (symcheck.certify.logs). Each true claim has a false twin the refuter catches.
"""
from sympy import Abs, Max, Rational, exp, log, symbols

from symcheck import Claim

a, b, c = symbols("a b c", real=True)
t = symbols("t", real=True, nonzero=True)
x = symbols("x", positive=True)
SRC = "softplus and log-sum-exp (scalar prover: logs read over their factors, exp linked to log)"

sigmoid = 1 / (1 + exp(-a))
softplus = log(1 + exp(a))

claims = [
    Claim("sigma(a) (1 - sigma(a)) <= 1/4", sigmoid * (1 - sigmoid), Rational(1, 4), relation="<=", expect="proved",
          source=SRC + ": the logistic derivative is at most 1/4 (exp(-2a) read as exp(-a)^2)"),
    Claim("twin: sigma(a) (1 - sigma(a)) <= 1/5", sigmoid * (1 - sigmoid), Rational(1, 5), relation="<=",
          expect="refuted", source=f"{SRC}, mutated (false at a = 0: 1/4)"),
    Claim("softplus(a) > a", softplus, a, relation=">", expect="proved", source=SRC),
    Claim("twin: softplus(a) > a + 1", softplus, a + 1, relation=">", expect="refuted",
          source=f"{SRC}, mutated (false at a = 0: log 2 < 1)"),
    Claim("log sigmoid(a) = a - softplus(a)", log(sigmoid), a - softplus, expect="proved",
          source=SRC + ": the logistic loss"),
    Claim("twin: log sigmoid(a) = -softplus(a)", log(sigmoid), -softplus, expect="refuted",
          source=f"{SRC}, mutated (the sign of a inside softplus)"),
    Claim("log(1 - sigmoid(a)) = -softplus(a)", log(1 - sigmoid), -softplus, expect="proved",
          source=SRC + ": the logistic loss of the other class"),
    Claim("twin: log(1 - sigmoid(a)) = -a - softplus(a)", log(1 - sigmoid), -a - softplus, expect="refuted",
          source=f"{SRC}, mutated (a spurious -a)"),
    Claim("log(e^a + e^b) >= a", log(exp(a) + exp(b)), a, relation=">=", expect="proved",
          source=SRC + ": log-sum-exp bounds each argument"),
    Claim("log(e^a + e^b) <= max(a, b) + log 2", log(exp(a) + exp(b)), Max(a, b) + log(2), relation="<=",
          expect="proved", source=SRC + ": log-sum-exp is a smooth max (log(uv) = log u + log v among the atoms)"),
    Claim("twin: log(e^a + e^b) <= max(a, b)", log(exp(a) + exp(b)), Max(a, b), relation="<=", expect="refuted",
          source=f"{SRC}, mutated (false at a = b: log 2 > 0)"),
    Claim("twin: log(e^a + e^b) <= max(a, b) + log(3)/2", log(exp(a) + exp(b)), Max(a, b) + log(3) / 2,
          relation="<=", expect="refuted", source=f"{SRC}, mutated (log √3 < log 2: false at a = b)"),
    Claim("log softmax: log(e^a / (e^a + e^b)) = a - log(e^a + e^b)", log(exp(a) / (exp(a) + exp(b))),
          a - log(exp(a) + exp(b)), expect="proved", source=SRC),
    Claim("twin: log softmax = a / log(e^a + e^b)", log(exp(a) / (exp(a) + exp(b))), a / log(exp(a) + exp(b)),
          expect="refuted", source=f"{SRC}, mutated (a quotient of logs)"),
    Claim("log(x e^-a) = log x - a", log(x * exp(-a)), log(x) - a, expect="proved", source=SRC),
    Claim("twin: log(x e^-a) = log x + a", log(x * exp(-a)), log(x) + a, expect="refuted",
          source=f"{SRC}, mutated (the sign of the exponent)"),
    Claim("log-sum-exp trick: log(e^a + e^b) = a + log(1 + e^(b - a))", log(exp(a) + exp(b)),
          a + log(1 + exp(b - a)), expect="proved", source=SRC + ": computed stably by shifting by the largest"),
    Claim("twin: log(e^a + e^b) = a + log(e^(b - a))", log(exp(a) + exp(b)), a + log(exp(b - a)), expect="refuted",
          source=f"{SRC}, mutated (the 1 dropped)"),
    Claim("softmax is shift-invariant: e^(a+c) / (e^(a+c) + e^(b+c)) = e^a / (e^a + e^b)",
          exp(a + c) / (exp(a + c) + exp(b + c)), exp(a) / (exp(a) + exp(b)), expect="proved", source=SRC),
    Claim("twin: softmax shifted in one term only", exp(a + c) / (exp(a + c) + exp(b)), exp(a) / (exp(a) + exp(b)),
          expect="refuted", source=f"{SRC}, mutated (the shift of the second term dropped)"),
    Claim("log(t^2) = 2 log|t| (t != 0)", log(t ** 2), 2 * log(Abs(t)), expect="proved",
          source=SRC + ": |t| inside a log"),
    Claim("twin: log(t^2) = log|t| (t != 0)", log(t ** 2), log(Abs(t)), expect="refuted",
          source=f"{SRC}, mutated (the exponent dropped)"),
]
