"""Exact tests of `Q` predicates on evaluated values (SymPy scalars, DomainMatrix matrices).

Owns the table `PREDICATES: name -> test(value) -> True | False | None`, the table
`KEY_TESTS` of exact tests for every SymPy assumption key on a real number (prime,
composite, irrational, transcendental, ...), and `symbol_violation(symbol, value)`,
which checks a value against every assumption fact of its symbol
(`model.symbols.symbol_facts`). None means "could not be decided exactly"; the caller
then treats the assumption as not met, so a refutation never rests on it.
Number classes are decided exactly: a rational by its numerator and denominator, an
algebraic number by its minimal polynomial, a polynomial in π or e alone with
rational coefficients is transcendental (Lindemann); anything else is undecided.
Positive definiteness is decided exactly: symmetric with every leading principal
minor > 0; semidefiniteness by the signs of the characteristic polynomial.
"""
from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import Callable

import sympy
from sympy.polys.matrices import DomainMatrix

from ..model.symbols import ASSUMPTION_KEYS, symbol_facts
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


INTEGER, RATIONAL, ALGEBRAIC, TRANSCENDENTAL = "integer", "rational", "algebraic", "transcendental"
TRANSCENDENTAL_CONSTANTS = (sympy.pi, sympy.E)
LARGEST_PRIME_TESTED = 2 ** 64  # sympy.isprime is proved exact below this bound


def number_kind(x) -> str | None:
    """'integer', 'rational' (not an integer), 'algebraic' (irrational) or 'transcendental'; None if unknown."""
    x = _scalar(x)
    if x is None or not isinstance(x, sympy.Basic) or x.free_symbols:
        return None
    if x.is_Rational:
        return INTEGER if x.is_Integer else RATIONAL
    return _irrational_kind(x)


@lru_cache(maxsize=2048)
def _irrational_kind(x) -> str | None:
    """number_kind of a constant that is not a SymPy Rational (a minimal polynomial is costly, and the
    refuter draws the same few irrational values again and again: remembered)."""
    if _built_from_rationals(x):
        t = sympy.Dummy("t")
        try:
            poly = sympy.Poly(sympy.minimal_polynomial(x, t), t)
        except Exception:  # noqa: BLE001 - SymPy could not find it: undecided
            return None
        if poly.degree() == 1:
            a, b = poly.all_coeffs()
            return number_kind(-b / a)
        return ALGEBRAIC
    constants = [c for c in TRANSCENDENTAL_CONSTANTS if x.has(c)]
    if len(constants) == 1 and _built_from_rationals(x.xreplace({constants[0]: sympy.Integer(2)})):
        try:  # a nonconstant polynomial in π (or e) with rational coefficients: transcendental
            poly = sympy.Poly(sympy.expand(x), constants[0], domain=sympy.QQ)
        except Exception:  # noqa: BLE001 - not a polynomial in it: undecided
            return None
        return TRANSCENDENTAL if poly.degree() >= 1 else None
    return None


def _built_from_rationals(x) -> bool:
    """Rationals combined by +, × and rational powers only (so the value is algebraic)."""
    for node in sympy.preorder_traversal(x):
        if node.is_Atom:
            if not node.is_Rational:
                return False
        elif isinstance(node, sympy.Pow):
            if not node.exp.is_Rational:
                return False
        elif not isinstance(node, (sympy.Add, sympy.Mul)):
            return False
    return True


def _kind_test(accept: Callable[[str, object], bool]) -> Test:
    def test(value):
        kind = number_kind(value)
        return None if kind is None else accept(kind, _scalar(value))
    return test


def _prime(kind, x) -> bool | None:
    if kind != INTEGER:
        return False
    if x >= LARGEST_PRIME_TESTED:
        return None
    return bool(sympy.isprime(int(x)))


def _composite(kind, x) -> bool | None:
    if kind != INTEGER or x < 4:
        return False
    if x >= LARGEST_PRIME_TESTED:
        return None
    return not sympy.isprime(int(x))


_is_integer = _kind_test(lambda kind, x: kind == INTEGER)
_is_rational = _kind_test(lambda kind, x: kind in (INTEGER, RATIONAL))
_is_irrational = _kind_test(lambda kind, x: kind in (ALGEBRAIC, TRANSCENDENTAL))
_is_noninteger = _kind_test(lambda kind, x: kind != INTEGER)
_is_algebraic = _kind_test(lambda kind, x: kind != TRANSCENDENTAL)
_is_transcendental = _kind_test(lambda kind, x: kind == TRANSCENDENTAL)


def _parity(remainder: int) -> Test:
    return _kind_test(lambda kind, x: kind == INTEGER and int(x) % 2 == remainder)


def _is_real(value):
    if isinstance(value, DomainMatrix):
        return all(_is_real(value.getitem_sympy(i, j)) for i in range(value.shape[0])
                   for j in range(value.shape[1]))
    return True if sign_of(value) is not None else None


def _real_then(answer: bool) -> Test:
    """For keys a real number has (True) or never has (False): decided once the value is a real number."""
    def test(value):
        x = _scalar(value)
        if x is None or _is_real(x) is not True:
            return None
        return answer
    return test


# Every SymPy assumption key, as an exact test on a real number: a symbol's values must agree
# with each fact of the symbol (`symbol_violation`). Keys about infinities (extended_*) and about
# complex numbers (complex, hermitian, imaginary, ...) are decided for the finite reals we draw.
KEY_TESTS: dict[str, Test] = MappingProxyType({
    "commutative": _real_then(True),
    "complex": _real_then(True),
    "real": _real_then(True),
    "extended_real": _real_then(True),
    "finite": _real_then(True),
    "hermitian": _real_then(True),
    "infinite": _real_then(False),
    "imaginary": _real_then(False),
    "antihermitian": _sign_test(lambda s: s == 0),  # a real number is antihermitian only when 0
    "polar": lambda value: None,                    # not modelled: never assumed to hold
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
    "integer": _is_integer,
    "noninteger": _is_noninteger,
    "rational": _is_rational,
    "irrational": _is_irrational,
    "algebraic": _is_algebraic,
    "transcendental": _is_transcendental,
    "even": _parity(0),
    "odd": _parity(1),
    "prime": _kind_test(_prime),
    "composite": _kind_test(_composite),
})
assert set(KEY_TESTS) == set(ASSUMPTION_KEYS), set(ASSUMPTION_KEYS) ^ set(KEY_TESTS)


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


PREDICATES: dict[str, Test] = MappingProxyType({
    # scalars: Q.prime(p), Q.irrational(x), ... test what the same symbol assumption tests
    **{key: test for key, test in KEY_TESTS.items() if key not in ("hermitian", "commutative")},
    "real": _is_real,
    "complex": lambda value: True,
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
})

def symbol_violation(symbol, value) -> str | None:
    """Why `value` is not a value of `symbol` (one of its assumption facts fails or cannot be decided), or None."""
    for key, wanted in symbol_facts(symbol).items():
        got = KEY_TESTS[key](value)
        if got is None:
            return f"cannot decide exactly whether {to_text(value)} is {key}"
        if got != wanted:
            return f"{to_text(value)} is {'not ' if wanted else ''}{key}"
    return None


def to_text(value) -> str:
    """A value as it reads in a message (a 1×1 matrix as its entry)."""
    x = _scalar(value)
    return str(x if x is not None else value)


__all__ = ["PREDICATES", "KEY_TESTS", "number_kind", "symbol_violation"]
