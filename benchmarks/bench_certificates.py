"""Certificate size and independent check time: push-through, Woodbury and the largest proof in claims/.

Reports, asserts nothing. Run: `python benchmarks/bench_certificates.py` (about 3 minutes: every claim
of claims/ expected to be proved is proved again to find the largest certificate;
`--no-claims` measures only the two classic identities).
"""
from __future__ import annotations

import json
import statistics
import sys
import time

from sympy import Identity, MatrixSymbol, symbols

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.engine import problem_from_claim, prove
from symcheck.loader import find_claim_files, load_claim_file
from symcheck.worker import Done, run_many

REPEATS = 5


def certificate_of(claim):
    verdict = prove(problem_from_claim(claim), time.monotonic() + 6, [])
    return verdict.certificate if verdict is not None and verdict.status == "proved" else None


def terms(cert) -> int:
    """Terms c·a·h·b of the representation (obligations, induction parts and rewrites included)."""
    if not isinstance(cert, dict):
        return 0
    count = sum(len(t.get("terms", [])) for t in cert.get("targets", []))
    count += sum(len(r.get("terms", [])) for r in cert.get("rewrites", []))
    count += sum(terms(o.get("certificate")) for o in cert.get("obligations", []))
    ind = cert.get("induction") or {}
    return count + terms(ind.get("base")) + terms(ind.get("step"))


def measure(label: str, claim, cert) -> None:
    times = []
    for _ in range(REPEATS):
        result = check_certificate(cert, claim)
        times.append(result.seconds)
    size = len(json.dumps(cert))
    print(f"{label:<60} {size / 1024:8.1f} KiB {terms(cert):6d} terms  check {statistics.median(times) * 1000:8.1f} ms"
          f"  {'accepted' if result.accepted else 'REJECTED: ' + result.reason[:60]}")


def classic() -> list:
    n, d, k = symbols("n d k", integer=True, positive=True)
    lam = symbols("lambda", positive=True)
    X, A = MatrixSymbol("X", n, d), MatrixSymbol("A", n, n)
    P, R, C = MatrixSymbol("P", n, k), MatrixSymbol("R", k, n), MatrixSymbol("C", k, k)
    return [Claim("push-through", (X.T * X + lam * Identity(d)).I * X.T, X.T * (X * X.T + lam * Identity(n)).I),
            Claim("Woodbury", (A + P * C * R).I, A.I - A.I * P * (C.I + R * A.I * P).I * R * A.I)]


def largest_in_claims():
    items = []
    for path in find_claim_files(["claims"]):
        cf = load_claim_file(path)
        items += [(cf.file, c) for c in cf.claims if c.expect == "proved"]
    best = (0, None, None, None)
    for index, outcome, _ in run_many([(certificate_of, (c,)) for _, c in items], jobs=2, timeout=10):
        if isinstance(outcome, Done) and outcome.value is not None:
            size = len(json.dumps(outcome.value))
            if size > best[0]:
                best = (size, items[index][0], items[index][1], outcome.value)
    return best


def main() -> None:
    print(f"{'certificate':<60} {'size':>12} {'terms':>6}  {'check (median of ' + str(REPEATS) + ')':>14}")
    for claim in classic():
        measure(claim.name, claim, certificate_of(claim))
    if "--no-claims" not in sys.argv:
        size, file, claim, cert = largest_in_claims()
        if cert is not None:
            measure(f"largest in claims/: {file}::{claim.name}"[:60], claim, cert)


if __name__ == "__main__":
    main()
