"""LaTeX for reports that typeset math (the web page's KaTeX, a notebook's MathJax): steps, names, exact values.

Everything here writes TeX *source* from the JSON documents (never evaluates it); the
HTML layer escapes it like any other text. Values of a counterexample are exact strings
(`"3"`, `"-1/2"`, lists of rows for matrices); anything that is not an integer or a
fraction is shown verbatim in `\\text{...}`, so no input can produce TeX commands.
"""
from __future__ import annotations

import re

from ..model import relations

GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho "
    "varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi "
    "Psi Omega ell".split())
ACCENTS = ("hat", "tilde", "bar", "check", "dot", "vec")

_RATIONAL = re.compile(r"(-?)(\d+)(?:/(\d+))?")
_SAFE_NAME = re.compile(r"[A-Za-z0-9_^{}()+\-*',\\ ]+")
_TEXT_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
                 "^": r"\textasciicircum{}", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}"}


def text(value: str) -> str:
    """`\\text{...}` showing `value` literally."""
    return r"\text{" + "".join(_TEXT_ESCAPES.get(c, c) for c in str(value)) + "}"


def _balanced(source: str) -> bool:
    depth = 0
    for char in source:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def name(symbol: str) -> str:
    """A symbol's name as TeX: `lambda` -> `\\lambda`, `theta^{(k)}` -> `\\theta^{(k)}`, `\\hat{w}` kept."""
    symbol = str(symbol)
    head = re.match(r"[A-Za-z]+", symbol)
    if head and head.group(0) in GREEK:
        symbol = "\\" + symbol
    if not _SAFE_NAME.fullmatch(symbol) or not _balanced(symbol):
        return text(symbol)
    for command in re.findall(r"\\([A-Za-z]+)", symbol):
        if command not in GREEK and command not in ACCENTS:
            return text(symbol)
    return symbol


def number(value: str) -> str:
    """An exact number as TeX: `-3/2` -> `-\\frac{3}{2}`; anything else verbatim."""
    match = _RATIONAL.fullmatch(str(value).strip())
    if not match:
        return text(value)
    sign, top, bottom = match.groups()
    return f"{sign}{top}" if bottom is None else fr"{sign}\frac{{{top}}}{{{bottom}}}"


def value(item) -> str:
    """An exact value of a counterexample (a number, or a matrix as a list of rows) as TeX."""
    if isinstance(item, list):
        rows = [row if isinstance(row, list) else [row] for row in item]
        body = r" \\ ".join(" & ".join(number(v) for v in row) for row in rows)
        return r"\begin{bmatrix} " + body + r" \end{bmatrix}"
    if isinstance(item, bool):
        return text(str(item).lower())
    return number(item)


def step(doc: dict) -> str:
    """The formula of one step of a `verify --json` document, as written, with its link and relation."""
    after = doc.get("after") or ""
    before = doc.get("before")
    if before:
        relation = relations.tex(doc.get("relation"))
        formula = f"{before} {relation} {after}" if relation else f"{before} \\quad {after}"
    else:
        formula = after
    kind = doc.get("kind", "")
    return (relations.tex(kind) + " " if kind in relations.CONNECTIVES else "") + formula


__all__ = ["text", "name", "number", "value", "step", "GREEK"]
