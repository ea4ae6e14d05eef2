"""Determinants as central scalars of the matrix prover: det(M) of a typed polynomial or a block grid.

A determinant is a scalar, so it commutes with every matrix, like a trace: its value is
an element of the coefficient field, built from *det atoms* (new generators, each standing
for det of one matrix) by rules that are theorems for every size. Each rule applied is
recorded as a step of the certificate (`determinants`, docs/certificates.md), which the
independent checker re-derives with its own code (`certify/det_rules.py`):

* `scalar`: a 1×1 matrix is its own determinant (a trace atom);
* `identity`: det(c·I_n) = cⁿ, det(0) = 0;
* `product`: det(c·L₁⋯L_k) = cⁿ·Π det(Lᵢ) when every letter is n×n;
  for a dimension symbol n, cⁿ is the function atom `pow_n[c]`, the atom a scalar power cⁿ of the
  claim is written with too (so det(2πΣ) and (2π)ⁿ·det Σ are one value);
* `inverse`: det(Z) = 1/det(P) for the inverse letter Z of P (P is inverted in the claim or
  assumed invertible, so det P ≠ 0 wherever the claim is promised);
* `factor-out`: det(M + L) = det(M)·det(I + N·L) for a term M = I or a single letter with a
  known inverse N (M·N = I): M + L = M·(I + N·L). With Sylvester below this is the matrix
  determinant lemma det(A + UWVᵀ) = det(A)·det(I + WVᵀA⁻¹U);
* `rank-one`: det(I_n + Σᵢ cᵢ·aᵢ·bᵢ) = det(I_t + [cᵢ·bᵢ·aⱼ]ᵢⱼ) for columns aᵢ (n×1) and rows bᵢ
  (1×n), cut at a pass of each word through size 1: Sylvester's identity
  det(I_n + XY) = det(I_t + YX) with X = [a₁ … a_t], Y = [c₁b₁; …; c_tb_t], the small
  determinant computed explicitly (its entries are trace atoms);
* `cyclic`: det(I_n + c·w) = det(I_m + c·w′) for w′ a rotation of the word w or of wᵀ
  (Sylvester det(I + XY) = det(I + YX) at any cut, and det Mᵀ = det M);
* `block-triangular`: det of a block matrix whose blocks on one side of the diagonal are 0 is
  the product of the determinants of its diagonal blocks;
* `schur`: det [[A, B], [C, D]] = det(A)·det(D − C·A⁻¹·B) for A with a known inverse, and
  det(D)·det(A − B·D⁻¹·C) for D ([[A, B], [C, D]] = [[A, 0], [C, I]]·[[I, A⁻¹B], [0, D − CA⁻¹B]]);
* `atom`: any other det(M) is an atom, the same for M and Mᵀ.

A letter's inverse is "known" when the claim or its assumptions give it an inverse letter
(Z with P·Z = Z·P = I), or the letter is itself such a Z (its inverse is P). Nothing is
divided by except determinants of matrices the claim inverts.
"""
from __future__ import annotations

import itertools

import sympy
from sympy.matrices.expressions import Determinant, Inverse, MatPow, MatrixExpr

from .atoms import AtomInfo
from .certificate import poly_json
from .grid import Grid
from .ncalg import NCPoly, RatFunc, cancel_pairs

MAX_RANK_ONE = 6     # the explicit determinant of rank-one updates is computed up to this size


class Determinants:
    """The determinants of one translation: their values, atoms and certificate steps."""

    def __init__(self, translator):
        self.t = translator
        self.cache: dict = {}
        self.steps: list = []
        self.nonzero: list = []        # field values known nonzero: det of every inverted matrix
        self._positive: list | None = None
        self._primed = False

    # -- public -------------------------------------------------------------------
    def of(self, grid: Grid) -> RatFunc:
        """det of a square grid (a plain matrix is a 1×1 grid), as a field value."""
        self._prime()
        if grid.is_single():
            return self.of_poly(grid.blocks[0][0])
        return self._of_grid(grid)

    def _prime(self) -> None:
        """Give every inverse of the claim (and of an invertible or positive definite assumption) its letter
        first: which inverses are known decides the rules, whichever side a determinant stands on."""
        if self._primed:
            return
        self._primed = True
        t = self.t
        nodes = []
        for side in (t.problem.lhs, t.problem.rhs):
            nodes += [e for e in sympy.preorder_traversal(side) if isinstance(e, Inverse) or (
                isinstance(e, MatPow) and e.args[1].is_Integer and e.args[1] < 0)]
        for p in t.problem.predicates:
            if p.name in ("invertible", "positive_definite") and p.args and isinstance(p.args[0], MatrixExpr):
                nodes.append(Inverse(p.args[0]))
        for node in nodes:
            if node.has(Determinant):
                continue
            try:
                t.grid(node)
            except Exception:  # noqa: BLE001 - an inverse the prover cannot read gives no rule
                continue

    def nonzero_factor(self, factor: sympy.Expr) -> bool:
        """Whether a polynomial factor (SymPy, in the generators) divides a determinant known nonzero."""
        fld = self.t.field
        for value in self.nonzero:
            num = fld.to_sympy(value)
            num = sympy.fraction(sympy.cancel(num))[0]
            if sympy.rem(num, factor) == 0 if factor.free_symbols else factor != 0:
                return True
        return False

    def steps_json(self) -> list:
        """The certificate's `determinants` list."""
        return list(self.steps)

    # -- plain matrices ---------------------------------------------------------------
    def of_poly(self, p: NCPoly) -> RatFunc:
        """det of a square polynomial by the rules of the module docstring."""
        if p.src != p.dst:
            raise ValueError("the determinant of a non-square matrix")
        key = ("poly", p.key())
        if key in self.cache:
            return self.cache[key]
        value, step = self._poly_rule(p)
        self.cache[key] = value
        if step is not None:
            step["matrix"] = self._grid_json(Grid.single(p))
            step["value"] = value.exact_str()
            self.steps.append(step)
        return value

    def _poly_rule(self, p: NCPoly) -> tuple:
        fld, n = self.t.field, p.src
        if not p.terms:
            return fld.zero, {"rule": "identity"}
        if n == 1:
            return self.t.atoms.trace_of(p), {"rule": "scalar"}
        if set(p.terms) == {()}:
            power = self._power(p.terms[()], n)
            if power is not None:
                return power, {"rule": "identity"}
            return self._atom(Grid.single(p)), None
        if len(p.terms) == 1:
            (word, c), = p.terms.items()
            power = self._power(c, n)
            if power is not None and all(self.t.alphabet[i].rows == n and self.t.alphabet[i].cols == n
                                         for i in word):
                if len(word) == 1 and c.is_one():
                    return self._letter(word[0], p)
                value = power
                for i in word:
                    value = value * self.of_poly(NCPoly.letter(self.t.alphabet, i, fld))
                return value, {"rule": "product"}
        ident = p.terms.get(())
        if ident is not None and ident.is_one():
            return self._one_plus(p)
        pivot = self._pivot(p)
        if pivot is not None:
            word, inverse = pivot
            rest = p - NCPoly(n, n, {word: fld.one})
            reduced = self._cancel_pairs(NCPoly.identity(n, fld) + inverse * rest)
            value = self.of_poly(NCPoly(n, n, {word: fld.one})) * self.of_poly(reduced)
            return value, {"rule": "factor-out", "term": self._names(word)}
        return self._atom(Grid.single(p)), None

    def _letter(self, i: int, p: NCPoly) -> tuple:
        """det of a single letter: 1/det(P) for an inverse letter of P, else an atom."""
        t = self.t
        if i in t.inverse_poly:
            inner = self.of_poly(t.inverse_poly[i])
            if not inner:
                return self._atom(Grid.single(p)), None
            self.nonzero.append(inner)
            return inner.inverse(), {"rule": "inverse"}
        return self._atom(Grid.single(p)), None

    def _one_plus(self, p: NCPoly) -> tuple:
        """det(I + L): rank-one explicit, a cyclic representative of a single word, or an atom."""
        fld = self.t.field
        rest = {w: c for w, c in p.terms.items() if w}
        if not rest:
            return fld.one, {"rule": "identity"}
        cuts = [self._unit_cut(w) for w in rest]
        if all(c is not None for c in cuts) and len(rest) <= MAX_RANK_ONE:
            return self._rank_one(list(rest.items()), cuts), {"rule": "rank-one", "cuts": cuts}
        if len(rest) == 1:
            (word, c), = rest.items()
            best = self._least_rotation(word)
            if best != word:
                vertex = self.t.alphabet[best[0]].rows
                other = NCPoly(vertex, vertex, {(): fld.one, best: c})
                return self.of_poly(other), {"rule": "cyclic", "to": self._names(best), "vertex": sympy.sstr(vertex)}
        return self._atom(Grid.single(p)), None

    def _unit_cut(self, word) -> int | None:
        """The first position 0 < k < len(word) where the word passes through size 1, else None."""
        for k in range(1, len(word)):
            if self.t.alphabet[word[k - 1]].cols == 1:
                return k
        return None

    def _rank_one(self, terms: list, cuts: list) -> RatFunc:
        """det(I_t + [cᵢ·bᵢ·aⱼ]) with aᵢ = wᵢ[:kᵢ], bᵢ = wᵢ[kᵢ:]."""
        fld = self.t.field
        size = len(terms)
        entries = [[(fld.one if i == j else fld.zero) +
                    c * self.t.atoms.trace(1, tuple(w[k:]) + tuple(terms[j][0][:cuts[j]]))
                    for j in range(size)] for i, ((w, c), k) in enumerate(zip(terms, cuts))]
        return explicit_determinant(entries, fld)

    def _least_rotation(self, word) -> tuple:
        """The least rotation of the word or of its transpose, by letter names (as for trace atoms)."""
        return self.t.atoms.canonical_word(tuple(word))

    def _pivot(self, p: NCPoly):
        """(word, inverse) of a term with coefficient 1 that is one letter with a known inverse, else None."""
        for word in sorted(p.terms, key=self._names):
            if len(word) == 1 and p.terms[word].is_one():
                inverse = self._inverse_of_letter(word[0])
                if inverse is not None:
                    return word, inverse
        return None

    def _inverse_of_letter(self, i: int) -> NCPoly | None:
        t = self.t
        if i in t.inverse_poly:
            return t.inverse_poly[i]
        z = t.inverse_of.get(NCPoly.letter(t.alphabet, i, t.field).key())
        return NCPoly.letter(t.alphabet, z, t.field) if z is not None else None

    def _inverse_of_poly(self, p: NCPoly) -> NCPoly | None:
        """A polynomial N with P·N = N·P = I known to the prover: an inverse letter, or what a letter inverts."""
        t = self.t
        if set(p.terms) == {()} and p.terms[()].is_one():
            return p
        if len(p.terms) == 1:
            (word, c), = p.terms.items()
            if len(word) == 1 and c.is_one():
                return self._inverse_of_letter(word[0])
        z = t.inverse_of.get(p.key())
        return NCPoly.letter(t.alphabet, z, t.field) if z is not None else None

    def _cancel_pairs(self, p: NCPoly) -> NCPoly:
        """Every adjacent (letter, its inverse letter) pair of a word removed: X·X⁻¹ = X⁻¹·X = I."""
        t = self.t
        pairs = set()
        for z, base in t.inverse_poly.items():
            if len(base.terms) == 1:
                (word, c), = base.terms.items()
                if len(word) == 1 and c.is_one():
                    pairs |= {(word[0], z), (z, word[0])}
        if not pairs:
            return t.atoms.extract_loops(p)
        out = NCPoly(p.src, p.dst, {})
        for w, c in p.terms.items():
            out = out + NCPoly(p.src, p.dst, {cancel_pairs(w, pairs): c})
        return t.atoms.extract_loops(out)

    def _power(self, c: RatFunc, n) -> RatFunc | None:
        """cⁿ when n is a number or c = 1; for a dimension symbol n, the atom `pow_n[c]` (the one cⁿ written
        as a scalar power stands for, `translate._symbolic_scalar_power`); else None."""
        if c.is_one():
            return self.t.field.one
        n = sympy.sympify(n)
        if n.is_Integer:
            out = self.t.field.one
            for _ in range(int(n)):
                out = out * c
            return out
        if isinstance(n, sympy.Symbol) and n in self.t.problem.dims:
            return self.t.atoms.function(f"pow_{n.name}", (c,))
        return None

    # -- block matrices -----------------------------------------------------------------
    def _of_grid(self, g: Grid) -> RatFunc:
        key = ("grid", tuple(tuple(b.key() for b in row) for row in g.blocks))
        if key in self.cache:
            return self.cache[key]
        value, step = self._grid_rule(g)
        self.cache[key] = value
        if step is not None:
            step["matrix"] = self._grid_json(g)
            step["value"] = value.exact_str()
            self.steps.append(step)
        return value

    def _grid_rule(self, g: Grid) -> tuple:
        k = len(g.rows)
        if len(g.cols) == k and all(g.rows[i] == g.cols[i] for i in range(k)):
            lower = all(not g.blocks[i][j].terms for i in range(k) for j in range(k) if i > j)
            upper = all(not g.blocks[i][j].terms for i in range(k) for j in range(k) if i < j)
            if lower or upper:
                value = self.t.field.one
                for i in range(k):
                    value = value * self.of_poly(g.blocks[i][i])
                return value, {"rule": "block-triangular"}
            if k == 2:
                (a, b), (c, d) = g.blocks
                for pivot, (x, y, u, v) in ((0, (a, b, c, d)), (1, (d, c, b, a))):
                    inverse = self._inverse_of_poly(x)
                    if inverse is None:
                        continue
                    schur = self._cancel_pairs(v - u * inverse * y)
                    return self.of_poly(x) * self.of_poly(schur), {"rule": "schur", "pivot": pivot}
        return self._atom(g), None

    # -- atoms ------------------------------------------------------------------------------
    def _atom(self, g: Grid) -> RatFunc:
        """A new det atom for the grid (shared with its transpose)."""
        t = self.t
        gt = t.transpose_grid(g)
        keys = [self._grid_key(g), self._grid_key(gt)]
        for key in keys:
            info = t.atoms.by_key.get(("det", key))
            if info is not None:
                return t.field.gen(info.symbol)
        positive = self._is_positive(g, gt)
        shown = g.blocks[0][0].show(t.alphabet) if g.is_single() else \
            "[" + "; ".join(", ".join(b.show(t.alphabet) for b in row) for row in g.blocks) + "]"
        info = AtomInfo(None, "det", matrix=self._grid_json(g))
        symbol = t.atoms.add_atom(("det", keys[0]), f"det[{shown}]", info,
                                  **({"positive": True} if positive else {"real": True}))
        t.atoms.by_key[("det", keys[1])] = info
        return t.field.gen(symbol)

    @staticmethod
    def _grid_key(g: Grid) -> tuple:
        return tuple(tuple(b.key() for b in row) for row in g.blocks)

    def _is_positive(self, g: Grid, gt: Grid) -> bool:
        """det > 0 by the assumptions: the matrix is positive definite, or `Determinant(M) > 0` is assumed."""
        if self._positive is None:
            self._positive = []
            problem = self.t.problem
            args = [p.args[0] for p in problem.predicates if p.name == "positive_definite" and p.args]
            for rel in problem.relations:
                if isinstance(rel, sympy.StrictGreaterThan) and rel.rhs == 0 and isinstance(rel.lhs, Determinant):
                    args.append(rel.lhs.arg)
                elif isinstance(rel, sympy.StrictLessThan) and rel.lhs == 0 and isinstance(rel.rhs, Determinant):
                    args.append(rel.rhs.arg)
            for arg in args:
                if isinstance(arg, MatrixExpr):
                    try:
                        self._positive.append(self._grid_key(self.t.grid(arg)))
                    except Exception:  # an assumption the prover cannot translate says nothing here
                        continue
        return self._grid_key(g) in self._positive or self._grid_key(gt) in self._positive

    # -- text --------------------------------------------------------------------------------
    def _names(self, word) -> list:
        return [self.t.alphabet[i].name for i in word]

    def _grid_json(self, g: Grid) -> dict:
        return {"rows": [sympy.sstr(r) for r in g.rows], "cols": [sympy.sstr(c) for c in g.cols],
                "blocks": [[poly_json(self.t.alphabet, b) for b in row] for row in g.blocks]}


def explicit_determinant(entries: list, fld) -> RatFunc:
    """The determinant of a small square matrix of field values (Leibniz; sizes up to MAX_RANK_ONE)."""
    size = len(entries)
    total = fld.zero
    for perm in itertools.permutations(range(size)):
        term = fld.one
        for i, j in enumerate(perm):
            term = term * entries[i][j]
            if not term:
                break
        if term:
            inversions = sum(1 for a in range(size) for b in range(a + 1, size) if perm[a] > perm[b])
            total = total - term if inversions % 2 else total + term
    return total


__all__ = ["Determinants", "explicit_determinant", "MAX_RANK_ONE"]
