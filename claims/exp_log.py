"""exp and log (issue 13 item 8): exp(a)·exp(−a) = 1, log(exp(a)) = a, and the logistic function.

σ(z) = 1/(1 + e⁻ᶻ): σ′ = σ(1 − σ), 1 − σ(z) = σ(−z), and the gradients and Hessian of the
logistic loss log(1 + exp(−y·wᵀx)) and of the cross-entropy −y log σ(wᵀx) − (1 − y) log(1 − σ(wᵀx))
with respect to the weight vector w (numerator layout: a row). Inside the matrix prover exp(u)
and exp(−u) are one atom (exp(−u) = 1/exp(u)), so exp(u)·exp(−u) = 1 also for u = y·wᵀx.
"""
from sympy import Derivative, MatrixSymbol, Trace, exp, log, symbols

from symcheck import Claim

a, z, y = symbols("a z y", real=True)
n = symbols("n", integer=True, positive=True)
x, w = MatrixSymbol("x", n, 1), MatrixSymbol("w", n, 1)
SRC = "issue 13 item 8"


def sigma(t):
    """The logistic function 1/(1 + exp(−t))."""
    return 1 / (1 + exp(-t))


m = Trace(w.T * x)   # the margin wᵀx as a scalar

scalars = [
    Claim("exp(a) exp(-a) = 1", exp(a) * exp(-a), 1, expect="proved", source=SRC),
    Claim("log(exp(a)) = a for real a", log(exp(a)), a, expect="proved", source=SRC),
    Claim("twin: log(exp(a)) = |a|", log(exp(a)), abs(a), expect="refuted", source=f"{SRC}, mutated"),
    Claim("exp(2a) = exp(a)^2", exp(2 * a), exp(a) ** 2, expect="proved", source=SRC),
    Claim("1 - sigma(z) = sigma(-z)", 1 - sigma(z), sigma(-z), expect="proved", source=SRC),
    Claim("exp(a - 1) >= a (the tangent line at 1)", exp(a - 1), a, relation=">=", expect="proved",
          source="exp's tangent lines (scalar prover: exp(a - 1) reaches z3 whole)"),
    Claim("twin: exp(a - 1) >= 2a", exp(a - 1), 2 * a, relation=">=", expect="refuted",
          source="exp's tangent lines, mutated (false at a = 1)"),
    Claim("exp(-a) <= 1/(1 + a) for a > -1", exp(-a), 1 / (1 + a), relation="<=", assume=[a > -1],
          expect="proved", source="exp's tangent lines (exp(-a) = 1/exp(a), exp(a) >= 1 + a)"),
    Claim("twin: exp(-a) >= 1/(1 + a) for a > -1", exp(-a), 1 / (1 + a), relation=">=", assume=[a > -1],
          expect="refuted", source="exp's tangent lines, mutated (the inequality reversed)"),
    Claim("exp(a - 1)^2 >= a^2 for a > 0", exp(a - 1) * exp(a - 1), a ** 2, relation=">=", assume=[a > 0],
          expect="proved", source="exp's tangent lines (exp(2a - 2) read as exp(a - 1)^2, exp(a - 1) >= a)"),
    Claim("twin: exp(a - 1)^2 >= 2 a^2 for a > 0", exp(a - 1) * exp(a - 1), 2 * a ** 2, relation=">=",
          assume=[a > 0], expect="refuted", source="exp's tangent lines, mutated (false at a = 1)"),
    Claim("exp(3a - 3) >= a^3 for a > 0", exp(3 * a - 3), a ** 3, relation=">=", assume=[a > 0], expect="proved",
          source="exp's tangent lines (exp(3a - 3) = exp(a - 1)^3)"),
    Claim("twin: exp(2a - 2) >= 4a - 3", exp(2 * a - 2), 4 * a - 3, relation=">=", expect="refuted",
          source="exp's tangent lines, mutated (the tangent line of exp(a - 1) doubled: false at a = 3/2)"),
    Claim("twin: 1 - sigma(z) = sigma(z)", 1 - sigma(z), sigma(z), expect="refuted", source=f"{SRC}, mutated"),
    Claim("sigma' = sigma (1 - sigma)", Derivative(sigma(z), z), sigma(z) * (1 - sigma(z)),
          expect="proved", source=SRC),
    Claim("twin: sigma' = sigma^2", Derivative(sigma(z), z), sigma(z) ** 2, expect="refuted",
          source=f"{SRC}, mutated"),
    Claim("d/dz log(1 + exp(-z)) = sigma(z) - 1", Derivative(log(1 + exp(-z)), z), sigma(z) - 1,
          expect="proved", source=SRC),
]
logistic_regression = [
    Claim("grad_w log(1 + exp(-y w^T x)) = -y sigma(-y w^T x) x^T", Derivative(log(1 + exp(-y * m)), w),
          -y * sigma(-y * m) * x.T, expect="proved", source=f"{SRC}: logistic loss"),
    Claim("twin: grad_w log(1 + exp(-y w^T x)) = -y sigma(y w^T x) x^T", Derivative(log(1 + exp(-y * m)), w),
          -y * sigma(y * m) * x.T, expect="refuted", source=f"{SRC}: logistic loss, mutated"),
    Claim("grad_w log(1 + exp(-y w^T x)), w^T x as a 1x1 product", Derivative(log(1 + exp(-y * (w.T * x))), w),
          -y * sigma(-y * m) * x.T, expect="proved", source=f"{SRC}: logistic loss"),
    Claim("grad_w cross-entropy = (sigma(w^T x) - y) x^T",
          Derivative(-y * log(sigma(m)) - (1 - y) * log(1 - sigma(m)), w), (sigma(m) - y) * x.T,
          expect="proved", source=f"{SRC}: cross-entropy"),
    Claim("twin: grad_w cross-entropy = (y - sigma(w^T x)) x^T",
          Derivative(-y * log(sigma(m)) - (1 - y) * log(1 - sigma(m)), w), (y - sigma(m)) * x.T,
          expect="refuted", source=f"{SRC}: cross-entropy, mutated sign"),
    Claim("Hessian of log(1 + exp(-w^T x)) = sigma (1 - sigma) x x^T", Derivative(log(1 + exp(-m)), w, 2),
          sigma(m) * (1 - sigma(m)) * x * x.T, expect="proved", source=f"{SRC}: logistic loss"),
    Claim("twin: Hessian of log(1 + exp(-w^T x)) = sigma x x^T", Derivative(log(1 + exp(-m)), w, 2),
          sigma(m) * x * x.T, expect="refuted", source=f"{SRC}: logistic loss, mutated"),
]
