"""`\\begin{...}` inside a formula: matrices (bmatrix, pmatrix, array, vmatrix) and `cases`, and conditions.

A matrix environment is cut into rows at `\\\\` and cells at `&`; the builder makes an
explicit matrix or a block matrix of it. A `cases` environment is a Piecewise whose
conditions (`x > 0`, `\\text{if } x > 0`, `\\text{otherwise}`, `x>0, y<0`) are read by
`read_condition`, which indicators (`\\mathbb{1}[x > 0]`) use too.
"""
from __future__ import annotations

import sympy
from sympy import S

from .words import MATRIX_ENVIRONMENTS, OTHERWISE_WORDS

DISPLAY_ENVIRONMENTS = ("align", "aligned", "equation", "gather", "gathered")


def read_environment(p, tok):
    """`\\begin{env} ... \\end{env}` at `tok` (the \\begin): a matrix, a determinant (vmatrix) or a Piecewise."""
    p.advance()
    env = "".join(t.text for t in p.read_group_tokens())
    if env.rstrip("*") not in MATRIX_ENVIRONMENTS and env != "cases":
        raise p.error(f"environment {env} inside a formula (split the derivation with split_chain)"
                      if env.rstrip("*") in DISPLAY_ENVIRONMENTS else f"unknown environment {env}", tok)
    if env == "array" and p.tok.is_op("{"):
        p.read_group_tokens()  # the column specification
    rows = _read_rows(p, env, tok)
    if env == "cases":
        return p.build(p.builder.piecewise, rows, tok=tok)
    value = p.build(p.builder.matrix, rows, tok=tok)
    if p.tok.is_op("_"):  # a shape annotation such as \end{bmatrix}_{(n+d)\times d}
        p.advance()
        p.read_script_tokens()
    if env == "vmatrix":
        return p.build(p.builder.det, value, tok=tok)
    return value


def _read_rows(p, env: str, tok) -> list:
    rows, row = [], []
    with p.nested():
        while True:
            if p.tok.is_cmd("\\end"):
                end_tok = p.advance()
                name = "".join(t.text for t in p.read_group_tokens())
                if name != env:
                    raise p.error(f"\\begin{{{env}}} is closed by \\end{{{name}}}", end_tok)
                break
            if p.at_end():
                raise p.error(f"\\begin{{{env}}} is never closed", tok)
            if env == "cases":
                value = p.parse_expr()
                cond = S.true
                if p.tok.is_op("&"):
                    p.advance()
                    cond = read_condition_cell(p)
                rows.append((value, cond))
            else:
                row.append(p.parse_expr())
                if p.tok.is_op("&"):
                    p.advance()
                    continue
            if p.tok.is_cmd("\\\\"):
                p.advance()
                if env != "cases":
                    rows.append(row)
                    row = []
                continue
            if not p.tok.is_cmd("\\end"):
                raise p.error(f"unexpected {p.tok.text!r} in {env}")
    if env != "cases" and row:
        rows.append(row)
    if not rows:
        raise p.error(f"an empty {env}", tok)
    return rows


def read_condition_cell(p):
    """The condition of a case: `x > 0`, `\\text{if } x > 0`, `\\text{otherwise}`, `x>0, y<0`."""
    if p.tok.kind == "text":
        words = p.tok.text.strip().lower().rstrip(".,")
        if words in OTHERWISE_WORDS:
            p.advance()
            return S.true
        if words in ("if", "when", "for"):
            p.advance()
    return read_condition(p)


def read_condition(p):
    """One or more comparisons of scalars joined by `,`, `\\land` or `and`: a SymPy relational or And."""
    parts = []
    while True:
        lhs = p.parse_expr()
        tok = p.tok
        op = p.read_relation_op()
        if op is None:
            raise p.error("expected a condition such as wx + b > 0", tok)
        rhs = p.parse_expr()
        parts.append(p.build(p.builder.condition, lhs, op, rhs, tok=tok))
        if p.tok.is_op(",") or p.tok.is_cmd("\\land", "\\wedge"):
            p.advance()
            continue
        if p.tok.kind == "text" and p.tok.text.strip() == "and":
            p.advance()
            continue
        break
    return parts[0] if len(parts) == 1 else sympy.And(*parts, evaluate=False)


__all__ = ["read_environment", "read_condition", "read_condition_cell"]
