"""The full one-hidden-layer ReLU net: EECS182 HW0 "ReLU elbow update" (c), (d) (seeds 000, 002, 004).

f(x) = W⁽²⁾φ(W⁽¹⁾x + b) with W⁽¹⁾ d×1, b d×1, W⁽²⁾ 1×d; ℓ = ½(f(x) − y)²; one
SGD step with rate λ. Neuron i has weights W1ᵢ, bᵢ, W2ᵢ; δ = f(x) − y. The
gradient claims use an explicit two-neuron net so that the sum over neurons is
visible (the elementwise ReLU of a symbolic-length vector is not plain SymPy).
"""
from sympy import Derivative, Ne, Piecewise, symbols

from symcheck import Claim

x, y, delta = symbols("x y delta", real=True)
lam = symbols("lambda", positive=True)
W1i, bi, W2i = symbols("W1_i b_i W2_i", real=True)
a1, a2, c1, c2, v1, v2 = symbols("W1_1 W1_2 b_1 b_2 W2_1 W2_2", real=True)

SRC = "EECS182 HW0 (seeds 000/002/004), ReLU network elbows"


def relu(t):
    return Piecewise((t, t > 0), (0, True))


def indicator(t):
    return Piecewise((1, t > 0), (0, True))


z1, z2 = a1 * x + c1, a2 * x + c2
f = v1 * relu(z1) + v2 * relu(z2)
loss = (f - y) ** 2 / 2

# (c) the elbow of neuron i.
elbow_i = Claim(
    "(c) e_i = -b_i/W1_i is where W1_i x + b_i = 0",
    lhs=W1i * (-bi / W1i) + bi, rhs=0,
    assume=[Ne(W1i, 0)], expect="proved", source=f"{SRC} (c)",
)
# Gradients of the two-neuron net.
dloss_dW1 = Claim(
    "dl/dW1_1 = (f(x) - y) W2_1 1[z_1 > 0] x",
    lhs=Derivative(loss, a1), rhs=(f - y) * v1 * indicator(z1) * x,
    expect="proved", source=f"{SRC} (d), chain rule through neuron 1",
)
dloss_db = Claim(
    "dl/db_1 = (f(x) - y) W2_1 1[z_1 > 0]",
    lhs=Derivative(loss, c1), rhs=(f - y) * v1 * indicator(z1),
    expect="proved", source=f"{SRC} (d)",
)
dloss_dW2 = Claim(
    "dl/dW2_1 = (f(x) - y) phi(z_1)",
    lhs=Derivative(loss, v1), rhs=(f - y) * relu(z1),
    expect="proved", source=f"{SRC} (d), seed 000's dL/dW2",
)
weight_grad_is_x_times_bias_grad = Claim(
    "dl/dW1_1 = x dl/db_1",
    lhs=Derivative(loss, a1), rhs=x * Derivative(loss, c1),
    expect="proved", source=f"{SRC} (d), chatbot's key observation",
)
# Seed 000 writes ∂L/∂w1ᵢ = w2ᵢ[Φ(w1ᵢx + b) − y]x: the neuron's own output instead of
# f(x), and no indicator.
dloss_dW1_student = Claim(
    "seed 000: dl/dW1_1 = W2_1 (phi(z_1) - y) x",
    lhs=Derivative(loss, a1), rhs=v1 * (relu(z1) - y) * x,
    expect="refuted", source=f"{SRC} (d), seed 000",
)
dloss_dW1_no_indicator = Claim(
    "twin: dl/dW1_1 = (f(x) - y) W2_1 x",
    lhs=Derivative(loss, a1), rhs=(f - y) * v1 * x,
    expect="refuted", source=f"{SRC} (d), mutated (indicator dropped)",
)
dloss_dW1_wrong_weight = Claim(
    "twin: dl/dW1_1 = (f(x) - y) W1_1 1[z_1 > 0] x",
    lhs=Derivative(loss, a1), rhs=(f - y) * a1 * indicator(z1) * x,
    expect="refuted", source=f"{SRC} (d), mutated (W1 for W2, as the chatbot's alpha)",
)

# (d) the new elbow of an active neuron i: b′ = b − λδW2ᵢ, W1′ = W1 − λδW2ᵢx.
e_i = -bi / W1i
e_new = -(bi - lam * delta * W2i) / (W1i - lam * delta * W2i * x)
alpha = lam * delta * W2i / W1i
DEFINED = [Ne(W1i, 0), Ne(W1i - lam * delta * W2i * x, 0)]
new_elbow = Claim(
    "(d) e_i' = (lam d W2_i - b_i)/(W1_i - lam d W2_i x)",
    lhs=e_new, rhs=(lam * delta * W2i - bi) / (W1i - lam * delta * W2i * x),
    assume=DEFINED, expect="proved", source=f"{SRC} (d), chatbot's first answer",
)
new_elbow_mobius = Claim(
    "(d) e_i' = (e_i + alpha)/(1 - alpha x) with alpha = lam d W2_i/W1_i",
    lhs=e_new, rhs=(e_i + alpha) / (1 - alpha * x),
    assume=DEFINED, expect="proved", source=f"{SRC} (d), chatbot's final form",
)
# The chatbot's α = λ(f(x) − y)W1ᵢ/W1ᵢ = λδ loses W2ᵢ (W2_i = 2, others 1 differ).
new_elbow_chatbot_alpha = Claim(
    "chatbot: e_i' = (e_i + alpha)/(1 - alpha x) with alpha = lam d W1_i/W1_i",
    lhs=e_new, rhs=(e_i + lam * delta * W1i / W1i) / (1 - lam * delta * W1i / W1i * x),
    assume=DEFINED + [Ne(1 - lam * delta * x, 0)], expect="refuted", source=f"{SRC} (d), seed 004 chatbot's alpha",
)
# Seed 002 updates W1ᵢ′ = W1ᵢ − λx, bᵢ′ = bᵢ − λ (δW2ᵢ lost) and inverts the ratio.
new_elbow_seed002 = Claim(
    "seed 002: e_i' = (W1_i - lam x)/(b_i - lam)",
    lhs=(W1i - lam * x) / (bi - lam), rhs=e_new,
    assume=DEFINED + [Ne(bi - lam, 0)], expect="refuted", source=f"{SRC} (d), seed 002",
)
# Seed 000 uses the neuron's own output Φ(W1ᵢx + bᵢ) in place of f(x) in δ; with two
# neurons this is wrong whenever the other neuron contributes.
e1_true = -(c1 - lam * (f - y) * v1) / (a1 - lam * (f - y) * v1 * x)
new_elbow_seed000 = Claim(
    "seed 000: e_1' = -(b_1 - lam W2_1 (phi(z_1) - y))/(W1_1 - lam W2_1 x (phi(z_1) - y))",
    lhs=-(c1 - lam * v1 * (relu(z1) - y)) / (a1 - lam * v1 * x * (relu(z1) - y)), rhs=e1_true,
    assume=[z1 > 0, Ne(a1 - lam * (f - y) * v1 * x, 0), Ne(a1 - lam * v1 * x * (relu(z1) - y), 0)],
    expect="refuted", source=f"{SRC} (d), seed 000",
)
new_elbow_two_neurons = Claim(
    "e_1' from the SGD step = (e_1 + alpha)/(1 - alpha x), alpha = lam (f - y) W2_1/W1_1 (active)",
    lhs=-(c1 - lam * Derivative(loss, c1)) / (a1 - lam * Derivative(loss, a1)),
    rhs=(-c1 / a1 + lam * (f - y) * v1 / a1) / (1 - lam * (f - y) * v1 / a1 * x),
    assume=[z1 > 0, Ne(a1, 0), Ne(a1 - lam * (f - y) * v1 * x, 0)],
    expect="proved", source=f"{SRC} (d), the Mobius form from the network's own gradients",
)
