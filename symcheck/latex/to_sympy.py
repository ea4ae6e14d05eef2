"""Building SymPy objects for what the parser read: the matrix-aware layer the plain parsers lack.

The parser calls one `Builder` method per construct; only SymPy classes listed here are
ever built (an allowlist), always unevaluated, so nothing huge is computed and the echo
shows what was written. Products keep their order (`MatMul`), and shapes are *not*
validated here: a product the shapes forbid is built as written and reported later by
`symcheck.model.shapes` as ill-typed.

`I` and `0` without a size get a placeholder dimension that is unified with their
neighbours (the other terms of a sum, the adjacent factor of a product, the other side
of an equation, the row and column of a block matrix) and replaced at the end.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy
from sympy import (Abs, Add, Basic, BlockMatrix, Derivative, Determinant, Dummy, HadamardProduct,
                   Identity, ImmutableMatrix, Inverse, Limit, MatAdd, MatMul, MatPow, MatrixExpr, MatrixSymbol,
                   Max, Min, Mul, OneMatrix, Piecewise, Pow, Rational, S, Symbol, Trace, Transpose, ZeroMatrix)

from ..model import relations
from ..model.products import read_product
from ..model.shapes import SCALAR, derivative_shape
from .declarations import Declarations, Decl
from .names import NameRef

# Elementary functions of one scalar argument: name as written -> SymPy class.
SCALAR_FUNCTIONS = {"exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "sin": sympy.sin, "cos": sympy.cos,
                    "tan": sympy.tan, "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh,
                    "sign": sympy.sign, "sgn": sympy.sign, "arctan": sympy.atan, "arcsin": sympy.asin,
                    "arccos": sympy.acos}
# Constructs that another module may provide (symcheck.constructs): our name -> candidate attributes.
EXTERNAL_CONSTRUCTS = {"expectation": ("expectation", "Expectation"),
                       "argmin": ("ArgMin", "Argmin", "argmin"), "argmax": ("ArgMax", "Argmax", "argmax")}


class SemanticError(Exception):
    """Raised by the builder; the parser turns it into a ParseError at the current token."""


class Unsupported(SemanticError):
    """A construct we recognise but cannot represent (yet)."""


@dataclass(frozen=True)
class Relation:
    """`lhs relation rhs` with `relation` in the Claim vocabulary (==, !=, <, <=, >, >=)."""
    lhs: Basic
    rhs: Basic
    relation: str

    def as_sympy(self) -> Basic:
        """The relation as a SymPy relational (`Eq`, `LessThan`, ...), unevaluated."""
        return relations.sympy_relational(self.relation, self.lhs, self.rhs)


def is_matrix(expr) -> bool:
    return isinstance(expr, (MatrixExpr, sympy.MatrixBase))




class Builder:
    def __init__(self, decls: Declarations, auto_declare: str | None = None, layout: str = "numerator"):
        self.decls = decls
        self.auto_declare = auto_declare     # None, 'scalar' or 'dimension'
        self.layout = layout
        self.placeholders: dict = {}         # placeholder Dummy -> 'identity' | 'zero' | 'ones'
        self.bind: dict = {}
        self.auto_declared: set = set()

    # ------------------------------------------------------------ sizes and unification
    def new_size(self, what: str) -> Dummy:
        size = Dummy("size", integer=True, positive=True)
        self.placeholders[size] = what
        return size

    def resolve(self, dim):
        dim = sympy.sympify(dim)
        for _ in range(50):
            nxt = dim.xreplace(self.bind) if self.bind else dim
            if nxt == dim:
                return dim
            dim = nxt
        return dim

    def unify(self, a, b, allow_one: bool = True) -> None:
        """Bind a placeholder to the other size. In products a 1 is no evidence (xᵀx I is a scalar times I)."""
        a, b = self.resolve(a), self.resolve(b)
        if a == b:
            return
        if a in self.placeholders and (allow_one or b != 1) and a not in b.free_symbols:
            self.bind[a] = b
        elif b in self.placeholders and (allow_one or a != 1) and b not in a.free_symbols:
            self.bind[b] = a

    def unify_shapes(self, s, t) -> None:
        self.unify(s[0], t[0])
        self.unify(s[1], t[1])

    def shape(self, expr) -> tuple:
        """A lenient shape (no errors, placeholders allowed), used only to size I and 0."""
        if isinstance(expr, sympy.MatrixBase):
            return tuple(sympy.Integer(d) for d in expr.shape)
        if isinstance(expr, (MatrixSymbol, Identity, ZeroMatrix, OneMatrix)):
            return tuple(self.resolve(d) for d in expr.shape)
        if isinstance(expr, Transpose):
            rows, cols = self.shape(expr.arg)
            return (cols, rows)
        if isinstance(expr, (Inverse, MatPow)):
            return self.shape(expr.args[0])
        if isinstance(expr, MatMul):
            try:  # read as everywhere (model.products): 1×1 groups are scalars wherever they stand
                return read_product(expr.args, self.shape).shape
            except Exception:  # an ill-typed product: any size will do, the shape checker reports it
                return self._chain([self.shape(f) for f in expr.args if is_matrix(f)])
        if isinstance(expr, (MatAdd, HadamardProduct)):
            shapes = [self.shape(t) for t in expr.args]
            return next((s for s in shapes if not (set(s) & set(self.placeholders))), shapes[0])
        if isinstance(expr, BlockMatrix):
            blocks = expr.blocks
            return (Add(*[self.shape(blocks[i, 0])[0] for i in range(blocks.rows)]),
                    Add(*[self.shape(blocks[0, j])[1] for j in range(blocks.cols)]))
        if isinstance(expr, Derivative):
            try:
                fshape = self.shape(expr.expr)
                for var, count in expr.variable_count:
                    for _ in range(int(count)):
                        fshape = derivative_shape(fshape, self.shape(var), self.layout)
                return fshape
            except Exception:  # an ill-typed derivative is the shape checker's to report
                return SCALAR
        if isinstance(expr, MatrixExpr):
            return tuple(self.resolve(d) for d in expr.shape)
        return SCALAR

    def _chain(self, shapes: list) -> tuple:
        current = None
        for shape in shapes:
            if current is None or self._one_by_one(current):
                current = shape
            elif not self._one_by_one(shape):
                current = (current[0], shape[1])
        return current or SCALAR

    def _one_by_one(self, shape) -> bool:
        return self.resolve(shape[0]) == 1 and self.resolve(shape[1]) == 1

    def as_scalar(self, expr):
        """A 1×1 matrix expression used as a scalar becomes tr(·) (exact, and the form claim files use)."""
        if is_matrix(expr) and not isinstance(expr, sympy.MatrixBase) and self._one_by_one(self.shape(expr)):
            return Trace(expr)
        return expr

    # ------------------------------------------------------------ atoms
    def number(self, text: str):
        if "." in text.rstrip("."):
            whole, frac = text.split(".", 1)
            return Rational(int(whole or "0") * 10 ** len(frac) + int(frac), 10 ** len(frac))
        return sympy.Integer(int(text))

    def name(self, ref: NameRef):
        """The SymPy object for a name, from its declaration or the nearest declared parent."""
        decl = self.decls.lookup(ref.text)
        if decl is not None:
            return self._from_decl(decl, ref)
        if ref.text in self.decls.dims:
            return self.decls.dims[ref.text]
        for parent in ref.parents():
            decl = self.decls.lookup(parent.text)
            if decl is not None and decl.kind in ("scalar", "matrix"):
                return self._inherit(decl, ref)
        if ref.text == "I" or (ref.base == "I" and not ref.is_decorated):
            return self.identity(None)
        if self.auto_declare == "dimension":
            return self.decls.dims.setdefault(ref.text, Symbol(ref.text, integer=True, positive=True))
        if self.auto_declare == "scalar":
            self.auto_declared.add(ref.text)
            return Symbol(ref.text, real=True)
        raise SemanticError(f"undeclared symbol {ref.text} (declare it, e.g. `{ref.text}: scalar`)")

    def _from_decl(self, decl: Decl, ref: NameRef):
        if decl.kind == "identity":
            return self.identity(decl.rows)
        if decl.kind == "function":
            raise SemanticError(f"{decl.name} is declared a function: write {decl.name}(...)")
        return self.decls.symbol(decl.name)

    def _inherit(self, decl: Decl, ref: NameRef):
        """w_t, \\hat{w}, w^{(k)}: a new symbol of the same kind and shape as w (no sign assumption)."""
        if decl.kind == "matrix":
            return MatrixSymbol(ref.text, decl.rows, decl.cols)
        return Symbol(ref.text, real=True, integer=True) if decl.integer else Symbol(ref.text, real=True)

    def kind_of(self, ref: NameRef) -> Decl | None:
        """The declaration that decides how `ref` behaves (its own or its nearest parent's)."""
        decl = self.decls.lookup(ref.text)
        if decl is not None:
            return decl
        for parent in ref.parents():
            decl = self.decls.lookup(parent.text)
            if decl is not None:
                return decl
        return None

    def function(self, ref: NameRef, args: list):
        cls = self.decls.symbol(ref.text)
        if not isinstance(cls, sympy.core.function.FunctionClass):
            raise SemanticError(f"{ref.text} is not declared a function")
        return cls(*args, evaluate=False)

    def function_derivative(self, ref: NameRef, args: list):
        """f'(x) for a declared function of one argument: d f(t)/dt at t = x."""
        if len(args) != 1:
            raise SemanticError(f"{ref.text}' needs exactly one argument")
        t = Dummy("t", real=True)
        return sympy.Subs(Derivative(self.function(ref, [t]), t), t, args[0])

    def identity(self, size):
        return Identity(size if size is not None else self.new_size("identity"))

    def zero(self, rows=None, cols=None):
        return ZeroMatrix(rows if rows is not None else self.new_size("zero"),
                          cols if cols is not None else self.new_size("zero"))

    def ones(self, rows=None, cols=None):
        return OneMatrix(rows if rows is not None else self.new_size("ones"),
                         cols if cols is not None else self.new_size("ones"))

    # ------------------------------------------------------------ arithmetic
    def neg(self, expr):
        if isinstance(expr, sympy.Number):
            return -expr
        if is_matrix(expr):
            return matmul(S.NegativeOne, expr)
        return Mul(S.NegativeOne, expr, evaluate=False)

    def add(self, terms: list):
        if len(terms) == 1:
            return terms[0]
        matrices = [t for t in terms if is_matrix(t)]
        if matrices and len(matrices) == len(terms):
            first = self.shape(matrices[0])
            for term in matrices[1:]:
                self.unify_shapes(first, self.shape(term))
                first = self.shape(matrices[0])
            for term in matrices[1:]:
                self.unify_shapes(self.shape(term), first)
            return matadd(*terms)
        terms = [self.as_scalar(t) for t in terms]
        if any(is_matrix(t) for t in terms):  # scalar + matrix: built as written, reported by the shape checker
            return Basic.__new__(Add, *terms)
        return Add(*terms, evaluate=False)

    def mul(self, factors: list):
        if len(factors) == 1:
            return factors[0]
        matrices = [f for f in factors if is_matrix(f)]
        if not matrices:
            return Mul(*factors, evaluate=False)
        current = None
        for factor in matrices:
            shape = self.shape(factor)
            if current is not None and not self._one_by_one(current) and not self._one_by_one(shape):
                self.unify(current[1], shape[0], allow_one=False)
                shape = self.shape(factor)
            current = shape if current is None or self._one_by_one(current) else (
                current if self._one_by_one(shape) else (current[0], shape[1]))
        return matmul(*factors)

    def hadamard(self, left, right):
        if not (is_matrix(left) and is_matrix(right)):
            return self.mul([left, right])
        self.unify_shapes(self.shape(left), self.shape(right))
        return hadamard(left, right)

    def div(self, num, den):
        if isinstance(num, sympy.Integer) and isinstance(den, sympy.Integer) and den != 0:
            return Rational(num, den)
        if is_matrix(den) and not self._one_by_one(self.shape(den)):
            raise SemanticError("division by a matrix: write a product with its inverse, ^{-1}")
        recip = Pow(self.as_scalar(den), S.NegativeOne, evaluate=False)
        if num == 1:
            return recip
        return matmul(num, recip) if is_matrix(num) else Mul(num, recip, evaluate=False)

    def power(self, base, exponent):
        if is_matrix(exponent):
            raise SemanticError("an exponent must be a scalar")
        base = self.as_scalar(base)
        if is_matrix(base):
            if exponent == -1:
                return Inverse(base)
            if exponent == 1:
                return base
            return MatPow(base, exponent)
        return Pow(base, exponent, evaluate=False)

    def sqrt(self, expr, index=None):
        if is_matrix(expr) and not self._one_by_one(self.shape(expr)):
            raise Unsupported("the square root of a matrix")
        expr = self.as_scalar(expr)
        return Pow(expr, S.Half if index is None else Pow(index, -1, evaluate=False), evaluate=False)

    def transpose(self, expr):
        return Transpose(expr) if is_matrix(expr) else expr

    def inverse(self, expr):
        return Inverse(expr) if is_matrix(expr) else Pow(expr, S.NegativeOne, evaluate=False)

    # ------------------------------------------------------------ functions and operators
    def trace(self, expr):
        return Trace(expr) if is_matrix(expr) else expr  # the trace of a scalar is the scalar

    def det(self, expr):
        return Determinant(expr) if is_matrix(expr) else expr

    def scalar_function(self, name: str, args: list):
        if len(args) != 1:
            raise SemanticError(f"\\{name} takes one argument")
        self._require_scalar(args[0], f"\\{name}")
        return SCALAR_FUNCTIONS[name](self.as_scalar(args[0]), evaluate=False)

    def log(self, arg, base=None):
        self._require_scalar(arg, "\\log")
        arg = self.as_scalar(arg)
        if base is None:
            return sympy.log(arg, evaluate=False)
        return Mul(sympy.log(arg, evaluate=False), Pow(sympy.log(base, evaluate=False), -1, evaluate=False),
                   evaluate=False)

    def relu(self, arg):
        self._require_scalar(arg, "ReLU")
        return Max(S.Zero, self.as_scalar(arg), evaluate=False)

    def extremum(self, which: str, args: list):
        for arg in args:
            self._require_scalar(arg, f"\\{which}")
        if len(args) < 2:
            raise SemanticError(f"\\{which}(...) needs at least two arguments (\\{which}_w f is not supported)")
        return (Max if which == "max" else Min)(*[self.as_scalar(a) for a in args], evaluate=False)

    def abs(self, expr):
        if is_matrix(expr) and not self._one_by_one(self.shape(expr)):
            raise Unsupported("|A| of a matrix is ambiguous: write \\det(A) or a norm")
        return Abs(self.as_scalar(expr), evaluate=False)

    def norm_squared(self, expr, sub: str):
        """‖v‖² = tr(vᵀv) (1×1), ‖A‖_F² = tr(AᵀA), ‖s‖² = s² for a scalar (as symcheck.constructs.sqnorm)."""
        sub = sub.strip("{}")
        if not is_matrix(expr):
            if sub not in ("", "2", "1", "F", "\\infty"):
                raise Unsupported(f"the norm ‖·‖_{sub}")
            return Pow(expr, 2, evaluate=False)
        rows, cols = self.shape(expr)
        vector = rows == 1 or cols == 1
        if sub == "F" or (vector and sub in ("", "2")):
            inner = matmul(expr, Transpose(expr)) if rows == 1 and cols != 1 else matmul(Transpose(expr), expr)
            return Trace(inner)
        if sub in ("", "2"):
            raise Unsupported("the spectral norm ‖A‖₂ of a matrix (write ‖A‖_F for the Frobenius norm)")
        raise Unsupported(f"the norm ‖·‖_{sub}")

    def norm(self, expr, sub: str):
        squared = self.norm_squared(expr, sub)
        if not is_matrix(expr):
            return Abs(expr, evaluate=False)
        return Pow(squared, S.Half, evaluate=False)

    def inner(self, left, right):
        if is_matrix(left):
            return Trace(matmul(Transpose(left), right))
        return Mul(left, right, evaluate=False)

    def indicator(self, condition):
        return Piecewise((S.One, condition), (S.Zero, True), evaluate=False)

    def piecewise(self, pieces: list):
        for value, _ in pieces:
            if is_matrix(value):
                self._require_scalar(value, "a case")
        return Piecewise(*[(self.as_scalar(v), c) for v, c in pieces], evaluate=False)

    def relation(self, lhs, op: str, rhs) -> Relation:
        lhs, rhs = self._zero_for_matrix(lhs, rhs), self._zero_for_matrix(rhs, lhs)
        if is_matrix(lhs) != is_matrix(rhs):  # a 1×1 side compared with a scalar is a scalar
            lhs, rhs = self.as_scalar(lhs), self.as_scalar(rhs)
        if is_matrix(lhs) and is_matrix(rhs):
            self.unify_shapes(self.shape(lhs), self.shape(rhs))
        return Relation(lhs, rhs, op)

    def condition(self, lhs, op: str, rhs):
        lhs, rhs = self.as_scalar(lhs), self.as_scalar(rhs)
        if is_matrix(lhs) or is_matrix(rhs):
            raise SemanticError("a condition must compare scalars")
        return relations.sympy_relational(op, lhs, rhs)

    def _zero_for_matrix(self, side, other):
        """`... = 0` with a matrix on the other side is the zero matrix of that shape."""
        if side == 0 and not is_matrix(side) and is_matrix(other) and not self._one_by_one(self.shape(other)):
            return self.zero()
        return side

    def derivative(self, expr, var, count=1):
        if not isinstance(var, (Symbol, MatrixSymbol)):
            raise SemanticError(f"cannot differentiate by {sympy.sstr(var)}: the variable must be a declared name")
        return Derivative(expr, (var, count), evaluate=False)

    def gradient(self, expr, var):
        """∇_w f is a column like w: the transpose of the numerator-layout derivative for a vector w."""
        deriv = self.derivative(expr, var)
        if is_matrix(var) and not self._one_by_one(self.shape(var)):
            return Transpose(deriv) if self.layout == "numerator" else deriv
        return deriv

    def limit(self, expr, var, point):
        if not isinstance(var, Symbol):
            raise SemanticError("a limit variable must be a scalar name")
        return Limit(expr, var, point)

    def expectation(self, body):
        """E[f] over the declared Gaussian noise (`epsilon: noise n, sd sigma`)."""
        noises = [d for d in self.decls.decls.values() if d.noise_sd is not None]
        if len(noises) != 1:
            raise SemanticError("E[...] needs exactly one declared noise vector, e.g. `epsilon: noise n, sd sigma`"
                                if not noises else "E[...] with several declared noise vectors is ambiguous")
        noise = noises[0]
        sd = self.decls.symbol(noise.noise_sd) or Symbol(noise.noise_sd, positive=True)
        return self.external("expectation", body, self.decls.symbol(noise.name), sd)

    def external(self, which: str, *args):
        """E[·] and argmin come from symcheck.constructs (when it provides them)."""
        try:
            from .. import constructs
        except Exception:  # the module may not exist or may be mid-edit by its owner
            constructs = None
        for attr in EXTERNAL_CONSTRUCTS[which]:
            builder = getattr(constructs, attr, None)
            if builder is not None and callable(builder):
                try:
                    return builder(*args)
                except (TypeError, ValueError) as exc:  # the construct refused its arguments
                    raise SemanticError(f"{which}: {exc}") from None
        raise Unsupported(f"{which} is recognised but not yet supported (symcheck.constructs has no "
                          f"{EXTERNAL_CONSTRUCTS[which][0]})")

    def matrix(self, rows: list):
        """An explicit matrix of scalars, or a BlockMatrix when some entry is a matrix."""
        width = len(rows[0])
        if any(len(r) != width for r in rows):
            raise SemanticError("the rows of this matrix have different numbers of entries")
        if not any(is_matrix(e) for r in rows for e in r):
            return ImmutableMatrix(rows)
        if len(rows) == 1 and width == 1:
            return rows[0][0]
        blocks = [[self._block(e) for e in r] for r in rows]
        for r in blocks:
            for e in r[1:]:
                self.unify(self.shape(r[0])[0], self.shape(e)[0])
        for j in range(width):
            for r in blocks[1:]:
                self.unify(self.shape(blocks[0][j])[1], self.shape(r[j])[1])
        return make_block_matrix(blocks)

    def _block(self, entry):
        if is_matrix(entry):
            return entry
        if entry == 0:
            return self.zero()
        raise SemanticError(f"the scalar {sympy.sstr(entry)} cannot be a block next to matrices "
                            f"(write it as a matrix, e.g. {sympy.sstr(entry)} I_n)")

    def _require_scalar(self, expr, where: str):
        if is_matrix(expr) and not self._one_by_one(self.shape(expr)):
            raise SemanticError(f"{where} of a matrix ({sympy.sstr(expr)}) is not supported")

    # ------------------------------------------------------------ finishing
    def finish(self, *exprs):
        """Replace every placeholder size by what unification found; complain about the rest."""
        unresolved = []
        for size, what in self.placeholders.items():
            value = self.resolve(size)
            if value.free_symbols & set(self.placeholders):
                if what == "identity" and self.decls.identity_size is not None:
                    self.bind[size] = self.decls.identity_size
                else:
                    unresolved.append(what)
        if unresolved:
            what = unresolved[0]
            hint = {"identity": "write I_n", "zero": "write 0_n or \\mathbf{0}_n",
                    "ones": "write \\mathbf{1}_n"}[what]
            raise SemanticError(f"cannot tell the size of {'I' if what == 'identity' else what} here ({hint})")
        mapping = {size: self.resolve(size) for size in self.placeholders}
        return [rebuild(e, mapping) if mapping else e for e in exprs]


def matmul(*factors):
    """MatMul(*factors) as written, without SymPy's size validation (the shape checker reports mismatches)."""
    factors = [f for f in factors if f != 1]
    if not any(is_matrix(f) for f in factors):
        return Mul(*factors, evaluate=False) if len(factors) > 1 else (factors[0] if factors else S.One)
    return Basic.__new__(MatMul, *factors) if len(factors) > 1 else factors[0]


def matadd(*terms):
    return Basic.__new__(MatAdd, *terms)


def hadamard(*factors):
    return Basic.__new__(HadamardProduct, *factors)


def make_block_matrix(blocks: list) -> BlockMatrix:
    """A BlockMatrix built without SymPy's size validation (mismatches are the shape checker's)."""
    return Basic.__new__(BlockMatrix, ImmutableMatrix(blocks, evaluate=False))


def rebuild(expr, mapping: dict):
    """`expr` with sizes replaced, rebuilt node by node without evaluating anything."""
    if not isinstance(expr, Basic) or not expr.args and not isinstance(expr, sympy.MatrixBase):
        return mapping.get(expr, expr)
    if isinstance(expr, sympy.MatrixBase):
        rows = [[rebuild(expr[i, j], mapping) for j in range(expr.cols)] for i in range(expr.rows)]
        return ImmutableMatrix(rows, evaluate=False) if any(is_matrix(e) for r in rows for e in r) \
            else ImmutableMatrix(rows)
    if isinstance(expr, BlockMatrix):
        blocks = expr.blocks
        return make_block_matrix([[rebuild(blocks[i, j], mapping) for j in range(blocks.cols)]
                                  for i in range(blocks.rows)])
    args = [rebuild(a, mapping) for a in expr.args]
    if all(a is b for a, b in zip(args, expr.args)):
        return expr
    if isinstance(expr, MatMul):
        return matmul(*args)
    if isinstance(expr, MatAdd):
        return matadd(*args)
    if isinstance(expr, HadamardProduct):
        return hadamard(*args)
    if isinstance(expr, (Identity, ZeroMatrix, OneMatrix, Transpose, Inverse, MatPow, Trace, Determinant,
                         MatrixSymbol)):
        return expr.func(*args)
    try:
        return expr.func(*args, evaluate=False)
    except TypeError:
        return expr.func(*args)


__all__ = ["Builder", "Relation", "SemanticError", "Unsupported", "is_matrix", "rebuild", "make_block_matrix"]
