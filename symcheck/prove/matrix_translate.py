"""From SymPy matrix expressions and a Problem's assumptions to typed polynomials and hypotheses.

Owns the dictionary between the two worlds:

* letters: each MatrixSymbol X gets a letter X and a letter X^T (transposes are
  pushed to the leaves, (AB)ᵀ = BᵀAᵀ); each inverse (P)⁻¹ gets a letter Z with the
  hypotheses P·Z − I and Z·P − I (its transpose is the inverse of Pᵀ, the same
  letter when Pᵀ = P as polynomials);
* scalars: central coefficients in ℚ(scalar symbols, dimensions); √x of a
  nonnegative symbol x becomes a generator s with x = s²; traces, 1×1 matrix
  factors and scalar functions of them become atoms (matrix_atoms); a product is read
  as the shape checker reads it (`model.products`): its 1×1 groups are scalars;
* block matrices: a `Grid` of polynomials multiplied blockwise;
* assumptions: the table `PREDICATE_RULES` and `Eq` relations become hypotheses,
  each with a kind and an origin, closed under transposition.

Anything outside this vocabulary raises `Unsupported`, so the engine can step aside.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import sympy
from sympy.matrices.expressions import (
    BlockMatrix, Identity, Inverse, MatAdd, MatMul, MatPow, MatrixExpr, MatrixSymbol, Trace, Transpose,
    ZeroMatrix,
)

from ..model.problem import Problem
from ..model.products import group_expr
from ..model.shapes import IllTyped, product_reading
from .matrix_atoms import AtomTable
from .ncalg import Alphabet, Letter, NCPoly, RatFunc, ScalarField, TypeMismatch, dim_key


class Unsupported(Exception):
    """The expression uses something the noncommutative prover does not model."""


@dataclass
class Hypothesis:
    poly: NCPoly
    kind: str        # inverse-right, inverse-left, symmetric, orthogonal, diagonal, assumption, transpose
    origin: str      # human text: "inverse-right of Z1", "symmetric A", "assumption Eq(P*P, P)"


# ---------------------------------------------------------------------------
# Block grids: a matrix value is a grid of polynomials (a plain matrix is 1×1)
# ---------------------------------------------------------------------------


@dataclass
class Grid:
    rows: list           # row partition (dimension keys)
    cols: list           # column partition
    blocks: list         # blocks[i][j]: NCPoly of type rows[i] → cols[j]

    @classmethod
    def single(cls, poly: NCPoly) -> "Grid":
        return cls([poly.src], [poly.dst], [[poly]])

    def is_single(self) -> bool:
        return len(self.rows) == 1 and len(self.cols) == 1

    def poly(self) -> NCPoly:
        if not self.is_single():
            raise Unsupported("a block matrix is used where a single block is needed")
        return self.blocks[0][0]

    def total(self) -> tuple:
        return dim_key(sympy.Add(*self.rows)), dim_key(sympy.Add(*self.cols))


def _scalar_identity_coefficient(poly: NCPoly):
    """c when poly = c·I (or 0 with c = None meaning zero), else raise."""
    if not poly.terms:
        return None
    if poly.src == poly.dst and set(poly.terms) == {()}:
        return poly.terms[()]
    raise Unsupported("a general matrix would have to be split into blocks")


def _repartition(grid: Grid, rows: list, cols: list, fld: ScalarField) -> Grid:
    """Split a 1×1 grid holding c·I or 0 into the given partition."""
    if grid.rows == rows and grid.cols == cols:
        return grid
    if not grid.is_single():
        raise Unsupported("block partitions do not match")
    c = _scalar_identity_coefficient(grid.blocks[0][0])
    if c is not None and rows != cols:
        raise Unsupported("a multiple of the identity split into non-square blocks")
    blocks = [[NCPoly.identity(r, fld, c) if (c is not None and i == j) else NCPoly.zero(r, q)
               for j, q in enumerate(cols)] for i, r in enumerate(rows)]
    return Grid(list(rows), list(cols), blocks)


def _grid_add(a: Grid, b: Grid, fld: ScalarField) -> Grid:
    if a.rows != b.rows or a.cols != b.cols:
        if a.is_single():
            a = _repartition(a, b.rows, b.cols, fld)
        else:
            b = _repartition(b, a.rows, a.cols, fld)
    return Grid(a.rows, a.cols, [[x + y for x, y in zip(ra, rb)] for ra, rb in zip(a.blocks, b.blocks)])


def _grid_mul(a: Grid, b: Grid, fld: ScalarField) -> Grid:
    if a.cols != b.rows:
        if a.is_single() and len(b.rows) > 1:
            a = _repartition(a, b.rows, b.rows, fld)
        elif b.is_single() and len(a.cols) > 1:
            b = _repartition(b, a.cols, a.cols, fld)
        else:
            raise Unsupported("block partitions do not match in a product")
    blocks = []
    for i in range(len(a.rows)):
        row = []
        for j in range(len(b.cols)):
            acc = NCPoly.zero(a.rows[i], b.cols[j])
            for k in range(len(a.cols)):
                acc = acc + a.blocks[i][k] * b.blocks[k][j]
            row.append(acc)
        blocks.append(row)
    return Grid(a.rows, b.cols, blocks)


# ---------------------------------------------------------------------------
# The translator
# ---------------------------------------------------------------------------

# Predicates that make a square matrix symbol its own transpose.
SELF_TRANSPOSE = ("symmetric", "diagonal", "positive_definite")
# Scalars that bind variables or need another engine: never an opaque atom.
SCALAR_REFUSED = (sympy.Derivative, sympy.Limit, sympy.Integral, sympy.Piecewise)
# Functions known to be real on the reals where defined, with the sign of their value.
FUNCTION_ASSUMPTIONS = {"exp": {"positive": True}, "Abs": {"nonnegative": True},
                        "Heaviside": {"nonnegative": True}}


@dataclass
class Translator:
    problem: Problem
    alphabet: Alphabet = field(default_factory=Alphabet)
    hypotheses: list = field(default_factory=list)       # Hypothesis
    inverse_of: dict = field(default_factory=dict)       # poly key -> letter index
    inverse_poly: dict = field(default_factory=dict)     # letter index -> NCPoly it inverts
    symbol_letter: dict = field(default_factory=dict)    # MatrixSymbol -> letter index
    sqrt_symbols: dict = field(default_factory=dict)     # x -> s with x = s**2
    notes: list = field(default_factory=list)
    induction_var: sympy.Symbol | None = None            # powers M**(k + c) allowed for this k
    power_of: dict = field(default_factory=dict)         # ("power", base key, k) -> letter index
    power_base: dict = field(default_factory=dict)       # letter index -> base NCPoly
    atom_roots: frozenset = frozenset()                  # Gram traces written s² (see matrix_atoms)
    pinv_of: dict = field(default_factory=dict)          # poly key -> pseudo-inverse letter (matrix_pinv)
    pinv_poly: dict = field(default_factory=dict)        # pseudo-inverse letter -> NCPoly it pseudo-inverts

    def __post_init__(self) -> None:
        self._find_square_roots()
        gens = set(self.problem.scalar_symbols) | set(self.problem.dims)
        gens = {self.sqrt_symbols.get(g, g) for g in gens} | set(self.sqrt_symbols.values())
        self.field = ScalarField(sorted(gens, key=sympy.default_sort_key))
        self.atoms = AtomTable(self.alphabet, self.field, self.atom_roots)
        self._inverse_count = 0
        if self.induction_var is None:
            self.induction_var = power_variable(self.problem)

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
        if not self.sqrt_symbols:
            return expr
        return expr.xreplace({x: s ** 2 for x, s in self.sqrt_symbols.items()})

    def scalar(self, expr: sympy.Expr) -> RatFunc:
        """A scalar as a field value: rational in the scalars, with atoms for traces, 1×1 matrices, functions."""
        expr = sympy.sympify(expr)
        if expr.has(*SCALAR_REFUSED):
            raise Unsupported(f"scalar {expr} is outside the prover's scalars")
        if not expr.has(MatrixExpr, sympy.Function) and all(
                not (isinstance(n, sympy.Pow) and not n.exp.is_Integer) or n.base in self.sqrt_symbols
                for n in sympy.preorder_traversal(expr)):
            try:
                return self.field.from_sympy(self.substitute_roots(expr))
            except (ValueError, KeyError, ZeroDivisionError) as exc:
                raise Unsupported(f"scalar {expr}: {exc}") from exc
        return self._scalar(expr)

    def _scalar(self, expr) -> RatFunc:
        fld = self.field
        if isinstance(expr, Trace):
            return self.atoms.trace_of(self.poly(expr.arg))
        if isinstance(expr, MatrixExpr):
            poly = self.poly(expr)
            if not (poly.src == 1 and poly.dst == 1):
                raise Unsupported(f"the {poly.src}×{poly.dst} matrix {expr} used as a scalar")
            return self.atoms.trace_of(poly)
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
                        raise Unsupported(f"{expr} divides by zero")
                    base, k = base.inverse(), -k
                out = fld.one
                for _ in range(k):
                    out = out * base
                return out
            if expr.exp.is_Rational:
                if expr.exp == sympy.S.Half and expr.base in self.sqrt_symbols:
                    return fld.gen(self.sqrt_symbols[expr.base])
                p, q = expr.exp.p, expr.exp.q
                root = self.atoms.function("sqrt" if q == 2 else f"root{q}", (self._scalar(expr.base),))
                return self._scalar_power(root, p)
            return self._symbolic_scalar_power(expr)
        if isinstance(expr, sympy.Function) and expr.args and not expr.has(*SCALAR_REFUSED):
            name = type(expr).__name__
            return self.atoms.function(name, tuple(self._scalar(a) for a in expr.args),
                                       FUNCTION_ASSUMPTIONS.get(name))
        if expr.is_Rational:
            return fld.const(expr)
        if expr in self.sqrt_symbols:
            s = fld.gen(self.sqrt_symbols[expr])
            return s * s
        if expr in fld.index:
            return fld.gen(expr)
        raise Unsupported(f"scalar {expr} ({type(expr).__name__}) is not modelled by the matrix prover")

    def _symbolic_scalar_power(self, expr) -> RatFunc:
        """b^(m·k + c) = (b^k)^m · b^c with b^k an atom, for the power variable k (an integer ≥ 0)."""
        base = self._scalar(expr.base)
        split = split_exponent(expr.exp, self.induction_var)
        if split is None:
            raise Unsupported(f"power {expr} with exponent {expr.exp}")
        m, c = split
        atom = self.atoms.function(f"pow_{self.induction_var}", (base,))
        return self._scalar_power(atom, m) * self._scalar_power(base, c)

    def _scalar_power(self, base: RatFunc, k: int) -> RatFunc:
        if k < 0:
            base, k = base.inverse(), -k
        out = self.field.one
        for _ in range(k):
            out = out * base
        return out

    # -- letters ---------------------------------------------------------------
    def _unique_name(self, base: str) -> str:
        name, k = base, 1
        while name in self.alphabet.by_name:
            k += 1
            name = f"{base}_{k}"
        return name

    def letter_for_symbol(self, sym: MatrixSymbol) -> int:
        if sym in self.symbol_letter:
            return self.symbol_letter[sym]
        rows, cols = sym.shape
        if dim_key(rows) == dim_key(cols) and any(self.problem.has_predicate(p, sym) for p in SELF_TRANSPOSE):
            # Sᵀ = S is granted: one letter, its own transpose (the relation Sᵀ − S is then 0)
            a = self.alphabet.add(Letter(self._unique_name(sym.name), rows, cols, sym, "symbol",
                                         note=f"the matrix {sym.name} (symmetric, so its own transpose)"))
            self.symbol_letter[sym] = a
            return a
        a = self.alphabet.add(Letter(self._unique_name(sym.name), rows, cols, sym, "symbol",
                                     note=f"the matrix {sym.name}"))
        b = self.alphabet.add(Letter(self._unique_name(sym.name + "^T"), cols, rows, Transpose(sym),
                                     "transpose", note=f"the transpose of {sym.name}"))
        self.alphabet.link_transposes(a, b)
        self.symbol_letter[sym] = a
        return a

    def inverse_letter(self, poly: NCPoly, meaning: sympy.Basic) -> int:
        """The letter Z for poly⁻¹, created with its hypotheses (and its transpose's) on first use."""
        if poly.src != poly.dst:
            raise Unsupported("inverse of a non-square matrix")
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
        name = self._unique_name(f"{base_name}^-1" if base_name else f"Z{self._inverse_count}")
        shown = poly.show(self.alphabet)
        z = self.alphabet.add(Letter(name, poly.src, poly.dst, meaning, "inverse",
                                     note=f"the inverse of {shown}"))
        self.inverse_of[key] = z
        self.inverse_poly[z] = poly
        self._inverse_hypotheses(z, poly)
        if not symmetric:
            tname = self._unique_name(name + "^T")
            zt = self.alphabet.add(Letter(tname, poly.src, poly.dst, Transpose(meaning), "inverse",
                                          note=f"the inverse of {polyT.show(self.alphabet)} (the transpose of {name})"))
            self.alphabet.link_transposes(z, zt)
            self.inverse_of[polyT.key()] = zt
            self.inverse_poly[zt] = polyT
            self._inverse_hypotheses(zt, polyT)
        else:
            self.alphabet[z].note += " (symmetric, so its own transpose)"
        return z

    def power_letter(self, base: NCPoly, var: sympy.Symbol, meaning: sympy.Basic) -> int:
        """A letter P for base**var (var a nonnegative integer symbol), with P·base = base·P."""
        if base.src != base.dst:
            raise Unsupported("power of a non-square matrix")
        key = ("power", base.key(), var)
        if key in self.power_of:
            return self.power_of[key]
        baseT = base.transpose(self.alphabet)
        name = self._unique_name(f"P{len(self.power_of) + 1}")
        p = self.alphabet.add(Letter(name, base.src, base.dst, meaning, "opaque",
                                     note=f"({base.show(self.alphabet)})^{var}"))
        self.power_of[key] = p
        self._power_hypotheses(p, base, var)
        if baseT.key() != base.key():
            pt = self.alphabet.add(Letter(self._unique_name(name + "^T"), base.src, base.dst,
                                          Transpose(meaning), "opaque",
                                          note=f"({baseT.show(self.alphabet)})^{var}, the transpose of {name}"))
            self.alphabet.link_transposes(p, pt)
            self.power_of[("power", baseT.key(), var)] = pt
            self._power_hypotheses(pt, baseT, var)
        return p

    def _power_hypotheses(self, p: int, base: NCPoly, var) -> None:
        P = NCPoly.letter(self.alphabet, p, self.field)
        name = self.alphabet[p].name
        self.power_base[p] = base
        self.hypotheses.append(Hypothesis(base * P - P * base, "power-commutes",
                                          f"{name} = ({base.show(self.alphabet)})^{var} commutes with its base"))

    def _inverse_hypotheses(self, z: int, poly: NCPoly) -> None:
        Z = NCPoly.letter(self.alphabet, z, self.field)
        one = NCPoly.identity(poly.src, self.field)
        name = self.alphabet[z].name
        self.hypotheses.append(Hypothesis(poly * Z - one, "inverse-right", f"inverse-right of {name}"))
        self.hypotheses.append(Hypothesis(Z * poly - one, "inverse-left", f"inverse-left of {name}"))

    # -- matrix expressions ------------------------------------------------------
    def grid(self, expr: sympy.Basic) -> Grid:
        for cls in type(expr).__mro__:
            rule = GRID_RULES.get(cls)
            if rule is not None:
                try:
                    return rule(self, expr)
                except TypeMismatch as exc:
                    raise Unsupported(f"shapes do not match as polynomials in the dimensions: {exc}") from exc
        raise Unsupported(f"{type(expr).__name__} is not modelled by the matrix prover")

    def poly(self, expr: sympy.Basic) -> NCPoly:
        return self.grid(expr).poly()

    def transpose_grid(self, g: Grid) -> Grid:
        blocks = [[g.blocks[i][j].transpose(self.alphabet) for i in range(len(g.rows))]
                  for j in range(len(g.cols))]
        return Grid(g.cols, g.rows, blocks)

    def scale_grid(self, g: Grid, c: RatFunc) -> Grid:
        return Grid(g.rows, g.cols, [[b.scale(c) for b in row] for row in g.blocks])


def _g_symbol(t: Translator, expr: MatrixSymbol) -> Grid:
    return Grid.single(NCPoly.letter(t.alphabet, t.letter_for_symbol(expr), t.field))


def _g_identity(t: Translator, expr: Identity) -> Grid:
    return Grid.single(NCPoly.identity(expr.rows, t.field))


def _g_zero(t: Translator, expr: ZeroMatrix) -> Grid:
    return Grid.single(NCPoly.zero(expr.rows, expr.cols))


def _g_transpose(t: Translator, expr: Transpose) -> Grid:
    return t.transpose_grid(t.grid(expr.arg))


def _g_inverse(t: Translator, expr: Inverse) -> Grid:
    poly = t.poly(expr.arg)
    return Grid.single(NCPoly.letter(t.alphabet, t.inverse_letter(poly, expr), t.field))


def _g_add(t: Translator, expr: MatAdd) -> Grid:
    out = None
    for arg in expr.args:
        g = t.grid(arg)
        out = g if out is None else _grid_add(out, g, t.field)
    return out


def _g_mul(t: Translator, expr: MatMul) -> Grid:
    """The product as `model.products` reads it: its 1×1 groups are scalars (trace atoms), the rest chains."""
    try:
        reading = product_reading(expr, t.problem.layout)
    except IllTyped as exc:
        raise Unsupported(f"ill-typed product: {exc}") from None
    coeff = t.field.one
    for c in reading.coefficient:
        coeff = coeff * t.scalar(c)
    for group in reading.groups:
        coeff = coeff * t.scalar(group_expr(group))
    out = None
    for factor in reading.chain:
        g = t.grid(factor)
        out = g if out is None else _grid_mul(out, g, t.field)
    if out is None:  # a product of 1×1 groups: a scalar times the 1×1 identity
        out = Grid.single(NCPoly.identity(sympy.S.One, t.field))
    out = t.scale_grid(out, coeff)
    return Grid(out.rows, out.cols, [[t.atoms.extract_loops(b) for b in row] for row in out.blocks])


def _g_pow(t: Translator, expr: MatPow) -> Grid:
    base, exp = expr.args
    if not exp.is_Integer:
        var = t.induction_var
        split = split_exponent(exp, var)
        if split is None:
            raise Unsupported(f"power with exponent {exp} (only m·k + c, m ≥ 1, c ≥ 0, for an integer k ≥ 0)")
        m, c = split
        letter = Grid.single(NCPoly.letter(t.alphabet, t.power_letter(t.poly(base), var, MatPow(base, var)),
                                           t.field))
        out = letter
        for _ in range(m - 1):
            out = _grid_mul(out, letter, t.field)
        return _grid_mul(out, t.grid(MatPow(base, c)), t.field) if c else out
    k = int(exp)
    if k < 0:
        g = Grid.single(NCPoly.letter(t.alphabet, t.inverse_letter(t.poly(base), Inverse(base)), t.field))
        k = -k
    else:
        g = t.grid(base)
    rows = g.total()[0]
    out = Grid.single(NCPoly.identity(rows, t.field)) if not g.is_single() else None
    result = None
    for _ in range(k):
        result = g if result is None else _grid_mul(result, g, t.field)
    if result is None:
        return Grid.single(NCPoly.identity(rows, t.field)) if out is None else out
    return result


def _g_block(t: Translator, expr: BlockMatrix) -> Grid:
    blocks = expr.blocks
    grids = [[t.grid(blocks[i, j]) for j in range(blocks.cols)] for i in range(blocks.rows)]
    if not all(g.is_single() for row in grids for g in row):
        raise Unsupported("nested block matrices")
    polys = [[g.poly() for g in row] for row in grids]
    rows = [polys[i][0].src for i in range(blocks.rows)]
    cols = [polys[0][j].dst for j in range(blocks.cols)]
    return Grid(rows, cols, polys)


GRID_RULES: dict[type, Callable] = {
    MatrixSymbol: _g_symbol,
    Identity: _g_identity,
    ZeroMatrix: _g_zero,
    Transpose: _g_transpose,
    Inverse: _g_inverse,
    MatAdd: _g_add,
    MatMul: _g_mul,
    MatPow: _g_pow,
    BlockMatrix: _g_block,
}


# ---------------------------------------------------------------------------
# Symbolic exponents: Bᵏ and bᵏ for one integer k ≥ 0
# ---------------------------------------------------------------------------


def exponent_symbols(problem: Problem) -> set:
    """Free symbols of the non-numeric exponents of matrix and scalar powers in the claim."""
    found: set = set()
    for side in (problem.lhs, problem.rhs):
        for node in sympy.preorder_traversal(side):
            if isinstance(node, (MatPow, sympy.Pow)) and not node.args[1].is_number:
                found |= node.args[1].free_symbols
    return found


def power_start(problem: Problem, k: sympy.Symbol) -> int | None:
    """The least value of k the assumptions allow: 0 (nonnegative integer), 1 (positive), a bound k ≥ c."""
    integer = k.is_integer or problem.has_predicate("integer", k)
    if not integer:
        return None
    if k.is_nonnegative or problem.has_predicate("nonnegative", k):
        return 0
    if k.is_positive or problem.has_predicate("positive", k):
        return 1
    for rel in problem.relations:
        if isinstance(rel, sympy.GreaterThan) and rel.lhs == k and rel.rhs.is_Integer and rel.rhs >= 0:
            return int(rel.rhs)
        if isinstance(rel, sympy.StrictGreaterThan) and rel.lhs == k and rel.rhs.is_Integer and rel.rhs >= -1:
            return int(rel.rhs) + 1
    return None


def power_variable(problem: Problem) -> sympy.Symbol | None:
    """The one exponent symbol k, when it is an integer known to be ≥ 0 (then Bᵏ is a letter commuting with B)."""
    found = exponent_symbols(problem)
    if len(found) != 1:
        return None
    k = next(iter(found))
    start = power_start(problem, k)
    return k if start is not None and start >= 0 else None


def split_exponent(exp, var) -> tuple | None:
    """(m, c) with exp = m·var + c, m ≥ 1 and c ≥ 0 integers; None otherwise."""
    if var is None:
        return None
    exp = sympy.expand(exp)
    m = exp.coeff(var, 1)
    c = sympy.expand(exp - m * var)
    if m.is_Integer and c.is_Integer and m >= 1 and c >= 0:
        return int(m), int(c)
    return None


# ---------------------------------------------------------------------------
# Assumptions: predicates and relations become hypotheses
# ---------------------------------------------------------------------------


def _square_symbol(t: Translator, arg) -> NCPoly | None:
    if not isinstance(arg, MatrixExpr):
        return None
    poly = t.poly(arg)
    return poly if poly.src == poly.dst else None


def _pred_symmetric(t: Translator, arg) -> list:
    p = _square_symbol(t, arg)
    if p is None:
        return []
    return [Hypothesis(p.transpose(t.alphabet) - p, "symmetric", f"symmetric {sympy.sstr(arg)}")]


def _pred_orthogonal(t: Translator, arg) -> list:
    p = _square_symbol(t, arg)
    if p is None:
        return []
    pt = p.transpose(t.alphabet)
    one = NCPoly.identity(p.src, t.field)
    name = sympy.sstr(arg)
    return [Hypothesis(pt * p - one, "orthogonal", f"orthogonal {name} (transpose times it)"),
            Hypothesis(p * pt - one, "orthogonal", f"orthogonal {name} (it times its transpose)")]


def _pred_diagonal(t: Translator, arg) -> list:
    """A square diagonal D is symmetric; commutations among diagonal matrices come from `_diagonal_family`."""
    p = _square_symbol(t, arg)
    if p is None:
        return []
    return [Hypothesis(p.transpose(t.alphabet) - p, "diagonal", f"diagonal {sympy.sstr(arg)} is symmetric")]


def _diagonal_family(t: Translator) -> list:
    """Diagonal matrices of one size commute: the square diagonal ones, and DᵀD, DDᵀ for a rectangular diagonal D."""
    members: list = []   # (name, poly)
    for args in t.problem.predicate_args("diagonal"):
        if not args or not isinstance(args[0], MatrixExpr):
            continue
        try:
            p = t.poly(args[0])
        except Unsupported:
            continue
        name = sympy.sstr(args[0])
        if p.src == p.dst:
            members.append((name, p))
        else:
            pt = p.transpose(t.alphabet)
            members += [(f"{name}^T*{name}", pt * p), (f"{name}*{name}^T", p * pt)]
    out, seen = [], set()
    for i, (a, p) in enumerate(members):
        for b, q in members[i + 1:]:
            if p.src != q.src or (a, b) in seen:
                continue
            seen.add((a, b))
            comm = p * q - q * p
            if not comm.is_zero():
                out.append(Hypothesis(comm, "diagonal", f"diagonal {a} and {b} commute"))
    return out


def _pred_positive_definite(t: Translator, arg) -> list:
    """Positive definite: symmetric and invertible (its inverse letter with both inverse relations)."""
    p = _square_symbol(t, arg)
    if p is None:
        return []
    t.inverse_letter(p, Inverse(arg))
    return [Hypothesis(p.transpose(t.alphabet) - p, "positive-definite",
                       f"{sympy.sstr(arg)} is positive definite (hence symmetric)")]


def _pred_invertible(t: Translator, arg) -> list:
    p = _square_symbol(t, arg)
    if p is not None:
        t.inverse_letter(p, Inverse(arg))  # its hypotheses are recorded by inverse_letter
    return []


PREDICATE_RULES: dict[str, Callable] = {
    "symmetric": _pred_symmetric,
    "orthogonal": _pred_orthogonal,
    "unitary": _pred_orthogonal,       # real matrices: the same thing
    "diagonal": _pred_diagonal,
    "invertible": _pred_invertible,
    "positive_definite": _pred_positive_definite,
    "fullrank": lambda t, arg: [],     # says nothing algebraic by itself
}


def _is_matrix(expr) -> bool:
    return isinstance(expr, MatrixExpr)


def translate_assumptions(t: Translator) -> None:
    """Append the hypotheses the assumptions grant; unknown predicates are simply not used."""
    for pred in t.problem.predicates:
        rule = PREDICATE_RULES.get(pred.name)
        if rule is None or not pred.args or not _is_matrix(pred.args[0]):
            continue
        try:
            t.hypotheses.extend(rule(t, pred.args[0]))
        except Unsupported as exc:
            t.notes.append(f"assumption {pred.name}({pred.args[0]}) not used: {exc}")
    t.hypotheses.extend(_diagonal_family(t))
    for rel in t.problem.relations:
        if not isinstance(rel, sympy.Eq) or not (_is_matrix(rel.lhs) or _is_matrix(rel.rhs)):
            continue
        try:
            diff = _grid_add(t.grid(rel.lhs), t.scale_grid(t.grid(rel.rhs), -t.field.one), t.field)
        except Unsupported as exc:
            t.notes.append(f"assumption {rel} not used: {exc}")
            continue
        for row in diff.blocks:
            for block in row:
                if not block.is_zero():
                    t.hypotheses.append(Hypothesis(block, "assumption", f"assumption {sympy.sstr(rel)}"))
        _weight_defined_symbol(t, rel)


def _weight_defined_symbol(t: Translator, rel: sympy.Eq) -> None:
    """For X = (expression without X), make X heavy so that the relation rewrites X, not the expression."""
    for side, other in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
        base = side.arg if isinstance(side, Transpose) else side
        if isinstance(base, MatrixSymbol) and not other.has(base) and base in t.symbol_letter:
            a = t.symbol_letter[base]
            weight = 1 + sum(1 for _ in sympy.preorder_traversal(other) if isinstance(_, MatrixSymbol))
            t.alphabet[a].weight = max(t.alphabet[a].weight, weight)
            t.alphabet[t.alphabet[a].transpose].weight = t.alphabet[a].weight


def close_under_transpose(t: Translator) -> list:
    """Every hypothesis and its transpose, without duplicates (the ideal must be transpose-closed)."""
    seen, out = set(), []
    for h in t.hypotheses:
        for poly, kind, origin in ((h.poly, h.kind, h.origin),
                                   (h.poly.transpose(t.alphabet), h.kind, f"transpose of ({h.origin})")):
            key = poly.key()
            neg = (-poly).key()
            if key in seen or neg in seen or poly.is_zero():
                continue
            seen.add(key)
            out.append(Hypothesis(poly, kind, origin))
    return out


def assign_ranks(alphabet: Alphabet) -> None:
    """Monomial order: symbols < their transposes < inverse letters (inner before outer)."""
    klass = {"symbol": 0, "transpose": 1, "opaque": 2, "pinv": 3, "inverse": 3}
    order = sorted(range(len(alphabet.letters)), key=lambda i: (klass[alphabet[i].kind], i))
    for rank, i in enumerate(order):
        alphabet[i].rank = rank


from . import matrix_pinv  # noqa: E402,F401  (registers the pseudo-inverse rule in GRID_RULES)

__all__ = ["Translator", "Hypothesis", "Grid", "Unsupported", "translate_assumptions",
           "close_under_transpose", "assign_ranks", "PREDICATE_RULES", "GRID_RULES"]
