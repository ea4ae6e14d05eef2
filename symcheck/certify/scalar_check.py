"""Checking scalar certificates (`symcheck-scalar/1`) by redoing the argument independently.

The certificate names the claim's sides and the atoms split on; the checker uses
none of the prover's code:

* the sides must be the claim's (decimals read as exact fractions);
* every piecewise atom of the claim is split with the checker's own branch table
  (`BRANCHES`), whose branches cover the real line, boundaries included;
* in each case, lhs − rhs must cancel to 0 (an exact rational-function identity),
  or z3 must find no point satisfying the assumptions, the case's conditions and
  "every denominator of the claim is nonzero" where the relation fails.

The z3 step is reported as trusted. exp(u) of a real rational function u is a positive
indeterminate, exp(−u) its reciprocal (`_exp_atoms`). Roots, logs, symbolic powers and
the like are outside this checker: such certificates are rejected as not re-checkable.
"""
from __future__ import annotations

import dataclasses

import sympy
from sympy.matrices.expressions import MatrixExpr

from ..model import relations
from .cases import BRANCHES, cases, innermost_atom
from .ncpoly import Rejected
from .normal import Normal, exact as _exact
from .srepr_reader import UnsafeSrepr, read_srepr
from .view import least_integer_value

Z3_TIMEOUT_MS = 5000


def _check_powers(lhs, rhs, view) -> None:
    """Symbolic exponents must be k + c ≥ 0 for an integer k with a known lower bound: then b**(k + c)
    = b**c · b**k for every real b, the identity `cancel` relies on."""
    for side in (lhs, rhs):
        for node in sympy.preorder_traversal(side):
            if (isinstance(node, sympy.Function) and type(node) not in BRANCHES) or \
                    (isinstance(node, sympy.Pow) and node.exp.is_number and not node.exp.is_Integer):
                raise Rejected(f"{sympy.sstr(node)} is outside what the checker re-checks (rational "
                               "functions and piecewise atoms only)")
            if not (isinstance(node, sympy.Pow) and not node.exp.is_number):
                continue
            exp = sympy.expand(node.exp)
            k = next(iter(exp.free_symbols)) if len(exp.free_symbols) == 1 else None
            shift = sympy.expand(exp - k) if k is not None else None
            least = least_integer_value(k, view) if k is not None else None
            if shift is None or not shift.is_Integer or least is None or least + shift < 0:
                raise Rejected(f"the power {sympy.sstr(node)} is outside what the checker re-checks "
                               "(exponents must be k + c >= 0 for an integer k with a lower bound)")


def _rational_in_reals(u) -> bool:
    """u is built from real symbols and numbers by +, ·, integer powers and piecewise atoms (so it is real)."""
    for node in sympy.preorder_traversal(u):
        if isinstance(node, sympy.Function) and type(node) not in BRANCHES:
            return False
        if isinstance(node, sympy.Pow) and not node.exp.is_Integer:
            return False
        if isinstance(node, sympy.Symbol) and not node.is_real:
            return False
        if node.is_number and not (node.is_Rational or node.is_real is True):
            return False
    return True


def _exp_atoms(lhs, rhs, view) -> tuple:
    """Every exp(u) of a real u replaced by a new positive indeterminate E_u, and exp(−u) by 1/E_u
    (exp(−u)·exp(u) = 1); with the hypotheses E_u > 0. An identity or inequality that holds for every
    positive E_u holds at E_u = exp(u). Returns (lhs, rhs, hypotheses)."""
    found = [e for side in (lhs, rhs) for e in sympy.preorder_traversal(side) if isinstance(e, sympy.exp)]
    if not found:
        return lhs, rhs, []
    everything = (view.lhs, view.rhs, *view.relations, *[a for _, args in view.predicates for a in args])
    taken = {s.name for e in everything if isinstance(e, sympy.Basic) for s in e.free_symbols}
    atoms, replace = {}, {}
    for node in found:
        u = node.args[0]
        if not _rational_in_reals(u):  # no nested exp, log, root, ...
            raise Rejected(f"{sympy.sstr(node)} is outside what the checker re-checks (exp of a real rational "
                           "function only)")
        flip = u.could_extract_minus_sign()
        key = sympy.expand(-u if flip else u)
        if key not in atoms:
            name = f"exp_{len(atoms)}"
            while name in taken:
                name += "_"
            taken.add(name)
            atoms[key] = sympy.Symbol(name, positive=True)
        replace[node] = 1 / atoms[key] if flip else atoms[key]
    return lhs.xreplace(replace), rhs.xreplace(replace), [sympy.Gt(e, 0, evaluate=False) for e in atoms.values()]


def _same(a, b) -> bool:
    """The certificate's side is the claim's: identical, or equal in the checker's normal form."""
    if a == b:
        return True
    try:
        return Normal().equal(a, b)
    except Rejected:
        return False


def _denominators(expr) -> list:
    return [n.base for n in sympy.preorder_traversal(expr)
            if isinstance(n, sympy.Pow) and n.exp.is_number and n.exp.is_negative]


def _cancels(lhs, rhs) -> bool:
    return sympy.cancel(sympy.together(lhs - rhs)) == 0


def check_scalar(cert: dict, view, checked: list, trusted: list) -> None:
    """A scalar certificate: the claim itself, each case of its split cancels or z3 refutes its negation (trusted)."""
    try:
        lhs, rhs = read_srepr(cert["lhs"]), read_srepr(cert["rhs"])
    except UnsafeSrepr as exc:
        raise Rejected(f"scalar certificate: {exc}") from exc
    claim_lhs, claim_rhs = _exact(view.lhs), _exact(view.rhs)
    if cert.get("relation") != view.relation or not _same(lhs, claim_lhs) or not _same(rhs, claim_rhs):
        raise Rejected("the certificate's sides or relation are not the claim's")
    lhs, rhs = claim_lhs, claim_rhs  # what is proved below is the claim itself
    for expr in (lhs, rhs):
        if isinstance(expr, sympy.Basic) and expr.has(MatrixExpr):
            raise Rejected("a scalar certificate for a claim with matrices")
    # an assumption about matrices says nothing the scalar argument may use: set aside (fewer hypotheses)
    view = dataclasses.replace(view, relations=[r for r in view.relations
                                    if not (isinstance(r, sympy.Basic) and r.has(MatrixExpr))])
    lhs, rhs, positive = _exp_atoms(lhs, rhs, view)
    _check_powers(lhs, rhs, view)
    hypotheses = _hypotheses(view) + positive + \
        [sympy.Ne(d, 0) for d in _denominators(lhs) + _denominators(rhs)]
    all_cases = cases([lhs, rhs, *hypotheses])
    by_z3 = 0
    for conds, current in all_cases:
        if current is None:  # no branch of a Piecewise applies: the case itself must be impossible
            hyps = [h for h in hypotheses if innermost_atom([h]) is None]  # fewer facts: still sound
            goal = sympy.true
        else:
            a, b, *hyps = current
            if view.relation == "==" and _cancels(a, b):
                continue
            goal = sympy.Not(relations.sympy_relational(view.relation, a, b))
        if not _z3_unsat(hyps + list(conds) + [goal], view):
            raise Rejected(f"in the case {sympy.sstr(conds)} the checker cannot show the claim "
                           "(no cancellation, and z3 does not refute the negation)")
        by_z3 += 1
    checked.append(f"{len(all_cases)} case(s) re-derived; {len(all_cases) - by_z3} cancel exactly, "
                   f"{by_z3} closed by z3")
    if by_z3:
        trusted.append("z3: the negation of the claim is unsatisfiable in the cases it closed")


# unevaluated: SymPy would turn x > 0 for a positive x into True and lose the fact
SIGNS = {"positive": lambda s: sympy.Gt(s, 0, evaluate=False), "negative": lambda s: sympy.Lt(s, 0, evaluate=False),
         "nonnegative": lambda s: sympy.Ge(s, 0, evaluate=False), "nonpositive": lambda s: sympy.Le(s, 0, evaluate=False),
         "nonzero": lambda s: sympy.Ne(s, 0, evaluate=False), "zero": lambda s: sympy.Eq(s, 0, evaluate=False),
         "prime": lambda s: sympy.Ge(s, 2, evaluate=False),        # the least prime is 2
         "composite": lambda s: sympy.Ge(s, 4, evaluate=False)}    # the least composite number is 4


def _hypotheses(view) -> list:
    """Assumptions as relations: symbols' declared signs, Q sign predicates, relations."""
    out = []
    symbols = set().union(*[e.free_symbols for e in (view.lhs, view.rhs, *view.relations)
                            if isinstance(e, sympy.Basic)])
    for name, args in view.predicates:
        symbols |= set().union(*[a.free_symbols for a in args if isinstance(a, sympy.Basic)])
    for s in symbols:
        for word, rel in SIGNS.items():
            if getattr(s, f"is_{word}"):
                out.append(rel(s))
    for name, args in view.predicates:
        if name in SIGNS and args:
            out.append(SIGNS[name](_exact(args[0])))
    out += [_exact(r) for r in view.relations]
    return out


def _z3_unsat(formulas: list, view) -> bool:
    import z3

    names: dict = {}

    def var(s):
        if s not in names:
            integer = s.is_integer or any((name, (s,)) in view.predicates
                                          for name in ("integer", "even", "odd", "prime", "composite"))
            names[s] = z3.ToReal(z3.Int(s.name)) if integer else z3.Real(s.name)  # real division throughout
        return names[s]

    side: list = []

    def term(e):
        if isinstance(e, sympy.Symbol):
            return var(e)
        if e.is_Rational:
            return z3.RealVal(f"{e.p}/{e.q}")
        if e.is_Add:
            return z3.Sum(*[term(a) for a in e.args])
        if e.is_Mul:
            return z3.Product(*[term(a) for a in e.args])
        if e.is_Pow and e.exp.is_Integer:
            base = term(e.base)
            out = z3.RealVal(1)
            for _ in range(abs(int(e.exp))):
                out = out * base
            if e.exp < 0:
                side.append(base != 0)
                return 1 / out
            return out
        raise Rejected(f"{type(e).__name__} ({sympy.sstr(e)}) is outside what the checker gives z3")

    def formula(f):
        if f is sympy.true or f is True:
            return z3.BoolVal(True)
        if f is sympy.false or f is False:
            return z3.BoolVal(False)
        key = relations.key_of(f)
        if key is not None:
            return relations.RELATIONS[key].compare(term(f.lhs), term(f.rhs))
        if isinstance(f, sympy.And):
            return z3.And(*[formula(a) for a in f.args])
        if isinstance(f, sympy.Or):
            return z3.Or(*[formula(a) for a in f.args])
        if isinstance(f, sympy.Not):
            return z3.Not(formula(f.args[0]))
        raise Rejected(f"{type(f).__name__} is outside what the checker gives z3")

    solver = z3.Solver()
    solver.set("timeout", Z3_TIMEOUT_MS)
    for f in formulas:
        solver.add(formula(f))
    for s in side:
        solver.add(s)
    return solver.check() == z3.unsat


__all__ = ["check_scalar"]
