"""Times the default test run (the README's `pytest -n auto`) and says where its time goes. Run on demand:

    python benchmarks/bench_pytest.py [-n N] [--top K] [-- PYTEST ARGS ...]

Runs `python -m pytest -n N -p no:cacheprovider --durations=0` in a child process and prints its wall
time, the CPU time (user + sys) of the whole run (every worker and claim worker it waited for), the load
averages before and after (the CPU time is the steadier figure on a shared machine; a run near a
timeout is not), the outcome line, the summed durations per folder, and the slowest items.
Under pytest-xdist a worker's durations overlap the other workers': the sums say where the work is,
not how long the run took. Times are reported, never asserted. Results: benchmarks/pytest_results.md.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DURATION = re.compile(r"^\s*([0-9.]+)s (setup|call|teardown)\s+(\S.*)$")


def folder_of(nodeid: str) -> str:
    """The test folder of a node id: `tests`, `claims` or `benchmarks/cookbook`."""
    path = nodeid.split("::", 1)[0]
    return "benchmarks/cookbook" if path.startswith("benchmarks/cookbook/") else path.split("/", 1)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", default="auto", help="pytest-xdist workers (default auto)")
    parser.add_argument("--top", type=int, default=15, help="slowest items shown")
    parser.add_argument("pytest_args", nargs="*", help="more pytest arguments (after --)")
    args = parser.parse_args()
    command = [sys.executable, "-m", "pytest", "-n", args.n, "-p", "no:cacheprovider", "--durations=0",
               *args.pytest_args]
    load_before = os.getloadavg()
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    load_after = os.getloadavg()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    by_folder: dict[str, float] = defaultdict(float)
    by_item: dict[str, float] = defaultdict(float)
    for line in done.stdout.splitlines():
        match = DURATION.match(line)
        if match:
            by_folder[folder_of(match[3])] += float(match[1])
            by_item[f"{match[2]:8} {match[3]}"] += float(match[1])
    outcome = next((line.strip("= ") for line in reversed(done.stdout.splitlines())
                    if re.search(r"\b(passed|failed)\b", line)), "no outcome line")
    print(f"command: {' '.join(command[1:])}")
    print(f"wall: {wall:.1f} s   cpu (user + sys): {usage.ru_utime + usage.ru_stime:.1f} s "
          f"(user {usage.ru_utime:.1f}, sys {usage.ru_stime:.1f})")
    print("load averages (1, 5, 15 min): before " + ", ".join(f"{x:.2f}" for x in load_before) +
          "; after " + ", ".join(f"{x:.2f}" for x in load_after))
    print(f"outcome: {outcome}  (exit {done.returncode})")
    print("summed durations per folder (setup + call + teardown, all workers):")
    for folder, seconds in sorted(by_folder.items(), key=lambda kv: -kv[1]):
        print(f"  {seconds:8.1f} s  {folder}")
    print(f"slowest {args.top}:")
    for item, seconds in sorted(by_item.items(), key=lambda kv: -kv[1])[:args.top]:
        print(f"  {seconds:8.2f} s  {item}")


if __name__ == "__main__":
    main()
