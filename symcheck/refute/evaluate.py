"""Exact evaluation of a claim on one concrete instance (dimensions and values).

Owns `Instance`, the evaluation errors (`Undefined`, `Undecided`, `Unsupported`),
`evaluate(expr, instance, layout)`, the handler table `EVALUATORS` with
`register_evaluator`, and on top of them `assumptions_hold` and `check`, which
every other part (the refuter, the engine's re-check, the derivation checker, the
grader) uses to decide a claim on an instance.

Matrices are `DomainMatrix` over an exact field (QQ, an algebraic field QQ<a>, or
rational functions in fresh symbols while differentiating), so a 20×20 instance
takes milliseconds. Scalars are exact SymPy numbers. Every sign question (Abs,
Heaviside, Piecewise conditions, log of a positive number, the claim's relation)
goes through `exact.sign_of`, never through floats. A division by zero, a singular
inverse, the log of a nonpositive number, ... raise `Undefined`: such an instance
says nothing about the claim.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import sympy
from sympy import Basic
from sympy.matrices.expressions import (
    BlockMatrix, Determinant, HadamardPower, HadamardProduct, Identity, Inverse, MatAdd, MatMul,
    MatPow, MatrixSymbol, OneMatrix, Trace, Transpose, ZeroMatrix,
)
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.polys.matrices import DomainMatrix
from sympy.polys.matrices.domainscalar import DomainScalar
from sympy.polys.matrices.exceptions import DMError, DMNonInvertibleMatrixError

from ..model.products import group_expr
from ..model.shapes import IllTyped, product_reading
from .exact import decide, sign_of


class Undefined(Exception):
    """The expression has no value on this instance (singular inverse, log of x <= 0, 1/0, ...)."""


class Undecided(Undefined):
    """A sign needed on the way could not be decided exactly (e.g. a transcendental tie)."""


class Unsupported(Undefined):
    """The evaluator has no rule for this construct."""


@dataclass
class Instance:
    """Concrete sizes for the dimension symbols and exact values for the other symbols."""

    dims: dict
    values: dict
    _converted: dict = field(default_factory=dict, repr=False, compare=False)


# --- conversions between SymPy values and DomainMatrix -----------------------------------

EXACT_DOMAINS = ("QQ", "ZZ")


def _exact_domain(domain) -> bool:
    """Domains whose zero test is exact for the numbers they represent."""
    return domain.is_QQ or domain.is_ZZ or domain.is_AlgebraicField


def to_domain_matrix(matrix) -> DomainMatrix:
    """Exact entries -> a dense DomainMatrix over a field (algebraic numbers as QQ<a>)."""
    rep = getattr(matrix, "_rep", None)
    if isinstance(rep, DomainMatrix) and (rep.domain.is_QQ or rep.domain.is_ZZ):
        return rep.convert_to(sympy.QQ).to_dense()  # SymPy already holds rationals as QQ: no parsing
    matrix = sympy.Matrix(matrix)
    rows, cols = matrix.shape
    for entry in matrix:
        if isinstance(entry, sympy.Float) or entry.has(sympy.Float):
            raise Unsupported("floating-point entries are not exact")
    try:
        dm = DomainMatrix.from_list_sympy(rows, cols, matrix.tolist(), extension=True)
    except Exception:  # a field extension SymPy cannot build: fall back to expressions
        dm = DomainMatrix.from_list_sympy(rows, cols, matrix.tolist())
    # Numbers live in a field (QQ, QQ<a>); polynomials in fresh symbols stay in a ring, which
    # multiplies much faster; `invert` moves to the fraction field when it must.
    if dm.domain.is_ZZ or dm.domain.is_Numerical:
        dm = dm.to_field()
    return dm.to_dense()


def _scalar_matrix(value) -> DomainMatrix:
    return to_domain_matrix([[value]])


def to_sympy(value):
    """The public form of an internal value: scalars as SymPy numbers, matrices immutable; 1×1 is a scalar."""
    if isinstance(value, DomainMatrix):
        if value.shape == (1, 1):
            return value.getitem_sympy(0, 0)
        if value.domain.is_QQ or value.domain.is_ZZ:
            return sympy.ImmutableMatrix._fromrep(value.convert_to(sympy.QQ).to_sparse())
        return sympy.ImmutableMatrix(value.to_Matrix())
    return value


def _entries(value: DomainMatrix) -> list:
    return [value.getitem_sympy(i, j) for i in range(value.shape[0]) for j in range(value.shape[1])]


def _scale(matrix: DomainMatrix, scalar) -> DomainMatrix:
    if scalar == 1:
        return matrix
    if scalar.is_Rational and (matrix.domain.is_QQ or matrix.domain.is_ZZ):
        return (matrix.to_field() * matrix.domain.get_field().from_sympy(scalar)).to_dense()
    K, [element] = sympy.polys.constructor.construct_domain([scalar], extension=True)
    return (matrix * DomainScalar(element, K)).to_dense()  # scaling by 0 comes back sparse


def _unify(a: DomainMatrix, b: DomainMatrix) -> tuple:
    try:
        return a.unify(b, fmt="dense")
    except (DMError, sympy.polys.polyerrors.UnificationFailed, NotImplementedError):
        rows_a, rows_b = a.to_Matrix(), b.to_Matrix()
        return (DomainMatrix.from_list_sympy(*a.shape, rows_a.tolist()).to_field(),
                DomainMatrix.from_list_sympy(*b.shape, rows_b.tolist()).to_field())


def _matmul(a: DomainMatrix, b: DomainMatrix) -> DomainMatrix:
    a, b = _unify(a, b)
    return a.matmul(b)


def _add(a: DomainMatrix, b: DomainMatrix) -> DomainMatrix:
    if a.shape != b.shape:
        raise Unsupported(f"adding a {a.shape} matrix to a {b.shape} matrix")
    a, b = _unify(a, b)
    return a + b


def matrices_equal(a: DomainMatrix, b: DomainMatrix) -> bool | None:
    """Exact entrywise equality; None when some entry cannot be decided."""
    if a.shape != b.shape:
        return False
    a, b = _unify(a, b)
    difference = a.sub(b)  # never `==`: on DomainMatrix it also compares storage formats
    if _exact_domain(difference.domain):
        return difference.is_zero_matrix
    verdicts = [sign_of(x) for x in _entries(difference)]
    if any(v not in (0, None) for v in verdicts):
        return False
    return None if None in verdicts else True


# --- the evaluator ---------------------------------------------------------------------------

Handler = Callable[[Basic, "Evaluator"], Any]
EVALUATORS: dict[type, Handler] = {}


def register_evaluator(cls: type, fn: Handler) -> None:
    """Teach the evaluator a construct: `fn(expr, ev)` returns a SymPy scalar or a DomainMatrix.

    Inside `fn`, `ev.value(sub)` evaluates a subexpression, `ev.scalar(sub)` one that must be
    a scalar, `ev.dim(d)` a dimension; raise `Undefined` where the construct has no value.
    """
    EVALUATORS[cls] = fn


class Evaluator:
    """Evaluates expressions on one instance; `overrides` binds extra symbols (derivatives, limits)."""

    def __init__(self, instance: Instance, layout: str = "numerator", overrides: dict | None = None,
                 tied: frozenset = frozenset()):
        self.instance = instance
        self.layout = layout
        self.overrides = overrides or {}
        # Symbols the assumptions tie to others or to a structure (Eq(Y, X.T*X), Q.symmetric(S)):
        # holding "everything else fixed" while varying them has no single meaning.
        self.tied = tied
        self._memo: dict = {}

    def child(self, overrides: dict) -> "Evaluator":
        return Evaluator(self.instance, self.layout, {**self.overrides, **overrides}, self.tied)

    def value(self, expr) -> Any:
        """A SymPy scalar or a DomainMatrix."""
        if isinstance(expr, (int,)) and not isinstance(expr, bool):
            return sympy.Integer(expr)
        try:
            return self._memo[expr]
        except (KeyError, TypeError):
            pass
        handler = _handler_for(expr)
        if handler is None:
            raise Unsupported(f"no evaluation rule for {type(expr).__name__}")
        result = handler(expr, self)
        if not isinstance(result, (DomainMatrix, bool)):
            result = _checked_scalar(sympy.sympify(result))
        self._memo[expr] = result
        return result

    def scalar(self, expr):
        return as_scalar(self.value(expr))

    def dim(self, d) -> int:
        size = sympy.sympify(d).xreplace({k: sympy.Integer(v) for k, v in self.instance.dims.items()})
        if not size.is_Integer or size < 0:
            raise Undefined(f"dimension {d} has no size on this instance")
        return int(size)

    def lookup(self, symbol) -> Any:
        if symbol in self.overrides:
            return self.overrides[symbol]
        instance = self.instance
        if symbol in instance.values:
            if isinstance(symbol, MatrixSymbol):
                return self._matrix_value(symbol)
            value = sympy.sympify(instance.values[symbol])
            if isinstance(value, sympy.MatrixBase):
                return as_scalar(to_domain_matrix(value))
            return value
        if symbol in instance.dims:
            return sympy.Integer(instance.dims[symbol])
        raise Undefined(f"the instance gives no value for {symbol}")

    def _matrix_value(self, symbol) -> DomainMatrix:
        cache = self.instance._converted
        if symbol not in cache:
            value = self.instance.values[symbol]
            if not isinstance(value, sympy.MatrixBase):
                value = sympy.Matrix(value) if isinstance(value, (list, tuple)) else sympy.Matrix([[value]])
            expected = (self.dim(symbol.shape[0]), self.dim(symbol.shape[1]))
            if tuple(value.shape) != expected:
                raise Undefined(f"the value of {symbol} is {value.shape[0]}×{value.shape[1]}, "
                                f"its shape is {expected[0]}×{expected[1]} here")
            cache[symbol] = to_domain_matrix(value)
        return cache[symbol]


def _handler_for(expr) -> Handler | None:
    for cls in type(expr).__mro__:
        handler = EVALUATORS.get(cls)
        if handler is not None:
            return handler
    return None


def as_scalar(value):
    if isinstance(value, DomainMatrix):
        if value.shape != (1, 1):
            raise Unsupported(f"a {value.shape[0]}×{value.shape[1]} matrix used as a scalar")
        return value.getitem_sympy(0, 0)
    return value


def as_matrix(value) -> DomainMatrix:
    return value if isinstance(value, DomainMatrix) else _scalar_matrix(value)


def _checked_scalar(value):
    """Real, finite values only: anything else means the expression is undefined here."""
    if isinstance(value, sympy.logic.boolalg.BooleanAtom):
        return value
    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo, sympy.I):
        raise Undefined(f"{value} is not a finite real number")
    if value.has(sympy.Float):
        raise Unsupported("floating-point numbers are not exact")
    return value


def _is_symbolic(value) -> bool:
    return bool(getattr(value, "free_symbols", None))


# --- scalar handlers ---------------------------------------------------------------------------

def _number(expr, ev):
    if isinstance(expr, sympy.Float):
        raise Unsupported(f"the float {expr} is not exact; write a Rational")
    return expr


def _symbol(expr, ev):
    return ev.lookup(expr)


def _scalar_add(expr, ev):
    values = [ev.value(a) for a in expr.args]
    if any(isinstance(v, DomainMatrix) and v.shape != (1, 1) for v in values):
        total = None
        for v in values:
            total = v if total is None else _add(as_matrix(total), as_matrix(v))
        return total
    return sympy.Add(*[as_scalar(v) for v in values])


def _scalar_mul(expr, ev):
    values = [ev.value(a) for a in expr.args]
    if any(isinstance(v, DomainMatrix) for v in values):
        return _product(values)
    return sympy.Mul(*values)


def _pow(expr, ev):
    base = ev.value(expr.base)
    exp = ev.scalar(expr.exp)
    if isinstance(base, DomainMatrix) and base.shape != (1, 1):
        return _matrix_power(base, exp)
    return power(as_scalar(base), exp)


def power(base, exp):
    """base**exp for real numbers, refusing 0**negative and non-integer powers of negatives."""
    if _is_symbolic(base) or _is_symbolic(exp):
        return base ** exp
    if exp.is_Integer:
        if exp < 0 and _sign(base) == 0:
            raise Undefined(f"division by zero ({base}**{exp})")
        return base ** exp
    s = _sign(base)
    if s < 0:
        raise Undefined(f"{base}**{exp} is not real")
    if s == 0:
        e = _sign(exp)
        if e <= 0:
            raise Undefined(f"0**{exp} is undefined")
        return sympy.S.Zero
    return base ** exp


def _sign(value) -> int:
    s = sign_of(value)
    if s is None:
        raise Undecided(f"cannot decide the sign of {value} exactly")
    return s


def _exp(expr, ev):
    return sympy.exp(ev.scalar(expr.args[0]))


def _log(expr, ev):
    arg = ev.scalar(expr.args[0])
    if not _is_symbolic(arg) and _sign(arg) <= 0:
        raise Undefined(f"log of {arg}, which is not positive")
    return sympy.log(arg)


def _abs(expr, ev):
    arg = ev.scalar(expr.args[0])
    if _is_symbolic(arg):
        return sympy.Abs(arg)
    return arg if _sign(arg) >= 0 else -arg


def _sign_fn(expr, ev):
    arg = ev.scalar(expr.args[0])
    if _is_symbolic(arg):
        return sympy.sign(arg)
    return sympy.Integer(_sign(arg))


def _heaviside(expr, ev):
    arg = ev.scalar(expr.args[0])
    at_zero = ev.scalar(expr.args[1]) if len(expr.args) > 1 else sympy.S.Half
    if _is_symbolic(arg):
        return sympy.Heaviside(arg, at_zero)
    return {-1: sympy.S.Zero, 0: at_zero, 1: sympy.S.One}[_sign(arg)]


def _extremum(pick_larger: bool):
    def handler(expr, ev):
        values = [ev.scalar(a) for a in expr.args]
        if any(_is_symbolic(v) for v in values):
            return (sympy.Max if pick_larger else sympy.Min)(*values)
        best = values[0]
        for v in values[1:]:
            s = _sign(v - best)
            if (s > 0) if pick_larger else (s < 0):
                best = v
        return best
    return handler


def _piecewise(expr, ev):
    """The first branch whose condition holds; only that branch is evaluated."""
    symbolic_pieces = []
    for piece, cond in expr.args:
        truth = ev.value(cond)
        if isinstance(truth, Basic) and not isinstance(truth, sympy.logic.boolalg.BooleanAtom):
            symbolic_pieces.append((ev.value(piece), truth))
            continue
        if truth:
            if symbolic_pieces:
                symbolic_pieces.append((ev.value(piece), True))
                return sympy.Piecewise(*[(as_scalar(p), c) for p, c in symbolic_pieces])
            return ev.value(piece)
    if symbolic_pieces:
        return sympy.Piecewise(*[(as_scalar(p), c) for p, c in symbolic_pieces])
    raise Undefined("no branch of the Piecewise applies")


def _function(expr, ev):
    """Any other real function of scalars (sin, tanh, ...): SymPy's exact value, checked real."""
    args = [ev.scalar(a) for a in expr.args]
    return expr.func(*args)


# --- booleans: conditions of Piecewise and assumptions ----------------------------------------------

_REL_OPS = {sympy.Eq: "==", sympy.Ne: "!=", sympy.Lt: "<", sympy.Le: "<=", sympy.Gt: ">", sympy.Ge: ">="}


def _relational(expr, ev):
    op = _REL_OPS.get(type(expr))
    if op is None:
        raise Unsupported(f"relation {type(expr).__name__}")
    left, right = ev.value(expr.lhs), ev.value(expr.rhs)
    result = compare(op, left, right)
    if result is None:
        if _is_symbolic(to_sympy(left)) or _is_symbolic(to_sympy(right)):
            return type(expr)(as_scalar(left), as_scalar(right))
        raise Undecided(f"cannot decide {expr} exactly on this instance")
    return sympy.true if result else sympy.false


def _boolean(combine):
    def handler(expr, ev):
        values = [ev.value(a) for a in expr.args]
        if all(isinstance(v, sympy.logic.boolalg.BooleanAtom) for v in values):
            return sympy.true if combine(bool(v) for v in values) else sympy.false
        return type(expr)(*values)
    return handler


def _not(expr, ev):
    value = ev.value(expr.args[0])
    return sympy.Not(value)


def compare(relation: str, left, right) -> bool | None:
    """Decide `left relation right` exactly for scalars or (for == and !=) matrices."""
    if isinstance(left, DomainMatrix) or isinstance(right, DomainMatrix):
        if isinstance(left, DomainMatrix) and isinstance(right, DomainMatrix) and \
                not (left.shape == right.shape == (1, 1)):
            if relation not in ("==", "!="):
                raise Unsupported(f"relation {relation} between matrices")
            equal = matrices_equal(left, right)
            return None if equal is None else (equal if relation == "==" else not equal)
        left, right = as_scalar(left), as_scalar(right)
    if _is_symbolic(left) or _is_symbolic(right):
        return None
    return decide(relation, left, right)


# --- matrix handlers -------------------------------------------------------------------------------

def _matrix_symbol(expr, ev):
    return ev.lookup(expr)


def _identity(expr, ev):
    n = ev.dim(expr.rows)
    return DomainMatrix.eye(n, sympy.QQ).to_dense()


def _zero_matrix(expr, ev):
    return DomainMatrix.zeros((ev.dim(expr.rows), ev.dim(expr.cols)), sympy.QQ).to_dense()


def _one_matrix(expr, ev):
    return DomainMatrix.ones((ev.dim(expr.rows), ev.dim(expr.cols)), sympy.QQ).to_dense()


def _explicit(expr, ev):
    rows = [[ev.scalar(expr[i, j]) for j in range(expr.cols)] for i in range(expr.rows)]
    return to_domain_matrix(rows)


def _transpose(expr, ev):
    value = ev.value(expr.arg)
    return value.transpose() if isinstance(value, DomainMatrix) else value


def _inverse(expr, ev):
    value = ev.value(expr.arg)
    if isinstance(value, DomainMatrix):
        return invert(value)
    return power(value, sympy.Integer(-1))


def invert(matrix: DomainMatrix) -> DomainMatrix:
    """The exact inverse, or `Undefined` when the matrix is singular on this instance."""
    rows, cols = matrix.shape
    if rows != cols:
        raise Undefined(f"inverse of a non-square {rows}×{cols} matrix")
    if not _exact_domain(matrix.domain):
        # A formal domain (symbols, transcendental constants): decide the determinant exactly
        # at this point before trusting the formal inverse.
        det = matrix.domain.to_sympy(matrix.det())
        if not _is_symbolic(det) and _sign(det) == 0:
            raise Undefined("the matrix to invert is singular")
    try:
        return matrix.to_field().inv()
    except DMNonInvertibleMatrixError:
        raise Undefined("the matrix to invert is singular") from None
    except ZeroDivisionError:
        raise Undefined("the matrix to invert is singular") from None


def _matrix_power(base: DomainMatrix, exp) -> DomainMatrix:
    if not exp.is_Integer:
        raise Unsupported(f"matrix power with exponent {exp}")
    rows, cols = base.shape
    if rows != cols:
        raise Undefined(f"power of a non-square {rows}×{cols} matrix")
    if exp < 0:
        base, exp = invert(base), -exp
    if exp == 0:
        return DomainMatrix.eye(rows, base.domain).to_dense()
    return base.pow(int(exp))


def _matpow(expr, ev):
    base = ev.value(expr.base)
    exp = ev.scalar(expr.exp)
    if isinstance(base, DomainMatrix) and base.shape != (1, 1):
        return _matrix_power(base, exp)
    return power(as_scalar(base), exp)


def _product(values: list):
    """Values of a SymPy Mul some of whose factors evaluated to matrices (a Derivative times a scalar):
    scalars scale, matrix values chain, a 1×1 value between non-matching ones acts as a scalar."""
    scalar = sympy.S.One
    current = None
    for v in values:
        if not isinstance(v, DomainMatrix):
            scalar = scalar * v
        elif current is None:
            current = v
        elif current.shape[1] == v.shape[0]:
            current = _matmul(current, v)
        elif current.shape == (1, 1):
            scalar, current = scalar * as_scalar(current), v
        elif v.shape == (1, 1):
            scalar = scalar * as_scalar(v)
        else:
            raise Unsupported(f"product of a {current.shape} and a {v.shape} matrix")
    if current is None:
        return scalar
    return _scale(current, scalar)


def _matmul_handler(expr, ev):
    """The product as `model.products` reads it for general dimensions: the 1×1 groups are scalars."""
    try:
        reading = product_reading(expr, ev.layout)
    except IllTyped as exc:
        raise Unsupported(f"ill-typed product: {exc}") from None
    scalar = sympy.Mul(*[ev.scalar(c) for c in reading.coefficient],
                       *[ev.scalar(group_expr(g)) for g in reading.groups])
    current = None
    for factor in reading.chain:
        value = as_matrix(ev.value(factor))
        if current is not None and current.shape[1] != value.shape[0]:
            raise Undefined(f"product of a {current.shape} and a {value.shape} matrix on this instance")
        current = value if current is None else _matmul(current, value)
    return _scalar_matrix(scalar) if current is None else _scale(current, scalar)


def _matadd(expr, ev):
    return _scalar_add(expr, ev)


def _hadamard(expr, ev):
    values = [as_matrix(ev.value(a)) for a in expr.args]
    result = values[0]
    for v in values[1:]:
        if v.shape != result.shape:
            raise Unsupported("Hadamard product of different shapes")
        result, v = _unify(result, v)
        result = result.mul_elementwise(v)
    return result


def _hadamard_power(expr, ev):
    base = as_matrix(ev.value(expr.base))
    exp = ev.scalar(expr.exp)
    rows = [[power(base.getitem_sympy(i, j), exp) for j in range(base.shape[1])] for i in range(base.shape[0])]
    return to_domain_matrix(rows)


def _trace(expr, ev):
    value = ev.value(expr.arg)
    if not isinstance(value, DomainMatrix):
        return value
    rows, cols = value.shape
    if rows != cols:
        raise Undefined(f"trace of a non-square {rows}×{cols} matrix")
    return sympy.Add(*[value.getitem_sympy(i, i) for i in range(rows)])


def _determinant(expr, ev):
    value = ev.value(expr.arg)
    if not isinstance(value, DomainMatrix):
        return value
    if value.shape[0] != value.shape[1]:
        raise Undefined("determinant of a non-square matrix")
    return value.domain.to_sympy(value.det())


def _block(expr, ev):
    blocks = expr.blocks
    rows = []
    for i in range(blocks.rows):
        row = [as_matrix(ev.value(blocks[i, j])) for j in range(blocks.cols)]
        rows.append(_stack(row, horizontal=True))
    return _stack(rows, horizontal=False)


def _stack(parts: list, horizontal: bool) -> DomainMatrix:
    result = parts[0]
    for part in parts[1:]:
        result, part = _unify(result, part)
        try:
            result = result.hstack(part) if horizontal else result.vstack(part)
        except DMError as exc:
            raise Unsupported(f"blocks do not fit: {exc}") from None
    return result


def _element(expr, ev):
    parent = as_matrix(ev.value(expr.parent))
    i, j = ev.scalar(expr.i), ev.scalar(expr.j)
    if not (i.is_Integer and j.is_Integer and 0 <= i < parent.shape[0] and 0 <= j < parent.shape[1]):
        raise Undefined(f"entry ({i}, {j}) of a {parent.shape[0]}×{parent.shape[1]} matrix")
    return parent.getitem_sympy(int(i), int(j))


# --- derivatives and limits on an instance ------------------------------------------------------

_KINKS = (sympy.Abs, sympy.sign, sympy.Heaviside, sympy.floor, sympy.ceiling)


def _derivative(expr, ev):
    """Differentiate exactly on the instance: the variable becomes fresh symbols, all else is fixed."""
    f = expr.expr
    ev.value(f)  # f must be defined at the point itself (every inverse exists there)
    fresh, point = {}, {}
    for var, _count in expr.variable_count:
        if var in fresh:
            continue
        if var in ev.tied:
            raise Unsupported(f"derivative by {var}, which the assumptions tie to other values or a structure")
        if isinstance(var, MatrixSymbol):
            rows, cols = ev.dim(var.rows), ev.dim(var.cols)
            symbols = sympy.Matrix(rows, cols, lambda i, j: sympy.Dummy(f"{var.name}_{i}{j}", real=True))
            fresh[var] = symbols
            at = as_matrix(ev.value(var))
            point.update({symbols[i, j]: at.getitem_sympy(i, j) for i in range(rows) for j in range(cols)})
        elif isinstance(var, sympy.Symbol):
            symbol = sympy.Dummy(var.name, real=True)
            fresh[var] = symbol
            point[symbol] = ev.scalar(var)
        else:
            raise Unsupported(f"derivative with respect to {var}")
    symbolic = ev.child({v: (to_domain_matrix(s) if isinstance(s, sympy.MatrixBase) else s)
                         for v, s in fresh.items()})
    value = symbolic.value(f)
    at_point = ev.child(point)
    if not _plain_rational_functions(value):
        value = to_sympy(value)
        _refuse_kinks(value, at_point)
    for var, count in expr.variable_count:
        for _ in range(int(count)):
            value = differentiate(value, fresh[var], ev.layout)
    entries = list(value) if isinstance(value, sympy.MatrixBase) else [value]
    if any(entry.has(sympy.Derivative, sympy.Subs, sympy.DiracDelta) for entry in entries):
        raise Unsupported("SymPy left a derivative unevaluated")
    if isinstance(value, sympy.MatrixBase):
        return at_point.value(sympy.ImmutableMatrix(value))
    return at_point.value(value)


def _plain_rational_functions(value) -> bool:
    """Entries in QQ(symbols) or QQ: no kinks, and derivatives can be taken in the domain."""
    if not isinstance(value, DomainMatrix):
        return False
    K = value.domain
    return _exact_domain(K) or ((K.is_FractionField or K.is_PolynomialRing) and K.dom.is_Exact
                                and all(g.is_Symbol for g in K.symbols))


def _refuse_kinks(value, at_point: Evaluator) -> None:
    """A derivative does not exist where Abs, Heaviside, Max, Piecewise, ... switch branch."""
    entries = list(value) if isinstance(value, sympy.MatrixBase) else [value]
    for entry in entries:
        for node in sympy.preorder_traversal(entry):
            if isinstance(node, _KINKS):
                arg = at_point.scalar(node.args[0])
                if isinstance(node, (sympy.floor, sympy.ceiling)):
                    if arg.is_Integer:
                        raise Undefined("not differentiable at a jump")
                elif _sign(arg) == 0:
                    raise Undefined(f"not differentiable where {node.args[0]} = 0")
            elif isinstance(node, (sympy.Max, sympy.Min)):
                args = [at_point.scalar(a) for a in node.args]
                if any(_sign(a - b) == 0 for k, a in enumerate(args) for b in args[k + 1:]):
                    raise Undefined("not differentiable where Max/Min arguments tie")
            elif isinstance(node, sympy.Piecewise):
                for _piece, cond in node.args:
                    for rel in ([cond] if isinstance(cond, sympy.core.relational.Relational)
                                else list(cond.atoms(sympy.core.relational.Relational))):
                        if _sign(at_point.scalar(rel.lhs) - at_point.scalar(rel.rhs)) == 0:
                            raise Undefined("not differentiable on a Piecewise boundary")


class _Partials:
    """Entries of a value and their partial derivatives; in the domain when it is QQ(symbols)."""

    def __init__(self, value):
        self.domain = None
        if isinstance(value, DomainMatrix):
            if _plain_rational_functions(value) and not _exact_domain(value.domain):
                self.domain, self.matrix = value.domain, value
                self.shape = value.shape
                return
            value = to_sympy(value)
        if isinstance(value, sympy.MatrixBase):
            self.matrix, self.shape = value, value.shape
        else:
            self.matrix, self.shape = sympy.Matrix([[value]]), None

    def partial(self, i: int, j: int, symbol):
        if self.domain is not None:
            K = self.domain
            element = self.matrix.rep.getitem(i, j)
            ring = K.field if K.is_FractionField else K.ring
            if symbol not in ring.symbols:
                return sympy.S.Zero
            return K.to_sympy(element.diff(ring.gens[ring.symbols.index(symbol)]))
        return sympy.diff(self.matrix[i, j], symbol)

    def applied(self, symbol):
        rows, cols = self.shape or (1, 1)
        result = sympy.Matrix(rows, cols, lambda i, j: self.partial(i, j, symbol))
        return result if self.shape is not None else result[0, 0]


def differentiate(value, variable, layout: str):
    """d value / d variable on explicit values (SymPy or DomainMatrix), arranged by layout (CONTRACT §1)."""
    parts = _Partials(value)
    if not isinstance(variable, sympy.MatrixBase) or variable.shape == (1, 1):
        v = variable if not isinstance(variable, sympy.MatrixBase) else variable[0, 0]
        return parts.applied(v)
    r, s = variable.shape
    if parts.shape is None or parts.shape == (1, 1):
        result = sympy.Matrix(s, r, lambda j, i: parts.partial(0, 0, variable[i, j]))
    elif parts.shape[1] == 1 and s == 1:
        p = parts.shape[0]
        result = sympy.Matrix(p, r, lambda a, k: parts.partial(a, 0, variable[k, 0]))
    else:
        raise Unsupported(f"derivative of a {parts.shape} matrix by a {variable.shape} matrix")
    return result.T if layout == "denominator" else result


def _limit(expr, ev):
    body, var, point, direction = expr.args
    if var in ev.tied:
        raise Unsupported(f"limit in {var}, which the assumptions tie to other values")
    t = sympy.Dummy(str(var), real=True)
    target = point if point in (sympy.oo, -sympy.oo) else ev.scalar(point)
    value = to_sympy(ev.child({var: t}).value(body))
    if isinstance(value, sympy.MatrixBase):
        rows = [[limit_entry(value[i, j], t, target, str(direction)) for j in range(value.cols)]
                for i in range(value.rows)]
        return to_domain_matrix(rows)
    return limit_entry(value, t, target, str(direction))


def limit_entry(entry, t, target, direction: str):
    """The exact limit of one explicit entry; rational functions by degrees, others by sympy.limit."""
    if t not in entry.free_symbols:
        return entry
    if entry.is_rational_function(t):
        return _rational_limit(sympy.cancel(entry), t, target)
    try:
        result = sympy.limit(entry, t, target, direction)
    except Exception as exc:  # SymPy failing on a limit only means we have no value
        raise Undecided(f"sympy.limit failed: {exc}") from None
    if result.free_symbols or result.has(sympy.Limit, sympy.AccumBounds) or sign_of(result) is None:
        raise Undefined(f"the limit is {result}, not a finite real number")
    return result


def _rational_limit(entry, t, target):
    num, den = sympy.fraction(entry)
    num_c = _trimmed(sympy.Poly(num, t).all_coeffs())
    den_c = _trimmed(sympy.Poly(den, t).all_coeffs())
    if not den_c:
        raise Undefined("division by zero in a limit")
    if not num_c:
        return sympy.S.Zero
    if target in (sympy.oo, -sympy.oo):
        if len(num_c) < len(den_c):
            return sympy.S.Zero
        if len(num_c) == len(den_c):
            return num_c[0] / den_c[0]
        raise Undefined("the limit is infinite")
    d = sympy.Add(*[c * target ** k for k, c in enumerate(reversed(den_c))])
    if _sign(d) == 0:
        raise Undefined("the limit is infinite or does not exist")
    n = sympy.Add(*[c * target ** k for k, c in enumerate(reversed(num_c))])
    return n / d


def _trimmed(coeffs: list) -> list:
    """Drop leading coefficients that are exactly zero (formal domains may miss that)."""
    while coeffs and _sign(coeffs[0]) == 0:
        coeffs = coeffs[1:]
    return coeffs


# --- the table ------------------------------------------------------------------------------------

for _cls, _fn in {
    sympy.Number: _number,
    sympy.NumberSymbol: _number,
    sympy.Symbol: _symbol,
    sympy.Add: _scalar_add,
    sympy.Mul: _scalar_mul,
    sympy.Pow: _pow,
    sympy.exp: _exp,
    sympy.log: _log,
    sympy.Abs: _abs,
    sympy.sign: _sign_fn,
    sympy.Heaviside: _heaviside,
    sympy.Max: _extremum(True),
    sympy.Min: _extremum(False),
    sympy.Piecewise: _piecewise,
    sympy.Function: _function,
    sympy.core.relational.Relational: _relational,
    sympy.And: _boolean(all),
    sympy.Or: _boolean(any),
    sympy.Not: _not,
    sympy.logic.boolalg.BooleanAtom: lambda expr, ev: expr,
    MatrixSymbol: _matrix_symbol,
    Identity: _identity,
    ZeroMatrix: _zero_matrix,
    OneMatrix: _one_matrix,
    sympy.MatrixBase: _explicit,
    Transpose: _transpose,
    Inverse: _inverse,
    MatPow: _matpow,
    MatMul: _matmul_handler,
    MatAdd: _matadd,
    HadamardProduct: _hadamard,
    HadamardPower: _hadamard_power,
    Trace: _trace,
    Determinant: _determinant,
    BlockMatrix: _block,
    MatrixElement: _element,
    sympy.Derivative: _derivative,
    sympy.Limit: _limit,
}.items():
    register_evaluator(_cls, _fn)


def evaluate(expr, instance: Instance, layout: str = "numerator"):
    """The exact value of `expr` on `instance`: a SymPy scalar or ImmutableMatrix (1×1 is a scalar)."""
    return to_sympy(Evaluator(instance, layout).value(sympy.sympify(expr)))


# assumptions and the decision of a claim on an instance live next door; re-exported here
from .check import Outcome, assumptions_hold, check, failing_assumption  # noqa: E402

__all__ = ["Instance", "Undefined", "Undecided", "Unsupported", "Evaluator", "evaluate",
           "register_evaluator", "EVALUATORS", "to_domain_matrix", "to_sympy", "compare", "invert",
           "differentiate", "Outcome", "assumptions_hold", "failing_assumption", "check"]
