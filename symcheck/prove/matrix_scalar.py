"""Scalar claims built from traces and 1×1 matrix words, e.g. tr(I − H) = n − d or
‖ŷ − X̂w‖² = ‖y − Xw‖² + λ‖w‖² written as (ŷ − X̂w)ᵀ(ŷ − X̂w).

Owns the commutative layer above the free algebra. Every trace and every 1×1
matrix expression becomes tr(p) for a typed polynomial p (a 1×1 matrix is its own
trace), so the claim is a polynomial in trace atoms tr(w), w a closed word. Each
atom is brought to a canonical form with three kinds of rewrites, all recorded:

* `cyclic`: tr(w) = tr(w') for a rotation w' of w or of its transpose (tr(AB) = tr(BA), tr(M) = tr(Mᵀ));
* `reduce`: tr(w) = tr(nf(w)) where w − nf(w) = Σ c·a·h·b is in the ideal (its trace vanishes);
* `identity`: tr(I_k) = k.

An atom none of whose rotations reduces is named by its least rotation. The claim
is proved when the resulting polynomial in canonical atoms is exactly 0.
"""
from __future__ import annotations

import time

import sympy
from sympy.matrices.expressions import MatrixExpr, Trace

from ..model.problem import Problem
from . import matrix_certificate
from .matrix import Outcome, Prover, claim_denominators, denominators_of, relevant
from .matrix_nonzero import prove_nonzero
from .matrix_translate import Unsupported, assign_ranks, close_under_transpose, translate_assumptions
from .ncalg import NCPoly, RatFunc
from .ncgb import GroebnerSession, Inconsistent

Atom = tuple          # (vertex, word): tr of a closed word at that vertex
Monomial = tuple      # sorted tuple of atoms
CPoly = dict          # {Monomial: RatFunc}


def _cadd(a: CPoly, b: CPoly, sign: RatFunc | None = None) -> CPoly:
    out = dict(a)
    for m, c in b.items():
        c = c * sign if sign is not None else c
        s = out[m] + c if m in out else c
        if s:
            out[m] = s
        else:
            out.pop(m, None)
    return out


def _cmul(a: CPoly, b: CPoly) -> CPoly:
    out: CPoly = {}
    for ma, ca in a.items():
        for mb, cb in b.items():
            m = tuple(sorted(ma + mb, key=repr))
            s = out[m] + ca * cb if m in out else ca * cb
            if s:
                out[m] = s
            else:
                out.pop(m, None)
    return out


class ScalarTranslator:
    """Scalar SymPy expression -> CPoly over raw trace atoms."""

    def __init__(self, prover: Prover):
        self.prover = prover
        self.t = prover.t
        self.fld = prover.t.field

    def const(self, c: RatFunc) -> CPoly:
        return {(): c} if c else {}

    def trace_of(self, poly: NCPoly) -> CPoly:
        if poly.src != poly.dst:
            raise Unsupported("trace of a non-square matrix")
        out: CPoly = {}
        for w, c in poly.terms.items():
            out = _cadd(out, {((poly.src, w),): c})
        return out

    def convert(self, expr) -> CPoly:
        if isinstance(expr, Trace):
            return self.trace_of(self.t.poly(expr.arg))
        if isinstance(expr, MatrixExpr):
            poly = self.t.poly(expr)
            if not (poly.src == 1 and poly.dst == 1):
                raise Unsupported("a matrix used as a scalar")
            return self.trace_of(poly)
        if expr.is_Add:
            out: CPoly = {}
            for a in expr.args:
                out = _cadd(out, self.convert(a))
            return out
        if expr.is_Mul:
            out = self.const(self.fld.one)
            for a in expr.args:
                out = _cmul(out, self.convert(a))
            return out
        if expr.is_Pow and expr.exp.is_Integer and expr.exp >= 0 and expr.base.has(MatrixExpr):
            out = self.const(self.fld.one)
            for _ in range(int(expr.exp)):
                out = _cmul(out, self.convert(expr.base))
            return out
        if expr.has(MatrixExpr):
            raise Unsupported(f"{type(expr).__name__} of matrix expressions")
        return self.const(self.t.scalar(expr))


class Canonicaliser:
    """tr(word) -> linear combination of canonical atoms, recording every rewrite."""

    def __init__(self, session: GroebnerSession, fld, alphabet):
        self.session = session
        self.fld = fld
        self.alphabet = alphabet
        self.rewrites: list = []
        self.reps: list = []
        self.cache: dict = {}

    def candidates(self, vertex, word) -> list:
        out = []
        for w in (word, self.alphabet.transpose_word(word)):
            for i in range(len(w)):
                rotated = w[i:] + w[:i]
                out.append((self.alphabet[rotated[0]].rows, rotated))
        return out

    def canon(self, atom: Atom, depth: int = 0) -> dict:
        """{canonical atom or (): coefficient}; () stands for the constant 1."""
        if atom in self.cache:
            return self.cache[atom]
        vertex, word = atom
        fld = self.fld
        if not word:
            result = {(): fld.from_sympy(vertex)}
            self.rewrites.append({"kind": "identity", "vertex": sympy.sstr(vertex), "value": sympy.sstr(vertex)})
            self.cache[atom] = result
            return result
        cands = self.candidates(vertex, word)
        if depth < 12:
            for cv, cw in cands:
                nf, rep = self.session.reduce(NCPoly(cv, cv, {cw: fld.one}))
                if nf.terms == {cw: fld.one}:
                    continue
                self._record_cyclic(atom, (cv, cw))
                self.rewrites.append({"kind": "reduce", "vertex": sympy.sstr(cv),
                                      "word": [self.alphabet[i].name for i in cw],
                                      "normal_form": matrix_certificate.poly_json(self.alphabet, nf),
                                      "terms": matrix_certificate.terms_json(self.alphabet, rep)})
                self.reps.append(rep)
                result: dict = {}
                for w, c in nf.terms.items():
                    for a, v in self.canon((cv, w), depth + 1).items():
                        s = result[a] + v * c if a in result else v * c
                        if s:
                            result[a] = s
                        else:
                            result.pop(a, None)
                self.cache[atom] = result
                return result
        best = min(cands, key=lambda a: self.alphabet.word_key(a[1]))
        self._record_cyclic(atom, best)
        result = {best: fld.one}
        self.cache[atom] = result
        return result

    def _record_cyclic(self, atom: Atom, to: Atom) -> None:
        if atom != to:
            names = lambda w: [self.alphabet[i].name for i in w]  # noqa: E731
            self.rewrites.append({"kind": "cyclic", "from": names(atom[1]), "from_vertex": sympy.sstr(atom[0]),
                                  "to": names(to[1]), "to_vertex": sympy.sstr(to[0])})


def canonical_poly(cpoly: CPoly, canon: Canonicaliser) -> CPoly:
    out: CPoly = {}
    for mono, c in cpoly.items():
        term: CPoly = {(): c}
        for atom in mono:
            lin = canon.canon(atom)
            term = _cmul(term, {((a,) if a else ()): v for a, v in lin.items()})
        out = _cadd(out, term)
    return out


def _cpoly_json(alphabet, cpoly: CPoly) -> list:
    return [{"coeff": c.exact_str(),
             "traces": [{"vertex": sympy.sstr(v), "word": [alphabet[i].name for i in w]} for v, w in mono]}
            for mono, c in cpoly.items()]


def prove_scalar_identity(problem: Problem, deadline: float) -> Outcome:
    prover = Prover(problem, deadline)
    st = ScalarTranslator(prover)
    left, right = st.convert(problem.lhs), st.convert(problem.rhs)
    target = _cadd(left, right, -prover.t.field.one)
    t = prover.t
    translate_assumptions(t)
    hyps_all = close_under_transpose(t)
    assign_ranks(t.alphabet)
    letters = {i for mono in target for (_, w) in mono for i in w}
    hyps = relevant(hyps_all, letters)
    session = GroebnerSession(t.alphabet, t.field, [h.poly for h in hyps], prover.limits, deadline)
    start = time.monotonic()
    try:
        session.add_hypotheses()
        budget = 8
        while True:
            canon = Canonicaliser(session, t.field, t.alphabet)
            result = canonical_poly(target, canon)
            if not result:
                break
            before = session.steps
            for _ in range(budget):
                if not session.step():
                    break
            if session.steps == before:
                shown = ", ".join(f"{c.exact_str()}·{'·'.join('tr(' + t.alphabet.show(w, v) + ')' for v, w in m) or '1'}"
                                  for m, c in list(result.items())[:6])
                return Outcome(False, f"lhs - rhs in canonical traces is {shown} after {session.steps} "
                                      f"S-polynomials ({session.bound_hit()})")
            budget *= 2
    except Inconsistent as exc:
        return Outcome(False, f"the assumptions are inconsistent ({exc}); not proving anything from them")
    denominators = []
    for factor in denominators_of(t, canon.reps):
        reason = prove_nonzero(factor, problem, t.sqrt_symbols)
        if reason is None and any(sympy.rem(c, factor) == 0 for c in claim_denominators(problem)):
            reason = "it divides a denominator of the claim itself"
        if reason is None:
            return Outcome(False, f"the proof divides by {factor}, which the assumptions do not show nonzero")
        denominators.append({"factor": sympy.sstr(factor.xreplace(dict(zip(t.field.gens, t.field.safe_gens)))),
                             "text": sympy.sstr(factor), "reason": reason})
    stats = {"s_polynomials": session.steps, "basis_size": len(session.basis),
             "hypotheses": len(hyps), "seconds": round(time.monotonic() - start, 6)}
    cert = matrix_certificate.build(t, hyps, [], [], denominators, stats, canon.rewrites)
    cert["scalar"] = {"lhs": _cpoly_json(t.alphabet, left), "rhs": _cpoly_json(t.alphabet, right),
                      "canonical_difference": []}
    cert["steps"].insert(0, "Write both sides as polynomials in traces of words (a 1×1 matrix is its own trace).")
    cert["steps"].insert(1, f"Rewrite each trace to a canonical one ({len(canon.rewrites)} rewrites: "
                            "cyclic rotations and transposes, reductions by the relations, tr(I_k) = k); "
                            "the difference of the two sides becomes 0.")
    return Outcome(True, "lhs - rhs is 0 after canonicalising every trace", cert, stats)


__all__ = ["prove_scalar_identity"]
