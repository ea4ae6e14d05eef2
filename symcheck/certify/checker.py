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
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import sympy
from sympy.matrices.expressions import MatrixExpr, Trace

from ..model import relations
from .domains import require_real
from .ncpoly import Dim, Poly, Rejected
from .rederive import check_reduction
from .retranslate import Context, Granted, Induction, Translator, granted, inverse_relations
from .scalar_check import check_scalar
from .traces import Traces
from .view import ClaimView, least_integer_value, symmetric_symbols

NCGB_FORMAT = "symcheck-ncgb/1"
REDUCTION_FORMAT = "symcheck-reduction/1"
SCALAR_FORMAT = "symcheck-scalar/1"
GROUND_FORMAT = "symcheck-ground/1"


@dataclass
class CheckResult:
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


def _check(cert, view: ClaimView, checked: list, trusted: list) -> None:
    if not isinstance(cert, dict):
        raise Rejected("no certificate")
    fmt = cert.get("format")
    if fmt == REDUCTION_FORMAT:
        return _check_reduction(cert, view, checked, trusted)
    if fmt == SCALAR_FORMAT:
        return check_scalar(cert, view, checked, trusted)
    if fmt == GROUND_FORMAT:
        return _check_ground(cert, view, checked)
    if fmt != NCGB_FORMAT:
        raise Rejected(f"unknown certificate format {fmt!r}")
    if view.relation != "==":
        raise Rejected("a Groebner certificate proves an equation, but the claim's relation is " + view.relation)
    if "induction" in cert:
        return _check_induction(cert, view, checked)
    ctx = Context.read(cert)
    t = Translator(ctx, least_integer=lambda s: least_integer_value(s, view), symmetric=symmetric_symbols(view))
    if _is_scalar(view, t):
        return _check_traces(cert, ctx, view, t, checked)
    return _check_matrix(cert, ctx, view, t, checked)


# ---------------------------------------------------------------------------
# Matrix identities
# ---------------------------------------------------------------------------


def _hypotheses(cert: dict, ctx: Context, t: Translator, view: ClaimView, extra: list = ()) -> list:
    """The certificate's hypotheses, each shown to be one the claim grants."""
    allowed = Granted(ctx.alphabet, ctx.normal)
    for p in granted(t, view.predicates, view.relations):
        allowed.add(p, "an assumption")
    for p, why in extra:
        allowed.add(p, why)
    for p in inverse_relations(t):
        allowed.add(p, "an inverse in the claim")
    for name, base in t.powers.items():  # B**E is a polynomial in B (E a natural number), so they commute
        power = ctx.alphabet.letter_poly(name, ctx.field)
        allowed.add(base.mul(power).sub(power.mul(base)), f"{name} is a power of its base")
    hyps = []
    for raw in cert.get("hypotheses", []):
        p = ctx.poly(raw["poly"], f"hypothesis {raw.get('index')}")
        why = allowed.reason(p)
        if why is None:
            raise Rejected(f"hypothesis {raw.get('index')} ({raw.get('kind')}: {raw.get('origin')}) "
                           f"{p.show(ctx.field)} = 0 is not granted by the claim or its assumptions")
        hyps.append(p)
    return hyps


def _expand(ctx: Context, terms: list, hyps: list, rows: Dim, cols: Dim, where: str) -> Poly:
    """Σ coeff · left · hyp · right, every product checked to be well typed."""
    out = Poly(rows, cols, {})
    for term in terms:
        k = term["hyp"]
        if not isinstance(k, int) or not 0 <= k < len(hyps):
            raise Rejected(f"{where}: no hypothesis {k}")
        h = hyps[k]
        left, right = ctx.word(term["left"], where), ctx.word(term["right"], where)
        ctx.alphabet.check_word(left, rows, h.rows, where)
        ctx.alphabet.check_word(right, h.cols, cols, where)
        c = ctx.field.coeff(term["coeff"])
        for w, hc in h.terms.items():
            out = out.add(Poly(rows, cols, {left + w + right: c * hc}))
    return out


def _check_matrix(cert: dict, ctx: Context, view: ClaimView, t: Translator, checked: list,
                  extra_hyps: list = ()) -> None:
    diff = t.difference(view.lhs, view.rhs)
    hyps = _hypotheses(cert, ctx, t, view, extra_hyps)
    checked.append(f"{len(hyps)} hypotheses, each granted by the claim or its assumptions")
    seen = set()
    for target in cert.get("targets", []):
        i, j = target["block"]
        if not (0 <= i < len(diff.rows) and 0 <= j < len(diff.cols)):
            raise Rejected(f"target block {target['block']} is not a block of the claim")
        mine = ctx.normal(diff.blocks[i][j])
        total = ctx.normal(_expand(ctx, target.get("terms", []), hyps, mine.rows, mine.cols, f"target {target['block']}"))
        if not total.equals(mine):
            raise Rejected(f"block {target['block']}: the combination expands to {total.show(ctx.field)}, "
                           f"but lhs - rhs of the claim is {mine.show(ctx.field)}")
        seen.add((i, j))
    for i, row in enumerate(diff.blocks):
        for j, block in enumerate(row):
            if (i, j) not in seen and not ctx.normal(block).is_zero():
                raise Rejected(f"block [{i}, {j}] of lhs - rhs is {block.show(ctx.field)}, and no target covers it")
    checked.append(f"{len(seen)} block(s): Σ c·a·h·b re-expanded exactly equals lhs - rhs of the claim")
    _denominators(cert, ctx, t, view, checked)


# ---------------------------------------------------------------------------
# Scalar claims: traces and 1×1 words
# ---------------------------------------------------------------------------


def _is_scalar(view: ClaimView, t: Translator) -> bool:
    """Scalars and 1×1 matrices are scalar claims (a 1×1 matrix is its own trace). The shape is the
    checker's own translation's: SymPy's is wrong for a flattened product such as xᵀB(xᵀx)."""
    side = view.lhs
    if not isinstance(side, MatrixExpr):
        return True
    g = t.grid(side)
    return g.rows == [Dim.of(1)] and g.cols == [Dim.of(1)]


class _UnionFind:
    """Classes of words whose traces are equal; the representative is the least word."""

    def __init__(self):
        self.parent: dict = {}

    def find(self, w):
        root = w
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        self.parent[w] = root
        return root

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb), key=lambda w: (len(w), w))
            self.parent[hi] = lo


def _canonical(tr: "Traces", poly: dict, same: _UnionFind, rules: dict) -> dict:
    """Every trace replaced by its class representative, then by the reduction known for that class."""
    out: dict = {}
    for mono, c in poly.items():
        term = tr.const(c)
        for w in mono:
            rep = same.find(w)
            term = tr.mul(term, rules[rep] if rep in rules else {(rep,): tr.fld.one})
        out = tr.add(out, term)
    merged: dict = {}
    for m, c in out.items():  # words a rule brought in: to their representatives too, adding equal monomials
        merged = tr.add(merged, {tuple(sorted(same.find(w) for w in m)): c})
    return merged


def _rotations(word: tuple) -> set:
    return {word[i:] + word[:i] for i in range(len(word))}


def _check_traces(cert: dict, ctx: Context, view: ClaimView, t: Translator, checked: list,
                  extra_hyps: list = ()) -> None:
    tr = Traces(t)
    target = tr.add(tr.convert(view.lhs), tr.convert(view.rhs), -1)
    hyps = _hypotheses(cert, ctx, t, view, extra_hyps)
    alphabet = ctx.alphabet
    same = _UnionFind()     # tr(w) = tr(w'): rotations, and reductions to a single word
    rules: list = []        # (word, trace polynomial it equals): reductions to combinations
    for n, rw in enumerate(cert.get("rewrites", [])):
        kind, where = rw.get("kind"), f"rewrite {n}"
        if kind == "identity":
            continue  # tr(I_k) = k is applied by the checker itself
        if kind == "cyclic":
            src, dst = ctx.word(rw["from"], where), ctx.word(rw["to"], where)
            if not src:
                raise Rejected(f"{where}: empty word")
            v = alphabet[src[0]].rows
            alphabet.check_word(src, v, v, where)
            if dst not in _rotations(src) | _rotations(alphabet.transpose_word(src)):
                raise Rejected(f"{where}: {'*'.join(dst)} is not a rotation of {'*'.join(src)} or of its transpose")
            same.union(src, dst)
        elif kind == "reduce":
            word = ctx.word(rw["word"], where)
            if not word:
                raise Rejected(f"{where}: empty word")
            v = alphabet[word[0]].rows
            alphabet.check_word(word, v, v, where)
            nf = ctx.poly(rw["normal_form"], where)
            total = _expand(ctx, rw.get("terms", []), hyps, v, v, where)
            if not ctx.normal(Poly(v, v, {word: t.fld.one}).sub(nf)).equals(ctx.normal(total)):
                raise Rejected(f"{where}: {'*'.join(word)} - normal form is not the given combination")
            single = list(nf.terms.items())
            if len(single) == 1 and single[0][0] and single[0][1] == t.fld.one:
                same.union(word, single[0][0])
            else:
                rules.append((word, tr.trace(nf)))
        elif kind == "split":  # tr(a·b) = tr(a)·tr(b) for words a, b from the 1×1 vertex back to it
            word = ctx.word(rw["word"], where)
            factors = [ctx.word(f, where) for f in rw.get("factors", [])]
            one = Dim.of(1)
            if len(factors) < 2 or tuple(n for f in factors for n in f) != word:
                raise Rejected(f"{where}: the factors do not make up {'*'.join(word)}")
            for f in factors:
                if not f:
                    raise Rejected(f"{where}: an empty factor")
                alphabet.check_word(f, one, one, where)
            rules.append((word, {tuple(sorted(factors)): t.fld.one}))
        else:
            raise Rejected(f"{where}: unknown kind {kind!r}")
    by_class = {}
    for word, lin in rules:
        by_class.setdefault(same.find(word), lin)
    current = _canonical(tr, target, same, {})
    for _ in range(100):
        after = _canonical(tr, current, same, by_class)
        if after == current or not after:
            current = after
            break
        current = after
    if current:
        shown = ", ".join(f"{ctx.field.as_expr(c)}·{'·'.join('tr(' + '*'.join(w) + ')' for w in m) or '1'}"
                          for m, c in list(current.items())[:4])
        raise Rejected(f"after every checked trace rewrite, lhs - rhs is still {shown}")
    checked.append(f"{len(hyps)} hypotheses granted; {len(cert.get('rewrites', []))} trace rewrites checked; "
                   "lhs - rhs rewrites to 0")
    _denominators(cert, ctx, t, view, checked)


# ---------------------------------------------------------------------------
# Denominators
# ---------------------------------------------------------------------------


def _coefficients(cert: dict, ctx: Context):
    for target in cert.get("targets", []):
        for term in target.get("terms", []):
            yield term["coeff"]
    for rw in cert.get("rewrites", []):
        for term in rw.get("terms", []):
            yield term["coeff"]


def _signs(view: ClaimView, ctx: Context, t: Translator) -> dict:
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


def _nonzero_by_sign(factor: sympy.Expr, signs: dict) -> bool:
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


def _denominators(cert: dict, ctx: Context, t: Translator, view: ClaimView, checked: list) -> None:
    signs = _signs(view, ctx, t)
    claim_dens = [sympy.factor_list(ctx.field.as_expr(d))[1] for d in t.claim_denominators]
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
            if _nonzero_by_sign(f, signs):
                continue
            if any(sympy.expand(f - g) == 0 or sympy.expand(f + g) == 0 for g in claim_factors):
                continue
            raise Rejected(f"the certificate divides by {f}, which the checker cannot show nonzero "
                           "under the assumptions")
    if seen:
        checked.append(f"{len(seen)} denominator factor(s) shown nonzero: " + ", ".join(str(f) for f in seen))


# ---------------------------------------------------------------------------
# Ground claims: identical sides, or nothing free and exact evaluation
# ---------------------------------------------------------------------------

MAX_EXPLICIT_ENTRIES = 10_000  # a closed claim is evaluated entry by entry: no larger matrices


def explicit_size_ok(expr) -> bool:
    """Every matrix in expr has a numeric shape with at most MAX_EXPLICIT_ENTRIES entries."""
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, (MatrixExpr, sympy.MatrixBase)):
            rows, cols = (sympy.sympify(d) for d in node.shape)
            if not (rows.is_Integer and cols.is_Integer and 0 <= rows * cols <= MAX_EXPLICIT_ENTRIES):
                return False
    return True


# evaluated by SymPy's calculus, not by arithmetic: a closed claim holding one is not evaluated by the checker
CALCULUS = (sympy.Limit, sympy.Derivative, sympy.Integral, sympy.Sum, sympy.Product)


def _exact_value(side) -> list:
    """The entries of a closed side as exact rationals (a scalar is one entry); Rejected otherwise."""
    if isinstance(side, sympy.Basic) and not explicit_size_ok(side):
        raise Rejected(f"the closed claim has a matrix with more than {MAX_EXPLICIT_ENTRIES} entries")
    if isinstance(side, sympy.Basic) and (side.has(*CALCULUS) or any(
            type(node).__module__.startswith("symcheck") for node in sympy.preorder_traversal(side))):
        raise Rejected("the closed claim has a limit, derivative, sum or construct: the checker evaluates "
                       "arithmetic only")
    value = side.doit() if isinstance(side, sympy.Basic) else sympy.sympify(side)
    if isinstance(value, (MatrixExpr, sympy.MatrixBase)):
        value = sympy.ImmutableMatrix(value.as_explicit() if isinstance(value, MatrixExpr) else value)
        entries = list(value)
    else:
        entries = [value]
    out = []
    for e in entries:
        e = sympy.expand(e)
        if not e.is_Rational:
            raise Rejected(f"the closed claim has the entry {e}, which the checker cannot compare exactly")
        out.append(e)
    return out


def _check_ground(cert: dict, view: ClaimView, checked: list) -> None:
    if cert.get("kind") == "identical sides":
        if view.relation not in ("==", "<=", ">=") or view.lhs != view.rhs:
            raise Rejected("the claim's sides are not identical under a reflexive relation")
        checked.append("both sides are the same expression")
        return
    free = [e for e in (view.lhs, view.rhs) if isinstance(e, sympy.Basic) and
            (e.free_symbols or e.atoms(sympy.MatrixSymbol))]
    if cert.get("kind") != "exact evaluation" or free:
        raise Rejected("a ground certificate for a claim with free symbols")
    left, right = _exact_value(view.lhs), _exact_value(view.rhs)
    if len(left) != len(right):
        raise Rejected("the closed sides have different sizes")
    if view.relation in ("==", "!="):
        holds = (left == right) if view.relation == "==" else (left != right)
    else:
        holds = len(left) == 1 and relations.holds(view.relation, left[0], right[0])
    if not holds:
        raise Rejected("exact evaluation does not give the relation")
    checked.append("the closed claim evaluated exactly with rational arithmetic")


# ---------------------------------------------------------------------------
# Induction and reductions
# ---------------------------------------------------------------------------


def _check_induction(cert: dict, view: ClaimView, checked: list) -> None:
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
    t = Translator(ctx, Induction(var), symmetric=symmetric_symbols(view))
    hypothesis = t.difference(view.lhs, view.rhs)
    extra = [(b, "the induction hypothesis") for row in hypothesis.blocks for b in row if not b.is_zero()]
    step_view = view.with_sides(view.lhs.xreplace({var: var + 1}), view.rhs.xreplace({var: var + 1}))
    _check_matrix(step, ctx, step_view, t, checked, extra)
    checked.append(f"step {var} -> {var} + 1 checked; by induction the claim holds for every {var} >= {start}")


def _check_reduction(cert: dict, view: ClaimView, checked: list, trusted: list) -> None:
    check_reduction(cert, view, checked, trusted, _check)


__all__ = ["check_certificate", "least_integer_value", "GROUND_FORMAT", "CheckResult", "ClaimView", "NCGB_FORMAT", "REDUCTION_FORMAT", "SCALAR_FORMAT"]
