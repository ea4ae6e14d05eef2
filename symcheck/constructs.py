"""Constructs claim files may import from symcheck (a documented extension, CONTRACT §1; docs/constructs.md).

Two kinds:

* helpers that return plain SymPy, so engines see nothing new: `sqnorm`, `norm`,
  `dot`, `gaussian_log_density` (a squared norm is the trace of a 1×1 or Gram
  product, which every engine already understands);
* small SymPy classes for what plain SymPy cannot say, each recognised by a
  reduction in `symcheck.prove` and evaluated exactly on instances by
  `symcheck.refute.constructs_eval`:

  ========================  =====================================================
  `expectation(f, eps, s)`  E[f] over ε ~ N(0, s²I)  (`Expectation` / `MatrixExpectation`)
  `argmin(f, w)`            the unique minimiser of the scalar f over w  (`ArgMin`)
  `argmax(f, w)`            the unique maximiser  (`ArgMax`)
  `pinv(X)`                 the Moore–Penrose pseudo-inverse X⁺  (`PseudoInverse`; the
                            matrix prover's Penrose rule is in `symcheck.prove.matrix_pinv`)
  ========================  =====================================================

The classes bind their variable (ε, w): it is a dummy, not a free symbol of the claim.
Their shape rules are registered with the general-dimension shape checker here, so
an ill-typed use is an `error`, never a proof. This module imports nothing from
`symcheck.prove` or `symcheck.refute` (the independent checker reads these classes):
the refuter's exact values live in `symcheck.refute.constructs_eval`, the provers'
rules beside each prover.
"""
from __future__ import annotations

import sympy
from sympy import Basic, Trace
from sympy.matrices.expressions import MatMul, MatrixExpr, MatrixSymbol

from .model.shapes import (IllTyped, NotSupported, ShapeChecker, is_scalar_shape, register_shape_rule, same_dim,
                           show_shape)


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


# --- expectations over Gaussian noise ------------------------------------------------------------

def _noise_vector(eps) -> MatrixSymbol:
    if not isinstance(eps, MatrixSymbol) or not same_dim(eps.shape[1], 1):
        raise TypeError(f"the noise {eps} must be a column MatrixSymbol (an n×1 vector)")
    return eps


class Expectation(sympy.Expr):
    """E[f] for a scalar f, where ε ~ N(0, σ²I) (independent entries, mean 0, variance σ²)."""

    is_commutative = True

    def __new__(cls, integrand, eps, sigma):
        return Basic.__new__(cls, sympy.sympify(integrand), _noise_vector(eps), sympy.sympify(sigma))

    integrand = property(lambda self: self.args[0])
    noise = property(lambda self: self.args[1])
    sigma = property(lambda self: self.args[2])

    @property
    def free_symbols(self):
        return (self.integrand.free_symbols - {self.noise}) | self.sigma.free_symbols

    def _sympystr(self, printer):
        return f"E[{printer.doprint(self.integrand)}; {self.noise} ~ N(0, {printer.doprint(self.sigma)}**2*I)]"


class MatrixExpectation(MatrixExpr):
    """E[F] entrywise for a matrix-valued F, where ε ~ N(0, σ²I)."""

    def __new__(cls, integrand, eps, sigma):
        return Basic.__new__(cls, integrand, _noise_vector(eps), sympy.sympify(sigma))

    integrand = property(lambda self: self.args[0])
    noise = property(lambda self: self.args[1])
    sigma = property(lambda self: self.args[2])
    shape = property(lambda self: self.args[0].shape)

    @property
    def free_symbols(self):
        return (self.integrand.free_symbols - {self.noise}) | self.sigma.free_symbols

    def _sympystr(self, printer):
        return f"E[{printer.doprint(self.integrand)}; {self.noise} ~ N(0, {printer.doprint(self.sigma)}**2*I)]"


def expectation(f, eps, sigma):
    """E[f] over ε ~ N(0, σ²I); scalar f gives an `Expectation`, matrix-valued f a `MatrixExpectation`."""
    if isinstance(f, (MatrixExpr, sympy.MatrixBase)):
        return MatrixExpectation(f, eps, sigma)
    return Expectation(f, eps, sigma)


# --- optimality ------------------------------------------------------------------------------------

def _decision_variable(w) -> MatrixSymbol:
    if not isinstance(w, MatrixSymbol):
        raise TypeError(f"the variable {w} of argmin/argmax must be a MatrixSymbol (a vector or matrix)")
    return w


class _Optimum(MatrixExpr):
    """The unique optimiser of a scalar objective f over the matrix variable w; shape of w."""

    def __new__(cls, objective, w):
        return Basic.__new__(cls, sympy.sympify(objective), _decision_variable(w))

    objective = property(lambda self: self.args[0])
    variable = property(lambda self: self.args[1])
    shape = property(lambda self: self.args[1].shape)

    @property
    def free_symbols(self):
        return self.objective.free_symbols - {self.variable}

    def _sympystr(self, printer):
        return f"{type(self).__name__.lower()}_{self.variable}({printer.doprint(self.objective)})"


class ArgMin(_Optimum):
    """argmin_w f(w): claims `argmin(f, w) == v` mean "f has exactly one global minimiser, and it is v"."""


class ArgMax(_Optimum):
    """argmax_w f(w): the unique global maximiser."""


def argmin(f, w):
    """The unique global minimiser of the scalar f over the vector/matrix variable w."""
    return ArgMin(f, w)


def argmax(f, w):
    """The unique global maximiser of the scalar f over w (e.g. a MAP estimate from a log-posterior)."""
    return ArgMax(f, w)


# --- the Moore–Penrose pseudo-inverse ----------------------------------------------------------

class PseudoInverse(MatrixExpr):
    """X⁺, the Moore–Penrose pseudo-inverse of a matrix expression X (m×n gives n×m)."""

    def __new__(cls, arg):
        arg = sympy.sympify(arg)
        if not isinstance(arg, MatrixExpr):
            raise TypeError(f"pinv of {arg!r}, which is not a matrix expression")
        return Basic.__new__(cls, arg)

    arg = property(lambda self: self.args[0])

    @property
    def shape(self):
        return (self.arg.shape[1], self.arg.shape[0])

    def _sympystr(self, printer):
        return f"pinv({printer._print(self.arg)})"


def pinv(x) -> PseudoInverse:
    """X⁺, the Moore–Penrose pseudo-inverse (a claim-file construct)."""
    return PseudoInverse(x)


# --- shape rules (general dimensions) ----------------------------------------------------------------

def _expectation_shape(expr, checker: ShapeChecker):
    checker.shape(expr.noise)
    checker.require_scalar(expr.sigma, "the standard deviation of an expectation")
    shape = checker.shape(expr.integrand)
    if isinstance(expr, Expectation) and not is_scalar_shape(shape):
        raise IllTyped(f"Expectation of {expr.integrand} ({show_shape(shape)}) needs a scalar integrand")
    return shape


def _optimum_shape(expr, checker: ShapeChecker):
    checker.require_scalar(expr.objective, f"the objective of {type(expr).__name__.lower()}")
    return tuple(expr.variable.shape)


def _pinv_shape(expr, checker: ShapeChecker):
    rows, cols = checker.shape(expr.arg)
    return (cols, rows)


register_shape_rule(Expectation, _expectation_shape)
register_shape_rule(MatrixExpectation, _expectation_shape)
register_shape_rule(ArgMin, _optimum_shape)
register_shape_rule(ArgMax, _optimum_shape)
register_shape_rule(PseudoInverse, _pinv_shape)

__all__ = ["sqnorm", "norm", "dot", "gaussian_log_density", "expectation", "argmin", "argmax", "pinv",
           "Expectation", "MatrixExpectation", "ArgMin", "ArgMax", "PseudoInverse"]
