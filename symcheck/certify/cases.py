"""Case splits on piecewise atoms, with branches that cover the real line (no prover code).

`BRANCHES` maps each piecewise function (Abs, sign, Max, Min, Heaviside, Piecewise)
to its branches [(conditions, value)], boundaries included; `cases(exprs)` splits
expressions on their atoms, innermost first, into [(conditions, values)].
Used by the scalar certificate check and by the checker's normal form.
"""
from __future__ import annotations

import sympy

from .ncpoly import Rejected

MAX_CASES = 256


def _abs(u):
    return [([u >= 0], u), ([u < 0], -u)]


def _sign(u):
    return [([u > 0], sympy.S.One), ([sympy.Eq(u, 0)], sympy.S.Zero), ([u < 0], -sympy.S.One)]


def _max(*args):
    first, rest = args[0], (sympy.Max(*args[1:]) if len(args) > 2 else args[1])
    return [([first >= rest], first), ([first < rest], rest)]


def _min(*args):
    first, rest = args[0], (sympy.Min(*args[1:]) if len(args) > 2 else args[1])
    return [([first <= rest], first), ([first > rest], rest)]


def _heaviside(u, h0=sympy.S.Half):
    return [([u > 0], sympy.S.One), ([sympy.Eq(u, 0)], h0), ([u < 0], sympy.S.Zero)]


def _piecewise(*pairs):
    out, earlier = [], []
    for value, cond in pairs:
        out.append(([cond, *[sympy.Not(c) for c in earlier]], value))
        earlier.append(cond)
    if sympy.Or(*earlier) is not sympy.true:
        out.append(([sympy.Not(c) for c in earlier], None))  # no branch applies: must be impossible
    return out


# atom class -> branches [(conditions, value)] that together cover every real point
BRANCHES = {sympy.Abs: _abs, sympy.sign: _sign, sympy.Max: _max, sympy.Min: _min,
            sympy.Heaviside: _heaviside, sympy.Piecewise: _piecewise}


def innermost_atom(exprs):
    """An atom to split on whose arguments have no atom left (split inside out)."""
    for expr in exprs:
        for node in sympy.postorder_traversal(expr):
            if type(node) in BRANCHES:
                return node
    return None


def cases(exprs: list) -> list:
    """[(conditions, exprs with every atom replaced by its branch value)]; None for a branch-less case."""
    todo, done = [([], list(exprs))], []
    while todo:
        conds, current = todo.pop()
        atom = innermost_atom(current) if current is not None else None
        if atom is None:
            done.append((conds, current))
            continue
        for branch_conds, value in BRANCHES[type(atom)](*atom.args):
            todo.append((conds + branch_conds,
                         None if value is None else [e.xreplace({atom: value}) for e in current]))
        if len(todo) + len(done) > MAX_CASES:
            raise Rejected("too many cases for the checker")
    return done


__all__ = ["BRANCHES", "cases", "innermost_atom", "MAX_CASES"]
