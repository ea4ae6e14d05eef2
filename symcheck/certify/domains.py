"""The checker's own rule for which symbols a certificate may treat as real numbers.

Every certificate argues over the reals (z3 over real or integer sorts, coefficients in
ℚ(symbols)). A claim about a symbol that SymPy's meaning of its assumptions lets be
complex or infinite (`complex=True`, `imaginary=True`, `noninteger=True`, ...) or under a
`Q` predicate saying so (`Q.imaginary(x)`) is outside every certificate: it is rejected,
whatever the certificate says. A symbol with no assumptions is real (CONTRACT §1).
Written independently of the prover's `model.symbols`, on purpose.
"""
from __future__ import annotations

import sympy

from .ncpoly import Rejected

NOT_REAL_PREDICATES = ("imaginary", "complex", "antihermitian", "infinite", "polar", "complex_elements")


def _is_real_symbol(symbol) -> bool:
    declared = {k: v for k, v in (getattr(symbol, "_assumptions_orig", None) or symbol.assumptions0).items()
                if v is not None}
    return not declared or declared == {"commutative": True} or symbol.is_real is True


def require_real(view) -> None:
    """Reject a claim (ClaimView) whose symbols or predicates are not about finite reals."""
    parts = [view.lhs, view.rhs, *view.relations, *[a for _, args in view.predicates for a in args]]
    for part in parts:
        if not isinstance(part, sympy.Basic):
            continue
        for symbol in part.atoms(sympy.Symbol):
            if isinstance(symbol, sympy.MatrixSymbol) or type(symbol).__name__ == "Str":
                continue
            if not _is_real_symbol(symbol):
                raise Rejected(f"the claim's symbol {symbol} may take values that are not finite reals; "
                               "no certificate covers it")
    for name, args in view.predicates:
        if name in NOT_REAL_PREDICATES:
            raise Rejected(f"the assumption Q.{name} says a value is not a finite real; no certificate covers it")


__all__ = ["require_real"]
