"""The checker's own positive-definiteness rules, on normal forms (for argmin and for limits).

PD: hᵀMh > 0 for every h ≠ 0 (no symmetry needed); PSD: hᵀMh ≥ 0. A word w of a
normal form is classified by

  ======================================  =========================================
  the empty word (the identity)           PD
  S, Sᵀ with Q.positive_definite(S)       PD (Q.positive_semidefinite: PSD)
  P⁻¹ with P PD by these rules            PD
  Bᵀ B, Bᵀ C B (C a PD or PSD atom)       PSD (w equals its reversed transpose)
  a PSD word the claim inverts            PD (PSD and invertible where the claim is
                                          asserted, which is where its inverses exist)
  a word equal by an assumption Eq(w, N)  PD when N is PD by these rules with no
                                          side condition
  ======================================  =========================================

and a sum Σ cᵢ·wᵢ is PD when one PD word has cᵢ > 0 and every other cⱼ ≥ 0 (a PSD
matrix the claim inverts counts as PD too). The coefficient conditions come back as
side conditions, each marked evident when the checker's sign rules (`signs`) show
it; the others must be proved by the certificate's obligations.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import MatrixExpr

from .normal import MPoly, Normal
from .signs import NEG

PD, PSD = "positive definite", "positive semidefinite"


class Convexity:
    """PD rules for one claim: its predicates, its matrix Eq assumptions, the inverses it takes."""

    def __init__(self, n: Normal, predicates, relations, signs, inverted: set):
        self.n = n
        self.signs = signs
        self.inverted = inverted          # normalised keys of matrices the claim inverts
        self.pd = {a[0] for name, a in predicates if name == "positive_definite" and a}
        self.psd = {a[0] for name, a in predicates if name == "positive_semidefinite" and a}
        self.equal: dict = {}             # key of a one-word polynomial -> the MPoly it equals
        for rel in relations:
            if isinstance(rel, sympy.Eq) and isinstance(rel.lhs, MatrixExpr) and isinstance(rel.rhs, MatrixExpr):
                try:
                    left, right = n.matrix(rel.lhs), n.matrix(rel.rhs)
                except Exception:  # noqa: BLE001 - an assumption the checker cannot read grants nothing
                    continue
                self.equal.setdefault(n.key(left), right)
                self.equal.setdefault(n.key(right), left)
        self._depth = 0

    def word_class(self, word: tuple):
        """PD, PSD or None for a word (a product of atoms), by the checker's own rules."""
        n = self.n
        if not word:
            return PD
        one = MPoly(n.atoms[word[0]].rows, n.atoms[word[-1]].cols, {word: sympy.S.One})
        if self._depth < 2 and n.key(one) in self.equal:
            self._depth += 1
            try:
                verdict = self.positive_definite(self.equal[n.key(one)])
            finally:
                self._depth -= 1
            if verdict is not None and all(evident for _c, _r, evident in verdict):
                return PD
        if len(word) == 1:
            return self.atom_class(word[0])
        k = len(word)
        for i in range(k // 2):
            if n.transpose_key(word[k - 1 - i]) != word[i]:
                return None
        if k % 2 == 1 and self.atom_class(word[k // 2]) is None:
            return None
        return PD if n.normalised_key(one) in self.inverted else PSD

    def atom_class(self, key: str):
        """PD, PSD or None for one atom, from the claim's predicates, inverses and equations."""
        a = self.n.atoms[key]
        if a.kind in ("symbol", "transpose"):
            if a.symbol in self.pd:
                return PD
            if a.symbol in self.psd:
                return PSD
            return None
        if a.kind == "inverse" and self._depth < 3:
            self._depth += 1
            try:
                verdict = self.positive_definite(a.arg)
            finally:
                self._depth -= 1
            if verdict is not None and all(evident for _c, _r, evident in verdict):
                return PD
        return None

    def positive_definite(self, p: MPoly):
        """[(coefficient, '>' or '>=', evident)] under which p is PD, or None when the rules do not apply."""
        terms = sorted(p.terms.items())
        classes = [self.word_class(w) for w, _c in terms]
        if not terms or any(cls is None for cls in classes) or any(self.signs.sign(c) == NEG for _w, c in terms):
            return None
        definite = [i for i, cls in enumerate(classes) if cls == PD]
        if not definite:
            if self.n.normalised_key(p) not in self.inverted:
                return None
            return [(c, ">=", self.signs.holds(c, ">=")) for _w, c in terms]
        pick = next((i for i in definite if self.signs.positive(terms[i][1])), definite[0])
        out = []
        for i, (_w, c) in enumerate(terms):
            relation = ">" if i == pick else ">="
            out.append((c, relation, self.signs.holds(c, relation)))
        return out


__all__ = ["Convexity", "PD", "PSD"]
