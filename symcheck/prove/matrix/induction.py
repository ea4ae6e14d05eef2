"""Symbolic integer powers M**k proved by induction on k.

Owns the induction scheme for claims lhs(k) == rhs(k) whose powers have a
nonnegative integer exponent symbol k (Q.integer(k) with k ≥ 0, or an integer
Symbol declared nonnegative/positive):

* base: the claim at k = 0 (k = 1 when k is only known positive), powers expanded;
* step: each power Bᵏ becomes a letter P with the premise B·P − P·B (true for
  every k), the claim at k becomes the premise "induction hypothesis", and the
  claim at k + 1 (with B^(k+1) = P·B) must reduce to 0.

Both parts are ordinary Gröbner proofs with their own certificates. An inverse of a
k-dependent matrix is allowed only when it exists at k whenever it exists at k + 1
(`powers.inverses_monotone_in`: products of square factors and powers Bᵐᵏ⁺ᶜ, such as
(Aᵏ)⁻¹); otherwise the hypothesis at k could be vacuous where the claim at k + 1 says something.
"""
from __future__ import annotations

import sympy

from ...model.problem import Problem
from .errors import OutsideMatrixProver
from .grid import repartition
from .powers import exponent_symbols, inverses_monotone_in, power_start
from .premise import Premise
from .prover import Outcome, Prover, claim_denominators, prove_matrix_identity


def _exponent_symbol(problem: Problem) -> sympy.Symbol:
    found = exponent_symbols(problem)
    if len(found) != 1:
        raise OutsideMatrixProver("powers with several or no symbolic exponents")
    return found.pop()


def prove_by_induction(problem: Problem, deadline: float) -> Outcome:
    """Prove a claim with powers B^k by induction on k (base case and step, each a Gröbner proof)."""
    k = _exponent_symbol(problem)
    first = power_start(problem, k)
    if first is None:
        return Outcome(False, f"the exponent {k} is not known to be an integer with a lower bound")
    if not inverses_monotone_in(problem, k):
        raise OutsideMatrixProver("an inverse depending on the induction variable that may exist at k + 1 "
                                  "but not at k")
    base = prove_matrix_identity(problem, problem.lhs.xreplace({k: first}), problem.rhs.xreplace({k: first}),
                                 deadline)
    if not base.proved:
        return Outcome(False, f"induction on {k}: base case {k} = {first} not proved ({base.reason})")
    step = _step(problem, k, deadline, heavy_powers=False)
    if not step.proved:   # again with the hypothesis rewriting each power Bᵏ into what the claim says it is
        heavy = _step(problem, k, deadline, heavy_powers=True)
        step = heavy if heavy.proved else step
    if not step.proved:
        return Outcome(False, f"induction on {k}: step not proved ({step.reason})")
    cert = {
        "format": base.certificate["format"], "method": "induction with noncommutative Groebner basis",
        "induction": {"variable": k.name, "start": first, "base": base.certificate, "step": step.certificate},
        "steps": [f"Induction on {k} from {k} = {first}.",
                  f"Base case {k} = {first}:", *base.certificate["steps"],
                  f"Step: assume the claim at {k} and let each power of the form B^{k} be a letter that "
                  f"commutes with B; then the claim at {k}+1:", *step.certificate["steps"]],
    }
    return Outcome(True, f"by induction on {k}", cert, step.stats)


def _heavier_powers(t, blocks: list) -> None:
    """Each power letter outweighs every word of the hypothesis without it, so the hypothesis rewrites Bᵏ
    (into the claim's other side) instead of rewriting that side into Bᵏ. Any monomial order is sound."""
    letters = t.alphabet.letters
    for a in list(t.power_base):
        others = [w for b in blocks for w in b.terms if a not in w and letters[a].transpose not in w]
        weight = 1 + max((sum(letters[i].weight for i in w) for w in others), default=0)
        for i in {a, letters[a].transpose}:
            letters[i].weight = max(letters[i].weight, weight)


def _step(problem: Problem, k, deadline: float, heavy_powers: bool) -> Outcome:
    """The induction step: the claim at k + 1 from the claim at k (the hypothesis)."""
    prover = Prover(problem, deadline)
    prover.t.induction_var = k
    t = prover.t
    ih, _, _ = prover.grid_difference(problem.lhs, problem.rhs)
    if heavy_powers:
        _heavier_powers(t, [b for row in ih.blocks for b in row])
    for row in ih.blocks:
        for block in row:
            if not block.is_zero():
                t.premises.append(Premise(block, "induction-hypothesis",
                                               f"induction hypothesis: the claim at {k}"))
    nxt = {k: k + 1}
    diff, left, right = prover.grid_difference(problem.lhs.xreplace(nxt), problem.rhs.xreplace(nxt))
    targets = [{"block": [i, j], "lhs": repartition(left, diff.rows, diff.cols, t.field).blocks[i][j],
                "rhs": repartition(right, diff.rows, diff.cols, t.field).blocks[i][j], "poly": block}
               for i, row in enumerate(diff.blocks) for j, block in enumerate(row)]
    return prover.prove_polys(targets, claim_denominators=claim_denominators(problem))


__all__ = ["prove_by_induction"]
