"""Matrices of numeric size: write every matrix out entry by entry, then compare scalars.

When every matrix of a claim has a numeric shape (A 2×2, x 3×1, an explicit matrix of
scalars, I₁) and no size is a symbol, the claim is about finitely many real entries. Each
matrix symbol X becomes the explicit matrix of fresh real symbols `X[i,j]` (a symmetric X
has X[i,j] = X[j,i], a diagonal one zeros off the diagonal), `X[i, j]` in the claim is that
symbol, and every matrix operation is carried out exactly: sums, products, transposes,
integer powers, traces, determinants (Berkowitz, division free), inverses (adjugate /
determinant; the claim is only promised where the determinant is nonzero) and derivatives by
real scalars of parts that write out as rational functions (SymPy's `diff`, entry by entry;
`Writer._derivative`); any other SymPy
matrix expression (Kronecker and Hadamard products and powers, diagonals, ones matrices,
element-wise functions, slices) is rebuilt over the written-out arguments and evaluated by
SymPy's explicit arithmetic (`_written_by_sympy`). The claim becomes one scalar obligation,
or one per entry; an obligation whose sides cancel to the same rational function is settled
here (both sides the same expression). Matrix equations among the assumptions become one
scalar equation per entry and scalar relations on traces or determinants are written out
the same way. Assumptions it cannot write out (orthogonal, positive definite, ...) are left
out, which only makes the obligations stronger.

The certificate is the `symcheck-reduction/1` one of reduction `explicit sizes`; the
checker re-derives the written-out sides with its own code (`certify/explicit.py`).
"""
from __future__ import annotations

import time

import sympy
from sympy import Determinant, Identity, Inverse, MatAdd, MatMul, MatPow, MatrixSymbol, Trace, Transpose, ZeroMatrix
from sympy.assumptions.assume import AppliedPredicate
from sympy.matrices.expressions import MatrixExpr
from sympy.matrices.expressions.matexpr import MatrixElement

from ...model.problem import Problem
from .. import Reduced

MAX_ENTRIES = 36       # entries of one matrix symbol written out
MAX_WRITTEN = 256      # entries of one matrix SymPy writes out (a Kronecker product, a Hadamard power, ...)
MAX_INVERSE = 4        # explicit inverses up to this size
MAX_DETERMINANT = 6    # explicit determinants up to this size
NOT_WRITTEN = (sympy.Integral, sympy.Limit, sympy.Sum, sympy.Product)  # other reductions' constructs (a Derivative: `_derivative`)


class NotExplicit(Exception):
    """Some part of the claim cannot be written out entry by entry."""


def entry_name(sym: MatrixSymbol, i: int, j: int) -> str:
    """The name of the real symbol standing for X[i, j]."""
    return f"{sym.name}[{i},{j}]"


def explicit_matrices(problem: Problem) -> dict:
    """MatrixSymbol -> its explicit matrix of entry symbols; NotExplicit when a shape is not numeric."""
    taken = {s.name for s in problem.scalar_symbols}
    symmetric = {p.args[0] for p in problem.predicates
                 if p.name in ("symmetric", "positive_definite") and p.args}
    diagonal = {p.args[0] for p in problem.predicates if p.name == "diagonal" and p.args}
    out = {}
    for sym in sorted(problem.matrix_symbols, key=lambda s: s.name):
        rows, cols = (sympy.sympify(d) for d in sym.shape)
        if not (rows.is_Integer and cols.is_Integer) or rows * cols > MAX_ENTRIES:
            raise NotExplicit(f"{sym} is {rows}×{cols}")
        rows, cols = int(rows), int(cols)

        def entry(i, j, sym=sym):
            if sym in diagonal and i != j:
                return sympy.S.Zero
            if sym in symmetric and i > j:
                i, j = j, i
            name = entry_name(sym, i, j)
            if name in taken:
                raise NotExplicit(f"the claim has a scalar named {name}")
            return sympy.Symbol(name, real=True)
        out[sym] = sympy.ImmutableMatrix(rows, cols, lambda i, j: entry(i, j))
    return out


class Writer:
    """Evaluates a claim's expressions with every matrix symbol replaced by its explicit matrix."""

    def __init__(self, matrices: dict):
        self.matrices = matrices

    def value(self, expr):
        """A scalar expression or an explicit ImmutableMatrix."""
        if isinstance(expr, MatrixSymbol):
            return self.matrices[expr]
        if isinstance(expr, MatrixElement):
            m = self.value(expr.parent)
            i, j = expr.i, expr.j
            if not (sympy.sympify(i).is_Integer and sympy.sympify(j).is_Integer):
                raise NotExplicit("a symbolic index")
            return m[int(i), int(j)]
        if isinstance(expr, (Identity, ZeroMatrix)):
            return sympy.ImmutableMatrix(expr.as_explicit())
        if isinstance(expr, sympy.MatrixBase):
            return sympy.ImmutableMatrix(expr.rows, expr.cols, [self.value(e) for e in expr])
        if isinstance(expr, MatAdd):
            out = self.value(expr.args[0])
            for a in expr.args[1:]:
                out = out + self.value(a)
            return sympy.ImmutableMatrix(out)
        if isinstance(expr, MatMul):
            return self._product([self.value(a) for a in expr.args])
        if isinstance(expr, Transpose):
            return self.value(expr.arg).T
        if isinstance(expr, Inverse):
            return self._inverse(self.value(expr.arg))
        if isinstance(expr, MatPow):
            base, exp = self.value(expr.args[0]), expr.args[1]
            if not exp.is_Integer:
                raise NotExplicit("a symbolic matrix power")
            out = sympy.ImmutableMatrix(sympy.eye(base.rows))
            step = self._inverse(base) if exp < 0 else base
            for _ in range(abs(int(exp))):
                out = out * step
            return sympy.ImmutableMatrix(out)
        if isinstance(expr, Trace):
            return sympy.Matrix(self.value(expr.arg)).trace()
        if isinstance(expr, Determinant):
            m = self.value(expr.arg)
            if not isinstance(m, sympy.MatrixBase):
                return m
            if m.rows != m.cols or m.rows > MAX_DETERMINANT:
                raise NotExplicit("a determinant too large to write out")
            return sympy.expand(sympy.Matrix(m).det(method="berkowitz"))
        if isinstance(expr, sympy.Derivative):
            return self._derivative(expr)
        if isinstance(expr, NOT_WRITTEN) or type(expr).__module__.startswith("symcheck"):
            raise NotExplicit(f"{type(expr).__name__} is not written out")
        if isinstance(expr, MatrixExpr):
            return self._written_by_sympy(expr)
        if not expr.args or not expr.has(MatrixExpr):
            return expr
        args = [self.value(a) for a in expr.args]
        if any(isinstance(a, sympy.MatrixBase) for a in args):
            if expr.is_Mul:
                return self._product(args)
            if expr.is_Pow and isinstance(args[0], sympy.MatrixBase) and args[0].shape == (1, 1):
                return args[0][0, 0] ** args[1]
            args = [a[0, 0] if isinstance(a, sympy.MatrixBase) and a.shape == (1, 1) else a for a in args]
            if any(isinstance(a, sympy.MatrixBase) for a in args):
                raise NotExplicit(f"a matrix inside {type(expr).__name__}")
        return expr.func(*args)

    def _derivative(self, expr):
        """A derivative by real scalars (d/dt, d²/dt ds, ...) of a part that writes out as rational functions of its
        symbols, entry by entry by SymPy's `diff` (the same shape in either layout); a derivative by a matrix, or of a
        part with |·|, branches or other functions (where it may not exist), is not written out."""
        steps = []
        for var, count in expr.variable_count:
            count = sympy.sympify(count)
            if not isinstance(var, sympy.Symbol) or var.is_integer or not (count.is_Integer and count > 0):
                raise NotExplicit(f"a derivative by {var} is not written out")
            steps += [var] * int(count)
        inner = self.value(expr.expr)
        entries = list(inner) if isinstance(inner, sympy.MatrixBase) else [inner]
        if not all(isinstance(e, sympy.Expr) and e.is_rational_function() is True for e in entries):
            raise NotExplicit("a derivative of a part that is not a rational function of its symbols")
        if isinstance(inner, sympy.MatrixBase):
            return sympy.ImmutableMatrix(inner.rows, inner.cols, [sympy.diff(e, *steps) for e in entries])
        return sympy.diff(inner, *steps)

    def _written_by_sympy(self, expr):
        """Another SymPy matrix expression (Kronecker, Hadamard, diagonals, ones, applyfunc, slices) rebuilt over
        its written-out arguments and evaluated by SymPy's explicit arithmetic, checked to have expr's shape."""
        rows, cols = (sympy.sympify(d) for d in expr.shape)
        if not (rows.is_Integer and cols.is_Integer) or rows * cols > MAX_WRITTEN:
            raise NotExplicit(f"{type(expr).__name__} of size {rows}×{cols} is not written out")
        args = [self.value(a) if isinstance(a, sympy.Basic) else a for a in expr.args]
        try:
            value = expr.func(*args).doit()
            value = sympy.ImmutableMatrix(value.as_explicit() if isinstance(value, MatrixExpr) else value)
        except Exception as exc:  # noqa: BLE001 - what SymPy cannot write out is not decided here
            raise NotExplicit(f"SymPy does not write out {type(expr).__name__} ({type(exc).__name__})") from exc
        if value.shape != (int(rows), int(cols)) or any(
                isinstance(e, sympy.MatrixBase) or (isinstance(e, sympy.Basic) and e.has(MatrixExpr)) for e in value):
            raise NotExplicit(f"SymPy did not write {type(expr).__name__} out as a {rows}×{cols} matrix of scalars")
        return value

    @staticmethod
    def _product(values: list):
        """Scalars times matrices in order; a 1×1 matrix between others is a scalar (CONTRACT §1)."""
        scalar, mats = sympy.S.One, []
        for v in values:
            if isinstance(v, sympy.MatrixBase):
                mats.append(v)
            else:
                scalar = scalar * v
        out = None
        for m in mats:
            if out is None:
                out = m
            elif out.cols == m.rows:
                out = out * m
            elif out.shape == (1, 1):
                out = out[0, 0] * m
            elif m.shape == (1, 1):
                out = out * m[0, 0]
            else:
                raise NotExplicit("an ill-typed product")
        if out is None:
            return scalar
        return sympy.ImmutableMatrix(scalar * out)

    @staticmethod
    def _inverse(m):
        if not isinstance(m, sympy.MatrixBase):
            return 1 / m
        if m.rows != m.cols or m.rows > MAX_INVERSE:
            raise NotExplicit("an inverse too large to write out")
        m = sympy.Matrix(m)
        det = sympy.expand(m.det(method="berkowitz"))
        if det == 0:
            raise NotExplicit("the inverse of a singular matrix")
        return sympy.ImmutableMatrix(m.adjugate(method="berkowitz").applyfunc(lambda e: sympy.expand(e) / det))


def _scalar(v):
    if isinstance(v, sympy.MatrixBase):
        if v.shape != (1, 1):
            raise NotExplicit("a matrix where a scalar is needed")
        return v[0, 0]
    return v


def _settled(a, b) -> tuple:
    """(e, e) when a − b expands or cancels to 0 (√x·√x = x included), else (a, b): an identity of rational
    functions in the entries needs no prover (it holds wherever both sides are defined, as the claim promises)."""
    try:
        if sympy.expand(a - b) == 0 or sympy.cancel(sympy.expand(a - b)) == 0:
            e = sympy.expand(a)
            return e, e
    except Exception:  # noqa: BLE001 - an expansion SymPy cannot do settles nothing
        pass
    return a, b


def has_matrix(*exprs) -> bool:
    """Does an expression hold a matrix (a matrix expression or an explicit matrix)?"""
    return any(isinstance(node, (MatrixExpr, sympy.MatrixBase)) for expr in exprs if isinstance(expr, sympy.Basic)
               for node in sympy.preorder_traversal(expr))


def written_assumptions(problem: Problem, writer: Writer) -> list:
    """The assumptions entry by entry: scalar ones as they are, matrix equations per entry, others left out."""
    out = []
    for p in problem.predicates:
        if p.args and not any(isinstance(a, MatrixExpr) or (isinstance(a, sympy.Basic) and a.has(MatrixExpr))
                              for a in p.args):
            out.append(getattr(sympy.Q, p.name)(*p.args))
    for rel in problem.relations:
        if not rel.has(MatrixExpr):
            out.append(rel)
            continue
        try:
            left, right = writer.value(rel.lhs), writer.value(rel.rhs)
        except NotExplicit:
            continue
        if isinstance(left, sympy.MatrixBase) or isinstance(right, sympy.MatrixBase):
            if not isinstance(rel, sympy.Eq) or not (isinstance(left, sympy.MatrixBase)
                                                      and isinstance(right, sympy.MatrixBase)):
                continue
            if left.shape != right.shape:
                continue
            out += [sympy.Eq(sympy.expand(a), sympy.expand(b), evaluate=False) for a, b in zip(left, right)
                    if sympy.expand(a - b) != 0]
        else:
            written = rel.func(left, right)
            if isinstance(written, sympy.core.relational.Relational):
                out.append(written)
    return [a for a in out if isinstance(a, (AppliedPredicate, sympy.core.relational.Relational))]


class ExplicitReduction:
    """Claims whose matrices all have numeric sizes: every matrix written out, entry by entry."""
    name = "explicit sizes"

    def reduce(self, problem: Problem, deadline: float) -> Reduced | None:
        """Scalar obligations in the entries, or None when a size is symbolic or a part cannot be written out."""
        if problem.dims or not (problem.matrix_symbols or has_matrix(problem.lhs, problem.rhs)):
            return None
        if not (problem.matrix_symbols or problem.scalar_symbols):
            return None  # a closed claim: exact evaluation decides it
        try:
            writer = Writer(explicit_matrices(problem))
            left, right = writer.value(problem.lhs), writer.value(problem.rhs)
            assume = written_assumptions(problem, writer)
        except NotExplicit:
            return None
        if isinstance(left, sympy.MatrixBase) != isinstance(right, sympy.MatrixBase):
            try:
                left, right = _scalar(left), _scalar(right)
            except NotExplicit:
                return None
        if isinstance(left, sympy.MatrixBase):
            if left.shape != right.shape or problem.relation not in ("==", "!="):
                return None
            if problem.relation == "!=":
                return None  # one entry differing is not one obligation
            pairs = [(left[i, j], right[i, j]) for i in range(left.rows) for j in range(left.cols)]
        else:
            pairs = [(left, right)]
        if problem.relation in ("==", "<=", ">="):
            settled = []
            for a, b in pairs:
                if time.monotonic() > deadline:
                    return None
                settled.append(_settled(a, b))
            pairs = settled
        try:
            obligations = [Problem.build(a, b, problem.relation, assume, problem.layout, problem.name)
                           for a, b in pairs]
        except Exception:  # noqa: BLE001 - a written-out side SymPy cannot type is not ours to decide here
            return None
        if any(o.matrix_symbols or has_matrix(o.lhs, o.rhs) for o in obligations):
            return None
        written = ', '.join(sorted(s.name for s in problem.matrix_symbols)) or "explicit matrices only"
        return Reduced(obligations, [f"write every matrix out entry by entry ({written}) "
                                     f"and compare {len(pairs)} scalar(s)"],
                       {"lhs": sympy.srepr(left), "rhs": sympy.srepr(right)})
