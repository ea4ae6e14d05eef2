"""python-flint's exact values as the fast evaluation path holds them (`fast_eval`, `fast_derivative`).

Owns the import of `fmpq` / `fmpq_mat` (None when python-flint is missing: then the fast path
covers nothing), `NotCovered` (the fast path does not decide an expression: the general
evaluator does) and the small conversions both fast modules share: a value's shape, a 1×1
matrix read as a scalar, a scalar as a 1×1 matrix, the identity.
"""
from __future__ import annotations

try:  # a dependency of symcheck; without it every evaluation takes the general path
    from flint import fmpq, fmpq_mat
except ImportError:  # pragma: no cover - python-flint is in the dependencies
    fmpq = fmpq_mat = None


class NotCovered(Exception):
    """This path does not decide the expression: the general evaluator does."""


def shape(m) -> tuple:
    """(rows, columns) of an fmpq_mat."""
    return (m.nrows(), m.ncols())


def as_scalar(value):
    """A scalar, or the entry of a 1×1 matrix; NotCovered for any other matrix."""
    if isinstance(value, fmpq_mat):
        if shape(value) != (1, 1):
            raise NotCovered("a matrix used as a scalar")
        return value[0, 0]
    return value


def as_matrix(value):
    """A matrix as it is, a scalar as a 1×1 matrix."""
    return value if isinstance(value, fmpq_mat) else fmpq_mat(1, 1, [value])


def identity(n: int):
    """The n×n identity as an fmpq_mat."""
    return fmpq_mat(n, n, [fmpq(1) if i == j else fmpq(0) for i in range(n) for j in range(n)])


__all__ = ["fmpq", "fmpq_mat", "NotCovered", "shape", "as_scalar", "as_matrix", "identity"]
