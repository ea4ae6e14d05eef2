"""The checker's own reading of structured letters: Kronecker and Hadamard products, diagonals, vec, J,
element-wise functions (no prover code).

A certificate letter with a `structure` entry is *defined* by it (docs/certificates.md):
its kind and components (words of letters declared before it, so definitions cannot be
circular), J's size, or an element-wise function with its argument. The checker
validates each definition (well-typed components, the letter's shape, the transpose
letter's structure) and then uses only its own rules:

* building a construct from polynomials, multilinearly, with the canonical forms of
  docs/certificates.md (nested products flattened, 1×1 Kronecker factors as scalars,
  I ⊗ I = I, J ⊗ J = J, x ⊗ y = vec(y xᵀ) for columns, J dropped from and one I kept in a
  Hadamard product, next to I the least of w and wᵀ, vec of a vector, diag(1) = I,
  diag(diagof M) = M ∘ I, diagof(diag x) = x, diagof(u vᵀ) = u ∘ v, diagof(I) = 1);
  the letter for the result is looked up by its structure (Rejected when the certificate
  has none);
* word normal forms: (A ⊗ B)(C ⊗ D) = AC ⊗ BD over the finest common grouping of the
  factors, (P ⊗ Q) vec(W) = vec(Q W Pᵀ) and its transpose, diag(x) diag(y) = diag(x ∘ y),
  diag(x) w = x ∘ w for a column w (and its transpose), J J = c J;
* the trace rules tr(A ⊗ B) = tr A tr B and tr(vec(U)ᵀ vec(W)) = tr(UᵀW), and index networks
  compared by `certify.tensornet`;
* lifted hypotheses: L[w ← Σ c·a·h·b] re-expanded from granted hypotheses h
  (multilinearity: a construct with a zero component is zero), f(P) = f(Q) for an
  element-wise function when P − Q is such a combination;
* the inverse and pseudo-inverse of one Kronecker letter, (c A ⊗ B)⁻¹ = c⁻¹ A⁻¹ ⊗ B⁻¹ (A, B
  square; A ⊗ B is invertible exactly when A and B are), (c A ⊗ B)⁺ = c⁻¹ A⁺ ⊗ B⁺ (c a nonzero
  rational), and the pseudo-inverse letter itself with its four Penrose equations.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import (
    DiagMatrix, DiagonalMatrix, DiagonalOf, HadamardPower, HadamardProduct, KroneckerProduct, OneMatrix,
)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from ..model.constructs import PseudoInverse, Vec
from ..model.elementwise import function_key as elementwise_function_key
from .ncpoly import Dim, NCPoly, Rejected, identity, parse_dim

KINDS = ("kron", "had", "vec", "vecT", "diag", "diagof", "diagofT", "ones", "func")
ONE = Dim.of(1)
MAX_HADAMARD_POWER = 6
MAX_STEPS = 200


def _mul_dims(dims) -> Dim:
    return Dim.of(sympy.Mul(*[d.expr for d in dims]))


def entry_function_key(function) -> str:
    """The text that names an element-wise function f (its body in normal form, `model.elementwise`), as
    certificates write it."""
    return elementwise_function_key(function)


class Part(tuple):
    """(rows Dim, cols Dim, word): a component."""

    __slots__ = ()

    def __new__(cls, rows: Dim, cols: Dim, word):
        return tuple.__new__(cls, (rows, cols, tuple(word)))

    rows = property(lambda self: self[0])
    cols = property(lambda self: self[1])
    word = property(lambda self: self[2])


class Structures:
    """The structured letters of one certificate and the checker's rules for them."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.alphabet = ctx.alphabet
        self.fld = ctx.field
        self.of: dict = {}         # letter name -> (kind, parts, extra)
        self.by_key: dict = {}     # (kind, parts, extra) -> letter name
        self.arguments: dict = {}  # func letter name -> argument Poly

    # ------------------------------------------------------------------ reading
    @classmethod
    def read(cls, ctx, raw_letters: list) -> "Structures | None":
        """The structured letters of a certificate, each definition validated; None when there is none."""
        if not any(isinstance(raw, dict) and raw.get("structure") is not None for raw in raw_letters):
            return None
        table = cls(ctx)
        order = {raw["name"]: k for k, raw in enumerate(raw_letters)}
        for k, raw in enumerate(raw_letters):
            spec = raw.get("structure")
            if spec is None:
                if raw.get("kind") in KINDS:
                    raise Rejected(f"letter {raw['name']} of kind {raw.get('kind')} has no structure")
                continue
            table._read_one(raw["name"], spec, k, order)
        for name in table.of:
            table._check_transpose(name)
        return table

    def _read_one(self, name: str, spec: dict, position: int, order: dict) -> None:
        kind = spec.get("kind")
        if kind not in KINDS:
            raise Rejected(f"letter {name}: unknown structure kind {kind!r}")
        if self.alphabet[name].kind != kind:  # a structured letter is never also a symbol, inverse, ...
            raise Rejected(f"letter {name} of kind {self.alphabet[name].kind} has a {kind} structure")
        parts = []
        for part in spec.get("parts", []):
            rows = parse_dim(part["rows"], self.ctx.dims_by_id)
            cols = parse_dim(part["cols"], self.ctx.dims_by_id)
            word = tuple(part["word"])
            for n in word:
                if order.get(n, position) >= position:
                    raise Rejected(f"letter {name}: component letter {n} is not declared before it")
            self.alphabet.check_word(word, rows, cols, f"a component of {name}")
            parts.append(Part(rows, cols, word))
        extra: tuple = ()
        if kind == "ones":
            extra = (parse_dim(spec["rows"], self.ctx.dims_by_id), parse_dim(spec["cols"], self.ctx.dims_by_id))
        if kind == "func":
            argument = self.ctx.poly(spec["argument"], f"the argument of {name}")
            for w in argument.terms:
                for n in w:
                    if order.get(n, position) >= position:
                        raise Rejected(f"letter {name}: argument letter {n} is not declared before it")
            if not isinstance(spec.get("function"), str):
                raise Rejected(f"letter {name}: an element-wise letter needs its function")
            extra = (spec["function"], self.poly_key(argument))
            self.arguments[name] = argument
        key = (kind, tuple(parts), extra)
        self._check_shape(name, kind, parts, extra)
        if key in self.by_key:
            raise Rejected(f"letters {self.by_key[key]} and {name} have the same structure")
        self.by_key[key] = name
        self.of[name] = key

    def _shape(self, kind, parts, extra, name=None) -> tuple:
        counts = {"kron": (2, None), "had": (2, None), "vec": (1, 1), "vecT": (1, 1), "diag": (1, 1),
                  "diagof": (1, 1), "diagofT": (1, 1), "ones": (0, 0), "func": (0, 0)}
        low, high = counts[kind]
        if len(parts) < low or (high is not None and len(parts) > high):
            raise Rejected(f"letter {name}: a {kind} structure with {len(parts)} components")
        if kind == "kron":
            return _mul_dims([p.rows for p in parts]), _mul_dims([p.cols for p in parts])
        if kind == "had":
            if any(p.rows != parts[0].rows or p.cols != parts[0].cols for p in parts):
                raise Rejected(f"letter {name}: Hadamard components of different shapes")
            return parts[0].rows, parts[0].cols
        if kind == "vec":
            return _mul_dims([parts[0].rows, parts[0].cols]), ONE
        if kind == "vecT":
            return ONE, _mul_dims([parts[0].rows, parts[0].cols])
        if kind == "diag":
            if parts[0].cols != ONE:
                raise Rejected(f"letter {name}: diag of a component that is not a column")
            return parts[0].rows, parts[0].rows
        if kind in ("diagof", "diagofT"):
            if parts[0].rows != parts[0].cols:
                raise Rejected(f"letter {name}: the diagonal of a non-square component")
            return (parts[0].rows, ONE) if kind == "diagof" else (ONE, parts[0].rows)
        if kind == "ones":
            return extra
        argument = self.arguments[name]
        return argument.rows, argument.cols

    def _check_shape(self, name, kind, parts, extra) -> None:
        rows, cols = self._shape(kind, parts, extra, name)
        let = self.alphabet[name]
        if let.rows != rows or let.cols != cols:
            raise Rejected(f"letter {name} is {let.rows.expr}×{let.cols.expr}, but its structure is "
                           f"{rows.expr}×{cols.expr}")

    def transpose_part(self, p: Part) -> Part:
        return Part(p.cols, p.rows, self.alphabet.transpose_word(p.word))

    def _sort_key(self, p: Part) -> tuple:
        return (p.word, p.rows.key, p.cols.key)

    def _transposed_key(self, name: str):
        kind, parts, extra = self.of[name]
        if kind == "kron":
            return (kind, tuple(self.transpose_part(p) for p in parts), ())
        if kind == "had":
            return self._had_key([self.transpose_part(p) for p in parts])
        if kind in ("vec", "vecT", "diagof", "diagofT"):
            return ({"vec": "vecT", "vecT": "vec", "diagof": "diagofT", "diagofT": "diagof"}[kind], parts, ())
        if kind == "diag":
            return self.of[name]
        if kind == "ones":
            return (kind, (), (extra[1], extra[0]))
        argument = self.alphabet.transpose(self.arguments[name])
        return ("func", (), (extra[0], self.poly_key(argument)))

    def _check_transpose(self, name: str) -> None:
        t = self.alphabet[name].transpose
        expected = self._transposed_key(name)
        if self.of.get(t) != expected:
            raise Rejected(f"the transpose {t} of letter {name} does not have the transposed structure")

    def poly_key(self, p: NCPoly) -> tuple:
        return (p.rows.key, p.cols.key, tuple(sorted((w, str(self.fld.as_expr(c))) for w, c in p.terms.items())))

    def letter(self, key) -> str:
        name = self.by_key.get(key)
        if name is None:
            kind, parts, _ = key
            shown = ", ".join("*".join(p.word) or f"I_{p.rows.expr}" for p in parts)
            raise Rejected(f"the certificate has no {kind} letter for ({shown})")
        return name

    def kind(self, name: str):
        entry = self.of.get(name)
        return entry[0] if entry else None

    def single(self, p: Part, *kinds):
        """(kind, parts, extra) of a component that is exactly one structured letter of these kinds."""
        if len(p.word) == 1 and self.kind(p.word[0]) in kinds:
            return self.of[p.word[0]]
        return None

    def loop_scalar(self, word: tuple):
        """The value of a 1×1 word: 1 for the empty word, else the certificate's trace atom for it."""
        if not word:
            return self.fld.one
        value = self.ctx.atom_value(word)
        if value is None:
            raise Rejected(f"the 1×1 word {'*'.join(word)} is not one of the certificate's trace atoms")
        return value

    # ------------------------------------------------------------------ canonical forms: (c, word)
    def kron_word(self, parts: list) -> tuple:
        one = self.fld.one
        flat = []
        for p in parts:
            inner = self.single(p, "kron")
            flat.extend(inner[1] if inner is not None else [p])
        coeff, kept = one, []
        for p in flat:
            if p.rows == ONE and p.cols == ONE:
                coeff = coeff * self.loop_scalar(p.word)
            else:
                kept.append(p)
        if not kept:
            return coeff, ()
        if len(kept) == 1:
            return coeff, kept[0].word
        if all(not p.word and p.rows == p.cols for p in kept):
            return coeff, ()
        if all(self.single(p, "ones") is not None for p in kept):
            dims = (_mul_dims([p.rows for p in kept]), _mul_dims([p.cols for p in kept]))
            return coeff, (self.letter(("ones", (), dims)),)
        if all(p.cols == ONE for p in kept):   # x ⊗ y = vec(y xᵀ)
            c1, rest = self.kron_word(kept[1:])
            rows = _mul_dims([p.rows for p in kept[1:]])
            c2, inner = self.normal_word(rest + self.alphabet.transpose_word(kept[0].word))
            c3, word = self.vec_word(Part(rows, kept[0].rows, inner))
            return coeff * c1 * c2 * c3, word
        if all(p.rows == ONE for p in kept):
            c, word = self.kron_word([self.transpose_part(p) for p in kept])
            return coeff * c, self.alphabet.transpose_word(word)
        return coeff, (self.letter(("kron", tuple(kept), ())),)

    def vec_word(self, p: Part) -> tuple:
        if p.cols == ONE:
            return self.fld.one, p.word
        if p.rows == ONE:
            return self.fld.one, self.alphabet.transpose_word(p.word)
        return self.fld.one, (self.letter(("vec", (p,), ())),)

    def _had_key(self, parts: list):
        identity = [p for p in parts if not p.word]
        others = [p for p in parts if p.word]
        if identity:
            others = [min(p, self.transpose_part(p), key=self._sort_key) for p in others] + [identity[0]]
        return ("had", tuple(sorted(others, key=self._sort_key)), ())

    def had_word(self, parts: list) -> tuple:
        one = self.fld.one
        rows, cols = parts[0].rows, parts[0].cols
        flat = []
        for p in parts:
            inner = self.single(p, "had")
            flat.extend(inner[1] if inner is not None else [p])
        ones = [p for p in flat if self.single(p, "ones") is not None]
        rest = [p for p in flat if self.single(p, "ones") is None]
        if not rest:
            return one, ones[0].word
        identity = [p for p in rest if not p.word]
        if identity and rows != cols:
            raise Rejected("a Hadamard product with an identity of another shape")
        if len(identity) > 1:
            rest = [p for p in rest if p.word] + identity[:1]
        if rows == ONE and cols == ONE:
            coeff = one
            for p in rest:
                coeff = coeff * self.loop_scalar(p.word)
            return coeff, ()
        if len(rest) == 1:
            return one, rest[0].word
        if identity and len(rest) == 2 and any(self.single(p, "diag") is not None for p in rest):
            return one, next(p.word for p in rest if p.word)
        return one, (self.letter(self._had_key(rest)),)

    def diag_word(self, p: Part) -> tuple:
        one = self.fld.one
        if p.rows == ONE and p.cols != ONE:
            p = self.transpose_part(p)
        if p.cols != ONE:
            raise Rejected("diag of a matrix that is not a vector")
        if p.rows == ONE:
            return self.loop_scalar(p.word), ()
        if self.single(p, "ones") is not None:
            return one, ()
        inner = self.single(p, "diagof")
        if inner is not None:
            m = inner[1][0]
            return self.had_word([m, Part(m.rows, m.rows, ())])
        return one, (self.letter(("diag", (p,), ())),)

    def diagof_word(self, p: Part) -> tuple:
        one = self.fld.one
        if p.rows != p.cols:
            raise Rejected("the diagonal of a non-square matrix")
        if p.rows == ONE:
            return self.loop_scalar(p.word), ()
        if not p.word:
            return one, (self.letter(("ones", (), (p.rows, ONE))),)
        d = self.single(p, "diag")
        if d is not None:
            return one, d[1][0].word
        h = self.single(p, "had")
        if h is not None and any(not q.word for q in h[1]):
            others = [q for q in h[1] if q.word]
            if len(others) == 1:
                return self.diagof_word(others[0])
        cuts = [k for k in range(1, len(p.word)) if self.alphabet[p.word[k]].rows == ONE]
        if len(cuts) == 1:
            u = Part(p.rows, ONE, p.word[:cuts[0]])
            v = Part(ONE, p.rows, p.word[cuts[0]:])
            return self.had_word([u, self.transpose_part(v)])
        return one, (self.letter(("diagof", (p,), ())),)

    # ------------------------------------------------------------------ constructors on polynomials
    def _normal_part(self, word: tuple, rows: Dim, cols: Dim) -> tuple:
        if not word:
            return self.fld.one, Part(rows, cols, word)
        c, w = self.ctx.normal_word(word)
        return c, Part(rows, cols, w)

    def _expand(self, polys: list, build, rows: Dim, cols: Dim) -> NCPoly:
        combos = [(self.fld.one, [])]
        for p in polys:
            terms = [(pc, self._normal_part(w, p.rows, p.cols)) for w, pc in p.terms.items()]
            combos = [(c * pc * k, parts + [part]) for c, parts in combos for pc, (k, part) in terms]
        out = NCPoly(rows, cols, {})
        for c, parts in combos:
            k, word = build(parts)
            k2, word = self.normal_word(word)
            out = out.add(NCPoly(rows, cols, {word: c * k * k2}))
        return out

    def kron(self, polys: list) -> NCPoly:
        return self._expand(polys, self.kron_word, _mul_dims([p.rows for p in polys]),
                            _mul_dims([p.cols for p in polys]))

    def hadamard(self, polys: list) -> NCPoly:
        if any(p.rows != polys[0].rows or p.cols != polys[0].cols for p in polys):
            raise Rejected("a Hadamard product of different shapes")
        return self._expand(polys, self.had_word, polys[0].rows, polys[0].cols)

    def vec(self, p: NCPoly) -> NCPoly:
        return self._expand([p], lambda parts: self.vec_word(parts[0]), _mul_dims([p.rows, p.cols]), ONE)

    def diag(self, p: NCPoly) -> NCPoly:
        n = p.cols if p.rows == ONE else p.rows
        return self._expand([p], lambda parts: self.diag_word(parts[0]), n, n)

    def diagonal_of(self, p: NCPoly) -> NCPoly:
        return self._expand([p], lambda parts: self.diagof_word(parts[0]), p.rows, ONE)

    def ones(self, rows: Dim, cols: Dim) -> NCPoly:
        if rows == ONE and cols == ONE:
            return identity(ONE, self.fld)
        return self.alphabet.letter_poly(self.letter(("ones", (), (rows, cols))), self.fld)

    def elementwise(self, function, p: NCPoly) -> NCPoly:
        if p.rows == ONE and p.cols == ONE:
            raise Rejected("an element-wise function of a 1×1 matrix")
        name = self.letter(("func", (), (entry_function_key(function), self.poly_key(p))))
        return self.alphabet.letter_poly(name, self.fld)

    # ------------------------------------------------------------------ word normal forms
    def normal_word(self, word: tuple) -> tuple:
        """(c, word') with c·word' = word: every rule, leftmost first, until none applies."""
        coeff = self.fld.one
        word = tuple(word)
        for _ in range(MAX_STEPS):
            step = self._step(word)
            if step is None:
                return coeff, word
            c, word = step
            coeff = coeff * c
        raise Rejected("a word's normal form did not settle")

    def _step(self, word: tuple):
        alphabet = self.alphabet
        for i, a in enumerate(word):
            ka = self.kind(a)
            if ka is None:
                continue
            if i + 1 < len(word) and self.kind(word[i + 1]) is not None:
                found = self._pair(self.of[a], self.of[word[i + 1]])
                if found is not None:
                    return found[0], word[:i] + found[1] + word[i + 2:]
            if ka == "diag":
                x = self.of[a][1][0]
                j = next((j for j in range(i + 1, len(word)) if alphabet[word[j]].cols == ONE), None)
                if j is not None:
                    c, middle = self.had_word([x, Part(x.rows, ONE, word[i + 1:j + 1])])
                    return c, word[:i] + middle + word[j + 1:]
                j = next((j for j in range(i - 1, -1, -1) if alphabet[word[j]].rows == ONE), None)
                if j is not None:
                    c, middle = self.had_word([Part(ONE, x.rows, word[j:i]), self.transpose_part(x)])
                    return c, word[:j] + middle + word[i + 1:]
        return None

    def _pair(self, a, b):
        (ka, pa, ea), (kb, pb, eb) = a, b
        if ka == "kron" and kb == "kron":
            return self._mixed(pa, pb)
        if ka == "kron" and kb == "vec":
            return self._kron_vec(pa, pb[0])
        if ka == "vecT" and kb == "kron":
            found = self._kron_vec([self.transpose_part(p) for p in pb], pa[0])
            return None if found is None else (found[0], self.alphabet.transpose_word(found[1]))
        if ka == "diag" and kb == "diag" and pa[0].rows == pb[0].rows:
            c, inner = self.had_word([pa[0], pb[0]])
            c2, word = self.diag_word(Part(pa[0].rows, ONE, inner))
            return c * c2, word
        if ka == "ones" and kb == "ones":
            (r, c), (_, s) = ea, eb
            (word, _), = self.ones(r, s).terms.items()
            return self.fld.K.from_sympy(c.expr), word
        return None

    def _group(self, parts: list) -> tuple:
        return (self.fld.one, parts[0].word) if len(parts) == 1 else self.kron_word(parts)

    def _mixed(self, left, right):
        prefix, acc = [], Dim.of(1)
        for q in right:
            acc = _mul_dims([acc, q.rows])
            prefix.append(acc)
        cuts, acc, last = [], Dim.of(1), 0
        for a, p in enumerate(left, start=1):
            acc = _mul_dims([acc, p.cols])
            b = next((b for b in range(last + 1, len(right) + 1) if prefix[b - 1] == acc), None)
            if b is not None:
                cuts.append((a, b))
                last = b
        if len(cuts) < 2 or cuts[-1] != (len(left), len(right)):
            return None
        coeff, parts, a0, b0 = self.fld.one, [], 0, 0
        for a, b in cuts:
            lp, rp = list(left[a0:a]), list(right[b0:b])
            c1, w1 = self._group(lp)
            c2, w2 = self._group(rp)
            c3, w = self.normal_word(w1 + w2)
            coeff = coeff * c1 * c2 * c3
            parts.append(Part(_mul_dims([p.rows for p in lp]), _mul_dims([p.cols for p in rp]), w))
            a0, b0 = a, b
        c, word = self.kron_word(parts)
        return coeff * c, word

    def _kron_vec(self, factors, v: Part):
        for s in range(1, len(factors)):
            P, Q = list(factors[:s]), list(factors[s:])
            if _mul_dims([p.cols for p in P]) == v.cols and _mul_dims([q.cols for q in Q]) == v.rows:
                cp, wp = self._group(P)
                cq, wq = self._group(Q)
                c, inner = self.normal_word(wq + v.word + self.alphabet.transpose_word(wp))
                c2, word = self.vec_word(Part(_mul_dims([q.rows for q in Q]), _mul_dims([p.rows for p in P]), inner))
                return cp * cq * c * c2, word
        return None

    def normal_poly(self, p: NCPoly) -> NCPoly:
        out = NCPoly(p.rows, p.cols, {})
        for w, c in p.terms.items():
            k, w = self.normal_word(w) if any(self.kind(n) for n in w) else (self.fld.one, w)
            out = out.add(NCPoly(p.rows, p.cols, {w: c * k}))
        return out

    # ------------------------------------------------------------------ traces
    def trace_rule(self, word: tuple):
        """[(vertex Dim, word)] for tr(A ⊗ B) = tr A tr B and tr(vec(U)ᵀ vec(W)) = tr(UᵀW), else None."""
        if len(word) == 1 and self.kind(word[0]) == "kron":
            parts = self.of[word[0]][1]
            if all(p.rows == p.cols for p in parts):
                return [(p.rows, p.word) for p in parts]
        if len(word) == 2:
            for a, b in (word, word[::-1]):
                if self.kind(a) == "vecT" and self.kind(b) == "vec":
                    u, w = self.of[a][1][0], self.of[b][1][0]
                    if u.rows == w.rows and u.cols == w.cols:
                        return [(u.cols, self.alphabet.transpose_word(u.word) + w.word)]
        return None

    def rebuild(self, name: str, k: int, p: NCPoly) -> NCPoly:
        """The construct of letter `name` with component k replaced by the polynomial p."""
        kind, parts, _ = self.of[name]
        if not 0 <= k < len(parts):
            raise Rejected(f"letter {name} has no component {k}")
        if p.rows != parts[k].rows or p.cols != parts[k].cols:
            raise Rejected(f"a lift into component {k} of {name} with the wrong shape")
        polys = [NCPoly(q.rows, q.cols, {q.word: self.fld.one}) for q in parts]
        polys[k] = p
        if kind == "kron":
            return self.kron(polys)
        if kind == "had":
            return self.hadamard(polys)
        if kind in ("vec", "vecT"):
            out = self.vec(polys[0])
            return out if kind == "vec" else self.alphabet.transpose(out)
        if kind == "diag":
            return self.diag(polys[0])
        if kind in ("diagof", "diagofT"):
            out = self.diagonal_of(polys[0])
            return out if kind == "diagof" else self.alphabet.transpose(out)
        raise Rejected(f"letter {name} ({kind}) has no components to lift into")


# ---------------------------------------------------------------------------------------------
# The checker's translation of SymPy's classes (used by `retranslate`)
# ---------------------------------------------------------------------------------------------


def table_of(t) -> Structures:
    """The certificate's structured letters (an empty table when it defines none: a construct may still
    reduce to plain letters, I ∘ I = I)."""
    if t.ctx.structures is None:
        t.ctx.structures = Structures(t.ctx)
    return t.ctx.structures


def _kron(t, e) -> NCPoly:
    return table_of(t).kron([t.poly(a) for a in e.args])


def _hadamard(t, e) -> NCPoly:
    return table_of(t).hadamard([t.poly(a) for a in e.args])


def _hadamard_power(t, e) -> NCPoly:
    base, exp = e.args
    p = t.poly(base)
    if exp.is_Integer and 1 <= int(exp) <= MAX_HADAMARD_POWER:
        return table_of(t).hadamard([p] * int(exp))
    if exp == 0:
        return table_of(t).ones(p.rows, p.cols)
    var = sympy.Dummy("e")
    return table_of(t).elementwise(sympy.Lambda(var, var ** exp), p)


def _diagonal_matrix(t, e) -> NCPoly:
    p = t.poly(e.args[0])
    if p.rows != p.cols:
        raise Rejected("the diagonal part of a non-square matrix")
    return table_of(t).hadamard([p, identity(p.rows, t.fld)])


def _ones(t, e) -> NCPoly:
    rows, cols = Dim.of(e.rows), Dim.of(e.cols)
    if rows == ONE and cols == ONE:
        return identity(ONE, t.fld)
    return table_of(t).ones(rows, cols)


def _single_kron(t, p: NCPoly):
    table = getattr(t.ctx, "structures", None)
    if table is None or len(p.terms) != 1:
        return None
    (word, c), = p.terms.items()
    if len(word) != 1 or table.kind(word[0]) != "kron":
        return None
    return table, c, table.of[word[0]][1]


def kron_inverse(t, p: NCPoly) -> NCPoly | None:
    """(c·A ⊗ B)⁻¹ = c⁻¹·A⁻¹ ⊗ B⁻¹ for square A, B, each inverse bound (and so granted) like the claim's."""
    found = _single_kron(t, p)
    if found is None:
        return None
    table, c, parts = found
    if any(q.rows != q.cols for q in parts):
        return None
    factors = [NCPoly(q.rows, q.cols, {(): t.fld.one}) if not q.word else t.inverse(NCPoly(q.rows, q.cols, {q.word: t.fld.one}))
               for q in parts]
    return table.kron(factors).scale(1 / c)


def pseudo_inverse(t, p: NCPoly) -> NCPoly:
    """X⁺: of one Kronecker letter c·A ⊗ B (c a nonzero rational) c⁻¹·A⁺ ⊗ B⁺; else the certificate's pinv
    letter for X, with the four Penrose equations granted."""
    found = _single_kron(t, p)
    if found is not None:
        table, c, parts = found
        value = t.fld.as_expr(c)
        if value.is_Rational and value != 0:
            factors = [NCPoly(q.rows, q.cols, {(): t.fld.one}) if not q.word
                       else pseudo_inverse(t, NCPoly(q.rows, q.cols, {q.word: t.fld.one})) for q in parts]
            return table.kron(factors).scale(1 / c)
    for let in t.alphabet.letters.values():
        if let.kind != "pinv" or getattr(let, "pinv_of", None) is None or not let.pinv_of.equals(p):
            continue
        pt, tl = t.alphabet.transpose(p), t.alphabet[let.transpose]
        if let.transpose == let.name:
            ok = pt.equals(p)
        else:
            ok = tl.kind == "pinv" and getattr(tl, "pinv_of", None) is not None and tl.pinv_of.equals(pt)
        if not ok:
            raise Rejected(f"the transpose of pseudo-inverse letter {let.name} is not the pseudo-inverse of the "
                           "transpose")
        z = t.alphabet.letter_poly(let.name, t.fld)
        ap, pa = p.mul(z), z.mul(p)
        for poly, why in ((ap.mul(p).sub(p), "X X+ X = X"), (pa.mul(z).sub(z), "X+ X X+ = X+"),
                          (t.alphabet.transpose(ap).sub(ap), "(X X+)^T = X X+"),
                          (t.alphabet.transpose(pa).sub(pa), "(X+ X)^T = X+ X")):
            t.extra_grants.append((poly, f"Penrose equation {why} of {let.name}"))
        return z
    raise Rejected(f"the certificate has no pseudo-inverse letter for ({p.show(t.fld)})^+")


STRUCTURED_RULES = {
    KroneckerProduct: _kron,
    HadamardProduct: _hadamard,
    HadamardPower: _hadamard_power,
    DiagMatrix: lambda t, e: table_of(t).diag(t.poly(e.args[0])),
    DiagonalOf: lambda t, e: table_of(t).diagonal_of(t.poly(e.args[0])),
    DiagonalMatrix: _diagonal_matrix,
    ElementwiseApplyFunction: lambda t, e: table_of(t).elementwise(e.function, t.poly(e.expr)),
    Vec: lambda t, e: table_of(t).vec(t.poly(e.arg)),
    OneMatrix: _ones,
    PseudoInverse: lambda t, e: pseudo_inverse(t, t.poly(e.arg)),
}


# ---------------------------------------------------------------------------------------------
# Lifted hypotheses
# ---------------------------------------------------------------------------------------------


def lifted(ctx, raw: dict, earlier: list, expand_terms) -> NCPoly:
    """The polynomial a lift stands for, re-expanded from earlier (granted) hypotheses."""
    table = getattr(ctx, "structures", None)
    if table is None:
        raise Rejected("a lifted hypothesis in a certificate without structured letters")
    name = raw.get("letter")
    if name not in table.of:
        raise Rejected(f"a lift into {name!r}, which is not a structured letter")
    kind, parts, extra = table.of[name]
    if "to" in raw:  # f(P) − f(Q) with P − Q a combination of earlier hypotheses
        other = raw["to"]
        if kind != "func" or table.kind(other) != "func" or table.of[other][2][0] != extra[0]:
            raise Rejected(f"lift {name} = {other}: not one element-wise function of two arguments")
        arg, arg2 = table.arguments[name], table.arguments[other]
        total = expand_terms(raw.get("terms", []), earlier, arg.rows, arg.cols)
        if not ctx.normal(arg.sub(arg2)).equals(ctx.normal(total)):
            raise Rejected(f"lift {name} = {other}: the arguments do not differ by the given combination")
        return ctx.alphabet.letter_poly(name, ctx.field).sub(ctx.alphabet.letter_poly(other, ctx.field))
    k = raw.get("component")
    if not isinstance(k, int) or not 0 <= k < len(parts):
        raise Rejected(f"a lift into component {k!r} of {name}")
    part = parts[k]
    transposed = bool(raw.get("transposed"))
    if transposed and not (kind == "had" and any(not q.word for q in parts)):
        raise Rejected(f"a transposed lift into {name}, which has no identity component")
    rows, cols = (part.cols, part.rows) if transposed else (part.rows, part.cols)
    total = expand_terms(raw.get("terms", []), earlier, rows, cols)
    if transposed:
        total = ctx.alphabet.transpose(total)
    return table.rebuild(name, k, total)


__all__ = ["Structures", "STRUCTURED_RULES", "kron_inverse", "pseudo_inverse", "lifted", "entry_function_key"]
