"""Optimality: "ŵ = argmin_w f(w)" (and argmax) by stationarity plus strict convexity.

`ArgminReduction` handles a claim `argmin(f, w) == v` (either side; `argmax(f, w)`
is `argmin(−f, w)`) for a column variable w and an objective f that is a
polynomial in w (so f is defined and smooth on all of ℝᵈ). It proves the claim by

1. stationarity: ∇f(v) = 0, an identity handed to the matrix prover;
2. strict convexity: the Hessian ∇²f(w) is positive definite for every w, by the
   sound rules of `positive_definite` below, whose scalar side conditions
   (coefficients > 0 or ≥ 0) become obligations for the scalar prover.

A strictly convex differentiable function has at most one stationary point, and a
stationary point of a convex function is a global minimiser: so v is the unique
minimiser, which is what `argmin(f, w) == v` means.

Positive-definiteness rules (PD: hᵀMh > 0 for h ≠ 0, no symmetry needed; PSD: ≥ 0):

  =============================  ==============================================
  I                              PD
  Bᵀ B, Bᵀ C B with C PSD        PSD
  Bᵀ B whose inverse the claim   PD (PSD and invertible; the claim is only
  uses                           asserted where its inverses exist)
  S with Q.positive_definite(S)  PD; likewise Sᵀ, S⁻¹, (S⁻¹)ᵀ
  S with Q.positive_semidefinite PSD
  M with an assumption Eq(M, N)  PD when N is PD unconditionally by these rules
  [B₁; B₂]ᵀ[B₁; B₂]              B₁ᵀB₁ + B₂ᵀB₂ (then the rules above)
  Σ cᵢ Mᵢ                        PD when some cᵢ > 0 with Mᵢ PD and every other
                                 cⱼ ≥ 0 with Mⱼ PSD
  =============================  ==============================================
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import (
    BlockMatrix, Identity, Inverse, MatAdd, MatMul, MatPow, MatrixExpr, MatrixSymbol, Trace, Transpose, ZeroMatrix,
)

from ...model.constructs import ArgMax, ArgMin
from ...model.problem import Problem
from ...model.products import group_expr
from ...model.shapes import same_dim
from ...model.show import show
from .. import Reduced
from .derivative import NotDifferentiable, derivative, expand_linear, mul, reading

NAME = "optimality (stationarity + strict convexity)"
PD, PSD = "positive definite", "positive semidefinite"


# --- a sum of coefficient × product terms -----------------------------------------------------------

def _t_atom(atom):
    if isinstance(atom, Transpose):
        return atom.arg
    if isinstance(atom, Identity):
        return atom
    if isinstance(atom, BlockMatrix):  # blockwise, so that [B₁; B₂]ᵀ is recognised as a block row
        return atom.transpose()
    return Transpose(atom)


def matrix_terms(expr) -> list:
    """expr as [(scalar coefficient, tuple of atoms)], distributing products over sums."""
    if isinstance(expr, ZeroMatrix):
        return []
    if isinstance(expr, MatAdd):
        return [t for a in expr.args for t in matrix_terms(a)]
    if isinstance(expr, MatMul):  # read as everywhere: a 1×1 group is a scalar (its own trace)
        parts = reading(expr)
        coeff = sympy.Mul(*parts.coefficient, *[Trace(group_expr(g)) for g in parts.groups])
        result = [(coeff, ())]
        for arg in parts.chain:
            result = [(c * d, chain + other) for c, chain in result for d, other in matrix_terms(arg)]
        return result
    if isinstance(expr, Transpose):
        inner = expr.arg
        if isinstance(inner, (MatAdd, MatMul, Transpose, MatPow)):
            return [(c, tuple(_t_atom(a) for a in reversed(chain))) for c, chain in matrix_terms(inner)]
        return [(sympy.S.One, (_t_atom(inner),))]
    if isinstance(expr, MatPow) and expr.args[1].is_Integer and int(expr.args[1]) >= 1:
        return matrix_terms(MatMul(*([expr.args[0]] * int(expr.args[1]))))
    return [(sympy.S.One, (expr,))]


def _is_transpose_of(a, b) -> bool:
    if a == _t_atom(b):
        return True
    return isinstance(a, BlockMatrix) and a.blocks.rows == 1 and a.blocks.cols == b.blocks.rows and \
        all(a.blocks[0, i] == b.blocks[i, 0].T for i in range(b.blocks.rows))


def _unblock(terms: list) -> list:
    """B̂ᵀB̂ for a one-column block matrix B̂ = [B₁; B₂; …] becomes Σ BᵢᵀBᵢ."""
    out = []
    for c, chain in terms:
        for k in range(len(chain) - 1):
            a, b = chain[k], chain[k + 1]
            if isinstance(b, BlockMatrix) and b.blocks.cols == 1 and _is_transpose_of(a, b):
                pieces = [MatMul(Transpose(b.blocks[i, 0]), b.blocks[i, 0]) for i in range(b.blocks.rows)]
                expanded = [(c * c2, chain[:k] + inner + chain[k + 2:])
                            for piece in pieces for c2, inner in matrix_terms(piece)]
                out.extend(_unblock(expanded))
                break
        else:
            out.append((c, chain))
    return out


def _collect(terms: list) -> list:
    """Block Gram products split, Identity atoms dropped, equal chains merged."""
    merged: dict = {}
    for c, chain in _unblock(terms):
        chain = tuple(a for a in chain if not isinstance(a, Identity))
        merged[chain] = merged.get(chain, sympy.S.Zero) + c
    return [(sympy.factor_terms(c), chain) for chain, c in merged.items() if c != 0]


# --- the positive-definiteness rules ---------------------------------------------------------------

class Context:
    """What the rules may use: the claim's predicates and the inverses it takes."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.inverted = set()
        for side in (problem.lhs, problem.rhs):
            for inv in side.atoms(Inverse):
                self.inverted.add(product_factors(inv.arg))
        # Eq(ΓᵀΓ, Σ⁻¹): a product equal by assumption to another expression, both ways.
        self.equal: dict = {}
        for rel in problem.relations:
            if isinstance(rel, sympy.Eq) and isinstance(rel.lhs, MatrixExpr):
                self.equal.setdefault(product_factors(rel.lhs), rel.rhs)
                self.equal.setdefault(product_factors(rel.rhs), rel.lhs)
        self._depth = 0

    def has(self, name: str, matrix) -> bool:
        """Does the claim assume the predicate `name` of the matrix?"""
        return self.problem.has_predicate(name, matrix)


def product_factors(expr) -> tuple:
    """The factors of a product, nested products flattened (a key for "the same product")."""
    if isinstance(expr, MatMul):
        return tuple(a for arg in expr.args for a in product_factors(arg))
    return (expr,)


def atom_class(atom, ctx: Context) -> str | None:
    """PD, PSD or None: what the rules show about one factor (a symbol, its transpose, an inverse)."""
    base = atom
    while isinstance(base, (Transpose, Inverse)):  # PD is kept by transposing and inverting
        base = base.arg
    if isinstance(base, MatrixSymbol):
        if ctx.has("positive_definite", base):
            return PD
        if base is atom and ctx.has("positive_semidefinite", base):
            return PSD
    return None


def chain_class(chain: tuple, ctx: Context) -> str | None:
    """PD, PSD or None: what the rules show about a product chain (a Gram product XᵀX, a congruence BᵀAB, ...)."""
    if not chain:
        return PD  # the identity
    if chain in ctx.equal and ctx._depth < 2:  # equal by assumption to a positive definite matrix
        ctx._depth += 1
        try:
            verdict = positive_definite(ctx.equal[chain], ctx)
        finally:
            ctx._depth -= 1
        if verdict is not None and not verdict[0]:
            return PD
    if len(chain) == 1:
        return atom_class(chain[0], ctx)
    k = len(chain)
    if any(chain[i] != _t_atom(chain[k - 1 - i]) for i in range(k // 2)):
        return None  # not of the form Bᵀ C B
    if k % 2 == 1 and chain_class((chain[k // 2],), ctx) is None:
        return None
    if k % 2 == 0 and chain in ctx.inverted:
        return PD  # a Gram matrix the claim inverts
    return PSD


def positive_definite(matrix, ctx: Context) -> tuple[list, list] | None:
    """(scalar side conditions [(coefficient, '>' or '>=')], steps) under which matrix is PD, or None."""
    try:
        terms = _collect(matrix_terms(matrix))
    except NotDifferentiable:  # a product that is not well typed for general dimensions
        return None
    classes = [(c, chain, chain_class(chain, ctx)) for c, chain in terms]
    if any(cls is None or c.is_negative for c, _chain, cls in classes):
        return None
    definite = [i for i, (_c, _chain, cls) in enumerate(classes) if cls == PD]
    if not definite:
        return None
    pick = min(definite, key=lambda i: 0 if classes[i][0].is_positive else 1)
    conditions, steps = [], []
    for i, (c, chain, cls) in enumerate(classes):
        shown = show(mul(*chain)) if chain else "I"
        relation = ">" if i == pick else ">="
        if not ((c.is_positive) or (relation == ">=" and c.is_nonnegative)):
            conditions.append((c, relation))
        steps.append(f"{show(c)}·{shown}: {cls if i == pick else PSD}, coefficient {relation} 0")
    return conditions, steps


# --- the reduction ------------------------------------------------------------------------------

def _split_claim(problem: Problem):
    for opt, other in ((problem.lhs, problem.rhs), (problem.rhs, problem.lhs)):
        if isinstance(opt, (ArgMin, ArgMax)) and not other.has(ArgMin, ArgMax):
            return opt, other
    return None


class ArgminReduction:
    """argmin/argmax claims into stationarity, Hessian side conditions and nothing else."""

    name = NAME

    def reduce(self, problem: Problem, deadline: float) -> Reduced | None:
        """Stationarity and convexity obligations for argmin/argmax = v; None without an optimum."""
        if problem.relation != "==":
            return None
        split = _split_claim(problem)
        if split is None:
            return None
        opt, candidate = split
        w = opt.variable
        if not same_dim(w.shape[1], 1) or candidate.has(w):
            return None
        f = opt.objective if isinstance(opt, ArgMin) else -opt.objective
        try:
            expand_linear(f, (w,))  # a polynomial in w: defined and smooth everywhere
            gradient = derivative(f, w, "denominator")
            hessian = derivative(gradient, w, "numerator")
        except NotDifferentiable:
            return None
        verdict = positive_definite(hessian, Context(problem))
        if verdict is None:
            return None
        conditions, pd_steps = verdict
        stationary = gradient.xreplace({w: candidate})
        obligations = [problem.with_sides(stationary, ZeroMatrix(*w.shape), "==")]
        for coeff, relation in conditions:
            obligations.append(problem.with_sides(coeff, sympy.S.Zero, relation))
        kind = "minimiser" if isinstance(opt, ArgMin) else "maximiser"
        steps = [f"the {kind} over {w} is unique: the Hessian {show(hessian)} is positive definite",
                 *pd_steps,
                 f"stationarity: the gradient at {w} = {show(candidate)} is 0"]
        return Reduced(obligations, steps, {"gradient": sympy.srepr(gradient), "hessian": sympy.srepr(hessian)})


__all__ = ["ArgminReduction", "positive_definite", "matrix_terms", "product_factors", "Context", "PD", "PSD"]
