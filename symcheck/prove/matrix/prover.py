"""One attempt of the matrix prover: from two sides to a closed Gröbner proof or the reason why not.

Owns `Prover` (a translator, its premises and one Gröbner session) and its steps:

1. translate both sides and the assumptions into typed polynomials and premises
   (`translate`, `assumptions`), blockwise for block matrices;
2. complete the premises into a Gröbner basis only until every block of
   lhs − rhs reduces to 0 (`ncgb`), under step/degree/time bounds;
3. prove every denominator of the representation nonzero (`nonzero`);
4. an `Outcome`: proved with a certificate (`certificate`), or the reason it is not.

`prove_matrix_identity` is the whole attempt for a matrix claim; `scalar_claims` and
`induction` build on `Prover`; the engine's entry is `engine.MatrixEngine`. The promise of a
proof is the contract's: it holds wherever every inverse in the claim exists.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import sympy
from sympy.matrices.expressions import MatrixExpr

from ...model.problem import Problem
from . import certificate
from .assumptions import close_under_transpose, translate_assumptions
from .blocks import through_block_inverse
from .errors import OutsideMatrixProver
from .grid import Grid, add_grids, repartition
from .ncalg import NCPoly
from .ncgb import GroebnerSession, Inconsistent, Limits, add_representation
from .nonzero import prove_nonzero
from .structured import lift_premises, with_lift_dependencies
from .translate import MatrixTranslator, assign_ranks


@dataclass
class Outcome:
    """What one attempt established; `proved` only when every target closed and every denominator is nonzero."""

    proved: bool
    reason: str
    certificate: dict | None = None
    stats: dict = field(default_factory=dict)


def relevant(hypotheses: list, letters: set) -> list:
    """The hypotheses connected to the target's letters (the others cannot take part in a proof)."""
    chosen, reach, changed = set(), set(letters), True
    while changed:
        changed = False
        for k, h in enumerate(hypotheses):
            if k not in chosen and h.poly.letters_used() & reach:
                chosen.add(k)
                reach |= h.poly.letters_used()
                changed = True
    return [h for k, h in enumerate(hypotheses) if k in chosen]


def denominators_of(translator: MatrixTranslator, rep_list: list) -> list:
    """The irreducible factors of every coefficient's denominator in the representations."""
    factors = set()
    fld = translator.field
    for rep in rep_list:
        for c in rep.values():
            if c.den is not None:
                den = fld.denominator(c)
                for f, _ in sympy.factor_list(den)[1]:
                    factors.add(f)
    return sorted(factors, key=sympy.default_sort_key)


class Prover:
    """One proof attempt: the translator, its hypotheses and a shared Gröbner session."""

    def __init__(self, problem: Problem, deadline: float, limits: Limits | None = None):
        self.problem = problem
        self.deadline = deadline
        self.limits = limits or Limits()
        self.t = MatrixTranslator(problem)

    def grid_difference(self, lhs, rhs) -> Grid:
        """(lhs − rhs, lhs, rhs) as grids; translated again with roots when √tr(uuᵀ) occurred."""
        left, right = self.t.grid(lhs), self.t.grid(rhs)
        if self.t.atoms.root_requests - self.t.atom_roots:
            # √tr(uuᵀ) occurred: translate again with that trace written s² throughout
            self.t = MatrixTranslator(self.problem, atom_roots=frozenset(self.t.atoms.root_requests | self.t.atom_roots))
            left, right = self.t.grid(lhs), self.t.grid(rhs)
        return add_grids(left, self.t.scale_grid(right, -self.t.field.one), self.t.field), left, right

    def prove_polys(self, targets: list, extra_letters: set = frozenset(), rewrites: list | None = None,
                    claim_denominators=()) -> Outcome:
        """targets: list of dicts {block, lhs, rhs, poly}. Closes all or reports why not."""
        t = self.t
        translate_assumptions(t)
        hyps_all = close_under_transpose(t)
        assign_ranks(t.alphabet)
        hyps_all = hyps_all + lift_premises(t, hyps_all, self.deadline)
        letters = set(extra_letters)
        for tg in targets:
            letters |= tg["poly"].letters_used()
        hyps = with_lift_dependencies(relevant(hyps_all, letters), hyps_all)
        session = GroebnerSession(t.alphabet, t.field, [h.poly for h in hyps], self.limits, self.deadline,
                                  normalize=t.atoms.normalizer())
        start = time.monotonic()
        try:
            session.add_hypotheses()
            reps = _through_a_block_inverse(session, t, targets) if t.block_inverses else None
            if reps is None:
                reps = []
                for tg in targets:
                    rep = _close(session, tg["poly"])
                    if rep is None:
                        found = _through_an_inverse(session, t, tg["poly"])
                        if found is not None:
                            rep = found
                    if rep is None:
                        current, _ = session.reduce(tg["poly"])
                        return Outcome(False, f"normal form of lhs - rhs is {current.show(t.alphabet)} "
                                              f"after {session.steps} S-polynomials ({session.bound_hit()}); "
                                              f"{len(hyps)} hypotheses", stats=self._stats(session, start))
                    reps.append(rep)
        except Inconsistent as exc:
            return Outcome(False, f"the assumptions are inconsistent ({exc}); not proving anything from them")
        denominators, failure = justify_denominators(t, self.problem, reps, claim_denominators)
        if failure:
            return Outcome(False, failure)
        stats = self._stats(session, start)
        cert_targets = [{"block": tg["block"], "lhs": certificate.poly_json(t.alphabet, tg["lhs"]),
                         "rhs": certificate.poly_json(t.alphabet, tg["rhs"]),
                         "target": certificate.poly_json(t.alphabet, tg["poly"]),
                         "shown": tg["poly"].show(t.alphabet)} for tg in targets]
        cert = certificate.build(t, hyps, cert_targets, reps, denominators, stats, rewrites)
        return Outcome(True, "normal form of lhs - rhs is 0", cert, stats)

    def _stats(self, session: GroebnerSession, start: float) -> dict:
        return {"s_polynomials": session.steps, "basis_size": len(session.basis),
                "hypotheses": len(session.hypotheses), "seconds": round(time.monotonic() - start, 6)}


def _close(session: GroebnerSession, poly: NCPoly) -> dict | None:
    """The representation of poly in the hypotheses, completing the basis until it reduces to 0; None at a bound."""
    current, rep = session.reduce(poly)
    while not current.is_zero():
        if not session.step():
            return None
        current, more = session.reduce(current)
        add_representation(rep, more, session.field.one)
    return rep


def _through_a_block_inverse(session: GroebnerSession, t: MatrixTranslator, targets: list) -> list | None:
    """Representations of every target block through a block inverse whose letters they use (`blocks`), else None."""
    size = (1 + max(tg["block"][0] for tg in targets), 1 + max(tg["block"][1] for tg in targets))
    if len(targets) != size[0] * size[1]:
        return None
    cells = [[None] * size[1] for _ in range(size[0])]
    for tg in targets:
        cells[tg["block"][0]][tg["block"][1]] = tg["poly"]
    diff = Grid([row[0].src for row in cells], [p.dst for p in cells[0]], cells)
    reps = through_block_inverse(session, t, diff, lambda poly: _close(session, poly))
    return None if reps is None else [reps[tg["block"][0]][tg["block"][1]] for tg in targets]


def _through_an_inverse(session: GroebnerSession, t: MatrixTranslator, target: NCPoly):
    """A representation of T from one of P·T (or T·P) for an inverse letter Z = P⁻¹, else None.

    T = Z·(P·T) − (Z·P − I)·T and T = (T·P)·Z − T·(P·Z − I): completion never multiplies a
    relation by a word on the outside, yet Sherman–Morrison needs exactly that (with the
    scalar vᵀA⁻¹u pulled out of the product).
    """
    one = t.field.one
    index = {h.key(): k for k, h in enumerate(session.hypotheses)}
    for z, poly in t.inverse_poly.items():
        Z = NCPoly.letter(t.alphabet, z, t.field)
        ident = NCPoly.identity(poly.src, t.field)
        for side in ("left", "right"):
            if (side == "left" and poly.dst != target.src) or (side == "right" and poly.src != target.dst):
                continue
            relation = (Z * poly - ident) if side == "left" else (poly * Z - ident)
            k = index.get(relation.key())
            if k is None:
                continue
            product = t.atoms.extract_loops(poly * target if side == "left" else target * poly)
            nf, rep = session.reduce(product)
            if not nf.is_zero():
                continue
            out: dict = {}
            if side == "left":
                add_representation(out, rep, one, (z,), ())
                for w, c in target.terms.items():
                    add_representation(out, {((), k, w): -c}, one)
            else:
                add_representation(out, rep, one, (), (z,))
                for w, c in target.terms.items():
                    add_representation(out, {(w, k, ()): -c}, one)
            return out
    return None


def claim_denominators(problem: Problem) -> list:
    """Scalar denominators written in the claim (1/λ, 1/‖x‖): the claim is undefined where they vanish."""
    out = []
    for side in (problem.lhs, problem.rhs):
        for node in sympy.preorder_traversal(side):
            if isinstance(node, sympy.Pow) and node.exp.is_negative and not isinstance(node.base, MatrixExpr):
                out.append(node.base if node.exp == -1 else node.base ** (-node.exp))
    return out


def _claim_factor_polys(t: MatrixTranslator, raw: list) -> list:
    """The claim's denominators in the field's generators (atoms included), else as written."""
    out = []
    for c in raw:
        try:
            out.append(sympy.fraction(sympy.cancel(t.field.to_sympy(t.scalar(c))))[0])
        except (OutsideMatrixProver, ZeroDivisionError):
            out.append(c)
    return out


def justify_denominators(t: MatrixTranslator, problem: Problem, reps: list, raw_claim_denominators) -> tuple:
    """([{factor, text, reason}], None) when every denominator of the proof is nonzero, else ([], why not).

    A factor with an atom of unknown reality (a function atom) is only accepted as a
    divisor of a claim denominator: sign arguments and z3 reason over the reals.
    """
    claim_polys = None
    out = []
    for factor in denominators_of(t, reps):
        reason = None
        if all(s.is_real for s in factor.free_symbols if s in t.atoms.by_symbol):
            reason = prove_nonzero(factor, problem, t.sqrt_symbols)
        if reason is None and t.determinants.nonzero_factor(factor):
            reason = "it divides the determinant of a matrix the claim inverts"
        if reason is None:
            if claim_polys is None:
                raw = raw_claim_denominators(problem) if callable(raw_claim_denominators) else raw_claim_denominators
                claim_polys = _claim_factor_polys(t, list(raw))
            if any(sympy.rem(c, factor) == 0 for c in claim_polys):
                reason = "it divides a denominator of the claim itself (the claim is only defined where it is nonzero)"
        if reason is None:
            return [], f"the proof divides by {factor}, which the assumptions do not show nonzero"
        out.append({"factor": sympy.sstr(factor.xreplace(dict(zip(t.field.gens, t.field.safe_gens)))),
                    "text": sympy.sstr(factor), "reason": reason})
    return out, None


def prove_matrix_identity(problem: Problem, lhs, rhs, deadline: float, limits: Limits | None = None) -> Outcome:
    """One attempt at lhs == rhs for a matrix claim, block by block."""
    prover = Prover(problem, deadline, limits)
    diff, left, right = prover.grid_difference(lhs, rhs)
    targets = []
    for i, row in enumerate(diff.blocks):
        for j, block in enumerate(row):
            targets.append({"block": [i, j], "lhs": _block(left, i, j, diff, prover.t.field),
                            "rhs": _block(right, i, j, diff, prover.t.field), "poly": block})
    return prover.prove_polys(targets, claim_denominators=claim_denominators(problem))


def _block(g: Grid, i: int, j: int, like: Grid, fld) -> NCPoly:
    """Block (i, j) of g in the partition of `like` (identity blocks are split as needed)."""
    return repartition(g, like.rows, like.cols, fld).blocks[i][j]


__all__ = ["Prover", "Outcome", "relevant", "denominators_of", "claim_denominators", "justify_denominators",
           "prove_matrix_identity"]
