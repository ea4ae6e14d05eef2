"""Square roots in scalar certificates: the checker reads b**(k/2) as (r/|f|^q)**k, r ≥ 0 with r² = w.

Each root must be real wherever the claim's assumptions hold: the checker proves its argument ≥ 0 there
(as the scalar prover requires it), never assumes it. Then each square root of w is a nonnegative r with
r² = w, and a square of a factor of the root's denominator leaves it as an absolute value. The rewritten
sides cancel, or z3 refutes the negation with r ≥ 0 and r² = w as hypotheses. Certificates below are
written by hand: the checker re-derives everything from the claim.
"""
from pathlib import Path

import pytest
import sympy
from sympy import Abs, Mul, Pow, Rational, sqrt, symbols

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.certify.roots import real_rational, root_atoms_of
from symcheck.certify.signs import Signs
from symcheck.engine import decide_claim
from symcheck.loader import load_claim_file
from written_certificates import checked  # tests/written_certificates.py

CLAIMS = Path(__file__).resolve().parents[1] / "claims"
x, y, a, b = symbols("x y a b", real=True)
u, v = symbols("u v", nonnegative=True)
n = symbols("n", integer=True, positive=True)


def unevaluated_root(*factors):
    """√(f₁·f₂·…) as written, without SymPy taking squares out of it."""
    return Pow(Mul(*factors, evaluate=False), Rational(1, 2), evaluate=False)


@pytest.mark.parametrize("lhs, rhs, relation, assume", [
    (sqrt(u / x ** 2), sqrt(u) / Abs(x), "==", ()),                      # a square of the denominator leaves as |x|
    (unevaluated_root(u, x ** -2), sqrt(u) / Abs(x), "==", ()),
    (1 / sqrt(u / x ** 4), x ** 2 / sqrt(u), "==", ()),                   # a negative half power
    (sqrt(y * (2 * sympy.pi) ** n / x ** 2), sqrt((2 * sympy.pi) ** n * y) / Abs(x), "==", [y > 0]),  # π, a power
    (sqrt(u * v), sqrt(u) * sqrt(v), "==", ()),                          # z3, with r² = w and r >= 0
    (sqrt(u), 0, ">=", ()),
    (sqrt(x ** 2 + 1), 1, ">=", ()),                                     # x² + 1 >= 0 by its form
    (sqrt(y / x ** 2), sqrt(y) / Abs(x), "==", [y > 0]),                 # y >= 0 from an assumption
    (sqrt(y), 0, ">=", [y - x ** 2 >= 0]),                               # y >= 0 from an assumption, by z3
])
def test_true_claims_with_roots_are_re_derived(lhs, rhs, relation, assume):
    result = checked(lhs, rhs, relation, assume)
    assert result.accepted, result.reason
    assert any("square roots read as nonnegative" in step for step in result.checked)


@pytest.mark.parametrize("lhs, rhs, why", [
    (sqrt(u / x ** 2), sqrt(u) / x, "the absolute value dropped: wrong for x < 0"),
    (sqrt(u / x ** 2), -sqrt(u) / Abs(x), "the sign of the root"),
    (sqrt(u + 1), sqrt(u) + 1, "not an identity"),
    (sqrt(u), sqrt(v), "two roots of different arguments are two indeterminates"),
    (sqrt(x ** 2 + 1), sqrt(x ** 2 + 2), "two roots of different arguments are two indeterminates"),
])
def test_false_claims_with_roots_are_rejected(lhs, rhs, why):
    result = checked(lhs, rhs)
    assert not result.accepted and "not shown real" not in result.reason, why


@pytest.mark.parametrize("lhs, rhs, relation", [
    (sqrt(x * y), sqrt(x) * sqrt(y), "=="),   # x = y = −1: √1 = 1, but i·i = −1
    (sqrt(x), 0, ">="),
    (sqrt(y / x ** 2), sqrt(y) / Abs(x), "=="),
    # √((a+b)² y) is real at a + b = 0 for every y, but not everywhere: its argument is not shown >= 0
    (unevaluated_root((a + b) ** 2, y) + Abs(y), unevaluated_root((a + b) ** 2, y) + y, "=="),
])
def test_a_root_whose_argument_may_be_negative_is_not_assumed_real(lhs, rhs, relation):
    result = checked(lhs, rhs, relation)
    assert not result.accepted and "not shown real" in result.reason


@pytest.mark.parametrize("lhs, message", [
    (sqrt(sqrt(x) + 1), "a root inside a root"),
    (sqrt(sympy.sin(x)), "roots of real rational expressions only"),
])
def test_roots_of_what_the_checker_does_not_read_are_rejected_as_not_re_checkable(lhs, message):
    result = checked(lhs, x)
    assert not result.accepted and message in result.reason


def test_the_rewrite_shares_one_indeterminate_per_argument_and_states_its_square():
    (lhs, rhs), hypotheses, described, arguments = root_atoms_of([sqrt(y / x ** 2), sqrt(y) * sqrt(x)], set())
    root_y, root_x = sorted({s for s in (lhs.free_symbols | rhs.free_symbols) if s.name.startswith("root_")},
                            key=lambda s: s.name)
    assert lhs == root_y / Abs(x) and rhs == root_y * root_x
    assert sympy.Eq(root_y ** 2, y, evaluate=False) in hypotheses and sympy.Ge(root_x, 0, evaluate=False) in hypotheses
    assert len(described) == 2 and sorted(arguments, key=str) == [x, y, y]  # each root's argument, shown >= 0 next


def test_a_name_the_claim_uses_is_not_taken_for_a_root():
    root_0 = sympy.Symbol("root_0", real=True)
    (expr,), _, _, _ = root_atoms_of([sqrt(x) + root_0], {"root_0"})
    assert root_0 in expr.free_symbols and len(expr.free_symbols) == 2


def test_only_real_rational_expressions_have_roots_read():
    assert real_rational(x ** 2 / (y + 1) + (2 * sympy.pi) ** n)
    assert real_rational(symbols("p") + 1)  # declared with nothing: real (CONTRACT §1)
    assert not real_rational(symbols("z", complex=True) + 1)
    assert not real_rational(x ** symbols("t", real=True))


def _claim(name):
    claims = {c.name: c for c in load_claim_file(CLAIMS / "gaussian_densities.py").claims}
    return claims[name]


def test_the_normalising_constants_of_a_linear_map_of_a_gaussian_are_proved_with_an_accepted_certificate():
    claim = _claim("sqrt(det(2 pi (A^T Sigma^-1 A)^-1)) = sqrt(det(2 pi Sigma))/|det(A)|")
    verdict = decide_claim(claim, 20.0)
    assert verdict.status == "proved", verdict.detail
    result = check_certificate(verdict.certificate, claim)
    assert result.accepted, result.reason
    twin = _claim("twin: sqrt(det(2 pi (A^T Sigma^-1 A)^-1)) = sqrt(det(2 pi Sigma))/det(A)")
    assert not check_certificate(verdict.certificate, twin).accepted


def test_a_scalar_certificate_for_the_twins_obligation_is_rejected():
    det_a, det_s = sympy.Symbol("det[A]", real=True), sympy.Symbol("det[Sigma]", real=True)
    w = det_s * (2 * sympy.pi) ** n
    assert checked(sqrt(w / det_a ** 2), sqrt(w) / Abs(det_a), assume=[det_s > 0]).accepted
    assert not checked(sqrt(w / det_a ** 2), sqrt(w) / det_a, assume=[det_s > 0]).accepted
    assert "not shown real" in checked(sqrt(w / det_a ** 2), sqrt(w) / Abs(det_a)).reason  # det Σ of any sign


def test_a_symbol_declared_with_nothing_is_real_and_one_declared_complex_is_not():
    """CONTRACT §1: symbols are real unless declared otherwise; the checker reads a plain symbol as the prover does."""
    plain, z = symbols("p"), symbols("z", complex=True)
    assert checked(sqrt(plain ** 2), Abs(plain)).accepted
    assert decide_claim(Claim("c", sqrt(plain ** 2), Abs(plain)), 10.0).status == "proved"
    sigma = 1 / (1 + sympy.exp(-plain))
    assert checked(sympy.exp(-plain) / (1 + sympy.exp(-plain)) ** 2, sigma * (1 - sigma)).accepted
    assert not checked(sqrt(z ** 2), Abs(z)).accepted
    sigma_z = 1 / (1 + sympy.exp(-z))
    assert not checked(sympy.exp(-z) / (1 + sympy.exp(-z)) ** 2, sigma_z * (1 - sigma_z)).accepted


def test_a_root_argument_is_shown_nonnegative_by_the_checkers_sign_rules():
    """What the root's domain relies on (certify/signs.py): signs by form, from the symbols' sign facts."""
    def nonnegative(w, *facts):
        return Signs((), list(facts)).nonnegative(w)
    assert nonnegative(x ** 2 + 1)
    assert nonnegative(u * (2 * sympy.pi) ** n)  # π > 0, so (2π)ⁿ > 0 for the integer n
    assert nonnegative(x * y ** 2, x >= 0) and nonnegative(x ** 3, x > 0)
    assert nonnegative(x ** 3, x >= 0) and not nonnegative(x * y)
    assert not nonnegative(x - 1, x >= 0) and not nonnegative(x ** 3 + 1)
