"""The positivity prover: scalar inequalities made of traces, quadratic forms, norms and ‖A‖₂.

Owns claims `lhs REL rhs` (REL one of <, <=, >, >=) whose sides are real scalars built from
matrices, and equations with square roots or ‖·‖₂ (as the two inequalities ≤ and ≥). The
difference D (lhs − rhs, or rhs − lhs) is written as a polynomial over canonical trace atoms
(tr(w) for a closed word w of atomic factors, split at 1×1 passes and named by the least
rotation of w or wᵀ), square roots, entries and operator norms, and D ≥ 0 (> 0) is shown by
one of these rules, recursively:

* **sum**: D = Σ cᵢ·gᵢ with every cᵢ ≥ 0 by sign rules on the scalar symbols and every gᵢ a
  nonnegative fact: tr(WᵀW) (a Gram trace), tr(WᵀMW) for M positive semidefinite by the
  PSD calculus below, an assumption `q > 0` / `q >= 0`, √e with e ≥ 0, ‖A‖₂, a square
  e², a product of facts, or one of the operator-norm inequalities
  ‖A‖₂²‖W‖_F² − ‖AW‖_F² ≥ 0, ‖A‖_F² − ‖A‖₂² ≥ 0, n‖A‖₂² − ‖A‖_F² ≥ 0 (A with n columns),
  ‖A‖₂‖B‖₂ − ‖AB‖₂ ≥ 0, ±(‖I_k‖₂ − 1) ≥ 0 (it is 0), a diagonal entry M[i, i] of a PSD
  matrix (> 0 when M is PD). Strict when some cᵢ > 0 has a strict fact (an assumption q > 0,
  the constant 1, tr(WᵀMW) with M positive definite and tr(WᵀW) > 0, tr((Bv)ᵀBv) with B
  assumed invertible and tr(vᵀv) > 0);
* **Gram SOS**: D = Σ Q_ij tr(a_iᵀa_j) over halves a_i of its trace atoms, with Q positive
  semidefinite by an exact LDLᵀ whose pivots have known signs: D = Σ d_k‖Σ_j L_jk a_j‖²;
* **Lagrange**: D = Σ κ·(tr(pᵀp)tr(qᵀq) − tr(pᵀq)²) for p, q whose norms the claim takes:
  for column vectors each term is ½κ·tr(WᵀW) with W = pqᵀ − qpᵀ (Cauchy–Schwarz for every
  dimension, by Lagrange's identity); for matrices it is the Frobenius Cauchy–Schwarz fact;
* **square**: D = b − a with b ≥ 0 and b² − a² ≥ 0 (then b ≥ |a| ≥ a), where b collects the
  terms with square roots or norms (the triangle inequality, ‖Ax‖ ≤ ‖A‖₂‖x‖).

PSD calculus (xᵀMx ≥ 0 for every x; "pd" when > 0 for x ≠ 0): I is pd; a symbol with
Q.positive_definite is pd; BᵀB is psd; BᵀNB is psd for N psd; N⁻¹ is pd for N pd;
Σ cᵢMᵢ with cᵢ ≥ 0 and Mᵢ psd is psd (pd when some cᵢ > 0 has Mᵢ pd); the block matrix
[[A, B], [Bᵀ, C]] with A pd is psd (pd) when its Schur complement C − BᵀA⁻¹B is psd (pd).

Sums are read off the exact expansion of D over the atoms, and the Gram SOS and Lagrange
decompositions are expanded again and compared exactly before they are used; the certificate (`symcheck-positivity/1`, docs/certificates.md) carries the
terms as SymPy text, so the independent checker (`certify.positivity`) re-derives each
identity and each sign with its own normal form and sign rules; nothing is trusted.
"""
from __future__ import annotations

import functools
import itertools
import time

import sympy
from sympy import Basic
from sympy.matrices.expressions import (
    BlockMatrix, Identity, Inverse, MatAdd, MatMul, MatPow, MatrixExpr, MatrixSymbol, Trace, Transpose, ZeroMatrix,
)
from sympy.matrices.expressions.matexpr import MatrixElement

from ..model.constructs import OpNorm2
from ..model.problem import Problem
from ..verdict import Verdict, proved

FORMAT = "symcheck-positivity/1"
METHOD = "positivity (sums of nonnegative terms)"
MAX_DEPTH = 3
MAX_VECTORS = 6
MAX_WORD_TERMS = 400
INEQUALITIES = ("<", "<=", ">", ">=")
POS, NONNEG = "pos", "nonneg"


class OutsidePositivity(Exception):
    """The claim uses something this prover does not model."""


@functools.lru_cache(maxsize=8192)
def _srepr(expr) -> str:
    return sympy.srepr(expr)


def _is_one(d) -> bool:
    return sympy.expand(sympy.sympify(d) - 1) == 0


def _word_expr(word: tuple, dim):
    if not word:
        return Identity(dim)
    return word[0] if len(word) == 1 else MatMul(*word)


def _transpose_word(word: tuple) -> tuple:
    return tuple(f.T for f in reversed(word))


def _keys(word: tuple) -> tuple:
    return tuple(_srepr(f) for f in word)


# ---------------------------------------------------------------------------
# Scalars as polynomials over canonical trace atoms
# ---------------------------------------------------------------------------


class Atoms:
    """Canonical trace atoms and operator norms as fresh real symbols, with what each stands for."""

    def __init__(self):
        self.by_key: dict = {}
        self.meaning: dict = {}   # Dummy -> SymPy scalar it stands for
        self.loop: dict = {}      # Dummy -> (word, vertex) for trace atoms
        self.opnorm: dict = {}    # Dummy -> the matrix A of ‖A‖₂
        self.element: dict = {}   # Dummy -> an entry M[i, j]
        self.mirrored: dict = {}  # tr(WᵀW) or tr(WᵀMW) as written in the claim: key -> (value, (W, M))

    def _atom(self, key: str, meaning) -> sympy.Dummy:
        if key not in self.by_key:
            sym = sympy.Dummy(f"t{len(self.by_key)}", real=True)
            self.by_key[key] = sym
            self.meaning[sym] = meaning
        return self.by_key[key]

    # -- matrices as sums of words
    def words(self, m) -> list:
        """m as [(scalar coefficient, word of atomic factors)]; a word () is the identity."""
        if isinstance(m, ZeroMatrix):
            return []
        if isinstance(m, Identity):
            return [(sympy.S.One, ())]
        if isinstance(m, MatrixSymbol):
            return [(sympy.S.One, (m,))]
        if isinstance(m, Transpose):
            return [(c, _transpose_word(w)) for c, w in self.words(m.arg)]
        if isinstance(m, MatAdd):
            return [t for a in m.args for t in self.words(a)]
        if isinstance(m, MatMul):
            out = [(sympy.S.One, ())]
            for a in m.args:
                if isinstance(a, MatrixExpr):
                    part = self.words(a)
                    out = [(c1 * c2, w1 + w2) for c1, w1 in out for c2, w2 in part]
                else:
                    out = [(c * a, w) for c, w in out]
                if len(out) > MAX_WORD_TERMS:
                    raise OutsidePositivity("too many terms")
            return out
        if isinstance(m, MatPow) and m.args[1].is_Integer and m.args[1] > 0:
            return self.words(MatMul(*([m.args[0]] * int(m.args[1]))))
        if isinstance(m, MatPow) and m.args[1] == -1:
            m = Inverse(m.args[0])
        if isinstance(m, Inverse) and isinstance(m.arg, Identity):
            return [(sympy.S.One, ())]
        if isinstance(m, (Inverse, MatrixExpr)) and not m.has(Trace, OpNorm2):
            return [(sympy.S.One, (m,))]
        raise OutsidePositivity(f"{type(m).__name__} inside a matrix")

    def trace_word(self, word: tuple, vertex):
        """tr(word): split at 1×1 passes, each loop a canonical atom."""
        if not word:
            return sympy.sympify(vertex)
        ones = [i for i, f in enumerate(word) if _is_one(f.shape[1])]
        if not ones:
            return self._loop(word, vertex)
        start = (ones[0] + 1) % len(word)
        rotated = word[start:] + word[:start]
        out, current = sympy.S.One, ()
        for f in rotated:
            current += (f,)
            if _is_one(f.shape[1]):
                out *= self._loop(current, sympy.S.One)
                current = ()
        return out

    def _loop(self, word: tuple, vertex):
        cands = []
        for w in (word, _transpose_word(word)):
            cands += [w[i:] + w[:i] for i in range(len(w))]
        best = min(cands, key=_keys)
        sym = self._atom("tr:" + "|".join(_keys(best)), Trace(_word_expr(best, vertex)))
        self.loop[sym] = (best, vertex)
        return sym

    def scalar(self, e):
        """A real scalar as a SymPy expression over the atoms."""
        if isinstance(e, Trace):
            m = e.arg
            value = sympy.Add(*[self.scalar(c) * self.trace_word(w, m.shape[0]) for c, w in self.words(m)])
            mirror = _mirror(m)
            if mirror is not None:
                self.mirrored.setdefault(_srepr(sympy.expand(value)), (sympy.expand(value), mirror))
            return value
        if isinstance(e, MatrixExpr):
            if not (_is_one(e.shape[0]) and _is_one(e.shape[1])):
                raise OutsidePositivity("a matrix used as a scalar")
            return sympy.Add(*[self.scalar(c) * self.trace_word(w, 1) for c, w in self.words(e)])
        if isinstance(e, OpNorm2):
            sym = self._atom("op:" + _srepr(e.arg), e)
            self.opnorm[sym] = e.arg
            return sym
        if isinstance(e, MatrixElement):
            sym = self._atom("el:" + _srepr(e), e)
            self.element[sym] = e
            return sym
        if not isinstance(e, Basic) or not e.args:
            return sympy.sympify(e)
        if isinstance(e, (sympy.Add, sympy.Mul)):
            return e.func(*[self.scalar(a) for a in e.args])
        if isinstance(e, sympy.Pow):
            return sympy.Pow(self.scalar(e.base), e.exp)
        if e.has(MatrixExpr, OpNorm2):
            raise OutsidePositivity(f"{type(e).__name__} of matrices")
        return e

    def back(self, e):
        """The SymPy expression an expression over the atoms stands for."""
        return sympy.sympify(e).xreplace(self.meaning)


def _generators(atoms: Atoms, e) -> list:
    gens = set(s for s in e.free_symbols if s in atoms.meaning)
    for node in sympy.preorder_traversal(e):
        if isinstance(node, sympy.Pow) and not node.exp.is_Integer and node.has(*atoms.meaning):
            gens.add(node)
    return sorted(gens, key=sympy.default_sort_key)


def _terms(atoms: Atoms, e) -> list | None:
    """[(coefficient, {generator: exponent})] of e, or None when e is not a polynomial in its atoms."""
    e = sympy.expand(e)
    gens = _generators(atoms, e)
    if not gens:
        return [(e, {})] if e != 0 else []
    try:
        poly = sympy.Poly(e, *gens)
    except sympy.PolynomialError:
        return None
    out = []
    for monom, coeff in poly.terms():
        coeff = sympy.sympify(coeff.as_expr() if hasattr(coeff, "as_expr") else coeff)
        if coeff.has(*atoms.meaning):
            return None
        out.append((coeff, {g: k for g, k in zip(gens, monom) if k}))
    return out


# ---------------------------------------------------------------------------
# Signs of scalar coefficients (symbols' declared facts, Q predicates, relations with 0)
# ---------------------------------------------------------------------------

_REL_SIGN = {sympy.StrictGreaterThan: POS, sympy.GreaterThan: NONNEG}
_REL_FLIP = {sympy.StrictLessThan: POS, sympy.LessThan: NONNEG}


def symbol_signs(problem: Problem) -> dict:
    """{symbol: pos | nonneg} from declarations, Q.positive/nonnegative and comparisons with 0."""
    facts: dict = {}

    def add(s, word):
        if facts.get(s) != POS:
            facts[s] = word
    for s in problem.scalar_symbols | problem.dims:
        if s.is_positive:
            add(s, POS)
        elif s.is_nonnegative:
            add(s, NONNEG)
    for p in problem.predicates:
        if p.args and isinstance(p.args[0], sympy.Symbol) and p.name in ("positive", "nonnegative"):
            add(p.args[0], POS if p.name == "positive" else NONNEG)
    for rel in problem.relations:
        if type(rel) in _REL_SIGN and rel.rhs == 0 and isinstance(rel.lhs, sympy.Symbol):
            add(rel.lhs, _REL_SIGN[type(rel)])
        elif type(rel) in _REL_FLIP and rel.lhs == 0 and isinstance(rel.rhs, sympy.Symbol):
            add(rel.rhs, _REL_FLIP[type(rel)])
    return facts


def sign(e, facts: dict):
    """pos, nonneg or None for a real scalar made of symbols with known signs."""
    e = sympy.sympify(e)
    if e.is_Number:
        return POS if e > 0 else NONNEG if e == 0 else None
    if isinstance(e, sympy.Symbol):
        return facts.get(e)
    if e.is_Add:
        signs = [sign(a, facts) for a in e.args]
        return None if None in signs else POS if POS in signs else NONNEG
    if e.is_Mul:
        signs = [sign(a, facts) for a in e.args]
        return None if None in signs else POS if all(s == POS for s in signs) else NONNEG
    if isinstance(e, sympy.Abs) and e.args[0].is_real is not False:
        return POS if sign(e.args[0], facts) == POS else NONNEG
    if e.is_Pow:
        base = sign(e.base, facts)
        if e.exp.is_Integer:
            if e.exp < 0:
                return POS if base == POS else None
            if e.exp % 2 == 0:
                return POS if base == POS else NONNEG if e.base.is_real is not False else None
            return base
        if e.exp.is_Rational and e.exp > 0 and base in (POS, NONNEG):
            return base
        if e.exp.is_Rational and e.exp < 0 and base == POS:
            return POS
    return None


# ---------------------------------------------------------------------------
# The search
# ---------------------------------------------------------------------------


class Search:
    """One claim's atoms, sign facts, assumptions and candidate vectors; builds proof nodes."""

    def __init__(self, problem: Problem, deadline: float):
        self.problem = problem
        self.deadline = deadline
        self.atoms = Atoms()
        self.facts = symbol_signs(problem)
        self.pd = {_srepr(p.args[0]) for p in problem.predicates if p.name == "positive_definite" and p.args}
        self.assumed: dict = {}   # generator -> (quantity, strict, scale)
        for rel in problem.relations:
            if type(rel) in _REL_SIGN:
                q, strict = rel.lhs - rel.rhs, isinstance(rel, sympy.StrictGreaterThan)
            elif type(rel) in _REL_FLIP:
                q, strict = rel.rhs - rel.lhs, isinstance(rel, sympy.StrictLessThan)
            else:
                continue
            try:
                terms = _terms(self.atoms, self.atoms.scalar(q))
            except OutsidePositivity:
                continue
            if terms and len(terms) == 1:
                coeff, monom = terms[0]
                if coeff.is_Number and coeff > 0 and len(monom) == 1 and list(monom.values()) == [1]:
                    gen = next(iter(monom))
                    if gen not in self.assumed or (strict and not self.assumed[gen][1]):
                        self.assumed[gen] = (q, strict, coeff)
        self.vectors = self._vectors()
        self.lagrange_cache: dict = {}

    def _vectors(self) -> list:
        """Column vectors z whose ‖z‖² occurs in the claim (candidates for Lagrange's identity)."""
        found: dict = {}
        for side in (self.problem.lhs, self.problem.rhs):
            for node in sympy.preorder_traversal(side):
                if isinstance(node, Trace):
                    w = _mirror(node.arg)
                    if w is not None and w[1] is None:
                        z = w[0]
                        if _is_one(z.shape[0]) and not _is_one(z.shape[1]):
                            z = z.T
                        found.setdefault(_srepr(z), z)
        return list(found.values())[:MAX_VECTORS]

    # -- matrices: the PSD calculus
    def psd(self, m):
        """(node, is_pd) proving xᵀmx ≥ 0 for every x, or None."""
        if isinstance(m, MatPow) and m.args[1] == -1:
            m = Inverse(m.args[0])
        if isinstance(m, Identity):
            return {"rule": "identity", "matrix": _srepr(m)}, True
        if _srepr(m) in self.pd or (isinstance(m, Transpose) and _srepr(m.arg) in self.pd):
            return {"rule": "assumed", "matrix": _srepr(m)}, True
        if isinstance(m, BlockMatrix) and m.blockshape == (2, 2):
            return self._schur(m)
        if isinstance(m, Inverse):
            inner = self.psd(m.arg)
            if inner is not None and inner[1]:
                return {"rule": "inverse", "matrix": _srepr(m), "inner": _srepr(m.arg), "proof": inner[0]}, True
            return None
        if isinstance(m, MatAdd) or (isinstance(m, MatMul) and not isinstance(m.args[0], MatrixExpr)):
            terms, pd = [], False
            for a in (m.args if isinstance(m, MatAdd) else (m,)):
                c, body = _split_scalar(a)
                s = sign(c, self.facts)
                if s is None:
                    return None
                sub = self.psd(body)
                if sub is None:
                    return None
                pd = pd or (s == POS and sub[1])
                terms.append({"coeff": _srepr(c), "matrix": _srepr(body), "proof": sub[0]})
            return {"rule": "sum", "matrix": _srepr(m), "terms": terms}, pd
        mirror = _mirror(m)
        if mirror is not None:
            outer, middle = mirror
            if middle is None:
                return {"rule": "gram", "matrix": _srepr(m), "factor": _srepr(outer)}, False
            inner = self.psd(middle)
            if inner is not None:
                return {"rule": "congruence", "matrix": _srepr(m), "outer": _srepr(outer), "inner": _srepr(middle),
                        "proof": inner[0]}, False
        return None

    def _invertible(self, f) -> bool:
        """f is injective: assumed invertible (Q.invertible, Q.positive_definite, Q.orthogonal), or fᵀf is."""
        names = ("invertible", "positive_definite", "orthogonal")
        keys = {_srepr(f), _srepr(f.T), _srepr(f.T * f)}
        return any(p.name in names and p.args and _srepr(p.args[0]) in keys for p in self.problem.predicates)

    def _schur(self, m):
        """[[A, B], [Bᵀ, C]] with A positive definite: psd (pd) when C − BᵀA⁻¹B is psd (pd)."""
        a, b = m.blocks[0, 0], m.blocks[0, 1]
        bt, c = m.blocks[1, 0], m.blocks[1, 1]
        if _srepr(bt) != _srepr(b.T):
            return None
        first = self.psd(a)
        if first is None or not first[1]:
            return None
        second = self.psd(c - b.T * a.I * b)
        if second is None:
            return None
        return {"rule": "schur", "matrix": _srepr(m), "a": _srepr(a), "b": _srepr(b), "c": _srepr(c),
                "a_proof": first[0], "schur_proof": second[0]}, second[1]

    # -- facts about single generators
    def generator_fact(self, g, depth: int):
        """(fact, strict) for a generator (trace atom, √e, ‖A‖₂), or None."""
        a = self.atoms
        if g in self.assumed:
            q, strict, scale = self.assumed[g]
            return {"kind": "assumption", "quantity": _srepr(q)}, strict, scale
        if isinstance(g, sympy.Pow):
            if g.exp != sympy.Rational(1, 2):
                return None
            node = self.nonneg(g.base, False, depth + 1)
            if node is None:
                return None
            return {"kind": "sqrt", "arg": _srepr(a.back(g.base)), "proof": node[0]}, node[1], 1
        if g in a.opnorm:
            return {"kind": "opnorm", "matrix": _srepr(a.opnorm[g])}, False, 1
        if g in a.element:  # M[i, i] = e_iᵀ M e_i for M positive semidefinite
            entry = a.element[g]
            if _srepr(entry.i) != _srepr(entry.j):
                return None
            sub = self.psd(entry.parent)
            if sub is None:
                return None
            return {"kind": "diagonal_entry", "matrix": _srepr(entry.parent), "index": _srepr(entry.i),
                    "psd": sub[0]}, sub[1], 1
        if g in a.loop:
            fallback = None
            for got in self._loop_facts(g, depth):
                if got[1]:
                    return got
                fallback = fallback or got
            return fallback
        return None

    def _loop_facts(self, g, depth: int):
        """Every reading of the trace atom g as a Gram trace or a PSD form (fact, strict, scale)."""
        a = self.atoms
        if g in a.loop:
            word, vertex = a.loop[g]
            for i in range(len(word)):
                r = word[i:] + word[:i]
                half = len(r) // 2
                if len(r) % 2 == 0 and _keys(r[:half]) == _keys(_transpose_word(r[half:])):
                    w = _word_expr(r[half:], r[half].shape[0])
                    fact, strict = {"kind": "gram", "matrix": _srepr(w)}, False
                    head, rest = r[half], r[half + 1:]
                    if rest and self._invertible(head):
                        v = _word_expr(rest, None)
                        support = self.nonneg(a.scalar(Trace(MatMul(v.T, v))), True, depth + 1)
                        if support is not None and support[1]:
                            fact["injective"] = {"factor": _srepr(head), "rest": _srepr(v), "support": support[0]}
                            strict = True
                    yield fact, strict, 1
                    continue
                if len(r) % 2 == 1 and _keys(r[:half]) == _keys(_transpose_word(r[half + 1:])):
                    middle = r[half]
                    sub = self.psd(middle)
                    if sub is None:
                        continue
                    w = _word_expr(r[half + 1:], middle.shape[1])
                    fact = {"kind": "form", "vector": _srepr(w), "matrix": _srepr(middle), "psd": sub[0]}
                    strict = False
                    if sub[1]:
                        support = self.nonneg(a.scalar(Trace(MatMul(w.T, w))), True, depth + 1)
                        if support is not None and support[1]:
                            fact["support"] = support[0]
                            strict = True
                    yield fact, strict, 1

    def monomial_fact(self, monom: dict, depth: int):
        """(fact, strict, scale) for Π gᵏ, or None."""
        factors, strict, scale = [], True, sympy.S.One
        for g, k in sorted(monom.items(), key=lambda kv: sympy.default_sort_key(kv[0])):
            if k % 2 == 0:
                factors.append({"kind": "square", "base": _srepr(self.atoms.back(g ** (k // 2)))})
                strict = False
                continue
            got = self.generator_fact(g, depth)
            if got is None:
                return None
            fact, s, sc = got
            factors.append(fact)
            strict, scale = strict and s, scale * sc
            if k > 1:
                factors.append({"kind": "square", "base": _srepr(self.atoms.back(g ** (k // 2)))})
                strict = False
        if not factors:
            return {"kind": "one"}, True, sympy.S.One
        if len(factors) == 1:
            return factors[0], strict, scale
        return {"kind": "product", "factors": factors}, strict, scale

    # -- D ≥ 0
    def nonneg(self, e, strict: bool, depth: int = 0):
        """(node, is_strict) proving e ≥ 0 (e > 0 when `strict`), e an expression over the atoms; or None."""
        if depth > MAX_DEPTH or time.monotonic() > self.deadline:
            return None
        terms = _terms(self.atoms, e)
        if terms is None:
            return None
        node = self._written(e, strict, depth)
        if node is not None:
            return node
        node = self._sum(terms, depth)
        if node is not None and (node[1] or not strict):
            return node
        for rule in (self._identity_norms, self._gram_sos, self._lagrange, self._square, self._opnorm_bounds):
            node = rule(e, terms, depth)
            if node is not None and (node[1] or not strict):
                return node
        return None

    def _written(self, e, strict: bool, depth: int):
        """e = c·tr(WᵀW) or c·tr(WᵀMW) for a trace written so in the claim (‖z‖² of a sum z)."""
        e = sympy.expand(e)
        if _has_roots(e):
            return None
        for value, (w, middle) in self.atoms.mirrored.values():
            if value == 0:
                continue
            c = sympy.cancel(e / value)
            if c.has(*self.atoms.meaning) or sign(c, self.facts) is None:
                continue
            if middle is None:
                fact, fact_strict = {"kind": "gram", "matrix": _srepr(w)}, False
            else:
                sub = self.psd(middle)
                if sub is None:
                    continue
                fact, fact_strict = {"kind": "form", "vector": _srepr(w), "matrix": _srepr(middle),
                                     "psd": sub[0]}, False
            if strict and not fact_strict:
                continue
            return {"rule": "sum", "terms": [{"coeff": _srepr(c), "fact": fact}]}, fact_strict
        return None

    def _sum(self, terms: list, depth: int):
        out, strict = [], False
        for coeff, monom in terms:
            got = self.monomial_fact(monom, depth)
            if got is None:
                return None
            fact, s, scale = got
            c = sympy.cancel(coeff / scale)
            sg = sign(c, self.facts)
            if sg is None:
                return None
            strict = strict or (sg == POS and s)
            out.append({"coeff": _srepr(c), "fact": fact})
        return {"rule": "sum", "terms": out}, strict

    def _halves(self, g):
        """(a, b) with the trace atom g = tr(aᵀb), split in the middle of a rotation, vectors preferred."""
        word, vertex = self.atoms.loop[g]
        if len(word) % 2:
            return None
        best = None
        for w in (word, _transpose_word(word)):
            for i in range(len(w)):
                r = w[i:] + w[:i]
                half = len(r) // 2
                a = _word_expr(_transpose_word(r[:half]), None)
                b = _word_expr(r[half:], None)
                if a.shape != b.shape:
                    continue
                if _is_one(b.shape[1]):
                    return a, b
                best = best or (a, b)
        return best

    def _gram_sos(self, e, terms: list, depth: int):
        """e = Σ Q_ij tr(a_iᵀa_j) with Q positive semidefinite: e = Σ d_k ‖Σ_j L_jk a_j‖² (LDLᵀ, exact)."""
        basis: dict = {}
        entries: dict = {}
        for coeff, monom in terms:
            if len(monom) != 1:
                return None
            (g, k), = monom.items()
            if k != 1 or g not in self.atoms.loop:
                return None
            halves = self._halves(g)
            if halves is None:
                return None
            i, j = (basis.setdefault(_srepr(h), (len(basis), h))[0] for h in halves)
            if i == j:
                entries[(i, i)] = entries.get((i, i), 0) + coeff
            else:
                for key in ((i, j), (j, i)):
                    entries[key] = entries.get(key, 0) + coeff / 2
        size = len(basis)
        if size < 2 or size > MAX_VECTORS:
            return None
        shapes = {v[1].shape for v in basis.values()}
        if len(shapes) != 1:
            return None
        q = sympy.Matrix(size, size, lambda i, j: entries.get((i, j), 0))
        vectors = [h for _, h in sorted(basis.values(), key=lambda v: v[0])]
        out, total = [], sympy.S.Zero
        for col in range(size):
            pivot = sympy.cancel(q[col, col])
            if pivot == 0:
                if any(sympy.cancel(q[col, j]) != 0 for j in range(col, size)):
                    return None
                continue
            if sign(pivot, self.facts) is None:
                return None
            row = [sympy.cancel(q[col, j] / pivot) for j in range(size)]
            w = None
            for j in range(col, size):
                if row[j] == 0:
                    continue
                part = vectors[j] if row[j] == 1 else MatMul(row[j], vectors[j])
                w = part if w is None else MatAdd(w, part)
            out.append({"coeff": _srepr(pivot), "fact": {"kind": "gram", "matrix": _srepr(w)}})
            total += pivot * self.atoms.scalar(Trace(MatMul(w.T, w)))
            for i in range(col, size):
                for j in range(col, size):
                    q[i, j] = sympy.cancel(q[i, j] - pivot * row[i] * row[j])
        if not out or sympy.expand(e - total) != 0:
            return None
        return {"rule": "sum", "terms": out}, False

    def _lagrange_poly(self, p, q):
        """tr(pᵀp)·tr(qᵀq) − tr(pᵀq)² over the atoms (cached per pair)."""
        key = (_srepr(p), _srepr(q))
        if key not in self.lagrange_cache:
            a = self.atoms
            self.lagrange_cache[key] = sympy.expand(a.scalar(Trace(MatMul(p.T, p))) * a.scalar(Trace(MatMul(q.T, q)))
                                                    - a.scalar(Trace(MatMul(p.T, q))) ** 2)
        return self.lagrange_cache[key]

    def _lagrange(self, e, terms: list, depth: int):
        if len(self.vectors) < 2 or _has_roots(e):
            return None
        pairs = [(p, q) for p, q in itertools.combinations(self.vectors, 2)
                 if all(sympy.expand(a - b) == 0 for a, b in zip(p.shape, q.shape))]
        if not pairs:
            return None
        kappas = sympy.symbols(f"kappa0:{len(pairs)}")
        a = self.atoms
        total = e
        lags = [self._lagrange_poly(p, q) for p, q in pairs]
        for k, lag in zip(kappas, lags):
            total -= k * lag
        total = sympy.expand(total)
        gens = _generators(a, total)
        try:
            equations = sympy.Poly(total, *gens).coeffs() if gens else [total]
            solutions = sympy.linsolve(equations, kappas)
        except (sympy.PolynomialError, ValueError, NotImplementedError):
            return None
        if not solutions:
            return None
        values = next(iter(solutions))
        free = {k: 0 for k in kappas}
        out = []
        for k, value, (p, q) in zip(kappas, values, pairs):
            value = sympy.cancel(sympy.sympify(value).xreplace(free))
            if value == 0:
                continue
            if _is_one(p.shape[1]):  # Lagrange: ‖p‖²‖q‖² − (pᵀq)² = ½‖pqᵀ − qpᵀ‖²
                c = sympy.cancel(value / 2)
                w = MatAdd(MatMul(p, q.T), -MatMul(q, p.T))
                fact = {"kind": "gram", "matrix": _srepr(w)}
            else:  # Cauchy–Schwarz for the Frobenius inner product
                c = sympy.cancel(value)
                fact = {"kind": "cauchy_schwarz", "left": _srepr(p), "right": _srepr(q)}
            if sign(c, self.facts) is None:
                return None
            out.append({"coeff": _srepr(c), "fact": fact})
        if not out:
            return None
        check = sympy.expand(e - sum(sympy.sympify(value).xreplace(free) * lag for value, lag in zip(values, lags)))
        if check != 0:
            return None
        return {"rule": "sum", "terms": out}, False

    def _square(self, e, terms: list, depth: int):
        irrational = [(c, m) for c, m in terms if any(isinstance(g, sympy.Pow) or g in self.atoms.opnorm for g in m)
                      and sign(c, self.facts) is not None]
        if not irrational:
            return None
        b = sympy.Add(*[c * sympy.Mul(*[g ** k for g, k in m.items()]) for c, m in irrational])
        upper = self.nonneg(b, False, depth + 1)
        if upper is None:
            return None
        a = sympy.expand(b - e)
        gap = sympy.expand(b ** 2 - a ** 2)
        lower = self.nonneg(gap, False, depth + 1)
        if lower is None:
            return None
        return {"rule": "square", "upper": _srepr(self.atoms.back(b)), "upper_proof": upper[0],
                "gap_proof": lower[0]}, lower[1]

    def _opnorm_bounds(self, e, *rest):
        """e = Σ c·(an operator-norm inequality) + a nonnegative rest: pair each negative term with its bound."""
        depth = rest[-1] if rest else 0
        terms = _terms(self.atoms, e)
        if terms is None or not self.atoms.opnorm:
            return None
        a = self.atoms
        rest = sympy.expand(e)
        used = []
        for coeff, monom in terms:
            if sign(coeff, self.facts) is not None:
                continue
            c = -coeff
            if sign(c, self.facts) is None or len(monom) != 1:
                return None
            (g, k), = monom.items()
            for norm_sym, m in list(a.opnorm.items()):
                candidates = []
                if k == 2 and g == norm_sym:  # −c‖A‖₂²: ‖A‖_F² − ‖A‖₂² ≥ 0
                    candidates.append(("opnorm_frobenius", {"matrix": _srepr(m)},
                                       a.scalar(Trace(MatMul(m.T, m))) - norm_sym ** 2))
                if k == 1 and g == norm_sym and isinstance(m, MatMul):  # −c‖AB‖₂: ‖A‖₂‖B‖₂ − ‖AB‖₂ ≥ 0
                    candidates += self._product_bounds(m, norm_sym)
                if k == 1 and g in a.loop:
                    bound = self._bound_for(g, m, norm_sym)
                    if bound is not None:
                        candidates.append(bound)
                    gram = a.scalar(Trace(MatMul(m.T, m)))
                    if gram == g:  # −c‖A‖_F²: n‖A‖₂² − ‖A‖_F² ≥ 0
                        candidates.append(("frobenius_opnorm", {"matrix": _srepr(m)},
                                           m.shape[1] * norm_sym ** 2 - gram))
                for kind, fields, value in candidates:
                    trial = sympy.expand(rest - c * value)
                    if self.nonneg(trial, False, depth + 1) is not None:
                        rest = trial
                        used.append({"coeff": _srepr(c), "fact": {"kind": kind, **fields}})
                        break
                else:
                    continue
                break
            else:
                return None
        final = self.nonneg(rest, False, depth + 1)
        if final is None or not used:
            return None
        rest_terms = final[0]["terms"] if final[0]["rule"] == "sum" else None
        if rest_terms is None:
            return None
        return {"rule": "sum", "terms": used + rest_terms}, final[1]

    def _identity_norms(self, e, terms: list, depth: int):
        """‖I_k‖₂ = 1: each term c·‖I_k‖₂ becomes c, through the fact ±(‖I_k‖₂ − 1) ≥ 0."""
        ones = [g for g, m in self.atoms.opnorm.items() if isinstance(m, Identity) and g in e.free_symbols]
        if not ones:
            return None
        out, rest = [], sympy.expand(e)
        for coeff, monom in terms:
            if len(monom) != 1 or list(monom.values()) != [1] or next(iter(monom)) not in ones:
                continue
            g = next(iter(monom))
            s = 1 if sign(coeff, self.facts) is not None else -1
            if sign(s * coeff, self.facts) is None:
                return None
            out.append({"coeff": _srepr(s * coeff), "fact": {"kind": "opnorm_identity", "matrix":
                                                             _srepr(self.atoms.opnorm[g]), "sign": s}})
            rest = sympy.expand(rest - coeff * (g - 1))
        if not out:
            return None
        final = self.nonneg(rest, False, depth + 1)
        if final is None or final[0]["rule"] != "sum":
            return None
        return {"rule": "sum", "terms": out + final[0]["terms"]}, final[1]

    def _product_bounds(self, m, norm_sym) -> list:
        out = []
        factors = m.args
        for i in range(1, len(factors)):
            left = factors[0] if i == 1 else MatMul(*factors[:i])
            right = factors[i] if i == len(factors) - 1 else MatMul(*factors[i:])
            if not (isinstance(left, MatrixExpr) and isinstance(right, MatrixExpr)):
                continue
            value = self.atoms.scalar(OpNorm2(left)) * self.atoms.scalar(OpNorm2(right)) - norm_sym
            out.append(("opnorm_product", {"left": _srepr(left), "right": _srepr(right)}, value))
        return out

    def _bound_for(self, g, m, norm_sym):
        """‖A‖₂²‖W‖² − ‖AW‖² ≥ 0 when the trace atom g is ‖AW‖² for the matrix A of norm_sym."""
        a = self.atoms
        word, _ = a.loop[g]
        prefix = [w for c, w in a.words(m)]
        if len(prefix) != 1 or a.words(m)[0][0] != 1:
            return None
        prefix = prefix[0]
        for i in range(len(word)):
            r = word[i:] + word[:i]
            half = len(r) // 2
            if len(r) % 2 or _keys(r[:half]) != _keys(_transpose_word(r[half:])):
                continue
            body = r[half:]
            if _keys(body[:len(prefix)]) == _keys(prefix) and len(body) > len(prefix):
                w = _word_expr(body[len(prefix):], None)
                value = norm_sym ** 2 * a.scalar(Trace(MatMul(w.T, w))) - g
                return "opnorm_bound", {"matrix": _srepr(m), "vector": _srepr(w)}, value
        return None


def _has_roots(e) -> bool:
    """e has a fractional power (a square root)."""
    return any(isinstance(n, sympy.Pow) and not n.exp.is_Integer for n in sympy.preorder_traversal(e))


def _split_scalar(m):
    """(scalar coefficient, matrix) of c·M."""
    if isinstance(m, MatMul) and not isinstance(m.args[0], MatrixExpr):
        rest = m.args[1:]
        return m.args[0], rest[0] if len(rest) == 1 else MatMul(*rest)
    return sympy.S.One, m


def _mirror(m):
    """(W, M) with m = Wᵀ·M·W as written (M None for the Gram product WᵀW), or None."""
    if not isinstance(m, MatMul) or not all(isinstance(a, MatrixExpr) for a in m.args):
        return None
    f = ()
    for a in m.args:  # SymPy writes M·M as M²
        repeat = isinstance(a, MatPow) and a.args[1].is_Integer and 1 < a.args[1] <= MAX_VECTORS
        f += (a.args[0],) * int(a.args[1]) if repeat else (a,)
    half = len(f) // 2
    left, right = f[:half], f[len(f) - half:]
    if half == 0 or _keys(left) != _keys(_transpose_word(right)):
        return None
    outer = right[0] if len(right) == 1 else MatMul(*right)
    middle = f[half] if len(f) % 2 else None
    return outer, middle


# ---------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------


def _in_scope(problem: Problem) -> bool:
    if problem.relation not in INEQUALITIES + ("==",) or not problem.is_scalar:
        return False
    sides = (problem.lhs, problem.rhs)
    return any(isinstance(s, Basic) and s.has(MatrixExpr, OpNorm2) for s in sides)


def _difference(problem: Problem):
    lhs, rhs = problem.lhs, problem.rhs
    return (lhs - rhs) if problem.relation in (">", ">=") else (rhs - lhs)


def _domain(search: Search, problem: Problem) -> list | None:
    """A proof that every square-root (fractional power) base of the claim is ≥ 0."""
    out, seen = [], set()
    for side in (problem.lhs, problem.rhs):
        for node in sympy.preorder_traversal(side):
            if isinstance(node, sympy.Pow) and not node.exp.is_Integer:
                key = _srepr(node.base)
                if key in seen:
                    continue
                seen.add(key)
                got = search.nonneg(search.atoms.scalar(node.base), False, 1)
                if got is None:
                    return None
                out.append({"arg": key, "proof": got[0]})
    return out


def prove_inequality(problem: Problem, deadline: float) -> dict | None:
    """The `symcheck-positivity/1` certificate of the claim, or None (an equation: both inequalities)."""
    if problem.relation == "==" and not any(
            isinstance(n, sympy.Pow) and not n.exp.is_Integer or isinstance(n, OpNorm2)
            for side in (problem.lhs, problem.rhs) for n in sympy.preorder_traversal(side)):
        return None  # identities without roots or norms belong to the identity provers
    search = Search(problem, deadline)
    lhs, rhs = search.atoms.scalar(problem.lhs), search.atoms.scalar(problem.rhs)
    domain = _domain(search, problem)
    if domain is None:
        return None
    cert = {"format": FORMAT, "relation": problem.relation, "domain": domain}
    if problem.relation == "==":
        for key, d in (("proof", lhs - rhs), ("converse", rhs - lhs)):
            node = search.nonneg(d, False)
            if node is None:
                return None
            cert[key] = node[0]
        return cert
    d = (lhs - rhs) if problem.relation in (">", ">=") else (rhs - lhs)
    strict = problem.relation in (">", "<")
    node = search.nonneg(d, strict)
    if node is None or (strict and not node[1]):
        return None
    cert["proof"] = node[0]
    return cert


class PositivityEngine:
    """The positivity prover as an engine of the dispatcher (`engine.ENGINES`)."""

    name = METHOD

    def attempt(self, problem: Problem, deadline: float) -> Verdict | None:
        """proved (with a certificate) or None: this engine never refutes."""
        if not _in_scope(problem):
            return None
        try:
            cert = prove_inequality(problem, deadline)
        except OutsidePositivity:
            return None
        if cert is None:
            return None
        return proved(METHOD, "the difference of the two sides is a sum of nonnegative terms (Gram traces, "
                              "positive semidefinite forms, assumptions, square roots, norm bounds)", cert)


__all__ = ["PositivityEngine", "prove_inequality", "FORMAT", "METHOD", "Atoms", "sign", "symbol_signs"]
