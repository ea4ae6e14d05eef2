"""Derivatives on the fast evaluation path: forward-mode differentiation with exact rationals.

Owns `derivative(expr, ev)`, the `fast_eval` rule for a `Derivative` node: d f / d v for one
variable v (a scalar symbol or a matrix symbol, not tied by the assumptions) taken once, at the
instance's point. Every node of f that depends on v carries, besides its value (computed by
`fast_eval`'s own rules, so it is defined exactly where that path says so), its tangent in each
direction of v (one per entry: E_ij for a matrix); the tangents follow the rules of calculus for
sums, scalar and matrix products, integer (matrix) powers, rational powers with rational values,
transposes, inverses (−A⁻¹ dA A⁻¹), traces, determinants (det A · tr(A⁻¹ dA), A invertible),
absolute values away from 0, Piecewise away from every boundary (the branch that applies) and logarithms of positive values (a logarithm's own value is
never needed: d log u = du / u), Hadamard products (da∘b + a∘db), integer Hadamard powers and a function of one scalar applied
entrywise (f'(Z)∘dZ, each f'(z) by these same rules on f's body at the entry). Nodes that do not depend on v are plain values.

The partial derivatives are arranged by the claim's layout exactly as `refute.calculus` arranges
them (a scalar by an r×s matrix: s×r numerator, r×s denominator; a column or a row by a column;
a 1×1 variable as a scalar), and a scalar by a scalar stays a scalar. All arithmetic is exact
(fmpq), so each entry equals the general evaluator's symbolic derivative at the point. Anything
else (a higher derivative, a tied variable, a singular determinant, |u| at u = 0, a function
this path does not know, a matrix by a matrix) raises `NotCovered`: the general path decides.
Second derivatives carry second tangents the same way; they also give `optimum`, the argmin or
argmax of a quadratic objective from its exact gradient and Hessian at 0, and `expectation`, the
Gaussian expectation of an integrand quadratic in the noise from its value and Hessian at 0.

In ball mode (the cross-check of a proof, `fast_eval`'s `balls`) the same rules carry rigorous
balls where values are not rational, and the real functions of `ball_values.ELEMENTARY` (exp, log,
sin, tanh, ...) get their tangents from its slope and curvature (f'(u) du; f''(u) du du + f'(u) d²u);
a logarithm's value may then be formed. Every sign a rule decides by (|u|, a boundary, a singular
determinant, a fractional power's base) must be exact or a ball that excludes 0, else NotCovered.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import (Determinant, HadamardPower, HadamardProduct, Inverse, MatAdd, MatMul, MatPow,
                                        MatrixSymbol, Trace, Transpose)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from .ball_values import ELEMENTARY, argument
from .constructs_eval import quadratic_in
from .flint_values import (NotCovered, as_matrix, as_scalar, fmpq, fmpq_mat, hadamard, identity, is_matrix, is_zero,
                           matrix_of, shape, sign, times)


def derivative(expr, ev):
    """d f / d v at the point of `ev` (a `fast_eval` evaluator), arranged by its layout."""
    if ev.tied is None or len(expr.variable_count) != 1:
        raise NotCovered("a derivative by several variables, or without the assumptions' tied symbols")
    var, count = expr.variable_count[0]
    if count not in (1, 2):
        raise NotCovered("a derivative of order three or more")
    if var in ev.tied:
        raise NotCovered(f"a derivative by {var}, which the assumptions tie")
    if isinstance(var, MatrixSymbol):
        point = ev.value(var)
        rows, cols = shape(point)
        seeds = [_unit(rows, cols, i, j) for i in range(rows) for j in range(cols)]
    elif isinstance(var, sympy.Symbol) and var not in ev.sizes:
        ev.value(var)  # a rational value
        rows = cols = 1
        seeds = [fmpq(1)]
    else:
        raise NotCovered(f"a derivative by {var}")
    if count == 2:
        return _second_derivative(expr.expr, ev, var, seeds, rows, cols)
    tangents = _Tangents(ev, var, seeds).of(expr.expr)
    if tangents is None:  # f does not depend on v: the general path gives the zero its form
        raise NotCovered("a derivative of a constant")
    return _arranged(tangents, rows, cols, ev.layout)


def optimum(expr, ev, direction: int):
    """argmin (direction 1) or argmax (−1) of a quadratic objective, as `constructs_eval` finds it: the
    objective is quadratic in w for every dimension (checked symbolically), so its gradient g and Hessian H
    at w = 0 (second tangents, exactly) are the ones the general path interpolates; the optimiser is unique
    when H is positive definite (Sylvester, exact signs) and solves H w = −g. Otherwise NotCovered."""
    w = expr.variable
    if not isinstance(w, MatrixSymbol) or not quadratic_in(expr.objective, w):
        raise NotCovered("an optimum of an objective that is not quadratic in a matrix variable")
    rows, cols = ev.dim(w.rows), ev.dim(w.cols)
    at_zero = ev.child({w: sympy.ImmutableMatrix(sympy.zeros(rows, cols))})
    seeds = [_unit(rows, cols, i, j) for i in range(rows) for j in range(cols)]
    jets = _Jets(at_zero, w, seeds).of(expr.objective)
    if jets is None:
        raise NotCovered("an objective that does not depend on the variable")
    size = rows * cols
    gradient = matrix_of(size, 1, [direction * as_scalar(d) for d in jets[0]])
    hessian = matrix_of(size, size, [direction * as_scalar(h) for row in jets[1] for h in row])
    for k in range(1, size + 1):
        minor = matrix_of(k, k, [hessian[i, j] for i in range(k) for j in range(k)])
        if sign(minor.det()) <= 0:
            raise NotCovered("no unique optimiser: the general path says why")
    solution = hessian.solve(-gradient)
    return matrix_of(rows, cols, [solution[i, 0] for i in range(size)])


def expectation(expr, ev):
    """E[f(ε)], ε ~ N(0, σ²I) entrywise, for an integrand quadratic in ε (checked symbolically, for every
    dimension): f(0) + σ²/2 · tr(Hessian at 0), exactly the sum of its Gaussian moments; a 1×1 value is a
    scalar, as the general path gives it. Otherwise NotCovered."""
    eps = expr.noise
    if not isinstance(eps, MatrixSymbol) or not quadratic_in(expr.integrand, eps):
        raise NotCovered("an expectation of an integrand that is not quadratic in the noise")
    sigma = ev.scalar(expr.sigma)
    rows, cols = ev.dim(eps.rows), ev.dim(eps.cols)
    at_zero = ev.child({eps: sympy.ImmutableMatrix(sympy.zeros(rows, cols))})
    value = at_zero.value(expr.integrand)
    jets = _Jets(at_zero, eps, [_unit(rows, cols, i, j) for i in range(rows) for j in range(cols)]).of(expr.integrand)
    if jets is not None:
        curvature = jets[1][0][0]
        for k in range(1, rows * cols):
            curvature = curvature + jets[1][k][k]
        value = value + times(curvature, sigma * sigma / 2)
    return value if is_matrix(value) and shape(value) != (1, 1) else as_scalar(value)


def _second_derivative(f, ev, var, seeds: list, rows: int, cols: int):
    """d²f/dv² as `calculus` arranges it (the first derivative arranged, then differentiated again): the
    value's shape for a scalar or 1×1 variable, else (a scalar f by a column) the r×r matrix of
    ∂²f/∂v_a∂v_k, its transpose in the denominator layout."""
    jets = _Jets(ev, var, seeds).of(f)
    if jets is None:
        raise NotCovered("a derivative of a constant")
    value, second = ev.value(f), jets[1]
    if rows * cols == 1:
        return _typed(value, second[0][0])
    if cols != 1 or (is_matrix(value) and shape(value) != (1, 1)):
        raise NotCovered("a second derivative of a matrix, or by a matrix")
    grid = [[as_scalar(second[a][k]) for k in range(rows)] for a in range(rows)]
    if ev.layout == "denominator":
        grid = [list(column) for column in zip(*grid)]
    return matrix_of(rows, rows, [entry for row in grid for entry in row])


def _unit(rows: int, cols: int, i: int, j: int):
    unit = fmpq_mat(rows, cols)
    unit[i, j] = 1
    return unit


def _arranged(tangents: list, rows: int, cols: int, layout: str):
    """The partial derivatives (one per entry of the variable, row by row) as `calculus._arranged` lays them out."""
    if rows * cols == 1:  # a scalar or 1×1 variable: the derivative has the value's shape
        return tangents[0]
    first = tangents[0]
    if not is_matrix(first) or shape(first) == (1, 1):
        grid = [[as_scalar(tangents[i * cols + j]) for i in range(rows)] for j in range(cols)]
    elif cols == 1 and first.ncols() == 1:
        grid = [[tangents[k][a, 0] for k in range(rows)] for a in range(first.nrows())]
    elif cols == 1 and first.nrows() == 1:
        grid = [[tangents[k][0, a] for k in range(rows)] for a in range(first.ncols())]
    else:
        raise NotCovered("a derivative of a matrix by a matrix")
    if layout == "denominator":
        grid = [list(column) for column in zip(*grid)]
    return matrix_of(len(grid), len(grid[0]), [entry for row in grid for entry in row])


class _Tangents:
    """The tangents of f's nodes in every direction of the variable (None: the node does not depend on it)."""

    def __init__(self, ev, var, seeds: list):
        self.ev, self.var, self.seeds = ev, var, seeds
        self.memo: dict = {}

    WHAT = "the derivative"

    def _rules(self) -> dict:
        return _RULES

    def _at_variable(self):
        return self.seeds

    def of(self, expr):
        """The node's tangents, one per direction (for _Jets, its (T, H)); the node is checked to be defined at the point."""
        try:
            return self.memo[expr]
        except KeyError:
            pass
        if expr == self.var:
            result = self._at_variable()
        elif self.var not in expr.free_symbols:
            self.ev.value(expr)  # defined at the point, on this path
            result = None
        else:
            rule = self._rules().get(type(expr))
            if rule is None:
                raise NotCovered(f"{self.WHAT} of {type(expr).__name__}")
            result = rule(expr, self)
        self.memo[expr] = result
        return result

    def directions(self) -> range:
        """The indices of the variable's directions."""
        return range(len(self.seeds))


def _typed(value, tangent):
    """The tangent in the form of the node's value (a matrix of its shape, or a scalar)."""
    if is_matrix(value):
        tangent = as_matrix(tangent)
        if shape(tangent) != shape(value):
            raise NotCovered("a tangent of another shape")
        return tangent
    return as_scalar(tangent)


def _sum(terms: list, value):
    """The sum of the terms, in the form of `value` (terms are matrices or scalars as their nodes are)."""
    if is_matrix(value) and shape(value) != (1, 1):
        total = fmpq_mat(*shape(value))
        for term in terms:
            total = total + as_matrix(term)
        return total
    total = fmpq(0)
    for term in terms:
        total += as_scalar(term)
    return _typed(value, total)


def _has_log(expr, t: _Tangents) -> bool:
    """Does the node hold a logarithm whose value the exact path cannot form (no balls here)?"""
    return not t.ev.balls and expr.has(sympy.log)


def _add(expr, t: _Tangents):
    if _has_log(expr, t):  # a sum of scalars one of which is a logarithm: its value is never formed
        for arg in expr.args:
            if t.of(arg) is None:
                as_scalar(t.ev.value(arg))
        parts = [p for p in (t.of(a) for a in expr.args) if p is not None]
        return [_sum([p[k] for p in parts], fmpq(0)) for k in t.directions()]
    value = t.ev.value(expr)
    parts = [p for p in (t.of(a) for a in expr.args) if p is not None]
    return [_sum([p[k] for p in parts], value) for k in t.directions()]


def _mul(expr, t: _Tangents):
    parts = [t.of(a) for a in expr.args]
    dependent = [i for i, p in enumerate(parts) if p is not None]
    if _has_log(expr, t):
        if len(dependent) != 1 or any(_has_log(a, t) for i, a in enumerate(expr.args) if i != dependent[0]):
            raise NotCovered("a product with a logarithm's value in it")
        value = fmpq(0)
    else:
        value = t.ev.value(expr)
    values = [None if i in dependent and _has_log(a, t) else t.ev.value(a) for i, a in enumerate(expr.args)]
    if any(is_matrix(v) for v in values):
        raise NotCovered("a scalar product with a matrix factor")
    out = []
    for k in t.directions():
        total = fmpq(0)
        for i in dependent:
            term = as_scalar(parts[i][k])
            for j, v in enumerate(values):
                if j != i:
                    term *= v
            total += term
        out.append(_typed(value, total))
    return out


def _log(expr, t: _Tangents):
    """d log u = du / u (u > 0); on the exact path the logarithm's own value is never formed."""
    if t.ev.balls:
        return _elementary(expr, t)
    (arg,) = expr.args
    u = as_scalar(t.ev.value(arg))
    if not u > 0:
        raise NotCovered("the logarithm of a nonpositive number")
    return [as_scalar(d) / u for d in t.of(arg)]


def _elementary(expr, t: _Tangents):
    """d f(u) = f'(u) du for a real function of `ball_values.ELEMENTARY` (balls only)."""
    t.ev.need_balls(f"the derivative of {type(expr).__name__}")
    value = t.ev.value(expr)  # defined here: the function's domain checked
    function = ELEMENTARY[type(expr)]
    (arg,) = expr.args
    slope = function.slope(argument(function, as_scalar(t.ev.value(arg))))
    return [_typed(value, slope * as_scalar(d)) for d in t.of(arg)]


def _power(expr, t: _Tangents):
    base, exponent = expr.args
    if t.of(exponent) is not None:
        raise NotCovered("a power whose exponent depends on the variable")
    value, b = t.ev.value(expr), t.ev.value(base)
    db = t.of(base)
    if is_matrix(b) and shape(b) != (1, 1):
        e = _rational_exponent(t.ev.scalar(exponent))
        if e.q != 1:
            raise NotCovered("a non-integer matrix power")
        m = int(e.p)
        if m < 0:
            b = b.inv()
            db = [-(b * as_matrix(d) * b) for d in db]
            m = -m
        powers = [identity(b.nrows())]
        for _ in range(m - 1):
            powers.append(powers[-1] * b)
        return [_sum([powers[i] * as_matrix(d) * powers[m - 1 - i] for i in range(m)], value) for d in db]
    b, e = as_scalar(b), _rational_exponent(t.ev.scalar(exponent))
    if e.q == 1:
        n = int(e.p)
        factor = fmpq(0) if n == 0 else n * b ** (n - 1)
    else:
        if sign(b) <= 0:
            raise NotCovered("a fractional power at 0")
        factor = e * as_scalar(value) / b
    return [_typed(value, factor * as_scalar(d)) for d in db]


def _rational_exponent(exponent):
    """The exponent, which must be exact (a power to the ball π is left to the general path)."""
    if not isinstance(exponent, fmpq):
        raise NotCovered("a power whose exponent is not rational")
    return exponent


def _abs(expr, t: _Tangents):
    value, u = t.ev.value(expr), t.ev.scalar(expr.args[0])
    direction = sign(u)
    if direction == 0:
        raise NotCovered("|u| at u = 0")
    return [_typed(value, direction * as_scalar(d)) for d in t.of(expr.args[0])]


def _transpose(expr, t: _Tangents):
    value = t.ev.value(expr)
    return [_typed(value, d.transpose() if is_matrix(d) else d) for d in t.of(expr.arg)]


def _inverse(expr, t: _Tangents):
    value = t.ev.value(expr)
    if is_matrix(value):
        return [_typed(value, -(value * as_matrix(d) * value)) for d in t.of(expr.arg)]
    return [-(as_scalar(d) * value * value) for d in t.of(expr.arg)]


def _matmul(expr, t: _Tangents):
    value = t.ev.value(expr)
    scalars, chain = t.ev.reading(expr)
    scalar_values = [t.ev.scalar(c) for c in scalars]
    scalar_parts = [t.of(c) for c in scalars]
    factors = [as_matrix(t.ev.value(f)) for f in chain]
    factor_parts = [t.of(f) for f in chain]
    scalar = fmpq(1)
    for v in scalar_values:
        scalar *= v
    prefix = [None]  # prefix[i]: the product of the factors before i (None: nothing)
    for f in factors:
        prefix.append(f if prefix[-1] is None else prefix[-1] * f)
    suffix = [None] * (len(factors) + 1)  # suffix[i]: the product of the factors from i on
    for i in range(len(factors) - 1, -1, -1):
        suffix[i] = factors[i] if suffix[i + 1] is None else factors[i] * suffix[i + 1]
    product = prefix[-1]
    out = []
    for k in t.directions():
        d_scalar = fmpq(0)
        for i, part in enumerate(scalar_parts):
            if part is None:
                continue
            term = as_scalar(part[k])
            for j, v in enumerate(scalar_values):
                if j != i:
                    term *= v
            d_scalar += term
        terms = []
        if product is None:
            terms.append(matrix_of(1, 1, [d_scalar]))
        else:
            if not is_zero(d_scalar):
                terms.append(times(product, d_scalar))
            for i, part in enumerate(factor_parts):
                if part is None:
                    continue
                term = as_matrix(part[k])
                if prefix[i] is not None:
                    term = prefix[i] * term
                if suffix[i + 1] is not None:
                    term = term * suffix[i + 1]
                terms.append(times(term, scalar))
        out.append(_sum(terms, value))
    return out


def _trace(expr, t: _Tangents):
    value = t.ev.value(expr)
    return [_typed(value, _trace_of(d) if is_matrix(d) else d) for d in t.of(expr.arg)]


def _trace_of(m):
    total = fmpq(0)
    for i in range(min(shape(m))):
        total += m[i, i]
    return total


def _hadamard(expr, t: _Tangents):
    value = t.ev.value(expr)
    values = [as_matrix(t.ev.value(a)) for a in expr.args]
    parts = [t.of(a) for a in expr.args]
    out = []
    for k in t.directions():
        terms = []
        for i, part in enumerate(parts):
            if part is None:
                continue
            term = as_matrix(part[k])
            for j, other in enumerate(values):
                if j != i:
                    term = hadamard(term, other)
            terms.append(term)
        out.append(_sum(terms, value))
    return out


def _hadamard_power(expr, t: _Tangents):
    """d (A∘ⁿ) = n A∘⁽ⁿ⁻¹⁾ ∘ dA for an integer n (the exponent must not depend on the variable)."""
    if t.of(expr.exp) is not None:
        raise NotCovered("a Hadamard power whose exponent depends on the variable")
    value, base = t.ev.value(expr), as_matrix(t.ev.value(expr.base))
    n = int(_rational_exponent(t.ev.scalar(expr.exp)).p)  # an integer: the value above is defined
    slope = matrix_of(base.nrows(), base.ncols(), [fmpq(0) if n == 0 else n * e ** (n - 1) for e in base.entries()])
    return [_typed(value, hadamard(slope, as_matrix(d))) for d in t.of(expr.base)]


def _elementwise(expr, t: _Tangents):
    """d f(Z) = f'(Z)∘dZ, f'(z) at each entry from the tangent of f's body (which must not hold the variable)."""
    value = t.ev.value(expr)
    var, body = t.ev.applied_function(expr)
    if t.var in body.free_symbols:
        raise NotCovered("an entrywise function that depends on the variable itself")
    argument = as_matrix(t.ev.value(expr.expr))
    slopes = []
    for entry in argument.entries():
        tangent = _Tangents(t.ev.bound({var: entry}), var, [fmpq(1)]).of(body)
        slopes.append(fmpq(0) if tangent is None else as_scalar(tangent[0]))
    slope = matrix_of(argument.nrows(), argument.ncols(), slopes)
    return [_typed(value, hadamard(slope, as_matrix(d))) for d in t.of(expr.expr)]


KINKS = (sympy.Abs, sympy.sign, sympy.Heaviside, sympy.floor, sympy.ceiling, sympy.Max, sympy.Min, sympy.Piecewise)


def _piecewise(expr, t: _Tangents):
    """The active branch's tangent, away from every boundary the general path checks: the conditions that
    depend on the variable, up to the first one that holds throughout (it drops the branches after it)."""
    value = t.ev.value(expr)
    active, kept = None, []
    for piece, cond in expr.args:
        if t.var not in cond.free_symbols:
            if t.ev.condition(cond):
                active = piece if active is None else active
                kept.append(piece)
                break
            continue
        if not isinstance(cond, sympy.core.relational.Relational):
            raise NotCovered("a compound Piecewise condition that depends on the variable")
        if sign(t.ev.scalar(cond.lhs) - t.ev.scalar(cond.rhs)) == 0:
            raise NotCovered("a point on a Piecewise boundary")
        kept.append(piece)
        if active is None and t.ev.condition(cond):
            active = piece
    if active is None:
        raise NotCovered("no branch of the Piecewise applies")
    if any(p is not active and t.var in p.free_symbols and p.has(*KINKS) for p in kept):
        raise NotCovered("a kink in a branch that does not apply")
    parts = t.of(active)
    if parts is None:
        return [_typed(value, fmpq(0)) for _ in t.directions()]
    return [_typed(value, d) for d in parts]


def _determinant(expr, t: _Tangents):
    value, a = t.ev.value(expr), t.ev.value(expr.arg)
    parts = t.of(expr.arg)
    if not is_matrix(a):
        return [_typed(value, d) for d in parts]
    if sign(value) == 0:
        raise NotCovered("the derivative of a singular determinant")
    inverse = a.inv()
    return [_typed(value, value * _trace_of(inverse * as_matrix(d))) for d in parts]


# --- second order: each node that depends on the variable carries (tangents T[k], second tangents H[k][l]) ---

class _Jets(_Tangents):
    """Tangents and second tangents of f's nodes: of(node) is (T, H), T[k] and H[k][l] in the form of its
    value (None: the node does not depend on the variable)."""

    WHAT = "the second derivative"

    def _rules(self) -> dict:
        return _SECOND_RULES

    def _at_variable(self):
        zero = self.seeds[0] * 0
        return self.seeds, [[zero for _ in self.seeds] for _ in self.seeds]

    def typed(self, value, first: list, second: list) -> tuple:
        """(T, H) in the form of the node's value."""
        return ([_typed(value, d) for d in first], [[_typed(value, h) for h in row] for row in second])


def _product_of(values: list):
    total = values[0]
    for v in values[1:]:
        total = times(total, v)
    return total


def _product_jets(values: list, jets: list, directions: range) -> tuple:
    """(T, H) of the ordered product of factors with these values and jets (None: constant), by Leibniz's rule."""
    dependent = [i for i, j in enumerate(jets) if j is not None]

    def with_parts(parts: dict):
        return _product_of([parts.get(i, v) for i, v in enumerate(values)])

    first = [_sum_of([with_parts({i: jets[i][0][k]}) for i in dependent]) for k in directions]
    second = []
    for k in directions:
        row = []
        for m in directions:
            terms = [with_parts({i: jets[i][1][k][m]}) for i in dependent]
            terms += [with_parts({i: jets[i][0][k], j: jets[j][0][m]}) for i in dependent for j in dependent if i != j]
            row.append(_sum_of(terms))
        second.append(row)
    return first, second


def _sum_of(terms: list):
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def _jets_add(expr, t: _Jets):
    value = t.ev.value(expr)
    parts = [p for p in (t.of(a) for a in expr.args) if p is not None]
    first = [_sum([p[0][k] for p in parts], value) for k in t.directions()]
    second = [[_sum([p[1][k][m] for p in parts], value) for m in t.directions()] for k in t.directions()]
    return first, second


def _jets_mul(expr, t: _Jets):
    value = t.ev.value(expr)
    values = [t.ev.value(a) for a in expr.args]
    if any(is_matrix(v) for v in values):
        raise NotCovered("a scalar product with a matrix factor")
    return t.typed(value, *_product_jets(values, [t.of(a) for a in expr.args], t.directions()))


def _jets_matmul(expr, t: _Jets):
    value = t.ev.value(expr)
    scalars, chain = t.ev.reading(expr)
    values = [t.ev.scalar(c) for c in scalars] + [as_matrix(t.ev.value(f)) for f in chain]
    jets = [t.of(c) for c in scalars] + [t.of(f) for f in chain]
    jets = [j if j is None or i < len(scalars) else ([as_matrix(d) for d in j[0]], [[as_matrix(h) for h in row]
                                                                                     for row in j[1]])
            for i, j in enumerate(jets)]
    jets = [j if j is None or i >= len(scalars) else ([as_scalar(d) for d in j[0]], [[as_scalar(h) for h in row]
                                                                                      for row in j[1]])
            for i, j in enumerate(jets)]
    return t.typed(value, *_product_jets(values, jets, t.directions()))


def _jets_power(expr, t: _Jets):
    base, exponent = expr.args
    if t.of(exponent) is not None:
        raise NotCovered("a power whose exponent depends on the variable")
    value, b, e = t.ev.value(expr), t.ev.value(base), _rational_exponent(t.ev.scalar(exponent))
    if e.q != 1:
        raise NotCovered("a second derivative of a non-integer power")
    n = int(e.p)
    jets = t.of(base)
    if is_matrix(b) and shape(b) != (1, 1):
        if n < 1:
            raise NotCovered("a second derivative of a matrix power below 1")
        return t.typed(value, *_product_jets([b] * n, [jets] * n, t.directions()))
    b = as_scalar(b)
    d1 = fmpq(0) if n == 0 else n * b ** (n - 1)
    d2 = fmpq(0) if n in (0, 1) else n * (n - 1) * b ** (n - 2)
    first = [d1 * as_scalar(d) for d in jets[0]]
    second = [[d2 * as_scalar(jets[0][k]) * as_scalar(jets[0][m]) + d1 * as_scalar(jets[1][k][m])
               for m in t.directions()] for k in t.directions()]
    return t.typed(value, first, second)


def _jets_transpose(expr, t: _Jets):
    value = t.ev.value(expr)
    first, second = t.of(expr.arg)

    def flip(v):
        return v.transpose() if is_matrix(v) else v
    return t.typed(value, [flip(d) for d in first], [[flip(h) for h in row] for row in second])


def _jets_trace(expr, t: _Jets):
    value = t.ev.value(expr)
    first, second = t.of(expr.arg)

    def trace(v):
        return _trace_of(v) if is_matrix(v) else v
    return t.typed(value, [trace(d) for d in first], [[trace(h) for h in row] for row in second])


def _jets_inverse(expr, t: _Jets):
    value = t.ev.value(expr)
    first, second = t.of(expr.arg)
    if is_matrix(value):
        v = value
        d = [as_matrix(x) for x in first]
        return t.typed(value, [-(v * x * v) for x in d],
                       [[v * (d[m] * v * d[k] + d[k] * v * d[m] - as_matrix(second[k][m])) * v
                         for m in t.directions()] for k in t.directions()])
    d = [as_scalar(x) for x in first]
    return t.typed(value, [-(x * value * value) for x in d],
                   [[2 * d[k] * d[m] * value ** 3 - as_scalar(second[k][m]) * value * value
                     for m in t.directions()] for k in t.directions()])


def _jets_elementary(expr, t: _Jets):
    """f(u): first f'(u) du, second f''(u) du_k du_m + f'(u) d²u_km (balls only)."""
    t.ev.need_balls(f"the second derivative of {type(expr).__name__}")
    value = t.ev.value(expr)  # defined here: the function's domain checked
    function = ELEMENTARY[type(expr)]
    (arg,) = expr.args
    u = argument(function, as_scalar(t.ev.value(arg)))
    slope, curvature = function.slope(u), function.curvature(u)
    first, second = t.of(arg)
    du = [as_scalar(d) for d in first]
    return t.typed(value, [slope * d for d in du],
                   [[curvature * du[k] * du[m] + slope * as_scalar(second[k][m]) for m in t.directions()]
                    for k in t.directions()])


_SECOND_RULES = {
    sympy.Add: _jets_add, MatAdd: _jets_add, sympy.Mul: _jets_mul, MatMul: _jets_matmul, sympy.Pow: _jets_power,
    MatPow: _jets_power, Transpose: _jets_transpose, Trace: _jets_trace, Inverse: _jets_inverse,
    **{function: _jets_elementary for function in ELEMENTARY},
}

_RULES = {
    sympy.Add: _add, MatAdd: _add, sympy.Mul: _mul, sympy.Pow: _power, MatPow: _power, sympy.Abs: _abs,
    Transpose: _transpose, Inverse: _inverse, MatMul: _matmul, Trace: _trace,
    Determinant: _determinant, sympy.Piecewise: _piecewise, HadamardProduct: _hadamard,
    HadamardPower: _hadamard_power, ElementwiseApplyFunction: _elementwise, **{function: _elementary for function in ELEMENTARY}, sympy.log: _log,
}

__all__ = ["derivative", "optimum", "expectation"]
