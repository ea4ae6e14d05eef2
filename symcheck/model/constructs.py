"""The expression classes symcheck adds to SymPy, for what plain SymPy cannot say.

Claim files build them through `symcheck.constructs` (`expectation`, `argmin`, `argmax`,
`pinv`), which re-exports them; the LaTeX front end and the independent checker read
them. Each is recognised by its own rules, which live with the engine that applies them:

  =====================================  ====================================================
  class                                  its rules
  =====================================  ====================================================
  `Expectation` / `MatrixExpectation`    shape: `model.shapes`; value on an instance:
  (E[f] over ε ~ N(0, σ²I))              `refute.constructs_eval`; proof: `prove.reductions.expectation`
  `ArgMin` / `ArgMax` (unique optimiser) shape: `model.shapes`; value: `refute.constructs_eval`;
                                         proof: `prove.reductions.optimality`
  `PseudoInverse` (X⁺, Moore–Penrose)    shape: `model.shapes`; value: `refute.constructs_eval`;
                                         proof: `prove.matrix.pinv` (the Penrose equations)
  `OpNorm2` (‖A‖₂, the operator 2-norm)  shape: `model.shapes`; value: `refute.constructs_eval`;
                                         proof: `prove.positivity` (its inequalities)
  `Vec` (vec A, the stacked columns)     shape: `model.shapes`; value: `refute.structured_eval`;
                                         proof: `prove.matrix.structured` (a vec letter)
  =====================================  ====================================================

The classes bind their variable (ε, w): it is a dummy, not a free symbol of the claim.
This module imports nothing of symcheck, so every layer may import it.
"""
from __future__ import annotations

import sympy
from sympy import Basic
from sympy.matrices.expressions import MatrixExpr, MatrixSymbol


def _noise_vector(eps) -> MatrixSymbol:
    if not isinstance(eps, MatrixSymbol) or sympy.expand(sympy.sympify(eps.shape[1]) - 1) != 0:  # one column, for every dimension
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
        """The integrand's symbols but the noise (which is bound), and σ's."""
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
        """The integrand's symbols but the noise (which is bound), and σ's."""
        return (self.integrand.free_symbols - {self.noise}) | self.sigma.free_symbols

    def _sympystr(self, printer):
        return f"E[{printer.doprint(self.integrand)}; {self.noise} ~ N(0, {printer.doprint(self.sigma)}**2*I)]"


def _decision_variable(w) -> MatrixSymbol:
    if not isinstance(w, MatrixSymbol):
        raise TypeError(f"the variable {w} of argmin/argmax must be a MatrixSymbol (a vector or matrix)")
    return w


class Optimum(MatrixExpr):
    """The unique optimiser of a scalar objective f over the matrix variable w; shape of w."""

    def __new__(cls, objective, w):
        return Basic.__new__(cls, sympy.sympify(objective), _decision_variable(w))

    objective = property(lambda self: self.args[0])
    variable = property(lambda self: self.args[1])
    shape = property(lambda self: self.args[1].shape)

    @property
    def free_symbols(self):
        """The objective's symbols but the variable (which is bound)."""
        return self.objective.free_symbols - {self.variable}

    def _sympystr(self, printer):
        return f"{type(self).__name__.lower()}_{self.variable}({printer.doprint(self.objective)})"


class ArgMin(Optimum):
    """argmin_w f(w): claims `argmin(f, w) == v` mean "f has exactly one global minimiser, and it is v"."""


class ArgMax(Optimum):
    """argmax_w f(w): the unique global maximiser."""


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
        """(cols, rows) of the argument."""
        return (self.arg.shape[1], self.arg.shape[0])

    def _sympystr(self, printer):
        return f"pinv({printer._print(self.arg)})"


class OpNorm2(sympy.Expr):
    """‖A‖₂ = sup{‖Ax‖₂ : ‖x‖₂ = 1}, the operator (spectral) 2-norm of a real matrix: a real scalar ≥ 0."""

    is_commutative = True
    is_real = True

    def __new__(cls, arg):
        arg = sympy.sympify(arg)
        if not isinstance(arg, MatrixExpr):
            raise TypeError(f"opnorm2 of {arg!r}, which is not a matrix expression")
        return Basic.__new__(cls, arg)

    arg = property(lambda self: self.args[0])

    def _sympystr(self, printer):
        return f"opnorm2({printer._print(self.arg)})"


class Vec(MatrixExpr):
    """vec(A): the columns of the m×n matrix A stacked into an mn×1 column, vec(A)[i + j·m] = A[i, j] (0-based)."""

    def __new__(cls, arg):
        arg = sympy.sympify(arg)
        if not isinstance(arg, (MatrixExpr, sympy.MatrixBase)):
            raise TypeError(f"vec of {arg!r}, which is not a matrix expression")
        return Basic.__new__(cls, arg)

    arg = property(lambda self: self.args[0])

    @property
    def shape(self):
        """(rows·cols, 1) of the argument."""
        return (self.arg.shape[0] * self.arg.shape[1], sympy.S.One)

    def _sympystr(self, printer):
        return f"vec({printer._print(self.arg)})"


__all__ = ["Expectation", "MatrixExpectation", "Optimum", "ArgMin", "ArgMax", "PseudoInverse", "OpNorm2", "Vec"]
