"""Checking scalar certificates (`symcheck-scalar/1`) by redoing the argument independently.

The certificate names the claim's sides and the atoms split on; the checker uses
none of the prover's code:

* the sides must be the claim's (decimals read as exact fractions);
* every piecewise atom of the claim is split with the checker's own branch table
  (`BRANCHES`), whose branches cover the real line, boundaries included;
* in each case, lhs − rhs must cancel to 0 (an exact rational-function identity),
  or z3 must find no point satisfying the assumptions, the case's conditions and
  "every denominator of the claim is nonzero" where the relation fails.

The z3 step is reported as trusted. tanh, sinh, cosh, sech, csch and coth are first written with exp
by the checker's own table of their definitions (`DEFINITIONS`); a claim that holds them needs a
certificate that gives its rewritten sides ("rewrite"), and they must agree with the checker's own
rewrite (after the exp atoms below, their difference cancels to 0), else the certificate is rejected;
what is checked next is the checker's rewrite, never the certificate's. exp(u) of a real rational
function u is the product over u's terms c·m (c a term's rational content, m its primitive part, its
sign fixed) of powers of positive indeterminates E_m = exp(m/L), L the least common denominator of the
contents of m's terms: exp(c·m) = E_m^(c·L), so exp(−u) is 1/E_u, exp(2x) is E_x² and exp(a − b) is
E_a/E_b (`_exp_atoms`). floor, ceiling
and frac of what the checker translates go to z3 exactly (`INTEGER_PARTS`: z3's to_int, the greatest
integer <= its argument), and a symbol SymPy calls noninteger (irrational=True, rational=False with
real=True, ...) is "not an integer" for z3 (`Not(IsInt(x))`), an even one 2m and an odd one 2m + 1 for
an integer m: read from the claim's own symbol, never from the certificate, and given to z3 only when
it finds a point without them. A square root b**(k/2) of a real rational expression must be real
wherever the assumptions hold: b ≥ 0 is shown (by its form or by z3, `_require_domain`), never
assumed; then it is read as (r/|f|^q)**k for a nonnegative indeterminate r with r² = w, each square of a
factor f of b's denominator taken out as |f| (`roots`; the rewritten sides cancel for every r, or z3
gets r ≥ 0 and r² = w). A log of a real rational expression u must be real there too (u > 0
shown, `_require_domain`); log u is then read as Σ eᵢ·log|fᵢ| over u's factors (a rational's over its
primes; |g| read as g; an exp indeterminate E = exp(t) as t), each log|f| a real indeterminate, with
log's tangent-line bounds and monotonicity for z3, each E an atom of it with log E = t, and the goal's own combination of atoms ordered as the products of
their arguments (`logs`). Logs of anything else, roots inside roots, other fractional powers and symbolic powers
beyond k + c are outside this checker: such certificates are rejected as not re-checkable.
"""
from __future__ import annotations

import dataclasses
import functools
import math

import sympy
from sympy.matrices.expressions import MatrixExpr

from ..model import relations
from ..model.symbols import unmodelled_reason
from .cases import BRANCHES, cases, innermost_atom
from .ncpoly import Rejected
from .normal import Normal, exact as _exact
from .logs import log_atoms_of
from .roots import root_atoms_of
from .signs import Signs
from .srepr_reader import UnsafeSrepr, read_srepr
from .view import least_integer_value

Z3_TIMEOUT_MS = 5000

#: floor, ceiling and frac: exact in z3 (to_int is the floor of a real), so allowed in a claim
INTEGER_PARTS = (sympy.floor, sympy.ceiling, sympy.frac)


def _check_powers(lhs, rhs, view) -> None:
    """Symbolic exponents must be k + c ≥ 0 for an integer k with a known lower bound: then b**(k + c)
    = b**c · b**k for every real b, the identity `cancel` relies on."""
    for side in (lhs, rhs):
        for node in sympy.preorder_traversal(side):
            if (isinstance(node, sympy.Function) and type(node) not in BRANCHES
                    and type(node) not in INTEGER_PARTS) or \
                    (isinstance(node, sympy.Pow) and node.exp.is_number and not node.exp.is_Integer):
                raise Rejected(f"{sympy.sstr(node)} is outside what the checker re-checks (rational "
                               "functions, piecewise atoms, floor, ceiling and frac only)")
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
    """u is built from real symbols (a symbol declared with no assumptions is real, CONTRACT §1) and numbers by
    +, ·, integer powers and piecewise atoms (so it is real)."""
    for node in sympy.preorder_traversal(u):
        if isinstance(node, sympy.Function) and type(node) not in BRANCHES:
            return False
        if isinstance(node, sympy.Pow) and not node.exp.is_Integer:
            return False
        if isinstance(node, sympy.Symbol) and unmodelled_reason(node) is not None:  # not real (CONTRACT §1)
            return False
        if node.is_number and not (node.is_Rational or node.is_real is True):
            return False
    return True


def _exp_atoms(lhs, rhs, view) -> tuple:
    """Every exp(u) of a real u replaced by a power of a new positive indeterminate (`_exp_atoms_of`);
    with the hypotheses that each is > 0. Returns (lhs, rhs, hypotheses)."""
    (lhs, rhs), positive, _bounds, _values = _exp_atoms_of([lhs, rhs], view)
    return lhs, rhs, positive


def _exp_atoms_of(exprs: list, view) -> tuple:
    """Every exp(u) of a real rational function u, expanded into terms cⱼ·mⱼ (cⱼ a term's rational content,
    mⱼ its primitive part with its sign fixed; a constant term has m = 1), replaced by Π E_mⱼ^(cⱼ·L_mⱼ):
    exp(u) = Π exp(cⱼ·mⱼ), and E_m is a new positive indeterminate standing for exp(m/L_m), L_m the least
    common denominator of the contents c of m's terms in every exp (exp(c·m) = exp(m/L)^(c·L), an integer
    power). So exp(−u) = 1/E_u, exp(2x) = E_x² and exp(a + b) = E_a·E_b. An identity or inequality that holds
    for every positive E_m holds at E_m = exp(m/L). Returns (the expressions, [E_m > 0 for each E_m], bounds,
    {E_m: m/L}), the bounds being the tangent lines of exp at 0, true of every real t where t is defined:
    E_m ≥ 1 + t and E_m·(1 − t) ≤ 1 (exp(−t) ≥ 1 − t) for each E_m = exp(t), and the same for each exp(u) of
    several terms, its product of powers against u, and, when those powers share a factor g ≥ 2, the product of
    the powers divided by g against u/g (it is exp(u/g))."""
    found = [e for expr in exprs for e in sympy.preorder_traversal(expr) if isinstance(e, sympy.exp)]
    if not found:
        return list(exprs), [], [], {}
    everything = (view.lhs, view.rhs, *view.relations, *[a for _, args in view.predicates for a in args])
    taken = {s.name for e in everything if isinstance(e, sympy.Basic) for s in e.free_symbols}
    parts, contents = {}, {}
    for node in found:
        u = node.args[0]
        if not _rational_in_reals(u):  # no nested exp, log, root, ...
            raise Rejected(f"{sympy.sstr(node)} is outside what the checker re-checks (exp of a real rational "
                           "function only)")
        terms = []
        for term in sympy.Add.make_args(sympy.expand(u)):
            c, m = term.as_content_primitive()
            if m.could_extract_minus_sign():
                c, m = -c, -m
            if not c.is_Rational:
                raise Rejected(f"{sympy.sstr(node)}: no rational content")
            terms.append((c, m))
            contents.setdefault(m, []).append(c)
        parts[node] = terms
    atoms = {}
    for m in contents:  # in order of first appearance
        name = f"exp_{len(atoms)}"
        while name in taken:
            name += "_"
        taken.add(name)
        atoms[m] = (sympy.Symbol(name, positive=True), functools.reduce(math.lcm, [int(c.q) for c in contents[m]], 1))
    replace = {node: sympy.Mul(*[atoms[m][0] ** int(c * atoms[m][1]) for c, m in terms]) for node, terms in parts.items()}
    bounds, values = [], {}
    for m, (atom, lcd) in atoms.items():
        exponent = values[atom] = m / lcd
        bounds += [sympy.Ge(atom, 1 + exponent, evaluate=False), sympy.Le(atom * (1 - exponent), 1, evaluate=False)]
    for node, terms in parts.items():
        if len(terms) > 1:  # exp(u) ≥ 1 + u for the whole u too (exp(x − 1) ≥ x)
            u, value = node.args[0], replace[node]
            bounds += [sympy.Ge(value, 1 + u, evaluate=False), sympy.Le(value * (1 - u), 1, evaluate=False)]
            powers = [(atoms[m][0], int(c * atoms[m][1])) for c, m in terms]
            g = functools.reduce(math.gcd, [abs(k) for _, k in powers])
            if g >= 2:  # and for u/g: Π E^(k/g) = exp(u/g), so exp(2a − 2) = exp(a − 1)² with exp(a − 1) ≥ a
                root, s = sympy.Mul(*[atom ** (k // g) for atom, k in powers]), u / g
                bounds += [sympy.Ge(root, 1 + s, evaluate=False), sympy.Le(root * (1 - s), 1, evaluate=False)]
    return ([e.xreplace(replace) for e in exprs], [sympy.Gt(e, 0, evaluate=False) for e, _ in atoms.values()], bounds,
            values)


# The hyperbolic functions by their definitions with exp (identities of real functions wherever the
# function is defined; csch and coth are not at 0, where eᵘ − e⁻ᵘ = 0 is an inverse of 0).
DEFINITIONS = {
    sympy.sinh: lambda u: (sympy.exp(u) - sympy.exp(-u)) / 2,
    sympy.cosh: lambda u: (sympy.exp(u) + sympy.exp(-u)) / 2,
    sympy.tanh: lambda u: (sympy.exp(u) - sympy.exp(-u)) / (sympy.exp(u) + sympy.exp(-u)),
    sympy.coth: lambda u: (sympy.exp(u) + sympy.exp(-u)) / (sympy.exp(u) - sympy.exp(-u)),
    sympy.sech: lambda u: 2 / (sympy.exp(u) + sympy.exp(-u)),
    sympy.csch: lambda u: 2 / (sympy.exp(u) - sympy.exp(-u)),
}


def _by_definitions(expr):
    """expr with every hyperbolic function replaced by its definition (innermost first)."""
    if not isinstance(expr, sympy.Basic):
        return expr
    return expr.replace(lambda node: type(node) in DEFINITIONS and len(node.args) == 1,
                        lambda node: DEFINITIONS[type(node)](node.args[0]))


def _has_hyperbolic(*exprs) -> bool:
    return any(isinstance(e, sympy.Basic) and any(type(n) in DEFINITIONS for n in sympy.preorder_traversal(e))
               for e in exprs)


def _hyperbolic_rewritten(cert: dict, lhs, rhs, view) -> tuple:
    """(lhs, rhs, view) with the hyperbolic functions written with exp by the checker's own definitions.
    A claim that holds them needs the certificate's "rewrite", and it must agree with the checker's:
    each of its sides minus the checker's cancels to 0 once the exps are indeterminates."""
    pred_args = [a for _, args in view.predicates for a in args]
    record = cert.get("rewrite")
    if not _has_hyperbolic(lhs, rhs, *view.relations, *pred_args):
        if record is not None:
            raise Rejected("the certificate rewrites hyperbolic functions the claim does not hold")
        return lhs, rhs, view
    if not isinstance(record, dict):
        raise Rejected("the claim holds hyperbolic functions and the certificate does not give their rewrite with exp")
    try:
        given = [read_srepr(record["lhs"]), read_srepr(record["rhs"])]
    except (UnsafeSrepr, KeyError, TypeError) as exc:
        raise Rejected(f"scalar certificate: its rewrite: {exc}") from exc
    own = [_by_definitions(lhs), _by_definitions(rhs)]
    if _has_hyperbolic(*given):
        raise Rejected("the certificate's rewrite still holds hyperbolic functions")
    (a, b, c, d), _, _, _ = _exp_atoms_of(own + given, view)
    if not (_cancels(a, c) and _cancels(b, d)):
        raise Rejected("the certificate's rewrite with exp is not the definitions' (the checker's own rewrite "
                       "differs)")
    view = dataclasses.replace(view, relations=[_by_definitions(r) for r in view.relations],
                               predicates=[(name, tuple(_by_definitions(a) for a in args))
                                           for name, args in view.predicates])
    return own[0], own[1], view


def _same(a, b) -> bool:
    """The certificate's side is the claim's: identical, or equal in the checker's normal form."""
    if a == b:
        return True
    try:
        return Normal().equal(a, b)
    except Rejected:
        return False


def _require_domain(arguments: list, hypotheses: list, view, strict: bool) -> None:
    """Each argument w (of a root: w ≥ 0; of a log, `strict`: w > 0) holds wherever the hypotheses do (the
    claim's assumptions, exp atoms, plain denominators nonzero; no log atom among them, and for a log's argument
    the roots' r ≥ 0 with r² = w, each r standing for √w of a w shown ≥ 0): by the checker's sign rules
    (`signs.Signs`, reading the hypotheses' sign facts), else by z3."""
    signs = Signs(view.predicates, hypotheses)
    plain = [h for h in hypotheses if innermost_atom([h]) is None]  # without piecewise atoms: fewer facts, still sound
    for w in arguments:
        if signs.positive(w) if strict else signs.nonnegative(w):
            continue
        failing = sympy.Le(w, 0, evaluate=False) if strict else sympy.Lt(w, 0, evaluate=False)
        try:
            shown = _z3_unsat(plain + [failing], view)
        except Rejected:  # z3 cannot be asked (π, a symbolic power, ...): not shown
            shown = False
        if not shown:
            what = "log" if strict else "root"
            raise Rejected(f"the {what} of {sympy.sstr(w)} is not shown real: the checker cannot show {sympy.sstr(w)} "
                           f"{'>' if strict else '>='} 0 wherever the claim's assumptions hold")


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
    rewritten = _hyperbolic_rewritten(cert, lhs, rhs, view)
    if rewritten[0] is not lhs or rewritten[1] is not rhs:
        checked.append("tanh, sinh, cosh, sech, csch, coth rewritten with exp by their definitions; the "
                       "certificate's rewrite agrees")
    lhs, rhs, view = rewritten
    (lhs, rhs), positive, bounds, exps = _exp_atoms_of([lhs, rhs], view)
    denominators = _denominators(lhs) + _denominators(rhs)  # the claim's own, insides of roots and logs included
    taken = {s.name for e in (view.lhs, view.rhs, lhs, rhs, *view.relations) if isinstance(e, sympy.Basic)
             for s in e.free_symbols}
    plain = _hypotheses(view) + positive + bounds + [sympy.Ne(d, 0) for d in denominators
                                                      if not d.has(sympy.log) and not d.has(sympy.Pow)]
    (lhs, rhs, *denominators), logs, log_atoms, log_arguments = log_atoms_of([lhs, rhs, *denominators], taken, exps, goal=True)
    # the roots of the sides, of the log atoms' bounds and of the logs' arguments (log(1 + √x)) read alike
    rewritten, roots, described, arguments = root_atoms_of([lhs, rhs, *denominators, *logs, *log_arguments], taken)
    rest = iter(rewritten)
    lhs, rhs = next(rest), next(rest)
    denominators, logs = [next(rest) for _ in denominators], [next(rest) for _ in logs]
    log_arguments = list(rest)
    _check_powers(lhs, rhs, view)
    denominators += [d for d in _denominators(lhs) + _denominators(rhs) if d not in denominators]
    hypotheses = _hypotheses(view) + positive + bounds + [sympy.Ne(d, 0) for d in denominators]
    if log_atoms:  # a root r = √w in an argument: shown > 0 for every r ≥ 0 with r² = w, so at r = √w too
        _require_domain(log_arguments, plain + roots, view, strict=True)
        checked.append("logs of real rational arguments written as sums of indeterminates L = log|f| over the "
                       "factors f of each argument: " + ", ".join(log_atoms) + "; each argument shown > 0 where "
                       "the claim's assumptions hold; for z3, log's tangent-line bounds and monotonicity")
    if described:
        _require_domain(arguments, plain, view, strict=False)
        checked.append("square roots read as nonnegative indeterminates r with r² their argument, squares of "
                       "denominators taken out as absolute values: " + ", ".join(described) +
                       "; each argument shown >= 0 where the claim's assumptions hold")
    hypotheses += roots + logs
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
    """z3 finds no point: first without the symbols' integrality facts (fewer hypotheses, the
    question the checker always asked), then with them."""
    return _z3_unsat_once(formulas, view, False) or _z3_unsat_once(formulas, view, True)


def _symbol_term(z3, s, integer: bool, facts: bool, side: list, new_name):
    """The z3 term of the claim's symbol s. With `facts`, what its own SymPy assumptions say
    (read from the symbol in the claim, never from a certificate): an even symbol is 2m and an
    odd one 2m + 1 for a z3 integer m; a noninteger real (irrational=True, rational=False, ...)
    is not an integer."""
    if facts and s.is_even is True:
        return 2 * z3.ToReal(z3.Int(new_name(f"{s.name}_half")))
    if facts and s.is_odd is True:
        return 2 * z3.ToReal(z3.Int(new_name(f"{s.name}_half"))) + 1
    if integer:
        return z3.ToReal(z3.Int(s.name))  # real division throughout
    v = z3.Real(s.name)
    if facts and s.is_noninteger is True and s.is_real is True:
        side.append(z3.Not(z3.IsInt(v)))
    return v


def _z3_unsat_once(formulas: list, view, facts: bool) -> bool:
    import z3

    names: dict = {}
    taken = {s.name for f in formulas if isinstance(f, sympy.Basic) for s in f.free_symbols}

    def new_name(name):  # a z3 name no symbol of the question has (z3 identifies constants by name)
        while name in taken:
            name += "_"
        taken.add(name)
        return name

    def var(s):
        if s not in names:
            integer = s.is_integer or any((name, (s,)) in view.predicates
                                          for name in ("integer", "even", "odd", "prime", "composite"))
            names[s] = _symbol_term(z3, s, bool(integer), facts, side, new_name)
        return names[s]

    side: list = []

    def floor_of(u):  # z3's to_int is the greatest integer <= u
        return z3.ToReal(z3.ToInt(u))

    def term(e):
        if isinstance(e, sympy.Symbol):
            return var(e)
        if e.is_Rational:
            return z3.RealVal(f"{e.p}/{e.q}")
        if e.is_Add:
            return z3.Sum(*[term(a) for a in e.args])
        if e.is_Mul:
            return z3.Product(*[term(a) for a in e.args])
        if isinstance(e, sympy.floor):
            return floor_of(term(e.args[0]))
        if isinstance(e, sympy.ceiling):  # the least integer >= u is -floor(-u)
            return -floor_of(-term(e.args[0]))
        if isinstance(e, sympy.frac):  # SymPy's frac(u) = u - floor(u) for real u
            u = term(e.args[0])
            return u - floor_of(u)
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


__all__ = ["check_scalar", "INTEGER_PARTS"]
