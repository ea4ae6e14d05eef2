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
not listed) raises `UnsafeSrepr`; so does anything past the bounds of `bounds`,
checked before it is built: text length and nesting, digits of every number (a
power of numbers is estimated first, so `Pow(Pow(Integer(2), Integer(1000)),
Integer(1000))` is refused without computing it), symbolic exponents, `Float`
precision and exponent.
"""
from __future__ import annotations

import ast
import functools
import re

import sympy
from sympy.assumptions.assume import AppliedPredicate
from sympy.core.function import UndefinedFunction
from sympy.functions.elementary.piecewise import ExprCondPair
from sympy.matrices.expressions import (
    BlockDiagMatrix, BlockMatrix, Determinant, DiagMatrix, DiagonalMatrix, DiagonalOf, HadamardPower, HadamardProduct,
    Identity, Inverse, KroneckerProduct, MatAdd, MatMul, MatPow, MatrixSymbol, OneMatrix, Trace, Transpose, ZeroMatrix,
)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.tensor.array.array_derivatives import ArrayDerivative

from .bounds import (
    MAX_DEPTH, MAX_DIGITS, MAX_EXPONENT, MAX_FLOAT_DIGITS, MAX_FLOAT_EXPONENT, TooLarge, check_power, check_text,
    number_digits,
)

_DECIMAL = re.compile(r"[-+]?(?:(\d*)\.?(\d*))(?:[eE]([-+]?\d+))?")


class UnsafeSrepr(ValueError):
    """The text is not srepr of an allowed SymPy object."""


def _constructs() -> dict:
    from .. import constructs
    return {name: getattr(constructs, name) for name in
            ("Expectation", "MatrixExpectation", "ArgMin", "ArgMax", "PseudoInverse", "OpNorm2", "Vec") if hasattr(constructs, name)}


_SCALAR_CLASSES = (
    sympy.Symbol, sympy.Integer, sympy.Rational, sympy.Float, sympy.Add, sympy.Mul, sympy.Pow,
    sympy.Abs, sympy.Max, sympy.Min, sympy.sign, sympy.Heaviside, sympy.Piecewise, sympy.exp, sympy.log,
    sympy.floor, sympy.ceiling, sympy.frac,
    sympy.sqrt, sympy.sin, sympy.cos, sympy.tanh, sympy.sinh, sympy.cosh, sympy.sech, sympy.csch, sympy.coth,
    sympy.Derivative, sympy.Limit, sympy.Integral, sympy.Sum,
    sympy.Tuple, sympy.Equality, sympy.Unequality, sympy.StrictGreaterThan, sympy.GreaterThan,
    sympy.StrictLessThan, sympy.LessThan, sympy.And, sympy.Or, sympy.Not, ExprCondPair,
    sympy.Interval, sympy.KroneckerDelta, sympy.Lambda,
)
_MATRIX_CLASSES = (
    MatrixSymbol, Identity, ZeroMatrix, OneMatrix, Transpose, Inverse, MatAdd, MatMul, MatPow, Trace,
    Determinant, BlockMatrix, BlockDiagMatrix, HadamardProduct, MatrixElement, sympy.ImmutableDenseMatrix,
    ArrayDerivative, KroneckerProduct, HadamardPower, DiagMatrix, DiagonalOf, DiagonalMatrix,
    ElementwiseApplyFunction,
)

CLASSES: dict = {cls.__name__: cls for cls in _SCALAR_CLASSES + _MATRIX_CLASSES}
CLASSES.update({"Str": sympy.core.symbol.Str, "sqrt": sympy.sqrt, "ImmutableMatrix": sympy.ImmutableMatrix,
                "Function": sympy.Function, "AppliedPredicate": AppliedPredicate, "Dummy": sympy.Dummy})
CONSTANTS = {"pi": sympy.pi, "oo": sympy.oo, "zoo": sympy.zoo, "nan": sympy.nan, "I": sympy.I, "E": sympy.E,
             "true": sympy.true, "false": sympy.false, "EulerGamma": sympy.EulerGamma}


def read_srepr(text: str):
    """The SymPy object `text` (srepr output) stands for; raises UnsafeSrepr on anything else."""
    if not isinstance(text, str):
        raise UnsafeSrepr(f"srepr text must be a string, not {type(text).__name__}")
    return _read_text(text)


@functools.lru_cache(maxsize=4096)
def _read_text(text: str):
    """read_srepr for a string (SymPy objects are immutable, so a text read twice is built once)."""
    try:
        check_text(text, "srepr text")
        tree = ast.parse(text, mode="eval")
    except TooLarge as exc:
        raise UnsafeSrepr(str(exc)) from exc
    except SyntaxError as exc:
        raise UnsafeSrepr(f"not srepr text: {exc.msg}") from exc
    except (ValueError, RecursionError, MemoryError) as exc:
        raise UnsafeSrepr(f"not srepr text: {type(exc).__name__}") from exc
    return _Reader().build(tree.body, 0)


def _integer(value):
    """An int or SymPy Integer as a Python int, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, sympy.Integer):
        return int(value)
    return None


def _check_pow(base, exponent) -> None:
    """Refuse a power whose value would be too large, before SymPy evaluates it."""
    e = _integer(exponent)
    if e is None:
        return
    if abs(e) > MAX_EXPONENT:
        raise UnsafeSrepr(f"exponents larger than {MAX_EXPONENT} are refused")
    digits = number_digits(base)
    if digits:
        try:
            check_power(digits, 0, e, "a power of numbers")
        except TooLarge as exc:
            raise UnsafeSrepr(str(exc)) from exc


def _check_result(value) -> None:
    """Numbers within MAX_DIGITS; powers SymPy combined ((x**a)**b = x**(a*b)) within MAX_EXPONENT."""
    if isinstance(value, sympy.Rational) and number_digits(value) > MAX_DIGITS:
        raise UnsafeSrepr(f"numbers with more than {MAX_DIGITS} digits are refused")
    if isinstance(value, (sympy.Pow, MatPow)):
        e = _integer(value.args[1])
        if e is not None and abs(e) > MAX_EXPONENT:
            raise UnsafeSrepr(f"exponents larger than {MAX_EXPONENT} are refused")


def _float(args: list, kwargs: dict):
    """Float('decimal', precision=bits) as srepr writes it, with bounded digits, exponent and precision."""
    if not args or not isinstance(args[0], str) or len(args[0]) > 4 * MAX_FLOAT_DIGITS:
        raise UnsafeSrepr("Float needs a decimal string")
    match = _DECIMAL.fullmatch(args[0].strip())
    if not match or not (match.group(1) or match.group(2)):
        raise UnsafeSrepr(f"Float of {args[0][:40]!r} is not a decimal number")
    if len((match.group(1) + match.group(2)).lstrip("0")) > MAX_FLOAT_DIGITS:
        raise UnsafeSrepr(f"Float with more than {MAX_FLOAT_DIGITS} digits")
    if match.group(3) and abs(int(match.group(3))) > MAX_FLOAT_EXPONENT:
        raise UnsafeSrepr(f"Float with a decimal exponent beyond {MAX_FLOAT_EXPONENT}")
    precision = kwargs.pop("precision", None)
    dps = args[1] if len(args) > 1 else kwargs.pop("dps", None)
    if kwargs or len(args) > 2:
        raise UnsafeSrepr("Float takes a decimal string and a precision only")
    bits_limit = int(MAX_FLOAT_DIGITS * 3.33) + 1
    for value, limit in ((precision, bits_limit), (dps, MAX_FLOAT_DIGITS)):
        if value is not None and (_integer(value) is None or not 1 <= _integer(value) <= limit):
            raise UnsafeSrepr(f"Float precision {value!r} is out of range")
    if precision is not None:
        return sympy.Float(args[0], precision=precision)
    return sympy.Float(args[0], dps) if dps is not None else sympy.Float(args[0])


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
        if isinstance(node.value, int) and not isinstance(node.value, bool) and number_digits(node.value) > MAX_DIGITS:
            raise UnsafeSrepr(f"numbers with more than {MAX_DIGITS} digits are refused")
        if isinstance(node.value, (int, str, bool)) or node.value is None:
            return node.value
        if isinstance(node.value, float):
            raise UnsafeSrepr("bare floats are not exact; srepr writes Float('...')")
        raise UnsafeSrepr(f"constant {node.value!r} is not allowed")

    def _UnaryOp(self, node, depth):
        value = self.build(node.operand, depth)
        if isinstance(node.op, ast.USub) and isinstance(value, int) and not isinstance(value, bool):
            return -value
        if isinstance(node.op, ast.USub) and value is sympy.oo:  # srepr writes -∞ as -oo
            return -sympy.oo
        raise UnsafeSrepr("only a minus sign on an integer or on oo is allowed")

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
        if func in (sympy.Pow, MatPow) and len(args) == 2:
            _check_pow(args[0], args[1])
        if func in (sympy.Integer, sympy.Rational) and any(isinstance(a, str) and len(a) > MAX_DIGITS for a in args):
            raise UnsafeSrepr(f"numbers with more than {MAX_DIGITS} digits are refused")
        try:
            value = _float(args, kwargs) if func is sympy.Float else func(*args, **kwargs)
        except UnsafeSrepr:
            raise
        except Exception as exc:  # a malformed but harmless call: report it as bad text
            raise UnsafeSrepr(f"cannot build {getattr(func, '__name__', func)}: {exc}") from exc
        _check_result(value)
        return value

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
