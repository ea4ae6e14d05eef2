"""The positivity prover (prove/positivity.py) and its checker (certify/positivity.py), issue 14 item 4.

Each rule proves its claim with a certificate the independent checker accepts; every
tampered certificate (a flipped sign, a swapped matrix, a missing domain proof, a fake
assumption, a strictness it does not show) is rejected; false twins are never proved;
the exact operator 2-norm evaluator gives exact algebraic values.
"""
import copy
import time

import pytest
import sympy
from sympy import Abs, BlockMatrix, Identity, Matrix, MatrixSymbol, Q, Trace, sqrt, symbols

from symcheck import Claim, dot, norm, opnorm2, sqnorm
from symcheck.certify.checker import check_certificate
from symcheck.engine import decide_claim, problem_from_claim
from symcheck.prove.positivity import FORMAT, PositivityEngine, sign, symbol_signs
from symcheck.refute.constructs_eval import exact_opnorm2

n, d, k, m = symbols("n d k m", integer=True, positive=True)
lam = symbols("lambda", positive=True)
t, c = symbols("t c", real=True)
X = MatrixSymbol("X", n, d)
S = MatrixSymbol("S", d, d)
B = MatrixSymbol("B", d, k)
Bn = MatrixSymbol("Bn", n, n)
A = MatrixSymbol("A", m, n)
A2 = MatrixSymbol("A2", m, n)
C = MatrixSymbol("C", n, k)
v = MatrixSymbol("v", d, 1)
u = MatrixSymbol("u", k, 1)
x, y = MatrixSymbol("x", n, 1), MatrixSymbol("y", n, 1)
Id = Identity(d)
P_, G_, C_ = MatrixSymbol("P", n, n), MatrixSymbol("G", n, k), MatrixSymbol("C", k, k)
z_ = BlockMatrix([[x], [u]])
BLOCK = BlockMatrix([[P_, G_], [G_.T, C_]])
SCHUR = [Q.positive_definite(P_), Q.positive_definite(C_ - G_.T * P_.I * G_)]

TRUE_CLAIMS = {
    "gram trace": Claim("tr(X^T X) >= 0", Trace(X.T * X), 0, relation=">="),
    "pd form": Claim("v^T (X^T X/lam + I) v > 0", v.T * (X.T * X / lam + Id) * v, 0, relation=">",
                     assume=[Q.positive(lam), sqnorm(v) > 0]),
    "hessian": Claim("||Xv||^2/lam + ||v||^2 > 0", sqnorm(X * v) / lam + sqnorm(v), 0, relation=">",
                     assume=[Q.positive(lam), sqnorm(v) > 0]),
    "inverse": Claim("v^T (X^T X + lam I)^-1 v > 0", v.T * (X.T * X + lam * Id).I * v, 0, relation=">",
                     assume=[Q.positive(lam), sqnorm(v) > 0]),
    "congruence": Claim("u^T B^T S B u >= 0", u.T * B.T * S * B * u, 0, relation=">=",
                        assume=[Q.positive_definite(S)]),
    "assumed pd": Claim("v^T S v > 0", v.T * S * v, 0, relation=">", assume=[Q.positive_definite(S), sqnorm(v) > 0]),
    "bound": Claim("v^T (X^T X + lam I) v >= lam ||v||^2", v.T * (X.T * X + lam * Id) * v, lam * sqnorm(v),
                   relation=">=", assume=[Q.positive(lam)]),
    "gram sos": Claim("2 x^T y <= ||x||^2 + ||y||^2", 2 * dot(x, y), sqnorm(x) + sqnorm(y), relation="<="),
    "cauchy-schwarz": Claim("(x^T y)^2 <= ||x||^2 ||y||^2", dot(x, y) ** 2, sqnorm(x) * sqnorm(y), relation="<="),
    "frobenius cs": Claim("tr(A^T A2)^2 <= ||A||^2 ||A2||^2", Trace(A.T * A2) ** 2, sqnorm(A) * sqnorm(A2),
                          relation="<="),
    "triangle": Claim("||x + y|| <= ||x|| + ||y||", norm(x + y), norm(x) + norm(y), relation="<="),
    "frobenius triangle": Claim("||A + A2|| <= ||A|| + ||A2||", norm(A + A2), norm(A) + norm(A2), relation="<="),
    "injective": Claim("x^T Bn Bn^T x > 0", Trace(x.T * Bn * Bn.T * x), 0, relation=">",
                       assume=[Q.invertible(Bn), sqnorm(x) > 0]),
    "opnorm bound": Claim("||Ax|| <= ||A||_2 ||x||", norm(A * x), opnorm2(A) * norm(x), relation="<="),
    "opnorm product": Claim("||AC||_2 <= ||A||_2 ||C||_2", opnorm2(A * C), opnorm2(A) * opnorm2(C), relation="<="),
    "opnorm frobenius": Claim("||A||_2 <= ||A||_F", opnorm2(A), norm(A), relation="<="),
    "frobenius opnorm": Claim("||A||_F <= sqrt(n) ||A||_2", norm(A), sqrt(n) * opnorm2(A), relation="<="),
    "opnorm identity": Claim("||I||_2 = 1", opnorm2(Identity(n)), 1),
    "abs scaling": Claim("||cA|| = |c| ||A||", norm(c * A), Abs(c) * norm(A)),
    "square": Claim("t^2 ||x||^2 >= 0", t ** 2 * sqnorm(x), 0, relation=">="),
    "diagonal entry": Claim("S PD => S_11 > 0", S[0, 0], 0, relation=">", assume=[Q.positive_definite(S)]),
    "full column rank": Claim("B^T B invertible, u != 0 => u^T B^T B u > 0", u.T * B.T * B * u, 0, relation=">",
                              assume=[Q.invertible(B.T * B), sqnorm(u) > 0]),
    "schur": Claim("z^T [[P, G], [G^T, C]] z >= 0", z_.T * BLOCK * z_, 0, relation=">=", assume=SCHUR),
}

FALSE_TWINS = {
    "gram trace strict": Claim("tr(X^T X) > 0", Trace(X.T * X), 0, relation=">"),
    "sign flipped form": Claim("v^T (X^T X/lam - I) v > 0", v.T * (X.T * X / lam - Id) * v, 0, relation=">",
                               assume=[Q.positive(lam), sqnorm(v) > 0]),
    "no v != 0": Claim("v^T (X^T X + lam I)^-1 v > 0", v.T * (X.T * X + lam * Id).I * v, 0, relation=">",
                       assume=[Q.positive(lam)]),
    "strict cauchy-schwarz": Claim("(x^T y)^2 < ||x||^2 ||y||^2", dot(x, y) ** 2, sqnorm(x) * sqnorm(y), relation="<"),
    "halved triangle": Claim("||x + y|| <= ||x|| + ||y||/2", norm(x + y), norm(x) + norm(y) / 2, relation="<="),
    "not invertible": Claim("x^T Bn Bn^T x > 0", Trace(x.T * Bn * Bn.T * x), 0, relation=">",
                            assume=[sqnorm(x) > 0]),
    "reversed opnorm": Claim("||A||_F <= ||A||_2", norm(A), opnorm2(A), relation="<="),
    "signed scaling": Claim("||cA|| = c ||A||", norm(c * A), c * norm(A)),
    "odd power": Claim("t ||x||^2 >= 0", t * sqnorm(x), 0, relation=">="),
    "off-diagonal entry": Claim("S PD => S_12 > 0", S[0, 1], 0, relation=">", assume=[Q.positive_definite(S)]),
    "rank not assumed": Claim("u != 0 => u^T B^T B u > 0", u.T * B.T * B * u, 0, relation=">",
                              assume=[sqnorm(u) > 0]),
    "no schur complement": Claim("z^T [[P, G], [G^T, C]] z >= 0", z_.T * BLOCK * z_, 0, relation=">=",
                                 assume=SCHUR[:1]),
}


def _certificate(claim):
    problem = problem_from_claim(claim)
    verdict = PositivityEngine().attempt(problem, time.monotonic() + 30)
    assert verdict is not None and verdict.status == "proved", claim.name
    assert verdict.certificate["format"] == FORMAT
    return verdict.certificate


@pytest.mark.parametrize("name", sorted(TRUE_CLAIMS))
def test_each_rule_proves_its_claim_with_an_accepted_certificate(name):
    claim = TRUE_CLAIMS[name]
    cert = _certificate(claim)
    result = check_certificate(cert, claim)
    assert result.accepted, result.reason
    assert not result.trusted


@pytest.mark.parametrize("name", sorted(FALSE_TWINS))
def test_the_positivity_engine_never_proves_a_false_twin(name):
    problem = problem_from_claim(FALSE_TWINS[name])
    verdict = PositivityEngine().attempt(problem, time.monotonic() + 30)
    assert verdict is None or verdict.status != "proved"


@pytest.mark.parametrize("name", ["strict cauchy-schwarz", "halved triangle", "not invertible", "reversed opnorm"])
def test_false_twins_are_refuted_end_to_end(name):
    assert decide_claim(FALSE_TWINS[name], timeout=20).status == "refuted"


def _walk(node, found):
    """Every dict inside a certificate."""
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            _walk(value, found)
    elif isinstance(node, list):
        for value in node:
            _walk(value, found)
    return found


def _tampered(cert, pick, change):
    cert = copy.deepcopy(cert)
    nodes = [n for n in _walk(cert, []) if pick(n)]
    assert nodes, "nothing to tamper with"
    change(nodes[0])
    return cert


def _rejected(cert, claim) -> str:
    result = check_certificate(cert, claim)
    assert not result.accepted
    return result.reason


def test_a_negative_coefficient_is_rejected():
    claim = TRUE_CLAIMS["hessian"]
    cert = _tampered(_certificate(claim), lambda n: "coeff" in n, lambda n: n.update(coeff=sympy.srepr(-1 / lam)))
    assert "≥ 0" in _rejected(cert, claim)


def test_a_swapped_gram_matrix_is_rejected():
    claim = TRUE_CLAIMS["hessian"]
    cert = _tampered(_certificate(claim), lambda n: n.get("kind") == "gram",
                     lambda n: n.update(matrix=sympy.srepr(MatrixSymbol("Z", d, 1))))
    _rejected(cert, claim)


def test_a_fake_positive_definite_assumption_is_rejected():
    claim = TRUE_CLAIMS["assumed pd"]
    other = Claim(claim.name, claim.lhs, claim.rhs, relation=">", assume=[sqnorm(v) > 0])
    assert "assumes positive definite" in _rejected(_certificate(claim), other)


def test_a_schur_certificate_without_the_schur_complement_assumption_is_rejected():
    claim = TRUE_CLAIMS["schur"]
    assert "assumes positive definite" in _rejected(_certificate(claim), FALSE_TWINS["no schur complement"])


def test_a_schur_node_about_another_block_is_rejected():
    claim = TRUE_CLAIMS["schur"]
    cert = _tampered(_certificate(claim), lambda n: n.get("rule") == "schur",
                     lambda n: n.update(c=sympy.srepr(MatrixSymbol("D", k, k))))
    _rejected(cert, claim)


def test_the_inverse_of_a_matrix_not_shown_positive_definite_is_rejected():
    claim = TRUE_CLAIMS["inverse"]
    cert = _tampered(_certificate(claim), lambda n: n.get("rule") == "inverse",
                     lambda n: n.update(proof={"rule": "gram", "factor": sympy.srepr(X)}))
    _rejected(cert, claim)


def test_strictness_is_computed_by_the_checker_not_taken_from_the_certificate():
    claim = TRUE_CLAIMS["gram trace"]
    strict = Claim("tr(X^T X) > 0", Trace(X.T * X), 0, relation=">")
    cert = _certificate(claim)
    cert["relation"] = ">"
    assert "strict" in _rejected(cert, strict)


def test_a_missing_square_root_domain_proof_is_rejected():
    claim = TRUE_CLAIMS["triangle"]
    cert = _certificate(claim)
    cert["domain"] = cert["domain"][1:]
    assert "not shown real" in _rejected(cert, claim)


def test_a_tampered_upper_bound_of_the_squaring_rule_is_rejected():
    claim = TRUE_CLAIMS["triangle"]
    cert = _tampered(_certificate(claim), lambda n: n.get("rule") == "square",
                     lambda n: n.update(upper=sympy.srepr(2 * norm(x) + norm(y))))
    _rejected(cert, claim)


def test_a_tampered_lagrange_square_is_rejected():
    claim = TRUE_CLAIMS["cauchy-schwarz"]
    cert = _tampered(_certificate(claim), lambda n: n.get("kind") == "gram",
                     lambda n: n.update(matrix=sympy.srepr(x * y.T + y * x.T)))
    _rejected(cert, claim)


def test_an_injective_factor_that_is_not_assumed_invertible_is_rejected():
    claim = TRUE_CLAIMS["injective"]
    cert = _certificate(claim)
    other = Claim(claim.name, claim.lhs, claim.rhs, relation=">", assume=[sqnorm(x) > 0])
    _rejected(cert, other)


def test_a_diagonal_entry_of_a_matrix_not_shown_psd_is_rejected():
    claim = TRUE_CLAIMS["diagonal entry"]
    other = Claim(claim.name, claim.lhs, claim.rhs, relation=">")
    _rejected(_certificate(claim), other)


def test_injectivity_from_a_gram_matrix_needs_that_gram_matrix_invertible():
    claim = TRUE_CLAIMS["full column rank"]
    wrong = Claim(claim.name, claim.lhs, claim.rhs, relation=">", assume=[Q.invertible(B * B.T), sqnorm(u) > 0])
    assert "injective" in _rejected(_certificate(claim), wrong)


def test_an_operator_norm_fact_about_another_matrix_is_rejected():
    claim = TRUE_CLAIMS["opnorm bound"]
    cert = _tampered(_certificate(claim), lambda n: n.get("kind") == "opnorm_bound",
                     lambda n: n.update(matrix=sympy.srepr(A2)))
    _rejected(cert, claim)


def test_an_identity_norm_fact_with_a_bad_sign_is_rejected():
    claim = TRUE_CLAIMS["opnorm identity"]
    cert = _tampered(_certificate(claim), lambda n: n.get("kind") == "opnorm_identity", lambda n: n.update(sign=2))
    assert "sign" in _rejected(cert, claim)


def test_deeply_nested_squaring_steps_are_rejected_before_anything_is_expanded():
    claim = TRUE_CLAIMS["gram trace"]
    node = {"rule": "sum", "terms": []}
    for _ in range(40):
        node = {"rule": "square", "upper": sympy.srepr(Trace(X.T * X) + 1), "upper_proof": node, "gap_proof": node}
    cert = {"format": FORMAT, "relation": ">=", "domain": [], "proof": node}
    assert "squaring steps" in _rejected(cert, claim)


def test_a_certificate_for_another_relation_is_rejected():
    claim = TRUE_CLAIMS["gram trace"]
    cert = _certificate(claim)
    flipped = Claim("tr(X^T X) <= 0", Trace(X.T * X), 0, relation="<=")
    _rejected(cert, flipped)


def test_square_roots_of_possibly_negative_numbers_are_not_proved():
    claim = Claim("sqrt(-||x||^2) <= 5", sqrt(-sqnorm(x)), 5, relation="<=")
    verdict = PositivityEngine().attempt(problem_from_claim(claim), time.monotonic() + 10)
    assert verdict is None


def test_identities_without_roots_or_norms_are_left_to_the_identity_provers():
    claim = Claim("tr(X^T X) = tr(X X^T)", Trace(X.T * X), Trace(X * X.T))
    assert PositivityEngine().attempt(problem_from_claim(claim), time.monotonic() + 10) is None


def test_signs_of_coefficients():
    facts = symbol_signs(problem_from_claim(Claim("s", lam * t ** 2, 0, relation=">=")))
    assert sign(lam, facts) == "pos" and sign(1 / lam, facts) == "pos"
    assert sign(t ** 2, facts) == "nonneg" and sign(t, facts) is None
    assert sign(lam - 1, facts) is None and sign(Abs(t), facts) == "nonneg"
    assert sign(1 / t ** 2, facts) is None  # 1/t² needs t ≠ 0


def test_exact_operator_two_norm():
    assert exact_opnorm2(Matrix([[1]])) == 1
    assert exact_opnorm2(Matrix([[3, 0], [0, 0]])) == 3
    assert exact_opnorm2(Matrix([[1, 2, 3]])) == sqrt(14)
    assert exact_opnorm2(Matrix([[0, 0], [0, 0]])) == 0
    value = exact_opnorm2(Matrix([[1, 2], [3, 4]]))
    assert sympy.simplify(value ** 2 - (15 + sqrt(221))) == 0
