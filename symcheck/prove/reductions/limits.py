"""Limits: the `LimitReduction` replaces Limit(f, t, a) by its value when that value is certain.

Scalar f (no matrices), a rational function of t: f is brought to lowest terms P/Q
(`cancel`; the values agree wherever f is defined). At a finite point the limit is
P(a)/Q(a), with the side obligation Q(a) ≠ 0; at ±∞ it is 0 when deg P < deg Q and
the ratio of leading coefficients when the degrees agree, with the obligation that
Q's leading coefficient is nonzero. Anything else: declined.

Matrix f, finite point a, by continuity: f is built from products, sums, transposes,
traces, scalar rational coefficients and inverses, all continuous wherever the
inverses exist. So lim f = f(a) provided every inverse in f(a) exists — because the
claim itself inverts that matrix outside the limit (the claim is only asserted where
its inverses exist) or because it is positive definite by the rules of
`optimality.positive_definite` — and every scalar denominator is nonzero at a
(obligations). When f(a) fails that test, the push-through form
(BᵀB + cI)⁻¹Bᵀ = Bᵀ(BBᵀ + cI)⁻¹ is tried, with the identity as an obligation
(the minimum-norm limit of ridge regression for wide X).

Scalar f = c·Bᵏ (factors free of k or powers bᵢᵏ) at +∞: 0 when |B| < 1; and a claim
`Limit(c·Bᵏ, k, oo) == oo` (or −oo) is reduced to B > 1 and c > 0 (c < 0) (`geometric`).

Matrix f at +∞: t = 1/μ, every inverse affine in t is rewritten exactly as
(A + tB)⁻¹ = μ(μA + B)⁻¹ (t ≠ 0), the result must be polynomial in μ, and the
finite-point rule applies at μ = 0 (B must be invertible there).
"""
from __future__ import annotations

import sympy
from sympy import Basic
from sympy.matrices.expressions import Identity, Inverse, MatAdd, MatMul, MatrixExpr, Trace, ZeroMatrix

from ...model.problem import Problem
from ...model.show import show
from .. import Reduced
from .derivative import identical, is_matrix, mul, shape
from .geometric import geometric_zero, infinite_limit
from .optimality import Context, product_factors, positive_definite

NAME = "limits (continuity, rational functions)"


class NoLimit(Exception):
    """The limit is outside the rules."""


class Side:
    """Side obligations and steps collected while computing limits."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.obligations: list = []
        self.steps: list = []

    def nonzero(self, value) -> None:
        """Is the expression known nonzero near the point on this side?"""
        value = sympy.sympify(value)
        if value.is_zero is False or (value.is_number and value != 0):
            return
        if value.is_zero:
            raise NoLimit("a denominator vanishes at the limit point")
        self.obligations.append(self.problem.with_sides(value, sympy.S.Zero, "!="))

    def positive(self, value, relation: str) -> None:
        """Is the expression known positive near the point on this side?"""
        if (relation == ">" and value.is_positive) or (relation == ">=" and value.is_nonnegative):
            return
        self.obligations.append(self.problem.with_sides(value, sympy.S.Zero, relation))


# --- scalar rational limits ------------------------------------------------------------------------

def scalar_limit(f, t, point, side: Side):
    """The limit of a scalar expression at the point from this side; NoLimit when it cannot be found exactly."""
    if not f.has(t):
        return f
    if point == sympy.oo and not f.is_rational_function(t):
        obligations = geometric_zero(side.problem, f, t)  # c·Bᵏ → 0 for |B| < 1
        if obligations is not None:
            side.obligations.extend(obligations)
            side.steps.append(f"{show(f)} = c·B^{t} with |B| < 1 tends to 0")
            return sympy.S.Zero
    if not f.is_rational_function(t):
        raise NoLimit(f"{f} is not a rational function of {t}")
    num, den = sympy.fraction(sympy.cancel(sympy.together(f)))
    P, Q = sympy.Poly(num, t), sympy.Poly(den, t)
    if point in (sympy.oo, -sympy.oo):
        if P.degree() < Q.degree():
            side.nonzero(Q.LC())
            return sympy.S.Zero
        if P.degree() == Q.degree():
            side.nonzero(Q.LC())
            return P.LC() / Q.LC()
        raise NoLimit("the numerator grows faster")
    q_at = Q.as_expr().subs(t, point)
    side.nonzero(q_at)
    return sympy.cancel(P.as_expr().subs(t, point) / q_at)


# --- matrix limits by continuity -------------------------------------------------------------------

def clean(expr):
    """expr rebuilt bottom-up with zero terms and zero factors removed (no other evaluation)."""
    if not isinstance(expr, Basic) or not expr.args:
        return expr
    args = [clean(a) for a in expr.args]
    if isinstance(expr, MatAdd):
        kept = [a for a in args if not (a == 0 or isinstance(a, ZeroMatrix))]
        if not kept:
            return ZeroMatrix(*shape(expr))
        return kept[0] if len(kept) == 1 else MatAdd(*kept)
    if isinstance(expr, MatMul):
        if any(a == 0 or isinstance(a, ZeroMatrix) for a in args):
            return ZeroMatrix(*shape(expr))  # symcheck's shape: SymPy's is wrong for B·(xᵀx)
        return mul(*args)
    if isinstance(expr, Inverse) and isinstance(args[0], ZeroMatrix):
        raise NoLimit("the inverse of a zero matrix")
    if isinstance(expr, MatrixExpr) or isinstance(expr, Trace):
        return expr.func(*args)
    return expr.func(*args)


ALLOWED = (MatMul, MatAdd, Inverse, Trace, Identity, ZeroMatrix, sympy.Mul, sympy.Add, sympy.Pow,
           sympy.Symbol, sympy.Number, sympy.NumberSymbol)


def _continuous_at(raw, side: Side, inverted: set, ctx: Context) -> None:
    """Raise NoLimit unless every inverse in raw exists and every scalar denominator is nonzero.

    `raw` is the substituted expression before zero factors are dropped: an inverse
    multiplied by 0 must exist too (μ·(μA + B)⁻¹ tends to 0 only when B is invertible).
    """
    for node in sympy.preorder_traversal(raw):
        if isinstance(node, Inverse):
            arg = clean(node.arg)
            if product_factors(arg) in inverted:
                continue
            verdict = positive_definite(arg, ctx)
            if verdict is None:
                raise NoLimit(f"the inverse of {arg} may not exist at the limit point")
            for coeff, relation in verdict[0]:
                side.positive(coeff, relation)
        elif isinstance(node, sympy.Pow) and not is_matrix(node) and node.exp.is_negative:
            side.nonzero(node.base)
        elif not isinstance(node, ALLOWED) and not is_matrix(node) and not isinstance(node, sympy.Tuple) \
                and node.free_symbols and type(node).__name__ not in ("Transpose", "MatrixSymbol", "Str"):
            raise NoLimit(f"{type(node).__name__} is not known to be continuous")


def push_through(expr):
    """(BᵀB + cI)⁻¹Bᵀ → Bᵀ(BBᵀ + cI)⁻¹ wherever it occurs in a product."""
    if not isinstance(expr, Basic) or not expr.args:
        return expr
    args = [push_through(a) for a in expr.args]
    if not isinstance(expr, MatMul):
        return expr.func(*args)
    out, k = [], 0
    while k < len(args):
        a = args[k]
        nxt = args[k + 1] if k + 1 < len(args) else None
        swapped = _push(a, nxt) if nxt is not None else None
        if swapped is not None:
            out.extend(swapped)
            k += 2
        else:
            out.append(a)
            k += 1
    return mul(*out)


def _push(inverse, bt):
    if not isinstance(inverse, Inverse) or not isinstance(inverse.arg, MatAdd):
        return None
    gram = [t for t in inverse.arg.args if isinstance(t, MatMul) and product_factors(t) == (bt, bt.T)]
    rest = [t for t in inverse.arg.args if t not in gram]
    if len(gram) != 1 or len(rest) != 1:
        return None
    scaled = rest[0]
    coeff = scaled.args[0] if isinstance(scaled, MatMul) and len(scaled.args) == 2 \
        and isinstance(scaled.args[1], Identity) else (1 if isinstance(scaled, Identity) else None)
    if coeff is None:
        return None
    b = bt.T
    return [bt, Inverse(MatAdd(MatMul(b, bt), mul(coeff, Identity(b.shape[0]))))]


def _at_infinity(body, t):
    """body with t = 1/μ and affine inverses rewritten so that μ → 0 is a continuity question."""
    mu = sympy.Dummy("mu", positive=True)

    def rewrite(expr):
        if not isinstance(expr, Basic) or not expr.args:
            return expr
        args = [rewrite(a) for a in expr.args]
        if isinstance(expr, Inverse) and expr.arg.has(t):
            terms = expr.arg.args if isinstance(expr.arg, MatAdd) else (expr.arg,)
            fixed = [s for s in terms if not s.has(t)]
            moving = [s for s in terms if s.has(t)]
            scaled = []
            for s in moving:
                c = sympy.cancel(sympy.Mul(*[f for f in s.args if not is_matrix(f)]) / t) \
                    if isinstance(s, MatMul) else None
                if c is None or c.has(t):
                    raise NoLimit("an inverse that is not affine in the limit variable")
                scaled.append(mul(c, *[f for f in s.args if is_matrix(f)]))
            inner = MatAdd(*[mul(mu, s) for s in fixed], *scaled) if fixed else \
                (MatAdd(*scaled) if len(scaled) > 1 else scaled[0])
            return mul(mu, Inverse(inner))
        if isinstance(expr, MatMul):
            return mul(*args)
        return expr.func(*args)

    rewritten = rewrite(body)
    if rewritten.has(t):
        rewritten = rewritten.xreplace({t: 1 / mu})
    return rewritten, mu


def matrix_limit(body, t, point, side: Side, inverted: set, ctx: Context):
    """The limit of a matrix expression (continuity term by term, push-through at ∞); NoLimit otherwise."""
    if point == sympy.oo:
        rewritten, mu = _at_infinity(body, t)
        for node in sympy.preorder_traversal(rewritten):
            if isinstance(node, sympy.Pow) and node.has(mu) and node.base.has(mu) and node.exp.is_negative:
                raise NoLimit("a pole at infinity")
        raw = rewritten.xreplace({mu: 0})
        _continuous_at(raw, side, inverted, ctx)
        value = clean(raw)
        side.steps.append(f"{t} = 1/μ, (A + {t}B)⁻¹ = μ(μA + B)⁻¹, continuity at μ = 0")
        return value
    if point in (-sympy.oo,):
        raise NoLimit("a limit at -∞")
    last = None
    for candidate in (body, push_through(body)):
        try:
            raw = candidate.xreplace({t: point})
            trial = Side(side.problem)
            _continuous_at(raw, trial, inverted, ctx)
            value = clean(raw)
        except NoLimit as exc:
            last = exc
            continue
        side.obligations.extend(trial.obligations)
        if candidate != body:
            side.obligations.append(side.problem.with_sides(body, candidate, "=="))
            side.steps.append("push-through: (BᵀB + cI)⁻¹Bᵀ = Bᵀ(BBᵀ + cI)⁻¹")
        side.steps.append(f"continuity at {t} = {point}: every inverse exists there")
        return value
    raise last or NoLimit("no continuous form")


def replace_limits(expr, side: Side, inverted: set, ctx: Context):
    """The expression with every Limit replaced by its value."""
    if not isinstance(expr, Basic) or not expr.has(sympy.Limit):
        return expr
    args = [replace_limits(a, side, inverted, ctx) for a in expr.args]
    if isinstance(expr, sympy.Limit):
        body, t, point = args[0], args[1], args[2]
        if is_matrix(body) or body.has(MatrixExpr) or body.has(Trace):
            return matrix_limit(body, t, point, side, inverted, ctx)
        return scalar_limit(body, t, point, side)
    return expr.func(*args)


def _inverted_outside_limits(problem: Problem) -> set:
    found = set()

    def walk(expr):
        if isinstance(expr, sympy.Limit):
            return
        if isinstance(expr, Inverse):
            found.add(product_factors(expr.arg))
        for a in getattr(expr, "args", ()):
            if isinstance(a, Basic):
                walk(a)

    walk(problem.lhs)
    walk(problem.rhs)
    return found


class LimitReduction:
    """Replaces Limit(f, t, a) by its value: rational scalar limits, continuity for matrix limits."""

    name = NAME

    def reduce(self, problem: Problem, deadline: float) -> Reduced | None:
        """The claim with every limit replaced by its value plus the obligations that justify it; None without a limit."""
        if not (problem.lhs.has(sympy.Limit) or problem.rhs.has(sympy.Limit)):
            return None
        infinite = infinite_limit(problem)  # Limit(c·Bᵏ, k, oo) == ±oo: only side obligations
        if infinite is not None:
            obligations, step = infinite
            return Reduced(obligations, [step], {})
        side = Side(problem)
        ctx, inverted = Context(problem), _inverted_outside_limits(problem)
        ctx.inverted = inverted  # the Gram rule may only use inverses the claim takes outside the limit
        try:
            lhs = replace_limits(problem.lhs, side, inverted, ctx)
            rhs = replace_limits(problem.rhs, side, inverted, ctx)
        except (NoLimit, sympy.PolynomialError, sympy.polys.polyerrors.PolificationFailed):
            return None
        if lhs.has(sympy.Limit) or rhs.has(sympy.Limit):
            return None
        main = [] if identical(lhs, rhs, problem.relation) else [problem.with_sides(lhs, rhs)]
        steps = [*side.steps, f"limits evaluated: {show(lhs)} {problem.relation} {show(rhs)}"]
        return Reduced([*main, *side.obligations], steps, {"lhs": sympy.srepr(lhs), "rhs": sympy.srepr(rhs)})


__all__ = ["LimitReduction", "scalar_limit", "matrix_limit", "push_through", "NoLimit"]
