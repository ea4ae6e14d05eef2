"""Formulas as written in ML homework become the SymPy objects a mathematician means."""
import pytest
import sympy
from sympy import (BlockMatrix, Derivative, Determinant, Identity, ImmutableMatrix, Inverse, Limit,
                   MatMul, MatrixSymbol, Max, Piecewise, Pow, Symbol, Trace, Transpose, ZeroMatrix)

from symcheck.latex import NotSupported, ParseError, parse_declarations, parse_formula, parse_relation, render
from symcheck.model.shapes import IllTyped, shape_of

DECLS = parse_declarations("""
X: matrix n×d
y: vector n
w, c, x: vector d
lambda, eta: scalar > 0
A: symmetric d×d
B: matrix d×d
F: matrix n×n
b, s, alpha: scalar
phi, J: function
theta: vector d, sequence
""")
n, d = DECLS.dims["n"], DECLS.dims["d"]
X, y, w, x = (DECLS.symbols[k] for k in ("X", "y", "w", "x"))
A, B = DECLS.symbols["A"], DECLS.symbols["B"]
lam, s, b = DECLS.symbols["lambda"], DECLS.symbols["s"], DECLS.symbols["b"]


def p(latex):
    return parse_formula(latex, DECLS)


def test_products_keep_their_order():
    assert p("X^T y") == MatMul(Transpose(X), y)
    assert p("y^T X") == MatMul(Transpose(y), X)
    assert p("X^T y") != p("y^T X")
    assert p("A B") != p("B A")


@pytest.mark.parametrize("spelling", ["X^T", r"X^\top", r"X^{\intercal}", "X^{T}", r"X^{\top}", r"X^{\mathsf{T}}", "Xᵀ"])
def test_transpose_spellings(spelling):
    assert p(spelling) == Transpose(X)


def test_transpose_of_a_product_stays_a_transpose():
    assert p("(AB)^T") == Transpose(MatMul(A, B))


def test_prime_is_transpose_for_matrices_and_a_new_name_for_scalars():
    assert p("A'") == Transpose(A)
    assert p("x'") == Transpose(x)
    assert p("s'") == Symbol("s'", real=True)
    assert p("s'") != s


def test_inverse_of_a_sum_with_the_identity_sized_from_context():
    expr = p(r"(X^\top X+\lambda I)^{-1}X^\top y")
    inverse = expr.args[0]
    assert isinstance(inverse, Inverse)
    assert Identity(d) in inverse.atoms(Identity)
    assert shape_of(expr) == (d, 1)


def test_identity_sizes():
    assert p("I_n") == Identity(n)
    assert p(r"I - \eta F^T F").args[0] == Identity(n) or Identity(n) in p(r"I - \eta F^T F").atoms(Identity)
    assert Identity(d) in p(r"x^T (A + I) x").atoms(Identity)
    rel = parse_relation(r"X^T (X X^T)^{-1} X = I", DECLS)
    assert rel.rhs == Identity(d)


def test_identity_without_context_is_an_error_pointing_at_it():
    with pytest.raises(ParseError, match="size of I"):
        p("I")


def test_i_is_never_the_imaginary_unit():
    assert sympy.I not in p(r"\lambda I + B").atoms(sympy.Number, sympy.core.numbers.ImaginaryUnit)


@pytest.mark.parametrize("spelling", [r"\operatorname{tr}(B)", r"\mathrm{Tr}(B)", r"\text{tr}(B)", r"\operatorname{Tr}(B)",
                                      r"\text{trace}(B)", r"tr(B)", r"\tr(B)"])
def test_trace_spellings(spelling):
    assert p(spelling) == Trace(B)


def test_det():
    assert p(r"\det(B)") == Determinant(B)
    assert p(r"\det B") == Determinant(B)


def test_norms():
    assert p(r"\|w\|_2^2") == Trace(MatMul(Transpose(w), w))
    assert p(r"\|w\|^2") == Trace(MatMul(Transpose(w), w))
    assert p(r"\|w\|_2") == Pow(Trace(MatMul(Transpose(w), w)), sympy.S.Half)
    assert p(r"\|X\|_F^2") == Trace(MatMul(Transpose(X), X))
    assert p(r"\left\| y - X w \right\|_2^2").free_symbols >= {X, y, w}
    assert p(r"\|s\|^2") == Pow(s, 2)
    assert p(r"‖w‖²") == p(r"\|w\|^2")


def test_spectral_norm_of_a_matrix_is_not_supported():
    with pytest.raises(NotSupported):
        p(r"\|B\|_2")


def test_decorated_names_are_distinct_symbols_inheriting_the_shape():
    hat = p(r"\hat{w}")
    assert isinstance(hat, MatrixSymbol) and hat.shape == (d, 1) and hat != w
    assert p(r"\tilde{X}").shape == (n, d)
    assert p(r"\bar{w}") != hat
    assert p("w_t") == p("w_{t}") != p("w_{t-1}")
    assert p("w^{(k)}") != w and p("w^{(k)}").shape == (d, 1)
    assert p(r"\theta^{k+1}") != p(r"\theta^{k}")  # a declared sequence: superscripts index
    assert p("w^*").shape == (d, 1)


def test_scalar_powers_stay_powers():
    assert p("s^2") == Pow(s, 2)
    assert p("B^2") == sympy.MatPow(B, 2)


def test_bold_and_styles_are_transparent():
    assert p(r"\mathbf{X}^T\mathbf{y}") == p("X^T y")
    assert p(r"\boldsymbol{\theta}") == DECLS.symbols["theta"]


def test_fractions_roots_functions():
    assert p(r"\frac{1}{2}") == sympy.Rational(1, 2)
    assert p(r"\frac12 s").free_symbols == {s}
    assert p(r"\sqrt{s}") == Pow(s, sympy.S.Half)
    assert p(r"\exp(-s)").func == sympy.exp
    assert p(r"\log(1 + s)").func == sympy.log
    assert p(r"\max(0, s)") == Max(0, s)
    assert p(r"s \cdot b") == p(r"s \times b") == p("s b")
    assert p("3.5 s").args[0] == sympy.Rational(7, 2)


def test_implicit_multiplication_uses_declarations():
    expr = p("2x^T A")
    assert isinstance(expr, MatMul) and expr.args[0] == 2 and shape_of(expr) == (1, d)


def test_indicator_and_cases():
    ind = p(r"\mathbb{1}[s b > 0]")
    assert isinstance(ind, Piecewise) and ind.args[0][0] == 1
    assert p(r"\mathbb{1}_{s b > 0}") == ind
    assert p(r"\mathbb{I}(s b > 0)") == ind
    cases = p(r"\begin{cases} s & s > 0 \\ 0 & \text{otherwise} \end{cases}")
    assert isinstance(cases, Piecewise) and cases.args[-1][1] == sympy.true


def test_derivatives_and_gradients():
    assert p(r"\frac{\partial}{\partial x} (x^T A x)") == Derivative(MatMul(Transpose(x), A, x), x)
    assert p(r"\frac{\partial J(w)}{\partial w}") == Derivative(DECLS.symbols["J"](w), w)
    assert p(r"\frac{d\phi(s)}{ds}") == Derivative(DECLS.symbols["phi"](s), s)
    grad = p(r"\nabla_w \|y - Xw\|^2")
    assert isinstance(grad, Transpose) and isinstance(grad.arg, Derivative)  # a column, like w
    assert shape_of(grad) == (d, 1)
    assert p(r"\frac{\partial^2 \phi(s)}{\partial s^2}") == Derivative(DECLS.symbols["phi"](s), (s, 2))


def test_limit():
    assert p(r"\lim_{\lambda \to \infty} \frac{1}{\lambda}") == Limit(1 / lam, lam, sympy.oo)


def test_block_and_explicit_matrices():
    block = p(r"\begin{bmatrix} X \\ \sqrt{\lambda} I \end{bmatrix}")
    assert isinstance(block, BlockMatrix)
    assert Identity(d) in block.atoms(Identity)
    assert shape_of(block) == (n + d, d)
    stacked = p(r"\begin{bmatrix} y \\ 0_d \end{bmatrix}")
    assert stacked.blocks[1, 0] == ZeroMatrix(d, 1)
    assert p(r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}") == ImmutableMatrix([[1, 2], [3, 4]])


def test_ill_typed_products_parse_and_are_left_to_the_shape_checker():
    expr = p("x A w^T")  # d×1 · d×d : fine for SymPy when d = 1, wrong in general
    with pytest.raises(IllTyped):
        shape_of(expr)
    with pytest.raises(IllTyped):
        shape_of(p(r"(A^T + A) x^T"))
    with pytest.raises(IllTyped):
        shape_of(p(r"\begin{bmatrix} X & y \\ w & A \end{bmatrix}"))


def test_relations():
    rel = parse_relation(r"2X^T X w - 2X^T y = 0", DECLS)
    assert rel.relation == "==" and rel.rhs == ZeroMatrix(d, 1)
    assert parse_relation(r"\|w\|_2 \leq s", DECLS).relation == "<="
    assert parse_relation(r"s \geq b", DECLS).relation == ">="
    assert parse_relation(r"s \ne b", DECLS).relation == "!="
    assert parse_relation(r"s < b", DECLS).as_sympy() == sympy.StrictLessThan(s, b)


def test_huge_powers_are_built_not_computed():
    expr = parse_formula(r"x^{10^{10^{10}}}", allow_undeclared=True)
    assert isinstance(expr, Pow) and isinstance(expr.exp, Pow)


def test_expectation_and_argmin_use_symcheck_constructs():
    decls = parse_declarations("X: n×d\ny: n\nepsilon: noise n, sd sigma\nsigma > 0\nw: d")
    expr = parse_formula(r"\mathbb{E}[\|\epsilon\|^2]", decls)
    assert type(expr).__name__ == "Expectation"
    opt = parse_formula(r"\operatorname{argmin}_w \|y - Xw\|_2^2", decls)
    assert type(opt).__name__ == "ArgMin" and opt.shape == (decls.dims["d"], 1)


def test_expectation_without_declared_noise_is_a_clear_error():
    with pytest.raises(ParseError, match="noise"):
        p(r"\mathbb{E}[s]")


def test_undeclared_symbols():
    with pytest.raises(ParseError, match="undeclared symbol z") as info:
        p("s + z")
    assert (info.value.line, info.value.column) == (1, 5)
    assert parse_formula("s + z", DECLS, allow_undeclared=True).free_symbols == {s, Symbol("z", real=True)}


def test_render_shows_what_was_read():
    assert render(p(r"(X^\top X+\lambda I)^{-1}X^\top y")) == "(Xᵀ X + λ I_d)⁻¹ Xᵀ y"
    assert render(p(r"\|y - Xw\|_2^2")) == "‖y - X w‖²"
    assert render(parse_relation(r"X^T y = s", DECLS)) == "Xᵀ y = s"
    assert "^{T}" in render(p("X^T y"), latex=True)
