"""The matrix-identity engine: `MatrixEngine().attempt(problem, deadline) -> Verdict | None`.

Owns the choice of method for a claim lhs == rhs with matrices in it: scalar claims made of
1×1 words and traces go to `scalar_claims`, claims with symbolic powers first to a direct
proof (Bᵏ a letter commuting with B) and then to `induction`, every other claim to
`prover.prove_matrix_identity`. A claim outside the prover's vocabulary
(`OutsideMatrixProver`, or a construct of another engine) gives None.
"""
from __future__ import annotations

import time

import sympy
from sympy.matrices.expressions import MatPow, MatrixExpr

from ...model.problem import Problem
from ...verdict import Verdict, proved, unknown
from .errors import OutsideMatrixProver
from .induction import prove_by_induction
from .prover import Outcome, prove_matrix_identity
from .scalar_claims import prove_scalar_identity


METHOD = "noncommutative Groebner basis"

# Claims containing these are for other engines.
FOREIGN = (sympy.Derivative, sympy.Limit, sympy.Abs, sympy.Integral, sympy.Piecewise, sympy.Heaviside,
           sympy.Max, sympy.Min)


def _has_foreign(expr) -> bool:
    """expr holds a construct of another engine; |det M| is not one (an atom of its own, like det M)."""
    if not isinstance(expr, sympy.Basic) or not expr.has(*FOREIGN):
        return False
    return any(isinstance(node, FOREIGN) and not _absolute_determinant(node) for node in sympy.preorder_traversal(expr))


def _absolute_determinant(node) -> bool:
    return isinstance(node, sympy.Abs) and isinstance(node.args[0], sympy.Determinant)


def _has_matrix(expr) -> bool:
    return isinstance(expr, MatrixExpr) or (isinstance(expr, sympy.Basic) and expr.has(MatrixExpr))


def _symbolic_power(expr) -> bool:
    return any(isinstance(n, (MatPow, sympy.Pow)) and not n.args[1].is_number for n in sympy.preorder_traversal(expr))


def _prove_with_powers(problem: Problem, deadline: float) -> Outcome:
    """Bᵏ as a letter commuting with B (and bᵏ as an atom) first; induction on k when that does not close."""
    try:
        direct = prove_matrix_identity(problem, problem.lhs, problem.rhs, deadline)
    except OutsideMatrixProver:
        direct = None
    if direct is not None and direct.proved:
        return direct
    return prove_by_induction(problem, deadline)


class MatrixEngine:
    """The matrix prover as an engine of the dispatcher (`engine.ENGINES`)."""
    name = METHOD

    def attempt(self, problem: Problem, deadline: float) -> Verdict | None:
        """proved / unknown for a matrix identity, None for a claim outside the matrix prover."""
        if problem.relation != "==":
            return None
        if _has_foreign(problem.lhs) or _has_foreign(problem.rhs):
            return None
        if not (_has_matrix(problem.lhs) or _has_matrix(problem.rhs)):
            return None
        start = time.monotonic()
        try:
            if problem.is_scalar:
                outcome = prove_scalar_identity(problem, deadline)
            elif _symbolic_power(problem.lhs) or _symbolic_power(problem.rhs):
                outcome = _prove_with_powers(problem, deadline)
            else:
                outcome = prove_matrix_identity(problem, problem.lhs, problem.rhs, deadline)
        except OutsideMatrixProver:
            return None
        if outcome is None:
            return None
        if outcome.proved:
            verdict = proved(METHOD, outcome.reason, outcome.certificate)
        else:
            verdict = unknown(METHOD, outcome.reason)
        verdict.seconds = time.monotonic() - start
        return verdict


__all__ = ["MatrixEngine", "METHOD", "FOREIGN"]
