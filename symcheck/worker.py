"""Workers: the one place where work runs under a wall-clock and memory limit.

Each task runs in a forked child process (so it inherits loaded claims without
pickling them) that can be killed. A task that runs past its time becomes
`TimedOut`; one that dies or exhausts memory becomes `Crashed`. Neither stops the
others. POSIX only (fork).
"""
from __future__ import annotations

import multiprocessing
import os
import resource
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable, Iterator

DEFAULT_MEMORY_BYTES = 6 * 1024 ** 3


@dataclass
class Done:
    value: Any


@dataclass
class TimedOut:
    seconds: float


@dataclass
class Crashed:
    message: str


Outcome = Done | TimedOut | Crashed


def _child(conn, fn: Callable, args: tuple, memory_bytes: int | None) -> None:
    if memory_bytes:
        try:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        except (ValueError, OSError):
            pass
    try:
        result: Outcome = Done(fn(*args))
    except MemoryError:
        result = Crashed("ran out of memory")
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, never raised there
        tail = traceback.format_exc(limit=4)
        result = Crashed(f"{type(exc).__name__}: {exc}\n{tail}")
    try:
        conn.send(result)
    except Exception as exc:  # an unpicklable result is itself a crash
        conn.send(Crashed(f"result could not be sent back: {exc}"))
    finally:
        conn.close()
        os._exit(0)


def run_many(tasks: Iterable[tuple[Callable, tuple]], *, jobs: int = 1, timeout: float = 10.0,
             memory_bytes: int | None = DEFAULT_MEMORY_BYTES) -> Iterator[tuple[int, Outcome, float]]:
    """Runs `fn(*args)` for each task in up to `jobs` children; yields (index, outcome, seconds) as each ends."""
    ctx = multiprocessing.get_context("fork")
    pending = list(enumerate(tasks))
    pending.reverse()
    running: dict = {}  # connection -> (index, process, started)
    try:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                index, (fn, args) = pending.pop()
                parent, child = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_child, args=(child, fn, args, memory_bytes), daemon=True)
                proc.start()
                child.close()
                running[parent] = (index, proc, time.monotonic())
            now = time.monotonic()
            next_deadline = min(started + timeout for _, _, started in running.values())
            ready = wait(list(running), timeout=max(0.0, next_deadline - now))
            for conn in ready:
                index, proc, started = running.pop(conn)
                try:
                    outcome = conn.recv()
                except (EOFError, OSError):
                    proc.join(1)
                    outcome = Crashed(f"worker died (exit code {proc.exitcode})")
                conn.close()
                proc.join(1)
                yield index, outcome, time.monotonic() - started
            now = time.monotonic()
            for conn, (index, proc, started) in list(running.items()):
                if now - started >= timeout:
                    running.pop(conn)
                    proc.kill()
                    proc.join(1)
                    conn.close()
                    yield index, TimedOut(timeout), now - started
    finally:
        for conn, (_, proc, _) in running.items():
            proc.kill()
            proc.join(1)
            conn.close()


def run_one(fn: Callable, args: tuple = (), *, timeout: float = 10.0,
            memory_bytes: int | None = DEFAULT_MEMORY_BYTES) -> tuple[Outcome, float]:
    for _, outcome, seconds in run_many([(fn, args)], jobs=1, timeout=timeout, memory_bytes=memory_bytes):
        return outcome, seconds
    raise RuntimeError("no outcome")  # unreachable: run_many yields once per task
