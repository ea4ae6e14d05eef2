"""Reduction certificates (`symcheck-reduction/1`) re-derived from the claim, never taken on trust.

For each reduction the prover has (symcheck/engine.py REDUCTIONS) the checker has
its own derivation, `REDERIVATIONS[reduction name]`, which computes from the claim
being checked (not from the certificate) what the obligations must be:

=====================================================  ==============================================
reduction                                              the checker's obligations
=====================================================  ==============================================
matrix calculus (directional derivative)              the claim with every Derivative computed by
                                                       `calculus` (assuming g ≠ 0 at each kink g)
Gaussian expectation (moments)                         the claim with every E[·] in closed form by
                                                       `moments`
optimality (stationarity + strict convexity)          ∇f(v) = 0, and the coefficient conditions under
                                                       which `convexity` shows the Hessian of f
                                                       positive definite
limits (continuity, rational functions)               the claim with every limit evaluated by
                                                       `limit_rules`, its side conditions (denominators
                                                       ≠ 0, coefficients > 0) and push-through
                                                       identities
entrywise                                              lhs[i, j] = rhs[i, j] for every entry
determinant laws                                       the claim with determinants expanded by their
                                                       laws and the assumptions' facts (`det_laws`:
                                                       orthogonal ±1, skew-symmetric, logs of positive
                                                       products), each remaining det(M) an opaque real
                                                       (named as the certificate's `data.opaque` says,
                                                       when those names are fresh)
explicit sizes                                         every matrix (numeric sizes) written out as
                                                       entries (`explicit`; Kronecker, Hadamard, ...
                                                       by SymPy): the entries of both sides, under the
                                                       assumptions written out
scalar equations (substitution)                        the claim with the scalar the certificate names
                                                       eliminated by an assumed linear equation
                                                       (`substitution`), granted the relations so written
=====================================================  ==============================================

Then the certificate must match (`check_reduction`): every obligation it lists
must be one of the checker's (sides equal up to the checker's normal form, same
relation; or its sub-certificate must prove one of the checker's as the checker
writes it), every sub-certificate is checked against the checker's assumptions
(never the certificate's), and every obligation of the checker that is not
evident (both sides equal in normal form, or a sign the checker shows itself)
must be proved by one of them. With no obligations a certificate is accepted
only when all of the checker's obligations are evident. The certificate's `data`
(the reduced sides, the gradient and Hessian, ...) must agree with the checker's.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy
from sympy.matrices.expressions import Determinant, Inverse, MatPow, MatrixExpr, MatrixSymbol, OneMatrix

from ..model import relations
from .bounds import TooLarge
from .calculus import derivative, derivative_rule
from .cases import BRANCHES
from .convexity import Convexity
from .det_laws import DeterminantFacts
from .explicit import written_sides
from .geometric import infinite_side
from .jacobi import NotShownInvertible, invertible_keys
from .limit_rules import Limits, evident
from .ones import column_assumptions, columns_for, written_with_columns
from .moments import expectation_rule
from .ncpoly import Rejected
from .residues import residue_cases
from .normal import MAX_EXPLICIT_ENTRIES, MPoly, Normal, canon, is_matrix_expr
from .signs import NONNEG, Signs
from .srepr_reader import UnsafeSrepr, read_srepr
from .substitution import elimination as substitution_for

MAX_SHOWN = 160


@dataclass
class Expected:
    """One obligation of the checker's derivation: lhs relation rhs (normal forms) under extra assumptions."""

    lhs: object
    rhs: object
    relation: str
    why: str
    extra: tuple = ()
    evident: bool = False
    nonzero: tuple = ()     # normal scalars assumed nonzero (kinks), used when comparing


@dataclass
class Derivation:
    """What the checker re-derives for a reduction: its normal form, the obligations and the data to compare."""

    normal: Normal
    obligations: list
    data: dict = field(default_factory=dict)       # field of the certificate's data -> the checker's value
    optional: tuple = ()                          # data fields the certificate may leave out
    nonzero: tuple = ()


def _shown(n: Normal, value) -> str:
    text = sympy.sstr(n.expr(value)) if isinstance(value, MPoly) or isinstance(value, sympy.Basic) else str(value)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 3] + "..."


def _short(expr) -> str:
    text = sympy.sstr(expr)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 3] + "..."


def _read(text, what: str):
    try:
        return read_srepr(text)
    except UnsafeSrepr as exc:
        raise Rejected(f"{what}: {exc}") from exc


def _evident_equal(n: Normal, lhs, rhs, relation: str, nonzero=()) -> bool:
    return relation in relations.REFLEXIVE and n.equal(lhs, rhs, nonzero)


# ---------------------------------------------------------------------------
# The derivations
# ---------------------------------------------------------------------------


def _kinks(n: Normal, kinks: list) -> list:
    """The kinks g (assumed ≠ 0), each without piecewise functions: so {g = 0} has no interior and assuming
    g ≠ 0 only sets aside the points where the derivative may not exist."""
    out, seen = [], set()
    for g in kinks:
        g = canon(g)
        if any(isinstance(node, tuple(BRANCHES)) for node in sympy.preorder_traversal(g)):
            raise Rejected(f"a branch boundary {sympy.sstr(n.expr(g))} = 0 that is itself piecewise: the checker "
                           "cannot show that assuming it nonzero only sets aside where the derivative fails")
        key, neg = sympy.srepr(g), sympy.srepr(canon(-g))
        if key in seen or neg in seen or g == 0:
            continue
        seen.add(key)
        out.append(g)
    return out


def _free_symbols(value) -> set:
    return set(value.free_symbols) if isinstance(value, sympy.Basic) else set()


def _symbols_of(view) -> set:
    """Every scalar and matrix symbol of the claim and its assumptions (bound ones included)."""
    found = set()
    for e in (view.lhs, view.rhs, *view.relations, *[a for _, args in view.predicates for a in args]):
        if isinstance(e, sympy.Basic):
            found |= {s for s in e.atoms(sympy.Symbol, MatrixSymbol) if hasattr(s, "name")}
    return found


def rederive_derivative(view, data: dict) -> Derivation:
    """Every derivative of the claim by the checker's own rules; the obligations and the kinks avoided."""
    if not (view.lhs.has(sympy.Derivative) or view.rhs.has(sympy.Derivative)):
        raise Rejected("the claim has no derivative for this reduction to compute")
    kinks: list = []
    needs_inverse: list = []
    n = Normal({sympy.Derivative: derivative_rule(view.layout, kinks, _symbols_of(view), needs_inverse)})
    lhs, rhs = n.value(view.lhs), n.value(view.rhs)
    if needs_inverse:
        shown = invertible_keys(view, n)
        for p in needs_inverse:
            if n.normalised_key(p) not in shown:
                raise NotShownInvertible(f"Jacobi's formula needs {_shown(n, p)} invertible, and the claim does "
                                         "not show it invertible wherever it is asserted")
    away = _kinks(n, kinks)
    extra = tuple(sympy.Ne(n.expr(g), 0) for g in away)
    main = Expected(lhs, rhs, view.relation, "the claim with every derivative computed by the checker's rules",
                    extra, _evident_equal(n, lhs, rhs, view.relation, away), tuple(away))
    return Derivation(n, [main], {"lhs": lhs, "rhs": rhs}, nonzero=tuple(away))


def rederive_expectation(view, data: dict) -> Derivation:
    """Every Gaussian expectation of the claim by the checker's own moment rules; the obligation."""
    from ..constructs import Expectation, MatrixExpectation

    if not (view.lhs.has(Expectation, MatrixExpectation) or view.rhs.has(Expectation, MatrixExpectation)):
        raise Rejected("the claim has no expectation for this reduction to compute")
    rule = expectation_rule()
    n = Normal({Expectation: rule, MatrixExpectation: rule})
    lhs, rhs = n.value(view.lhs), n.value(view.rhs)
    main = Expected(lhs, rhs, view.relation, "the claim with every expectation in closed form (the checker's "
                    "moment rules)", (), _evident_equal(n, lhs, rhs, view.relation))
    return Derivation(n, [main], {"lhs": lhs, "rhs": rhs}, optional=("rhs",))


def claim_signs(view, n: Normal) -> Signs:
    """The signs the claim's assumptions give (and tr(u uᵀ) ≥ 0 for trace holders)."""
    def holder_sign(sym):
        info = n.info.get(sym)
        if info is not None and info.kind == "trace":
            word = info.word
            half = len(word) // 2
            for i in range(len(word)):
                w = word[i:] + word[:i]
                if len(w) % 2 == 0 and n.transpose_word(w[:half]) == w[half:]:
                    return NONNEG  # tr(u uᵀ) = ‖u‖² ≥ 0
        return None
    return Signs(view.predicates, view.relations, holder_sign)


def inverted_by_claim(view, n: Normal, skip=()) -> set:
    """Normalised keys of the matrices the claim inverts (outside nodes of the classes in `skip`)."""
    found: set = set()

    def add(arg):
        try:
            p = n.matrix(arg)
        except Rejected:
            return
        if p.rows != p.cols and sympy.expand(p.rows - p.cols) != 0:
            return
        found.add(n.normalised_key(p))
        found.add(n.normalised_key(n.transpose(p)))

    def walk(expr):
        if skip and isinstance(expr, skip):
            return
        if isinstance(expr, Inverse):
            add(expr.arg)
        elif isinstance(expr, MatPow) and expr.args[1].is_Integer and expr.args[1] < 0:
            add(expr.args[0])
        for a in getattr(expr, "args", ()):
            if isinstance(a, sympy.Basic):
                walk(a)

    walk(view.lhs)
    walk(view.rhs)
    for name, args in view.predicates:
        if name == "invertible" and args and isinstance(args[0], MatrixExpr):
            add(args[0])
    return found


def _conditions(n: Normal, conditions: list, why: str) -> list:
    out, seen = [], set()
    for c, relation, shown in conditions:
        key = (sympy.srepr(canon(c)), relation)
        if key in seen:
            continue
        seen.add(key)
        out.append(Expected(c, sympy.S.Zero, relation, why, (), shown))
    return out


def rederive_limit(view, data: dict) -> Derivation:
    """Every limit of the claim by the checker's own rules; the obligations (push-through, invertibility)."""
    if not (view.lhs.has(sympy.Limit) or view.rhs.has(sympy.Limit)):
        raise Rejected("the claim has no limit for this reduction to evaluate")
    n = Normal()
    signs = claim_signs(view, n)
    infinite = infinite_side(view.lhs, view.rhs, view.relation)
    if infinite is not None:  # Limit(c·Bᵏ, k, oo) == ±oo: B > 1 and ±c > 0
        conditions = [(n.value(c), rel, evident(signs, n.value(c), rel)) for c, rel in infinite]
        return Derivation(n, _conditions(n, conditions, "a condition under which c·B^k tends to the infinity "
                                                         "the claim names"), {})
    convexity = Convexity(n, view.predicates, view.relations, signs, inverted_by_claim(view, n, (sympy.Limit,)))
    limits = Limits(n, convexity, signs)
    n.rules[sympy.Limit] = limits.rule
    lhs, rhs = n.value(view.lhs), n.value(view.rhs)
    obligations = [Expected(lhs, rhs, view.relation, "the claim with every limit evaluated by the checker's rules",
                            (), _evident_equal(n, lhs, rhs, view.relation))]
    obligations += _conditions(n, limits.conditions, "a side condition of the limit (a denominator is nonzero, or "
                               "a coefficient of a positive definite matrix is positive)")
    for body, pushed in limits.identities:
        obligations.append(Expected(body, pushed, "==", "the push-through identity the limit uses",
                                    (), n.equal(body, pushed)))
    return Derivation(n, obligations, {"lhs": lhs, "rhs": rhs})


def rederive_argmin(view, data: dict) -> Derivation:
    """An argmin/argmax claim: the gradient, the Hessian's definiteness and the stationarity obligation."""
    from ..constructs import ArgMax, ArgMin

    if view.relation != "==":
        raise Rejected("an argmin claim must be an equation")
    split = None
    for opt, other in ((view.lhs, view.rhs), (view.rhs, view.lhs)):
        if isinstance(opt, (ArgMin, ArgMax)) and not other.has(ArgMin, ArgMax):
            split = opt, other
    if split is None:
        raise Rejected("the claim is not argmin(f, w) = v (or argmax) with one side the optimum")
    opt, candidate = split
    w = opt.variable
    if not isinstance(w, MatrixSymbol) or sympy.expand(w.shape[1] - 1) != 0 or candidate.has(w):
        raise Rejected("the variable of the optimum must be a column MatrixSymbol that the other side does not use")
    if not (isinstance(candidate, MatrixExpr) and all(sympy.expand(a - b) == 0
                                                      for a, b in zip(candidate.shape, w.shape))):
        raise Rejected(f"the claimed optimum does not have the shape of {w}")
    n = Normal()
    f = n.value(opt.objective if isinstance(opt, ArgMin) else -opt.objective)
    if isinstance(f, MPoly) and not (f.rows == 1 and f.cols == 1):
        raise Rejected("the objective is not a scalar")
    f = n.as_scalar(f)
    _require_polynomial(n, f, w)
    kinks: list = []
    gradient = derivative(n, f, w, "denominator", kinks)
    hessian = derivative(n, gradient, w, "numerator", kinks)
    if kinks:
        raise Rejected("the objective has kinks: it is not a polynomial in the variable")
    signs = claim_signs(view, n)
    convexity = Convexity(n, view.predicates, view.relations, signs, inverted_by_claim(view, n))
    verdict = convexity.positive_definite(hessian)
    if verdict is None:
        raise Rejected(f"the checker cannot show the Hessian {_shown(n, hessian)} positive definite for every "
                       f"{w}, so it cannot re-derive that the optimum is unique")
    stationary = n.value(n.expr(gradient).xreplace({w: candidate}))
    kind = "minimiser" if isinstance(opt, ArgMin) else "maximiser"
    obligations = [Expected(stationary, n.zero(w.shape[0], w.shape[1]), "==",
                            f"stationarity: the gradient at the claimed {kind} is 0", (),
                            n.equal(stationary, 0))]
    obligations += _conditions(n, verdict, "a coefficient condition under which the Hessian is positive definite")
    return Derivation(n, obligations, {"gradient": gradient, "hessian": hessian})


def _require_polynomial(n: Normal, f, w) -> None:
    """f is a polynomial in w (so smooth everywhere): w only in plain atoms and in traces, polynomially."""
    f = sympy.sympify(f)
    holders = []
    for s in f.free_symbols:
        if s in n.info and n.meaning(s).has(w):
            info = n.info[s]
            if info.kind != "trace" or any(n.atoms[k].kind not in ("symbol", "transpose") and
                                           n.atoms[k].expr.has(w) for k in info.word):
                raise Rejected(f"the objective is not a polynomial in {w}: {sympy.sstr(n.meaning(s))}")
            holders.append(s)
    try:
        if holders:
            sympy.Poly(sympy.expand(f), *holders)
    except sympy.PolynomialError as exc:
        raise Rejected(f"the objective is not a polynomial in {w}") from exc


def _explicit(side):
    if isinstance(side, sympy.MatrixBase):
        m = sympy.ImmutableMatrix(side)
    elif isinstance(side, MatrixExpr):
        rows, cols = (sympy.sympify(d) for d in side.shape)
        if not (rows.is_Integer and cols.is_Integer and rows * cols <= MAX_EXPLICIT_ENTRIES):
            raise Rejected("entrywise: a side without a small numeric shape")
        m = sympy.ImmutableMatrix(side.as_explicit())
    else:
        raise Rejected("entrywise: a side that is not a matrix")
    if m.rows * m.cols > MAX_EXPLICIT_ENTRIES:
        raise Rejected("entrywise: a matrix too large for the checker")
    return m


def rederive_entrywise(view, data: dict) -> Derivation:
    """An equation of explicit matrices: one obligation per entry."""
    if view.relation != "==":
        raise Rejected("entrywise comparison proves equations only")
    left, right = _explicit(view.lhs), _explicit(view.rhs)
    if left.shape != right.shape:
        raise Rejected("the two sides have different sizes")
    n = Normal()
    obligations = []
    for i in range(left.rows):
        for j in range(left.cols):
            a, b = n.value(left[i, j]), n.value(right[i, j])
            obligations.append(Expected(a, b, "==", f"entry ({i}, {j})", (), n.equal(a, b)))
    return Derivation(n, obligations, {"entries": [(o.lhs, o.rhs) for o in obligations]})


def rederive_determinant(view, data: dict) -> Derivation:
    """Every determinant by the determinant laws, with fresh names for what remains; the obligation."""
    if not (view.lhs.has(Determinant) or view.rhs.has(Determinant)):
        raise Rejected("the claim has no determinant for this reduction to rewrite")
    n = Normal()
    opaque = data.get("opaque", {}) if isinstance(data, dict) else {}
    if not isinstance(opaque, dict):
        raise Rejected("data.opaque must map names to determinants")
    taken = {s.name for s in _symbols_of(view)}
    for name, text in opaque.items():
        if not isinstance(name, str) or name in taken:
            raise Rejected(f"the opaque name {name!r} for a determinant is a symbol of the claim")
        node = _read(text, f"data.opaque[{name!r}]")
        arg = node.arg if isinstance(node, Determinant) else node
        if not is_matrix_expr(arg):
            raise Rejected(f"data.opaque[{name!r}] is not a determinant")
        key = "det:" + n.key(n.matrix(arg))
        n.det_symbols.setdefault(key, sympy.Symbol(name, real=True))
    facts = DeterminantFacts(n, view)
    convexity = Convexity(n, view.predicates, view.relations, claim_signs(view, n), inverted_by_claim(view, n))
    facts.add_positive_forms(convexity, [view.lhs, view.rhs, *view.relations])
    n.rules[sympy.log] = facts.log_rule
    lhs, rhs = facts.apply(n.value(view.lhs)), facts.apply(n.value(view.rhs))
    main = Expected(lhs, rhs, view.relation, "the claim with determinants expanded by their laws",
                    facts.extra_assumptions(view, _free_symbols(lhs) | _free_symbols(rhs)),
                    _evident_equal(n, lhs, rhs, view.relation))
    return Derivation(n, [main], {})


def rederive_ones(view, data: dict) -> Derivation:
    if not (view.lhs.has(OneMatrix) or view.rhs.has(OneMatrix)):
        raise Rejected("the claim has no ones matrix for this reduction to rewrite")
    if any(isinstance(e, sympy.Basic) and e.has(OneMatrix)
           for e in (*view.relations, *[a for _, args in view.predicates for a in args])):
        raise Rejected("a ones matrix in an assumption is outside the ones reduction")
    columns = columns_for((view.lhs, view.rhs), {s.name for s in _symbols_of(view)})
    n = Normal()
    lhs = n.value(written_with_columns(view.lhs, columns))
    rhs = n.value(written_with_columns(view.rhs, columns))
    main = Expected(lhs, rhs, view.relation, "the claim with every ones matrix written 1_a 1_b^T, for every "
                    "column 1_a with 1_a^T 1_a = a", column_assumptions(columns),
                    _evident_equal(n, lhs, rhs, view.relation))
    return Derivation(n, [main], {"lhs": lhs, "rhs": rhs})


def rederive_explicit(view, data: dict) -> Derivation:
    left, right, extra = written_sides(view)
    n = Normal()
    pairs = list(zip(left, right)) if isinstance(left, sympy.MatrixBase) else [(left, right)]
    obligations = []
    for k, (a, b) in enumerate(pairs):
        a, b = n.value(a), n.value(b)
        obligations.append(Expected(a, b, view.relation, f"entry {k} of the claim written out", extra,
                                    _evident_equal(n, a, b, view.relation)))
    return Derivation(n, obligations, {"lhs": n.value(left), "rhs": n.value(right)})


def rederive_residues(view, data: dict) -> Derivation:
    """sin/cos of a rational multiple of π·k: the claim at k = M·q + r for every residue r (`residues`)."""
    k, modulus, cases = residue_cases(view)
    n = Normal()
    obligations = []
    for r, q, lhs, rhs in cases:
        a, b = n.value(lhs), n.value(rhs)
        obligations.append(Expected(a, b, view.relation, f"the claim at {k} = {modulus}*{q} + {r}", (),
                                    _evident_equal(n, a, b, view.relation)))
    return Derivation(n, obligations, {"lhs": n.value(view.lhs), "rhs": n.value(view.rhs)})


def rederive_substitution(view, data: dict) -> Derivation:
    """The claim with the scalar the certificate names eliminated by an assumed linear equation (`substitution`)."""
    s, value, granted = substitution_for(view, data.get("symbol"))
    n = Normal()
    lhs, rhs = n.value(view.lhs.xreplace({s: value})), n.value(view.rhs.xreplace({s: value}))
    main = Expected(lhs, rhs, view.relation, f"the claim with {s} = {_short(value)} by an assumed equation",
                    granted, _evident_equal(n, lhs, rhs, view.relation))
    return Derivation(n, [main], {"value": n.value(value)})


REDERIVATIONS = {
    "matrix calculus (directional derivative)": rederive_derivative,
    "Gaussian expectation (moments)": rederive_expectation,
    "optimality (stationarity + strict convexity)": rederive_argmin,
    "limits (continuity, rational functions)": rederive_limit,
    "entrywise": rederive_entrywise,
    "determinant laws": rederive_determinant,
    "ones vectors (J = 1 1^T, 1^T 1 = n)": rederive_ones,
    "explicit sizes": rederive_explicit,
    "integer residues (periodic sin, cos)": rederive_residues,
    "scalar equations (substitution)": rederive_substitution,
}


# ---------------------------------------------------------------------------
# Matching the certificate against the derivation
# ---------------------------------------------------------------------------


def _check_data(d: Derivation, data: dict) -> list:
    n, out = d.normal, []
    for name, mine in d.data.items():
        if name not in data:
            if name in d.optional:
                continue
            raise Rejected(f"the certificate's data has no {name!r}")
        if name == "entries":
            theirs = data[name]
            if not isinstance(theirs, list) or len(theirs) != len(mine) or not all(
                    isinstance(pair, list) and len(pair) == 2 for pair in theirs):
                raise Rejected("data.entries is not the claim's list of entries")
            for (a, b), (ta, tb) in zip(mine, theirs):
                if not (n.equal(a, _read(ta, "data.entries")) and n.equal(b, _read(tb, "data.entries"))):
                    raise Rejected(f"data.entries has {ta[:60]} = {tb[:60]}, not an entry of the claim")
            continue
        theirs = _read(data[name], f"data.{name}")
        if not n.equal(mine, theirs, d.nonzero):
            raise Rejected(f"the certificate's data.{name} is {_shown(n, theirs)}, but the checker derives "
                           f"{_shown(n, mine)}")
        out.append(name)
    return out


def _obligation(raw, j: int):
    if not isinstance(raw, dict):
        raise Rejected(f"obligation {j} is not a JSON object")
    relation = raw.get("relation", "==")
    if relation not in relations.COMPARISONS:
        raise Rejected(f"obligation {j} has the relation {relation!r}")
    if not isinstance(raw.get("certificate"), dict):
        raise Rejected(f"obligation {j} ({raw.get('method')}) has no certificate")
    return _read(raw.get("lhs"), f"obligation {j}"), _read(raw.get("rhs"), f"obligation {j}"), relation


def _matches(n: Normal, e: Expected, lhs, rhs, relation: str):
    """(lhs, rhs, relation) as written when it states e up to the normal form (or with sides swapped)."""
    for a, b, rel in ((lhs, rhs, relation), (rhs, lhs, relations.converse(relation))):
        if rel == e.relation and n.equal(a, e.lhs, e.nonzero) and n.equal(b, e.rhs, e.nonzero):
            return a, b, rel
    return None


def check_reduction(cert: dict, view, checked: list, trusted: list, check_sub) -> None:
    """Accept the reduction certificate `cert` for the claim `view`, or raise Rejected.

    `check_sub(certificate, view, checked, trusted)` checks a sub-certificate (the checker's `_check`).
    """
    name = cert.get("reduction")
    rederive = REDERIVATIONS.get(name) if isinstance(name, str) else None
    if rederive is None:
        raise Rejected(f"unknown reduction {name!r}: the checker re-derives only "
                       + ", ".join(f"'{k}'" for k in REDERIVATIONS))
    data = cert.get("data", {})
    raw_obligations = cert.get("obligations", [])
    if not isinstance(data, dict) or not isinstance(raw_obligations, list):
        raise Rejected("a reduction certificate's data must be an object and its obligations a list")
    try:
        d = rederive(view, data)
    except TooLarge as exc:
        raise Rejected(str(exc)) from exc
    n = d.normal
    agreed = _check_data(d, data)
    if agreed:
        checked.append(f"reduction '{name}': the certificate's {', '.join(agreed)} agree with the checker's")
    proven = [e.evident for e in d.obligations]
    for j, raw in enumerate(raw_obligations):
        lhs, rhs, relation = _obligation(raw, j)
        sub_cert = raw["certificate"]

        def stated(lhs=lhs, rhs=rhs, relation=relation) -> str:  # printing is slow: only for messages
            return f"{_short(lhs)} {relation} {_short(rhs)}"
        hit = None
        for i, e in enumerate(d.obligations):
            written = _matches(n, e, lhs, rhs, relation)
            if written is not None:
                hit = i, written
                break
        if hit is not None:
            i, (a, b, rel) = hit
            e = d.obligations[i]
            try:
                check_sub(sub_cert, view.with_sides(a, b, rel, extra=e.extra), checked, trusted)
            except Rejected as exc:
                raise Rejected(f"obligation {j} ({stated()}): {exc}") from exc
            proven[i] = True
            checked.append(f"obligation {j} is the checker's ({e.why}) and its certificate proves it")
            continue
        if relation in relations.REFLEXIVE and n.equal(lhs, rhs):
            checked.append(f"obligation {j} holds as written and is not needed")
            continue
        if not _proves_another(d, sub_cert, view, proven, checked, trusted, check_sub, j):
            wanted = [f"{_shown(n, e.lhs)} {e.relation} {_shown(n, e.rhs)}"
                      for e, done in zip(d.obligations, proven) if not done]
            raise Rejected(f"obligation {j} ({stated()}) is not one the checker derives from the claim"
                           + (f"; it derives {'; '.join(wanted[:3])}" if wanted else ""))
    for e, done in zip(d.obligations, proven):
        if not done:
            raise Rejected(f"the checker derives the obligation {_shown(n, e.lhs)} {e.relation} {_shown(n, e.rhs)} "
                           f"({e.why}), and no obligation of the certificate proves it")
    evident = sum(1 for e in d.obligations if e.evident)
    checked.append(f"reduction '{name}' re-derived from the claim: {len(d.obligations)} obligation(s), "
                   f"{evident} evident to the checker, the rest proved by the certificate's obligations")


def _proves_another(d: Derivation, sub_cert, view, proven, checked, trusted, check_sub, j) -> bool:
    """Whether the sub-certificate proves one of the checker's open obligations as the checker writes it."""
    n = d.normal
    for i, e in enumerate(d.obligations):
        if proven[i]:
            continue
        mine_checked, mine_trusted = [], []
        try:
            check_sub(sub_cert, view.with_sides(n.expr(e.lhs), n.expr(e.rhs), e.relation, extra=e.extra),
                      mine_checked, mine_trusted)
        except Rejected:
            continue
        except Exception:  # noqa: BLE001 - a certificate for another form is simply not a proof of this one
            continue
        proven[i] = True
        checked.extend(mine_checked)
        trusted.extend(mine_trusted)
        checked.append(f"obligation {j} is written differently, but its certificate proves the checker's "
                       f"obligation as the checker writes it ({e.why})")
        return True
    return False


__all__ = ["check_reduction", "REDERIVATIONS", "Expected", "Derivation"]
