"""The checker's own determinant rules for matrix certificates (no prover code).

A `symcheck-ncgb/1` certificate whose claim has determinants lists det atoms (generators
with `atom: {"kind": "det", "matrix": grid}`) and `determinants`: steps naming the rule the
prover used for a matrix. The checker trusts neither: for each det(M) of the claim it
translates M itself and computes det(M) with its own rules, using a step only as a hint
for a choice (which term to factor out, where to cut a word, which pivot), and every
sub-matrix the rule needs is computed by the checker too. The rules are theorems for every
size (docs/certificates.md):

* a 1×1 matrix is its own determinant; det(c·I_n) = cⁿ (n a number, or c = 1; for a dimension
  symbol n, cⁿ is the certificate's atom `pow_n[c]`, the atom a scalar power cⁿ of the claim is read as); det(0) = 0;
* det(Z) = 1/det(P) for the inverse letter Z of P that the claim binds (an inverse in the
  claim, or an invertible / positive definite assumption): det(P) is then recorded as a
  denominator of the claim (nonzero wherever the claim is promised);
* `product`: det(c·L₁⋯L_k) = cⁿ·Π det(Lᵢ), every letter n×n;
* `factor-out`: P = M + L with M = I or one letter whose inverse N the claim binds:
  P = M·(I + N·L), so det P = det M · det(I + N·L);
* `rank-one`: det(I_n + Σ cᵢ·aᵢ·bᵢ) = det(I_t + [cᵢ·bᵢ·aⱼ]) for words cut where they pass
  through size 1 (Sylvester's identity det(I + XY) = det(I + YX)), the t×t determinant
  expanded by the checker (Leibniz), its entries trace atoms;
* `cyclic`: det(I_n + c·w) = det(I_m + c·w′) for w′ a rotation of w or of wᵀ (Sylvester at
  any cut, and det Mᵀ = det M);
* `block-triangular`: zero blocks on one side of the diagonal, square diagonal blocks:
  the product of their determinants;
* `schur`: det [[A, B], [C, D]] = det A · det(D − C·A⁻¹·B) (pivot 0) or det D · det(A − B·D⁻¹·C)
  (pivot 1), the pivot's inverse bound as above: [[A, B], [C, D]] = [[A, 0], [C, I]]·[[I, A⁻¹B],
  [0, D − CA⁻¹B]], both factors block triangular;
* anything else must be one of the certificate's det atoms: its matrix equal to M or Mᵀ
  (det Mᵀ = det M). An atom is an indeterminate, so any identity proved holds at its value.

Adjacent pairs X·X⁻¹ and X⁻¹·X of a letter and its bound inverse letter are cancelled in
the sub-matrices the checker computes.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy
from sympy.matrices.expressions import Inverse, MatPow, MatrixExpr

from .ncpoly import Dim, NCPoly, Rejected, cancel_pairs, identity, parse_dim

MAX_RANK_ONE = 6          # the explicit determinant of a rank-one update is expanded up to this size
MAX_DEPTH = 64            # nested rule applications


@dataclass
class _Grid:
    rows: list
    cols: list
    blocks: list


def _single(p: NCPoly) -> _Grid:
    return _Grid([p.rows], [p.cols], [[p]])


def prime_inverses(t, view) -> None:
    """Bind every inverse the claim takes (and those of invertible / positive definite assumptions) before
    any determinant is computed: which inverses exist decides the rules, whichever side they stand on."""
    nodes = []
    for side in (view.lhs, view.rhs):
        if isinstance(side, sympy.Basic):
            nodes += [e for e in sympy.preorder_traversal(side) if isinstance(e, Inverse) or (
                isinstance(e, MatPow) and e.args[1].is_Integer and e.args[1] < 0)]
    for name, args in view.predicates:
        if name in ("invertible", "positive_definite") and args and isinstance(args[0], MatrixExpr):
            nodes.append(Inverse(args[0]))
    for node in nodes:
        try:
            t.inverse(t.poly(node.arg if isinstance(node, Inverse) else node.args[0]))
        except Rejected:
            continue  # a certificate without that letter is judged when the claim is translated


class DetChecker:
    """det(M) for the matrices of one claim, in the certificate's letters, by the checker's rules."""

    def __init__(self, t):
        self.t = t
        self.ctx = t.ctx
        self.fld = t.fld
        self.alphabet = t.ctx.alphabet
        self.cache: dict = {}
        self._steps = None
        self._atoms = None
        self.depth = 0

    # -- reading the certificate ------------------------------------------------------
    def _grid(self, raw, where: str) -> _Grid:
        if not isinstance(raw, dict):
            raise Rejected(f"{where}: a matrix must be a JSON object")
        rows = [parse_dim(r, self.ctx.dims_by_id) for r in raw.get("rows", [])]
        cols = [parse_dim(c, self.ctx.dims_by_id) for c in raw.get("cols", [])]
        blocks = [[self.ctx.normal(self.ctx.poly(b, where)) for b in row] for row in raw.get("blocks", [])]
        if len(blocks) != len(rows) or any(len(row) != len(cols) for row in blocks) or not rows:
            raise Rejected(f"{where}: the blocks do not make a grid")
        for i, row in enumerate(blocks):
            for j, b in enumerate(row):
                if b.rows != rows[i] or b.cols != cols[j]:
                    raise Rejected(f"{where}: block [{i}, {j}] does not have the partition's shape")
        return _Grid(rows, cols, blocks)

    def _hints(self) -> list:
        if self._steps is None:
            self._steps = []
            for k, step in enumerate(self.ctx.det_steps):
                if isinstance(step, dict):
                    self._steps.append((self._grid(step.get("matrix"), f"determinant step {k}"), step))
        return self._steps

    def _atom_list(self) -> list:
        if self._atoms is None:
            self._atoms = [(value, self._grid(raw, f"det atom {sym}")) for sym, value, raw in self.ctx.dets]
        return self._atoms

    # -- comparisons ------------------------------------------------------------------
    def _same(self, a: _Grid, b: _Grid) -> bool:
        return a.rows == b.rows and a.cols == b.cols and all(
            x.equals(y) for ra, rb in zip(a.blocks, b.blocks) for x, y in zip(ra, rb))

    def _transpose(self, g: _Grid) -> _Grid:
        return _Grid(list(g.cols), list(g.rows), [[self.ctx.normal(self.alphabet.transpose(g.blocks[i][j]))
                                                   for i in range(len(g.rows))] for j in range(len(g.cols))])

    # -- the value ----------------------------------------------------------------------
    def value_of(self, expr):
        """det of a matrix expression of the claim, as a field element."""
        g = self.t.grid(expr)
        return self.value(_Grid(g.rows, g.cols, [[self.ctx.normal(b) for b in row] for row in g.blocks]))

    def value(self, g: _Grid):
        """det of a square grid by the rules of the module docstring."""
        key = self._key(g)
        if key in self.cache:
            return self.cache[key]
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Rejected("determinant rules nested too deeply")
        try:
            out = self._value(g)
        finally:
            self.depth -= 1
        self.cache[key] = out
        return out

    @staticmethod
    def _key(g: _Grid) -> tuple:
        return tuple(tuple((b.rows.key, b.cols.key, frozenset(b.terms.items())) for b in row) for row in g.blocks)

    def _value(self, g: _Grid):
        if sum(1 for _ in g.rows) == 1 and len(g.cols) == 1:
            p = g.blocks[0][0]
            if p.rows != p.cols:
                raise Rejected("the determinant of a non-square matrix")
            out = self._builtin(p)
            if out is not None:
                return out
        hint = self._hint(g)
        if hint is not None:
            out = self._hinted(g, hint)
            if out is not None:
                expected = hint.get("value")
                if isinstance(expected, str) and self.fld.coeff(expected) != out:
                    raise Rejected(f"a determinant step says {expected}, but its rule gives "
                                   f"{self.fld.as_expr(out)}")
                return out
        return self._atom(g)

    def _builtin(self, p: NCPoly):
        fld = self.fld
        if p.is_zero():
            return fld.zero
        if p.rows == Dim.of(1):
            return self.t.trace_value(p)
        if set(p.terms) == {()}:
            return self._power(p.terms[()], p.rows)
        if len(p.terms) == 1:
            (word, c), = p.terms.items()
            if len(word) == 1 and c == fld.one and word[0] in self.t.inverses:
                inner = self.value(_single(self.ctx.normal(self.t.inverses[word[0]])))
                if inner == 0:
                    raise Rejected(f"the determinant of what {word[0]} inverts is 0")
                self.t.claim_denominators.append(inner)
                return 1 / inner
        return None

    def _power(self, c, dim: Dim):
        if c == self.fld.one:
            return self.fld.one
        n = sympy.sympify(dim.expr)
        if n.is_Integer:
            return c ** int(n)
        if isinstance(n, sympy.Symbol):  # cⁿ for a dimension symbol n: the certificate's atom pow_n[c]
            for _sym, value, fname, fargs in self.ctx.functions:
                if fname == f"pow_{n.name}" and len(fargs) == 1 and fargs[0] == c:
                    return value
        return None

    def _hint(self, g: _Grid):
        for grid, step in self._hints():
            if self._same(grid, g):
                return step
        return None

    def _hinted(self, g: _Grid, step: dict):
        rule = step.get("rule")
        single = len(g.rows) == 1 and len(g.cols) == 1
        if single:
            p = g.blocks[0][0]
            if rule == "product":
                return self._product(p)
            if rule == "factor-out":
                return self._factor_out(p, step.get("term"))
            if rule == "rank-one":
                return self._rank_one(p, step.get("cuts"))
            if rule == "cyclic":
                return self._cyclic(p, step.get("to"), step.get("vertex"))
            return None
        if rule == "block-triangular":
            return self._block_triangular(g)
        if rule == "schur":
            return self._schur(g, step.get("pivot"))
        return None

    # -- the rules ----------------------------------------------------------------------
    def _product(self, p: NCPoly):
        if len(p.terms) != 1:
            raise Rejected("a product determinant step for a sum")
        (word, c), = p.terms.items()
        n = p.rows
        if not word or any(self.alphabet[x].rows != n or self.alphabet[x].cols != n for x in word):
            raise Rejected("a product determinant step with a factor that is not square of the matrix's size")
        out = self._power(c, n)
        if out is None:
            raise Rejected("a product determinant step whose coefficient's power is not in the field")
        for x in word:
            out = out * self.value(_single(self.alphabet.letter_poly(x, self.fld)))
        return out

    def _inverse_of_letter(self, name: str) -> NCPoly | None:
        """N with X·N = N·X = I bound by the claim: X's inverse letter, or what X inverts."""
        if name in self.t.inverses:
            return self.ctx.normal(self.t.inverses[name])
        single = self.alphabet.letter_poly(name, self.fld)
        for z, base in self.t.inverses.items():
            if base.equals(single):
                return self.alphabet.letter_poly(z, self.fld)
        return None

    def _inverse_of_poly(self, p: NCPoly) -> NCPoly | None:
        if set(p.terms) == {()} and p.terms[()] == self.fld.one:
            return p
        if len(p.terms) == 1:
            (word, c), = p.terms.items()
            if len(word) == 1 and c == self.fld.one:
                return self._inverse_of_letter(word[0])
        for z, base in self.t.inverses.items():
            if self.ctx.normal(base).equals(p):
                return self.alphabet.letter_poly(z, self.fld)
        return None

    def _cancel_pairs(self, p: NCPoly) -> NCPoly:
        pairs = set()
        for z, base in self.t.inverses.items():
            if len(base.terms) == 1:
                (word, c), = base.terms.items()
                if len(word) == 1 and c == self.fld.one:
                    pairs |= {(word[0], z), (z, word[0])}
        out = NCPoly(p.rows, p.cols, {})
        for w, c in p.terms.items():
            out = out.add(NCPoly(p.rows, p.cols, {cancel_pairs(w, pairs): c}))
        return self.ctx.normal(out)

    def _factor_out(self, p: NCPoly, term):
        if not isinstance(term, list):
            raise Rejected("a factor-out determinant step without its term")
        word = self.ctx.word(term, "a factor-out determinant step")
        if p.terms.get(word) != self.fld.one or len(word) > 1:
            raise Rejected("a factor-out determinant step whose term is not a term of the matrix with coefficient 1")
        m = NCPoly(p.rows, p.cols, {word: self.fld.one})
        inverse = self._inverse_of_poly(m)
        if inverse is None:
            raise Rejected(f"a factor-out determinant step on {'*'.join(word) or 'I'}, whose inverse the claim "
                           "does not give")
        rest = p.sub(m)
        reduced = self._cancel_pairs(identity(p.rows, self.fld).add(inverse.mul(rest)))
        return self.value(_single(m)) * self.value(_single(reduced))

    def _cut_ok(self, word: tuple, k) -> bool:
        return isinstance(k, int) and 0 < k < len(word) and self.alphabet[word[k - 1]].cols == Dim.of(1)

    def _rank_one(self, p: NCPoly, cuts):
        if p.terms.get(()) != self.fld.one:
            raise Rejected("a rank-one determinant step for a matrix that is not I + ...")
        terms = [(w, c) for w, c in p.terms.items() if w]
        if not isinstance(cuts, list) or len(cuts) != len(terms) or not 0 < len(terms) <= MAX_RANK_ONE:
            raise Rejected("a rank-one determinant step without one cut per term")
        # the cuts are listed in the prover's order of terms: match each term to a cut that is valid for it
        order = sorted(terms, key=lambda wc: wc[0])
        cut_for = {}
        for w, _ in order:
            valid = [k for k in range(1, len(w)) if self._cut_ok(w, k)]
            if not valid:
                raise Rejected(f"a rank-one determinant step: {'*'.join(w)} does not pass through size 1")
            cut_for[w] = valid[0]  # any pass through size 1 gives the same determinant (Sylvester)
        size = len(order)
        one = Dim.of(1)
        entries = []
        for i, (wi, ci) in enumerate(order):
            row = []
            for j, (wj, _) in enumerate(order):
                loop = wi[cut_for[wi]:] + wj[:cut_for[wj]]
                value = self.t.trace_value(self.ctx.normal(NCPoly(one, one, {loop: self.fld.one})))
                row.append((self.fld.one if i == j else self.fld.zero) + ci * value)
            entries.append(row)
        return _leibniz(entries, size, self.fld)

    def _cyclic(self, p: NCPoly, to, vertex):
        if p.terms.get(()) != self.fld.one or len(p.terms) != 2 or not isinstance(to, list):
            raise Rejected("a cyclic determinant step for a matrix that is not I + c·w")
        (word, c), = [(w, c) for w, c in p.terms.items() if w]
        target = self.ctx.word(to, "a cyclic determinant step")
        rotations = set()
        for w in (word, self.alphabet.transpose_word(word)):
            rotations |= {w[i:] + w[:i] for i in range(len(w))}
        if target not in rotations:
            raise Rejected("a cyclic determinant step whose word is not a rotation of the matrix's word or of "
                           "its transpose")
        v = self.alphabet[target[0]].rows
        self.alphabet.check_word(target, v, v, "a cyclic determinant step")
        return self.value(_single(self.ctx.normal(NCPoly(v, v, {(): self.fld.one, target: c}))))

    def _block_triangular(self, g: _Grid):
        k = len(g.rows)
        if len(g.cols) != k or any(g.rows[i] != g.cols[i] for i in range(k)):
            raise Rejected("a block-triangular determinant step with diagonal blocks that are not square")
        lower = all(g.blocks[i][j].is_zero() for i in range(k) for j in range(k) if i > j)
        upper = all(g.blocks[i][j].is_zero() for i in range(k) for j in range(k) if i < j)
        if not (lower or upper):
            raise Rejected("a block-triangular determinant step for a matrix that is not block triangular")
        out = self.fld.one
        for i in range(k):
            out = out * self.value(_single(g.blocks[i][i]))
        return out

    def _schur(self, g: _Grid, pivot):
        if len(g.rows) != 2 or len(g.cols) != 2 or pivot not in (0, 1) or any(
                g.rows[i] != g.cols[i] for i in range(2)):
            raise Rejected("a schur determinant step needs a 2×2 block matrix with square diagonal blocks")
        (a, b), (c, d) = g.blocks
        x, y, u, v = (a, b, c, d) if pivot == 0 else (d, c, b, a)
        inverse = self._inverse_of_poly(x)
        if inverse is None:
            raise Rejected("a schur determinant step whose pivot block the claim does not invert")
        schur = self._cancel_pairs(v.sub(u.mul(inverse).mul(y)))
        return self.value(_single(x)) * self.value(_single(schur))

    def _atom(self, g: _Grid):
        gt = self._transpose(g)
        for value, grid in self._atom_list():
            if self._same(grid, g) or self._same(grid, gt):
                return value
        shown = "; ".join(", ".join(b.show(self.fld) for b in row) for row in g.blocks)
        raise Rejected(f"no determinant rule and no det atom of the certificate for det([{shown}])")


def _leibniz(entries: list, size: int, fld):
    total = fld.zero
    for perm in itertools.permutations(range(size)):
        term = fld.one
        for i, j in enumerate(perm):
            term = term * entries[i][j]
        inversions = sum(1 for a in range(size) for b in range(a + 1, size) if perm[a] > perm[b])
        total = total - term if inversions % 2 else total + term
    return total


__all__ = ["DetChecker", "prime_inverses", "MAX_RANK_ONE"]
