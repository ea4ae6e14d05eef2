"""python-flint's values as the fast evaluation path holds them (`fast_eval`, `fast_derivative`).

Owns the import of `fmpq` / `fmpq_mat` (exact rationals) and `arb` / `arb_mat` (rigorous balls,
made only by `ball_values` for the cross-check of a proof), None when python-flint is missing: then
the fast path covers nothing; `NotCovered` (the fast path does not decide an expression: the
general evaluator does) and the small conversions both fast modules share, for either kind of
value: a value's shape, a 1×1 matrix read as a scalar, a scalar as a 1×1 matrix, a matrix from its
entries, a product of scalars and matrices, an entrywise product, the sign of a scalar (decided, or NotCovered), the
identity. An exact value meeting a ball becomes a ball; a value made only of exact parts stays exact.
"""
from __future__ import annotations

try:  # a dependency of symcheck; without it every evaluation takes the general path
    from flint import arb, arb_mat, fmpq, fmpq_mat
except ImportError:  # pragma: no cover - python-flint is in the dependencies
    fmpq = fmpq_mat = arb = arb_mat = None

MATRIX_TYPES = (fmpq_mat, arb_mat)


class NotCovered(Exception):
    """This path does not decide the expression: the general evaluator does."""


def is_matrix(value) -> bool:
    """Is this an fmpq_mat or an arb_mat (1×1 included)?"""
    return isinstance(value, MATRIX_TYPES)


def shape(m) -> tuple:
    """(rows, columns) of a matrix."""
    return (m.nrows(), m.ncols())


def as_scalar(value):
    """A scalar, or the entry of a 1×1 matrix; NotCovered for any other matrix."""
    if isinstance(value, MATRIX_TYPES):
        if shape(value) != (1, 1):
            raise NotCovered("a matrix used as a scalar")
        return value[0, 0]
    return value


def as_matrix(value):
    """A matrix as it is, a scalar as a 1×1 matrix."""
    return value if isinstance(value, MATRIX_TYPES) else matrix_of(1, 1, [value])


def matrix_of(rows: int, cols: int, entries: list):
    """The rows×cols matrix with these entries (row by row): an fmpq_mat, or an arb_mat when an entry is a ball."""
    if any(isinstance(e, arb) for e in entries):
        return arb_mat(rows, cols, entries)
    return fmpq_mat(rows, cols, entries)


def times(a, b):
    """a·b for scalars and matrices of either kind (a scalar scales a matrix on either side)."""
    if isinstance(b, MATRIX_TYPES) and not isinstance(a, MATRIX_TYPES):
        a, b = b, a
    if isinstance(a, fmpq_mat) and isinstance(b, arb):  # python-flint does not scale an fmpq_mat by a ball
        a = arb_mat(a)
    return a * b


def sign(value) -> int:
    """-1, 0 or 1 for an exact scalar or a ball that decides it (excludes 0, or is exactly 0);
    NotCovered for a ball that holds 0 and other numbers: only the general path may decide that."""
    if isinstance(value, arb):
        if value > 0:  # python-flint orders balls only when every point of them agrees
            return 1
        if value < 0:
            return -1
        if value == 0:  # the exact ball 0
            return 0
        raise NotCovered("a ball around 0: its sign is not decided")
    return (value > 0) - (value < 0)


def is_zero(value) -> bool:
    """Is this scalar exactly 0 (a ball only when it is the exact ball 0)? A term that is not may still be 0."""
    return value == 0


def hadamard(a, b):
    """The entrywise product of two matrices of one shape (NotCovered for two shapes)."""
    if shape(a) != shape(b):
        raise NotCovered("a Hadamard product of different shapes")
    return matrix_of(a.nrows(), a.ncols(), [x * y for x, y in zip(a.entries(), b.entries())])


def identity(n: int):
    """The n×n identity as an fmpq_mat."""
    return fmpq_mat(n, n, [fmpq(1) if i == j else fmpq(0) for i in range(n) for j in range(n)])


__all__ = ["fmpq", "fmpq_mat", "arb", "arb_mat", "NotCovered", "is_matrix", "shape", "as_scalar", "as_matrix",
           "matrix_of", "times", "hadamard", "sign", "is_zero", "identity"]
