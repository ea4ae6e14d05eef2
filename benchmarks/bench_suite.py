"""Times the whole claims suite and each claim (issue 3's benchmark). Run on demand:

    python benchmarks/bench_suite.py [PATH ...] [--jobs N] [--timeout S]

Prints the wall time of the whole run, the CPU time (user + sys) of every worker process it
started (orphaned task children included: on Linux this process reaps them as a child
subreaper), the load average, the per-claim median and the slowest claims. On a machine
shared with other work, compare CPU times, not wall times. Times are reported, never
asserted; figures are kept, newest first, in benchmarks/suite_results.md.
"""
from __future__ import annotations

import argparse
import ctypes
import os
import resource
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symcheck.runner import run_suite, summarize  # noqa: E402

PR_SET_CHILD_SUBREAPER = 36  # <linux/prctl.h>


def adopt_orphans() -> None:
    """Become a child subreaper (Linux), so the CPU time of workers whose parent died is still counted."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        except (OSError, AttributeError):
            pass


def reaped_cpu_seconds() -> tuple[float, float]:
    """(user, sys) CPU seconds of every child process, after reaping any still to be reaped."""
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            break
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime, usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["claims"])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args()
    adopt_orphans()
    own = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    results = run_suite(args.paths, timeout=args.timeout, jobs=args.jobs)
    wall = time.perf_counter() - start
    user, system = reaped_cpu_seconds()
    mine = resource.getrusage(resource.RUSAGE_SELF)
    user += mine.ru_utime - own.ru_utime
    system += mine.ru_stime - own.ru_stime
    seconds = [r.seconds for r in results if r.name != "<file>"]
    print(f"claims: {len(seconds)}  wall: {wall:.2f} s with --jobs {args.jobs}")
    print(f"CPU: user {user:.1f} s + sys {system:.1f} s = {user + system:.1f} s (all processes); "
          f"load average {os.getloadavg()[0]:.2f} at the end")
    if seconds:
        print(f"per claim: median {statistics.median(seconds) * 1000:.1f} ms, "
              f"mean {statistics.mean(seconds) * 1000:.1f} ms, max {max(seconds):.2f} s")
    print("summary:", summarize(results))
    print("methods:", dict(Counter(r.method for r in results)))
    print("slowest:")
    for r in sorted(results, key=lambda r: -r.seconds)[:8]:
        print(f"  {r.seconds:7.3f} s  {r.status:<8} {r.file}::{r.name}")


if __name__ == "__main__":
    main()
