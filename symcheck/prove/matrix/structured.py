"""Structured letters: Kronecker and Hadamard products, diagonals, vec, the ones matrix, element-wise functions.

The free algebra knows only products of letters. The constructs here are multilinear
in their components (except element-wise functions), so each monomial of a construct
is one *structured letter* whose identity is its kind and its components, each
component a word of the alphabet typed src → dst (`Part`):

  ==========  ==================================  ===========================================
  kind        letter                              shape
  ==========  ==================================  ===========================================
  kron        w₁ ⊗ … ⊗ w_k (k ≥ 2)                Π rows × Π cols
  had         w₁ ∘ … ∘ w_k (k ≥ 2, a multiset)    the common shape of the components
  vec, vecT   vec(w) (w m×n, m, n ≠ 1), vec(w)ᵀ   mn×1, 1×mn
  diag        diag(x) for a column x (n×1)        n×n, its own transpose
  diagof(T)   the diagonal of a square w, (ᵀ)     n×1, 1×n
  ones        J, the all-ones matrix              rows × cols
  func        f applied entrywise to a polynomial the argument's shape (opaque: not linear)
  ==========  ==================================  ===========================================

Construction (`kron`, `hadamard`, ... on polynomials) expands multilinearly and puts
each letter in canonical form: nested products flattened; a 1×1 component of a
Kronecker product is a scalar; I ⊗ I = I, J ⊗ J = J; a Kronecker product of columns is
a vec (x ⊗ y = vec(y xᵀ)), of rows a vecᵀ; a Hadamard product drops J factors, keeps
one I, and next to I a component may be transposed (diag(w) = diag(wᵀ)), so the least
of w, wᵀ is kept; vec of a column is itself, of a row its transpose; diag(1) = I,
diag(diagof(M)) = M ∘ I, diagof(diag(x)) = x, diagof(u vᵀ) = u ∘ v, diagof(I) = 1.

Words are normalised (`normalize_word`) by identities that hold for every size:

* (A ⊗ B)(C ⊗ D) = AC ⊗ BD when the inner dimensions match factor by factor (the
  factors grouped into the finest blocks whose dimensions agree as polynomials);
* (Bᵀ ⊗ A) vec(X) = vec(A X B) and its transpose vec(X)ᵀ(B ⊗ Aᵀ) = vec(AᵀXBᵀ)ᵀ... in
  general (P ⊗ Q) vec(W) = vec(Q W Pᵀ) when the dimensions line up;
* diag(x) diag(y) = diag(x ∘ y); diag(x) w = x ∘ w for a column w, wᵀ diag(x) = wᵀ ∘ xᵀ;
* J_{r×c} J_{c×s} = c J_{r×s}.

Every rule lowers the weighted degree of the word (`Letter.weight` of a structured
letter is computed from its components), so normalisation and reduction terminate.

Relations on the components (A A⁻¹ = I inside A A⁻¹ ⊗ B) are used through *lifted
premises* (`lift_premises`): if w − q = Σ c·a·h·b is in the ideal, the construct with
w replaced by a·h·b is 0 (it is multilinear, and h = 0), so L − L[w ← q] is a premise;
the certificate carries the lift and the checker re-expands it. An element-wise
function letter is lifted as a whole: f(P) = f(Q) when P − Q is in the ideal.

The table of a proof is created on first use (`structures_of`) and kept on the
translator's `AtomTable`, whose loop extraction and normaliser call `normalize_word`.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import sympy
from sympy.matrices.expressions import (
    DiagMatrix, DiagonalMatrix, DiagonalOf, HadamardPower, HadamardProduct, Identity, KroneckerProduct, MatMul,
    OneMatrix, Transpose,
)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from ...model.constructs import PseudoInverse, Vec
from ...model.elementwise import function_key as elementwise_function_key
from .errors import OutsideMatrixProver
from .grid import Grid
from .ncalg import Letter, NCPoly, dim_key
from .ncgb import GroebnerSession, Inconsistent, Limits
from .premise import Premise

STRUCTURED_KINDS = ("kron", "had", "vec", "vecT", "diag", "diagof", "diagofT", "ones", "func")
MAX_HADAMARD_POWER = 6


@dataclass(frozen=True)
class Part:
    """A component of a structured letter: a word typed src → dst (the empty word is the identity at src)."""
    src: sympy.Expr
    dst: sympy.Expr
    word: tuple


@dataclass(frozen=True)
class Structure:
    """What a structured letter is: its kind, its components and (ones, func) its extra data."""
    kind: str
    parts: tuple = ()
    extra: tuple = ()     # ones: (rows, cols); func: (function key,)


def _is_one(d) -> bool:
    return dim_key(d) == 1


def _product(dims) -> sympy.Expr:
    return dim_key(sympy.Mul(*dims))


def function_key(function) -> str:
    """A canonical text for an element-wise function f: its body in normal form (`model.elementwise`)."""
    return elementwise_function_key(function)


class Structures:
    """The structured letters of one proof: construction, canonical forms, word normalisation, lifts."""

    def __init__(self, t):
        self.t = t
        self.alphabet = t.alphabet
        self.field = t.field
        self.atoms = t.atoms
        self.letter_of: dict = {}       # Structure -> letter index
        self.structure: dict = {}       # letter index -> Structure
        self.func_poly: dict = {}       # func Structure -> the argument NCPoly
        self.func_meaning: dict = {}    # func Structure -> the SymPy expression it stands for
        self._cache: dict = {}

    # ------------------------------------------------------------------ parts and words
    def part_of(self, word, src, dst) -> Part:
        """The component for a word of the given type."""
        return Part(dim_key(src), dim_key(dst), tuple(word))

    def names(self, word) -> tuple:
        """The letters' names: the order used for every canonical choice (the checker uses the same)."""
        return tuple(self.alphabet[i].name for i in word)

    def part_key(self, part: Part) -> tuple:
        return (self.names(part.word), sympy.sstr(part.src), sympy.sstr(part.dst))

    def transpose_part(self, part: Part) -> Part:
        return Part(part.dst, part.src, self.alphabet.transpose_word(part.word))

    def show_part(self, part: Part) -> str:
        if not part.word:
            return f"I_{sympy.sstr(part.src)}"
        return "*".join(self.names(part.word))

    def word_meaning(self, part: Part):
        """The SymPy matrix a component stands for."""
        if not part.word:
            return Identity(part.src)
        mats = [self.alphabet[i].meaning for i in part.word]
        return mats[0] if len(mats) == 1 else MatMul(*mats)

    def is_kind(self, idx: int, *kinds) -> bool:
        s = self.structure.get(idx)
        return s is not None and s.kind in kinds

    def single(self, part: Part, *kinds) -> Structure | None:
        """The structure of a component that is exactly one structured letter of these kinds."""
        if len(part.word) == 1 and self.is_kind(part.word[0], *kinds):
            return self.structure[part.word[0]]
        return None

    # ------------------------------------------------------------------ letters
    def _shape(self, s: Structure) -> tuple:
        p = s.parts
        if s.kind == "kron":
            return _product([q.src for q in p]), _product([q.dst for q in p])
        if s.kind == "had":
            return p[0].src, p[0].dst
        if s.kind == "vec":
            return _product([p[0].src, p[0].dst]), sympy.S.One
        if s.kind == "vecT":
            return sympy.S.One, _product([p[0].src, p[0].dst])
        if s.kind == "diag":
            return p[0].src, p[0].src
        if s.kind == "diagof":
            return p[0].src, sympy.S.One
        if s.kind == "diagofT":
            return sympy.S.One, p[0].src
        if s.kind == "ones":
            return s.extra
        arg = self.func_poly[s]
        return arg.src, arg.dst  # func

    def _transpose_structure(self, s: Structure) -> Structure:
        if s.kind == "kron":
            return Structure("kron", tuple(self.transpose_part(q) for q in s.parts))
        if s.kind == "had":
            return self._had_structure([self.transpose_part(q) for q in s.parts])
        if s.kind in ("vec", "vecT", "diagof", "diagofT"):
            flip = {"vec": "vecT", "vecT": "vec", "diagof": "diagofT", "diagofT": "diagof"}
            return Structure(flip[s.kind], s.parts)
        if s.kind == "diag":
            return s
        if s.kind == "ones":
            return Structure("ones", (), (s.extra[1], s.extra[0]))
        return self._func_structure(s.extra[0], self.func_poly[s].transpose(self.alphabet))

    def _func_structure(self, fkey: str, poly: NCPoly) -> Structure:
        s = Structure("func", (), (fkey, _poly_text(poly)))
        self.func_poly.setdefault(s, poly)
        return s

    def _name(self, s: Structure) -> str:
        shown = ",".join(self.show_part(q) for q in s.parts)
        if s.kind == "ones":
            return f"J_{sympy.sstr(s.extra[0])}x{sympy.sstr(s.extra[1])}"
        if s.kind in ("vecT", "diagofT"):
            return f"{s.kind[:-1]}({shown})^T"
        if s.kind == "func":
            return f"f{len(self.func_poly)}[{self.func_poly[s].show(self.alphabet)}]"
        return f"{s.kind}({shown})"

    def _meaning(self, s: Structure):
        m = [self.word_meaning(q) for q in s.parts]
        if s.kind == "kron":
            return KroneckerProduct(*m)
        if s.kind == "had":
            return HadamardProduct(*m)
        if s.kind == "vec":
            return Vec(m[0])
        if s.kind == "vecT":
            return Transpose(Vec(m[0]))
        if s.kind == "diag":
            return DiagMatrix(m[0])
        if s.kind == "diagof":
            return DiagonalOf(m[0])
        if s.kind == "diagofT":
            return Transpose(DiagonalOf(m[0]))
        if s.kind == "ones":
            return OneMatrix(*s.extra)
        return self.func_meaning.get(s)

    def _weight(self, s: Structure) -> int:
        if s.kind == "func":
            return 1 + max((sum(self.alphabet[i].weight for i in w) for w in self.func_poly[s].terms), default=0)
        inner = sum(self.alphabet[i].weight for q in s.parts for i in q.word)
        return inner if s.kind == "had" else 1 + inner

    def letter(self, s: Structure) -> int:
        """The letter of a canonical structure (and of its transpose), created on first use."""
        if s in self.letter_of:
            return self.letter_of[s]
        rows, cols = self._shape(s)
        rank_base = len(self.alphabet.letters) + 10_000  # after every rank assign_ranks gave
        name = self.t.unique_name(self._name(s))
        idx = self.alphabet.add(Letter(name, rows, cols, self._meaning(s), s.kind, rank=rank_base,
                                       weight=self._weight(s), note=f"the {s.kind} letter {name}"))
        self.letter_of[s] = idx
        self.structure[idx] = s
        ts = self._transpose_structure(s)
        if ts == s:
            return idx
        tname = self.t.unique_name(name + "^T" if s.kind == "func" else self._name(ts))
        meaning = Transpose(self.alphabet[idx].meaning) if s.kind == "func" else self._meaning(ts)
        tidx = self.alphabet.add(Letter(tname, cols, rows, meaning, ts.kind, rank=rank_base + 1,
                                        weight=self._weight(ts), note=f"the {ts.kind} letter {tname}, "
                                                                        f"the transpose of {name}"))
        self.letter_of[ts] = tidx
        self.structure[tidx] = ts
        self.alphabet.link_transposes(idx, tidx)
        return idx

    # ------------------------------------------------------------------ canonical forms (coefficient, word)
    def _word_poly(self, coeff, word, src, dst) -> NCPoly:
        return NCPoly(dim_key(src), dim_key(dst), {tuple(word): coeff} if coeff else {})

    def kron_word(self, parts: list) -> tuple:
        """(c, word) with c·word = ⊗ parts, in canonical form."""
        one = self.field.one
        flat: list = []
        for q in parts:
            inner = self.single(q, "kron")
            if inner is not None:
                flat.extend(inner.parts)
            else:
                flat.append(q)
        coeff = one
        kept = []
        for q in flat:
            if _is_one(q.src) and _is_one(q.dst):
                coeff = coeff * (self.atoms.trace(1, q.word) if q.word else one)
            else:
                kept.append(q)
        if not kept:
            return coeff, ()
        if len(kept) == 1:
            return coeff, kept[0].word
        if all(not q.word and q.src == q.dst for q in kept):
            return coeff, ()
        if all(self.single(q, "ones") is not None for q in kept):
            return coeff, (self.letter(Structure("ones", (), (_product([q.src for q in kept]),
                                                                 _product([q.dst for q in kept])))),)
        if all(_is_one(q.dst) for q in kept):   # x ⊗ y = vec(y xᵀ) for columns
            c1, rest = self.kron_word(kept[1:])
            rest_part = Part(_product([q.src for q in kept[1:]]), sympy.S.One, rest)
            c2, inner = self.normal_word(rest + self.alphabet.transpose_word(kept[0].word),
                                         rest_part.src, kept[0].src)
            c3, word = self.vec_word(Part(rest_part.src, kept[0].src, inner))
            return coeff * c1 * c2 * c3, word
        if all(_is_one(q.src) for q in kept):   # rows: the transpose of the column case
            c, word = self.kron_word([self.transpose_part(q) for q in kept])
            return coeff * c, self.alphabet.transpose_word(word)
        return coeff, (self.letter(Structure("kron", tuple(kept))),)

    def vec_word(self, part: Part) -> tuple:
        """(c, word) with c·word = vec(part)."""
        one = self.field.one
        if _is_one(part.dst):
            return one, part.word
        if _is_one(part.src):
            return one, self.alphabet.transpose_word(part.word)
        return one, (self.letter(Structure("vec", (part,))),)

    def _had_structure(self, parts: list) -> Structure:
        """The canonical multiset (assumes the parts are already flattened and free of J)."""
        identity = [q for q in parts if not q.word]
        others = [q for q in parts if q.word]
        if identity:
            others = [min(q, self.transpose_part(q), key=self.part_key) for q in others]
            others.append(identity[0])
        return Structure("had", tuple(sorted(others, key=self.part_key)))

    def had_word(self, parts: list) -> tuple:
        """(c, word) with c·word = ∘ parts (all of one type), in canonical form."""
        one = self.field.one
        src, dst = parts[0].src, parts[0].dst
        flat: list = []
        for q in parts:
            inner = self.single(q, "had")
            flat.extend(inner.parts if inner is not None else [q])
        ones = [q for q in flat if self.single(q, "ones") is not None]
        rest = [q for q in flat if self.single(q, "ones") is None]
        if not rest:
            return one, ones[0].word
        identity = [q for q in rest if not q.word]
        if identity and src != dst:
            raise OutsideMatrixProver("a Hadamard product with an identity of another shape")
        if len(identity) > 1:
            rest = [q for q in rest if q.word] + identity[:1]
        if _is_one(src) and _is_one(dst):  # 1×1: the product of the scalars
            coeff = one
            for q in rest:
                coeff = coeff * (self.atoms.trace(1, q.word) if q.word else one)
            return coeff, ()
        if len(rest) == 1:
            return one, rest[0].word
        diag_parts = [self.single(q, "diag") for q in rest]
        if identity and len(rest) == 2 and any(d is not None for d in diag_parts):  # diag(x) ∘ I = diag(x)
            return one, next(q.word for q in rest if q.word)
        return one, (self.letter(self._had_structure(rest)),)

    def diag_word(self, part: Part) -> tuple:
        """(c, word) with c·word = diag(x) for a column (or row) x."""
        one = self.field.one
        if _is_one(part.src) and not _is_one(part.dst):
            part = self.transpose_part(part)
        if not _is_one(part.dst):
            raise OutsideMatrixProver("diag of a matrix that is not a vector")
        if _is_one(part.src):  # a 1×1 diag is its entry
            return (self.atoms.trace(1, part.word) if part.word else one), ()
        if self.single(part, "ones") is not None:
            return one, ()
        inner = self.single(part, "diagof")
        if inner is not None:  # diag(diagof(M)) = M ∘ I
            return self.had_word([inner.parts[0], Part(inner.parts[0].src, inner.parts[0].src, ())])
        return one, (self.letter(Structure("diag", (part,))),)

    def diagof_word(self, part: Part) -> tuple:
        """(c, word) with c·word = the diagonal of a square component, as a column."""
        one = self.field.one
        n = part.src
        if part.src != part.dst:
            raise OutsideMatrixProver("the diagonal of a non-square matrix")
        if _is_one(n):
            return (self.atoms.trace(1, part.word) if part.word else one), ()
        if not part.word:
            return one, (self.letter(Structure("ones", (), (n, sympy.S.One))),)
        d = self.single(part, "diag")
        if d is not None:
            return one, d.parts[0].word
        h = self.single(part, "had")
        if h is not None and any(not q.word for q in h.parts):  # diagof(M ∘ I) = diagof(M)
            others = [q for q in h.parts if q.word]
            if len(others) == 1:
                return self.diagof_word(others[0])
        cut = [k for k in range(1, len(part.word)) if _is_one(self.alphabet[part.word[k]].rows)]
        if len(cut) == 1:  # diagof(u vᵀ) = u ∘ v
            u = Part(n, sympy.S.One, part.word[:cut[0]])
            v = Part(sympy.S.One, n, part.word[cut[0]:])
            return self.had_word([u, self.transpose_part(v)])
        return one, (self.letter(Structure("diagof", (part,))),)

    # ------------------------------------------------------------------ constructors on polynomials
    def _normal_part(self, word, src, dst) -> tuple:
        """(c, Part) for a component word in normal form (structured rules, 1×1 loops pulled out)."""
        found = self.atoms.normal_form(tuple(word), dim_key(src), dim_key(dst)) if word else None
        if found is None:
            return self.field.one, self.part_of(word, src, dst)
        return found[0], self.part_of(found[1], src, dst)

    def _expand(self, polys: list, build, src, dst) -> NCPoly:
        """Σ over one term of each poly of Π coefficients · build(parts), as a polynomial of type src → dst."""
        combos = [(self.field.one, [])]
        for p in polys:
            terms = [(pc, self._normal_part(w, p.src, p.dst)) for w, pc in p.terms.items()]
            combos = [(c * pc * k, parts + [part]) for c, parts in combos for pc, (k, part) in terms]
        out = NCPoly(dim_key(src), dim_key(dst), {})
        for c, parts in combos:
            k, word = build(parts)
            k2, word = self.normal_word(word, src, dst)
            out = out + self._word_poly(c * k * k2, word, src, dst)
        return out

    def kron(self, polys: list) -> NCPoly:
        """P₁ ⊗ P₂ ⊗ … expanded multilinearly."""
        src = _product([p.src for p in polys])
        dst = _product([p.dst for p in polys])
        return self._expand(polys, self.kron_word, src, dst)

    def hadamard(self, polys: list) -> NCPoly:
        """P₁ ∘ P₂ ∘ … expanded multilinearly (the polynomials have one type)."""
        first = polys[0]
        if any(p.src != first.src or p.dst != first.dst for p in polys):
            raise OutsideMatrixProver("a Hadamard product of different shapes")
        return self._expand(polys, self.had_word, first.src, first.dst)

    def vec(self, poly: NCPoly) -> NCPoly:
        """vec(P), linear."""
        return self._expand([poly], lambda parts: self.vec_word(parts[0]), _product([poly.src, poly.dst]), 1)

    def diag(self, poly: NCPoly) -> NCPoly:
        """diag(x) for a column or row x, linear."""
        n = poly.dst if _is_one(poly.src) else poly.src
        return self._expand([poly], lambda parts: self.diag_word(parts[0]), n, n)

    def diagonal_of(self, poly: NCPoly) -> NCPoly:
        """The diagonal of a square P as a column, linear."""
        return self._expand([poly], lambda parts: self.diagof_word(parts[0]), poly.src, 1)

    def ones(self, rows, cols) -> NCPoly:
        """J, the all-ones matrix (1 when 1×1)."""
        if _is_one(rows) and _is_one(cols):
            return NCPoly.identity(1, self.field)
        return NCPoly.letter(self.alphabet, self.letter(Structure("ones", (), (dim_key(rows), dim_key(cols)))),
                             self.field)

    def elementwise(self, function, poly: NCPoly, meaning) -> NCPoly:
        """f(P) entrywise: one opaque letter for (f, P), whatever P is."""
        if _is_one(poly.src) and _is_one(poly.dst):
            raise OutsideMatrixProver("an element-wise function of a 1×1 matrix (a scalar function)")
        s = self._func_structure(function_key(function), poly)
        self.func_meaning.setdefault(s, meaning)
        return NCPoly.letter(self.alphabet, self.letter(s), self.field)

    # ------------------------------------------------------------------ word normalisation
    def normal_word(self, word, src=None, dst=None) -> tuple:
        """(c, word') with c·word' = word, every rule applied until none applies (leftmost first)."""
        word = tuple(word)
        key = word
        if key in self._cache:
            return self._cache[key]
        coeff = self.field.one
        for _ in range(200):
            step = self._step(word)
            if step is None:
                break
            c, word = step
            coeff = coeff * c
        self._cache[key] = (coeff, word)
        return coeff, word

    def normalize_word(self, word, src=None, dst=None):
        """The normaliser's interface: (c, word') when a rule applies, else None."""
        if not any(i in self.structure for i in word):
            return None
        c, w = self.normal_word(word, src, dst)
        return None if (w == tuple(word) and c.is_one()) else (c, w)

    def _step(self, word: tuple):
        """One rewrite at the leftmost position where a rule applies: (c, new word), or None."""
        letters = self.alphabet.letters
        for i, a in enumerate(word):
            sa = self.structure.get(a)
            if sa is None:
                continue
            if i + 1 < len(word):
                b = word[i + 1]
                sb = self.structure.get(b)
                if sb is not None:
                    pair = self._pair(sa, sb)
                    if pair is not None:
                        c, middle = pair
                        return c, word[:i] + middle + word[i + 2:]
            if sa.kind == "diag":
                j = next((j for j in range(i + 1, len(word)) if _is_one(letters[word[j]].cols)), None)
                if j is not None:  # diag(x)·w = x ∘ w for a column w
                    seg = Part(sa.parts[0].src, sympy.S.One, word[i + 1:j + 1])
                    c, middle = self.had_word([sa.parts[0], seg])
                    return c, word[:i] + middle + word[j + 1:]
                j = next((j for j in range(i - 1, -1, -1) if _is_one(letters[word[j]].rows)), None)
                if j is not None:  # wᵀ·diag(x) = wᵀ ∘ xᵀ for a row wᵀ
                    seg = Part(sympy.S.One, sa.parts[0].src, word[j:i])
                    c, middle = self.had_word([seg, self.transpose_part(sa.parts[0])])
                    return c, word[:j] + middle + word[i + 1:]
        return None

    def _pair(self, sa: Structure, sb: Structure):
        """A rule for two adjacent structured letters: (c, word) or None."""
        if sa.kind == "kron" and sb.kind == "kron":
            return self._mixed_product(sa.parts, sb.parts)
        if sa.kind == "kron" and sb.kind == "vec":
            return self._kron_vec(sa.parts, sb.parts[0])
        if sa.kind == "vecT" and sb.kind == "kron":
            found = self._kron_vec([self.transpose_part(q) for q in sb.parts], sa.parts[0])
            if found is None:
                return None
            return found[0], self.alphabet.transpose_word(found[1])
        if sa.kind == "diag" and sb.kind == "diag" and sa.parts[0].src == sb.parts[0].src:
            c, inner = self.had_word([sa.parts[0], sb.parts[0]])
            c2, word = self.diag_word(Part(sa.parts[0].src, sympy.S.One, inner))
            return c * c2, word
        if sa.kind == "ones" and sb.kind == "ones":
            (r, c), (_, s) = sa.extra, sb.extra
            (word, _one), = self.ones(r, s).terms.items()
            return self.field.from_sympy(c), word
        return None

    def _group_word(self, parts: list) -> tuple:
        """(c, word) for the Kronecker product of a run of factors (one factor: its word)."""
        if len(parts) == 1:
            return self.field.one, parts[0].word
        return self.kron_word(parts)

    def _mixed_product(self, left: tuple, right: tuple):
        """(⊗ pᵢ)(⊗ qⱼ) = ⊗ (group products) over the finest common grouping, when it has two groups or more.

        The cuts are the pairs (a, b) where the product of the first a column dimensions on the
        left equals the product of the first b row dimensions on the right, as polynomials."""
        cuts = []
        prod_p, last_b = sympy.S.One, 0
        right_prefix = []
        acc = sympy.S.One
        for q in right:
            acc = dim_key(acc * q.src)
            right_prefix.append(acc)
        for a, p in enumerate(left, start=1):
            prod_p = dim_key(prod_p * p.dst)
            b = next((b for b in range(last_b + 1, len(right) + 1) if right_prefix[b - 1] == prod_p), None)
            if b is not None:
                cuts.append((a, b))
                last_b = b
        if len(cuts) < 2 or cuts[-1] != (len(left), len(right)):
            return None
        coeff, parts, a0, b0 = self.field.one, [], 0, 0
        for a, b in cuts:
            lp, rp = list(left[a0:a]), list(right[b0:b])
            c1, w1 = self._group_word(lp)
            c2, w2 = self._group_word(rp)
            src, dst = _product([q.src for q in lp]), _product([q.dst for q in rp])
            c3, w = self.normal_word(w1 + w2, src, dst)
            coeff = coeff * c1 * c2 * c3
            parts.append(Part(src, dst, w))
            a0, b0 = a, b
        c, word = self.kron_word(parts)
        return coeff * c, word

    def _kron_vec(self, factors, v: Part):
        """(P ⊗ Q) vec(W) = vec(Q W Pᵀ) for the first split of the factors that fits W (m×n)."""
        for s in range(1, len(factors)):
            P, Q = list(factors[:s]), list(factors[s:])
            if _product([q.dst for q in P]) == v.dst and _product([q.dst for q in Q]) == v.src:
                cp, wp = self._group_word(P)
                cq, wq = self._group_word(Q)
                rows_q, rows_p = _product([q.src for q in Q]), _product([q.src for q in P])
                c, inner = self.normal_word(wq + v.word + self.alphabet.transpose_word(wp), rows_q, rows_p)
                c2, word = self.vec_word(Part(rows_q, rows_p, inner))
                return cp * cq * c * c2, word
        return None

    # ------------------------------------------------------------------ lifts
    def components(self, idx: int) -> tuple:
        """The components of a structured letter (a func letter: none, it is lifted as a whole)."""
        s = self.structure.get(idx)
        return () if s is None or s.kind in ("ones", "func") else s.parts

    def rebuild(self, idx: int, k: int, poly: NCPoly) -> NCPoly:
        """The letter's construct with component k replaced by a polynomial (multilinear)."""
        s = self.structure[idx]
        polys = [NCPoly(q.src, q.dst, {q.word: self.field.one}) for q in s.parts]
        polys[k] = poly
        if s.kind == "kron":
            return self.kron(polys)
        if s.kind == "had":
            return self.hadamard(polys)
        if s.kind == "vec":
            return self.vec(polys[0])
        if s.kind == "vecT":
            return self.vec(polys[0]).transpose(self.alphabet)
        if s.kind == "diag":
            return self.diag(polys[0])
        if s.kind == "diagof":
            return self.diagonal_of(polys[0])
        if s.kind == "diagofT":
            return self.diagonal_of(polys[0]).transpose(self.alphabet)
        raise ValueError(f"no components to rebuild in a {s.kind} letter")


def single_kron(t, poly: NCPoly):
    """(c, parts) when poly = c·(w₁ ⊗ … ⊗ w_k) is one Kronecker letter with a coefficient, else None."""
    table = getattr(t.atoms, "structures", None)
    if table is None or len(poly.terms) != 1:
        return None
    (word, c), = poly.terms.items()
    if len(word) != 1 or not table.is_kind(word[0], "kron"):
        return None
    return c, table.structure[word[0]].parts


def kron_inverse(t, poly: NCPoly) -> NCPoly | None:
    """(c·A ⊗ B)⁻¹ = c⁻¹·A⁻¹ ⊗ B⁻¹ for square A, B (A ⊗ B is invertible exactly when A and B are)."""
    found = single_kron(t, poly)
    if found is None:
        return None
    c, parts = found
    if any(q.src != q.dst for q in parts):
        return None
    return _kron_of_letters(t, c, parts,
                            lambda table, p, q: t.inverse_letter(p, sympy.Inverse(table.word_meaning(q))))


def kron_pinv(t, poly: NCPoly, pinv_letter) -> NCPoly | None:
    """(c·A ⊗ B)⁺ = c⁻¹·A⁺ ⊗ B⁺ for a nonzero rational c (for every real A, B)."""
    found = single_kron(t, poly)
    if found is None:
        return None
    c, parts = found
    if c.den is not None or len(c.num) != 1 or any(next(iter(c.num))):
        return None  # only a nonzero rational constant: (λA)⁺ = λ⁻¹A⁺ fails at λ = 0
    return _kron_of_letters(t, c, parts, lambda table, p, q: pinv_letter(t, p, PseudoInverse(table.word_meaning(q))))


def _kron_of_letters(t, c, parts, letter_for) -> NCPoly:
    """c⁻¹·(L₁ ⊗ L₂ ⊗ ...) with Lᵢ = letter_for(table, part's word as a polynomial, part) for each part
    with a word (the inverse or pseudo-inverse letter of that factor), an identity part kept as it is."""
    table = structures_of(t)
    factors = []
    for q in parts:
        p = NCPoly(q.src, q.dst, {q.word: t.field.one})
        factors.append(NCPoly.letter(t.alphabet, letter_for(table, p, q), t.field) if q.word else p)
    return table.kron(factors).scale(c.inverse())


def lift_premises(t, hypotheses: list, deadline: float | None, rounds: int = 3) -> list:
    """Premises L − L[w ← nf(w)] for the components w of structured letters that the hypotheses reduce.

    A component's reduction w − nf(w) = Σ c·a·h·b is recorded (`Premise.lift`), so that the
    certificate can say which hypotheses were lifted into which component, and the checker can
    re-expand Σ c·L[w ← a·h·b]. Next to I in a Hadamard product a component may be read
    transposed (diag(w) = diag(wᵀ)), so wᵀ is reduced too. An element-wise function letter f(P)
    is lifted whole: f(P) − f(nf(P)). Each lift's transpose follows it (kind `lift-transpose`).
    """
    table = getattr(t.atoms, "structures", None)
    if table is None or not table.structure or not hypotheses:
        return []
    session = GroebnerSession(t.alphabet, t.field, [h.poly for h in hypotheses], Limits(max_steps=40),
                              deadline, normalize=t.atoms.normalizer())
    try:
        session.add_hypotheses()
        session.complete()
    except Inconsistent:
        return []
    one = t.field.one
    out, seen = [], set()

    def as_rep(rep) -> list:
        return [(a, hypotheses[k], b, c) for (a, k, b), c in rep.items()]

    def record(poly, origin, lift):
        if poly.is_zero():
            return False
        out.append(Premise(poly, "lift", origin, lift))
        transposed = poly.transpose(t.alphabet)
        if transposed.key() != poly.key() and transposed.key() != (-poly).key():
            out.append(Premise(transposed, "lift-transpose", f"transpose of ({origin})"))
        return True

    for _ in range(rounds):
        added = False
        for idx in list(table.structure):
            if idx in seen:
                continue
            seen.add(idx)
            s = table.structure[idx]
            name = t.alphabet[idx].name
            if s.kind == "func":
                arg = table.func_poly[s]
                nf, rep = session.reduce(arg)
                if nf.key() == arg.key() or not rep:
                    continue
                other = table.letter(table._func_structure(s.extra[0], nf))
                diff = NCPoly.letter(t.alphabet, idx, t.field) - NCPoly.letter(t.alphabet, other, t.field)
                added |= record(diff, f"{name} = {t.alphabet[other].name}: equal arguments",
                                {"letter": idx, "to": other, "rep": as_rep(rep)})
                continue
            identity = s.kind == "had" and any(not q.word for q in s.parts)
            for k, part in enumerate(table.components(idx)):
                for transposed in ((False, True) if identity and part.word else (False,)):
                    q = table.transpose_part(part) if transposed else part
                    poly = NCPoly(q.src, q.dst, {q.word: one})
                    nf, rep = session.reduce(poly)
                    if not rep or nf.key() == poly.key():
                        continue
                    diff = poly - nf
                    lifted = table.rebuild(idx, k, diff.transpose(t.alphabet) if transposed else diff)
                    if record(lifted, f"{name}: component {k + 1} reduced ({nf.show(t.alphabet)})",
                              {"letter": idx, "component": k, "transposed": transposed, "rep": as_rep(rep)}):
                        added = True
                        break
        if not added:
            break
    return out


def with_lift_dependencies(chosen: list, everything: list) -> list:
    """The chosen premises and every premise a chosen lift rests on (recursively), in their original order."""
    keep = {id(h) for h in chosen}
    todo = [h for h in chosen if h.lift]
    while todo:
        h = todo.pop()
        for _a, base, _b, _c in h.lift["rep"]:
            if id(base) not in keep:
                keep.add(id(base))
                if base.lift:
                    todo.append(base)
    return [h for h in everything if id(h) in keep]


def _poly_text(poly: NCPoly) -> str:
    """The exact text of a polynomial's terms (coefficients included), for a func letter's identity."""
    return ";".join(sorted(f"{c.exact_str()}*{w}" for w, c in poly.terms.items()))


def structures_of(t) -> Structures:
    """The structured-letter table of a translator, created on first use (kept on its AtomTable)."""
    table = getattr(t.atoms, "structures", None)
    if table is None:
        table = Structures(t)
        t.atoms.structures = table
    return table


# ---------------------------------------------------------------------------------------------
# Grid rules for the translator (merged into `translate.GRID_RULES`)
# ---------------------------------------------------------------------------------------------


def _single(poly: NCPoly) -> Grid:
    return Grid.single(poly)


def _kron_grid(t, expr) -> Grid:
    return _single(structures_of(t).kron([t.poly(a) for a in expr.args]))


def _hadamard_grid(t, expr) -> Grid:
    return _single(structures_of(t).hadamard([t.poly(a) for a in expr.args]))


def _hadamard_power_grid(t, expr) -> Grid:
    base, exp = expr.args
    p = t.poly(base)
    if exp.is_Integer and 1 <= int(exp) <= MAX_HADAMARD_POWER:
        return _single(structures_of(t).hadamard([p] * int(exp)))
    if exp == 0:
        return _single(structures_of(t).ones(p.src, p.dst))
    var = sympy.Dummy("e")
    return _single(structures_of(t).elementwise(sympy.Lambda(var, var ** exp), p, expr))


def _diag_matrix_grid(t, expr) -> Grid:
    return _single(structures_of(t).diag(t.poly(expr.args[0])))


def _diagonal_of_grid(t, expr) -> Grid:
    return _single(structures_of(t).diagonal_of(t.poly(expr.args[0])))


def _diagonal_matrix_grid(t, expr) -> Grid:
    p = t.poly(expr.args[0])
    if p.src != p.dst:
        raise OutsideMatrixProver("the diagonal part of a non-square matrix")
    return _single(structures_of(t).hadamard([p, NCPoly.identity(p.src, t.field)]))


def _elementwise_grid(t, expr) -> Grid:
    return _single(structures_of(t).elementwise(expr.function, t.poly(expr.expr), expr))


def _vec_grid(t, expr) -> Grid:
    return _single(structures_of(t).vec(t.poly(expr.arg)))


def _ones_grid(t, expr) -> Grid:
    return _single(structures_of(t).ones(expr.rows, expr.cols))


STRUCTURED_GRID_RULES = MappingProxyType({
    KroneckerProduct: _kron_grid,
    HadamardProduct: _hadamard_grid,
    HadamardPower: _hadamard_power_grid,
    DiagMatrix: _diag_matrix_grid,
    DiagonalOf: _diagonal_of_grid,
    DiagonalMatrix: _diagonal_matrix_grid,
    ElementwiseApplyFunction: _elementwise_grid,
    Vec: _vec_grid,
    OneMatrix: _ones_grid,
})


__all__ = ["Structures", "Structure", "Part", "structures_of", "STRUCTURED_GRID_RULES", "STRUCTURED_KINDS",
           "function_key", "kron_inverse", "kron_pinv", "single_kron", "lift_premises", "with_lift_dependencies"]
