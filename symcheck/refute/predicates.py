"""Exact tests of `Q` predicates on evaluated values (SymPy scalars, DomainMatrix matrices).

Owns the table `PREDICATES: name -> test(value) -> True | False | None` and
`SYMBOL_FACTS`, the SymPy symbol assumptions (`positive=True`, `integer=True`, ...)
that a value must respect. None means "could not be decided exactly"; the caller
then treats the assumption as not met, so a refutation never rests on it.
Positive definiteness is decided exactly: symmetric with every leading principal
minor > 0; semidefiniteness by the signs of the characteristic polynomial.
"""
from __future__ import annotations

from typing import Callable

from sympy.polys.matrices import DomainMatrix

from .exact import sign_of

Test = Callable[[object], "bool | None"]


def _scalar(value):
    if isinstance(value, DomainMatrix):
        if value.shape != (1, 1):
            return None
        return value.getitem_sympy(0, 0)
    return value


def _sign_test(accept: Callable[[int], bool]) -> Test:
    def test(value):
        x = _scalar(value)
        if x is None or getattr(x, "free_symbols", None):
            return None
        s = sign_of(x)
        return None if s is None else accept(s)
    return test


def _is_integer(value):
    x = _scalar(value)
    if x is None:
        return None
    if x.is_Rational:
        return bool(x.is_Integer)
    return None


def _is_rational(value):
    x = _scalar(value)
    if x is None:
        return None
    return True if x.is_Rational else None


def _parity(remainder: int) -> Test:
    def test(value):
        x = _scalar(value)
        if x is None or not x.is_Rational:
            return None
        return bool(x.is_Integer) and int(x) % 2 == remainder
    return test


def _is_real(value):
    if isinstance(value, DomainMatrix):
        return all(_is_real(value.getitem_sympy(i, j)) for i in range(value.shape[0])
                   for j in range(value.shape[1]))
    return True if sign_of(value) is not None else None


# --- matrices ------------------------------------------------------------------------------------

def _matrix(value) -> DomainMatrix | None:
    return value if isinstance(value, DomainMatrix) else None


def _exact(m: DomainMatrix) -> bool:
    return m.domain.is_QQ or m.domain.is_ZZ or m.domain.is_AlgebraicField


def _is_zero_matrix(m: DomainMatrix) -> bool | None:
    if _exact(m):
        return m.is_zero_matrix
    signs = [sign_of(m.getitem_sympy(i, j)) for i in range(m.shape[0]) for j in range(m.shape[1])]
    if any(s not in (0, None) for s in signs):
        return False
    return None if None in signs else True


def _equal(a: DomainMatrix, b: DomainMatrix) -> bool | None:
    a, b = a.unify(b, fmt="dense")
    return _is_zero_matrix(a.sub(b))


def _square(value) -> bool:
    m = _matrix(value)
    return m is None or m.shape[0] == m.shape[1]


def _symmetric(value):
    m = _matrix(value)
    if m is None:
        return True
    return _square(m) and _equal(m, m.transpose())


def _orthogonal(value):
    m = _matrix(value)
    if m is None:
        x = _scalar(value)
        return None if x is None or getattr(x, "free_symbols", None) else _equal_scalar(x, 1)
    if not _square(m):
        return False
    return _equal(m.transpose().matmul(m), DomainMatrix.eye(m.shape[0], m.domain).to_dense())


def _equal_scalar(x, target) -> bool | None:
    s = sign_of(x * x - target)
    return None if s is None else s == 0


def _det_sign(m: DomainMatrix) -> int | None:
    return sign_of(m.domain.to_sympy(m.det()))


def _invertible(value):
    m = _matrix(value)
    if m is None:
        return _sign_test(lambda s: s != 0)(value)
    if not _square(m):
        return False
    s = _det_sign(m)
    return None if s is None else s != 0


def _singular(value):
    result = _invertible(value)
    if result is None:
        return None
    m = _matrix(value)
    return (m is None or _square(m)) and not result


def _fullrank(value):
    m = _matrix(value)
    if m is None:
        return _invertible(value)
    if not _exact(m):
        return None
    return m.rank() == min(m.shape)


def _positive_definite(value):
    m = _matrix(value)
    if m is None:
        return _sign_test(lambda s: s > 0)(value)
    if not _symmetric(m):
        return False
    for k in range(1, m.shape[0] + 1):
        s = _det_sign(m.extract(list(range(k)), list(range(k))))
        if s is None:
            return None
        if s <= 0:
            return False
    return True


def _positive_semidefinite(value):
    """Symmetric with real eigenvalues all >= 0: det(tI - M) has alternating coefficient signs."""
    m = _matrix(value)
    if m is None:
        return _sign_test(lambda s: s >= 0)(value)
    if not _symmetric(m):
        return False
    coeffs = [m.domain.to_sympy(c) for c in m.charpoly()]
    for k, c in enumerate(coeffs):
        s = sign_of(c)
        if s is None:
            return None
        if s * (-1) ** k < 0:
            return False
    return True


def _entries_where(accept: Callable[[int, int], bool]) -> Test:
    def test(value):
        m = _matrix(value)
        if m is None:
            return True
        rows, cols = m.shape
        outside = [m.getitem_sympy(i, j) for i in range(rows) for j in range(cols) if not accept(i, j)]
        signs = [sign_of(x) for x in outside]
        if any(s not in (0, None) for s in signs):
            return False
        return None if None in signs else True
    return test


def _triangular(value):
    lower = _entries_where(lambda i, j: i >= j)(value)
    upper = _entries_where(lambda i, j: i <= j)(value)
    if lower or upper:
        return True
    return None if None in (lower, upper) else False


def _unit_diagonal(value):
    m = _matrix(value)
    if m is None:
        return _equal_scalar(value, 1)
    signs = [sign_of(m.getitem_sympy(i, i) - 1) for i in range(min(m.shape))]
    if any(s not in (0, None) for s in signs):
        return False
    return None if None in signs else True


def _elements(test: Test) -> Test:
    def check(value):
        m = _matrix(value)
        if m is None:
            return test(value)
        results = [test(m.getitem_sympy(i, j)) for i in range(m.shape[0]) for j in range(m.shape[1])]
        if False in results:
            return False
        return None if None in results else True
    return check


def _normal(value):
    m = _matrix(value)
    if m is None:
        return True
    if not _square(m):
        return False
    return _equal(m.transpose().matmul(m), m.matmul(m.transpose()))


PREDICATES: dict[str, Test] = {
    # scalars
    "positive": _sign_test(lambda s: s > 0),
    "negative": _sign_test(lambda s: s < 0),
    "nonnegative": _sign_test(lambda s: s >= 0),
    "nonpositive": _sign_test(lambda s: s <= 0),
    "nonzero": _sign_test(lambda s: s != 0),
    "zero": _sign_test(lambda s: s == 0),
    "extended_positive": _sign_test(lambda s: s > 0),
    "extended_negative": _sign_test(lambda s: s < 0),
    "extended_nonnegative": _sign_test(lambda s: s >= 0),
    "extended_nonpositive": _sign_test(lambda s: s <= 0),
    "extended_nonzero": _sign_test(lambda s: s != 0),
    "real": _is_real,
    "extended_real": _is_real,
    "finite": _is_real,
    "complex": lambda value: True,
    "integer": _is_integer,
    "rational": _is_rational,
    "algebraic": _is_rational,  # only rationals are recognised; anything else is undecided
    "even": _parity(0),
    "odd": _parity(1),
    # matrices
    "square": _square,
    "symmetric": _symmetric,
    "orthogonal": _orthogonal,
    "unitary": _orthogonal,
    "invertible": _invertible,
    "singular": _singular,
    "fullrank": _fullrank,
    "positive_definite": _positive_definite,
    "positive_semidefinite": _positive_semidefinite,
    "diagonal": _entries_where(lambda i, j: i == j),
    "lower_triangular": _entries_where(lambda i, j: i >= j),
    "upper_triangular": _entries_where(lambda i, j: i <= j),
    "triangular": _triangular,
    "unit_triangular": lambda value: _triangular(value) and _unit_diagonal(value),
    "hermitian": _symmetric,  # real matrices
    "normal": _normal,
    "integer_elements": _elements(_is_integer),
    "rational_elements": _elements(_is_rational),
    "real_elements": _elements(_is_real),
    "complex_elements": lambda value: True,
}

# SymPy symbol assumptions a value must respect: (attribute of the Symbol, predicate above).
SYMBOL_FACTS: tuple = (
    ("is_positive", "positive"),
    ("is_negative", "negative"),
    ("is_nonnegative", "nonnegative"),
    ("is_nonpositive", "nonpositive"),
    ("is_nonzero", "nonzero"),
    ("is_zero", "zero"),
    ("is_integer", "integer"),
    ("is_rational", "rational"),
    ("is_even", "even"),
    ("is_odd", "odd"),
)


def symbol_requirements(symbol) -> list[str]:
    """The predicate names a value of `symbol` must satisfy, from its SymPy assumptions."""
    return [name for attr, name in SYMBOL_FACTS if getattr(symbol, attr, None) is True]


__all__ = ["PREDICATES", "SYMBOL_FACTS", "symbol_requirements"]
