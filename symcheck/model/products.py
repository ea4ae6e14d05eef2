"""Reading a flat matrix product: which factors are 1×1 scalars and which form the matrix chain.

SymPy flattens products, so B*(xᵀx) arrives as MatMul(B, xᵀ, x) and xᵀB(xᵀx) as
MatMul(xᵀ, B, xᵀ, x): the brackets that made a 1×1 block a scalar (CONTRACT §1) are
gone. `read_product(factors, shape_of)` puts them back, once, for every consumer (the
shape checker, the exact evaluator, the matrix prover's translator, the derivative
rules, the determinant laws, the independent checker on its own shapes), so that a
product means the same thing everywhere. The brackets cannot be recovered exactly:
(B·xᵀ)·x, ill-typed as written, is the same SymPy object as B·(xᵀx), and reads as it.

How a product is read, for general dimensions (`shapes.same_dim`):

1. Runs. Adjacent factors whose inner dimensions agree and are not 1 must be
   multiplied together in any reading (a dimension n ≠ 1 cannot meet a scalar's 1), so
   they form a run, an unbreakable chain. A run whose shape is 1×1 is a scalar.
2. Readings. The other runs (items) are read left to right: each is either the next
   link of the matrix chain (its rows must equal the chain's columns so far) or part of
   a group of consecutive items that multiplies out to 1×1 (say uᵀ·(vᵀv)·w inside
   B·(uᵀ(vᵀv)w)), which then acts as a scalar. A group must itself read in exactly one
   way. Every reading is enumerated (products are short).
3. Agreement. A reading is identified by its shape and by which factors' dimensions
   it joins (dimensions 1 join nothing: a 1×1 block commutes). Readings that join the
   same factors have the same value; if two readings differ, the product is ambiguous
   and ill-typed, as it is when no reading exists. A product conformable as written is
   read as that plain chain (a 1×1 block between dimensions 1 multiplies like a scalar
   anyway), after checking that it has the shape of the reading found.

SymPy also merges equal neighbours (B·(xᵀx)·x becomes B·xᵀ·x²): a power of a
non-square factor inside a product is read as the factor repeated.

The result, `ProductReading`, lists the scalar coefficients (non-matrix factors), the
1×1 groups (tuples of consecutive factors; `group_expr` rebuilds one as an
expression, which reads back as 1×1) and the chain (matrix factors in order, each
pair conformable), with the product's shape. Its value is
coefficient × Π groups × (chain[0]·chain[1]·…), the identity of size 1 for no chain.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import sympy
from sympy.matrices.expressions import MatMul, MatPow, MatrixExpr

Shape = tuple
ONE = sympy.S.One
MAX_READINGS = 20000   # partial readings explored before giving up (products are far shorter)


class LazyMessageError(Exception):
    """An error whose message may be given as a callable, made into text when it is first read
    (naming a big expression prints it, which is slow, and many callers only want to know that
    the error happened); pickled with its text."""

    def __str__(self) -> str:
        if self.args and callable(self.args[0]):
            self.args = (self.args[0](),)
        return super().__str__()

    def __reduce__(self):
        return (type(self), (str(self),))


class AmbiguousOrIllTyped(LazyMessageError):
    """No single reading of the product is well typed for general dimensions; the message (text or a
    callable, `LazyMessageError`) says why: naming the factors is slow for big products, and some
    callers only want to know that there is no reading."""


def same_dim(a, b) -> bool:
    """Two dimensions are equal for all values of their symbols (polynomial identity)."""
    if a == b:  # the same expression: the difference is 0 without expanding it
        return True
    try:
        return _same_expanded(a, b)
    except TypeError:  # unhashable: not cached
        return _same_expanded.__wrapped__(a, b)


@lru_cache(maxsize=65536)
def _same_expanded(a, b) -> bool:
    """Dimensions are few and recur in every product of every answer: each pair is expanded once."""
    return sympy.expand(sympy.sympify(a) - sympy.sympify(b)) == 0


def _is_one(a) -> bool:
    return same_dim(a, ONE)


def is_matrix_factor(factor) -> bool:
    """A matrix expression or an explicit matrix (anything else in a product is a scalar coefficient)."""
    return isinstance(factor, (MatrixExpr, sympy.MatrixBase))


@dataclass(frozen=True)
class ProductReading:
    coefficient: tuple     # non-matrix factors, in order
    groups: tuple          # 1×1 groups: tuples of consecutive matrix factors, used as scalars
    chain: tuple           # the remaining matrix factors, in order, pairwise conformable
    shape: Shape


def group_expr(group: tuple):
    """A 1×1 group as one expression (a single factor, or their unevaluated product)."""
    return group[0] if len(group) == 1 else MatMul(*group)


@dataclass(frozen=True)
class _Run:
    start: int             # index of its first factor among the matrix factors
    end: int               # one past its last
    rows: object
    cols: object

    @property
    def scalar(self) -> bool:
        return _is_one(self.rows) and _is_one(self.cols)


def _runs(shapes: list) -> list:
    runs, start = [], 0
    for i in range(1, len(shapes) + 1):
        if i < len(shapes) and same_dim(shapes[i - 1][1], shapes[i][0]) and not _is_one(shapes[i - 1][1]):
            continue  # a dimension that is not 1 joins these two factors in every reading
        runs.append(_Run(start, i, shapes[start][0], shapes[i - 1][1]))
        start = i
    return runs


class _Reader:
    """Enumerates the readings of the items (non-scalar runs) and keys them by what they join."""

    def __init__(self, items: list):
        self.items = items
        self.explored = 0
        self._memo: dict = {}

    def readings(self, i: int, j: int) -> dict:
        """{key: elements} for items[i:j]; key = (rows, cols, row factor, col factor, joins)."""
        if (i, j) not in self._memo:
            found: dict = {}
            self._extend(i, j, i, [], None, (), found)
            self._memo[(i, j)] = found
        return self._memo[(i, j)]

    def scalar_group(self, p: int, q: int) -> bool:
        """items[p:q] multiply out to 1×1 in exactly one way (then they may act as a scalar)."""
        first, last = self.items[p], self.items[q - 1]
        if not (_is_one(first.rows) and _is_one(last.cols)):
            return False
        found = self.readings(p, q)
        return len(found) == 1 and all(_is_one(k[0]) and _is_one(k[1]) for k in found)

    def _extend(self, i, j, p, elements, last, joins, found):
        self.explored += 1
        if self.explored > MAX_READINGS:
            raise AmbiguousOrIllTyped("the product is too long to read its 1×1 blocks")
        if p == j:
            mains = [self.items[e] for e in elements if isinstance(e, int)]
            if not mains:
                key = (ONE, ONE, None, None, frozenset(joins))
            else:
                rows, cols = mains[0].rows, mains[-1].cols
                key = (rows, cols, None if _is_one(rows) else mains[0].start,
                       None if _is_one(cols) else mains[-1].end - 1, frozenset(joins))
            found.setdefault(key, tuple(elements))
            return
        item = self.items[p]
        # item p continues the chain
        if last is None or same_dim(last.cols, item.rows):
            new_joins = joins if last is None or _is_one(item.rows) else joins + ((last.end - 1, item.start),)
            self._extend(i, j, p + 1, elements + [p], item, new_joins, found)
        # items p..q-1 form a 1×1 group (never the whole range: that is this reading itself)
        for q in range(p + 2, j + 1):
            if (p, q) == (i, j) or not self.scalar_group(p, q):
                continue
            (inner_key,) = self.readings(p, q)
            self._extend(i, j, q, elements + [(p, q)], last, joins + tuple(sorted(inner_key[4])), found)


def unpowered(factors, shape_of: Callable) -> list:
    """SymPy merges equal neighbours of a flat product: B·(xᵀx)·x becomes B·xᵀ·x², with x a column.
    A power ≥ 2 of a non-square factor inside a product is that factor repeated."""
    out = []
    for f in factors:
        if isinstance(f, MatPow) and is_matrix_factor(f) and f.exp.is_Integer and f.exp >= 2:
            rows, cols = shape_of(f.base)
            if not same_dim(rows, cols):
                out.extend([f.base] * int(f.exp))
                continue
        out.append(f)
    return out


def read_product(factors, shape_of: Callable) -> ProductReading:
    """The reading of a flat product's factors (see the module docstring); raises AmbiguousOrIllTyped."""
    coefficient = tuple(f for f in factors if not is_matrix_factor(f))
    matrices = unpowered([f for f in factors if is_matrix_factor(f)], shape_of)
    if not matrices:
        return ProductReading(coefficient, (), (), (ONE, ONE))
    shapes = [tuple(shape_of(f)) for f in matrices]
    runs = _runs(shapes)
    scalar_runs = [r for r in runs if r.scalar]
    items = [r for r in runs if not r.scalar]
    reader = _Reader(items)
    found = reader.readings(0, len(items)) if items else {(ONE, ONE, None, None, frozenset()): ()}
    if not found:
        raise AmbiguousOrIllTyped(lambda: _no_reading(items, matrices, shapes))
    if len(found) > 1:
        raise AmbiguousOrIllTyped(lambda: f"{_text(matrices)} can be read in more than one way for general "
                                          "dimensions, with different values")
    (key, elements), = found.items()
    if all(same_dim(a[1], b[0]) for a, b in zip(shapes, shapes[1:])):
        # conformable as written (xᵀx, x·xᵀ·x): the plain chain, one of the readings, is the simplest
        plain = (shapes[0][0], shapes[-1][1])
        if not (same_dim(plain[0], key[0]) and same_dim(plain[1], key[1])):
            raise AmbiguousOrIllTyped(lambda: f"{_text(matrices)} reads as {_show(plain)} and as {_show(key[:2])}")
        return ProductReading(coefficient, (), tuple(matrices), plain)
    groups, chain, inside = [], [], set()
    for element in elements:
        if isinstance(element, int):
            run = items[element]
            chain.extend(matrices[run.start:run.end])
        else:
            p, q = element
            start, end = items[p].start, items[q - 1].end
            groups.append((start, tuple(matrices[start:end])))
            inside.update(range(start, end))
    for run in scalar_runs:
        if run.start not in inside:
            groups.append((run.start, tuple(matrices[run.start:run.end])))
    groups.sort(key=lambda g: g[0])
    return ProductReading(coefficient, tuple(g for _, g in groups), tuple(chain), (key[0], key[1]))


def _text(factors) -> str:
    text = " * ".join(sympy.sstr(f) for f in factors)
    return text if len(text) <= 80 else text[:77] + "..."


def _show(shape) -> str:
    return f"{sympy.sstr(shape[0])}×{sympy.sstr(shape[1])}"


def _no_reading(items, matrices, shapes) -> str:
    """Name the first two neighbouring blocks (1×1 scalars set aside) whose dimensions do not meet."""
    for a, b in zip(items, items[1:]):
        if not same_dim(a.cols, b.rows):
            left, right = matrices[a.start:a.end], matrices[b.start:b.end]
            return (f"{_text(left)} ({_show((a.rows, a.cols))}) times {_text(right)} ({_show((b.rows, b.cols))}): "
                    f"{sympy.sstr(a.cols)} columns against {sympy.sstr(b.rows)} rows")
    return f"{_text(matrices)}: no reading of its 1×1 blocks as scalars is well typed"


__all__ = ["ProductReading", "read_product", "group_expr", "is_matrix_factor", "unpowered", "AmbiguousOrIllTyped"]
