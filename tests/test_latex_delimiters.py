"""Answers pasted with their math delimiters read the same as without them."""
import pytest

from symcheck.latex import ParseError, parse_declare_option, parse_formula

DECLS = parse_declare_option("X: n×d, y: n")


@pytest.mark.parametrize("text", ["$X^T y$", "$$X^T y$$", r"\(X^T y\)", r"\[X^T y\]", "  $X^T y$  "])
def test_delimiters_are_stripped(text):
    assert parse_formula(text, DECLS) == parse_formula("X^T y", DECLS)


def test_an_error_inside_delimiters_keeps_its_column():
    with pytest.raises(ParseError) as info:
        parse_formula("$X^T + $", DECLS)
    assert info.value.column >= 7
