"""The checker's own reading of assumptions that fix a 1×1 word: tr(w) = v (no prover code).

An assumption `Eq(Trace(M), v)` or `Eq(M, v)`, with M a product of the certificate's letters
whose word w closes at the 1×1 vertex and passes it once (πᵀ·1, uᵀu, xᵀAy), and v a plain
scalar (numbers, scalar symbols, dimensions: no matrix, no function), makes tr(w) = v. The
checker then reads the loop w (any rotation, or its transpose) as v wherever it pulls 1×1
loops out of words (`Context.atom_value`: an entry of `Context.atoms` with no symbol), exactly
as the assumption says; a certificate whose prover did not substitute the same loops fails to
match and is rejected.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import MatMul, MatrixExpr, Trace

from .ncpoly import Dim, Rejected


def _word(t, product) -> tuple | None:
    """The single word (coefficient 1) of a product of letters, closed at the 1×1 vertex, or None."""
    factors = product.args if isinstance(product, MatMul) else (product,)
    if any(not isinstance(f, MatrixExpr) for f in factors):
        return None
    poly = None
    for f in factors:
        p = t.poly(f)
        if len(p.terms) != 1 or next(iter(p.terms.values())) != t.fld.one:
            return None
        poly = p if poly is None else poly.mul(p)
    if poly is None or len(poly.terms) != 1 or next(iter(poly.terms.values())) != t.fld.one:
        return None
    word = next(iter(poly.terms))
    one = Dim.of(1)
    if not word or poly.rows != one or poly.cols != one:
        return None
    if any(t.alphabet[name].rows == one for name in word[1:]):
        return None   # passes the 1×1 vertex more than once: several loops
    return tuple(word)


def add_assumed_traces(ctx, t, relations: list) -> list:
    """Record tr(w) = v in the context for every such assumption (first one per loop); the words."""
    done = []
    for rel in relations:
        if not isinstance(rel, sympy.Eq):
            continue
        for side, other in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
            if isinstance(other, sympy.Basic) and other.has(MatrixExpr, sympy.Function):
                continue
            inner = side.arg if isinstance(side, Trace) else side
            if not (isinstance(inner, MatrixExpr) and inner.shape == (1, 1)):
                continue
            try:
                word = _word(t, inner)
                if word is None:
                    continue
                value = t.scalar(other)
            except Rejected:
                continue
            forms = _forms(t, word)
            if any(f in forms for f in done):
                continue
            for f in forms:   # the assumption decides this loop's value, whatever atom the certificate names
                ctx.atoms.pop(f, None)
            ctx.atoms[word] = (None, value)
            done.append(word)
    return done


def _forms(t, word: tuple) -> set:
    """Every rotation of the word and of its transpose (the same trace)."""
    out = set()
    for w in (word, t.alphabet.transpose_word(word)):
        out |= {w[i:] + w[:i] for i in range(len(w))}
    return out


__all__ = ["add_assumed_traces"]
