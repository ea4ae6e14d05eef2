"""Expectations over Gaussian noise: the `ExpectationReduction`.

`Expectation(f, ε, σ)` (and `MatrixExpectation`) mean E[f] for ε ~ N(0, σ²I) with ε
an n×1 vector. The integrand is expanded (`derivative.expand_linear`) into
monomials in ε with ε-free atoms (inverses, sums, other matrices stay whole), and
each monomial's expectation is written in closed form:

* degree 0: itself; odd degree: 0 (the odd moments of a centred Gaussian vanish);
* degree 2, with E[εεᵀ] = σ²I, i.e. E[B(ε, ε)] = σ² Σᵢ B(eᵢ, eᵢ) for the bilinear
  form B of the monomial — the rules of `_pair` (P ε q εᵀ R → σ² q P R,
  P εᵀ Q ε R → σ² tr(Q) P R, P ε q ε R → σ² P qᵀ R, P εᵀ q εᵀ R → σ² P qᵀ R, one
  factor in a trace tr(…ε…) = g ε, ...), so E[εᵀMε] = σ² tr(M) and E[‖Aε‖²] =
  σ² tr(AᵀA);
* degree ≥ 4 or ε inside a non-polynomial function: declined (None).

The expectation is replaced by its closed form and the matrix/scalar provers prove
the resulting identity. Every rule is exact, so the reduction is too.
"""
from __future__ import annotations

import sympy
from sympy import Basic, Trace, Transpose
from sympy.matrices.expressions import MatrixSymbol

from ...model.constructs import Expectation, MatrixExpectation
from ...model.problem import Problem
from .. import Reduced
from .derivative import (
    Mono, NotDifferentiable, transpose_atom, add, as_scalar, chain_value, count, expand_linear, identical,
    is_matrix, mul, rebuild, trace_gradient,
)

NAME = "Gaussian expectation (moments)"


class NoClosedForm(Exception):
    """The integrand is outside the moment rules."""


def _value(mono: Mono):
    scalars = [Trace(chain_value(t)) for t in mono.traces]
    if mono.chain:
        return mul(mono.coeff, *scalars, *mono.chain)
    return sympy.Mul(mono.coeff, *scalars)


def _rename(mono: Mono, eps, first, second) -> Mono:
    """The first occurrence of ε (in traces, then chain) becomes `first`, the second `second`."""
    names = iter([first, second])

    def swap(chain):
        out = []
        for atom in chain:
            if atom == eps:
                out.append(next(names))
            elif atom == Transpose(eps):
                out.append(Transpose(next(names)))
            else:
                out.append(atom)
        return tuple(out)

    traces = tuple(swap(t) for t in mono.traces)
    return Mono(mono.coeff, traces, swap(mono.chain))


def _holds(chain, symbol) -> bool:
    return any(a == symbol or a == Transpose(symbol) for a in chain)


def _split(chain, symbol):
    k = next(i for i, a in enumerate(chain) if a == symbol or a == Transpose(symbol))
    return chain[:k], chain[k] == symbol, chain[k + 1:]


def _t(chain) -> tuple:
    return tuple(transpose_atom(a) for a in reversed(chain))


def _chain_pair(chain, u, v, n):
    """E over the pair u, v (both in one chain, u first) as σ⁻²·value: Σᵢ chain(u = v = eᵢ)."""
    before, u_plain, rest = _split(chain, u)
    middle, v_plain, after = _split(rest, v)
    outer = before + after
    if u_plain and not v_plain:  # P u q vᵀ R, q 1×1: Σ eᵢ q eᵢᵀ = q I
        return mul(_scalar(middle), chain_value(outer, n))
    if not u_plain and v_plain:  # P uᵀ Q v R: Σ eᵢᵀ Q eᵢ = tr Q
        q = Trace(chain_value(middle, n)) if middle else n
        return mul(q, chain_value(outer)) if outer else q
    # P u q v R (q a row) or P uᵀ q vᵀ R (q a column): Σ eᵢ q eᵢ = qᵀ
    return chain_value(before + _t(middle) + after, n) if middle else _no_pair()


def _no_pair():
    raise NoClosedForm("a product ε ε without anything between them is ill-typed")


def _scalar(chain):
    return Trace(chain_value(chain)) if chain else sympy.S.One


def _pair(mono: Mono, eps, n):
    """σ⁻² E[mono] for a monomial of degree 2 in ε."""
    u, v = MatrixSymbol("u_pair", *eps.shape), MatrixSymbol("v_pair", *eps.shape)
    m = _rename(mono, eps, u, v)
    coeff = m.coeff
    u_trace = v_trace = None
    for t in m.traces:
        has_u, has_v = _holds(t, u), _holds(t, v)
        if has_u and has_v:  # tr(P u Q v R) = tr(u Q v R P)
            before, _plain, rest = _split(t, u)
            rotated = (t[len(before)],) + rest + before
            coeff = coeff * as_scalar(_trace_of(_chain_pair(rotated, u, v, n)))
        elif has_u:
            u_trace = trace_gradient(t, u)  # tr(t) = g u
        elif has_v:
            v_trace = trace_gradient(t, v)
        else:
            coeff = coeff * Trace(chain_value(t))
    chain = m.chain
    if u_trace is not None and v_trace is not None:  # (g u)(k v): Σ gᵢkᵢ = g kᵀ
        return mul(coeff, Trace(mul(u_trace, Transpose(v_trace))), *chain) if chain \
            else coeff * Trace(mul(u_trace, Transpose(v_trace)))
    if u_trace is not None or v_trace is not None:
        g = u_trace if u_trace is not None else v_trace
        other = v if u_trace is not None else u
        before, plain, after = _split(chain, other)
        # (g eᵢ) P eᵢ R summed: P gᵀ R;  (g eᵢ) P eᵢᵀ R: P g R
        return mul(coeff, *before, Transpose(g) if plain else g, *after)
    if _holds(chain, u):
        return mul(coeff, _chain_pair(chain, u, v, n))
    return coeff


def _trace_of(value):
    return Trace(value) if is_matrix(value) else value


def closed_form(integrand, eps, sigma):
    """E[integrand] for ε ~ N(0, σ²I), as an expression free of ε; raises NoClosedForm."""
    try:
        monos = expand_linear(integrand, (eps,))
    except NotDifferentiable as exc:
        raise NoClosedForm(str(exc)) from None
    n = eps.shape[0]
    terms = []
    for mono in monos:
        try:
            degree = count(mono, eps)
        except NotDifferentiable as exc:
            raise NoClosedForm(str(exc)) from None
        if degree == 0:
            terms.append(_value(mono))
        elif degree == 2:
            terms.append(mul(sigma ** 2, _pair(mono, eps, n)))
        elif degree % 2 == 1:
            continue
        else:
            raise NoClosedForm(f"a moment of order {degree}")
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
    """Replaces E[f] over ε ~ N(0, σ²I) by its closed form (moments of order ≤ 2)."""

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
            return Reduced([], [f"both sides have the expectation {sympy.sstr(lhs)}"], {"lhs": sympy.srepr(lhs)})
        obligation = problem.with_sides(lhs, rhs)
        step = f"expectations in closed form (E[εεᵀ] = σ²I, odd moments 0): {sympy.sstr(lhs)} " \
               f"{problem.relation} {sympy.sstr(rhs)}"
        return Reduced([obligation], [step], {"lhs": sympy.srepr(lhs), "rhs": sympy.srepr(rhs)})


__all__ = ["ExpectationReduction", "closed_form", "replace_expectations", "NoClosedForm"]
