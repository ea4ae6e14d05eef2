"""Derivatives and limits evaluated exactly on an instance.

Owns the evaluator's rules for `Derivative` and `Limit` (`CALCULUS_EVALUATORS`, merged into
the evaluator's table by `refute.evaluate`):

* a derivative: the variable becomes fresh symbols, everything else keeps its value, the
  expression is evaluated symbolically (rational functions stay in their domain), and the
  partial derivatives are taken exactly and arranged by the claim's layout: a rational function
  of the fresh symbols in its domain (over QQ; a first derivative also over an algebraic field),
  step after step for higher orders, evaluated at the point only at the end (`_derivative_at`);
  a first derivative of another value (exp, log, powers, sin, cos, sinh, cosh, tanh of rational
  functions) by forward mode at a rational point, each node's value by the evaluator and its
  partials by SymPy's rules of differentiation, formed as `sympy.diff` forms them
  (`_forward_derivative_at`, after the kink check); anything else by SymPy (`differentiate`):
  a scalar by an r×s matrix X gives [∂f/∂X_ji] (s×r, numerator) or [∂f/∂X_ij] (denominator),
  a column or a row f by a column x gives [∂f_a/∂x_k] (numerator) or its transpose.
  Where Abs, Heaviside, Max, Piecewise, ... switch branch at the point the derivative does not
  exist: `Undefined`;
* a limit: rational functions by degrees, read in ℚ(t) (a matrix over ℚ(t) entry by entry in its
  domain), c·Bᵗ at +∞ by |B| (`geometric_limit`), other entries by `sympy.limit`, accepted only
  when the result is a finite real number decided exactly (`limit_entry`); a limit decided exactly
  to be ±∞ raises `InfiniteLimit`, which `check` compares when the limit is a whole side of the claim.
"""
from __future__ import annotations

from types import MappingProxyType

import sympy
from sympy.matrices.expressions import MatrixSymbol
from sympy.polys.matrices import DomainMatrix
from sympy.polys.matrices.domainscalar import DomainScalar
from sympy.polys.polyerrors import CoercionFailed

from .errors import InfiniteLimit, NotEvaluable, Undecided, Undefined
from .exact import sign_of
from .linalg import (as_matrix, as_scalar, checked_scalar, exact_domain, plain, power, sign_or_undecided,
                     to_domain_matrix, to_sympy)


KINKS = (sympy.Abs, sympy.sign, sympy.Heaviside, sympy.floor, sympy.ceiling)


def evaluate_derivative(expr, ev):
    """Differentiate exactly on the instance: the variable becomes fresh symbols, all else is fixed."""
    f = expr.expr
    ev.value(f)  # f must be defined at the point itself (every inverse exists there)
    fresh, point = {}, {}
    for var, _count in expr.variable_count:
        if var in fresh:
            continue
        if var in ev.tied:
            raise NotEvaluable(f"derivative by {var}, which the assumptions tie to other values or a structure")
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
            raise NotEvaluable(f"derivative with respect to {var}")
    symbolic = ev.child({v: (_generators(s) if isinstance(s, sympy.MatrixBase) else s) for v, s in fresh.items()})
    value = symbolic.formal_value(f)  # a scalar rational function may stay in its domain (refute.linalg)
    if all(sympy.sympify(count).is_Integer for _var, count in expr.variable_count):
        steps = [fresh[var] for var, count in expr.variable_count for _ in range(int(count))]
        fast = _derivative_at(value, steps, point, ev.layout)
        if fast is not None:
            return fast
    value = plain(value)
    at_point = ev.child(point)
    if not _plain_rational_functions(value):
        value = to_sympy(value)
        _refuse_kinks(value, at_point)
        if len(expr.variable_count) == 1 and expr.variable_count[0][1] == 1 \
                and all(p.is_Rational for p in point.values()):
            forward = _forward_derivative_at(value, fresh[expr.variable_count[0][0]], at_point, ev.layout)
            if forward is not None:
                return forward
    for var, count in expr.variable_count:
        for _ in range(int(count)):
            value = differentiate(value, fresh[var], ev.layout)
    entries = list(value) if isinstance(value, sympy.MatrixBase) else [value]
    if any(entry.has(sympy.Derivative, sympy.Subs, sympy.DiracDelta) for entry in entries):
        raise NotEvaluable("SymPy left a derivative unevaluated")
    if isinstance(value, sympy.MatrixBase):
        return at_point.value(sympy.ImmutableMatrix(value))
    return at_point.value(value)


def _generators(symbols: sympy.MatrixBase) -> DomainMatrix:
    """A matrix of distinct fresh symbols as the generators of ZZ[symbols] (what `to_domain_matrix` reads it
    as), built without parsing each entry."""
    ring = sympy.ZZ[tuple(symbols)]
    gens = iter(ring.gens)
    rows, cols = symbols.shape
    return DomainMatrix([[next(gens) for _ in range(cols)] for _ in range(rows)], (rows, cols), ring).to_dense()


def _derivative_at(value, variables: list, point: dict, layout: str):
    """The derivative of value by variables[0], then by variables[1], ... (each arranged by layout as
    `differentiate` arranges it, step after step) at the point, computed in the domain QQ[symbols] or
    QQ(symbols) and evaluated only at the end (no SymPy expressions built); None when the value is not a
    plain rational function of the fresh symbols alone, for `differentiate`'s general path. A derivative
    of higher order is taken here only over QQ with a rational point (the general path keeps algebraic
    numbers in the form its evaluation gives them).

    An entry n/d of the value (d its reduced denominator) stays n_k/d^(m_k) step after step, by
    d(n/d^m) = (n'·d − m·n·d')/d^(m+1): no cancellation until the point's numbers are divided."""
    if not variables:
        return None
    scalar = not isinstance(value, DomainMatrix)
    if isinstance(value, DomainScalar):
        value = DomainMatrix([[value.element]], (1, 1), value.domain).to_dense()
    elif scalar:
        if not isinstance(value, sympy.Expr) or value.has(*KINKS, sympy.Max, sympy.Min, sympy.Piecewise) \
                or _visibly_not_rational(value):
            return None
        try:
            value = to_domain_matrix([[value]])
        except (NotEvaluable, Exception):  # noqa: BLE001 - anything SymPy cannot hold exactly: general path
            return None
    if not _plain_rational_functions(value) or exact_domain(value.domain):
        return None
    value = value.convert_to(value.domain.unify(sympy.QQ))  # ZZ[x] -> QQ[x]: divisions stay exact
    K = value.domain
    ring = K.field.ring if K.is_FractionField else K.ring
    if not all(s in point for s in ring.symbols):
        return None  # the value still holds a symbol that is not the derivative's variable
    if len(variables) > 1 and not ring.domain.is_QQ:
        return None
    try:
        at = [ring.domain.from_sympy(point[s]) for s in ring.symbols]
    except CoercionFailed:  # a point the domain does not hold (an irrational value over QQ): general path
        return None
    gens = dict(zip(ring.symbols, ring.gens))

    shape, grids = None if scalar else value.shape, []
    for variable in variables:
        grid = _arranged(shape, variable, layout)
        if not grid or not grid[0]:
            return None  # shapes `differentiate` does not arrange either: it declines them with the reason
        grids.append(grid)
        if shape is not None or _matrix_variable(variable):
            shape = (len(grid), len(grid[0]))

    rows, cols = value.shape
    entries = []   # (numerator, denominator, m): the entry numerator / denominator^m (no denominator: a polynomial)
    for i in range(rows):
        row = []
        for j in range(cols):
            element = value.rep.getitem(i, j)
            if K.is_FractionField:
                if not _at_point(element.denom, at):
                    raise Undefined("a denominator vanishes at this point")
                row.append((element.numer, element.denom, 1))
            else:
                row.append((element, None, 0))
        entries.append(row)

    def partial(entry, symbol):
        numer, denom, m = entry
        gen = gens.get(symbol)
        if gen is None:
            return (ring.zero, None, 0)
        if denom is None:
            return (numer.diff(gen), None, 0)
        d_denom = denom.diff(gen)
        if not d_denom:
            return (numer.diff(gen), denom, m)
        return (numer.diff(gen) * denom - numer * d_denom * m, denom, m + 1)

    for grid in grids:
        entries = [[partial(entries[i][j], v) for i, j, v in row] for row in grid]

    def at_point(entry):
        numer, denom, m = entry
        top = _at_point(numer, at)
        return top if denom is None else top / _at_point(denom, at) ** m

    result_rows = [[at_point(entry) for entry in row] for row in entries]
    result = DomainMatrix(result_rows, (len(result_rows), len(result_rows[0])), ring.domain).to_field().to_dense()
    if shape is None:
        return result.getitem_sympy(0, 0)
    return result


def _visibly_not_rational(value) -> bool:
    """A function (exp, sin, ...) of symbols or a power of symbols with a fractional or symbolic exponent:
    SymPy's domain for it would hold that node as a generator that is not a symbol, or be EX, which
    `_derivative_at` declines anyway; this spares the conversion."""
    for node in sympy.preorder_traversal(value):
        if isinstance(node, sympy.Function) and node.free_symbols:
            return True
        if isinstance(node, sympy.Pow) and not node.exp.is_Integer and node.free_symbols:
            return True
    return False


def _at_point(polynomial, at: list):
    """A polynomial of the fresh symbols evaluated at the point (`at`: one domain number per generator)."""
    total = polynomial.ring.domain.zero
    for monomial, coefficient in polynomial.iterterms():
        for x, e in zip(at, monomial):
            if e:
                coefficient = coefficient * x ** e
        total += coefficient
    return total


class _NotCovered(Exception):
    """A node or a number the forward mode does not take: the general path decides."""


def _forward_derivative_at(value, variable, at_point, layout: str):
    """d value / d variable at the point for a SymPy value that is not a plain rational function, without
    building the derivative as an expression: forward mode over the expression tree, each node's value
    taken from the evaluator at the point (`at_point`) and its partial derivative by the rules of
    `_ExpressionTangents`, exact SymPy numbers throughout; arranged by layout as `differentiate` arranges it and
    given the form `evaluate_derivative` gives the general path's result (a scalar, else a DomainMatrix).
    None (the general path decides, and raises what it raises) for a node type without a rule, any
    failure or undecided sign on the way, and any point where SymPy's derivative holds a factor that is
    not defined there although the derivative is (a fractional power of 0)."""
    matrix = isinstance(value, sympy.MatrixBase)
    if not all(isinstance(entry, sympy.Expr) for entry in (value if matrix else [value])):
        return None   # a truth value or anything else that is no number
    grid = _arranged(value.shape if matrix else None, variable, layout)
    if not grid or not grid[0]:
        return None
    tangents = _ExpressionTangents(at_point)
    try:
        entries = value if matrix else sympy.Matrix([[value]])
        rows = [[_checked(tangents.partial(entries[i, j], v)) for i, j, v in row] for row in grid]
        if not matrix and not _matrix_variable(variable):
            return rows[0][0]
        return to_domain_matrix(rows)
    except Exception:  # noqa: BLE001 - whatever fails here is the general path's to decide and to report
        return None


def _checked(number):
    """A finite real exact number with no symbol left, as the evaluator requires of every value (`checked_scalar`
    raises otherwise)."""
    if number.free_symbols:
        raise _NotCovered(f"{number}")
    return checked_scalar(number)


class _ExpressionTangents:
    """Partial derivatives of the nodes of a SymPy expression at the point, by one fresh symbol at a time.

    A node's value comes from the evaluator at the point (its rules and checks); a node that does not
    contain the symbol has derivative 0 (as `sympy.diff` has it, without evaluating the node). A
    derivative is held in the shape `sympy.diff` gives it, with numbers for its nodes: a sum of terms, a
    term a product of factors (value, kind, terms): kind "number" for a SymPy Number, "add" for a sum
    (its terms kept), "other" for anything else. Products are formed as SymPy forms them (`_times`: the
    numbers gathered, a number times one sum distributed), and the whole is added and multiplied only at
    the end (`total`), so the number has the form the general path's evaluation of the derivative gives
    it in the common cases; it always has its value."""

    SLOPES = {   # f -> f' in SymPy's form (a sum of terms of factors), from the value of f's argument u
        sympy.sin: lambda u: [[(sympy.cos(u), "other", None)]],
        sympy.cos: lambda u: [[(sympy.S.NegativeOne, "number", None), (sympy.sin(u), "other", None)]],
        sympy.sinh: lambda u: [[(sympy.cosh(u), "other", None)]],
        sympy.cosh: lambda u: [[(sympy.sinh(u), "other", None)]],
        sympy.tanh: lambda u: [[(sympy.S.One, "number", None)],
                               [(sympy.S.NegativeOne, "number", None), (power(sympy.tanh(u), sympy.Integer(2)), "other", None)]],
    }

    def __init__(self, at_point):
        self.at_point = at_point
        self._depends: dict = {}
        self._partials: dict = {}

    def value(self, node):
        return as_scalar(self.at_point.value(node))

    def depends(self, node, symbol) -> bool:
        key = (node, symbol)
        found = self._depends.get(key)
        if found is None:
            found = node == symbol if node.is_Atom else any(self.depends(a, symbol) for a in node.args)
            self._depends[key] = found
        return found

    def partial(self, node, symbol):
        """The partial derivative's value at the point."""
        return self.total(self.terms(node, symbol))

    @staticmethod
    def total(terms):
        return sympy.Add(*[sympy.Mul(*[value for value, _kind, _terms in term]) for term in terms])

    def terms(self, node, symbol) -> list:
        if not self.depends(node, symbol):
            return []
        key = (node, symbol)
        found = self._partials.get(key)
        if found is None:
            found = self._terms(node, symbol)
            self._partials[key] = found
        return found

    def node(self, node) -> list:
        """A node as SymPy holds it: a sum of products of factors."""
        if node.is_Number:
            return [[(node, "number", None)]]
        if isinstance(node, sympy.Mul):
            factors = []
            for a in node.args:
                factors += self._factor(self.node(a))
            return [factors]
        if isinstance(node, sympy.Add):
            return [term for a in node.args for term in self.node(a)]
        return [[(self.value(node), "other", None)]]

    def _factor(self, terms: list) -> list:
        """A sum as the factors of a product: a single term's own factors, else one "add" factor."""
        if len(terms) == 1:
            return terms[0]
        return [(self.total(terms), "add", terms)]

    def _times(self, *operands: list) -> list:
        """The product of sums as one SymPy Mul forms it: numbers gathered; a number times a single sum
        distributed over it; a product that is one sum is that sum."""
        if any(not operand for operand in operands):
            return []
        coefficient, others = sympy.S.One, []
        for operand in operands:
            for factor in self._factor(operand):
                if factor[1] == "number":
                    coefficient = coefficient * factor[0]
                else:
                    others.append(factor)
        if coefficient == 0:
            return []
        if len(others) == 1 and others[0][1] == "add":
            if coefficient == 1:
                return others[0][2]
            number = [[(coefficient, "number", None)]]
            return [t for term in others[0][2] for t in self._times(number, [term])]
        return [([(coefficient, "number", None)] if coefficient != 1 or not others else []) + others]

    def _terms(self, node, symbol) -> list:
        if node.is_Atom:
            return [[]]   # the symbol itself (no other atom depends on it): 1
        if isinstance(node, sympy.Add):
            return [term for a in node.args for term in self.terms(a, symbol)]
        if isinstance(node, sympy.Mul):   # the Leibniz rule as Mul._eval_derivative_n_times forms it
            result = []
            for k, factor in enumerate(node.args):
                d = self.terms(factor, symbol)
                if d:
                    result += self._times(*[d if j == k else self.node(other) for j, other in enumerate(node.args)])
            return result
        if isinstance(node, sympy.Pow):
            return self._power(node, symbol)
        if len(node.args) == 1 and (type(node) in self.SLOPES or isinstance(node, (sympy.exp, sympy.log))):
            u = node.args[0]
            d = self.terms(u, symbol)
            if isinstance(node, sympy.exp):
                slope = [[(self.value(node), "other", None)]]
            elif isinstance(node, sympy.log):
                value = self.value(u)
                if sign_or_undecided(value) <= 0:
                    raise _NotCovered("log of a non-positive number")
                slope = [[(power(value, sympy.S.NegativeOne), "other", None)]]
            else:
                slope = self.SLOPES[type(node)](self.value(u))
            return self._times(slope, d)   # Function._eval_derivative: f'(u) * du
        raise _NotCovered(type(node).__name__)

    def _power(self, node, symbol) -> list:
        """Pow._eval_derivative: b^e · (de · log b + db · e / b); for a constant e, SymPy's product merges
        b^e · b⁻¹ into b^(e−1) (b itself for e = 2)."""
        base, exponent = node.args
        b, e = self.value(base), self.value(exponent)
        if not self.depends(exponent, symbol):
            if not e.is_Integer and sign_or_undecided(b) == 0:
                raise _NotCovered("a fractional power of 0")  # SymPy's derivative may hold 1/x for (x·y)^(3/2)
            if exponent.is_Number and exponent in (1, 2):
                merged = [[]] if exponent == 1 else self.node(base)
            else:
                merged = [[(power(b, e - 1), "other", None)]]
            return self._times(self._times(self.terms(base, symbol), self.node(exponent)), merged)
        if sign_or_undecided(b) <= 0:
            raise _NotCovered("a symbolic exponent of a non-positive base")   # the derivative holds log(base)
        by_exponent = self._times(self.terms(exponent, symbol), [[(sympy.log(b), "other", None)]])
        inverse = [[(power(b, sympy.S.NegativeOne), "other", None)]]
        by_base = self._times(self._times(self.terms(base, symbol), self.node(exponent)), inverse)
        return self._times(self.node(node), by_exponent + by_base)


def _plain_rational_functions(value) -> bool:
    """Entries in QQ(symbols) or QQ: no kinks, and derivatives can be taken in the domain."""
    if not isinstance(value, DomainMatrix):
        return False
    K = value.domain
    return exact_domain(K) or ((K.is_FractionField or K.is_PolynomialRing) and K.dom.is_Exact
                                and all(g.is_Symbol for g in K.symbols))


def _refuse_kinks(value, at_point) -> None:
    """A derivative does not exist where Abs, Heaviside, Max, Piecewise, ... switch branch."""
    entries = list(value) if isinstance(value, sympy.MatrixBase) else [value]
    for entry in entries:
        for node in sympy.preorder_traversal(entry):
            if isinstance(node, KINKS):
                arg = at_point.scalar(node.args[0])
                if isinstance(node, (sympy.floor, sympy.ceiling)):
                    if arg.is_Integer:
                        raise Undefined("not differentiable at a jump")
                elif sign_or_undecided(arg) == 0:
                    raise Undefined(f"not differentiable where {node.args[0]} = 0")
            elif isinstance(node, (sympy.Max, sympy.Min)):
                args = [at_point.scalar(a) for a in node.args]
                if any(sign_or_undecided(a - b) == 0 for k, a in enumerate(args) for b in args[k + 1:]):
                    raise Undefined("not differentiable where Max/Min arguments tie")
            elif isinstance(node, sympy.Piecewise):
                for _piece, cond in node.args:
                    for rel in ([cond] if isinstance(cond, sympy.core.relational.Relational)
                                else list(cond.atoms(sympy.core.relational.Relational))):
                        if sign_or_undecided(at_point.scalar(rel.lhs) - at_point.scalar(rel.rhs)) == 0:
                            raise Undefined("not differentiable on a Piecewise boundary")


class _Partials:
    """Entries of a value and their partial derivatives; in the domain when it is QQ(symbols)."""

    def __init__(self, value):
        self.domain = None
        if isinstance(value, DomainMatrix):
            if _plain_rational_functions(value) and not exact_domain(value.domain):
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


def _matrix_variable(variable) -> bool:
    """A variable with more than one entry (a 1×1 matrix is differentiated by as a scalar)."""
    return isinstance(variable, sympy.MatrixBase) and variable.shape != (1, 1)


def _arranged(shape, variable, layout: str):
    """The derivative's entries as a grid of (i, j, symbol): the partial derivative of the value's entry
    (i, j) by one entry of the variable, arranged by layout (CONTRACT §1); `shape` None for a scalar
    value. None when the shapes are not arranged (a matrix by a matrix)."""
    if not _matrix_variable(variable):
        v = variable[0, 0] if isinstance(variable, sympy.MatrixBase) else variable
        rows, cols = shape or (1, 1)
        return [[(i, j, v) for j in range(cols)] for i in range(rows)]
    r, s = variable.shape
    if shape is None or shape == (1, 1):
        grid = [[(0, 0, variable[i, j]) for i in range(r)] for j in range(s)]
    elif shape[1] == 1 and s == 1:
        grid = [[(a, 0, variable[k, 0]) for k in range(r)] for a in range(shape[0])]
    elif shape[0] == 1 and s == 1:  # a row is differentiated as the column it transposes
        grid = [[(0, a, variable[k, 0]) for k in range(r)] for a in range(shape[1])]
    else:
        return None
    return [list(column) for column in zip(*grid)] if layout == "denominator" else grid


def differentiate(value, variable, layout: str):
    """d value / d variable on explicit values (SymPy or DomainMatrix), arranged by layout (CONTRACT §1)."""
    parts = _Partials(value)
    grid = _arranged(parts.shape, variable, layout)
    if grid is None:
        raise NotEvaluable(f"derivative of a {parts.shape} matrix by a {variable.shape} matrix")
    result = sympy.Matrix([[parts.partial(i, j, v) for i, j, v in row] for row in grid])
    return result[0, 0] if parts.shape is None and not _matrix_variable(variable) else result


def evaluate_limit(expr, ev):
    """The exact limit of a Limit node on the instance (its variable a fresh symbol)."""
    body, var, point, direction = expr.args
    if var in ev.tied:
        raise NotEvaluable(f"limit in {var}, which the assumptions tie to other values")
    t = sympy.Dummy(str(var), integer=True) if var.is_integer else sympy.Dummy(str(var), real=True)
    target = point if point in (sympy.oo, -sympy.oo) else ev.scalar(point)
    value = ev.child({var: t}).value(body)
    in_domain = _rational_entries(value, t)
    if in_domain is not None:  # a matrix over ℚ(t) or ℚ[t]: each entry's limit from its numerator and denominator
        limits = [[_coefficient_limit(num, den, target) for num, den in row] for row in in_domain]
        return limits[0][0] if value.shape == (1, 1) else to_domain_matrix(limits)
    value = to_sympy(value)
    if isinstance(value, sympy.MatrixBase):
        rows = [[limit_entry(value[i, j], t, target, str(direction)) for j in range(value.cols)]
                for i in range(value.rows)]
        return to_domain_matrix(rows)
    return limit_entry(value, t, target, str(direction))


def limit_entry(entry, t, target, direction: str):
    """The exact limit of one explicit entry; rational functions by degrees, c·Bᵗ at +∞ exactly
    (`geometric_limit`), others by sympy.limit. An infinite limit raises `InfiniteLimit`."""
    if t not in entry.free_symbols:
        return entry
    rational = _over_q_of_t(entry, t)
    if rational is not None:
        return _coefficient_limit(*rational, target)
    if entry.is_rational_function(t):
        return _rational_limit(sympy.cancel(entry), t, target)
    if target == sympy.oo:
        value = geometric_limit(entry, t)
        if value is not None:
            return value
    try:
        result = sympy.limit(entry, t, target, direction)
    except Exception as exc:  # SymPy failing on a limit only means we have no value
        raise Undecided(f"sympy.limit failed: {exc}") from None
    if result.free_symbols or result.has(sympy.Limit, sympy.AccumBounds) or sign_of(result) is None:
        raise Undefined(f"the limit is {result}, not a finite real number")
    return result


def _over_q_of_t(entry, t) -> tuple | None:
    """A SymPy rational function of t with rational coefficients as its (numerator, denominator) coefficient
    lists in lowest terms, read in ℚ(t) (several times faster than `sympy.cancel`); None for anything else."""
    if entry.has(sympy.Float):  # ℚ would read a float as a rational: that stays SymPy's business
        return None
    field = sympy.QQ.frac_field(t)
    try:
        element = field.from_sympy(entry)
    except (CoercionFailed, sympy.polys.polyerrors.PolynomialError, TypeError, ValueError):
        return None
    return _fraction_coefficients(element.numer, element.denom, sympy.QQ)


def _fraction_coefficients(num, den, ground) -> tuple:
    """(numerator, denominator) coefficient lists, highest degree first, as SymPy numbers, in lowest terms."""
    if den != den.ring.one:
        num, den = num.cancel(den)

    def coefficients(poly) -> list:
        if not poly:
            return []
        degree = poly.degree()
        dense = [sympy.S.Zero] * (degree + 1)
        for (k,), c in poly.terms():
            dense[degree - k] = ground.to_sympy(c)
        return dense

    return coefficients(num), coefficients(den)


def _rational_entries(value, t) -> list | None:
    """The entries of a matrix over ℤ(t), ℚ(t), ℤ[t] or ℚ[t] as (numerator, denominator) coefficient lists
    (highest degree first, SymPy rationals, in lowest terms); None for any other value, which `limit_entry` takes."""
    if not isinstance(value, DomainMatrix):
        return None
    domain = value.domain
    if not (domain.is_FractionField or domain.is_PolynomialRing) or tuple(domain.symbols) != (t,) \
            or not (domain.domain.is_ZZ or domain.domain.is_QQ):
        return None
    ground = domain.domain
    one = domain.get_ring().one if domain.is_FractionField else domain.one
    return [[_fraction_coefficients(*((e.numer, e.denom) if domain.is_FractionField else (e, one)), ground)
             for e in row] for row in value.to_list()]


def _rational_limit(entry, t, target):
    num, den = sympy.fraction(entry)
    return _coefficient_limit(sympy.Poly(num, t).all_coeffs(), sympy.Poly(den, t).all_coeffs(), target)


def _coefficient_limit(num_c: list, den_c: list, target):
    """The limit at `target` of the rational function with these coefficients (highest degree first)."""
    num_c, den_c = _trimmed(num_c), _trimmed(den_c)
    if not den_c:
        raise Undefined("division by zero in a limit")
    if not num_c:
        return sympy.S.Zero
    if target in (sympy.oo, -sympy.oo):
        if len(num_c) < len(den_c):
            return sympy.S.Zero
        if len(num_c) == len(den_c):
            return num_c[0] / den_c[0]
        sign = sign_of(num_c[0] / den_c[0])
        if sign is None:
            raise Undecided("the sign of an infinite limit")
        if target == -sympy.oo and (len(num_c) - len(den_c)) % 2:
            sign = -sign
        raise InfiniteLimit(sign)
    d = sympy.Add(*[c * target ** k for k, c in enumerate(reversed(den_c))])
    if sign_or_undecided(d) == 0:
        raise Undefined("the limit is infinite or does not exist")
    n = sympy.Add(*[c * target ** k for k, c in enumerate(reversed(num_c))])
    return n / d


def geometric_limit(entry, t):
    """lim_{t→+∞} c·Π bᵢᵗ for exact numbers c, bᵢ (a factor d⁻ᵗ is (1/d)ᵗ): with B = Π bᵢ, 0 for |B| < 1, c for B = 1, sign(c)·∞
    (`InfiniteLimit`) for B > 1, no limit for B ≤ −1 (unless c = 0). A real (not integer) t needs every
    bᵢ > 0 (else the powers are not real). None when the entry is not of that form."""
    coefficient, bases = [], []
    for factor in sympy.Mul.make_args(entry):
        if t not in factor.free_symbols:
            coefficient.append(factor)
        elif isinstance(factor, sympy.Pow) and factor.exp in (t, -t) and t not in factor.base.free_symbols:
            if factor.exp == -t and sign_or_undecided(factor.base) == 0:
                raise Undefined("a power of 1/0")
            bases.append(factor.base if factor.exp == t else 1 / factor.base)
        else:
            return None
    c, base = sympy.Mul(*coefficient), sympy.Mul(*bases)
    if c.free_symbols or base.free_symbols:
        return None
    if not t.is_integer and any(sign_or_undecided(b) <= 0 for b in bases):
        raise Undefined("a power with a non-positive base and a real exponent")
    c_sign = sign_or_undecided(c)
    if c_sign == 0:
        return sympy.S.Zero
    above = sign_or_undecided(sympy.Abs(base) - 1)
    if above < 0:
        return sympy.S.Zero
    if sign_or_undecided(base) < 0:
        raise Undefined("an oscillating power has no limit")
    if above == 0:
        return c
    raise InfiniteLimit(c_sign)


def _trimmed(coeffs: list) -> list:
    """Drop leading coefficients that are exactly zero (formal domains may miss that)."""
    while coeffs and sign_or_undecided(coeffs[0]) == 0:
        coeffs = coeffs[1:]
    return coeffs


CALCULUS_EVALUATORS = MappingProxyType({
    sympy.Derivative: evaluate_derivative,
    sympy.Limit: evaluate_limit,
})

__all__ = ["CALCULUS_EVALUATORS", "KINKS", "evaluate_derivative", "evaluate_limit", "differentiate", "limit_entry",
           "geometric_limit"]
