"""The checks behind the web page and its JSON API: untrusted text in, the CLI's JSON documents out.

Every input is treated as hostile. Nothing is evaluated: text is read only by the LaTeX
front end, and every reading and every decision happens in a killable worker
(`symcheck.worker`) under a time and a memory limit:

* a derivation is first read in a worker; only text whose reading finished there within
  the limits is read again in this process (the reader is deterministic), and its proof
  obligations are decided in workers by `symcheck.verify.check_derivation`, with the
  server's obligation cache so that an edit re-checks only the steps that changed;
* an answer, its reference and its declarations are read and decided together in one worker.

Both return (HTTP status, document), the document being exactly what `symcheck verify
--json` / `symcheck check --json` print. This module knows nothing about HTTP frameworks,
so it is used directly by the tests and the benchmark.
"""
from __future__ import annotations

import signal
import threading
import time
from dataclasses import dataclass, field

from ..grade.check import (DEFAULT_MEMORY_BYTES, DEFAULT_TIMEOUT as CHECK_TIMEOUT, MAX_ANSWER_CHARS,
                           check_in_process, prepare_question, screen, verdict_from_outcome, warm_up)
from ..report.derivation_text import header_error_json
from ..verify import DEFAULT_TIMEOUT as VERIFY_TIMEOUT
from ..verify import HeaderError, ObligationCache, check_derivation, read_derivation
from ..worker import Done, TimedOut, run_one

MAX_TEXT_CHARS = 100_000          # a derivation
MAX_DECLARATION_CHARS = 4_000     # the declarations of /check
MAX_STEPS = 200                   # steps of one derivation
READ_SECONDS = 10.0               # reading a derivation, in its worker
READ_MEMORY_BYTES = 1024 ** 3     # address space of the reading worker
CHECK_MARGIN = 2.0                # seconds an answer's worker gets beyond its time limit (reading the reference)
BUSY_SECONDS = 60.0               # how long a request waits for a free slot before "busy"


class Busy(Exception):
    """Every slot is taken: the request should be retried later (HTTP 503)."""


class _ReadingTooLong(BaseException):
    """Raised by the alarm in the reading worker (a BaseException, so no reader's `except Exception` eats it)."""


def _read_in_worker(text: str, path: str):
    """Read a derivation (runs in a worker): ('header', doc) | ('steps', count) | ('slow', seconds)."""
    def alarm(signum, frame):
        raise _ReadingTooLong()
    signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, READ_SECONDS)
    try:
        derivation = read_derivation(text, path)
    except HeaderError as exc:
        return ("header", header_error_json(path, exc.error))
    except _ReadingTooLong:
        return ("slow", READ_SECONDS)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return ("steps", len(derivation.plans))


def _check_in_worker(reference: str, declarations: str, answer: str, layout: str, timeout: float):
    """Read the reference and check the answer (runs in a worker): ('error', message) | ('verdict', doc)."""
    try:
        question = prepare_question(reference, declarations, layout)
    except Exception as exc:  # ParseError, IllTyped: the reference is input too
        return ("error", f"the reference cannot be used: {exc}")
    return ("verdict", check_in_process(question, answer, timeout, True).to_json())


class _Counting:
    """The server's cache, counting the hits of one request."""

    def __init__(self, cache: ObligationCache):
        self.cache, self.hits = cache, 0

    def get(self, key: str):
        found = self.cache.get(key)
        self.hits += found is not None
        return found

    def put(self, key: str, answer: dict, seconds: float) -> None:
        self.cache.put(key, answer, seconds)


def _error_document(path: str, message: str) -> dict:
    """A derivation that cannot be checked at all, in the header-error form of the verify document."""
    return {"file": path, "error": {"line": 1, "column": 1, "message": message}}


@dataclass
class Service:
    """The server's checks: limits, the obligation cache and a bound on the checks running at once."""

    verify_timeout: float = VERIFY_TIMEOUT
    check_timeout: float = CHECK_TIMEOUT
    jobs: int = 2
    concurrent: int = 2
    cache: ObligationCache = field(default_factory=ObligationCache)

    def __post_init__(self) -> None:
        self._slots = threading.BoundedSemaphore(max(1, self.concurrent))

    def warm_up(self) -> None:
        """Import every engine once, so forked workers start with them loaded."""
        warm_up()

    def _slot(self):
        if not self._slots.acquire(timeout=BUSY_SECONDS):
            raise Busy("the server is busy checking; try again in a moment")
        return self._slots

    # -- derivations

    def verify(self, text: str, path: str = "<text>") -> tuple[int, dict, dict]:
        """(status, the `verify --json` document, facts about the run: seconds, cached, checked)."""
        start = time.monotonic()
        if not isinstance(text, str):
            return 400, _error_document(path, "the text must be a string"), {}
        if len(text) > MAX_TEXT_CHARS:
            return 413, _error_document(path, f"the text is too long ({len(text)} characters, limit "
                                              f"{MAX_TEXT_CHARS})"), {}
        slot = self._slot()
        try:
            outcome, _ = run_one(_read_in_worker, (text, path), timeout=READ_SECONDS + 5,
                                 memory_bytes=READ_MEMORY_BYTES)
            if not isinstance(outcome, Done):
                reason = "took too long" if isinstance(outcome, TimedOut) else "failed"
                if "memory" in getattr(outcome, "message", ""):
                    reason = "needed more than the memory limit"
                return 422, _error_document(path, f"reading this text {reason}; nothing was checked"), {}
            kind, value = outcome.value
            if kind == "header":
                return 400, value, {}
            if kind == "slow":
                return 422, _error_document(path, f"reading this text took more than {value:g} s; "
                                                  "nothing was checked"), {}
            if value > MAX_STEPS:
                return 413, _error_document(path, f"too many steps ({value}, limit {MAX_STEPS}); "
                                                  "check the derivation in parts"), {}
            derivation = read_derivation(text, path)      # vetted above: it reads within the limits
            counting = _Counting(self.cache)
            result = check_derivation(derivation, timeout=self.verify_timeout, jobs=self.jobs, cache=counting)
        finally:
            slot.release()
        obligations = sum(len(p.obligations) for p in derivation.plans)
        return 200, result.to_json(), {"seconds": round(time.monotonic() - start, 3), "obligations": obligations,
                                       "cached": counting.hits}

    # -- answers

    def check(self, reference: str, answer: str, declarations: str = "", layout: str = "numerator") \
            -> tuple[int, dict]:
        """(status, the `check --json` document), or (400, {"error": ...}) for a reference that cannot be used."""
        for label, value, limit in (("reference", reference, MAX_ANSWER_CHARS), ("answer", answer, None),
                                    ("declarations", declarations, MAX_DECLARATION_CHARS)):
            if not isinstance(value, str):
                return 400, {"error": f"the {label} must be a string"}
            if limit is not None and len(value) > limit:
                return 413, {"error": f"the {label} is too long ({len(value)} characters, limit {limit})"}
        if layout not in ("numerator", "denominator"):
            return 400, {"error": "layout must be numerator or denominator"}
        for label, value in (("reference", reference), ("declarations", declarations)):
            refused = screen(value) if value.strip() else None
            if refused is not None and refused.status != "unparseable":
                return 400, {"error": f"the {label} cannot be used: {refused.detail}"}
        if not reference.strip():
            return 400, {"error": "the reference is empty"}
        refused = screen(answer)
        if refused is not None:
            return 200, refused.to_json()
        slot = self._slot()
        try:
            outcome, seconds = run_one(_check_in_worker, (reference, declarations, answer, layout,
                                                          self.check_timeout),
                                       timeout=self.check_timeout + CHECK_MARGIN, memory_bytes=DEFAULT_MEMORY_BYTES)
        finally:
            slot.release()
        if isinstance(outcome, Done):
            kind, value = outcome.value
            return (400, {"error": value}) if kind == "error" else (200, value)
        verdict = verdict_from_outcome(outcome)
        verdict.seconds = round(seconds, 4)
        return 200, verdict.to_json()


__all__ = ["Service", "Busy", "MAX_TEXT_CHARS", "MAX_STEPS", "MAX_DECLARATION_CHARS", "READ_SECONDS"]
