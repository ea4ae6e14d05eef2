"""Checking one answer against a reference: screening, parsing, typing, deciding, hinting.

    q = prepare_question(r"(X^T X + \\lambda I)^{-1} X^T y", "X: n×d, y: n, lambda>0")
    v = check_answer(q, r"X^T (X X^T + \\lambda I)^{-1} y")     # AnswerVerdict('equivalent', ...)

Answers are data: they are read only by the LaTeX front end (an allowlist parser that
builds SymPy objects; nothing here evaluates text). `check_answer` runs the check in a
forked worker (symcheck.worker) with a wall-clock timeout and a memory limit;
`check_in_process` is what that worker runs. The reference is trusted (the TA wrote it)
and is parsed in the calling process, so a bad reference fails at once.
"""
from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

import sympy

from .. import engine
from ..latex import ParseError, parse_declare_option, parse_declarations, parse_formula, render
from ..latex.declarations import Declarations
from ..model.problem import Problem
from ..model.shapes import IllTyped, NotSupported, ShapeChecker, show_shape
from ..refute.search import search
from ..verdict import ERROR, PROVED, REFUTED
from ..worker import Done, TimedOut, run_one
from .hints import find_hint, instance_of, reference_candidates
from .normalize import question_fingerprint
from .verdict import (EQUIVALENT, ILL_TYPED, NOT_EQUIVALENT, REJECTED, TIMEOUT, UNKNOWN, UNPARSEABLE,
                      AnswerVerdict)

DEFAULT_TIMEOUT = 5.0                 # seconds of wall clock per answer
DEFAULT_MEMORY_BYTES = 1024 ** 3      # address-space limit of a worker
MAX_ANSWER_CHARS = 4000               # longer answers are rejected unread
# Shares of the timeout: a quick exact refutation, then the engine, then the hints; the kill is at 1.0.
QUICK_SHARE, DECIDE_SHARE, HINT_SHARE = 0.15, 0.7, 0.85
QUICK_INSTANCES = 12                  # small exact instances tried before any prover
MAX_DIGITS = 60                       # digits of any number in an answer
MAX_EXPONENT = 64                     # |numeric exponent| of any power in an answer

# Screening before any parsing: (pattern, reason). TeX primitives that read files, run
# commands or redefine the language, and Python that has no business in a formula.
HOSTILE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\\(input|include|openin|openout|read|write|immediate|special|usepackage|documentclass)(?![A-Za-z])",
     "TeX file or shell access"),
    (r"\\(def|edef|gdef|xdef|let|newcommand|renewcommand|providecommand|catcode|csname|expandafter)(?![A-Za-z])",
     "TeX macro definitions"),
    (r"__\w+__|\b(import|lambda\s*:|exec|eval|compile|open|os\.system|subprocess)\s*\(", "Python code"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class PreparedQuestion:
    """A reference parsed once, with its declarations; what every check of one question shares."""

    reference: str
    declarations_text: str
    declarations: Declarations
    expr: object
    layout: str = "numerator"
    question: str = ""
    fingerprint: str = ""

    @property
    def assumptions(self) -> list:
        """The assumptions the declarations make (positivity, symmetry, ...)."""
        return list(self.declarations.assumptions)


def prepare_question(reference: str, declarations: str | Declarations = "", layout: str = "numerator",
                     question: str = "") -> PreparedQuestion:
    """Parse a trusted reference; raises ParseError (bad LaTeX) or IllTyped (bad shapes) at once."""
    if isinstance(declarations, Declarations):
        decls, text = declarations, ""
    else:
        text = declarations or ""
        decls = parse_declarations(text) if "\n" in text.strip() else parse_declare_option(text)
    expr = parse_formula(reference, decls, layout=layout)
    try:
        ShapeChecker(layout).shape(expr)
    except NotSupported:  # well formed (a higher-order tensor), beyond symcheck yet: each answer is then unknown
        pass
    return PreparedQuestion(reference, text, decls, expr, layout, question,
                            question_fingerprint(reference, text, layout))


def screen(answer) -> AnswerVerdict | None:
    """A verdict for answers refused unread (not text, too long, control characters, hostile), else None."""
    if not isinstance(answer, str):
        return AnswerVerdict(REJECTED, f"the answer is not text ({type(answer).__name__})", method="screening")
    if len(answer) > MAX_ANSWER_CHARS:
        return AnswerVerdict(REJECTED, f"answer too long ({len(answer)} characters, limit {MAX_ANSWER_CHARS})",
                             method="screening")
    if _CONTROL.search(answer):
        return AnswerVerdict(REJECTED, "the answer contains control characters", method="screening")
    for pattern, reason in HOSTILE_PATTERNS:
        match = re.search(pattern, answer)
        if match:
            return AnswerVerdict(REJECTED, f"not a formula: {reason} ({match.group(0)!r})", method="screening")
    if not answer.strip().strip("$").strip():
        return AnswerVerdict(UNPARSEABLE, "empty answer", method="screening")
    return None


def _log10_bound(expr) -> float:
    """An upper bound on log10|value| of a numeric expression, computed without evaluating it."""
    if isinstance(expr, sympy.Rational):
        return math.log10(max(abs(expr.p), expr.q, 1))
    if isinstance(expr, sympy.Pow):
        base, exponent = _log10_bound(expr.args[0]), _log10_bound(expr.args[1])
        return math.inf if exponent > 6 else base * 10 ** exponent
    if isinstance(expr, sympy.Add):
        return max(_log10_bound(a) for a in expr.args) + math.log10(len(expr.args))
    if isinstance(expr, sympy.Mul):
        return sum(_log10_bound(a) for a in expr.args)
    return 1.0 if expr.is_number and not expr.args else math.inf


def _log10_abs(exponent) -> float:
    """log10 of |exponent| for a numeric exponent (an upper bound when it is not a plain rational)."""
    if isinstance(exponent, sympy.Rational):
        if exponent.p == 0:
            return -math.inf
        return math.log10(abs(exponent.p)) - math.log10(exponent.q)
    return _log10_bound(exponent)


def nested_power_too_big(expr) -> bool:
    """True when a chain of powers multiplies to an exponent over MAX_EXPONENT: ((x^{64})^{64})^{64} is x^{262144}.

    The effective exponent of a power is the product of the numeric exponents met on the way
    down to it through its bases (through any other node too: (2 x^{64})^{64} counts 4096).
    """
    limit = math.log10(MAX_EXPONENT) + 1e-9
    stack = [(expr, 0.0)]
    while stack:
        node, outer = stack.pop()
        if isinstance(node, (sympy.Pow, sympy.MatPow)) and not node.args[1].free_symbols:
            inner = outer + _log10_abs(node.args[1])
            if inner > limit:
                return True
            stack.append((node.args[0], inner))
            stack.append((node.args[1], 0.0))
            continue
        stack.extend((arg, outer) for arg in node.args)
    return False


def too_big(expr) -> str:
    """Why an expression is too big to decide (a huge number or exponent, even unevaluated or nested), or ''."""
    if nested_power_too_big(expr):
        return f"powers of powers whose exponents multiply to more than {MAX_EXPONENT}"
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, (sympy.Pow, sympy.MatPow)) and not node.args[1].free_symbols \
                and _log10_bound(node.args[1]) > math.log10(MAX_EXPONENT):
            return f"an exponent larger than {MAX_EXPONENT}"
        if isinstance(node, (sympy.Rational, sympy.Pow)) and not node.free_symbols \
                and _log10_bound(node) > MAX_DIGITS:
            return f"a number with more than {MAX_DIGITS} digits"
    return ""


def check_in_process(question: PreparedQuestion, answer: str, timeout: float = DEFAULT_TIMEOUT,
                     hints: bool = True) -> AnswerVerdict:
    """The whole check in this process (no isolation): what a worker runs."""
    start = time.monotonic()
    verdict = screen(answer) or _check(question, answer, start, timeout, hints)
    verdict.seconds = round(time.monotonic() - start, 4)
    return verdict


def _check(question: PreparedQuestion, answer: str, start: float, timeout: float, hints: bool) -> AnswerVerdict:
    try:
        expr = parse_formula(answer, question.declarations, layout=question.layout)
    except ParseError as exc:
        return AnswerVerdict(UNPARSEABLE, str(exc), method="LaTeX front end")
    except RecursionError:
        return AnswerVerdict(REJECTED, "nested too deeply to read", method="LaTeX front end")
    parsed = _render(expr)
    reason = too_big(expr)
    if reason:
        return AnswerVerdict(REJECTED, f"the answer contains {reason}", method="size guard", parsed=parsed)
    try:
        problem = Problem.build(expr, question.expr, "==", question.assumptions, question.layout, question.question)
    except IllTyped as exc:
        return _ill_typed(question, expr, str(exc), parsed, start + HINT_SHARE * timeout)
    except NotSupported as exc:
        return AnswerVerdict(UNKNOWN, f"not supported yet: {exc}", method="shape check", parsed=parsed)
    verdict, held = _quick_refutation(problem, start + QUICK_SHARE * timeout)
    if verdict is None:  # the proof's cross-check counts the instances the quick search already saw hold
        verdict = engine.decide_problem(problem, start + DECIDE_SHARE * timeout, held_instances=held)
    if verdict.status == PROVED:
        return AnswerVerdict(EQUIVALENT, verdict.detail, method=verdict.method, parsed=parsed)
    if verdict.status == REFUTED:
        cx = verdict.counterexample
        hint = ""
        if hints:
            seed = [i for i in [instance_of(problem, cx)] if i is not None]
            hint = _safe_hint(expr, question.expr, problem, seed, start + HINT_SHARE * timeout)
        return AnswerVerdict(NOT_EQUIVALENT, verdict.detail, hint, cx.to_json(), cx.describe(), verdict.method,
                             parsed)
    if verdict.status == ERROR:
        return AnswerVerdict(ILL_TYPED, verdict.detail, method=verdict.method, parsed=parsed)
    return AnswerVerdict(UNKNOWN, verdict.detail, method=verdict.method, parsed=parsed)


def _quick_refutation(problem: Problem, deadline: float):
    """Most wrong answers fail on the first small instances: try those before any prover.

    Returns (a re-checked refutation or None, the number of instances the answer held on).
    Sound for the same reason as the engine's own refutations: the counterexample is
    re-checked from scratch (engine.recheck) before it counts.
    """
    found = search(problem, deadline, max_instances=QUICK_INSTANCES)
    if found.status != REFUTED:
        held = found.extras.get("held", 0)
        return None, held if isinstance(held, int) else 0
    return engine.recheck(problem, found), 0


def _ill_typed(question: PreparedQuestion, expr, message: str, parsed: str, deadline: float) -> AnswerVerdict:
    """The answer is ill-typed in itself, or well typed with a shape other than the reference's."""
    checker = ShapeChecker(question.layout)
    try:
        shape = checker.shape(expr)
    except IllTyped as exc:
        return AnswerVerdict(ILL_TYPED, f"the answer is ill-typed: {exc}", method="shape check", parsed=parsed)
    wanted = checker.shape(question.expr)
    detail = f"the answer is {show_shape(shape)} but the reference is {show_shape(wanted)}"
    hint = ""
    try:
        transposed = Problem.build(expr.T, question.expr, "==", question.assumptions, question.layout)
        hint = _safe_hint(expr.T, question.expr, transposed, [], deadline, only_equal=True)
    except (IllTyped, Exception):  # no transpose reading: no hint
        hint = ""
    return AnswerVerdict(ILL_TYPED, detail, hint, method="shape check", parsed=parsed)


def _safe_hint(expr, reference, problem, seed, deadline, only_equal=False) -> str:
    """A hint, or '' if finding one fails in any way (hints never change a verdict)."""
    from .hints import hint_instances, matches
    try:
        if only_equal:
            instances = hint_instances(problem, seed, deadline)
            return "the transpose of the reference" if instances and matches(
                expr, reference, problem, instances, checker=ShapeChecker(problem.layout)) \
                else ""
        return find_hint(expr, reference, problem, seed, deadline)
    except Exception:  # noqa: BLE001 - advice only
        return ""


def _render(expr) -> str:
    try:
        return render(expr)
    except Exception:  # the echo is a courtesy
        return ""


def warm_up() -> None:
    """Import every engine now, z3 and the refuter included (`engine.warm_up`), so the forked workers of a
    batch do not each pay for it."""
    engine.warm_up()


def _load_engines() -> None:
    """The engines and reductions, imported before the one worker of a single check is forked (its time
    limit is for the check, not for imports); z3 only if that check asks it something."""
    engine.load_engines()
    engine.load_reductions()


def warm_question(question: PreparedQuestion) -> None:
    """Do now, once, the per-question work every forked worker would otherwise repeat for itself: the
    reference's hint candidates (each transformed and shape-checked; hints.reference_candidates caches
    them). Advice only: a failure here changes nothing."""
    try:
        problem = Problem.build(question.expr, question.expr, "==", question.assumptions, question.layout,
                                question.question)
        reference_candidates(question.expr, tuple(problem.shape), frozenset(problem.dims), problem.layout)
    except Exception:  # noqa: BLE001 - the checks will meet the same problem and report it
        pass


def verdict_from_outcome(outcome) -> AnswerVerdict:
    """A worker outcome (Done / TimedOut / Crashed) as an AnswerVerdict."""
    if isinstance(outcome, Done):
        return outcome.value
    if isinstance(outcome, TimedOut):
        return AnswerVerdict(TIMEOUT, f"no verdict within {outcome.seconds:g} s; the worker was stopped",
                             method="worker", seconds=outcome.seconds)
    message = getattr(outcome, "message", str(outcome))
    if "memory" in message:
        return AnswerVerdict(REJECTED, "checking this answer needed more than the memory limit", method="worker")
    # a crash is a failure to decide, not a judgement of the answer
    return AnswerVerdict(UNKNOWN, f"the checker failed on this answer: {message.splitlines()[0]}", method="worker")


def check_answer(reference, answer: str, declarations: str | Declarations = "", *, layout: str = "numerator",
                 timeout: float = DEFAULT_TIMEOUT, memory_bytes: int | None = DEFAULT_MEMORY_BYTES,
                 isolate: bool = True, hints: bool = True, one_shot: bool = False) -> AnswerVerdict:
    """Check one answer. `reference` is LaTeX (with `declarations`) or a PreparedQuestion.

    With isolate=True (the default) the check runs in a forked worker killed after
    `timeout` seconds of wall clock, under a `memory_bytes` address-space limit. The engines are
    imported here first, and z3 too, so a process that checks answer after answer loads it once;
    `one_shot=True` (a process that checks this one answer, as `symcheck check`) leaves z3 to the
    worker, which loads it only if its query needs it.
    """
    question = reference if isinstance(reference, PreparedQuestion) else \
        prepare_question(reference, declarations, layout)
    refused = screen(answer)
    if refused is not None:
        return refused
    if not isolate:
        return check_in_process(question, answer, timeout, hints)
    if one_shot:
        _load_engines()
    else:
        warm_up()
    outcome, seconds = run_one(check_in_process, (question, answer, timeout, hints), timeout=timeout,
                               memory_bytes=memory_bytes)
    verdict = verdict_from_outcome(outcome)
    verdict.seconds = round(seconds, 4)
    return verdict


__all__ = ["check_answer", "check_in_process", "prepare_question", "PreparedQuestion", "screen", "too_big",
           "nested_power_too_big",
           "verdict_from_outcome", "warm_up", "warm_question", "DEFAULT_TIMEOUT", "DEFAULT_MEMORY_BYTES", "MAX_ANSWER_CHARS",
           "HOSTILE_PATTERNS"]
