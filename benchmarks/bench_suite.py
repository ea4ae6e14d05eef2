"""Times the whole claims suite and each claim (issue 3's benchmark). Run on demand:

    python benchmarks/bench_suite.py [PATH ...] [--jobs N] [--timeout S]

Prints the wall time of the whole run, the per-claim median and the slowest claims.
Times are reported, never asserted.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symcheck.runner import run_suite, summarize  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["claims"])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args()
    start = time.perf_counter()
    results = run_suite(args.paths, timeout=args.timeout, jobs=args.jobs)
    wall = time.perf_counter() - start
    seconds = [r.seconds for r in results if r.name != "<file>"]
    print(f"claims: {len(seconds)}  wall: {wall:.2f} s with --jobs {args.jobs}")
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
