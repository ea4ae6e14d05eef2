"""Human-readable proof steps from a certificate (for `symcheck explain` and reports).

Reads only the certificate and the claim. For a matrix identity it names the
inverse letters, shows the "clearing" step a student would write when a side is
an inverse times something (push-through: multiply on the left by (XᵀX+λI) and on
the right by (XXᵀ+λI), then both sides expand to the same polynomial, checked here
with the checker's algebra), and writes lhs − rhs as the certificate's combination
of relations, each of which is 0. Reductions, induction and scalar certificates get
their own short forms.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import Identity, Inverse, MatMul, MatrixExpr

from .checker import NCGB_FORMAT, REDUCTION_FORMAT, SCALAR_FORMAT, ClaimView
from .ncpoly import Rejected
from .retranslate import Context, CheckerTranslator
from .srepr_reader import UnsafeSrepr, read_srepr

MAX_TERMS_SHOWN = 8


def show(expr) -> str:
    """A compact text for a SymPy (matrix) expression: X^T, (..)^-1, lambda."""
    text = sympy.sstr(expr)
    return text.replace(".T", "^T").replace("**(-1)", "^-1").replace("**", "^")


def explain(cert: dict, claim) -> list:
    """The proof as a list of sentences."""
    view = claim if isinstance(claim, ClaimView) else ClaimView.of(claim)
    lines = [f"Claim: {show(view.lhs)} {view.relation} {show(view.rhs)}"
             + (f" assuming {', '.join(_assumption(p) for p in view.predicates) or ''}"
                f"{', ' if view.predicates and view.relations else ''}{', '.join(show(r) for r in view.relations)}"
                if view.predicates or view.relations else "") + "."]
    lines += _explain(cert, view)
    return lines


# How an assumption reads in a sentence; positive definite includes symmetric (README, docs/constructs.md).
ASSUMPTION_PHRASES = {"positive_definite": "{} positive definite (hence symmetric)"}


def _assumption(pred) -> str:
    name, args = pred
    shown = ", ".join(show(a) for a in args)
    return ASSUMPTION_PHRASES[name].format(shown) if name in ASSUMPTION_PHRASES else f"{name}({shown})"


def _self_transposed(ctx: Context, view: ClaimView) -> list:
    """A sentence for each symbol the proof takes equal to its transpose, with the assumption that grants it."""
    lines = []
    for let in ctx.alphabet.letters.values():
        if let.kind != "symbol" or let.transpose != let.name or let.meaning is None:
            continue
        try:
            symbol = read_srepr(let.meaning)
        except UnsafeSrepr:
            continue
        why = next((_assumption((name, args)) for name, args in view.predicates
                    if args and args[0] == symbol and name in ("positive_definite", "symmetric", "diagonal")), None)
        if why is not None:
            lines.append(f"{show(symbol)}^T = {show(symbol)}: {why}.")
    return lines


def _explain(cert, view: ClaimView) -> list:
    if not isinstance(cert, dict):
        return ["No certificate: the proof cannot be shown."]
    fmt = cert.get("format")
    if fmt == REDUCTION_FORMAT:
        return _reduction(cert, view)
    if fmt == SCALAR_FORMAT:
        return list(cert.get("steps", [])) or [f"{cert.get('method')}."]
    if fmt != NCGB_FORMAT:
        return [f"Certificate of unknown format {fmt!r}."]
    if "induction" in cert:
        ind = cert["induction"]
        var = ind.get("variable")
        return ([f"By induction on {var}, from {var} = {ind.get('start')}.", f"Base case {var} = {ind.get('start')}:"]
                + ["  " + s for s in _explain(ind["base"], view)]
                + [f"Step: assume the claim for {var}; each power B^{var} is a letter commuting with B, and "
                   f"B^({var}+1) = B^{var}·B. The claim for {var}+1 then follows:"]
                + ["  " + s for s in _ncgb(ind["step"], None)])
    return _ncgb(cert, view)


def _reduction(cert: dict, view: ClaimView) -> list:
    lines = [f"Reduction ({cert.get('reduction')}):"] + ["  " + s for s in cert.get("steps", [])]
    for n, ob in enumerate(cert.get("obligations", [])):
        try:
            sub = view.with_sides(read_srepr(ob["lhs"]), read_srepr(ob["rhs"]), ob.get("relation"))
        except UnsafeSrepr:
            lines.append(f"Obligation {n + 1}: unreadable.")
            continue
        lines.append(f"Obligation {n + 1}: {show(sub.lhs)} {sub.relation} {show(sub.rhs)} ({ob.get('method')}):")
        lines += ["  " + s for s in _explain(ob.get("certificate"), sub)]
    return lines


# ---------------------------------------------------------------------------
# Matrix identities
# ---------------------------------------------------------------------------


def _ncgb(cert: dict, view: ClaimView | None) -> list:
    lines = []
    try:
        ctx = Context.read(cert)
    except Rejected as exc:
        return [f"Unreadable certificate: {exc}"]
    for let in ctx.alphabet.letters.values():
        if let.kind == "inverse" and let.inverse_of is not None:
            lines.append(f"Let {let.name} = ({let.inverse_of.show(ctx.field)})^-1.")
        elif let.kind == "opaque":
            lines.append(f"Let {let.name} stand for {show(read_srepr(let.meaning)) if let.meaning else 'a power'}.")
    if view is not None:
        lines += _self_transposed(ctx, view)
        lines += _clearing(ctx, view)
    hyps = [ctx.poly(h["poly"], "hypothesis") for h in cert.get("hypotheses", [])]
    origins = [h.get("origin", h.get("kind", "")) for h in cert.get("hypotheses", [])]
    for target in cert.get("targets", []):
        block = "" if target["block"] == [0, 0] and len(cert["targets"]) == 1 else f" (block {target['block']})"
        tp = ctx.poly(target["target"], "target")
        lines.append(f"lhs - rhs{block} = {tp.show(ctx.field)}.")
        if not target.get("terms"):
            lines.append("Both sides expand to the same polynomial, so the difference is 0.")
            continue
        used = sorted({t["hyp"] for t in target["terms"]})
        lines.append("Relations used (each is 0): " + "; ".join(
            f"{hyps[k].show(ctx.field)} = 0 [{origins[k]}]" for k in used) + ".")
        parts = []
        for term in target["terms"][:MAX_TERMS_SHOWN]:
            coeff = str(ctx.field.as_expr(ctx.field.coeff(term["coeff"])))
            coeff = "" if coeff == "1" else "-" if coeff == "-1" else f"({coeff})"
            left = "*".join(term["left"]) + "·" if term["left"] else ""
            right = "·" + "*".join(term["right"]) if term["right"] else ""
            parts.append(f"{coeff}{left}[{hyps[term['hyp']].show(ctx.field)}]{right}")
        more = f" + {len(target['terms']) - MAX_TERMS_SHOWN} more terms" if len(target["terms"]) > MAX_TERMS_SHOWN else ""
        lines.append(f"lhs - rhs{block} = " + " + ".join(parts).replace("+ -", "- ") + more +
                     ": expanding gives back lhs - rhs exactly, and every bracket is 0.")
    for rw in cert.get("rewrites", []):
        lines.append(_rewrite(rw))
    for d in cert.get("denominators", []):
        lines.append(f"The proof divides by {d.get('text')}, which is nonzero: {d.get('reason')}.")
    return lines


def _rewrite(rw: dict) -> str:
    kind = rw.get("kind")
    if kind == "cyclic":
        return f"tr({'*'.join(rw['from'])}) = tr({'*'.join(rw['to'])}) (the trace is invariant under rotation and transposition)."
    if kind == "identity":
        return f"tr(I_{rw['vertex']}) = {rw['value']}."
    if kind == "reduce":
        return f"tr({'*'.join(rw['word'])}) is rewritten with the relations (its difference from the reduced form is a combination of them)."
    return f"rewrite {kind}"


def _ends(expr):
    """(inverse at the left end, rest, inverse at the right end) of a product; None where absent."""
    if isinstance(expr, Inverse):
        return expr.arg, None, None
    if isinstance(expr, MatMul):
        mats = [a for a in expr.args if isinstance(a, MatrixExpr)]
        scalar = sympy.Mul(*[a for a in expr.args if not isinstance(a, MatrixExpr)])
        left = mats[0].arg if isinstance(mats[0], Inverse) else None
        right = mats[-1].arg if isinstance(mats[-1], Inverse) and len(mats) > 1 else None
        return left, (scalar, mats), right
    return None, None, None


def _clearing(ctx: Context, view: ClaimView) -> list:
    """Multiply both sides by the matrices whose inverses stand at the ends, and expand."""
    if not isinstance(view.lhs, MatrixExpr):
        return []
    l_left, l_rest, l_right = _ends(view.lhs)
    r_left, r_rest, r_right = _ends(view.rhs)
    left = l_left if l_left is not None else r_left
    right = r_right if r_right is not None else l_right
    if left is None and right is None:
        return []
    side_l = _strip(view.lhs, l_rest, left if l_left is not None else None, right if l_right is not None else None)
    side_r = _strip(view.rhs, r_rest, left if r_left is not None else None, right if r_right is not None else None)
    size = view.lhs.shape[0]
    new_l = _mul(left if l_left is None else None, side_l, right if l_right is None else None, size)
    new_r = _mul(left if r_left is None else None, side_r, right if r_right is None else None, size)
    where = []
    if left is not None:
        where.append(f"on the left by ({show(left)})")
    if right is not None:
        where.append(f"on the right by ({show(right)})")
    line = f"Multiply {' and '.join(where)}: {show(new_l)} = {show(new_r)}"
    try:
        t = CheckerTranslator(ctx)
        pl, pr = t.poly(new_l), t.poly(new_r)
    except Rejected:
        return [line + "."]
    if pl.equals(pr):
        return [line + f", and both sides expand to {pl.show(ctx.field)}."]
    return [line + f"; the sides expand to {pl.show(ctx.field)} and {pr.show(ctx.field)}, equal by the relations below."]


def _strip(side, rest, left, right):
    """side with the inverse at the left end (if `left`) and at the right end (if `right`) removed."""
    if isinstance(side, Inverse):
        return None
    if rest is None:
        return (sympy.S.One, [side])
    scalar, mats = rest
    mats = list(mats)
    if left is not None:
        mats = mats[1:]
    if right is not None:
        mats = mats[:-1]
    return (scalar, mats)


def _mul(left, stripped, right, size):
    factors = [left] if left is not None else []
    scalar = sympy.S.One
    if stripped is not None:
        scalar, mats = stripped
        factors += mats
    if right is not None:
        factors.append(right)
    if not factors:  # the side was an inverse alone, cleared: what remains is the identity
        return Identity(size)
    product = factors[0] if len(factors) == 1 else MatMul(*factors)
    return scalar * product if scalar != 1 else product


__all__ = ["explain", "show"]
