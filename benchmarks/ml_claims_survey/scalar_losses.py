"""ML claims survey: scalar facts of ML homework (logistic loss, softplus, entropy, KL, Jensen, Abs/Max).

Written fresh as a TA would state them (true claims and false twins, each `expect` checked by hand), to
measure what symcheck decides outside its own claims; results in benchmarks/suite_results.md."""
from sympy import Abs, Derivative, Max, Piecewise, Rational, exp, log, sqrt, symbols, tanh

from symcheck import Claim

a, b, c, z, yv = symbols("a b c z y", real=True)
x, u = symbols("x u", positive=True)
p, q, t = symbols("p q t", real=True)
SRC = "ML claims survey, scalar"


def sig(v):
    return 1 / (1 + exp(-v))


def sp(v):
    return log(1 + exp(v))


P01 = [p > 0, p < 1]
Q01 = [q > 0, q < 1]
kl = p * log(p / q) + (1 - p) * log((1 - p) / (1 - q))
H = -p * log(p) - (1 - p) * log(1 - p)
huber = Piecewise((a**2 / 2, Abs(a) <= 1), (Abs(a) - Rational(1, 2), True))

claims = [
    Claim("log x >= 1 - 1/x", log(x), 1 - 1 / x, relation=">=", expect="proved", source=SRC),
    Claim("twin: log x >= 1 - 1/(2x)", log(x), 1 - 1 / (2 * x), relation=">=", expect="refuted",
          source=SRC + " (x=1: 0 >= 1/2 false)"),
    Claim("log x <= 2(sqrt x - 1)", log(x), 2 * (sqrt(x) - 1), relation="<=", expect="proved", source=SRC),
    Claim("twin: log x <= sqrt x - 1", log(x), sqrt(x) - 1, relation="<=", expect="refuted",
          source=SRC + " (x=e^2: 2 > e-1)"),
    Claim("binary KL(p||q) >= 0", kl, 0, relation=">=", assume=P01 + Q01, expect="proved", source=SRC),
    Claim("twin: binary KL(p||q) <= 0", kl, 0, relation="<=", assume=P01 + Q01, expect="refuted",
          source=SRC + " (p=1/2, q=1/4)"),
    Claim("binary entropy H(p) <= log 2", H, log(2), relation="<=", assume=P01, expect="proved", source=SRC),
    Claim("twin: binary entropy H(p) <= log(2)/2", H, log(2) / 2, relation="<=", assume=P01, expect="refuted",
          source=SRC + " (p=1/2: log 2)"),
    Claim("binary entropy H(p) >= 0", H, 0, relation=">=", assume=P01, expect="proved", source=SRC),
    Claim("Jensen (exp, two points): exp((a+b)/2) <= (exp a + exp b)/2", exp((a + b) / 2),
          (exp(a) + exp(b)) / 2, relation="<=", expect="proved", source=SRC),
    Claim("twin: exp((a+b)/2) >= (exp a + exp b)/2", exp((a + b) / 2), (exp(a) + exp(b)) / 2,
          relation=">=", expect="refuted", source=SRC + " (a=0, b=2)"),
    Claim("Jensen weighted log: log(t x + (1-t) u) >= t log x + (1-t) log u", log(t * x + (1 - t) * u),
          t * log(x) + (1 - t) * log(u), relation=">=", assume=[t >= 0, t <= 1], expect="proved", source=SRC),
    Claim("twin: log(t x + (1-t) u) <= t log x + (1-t) log u", log(t * x + (1 - t) * u),
          t * log(x) + (1 - t) * log(u), relation="<=", assume=[t >= 0, t <= 1], expect="refuted",
          source=SRC + " (t=1/2, x=1, u=4)"),
    Claim("softplus(a) - softplus(-a) = a", sp(a) - sp(-a), a, expect="proved", source=SRC),
    Claim("twin: softplus(a) + softplus(-a) = a", sp(a) + sp(-a), a, expect="refuted", source=SRC + " (a=0)"),
    Claim("softplus(a) <= max(a, 0) + log 2", sp(a), Max(a, 0) + log(2), relation="<=", expect="proved",
          source=SRC),
    Claim("twin: softplus(a) <= max(a, 0)", sp(a), Max(a, 0), relation="<=", expect="refuted",
          source=SRC + " (a=0)"),
    Claim("sigma(z)(1 - sigma(z)) <= 1/4", sig(z) * (1 - sig(z)), Rational(1, 4), relation="<=",
          expect="proved", source=SRC),
    Claim("twin: sigma(z)(1 - sigma(z)) <= 1/8", sig(z) * (1 - sig(z)), Rational(1, 8), relation="<=",
          expect="refuted", source=SRC + " (z=0: 1/4)"),
    Claim("d softplus(z)/dz = sigma(z)", Derivative(sp(z), z), sig(z), expect="proved", source=SRC),
    Claim("twin: d softplus(z)/dz = sigma(-z)", Derivative(sp(z), z), sig(-z), expect="refuted",
          source=SRC + " (z=1)"),
    Claim("d/da [-log softmax_a(a,b,c)] = e^a/(e^a+e^b+e^c) - 1",
          Derivative(-log(exp(a) / (exp(a) + exp(b) + exp(c))), a),
          exp(a) / (exp(a) + exp(b) + exp(c)) - 1, expect="proved", source=SRC),
    Claim("d/db [-log softmax_a(a,b,c)] = e^b/(e^a+e^b+e^c)",
          Derivative(-log(exp(a) / (exp(a) + exp(b) + exp(c))), b),
          exp(b) / (exp(a) + exp(b) + exp(c)), expect="proved", source=SRC),
    Claim("twin: d/db [-log softmax_a(a,b,c)] = -e^b/(e^a+e^b+e^c)",
          Derivative(-log(exp(a) / (exp(a) + exp(b) + exp(c))), b),
          -exp(b) / (exp(a) + exp(b) + exp(c)), expect="refuted", source=SRC),
    Claim("d/dp Bernoulli log-lik = (y - p)/(p(1-p))", Derivative(yv * log(p) + (1 - yv) * log(1 - p), p),
          (yv - p) / (p * (1 - p)), assume=P01, expect="proved", source=SRC),
    Claim("twin: d/dp Bernoulli log-lik = (y - p)/p", Derivative(yv * log(p) + (1 - yv) * log(1 - p), p),
          (yv - p) / p, assume=P01, expect="refuted", source=SRC + " (y=0, p=1/2)"),
    Claim("AM-GM: sqrt(x u) <= (x + u)/2", sqrt(x * u), (x + u) / 2, relation="<=", expect="proved", source=SRC),
    Claim("twin: sqrt(x u) <= (x + u)/4", sqrt(x * u), (x + u) / 4, relation="<=", expect="refuted",
          source=SRC + " (x=u=1)"),
    Claim("triangle: |a + b| <= |a| + |b|", Abs(a + b), Abs(a) + Abs(b), relation="<=", expect="proved",
          source=SRC),
    Claim("twin: |a - b| <= |a| - |b|", Abs(a - b), Abs(a) - Abs(b), relation="<=", expect="refuted",
          source=SRC + " (a=0, b=1)"),
    Claim("relu(a) - relu(-a) = a", Max(a, 0) - Max(-a, 0), a, expect="proved", source=SRC),
    Claim("twin: relu(a) + relu(-a) = a", Max(a, 0) + Max(-a, 0), a, expect="refuted", source=SRC + " (a=-1)"),
    Claim("Huber(a) <= a^2/2", huber, a**2 / 2, relation="<=", expect="proved", source=SRC),
    Claim("twin: Huber(a) >= a^2/2", huber, a**2 / 2, relation=">=", expect="refuted", source=SRC + " (a=2)"),
    Claim("exp(a) >= 1 + a + a^2/2 for a >= 0", exp(a), 1 + a + a**2 / 2, relation=">=", assume=[a >= 0],
          expect="proved", source=SRC),
    Claim("twin: exp(a) >= 1 + a + a^2/2 for all a", exp(a), 1 + a + a**2 / 2, relation=">=",
          expect="refuted", source=SRC + " (a=-3)"),
    Claim("tanh(a) = 2 sigma(2a) - 1", tanh(a), 2 * sig(2 * a) - 1, expect="proved", source=SRC),
    Claim("twin: tanh(a) = 2 sigma(a) - 1", tanh(a), 2 * sig(a) - 1, expect="refuted", source=SRC + " (a=1)"),
]
