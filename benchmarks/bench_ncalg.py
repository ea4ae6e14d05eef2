"""Benchmark: the free algebra's rational functions (prove/matrix/ncalg.py) against python-flint.

    python benchmarks/bench_ncalg.py [--repeats 3]

1. Runs the matrix prover (`MatrixEngine.attempt`) on every claim of claims/ that it
   proves, and reports the total time and the share spent in ncalg's coefficient
   arithmetic (RatFunc, ScalarField and the Fraction-dict polynomials), from a profile.
2. Records every coefficient operation of that run (sums, products, inverses, and the
   `canonical()` keys that hash a coefficient), and replays them with
   * `fractions`: ncalg's RatFunc as it is (Fraction dicts, SymPy `cancel` when sizes grow
     and for the key of a non-polynomial value),
   * `flint-lazy`: python-flint `fmpq_mpoly` numerator and denominator with the same lazy
     algorithm (gcd instead of SymPy when sizes grow, and for the key),
   * `flint-reduced`: `fmpq_mpoly` kept reduced by a gcd after every operation.
   (python-flint has no `fmpz_mpoly_q` in the installed version; `fmpq_mpoly` pairs are
   what a switch would use.)

Reports, asserts nothing. python-flint is needed only here (pip install python-flint).
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time
from pathlib import Path

import sympy

from symcheck.engine import problem_from_claim
from symcheck.loader import find_claim_files, load_claim_file
from symcheck.prove.matrix import ncalg
from symcheck.prove.matrix.engine import MatrixEngine

ROOT = Path(__file__).resolve().parents[1]


def matrix_problems() -> list:
    """(name, Problem) for every claim of claims/ expected proved that the matrix prover proves itself."""
    found = []
    for path in find_claim_files([str(ROOT / "claims")]):
        for claim in load_claim_file(path).claims:
            if claim.expect != "proved":
                continue
            try:
                problem = problem_from_claim(claim)
            except Exception:
                continue
            verdict = MatrixEngine().attempt(problem, time.monotonic() + 10)
            if verdict is not None and verdict.status == "proved":
                found.append((f"{path.name}::{claim.name}", problem))
    return found


def run_all(problems) -> float:
    """Seconds for one pass of the matrix prover over the problems."""
    start = time.perf_counter()
    for _, problem in problems:
        MatrixEngine().attempt(problem, time.monotonic() + 10)
    return time.perf_counter() - start


def ncalg_share(problems) -> tuple[float, float]:
    """(total seconds, seconds inside ncalg's coefficient code) of one profiled pass."""
    profile = cProfile.Profile()
    profile.enable()
    run_all(problems)
    profile.disable()
    stats = pstats.Stats(profile)
    total = stats.total_tt
    inside = 0.0
    for (filename, _, name), (_, _, tottime, _, _) in stats.stats.items():
        if filename.endswith("ncalg.py") and not name.startswith(("__init__",)) and name not in (
                "add", "word_key", "transpose_word", "word_type", "well_typed", "show", "identity", "zero",
                "letter", "is_zero", "_check_same_type", "transpose", "letters_used", "leading", "key",
                "link_transposes", "__getitem__", "dim_key"):
            inside += tottime
    return total, inside


# --- recording the coefficient operations of a run ----------------------------------------------

def record(problems) -> list:
    """Every RatFunc operation of one pass: (kind, number of generators, operands as (num, den) dicts)."""
    ops = []
    original = {name: getattr(ncalg.RatFunc, name) for name in ("__add__", "__mul__", "inverse", "canonical")}

    def operand(x):
        return (dict(x.num), dict(x.den) if x.den is not None else None)

    def wrap(name):
        def method(self, *args):
            ops.append((name, len(self.field.gens), operand(self), *(operand(a) for a in args)))
            return original[name](self, *args)
        return method

    for name in original:
        setattr(ncalg.RatFunc, name, wrap(name))
    try:
        run_all(problems)
    finally:
        for name, fn in original.items():
            setattr(ncalg.RatFunc, name, fn)
    return ops


# --- the backends ---------------------------------------------------------------------------------

class FractionsBackend:
    """ncalg's RatFunc as it is."""

    name = "fractions"

    def __init__(self):
        self.fields = {}

    def field(self, n):
        if n not in self.fields:
            self.fields[n] = ncalg.ScalarField(sympy.symbols(f"g0:{n}") if n else [])
        return self.fields[n]

    def value(self, n, operand):
        num, den = operand
        return ncalg.RatFunc(self.field(n), dict(num), dict(den) if den is not None else None)

    def apply(self, kind, a, b=None):
        if kind == "__add__":
            return a + b
        if kind == "__mul__":
            return a * b
        if kind == "inverse":
            return a.inverse()
        return a.canonical()


class FlintBackend:
    """fmpq_mpoly numerator and denominator (None for 1), lazy as ncalg's RatFunc or reduced after every step."""

    LIMIT = 12  # ncalg cancels when len(num) + len(den) exceeds this

    def __init__(self, reduced: bool):
        import flint

        self.flint = flint
        self.reduced = reduced
        self.name = "flint-reduced" if reduced else "flint-lazy"
        self.contexts = {}

    def ctx(self, n):
        if n not in self.contexts:
            self.contexts[n] = self.flint.fmpq_mpoly_ctx.get(("g", max(n, 1)))
        return self.contexts[n]

    def poly(self, n, terms: dict):
        width = max(n, 1)
        return self.ctx(n).from_dict({tuple(k) + (0,) * (width - len(k)): self.flint.fmpq(v.numerator, v.denominator)
                                      for k, v in terms.items()})

    def value(self, n, operand):
        num, den = operand
        return (self.poly(n, num), self.poly(n, den) if den is not None else None)

    def _normal(self, num, den):
        if den is None:
            return num, None
        if den.is_constant():
            return num / den.leading_coefficient(), None
        if num.is_zero():
            return num, None
        if self.reduced or len(num) + len(den) > self.LIMIT:
            g = num.gcd(den)
            if not g.is_one():
                num, den = num / g, den / g
            lc = den.leading_coefficient()
            num, den = num / lc, den / lc
            if den.is_constant():
                return num, None
        return num, den

    def apply(self, kind, a, b=None):
        an, ad = a
        if kind == "canonical":
            if ad is None:
                return tuple(sorted(an.to_dict().items()))
            num, den = self._normal(an, ad) if not self.reduced else (an, ad)
            g = num.gcd(den)
            num, den = num / g, den / g
            lc = den.leading_coefficient()
            return ("frac", tuple(sorted((num / lc).to_dict().items())), tuple(sorted((den / lc).to_dict().items())))
        if kind == "inverse":
            return self._normal(ad if ad is not None else an.context().from_dict({}) + 1, an)
        bn, bd = b
        if kind == "__add__":
            if ad is None and bd is None:
                return an + bn, None
            if ad is not None and bd is not None and ad == bd:
                return self._normal(an + bn, ad)
            one = an.context().constant(1)
            sd, od = ad if ad is not None else one, bd if bd is not None else one
            return self._normal(an * od + bn * sd, sd * od)
        if ad is None and bd is None:
            return an * bn, None
        one = an.context().constant(1)
        return self._normal(an * bn, (ad if ad is not None else one) * (bd if bd is not None else one))


def replay(backend, ops, repeats: int) -> float:
    """Median seconds to apply every recorded operation (operands built beforehand, not timed)."""
    prepared = [(kind, [backend.value(n, o) for o in operands]) for kind, n, *operands in ops]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for kind, values in prepared:
            backend.apply(kind, *values)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    problems = matrix_problems()
    passes = [run_all(problems) for _ in range(args.repeats)]
    total, inside = ncalg_share(problems)
    print(f"matrix prover over claims/: {len(problems)} claims it proves, "
          f"{statistics.median(passes) * 1000:.0f} ms a pass (median of {args.repeats})")
    print(f"profiled pass: {total * 1000:.0f} ms, of which {inside * 1000:.0f} ms ({100 * inside / total:.0f}%) "
          "in ncalg's coefficient arithmetic")
    ops = record(problems)
    kinds = {}
    for kind, *_ in ops:
        kinds[kind] = kinds.get(kind, 0) + 1
    print(f"coefficient operations in one pass: {len(ops)} "
          + ", ".join(f"{k.strip('_')} {v}" for k, v in sorted(kinds.items())))
    backends = [FractionsBackend()]
    try:
        backends += [FlintBackend(reduced=False), FlintBackend(reduced=True)]
    except ImportError:
        print("python-flint is not installed: only the current backend is timed")
    for backend in backends:
        print(f"  replay {backend.name:<14} {replay(backend, ops, args.repeats) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
