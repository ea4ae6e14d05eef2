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
    assert "logs of real rational expressions only" in checked(log(1 + sympy.cbrt(x)), log(x) / 3).reason
    assert "logs of real rational expressions only" in checked(log(1 + sympy.sqrt(1 + sympy.sqrt(x))), 0, ">=").reason
    assert "logs of real rational expressions only" in checked(log(1 + log(1 + x)), 0, ">=").reason
    assert "logs of real rational expressions only" in checked(log(1 + sympy.sqrt(x) + sympy.cbrt(x)), 0, ">=").reason


@pytest.mark.parametrize("lhs, rhs, relation, accepted", [
    (log(sympy.sqrt(x)), log(x) / 2, "==", True),                  # log √x = ½·log x
    (log(x ** sympy.Rational(3, 2) / y), 3 * log(x) / 2 - log(y), "==", True),
    (log(sympy.sqrt(x)), log(x), "==", False),
    (log(sympy.sqrt(x)), log(x) / 3, "==", False),
])
def test_a_root_standing_as_a_factor_of_a_logs_argument_is_read_by_its_exponent(lhs, rhs, relation, accepted):
    result = checked(lhs, rhs, relation)
    assert result.accepted == accepted, result.reason


@pytest.mark.parametrize("lhs, rhs", [
    (log(sympy.sqrt(a)), log(a) / 2),                              # a < 0: √a is not real
    (log(sympy.cbrt(a)), log(a) / 3),
])
def test_a_root_inside_a_log_is_never_assumed_real(lhs, rhs):
    result = checked(lhs, rhs)
    assert not result.accepted and "not shown real" in result.reason


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
    accepted_proof(Claim("c", lhs, rhs, relation=relation))


def accepted_proof(claim):
    """symcheck proves the claim and the checker accepts its certificate: the checker's result."""
    verdict = decide_claim(claim, 10.0)
    assert verdict.status == "proved", verdict.detail
    result = check_certificate(verdict.certificate, claim)
    assert result.accepted, result.reason
    return result


# -- |·| inside a log, and exp linked to log (log E = t for E = exp(t)) -------------------------------------------

b = symbols("b", real=True)
a_nz, b_nz = symbols("a_nz b_nz", real=True, nonzero=True)
exp, Abs, Max = sympy.exp, sympy.Abs, sympy.Max
sigmoid = 1 / (1 + exp(-a))
softplus = log(1 + exp(a))

ML_LOG_FACTS = [
    (softplus, a, ">", ()),                               # 1 + E > E, so log(1 + E) > log E = a
    (log(sigmoid), a - softplus, "==", ()),               # log(E/(E + 1)) = a − log(E + 1)
    (log(1 - sigmoid), -softplus, "==", ()),
    (log(exp(a) + exp(b)), a, ">=", ()),                  # log-sum-exp is at least each of its arguments
    (log(exp(a) * exp(b)), a + b, "==", ()),
    (log(exp(a) / (exp(a) + exp(b))), a - log(exp(a) + exp(b)), "==", ()),   # log of a softmax
    (log(a_nz ** 2), 2 * log(Abs(a_nz)), "==", ()),       # |a| is read as a: log a² = 2·log|a|
    (log(Abs(a) + 1), 0, ">=", ()),
    (log(x * exp(-a)), log(x) - a, "==", ()),             # exp(−a) is a factor of the denominator: −a
    (log(exp(a) + exp(b)), a + log(1 + exp(b - a)), "==", ()),               # the log-sum-exp trick
    (log(exp(a - b) + exp(-b)) + b, log(exp(a) + 1), "==", ()),              # exp(a − b) = exp(a)·exp(−b)
    (exp(a + b) / (exp(a + b) + exp(2 * b)), 1 / (1 + exp(b - a)), "==", ()),  # a softmax shifted by b
]


@pytest.mark.parametrize("lhs, rhs, relation, assume", ML_LOG_FACTS)
def test_logs_of_exps_and_absolute_values_are_re_derived(lhs, rhs, relation, assume):
    result = checked(lhs, rhs, relation, assume)
    assert result.accepted, result.reason


@pytest.mark.parametrize("lhs, rhs, relation, assume", ML_LOG_FACTS)
def test_the_scalar_prover_proves_them_with_a_certificate_the_checker_accepts(lhs, rhs, relation, assume):
    claim = Claim("c", lhs, rhs, relation=relation, assume=list(assume))
    verdict = decide_claim(claim, 10.0)
    assert verdict.status == "proved", verdict.detail
    result = check_certificate(verdict.certificate, claim)
    assert result.accepted, result.reason


FALSE_TWINS = [
    (softplus, a + 1, ">", ()),                            # false at a = 0: log 2 < 1
    (softplus, a, "<", ()),
    (log(sigmoid), -softplus, "==", ()),
    (log(exp(a) + exp(b)), Max(a, b), "<=", ()),           # false at a = b: log 2 > 0
    (log(exp(a) * exp(b)), a * b, "==", ()),
    (log(a_nz ** 2), 3 * log(Abs(a_nz)), "==", ()),
    (log(Abs(a) + 1), Abs(a), ">", ()),                    # false at a = 0
    (log(exp(2 * a)), a, "==", ()),                        # log E² = 2a, not a
    (log(x * exp(-a)), log(x) + a, "==", ()),
    (log(exp(a) + exp(b)), a + log(exp(b - a)), "==", ()),
    (exp(a + b), exp(a) + exp(b), "==", ()),
    (exp(a + b) / (exp(a + b) + exp(b)), 1 / (1 + exp(b - a)), "==", ()),   # the shift applied to one term only
    (exp(a - 1), a + 1, ">=", ()),
]


@pytest.mark.parametrize("lhs, rhs, relation, assume", FALSE_TWINS)
def test_false_twins_are_rejected_by_the_checker_and_refuted_by_symcheck(lhs, rhs, relation, assume):
    assert not checked(lhs, rhs, relation, assume).accepted
    verdict = decide_claim(Claim("c", lhs, rhs, relation=relation, assume=list(assume)), 10.0)
    assert verdict.status == "refuted", verdict.detail


@pytest.mark.parametrize("lhs, rhs, relation, assume", [
    (log(a ** 2), 2 * log(Abs(a)), "==", ()),             # a = 0: neither side is real
    (log(Abs(a)), a - 1, "<=", ()),
    (log(a_nz ** 2), 2 * log(a_nz), "==", ()),            # a < 0: log a is not real
    (log(a_nz * b_nz), log(Abs(a_nz)) + log(Abs(b_nz)), "==", ()),   # a·b < 0: the left side is not real
])
def test_reading_abs_as_its_argument_never_assumes_the_log_real(lhs, rhs, relation, assume):
    result = checked(lhs, rhs, relation, assume)
    assert not result.accepted and "not shown real" in result.reason
    verdict = decide_claim(Claim("c", lhs, rhs, relation=relation, assume=list(assume)), 10.0)
    assert verdict.status != "proved", verdict.detail


def test_an_exp_factor_of_a_log_is_its_exponent_and_an_atom_of_the_monotonicity():
    t = symbols("t", positive=True)  # stands for the checker's exp indeterminate E = exp(2a)
    (lhs, rhs), hypotheses, described, arguments = log_atoms_of([log(t ** 3 * (1 + t)), log(t)], set(), {t: 2 * a})
    (l_1,) = lhs.free_symbols - {a, t}
    assert lhs == 6 * a + l_1 and rhs == 2 * a and len(described) == 1      # only log|1 + t| is an atom
    assert sympy.Gt(l_1, 2 * a) in hypotheses   # 1 + t > t, so log|1 + t| > log t = 2a (the pair, evaluated)


def test_an_exp_of_several_terms_keeps_the_tangent_line_of_its_whole_exponent():
    """exp(a − 1) = E_a/E_1 for the checker; E_a ≥ 1 + a and E_1 ≥ 2 alone do not give exp(a − 1) ≥ a, the
    bound of the whole exp(a − 1) ≥ 1 + (a − 1) does."""
    result = checked(exp(a - 1), a, ">=")
    assert result.accepted, result.reason
    assert not checked(exp(a - 1), a + sympy.Rational(1, 10), ">=").accepted   # false at a = 1


# -- log(u·v) = log u + log v among a few atoms: log-sum-exp is at most its max plus log 2 ---------------------------

def test_log_sum_exp_is_at_most_its_max_plus_log_2_proved_and_re_derived():
    claim = Claim("c", log(exp(a) + exp(b)), Max(a, b) + log(2), relation="<=")
    verdict = decide_claim(claim, 10.0)
    assert verdict.status == "proved", verdict.detail
    result = check_certificate(verdict.certificate, claim)
    assert result.accepted, result.reason   # where b <= a: e^a + e^b <= 2·e^a, so log(e^a + e^b) <= log 2 + a


@pytest.mark.parametrize("rhs", [Max(a, b) + log(2) - sympy.Rational(1, 10), Max(a, b) + log(3) / 2])
def test_a_bound_below_max_plus_log_2_is_rejected_and_refuted(rhs):   # false at a = b
    assert not checked(log(exp(a) + exp(b)), rhs, "<=").accepted
    verdict = decide_claim(Claim("c", log(exp(a) + exp(b)), rhs, relation="<="), 10.0)
    assert verdict.status == "refuted", verdict.detail


def test_products_of_atoms_are_ordered_against_each_atom_only_for_a_few_atoms():
    from symcheck.certify.logs import MAX_PRODUCT_ATOMS

    def products(hypotheses):  # hypotheses comparing a sum of two atoms L1 + L2 (or 2·L1) with an atom
        return [h for h in hypotheses for node in sympy.preorder_traversal(h)
                if (node.is_Add or node.is_Mul) and node.free_symbols
                and all(s.name.startswith("log_") for s in node.free_symbols)]

    few = log_atoms_of([log(x + 1) + log(x + 2)], set())[1]
    many = log_atoms_of([sum(log(x + k) for k in range(1, MAX_PRODUCT_ATOMS + 2))], set())[1]
    assert products(few) and products(many) == []


def proved_and_re_derived(lhs, rhs, relation, assume=()):
    """symcheck proves the claim, its certificate is accepted, and so is a certificate naming only its sides."""
    claim = Claim("c", lhs, rhs, relation=relation, assume=list(assume))
    verdict = decide_claim(claim, 10.0)
    assert verdict.status == "proved", verdict.detail
    assert check_certificate(verdict.certificate, claim).accepted
    result = checked(lhs, rhs, relation, assume)
    assert result.accepted, result.reason
    return result


def refuted_and_rejected(lhs, rhs, relation, assume=()):
    """symcheck refutes the claim, and a certificate naming only its sides is rejected (not for its domain)."""
    result = checked(lhs, rhs, relation, assume)
    assert not result.accepted and "not shown real" not in result.reason, result.reason
    verdict = decide_claim(Claim("c", lhs, rhs, relation=relation, assume=list(assume)), 10.0)
    assert verdict.status == "refuted", verdict.detail


# -- the goal's own combination of logs: Σ kᵢ·log uᵢ ordered as Π uᵢ^kᵢ (AM–GM in log form) --------------------

z = symbols("z", positive=True)
AM_GM_TRUE = [
    (log(x) + log(y), 2 * log((x + y) / 2), "<="),                 # 4xy <= (x + y)²
    ((log(x) + log(y)) / 2, log((x + y) / 2), "<="),               # rational coefficients scaled to integers
    (log(x) + log(y), log((x ** 2 + y ** 2) / 2), "<="),
    (log(2 * x * y / (x + y)), (log(x) + log(y)) / 2, "<="),      # harmonic <= geometric mean
    (log(x) + log(y) + log(z), 3 * log((x + y + z) / 3), "<="),   # 27xyz <= (x + y + z)³: degree 10 with log 3
    (2 * log(1 + x), log(1 + x ** 2), ">="),
]
AM_GM_FALSE = [
    (log(x) + log(y), 2 * log((x + y) / 2), ">="),                 # false where x != y
    (log(x) + log(y), 2 * log((x + y) / 3), "<="),                 # false at x = y = 1
    (log(2 * x * y / (x + y)), (log(x) + log(y)) / 2, ">="),
    (log(x) + log(y), 2 * log((x + y) / 2), "=="),
]


@pytest.mark.parametrize("lhs, rhs, relation", AM_GM_TRUE)
def test_means_compared_in_log_form_are_proved_with_a_certificate_the_checker_accepts(lhs, rhs, relation):
    proved_and_re_derived(lhs, rhs, relation)


@pytest.mark.parametrize("lhs, rhs, relation", AM_GM_FALSE)
def test_false_means_in_log_form_are_refuted_and_their_certificates_rejected(lhs, rhs, relation):
    refuted_and_rejected(lhs, rhs, relation)


def test_the_combination_fact_orders_the_positive_part_against_the_negative_part():
    from symcheck.certify.logs import combination_fact
    L0, L1, L2, L3 = symbols("L0:4", real=True)
    sizes = {L0: x, L1: y, L2: x + y, L3: sympy.Integer(2)}
    fact = combination_fact(L0 + L1 - 2 * L2 + 2 * L3 + x, sizes)   # the rest (x) holds no atom
    assert fact == sympy.Or(sympy.And(sympy.Lt(4 * x * y, (x + y) ** 2), sympy.Lt(L0 + L1 + 2 * L3, 2 * L2)),
                            sympy.And(sympy.Gt(4 * x * y, (x + y) ** 2), sympy.Gt(L0 + L1 + 2 * L3, 2 * L2)),
                            sympy.And(sympy.Eq(4 * x * y, (x + y) ** 2), sympy.Eq(L0 + L1 + 2 * L3, 2 * L2)))
    assert combination_fact((L0 - L1) / 3, sizes) == combination_fact(L0 - L1, sizes)
    assert combination_fact(L0 * L1 - L2, sizes) is None        # an atom under a product: no combination
    assert combination_fact(L0 + x, sizes) is None              # one atom: monotonicity already says it
    assert combination_fact(5 * L0 - L1, sizes) is None         # a power beyond MAX_COMBINATION_POWER
    assert combination_fact(L0 + sympy.sqrt(2) * L1, sizes) is None


def test_the_provers_combination_is_the_goals_logs_with_integer_powers():
    from symcheck.prove.scalar.nlsat import log_combination
    assert log_combination(log(x) + log(y) - 2 * log(x + y) + 2 * log(2)) == \
        {log(x): 1, log(y): 1, log(x + y): -2, log(2): 2}
    assert log_combination((log(x) - log(y)) / 2 + x) == {log(x): 1, log(y): -1}
    assert log_combination(log(x) * log(y) - log(x + y)) is None
    assert log_combination(log(x) - x) is None
    assert log_combination(log(x) - 5 * log(y)) is None


# -- exp of a multiple of a sum: exp(g·s) = exp(s)^g, with the tangent lines of exp(s) ------------------------------

p = symbols("p", positive=True)
EXP_POWERS_TRUE = [
    (sympy.exp(p - 1) * sympy.exp(p - 1), p ** 2, ">=", ()),           # e^(2p−2) = (e^(p−1))² ≥ p²
    (sympy.exp(3 * p - 3), p ** 3, ">=", ()),
    (sympy.exp(2 - 2 * a), (2 - a) ** 2, ">=", [a < 2]),                # e^(1−a) ≥ 2 − a > 0
    (sympy.exp(2 * a - 2), 2 * a - 1, ">=", ()),                         # the whole exponent's tangent line
]
EXP_POWERS_FALSE = [
    (sympy.exp(2 * p - 2), 2 * p ** 2, ">=", ()),                        # false at p = 1
    (sympy.exp(2 * p - 2), (2 * p - 1) ** 2, ">=", [p > sympy.Rational(1, 2)]),   # false at p = 2: e² < 9
    (sympy.exp(2 - 2 * a), (3 - a) ** 2, ">=", [a < 2]),                 # false at a = 1
    (sympy.exp(2 * a - 2), 4 * a - 3, ">=", ()),                         # false at a = 3/2: e < 3
]


@pytest.mark.parametrize("lhs, rhs, relation, assume", EXP_POWERS_TRUE)
def test_an_exp_of_a_multiple_of_a_sum_is_a_power_of_the_sums_exp(lhs, rhs, relation, assume):
    proved_and_re_derived(lhs, rhs, relation, assume)


@pytest.mark.parametrize("lhs, rhs, relation, assume", EXP_POWERS_FALSE)
def test_false_bounds_on_an_exp_of_a_multiple_are_refuted_and_rejected(lhs, rhs, relation, assume):
    refuted_and_rejected(lhs, rhs, relation, assume)


# -- a square root inside a log's argument (log(1 + √x)): an atom of its own, the roots read as every root -------------

@pytest.mark.parametrize("lhs, rhs, relation, assume", [
    (log(1 + sympy.sqrt(x)), sympy.sqrt(x), "<=", ()),              # log u ≤ u − 1
    (log(1 + sympy.sqrt(x)), 0, ">=", ()),                           # 1 + √x ≥ 1
    (log(1 + sympy.sqrt(x)), log(1 + x), "<=", [x > 1]),             # √x ≤ x there: log is increasing
    (2 * log(1 + sympy.sqrt(x)), log(1 + x), ">=", ()),              # (1 + √x)² ≥ 1 + x: the goal's combination
])
def test_a_log_of_a_sum_with_a_root_is_proved_and_re_derived(lhs, rhs, relation, assume):
    result = proved_and_re_derived(lhs, rhs, relation, assume)
    assert any("square roots read as" in step for step in result.checked)


@pytest.mark.parametrize("lhs, rhs, relation, assume", [
    (log(1 + sympy.sqrt(x)), sympy.sqrt(x), ">=", ()),              # false at x = 1: log 2 < 1
    (log(1 + sympy.sqrt(x)), sympy.sqrt(x) / 2, "<=", ()),          # false at x = 1: log 2 > 1/2
    (log(1 + sympy.sqrt(x)), log(1 + x), ">", [x > 1]),
    (2 * log(1 + sympy.sqrt(x)), log(1 + x), "<=", ()),
])
def test_false_claims_on_a_log_of_a_sum_with_a_root_are_rejected_and_refuted(lhs, rhs, relation, assume):
    refuted_and_rejected(lhs, rhs, relation, assume)


@pytest.mark.parametrize("lhs, rhs, relation", [
    (log(sympy.sqrt(x) - 1), sympy.sqrt(x), "<="),     # √x − 1 ≤ 0 where x ≤ 1: the log is not real there
    (log(1 + sympy.sqrt(a)), sympy.sqrt(a), "<="),     # a < 0: the root is not real
    (log(2 - sympy.sqrt(1 + a ** 2)), 1, "<="),         # 2 − √(1 + a²) ≤ 0 where |a| ≥ √3
])
def test_a_log_of_a_sum_with_a_root_is_never_assumed_real(lhs, rhs, relation):
    result = checked(lhs, rhs, relation)
    assert not result.accepted and "not shown real" in result.reason, result.reason


# -- closed claims with logs and roots: the ground certificate's entries are not rational, the scalar reading decides -

GROUND = {"format": "symcheck-ground/1", "kind": "exact evaluation"}


@pytest.mark.parametrize("lhs, rhs, relation", [
    (log(2) + log(3), log(6), "=="),
    (log(8), 3 * log(2), "<="),
    (log(2) + log(5), 2 * log(3), ">"),              # 10 > 9: the goal's combination of log 2, log 3, log 5
    (log(sympy.sqrt(2) - 1), 0, "<"),                 # a root inside a log's argument
    (sympy.sqrt(2) + sympy.sqrt(3), sympy.sqrt(10), "<"),
])
def test_a_closed_claim_with_logs_or_roots_is_proved_and_its_certificate_re_derived(lhs, rhs, relation):
    claim = Claim("c", lhs, rhs, relation=relation)
    result = accepted_proof(claim)
    assert any("re-derived as a scalar claim" in step for step in result.checked)
    assert check_certificate(GROUND, claim).accepted   # the certificate's kind alone: everything re-derived


@pytest.mark.parametrize("lhs, rhs, relation", [
    (log(2) + log(5), 2 * log(3), "<"),
    (log(2) + log(3), log(5), "=="),
    (log(sympy.sqrt(2) - 1), 0, ">"),
    (sympy.sqrt(2) + sympy.sqrt(3), sympy.sqrt(10), ">="),
])
def test_a_ground_certificate_for_a_false_closed_claim_with_logs_or_roots_is_rejected(lhs, rhs, relation):
    assert not check_certificate(GROUND, Claim("c", lhs, rhs, relation=relation)).accepted
    assert decide_claim(Claim("c", lhs, rhs, relation=relation), 10.0).status == "refuted"


def test_a_closed_matrix_with_irrational_entries_is_still_not_compared():
    claim = Claim("c", sympy.ImmutableMatrix([[log(2) + log(3)]]), sympy.ImmutableMatrix([[log(6)]]))
    assert "cannot compare exactly" in check_certificate(GROUND, claim).reason


@pytest.mark.parametrize("lhs, rhs, relation, assume, true", [
    (log(x) + 3 * log(y), 4 * log((x + 3 * y) / 4), "<=", (), True),   # weighted AM–GM: log 4 is 2 log 2, k = 8
    (log(x) + 3 * log(y), 4 * log((x + 3 * y) / 5), "<=", (), False),
    (2 * log(x) - log(y), log(2 * x - y), ">=", [2 * x > y], True),    # x² >= y(2x − y); the domain beside the goal
    (2 * log(x) - log(y), log(2 * x - y), "<=", [2 * x > y], False),
    (log(a - b) + log(b), 2 * log(a / 2), "<=", [a > b, b > 0], True),  # real symbols: logs of |f| in the goal
    (log(a - b) + log(b), 2 * log(a / 3), "<=", [a > b, b > 0], False),
])
def test_weighted_means_and_goals_beside_their_domain_in_log_form(lhs, rhs, relation, assume, true):
    if true:
        proved_and_re_derived(lhs, rhs, relation, assume)
    else:
        refuted_and_rejected(lhs, rhs, relation, assume)


def test_the_logs_of_numbers_in_a_combination_may_have_large_powers():
    from symcheck.certify.logs import combination_fact
    from symcheck.prove.scalar.nlsat import log_combination
    assert log_combination(log(x) + 3 * log(y) - 4 * log(x + 3 * y) + 8 * log(2)) == \
        {log(x): 1, log(y): 3, log(x + 3 * y): -4, log(2): 8}
    assert log_combination(log(x) - 8 * log(y)) is None            # a symbolic atom's power stays bounded
    L0, L1 = symbols("L0:2", real=True)
    assert combination_fact(L0 - 8 * L1, {L0: x, L1: sympy.Integer(2)}) is not None
    assert combination_fact(L0 - 8 * L1, {L0: x, L1: y}) is None


def test_an_exp_of_a_multiple_of_one_term_is_a_power_too():
    """σ(a)(1 − σ(a)) ≤ 1/4 with σ = 1/(1 + e⁻ᵃ): the goal holds e^(−2a) and e^(−4a), read as powers of e^(−a)."""
    sigma = 1 / (1 + sympy.exp(-a))
    proved_and_re_derived(sigma * (1 - sigma), sympy.Rational(1, 4), "<=")
    refuted_and_rejected(sigma * (1 - sigma), sympy.Rational(1, 5), "<=")
