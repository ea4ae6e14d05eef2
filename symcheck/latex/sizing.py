"""Sizes of `I`, `0` and `1` written without one: placeholders unified with their neighbours.

A bare `I` gets a placeholder size (a `Dummy`) that is bound to what its context
determines: the other terms of a sum, the adjacent factor of a product, the other side
of an equation, the row and column of a block matrix. `shape` is a lenient shape (no
errors, placeholders allowed) used only for this; the shape checker
(`symcheck.model.shapes`) judges the finished expression. `finish` replaces every
placeholder by its binding, or raises `SizeUnknown` for one nothing determined.
"""
from __future__ import annotations

import sympy
from sympy import (Add, BlockMatrix, Derivative, Dummy, HadamardProduct, Identity, Inverse, MatAdd, MatMul,
                   MatPow, MatrixExpr, MatrixSymbol, OneMatrix, Transpose, ZeroMatrix)

from ..model.products import read_product
from ..model.shapes import SCALAR, derivative_shape
from .constructors import is_matrix, rebuild
from .errors import SizeUnknown

HINTS = {"identity": ("I", "write I_n"), "zero": ("zero", "write 0_n or \\mathbf{0}_n"),
         "ones": ("ones", "write \\mathbf{1}_n")}


def is_size(value) -> bool:
    """A positive integer, or a polynomial in dimension names with positive integer coefficients (n, n + d, 2n)."""
    if value.is_Integer:
        return bool(value > 0)
    if not value.free_symbols or not all(s.is_integer and s.is_positive for s in value.free_symbols):
        return False
    try:
        coefficients = sympy.Poly(value, *sorted(value.free_symbols, key=str)).coeffs()
    except sympy.PolynomialError:
        return False
    return all(c.is_Integer and c > 0 for c in coefficients)


class SizeInference:
    """Placeholder sizes and what unification bound them to, for one formula (or one chain of formulas)."""

    def __init__(self, layout: str = "numerator"):
        self.layout = layout
        self.placeholders: dict = {}         # placeholder Dummy -> 'identity' | 'zero' | 'ones'
        self.bind: dict = {}

    def new_size(self, what: str) -> Dummy:
        """A fresh placeholder size for an unsized identity, zero or ones matrix."""
        size = Dummy("size", integer=True, positive=True)
        self.placeholders[size] = what
        return size

    def resolve(self, dim):
        """`dim` with every bound placeholder replaced by its binding."""
        dim = sympy.sympify(dim)
        for _ in range(50):
            nxt = dim.xreplace(self.bind) if self.bind else dim
            if nxt == dim:
                return dim
            dim = nxt
        return dim

    def unify(self, a, b, allow_one: bool = True) -> None:
        """Bind a placeholder to the other size. In products a 1 is no evidence (xᵀx I is a scalar times I).

        A size that is a sum (the height n + p of a block column) binds its one placeholder
        by solving: n + p against n + d gives p = d.
        """
        a, b = self.resolve(a), self.resolve(b)
        if a == b:
            return
        if a in self.placeholders and (allow_one or b != 1) and a not in b.free_symbols:
            self.bind[a] = b
        elif b in self.placeholders and (allow_one or a != 1) and b not in a.free_symbols:
            self.bind[b] = a
        else:
            self._solve(a - b, allow_one)

    def _solve(self, difference, allow_one: bool) -> None:
        """Bind the one placeholder p of `difference` = 0 when it is linear in p and p comes out a size."""
        unknown = [s for s in difference.free_symbols if s in self.placeholders]
        if len(unknown) != 1:
            return
        size = unknown[0]
        try:
            poly = sympy.Poly(sympy.expand(difference), size)
        except sympy.PolynomialError:
            return
        if poly.degree() != 1:
            return
        slope, rest = poly.all_coeffs()
        if not slope.is_number or slope == 0:
            return
        value = sympy.expand(-rest / slope)
        if is_size(value) and (allow_one or value != 1):
            self.bind[size] = value

    def unify_shapes(self, s, t) -> None:
        """Unify two shapes row with row and column with column."""
        self.unify(s[0], t[0])
        self.unify(s[1], t[1])

    def shape(self, expr) -> tuple:
        """A lenient shape (no errors, placeholders allowed), used only to size I and 0."""
        if isinstance(expr, sympy.MatrixBase):
            return tuple(sympy.Integer(d) for d in expr.shape)
        if isinstance(expr, (MatrixSymbol, Identity, ZeroMatrix, OneMatrix)):
            return tuple(self.resolve(d) for d in expr.shape)
        if isinstance(expr, Transpose):
            rows, cols = self.shape(expr.arg)
            return (cols, rows)
        if isinstance(expr, (Inverse, MatPow)):
            return self.shape(expr.args[0])
        if isinstance(expr, MatMul):
            try:  # read as everywhere (model.products): 1×1 groups are scalars wherever they stand
                return read_product(expr.args, self.shape).shape
            except Exception:  # an ill-typed product: any size will do, the shape checker reports it
                return self._chain([self.shape(f) for f in expr.args if is_matrix(f)])
        if isinstance(expr, (MatAdd, HadamardProduct)):
            shapes = [self.shape(t) for t in expr.args]
            return next((s for s in shapes if not (set(s) & set(self.placeholders))), shapes[0])
        if isinstance(expr, BlockMatrix):
            blocks = expr.blocks
            return (Add(*[self.shape(blocks[i, 0])[0] for i in range(blocks.rows)]),
                    Add(*[self.shape(blocks[0, j])[1] for j in range(blocks.cols)]))
        if isinstance(expr, Derivative):
            try:
                fshape = self.shape(expr.expr)
                for var, count in expr.variable_count:
                    for _ in range(int(count)):
                        fshape = derivative_shape(fshape, self.shape(var), self.layout)
                return fshape
            except Exception:  # an ill-typed derivative is the shape checker's to report
                return SCALAR
        if isinstance(expr, MatrixExpr):
            return tuple(self.resolve(d) for d in expr.shape)
        return SCALAR

    def _chain(self, shapes: list) -> tuple:
        current = None
        for shape in shapes:
            if current is None or self.one_by_one(current):
                current = shape
            elif not self.one_by_one(shape):
                current = (current[0], shape[1])
        return current or SCALAR

    def one_by_one(self, shape) -> bool:
        """Whether a shape is 1×1 (as far as the bindings so far tell)."""
        return self.resolve(shape[0]) == 1 and self.resolve(shape[1]) == 1

    def finish(self, exprs, identity_size=None) -> list:
        """`exprs` with every placeholder replaced by its binding (a bare I takes `identity_size` if given)."""
        unresolved = []
        for size, what in self.placeholders.items():
            value = self.resolve(size)
            if value.free_symbols & set(self.placeholders):
                if what == "identity" and identity_size is not None:
                    self.bind[size] = identity_size
                else:
                    unresolved.append(what)
        if unresolved:
            name, hint = HINTS[unresolved[0]]
            raise SizeUnknown(f"cannot tell the size of {name} here ({hint})")
        mapping = {size: self.resolve(size) for size in self.placeholders}
        return [rebuild(e, mapping) if mapping else e for e in exprs]


__all__ = ["SizeInference", "is_size"]
