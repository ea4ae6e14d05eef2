"""Traces of closed words modulo the ideal: classes of words and the linear relations among them.

A trace tr(w) of a closed word is unchanged by rotating w or transposing it, so each trace is
a *class* of words, named by its least member. The ideal of the premises gives linear
relations among classes: a member w of a class that reduces, w − nf(w) = Σ c·a·h·b, says
tr(w) = tr(nf(w)), i.e. class(w) − Σ c·class(u) = 0 over the words u of nf(w). Such a
relation may lead back to its own class: with Sᵀ = −S, xᵀSx is a member of its class, so is
xᵀSᵀx, which reduces to −xᵀSx; the relation class = −class says tr(xᵀSx) = 0. So a class
is not rewritten member by member (that would go round in circles); instead

1. every class reached from the claim is explored: each of its members is reduced, each
   member that reduces gives one relation (recorded as a `cyclic` rewrite from the class's
   name to the member and a `reduce` rewrite of the member), and the classes of the normal
   form's words are explored in turn (up to `MAX_CLASSES`);
2. the relations are brought to reduced row echelon form, pivoting on the largest class in
   the monomial order with a constant coefficient (so nothing is divided by a scalar that
   might vanish);
3. a polynomial in traces is reduced modulo them (`normal_form`): it is 0 exactly when it is
   in the span of the relations (times monomials, for products of traces).

A word passing several times through the 1×1 vertex is split into its loops first
(tr(ab) = tr(a)·tr(b) for 1×1 a, b, a `split` rewrite); tr(I_k) = k (`identity`); a word
with structured letters may factor (tr(A ⊗ B) = tr A · tr B, a `structured-trace` rewrite) or
name the class of the first word met with the same index network (a `tensor` rewrite). The
checker re-derives every relation from the recorded rewrites and eliminates with its own code.
"""
from __future__ import annotations

import sympy

from . import certificate
from .ncalg import NCPoly, RatFunc
from .tensornet import has_network, network_key, trace_rule

MAX_CLASSES = 200     # classes explored per proof attempt
MAX_SUBSTITUTIONS = 30  # rounds of substituting pivots inside products of traces

TracePoly = dict      # {monomial (sorted tuple of (vertex, word) atoms): RatFunc}


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


def _is_constant(c: RatFunc) -> bool:
    return c.den is None and all(not any(e) for e in c.num)


class Canonicaliser:
    """Classes of traces reached from a claim, the relations the ideal gives among them, and normal forms."""

    def __init__(self, session, fld, alphabet, atoms=None):
        self.session = session
        self.atoms = atoms
        self.fld = fld
        self.alphabet = alphabet
        self.rewrites: list = []
        self.reps: list = []
        self.relations: list = []          # TracePoly = 0
        self.pending: list = []
        self.explored: set = set()
        self.cache: dict = {}
        self.pivots: dict | None = None    # class atom -> TracePoly it equals (no pivot in it, linearly)
        self.networks: dict = {}   # network key (`tensornet`) -> the first class atom met with it

    # -- classes ----------------------------------------------------------------
    def names(self, word) -> list:
        """The letter names of a word."""
        return [self.alphabet[i].name for i in word]

    def candidates(self, vertex, word) -> list:
        """Every rotation of the word and of its transpose, each with its vertex."""
        out = []
        for w in (word, self.alphabet.transpose_word(word)):
            for i in range(len(w)):
                rotated = w[i:] + w[:i]
                out.append((self.alphabet[rotated[0]].rows, rotated))
        return out

    def class_of(self, atom) -> TracePoly:
        """tr(word) as a polynomial in class atoms (loops split, tr(I_k) = k), its class queued for exploring."""
        if atom in self.cache:
            return self.cache[atom]
        vertex, word = atom
        fld = self.fld
        if not word:
            self.rewrites.append({"kind": "identity", "vertex": sympy.sstr(vertex), "value": sympy.sstr(vertex)})
            result = {(): fld.from_sympy(vertex)}
        elif len(pieces := self.atoms.loops(word)) > 1:
            rotated = tuple(i for piece in pieces for i in piece)
            if rotated != tuple(word):  # the split is read on the rotation that starts at the 1×1 vertex
                self._record_cyclic(atom, (1, rotated))
            # tr(a·b) = tr(a)·tr(b) for loops a, b through the 1×1 vertex
            self.rewrites.append({"kind": "split", "vertex": "1", "word": self.names(rotated),
                                  "factors": [self.names(p) for p in pieces]})
            result = {(): fld.one}
            for piece in pieces:
                result = multiply_trace_polys(result, self.class_of((1, piece)))
        elif (structured := self._structured_trace(atom)) is not None:
            result = structured
        else:
            best = min(self.candidates(vertex, word), key=lambda a: self.alphabet.word_key(a[1]))
            self._record_cyclic(atom, best)
            structures = getattr(self.atoms, "structures", None)
            if structures is not None and has_network(structures, best[1]):
                best = self._by_network(structures, best)
            if best not in self.explored:
                self.explored.add(best)
                self.pending.append(best)
            result = {(best,): fld.one}
        self.cache[atom] = result
        return result

    def _structured_trace(self, atom) -> TracePoly | None:
        """tr(A ⊗ B) = tr A · tr B and tr(vec(U)ᵀ vec(W)) = tr(UᵀW) (`tensornet.trace_rule`), recorded; else None."""
        structures = getattr(self.atoms, "structures", None)
        vertex, word = atom
        if structures is None or not any(i in structures.structure for i in word):
            return None
        factors = trace_rule(structures, vertex, word)
        if factors is None:
            return None
        out: TracePoly = {(): self.fld.one}
        shown = []
        for v, w in factors:
            c, w = structures.normal_word(w)
            out = multiply_trace_polys(out, {m: c * k for m, k in self.class_of((v, w)).items()})
            shown.append({"vertex": sympy.sstr(v), "word": self.names(w), "coeff": c.exact_str()})
        self.rewrites.append({"kind": "structured-trace", "vertex": sympy.sstr(vertex), "word": self.names(word),
                              "factors": shown})
        return out

    def _by_network(self, structures, atom) -> tuple:
        """The first class atom met with the same index network (tr of both is one sum): recorded as a rewrite."""
        key = network_key(structures, atom[0], atom[1])
        if key is None:
            return atom
        first = self.networks.setdefault(key, atom)
        if first != atom:
            self.rewrites.append({"kind": "tensor", "from": self.names(atom[1]), "from_vertex": sympy.sstr(atom[0]),
                                  "to": self.names(first[1]), "to_vertex": sympy.sstr(first[0])})
        return first

    def explore(self) -> None:
        """Reduce every member of every queued class; each member that reduces gives a relation."""
        while self.pending and len(self.explored) <= MAX_CLASSES:
            best = self.pending.pop()
            seen = set()
            for cv, cw in self.candidates(*best):
                if cw in seen:
                    continue
                seen.add(cw)
                nf, rep = self.session.reduce(NCPoly(cv, cv, {cw: self.fld.one}))
                if nf.terms == {cw: self.fld.one}:
                    continue
                self._record_cyclic(best, (cv, cw))
                self.rewrites.append({"kind": "reduce", "vertex": sympy.sstr(cv), "word": self.names(cw),
                                      "normal_form": certificate.poly_json(self.alphabet, nf),
                                      "terms": certificate.terms_json(self.alphabet, rep)})
                self.reps.append(rep)
                relation: TracePoly = {(best,): self.fld.one}
                for w, c in nf.terms.items():
                    relation = add_trace_polys(relation, self.class_of((cv, w)), -c)
                if relation:
                    self.relations.append(relation)
                    self.pivots = None

    def _record_cyclic(self, atom, to) -> None:
        if atom != to:
            self.rewrites.append({"kind": "cyclic", "from": self.names(atom[1]), "from_vertex": sympy.sstr(atom[0]),
                                  "to": self.names(to[1]), "to_vertex": sympy.sstr(to[0])})

    # -- elimination ----------------------------------------------------------------
    def _order(self, atom) -> tuple:
        return self.alphabet.word_key(atom[1])

    def _substitute(self, poly: TracePoly, pivots: dict) -> TracePoly:
        """Every pivot atom in every monomial replaced by what it equals (repeated while any is left)."""
        for _ in range(MAX_SUBSTITUTIONS):
            if not any(a in pivots for m in poly for a in m):
                return poly
            out: TracePoly = {}
            for mono, c in poly.items():
                term: TracePoly = {(): c}
                for a in mono:
                    term = multiply_trace_polys(term, pivots.get(a, {(a,): self.fld.one}))
                out = add_trace_polys(out, term)
            poly = out
        return poly

    def _eliminate(self) -> dict:
        if self.pivots is not None:
            return self.pivots
        pivots: dict = {}
        for relation in self.relations:
            r = self._substitute(relation, pivots)
            linear = [m[0] for m, c in r.items() if len(m) == 1 and _is_constant(c)]
            if not linear:
                continue
            atom = max(linear, key=self._order)
            c = r[(atom,)]
            expr = {m: -v / c for m, v in r.items() if m != (atom,)}
            for other in list(pivots):
                pivots[other] = self._substitute(pivots[other], {atom: expr})
            pivots[atom] = expr
        self.pivots = pivots
        return pivots

    def normal_form(self, poly: TracePoly) -> TracePoly:
        """The polynomial modulo every relation found (its classes explored first)."""
        classes: TracePoly = {}
        for mono, c in poly.items():
            term: TracePoly = {(): c}
            for atom in mono:
                term = multiply_trace_polys(term, self.class_of(atom))
            classes = add_trace_polys(classes, term)
        self.explore()
        return self._substitute(classes, self._eliminate())

    def canon(self, atom) -> TracePoly:
        """tr(atom) as a polynomial in canonical class atoms, modulo the relations."""
        return self.normal_form({(atom,): self.fld.one})


def canonical_poly(cpoly: TracePoly, canon: Canonicaliser) -> TracePoly:
    """The polynomial with every trace atom replaced by its normal form."""
    return canon.normal_form(cpoly)


__all__ = ["Canonicaliser", "canonical_poly", "add_trace_polys", "multiply_trace_polys", "TracePoly"]
