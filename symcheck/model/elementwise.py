"""The name of an element-wise function f (as in `X.applyfunc(f)`): a normal form of its body.

The matrix prover makes f(P) one letter per function f and argument P, and the checker
rebuilds the claim's letters the same way, so both name f by `function_key(f)`. An
activation's derivative can be written many ways — 1 − tanh²t, sech²t, 1/cosh²t; σ(1 − σ)
or e⁻ᵗ/(1 + e⁻ᵗ)² for σ = 1/(1 + e⁻ᵗ); (t + 1)² − 2t or t² + 1 — and the name must not
depend on which: it is the text of the body in normal form:

1. the bound variable renamed `_entry_` (a real symbol), and every function the claim defines
   itself (`Function("sin")` or a `Function` subclass named sin) renamed `user:<name>`
   (`model/function_names.py`), so it is never taken for SymPy's function of that name;
2. tanh, sinh, cosh, sech, csch, coth written with exp (their definitions);
3. exp of a sum split into a product of exps, and each exp(k·t) with k an integer written
   E^k for one positive indeterminate E standing for exp(t) (exp(k·t) = exp(t)^k);
4. the result put over one denominator with no common factor (`cancel`), numerator and
   denominator expanded polynomials in their generators, the denominator's leading
   coefficient 1.

Each step is an identity of real functions wherever both sides are defined, so two bodies
with one normal form are the same function there: one letter for both is sound (as the
claim promises, where it is defined). Different normal forms prove nothing either way
(two letters, as before). A body SymPy cannot put in this form is named by its own text.
"""
from __future__ import annotations

import functools

import sympy
from sympy.polys.polyerrors import GeneratorsNeeded

from .function_names import USER_PREFIX, function_atom_name
from .hyperbolic import by_exp

ENTRY = sympy.Symbol("_entry_", real=True)
EXP_ENTRY = sympy.Symbol("_exp_entry_", positive=True)   # E = exp(_entry_)


@functools.lru_cache(maxsize=1024)
def function_key(function) -> str:
    """The text that names an element-wise function f (a one-variable Lambda): its body in normal form."""
    var, = function.variables
    body = _claims_own_functions_renamed(function.expr.xreplace({var: ENTRY}))
    try:
        return sympy.srepr(normal_body(body))
    except Exception:  # noqa: BLE001 - a body SymPy cannot rewrite is named by its own text
        return sympy.srepr(body)


def _claims_own_functions_renamed(body):
    """body with every applied function that is not SymPy's own class written `user:<name>`(args)."""
    def rename(node):
        name = function_atom_name(node)
        return sympy.Function(name)(*node.args) if name.startswith(USER_PREFIX) else node
    return body.replace(lambda node: isinstance(node, sympy.Function) and bool(node.args), rename)


def _exp_of_entry(node):
    """exp(u) with u a sum: the product of exp of its terms, each exp(k·_entry_) (k an integer) as E^k."""
    terms = sympy.Add.make_args(node.args[0])
    out = sympy.S.One
    for term in terms:
        k = sympy.cancel(term / ENTRY) if term.has(ENTRY) else None
        if k is not None and k.is_Integer:
            out *= EXP_ENTRY ** int(k)
        else:
            out *= sympy.exp(term)
    return out


def normal_body(body):
    """The body in normal form (steps 2–4 of the module docstring); raises when SymPy cannot do a step."""
    if body.has(EXP_ENTRY):
        raise ValueError("the body already holds the indeterminate E")
    body = by_exp(body)
    body = body.replace(lambda node: isinstance(node, sympy.exp), _exp_of_entry)
    num, den = sympy.fraction(sympy.cancel(sympy.together(body)))
    try:
        polys, _ = sympy.parallel_poly_from_expr([num, den])
    except GeneratorsNeeded:  # a constant
        return sympy.Tuple(sympy.cancel(num / den), sympy.S.One)
    num_poly, den_poly = polys
    lc = den_poly.LC()
    if lc == 0:
        raise ZeroDivisionError("a zero denominator")
    return sympy.Tuple(sympy.expand(num_poly.as_expr() / lc), sympy.expand(den_poly.as_expr() / lc))


__all__ = ["function_key", "normal_body", "ENTRY", "EXP_ENTRY"]
