"""Notations transcribed from the seed homeworks (shared/seeds) parse, with the right shapes or shape errors."""
import pytest

from symcheck.latex import parse_declarations, parse_formula, parse_relation, render, split_chain
from symcheck.model.shapes import IllTyped, shape_of

DECLS = parse_declarations(r"""
X: matrix n×d
y, t: vector n
w, c, x, theta: vector d, sequence
lambda, eta, alpha, sigma: scalar > 0
A: matrix d×d
F: matrix n×n
U: orthogonal n×n
V: orthogonal d×d
Sigma: matrix n×d
Gamma: matrix d×d
\hat{X}: matrix (n+d)×d
\hat{y}: vector n+d
\check{X}: matrix n×(d+n)
phi, ell: function
b, z, e, delta: scalar
epsilon: noise n, sd sigma
""")

WELL_TYPED = [
    # vector calculus (seeds 000, 004)
    (r"\frac{\partial}{\partial x} (x^T c)", "1×d"),
    (r"\frac{\partial \|x\|_2^2}{\partial \mathbf{x}}", "1×d"),
    (r"\mathbf{x}^T (A^T + A)", "1×d"),
    (r"\frac{\partial}{\partial x} (x^T A x)", "1×d"),
    # least squares, min-norm, SVD forms (seed 004)
    (r"(\mathbf{X}^T\mathbf{X})^{-1}\mathbf{X}^T\mathbf{y}", "d×1"),
    (r"V \Sigma^T U^T U \Sigma V^T", "d×d"),
    (r"\mathbf{w}^T \mathbf{X}^T \mathbf{X} \mathbf{w} - 2\mathbf{w}^T \mathbf{X}^T \mathbf{y} + \mathbf{y}^T \mathbf{y}", "1×1"),
    (r"X^T(XX^T)^{-1}\mathbf{y}", "d×1"),
    (r"X \cdot [X^T(XX^T)^{-1}]", "n×n"),
    # ridge, its five perspectives, push-through (seeds 000, 002, 004)
    (r"\|\mathbf{y} - \mathbf{X}\mathbf{w}\|_2^2 + \lambda \|\mathbf{w}\|_2^2", "1×1"),
    (r"(X^T X + \lambda I)^{-1} X^T \mathbf{y}", "d×1"),
    (r"X^T(X X^T + \lambda I_n)^{-1}", "d×n"),
    (r"\exp\left(-\frac{1}{2\lambda}\|\mathbf{y} - X\mathbf{w}\|_2^2\right)", "1×1"),
    (r"\begin{bmatrix} \mathbf{X} \\ \sqrt{\lambda} \mathbf{I}_d \end{bmatrix}", "d + n×d"),
    (r"\left\| \begin{bmatrix} \mathbf{y} \\ \mathbf{0}_d \end{bmatrix} - \begin{bmatrix} \mathbf{X} \\ \sqrt{\lambda} \mathbf{I}_d \end{bmatrix} \mathbf{w} \right\|_2^2", "1×1"),
    (r"\hat{X}^T \hat{X}", "d×d"),
    (r"(X^T X + \Gamma^T \Gamma)^{-1} X^T y", "d×1"),
    (r"\begin{bmatrix} X & \sqrt{\lambda}I_n \end{bmatrix} \begin{bmatrix} X^T \\ \sqrt{\lambda}I_n \end{bmatrix}", "n×n"),
    (r"\lim_{\lambda \rightarrow \infty} (X^T X + \lambda I)^{-1} X^T \mathbf{y}", "d×1"),
    # gradient descent (seeds 000, 002, 003)
    (r"w_{t-1} - \eta (F^T(Fw_{t-1} - y))".replace("F^T(F", "X^T(X"), "d×1"),
    (r"\theta^{(k)} - \alpha X^T(X\theta^{(k)} - y)", "d×1"),
    (r"(I - \alpha X^T X)(\theta^{(k)} - \theta^*)", "d×1"),
    (r"\nabla_{\theta} \frac{1}{2}\|X\theta - y\|^2", "d×1"),
    # expected loss (seed 001)
    (r"\frac{1}{n} \|(X(X^T X)^{-1} X^T - I)\epsilon\|_2^2", "1×1"),
    (r"\mathbb{E}\left[\frac{1}{n} \|(X(X^T X)^{-1} X^T - I)\epsilon\|_2^2\right]", "1×1"),
    # ReLU elbow (seeds 000, 002, 004)
    (r"-\frac{b}{z}", "1×1"),
    (r"(\phi(z) - b) \cdot z \cdot \mathbb{I}(z b + e > 0)", "1×1"),
    (r"\frac{-(b - \lambda \delta)}{z - \lambda \delta e}", "1×1"),
    (r"\begin{cases} z e + b & z e + b > 0 \\ 0 & \text{o.w.} \end{cases}", "1×1"),
    (r"\frac{1}{2} \|\phi(z) - b\|_2^2", "1×1"),
    (r"\max(z, b) - \frac{1}{2}(z + b) - \frac{1}{2}|z - b|", "1×1"),
]


@pytest.mark.parametrize("latex, shape", WELL_TYPED)
def test_seed_notation_parses_with_its_shape(latex, shape):
    expr = parse_formula(latex, DECLS)
    rows, cols = shape_of(expr)
    assert f"{rows}×{cols}" == shape
    assert render(expr)


ILL_TYPED = [
    r"(A^T + A)x^T",                                   # seed 000: the final answer of (d)
    r"w_{t-1} (I - \eta X^T X)",                        # seed 000: a vector times a matrix
    r"\theta^{(k)} - \alpha X^T X \theta^{(k)} + \alpha X X^T \theta^*",  # seed 003: a term +αXXᵀθ*
    r"\hat{X}^T y",                                     # seed 002: X̂ᵀ times the un-augmented y
]


@pytest.mark.parametrize("latex", ILL_TYPED)
def test_seed_ill_typed_steps_parse_and_fail_the_shape_check(latex):
    expr = parse_formula(latex, DECLS)
    with pytest.raises(IllTyped):
        shape_of(expr)


def test_seed_chain_parses_step_by_step():
    chain = r"""$$\begin{aligned} J(\mathbf{w}) &= (\mathbf{y} - X\mathbf{w})^T(\mathbf{y} - X\mathbf{w}) + \lambda \mathbf{w}^T \mathbf{w} \\
&= \mathbf{y}^T \mathbf{y} - 2\mathbf{y}^T X \mathbf{w} + \mathbf{w}^T (X^T X + \lambda I) \mathbf{w} \end{aligned}$$
$$-2\mathbf{y}^T X + 2\mathbf{w}^T (X^T X + \lambda I) = \mathbf{0}^T \implies (X^T X + \lambda I) \mathbf{w} = X^T \mathbf{y}$$"""
    steps = split_chain(chain)
    decls = DECLS.merged(parse_declarations("J: function"))
    assert [s.relation for s in steps] == [None, "==", "==", None, "==", "implies", "=="]
    for before, after in zip(steps, steps[1:]):
        if after.relation == "==":  # each equality step reads as one relation with shapes that agree
            rel = parse_relation(f"{before.text} = {after.text}", decls)
            assert shape_of(rel.lhs) == shape_of(rel.rhs)
