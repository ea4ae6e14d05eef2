"""Isserlis/Wick pairings: E[monomial in ε] for ε ~ N(0, σ²I), any even degree, on `Mono`s.

A monomial of `derivative.expand_linear` is coeff · Π tr(tᵢ) · (chain), where the noise
ε (n×1) and εᵀ occur as atoms of the trace words tᵢ (cyclic) and of the chain (open).
It is multilinear in its 2k occurrences, so Isserlis' theorem gives

    E[M(ε, …, ε)] = σ^{2k} Σ over the perfect matchings π of the occurrences
                             Σ_{i₁…i_k} M(e_{i_j} at both ends of the j-th pair of π)

(E[εₐε_b] = σ²δ_ab, and a centred Gaussian's moments are sums over pairings). Each inner
sum Σᵢ over one pair (u, v), with u = v = eᵢ and every other occurrence left where it
is, is again a monomial of the same kind: the *contraction* of the pair. The occurrences
are first renamed to distinct symbols, so each pair is found where it stands; a
contraction only moves or transposes the other occurrences, so the pairs of a matching
are contracted one after the other. With P, Q, R words (possibly holding other
occurrences), Qᵀ the reversed word of transposed atoms, and Σᵢ eᵢeᵢᵀ = I, Σᵢ eᵢᵀ Q eᵢ = tr Q,
Σᵢ (g eᵢ)(k eᵢ) = g kᵀ for rows g, k:

  both in the chain     P u Q vᵀ R -> tr(Q)·P R  (Q 1×1; P R = I when both are empty)
                        P uᵀ Q v R -> tr(Q)·P R  (Q n×n; tr of the empty Q is n)
                        P u Q v R  -> P Qᵀ R      (Q 1×n)
                        P uᵀ Q vᵀ R -> P Qᵀ R     (Q n×1)
  in one trace          tr(u Q vᵀ R) -> tr(Q) tr(R)   (Q 1×1, R n×n)
                        tr(uᵀ Q v R) -> tr(Q) tr(R)   (Q n×n, R 1×1)
                        tr(u Q v R)  -> tr(Q Rᵀ)      (Q, R 1×n)
                        tr(uᵀ Q vᵀ R) -> tr(Qᵀ R)     (Q, R n×1)
  a trace holding one occurrence is first written g u (g a row): tr(u R) = R u, tr(uᵀ R) = Rᵀ u;
  in two traces         (g u)(k v) -> tr(g kᵀ)
  a trace and the chain (g u)·P v R -> P gᵀ R;   (g u)·P vᵀ R -> P g R

Proofs (entries): (1) Σᵢ P eᵢ q eᵢᵀ R = q P (Σᵢ eᵢeᵢᵀ) R = q P R. (2) Σᵢ P eᵢᵀQeᵢ R = Σᵢ Qᵢᵢ P R.
(3) Σᵢ eᵢ Q eᵢ = Σᵢ Qᵢ eᵢ = Qᵀ for a row Q. (4) Σᵢ eᵢᵀ Q eᵢᵀ = Σᵢ Qᵢ eᵢᵀ = Qᵀ for a column Q.
The trace rules are (1)–(4) inside a trace after rotating u to the front (tr is cyclic):
tr(eᵢ Q eᵢᵀ R) = Q (R)ᵢᵢ, tr(eᵢᵀ Q eᵢ R) = Qᵢᵢ R, tr(eᵢ Q eᵢ R) = Qᵢ Rᵢ, tr(eᵢᵀ Q eᵢᵀ R) = Qᵢ Rᵢ.
The last two are Σᵢ (g eᵢ) P eᵢ R = P (Σᵢ eᵢ gᵢ) R = P gᵀ R and Σᵢ (g eᵢ) P eᵢᵀ R = P (Σᵢ gᵢeᵢᵀ) R = P g R.
Every rule is an identity for every n, so the closed form is exact. A contraction that
would need an ill-typed word (u v with nothing between) raises `NoClosedForm`.
"""
from __future__ import annotations

from sympy.matrices.expressions import Identity, MatrixSymbol, Transpose

from .derivative import Mono

MAX_DEGREE = 8            # 105 matchings per monomial
MAX_CONTRACTIONS = 20_000  # matchings over all monomials of one expectation


class NoClosedForm(Exception):
    """The integrand is outside the moment rules."""


def occurrence_symbols(eps: MatrixSymbol, count: int, taken: set) -> list:
    """`count` fresh n×1 symbols standing for the occurrences of ε (names not in `taken`)."""
    out, k = [], 0
    while len(out) < count:
        name = f"{eps.name}#{k}"
        k += 1
        if name not in taken:
            out.append(MatrixSymbol(name, *eps.shape))
    return out


def rename_occurrences(mono: Mono, eps, fresh: list) -> Mono:
    """The monomial with the j-th occurrence of ε (traces first, then the chain) renamed fresh[j]."""
    names = iter(fresh)

    def swap(word):
        out = []
        for atom in word:
            if atom == eps:
                out.append(next(names))
            elif atom == Transpose(eps):
                out.append(Transpose(next(names)))
            else:
                out.append(atom)
        return tuple(out)

    return Mono(mono.coeff, tuple(swap(t) for t in mono.traces), swap(mono.chain))


def _transposed(word: tuple) -> tuple:
    out = []
    for atom in reversed(word):
        if isinstance(atom, Identity):
            out.append(atom)
        elif isinstance(atom, Transpose):
            out.append(atom.arg)
        else:
            out.append(Transpose(atom))
    return tuple(out)


def _at(word: tuple, u) -> int | None:
    for i, atom in enumerate(word):
        if atom == u or atom == Transpose(u):
            return i
    return None


def _plain(atom) -> bool:
    return not isinstance(atom, Transpose)


def _row(word: tuple, i: int) -> tuple:
    """g with tr(word) = g·u for the one occurrence u at position i (rotate u to the front)."""
    rest = word[i + 1:] + word[:i]
    if not rest:
        raise NoClosedForm("the trace of a lone noise vector is ill-typed")
    return rest if _plain(word[i]) else _transposed(rest)


def contract(mono: Mono, u, v, n) -> Mono:
    """Σᵢ of the monomial at u = v = eᵢ (the other occurrences untouched), by the rules above."""
    coeff, traces, chain = mono.coeff, list(mono.traces), mono.chain
    tu = next((k for k, t in enumerate(traces) if _at(t, u) is not None), None)
    tv = next((k for k, t in enumerate(traces) if _at(t, v) is not None), None)
    if tu is None and tv is None:
        return _in_chain(coeff, traces, chain, u, v, n)
    if tu is not None and tu == tv:
        word = traces.pop(tu)
        coeff, new = _in_trace(coeff, word, u, v, n)
        return Mono(coeff, tuple(traces) + new, chain)
    if tu is not None and tv is not None:
        g = _row(traces[tu], _at(traces[tu], u))
        k = _row(traces[tv], _at(traces[tv], v))
        kept = [t for j, t in enumerate(traces) if j not in (tu, tv)]
        return Mono(coeff, tuple(kept) + (g + _transposed(k),), chain)
    held, free = (u, v) if tu is not None else (v, u)
    at_trace = tu if tu is not None else tv
    g = _row(traces[at_trace], _at(traces[at_trace], held))
    j = _at(chain, free)
    if j is None:
        raise NoClosedForm("an occurrence of the noise was lost")
    middle = _transposed(g) if _plain(chain[j]) else g
    kept = [t for k, t in enumerate(traces) if k != at_trace]
    return Mono(coeff, tuple(kept), chain[:j] + middle + chain[j + 1:])


def _in_chain(coeff, traces, chain, u, v, n) -> Mono:
    i, j = _at(chain, u), _at(chain, v)
    if i is None or j is None:
        raise NoClosedForm("an occurrence of the noise was lost")
    if i > j:
        i, j = j, i
    a, b = chain[i], chain[j]
    P, Q, R = chain[:i], chain[i + 1:j], chain[j + 1:]
    if _plain(a) and not _plain(b):          # P u Q vᵀ R, Q 1×1
        new_traces = (Q,) if Q else ()
        outer = P + R if (P or R) else (Identity(n),)
        return Mono(coeff, tuple(traces) + new_traces, outer)
    if not _plain(a) and _plain(b):          # P uᵀ Q v R, Q n×n
        if Q:
            return Mono(coeff, tuple(traces) + (Q,), P + R)
        return Mono(coeff * n, tuple(traces), P + R)
    if not Q:
        raise NoClosedForm("a product ε ε without anything between them is ill-typed")
    return Mono(coeff, tuple(traces), P + _transposed(Q) + R)  # P u Q v R, P uᵀ Q vᵀ R


def _in_trace(coeff, word: tuple, u, v, n):
    """(coefficient, new trace words) for tr(word) with both u and v in it."""
    i = min(_at(word, u), _at(word, v))
    word = word[i:] + word[:i]
    j = next(k for k in range(1, len(word)) if word[k] in (u, v, Transpose(u), Transpose(v)))
    a, Q, b, R = word[0], word[1:j], word[j], word[j + 1:]
    if _plain(a) != _plain(b):
        # tr(u Q vᵀ R): Q 1×1, R n×n;  tr(uᵀ Q v R): Q n×n, R 1×1. The empty n×n word has trace n.
        square = R if _plain(a) else Q
        new = tuple(w for w in (Q, R) if w)
        if not square:
            coeff = coeff * n
        return coeff, new
    if not Q or not R:
        raise NoClosedForm("a product ε ε without anything between them is ill-typed")
    if _plain(a):                            # tr(u Q v R) = tr(Q Rᵀ)
        return coeff, (Q + _transposed(R),)
    return coeff, (_transposed(Q) + R,)      # tr(uᵀ Q vᵀ R) = tr(Qᵀ R)


def matchings(items: list):
    """Every perfect matching of an even list, as lists of pairs (the first item paired first)."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for k, other in enumerate(rest):
        for m in matchings(rest[:k] + rest[k + 1:]):
            yield [(first, other)] + m


def pairings(mono: Mono, eps, n, taken: set) -> list:
    """Σ over perfect matchings of the contracted monomials, for an even-degree monomial (without σ^{2k})."""
    degree = degree_in(mono, eps)
    if degree % 2:
        return []
    if degree > MAX_DEGREE:
        raise NoClosedForm(f"a moment of order {degree} (the pairing rules stop at {MAX_DEGREE})")
    if degree == 0:
        return [mono]
    fresh = occurrence_symbols(eps, degree, taken)
    renamed = rename_occurrences(mono, eps, fresh)
    out = []
    for matching in matchings(fresh):
        m = renamed
        for u, v in matching:
            m = contract(m, u, v, n)
        out.append(m)
    return out


def degree_in(mono: Mono, eps) -> int:
    """How many times ε or εᵀ occurs in the monomial's words."""
    return sum(1 for w in (*mono.traces, mono.chain) for a in w if a == eps or a == Transpose(eps))


__all__ = ["NoClosedForm", "contract", "matchings", "pairings", "rename_occurrences", "occurrence_symbols",
           "degree_in", "MAX_DEGREE", "MAX_CONTRACTIONS"]
