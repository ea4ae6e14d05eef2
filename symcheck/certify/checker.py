"""The independent proof checker: does this certificate prove this claim?

Trusts nothing the prover says except as a proposal. For a matrix proof
(`symcheck-ncgb/1`, docs/certificates.md) it

1. re-translates the claim (lhs, rhs, assumptions) into the certificate's letters
   with its own translator (`retranslate`), binding every matrix symbol, inverse
   and power of the claim to the letter that must mean it;
2. re-derives every hypothesis the claim grants (inverse relations of the claim's
   inverses, symmetric / orthogonal / diagonal / invertible predicates, matrix
   `Eq` assumptions, their transposes) and rejects any certificate hypothesis
   outside that set, whatever its `kind` says;
3. checks every word is well typed for general dimensions and re-expands
   Σ c·a·h·b exactly (`ncpoly`, coefficients in ℚ(generators));
4. compares the sum with its own lhs − rhs, block by block, or for a scalar claim
   applies the checked trace rewrites until lhs − rhs is 0;
5. factors every coefficient denominator and shows each factor nonzero under the
   assumptions (a sign argument of its own, or a divisor of a claim denominator).

Induction certificates are checked as base and step; reduction certificates
(`symcheck-reduction/1`) are re-derived from the claim with the checker's own rules
(`rederive`: derivatives, expectations, argmin, limits, entrywise, determinants) and
every obligation's certificate checked against the checker's obligation; scalar
certificates in `scalar_check`. No prover or refuter code is imported.

This module dispatches on the certificate's format and checks induction; the pieces live
in their own modules: `ncgb_check` (matrix identities: steps 2-4), `trace_check` (scalar
claims: traces and 1×1 words), `denominators` (step 5), `ground_check` (closed claims),
`scalar_check`, `rederive` (reductions), `retranslate` (step 1) and `view` (the claim).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import sympy
from sympy.matrices.expressions import MatrixExpr

from .assumed_traces import add_assumed_traces
from .det_rules import prime_inverses
from .domains import require_real
from .ground_check import IrrationalEntry, check_ground
from .ncgb_check import check_matrix_identity
from .ncpoly import Dim, Rejected
from .positivity import FORMAT as POSITIVITY_FORMAT, check_positivity
from .powers import monotone_inverses
from .rederive import check_reduction
from .retranslate import CheckerTranslator, Context, Induction
from .scalar_check import check_scalar
from .trace_check import check_trace_identity
from .view import ClaimView, least_integer_value, symmetric_symbols

NCGB_FORMAT = "symcheck-ncgb/1"
REDUCTION_FORMAT = "symcheck-reduction/1"
SCALAR_FORMAT = "symcheck-scalar/1"
GROUND_FORMAT = "symcheck-ground/1"


@dataclass
class CheckResult:
    """The checker's answer: accepted or not, why, what it verified and what it took on trust."""

    accepted: bool
    reason: str
    checked: list = field(default_factory=list)   # what was verified, one line each
    trusted: list = field(default_factory=list)   # steps taken on trust (reductions, z3)
    seconds: float = 0.0


def check_certificate(cert, claim) -> CheckResult:
    """Accept or reject `cert` as a proof of `claim` (a Claim, or a ClaimView)."""
    start = time.monotonic()
    view = claim if isinstance(claim, ClaimView) else ClaimView.of(claim)
    checked, trusted = [], []
    try:
        require_real(view)
        _check(cert, view, checked, trusted)
        result = CheckResult(True, "accepted", checked, trusted)
    except Rejected as exc:
        result = CheckResult(False, str(exc), checked, trusted)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        result = CheckResult(False, f"malformed certificate: {type(exc).__name__}: {exc}", checked, trusted)
    except RecursionError:
        result = CheckResult(False, "malformed certificate: nested too deeply", checked, trusted)
    except Exception as exc:  # noqa: BLE001 - whatever a hostile certificate provokes is a rejection
        result = CheckResult(False, f"the checker could not use the certificate: {type(exc).__name__}: {exc}",
                             checked, trusted)
    result.seconds = time.monotonic() - start
    return result


def _scalar_sides(view: ClaimView) -> bool:
    return all(isinstance(e, sympy.Expr) and not isinstance(e, MatrixExpr) and not e.has(MatrixExpr)
               for e in (view.lhs, view.rhs))


def _sides_only(view: ClaimView) -> dict:
    """A `symcheck-scalar/1` certificate naming only the claim's sides: everything else the checker re-derives."""
    return {"format": SCALAR_FORMAT, "relation": view.relation, "lhs": sympy.srepr(view.lhs),
            "rhs": sympy.srepr(view.rhs), "split": [], "steps": []}


def _check(cert, view: ClaimView, checked: list, trusted: list) -> None:
    """Check `cert` against `view` by its format; raises Rejected with the reason."""
    if not isinstance(cert, dict):
        raise Rejected("no certificate")
    fmt = cert.get("format")
    if fmt == REDUCTION_FORMAT:
        return _check_reduction(cert, view, checked, trusted)
    if fmt == SCALAR_FORMAT:
        return check_scalar(cert, view, checked, trusted)
    if fmt == GROUND_FORMAT:
        try:
            return check_ground(cert, view, checked)
        except IrrationalEntry:  # log 2 + log 3 = log 6, log(√2 − 1) < 0: closed, scalar, not rational
            if not _scalar_sides(view):
                raise
            checked.append("the closed claim has entries that are not rational: re-derived as a scalar claim")
            return check_scalar(_sides_only(view), view, checked, trusted)
    if fmt == POSITIVITY_FORMAT:
        return check_positivity(cert, view, checked, trusted)
    if fmt != NCGB_FORMAT:
        raise Rejected(f"unknown certificate format {fmt!r}")
    if view.relation != "==":
        raise Rejected("a Groebner certificate proves an equation, but the claim's relation is " + view.relation)
    if "induction" in cert:
        return _check_induction(cert, view, checked)
    ctx = Context.read(cert)
    t = CheckerTranslator(ctx, least_integer=lambda s: least_integer_value(s, view),
                          symmetric=symmetric_symbols(view))
    add_assumed_traces(ctx, t, view.relations)
    if ctx.dets or ctx.det_steps:
        prime_inverses(t, view)
    if _is_scalar(view, t):
        return check_trace_identity(cert, ctx, view, t, checked)
    return check_matrix_identity(cert, ctx, view, t, checked)


def _is_scalar(view: ClaimView, t: CheckerTranslator) -> bool:
    """Scalars and 1×1 matrices are scalar claims (a 1×1 matrix is its own trace). The shape is the
    checker's own translation's: SymPy's is wrong for a flattened product such as xᵀB(xᵀx)."""
    side = view.lhs
    if not isinstance(side, MatrixExpr):
        return True
    g = t.grid(side)
    return g.rows == [Dim.of(1)] and g.cols == [Dim.of(1)]


# ---------------------------------------------------------------------------
# Induction and reductions
# ---------------------------------------------------------------------------


def _check_induction(cert: dict, view: ClaimView, checked: list) -> None:
    """Base case checked as a certificate of its own; the step as a matrix identity with the hypothesis granted."""
    ind = cert["induction"]
    var = next((s for s in (view.lhs.free_symbols | view.rhs.free_symbols) if s.name == ind.get("variable")), None)
    if var is None:
        raise Rejected(f"the induction variable {ind.get('variable')!r} is not in the claim")
    least, start = least_integer_value(var, view), ind.get("start")
    if least is None or not isinstance(start, int) or not 0 <= start <= least:
        raise Rejected(f"induction from {var} = {start} does not cover every {var} the assumptions allow")
    base_view = view.with_sides(view.lhs.xreplace({var: start}), view.rhs.xreplace({var: start}))
    _check(ind["base"], base_view, checked, [])
    checked.append(f"base case {var} = {start} checked")
    step = ind["step"]
    ctx = Context.read(step)
    t = CheckerTranslator(ctx, Induction(var, monotone_inverses((view.lhs, view.rhs), var)),
                          symmetric=symmetric_symbols(view))
    add_assumed_traces(ctx, t, view.relations)
    hypothesis = t.difference(view.lhs, view.rhs)
    extra = [(b, "the induction hypothesis") for row in hypothesis.blocks for b in row if not b.is_zero()]
    step_view = view.with_sides(view.lhs.xreplace({var: var + 1}), view.rhs.xreplace({var: var + 1}))
    check_matrix_identity(step, ctx, step_view, t, checked, extra)
    checked.append(f"step {var} -> {var} + 1 checked; by induction the claim holds for every {var} >= {start}")


def _check_reduction(cert: dict, view: ClaimView, checked: list, trusted: list) -> None:
    """A reduction re-derived by the checker's own rules, each obligation checked with `_check`."""
    check_reduction(cert, view, checked, trusted, _check)


__all__ = ["check_certificate", "least_integer_value", "GROUND_FORMAT", "CheckResult", "ClaimView", "NCGB_FORMAT",
           "REDUCTION_FORMAT", "SCALAR_FORMAT"]
