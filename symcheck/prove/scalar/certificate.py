"""The certificate of a scalar proof (format `symcheck-scalar/1`), built for the scalar prover.

The scalar prover proves real claims by a case split on the piecewise atoms (Abs,
Max, Min, sign, Heaviside, Piecewise) and, per case, either cancellation of
lhs − rhs to 0 or an unsatisfiable negation (z3). This module records that
argument:

    {"format": "symcheck-scalar/1", "method": ..., "relation": "==",
     "lhs": srepr, "rhs": srepr,            # the sides proved (decimals as exact fractions)
     "split": [srepr of each atom split on],
     "rewrite": {"rule": ..., "lhs": srepr, "rhs": srepr},   # only when a side holds tanh, sinh, ...
     "steps": [human sentences]}

"rewrite" gives the sides with the hyperbolic functions written with exp (`model.hyperbolic.by_exp`), which
is what the cases and cancellation were done on; the checker redoes that rewrite itself.

`attach(problem, verdict)` fills `verdict.certificate` for a proved scalar verdict
that has none; the scalar engine calls it on its result (one line).
The checker (`scalar_check`) does not trust anything here but the claim: it re-derives the split's
branches, each case's identity and each z3 question from the claim itself.
"""
from __future__ import annotations

import sympy

from ...model.hyperbolic import RULE as REWRITE_RULE
from ...model.hyperbolic import by_exp, has_hyperbolic

FORMAT = "symcheck-scalar/1"
SPLIT_ATOMS = (sympy.Abs, sympy.Max, sympy.Min, sympy.sign, sympy.Heaviside, sympy.Piecewise)


def exact(expr):
    """Decimals as the exact fractions they print as (the scalar prover's reading of 0.1)."""
    expr = sympy.sympify(expr)
    return expr.xreplace({f: sympy.Rational(str(f)) for f in expr.atoms(sympy.Float)})


def split_atoms(*exprs) -> list:
    """The piecewise atoms of the expressions, in order of first appearance."""
    atoms = []
    for expr in exprs:
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, SPLIT_ATOMS) and node not in atoms:
                atoms.append(node)
    return atoms


def build(problem, method: str) -> dict:
    """The `symcheck-scalar/1` certificate of a proved scalar claim."""
    lhs, rhs = exact(problem.lhs), exact(problem.rhs)
    rewrite = None
    steps = []
    if has_hyperbolic(lhs, rhs, *problem.assumptions):
        rewrite = {"rule": REWRITE_RULE, "lhs": sympy.srepr(by_exp(lhs)), "rhs": sympy.srepr(by_exp(rhs))}
        steps.append(f"Write the hyperbolic functions with exp: lhs = {sympy.sstr(by_exp(lhs))}, "
                     f"rhs = {sympy.sstr(by_exp(rhs))}.")
        lhs, rhs = by_exp(lhs), by_exp(rhs)
    atoms = split_atoms(lhs, rhs)
    uses_z3 = "z3" in method
    if atoms:
        steps.append("Split into cases on the sign conditions of " + ", ".join(sympy.sstr(a) for a in atoms) + ".")
    if "cancel" in method:
        steps.append(f"In each case, lhs - rhs = {sympy.sstr(lhs - rhs)} cancels to 0 as a rational function"
                     + (" (or, where it does not, z3 shows no allowed point breaks the claim)." if uses_z3 else "."))
    elif uses_z3:
        steps.append(f"z3 shows that no real point satisfying the assumptions makes "
                     f"{sympy.sstr(lhs)} {problem.relation} {sympy.sstr(rhs)} false "
                     "(with every denominator of the claim nonzero).")
    certificate = {
        "format": FORMAT, "method": method, "relation": problem.relation,
        "lhs": sympy.srepr(exact(problem.lhs)), "rhs": sympy.srepr(exact(problem.rhs)),
        "split": [sympy.srepr(a) for a in atoms],
        "steps": steps,
    }
    if rewrite is not None:
        certificate["rewrite"] = rewrite
    return certificate


def attach(problem, verdict):
    """The scalar engine's verdict, with a certificate when it is a proof that has none."""
    if verdict is not None and verdict.status == "proved" and verdict.certificate is None:
        verdict.certificate = build(problem, verdict.method)
    return verdict


__all__ = ["attach", "build", "FORMAT"]
