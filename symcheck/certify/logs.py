"""Logarithms in scalar certificates: the checker's own reading of log(u) as a sum of log-atoms.

A log must be real wherever the claim's assumptions hold: as the scalar prover requires it, the checker
*shows* each argument u > 0 there (scalar_check), never assumes it. Then, for u a real rational
expression written as c · Π fᵢ^eᵢ (c a rational number, fᵢ the other factors of its numerator and
denominator, eᵢ integers or integer symbols), |u| = u gives

    log u = Σ eₚ·log p (the primes p of c, |c| = Π p^eₚ) + Σ eᵢ·log|fᵢ|,

each fᵢ ≠ 0 (u ≠ 0, every denominator nonzero). Each log|f| (f up to its sign) and each log p is a new
real indeterminate L: a case whose rewritten sides cancel for every L holds at the real values. For z3
each L comes with what is true of log|f| for every real f ≠ 0: L ≤ |f| − 1 and L·|f| ≥ |f| − 1 (the
tangent lines of log at 1), and log is increasing: for two atoms, |f| < |g| gives L_f < L_g and
|f| = |g| gives L_f = L_g (`MAX_PAIRED_ATOMS` atoms at most are paired). π inside a log is a factor like
any other (log π an atom). An absolute value |g| as a factor is read as g (log|(|g|)| = log|g|), so
log(a²) = 2·log|a|. An exp is read before the logs as its positive indeterminate E = exp(t): a factor E^k
of u contributes k·t exactly, and E takes part in the monotonicity as an atom with log E = t, so that
log(1 + e^a) > a follows from 1 + E > E. For at most `MAX_PRODUCT_ATOMS` atoms (the E among them), each
product of two, log|f| + log|g| = log(|f|·|g|), is ordered against every atom too: so log(e^a + e^b) ≤ a + log 2
where b ≤ a (e^a + e^b ≤ 2·e^a). The goal's own combination of atoms, lhs − rhs = Σ cᵢ·Lᵢ + (the rest),
with rational cᵢ scaled to integers kᵢ, gets the same fact: Σ_{k>0} k·L and Σ_{k<0} (−k)·L are ordered as
Π|fᵢ|^k over the positive and over the negative k are (`combination_fact`; at most `MAX_COMBINATION_POWER`
for one k and `MAX_COMBINATION_DEGREE` in all, the logs of numbers apart, up to `MAX_NUMBER_POWER`): log x + log y ≤ 2·log((x + y)/2) is 4xy ≤ (x + y)². That
fact is true for any integers kᵢ; the goal only chooses which. Anything else inside a log (a root, a nested absolute value,
another log or function) is rejected. A root f^(p/q) standing as a factor of u is read as (p/q)·log|f|:
log √x = ½·log x where x > 0 (u > 0 shown covers the root's domain too). A factor that holds square roots
inside a sum (1 + √x) is an atom of its own; scalar_check then reads those roots, in the sides, the atoms'
bounds and the arguments alike, as it reads every root (r ≥ 0 with r² = w, w ≥ 0 shown), and shows the
argument > 0 with r for √w.
"""
from __future__ import annotations

import sympy

from .ncpoly import Rejected
from .roots import is_half_power, real_rational

MAX_PRIME_DIGITS = 30    # rationals inside logs are factored up to this size
MAX_PAIRED_ATOMS = 8     # monotonicity is stated for every pair of at most this many atoms
MAX_PRODUCT_ATOMS = 4    # and for each product of two of at most this many atoms against each atom
MAX_COMBINATION_POWER = 4   # |k| of one atom in the goal's combination (of a number: MAX_NUMBER_POWER)
MAX_COMBINATION_DEGREE = 10  # Σ|k| over the combination's atoms that are not numbers
MAX_NUMBER_POWER = 32        # |k| of log p for a number p (log 4 = 2 log 2): a constant factor of the products


def _ordered(s1, a1, s2, a2):
    """log is increasing: for L1 = log a1 and L2 = log a2 (a1, a2 > 0), L1 and L2 are ordered as a1 and a2."""
    return sympy.Or(sympy.And(sympy.Lt(a1, a2), sympy.Lt(s1, s2)), sympy.And(sympy.Gt(a1, a2), sympy.Gt(s1, s2)),
                    sympy.And(sympy.Eq(a1, a2), sympy.Eq(s1, s2)))


def combination_fact(difference, sizes: dict):
    """The ordering fact of the atoms' combination in `difference` (a goal's lhs − rhs, rewritten), or None.

    `sizes`: {L: a} for each atom L = log a (a > 0). The terms of `difference` holding an atom must be c·L
    with c rational (else None); at least two atoms; the c scaled to integers k within the limits."""
    coefficients: dict = {}
    for term in sympy.Add.make_args(sympy.expand(difference)):
        if not term.free_symbols & sizes.keys():
            continue
        c, rest = term.as_coeff_Mul()
        if rest not in sizes or not c.is_Rational:
            return None
        coefficients[rest] = coefficients.get(rest, sympy.S.Zero) + c
    coefficients = {L: c for L, c in coefficients.items() if c != 0}
    if len(coefficients) < 2:
        return None
    scale = sympy.ilcm(*[c.q for c in coefficients.values()])
    k = {L: int(c * scale) for L, c in coefficients.items()}
    symbolic = [abs(k[L]) for L in k if not sizes[L].is_number]
    numbers = [abs(k[L]) for L in k if sizes[L].is_number]
    if max(symbolic, default=0) > MAX_COMBINATION_POWER or sum(symbolic) > MAX_COMBINATION_DEGREE or \
            max(numbers, default=0) > MAX_NUMBER_POWER:
        return None
    up = [L for L in k if k[L] > 0]
    down = [L for L in k if k[L] < 0]
    return _ordered(sympy.Add(*[k[L] * L for L in up]), sympy.Mul(*[sizes[L] ** k[L] for L in up]),
                    sympy.Add(*[-k[L] * L for L in down]), sympy.Mul(*[sizes[L] ** -k[L] for L in down]))


def _parts(u) -> list:
    """[(factor, +1 or −1)]: the factors of u's numerator and denominator, u brought to one fraction."""
    numer, denom = sympy.fraction(sympy.together(u))
    return [(f, 1) for f in sympy.Mul.make_args(numer)] + [(f, -1) for f in sympy.Mul.make_args(denom)]


def _factors(parts: list) -> list:
    """[(factor, exponent)] with u = Π factor^exponent (u's `_parts`); the rational number c as one factor
    (exponent 1)."""
    out = []

    def add(factor, sign):
        base, exponent = factor.as_base_exp() if isinstance(factor, sympy.Pow) else (factor, sympy.S.One)
        if isinstance(base, sympy.Abs):  # log|(|g|)| = log|g|
            base = base.args[0]
        if base.is_Rational and exponent.is_Integer:
            out.append((base ** exponent if sign > 0 else 1 / base ** exponent, sympy.S.One))
        elif base.is_Mul:  # |ab|^e = |a|^e |b|^e
            for part in base.args:
                add(part ** exponent, sign)
        else:
            out.append((base, sign * exponent))

    for factor, sign in parts:
        add(factor, sign)
    return out


def _readable(parts: list) -> bool:
    """Each factor of u (its `_parts`) is a real rational expression (`roots.real_rational`) in which absolute
    values of such expressions may stand (|g| is a factor like g: log|(|g|)| = log|g|; |g| inside a sum is a
    piecewise atom the case split reads), or a rational power f^(p/q) of a real rational f (log|f^(p/q)| =
    (p/q)·log|f|; that it is real at all is part of u > 0, which is shown), or a real rational expression in
    square roots of real rational expressions (1 + √x: an atom log|1 + √x| like any other; the roots in it,
    in its bounds and in its argument, are read afterwards as `roots` reads every root, each shown real)."""
    return all(_root_of_real_rational(f) or _real_rational_with_abs(f) or _real_rational_in_roots(f)
               for f, _ in parts)


def _root_of_real_rational(f) -> bool:
    return isinstance(f, sympy.Pow) and f.exp.is_Rational and not f.exp.is_Integer and real_rational(f.base)


def _real_rational_in_roots(f) -> bool:
    """f is real rational once each square root b**(k/2) in it (b real rational, no root inside) is read as a
    nonnegative real."""
    halves = [n for n in sympy.preorder_traversal(f) if is_half_power(n)]
    if not halves or not all(real_rational(h.base) for h in halves):
        return False
    return real_rational(f.xreplace({h: sympy.Dummy(nonnegative=True) for h in halves}))


def _real_rational_with_abs(f) -> bool:
    """f is real rational once each |g| in it (g real rational itself: no nested |·|) is read as a real number."""
    inner = f.atoms(sympy.Abs)
    if not all(real_rational(a.args[0]) for a in inner):
        return False
    return real_rational(f.xreplace({a: sympy.Dummy(real=True) for a in inner}))


def log_atoms_of(exprs: list, taken: set, exps: dict | None = None, goal: bool = False) -> tuple:
    """Every log(u) of the expressions rewritten as above. Returns (the expressions, hypotheses for z3,
    a description of the atoms, the arguments u that must be shown > 0).

    `exps`: {E: t} for each positive indeterminate E the checker already reads as exp(t) (t real,
    `scalar_check._exp_atoms_of`). log of a factor E^k is then k·t exactly, and each E takes part in the
    monotonicity of the atoms as log E = t (what links log(1 + e^a) to a). `goal`: exprs[0] and exprs[1] are
    the goal's two sides, whose combination of atoms gets its fact (`combination_fact`)."""
    exps = exps or {}
    found = [n for e in exprs if isinstance(e, sympy.Basic) for n in sympy.preorder_traversal(e)
             if isinstance(n, sympy.log)]
    if not found:
        return list(exprs), [], [], []
    atoms: dict = {}   # |f| (sign normalised, expanded) -> (symbol, f)

    def atom(f):
        f = sympy.expand(f)
        if f.could_extract_minus_sign():
            f = -f
        if f not in atoms:
            name = f"log_{len(atoms)}"
            while name in taken:
                name += "_"
            taken.add(name)
            atoms[f] = (sympy.Symbol(name, real=True), f)
        return atoms[f][0]

    replace, arguments = {}, []
    for node in found:
        u = node.args[0]
        parts = _parts(u) if len(node.args) == 1 else None
        if parts is None or not _readable(parts):
            raise Rejected(f"{sympy.sstr(node)} is outside what the checker re-checks (logs of real rational "
                           "expressions only)")
        arguments.append(u)
        value = sympy.S.Zero
        for factor, exponent in _factors(parts):
            if factor.is_Rational:
                c = abs(factor)
                if len(str(c.p)) > MAX_PRIME_DIGITS or len(str(c.q)) > MAX_PRIME_DIGITS:
                    raise Rejected(f"{sympy.sstr(node)}: a rational too large to factor")
                for base, sign in ((c.p, 1), (c.q, -1)):
                    for prime, e in sympy.factorint(base).items():
                        value += exponent * sign * e * atom(sympy.Integer(prime))  # log|c^k| = k·log|c|
            elif factor in exps:  # log(exp(t)^k) = k·t
                value += exponent * exps[factor]
            else:
                value += exponent * atom(factor)
        replace[node] = value
    hypotheses, described, paired = [], [], []
    for symbol, f in atoms.values():
        size = f if f.is_positive is True else sympy.Abs(f)
        hypotheses += [sympy.Le(symbol, size - 1, evaluate=False), sympy.Ge(symbol * size, size - 1, evaluate=False)]
        described.append(f"{symbol} = log|{sympy.sstr(f)}|")
        paired.append((symbol, size))
    paired += [(t, e) for e, t in exps.items()]  # log E = t for E = exp(t) > 0
    if len(paired) <= MAX_PAIRED_ATOMS:
        for i, (s1, a1) in enumerate(paired):
            for s2, a2 in paired[i + 1:]:
                hypotheses.append(_ordered(s1, a1, s2, a2))
    if 2 <= len(paired) <= MAX_PRODUCT_ATOMS:  # log(|f|·|g|) = log|f| + log|g|, against every atom
        for i, (s1, a1) in enumerate(paired):
            for s2, a2 in paired[i:]:
                hypotheses += [_ordered(s1 + s2, a1 * a2, s3, a3) for s3, a3 in paired]
    rewritten = [e.xreplace(replace) if isinstance(e, sympy.Basic) else e for e in exprs]
    if goal:
        fact = combination_fact(rewritten[0] - rewritten[1], dict(paired[:len(atoms)]))  # the log atoms, no E
        if fact is not None:
            hypotheses.append(fact)
    return rewritten, hypotheses, described, arguments


__all__ = ["log_atoms_of", "combination_fact", "MAX_PRIME_DIGITS", "MAX_PAIRED_ATOMS"]
