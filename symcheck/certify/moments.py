"""The checker's own Gaussian moment rules: E[f] over ε ~ N(0, σ²I) on normal forms.

Independent of the prover (which sums over perfect matchings, `prove/reductions/wick.py`):
the checker uses the heat-operator form of the Gaussian moments. For a polynomial f
homogeneous of degree 2k in ε,

    E[f(ε)] = (σ²/2)^k / k! · Δ^k f,        Δ = Σᵢ ∂²/∂εᵢ² (the Laplacian),

and odd degrees have expectation 0. (E[f(ε)] = (e^{σ²Δ/2} f)(0) for every polynomial f:
the Gaussian is the heat kernel at time σ²; on a homogeneous f of degree 2k only the
k-th term survives at 0.) The integrand's normal form (`normal.py`) is a sum of
coefficient × word, with ε and εᵀ in the words and in the trace holders of the
coefficients; every term must be a polynomial in ε (ε inside an inverse, a square
root, an opaque scalar, ... is refused). A term is multilinear in its occurrences of
ε (each copy of a holder raised to a power counts), so

    Δ term = 2 Σ over unordered pairs {p, q} of occurrences of Σᵢ (term with eᵢ at p and q),

the other occurrences left as they stand. `_contract` evaluates Σᵢ (…) by these rules
(A, C, R, S words, possibly holding other occurrences; g, k rows):

  A ε r εᵀ C -> r·A C (r 1×1)   A εᵀ R ε C -> tr(R)·A C       A ε R ε C -> A Rᵀ C
  A εᵀ R εᵀ C -> A Rᵀ C         tr(ε R ε S) -> tr(R Sᵀ)        tr(ε r εᵀ S) -> r·tr(S)
  tr(εᵀ R ε s) -> tr(R)·s       tr(εᵀ R εᵀ S) -> tr(Rᵀ S)
  (g ε)(k ε) -> g kᵀ            (g ε)·A ε C -> A gᵀ C           (g ε)·A εᵀ C -> A g C

where a trace holding the occurrence is first written g ε (tr(ε R) = R ε, tr(εᵀ R) = Rᵀ ε).
Each Δ lowers the degree by 2 and the result is normalised again, so Δ^k is k rounds.
Degrees above `MAX_DEGREE` are refused.
"""
from __future__ import annotations

import math

import sympy
from sympy.matrices.expressions import MatrixSymbol

from .ncpoly import Rejected
from .normal import MPoly, Normal

MAX_DEGREE = 8
MAX_PAIRS = 50_000    # contractions in one expectation


class NoMoment(Rejected):
    """Outside the checker's moment rules."""


class Moments:
    """E[·] over one noise vector ε ~ N(0, σ²I) in one normalisation context."""

    def __init__(self, normal: Normal, noise: MatrixSymbol, sigma):
        if not isinstance(noise, MatrixSymbol) or noise.shape[1] != 1:
            raise NoMoment(f"the noise {noise} is not a column MatrixSymbol")
        self.n = normal
        self.noise = noise
        self.size = noise.shape[0]
        self.sigma = sigma
        self.e = next(iter(normal.symbol(noise).terms))[0]
        self.et = "T:" + self.e
        self.budget = MAX_PAIRS

    # -- what holds ε -------------------------------------------------------------
    def _is_noise(self, key) -> bool:
        return key in (self.e, self.et)

    def _count(self, word: tuple) -> int:
        return sum(1 for k in word if self._is_noise(k))

    def _check_atoms(self, word: tuple) -> None:
        for k in word:
            if not self._is_noise(k) and self.n.atoms[k].expr.has(self.noise):
                raise NoMoment(f"the noise inside {sympy.sstr(self.n.atoms[k].expr)}")

    def _noise_holders(self, c) -> list:
        out = []
        for s in sorted(sympy.sympify(c).free_symbols, key=str):
            if s not in self.n.info:
                continue
            h = self.n.info[s]
            if h.kind == "trace":
                self._check_atoms(h.word)
                if self._count(h.word):
                    out.append(s)
            elif self.n.meaning(s).has(self.noise):
                raise NoMoment(f"the noise inside {sympy.sstr(self.n.meaning(s))}")
        return out

    def _monomials(self, p: MPoly):
        """(word, coefficient free of ε, [holder, ...] with repetition, degree) for every term of p."""
        for w, c in p.terms.items():
            self._check_atoms(w)
            if isinstance(c, sympy.Basic) and c.has(self.noise):
                raise NoMoment("the noise inside a coefficient")
            holders = self._noise_holders(c)
            if not holders:
                yield w, c, [], self._count(w)
                continue
            try:
                poly = sympy.Poly(sympy.expand(c), *holders)
            except sympy.PolynomialError as exc:
                raise NoMoment(f"the integrand is not a polynomial in the noise: {exc}") from exc
            for powers, a in poly.terms():
                if any(s in holders for s in sympy.sympify(a).free_symbols):
                    raise NoMoment("the integrand is not a polynomial in the noise")
                used = [h for h, k in zip(holders, powers) for _ in range(k)]
                yield w, a, used, self._count(w) + sum(self._count(self.n.info[h].word) for h in used)

    # -- the expectation ----------------------------------------------------------
    def expect(self, value):
        """E[value] for a normal form (MPoly or scalar), as a normal form free of ε."""
        n = self.n
        p = n.as_poly(value)
        parts: dict = {}
        for w, a, used, degree in self._monomials(p):
            if degree % 2:
                continue
            if degree > MAX_DEGREE:
                raise NoMoment(f"a moment of order {degree} (the checker's rules stop at {MAX_DEGREE})")
            coeff = a * sympy.Mul(*used)
            term = MPoly(p.rows, p.cols, {w: coeff})
            parts[degree] = n.add(parts[degree], term) if degree in parts else term
        out = n.zero(p.rows, p.cols)
        for degree, part in sorted(parts.items()):
            k = degree // 2
            for _ in range(k):
                part = self.laplacian(part)
            out = n.add(out, n.scale(part, (self.sigma ** 2 / 2) ** k / math.factorial(k)))
        if isinstance(value, MPoly):
            return out
        return n.as_scalar(out)

    def laplacian(self, p: MPoly) -> MPoly:
        """Δp = Σᵢ ∂²p/∂εᵢ², term by term: twice the sum of the contractions of every pair of occurrences."""
        n = self.n
        out = n.zero(p.rows, p.cols)
        for w, a, used, _degree in self._monomials(p):
            loops = [self.n.info[h].word for h in used]
            places = [("w", None, i) for i, k in enumerate(w) if self._is_noise(k)]
            places += [("t", j, i) for j, loop in enumerate(loops) for i, k in enumerate(loop) if self._is_noise(k)]
            for x in range(len(places)):
                for y in range(x + 1, len(places)):
                    self.budget -= 1
                    if self.budget < 0:
                        raise NoMoment(f"more than {MAX_PAIRS} contractions")
                    term = self._contract(w, loops, used, places[x], places[y], p.rows, p.cols)
                    out = n.add(out, n.scale(term, 2 * a))
        return out

    # -- one pair -----------------------------------------------------------------
    def _contract(self, w: tuple, loops: list, used: list, first, second, rows, cols) -> MPoly:
        """Σᵢ of the term word · Π tr(loops) with eᵢ at the two places (the other occurrences kept);
        `used` are the holders tr(loop) themselves."""
        n = self.n
        if first[0] == "w" and second[0] == "w":
            body = self._pair_in_word(w, first[2], second[2])
            return n.scale(body, _product_but(used, ()))
        if first[0] == "t" and second[0] == "t":
            if first[1] == second[1]:
                scalar = self._pair_in_trace(loops[first[1]], first[2], second[2])
            else:
                g = self._linear(loops[first[1]], first[2])
                k = self._linear(loops[second[1]], second[2])
                scalar = n.trace(n.mul(g, n.transpose(k)))
            body = self._word(w, rows, cols)
            return n.scale(body, scalar * _product_but(used, (first[1], second[1])))
        in_trace, in_word = (first, second) if first[0] == "t" else (second, first)
        g = self._linear(loops[in_trace[1]], in_trace[2])
        i = in_word[2]
        middle = n.transpose(g) if w[i] == self.e else g  # Σ (g eᵢ) eᵢ = gᵀ;  Σ (g eᵢ) eᵢᵀ = g
        body = self._around(w[:i], middle, w[i + 1:])
        return n.scale(body, _product_but(used, (in_trace[1],)))

    def _word(self, word: tuple, rows=None, cols=None) -> MPoly:
        if not word:
            size = rows if rows is not None else self.size
            return self.n.const(size, cols if cols is not None else size, sympy.S.One)
        return self.n.word_poly(word)

    def _around(self, before: tuple, middle: MPoly, after: tuple) -> MPoly:
        out = middle
        if before:
            out = self.n.mul(self._word(before), out)
        if after:
            out = self.n.mul(out, self._word(after))
        return out

    def _linear(self, loop: tuple, i: int) -> MPoly:
        """g (1×size) with tr(loop) = g·ε for the occurrence at position i of the loop."""
        rest = loop[i + 1:] + loop[:i]     # tr(X R) with X = ε or εᵀ at position i
        if not rest:
            raise NoMoment("the trace of a lone noise vector is ill-typed")
        if loop[i] == self.e:              # tr(ε R) = R ε
            return self._word(rest)
        return self.n.transpose(self._word(rest))  # tr(εᵀ R) = Rᵀ ε

    def _pair_in_word(self, w: tuple, p: int, q: int) -> MPoly:
        n = self.n
        a, r, c = w[:p], w[p + 1:q], w[q + 1:]
        first, second = w[p], w[q]
        if first == self.e and second == self.et:      # A ε (r) εᵀ C, r 1×1 -> r·A C
            scalar = n.as_scalar(self._word(r, 1, 1)) if r else sympy.S.One
            core = n.const(self.size, self.size, scalar)
        elif first == self.et and second == self.e:    # A εᵀ R ε C -> tr(R)·A C
            core = n.const(sympy.S.One, sympy.S.One, n.trace(self._word(r, self.size, self.size)))
        else:                                          # A ε R ε C, A εᵀ R εᵀ C -> A Rᵀ C
            if not r:
                raise NoMoment("ε ε without anything between them is ill-typed")
            core = n.transpose(self._word(r))
        return self._around(a, core, c)

    def _pair_in_trace(self, loop: tuple, p: int, q: int):
        """Σᵢ tr(loop with eᵢ at positions p < q)."""
        n = self.n
        loop = loop[p:] + loop[:p]
        j = q - p
        first, r, second, s = loop[0], loop[1:j], loop[j], loop[j + 1:]
        if first == self.e and second == self.e:       # tr(ε R ε S) = R Sᵀ
            if not r or not s:
                raise NoMoment("ε ε without anything between them is ill-typed")
            return n.trace(n.mul(self._word(r), n.transpose(self._word(s))))
        if first == self.e and second == self.et:      # tr(ε r εᵀ S) = r·tr(S)
            scalar = n.as_scalar(self._word(r, 1, 1)) if r else sympy.S.One
            return scalar * n.trace(self._word(s, self.size, self.size))
        if first == self.et and second == self.e:      # tr(εᵀ R ε s) = tr(R)·s
            scalar = n.as_scalar(self._word(s, 1, 1)) if s else sympy.S.One
            return scalar * n.trace(self._word(r, self.size, self.size))
        if not r or not s:                             # tr(εᵀ R εᵀ S) = tr(Rᵀ S)
            raise NoMoment("εᵀ εᵀ without anything between them is ill-typed")
        return n.trace(n.mul(n.transpose(self._word(r)), self._word(s)))


def _product_but(holders: list, skip: tuple):
    """The product of the holders but those at the positions in `skip`."""
    return sympy.Mul(*[h for j, h in enumerate(holders) if j not in skip])


def expectation_rule():
    """The `Normal` rule for Expectation and MatrixExpectation nodes: each replaced by its closed form."""
    def rule(n: Normal, node):
        if node.sigma.has(node.noise):
            raise NoMoment("the standard deviation depends on the noise")
        value = n.value(node.integrand)
        return Moments(n, node.noise, n.scalar(node.sigma)).expect(value)
    return rule


__all__ = ["Moments", "expectation_rule", "NoMoment", "MAX_DEGREE"]
