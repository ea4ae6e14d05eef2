"""Running a suite of claim files: each file imported in a worker, each claim decided in a worker.

Shared by the CLI (`symcheck run`) and the pytest plugin. The parent process never
imports a claim file: each file is imported by its own host worker
(`symcheck.worker.run_hosted`) under the claim time and memory limits; the host lists
the file's claims (`ClaimInfo`) and its forked children decide them, claim after claim (a
child is reused while its claims end well, so caches stay warm; a failed one is replaced), and
every answer comes back as JSON (`Result.to_plain`). So:

- a claim that runs past its time is `unknown`; one whose worker crashes is `unknown`
  with the reason;
- a file that cannot be imported (an exception, a hang past the time limit, `os._exit`,
  `os.fork`, running out of memory) is one `error` result, and every other file's
  results are still reported;
- what one file does at import cannot touch another file's claims or the report.

With `scheduler=` ("tcp://HOST:8786", "local:N") each file is one task on a Dask cluster
(`symcheck.cluster`): the file's bytes travel to a Dask worker, whose grading service runs
this same machinery there (the file imported in a host worker, its claims decided in
children), and the results come back as the same JSON (`Result.to_plain`).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .claim import Claim
from .engine import decide_claim, warm_up
from .known_gaps import Gap, KnownGaps
from .loader import ClaimFile, ClaimInfo, find_claim_files, load_claim_file
from .verdict import ERROR, PROVED, STATUSES, UNKNOWN, Counterexample, Verdict
from .worker import Crashed, Done, SetupEnded, TaskEnded, TimedOut, run_hosted, run_many

FILE_RESULT_NAME = "<file>"  # the name of the one result a file that fails to import gives
GRACE_SECONDS = 2.0  # a claim's engines watch the deadline themselves; the kill comes after this grace

OnResult = Callable[["Result", int, int], None]  # (result, results so far, results expected so far)


@dataclass
class ReportedCounterexample:
    """A counterexample as a worker reported it: its JSON form (CONTRACT §3) and its text, nothing to evaluate."""

    data: dict
    text: str

    def to_json(self) -> dict:
        return self.data

    def describe(self) -> str:
        return self.text


@dataclass
class Result:
    file: str
    name: str
    status: str
    method: str = ""
    seconds: float = 0.0
    expect: str | None = None
    counterexample: Counterexample | ReportedCounterexample | None = None
    detail: str = ""
    source: str | None = None
    line: int | None = None
    certificate: dict | None = None
    extras: dict = field(default_factory=dict)
    claim_data: dict | None = None  # the claim as certify.store.claim_json, for certificate files
    known_gap: Gap | None = None    # listed in its folder's KNOWN_GAPS.txt (set by the reporting process)

    @property
    def ok(self) -> bool:
        """CONTRACT §3: the claim has no `expect`, or its status is the expected one (a known gap included)."""
        return self.expect is None or self.expect == self.status

    @property
    def expected_failure(self) -> bool:
        """Not ok, but listed as a known gap (pytest's xfail): it does not fail the run."""
        return self.known_gap is not None and not self.ok

    def to_json(self) -> dict:
        """The result as in `symcheck run --json`; `"known_gap": true` is added for a listed claim."""
        out = {
            "file": self.file, "name": self.name, "status": self.status, "method": self.method,
            "seconds": round(self.seconds, 4), "expect": self.expect, "ok": self.ok,
            "counterexample": self.counterexample.to_json() if self.counterexample else None,
            "detail": self.detail,
        }
        if self.known_gap is not None:
            out["known_gap"] = True
        return out

    def to_plain(self) -> dict:
        """Everything a report needs, as JSON values (what a worker sends back to the parent)."""
        cx = self.counterexample
        return {**self.to_json(), "source": self.source, "line": self.line, "certificate": self.certificate,
                "extras": {k: v for k, v in self.extras.items() if isinstance(v, (str, int, float, bool))},
                "counterexample_text": cx.describe() if cx is not None else "", "claim_data": self.claim_data}

    @classmethod
    def from_plain(cls, data: dict, file: str, info: ClaimInfo) -> "Result":
        """The result a worker sent for `info`'s claim; anything malformed makes it `unknown`, never a crash."""
        try:
            status = data["status"]
            if status not in STATUSES:
                raise ValueError(f"unknown status {status!r}")
            cx = data.get("counterexample")
            counterexample = ReportedCounterexample(cx, str(data.get("counterexample_text", ""))) \
                if isinstance(cx, dict) else None
            certificate = data.get("certificate")
            claim_data = data.get("claim_data")
            return cls(file, info.name, status, str(data.get("method", "")), float(data.get("seconds", 0.0)),
                       info.expect, counterexample, str(data.get("detail", "")), info.source, info.line,
                       certificate if isinstance(certificate, dict) else None,
                       dict(data["extras"]) if isinstance(data.get("extras"), dict) else {},
                       claim_data if isinstance(claim_data, dict) else None)
        except (KeyError, TypeError, ValueError) as exc:
            return cls(file, info.name, UNKNOWN, "worker", 0.0, info.expect,
                       detail=f"the worker sent back an unreadable result ({exc})", source=info.source,
                       line=info.line)


@dataclass
class FileInfo:
    """A claim file as the parent knows it: its claims, or the one error result of a failed import."""

    file: str
    claims: list[ClaimInfo]
    error: Result | None = None


def result_from_verdict(file: str, claim: Claim, verdict: Verdict) -> Result:
    return Result(file, claim.name, verdict.status, verdict.method, verdict.seconds, claim.expect,
                  verdict.counterexample, verdict.detail, claim.source, claim.line, verdict.certificate,
                  dict(verdict.extras))


def load_error_result(claim_file: ClaimFile) -> Result:
    err = claim_file.error
    return file_error_result(err.file, err.message, err.line)


def file_error_result(file: str, message: str, line: int | None = None) -> Result:
    """The one `error` result of a claim file that could not be imported."""
    where = f"{file}:{line}" if line else file
    return Result(file, FILE_RESULT_NAME, ERROR, "import", detail=f"{where}: {message}", line=line)


def summarize(results: list[Result]) -> dict:
    """Counts of CONTRACT §3, and of known gaps: still failing (`known_gap`) and now decided (`known_gap_passed`)."""
    summary = {"proved": 0, "refuted": 0, "unknown": 0, "error": 0, "ok": 0, "not_ok": 0, "known_gap": 0,
               "known_gap_passed": 0}
    for r in results:
        summary[r.status] += 1
        summary["ok" if r.ok else "not_ok"] += 1
        if r.known_gap is not None:
            summary["known_gap" if not r.ok else "known_gap_passed"] += 1
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


# ---------------------------------------------------------------- inside the workers

def import_claim_file(path: str) -> tuple[ClaimFile, dict]:
    """A host's setup: import the file here; its claims (or its import error) as JSON for the parent."""
    claim_file = load_claim_file(path)
    if claim_file.error:
        return claim_file, {"error": {"message": claim_file.error.message, "line": claim_file.error.line}}
    return claim_file, {"claims": [dataclasses.asdict(ClaimInfo.of(i, c)) for i, c in enumerate(claim_file.claims)]}


def decide_loaded_claim(claim_file: ClaimFile, index: int, timeout: float, check_certificates: bool,
                        with_claim_data: bool) -> dict:
    """A host's task: decide one claim of the file it imported; the result as JSON (`Result.to_plain`)."""
    claim = claim_file.claims[index]
    decide = decide_and_check_certificate if check_certificates else decide_claim
    verdict = decide(claim, timeout)
    result = result_from_verdict(claim_file.file, claim, verdict)
    if with_claim_data and verdict.status == PROVED and verdict.certificate is not None:
        from .certify.store import claim_json
        try:
            result.claim_data = claim_json(claim)
        except Exception as exc:  # noqa: BLE001 - no certificate file then, but the verdict stands
            result.extras["certificate_file"] = f"not written: the claim cannot be written out ({exc})"
    return result.to_plain()


# ---------------------------------------------------------------- in the parent

def _file_info(file: str, event: SetupEnded, timeout: float) -> FileInfo:
    """What a host's setup said about its file: the claims, or the file's one error result."""
    outcome = event.outcome
    if isinstance(outcome, TimedOut):
        return FileInfo(file, [], file_error_result(
            file, f"importing the file took longer than the {timeout:g} s limit (--timeout); it was stopped"))
    if isinstance(outcome, Crashed):
        reason = outcome.message.strip().splitlines()[0] if outcome.message.strip() else "no reason given"
        return FileInfo(file, [], file_error_result(file, f"importing the file failed: {reason}"))
    manifest = outcome.value if isinstance(outcome.value, dict) else {}
    error = manifest.get("error")
    if isinstance(error, dict):
        line = error.get("line")
        return FileInfo(file, [], file_error_result(file, str(error.get("message", "import failed")),
                                                    line if isinstance(line, int) else None))
    try:
        return FileInfo(file, [ClaimInfo.from_json(c) for c in manifest["claims"]])
    except (KeyError, TypeError, ValueError):
        return FileInfo(file, [], file_error_result(file, "the file's worker sent back an unreadable claim list"))


def _claim_result(file: str, info: ClaimInfo, event: TaskEnded, timeout: float) -> Result:
    outcome = event.outcome
    if isinstance(outcome, Done):
        return Result.from_plain(outcome.value if isinstance(outcome.value, dict) else {}, file, info)
    if isinstance(outcome, TimedOut):
        detail, method = f"no verdict within the {timeout:g} s limit (--timeout)", "timeout"
    else:
        detail, method = outcome.message.strip(), "worker crashed"
    return Result(file, info.name, UNKNOWN, method, event.seconds, info.expect, detail=detail,
                  source=info.source, line=info.line)


def run_claim_files(files: list[str], *, timeout: float = 10.0, jobs: int = 1, on_result: OnResult | None = None,
                    check_certificates: bool = False, with_claim_data: bool = False,
                    select: Callable[[FileInfo], list[int]] | None = None,
                    claim_timeout: Callable[[FileInfo, int], float] | None = None,
                    scheduler: str | None = None) -> list[tuple[FileInfo, dict]]:
    """Import each file in a worker and decide its claims (all, or the indices `select` picks) in workers.

    Returns, in file order, (FileInfo, {claim index: Result}); a file that failed to import has
    its one error result in `FileInfo.error` and no claims. `claim_timeout(info, index)` gives a claim
    a shorter time than `timeout` (the pytest plugin's known gaps). With `scheduler`, every claim of each
    file is decided on that Dask cluster (`select` and `claim_timeout` are not available there).
    """
    if scheduler:
        if select is not None or claim_timeout is not None:
            raise ValueError("select= and claim_timeout= are not available with a scheduler")
        return _run_on_cluster(files, scheduler, timeout=timeout, on_result=on_result,
                               check_certificates=check_certificates, with_claim_data=with_claim_data)
    if files:
        warm_up()
        if check_certificates:
            from .certify import checker  # noqa: F401 - loaded once here, not in every worker
    infos: dict[int, FileInfo] = {}
    results: dict[int, dict[int, Result]] = {}
    expected = len(files)
    done = 0

    timeouts: dict[tuple[int, int], float] = {}

    def plan(host: int, manifest) -> list[tuple[tuple[int, int], tuple]]:
        info = infos[host]
        chosen = range(len(info.claims)) if select is None else select(info)
        for k in chosen:
            timeouts[host, k] = timeout if claim_timeout is None else min(timeout, claim_timeout(info, k))
        return [((host, k), (k, timeouts[host, k], check_certificates, with_claim_data)) for k in chosen]

    setups = [(import_claim_file, (str(f),)) for f in files]
    for event in run_hosted(setups, decide_loaded_claim, plan, jobs=jobs, timeout=timeout + GRACE_SECONDS,
                            setup_timeout=timeout + GRACE_SECONDS):
        if isinstance(event, SetupEnded):
            info = _file_info(str(files[event.host]), event, timeout)
            infos[event.host] = info
            results[event.host] = {}
            if info.error is not None:
                done += 1
                if on_result:
                    on_result(info.error, done, expected)
            else:
                expected += (len(info.claims) if select is None else len(select(info))) - 1
            continue
        host, k = event.key
        info = infos[host]
        result = _claim_result(info.file, info.claims[k], event, timeouts.get((host, k), timeout))
        results[host][k] = result
        done += 1
        if on_result:
            on_result(result, done, expected)
    return [(infos[h], dict(sorted(results[h].items()))) if h in infos else
            (FileInfo(str(files[h]), [], file_error_result(str(files[h]), "not run")), {})
            for h in range(len(files))]


def _run_on_cluster(files: list[str], scheduler: str, *, timeout: float, on_result: OnResult | None,
                    check_certificates: bool, with_claim_data: bool) -> list[tuple[FileInfo, dict]]:
    """run_claim_files on a Dask cluster: one task per file; a file the cluster could not run is one error."""
    from .cluster import claim_file_request, connect, run_requests

    requests = [claim_file_request(f, timeout=timeout, check_certificates=check_certificates,
                                   with_claim_data=with_claim_data) for f in files]
    out: dict[int, tuple[FileInfo, dict]] = {}
    failures: dict[int, str] = {}
    expected, done = len(files), 0
    if requests:
        with connect(scheduler) as client:
            for index, reply in run_requests(client, requests, on_error=failures.__setitem__):
                info, decided = _from_reply(str(files[index]), reply)
                out[index] = (info, decided)
                if info.error is not None:
                    done += 1
                    if on_result:
                        on_result(info.error, done, expected)
                    continue
                expected += len(decided) - 1
                for result in decided.values():
                    done += 1
                    if on_result:
                        on_result(result, done, expected)
    for index, message in failures.items():
        file = str(files[index])
        out[index] = (FileInfo(file, [], file_error_result(file, f"the cluster could not run this file: {message}")),
                      {})
        done += 1
        if on_result:
            on_result(out[index][0].error, done, expected)
    return [out[h] for h in range(len(files))]


def _from_reply(file: str, reply: dict) -> tuple[FileInfo, dict]:
    """A worker's plain-data answer for one claim file, as (FileInfo, {index: Result}); malformed -> one error."""
    try:
        claims = [ClaimInfo.from_json(c) for c in reply["claims"]]
        error = reply.get("error")
        if isinstance(error, dict):
            line = error.get("line")
            return FileInfo(file, [], Result(file, FILE_RESULT_NAME, ERROR, "import", detail=str(error["detail"]),
                                             line=line if isinstance(line, int) else None)), {}
        decided = {}
        for key, data in reply["results"].items():
            k = int(key)
            decided[k] = Result.from_plain(data if isinstance(data, dict) else {}, file, claims[k])
        return FileInfo(file, claims), dict(sorted(decided.items()))
    except (KeyError, TypeError, ValueError, IndexError):
        return FileInfo(file, [], file_error_result(file, "the cluster worker sent back an unreadable result")), {}


def mark_known_gaps(results: list[Result]) -> list[Result]:
    """Set `known_gap` on every result listed in the KNOWN_GAPS.txt of its claim file's folder; returns `results`."""
    gaps = KnownGaps()
    for result in results:
        if result.name != FILE_RESULT_NAME:  # a file that does not import is never a known gap
            result.known_gap = gaps.lookup(result.file, result.name)
    return results


def run_suite(paths: list[str], *, timeout: float = 10.0, jobs: int = 1, on_result: OnResult | None = None,
              check_certificates: bool = False, with_claim_data: bool = False,
              scheduler: str | None = None, name_contains: str | None = None) -> list[Result]:
    """Every claim of every file under `paths`, in file then definition order (a failed file: one error).

    `scheduler` ("tcp://HOST:8786", "local:N") decides them on a Dask cluster instead of `jobs` local workers.
    `name_contains`: only the claims whose name contains that text (ignoring case); the others are not decided
    (not available with a scheduler: ValueError).
    """
    files = [str(p) for p in find_claim_files(paths)]
    if scheduler:
        from .cluster import parse_scheduler
        parse_scheduler(scheduler)  # a bad address or a missing Dask: a ClusterError before anything runs
    select = None
    if name_contains is not None:
        wanted = name_contains.casefold()

        def select(info: FileInfo) -> list[int]:
            return [i for i, claim in enumerate(info.claims) if wanted in claim.name.casefold()]
    out = []
    for info, decided in run_claim_files(files, timeout=timeout, jobs=jobs, on_result=on_result,
                                         check_certificates=check_certificates, with_claim_data=with_claim_data,
                                         scheduler=scheduler, select=select):
        if info.error is not None:
            out.append(info.error)
        out.extend(decided.values())
    return out


def inspect_claim_file(path: str | Path, *, timeout: float = 10.0) -> FileInfo:
    """The claims of one file (imported in a worker, decided nowhere), or its one error result."""
    return inspect_claim_files([str(path)], timeout=timeout)[0]


def inspect_claim_files(paths: list[str], *, timeout: float = 10.0, jobs: int = 1) -> list[FileInfo]:
    """The claims of each file (each imported in a worker of its own, `jobs` at a time, decided nowhere),
    or its one error result; in the order given."""
    return [info for info, _ in run_claim_files([str(p) for p in paths], timeout=timeout, jobs=jobs,
                                                select=lambda info: [])]


def run_in_claim_file(path: str | Path, task: Callable, args: tuple, *, timeout: float = 10.0,
                      task_timeout: float | None = None) -> tuple[FileInfo, Done | TimedOut | Crashed | None]:
    """Import one claim file in a worker and run `task(claim_file, *args)` (returning JSON) in a child of it.

    Returns the file's info and the task's outcome (None when the file did not import).
    """
    warm_up()
    outcome = None
    info = None
    for event in run_hosted([(import_claim_file, (str(path),))], task, lambda host, manifest: [(0, args)],
                            timeout=task_timeout or timeout + GRACE_SECONDS, setup_timeout=timeout + GRACE_SECONDS):
        if isinstance(event, SetupEnded):
            info = _file_info(str(path), event, timeout)
            if info.error is not None:
                break
        else:
            outcome = event.outcome
    return info, outcome


def decide_in_workers(items: list[tuple[str, Claim]], *, timeout: float, jobs: int,
                      on_result: OnResult | None = None, check_certificates: bool = False) -> list[Result]:
    """Decides each (file, claim) built in this process (trusted code) in a killable worker, in input order."""
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
            result = result_from_verdict(file, claim, Verdict(
                UNKNOWN, "worker crashed", outcome.message.strip(), seconds=seconds))
        results[index] = result
        done += 1
        if on_result:
            on_result(result, done, len(items))
    return [r for r in results if r is not None]


__all__ = ["Result", "FileInfo", "ReportedCounterexample", "run_suite", "mark_known_gaps", "run_claim_files", "inspect_claim_file", "inspect_claim_files",
           "decide_in_workers", "run_in_claim_file", "summarize", "file_error_result", "load_error_result", "result_from_verdict",
           "FILE_RESULT_NAME"]
