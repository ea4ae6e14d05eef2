"""Exact instances that satisfy a problem's assumptions by construction (where we know how).

Owns `Plan` (what the assumptions ask of each symbol, read once per problem), the
dimension schedule, and the generator tables:

- `MATRIX_GENERATORS`: which construction gives a matrix with a set of properties
  (orthogonal by a Cayley transform, positive definite as MᵀM + I, projections, ...);
- `RELATION_RULES`: which assumptions written as relations become properties
  (Eq(P*P, P) → idempotent, Eq(U.T*U, I) → orthonormal columns, Eq(S.T, -S) → skew-symmetric,
  x > 0 → a bound, Eq(X, expr) → X is computed from the other values, Eq(A*B, B*A) → B is a
  polynomial in A);
- scalar values respect every assumption their symbol carries (prime, composite,
  irrational, noninteger, ... : `ScalarSpec.accepts` tests each fact exactly, so a value
  that cannot meet them is never drawn), bounds, and are perfect squares where they sit
  under a square root, so values stay rational; an irrational (transcendental) symbol
  gets √2-like (π-like) values, which the exact evaluator handles.

Anything the tables do not cover (w*x + b > 0, Determinant(Z) > 0, ...) is left to
rejection: every drawn instance is checked exactly against every assumption
before it counts (`check.failing_assumption`).
"""
from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Callable

import sympy
from sympy import QQ, ZZ, Rational
from flint import fmpq, fmpq_mat
from sympy.polys.matrices import DomainMatrix
from sympy.polys.matrices.sdm import SDM
from sympy.matrices.expressions import MatPow, MatrixExpr, MatrixSymbol, Transpose

from .errors import Undefined
from .evaluate import Instance, evaluate
from ..model.symbols import symbol_facts
from .exact import sign_of
from .predicates import KEY_TESTS

# --- scalar values ---------------------------------------------------------------------------

INTEGERS = (0, 1, -1, 2, -2, 3, -3)
FRACTIONS = (Fraction(1, 2), Fraction(-1, 2), Fraction(1, 3), Fraction(-2, 3), Fraction(3, 2), Fraction(-5, 2))
EXPONENTS = (0, 1, 2, 3)

# Values drawn only when the symbol must have the property (all of them satisfy it).
PRIMES_AND_COMPOSITES = tuple(Fraction(v) for v in range(2, 17))
IRRATIONALS = (sympy.sqrt(2), -sympy.sqrt(2), sympy.sqrt(2) / 2, 1 + sympy.sqrt(2), -sympy.sqrt(3),
               sympy.sqrt(3) / 3)
TRANSCENDENTALS = (sympy.pi, -sympy.pi, sympy.pi / 2, sympy.E, -sympy.E, sympy.pi - 3, 3 - sympy.pi)
INTEGRAL_KEYS = frozenset({"integer", "even", "odd", "prime", "composite", "zero"})


@dataclass
class ScalarSpec:
    """What a scalar's values must satisfy: its symbol's facts, further required keys, bounds."""

    requirements: set = field(default_factory=set)   # keys required True (Q predicates, x != 0, ...)
    lower: tuple | None = None                       # (bound as Fraction, strict)
    upper: tuple | None = None
    square: bool = False                              # sits under a square root
    exponent: bool = False                            # a matrix power's exponent
    facts: dict = field(default_factory=dict)        # assumption key -> True/False (model.symbols.symbol_facts)
    _pool: tuple | None = field(default=None, repr=False)

    def wants(self, key: str) -> bool:
        """Does the symbol's spec require the property `key`?"""
        return self.facts.get(key) is True or key in self.requirements

    def accepts(self, v) -> bool:
        """Whether the exact number v meets every fact, requirement and bound (undecided: no)."""
        for key, wanted in self.facts.items():
            if KEY_TESTS[key](v) is not wanted:
                return False
        for key in self.requirements:
            if key in KEY_TESTS and KEY_TESTS[key](v) is not True:
                return False
        for bound, which in ((self.lower, 1), (self.upper, -1)):
            if bound is None:
                continue
            s = sign_of(v - sympy.Rational(bound[0]))
            if s is None or which * s < 0 or (bound[1] and s == 0):
                return False
        return True

    def integral(self) -> bool:
        """Must the value be an integer (an exponent, or an integral property)?"""
        return self.exponent or any(self.wants(k) for k in INTEGRAL_KEYS)

    def pool(self) -> tuple:
        """(values, weights) meeting the spec, small values weighted up; computed once per distinct spec
        (every search of every answer makes a new plan with new specs, mostly alike)."""
        if self._pool is None:
            key = (frozenset(self.requirements), self.lower, self.upper, self.square, self.exponent,
                   frozenset(self.facts.items()))
            try:
                self._pool = _POOLS[key]
            except (KeyError, TypeError):
                self._pool = self._compute_pool()
                try:
                    if len(_POOLS) < 4096:
                        _POOLS[key] = self._pool
                except TypeError:  # an unhashable fact: not shared
                    pass
        return self._pool

    def _compute_pool(self) -> tuple:
        """(values, weights) meeting the spec (see pool)."""
        integral = self.integral()
        base = [Fraction(v) for v in (EXPONENTS + (-1, -2) if self.exponent else INTEGERS)]
        if not integral:
            base += list(FRACTIONS)
        if self.square:
            base = sorted({v * v for v in base}, key=abs)
        if self.wants("prime") or self.wants("composite"):
            base += list(PRIMES_AND_COMPOSITES)
        base += _near_bounds(self, integral)
        candidates = [sympy.Rational(v.numerator, v.denominator) for v in dict.fromkeys(base)]
        if self.wants("transcendental"):
            candidates += list(TRANSCENDENTALS)
        elif self.wants("irrational") or self.facts.get("rational") is False:
            candidates += list(IRRATIONALS)
        fitting = [v for v in candidates if self.accepts(v)]
        return (fitting, [1.0 / (1 + abs(float(v))) for v in fitting])


_POOLS: dict = {}  # spec content -> (values, weights): what a spec accepts depends on its content alone


def draw_scalar(spec: ScalarSpec, rng: random.Random):
    """A value meeting the spec, small ones more likely; None when none fits."""
    values, weights = spec.pool()
    if not values:
        return None
    # small values first: they refute as well as large ones and read better
    return rng.choices(values, weights)[0]


def _near_bounds(spec: ScalarSpec, integral: bool) -> list:
    steps = [Fraction(1), Fraction(2)] + ([] if integral else [Fraction(1, 2)])
    found = []
    lo = spec.lower[0] if spec.lower else None
    hi = spec.upper[0] if spec.upper else None
    for step in steps:
        if lo is not None:
            found.append(_round(lo + step, integral))
        if hi is not None:
            found.append(_round(hi - step, integral))
    if lo is not None and hi is not None and not integral:
        found.append((lo + hi) / 2)
    return found


def _round(v: Fraction, integral: bool) -> Fraction:
    return Fraction(math.floor(v)) if integral else v


# --- matrix values ---------------------------------------------------------------------------

def _entry(rng: random.Random, integral: bool = False):
    if not integral and rng.random() < 0.1:
        f = rng.choice(FRACTIONS)
        return Rational(f.numerator, f.denominator)
    return sympy.Integer(rng.choice((0, 0, 1, -1, 1, -1, 2, -2, 3, -3)))


def random_matrix(rows: int, cols: int, rng: random.Random, integral: bool = False) -> sympy.Matrix:
    """A random matrix of small rationals (rows × cols)."""
    return _matrix_of(rows, cols, [_entry(rng, integral) for _ in range(rows * cols)])  # row-major, as ever


def _matrix_of(rows: int, cols: int, entries: list) -> sympy.Matrix:
    """A mutable SymPy matrix of the exact rationals `entries` (row-major), built straight from
    its exact representation (SymPy's general constructor re-reads every entry: half a draw's time)."""
    return sympy.Matrix._fromrep(_sparse_rep(rows, cols, entries))


def immutable_of(rows: int, cols: int, entries: list) -> sympy.ImmutableMatrix:
    """The immutable matrix of the exact rationals `entries` (row-major, SymPy numbers), as `_matrix_of`
    builds it."""
    return sympy.ImmutableMatrix._fromrep(_sparse_rep(rows, cols, entries))


def _sparse_rep(rows: int, cols: int, entries: list) -> DomainMatrix:
    """The sparse exact representation (nonzero entries only, over ZZ when all are integers, else QQ)."""
    if all(e.is_Integer for e in entries):
        domain, convert = ZZ, (lambda e: ZZ.dtype(e.p))
    else:
        domain, convert = QQ, (lambda e: QQ.dtype(e.p, e.q))
    table = {}
    for i in range(rows):
        row = {j: convert(e) for j, e in enumerate(entries[i * cols:(i + 1) * cols]) if e.p}
        if row:
            table[i] = row
    return DomainMatrix.from_rep(SDM(table, (rows, cols), domain))


def _frozen(value: sympy.MatrixBase) -> sympy.ImmutableMatrix:
    """The immutable matrix with the same entries (sharing no storage with `value`)."""
    if isinstance(value, sympy.ImmutableMatrix):
        return value
    rep = getattr(value, "_rep", None)
    if isinstance(rep, DomainMatrix):
        return sympy.ImmutableMatrix._fromrep(rep.copy())
    return sympy.ImmutableMatrix(value)


def _nonzero(rng: random.Random, positive: bool = False):
    value = rng.choice((1, 1, 2, 3) if positive else (1, -1, 2, -2, 3))
    return sympy.Integer(value)


def _general(rows, cols, rng, props):
    integral = "integer_elements" in props  # random_matrix's entries, immutable at once (no copy in draw)
    return immutable_of(rows, cols, [_entry(rng, integral) for _ in range(rows * cols)])


def _invertible(rows, cols, rng, props):
    """L·U with unit lower L and nonzero-diagonal upper U; a full-rank corner when rectangular."""
    n = max(rows, cols)
    lower = sympy.Matrix(n, n, lambda i, j: 1 if i == j else (_entry(rng, True) if i > j else 0))
    upper = sympy.Matrix(n, n, lambda i, j: _nonzero(rng) if i == j else (_entry(rng, True) if i < j else 0))
    full = lower * upper
    if rng.random() < 0.5:
        full = full.T
    return full[:rows, :cols]


def _singular(rows, cols, rng, props):
    m = random_matrix(rows, cols, rng)
    if rows == 1:
        return sympy.zeros(rows, cols)
    weights = [_entry(rng, True) for _ in range(rows - 1)]
    last = sum((weights[i] * m[i, :] for i in range(rows - 1)), sympy.zeros(1, cols))
    m[rows - 1, :] = last
    return m


def _symmetric(rows, cols, rng, props):
    m = random_matrix(rows, rows, rng, "integer_elements" in props)
    return immutable_of(rows, rows, [m[min(i, j), max(i, j)] for i in range(rows) for j in range(rows)])


def _diagonal(rows, cols, rng, props):
    def entry(i):
        if props & {"positive_definite"}:
            return _nonzero(rng, positive=True)
        if props & {"positive_semidefinite"}:
            return sympy.Integer(rng.choice((0, 1, 2, 3)))
        if props & {"invertible", "fullrank"}:
            return _nonzero(rng)
        return _entry(rng, "integer_elements" in props)
    zero = sympy.S.Zero  # row-major, one draw per diagonal entry, as SymPy's constructor would call entry
    return immutable_of(rows, cols, [entry(i) if i == j else zero for i in range(rows) for j in range(cols)])


def _triangular(lower: bool):
    def make(rows, cols, rng, props):
        keep = (lambda i, j: i >= j) if lower else (lambda i, j: i <= j)
        def entry(i, j):
            if i == j and props & {"invertible", "fullrank"}:
                return _nonzero(rng)
            return _entry(rng, "integer_elements" in props) if keep(i, j) else 0
        return sympy.Matrix(rows, cols, entry)
    return make


def cayley(n: int, rng: random.Random) -> sympy.MatrixBase:
    """A rational orthogonal matrix: (I − S)(I + S)⁻¹ for a random skew S (I + S is always invertible)."""
    if rng.random() < 0.3:
        return _signed_permutation(n, rng)
    upper = random_matrix(n, n, rng, integral=True)
    skew = [upper[i, j] if i < j else (-upper[j, i] if i > j else 0) for i in range(n) for j in range(n)]
    eye = [1 if i == j else 0 for i in range(n) for j in range(n)]
    # exact rational arithmetic on flint's matrices (SymPy's Matrix.inv is most of a draw's time)
    minus = fmpq_mat(n, n, [fmpq(int(e) - int(s)) for e, s in zip(eye, skew)])
    plus = fmpq_mat(n, n, [fmpq(int(e) + int(s)) for e, s in zip(eye, skew)])
    product = minus * plus.inv()
    return immutable_of(n, n, [sympy.Rational(int(product[i, j].p), int(product[i, j].q))
                               for i in range(n) for j in range(n)])


def _signed_permutation(n: int, rng: random.Random) -> sympy.Matrix:
    order = list(range(n))
    rng.shuffle(order)
    return sympy.Matrix(n, n, lambda i, j: rng.choice((1, -1)) if order[i] == j else 0)


def _orthogonal(rows, cols, rng, props):
    return cayley(rows, rng)


def _skew(rows, cols, rng, props):
    """Sᵀ = −S: a random strictly upper part mirrored with the opposite sign, zero diagonal."""
    upper = random_matrix(rows, rows, rng, "integer_elements" in props)
    return sympy.Matrix(rows, rows, lambda i, j: upper[i, j] if i < j else (-upper[j, i] if i > j else 0))


def _orthogonal_skew(rows, cols, rng, props):
    """Orthogonal and skew: O·J·Oᵀ with J = diag([[0, 1], [−1, 0]], ...), O orthogonal; none of odd size."""
    if rows % 2:
        return None  # det S = det Sᵀ = (−1)ⁿ det S with det S = ±1: n is even
    unit = sympy.Matrix(rows, rows, lambda i, j: (1 if j == i + 1 else -1 if i == j + 1 else 0) if i // 2 == j // 2
                        else 0)
    o = cayley(rows, rng)
    return o * unit * o.T


def _orthonormal_columns(rows, cols, rng, props):
    if cols > rows:
        return None  # no such matrix exists
    return cayley(rows, rng)[:, :cols]


def _orthonormal_rows(rows, cols, rng, props):
    if rows > cols:
        return None
    return cayley(cols, rng)[:rows, :]


def _positive_definite(rows, cols, rng, props):
    m = random_matrix(rows, rows, rng, integral=True)
    return m.T * m + sympy.eye(rows)


def _positive_semidefinite(rows, cols, rng, props):
    k = rng.randint(1, rows)
    m = random_matrix(k, rows, rng, integral=True)
    return m.T * m


def _projection(rows, cols, rng, props):
    """Idempotent: B(CᵀB)⁻¹Cᵀ, orthogonal (symmetric) when C = B; rank r drawn in 0..n."""
    rank = rng.randint(0, rows)
    if rank == 0:
        return sympy.zeros(rows, rows)
    basis = _invertible(rows, rank, rng, {"fullrank"})
    other = basis if ("symmetric" in props or rng.random() < 0.5) else _invertible(rows, rank, rng, {"fullrank"})
    gram = other.T * basis
    if gram.det() == 0:
        other, gram = basis, basis.T * basis
    return basis * gram.inv() * other.T


@dataclass(frozen=True)
class Generator:
    """A construction of matrices with guaranteed properties (symmetric, orthogonal, positive definite, ...)."""
    name: str
    requires: frozenset   # used only when the matrix must have all of these
    provides: frozenset   # properties the construction guarantees
    make: Callable        # (rows, cols, rng, props) -> sympy.Matrix | None


def _g(name, requires, provides, make):
    return Generator(name, frozenset(requires), frozenset(provides) | frozenset(requires), make)


_SQUARE = {"square"}
MATRIX_GENERATORS: tuple = (
    _g("orthogonal skew-symmetric (O J Oᵀ)", {"orthogonal", "antisymmetric"},
       {"unitary", "invertible", "fullrank", "normal"} | _SQUARE, _orthogonal_skew),
    _g("orthogonal (Cayley transform)", {"orthogonal"}, {"unitary", "invertible", "fullrank", "normal"} | _SQUARE,
       _orthogonal),
    _g("orthogonal (Cayley transform)", {"unitary"}, {"orthogonal", "invertible", "fullrank", "normal"} | _SQUARE,
       _orthogonal),
    _g("orthonormal columns", {"orthonormal_columns"}, {"fullrank"}, _orthonormal_columns),
    _g("orthonormal rows", {"orthonormal_rows"}, {"fullrank"}, _orthonormal_rows),
    _g("positive diagonal", {"diagonal", "positive_definite"},
       {"symmetric", "positive_semidefinite", "invertible", "fullrank", "normal", "lower_triangular",
        "upper_triangular", "triangular", "integer_elements"} | _SQUARE, _diagonal),
    _g("nonnegative diagonal", {"diagonal", "positive_semidefinite"},
       {"symmetric", "normal", "lower_triangular", "upper_triangular", "triangular", "integer_elements"} | _SQUARE,
       _diagonal),
    _g("MᵀM + I", {"positive_definite"},
       {"symmetric", "positive_semidefinite", "invertible", "fullrank", "normal", "integer_elements"} | _SQUARE,
       _positive_definite),
    _g("MᵀM", {"positive_semidefinite"}, {"symmetric", "normal", "integer_elements"} | _SQUARE,
       _positive_semidefinite),
    _g("orthogonal projection", {"idempotent", "symmetric"}, {"normal", "positive_semidefinite"} | _SQUARE,
       _projection),
    _g("projection", {"idempotent"}, _SQUARE, _projection),
    _g("invertible diagonal", {"diagonal", "invertible"}, {"fullrank", "symmetric", "triangular"}, _diagonal),
    _g("full-rank diagonal", {"diagonal", "fullrank"}, {"triangular"}, _diagonal),
    _g("diagonal", {"diagonal"}, {"triangular", "lower_triangular", "upper_triangular"}, _diagonal),
    _g("invertible lower triangular", {"lower_triangular", "invertible"}, {"fullrank", "triangular"},
       _triangular(lower=True)),
    _g("invertible upper triangular", {"upper_triangular", "invertible"}, {"fullrank", "triangular"},
       _triangular(lower=False)),
    _g("lower triangular", {"lower_triangular"}, {"triangular"}, _triangular(lower=True)),
    _g("upper triangular", {"upper_triangular"}, {"triangular"}, _triangular(lower=False)),
    _g("symmetric", {"symmetric"}, {"normal"} | _SQUARE, _symmetric),
    _g("skew-symmetric", {"antisymmetric"}, {"normal"} | _SQUARE, _skew),
    _g("singular", {"singular"}, _SQUARE, _singular),
    _g("L·U", {"invertible"}, {"fullrank", "integer_elements"} | _SQUARE, _invertible),
    _g("full rank", {"fullrank"}, {"integer_elements"}, _invertible),
    _g("random", set(), set(), _general),
)


def choose_generator(props: set) -> Generator:
    """The construction covering most of the required properties (first in the table on ties)."""
    usable = [g for g in MATRIX_GENERATORS if g.requires <= props]
    return max(usable, key=lambda g: len(g.provides & props))


# --- reading the assumptions -------------------------------------------------------------------

@dataclass
class Plan:
    """What the assumptions ask of each symbol; `draw` makes instances, `complete` derives the rest."""

    problem: object
    scalars: dict = field(default_factory=dict)      # Symbol -> ScalarSpec
    matrices: dict = field(default_factory=dict)     # MatrixSymbol -> set of properties
    definitions: dict = field(default_factory=dict)  # symbol -> expression it equals
    dim_relations: list = field(default_factory=list)
    max_dim: int = 5

    @property
    def free_symbols(self) -> list:
        """Symbols drawn directly (not computed from a definition), in a stable order."""
        key = (len(self.scalars), len(self.matrices), len(self.definitions))  # symbols are only ever added
        cached = self.__dict__.get("_free_symbols")
        if cached is None or cached[0] != key:
            names = list(self.scalars) + list(self.matrices)
            cached = self.__dict__["_free_symbols"] = (key, sorted((s for s in names if s not in self.definitions),
                                                                   key=str))
        return list(cached[1])

    def dims_ok(self, dims: dict) -> bool:
        """Do the sizes satisfy every relation among the dimensions?"""
        for relation in self.dim_relations:
            try:
                if evaluate(relation, Instance(dims, {})) is not sympy.true:
                    return False
            except Undefined:
                return False
        return True

    def shape(self, symbol: MatrixSymbol, dims: dict) -> tuple:
        """The concrete shape of a matrix symbol for these sizes."""
        if all(d in dims or isinstance(d, sympy.Integer) for d in symbol.shape):  # n×d, n×1: no substitution
            return tuple(int(dims[d]) if d in dims else int(d) for d in symbol.shape)
        sizes = {k: sympy.Integer(v) for k, v in dims.items()}
        return tuple(int(sympy.sympify(d).xreplace(sizes)) for d in symbol.shape)

    def draw(self, dims: dict, rng: random.Random) -> Instance | None:
        """One instance for these sizes, every symbol drawn to meet its properties; None when a draw fails."""
        values: dict = {}
        for symbol in self.free_symbols:
            if symbol in self.scalars:
                value = draw_scalar(self.scalars[symbol], rng)
            else:
                rows, cols = self.shape(symbol, dims)
                props = self.matrices[symbol]
                value = choose_generator(props).make(rows, cols, rng, props)
            if value is None:
                return None
            values[symbol] = _frozen(value) if isinstance(value, sympy.MatrixBase) else value
        return self.complete(Instance(dict(dims), values))

    def complete(self, instance: Instance) -> Instance | None:
        """Compute every defined symbol from the others (in dependency order); None if undefined."""
        values = {k: v for k, v in instance.values.items() if k not in self.definitions}
        pending = dict(self.definitions)
        while pending:
            ready = [s for s, e in pending.items() if not (_symbols_of(e) & set(pending))]
            if not ready:
                return None
            for symbol in sorted(ready, key=str):
                definition = pending.pop(symbol)
                try:
                    if isinstance(definition, (PseudoInverseOf, PolynomialIn)):
                        value = definition.compute(values)
                    else:
                        value = evaluate(definition, Instance(instance.dims, values), self.problem.layout)
                except Undefined:
                    return None
                if isinstance(symbol, MatrixSymbol) and not isinstance(value, sympy.MatrixBase):
                    value = sympy.ImmutableMatrix([[value]])
                values[symbol] = value
        return Instance(dict(instance.dims), values)


@dataclass(frozen=True)
class PseudoInverseOf:
    """A definition by the four Penrose equations: the Moore–Penrose inverse of `source`."""

    source: MatrixSymbol

    def compute(self, values: dict):
        """The value of the defined symbol from the drawn values."""
        return sympy.ImmutableMatrix(sympy.Matrix(values[self.source]).pinv())


# c0·I + c1·M + c2·M²: the coefficients are picked by the entries of M, so a definition stays a function
# of the drawn values (shrinking recomputes it) and still varies from draw to draw.
POLYNOMIAL_COEFFICIENTS = ((1, 1, 0), (0, 0, 1), (2, -1, 0), (-1, 0, 1), (1, 2, -1), (0, 1, 1), (3, 0, -1),
                           (1, 0, 0), (0, -2, 1))


@dataclass(frozen=True)
class PolynomialIn:
    """A definition by a commutation AB = BA: B is a polynomial in A (every polynomial in A commutes with it)."""

    source: MatrixSymbol

    def compute(self, values: dict):
        """c0·I + c1·A + c2·A², the coefficients chosen by A's entries."""
        a = sympy.Matrix(values[self.source])
        pick = sum(abs(int(sympy.Rational(e).p)) + 3 * k for k, e in enumerate(a)) % len(POLYNOMIAL_COEFFICIENTS)
        c0, c1, c2 = POLYNOMIAL_COEFFICIENTS[pick]
        return sympy.ImmutableMatrix(c0 * sympy.eye(a.rows) + c1 * a + c2 * a * a)


def _symbols_of(expr) -> set:
    if isinstance(expr, (PseudoInverseOf, PolynomialIn)):
        return {expr.source}
    return set(expr.free_symbols) | set(expr.atoms(MatrixSymbol))


_PLANS: dict = {}  # id(problem) -> (problem, its parts, plan)
MAX_PLANS = 256


def _parts(problem) -> tuple:
    """Everything a plan is made from, flat (the two lists' items, each list's length first)."""
    return (problem.lhs, problem.rhs, problem.layout, problem.dims, problem.matrix_symbols, problem.scalar_symbols,
            len(problem.predicates), *problem.predicates, len(problem.relations), *problem.relations)


def _same_parts(a: tuple, b: tuple) -> bool:
    return len(a) == len(b) and all(x is y or (isinstance(x, (int, str)) and x == y) for x, y in zip(a, b))


def make_plan(problem) -> Plan:
    """How to draw instances of the problem: each symbol's spec, generators, definitions and size relations.

    A plan is read only once made, so the searches of one problem (a grading's quick search, the
    proof's cross-check, the hints) share it; it is rebuilt if any part of the problem was replaced."""
    known = _PLANS.get(id(problem))
    if known is not None and known[0] is problem and _same_parts(known[1], _parts(problem)):
        return known[2]
    plan = _make_plan(problem)
    if len(_PLANS) >= MAX_PLANS:
        _PLANS.clear()
    _PLANS[id(problem)] = (problem, _parts(problem), plan)  # holding the problem keeps its id its own
    return plan


def _make_plan(problem) -> Plan:
    plan = Plan(problem)
    plan.max_dim = 3 if _has_calculus(problem) else 5
    for symbol in sorted(problem.scalar_symbols, key=str):
        plan.scalars[symbol] = ScalarSpec(facts=symbol_facts(symbol))
    for symbol in sorted(problem.matrix_symbols, key=str):
        plan.matrices[symbol] = set()
    _mark_usage(problem, plan)
    for predicate in problem.predicates:
        for arg in predicate.args:
            if arg in plan.matrices:
                plan.matrices[arg].add(predicate.name)
            elif arg in plan.scalars:
                plan.scalars[arg].requirements.add(predicate.name)
    consumed = _penrose(problem.relations, plan)
    for relation in problem.relations:
        if relation in consumed:
            continue
        if relation.free_symbols and relation.free_symbols <= set(problem.dims):
            plan.dim_relations.append(relation)
            continue
        for rule in RELATION_RULES:
            if rule(relation, plan):
                break
    return plan


def _has_calculus(problem) -> bool:
    parts = [problem.lhs, problem.rhs, *problem.relations]
    return any(p.has(sympy.Derivative, sympy.Limit) for p in parts)


def _mark_usage(problem, plan: Plan) -> None:
    """Scalars under a square root become perfect squares; matrix-power exponents small integers."""
    for expr in (problem.lhs, problem.rhs, *problem.relations):
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, sympy.Pow) and node.exp.is_Rational and not node.exp.is_Integer:
                if node.base.is_Symbol and node.base in plan.scalars and node.exp.q % 2 == 0:
                    plan.scalars[node.base].square = True
            elif isinstance(node, MatPow):
                for s in node.exp.free_symbols:
                    if s in plan.scalars:
                        plan.scalars[s].exponent = True


# Relation rules: each returns True when it has turned the relation into something `draw` builds.
def _is_matrix_symbol(x) -> bool:
    return isinstance(x, MatrixSymbol)


def _idempotent(rel, plan) -> bool:
    if not isinstance(rel, sympy.Eq):
        return False
    for a, b in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
        if _is_matrix_symbol(b) and b in plan.matrices and (
                (isinstance(a, MatPow) and a.base == b and a.exp == 2) or a == b * b):
            plan.matrices[b].add("idempotent")
            return True
    return False


def _orthonormal(rel, plan) -> bool:
    if not isinstance(rel, sympy.Eq):
        return False
    for a, b in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
        if not isinstance(b, sympy.Identity) or not isinstance(a, sympy.MatMul) or len(a.args) != 2:
            continue
        first, second = a.args
        if isinstance(first, Transpose) and first.arg == second and second in plan.matrices:
            plan.matrices[second].add("orthonormal_columns")
            return True
        if isinstance(second, Transpose) and second.arg == first and first in plan.matrices:
            plan.matrices[first].add("orthonormal_rows")
            return True
    return False


def _symmetric_relation(rel, plan) -> bool:
    if not isinstance(rel, sympy.Eq):
        return False
    for a, b in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
        if _is_matrix_symbol(a) and a in plan.matrices and isinstance(b, Transpose) and b.arg == a:
            plan.matrices[a].add("symmetric")
            return True
    return False


def _skew_relation(rel, plan) -> bool:
    """Sᵀ = −S in any arrangement (Eq(S.T, -S), Eq(S, -S.T), Eq(S + S.T, 0)): S is drawn skew-symmetric."""
    if not isinstance(rel, sympy.Eq) or not (isinstance(rel.lhs, MatrixExpr) or isinstance(rel.rhs, MatrixExpr)):
        return False
    try:
        difference = (rel.lhs - rel.rhs).doit()
    except (TypeError, ValueError, sympy.matrices.exceptions.ShapeError):
        return False
    for symbol in plan.matrices:
        if symbol in plan.definitions or symbol.shape[0] != symbol.shape[1]:
            continue
        both = (symbol + symbol.T).doit()
        if difference == both or difference == (-both).doit():
            plan.matrices[symbol].add("antisymmetric")
            return True
    return False


def _commuting(rel, plan) -> bool:
    """Eq(A*B, B*A) for square matrix symbols: B is drawn as a polynomial in A (A if B has properties of its own)."""
    if not isinstance(rel, sympy.Eq):
        return False
    for a, b in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
        if not (isinstance(a, sympy.MatMul) and isinstance(b, sympy.MatMul) and len(a.args) == 2
                and a.args == b.args[::-1]):
            continue
        x, y = a.args
        if not (x in plan.matrices and y in plan.matrices and x != y and x.shape == y.shape
                and x.shape[0] == x.shape[1]):
            continue
        for source, target in ((x, y), (y, x)) if not plan.matrices[y] else ((y, x), (x, y)):
            if target not in plan.definitions and not plan.matrices[target] and \
                    not _creates_cycle(target, source, plan):
                plan.definitions[target] = PolynomialIn(source)
                return True
    return False


def _definition(rel, plan) -> bool:
    """Eq(S, expr) with S not in expr: S is computed from the other values."""
    if not isinstance(rel, sympy.Eq):
        return False
    for a, b in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
        known = a in plan.matrices or a in plan.scalars
        if known and a not in plan.definitions and a not in _symbols_of(b) and not _creates_cycle(a, b, plan):
            plan.definitions[a] = b
            return True
    return False


def _inverse_definition(rel, plan) -> bool:
    """Eq(S⁻¹, expr) or Eq(Sᵀ, expr) with S not in expr: S is the inverse (transpose) of expr."""
    if not isinstance(rel, sympy.Eq):
        return False
    for a, b in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
        wrapped = a.arg if isinstance(a, (sympy.Inverse, Transpose)) else (
            a.base if isinstance(a, MatPow) and a.exp == -1 else None)
        if wrapped is None or wrapped not in plan.matrices or wrapped in plan.definitions:
            continue
        if wrapped in _symbols_of(b) or _creates_cycle(wrapped, b, plan):
            continue
        plan.definitions[wrapped] = sympy.Inverse(b) if not isinstance(a, Transpose) else Transpose(b)
        return True
    return False


def _penrose(relations, plan) -> set:
    """The four Penrose equations for (S, Sp) define Sp as the Moore–Penrose inverse of S."""
    consumed = set()
    # Only a pair that four relations mention together can be a Penrose pair: the equations
    # below are built (costly for matrix expressions) for those pairs alone.
    mentions = [set(r.atoms(MatrixSymbol)) for r in relations]
    for S in sorted(plan.matrices, key=str):
        for Sp in sorted(plan.matrices, key=str):
            if S == Sp or Sp in plan.definitions or S in plan.definitions:
                continue
            if sum(1 for m in mentions if S in m and Sp in m) < 4:
                continue
            try:
                wanted = [sympy.Eq(S * Sp * S, S), sympy.Eq(Sp * S * Sp, Sp),
                          sympy.Eq((S * Sp).T, S * Sp), sympy.Eq((Sp * S).T, Sp * S)]
            except (sympy.matrices.exceptions.ShapeError, TypeError, ValueError):
                continue
            if not all(isinstance(w, sympy.Eq) for w in wanted):
                continue
            found = [r for w in wanted for r in relations if r == w or r == sympy.Eq(w.rhs, w.lhs)]
            if len(found) >= 4:
                plan.definitions[Sp] = PseudoInverseOf(S)
                consumed |= set(found)
    return consumed


def _creates_cycle(symbol, expr, plan) -> bool:
    frontier, seen = set(_symbols_of(expr)), set()
    while frontier:
        s = frontier.pop()
        if s == symbol:
            return True
        if s in seen:
            continue
        seen.add(s)
        if s in plan.definitions:
            frontier |= _symbols_of(plan.definitions[s])
    return False


_BOUNDS = {sympy.Gt: ("lower", True), sympy.Ge: ("lower", False), sympy.Lt: ("upper", True),
           sympy.Le: ("upper", False)}
_FLIP = {"lower": "upper", "upper": "lower"}


def _bound(rel, plan) -> bool:
    """x > c, c <= x, ... for a scalar symbol x and a rational constant c."""
    side = _BOUNDS.get(type(rel))
    if isinstance(rel, sympy.Ne):
        for a, b in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
            if a in plan.scalars and b == 0:
                plan.scalars[a].requirements.add("nonzero")
                return True
        return False
    if side is None:
        return False
    which, strict = side
    if rel.lhs in plan.scalars and rel.rhs.is_Rational:
        symbol, bound = rel.lhs, rel.rhs
    elif rel.rhs in plan.scalars and rel.lhs.is_Rational:
        symbol, bound, which = rel.rhs, rel.lhs, _FLIP[which]
    else:
        return False
    spec = plan.scalars[symbol]
    bound = Fraction(int(bound.p), int(bound.q))
    current = getattr(spec, which)
    if current is None or (bound > current[0] if which == "lower" else bound < current[0]):
        setattr(spec, which, (bound, strict))
    return True


RELATION_RULES: tuple = (_idempotent, _orthonormal, _symmetric_relation, _skew_relation, _commuting, _bound,
                         _definition, _inverse_definition)


# --- dimensions ---------------------------------------------------------------------------------

def dim_schedule(plan: Plan, count: int, rng: random.Random):
    """Sizes for each draw: first every combination of 1..3 (n<d, n=d, n>d, size 1), all-2 first,
    then random sizes up to `plan.max_dim`. Only combinations meeting the dimension relations,
    and only sizes a dimension's own assumptions allow (n with even=True: 2, 4, ...)."""
    dims = sorted(plan.problem.dims, key=str)
    if not dims:
        for _ in range(count):
            yield {}
        return
    allowed = {s: _allowed_sizes(s, plan.max_dim) for s in dims}
    small_sizes = {s: [k for k in (1, 2, 3) if k in allowed[s]] or allowed[s][:2] for s in dims}
    small = [dict(zip(dims, sizes)) for sizes in itertools.product(*(small_sizes[s] for s in dims))] \
        if len(dims) <= 3 else []
    rng.shuffle(small)
    small.sort(key=lambda d: 0 if set(d.values()) == {2} else 1)
    small = [d for d in small if plan.dims_ok(d)]
    produced = 0
    for d in small:
        if produced >= count:
            return
        produced += 1
        yield d
    unrestricted = all(allowed[s] == list(range(1, plan.max_dim + 1)) for s in dims)
    misses = 0
    while produced < count and misses < 1000:
        if unrestricted:
            d = {s: rng.randint(1, plan.max_dim) for s in dims}
        else:
            d = {s: rng.choice(allowed[s]) for s in dims}
        if not plan.dims_ok(d):
            misses += 1
            continue
        produced += 1
        yield d


MAX_SIZE_SEARCHED = 16  # a dimension whose assumptions exclude every size up to here is never drawn


def _allowed_sizes(symbol, max_dim: int) -> list:
    """Sizes 1..max_dim meeting every assumption of the dimension symbol; if none, the first few beyond."""
    return list(_sizes_meeting_facts(symbol, max_dim))


@lru_cache(maxsize=4096)
def _sizes_meeting_facts(symbol, max_dim: int) -> tuple:
    """_allowed_sizes, computed once per (symbol, max_dim): a symbol's facts never change."""
    fits = [k for k in range(1, MAX_SIZE_SEARCHED + 1)
            if all(KEY_TESTS[key](sympy.Integer(k)) is wanted for key, wanted in symbol_facts(symbol).items())]
    within = [k for k in fits if k <= max_dim]
    return tuple(within or fits[:3] or range(1, max_dim + 1))


__all__ = ["Plan", "make_plan", "dim_schedule", "draw_scalar", "ScalarSpec", "MATRIX_GENERATORS",
           "RELATION_RULES", "choose_generator", "cayley", "random_matrix", "immutable_of"]
