"""Logarithms in scalar claims: the scalar prover's proofs, re-derived by the checker's own reading.

A log must be real wherever the claim's assumptions hold (the scalar prover requires it, and so does the
checker: log(a²) = 2 log a is not proved for a real a ≠ 0). The checker reads log u as the sum over u's factors
of e·log|f|, each log|f| a real indeterminate, with log's tangent-line bounds and monotonicity for z3
(symcheck.certify.logs). Each true claim has a false twin the refuter catches.
"""
from sympy import log, symbols

from symcheck import Claim

x, y = symbols("x y", positive=True)
SRC = "logarithms (scalar prover, checker's log rule)"

claims = [
    Claim("log(x y) = log x + log y", log(x * y), log(x) + log(y), expect="proved", source=SRC),
    Claim("twin: log(x + y) = log x + log y", log(x + y), log(x) + log(y), expect="refuted",
          source=f"{SRC}, mutated (a sum for the product)"),
    Claim("log(x / y) = log x - log y", log(x / y), log(x) - log(y), expect="proved", source=SRC),
    Claim("twin: log(x / y) = log x / log y", log(x / y), log(x) / log(y), expect="refuted",
          source=f"{SRC}, mutated (a quotient of logs)"),
    Claim("log(1 + x) > log x", log(1 + x), log(x), relation=">", expect="proved", source=SRC + ": log increases"),
    Claim("twin: log(1 + x) < log x", log(1 + x), log(x), relation="<", expect="refuted",
          source=f"{SRC}, mutated (the inequality reversed)"),
    Claim("log x <= x - 1", log(x), x - 1, relation="<=", expect="proved", source=SRC + ": the tangent line at 1"),
    Claim("twin: log x <= x - 2", log(x), x - 2, relation="<=", expect="refuted",
          source=f"{SRC}, mutated (the tangent line shifted)"),
]
