"""Proofs that a scalar denominator is nonzero under the claim's scalar assumptions.

A certificate coefficient such as 1/λ is only meaningful where λ ≠ 0. Owns the
question "is this polynomial factor nonzero for every allowed value?": first a
sign argument from the symbols' signs (SymPy's assumption system on positive
stand-ins), then z3 over the reals with every scalar assumption it can read (through the scalar
prover's z3 bridge, `prove.scalar.nlsat`).
Answers a reason string, or None when it cannot show it.
"""
from __future__ import annotations

import sympy

from ...model.problem import Problem
from ..scalar.forms import is_rational_polynomial

SIGN_PREDICATES = {"positive": "positive", "negative": "negative", "nonzero": "nonzero",
                   "nonnegative": "nonnegative", "nonpositive": "nonpositive"}


def _signs(problem: Problem, sqrt_symbols: dict) -> dict:
    """symbol -> sign word, from the symbol itself, Q predicates and simple relations."""
    signs: dict = {}
    for p in problem.predicates:
        if p.name in SIGN_PREDICATES and p.args and isinstance(p.args[0], sympy.Symbol):
            signs[p.args[0]] = p.name
    for rel in problem.relations:
        if isinstance(rel, sympy.StrictGreaterThan) and rel.rhs == 0 and isinstance(rel.lhs, sympy.Symbol):
            signs[rel.lhs] = "positive"
        if isinstance(rel, sympy.StrictLessThan) and rel.rhs == 0 and isinstance(rel.lhs, sympy.Symbol):
            signs[rel.lhs] = "negative"
    for d in problem.dims:
        signs[d] = "positive"
    for x, s in sqrt_symbols.items():
        signs[s] = "positive" if (signs.get(x) == "positive" or x.is_positive) else "nonnegative"
    return signs


def _by_sign(factor: sympy.Expr, signs: dict) -> bool:
    stand_in = {}
    for sym in factor.free_symbols:
        word = signs.get(sym)
        if word is None:
            if sym.is_positive:
                word = "positive"
            elif sym.is_negative:
                word = "negative"
            else:
                continue
        stand_in[sym] = sympy.Dummy(sym.name, **{word: True, "real": True})
    return sympy.sympify(factor).xreplace(stand_in).is_zero is False


# The relations among the scalar assumptions that z3 is told (a relation it cannot read is not used).
FACT_RELATIONS = (sympy.StrictGreaterThan, sympy.GreaterThan, sympy.StrictLessThan, sympy.LessThan, sympy.Eq, sympy.Ne)


def _by_z3(factor: sympy.Expr, problem: Problem, signs: dict, sqrt_symbols: dict, timeout_ms: int = 500) -> bool:
    """z3 finds no real point where factor = 0 under the signs and the scalar relations.

    Terms go through the scalar prover's z3 bridge (`prove.scalar.nlsat`), restricted to
    polynomials with rational coefficients: they translate exactly, with no side constraint.
    """
    if not is_rational_polynomial(factor):
        return False
    import z3  # noqa: PLC0415 - here, not at the top: most claims never need it, and it costs a cold start

    from ..scalar.nlsat import Z3Translator

    root_sub = {x: s ** 2 for x, s in sqrt_symbols.items()}
    facts = [rel.xreplace(root_sub) for rel in problem.relations
             if isinstance(rel, sympy.core.relational.Relational) and not rel.has(sympy.MatrixExpr)]
    symbols = set(factor.free_symbols)
    for fact in facts:
        symbols |= fact.free_symbols
    tr = Z3Translator()
    solver = z3.Solver()
    solver.set("timeout", timeout_ms)
    solver.add(tr.expr(factor) == 0)
    for sym in sorted(symbols, key=sympy.default_sort_key):
        var = tr.symbol(sym)
        word = signs.get(sym) or ("positive" if sym.is_positive else "negative" if sym.is_negative else None)
        constraint = {"positive": var > 0, "negative": var < 0, "nonzero": var != 0,
                      "nonnegative": var >= 0, "nonpositive": var <= 0}.get(word)
        if constraint is not None:
            solver.add(constraint)
    for fact in facts:
        if type(fact) in FACT_RELATIONS and is_rational_polynomial(fact.lhs) and is_rational_polynomial(fact.rhs):
            solver.add(tr.boolean(fact))
    return solver.check() == z3.unsat


def prove_nonzero(factor: sympy.Expr, problem: Problem, sqrt_symbols: dict) -> str | None:
    """Why the polynomial factor is nonzero wherever the assumptions hold, or None when that cannot be shown."""
    factor = sympy.sympify(factor)
    if factor.is_number:
        return "a nonzero constant" if factor != 0 else None
    signs = _signs(problem, sqrt_symbols)
    if _by_sign(factor, signs):
        return "nonzero by the signs of " + ", ".join(sorted(str(s) for s in factor.free_symbols))
    if _by_z3(factor, problem, signs, sqrt_symbols):
        return "z3: no real solution of factor = 0 under the scalar assumptions"
    return None


__all__ = ["prove_nonzero"]
