"""Exact evaluation of symcheck's own constructs on one instance (see symcheck.constructs).

Registered with `register_evaluator` when `symcheck.constructs` is imported:

* `Expectation` / `MatrixExpectation`: the noise ε becomes a vector of fresh symbols,
  the integrand is evaluated exactly (a polynomial in them, else `Unsupported`), and
  every monomial is replaced by its Gaussian moment E[Π εᵢ^kᵢ] = Π σ^kᵢ (kᵢ − 1)!!
  (0 when some kᵢ is odd) — exact for every degree.
* `ArgMin` / `ArgMax`: the variable becomes fresh symbols; the objective must be a
  polynomial of degree ≤ 2 in them (else `Unsupported`). The minimiser is unique
  exactly when the (constant, symmetric) Hessian is positive definite, decided by
  Sylvester's criterion with exact signs; then it is the solution of the linear
  stationarity system. Otherwise there is no unique optimum: `Undefined`.
"""
from __future__ import annotations

import sympy

from ..constructs import ArgMax, ArgMin, Expectation, MatrixExpectation
from .evaluate import Undecided, Undefined, Unsupported, register_evaluator, to_domain_matrix, to_sympy
from .exact import sign_of


def _fresh_matrix(name: str, rows: int, cols: int) -> sympy.Matrix:
    return sympy.Matrix(rows, cols, lambda i, j: sympy.Dummy(f"{name}_{i}{j}", real=True))


def gaussian_moment(k: int, sigma):
    """E[e^k] for e ~ N(0, σ²): 0 for odd k, σ^k (k − 1)!! for even k."""
    if k % 2:
        return sympy.S.Zero
    return sigma ** k * sympy.factorial2(k - 1)


def expected_polynomial(value, noise: list, sigma):
    """E[value] where value is a polynomial in independent N(0, σ²) variables `noise`."""
    value = sympy.expand(value)
    if not value.is_polynomial(*noise):
        raise Unsupported("the integrand is not a polynomial in the noise")
    total = sympy.S.Zero
    for powers, coeff in sympy.Poly(value, *noise).terms():
        term = coeff
        for k in powers:
            term *= gaussian_moment(k, sigma)
            if term == 0:
                break
        total += term
    return total


def _expectation(expr, ev):
    eps = expr.noise
    noise = _fresh_matrix("e", ev.dim(eps.rows), ev.dim(eps.cols))
    sigma = ev.scalar(expr.sigma)
    value = to_sympy(ev.child({eps: to_domain_matrix(noise)}).value(expr.integrand))
    symbols = list(noise)
    if isinstance(value, sympy.MatrixBase):
        return to_domain_matrix(value.applyfunc(lambda e: expected_polynomial(e, symbols, sigma)))
    return expected_polynomial(value, symbols, sigma)


def _positive(value) -> bool:
    sign = sign_of(sympy.nsimplify(value) if value.is_Float else value)
    if sign is None:
        raise Undecided(f"the sign of {value}")
    return sign > 0


def unique_minimiser(objective, variables: list):
    """The unique minimiser of a polynomial of degree ≤ 2 (a list of values), else Undefined."""
    f = sympy.expand(objective)
    if not f.is_polynomial(*variables) or sympy.Poly(f, *variables).total_degree() > 2:
        raise Unsupported("argmin of an objective that is not a quadratic polynomial in the variable")
    origin = {v: 0 for v in variables}
    gradient = sympy.Matrix([sympy.diff(f, v).subs(origin) for v in variables])
    hessian = sympy.hessian(f, variables)
    for k in range(1, len(variables) + 1):  # Sylvester: every leading principal minor > 0
        if not _positive(hessian[:k, :k].det()):
            raise Undefined("the objective has no unique minimiser (its Hessian is not positive definite)")
    return list(hessian.LUsolve(-gradient))


def _optimum(direction: int):
    def handler(expr, ev):
        w = expr.variable
        rows, cols = ev.dim(w.rows), ev.dim(w.cols)
        fresh = _fresh_matrix(w.name, rows, cols)
        value = to_sympy(ev.child({w: to_domain_matrix(fresh)}).value(expr.objective))
        if isinstance(value, sympy.MatrixBase):
            value = value[0, 0]
        solution = unique_minimiser(direction * value, list(fresh))
        return to_domain_matrix(sympy.Matrix(rows, cols, solution))
    return handler


register_evaluator(Expectation, _expectation)
register_evaluator(MatrixExpectation, _expectation)
register_evaluator(ArgMin, _optimum(1))
register_evaluator(ArgMax, _optimum(-1))

__all__ = ["gaussian_moment", "expected_polynomial", "unique_minimiser"]
