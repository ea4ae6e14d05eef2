"""Gaussian expectations on the fast path: E[f(ε)], ε ~ N(0, σ²I) entrywise, for an integrand that is a
polynomial of degree at most 4 in the noise.

Owns `expectation(expr, ev)`, `fast_eval`'s rule for `Expectation` / `MatrixExpectation`. The degree is
checked symbolically, for every dimension (`constructs_eval.polynomial_degree_in`); anything else raises
`NotCovered` and the general evaluator decides (`constructs_eval`: the integrand as a polynomial in fresh
symbols, each monomial replaced by its moment). The value is the general path's, exactly:

* degree ≤ 2: f(0) + σ²/2 · tr(Hessian at 0), by second-order jets (`fast_derivative.expectation`);
* degree 3 or 4: E[f] = f(0) + σ²/2 · Δf(0) + σ⁴/8 · Δ²f(0) (the odd moments vanish, E[ε_i⁴] = 3σ⁴,
  E[ε_i²ε_j²] = σ⁴), the derivatives read off exact values of f on rational points: along each axis,
  g(t) = f(t·e_i) at t = 0, ±1, ±2 gives its t² and t⁴ coefficients a₂, a₄; on each pair of axes the
  four corners (±1, ±1) give the s²t² coefficient c₂₂ of f(s·e_i + t·e_j). Then
  E[f] = f(0) + σ² Σ a₂ + 3σ⁴ Σ a₄ + σ⁴ Σ_{i<j} c₂₂ — exact for every polynomial of degree ≤ 4.

A 1×1 value is a scalar, as the general path gives it. Only exact values are combined this way (a ball
leaves the expectation to the general path).
"""
from __future__ import annotations

from sympy.matrices.expressions import MatrixSymbol

from .constructs_eval import polynomial_degree_in
from .fast_derivative import expectation as quadratic_expectation
from .flint_values import NotCovered, as_scalar, fmpq, fmpq_mat, is_matrix, shape, times

MAX_DEGREE = 4


def expectation(expr, ev):
    """E[integrand] over the noise, for an integrand of degree ≤ 4 in it; NotCovered otherwise."""
    eps = expr.noise
    degree = polynomial_degree_in(expr.integrand, eps) if isinstance(eps, MatrixSymbol) else None
    if degree is None or degree > MAX_DEGREE:
        raise NotCovered("an expectation of an integrand that is not a polynomial of degree ≤ 4 in the noise")
    if degree <= 2:
        return quadratic_expectation(expr, ev)
    sigma = ev.scalar(expr.sigma)
    if not isinstance(sigma, fmpq):
        raise NotCovered("an expectation with a noise scale that is not exact")
    rows, cols = ev.dim(eps.rows), ev.dim(eps.cols)
    size = rows * cols

    def at(point: dict):
        entries = [fmpq(point.get(k, 0)) for k in range(size)]
        value = ev.bound({eps: fmpq_mat(rows, cols, entries)}).value(expr.integrand)
        if not isinstance(value, (fmpq, fmpq_mat)):
            raise NotCovered("an expectation of values that are not exact")
        return value

    def half(value):
        return times(value, fmpq(1, 2))

    centre = at({})
    second = fourth = times(centre, fmpq(0))  # Σ a₂, and 3 Σ a₄ + Σ c₂₂, in the value's own form
    axis_mean = []  # (g(1) + g(−1)) / 2 along each axis
    for i in range(size):
        mean_one = half(at({i: 1}) + at({i: -1}))
        mean_two = half(at({i: 2}) + at({i: -2}))
        p, q = mean_one - centre, mean_two - centre  # a₂ + a₄ and 4a₂ + 16a₄
        a4 = times(q - times(p, fmpq(4)), fmpq(1, 12))
        axis_mean.append(mean_one)
        second = second + (p - a4)
        fourth = fourth + times(a4, fmpq(3))
    for i in range(size):
        for j in range(i + 1, size):
            corners = at({i: 1, j: 1}) + at({i: 1, j: -1}) + at({i: -1, j: 1}) + at({i: -1, j: -1})
            fourth = fourth + (times(corners, fmpq(1, 4)) - axis_mean[i] - axis_mean[j] + centre)  # c₂₂
    value = centre + times(second, sigma ** 2) + times(fourth, sigma ** 4)
    return value if is_matrix(value) and shape(value) != (1, 1) else as_scalar(value)


__all__ = ["expectation", "MAX_DEGREE"]
