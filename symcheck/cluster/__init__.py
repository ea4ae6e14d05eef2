"""Running checks on a Dask cluster (`--scheduler tcp://HOST:8786` or `--scheduler local:N`).

The client side: what `symcheck grade` and `symcheck run` call instead of their local
workers. It connects to a `dask.distributed` scheduler (or starts a `LocalCluster` of N
worker processes, one thread each), sends JSON requests as Dask tasks
(`tasks.run_request`, run on the workers by a warm grading service, `service.py`) and reads
the JSON text they return. So:

- only plain data crosses the wire: question specs as text, answer texts, claim files as
  bytes; verdicts and results come back as JSON text, and the client is set to decode only
  msgpack (plain values) from the cluster, never a pickled object;
- every check still runs in a killable worker with its time and memory limits, on the Dask
  worker; the caller alone writes its store or report;
- a task whose Dask worker is lost is rescheduled by Dask (the scheduler's
  `allowed-failures`), a task that raised is retried (`retries=`); what still fails is
  reported, not invented: `grade` leaves those rows pending for the next run;
- tasks are submitted in a bounded window (a few per worker thread), so a client that is
  killed loses only the tasks in flight.

Dask is an optional dependency (`pip install "symcheck[dask]"`): without it, or with a bad
address, `ClusterError` carries a one-line message.
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import math
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

INSTALL_HINT = 'pip install "symcheck[dask]"'
RETRIES = 2                 # a task that raised (its service died twice) is tried this many more times
ALLOWED_FAILURES = 3        # for local clusters: worker deaths a task may see before it is given up
WINDOW_PER_THREAD = 4       # tasks in flight per worker thread
MAX_BATCH = 16              # answers per grading task (fewer when there are few answers per thread)
CONNECT_SECONDS = 30
_ADDRESS = re.compile(r"^(tcp|tls|ucx|inproc|ws|wss)://\S+$|^[\w.\-\[\]:]+:\d+$")
_LOCAL = re.compile(r"^local(?::(\d+))?$")


class ClusterError(Exception):
    """The cluster cannot be used (no Dask, a bad address, no scheduler there): a one-line message."""


@dataclass(frozen=True)
class SchedulerSpec:
    """Where checks go: a scheduler's address, or a local cluster of `workers` processes."""

    address: str = ""
    workers: int = 0

    @property
    def local(self) -> bool:
        return not self.address


def parse_scheduler(text: str) -> SchedulerSpec:
    """`tcp://HOST:PORT` (or tls://, HOST:PORT) or `local:N`; raises ClusterError (bad text, no Dask)."""
    text = (text or "").strip()
    local = _LOCAL.match(text)
    if local:
        workers = int(local.group(1) or 2)
        if not 1 <= workers <= 512:
            raise ClusterError(f"--scheduler {text}: the number of local workers must be between 1 and 512")
        spec = SchedulerSpec(workers=workers)
    elif _ADDRESS.match(text):
        spec = SchedulerSpec(address=text)
    else:
        raise ClusterError(f"--scheduler {text!r}: expected a scheduler address such as tcp://HOST:8786, "
                           f"or local:N for a local cluster of N worker processes")
    _require_dask()
    return spec


def _require_dask():
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise ClusterError(f"--scheduler needs Dask's distributed scheduler, which is not installed: "
                           f"{INSTALL_HINT}") from None
    return distributed


# Dask settings for the clusters symcheck starts itself (local:N). A worker's statistical
# profiler samples its task threads every 10 ms: CPU that checks need more (our tasks only wait
# for the grading service), so it is off. Remote workers take the same settings from their own
# configuration (docs/scale.md).
LOCAL_CONFIG = {"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
                "distributed.worker.profile.enabled": False}


def local_cluster(workers: int):
    """A LocalCluster of `workers` processes with one thread each, quiet, no dashboard (as local:N starts)."""
    distributed = _require_dask()
    import dask

    with dask.config.set(LOCAL_CONFIG):
        return distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=logging.CRITICAL)


@contextmanager
def connect(scheduler: str | SchedulerSpec) -> Iterator:
    """A `distributed.Client` for the scheduler (a LocalCluster started and stopped here for local:N)."""
    spec = scheduler if isinstance(scheduler, SchedulerSpec) else parse_scheduler(scheduler)
    distributed = _require_dask()
    import dask

    with dask.config.set(LOCAL_CONFIG):
        if spec.local:
            try:
                cluster = local_cluster(spec.workers)
            except Exception as exc:  # noqa: BLE001 - one line for the user
                raise ClusterError(f"could not start a local Dask cluster: {type(exc).__name__}: {exc}") from None
            try:
                with distributed.Client(cluster, deserializers=["msgpack"]) as client:
                    yield client
            finally:
                cluster.close()
            return
        try:
            client = distributed.Client(spec.address, timeout=CONNECT_SECONDS, deserializers=["msgpack"])
        except Exception as exc:  # noqa: BLE001 - one line for the user
            raise ClusterError(f"cannot reach the Dask scheduler at {spec.address}: "
                               f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}") from None
        with client:
            yield client


def _threads(client) -> int:
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # noqa: BLE001 - a guess is enough for the window size
        return 1


def run_requests(client, requests: list[dict], *, on_error: Callable[[int, str], None] | None = None
                 ) -> Iterator[tuple[int, dict]]:
    """Send each request as a task (a bounded window in flight); yields (index, reply) as each ends.

    A reply is the decoded JSON object the service answered. A request whose task failed for
    good (its workers kept dying, or it raised past its retries), or whose reply is not a JSON
    object, yields nothing; `on_error(index, message)` is told.
    """
    from distributed import as_completed

    from .tasks import run_request

    window = max(2, WINDOW_PER_THREAD * _threads(client))
    run = uuid.uuid4().hex[:12]
    pending = list(enumerate(requests))
    pending.reverse()
    index_of: dict = {}

    def submit(stream) -> None:
        index, request = pending.pop()
        text = json.dumps(request, ensure_ascii=False, allow_nan=False)
        future = client.submit(run_request, text, pure=False, retries=RETRIES, key=f"symcheck-{run}-{index}")
        index_of[future.key] = index
        stream.add(future)

    stream = as_completed([], loop=client.loop)
    for _ in range(min(window, len(pending))):
        submit(stream)
    try:
        for future in stream:
            index = index_of.pop(future.key)
            if pending:
                submit(stream)
            try:
                text = future.result()
                reply = json.loads(text) if isinstance(text, str) else None
            except Exception as exc:  # noqa: BLE001 - the task failed for good: told, not raised
                if on_error:
                    on_error(index, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
                continue
            finally:
                future.release()
            if not isinstance(reply, dict) or "failed" in reply:
                if on_error:
                    why = reply.get("failed") if isinstance(reply, dict) else "not a JSON object"
                    on_error(index, f"the worker could not serve it: {why}")
                continue
            yield index, reply
    finally:  # stopped early (Ctrl-C, an error here): what is still in flight is dropped
        for future in list(getattr(stream, "futures", ())):
            future.cancel()


# ---------------------------------------------------------------- grading

def grade_requests(questions: dict, items: list[tuple[str, str]], *, timeout: float, memory_bytes: int | None,
                   threads: int) -> list[tuple[list[int], dict]]:
    """Items (question id, answer) in batches of the same question: (item indices, request) per task."""
    specs = {}
    for qid in {q for q, _ in items}:
        question = questions[qid]
        if not question.declarations_text and question.declarations.decls:
            raise ClusterError(f"question [{qid}] was prepared from declarations without their text, "
                               f"which a cluster worker needs: prepare it from the declarations text")
        specs[qid] = {"reference": question.reference, "declarations": question.declarations_text,
                      "layout": question.layout}
    size = max(1, min(MAX_BATCH, math.ceil(len(items) / max(1, 2 * threads))))
    order = sorted(range(len(items)), key=lambda i: items[i][0])
    out = []
    for start in range(0, len(order), size):
        chunk = order[start:start + size]
        used = sorted({items[i][0] for i in chunk})
        out.append((chunk, {"kind": "grade", "timeout": timeout, "memory_bytes": memory_bytes,
                            "questions": {q: specs[q] for q in used},
                            "answers": [[items[i][0], items[i][1]] for i in chunk]}))
    return out


def cluster_checks(scheduler: str, questions: dict, *, timeout: float, memory_bytes: int | None,
                   on_error: Callable[[str], None] | None = None) -> Callable[[list], Iterator]:
    """A grading scheduler (see grade.batch.Checks) that checks answers on the Dask cluster."""
    from ..grade.verdict import UNKNOWN, AnswerVerdict

    def run(items: list) -> Iterator:
        with connect(scheduler) as client:
            batches = grade_requests(questions, items, timeout=timeout, memory_bytes=memory_bytes,
                                     threads=_threads(client))

            def failed(index: int, message: str) -> None:
                if on_error:
                    on_error(f"{len(batches[index][0])} answer(s) not checked: {message}")

            for index, reply in run_requests(client, [r for _, r in batches], on_error=failed):
                chunk = batches[index][0]
                verdicts = reply.get("verdicts")
                if not isinstance(verdicts, list) or len(verdicts) != len(chunk):
                    failed(index, "the worker sent back a malformed reply")
                    continue
                for item, data in zip(chunk, verdicts):
                    try:
                        verdict = AnswerVerdict.from_json(data)
                    except (TypeError, ValueError):
                        verdict = AnswerVerdict(UNKNOWN, "the cluster sent back an unreadable verdict", method="worker")
                    yield item, verdict
    return run


# ---------------------------------------------------------------- claim files

def claim_file_request(path: str, *, timeout: float, check_certificates: bool, with_claim_data: bool) -> dict:
    """The request that decides every claim of one claim file on a worker (the file's bytes travel with it)."""
    with open(path, "rb") as handle:
        source = handle.read()
    return {"kind": "claims", "file": str(path), "source_b64": base64.b64encode(source).decode("ascii"),
            "sha256": hashlib.sha256(source).hexdigest(), "timeout": timeout,
            "check_certificates": check_certificates, "with_claim_data": with_claim_data}


__all__ = ["ClusterError", "SchedulerSpec", "parse_scheduler", "connect", "local_cluster", "LOCAL_CONFIG", "run_requests", "grade_requests",
           "cluster_checks", "claim_file_request", "INSTALL_HINT"]
