"""Independent check of the cookbook benchmark's `expect` fields, on exact instances (no symcheck engine).

    python benchmarks/cookbook_check.py [FILE ...] [--draws N] [--seed S] [--only TEXT] [-v]
    python benchmarks/cookbook_check.py --verify-json RUN.json    # re-check symcheck's counterexamples

For every claim of benchmarks/cookbook/*.py it draws concrete sizes and exact values
that satisfy the claim's assumptions, evaluates both sides with plain SymPy on
explicit matrices and compares them exactly:

* matrix symbols become explicit rational matrices, built to satisfy the predicates
  (symmetric, positive (semi)definite, orthogonal, idempotent, ...) and checked
  against every assumption afterwards (a draw that misses one is redrawn);
* `Derivative(f, X)` is computed by differentiating the explicit entries of f with
  respect to the entries of X (scalar by matrix: the shape of X in denominator
  layout; vector by vector: the Jacobian ∂f_i/∂x_j in numerator layout;
  `Derivative(f, x, 2)`: the Hessian);
* `expectation(f, eps, sigma)` is computed exactly: f becomes a polynomial in the
  entries of eps, and each monomial is replaced by its Gaussian moment
  Π σ^k (k − 1)!! (odd powers give 0);
* `pinv` is SymPy's exact pseudo-inverse, re-checked against the four Penrose equations.
* `opnorm2(A)` is √λ_max(AᵀA), the largest real root of a characteristic polynomial as
  an exact algebraic number.

A claim expected `proved` must hold on every draw; one expected `refuted` must fail on
some draw, which is printed as its counterexample. This is evidence for the
expectations, not a proof: the verdicts of record come from symcheck and from the hand
checks in docs/cookbook.md. Claims that need an instance no generic rule can build
(a rank-deficient A with (I − AA⁺)c = 0, a pair with (A + B)⁻¹ = A⁻¹ + B⁻¹, ...) get a
constructor in `SPECIAL` below.

Nothing here imports symcheck's provers or refuter; only the claim files' own imports
(`Claim` and the constructs) are loaded.
"""
from __future__ import annotations

import argparse
import itertools
import random
import runpy
import sys
from fractions import Fraction
from pathlib import Path

import sympy
from sympy import (Basic, Derivative, Determinant, Dummy, Eq, HadamardPower, HadamardProduct, Identity,
                   Integer, KroneckerProduct, MatAdd, MatMul, MatPow, MatrixSymbol, OneMatrix,
                   Rational, Sum, Trace, Transpose, ZeroMatrix)
from sympy.assumptions.assume import AppliedPredicate
from sympy.core.relational import Relational
from sympy.matrices.expressions import BlockMatrix, DiagMatrix, DiagonalMatrix, DiagonalOf, Inverse, MatrixExpr
from sympy.matrices.expressions.matexpr import MatrixElement

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from symcheck import Claim  # noqa: E402  (the claim record only)
from symcheck.constructs import Expectation, MatrixExpectation, OpNorm2, PseudoInverse  # noqa: E402

CLAIM_DIR = ROOT / "benchmarks" / "cookbook"


class Skip(Exception):
    """The draw is unusable (a singular inverse, an unmet assumption); draw again."""


# --- evaluation ------------------------------------------------------------------------------------

def as_scalar(v):
    if isinstance(v, sympy.MatrixBase):
        if v.shape != (1, 1):
            raise TypeError(f"a {v.shape} matrix where a scalar is needed")
        return v[0, 0]
    return v


def shape_of(expr, env):
    return tuple(int(sympy.sympify(s).subs(env["dims"])) for s in expr.shape)


def gaussian_moment(powers, sigma):
    """E[Π e_i^k_i] for independent e_i ~ N(0, σ²)."""
    out = Integer(1)
    for k in powers:
        if k % 2:
            return Integer(0)
        out *= sigma**k * sympy.factorial2(k - 1)
    return out


def expect_poly(value, noise, sigma):
    def one(x):
        x = sympy.expand(x)
        if not x.has(*noise):
            return x
        poly = sympy.Poly(x, *noise)
        return sum(coeff * gaussian_moment(mon, sigma) for mon, coeff in poly.terms())
    if isinstance(value, sympy.MatrixBase):
        return value.applyfunc(one)
    return one(value)


def inverse(M):
    if M.shape[0] != M.shape[1]:
        raise Skip("inverse of a non-square matrix")
    if not M.free_symbols:
        if M.det() == 0:
            raise Skip("singular")
        return M.inv()
    d = sympy.cancel(M.det())
    if d == 0:
        raise Skip("singular")
    return M.adjugate().applyfunc(lambda e: sympy.cancel(e / d))


def operator_two_norm(M):
    """‖M‖₂ = √λ_max(MᵀM), exact: the largest real root (an exact CRootOf) of MMᵀ's characteristic polynomial."""
    gram = M * M.T if M.rows <= M.cols else M.T * M
    roots = sympy.Poly(gram.charpoly().as_expr()).real_roots() if gram.rows else []
    return sympy.sqrt(max(roots)) if roots else Integer(0)


def pseudo_inverse(M):
    """M⁺ exactly. A symbolic M (inside a derivative) is taken at full rank, where M⁺ is
    Mᵀ(MMᵀ)⁻¹ or (MᵀM)⁻¹Mᵀ in a whole neighbourhood; a numeric M⁺ is re-checked by Penrose."""
    if M.free_symbols:
        return M.T * inverse(M * M.T) if M.shape[0] <= M.shape[1] else inverse(M.T * M) * M.T
    P = M.pinv()
    for lhs, rhs in ((M * P * M, M), (P * M * P, P), ((M * P).T, M * P), ((P * M).T, P * M)):
        if (lhs - rhs).applyfunc(sympy.simplify) != sympy.zeros(*lhs.shape):
            raise RuntimeError("pinv failed a Penrose equation")
    return P


def kron(A, B):
    rows = []
    for i in range(A.shape[0]):
        rows.append([A[i, j] * B for j in range(A.shape[1])])
    return sympy.Matrix(sympy.BlockMatrix(rows).as_explicit()) if rows and rows[0] else sympy.zeros(
        A.shape[0] * B.shape[0], A.shape[1] * B.shape[1])


def _directional(f, env, var, direction, order):
    """d^order/dt^order f(var + t direction) at t = 0, f evaluated on explicit values."""
    t = Dummy("t", real=True)
    point = env["values"][var]
    inner = dict(env, values={**env["values"], var: point + t * direction})
    val = evaluate(f, inner)
    if isinstance(val, sympy.MatrixBase):
        return val.applyfunc(lambda e: sympy.diff(e, t, order).subs(t, 0))
    return sympy.diff(val, t, order).subs(t, 0)


def derivative(expr, env):
    """Derivatives entry by entry along unit directions, so every evaluation has one symbol."""
    f = expr.expr
    if len(expr.variable_count) != 1:
        raise NotImplementedError("mixed derivatives")
    var, order = expr.variable_count[0]
    if not isinstance(var, MatrixSymbol):
        return _directional(f, env, var, Integer(1), order)
    r, c = shape_of(var, env)

    def unit(i, j):
        E = sympy.zeros(r, c)
        E[i, j] = 1
        return E
    cells = [(i, j) for i in range(r) for j in range(c)]
    if order == 2:
        if c != 1:
            raise NotImplementedError("Hessian by a matrix")
        H = sympy.zeros(r, r)
        for i in range(r):
            for j in range(i, r):
                # second derivative along e_i + e_j, minus the pure ones, gives 2 d2f/dx_i dx_j
                if i == j:
                    H[i, i] = as_scalar(_directional(f, env, var, unit(i, 0), 2))
                else:
                    both = as_scalar(_directional(f, env, var, unit(i, 0) + unit(j, 0), 2))
                    pure_i = as_scalar(_directional(f, env, var, unit(i, 0), 2))
                    pure_j = as_scalar(_directional(f, env, var, unit(j, 0), 2))
                    H[i, j] = H[j, i] = (both - pure_i - pure_j) / 2
        return H
    if order != 1:
        raise NotImplementedError("derivative order > 2")
    parts = {cell: _directional(f, env, var, unit(*cell), 1) for cell in cells}
    first = parts[cells[0]]
    if isinstance(first, sympy.MatrixBase) and first.shape != (1, 1):
        if c != 1 or first.shape[1] != 1:
            raise NotImplementedError("matrix by matrix derivative")
        J = sympy.Matrix(first.shape[0], r, lambda i, j: parts[(j, 0)][i, 0])
        return J if env["layout"] == "numerator" else J.T
    G = sympy.Matrix(r, c, lambda i, j: as_scalar(parts[(i, j)]))
    return G if env["layout"] == "denominator" else G.T


def evaluate(expr, env):
    """The value of a claim expression on an instance: an explicit Matrix or a SymPy scalar."""
    vals = env["values"]
    if isinstance(expr, (int, Fraction)):
        return sympy.sympify(expr)
    if isinstance(expr, MatrixSymbol):
        return vals[expr]
    if isinstance(expr, sympy.Symbol):
        if expr in vals:
            return vals[expr]
        if expr in env["dims"]:
            return env["dims"][expr]
        return expr
    if isinstance(expr, (Identity, ZeroMatrix, OneMatrix)):
        r, c = shape_of(expr, env)
        if isinstance(expr, Identity):
            return sympy.eye(r)
        return sympy.zeros(r, c) if isinstance(expr, ZeroMatrix) else sympy.ones(r, c)
    if isinstance(expr, Derivative):
        return derivative(expr, env)
    if isinstance(expr, (Expectation, MatrixExpectation)):
        eps = expr.noise
        r, _ = shape_of(eps, env)
        noise = [Dummy(f"e{i}", real=True) for i in range(r)]
        inner = dict(env, values={**vals, eps: sympy.Matrix(noise)})
        val = evaluate(expr.integrand, inner)
        sigma = evaluate(expr.sigma, env)
        out = expect_poly(val, noise, sigma)
        return out
    if isinstance(expr, PseudoInverse):
        return pseudo_inverse(sympy.Matrix(evaluate(expr.arg, env)))
    if isinstance(expr, OpNorm2):
        return operator_two_norm(sympy.Matrix(evaluate(expr.arg, env)))
    if isinstance(expr, MatAdd):
        parts = [evaluate(a, env) for a in expr.args]
        total = parts[0]
        for p_ in parts[1:]:
            total = total + p_
        return total
    if isinstance(expr, MatMul):
        out = Integer(1)
        for a in expr.args:
            v = evaluate(a, env)
            out = out * v
        return out
    if isinstance(expr, Transpose):
        return evaluate(expr.arg, env).T
    if isinstance(expr, Inverse):
        return inverse(sympy.Matrix(evaluate(expr.arg, env)))
    if isinstance(expr, MatPow):
        base = sympy.Matrix(evaluate(expr.base, env))
        e = evaluate(expr.exp, env)
        if not (e.is_Integer):
            raise NotImplementedError(f"power {e}")
        if e < 0:
            return inverse(base) ** (-e)
        return base ** int(e) if e > 0 else sympy.eye(base.shape[0])
    if isinstance(expr, Trace):
        return sympy.Matrix(evaluate(expr.arg, env)).trace()
    if isinstance(expr, Determinant):
        M = sympy.Matrix(evaluate(expr.arg, env))
        return M.det()
    if isinstance(expr, HadamardProduct):
        vals_ = [sympy.Matrix(evaluate(a, env)) for a in expr.args]
        out = vals_[0]
        for v in vals_[1:]:
            out = out.multiply_elementwise(v)
        return out
    if isinstance(expr, HadamardPower):
        M = sympy.Matrix(evaluate(expr.base, env))
        e = evaluate(expr.exp, env)
        return M.applyfunc(lambda x: x**e)
    if isinstance(expr, KroneckerProduct):
        vals_ = [sympy.Matrix(evaluate(a, env)) for a in expr.args]
        out = vals_[0]
        for v in vals_[1:]:
            out = kron(out, v)
        return out
    if isinstance(expr, BlockMatrix):
        rows = [[sympy.Matrix(evaluate(b, env)) for b in row] for row in expr.blocks.tolist()]
        return sympy.Matrix(sympy.BlockMatrix(rows).as_explicit())
    if isinstance(expr, DiagMatrix):
        v = sympy.Matrix(evaluate(expr.arg, env))
        return sympy.diag(*list(v))
    if isinstance(expr, DiagonalOf):
        M = sympy.Matrix(evaluate(expr.arg, env))
        return sympy.Matrix([M[i, i] for i in range(min(M.shape))])
    if isinstance(expr, DiagonalMatrix):
        M = sympy.Matrix(evaluate(expr.arg, env))
        return sympy.Matrix(M.shape[0], M.shape[1], lambda i, j: M[i, j] if i == j else 0)
    if isinstance(expr, MatrixElement):
        M = evaluate(expr.parent, env)
        i, j = int(evaluate(expr.i, env)), int(evaluate(expr.j, env))
        return M[i, j]
    if isinstance(expr, sympy.MatrixBase):
        return sympy.Matrix(expr.shape[0], expr.shape[1], lambda i, j: as_scalar(evaluate(expr[i, j], env)))
    if isinstance(expr, Sum):
        term, (var, lo, hi) = expr.function, expr.limits[0]
        lo, hi = int(evaluate(lo, env)), int(evaluate(hi, env))
        total = Integer(0)
        for k in range(lo, hi + 1):
            total += as_scalar(evaluate(term.subs(var, k), env))
        return total
    if isinstance(expr, MatrixExpr):
        raise NotImplementedError(f"matrix node {type(expr).__name__}")
    if isinstance(expr, Basic) and expr.args:
        args = [as_scalar(evaluate(a, env)) for a in expr.args]
        return expr.func(*args)
    return expr


# --- comparing ---------------------------------------------------------------------------------------

def _zero(x) -> bool:
    x = sympy.sympify(x)
    if x.is_Rational:
        return x == 0
    x = sympy.simplify(x)
    if x == 0:
        return True
    if x.free_symbols:
        return False
    v = sympy.N(x, 60)
    return abs(v) < sympy.Float("1e-40")


def _sign(x) -> int:
    x = sympy.sympify(x)
    if x.is_Rational:
        return int(bool(x > 0)) - int(bool(x < 0))
    v = sympy.N(x, 60)
    if not v.is_real:
        raise Skip(f"not a real number: {v}")
    if abs(v) < sympy.Float("1e-40"):
        return 0
    return 1 if v > 0 else -1


def equal(a, b) -> bool:
    if isinstance(a, sympy.MatrixBase) or isinstance(b, sympy.MatrixBase):
        a = a if isinstance(a, sympy.MatrixBase) else sympy.Matrix([[a]])
        b = b if isinstance(b, sympy.MatrixBase) else sympy.Matrix([[b]])
        if a.shape != b.shape:
            raise TypeError(f"shapes {a.shape} and {b.shape}")
        return all(_zero(x - y) for x, y in zip(a, b))
    return _zero(a - b)


def relation_holds(rel, a, b) -> bool:
    if rel == "==":
        return equal(a, b)
    if rel == "!=":
        return not equal(a, b)
    s = _sign(as_scalar(a) - as_scalar(b))
    return {"<": s < 0, "<=": s <= 0, ">": s > 0, ">=": s >= 0}[rel]


# --- assumptions -----------------------------------------------------------------------------------

def principal_minors_nonneg(M) -> bool:
    n_ = M.shape[0]
    for r in range(1, n_ + 1):
        for idx in itertools.combinations(range(n_), r):
            if _sign(M.extract(list(idx), list(idx)).det()) < 0:
                return False
    return True


def predicate_holds(pred: AppliedPredicate, env) -> bool:
    name = pred.function.name if hasattr(pred.function, "name") else str(pred.function)
    name = str(name)
    v = evaluate(pred.arguments[0], env)
    if isinstance(v, sympy.MatrixBase):
        M = sympy.Matrix(v)
        sq = M.shape[0] == M.shape[1]
        if name == "symmetric":
            return sq and equal(M, M.T)
        if name == "positive_definite":
            return sq and equal(M, M.T) and all(_sign(M[:k, :k].det()) > 0 for k in range(1, M.shape[0] + 1))
        if name == "positive_semidefinite":
            return sq and equal(M, M.T) and principal_minors_nonneg(M)
        if name == "orthogonal":
            return sq and equal(M.T * M, sympy.eye(M.shape[0]))
        if name == "invertible":
            return sq and not _zero(M.det())
        if name == "diagonal":
            return all(_zero(M[i, j]) for i in range(M.shape[0]) for j in range(M.shape[1]) if i != j)
        if M.shape == (1, 1):
            v = M[0, 0]
        else:
            raise NotImplementedError(f"predicate {name} on a matrix")
    v = sympy.sympify(v)
    if name == "positive":
        return _sign(v) > 0
    if name == "negative":
        return _sign(v) < 0
    if name == "nonzero" or name == "invertible":
        return _sign(v) != 0
    if name == "nonnegative":
        return _sign(v) >= 0
    if name in ("real", "finite"):
        return True
    if name == "integer":
        return v.is_Integer
    raise NotImplementedError(f"predicate {name}")


def assumption_holds(item, env) -> bool:
    if isinstance(item, AppliedPredicate):
        return predicate_holds(item, env)
    if isinstance(item, Relational):
        a, b = evaluate(item.lhs, env), evaluate(item.rhs, env)
        op = {"==": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}[item.rel_op]
        return relation_holds(op, a, b)
    if item is True or item == sympy.true:
        return True
    raise NotImplementedError(f"assumption {item}")


# --- drawing instances -------------------------------------------------------------------------------

def rand_entry(rng, rational=False):
    if rational and rng.random() < 0.3:
        return Rational(rng.randint(-5, 5), rng.randint(1, 3))
    return Integer(rng.randint(-3, 3))


def rand_matrix(r, c, rng):
    return sympy.Matrix(r, c, lambda i, j: rand_entry(rng, True))


def rand_invertible(n_, rng):
    for _ in range(50):
        M = rand_matrix(n_, n_, rng)
        if M.det() != 0:
            return M
    return sympy.eye(n_)


def cayley(n_, rng):
    """A rational orthogonal matrix (I − S)(I + S)⁻¹, S skew, with a random column sign flip."""
    S = rand_matrix(n_, n_, rng)
    S = S - S.T
    Q = (sympy.eye(n_) - S) * (sympy.eye(n_) + S).inv()
    if rng.random() < 0.5:
        D = sympy.eye(n_)
        D[0, 0] = -1
        Q = Q * D
    return Q


def projector(n_, rng, rank=None, symmetric=False):
    r = rng.randint(0, n_) if rank is None else rank
    if r == 0:
        return sympy.zeros(n_, n_)
    for _ in range(50):
        U = rand_matrix(n_, r, rng)
        V = U if symmetric else rand_matrix(n_, r, rng)
        K = V.T * U
        if K.det() != 0:
            return U * K.inv() * V.T
    return sympy.eye(n_)


def conjugate_by_random(D, rng):
    S = rand_invertible(D.shape[0], rng)
    return S * D * S.inv()


def _is(rel, lhs, rhs) -> bool:
    return isinstance(rel, Eq) and ((rel.lhs == lhs and rel.rhs == rhs) or (rel.lhs == rhs and rel.rhs == lhs))


def generic_value(X: MatrixSymbol, r, c, claim, rng):
    """A value for X that meets the predicates and the single-symbol relations about X."""
    props = set()
    for item in claim.assume:
        if isinstance(item, AppliedPredicate) and item.arguments[0] == X:
            props.add(str(item.function.name))
    rels = [item for item in claim.assume if isinstance(item, Relational)]
    I_r = Identity(X.shape[0]) if X.shape[0] == X.shape[1] else None
    if any(_is(rel, X.T, -X) for rel in rels):
        M = rand_matrix(r, r, rng)
        return M - M.T
    if any(_is(rel, X * X, X) for rel in rels):
        return projector(r, rng, symmetric="symmetric" in props)
    if I_r is not None and any(_is(rel, X * X, I_r) for rel in rels):
        D = sympy.diag(*[rng.choice([1, -1]) for _ in range(r)])
        return conjugate_by_random(D, rng)
    if any(_is(rel, X * X, ZeroMatrix(*X.shape)) for rel in rels):
        N = sympy.zeros(r, r)
        for b in range(0, r - 1, 2):
            if rng.random() < 0.8:
                N[b, b + 1] = 1
        return conjugate_by_random(N, rng)
    if any(_is(rel, X.T * X, Identity(X.shape[1])) for rel in rels):
        if c > r:
            raise Skip("orthonormal columns need rows >= cols")
        return cayley(r, rng)[:, :c]
    if any(_is(rel, X * X.T, Identity(X.shape[0])) for rel in rels):
        if r > c:
            raise Skip("orthonormal rows need cols >= rows")
        return cayley(c, rng)[:r, :]
    if "orthogonal" in props and "symmetric" in props:
        V = cayley(r, rng)
        return V * sympy.diag(*[rng.choice([1, -1]) for _ in range(r)]) * V.T
    if "orthogonal" in props:
        return cayley(r, rng)
    if "positive_definite" in props:
        M = rand_matrix(r, r, rng)
        return M.T * M + sympy.eye(r) * rng.choice([Rational(1, 2), 1, 2])
    if "positive_semidefinite" in props:
        M = rand_matrix(rng.randint(1, r), r, rng)
        return M.T * M
    if "diagonal" in props:
        return sympy.diag(*[rand_entry(rng, True) for _ in range(r)])
    if "symmetric" in props:
        M = rand_matrix(r, r, rng)
        return M + M.T
    if "invertible" in props:
        return rand_invertible(r, rng)
    return rand_matrix(r, c, rng)


def scalar_value(s: sympy.Symbol, rng):
    if s.is_integer:
        return Integer(rng.randint(1, 4)) if s.is_positive else Integer(rng.randint(-3, 3))
    if s.is_positive:
        return Rational(rng.randint(1, 9), rng.randint(1, 3))
    v = Rational(rng.randint(-6, 6), rng.randint(1, 3))
    return v if v != 0 else Integer(1)


def bound_symbols(expr) -> set:
    out = set()
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, (Expectation, MatrixExpectation)):
            out.add(node.noise)
    return out


def symbols_of(claim):
    exprs = [claim.lhs, claim.rhs] + [a for a in claim.assume if isinstance(a, Basic)]
    mats, scalars, dims = set(), set(), set()
    bound = set()
    for e in exprs:
        bound |= bound_symbols(e)
        for node in sympy.preorder_traversal(e):
            if isinstance(node, MatrixSymbol):
                mats.add(node)
            elif isinstance(node, (Identity, ZeroMatrix, OneMatrix)):
                for s_ in node.shape:
                    dims |= sympy.sympify(s_).free_symbols
    for X in mats:
        for s in X.shape:
            dims |= sympy.sympify(s).free_symbols
    for e in exprs:
        scalars |= {s for s in e.free_symbols if isinstance(s, sympy.Symbol) and not isinstance(s, MatrixSymbol)}
        for node in sympy.preorder_traversal(e):
            if isinstance(node, Derivative):
                scalars |= {v for v, _ in node.variable_count if not isinstance(v, MatrixSymbol)}
    scalars -= dims
    mats -= bound
    return sorted(mats, key=str), sorted(scalars, key=str), sorted(dims, key=str)


def draw(claim, key, rng, max_dim):
    mats, scalars, dims = symbols_of(claim)
    dim_vals = {d: Integer(rng.randint(1, max_dim)) for d in dims}
    env = {"dims": dim_vals, "values": {}, "layout": claim.layout}
    for s in scalars:
        env["values"][s] = scalar_value(s, rng)
    special = SPECIAL.get(key)
    if special:
        special(env, rng, {str(x): x for x in mats + scalars + dims})
    for X in mats:
        if X in env["values"]:
            continue
        r, c = shape_of(X, env)
        if r <= 0 or c <= 0:
            raise Skip("empty")
        env["values"][X] = generic_value(X, r, c, claim, rng)
    for item in claim.assume:
        if not assumption_holds(item, env):
            raise Skip(f"assumption {item} not met")
    return env


# --- special constructions ---------------------------------------------------------------------------

SPECIAL: dict = {}


def special(file_stem: str, *names: str):
    def register(fn):
        for name in names:
            SPECIAL[(file_stem, name)] = fn
        return fn
    return register


def _sym(names, key):
    return names[key]


def _low_rank(r_, c_, rng):
    rank = rng.randint(0, min(r_, c_))
    if rank == 0:
        return sympy.zeros(r_, c_)
    return rand_matrix(r_, rank, rng) * rand_matrix(rank, c_, rng)


def _mp_update(case):
    """A, c, d for the rank-1 Moore-Penrose update, case 1..6 of §3.2.7 (Meyer's conditions)."""
    def make(env, rng, names):
        A_, c_, d_ = names["A"], names["c"], names["d"]
        n_, m_ = shape_of(A_, env)
        A = _low_rank(n_, m_, rng)
        Ap = A.pinv()
        c = rand_matrix(n_, 1, rng)
        d = rand_matrix(m_, 1, rng)
        if case in (2, 3, 6):                       # w = 0: c in range(A)
            c = A * rand_matrix(m_, 1, rng)
        if case in (4, 5, 6):                       # m = 0: d in range(A^T)
            d = A.T * rand_matrix(n_, 1, rng)
        if case in (2, 4, 6):                       # beta = 1 + d^T A^+ c = 0
            beta0 = 1 + (d.T * Ap * c)[0, 0]
            if case == 2:                           # move d along A^+ c (inside range(A^T))
                g = Ap * c
                den = (g.T * g)[0, 0]
                if den == 0:
                    raise Skip("A^+ c = 0")
                d = d - beta0 / den * g
            else:                                   # move c along (A^+)^T d (inside range(A))
                h = Ap.T * d
                den = (d.T * Ap * h)[0, 0]
                if den == 0:
                    raise Skip("degenerate")
                c = c - beta0 / den * h
        env["values"].update({A_: A, c_: c, d_: d})
    return make


for _case, _names in ((1, ("MP rank-1, case 1 (w != 0, m != 0): G = -v w^+ - (m^+)^T n^T + beta (m^+)^T w^+",
                           "MP rank-1, case 1 (w != 0, m != 0), norm form")),
                      (2, ("MP rank-1, case 2 (w = 0, m != 0, beta = 0): G = -v v^+ A^+ - (m^+)^T n^T",
                           "MP rank-1, case 2 (w = 0, m != 0, beta = 0), norm form")),
                      (3, ("MP rank-1, case 3 (w = 0, beta != 0)",)),
                      (4, ("MP rank-1, case 4 (w != 0, m = 0, beta = 0): G = -A^+ n n^+ - v w^+",
                           "MP rank-1, case 4 (w != 0, m = 0, beta = 0), norm form")),
                      (5, ("MP rank-1, case 5 (m = 0, beta != 0)",)),
                      (6, ("MP rank-1, case 6 (w = 0, m = 0, beta = 0): G = -v v^+ A^+ - A^+ n n^+ + v^+ A^+ n v n^+",
                           "MP rank-1, case 6 (w = 0, m = 0, beta = 0), norm form"))):
    special("s3_inverses", *_names)(_mp_update(_case))


@special("s3_inverses", "(A + B)^-1 = A^-1 + B^-1 implies A B^-1 A = B A^-1 B")
def _inverse_of_sum(env, rng, names):
    n_ = int(env["dims"][names["n"]])
    if n_ % 2:
        raise Skip("(A + B)^-1 = A^-1 + B^-1 has no real solution for odd n")
    U = sympy.diag(*[sympy.Matrix([[0, -1], [1, -1]])] * (n_ // 2))   # U^2 + U + I = 0
    U = conjugate_by_random(U, rng)
    B = rand_invertible(n_, rng)
    env["values"].update({names["A"]: U * B, names["B"]: B})


def _low_rank_in_pinv(env, rng, names):
    """Matrices inside pinv(...) are drawn rank-deficient half of the time."""
    for X in names.values():
        if isinstance(X, MatrixSymbol) and X.name in ("A", "B") and rng.random() < 0.5:
            r_, c_ = shape_of(X, env)
            env["values"][X] = _low_rank(r_, c_, rng)


for _name in ("A A^- A = A with A^- = A^+", "Penrose I: A A^+ A = A", "Penrose II: A^+ A A^+ = A^+",
              "Penrose III: A A^+ symmetric", "Penrose IV: A^+ A symmetric", "(A^+)^+ = A", "(A^T)^+ = (A^+)^T",
              "(A^+ A) A^T = A^T (real A: A^H = A^T)", "(cA)^+ = (1/c) A^+", "A^+ = (A^T A)^+ A^T",
              "A^+ = A^T (A A^T)^+", "(A^T A)^+ = A^+ (A^T)^+", "(A A^T)^+ = (A^T)^+ A^+",
              "(AB)^+ = (A^+ A B)^+ (A B B^+)^+", "(AB)^+ = (A^+ A B)^+ (A B B^+)^+ (repeated as eq. 221)",
              "f(A^T A) - f(0) I = A^+ [f(A A^T) - f(0) I] A  (f quadratic)",
              "f(A A^T) - f(0) I = A [f(A^T A) - f(0) I] A^+  (f quadratic)",
              "(A A^+)(A A^+) = A A^+", "(A^+ A)(A^+ A) = A^+ A", "(A kron B)^+ = A^+ kron B^+"):
    special("s3_inverses", _name)(_low_rank_in_pinv)


@special("s9_1_blocks", "A [x1; x2] = [b1; b2] implies (A11 - A12 A22^-1 A21) x1 = b1 - A12 A22^-1 b2")
def _block_system(env, rng, names):
    vals = env["values"]
    for key in ("A11", "A12", "A21", "A22", "x1", "x2"):
        X = names[key]
        vals[X] = rand_matrix(*shape_of(X, env), rng)
    vals[names["b1"]] = vals[names["A11"]] * vals[names["x1"]] + vals[names["A12"]] * vals[names["x2"]]
    vals[names["b2"]] = vals[names["A21"]] * vals[names["x1"]] + vals[names["A22"]] * vals[names["x2"]]


@special("s8_gaussians", "ln N(x; mu, Sigma) = ln N(x_a; mu_a_hat, Sigma_a_hat) + ln N(x_b; mu_b, Sigma_b)",
         "ln N(x; mu, Sigma) = ln N(x_b; mu_b_hat, Sigma_b_hat) + ln N(x_a; mu_a, Sigma_a)")
def _joint_gaussian(env, rng, names):
    pa, = shape_of(names["Sigma_a"], env)[:1]
    qb, = shape_of(names["Sigma_b"], env)[:1]
    M = rand_matrix(pa + qb, pa + qb, rng)
    S = M.T * M + sympy.eye(pa + qb)
    env["values"].update({names["Sigma_a"]: S[:pa, :pa], names["Sigma_c"]: S[:pa, pa:],
                          names["Sigma_b"]: S[pa:, pa:]})


@special("s8_gaussians", "mixture: Cov(x) = sum_kk' rho_k rho_k' (Sigma_k + m_k m_k^T - m_k m_k'^T)  (K = 2)")
def _mixture_weights(env, rng, names):
    r1 = Rational(rng.randint(1, 8), 9)
    env["values"].update({names["rho_1"]: r1, names["rho_2"]: 1 - r1})


@special("s10_kronecker_hadamard", "Frobenius: ||A|| = 0 implies A = 0")
def _zero_norm(env, rng, names):
    A_ = names["A"]
    env["values"][A_] = sympy.zeros(*shape_of(A_, env))


@special("s9_special", "A = G G^T PSD, X^T A X = 0 implies A X = 0")
def _psd_null(env, rng, names):
    G_, X_ = names["G"], names["X"]
    n_, m_ = shape_of(X_, env)
    rank = rng.randint(0, n_ - 1) if n_ > 1 else 0
    G = sympy.zeros(n_, n_)
    if rank:
        G[:, :rank] = rand_matrix(n_, rank, rng)
    null = (G * G.T).nullspace()
    if not null:
        raise Skip("no null space")
    cols = [sum((rand_entry(rng) * v for v in null), sympy.zeros(n_, 1)) for _ in range(m_)]
    env["values"].update({G_: G, X_: sympy.Matrix.hstack(*cols)})


# --- running -----------------------------------------------------------------------------------------

def load_claims(path: Path):
    module = runpy.run_path(str(path))
    claims = []
    for value in module.values():
        if isinstance(value, Claim):
            claims.append(value)
        elif isinstance(value, (list, tuple)):
            claims.extend(v for v in value if isinstance(v, Claim))
    seen, out = set(), []
    for c in claims:
        if id(c) not in seen:
            seen.add(id(c))
            out.append(c)
    return out


def describe(env) -> str:
    parts = [f"{k}={v}" for k, v in env["dims"].items()]
    for k, v in env["values"].items():
        parts.append(f"{k}={sympy.Matrix(v).tolist() if isinstance(v, sympy.MatrixBase) else v}")
    return ", ".join(parts)


def check_claim(claim, key, draws, seed, max_dim):
    rng = random.Random(f"{seed}:{key}")
    held, tried, skipped = 0, 0, 0
    for _ in range(draws * 20):
        if tried >= draws:
            break
        try:
            env = draw(claim, key, rng, max_dim)
            lhs, rhs = evaluate(claim.lhs, env), evaluate(claim.rhs, env)
        except Skip:
            skipped += 1
            continue
        tried += 1
        if relation_holds(claim.relation, lhs, rhs):
            held += 1
        else:
            return "fails", describe(env), tried
    if tried == 0:
        return "no instance", f"{skipped} draws skipped", 0
    return "holds", f"held on {held} draws", tried


def parse_exact(value):
    """An exact number or matrix of a counterexample (strings such as "-3/2"); never evaluates text."""
    if isinstance(value, list):
        return sympy.Matrix([[parse_exact(x) for x in row] for row in value])
    try:
        return sympy.Rational(str(value))
    except (TypeError, ValueError) as exc:
        raise Skip(f"not an exact rational: {value!r}") from exc


def verify_counterexamples(json_path: Path) -> int:
    """Re-check every counterexample of a `bench_cookbook.py --json` run with this file's evaluator."""
    import json
    doc = json.loads(json_path.read_text())
    cache: dict = {}
    bad = checked = 0
    for r in doc["results"]:
        if r["status"] != "refuted" or not r.get("counterexample"):
            continue
        path = Path(r["file"])
        if path not in cache:
            cache[path] = {c.name: c for c in load_claims(path)}
        claim = cache[path].get(r["name"])
        if claim is None:
            print(f"?? {path.stem}::{r['name']}: claim not found")
            bad += 1
            continue
        mats, scalars, dims = symbols_of(claim)
        by_name = {str(x): x for x in mats + scalars + dims}
        cx = r["counterexample"]
        env = {"dims": {}, "values": {}, "layout": claim.layout}
        for name, value in cx["dims"].items():
            if name in by_name:
                env["dims"][by_name[name]] = Integer(value)
        try:
            for name, value in cx["values"].items():
                if name in by_name:
                    v = parse_exact(value)
                    if isinstance(by_name[name], MatrixSymbol) and not isinstance(v, sympy.MatrixBase):
                        v = sympy.Matrix([[v]])          # a 1×1 matrix is printed as a number
                    env["values"][by_name[name]] = v
            missing = [str(x) for x in mats + scalars + dims if x not in env["values"] and x not in env["dims"]]
            if missing:
                raise Skip(f"the counterexample leaves {missing} unset")
            ok_assume = all(assumption_holds(a, env) for a in claim.assume)
            lhs, rhs = evaluate(claim.lhs, env), evaluate(claim.rhs, env)
            fails = not relation_holds(claim.relation, lhs, rhs)
        except Skip as exc:
            ok_assume, fails = False, False
            print(f"BAD {path.stem}::{r['name']}: {exc}")
        checked += 1
        if ok_assume and fails:
            print(f"ok  {path.stem}::{r['name']}: assumptions hold, the relation fails ({describe(env)})")
        else:
            bad += 1
            print(f"BAD {path.stem}::{r['name']}: assumptions hold: {ok_assume}, relation fails: {fails}")
    print(f"{checked} counterexamples re-checked, {bad} not confirmed")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--draws", type=int, default=6)
    ap.add_argument("--max-dim", type=int, default=3)
    ap.add_argument("--seed", default="cookbook")
    ap.add_argument("--only", default=None, help="only claims whose name contains this text")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--verify-json", metavar="FILE",
                    help="re-check the counterexamples of a bench_cookbook.py --json run instead")
    args = ap.parse_args()
    if args.verify_json:
        return verify_counterexamples(Path(args.verify_json))
    files = [Path(f) for f in args.files] or sorted(CLAIM_DIR.glob("*.py"))
    bad = 0
    total = 0
    for path in files:
        for claim in load_claims(path):
            if args.only and args.only not in claim.name:
                continue
            total += 1
            key = (path.stem, claim.name)
            try:
                draws = args.draws * 10 if claim.expect == "refuted" else args.draws
                outcome, detail, tried = check_claim(claim, key, draws, args.seed, args.max_dim)
            except NotImplementedError as exc:
                outcome, detail = "unsupported", str(exc)
            want = {"proved": "holds", "refuted": "fails"}.get(claim.expect)
            ok = outcome == want
            if not ok:
                bad += 1
            if not ok or args.verbose or outcome == "fails":
                mark = "ok " if ok else "BAD"
                print(f"{mark} {path.stem}::{claim.name}  expect={claim.expect}  {outcome}: {detail}", flush=True)
    print(f"{total} claims checked, {bad} not as expected")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
