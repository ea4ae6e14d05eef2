"""Logarithms in scalar certificates: the checker reads log(u) as Σ eᵢ·log|fᵢ| over u's factors.

Each log must be real wherever the claim's assumptions hold: the checker shows its argument > 0 there (as the
scalar prover requires it), never assumes it. Then log(c·Π fᵢ^eᵢ) = Σ eₚ log p + Σ eᵢ log|fᵢ| with each log p
(p a prime of c) and each log|f| a real indeterminate; for z3 with log's tangent-line bounds and monotonicity.
Certificates are written by hand: the checker re-derives everything from the claim.
"""
import pytest
import sympy
from sympy import Ne, log, pi, symbols

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.certify.logs import log_atoms_of
from written_certificates import checked  # tests/written_certificates.py
from symcheck.engine import decide_claim

x, y = symbols("x y", positive=True)
a = symbols("a", real=True)
n = symbols("n", integer=True, positive=True)


@pytest.mark.parametrize("lhs, rhs, relation, assume", [
    (log(x * y), log(x) + log(y), "==", ()),
    (log(x / y), log(x) - log(y), "==", ()),
    (log(4 * x), 2 * log(2) + log(x), "==", ()),          # the primes of a rational
    (log(pi * x), log(pi) + log(x), "==", ()),
    (log(x ** 3), 3 * log(x), "==", ()),
    (log(1 + a ** 2), 0, ">=", ()),                        # tangent bound: L·(1 + a²) >= a²
    (log(x), x, "<", ()),                                  # tangent bound: L <= x − 1
    (log(1 + x), log(x), ">", ()),                         # log is increasing
    (log(a), 0, ">", [a > 1]),                             # a > 0 shown by z3 from a > 1
    (log(a ** 2), 2 * log(-a), "==", [a < 0]),             # |a| = −a: one atom for a and −a
    (log(2 ** n * x), n * log(2) + log(x), "==", ()),      # log|c^n| = n·log|c|
    (log(12 * x / 9), 2 * log(2) - log(3) + log(x), "==", ()),
])
def test_true_claims_with_logs_are_re_derived(lhs, rhs, relation, assume):
    result = checked(lhs, rhs, relation, assume)
    assert result.accepted, result.reason
    assert any("logs of real rational arguments" in step for step in result.checked)


@pytest.mark.parametrize("lhs, rhs, relation, assume", [
    (log(x * y), log(x) * log(y), "==", ()),
    (log(x + y), log(x) + log(y), "==", ()),
    (log(6 * x), log(2) + log(x), "==", ()),       # log 3 is an atom of its own
    (log(x), x - 2, "<=", ()),
    (log(1 + x), log(x), "<", ()),
    (log(2 * x), log(x), "<=", ()),
    (log(a ** 2), -2, "<=", [a < 0]),           # false at a = −1: the bounds are of log|a|, not of log a
    (log(2 ** n * x), log(2) + log(x), "==", ()),  # a rational to a symbolic power keeps its exponent
])
def test_false_claims_with_logs_are_rejected(lhs, rhs, relation, assume):
    result = checked(lhs, rhs, relation, assume)
    assert not result.accepted and "not shown real" not in result.reason


@pytest.mark.parametrize("lhs, rhs, relation, assume", [
    (log(a ** 2), 2 * log(a), "==", [Ne(a, 0)]),       # a < 0: log a is not real
    (log(a), 0, ">=", []),
    (log(a * x), log(a) + log(x), "==", []),
])
def test_a_log_whose_argument_may_be_nonpositive_is_not_assumed_real(lhs, rhs, relation, assume):
    result = checked(lhs, rhs, relation, assume)
    assert not result.accepted and "not shown real" in result.reason


def test_logs_of_what_the_checker_does_not_read_are_rejected():
    assert "logs of real rational expressions only" in checked(log(sympy.sqrt(x)), log(x) / 2).reason


def test_the_atoms_are_one_per_factor_up_to_sign_with_bounds_and_monotonicity():
    (lhs, rhs), hypotheses, described, arguments = log_atoms_of([log(a ** 2 * (1 - a)), log(a - 1)], set())
    assert arguments == [a ** 2 * (1 - a), a - 1] and len(described) == 2   # log|a| and log|a − 1|
    l_a, l_b = sorted(lhs.free_symbols - {a}, key=lambda s: s.name)
    assert lhs == 2 * l_a + l_b and rhs == l_b
    assert sympy.Le(l_a, sympy.Abs(a) - 1, evaluate=False) in hypotheses
    assert any(isinstance(h, sympy.Or) for h in hypotheses)  # the pair's monotonicity


@pytest.mark.parametrize("lhs, rhs, relation", [
    (log(x * y), log(x) + log(y), "=="),
    (log(1 + x), log(x), ">"),
    (log(x), x - 1, "<="),
])
def test_the_scalar_provers_log_proofs_are_accepted(lhs, rhs, relation):
    claim = Claim("c", lhs, rhs, relation=relation)
    verdict = decide_claim(claim, 10.0)
    assert verdict.status == "proved", verdict.detail
    result = check_certificate(verdict.certificate, claim)
    assert result.accepted, result.reason
