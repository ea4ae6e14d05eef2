"""Determinants inside the prover and log-det (issue 13, items 1 and 2): each rule proves its law with a
certificate the independent checker accepts, its mutated twin is refuted, and a certificate carried over
to a claim the rule does not cover, or tampered with, is rejected."""
from __future__ import annotations

import copy

import pytest
import sympy
from sympy import Abs, BlockMatrix, Determinant, HadamardProduct, Identity, MatrixSymbol, Q, ZeroMatrix, log, symbols

from symcheck import Claim, dot
from symcheck.certify.checker import check_certificate
from symcheck.engine import decide_claim

n, m = symbols("n m", integer=True, positive=True)
c = symbols("c", real=True)
cp = symbols("c_p", positive=True)
A, B, L, Qm = (MatrixSymbol(s, n, n) for s in "ABLQ")
W = MatrixSymbol("W", m, m)
P, R = MatrixSymbol("P", n, m), MatrixSymbol("R", m, n)
u, v = MatrixSymbol("u", n, 1), MatrixSymbol("v", n, 1)
In, Im = Identity(n), Identity(m)
BLOCK = BlockMatrix([[A, P], [R, W]])
d = symbols("d", integer=True, positive=True)
mu = symbols("mu", real=True)
X, Id = MatrixSymbol("X", n, d), Identity(d)
POS = [Determinant(A) > 0, Determinant(B) > 0]
PD = [Q.positive_definite(A), Q.positive_definite(B)]

# rule -> (true claim, its mutated false twin)
CASES = {
    "product": (Claim("t", Determinant(A * B), Determinant(A) * Determinant(B)),
                Claim("f", Determinant(A * B), Determinant(A) + Determinant(B))),
    "transpose and inverse": (Claim("t", Determinant(A.T * A.I), 1),
                              Claim("f", Determinant(A.T * A.I), Determinant(A) ** 2)),
    "scalar multiple, symbolic size": (Claim("t", Determinant(c * A), c ** n * Determinant(A)),
                                       Claim("f", Determinant(c * A), c ** 2 * Determinant(A))),
    "Sylvester, rectangular": (Claim("t", Determinant(In + P * R), Determinant(Im + R * P)),
                               Claim("f", Determinant(In + P * R), Determinant(Im + 2 * R * P))),
    "determinant lemma": (Claim("t", Determinant(A + u * v.T), (1 + dot(v, A.I * u)) * Determinant(A)),
                          Claim("f", Determinant(A + u * v.T), (1 + dot(u, A * v)) * Determinant(A))),
    "determinant lemma, divided": (   # 1/det(A) in a matrix certificate: a field element, det(A) a denominator
        Claim("t", Determinant(A + u * v.T) / Determinant(A), 1 + dot(v, A.I * u)),
        Claim("f", Determinant(A + u * v.T) / Determinant(A), 1 + dot(v, A * u))),
    "Schur, first pivot": (Claim("t", Determinant(BLOCK), Determinant(A) * Determinant(W - R * A.I * P)),
                           Claim("f", Determinant(BLOCK), Determinant(A) * Determinant(W - P.T * A.I * R.T))),
    "Schur, second pivot": (Claim("t", Determinant(BLOCK), Determinant(W) * Determinant(A - P * W.I * R)),
                            Claim("f", Determinant(BLOCK), Determinant(W) * Determinant(A + P * W.I * R))),
    "block triangular": (
        Claim("t", Determinant(BlockMatrix([[A, ZeroMatrix(n, m)], [R, W]])), Determinant(A) * Determinant(W)),
        Claim("f", Determinant(BlockMatrix([[A, P], [R, W]])), Determinant(A) * Determinant(W))),
    "orthogonal": (Claim("t", Abs(Determinant(Qm * A)), Abs(Determinant(A)), assume=[Q.orthogonal(Qm)]),
                   Claim("f", Determinant(Qm * A), Determinant(A), assume=[Q.orthogonal(Qm)])),
    "equal matrices, equal determinants": (
        Claim("t", Abs(Determinant(A)), 1, assume=[sympy.Eq(A.T * A, In)]),
        Claim("f", Abs(Determinant(A)), 1, assume=[sympy.Eq(A.T * A, 2 * In)])),
    "positive definite": (Claim("t", Determinant(A * B), 0, relation=">", assume=PD),
                          Claim("f", Determinant(A * B), 0, relation=">", assume=[Q.symmetric(A), Q.symmetric(B)])),
    "positive definite by its form": (
        Claim("t", Determinant(X.T * X + mu * Id), 0, relation=">", assume=[mu > 0]),
        Claim("f", Determinant(X.T * X + mu * Id), 0, relation=">", assume=[mu >= 0])),
    "assumed positive": (Claim("t", Determinant(A.I * B), 0, relation=">", assume=POS),
                         Claim("f", Determinant(A.I * B), 0, relation=">", assume=[Determinant(A) > 0])),
    "log-det of a product": (Claim("t", log(Determinant(A * B)), log(Determinant(A)) + log(Determinant(B)), assume=POS),
                             Claim("f", log(Determinant(A * B)), log(Determinant(A)) + 2 * log(Determinant(B)),
                                   assume=POS)),
    "log-det of a multiple": (Claim("t", log(Determinant(cp * A.I)), n * log(cp) - log(Determinant(A)), assume=PD),
                              Claim("f", log(Determinant(cp * A.I)), log(cp) - log(Determinant(A)), assume=PD)),
    "log|det| of a Gram matrix": (Claim("t", log(Determinant(L.T * L)), 2 * log(Abs(Determinant(L)))),
                                  Claim("f", log(Determinant(L.T * L)), 2 * log(Determinant(L) ** 2))),
    # Hadamard's inequality det M <= det(M o I) = prod M_ii, for M symmetric positive semidefinite only
    "Hadamard, positive definite": (
        Claim("t", Determinant(A), Determinant(HadamardProduct(A, In)), relation="<=", assume=PD),
        Claim("f", Determinant(A), Determinant(HadamardProduct(A, In)), relation="<=", assume=[Q.symmetric(A)])),
    "Hadamard, Gram product": (
        Claim("t", Determinant(P * P.T), Determinant(HadamardProduct(In, P * P.T)), relation="<="),
        Claim("f", Determinant(P * R), Determinant(HadamardProduct(In, P * R)), relation="<=")),
}
RULES = list(CASES)


@pytest.fixture(scope="module")
def verdicts() -> dict:
    return {rule: decide_claim(true, timeout=30) for rule, (true, _twin) in CASES.items()}


@pytest.mark.parametrize("rule", RULES)
def test_the_law_is_proved_with_a_certificate_the_checker_accepts(verdicts, rule):
    verdict = verdicts[rule]
    assert verdict.status == "proved", verdict
    result = check_certificate(verdict.certificate, CASES[rule][0])
    assert result.accepted, result.reason


@pytest.mark.parametrize("rule", RULES)
def test_the_mutated_twin_is_refuted(rule):
    verdict = decide_claim(CASES[rule][1], timeout=30)
    assert verdict.status == "refuted", verdict


@pytest.mark.parametrize("rule", RULES)
def test_the_certificate_of_the_law_is_rejected_for_its_twin(verdicts, rule):
    result = check_certificate(verdicts[rule].certificate, CASES[rule][1])
    assert not result.accepted, result.checked


def test_positivity_of_a_determinant_is_the_checkers_own_reading_of_the_assumptions(verdicts):
    """The obligation of `det(AB) > 0` carries det A > 0 and det B > 0 from Q.positive_definite: the checker
    derives them itself: emptying the obligation's assumptions changes nothing, and the same certificate for
    invertible A, B proves nothing."""
    cert = verdicts["positive definite"].certificate
    emptied = copy.deepcopy(cert)
    for ob in emptied["obligations"]:
        ob["assume"] = []
    assert check_certificate(emptied, CASES["positive definite"][0]).accepted
    invertible_only = Claim("f", Determinant(A * B), 0, relation=">", assume=[Q.invertible(A), Q.invertible(B)])
    assert not check_certificate(cert, invertible_only).accepted


def test_orthogonality_is_not_granted_to_a_matrix_that_is_only_invertible(verdicts):
    cert = verdicts["orthogonal"].certificate
    claim = Claim("f", Abs(Determinant(Qm * A)), Abs(Determinant(A)), assume=[Q.invertible(Qm)])
    assert not check_certificate(cert, claim).accepted
    assert decide_claim(claim, timeout=30).status == "refuted"


@pytest.mark.parametrize("rule", ["Sylvester, rectangular", "determinant lemma", "Schur, first pivot"])
def test_a_det_atom_standing_for_another_matrix_is_rejected(verdicts, rule):
    """The matrix certificate's det atoms are indeterminates for named matrices: naming one after a different
    matrix (here: dropping all but its last term, or the transposed letters) breaks the checker's own
    computation of every determinant of the claim."""
    cert = verdicts[rule].certificate
    atoms = [g for g in cert["field"]["generators"] if g.get("atom", {}).get("kind") == "det"]
    assert atoms, "the proof uses det atoms"
    for k in range(len(atoms)):
        forged = copy.deepcopy(cert)
        atom = [g for g in forged["field"]["generators"] if g.get("atom", {}).get("kind") == "det"][k]
        block = atom["atom"]["matrix"]["blocks"][0][0]
        block["terms"] = [[coeff, [*word, *word]] for coeff, word in block["terms"]] if len(block["terms"]) == 1 \
            else block["terms"][-1:]
        assert not check_certificate(forged, CASES[rule][0]).accepted, (rule, k)


def test_a_determinant_step_for_the_wrong_rule_is_not_trusted(verdicts):
    """A step is a hint for a choice, never a value: a `schur` step rewritten to claim a block-triangular matrix
    (so det = det A · det W) does not make the certificate prove det [[A, P], [R, W]] = det A det W."""
    cert = copy.deepcopy(verdicts["Schur, first pivot"].certificate)
    for step in cert["determinants"]:
        if step["rule"] == "schur":
            step["rule"] = "block-triangular"
    assert not check_certificate(cert, CASES["block triangular"][1]).accepted


def test_the_log_split_needs_real_factors_exponents_and_a_known_sign():
    """log(Π fᵢ^eᵢ) is opened only when every factor and exponent is real and the product is positive wherever
    it is nonzero, so that the identity holds whether the log of a negative number is undefined or complex:
    log(xy) for real x, y of unknown sign stays whole (x = y = −1: log 1 = 0 but log x + log y = 2πi)."""
    from symcheck.prove.reductions.determinant import DeterminantFacts, split_log

    z, w = symbols("z w")                      # complex
    x, y = symbols("x y", real=True)
    neg = symbols("q", negative=True)
    facts = DeterminantFacts()
    assert split_log(log(z * w), facts) == log(z * w)
    assert split_log(log(x ** z), facts) == log(x ** z)
    assert split_log(log(x * y), facts) == log(x * y)
    assert split_log(log(cp * x), facts) == log(cp * x)
    assert split_log(log(-Determinant(A)), facts) == log(-Determinant(A))
    assert split_log(log(Abs(x) * Abs(y)), facts) == log(Abs(x)) + log(Abs(y))
    assert split_log(log(cp * x ** 2), facts) == log(cp) + 2 * log(Abs(x))
    assert split_log(log(Determinant(A) ** 2 * 4), facts) == 2 * log(Abs(Determinant(A))) + 2 * log(2)
    assert split_log(log(neg * x ** 2 * (-3)), facts) == log(Abs(neg)) + 2 * log(Abs(x)) + log(3)
    assert split_log(log(neg * x ** 2), facts) == log(neg * x ** 2)
    assert split_log(log(sympy.sqrt(4 * Determinant(A) ** 2)), facts) in (
        log(Abs(Determinant(A))) + log(2), log(2 * Abs(Determinant(A))).expand(force=False))
    assert split_log(log(sympy.sqrt(x * y)), facts) == log(sympy.sqrt(x * y))
    assert split_log(log(Abs(x * y) ** sympy.Rational(1, 3)), facts) == (log(Abs(x)) + log(Abs(y))) / 3
    facts.positive.append(Determinant(A))
    assert split_log(log(Determinant(A) * cp), facts) == log(Determinant(A)) + log(cp)


@pytest.mark.parametrize("lhs, rhs", [
    (log(Determinant(A * B)), log(Determinant(A)) + log(Determinant(B))),     # det A = det B = −1
    (log(Determinant(A * A)), 2 * log(Determinant(A))),                       # det A = −1
    (log(-Determinant(A)), log(Determinant(A))),                              # never both real
])
def test_log_det_laws_without_signs_are_not_proved(lhs, rhs):
    """True wherever both sides are real, false in the complex reading of log: never proved, never refuted."""
    assert decide_claim(Claim("no signs", lhs, rhs), timeout=30).status == "unknown"


def test_log_det_through_absolute_values_needs_no_sign():
    assert decide_claim(Claim("t", log(Determinant(A * A)), 2 * log(Abs(Determinant(A)))), timeout=30).status \
        == "proved"
    false = Claim("f", log(Determinant(A)) ** 2, 2 * log(Determinant(A)))
    assert decide_claim(false, timeout=30).status == "refuted"


def test_an_equation_between_rectangular_matrices_gives_no_determinant_fact():
    """PᵀP = I_m for P n×m does not make det(PPᵀ) = 1 (it is 0 when m < n)."""
    claim = Claim("f", Determinant(P * P.T), 1, assume=[sympy.Eq(P.T * P, Im)])
    assert decide_claim(claim, timeout=30).status == "refuted"


def test_an_equation_fact_is_the_checkers_own_reading(verdicts):
    """The certificate of |det A| = 1 under AᵀA = I does not prove it under AAᵀ = 2I."""
    cert = verdicts["equal matrices, equal determinants"].certificate
    claim = Claim("f", Abs(Determinant(A)), 1, assume=[sympy.Eq(A * A.T, 2 * In)])
    assert not check_certificate(cert, claim).accepted


def test_a_form_that_is_only_semidefinite_gives_no_positive_determinant(verdicts):
    """XᵀX + μI is positive definite for μ > 0 only: the certificate of det > 0 does not carry over to μ ≥ 0 or to
    XᵀX − μI, and the prover does not claim them."""
    cert = verdicts["positive definite by its form"].certificate
    for claim in (Claim("f", Determinant(X.T * X + mu * Id), 0, relation=">", assume=[mu >= 0]),
                  Claim("f", Determinant(X.T * X - mu * Id), 0, relation=">", assume=[mu > 0])):
        assert not check_certificate(cert, claim).accepted
        assert decide_claim(claim, timeout=30).status == "refuted"


def test_hadamards_inequality_is_the_checkers_own_reading_and_only_for_semidefinite_matrices(verdicts):
    """det A <= det(A o I) rests on det A <= det(A o I) as an assumption of the scalar obligation: the checker
    derives it itself (emptying the obligation's assumptions changes nothing) and only for a symmetric positive
    semidefinite matrix: the same certificate proves nothing for an invertible A, the inequality turned round or
    made strict, or A o A in place of A o I."""
    cert = verdicts["Hadamard, positive definite"].certificate
    emptied = copy.deepcopy(cert)
    for ob in emptied["obligations"]:
        ob["assume"] = []
    assert check_certificate(emptied, CASES["Hadamard, positive definite"][0]).accepted
    bound = Determinant(HadamardProduct(A, In))
    for claim in (Claim("f", Determinant(A), bound, relation="<=", assume=[Q.invertible(A)]),
                  Claim("f", Determinant(A), bound, relation=">=", assume=PD),
                  Claim("f", Determinant(A), bound, relation="<", assume=PD),
                  Claim("f", Determinant(A), Determinant(HadamardProduct(A, A)), relation="<=", assume=PD)):
        assert not check_certificate(cert, claim).accepted, claim.relation
        assert decide_claim(claim, timeout=30).status != "proved", claim.relation

