"""The common case of exact evaluation, straight on python-flint: rational values, plain matrix algebra.

Owns `fast_values(exprs, instance, layout)` (and `FastEvaluator`, the same remembered across
calls on one instance): the exact values of a few expressions on one instance, or None when
this path does not cover them (then the general `Evaluator` of
`refute.evaluate` decides, from scratch). Covered: rational numbers and rational values of
symbols, dimension symbols, matrix symbols with rational values, Identity / ZeroMatrix /
OneMatrix, sums, scalar products, integer powers and rational powers with rational values, matrix products (read as
`model.products` reads them, like the general evaluator), transposes, inverses, integer
matrix powers, traces, determinants, absolute values, block matrices, Piecewise (conditions compared exactly),
Hadamard products and integer Hadamard powers, a function of one scalar applied entrywise (`A.applyfunc(f)`, its body by these same rules),
explicit matrices, Kronecker products, DiagMatrix / DiagonalOf / DiagonalMatrix, vec and the pseudo-inverse of an
exact matrix (`fast_structured`),
and first derivatives of these by one symbol
(`fast_derivative`, given the symbols the assumptions tie), and the argmin / argmax of a
quadratic objective from its gradient and Hessian at 0, and Gaussian expectations of an integrand
of degree at most 4 in the noise (`fast_moments`). Everything else, and every value the
general path would refuse or treat specially (a singular inverse, a division by zero, a
non-integer power, a shape that does not fit), returns None.

Values are `flint.fmpq` (a scalar) or `flint.fmpq_mat` (a matrix, 1×1 included, kept apart
from scalars exactly where the general evaluator keeps a 1×1 DomainMatrix apart from a
number), so every value and every comparison equals the general evaluator's; `to_sympy`
turns a value into the SymPy value the general path would report. The only gain is speed:
SymPy's DomainMatrix wraps the same flint matrices in several Python layers per operation.

Ball mode (`FastEvaluator(..., balls=True)`, asked for only by the cross-check of a proof): a value
that is not rational — π, e, exp, log, sin, cos, tanh, sinh, cosh, sech, atan of a scalar, a root that is
not rational — becomes a rigorous python-flint ball (`ball_values`, `arb` / `arb_mat`); arithmetic
mixing exact values and balls gives balls, and `fast_derivative`'s tangents carry them too. Every
refusal above still holds: a sign that decides something (a division, a log's argument, |u|, a
Piecewise condition, a singular matrix) must be decided exactly or by a ball that excludes 0,
else NotCovered. `compare` decides balls only when their difference excludes 0 (or is exactly
0); a difference ball around 0 decides nothing (None), unless the caller says such an instance
counts as held (`undecided_holds`, the cross-check only). A ball has no SymPy form: `to_sympy`
and `is_fast_value` are for exact values.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import (BlockMatrix, Determinant, HadamardPower, HadamardProduct, Identity, Inverse,
                                        MatAdd, MatMul, MatPow, MatrixSymbol, OneMatrix, Trace, Transpose, ZeroMatrix)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.polys.matrices import DomainMatrix

from ..model import relations
from ..model.products import group_expr
from ..model.shapes import product_reading
from .linalg import to_sympy as _domain_to_sympy

from ..model.constructs import ArgMax, ArgMin, Expectation, MatrixExpectation
from .fast_derivative import derivative as _derivative
from .fast_moments import expectation as _expectation
from .fast_derivative import optimum as _optimum
from .fast_structured import FAST_STRUCTURED as _FAST_STRUCTURED
from .ball_values import CONSTANTS as _CONSTANTS
from .ball_values import ELEMENTARY as _ELEMENTARY
from .ball_values import argument as _argument
from .ball_values import real_power as _real_power
from .ball_values import working_precision as _working_precision
from .flint_values import NotCovered as _NotCovered
from .flint_values import as_matrix as _as_matrix
from .flint_values import as_scalar as _as_scalar
from .flint_values import arb, arb_mat, fmpq, fmpq_mat, hadamard, is_matrix, matrix_of, sign, times
from .flint_values import identity as _identity_matrix
from .flint_values import shape as _shape


def available() -> bool:
    """Is python-flint importable (else fast_values always returns None)?"""
    return fmpq is not None


def fast_values(exprs, instance, layout: str = "numerator") -> list | None:
    """The exact values (fmpq / fmpq_mat) of `exprs` on `instance`, or None when not covered here."""
    return FastEvaluator(instance, layout).values(exprs)


class FastEvaluator:
    """Values on one instance, remembered across calls (expressions sharing parts evaluate them once)."""

    def __init__(self, instance, layout: str = "numerator", tied: frozenset | None = None, balls: bool = False):
        """`tied`: the symbols the claim's assumptions tie (`check.tied_symbols`); derivatives are
        covered only when it is given (a derivative by a tied symbol is left to the general path).
        `balls`: values that are not rational (π, exp, log, a root that is not rational, ...) become
        rigorous balls (`ball_values`) instead of leaving the expression to the general path; only
        the cross-check of a proof asks for them."""
        self._ev = _Fast(instance, layout, tied, balls) if fmpq is not None else None

    def values(self, exprs) -> list | None:
        """The values of `exprs` (exact, or balls when asked for), or None when this path does not cover one of them."""
        if self._ev is None:
            return None
        try:
            if self._ev.balls:
                with _working_precision():
                    return [self._ev.value(e) for e in exprs]
            return [self._ev.value(e) for e in exprs]
        except Exception:  # noqa: BLE001 - not covered, undefined here, or unexpected: the general path decides
            return None


def compare(relation: str, left, right, undecided_holds: bool = False) -> bool | None:
    """`left relation right` for two fast values, as `evaluate.compare` decides it; None when not covered.

    Exact values are compared exactly. With a ball on either side, a difference that excludes 0
    (or is exactly 0) decides as exactly; one that holds 0 and other numbers decides nothing: None,
    or True (the relation counted as holding) with `undecided_holds`, which only the cross-check of
    a proof passes."""
    if not (_is_value(left) and _is_value(right)):
        return None
    left_matrix, right_matrix = is_matrix(left), is_matrix(right)
    if left_matrix or right_matrix:
        if left_matrix and right_matrix and not (_shape(left) == _shape(right) == (1, 1)):
            if relation not in ("==", "!="):
                return None
            equal = _shape(left) == _shape(right) and _matrices_equal(left, right)
            if equal is None:
                return True if undecided_holds else None
            return equal if relation == "==" else not equal
        try:
            left, right = _as_scalar(left), _as_scalar(right)
        except _NotCovered:
            return None
    if isinstance(left, arb) or isinstance(right, arb):
        with _working_precision():
            difference = left - right
        try:
            direction = sign(difference)
        except _NotCovered:
            return True if undecided_holds else None
    else:
        difference = left - right
        direction = (difference > 0) - (difference < 0)
    return relations.holds(relation, direction, 0)


def _matrices_equal(left, right) -> bool | None:
    """Are two matrices of one shape equal? None when balls leave an entry undecided and none differs."""
    if isinstance(left, fmpq_mat) and isinstance(right, fmpq_mat):
        return left == right
    with _working_precision():
        differences = (left - right).entries()
    undecided = False
    for entry in differences:
        try:
            if sign(entry) != 0:
                return False
        except _NotCovered:
            undecided = True
    return None if undecided else True


def _is_value(value) -> bool:
    """A value of this path: exact, or a ball."""
    return fmpq is not None and isinstance(value, (fmpq, fmpq_mat, arb, arb_mat))


def to_sympy(value):
    """The SymPy value the general evaluator reports for this value (1×1 is a scalar)."""
    if isinstance(value, fmpq_mat):
        rows, cols = _shape(value)
        dm = DomainMatrix([[sympy.QQ(int(value[i, j].p), int(value[i, j].q)) for j in range(cols)]
                           for i in range(rows)], (rows, cols), sympy.QQ)
        return _domain_to_sympy(dm)
    if isinstance(value, fmpq):
        return sympy.Rational(int(value.p), int(value.q))
    return value


def to_domain(value):
    """The value in the general evaluator's form (a SymPy number, or a dense DomainMatrix over QQ)."""
    if isinstance(value, fmpq_mat):
        rows, cols = _shape(value)
        return DomainMatrix([[sympy.QQ(int(value[i, j].p), int(value[i, j].q)) for j in range(cols)]
                             for i in range(rows)], (rows, cols), sympy.QQ).to_dense()
    if isinstance(value, fmpq):
        return sympy.Rational(int(value.p), int(value.q))
    return value


def is_fast_value(value) -> bool:
    """Is this an exact value of this path (to be converted with `to_sympy`)? A ball is not: it has no
    exact SymPy form."""
    return fmpq is not None and isinstance(value, (fmpq, fmpq_mat))


# --- the evaluation ---------------------------------------------------------------------------------

def _rational(number) -> "fmpq":
    if isinstance(number, sympy.Integer):
        return fmpq(int(number.p))
    if isinstance(number, sympy.Rational):
        return fmpq(int(number.p), int(number.q))
    raise _NotCovered(f"the number {number}")


def _matrix_of(value) -> "fmpq_mat":
    """A rational SymPy matrix as fmpq_mat (read off its exact representation when it has one)."""
    rep = getattr(value, "_rep", None)
    rows, cols = value.shape
    if isinstance(rep, DomainMatrix) and (rep.domain.is_QQ or rep.domain.is_ZZ):
        domain = rep.domain
        flat = rep.to_list_flat()
        return fmpq_mat(rows, cols, [fmpq(int(domain.numer(x)), int(domain.denom(x))) for x in flat])
    entries = []
    for e in value:
        if not isinstance(e, sympy.Rational):
            raise _NotCovered("a matrix with entries other than rationals")
        entries.append(_rational(e))
    return fmpq_mat(rows, cols, entries)


class _Fast:
    def __init__(self, instance, layout: str, tied: frozenset | None = None, balls: bool = False):
        self.instance, self.layout, self.tied, self.balls = instance, layout, tied, balls
        self.bindings: dict = {}  # symbols bound to values of this path (an entrywise function's variable)
        self.memo: dict = {}
        self.sizes = {k: int(v) for k, v in instance.dims.items()}

    def child(self, values: dict) -> "_Fast":
        """An evaluator on the same dimensions with some symbols given other values (an optimum's variable at 0)."""
        instance = type(self.instance)(dict(self.instance.dims), {**self.instance.values, **values})
        return _Fast(instance, self.layout, self.tied, self.balls)

    def bound(self, bindings: dict) -> "_Fast":
        """An evaluator on the same instance with some symbols bound to values of this path."""
        child = _Fast(self.instance, self.layout, self.tied, self.balls)
        child.bindings = {**self.bindings, **bindings}
        return child

    @staticmethod
    def applied_function(expr) -> tuple:
        """(variable, body) of the function an ElementwiseApplyFunction applies (NotCovered unless of one scalar)."""
        variables = getattr(expr.function, "variables", None)
        if variables is None or len(variables) != 1:
            raise _NotCovered("an entrywise function that is not a function of one scalar")
        return variables[0], expr.function.expr

    def need_balls(self, what: str) -> None:
        """NotCovered unless values that are not rational may be balls here."""
        if not self.balls:
            raise _NotCovered(what)

    def condition(self, cond) -> bool:
        """The truth of a Piecewise condition: True, False, or a comparison of two values decided exactly."""
        if cond is sympy.true or cond is sympy.false:
            return bool(cond)
        op = relations.key_of(cond)
        truth = None if op is None else compare(op, self.value(cond.lhs), self.value(cond.rhs))
        if truth is None:
            raise _NotCovered(f"the condition {type(cond).__name__}")
        return truth

    def reading(self, expr) -> tuple:
        """A product's (scalar factors, matrix chain), as `_matmul` reads it."""
        reading = _reading(expr, self.layout)
        if reading is None:
            raise _NotCovered("a product without a reading")
        return reading

    def value(self, expr):
        try:
            return self.memo[expr]
        except KeyError:
            pass
        handler = _HANDLERS.get(type(expr))
        if handler is None:
            if isinstance(expr, sympy.Rational):
                handler = _number
            else:
                raise _NotCovered(type(expr).__name__)
        result = handler(expr, self)
        self.memo[expr] = result
        return result

    def scalar(self, expr):
        return _as_scalar(self.value(expr))

    def dim(self, d) -> int:
        if d in self.sizes:
            return self.sizes[d]
        if isinstance(d, sympy.Integer):
            size = int(d)
        else:
            size = sympy.sympify(d).xreplace({k: sympy.Integer(v) for k, v in self.sizes.items()})
            if not size.is_Integer:
                raise _NotCovered(f"dimension {d}")
            size = int(size)
        if size < 0:
            raise _NotCovered(f"dimension {d}")
        return size


def _number(expr, ev):
    return _rational(expr)


def _symbol(expr, ev):
    if expr in ev.bindings:
        return ev.bindings[expr]
    values = ev.instance.values
    if expr in values:
        value = values[expr]
        if isinstance(value, sympy.Rational):
            return _rational(value)
        raise _NotCovered(f"the value of {expr}")
    if expr in ev.sizes:
        return fmpq(ev.sizes[expr])
    raise _NotCovered(f"no value for {expr}")


def _matrix_symbol(expr, ev):
    if expr in ev.bindings:  # a value this path gave it (an expectation's noise at a point)
        return ev.bindings[expr]
    cache = ev.instance._converted
    key = ("fmpq_mat", expr)
    if key not in cache:
        value = ev.instance.values.get(expr)
        if not isinstance(value, sympy.MatrixBase):
            raise _NotCovered(f"the value of {expr}")
        expected = (ev.dim(expr.shape[0]), ev.dim(expr.shape[1]))
        if tuple(value.shape) != expected:
            raise _NotCovered(f"the shape of {expr}'s value")
        cache[key] = _matrix_of(value)
    return cache[key]


def _identity(expr, ev):
    n = ev.dim(expr.rows)
    return _identity_matrix(n)


def _zero_matrix(expr, ev):
    return fmpq_mat(ev.dim(expr.rows), ev.dim(expr.cols))


def _one_matrix(expr, ev):
    rows, cols = ev.dim(expr.rows), ev.dim(expr.cols)
    return fmpq_mat(rows, cols, [fmpq(1)] * (rows * cols))


def _add(expr, ev):
    values = [ev.value(a) for a in expr.args]
    if any(is_matrix(v) and _shape(v) != (1, 1) for v in values):
        total = None
        for v in values:
            v = _as_matrix(v)
            if total is not None and _shape(total) != _shape(v):
                raise _NotCovered("a sum of different shapes")
            total = v if total is None else total + v
        return total
    total = fmpq(0)
    for v in values:
        total += _as_scalar(v)
    return total


def _mul(expr, ev):
    values = [ev.value(a) for a in expr.args]
    if any(is_matrix(v) for v in values):
        raise _NotCovered("a scalar product with a matrix factor")
    total = fmpq(1)
    for v in values:
        total *= v
    return total


def _integer_exponent(ev, exp) -> int:
    value = ev.scalar(exp)
    if isinstance(value, arb) or value.q != 1:
        raise _NotCovered("a non-integer exponent")
    return int(value.p)


def _rational_power(base, exp):
    """base**(p/q), q > 1, when it is rational (a nonnegative base whose terms are perfect q-th powers),
    as SymPy gives it: ‖x‖ = (xᵀx)^(1/2) on most draws; anything else is not covered."""
    p, q = int(exp.p), int(exp.q)
    if base < 0:
        raise _NotCovered("a fractional power of a negative number")
    if base == 0:
        if p > 0:
            return fmpq(0)
        raise _NotCovered("a nonpositive power of 0")
    numerator, denominator = base.p, base.q
    top, bottom = numerator.root(q), denominator.root(q)
    if top ** q != numerator or bottom ** q != denominator:
        raise _NotCovered("an irrational power")
    return fmpq(top, bottom) ** p


def _fractional_power(base, exponent, ev):
    """base**exponent for a scalar base and an exponent that is not an integer: exact when it is
    rational, else (only where balls are asked for) a ball."""
    if not (isinstance(base, arb) or isinstance(exponent, arb)):
        try:
            return _rational_power(base, exponent)
        except _NotCovered:
            if not ev.balls:
                raise
    ev.need_balls("a power that is not rational")
    return _real_power(base, exponent)


def _power(expr, ev):
    base = ev.value(expr.args[0])
    if not (is_matrix(base) and _shape(base) != (1, 1)):
        exponent = ev.scalar(expr.args[1])
        if isinstance(exponent, arb) or exponent.q != 1:
            return _fractional_power(_as_scalar(base), exponent, ev)
    exp = _integer_exponent(ev, expr.args[1])
    if is_matrix(base) and _shape(base) != (1, 1):
        rows, cols = _shape(base)
        if rows != cols:
            raise _NotCovered("a power of a non-square matrix")
        if exp < 0:
            base, exp = base.inv(), -exp  # ZeroDivisionError when singular: not covered
        result = _identity_matrix(rows)
        for _ in range(exp):
            result = result * base
        return result
    base = _as_scalar(base)
    if exp < 0 and sign(base) == 0:
        raise _NotCovered("division by zero")
    return base ** exp


def _abs(expr, ev):
    value = ev.scalar(expr.args[0])
    return value if sign(value) >= 0 else -value


def _constant(expr, ev):
    """π or e, as a ball."""
    ev.need_balls(type(expr).__name__)
    return _CONSTANTS[type(expr)]()


def _elementary(expr, ev):
    """exp, log, sin, tanh, ... of a scalar, as a ball (log only of a positive number)."""
    ev.need_balls(type(expr).__name__)
    function = _ELEMENTARY[type(expr)]
    return function.value(_argument(function, ev.scalar(expr.args[0])))


def _transpose(expr, ev):
    value = ev.value(expr.arg)
    return value.transpose() if is_matrix(value) else value


def _inverse(expr, ev):
    value = ev.value(expr.arg)
    if is_matrix(value):
        rows, cols = _shape(value)
        if rows != cols:
            raise _NotCovered("inverse of a non-square matrix")
        return value.inv()  # ZeroDivisionError when singular (or, for balls, not shown invertible): not covered
    if sign(value) == 0:
        raise _NotCovered("division by zero")
    return 1 / value


_READINGS: dict = {}   # (id(product), layout) -> (product, reading): kept for the very object
MAX_READINGS = 8192


def _reading(expr, layout: str) -> tuple | None:
    """(scalar factors: coefficients then 1×1 groups as expressions, matrix chain), or None when the
    product has no reading; built once per product (a group's expression is a new MatMul each time).

    Kept by the identity of the product: a cache by equality would compare every new answer's
    products, node by node, with the equal ones of earlier answers on every lookup."""
    key = (id(expr), layout)
    known = _READINGS.get(key)
    if known is not None and known[0] is expr:
        return known[1]
    try:
        found = product_reading(expr, layout)
        reading = (tuple(found.coefficient) + tuple(group_expr(g) for g in found.groups), tuple(found.chain))
    except Exception:  # noqa: BLE001 - ill-typed here: the general path says how
        reading = None
    if len(_READINGS) >= MAX_READINGS:
        _READINGS.clear()
    _READINGS[key] = (expr, reading)  # holding the product keeps its id its own
    return reading


def _matmul(expr, ev):
    scalars, chain = ev.reading(expr)
    scalar = fmpq(1)
    for c in scalars:
        scalar *= ev.scalar(c)
    current = None
    for factor in chain:
        value = _as_matrix(ev.value(factor))
        if current is not None and current.ncols() != value.nrows():
            raise _NotCovered("a product that does not fit on this instance")
        current = value if current is None else current * value
    if current is None:
        return matrix_of(1, 1, [scalar])
    return current if scalar == 1 else times(current, scalar)


def _trace(expr, ev):
    value = ev.value(expr.arg)
    if not is_matrix(value):
        return value
    rows, cols = _shape(value)
    if rows != cols:
        raise _NotCovered("trace of a non-square matrix")
    total = fmpq(0)
    for i in range(rows):
        total += value[i, i]
    return total


def _block(expr, ev):
    """A block matrix put together from its blocks' values (blocks that do not fit: the general path says so)."""
    blocks = expr.blocks
    entries, width = [], None
    for i in range(blocks.rows):
        row = [_as_matrix(ev.value(blocks[i, j])) for j in range(blocks.cols)]
        height = row[0].nrows()
        if any(m.nrows() != height for m in row):
            raise _NotCovered("blocks that do not fit")
        if width is None:
            width = sum(m.ncols() for m in row)
        elif sum(m.ncols() for m in row) != width:
            raise _NotCovered("blocks that do not fit")
        flat = [m.entries() for m in row]
        for r in range(height):
            for m, values in zip(row, flat):
                entries.extend(values[r * m.ncols():(r + 1) * m.ncols()])
    return matrix_of(len(entries) // width, width, entries)


def _hadamard(expr, ev):
    result = None
    for arg in expr.args:
        value = _as_matrix(ev.value(arg))
        result = value if result is None else hadamard(result, value)
    return result


def _hadamard_power(expr, ev):
    """Every entry to an integer power (a negative one only of entries that are not 0)."""
    base = _as_matrix(ev.value(expr.base))
    exponent = _integer_exponent(ev, expr.exp)
    entries = base.entries()
    if exponent < 0 and any(sign(e) == 0 for e in entries):
        raise _NotCovered("division by zero")
    return matrix_of(base.nrows(), base.ncols(), [e ** exponent for e in entries])


def _elementwise(expr, ev):
    """f(entry) for every entry, the body of f evaluated by this path's rules with its variable bound."""
    var, body = ev.applied_function(expr)
    argument = _as_matrix(ev.value(expr.expr))
    rows, cols = _shape(argument)
    return matrix_of(rows, cols, [ev.bound({var: entry}).scalar(body) for entry in argument.entries()])


def _piecewise(expr, ev):
    """The first branch whose condition holds (only that branch is evaluated), as the general path picks it."""
    for piece, cond in expr.args:
        if ev.condition(cond):
            return ev.value(piece)
    raise _NotCovered("no branch of the Piecewise applies")


def _determinant(expr, ev):
    value = ev.value(expr.arg)
    if not is_matrix(value):
        return value
    if value.nrows() != value.ncols():
        raise _NotCovered("determinant of a non-square matrix")
    return value.det()


_HANDLERS = {
    sympy.Integer: _number, sympy.Rational: _number, sympy.core.numbers.One: _number,
    sympy.core.numbers.Zero: _number, sympy.core.numbers.NegativeOne: _number, sympy.core.numbers.Half: _number,
    sympy.Symbol: _symbol, sympy.Dummy: _symbol, sympy.Add: _add, sympy.Mul: _mul, sympy.Pow: _power, sympy.Abs: _abs,
    MatrixSymbol: _matrix_symbol, Identity: _identity, ZeroMatrix: _zero_matrix, OneMatrix: _one_matrix,
    Transpose: _transpose, Inverse: _inverse, MatPow: _power, MatMul: _matmul, MatAdd: _add, Trace: _trace,
    Determinant: _determinant, BlockMatrix: _block, sympy.Piecewise: _piecewise, sympy.Derivative: _derivative,
    ArgMin: lambda expr, ev: _optimum(expr, ev, 1), ArgMax: lambda expr, ev: _optimum(expr, ev, -1),
    Expectation: _expectation, MatrixExpectation: _expectation, HadamardProduct: _hadamard,
    HadamardPower: _hadamard_power, ElementwiseApplyFunction: _elementwise,
    **{function: _elementary for function in _ELEMENTARY}, **{constant: _constant for constant in _CONSTANTS},
    **_FAST_STRUCTURED,
}

__all__ = ["fast_values", "FastEvaluator", "compare", "to_sympy", "to_domain", "is_fast_value", "available"]
