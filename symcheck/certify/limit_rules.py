"""The checker's own limit rules, on normal forms: continuity, with two exact rewrites.

`Limits.limit(node)` is the value of Limit(f, t, a) when the rules below give it,
with the side conditions it needs (collected in `conditions`, each evident when the
checker's sign rules show it) and the identities it relies on (`identities`):

* finite a: every term c(t)·w(t) of f's normal form is continuous at a. The
  coefficient must be a rational function of t, in lowest terms P/Q with Q(a) ≠ 0
  (a condition); every atom that depends on t must be an inverse (B(t))⁻¹ whose
  polynomial's coefficients are continuous at a and whose B(a) is invertible:
  because the claim inverts B(a) outside its limits (it is only asserted where its
  inverses exist) or because B(a) is positive definite by `convexity` (with its
  coefficient conditions). Then the limit is f(a), term by term.
* a = ∞ (also -∞ for scalars): t = 1/μ with μ → 0⁺; an inverse whose polynomial is
  affine in t, (A + tB)⁻¹, is exactly μ·(μA + B)⁻¹ for t ≠ 0; then the finite rule
  at μ = 0. A scalar rational function is the special case with no inverse.
* push-through: when a term's inverse is not invertible at a, (αBᵀB + βI)⁻¹Bᵀ is
  rewritten Bᵀ(αBBᵀ + βI)⁻¹ everywhere and the finite rule is tried again; the
  identity f = rewritten f is then an obligation (`identities`).

* c·Bᵗ at +∞ (`geometric`): 0 under the condition 1 − |B| > 0.

Trace holders that depend on t, or any other atom that does (a pseudo-inverse, an
opaque function), are outside these rules.
"""
from __future__ import annotations

import sympy

from .geometric import zero_conditions
from .ncpoly import Rejected
from .normal import MPoly, Normal


def evident(signs, c, relation: str) -> bool:
    """The condition `c relation 0` follows from the claim's signs alone (`>` or `!=`)."""
    if relation == ">":
        return signs.positive(c)
    return relation == "!=" and signs.nonzero(c)


class NoLimit(Rejected):
    """Outside the checker's limit rules."""


class NotInvertible(NoLimit):
    """An inverse that the rules do not show to exist at the limit point."""


class Limits:
    """The checker's limit rules for one claim: continuity, the t = 1/μ rewrite at ∞, push-through."""

    def __init__(self, n: Normal, convexity, signs):
        self.n = n
        self.convexity = convexity
        self.signs = signs
        self.conditions: list = []     # (normal scalar, relation, evident)
        self.identities: list = []     # (MPoly, MPoly): body = pushed body

    # -- the Normal rule ------------------------------------------------------------
    def rule(self, n: Normal, node):
        """The normal-form rule for a `Limit` node: its body's limit in its variable at its point."""
        body, var, point = node.args[0], node.args[1], node.args[2]
        if not isinstance(var, sympy.Symbol):
            raise NoLimit(f"a limit in {var}")
        value = n.value(body)
        return self.limit(value, var, point)

    def limit(self, value, t, point):
        """The limit of a normal-form value as `t` tends to `point`, or NoLimit."""
        n = self.n
        if point == sympy.oo and not isinstance(value, MPoly) and sympy.sympify(value).has(t):
            self._holders_free_of(sympy.sympify(value), t)
            conditions = zero_conditions(value, t)  # c·Bᵗ → 0 for |B| < 1
            if conditions is not None:
                self.conditions.extend((c, rel, evident(self.signs, c, rel)) for c, rel in conditions)
                return sympy.S.Zero
        p = n.as_poly(value)
        if point in (sympy.oo, -sympy.oo):
            if point == -sympy.oo and not self._scalar(p):
                raise NoLimit("a matrix limit at -oo")
            mu = sympy.Dummy("mu", positive=True)
            p = self._at_infinity(p, t, mu, -1 if point == -sympy.oo else 1)
            out = self._at_point(p, mu, sympy.S.Zero)
            return out if isinstance(value, MPoly) else n.as_scalar(out)
        if point.has(sympy.oo, -sympy.oo, sympy.zoo, sympy.nan) or point.has(t):
            raise NoLimit(f"a limit point {point}")
        try:
            out = self._at_point(p, t, point)
        except NotInvertible:
            pushed = self._push_through(p)
            if pushed is None:
                raise
            out = self._at_point(pushed, t, point)
            self.identities.append((p, pushed))
        return out if isinstance(value, MPoly) else n.as_scalar(out)

    def _holders_free_of(self, c, t) -> None:
        """No trace, determinant or opaque holder in c stands for something that depends on t."""
        for s in c.free_symbols:
            if s in self.n.info and self.n.meaning(s).has(t):
                raise NoLimit("a trace that depends on the limit variable")

    def _scalar(self, p: MPoly) -> bool:
        return set(p.terms) <= {()}

    # -- finite point -----------------------------------------------------------------
    def _coefficient(self, c, t, point):
        c = sympy.sympify(c)
        if not c.has(t):
            return c
        for s in c.free_symbols:
            if s in self.n.info and self.n.meaning(s).has(t):
                raise NoLimit("a trace that depends on the limit variable")
        if not c.is_rational_function(t):
            raise NoLimit(f"{sympy.sstr(c)} is not a rational function of {t}")
        num, den = sympy.fraction(sympy.cancel(sympy.together(c)))
        at = sympy.expand(den.xreplace({t: point}))
        if at == 0:
            raise NoLimit("a denominator vanishes at the limit point")
        self.conditions.append((at, "!=", self.signs.nonzero(at)))
        return sympy.cancel(num.xreplace({t: point}) / at)

    def _at_point(self, p: MPoly, t, point) -> MPoly:
        n = self.n
        out = n.zero(p.rows, p.cols)
        for w, c in p.terms.items():
            term = n.const(p.rows, p.rows, self._coefficient(c, t, point))
            for key in w:
                term = n.mul(term, self._atom_at(key, t, point))
            out = n.add(out, term)
        return out

    def _atom_at(self, key: str, t, point) -> MPoly:
        n = self.n
        a = n.atoms[key]
        if not a.expr.has(t):
            return MPoly(a.rows, a.cols, {(key,): sympy.S.One})
        if a.kind != "inverse":
            raise NoLimit(f"{sympy.sstr(a.expr)} is not known to be continuous in {t}")
        inner = self._at_point(a.arg, t, point)
        self._invertible(inner)
        return n.inverse(inner)

    def _invertible(self, p: MPoly) -> None:
        if p.is_zero():
            raise NotInvertible("the inverse of a zero matrix")
        if self.n.normalised_key(p) in self.convexity.inverted:
            return
        verdict = self.convexity.positive_definite(p)
        if verdict is None:
            raise NotInvertible(f"the inverse of {sympy.sstr(self.n.expr(p))} may not exist at the limit point")
        self.conditions.extend(verdict)

    # -- infinity -----------------------------------------------------------------------
    def _at_infinity(self, p: MPoly, t, mu, direction: int) -> MPoly:
        """p with t = direction/μ and every inverse (A + tB)⁻¹ = μ·(μA + B)⁻¹ (direction 1)."""
        n = self.n
        out = n.zero(p.rows, p.cols)
        for w, c in p.terms.items():
            c = sympy.sympify(c)
            term = n.const(p.rows, p.rows, sympy.cancel(sympy.together(c.xreplace({t: direction / mu}))))
            for key in w:
                term = n.mul(term, self._atom_at_infinity(key, t, mu, direction))
            out = n.add(out, term)
        return out

    def _atom_at_infinity(self, key: str, t, mu, direction: int) -> MPoly:
        n = self.n
        a = n.atoms[key]
        if not a.expr.has(t):
            return MPoly(a.rows, a.cols, {(key,): sympy.S.One})
        if a.kind != "inverse" or direction != 1:
            raise NoLimit(f"{sympy.sstr(a.expr)} at infinity")
        fixed, moving = {}, {}
        for w, c in a.arg.terms.items():
            try:
                poly = sympy.Poly(sympy.expand(c), t) if sympy.sympify(c).has(t) else None
            except sympy.PolynomialError as exc:
                raise NoLimit("an inverse that is not affine in the limit variable") from exc
            if poly is None:
                fixed[w] = c
                continue
            if poly.degree() > 1 or any(s in self.n.info and self.n.meaning(s).has(t) for s in c.free_symbols):
                raise NoLimit("an inverse that is not affine in the limit variable")
            fixed_part, slope = poly.coeff_monomial(1), poly.coeff_monomial(t)
            if fixed_part != 0:
                fixed[w] = fixed_part
            if slope != 0:
                moving[w] = slope
        inner = {w: mu * c for w, c in fixed.items()}  # μA + B
        for w, c in moving.items():
            inner[w] = inner.get(w, sympy.S.Zero) + c
        return n.scale(n.inverse(MPoly(a.rows, a.cols, {w: c for w, c in inner.items() if c != 0})), mu)

    # -- push-through ---------------------------------------------------------------------
    def _push_through(self, p: MPoly) -> MPoly | None:
        """Every (αBᵀB + βI)⁻¹·Bᵀ rewritten Bᵀ·(αBBᵀ + βI)⁻¹, or None when there is none."""
        n = self.n
        out, changed = n.zero(p.rows, p.cols), False
        for w, c in p.terms.items():
            term = n.const(p.rows, p.rows, c)
            i = 0
            while i < len(w):
                swapped = self._push(w[i], w[i + 1]) if i + 1 < len(w) else None
                if swapped is not None:
                    term, changed, i = n.mul(term, swapped), True, i + 2
                else:
                    term, i = n.mul(term, MPoly(n.atoms[w[i]].rows, n.atoms[w[i]].cols, {(w[i],): sympy.S.One})), i + 1
            out = n.add(out, term)
        return out if changed else None

    def _push(self, inv_key: str, bt_key: str) -> MPoly | None:
        n = self.n
        a = n.atoms[inv_key]
        if a.kind != "inverse" or len(a.arg.terms) != 2 or () not in a.arg.terms:
            return None
        gram = next(w for w in a.arg.terms if w)
        b_key = n.transpose_key(bt_key)
        if b_key is None or gram != (bt_key, b_key):
            return None
        alpha, beta = a.arg.terms[gram], a.arg.terms[()]
        b = n.atoms[b_key]
        inner = MPoly(b.rows, b.rows, {(b_key, bt_key): alpha, (): beta})
        bt = MPoly(n.atoms[bt_key].rows, n.atoms[bt_key].cols, {(bt_key,): sympy.S.One})
        return n.mul(bt, n.inverse(inner))


__all__ = ["Limits", "NoLimit", "NotInvertible"]
