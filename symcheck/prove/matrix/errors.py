"""The one exception of the matrix prover: the claim is outside what it models."""
from __future__ import annotations


class OutsideMatrixProver(Exception):
    """The expression uses something the noncommutative prover does not model; the engine steps aside."""


__all__ = ["OutsideMatrixProver"]
