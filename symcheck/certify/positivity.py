"""Checking positivity certificates (`symcheck-positivity/1`) with the checker's own rules.

The claim `lhs REL rhs` (REL one of <, <=, >, >=) holds when D ≥ 0 (> 0 for a strict
relation), D = lhs − rhs for > and >=, rhs − lhs for < and <=; an equation needs both
lhs − rhs ≥ 0 (`proof`) and rhs − lhs ≥ 0 (`converse`). The checker computes D from the
claim, never from the certificate. A proof node shows `expr ≥ 0` for the expression
its parent hands it, and the checker works out whether it shows `expr > 0`:

* `sum`: expr equals Σ cᵢ·gᵢ in the checker's normal form (`normal.Normal.equal`), every
  cᵢ is a scalar the sign rules (`signs.Signs`, from the claim's assumptions) show ≥ 0, and
  every gᵢ is the value of a fact the checker builds itself from the fact's matrices:

  ======================  ==========================================  ===============================
  fact                    value g (≥ 0 for every real value)           strict (> 0) when
  ======================  ==========================================  ===============================
  gram W                  tr(WᵀW)                                      `injective`: W = B·v, B or BᵀB
                                                                       assumed invertible (or PD,
                                                                       orthogonal), tr(vᵀv) > 0 shown
  form W, M, psd          tr(WᵀMW), M positive semidefinite below      M positive definite and the
                                                                       `support` proves tr(WᵀW) > 0
  assumption q            q, for an assumption q > 0 or q >= 0         the assumption is strict
                          (or 0 < q, ...) of the claim
  sqrt e, proof           √e, the proof showing e ≥ 0                  the proof shows e > 0
  square e                e², e a polynomial in traces, norms and      never
                          real symbols (real by construction)
  cauchy_schwarz A, B     tr(AᵀA)·tr(BᵀB) − tr(AᵀB)², A and B of one  never
                          shape (Cauchy–Schwarz for ⟨A, B⟩ = tr(AᵀB);
                          vectors get Lagrange's identity as a gram)
  one                     1                                            always
  product facts           the product of the facts' values             every factor strict
  diagonal_entry M, i,    M[i, i] = e_iᵀMe_i, M psd by the PSD node     M shown positive definite
  psd
  opnorm A                ‖A‖₂                                         never
  opnorm_bound A, W       ‖A‖₂²·tr(WᵀW) − tr(WᵀAᵀAW)                  never
  opnorm_identity I, s    s·(‖I_k‖₂ − 1) for s = ±1, k > 0 (it is 0)    never
  opnorm_frobenius A      tr(AᵀA) − ‖A‖₂²                              never
  frobenius_opnorm A      n·‖A‖₂² − tr(AᵀA), A with n columns          never
  opnorm_product A, B     ‖A‖₂‖B‖₂ − ‖AB‖₂                            never
  ======================  ==========================================  ===============================

  The node is strict when some cᵢ > 0 has a strict fact.
* `square` (upper b): b ≥ 0 by its proof and b² − a² ≥ 0 by the other, where a = b − expr;
  then b ≥ |a| ≥ a, so expr = b − a ≥ 0 (> 0 when b² − a² > 0).

Matrices are shown positive semidefinite (xᵀMx ≥ 0 for every real x; "pd": > 0 for x ≠ 0)
by nodes whose matrix must equal M in normal form: `identity` (pd), `assumed` (a symbol with
Q.positive_definite, or its transpose: pd), `gram` BᵀB, `congruence` BᵀNB with N psd,
`inverse` N⁻¹ with N pd (pd: xᵀN⁻¹x = yᵀNᵀy for y = N⁻¹x), `sum` Σ cᵢMᵢ with cᵢ ≥ 0 and Mᵢ psd
(pd when some cᵢ > 0 has Mᵢ pd), and `schur` [[A, B], [Bᵀ, C]] with A pd and its Schur
complement C − BᵀA⁻¹B psd (pd): zᵀMz = (x + A⁻¹By)ᵀA(x + A⁻¹By) + yᵀ(C − BᵀA⁻¹B)y for z = (x, y).
That identity needs A symmetric, and it is: every rule builds symmetric matrices from
symmetric ones (I, BᵀB, and Q.positive_definite, which in symcheck means symmetric positive
definite), so every matrix these nodes prove psd is symmetric.

The claim must be real where it is defined: every fractional power in it is a square root
whose base the certificate's `domain` proves ≥ 0, and it contains no other function of
matrices than traces and ‖·‖₂. Nothing is taken on trust.
"""
from __future__ import annotations

import sympy
from sympy.matrices.expressions import BlockMatrix, Identity, Inverse, MatAdd, MatMul, MatrixExpr, Trace, Transpose

from sympy.matrices.expressions.matexpr import MatrixElement

from ..model.constructs import OpNorm2
from .ncpoly import Rejected
from .normal import Normal, exact, same_dim
from .signs import NONNEG, POS, ZERO, Signs
from .srepr_reader import UnsafeSrepr, read_srepr

FORMAT = "symcheck-positivity/1"
MAX_NODES = 400
MAX_SQUARES = 8
INVERTIBLE = ("invertible", "positive_definite", "orthogonal")
_GE = (sympy.StrictGreaterThan, sympy.GreaterThan)
_LE = (sympy.StrictLessThan, sympy.LessThan)


def _read(text, what: str):
    try:
        return read_srepr(text)
    except UnsafeSrepr as exc:
        raise Rejected(f"{what}: {exc}") from exc


def _matrix(text, what: str):
    m = _read(text, what)
    if not isinstance(m, MatrixExpr):
        raise Rejected(f"{what} is not a matrix expression")
    return m


def _scalar(text, what: str):
    c = _read(text, what)
    if not isinstance(c, sympy.Expr) or c.has(MatrixExpr, Trace, OpNorm2):
        raise Rejected(f"{what} is not a scalar coefficient")
    return c


def _square(m, what: str) -> None:
    if not same_dim(m.shape[0], m.shape[1]):
        raise Rejected(f"{what} is not square")


def _polynomial(e) -> bool:
    """A real polynomial in traces, ‖·‖₂ and the claim's (real) symbols: integer powers only."""
    for node in sympy.preorder_traversal(e):
        if isinstance(node, sympy.Pow) and not node.exp.is_Integer:
            return False
        if isinstance(node, sympy.Function) or (isinstance(node, sympy.Pow) and node.exp.is_negative):
            return False
    return True


class Positivity:
    """The checker of one certificate: the claim's normal form context and sign facts."""

    def __init__(self, view):
        self.view = view
        self.n = Normal()
        self.signs = Signs(view.predicates, view.relations)
        self.pd = [a[0] for name, a in view.predicates if name == "positive_definite" and a]
        self.nodes = 0
        self.squares = 0
        self.checked: list = []

    def _count(self) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise Rejected("the certificate has too many proof nodes")

    def _coefficient(self, text, what: str):
        c = _scalar(text, what)
        s = self.signs.sign(c)
        if s not in (POS, NONNEG, ZERO):
            raise Rejected(f"the sign rules do not show the coefficient {sympy.sstr(c)} ≥ 0")
        return c, s == POS

    def _equal(self, a, b, what: str) -> None:
        if not self.n.equal(a, b):
            raise Rejected(f"{what}: {sympy.sstr(a)[:120]} is not {sympy.sstr(b)[:120]} in the checker's normal form")

    # ------------------------------------------------------------------ expr ≥ 0
    def prove(self, node, expr) -> bool:
        """Check that `node` proves expr ≥ 0; True when it proves expr > 0."""
        self._count()
        if not isinstance(node, dict):
            raise Rejected("a proof node is not a JSON object")
        rule = node.get("rule")
        if rule == "sum":
            total, strict = sympy.S.Zero, False
            for i, term in enumerate(node.get("terms", [])):
                c, positive = self._coefficient(term["coeff"], f"term {i}'s coefficient")
                g, s = self.fact(term["fact"])
                total += c * g
                strict = strict or (positive and s)
            self._equal(expr, total, "a sum of nonnegative terms")
            return strict
        if rule == "square":
            self.squares += 1
            if self.squares > MAX_SQUARES:
                raise Rejected(f"more than {MAX_SQUARES} squaring steps (each doubles the degree)")
            b = exact(_read(node["upper"], "the upper bound"))
            if not isinstance(b, sympy.Expr) or isinstance(b, MatrixExpr):
                raise Rejected("the upper bound is not a scalar")
            self.prove(node["upper_proof"], b)
            a = b - expr
            return self.prove(node["gap_proof"], b ** 2 - a ** 2)
        raise Rejected(f"unknown proof rule {rule!r}")

    # ------------------------------------------------------------------ facts
    def fact(self, fact) -> tuple:
        """(value, strict) of a fact, built by the checker from the fact's matrices."""
        self._count()
        if not isinstance(fact, dict):
            raise Rejected("a fact is not a JSON object")
        kind = fact.get("kind")
        if kind == "gram":
            w = _matrix(fact["matrix"], "gram W")
            strict = False
            if "injective" in fact:
                strict = self._injective(fact["injective"], w)
            return Trace(MatMul(Transpose(w), w)), strict
        if kind == "form":
            w, m = _matrix(fact["vector"], "form W"), _matrix(fact["matrix"], "form M")
            _square(m, "form M")
            if not same_dim(m.shape[1], w.shape[0]):
                raise Rejected("form: W does not fit M")
            pd = self.psd(fact["psd"], m)
            strict = False
            if pd and "support" in fact:
                strict = self.prove(fact["support"], Trace(MatMul(Transpose(w), w)))
            return Trace(MatMul(Transpose(w), m, w)), strict
        if kind == "assumption":
            q = _read(fact["quantity"], "assumption")
            for rel in self.view.relations:
                if isinstance(rel, _GE):
                    d = rel.lhs - rel.rhs
                elif isinstance(rel, _LE):
                    d = rel.rhs - rel.lhs
                else:
                    continue
                if self.n.equal(q, d):
                    return q, isinstance(rel, (sympy.StrictGreaterThan, sympy.StrictLessThan))
            raise Rejected(f"{sympy.sstr(q)[:120]} ≥ 0 is not an assumption of the claim")
        if kind == "sqrt":
            e = exact(_read(fact["arg"], "sqrt argument"))
            strict = self.prove(fact["proof"], e)
            return sympy.sqrt(e), strict
        if kind == "square":
            e = exact(_read(fact["base"], "square base"))
            if isinstance(e, MatrixExpr) or not _polynomial(e):
                raise Rejected("a square whose base is not a real polynomial in traces and symbols")
            return e ** 2, False
        if kind == "cauchy_schwarz":
            a, b = _matrix(fact["left"], "Cauchy–Schwarz A"), _matrix(fact["right"], "Cauchy–Schwarz B")
            if not (same_dim(a.shape[0], b.shape[0]) and same_dim(a.shape[1], b.shape[1])):
                raise Rejected("Cauchy–Schwarz: A and B have different shapes")
            gram = lambda p, q: Trace(MatMul(Transpose(p), q))  # noqa: E731
            return gram(a, a) * gram(b, b) - gram(a, b) ** 2, False
        if kind == "one":
            return sympy.S.One, True
        if kind == "product":
            value, strict = sympy.S.One, True
            for f in fact.get("factors", []):
                g, s = self.fact(f)
                value, strict = value * g, strict and s
            return value, strict
        if kind == "diagonal_entry":
            mat, i = _matrix(fact["matrix"], "diagonal entry M"), _read(fact["index"], "diagonal entry index")
            _square(mat, "diagonal entry M")
            if not (isinstance(i, sympy.Expr) and (i.is_Integer and i >= 0 or isinstance(i, sympy.Symbol))):
                raise Rejected("diagonal entry: the index is not an integer or a symbol")
            pd = self.psd(fact["psd"], mat)
            return MatrixElement(mat, i, i), pd
        if kind == "opnorm":
            return OpNorm2(_matrix(fact["matrix"], "opnorm A")), False
        if kind == "opnorm_bound":
            a, w = _matrix(fact["matrix"], "opnorm A"), _matrix(fact["vector"], "opnorm W")
            if not same_dim(a.shape[1], w.shape[0]):
                raise Rejected("opnorm_bound: W does not fit A")
            aw = MatMul(a, w)
            return OpNorm2(a) ** 2 * Trace(MatMul(Transpose(w), w)) - Trace(MatMul(Transpose(aw), aw)), False
        if kind == "opnorm_identity":
            i = _matrix(fact["matrix"], "opnorm I")
            if not isinstance(i, Identity) or self.signs.sign(i.shape[0]) != POS:
                raise Rejected("opnorm_identity: not an identity of positive size")
            s = fact.get("sign")
            if s not in (1, -1):
                raise Rejected("opnorm_identity: the sign must be 1 or -1")
            return s * (OpNorm2(i) - 1), False
        if kind == "opnorm_frobenius":
            a = _matrix(fact["matrix"], "opnorm A")
            return Trace(MatMul(Transpose(a), a)) - OpNorm2(a) ** 2, False
        if kind == "frobenius_opnorm":
            a = _matrix(fact["matrix"], "opnorm A")
            return a.shape[1] * OpNorm2(a) ** 2 - Trace(MatMul(Transpose(a), a)), False
        if kind == "opnorm_product":
            a, b = _matrix(fact["left"], "opnorm A"), _matrix(fact["right"], "opnorm B")
            if not same_dim(a.shape[1], b.shape[0]):
                raise Rejected("opnorm_product: A and B do not multiply")
            return OpNorm2(a) * OpNorm2(b) - OpNorm2(MatMul(a, b)), False
        raise Rejected(f"unknown fact {kind!r}")

    def _injective(self, item, w) -> bool:
        """W = B·v with B injective and tr(vᵀv) > 0 shown: then W ≠ 0, so tr(WᵀW) > 0. B is injective when
        the claim assumes B (or Bᵀ) invertible, or BᵀB invertible (Bv = 0 gives BᵀBv = 0, so v = 0)."""
        b, v = _matrix(item["factor"], "injective B"), _matrix(item["rest"], "injective v")
        if not same_dim(b.shape[1], v.shape[0]):
            raise Rejected("injective: v does not fit B")
        square = same_dim(b.shape[0], b.shape[1])

        def injective(a) -> bool:
            if not isinstance(a, MatrixExpr) or not same_dim(a.shape[0], a.shape[1]):
                return False
            if same_dim(a.shape[0], b.shape[1]) and self.n.equal(a, MatMul(Transpose(b), b)):
                return True
            return square and same_dim(a.shape[0], b.shape[0]) and (self.n.equal(b, a) or
                                                                    self.n.equal(b, Transpose(a)))
        if not any(name in INVERTIBLE and args and injective(args[0]) for name, args in self.view.predicates):
            raise Rejected(f"{sympy.sstr(b)[:120]} is not shown injective (invertible, or BᵀB invertible)")
        self._equal(w, MatMul(b, v), "injective factor")
        if not self.prove(item["support"], Trace(MatMul(Transpose(v), v))):
            raise Rejected("injective: the support does not show tr(vᵀv) > 0")
        return True

    # ------------------------------------------------------------------ xᵀMx ≥ 0
    def psd(self, node, m) -> bool:
        """Check that `node` proves m positive semidefinite; True when it proves m positive definite."""
        self._count()
        if not isinstance(node, dict):
            raise Rejected("a PSD node is not a JSON object")
        _square(m, "a positive semidefinite matrix")
        rule = node.get("rule")
        if rule == "identity":
            self._equal(m, Identity(m.shape[0]), "identity")
            return True
        if rule == "assumed":
            for s in self.pd:
                if isinstance(s, MatrixExpr) and (self.n.equal(m, s) or self.n.equal(m, Transpose(s))):
                    return True
            raise Rejected(f"{sympy.sstr(m)[:120]} is not a matrix the claim assumes positive definite")
        if rule == "gram":
            b = _matrix(node["factor"], "gram B")
            self._equal(m, MatMul(Transpose(b), b), "Gram matrix")
            return False
        if rule == "congruence":
            b, inner = _matrix(node["outer"], "congruence B"), _matrix(node["inner"], "congruence N")
            _square(inner, "congruence N")
            if not same_dim(inner.shape[1], b.shape[0]):
                raise Rejected("congruence: B does not fit N")
            self.psd(node["proof"], inner)
            self._equal(m, MatMul(Transpose(b), inner, b), "congruence")
            return False
        if rule == "inverse":
            inner = _matrix(node["inner"], "inverse N")
            _square(inner, "inverse N")
            if not self.psd(node["proof"], inner):
                raise Rejected("the inverse of a matrix not shown positive definite")
            self._equal(m, Inverse(inner), "inverse")
            return True
        if rule == "sum":
            total, pd = None, False
            for i, term in enumerate(node.get("terms", [])):
                c, positive = self._coefficient(term["coeff"], f"PSD term {i}'s coefficient")
                part = _matrix(term["matrix"], f"PSD term {i}")
                sub = self.psd(term["proof"], part)
                pd = pd or (positive and sub)
                total = c * part if total is None else MatAdd(total, c * part)
            if total is None:
                raise Rejected("an empty PSD sum")
            self._equal(m, total, "a sum of positive semidefinite matrices")
            return pd
        if rule == "schur":
            a, b, c = (_matrix(node[key], f"Schur {key.upper()}") for key in ("a", "b", "c"))
            _square(a, "Schur A")
            _square(c, "Schur C")
            if not (same_dim(b.shape[0], a.shape[0]) and same_dim(b.shape[1], c.shape[0])):
                raise Rejected("Schur: B does not fit A and C")
            self._equal(m, BlockMatrix([[a, b], [Transpose(b), c]]), "Schur block matrix")
            if not self.psd(node["a_proof"], a):
                raise Rejected("Schur: A is not shown positive definite")
            return self.psd(node["schur_proof"], c - Transpose(b) * Inverse(a) * b)
        raise Rejected(f"unknown PSD rule {rule!r}")


def _side(e):
    """A 1×1 matrix side as the scalar it is (its own trace)."""
    return Trace(e) if isinstance(e, MatrixExpr) else e


def _claim_difference(view):
    if view.relation in (">", ">=", "=="):
        return _side(view.lhs) - _side(view.rhs)
    if view.relation in ("<", "<="):
        return _side(view.rhs) - _side(view.lhs)
    raise Rejected(f"a positivity certificate proves an inequality, but the claim's relation is {view.relation}")


def _roots(view) -> list:
    """The bases of the claim's fractional powers; anything else non-polynomial is rejected."""
    bases = []
    for side in (view.lhs, view.rhs):
        for node in sympy.preorder_traversal(side):
            if isinstance(node, sympy.Pow) and not node.exp.is_Integer:
                if node.exp != sympy.Rational(1, 2) and node.exp != -sympy.Rational(1, 2):
                    raise Rejected(f"the power {sympy.sstr(node)} is outside what this checker re-checks")
                bases.append(node.base)
            elif isinstance(node, sympy.Function) and not isinstance(node, (OpNorm2, sympy.Abs)):
                raise Rejected(f"{type(node).__name__} is outside what this checker re-checks")
    return bases


def check_positivity(cert: dict, view, checked: list, trusted: list) -> None:
    """Accept `cert` as a proof of the inequality `view`, or raise Rejected."""
    d = _claim_difference(view)
    if cert.get("relation") != view.relation:
        raise Rejected("the certificate's relation is not the claim's")
    p = Positivity(view)
    bases = _roots(view)
    proven = []
    for i, item in enumerate(cert.get("domain", [])):
        arg = exact(_read(item["arg"], f"domain {i}"))
        p.prove(item["proof"], arg)
        proven.append(arg)
    for base in bases:
        if not any(p.n.equal(base, arg) for arg in proven):
            raise Rejected(f"the square root of {sympy.sstr(base)[:120]} is not shown real (its base ≥ 0)")
    if bases:
        checked.append(f"every square root of the claim has a base shown ≥ 0 ({len(bases)})")
    if view.relation == "==":  # both inequalities: lhs − rhs ≥ 0 and rhs − lhs ≥ 0
        p.prove(cert["proof"], exact(sympy.sympify(d)))
        p.prove(cert["converse"], exact(sympy.sympify(-d)))
        checked.append(f"positivity: lhs − rhs ≥ 0 and rhs − lhs ≥ 0 by {p.nodes} re-derived steps")
        return
    strict = p.prove(cert["proof"], exact(sympy.sympify(d)))
    if view.relation in (">", "<") and not strict:
        raise Rejected("the certificate shows the difference ≥ 0, but the claim is strict")
    checked.append(f"positivity: the difference of the sides is ≥ 0{' and > 0' if strict else ''} by "
                   f"{p.nodes} re-derived steps (sums of nonnegative terms, squares, PSD rules)")


__all__ = ["check_positivity", "FORMAT", "Positivity"]
