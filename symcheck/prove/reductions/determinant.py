"""Determinants: rewrite by their algebraic laws, then compare as scalars.

Each rule is a theorem for square matrices of one size n:
det(AB) = det(A)·det(B) (every factor n×n), det(Aᵀ) = det(A), det(A⁻¹) = 1/det(A),
det(c·A) = cⁿ·det(A), det(I) = 1, det(A₁ ⊗ … ⊗ A_k) = Π det(Aᵢ)^(N/nᵢ) for square Aᵢ of
size nᵢ and N = Π nᵢ, det(0) = 0, det(Bᵏ) = det(B)ᵏ for an integer k (B⁻¹
exists wherever Bᵏ with k < 0 does), where a 1×1 block g of a product is a scalar c
(`model.products`; det(g) = g); the determinant of an explicit matrix is computed
(Berkowitz, division free). What the assumptions say is used too:

* Q.orthogonal(Q): det(Q) = ±1, so det(Q)ᵉ = 1 for an even integer e and det(Q) for an odd one;
* Eq(M₁, M₂) between square matrices of one size: det M₁ = det M₂, an assumption of the scalar
  obligation (Eq(QᵀQ, I) gives det(Q)² = 1, Eq(P², P) gives det(P)² = det P);
* Eq(Xᵀ, −X) (skew-symmetric X, size n): det X = det Xᵀ = det(−X) = (−1)ⁿ det X, so
  det X = (1 + (−1)ⁿ)/2 · det X (it is 0 for odd n, unchanged for even n);
* positivity: det M > 0 for M positive definite (assumed, or by its form: XᵀX + λI with λ
  declared positive, A + BᵀB with A positive definite, ...), or `Determinant(M) > 0` assumed;
* Hadamard's inequality: det M ≤ det(M ∘ I) = Π Mᵢᵢ for M symmetric positive semidefinite (a symbol
  assumed positive definite, or B·Bᵀ / Bᵀ·B as written), an assumption of the obligation;
* log-det: log(Π fᵢ^eᵢ) = Σ eᵢ·log|fᵢ| when every power is real and the product is known
  positive wherever it is nonzero (each factor under |·|, known positive or raised to an
  even power), with log|f| = log f for f known positive (a positive number or symbol, or
  det(M) with M positive definite or `Determinant(M) > 0` assumed); so log det(AB) =
  log det A + log det B, log det(A⁻¹) = −log det A, log det(cA) = n·log c + log det A
  (c > 0) and log det(Aᵀ) = log det A when the determinants are positive, and
  log det(LLᵀ) = 2·log|det L| in general. A log of a product of unknown sign stays whole.

After rewriting, each remaining determinant of a matrix expression is an opaque real
scalar, and the claim becomes a scalar identity in those scalars. Equal opaque scalars
stand for the same determinant, so a proof of the scalar identity proves the claim. A
product with a non-square factor (det(XᵀX) with X n×d) is left whole, since it does not
factor. A claim in which matrices remain outside determinants (det(I + uvᵀ) = 1 + uᵀv),
or whose determinants need more than these laws (Sylvester's identity, block matrices),
is left to the matrix prover, which reads determinants itself (`prove.matrix.determinants`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy
from sympy import (Determinant, HadamardProduct, Identity, Inverse, KroneckerProduct, MatMul, MatPow, MatrixSymbol,
                   Transpose, ZeroMatrix)
from sympy.matrices.expressions import MatrixExpr

from ...model.problem import Problem
from ...model.products import group_expr
from ...model.shapes import product_reading, same_dim, shape_of
from ...model.show import show
from .. import Reduced
from .optimality import Context as PDContext
from .optimality import positive_definite

MAX_EXPLICIT_SIZE = 8    # explicit matrices up to this size have their determinant computed


def _square(expr) -> bool:
    rows, cols = shape_of(expr)
    return same_dim(rows, cols)


def _integer_exponent(exp) -> bool:
    return bool(exp.is_Integer or (exp.is_integer and not exp.is_number))


def expand_determinant(arg):
    """det(arg) rewritten by the laws above, as a SymPy scalar with Determinant atoms."""
    if isinstance(arg, Identity):
        return sympy.S.One
    if isinstance(arg, ZeroMatrix):
        return sympy.S.Zero  # sizes are positive
    if isinstance(arg, sympy.MatrixBase):
        if arg.rows == arg.cols and arg.rows <= MAX_EXPLICIT_SIZE and not arg.has(MatrixExpr):
            return sympy.expand(sympy.Matrix(arg).det(method="berkowitz"))
        return Determinant(arg)
    if isinstance(arg, Transpose):
        return expand_determinant(arg.arg)
    if isinstance(arg, Inverse):
        return 1 / expand_determinant(arg.arg)
    if isinstance(arg, KroneckerProduct) and all(_square(m) for m in arg.args):
        # det(A₁ ⊗ … ⊗ A_k) = Π det(Aᵢ)^(N/nᵢ), Aᵢ nᵢ×nᵢ, N = Π nᵢ (det(A ⊗ B) = det(A)^m det(B)^n)
        sizes = [shape_of(m)[0] for m in arg.args]
        total = sympy.Mul(*sizes)
        return sympy.Mul(*[expand_determinant(m) ** sympy.cancel(total / size) for m, size in zip(arg.args, sizes)])
    if isinstance(arg, MatPow) and _integer_exponent(arg.args[1]):
        return expand_determinant(arg.args[0]) ** arg.args[1]
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


# ---------------------------------------------------------------------------
# What the assumptions say about determinants
# ---------------------------------------------------------------------------


def skew_matrices(relations) -> list:
    """Square matrices X with Eq(Xᵀ, −X) (or Eq(X, −Xᵀ)) among the assumptions."""
    out = []
    for rel in relations:
        if not isinstance(rel, sympy.Eq):
            continue
        for a, b in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
            if isinstance(a, Transpose) and isinstance(a.arg, MatrixExpr) and _negated(b) == a.arg \
                    and _square(a.arg) and a.arg not in out:
                out.append(a.arg)
    return out


def _negated(expr):
    """X for expr = −X (a MatMul with coefficient −1), else None."""
    if isinstance(expr, MatMul) and expr.args and expr.args[0] == -1 and len(expr.args) == 2:
        return expr.args[1]
    return None


@dataclass
class DeterminantFacts:
    """What the claim's assumptions say about its determinants, after the laws."""

    orthogonal: list = field(default_factory=list)   # Determinant atoms equal to ±1
    skew: dict = field(default_factory=dict)         # Determinant atom -> its size n (skew-symmetric)
    positive: list = field(default_factory=list)     # Determinant atoms known positive
    positive_scalars: set = field(default_factory=set)

    @classmethod
    def of(cls, problem: Problem) -> "DeterminantFacts":
        """The facts the problem's assumptions give (predicates and relations)."""
        facts = cls()
        for p in problem.predicates:
            if not p.args:
                continue
            arg = p.args[0]
            if p.name in ("orthogonal", "unitary") and isinstance(arg, MatrixExpr) and _square(arg):
                facts._add(facts.orthogonal, expand_determinant(arg))
            elif p.name == "positive_definite" and isinstance(arg, MatrixExpr) and _square(arg):
                facts._add(facts.positive, expand_determinant(arg))
            elif p.name == "positive" and isinstance(arg, sympy.Symbol):
                facts.positive_scalars.add(arg)
        for x in skew_matrices(problem.relations):
            atom = expand_determinant(x)
            if isinstance(atom, Determinant):
                facts.skew[atom] = shape_of(x)[0]
        for rel in problem.relations:
            side = _positive_side(rel)
            if side is None:
                continue
            if isinstance(side, sympy.Symbol):
                facts.positive_scalars.add(side)
            elif side.has(Determinant):
                facts._add(facts.positive, _rewrite(side))
        return facts

    def add_positive_forms(self, atoms, problem: Problem) -> None:
        """det M > 0 for each atom det(M) whose M is positive definite by its form, every coefficient condition
        met by a known positive coefficient (XᵀX + λI for λ positive or assumed λ > 0, A + BᵀB for A positive definite, a Gram matrix the claim inverts, ...:
        `optimality.positive_definite`); hᵀMh > 0 for h ≠ 0 makes every real eigenvalue of M positive and
        pairs the others, so det M > 0."""
        ctx = None
        for atom in sorted(atoms, key=sympy.default_sort_key):
            if atom in self.positive or not isinstance(atom, Determinant):
                continue
            ctx = ctx or PDContext(problem)
            verdict = positive_definite(atom.arg, ctx)
            if verdict is not None and all(self.is_positive(c) for c, _relation in verdict[0]):
                self.positive.append(atom)

    @staticmethod
    def _add(where: list, value) -> None:
        if isinstance(value, Determinant) and value not in where:
            where.append(value)

    def is_positive(self, factor) -> bool:
        """A factor known positive: a positive number, a positive symbol, a determinant known positive."""
        if factor.is_number:
            return factor.is_positive is True
        if isinstance(factor, sympy.Symbol):
            return bool(factor.is_positive) or factor in self.positive_scalars
        return factor in self.positive


def _positive_side(rel):
    """x for an assumption x > 0 (or 0 < x), else None."""
    if isinstance(rel, sympy.StrictGreaterThan) and rel.rhs == 0:
        return rel.lhs
    if isinstance(rel, sympy.StrictLessThan) and rel.lhs == 0:
        return rel.rhs
    return None


def apply_facts(expr, facts: DeterminantFacts):
    """Orthogonal determinants to ±1 by parity, skew-symmetric ones times (1 + (−1)ⁿ)/2, logs of positive products split."""
    if facts.orthogonal:
        def parity(e):
            k = int(e.exp)
            return sympy.S.One if k % 2 == 0 else e.base
        expr = expr.replace(lambda e: isinstance(e, sympy.Pow) and e.base in facts.orthogonal and e.exp.is_Integer,
                            parity)
    if facts.skew:
        expr = expr.xreplace({d: d * (1 + (-1) ** n) / 2 for d, n in facts.skew.items()})
        expr = sympy.expand(expr)  # (−1)ⁿ·(−1)ⁿ = 1 for an integer n, which only the expansion shows
    if expr.has(sympy.log):
        expr = expr.replace(lambda e: isinstance(e, sympy.log) and e.has(Determinant),
                            lambda e: split_log(e, facts))
    return expr


def signed_leaves(arg, positive, absolute: bool = False) -> list | None:
    """[(eᵢ, fᵢ, sᵢ)] with arg = Π fᵢ^eᵢ (products, powers and |·| opened; exponents multiplied through) and sᵢ
    the sign of fᵢ^eᵢ wherever it is nonzero: +1 under |·|, for fᵢ known positive (`positive`) or an even power,
    −1 for fᵢ known negative to an odd power. A power of a product with a non-integer exponent needs the
    product positive. Under |·| (`absolute`) every real factor counts as positive (|Π fᵢ^eᵢ| = Π |fᵢ|^eᵢ for real
    eᵢ). None when a sign is unknown or a power may not be real."""
    out = []
    for factor in sympy.Mul.make_args(arg):
        base, e = factor.as_base_exp()
        if not e.is_real:
            return None
        if isinstance(base, sympy.Abs) or base.is_Mul or base.is_Pow:
            inner = signed_leaves(base.args[0], positive, True) if isinstance(base, sympy.Abs) \
                else signed_leaves(base, positive, absolute)
            if inner is None:
                return None
            if isinstance(base, sympy.Abs) or e.is_even:
                inner = [(ei, fi, 1) for ei, fi, _si in inner]
            elif not e.is_integer and any(si < 0 for _ei, _fi, si in inner):
                return None   # (negative)^(non-integer) is not real, and an odd count of negatives is negative
            out += [(e * ei, fi, si) for ei, fi, si in inner]
            continue
        if not (base.is_real or isinstance(base, Determinant)):
            return None
        if absolute or positive(base) or e.is_even:
            out.append((e, base, 1))
        elif base.is_negative and e.is_odd:
            out.append((e, base, -1))
        else:
            return None
    return out


def split_log(expr, facts: DeterminantFacts):
    """log(Π fᵢ^eᵢ) = Σ eᵢ·log|fᵢ| when the product is positive wherever it is nonzero (`signed_leaves`: every
    factor under |·|, known positive or raised to an even power, an even number known negative with odd
    powers), so that the identity holds whether logs of negative numbers are read as undefined or as complex.
    log|f| is log f for f known positive, and the log of a positive number is expanded into logs of its primes.
    Otherwise the log stays whole: log det A + log det B = log det(AB) is not claimed when the signs are unknown
    (det A = det B = −1 makes the left side 2πi in the complex reading)."""
    leaves = signed_leaves(expr.args[0], facts.is_positive)
    if leaves is None or sum(1 for _e, _f, sign in leaves if sign < 0) % 2:
        return expr
    out = []
    for e, base, _sign in leaves:
        if base == 1:
            continue
        if base.is_number:
            out.append(e * sympy.expand_log(sympy.log(abs(base)), force=True))
        elif facts.is_positive(base):
            out.append(e * sympy.log(base))
        else:
            out.append(e * sympy.log(sympy.Abs(base)))
    return sympy.Add(*out)


# ---------------------------------------------------------------------------
# Opaque names and the reduction
# ---------------------------------------------------------------------------


def _opaque_names(atoms: list, problem: Problem) -> dict:
    """A real symbol per determinant, named det[...] but never after a symbol of the claim or another determinant
    (two names alike would make two different numbers one)."""
    taken = {s.name for s in problem.scalar_symbols | problem.matrix_symbols | problem.dims}
    out = {}
    for atom in atoms:
        name = f"det[{show(atom.arg)}]"
        while name in taken:
            name += "'"
        taken.add(name)
        out[atom] = sympy.Symbol(name, real=True)
    return out


def rewrite(expr, facts: DeterminantFacts):
    """expr with every determinant expanded by the laws and the facts applied."""
    return apply_facts(_rewrite(expr), facts)


def _equal_determinants(rel, facts: DeterminantFacts, opaque: dict):
    """det M₁ = det M₂ (named) for an assumption Eq(M₁, M₂) between square matrices of one size, when every
    determinant it holds is named; else None."""
    if not (isinstance(rel, sympy.Eq) and isinstance(rel.lhs, MatrixExpr) and isinstance(rel.rhs, MatrixExpr)):
        return None
    if not (_square(rel.lhs) and _square(rel.rhs) and same_dim(shape_of(rel.lhs)[0], shape_of(rel.rhs)[0])):
        return None
    sides = [apply_facts(expand_determinant(side), facts) for side in (rel.lhs, rel.rhs)]
    if any(not set(side.atoms(Determinant)) <= set(opaque) for side in sides):
        return None
    written = sympy.Eq(*[side.xreplace(opaque) for side in sides])
    return written if isinstance(written, sympy.Eq) and not written.has(MatrixExpr) else None


def _scalar_assumptions(problem: Problem, facts: DeterminantFacts, opaque: dict) -> list:
    """The scalar assumptions with determinants rewritten and named (matrix assumptions are left out), and what
    the facts say of the named determinants: det M > 0 for a positive one, det(Q)² = 1 for an orthogonal Q,
    det M₁ = det M₂ for an assumption Eq(M₁, M₂)."""
    out = []
    for p in problem.predicates:
        if p.args and not any(isinstance(a, MatrixExpr) or a.has(MatrixExpr) for a in p.args):
            out.append(getattr(sympy.Q, p.name)(*p.args))
    for rel in problem.relations:
        if isinstance(rel.lhs, MatrixExpr) or isinstance(rel.rhs, MatrixExpr):
            equal = _equal_determinants(rel, facts, opaque)
            if equal is not None:
                out.append(equal)
            continue
        written = rewrite(rel, facts).xreplace(opaque) if rel.has(Determinant) else rel
        if isinstance(written, sympy.core.relational.Relational) and not written.has(MatrixExpr):
            out.append(written)
    for atom in facts.positive:      # det M > 0 for M positive definite or assumed so
        if atom in opaque:
            out.append(sympy.StrictGreaterThan(opaque[atom], 0))
    for atom in facts.orthogonal:    # det(Q)² = det(QᵀQ) = 1
        if atom in opaque:
            out.append(sympy.Eq(opaque[atom] ** 2, 1))
    return out + _hadamard_bounds(problem, facts, opaque)


def _diagonal_part_of(m):
    """M for m = M ∘ I (or I ∘ M) with M square of I's size: det(m) is the product of M's diagonal; else None."""
    if not (isinstance(m, HadamardProduct) and len(m.args) == 2):
        return None
    for a, b in (m.args, m.args[::-1]):
        if isinstance(b, Identity) and _square(a) and same_dim(shape_of(a)[0], b.rows):
            return a
    return None


def _is_gram(m) -> bool:
    """m = B·Bᵀ or Bᵀ·B for some matrix B, read off its form: symmetric positive semidefinite."""
    return isinstance(m, MatMul) and len(m.args) == 2 and m.args[1] == m.args[0].T


def _hadamard_bounds(problem: Problem, facts: DeterminantFacts, opaque: dict) -> list:
    """det M ≤ det(M ∘ I) for each named det(M ∘ I) (Hadamard's inequality: det M ≤ Π Mᵢᵢ for M symmetric
    positive semidefinite), where M is a symbol assumed positive definite (symmetric by the contract) or a Gram
    product B·Bᵀ or Bᵀ·B, and every determinant det M rewrites to is named. Nothing is said of other matrices:
    a nonsymmetric M with xᵀMx > 0 can have det M > Π Mᵢᵢ ([[1, 2], [−2, 1]])."""
    assumed = {p.args[0] for p in problem.predicates if p.name == "positive_definite" and p.args}
    out = []
    for atom, name in opaque.items():
        m = _diagonal_part_of(atom.arg)
        if m is None or not ((isinstance(m, MatrixSymbol) and m in assumed) or _is_gram(m)):
            continue
        det_m = apply_facts(expand_determinant(m), facts)
        if det_m.atoms(Determinant) <= set(opaque):
            out.append(sympy.LessThan(det_m.xreplace(opaque), name))
    return out


class DeterminantReduction:
    """The determinant laws: det of products, transposes, inverses, powers and scalar multiples, then opaque names."""
    name = "determinant laws"

    def reduce(self, problem: Problem, deadline: float) -> Reduced | None:
        """The claim with every determinant expanded by the laws, as one obligation; None without a determinant."""
        if not problem.is_scalar or not (problem.lhs.has(Determinant) or problem.rhs.has(Determinant)):
            return None
        facts = DeterminantFacts.of(problem)
        laws = [_rewrite(problem.lhs), _rewrite(problem.rhs)]
        facts.add_positive_forms(laws[0].atoms(Determinant) | laws[1].atoms(Determinant), problem)
        lhs, rhs = (apply_facts(side, facts) for side in laws)
        atoms = sorted((lhs.atoms(Determinant) | rhs.atoms(Determinant)), key=sympy.default_sort_key)
        opaque = _opaque_names(atoms, problem)
        obligation = Problem.build(lhs.xreplace(opaque), rhs.xreplace(opaque), problem.relation,
                                   _scalar_assumptions(problem, facts, opaque), problem.layout, problem.name)
        if obligation.matrix_symbols or obligation.lhs.has(MatrixExpr) or obligation.rhs.has(MatrixExpr):
            return None  # something other than a determinant still needs the matrices: the matrix prover's
        return Reduced([obligation],
                       ["rewrite determinants: det(AB) = det(A)det(B), det(Aᵀ) = det(A), det(A⁻¹) = 1/det(A), "
                        "det(cA) = cⁿdet(A), det(Bᵏ) = det(B)ᵏ; orthogonal det = ±1, skew-symmetric det = 0 in odd "
                        "size, log of a product of positive determinants a sum of logs, det M ≤ det(M ∘ I) for M positive "
                        "semidefinite (Hadamard); then each determinant is a real number"],
                       {"opaque": {str(v): sympy.srepr(k) for k, v in opaque.items()}})
