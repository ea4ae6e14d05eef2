"""Formal scalars of the general evaluator (refute/linalg.py, refute/evaluate.py): while differentiating, a
trace, determinant, sum, product or integer power that is a rational function of the fresh symbols stays in
its domain. Its SymPy form must be the value SymPy's own arithmetic gives, and every other rule must still
see SymPy expressions."""
import random

import pytest
import sympy
from sympy import Determinant, Identity, MatrixSymbol, Rational, Trace, symbols
from sympy.polys.matrices.domainscalar import DomainScalar

from symcheck.refute.evaluate import Evaluator, Instance
from symcheck.refute.linalg import formal_combine, formal_domain, plain, to_domain_matrix

n = symbols("n", integer=True, positive=True)
c = symbols("c", real=True)
A = MatrixSymbol("A", n, n)
B = MatrixSymbol("B", n, n)
v = MatrixSymbol("v", n, 1)


def _formal_setting(rng: random.Random, size: int):
    """An evaluator with A bound to a matrix of fresh symbols (as `evaluate_derivative` binds its variable),
    B, v and c to rational values; and the same bindings as explicit SymPy matrices, for the reference."""
    fresh = sympy.Matrix(size, size, lambda i, j: sympy.Dummy(f"a{i}{j}", real=True))
    B_value = sympy.Matrix(size, size, lambda i, j: Rational(rng.randint(-3, 3), rng.randint(1, 3)))
    v_value = sympy.Matrix(size, 1, lambda i, j: rng.randint(-2, 2))
    c_value = Rational(rng.randint(1, 5), rng.randint(1, 4))
    instance = Instance({n: size}, {B: sympy.ImmutableMatrix(B_value), v: sympy.ImmutableMatrix(v_value),
                                    c: c_value})
    ev = Evaluator(instance, overrides={A: to_domain_matrix(fresh)})
    reference = {n: size, A: fresh, B: B_value, v: v_value, c: c_value}
    return ev, reference


def _sympy_value(expr, reference):
    """The expression computed by SymPy on explicit matrices (the reference the evaluator must agree with)."""
    return REFERENCES[expr](reference[A], reference[B], reference[v], reference[c], sympy.eye(reference[n]))


# Each expression and its value by SymPy's explicit matrices (a, b, u, k, eye: A, B, v, c, I).
REFERENCES = {
    Trace(A): lambda a, b, u, k, eye: a.trace(),
    Trace(A * B) + 2 * Trace(A.T * A): lambda a, b, u, k, eye: (a * b).trace() + 2 * (a.T * a).trace(),
    Trace(A) * Trace(B * A) - c * Determinant(A): lambda a, b, u, k, eye: a.trace() * (b * a).trace() - k * a.det(),
    Trace(A) ** 3 - Trace(A ** 2): lambda a, b, u, k, eye: a.trace() ** 3 - (a * a).trace(),
    Trace(A.inverse() * B) + Determinant(A + B): lambda a, b, u, k, eye: (a.inv() * b).trace() + (a + b).det(),
    Trace(v.T * A * v) * Trace(A) + c: lambda a, b, u, k, eye: (u.T * a * u)[0, 0] * a.trace() + k,
    Trace(A) ** -2 + Determinant(A) ** -1: lambda a, b, u, k, eye: a.trace() ** -2 + 1 / a.det(),
    Trace((A + c * Identity(n)) * (v * v.T)) * Trace(A):
        lambda a, b, u, k, eye: ((a + k * eye) * (u * u.T)).trace() * a.trace(),
}
EXPRESSIONS = list(REFERENCES)


@pytest.mark.parametrize("expr", EXPRESSIONS, ids=sympy.sstr)
@pytest.mark.parametrize("size", [1, 2])  # 3×3 is covered by the derivative tests; SymPy's reference is slow there
def test_a_formal_value_is_the_rational_function_sympy_computes(expr, size):
    for seed in range(3):
        ev, reference = _formal_setting(random.Random(seed * 10 + size), size)
        try:
            value = ev.value(expr)
        except Exception:  # noqa: BLE001 - a singular B + A: the reference must be undefined too
            with pytest.raises(Exception):
                sympy.cancel(_sympy_value(expr, reference))
            continue
        assert isinstance(value, sympy.Expr) and not isinstance(value, DomainScalar)
        assert sympy.cancel(value - _sympy_value(expr, reference)) == 0, (expr, size, seed)


def test_traces_sums_and_products_stay_in_their_domain_and_other_rules_get_sympy():
    ev, _ = _formal_setting(random.Random(1), 2)
    formal = ev.formal_value(Trace(A) * Trace(A * B) + Determinant(A))
    assert isinstance(formal, DomainScalar) and formal_domain(formal.domain)
    assert ev.value(Trace(A) * Trace(A * B) + Determinant(A)) == plain(formal)
    assert isinstance(ev.value(sympy.exp(Trace(A))), sympy.exp)  # exp's rule got the SymPy trace


def test_a_zero_formal_scalar_is_not_inverted():
    """Trace(A - A)⁻¹: the reciprocal of a rational function that is 0 is undefined, as in SymPy's path."""
    ev, _ = _formal_setting(random.Random(2), 2)
    with pytest.raises(Exception):
        ev.value(Trace(A - A) ** -1)


def test_combining_needs_one_formal_operand_and_only_exact_ones():
    ev, _ = _formal_setting(random.Random(3), 2)
    formal = ev.formal_value(Trace(A))
    assert formal_combine([Rational(1, 2), Rational(3)], multiply=False) is None     # nothing formal
    assert formal_combine([formal, sympy.sqrt(2)], multiply=True) is None             # not a rational
    total = formal_combine([formal, Rational(1, 2)], multiply=False)
    assert sympy.cancel(plain(total) - plain(formal) - Rational(1, 2)) == 0


def _random_formal_matrix(rng: random.Random, size: int, symbols_: list):
    """A matrix of random polynomials in a few symbols, some entries divided by another polynomial."""
    def poly():
        return sum(rng.randint(-2, 2) * rng.choice(symbols_) ** rng.randint(0, 2) for _ in range(2)) + rng.randint(-1, 1)
    def denominator():
        while rng.random() < 0.3:
            d = poly()
            if d != 0:
                return d
        return 1
    entries = sympy.Matrix(size, size, lambda i, j: poly() / denominator())
    entries[0, 0] += symbols_[0]  # never a matrix of numbers alone
    return entries


@pytest.mark.parametrize("seed", range(12))
def test_fraction_free_products_and_inverses_equal_the_field_operations(seed):
    """`linalg.matmul` and `linalg.invert` over QQ(x…) (fraction-free) agree entry by entry with SymPy's own
    products and inverses of the same matrices; a formal matrix that is singular for every value is Undefined."""
    from symcheck.refute.errors import Undefined
    from symcheck.refute.linalg import invert, matmul
    rng = random.Random(seed)
    xs = list(symbols("x0:3", real=True))
    size = rng.randint(1, 3)
    left, right = _random_formal_matrix(rng, size, xs), _random_formal_matrix(rng, size, xs)
    a, b = to_domain_matrix(left).to_field(), to_domain_matrix(right).to_field()
    a, b = a.unify(b)
    field = a.domain
    assert formal_domain(field)
    # SymPy's own product and determinant over the field, entry by entry with its element arithmetic
    assert matmul(a, b).convert_to(field) == a.matmul(b).to_dense()
    if not a.det():
        with pytest.raises(Undefined):
            invert(a)
    else:
        inverse = invert(a).convert_to(field)
        assert inverse.matmul(a).to_dense() == a.eye(size, field).to_dense()
    singular = sympy.Matrix([[xs[0], xs[1]], [2 * xs[0], 2 * xs[1]]])
    with pytest.raises(Undefined):
        invert(to_domain_matrix(singular))
