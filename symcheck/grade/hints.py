"""Hints for wrong answers: which simple transformation of the reference the answer equals.

Each rule in `HINTS` turns the reference into a typical mistake (its transpose, its
negative, twice it, a scalar dropped, ...). A hint is given when the answer equals the
transformed reference *exactly* on every instance tried: the counterexample instance
(where the answer and the reference differ) and a few more drawn from the refuter's
instance generators, including sizes above 1 so that commuting products are caught.
A hint is advice for the student; the verdict itself never rests on it.
"""
from __future__ import annotations

import random
import time
from functools import lru_cache
from typing import Callable, Iterator

import sympy
from sympy import Inverse, MatMul, MatrixExpr, Trace, Transpose

from ..model.problem import Problem
from ..model.shapes import ShapeChecker, is_scalar_shape, same_dim, same_shape
from ..refute.check import ASSUMPTIONS_FAIL, FAILS, HOLDS, check
from ..refute.evaluate import Evaluator, Instance, compare
from ..refute.fast_eval import FastEvaluator, to_domain
from ..refute.instances import dim_schedule, make_plan

INSTANCES = 4       # instances (besides the counterexample) every hint must hold on
MIN_BIG = 2         # of which at least this many have a dimension above 1


def _scalar(ref):
    """A 1×1 matrix expression as a scalar (its trace), so it can be squared or square-rooted."""
    return Trace(ref) if isinstance(ref, MatrixExpr) else ref


def _is_square(ref, shape) -> bool:
    return not is_scalar_shape(shape) and same_dim(*shape)


def _reversed_products(ref) -> Iterator:
    """The reference with the factors of one product reversed (typical: AB written BA)."""
    for node in sympy.preorder_traversal(ref):
        if isinstance(node, MatMul):
            factors = [a for a in node.args if isinstance(a, MatrixExpr)]
            scalars = [a for a in node.args if not isinstance(a, MatrixExpr)]
            if len(factors) >= 2:
                swapped = MatMul(*scalars, *reversed(factors))
                yield ref.xreplace({node: swapped})


def _without_inverse(ref) -> Iterator:
    for node in sympy.preorder_traversal(ref):
        if isinstance(node, Inverse):
            yield ref.xreplace({node: node.arg})


def _without_transpose(ref) -> Iterator:
    for node in sympy.preorder_traversal(ref):
        if isinstance(node, Transpose):
            yield ref.xreplace({node: node.arg})


def _scalar_symbols(ref, dims) -> list:
    return sorted((s for s in ref.free_symbols if isinstance(s, sympy.Symbol)
                   and not isinstance(s, sympy.MatrixSymbol) and s not in dims), key=str)


# (message, transform(ref, shape, dims) -> candidate expressions). Rules as data; first match wins.
# Rules in RETYPING may build expressions of another shape or ill-typed ones: only those pay
# for a general-dimension shape check (the others keep the reference's shape by construction).
Rule = Callable[[object, tuple, frozenset], Iterator]
HINTS: tuple[tuple[str, Rule], ...] = (
    ("the transpose of the reference",
     lambda ref, shape, dims: iter([ref.T] if not is_scalar_shape(shape) else [])),
    ("sign: the negative of the reference", lambda ref, shape, dims: iter([-ref])),
    ("off by a factor 2: twice the reference", lambda ref, shape, dims: iter([2 * ref])),
    ("off by a factor 2: half the reference", lambda ref, shape, dims: iter([ref / 2])),
    ("the square of the reference (e.g. ‖x‖² where ‖x‖ is expected)",
     lambda ref, shape, dims: iter([_scalar(ref) ** 2] if is_scalar_shape(shape) else [])),
    ("the square root of the reference (e.g. ‖x‖ where ‖x‖² is expected)",
     lambda ref, shape, dims: iter([sympy.sqrt(_scalar(ref))] if is_scalar_shape(shape) else [])),
    ("the inverse of the reference",
     lambda ref, shape, dims: iter([Inverse(ref)] if _is_square(ref, shape) else [])),
    ("a product in the wrong order (matrices do not commute)", lambda ref, shape, dims: _reversed_products(ref)),
    ("an inverse is missing", lambda ref, shape, dims: _without_inverse(ref)),
    ("a transpose is missing", lambda ref, shape, dims: _without_transpose(ref)),
)
RETYPING = {"the transpose of the reference", "a product in the wrong order (matrices do not commute)",
            "an inverse is missing", "a transpose is missing"}
# Per scalar symbol s of the reference: (message template, replacement).
SYMBOL_HINTS: tuple[tuple[str, Callable], ...] = (
    ("missing {name}", lambda s: sympy.S.Zero),
    ("{name} should not be there: the answer has {name} = 1", lambda s: sympy.S.One),
    ("{name} inverted: 1/{name} in place of {name}", lambda s: 1 / s),
    ("wrong factor of {name}: {name}² in place of {name}", lambda s: s ** 2),
)


def candidates(ref, shape, dims) -> Iterator[tuple[str, object]]:
    """(message, transformed reference) for every rule, in order."""
    for message, rule in HINTS:
        for expr in rule(ref, shape, dims):
            yield message, expr
    for symbol in _scalar_symbols(ref, dims):
        name = _display(symbol)
        for template, replacement in SYMBOL_HINTS:
            yield template.format(name=name), ref.xreplace({symbol: replacement(symbol)})


def _display(symbol) -> str:
    from ..latex.render import render
    try:
        return render(symbol)
    except Exception:  # a name is still a name
        return str(symbol)


def hint_instances(problem: Problem, extra: list, deadline: float, seed: int = 0) -> list:
    """Instances meeting the assumptions on which both sides evaluate: `extra` first, then drawn ones."""
    rng = random.Random(seed)
    plan = make_plan(problem)
    found, big = list(extra), 0
    for dims in dim_schedule(plan, 3 * INSTANCES, rng):
        if time.monotonic() >= deadline or (len(found) >= INSTANCES + len(extra) and big >= MIN_BIG):
            break
        try:
            instance = plan.draw(dims, rng)
        except Exception:  # a missed draw
            continue
        if instance is None or check(problem, instance).status not in (HOLDS, FAILS):
            continue
        found.append(instance)
        big += any(v > 1 for v in dims.values())
    return found if big >= MIN_BIG else []


class _Evaluators:
    """One fast and one general evaluator per instance, shared by the answer and every candidate:
    the candidates are the reference transformed, so its parts are evaluated once per instance."""

    def __init__(self, layout: str):
        self.layout = layout
        self._by_instance: dict = {}

    def value(self, expr, instance):
        """The exact value (the general evaluator's form) of `expr` on `instance`; raises where undefined."""
        entry = self._by_instance.get(id(instance))
        if entry is None:  # the entry holds the instance, so its id stays its own
            entry = self._by_instance[id(instance)] = (instance, FastEvaluator(instance, self.layout),
                                                       Evaluator(instance, self.layout))
        _, fast, general = entry
        found = fast.values([expr])
        if found is not None:
            return to_domain(found[0])
        return general.value(expr)


def _values(expr, instances: list, layout: str, evaluators: _Evaluators | None = None) -> list | None:
    """Exact values of `expr` on every instance (None if undefined anywhere)."""
    evaluators = evaluators or _Evaluators(layout)
    out = []
    for instance in instances:
        try:
            out.append(evaluators.value(expr, instance))
        except Exception:  # undefined, unsupported or undecidable here: no match
            return None
    return out


def matches(answer, target, problem: Problem, instances: list, answer_values: list | None = None,
            checker: ShapeChecker | None = None, evaluators: _Evaluators | None = None) -> bool:
    """True when `answer == target` holds exactly on every instance; with a `checker`, shapes must
    also agree for general dimensions (the checker caches shapes, so share one across candidates;
    `evaluators` likewise remembers values across candidates)."""
    evaluators = evaluators or _Evaluators(problem.layout)
    if checker is not None:
        try:
            if not same_shape(checker.shape(answer), checker.shape(target)):
                return False
        except Exception:  # an ill-typed transformation is not the student's mistake
            return False
    if answer_values is None:
        answer_values = _values(answer, instances, problem.layout, evaluators)
    if answer_values is None:
        return False
    for instance, left in zip(instances, answer_values):  # one at a time: most candidates fail on the first
        right = _values(target, [instance], problem.layout, evaluators)
        if right is None or compare("==", left, right[0]) is not True:
            return False
    return True


ILL_TYPED_TARGET = "ill-typed"


@lru_cache(maxsize=256)
def reference_candidates(reference, shape: tuple, dims: frozenset, layout: str) -> tuple:
    """(message, target, target's shape) for every rule, in order: they depend on the reference alone,
    so they are built (and the retyping ones shape-checked) once per question, not once per answer.

    The shape is None where no general-dimension check is wanted (the rule keeps the reference's
    shape, or the reference is a scalar: the shape checker prints every scalar node it visits,
    slow for long sums, and evaluating a retyped candidate on the instances, sizes above 1, already
    fails when its shapes do not fit); ILL_TYPED_TARGET where the target has no shape.
    """
    checker = None if is_scalar_shape(shape) else ShapeChecker(layout)
    out = []
    for message, target in candidates(reference, shape, dims):
        target_shape = None
        if checker is not None and message in RETYPING:
            try:
                target_shape = checker.shape(target)
            except Exception:  # an ill-typed transformation is not the student's mistake
                target_shape = ILL_TYPED_TARGET
        out.append((message, target, target_shape))
    return tuple(out)


def find_hint(answer, reference, problem: Problem, counterexample_instances: list, deadline: float) -> str:
    """The first hint whose transformed reference equals the answer on every test instance, or ''."""
    instances = hint_instances(problem, counterexample_instances, deadline)
    evaluators = _Evaluators(problem.layout)
    answer_values = _values(answer, instances, problem.layout, evaluators) if instances else None
    if answer_values is None:
        return ""
    shape = problem.shape  # the reference's (and the answer's) shape, already checked
    answer_shape = None
    for message, target, target_shape in reference_candidates(reference, tuple(shape), frozenset(problem.dims),
                                                              problem.layout):
        if time.monotonic() >= deadline:
            return ""
        if target_shape is not None:
            if target_shape == ILL_TYPED_TARGET:
                continue
            if answer_shape is None:
                try:
                    answer_shape = ShapeChecker(problem.layout).shape(answer)
                except Exception:  # noqa: BLE001 - no shape, no retyping hint
                    answer_shape = ILL_TYPED_TARGET
            if answer_shape == ILL_TYPED_TARGET or not same_shape(answer_shape, target_shape):
                continue
        if matches(answer, target, problem, instances, answer_values, evaluators=evaluators):
            return message
    return ""


def instance_of(problem: Problem, counterexample) -> Instance | None:
    """The Instance behind a verdict's counterexample (names mapped back to symbols)."""
    by_name = {str(s): s for s in problem.dims | problem.scalar_symbols | problem.matrix_symbols}
    try:
        dims = {by_name[k]: int(v) for k, v in counterexample.dims.items()}
        # values are the engine's own SymPy objects (never text), so no conversion from strings
        values = {by_name[k]: (sympy.ImmutableMatrix(v) if isinstance(v, (list, sympy.MatrixBase)) else v)
                  for k, v in counterexample.values.items()}
    except (KeyError, TypeError, ValueError):
        return None
    instance = Instance(dims, values)
    return instance if check(problem, instance).status != ASSUMPTIONS_FAIL else None


__all__ = ["HINTS", "SYMBOL_HINTS", "candidates", "reference_candidates", "find_hint", "matches", "hint_instances", "instance_of"]
