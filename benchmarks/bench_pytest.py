"""Times the default test run (the README's `pytest -n auto`) and says where its time goes. Run on demand:

    python benchmarks/bench_pytest.py [-n N] [--top K] [--cpu] [-- PYTEST ARGS ...]

Runs `python -m pytest -n N -p no:cacheprovider --durations=0` in a child process and prints its wall
time, the CPU time (user + sys) of the whole run (every worker and claim worker it waited for), the load
averages before and after (the CPU time is the steadier figure on a shared machine; a run near a
timeout is not), the outcome line, the summed durations per folder, and the slowest items.
Under pytest-xdist a worker's durations overlap the other workers': the sums say where the work is,
not how long the run took. `--cpu` also loads benchmarks/pytest_cpu.py into every process of the run and
prints, per test file, the summed wall time, the tests' own CPU time, the CPU time of the processes they
started and waited for, and the wall time none of them accounts for (waiting: timeouts, a browser, a
cluster, or children reaped later), then each xdist worker's summed wall time (how well the run is
balanced). Times are reported, never asserted. Results: benchmarks/pytest_results.md.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
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
    parser.add_argument("--cpu", action="store_true", help="also the CPU time of every test, summed per file")
    parser.add_argument("pytest_args", nargs="*", help="more pytest arguments (after --)")
    args = parser.parse_args()
    command = [sys.executable, "-m", "pytest", "-n", args.n, "-p", "no:cacheprovider", "--durations=0",
               *args.pytest_args]
    env = dict(os.environ)
    rows_file = None
    if args.cpu:
        rows_file = tempfile.NamedTemporaryFile(prefix="pytest-cpu-", suffix=".jsonl", delete=False)
        rows_file.close()
        env["SYMCHECK_BENCH_CPU_ROWS"] = rows_file.name
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "benchmarks"), env.get("PYTHONPATH")) if p)
        command[3:3] = ["-p", "pytest_cpu"]
    load_before = os.getloadavg()
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
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
    if rows_file is not None:
        print_cpu(Path(rows_file.name), args.top)
        os.unlink(rows_file.name)


def print_cpu(path: Path, top: int) -> None:
    """Per test file: wall, own CPU, reaped children's CPU, unaccounted wall; then each worker's wall."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    per_file: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    per_worker: dict[int, float] = defaultdict(float)
    for row in rows:
        sums = per_file[row["test"].split("::", 1)[0]]
        sums[0] += row["wall"]
        sums[1] += row["own"]
        sums[2] += row["children"]
        per_worker[row["pid"]] += row["wall"]
    total = [sum(v[k] for v in per_file.values()) for k in range(3)]
    print(f"per test file (of {len(rows)} tests): wall, own CPU, children's CPU, waiting "
          f"(totals {total[0]:.1f} s, {total[1]:.1f} s, {total[2]:.1f} s)")
    for file, (wall, own, children) in sorted(per_file.items(), key=lambda kv: -kv[1][0])[:top]:
        print(f"  {wall:7.1f} s {own:7.1f} s {children:7.1f} s {max(0.0, wall - own - children):7.1f} s  {file}")
    print("summed wall time per worker: " + ", ".join(f"{seconds:.1f} s" for seconds in per_worker.values()))


if __name__ == "__main__":
    main()
