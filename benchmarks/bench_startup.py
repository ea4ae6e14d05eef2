"""Benchmark: cold start of the `symcheck` command. Reports; asserts nothing.

    python benchmarks/bench_startup.py [--runs N] [--no-bytecode]

Runs each command N times in a fresh interpreter (`python -m symcheck ...`) and prints the
fastest and the median wall-clock time and the median user CPU time, next to an empty
interpreter (`python -c pass`) as the floor; then the heaviest imports of each command
(`python -X importtime`: milliseconds per top-level package, its submodules included).

By default the interpreters may write and reuse compiled bytecode, in a cache folder of
their own (as an installed package has its .pyc files): `--no-bytecode` measures a start
that compiles every module again.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
COMMANDS = {
    "python -c pass (the floor)": ["-c", "pass"],
    "symcheck --help": ["-m", "symcheck", "--help"],
    "symcheck check --ref 'a+b' --declare 'a, b' 'b+a'": ["-m", "symcheck", "check", "--ref", "a+b",
                                                          "--declare", "a, b", "b+a"],
}
WATCHED = ("sympy", "z3", "flint", "mpmath", "rich", "jinja2", "markupsafe", "sqlite3", "symcheck")


def environment(bytecode: bool, cache: str) -> dict:
    """The child's environment: this checkout first on the path; bytecode cached in `cache` (or never written)."""
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = cache
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def timed(args: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, user CPU seconds) of one run of `python args...`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False, cwd=ROOT)
    wall = time.perf_counter() - start
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before


def heaviest_imports(args: list[str], env: dict) -> dict[str, float]:
    """Import milliseconds of each watched top-level package, its submodules included (`-X importtime`)."""
    done = subprocess.run([sys.executable, "-X", "importtime", *args], env=env, capture_output=True, text=True,
                          cwd=ROOT)
    out: dict[str, float] = {}
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
        top = match.group(2).split(".")[0] if match else ""
        if top in WATCHED:
            out[top] = out.get(top, 0.0) + int(match.group(1)) / 1000
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-bytecode", action="store_true", help="compile every module on every run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        env = environment(not args.no_bytecode, cache)
        print(f"{'command':<52} {'min s':>6} {'median s':>9} {'user s':>7}")
        for label, command in COMMANDS.items():
            timed(command, env)  # the first run writes the bytecode cache
            runs = [timed(command, env) for _ in range(args.runs)]
            walls, users = [w for w, _ in runs], [u for _, u in runs]
            print(f"{label:<52} {min(walls):>6.2f} {statistics.median(walls):>9.2f} {statistics.median(users):>7.2f}")
        print("\nimports (ms spent importing each package, its submodules included):")
        for label, command in list(COMMANDS.items())[1:]:
            shown = ", ".join(f"{name} {ms:.0f}" for name, ms in
                              sorted(heaviest_imports(command, env).items(), key=lambda kv: -kv[1]))
            print(f"  {label}: {shown or 'none of ' + ', '.join(WATCHED)}")


if __name__ == "__main__":
    main()
