"""The z3 bridge: SymPy scalar expressions to z3 real arithmetic, decision, exact models.

What this module owns
---------------------
* `Z3Translator`: turns a real SymPy expression or boolean into z3 terms. Polynomial
  arithmetic is translated exactly; everything else is translated by rules in the
  `EXPR_RULES` / `BOOL_RULES` tables (read-only tuples), each either exact or a sound
  over-approximation (the z3 problem then has *more* models than the real one, so
  "unsatisfiable" still proves the claim, and a model is only a candidate that the
  caller must re-check exactly):

  ============================  ===================================================
  SymPy                         z3
  ============================  ===================================================
  ``b**-n``                     fresh ``r`` with ``r*b == 1`` (excludes ``b = 0``)
  ``b**(p/q)``                  fresh ``s >= 0``, ``s**q == b`` when ``b >= 0``;
                                ``b >= 0`` becomes a *required* domain condition
  ``b**(a*k + c)`` (symbolic)   fresh ``T`` for ``b**k``: ``T != 0``, ``T > 0`` when
                                ``b > 0``; at ``b = 0`` the value is ``0``/``1`` by
                                the sign of the exponent and a negative exponent is
                                excluded (an inverse of zero). A non-integer exponent
                                requires ``b > 0``.
  ``Abs``, ``Max``, ``Min``,    ``If`` terms (exact)
  ``sign``, ``Heaviside``
  ``Piecewise``                 nested ``If``; a branch holding the `EXCLUDED` marker
                                excludes its points, and "no branch applies" is a
                                required domain condition
  ``exp(u)``                    fresh ``v > 0``, ``v >= 1 + u``, monotone in ``u``;
                                also the log atom ``log v = u`` (below); for
                                ``u`` a sum, the product of its terms' exps
                                with ``v >= 1 + u`` and ``v*(1 - u) <= 1``;
                                exp(g·s) for an integer g ≥ 2 (the content of the
                                exponent) as exp(s)^g: e^(2a−2) ≥ a² from
                                e^(a−1) ≥ a, and e^(−4z) = (e^(−z))⁴
  ``log(u)``                    fresh ``w`` (when ``u > 0``): ``w <= u - 1``,
                                ``w*u >= u - 1``; ``u > 0`` required; every two log
                                atoms ordered as their arguments are (log is
                                strictly increasing), exp atoms among them;
                                for at most 4 atoms, each product of two
                                ordered against each atom (log(uv) = log u + log v);
                                the goal's own combination Σ kᵢ·log uᵢ (integers
                                kᵢ) ordered as Π uᵢ^kᵢ over its positive and its
                                negative k (log x + log y ≤ 2 log((x+y)/2))
  ``floor(u)``, ``ceiling(u)``  z3's ``to_int(u)``, ``-to_int(-u)`` (exact)
  ``frac(u)``                   ``u - to_int(u)`` (exact)
  irrational constants          fresh variable between certified rational bounds
  anything else                 an opaque real variable per distinct expression
  ============================  ===================================================

  A symbol's own assumptions that z3 cannot otherwise see become side constraints of its
  variable when the translator is asked for them (`facts=True`, table `SYMBOL_FACTS`): a
  symbol SymPy calls `noninteger` (``irrational=True``, ``rational=False, real=True``,
  ``integer=False, real=True``) is "not an integer" (``Not(IsInt(x))``), an `even` one is
  ``2m``, an `odd` one ``2m + 1`` for a z3 integer ``m`` (z3 decides these forms where
  ``IsInt(x/2)`` on a real ``x`` leaves it searching). Only facts SymPy derives from the
  symbol's assumptions are added, so the z3 problem keeps every admissible point. Signs
  are the caller's hypotheses. Integer terms (``floor``, ``IsInt``) make the query one of
  mixed integer/real arithmetic (`Z3Translator.integral`), which z3's general solver takes
  instead of nlsat.

  Constraints come in two kinds. `side` constraints define the fresh variables and
  exclude points where an inverse does not exist (CONTRACT §2: such points are not
  part of the claim). `required` conditions say where a root, logarithm or piecewise
  expression is real at all; the caller must *prove* them, never assume them.

* `decide_goal(hypotheses, goal, integers, deadline)`: is ``hypotheses ∧ side ∧
  ¬(required ∧ goal)`` satisfiable? ``unsat`` proves the goal. Integer symbols are
  first relaxed to reals (sound for proofs: the reals contain the integers, so no
  real counterexample means no integer one); a candidate counterexample with
  non-integral values is then searched again with z3 integer sorts. Each pass is first
  asked without the symbols' facts (the nlsat query of a polynomial claim stays one); only
  a model that breaks a fact (an integer value of an irrational symbol, an odd value of an
  even one) makes it ask again with them (`_decide_with_facts`).

* `is_rational_polynomial(expr)`: built from symbols and rationals by +, × and positive
  integer powers only, so its translation is exact and adds no constraint (the matrix
  prover's denominators, `prove.matrix.nonzero`, use only such terms). It lives in `forms`
  with the `EXCLUDED` marker and the exponent helpers (SymPy alone): what needs no z3 never
  imports this module, and nothing imports it until a query is asked.

* Model extraction: z3 may answer with algebraic numbers; `decide_goal` pins each
  non-rational value to a nearby simple rational and asks z3 again, so the model it
  returns is a dict of exact SymPy Rationals (still to be re-checked by the caller).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable

import sympy
import z3
from sympy import Basic

from ...model import relations
from .forms import EXCLUDED, exponent_is_integer, is_rational_polynomial, primitive_exponent


UNSAT, SAT, UNKNOWN = "unsat", "sat", "unknown"


class Untranslatable(Exception):
    """The expression has no sound z3 translation (e.g. a non-real object)."""


def _rational(value) -> z3.ArithRef:
    value = sympy.Rational(value)
    return z3.RealVal(f"{value.p}/{value.q}")


def _power(term: z3.ArithRef, n: int) -> z3.ArithRef:
    """term**n as a product (nlsat treats products natively)."""
    result = None
    for _ in range(n):
        result = term if result is None else result * term
    return result if result is not None else z3.RealVal(1)


@dataclass
class Z3Translator:
    """SymPy → z3 for one query; fresh variables and constraints accumulate on the instance."""

    integers: frozenset = frozenset()   # sympy Symbols that range over the integers
    int_sorts: bool = False             # True: integer symbols become z3 Int (else relaxed to Real)
    facts: bool = False                 # True: each symbol's SYMBOL_FACTS are side constraints
    vars: dict = field(default_factory=dict)      # sympy Symbol -> z3 var
    side: list = field(default_factory=list)      # definitional constraints / excluded points
    required: list = field(default_factory=list)  # domain conditions the caller must prove
    exact: bool = True                            # False once an over-approximation was used
    integral: bool = False                        # True once an integer term or IsInt was used
    _cache: dict = field(default_factory=dict)
    _fresh: int = 0
    _exps: list = field(default_factory=list)     # (u, v) pairs of exp atoms, for monotonicity
    _logs: list = field(default_factory=list)

    # -- variables -----------------------------------------------------------------
    def fresh(self, hint: str) -> z3.ArithRef:
        """A fresh z3 real variable."""
        self._fresh += 1
        return z3.Real(f"{hint}!{self._fresh}")

    def symbol(self, s: sympy.Symbol) -> z3.ArithRef:
        """The z3 variable of a SymPy symbol (an Int when integer sorts are on and it is an integer)."""
        if s not in self.vars:
            name = f"{s.name}!s{len(self.vars)}"
            if s in self.integers and self.int_sorts:
                self.vars[s] = z3.ToReal(z3.Int(name))
            else:
                self.vars[s] = z3.Real(name)
            for holds, form, _ in (SYMBOL_FACTS if self.facts else ()):
                if holds(s):
                    self.vars[s], constraints = form(name, self.vars[s])
                    self.side += constraints
                    self.integral = True
        return self.vars[s]

    # -- expressions ---------------------------------------------------------------
    def expr(self, e: Basic) -> z3.ArithRef:
        """A real SymPy expression as a z3 term (side constraints and required conditions accumulate)."""
        e = sympy.sympify(e)
        if e in self._cache:
            return self._cache[e]
        if e.is_Rational:
            out = _rational(e)
        elif isinstance(e, sympy.Symbol):
            if e == EXCLUDED:
                raise Untranslatable("the EXCLUDED marker outside a Piecewise branch")
            out = self.symbol(e)
        else:
            rule = next((r for cls, r in EXPR_RULES if isinstance(e, cls)), None)
            if rule is None:
                out = self._constant(e) if e.is_number else self._opaque(e)
            else:
                out = rule(self, e)
        self._cache[e] = out
        return out

    def boolean(self, b: Basic) -> z3.BoolRef:
        """A SymPy condition as a z3 boolean; Untranslatable for an unknown one."""
        b = sympy.sympify(b)
        if b is sympy.true or b is True:
            return z3.BoolVal(True)
        if b is sympy.false or b is False:
            return z3.BoolVal(False)
        rule = next((r for cls, r in BOOL_RULES if isinstance(b, cls)), None)
        if rule is None:
            raise Untranslatable(f"cannot translate the condition {b}")
        return rule(self, b)

    def _opaque(self, e: Basic) -> z3.ArithRef:
        """An unknown real function application: a free variable (consistent per expression)."""
        if e.is_real is False or isinstance(e, (sympy.MatrixBase, sympy.MatrixExpr)):
            raise Untranslatable(f"{e} is not a real scalar")
        self.exact = False
        return self.fresh("opaque")

    def _constant(self, e: Basic) -> z3.ArithRef:
        """An irrational constant (pi, E, exp(2), ...): a variable between certified rational bounds."""
        value = e.evalf(40, strict=True)
        if not value.is_real:
            raise Untranslatable(f"{e} is not real")
        v = self.fresh("const")
        eps = sympy.Rational(1, 10**30)
        mid = sympy.Rational(str(value))
        self.side += [v > _rational(mid - eps), v < _rational(mid + eps)]
        self.exact = False
        return v

    def reciprocal(self, base: Basic) -> z3.ArithRef:
        """1/base as a fresh r with r·base = 1 (which excludes base = 0)."""
        key = ("recip", base)
        if key not in self._cache:
            r = self.fresh("recip")
            self.side.append(r * self.expr(base) == 1)
            self._cache[key] = r
        return self._cache[key]

    def root(self, base: Basic, q: int) -> z3.ArithRef:
        """base^(1/q) as a fresh s ≥ 0 with s^q = base, base ≥ 0 required."""
        key = ("root", base, q)
        if key not in self._cache:
            b = self.expr(base)
            s = self.fresh("root")
            self.side.append(z3.Implies(b >= 0, z3.And(s >= 0, _power(s, q) == b)))
            self.required.append(b >= 0)
            self._cache[key] = s
        return self._cache[key]

    def symbolic_power(self, base: Basic, exponent: Basic) -> z3.ArithRef:
        """base**exponent for a symbolic exponent, through a fresh variable for base**key."""
        key_expr, g, c = primitive_exponent(exponent)
        b = self.expr(base)
        key = ("spow", base, key_expr)
        if key not in self._cache:
            t = self.fresh("pow")
            self.side += [t != 0, z3.Implies(b > 0, t > 0)]
            self._cache[key] = t
        t = self._cache[key]
        nonzero_value = self._int_power(t, g, ("spow-recip", base, key_expr)) * self._int_power(b, c, ("recip", base))
        self.exact = False
        if exponent_is_integer(exponent, self.integers):
            e = self.expr(exponent)
            self.side.append(z3.Or(b != 0, e >= 0))  # 0**negative: an inverse of zero
            return z3.If(b != 0, nonzero_value, z3.If(e > 0, z3.RealVal(0), z3.RealVal(1)))
        self.required.append(b > 0)
        return nonzero_value

    def _int_power(self, term: z3.ArithRef, n: int, recip_key) -> z3.ArithRef:
        if n >= 0:
            return _power(term, n)
        if recip_key not in self._cache:
            r = self.fresh("recip")
            self.side.append(r * term == 1)
            self._cache[recip_key] = r
        return _power(self._cache[recip_key], -n)


# -- expression rules ----------------------------------------------------------------

def _add(t: Z3Translator, e):
    return z3.Sum([t.expr(a) for a in e.args])


def _mul(t: Z3Translator, e):
    return z3.Product([t.expr(a) for a in e.args])


def _pow(t: Z3Translator, e):
    base, exp_ = e.args
    if exp_.is_Integer:
        n = int(exp_)
        return _power(t.expr(base), n) if n >= 0 else _power(t.reciprocal(base), -n)
    if exp_.is_Rational:
        s = t.root(base, int(exp_.q))
        p = int(exp_.p)
        return _power(s, p) if p >= 0 else _power(t.reciprocal(sympy.Pow(base, sympy.Rational(1, exp_.q))), -p)
    if base is sympy.E:
        return _exp(t, sympy.exp(exp_, evaluate=False))
    return t.symbolic_power(base, exp_)


def _abs(t: Z3Translator, e):
    u = t.expr(e.args[0])
    return z3.If(u >= 0, u, -u)


def _max(t: Z3Translator, e):
    terms = [t.expr(a) for a in e.args]
    out = terms[0]
    for term in terms[1:]:
        out = z3.If(out >= term, out, term)
    return out


def _min(t: Z3Translator, e):
    terms = [t.expr(a) for a in e.args]
    out = terms[0]
    for term in terms[1:]:
        out = z3.If(out <= term, out, term)
    return out


def _sign(t: Z3Translator, e):
    u = t.expr(e.args[0])
    return z3.If(u > 0, z3.RealVal(1), z3.If(u < 0, z3.RealVal(-1), z3.RealVal(0)))


def _heaviside(t: Z3Translator, e):
    u = t.expr(e.args[0])
    h0 = e.args[1] if len(e.args) > 1 else sympy.S.Half
    if not h0.is_Rational:
        raise Untranslatable(f"Heaviside with the value {h0} at 0")
    return z3.If(u > 0, z3.RealVal(1), z3.If(u < 0, z3.RealVal(0), _rational(h0)))


def _piecewise(t: Z3Translator, e):
    """Nested If. `EXCLUDED` branches exclude their points; an uncovered rest is a required condition."""
    pieces = list(e.args)
    conds = [t.boolean(c) for _, c in pieces]
    covered = z3.Or(*conds) if conds else z3.BoolVal(False)
    t.required.append(covered)
    out = z3.RealVal(0)  # value outside every branch: irrelevant, `covered` is required
    for i in reversed(range(len(pieces))):
        value = pieces[i][0]
        if value.has(EXCLUDED):  # the points choosing this branch are outside the domain
            t.side.append(z3.Not(z3.And(conds[i], *[z3.Not(c) for c in conds[:i]])))
            continue
        out = z3.If(conds[i], t.expr(value), out)
    return out


MAX_EXP_POWER = 6  # exp(g·s) is read as exp(s)^g up to this integer content g of the exponent


def _ordered_as(u1, u2, w1, w2, domain=None) -> list:
    """w1, w2 ordered as u1, u2 are (an increasing function: w = f(u)), where `domain` holds (always if None)."""
    def where(condition):
        return condition if domain is None else z3.And(domain, condition)
    return [z3.Implies(where(u1 < u2), w1 < w2), z3.Implies(where(u2 < u1), w2 < w1),
            z3.Implies(where(u1 == u2), w1 == w2)]


def _exp(t: Z3Translator, e):
    u = t.expr(e.args[0])
    expanded = sympy.expand(e.args[0])
    terms = sympy.Add.make_args(expanded)
    content, inner = expanded.as_content_primitive()
    if content.is_Integer and 2 <= content <= MAX_EXP_POWER:
        v = t.expr(sympy.exp(inner)) ** int(content)  # exp(g·s) = exp(s)^g: exp(2a − 2) = exp(a − 1)²
        t.side += [v >= 1 + u, v * (1 - u) <= 1]     # and the tangent lines of the whole exponent
        return v
    if len(terms) > 1:  # exp of a sum: the product of its terms' exps, with the tangent lines of the whole
        v = z3.Product([t.expr(sympy.exp(term)) for term in terms])
        t.side += [v >= 1 + u, v * (1 - u) <= 1]
        t.exact = False
        return v
    v = t.fresh("exp")
    t.side += [v > 0, v >= 1 + u]
    if e.args[0].could_extract_minus_sign():  # exp(-m) = 1/exp(m): one atom's reciprocal
        t.side.append(v * t.expr(sympy.exp(-e.args[0])) == 1)
    for u2, v2 in t._exps:  # exp is strictly increasing
        t.side += _ordered_as(u, u2, v, v2)
    t._exps.append((u, v))
    _log_atom(t, v, u)  # log v = u exactly: compared with every log atom by log's monotonicity
    t.exact = False
    return v


def _log(t: Z3Translator, e):
    if len(e.args) != 1:
        raise Untranslatable("log with a base")
    u = t.expr(e.args[0])
    w = t.fresh("log")
    t.required.append(u > 0)
    t.side += [z3.Implies(u > 0, z3.And(w <= u - 1, w * u >= u - 1))]
    _log_atom(t, u, w)
    t.exact = False
    return w


MAX_PRODUCT_ATOMS = 4  # log(u·v) = log u + log v is stated for the products of at most this many log atoms


def _log_products(t: Z3Translator) -> None:
    """log(u₁·u₂) = log u₁ + log u₂: for a few log atoms (exp atoms among them), each product of two (a square
    too) is ordered against every atom as their arguments are (what bounds log(e^a + e^b) by a + log 2)."""
    atoms = t._logs
    if not 2 <= len(atoms) <= MAX_PRODUCT_ATOMS:
        return
    for i, (u1, w1) in enumerate(atoms):
        for u2, w2 in atoms[i:]:
            u, w = u1 * u2, w1 + w2
            for u3, w3 in atoms:
                t.side += _ordered_as(u, u3, w, w3, z3.And(u1 > 0, u2 > 0, u3 > 0))


MAX_COMBINATION_POWER = 4  # |k| of one log atom in the goal's combination (of a number: MAX_NUMBER_POWER)
MAX_COMBINATION_DEGREE = 10  # Σ|k| over its atoms that are not numbers: the degree of the products it compares
MAX_NUMBER_POWER = 32  # |k| of log c for a number c (log 4 = 2 log 2 makes them large): a constant factor


def log_combination(difference) -> dict | None:
    """{log(u): k} with integers k: the logs of `difference` (a goal's lhs − rhs) as Σ c·log(u), rational c
    scaled to integers by their common denominator; None when a log stands otherwise (under a product with
    something else, inside a function), when fewer than two logs stand there, or when the powers are large."""
    coefficients: dict = {}
    for term in sympy.Add.make_args(sympy.expand(difference)):
        if not term.has(sympy.log):
            continue
        c, rest = term.as_coeff_Mul()
        if not (isinstance(rest, sympy.log) and c.is_Rational and c != 0):
            return None
        coefficients[rest] = coefficients.get(rest, sympy.S.Zero) + c
    coefficients = {e: c for e, c in coefficients.items() if c != 0}
    if len(coefficients) < 2:
        return None
    scale = sympy.ilcm(*[c.q for c in coefficients.values()])
    powers = {e: int(c * scale) for e, c in coefficients.items()}
    symbolic = [abs(k) for e, k in powers.items() if not e.args[0].is_number]
    numbers = [abs(k) for e, k in powers.items() if e.args[0].is_number]
    if max(symbolic, default=0) > MAX_COMBINATION_POWER or sum(symbolic) > MAX_COMBINATION_DEGREE or \
            max(numbers, default=0) > MAX_NUMBER_POWER:
        return None
    return powers


def _log_combination(t: Z3Translator, goal) -> None:
    """Σ kᵢ·log uᵢ = log(Π uᵢ^kᵢ): for the goal's own combination of logs (`log_combination`), the sum over
    the positive k and the sum over the negative k are ordered as their products are (all uᵢ > 0). So
    log x + log y ≤ 2 log((x + y)/2) reduces to 4xy ≤ (x + y)²."""
    parts = goal.args if isinstance(goal, sympy.And) else (goal,)  # the claim's relation, beside its domain
    for relation in parts:
        if isinstance(relation, sympy.core.relational.Relational):
            _combination_fact(t, log_combination(relation.lhs - relation.rhs))


def _combination_fact(t: Z3Translator, powers: dict | None) -> None:
    if powers is None or not all(e in t._cache and e.args[0] in t._cache for e in powers):
        return
    domain = z3.And(*[t._cache[e.args[0]] > 0 for e in powers])
    sums, products = [z3.RealVal(0), z3.RealVal(0)], [z3.RealVal(1), z3.RealVal(1)]
    for e, k in powers.items():
        side = 0 if k > 0 else 1
        sums[side] = sums[side] + abs(k) * t._cache[e]
        for _ in range(abs(k)):
            products[side] = products[side] * t._cache[e.args[0]]
    (w1, w2), (u1, u2) = sums, products
    t.side += _ordered_as(u1, u2, w1, w2, domain)


def _log_atom(t: Z3Translator, u, w) -> None:
    """w = log u (where u > 0): strictly increasing, so ordered against every log atom so far as u is. An exp
    atom v = exp(a) is the log atom (v, a), which links log(1 + exp(a)) to a."""
    for u2, w2 in t._logs:
        t.side += _ordered_as(u, u2, w, w2, z3.And(u > 0, u2 > 0))
    t._logs.append((u, w))


def _floor(t: Z3Translator, e):
    """floor(u) as z3's to_int (the greatest integer <= u; exact). z3 relates to_int to IsInt
    directly, where a fresh integer k with k <= u < k + 1 leaves its arithmetic solver searching."""
    t.integral = True
    return z3.ToReal(z3.ToInt(t.expr(e.args[0])))


def _ceiling(t: Z3Translator, e):
    """ceiling(u) = -floor(-u) (exact)."""
    t.integral = True
    return -z3.ToReal(z3.ToInt(-t.expr(e.args[0])))


def _frac(t: Z3Translator, e):
    """frac(u) = u - floor(u) for real u (SymPy's definition; exact)."""
    u = t.expr(e.args[0])
    t.integral = True
    return u - z3.ToReal(z3.ToInt(u))


EXPR_RULES: tuple[tuple[type, Callable], ...] = (
    (sympy.Add, _add),
    (sympy.Mul, _mul),
    (sympy.Pow, _pow),
    (sympy.Abs, _abs),
    (sympy.Max, _max),
    (sympy.Min, _min),
    (sympy.sign, _sign),
    (sympy.Heaviside, _heaviside),
    (sympy.Piecewise, _piecewise),
    (sympy.exp, _exp),
    (sympy.log, _log),
    (sympy.floor, _floor),
    (sympy.ceiling, _ceiling),
    (sympy.frac, _frac),
)


def _half(name: str) -> z3.ArithRef:
    # a symbol's z3 name ends in !s<index>, a fresh variable's in !<number>: no other ends in !half
    return z3.ToReal(z3.Int(f"{name}!half"))


#: (test on a SymPy symbol, form: (z3 name, variable) -> (its term, constraints), test on a
#: rational value): facts SymPy derives from the symbol's own assumptions that the caller's
#: sign hypotheses do not carry. A fact is used only when SymPy says it holds (`is_noninteger
#: is True`), never a stronger one; the third entry says whether a model's value meets it.
SYMBOL_FACTS: tuple[tuple[Callable, Callable, Callable], ...] = (
    (lambda s: s.is_noninteger is True and s.is_real is True,     # irrational, rational=False, ...
     lambda name, v: (v, [z3.Not(z3.IsInt(v))]), lambda value: not value.is_integer),
    (lambda s: s.is_even is True, lambda name, v: (2 * _half(name), []),
     lambda value: (value / 2).is_integer),
    (lambda s: s.is_odd is True, lambda name, v: (2 * _half(name) + 1, []),
     lambda value: ((value - 1) / 2).is_integer),
)

# -- boolean rules -------------------------------------------------------------------

BOOL_RULES: tuple[tuple[type, Callable], ...] = (
    *[(kind.sympy_class(), lambda t, b, compare=kind.compare: compare(t.expr(b.lhs), t.expr(b.rhs)))
      for kind in (relations.RELATIONS[key] for key in relations.COMPARISONS)],   # model/relations.py
    (sympy.And, lambda t, b: z3.And(*[t.boolean(a) for a in b.args])),
    (sympy.Or, lambda t, b: z3.Or(*[t.boolean(a) for a in b.args])),
    (sympy.Not, lambda t, b: z3.Not(t.boolean(b.args[0]))),
    (sympy.Implies, lambda t, b: z3.Implies(t.boolean(b.args[0]), t.boolean(b.args[1]))),
)


# -- decision ------------------------------------------------------------------------

@dataclass
class Decision:
    """What z3 said: unsat (the goal holds), sat with a candidate model, or unknown."""
    status: str                      # UNSAT (goal proved) | SAT (candidate model) | UNKNOWN
    model: dict | None = None        # sympy Symbol -> exact sympy Rational (candidate only)
    reason: str = ""
    exact: bool = True               # was the translation exact (no over-approximation)?


def decide_goal(hypotheses: list[Basic], goal: Basic, integers: frozenset = frozenset(),
           deadline: float | None = None) -> Decision:
    """Search a point satisfying the hypotheses where `goal` (or a required domain condition) fails."""
    first = _decide_with_facts(hypotheses, goal, integers, False, deadline)
    if first.status != SAT or not integers:
        return first
    if all(first.model.get(s, sympy.S.Zero).is_Integer for s in integers):
        return first
    # Real relaxation gave a non-integral candidate: ask again over z3 integers for a refutation.
    second = _decide_with_facts(hypotheses, goal, integers, True, deadline)
    if second.status == SAT:
        return second
    if second.status == UNSAT:  # z3's integer reasoning is sound when it says unsat
        return Decision(UNSAT, None, "negation unsatisfiable over the integers", second.exact)
    return Decision(UNKNOWN, None, "a counterexample exists over the reals with non-integer values; "
                    f"over the integers z3 said {second.status} ({second.reason})", first.exact)


def _decide_with_facts(hypotheses, goal, integers, int_sorts, deadline) -> Decision:
    """One pass without the symbols' facts; again with them when its model breaks one."""
    plain = _decide_once(hypotheses, goal, integers, int_sorts, deadline)
    if plain.status != SAT or not _breaks_facts(plain.model):
        return plain
    with_facts = _decide_once(hypotheses, goal, integers, int_sorts, deadline, facts=True)
    return plain if with_facts.status == UNKNOWN else with_facts


def _breaks_facts(model: dict) -> bool:
    """Some value of the model contradicts a fact of its symbol (`SYMBOL_FACTS`)."""
    return any(holds(s) and not fits(value) for s, value in model.items() for holds, _, fits in SYMBOL_FACTS)


def _remaining_ms(deadline: float | None) -> int:
    if deadline is None:
        return 10_000
    return max(1, int((deadline - time.monotonic()) * 1000))


def _decide_once(hypotheses, goal, integers, int_sorts, deadline, facts=False) -> Decision:
    tr = Z3Translator(integers=frozenset(integers), int_sorts=int_sorts, facts=facts)
    try:
        hyps = [tr.boolean(h) for h in hypotheses]
        # A point where an assumption is not even a real statement (sqrt of a negative, ...)
        # does not satisfy it: the hypotheses' own domain conditions are hypotheses.
        hyps += tr.required
        tr.required = []
        goal_z = tr.boolean(goal)
    except Untranslatable as exc:
        return Decision(UNKNOWN, None, f"no z3 translation: {exc}", False)
    solver = z3.SolverFor("QF_NRA") if not (int_sorts and integers) and not tr.integral else z3.Solver()
    solver.set("timeout", _remaining_ms(deadline))
    _log_products(tr)
    _log_combination(tr, goal)
    solver.add(*hyps, *tr.side)
    solver.add(z3.Not(z3.And(*tr.required, goal_z)))
    answer = solver.check()
    if answer == z3.unsat:
        return Decision(UNSAT, None, "negation unsatisfiable", tr.exact)
    if answer == z3.unknown:
        return Decision(UNKNOWN, None, f"z3: {solver.reason_unknown()}", tr.exact)
    model = _rational_model(solver, tr, deadline)
    if model is None:
        return Decision(UNKNOWN, None, "z3 found a model but no rational point near it", tr.exact)
    return Decision(SAT, model, "z3 model", tr.exact)


# -- exact models ----------------------------------------------------------------------

def _value(model: z3.ModelRef, var: z3.ArithRef):
    """The model's value: a Fraction when rational, else a float approximation (algebraic number)."""
    val = model.eval(var, model_completion=True)
    if z3.is_int_value(val):
        return Fraction(val.as_long())
    if z3.is_rational_value(val):
        return Fraction(val.numerator_as_long(), val.denominator_as_long())
    if z3.is_algebraic_value(val):
        approx = val.approx(30)
        return float(Fraction(approx.numerator_as_long(), approx.denominator_as_long()))
    raise Untranslatable(f"model value {val}")


def _candidates(x: float) -> list[Fraction]:
    """Simple rationals near x, simplest first."""
    exact = Fraction(x)
    out = [Fraction(round(x)), Fraction(round(x * 2), 2)]
    out += [exact.limit_denominator(10**k) for k in (1, 2, 3, 4, 6, 9)]
    seen, unique = set(), []
    for c in out:
        if c not in seen:
            seen.add(c)
            unique.append(c)
    return unique


def _rational_model(solver: z3.Solver, tr: Z3Translator, deadline) -> dict | None:
    """Pin every algebraic value of a problem symbol to a nearby rational, re-solving each time."""
    model = solver.model()
    pinned = 0
    for sym, var in tr.vars.items():
        value = _value(model, var)
        if isinstance(value, Fraction):
            continue
        for cand in _candidates(value):
            if deadline is not None and time.monotonic() > deadline:
                return None
            solver.push()
            solver.add(var == _rational(sympy.Rational(cand.numerator, cand.denominator)))
            if solver.check() == z3.sat:
                model = solver.model()
                pinned += 1
                break
            solver.pop()
        else:
            return None
    out = {}
    for sym, var in tr.vars.items():
        value = _value(model, var)
        if not isinstance(value, Fraction):
            return None
        out[sym] = sympy.Rational(value.numerator, value.denominator)
    for _ in range(pinned):
        solver.pop()
    return out


__all__ = ["Z3Translator", "Decision", "decide_goal", "EXCLUDED", "Untranslatable", "exponent_is_integer",
           "is_rational_polynomial", "primitive_exponent", "EXPR_RULES", "BOOL_RULES", "SYMBOL_FACTS",
           "UNSAT", "SAT", "UNKNOWN"]
