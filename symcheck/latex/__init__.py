"""The LaTeX front end: declarations, formulas, relations and derivation chains, read without eval.

    decls = parse_declarations("X: matrix n×d\\ny: vector n\\nlambda: scalar > 0")
    expr = parse_formula(r"(X^\\top X + \\lambda I)^{-1} X^\\top y", decls)
    rel = parse_relation(r"X^T X w = X^T y", decls)       # Relation(lhs, rhs, "==")
    exprs = parse_chain([r"A A^{-1}", "I"], decls)         # a chain read together: the I gets A's size
    steps = split_chain(markdown_or_tex)                   # derivation steps with line numbers
    doc = read_markdown(text)                              # declarations + math blocks + steps
    print(render(expr))                                    # what was read, for --show-parse

Every failure is a `ParseError` with line, column and a caret snippet (see docs/latex.md).
"""
from __future__ import annotations

from .chain import MarkdownDoc, MathBlock, Step, find_math_blocks, group_statements, read_markdown, split_chain
from .declarations import parse_declarations, parse_declare_option
from .errors import DEFAULT_LIMITS, Limits, NotSupported, ParseError, SizeNotInferred
from .parser import parse_chain_text, parse_formula_text, parse_relation_text
from .render import render
from .scope import Decl, Declarations
from .to_sympy import ArbitraryConstant, Density, Relation


MATH_DELIMITERS = (("$$", "$$"), ("$", "$"), ("\\(", "\\)"), ("\\[", "\\]"))


def strip_math_delimiters(latex: str) -> str:
    """`$x$`, `$$x$$`, `\\(x\\)`, `\\[x\\]` -> `x`, padded with spaces so error columns stay right."""
    stripped = latex.strip()
    for opening, closing in MATH_DELIMITERS:
        if len(stripped) > len(opening) + len(closing) and stripped.startswith(opening) \
                and stripped.endswith(closing):
            start = latex.index(opening)
            end = latex.rindex(closing)
            return " " * (start + len(opening)) + latex[start + len(opening):end]
    return latex


def parse_formula(latex: str, decls: Declarations | None = None, *, allow_undeclared: bool = False,
                  limits: Limits = DEFAULT_LIMITS, layout: str = "numerator", constants: bool = False):
    """One LaTeX expression -> a SymPy expression built from declared names (never evaluated).

    With `constants=True`, `\\text{const}` and an undeclared `C` are unknown additive constants
    (`ArbitraryConstant`), as a derivation written "up to a constant" means them.
    """
    if not isinstance(latex, str):
        raise ParseError(f"expected LaTeX text, got {type(latex).__name__}")
    return parse_formula_text(strip_math_delimiters(latex), decls or Declarations(), allow_undeclared=allow_undeclared,
                              limits=limits, layout=layout, constants=constants)


def parse_relation(latex: str, decls: Declarations | None = None, *, allow_undeclared: bool = False,
                   limits: Limits = DEFAULT_LIMITS, layout: str = "numerator") -> Relation:
    """`lhs rel rhs` -> Relation(lhs, rhs, relation) with relation in ==, !=, <, <=, >, >=."""
    if not isinstance(latex, str):
        raise ParseError(f"expected LaTeX text, got {type(latex).__name__}")
    return parse_relation_text(strip_math_delimiters(latex), decls or Declarations(), allow_undeclared=allow_undeclared,
                               limits=limits, layout=layout)


def parse_chain(latexes: list, decls: Declarations | None = None, *, limits: Limits = DEFAULT_LIMITS,
                layout: str = "numerator", constants: bool = False) -> list:
    """The expressions of a chain `a = b = c` (one text each), read together so sizes cross the relations."""
    if not isinstance(latexes, (list, tuple)) or not all(isinstance(t, str) for t in latexes):
        raise ParseError("expected a list of LaTeX texts")
    return parse_chain_text([strip_math_delimiters(t) for t in latexes], decls or Declarations(), limits=limits,
                            layout=layout, constants=constants)


__all__ = ["parse_chain", "parse_declarations", "parse_declare_option", "parse_formula", "parse_relation", "ParseError",
           "NotSupported", "SizeNotInferred", "Limits", "Declarations", "Decl", "Relation", "ArbitraryConstant", "Density", "split_chain",
           "read_markdown", "render", "Step", "MathBlock", "MarkdownDoc", "find_math_blocks", "group_statements"]
