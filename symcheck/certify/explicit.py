"""The checker's own re-derivation of the `explicit sizes` reduction (no prover code).

The claim's sides must hold a matrix, and every matrix in them and every matrix symbol of
the claim must have a numeric shape; the checker writes each matrix symbol out as the
matrix of real symbols `X[i,j]` (X[j,i] for i > j when X is assumed symmetric or
positive definite, 0 off the diagonal when diagonal), with names that no scalar of the
claim has, and evaluates the claim with SymPy's explicit matrix arithmetic (trusted, as
for `entrywise`): sums, products (a 1×1 matrix between others is a scalar), transposes,
integer powers, traces, determinants (Berkowitz) and inverses (adjugate / determinant,
defined where the claim is); any other SymPy matrix expression (Kronecker, Hadamard,
diagonals, ones, element-wise functions) rebuilt over its written-out arguments and
evaluated by SymPy, its result checked to be a matrix of scalars of the expression's
shape; a derivative by real scalars of a part whose entries are rational functions by
SymPy's `diff`, entry by entry (`Written._by_scalars`). Other calculus (derivatives by
matrices or of other functions, integrals, limits, sums, products) and symcheck constructs
are not written out. The obligations are the entries (or the scalar) of the two sides
under the assumptions written out the same way: scalar ones as they are, matrix
equations entry by entry, relations on traces or determinants evaluated; any other
assumption is left out.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import (
    Determinant, Identity, Inverse, MatAdd, MatMul, MatPow, MatrixExpr, MatrixSymbol, Trace, Transpose, ZeroMatrix,
)
from sympy.matrices.expressions.matexpr import MatrixElement

from .ncpoly import Rejected

MAX_ENTRIES = 36        # entries of one matrix symbol
MAX_WRITTEN = 256       # entries of one matrix SymPy writes out
MAX_INVERSE = 4
MAX_DETERMINANT = 6
NOT_WRITTEN = (sympy.Integral, sympy.Limit, sympy.Sum, sympy.Product)  # a Derivative: `Written._by_scalars`


def _symbols(view) -> tuple:
    scalars, matrices = set(), set()
    for e in (view.lhs, view.rhs, *view.relations, *[a for _, args in view.predicates for a in args]):
        if isinstance(e, sympy.Basic):
            for s in e.free_symbols:
                (matrices if isinstance(s, MatrixSymbol) else scalars).add(s)
    return scalars, matrices


def written_matrices(view) -> dict:
    """MatrixSymbol -> its explicit matrix of entry symbols (Rejected for a symbolic or large shape)."""
    scalars, matrices = _symbols(view)
    taken = {s.name for s in scalars}
    symmetric = {args[0] for name, args in view.predicates if name in ("symmetric", "positive_definite") and args}
    diagonal = {args[0] for name, args in view.predicates if name == "diagonal" and args}
    out = {}
    for sym in matrices:
        rows, cols = (sympy.sympify(d) for d in sym.shape)
        if not (rows.is_Integer and cols.is_Integer) or rows * cols > MAX_ENTRIES:
            raise Rejected(f"explicit sizes: {sym} is {rows}×{cols}")

        def entry(i, j, sym=sym):
            if sym in diagonal and i != j:
                return sympy.S.Zero
            a, b = (j, i) if sym in symmetric and i > j else (i, j)
            name = f"{sym.name}[{a},{b}]"
            if name in taken:
                raise Rejected(f"explicit sizes: the claim has a scalar named {name}")
            return sympy.Symbol(name, real=True)
        out[sym] = sympy.ImmutableMatrix(int(rows), int(cols), lambda i, j: entry(i, j))
    return out


def _as_scalar(v):
    if isinstance(v, sympy.MatrixBase):
        if v.shape != (1, 1):
            raise Rejected("explicit sizes: a matrix where a scalar is needed")
        return v[0, 0]
    return v


class Written:
    """Values of the claim's expressions with every matrix symbol written out."""

    def __init__(self, matrices: dict):
        self.matrices = matrices

    def __call__(self, expr):
        if isinstance(expr, MatrixSymbol):
            return self.matrices[expr]
        if isinstance(expr, MatrixElement):
            i, j = sympy.sympify(expr.i), sympy.sympify(expr.j)
            if not (i.is_Integer and j.is_Integer):
                raise Rejected("explicit sizes: a symbolic index")
            return self(expr.parent)[int(i), int(j)]
        if isinstance(expr, (Identity, ZeroMatrix)):
            return sympy.ImmutableMatrix(expr.as_explicit())
        if isinstance(expr, sympy.MatrixBase):
            return sympy.ImmutableMatrix(expr.rows, expr.cols, [self(e) for e in expr])
        if isinstance(expr, MatAdd):
            parts = [self(a) for a in expr.args]
            out = parts[0]
            for p in parts[1:]:
                out = out + p
            return sympy.ImmutableMatrix(out)
        if isinstance(expr, MatMul) or (isinstance(expr, sympy.Mul) and expr.has(MatrixExpr)):
            return self._product([self(a) for a in expr.args])
        if isinstance(expr, Transpose):
            return self(expr.arg).T
        if isinstance(expr, Inverse):
            return self._inverse(self(expr.arg))
        if isinstance(expr, MatPow):
            base, e = self(expr.args[0]), expr.args[1]
            if not e.is_Integer:
                raise Rejected("explicit sizes: a symbolic matrix power")
            step = self._inverse(base) if e < 0 else base
            out = sympy.eye(base.rows)
            for _ in range(abs(int(e))):
                out = out * step
            return sympy.ImmutableMatrix(out)
        if isinstance(expr, Trace):
            m = self(expr.arg)
            return sum((m[i, i] for i in range(m.rows)), sympy.S.Zero)
        if isinstance(expr, Determinant):
            m = self(expr.arg)
            if m.rows != m.cols or m.rows > MAX_DETERMINANT:
                raise Rejected("explicit sizes: a determinant too large")
            return sympy.expand(sympy.Matrix(m).det(method="berkowitz"))
        if isinstance(expr, sympy.Derivative):
            return self._by_scalars(expr)
        if isinstance(expr, NOT_WRITTEN) or type(expr).__module__.startswith("symcheck"):
            raise Rejected(f"explicit sizes: {type(expr).__name__} is not written out by the checker")
        if isinstance(expr, MatrixExpr):
            return self._by_sympy(expr)
        if not isinstance(expr, sympy.Basic) or not expr.args or not expr.has(MatrixExpr):
            return expr
        args = [_as_scalar(self(a)) for a in expr.args]
        return expr.func(*args)

    def _by_scalars(self, expr):
        """d/dt (any order, real scalars t only) of a part whose written-out entries are all rational functions:
        SymPy's diff of each entry; anything else is Rejected."""
        wrt = []
        for var, count in expr.variable_count:
            if isinstance(var, MatrixExpr) or not isinstance(var, sympy.Symbol) or var.is_integer:
                raise Rejected(f"explicit sizes: a derivative by {var}")
            if not (sympy.sympify(count).is_Integer and int(count) >= 1):
                raise Rejected("explicit sizes: a derivative of a count that is not a positive integer")
            wrt.extend([var] * int(count))
        part = self(expr.expr)
        cells = list(part) if isinstance(part, sympy.MatrixBase) else [part]
        for cell in cells:
            if not (isinstance(cell, sympy.Expr) and cell.is_rational_function() is True):
                raise Rejected("explicit sizes: a derivative of a part that is not a rational function")
        if not isinstance(part, sympy.MatrixBase):
            return sympy.diff(part, *wrt)
        return sympy.ImmutableMatrix(part.rows, part.cols, lambda i, j: sympy.diff(part[i, j], *wrt))

    def _by_sympy(self, expr):
        """Any other SymPy matrix expression over written-out arguments, by SymPy; a matrix of scalars of its shape."""
        rows, cols = (sympy.sympify(d) for d in expr.shape)
        if not (rows.is_Integer and cols.is_Integer and rows * cols <= MAX_WRITTEN):
            raise Rejected(f"explicit sizes: {type(expr).__name__} of size {rows}×{cols} is not written out")
        args = [self(a) if isinstance(a, sympy.Basic) else a for a in expr.args]
        try:
            value = expr.func(*args).doit()
            value = sympy.ImmutableMatrix(value.as_explicit() if isinstance(value, MatrixExpr) else value)
        except Exception as exc:  # noqa: BLE001
            raise Rejected(f"explicit sizes: SymPy does not write out {type(expr).__name__}") from exc
        if value.shape != (int(rows), int(cols)) or any(
                isinstance(e, sympy.MatrixBase) or (isinstance(e, sympy.Basic) and e.has(MatrixExpr)) for e in value):
            raise Rejected(f"explicit sizes: {type(expr).__name__} is not a {rows}×{cols} matrix of scalars")
        return value

    @staticmethod
    def _product(values: list):
        scalar, out = sympy.S.One, None
        for v in values:
            if not isinstance(v, sympy.MatrixBase):
                scalar = scalar * v
            elif out is None:
                out = v
            elif out.cols == v.rows:
                out = out * v
            elif out.shape == (1, 1):
                out = out[0, 0] * v
            elif v.shape == (1, 1):
                out = out * v[0, 0]
            else:
                raise Rejected("explicit sizes: an ill-typed product")
        return scalar if out is None else sympy.ImmutableMatrix(scalar * out)

    @staticmethod
    def _inverse(m):
        if not isinstance(m, sympy.MatrixBase):
            return 1 / m
        if m.rows != m.cols or m.rows > MAX_INVERSE:
            raise Rejected("explicit sizes: an inverse too large")
        m = sympy.Matrix(m)
        det = sympy.expand(m.det(method="berkowitz"))
        if det == 0:
            raise Rejected("explicit sizes: the claim inverts a singular matrix")
        return sympy.ImmutableMatrix(m.adjugate(method="berkowitz").applyfunc(lambda e: sympy.expand(e) / det))


def written_assumptions(view, written: Written) -> tuple:
    """The claim's assumptions on matrices written out: equations entry by entry, relations evaluated."""
    out = []
    for rel in view.relations:
        if not (isinstance(rel, sympy.Basic) and rel.has(MatrixExpr)):
            continue
        try:
            left, right = written(rel.lhs), written(rel.rhs)
        except Rejected:
            continue
        if isinstance(left, sympy.MatrixBase) and isinstance(right, sympy.MatrixBase):
            if isinstance(rel, sympy.Eq) and left.shape == right.shape:
                out += [sympy.Eq(sympy.expand(a), sympy.expand(b), evaluate=False)
                        for a, b in zip(left, right) if sympy.expand(a - b) != 0]
        elif not isinstance(left, sympy.MatrixBase) and not isinstance(right, sympy.MatrixBase):
            w = rel.func(left, right)
            if isinstance(w, sympy.core.relational.Relational):
                out.append(w)
    return tuple(out)


def _matrices_in(side) -> list:
    return [node for node in sympy.preorder_traversal(side) if isinstance(node, (MatrixExpr, sympy.MatrixBase))] \
        if isinstance(side, sympy.Basic) else []


def written_sides(view) -> tuple:
    """(lhs, rhs, assumptions) of the claim written out entry by entry; Rejected when it cannot be."""
    _, matrices = _symbols(view)
    in_sides = _matrices_in(view.lhs) + _matrices_in(view.rhs)
    if not (matrices or in_sides):
        raise Rejected("explicit sizes: the claim has no matrix")
    if any(not sympy.sympify(d).is_Integer for m in (*matrices, *in_sides) for d in m.shape):
        raise Rejected("explicit sizes: the claim has a size that is not a number")
    written = Written(written_matrices(view))
    left, right = written(view.lhs), written(view.rhs)
    if isinstance(left, sympy.MatrixBase) != isinstance(right, sympy.MatrixBase):
        left, right = _as_scalar(left), _as_scalar(right)
    if isinstance(left, sympy.MatrixBase) and (left.shape != right.shape or view.relation != "=="):
        raise Rejected("explicit sizes: the written-out sides do not compare entry by entry")
    return left, right, written_assumptions(view, written)


__all__ = ["written_sides", "written_matrices", "Written"]
