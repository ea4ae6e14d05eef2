"""Signs the checker shows itself, from the claim's assumptions only (no prover code, no z3).

Facts: a symbol's declared assumptions (`Symbol('lam', positive=True)`), the claim's
sign predicates (`Q.positive(lam)`, `Q.nonzero(a)`, ...) and relations comparing a
symbol with 0 (`lam > 0`, `0 <= t`, `Ne(a, 0)`), and the trace of a Gram word
(tr(u·uᵀ) ≥ 0), and the sign SymPy certifies for a closed real constant (π, √2, log 2).
`sign(expr)` combines them by sums, products, integer and fractional powers, real powers
of a positive base, exp and Abs: "pos", "neg", "nonneg", "nonpos", "nonzero", "zero", or
None when the rules say nothing.
"""
from __future__ import annotations

import sympy

POS, NEG, NONNEG, NONPOS, NONZERO, ZERO = "pos", "neg", "nonneg", "nonpos", "nonzero", "zero"
_STRICT = {POS: 1, NEG: -1}
_WEAK = {NONNEG: 1, NONPOS: -1}
_PREDICATES = {"positive": POS, "negative": NEG, "nonnegative": NONNEG, "nonpositive": NONPOS, "nonzero": NONZERO,
               "zero": ZERO}
_RELATIONS = {sympy.StrictGreaterThan: POS, sympy.GreaterThan: NONNEG, sympy.StrictLessThan: NEG,
              sympy.LessThan: NONPOS, sympy.Unequality: NONZERO, sympy.Equality: ZERO}
_FLIP = {POS: NEG, NEG: POS, NONNEG: NONPOS, NONPOS: NONNEG, NONZERO: NONZERO, ZERO: ZERO}


def _stronger(a, b):
    """The more informative of two facts about one symbol."""
    rank = {None: 0, NONZERO: 1, NONNEG: 2, NONPOS: 2, POS: 3, NEG: 3, ZERO: 3}
    return a if rank[a] >= rank[b] else b


class Signs:
    """Sign facts of one claim; `holder_sign(sym)` tells the sign of a holder of a normal form (or None)."""

    def __init__(self, predicates=(), relations=(), holder_sign=lambda s: None):
        self.facts: dict = {}
        self.holder_sign = holder_sign
        for name, args in predicates:
            if name in _PREDICATES and args and isinstance(args[0], sympy.Symbol):
                self._add(args[0], _PREDICATES[name])
        for rel in relations:
            word = _RELATIONS.get(type(rel))
            if word is None:
                continue
            if rel.rhs == 0 and isinstance(rel.lhs, sympy.Symbol):
                self._add(rel.lhs, word)
            elif rel.lhs == 0 and isinstance(rel.rhs, sympy.Symbol):
                self._add(rel.rhs, _FLIP[word])

    def _add(self, sym, word) -> None:
        self.facts[sym] = _stronger(word, self.facts.get(sym))

    def symbol(self, s):
        """The sign of a symbol from its declaration and the assumptions (the strongest known), or None."""
        declared = None
        for attr, word in (("is_zero", ZERO), ("is_positive", POS), ("is_negative", NEG), ("is_nonnegative", NONNEG),
                           ("is_nonpositive", NONPOS), ("is_nonzero", NONZERO)):
            if getattr(s, attr) is True:
                declared = word
                break
        return _stronger(self.facts.get(s), _stronger(declared, self.holder_sign(s)))

    def sign(self, expr):
        """The sign of an expression by the checker's own rules, or None when unknown."""
        expr = sympy.sympify(expr)
        if expr.is_Number:
            return ZERO if expr == 0 else POS if expr > 0 else NEG if expr < 0 else None
        if expr.is_number:  # a closed real constant (π, √2, log 2, π − 3, ...): the sign SymPy certifies, if any
            if expr.is_real is not True:
                return None
            return ZERO if expr.is_zero else POS if expr.is_positive else NEG if expr.is_negative else None
        if isinstance(expr, sympy.Symbol):
            return self.symbol(expr)
        if expr.is_Add:
            return self._sum([self.sign(a) for a in expr.args])
        if expr.is_Mul:
            return self._product([self.sign(a) for a in expr.args])
        if expr.is_Pow:
            if not self._real(expr.base):
                return None
            return self._power(self.sign(expr.base), expr.exp)
        if isinstance(expr, sympy.exp) and self._real(expr.args[0]):
            return POS
        if isinstance(expr, sympy.Abs):
            inner = self.sign(expr.args[0])
            return POS if inner in (POS, NEG, NONZERO) else ZERO if inner == ZERO else NONNEG
        return None

    @staticmethod
    def _real(expr) -> bool:
        """Real for every allowed value: symbols are real unless declared otherwise (CONTRACT)."""
        return all(s.is_real is not False for s in expr.free_symbols) and not expr.has(sympy.I)

    @staticmethod
    def _sum(signs: list):
        if any(s is None or s == NONZERO for s in signs):
            return None
        signs = [s for s in signs if s != ZERO]
        if not signs:
            return ZERO
        if all(s in (POS, NONNEG) for s in signs):
            return POS if POS in signs else NONNEG
        if all(s in (NEG, NONPOS) for s in signs):
            return NEG if NEG in signs else NONPOS
        return None

    @staticmethod
    def _product(signs: list):
        if ZERO in signs:
            return ZERO
        if any(s is None for s in signs):
            return None
        if NONZERO in signs:
            return NONZERO if all(s in (POS, NEG, NONZERO) for s in signs) else None
        parity = 1
        for s in signs:
            parity *= _STRICT.get(s, _WEAK.get(s, 1))
        strict = all(s in _STRICT for s in signs)
        if parity > 0:
            return POS if strict else NONNEG
        return NEG if strict else NONPOS

    @staticmethod
    def _power(base, exponent):
        if exponent.is_Integer:
            k = int(exponent)
            if k == 0:
                return POS
            if k < 0 and base not in (POS, NEG, NONZERO):
                return None  # 1/b needs b ≠ 0
            if k % 2 == 0:  # an even power of a real number
                return POS if base in (POS, NEG, NONZERO) else NONNEG
            return base
        if exponent.is_Rational and base in (POS, NONNEG):
            return base if exponent > 0 else (POS if base == POS else None)
        if base == POS and Signs._real(exponent):  # b > 0: b**e > 0 for every real e, e.g. (2π)ⁿ
            return POS
        return None

    # -- the questions reductions ask ---------------------------------------------------
    def positive(self, expr) -> bool:
        """expr > 0 is shown."""
        return self.sign(expr) == POS

    def nonnegative(self, expr) -> bool:
        """expr >= 0 is shown."""
        return self.sign(expr) in (POS, NONNEG, ZERO)

    def nonzero(self, expr) -> bool:
        """expr != 0 is shown."""
        return self.sign(expr) in (POS, NEG, NONZERO)

    def holds(self, expr, relation: str) -> bool:
        """expr relation 0, by the sign rules."""
        return {">": self.positive, ">=": self.nonnegative, "!=": self.nonzero}.get(relation, lambda e: False)(expr)


__all__ = ["Signs", "POS", "NEG", "NONNEG", "NONPOS", "NONZERO", "ZERO"]
