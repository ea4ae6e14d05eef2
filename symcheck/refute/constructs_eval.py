"""Exact evaluation of symcheck's own constructs on one instance (see symcheck.constructs).

* `Expectation` / `MatrixExpectation`: the noise ε becomes a vector of fresh symbols,
  the integrand is evaluated exactly (a polynomial in them, else `NotEvaluable`), and
  every monomial is replaced by its Gaussian moment E[Π εᵢ^kᵢ] = Π σ^kᵢ (kᵢ − 1)!!
  (0 when some kᵢ is odd) — exact for every degree.
* `ArgMin` / `ArgMax`: the objective must be a polynomial of degree ≤ 2 in the
  variable, checked symbolically for every dimension (else `NotEvaluable`); its
  constant, gradient and Hessian are then recovered exactly from its values at 0,
  ±eᵢ and eᵢ + eⱼ (exact for a quadratic). The minimiser is unique exactly when the
  symmetric Hessian is positive definite, decided by Sylvester's criterion with
  exact signs; then it solves the linear stationarity system. Otherwise there is no
  unique optimum: `Undefined`.
* `PseudoInverse`: X⁺ over ℚ by a full-rank factorisation X = C F (C: the pivot
  columns of X, F: the nonzero rows of rref(X)): X⁺ = Fᵀ (F Fᵀ)⁻¹ (CᵀC)⁻¹ Cᵀ, and
  X⁺ = 0 for X = 0; a scalar x gives 1/x (0 for 0). Rational matrices are factored in
  their domain (`rational_pinv`), others through SymPy's Matrix (`exact_pinv`).
* `OpNorm2`: ‖A‖₂ = √λ_max(AᵀA), the largest real root of the characteristic polynomial
  of the Gram matrix as an exact algebraic number (`CRootOf`), never a float.

The rules are exported as `CONSTRUCT_EVALUATORS`; `refute.evaluate` merges them into the
evaluator's table (nothing registers at import).
"""
from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType

import sympy
from sympy.polys.matrices import DomainMatrix
from sympy.polys.orderings import lex
from sympy.polys.rings import PolyRing

from ..model.constructs import ArgMax, ArgMin, Expectation, MatrixExpectation, OpNorm2, PseudoInverse
from .errors import NotEvaluable, Undecided, Undefined
from .linalg import to_domain_matrix, to_sympy
from .exact import sign_of


def _fresh_matrix(name: str, rows: int, cols: int) -> sympy.Matrix:
    return sympy.Matrix(rows, cols, lambda i, j: sympy.Dummy(f"{name}_{i}{j}", real=True))


def gaussian_moment(k: int, sigma):
    """E[e^k] for e ~ N(0, σ²): 0 for odd k, σ^k (k − 1)!! for even k."""
    if k % 2:
        return sympy.S.Zero
    return sigma ** k * sympy.factorial2(k - 1)


def _standard_moment(powers) -> int:
    """E[Π eᵢ^kᵢ] for independent standard normals eᵢ: Π (kᵢ − 1)!!, 0 when some kᵢ is odd."""
    out = 1
    for k in powers:
        if k % 2:
            return 0
        out *= int(sympy.factorial2(k - 1)) if k else 1
    return out


def _expected_terms(terms, to_sympy, sigma):
    """Σ over (exponents, coefficient) of coefficient · E[monomial], grouped by degree (σ^degree once each)."""
    by_degree: dict = {}
    for powers, coeff in terms:
        moment = _standard_moment(powers)
        if moment:
            degree = sum(powers)
            by_degree[degree] = by_degree.get(degree, 0) + coeff * moment
    return sympy.Add(*[to_sympy(c) * sigma ** k for k, c in by_degree.items()])


def expected_polynomial(value, noise: list, sigma):
    """E[value] where value is a polynomial in independent N(0, σ²) variables `noise`.

    A value built from rationals and the noise by sums, products and whole powers is rebuilt in
    the ring ℚ[noise] by its own operations (no SymPy expansion); anything else (roots, other
    symbols, a noise variable inside a function) goes through SymPy's Poly, as it always did."""
    terms = _rational_polynomial_terms(value, noise)
    if terms is not None:
        return _expected_terms(terms, sympy.QQ.to_sympy, sigma)
    try:
        poly = sympy.Poly(value, *noise)
    except sympy.PolynomialError:
        raise NotEvaluable("the integrand is not a polynomial in the noise") from None
    if any(c.has(*noise) for c in poly.coeffs()):
        raise NotEvaluable("the integrand is not a polynomial in the noise")
    return _expected_terms(poly.terms(), lambda c: c, sigma)


def _rational_polynomial_terms(value, noise: list):
    """The (exponents, coefficient) terms of `value` in ℚ[noise], or None when it is not in that ring."""
    if not noise:
        return None
    ring = PolyRing(noise, sympy.QQ, lex)
    try:
        return ring.from_expr(value).terms()
    except (ValueError, TypeError, ZeroDivisionError):
        return None


def _expected_matrix(value: DomainMatrix, noise: list, sigma) -> DomainMatrix:
    """E[value] entrywise; over a polynomial ring in exactly the noise, straight from its terms."""
    K = value.domain
    if K.is_PolynomialRing and set(K.symbols) <= set(noise):
        rows, cols = value.shape
        flat = value.to_list()
        out = [[_expected_terms(flat[i][j].terms(), K.domain.to_sympy, sigma) for j in range(cols)]
               for i in range(rows)]
        return to_domain_matrix(sympy.Matrix(out))
    return to_domain_matrix(value.to_Matrix().applyfunc(lambda e: expected_polynomial(e, noise, sigma)))


def _expectation(expr, ev):
    eps = expr.noise
    noise = _fresh_matrix("e", ev.dim(eps.rows), ev.dim(eps.cols))
    sigma = ev.scalar(expr.sigma)
    value = ev.child({eps: to_domain_matrix(noise)}).value(expr.integrand)
    symbols = list(noise)
    if isinstance(value, DomainMatrix) and value.shape != (1, 1):
        return _expected_matrix(value, symbols, sigma)
    return expected_polynomial(to_sympy(value), symbols, sigma)


def _positive(value) -> bool:
    sign = sign_of(value)
    if sign is None:
        raise Undecided(f"the sign of {value}")
    return sign > 0


def minimiser_from_quadratic(c, gradient: sympy.Matrix, hessian: sympy.Matrix) -> list:
    """The unique minimiser of c + gᵀw + ½wᵀHw (H symmetric), else Undefined."""
    for k in range(1, hessian.rows + 1):  # Sylvester: every leading principal minor > 0
        if not _positive(hessian[:k, :k].det()):
            raise Undefined("the objective has no unique minimiser (its Hessian is not positive definite)")
    return list(hessian.LUsolve(-gradient))


@lru_cache(maxsize=256)
def polynomial_degree_in(expr, w) -> int | None:
    """Symbolically, for every dimension: the degree of `expr` as a polynomial in w (in its entries), or None
    when it is not one (w inside an inverse, a function, a coefficient, a power beyond 4, ...)."""
    from ..prove.reductions.derivative import NotDifferentiable, count, expand_linear
    try:
        return max((count(m, w) for m in expand_linear(expr, (w,))), default=0)
    except NotDifferentiable:
        return None


def quadratic_in(objective, w) -> bool:
    """Symbolically, for every dimension: is the objective a polynomial of degree ≤ 2 in w?"""
    degree = polynomial_degree_in(objective, w)
    return degree is not None and degree <= 2


def _interpolated(value_at, size: int):
    """c, g, H of a quadratic from its values at 0, ±eᵢ and eᵢ + eⱼ (exact for degree ≤ 2)."""
    unit = [[sympy.S.One if k == i else sympy.S.Zero for k in range(size)] for i in range(size)]
    c = value_at([sympy.S.Zero] * size)
    plus = [value_at(unit[i]) for i in range(size)]
    minus = [value_at([-e for e in unit[i]]) for i in range(size)]
    g = sympy.Matrix([(plus[i] - minus[i]) / 2 for i in range(size)])
    H = sympy.zeros(size, size)
    for i in range(size):
        H[i, i] = plus[i] + minus[i] - 2 * c
    for i in range(size):
        for j in range(i + 1, size):
            both = value_at([a + b for a, b in zip(unit[i], unit[j])])
            H[i, j] = H[j, i] = both - c - g[i] - g[j] - (H[i, i] + H[j, j]) / 2
    return c, g, H


def _optimum(direction: int):
    def handler(expr, ev):
        w = expr.variable
        if not quadratic_in(expr.objective, w):
            raise NotEvaluable("argmin/argmax of an objective that is not quadratic in the variable")
        rows, cols = ev.dim(w.rows), ev.dim(w.cols)

        def value_at(entries: list):
            point = to_domain_matrix(sympy.Matrix(rows, cols, entries))
            value = to_sympy(ev.child({w: point}).value(expr.objective))
            return direction * (value[0, 0] if isinstance(value, sympy.MatrixBase) else value)

        c, g, H = _interpolated(value_at, rows * cols)
        return to_domain_matrix(sympy.Matrix(rows, cols, minimiser_from_quadratic(c, g, H)))
    return handler


def _full_rank_pinv(matrix, zeros):
    """X⁺ = Fᵀ (F Fᵀ)⁻¹ (CᵀC)⁻¹ Cᵀ by a full-rank factorisation X = C F (C: the pivot columns of X, F: the
    nonzero rows of rref(X)); `zeros(rows, cols)` for X = 0. For a SymPy Matrix or a DomainMatrix over a field."""
    rows, cols = matrix.shape
    rref, pivots = matrix.rref()
    if not pivots:
        return zeros(cols, rows)
    C = matrix.extract(list(range(rows)), list(pivots))
    F = rref.extract(list(range(len(pivots))), list(range(cols)))
    Ct, Ft = C.transpose(), F.transpose()
    return Ft * (F * Ft).inv() * (Ct * C).inv() * Ct


def exact_pinv(matrix: sympy.Matrix) -> sympy.Matrix:
    """X⁺ over ℚ (or any exact field) by a full-rank factorisation X = C F."""
    return _full_rank_pinv(matrix, sympy.zeros)


def rational_pinv(matrix: DomainMatrix) -> DomainMatrix:
    """X⁺ of a matrix over ℚ, by the same factorisation as `exact_pinv`, in the domain (SymPy's Matrix rref
    and inverses on rationals cost several times more)."""
    dense = matrix.convert_to(sympy.QQ).to_dense()
    return _full_rank_pinv(dense, lambda rows, cols: DomainMatrix.zeros((rows, cols), sympy.QQ)).to_dense()


def _pinv(expr, ev):
    value = ev.value(expr.arg)
    if not hasattr(value, "to_Matrix"):  # a scalar: 1/x, and 0 for 0
        if value == 0:
            return sympy.S.Zero
        return 1 / value
    if value.domain.is_QQ or value.domain.is_ZZ:
        return rational_pinv(value)
    matrix = value.to_Matrix()
    if any(not e.is_number for e in matrix):
        raise Undefined("pseudo-inverse of a matrix with symbolic entries")
    return to_domain_matrix(exact_pinv(matrix))


def exact_opnorm2(matrix: sympy.Matrix):
    """‖A‖₂ exactly: the square root of the largest eigenvalue of AᵀA (an exact real root, never a float)."""
    gram = matrix.T * matrix if matrix.rows >= matrix.cols else matrix * matrix.T
    roots = gram.charpoly().real_roots()
    return sympy.sqrt(roots[-1]) if roots else sympy.S.Zero


def _opnorm2(expr, ev):
    value = ev.value(expr.arg)
    if not hasattr(value, "to_Matrix"):  # a 1×1 matrix read as a scalar: its absolute value
        return sympy.Abs(value)
    matrix = value.to_Matrix()
    if any(not e.is_number for e in matrix):
        raise Undefined("operator norm of a matrix with symbolic entries")
    return exact_opnorm2(matrix)


CONSTRUCT_EVALUATORS = MappingProxyType({
    Expectation: _expectation,
    MatrixExpectation: _expectation,
    ArgMin: _optimum(1),
    ArgMax: _optimum(-1),
    PseudoInverse: _pinv,
    OpNorm2: _opnorm2,
})

__all__ = ["CONSTRUCT_EVALUATORS", "gaussian_moment", "expected_polynomial", "minimiser_from_quadratic", "quadratic_in", "polynomial_degree_in", "exact_pinv", "rational_pinv",
           "exact_opnorm2"]
