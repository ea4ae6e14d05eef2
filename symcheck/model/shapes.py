"""Shape checking for general dimensions.

SymPy lets `x * A` (x d×1, A d×d) pass because d might be 1. Here two dimensions
agree only when they are identical as polynomials in the dimension symbols, so a
claim that type-checks here is well typed for *every* dimension. A 1×1 product
(such as xᵀAx) is a scalar (CONTRACT §1) wherever it stands in a product: SymPy
flattens B*(xᵀx) into one MatMul(B, xᵀ, x), and `products.read_product` recovers the
scalar groups; `product_reading` gives that reading to every other module.

Rules are data: `SHAPE_RULES`, a read-only mapping built once here, maps an expression
class to a function `(expr, checker) -> Shape`, SymPy's classes and symcheck's own
constructs (`model.constructs`) alike; nothing adds to it at import.
"""
from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import Callable, Mapping

import sympy
from sympy import Basic
from sympy.matrices.expressions import (
    BlockMatrix, Determinant, DiagMatrix, DiagonalMatrix, DiagonalOf, HadamardPower, HadamardProduct, Identity,
    Inverse, KroneckerProduct, MatAdd, MatMul, MatPow, MatrixExpr, MatrixSymbol, OneMatrix, Trace, Transpose,
    ZeroMatrix,
)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixElement

from .constructs import ArgMax, ArgMin, Expectation, MatrixExpectation, OpNorm2, PseudoInverse, Vec
from .products import AmbiguousOrIllTyped, LazyMessageError, ProductReading, is_matrix_factor, read_product, same_dim

Shape = tuple  # (rows, cols) of SymPy integer expressions; scalars are (1, 1)
SCALAR: Shape = (sympy.S.One, sympy.S.One)


class IllTyped(LazyMessageError):
    """The expression has no meaning for general dimensions; the message (text or a callable,
    `LazyMessageError`) says where: many callers only want to know that the expression is
    ill-typed (a hint's transposed reading)."""


class NotSupported(Exception):
    """Well formed, but its shape is beyond what symcheck models yet (a second derivative, a
    derivative that is a higher-order tensor): the claim is `unknown`, not an `error`."""


def same_shape(a: Shape, b: Shape) -> bool:
    return same_dim(a[0], b[0]) and same_dim(a[1], b[1])


def show_shape(shape: Shape) -> str:
    return f"{sympy.sstr(shape[0])}×{sympy.sstr(shape[1])}"


def is_scalar_shape(shape: Shape) -> bool:
    return same_shape(shape, SCALAR)


def _name(expr: Basic) -> str:
    text = sympy.sstr(expr)
    return text if len(text) <= 60 else text[:57] + "..."


class ShapeChecker:
    """Computes the shape of an expression, raising `IllTyped` where dimensions disagree."""

    def __init__(self, layout: str = "numerator"):
        self.layout = layout
        self._cache: dict = {}

    def shape(self, expr: Basic) -> Shape:
        key = expr
        if key in self._cache:
            return self._cache[key]
        for cls in type(expr).__mro__:
            rule = SHAPE_RULES.get(cls)
            if rule is not None:
                result = rule(expr, self)
                break
        else:
            result = self._scalar_function(expr)
        self._cache[key] = result
        return result

    def product(self, expr: MatMul) -> ProductReading:
        """How a flat product reads: its 1×1 groups (scalars) and its matrix chain (model/products.py)."""
        key = ("product", expr)
        if key not in self._cache:
            for factor in expr.args:
                if not is_matrix_factor(factor):
                    self.require_scalar(factor, "a product")
            try:
                self._cache[key] = read_product(expr.args, self.shape)
            except AmbiguousOrIllTyped as exc:
                raise IllTyped(exc.__str__) from None
        return self._cache[key]

    def require_scalar(self, expr: Basic, where) -> None:
        """`where` is text, or a callable giving it: naming a big expression costs, so only on error."""
        shape = self.shape(expr)
        if not is_scalar_shape(shape):
            raise IllTyped(lambda: f"{_name(expr)} ({show_shape(shape)}) is used as a scalar in "
                                   f"{where() if callable(where) else where}")

    def require_square(self, expr: Basic, what: str) -> Shape:
        shape = self.shape(expr)
        if not same_dim(*shape):
            raise IllTyped(f"{what} of {_name(expr)}, which is {show_shape(shape)}, not square")
        return shape

    def _scalar_function(self, expr: Basic) -> Shape:
        if isinstance(expr, MatrixExpr):
            # An unknown matrix class: trust its own shape but check its arguments.
            for arg in expr.args:
                if isinstance(arg, Basic):
                    self.shape(arg)
            return tuple(expr.shape)
        for arg in expr.args:
            if isinstance(arg, Basic) and not isinstance(arg, (sympy.Tuple,)):
                self.require_scalar(arg, lambda: _name(expr))
        return SCALAR


def _matrix_symbol(expr, checker):
    return tuple(expr.shape)


def _transpose(expr, checker):
    rows, cols = checker.shape(expr.arg)
    return (cols, rows)


def _inverse(expr, checker):
    return checker.require_square(expr.arg, "inverse")


def _matpow(expr, checker):
    base, exp = expr.args
    checker.require_scalar(exp, "an exponent")
    if exp == 1:
        return checker.shape(base)
    return checker.require_square(base, f"power {exp}")


def _matmul(expr, checker):
    """The shape of the product as `products.read_product` reads it (1×1 blocks act as scalars)."""
    return checker.product(expr).shape


def _matadd(expr, checker):
    first = expr.args[0]
    shape = checker.shape(first)
    for term in expr.args[1:]:
        other = checker.shape(term)
        if not same_shape(shape, other):
            raise IllTyped(lambda: f"{_name(first)} ({show_shape(shape)}) plus {_name(term)} ({show_shape(other)})")
    return shape


def _hadamard(expr, checker):
    return _matadd(expr, checker)


def _kronecker(expr, checker):
    """A ⊗ B ⊗ ...: rows and columns are the products of the factors' (n·m rows for general n, m)."""
    shapes = [checker.shape(a) for a in expr.args]
    return (sympy.Mul(*[r for r, _ in shapes]), sympy.Mul(*[c for _, c in shapes]))


def _hadamard_power(expr, checker):
    checker.require_scalar(expr.exp, "the exponent of a Hadamard power")
    return checker.shape(expr.base)


def _diag_matrix(expr, checker):
    """diag(x) of a column or row vector x with k entries is k×k."""
    rows, cols = checker.shape(expr.args[0])
    if same_dim(cols, 1):
        return (rows, rows)
    if same_dim(rows, 1):
        return (cols, cols)
    raise IllTyped(f"DiagMatrix of {_name(expr.args[0])} ({show_shape((rows, cols))}), which is not a vector")


def _diagonal_of(expr, checker):
    """The diagonal of a square k×k matrix as a k×1 column."""
    rows, cols = checker.shape(expr.args[0])
    if not same_dim(rows, cols):
        raise NotSupported(f"the diagonal of {_name(expr.args[0])} ({show_shape((rows, cols))}) has "
                           f"min({sympy.sstr(rows)}, {sympy.sstr(cols)}) entries, which symcheck does not model")
    return (rows, sympy.S.One)


def _diagonal_matrix(expr, checker):
    return checker.shape(expr.args[0])


def _elementwise(expr, checker):
    """f applied to every entry: the argument's shape; f must be a scalar function of one scalar."""
    function = expr.function
    variables = getattr(function, "variables", None)
    if variables is None or len(variables) != 1:
        raise IllTyped(f"the element-wise function {_name(function)} is not a function of one scalar")
    checker.require_scalar(function.expr, "an element-wise function")
    return checker.shape(expr.expr)


def _vec(expr, checker):
    rows, cols = checker.shape(expr.arg)
    return (rows * cols, sympy.S.One)


def _trace(expr, checker):
    checker.require_square(expr.arg, "trace")
    return SCALAR


def _opnorm2(expr, checker):
    checker.shape(expr.arg)
    return SCALAR


def _determinant(expr, checker):
    checker.require_square(expr.arg, "determinant")
    return SCALAR


def _block(expr, checker):
    blocks = expr.blocks
    rows = []
    for i in range(blocks.rows):
        height = checker.shape(blocks[i, 0])[0]
        for j in range(blocks.cols):
            if not same_dim(checker.shape(blocks[i, j])[0], height):
                raise IllTyped(f"block row {i + 1} mixes heights {sympy.sstr(height)} and "
                               f"{sympy.sstr(checker.shape(blocks[i, j])[0])} ({_name(blocks[i, j])})")
        rows.append(height)
    cols = []
    for j in range(blocks.cols):
        width = checker.shape(blocks[0, j])[1]
        for i in range(blocks.rows):
            if not same_dim(checker.shape(blocks[i, j])[1], width):
                raise IllTyped(f"block column {j + 1} mixes widths {sympy.sstr(width)} and "
                               f"{sympy.sstr(checker.shape(blocks[i, j])[1])} ({_name(blocks[i, j])})")
        cols.append(width)
    return (sympy.Add(*rows), sympy.Add(*cols))


def _explicit(expr, checker):
    for entry in expr:
        checker.require_scalar(entry, "an explicit matrix")
    return tuple(sympy.Integer(s) for s in expr.shape)


def _element(expr, checker):
    return SCALAR


def _derivative(expr, checker):
    """Numerator layout: d(p×1)/d(r×1) and d(1×p)/d(r×1) are p×r, d(scalar)/d(r×1) is 1×r; denominator
    transposes."""
    f = expr.expr
    fshape = checker.shape(f)
    shape, done = fshape, []
    for var, count in expr.variable_count:
        vshape = checker.shape(var)
        for _ in range(int(count)):
            so_far = sympy.Derivative(f, *done, evaluate=False) if done else f  # named in a message only
            shape = derivative_shape(shape, vshape, checker.layout, so_far, var)
            done.append(var)
    return shape


def derivative_shape(fshape: Shape, vshape: Shape, layout: str, f=None, var=None) -> Shape:
    if is_scalar_shape(vshape):
        return fshape
    f_scalar = is_scalar_shape(fshape)
    f_column = same_dim(fshape[1], 1)
    v_column = same_dim(vshape[1], 1)
    if f_scalar:
        shape = (vshape[1], vshape[0])  # numerator layout: the transpose of the variable's shape
    elif f_column and v_column:
        shape = (fshape[0], vshape[0])
    elif same_dim(fshape[0], 1) and v_column:
        shape = (fshape[1], vshape[0])  # a row is differentiated as the column it transposes (a Hessian)
    else:
        raise NotSupported(f"the derivative of {_name(f)} ({show_shape(fshape)}) by {_name(var)} "
                           f"({show_shape(vshape)}) has no matrix form in symcheck yet (a higher-order tensor: "
                           f"a matrix by a vector or by a matrix, a vector by a matrix)")
    if layout == "denominator":
        shape = (shape[1], shape[0])
    return shape


def _limit(expr, checker):
    return checker.shape(expr.args[0])


def _relational(expr, checker):
    left, right = checker.shape(expr.lhs), checker.shape(expr.rhs)
    if not same_shape(left, right):
        raise IllTyped(f"{_name(expr.lhs)} ({show_shape(left)}) compared with {_name(expr.rhs)} ({show_shape(right)})")
    return SCALAR


def _atom(expr, checker):
    return SCALAR


def _applied_function(expr, checker):
    """An undefined function (f, J, phi, ...) is scalar-valued whatever its arguments' shapes."""
    for arg in expr.args:
        checker.shape(arg)
    return SCALAR


# symcheck's own constructs (model/constructs.py)

def _expectation(expr, checker: ShapeChecker):
    checker.shape(expr.noise)
    checker.require_scalar(expr.sigma, "the standard deviation of an expectation")
    shape = checker.shape(expr.integrand)
    if isinstance(expr, Expectation) and not is_scalar_shape(shape):
        raise IllTyped(f"Expectation of {expr.integrand} ({show_shape(shape)}) needs a scalar integrand")
    return shape


def _optimum(expr, checker: ShapeChecker):
    checker.require_scalar(expr.objective, f"the objective of {type(expr).__name__.lower()}")
    return tuple(expr.variable.shape)


def _pseudo_inverse(expr, checker: ShapeChecker):
    rows, cols = checker.shape(expr.arg)
    return (cols, rows)


SHAPE_RULES: Mapping[type, Callable] = MappingProxyType({
    MatrixSymbol: _matrix_symbol,
    Identity: _matrix_symbol,
    ZeroMatrix: _matrix_symbol,
    OneMatrix: _matrix_symbol,
    Transpose: _transpose,
    Inverse: _inverse,
    MatPow: _matpow,
    MatMul: _matmul,
    MatAdd: _matadd,
    HadamardProduct: _hadamard,
    HadamardPower: _hadamard_power,
    KroneckerProduct: _kronecker,
    DiagMatrix: _diag_matrix,
    DiagonalOf: _diagonal_of,
    DiagonalMatrix: _diagonal_matrix,
    ElementwiseApplyFunction: _elementwise,
    Vec: _vec,
    Trace: _trace,
    Determinant: _determinant,
    BlockMatrix: _block,
    sympy.MatrixBase: _explicit,
    MatrixElement: _element,
    sympy.Derivative: _derivative,
    sympy.Limit: _limit,
    sympy.core.relational.Relational: _relational,
    sympy.Symbol: _atom,
    sympy.Number: _atom,
    sympy.NumberSymbol: _atom,
    sympy.logic.boolalg.BooleanAtom: _atom,
    AppliedUndef: _applied_function,
    Expectation: _expectation,
    MatrixExpectation: _expectation,
    ArgMin: _optimum,
    ArgMax: _optimum,
    PseudoInverse: _pseudo_inverse,
    OpNorm2: _opnorm2,
})


def shape_of(expr: Basic, layout: str = "numerator") -> Shape:
    return ShapeChecker(layout).shape(expr)


def product_reading(expr: MatMul, layout: str = "numerator") -> ProductReading:
    """The reading of a flat product (its 1×1 scalar groups and matrix chain); raises IllTyped."""
    found = _reading_or_error(expr, layout)
    if isinstance(found, IllTyped):
        raise IllTyped(found.__str__)  # its text is made once, when first read
    return found


@lru_cache(maxsize=4096)
def _reading_or_error(expr: MatMul, layout: str):
    """The reading, or the IllTyped saying why there is none: a product is read once either way (the
    evaluator asks again on every instance, and naming an ill-typed product's factors is slow)."""
    try:
        return ShapeChecker(layout).product(expr)
    except IllTyped as exc:
        return exc
