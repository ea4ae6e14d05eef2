"""Noncommutative Gröbner bases (Buchberger/Mora completion) with recorded cofactors.

Owns the completion of a set of typed hypotheses into a (partial) Gröbner basis
and the reduction of a polynomial to normal form. Every basis element and every
reduction carries its *representation* in the original hypotheses,

    p − nf(p) = Σ cᵢ · aᵢ · h_{kᵢ} · bᵢ      (aᵢ, bᵢ words, h_k hypothesis number k),

stored as a dict {(aᵢ, kᵢ, bᵢ): cᵢ}. So a zero normal form is an ideal-membership
certificate that can be re-expanded without any of this code.

Scalars may hide inside words: a closed segment through the 1×1 vertex (vᵀA⁻¹u in
A⁻¹u·vᵀA⁻¹u·vᵀ) is a central scalar. An optional `normalize(word, src, dst)`
(`atoms.AtomTable.split_word`) pulls such segments out as coefficients
whenever reduction meets them, so representations hold after that extraction.

Completion in a free algebra need not terminate, so `GroebnerSession` works
step by step under three bounds: a number of S-polynomials, a weighted degree for
overlap words and a wall-clock deadline. `prove_member` stops as soon as the
target reduces to zero.
"""
from __future__ import annotations

import heapq
import time
from dataclasses import dataclass, field

from .ncalg import Alphabet, NCPoly, RatFunc, ScalarField, Word

Rep = dict  # {(left word, hypothesis index, right word): RatFunc}


class Inconsistent(Exception):
    """The hypotheses imply that some identity matrix is zero: no instance satisfies them."""


@dataclass
class Element:
    """A basis element: monic polynomial, its leading word, its representation in the hypotheses, its origin."""
    poly: NCPoly     # monic: the leading coefficient is 1
    lead: Word
    rep: Rep
    origin: str      # "hypothesis 3", "S(2,5)", ...


@dataclass
class Limits:
    """Bounds on completion: S-polynomials examined, weighted degree of overlap words, basis size."""
    max_steps: int = 400          # S-polynomials examined
    max_degree: int = 12          # weighted degree of an overlap word
    max_basis: int = 300


def _accumulate(target: dict, key, value) -> None:
    """target[key] += value in a sparse map: a zero sum removes the key."""
    if key in target:
        value = target[key] + value
        if value:
            target[key] = value
        else:
            del target[key]
    elif value:
        target[key] = value


def add_representation(target: Rep, rep: Rep, coeff: RatFunc, left: Word = (), right: Word = ()) -> None:
    """target += coeff · left · rep · right: representations in the hypotheses, combined in place."""
    for (a, k, b), c in rep.items():
        _accumulate(target, (left + a, k, b + right), c * coeff)


class GroebnerSession:
    """A Gröbner basis completed step by step from typed hypotheses, every element with its representation."""
    def __init__(self, alphabet: Alphabet, fld: ScalarField, hypotheses: list[NCPoly],
                 limits: Limits | None = None, deadline: float | None = None, normalize=None):
        self.alphabet = alphabet
        self.normalize = normalize  # (word, src, dst) -> (coeff, word) or None
        self.field = fld
        self.hypotheses = hypotheses
        self.limits = limits or Limits()
        self.deadline = deadline
        self.basis: list[Element] = []
        self.by_first: dict[int, list[int]] = {}
        self.pairs: list = []
        self.steps = 0
        self.divisions: list[RatFunc] = []  # leading coefficients we divided by
        self.skipped_degree = 0
        self._counter = 0
        self._key_cache: dict = {}
        self.exhausted = False
        self.deferred: list = []  # S-polynomials whose leading coefficient is not a constant

    # -- order ----------------------------------------------------------------
    def key(self, word: Word) -> tuple:
        """The monomial order's key of a word (cached)."""
        k = self._key_cache.get(word)
        if k is None:
            k = self._key_cache[word] = self.alphabet.word_key(word)
        return k

    # -- reduction ------------------------------------------------------------
    def _find_divisor(self, word: Word):
        for pos, letter in enumerate(word):
            for gi in self.by_first.get(letter, ()):
                lead = self.basis[gi].lead
                if word[pos:pos + len(lead)] == lead:
                    return gi, pos
        return None

    def reduce(self, poly: NCPoly) -> tuple[NCPoly, Rep]:
        """(nf, rep) with poly − nf = Σ rep, nf irreducible by the current basis."""
        todo = dict(poly.terms)
        nf: dict = {}
        rep: Rep = {}
        scalar_type = poly.src == 1 and poly.dst == 1
        while todo:
            word = max(todo, key=self.key)
            coeff = todo.pop(word)
            if self.normalize is not None and not scalar_type:
                split = self.normalize(word, poly.src, poly.dst)
                if split is not None:
                    factor, rest = split
                    value = coeff * factor
                    value = todo[rest] + value if rest in todo else value
                    if value:
                        todo[rest] = value
                    else:
                        todo.pop(rest, None)
                    continue
            found = self._find_divisor(word)
            if found is None:
                nf[word] = coeff
                continue
            gi, pos = found
            g = self.basis[gi]
            left, right = word[:pos], word[pos + len(g.lead):]
            for w, c in g.poly.terms.items():
                if w == g.lead:
                    continue
                _accumulate(todo, left + w + right, -(c * coeff))
            add_representation(rep, g.rep, coeff, left, right)
        return NCPoly(poly.src, poly.dst, nf), rep

    # -- completion -------------------------------------------------------------
    def add(self, poly: NCPoly, rep: Rep, origin: str) -> int | None:
        """Reduce and insert; returns the new index or None when it reduced to zero."""
        nf, used = self.reduce(poly)
        if nf.is_zero():
            return None
        full: Rep = dict(rep)
        add_representation(full, used, -self.field.one)
        lead = max(nf.terms, key=self.key)
        if not lead:
            raise Inconsistent(f"{origin} reduces to a nonzero multiple of the identity at {nf.src}")
        lc = nf.terms[lead]
        if not lc.is_one():
            inv = lc.inverse()
            self.divisions.append(lc)
            nf = nf.scale(inv)
            scaled: Rep = {}
            add_representation(scaled, full, inv)
            full = scaled
        idx = len(self.basis)
        self.basis.append(Element(nf, lead, full, origin))
        self.by_first.setdefault(lead[0], []).append(idx)
        self._new_pairs(idx)
        return idx

    def add_hypotheses(self) -> None:
        """Insert every hypothesis (reduced, made monic) as a basis element."""
        for k, h in enumerate(self.hypotheses):
            self.add(h, {((), k, ()): self.field.one}, f"hypothesis {k}")

    def _push(self, degree: int, item: tuple) -> None:
        if degree > self.limits.max_degree:
            self.skipped_degree += 1
            return
        self._counter += 1
        heapq.heappush(self.pairs, (degree, self._counter, item))

    def _new_pairs(self, j: int) -> None:
        """Overlaps and inclusions between element j and every element (itself included)."""
        alphabet = self.alphabet
        V = self.basis[j].lead
        for i, elem in enumerate(self.basis):
            U = elem.lead
            for (f, g, A, B) in ((i, j, U, V), (j, i, V, U)) if i != j else ((i, j, U, V),):
                for k in range(1, min(len(A), len(B))):
                    if A[-k:] == B[:k]:
                        word = A + B[k:]
                        self._push(alphabet.word_key(word)[0], ("overlap", f, g, k))
            if i != j:
                for (big, small, A, B) in ((i, j, U, V), (j, i, V, U)):
                    if len(B) <= len(A):
                        for pos in range(len(A) - len(B) + 1):
                            if A[pos:pos + len(B)] == B:
                                self._push(alphabet.word_key(A)[0], ("inclusion", big, small, pos))
                                break

    def _s_poly(self, item: tuple) -> tuple[NCPoly, Rep, str]:
        kind, a, b, k = item
        f, g = self.basis[a], self.basis[b]
        one = self.field.one
        if kind == "overlap":
            right = g.lead[k:]
            left = f.lead[:-k]
            fr = f.poly * _word_poly(right, f.poly.dst, self.alphabet, self.field)
            lg = _word_poly(left, f.poly.src, self.alphabet, self.field) * g.poly
            rep: Rep = {}
            add_representation(rep, f.rep, one, (), right)
            add_representation(rep, g.rep, -one, left, ())
            return fr - lg, rep, f"S({a},{b})"
        left, right = f.lead[:k], f.lead[k + len(g.lead):]
        lgr = (_word_poly(left, f.poly.src, self.alphabet, self.field) * g.poly
               * _word_poly(right, f.poly.dst, self.alphabet, self.field))
        rep = {}
        add_representation(rep, f.rep, one)
        add_representation(rep, g.rep, -one, left, right)
        return f.poly - lgr, rep, f"I({a},{b})"

    def step(self) -> bool:
        """Process one pair; False when nothing is left or a bound is reached.

        An S-polynomial whose reduced leading coefficient is not a constant (μ·(...))
        is deferred while other pairs remain: dividing by μ would make the proof
        depend on μ ≠ 0, and another route often avoids it (push-through with any μ).
        """
        if self.steps >= self.limits.max_steps or len(self.basis) >= self.limits.max_basis:
            return False
        if self.deadline is not None and time.monotonic() > self.deadline:
            return False
        if not self.pairs:
            if self.deferred:
                poly, rep, origin = self.deferred.pop(0)
                self.steps += 1
                self.add(poly, rep, origin)
                return True
            self.exhausted = self.skipped_degree == 0
            return False
        _, _, item = heapq.heappop(self.pairs)
        self.steps += 1
        poly, rep, origin = self._s_poly(item)
        nf, used = self.reduce(poly)
        if nf.is_zero():
            return True
        if not _is_constant(nf.terms[max(nf.terms, key=self.key)]):
            self.deferred.append((poly, rep, origin))
            return True
        self.add(poly, rep, origin)
        return True

    def complete(self) -> None:
        """Complete the basis until nothing is left or a bound is reached."""
        while self.step():
            pass

    def bound_hit(self) -> str:
        """Why completion stopped: complete, the deadline, or which bound."""
        if self.exhausted:
            return "complete"
        if self.deadline is not None and time.monotonic() > self.deadline:
            return "deadline"
        if self.steps >= self.limits.max_steps:
            return f"step bound ({self.limits.max_steps} S-polynomials)"
        if len(self.basis) >= self.limits.max_basis:
            return f"basis bound ({self.limits.max_basis} elements)"
        return f"degree bound ({self.limits.max_degree})"


def _is_constant(c: RatFunc) -> bool:
    return c.den is None and len(c.num) == 1 and not any(next(iter(c.num)))


def _word_poly(word: Word, vertex, alphabet: Alphabet, fld: ScalarField) -> NCPoly:
    if not word:
        return NCPoly.identity(vertex, fld)
    src, dst = alphabet.word_type(word)
    return NCPoly(src, dst, {word: fld.one})


@dataclass
class Membership:
    """The outcome of `prove_member`."""

    member: bool
    rep: Rep
    normal_form: NCPoly
    session: GroebnerSession
    status: str = ""
    seconds: float = 0.0
    basis_size: int = 0
    notes: list = field(default_factory=list)


def prove_member(target: NCPoly, session: GroebnerSession) -> Membership:
    """Complete the session's basis only until `target` reduces to zero (or a bound is hit)."""
    start = time.monotonic()
    session.add_hypotheses()
    current, rep = session.reduce(target)
    while not current.is_zero():
        if not session.step():
            break
        more_nf, more = session.reduce(current)
        if more:
            add_representation(rep, more, session.field.one)
            current = more_nf
    status = "proved" if current.is_zero() else session.bound_hit()
    return Membership(current.is_zero(), rep, current, session, status,
                      time.monotonic() - start, len(session.basis))


__all__ = ["GroebnerSession", "Limits", "Membership", "prove_member", "Inconsistent", "Element", "Rep",
           "add_representation"]
