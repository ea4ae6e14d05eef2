"""Running a claims suite: load files, decide every claim in a worker, collect results in order.

Shared by the CLI (`symcheck run`) and the pytest plugin. A claim that runs past
its time is `unknown`; one whose worker crashes is `unknown` with the reason; a file
that fails to import is one `error` result.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .claim import Claim
from .engine import decide_claim, warm_up
from .loader import ClaimFile, find_claim_files, load_claim_file
from .verdict import ERROR, PROVED, UNKNOWN, Counterexample, Verdict
from .worker import Crashed, Done, TimedOut, run_many

FILE_RESULT_NAME = "<file>"  # the name of the one result a file that fails to import gives
GRACE_SECONDS = 2.0  # a claim's engines watch the deadline themselves; the kill comes after this grace


@dataclass
class Result:
    file: str
    name: str
    status: str
    method: str = ""
    seconds: float = 0.0
    expect: str | None = None
    counterexample: Counterexample | None = None
    detail: str = ""
    source: str | None = None
    line: int | None = None
    certificate: dict | None = None
    extras: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.expect is None or self.expect == self.status

    def to_json(self) -> dict:
        return {
            "file": self.file, "name": self.name, "status": self.status, "method": self.method,
            "seconds": round(self.seconds, 4), "expect": self.expect, "ok": self.ok,
            "counterexample": self.counterexample.to_json() if self.counterexample else None,
            "detail": self.detail,
        }


def result_from_verdict(file: str, claim: Claim, verdict: Verdict) -> Result:
    return Result(file, claim.name, verdict.status, verdict.method, verdict.seconds, claim.expect,
                  verdict.counterexample, verdict.detail, claim.source, claim.line, verdict.certificate,
                  dict(verdict.extras))


def load_error_result(claim_file: ClaimFile) -> Result:
    err = claim_file.error
    where = f"{err.file}:{err.line}" if err.line else err.file
    return Result(err.file, FILE_RESULT_NAME, ERROR, "import", detail=f"{where}: {err.message}", line=err.line)


def summarize(results: list[Result]) -> dict:
    summary = {"proved": 0, "refuted": 0, "unknown": 0, "error": 0, "ok": 0, "not_ok": 0}
    for r in results:
        summary[r.status] += 1
        summary["ok" if r.ok else "not_ok"] += 1
    return summary


def decide_and_check_certificate(claim: Claim, timeout: float) -> Verdict:
    """The verdict, and for a proof what the independent checker says of its certificate (in `extras`)."""
    verdict = decide_claim(claim, timeout)
    if verdict.status == PROVED:
        from .certify.checker import check_certificate

        if verdict.certificate is None:
            verdict.extras["certificate"] = "missing"
        else:
            check = check_certificate(verdict.certificate, claim)
            verdict.extras["certificate"] = "accepted" if check.accepted else f"rejected: {check.reason}"
    return verdict


def decide_in_workers(items: list[tuple[str, Claim]], *, timeout: float, jobs: int,
                      on_result: Callable[[Result, int, int], None] | None = None,
                      check_certificates: bool = False) -> list[Result]:
    """Decides each (file, claim) in a killable worker; results come back in input order."""
    results: list[Result | None] = [None] * len(items)
    decide = decide_and_check_certificate if check_certificates else decide_claim
    tasks = [(decide, (claim, timeout)) for _, claim in items]
    if tasks:
        warm_up()
    done = 0
    for index, outcome, seconds in run_many(tasks, jobs=jobs, timeout=timeout + GRACE_SECONDS):
        file, claim = items[index]
        if isinstance(outcome, Done):
            result = result_from_verdict(file, claim, outcome.value)
        elif isinstance(outcome, TimedOut):
            result = result_from_verdict(file, claim, Verdict(
                UNKNOWN, "timeout", f"no verdict within the {timeout:g} s limit (--timeout)", seconds=seconds))
        else:
            assert isinstance(outcome, Crashed)
            result = result_from_verdict(file, claim, Verdict(
                UNKNOWN, "worker crashed", outcome.message.strip(), seconds=seconds))
        results[index] = result
        done += 1
        if on_result:
            on_result(result, done, len(items))
    return [r for r in results if r is not None]


def run_suite(paths: list[str], *, timeout: float = 10.0, jobs: int = 1,
              on_result: Callable[[Result, int, int], None] | None = None) -> list[Result]:
    """Every claim of every file under `paths`, in file then definition order."""
    ordered: list[tuple[str, Result | None, Claim | None]] = []
    for path in find_claim_files(paths):
        claim_file = load_claim_file(path)
        if claim_file.error:
            ordered.append((claim_file.file, load_error_result(claim_file), None))
        for claim in claim_file.claims:
            ordered.append((claim_file.file, None, claim))
    pending = [(file, claim) for file, result, claim in ordered if claim is not None]
    decided = iter(decide_in_workers(pending, timeout=timeout, jobs=jobs, on_result=on_result))
    return [result if result is not None else next(decided) for _, result, _ in ordered]
