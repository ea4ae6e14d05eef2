"""Building SymPy objects for what the parser read: the matrix-aware layer the plain parsers lack.

The parser calls one `SympyBuilder` method per construct; only SymPy classes listed here
are ever built (an allowlist), always unevaluated, so nothing huge is computed and the
echo shows what was written. Products keep their order (`MatMul`), and shapes are *not*
validated here: a product the shapes forbid is built as written (`constructors.py`) and
reported later by `symcheck.model.shapes` as ill-typed.

`I` and `0` without a size get a placeholder size that `sizing.SizeInference` unifies
with their neighbours and replaces at the end (`finish`).
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy
from sympy import (Abs, Add, Basic, Derivative, Determinant, Dummy, Identity, ImmutableMatrix, Inverse, Limit,
                   MatPow, MatrixSymbol, Max, Min, Mul, OneMatrix, Piecewise, Pow, Rational, S, Symbol, Trace,
                   Transpose, ZeroMatrix)

from ..model import relations
from .constructors import hadamard, is_matrix, make_block_matrix, matadd, matmul
from .errors import BuildError, NotRepresentable
from .names import NameRef
from .scope import Decl, Declarations
from .sizing import SizeInference
from .words import SCALAR_FUNCTIONS

# Constructs that another module may provide (symcheck.constructs): our name -> candidate attributes.
EXTERNAL_CONSTRUCTS = {"expectation": ("expectation", "Expectation"),
                       "argmin": ("ArgMin", "Argmin", "argmin"), "argmax": ("ArgMax", "Argmax", "argmax")}


class ArbitraryConstant(Dummy):
    """`+ \\text{const}` or `+ C`: a term that does not depend on the variable of interest (each one its own)."""

    def __new__(cls, name: str = "const"):
        return Dummy.__new__(cls, name, real=True)

    def _sympystr(self, printer) -> str:
        return "const"

    def _latex(self, printer) -> str:
        return r"\text{const}"


class Density(sympy.Function):
    """p(a, ... | b, ...): the value of a declared density at its outcomes given its conditions (a positive real).

    Its arguments are the density's name (a `Str`), the outcomes and the conditions (`Tuple`s).
    Nothing is ever evaluated; the verifier rewrites or abstracts it before any engine sees it.
    """

    @classmethod
    def eval(cls, *args):
        return None

    def _eval_is_real(self):
        return True

    def _eval_is_positive(self):
        return True

    def _eval_is_finite(self):
        return True

    @property
    def density_name(self) -> str:
        """The declared name of the density (p)."""
        return self.args[0].name

    @property
    def outcomes(self) -> tuple:
        """What the density is of: w in p(w | D)."""
        return tuple(self.args[1])

    @property
    def conditions(self) -> tuple:
        """What it is conditioned on: D in p(w | D) (empty for a marginal)."""
        return tuple(self.args[2])

    def _sympystr(self, printer) -> str:
        inner = ", ".join(printer._print(a) for a in self.outcomes)
        given = ", ".join(printer._print(a) for a in self.conditions)
        return f"{self.density_name}({inner} | {given})" if given else f"{self.density_name}({inner})"

    def _latex(self, printer) -> str:
        inner = ", ".join(printer._print(a) for a in self.outcomes)
        given = ", ".join(printer._print(a) for a in self.conditions)
        return f"{self.density_name}({inner} \\mid {given})" if given else f"{self.density_name}({inner})"


@dataclass(frozen=True)
class Relation:
    """`lhs relation rhs` with `relation` in the Claim vocabulary (==, !=, <, <=, >, >=)."""
    lhs: Basic
    rhs: Basic
    relation: str

    def as_sympy(self) -> Basic:
        """The relation as a SymPy relational (`Eq`, `LessThan`, ...), unevaluated."""
        return relations.sympy_relational(self.relation, self.lhs, self.rhs)


class SympyBuilder:
    """Builds the SymPy object of each construct the parser reads, against the declarations."""

    def __init__(self, decls: Declarations, auto_declare: str | None = None, layout: str = "numerator",
                 sizes: SizeInference | None = None, constants: bool = False):
        self.decls = decls
        self.auto_declare = auto_declare     # None, 'scalar' or 'dimension'
        self.layout = layout
        self.constants = constants           # `\text{const}` and an undeclared C are unknown constants
        self.sizes = sizes if sizes is not None else SizeInference(layout)
        self.auto_declared: set = set()

    # ------------------------------------------------------------ sizes
    def shape(self, expr) -> tuple:
        """A lenient shape (placeholders allowed), only to size I and 0 and to spot 1×1 values."""
        return self.sizes.shape(expr)

    def _one_by_one(self, shape) -> bool:
        return self.sizes.one_by_one(shape)

    def as_scalar(self, expr):
        """A 1×1 matrix expression used as a scalar becomes tr(·) (exact, and the form claim files use)."""
        if is_matrix(expr) and not isinstance(expr, sympy.MatrixBase) and self._one_by_one(self.shape(expr)):
            return Trace(expr)
        return expr

    # ------------------------------------------------------------ atoms
    def number(self, text: str):
        """A decimal or integer literal as an exact Integer or Rational (3.25 is 13/4)."""
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
        if self.constants and ref.text == "C":
            return self.constant()
        if self.auto_declare == "dimension":
            return self.decls.dims.setdefault(ref.text, Symbol(ref.text, integer=True, positive=True))
        if self.auto_declare == "scalar":
            self.auto_declared.add(ref.text)
            return Symbol(ref.text, real=True)
        raise BuildError(f"undeclared symbol {ref.text} (declare it, e.g. `{ref.text}: scalar`)")

    def _from_decl(self, decl: Decl, ref: NameRef):
        if decl.kind == "identity":
            return self.identity(decl.rows)
        if decl.kind in ("function", "density"):
            raise BuildError(f"{decl.name} is declared a {decl.kind}: write {decl.name}(...)")
        return self.decls.symbol(decl.name)

    def _inherit(self, decl: Decl, ref: NameRef):
        """w_t, \\hat{w}, w^{(k)}: a new symbol of the same kind and shape as w (no sign assumption)."""
        if decl.kind == "matrix":
            return MatrixSymbol(ref.text, decl.rows, decl.cols)
        return Symbol(ref.text, real=True, integer=True) if decl.integer else Symbol(ref.text, real=True)

    def constant(self):
        """An unknown additive constant (`+ \\text{const}`, `+ C`); refused unless the caller allows constants."""
        if not self.constants:
            raise BuildError("an unknown constant (+ const) is only read in a derivation: "
                             "declare its variable of interest (`variable: w`)")
        return ArbitraryConstant()

    def density(self, ref: NameRef, outcomes: list, conditions: list):
        """p(a | b) of a declared density: a positive scalar that depends on its outcomes and conditions."""
        for arg in (*outcomes, *conditions):
            if not isinstance(arg, Basic):
                raise BuildError(f"{ref.text}(...) takes expressions")
        return Density(sympy.core.symbol.Str(ref.text), sympy.Tuple(*outcomes), sympy.Tuple(*conditions))

    def function(self, ref: NameRef, args: list):
        """A declared function applied to its arguments, f(x)."""
        cls = self.decls.symbol(ref.text)
        if not isinstance(cls, sympy.core.function.FunctionClass):
            raise BuildError(f"{ref.text} is not declared a function")
        return cls(*args, evaluate=False)

    def function_derivative(self, ref: NameRef, args: list):
        """f'(x) for a declared function of one argument: d f(t)/dt at t = x."""
        if len(args) != 1:
            raise BuildError(f"{ref.text}' needs exactly one argument")
        t = Dummy("t", real=True)
        return sympy.Subs(Derivative(self.function(ref, [t]), t), t, args[0])

    def identity(self, size):
        """The identity of the given size, or of a placeholder size inferred later."""
        return Identity(size if size is not None else self.sizes.new_size("identity"))

    def zero(self, rows=None, cols=None):
        """A zero matrix; missing sizes are placeholders inferred later."""
        return ZeroMatrix(rows if rows is not None else self.sizes.new_size("zero"),
                          cols if cols is not None else self.sizes.new_size("zero"))

    def ones(self, rows=None, cols=None):
        """A matrix of ones; missing sizes are placeholders inferred later."""
        return OneMatrix(rows if rows is not None else self.sizes.new_size("ones"),
                         cols if cols is not None else self.sizes.new_size("ones"))

    # ------------------------------------------------------------ arithmetic
    def neg(self, expr):
        """The negation -expr (a number is negated at once)."""
        if isinstance(expr, sympy.Number):
            return -expr
        if is_matrix(expr):
            return matmul(S.NegativeOne, expr)
        return Mul(S.NegativeOne, expr, evaluate=False)

    def add(self, terms: list):
        """A sum as written; matrix terms unify their placeholder sizes."""
        if len(terms) == 1:
            return terms[0]
        matrices = [t for t in terms if is_matrix(t)]
        if matrices and len(matrices) == len(terms):
            first = self.shape(matrices[0])
            for term in matrices[1:]:
                self.sizes.unify_shapes(first, self.shape(term))
                first = self.shape(matrices[0])
            for term in matrices[1:]:
                self.sizes.unify_shapes(self.shape(term), first)
            return matadd(*terms)
        terms = [self.as_scalar(t) for t in terms]
        if any(is_matrix(t) for t in terms):  # scalar + matrix: built as written, reported by the shape checker
            return Basic.__new__(Add, *terms)
        return Add(*terms, evaluate=False)

    def mul(self, factors: list):
        """A product in the order written; adjacent matrix factors unify their inner sizes."""
        if len(factors) == 1:
            return factors[0]
        matrices = [f for f in factors if is_matrix(f)]
        if not matrices:
            return Mul(*factors, evaluate=False)
        current = None
        for factor in matrices:
            shape = self.shape(factor)
            if current is not None and not self._one_by_one(current) and not self._one_by_one(shape):
                self.sizes.unify(current[1], shape[0], allow_one=False)
                shape = self.shape(factor)
            current = shape if current is None or self._one_by_one(current) else (
                current if self._one_by_one(shape) else (current[0], shape[1]))
        return matmul(*factors)

    def hadamard(self, left, right):
        """The entrywise product (a plain product when a side is a scalar)."""
        if not (is_matrix(left) and is_matrix(right)):
            return self.mul([left, right])
        self.sizes.unify_shapes(self.shape(left), self.shape(right))
        return hadamard(left, right)

    def div(self, num, den):
        """num / den for a scalar (or 1×1) denominator; a matrix denominator is refused."""
        if isinstance(num, sympy.Integer) and isinstance(den, sympy.Integer) and den != 0:
            return Rational(num, den)
        if is_matrix(den) and not self._one_by_one(self.shape(den)):
            raise BuildError("division by a matrix: write a product with its inverse, ^{-1}")
        recip = Pow(self.as_scalar(den), S.NegativeOne, evaluate=False)
        if num == 1:
            return recip
        return matmul(num, recip) if is_matrix(num) else Mul(num, recip, evaluate=False)

    def power(self, base, exponent):
        """base^exponent: Inverse for a matrix to the -1, MatPow otherwise, Pow for scalars."""
        if is_matrix(exponent):
            raise BuildError("an exponent must be a scalar")
        base = self.as_scalar(base)
        if is_matrix(base):
            if exponent == -1:
                return Inverse(base)
            if exponent == 1:
                return base
            return MatPow(base, exponent)
        return Pow(base, exponent, evaluate=False)

    def sqrt(self, expr, index=None):
        """The square (or index-th) root of a scalar."""
        if is_matrix(expr) and not self._one_by_one(self.shape(expr)):
            raise NotRepresentable("the square root of a matrix")
        expr = self.as_scalar(expr)
        return Pow(expr, S.Half if index is None else Pow(index, -1, evaluate=False), evaluate=False)

    def transpose(self, expr):
        """The transpose of a matrix; a scalar is its own transpose, but `0^T` is a zero row (sized by its context)."""
        if is_matrix(expr):
            return Transpose(expr)
        if isinstance(expr, sympy.Integer) and expr == 0:   # the zero row 0ᵀ: a zero matrix, never the scalar 0
            return self.zero()
        return expr

    def inverse(self, expr):
        """The inverse of a matrix, or 1/x of a scalar."""
        return Inverse(expr) if is_matrix(expr) else Pow(expr, S.NegativeOne, evaluate=False)

    # ------------------------------------------------------------ functions and operators
    def trace(self, expr):
        """The trace of a matrix; the trace of a scalar is the scalar."""
        return Trace(expr) if is_matrix(expr) else expr  # the trace of a scalar is the scalar

    def det(self, expr):
        """The determinant of a matrix; of a scalar, the scalar."""
        return Determinant(expr) if is_matrix(expr) else expr

    def scalar_function(self, name: str, args: list):
        """An elementary function (exp, sin, ...) of one scalar argument."""
        if len(args) != 1:
            raise BuildError(f"\\{name} takes one argument")
        self._require_scalar(args[0], f"\\{name}")
        return SCALAR_FUNCTIONS[name](self.as_scalar(args[0]), evaluate=False)

    def log(self, arg, base=None):
        """The natural logarithm, or the logarithm to `base` as log(arg)/log(base)."""
        self._require_scalar(arg, "\\log")
        arg = self.as_scalar(arg)
        if base is None:
            return sympy.log(arg, evaluate=False)
        return Mul(sympy.log(arg, evaluate=False), Pow(sympy.log(base, evaluate=False), -1, evaluate=False),
                   evaluate=False)

    def relu(self, arg):
        """ReLU(x) = max(0, x)."""
        self._require_scalar(arg, "ReLU")
        return Max(S.Zero, self.as_scalar(arg), evaluate=False)

    def extremum(self, which: str, args: list):
        """max(a, b, ...) or min(a, b, ...) of scalars."""
        for arg in args:
            self._require_scalar(arg, f"\\{which}")
        if len(args) < 2:
            raise BuildError(f"\\{which}(...) needs at least two arguments (\\{which}_w f is not supported)")
        return (Max if which == "max" else Min)(*[self.as_scalar(a) for a in args], evaluate=False)

    def abs(self, expr):
        """|x| of a scalar; |A| of a matrix is refused as ambiguous."""
        if is_matrix(expr) and not self._one_by_one(self.shape(expr)):
            raise NotRepresentable("|A| of a matrix is ambiguous: write \\det(A) or a norm")
        return Abs(self.as_scalar(expr), evaluate=False)

    def norm_squared(self, expr, sub: str):
        """‖v‖² = tr(vᵀv) (1×1), ‖A‖_F² = tr(AᵀA), ‖s‖² = s² for a scalar (as symcheck.constructs.sqnorm)."""
        sub = sub.strip("{}")
        if not is_matrix(expr):
            if sub not in ("", "2", "1", "F", "\\infty"):
                raise NotRepresentable(f"the norm ‖·‖_{sub}")
            return Pow(expr, 2, evaluate=False)
        rows, cols = self.shape(expr)
        vector = rows == 1 or cols == 1
        if sub == "F" or (vector and sub in ("", "2")):
            inner = matmul(expr, Transpose(expr)) if rows == 1 and cols != 1 else matmul(Transpose(expr), expr)
            return Trace(inner)
        if sub in ("", "2"):
            raise NotRepresentable("the spectral norm ‖A‖₂ of a matrix (write ‖A‖_F for the Frobenius norm)")
        raise NotRepresentable(f"the norm ‖·‖_{sub}")

    def norm(self, expr, sub: str):
        """‖v‖, ‖v‖₂, ‖A‖_F as the square root of the squared norm; |s| for a scalar."""
        squared = self.norm_squared(expr, sub)
        if not is_matrix(expr):
            return Abs(expr, evaluate=False)
        return Pow(squared, S.Half, evaluate=False)

    def inner(self, left, right):
        """⟨u, v⟩ = tr(uᵀv) for matrices and vectors, the product for scalars."""
        if is_matrix(left):
            return Trace(matmul(Transpose(left), right))
        return Mul(left, right, evaluate=False)

    def indicator(self, condition):
        """𝟙[c] as Piecewise((1, c), (0, True))."""
        return Piecewise((S.One, condition), (S.Zero, True), evaluate=False)

    def piecewise(self, pieces: list):
        """A cases environment as Piecewise (values must be scalars)."""
        for value, _ in pieces:
            if is_matrix(value):
                self._require_scalar(value, "a case")
        return Piecewise(*[(self.as_scalar(v), c) for v, c in pieces], evaluate=False)

    def relation(self, lhs, op: str, rhs) -> Relation:
        """lhs op rhs, with a plain 0 against a matrix read as the zero of its shape."""
        lhs, rhs = self._zero_for_matrix(lhs, rhs), self._zero_for_matrix(rhs, lhs)
        self.same_shape(lhs, rhs)
        if is_matrix(lhs) != is_matrix(rhs):  # a 1×1 side compared with a scalar is a scalar
            lhs, rhs = self.as_scalar(lhs), self.as_scalar(rhs)
        return Relation(lhs, rhs, op)

    def same_shape(self, left, right) -> None:
        """Two sides of a relation have one shape: unify their sizes (a scalar side says nothing about sizes)."""
        if is_matrix(left) and is_matrix(right):
            self.sizes.unify_shapes(self.shape(left), self.shape(right))

    def condition(self, lhs, op: str, rhs):
        """A condition between scalars (of an indicator or a case) as a SymPy relational."""
        lhs, rhs = self.as_scalar(lhs), self.as_scalar(rhs)
        if is_matrix(lhs) or is_matrix(rhs):
            raise BuildError("a condition must compare scalars")
        return relations.sympy_relational(op, lhs, rhs)

    def _zero_for_matrix(self, side, other):
        """`... = 0` with a matrix on the other side is the zero matrix of that shape."""
        if side == 0 and not is_matrix(side) and is_matrix(other) and not self._one_by_one(self.shape(other)):
            return self.zero()
        return side

    def derivative(self, expr, var, count=1):
        """The derivative of expr by a declared name, `count` times."""
        if not isinstance(var, (Symbol, MatrixSymbol)):
            raise BuildError(f"cannot differentiate by {sympy.sstr(var)}: the variable must be a declared name")
        return Derivative(expr, (var, count), evaluate=False)

    def gradient(self, expr, var):
        """∇_w f is a column like w: the transpose of the numerator-layout derivative for a vector w."""
        deriv = self.derivative(expr, var)
        if is_matrix(var) and not self._one_by_one(self.shape(var)):
            return Transpose(deriv) if self.layout == "numerator" else deriv
        return deriv

    def limit(self, expr, var, point):
        """The limit of expr as the scalar var tends to point."""
        if not isinstance(var, Symbol):
            raise BuildError("a limit variable must be a scalar name")
        return Limit(expr, var, point)

    def expectation(self, body):
        """E[f] over the declared Gaussian noise (`epsilon: noise n, sd sigma`)."""
        noises = [d for d in self.decls.decls.values() if d.noise_sd is not None]
        if len(noises) != 1:
            raise BuildError("E[...] needs exactly one declared noise vector, e.g. `epsilon: noise n, sd sigma`"
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
                    raise BuildError(f"{which}: {exc}") from None
        raise NotRepresentable(f"{which} is recognised but not yet supported (symcheck.constructs has no "
                          f"{EXTERNAL_CONSTRUCTS[which][0]})")

    def matrix(self, rows: list):
        """An explicit matrix of scalars, or a BlockMatrix when some entry is a matrix."""
        width = len(rows[0])
        if any(len(r) != width for r in rows):
            raise BuildError("the rows of this matrix have different numbers of entries")
        if not any(is_matrix(e) for r in rows for e in r):
            return ImmutableMatrix(rows)
        if len(rows) == 1 and width == 1:
            return rows[0][0]
        blocks = [[self._block(e) for e in r] for r in rows]
        for r in blocks:
            for e in r[1:]:
                self.sizes.unify(self.shape(r[0])[0], self.shape(e)[0])
        for j in range(width):
            for r in blocks[1:]:
                self.sizes.unify(self.shape(blocks[0][j])[1], self.shape(r[j])[1])
        return make_block_matrix(blocks)

    def _block(self, entry):
        if is_matrix(entry):
            return entry
        if entry == 0:
            return self.zero()
        raise BuildError(f"the scalar {sympy.sstr(entry)} cannot be a block next to matrices "
                            f"(write it as a matrix, e.g. {sympy.sstr(entry)} I_n)")

    def _require_scalar(self, expr, where: str):
        if is_matrix(expr) and not self._one_by_one(self.shape(expr)):
            raise BuildError(f"{where} of a matrix ({sympy.sstr(expr)}) is not supported")

    # ------------------------------------------------------------ finishing
    def finish(self, *exprs):
        """Replace every placeholder size by what unification found; complain about the rest."""
        return self.sizes.finish(exprs, self.decls.identity_size)


__all__ = ["SympyBuilder", "Relation", "EXTERNAL_CONSTRUCTS", "ArbitraryConstant", "Density"]
