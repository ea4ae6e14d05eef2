"""Scalar assumptions that fix a 1×1 word: tr(w) = v (e.g. πᵀ1 = 1, uᵀu = 1) as the value of that trace atom.

Owns `assume_trace_values(t)`: for every assumption `Eq(Trace(M), v)` or `Eq(M, v)` where M
is a product of letters whose word w is a loop through the 1×1 vertex passing it once
(πᵀ·1, uᵀu, xᵀAy) and v a scalar without matrices or functions (a number, scalar symbols,
dimensions), the trace atom tr[w] is written v wherever it occurs (`AtomTable.assume_value`,
any rotation of w or of wᵀ). Sound because the atom stands for tr(w), and the claim is only
asserted where the assumption holds: substituting an equal value changes no value. The
checker does the same substitution with its own code (`certify/assumed_traces.py`); the
certificate records the substituted words (`atoms_assumed`) for people, not for trust.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import MatMul, MatrixExpr, Trace

from .errors import OutsideMatrixProver
from .ncalg import TypeMismatch


def _word_of(t, product) -> tuple | None:
    """The one word (coefficient 1) of a product of letters, or None."""
    factors = product.args if isinstance(product, MatMul) else (product,)
    if any(not isinstance(f, MatrixExpr) for f in factors):
        return None
    poly = None
    for f in factors:
        p = t.poly(f)
        if len(p.terms) != 1 or next(iter(p.terms.values())) != t.field.one:
            return None
        poly = p if poly is None else poly * p
    if poly is None or len(poly.terms) != 1 or next(iter(poly.terms.values())) != t.field.one:
        return None
    word = next(iter(poly.terms))
    return word if poly.src == 1 and poly.dst == 1 and word else None


def assumed_trace_relations(relations) -> list:
    """(product, value) for every assumption tr(M) = v or M = v with M 1×1 and v a plain scalar."""
    out = []
    for rel in relations:
        if not isinstance(rel, sympy.Eq):
            continue
        for side, other in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
            if isinstance(other, sympy.Basic) and other.has(MatrixExpr, sympy.Function):
                continue
            inner = side.arg if isinstance(side, Trace) else side
            if isinstance(inner, MatrixExpr) and inner.shape == (1, 1):
                out.append((inner, other))
    return out


def assume_trace_values(t) -> list:
    """Give each assumed 1×1 word its value in the translator's atom table; the words' names, for the record."""
    done = []
    for product, value in assumed_trace_relations(t.problem.relations):
        try:
            word = _word_of(t, product)
            if word is None:
                continue
            v = t.scalar(value)
        except (OutsideMatrixProver, TypeMismatch):
            continue
        if t.atoms.assumed_value(word) is None and t.atoms.assume_value(word, v):
            done.append([t.alphabet[i].name for i in word])
    return done


__all__ = ["assume_trace_values", "assumed_trace_relations"]
