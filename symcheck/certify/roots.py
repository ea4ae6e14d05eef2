"""Square roots in scalar certificates: the checker's own reading of b**(k/2) as a nonnegative indeterminate.

A root must be real wherever the claim's assumptions hold: as the scalar prover requires it (a
`required` domain condition of its z3 bridge), the checker *proves* that each root's argument is ≥ 0
under the claim's assumptions and its denominators being nonzero, never assumes it (√(xy) = √x·√y is
false for x = y = −1 when roots of negatives are imaginary). On that domain, for a real rational b:

* b = w / (f₁^(2q₁) · … ) with each fᵢ a real factor of b's denominator: fᵢ ≠ 0 (every denominator of
  the claim is nonzero), so √b = √w / (|f₁|^q₁ · …) and w ≥ 0 exactly when b ≥ 0;
* √w is then a new indeterminate r_w with r_w ≥ 0 and r_w² = w (the same w, the same r_w), and
  b**(k/2) = (r_w / (|f₁|^q₁ · …))**k.

An equation whose rewritten sides cancel as rational functions of the r's holds for every value of
them, so in particular at r_w = √w; otherwise z3 gets r_w ≥ 0 and r_w² = w as hypotheses (both true
of √w), the |fᵢ| are split into cases like every absolute value. w ≥ 0 is shown by the checker's sign rules
(`signs.Signs`) or by z3 without the r's (scalar_check). Squares are taken out of the denominator
only: a square g² of the numerator may vanish where w < 0, and SymPy already takes out those of real
symbols. Roots inside roots, and roots of anything but real rational expressions (symbolic integer powers
allowed), are rejected.
"""
from __future__ import annotations

import sympy

from ..model.symbols import unmodelled_reason
from .ncpoly import Rejected


def is_half_power(node) -> bool:
    """node is b**(k/2), a square root's power."""
    return isinstance(node, sympy.Pow) and node.exp.is_Rational and node.exp.q == 2


def real_rational(u) -> bool:
    """u is built from real symbols (a symbol declared with no assumptions is real, CONTRACT §1), real numbers,
    +, · and integer powers (a symbolic exponent must be an integer symbol's), so it is real wherever defined."""
    for node in sympy.preorder_traversal(u):
        if isinstance(node, sympy.Pow):
            if not (node.exp.is_Integer or (isinstance(node.exp, sympy.Symbol) and node.exp.is_integer)):
                return False
        elif isinstance(node, sympy.Symbol):
            if unmodelled_reason(node) is not None:  # real: declared so, or declared nothing (CONTRACT §1)
                return False
        elif node.is_number:
            if node.is_real is not True:
                return False
        elif not (node.is_Add or node.is_Mul):
            return False
    return True


def _squares_out(base) -> tuple:
    """(w, outside): base = w · outside², outside = 1/(|f₁|^q₁ · …) for the even parts of the real factors
    fᵢ^(−mᵢ) of base's denominator."""
    rest, outside = [], sympy.S.One
    for factor in sympy.Mul.make_args(base):
        f, m = factor.as_base_exp() if isinstance(factor, sympy.Pow) else (factor, sympy.S.One)
        if m.is_Integer and m <= -2 and not f.is_number:
            q = int(-m) // 2
            outside = outside / sympy.Abs(f) ** q
            rest.append(f ** (m + 2 * q))
        else:
            rest.append(factor)
    return sympy.Mul(*rest), outside


def root_atoms_of(exprs: list, taken: set) -> tuple:
    """Every b**(k/2) of the expressions rewritten as above. Returns (the expressions, hypotheses
    [r ≥ 0, r² = w for each new r], a description of each root, the w that must be shown ≥ 0)."""
    found = [n for e in exprs if isinstance(e, sympy.Basic) for n in sympy.preorder_traversal(e) if is_half_power(n)]
    if not found:
        return list(exprs), [], [], []
    atoms: dict = {}
    replace, arguments = {}, []
    for node in found:
        if any(is_half_power(inner) for inner in sympy.preorder_traversal(node.base)):
            raise Rejected(f"{sympy.sstr(node)}: a root inside a root is outside what the checker re-checks")
        if not real_rational(node.base):
            raise Rejected(f"{sympy.sstr(node)} is outside what the checker re-checks (roots of real rational "
                           "expressions only)")
        w, outside = _squares_out(node.base)
        arguments.append(w)
        key = sympy.cancel(sympy.together(w))
        if key not in atoms:
            name = f"root_{len(atoms)}"
            while name in taken:
                name += "_"
            taken.add(name)
            atoms[key] = sympy.Symbol(name, real=True)
        replace[node] = (atoms[key] * outside) ** int(node.exp.p)
    hypotheses, described = [], []
    for w, r in atoms.items():
        numer, denom = sympy.fraction(w)
        hypotheses += [sympy.Ge(r, 0, evaluate=False), sympy.Eq(r ** 2 * denom, numer, evaluate=False)]
        described.append(f"{r} = √({sympy.sstr(w)})")
    rewritten = [e.xreplace(replace) if isinstance(e, sympy.Basic) else e for e in exprs]
    return rewritten, hypotheses, described, arguments


__all__ = ["root_atoms_of", "real_rational", "is_half_power"]
