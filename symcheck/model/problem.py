"""The typed problem every engine receives: a Claim with its shapes checked and its parts named.

`Problem.from_claim` is the one place a Claim is turned into something engines
consume. Engines answer one question — does `lhs relation rhs` hold under
`assumptions` — and never look at files, the CLI or the Claim object itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy
from sympy import Basic
from sympy.assumptions.assume import AppliedPredicate
from sympy.matrices.expressions import MatrixExpr, MatrixSymbol

from .function_names import USER_PREFIX, function_atom_name

from .shapes import SCALAR, IllTyped, NotSupported, Shape, ShapeChecker, is_scalar_shape, same_shape, show_shape


@dataclass(frozen=True)
class Predicate:
    """An assumption `Q.name(arg, ...)`, e.g. Predicate('symmetric', (A,))."""

    name: str
    args: tuple


@dataclass
class Problem:
    lhs: Basic
    rhs: Basic
    relation: str = "=="
    layout: str = "numerator"
    predicates: list[Predicate] = field(default_factory=list)
    relations: list[Basic] = field(default_factory=list)  # sympy Relational assumptions (Eq, >, ...)
    shape: Shape = SCALAR
    dims: frozenset = frozenset()            # dimension symbols (n, d, ...)
    matrix_symbols: frozenset = frozenset()  # MatrixSymbols in claim and assumptions
    scalar_symbols: frozenset = frozenset()  # real scalar Symbols that are not dimensions
    name: str = ""

    @property
    def is_scalar(self) -> bool:
        return is_scalar_shape(self.shape)

    @property
    def assumptions(self) -> list[Basic]:
        """Every assumption as a SymPy object, in order: predicates then relations."""
        preds = [getattr(sympy.Q, p.name)(*p.args) for p in self.predicates]
        return preds + list(self.relations)

    def has_predicate(self, name: str, arg: Basic) -> bool:
        return any(p.name == name and p.args and p.args[0] == arg for p in self.predicates)

    def predicate_args(self, name: str) -> list[tuple]:
        return [p.args for p in self.predicates if p.name == name]

    def with_sides(self, lhs: Basic, rhs: Basic, relation: str | None = None) -> "Problem":
        """The same assumptions about another pair of expressions (used by derived sub-problems)."""
        return Problem.build(lhs, rhs, relation or self.relation, self.assumptions, self.layout, self.name)

    @classmethod
    def build(cls, lhs: Basic, rhs: Basic, relation: str = "==", assume=(), layout: str = "numerator",
              name: str = "") -> "Problem":
        """Raises `IllTyped` when shapes disagree anywhere in the claim or its assumptions, `NotSupported`
        when a part is well formed but beyond what symcheck models (a second derivative in numerator layout)."""
        lhs, rhs = sympy.sympify(lhs), sympy.sympify(rhs)
        checker = ShapeChecker(layout)
        left, right = checker.shape(lhs), checker.shape(rhs)
        if not same_shape(left, right):
            raise IllTyped(f"the two sides have different shapes: lhs is {show_shape(left)}, rhs is {show_shape(right)}")
        if relation not in ("==", "!=") and not is_scalar_shape(left):
            raise IllTyped(f"relation {relation} needs real scalars, but the sides are {show_shape(left)}")
        predicates, relations = [], []
        for item in assume:
            if isinstance(item, AppliedPredicate):
                name_ = _predicate_name(item)
                for arg in item.arguments:
                    checker.shape(arg)
                predicates.append(Predicate(name_, tuple(item.arguments)))
            elif isinstance(item, sympy.core.relational.Relational):
                checker.shape(item)
                relations.append(item)
            elif isinstance(item, bool):  # `c != 0` and `A*B == B*A` are Python's structural comparisons
                raise IllTyped(f"assumption {item!r} is a Python bool, not a relation: `a != b` and `a == b` compare "
                               "expressions structurally in Python; write Ne(a, b) or Eq(a, b)")
            elif item == sympy.true:
                continue
            else:
                raise IllTyped(f"assumption {item!r} is neither a Q predicate nor a relation")
        everything = [lhs, rhs, *[a for p in predicates for a in p.args], *relations]
        mats, scalars, dims = set(), set(), set()
        for expr in everything:
            mats |= _free_matrix_symbols(expr)
        for m in mats:
            for d in m.shape:
                dims |= sympy.sympify(d).free_symbols
        for expr in everything:
            dims |= _dimension_symbols(expr)
        for expr in everything:
            scalars |= {s for s in _free_scalar_symbols(expr)}
        scalars -= dims
        return cls(lhs, rhs, relation, layout, predicates, relations, left,
                   frozenset(dims), frozenset(mats), frozenset(scalars), name)


class AmbiguousSymbols(ValueError):
    """Two different symbols of one claim share a name; the message names them."""


def require_distinct_names(problem: "Problem") -> None:
    """Raises AmbiguousSymbols when two different symbols of the claim share a name (`x` positive and `x`
    real, an n×n and an m×n `X`): a counterexample, and its exact re-check, name a value by its symbol's
    name. A matrix and a scalar may share one (the cookbook's vector d of size d)."""
    by_name: dict = {}
    for sym in problem.matrix_symbols | problem.scalar_symbols | problem.dims:  # a vector d of size d is fine
        by_name.setdefault(("matrix" if isinstance(sym, MatrixSymbol) else "scalar", sym.name), []).append(sym)
    for cls in _claim_functions(problem):  # two functions the claim defines, both named f
        by_name.setdefault(("function", cls.__name__), []).append(cls)
    for (_kind, name), same in sorted(by_name.items()):
        if len(same) > 1:
            shown = "; ".join(sorted(_declaration(s) for s in same))
            raise AmbiguousSymbols(f"{len(same)} different symbols are named {name!r} ({shown}): a counterexample "
                                   "could not say which is which; give them different names")


def _claim_functions(problem: "Problem") -> set:
    """The function classes the claim defines itself (`Function("f")`, a `Function` subclass), not SymPy's:
    the ones whose atoms the matrix prover and the checker name `user:<name>`."""
    found = set()
    for expr in (problem.lhs, problem.rhs, *[a for p in problem.predicates for a in p.args], *problem.relations):
        if isinstance(expr, Basic):
            found |= {type(f) for f in expr.atoms(sympy.Function) if function_atom_name(f).startswith(USER_PREFIX)}
    return found


def _declaration(sym) -> str:
    if isinstance(sym, type):
        return "a function " + ("with " + ", ".join(f"{k}={v}" for k, v in sorted(sym._kwargs.items()))
                                if getattr(sym, "_kwargs", None) else f"of class {sym.__qualname__}")
    if isinstance(sym, MatrixSymbol):
        return f"a matrix of shape {sym.shape[0]}×{sym.shape[1]}"
    given = getattr(sym, "_assumptions_orig", None) or {}
    kind = "a Dummy" if isinstance(sym, sympy.Dummy) else "a scalar"
    return kind + (" with " + ", ".join(f"{k}={v}" for k, v in sorted(given.items())) if given
                   else " with no assumptions")


def _predicate_name(pred: AppliedPredicate) -> str:
    fn = pred.function
    name = getattr(fn, "name", None)
    return str(name) if name is not None else str(fn).replace("Q.", "")


def _free_matrix_symbols(expr: Basic) -> set:
    """Free MatrixSymbols only: the variable of an argmin or the noise of an expectation is bound."""
    if isinstance(expr, sympy.MatrixBase):
        found = set()
        for entry in expr:
            found |= _free_matrix_symbols(entry)
        return found
    if not isinstance(expr, Basic):
        return set()
    return {s for s in expr.free_symbols if isinstance(s, MatrixSymbol)}


def _dimension_symbols(expr: Basic) -> set:
    """Symbols used as sizes: in shapes of Identity/ZeroMatrix/OneMatrix and matrix symbols."""
    found: set = set()
    if not isinstance(expr, Basic):
        return found
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, MatrixExpr) and not isinstance(node, sympy.MatrixBase):
            try:
                for d in node.shape:
                    found |= sympy.sympify(d).free_symbols
            except Exception:  # an unevaluable shape is the shape checker's business
                pass
    return found


def _free_scalar_symbols(expr: Basic) -> set:
    if isinstance(expr, sympy.MatrixBase):
        found = set()
        for entry in expr:
            found |= _free_scalar_symbols(entry)
        return found
    if not isinstance(expr, Basic):
        return set()
    return {s for s in expr.free_symbols if isinstance(s, sympy.Symbol) and not isinstance(s, MatrixSymbol)
            and type(s).__name__ != "Str"}


__all__ = ["Problem", "Predicate", "IllTyped", "NotSupported", "AmbiguousSymbols", "require_distinct_names"]
