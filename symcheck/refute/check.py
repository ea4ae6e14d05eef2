"""Deciding a Problem on one instance: are the assumptions met, and does the relation hold?

Owns `failing_assumption`, `assumptions_hold`, `Outcome` and `check`. An assumption
that cannot be evaluated or decided exactly counts as not met: a refutation must
never rest on an assumption nobody checked. That includes every assumption a symbol
carries (`symbols("p", prime=True)`: each fact SymPy derives, checked on the value by
`predicates.symbol_violation`), for dimensions and scalars alike. The relation is decided exactly
(`exact.decide_relation`); an undecidable comparison is its own outcome, never a failure.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import sympy
from sympy.polys.matrices import DomainMatrix

from ..model import relations
from .errors import InfiniteLimit, NotEvaluable, Undecided, Undefined
from .evaluate import Evaluator, Instance, compare
from .fast_eval import compare as fast_compare
from .fast_eval import FastEvaluator, is_fast_value
from .fast_eval import to_sympy as fast_to_sympy
from .linalg import to_sympy
from .predicates import PREDICATES, symbol_violation

HOLDS, FAILS, UNDEFINED, ASSUMPTIONS_FAIL, UNDECIDED, UNSUPPORTED = (
    "holds", "fails", "undefined", "assumptions fail", "undecided", "unsupported")


# Q.gt(a, b) and friends are relations written as predicates.
BINARY_PREDICATES = {"eq": sympy.Eq, "ne": sympy.Ne, "gt": sympy.Gt, "ge": sympy.Ge, "lt": sympy.Lt,
                     "le": sympy.Le}


class Outcome:
    """What one instance says about a claim; `lhs`/`rhs` are the exact values when both sides evaluated.

    The sides are kept in the evaluator's form and turned into SymPy values only when read,
    so a search that only needs `fails` does not pay for converting big matrices.
    """

    def __init__(self, status: str, reason: str = "", lhs: Any = None, rhs: Any = None):
        self.status, self.reason = status, reason
        self._sides = [lhs, rhs]

    def _side(self, k: int):
        if isinstance(self._sides[k], DomainMatrix):
            self._sides[k] = to_sympy(self._sides[k])
        elif is_fast_value(self._sides[k]):
            self._sides[k] = fast_to_sympy(self._sides[k])
        return self._sides[k]

    @property
    def lhs(self):
        """The left side's exact value (converted to SymPy when first read)."""
        return self._side(0)

    @property
    def rhs(self):
        """The right side's exact value (converted to SymPy when first read)."""
        return self._side(1)

    @property
    def fails(self) -> bool:
        """Is this instance a counterexample?"""
        return self.status == FAILS

    @property
    def holds(self) -> bool:
        """Did the claim hold on this instance?"""
        return self.status == HOLDS

    @property
    def skipped(self) -> bool:
        """Does the instance say nothing (assumptions failed, undefined, undecided, unsupported)?"""
        return self.status not in (HOLDS, FAILS)

    def __repr__(self) -> str:
        return f"Outcome({self.status!r}, {self.reason!r}, lhs={self.lhs!r}, rhs={self.rhs!r})"


@lru_cache(maxsize=4096)
def _by_name(symbols: frozenset) -> tuple:
    """The symbols in the order of their names (printing SymPy names is slow: done once per set)."""
    return tuple(sorted(symbols, key=str))


@lru_cache(maxsize=65536)
def _violation(symbol, value) -> str | None:
    """symbol_violation for an exact rational: the same symbol and number always give the same answer."""
    return symbol_violation(symbol, value)


def _shown(expr) -> str:
    """str(expr), once per expression: printing a matrix expression is slow (SymPy's printer tries
    negating every product), and a search prints the same failed assumption again and again."""
    try:
        return _shown_once(expr)
    except TypeError:  # unhashable (a mutable explicit matrix): printed each time
        return str(expr)


@lru_cache(maxsize=4096)
def _shown_once(expr) -> str:
    return str(expr)


def _symbol_violation(symbol, value) -> str | None:
    if isinstance(value, sympy.Rational):  # exact, hashable, equal only to itself among rationals
        return _violation(symbol, value)
    return symbol_violation(symbol, value)


def failing_assumption(problem, instance: Instance, ev: Evaluator | None = None,
                       fast: FastEvaluator | None = None) -> str | None:
    """A description of the first assumption the instance does not (verifiably) meet, else None.

    With `fast`, a relation among rational values (λ > 0, UᵀU = I) is first decided on it, with
    the general evaluator's answer; what it does not cover goes to `ev`, as without it."""
    ev = ev or Evaluator(instance, problem.layout)
    for symbol in _by_name(frozenset(problem.dims)):
        size = instance.dims.get(symbol)
        if not isinstance(size, int) or size < 1:
            return f"dimension {symbol} has no positive size"
        violation = _symbol_violation(symbol, sympy.Integer(size))
        if violation is not None:
            return f"dimension {symbol} = {size}: {violation} (declared on the symbol)"
    for symbol in _by_name(frozenset(problem.matrix_symbols)):
        for size in symbol.shape:  # dimensions are positive (CONTRACT §1): X with n - 1 rows needs n >= 2
            try:
                rows = ev.dim(size)
            except Undefined as exc:
                return f"{symbol}: {exc}"
            if rows < 1:
                return f"{symbol} would have {rows} rows or columns ({sympy.sstr(size)}) on this instance"
    for symbol in _by_name(frozenset(problem.scalar_symbols)):
        try:
            value = ev.value(symbol)
        except Undefined as exc:
            return f"{symbol}: {exc}"
        violation = _symbol_violation(symbol, value)
        if violation is not None:
            return f"{symbol} = {to_sympy(value)}: {violation} (declared on the symbol)"
    for predicate in problem.predicates:
        if predicate.name in BINARY_PREDICATES:
            relation = BINARY_PREDICATES[predicate.name](*predicate.args)
            try:
                truth = ev.value(relation)
            except Undefined as exc:
                return f"Q.{predicate.name}{predicate.args}: {exc}"
            if truth is not sympy.true:
                return f"Q.{predicate.name}{predicate.args} does not hold"
            continue
        test = PREDICATES.get(predicate.name)
        if test is None:
            return f"Q.{predicate.name} cannot be checked on an instance"
        for arg in predicate.args:
            try:
                value = ev.value(arg)
            except Undefined as exc:
                return f"Q.{predicate.name}({arg}): {exc}"
            if test(value) is not True:
                return f"Q.{predicate.name}({_shown(arg)}) does not hold (or cannot be decided)"
    for relation in problem.relations:
        decided = _fast_relation(fast, relation)
        if decided is True:
            continue
        if decided is False:
            return f"{_shown(relation)} does not hold"
        try:
            truth = ev.value(relation)
        except Undefined as exc:
            return f"{relation}: {exc}"
        if truth is not sympy.true:
            return f"{_shown(relation)} does not hold"
    return None


def _fast_relation(fast: FastEvaluator | None, relation) -> bool | None:
    """The truth of a relation on the fast path, or None when it does not decide it."""
    if fast is None or not isinstance(relation, sympy.core.relational.Relational):
        return None
    op = relations.key_of(relation)
    sides = None if op is None else fast.values([relation.lhs, relation.rhs])
    return None if sides is None else fast_compare(op, *sides)


# Predicates that fix a structure (not just an open condition such as invertibility): a
# derivative by a symbol carrying one depends on a convention, so it is not evaluated.
STRUCTURAL_PREDICATES = frozenset({
    "symmetric", "hermitian", "diagonal", "orthogonal", "unitary", "lower_triangular", "upper_triangular",
    "triangular", "unit_triangular", "positive_definite", "positive_semidefinite", "normal", "singular",
    "integer", "rational", "even", "odd", "zero", "integer_elements", "rational_elements",
})


def tied_symbols(problem) -> frozenset:
    """Symbols in an equation among the assumptions, or under a structural predicate."""
    tied = set()
    for relation in problem.relations:
        if not isinstance(relation, sympy.Eq):  # Ne, <, > are open conditions: nothing is tied
            continue
        symbols = (relation.free_symbols | relation.atoms(sympy.MatrixSymbol)) - set(problem.dims)
        if len(symbols) == 1 and not relation.atoms(sympy.MatrixSymbol):
            continue  # Eq(phi, 0) only says where the derivative is taken
        tied |= symbols
    for predicate in problem.predicates:
        if predicate.name in STRUCTURAL_PREDICATES or predicate.name == "eq":
            for arg in predicate.args:
                if isinstance(arg, sympy.Basic):
                    tied |= arg.free_symbols | arg.atoms(sympy.MatrixSymbol)
    return frozenset(tied)


_TIED: dict = {}  # id(problem) -> (problem, relations, predicates, tied symbols)


def _tied_once(problem) -> frozenset:
    """tied_symbols, once per problem (a search checks one problem on hundreds of instances); made
    again when its assumptions were replaced."""
    relations, predicates = tuple(problem.relations), tuple(problem.predicates)
    known = _TIED.get(id(problem))
    if known is not None and known[0] is problem and len(known[1]) == len(relations) \
            and len(known[2]) == len(predicates) and all(a is b for a, b in zip(known[1], relations)) \
            and all(a is b for a, b in zip(known[2], predicates)):
        return known[3]
    tied = tied_symbols(problem)
    if len(_TIED) >= 256:
        _TIED.clear()
    _TIED[id(problem)] = (problem, relations, predicates, tied)  # holding the problem keeps its id its own
    return tied


INFINITIES = (sympy.oo, -sympy.oo)
BALLS_COMPARED = "compared as rigorous balls (the cross-check of a proof): no exact sides"


def side_value(ev: Evaluator, side):
    """The exact value of one side; ±∞ when the side is ±oo itself or a Limit that is exactly ±∞."""
    if side in INFINITIES:
        return side
    try:
        return ev.value(side)
    except InfiniteLimit as exc:
        if isinstance(side, sympy.Limit):
            return sympy.oo if exc.sign > 0 else -sympy.oo
        raise


def compare_sides(relation: str, left, right) -> bool | None:
    """`compare`, extended to ±∞ against ±∞ or a real number (the order of the extended reals)."""
    if left not in INFINITIES and right not in INFINITIES:
        return compare(relation, left, right)
    ends = []  # +1 for +∞, −1 for −∞, 0 for a real number (which lies between)
    for value in (left, right):
        if value in INFINITIES:
            ends.append(1 if value == sympy.oo else -1)
            continue
        if isinstance(value, DomainMatrix):
            if value.shape != (1, 1):
                raise NotEvaluable("an infinite limit compared with a matrix")
            value = to_sympy(value)[0, 0]
        if isinstance(value, sympy.Basic) and value.free_symbols:
            return None
        ends.append(0)
    difference = ends[0] - ends[1]
    return relations.holds(relation, (difference > 0) - (difference < 0), 0)


def assumptions_hold(problem, instance: Instance) -> bool:
    """True only when every assumption is verified exactly on the instance."""
    return failing_assumption(problem, instance) is None


def check(problem, instance: Instance, fast: bool = True, numeric_holds: bool = False) -> Outcome:
    """Decide `lhs relation rhs` on the instance, exactly.

    With fast=True the two sides are first tried on `fast_eval` (rational values, plain
    matrix algebra: the same exact values, computed without SymPy's layers); whatever it
    does not cover goes to the general evaluator. fast=False uses the general evaluator
    alone (what `engine.recheck` does, so a counterexample is confirmed on another path).

    numeric_holds=True is for the cross-check of a proof only (`engine._cross_checked`): the fast
    path then also holds values that are not rational (π, exp, log, roots, ...) as rigorous balls
    (`ball_values`). A difference ball that excludes 0 decides as exactly (a failure is only a
    candidate: `search` and `engine.recheck` confirm it on the exact paths); one that holds 0
    decides nothing exactly, and this instance counts as held (status HOLDS, no sides, the reason
    says so). A proof's cross-check can only be weakened by that, never made: it looks for
    counterexamples. Without the flag nothing is a ball: the outcome is exact, as it always was.
    """
    tied = _tied_once(problem)
    ev = Evaluator(instance, problem.layout, tied=tied)
    quick = FastEvaluator(instance, problem.layout, tied, balls=numeric_holds) if fast else None
    try:
        reason = failing_assumption(problem, instance, ev, quick)
    except Exception as exc:  # an assumption we cannot evaluate is not met
        reason = f"{type(exc).__name__}: {exc}"
    if reason is not None:
        return Outcome(ASSUMPTIONS_FAIL, reason)
    if quick is not None:
        sides = quick.values((problem.lhs, problem.rhs))
        truth = None if sides is None else fast_compare(problem.relation, *sides, undecided_holds=numeric_holds)
        if truth is not None:
            if all(is_fast_value(side) for side in sides):
                return Outcome(HOLDS if truth else FAILS, "", *sides)
            return Outcome(HOLDS if truth else FAILS, BALLS_COMPARED)
    try:
        left = side_value(ev, problem.lhs)
        right = side_value(ev, problem.rhs)
        truth = compare_sides(problem.relation, left, right)
    except Undecided as exc:
        return Outcome(UNDECIDED, str(exc))
    except NotEvaluable as exc:
        return Outcome(UNSUPPORTED, str(exc))
    except Undefined as exc:
        return Outcome(UNDEFINED, str(exc))
    except Exception as exc:  # a SymPy or evaluator failure says nothing about the claim
        return Outcome(UNSUPPORTED, f"evaluation failed: {type(exc).__name__}: {exc}")
    if truth is None:
        return Outcome(UNDECIDED, "the two sides cannot be compared exactly", left, right)
    return Outcome(HOLDS if truth else FAILS, "", left, right)


__all__ = ["Outcome", "check", "assumptions_hold", "failing_assumption",
           "HOLDS", "FAILS", "UNDEFINED", "ASSUMPTIONS_FAIL", "UNDECIDED", "UNSUPPORTED"]
