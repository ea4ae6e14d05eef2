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

from ...model.problem import Problem
from . import certificate
from .assumptions import close_under_transpose, translate_assumptions
from .blocks import grid_trace_blocks
from .errors import OutsideMatrixProver
from .ncalg import NCPoly, RatFunc
from .prover import Outcome, Prover, claim_denominators, justify_denominators, relevant
from .translate import MatrixTranslator, assign_ranks
from .ncgb import GroebnerSession, Inconsistent
from .structured import lift_premises, with_lift_dependencies
from .tensornet import has_network, network_key, trace_rule

Atom = tuple          # (vertex, word): tr of a closed word at that vertex
Monomial = tuple      # sorted tuple of atoms
TracePoly = dict          # {Monomial: RatFunc}


def add_trace_polys(a: TracePoly, b: TracePoly, sign: RatFunc | None = None) -> TracePoly:
    """a + sign·b for polynomials in trace atoms (sign 1 when None)."""
    out = dict(a)
    for m, c in b.items():
        c = c * sign if sign is not None else c
        s = out[m] + c if m in out else c
        if s:
            out[m] = s
        else:
            out.pop(m, None)
    return out


def multiply_trace_polys(a: TracePoly, b: TracePoly) -> TracePoly:
    """a·b for polynomials in trace atoms (atoms commute: monomials are sorted tuples)."""
    out: TracePoly = {}
    for ma, ca in a.items():
        for mb, cb in b.items():
            m = tuple(sorted(ma + mb, key=repr))
            s = out[m] + ca * cb if m in out else ca * cb
            if s:
                out[m] = s
            else:
                out.pop(m, None)
    return out


class TraceTranslator:
    """Scalar SymPy expression -> TracePoly over raw trace atoms."""

    def __init__(self, prover: Prover):
        self.prover = prover
        self.t = prover.t
        self.fld = prover.t.field

    def const(self, c: RatFunc) -> TracePoly:
        """A constant as a trace polynomial."""
        return {(): c} if c else {}

    def trace_of(self, poly: NCPoly) -> TracePoly:
        """tr(poly) as a trace polynomial (one raw atom per word)."""
        if poly.src != poly.dst:
            raise OutsideMatrixProver("trace of a non-square matrix")
        out: TracePoly = {}
        for w, c in poly.terms.items():
            out = add_trace_polys(out, {((poly.src, w),): c})
        return out

    def convert(self, expr) -> TracePoly:
        """A scalar SymPy expression as a trace polynomial over raw trace atoms."""
        if isinstance(expr, Trace):
            out: TracePoly = {}
            for block in grid_trace_blocks(self.t.grid(expr.arg)):
                out = add_trace_polys(out, self.trace_of(block))
            return out
        if isinstance(expr, MatrixExpr):
            poly = self.t.poly(expr)
            if not (poly.src == 1 and poly.dst == 1):
                raise OutsideMatrixProver("a matrix used as a scalar")
            return self.trace_of(poly)
        if expr.is_Add:
            out: TracePoly = {}
            for a in expr.args:
                out = add_trace_polys(out, self.convert(a))
            return out
        if expr.is_Mul:
            out = self.const(self.fld.one)
            for a in expr.args:
                out = multiply_trace_polys(out, self.convert(a))
            return out
        if expr.is_Pow and expr.exp.is_Integer and expr.exp >= 0 and expr.base.has(MatrixExpr):
            out = self.const(self.fld.one)
            for _ in range(int(expr.exp)):
                out = multiply_trace_polys(out, self.convert(expr.base))
            return out
        # anything else (1/tr(...), √tr(...), λ, ...) is a field value, with atoms where needed
        return self.const(self.t.scalar(expr))


class Canonicaliser:
    """tr(word) -> linear combination of canonical atoms, recording every rewrite."""

    def __init__(self, session: GroebnerSession, fld, alphabet, atoms=None):
        self.session = session
        self.atoms = atoms
        self.fld = fld
        self.alphabet = alphabet
        self.rewrites: list = []
        self.reps: list = []
        self.cache: dict = {}
        self.networks: dict = {}   # network key (`tensornet`) -> the first atom met with it

    def candidates(self, vertex, word) -> list:
        """Every rotation of the word and of its transpose, each with its vertex."""
        out = []
        for w in (word, self.alphabet.transpose_word(word)):
            for i in range(len(w)):
                rotated = w[i:] + w[:i]
                out.append((self.alphabet[rotated[0]].rows, rotated))
        return out

    def canon(self, atom: Atom, depth: int = 0) -> TracePoly:
        """tr(word) as a polynomial in canonical atoms (a monomial () is the constant 1)."""
        if atom in self.cache:
            return self.cache[atom]
        vertex, word = atom
        fld = self.fld
        if not word:
            result = {(): fld.from_sympy(vertex)}
            self.rewrites.append({"kind": "identity", "vertex": sympy.sstr(vertex), "value": sympy.sstr(vertex)})
            self.cache[atom] = result
            return result
        pieces = self.atoms.loops(word)
        if len(pieces) > 1:
            rotated = tuple(i for piece in pieces for i in piece)
            if rotated != tuple(word):  # the split is read on the rotation that starts at the 1×1 vertex
                self._record_cyclic(atom, (1, rotated))
            # tr(a·b) = tr(a)·tr(b) for loops a, b through the 1×1 vertex
            self.rewrites.append({"kind": "split", "vertex": "1",
                                  "word": [self.alphabet[i].name for i in rotated],
                                  "factors": [[self.alphabet[i].name for i in p] for p in pieces]})
            result = {(): fld.one}
            for piece in pieces:
                result = multiply_trace_polys(result, self.canon((1, piece), depth + 1))
            self.cache[atom] = result
            return result
        structures = getattr(self.atoms, "structures", None)
        if structures is not None and any(i in structures.structure for i in word):
            found = structured_trace(self, structures, atom, depth)
            if found is not None:
                self.cache[atom] = found
                return found
        cands = self.candidates(vertex, word)
        if depth < 12:
            for cv, cw in cands:
                nf, rep = self.session.reduce(NCPoly(cv, cv, {cw: fld.one}))
                if nf.terms == {cw: fld.one}:
                    continue
                self._record_cyclic(atom, (cv, cw))
                self.rewrites.append({"kind": "reduce", "vertex": sympy.sstr(cv),
                                      "word": [self.alphabet[i].name for i in cw],
                                      "normal_form": certificate.poly_json(self.alphabet, nf),
                                      "terms": certificate.terms_json(self.alphabet, rep)})
                self.reps.append(rep)
                result: TracePoly = {}
                for w, c in nf.terms.items():
                    result = add_trace_polys(result, self.canon((cv, w), depth + 1), c)
                self.cache[atom] = result
                return result
        best = min(cands, key=lambda a: self.alphabet.word_key(a[1]))
        self._record_cyclic(atom, best)
        if structures is not None and has_network(structures, best[1]):
            best = self._by_network(structures, best)
        result = {(best,): fld.one}
        self.cache[atom] = result
        return result

    def _by_network(self, structures, atom: Atom) -> Atom:
        """The first atom met with the same index network (tr of both is one sum): recorded as a rewrite."""
        key = network_key(structures, atom[0], atom[1])
        if key is None:
            return atom
        first = self.networks.setdefault(key, atom)
        if first != atom:
            names = lambda w: [self.alphabet[i].name for i in w]  # noqa: E731
            self.rewrites.append({"kind": "tensor", "from": names(atom[1]), "from_vertex": sympy.sstr(atom[0]),
                                  "to": names(first[1]), "to_vertex": sympy.sstr(first[0])})
        return first

    def _record_cyclic(self, atom: Atom, to: Atom) -> None:
        if atom != to:
            names = lambda w: [self.alphabet[i].name for i in w]  # noqa: E731
            self.rewrites.append({"kind": "cyclic", "from": names(atom[1]), "from_vertex": sympy.sstr(atom[0]),
                                  "to": names(to[1]), "to_vertex": sympy.sstr(to[0])})


def structured_trace(canon: Canonicaliser, structures, atom: Atom, depth: int) -> TracePoly | None:
    """tr(A ⊗ B) = tr A · tr B and tr(vec(U)ᵀ vec(W)) = tr(UᵀW) (`tensornet.trace_rule`), recorded; else None."""
    vertex, word = atom
    factors = trace_rule(structures, vertex, word)
    if factors is None:
        return None
    names = lambda w: [canon.alphabet[i].name for i in w]  # noqa: E731
    out: TracePoly = {(): canon.fld.one}
    shown = []
    for v, w in factors:
        c, w = structures.normal_word(w)
        out = multiply_trace_polys(out, {m: c * k for m, k in canon.canon((v, w), depth + 1).items()})
        shown.append({"vertex": sympy.sstr(v), "word": names(w), "coeff": c.exact_str()})
    canon.rewrites.append({"kind": "structured-trace", "vertex": sympy.sstr(vertex), "word": names(word),
                           "factors": shown})
    return out


def canonical_poly(cpoly: TracePoly, canon: Canonicaliser) -> TracePoly:
    """The polynomial with every trace atom replaced by its canonical form."""
    out: TracePoly = {}
    for mono, c in cpoly.items():
        term: TracePoly = {(): c}
        for atom in mono:
            term = multiply_trace_polys(term, canon.canon(atom))
        out = add_trace_polys(out, term)
    return out


def as_field_value(cpoly: TracePoly, atoms) -> RatFunc:
    """A polynomial in canonical traces as one field value, each trace an atom generator."""
    out = atoms.field.zero
    for mono, c in cpoly.items():
        term = c
        for vertex, word in mono:
            term = term * atoms.trace(vertex, word)
        out = out + term
    return out


def substitute_atoms(value: RatFunc, canon: Canonicaliser, t, rounds: int = 3) -> RatFunc:
    """Replace every trace atom of the field by its canonical form (reductions included)."""
    atoms, fld = t.atoms, t.field
    for _ in range(rounds):
        expr = fld.to_sympy(value)
        mapping = {}
        for sym in expr.free_symbols:
            info = atoms.by_symbol.get(sym)
            if info is None or info.kind != "trace":
                continue
            canonical = as_field_value(canon.canon((info.vertex, info.word)), atoms)
            if canonical != fld.gen(sym):
                canon.rewrites.append({"kind": "atom", "generator": _safe(fld, sym),
                                       "vertex": sympy.sstr(info.vertex),
                                       "word": [t.alphabet[i].name for i in info.word]})
                mapping[sym] = fld.to_sympy(canonical)
        if not mapping:
            return value
        value = fld.from_sympy(sympy.sympify(expr).xreplace(mapping))
    return value


def _safe(fld, sym) -> str:
    return sympy.sstr(fld.safe_gens[fld.index[sym]])


def _cpoly_json(alphabet, cpoly: TracePoly) -> list:
    return [{"coeff": c.exact_str(),
             "traces": [{"vertex": sympy.sstr(v), "word": [alphabet[i].name for i in w]} for v, w in mono]}
            for mono, c in cpoly.items()]


def _translate(problem: Problem, deadline: float) -> tuple:
    """(prover, lhs, rhs) as polynomials in raw traces; again with roots when √tr(uuᵀ) occurred."""
    prover = Prover(problem, deadline)
    st = TraceTranslator(prover)
    left, right = st.convert(problem.lhs), st.convert(problem.rhs)
    wanted = prover.t.atoms.root_requests
    if wanted:
        prover = Prover(problem, deadline)
        prover.t = MatrixTranslator(problem, atom_roots=frozenset(wanted))
        st = TraceTranslator(prover)
        left, right = st.convert(problem.lhs), st.convert(problem.rhs)
    return prover, left, right


def _closed(target: TracePoly, canon: Canonicaliser, t) -> bool:
    """lhs − rhs is 0: as a polynomial in canonical traces, or as a field value once every atom is canonical."""
    result = canonical_poly(target, canon)
    if not result:
        return True
    if not t.atoms.infos:
        return False
    return not substitute_atoms(as_field_value(result, t.atoms), canon, t)


def prove_scalar_identity(problem: Problem, deadline: float) -> Outcome:
    """Prove a scalar claim made of traces and 1×1 words: lhs − rhs is 0 in canonical traces."""
    prover, left, right = _translate(problem, deadline)
    target = add_trace_polys(left, right, -prover.t.field.one)
    t = prover.t
    translate_assumptions(t)
    hyps_all = close_under_transpose(t)
    assign_ranks(t.alphabet)
    hyps_all = hyps_all + lift_premises(t, hyps_all, deadline)
    letters = {i for mono in target for (_, w) in mono for i in w}
    letters |= {i for info in t.atoms.infos for i in info.word}
    hyps = with_lift_dependencies(relevant(hyps_all, letters), hyps_all)
    session = GroebnerSession(t.alphabet, t.field, [h.poly for h in hyps], prover.limits, deadline,
                              normalize=t.atoms.normalizer())
    start = time.monotonic()
    try:
        session.add_hypotheses()
        budget = 8
        while True:
            canon = Canonicaliser(session, t.field, t.alphabet, t.atoms)
            if _closed(target, canon, t):
                break
            before = session.steps
            for _ in range(budget):
                if not session.step():
                    break
            if session.steps == before:
                result = canonical_poly(target, Canonicaliser(session, t.field, t.alphabet, t.atoms))
                shown = ", ".join(f"{c.text()}·{'·'.join('tr(' + t.alphabet.show(w, v) + ')' for v, w in m) or '1'}"
                                  for m, c in list(result.items())[:6])
                return Outcome(False, f"lhs - rhs in canonical traces is {shown} after {session.steps} "
                                      f"S-polynomials ({session.bound_hit()})")
            budget *= 2
    except Inconsistent as exc:
        return Outcome(False, f"the assumptions are inconsistent ({exc}); not proving anything from them")
    denominators, failure = justify_denominators(t, problem, canon.reps, claim_denominators)
    if failure:
        return Outcome(False, failure)
    stats = {"s_polynomials": session.steps, "basis_size": len(session.basis),
             "hypotheses": len(hyps), "seconds": round(time.monotonic() - start, 6)}
    cert = certificate.build(t, hyps, [], [], denominators, stats, canon.rewrites)
    cert["scalar"] = {"lhs": _cpoly_json(t.alphabet, left), "rhs": _cpoly_json(t.alphabet, right),
                      "canonical_difference": []}
    cert["steps"].insert(0, "Write both sides as polynomials in traces of words (a 1×1 matrix is its own trace).")
    cert["steps"].insert(1, f"Rewrite each trace to a canonical one ({len(canon.rewrites)} rewrites: "
                            "cyclic rotations and transposes, reductions by the relations, tr(I_k) = k); "
                            "the difference of the two sides becomes 0.")
    return Outcome(True, "lhs - rhs is 0 after canonicalising every trace", cert, stats)


__all__ = ["prove_scalar_identity"]
