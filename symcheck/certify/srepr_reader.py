"""A safe reader for `sympy.srepr` text: SymPy objects back from certificate files without eval.

A certificate file comes from the user, so its text is never given to `eval`,
`exec` or `sympify` (which evaluates Python). The text is parsed with `ast` in
expression mode and rebuilt node by node from a short allowlist:

* calls `Name(args, key=value)` whose name is in `CLASSES` (SymPy classes and the
  symcheck constructs claims may use), plus `Function('f')(args)` and `Q.name(args)`
  for assumptions (`AppliedPredicate(Q.symmetric, A)` as srepr prints it);
* constants: ints, strings, True/False/None, unary minus on a number;
* lists and tuples of the above; bare names in `CONSTANTS` (pi, oo, I, ...).

Anything else (attributes other than Q.*, subscripts, lambdas, comprehensions, names
not listed, too deep or too long text) raises `UnsafeSrepr`.
"""
from __future__ import annotations

import ast

import sympy
from sympy.assumptions.assume import AppliedPredicate
from sympy.core.function import UndefinedFunction
from sympy.functions.elementary.piecewise import ExprCondPair
from sympy.matrices.expressions import (
    BlockDiagMatrix, BlockMatrix, Determinant, HadamardProduct, Identity, Inverse, MatAdd, MatMul, MatPow,
    MatrixSymbol, OneMatrix, Trace, Transpose, ZeroMatrix,
)
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.tensor.array.array_derivatives import ArrayDerivative

MAX_TEXT = 2_000_000
MAX_DEPTH = 200
MAX_EXPONENT = 10 ** 4  # larger integer exponents are refused


class UnsafeSrepr(ValueError):
    """The text is not srepr of an allowed SymPy object."""


def _constructs() -> dict:
    from .. import constructs
    return {name: getattr(constructs, name) for name in
            ("Expectation", "MatrixExpectation", "ArgMin", "ArgMax") if hasattr(constructs, name)}


_SCALAR_CLASSES = (
    sympy.Symbol, sympy.Integer, sympy.Rational, sympy.Float, sympy.Add, sympy.Mul, sympy.Pow,
    sympy.Abs, sympy.Max, sympy.Min, sympy.sign, sympy.Heaviside, sympy.Piecewise, sympy.exp, sympy.log,
    sympy.sqrt, sympy.sin, sympy.cos, sympy.tanh, sympy.Derivative, sympy.Limit, sympy.Integral, sympy.Sum,
    sympy.Tuple, sympy.Equality, sympy.Unequality, sympy.StrictGreaterThan, sympy.GreaterThan,
    sympy.StrictLessThan, sympy.LessThan, sympy.And, sympy.Or, sympy.Not, ExprCondPair,
    sympy.Interval, sympy.KroneckerDelta,
)
_MATRIX_CLASSES = (
    MatrixSymbol, Identity, ZeroMatrix, OneMatrix, Transpose, Inverse, MatAdd, MatMul, MatPow, Trace,
    Determinant, BlockMatrix, BlockDiagMatrix, HadamardProduct, MatrixElement, sympy.ImmutableDenseMatrix,
    ArrayDerivative,
)

CLASSES: dict = {cls.__name__: cls for cls in _SCALAR_CLASSES + _MATRIX_CLASSES}
CLASSES.update({"Str": sympy.core.symbol.Str, "sqrt": sympy.sqrt, "ImmutableMatrix": sympy.ImmutableMatrix,
                "Function": sympy.Function, "AppliedPredicate": AppliedPredicate, "Dummy": sympy.Dummy})
CONSTANTS = {"pi": sympy.pi, "oo": sympy.oo, "zoo": sympy.zoo, "nan": sympy.nan, "I": sympy.I, "E": sympy.E,
             "true": sympy.true, "false": sympy.false, "EulerGamma": sympy.EulerGamma}


def read_srepr(text: str):
    """The SymPy object `text` (srepr output) stands for; raises UnsafeSrepr on anything else."""
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        raise UnsafeSrepr("not a string of reasonable length")
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError) as exc:
        raise UnsafeSrepr(f"not srepr text: {exc.msg}") from exc
    return _Reader().build(tree.body, 0)


def _huge(value) -> bool:
    return isinstance(value, (int, sympy.Integer)) and not isinstance(value, bool) and abs(int(value)) > MAX_EXPONENT


def _has_matrix_entries(rows) -> bool:
    return isinstance(rows, list) and any(isinstance(e, sympy.MatrixExpr) for row in rows
                                          if isinstance(row, list) for e in row)


class _Reader:
    def __init__(self):
        self.classes = dict(CLASSES)
        self.classes.update(_constructs())

    def build(self, node, depth: int):
        if depth > MAX_DEPTH:
            raise UnsafeSrepr("nested too deeply")
        handler = getattr(self, f"_{type(node).__name__}", None)
        if handler is None:
            raise UnsafeSrepr(f"{type(node).__name__} is not allowed in srepr text")
        return handler(node, depth + 1)

    def _Constant(self, node, depth):
        if isinstance(node.value, (int, str, bool)) or node.value is None:
            return node.value
        if isinstance(node.value, float):
            raise UnsafeSrepr("bare floats are not exact; srepr writes Float('...')")
        raise UnsafeSrepr(f"constant {node.value!r} is not allowed")

    def _UnaryOp(self, node, depth):
        value = self.build(node.operand, depth)
        if isinstance(node.op, ast.USub) and isinstance(value, int) and not isinstance(value, bool):
            return -value
        raise UnsafeSrepr("only a minus sign on an integer is allowed")

    def _List(self, node, depth):
        return [self.build(e, depth) for e in node.elts]

    def _Tuple(self, node, depth):
        return tuple(self.build(e, depth) for e in node.elts)

    def _Name(self, node, depth):
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        raise UnsafeSrepr(f"name {node.id!r} is not an allowed constant")

    def _Attribute(self, node, depth):
        # Q.symmetric and the like: predicates only, looked up on sympy.Q by a plain name
        if isinstance(node.value, ast.Name) and node.value.id == "Q" and node.attr.isidentifier() \
                and not node.attr.startswith("_"):
            pred = getattr(sympy.Q, node.attr, None)
            if isinstance(pred, sympy.assumptions.assume.Predicate):
                return pred
        raise UnsafeSrepr("attribute access other than Q.<predicate> is not allowed")

    def _Call(self, node, depth):
        args = [self.build(a, depth) for a in node.args]
        kwargs = {}
        for kw in node.keywords:
            if kw.arg is None:
                raise UnsafeSrepr("** arguments are not allowed")
            value = self.build(kw.value, depth)
            if not (isinstance(value, (bool, int, str)) or value is None):
                raise UnsafeSrepr(f"keyword {kw.arg} must be a constant")
            kwargs[kw.arg] = value
        func = self._callee(node.func, depth)
        if func is sympy.ImmutableDenseMatrix and args and _has_matrix_entries(args[0]):
            return args[0]  # the blocks of a BlockMatrix: its constructor takes the list of rows
        if func in (sympy.Pow, MatPow) and len(args) == 2 and _huge(args[1]):
            raise UnsafeSrepr("exponents this large are refused (evaluating them could take forever)")
        try:
            return func(*args, **kwargs)
        except UnsafeSrepr:
            raise
        except Exception as exc:  # a malformed but harmless call: report it as bad text
            raise UnsafeSrepr(f"cannot build {getattr(func, '__name__', func)}: {exc}") from exc

    def _callee(self, node, depth):
        if isinstance(node, ast.Name):
            if node.id in self.classes:
                return self.classes[node.id]
            raise UnsafeSrepr(f"{node.id} is not an allowed SymPy class")
        if isinstance(node, ast.Attribute):
            pred = self._Attribute(node, depth)
            return lambda *args, **kw: pred(*args)
        if isinstance(node, ast.Call):  # Function('f')(x): an undefined function applied
            inner = self.build(node, depth)
            if isinstance(inner, UndefinedFunction):
                return inner
        raise UnsafeSrepr("only allowed class names can be called")


__all__ = ["read_srepr", "UnsafeSrepr", "CLASSES"]
