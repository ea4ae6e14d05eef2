"""Constructs claim files may import from symcheck (a documented extension, CONTRACT §1; docs/constructs.md).

Two kinds:

* helpers that return plain SymPy, so engines see nothing new: `sqnorm`, `norm`,
  `dot`, `gaussian_log_density` (a squared norm is the trace of a 1×1 or Gram
  product, which every engine already understands);
* builders of symcheck's own expression classes (`symcheck.model.constructs`, re-exported
  here), for what plain SymPy cannot say:

  ========================  =====================================================
  `expectation(f, eps, s)`  E[f] over ε ~ N(0, s²I)  (`Expectation` / `MatrixExpectation`)
  `argmin(f, w)`            the unique minimiser of the scalar f over w  (`ArgMin`)
  `argmax(f, w)`            the unique maximiser  (`ArgMax`)
  `pinv(X)`                 the Moore–Penrose pseudo-inverse X⁺  (`PseudoInverse`)
  `opnorm2(A)`              ‖A‖₂, the operator (spectral) 2-norm  (`OpNorm2`)
  `vec(X)`                  the columns of X stacked into one column  (`Vec`)
  ========================  =====================================================

Kronecker and Hadamard products, diagonals and element-wise functions need no
construct: claims use SymPy's own classes (`KroneckerProduct`, `HadamardProduct`,
`HadamardPower`, `DiagMatrix`, `DiagonalOf`, `DiagonalMatrix`, `X.applyfunc(f)`).

Each class's rules live with the engine that applies them (its shape rule in
`model.shapes`, its exact value in `refute.constructs_eval`, its proof rule in a
reduction or the matrix prover), each in that engine's own table; importing this module
registers nothing and loads no prover or refuter (the independent checker reads these
classes too).
"""
from __future__ import annotations

import sympy
from sympy import Trace
from sympy.matrices.expressions import MatMul, MatrixExpr

from .model.constructs import ArgMax, ArgMin, Expectation, MatrixExpectation, OpNorm2, PseudoInverse, Vec
from .model.shapes import IllTyped, NotSupported, ShapeChecker


def _transpose_times(u, v):
    """uᵀv. SymPy flattens products, and a flat product may have a well-typed reading that the
    factors as written do not have (w·M with w a column: (w·M)ᵀ(w·M) flattens to Mᵀwᵀ·w·M,
    which reads as (wᵀw)·MᵀM). So an argument that is ill-typed for general dimensions is kept
    whole, in an unevaluated product, and the shape checker reports it."""
    try:
        for arg in (u, v):
            if isinstance(arg, MatrixExpr):  # explicit matrices multiply at once, as SymPy does
                ShapeChecker().shape(arg)
    except (IllTyped, NotSupported):
        return MatMul(u.T, v)
    return u.T * v


def sqnorm(v):
    """‖v‖² for a vector (vᵀv) or ‖A‖_F² for a matrix (tr AᵀA), as a scalar."""
    return Trace(_transpose_times(v, v))


def norm(v):
    """‖v‖₂ of a vector, or the Frobenius norm of a matrix."""
    return sympy.sqrt(sqnorm(v))


def dot(u, v):
    """uᵀv as a scalar."""
    return Trace(_transpose_times(u, v))


def gaussian_log_density(x, mean, variance):
    """log N(x; mean, variance·I) exactly: −‖x − mean‖²/(2·variance) − (k/2)·log(2π·variance), x k×1.

    `mean` may be 0 (the zero vector). Plain SymPy: the constant term is kept, so the
    expression is the log-density itself, not one "up to a constant".
    """
    k = x.shape[0]
    residual = x if (mean == 0 or mean is None) else x - mean
    variance = sympy.sympify(variance)
    return -sqnorm(residual) / (2 * variance) - sympy.Rational(1, 2) * k * sympy.log(2 * sympy.pi * variance)


def expectation(f, eps, sigma):
    """E[f] over ε ~ N(0, σ²I); scalar f gives an `Expectation`, matrix-valued f a `MatrixExpectation`."""
    if isinstance(f, (MatrixExpr, sympy.MatrixBase)):
        return MatrixExpectation(f, eps, sigma)
    return Expectation(f, eps, sigma)


def argmin(f, w):
    """The unique global minimiser of the scalar f over the vector/matrix variable w."""
    return ArgMin(f, w)


def argmax(f, w):
    """The unique global maximiser of the scalar f over w (e.g. a MAP estimate from a log-posterior)."""
    return ArgMax(f, w)


def pinv(x) -> PseudoInverse:
    """X⁺, the Moore–Penrose pseudo-inverse (a claim-file construct)."""
    return PseudoInverse(x)


def opnorm2(a) -> OpNorm2:
    """‖A‖₂ = sup{‖Ax‖₂ : ‖x‖₂ = 1}, the operator 2-norm (largest singular value) of a matrix."""
    return OpNorm2(a)


def vec(x) -> Vec:
    """vec(X): the columns of the m×n matrix X stacked into an mn×1 column (a claim-file construct)."""
    return Vec(x)


__all__ = ["sqnorm", "norm", "dot", "gaussian_log_density", "expectation", "argmin", "argmax", "pinv", "opnorm2", "vec",
           "Expectation", "MatrixExpectation", "ArgMin", "ArgMax", "PseudoInverse", "OpNorm2", "Vec"]
