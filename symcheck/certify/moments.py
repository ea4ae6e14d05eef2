"""The checker's own Gaussian moment rules: E[f] over ε ~ N(0, σ²I) on normal forms.

Independent of the prover. The integrand's normal form (`normal.py`) is a sum of
coefficient × word, where ε and εᵀ occur in the words and in the trace holders of
the coefficients; each term must be a polynomial in ε (ε inside an inverse, a
square root, an opaque scalar, ... is refused). Its degree k decides:

* k = 0: the term itself; k odd: 0 (odd moments of a centred Gaussian vanish);
* k = 2: σ² Σᵢ (the term with both ε replaced by the unit vector eᵢ), which the
  checker evaluates by the contraction rules below (E[εεᵀ] = σ²I);
* k ≥ 4: refused (the checker's rules stop at second moments).

Contractions (A, B, C, R, S words; g, k rows):

  A ε εᵀ C -> A C         A εᵀ R ε C -> tr(R) A C      A ε R ε C -> A Rᵀ C
  A εᵀ R εᵀ C -> A Rᵀ C   tr(ε R ε S) -> tr(R Sᵀ)      tr(ε R εᵀ S) -> R tr(S)
  tr(εᵀ R ε S) -> tr(R) S  tr(εᵀ R εᵀ S) -> tr(Rᵀ S)
  (g ε)(k ε) -> g kᵀ       (g ε)·A ε C -> A gᵀ C        (g ε)·A εᵀ C -> A g C

where a trace holding one ε is first written g ε (tr(ε R) = R ε, tr(εᵀ R) = Rᵀ ε).
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import MatrixSymbol

from .ncpoly import Rejected
from .normal import MPoly, Normal


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

    # -- what holds ε -------------------------------------------------------------
    def _count(self, word: tuple) -> int:
        return sum(1 for k in word if k in (self.e, self.et))

    def _check_atoms(self, word: tuple) -> None:
        for k in word:
            if k not in (self.e, self.et) and self.n.atoms[k].expr.has(self.noise):
                raise NoMoment(f"the noise inside {sympy.sstr(self.n.atoms[k].expr)}")

    def _noise_holders(self, c) -> list:
        out = []
        for s in sorted(sympy.sympify(c).free_symbols, key=str):
            if s in self.n.info and self.n.meaning(s).has(self.noise):
                if self.n.info[s].kind != "trace":
                    raise NoMoment(f"the noise inside {sympy.sstr(self.n.meaning(s))}")
                self._check_atoms(self.n.info[s].word)
                out.append(s)
        return out

    # -- the expectation ----------------------------------------------------------
    def expect(self, value):
        """E[value] for a normal form (MPoly or scalar), as a normal form free of ε."""
        n = self.n
        p = n.as_poly(value)
        out = n.zero(p.rows, p.cols)
        for w, c in p.terms.items():
            self._check_atoms(w)
            holders = self._noise_holders(c)
            try:
                poly = sympy.Poly(sympy.expand(c), *holders) if holders else None
            except sympy.PolynomialError as exc:
                raise NoMoment(f"the integrand is not a polynomial in the noise: {exc}") from exc
            monomials = poly.terms() if poly is not None else [((), c)]
            for powers, a in monomials:
                if a.has(self.noise):
                    raise NoMoment("the noise inside a coefficient")
                used = [h for h, k in zip(holders, powers) for _ in range(k)]
                degree = self._count(w) + sum(self._count(n.info[h].word) for h in used)
                if degree == 0:
                    out = n.add(out, MPoly(p.rows, p.cols, {w: a}))
                elif degree % 2 == 1:
                    continue
                elif degree == 2:
                    out = n.add(out, n.scale(self._pair(w, used, p.rows, p.cols), a * self.sigma ** 2))
                else:
                    raise NoMoment(f"a moment of order {degree} (the checker's rules stop at 2)")
        if isinstance(value, MPoly):
            return out
        return n.as_scalar(out)

    def _word(self, word: tuple, rows=None, cols=None) -> MPoly:
        if not word:
            size = rows if rows is not None else self.size
            return self.n.const(size, cols if cols is not None else size, sympy.S.One)
        return self.n.word_poly(word)

    def _linear(self, holder) -> MPoly:
        """g (1×size) with tr(loop) = g·ε for a loop holding ε once."""
        word = self.n.info[holder].word
        i = next(k for k, key in enumerate(word) if key in (self.e, self.et))
        rest = word[i + 1:] + word[:i]     # tr(X R) with X = ε or εᵀ
        if word[i] == self.e:              # tr(ε R) = R ε
            return self._word(rest, 1, self.size)
        return self.n.transpose(self._word(rest, self.size, 1))  # tr(εᵀ R) = Rᵀ ε

    def _pair(self, w: tuple, used: list, rows, cols) -> MPoly:
        """Σᵢ of the degree-2 term (word w times the traces `used`) at ε = eᵢ, without σ²."""
        n = self.n
        in_word = [i for i, k in enumerate(w) if k in (self.e, self.et)]
        if len(in_word) == 2:
            return self._pair_in_word(w, in_word, rows, cols)
        if len(in_word) == 1:
            g = self._linear(used[0])
            i = in_word[0]
            out = n.transpose(g) if w[i] == self.e else g  # Σ (g eᵢ) eᵢ = gᵀ; Σ (g eᵢ) eᵢᵀ = g
            if w[:i]:
                out = n.mul(self._word(w[:i]), out)
            if w[i + 1:]:
                out = n.mul(out, self._word(w[i + 1:]))
            return out
        body = self._word(w, rows, cols) if w else n.const(rows, cols, sympy.S.One)
        if len(used) == 2:
            g, k = self._linear(used[0]), self._linear(used[1])
            return n.scale(body, n.trace(n.mul(g, n.transpose(k))))
        return n.scale(body, self._pair_in_trace(n.info[used[0]].word))

    def _pair_in_word(self, w: tuple, at: list, rows, cols) -> MPoly:
        n = self.n
        p, q = at
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
        out = core
        if a:
            out = n.mul(self._word(a), out)
        if c:
            out = n.mul(out, self._word(c))
        return out

    def _pair_in_trace(self, loop: tuple):
        """Σᵢ tr(loop at ε = eᵢ) for a loop holding ε twice."""
        n = self.n
        i = next(k for k, key in enumerate(loop) if key in (self.e, self.et))
        loop = loop[i:] + loop[:i]
        j = next(k for k in range(1, len(loop)) if loop[k] in (self.e, self.et))
        first, r, second, s = loop[0], loop[1:j], loop[j], loop[j + 1:]
        if first == self.e and second == self.e:       # tr(ε R ε S) = R Sᵀ
            return n.trace(n.mul(self._word(r, 1, self.size), n.transpose(self._word(s, 1, self.size))))
        if first == self.e and second == self.et:      # tr(ε R εᵀ S) = R·tr(S)
            scalar = n.as_scalar(self._word(r, 1, 1)) if r else sympy.S.One
            return scalar * n.trace(self._word(s, self.size, self.size))
        if first == self.et and second == self.e:      # tr(εᵀ R ε S) = tr(R)·S
            scalar = n.as_scalar(self._word(s, 1, 1)) if s else sympy.S.One
            return scalar * n.trace(self._word(r, self.size, self.size))
        return n.trace(n.mul(n.transpose(self._word(r, self.size, 1)), self._word(s, self.size, 1)))


def expectation_rule():
    """The `Normal` rule for Expectation and MatrixExpectation nodes: each replaced by its closed form."""
    def rule(n: Normal, node):
        if node.sigma.has(node.noise):
            raise NoMoment("the standard deviation depends on the noise")
        value = n.value(node.integrand)
        return Moments(n, node.noise, n.scalar(node.sigma)).expect(value)
    return rule


__all__ = ["Moments", "expectation_rule", "NoMoment"]
