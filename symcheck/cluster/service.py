"""The grading service on a Dask worker: answers JSON requests with warm, killable symcheck workers.

Started by `symcheck.cluster.tasks` (one per Dask task thread) as
`python -m symcheck.cluster.service REQUEST_FD REPLY_FD`; a fresh, single-threaded process
that dies with the Dask worker. One request at a time, JSON in and JSON out:

    {"kind": "grade", "timeout": 5.0, "memory_bytes": 1073741824,
     "questions": {"q1": {"reference": "...", "declarations": "...", "layout": "numerator"}},
     "answers": [["q1", "<normalised answer text>"], ...]}
    -> {"verdicts": [<AnswerVerdict.to_json()>, ...]}        one per answer, in order

    {"kind": "claims", "file": "claims/x.py", "source_b64": "...", "timeout": 10.0,
     "check_certificates": false, "with_claim_data": false}
    -> {"file": "claims/x.py", "claims": [<ClaimInfo>, ...], "error": {"detail", "line"} | null,
        "results": {"0": <Result.to_plain()>, ...}}

    anything it cannot serve -> {"failed": "<one line>"}

Every answer is checked in a `WarmPool` child under the request's time and memory limits
(the reference is parsed in that child from its text, once per child). A claim file is
written to a private folder unless the same file (same bytes) is already at its path, and
is imported only in a hosted worker (`runner.run_claim_files`), never in this process.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import sys
import tempfile
from dataclasses import asdict
from multiprocessing.connection import Connection
from pathlib import Path, PurePosixPath

from ..grade.check import check_in_process, prepare_question, verdict_from_outcome, warm_up
from ..runner import run_claim_files
from ..worker import Done, WarmPool, limit_process

MAX_PREPARED = 256          # references kept parsed in one worker
TASKS_PER_CHILD = 500       # a warm worker is replaced after this many answers
_prepared: dict = {}        # (reference, declarations, layout, id) -> PreparedQuestion, in a pool child
_pools: dict = {}           # (timeout, memory_bytes) -> WarmPool, in the service


def check_spec(spec: tuple, answer: str, timeout: float) -> dict:
    """In a pool child: check `answer` against the question `spec` (parsed here once); the verdict as JSON."""
    question = _prepared.get(spec)
    if question is None:
        if len(_prepared) >= MAX_PREPARED:
            _prepared.clear()
        reference, declarations, layout, qid = spec
        question = _prepared[spec] = prepare_question(reference, declarations, layout, qid)
    return check_in_process(question, answer, timeout).to_json()


def grade(request: dict) -> dict:
    """Every answer of a grade request, checked in a warm killable worker; verdicts in order."""
    timeout = float(request["timeout"])
    memory = request.get("memory_bytes")
    memory = int(memory) if memory else None
    specs = {qid: (str(q["reference"]), str(q.get("declarations", "")), str(q.get("layout", "numerator")), str(qid))
             for qid, q in request["questions"].items()}
    answers = [(specs[qid], str(text), timeout) for qid, text in request["answers"]]
    pool = _pools.get((timeout, memory))
    if pool is None:
        pool = _pools[(timeout, memory)] = WarmPool(check_spec, jobs=1, timeout=timeout, memory_bytes=memory,
                                                    tasks_per_child=TASKS_PER_CHILD)
    verdicts: list = [None] * len(answers)
    for index, outcome, seconds in pool.run(answers):
        verdict = outcome.value if isinstance(outcome, Done) else verdict_from_outcome(outcome).to_json()
        verdict["seconds"] = round(seconds, 4)
        verdicts[index] = verdict
    return {"verdicts": verdicts}


def claims(request: dict) -> dict:
    """Decide every claim of one claim file (imported in a hosted worker); results as plain data."""
    shown = str(request["file"])
    source = base64.b64decode(request["source_b64"])
    folder, path = _materialize(shown, source)
    here = os.getcwd()
    try:
        if folder:
            os.chdir(folder)
        [(info, decided)] = run_claim_files([path], timeout=float(request["timeout"]), jobs=1,
                                            check_certificates=bool(request.get("check_certificates")),
                                            with_claim_data=bool(request.get("with_claim_data")))
    finally:
        os.chdir(here)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
    error = None
    if info.error is not None:
        error = {"detail": _renamed(info.error.detail, path, shown), "line": info.error.line}
    results = {}
    for k, result in decided.items():
        plain = result.to_plain()
        plain["file"] = shown
        plain["detail"] = _renamed(plain.get("detail", ""), path, shown)
        results[str(k)] = plain
    return {"file": shown, "claims": [asdict(c) for c in info.claims], "error": error, "results": results}


def _materialize(shown: str, source: bytes) -> tuple[str | None, str]:
    """(folder to work in or None, path to import): the file itself when it has the same bytes here,
    else a copy under a private folder, at the same relative path when that is safe."""
    here = Path(shown)
    try:
        if here.is_file() and hashlib.sha256(here.read_bytes()).digest() == hashlib.sha256(source).digest():
            return None, shown
    except OSError:
        pass
    parts = [p for p in PurePosixPath(shown.replace("\\", "/")).parts if p not in ("/", "..", ".")] or ["claims.py"]
    folder = tempfile.mkdtemp(prefix="symcheck-claims-")
    target = Path(folder, *parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source)
    return folder, str(Path(*parts))


def _renamed(text: str, path: str, shown: str) -> str:
    """A message about the copy at `path`, told about the file `shown` the client named."""
    return shown + text[len(path):] if path != shown and text.startswith(path) else text


HANDLERS = {"grade": grade, "claims": claims}


def serve(request_fd: int, reply_fd: int) -> None:
    """Answer requests until the Dask worker closes its end (or dies: this process dies with it)."""
    limit_process(parent_pid=os.getppid(), cpu_seconds=None, memory_bytes=None)
    requests = Connection(request_fd, writable=False)
    replies = Connection(reply_fd, readable=False)
    warm_up()
    try:
        while True:
            try:
                data = requests.recv_bytes()
            except (EOFError, OSError):
                return
            try:
                request = json.loads(data.decode("utf-8", "surrogatepass"))
                handler = HANDLERS.get(request.get("kind")) if isinstance(request, dict) else None
                reply = handler(request) if handler else {"failed": "not a symcheck request"}
            except Exception as exc:  # noqa: BLE001 - a bad request is answered, never fatal
                reply = {"failed": f"{type(exc).__name__}: {exc}".splitlines()[0]}
            replies.send_bytes(json.dumps(reply, ensure_ascii=False, allow_nan=False)
                               .encode("utf-8", "surrogatepass"))
    finally:
        for pool in _pools.values():
            pool.close()


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]))
