"""Steps that hold up to a constant (`+ \\text{const}`, `+ C`, `\\propto`) and steps with densities.

"Up to a constant" is with respect to the declared variables of interest V (`variable: w`):
`L = R + const` says L − R does not depend on V, `L \\propto R` says L / R does not. Both are
decided as one plain identity over two independent copies of V, V and V′:

    D(V) = D(V′)   for every V, V′ (and every other value),   D = L − R  or  L / R.

A proof of it is a proof that D is free of V on any domain (connected or not: no
derivative argument is used); a refutation is an exact pair V, V′ where D differs,
re-checked like any counterexample. Assumptions that concern V hold for V′ as well.

Densities (`p: density`): `p(w | D)` with a variable of interest before the bar is
rewritten by Bayes' rule, p(V | B) = p(B | V) p(V) / p(B), so the densities the
derivation defines (`p(D | w) = ...`, `p(w) = ...`) can be put in. Logarithms of
products of positive factors are expanded (log ab = log a + log b for a, b > 0,
log eˣ = x, log aᵏ = k log a): exact where defined. Densities left over are abstracted
as independent positive numbers for the engines: a proof then holds for every density,
but a counterexample may not come from one, so it is never reported as a refutation.
"""
from __future__ import annotations

import sympy
from sympy import Add, Basic, MatrixSymbol, Mul, Pow, Symbol

from ..latex import ArbitraryConstant, Density
from ..model.relations import COMPARISONS


class NotCheckable(Exception):
    """A step with a constant or ∝ that cannot be decided this way; the message says why."""


def has_constant(expr) -> bool:
    """Whether `expr` holds an unknown constant (`+ const`)."""
    return isinstance(expr, Basic) and any(isinstance(a, ArbitraryConstant) for a in expr.atoms(ArbitraryConstant))


def has_density(expr) -> bool:
    """Whether `expr` holds the value of a declared density."""
    return isinstance(expr, Basic) and expr.has(Density)


def without_constants(expr):
    """`expr` with its `+ const` terms (c, -c, 2c) removed; NotCheckable when a constant is elsewhere."""
    if not has_constant(expr):
        return expr
    terms = Add.make_args(expr) if isinstance(expr, Add) else (expr,)
    kept = []
    for term in terms:
        coefficient, rest = term.as_coeff_Mul() if isinstance(term, Mul) else (sympy.S.One, term)
        if isinstance(rest, ArbitraryConstant) and coefficient.is_number:
            continue
        if has_constant(term):
            raise NotCheckable("an unknown constant must be a term of the sum (write `+ \\text{const}`)")
        kept.append(term)
    return Add(*kept) if kept else sympy.S.Zero


def by_bayes(expr, variables: tuple):
    """Every p(V, ... | B) (V a variable of interest before the bar, none after) as p(B | V, ...) p(V, ...) / p(B)."""
    if not variables or not has_density(expr):
        return expr

    def depends(args) -> bool:
        return any(a.has(v) for a in args for v in variables)

    mapping = {}
    for density in expr.atoms(Density):
        if density.conditions and depends(density.outcomes) and not depends(density.conditions):
            name = sympy.core.symbol.Str(density.density_name)
            outcomes, conditions = sympy.Tuple(*density.outcomes), sympy.Tuple(*density.conditions)
            likelihood = Density(name, conditions, outcomes)
            prior = Density(name, outcomes, sympy.Tuple())
            evidence = Density(name, conditions, sympy.Tuple())
            mapping[density] = Mul(likelihood, prior, Pow(evidence, -1))
    return expr.xreplace(mapping) if mapping else expr


# ---------------------------------------------------------------- logarithms

def _real(expr) -> bool:
    """Real by construction: declared names are real, matrices are real, so their traces and products are."""
    if expr.is_real:
        return True
    if isinstance(expr, (sympy.Trace, sympy.Determinant)):
        return True
    if isinstance(expr, (Add, Mul)):
        return all(_real(a) for a in expr.args)
    if isinstance(expr, Pow):
        return _real(expr.base) and (expr.exp.is_integer is True or _positive(expr.base) and _real(expr.exp))
    if isinstance(expr, sympy.exp):
        return _real(expr.args[0])
    return False


def _positive(expr) -> bool:
    """Positive by a sound rule: SymPy's assumptions, e^x of a real x, a positive base to a real power, products."""
    if expr.is_positive:
        return True
    if isinstance(expr, sympy.exp):
        return _real(expr.args[0])
    if isinstance(expr, Pow):
        return _positive(expr.base) and _real(expr.exp)
    if isinstance(expr, Mul):
        return all(_positive(a) for a in expr.args)
    return False


def _log_of(factor):
    """log(factor) for a positive factor, taken apart: log eˣ = x, log aᵏ = k log a."""
    if isinstance(factor, sympy.exp):
        return factor.args[0]
    if isinstance(factor, Pow) and _positive(factor.base):
        return Mul(factor.exp, _log_of(factor.base))
    if isinstance(factor, Mul):
        return Add(*[_log_of(f) for f in factor.args])
    return sympy.log(factor)


def expand_logs(expr):
    """Logarithms of products of positive factors expanded (exact wherever the expression is defined)."""
    if not isinstance(expr, Basic) or not expr.has(sympy.log):
        return expr
    if isinstance(expr, sympy.log) and len(expr.args) == 1:
        inner = expand_logs(expr.args[0])
        return _log_of(inner) if _positive(inner) else sympy.log(inner, evaluate=False)
    if not expr.args:
        return expr
    args = [expand_logs(a) for a in expr.args]
    if all(a is b for a, b in zip(args, expr.args)):
        return expr
    if isinstance(expr, (Add, Mul, Pow)):
        return expr.func(*args)
    try:
        return expr.func(*args, evaluate=False)
    except TypeError:
        return expr.func(*args)


# ---------------------------------------------------------------- densities for the engines

def abstract_densities(exprs: list) -> tuple[list, tuple]:
    """Each density value replaced by a positive number named like it, the same one wherever it appears."""
    found = sorted({d for e in exprs if isinstance(e, Basic) for d in e.atoms(Density)}, key=sympy.default_sort_key)
    if not found:
        return list(exprs), ()
    mapping = {d: Symbol(sympy.sstr(d), positive=True) for d in found}
    return [e.xreplace(mapping) if isinstance(e, Basic) else e for e in exprs], tuple(sorted(sympy.sstr(d) for d in found))


# ---------------------------------------------------------------- two copies of the variables

def _copy_of(variable, taken: set):
    name = variable.name + "'"
    while name in taken:
        name += "'"
    taken.add(name)
    if isinstance(variable, MatrixSymbol):
        return MatrixSymbol(name, *variable.shape)
    return Symbol(name, **variable.assumptions0)


def variable_copies(variables: tuple, *exprs) -> dict:
    """A fresh copy V′ (w → w′) of each variable of interest, named apart from every symbol in `exprs`."""
    taken = {getattr(s, "name", str(s)) for e in exprs if isinstance(e, Basic) for s in e.free_symbols}
    return {v: _copy_of(v, taken) for v in variables}


def independence_claim(lhs, rhs, relation: str, variables: tuple, assumptions: list, hypotheses: list) -> dict:
    """The identity D(V) = D(V′) that `lhs relation rhs` (up to a constant, or ∝) means; NotCheckable if none.

    Returns the obligation's parts: lhs, rhs, hypotheses (for V and V′) and a note for the report.
    """
    if not variables:
        raise NotCheckable("a step up to a constant (+ const, ∝) needs the variable it is constant in: "
                           "declare it, e.g. `variable: w`")
    if isinstance(lhs, sympy.MatrixExpr) or isinstance(rhs, sympy.MatrixExpr):
        raise NotCheckable("equality up to a constant is checked between scalars")
    names = ", ".join(sympy.sstr(v) for v in variables)
    if relation == "propto":
        if has_constant(lhs) or has_constant(rhs):
            raise NotCheckable("∝ with a `+ const` term is not checked")
        if _positive(lhs) and _positive(rhs):    # positive sides: the log of the ratio, whose terms can cancel
            difference, subject = Add(sympy.log(lhs), -sympy.log(rhs)), "the logarithm of the ratio of the sides"
        else:
            difference, subject = Mul(lhs, Pow(rhs, -1)), "the ratio of the sides"
    elif relation == "==":
        difference, subject = Add(without_constants(lhs), -without_constants(rhs)), "the difference of the sides"
    else:
        raise NotCheckable(f"a `+ const` term in a relation {relation!r} is not checked")
    difference = _dependent_part(expand_logs(difference), variables)
    copies = variable_copies(variables, difference, *hypotheses, *assumptions)
    primed = ", ".join(sympy.sstr(c) for c in copies.values())
    shared = [a for a in assumptions if any(a.has(v) for v in variables)]
    both = list(hypotheses) + [h.xreplace(copies) for h in hypotheses if any(h.has(v) for v in variables)]
    both += [a.xreplace(copies) for a in shared]
    return {"lhs": difference, "rhs": difference.xreplace(copies), "hypotheses": both,
            "note": f"{subject} does not depend on {names}: it takes the same value at {names} and at {primed}",
            "refutation": f"{subject} depends on {names}: lhs below is its value at {names}, rhs its value at "
                          f"{primed} (up to a term common to both)"}


def _dependent_part(difference, variables: tuple):
    """The terms of a sum that mention a variable of interest (the others are the same at V and V′)."""
    terms = Add.make_args(difference) if isinstance(difference, Add) else (difference,)
    kept = [t for t in terms if any(t.has(v) for v in variables)]
    return Add(*kept) if kept else sympy.S.Zero


def without_common_terms(lhs, rhs, symbols: set):
    """Both sums without the terms they share that hold one of `symbols` (D(V) and D(V′) shifted alike).

    A density that does not depend on V (the evidence p(D)) enters D(V) and D(V′) as the same
    term; dropping it from both changes neither whether they are equal nor where they differ.
    """
    if not symbols:
        return lhs, rhs
    left, right = list(Add.make_args(lhs)), list(Add.make_args(rhs))
    for term in list(left):
        if term.free_symbols & symbols and term in right:
            left.remove(term)
            right.remove(term)
    return Add(*left), Add(*right)


def usable_relation(relation: str, lhs, rhs) -> bool:
    """Whether `lhs relation rhs` can serve as a hypothesis (an exact comparison without unknown constants)."""
    return relation in COMPARISONS and not has_constant(lhs) and not has_constant(rhs)


__all__ = ["NotCheckable", "has_constant", "has_density", "without_constants", "by_bayes", "expand_logs",
           "abstract_densities", "variable_copies", "independence_claim", "without_common_terms", "usable_relation"]
