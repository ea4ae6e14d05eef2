"""Benchmark: time to verify each example derivation (examples/derivations/*.md). Reports; asserts nothing.

    python benchmarks/bench_verify.py [--timeout S] [--jobs N]

Prints, per file, the number of steps, the wall-clock time of the whole check, the
slowest step and the statuses, then the total.
"""
from __future__ import annotations

import argparse
import glob
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from symcheck.verify import verify_file  # noqa: E402
from symcheck.verify.model import STATUSES  # noqa: E402

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "examples", "derivations")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=8.0)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    total_start = time.monotonic()
    total_steps = 0
    print(f"{'file':<26} {'steps':>5} {'wall s':>7} {'slowest s':>9}  statuses")
    for path in sorted(glob.glob(os.path.join(EXAMPLES, "*.md"))):
        start = time.monotonic()
        result = verify_file(path, timeout=args.timeout, jobs=args.jobs)
        wall = time.monotonic() - start
        slowest = max((s.seconds for s in result.steps), default=0.0)
        symbols = "".join(STATUSES[s.status][0] for s in result.steps)
        total_steps += len(result.steps)
        print(f"{os.path.basename(path):<26} {len(result.steps):>5} {wall:>7.1f} {slowest:>9.2f}  {symbols}")
    print(f"{'total':<26} {total_steps:>5} {time.monotonic() - total_start:>7.1f}")


if __name__ == "__main__":
    main()
