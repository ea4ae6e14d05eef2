"""What a Dask worker runs for symcheck: hand a JSON request to this thread's grading service.

A Dask worker process has threads (its event loop, its task threads) and is daemonic, so
symcheck's killable workers are not forked from it. Each task thread starts, once, a
*service*: a fresh single-threaded `python -m symcheck.cluster.service` process that imports
symcheck, keeps warm killable workers (`symcheck.worker`) and answers requests one at a
time. Requests and replies are JSON text through a pair of pipes; nothing is pickled, and
the Dask task's result is that text (a `str`), so the client reads plain data only.

If the service dies (killed from outside), the request is sent to a new one; if that one
dies too the task raises, and Dask retries it (`retries=` at submission). This module
imports no symcheck engine and no Dask: it is plumbing.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from multiprocessing.connection import Connection

_local = threading.local()
START_ATTEMPTS = 2


class ServiceDied(RuntimeError):
    """The grading service ended without answering a request."""


class _Service:
    """A running service process and the two pipe ends this thread talks to it through."""

    def __init__(self) -> None:
        request_read, request_write = os.pipe()
        reply_read, reply_write = os.pipe()
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "symcheck.cluster.service", str(request_read), str(reply_write)],
                pass_fds=(request_read, reply_write), stdin=subprocess.DEVNULL, stdout=2, close_fds=True)
        finally:
            os.close(request_read)
            os.close(reply_write)
        self.requests = Connection(request_write, readable=False)
        self.replies = Connection(reply_read, writable=False)

    def call(self, request: bytes) -> bytes:
        try:
            self.requests.send_bytes(request)
            return self.replies.recv_bytes()
        except (EOFError, OSError) as exc:
            self.close()
            raise ServiceDied(f"the grading service died ({exc or type(exc).__name__})") from None

    def close(self) -> None:
        for conn in (self.requests, self.replies):
            try:
                conn.close()
            except OSError:
                pass
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass


def run_request(request: str) -> str:
    """The Dask task: this thread's service answers the JSON `request` (see service.py); the JSON reply."""
    data = request.encode("utf-8", "surrogatepass")
    for attempt in range(START_ATTEMPTS):
        service = getattr(_local, "service", None)
        if service is None or service.proc.poll() is not None:
            service = _local.service = _Service()
        try:
            return service.call(data).decode("utf-8", "surrogatepass")
        except ServiceDied:
            _local.service = None
            if attempt + 1 == START_ATTEMPTS:
                raise
    raise ServiceDied("unreachable")


__all__ = ["run_request", "ServiceDied"]
