"""Helpers claim files may import from symcheck (a documented extension, CONTRACT §1).

Each helper returns plain SymPy, so engines see nothing new: a squared norm is the
trace of a 1×1 (or Gram) product, which every engine already understands.
"""
from __future__ import annotations

import sympy
from sympy import Trace


def sqnorm(v):
    """‖v‖² for a vector (vᵀv) or ‖A‖_F² for a matrix (tr AᵀA), as a scalar."""
    return Trace(v.T * v)


def norm(v):
    """‖v‖₂ of a vector, or the Frobenius norm of a matrix."""
    return sympy.sqrt(sqnorm(v))


def dot(u, v):
    """uᵀv as a scalar."""
    return Trace(u.T * v)


__all__ = ["sqnorm", "norm", "dot"]
