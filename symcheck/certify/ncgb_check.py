"""Matrix identities in a certificate's letters (`symcheck-ncgb/1`): the checker's part (no prover code).

A certificate proposes lhs − rhs = Σ cᵢ·aᵢ·hᵢ·bᵢ over hypotheses hᵢ. Here each hypothesis is
shown to be one the claim grants (`granted_hypotheses`: the checker's own list from the
claim's inverses, predicates, matrix equations and powers), the combination is re-expanded
exactly with every word typed for general dimensions (`expand_combination`), and compared
block by block with the checker's own translation of lhs − rhs (`check_matrix_identity`);
then every denominator of a coefficient is shown nonzero (`denominators`).
"""
from __future__ import annotations

from .denominators import check_denominators
from .ncpoly import Dim, NCPoly, Rejected
from .powers import power_commutations
from .retranslate import CheckerTranslator, Context, Granted, granted, inverse_relations
from .structured import lifted
from .view import ClaimView


def granted_hypotheses(cert: dict, ctx: Context, t: CheckerTranslator, view: ClaimView, extra: list = ()) -> list:
    """The certificate's hypotheses, each shown to be one the claim grants."""
    allowed = Granted(ctx.alphabet, ctx.normal)
    for p in granted(t, view.predicates, view.relations):
        allowed.add(p, "an assumption")
    for p, why in extra:
        allowed.add(p, why)
    for p in inverse_relations(t):
        allowed.add(p, "an inverse in the claim")
    for name, base in t.powers.items():  # B**E is a polynomial in B (E a natural number), so they commute
        power = ctx.alphabet.letter_poly(name, ctx.field)
        allowed.add(base.mul(power).sub(power.mul(base)), f"{name} is a power of its base")
    for p, why in t.extra_grants:  # what translated constructs grant (the Penrose equations of X⁺)
        allowed.add(p, why)
    for _ in range(len(t.powers) + 1):   # to a fixpoint: Aʲ commutes with B, so with Bᵏ
        new = [(p, why) for p, why in power_commutations(ctx.alphabet, ctx.field, t.powers, allowed)
               if allowed.reason(p) is None]
        for p, why in new:
            allowed.add(p, why)
        if not new:
            break
    hyps = []
    for raw in cert.get("hypotheses", []):
        p = ctx.poly(raw["poly"], f"hypothesis {raw.get('index')}")
        if raw.get("lift") is not None:  # a relation lifted into a structured letter: re-expanded here
            lift = lifted(ctx, raw["lift"], hyps, lambda terms, earlier, rows, cols:
                          expand_combination(ctx, terms, earlier, rows, cols, f"lift {raw.get('index')}"))
            if not ctx.normal(lift).equals(ctx.normal(p)):
                raise Rejected(f"hypothesis {raw.get('index')} ({raw.get('origin')}) is not the lift it claims")
            allowed.add(p, "a lift of granted relations")
            hyps.append(p)
            continue
        why = allowed.reason(p)
        if why is None:
            raise Rejected(f"hypothesis {raw.get('index')} ({raw.get('kind')}: {raw.get('origin')}) "
                           f"{p.show(ctx.field)} = 0 is not granted by the claim or its assumptions")
        hyps.append(p)
    return hyps


def expand_combination(ctx: Context, terms: list, hyps: list, rows: Dim, cols: Dim, where: str) -> NCPoly:
    """Σ coeff · left · hyp · right, every product checked to be well typed."""
    out = NCPoly(rows, cols, {})
    for term in terms:
        k = term["hyp"]
        if not isinstance(k, int) or not 0 <= k < len(hyps):
            raise Rejected(f"{where}: no hypothesis {k}")
        h = hyps[k]
        left, right = ctx.word(term["left"], where), ctx.word(term["right"], where)
        ctx.alphabet.check_word(left, rows, h.rows, where)
        ctx.alphabet.check_word(right, h.cols, cols, where)
        c = ctx.field.coeff(term["coeff"])
        for w, hc in h.terms.items():
            out = out.add(NCPoly(rows, cols, {left + w + right: c * hc}))
    return out


def check_matrix_identity(cert: dict, ctx: Context, view: ClaimView, t: CheckerTranslator, checked: list,
                          extra_hyps: list = ()) -> None:
    """Each target block: Σ c·a·h·b re-expanded equals the block of lhs − rhs; uncovered blocks are zero."""
    diff = t.difference(view.lhs, view.rhs)
    hyps = granted_hypotheses(cert, ctx, t, view, extra_hyps)
    checked.append(f"{len(hyps)} hypotheses, each granted by the claim or its assumptions")
    seen = set()
    for target in cert.get("targets", []):
        i, j = target["block"]
        if not (0 <= i < len(diff.rows) and 0 <= j < len(diff.cols)):
            raise Rejected(f"target block {target['block']} is not a block of the claim")
        mine = ctx.normal(diff.blocks[i][j])
        total = ctx.normal(expand_combination(ctx, target.get("terms", []), hyps, mine.rows, mine.cols,
                                              f"target {target['block']}"))
        if not total.equals(mine):
            raise Rejected(f"block {target['block']}: the combination expands to {total.show(ctx.field)}, "
                           f"but lhs - rhs of the claim is {mine.show(ctx.field)}")
        seen.add((i, j))
    for i, row in enumerate(diff.blocks):
        for j, block in enumerate(row):
            if (i, j) not in seen and not ctx.normal(block).is_zero():
                raise Rejected(f"block [{i}, {j}] of lhs - rhs is {block.show(ctx.field)}, and no target covers it")
    checked.append(f"{len(seen)} block(s): Σ c·a·h·b re-expanded exactly equals lhs - rhs of the claim")
    check_denominators(cert, ctx, t, view, checked)



__all__ = ["granted_hypotheses", "expand_combination", "check_matrix_identity"]
