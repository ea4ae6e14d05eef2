"""Expectations over Gaussian noise: the `ExpectationReduction`.

`Expectation(f, ε, σ)` (and `MatrixExpectation`) mean E[f] for ε ~ N(0, σ²I) with ε
an n×1 vector. The integrand is expanded (`derivative.expand_linear`) into
monomials in ε with ε-free atoms (inverses, sums, other matrices stay whole), and
each monomial's expectation is written in closed form by Isserlis' theorem
(`wick`): degree 0 is itself, odd degrees are 0, and a monomial of degree 2k is
σ^{2k} times the sum over the perfect matchings of its occurrences of ε, each pair
contracted by Σᵢ eᵢeᵢᵀ = I, Σᵢ eᵢᵀQeᵢ = tr Q, ... (so E[εᵀMε] = σ² tr M, E[‖Aε‖²] =
σ² tr(AᵀA), E[εᵀAε·εᵀBε] = σ⁴(tr A tr B + tr(ABᵀ) + tr(AB))). Degrees above
`wick.MAX_DEGREE`, or ε inside a non-polynomial function: declined (None).

x ~ N(m, Σ) is written x = m + Lε with Σ = LLᵀ (docs/constructs.md), so the moments of
x are polynomials in m, L and the claim's matrices. The expectation is replaced by its
closed form and the matrix/scalar provers prove the resulting identity. Every rule is
exact, so the reduction is too.
"""
from __future__ import annotations

import sympy
from sympy import Basic, Trace
from sympy.matrices.expressions import MatrixSymbol

from ...model.constructs import Expectation, MatrixExpectation
from ...model.problem import Problem
from ...model.show import show
from .. import Reduced
from .derivative import (
    Mono, NotDifferentiable, add, as_scalar, chain_value, count, expand_linear, identical, is_matrix, mul, rebuild,
)
from .wick import MAX_CONTRACTIONS, NoClosedForm, degree_in, pairings

NAME = "Gaussian expectation (moments)"


def _value(mono: Mono):
    scalars = [Trace(chain_value(t)) for t in mono.traces]
    if mono.chain:
        return mul(mono.coeff, *scalars, *mono.chain)
    return sympy.Mul(mono.coeff, *scalars)


def closed_form(integrand, eps, sigma):
    """E[integrand] for ε ~ N(0, σ²I), as an expression free of ε; raises NoClosedForm."""
    try:
        monos = expand_linear(integrand, (eps,))
        for mono in monos:
            count(mono, eps)  # ε inside a coefficient is outside the rules
    except NotDifferentiable as exc:
        raise NoClosedForm(str(exc)) from None
    n = eps.shape[0]
    taken = {s.name for s in integrand.atoms(MatrixSymbol)}
    terms, budget = [], MAX_CONTRACTIONS
    for mono in monos:
        degree = degree_in(mono, eps)
        contracted = pairings(mono, eps, n, taken)
        budget -= len(contracted)
        if budget < 0:
            raise NoClosedForm(f"more than {MAX_CONTRACTIONS} pairings")
        terms.extend(mul(sigma ** degree, _value(m)) if degree else _value(m) for m in contracted)
    if is_matrix(integrand):
        return add(terms, integrand)
    return sympy.Add(*[as_scalar(t) for t in terms])


def replace_expectations(expr):
    """Every Expectation in expr replaced by its closed form, innermost first."""
    if not isinstance(expr, Basic) or not expr.has(Expectation, MatrixExpectation):
        return expr
    args = [replace_expectations(a) for a in expr.args]
    if isinstance(expr, (Expectation, MatrixExpectation)):
        return closed_form(args[0], expr.noise, expr.sigma)
    return rebuild(expr, args)


class ExpectationReduction:
    """Replaces E[f] over ε ~ N(0, σ²I) by its closed form (Isserlis pairings, degree ≤ wick.MAX_DEGREE)."""

    name = NAME

    def reduce(self, problem: Problem, deadline: float) -> Reduced | None:
        """The claim with every expectation replaced by its closed form, as one obligation; None without one."""
        if not (problem.lhs.has(Expectation, MatrixExpectation) or problem.rhs.has(Expectation, MatrixExpectation)):
            return None
        try:
            lhs, rhs = replace_expectations(problem.lhs), replace_expectations(problem.rhs)
        except NoClosedForm:
            return None
        if identical(lhs, rhs, problem.relation):
            return Reduced([], [f"both sides have the expectation {show(lhs)}"], {"lhs": sympy.srepr(lhs)})
        obligation = problem.with_sides(lhs, rhs)
        step = f"expectations in closed form (Isserlis pairings: E[εεᵀ] = σ²I, odd moments 0): {show(lhs)} " \
               f"{problem.relation} {show(rhs)}"
        return Reduced([obligation], [step], {"lhs": sympy.srepr(lhs), "rhs": sympy.srepr(rhs)})


__all__ = ["ExpectationReduction", "closed_form", "replace_expectations", "NoClosedForm"]
