"""Every proof of the claims suite carries a certificate that the independent checker accepts.

Each claim of claims/ that its author expects to be proved is proved again with the
dispatcher's provers (`symcheck.engine.prove`: the proof path of `decide`, without
the refuter's cross-check, which only adds time), in killable workers, and its
certificate is checked in the same worker. Takes 90-200 s on 2 cores (more when
the machine is busy) for the ~230 such claims.
"""
from __future__ import annotations

import time

import pytest

from symcheck.certify.checker import check_certificate
from symcheck.engine import problem_from_claim, prove
from symcheck.loader import find_claim_files, load_claim_file
from symcheck.worker import Done, run_many

PROVER_SECONDS = 4.0   # per claim; a proof takes well under a second, the rest is spent on gaps


def proof_and_check(claim) -> tuple:
    verdict = prove(problem_from_claim(claim), time.monotonic() + PROVER_SECONDS, [])
    if verdict is None or verdict.status != "proved":
        return None
    result = check_certificate(verdict.certificate, claim)
    return verdict.method, verdict.certificate is not None, result.accepted, result.reason


def expected_proofs() -> list:
    items = []
    for path in find_claim_files(["claims"]):
        claim_file = load_claim_file(path)
        items += [(claim_file.file, c) for c in claim_file.claims if c.expect == "proved"]
    return items


def scalar_engine_emits_certificates() -> bool:
    """Whether the scalar prover attaches its certificate yet (the one-line change reported in issue 8)."""
    import sympy

    from symcheck import Claim
    from symcheck.prove.scalar import ScalarEngine

    x = sympy.Symbol("x", real=True)
    verdict = ScalarEngine().attempt(problem_from_claim(Claim("c", x + x, 2 * x)), time.monotonic() + 5)
    return verdict is not None and verdict.certificate is not None


MISSING_SCALAR = "no certificate"  # marker of a scalar proof (or obligation) that carries none
# Known gap of the checker (reported in issue 8): scalar functions of matrix expressions (log, exp of
# traces) that the matrix prover names as opaque "function atoms"; the checker does not translate them yet.
CHECKER_GAP = "of matrices is outside what the checker translates"


def test_every_proof_in_the_claims_suite_is_accepted_by_the_checker():
    items = expected_proofs()
    outcomes = run_many([(proof_and_check, (claim,)) for _, claim in items], jobs=2, timeout=PROVER_SECONDS + 6)
    rejected, missing, gaps, checked = [], [], [], 0
    for index, outcome, _ in outcomes:
        if not isinstance(outcome, Done) or outcome.value is None:
            continue  # not proved this time: the corpus test reports expectations, not this one
        file, claim = items[index]
        method, has_certificate, accepted, reason = outcome.value
        checked += 1
        if accepted:
            continue
        line = f"{file}::{claim.name} [{method}]: {reason}"
        scalar = any(word in method for word in ("case split", "z3 nlsat"))
        if CHECKER_GAP in reason:
            gaps.append(line)
        else:
            (missing if scalar and MISSING_SCALAR in reason else rejected).append(line)
    assert checked > 0.8 * len(items), f"only {checked} of {len(items)} expected proofs came out proved"
    assert not rejected, "proofs the checker does not accept:\n" + "\n".join(rejected)
    if missing and scalar_engine_emits_certificates():
        pytest.fail("proofs without a certificate:\n" + "\n".join(missing))
    if missing or gaps:
        pytest.xfail(f"{len(missing)} scalar proofs carry no certificate until ScalarEngine.attempt returns "
                     "scalar_certificate.attach(problem, verdict); "
                     f"{len(gaps)} proofs use function atoms the checker cannot read yet:\n"
                     + "\n".join(missing + gaps))
