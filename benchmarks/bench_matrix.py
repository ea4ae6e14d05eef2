"""Benchmark: the noncommutative prover against SymPy's explicit-entry approach.

    python benchmarks/bench_matrix.py [--sympy-timeout SECONDS] [--sizes 3 4]

Times the push-through and Woodbury identities with the matrix engine (median of
several runs, general dimensions) and with explicit s×s symbolic matrices in SymPy
(inverse by adjugate, then `together` + `cancel` on every entry of lhs − rhs), each explicit run in a
child process killed at the timeout. Prints one line per case with the ratio.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import time

import sympy
from sympy import Identity, MatrixSymbol, Q, symbols

from symcheck.model.problem import Problem
from symcheck.prove.matrix.engine import MatrixEngine

n, d, k = symbols("n d k", integer=True, positive=True)
lam = symbols("lambda", positive=True)


def cases() -> dict:
    X = MatrixSymbol("X", n, d)
    A, U, C, V = MatrixSymbol("A", n, n), MatrixSymbol("U", n, k), MatrixSymbol("C", k, k), MatrixSymbol("V", k, n)
    return {
        "push-through": (X.T * (X * X.T + lam * Identity(n)).I, (X.T * X + lam * Identity(d)).I * X.T,
                         [Q.positive(lam)]),
        "woodbury": ((A + U * C * V).I, A.I - A.I * U * (C.I + V * A.I * U).I * V * A.I, []),
    }


def time_engine(lhs, rhs, assume, repeats: int = 7) -> tuple[float, str]:
    """Median seconds of MatrixEngine.attempt (the shape check of Problem.build is not the prover's)."""
    times, status = [], ""
    problem = Problem.build(lhs, rhs, "==", assume)
    for _ in range(repeats):
        start = time.perf_counter()
        verdict = MatrixEngine().attempt(problem, time.monotonic() + 10)
        times.append(time.perf_counter() - start)
        status = verdict.status if verdict else "none"
    return statistics.median(times), status


def _explicit(case: str, s: int, queue) -> None:
    start = time.perf_counter()
    l = sympy.Symbol("lambda", positive=True)

    def mat(name, r, c):
        return sympy.Matrix(r, c, lambda i, j: sympy.Symbol(f"{name}{i}{j}"))

    if case == "push-through":
        X = mat("x", s, s)
        I = sympy.eye(s)
        diff = X.T * (X * X.T + l * I).inv(method="ADJ") - (X.T * X + l * I).inv(method="ADJ") * X.T
    else:
        kk = max(1, s - 1)
        A, U, C, V = mat("a", s, s), mat("u", s, kk), mat("c", kk, kk), mat("v", kk, s)
        Ai = A.inv(method="ADJ")
        diff = (A + U * C * V).inv(method="ADJ") - (Ai - Ai * U * (C.inv(method="ADJ") + V * Ai * U).inv(method="ADJ") * V * Ai)
    ok = all(sympy.cancel(sympy.together(e)) == 0 for e in diff)
    queue.put((time.perf_counter() - start, ok))


def time_explicit(case: str, s: int, timeout: float) -> tuple[float | None, bool | None]:
    queue = mp.Queue()
    proc = mp.Process(target=_explicit, args=(case, s, queue))
    proc.start()
    proc.join(timeout)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        return None, None
    return queue.get() if not queue.empty() else (None, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sympy-timeout", type=float, default=60.0)
    parser.add_argument("--sizes", type=int, nargs="*", default=[2, 3, 4])
    args = parser.parse_args()
    for name, (lhs, rhs, assume) in cases().items():
        seconds, status = time_engine(lhs, rhs, assume)
        print(f"{name:14s} symcheck (all dimensions): {status}, {seconds * 1000:.1f} ms median")
        for s in args.sizes:
            explicit, ok = time_explicit(name, s, args.sympy_timeout)
            if explicit is None:
                print(f"{name:14s} SymPy explicit {s}x{s}: did not finish in {args.sympy_timeout:.0f} s "
                      f"(ratio > {args.sympy_timeout / seconds:.0f}x)")
            else:
                print(f"{name:14s} SymPy explicit {s}x{s}: {'zero' if ok else 'NOT zero'} in {explicit:.2f} s "
                      f"(ratio {explicit / seconds:.0f}x)")


if __name__ == "__main__":
    main()
