"""Symbolic powers Bᵏ under assumptions: where the induction starts, inverses that depend on k,
powers of commuting matrices, and the checker's own re-derivation of each."""
from __future__ import annotations

import copy
import time

import pytest
import sympy
from sympy import Eq, Identity, Inverse, MatPow, MatrixSymbol, Q, symbols

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.certify.ncpoly import Rejected
from symcheck.certify.powers import monotone_inverses
from symcheck.certify.retranslate import CheckerTranslator, Context, Induction
from symcheck.certify.view import ClaimView, least_integer_value
from symcheck.engine import decide_claim, problem_from_claim, prove
from symcheck.prove.matrix.powers import inverses_monotone_in, power_start

n = symbols("n", integer=True, positive=True)
k = symbols("k", integer=True, positive=True)
j = symbols("j", integer=True, nonnegative=True)
i = symbols("i", integer=True)
A, B, P = (MatrixSymbol(s, n, n) for s in "ABP")
In = Identity(n)
IDEMPOTENT = [Eq(P * P, P)]
COMMUTE = [Eq(A * B, B * A)]


@pytest.mark.parametrize("symbol, assume, start", [
    (k, [], 1),                          # a positive integer symbol: from 1 (it is also nonnegative)
    (j, [], 0),
    (i, [Q.positive(i)], 1),
    (i, [i >= 1], 1),
    (i, [i > 0], 1),
    (i, [sympy.Le(2, i)], 2),
    (j, [j >= 3], 3),                    # the largest lower bound wins
    (i, [], None),                       # an integer with no lower bound
    (symbols("x", positive=True), [], None),
])
def test_the_induction_starts_at_the_least_value_allowed(symbol, assume, start):
    claim = Claim("power", MatPow(P, symbol), P, assume=assume)
    assert power_start(problem_from_claim(claim), symbol) == start
    assert least_integer_value(symbol, ClaimView.of(claim)) == start


def certificate(claim: Claim) -> dict:
    verdict = prove(problem_from_claim(claim), time.monotonic() + 30, [])
    assert verdict is not None and verdict.status == "proved", verdict
    return verdict.certificate


TRUE = [
    Claim("P^2 = P, k >= 1 (a positive symbol): P^k = P", MatPow(P, k), P, assume=IDEMPOTENT),
    Claim("P^2 = P, Q.positive(i): P^i = P", MatPow(P, i), P, assume=IDEMPOTENT + [Q.integer(i), Q.positive(i)]),
    Claim("P^2 = P, i >= 1: P^i = P", MatPow(P, i), P, assume=IDEMPOTENT + [Q.integer(i), i >= 1]),
    Claim("(A^-1)^k = (A^k)^-1", MatPow(A.I, k), Inverse(MatPow(A, k))),
    Claim("(A^-1)^j = (A^j)^-1 from j = 0", MatPow(A.I, j), Inverse(MatPow(A, j))),
    Claim("(A^T)^j = (A^j)^T", MatPow(A.T, j), MatPow(A, j).T),
    Claim("AB = BA: (AB)^k = A^k B^k", MatPow(A * B, k), MatPow(A, k) * MatPow(B, k), assume=COMMUTE),
    Claim("AB = BA: A B^j = B^j A", A * MatPow(B, j), MatPow(B, j) * A, assume=COMMUTE),
    Claim("AB = BA: (AB)^T... B^T (A^T)^j = (A^T)^j B^T", B.T * MatPow(A.T, j), MatPow(A.T, j) * B.T, assume=COMMUTE),
    Claim("(B^-1 A B)^j = B^-1 A^j B", MatPow(B.I * A * B, j), B.I * MatPow(A, j) * B),
    Claim("(A^j B)^-1 = B^-1 (A^-1)^j", Inverse(MatPow(A, j) * B), B.I * MatPow(A.I, j)),
]


@pytest.mark.parametrize("claim", TRUE, ids=lambda c: c.name)
def test_power_identities_are_proved_with_accepted_certificates(claim):
    result = check_certificate(certificate(claim), claim)
    assert result.accepted, result.reason


@pytest.mark.parametrize("claim", [
    Claim("P^2 = P: P^j = P with j = 0 allowed", MatPow(P, j), P, assume=IDEMPOTENT),
    Claim("(AB)^k = A^k B^k without AB = BA", MatPow(A * B, k), MatPow(A, k) * MatPow(B, k)),
    Claim("(A^-1)^k = (A^k)^T", MatPow(A.I, k), MatPow(A, k).T),
    Claim("AB = BA: (AB)^k = A^k B", MatPow(A * B, k), MatPow(A, k) * B, assume=COMMUTE),
], ids=lambda c: c.name)
def test_false_power_identities_are_refuted(claim):
    verdict = decide_claim(claim, timeout=30)
    assert verdict.status == "refuted", verdict.detail


def test_the_idempotent_counterexample_is_at_k_equal_0():
    verdict = decide_claim(Claim("P^j = P", MatPow(P, j), P, assume=IDEMPOTENT), timeout=30)
    assert verdict.status == "refuted"
    assert verdict.counterexample.values["j"] == 0
    assert verdict.counterexample.values["P"] != sympy.eye(verdict.counterexample.dims["n"])


# ---- which inverses an induction may take -----------------------------------------------------------

C = MatrixSymbol("C", n, 2 * n)


@pytest.mark.parametrize("expr, monotone", [
    (Inverse(MatPow(A, j)), True),
    (Inverse(MatPow(A, 2 * j + 1) * B), True),
    (MatPow(A, -j), True),
    (MatPow(A.I, j), True),
    (Inverse(In + MatPow(A, j)), False),          # I + A^j may be invertible at j + 1 but not at j
    (Inverse(C * MatPow(MatrixSymbol("D", 2 * n, 2 * n), j) * C.T), False),   # not a product of square factors
    (Inverse(j * A), False),                      # the scalar j: singular at j = 0 only
])
def test_inverses_that_exist_at_k_whenever_at_k_plus_1(expr, monotone):
    claim = Claim("c", expr, expr)
    assert inverses_monotone_in(problem_from_claim(claim), j) is monotone
    assert monotone_inverses([expr], j) is monotone


def test_an_induction_through_a_non_monotone_inverse_is_not_proved():
    claim = Claim("(I + A^j)^-1 (I + A^j) = I written by hand", Inverse(In + MatPow(A, j)) * MatPow(A, j),
                  In - Inverse(In + MatPow(A, j)))
    verdict = prove(problem_from_claim(claim), time.monotonic() + 10, [])
    assert verdict is None or verdict.status != "proved" or "induction" not in (verdict.certificate or {})


def test_a_power_commutation_needs_the_commutation_assumption():
    claim = TRUE[6]
    cert = certificate(claim)
    step = cert["induction"]["step"]
    assert any("so with its power" in h["origin"] for h in step["hypotheses"])   # A·B^k = B^k·A from AB = BA
    bare = Claim(claim.name, claim.lhs, claim.rhs)
    assert not check_certificate(copy.deepcopy(cert), bare).accepted


def test_the_checker_takes_an_inverse_of_a_power_in_a_step_only_for_a_monotone_claim():
    cert = certificate(TRUE[4])
    step = cert["induction"]["step"]
    for monotone in (True, False):
        t = CheckerTranslator(Context.read(step), Induction(j, monotone))
        if monotone:
            t.grid(Inverse(MatPow(A, j)))
        else:
            with pytest.raises(Rejected, match="depending on the induction variable"):
                t.grid(Inverse(MatPow(A, j)))


# ---- a power written with the transpose inside: (Bᵀ)ᵏ stands for (Bᵏ)ᵀ ----------------------------------

TRANSPOSED_POWERS = [
    Claim("A orthogonal: (A^k)^T A^k = I", MatPow(A, k).T * MatPow(A, k), In, assume=[Q.orthogonal(A)]),
    Claim("tr((A^T)^k) = tr(A^k)", sympy.Trace(MatPow(A.T, k)), sympy.Trace(MatPow(A, k))),
    Claim("(A^T)^k B^T = (B A^k)^T", MatPow(A.T, k) * B.T, (B * MatPow(A, k)).T),
]


@pytest.mark.parametrize("claim", TRANSPOSED_POWERS, ids=lambda c: c.name)
def test_a_power_of_a_transpose_is_read_as_the_transpose_of_the_power(claim):
    result = check_certificate(certificate(claim), claim)
    assert result.accepted, result.reason


def _power_letters(cert: dict):
    parts = [cert["induction"]["base"], cert["induction"]["step"]] if "induction" in cert else [cert]
    for part in parts:
        for letter in part["letters"]:
            if letter["kind"] == "opaque" and letter["meaning"].startswith("MatPow("):
                yield letter


def test_a_power_letter_of_another_transposed_base_is_rejected():
    claim = TRANSPOSED_POWERS[0]
    cert = copy.deepcopy(certificate(claim))
    letters = list(_power_letters(cert))
    assert letters
    for letter in letters:   # (A^T)^k becomes (B^T)^k: no letter stands for A^k any more
        letter["meaning"] = letter["meaning"].replace("Str('A')", "Str('B')")
    result = check_certificate(cert, claim)
    assert not result.accepted and "no power letter" in result.reason


# ---- scalar powers b^(m·k + c): the checker reads them as its own atom g = bᵏ ----------------------------

S = MatrixSymbol("S", n, n)
SIGNED = Claim("S^T = -S: (S^k)^T = (-1)^k S^k", MatPow(S, k).T, (-1)**k * MatPow(S, k), assume=[Eq(S.T, -S)])


def test_a_scalar_power_of_the_induction_variable_is_checked():
    result = check_certificate(certificate(SIGNED), SIGNED)
    assert result.accepted, result.reason


def test_a_scalar_power_atom_of_another_base_is_rejected():
    cert = copy.deepcopy(certificate(SIGNED))
    changed = False
    for generator in cert["induction"]["step"]["field"]["generators"]:
        atom = generator.get("atom") or {}
        if atom.get("function") == f"pow_{k}":
            atom["arguments"] = ["1"]          # 1^k instead of (-1)^k
            changed = True
    assert changed
    result = check_certificate(cert, SIGNED)
    assert not result.accepted and "no atom" in result.reason


def test_the_sign_of_a_power_is_not_dropped():
    verdict = decide_claim(Claim("S^T = -S: (S^k)^T = S^k", MatPow(S, k).T, MatPow(S, k), assume=[Eq(S.T, -S)]),
                           timeout=30)
    assert verdict.status == "refuted"


# ---- several exponent symbols in a direct proof ---------------------------------------------------------

TWO_EXPONENTS = Claim("AB = BA: A^k B^j = B^j A^k", MatPow(A, k) * MatPow(B, j), MatPow(B, j) * MatPow(A, k),
                      assume=COMMUTE)


def test_powers_in_two_exponents_commute_when_their_bases_do():
    cert = certificate(TWO_EXPONENTS)
    assert "induction" not in cert
    assert check_certificate(cert, TWO_EXPONENTS).accepted
    bare = Claim(TWO_EXPONENTS.name, TWO_EXPONENTS.lhs, TWO_EXPONENTS.rhs)
    result = check_certificate(copy.deepcopy(cert), bare)
    assert not result.accepted and "not granted" in result.reason


def test_powers_in_two_exponents_of_bases_that_do_not_commute_are_refuted():
    verdict = decide_claim(Claim(TWO_EXPONENTS.name, TWO_EXPONENTS.lhs, TWO_EXPONENTS.rhs), timeout=30)
    assert verdict.status == "refuted"


def test_an_exponent_symbol_with_no_lower_bound_gets_no_power_letter():
    # false at i = 0 (P^0 = I): with P^i a letter and P^2 = P applied to it, it would be "proved"
    claim = Claim("P^2 = P: P^i A^k = P A^k, i any integer", MatPow(P, i) * MatPow(A, k), P * MatPow(A, k),
                  assume=IDEMPOTENT)
    assert decide_claim(claim, timeout=30).status != "proved"
