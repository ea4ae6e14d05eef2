"""A premise of a matrix proof: a polynomial granted to be zero, with its kind and origin.

Premises come from the inverses a claim takes (Z·P − I), the assumptions (symmetric A:
Aᵀ − A), the Penrose equations of a pseudo-inverse, a power commuting with its base and an
induction hypothesis, and relations lifted into a component of a structured letter
(`structured.lift_premises`); the Gröbner basis is completed from them, and the certificate names
each by its `kind` and `origin`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .ncalg import NCPoly


@dataclass
class Premise:
    """poly = 0 is granted; `kind` says why (inverse-right, symmetric, penrose, assumption, ...)."""

    poly: NCPoly
    kind: str        # inverse-right, inverse-left, symmetric, orthogonal, diagonal, assumption, lift, ...
    origin: str      # human text: "inverse-right of Z1", "symmetric A", "assumption Eq(P*P, P)"
    lift: dict | None = field(default=None, compare=False)  # a lifted premise: how (`structured.lift_premises`)


__all__ = ["Premise"]
