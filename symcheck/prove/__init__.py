"""Provers. Each engine answers one question through one small interface:

    engine.attempt(problem, deadline) -> Verdict | None

`problem` is a `symcheck.model.problem.Problem`; `deadline` an absolute
`time.monotonic()` value the engine should respect. An engine returns a `proved`
verdict only from a symbolic argument that covers every dimension and every value
allowed by the assumptions; it returns `None` when the claim is outside its reach
and `unknown` (with what it tried) when it gave up. Engines never refute: only the
refuter does, with an exactly re-checked counterexample.
"""
from __future__ import annotations

from typing import Protocol

from ..model.problem import Problem
from ..verdict import Verdict


class Engine(Protocol):
    name: str

    def attempt(self, problem: Problem, deadline: float) -> Verdict | None: ...
