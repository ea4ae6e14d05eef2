"""A pytest plugin for `bench_pytest.py --cpu`: for every test, its wall time, its own CPU time and the CPU time
of the child processes it waited for (`resource.getrusage`), one JSON line each, appended to the file named by
$SYMCHECK_BENCH_CPU_ROWS (nothing is written without it). Under pytest-xdist every worker loads it (`-p`)."""
from __future__ import annotations

import json
import os
import resource
import time

import pytest

ROWS = "SYMCHECK_BENCH_CPU_ROWS"


def _cpu() -> tuple[float, float]:
    """(user + sys of this process, user + sys of the children it has waited for)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Around setup, call and teardown of one test."""
    start, (own, children) = time.monotonic(), _cpu()
    yield
    path = os.environ.get(ROWS)
    if path:
        own_after, children_after = _cpu()
        row = {"test": item.nodeid, "wall": time.monotonic() - start, "own": own_after - own,
               "children": children_after - children, "pid": os.getpid()}
        with open(path, "a", encoding="utf-8") as rows:
            rows.write(json.dumps(row) + "\n")
