"""Answers are data: hostile, broken or huge input gives a ParseError or a harmless expression, fast."""
import pathlib
import time

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symcheck.latex import (Limits, ParseError, parse_declarations, parse_formula, parse_relation, read_markdown,
                            split_chain)

CORPUS = [line for line in (pathlib.Path(__file__).parent / "data" / "hostile_latex.txt").read_text(
    encoding="utf-8").splitlines() if line.strip() and not line.startswith("# ")]
DECLS = parse_declarations("X: n×d\ny: n\nw: d\nlambda > 0")
GENERATED = {
    "1 MB string": "x+" * 500_000,
    "500-deep parentheses": "(" * 500 + "x" + ")" * 500,
    "500-deep braces": "{" * 500 + "x" + "}" * 500,
    "500-deep fractions": r"\frac{1}{" * 500 + "x" + "}" * 500,
    "500-deep norms": r"\|" * 500 + "x" + r"\|" * 500,
    "500 unary minus": "-" * 500 + "x",
    "10k unary minus": "-" * 9_000 + "x",
    "500-deep powers": "x^{" * 500 + "2" + "}" * 500,
    "long number": "9" * 9_000,
    "many terms": "+".join(["x"] * 3_000),
    "many factors": " ".join(["x"] * 3_000),
}


def _harmless(expr) -> bool:
    """No enormous number was computed while reading."""
    if isinstance(expr, sympy.MatrixBase):
        return all(_harmless(e) for e in expr)
    return all(len(str(abs(int(a)))) < 2_000 for a in expr.atoms(sympy.Integer)) if isinstance(expr, sympy.Basic) else True


def _read(text: str):
    for reader in (lambda t: parse_formula(t, DECLS, allow_undeclared=True),
                   lambda t: parse_formula(t, DECLS),
                   lambda t: parse_relation(t, DECLS, allow_undeclared=True)):
        try:
            result = reader(text)
        except ParseError as exc:
            assert exc.line >= 1 and exc.column >= 1 and str(exc)
            continue
        exprs = [result.lhs, result.rhs] if hasattr(result, "relation") else [result]
        assert all(_harmless(e) for e in exprs)


@pytest.mark.parametrize("text", CORPUS)
def test_hostile_corpus_line(text):
    start = time.perf_counter()
    _read(text)
    for reader in (split_chain, read_markdown, parse_declarations):
        try:
            reader(text)
        except ParseError:
            pass
    assert time.perf_counter() - start < 2.0


@pytest.mark.parametrize("name", GENERATED)
def test_generated_hostile_input(name):
    start = time.perf_counter()
    _read(GENERATED[name])
    assert time.perf_counter() - start < 3.0


def test_limits_give_located_errors():
    with pytest.raises(ParseError, match="too long"):
        parse_formula(GENERATED["1 MB string"], DECLS)
    with pytest.raises(ParseError, match="nesting too deep"):
        parse_formula(GENERATED["500-deep parentheses"], DECLS, allow_undeclared=True)
    with pytest.raises(ParseError, match="too long"):
        parse_formula("x + y", DECLS, limits=Limits(max_length=3))
    # A generous limit still holds the line: 300 levels parse when allowed.
    deep = "(" * 300 + "x" + ")" * 300
    assert parse_formula(deep, DECLS, allow_undeclared=True, limits=Limits(max_depth=700)) == sympy.Symbol("x", real=True)


@pytest.mark.parametrize("text, message, column", [
    (r"\frac{1}{2", "never closed", 9),
    ("x + }", "no matching", 5),
    (r"\input{/etc/passwd}", "not allowed", 1),
    (r"\foo + x", "unknown macro", 1),
    (r"X^T z", "undeclared symbol z", 5),
    ("(x + y", "unbalanced", 1),
])
def test_error_messages_point_at_the_problem(text, message, column):
    with pytest.raises(ParseError, match=message) as info:
        parse_formula(text, DECLS, allow_undeclared=("undeclared" not in message))
    assert info.value.column == column
    assert "^" in info.value.snippet


def test_parsing_never_evaluates_the_text(monkeypatch):
    """The front end must not reach eval/exec, or parse_expr (where sympify sends every string)."""
    import builtins
    import sympy.parsing.sympy_parser as sympy_parser

    def refuse(*args, **kwargs):
        raise AssertionError("user text reached an evaluator")

    monkeypatch.setattr(sympy_parser, "parse_expr", refuse)
    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    for text in CORPUS + [r"(X^\top X+\lambda I)^{-1}X^\top y", "3.25 x + 10^{10}", r"\|y - Xw\|_2^2"]:
        _read(text)


LATEX_PIECES = st.sampled_from([
    "x", "y", "X", "w", "I", "I_n", "0", "1", "2", "3.5", "^T", "^{-1}", "^", "_", "'", "+", "-", "=", "<", r"\le",
    "(", ")", "[", "]", "{", "}", r"\{", r"\}", "|", r"\|", "&", r"\\", ",", r"\frac", r"\sqrt", r"\lambda", r"\cdot",
    r"\left(", r"\right)", r"\hat", r"\mathbf", r"\operatorname{tr}", r"\begin{bmatrix}", r"\end{bmatrix}",
    r"\begin{cases}", r"\end{cases}", r"\partial", r"\nabla_w", r"\mathbb{1}", r"\mathbb{E}", r"\max", r"\lim_{x \to 0}",
    r"\text{ so }", " ", "\\", "%", "$", "λ", "ᵀ", "‖", "é", "\x00",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LATEX_PIECES, max_size=40).map("".join))
def test_fuzz_latex_like_text_raises_only_parse_errors(text):
    _read(text)
    try:
        split_chain(text)
    except ParseError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_fuzz_any_text_raises_only_parse_errors(text):
    _read(text)
    for reader in (parse_declarations, read_markdown):
        try:
            reader(text)
        except ParseError:
            pass
