"""Exact values on an instance: conversions to `DomainMatrix` and the linear algebra on them.

Owns what every evaluation rule shares: matrices as dense `DomainMatrix` over an exact
field (`to_domain_matrix`, back with `to_sympy`), 1×1 values read as scalars (`as_scalar`,
`as_matrix`), products, sums and scaling over unified domains, exact equality
(`matrices_equal`), the evaluator's test that a value is a finite real (`checked_scalar`),
inverses (`invert`, `Undefined` when singular), integer matrix powers, real powers of numbers
(`power`), and signs decided exactly (`sign_or_undecided`).

While differentiating, a scalar that is a rational function of the fresh symbols can stay in its
domain as a *formal scalar* (a `DomainScalar` over QQ[x…] or QQ(x…), `formal_domain`): sums and
products of such scalars are formed there (`formal_combine`) instead of as SymPy expressions read
back into a domain at every step. `plain` gives the SymPy expression a formal scalar stands for.
"""
from __future__ import annotations

import sympy
from sympy.polys.matrices import DomainMatrix
from sympy.polys.matrices.domainscalar import DomainScalar
from sympy.polys.matrices.exceptions import DMError, DMNonInvertibleMatrixError

from .errors import NotEvaluable, Undecided, Undefined
from .exact import sign_of


def exact_domain(domain) -> bool:
    """Domains whose zero test is exact for the numbers they represent."""
    return domain.is_QQ or domain.is_ZZ or domain.is_AlgebraicField


def to_domain_matrix(matrix) -> DomainMatrix:
    """Exact entries -> a dense DomainMatrix over a field (algebraic numbers as QQ<a>)."""
    rep = getattr(matrix, "_rep", None)
    if isinstance(rep, DomainMatrix) and (rep.domain.is_QQ or rep.domain.is_ZZ):
        return rep.convert_to(sympy.QQ).to_dense()  # SymPy already holds rationals as QQ: no parsing
    matrix = sympy.Matrix(matrix)
    rows, cols = matrix.shape
    for entry in matrix:
        if isinstance(entry, sympy.Float) or entry.has(sympy.Float):
            raise NotEvaluable("floating-point entries are not exact")
    try:
        dm = DomainMatrix.from_list_sympy(rows, cols, matrix.tolist(), extension=True)
    except Exception:  # a field extension SymPy cannot build: fall back to expressions
        dm = DomainMatrix.from_list_sympy(rows, cols, matrix.tolist())
    # Numbers live in a field (QQ, QQ<a>); polynomials in fresh symbols stay in a ring, which
    # multiplies much faster; `invert` moves to the fraction field when it must.
    if dm.domain.is_ZZ or dm.domain.is_Numerical:
        dm = dm.to_field()
    return dm.to_dense()


def checked_scalar(value):
    """Real, finite values only (a truth value passes): anything else means the expression is undefined here."""
    if isinstance(value, (sympy.logic.boolalg.BooleanAtom, sympy.Rational)):  # a rational is finite, real, exact
        return value
    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo, sympy.I):
        raise Undefined(f"{value} is not a finite real number")
    if value.has(sympy.Float):
        raise NotEvaluable("floating-point numbers are not exact")
    return value


def scalar_matrix(value) -> DomainMatrix:
    """A scalar as a 1×1 DomainMatrix."""
    if isinstance(value, sympy.Rational):  # the common case, without re-reading the number
        return DomainMatrix([[sympy.QQ.from_sympy(value)]], (1, 1), sympy.QQ).to_dense()
    return to_domain_matrix([[value]])


def to_sympy(value):
    """The public form of an internal value: scalars as SymPy numbers, matrices immutable; 1×1 is a scalar."""
    if isinstance(value, DomainScalar):
        return value.to_sympy()
    if isinstance(value, DomainMatrix):
        if value.shape == (1, 1):
            return value.getitem_sympy(0, 0)
        if value.domain.is_QQ or value.domain.is_ZZ:
            return sympy.ImmutableMatrix._fromrep(value.convert_to(sympy.QQ).to_sparse())
        return sympy.ImmutableMatrix(value.to_Matrix())
    return value


def entries(value: DomainMatrix) -> list:
    """The entries of a matrix, row by row, as SymPy values."""
    return [value.getitem_sympy(i, j) for i in range(value.shape[0]) for j in range(value.shape[1])]


def formal_domain(K) -> bool:
    """Polynomials or rational functions over QQ (or ZZ) in plain symbols: the domain of a value while
    differentiating by fresh symbols."""
    return bool((K.is_PolynomialRing or K.is_FractionField) and (K.dom.is_QQ or K.dom.is_ZZ)
                and all(g.is_Symbol for g in K.symbols))


def formal_operand(value) -> tuple | None:
    """(domain, element) of a value that can join formal arithmetic (a formal scalar, a 1×1 matrix over a
    formal domain, or a rational number); None for anything else."""
    if isinstance(value, DomainScalar):
        return value.domain, value.element
    if isinstance(value, DomainMatrix) and value.shape == (1, 1) and formal_domain(value.domain):
        return value.domain, value.rep.getitem(0, 0)
    if isinstance(value, sympy.Rational):
        return sympy.QQ, sympy.QQ.from_sympy(value)
    return None


def is_formal(value) -> bool:
    """A formal scalar or a 1×1 matrix over a formal domain."""
    operand = formal_operand(value)
    return operand is not None and formal_domain(operand[0])


def formal_combine(values: list, multiply: bool) -> DomainScalar | None:
    """The sum (or product) of the values as a formal scalar, formed in their common domain; None unless
    every value is a formal operand and one of them is formal."""
    operands = [formal_operand(v) for v in values]
    if any(o is None for o in operands) or not any(formal_domain(K) for K, _ in operands):
        return None
    K = operands[0][0]
    for L, _ in operands[1:]:
        K = K.unify(L)
    total = K.one if multiply else K.zero
    for L, element in operands:
        element = K.convert_from(element, L)
        total = total * element if multiply else total + element
    return DomainScalar(total, K)


def plain(value):
    """A formal scalar as the SymPy expression it stands for; any other value unchanged."""
    if isinstance(value, DomainScalar):
        return checked_scalar(value.to_sympy())
    return value


def scale(matrix: DomainMatrix, scalar) -> DomainMatrix:
    """scalar·matrix, in a domain that holds both."""
    if scalar == 1:
        return matrix
    if scalar.is_Rational and (matrix.domain.is_QQ or matrix.domain.is_ZZ):
        return (matrix.to_field() * matrix.domain.get_field().from_sympy(scalar)).to_dense()
    K, [element] = sympy.polys.constructor.construct_domain([scalar], extension=True)
    return (matrix * DomainScalar(element, K)).to_dense()  # scaling by 0 comes back sparse


def unify(a: DomainMatrix, b: DomainMatrix) -> tuple:
    """The two matrices over one common domain (through SymPy expressions when the domains do not unify)."""
    try:
        return a.unify(b, fmt="dense")
    except (DMError, sympy.polys.polyerrors.UnificationFailed, NotImplementedError):
        rows_a, rows_b = a.to_Matrix(), b.to_Matrix()
        return (DomainMatrix.from_list_sympy(*a.shape, rows_a.tolist()).to_field(),
                DomainMatrix.from_list_sympy(*b.shape, rows_b.tolist()).to_field())


def matmul(a: DomainMatrix, b: DomainMatrix) -> DomainMatrix:
    """a·b over their common domain (over rational functions of fresh symbols: `_fraction_free_product`)."""
    a, b = unify(a, b)
    if a.domain.is_FractionField and formal_domain(a.domain):
        return _fraction_free_product(a, b)
    return a.matmul(b)


def _fraction_free_product(a: DomainMatrix, b: DomainMatrix) -> DomainMatrix:
    """a·b over QQ(x…) as (Na/da)·(Nb/db) = (Na·Nb)/(da·db): the product of the numerators is formed over the
    polynomial ring, and each entry is put in lowest terms once (not once per multiplication and addition)."""
    K = a.domain
    na, da = _cleared(a)
    nb, db = _cleared(b)
    numerators = na.matmul(nb.convert_to(na.domain))
    return numerators.convert_to(K).scalarmul(K.one / (da * db)).to_dense()


def _cleared(matrix: DomainMatrix) -> tuple:
    """(N, d) with matrix = N/d: N over the polynomial ring, d an element of the field of fractions (1 when
    the matrix is already over the ring)."""
    field = matrix.domain.get_field()
    if not matrix.domain.is_FractionField:
        return matrix, field.one
    den, numerators = matrix.clear_denoms(convert=True)
    return numerators, field.convert_from(den.element, den.domain)


def add(a: DomainMatrix, b: DomainMatrix) -> DomainMatrix:
    """a + b over their common domain; NotEvaluable when the shapes differ."""
    if a.shape != b.shape:
        raise NotEvaluable(f"adding a {a.shape} matrix to a {b.shape} matrix")
    a, b = unify(a, b)
    return a + b


def matrices_equal(a: DomainMatrix, b: DomainMatrix) -> bool | None:
    """Exact entrywise equality; None when some entry cannot be decided."""
    if a.shape != b.shape:
        return False
    a, b = unify(a, b)
    difference = a.sub(b)  # never `==`: on DomainMatrix it also compares storage formats
    if exact_domain(difference.domain):
        return difference.is_zero_matrix
    verdicts = [sign_of(x) for x in entries(difference)]
    if any(v not in (0, None) for v in verdicts):
        return False
    return None if None in verdicts else True


def as_scalar(value):
    """A 1×1 matrix as its entry (a scalar stays itself); NotEvaluable for a bigger matrix."""
    if isinstance(value, DomainMatrix):
        if value.shape != (1, 1):
            raise NotEvaluable(f"a {value.shape[0]}×{value.shape[1]} matrix used as a scalar")
        return value.getitem_sympy(0, 0)
    return value


def as_matrix(value) -> DomainMatrix:
    """A scalar as a 1×1 matrix (a matrix stays itself)."""
    return value if isinstance(value, DomainMatrix) else scalar_matrix(value)


def is_symbolic(value) -> bool:
    """Does the value still contain free symbols (a formal value while differentiating)?"""
    return bool(getattr(value, "free_symbols", None))


def sign_or_undecided(value) -> int:
    """The exact sign -1, 0 or 1 of a number; Undecided when it cannot be decided."""
    s = sign_of(value)
    if s is None:
        raise Undecided(f"cannot decide the sign of {value} exactly")
    return s


def power(base, exp):
    """base**exp for real numbers, refusing 0**negative and non-integer powers of negatives."""
    if is_symbolic(base) or is_symbolic(exp):
        return base ** exp
    if exp.is_Integer:
        if exp < 0 and sign_or_undecided(base) == 0:
            raise Undefined(f"division by zero ({base}**{exp})")
        return base ** exp
    s = sign_or_undecided(base)
    if s < 0:
        raise Undefined(f"{base}**{exp} is not real")
    if s == 0:
        e = sign_or_undecided(exp)
        if e <= 0:
            raise Undefined(f"0**{exp} is undefined")
        return sympy.S.Zero
    return base ** exp


def invert(matrix: DomainMatrix) -> DomainMatrix:
    """The exact inverse, or `Undefined` when the matrix is singular on this instance."""
    rows, cols = matrix.shape
    if rows != cols:
        raise Undefined(f"inverse of a non-square {rows}×{cols} matrix")
    if formal_domain(matrix.domain):
        return _fraction_free_inverse(matrix)
    if not exact_domain(matrix.domain):
        # Another inexact domain (transcendental constants, symbols that are not plain): decide the
        # determinant exactly at this point before trusting the formal inverse.
        det = matrix.domain.to_sympy(matrix.det())
        if not is_symbolic(det) and sign_or_undecided(det) == 0:
            raise Undefined("the matrix to invert is singular")
    try:
        return matrix.to_field().inv()
    except DMNonInvertibleMatrixError:
        raise Undefined("the matrix to invert is singular") from None
    except ZeroDivisionError:
        raise Undefined("the matrix to invert is singular") from None


def _fraction_free_inverse(matrix: DomainMatrix) -> DomainMatrix:
    """The inverse of a matrix of polynomials or rational functions of fresh symbols, over QQ(x…): with
    M = N/d, M⁻¹ = d·adj(N)/det(N), adj and det formed fraction-free over the polynomial ring; `Undefined`
    when det(N) is the zero polynomial (the matrix is singular for every value of the symbols)."""
    field = matrix.domain.get_field()
    numerators, scale_by = _cleared(matrix)
    try:
        adjugate, det = numerators.inv_den()
    except (DMNonInvertibleMatrixError, ZeroDivisionError):
        raise Undefined("the matrix to invert is singular") from None
    if not det:
        raise Undefined("the matrix to invert is singular")
    ring = numerators.domain
    return adjugate.convert_to(field).scalarmul(scale_by / field.convert_from(det, ring)).to_dense()


def matrix_power(base: DomainMatrix, exp) -> DomainMatrix:
    """base**exp for an integer exponent (negative: a power of the inverse)."""
    if not exp.is_Integer:
        raise NotEvaluable(f"matrix power with exponent {exp}")
    rows, cols = base.shape
    if rows != cols:
        raise Undefined(f"power of a non-square {rows}×{cols} matrix")
    if exp < 0:
        base, exp = invert(base), -exp
    if exp == 0:
        return DomainMatrix.eye(rows, base.domain).to_dense()
    return base.pow(int(exp))


__all__ = ["exact_domain", "checked_scalar", "to_domain_matrix", "scalar_matrix", "to_sympy", "entries", "scale",
           "unify", "matmul", "add", "matrices_equal", "as_scalar", "as_matrix", "is_symbolic",
           "sign_or_undecided", "power", "invert", "matrix_power"]
