"""A Gram form assumed zero has a zero factor: the matrix prover's premises from WᵀW = 0.

Owns `gram_zero_premises(t)`: for every assumption that says a Gram form vanishes,

* a matrix equation Wᵀ·W = 0 (written as one product, e.g. XᵀGGᵀX = 0),
* a scalar equation tr(Wᵀ·W) = 0 (so ‖W‖_F = √tr(WᵀW) = 0, any positive power of it, any
  positive multiple of it),

the premise W = 0. Sound over the reals for every size: Wᵀ·W = 0 gives tr(WᵀW) = 0, and
tr(WᵀW) = Σᵢⱼ wᵢⱼ² = 0 forces every entry of W to be 0 (symcheck's matrices and scalar
symbols are real; a claim with a non-real symbol is decided by no engine). The form is
recognized exactly: the product is a proper chain (its sizes match factor to factor, so
splitting it is associativity), its coefficient is a positive number, its entries are
plainly real (no function, fractional power or imaginary unit inside: for a complex W,
WᵀW = 0 does not force W = 0, and √c·A is complex when c < 0), and the left part translates
to the transpose of the right part as polynomials. The checker grants the same relation
with its own code (`certify/gram.py`).
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import HadamardPower, MatMul, MatrixExpr, Trace, ZeroMatrix
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from .errors import OutsideMatrixProver
from .premise import Premise


def _is_zero(expr) -> bool:
    return isinstance(expr, ZeroMatrix) or (not isinstance(expr, MatrixExpr) and expr == 0)


def _strip_positive(expr):
    """e for e^p (p a positive number) and for c·e (c a positive number), repeatedly."""
    while True:
        if isinstance(expr, sympy.Pow) and expr.exp.is_number and expr.exp.is_positive:
            expr = expr.base
        elif isinstance(expr, sympy.Mul) and not isinstance(expr, MatrixExpr):
            coeff, rest = expr.as_coeff_Mul()
            if not (coeff.is_number and coeff.is_positive) or rest == expr:
                return expr
            expr = rest
        else:
            return expr


def vanishing_products(rel) -> list:
    """The matrix products M that the relation says are 0 (M = 0, or tr M = 0 and ‖·‖ forms of it)."""
    if not isinstance(rel, sympy.Eq):
        return []
    out = []
    for side, other in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
        if not _is_zero(other):
            continue
        side = _strip_positive(side)
        if isinstance(side, Trace):
            side = side.arg
        if isinstance(side, MatMul):
            out.append(side)
    return out


def plainly_real(expr) -> bool:
    """Real entries for real matrices and scalars: no function (√c of a negative c, an element-wise function)
    and no fractional power anywhere inside, no imaginary unit."""
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, (sympy.Function, ElementwiseApplyFunction)) or node == sympy.I:
            return False
        if isinstance(node, (sympy.Pow, HadamardPower)) and not node.args[1].is_Integer:
            return False
    return True


def gram_splits(product: MatMul) -> list:
    """(left, right) for every split of a proper chain with a positive numeric coefficient, plainly real."""
    coeff, mats = product.as_coeff_matrices()
    if not (coeff.is_number and coeff.is_positive) or len(mats) < 2 or not plainly_real(product):
        return []
    if any(not isinstance(m, MatrixExpr) for m in mats):
        return []
    if any(sympy.simplify(a.shape[1] - b.shape[0]) != 0 for a, b in zip(mats, mats[1:])):
        return []
    out = []
    for i in range(1, len(mats)):
        left = mats[0] if i == 1 else MatMul(*mats[:i])
        right = mats[i] if i == len(mats) - 1 else MatMul(*mats[i:])
        if sympy.simplify(left.shape[0] - right.shape[1]) == 0 and sympy.simplify(left.shape[1] - right.shape[0]) == 0:
            out.append((left, right))
    return out


def gram_zero_premises(t) -> list:
    """W = 0 for every assumption WᵀW = 0 or tr(WᵀW) = 0 (‖W‖ = 0); see the module docstring."""
    out = []
    for rel in t.problem.relations:
        for product in vanishing_products(rel):
            for left, right in gram_splits(product):
                try:
                    w = t.poly(right)
                    if not (t.poly(left) - w.transpose(t.alphabet)).is_zero():
                        continue
                except OutsideMatrixProver:
                    continue
                if not w.is_zero():
                    out.append(Premise(w, "gram-zero",
                                       f"{sympy.sstr(right)} = 0, since W^T W = 0 (or tr W^T W = 0) in "
                                       f"assumption {sympy.sstr(rel)}"))
    return out


__all__ = ["gram_zero_premises", "vanishing_products", "gram_splits"]
