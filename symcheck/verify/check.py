"""Checking a read derivation: every obligation decided in a killable worker, then one verdict per step.

Each obligation becomes a `Problem` (the shape check: an ill-typed step is a shape
error with both shapes) and goes to `symcheck.engine.decide_problem` in a worker with a time
limit, so a hard step is `unknown`, never a hang. The workers take obligation after
obligation (worker.run_warm, a fresh one after any failure) instead of a fork each with cold
caches. Verdicts map to step statuses here: a step is refuted only with the engine's exactly re-checked counterexample, which
satisfies the hypothesis (the previous statement) when there is one.
"""
from __future__ import annotations

import time

import sympy

from ..model.problem import IllTyped, NotSupported, Problem
from ..verdict import PROVED as V_PROVED
from ..verdict import REFUTED as V_REFUTED
from ..worker import Crashed, Done, TimedOut, run_warm
from .cache import obligation_key
from .hypotheses import with_derivatives_computed
from .model import DEFINITION, PREMISE, PROVED, REFUTED, SHAPE, UNKNOWN, DerivationResult, StepResult
from .read import Derivation, Plan

DEFAULT_TIMEOUT = 8.0
WORKER_MARGIN = 2.0       # seconds a worker gets beyond the engine's deadline (fork, shape check)
CACHE_UNKNOWN_SHARE = 0.5  # an unknown answer found in less than this share of the time limit may be cached


# ---------------------------------------------------------------- in the worker

def decide_obligation(obligation, assumptions: list, layout: str, timeout: float) -> dict:
    """One obligation -> {'status', 'method', 'detail', 'counterexample'} (runs inside a worker)."""
    from ..engine import decide_problem

    start = time.monotonic()
    try:
        Problem.build(obligation.lhs, obligation.rhs, obligation.relation, assumptions, layout)
    except IllTyped as exc:
        return {"status": "shape", "detail": str(exc)}
    except NotSupported as exc:  # a higher-order tensor derivative: beyond symcheck yet, not a shape error
        return {"status": "unknown", "detail": f"not supported yet: {exc}"}
    if not obligation.decide:
        return {"status": "typed"}
    problem, problem_error = None, ""
    for hypotheses in [obligation.hypotheses, *obligation.fallbacks]:
        try:
            problem = Problem.build(obligation.lhs, obligation.rhs, obligation.relation,
                                    list(assumptions) + with_derivatives_computed(hypotheses, layout), layout)
            break
        except (IllTyped, NotSupported) as exc:
            problem_error = problem_error or str(exc)
    if problem is None:
        return {"status": "unknown", "detail": f"the previous statement cannot be used as a hypothesis: {problem_error}"}
    verdict = decide_problem(problem, start + timeout)
    return {"status": verdict.status, "method": verdict.method, "detail": verdict.detail,
            "counterexample": verdict.counterexample}


# ---------------------------------------------------------------- in the parent

def check_derivation(derivation: Derivation, *, timeout: float = DEFAULT_TIMEOUT, jobs: int = 1,
                     on_step=None, cache=None) -> DerivationResult:
    """Decide every plan's obligations (in parallel workers) and return the steps' verdicts in order.

    With a `cache` (symcheck.verify.cache.ObligationCache), obligations decided before are
    answered from it and only the others go to workers.
    """
    start = time.monotonic()
    tasks, owners, keys = [], [], []
    answers: dict = {}
    seconds: dict = {}
    for plan in derivation.plans:
        for k, obligation in enumerate(plan.obligations):
            assumptions = relevant_assumptions(obligation, derivation.assumptions)
            key = obligation_key(obligation, assumptions, derivation.layout, timeout) if cache is not None else None
            cached = cache.get(key) if cache is not None else None
            if cached is not None:
                answers[(plan.index, k)] = cached[0]
                seconds[plan.index] = seconds.get(plan.index, 0.0) + cached[1]
                continue
            tasks.append((obligation, assumptions, derivation.layout, timeout))
            owners.append((plan.index, k))
            keys.append(key)
    total = len(answers) + len(tasks)
    for task, outcome, took in run_warm(decide_obligation, tasks, jobs=jobs, timeout=timeout + WORKER_MARGIN):
        answers[owners[task]] = _answer(outcome, timeout)
        seconds[owners[task][0]] = seconds.get(owners[task][0], 0.0) + took
        if cache is not None and _worth_keeping(outcome, took, timeout):
            cache.put(keys[task], answers[owners[task]], took)
        if on_step:
            on_step(len(answers), total)
    steps = []
    for plan in derivation.plans:
        found = [answers[(plan.index, k)] for k in range(len(plan.obligations))]
        step = judge(plan, found)
        step.seconds = round(seconds.get(plan.index, 0.0), 3)
        steps.append(step)
    return DerivationResult(derivation.path, steps, derivation.declaration_text,
                            round(time.monotonic() - start, 3))


def relevant_assumptions(obligation, assumptions: list) -> list:
    """The declared assumptions that share a symbol (or a dimension) with the obligation.

    Leaving out assumptions about unrelated symbols makes a proof no weaker, lets the
    scalar prover take scalar steps of a document that also declares matrix relations,
    and a counterexample still exists with the unrelated symbols chosen apart.
    """
    used = _symbols(obligation.lhs) | _symbols(obligation.rhs)
    for hypothesis in obligation.hypotheses:
        used |= _symbols(hypothesis)
    return [a for a in assumptions if _symbols(a) & used]


def _symbols(expr) -> set:
    found = set()
    try:
        for symbol in expr.free_symbols:
            found.add(symbol)
            found |= {d for dim in getattr(symbol, "shape", ()) for d in sympy.sympify(dim).free_symbols}
    except Exception:
        pass
    return found


def _worth_keeping(outcome, took: float, timeout: float) -> bool:
    """A worker's answer may be cached unless it ran out of time (another try may decide it)."""
    if not isinstance(outcome, Done):
        return False
    return outcome.value.get("status") != "unknown" or took < CACHE_UNKNOWN_SHARE * timeout


def _answer(outcome, timeout: float) -> dict:
    if isinstance(outcome, Done):
        return outcome.value
    if isinstance(outcome, TimedOut):
        return {"status": "unknown", "detail": f"no decision within the time limit ({timeout:g} s)"}
    message = outcome.message.splitlines()[0] if isinstance(outcome, Crashed) else str(outcome)
    return {"status": "unknown", "detail": f"the check failed internally ({message})"}


def judge(plan: Plan, answers: list) -> StepResult:
    """The step's status from its obligations' answers (all must be proved; one exact refutation refutes)."""
    step = StepResult(plan.index, plan.kind, plan.relation, plan.before, plan.after, UNKNOWN,
                      substituted=plan.substituted, hypothesis=plan.hypothesis, comment=plan.comment)
    if plan.status is not None:
        step.status, step.detail = plan.status, plan.detail
        return step
    shape = next((a for a in answers if a["status"] == "shape"), None)
    if shape is not None:
        step.status, step.detail = SHAPE, f"ill-typed for general dimensions: {shape['detail']}"
        return step
    if plan.kind == "definition":
        step.status, step.detail = DEFINITION, "taken as given; used in later steps of this section"
        return step
    refuting = next((a for a in answers if a["status"] == V_REFUTED), None)
    abstracted = sorted({name for o in plan.obligations for name in o.abstracted})
    if refuting is not None and abstracted:
        step.status = UNKNOWN
        step.detail = (f"not refuted: the counterexample found takes {', '.join(abstracted)} as free positive "
                       "numbers, which one density may not give (define the densities to have the step checked)")
        return step
    notes = [o.note for o in plan.obligations if o.note]
    refutation = plan.obligations[answers.index(refuting)].refutation if refuting is not None else ""
    if refutation:   # a step up to a constant: the counterexample is two values of the variable
        step.method, step.counterexample = refuting.get("method", ""), refuting["counterexample"]
        step.status, step.detail = REFUTED, refutation
        return step
    if refuting is not None:
        step.method, step.counterexample = refuting.get("method", ""), refuting["counterexample"]
        if plan.premise_if_false:
            step.status = PREMISE
            step.detail = ("not an identity, so read as a premise (a condition the derivation assumes); "
                           "link it to the previous statement with \\implies to have it checked")
        else:
            step.status, step.detail = REFUTED, refuting.get("detail", "")
        return step
    if answers and all(a["status"] == V_PROVED for a in answers):
        step.status = PROVED
        step.method = "; ".join(sorted({a.get("method", "") for a in answers}))
        step.detail = "; ".join(notes + [answers[0].get("detail", "")]) if notes else answers[0].get("detail", "")
        return step
    step.status = UNKNOWN
    step.method = "; ".join(sorted({a.get("method", "") for a in answers if a.get("method")}))
    step.detail = "; ".join(a.get("detail", "") for a in answers if a["status"] != V_PROVED and a.get("detail"))
    return step


__all__ = ["check_derivation", "decide_obligation", "judge", "DEFAULT_TIMEOUT"]
