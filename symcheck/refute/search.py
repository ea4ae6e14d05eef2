"""Exact counterexample search: the refuter of issue 3, for scalar and matrix claims alike.

Owns `search(problem, deadline, max_instances=300, seed=0, shrink_counterexample=True, numeric_holds=False) -> Verdict`. It draws
instances that meet the assumptions (by construction where `instances` knows how,
otherwise by rejection), decides the claim on each exactly (`check`), skips draws
where something is undefined (a singular inverse, log of a nonpositive number) or
undecidable, and on the first failure shrinks the instance and re-checks the final
candidate from scratch before reporting `refuted`. Otherwise `unknown`, with the
evidence. Deterministic for a given seed while the deadline is not reached.

`numeric_holds=True` is the cross-check of a proof (`engine._cross_checked`): each drawn instance
is decided by `check(..., numeric_holds=True)`, so values that are not rational are compared as
rigorous balls and a ball around 0 counts as held; shrinking and the re-check of a candidate
failure stay exact. The refuter's own search (the default) is exact throughout.
"""
from __future__ import annotations

import random
import time
from collections import Counter

import sympy

from ..verdict import Counterexample, Verdict, refuted, unknown
from .check import ASSUMPTIONS_FAIL, FAILS, HOLDS, UNDECIDED, UNSUPPORTED, check
from .evaluate import Instance
from .instances import dim_schedule, make_plan
from .shrink import shrink

METHOD = "exact counterexample search"
ATTEMPTS = 12            # redraws per slot when rejection sampling misses an assumption
SHRINK_SHARE = 0.5       # of the remaining time, for shrinking a counterexample
UNSUPPORTED_PATIENCE = 5  # draws that all hit an unsupported construct before giving up


def search(problem, deadline: float, max_instances: int = 300, seed: int = 0, *,
           shrink_counterexample: bool = True, numeric_holds: bool = False) -> Verdict:
    """An exact counterexample search until the deadline: refuted (shrunk) or unknown with what was tried.

    `shrink_counterexample=False` reports the first failing instance as drawn, still re-checked from
    scratch (for callers that only need to know whether the claim is refuted). `numeric_holds`: the
    cross-check's reading of balls around 0, see the module's docstring."""
    rng = random.Random(seed)
    plan = make_plan(problem)
    held, largest = 0, 0
    skipped: Counter = Counter()
    unsupported: list[str] = []
    for dims in dim_schedule(plan, max_instances, rng):
        if time.monotonic() >= deadline:
            break
        instance, outcome = _draw_meeting_assumptions(problem, plan, dims, rng, numeric_holds)
        if outcome is None:
            skipped["assumptions could not be met"] += 1
            continue
        if outcome.status == FAILS:
            verdict = _refutation(problem, plan, instance, deadline, rng, shrink_counterexample)
            if verdict is not None:
                return verdict
            skipped["failure not confirmed on re-check"] += 1
            continue
        if outcome.status == HOLDS:
            held += 1
            largest = max([largest, *dims.values()])
            continue
        if outcome.status == UNSUPPORTED:
            unsupported.append(outcome.reason)
            if len(unsupported) >= UNSUPPORTED_PATIENCE and held == 0:
                return unknown(METHOD, f"cannot evaluate the claim exactly: {unsupported[0]}")
        skipped[_reason(outcome)] += 1
    verdict = unknown(METHOD, _evidence(held, largest, skipped, time.monotonic() >= deadline))
    verdict.extras["held"] = held  # instances the claim held on (exact ones unless numeric_holds)
    return verdict


def _draw_meeting_assumptions(problem, plan, dims, rng, numeric_holds: bool = False):
    """An instance meeting every assumption and its outcome, or (None, None)."""
    for _ in range(ATTEMPTS):
        try:
            instance = plan.draw(dims, rng)
        except Exception:  # a construction that fails here is just a missed draw
            instance = None
        if instance is None:
            continue
        outcome = check(problem, instance, numeric_holds=numeric_holds)
        if outcome.status != ASSUMPTIONS_FAIL:
            return instance, outcome
    return None, None


def _refutation(problem, plan, instance, deadline, rng, shrink_counterexample: bool = True) -> Verdict | None:
    candidates = [instance]
    if shrink_counterexample:
        budget = time.monotonic() + SHRINK_SHARE * max(0.0, deadline - time.monotonic())
        candidates.insert(0, shrink(problem, plan, instance, budget, rng))
    for candidate in candidates:
        fresh = Instance(dict(candidate.dims), dict(candidate.values))  # re-checked from scratch
        outcome = check(problem, fresh)
        if outcome.status == FAILS:
            return refuted(METHOD, _counterexample(fresh, outcome),
                           detail=f"the claim fails on this exact instance ({_relation_text(problem)})")
    return None


def _counterexample(instance: Instance, outcome) -> Counterexample:
    dims = {str(k): int(v) for k, v in sorted(instance.dims.items(), key=lambda kv: str(kv[0]))}
    values = {}
    for symbol, value in sorted(instance.values.items(), key=lambda kv: str(kv[0])):
        values[str(symbol)] = sympy.ImmutableMatrix(value) if isinstance(value, sympy.MatrixBase) \
            else sympy.sympify(value)
    return Counterexample(dims=dims, values=values, lhs=outcome.lhs, rhs=outcome.rhs)


def _relation_text(problem) -> str:
    wanted = {"==": "the sides differ", "!=": "the sides are equal", "<": "lhs < rhs is false",
              "<=": "lhs <= rhs is false", ">": "lhs > rhs is false", ">=": "lhs >= rhs is false"}
    return wanted.get(problem.relation, problem.relation)


def _reason(outcome) -> str:
    if outcome.status == UNDECIDED:
        return "undecidable comparison"
    if "singular" in outcome.reason:
        return "singular"
    if "not differentiable" in outcome.reason:
        return "not differentiable there"
    return "undefined"


def _evidence(held: int, largest: int, skipped: Counter, timed_out: bool) -> str:
    text = f"held on {held} exact instance{'s' if held != 1 else ''}"
    if largest:
        text += f", dims up to {largest}"
    counts = [(k, v) for k, v in skipped.most_common() if v]
    if counts:
        total = sum(v for _, v in counts)
        text += f"; {total} draw{'s' if total != 1 else ''} skipped: " + \
            ", ".join(f"{k} ({v})" for k, v in counts)
    if timed_out:
        text += "; stopped at the time limit"
    return text


__all__ = ["search", "METHOD"]
