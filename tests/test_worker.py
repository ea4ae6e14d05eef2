"""Workers: a slow, crashing or memory-hungry task never stops the others."""
import os
import time

from symcheck.worker import Crashed, Done, TimedOut, run_many, run_one


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
