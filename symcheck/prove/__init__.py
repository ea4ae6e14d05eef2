"""Provers. Each engine answers one question through one small interface:

    engine.attempt(problem, deadline) -> Verdict | None

`problem` is a `symcheck.model.problem.Problem`; `deadline` an absolute
`time.monotonic()` value the engine should respect. An engine returns a `proved`
verdict only from a symbolic argument that covers every dimension and every value
allowed by the assumptions; it returns `None` when the claim is outside its reach
and `unknown` (with what it tried) when it gave up. An engine may return `refuted`
only with a counterexample; the dispatcher re-checks it from scratch before use.

A reduction rewrites a claim with constructs the engines do not read (a
Derivative, an expectation, an argmin) into plain obligations:

    reduction.reduce(problem, deadline) -> Reduced | None

The claim is proved when every obligation is. Each reduction must be exact: its
obligations together must imply the claim for every dimension and allowed value.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ..model.problem import Problem
from ..verdict import Verdict


class Engine(Protocol):
    """A prover: answers one question about a Problem through `attempt`."""
    name: str

    def attempt(self, problem: Problem, deadline: float) -> Verdict | None:
        """A verdict (proved only from a symbolic argument), or None when the claim is outside its reach."""


@dataclass
class Reduced:
    """What a reduction leaves to prove: plain obligations, with its steps and its own checkable data."""
    obligations: list[Problem]
    steps: list[str] = field(default_factory=list)  # human-readable, for certificates and `explain`
    certificate: dict = field(default_factory=dict)  # the reduction's own checkable data


class Reduction(Protocol):
    """A rewrite of a claim with a construct the provers do not read into plain obligations."""
    name: str

    def reduce(self, problem: Problem, deadline: float) -> Reduced | None:
        """The obligations that together imply the claim, or None when the construct is not in it."""
