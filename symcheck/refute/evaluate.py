"""Exact evaluation of an expression on one concrete instance (dimensions and values).

Owns `Instance`, the `Evaluator` and its rule table `EVALUATORS` (a read-only mapping from
an expression class to `handler(expr, ev)`), the scalar, boolean and matrix rules, `compare`
and `evaluate(expr, instance, layout)`. The table is assembled here, once, from this
module's rules and the rules exported by `refute.calculus` (Derivative, Limit),
`refute.constructs_eval` (symcheck's own constructs) and `refute.structured_eval` (Kronecker
products, diagonals, element-wise functions, vec); nothing registers at import. A caller
that needs more rules passes its own table (`Evaluator(..., rules={**EVALUATORS, ...})`).
Deciding a claim on an instance (assumptions, relation) is `refute.check`.

Matrices are `DomainMatrix` over an exact field (QQ, an algebraic field QQ<a>, or
rational functions in fresh symbols while differentiating), so a 20×20 instance
takes milliseconds (`refute.linalg`). Scalars are exact SymPy numbers; while differentiating, a
trace, determinant, sum, product or integer power whose value is a rational function of the fresh
symbols stays a formal scalar in its domain (`Evaluator.formal_value`, `linalg.formal_combine`), and
`Evaluator.value` hands every other rule its SymPy expression. Every sign question
(Abs, Heaviside, Piecewise conditions, log of a positive number, the claim's relation)
goes through `exact.sign_of`, never through floats. A division by zero, a singular
inverse, the log of a nonpositive number, ... raise `Undefined` (`refute.errors`): such an
instance says nothing about the claim.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Mapping

import sympy
from sympy import Basic
from sympy.matrices.expressions import (
    BlockMatrix, Determinant, HadamardPower, HadamardProduct, Identity, Inverse, MatAdd, MatMul,
    MatPow, MatrixSymbol, OneMatrix, Trace, Transpose, ZeroMatrix,
)
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.polys.matrices import DomainMatrix
from sympy.polys.matrices.domainscalar import DomainScalar
from sympy.polys.matrices.exceptions import DMError

from ..model import relations

from ..model.products import group_expr
from ..model.shapes import IllTyped, product_reading
from .calculus import CALCULUS_EVALUATORS
from .constructs_eval import CONSTRUCT_EVALUATORS
from .structured_eval import STRUCTURED_EVALUATORS
from .errors import NotEvaluable, Undecided, Undefined
from .exact import decide_relation
from .linalg import (add, as_matrix, as_scalar, checked_scalar, formal_combine, formal_domain, formal_operand, invert,
                     is_formal, is_symbolic, matmul, matrices_equal, matrix_power, plain, power, scalar_matrix, scale,
                     sign_or_undecided, to_domain_matrix, to_sympy, unify)

Handler = Callable[[Basic, "Evaluator"], Any]


@dataclass
class Instance:
    """Concrete sizes for the dimension symbols and exact values for the other symbols."""

    dims: dict
    values: dict
    _converted: dict = field(default_factory=dict, repr=False, compare=False)


class Evaluator:
    """Evaluates expressions on one instance; `overrides` binds extra symbols (derivatives, limits)."""

    def __init__(self, instance: Instance, layout: str = "numerator", overrides: dict | None = None,
                 tied: frozenset = frozenset(), rules: Mapping[type, Handler] | None = None):
        self.instance = instance
        self.rules = EVALUATORS if rules is None else rules  # class -> handler(expr, ev)
        self.layout = layout
        self.overrides = overrides or {}
        # Symbols the assumptions tie to others or to a structure (Eq(Y, X.T*X), Q.symmetric(S)):
        # holding "everything else fixed" while varying them has no single meaning.
        self.tied = tied
        self._memo: dict = {}
        self._plain: dict = {}  # expression -> the SymPy form of its formal value
        self._dims: dict = {}   # dimension expression -> its size on this instance

    def child(self, overrides: dict) -> "Evaluator":
        """An evaluator on the same instance with more symbols bound (a derivative's variable, a limit's)."""
        return Evaluator(self.instance, self.layout, {**self.overrides, **overrides}, self.tied, self.rules)

    def value(self, expr) -> Any:
        """A SymPy scalar or a DomainMatrix."""
        result = self.formal_value(expr)
        if not isinstance(result, DomainScalar):
            return result
        try:
            return self._plain[expr]
        except (KeyError, TypeError):
            pass
        result = plain(result)
        try:
            self._plain[expr] = result
        except TypeError:
            pass
        return result

    def formal_value(self, expr) -> Any:
        """`value`, except that a scalar rational function of fresh symbols may come as a formal scalar (a
        `DomainScalar`, see `refute.linalg`), for the rules that combine such scalars in their domain."""
        if isinstance(expr, (int,)) and not isinstance(expr, bool):
            return sympy.Integer(expr)
        try:
            return self._memo[expr]
        except (KeyError, TypeError):
            pass
        handler = _handler_for(expr, self.rules)
        if handler is None:
            raise NotEvaluable(f"no evaluation rule for {type(expr).__name__}")
        result = handler(expr, self)
        if not isinstance(result, (DomainMatrix, DomainScalar, bool)):
            result = checked_scalar(sympy.sympify(result))
        self._memo[expr] = result
        return result

    def scalar(self, expr):
        """The value of an expression that must be a scalar (a 1×1 matrix is read as its entry)."""
        return as_scalar(self.value(expr))

    def dim(self, d) -> int:
        """The size of a dimension expression on this instance."""
        try:
            return self._dims[d]
        except (KeyError, TypeError):
            pass
        given = self.instance.dims.get(d) if isinstance(d, sympy.Symbol) else None
        if isinstance(given, int) and given >= 0:  # a dimension symbol: its size, without substituting
            self._dims[d] = given
            return given
        size = sympy.sympify(d).xreplace({k: sympy.Integer(v) for k, v in self.instance.dims.items()})
        if not size.is_Integer or size < 0:
            raise Undefined(f"dimension {d} has no size on this instance")
        self._dims[d] = int(size)
        return int(size)

    def lookup(self, symbol) -> Any:
        """The value of a symbol: bound by an override, given by the instance, or a dimension's size."""
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


def _handler_for(expr, rules: Mapping[type, Handler]) -> Handler | None:
    for cls in type(expr).__mro__:
        handler = rules.get(cls)
        if handler is not None:
            return handler
    return None


# --- scalar rules ---------------------------------------------------------------------------------

def _number(expr, ev):
    if isinstance(expr, sympy.Float):
        raise NotEvaluable(f"the float {expr} is not exact; write a Rational")
    return expr


def _symbol(expr, ev):
    return ev.lookup(expr)


def _scalar_add(expr, ev):
    values = [ev.formal_value(a) for a in expr.args]
    has_matrix = any(isinstance(v, DomainMatrix) and v.shape != (1, 1) for v in values)
    formal = None if has_matrix else formal_combine(values, multiply=False)
    if formal is not None:
        return formal
    values = [plain(v) for v in values]
    if has_matrix:
        total = None
        for v in values:
            total = v if total is None else add(as_matrix(total), as_matrix(v))
        return total
    return sympy.Add(*[as_scalar(v) for v in values])


def _scalar_mul(expr, ev):
    values = [ev.formal_value(a) for a in expr.args]
    if any(isinstance(v, DomainMatrix) for v in values):
        return _product([plain(v) for v in values])
    formal = formal_combine(values, multiply=True)
    if formal is not None:
        return formal
    return sympy.Mul(*[plain(v) for v in values])


def _pow(expr, ev):
    base = ev.formal_value(expr.base)
    exp = ev.scalar(expr.exp)
    if isinstance(base, DomainMatrix) and base.shape != (1, 1):
        return matrix_power(base, exp)
    K, element = formal_operand(base) if exp.is_Integer and is_formal(base) else (None, None)
    if element:  # a nonzero formal scalar
        if exp < 0:
            field = K.get_field()
            return DomainScalar(field.one / field.convert_from(element, K) ** int(-exp), field)
        return DomainScalar(element ** int(exp), K)
    return power(as_scalar(plain(base)), exp)


def _exp(expr, ev):
    return sympy.exp(ev.scalar(expr.args[0]))


def _log(expr, ev):
    arg = ev.scalar(expr.args[0])
    if not is_symbolic(arg) and sign_or_undecided(arg) <= 0:
        raise Undefined(f"log of {arg}, which is not positive")
    return sympy.log(arg)


def _abs(expr, ev):
    arg = ev.scalar(expr.args[0])
    if is_symbolic(arg):
        return sympy.Abs(arg)
    return arg if sign_or_undecided(arg) >= 0 else -arg


def _sign_fn(expr, ev):
    arg = ev.scalar(expr.args[0])
    if is_symbolic(arg):
        return sympy.sign(arg)
    return sympy.Integer(sign_or_undecided(arg))


def _heaviside(expr, ev):
    arg = ev.scalar(expr.args[0])
    at_zero = ev.scalar(expr.args[1]) if len(expr.args) > 1 else sympy.S.Half
    if is_symbolic(arg):
        return sympy.Heaviside(arg, at_zero)
    return {-1: sympy.S.Zero, 0: at_zero, 1: sympy.S.One}[sign_or_undecided(arg)]


def _extremum(pick_larger: bool):
    def handler(expr, ev):
        values = [ev.scalar(a) for a in expr.args]
        if any(is_symbolic(v) for v in values):
            return (sympy.Max if pick_larger else sympy.Min)(*values)
        best = values[0]
        for v in values[1:]:
            s = sign_or_undecided(v - best)
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

def _relational(expr, ev):
    op = relations.key_of(expr)
    if op is None:
        raise NotEvaluable(f"relation {type(expr).__name__}")
    left, right = ev.value(expr.lhs), ev.value(expr.rhs)
    result = compare(op, left, right)
    if result is None:
        if is_symbolic(to_sympy(left)) or is_symbolic(to_sympy(right)):
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
                raise NotEvaluable(f"relation {relation} between matrices")
            equal = matrices_equal(left, right)
            return None if equal is None else (equal if relation == "==" else not equal)
        left, right = as_scalar(left), as_scalar(right)
    if is_symbolic(left) or is_symbolic(right):
        return None
    return decide_relation(relation, left, right)


# --- matrix rules ---------------------------------------------------------------------------------

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


def _matpow(expr, ev):
    base = ev.value(expr.base)
    exp = ev.scalar(expr.exp)
    if isinstance(base, DomainMatrix) and base.shape != (1, 1):
        return matrix_power(base, exp)
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
            current = matmul(current, v)
        elif current.shape == (1, 1):
            scalar, current = scalar * as_scalar(current), v
        elif v.shape == (1, 1):
            scalar = scalar * as_scalar(v)
        else:
            raise NotEvaluable(f"product of a {current.shape} and a {v.shape} matrix")
    if current is None:
        return scalar
    return scale(current, scalar)


def _matmul_handler(expr, ev):
    """The product as `model.products` reads it for general dimensions: the 1×1 groups are scalars."""
    try:
        reading = product_reading(expr, ev.layout)
    except IllTyped as exc:
        raise NotEvaluable(f"ill-typed product: {exc}") from None
    scalar, formal = sympy.S.One, []
    for value in [*(ev.formal_value(c) for c in reading.coefficient),
                  *(ev.formal_value(group_expr(g)) for g in reading.groups)]:
        if is_formal(value):
            formal.append(value)
        else:
            scalar = scalar * as_scalar(value)
    current = None
    for factor in reading.chain:
        value = as_matrix(ev.value(factor))
        if current is not None and current.shape[1] != value.shape[0]:
            raise Undefined(f"product of a {current.shape} and a {value.shape} matrix on this instance")
        current = value if current is None else matmul(current, value)
    combined = formal_combine([*formal, scalar], multiply=True) if formal and scalar.is_Rational else None
    if combined is not None:  # the scalar factors multiplied in their domain
        if current is None:
            return DomainMatrix([[combined.element]], (1, 1), combined.domain).to_dense()
        return (current * combined).to_dense()
    for value in formal:
        scalar = scalar * plain(as_scalar(value))
    return scalar_matrix(scalar) if current is None else scale(current, scalar)


def _matadd(expr, ev):
    return _scalar_add(expr, ev)


def _hadamard(expr, ev):
    values = [as_matrix(ev.value(a)) for a in expr.args]
    result = values[0]
    for v in values[1:]:
        if v.shape != result.shape:
            raise NotEvaluable("Hadamard product of different shapes")
        result, v = unify(result, v)
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
    K, rep = value.domain, value.rep
    total = sum((rep.getitem(i, i) for i in range(rows)), K.zero)  # summed in the domain: one conversion
    return DomainScalar(total, K) if formal_domain(K) else K.to_sympy(total)


def _determinant(expr, ev):
    value = ev.value(expr.arg)
    if not isinstance(value, DomainMatrix):
        return value
    if value.shape[0] != value.shape[1]:
        raise Undefined("determinant of a non-square matrix")
    det = value.det()
    return DomainScalar(det, value.domain) if formal_domain(value.domain) else value.domain.to_sympy(det)


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
        result, part = unify(result, part)
        try:
            result = result.hstack(part) if horizontal else result.vstack(part)
        except DMError as exc:
            raise NotEvaluable(f"blocks do not fit: {exc}") from None
    return result


def _element(expr, ev):
    parent = as_matrix(ev.value(expr.parent))
    i, j = ev.scalar(expr.i), ev.scalar(expr.j)
    if not (i.is_Integer and j.is_Integer and 0 <= i < parent.shape[0] and 0 <= j < parent.shape[1]):
        raise Undefined(f"entry ({i}, {j}) of a {parent.shape[0]}×{parent.shape[1]} matrix")
    return parent.getitem_sympy(int(i), int(j))


MAX_SUM_TERMS = 1000  # a Sum with more terms on an instance is not evaluated


def _sum(expr, ev):
    """Σ over one index whose bounds are integers on the instance: the scalar terms added exactly."""
    if len(expr.limits) != 1 or len(expr.limits[0]) != 3:
        raise NotEvaluable(f"the sum {sympy.sstr(expr)[:80]} has not exactly one bounded index")
    var, lo, hi = expr.limits[0]
    lo, hi = ev.scalar(lo), ev.scalar(hi)
    if not (lo.is_Integer and hi.is_Integer):
        raise Undefined(f"the bounds {lo}, {hi} of a sum are not integers")
    if hi - lo + 1 > MAX_SUM_TERMS:
        raise NotEvaluable(f"a sum of {hi - lo + 1} terms")
    total = sympy.S.Zero
    for v in range(int(lo), int(hi) + 1):
        total = total + ev.scalar(expr.function.xreplace({var: sympy.Integer(v)}))
    return total


# --- the table ------------------------------------------------------------------------------------

BASE_EVALUATORS: Mapping[type, Handler] = MappingProxyType({
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
    sympy.Sum: _sum,
})

EVALUATORS: Mapping[type, Handler] = MappingProxyType({**BASE_EVALUATORS, **CALCULUS_EVALUATORS,
                                                       **CONSTRUCT_EVALUATORS, **STRUCTURED_EVALUATORS})


def evaluate(expr, instance: Instance, layout: str = "numerator", rules: Mapping[type, Handler] | None = None):
    """The exact value of `expr` on `instance`: a SymPy scalar or ImmutableMatrix (1×1 is a scalar)."""
    return to_sympy(Evaluator(instance, layout, rules=rules).value(sympy.sympify(expr)))


__all__ = ["Instance", "Evaluator", "evaluate", "EVALUATORS", "BASE_EVALUATORS", "Handler", "compare"]
