"""What the checker knows of a claim: its sides, relation, layout and assumptions (no prover code).

`ClaimView` is built from a `Claim` (or a claim rebuilt from a certificate file);
assumptions are split into predicates `(name, args)` and relations. The helpers
answer the two questions several checks ask of the assumptions: which matrices
are symmetric, and the least value an integer variable may take.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy
from sympy.assumptions.assume import AppliedPredicate


@dataclass
class ClaimView:
    """What the checker needs of a claim: sides, relation and assumptions split into predicates and relations."""

    lhs: sympy.Basic
    rhs: sympy.Basic
    relation: str = "=="
    predicates: list = field(default_factory=list)   # (name, args)
    relations: list = field(default_factory=list)
    name: str = ""
    layout: str = "numerator"

    @classmethod
    def of(cls, claim) -> "ClaimView":
        """The view of a Claim: its assumptions split into predicates (name, args) and relations."""
        preds, rels = [], []
        for item in getattr(claim, "assume", ()) or ():
            if isinstance(item, AppliedPredicate):
                fn = item.function
                preds.append((str(getattr(fn, "name", fn)).replace("Q.", ""), tuple(item.arguments)))
            elif isinstance(item, sympy.core.relational.Relational):
                rels.append(item)
        return cls(sympy.sympify(claim.lhs), sympy.sympify(claim.rhs), claim.relation, preds, rels,
                   getattr(claim, "name", ""), getattr(claim, "layout", "numerator"))

    def with_sides(self, lhs, rhs, relation: str | None = None, extra: tuple = ()) -> "ClaimView":
        """The same claim with other sides (and relation), and extra assumptions."""
        view = ClaimView(lhs, rhs, relation or self.relation, list(self.predicates), list(self.relations),
                         self.name, self.layout)
        for item in extra:
            if isinstance(item, AppliedPredicate):
                view.predicates.append((str(getattr(item.function, "name", item.function)), tuple(item.arguments)))
            elif isinstance(item, sympy.core.relational.Relational):
                view.relations.append(item)
        return view


# predicates that make a matrix equal to its transpose (positive definite includes symmetric here)
SYMMETRIC_PREDICATES = ("symmetric", "diagonal", "positive_definite")


def symmetric_symbols(view: ClaimView) -> frozenset:
    """The matrix symbols the predicates make symmetric (symmetric, positive definite, ...)."""
    return frozenset(a[0] for n, a in view.predicates if n in SYMMETRIC_PREDICATES and a)


def least_integer_value(var: sympy.Symbol, view: ClaimView) -> int | None:
    """The least value the assumptions allow for an integer variable (their largest lower bound), or None."""
    integer = var.is_integer or any(n == "integer" and a and a[0] == var for n, a in view.predicates)
    if not integer:
        return None
    preds = {n for n, a in view.predicates if a and a[0] == var}
    bounds = []
    if var.is_positive or "positive" in preds:
        bounds.append(1)
    if var.is_nonnegative or "nonnegative" in preds:
        bounds.append(0)
    for rel in view.relations:
        if isinstance(rel, (sympy.GreaterThan, sympy.StrictGreaterThan)):
            side, bound, strict = rel.lhs, rel.rhs, isinstance(rel, sympy.StrictGreaterThan)
        elif isinstance(rel, (sympy.LessThan, sympy.StrictLessThan)):
            side, bound, strict = rel.rhs, rel.lhs, isinstance(rel, sympy.StrictLessThan)
        else:
            continue
        if side == var and bound.is_Integer:
            bounds.append(int(bound) + (1 if strict else 0))
    return max(bounds) if bounds else None


__all__ = ["ClaimView", "least_integer_value", "symmetric_symbols", "SYMMETRIC_PREDICATES"]
