"""Workers: a slow, crashing or memory-hungry task never stops the others; no worker outlives its parent."""
import os
import resource
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from symcheck import worker
from symcheck.worker import CPU_GRACE_SECONDS, Crashed, Done, SetupEnded, TaskEnded, TimedOut, WarmPool, run_hosted, \
    run_many, run_one


def _square(x):
    return x * x


def _sleep(seconds):
    time.sleep(seconds)
    return "woke"


def _boom():
    raise ValueError("bad claim")


def _die():
    os._exit(3)


def _hog():
    return bytearray(4 * 1024 ** 3)


def test_results_come_back_for_every_task_even_when_some_fail():
    tasks = [(_square, (3,)), (_sleep, (30,)), (_boom, ()), (_die, ()), (_square, (4,))]
    outcomes = {i: o for i, o, _ in run_many(tasks, jobs=2, timeout=1.0)}
    assert outcomes[0] == Done(9) and outcomes[4] == Done(16)
    assert isinstance(outcomes[1], TimedOut)
    assert isinstance(outcomes[2], Crashed) and "bad claim" in outcomes[2].message
    assert isinstance(outcomes[3], Crashed) and "died" in outcomes[3].message


def test_a_memory_limit_turns_a_hog_into_a_crash():
    outcome, _ = run_one(_hog, timeout=20, memory_bytes=1024 ** 3)
    assert isinstance(outcome, Crashed) and "memory" in outcome.message


def test_a_timed_out_task_is_killed_promptly():
    start = time.monotonic()
    outcome, _ = run_one(_sleep, (60,), timeout=0.5)
    assert isinstance(outcome, TimedOut) and time.monotonic() - start < 5


# ---- a warm pool: children run task after task, under the same per-task limits ----------------

def _pid_and(value):
    if value == "sleep":
        time.sleep(60)
    elif value == "raise":
        raise ValueError("bad answer")
    elif value == "die":
        os._exit(3)
    elif value == "hog":
        bytearray(4 * 1024 ** 3)
    elif value == "cpu":
        return os.getpid(), resource.getrlimit(resource.RLIMIT_CPU)[0], sum(os.times()[:2])
    return os.getpid(), value


def test_a_warm_pool_reuses_a_child_until_a_task_fails_and_then_forks_a_fresh_one():
    items = [("a",), ("b",), ("raise",), ("c",), ("sleep",), ("d",), ("die",), ("e",), ("hog",), ("f",)]
    with WarmPool(_pid_and, jobs=1, timeout=1.5, memory_bytes=1024 ** 3) as pool:
        outcomes = {i: o for i, o, _ in pool.run(items)}
    assert sorted(outcomes) == list(range(len(items)))
    pid = {k: outcomes[i].value[0] for i, k in enumerate(x for (x,) in items) if isinstance(outcomes[i], Done)}
    assert pid["a"] == pid["b"]                                   # reused while tasks succeed
    assert isinstance(outcomes[2], Crashed) and "bad answer" in outcomes[2].message
    assert isinstance(outcomes[4], TimedOut)
    assert isinstance(outcomes[6], Crashed) and "died" in outcomes[6].message
    assert isinstance(outcomes[8], Crashed) and "memory" in outcomes[8].message
    # after each failure the next task runs in a new child
    assert len({pid["b"], pid["c"], pid["d"], pid["e"], pid["f"]}) == 5
    assert outcomes[9].value[1] == "f"


_kept = []


def _reserve(size: int):
    """`size` bytes of address space, as an allocation of that size takes against the worker's limit
    (RLIMIT_AS), without writing them: bytearray(size) would zero every page, which costs the kernel
    about 2 s of CPU per GiB here. Past the limit, the MemoryError an allocation raises."""
    import errno
    import mmap
    try:
        return mmap.mmap(-1, size)
    except OSError as exc:
        if exc.errno == errno.ENOMEM:
            raise MemoryError(str(exc)) from None
        raise


def _grow_or_need(what):
    if what == "grow":          # a task that leaves its worker's heap bigger
        _kept.append(_reserve(500 * 1024 ** 2))
    elif what == "need":        # a task that needs 600 MB: too much on top of that, fine in a fresh worker
        _reserve(600 * 1024 ** 2).close()
    elif what == "hog":
        bytearray(4 * 1024 ** 3)
    return os.getpid()


def test_out_of_memory_in_a_reused_worker_is_tried_again_in_a_fresh_one():
    with WarmPool(_grow_or_need, jobs=1, timeout=20, memory_bytes=1024 ** 3) as pool:
        outcomes = {i: o for i, o, _ in pool.run([("grow",), ("need",), ("hog",), ("x",), ("hog",)])}
    assert isinstance(outcomes[1], Done) and outcomes[1].value != outcomes[0].value   # not lost to its neighbour
    assert outcomes[2] == Crashed("ran out of memory") and outcomes[4] == Crashed("ran out of memory")
    assert isinstance(outcomes[3], Done)


def test_a_warm_pool_gives_each_task_its_own_cpu_allowance():
    with WarmPool(_pid_and, jobs=1, timeout=7) as pool:
        outcomes = [o.value for _, o, _ in pool.run([("cpu",), ("cpu",)])]
    assert outcomes[0][0] == outcomes[1][0]
    for _, soft, used in outcomes:   # the soft limit is what the child had used, plus the task's allowance
        assert used + 7 <= soft <= used + 7 + CPU_GRACE_SECONDS + 1


def test_a_warm_pool_runs_jobs_in_parallel_and_replaces_children_after_tasks_per_child():
    with WarmPool(_pid_and, jobs=2, timeout=30, tasks_per_child=2) as pool:
        outcomes = list(pool.run([(k,) for k in range(8)]))
        again = list(pool.run([("x",)]))     # a pool outlives one run
    assert sorted(i for i, _, _ in outcomes) == list(range(8))
    pids = [o.value[0] for _, o, _ in outcomes]
    assert all(pids.count(p) <= 2 for p in pids) and len(set(pids)) >= 4
    assert again[0][1].value[1] == "x"


# ---- workers die with their parent, and have a CPU-time backstop --------------------------------


def _cpu_limit():
    return resource.getrlimit(resource.RLIMIT_CPU)[0]


def test_every_worker_has_a_cpu_time_limit_past_its_wall_clock_limit():
    outcome, _ = run_one(_cpu_limit, timeout=7)
    assert isinstance(outcome, Done) and outcome.value == 7 + CPU_GRACE_SECONDS


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(") ")[-1][0] != "Z"   # a zombie has died
    except FileNotFoundError:
        return False


def _wait_until_gone(pids, seconds=30.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end and any(_alive(p) for p in pids):
        time.sleep(0.1)
    return [p for p in pids if _alive(p)]


PARENT = """
    import os, sys, time
    from symcheck.worker import WarmPool, run_many, run_hosted

    def sleeper(folder):
        open(os.path.join(folder, str(os.getpid())), "w").close()
        time.sleep(600)

    def setup(folder):
        open(os.path.join(folder, str(os.getpid())), "w").close()
        return folder, "ready"

    def task(folder):
        sleeper(folder)

    folder = sys.argv[1]
    if sys.argv[2] == "many":
        for _ in run_many([(sleeper, (folder,))] * 2, jobs=2, timeout=600):
            pass
    elif sys.argv[2] == "pool":
        with WarmPool(sleeper, jobs=2, timeout=600) as pool:
            for _ in pool.run([(folder,)] * 2):
                pass
    else:
        for _ in run_hosted([(setup, (folder,))], task, lambda h, m: [(0, ()), (1, ())], jobs=3, timeout=600):
            pass
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")
@pytest.mark.parametrize("shape", ["many", "pool", "hosted"])
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_their_parent(tmp_path, shape, how):
    script = tmp_path / "parent.py"
    script.write_text(textwrap.dedent(PARENT))
    pids = tmp_path / "pids"
    pids.mkdir()
    parent = subprocess.Popen([sys.executable, str(script), str(pids), shape])
    expected = 3 if shape == "hosted" else 2
    end = time.monotonic() + 60
    while len(list(pids.iterdir())) < expected and time.monotonic() < end:
        time.sleep(0.1)
    workers = [int(p.name) for p in pids.iterdir()]
    assert len(workers) == expected and all(_alive(p) for p in workers)
    parent.send_signal(how)
    parent.wait(30)
    assert _wait_until_gone(workers) == []


# ---- hosted work: setups and tasks in processes the parent never runs code in ------------------

def _setup(value):
    if value == "exit":
        os._exit(4)
    if value == "raise":
        raise RuntimeError("bad setup")
    return {"base": value}, {"tasks": 3}


def _task(state, k):
    if k == 1:
        raise ValueError("bad task")
    if k == 2:
        time.sleep(60)
    if k == 3:
        os.fork()   # a task that forks: only the task's own process answers
    return state["base"] * 10 + k


def test_hosted_setups_and_tasks_each_get_their_own_outcome():
    events = list(run_hosted([(_setup, (1,)), (_setup, ("exit",)), (_setup, ("raise",)), (_setup, (2,))], _task,
                             lambda host, manifest: [((host, k), (k,)) for k in (0, 1, 2, 3)],
                             jobs=2, timeout=2))
    setups = {e.host: e.outcome for e in events if isinstance(e, SetupEnded)}
    assert setups[0] == Done({"tasks": 3}) and setups[3] == Done({"tasks": 3})
    assert isinstance(setups[1], Crashed) and "exit code 4" in setups[1].message
    assert isinstance(setups[2], Crashed) and "bad setup" in setups[2].message
    tasks = {e.key: e.outcome for e in events if isinstance(e, TaskEnded)}
    assert len([e for e in events if isinstance(e, TaskEnded)]) == len(tasks) == 8
    for host in (0, 3):
        base = 1 if host == 0 else 2
        assert tasks[(host, 0)] == Done(base * 10) and tasks[(host, 3)] == Done(base * 10 + 3)
        assert isinstance(tasks[(host, 1)], Crashed) and "bad task" in tasks[(host, 1)].message
        assert isinstance(tasks[(host, 2)], TimedOut)


def _setup_then_die(_):
    return None, "ok"


def _kill_host(state, k):
    os.kill(os.getppid(), signal.SIGKILL)   # the host goes away while its tasks run
    time.sleep(60)


def test_when_a_host_dies_each_of_its_unfinished_tasks_is_a_crash():
    events = list(run_hosted([(_setup_then_die, (0,))], _kill_host, lambda h, m: [(k, (k,)) for k in range(3)],
                             jobs=1, timeout=30))
    tasks = [e for e in events if isinstance(e, TaskEnded)]
    assert sorted(e.key for e in tasks) == [0, 1, 2]
    assert all(isinstance(e.outcome, Crashed) for e in tasks)


def _need_600_mb():
    return len(_reserve(600 * 1024 ** 2))


def test_a_memory_limit_counts_from_what_the_worker_inherited():
    # a parent that already maps 2 GiB (a notebook, a Dask client, a long test session) still
    # gives each worker its 1 GiB to allocate; a 4 GiB hog is still stopped
    import mmap
    mapped = mmap.mmap(-1, 2 * 1024 ** 3)
    try:
        outcome, _ = run_one(_need_600_mb, timeout=20, memory_bytes=1024 ** 3)
        hog, _ = run_one(_hog, timeout=20, memory_bytes=1024 ** 3)
    finally:
        mapped.close()
    assert outcome == Done(600 * 1024 ** 2)
    assert isinstance(hog, Crashed) and "memory" in hog.message


# ---- a host's task children run task after task, as a warm pool's do ---------------------------

def _hosted_pid_and(state, value):
    return list(_pid_and(value))


def _hosted_grow_or_need(state, value):
    return _grow_or_need(value)


def _hosted_outcomes(task, values, **limits) -> dict:
    events = run_hosted([(_setup_then_die, (0,))], task, lambda h, m: [(k, (v,)) for k, v in enumerate(values)],
                        jobs=1, **limits)
    return {e.key: e.outcome for e in events if isinstance(e, TaskEnded)}


def test_a_hosts_task_child_is_reused_until_a_task_fails_and_then_a_fresh_one_is_forked():
    values = ["a", "b", "raise", "c", "sleep", "d", "die", "e", "hog", "f"]
    outcomes = _hosted_outcomes(_hosted_pid_and, values, timeout=1.5, memory_bytes=1024 ** 3)
    assert sorted(outcomes) == list(range(len(values)))
    pid = {v: outcomes[k].value[0] for k, v in enumerate(values) if isinstance(outcomes[k], Done)}
    assert pid["a"] == pid["b"]                                   # reused while tasks succeed
    assert isinstance(outcomes[2], Crashed) and "bad answer" in outcomes[2].message
    assert isinstance(outcomes[4], TimedOut)
    assert isinstance(outcomes[6], Crashed) and "died" in outcomes[6].message
    assert isinstance(outcomes[8], Crashed) and "memory" in outcomes[8].message
    assert len({pid["b"], pid["c"], pid["d"], pid["e"], pid["f"]}) == 5   # after each failure, a new child
    assert outcomes[9].value[1] == "f"


def test_a_hosted_task_out_of_memory_in_a_reused_child_is_tried_again_in_a_fresh_one():
    outcomes = _hosted_outcomes(_hosted_grow_or_need, ["grow", "need", "hog", "x", "hog"], timeout=20,
                                memory_bytes=1024 ** 3)
    assert isinstance(outcomes[1], Done) and outcomes[1].value != outcomes[0].value   # not lost to its neighbour
    assert outcomes[2] == Crashed("ran out of memory") and outcomes[4] == Crashed("ran out of memory")
    assert isinstance(outcomes[3], Done)


def test_each_hosted_task_gets_its_own_cpu_allowance():
    outcomes = _hosted_outcomes(_hosted_pid_and, ["cpu", "cpu"], timeout=7)
    assert outcomes[0].value[0] == outcomes[1].value[0]
    for _, soft, used in (o.value for o in outcomes.values()):
        assert used + 7 <= soft <= used + 7 + CPU_GRACE_SECONDS + 1


def _hosted_pid(state, k):
    return os.getpid()


def test_a_finished_host_ends_when_asked_and_reaps_its_task_children(monkeypatch):
    # Every host forked after another holds a copy of the parent's end of the earlier host's pipe,
    # so closing that pipe never reached the host: each one ran out the grace period and was then
    # killed with its group, its task children left to init. A host is now told to end; a grace
    # period far longer than the whole run shows it is never waited out.
    monkeypatch.setattr(worker, "HOST_GRACE_SECONDS", 30.0)
    started = time.monotonic()
    events = list(run_hosted([(_setup_then_die, (h,)) for h in range(3)], _hosted_pid,
                             lambda h, m: [((h, k), (k,)) for k in range(2)], jobs=2, timeout=20))
    assert time.monotonic() - started < 25   # three grace periods would take 90 s
    pids = {e.outcome.value for e in events if isinstance(e, TaskEnded)}
    assert len(events) == 9 and all(isinstance(e.outcome, Done) for e in events)
    for pid in pids:   # reaped by its host before the host ended: no zombie left behind
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_run_warm_hands_items_through_the_fork_and_reuses_its_children():
    # A lambda cannot be pickled: it reaches the children only because they are forked after the
    # list exists and are sent its index.
    items = [(lambda: "a",), (lambda: "b",), (lambda: 1 / 0,), (lambda: "c",)]
    outcomes = {i: o for i, o, _ in worker.run_warm(_call_and_pid, items, jobs=1, timeout=20)}
    assert [outcomes[i].value[0] for i in (0, 1, 3)] == ["a", "b", "c"]
    assert isinstance(outcomes[2], Crashed) and "ZeroDivisionError" in outcomes[2].message
    assert outcomes[0].value[1] == outcomes[1].value[1] != outcomes[3].value[1]   # fresh after the failure


def _call_and_pid(make):
    return make(), os.getpid()
