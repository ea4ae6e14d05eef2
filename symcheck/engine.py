"""The dispatcher: turns a Claim into a Verdict by trying the engines in order.

    claim -> Problem (shapes checked) -> reductions -> provers -> refuter -> verdict

Reductions (derivatives, expectations, argmin) rewrite a claim into plain
obligations that the provers close; the provers are tried in ENGINES order.

A claim about a symbol that may take values other than finite reals (`complex=True`,
`imaginary=True`, `Q.imaginary(x)`, ...: `model.symbols`) goes to no prover (every
prover models real scalars); only the refuter runs, on the real values that meet every
assumption of the symbol (such a value is one of its values), else `unknown`.

Trust is never placed in one path: every `proved` is cross-checked by a short
exact counterexample search, and every counterexample (from any engine) is
re-checked from scratch by the exact evaluator before `refuted` is reported. A
disagreement becomes `unknown` with the evidence, flagged in `extras`, so the
test suite fails loudly on it.

The cross-check compares values that are not rational (π, exp, log, roots, ...) as rigorous
balls (`search(..., numeric_holds=True)`, `refute.ball_values`): a ball that excludes 0 is a
candidate counterexample, kept only after the exact re-check (`recheck`); a ball around 0 counts
as held. So the cross-check may miss a counterexample hidden below the balls' precision, but it
never makes a proof: it can only take one away.
"""
from __future__ import annotations

import importlib
import time

import sympy

from .claim import Claim
from .model.problem import IllTyped, NotSupported, Problem, require_distinct_names
from .model.show import show
from .model.symbols import problem_out_of_scope
from .verdict import ERROR, PROVED, REFUTED, Counterexample, Verdict, error, proved, unknown

# (module, class) of each reduction and prover, tried in this order. Rules as data: add a line to add one.
REDUCTIONS: tuple[tuple[str, str], ...] = (
    ("symcheck.prove.reductions.derivative", "DerivativeReduction"),
    ("symcheck.prove.reductions.expectation", "ExpectationReduction"),
    ("symcheck.prove.reductions.optimality", "ArgminReduction"),
    ("symcheck.prove.reductions.limits", "LimitReduction"),
    ("symcheck.prove.reductions.entrywise", "EntrywiseReduction"),
    ("symcheck.prove.reductions.determinant", "DeterminantReduction"),
    ("symcheck.prove.reductions.ones", "OnesReduction"),
    ("symcheck.prove.reductions.explicit", "ExplicitReduction"),
    ("symcheck.prove.reductions.residues", "ResidueReduction"),
    ("symcheck.prove.reductions.scalar_equations", "ScalarEquationReduction"),
)
ENGINES: tuple[tuple[str, str], ...] = (
    ("symcheck.prove.ground", "GroundEngine"),
    ("symcheck.prove.scalar.engine", "ScalarEngine"),
    ("symcheck.prove.matrix.engine", "MatrixEngine"),
    ("symcheck.prove.positivity", "PositivityEngine"),
)

PROVER_SHARE = 0.6          # of the claim's time budget, for the provers; the rest for the refuter
CROSS_CHECK_INSTANCES = 25  # exact instances tried against every proof
MAX_REDUCTION_DEPTH = 4


def _instantiate(table) -> list:
    return [getattr(importlib.import_module(module), cls)() for module, cls in table]


def load_engines() -> list:
    """One instance of each prover, in ENGINES order."""
    return _instantiate(ENGINES)


def load_reductions() -> list:
    """One instance of each reduction, in REDUCTIONS order."""
    return _instantiate(REDUCTIONS)


def warm_up() -> None:
    """Import every engine once, so forked workers start with them loaded (about 1 s saved per claim), and
    z3, which the engines import only when a query needs it: once here rather than in every worker."""
    from .prove.scalar import nlsat  # noqa: F401
    from .refute import search  # noqa: F401

    load_reductions()
    load_engines()


def problem_from_claim(claim: Claim) -> Problem:
    """Raises IllTyped, NotSupported (beyond symcheck yet) or ValueError (a malformed claim), with a message."""
    if claim.problems:
        raise ValueError("; ".join(claim.problems))
    problem = Problem.build(claim.lhs, claim.rhs, claim.relation, claim.assume, claim.layout, claim.name)
    require_distinct_names(problem)  # AmbiguousSymbols is a ValueError: a malformed claim
    return problem


def decide_claim(claim: Claim, timeout: float = 10.0) -> Verdict:
    """The verdict on a Claim within `timeout` seconds (shape check first; the verdict's time filled in)."""
    start = time.monotonic()
    try:
        problem = problem_from_claim(claim)
    except IllTyped as exc:
        return _timed(error(f"ill-typed for general dimensions: {exc}", "shape check"), start)
    except NotSupported as exc:  # well formed, beyond what symcheck models yet (a higher-order tensor): unknown
        return _timed(unknown("shape check", f"not supported yet: {exc}"), start)
    except ValueError as exc:
        return _timed(error(str(exc), "claim check"), start)
    return _timed(decide_problem(problem, start + timeout), start)


def decide_problem(problem: Problem, deadline: float, *, held_instances: int = 0) -> Verdict:
    """The verdict on `problem` by `deadline`: reductions and provers, the refuter, the cross-checks.

    `held_instances`: exact instances (the refuter's, seed 0) the caller has already seen the
    claim hold on; a proof's cross-check then draws only the rest of its instances, with
    another seed, so every proof still meets CROSS_CHECK_INSTANCES exact instances in all.
    """
    from .refute.search import search

    out_of_scope = problem_out_of_scope(problem)
    if out_of_scope is not None:
        return _refute_only(problem, deadline, out_of_scope)
    start = time.monotonic()
    prover_deadline = start + PROVER_SHARE * max(0.0, deadline - start)
    evidence: list[str] = []
    verdict = prove(problem, prover_deadline, evidence)
    if verdict is not None and verdict.status == PROVED:
        return _cross_checked(problem, verdict, deadline, held_instances)
    if verdict is not None and verdict.status in (REFUTED, ERROR):
        return verdict
    found = search(problem, deadline)
    if found.status == REFUTED:
        checked = recheck(problem, found)
        if checked is not None:
            return checked
        evidence.append("the refuter's counterexample did not survive the exact re-check")
    else:
        evidence.append(found.detail)
    return unknown("provers and exact counterexample search", "; ".join(e for e in evidence if e))


def _refute_only(problem: Problem, deadline: float, reason: str) -> Verdict:
    """A symbol that may be complex or infinite: no prover may treat it as a finite real, but a real
    value that meets every one of its assumptions is one of its values, so a re-checked
    counterexample among the reals still refutes the claim. Otherwise unknown, with the reason."""
    from .refute.search import search

    found = search(problem, deadline)
    if found.status == REFUTED:
        checked = recheck(problem, found)
        if checked is not None:
            return checked
    return unknown("scope check", f"{reason}; no counterexample among the real values its assumptions allow")


def prove(problem: Problem, deadline: float, evidence: list[str], original: Problem | None = None,
          depth: int = 0) -> Verdict | None:
    """A proof (through reductions, then engines), a re-checked refutation of `original`, or None.

    A counterexample found for an obligation counts only if it refutes the original claim.
    """
    original = original or problem
    if depth < MAX_REDUCTION_DEPTH:
        for reduction in load_reductions():
            reduced = _guarded(reduction.name, reduction.reduce, problem, deadline, evidence)
            if reduced is None:
                continue
            verdict = _prove_obligations(reduction, reduced, deadline, evidence, original, depth)
            if verdict is not None:
                return verdict
    for engine in load_engines():
        if time.monotonic() >= deadline:
            evidence.append("provers ran out of time")
            break
        verdict = _guarded(engine.name, engine.attempt, problem, deadline, evidence)
        if verdict is None:
            continue
        if verdict.status == PROVED:
            return verdict
        if verdict.status == REFUTED:
            checked = recheck(original, verdict)
            if checked is not None:
                return checked
            evidence.append(f"{engine.name} found a counterexample to a sub-claim that does not refute the claim")
            continue
        if verdict.status == ERROR and problem is original:
            return verdict
        evidence.append(f"{engine.name}: {verdict.detail}")
    return None


def _guarded(name: str, step, problem: Problem, deadline: float, evidence: list[str]):
    """`step(problem, deadline)`, or None with the failure in the evidence: a bug never becomes a verdict."""
    try:
        return step(problem, deadline)
    except Exception as exc:
        evidence.append(f"{name} failed: {type(exc).__name__}: {exc}")
        return None


def _prove_obligations(reduction, reduced, deadline, evidence, original, depth) -> Verdict | None:
    proofs = []
    for obligation in reduced.obligations:
        verdict = prove(obligation, deadline, evidence, original, depth + 1)
        if verdict is None:
            evidence.append(f"{reduction.name}: could not prove the obligation "
                            f"{show(obligation.lhs)} {obligation.relation} {show(obligation.rhs)}")
            return None
        if verdict.status != PROVED:
            return verdict  # a refutation of the original claim, already re-checked
        proofs.append(verdict)
    methods = sorted({v.method for v in proofs})
    certificate = {
        "format": "symcheck-reduction/1", "reduction": reduction.name, "steps": reduced.steps,
        "data": reduced.certificate,
        "obligations": [{"lhs": sympy.srepr(o.lhs), "rhs": sympy.srepr(o.rhs), "relation": o.relation,
                         "assume": [sympy.srepr(a, order="none") for a in o.assumptions],
                         "method": v.method, "certificate": v.certificate}
                        for o, v in zip(reduced.obligations, proofs)],
    }
    detail = "; ".join(reduced.steps)
    return proved(f"{reduction.name} + {', '.join(methods) or 'no obligations'}", detail, certificate)


def _cross_checked(problem: Problem, verdict: Verdict, deadline: float, held_instances: int = 0) -> Verdict:
    from .refute.search import search

    budget = min(deadline, time.monotonic() + max(0.5, 0.2 * (deadline - time.monotonic())))
    already = max(0, min(held_instances, CROSS_CHECK_INSTANCES - 1))  # at least one fresh instance
    probe = search(problem, budget, max_instances=CROSS_CHECK_INSTANCES - already, seed=1 if already else 0,
                   numeric_holds=True)
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
    from .refute.check import check
    from .refute.evaluate import Instance

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
        outcome = check(problem, Instance(dims, values), fast=False)  # the general evaluator alone
    except Exception:  # a counterexample we cannot even evaluate does not refute anything
        return None
    if not outcome.fails:
        return None
    # Show the claim's own two sides (an obligation's counterexample may carry a sub-claim's values).
    verdict.counterexample = Counterexample(cx.dims, cx.values, outcome.lhs, outcome.rhs, cx.note)
    return verdict


def _timed(verdict: Verdict, start: float) -> Verdict:
    verdict.seconds = round(time.monotonic() - start, 4)
    return verdict


__all__ = ["decide_problem", "decide_claim", "prove", "problem_from_claim", "recheck", "ENGINES", "REDUCTIONS"]
