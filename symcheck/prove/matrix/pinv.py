"""The matrix prover's rule for the Moore–Penrose pseudo-inverse X⁺ (`pinv(X)`).

The construct itself is `PseudoInverse` (`symcheck.model.constructs`), its shape rule is in
`model.shapes` and its exact value over ℚ in `refute.constructs_eval`. This module owns the
proof rule: X⁺ is a letter of kind `pinv` with the four Penrose equations
X X⁺ X = X, X⁺ X X⁺ = X⁺, (X X⁺)ᵀ = X X⁺, (X⁺ X)ᵀ = X⁺ X as premises of kind
`penrose`, granted unconditionally (X⁺ exists and is unique for every real X); its
transpose letter is (Xᵀ)⁺ = (X⁺)ᵀ, the same letter when X is symmetric.

The rule is exported as `PSEUDO_INVERSE_GRID_RULES`, which `translate` merges into its
`GRID_RULES`. A rule receives the `MatrixTranslator` as `t` (this module sits below the
translator, so it does not import it).
"""
from __future__ import annotations

from types import MappingProxyType

from sympy.matrices.expressions import Transpose

from ...model.constructs import PseudoInverse
from .grid import Grid
from .ncalg import Letter, NCPoly
from .premise import Premise
from .structured import kron_pinv


def pinv_letter(t, poly: NCPoly, meaning) -> int:
    """The letter for poly⁺ (and its transpose (polyᵀ)⁺), with the Penrose equations on first use."""
    cache = t.pinv_of
    key = poly.key()
    if key in cache:
        return cache[key]
    polyT = poly.transpose(t.alphabet)
    shown = poly.show(t.alphabet)
    name = t.unique_name(f"{shown}^+" if len(poly.terms) == 1 and len(next(iter(poly.terms))) == 1
                         and next(iter(poly.terms.values())).is_one() else f"W{len(cache) + 1}")
    p = t.alphabet.add(Letter(name, poly.dst, poly.src, meaning, "pinv", note=f"the pseudo-inverse of {shown}"))
    cache[key] = p
    if polyT.key() != key:
        pt = t.alphabet.add(Letter(t.unique_name(name + "^T"), poly.src, poly.dst, Transpose(meaning), "pinv",
                                   note=f"the pseudo-inverse of {polyT.show(t.alphabet)} (the transpose of {name})"))
        t.alphabet.link_transposes(p, pt)
        cache[polyT.key()] = pt
    t.pinv_poly[p] = poly
    if polyT.key() != key:
        t.pinv_poly[cache[polyT.key()]] = polyT
    t.premises.extend(penrose_premises(t, p, poly, name))
    return p


def penrose_premises(t, p: int, poly: NCPoly, name: str) -> list:
    """The four Penrose equations of the letter p = poly⁺, as premises (those not already 0)."""
    P = NCPoly.letter(t.alphabet, p, t.field)
    AP, PA = poly * P, P * poly
    eqs = [(AP * poly - poly, f"{name}: X X+ X = X"), (PA * P - P, f"{name}: X+ X X+ = X+"),
           (AP.transpose(t.alphabet) - AP, f"{name}: (X X+)^T = X X+"),
           (PA.transpose(t.alphabet) - PA, f"{name}: (X+ X)^T = X+ X")]
    return [Premise(t.atoms.extract_loops(h), "penrose", origin) for h, origin in eqs if not h.is_zero()]


def _pseudo_inverse_grid(t, expr: PseudoInverse) -> Grid:
    poly = t.poly(expr.arg)
    kron = kron_pinv(t, poly, pinv_letter)
    if kron is not None:  # (A ⊗ B)⁺ = A⁺ ⊗ B⁺
        return Grid.single(kron)
    return Grid.single(NCPoly.letter(t.alphabet, pinv_letter(t, poly, expr), t.field))


PSEUDO_INVERSE_GRID_RULES = MappingProxyType({PseudoInverse: _pseudo_inverse_grid})

__all__ = ["PSEUDO_INVERSE_GRID_RULES", "pinv_letter", "penrose_premises"]
