"""Sizes of `I`, `0` and `0^T` written without one: taken from every context that determines them,
an error asking for `I_n` only when nothing does."""
import pytest
import sympy
from sympy import Identity, ZeroMatrix

from symcheck.latex import SizeNotInferred, parse_chain, parse_declarations, parse_formula, parse_relation, render
from symcheck.latex.sizing import SizeInference, is_size
from symcheck.model.shapes import shape_of

DECLS = parse_declarations("A: matrix n×n\nB: matrix d×n\nX: matrix n×d\ny: vector n\nw: vector d\nlambda > 0")
n, d = DECLS.dims["n"], DECLS.dims["d"]


def identities(expr):
    return {m.rows for m in expr.atoms(Identity)}


def zeros(expr):
    return {m.shape for m in expr.atoms(ZeroMatrix)}


@pytest.mark.parametrize("latex, size", [
    (r"A A^{-1} = I", n),                       # the other side of an equation
    (r"I = A^{-1} A", n),
    (r"X^T X + \lambda I", d),                  # a sum
    (r"B (I + A)", n),                          # a product
    (r"w^T w I = A", n),                        # a 1×1 factor is no evidence, the other side is
    (r"(I - X (X^T X)^{-1} X^T)^2", n),
    (r"\begin{bmatrix} X \\ \sqrt{\lambda} I \end{bmatrix}", d),   # the block column
])
def test_a_bare_identity_is_sized_by_its_context(latex, size):
    expr = parse_relation(latex, DECLS) if "=" in latex else parse_formula(latex, DECLS)
    found = identities(expr.lhs) | identities(expr.rhs) if hasattr(expr, "lhs") else identities(expr)
    assert found == {size}


@pytest.mark.parametrize("latex", [r"I", r"\lambda I = 0", r"\operatorname{tr}(I)", r"I^2 = I",
                                   r"\begin{bmatrix} A & 0 \\ 0 & I \end{bmatrix}"])
def test_a_truly_ambiguous_identity_asks_for_its_size(latex):
    with pytest.raises(SizeNotInferred, match="write I_n"):
        parse_relation(latex, DECLS) if "=" in latex else parse_formula(latex, DECLS)


def test_zero_blocks_are_sized_by_the_equation_around_the_block_matrix():
    latex = (r"\left\|\begin{bmatrix} X \\ \sqrt{\lambda} I \end{bmatrix} w - "
             r"\begin{bmatrix} y \\ 0 \end{bmatrix}\right\|_2^2")
    expr = parse_formula(latex, DECLS)
    assert zeros(expr) == {(d, 1)} and identities(expr) == {d}
    shape_of(expr)                              # well typed
    assert "0_{d×1}" in render(expr)


def test_a_block_identity_is_sized_by_solving_the_sum_of_block_sizes():
    rel = parse_relation(r"\begin{bmatrix} A & 0 \\ 0 & I \end{bmatrix} = \begin{bmatrix} A & 0 \\ 0 & I_d \end{bmatrix}",
                         DECLS)
    assert identities(rel.lhs) == {d} and zeros(rel.lhs) == {(n, d), (d, n)}


def test_zero_transposed_is_a_zero_row_not_the_scalar_zero():
    rel = parse_relation(r"y^T X = 0^T", DECLS)
    assert rel.rhs == ZeroMatrix(1, d)
    assert parse_formula(r"w^T + 0^T", DECLS).shape == (1, d)
    with pytest.raises(SizeNotInferred):
        parse_formula(r"0^T", DECLS)            # alone it has no size
    assert parse_formula(r"0", DECLS) == 0       # a plain 0 stays the number


def test_a_chain_is_read_together_so_sizes_cross_its_relations():
    exprs = parse_chain([r"A A^{-1}", r"I", r"A^{-1} A"], DECLS)
    assert exprs[1] == Identity(n)
    exprs = parse_chain([r"2 w^T X^T X - 2 y^T X", r"0^T"], DECLS)
    assert exprs[1] == ZeroMatrix(1, d)
    with pytest.raises(SizeNotInferred) as info:
        parse_chain([r"\lambda I", r"0"], DECLS)   # a scalar 0 says nothing about the size
    assert info.value.index == 1


@pytest.mark.parametrize("value, expected", [(sympy.Integer(3), True), (sympy.Integer(0), False), (n + d, True),
                                             (2 * n, True), (n - d, False), (n / 2, False), (n * d, True)])
def test_only_sizes_solve_a_size_equation(value, expected):
    assert is_size(value) is expected


def test_solving_binds_one_placeholder_and_never_to_a_negative_size():
    sizes = SizeInference()
    p = sizes.new_size("identity")
    sizes.unify(n + p, n + d)
    assert sizes.resolve(p) == d
    q = sizes.new_size("zero")
    sizes.unify(q + d, n)                       # q = n - d is not a size for all n, d: left open
    assert sizes.resolve(q) == q
