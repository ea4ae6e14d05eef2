"""Means compared in log form: AM–GM and its relatives as ML notes write them (log-likelihoods, entropy bounds).

log x + log y <= 2 log((x + y)/2) is the concavity of log at two points (Jensen with equal weights). The
scalar prover orders the goal's own combination of logs, Σ kᵢ·log uᵢ with integers kᵢ, as the products
Π uᵢ^kᵢ over its positive and its negative k are (log increases, log(uv) = log u + log v), so the claim
becomes 4xy <= (x + y)² for z3. The checker re-derives each proof with its own reading of the logs
(symcheck.certify.logs.combination_fact; a square root inside a log's argument, 1 + √x, is read as every root
is, r ≥ 0 with r² = x). Each true claim has a false twin the refuter catches.
"""
from sympy import log, sqrt, symbols

from symcheck import Claim

x, y, z = symbols("x y z", positive=True)
SRC = "means in log form (scalar prover: the goal's combination of logs ordered as its products)"

claims = [
    Claim("AM-GM: log x + log y <= 2 log((x + y)/2)", log(x) + log(y), 2 * log((x + y) / 2), relation="<=",
          expect="proved", source=SRC),
    Claim("twin: log x + log y >= 2 log((x + y)/2)", log(x) + log(y), 2 * log((x + y) / 2), relation=">=",
          expect="refuted", source=f"{SRC}, mutated (the direction; false where x != y)"),
    Claim("concavity of log: (log x + log y)/2 <= log((x + y)/2)", (log(x) + log(y)) / 2, log((x + y) / 2),
          relation="<=", expect="proved", source=SRC + ": Jensen's inequality for log, equal weights"),
    Claim("twin: (log x + log y)/2 <= log((x + y)/3)", (log(x) + log(y)) / 2, log((x + y) / 3), relation="<=",
          expect="refuted", source=f"{SRC}, mutated (the wrong mean; false at x = y = 1)"),
    Claim("AM-GM, three: log x + log y + log z <= 3 log((x + y + z)/3)", log(x) + log(y) + log(z),
          3 * log((x + y + z) / 3), relation="<=", expect="proved", source=SRC + ": 27xyz <= (x + y + z)^3"),
    Claim("twin: log x + log y + log z <= 3 log((x + y + z)/4)", log(x) + log(y) + log(z),
          3 * log((x + y + z) / 4), relation="<=", expect="refuted",
          source=f"{SRC}, mutated (the wrong mean; false at x = y = z = 1)"),
    Claim("weighted AM-GM: log x + 3 log y <= 4 log((x + 3y)/4)", log(x) + 3 * log(y), 4 * log((x + 3 * y) / 4),
          relation="<=", expect="proved", source=SRC + ": Jensen for log with weights 1/4, 3/4 (x y^3 <= ((x + 3y)/4)^4)"),
    Claim("twin: log x + 3 log y <= 4 log((x + 3y)/5)", log(x) + 3 * log(y), 4 * log((x + 3 * y) / 5),
          relation="<=", expect="refuted", source=f"{SRC}, mutated (the wrong mean; false at x = y = 1)"),
    Claim("HM <= GM: log(2xy/(x + y)) <= (log x + log y)/2", log(2 * x * y / (x + y)), (log(x) + log(y)) / 2,
          relation="<=", expect="proved", source=SRC + ": the harmonic mean is at most the geometric mean"),
    Claim("twin: log(2xy/(x + y)) >= (log x + log y)/2", log(2 * x * y / (x + y)), (log(x) + log(y)) / 2,
          relation=">=", expect="refuted", source=f"{SRC}, mutated (the direction; false where x != y)"),
    Claim("log(1 + x) + log(1 + y) >= log(1 + x + y)", log(1 + x) + log(1 + y), log(1 + x + y), relation=">=",
          expect="proved", source=SRC + ": (1 + x)(1 + y) >= 1 + x + y"),
    Claim("twin: log(1 + x) + log(1 + y) <= log(1 + x + y)", log(1 + x) + log(1 + y), log(1 + x + y),
          relation="<=", expect="refuted", source=f"{SRC}, mutated (the direction; false where xy > 0)"),
    Claim("2 log(1 + x) >= log(1 + x^2)", 2 * log(1 + x), log(1 + x ** 2), relation=">=", expect="proved",
          source=SRC + ": (1 + x)^2 >= 1 + x^2 for x > 0"),
    Claim("twin: 2 log(1 + x) <= log(1 + x^2)", 2 * log(1 + x), log(1 + x ** 2), relation="<=",
          expect="refuted", source=f"{SRC}, mutated (the direction; false for x > 0)"),
    Claim("log(1 + sqrt x) <= sqrt x", log(1 + sqrt(x)), sqrt(x), relation="<=", expect="proved",
          source=SRC + ": log u <= u - 1, a root inside the log's argument"),
    Claim("twin: log(1 + sqrt x) <= sqrt(x)/2", log(1 + sqrt(x)), sqrt(x) / 2, relation="<=", expect="refuted",
          source=f"{SRC}, mutated (half the bound; false at x = 1: log 2 > 1/2)"),
    Claim("2 log(1 + sqrt x) >= log(1 + x)", 2 * log(1 + sqrt(x)), log(1 + x), relation=">=", expect="proved",
          source=SRC + ": (1 + sqrt x)^2 >= 1 + x"),
    Claim("twin: 2 log(1 + sqrt x) <= log(1 + x)", 2 * log(1 + sqrt(x)), log(1 + x), relation="<=",
          expect="refuted", source=f"{SRC}, mutated (the direction; false for x > 0)"),
]
