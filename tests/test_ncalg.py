"""The typed free algebra: exact rational coefficients, typed words, transposes."""
from fractions import Fraction

import pytest
import sympy

from symcheck.prove.matrix.ncalg import Alphabet, Letter, NCPoly, ScalarField, TypeMismatch

n, d, lam, mu = sympy.symbols("n d lambda mu")


@pytest.fixture
def field():
    return ScalarField([lam, mu])


@pytest.fixture
def alphabet():
    a = Alphabet()
    x = a.add(Letter("X", n, d, None, "symbol"))
    xt = a.add(Letter("X^T", d, n, None, "transpose"))
    a.link_transposes(x, xt)
    return a


def test_rational_functions_are_exact(field):
    l, m = field.gen(lam), field.gen(mu)
    value = (l + field.one) / (l * m)
    assert sympy.simplify(value.to_sympy() - (lam + 1) / (lam * mu)) == 0
    assert not (value - value)
    assert (value * (l * m)) == l + field.one
    assert field.const(Fraction(1, 2)).exact_str() == "1/2"


def test_from_sympy_rejects_non_rational(field):
    with pytest.raises(ValueError):
        field.from_sympy(sympy.sqrt(lam))


def test_division_by_zero_is_refused(field):
    with pytest.raises(ZeroDivisionError):
        field.zero.inverse()


def test_products_are_typed(alphabet, field):
    X = NCPoly.letter(alphabet, 0, field)
    Xt = NCPoly.letter(alphabet, 1, field)
    gram = Xt * X
    assert (gram.src, gram.dst) == (d, d)
    with pytest.raises(TypeMismatch):
        X * X  # n×d times n×d has no meaning for general dimensions
    with pytest.raises(TypeMismatch):
        gram + X * Xt


def test_transpose_reverses_words_and_maps_letters(alphabet, field):
    X = NCPoly.letter(alphabet, 0, field)
    Xt = NCPoly.letter(alphabet, 1, field)
    p = X * Xt * X + X.scale(field.gen(lam))
    assert p.transpose(alphabet).terms == (Xt * X * Xt + Xt.scale(field.gen(lam))).terms
    assert (Xt * X).transpose(alphabet).key() == (Xt * X).key()  # XᵀX is symmetric


def test_identity_is_the_empty_word_at_its_vertex(alphabet, field):
    X = NCPoly.letter(alphabet, 0, field)
    assert (NCPoly.identity(n, field) * X).terms == X.terms
    assert (X * NCPoly.identity(d, field)).terms == X.terms
    with pytest.raises(TypeMismatch):
        NCPoly.identity(d, field) * X


def test_order_is_degree_then_rank(alphabet):
    alphabet[0].rank, alphabet[1].rank = 0, 1
    assert alphabet.word_key((0, 1, 0)) > alphabet.word_key((1, 0))
    assert alphabet.word_key((1, 0)) > alphabet.word_key((0, 1))


def test_generators_added_later_leave_existing_values_valid(field):
    before = field.gen(lam) + field.one
    tau = sympy.Symbol("tr[x*x^T]", nonnegative=True)
    field.add_generator(tau)
    t = field.gen(tau)
    product = before * t
    assert sympy.expand(product.to_sympy() - (lam + 1) * tau) == 0
    assert (product / t) == before  # monomials of different lengths compare equal
    assert field.safe_gens[-1].name == "tr_x_x_T_"
    assert field.add_generator(tau) == len(field.gens) - 1  # idempotent
