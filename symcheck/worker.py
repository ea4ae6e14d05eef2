"""Workers: the one place where work runs under a wall-clock, CPU-time and memory limit.

Three shapes of work:

- `run_many(tasks)` / `run_one(fn, args)`: each task `fn(*args)` runs in a forked
  child (so it inherits what the parent loaded without pickling it) that can be
  killed. Its result comes back pickled: for work the parent trusts (student answers
  and derivation steps are parsed by our own front end, never executed).
- `WarmPool(fn)`: the same limits per task, but a child runs task after task, so
  imports and caches stay warm (batch grading: a fork per answer cost more than most
  answers). A child that times out, dies, raises or runs out of memory is replaced
  by a fresh fork, so nothing a failed task leaves behind meets the next one.
  `run_warm(fn, items)` runs one list in a fresh pool whose children get each item
  from the fork (only its index goes through the pipe), as run_many's tasks do.
- `run_hosted(setups, task, plan)`: for code the parent must never run, such as a
  claim file. Each setup (importing one file) runs in its own *host* process; the
  host answers with a manifest; `plan` turns the manifest into tasks; each task runs
  in a child that the host forks, so it sees what the setup loaded; like a WarmPool's,
  a child runs task after task until one fails (caches stay warm). Hosts and their
  children answer with JSON only, which the parent reads with `json.loads`: nothing
  a claim file builds is ever unpickled or executed in the parent. A host runs in
  its own process group, with stdin closed and stdout sent to stderr (so a claim
  file's prints or forks never reach the report on stdout).

In both, a task that runs past its time becomes `TimedOut`; one that dies, exits or
exhausts memory becomes `Crashed`. Neither stops the others. Every worker dies with
its parent (Linux: `PR_SET_PDEATHSIG`), has a CPU-time limit as a backstop
(`CPU_GRACE_SECONDS` past its wall-clock limit) and an address-space limit (`memory_bytes`
beyond what it inherited from its parent), and ignores Ctrl-C (the parent decides what it
means). POSIX only (fork).
"""
from __future__ import annotations

import ctypes
import gc
import itertools
import json
import math
import multiprocessing
import os
import resource
import signal
import sys
import time
import traceback
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable, Iterator, Sequence

DEFAULT_MEMORY_BYTES = 6 * 1024 ** 3
CPU_GRACE_SECONDS = 5.0      # a worker's CPU-time limit is its wall-clock limit plus this (a backstop)
HOST_GRACE_SECONDS = 0.5  # how long a host asked to end may take to reap its task children
HOST_CPU_SECONDS = 300.0     # a host's CPU budget beyond its setup's (it only forks and relays)
MAX_MESSAGE_BYTES = 256 * 1024 ** 2  # a larger answer from a host is a crash of that host
POLL_SECONDS = 0.5           # how often hosts are checked for having died
OUT_OF_MEMORY = "ran out of memory"
PR_SET_PDEATHSIG = 1         # <linux/prctl.h>


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


# ---------------------------------------------------------------- limits every worker sets first

def _die_with_parent(parent_pid: int) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux); exit now if it already has."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:
        os._exit(1)


def limit_process(*, parent_pid: int, cpu_seconds: float | None, memory_bytes: int | None) -> None:
    """Die with the parent, ignore Ctrl-C, cap the address space and the CPU time (raising no limit).

    The address space may grow by `memory_bytes` beyond what the process inherited when it was
    forked: a large parent (a notebook, a process running a Dask client, a long test session)
    does not shrink what each worker may allocate.
    """
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if memory_bytes:
        allowed = _address_space() + int(memory_bytes)
        _lower_limit(resource.RLIMIT_AS, allowed, allowed)
    if cpu_seconds:
        soft = max(1, math.ceil(cpu_seconds))
        _lower_limit(resource.RLIMIT_CPU, soft, soft + 2)


def _address_space() -> int:
    """The bytes of address space this process has mapped now (0 where /proc cannot tell)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _lower_limit(which: int, soft: int, hard: int) -> None:
    try:
        _, current = resource.getrlimit(which)
        if current != resource.RLIM_INFINITY:
            soft, hard = min(soft, current), min(hard, current)
        resource.setrlimit(which, (soft, hard))
    except (ValueError, OSError):
        pass


def _death(exitcode: int | None) -> str:
    """Why a worker ended without answering, in words."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        reason = {"SIGXCPU": "it used up its CPU-time limit", "SIGKILL": "it was killed"}.get(name, f"by {name}")
        return f"worker died ({reason})"
    return f"worker died (exit code {exitcode})"


def _failure(exc: BaseException) -> str:
    try:
        return f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=4)}"
    except Exception:  # noqa: BLE001 - an exception that cannot even be shown
        return type(exc).__name__


# ---------------------------------------------------------------- run_many: trusted tasks

def _child(conn, fn: Callable, args: tuple, memory_bytes: int | None, cpu_seconds: float | None,
           parent_pid: int) -> None:
    limit_process(parent_pid=parent_pid, cpu_seconds=cpu_seconds, memory_bytes=memory_bytes)
    try:
        result: Outcome = Done(fn(*args))
    except MemoryError:
        result = Crashed("ran out of memory")
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, never raised there
        result = Crashed(_failure(exc))
    try:
        conn.send(result)
    except Exception as exc:  # an unpicklable result is itself a crash
        conn.send(Crashed(f"result could not be sent back: {exc}"))
    finally:
        conn.close()
        os._exit(0)


def start_frozen(proc) -> None:
    """Fork `proc` with everything this process holds frozen for the child's garbage collector.

    The child's collector then leaves alone what it inherits (SymPy, the engines, their caches, an
    imported claim file): walking it would cost every child time and copy its pages (copy-on-write).
    The parent unfreezes at once; its own collector is unchanged."""
    gc.freeze()
    try:
        proc.start()
    finally:
        gc.unfreeze()


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
                proc = ctx.Process(target=_child, daemon=True, args=(
                    child, fn, args, memory_bytes, timeout + CPU_GRACE_SECONDS, os.getpid()))
                start_frozen(proc)
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
                    outcome = Crashed(_death(proc.exitcode))
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


def run_warm(fn: Callable, items: Sequence[tuple], *, jobs: int = 1, timeout: float = 10.0,
             memory_bytes: int | None = DEFAULT_MEMORY_BYTES) -> Iterator[tuple[int, Outcome, float]]:
    """`fn(*items[i])` for each item in a fresh WarmPool; yields (index, outcome, seconds) as each ends.

    Its children are forked after `items` exists and are sent only an index, so an item needs no
    pickling (SymPy does not rebuild every expression it pickles: an unevaluated derivative of a
    matrix expression), exactly as with run_many, while caches stay warm from task to task.
    """
    with WarmPool(lambda index: fn(*items[index]), jobs=jobs, timeout=timeout, memory_bytes=memory_bytes) as pool:
        yield from pool.run((index,) for index in range(len(items)))


def run_one(fn: Callable, args: tuple = (), *, timeout: float = 10.0,
            memory_bytes: int | None = DEFAULT_MEMORY_BYTES) -> tuple[Outcome, float]:
    for _, outcome, seconds in run_many([(fn, args)], jobs=1, timeout=timeout, memory_bytes=memory_bytes):
        return outcome, seconds
    raise RuntimeError("no outcome")  # unreachable: run_many yields once per task


# ---------------------------------------------------------------- WarmPool: trusted tasks in reused children

def _allow_cpu(seconds: float) -> None:
    """Let this process use `seconds` more CPU time from now (the soft limit; SIGXCPU past it)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = max(1, math.ceil(usage.ru_utime + usage.ru_stime + seconds))
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    except (ValueError, OSError):
        pass


def _pool_child(conn, fn: Callable, memory_bytes: int | None, cpu_seconds: float, parent_pid: int) -> None:
    """A pool child's loop: receive args, run `fn(*args)` under a fresh CPU allowance, send the outcome.

    After any failure (an exception, running out of memory, an unsendable result) it sends the
    outcome and exits, so the parent forks a fresh child for the next task.
    """
    limit_process(parent_pid=parent_pid, cpu_seconds=None, memory_bytes=memory_bytes)
    try:
        while True:
            try:
                args = conn.recv()
            except (EOFError, OSError):
                return
            if args is None:
                return
            _allow_cpu(cpu_seconds)
            try:
                result: Outcome = Done(fn(*args))
            except MemoryError:
                result = Crashed(OUT_OF_MEMORY)
            except BaseException as exc:  # noqa: BLE001 - reported to the parent, never raised there
                result = Crashed(_failure(exc))
            try:
                conn.send(result)
            except Exception as exc:  # an unpicklable result is itself a crash
                conn.send(Crashed(f"result could not be sent back: {exc}"))
                return
            if isinstance(result, Crashed):
                return
    except BaseException:  # noqa: BLE001 - the parent sees the pipe close and reports a crash
        pass
    finally:
        os._exit(0)


class _PoolChild:
    def __init__(self, proc, conn):
        self.proc, self.conn = proc, conn
        self.task: tuple[int, float] | None = None  # (index, started) while busy
        self.args: tuple = ()                       # the args of that task
        self.done = 0                               # tasks it has finished

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                kill = True
        if kill:
            self.proc.kill()
        self.proc.join(1)
        if self.proc.exitcode is None:
            self.proc.kill()
            self.proc.join(1)
        self.conn.close()


class WarmPool:
    """Up to `jobs` forked children, each running `fn(*args)` task after task under per-task limits.

    Limits as in run_many: `timeout` seconds of wall clock per task (past it the child is killed
    and the task is TimedOut), a CPU-time allowance per task (`timeout` + CPU_GRACE_SECONDS), an
    address-space limit per child, death with the parent. A child whose task failed in any way
    is replaced by a fresh fork; so is one that has run `tasks_per_child` tasks. `fn` is
    inherited through the fork (a closure over data the parent prepared is fine); args and
    results are pickled through a pipe: for work the parent trusts, as in run_many. Use as a
    context manager, or call close().
    """

    def __init__(self, fn: Callable, *, jobs: int = 1, timeout: float = 10.0,
                 memory_bytes: int | None = DEFAULT_MEMORY_BYTES, tasks_per_child: int | None = None):
        self.fn, self.jobs, self.timeout, self.memory_bytes = fn, max(1, jobs), timeout, memory_bytes
        self.tasks_per_child = tasks_per_child
        self._idle: list[_PoolChild] = []
        self._ctx = multiprocessing.get_context("fork")

    def __enter__(self) -> "WarmPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop every idle child (busy ones are stopped by run() itself)."""
        while self._idle:
            self._idle.pop().stop()

    def _spawn(self) -> _PoolChild:
        parent, child = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(target=_pool_child, daemon=True, args=(
            child, self.fn, self.memory_bytes, self.timeout + CPU_GRACE_SECONDS, os.getpid()))
        start_frozen(proc)
        child.close()
        return _PoolChild(proc, parent)

    def _start(self, index: int, args: tuple, fresh: bool = False) -> _PoolChild | Crashed:
        """Hand a task to an idle (or new, or with fresh=True always new) child; a dead idle child is replaced."""
        for _ in range(2):
            child = self._idle.pop() if self._idle and not fresh else self._spawn()
            try:
                child.conn.send(args)
            except (OSError, ValueError):  # the idle child died (killed from outside): a new one
                child.stop(kill=True)
                continue
            except Exception as exc:  # noqa: BLE001 - args that cannot be pickled
                self._idle.append(child)
                return Crashed(f"the task could not be sent to a worker: {exc}")
            child.task = (index, time.monotonic())
            return child
        return Crashed("no worker could be started")

    def run(self, items: Iterable[tuple]) -> Iterator[tuple[int, Outcome, float]]:
        """Runs `fn(*args)` for each args tuple of `items`; yields (index, outcome, seconds) as each ends.

        A task that runs out of memory in a child that had run other tasks before (whose heap
        they may have grown) is run once more in a fresh child: only a fresh child's verdict
        that it needs more than the limit stands, as when every task had a fork of its own.
        """
        pending = deque((index, tuple(args), False) for index, args in enumerate(items))
        busy: list[_PoolChild] = []
        try:
            while pending or busy:
                while pending and len(busy) < self.jobs:
                    index, args, fresh = pending.popleft()
                    started = self._start(index, args, fresh)
                    if isinstance(started, Crashed):
                        yield index, started, 0.0
                    else:
                        started.args = args
                        busy.append(started)
                if not busy:
                    continue
                next_deadline = min(c.task[1] for c in busy) + self.timeout
                wait([c.conn for c in busy] + [c.proc.sentinel for c in busy],
                     timeout=max(0.0, next_deadline - time.monotonic()))
                for child in list(busy):
                    index, started = child.task
                    outcome = self._finished(child)
                    now = time.monotonic()
                    if outcome is None and now - started < self.timeout:
                        continue
                    busy.remove(child)
                    child.task = None
                    if outcome is None:
                        child.stop(kill=True)
                        yield index, TimedOut(self.timeout), now - started
                        continue
                    if outcome == Crashed(OUT_OF_MEMORY) and child.done > 0:
                        child.stop(kill=True)
                        pending.appendleft((index, child.args, True))   # again, in a fresh child
                        continue
                    child.done += 1
                    if isinstance(outcome, Done) and child.proc.exitcode is None and \
                            (self.tasks_per_child is None or child.done < self.tasks_per_child):
                        self._idle.append(child)
                    else:
                        child.stop(kill=not isinstance(outcome, Done))
                    yield index, outcome, now - started
        finally:
            for child in busy:
                child.stop(kill=True)

    @staticmethod
    def _finished(child: _PoolChild) -> Outcome | None:
        """The child's outcome if its task has ended (an answer, or its death), else None."""
        try:
            if child.conn.poll():
                return child.conn.recv()
        except (EOFError, OSError):
            child.proc.join(1)
            return Crashed(_death(child.proc.exitcode))
        except Exception:  # noqa: BLE001 - a message that does not unpickle
            return Crashed("the worker sent back an unreadable answer")
        if child.proc.exitcode is not None:
            return Crashed(_death(child.proc.exitcode))
        return None


# ---------------------------------------------------------------- run_hosted: untrusted setups

@dataclass
class SetupEnded:
    """A host's setup ended: Done(manifest), TimedOut or Crashed."""

    host: int
    outcome: Outcome
    seconds: float


@dataclass
class TaskEnded:
    """A task of a host ended: Done(JSON value), TimedOut or Crashed."""

    host: int
    key: Any
    outcome: Outcome
    seconds: float


def _isolate_stdio() -> None:
    """Nothing is read from stdin, and what user code prints goes to stderr: stdout is the parent's report."""
    try:
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.dup2(2, 1)
    except OSError:
        pass


def _send_json(conn, head: bytes, value: Any) -> None:
    try:
        body = json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError, RecursionError) as exc:
        body = json.dumps({"crashed": f"the result could not be sent back: {type(exc).__name__}: {exc}"}).encode()
    conn.send_bytes(head + b"\n" + body)


def _host_main(conn, setup: Callable, args: tuple, task: Callable, memory_bytes: int | None,
               setup_seconds: float, task_seconds: float, parent_pid: int) -> None:
    limit_process(parent_pid=parent_pid, cpu_seconds=setup_seconds + CPU_GRACE_SECONDS + HOST_CPU_SECONDS,
                  memory_bytes=memory_bytes)
    try:
        os.setpgid(0, 0)
    except OSError:
        pass
    _isolate_stdio()
    me = os.getpid()
    forks: list = []
    os.register_at_fork(after_in_parent=lambda: forks.append(1))
    state = None
    try:
        state, manifest = setup(*args)
        reply = {"ok": manifest}
        if forks or _has_children():
            reply = {"crashed": "it started a process of its own (os.fork)"}
    except MemoryError:
        reply = {"crashed": "ran out of memory"}
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, never raised there
        reply = {"crashed": _failure(exc)}
    if os.getpid() != me:  # a process forked by the setup's own code: it has nothing to report
        os._exit(0)
    try:
        _send_json(conn, b"setup", reply)
        if "ok" in reply:
            _serve(conn, state, task, task_seconds, memory_bytes)
    finally:
        os._exit(0)


def _has_children() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return False
    return True


def _serve(conn, state, task: Callable, task_seconds: float, memory_bytes: int | None) -> None:
    """The host's loop: hand each ("run", id, args) to a task child, kill that child on ("stop", id), return on ("end",).

    A task child runs task after task (an idle one is reused, else one is forked), so the caches
    one task warms serve the next (a fork per claim cost more than most claims). A child whose
    task failed in any way (an exception, a crash, running past its time) is never reused, and a
    task that runs out of memory in a reused child runs once more in a fresh one (as in WarmPool).
    """
    ctx = multiprocessing.get_context("fork")
    running: dict = {}  # child connection -> (task id, process, args, tasks the child ran before)
    idle: list = []     # (connection, process, tasks run) of children waiting for a task

    def start(task_id, args, fresh: bool = False) -> None:
        while idle and not fresh:
            receiver, proc, done = idle.pop()
            try:
                receiver.send(args)
            except (OSError, ValueError):  # the idle child died: another one
                _stop_child(receiver, proc)
                continue
            running[receiver] = (task_id, proc, args, done)
            return
        receiver, sender = ctx.Pipe(duplex=True)
        proc = ctx.Process(target=_task_child, daemon=True, args=(
            sender, task, state, task_seconds + CPU_GRACE_SECONDS, memory_bytes, os.getpid()))
        start_frozen(proc)
        sender.close()
        receiver.send(args)
        running[receiver] = (task_id, proc, args, 0)

    try:
        while True:
            for ready in wait([conn, *running]):
                if ready is conn:
                    try:
                        message = conn.recv()
                    except (EOFError, OSError):
                        return
                    if message[0] == "end":
                        return
                    if message[0] == "run":
                        start(message[1], message[2])
                    elif message[0] == "stop":
                        for receiver, (task_id, proc, _, _) in list(running.items()):
                            if task_id == message[1]:
                                running.pop(receiver)
                                _stop_child(receiver, proc)
                    continue
                if ready not in running:  # stopped by a message read in this same round
                    continue
                task_id, proc, args, done = running.pop(ready)
                try:
                    head, _, body = ready.recv_bytes().partition(b"\n")
                except (EOFError, OSError):
                    proc.join(1)
                    head, body = b"crashed", json.dumps({"crashed": _death(proc.exitcode)}).encode()
                if head == OUT_OF_MEMORY.encode() and done > 0:
                    _stop_child(ready, proc)
                    start(task_id, args, fresh=True)  # again, in a fresh child
                    continue
                if head == b"ok":
                    idle.append((ready, proc, done + 1))
                else:
                    _stop_child(ready, proc)
                conn.send_bytes(str(task_id).encode() + b"\n" + body)
    finally:  # every task child killed and reaped (never left to init as a zombie, its CPU time counted)
        children = [proc for _, proc, *_ in running.values()] + [proc for _, proc, _ in idle]
        for proc in children:
            proc.kill()
        for proc in children:
            proc.join(1)


def _stop_child(receiver, proc) -> None:
    """Kill a task child and close its pipe."""
    proc.kill()
    proc.join(1)
    receiver.close()


def _task_child(conn, task: Callable, state, cpu_seconds: float, memory_bytes: int | None,
                parent_pid: int) -> None:
    """A task child's loop: receive args, run `task(state, *args)` under a fresh CPU allowance, send the answer.

    The answer's head says how the task ended: "ok" (ready for another task), "last" (done, but
    the child exits: its CPU budget could not give another task a full allowance), "crashed" or
    "ran out of memory"; after anything but "ok" the child exits, so its host forks a fresh one.
    """
    limit_process(parent_pid=parent_pid, cpu_seconds=None, memory_bytes=memory_bytes)
    me = os.getpid()
    try:
        while True:
            try:
                args = conn.recv()
            except (EOFError, OSError):
                return
            _allow_cpu(cpu_seconds)
            try:
                head, reply = b"ok", {"ok": task(state, *args)}
            except MemoryError:
                head, reply = OUT_OF_MEMORY.encode(), {"crashed": OUT_OF_MEMORY}
            except BaseException as exc:  # noqa: BLE001 - reported to the parent, never raised there
                head, reply = b"crashed", {"crashed": _failure(exc)}
            if os.getpid() != me:  # a process the task's own code forked: it has nothing to report
                os._exit(0)
            try:
                body = json.dumps(reply, ensure_ascii=False, allow_nan=False).encode("utf-8", "surrogatepass")
            except (TypeError, ValueError, RecursionError) as exc:
                head, body = b"crashed", json.dumps(
                    {"crashed": f"the result could not be sent back: {type(exc).__name__}: {exc}"}).encode()
            if head == b"ok" and _cpu_left() < 2 * cpu_seconds:
                head = b"last"
            conn.send_bytes(head + b"\n" + body)
            if head != b"ok":
                return
    finally:
        os._exit(0)


def _cpu_left() -> float:
    """CPU seconds this process may still use before its hard limit (infinite without one)."""
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard == resource.RLIM_INFINITY:
        return math.inf
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return hard - (usage.ru_utime + usage.ru_stime)


class _Host:
    """The parent's view of one host process."""

    def __init__(self, index: int, proc, conn):
        self.index, self.proc, self.conn = index, proc, conn
        self.started = time.monotonic()
        self.ready = False
        self.queue: deque = deque()  # (task id, key, args) not yet sent
        self.running: dict = {}      # task id -> (key, started)

    @property
    def finished(self) -> bool:
        return self.ready and not self.queue and not self.running

    def close(self) -> None:
        """Kill the host, its children and anything its user code forked (its process group).

        A serving host is first asked to end (an "end" message: closing the pipe is not enough,
        since every process forked after it holds a copy of the parent's end): it then kills and
        reaps its task children itself (a killed group's children would be left to init as zombies)."""
        if self.ready and not self.conn.closed:
            try:
                self.conn.send(("end",))
            except (OSError, ValueError):
                pass
        self.conn.close()
        if self.ready:
            self.proc.join(HOST_GRACE_SECONDS)
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (OSError, TypeError):
            pass
        self.proc.kill()
        self.proc.join(1)


def _decode(data: bytes) -> tuple[str, Outcome]:
    """A host's message as (head, outcome); an unreadable message is a crash."""
    head, _, body = data.partition(b"\n")
    try:
        reply = json.loads(body.decode("utf-8", "surrogatepass"))
        if isinstance(reply, dict) and "ok" in reply:
            return head.decode("ascii", "replace"), Done(reply["ok"])
        if isinstance(reply, dict) and isinstance(reply.get("crashed"), str):
            return head.decode("ascii", "replace"), Crashed(reply["crashed"])
    except (ValueError, RecursionError, UnicodeDecodeError):
        pass
    return head.decode("ascii", "replace"), Crashed("the worker sent back an unreadable answer")


def run_hosted(setups: Sequence[tuple[Callable, tuple]], task: Callable,
               plan: Callable[[int, Any], list[tuple[Any, tuple]]], *, jobs: int = 1, timeout: float = 10.0,
               setup_timeout: float | None = None,
               memory_bytes: int | None = DEFAULT_MEMORY_BYTES) -> Iterator[SetupEnded | TaskEnded]:
    """Runs each `setup(*args) -> (state, manifest)` in a host; `plan(host, manifest)` lists (key, args)
    tasks, each run as `task(state, *args)` in a child of that host. Yields SetupEnded / TaskEnded events.

    At most `jobs` setups and tasks run at once; tasks of earlier hosts go first. A setup gets
    `setup_timeout` (default `timeout`) seconds, a task `timeout`. Manifests and task results must be
    JSON values. When a host dies, each of its unfinished tasks ends as Crashed.
    """
    ctx = multiprocessing.get_context("fork")
    setup_timeout = timeout if setup_timeout is None else setup_timeout
    hosts: dict[int, _Host] = {}
    ids = itertools.count()
    next_setup = 0
    try:
        while next_setup < len(setups) or hosts:
            while sum(len(h.running) + (not h.ready) for h in hosts.values()) < max(1, jobs):
                waiting = [h for h in sorted(hosts.values(), key=lambda h: h.index) if h.ready and h.queue]
                if waiting:
                    host = waiting[0]
                    task_id, key, args = host.queue.popleft()
                    host.running[task_id] = (key, time.monotonic())
                    try:
                        host.conn.send(("run", task_id, args))
                    except (OSError, ValueError):
                        pass  # the host is dead: found below
                elif next_setup < len(setups):
                    setup, args = setups[next_setup]
                    receiver, sender = ctx.Pipe(duplex=True)
                    proc = ctx.Process(target=_host_main, daemon=False, args=(
                        sender, setup, args, task, memory_bytes, setup_timeout, timeout, os.getpid()))
                    start_frozen(proc)
                    sender.close()
                    hosts[next_setup] = _Host(next_setup, proc, receiver)
                    next_setup += 1
                else:
                    break
            deadlines = [h.started + setup_timeout for h in hosts.values() if not h.ready] + \
                [started + timeout for h in hosts.values() for _, started in h.running.values()]
            pause = min([POLL_SECONDS] + [d - time.monotonic() for d in deadlines])
            wait([h.conn for h in hosts.values()] + [h.proc.sentinel for h in hosts.values()],
                 timeout=max(0.0, pause))
            for host in list(hosts.values()):
                yield from _read_host(host, plan, ids)
                if host.proc.exitcode is not None or host.conn.closed:
                    yield from _host_died(host)
                    del hosts[host.index]
                    continue
                yield from _past_deadline(host, setup_timeout, timeout)
                if host.conn.closed or host.finished:
                    if not host.conn.closed:
                        host.close()
                    del hosts[host.index]
    finally:
        for host in hosts.values():
            host.close()


def _read_host(host: _Host, plan, ids) -> Iterator[SetupEnded | TaskEnded]:
    """Every message the host has sent so far, as events."""
    while not host.conn.closed:
        try:
            if not host.conn.poll():
                return
            data = host.conn.recv_bytes(MAX_MESSAGE_BYTES)
        except (EOFError, OSError):
            host.proc.join(0.2)
            yield from _host_died(host)
            return
        head, outcome = _decode(data)
        now = time.monotonic()
        if head == "setup" and not host.ready:
            host.ready = True
            yield SetupEnded(host.index, outcome, now - host.started)
            if isinstance(outcome, Done):
                for key, args in plan(host.index, outcome.value):
                    host.queue.append((next(ids), key, args))
            continue
        try:
            key, started = host.running.pop(int(head))
        except (ValueError, KeyError):
            continue  # not a task of this host that is still running (e.g. one already timed out)
        yield TaskEnded(host.index, key, outcome, now - started)


def _host_died(host: _Host) -> Iterator[SetupEnded | TaskEnded]:
    """The host is gone: its setup, or each of its unfinished tasks, ends as Crashed."""
    if host.conn.closed and host.finished:
        return
    host.close()
    host.proc.join(1)
    now = time.monotonic()
    why = _death(host.proc.exitcode)
    if not host.ready:
        host.ready = True
        yield SetupEnded(host.index, Crashed(why), now - host.started)
        return
    for _, (key, started) in list(host.running.items()):
        yield TaskEnded(host.index, key, Crashed(why), now - started)
    for _, key, _ in host.queue:
        yield TaskEnded(host.index, key, Crashed(why), 0.0)
    host.running.clear()
    host.queue.clear()


def _past_deadline(host: _Host, setup_timeout: float, timeout: float) -> Iterator[SetupEnded | TaskEnded]:
    now = time.monotonic()
    if not host.ready and now - host.started >= setup_timeout:
        host.ready = True
        host.close()
        yield SetupEnded(host.index, TimedOut(setup_timeout), now - host.started)
        return
    for task_id, (key, started) in list(host.running.items()):
        if now - started >= timeout:
            del host.running[task_id]
            try:
                host.conn.send(("stop", task_id))
            except (OSError, ValueError):
                pass
            yield TaskEnded(host.index, key, TimedOut(timeout), now - started)
