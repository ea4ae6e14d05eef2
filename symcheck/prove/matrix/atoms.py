"""Scalar atoms: 1×1 words, traces and scalar functions of them as central coefficients.

A 1×1 matrix is a scalar, and a scalar commutes with every matrix. This module owns
the dictionary from such scalars to new generators of the coefficient field
(`ScalarField.add_generator`), so that (xᵀx)·y, y·(wᵀXᵀy), tr(A)·B or xᵀ/‖x‖ become
ordinary polynomials with central coefficients:

* trace atoms `tr[w]`: tr(w) for a closed word w (a 1×1 word is its own trace). The
  name is canonical: a word passing several times through the 1×1 vertex is split
  into its loops (tr(ab) = tr(a)·tr(b) for 1×1 a, b), and each loop is named by its
  least rotation of w or wᵀ (tr(AB) = tr(BA), tr(M) = tr(Mᵀ)); tr(I_k) = k;
* root atoms `sqrt[w]`: s = √tr(u·uᵀ) for a Gram word (so tr = ‖u‖² ≥ 0); the trace
  atom is then written s² everywhere, exactly as √λ replaces λ by s²;
* function atoms `f[u]`: f(u) for a scalar function f (sqrt, exp, log, a fractional
  power, ...) of a field value u: opaque, equal only when f and u are equal; except that
  exp(u) is written 1/exp[−u] when the atom exp[−u] exists (exp(u)·exp(−u) = 1). The translator
  writes u without adjacent inverse pairs X·X⁻¹ in its trace atoms first
  (`MatrixTranslator.without_inverse_pairs`); π and other NumberSymbols are function atoms of
  no arguments, and det(c·M) = cⁿ det M for a dimension symbol n uses the atom `pow_n[c]`;
* det atoms `det[M]`: the determinant of a matrix no rule of `determinants` reduces
  further (that module owns them; the same atom for M and Mᵀ).

Loops through the 1×1 vertex inside a longer word (y·wᵀXᵀy: the part wᵀXᵀy) are
pulled out as coefficients by `extract_loops`.

Sound because every atom is an indeterminate: an identity of rational functions
holds at every value, in particular at the atoms' actual values; a division by an
expression in atoms must be justified like any other denominator (`nonzero`).
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy
from sympy.matrices.expressions import MatMul, Trace

from .ncalg import Alphabet, NCPoly, RatFunc, ScalarField
from .tensornet import has_network, network_key, trace_rule

MAX_ROOT_SQUARES = 64  # √(u·g²ᵏ) = √u·|g|ᵏ for k up to this (the checker has the same bound)


@dataclass
class AtomInfo:
    """What one atom generator of the coefficient field stands for (a trace, a root, a function value)."""
    symbol: sympy.Symbol
    kind: str                      # "trace", "root", "function"
    vertex: sympy.Expr | None = None
    word: tuple = ()               # letter indices (trace and root atoms)
    function: str = ""             # function atoms: "sqrt", "exp", "pow(1/3)", ...
    arguments: tuple = ()          # function atoms: RatFunc arguments
    matrix: dict | None = None     # det atoms: the matrix (a grid, as certificate JSON)


class AtomTable:
    """The atoms of one proof. `roots`: names of Gram trace atoms to be written as s²."""

    def __init__(self, alphabet: Alphabet, fld: ScalarField, roots: frozenset = frozenset()):
        self.alphabet = alphabet
        self.field = fld
        self.roots = set(roots)
        self.root_requests: set = set()   # Gram atoms whose square root occurred (for a second pass)
        self.by_key: dict = {}
        self.infos: list = []
        self.by_symbol: dict = {}
        self._split_cache: dict = {}
        self.structures = None   # the proof's structured letters (`structured.structures_of`), when it has any
        self.values: dict = {}   # canonical names of a loop through the 1×1 vertex -> its value from an assumption

    # -- naming -----------------------------------------------------------------
    def _names(self, word) -> tuple:
        return tuple(self.alphabet[i].name for i in word)

    def _through_unit(self, word) -> list:
        """Positions p where the vertex before word[p] is the 1×1 vertex."""
        return [p for p, i in enumerate(word) if self.alphabet[i].rows == 1]

    def loops(self, word) -> list:
        """A closed word as its loops through the 1×1 vertex (itself when it never passes there)."""
        cuts = self._through_unit(word)
        if len(cuts) <= 1:
            return [word]
        start = cuts[0]
        rotated = word[start:] + word[:start]
        cuts = [p - start for p in cuts]
        return [rotated[a:b] for a, b in zip(cuts, cuts[1:] + [len(rotated)])]

    def canonical_word(self, word) -> tuple:
        """The least rotation of the word or of its transpose, by letter names."""
        cands = []
        for w in (word, self.alphabet.transpose_word(word)):
            cands += [w[i:] + w[:i] for i in range(len(w))]
        return min(cands, key=self._names)

    def is_gram(self, word) -> bool:
        """w = u·uᵀ up to rotation: tr(w) = ‖u‖_F² ≥ 0."""
        if len(word) % 2:
            return False
        m = len(word) // 2
        for i in range(len(word)):
            w = word[i:] + word[:i]
            if w[m:] == self.alphabet.transpose_word(w[:m]):
                return True
        return False

    # -- atoms ------------------------------------------------------------------
    def _new(self, key, name: str, info: AtomInfo, **assumptions) -> sympy.Symbol:
        taken = {g.name for g in self.field.gens}
        while name in taken:  # never a generator of the claim (a scalar named tr[A] is not the trace of A)
            name += "'"
        sym = sympy.Symbol(name, **assumptions)
        self.field.add_generator(sym)
        info.symbol = sym
        self.by_key[key] = info
        self.by_symbol[sym] = info
        self.infos.append(info)
        return sym

    def add_atom(self, key, name: str, info: AtomInfo, **assumptions) -> sympy.Symbol:
        """A new generator for `info` (a det atom, `determinants`), named `name` unless a generator has that name."""
        return self._new(key, name, info, **assumptions)

    def trace(self, vertex, word) -> RatFunc:
        """tr(word) for a word closed at `vertex`, as a field value."""
        if not word:
            return self.field.from_sympy(vertex)
        if self.values:
            known = self.assumed_value(tuple(word))
            if known is not None:   # tr(w) = v is an assumption (`assumed_traces`)
                return known
        structured = self.structures is not None and any(i in self.structures.structure for i in word)
        if structured:
            rule = trace_rule(self.structures, vertex, tuple(word))
            if rule is not None:  # tr(A ⊗ B) = tr A · tr B, tr(vec(U)ᵀ vec(W)) = tr(UᵀW)
                out = self.field.one
                for v, w in rule:
                    c, w = self.structures.normal_word(w)
                    out = out * c * self.trace(v, w)
                return out
        pieces = self.loops(tuple(word))
        if len(pieces) > 1:
            out = self.field.one
            for piece in pieces:
                out = out * self.trace(1, piece)
            return out
        word = self.canonical_word(tuple(word))
        names = self._names(word)
        key = ("trace", names)
        if structured and has_network(self.structures, word):  # one atom per network (`tensornet`)
            network = network_key(self.structures, self.alphabet[word[0]].rows, word)
            if network is not None:
                key = ("tensor", network)
        if names in self.roots:
            root = self._root(word, names)
            return self.field.gen(root) * self.field.gen(root)
        info = self.by_key.get(key)
        if info is None:
            gram = self.is_gram(word)
            info = AtomInfo(None, "trace", self.alphabet[word[0]].rows, word)
            self._new(key, f"tr[{'*'.join(names)}]", info,
                      **({"nonnegative": True} if gram else {"real": True}))
        return self.field.gen(info.symbol)

    def assume_value(self, word, value: RatFunc) -> bool:
        """tr(word) = value, from an assumption, for a loop through the 1×1 vertex (passing it once)."""
        word = tuple(word)
        if not word or len(self.loops(word)) != 1 or self.alphabet[word[0]].rows != 1:
            return False
        self.values[self._names(self.canonical_word(word))] = value
        return True

    def assumed_value(self, word) -> RatFunc | None:
        """The assumed value of tr(word) (any rotation, or of its transpose), if an assumption gives one."""
        if len(self.loops(word)) != 1:
            return None
        return self.values.get(self._names(self.canonical_word(word)))

    def _root(self, word, names) -> sympy.Symbol:
        key = ("root", names)
        info = self.by_key.get(key)
        if info is None:
            info = AtomInfo(None, "root", self.alphabet[word[0]].rows, word)
            self._new(key, f"sqrt[{'*'.join(names)}]", info, nonnegative=True)
        return info.symbol

    def trace_of(self, poly: NCPoly) -> RatFunc:
        """tr(p) = Σ c·tr(w) for a square polynomial p (a 1×1 polynomial is its own trace)."""
        if poly.src != poly.dst:
            raise ValueError("trace of a non-square polynomial")
        out = self.field.zero
        for w, c in poly.terms.items():
            out = out + c * self.trace(poly.src, w)
        return out

    def function(self, name: str, args: tuple, assumptions: dict | None = None) -> RatFunc:
        """f(args) as an opaque atom; √ of a Gram trace atom becomes its root atom."""
        if name == "sqrt" and len(args) == 1:
            root = self._sqrt_of_square(args[0])
            if root is not None:
                return root
            pulled = self._squares_out_of_root(args[0])
            if pulled is not None:
                return pulled
        if name == "log" and len(args) == 1:
            value = self._log_of_exponentials(args[0])
            if value is not None:
                return value
        key = ("function", name, tuple(a.canonical() for a in args))
        info = self.by_key.get(key)
        if info is None and name == "exp" and len(args) == 1:
            negated = self.by_key.get(("function", "exp", ((-args[0]).canonical(),)))
            if negated is not None:  # exp(u) = 1/exp(-u): one atom for both, so exp(u)·exp(-u) = 1
                return self.field.gen(negated.symbol).inverse()
        if info is None:
            info = AtomInfo(None, "function", function=name, arguments=tuple(args))
            shown = ", ".join(a.text() for a in args)
            self._new(key, f"{name}[{shown}]", info, **(assumptions or {}))
        return self.field.gen(info.symbol)

    def _real(self, value: RatFunc) -> bool:
        """Every generator of the value is real: scalars and dimensions (by the contract), trace atoms, real atoms."""
        exps = list(value.num) + list(value.den or {})
        used = {i for e in exps for i, k in enumerate(e) if k}
        for i in used:
            info = self.by_symbol.get(self.field.gens[i])
            if info is not None and info.kind == "function" and not info.symbol.is_real:
                return False
        return True

    def _log_of_exponentials(self, arg: RatFunc) -> RatFunc | None:
        """log(Π exp(aᵢ)^eᵢ) = Σ eᵢ·aᵢ for real aᵢ (a product of positive numbers); None otherwise."""
        if arg.den is not None or len(arg.num) != 1:
            return None
        (exps, coeff), = arg.num.items()
        if coeff != 1:
            return None
        out = self.field.zero
        for i, e in enumerate(exps):
            if not e:
                continue
            info = self.by_symbol.get(self.field.gens[i])
            if info is None or info.function != "exp" or not self._real(info.arguments[0]):
                return None
            out = out + info.arguments[0] * self.field.const(e)
        return out

    def _squares_out_of_root(self, arg: RatFunc) -> RatFunc | None:
        """√(u·g²ᵏ/h²ˡ) = √u·|g|ᵏ/|h|ˡ for real generators g, h (scalar symbols, trace and det atoms) whose even
        powers divide every term of the reduced numerator (g) or denominator (h): true wherever both sides are
        real. None when no square of such a generator divides, or more than MAX_ROOT_SQUARES of one would leave."""
        arg = self.field.cancel(arg)
        pulled = {}
        for poly, sign in ((arg.num, 1), (arg.den or {}, -1)):
            if not poly:
                continue
            width = max(len(e) for e in poly)
            for i in range(width):
                least = min((e[i] if i < len(e) else 0) for e in poly)
                if least >= 2 and self._real_generator(i):
                    pulled[i] = pulled.get(i, 0) + sign * (least // 2)
        pulled = {i: k for i, k in pulled.items() if k}
        if not pulled or any(abs(k) > MAX_ROOT_SQUARES for k in pulled.values()):
            return None  # (a power beyond the bound stays inside the root, as the checker leaves it)
        rest, out = arg, self.field.one
        for i, k in pulled.items():
            g = self.field.gen(self.field.gens[i])
            square = g * g
            for _ in range(abs(k)):
                rest = rest / square if k > 0 else rest * square
            absolute = self.function("Abs", (g,), {"nonnegative": True})
            for _ in range(abs(k)):
                out = out * absolute if k > 0 else out / absolute
        return self.function("sqrt", (self.field.cancel(rest),)) * out

    def _real_generator(self, i: int) -> bool:
        """Generator i is real: a scalar symbol of the claim (real by the contract), a trace or a det atom."""
        info = self.by_symbol.get(self.field.gens[i])
        return info is None or info.kind in ("trace", "det")

    def _sqrt_of_square(self, arg: RatFunc) -> RatFunc | None:
        """√(s²) = s for a root atom s or a Gram trace atom s; a bare Gram trace atom asks for a root (next pass)."""
        for info in self.infos:
            if info.kind == "root":
                s = self.field.gen(info.symbol)
                if arg == s * s:
                    return s
        for info in self.infos:
            if info.kind == "trace" and info.symbol.is_nonnegative and arg == self.field.gen(info.symbol):
                self.root_requests.add(self._names(info.word))
        for info in self.infos:  # √(g²) = g for a Gram trace atom g = tr(u·uᵀ) ≥ 0
            if info.kind == "trace" and info.symbol.is_nonnegative:
                g = self.field.gen(info.symbol)
                if arg == g * g:
                    return g
        return None

    # -- loops inside words ------------------------------------------------------
    def extract_loops(self, poly: NCPoly) -> NCPoly:
        """Pull closed loops through the 1×1 vertex out of words as coefficients (u·s·v = s·u·v);
        words with structured letters are first put in normal form (`structured`)."""
        if self.structures is not None and self.structures.structure:
            poly = self._structured_normal(poly)
        if (poly.src == 1 and poly.dst == 1) or not any(len(w) > 1 for w in poly.terms):
            return poly  # a 1×1 polynomial stays whole: it is the scalar prover's business
        out = NCPoly(poly.src, poly.dst, {})
        changed = False
        for w, c in poly.terms.items():
            split = self.split_word(w, poly.src, poly.dst)
            if split is None:
                out = out + NCPoly(poly.src, poly.dst, {w: c})
                continue
            changed = True
            coeff, rest = split
            out = out + NCPoly(poly.src, poly.dst, {rest: c * coeff} if c * coeff else {})
        return out if changed else poly

    def _structured_normal(self, poly: NCPoly) -> NCPoly:
        out, changed = {}, False
        for w, c in poly.terms.items():
            found = self.structures.normalize_word(w, poly.src, poly.dst)
            if found is not None:
                changed = True
                k, w = found
                c = c * k
            s = out[w] + c if w in out else c
            if s:
                out[w] = s
            else:
                out.pop(w, None)
        return NCPoly(poly.src, poly.dst, out) if changed else poly

    def normalizer(self):
        """`split_word` when some letter touches the 1×1 vertex, else None (nothing to pull out);
        with structured letters, their word normal form first (`normal_form`)."""
        if self.structures is not None and self.structures.structure:
            return self.normal_form
        if any(let.rows == 1 or let.cols == 1 for let in self.alphabet.letters):
            return self.split_word
        return None

    def normal_form(self, word, src, dst):
        """(c, word') for the structured normal form and the loops pulled out, or None when word is normal."""
        coeff, changed = self.field.one, False
        for _ in range(50):
            found = self.structures.normalize_word(word, src, dst)
            if found is not None:
                coeff, word, changed = coeff * found[0], found[1], True
            split = self.split_word(word, src, dst)
            if split is None:
                break
            coeff, word, changed = coeff * split[0], split[1], True
        return (coeff, word) if changed else None

    def split_word(self, word, src, dst):
        """(Π tr[loops], rest) when the word passes the 1×1 vertex twice or more, else None."""
        if len(word) < 2 and not (src == 1 and dst == 1):
            return None
        key = (word, src == 1, dst == 1)
        cache = self._split_cache
        if key not in cache:
            cache[key] = self._split(word, src, dst)
        return cache[key]

    def _split(self, word, src, dst):
        cuts = [p for p in range(1, len(word)) if self.alphabet[word[p]].rows == 1]
        if src == 1:
            cuts = [0] + cuts
        if dst == 1:
            cuts = cuts + [len(word)]
        if len(cuts) < 2:
            return None
        coeff = self.field.one
        for a, b in zip(cuts, cuts[1:]):
            coeff = coeff * self.trace(1, word[a:b])
        return coeff, word[:cuts[0]] + word[cuts[-1]:]

    # -- output -----------------------------------------------------------------
    def meaning(self, info: AtomInfo):
        """The SymPy scalar an atom stands for (for people and the refuter)."""
        if info.kind in ("trace", "root"):
            mats = [self.alphabet[i].meaning for i in info.word]
            try:
                body = mats[0] if len(mats) == 1 else MatMul(*mats)
                tr = Trace(body)
            except Exception:  # a meaning SymPy cannot multiply: the word still says it
                return None
            return sympy.sqrt(tr) if info.kind == "root" else tr
        return None

    def json(self, info: AtomInfo) -> dict:
        """The certificate's `atom` entry of a generator (docs/certificates.md)."""
        if info.kind in ("trace", "root"):
            return {"kind": info.kind, "vertex": sympy.sstr(info.vertex), "word": list(self._names(info.word))}
        if info.kind == "det":
            return {"kind": "det", "matrix": info.matrix}
        return {"kind": "function", "function": info.function, "arguments": [a.exact_str() for a in info.arguments]}


__all__ = ["AtomTable", "AtomInfo"]
