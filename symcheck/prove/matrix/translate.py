"""From SymPy matrix expressions to typed polynomials: the matrix prover's translator.

Owns the dictionary between the two worlds (`MatrixTranslator`):

* letters: each MatrixSymbol X gets a letter X and a letter X^T (transposes are
  pushed to the leaves, (AB)ᵀ = BᵀAᵀ); each inverse (P)⁻¹ gets a letter Z with the
  premises P·Z − I and Z·P − I (its transpose is the inverse of Pᵀ, the same
  letter when Pᵀ = P as polynomials);
* scalars: central coefficients in ℚ(scalar symbols, dimensions); √x of a
  nonnegative symbol x becomes a generator s with x = s²; traces, 1×1 matrix
  factors and scalar functions of them become atoms (`atoms`), determinants are
  reduced by their rules to det atoms (`determinants`); a product is read
  as the shape checker reads it (`model.products`): its 1×1 groups are scalars;
* block matrices: a `Grid` of polynomials multiplied blockwise (`grid`);
* matrix expressions: `GRID_RULES`, a read-only table built once here from this module's
  rules and those of the pseudo-inverse (`pinv`) and the structured letters (`structured`:
  Kronecker and Hadamard products, diagonals, vec, J, element-wise functions); Bᵏ for a
  power variable k (`powers`).

What the assumptions grant is `assumptions`. Anything outside this vocabulary raises
`OutsideMatrixProver`, so the engine can step aside.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Mapping

import sympy
from sympy.matrices.expressions import (
    BlockDiagMatrix, BlockMatrix, Determinant, Identity, Inverse, MatAdd, MatMul, MatPow, MatrixExpr, MatrixSymbol,
    Trace,
    Transpose, ZeroMatrix,
)

from ...model.function_names import function_atom_name
from ...model.problem import Problem
from ...model.products import group_expr
from ...model.shapes import IllTyped, product_reading
from .assumed_traces import assume_trace_values
from .atoms import AtomTable
from .blocks import block_inverse_grid, grid_trace_blocks
from .determinants import Determinants
from .diagonal_sums import diagonal_sum_as_traces
from .errors import OutsideMatrixProver
from .grid import Grid, add_grids, multiply_grids
from .ncalg import Alphabet, Letter, NCPoly, RatFunc, ScalarField, TypeMismatch, cancel_pairs, dim_key
from .pinv import PSEUDO_INVERSE_GRID_RULES
from .structured import STRUCTURED_GRID_RULES, kron_inverse
from .powers import natural_exponent_symbols, power_variable, split_exponent
from .premise import Premise


# Predicates that make a square matrix symbol its own transpose.
SELF_TRANSPOSE = ("symmetric", "diagonal", "positive_definite")
# Scalars that bind variables or need another engine: never an opaque atom.
SCALAR_REFUSED = (sympy.Derivative, sympy.Limit, sympy.Integral, sympy.Piecewise)
# Functions known to be real on the reals where defined, with the sign of their value.
FUNCTION_ASSUMPTIONS = {"exp": {"positive": True}, "Abs": {"nonnegative": True},
                        "Heaviside": {"nonnegative": True}}


@dataclass
class MatrixTranslator:
    """Translates one claim: its letters, premises, coefficient field and atoms, built on first use."""
    problem: Problem
    alphabet: Alphabet = field(default_factory=Alphabet)
    premises: list = field(default_factory=list)         # Premise: what the letters grant
    inverse_of: dict = field(default_factory=dict)       # poly key -> letter index
    inverse_poly: dict = field(default_factory=dict)     # letter index -> NCPoly it inverts
    symbol_letter: dict = field(default_factory=dict)    # MatrixSymbol -> letter index
    sqrt_symbols: dict = field(default_factory=dict)     # x -> s with x = s**2
    notes: list = field(default_factory=list)
    induction_var: sympy.Symbol | None = None            # powers M**(k + c) allowed for this k
    power_vars: frozenset = frozenset()                   # with no single k: each natural exponent symbol
    power_of: dict = field(default_factory=dict)         # ("power", base key, k) -> letter index
    power_base: dict = field(default_factory=dict)       # letter index -> base NCPoly
    atom_roots: frozenset = frozenset()                  # Gram traces written s² (see `atoms`)
    pinv_of: dict = field(default_factory=dict)          # poly key -> pseudo-inverse letter (`pinv`)
    pinv_poly: dict = field(default_factory=dict)        # pseudo-inverse letter -> NCPoly it pseudo-inverts
    block_inverses: dict = field(default_factory=dict)   # grid key -> blocks.BlockInverse (letters of M⁻¹)

    def __post_init__(self) -> None:
        self._find_square_roots()
        gens = set(self.problem.scalar_symbols) | set(self.problem.dims)
        gens = {self.sqrt_symbols.get(g, g) for g in gens} | set(self.sqrt_symbols.values())
        self.field = ScalarField(sorted(gens, key=sympy.default_sort_key))
        self.atoms = AtomTable(self.alphabet, self.field, self.atom_roots)
        self.determinants = Determinants(self)
        self._inverse_count = 0
        if self.induction_var is None:
            self.induction_var = power_variable(self.problem)
        if self.induction_var is None:
            self.power_vars = natural_exponent_symbols(self.problem)
        self.assumed_traces = assume_trace_values(self)   # tr(w) = v assumed: the atom is v (`assumed_traces`)

    def exponent_var(self, exp) -> sympy.Symbol | None:
        """The power variable exp is written in: the one power variable, or (several in a direct proof) its symbol."""
        if self.induction_var is not None:
            return self.induction_var
        free = exp.free_symbols
        return next(iter(free)) if len(free) == 1 and free <= self.power_vars else None

    # -- scalars ---------------------------------------------------------------
    def _find_square_roots(self) -> None:
        exprs = [self.problem.lhs, self.problem.rhs] + list(self.problem.relations)
        exprs += [a for p in self.problem.predicates for a in p.args]
        for expr in exprs:
            for node in sympy.preorder_traversal(expr):
                if (isinstance(node, sympy.Pow) and node.exp == sympy.S.Half
                        and isinstance(node.base, sympy.Symbol) and node.base not in self.sqrt_symbols
                        and self.scalar_sign(node.base) in ("positive", "nonnegative")):
                    x = node.base
                    positive = self.scalar_sign(x) == "positive"
                    self.sqrt_symbols[x] = sympy.Symbol(f"sqrt_{x.name}", positive=positive or None,
                                                        nonnegative=True)

    def scalar_sign(self, sym: sympy.Symbol) -> str | None:
        """'positive' / 'nonnegative' when the symbol or the assumptions say so."""
        if sym.is_positive:
            return "positive"
        for p in self.problem.predicates:
            if p.args and p.args[0] == sym and p.name in ("positive", "nonnegative"):
                return p.name
        for rel in self.problem.relations:
            if isinstance(rel, (sympy.StrictGreaterThan, sympy.GreaterThan)) and rel.lhs == sym and rel.rhs == 0:
                return "positive" if isinstance(rel, sympy.StrictGreaterThan) else "nonnegative"
            if isinstance(rel, (sympy.StrictLessThan, sympy.LessThan)) and rel.rhs == sym and rel.lhs == 0:
                return "positive" if isinstance(rel, sympy.StrictLessThan) else "nonnegative"
        if sym.is_nonnegative:
            return "nonnegative"
        return None

    def substitute_roots(self, expr: sympy.Expr) -> sympy.Expr:
        """The expression with each x that has a square-root generator s written s²."""
        if not self.sqrt_symbols:
            return expr
        return expr.xreplace({x: s ** 2 for x, s in self.sqrt_symbols.items()})

    def scalar(self, expr: sympy.Expr) -> RatFunc:
        """A scalar as a field value: rational in the scalars, with atoms for traces, 1×1 matrices, functions."""
        expr = sympy.sympify(expr)
        if expr.has(*SCALAR_REFUSED):
            raise OutsideMatrixProver(f"scalar {expr} is outside the prover's scalars")
        if not expr.has(MatrixExpr, sympy.Function, sympy.NumberSymbol) and all(
                not (isinstance(n, sympy.Pow) and not n.exp.is_Integer) or n.base in self.sqrt_symbols
                for n in sympy.preorder_traversal(expr)):
            try:
                return self.field.from_sympy(self.substitute_roots(expr))
            except (ValueError, KeyError, ZeroDivisionError) as exc:
                raise OutsideMatrixProver(f"scalar {expr}: {exc}") from exc
        return self._scalar(expr)

    def _scalar(self, expr) -> RatFunc:
        fld = self.field
        if isinstance(expr, Trace):
            out = fld.zero
            for block in grid_trace_blocks(self.grid(expr.arg)):
                out = out + self.atoms.trace_of(block)
            return out
        if isinstance(expr, Determinant):
            return self.determinants.of(self.grid(expr.arg))
        if isinstance(expr, MatrixExpr):
            poly = self.poly(expr)
            if not (poly.src == 1 and poly.dst == 1):
                raise OutsideMatrixProver(f"the {poly.src}×{poly.dst} matrix {expr} used as a scalar")
            return self.atoms.trace_of(poly)
        if isinstance(expr, sympy.Sum):   # Σᵢ M[i, i] = tr M (`diagonal_sums`)
            traces = diagonal_sum_as_traces(expr)
            if traces is None:
                raise OutsideMatrixProver(f"the sum {sympy.sstr(expr)} is not a sum of diagonal entries")
            return self._scalar(traces)
        if expr.is_Add or expr.is_Mul:
            parts = [self._scalar(a) for a in expr.args]
            out = parts[0]
            for p in parts[1:]:
                out = out + p if expr.is_Add else out * p
            return out
        if isinstance(expr, sympy.Pow):
            if expr.exp.is_Integer:
                base, k = self._scalar(expr.base), int(expr.exp)
                if k < 0:
                    if not base:
                        raise OutsideMatrixProver(f"{expr} divides by zero")
                    base, k = base.inverse(), -k
                out = fld.one
                for _ in range(k):
                    out = out * base
                return out
            if expr.exp.is_Rational:
                if expr.exp == sympy.S.Half and expr.base in self.sqrt_symbols:
                    return fld.gen(self.sqrt_symbols[expr.base])
                p, q = expr.exp.p, expr.exp.q
                root = self.atoms.function("sqrt" if q == 2 else f"root{q}",
                                           (self.without_inverse_pairs(self._scalar(expr.base)),))
                return self._scalar_power(root, p)
            return self._symbolic_scalar_power(expr)
        if isinstance(expr, sympy.Function) and expr.args and not expr.has(*SCALAR_REFUSED):
            name = function_atom_name(expr)  # a claim's own Function("exp") is not exp
            return self.atoms.function(name, tuple(self.without_inverse_pairs(self._scalar(a)) for a in expr.args),
                                       FUNCTION_ASSUMPTIONS.get(name))
        if expr.is_Rational:
            return fld.const(expr)
        if isinstance(expr, sympy.NumberSymbol):  # π, e, ...: a real constant, an opaque atom (no arguments)
            return self.atoms.function(str(expr), (), {"positive": True} if expr.is_positive else {"real": True})
        if expr in self.sqrt_symbols:
            s = fld.gen(self.sqrt_symbols[expr])
            return s * s
        if expr in fld.index:
            return fld.gen(expr)
        raise OutsideMatrixProver(f"scalar {expr} ({type(expr).__name__}) is not modelled by the matrix prover")

    def without_inverse_pairs(self, value: RatFunc) -> RatFunc:
        """The value with every trace atom whose word has an adjacent pair X·X⁻¹ or X⁻¹·X (X⁻¹ the inverse letter
        of the letter X) written as the trace of the word without the pair. A function atom is equal only to one
        with equal arguments, so tr(A·A⁻¹·B) in an argument must already be tr(B) there (the proof's reductions
        modulo X·X⁻¹ = I never reach inside an atom). The checker cancels the same pairs itself."""
        pairs = set()
        for z, base in self.inverse_poly.items():
            if len(base.terms) == 1:
                (word, c), = base.terms.items()
                if len(word) == 1 and c.is_one():
                    pairs |= {(word[0], z), (z, word[0])}
        if not pairs:
            return value
        expr = self.field.to_sympy(value)
        mapping = {}
        for sym in expr.free_symbols:
            info = self.atoms.by_symbol.get(sym)
            if info is None or info.kind != "trace":
                continue
            word = cancel_pairs(info.word, pairs)
            if word != tuple(info.word):
                mapping[sym] = self.field.to_sympy(self.atoms.trace(info.vertex, word))
        if not mapping:
            return value
        return self.field.from_sympy(expr.xreplace(mapping))

    def _symbolic_scalar_power(self, expr) -> RatFunc:
        """b^(m·k + c) = (b^k)^m · b^c with b^k an atom, for the power variable k (an integer ≥ 0)."""
        base = self._scalar(expr.base)
        var = self.exponent_var(expr.exp)
        split = split_exponent(expr.exp, var)
        if split is None:
            raise OutsideMatrixProver(f"power {expr} with exponent {expr.exp}")
        m, c = split
        atom = self.atoms.function(f"pow_{var}", (base,))
        return self._scalar_power(atom, m) * self._scalar_power(base, c)

    def _scalar_power(self, base: RatFunc, k: int) -> RatFunc:
        if k < 0:
            base, k = base.inverse(), -k
        out = self.field.one
        for _ in range(k):
            out = out * base
        return out

    # -- letters ---------------------------------------------------------------
    def unique_name(self, base: str) -> str:
        """A letter name not taken yet, from `base` (base, base_2, ...)."""
        name, k = base, 1
        while name in self.alphabet.by_name:
            k += 1
            name = f"{base}_{k}"
        return name

    def letter_for_symbol(self, sym: MatrixSymbol) -> int:
        """The letter of a MatrixSymbol (and of its transpose), created on first use."""
        if sym in self.symbol_letter:
            return self.symbol_letter[sym]
        rows, cols = sym.shape
        if dim_key(rows) == dim_key(cols) and any(self.problem.has_predicate(p, sym) for p in SELF_TRANSPOSE):
            # Sᵀ = S is granted: one letter, its own transpose (the relation Sᵀ − S is then 0)
            a = self.alphabet.add(Letter(self.unique_name(sym.name), rows, cols, sym, "symbol",
                                         note=f"the matrix {sym.name} (symmetric, so its own transpose)"))
            self.symbol_letter[sym] = a
            return a
        a = self.alphabet.add(Letter(self.unique_name(sym.name), rows, cols, sym, "symbol",
                                     note=f"the matrix {sym.name}"))
        b = self.alphabet.add(Letter(self.unique_name(sym.name + "^T"), cols, rows, Transpose(sym),
                                     "transpose", note=f"the transpose of {sym.name}"))
        self.alphabet.link_transposes(a, b)
        self.symbol_letter[sym] = a
        return a

    def inverse_letter(self, poly: NCPoly, meaning: sympy.Basic) -> int:
        """The letter Z for poly⁻¹, created with its premises (and its transpose's) on first use."""
        if poly.src != poly.dst:
            raise OutsideMatrixProver("inverse of a non-square matrix")
        key = poly.key()
        if key in self.inverse_of:
            return self.inverse_of[key]
        polyT = poly.transpose(self.alphabet)
        symmetric = polyT.key() == key
        single = [w for w in poly.terms]
        base_name = None
        if len(single) == 1 and len(single[0]) == 1 and poly.terms[single[0]].is_one():
            base_name = self.alphabet[single[0][0]].name
        self._inverse_count += 1
        name = self.unique_name(f"{base_name}^-1" if base_name else f"Z{self._inverse_count}")
        shown = poly.show(self.alphabet)
        z = self.alphabet.add(Letter(name, poly.src, poly.dst, meaning, "inverse",
                                     note=f"the inverse of {shown}"))
        self.inverse_of[key] = z
        self.inverse_poly[z] = poly
        self._inverse_premises(z, poly)
        if not symmetric:
            tname = self.unique_name(name + "^T")
            zt = self.alphabet.add(Letter(tname, poly.src, poly.dst, Transpose(meaning), "inverse",
                                          note=f"the inverse of {polyT.show(self.alphabet)} (the transpose of {name})"))
            self.alphabet.link_transposes(z, zt)
            self.inverse_of[polyT.key()] = zt
            self.inverse_poly[zt] = polyT
            self._inverse_premises(zt, polyT)
        else:
            self.alphabet[z].note += " (symmetric, so its own transpose)"
        return z

    def power_letter(self, base: NCPoly, var: sympy.Symbol, meaning: sympy.Basic) -> int:
        """A letter P for base**var (var a nonnegative integer symbol), with P·base = base·P."""
        if base.src != base.dst:
            raise OutsideMatrixProver("power of a non-square matrix")
        key = ("power", base.key(), var)
        if key in self.power_of:
            return self.power_of[key]
        baseT = base.transpose(self.alphabet)
        name = self.unique_name(f"P{len(self.power_of) + 1}")
        p = self.alphabet.add(Letter(name, base.src, base.dst, meaning, "opaque",
                                     note=f"({base.show(self.alphabet)})^{var}"))
        self.power_of[key] = p
        self._power_premises(p, base, var)
        if baseT.key() != base.key():
            pt = self.alphabet.add(Letter(self.unique_name(name + "^T"), base.src, base.dst,
                                          Transpose(meaning), "opaque",
                                          note=f"({baseT.show(self.alphabet)})^{var}, the transpose of {name}"))
            self.alphabet.link_transposes(p, pt)
            self.power_of[("power", baseT.key(), var)] = pt
            self._power_premises(pt, baseT, var)
        return p

    def _power_premises(self, p: int, base: NCPoly, var) -> None:
        P = NCPoly.letter(self.alphabet, p, self.field)
        name = self.alphabet[p].name
        self.power_base[p] = base
        self.premises.append(Premise(base * P - P * base, "power-commutes",
                                          f"{name} = ({base.show(self.alphabet)})^{var} commutes with its base"))

    def _inverse_premises(self, z: int, poly: NCPoly) -> None:
        Z = NCPoly.letter(self.alphabet, z, self.field)
        one = NCPoly.identity(poly.src, self.field)
        name = self.alphabet[z].name
        self.premises.append(Premise(poly * Z - one, "inverse-right", f"inverse-right of {name}"))
        self.premises.append(Premise(Z * poly - one, "inverse-left", f"inverse-left of {name}"))

    # -- matrix expressions ------------------------------------------------------
    def grid(self, expr: sympy.Basic) -> Grid:
        """The value of a matrix expression as a grid, by the rule of GRID_RULES for its class."""
        for cls in type(expr).__mro__:
            rule = GRID_RULES.get(cls)
            if rule is not None:
                try:
                    return rule(self, expr)
                except TypeMismatch as exc:
                    raise OutsideMatrixProver(f"shapes do not match as polynomials in the dimensions: {exc}") from exc
        raise OutsideMatrixProver(f"{type(expr).__name__} is not modelled by the matrix prover")

    def poly(self, expr: sympy.Basic) -> NCPoly:
        """The value of a matrix expression that is not a block matrix."""
        return self.grid(expr).poly()

    def transpose_grid(self, g: Grid) -> Grid:
        """The transpose of a grid (blocks transposed and swapped)."""
        blocks = [[g.blocks[i][j].transpose(self.alphabet) for i in range(len(g.rows))]
                  for j in range(len(g.cols))]
        return Grid(g.cols, g.rows, blocks)

    def scale_grid(self, g: Grid, c: RatFunc) -> Grid:
        """c times every block of the grid."""
        return Grid(g.rows, g.cols, [[b.scale(c) for b in row] for row in g.blocks])


def _symbol_grid(t: MatrixTranslator, expr: MatrixSymbol) -> Grid:
    return Grid.single(NCPoly.letter(t.alphabet, t.letter_for_symbol(expr), t.field))


def _identity_grid(t: MatrixTranslator, expr: Identity) -> Grid:
    return Grid.single(NCPoly.identity(expr.rows, t.field))


def _zero_grid(t: MatrixTranslator, expr: ZeroMatrix) -> Grid:
    return Grid.single(NCPoly.zero(expr.rows, expr.cols))


def _transpose_grid(t: MatrixTranslator, expr: Transpose) -> Grid:
    return t.transpose_grid(t.grid(expr.arg))


def _inverse_grid(t: MatrixTranslator, expr: Inverse) -> Grid:
    g = t.grid(expr.arg)
    if not g.is_single():
        return block_inverse_grid(t, g, expr)
    poly = g.poly()
    kron = kron_inverse(t, poly)
    if kron is not None:
        return Grid.single(kron)
    return Grid.single(NCPoly.letter(t.alphabet, t.inverse_letter(poly, expr), t.field))


def _sum_grid(t: MatrixTranslator, expr: MatAdd) -> Grid:
    out = None
    for arg in expr.args:
        g = t.grid(arg)
        out = g if out is None else add_grids(out, g, t.field)
    return out


def _product_grid(t: MatrixTranslator, expr: MatMul) -> Grid:
    """The product as `model.products` reads it: its 1×1 groups are scalars (trace atoms), the rest chains."""
    try:
        reading = product_reading(expr, t.problem.layout)
    except IllTyped as exc:
        raise OutsideMatrixProver(f"ill-typed product: {exc}") from None
    coeff = t.field.one
    for c in reading.coefficient:
        coeff = coeff * t.scalar(c)
    for group in reading.groups:
        coeff = coeff * t.scalar(group_expr(group))
    out = None
    for factor in reading.chain:
        g = t.grid(factor)
        out = g if out is None else multiply_grids(out, g, t.field)
    if out is None:  # a product of 1×1 groups: a scalar times the 1×1 identity
        out = Grid.single(NCPoly.identity(sympy.S.One, t.field))
    out = t.scale_grid(out, coeff)
    return Grid(out.rows, out.cols, [[t.atoms.extract_loops(b) for b in row] for row in out.blocks])


def block_diagonal_parts(t: MatrixTranslator, base) -> list | None:
    """[(diagonal block expression, its polynomial)] for a block-diagonal BlockMatrix with square diagonal blocks."""
    if not isinstance(base, (BlockMatrix, BlockDiagMatrix)):
        return None
    g = t.grid(base)
    if g.is_single() or len(g.rows) != len(g.cols) or any(
            (g.blocks[i][j].src != g.blocks[i][j].dst) if i == j else not g.blocks[i][j].is_zero()
            for i in range(len(g.rows)) for j in range(len(g.cols))):
        return None
    return [(base.blocks[i, i], g.blocks[i][i]) for i in range(len(g.rows))]


def _power_grid(t: MatrixTranslator, expr: MatPow) -> Grid:
    base, exp = expr.args
    if not exp.is_Integer:
        var = t.exponent_var(exp)
        split = split_exponent(exp, var)
        if split is None and split_exponent(-exp, var) is not None:   # B^-(mk + c) = (B^(mk + c))⁻¹
            return _inverse_grid(t, Inverse(MatPow(base, -exp)))
        if split is None:
            raise OutsideMatrixProver(f"power with exponent {exp} (only m·k + c, m ≥ 1, c ≥ 0, for an integer k ≥ 0)")
        m, c = split
        diagonal = block_diagonal_parts(t, base)
        if diagonal is not None:   # diag(A, D)^k = diag(A^k, D^k)
            rows = [poly.src for _, poly in diagonal]
            letter = Grid(rows, rows, [[NCPoly.letter(t.alphabet, t.power_letter(poly, var, MatPow(block, var)),
                                                      t.field) if i == j else NCPoly.zero(rows[i], rows[j])
                                        for j in range(len(rows))] for i, (block, poly) in enumerate(diagonal)])
        else:
            letter = Grid.single(NCPoly.letter(t.alphabet, t.power_letter(t.poly(base), var, MatPow(base, var)),
                                               t.field))
        out = letter
        for _ in range(m - 1):
            out = multiply_grids(out, letter, t.field)
        return multiply_grids(out, t.grid(MatPow(base, c)), t.field) if c else out
    k = int(exp)
    if k < 0:
        g = _inverse_grid(t, Inverse(base))
        k = -k
    else:
        g = t.grid(base)
    rows = g.total()[0]
    out = Grid.single(NCPoly.identity(rows, t.field)) if not g.is_single() else None
    result = None
    for _ in range(k):
        result = g if result is None else multiply_grids(result, g, t.field)
    if result is None:
        return Grid.single(NCPoly.identity(rows, t.field)) if out is None else out
    return result


def _block_grid(t: MatrixTranslator, expr: BlockMatrix) -> Grid:
    blocks = expr.blocks
    grids = [[t.grid(blocks[i, j]) for j in range(blocks.cols)] for i in range(blocks.rows)]
    if not all(g.is_single() for row in grids for g in row):
        raise OutsideMatrixProver("nested block matrices")
    polys = [[g.poly() for g in row] for row in grids]
    rows = [polys[i][0].src for i in range(blocks.rows)]
    cols = [polys[0][j].dst for j in range(blocks.cols)]
    return Grid(rows, cols, polys)


BASE_GRID_RULES: Mapping[type, Callable] = MappingProxyType({
    MatrixSymbol: _symbol_grid,
    Identity: _identity_grid,
    ZeroMatrix: _zero_grid,
    Transpose: _transpose_grid,
    Inverse: _inverse_grid,
    MatAdd: _sum_grid,
    MatMul: _product_grid,
    MatPow: _power_grid,
    BlockMatrix: _block_grid,
})

GRID_RULES: Mapping[type, Callable] = MappingProxyType({**BASE_GRID_RULES, **PSEUDO_INVERSE_GRID_RULES,
                                                        **STRUCTURED_GRID_RULES})


def assign_ranks(alphabet: Alphabet) -> None:
    """Monomial order: symbols < their transposes < inverse letters (inner before outer)."""
    klass = {"symbol": 0, "transpose": 1, "opaque": 2, "pinv": 3, "inverse": 3}
    order = sorted(range(len(alphabet.letters)), key=lambda i: (klass.get(alphabet[i].kind, 4), i))
    for rank, i in enumerate(order):
        alphabet[i].rank = rank


__all__ = ["MatrixTranslator", "GRID_RULES", "BASE_GRID_RULES", "assign_ranks", "SELF_TRANSPOSE",
           "SCALAR_REFUSED", "FUNCTION_ASSUMPTIONS"]
