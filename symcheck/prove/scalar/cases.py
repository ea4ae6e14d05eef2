"""Case splitting of real scalar expressions on the sign conditions of their piecewise atoms.

`split(exprs)` replaces every `Abs`, `Max`, `Min`, `sign`, `Heaviside`, `Piecewise`
and symbolic power `b**(a*k + c)` by its value on each branch, and returns the
cases: the conjunction of branch conditions and the expressions with no such atom
left. The branches of one atom always cover the whole real line, boundaries
included (`Heaviside(u)` has the three branches u > 0, u = 0, u < 0), so a
statement that holds in every case holds everywhere.

Each branch is one of
* a value: the atom equals it under the branch condition;
* `EXCLUDED`: the atom has no value there because an inverse does not exist
  (``0**k`` with k < 0); such points are outside the claim (CONTRACT §2), the case
  is dropped;
* `UNCOVERED`: the atom is not a real number there (a `Piecewise` with no branch, a
  non-integer power of a base that may be non-positive); such a case must be shown
  impossible, so the caller cannot close it by algebra alone.

A symbolic power ``b**(g*key + c)`` on ``b != 0`` becomes ``T**g * b**c`` with a fresh
symbol ``T`` standing for ``b**key``: an identity in an independent ``T`` holds for
every value of ``b**key``. Branch rules are data (`BRANCH_RULES`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sympy

from .forms import EXCLUDED, exponent_is_integer, primitive_exponent

UNCOVERED = sympy.Symbol("⊥uncovered")


class TooManyCases(Exception):
    """The split would exceed the case budget."""


@dataclass(frozen=True)
class Case:
    """One case of the split: the conditions that define it and the expressions with every branch chosen."""
    conditions: tuple          # SymPy booleans, all true in this case
    exprs: tuple               # the expressions with every split atom replaced
    uncovered: bool = False    # some atom has no real value here: needs an infeasibility proof


def _abs(a, ctx):
    u = a.args[0]
    return [(u >= 0, u), (u < 0, -u)]


def _sign(a, ctx):
    u = a.args[0]
    return [(u > 0, sympy.S.One), (sympy.Eq(u, 0), sympy.S.Zero), (u < 0, -sympy.S.One)]


def _heaviside(a, ctx):
    u = a.args[0]
    h0 = a.args[1] if len(a.args) > 1 else sympy.S.Half
    return [(u > 0, sympy.S.One), (sympy.Eq(u, 0), h0 if h0.is_real else UNCOVERED), (u < 0, sympy.S.Zero)]


def _max(a, ctx):
    first, rest = a.args[0], a.func(*a.args[1:]) if len(a.args) > 2 else a.args[1]
    return [(first >= rest, first), (first < rest, rest)]


def _min(a, ctx):
    first, rest = a.args[0], a.func(*a.args[1:]) if len(a.args) > 2 else a.args[1]
    return [(first <= rest, first), (first > rest, rest)]


def _piecewise(a, ctx):
    branches, earlier = [], []
    for value, cond in a.args:
        here = sympy.And(cond, *[sympy.Not(c) for c in earlier])
        branches.append((here, EXCLUDED if value.has(EXCLUDED) else value))
        earlier.append(cond)
    if sympy.Or(*earlier) is not sympy.true:
        branches.append((sympy.And(*[sympy.Not(c) for c in earlier]), UNCOVERED))
    return branches


def _symbolic_power(a, ctx):
    base, exponent = a.args
    key, g, c = primitive_exponent(exponent)
    t = ctx.power_symbol(base, key)
    value = t**g * base**c
    if exponent_is_integer(exponent, ctx.integers):
        return [(sympy.Ne(base, 0), value),
                (sympy.And(sympy.Eq(base, 0), exponent > 0), sympy.S.Zero),
                (sympy.And(sympy.Eq(base, 0), sympy.Eq(exponent, 0)), sympy.S.One),
                (sympy.And(sympy.Eq(base, 0), exponent < 0), EXCLUDED)]
    return [(base > 0, value), (base <= 0, UNCOVERED)]


def _is_symbolic_power(a) -> bool:
    return isinstance(a, sympy.Pow) and not a.exp.is_number and a.base is not sympy.E


#: (predicate on a node, branch rule). A rule returns [(condition, value), ...] covering every point.
BRANCH_RULES: tuple[tuple[Callable, Callable], ...] = (
    (lambda a: isinstance(a, sympy.Abs), _abs),
    (lambda a: isinstance(a, sympy.sign), _sign),
    (lambda a: isinstance(a, sympy.Heaviside), _heaviside),
    (lambda a: isinstance(a, sympy.Max), _max),
    (lambda a: isinstance(a, sympy.Min), _min),
    (lambda a: isinstance(a, sympy.Piecewise), _piecewise),
    (_is_symbolic_power, _symbolic_power),
)


def _rule_for(node):
    return next((rule for test, rule in BRANCH_RULES if test(node)), None)


class _Context:
    def __init__(self, integers):
        self.integers = frozenset(integers)
        self.powers: dict = {}

    def power_symbol(self, base, key):
        """One independent symbol per (base, exponent part), shared by all cases."""
        if (base, key) not in self.powers:
            self.powers[(base, key)] = sympy.Dummy(f"({base})**({key})", real=True, nonzero=True)
        return self.powers[(base, key)]


def _innermost_atom(exprs):
    """A splittable node none of whose arguments contains another one."""
    for expr in exprs:
        for node in sympy.postorder_traversal(expr):
            if _rule_for(node) is not None:
                return node
    return None


def _literals(cond) -> dict:
    """Truth values a branch condition fixes, to decide other atoms' conditions in this case
    (two Piecewise on the same `z > 0` give 2 cases, not 4)."""
    known: dict = {}
    parts = cond.args if isinstance(cond, sympy.And) else (cond,)
    for part in parts:
        value = True
        if isinstance(part, sympy.Not):
            part, value = part.args[0], False
        if not isinstance(part, sympy.core.relational.Relational):
            continue
        for form in {part, part.canonical, part.reversed}:
            known[form] = sympy.true if value else sympy.false
        for form in {part.negated, part.negated.canonical, part.negated.reversed}:
            known[form] = sympy.false if value else sympy.true
    return known


def split(exprs, integers=frozenset(), limit: int = 256) -> list[Case]:
    """All cases of `exprs` (a tuple of SymPy expressions); raises TooManyCases past `limit`."""
    ctx = _Context(integers)
    done: list[Case] = []
    todo = [Case((), tuple(sympy.sympify(e) for e in exprs))]
    while todo:
        case = todo.pop()
        atom = _innermost_atom(case.exprs)
        if atom is None:
            done.append(case)
            if len(done) > limit:
                raise TooManyCases(f"more than {limit} cases")
            continue
        for cond, value in _rule_for(atom)(atom, ctx):
            if cond is sympy.false or value is EXCLUDED:
                continue
            if value is UNCOVERED:
                done.append(Case(case.conditions + (cond,), case.exprs, uncovered=True))
                continue
            known = _literals(cond)
            exprs_ = tuple(e.xreplace({atom: value}).xreplace(known) for e in case.exprs)
            todo.append(Case(case.conditions + (cond,), exprs_))
        if len(todo) + len(done) > limit:
            raise TooManyCases(f"more than {limit} cases")
    return done


__all__ = ["Case", "split", "TooManyCases", "BRANCH_RULES", "UNCOVERED"]
