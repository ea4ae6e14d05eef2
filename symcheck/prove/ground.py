"""Claims with nothing left to quantify over: identical sides, and closed (all-number) claims.

A claim whose two sides are the same expression holds wherever it is defined. A
claim with no dimension, scalar or matrix symbol free (the backprop numbers, an
explicit 2×2 example) is decided by exact evaluation: that single instance is the
whole claim, so it is proved when the relation holds there and refuted when it
does not.
"""
from __future__ import annotations

import sympy

from ..model.problem import Problem
from ..model.relations import REFLEXIVE
from ..verdict import Counterexample, Verdict, proved, refuted, unknown


class GroundEngine:
    """Closed claims (no free symbol): decided by structure or by exact evaluation."""
    name = "exact evaluation"

    def attempt(self, problem: Problem, deadline: float) -> Verdict | None:
        """A verdict on a claim with no free symbol, else None."""
        if problem.relation in REFLEXIVE and problem.lhs == problem.rhs:
            return proved("identical sides", "both sides are the same expression",
                          {"format": "symcheck-ground/1", "kind": "identical sides",
                           "lhs": sympy.srepr(problem.lhs), "rhs": sympy.srepr(problem.rhs)})
        if problem.dims or problem.scalar_symbols or problem.matrix_symbols:
            return None
        from ..refute.check import check
        from ..refute.evaluate import Instance

        outcome = check(problem, Instance({}, {}))
        if outcome.holds:
            return proved(self.name, f"both sides evaluate exactly to {sympy.sstr(outcome.lhs)}",
                          {"format": "symcheck-ground/1", "kind": "exact evaluation",
                           "lhs": sympy.srepr(problem.lhs), "rhs": sympy.srepr(problem.rhs),
                           "relation": problem.relation, "value": sympy.srepr(outcome.lhs)})
        if outcome.fails:
            return refuted(self.name, Counterexample({}, {}, outcome.lhs, outcome.rhs),
                           "the claim has no free symbols and its sides differ")
        return unknown(self.name, f"the closed claim could not be evaluated: {outcome.reason or outcome.status}")
