"""Polynomials in traces of closed words, for scalar claims in a certificate's letters (no prover code).

A scalar claim (traces, 1×1 products, scalars) becomes a polynomial whose variables
are traces of closed words of the certificate's letters, with coefficients in the
certificate's field; traces that are the certificate's trace atoms become their
generators (`Context.atoms`).
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import Determinant, MatrixExpr, MatrixSymbol, Trace

from .diagonal_sums import as_traces
from .ncpoly import Dim, NCPoly, Rejected

MAX_POWER = 64  # integer powers of traces are multiplied out up to this


def is_real_scalar(expr) -> bool:
    """Real for every allowed value: symbols are real unless declared otherwise (CONTRACT), matrices are real."""
    return not expr.has(sympy.I) and all(
        s.is_real is not False for s in expr.free_symbols if isinstance(s, sympy.Symbol)
        and not isinstance(s, MatrixSymbol))


def log_of_exponentials(arg) -> list | None:
    """log(Π exp(aᵢ)^eᵢ) = Σ eᵢ·aᵢ for real aᵢ and rational eᵢ (a product of positive numbers): [(eᵢ, aᵢ)]."""
    parts = []
    for factor in sympy.Mul.make_args(arg):
        base, e = (factor, sympy.S.One) if isinstance(factor, sympy.exp) else \
            (factor.base, factor.exp) if factor.is_Pow else (None, None)
        if not (isinstance(base, sympy.exp) and e.is_Rational and is_real_scalar(base.args[0])):
            return None
        parts.append((e, base.args[0]))
    return parts


def _of_determinants(expr) -> bool:
    """expr is a scalar whose only matrices stand inside determinants (a field value, no trace)."""
    dets = expr.atoms(Determinant)
    return bool(dets) and not expr.xreplace({d: sympy.Dummy() for d in dets}).has(MatrixExpr)


class Traces:
    """Polynomials in traces of closed words: {monomial (sorted tuple of words): coefficient}."""

    def __init__(self, t):
        """t: the checker's translator (retranslate.CheckerTranslator), whose field the coefficients live in."""
        self.t = t
        self.fld = t.fld

    def const(self, c) -> dict:
        """A constant as a trace polynomial."""
        return {(): c} if c != 0 else {}

    def add(self, a: dict, b: dict, scale=None) -> dict:
        """a + scale·b."""
        out = dict(a)
        for m, c in b.items():
            c = c * scale if scale is not None else c
            s = out[m] + c if m in out else c
            if s == 0:
                out.pop(m, None)
            else:
                out[m] = s
        return out

    def mul(self, a: dict, b: dict) -> dict:
        """a·b (monomials are sorted tuples of words)."""
        out: dict = {}
        for ma, ca in a.items():
            for mb, cb in b.items():
                out = self.add(out, {tuple(sorted(ma + mb)): ca * cb})
        return out

    def trace(self, p: NCPoly) -> dict:
        """tr of a square polynomial; tr(I_k) = k and the certificate's trace atoms are applied at once."""
        if p.rows != p.cols:
            raise Rejected("trace of a non-square matrix")
        if self.t.ctx.structures is not None:  # words with structured letters in their normal form
            p = self.t.ctx.normal(p)
        out: dict = {}
        for w, c in p.terms.items():
            out = self.add(out, {(w,): c} if w else self.const(c * self.t.scalar(p.rows.expr)))
        return self.atoms(out)

    def atoms(self, poly: dict) -> dict:
        """Each trace whose loops (cut at every pass through a 1×1 vertex) are all atoms becomes their product."""
        out: dict = {}
        for mono, c in poly.items():
            term = self.const(c)
            for w in mono:
                value = self.atom_product(w)
                term = self.mul(term, {(w,): self.fld.one} if value is None else self.const(value))
            out = self.add(out, term)
        return out

    def loops(self, word: tuple) -> list:
        """The loops of a closed word cut at every pass through a 1×1 vertex (tr(a·b) = tr(a)·tr(b) for
        1×1 a, b); the word itself when it passes through a 1×1 vertex at most once."""
        one = Dim.of(1)
        cuts = [i for i, name in enumerate(word) if self.t.ctx.alphabet[name].rows == one]
        if len(cuts) < 2:
            return [word]
        start = cuts[0]
        word = word[start:] + word[:start]
        cuts = [i - start if i >= start else i - start + len(word) for i in cuts]
        return [word[a:b] for a, b in zip(cuts, cuts[1:] + [len(word)])]

    def split_loops(self, poly: dict) -> dict:
        """Every trace written as the product of its loops, each loop that is an atom by its value."""
        out: dict = {}
        ctx = self.t.ctx
        for mono, c in poly.items():
            term = self.const(c)
            for w in mono:
                for loop in self.loops(w):
                    value = ctx.atom_value(loop) if ctx.atoms else None
                    term = self.mul(term, {(loop,): self.fld.one} if value is None else self.const(value))
            out = self.add(out, term)
        return out

    def atom_product(self, word: tuple):
        """The certificate's trace atoms whose product is tr(word), when the word splits at 1×1 passes, else None."""
        ctx = self.t.ctx
        if not ctx.atoms:
            return None
        one = Dim.of(1)
        cuts = [i for i, name in enumerate(word) if ctx.alphabet[name].rows == one]
        if cuts:  # tr(a b) = tr(a) tr(b) when a and b are 1×1 (loops through the vertex 1)
            start = cuts[0]
            word = word[start:] + word[:start]
            cuts = [i - start if i >= start else i - start + len(word) for i in cuts]
            loops = [word[a:b] for a, b in zip(cuts, cuts[1:] + [len(word)])]
        else:
            loops = [word]
        value = self.fld.one
        for loop in loops:
            atom = ctx.atom_value(loop)
            if atom is None:
                return None
            value = value * atom
        return value

    def convert(self, expr) -> dict:
        """A scalar of the claim (traces, 1×1 products, arithmetic) as a trace polynomial."""
        if isinstance(expr, Trace):
            out: dict = {}
            for block in self.t.trace_blocks(expr.arg):
                out = self.add(out, self.trace(block))
            return out
        if isinstance(expr, MatrixExpr):
            p = self.t.poly(expr)
            if not (p.rows == Dim.of(1) and p.cols == Dim.of(1)):
                raise Rejected("a matrix used as a scalar")
            return self.trace(p)
        if isinstance(expr, sympy.Sum):   # Σᵢ M[i, i] = tr M (`diagonal_sums`)
            traces = as_traces(expr)
            if traces is None:
                raise Rejected(f"the sum {sympy.sstr(expr)[:80]} is not a sum of diagonal entries")
            return self.convert(traces)
        if expr.is_Add or expr.is_Mul:
            out = self.const(self.fld.one) if expr.is_Mul else {}
            for a in expr.args:
                out = self.mul(out, self.convert(a)) if expr.is_Mul else self.add(out, self.convert(a))
            return out
        if expr.is_Pow and expr.exp.is_Integer and expr.exp >= 0 and expr.base.has(MatrixExpr):
            if expr.exp > MAX_POWER:
                raise Rejected(f"a power {expr.exp} of traces is larger than the checker expands ({MAX_POWER})")
            out = self.const(self.fld.one)
            for _ in range(int(expr.exp)):
                out = self.mul(out, self.convert(expr.base))
            return out
        if isinstance(expr, Determinant) or (expr.is_Pow and expr.exp.is_Integer and _of_determinants(expr.base)):
            return self.const(self.t.scalar(expr))   # 1/det(A): a field element, det(A) a claim denominator
        if isinstance(expr, sympy.log) and expr.has(MatrixExpr):
            parts = log_of_exponentials(expr.args[0])
            if parts is not None:  # log(Π exp(aᵢ)^eᵢ) = Σ eᵢ·aᵢ, the aᵢ real
                out: dict = {}
                for e, a in parts:
                    out = self.add(out, self.convert(a), self.t.scalar(e))
                return out
        if (isinstance(expr, sympy.Function) or (expr.is_Pow and expr.exp.is_Rational)) and expr.has(MatrixExpr):
            return self.const(self.t.function_value(expr))
        if expr.has(MatrixExpr):
            raise Rejected(f"{type(expr).__name__} of matrices is outside what the checker translates")
        return self.const(self.t.scalar(expr))


__all__ = ["Traces", "log_of_exponentials", "is_real_scalar"]
