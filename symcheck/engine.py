"""The dispatcher: turns a Claim into a Verdict by trying the engines in order.

    claim -> Problem (shapes checked) -> provers in ENGINES order -> refuter -> verdict

Trust is never placed in one path: every `proved` is cross-checked by a short
exact counterexample search, and every counterexample (from any engine) is
re-checked from scratch by the exact evaluator before `refuted` is reported. A
disagreement becomes `unknown` with the evidence, flagged in `extras`, so the
test suite fails loudly on it.
"""
from __future__ import annotations

import importlib
import time

import sympy

from .claim import Claim
from .model.problem import IllTyped, Problem
from .verdict import ERROR, PROVED, REFUTED, UNKNOWN, Verdict, error, unknown

# (module, class) of each prover, tried in this order. Rules as data: add a line to add an engine.
ENGINES: tuple[tuple[str, str], ...] = (
    ("symcheck.prove.scalar", "ScalarEngine"),
    ("symcheck.prove.matrix", "MatrixEngine"),
)

PROVER_SHARE = 0.6          # of the claim's time budget, for the provers; the rest for the refuter
CROSS_CHECK_INSTANCES = 25  # exact instances tried against every proof


def load_engines() -> list:
    return [getattr(importlib.import_module(module), cls)() for module, cls in ENGINES]


def problem_from_claim(claim: Claim) -> Problem:
    """Raises IllTyped (or ValueError for a malformed claim) with a message for the user."""
    if claim.problems:
        raise ValueError("; ".join(claim.problems))
    return Problem.build(claim.lhs, claim.rhs, claim.relation, claim.assume, claim.layout, claim.name)


def decide_claim(claim: Claim, timeout: float = 10.0) -> Verdict:
    start = time.monotonic()
    try:
        problem = problem_from_claim(claim)
    except IllTyped as exc:
        return _timed(error(f"ill-typed for general dimensions: {exc}", "shape check"), start)
    except ValueError as exc:
        return _timed(error(str(exc), "claim check"), start)
    return _timed(decide(problem, start + timeout), start)


def decide(problem: Problem, deadline: float) -> Verdict:
    from .refute.search import search

    start = time.monotonic()
    prover_deadline = start + PROVER_SHARE * max(0.0, deadline - start)
    evidence: list[str] = []
    for engine in load_engines():
        if time.monotonic() >= prover_deadline:
            evidence.append("provers ran out of time")
            break
        try:
            verdict = engine.attempt(problem, prover_deadline)
        except Exception as exc:  # an engine bug must never become a verdict
            evidence.append(f"{engine.name} failed: {type(exc).__name__}: {exc}")
            continue
        if verdict is None:
            continue
        if verdict.status == PROVED:
            return _cross_checked(problem, verdict, deadline)
        if verdict.status == REFUTED:
            checked = recheck(problem, verdict)
            if checked is not None:
                return checked
            evidence.append(f"{engine.name} offered a counterexample that did not survive the exact re-check")
            continue
        if verdict.status == ERROR:
            return verdict
        evidence.append(f"{engine.name}: {verdict.detail}")
    found = search(problem, deadline)
    if found.status == REFUTED:
        checked = recheck(problem, found)
        if checked is not None:
            return checked
        evidence.append("the refuter's counterexample did not survive the exact re-check")
    else:
        evidence.append(found.detail)
    return unknown("provers and exact counterexample search", "; ".join(e for e in evidence if e))


def _cross_checked(problem: Problem, verdict: Verdict, deadline: float) -> Verdict:
    from .refute.search import search

    budget = min(deadline, time.monotonic() + max(0.5, 0.2 * (deadline - time.monotonic())))
    probe = search(problem, budget, max_instances=CROSS_CHECK_INSTANCES)
    if probe.status == REFUTED and recheck(problem, probe) is not None:
        cx = probe.counterexample
        result = unknown(verdict.method,
                         f"INTERNAL DISAGREEMENT: {verdict.method} claimed a proof but an exact "
                         f"counterexample exists ({cx.describe()}); reported as unknown")
        result.extras["disagreement"] = True
        return result
    return verdict


def recheck(problem: Problem, verdict: Verdict) -> Verdict | None:
    """The counterexample re-checked from scratch: the verdict if it stands, else None."""
    from .refute.evaluate import Instance, check

    cx = verdict.counterexample
    if cx is None:
        return None
    by_name = {str(s): s for s in problem.dims | problem.scalar_symbols | problem.matrix_symbols}
    try:
        dims = {by_name[name]: int(value) for name, value in cx.dims.items()}
        values = {}
        for name, value in cx.values.items():
            symbol = by_name[name]
            values[symbol] = sympy.ImmutableMatrix(value) if isinstance(value, (list, sympy.MatrixBase)) \
                else sympy.sympify(value)
        outcome = check(problem, Instance(dims, values))
    except Exception:  # a counterexample we cannot even evaluate does not refute anything
        return None
    return verdict if outcome.fails else None


def _timed(verdict: Verdict, start: float) -> Verdict:
    verdict.seconds = round(time.monotonic() - start, 4)
    return verdict


__all__ = ["decide", "decide_claim", "problem_from_claim", "recheck", "ENGINES", "UNKNOWN"]
