"""Backpropagation through element-wise products and smooth element-wise activations, for
symbolic widths: the product rule d(a∘b) = da∘b + a∘db and d f(a) = f'(a)∘da.

A layer with a smooth activation σ applied entrywise (X.applyfunc(σ) in SymPy):
h = σ(W x), L = ȳᵀh. The gradients are the usual backprop formulas; each true claim has a
mutated twin (a factor forgotten, an activation's derivative replaced by the activation,
a factor too many) that must be refuted. An activation's derivative may be written in any
form with the same normal form (model/elementwise.py): 1 - tanh(t)**2 or sech(t)**2, σ(1 - σ)
or exp(-t)/(1 + exp(-t))**2.
"""
from sympy import Derivative, DiagMatrix, HadamardProduct, MatrixSymbol, exp, sech, symbols, tanh

from symcheck import Claim

p, m = symbols("p m", integer=True, positive=True)
SRC = "backprop with element-wise activations (issue 14)"

W = MatrixSymbol("W", p, m)
x = MatrixSymbol("x", m, 1)
ybar = MatrixSymbol("ybar", p, 1)
a, b = MatrixSymbol("a", p, 1), MatrixSymbol("b", p, 1)


def cubic(t):
    return t ** 3 / 3 + t


def cubic_slope(t):
    return t ** 2 + 1


def tanh_slope(t):
    return 1 - tanh(t) ** 2


def sigmoid(t):
    return 1 / (1 + exp(-t))


def sigmoid_slope(t):
    return sigmoid(t) * (1 - sigmoid(t))


z = W * x
loss_tanh = ybar.T * z.applyfunc(tanh)
loss_cubic = ybar.T * z.applyfunc(cubic)

grad_w_tanh = Claim(
    "tanh layer: dL/dW = (ybar o tanh'(W x)) x^T",
    lhs=Derivative(loss_tanh, W), rhs=HadamardProduct(ybar, z.applyfunc(tanh_slope)) * x.T,
    layout="denominator", expect="proved", source=SRC)
grad_w_tanh_twin = Claim(
    "twin: tanh layer: dL/dW = 2 (ybar o tanh'(W x)) x^T (a factor 2 too many)",
    lhs=Derivative(loss_tanh, W), rhs=2 * HadamardProduct(ybar, z.applyfunc(tanh_slope)) * x.T,
    layout="denominator", expect="refuted", source=SRC)
grad_w_tanh_sech = Claim(
    "tanh layer, tanh' written sech^2: dL/dW = (ybar o sech^2(W x)) x^T",
    lhs=Derivative(loss_tanh, W), rhs=HadamardProduct(ybar, z.applyfunc(lambda t: sech(t) ** 2)) * x.T,
    layout="denominator", expect="proved", source=SRC + ", a derivative written as SymPy's diff does not")
grad_w_tanh_sech_twin = Claim(
    "twin: tanh layer: dL/dW = (ybar o 2 sech^2(W x)) x^T (a factor 2 too many)",
    lhs=Derivative(loss_tanh, W), rhs=HadamardProduct(ybar, z.applyfunc(lambda t: 2 * sech(t) ** 2)) * x.T,
    layout="denominator", expect="refuted", source=SRC)
grad_w_sigmoid = Claim(
    "sigmoid layer: dL/dW = (ybar o s(W x) o (1 - s(W x))) x^T, s' written s (1 - s)",
    lhs=Derivative(ybar.T * z.applyfunc(sigmoid), W), rhs=HadamardProduct(ybar, z.applyfunc(sigmoid_slope)) * x.T,
    layout="denominator", expect="proved", source=SRC + ", a derivative written as SymPy's diff does not")
grad_w_sigmoid_twin = Claim(
    "twin: sigmoid layer: dL/dW = (ybar o s(W x)) x^T (the activation for its derivative)",
    lhs=Derivative(ybar.T * z.applyfunc(sigmoid), W), rhs=HadamardProduct(ybar, z.applyfunc(sigmoid)) * x.T,
    layout="denominator", expect="refuted", source=SRC)
grad_x_cubic = Claim(
    "cubic layer: dL/dx = W^T (ybar o f'(W x)) for f(t) = t^3/3 + t",
    lhs=Derivative(loss_cubic, x), rhs=W.T * HadamardProduct(ybar, z.applyfunc(cubic_slope)),
    layout="denominator", expect="proved", source=SRC)
grad_x_cubic_forgotten = Claim(
    "twin: cubic layer: dL/dx = W^T ybar (the activation's derivative forgotten)",
    lhs=Derivative(loss_cubic, x), rhs=W.T * ybar,
    layout="denominator", expect="refuted", source=SRC)
grad_product_both = Claim(
    "d(ybar^T (a o a))/da = 2 ybar o a",
    lhs=Derivative(ybar.T * HadamardProduct(a, a), a), rhs=2 * HadamardProduct(ybar, a),
    layout="denominator", expect="proved", source=SRC + ", product rule with both factors varying")
grad_product_both_twin = Claim(
    "twin: d(ybar^T (a o a))/da = ybar o a (one term of the product rule)",
    lhs=Derivative(ybar.T * HadamardProduct(a, a), a), rhs=HadamardProduct(ybar, a),
    layout="denominator", expect="refuted", source=SRC)
jacobian_hadamard = Claim(
    "Jacobian of a o b with respect to b is diag(a)",
    lhs=Derivative(HadamardProduct(a, b), b), rhs=DiagMatrix(a), expect="proved", source=SRC)
jacobian_hadamard_twin = Claim(
    "twin: Jacobian of a o b with respect to b is diag(b)",
    lhs=Derivative(HadamardProduct(a, b), b), rhs=DiagMatrix(b), expect="refuted", source=SRC)
