"""Denominators of a certificate's coefficients: each factor shown nonzero under the claim's assumptions.

A certificate's coefficients live in ℚ(generators); dividing by a factor is sound only
where it is nonzero. A factor is accepted when a sign argument of the checker's own
shows it nonzero (`nonzero_by_sign`: every term of one sign, every variable of known
sign from the assumptions alone, `assumed_signs`), or when it divides a denominator of
the claim itself (the claim says nothing where that is zero).
"""
from __future__ import annotations

import sympy

from .ncpoly import Rejected
from .retranslate import CheckerTranslator, Context
from .view import ClaimView


def _coefficients(cert: dict, ctx: Context):
    """Every coefficient text of the certificate's targets and rewrites."""
    for target in cert.get("targets", []):
        for term in target.get("terms", []):
            yield term["coeff"]
    for rw in cert.get("rewrites", []):
        for term in rw.get("terms", []):
            yield term["coeff"]


def assumed_signs(view: ClaimView, ctx: Context, t: CheckerTranslator) -> dict:
    """symbol -> 'positive' / 'nonnegative' / 'negative' / 'nonpositive', from the assumptions only."""
    signs = {}
    atoms = {s for s, _ in ctx.atoms.values()} | ctx.atom_symbols  # an atom's declared sign is not trusted
    known = [s for s in ctx.field.symbols if s not in atoms] + sorted(t.roots_used, key=str)
    for sym, _value, name, args in ctx.functions:  # exp of a real value is positive (every generator is real)
        if name == "exp" and all(ctx.field.as_expr(a).is_real is not False for a in args):
            signs[sym] = "positive"
    for sym in known:
        for word in ("positive", "negative", "nonnegative", "nonpositive"):
            if getattr(sym, f"is_{word}"):
                signs.setdefault(sym, word)
    for sym in atoms:  # an atom's declared sign is not trusted: tr(u uᵀ) >= 0 is
        if ctx.is_gram_atom(sym):
            signs[sym] = "nonnegative"
    for name, args in view.predicates:
        if name in ("positive", "negative", "nonnegative", "nonpositive") and args and args[0] in known:
            signs[args[0]] = name
    strict = {sympy.StrictGreaterThan: "positive", sympy.GreaterThan: "nonnegative",
              sympy.StrictLessThan: "negative", sympy.LessThan: "nonpositive"}
    flip = {"positive": "negative", "negative": "positive", "nonnegative": "nonpositive", "nonpositive": "nonnegative"}
    for rel in view.relations:
        word = strict.get(type(rel))
        if word and rel.rhs == 0 and rel.lhs in known:
            signs[rel.lhs] = word
        elif word and rel.lhs == 0 and rel.rhs in known:
            signs[rel.rhs] = flip[word]
    for base in t.roots_used:
        if signs.get(base) not in ("positive", "nonnegative"):
            raise Rejected(f"the certificate writes {base} = s**2, but {base} is not known to be nonnegative")
        root = ctx.field.symbols[ctx.field.ids.index(ctx.roots[base.name][0])]
        signs[root] = "positive" if signs.get(base) == "positive" else "nonnegative"
    return signs


def nonzero_by_sign(factor: sympy.Expr, signs: dict) -> bool:
    """All terms of one sign, every variable of known sign, one term strictly nonzero: the sum is nonzero."""
    flips = {s: -s for s, w in signs.items() if w in ("negative", "nonpositive")}
    poly = sympy.Poly(sympy.expand(factor.xreplace(flips)), *sorted(factor.free_symbols, key=str)) \
        if factor.free_symbols else None
    if poly is None:
        return factor != 0
    gens = poly.gens
    if any(g not in signs for g in gens):
        return False
    coeffs = poly.coeffs()
    if not (all(c > 0 for c in coeffs) or all(c < 0 for c in coeffs)):
        return False
    strict = {g for g in gens if signs[g] in ("positive", "negative")}
    return any(all(e == 0 or g in strict for g, e in zip(gens, monom)) for monom in poly.monoms())


def check_denominators(cert: dict, ctx: Context, t: CheckerTranslator, view: ClaimView, checked: list) -> None:
    """Every factor of every coefficient denominator is nonzero under the assumptions, else Rejected."""
    signs = assumed_signs(view, ctx, t)
    # A value the claim divides by is nonzero where the claim is defined, and so are the numerator and the
    # denominator of its lowest terms (a defined value's reduced denominator does not vanish).
    claim_dens = [sympy.factor_list(part.as_expr())[1] for d in t.claim_denominators for part in (d.numer, d.denom)
                  if not part.is_ground]
    claim_factors = [f for fl in claim_dens for f, _ in fl]
    seen = set()
    for text in _coefficients(cert, ctx):
        den = ctx.field.coeff(text).denom
        if den.is_ground:
            continue
        for f, _ in sympy.factor_list(den.as_expr())[1]:
            if f in seen:
                continue
            seen.add(f)
            if nonzero_by_sign(f, signs):
                continue
            if any(sympy.expand(f - g) == 0 or sympy.expand(f + g) == 0 for g in claim_factors):
                continue
            raise Rejected(f"the certificate divides by {f}, which the checker cannot show nonzero "
                           "under the assumptions")
    if seen:
        checked.append(f"{len(seen)} denominator factor(s) shown nonzero: " + ", ".join(str(f) for f in seen))


__all__ = ["check_denominators", "assumed_signs", "nonzero_by_sign"]
