"""The checker's own translation of a claim into the certificate's letters, and what it grants.

Independent of the prover's translator: it reads the certificate's letters, binds
each SymPy object of the claim to the letter that must stand for it (a
MatrixSymbol to the `symbol` letter whose meaning is that symbol, (P)⁻¹ to the
`inverse` letter whose `inverse_of` equals the checker's own translation of P, Bᵏ
in an induction step to the `opaque` letter whose meaning is Bᵏ), validates what
the certificate says about those letters (shapes, transposes), and derives the
hypotheses the claim and its assumptions grant (`GRANTS`). A certificate letter
that nothing in the claim binds is an arbitrary matrix of its declared shape.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy
from sympy.matrices.expressions import (
    BlockDiagMatrix, BlockMatrix, Determinant, Identity, Inverse, MatAdd, MatMul, MatPow, MatrixExpr, MatrixSymbol,
    Trace, Transpose, ZeroMatrix,
)

from ..model.function_names import function_atom_name
from ..model.products import AmbiguousOrIllTyped, group_expr, read_product
from .blocks import bind_block_inverse, block_inverse_relations, diagonal_blocks, read_block_letters
from .det_rules import DetChecker
from .diagonal_sums import as_traces
from .gram import gram_zero_grants
from .ncpoly import Alphabet, Dim, Field, Letter, NCPoly, Rejected, cancel_pairs, identity, parse_dim, zero
from .srepr_reader import UnsafeSrepr, read_srepr
from .structured import STRUCTURED_RULES, Structures, kron_inverse
from .tensornet import same_network
from .traces import Traces, log_of_exponentials


# ---------------------------------------------------------------------------
# Reading the certificate's field and letters
# ---------------------------------------------------------------------------

MAX_ROOT_SQUARES = 64  # √(u·g²ᵏ) = √u·|g|ᵏ for k up to this, as the prover takes them out


@dataclass
class Context:
    """The certificate's vocabulary: field, square-root substitutions, letters."""

    field: Field
    roots: dict            # name of x -> (id, value) of the generator s with x = s² (s = √x ≥ 0)
    alphabet: Alphabet
    dims_by_id: dict
    atoms: dict = field(default_factory=dict)   # closed word -> (symbol, value) of a trace-atom generator
    #                                              (symbol None: a value an assumption gives, `assumed_traces`)
    functions: list = field(default_factory=list)  # (symbol, value, function name, [argument values])
    atom_symbols: set = field(default_factory=set)  # every generator with an `atom` entry (signs not trusted)
    structures: Structures | None = None  # the structured letters (Kronecker, Hadamard, ...), when there are any
    dets: list = field(default_factory=list)        # (symbol, value, matrix JSON) of every det atom
    det_steps: list = field(default_factory=list)   # the certificate's `determinants` (hints, `det_rules`)
    block_letters: dict = field(default_factory=dict)  # letter -> (rows, cols, blocks, (i, j)): a block of M⁻¹

    @classmethod
    def read(cls, cert: dict) -> "Context":
        """The certificate's field, letters and atoms, read and checked for shape and meaning."""
        gens = cert.get("field", {}).get("generators", [])
        symbols, ids = [], []
        for g in gens:
            sym = _read(g.get("srepr"), "generator")
            if not isinstance(sym, sympy.Symbol) or sym.name != g.get("name"):
                raise Rejected(f"generator {g.get('id')!r} is not the symbol {g.get('name')!r}")
            symbols.append(sym)
            ids.append(g["id"])
        fld = Field(symbols, ids)
        dims_by_id = {i: s for i, s in zip(ids, symbols)}
        roots = {}
        for name, text in cert.get("field", {}).get("substitutions", {}).items():
            root = text[:-3] if isinstance(text, str) and text.endswith("**2") else None
            if root not in fld.by_id or name in [s.name for s in symbols]:
                raise Rejected(f"substitution {name} = {text} is not x = s**2 for a generator s replacing x")
            roots[name] = (root, fld.by_id[root])
        letters = {}
        for raw in cert.get("letters", []):
            let = Letter(raw["name"], parse_dim(raw["rows"], dims_by_id), parse_dim(raw["cols"], dims_by_id),
                         raw.get("kind", ""), raw.get("meaning"), raw.get("transpose", raw["name"]))
            letters[let.name] = let
        alphabet = Alphabet(letters)
        ctx = cls(fld, roots, alphabet, dims_by_id)
        for raw in cert.get("letters", []):
            if raw.get("inverse_of") is not None:
                letters[raw["name"]].inverse_of = ctx.poly(raw["inverse_of"], f"inverse_of of {raw['name']}")
            if raw.get("pinv_of") is not None:
                letters[raw["name"]].pinv_of = ctx.poly(raw["pinv_of"], f"pinv_of of {raw['name']}")
        alphabet.check_involution()
        ctx.structures = Structures.read(ctx, cert.get("letters", []))
        ctx.block_letters = read_block_letters(ctx, cert.get("letters", []))
        for g, sym in zip(gens, symbols):
            atom = g.get("atom")
            if atom is not None:
                ctx.atom_symbols.add(sym)
            if isinstance(atom, dict) and atom.get("kind") == "function":
                name, arguments = atom.get("function"), atom.get("arguments")
                if not isinstance(name, str) or not isinstance(arguments, list):
                    raise Rejected(f"atom {g['id']}: a function atom needs a function name and arguments")
                ctx.functions.append((sym, fld.by_id[g["id"]], name, [fld.coeff(a) for a in arguments]))
            if isinstance(atom, dict) and atom.get("kind") == "det":
                ctx.dets.append((sym, fld.by_id[g["id"]], atom.get("matrix")))
            if isinstance(atom, dict) and atom.get("kind") == "trace":
                word = ctx.word(atom.get("word", []), f"atom {g['id']}")
                if word:
                    v = alphabet[word[0]].rows
                    alphabet.check_word(word, v, v, f"atom {g['id']}")
                    ctx.atoms[word] = (sym, fld.by_id[g["id"]])
        steps = cert.get("determinants", [])
        ctx.det_steps = steps if isinstance(steps, list) else []
        return ctx

    def atom_value(self, loop: tuple):
        """The generator standing for tr(loop): an atom whose word is a rotation of loop or of its transpose
        (or, with structured letters, the trace rules and an atom with the same index network)."""
        for w in (loop, self.alphabet.transpose_word(loop)):
            for i in range(len(w)):
                hit = self.atoms.get(w[i:] + w[:i])
                if hit is not None:
                    return hit[1]
        if self.structures is not None and any(self.structures.kind(n) for n in loop):
            return self._structured_atom(loop)
        return None

    def _structured_atom(self, loop: tuple):
        factors = self.structures.trace_rule(loop)
        if factors is not None:  # tr(A ⊗ B) = tr A tr B, tr(vec(U)ᵀ vec(W)) = tr(UᵀW)
            value = self.field.one
            for vertex, word in factors:
                c, word = self.normal_word(word)
                inner = self.field.K.from_sympy(vertex.expr) if not word else self.atom_value(word)
                if inner is None:
                    return None
                value = value * c * inner
            return value
        vertex = self.alphabet[loop[0]].rows
        for word, (_, value) in self.atoms.items():
            if same_network(self, (vertex, loop), (self.alphabet[word[0]].rows, word)):
                return value
        return None

    def normal_word(self, word: tuple) -> tuple:
        """(c, word'): the structured normal form, and every 1×1 loop that is a trace atom pulled out."""
        c = self.field.one
        for _ in range(50):
            before = word
            if self.structures is not None:
                k, word = self.structures.normal_word(word)
                c = c * k
            if self.atoms:
                c, word = self._extract(word, c)
            if word == before:
                break
        return c, word

    def normal(self, p: NCPoly) -> NCPoly:
        """Every 1×1 loop inside a word that is a trace atom taken out as a coefficient (it is a central scalar);
        words with structured letters in their normal form first."""
        if self.structures is not None:
            out = NCPoly(p.rows, p.cols, {})
            for w, c in p.terms.items():
                k, w = self.normal_word(w)
                out = out.add(NCPoly(p.rows, p.cols, {w: c * k}))
            return out
        if not self.atoms:
            return p
        out = NCPoly(p.rows, p.cols, {})
        for w, c in p.terms.items():
            c, w = self._extract(w, c)
            out = out.add(NCPoly(p.rows, p.cols, {w: c}))
        return out

    def _extract(self, word: tuple, c):
        one = Dim.of(1)
        changed = True
        while changed:
            changed = False
            ones = [i for i, name in enumerate(word) if self.alphabet[name].rows == one] + \
                ([len(word)] if word and self.alphabet[word[-1]].cols == one else [])
            for a, b in zip(ones, ones[1:]):
                value = self.atom_value(word[a:b]) if b > a else None
                if value is not None:
                    c, word, changed = c * value, word[:a] + word[b:], True
                    break
        return c, word

    def is_gram_atom(self, sym) -> bool:
        """tr(u·uᵀ) >= 0: the atom's word is a word followed by its transpose."""
        if sym is None:   # an assumed value (`assumed_traces`), not a generator
            return False
        for word, (s, _) in self.atoms.items():
            if s == sym and len(word) % 2 == 0 and word[len(word) // 2:] == self.alphabet.transpose_word(word[:len(word) // 2]):
                return True
        return False

    def poly(self, raw: dict, where: str) -> NCPoly:
        """A certificate polynomial, every word checked to be well typed."""
        rows, cols = parse_dim(raw["rows"], self.dims_by_id), parse_dim(raw["cols"], self.dims_by_id)
        out = NCPoly(rows, cols, {})
        for coeff, word in raw.get("terms", []):
            word = tuple(word)
            self.alphabet.check_word(word, rows, cols, where)
            out = out.add(NCPoly(rows, cols, {word: self.field.coeff(coeff)}))
        return out

    def word(self, names, where: str) -> tuple:
        """A word of the certificate: every name must be a letter (else Rejected)."""
        for n in names:
            self.alphabet[n]
        return tuple(names)


def _read(text, what: str):
    try:
        return read_srepr(text)
    except UnsafeSrepr as exc:
        raise Rejected(f"{what}: {exc}") from exc


# ---------------------------------------------------------------------------
# Grids (block matrices): a plain matrix is a 1×1 grid
# ---------------------------------------------------------------------------


@dataclass
class Grid:
    """A block matrix of polynomials: row and column partitions and the blocks."""

    rows: list
    cols: list
    blocks: list

    @classmethod
    def single(cls, p: NCPoly) -> "Grid":
        """A one-block grid."""
        return cls([p.rows], [p.cols], [[p]])

    def poly(self) -> NCPoly:
        """The one block of a one-block grid (Rejected for a block matrix)."""
        if len(self.rows) != 1 or len(self.cols) != 1:
            raise Rejected("a block matrix where a single block is needed")
        return self.blocks[0][0]


def _split_scalar(g: Grid, rows: list, cols: list, fld: Field) -> Grid:
    """c·I or 0 as one block, cut into the partition (rows, cols)."""
    if [d.key for d in g.rows] == [d.key for d in rows] and [d.key for d in g.cols] == [d.key for d in cols]:
        return g
    p = g.poly()
    if p.terms and (set(p.terms) != {()} or [d.key for d in rows] != [d.key for d in cols]):
        raise Rejected("block partitions do not match")
    c = p.terms.get(())
    return Grid(rows, cols, [[identity(r, fld, c) if (c is not None and i == j) else zero(r, q)
                              for j, q in enumerate(cols)] for i, r in enumerate(rows)])


def grid_add(a: Grid, b: Grid, fld: Field, scale=None) -> Grid:
    """a + scale·b, blockwise (a scalar c·I is cut into the other's partition)."""
    if len(a.rows) * len(a.cols) == 1 and len(b.rows) * len(b.cols) > 1:
        a = _split_scalar(a, b.rows, b.cols, fld)
    elif len(b.rows) * len(b.cols) == 1 and len(a.rows) * len(a.cols) > 1:
        b = _split_scalar(b, a.rows, a.cols, fld)
    if [d.key for d in a.rows] != [d.key for d in b.rows] or [d.key for d in a.cols] != [d.key for d in b.cols]:
        raise Rejected("adding block matrices with different partitions")
    return Grid(a.rows, a.cols, [[x.add(y, scale) for x, y in zip(ra, rb)] for ra, rb in zip(a.blocks, b.blocks)])


def grid_mul(a: Grid, b: Grid, fld: Field) -> Grid:
    """a·b, blockwise (a scalar c·I is cut into the other's partition)."""
    if [d.key for d in a.cols] != [d.key for d in b.rows]:
        if len(a.rows) * len(a.cols) == 1:
            a = _split_scalar(a, b.rows, b.rows, fld)
        elif len(b.rows) * len(b.cols) == 1:
            b = _split_scalar(b, a.cols, a.cols, fld)
        else:
            raise Rejected("block partitions do not match in a product")
    blocks = []
    for i, r in enumerate(a.rows):
        row = []
        for j, c in enumerate(b.cols):
            acc = zero(r, c)
            for k in range(len(a.cols)):
                acc = acc.add(a.blocks[i][k].mul(b.blocks[k][j]))
            row.append(acc)
        blocks.append(row)
    return Grid(a.rows, b.cols, blocks)


# ---------------------------------------------------------------------------
# The translator
# ---------------------------------------------------------------------------


@dataclass
class Induction:
    """An induction step: the variable k whose powers Bᵏ are the certificate's opaque letters."""

    variable: sympy.Symbol
    monotone_inverses: bool = False   # every k-dependent inverse exists at k when it does at k + 1 (`powers`)


class CheckerTranslator:
    """The checker's own translation of a claim into the certificate's letters (not the prover's translator)."""

    def __init__(self, ctx: Context, induction: Induction | None = None, least_integer=lambda s: None,
                 symmetric: frozenset = frozenset()):
        self.ctx = ctx
        self.symmetric = symmetric           # matrix symbols the assumptions make symmetric (Aᵀ = A)
        self.least_integer = least_integer   # symbol -> least integer value the assumptions allow, or None
        self.powers: dict = {}               # opaque letter name -> the base NCPoly it is a power of
        self.fld = ctx.field
        self.alphabet = ctx.alphabet
        self.induction = induction
        self.bound: dict = {}          # claim object -> letter name
        self.inverses: dict = {}       # inverse letter name -> NCPoly it inverts (granted)
        self.block_inverses: list = []  # (rows, cols, blocks, letters) of each block matrix inverted (granted)
        self.claim_denominators: list = []   # field elements the claim divides by
        self.roots_used: set = set()         # symbols x replaced by s² (the checker must see x >= 0)
        self.extra_grants: list = []         # (poly, reason): what translated constructs grant (Penrose equations)
        self.determinants = None             # DetChecker, made on the first determinant

    # -- scalars ---------------------------------------------------------------
    def scalar(self, expr):
        """A scalar of the claim as an element of the certificate's field (symbols, roots, atoms, arithmetic)."""
        expr = sympy.sympify(expr)
        if expr.is_Rational:
            return self.fld.from_rational(expr)
        if isinstance(expr, sympy.Symbol):
            if expr.name in self.ctx.roots and expr not in self.fld.symbols:
                self.roots_used.add(expr)
                return self.ctx.roots[expr.name][1] ** 2
            if expr not in self.fld.symbols:
                raise Rejected(f"the scalar {expr} of the claim is not a generator of the certificate")
            if expr in self.ctx.atom_symbols:  # an atom stands for a trace, determinant, ...: never for a claim symbol
                raise Rejected(f"the scalar {expr} of the claim is declared an atom by the certificate")
            return self.fld.gen(expr)
        if expr.is_Add or expr.is_Mul:
            parts = [self.scalar(a) for a in expr.args]
            out = parts[0]
            for p in parts[1:]:
                out = out + p if expr.is_Add else out * p
            return out
        if expr.is_Pow and expr.exp.is_Integer:
            base = self.scalar(expr.base)
            if expr.exp < 0:
                if base == 0:
                    raise Rejected("the claim divides by zero")
                self.claim_denominators.append(base)
            return base ** int(expr.exp)
        if isinstance(expr, Determinant):
            if self.determinants is None:
                self.determinants = DetChecker(self)
            return self.determinants.value_of(expr.arg)
        if isinstance(expr, Trace):
            out = self.fld.zero
            for block in self.trace_blocks(expr.arg):
                out = out + self.trace_value(block)
            return out
        if isinstance(expr, sympy.Sum):   # Σᵢ M[i, i] = tr M (`diagonal_sums`)
            traces = as_traces(expr)
            if traces is None:
                raise Rejected(f"the sum {sympy.sstr(expr)[:80]} is not a sum of diagonal entries")
            return self.scalar(traces)
        if isinstance(expr, MatrixExpr) and tuple(expr.shape) == (1, 1):
            return self.trace_value(self.poly(expr))
        if expr.is_Pow and expr.exp.is_Rational and expr.exp.q == 2 and isinstance(expr.base, sympy.Symbol) \
                and expr.base.name in self.ctx.roots and expr.base not in self.fld.symbols:
            self.roots_used.add(expr.base)
            root = self.ctx.roots[expr.base.name][1]
            if expr.exp < 0:
                self.claim_denominators.append(root)
            return root ** int(expr.exp.p)
        if isinstance(expr, sympy.log):
            parts = log_of_exponentials(expr.args[0])
            if parts is not None:
                out = self.fld.zero
                for e, a in parts:
                    out = out + self.scalar(e) * self.scalar(a)
                return out
        if isinstance(expr, sympy.NumberSymbol):  # π, e, ...: the certificate's atom of that name with no arguments
            return self._function_atom(str(expr), [], expr)
        if isinstance(expr, sympy.Function) and not expr.args:  # f() would share π's atom if named pi
            raise Rejected(f"the scalar {expr} is a function of no arguments")
        if isinstance(expr, sympy.Function) or (expr.is_Pow and expr.exp.is_Rational):
            return self.function_value(expr)
        if expr.is_Pow and not expr.exp.is_number:
            return self.symbolic_power(expr)
        raise Rejected(f"the scalar {expr} is not a rational function of the certificate's generators")

    def symbolic_power(self, expr):
        """b^(m·k + c) = g^m · b^c for the certificate's `pow_k` atom g = bᵏ (k a natural number, c ≥ 0)."""
        symbolic, shift = self._exponent(expr.exp)
        times, unit = symbolic.as_coeff_Mul()
        if not (isinstance(unit, sympy.Symbol) and times.is_Integer and times > 0):
            raise Rejected(f"the scalar {expr}: its exponent is not a multiple of one natural-number symbol")
        g = self._function_atom(f"pow_{unit.name}", [expr.base], expr)
        return g ** int(times) * self.scalar(expr.base) ** shift

    def trace_blocks(self, expr) -> list:
        """The blocks whose traces add up to tr(expr): the matrix itself, or a block matrix's diagonal blocks."""
        g = self.grid(expr)
        return diagonal_blocks(g.rows, g.cols, g.blocks)

    def function_value(self, expr):
        """f(args) as the certificate's function atom for f and these arguments (an indeterminate)."""
        if expr.is_Pow:
            q = expr.exp.q
            if q == 2:  # √(g²) = g for a Gram trace atom g = tr(u·uᵀ) ≥ 0 (the checker's own is_gram_atom)
                value = self.scalar(expr.base)
                for word, (sym, g) in self.ctx.atoms.items():
                    if value == g * g and self.ctx.is_gram_atom(sym):
                        return g ** int(expr.exp.p)
                pulled = self._squares_out_of_root(self._without_inverse_pairs(value), expr)
                if pulled is not None:
                    return pulled ** int(expr.exp.p)
            name, args = ("sqrt" if q == 2 else f"root{q}"), [expr.base]
            root = self._function_atom(name, args, expr)
            return root ** int(expr.exp.p)
        return self._function_atom(function_atom_name(expr), list(expr.args), expr)  # Function("exp") is not exp

    def _squares_out_of_root(self, value, expr):
        """√(u·g²ᵏ/h²ˡ) = √u·|g|ᵏ/|h|ˡ (true wherever both sides are real) for the real generators g, h whose even
        powers divide every term of the reduced numerator (g) or denominator (h): the claim's scalar symbols and
        dimensions, trace atoms and det atoms (never a function atom); √u and each |g| the certificate's atoms.
        None when no such square divides, or more than MAX_ROOT_SQUARES of one would leave (the prover's bound)."""
        numer, denom = value.numer, value.denom
        function_atoms = self.ctx.atom_symbols - {sym for sym, _ in self.ctx.atoms.values()} \
            - {sym for sym, _, _ in self.ctx.dets}
        pulled = {}
        for poly, sign in ((numer, 1), (denom, -1)):
            monoms = poly.monoms() if poly else []
            for i, sym in enumerate(self.fld.symbols):
                if not monoms or sym in function_atoms:
                    continue
                least = min(m[i] for m in monoms)
                if least >= 2:
                    pulled[i] = pulled.get(i, 0) + sign * (least // 2)
        pulled = {i: k for i, k in pulled.items() if k}
        if not pulled or any(abs(k) > MAX_ROOT_SQUARES for k in pulled.values()):
            return None
        rest, out = value, self.fld.one
        for i, k in pulled.items():
            g = self.fld.gen(self.fld.symbols[i])
            rest = rest / g ** (2 * k)
            out = out * self._function_atom_of("Abs", [g], expr) ** k
        return self._function_atom_of("sqrt", [rest], expr) * out

    def _function_atom(self, name: str, args: list, expr):
        return self._function_atom_of(name, [self._without_inverse_pairs(self.scalar(a)) for a in args], expr)

    def _function_atom_of(self, name: str, values: list, expr):
        """The certificate's atom for f(values) (field values of the arguments)."""
        for sym, value, fname, fargs in self.ctx.functions:
            if fname == name and len(fargs) == len(values) and all(x == y for x, y in zip(fargs, values)):
                return value
        if name == "exp" and len(values) == 1:  # exp(u) = 1/exp(-u) for every u (exp is never 0)
            for sym, value, fname, fargs in self.ctx.functions:
                if fname == "exp" and len(fargs) == 1 and fargs[0] == -values[0]:
                    return self.fld.one / value
        raise Rejected(f"the certificate has no atom for {sympy.sstr(expr)[:120]}")

    def _without_inverse_pairs(self, value):
        """The value with every trace atom whose word has an adjacent pair X·Z or Z·X, Z an inverse letter the claim
        binds to the letter X (X·Z = Z·X = I), written as the trace of the word without the pair."""
        pairs = set()
        for z, base in self.inverses.items():
            if len(base.terms) == 1:
                (word, c), = base.terms.items()
                if len(word) == 1 and c == self.fld.one:
                    pairs |= {(word[0], z), (z, word[0])}
        if not pairs:
            return value
        expr = self.fld.as_expr(value)
        mapping = {}
        for word, (sym, _) in self.ctx.atoms.items():
            if sym not in expr.free_symbols:
                continue
            w = cancel_pairs(word, pairs)
            if len(w) < len(word):
                v = self.alphabet[word[0]].rows
                mapping[sym] = self.fld.as_expr(self.trace_value(NCPoly(v, v, {tuple(w): self.fld.one})))
        if not mapping:
            return value
        return self.fld.K.from_sympy(expr.xreplace(mapping))

    def trace_value(self, p: NCPoly):
        """tr(p) as a field element, every closed word being one of the certificate's trace atoms."""
        tr = Traces(self).trace(p)
        if any(m for m in tr):
            raise Rejected("a trace used as a coefficient is not one of the certificate's trace atoms")
        return tr.get((), self.fld.zero)

    # -- letters -----------------------------------------------------------------
    def _letter(self, kind: str, meaning) -> str:
        if meaning in self.bound:
            return self.bound[meaning]
        for let in self.alphabet.letters.values():
            if let.kind == kind and let.meaning is not None and _read(let.meaning, f"meaning of {let.name}") == meaning:
                self.bound[meaning] = let.name
                return let.name
        raise Rejected(f"the certificate has no {kind} letter for {sympy.sstr(meaning)}")

    def symbol(self, sym: MatrixSymbol) -> NCPoly:
        """The letter bound to a matrix symbol, its shape and transpose checked."""
        name = self._letter("symbol", sym)
        let, t = self.alphabet[name], self.alphabet[self.alphabet[name].transpose]
        if let.rows != Dim.of(sym.shape[0]) or let.cols != Dim.of(sym.shape[1]):
            raise Rejected(f"letter {name} does not have the shape of {sym}")
        if t.name == name:  # its own transpose: only for a matrix the assumptions make symmetric
            if sym not in self.symmetric:
                raise Rejected(f"letter {name} is declared its own transpose, but {sym} is not assumed symmetric")
        elif t.kind != "transpose" or t.meaning is None or _read(t.meaning, f"meaning of {t.name}") != Transpose(sym):
            raise Rejected(f"letter {name}: its transpose letter {t.name} does not mean {sym}.T")
        return self.alphabet.letter_poly(name, self.fld)

    def inverse(self, p: NCPoly) -> NCPoly:
        """The inverse letter whose `inverse_of` is exactly p (granted: p·Z = Z·p = I)."""
        if p.rows != p.cols:
            raise Rejected("the inverse of a non-square matrix")
        kron = kron_inverse(self, p)
        if kron is not None:  # (A ⊗ B)⁻¹ = A⁻¹ ⊗ B⁻¹
            return kron
        if self.induction and not self.induction.monotone_inverses and \
                any(self.alphabet[n].kind == "opaque" for w in p.terms for n in w):
            raise Rejected("an inverse depending on the induction variable")
        for let in self.alphabet.letters.values():
            if let.kind == "inverse" and let.inverse_of is not None and let.inverse_of.equals(p):
                self._check_inverse_transpose(let)
                self.inverses[let.name] = p
                t = self.alphabet[let.transpose]
                self.inverses[t.name] = self.alphabet.transpose(p)
                return self.alphabet.letter_poly(let.name, self.fld)
        raise Rejected(f"the certificate has no inverse letter for ({p.show(self.fld)})^-1")

    def block_inverse(self, g: "Grid") -> "Grid":
        """(M)⁻¹ of a block matrix as the certificate's grid of letters (`blocks`), granted M·Z = Z·M = I."""
        if self.induction and not self.induction.monotone_inverses and \
                any(self.alphabet[n].kind == "opaque" for row in g.blocks for b in row for w in b.terms for n in w):
            raise Rejected("an inverse depending on the induction variable")
        letters = bind_block_inverse(self.ctx, g.rows, g.cols, g.blocks)
        self.block_inverses.append((g.rows, g.cols, g.blocks, letters))
        return Grid(list(g.cols), list(g.rows), [[self.alphabet.letter_poly(n, self.fld) for n in row]
                                                 for row in letters])

    def _check_inverse_transpose(self, let: Letter) -> None:
        if let.rows != let.inverse_of.rows or let.cols != let.inverse_of.cols:
            raise Rejected(f"inverse letter {let.name} does not have the shape of what it inverts")
        pt = self.alphabet.transpose(let.inverse_of)
        t = self.alphabet[let.transpose]
        if t.name == let.name:
            if not pt.equals(let.inverse_of):
                raise Rejected(f"inverse letter {let.name} is declared its own transpose, but what it "
                               "inverts is not symmetric")
        elif t.kind != "inverse" or t.inverse_of is None or not t.inverse_of.equals(pt):
            raise Rejected(f"the transpose {t.name} of inverse letter {let.name} is not the inverse of the transpose")

    def _exponent(self, exp) -> tuple:
        """exp = E + c: E the symbolic part (a natural number for every allowed value), c >= 0 an integer."""
        exp = sympy.expand(exp)
        c = exp.as_coeff_Add()[0] if exp.is_Add else sympy.S.Zero
        symbolic = sympy.expand(exp - c)
        if self.induction is not None:
            g, unit = symbolic.as_coeff_Mul()
            if unit != self.induction.variable or not (g.is_Integer and g > 0):  # B**(g·k) = (B**k)**g
                raise Rejected(f"power with exponent {exp} in an induction step on {self.induction.variable}")
        else:
            coeff, factors = symbolic.as_coeff_mul()
            if not (coeff.is_Integer and coeff > 0 and factors and all(
                    isinstance(f, sympy.Symbol) and (self.least_integer(f) is not None and self.least_integer(f) >= 0)
                    for f in factors)):
                raise Rejected(f"power with exponent {exp}: not a natural number for every allowed value")
        if not (c.is_Integer and c >= 0):
            raise Rejected(f"power with exponent {exp}: a negative shift")
        return symbolic, int(c)

    def _power_letter(self, base: NCPoly, exponent) -> str | None:
        """The opaque letter whose meaning is M**exponent with M translating to `base` (compared as polynomials)."""
        for let in self.alphabet.letters.values():
            if let.kind != "opaque" or let.meaning is None:
                continue
            meaning = _read(let.meaning, f"meaning of {let.name}")
            if isinstance(meaning, MatPow) and sympy.expand(meaning.args[1] - exponent) == 0:
                try:
                    if self.poly(meaning.args[0]).equals(base):
                        return let.name
                except Rejected:
                    continue
        return None

    def _power_letter_t(self, t: Letter, base_t: NCPoly) -> bool:
        """Whether letter t, meaning Transpose(M**E), has M translating to the transpose of the base."""
        inner = _read(t.meaning, f"meaning of {t.name}").arg
        try:
            return isinstance(inner, MatPow) and self.alphabet.transpose(self.poly(inner.args[0])).equals(base_t)
        except Rejected:
            return False

    def power(self, base_expr, exp) -> NCPoly:
        """B**(E + c) = P·B**c for the opaque letter P = B**E (or Pᵀ for P = (Bᵀ)**E), which commutes with B."""
        symbolic, shift = self._exponent(exp)
        base = self.poly(base_expr)
        times, unit = symbolic.as_coeff_Mul()
        name = self._power_letter(base, symbolic)  # B**(g·E) = (B**E)**g: the letter may stand for B**E
        if name is not None:
            times = 1
        else:
            name = self._power_letter(base, unit)
        flipped = False
        if name is None:  # B**E = ((Bᵀ)**E)ᵀ for a natural number E: the transpose of a letter for (Bᵀ)**E
            base = self.alphabet.transpose(base)
            times, unit = symbolic.as_coeff_Mul()
            name = self._power_letter(base, symbolic)
            if name is not None:
                times = 1
            else:
                name = self._power_letter(base, unit)
            flipped = name is not None
            base = self.alphabet.transpose(base) if name is None else base
        if name is None:
            raise Rejected(f"the certificate has no power letter for ({base.show(self.fld)})**{symbolic}")
        let, t = self.alphabet[name], self.alphabet[self.alphabet[name].transpose]
        if let.rows != base.rows or let.cols != base.cols:
            raise Rejected(f"power letter {name} does not have the shape of its base")
        base_t = self.alphabet.transpose(base)
        if t.name == name and not base_t.equals(base):
            raise Rejected(f"power letter {name} is declared its own transpose, but its base is not symmetric")
        if t.name != name and (t.kind != "opaque" or t.meaning is None or not isinstance(
                _read(t.meaning, f"meaning of {t.name}"), Transpose) or self._power_letter_t(t, base_t) is False):
            raise Rejected(f"the transpose {t.name} of power letter {name} does not mean its transpose")
        self.powers[name] = base
        self.powers[t.name] = base_t
        letter = self.alphabet.letter_poly(t.name if flipped else name, self.fld)
        out = letter
        for _ in range(int(times) - 1):
            out = out.mul(letter)
        for _ in range(shift):
            out = out.mul(base_t if flipped else base)
        return out

    # -- matrices ----------------------------------------------------------------
    def grid(self, expr) -> Grid:
        """A matrix expression of the claim as a block grid of polynomials."""
        rule = MATRIX_RULES.get(type(expr))
        if rule is None:
            raise Rejected(f"{type(expr).__name__} is outside what the checker translates")
        return rule(self, expr)

    def poly(self, expr) -> NCPoly:
        """A matrix expression of the claim that is not a block matrix, as one polynomial."""
        return self.grid(expr).poly()

    def transpose_grid(self, g: Grid) -> Grid:
        """The transpose of a grid: blocks transposed and moved across the diagonal."""
        return Grid(g.cols, g.rows, [[self.alphabet.transpose(g.blocks[i][j]) for i in range(len(g.rows))]
                                     for j in range(len(g.cols))])

    def scale_grid(self, g: Grid, c) -> Grid:
        """c times every block."""
        return Grid(g.rows, g.cols, [[b.scale(c) for b in row] for row in g.blocks])

    def difference(self, lhs, rhs) -> Grid:
        """lhs − rhs as a grid."""
        return grid_add(self.grid(lhs), self.grid(rhs), self.fld, -1)


def _structured_normal(t: CheckerTranslator, g: Grid) -> Grid:
    if t.ctx.structures is None:
        return g
    return Grid(g.rows, g.cols, [[t.ctx.structures.normal_poly(b) for b in row] for row in g.blocks])


def _mul(t: CheckerTranslator, expr) -> Grid:
    """A flat product read by `model.products` (a typing rule, no prover code) on the checker's own grids:
    its 1×1 groups are scalars (trace atoms of the certificate), the other factors chain."""
    grids: dict = {}

    def grid(factor) -> Grid:
        if factor not in grids:
            grids[factor] = t.grid(factor)
        return grids[factor]

    def shape(factor) -> tuple:
        g = grid(factor)
        return sympy.Add(*[d.expr for d in g.rows]), sympy.Add(*[d.expr for d in g.cols])

    try:
        reading = read_product(expr.args, shape)
    except AmbiguousOrIllTyped as exc:
        raise Rejected(f"the product {sympy.sstr(expr)} is not well typed: {exc}") from None
    coeff = t.fld.one
    for c in reading.coefficient:
        coeff = coeff * t.scalar(c)
    for group in reading.groups:
        coeff = coeff * t.trace_value(t.poly(group_expr(group)))
    out = None
    for factor in reading.chain:
        out = grid(factor) if out is None else grid_mul(out, grid(factor), t.fld)
    if out is None:  # a product of 1×1 groups
        out = Grid.single(identity(Dim.of(1), t.fld))
    return _structured_normal(t, t.scale_grid(out, coeff))


def _add(t: CheckerTranslator, expr) -> Grid:
    out = None
    for arg in expr.args:
        g = t.grid(arg)
        out = g if out is None else grid_add(out, g, t.fld)
    return out


def _pow(t: CheckerTranslator, expr) -> Grid:
    base, exp = expr.args
    if not exp.is_Integer:
        if exp.could_extract_minus_sign():   # B**-E = (B**E)⁻¹ for a natural E
            return _invert(t, Grid.single(t.power(base, -exp)))
        if isinstance(base, (BlockMatrix, BlockDiagMatrix)):   # diag(A, D)**E = diag(A**E, D**E)
            return _block_diagonal_power(t, base, exp)
        return Grid.single(t.power(base, exp))
    g = _invert(t, t.grid(base)) if exp < 0 else t.grid(base)
    if exp == 0:
        p = t.poly(base)
        return Grid.single(identity(p.rows, t.fld))
    out = g
    for _ in range(abs(int(exp)) - 1):
        out = grid_mul(out, g, t.fld)
    return out


def _block_diagonal_power(t: CheckerTranslator, base, exp) -> Grid:
    """The power of a block matrix whose off-diagonal blocks are 0 and diagonal blocks square, block by block."""
    g = t.grid(base)
    n = len(g.rows)
    if n != len(g.cols) or any(g.rows[i] != g.cols[i] for i in range(n)) or any(
            not g.blocks[i][j].is_zero() for i in range(n) for j in range(n) if i != j):
        raise Rejected("a symbolic power of a block matrix that is not block diagonal with square blocks")
    return Grid(g.rows, g.cols, [[t.power(base.blocks[i, i], exp) if i == j else zero(g.rows[i], g.cols[j])
                                  for j in range(n)] for i in range(n)])


def _inverse(t: CheckerTranslator, expr) -> Grid:
    return _invert(t, t.grid(expr.arg))


def _invert(t: CheckerTranslator, g: Grid) -> Grid:
    """The inverse of a plain matrix (one letter) or of a block matrix (a grid of letters)."""
    if len(g.rows) == 1 and len(g.cols) == 1:
        return Grid.single(t.inverse(g.poly()))
    return t.block_inverse(g)


def _block(t: CheckerTranslator, expr) -> Grid:
    b = expr.blocks
    polys = [[t.poly(b[i, j]) for j in range(b.cols)] for i in range(b.rows)]
    rows, cols = [polys[i][0].rows for i in range(b.rows)], [polys[0][j].cols for j in range(b.cols)]
    for i in range(b.rows):
        for j in range(b.cols):
            if polys[i][j].rows != rows[i] or polys[i][j].cols != cols[j]:
                raise Rejected("blocks of a block matrix do not line up")
    return Grid(rows, cols, polys)


MATRIX_RULES = {
    MatrixSymbol: lambda t, e: Grid.single(t.symbol(e)),
    Identity: lambda t, e: Grid.single(identity(Dim.of(e.rows), t.fld)),
    ZeroMatrix: lambda t, e: Grid.single(zero(Dim.of(e.rows), Dim.of(e.cols))),
    Transpose: lambda t, e: t.transpose_grid(t.grid(e.arg)),
    Inverse: _inverse,
    MatMul: _mul,
    MatAdd: _add,
    MatPow: _pow,
    BlockMatrix: _block,
    **{cls: (lambda rule: lambda t, e: Grid.single(rule(t, e)))(rule) for cls, rule in STRUCTURED_RULES.items()},
    BlockDiagMatrix: _block,
}


# ---------------------------------------------------------------------------
# What the assumptions grant
# ---------------------------------------------------------------------------


def _square(t: CheckerTranslator, arg) -> NCPoly | None:
    if not isinstance(arg, MatrixExpr):
        return None
    p = t.poly(arg)
    return p if p.rows == p.cols else None


def _symmetric(t: CheckerTranslator, arg, others) -> list:
    p = _square(t, arg)
    return [t.alphabet.transpose(p).sub(p)] if p is not None else []


def _orthogonal(t: CheckerTranslator, arg, others) -> list:
    p = _square(t, arg)
    if p is None:
        return []
    pt, one = t.alphabet.transpose(p), identity(p.rows, t.fld)
    return [pt.mul(p).sub(one), p.mul(pt).sub(one)]


def _diagonal(t: CheckerTranslator, arg, others) -> list:
    p = _square(t, arg)
    if p is None:
        return []
    out = [t.alphabet.transpose(p).sub(p)]
    for other in others:  # diagonal matrices of one size commute
        q = _square(t, other)
        if q is not None and other != arg and q.rows == p.rows:
            out.append(p.mul(q).sub(q.mul(p)))
    return out


def _invertible(t: CheckerTranslator, arg, others) -> list:
    p = _square(t, arg)
    if p is not None:
        t.inverse(p)  # binds (and so grants) the inverse letter when the certificate has one
    return []


# predicate -> rule(translator, argument, the other arguments of the same predicate) -> polynomials that are 0
# (positive definite: invertible; its symmetry is its letter being its own transpose, see view.py)
GRANTS = {"symmetric": _symmetric, "orthogonal": _orthogonal, "unitary": _orthogonal,
          "diagonal": _diagonal, "invertible": _invertible, "positive_definite": _invertible}


def granted(t: CheckerTranslator, predicates: list, relations: list) -> list:
    """Every polynomial the assumptions make 0 (not yet closed under transposition)."""
    out = []
    for name, args in predicates:
        rule = GRANTS.get(name)
        if rule is None or not args or not isinstance(args[0], MatrixExpr):
            continue
        try:
            out.extend(rule(t, args[0], [a[0] for n, a in predicates if n == name and a]))
        except Rejected:
            continue  # an assumption the certificate has no letters for grants nothing
    for rel in relations:
        if isinstance(rel, sympy.Eq) and (isinstance(rel.lhs, MatrixExpr) or isinstance(rel.rhs, MatrixExpr)):
            try:
                diff = t.difference(rel.lhs, rel.rhs)
            except Rejected:
                continue
            out.extend(b for row in diff.blocks for b in row if not b.is_zero())
    out.extend(gram_zero_grants(t, relations))   # WᵀW = 0 or ‖W‖ = 0 grants W = 0
    return out


def inverse_relations(t: CheckerTranslator) -> list:
    """P·Z − I and Z·P − I for every inverse letter the claim binds."""
    out = []
    for name, p in t.inverses.items():
        z, one = t.alphabet.letter_poly(name, t.fld), identity(p.rows, t.fld)
        out += [p.mul(z).sub(one), z.mul(p).sub(one)]
    for rows, cols, blocks, letters in t.block_inverses:
        out += block_inverse_relations(t.fld, t.alphabet, rows, cols, blocks, letters)
    return out


class Granted:
    """A set of polynomials closed under transposition and sign, looked up by exact equality."""

    def __init__(self, alphabet: Alphabet, normal=lambda p: p):
        self.alphabet = alphabet
        self.normal = normal
        self.index: dict = {}

    def add(self, p: NCPoly, reason: str) -> None:
        """Grant p = 0 (and its transpose, either sign), with the reason."""
        for q in (p, self.alphabet.transpose(p)):
            q = self.normal(q)
            for r in (q, q.scale(-1)):
                self.index.setdefault(r.shape_key(), []).append((r, reason))

    def reason(self, p: NCPoly) -> str | None:
        """Why p = 0 is granted, or None when it is not."""
        p = self.normal(p)
        for q, why in self.index.get(p.shape_key(), []):
            if q.equals(p):
                return why
        return None


__all__ = ["Context", "CheckerTranslator", "Grid", "Granted", "Induction", "granted", "inverse_relations",

           "grid_add", "GRANTS"]
