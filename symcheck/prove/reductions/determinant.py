"""Determinants: rewrite by their algebraic laws, then compare as scalars.

Each rule is a theorem for square matrices of one size n:
det(AB) = det(A)·det(B) (every factor n×n), det(Aᵀ) = det(A), det(A⁻¹) = 1/det(A),
det(c·A) = cⁿ·det(A), det(I) = 1, det(A₁ ⊗ … ⊗ A_k) = Π det(Aᵢ)^(N/nᵢ) for square
Aᵢ of size nᵢ and N = Π nᵢ (det(A ⊗ B) = det(A)^m det(B)^n), where a 1×1 block g of a product is a scalar c
(`model.products`; det(g) = g). After rewriting, each remaining determinant of a
matrix expression is an opaque real scalar, and the claim becomes a scalar identity in
those scalars. Equal opaque scalars stand for the same determinant, so a proof of
the scalar identity proves the claim. A product with a non-square factor (det(XᵀX)
with X n×d) is left whole, since it does not factor.
"""
from __future__ import annotations

import sympy
from sympy import Determinant, Identity, Inverse, KroneckerProduct, MatMul, Transpose

from ...model.problem import Problem
from ...model.products import group_expr
from ...model.shapes import product_reading, same_dim, shape_of
from .. import Reduced


def _square(expr) -> bool:
    rows, cols = shape_of(expr)
    return same_dim(rows, cols)


def expand_determinant(arg):
    """det(arg) rewritten by the laws above, as a SymPy scalar with Determinant atoms."""
    if isinstance(arg, Identity):
        return sympy.S.One
    if isinstance(arg, Transpose):
        return expand_determinant(arg.arg)
    if isinstance(arg, Inverse):
        return 1 / expand_determinant(arg.arg)
    if isinstance(arg, KroneckerProduct) and all(_square(m) for m in arg.args):
        # det(A₁ ⊗ … ⊗ A_k) = Π det(Aᵢ)^(N/nᵢ), Aᵢ nᵢ×nᵢ, N = Π nᵢ (det(A ⊗ B) = det(A)^m det(B)^n)
        sizes = [shape_of(m)[0] for m in arg.args]
        total = sympy.Mul(*sizes)
        return sympy.Mul(*[expand_determinant(m) ** sympy.cancel(total / size) for m, size in zip(arg.args, sizes)])
    if isinstance(arg, MatMul):
        # read as everywhere (model.products): each 1×1 group g is a scalar, and det(g) = g
        reading = product_reading(arg)
        if reading.chain and all(_square(m) for m in reading.chain):
            n = reading.shape[0]
            scalars = [*reading.coefficient, *[expand_determinant(group_expr(g)) for g in reading.groups]]
            factor = sympy.Mul(*scalars) ** n if scalars else sympy.S.One
            return factor * sympy.Mul(*[expand_determinant(m) for m in reading.chain])
    return Determinant(arg)


def _rewrite(expr):
    return expr.replace(lambda e: isinstance(e, Determinant), lambda e: expand_determinant(e.arg))


def _opaque_names(atoms: list, problem: Problem) -> dict:
    """A real symbol per determinant, named det[...] but never after a symbol of the claim or another determinant
    (two names alike would make two different numbers one)."""
    taken = {s.name for s in problem.scalar_symbols | problem.matrix_symbols | problem.dims}
    out = {}
    for atom in atoms:
        name = f"det[{sympy.sstr(atom.arg)}]"
        while name in taken:
            name += "'"
        taken.add(name)
        out[atom] = sympy.Symbol(name, real=True)
    return out


class DeterminantReduction:
    """The determinant laws: det of products, transposes, inverses and scalar multiples, then opaque names."""
    name = "determinant laws"

    def reduce(self, problem: Problem, deadline: float) -> Reduced | None:
        """The claim with every determinant expanded by the laws, as one obligation; None without a determinant."""
        if not problem.is_scalar or not (problem.lhs.has(Determinant) or problem.rhs.has(Determinant)):
            return None
        lhs, rhs = _rewrite(problem.lhs), _rewrite(problem.rhs)
        atoms = sorted((lhs.atoms(Determinant) | rhs.atoms(Determinant)), key=sympy.default_sort_key)
        opaque = _opaque_names(atoms, problem)
        obligation = Problem.build(lhs.xreplace(opaque), rhs.xreplace(opaque), problem.relation,
                                   [], problem.layout, problem.name)
        if obligation.matrix_symbols:
            return None  # something other than a determinant still needs the matrices
        return Reduced([obligation],
                       ["rewrite determinants: det(AB) = det(A)det(B), det(Aᵀ) = det(A), det(A⁻¹) = 1/det(A), "
                        "det(cA) = cⁿdet(A); then each determinant is a real number"],
                       {"opaque": {str(v): sympy.srepr(k) for k, v in opaque.items()}})
