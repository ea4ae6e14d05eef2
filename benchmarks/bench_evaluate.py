"""Timing of the exact evaluator on the push-through identity at 20×20 (reported, never asserted).

    python benchmarks/bench_evaluate.py [--repeat N] [--size S]

Prints the median and best wall time of evaluating both sides, of the full `check`
(assumptions, both sides, exact comparison), and of one refuter search of 300
instances, with the arithmetic backend SymPy uses (python-flint when installed).
"""
from __future__ import annotations

import argparse
import random
import statistics
import time

import sympy
from sympy import Identity, MatrixSymbol, Q, symbols

from symcheck.model.problem import Problem
from symcheck.refute.check import check
from symcheck.refute.evaluate import Instance, evaluate
from symcheck.refute.search import search


def _timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def _report(label: str, times: list[float]) -> None:
    print(f"{label:<44} median {statistics.median(times) * 1000:8.2f} ms   best {min(times) * 1000:8.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--size", type=int, default=20)
    args = parser.parse_args()

    n, d = symbols("n d", integer=True, positive=True)
    lam = symbols("lambda", positive=True)
    X = MatrixSymbol("X", n, d)
    lhs = X.T * (X * X.T + lam * Identity(n)).I
    rhs = (X.T * X + lam * Identity(d)).I * X.T
    problem = Problem.build(lhs, rhs, assume=[Q.positive(lam)])

    rng = random.Random(0)
    size = args.size
    values = {X: sympy.ImmutableMatrix(size, size, lambda i, j: rng.randint(-3, 3)), lam: sympy.Rational(1, 2)}
    dims = {n: size, d: size}

    def both_sides():
        instance = Instance(dims, values)  # fresh: no cached conversions
        assert evaluate(lhs, instance) == evaluate(rhs, instance)

    def full_check():
        assert check(problem, Instance(dims, values)).holds

    print(f"ground types: {sympy.external.gmpy.GROUND_TYPES}; push-through, X {size}×{size}, lambda = 1/2")
    _report("evaluate both sides (incl. conversions)", _timed(both_sides, args.repeat))
    _report("check (assumptions + sides + comparison)", _timed(full_check, args.repeat))
    start = time.monotonic()
    verdict = search(problem, start + 60)
    print(f"{'search, 300 instances (dims up to 5)':<44} {time.monotonic() - start:8.2f} s   -> {verdict.status}: "
          f"{verdict.detail}")


if __name__ == "__main__":
    main()
