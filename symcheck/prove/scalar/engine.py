"""The scalar prover: real scalar claims (identities, inequalities, sign questions) under assumptions.

Domain rule (what a proof here covers)
--------------------------------------
A claim ``lhs REL rhs`` is proved when it holds at every real point that satisfies
every assumption and at which every inverse in the claim exists, i.e. no base of a
negative power (``1/q``, ``q**-2``, ``0**k`` with ``k < 0``) is zero (CONTRACT §2).
Nothing else is excluded: a square root or fractional power needs its base ``>= 0``,
a ``log`` its argument ``> 0``, a ``Piecewise`` some branch that applies, and these
are *proved* from the assumptions (the claim is left unknown otherwise), never
assumed. Symbols are real unless declared otherwise; a symbol declared non-real puts
the claim out of scope.

Integers: a symbol with ``integer=True`` or ``Q.integer`` ranges over the integers.
Proofs may treat it as a real (the claim is universally quantified and the reals
contain the integers, so a proof over the reals covers every integer), never the other
way round: a counterexample must give it an integer value, found over z3 integer sorts
and re-checked.

Method
------
1. Out of scope (returns None): matrices, derivatives, limits, integrals, sums,
   non-real symbols. tanh, sinh, cosh, sech, csch and coth are written with exp
   (their definitions, `symcheck.model.hyperbolic`) before anything else; then each
   log u is read as a sum over u's factors (`symcheck.prove.scalar.logs`), valid where
   u > 0, which stays a requirement of the claim as written (`_Setup.written`).
2. ``==``: split into cases on the sign conditions of ``Abs``/``Max``/``Min``/``sign``/
   ``Heaviside``/``Piecewise`` and on ``b = 0`` for symbolic powers
   (`symcheck.prove.scalar.cases`), then ``cancel`` each case. Every case cancelling to 0
   (with no root/log whose domain is in doubt) proves the identity.
3. Otherwise (and for ``!=``, ``<``, ``<=``, ``>``, ``>=``) z3 decides: the difference is
   brought to one fraction ``P/Q`` and the goal ``Q != 0 ∧ P·Q REL 0`` (``P REL 0`` for
   ``==``/``!=``) is checked against the assumptions and "every denominator of the
   claim is nonzero" (`symcheck.prove.scalar.nlsat`). Unsatisfiable negation: proved.
4. A z3 model is turned into exact rationals and re-checked by substitution into the
   original claim with SymPy: every assumption holds, every inverse exists, both
   sides are real numbers and the relation is false, decided exactly (rational
   arithmetic, minimal polynomials, or certified high-precision evaluation of a
   nonzero number). Only then is the claim refuted; otherwise unknown.
"""
from __future__ import annotations

import time
from typing import Callable

import sympy
from sympy import Basic, Q
from sympy.matrices.expressions import MatrixExpr

from ...model import relations
from ...model.hyperbolic import by_exp, has_hyperbolic
from ...model.problem import Problem
from ...model.symbols import symbol_facts, unmodelled_reason
from ...verdict import Counterexample, Verdict, proved, refuted, unknown
from . import cases as cases_mod
from .certificate import attach as attach_certificate
from .forms import exponent_is_integer
from .logs import expand_logs

#: Nodes owned by other engines or with no real-scalar meaning here.
OUT_OF_SCOPE = (sympy.Derivative, sympy.Limit, sympy.Integral, sympy.Sum, sympy.Product, sympy.Subs,
                MatrixExpr, sympy.MatrixBase, sympy.DiracDelta)

#: Q predicate on an expression -> relation it asserts (None: integer-typed, handled separately).
PREDICATE_RELATIONS: dict[str, Callable] = {
    "positive": lambda e: e > 0,
    "negative": lambda e: e < 0,
    "nonnegative": lambda e: e >= 0,
    "nonpositive": lambda e: e <= 0,
    "nonzero": lambda e: sympy.Ne(e, 0),
    "zero": lambda e: sympy.Eq(e, 0),
    "prime": lambda e: e >= 2,
    "composite": lambda e: e >= 4,
}
#: Predicates that make a bare symbol integer-valued.
INTEGER_PREDICATES = ("integer", "even", "odd", "prime", "composite")
#: Predicates that add nothing over "real" (dropping an assumption keeps a proof sound).
HARMLESS_PREDICATES = ("real", "finite", "extended_real", "rational", "algebraic", "commutative")
#: Predicates that make the claim non-real.
NONREAL_PREDICATES = ("imaginary", "complex", "antihermitian")

#: SymPy symbol assumption -> relation it asserts.
SYMBOL_RELATIONS: dict[str, Callable] = {  # unevaluated: SymPy would call them true and drop them
    "positive": lambda s: sympy.Gt(s, 0, evaluate=False),
    "negative": lambda s: sympy.Lt(s, 0, evaluate=False),
    "nonnegative": lambda s: sympy.Ge(s, 0, evaluate=False),
    "nonpositive": lambda s: sympy.Le(s, 0, evaluate=False),
    "zero": lambda s: sympy.Eq(s, 0, evaluate=False),
    "prime": lambda s: sympy.Ge(s, 2, evaluate=False),       # the least prime
    "composite": lambda s: sympy.Ge(s, 4, evaluate=False),   # the least composite number
}

#: Relation of the claim -> SymPy relational constructor (the one vocabulary, model/relations.py).
RELATION_OPS: dict[str, Callable] = {key: relations.RELATIONS[key].sympy_class() for key in relations.COMPARISONS}


class ScalarEngine:
    """Engine for claims between real scalar expressions (see the module docstring)."""

    name = "scalar"

    def attempt(self, problem: Problem, deadline: float) -> Verdict | None:
        """The verdict, with a `symcheck-scalar/1` certificate on every proof (checked by certify/)."""
        return attach_certificate(problem, self._attempt(problem, deadline))

    def _attempt(self, problem: Problem, deadline: float) -> Verdict | None:
        if not in_scope(problem):
            return None
        problem = hyperbolic_by_exp(exact_decimals(problem))
        setup = _Setup.from_problem(problem)
        if setup is None:
            return None
        if problem.relation == "==":
            verdict = _by_cases(problem, setup, deadline)
            if verdict is not None:
                return verdict
        if time.monotonic() > deadline:
            return unknown("scalar", "time limit reached before z3")
        return _by_z3(problem, setup, deadline)


# -- scope -------------------------------------------------------------------------------

NON_REAL_VALUES = (sympy.I, sympy.zoo, sympy.nan, sympy.oo, -sympy.oo)


def in_scope(problem: Problem) -> bool:
    """Real scalar claims without matrices, derivatives, limits or infinities."""
    if problem.matrix_symbols or problem.dims or not problem.is_scalar:
        return False
    for expr in (problem.lhs, problem.rhs, *problem.assumptions):
        if not isinstance(expr, Basic) or expr.has(*OUT_OF_SCOPE) or expr.has(*NON_REAL_VALUES):
            return False
    if any(p.name in NONREAL_PREDICATES for p in problem.predicates):
        return False
    names = [s.name for s in problem.scalar_symbols]
    if len(names) != len(set(names)):  # x and x(real=True) would merge; values are keyed by name
        return False
    # Symbols are real unless declared otherwise (CONTRACT §1): complex=True, imaginary=True, ...
    return all(unmodelled_reason(s) is None for s in problem.scalar_symbols)


def exact_decimals(problem: Problem) -> Problem:
    """Decimal literals (0.1) are read as the exact fractions they print as (1/10)."""
    parts = (problem.lhs, problem.rhs, *problem.assumptions)
    if not any(part.atoms(sympy.Float) for part in parts):
        return problem
    exact = lambda e: e.xreplace({f: sympy.Rational(str(f)) for f in e.atoms(sympy.Float)})
    return Problem.build(exact(problem.lhs), exact(problem.rhs), problem.relation,
                         [exact(a) for a in problem.assumptions], problem.layout, problem.name)


def hyperbolic_by_exp(problem: Problem) -> Problem:
    """tanh, sinh, cosh, sech, csch, coth written with exp (their definitions: `model.hyperbolic.by_exp`), in the
    sides and the assumptions; the problem itself when it has none. A counterexample found on the
    rewritten problem is re-checked on the claim itself by the dispatcher."""
    if not has_hyperbolic(problem.lhs, problem.rhs, *problem.assumptions):
        return problem
    return Problem.build(by_exp(problem.lhs), by_exp(problem.rhs), problem.relation,
                         [by_exp(a) for a in problem.assumptions], problem.layout, problem.name)


# -- normalised problem ------------------------------------------------------------------

class _Setup:
    """The claim over real symbols (carrying the sign facts SymPy can use) and its hypotheses."""

    def __init__(self, lhs, rhs, hypotheses, integers, dropped, written=None):
        self.lhs, self.rhs = lhs, rhs
        # the sides as the claim writes them (before logs are expanded): their domain and inverses are the claim's
        self.written: tuple = written if written is not None else (lhs, rhs)
        self.hypotheses: list = hypotheses
        self.integers: frozenset = integers
        self.dropped: list = dropped   # assumptions not used by the proof (still re-checked)

    @classmethod
    def from_problem(cls, problem: Problem) -> "_Setup | None":
        integer_names = {str(a[0]) for name in INTEGER_PREDICATES for a in problem.predicate_args(name)
                         if a and isinstance(a[0], sympy.Symbol)}
        facts = _bare_symbol_facts(problem)
        mapping = {}
        for s in problem.scalar_symbols:
            assumptions = {k: v for k, v in s.assumptions0.items() if v is not None}
            assumptions["real"] = True
            if s.name in integer_names:
                assumptions["integer"] = True
            assumptions.update(facts.get(s, {}))
            try:
                mapping[s] = sympy.Symbol(s.name, **assumptions)
            except Exception:  # contradictory assumptions: let other engines speak
                return None
        sub = lambda e: sympy.sympify(e).xreplace(mapping)
        hypotheses, dropped = [], []
        for s, real_s in mapping.items():
            hypotheses += [rel(real_s) for key, rel in SYMBOL_RELATIONS.items() if getattr(real_s, f"is_{key}")]
            if real_s.is_nonzero and not (real_s.is_positive or real_s.is_negative):
                hypotheses.append(sympy.Ne(real_s, 0, evaluate=False))
        for pred in problem.predicates:
            if pred.name in PREDICATE_RELATIONS:
                hypotheses.append(PREDICATE_RELATIONS[pred.name](sub(pred.args[0])))
            elif pred.name in INTEGER_PREDICATES and isinstance(pred.args[0], sympy.Symbol):
                continue
            elif pred.name not in HARMLESS_PREDICATES:
                dropped.append(pred)
        hypotheses += [sub(r) for r in problem.relations]
        hypotheses = [h for h in hypotheses if h is not sympy.true]
        integers = frozenset(v for v in mapping.values() if v.is_integer)
        lhs, rhs = sub(problem.lhs), sub(problem.rhs)
        return cls(expand_logs(lhs), expand_logs(rhs), hypotheses, integers, dropped, written=(lhs, rhs))


def _bare_symbol_facts(problem: Problem) -> dict:
    """Sign facts about single symbols (Q.positive(x), x > 0, ...) folded into symbol assumptions."""
    facts: dict = {}
    for pred in problem.predicates:
        if pred.name in PREDICATE_RELATIONS and pred.name != "zero" and isinstance(pred.args[0], sympy.Symbol):
            facts.setdefault(pred.args[0], {})[pred.name] = True
    zero_side = {sympy.StrictGreaterThan: "positive", sympy.GreaterThan: "nonnegative",
                 sympy.StrictLessThan: "negative", sympy.LessThan: "nonpositive", sympy.Unequality: "nonzero"}
    flipped = {"positive": "negative", "nonnegative": "nonpositive", "negative": "positive",
               "nonpositive": "nonnegative", "nonzero": "nonzero"}
    for rel in problem.relations:
        kind = zero_side.get(type(rel))
        if kind is None:
            continue
        if isinstance(rel.lhs, sympy.Symbol) and rel.rhs == 0:
            facts.setdefault(rel.lhs, {})[kind] = True
        elif isinstance(rel.rhs, sympy.Symbol) and rel.lhs == 0:
            facts.setdefault(rel.rhs, {})[flipped[kind]] = True
    return facts


# -- step 2: cases and cancel ------------------------------------------------------------

def requirements(expr: Basic, integers: frozenset = frozenset()) -> list:
    """Where `expr` is a real number at all: roots and fractional powers need a base >= 0
    (> 0 under a negative exponent), logs a positive argument, a Piecewise some branch,
    a non-integer symbolic power a positive base. These must be proved, never assumed."""
    conds = []
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Pow) and node.exp.is_Rational and not node.exp.is_Integer:
            conds.append(node.base > 0 if node.exp.is_negative else node.base >= 0)
        elif isinstance(node, sympy.Pow) and not node.exp.is_number and node.base is not sympy.E \
                and not exponent_is_integer(node.exp, integers):
            conds.append(node.base > 0)
        elif isinstance(node, sympy.log):
            conds.append(node.args[0] > 0)
        elif isinstance(node, sympy.Piecewise):
            conds.append(sympy.Or(*[c for _, c in node.args]))
    return [c for c in conds if c is not sympy.true]


def _cancels(diff: Basic) -> bool:
    return sympy.cancel(sympy.together(diff)) == 0


def _by_cases(problem: Problem, setup: _Setup, deadline: float) -> Verdict | None:
    """Proved when every case cancels, or its residue is closed by z3 under the case's conditions."""
    if setup.written != (setup.lhs, setup.rhs):  # logs were expanded: their domain is for z3 to prove
        return None
    try:
        cases = cases_mod.split((setup.lhs, setup.rhs), setup.integers)
    except cases_mod.TooManyCases:
        return None
    residual = []
    for case in cases:
        if time.monotonic() > deadline or case.uncovered:
            return None
        lhs, rhs = case.exprs
        if requirements(lhs, setup.integers) or requirements(rhs, setup.integers):
            return None
        if not _cancels(lhs - rhs):
            residual.append(case)
    if residual:
        from . import nlsat  # z3 only for a case that does not cancel (its import costs a cold start)
    for case in residual:
        lhs, rhs = case.exprs
        sub = _Setup(lhs, rhs, setup.hypotheses + list(case.conditions), setup.integers, setup.dropped)
        hypotheses = sub.hypotheses + _nonzero_denominators(setup.lhs, setup.rhs, lhs, rhs)
        decision = nlsat.decide_goal(hypotheses, _goal(sub, "=="), setup.integers, deadline)
        if decision.status == nlsat.SAT:  # a point of this case may refute the claim itself
            found = exact_counterexample(problem, {s.name: v for s, v in decision.model.items()})
            return refuted("case split + z3 nlsat model, re-checked exactly", found) \
                if isinstance(found, Counterexample) else None
        if decision.status != nlsat.UNSAT:
            return None
    what = f"{len(cases)} case{'s' if len(cases) != 1 else ''}"
    if not residual:
        return proved("case split + cancel", f"both sides cancel to the same rational function in each of {what}")
    return proved("case split + cancel + z3 nlsat",
                  f"{len(cases) - len(residual)} of {what} cancel; in the other {len(residual)} "
                  "the negation is unsatisfiable under the case conditions (z3 nlsat)")


# -- step 3: z3 --------------------------------------------------------------------------

def _denominators(expr: Basic) -> list:
    """Bases of negative numeric powers: each must be nonzero for the claim to be defined."""
    return [node.base for node in sympy.preorder_traversal(expr)
            if isinstance(node, sympy.Pow) and node.exp.is_number and node.exp.is_negative]


def _nonzero_denominators(*exprs) -> list:
    return [sympy.Ne(d, 0) for e in exprs for d in _denominators(e)]


def _fraction(expr: Basic) -> tuple:
    """Numerator and denominator of `expr` as one fraction. Symbolic powers are frozen as opaque
    symbols first, so that `cancel` cannot rewrite b**(k+1) as b*b**k (which is undefined at
    b = 0, k = -1 where the original is 1) and shrink the domain of the claim; and so are exps, so
    that exp(a - 1) reaches z3 whole, with its tangent line (exp(a - 1) >= a), not as exp(a)/e."""
    frozen = {node: sympy.Dummy("frozen") for node in sympy.preorder_traversal(expr)
              if (isinstance(node, sympy.Pow) and not node.exp.is_number) or isinstance(node, sympy.exp)}
    thawed = {v: k for k, v in frozen.items()}
    num, den = sympy.fraction(sympy.cancel(sympy.together(expr.xreplace(frozen))))
    return num.xreplace(thawed), den.xreplace(thawed)


def _goal(setup: _Setup, relation: str) -> Basic:
    """`Q != 0 and P*Q REL 0` for the difference P/Q (P REL 0 for == and !=), plus the domain requirements."""
    num, den = _fraction(setup.lhs - setup.rhs)
    # unevaluated: the decision is z3's, not SymPy's sign inference
    if relation in ("==", "!="):  # exps stay whole (power_exp=False), as `_fraction` keeps them
        core = RELATION_OPS[relation](sympy.expand(num, power_exp=False), 0, evaluate=False)
    else:
        core = RELATION_OPS[relation](sympy.expand(num * den, power_exp=False), 0, evaluate=False)
    needs = [n for side in (*setup.written, setup.lhs, setup.rhs) for n in requirements(side, setup.integers)]
    nonzero = [sympy.Ne(den, 0, evaluate=False)] if den != 1 else []
    return sympy.And(*needs, *nonzero, core, evaluate=False)


def _by_z3(problem: Problem, setup: _Setup, deadline: float) -> Verdict:
    from . import nlsat  # imported here: a claim closed by cancellation never loads z3

    hypotheses = list(setup.hypotheses) + _nonzero_denominators(*setup.written, setup.lhs, setup.rhs)
    goal = _goal(setup, problem.relation)
    decision = nlsat.decide_goal(hypotheses, goal, setup.integers, deadline)
    if decision.status == nlsat.UNSAT:
        note = "" if decision.exact else " (over-approximating non-polynomial terms)"
        where = "integer-valued" if "integers" in decision.reason else "real"
        return proved("z3 nlsat: negation unsatisfiable",
                      f"no {where} point satisfies the assumptions and the negation of the claim{note}"
                      + (" (z3 over the integers)" if where == "integer-valued" else ""))
    if decision.status != nlsat.SAT:
        return unknown("z3 nlsat", decision.reason)
    values = {s.name: v for s, v in decision.model.items()}
    found = exact_counterexample(problem, values)
    if isinstance(found, Counterexample):
        return refuted("z3 nlsat model, re-checked exactly", found)
    return unknown("z3 nlsat", f"z3 found a candidate {values} but the exact re-check failed: {found}")


# -- step 4: exact re-check ---------------------------------------------------------------

_DEFAULTS = (sympy.S.One, sympy.Integer(2), sympy.Rational(1, 2), -sympy.S.One, sympy.Integer(3), sympy.S.Zero)


def exact_counterexample(problem: Problem, values: dict) -> Counterexample | str:
    """Re-check a candidate {symbol name: value} exactly on the original problem.

    Returns the Counterexample when every assumption holds, every inverse exists, both
    sides are real numbers and the relation is false; otherwise the reason it is not one.
    Symbols the candidate does not mention get a default value tried from `_DEFAULTS`.
    """
    missing = [s for s in problem.scalar_symbols if s.name not in values]
    reason = "no values"
    for default in (_DEFAULTS if missing else _DEFAULTS[:1]):
        full = dict(values)
        full.update({s.name: default for s in missing})
        result = _check_point(problem, full)
        if isinstance(result, Counterexample):
            return result
        reason = result
    return reason


def _check_point(problem: Problem, values: dict) -> Counterexample | str:
    subs = {s: sympy.Rational(values[s.name]) for s in problem.scalar_symbols if s.name in values}
    if len(subs) != len(problem.scalar_symbols):
        return "some symbol has no value"
    for s, v in subs.items():
        if not _value_fits_symbol(s, v):
            return f"{s} = {v} breaks the declared assumptions of {s}"
    for pred in problem.predicates:
        if sympy.ask(getattr(Q, pred.name)(*[sympy.sympify(a).xreplace(subs) for a in pred.args])) is not True:
            return f"assumption Q.{pred.name}{pred.args} does not hold"
    for rel in problem.relations:
        if _holds(rel.xreplace(subs)) is not True:
            return f"assumption {rel} does not hold"
    for side in (problem.lhs, problem.rhs):
        for den in _denominators(side):
            if _sign(sympy.sympify(den).xreplace(subs)) == 0:
                return f"{den} = 0: an inverse does not exist"
    lhs_v, rhs_v = problem.lhs.xreplace(subs), problem.rhs.xreplace(subs)
    for v in (lhs_v, rhs_v):
        if v.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo) or v.is_extended_real is not True:
            return f"a side evaluates to {v}, not a real number"
    if _holds(RELATION_OPS[problem.relation](lhs_v, rhs_v, evaluate=False), exact=True) is not False:
        return f"the relation holds (or could not be decided exactly) at {values}"
    return Counterexample(dims={}, values={s.name: v for s, v in subs.items()}, lhs=lhs_v, rhs=rhs_v)


def _value_fits_symbol(s: sympy.Symbol, v: Basic) -> bool:
    """Every assumption fact of the symbol (prime, composite, noninteger, ...) holds for the rational v."""
    return all(getattr(v, f"is_{key}") is wanted for key, wanted in symbol_facts(s).items())


def _sign(value: Basic) -> int | None:
    """The exact sign of a real number: rational arithmetic, minimal polynomials, certified evaluation."""
    value = sympy.nsimplify(value) if value.is_Float else value
    if value.is_Rational:
        return (value.p > 0) - (value.p < 0)
    if value.is_extended_real is not True or not value.is_number:
        return None
    try:
        approx = value.evalf(50, strict=True)
    except Exception:
        approx = None
    if approx is not None and approx.is_Float and abs(approx) > sympy.Float("1e-40"):
        return 1 if approx > 0 else -1
    if value.is_algebraic:
        try:
            x = sympy.Dummy("x")
            if sympy.minimal_polynomial(value, x) == x:
                return 0
        except Exception:
            return None
    return None


_SIGN_TESTS: dict[type, Callable[[int], bool]] = {
    sympy.Equality: lambda s: s == 0, sympy.Unequality: lambda s: s != 0,
    sympy.StrictLessThan: lambda s: s < 0, sympy.LessThan: lambda s: s <= 0,
    sympy.StrictGreaterThan: lambda s: s > 0, sympy.GreaterThan: lambda s: s >= 0,
}


def _holds(rel: Basic, exact: bool = False) -> bool | None:
    """Truth of a relation between real numbers, decided on the exact sign of lhs - rhs."""
    if rel in (sympy.true, sympy.false):
        return bool(rel)
    test = _SIGN_TESTS.get(type(rel))
    if test is None:
        return None
    for side in (rel.lhs, rel.rhs):
        if side.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo) or side.is_extended_real is not True:
            return None
    sign = _sign(sympy.expand(rel.lhs - rel.rhs))
    return None if sign is None else test(sign)


__all__ = ["ScalarEngine", "in_scope", "exact_decimals", "hyperbolic_by_exp", "exact_counterexample", "requirements"]
