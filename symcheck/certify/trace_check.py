"""Scalar claims in a certificate's letters (traces and 1×1 words): the checker's part (no prover code).

The claim becomes a polynomial in traces of closed words (`traces.Traces`); the certificate's
rewrites are checked one by one (a cyclic rotation or transpose, a word reduced by a checked
combination of granted hypotheses, a 1×1 product split into its factors) and applied; the
reductions to combinations are linear relations among traces, eliminated (`trace_relations`)
until lhs − rhs is 0; then every denominator of a coefficient is shown nonzero.
"""
from __future__ import annotations

from .denominators import check_denominators
from .ncgb_check import expand_combination, granted_hypotheses
from .ncpoly import Dim, NCPoly, Rejected
from .retranslate import CheckerTranslator, Context
from .tensornet import same_network
from .trace_relations import eliminate
from .traces import Traces
from .view import ClaimView


class _EqualTraces:
    """Classes of words whose traces are equal (union-find); the representative is the least word."""

    def __init__(self):
        self.parent: dict = {}

    def find(self, w):
        root = w
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        self.parent[w] = root
        return root

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb), key=lambda w: (len(w), w))
            self.parent[hi] = lo


def _canonical(tr: "Traces", poly: dict, same: _EqualTraces, rules: dict) -> dict:
    """Every trace replaced by its class representative, then by the reduction known for that class."""
    out: dict = {}
    for mono, c in poly.items():
        term = tr.const(c)
        for w in mono:
            rep = same.find(w)
            term = tr.mul(term, rules[rep] if rep in rules else {(rep,): tr.fld.one})
        out = tr.add(out, term)
    merged: dict = {}
    for m, c in out.items():  # words a rule brought in: to their representatives too, adding equal monomials
        merged = tr.add(merged, {tuple(sorted(same.find(w) for w in m)): c})
    return merged


def _rewritten(tr: Traces, current: dict, same: _EqualTraces, by_class: dict) -> dict:
    """The trace polynomial after the certificate's checked rewrites, applied until nothing changes."""
    for _ in range(100):
        after = _canonical(tr, current, same, by_class)
        if after == current or not after:
            return after
        current = after
    return current


def _rotations(word: tuple) -> set:
    return {word[i:] + word[:i] for i in range(len(word))}


def check_trace_identity(cert: dict, ctx: Context, view: ClaimView, t: CheckerTranslator, checked: list,
                         extra_hyps: list = ()) -> None:
    """lhs − rhs, a polynomial in traces, rewrites to 0 by the certificate's rewrites, each one checked."""
    tr = Traces(t)
    target = tr.add(tr.convert(view.lhs), tr.convert(view.rhs), -1)
    hyps = granted_hypotheses(cert, ctx, t, view, extra_hyps)
    alphabet = ctx.alphabet
    same = _EqualTraces()     # tr(w) = tr(w'): rotations, and reductions to a single word
    rules: list = []        # (word, product of traces it equals): splits through the 1×1 vertex, structured traces
    relations: list = []    # (word, trace polynomial it equals): reductions to combinations
    for n, rw in enumerate(cert.get("rewrites", [])):
        kind, where = rw.get("kind"), f"rewrite {n}"
        if kind == "identity":
            continue  # tr(I_k) = k is applied by the checker itself
        if kind == "cyclic":
            src, dst = ctx.word(rw["from"], where), ctx.word(rw["to"], where)
            if not src:
                raise Rejected(f"{where}: empty word")
            v = alphabet[src[0]].rows
            alphabet.check_word(src, v, v, where)
            if dst not in _rotations(src) | _rotations(alphabet.transpose_word(src)):
                raise Rejected(f"{where}: {'*'.join(dst)} is not a rotation of {'*'.join(src)} or of its transpose")
            same.union(src, dst)
        elif kind == "reduce":
            word = ctx.word(rw["word"], where)
            if not word:
                raise Rejected(f"{where}: empty word")
            v = alphabet[word[0]].rows
            alphabet.check_word(word, v, v, where)
            nf = ctx.poly(rw["normal_form"], where)
            total = expand_combination(ctx, rw.get("terms", []), hyps, v, v, where)
            if not ctx.normal(NCPoly(v, v, {word: t.fld.one}).sub(nf)).equals(ctx.normal(total)):
                raise Rejected(f"{where}: {'*'.join(word)} - normal form is not the given combination")
            single = list(nf.terms.items())
            if len(single) == 1 and single[0][0] and single[0][1] == t.fld.one:
                same.union(word, single[0][0])
            else:
                relations.append((word, tr.trace(nf)))
        elif kind == "tensor":  # tr(w) = tr(w') when their index networks are isomorphic
            src, dst = ctx.word(rw["from"], where), ctx.word(rw["to"], where)
            if not src or not dst:
                raise Rejected(f"{where}: empty word")
            vs, vd = alphabet[src[0]].rows, alphabet[dst[0]].rows
            alphabet.check_word(src, vs, vs, where)
            alphabet.check_word(dst, vd, vd, where)
            if not same_network(ctx, (vs, src), (vd, dst)):
                raise Rejected(f"{where}: tr({'*'.join(src)}) and tr({'*'.join(dst)}) have different index networks")
            same.union(src, dst)
        elif kind == "structured-trace":  # tr(A ⊗ B) = tr A tr B, tr(vec(U)ᵀ vec(W)) = tr(UᵀW)
            word = ctx.word(rw["word"], where)
            mine = ctx.structures.trace_rule(word) if ctx.structures is not None and word else None
            if mine is None:
                raise Rejected(f"{where}: no trace rule applies to {'*'.join(word)}")
            factors, coeff = [], t.fld.one
            for vertex, w in mine:
                c, w = ctx.normal_word(w)
                if w:
                    factors.append(w)
                    coeff = coeff * c
                else:
                    coeff = coeff * c * t.scalar(vertex.expr)
            rules.append((word, {tuple(sorted(factors)): coeff}))
        elif kind == "split":  # tr(a·b) = tr(a)·tr(b) for words a, b from the 1×1 vertex back to it
            word = ctx.word(rw["word"], where)
            factors = [ctx.word(f, where) for f in rw.get("factors", [])]
            one = Dim.of(1)
            if len(factors) < 2 or tuple(n for f in factors for n in f) != word:
                raise Rejected(f"{where}: the factors do not make up {'*'.join(word)}")
            for f in factors:
                if not f:
                    raise Rejected(f"{where}: an empty factor")
                alphabet.check_word(f, one, one, where)
            rules.append((word, {tuple(sorted(factors)): t.fld.one}))
        else:
            raise Rejected(f"{where}: unknown kind {kind!r}")
    by_class = {}
    for word, lin in rules:
        by_class.setdefault(same.find(word), lin)

    def canonical(poly: dict) -> dict:
        current = _rewritten(tr, _canonical(tr, poly, same, {}), same, by_class)
        if current:  # a trace through a 1×1 vertex is the product of its loops: split them, and rewrite again
            current = _rewritten(tr, _canonical(tr, tr.split_loops(current), same, {}), same, by_class)
        return current

    linear = [canonical(tr.add({(word,): t.fld.one}, value, -1)) for word, value in relations]
    current = eliminate(tr, canonical(target), linear)
    if current:
        shown = ", ".join(f"{ctx.field.as_expr(c)}·{'·'.join('tr(' + '*'.join(w) + ')' for w in m) or '1'}"
                          for m, c in list(current.items())[:4])
        raise Rejected(f"after every checked trace rewrite, lhs - rhs is still {shown}")
    checked.append(f"{len(hyps)} hypotheses granted; {len(cert.get('rewrites', []))} trace rewrites checked; "
                   "lhs - rhs rewrites to 0")
    check_denominators(cert, ctx, t, view, checked)


__all__ = ["check_trace_identity"]
