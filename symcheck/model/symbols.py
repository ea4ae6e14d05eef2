"""What a scalar symbol's SymPy assumptions mean to symcheck: the set of values it ranges over.

symcheck decides claims about finite real numbers. A symbol is read with SymPy's own
meaning of its assumptions (`symbols("p", prime=True)` ranges over the primes), with
one rule from CONTRACT §1 on top: a symbol declared with no assumptions is real.

* `unmodelled_reason(symbol)`: None when the symbol ranges over a set of finite reals —
  it has no assumptions, or SymPy infers `real` from them — else the reason, in words,
  why no engine may decide a claim about it. `complex=True`, `imaginary=True`,
  `algebraic=True`, `transcendental=True`, `finite=True`, `noninteger=True`,
  `extended_real=True`, `hermitian=True`, `integer=False`, ... all admit values that are
  not finite reals in SymPy's meaning (i, ∞, ...); adding `real=True` makes them real.
* `symbol_facts(symbol)`: every assumption key SymPy decides for the symbol (True or
  False), read once; a value of the symbol must agree with each of them. For a symbol
  without assumptions they are the facts of a plain real.
* `unmodelled_predicate(name)`: a `Q` predicate that makes its argument non-real
  (`Q.imaginary(x)`, `Q.complex(x)`, ...), which takes a claim out of scope the same way.

`ASSUMPTION_KEYS` lists every key SymPy accepts on a Symbol; the tests check that each
is covered. Importing this module loads nothing of symcheck.
"""
from __future__ import annotations

from functools import lru_cache

import sympy
from sympy.core.assumptions import _assume_defined

#: Every assumption key SymPy accepts on a Symbol (integer, prime, transcendental, polar, ...).
ASSUMPTION_KEYS: tuple = tuple(sorted(_assume_defined))

#: `Q` predicates that say their argument is not (only) a real number.
NON_REAL_PREDICATES = frozenset({"imaginary", "complex", "antihermitian", "infinite", "polar",
                                 "complex_elements"})


def _declared(symbol) -> dict:
    """The assumptions written on the symbol (not the ones SymPy derived from them)."""
    orig = getattr(symbol, "_assumptions_orig", None)
    if orig is None:
        orig = symbol.assumptions0
    return {k: v for k, v in orig.items() if v is not None}


@lru_cache(maxsize=4096)
def _facts_of(symbol) -> tuple:
    declared = _declared(symbol)
    if not declared or declared == {"commutative": True}:
        probe = sympy.Dummy("real", real=True)
        return tuple(sorted(probe.assumptions0.items()))
    facts = {k: getattr(symbol, f"is_{k}") for k in ASSUMPTION_KEYS}
    order = list(declared) + [k for k in ASSUMPTION_KEYS if k not in declared]  # declared keys first
    return tuple((k, facts[k]) for k in order if facts.get(k) is not None)


def symbol_facts(symbol) -> dict:
    """Every assumption key decided for the symbol's values, the declared ones first: {'prime': True, ...}."""
    return dict(_facts_of(symbol))


def declared_text(symbol) -> str:
    """The symbol's declaration as written: `p (prime=True)`."""
    declared = _declared(symbol)
    if not declared:
        return str(symbol)
    return f"{symbol} ({', '.join(f'{k}={v}' for k, v in sorted(declared.items()))})"


def unmodelled_reason(symbol) -> str | None:
    """None when every value of `symbol` is a finite real number; otherwise why it is out of scope."""
    if not isinstance(symbol, sympy.Symbol):
        return None
    declared = _declared(symbol)
    if not declared or declared == {"commutative": True}:
        return None  # CONTRACT §1: symbols are real unless declared otherwise
    if symbol.is_real is True:
        return None
    hint = f" (declare real=True if {symbol} is real)"
    if symbol.is_real is False or symbol.is_extended_real is False:
        what, hint = "takes no finite real value", ""
    elif symbol.is_commutative is False:
        what, hint = "is noncommutative", ""
    elif symbol.is_finite is not True:
        what = "may be infinite"
    else:
        what = "may take non-real values"
    return (f"{declared_text(symbol)} {what} in SymPy's meaning of its assumptions; no prover "
            f"covers it: symcheck proves claims about finite real numbers only{hint}")


def unmodelled_predicate(name: str) -> bool:
    """Whether `Q.name(x)` says x is not a finite real number."""
    return name in NON_REAL_PREDICATES


def problem_out_of_scope(problem) -> str | None:
    """Why no engine may decide `problem` (a symbol or a Q predicate that is not real), or None."""
    symbols = set()
    for part in (problem.lhs, problem.rhs, *problem.assumptions):
        if isinstance(part, sympy.MatrixBase):
            for entry in part:
                symbols |= _scalar_symbols(entry)
        elif isinstance(part, sympy.Basic):
            symbols |= _scalar_symbols(part)
    for symbol in sorted(symbols - set(problem.dims), key=str):
        reason = unmodelled_reason(symbol)
        if reason is not None:
            return reason
    for predicate in problem.predicates:
        if unmodelled_predicate(predicate.name):
            args = ", ".join(sympy.sstr(a) for a in predicate.args)
            return (f"the assumption Q.{predicate.name}({args}) says it is not a finite real number; "
                    f"symcheck decides claims about real numbers and real matrices only")
    return None


def _scalar_symbols(expr) -> set:
    """Every scalar Symbol in expr, bound ones (an argmin variable, a limit variable) included."""
    return {s for s in expr.atoms(sympy.Symbol)
            if not isinstance(s, sympy.MatrixSymbol) and type(s).__name__ != "Str"}


__all__ = ["ASSUMPTION_KEYS", "NON_REAL_PREDICATES", "symbol_facts", "unmodelled_reason",
           "unmodelled_predicate", "problem_out_of_scope", "declared_text"]
