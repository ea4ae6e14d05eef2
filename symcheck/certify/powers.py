"""The checker's own rules for symbolic powers Bᴱ (E a natural number for every allowed value).

* `power_commutations`: a letter X with X·B − B·X granted (an assumption AB = BA, its
  transpose, ...) commutes with every power letter P = Bᴱ: XBᴱ = BᴱX follows from XB = BX
  by induction on E, so X·P − P·X is granted too.
* `monotone_inverses`: in an induction on k, the claim at k + 1 promises something only where
  its inverses exist, and the step uses the claim at k, which holds where *its* inverses exist.
  So every inverse that depends on k must exist at k whenever it exists at k + 1. That holds
  when its argument is a product of square factors, each free of k or a power Bᵃᵏ⁺ᶜ (a, c ≥ 0)
  of a square matrix free of k: det of the product is Π det(Bᵢ)^(aᵢk + cᵢ) · Π det(Cⱼ), nonzero at
  k + 1 only when every det(Bᵢ) with aᵢ(k + 1) + cᵢ > 0 is nonzero, hence nonzero at k.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import Inverse, MatMul, MatPow, MatrixExpr



def power_commutations(alphabet, fld, powers: dict, allowed) -> list:
    """(X·P − P·X, why) for each power letter P = B^E and letter X with X·B − B·X granted by `allowed`."""
    out = []
    for name, base in powers.items():
        if base.rows != base.cols:
            continue
        power = alphabet.letter_poly(name, fld)
        for x, letter in alphabet.letters.items():
            if x == name or letter.rows != base.rows or letter.cols != base.rows:
                continue
            X = alphabet.letter_poly(x, fld)
            comm = X.mul(base).sub(base.mul(X))
            if comm.is_zero() or allowed.reason(comm) is None:
                continue
            out.append((X.mul(power).sub(power.mul(X)), f"{x} commutes with the base of the power {name}"))
    return out


def _square(expr) -> bool:
    rows, cols = expr.shape
    return sympy.expand(rows - cols) == 0


def _natural_multiple(exp, var) -> bool:
    """exp = a·var + c with integers a, c >= 0."""
    exp = sympy.expand(exp)
    a = exp.coeff(var, 1)
    c = sympy.expand(exp - a * var)
    return a.is_Integer and c.is_Integer and a >= 0 and c >= 0


def _monotone_argument(arg, var) -> bool:
    factors = arg.args if isinstance(arg, MatMul) else (arg,)
    for f in factors:
        if not isinstance(f, MatrixExpr):
            if f.has(var):
                return False
            continue
        if not _square(f):
            return False
        if not f.has(var):
            continue
        if not (isinstance(f, MatPow) and not f.base.has(var) and _square(f.base) and _natural_multiple(f.exp, var)):
            return False
    return True


def monotone_inverses(exprs, var) -> bool:
    """Every inverse in exprs that depends on var exists at var whenever it exists at var + 1 (see above)."""
    for expr in exprs:
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, Inverse) and node.has(var) and not _monotone_argument(node.arg, var):
                return False
            if isinstance(node, MatPow) and node.has(var):
                if node.exp.is_Integer:
                    if node.exp < 0 and not _monotone_argument(node.base, var):
                        return False   # B**-c is an inverse too
                elif not _natural_multiple(node.exp, var) and not (
                        _natural_multiple(-node.exp, var) and not node.base.has(var) and _square(node.base)):
                    return False   # B**-(ak + c) is the inverse of B**(ak + c)
    return True


__all__ = ["power_commutations", "monotone_inverses"]
