"""The checker's own elimination of traces by linear relations (no prover code).

Each checked `reduce` rewrite of a scalar certificate says tr(w) = tr(nf(w)): a linear
relation among traces of words, once every word is replaced by the representative of its
class (rotations and transposes, `cyclic` rewrites) and split into loops (`split`). The
claim holds when lhs − rhs lies in what the relations generate. `eliminate` decides that
the way linear algebra does: the relations in reduced row echelon form, each pivot a single
trace with a nonzero *rational* coefficient (the checker never divides by a scalar that might
vanish), substituted into every product of traces where it occurs. tr(xᵀSx) = 0 under
Sᵀ = −S comes out so: the relation tr(xᵀSx) = −tr(xᵀSx) has the pivot tr(xᵀSx) = 0.
"""
from __future__ import annotations

MAX_ROUNDS = 30   # rounds of substituting pivots inside products of traces


def _constant(c) -> bool:
    numer, denom = getattr(c, "numer", None), getattr(c, "denom", None)
    if numer is None or denom is None:
        return False    # not an element of the certificate's field: never a pivot
    return numer.is_ground and denom.is_ground


def _order(word: tuple) -> tuple:
    return (len(word), word)


def substitute(tr, poly: dict, pivots: dict) -> dict:
    """Every pivot word in every monomial replaced by the polynomial it equals, while any is left."""
    for _ in range(MAX_ROUNDS):
        if not any(w in pivots for m in poly for w in m):
            return poly
        out: dict = {}
        for mono, c in poly.items():
            term = tr.const(c)
            for w in mono:
                term = tr.mul(term, pivots.get(w, {(w,): tr.fld.one}))
            out = tr.add(out, term)
        poly = out
    return poly


def eliminate(tr, target: dict, relations: list) -> dict:
    """target modulo the relations (each a trace polynomial equal to 0): 0 when target follows from them."""
    pivots: dict = {}
    for relation in relations:
        r = substitute(tr, relation, pivots)
        single = [m[0] for m, c in r.items() if len(m) == 1 and c != 0 and _constant(c)]
        if not single:
            continue
        word = max(single, key=_order)
        c = r[(word,)]
        expr = {m: -v / c for m, v in r.items() if m != (word,)}
        for other in list(pivots):
            pivots[other] = substitute(tr, pivots[other], {word: expr})
        pivots[word] = expr
    return substitute(tr, target, pivots)


__all__ = ["eliminate", "substitute"]
