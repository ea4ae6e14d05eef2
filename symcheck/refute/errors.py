"""Why an expression has no value on an instance: the three errors of exact evaluation.

`Undefined`: no value here (a singular inverse, the log of a nonpositive number, 1/0);
such an instance says nothing about the claim. `Undecided` (a kind of Undefined): a sign
needed on the way could not be decided exactly. `NotEvaluable` (a kind of Undefined): the
evaluator has no rule for the construct. `InfiniteLimit` (a kind of Undefined): a limit that is
exactly +∞ or −∞.
"""
from __future__ import annotations


class Undefined(Exception):
    """The expression has no value on this instance (singular inverse, log of x <= 0, 1/0, ...)."""


class Undecided(Undefined):
    """A sign needed on the way could not be decided exactly (e.g. a transcendental tie)."""


class NotEvaluable(Undefined):
    """The evaluator has no rule for this construct (or it is not exact, such as a float)."""


class InfiniteLimit(Undefined):
    """A limit that is +∞ or −∞, decided exactly: no value inside an expression, but a whole side
    `Limit(...)` of a claim is compared with it (`check`)."""

    def __init__(self, sign: int):
        super().__init__(f"the limit is {'+' if sign > 0 else '-'}∞")
        self.sign = sign


__all__ = ["Undefined", "Undecided", "NotEvaluable", "InfiniteLimit"]
