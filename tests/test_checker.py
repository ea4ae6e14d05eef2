"""The independent certificate checker: it accepts real proofs and rejects tampered ones.

Certificates come from the real provers (`symcheck.engine.prove`, no cross-check, so
these tests stay fast); each tampering test changes one thing and expects the
checker to name what is wrong.
"""
from __future__ import annotations

import copy
import json
import time

import pytest
import sympy
from sympy import BlockMatrix, Derivative, Eq, Identity, MatPow, MatrixSymbol, Q, Trace, ZeroMatrix, symbols

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.prove.scalar.certificate import build as build_scalar
from symcheck.certify.srepr_reader import UnsafeSrepr, read_srepr
from symcheck.certify.store import claim_from_json, claim_json, document, read_document
from symcheck.engine import problem_from_claim, prove

n, d, k = symbols("n d k", integer=True, positive=True)
m = symbols("m", integer=True, nonnegative=True)
lam = symbols("lambda", positive=True)
alpha, x = symbols("alpha x", real=True)
X = MatrixSymbol("X", n, d)
A, B, C = (MatrixSymbol(s, n, n) for s in "ABC")
P, R = MatrixSymbol("P", n, k), MatrixSymbol("R", k, n)
Ck = MatrixSymbol("C_k", k, k)
v = MatrixSymbol("v", n, 1)
In, Id = Identity(n), Identity(d)


def certificate(claim: Claim) -> dict:
    verdict = prove(problem_from_claim(claim), time.monotonic() + 20, [])
    assert verdict is not None and verdict.status == "proved", verdict
    assert verdict.certificate is not None
    return verdict.certificate


PUSH_THROUGH = Claim("push-through", (X.T * X + lam * Id).I * X.T, X.T * (X * X.T + lam * In).I)
WOODBURY = Claim("woodbury", (A + P * Ck * R).I, A.I - A.I * P * (Ck.I + R * A.I * P).I * R * A.I)
H = X * (X.T * X).I * X.T
HAT_IDEMPOTENT = Claim("hat", H * H, H)
TRACE_HAT = Claim("trace", Trace(In - H), n - d)
ORTHOGONAL_TRACE = Claim("orth", Trace(B.T * A * B), Trace(A), assume=[Q.orthogonal(B)])
BLOCK = Claim("block", BlockMatrix([[X], [sympy.sqrt(lam) * Id]]).T * BlockMatrix([[X], [sympy.sqrt(lam) * Id]]),
              X.T * X + lam * Id)
POWER = Claim("power", MatPow(In - alpha * A, m + 1),
              MatPow(In - alpha * A, m) - alpha * A * MatPow(In - alpha * A, m))
INDUCTION = Claim("induction", MatPow(A * B, m), MatPow(A, m) * MatPow(B, m), assume=[Eq(A * B, B * A)])
DERIVATIVE = Claim("grad", Derivative(Trace(v.T * A * v), v), v.T * (A + A.T))
SYMMETRIC = Claim("sym", v.T * A * B * v, v.T * A.T * B * v, assume=[Q.symmetric(A)])
IDEMPOTENT = Claim("idem", A * (In - A), ZeroMatrix(n, n), assume=[Eq(A * A, A)])


@pytest.mark.parametrize("claim", [PUSH_THROUGH, WOODBURY, HAT_IDEMPOTENT, TRACE_HAT, ORTHOGONAL_TRACE, BLOCK,
                                   POWER, INDUCTION, DERIVATIVE, SYMMETRIC, IDEMPOTENT], ids=lambda c: c.name)
def test_real_certificates_are_accepted(claim):
    result = check_certificate(certificate(claim), claim)
    assert result.accepted, result.reason
    assert result.checked


def test_a_reduction_is_re_derived_by_the_checker_not_trusted():
    result = check_certificate(certificate(DERIVATIVE), DERIVATIVE)
    assert result.accepted
    assert not any("reduction" in line for line in result.trusted)
    assert any("re-derived from the claim" in line for line in result.checked)


def test_induction_certificate_has_base_and_step_checked():
    cert = certificate(INDUCTION)
    assert "induction" in cert
    result = check_certificate(cert, INDUCTION)
    assert any("base case" in line for line in result.checked)
    assert any("by induction" in line for line in result.checked)


# ---- tampering ---------------------------------------------------------------------------

def rejected(cert, claim) -> str:
    result = check_certificate(cert, claim)
    assert not result.accepted
    return result.reason


def test_a_dropped_term_is_rejected():
    cert = copy.deepcopy(certificate(PUSH_THROUGH))
    cert["targets"][0]["terms"].pop(0)
    assert "expands to" in rejected(cert, PUSH_THROUGH)


def test_a_changed_coefficient_is_rejected():
    cert = copy.deepcopy(certificate(WOODBURY))
    term = cert["targets"][0]["terms"][0]
    term["coeff"] = f"2*({term['coeff']})"
    assert "expands to" in rejected(cert, WOODBURY)


def test_a_hypothesis_the_assumptions_do_not_grant_is_rejected():
    cert = certificate(SYMMETRIC)
    unassumed = Claim("sym", SYMMETRIC.lhs, SYMMETRIC.rhs)
    reason = rejected(cert, unassumed)  # as the hypothesis A^T - A, or as A being its own transpose
    assert "not granted" in reason or "not assumed symmetric" in reason
    no_eq = Claim("idem", IDEMPOTENT.lhs, IDEMPOTENT.rhs)
    assert "not granted" in rejected(certificate(IDEMPOTENT), no_eq)


def forged_inverse_certificate(kind_of_b: str) -> dict:
    """'A B = I' from the relation A·B − I, as if B were the inverse of A."""
    one = {"rows": "n", "cols": "n", "terms": [["1", ["A", "B"]], ["-1", []]]}
    srepr = {name: sympy.srepr(MatrixSymbol(name, n, n)) for name in "AB"}
    letters = []
    for name in "AB":
        kind = kind_of_b if name == "B" else "symbol"
        letters.append({"name": name, "rows": "n", "cols": "n", "kind": kind, "meaning": srepr[name],
                        "transpose": name + "^T", "inverse_of": ({"rows": "n", "cols": "n", "terms": [["1", ["A"]]]}
                                                                 if kind == "inverse" else None)})
        letters.append({"name": name + "^T", "rows": "n", "cols": "n", "kind": "transpose",
                        "meaning": sympy.srepr(MatrixSymbol(name, n, n).T), "transpose": name, "inverse_of": None})
    return {"format": "symcheck-ncgb/1", "field": {"generators": [{"id": "n", "name": "n", "srepr": sympy.srepr(n)}],
                                                   "substitutions": {}},
            "letters": letters,
            "hypotheses": [{"index": 0, "kind": "inverse-right", "origin": "forged", "poly": one}],
            "targets": [{"block": [0, 0], "target": one, "terms": [{"coeff": "1", "left": [], "hyp": 0, "right": []}]}],
            "rewrites": [], "denominators": []}


@pytest.mark.parametrize("kind", ["symbol", "inverse"])
def test_an_inverse_relation_for_a_letter_that_is_no_inverse_is_rejected(kind):
    claim = Claim("AB = I", A * B, In)
    reason = rejected(forged_inverse_certificate(kind), claim)
    assert "not granted" in reason or "no symbol letter" in reason


def test_an_ill_typed_word_is_rejected():
    cert = copy.deepcopy(certificate(PUSH_THROUGH))
    cert["targets"][0]["terms"][0]["left"] = ["X", "X"]  # n×d times n×d
    assert "ill-typed" in rejected(cert, PUSH_THROUGH)


def test_a_target_that_is_not_lhs_minus_rhs_of_the_claim_is_rejected():
    cert = certificate(PUSH_THROUGH)
    other = Claim("doubled", PUSH_THROUGH.lhs, 2 * PUSH_THROUGH.rhs)
    assert "lhs - rhs" in rejected(cert, other)


def test_a_letter_declared_its_own_transpose_needs_a_symmetric_assumption():
    cert = copy.deepcopy(certificate(SYMMETRIC))
    letters = {let["name"]: let for let in cert["letters"]}
    if letters["A"]["transpose"] == "A":  # the prover already uses A^T = A: drop the assumption
        claim = Claim("sym", SYMMETRIC.lhs, SYMMETRIC.rhs)
    else:
        letters["B"]["transpose"], letters["B^T"]["transpose"] = "B", "B^T"
        letters.pop("B^T")
        cert["letters"] = list(letters.values())
        claim = SYMMETRIC
    assert not check_certificate(cert, claim).accepted


def test_a_letter_whose_meaning_is_changed_is_rejected():
    cert = copy.deepcopy(certificate(SYMMETRIC))
    for let in cert["letters"]:
        if let["name"] == "A":
            let["meaning"] = sympy.srepr(C)
    assert "no symbol letter" in rejected(cert, SYMMETRIC)


def test_a_symmetric_claim_about_an_inverse_letter_is_checked():
    cert = copy.deepcopy(certificate(WOODBURY))
    for let in cert["letters"]:  # declare Z1 its own transpose although A + P C R is not symmetric
        if let["kind"] == "inverse" and let["name"].startswith("Z1"):
            let["transpose"] = let["name"]
    assert "transpose" in rejected(cert, WOODBURY)


def test_a_square_root_substitution_needs_a_nonnegative_symbol():
    mu = symbols("mu", real=True)
    claim = Claim("block", BLOCK.lhs.xreplace({lam: mu}), BLOCK.rhs.xreplace({lam: mu}))
    cert = json.loads(json.dumps(certificate(BLOCK)).replace("positive=True)", "real=True)")
                      .replace("'lambda'", "'mu'").replace('"lambda"', '"mu"'))
    assert not check_certificate(cert, claim).accepted


def test_an_induction_that_does_not_start_low_enough_is_rejected():
    cert = copy.deepcopy(certificate(INDUCTION))
    cert["induction"]["start"] = 1  # m = 0 is allowed by the assumptions but never proved
    assert "does not cover" in rejected(cert, INDUCTION)


def test_a_power_letter_for_a_possibly_negative_exponent_is_rejected():
    j = symbols("j", integer=True)
    claim = POWER.__class__("power", POWER.lhs.xreplace({m: j}), POWER.rhs.xreplace({m: j}))
    cert = json.loads(json.dumps(certificate(POWER)).replace("Symbol('m', integer=True, nonnegative=True)",
                                                             "Symbol('j', integer=True)").replace('"m"', '"j"'))
    assert not check_certificate(cert, claim).accepted


def test_a_denominator_the_assumptions_do_not_make_nonzero_is_rejected():
    cert = copy.deepcopy(certificate(PUSH_THROUGH))
    t0 = cert["targets"][0]["terms"]
    t0.append(dict(t0[0], coeff="1/(lambda_ - 1)"))
    t0.append(dict(t0[0], coeff="-1/(lambda_ - 1)"))
    assert "nonzero" in rejected(cert, PUSH_THROUGH)


def test_an_unknown_format_and_no_certificate_are_rejected():
    assert not check_certificate(None, PUSH_THROUGH).accepted
    assert not check_certificate({"format": "made-up/1"}, PUSH_THROUGH).accepted


# ---- scalar certificates ----------------------------------------------------------------

def test_scalar_certificates_are_rechecked_from_the_claim():
    true = Claim("abs", abs(x) * abs(x), x**2)
    assert check_certificate(build_scalar(problem_from_claim(true), "case split + cancel"), true).accepted
    ineq = Claim("ineq", abs(1 - alpha), 1, relation="<", assume=[alpha > 0, alpha < 2])
    result = check_certificate(build_scalar(problem_from_claim(ineq), "z3 nlsat: negation unsatisfiable"), ineq)
    assert result.accepted and any("z3" in t for t in result.trusted)


def test_a_scalar_certificate_for_a_false_claim_is_rejected():
    false = Claim("false", abs(x), x)
    assert "cannot show" in rejected(build_scalar(problem_from_claim(false), "case split + cancel"), false)
    true = Claim("true", abs(x) * abs(x), x**2)
    cert = build_scalar(problem_from_claim(true), "case split + cancel")
    assert "not the claim's" in rejected(cert, Claim("other", abs(x) * abs(x), x**3))


# ---- files and the safe reader -----------------------------------------------------------

def test_proof_files_rebuild_the_claim_and_are_accepted(tmp_path):
    path = tmp_path / "push.json"
    path.write_text(json.dumps(document("claims/x.py", PUSH_THROUGH, "ncgb", certificate(PUSH_THROUGH))))
    doc = read_document(str(path))
    claim = claim_from_json(doc["claim"], doc["name"])
    assert claim.lhs == PUSH_THROUGH.lhs and claim.rhs == PUSH_THROUGH.rhs
    assert check_certificate(doc["certificate"], claim).accepted


def test_claims_with_assumptions_round_trip():
    claim = claim_from_json(claim_json(SYMMETRIC))
    assert tuple(claim.assume) == tuple(SYMMETRIC.assume)


@pytest.mark.parametrize("text", ['__import__("os").system("true")', "open('x')", "Symbol.__class__",
                                  "(lambda: 1)()", "Integer(1)[0]", "Pow(Integer(10), Integer(10000000000))"])
def test_the_srepr_reader_refuses_anything_but_sympy_objects(text):
    with pytest.raises(UnsafeSrepr):
        read_srepr(text)


def test_check_proof_command_exit_status(tmp_path, capsys):
    from symcheck.cli import main

    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    cert = certificate(PUSH_THROUGH)
    good.write_text(json.dumps(document("claims/x.py", PUSH_THROUGH, "ncgb", cert)))
    tampered = copy.deepcopy(cert)
    tampered["targets"][0]["terms"].pop()
    bad.write_text(json.dumps(document("claims/x.py", PUSH_THROUGH, "ncgb", tampered)))
    assert main(["check-proof", str(good)]) == 0
    assert main(["check-proof", str(good), str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith(f"rejected: {bad}: ")
