"""The matrix prover's assumption rules: what each assumption grants as premises.

Owns `PREDICATE_RULES` (a read-only table: Q predicate name -> rule(translator, arg) ->
premises: symmetric, orthogonal, diagonal, invertible, positive definite, full rank), the
commutation of diagonal matrices of one size, `Eq` relations between matrix expressions,
and `close_under_transpose` (the ideal must be closed under transposition). A predicate
with no rule is not used (dropping an assumption keeps a proof sound).
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Callable, Mapping

import sympy
from sympy.matrices.expressions import Inverse, MatrixExpr, MatrixSymbol, Transpose

from .errors import OutsideMatrixProver
from .grid import add_grids
from .gram import gram_zero_premises
from .ncalg import NCPoly
from .powers import power_commutations
from .premise import Premise
from .translate import MatrixTranslator


def _square_poly(t: MatrixTranslator, arg) -> NCPoly | None:
    if not isinstance(arg, MatrixExpr):
        return None
    poly = t.poly(arg)
    return poly if poly.src == poly.dst else None


def _symmetric(t: MatrixTranslator, arg) -> list:
    p = _square_poly(t, arg)
    if p is None:
        return []
    return [Premise(p.transpose(t.alphabet) - p, "symmetric", f"symmetric {sympy.sstr(arg)}")]


def _orthogonal(t: MatrixTranslator, arg) -> list:
    p = _square_poly(t, arg)
    if p is None:
        return []
    pt = p.transpose(t.alphabet)
    one = NCPoly.identity(p.src, t.field)
    name = sympy.sstr(arg)
    return [Premise(pt * p - one, "orthogonal", f"orthogonal {name} (transpose times it)"),
            Premise(p * pt - one, "orthogonal", f"orthogonal {name} (it times its transpose)")]


def _diagonal(t: MatrixTranslator, arg) -> list:
    """A square diagonal D is symmetric; commutations among diagonal matrices come from `_diagonal_family`."""
    p = _square_poly(t, arg)
    if p is None:
        return []
    return [Premise(p.transpose(t.alphabet) - p, "diagonal", f"diagonal {sympy.sstr(arg)} is symmetric")]


def _diagonal_family(t: MatrixTranslator) -> list:
    """Diagonal matrices of one size commute: the square diagonal ones, and DᵀD, DDᵀ for a rectangular diagonal D."""
    members: list = []   # (name, poly)
    for args in t.problem.predicate_args("diagonal"):
        if not args or not isinstance(args[0], MatrixExpr):
            continue
        try:
            p = t.poly(args[0])
        except OutsideMatrixProver:
            continue
        name = sympy.sstr(args[0])
        if p.src == p.dst:
            members.append((name, p))
        else:
            pt = p.transpose(t.alphabet)
            members += [(f"{name}^T*{name}", pt * p), (f"{name}*{name}^T", p * pt)]
    out, seen = [], set()
    for i, (a, p) in enumerate(members):
        for b, q in members[i + 1:]:
            if p.src != q.src or (a, b) in seen:
                continue
            seen.add((a, b))
            comm = p * q - q * p
            if not comm.is_zero():
                out.append(Premise(comm, "diagonal", f"diagonal {a} and {b} commute"))
    return out


def _positive_definite(t: MatrixTranslator, arg) -> list:
    """Positive definite: symmetric and invertible (its inverse letter with both inverse relations)."""
    p = _square_poly(t, arg)
    if p is None:
        return []
    t.inverse_letter(p, Inverse(arg))
    return [Premise(p.transpose(t.alphabet) - p, "positive-definite",
                       f"{sympy.sstr(arg)} is positive definite (hence symmetric)")]


def _invertible(t: MatrixTranslator, arg) -> list:
    p = _square_poly(t, arg)
    if p is not None:
        t.inverse_letter(p, Inverse(arg))  # its premises are recorded by inverse_letter
    return []


PREDICATE_RULES: Mapping[str, Callable] = MappingProxyType({
    "symmetric": _symmetric,
    "orthogonal": _orthogonal,
    "unitary": _orthogonal,       # real matrices: the same thing
    "diagonal": _diagonal,
    "invertible": _invertible,
    "positive_definite": _positive_definite,
    "fullrank": lambda t, arg: [],     # says nothing algebraic by itself
})


def _is_matrix(expr) -> bool:
    return isinstance(expr, MatrixExpr)


def translate_assumptions(t: MatrixTranslator) -> None:
    """Append the premises the assumptions grant; unknown predicates are simply not used."""
    for pred in t.problem.predicates:
        rule = PREDICATE_RULES.get(pred.name)
        if rule is None or not pred.args or not _is_matrix(pred.args[0]):
            continue
        try:
            t.premises.extend(rule(t, pred.args[0]))
        except OutsideMatrixProver as exc:
            t.notes.append(f"assumption {pred.name}({pred.args[0]}) not used: {exc}")
    t.premises.extend(_diagonal_family(t))
    for rel in t.problem.relations:
        if not isinstance(rel, sympy.Eq) or not (_is_matrix(rel.lhs) or _is_matrix(rel.rhs)):
            continue
        try:
            diff = add_grids(t.grid(rel.lhs), t.scale_grid(t.grid(rel.rhs), -t.field.one), t.field)
        except OutsideMatrixProver as exc:
            t.notes.append(f"assumption {rel} not used: {exc}")
            continue
        for row in diff.blocks:
            for block in row:
                if not block.is_zero():
                    t.premises.append(Premise(block, "assumption", f"assumption {sympy.sstr(rel)}"))
        _weight_defined_symbol(t, rel)
    t.premises.extend(gram_zero_premises(t))
    t.premises.extend(power_commutations(t))


def _weight_defined_symbol(t: MatrixTranslator, rel: sympy.Eq) -> None:
    """For X = (expression without X), make X heavy so that the relation rewrites X, not the expression."""
    for side, other in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
        base = side.arg if isinstance(side, Transpose) else side
        if isinstance(base, MatrixSymbol) and not other.has(base) and base in t.symbol_letter:
            a = t.symbol_letter[base]
            weight = 1 + sum(1 for _ in sympy.preorder_traversal(other) if isinstance(_, MatrixSymbol))
            t.alphabet[a].weight = max(t.alphabet[a].weight, weight)
            t.alphabet[t.alphabet[a].transpose].weight = t.alphabet[a].weight


def close_under_transpose(t: MatrixTranslator) -> list:
    """Every hypothesis and its transpose, without duplicates (the ideal must be transpose-closed)."""
    seen, out = set(), []
    for h in t.premises:
        for poly, kind, origin in ((h.poly, h.kind, h.origin),
                                   (h.poly.transpose(t.alphabet), h.kind, f"transpose of ({h.origin})")):
            key = poly.key()
            neg = (-poly).key()
            if key in seen or neg in seen or poly.is_zero():
                continue
            seen.add(key)
            out.append(Premise(poly, kind, origin))
    return out


__all__ = ["PREDICATE_RULES", "translate_assumptions", "close_under_transpose"]
