"""The Moore–Penrose pseudo-inverse X⁺: the construct `pinv(X)`, its shape, its proof rule, its exact value.

SymPy has no pseudo-inverse matrix expression (only `Matrix.pinv()` for explicit
matrices), so claims write `pinv(X)` (a `PseudoInverse`, shape cols×rows). Owns:

* the class and the shape rule (an m×n matrix has an n×m pseudo-inverse, always);
* the matrix prover's rule: X⁺ is a letter of kind `pinv` with the four Penrose
  equations X X⁺ X = X, X⁺ X X⁺ = X⁺, (X X⁺)ᵀ = X X⁺, (X⁺ X)ᵀ = X⁺ X as hypotheses
  of kind `penrose`, granted unconditionally (X⁺ exists and is unique for every real
  X); its transpose letter is (Xᵀ)⁺ = (X⁺)ᵀ, the same letter when X is symmetric;
* the refuter's exact value over ℚ by a full-rank factorisation X = C F
  (C: the pivot columns of X, F: the nonzero rows of rref(X)):
  X⁺ = Fᵀ (F Fᵀ)⁻¹ (CᵀC)⁻¹ Cᵀ, and X⁺ = 0 for X = 0.

Importing this module registers all three.
"""
from __future__ import annotations

import sympy
from sympy import Basic
from sympy.matrices.expressions import MatrixExpr, Transpose

from ..model.shapes import register_shape_rule
from ..refute.evaluate import Undefined, register_evaluator, to_domain_matrix
from .matrix_translate import GRID_RULES, Grid, Hypothesis, Translator
from .ncalg import Letter, NCPoly


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


# --- shape -------------------------------------------------------------------------------------

def _pinv_shape(expr, checker):
    rows, cols = checker.shape(expr.arg)
    return (cols, rows)


register_shape_rule(PseudoInverse, _pinv_shape)


# --- proof rule ------------------------------------------------------------------------------------

def pinv_letter(t: Translator, poly: NCPoly, meaning) -> int:
    """The letter for poly⁺ (and its transpose (polyᵀ)⁺), with the Penrose equations on first use."""
    cache = t.pinv_of
    key = poly.key()
    if key in cache:
        return cache[key]
    polyT = poly.transpose(t.alphabet)
    shown = poly.show(t.alphabet)
    name = t._unique_name(f"{shown}^+" if len(poly.terms) == 1 and len(next(iter(poly.terms))) == 1
                          and next(iter(poly.terms.values())).is_one() else f"W{len(cache) + 1}")
    p = t.alphabet.add(Letter(name, poly.dst, poly.src, meaning, "pinv", note=f"the pseudo-inverse of {shown}"))
    cache[key] = p
    if polyT.key() != key:
        pt = t.alphabet.add(Letter(t._unique_name(name + "^T"), poly.src, poly.dst, Transpose(meaning), "pinv",
                                   note=f"the pseudo-inverse of {polyT.show(t.alphabet)} (the transpose of {name})"))
        t.alphabet.link_transposes(p, pt)
        cache[polyT.key()] = pt
    t.pinv_poly[p] = poly
    if polyT.key() != key:
        t.pinv_poly[cache[polyT.key()]] = polyT
    t.hypotheses.extend(penrose_hypotheses(t, p, poly, name))
    return p


def penrose_hypotheses(t: Translator, p: int, poly: NCPoly, name: str) -> list:
    P = NCPoly.letter(t.alphabet, p, t.field)
    AP, PA = poly * P, P * poly
    eqs = [(AP * poly - poly, f"{name}: X X+ X = X"), (PA * P - P, f"{name}: X+ X X+ = X+"),
           (AP.transpose(t.alphabet) - AP, f"{name}: (X X+)^T = X X+"),
           (PA.transpose(t.alphabet) - PA, f"{name}: (X+ X)^T = X+ X")]
    return [Hypothesis(t.atoms.extract_loops(h), "penrose", origin) for h, origin in eqs if not h.is_zero()]


def _g_pinv(t: Translator, expr: PseudoInverse) -> Grid:
    poly = t.poly(expr.arg)
    return Grid.single(NCPoly.letter(t.alphabet, pinv_letter(t, poly, expr), t.field))


GRID_RULES[PseudoInverse] = _g_pinv


# --- exact value -------------------------------------------------------------------------------

def exact_pinv(matrix: sympy.Matrix) -> sympy.Matrix:
    """X⁺ over ℚ (or any exact field) by a full-rank factorisation X = C F."""
    rows, cols = matrix.shape
    rref, pivots = matrix.rref()
    if not pivots:
        return sympy.zeros(cols, rows)
    C = matrix.extract(list(range(rows)), list(pivots))
    F = rref.extract(list(range(len(pivots))), list(range(cols)))
    return F.T * (F * F.T).inv() * (C.T * C).inv() * C.T


def _evaluate_pinv(expr, ev):
    value = ev.value(expr.arg)
    if not hasattr(value, "to_Matrix"):  # a scalar: 1/x, and 0 for 0
        if value == 0:
            return sympy.S.Zero
        return 1 / value
    matrix = value.to_Matrix()
    if any(not e.is_number for e in matrix):
        raise Undefined("pseudo-inverse of a matrix with symbolic entries")
    return to_domain_matrix(exact_pinv(matrix))


register_evaluator(PseudoInverse, _evaluate_pinv)


__all__ = ["PseudoInverse", "pinv", "exact_pinv", "pinv_letter"]
