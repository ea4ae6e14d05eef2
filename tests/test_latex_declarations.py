"""Declaration blocks and the one-line --declare form become symbols, dimensions and assumptions."""
import pytest
import sympy
from sympy import Eq, MatMul, MatrixSymbol, Q, Symbol

from symcheck.latex import ParseError, parse_declarations, parse_declare_option, parse_formula
from symcheck.model.problem import Problem


def test_block_format():
    decls = parse_declarations("""
X: matrix n×d
y: vector n
lambda: scalar > 0
A: symmetric n×n
U: orthogonal n×n
P: idempotent n×n
I: identity
k: integer >= 0
w, b, x: scalar
""")
    n, d = decls.dims["n"], decls.dims["d"]
    assert n.is_integer and n.is_positive and d.is_integer and d.is_positive
    assert decls.symbols["X"] == MatrixSymbol("X", n, d)
    assert decls.symbols["y"] == MatrixSymbol("y", n, 1)
    lam = decls.symbols["lambda"]
    assert lam.is_positive and lam.is_real
    assert decls.symbols["k"].is_integer and decls.symbols["k"].is_nonnegative
    assert all(isinstance(decls.symbols[v], Symbol) and decls.symbols[v].is_real for v in "wbx")
    A, U, P = (decls.symbols[k] for k in "AUP")
    assumptions = decls.assumptions
    assert Q.positive(lam) in assumptions and Q.symmetric(A) in assumptions and Q.orthogonal(U) in assumptions
    assert Eq(MatMul(P, P), P, evaluate=False) in assumptions
    assert Q.integer(decls.symbols["k"]) in assumptions


@pytest.mark.parametrize("shape", ["n×d", "n x d", r"n \times d", "n*d", r"\mathbb{R}^{n \times d}", "R^{n×d}"])
def test_shape_spellings(shape):
    decls = parse_declarations(f"X: {shape}")
    assert decls.symbols["X"].shape == (decls.dims["n"], decls.dims["d"])


def test_one_line_cli_form():
    decls = parse_declare_option("X: n×d, y: n, lambda>0")
    assert decls.symbols["X"].shape == (decls.dims["n"], decls.dims["d"])
    assert decls.symbols["y"].shape == (decls.dims["n"], 1)
    assert decls.symbols["lambda"].is_positive


def test_names_written_in_latex_and_unicode_are_the_same_name():
    decls = parse_declarations(r"\lambda: scalar > 0" + "\n" + r"\hat{w}: vector d" + "\nλ2: scalar" * 0)
    assert "lambda" in decls.symbols and r"\hat{w}" in decls.symbols
    assert parse_formula("λ", decls) == decls.symbols["lambda"]
    assert parse_formula(r"\hat{w}", decls) is decls.symbols[r"\hat{w}"]


def test_composite_dimensions_and_relations_between_dimensions():
    decls = parse_declarations("Xhat: matrix (n+d)×d\nn > d")
    n, d = decls.dims["n"], decls.dims["d"]
    assert decls.symbols["Xhat"].shape == (n + d, d)
    assert sympy.StrictGreaterThan(n, d) in decls.assumptions


def test_flags_and_noise():
    decls = parse_declarations("w: vector d, sequence\nepsilon: noise n, sd sigma\nf: function")
    assert decls.decls["w"].sequence
    assert decls.decls["epsilon"].noise_sd == "sigma"
    assert isinstance(decls.symbols["f"], sympy.core.function.FunctionClass)


def test_assumptions_feed_problem_build():
    decls = parse_declarations("X: n×d\nlambda > 0\nA: symmetric d×d\nP: idempotent d×d")
    lhs = parse_formula(r"X^T (X X^T + \lambda I)^{-1}", decls)
    rhs = parse_formula(r"(X^T X + \lambda I)^{-1} X^T", decls)
    problem = Problem.build(lhs, rhs, "==", decls.assumptions)
    assert problem.has_predicate("positive", decls.symbols["lambda"])
    assert problem.has_predicate("symmetric", decls.symbols["A"])
    assert problem.dims == {decls.dims["n"], decls.dims["d"]}


@pytest.mark.parametrize("bad, where", [
    ("X: matrix n×", (1, 4)),
    ("y: vector", (1, 4)),
    ("s: scalar n×d", (1, 4)),
    ("A: symmetric", (1, 4)),
    ("ok: scalar\nlambda: scalar > 3", (2, 9)),
])
def test_bad_declarations_point_at_the_line(bad, where):
    with pytest.raises(ParseError) as info:
        parse_declarations(bad)
    assert info.value.line == where[0]


@pytest.mark.parametrize("text", ["S: skew-symmetric n×n", "S: skew symmetric n×n", "S: antisymmetric n",
                                  "S: skew n×n"])
def test_a_skew_symmetric_declaration_is_the_relation_s_transpose_equals_minus_s(text):
    decls = parse_declarations(text)
    S = decls.symbols["S"]
    assert decls.assumptions == [sympy.Eq(S.T, -S)]


@pytest.mark.parametrize("text", ["S: skew n×d", "s: skew vector n"])
def test_a_skew_symmetric_declaration_must_be_square(text):
    with pytest.raises(ParseError, match="square"):
        parse_declarations(text)
