"""Backpropagation: CSC413 A1 2.1.2 and 2.2 (seed 001), plus seed 000's ∂L/∂W⁽²⁾.

Gradients with respect to parameters are written with the parameter's shape
(∂L/∂W₁ = z̄xᵀ), i.e. denominator layout for a scalar loss. Numbers are the
seed's 2.2.1 example, checked with exact arithmetic:
  z = W₁x = (8, 1, −6); h = ReLU(z) = (8, 1, 0); ȳ = (1, 1, 1);
  h̄ = W₂ᵀȳ = (−4, 6, 4); z̄ = h̄ ∘ 1[z > 0] = (−4, 6, 0);
  ∂L/∂W₁ = z̄xᵀ, ‖z̄xᵀ‖²_F = ‖x‖²‖z̄‖² = 11·52 = 572;
  ∂L/∂W₂ = ȳhᵀ, ‖ȳhᵀ‖²_F = ‖ȳ‖²‖h‖² = 3·65 = 195.
The seed also displays ∂L/∂W₂ as the 2×3 matrix [1; 1][8 1 0], whose squared norm
is 130, not 195: its 195 comes from the 3-vector ȳ it uses everywhere else.
"""
from sympy import (
    Derivative, HadamardProduct, Matrix, MatrixSymbol, Max, Piecewise, Trace, symbols,
)

from symcheck import Claim, sqnorm

m, n, p = symbols("m n p", integer=True, positive=True)
SRC = "CSC413 A1 (seed 001), 2.2.1 backprop example"
SRC2 = "CSC413 A1 (seed 001), 2.1.2 gradients"

W1 = Matrix([[1, 2, 1], [-2, 1, 0], [1, -2, -1]])
W2 = Matrix([[-2, 4, 1], [1, -2, -3], [-3, 4, 6]])
x = Matrix([1, 3, 1])
ybar = Matrix([1, 1, 1])
z = W1 * x
h = z.applyfunc(lambda t: Max(0, t))
hbar = W2.T * ybar
zbar = Matrix([hbar[i] * Piecewise((1, z[i] > 0), (0, True)) for i in range(3)])

forward_z = Claim(
    "z = W1 x = (8, 1, -6)",
    lhs=W1 * x, rhs=Matrix([8, 1, -6]),
    expect="proved", source=SRC,
)
forward_h = Claim(
    "h = ReLU(z) = (8, 1, 0)",
    lhs=h, rhs=Matrix([8, 1, 0]),
    expect="proved", source=SRC,
)
backward_hbar = Claim(
    "dL/dh = W2^T ybar = (-4, 6, 4)",
    lhs=hbar, rhs=Matrix([-4, 6, 4]),
    expect="proved", source=SRC,
)
backward_zbar = Claim(
    "dL/dz = hbar * 1[z > 0] = (-4, 6, 0)",
    lhs=zbar, rhs=Matrix([-4, 6, 0]),
    expect="proved", source=SRC,
)
grad_W1_numeric = Claim(
    "dL/dW1 = zbar x^T = [[-4,-12,-4],[6,18,6],[0,0,0]]",
    lhs=zbar * x.T, rhs=Matrix([[-4, -12, -4], [6, 18, 6], [0, 0, 0]]),
    expect="proved", source=SRC,
)
grad_W1_gram_numeric = Claim(
    "(zbar x^T)^T (zbar x^T) = [[52,156,52],[156,468,156],[52,156,52]]",
    lhs=(zbar * x.T).T * (zbar * x.T), rhs=Matrix([[52, 156, 52], [156, 468, 156], [52, 156, 52]]),
    expect="proved", source=f"{SRC}, the seed's trace computation",
)
grad_W1_norm_numeric = Claim(
    "||dL/dW1||_F^2 = 572",
    lhs=sqnorm(zbar * x.T), rhs=572,
    expect="proved", source=f"{SRC}, Frobenius norm",
)
grad_W1_norm_factored = Claim(
    "||x||^2 ||zbar||^2 = 572",
    lhs=sqnorm(x) * sqnorm(zbar), rhs=572,
    expect="proved", source="CSC413 A1 (seed 001), 2.2.2 efficient norm",
)
grad_W2_numeric = Claim(
    "dL/dW2 = ybar h^T = [[8,1,0],[8,1,0],[8,1,0]]",
    lhs=ybar * h.T, rhs=Matrix([[8, 1, 0], [8, 1, 0], [8, 1, 0]]),
    expect="proved", source=SRC,
)
grad_W2_norm_numeric = Claim(
    "||dL/dW2||_F^2 = 195",
    lhs=sqnorm(ybar * h.T), rhs=195,
    expect="proved", source=f"{SRC}, Frobenius norm",
)
grad_W2_norm_factored = Claim(
    "||ybar||^2 ||h||^2 = 3 * 65 = 195",
    lhs=sqnorm(ybar) * sqnorm(h), rhs=195,
    expect="proved", source="CSC413 A1 (seed 001), 2.2.2 efficient norm",
)
grad_W2_displayed = Claim(
    "seed 001: ||[1; 1][8 1 0]||_F^2 = 195",
    lhs=sqnorm(Matrix([1, 1]) * Matrix([[8, 1, 0]])), rhs=195,
    expect="refuted", source=f"{SRC}, the 2x3 matrix the seed displays (its norm is 130)",
)
# 2.2.2 as written pairs ‖ȳ‖² with ‖h̄‖² (the bar is on h): 3 · 68 = 204, not 195.
grad_W2_norm_hbar = Claim(
    "seed 001 as written: ||ybar||^2 ||hbar||^2 = 195",
    lhs=sqnorm(ybar) * sqnorm(hbar), rhs=195,
    expect="refuted", source="CSC413 A1 (seed 001), 2.2.2 notation h-bar for h",
)

# The identities behind the numbers, for every size.
zb = MatrixSymbol("zbar", m, 1)
xv = MatrixSymbol("x", n, 1)
W = MatrixSymbol("W", m, n)
g = MatrixSymbol("g", m, 1)
tgt = MatrixSymbol("t", m, 1)
outer_norm = Claim(
    "||zbar x^T||_F^2 = ||x||^2 ||zbar||^2",
    lhs=sqnorm(zb * xv.T), rhs=sqnorm(xv) * sqnorm(zb),
    expect="proved", source="CSC413 A1 (seed 001), 2.2.2",
)
outer_norm_twin = Claim(
    "twin: ||zbar x^T||_F^2 = ||x||^2 + ||zbar||^2",
    lhs=sqnorm(zb * xv.T), rhs=sqnorm(xv) + sqnorm(zb),
    expect="refuted", source="CSC413 A1 (seed 001), 2.2.2, mutated",
)
outer_norm_trace = Claim(
    "||A||_F^2 = tr(A A^T) for A = zbar x^T",
    lhs=sqnorm(zb * xv.T), rhs=Trace((zb * xv.T) * (zb * xv.T).T),
    expect="proved", source="CSC413 A1 (seed 001), 2.2.1 'trace(A A^T)'",
)
grad_linear = Claim(
    "dL/dW = g x^T for L = g^T W x (gradient shaped like W)",
    lhs=Derivative(g.T * W * xv, W), rhs=g * xv.T, layout="denominator",
    expect="proved", source=f"{SRC}, dL/dW1 = zbar x^T with zbar = dL/dz",
)
grad_linear_numerator = Claim(
    "numerator layout: d(g^T W x)/dW = x g^T",
    lhs=Derivative(g.T * W * xv, W), rhs=xv * g.T,
    expect="proved", source=f"{SRC}, the same gradient in numerator layout",
)
grad_linear_twin = Claim(
    "twin: dL/dW = x g^T in denominator layout",
    lhs=Derivative(g.T * W * xv, W), rhs=xv * g.T, layout="denominator",
    expect="error", source=f"{SRC}, mutated (factors swapped: n×m against m×n)",
)
grad_quadratic = Claim(
    "dL/dW = (W x - t) x^T for L = (1/2)||W x - t||^2",
    lhs=Derivative(sqnorm(W * xv - tgt) / 2, W), rhs=(W * xv - tgt) * xv.T, layout="denominator",
    expect="proved", source=f"{SRC}, chain rule with zbar = W x - t",
)
grad_quadratic_twin = Claim(
    "twin: dL/dW = W x x^T (target dropped)",
    lhs=Derivative(sqnorm(W * xv - tgt) / 2, W), rhs=W * xv * xv.T, layout="denominator",
    expect="refuted", source=f"{SRC}, mutated (target dropped)",
)

# 2.1.2: the multi-path chain rule dL/dx = W1ᵀz̄1 + W2ᵀz̄2 + W4ᵀȳ, with z1 = W1x,
# z2 = W2x, y = W3g + W4x; L linear in them so that z̄1, z̄2, ȳ are constants.
A1 = MatrixSymbol("W_1", p, n)
A2 = MatrixSymbol("W_2", p, n)
A3 = MatrixSymbol("W_3", m, p)
A4 = MatrixSymbol("W_4", m, n)
zb1 = MatrixSymbol("zbar_1", p, 1)
zb2 = MatrixSymbol("zbar_2", p, 1)
yb = MatrixSymbol("ybar", m, 1)
gv = MatrixSymbol("g", p, 1)
gb = MatrixSymbol("gbar", p, 1)
h1 = MatrixSymbol("h_1", p, 1)
h2 = MatrixSymbol("h_2", p, 1)
multipath = Claim(
    "dL/dx = W1^T zbar1 + W2^T zbar2 + W4^T ybar",
    lhs=Derivative(zb1.T * A1 * xv + zb2.T * A2 * xv + yb.T * (A3 * gv + A4 * xv), xv),
    rhs=A1.T * zb1 + A2.T * zb2 + A4.T * yb, layout="denominator",
    expect="proved", source=f"{SRC2}, dL/dx sums over the three paths",
)
multipath_twin = Claim(
    "twin: dL/dx = W1^T zbar1 + W2^T zbar2 (a path forgotten)",
    lhs=Derivative(zb1.T * A1 * xv + zb2.T * A2 * xv + yb.T * (A3 * gv + A4 * xv), xv),
    rhs=A1.T * zb1 + A2.T * zb2, layout="denominator",
    expect="refuted", source=f"{SRC2}, mutated",
)
grad_g = Claim(
    "dL/dg = W3^T ybar for y = W3 g + W4 x",
    lhs=Derivative(yb.T * (A3 * gv + A4 * xv), gv), rhs=A3.T * yb, layout="denominator",
    expect="proved", source=SRC2,
)
grad_hadamard = Claim(
    "dL/dh2 = gbar o h1 for g = h1 o h2",
    lhs=Derivative(gb.T * HadamardProduct(h1, h2), h2), rhs=HadamardProduct(gb, h1), layout="denominator",
    expect="proved", source=f"{SRC2}, elementwise product",
)
grad_hadamard_twin = Claim(
    "twin: dL/dh2 = gbar o h2",
    lhs=Derivative(gb.T * HadamardProduct(h1, h2), h2), rhs=HadamardProduct(gb, h2), layout="denominator",
    expect="refuted", source=f"{SRC2}, mutated (wrong factor)",
)

# Seed 000's ∂L/∂W⁽²⁾ = (W⁽²⁾Φ − y)Φ: with a hidden vector hv, ∂/∂W2 ½(W2 hv − y)² = (W2 hv − y) hvᵀ.
W2row = MatrixSymbol("W2", 1, p)
hv = MatrixSymbol("h", p, 1)
yt = MatrixSymbol("y", 1, 1)
grad_output_layer = Claim(
    "dL/dW2 = (W2 h - y) h^T for L = (1/2)(W2 h - y)^2",
    lhs=Derivative(sqnorm(W2row * hv - yt) / 2, W2row), rhs=(W2row * hv - yt) * hv.T, layout="denominator",
    expect="proved", source="EECS182 HW0 (seed 000), ReLU network dL/dW2",
)
