"""Proofs that a scalar denominator is nonzero under the claim's scalar assumptions.

A certificate coefficient such as 1/λ is only meaningful where λ ≠ 0. Owns the
question "is this polynomial factor nonzero for every allowed value?": first a
sign argument from the symbols' signs (SymPy's assumption system on positive
stand-ins), then z3 over the reals with every scalar assumption it can read.
Answers a reason string, or None when it cannot show it.
"""
from __future__ import annotations

import sympy

from ...model.problem import Problem

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


def _by_z3(factor: sympy.Expr, problem: Problem, signs: dict, sqrt_symbols: dict, timeout_ms: int = 500) -> bool:
    try:
        import z3
    except ImportError:  # pragma: no cover - z3 is a dependency
        return False
    root_sub = {x: s ** 2 for x, s in sqrt_symbols.items()}
    symbols = set(factor.free_symbols)
    facts = []
    for rel in problem.relations:
        if isinstance(rel, sympy.core.relational.Relational) and not rel.has(sympy.MatrixExpr):
            facts.append(rel.xreplace(root_sub))
    for fact in facts:
        symbols |= fact.free_symbols
    names = {s: z3.Real(f"v{i}") for i, s in enumerate(sorted(symbols, key=sympy.default_sort_key))}

    def conv(e):
        e = sympy.sympify(e)
        if e in names:
            return names[e]
        if e.is_Rational:
            return z3.RealVal(f"{e.p}/{e.q}")
        if e.is_Add:
            return sum((conv(a) for a in e.args[1:]), conv(e.args[0]))
        if e.is_Mul:
            out = conv(e.args[0])
            for a in e.args[1:]:
                out = out * conv(a)
            return out
        if e.is_Pow and e.exp.is_Integer and e.exp > 0:
            out = conv(e.base)
            for _ in range(int(e.exp) - 1):
                out = out * conv(e.base)
            return out
        raise ValueError(e)

    ops = {sympy.StrictGreaterThan: lambda a, b: a > b, sympy.GreaterThan: lambda a, b: a >= b,
           sympy.StrictLessThan: lambda a, b: a < b, sympy.LessThan: lambda a, b: a <= b,
           sympy.Eq: lambda a, b: a == b, sympy.Ne: lambda a, b: a != b}
    solver = z3.Solver()
    solver.set("timeout", timeout_ms)
    try:
        solver.add(conv(factor) == 0)
        for sym, var in names.items():
            word = signs.get(sym) or ("positive" if sym.is_positive else "negative" if sym.is_negative else None)
            constraint = {"positive": var > 0, "negative": var < 0, "nonzero": var != 0,
                          "nonnegative": var >= 0, "nonpositive": var <= 0}.get(word)
            if constraint is not None:
                solver.add(constraint)
        for fact in facts:
            op = ops.get(type(fact))
            if op is not None:
                try:
                    solver.add(op(conv(fact.lhs), conv(fact.rhs)))
                except ValueError:
                    continue  # a fact z3 cannot read is simply not used (sound for unsat)
    except ValueError:
        return False
    return solver.check() == z3.unsat


def prove_nonzero(factor: sympy.Expr, problem: Problem, sqrt_symbols: dict) -> str | None:
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
