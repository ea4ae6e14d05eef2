"""Shrinking a counterexample to the simplest one we can find.

Owns `shrink(problem, plan, instance, deadline, rng)`. Starting from an instance
on which the claim fails, it tries simpler candidates — smaller dimensions (by
truncating every matrix, or by a fresh draw at the smaller size), then simpler
values (0, ±1, the identity, smaller integers, entry by entry, keeping symmetric
pairs together) — and keeps a candidate only when it is strictly simpler and the
claim still fails on it under every assumption with every inverse defined
(`check` decides that exactly). Derived symbols (Eq(X, ...)) are recomputed.
"""
from __future__ import annotations

import random
import time
from typing import Iterator

import sympy
from sympy.matrices.expressions import MatrixSymbol
from sympy.polys.matrices import DomainMatrix

from .check import check
from .evaluate import Instance
from .instances import Plan, immutable_of

MAX_CHECKS = 600
FRESH_DRAWS = 4  # fresh draws tried at each smaller size


def shrink(problem, plan: Plan, instance: Instance, deadline: float, rng: random.Random,
           max_checks: int = MAX_CHECKS) -> Instance:
    """A smaller counterexample (sizes, then values) that still fails, re-checked at every step."""
    measured: dict = {}  # id(value) -> (value, measure): a candidate differs from the best in one value
    best, best_size = instance, _size(instance, measured)
    checks = 0
    improved = True
    while improved and checks < max_checks and time.monotonic() < deadline:
        improved = False
        for candidate in _candidates(plan, best, rng):
            if checks >= max_checks or time.monotonic() >= deadline:
                break
            candidate = plan.complete(candidate)
            if candidate is None:
                continue
            candidate_size = _size(candidate, measured)
            if candidate_size >= best_size:
                continue
            checks += 1
            if check(problem, candidate).fails:
                best, best_size, improved = candidate, candidate_size, True
                break
    return best


# --- how simple is an instance -------------------------------------------------------------------

def height(value) -> int:
    """|p| + q − 1 for p/q (0 → 0, ±1 → 1, 2 → 2, 1/2 → 2); other numbers count as large."""
    value = sympy.sympify(value)
    if value.is_Rational:
        return abs(int(value.p)) + int(value.q) - 1
    return 1000 + len(str(value))


def size(instance: Instance) -> tuple:
    """Smaller dims first, then smaller numbers, fewer nonzeros, fewer negative signs."""
    return _size(instance, {})


def _size(instance: Instance, measured: dict) -> tuple:
    """`size`, remembering each value's measure in `measured` (which holds the values, so ids stay theirs)."""
    heights = nonzeros = negatives = 0
    for value in instance.values.values():
        known = measured.get(id(value))
        if known is None or known[0] is not value:
            known = measured[id(value)] = (value, _measure(value))
        h, nonzero, negative = known[1]
        heights, nonzeros, negatives = heights + h, nonzeros + nonzero, negatives + negative
    return (sum(instance.dims.values()), heights, nonzeros, negatives)


def _measure(value) -> tuple[int, int, int]:
    """(sum of heights, nonzero entries, negative entries) of a value; read off the exact
    representation of a rational matrix (the entry-by-entry SymPy path is a shrink's main cost)."""
    rep = getattr(value, "_rep", None) if isinstance(value, sympy.MatrixBase) else None
    if isinstance(rep, DomainMatrix) and (rep.domain.is_ZZ or rep.domain.is_QQ):
        domain = rep.domain
        total = nonzero = negative = 0
        for x in rep.to_list_flat():
            p, q = int(domain.numer(x)), int(domain.denom(x))
            if p:
                total, nonzero, negative = total + abs(p) + q - 1, nonzero + 1, negative + (p < 0)
        return total, nonzero, negative
    entries = list(value) if isinstance(value, sympy.MatrixBase) else [value]
    heights = [height(e) for e in entries]
    return (sum(heights), sum(1 for h in heights if h),
            sum(1 for e in entries if sympy.sympify(e).is_Rational and e < 0))


# --- candidates, simplest first ------------------------------------------------------------------

def _candidates(plan: Plan, instance: Instance, rng: random.Random) -> Iterator[Instance]:
    yield from _smaller_dims(plan, instance, rng)
    for symbol in plan.free_symbols:
        value = instance.values.get(symbol)
        if value is None:
            continue
        for simpler in _simpler_values(symbol, value, plan):
            yield _replace(instance, symbol, simpler)


def _replace(instance: Instance, symbol, value) -> Instance:
    values = dict(instance.values)
    values[symbol] = value
    return Instance(dict(instance.dims), values)


def _smaller_dims(plan: Plan, instance: Instance, rng: random.Random) -> Iterator[Instance]:
    for dim in sorted(instance.dims, key=str):
        for target in range(1, instance.dims[dim]):
            dims = {**instance.dims, dim: target}
            if not plan.dims_ok(dims):
                continue
            yield _truncated(plan, instance, dims)
            for _ in range(FRESH_DRAWS):
                fresh = plan.draw(dims, rng)
                if fresh is not None:
                    yield fresh


def _truncated(plan: Plan, instance: Instance, dims: dict) -> Instance:
    values = {}
    for symbol, value in instance.values.items():
        if isinstance(symbol, MatrixSymbol):
            rows, cols = plan.shape(symbol, dims)
            value = sympy.ImmutableMatrix(sympy.Matrix(value)[:rows, :cols])
        values[symbol] = value
    return Instance(dict(dims), values)


SCALAR_CANDIDATES = tuple(sympy.Integer(v) for v in (0, 1, -1, 2, -2, 3, -3)) + (
    sympy.Rational(1, 2), sympy.Rational(-1, 2), sympy.Integer(4))


def _simpler_values(symbol, value, plan: Plan) -> Iterator:
    if not isinstance(value, sympy.MatrixBase):
        options = list(SCALAR_CANDIDATES)
        if value.is_Rational:
            options += [sympy.floor(value), sympy.ceiling(value), -value]
        spec = plan.scalars.get(symbol)
        if spec is not None and spec.square:  # keep square roots rational
            options = [o for o in options if sympy.sqrt(o).is_Rational]
        yield from options
        return
    yield from _whole_matrix(value)
    yield from _entrywise(value, "symmetric" in plan.matrices.get(symbol, ()))


def _immutable(rows: int, cols: int, flat: list) -> sympy.ImmutableMatrix:
    """The immutable matrix of the row-major entries `flat`; rationals go straight to their exact
    representation (SymPy's general constructor re-reads every entry)."""
    if all(isinstance(e, sympy.Rational) for e in flat):
        return immutable_of(rows, cols, flat)
    return sympy.ImmutableMatrix(rows, cols, flat)


def _whole_matrix(value) -> Iterator:
    rows, cols = value.shape
    flat = [sympy.sympify(e) for e in value]
    at = [(i, j) for i in range(rows) for j in range(cols)]
    yield _immutable(rows, cols, [sympy.S.Zero] * (rows * cols))
    yield _immutable(rows, cols, [sympy.S.One if i == j else sympy.S.Zero for i, j in at])
    yield _immutable(rows, cols, [e if i == j else sympy.S.Zero for e, (i, j) in zip(flat, at)])
    yield _immutable(rows, cols, [sympy.sign(e) for e in flat])
    yield _immutable(rows, cols, [_toward_zero(e) for e in flat])


def _entrywise(value, symmetric: bool) -> Iterator:
    rows, cols = value.shape
    flat = [sympy.sympify(e) for e in value]
    for i in range(rows):
        for j in range(cols):
            if symmetric and j < i:
                continue
            entry = flat[i * cols + j]
            for option in (sympy.S.Zero, sympy.sign(entry), _toward_zero(entry), -entry):
                if option != entry and height(option) <= height(entry):
                    m = list(flat)
                    m[i * cols + j] = option
                    if symmetric:
                        m[j * cols + i] = option
                    yield _immutable(rows, cols, m)


def _toward_zero(x):
    """An integer one step closer to 0 (a fraction becomes its integer part)."""
    x = sympy.sympify(x)
    if not x.is_Rational:
        return x
    if not x.is_Integer:
        return sympy.Integer(int(x))  # truncates toward zero
    if x == 0:
        return x
    return x - 1 if x > 0 else x + 1


__all__ = ["shrink", "size", "height"]
