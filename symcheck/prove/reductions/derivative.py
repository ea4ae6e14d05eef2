"""Symbolic matrix derivatives: the `DerivativeReduction` and the calculus it rests on.

Owns three things, each usable on its own:

* `differential(f, x, dx)`: the directional derivative Df(x)[dx] of a scalar, vector
  or matrix expression, built by the rules in `MATRIX_RULES` (product rule over the
  noncommutative product, d(M⁻¹) = −M⁻¹ dM M⁻¹, d tr M = tr dM, d Mᵀ = (dM)ᵀ; for vectors
  d(a∘b) = diag(b)·da + diag(a)·db and d f(a) = diag(f'(a))·da entrywise, f smooth; for
  matrices by a scalar d(A∘B) = dA∘B + A∘dB; d(A⊗B) = dA⊗B + A⊗dB; d tr(A⊗B) through
  tr(A⊗B) = tr A · tr B when both factors are square for all dimensions) and,
  for scalar expressions, the chain rule through their matrix-valued leaves (traces,
  1×1 products, entries). Scalar-by-scalar derivatives of the pure scalar skeleton
  (x², exp, log, √, Max, Piecewise, ...) use `sympy.diff` on fresh symbols, which is
  reliable there; `sympy.diff` is never applied to a matrix expression.
* `expand_linear(expr, marked)`: expands an expression into `Mono`s (coefficient ×
  traces × product chain) treating everything free of the `marked` symbols as an
  atom; a product is read as everywhere (`model.products`): its 1×1 groups are
  scalars, wherever they stand (CONTRACT §1). Shapes are symcheck's own
  (`model.shapes`), never SymPy's, which are wrong for flattened products like B·(xᵀx).
* `derivative(f, x, layout)`: reads the matrix off Df(x)[H] — for scalar f,
  Df[H] = tr(G H) gives G (numerator layout) using tr(P H Q) = tr(Q P H) and
  tr(P Hᵀ Q) = tr(Pᵀ Qᵀ H); for a column f and a column x, Df[h] = J h; a row f is
  differentiated as the column fᵀ (so the derivative of a row gradient is the
  Hessian). Denominator layout transposes. For a matrix x the numerator layout
  gives G of the shape of xᵀ, the denominator layout Gᵀ of the shape of x (the
  Matrix Cookbook's convention).

Kinks: where a derivative involves Max/Min/Abs/sign/Heaviside/Piecewise whose
branch depends on the variable, the functions g with a branch boundary at g = 0 are
recorded (`KINK_SINK`) and the obligation assumes g ≠ 0: a claim about a derivative
is a claim where the derivative exists (the exact evaluator likewise has no value on
a boundary). Off those boundaries every branch condition is locally constant, so
branchwise differentiation is exact.
"""
from __future__ import annotations

import contextvars
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

import sympy
from sympy import Basic
from sympy.matrices.expressions import (
    Determinant, DiagMatrix, HadamardPower, HadamardProduct, Identity, Inverse, KroneckerProduct, MatAdd, MatMul, MatPow,
    MatrixExpr, MatrixSymbol, OneMatrix, Trace, Transpose, ZeroMatrix,
)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matexpr import MatrixElement

from ...model.problem import Problem
from ...model.products import group_expr, unpowered
from ...model.relations import REFLEXIVE
from ...model.shapes import IllTyped, is_scalar_shape, product_reading, same_dim, shape_of
from ...model.show import show
from .. import Reduced
from .invertible import InvertibleOnDomain

NAME = "matrix calculus (directional derivative)"


class NotDifferentiable(Exception):
    """Outside the rules: the reduction then declines (returns None)."""


# Functions g whose zero set {g = 0} is a branch boundary met while differentiating: the
# derivative may not exist there, so the obligation assumes g ≠ 0 (see the module docstring).
KINK_SINK: contextvars.ContextVar = contextvars.ContextVar("kinks", default=None)

KINKS = (sympy.Max, sympy.Min, sympy.Abs, sympy.sign, sympy.Heaviside, sympy.Piecewise)

# Matrices whose inverse a rule used (Jacobi's formula): the reduction fires only if the claim shows
# each of them invertible wherever it is asserted (`invertible.InvertibleOnDomain`).
INVERTIBLE_SINK: contextvars.ContextVar = contextvars.ContextVar("invertible", default=None)


def needs_inverse(matrix) -> None:
    """Record that a rule used matrix⁻¹; without a sink (nobody checks) the rule may not fire."""
    sink = INVERTIBLE_SINK.get()
    if sink is None:
        raise NotDifferentiable(f"a rule needs {matrix} invertible, and nobody checks that it is")
    sink.append(matrix)


def is_matrix(expr) -> bool:
    """Is the expression a matrix (symbolic or explicit)?"""
    return isinstance(expr, (MatrixExpr, sympy.MatrixBase))


def shape(expr) -> tuple:
    """The shape for general dimensions (`model.shapes`): SymPy's is wrong for B·(xᵀx), flattened."""
    if not is_matrix(expr):
        return (sympy.S.One, sympy.S.One)
    try:
        return _shape(expr)
    except IllTyped as exc:
        raise NotDifferentiable(f"ill-typed: {exc}") from None


@lru_cache(maxsize=4096)
def _shape(expr) -> tuple:
    return tuple(shape_of(expr))


def reading(product: MatMul):
    """The product's 1×1 scalar groups and matrix chain (`model.products`), for every rule here."""
    try:
        return product_reading(product)
    except IllTyped as exc:
        raise NotDifferentiable(f"ill-typed: {exc}") from None


def zero_like(expr):
    """The zero of the expression's shape (0 for a scalar)."""
    if is_matrix(expr):
        return ZeroMatrix(*shape(expr))
    return sympy.S.Zero


def is_zero(expr) -> bool:
    """Is the expression a zero scalar or zero matrix as written?"""
    return expr == 0 or isinstance(expr, ZeroMatrix)


def mul(*factors):
    """A product without SymPy's evaluation (which cancels inverses too eagerly); zeros absorb."""
    flat = []
    for f in factors:
        if is_zero(f):
            if any(is_matrix(g) for g in factors):
                return ZeroMatrix(*shape(MatMul(*[g for g in factors if is_matrix(g)])))
            return sympy.S.Zero
        if isinstance(f, MatMul):
            flat.extend(f.args)
        elif f != 1:
            flat.append(f)
    if not any(is_matrix(f) for f in flat):
        return sympy.Mul(*flat)
    coeff = sympy.Mul(*[f for f in flat if not is_matrix(f)])  # scalars commute: one coefficient
    matrices = [f for f in flat if is_matrix(f)]
    if coeff == 0:
        return ZeroMatrix(*shape(MatMul(*matrices)))
    if coeff == 1 and len(matrices) == 1:
        return matrices[0]
    return MatMul(*([] if coeff == 1 else [coeff]), *matrices)


def _split_coeff(term) -> tuple:
    if isinstance(term, MatMul) and not is_matrix(term.args[0]):
        return term.args[0], MatMul(*term.args[1:]) if len(term.args) > 2 else term.args[1]
    return sympy.S.One, term


def add(terms: list, like):
    """A sum; matrix terms with the same matrix part are collected (c₁M + c₂M = (c₁ + c₂)M)."""
    terms = [t for t in terms if not is_zero(t)]
    if not terms:
        return zero_like(like)
    if not any(is_matrix(t) for t in terms):
        return sympy.Add(*terms)
    collected: dict = {}
    for t in terms:
        c, part = _split_coeff(t)
        collected[part] = collected.get(part, sympy.S.Zero) + c
    kept = [mul(_tidy(c), part) for part, c in collected.items() if c != 0]
    kept = [t for t in kept if not is_zero(t)]
    if not kept:
        return zero_like(like)
    return kept[0] if len(kept) == 1 else MatAdd(*kept)


def _tidy(c):
    """c with common factors pulled out; as it is when SymPy cannot rebuild a part of it
    (factor_terms rebuilds det(2πΣ) with a scalar Mul inside, which Determinant refuses)."""
    try:
        return sympy.factor_terms(c)
    except (TypeError, ValueError):
        return c


def as_scalar(expr):
    """A 1×1 matrix expression as a scalar Expr (its own trace); scalars unchanged."""
    if is_matrix(expr):
        return Trace(expr)
    return expr


# --- the differential ------------------------------------------------------------------------------

def differential(expr, var, dvar):
    """Df(var)[dvar]: linear in dvar. `var` is a MatrixSymbol or a scalar Symbol; `dvar` has its shape."""
    if not expr.has(var):
        return zero_like(expr)
    if expr == var:
        return dvar
    for cls in type(expr).__mro__:
        rule = MATRIX_RULES.get(cls)
        if rule is not None:
            return rule(expr, var, dvar)
    if isinstance(expr, MatrixExpr):
        raise NotDifferentiable(f"no derivative rule for {type(expr).__name__}")
    return _d_scalar(expr, var, dvar)


def _d_transpose(expr, var, dvar):
    inner = differential(expr.arg, var, dvar)
    return zero_like(expr) if is_zero(inner) else Transpose(inner)


def _d_inverse(expr, var, dvar):
    inner = differential(expr.arg, var, dvar)
    if is_zero(inner):
        return zero_like(expr)
    return mul(sympy.S.NegativeOne, expr, inner, expr)


def _d_matmul(expr, var, dvar):
    """The product rule over the flat factors (B·xᵀ·x² is B·xᵀ·x·x: SymPy merged the last two)."""
    return _product_rule(unpowered(expr.args, shape), expr, var, dvar, mul)


def _d_matadd(expr, var, dvar):
    return add([differential(t, var, dvar) for t in expr.args], expr)


def _d_matpow(expr, var, dvar):
    base, exp = expr.args
    if not (exp.is_Integer):
        raise NotDifferentiable(f"power {exp} of a matrix")
    k = int(exp)
    if k == 0:
        return zero_like(expr)
    factor = base if k > 0 else Inverse(base)
    return _d_matmul(MatMul(*([factor] * abs(k))), var, dvar)


def square_factors(kron) -> bool:
    """Every factor of the Kronecker product is square for every value of the dimensions."""
    return all(same_dim(*shape(f)) for f in kron.args)


def _d_trace(expr, var, dvar):
    arg = expr.arg
    if isinstance(arg, KroneckerProduct) and square_factors(arg):
        # tr(A₁⊗…⊗A_k) = Π tr(Aᵢ) for square factors only (a non-square factor is differentiated as it stands)
        traces = [Trace(f) for f in arg.args]
        terms = []
        for i, factor in enumerate(arg.args):
            d = _d_trace(traces[i], var, dvar)
            if not is_zero(d):
                terms.append(sympy.Mul(*traces[:i], *traces[i + 1:]) * d)
        return sympy.Add(*terms)
    if isinstance(arg, MatPow) and not arg.exp.is_Integer and arg.exp.is_integer and arg.exp.is_positive:
        # d tr(Mᵏ) = Σ_{r<k} tr(Mʳ dM Mᵏ⁻¹⁻ʳ) = k tr(Mᵏ⁻¹ dM), for a symbolic integer k ≥ 1
        inner = differential(arg.base, var, dvar)
        if is_zero(inner):
            return sympy.S.Zero
        return arg.exp * Trace(mul(MatPow(arg.base, arg.exp - 1), inner))
    inner = differential(arg, var, dvar)
    return sympy.S.Zero if is_zero(inner) else Trace(inner)


def _d_element(expr, var, dvar):
    inner = differential(expr.parent, var, dvar)
    return sympy.S.Zero if is_zero(inner) else MatrixElement(inner, expr.i, expr.j)


def _d_explicit(expr, var, dvar):
    if any(is_matrix(e) for e in expr):
        raise NotDifferentiable("an explicit matrix with matrix entries")
    return sympy.ImmutableMatrix(expr.rows, expr.cols,
                                 [as_scalar(differential(e, var, dvar)) for e in expr])


def _d_constant(expr, var, dvar):
    return zero_like(expr)


def _det_factors(arg) -> list:
    """[(F, k)] with det(arg) = Π det(F)^k: the square factors of one size of a product, powers and
    transposes unfolded (det Fᵀ = det F, det Fᵏ = (det F)ᵏ); the whole matrix when it does not factor."""
    if isinstance(arg, Transpose):
        return _det_factors(arg.arg)
    if isinstance(arg, MatPow) and arg.exp.is_integer:
        return [(f, k * arg.exp) for f, k in _det_factors(arg.base)]
    if isinstance(arg, MatMul):
        parts = reading(arg)
        size = shape(arg)[0]
        scalars = [*parts.coefficient, *[group_expr(g) for g in parts.groups]]
        if parts.chain and all(same_dim(shape(f)[0], size) and same_dim(shape(f)[1], size) for f in parts.chain):
            out = [(c, None) for c in scalars]  # det(cM) = cⁿ det M: a scalar factor, marked by k = None
            for f in unpowered(parts.chain, shape):
                out.extend(_det_factors(f))
            return out
    return [(arg, sympy.S.One)]


def _d_determinant(expr, var, dvar):
    """Jacobi's formula: d det M = det M · tr(M⁻¹ dM), factor by factor: for det M = cⁿ Π det(Fᵢ)^kᵢ,
    d det M = det M · (n·dc/c + Σ kᵢ tr(Fᵢ⁻¹ dFᵢ)). Each Fᵢ that depends on the variable must be
    invertible wherever the claim is asserted (`needs_inverse`); a factor Fᵢ = G⁻¹ needs nothing more
    than G⁻¹, which the claim takes: tr(Fᵢ⁻¹ dFᵢ) = tr(G dFᵢ)."""
    terms = []
    for factor, k in _det_factors(expr.arg):
        if k is None:  # a scalar factor c of det(cM) = cⁿ det M
            if as_scalar(factor).has(var):
                raise NotDifferentiable("a determinant of a matrix scaled by a function of the variable")
            continue
        d = differential(factor, var, dvar)
        if is_zero(d):
            continue
        if isinstance(factor, Inverse):
            inverse = factor.arg
        else:
            needs_inverse(factor)
            inverse = Inverse(factor)
        terms.append(k * Trace(mul(inverse, d)))
    if not terms:
        return sympy.S.Zero
    return expr * sympy.Add(*terms)


def _vector_orientation(expr) -> str:
    """"column" or "row" for a vector (n×1 or 1×n, n not 1); else NotDifferentiable (the rules below are for vectors)."""
    rows, cols = shape(expr)
    if same_dim(cols, 1) and not same_dim(rows, 1):
        return "column"
    if same_dim(rows, 1) and not same_dim(cols, 1):
        return "row"
    raise NotDifferentiable("the derivative of an element-wise product of matrices that are not vectors")


def _is_vector(expr) -> bool:
    try:
        _vector_orientation(expr)
    except NotDifferentiable:
        return False
    return True


def _times_diagonal(side: str, entries, d):
    """c ∘ d as a product with diag(c): diag(c)·d for columns, d·diag(c) for rows."""
    return mul(DiagMatrix(entries), d) if side == "column" else mul(d, DiagMatrix(entries))


def _product_rule(args, expr, var, dvar, build):
    """d(a₁ ⋆ … ⋆ a_k) = Σᵢ a₁ ⋆ … ⋆ daᵢ ⋆ … ⋆ a_k for a multilinear product ⋆ of the factors `args` of
    `expr`, each term built by `build(*factors)` (a class such as KroneckerProduct, or `mul`)."""
    terms = []
    for i, factor in enumerate(args):
        d = differential(factor, var, dvar)
        if not is_zero(d):
            terms.append(build(*args[:i], d, *args[i + 1:]))
    return add(terms, expr)


def _d_kronecker(expr, var, dvar):
    """The product rule d(A₁⊗…⊗A_k) = Σᵢ A₁⊗…⊗dAᵢ⊗…⊗A_k (the Kronecker product is multilinear)."""
    return _product_rule(list(expr.args), expr, var, dvar, KroneckerProduct)


def _d_hadamard(expr, var, dvar):
    """The product rule d(a₁∘…∘a_k) = Σᵢ (∘_{j≠i} aⱼ) ∘ daᵢ: for vectors each term as diag(∘_{j≠i} aⱼ)·daᵢ;
    for matrices by a scalar variable, as Hadamard products (entrywise, the scalar product rule)."""
    if isinstance(var, sympy.Symbol) and not isinstance(var, MatrixSymbol) and not _is_vector(expr):
        return _product_rule(list(expr.args), expr, var, dvar, HadamardProduct)
    side = _vector_orientation(expr)
    args = list(expr.args)
    terms = []
    for i, factor in enumerate(args):
        d = differential(factor, var, dvar)
        if is_zero(d):
            continue
        others = args[:i] + args[i + 1:]
        terms.append(_times_diagonal(side, others[0] if len(others) == 1 else HadamardProduct(*others), d))
    return add(terms, expr)


def _d_hadamard_power(expr, var, dvar):
    """d(a^∘k) = k·a^∘(k−1) ∘ da for a vector a and an integer k ≥ 1."""
    base, exp = expr.args
    if not (exp.is_Integer and int(exp) >= 1):
        raise NotDifferentiable(f"the element-wise power {exp}")
    side = _vector_orientation(expr)
    d = differential(base, var, dvar)
    if is_zero(d) or int(exp) == 1:
        return d
    entries = base if int(exp) == 2 else HadamardPower(base, exp - 1)
    return mul(exp, _times_diagonal(side, entries, d))


def _d_elementwise(expr, var, dvar):
    """d f(a) = f'(a) ∘ da for a vector a and a smooth scalar function f (no kinks: they need every entry ≠ 0)."""
    side = _vector_orientation(expr)
    inner = differential(expr.expr, var, dvar)
    if is_zero(inner):
        return zero_like(expr)
    (entry,), body = expr.function.variables, expr.function.expr
    if body.has(*KINKS) or (isinstance(var, sympy.Symbol) and body.has(var)):
        raise NotDifferentiable(f"the element-wise function {expr.function} is not smooth in the variable")
    slope = sympy.diff(body, entry)
    if slope.has(sympy.Derivative, sympy.Subs):
        raise NotDifferentiable(f"sympy.diff left {slope}")
    return _times_diagonal(side, ElementwiseApplyFunction(sympy.Lambda(entry, slope), expr.expr), inner)


MATRIX_RULES = MappingProxyType({
    Transpose: _d_transpose,
    Inverse: _d_inverse,
    MatMul: _d_matmul,
    MatAdd: _d_matadd,
    MatPow: _d_matpow,
    Trace: _d_trace,
    MatrixElement: _d_element,
    sympy.MatrixBase: _d_explicit,
    Identity: _d_constant,
    ZeroMatrix: _d_constant,
    OneMatrix: _d_constant,
    Determinant: _d_determinant,
    HadamardProduct: _d_hadamard,
    KroneckerProduct: _d_kronecker,
    HadamardPower: _d_hadamard_power,
    ElementwiseApplyFunction: _d_elementwise,
})

# Scalar-valued nodes that are leaves of the scalar skeleton: differentiated by MATRIX_RULES.
LEAVES = (Trace, MatrixElement, Determinant, MatrixExpr)


class LogAbs(sympy.Function):
    """log|a| while a skeleton is differentiated: d log|a| = da/a wherever a ≠ 0, and log|a| is not
    defined at a = 0, so its Abs is no kink (no point of the claim lies there)."""

    def fdiff(self, argindex=1):
        """d log|a|/da = 1/a."""
        return 1 / self.args[0]


def _d_scalar(expr, var, dvar):
    """The chain rule through the matrix leaves; the scalar skeleton is differentiated by sympy.diff."""
    leaves: dict = {}

    def leaf(node):
        if node not in leaves:
            leaves[node] = sympy.Dummy("u", real=True)
        return leaves[node]

    skeleton = _replace_leaves(expr, var, leaf)
    if skeleton.has(var):
        raise NotDifferentiable(f"cannot separate {var} in {expr}")
    skeleton = skeleton.replace(lambda e: isinstance(e, sympy.log) and len(e.args) == 1
                                and isinstance(e.args[0], sympy.Abs), lambda e: LogAbs(e.args[0].args[0]))
    rewritten, kinks = _unkinked(skeleton, set(leaves.values()))
    terms = []
    back = {u: as_scalar(node) for node, u in leaves.items()}
    if kinks:
        sink = KINK_SINK.get()
        if sink is None:
            raise NotDifferentiable("a kink, and nobody records where the derivative does not exist")
        sink.extend(k.xreplace(back) for k in kinks)
    for node, u in leaves.items():
        inner = dvar if node == var else as_scalar(differential(node, var, dvar))
        if is_zero(inner):
            continue
        partial = sympy.diff(rewritten, u)
        if partial.has(sympy.Derivative, sympy.Subs, sympy.DiracDelta):
            raise NotDifferentiable(f"sympy.diff left {partial}")
        partial = partial.replace(LogAbs, lambda a: sympy.log(sympy.Abs(a))).xreplace(back)
        if partial != 0:
            terms.append(mul(partial, inner) if is_matrix(inner) else partial * inner)
    return add(terms, sympy.S.Zero)


def _replace_leaves(expr, var, leaf):
    if not expr.has(var):
        return expr
    if expr == var or isinstance(expr, LEAVES):
        return leaf(expr)
    if not expr.args:
        return expr
    if isinstance(expr, (sympy.Add, sympy.Mul, sympy.Pow, sympy.Function)) and \
            all(is_scalar_shape(shape(a)) for a in expr.args if is_matrix(a)):
        pass  # scalar arithmetic, possibly of 1×1 matrices (which become leaves)
    elif any(is_matrix(a) for a in expr.args):  # a scalar of a matrix without a rule (det, ...): no guessing
        raise NotDifferentiable(f"no derivative rule for {type(expr).__name__}")
    return expr.func(*[_replace_leaves(a, var, leaf) if isinstance(a, Basic) else a for a in expr.args])


def _unkinked(skeleton, variables: set):
    """The skeleton with Max/Min/Abs/sign/Heaviside as Piecewise, and the functions whose zeros are kinks."""
    kinks = []
    found = [n for n in sympy.preorder_traversal(skeleton) if isinstance(n, KINKS) and n.has(*variables)]
    if not found:
        return skeleton, kinks
    rewritten = skeleton.rewrite(sympy.Piecewise) if any(not isinstance(n, sympy.Piecewise) for n in found) \
        else skeleton
    for node in sympy.preorder_traversal(rewritten):
        if isinstance(node, sympy.Piecewise):
            for _value, cond in node.args:
                for rel in _relations(cond):
                    g = rel.lhs - rel.rhs
                    if g.has(*variables):
                        if g.has(*KINKS):  # {g = 0} may have an interior: assuming g ≠ 0 could drop a half-line
                            raise NotDifferentiable(f"a branch boundary {g} = 0 that is itself piecewise")
                        kinks.append(g)
        elif isinstance(node, KINKS) and node.has(*variables):
            raise NotDifferentiable(f"{node} did not rewrite to a Piecewise")
    return rewritten, kinks


def _relations(cond):
    if isinstance(cond, sympy.core.relational.Relational):
        return [cond]
    if isinstance(cond, (bool, sympy.logic.boolalg.BooleanAtom)):
        return []
    if isinstance(cond, (sympy.And, sympy.Or, sympy.Not)):
        return [r for a in cond.args for r in _relations(a)]
    raise NotDifferentiable(f"a branch condition {cond}")


# --- expansion into monomials linear in marked symbols ------------------------------------------------

@dataclass(frozen=True)
class Mono:
    """coeff · Π tr(chain) over `traces` · (product of `chain`); atoms are marked symbols or marked-free parts."""

    coeff: Basic
    traces: tuple = ()
    chain: tuple = ()

    def scale(self, c) -> "Mono":
        """The monomial with its coefficient multiplied by c."""
        return Mono(self.coeff * c, self.traces, self.chain)


def chain_shape(chain: tuple):
    """(rows, cols) of a product chain of factors."""
    if not chain:
        return None
    return (shape(chain[0])[0], shape(chain[-1])[1])


def _times(a: Mono, b: Mono) -> Mono:
    traces = a.traces + b.traces
    sa, sb = chain_shape(a.chain), chain_shape(b.chain)
    if sa is None or sb is None:
        return Mono(a.coeff * b.coeff, traces, a.chain + b.chain)
    if same_dim(sa[1], sb[0]):
        return Mono(a.coeff * b.coeff, traces, a.chain + b.chain)
    if is_scalar_shape(sa):  # a 1×1 block acting as a scalar
        return Mono(a.coeff * b.coeff, traces + (a.chain,), b.chain)
    if is_scalar_shape(sb):
        return Mono(a.coeff * b.coeff, traces + (b.chain,), a.chain)
    raise NotDifferentiable(f"a {sa} chain times a {sb} chain")


def _product(factor_lists: list) -> list:
    result = [Mono(sympy.S.One)]
    for monos in factor_lists:
        result = [_times(a, b) for a in result for b in monos]
    return result


def transpose_atom(atom):
    """Aᵀ of an atom of a monomial (the transpose of a transpose is the matrix)."""
    return Transpose(atom) if isinstance(atom, MatrixSymbol) else (
        atom.arg if isinstance(atom, Transpose) else Transpose(atom))


def expand_linear(expr, marked: tuple) -> list:
    """`expr` as a list of `Mono`s; subexpressions free of `marked` stay whole."""
    if is_zero(expr):
        return []
    if not expr.has(*marked):
        if is_matrix(expr):
            return [Mono(sympy.S.One, (), (expr,))]
        return [Mono(expr)]
    if expr in marked:
        return [Mono(sympy.S.One, (), (expr,))]
    if isinstance(expr, Transpose) and expr.arg in marked:
        return [Mono(sympy.S.One, (), (expr,))]
    if isinstance(expr, (MatAdd, sympy.Add)):
        return [m for t in expr.args for m in expand_linear(t, marked)]
    if isinstance(expr, MatMul):  # read as everywhere: each 1×1 group is a scalar (a trace of itself)
        parts = reading(expr)
        return _product([expand_linear(c, marked) for c in parts.coefficient]
                        + [[Mono(m.coeff, m.traces + ((m.chain,) if m.chain else ()), ())
                            for m in expand_linear(group_expr(g), marked)] for g in parts.groups]
                        + [expand_linear(f, marked) for f in parts.chain])
    if isinstance(expr, sympy.Mul):
        return _product([expand_linear(a, marked) for a in expr.args])
    if isinstance(expr, Transpose):
        return [Mono(m.coeff, m.traces, tuple(transpose_atom(a) for a in reversed(m.chain)))
                for m in expand_linear(expr.arg, marked)]
    if isinstance(expr, Trace):
        out = []
        for m in expand_linear(expr.arg, marked):
            out.append(Mono(m.coeff, m.traces + ((m.chain,) if m.chain else ()), ()))
        return out
    if isinstance(expr, (sympy.Pow, MatPow)) and expr.args[1].is_Integer and 0 < int(expr.args[1]) <= 4:
        return _product([expand_linear(expr.args[0], marked)] * int(expr.args[1]))
    raise NotDifferentiable(f"{type(expr).__name__} around {marked} is not a polynomial")


def count(mono: Mono, symbol) -> int:
    """How many times the symbol (or its transpose) occurs in the monomial."""
    atoms = mono.chain + tuple(a for t in mono.traces for a in t)
    found = sum(1 for a in atoms if a == symbol or a == Transpose(symbol))
    if mono.coeff.has(symbol):
        raise NotDifferentiable(f"{symbol} inside a coefficient")
    return found


def chain_value(chain: tuple, size=None):
    """The product of a chain; the empty chain is the identity of `size` (or the scalar 1)."""
    if not chain:
        return Identity(size) if size is not None else sympy.S.One
    return mul(*chain)


def trace_gradient(chain: tuple, symbol) -> Basic:
    """G with tr(chain) = tr(G·H) for the single occurrence of H (or Hᵀ) in the chain."""
    for k, atom in enumerate(chain):
        if atom == symbol or atom == Transpose(symbol):
            before, after = chain[:k], chain[k + 1:]
            if atom == symbol:  # tr(P H Q) = tr(Q P H)
                return chain_value(after + before, symbol.shape[1]) if (after or before) \
                    else Identity(symbol.shape[0])
            # tr(P Hᵀ Q) = tr(Pᵀ Qᵀ H)
            return chain_value(tuple(transpose_atom(a) for a in reversed(before))
                               + tuple(transpose_atom(a) for a in reversed(after)), symbol.shape[1]) \
                if (after or before) else Identity(symbol.shape[0])
    raise NotDifferentiable("the direction does not occur")


def _scalar_part(mono: Mono, symbol) -> tuple:
    """(scalar coefficient free of H, the chain holding H) for a monomial whose H sits in a trace or 1×1 chain."""
    coeff = mono.coeff
    holder = None
    for t in mono.traces:
        if any(a == symbol or a == Transpose(symbol) for a in t):
            holder = t
        else:
            coeff = coeff * Trace(chain_value(t))
    return coeff, holder


def read_off_scalar(monos: list, symbol) -> Basic:
    """G (shape of symbolᵀ) with Σ monos = tr(G·symbol); every mono is a scalar linear in symbol."""
    terms = []
    for m in monos:
        if count(m, symbol) != 1:
            raise NotDifferentiable("not linear in the direction")
        coeff, holder = _scalar_part(m, symbol)
        if holder is None:
            holder = m.chain  # a 1×1 chain is its own trace
        elif m.chain:
            coeff = coeff * Trace(chain_value(m.chain))
        terms.append(mul(coeff, trace_gradient(holder, symbol)))
    return add(terms, ZeroMatrix(symbol.shape[1], symbol.shape[0]))


def read_off_jacobian(monos: list, symbol, rows) -> Basic:
    """J (rows × r) with Σ monos = J·h, for a column-valued expression linear in the column h (r×1)."""
    terms = []
    for m in monos:
        if count(m, symbol) != 1:
            raise NotDifferentiable("not linear in the direction")
        coeff, holder = _scalar_part(m, symbol)
        if holder is not None:  # (scalar linear in h) · chain
            g = trace_gradient(holder, symbol)
            outer = chain_value(m.chain) if m.chain else None
            terms.append(mul(coeff, outer, g) if outer is not None else mul(coeff, g))
            continue
        chain = m.chain
        k = next(i for i, a in enumerate(chain) if a == symbol or a == Transpose(symbol))
        before, after = chain[:k], chain[k + 1:]
        if chain[k] == symbol:  # P h q with q a 1×1 chain (a scalar)
            scalar = Trace(chain_value(after)) if after else sympy.S.One
            terms.append(mul(coeff, scalar, chain_value(before, symbol.shape[0])))
        else:  # p (hᵀ Q) = p Qᵀ h
            p = chain_value(before) if before else sympy.S.One
            q_t = tuple(transpose_atom(a) for a in reversed(after))
            terms.append(mul(coeff, p, chain_value(q_t)))
    return add(terms, ZeroMatrix(rows, symbol.shape[0]))


def _direction(var):
    return MatrixSymbol(f"d_{var.name}", *var.shape)


def derivative(f, var, layout: str = "numerator") -> Basic:
    """d f / d var as a symbolic expression in the given layout (CONTRACT §1)."""
    if isinstance(var, sympy.Symbol) and not isinstance(var, MatrixSymbol):
        return differential(f, var, sympy.S.One)
    if not isinstance(var, MatrixSymbol):
        raise NotDifferentiable(f"derivative with respect to {var}")
    h = _direction(var)
    if f.has(h):
        raise NotDifferentiable("direction name clash")
    df = differential(f, var, h)
    fshape = shape(f)
    monos = expand_linear(df, (h,))
    if is_scalar_shape(fshape):
        result = read_off_scalar(monos, h)
    elif same_dim(fshape[1], 1) and same_dim(var.shape[1], 1):
        result = read_off_jacobian(monos, h, fshape[0])
    elif same_dim(fshape[0], 1) and same_dim(var.shape[1], 1):  # a row: the Jacobian of the column fᵀ
        result = read_off_jacobian(expand_linear(Transpose(df), (h,)), h, fshape[1])
    else:
        raise NotDifferentiable("a higher-order tensor derivative")
    return transposed(result) if layout == "denominator" else result


def _symbolic_power(expr) -> bool:
    return any(isinstance(e, MatPow) and not e.exp.is_Integer for e in sympy.preorder_traversal(expr))


def transposed(expr):
    """Transpose(expr); around a symbolic power the transpose is pushed down to the symbols
    ((Mᵏ)ᵀ = (Mᵀ)ᵏ, (AB)ᵀ = BᵀAᵀ), so the value reads as a claim writes it (SymPy's (Xᵏ)ᵀ is (Xᵀ)ᵏ)."""
    if not _symbolic_power(expr):
        return Transpose(expr)
    if isinstance(expr, Transpose):
        return expr.arg
    if isinstance(expr, MatAdd):
        return MatAdd(*[transposed(a) for a in expr.args])
    if isinstance(expr, MatMul):
        scalars = [a for a in expr.args if not is_matrix(a)]
        return mul(*scalars, *[transposed(a) for a in reversed(expr.args) if is_matrix(a)])
    if isinstance(expr, MatPow):
        return MatPow(transposed(expr.base), expr.exp)
    if isinstance(expr, Inverse):
        return Inverse(transposed(expr.arg))
    return Transpose(expr)


def derivative_node(node: sympy.Derivative, layout: str) -> Basic:
    """The value of one Derivative node, each variable in turn, in the layout."""
    value = node.expr
    for var, times in node.variable_count:
        for _ in range(int(times)):
            value = derivative(value, var, layout)
    return value


def replace_derivatives(expr, layout: str):
    """Every Derivative in expr replaced by its symbolic value, innermost first."""
    if not isinstance(expr, Basic) or not expr.has(sympy.Derivative):
        return expr
    if isinstance(expr, sympy.Derivative):
        inner = replace_derivatives(expr.expr, layout)
        return derivative_node(sympy.Derivative(inner, *expr.variable_count, evaluate=False)
                               if inner != expr.expr else expr, layout)
    if isinstance(expr, sympy.MatrixBase):
        return sympy.ImmutableMatrix(expr.rows, expr.cols, [replace_derivatives(e, layout) for e in expr])
    new_args = [replace_derivatives(a, layout) for a in expr.args]
    return rebuild(expr, new_args)


def rebuild(expr, args):
    """expr.func(*args) without SymPy's matrix evaluation, keeping 1×1 values usable as scalars.

    Shared by the reductions that replace subexpressions (derivatives, expectations)."""
    if isinstance(expr, MatMul):
        return mul(*args)
    if isinstance(expr, MatAdd):  # a MatAdd is also a sympy.Add: its terms stay matrices
        return add(list(args), expr)
    if isinstance(expr, (sympy.Mul,)) and any(is_matrix(a) for a in args):
        return mul(*args)
    if isinstance(expr, sympy.Add) and any(is_matrix(a) for a in args):
        return sympy.Add(*[as_scalar(a) for a in args])
    if not isinstance(expr, MatrixExpr) and any(is_matrix(a) and not isinstance(a, sympy.MatrixBase)
                                                for a in args) and not isinstance(expr, (Trace,)):
        args = [as_scalar(a) if is_matrix(a) and is_scalar_shape(shape(a)) else a for a in args]
    return expr.func(*args)


def identical(lhs, rhs, relation: str) -> bool:
    """The sides are the same expression, so a reflexive relation holds wherever they are defined."""
    return relation in REFLEXIVE and lhs == rhs


class DerivativeReduction:
    """Replaces each Derivative(f, x) of a claim by its symbolic value in the claim's layout."""

    name = NAME

    def reduce(self, problem: Problem, deadline: float) -> Reduced | None:
        """The claim with every Derivative replaced by its value, as one obligation; None without a Derivative."""
        if not (problem.lhs.has(sympy.Derivative) or problem.rhs.has(sympy.Derivative)):
            return None
        kinks: list = []
        inverted: list = []
        token, token_inv = KINK_SINK.set(kinks), INVERTIBLE_SINK.set(inverted)
        try:
            lhs = replace_derivatives(problem.lhs, problem.layout)
            rhs = replace_derivatives(problem.rhs, problem.layout)
        except NotDifferentiable:
            return None
        finally:
            KINK_SINK.reset(token)
            INVERTIBLE_SINK.reset(token_inv)
        if lhs.has(sympy.Derivative) or rhs.has(sympy.Derivative):
            return None
        reasons = []
        if inverted:
            domain = InvertibleOnDomain(problem)
            for m in dict.fromkeys(inverted):
                why = domain.reason(m)
                if why is None:  # Jacobi's formula would assume an inverse the claim does not take
                    return None
                reasons.append(f"{show(m)} is invertible wherever the claim is asserted ({why})")
        away = list(dict.fromkeys(sympy.Ne(k, 0) for k in kinks))
        if identical(lhs, rhs, problem.relation):  # nothing left to prove
            return Reduced([], [f"both sides have the derivative {show(lhs)}"],
                           {"lhs": sympy.srepr(lhs), "rhs": sympy.srepr(rhs)})
        obligation = Problem.build(lhs, rhs, problem.relation, [*problem.assumptions, *away],
                                   problem.layout, problem.name)
        steps = [f"derivatives computed symbolically ({problem.layout} layout): {show(lhs)} "
                 f"{problem.relation} {show(rhs)}"]
        if away:
            steps.append("where the derivative exists: " + ", ".join(show(a) for a in away))
        if reasons:
            steps.append("Jacobi's formula d det M = det M tr(M⁻¹ dM): " + "; ".join(reasons))
        return Reduced([obligation], steps, {"lhs": sympy.srepr(lhs), "rhs": sympy.srepr(rhs),
                                             "away_from": [sympy.srepr(a) for a in away]})


__all__ = ["DerivativeReduction", "rebuild", "transpose_atom", "identical", "differential", "derivative", "expand_linear", "Mono",
           "read_off_scalar", "read_off_jacobian", "trace_gradient", "replace_derivatives",
           "NotDifferentiable", "mul", "add"]
