"""A premise of a matrix proof: a polynomial granted to be zero, with its kind and origin.

Premises come from the inverses a claim takes (Z·P − I), the assumptions (symmetric A:
Aᵀ − A), the Penrose equations of a pseudo-inverse, a power commuting with its base and an
induction hypothesis; the Gröbner basis is completed from them, and the certificate names
each by its `kind` and `origin`.
"""
from __future__ import annotations

from dataclasses import dataclass

from .ncalg import NCPoly


@dataclass
class Premise:
    """poly = 0 is granted; `kind` says why (inverse-right, symmetric, penrose, assumption, ...)."""

    poly: NCPoly
    kind: str        # inverse-right, inverse-left, symmetric, orthogonal, diagonal, assumption, transpose, ...
    origin: str      # human text: "inverse-right of Z1", "symmetric A", "assumption Eq(P*P, P)"


__all__ = ["Premise"]
