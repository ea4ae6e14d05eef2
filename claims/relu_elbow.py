"""One ReLU unit under SGD: EECS182 HW0 "ReLU elbow update" (a), (b) (seeds 000, 002, 004).

φ(x) = wx + b where wx + b > 0, else 0; ℓ = ½(φ(x) − y)²; SGD with step λ > 0:
w′ = w − λ ∂ℓ/∂w, b′ = b − λ ∂ℓ/∂b. The homework defines the ReLU's gradient at
0 as 0, which is what the indicator 1[wx + b > 0] (a Piecewise) encodes. The
elbow is e = −b/w; after one step e′ = −b′/w′. Part (b) fixes δ = φ(x) − y = 1
(seeds 000 and 002, and the chatbot in seed 004; seed 004's OCR'd problem text
says −1 while describing a prediction above the target, i.e. +1).
"""
from sympy import Derivative, Ne, Piecewise, Rational, symbols

from symcheck import Claim

w, b, x, y, p, delta = symbols("w b x y phi delta", real=True)
lam = symbols("lambda", positive=True)

z = w * x + b
relu = Piecewise((z, z > 0), (0, True))
active = Piecewise((1, z > 0), (0, True))  # 1[wx + b > 0]
loss = (relu - y) ** 2 / 2
e = -b / w
SRC = "EECS182 HW0 (seeds 000/002/004), ReLU elbow"

# (a)(i) the elbow.
elbow = Claim(
    "(a)(i) the elbow e = -b/w is where wx + b = 0",
    lhs=w * e + b, rhs=0,
    assume=[Ne(w, 0)], expect="proved", source=f"{SRC} (a)(i)",
)
elbow_twin = Claim(
    "(a)(i) twin: the elbow is at -w/b",
    lhs=w * (-w / b) + b, rhs=0,
    assume=[Ne(w, 0), Ne(b, 0)], expect="refuted", source=f"{SRC} (a)(i), mutated",
)
# (a)(ii) dℓ/dφ = φ − y: ℓ as a function of φ, whatever the unit does.
dloss_dphi = Claim(
    "(a)(ii) dl/dphi = phi - y",
    lhs=Derivative((p - y) ** 2 / 2, p), rhs=p - y,
    expect="proved", source=f"{SRC} (a)(ii)",
)
# Seeds 000 and 002 answer with a case split that is 0 for an inactive unit. There
# φ = 0, so dℓ/dφ = −y, not 0 (y = 1): the chain factor ∂φ/∂w is what vanishes.
dloss_dphi_seed = Claim(
    "(a)(ii) seeds 000/002: dl/dphi = (phi - y) if wx + b > 0 else 0",
    lhs=Derivative((p - y) ** 2 / 2, p), rhs=Piecewise((p - y, z > 0), (0, True)),
    expect="refuted", source=f"{SRC} (a)(ii), seeds 000/002",
)
# (An assumption φ = 0 would pin the variable being differentiated; the claim is stated
# for the inactive region only, and φ = 0, y = 1 is among its counterexamples.)
dloss_dphi_inactive = Claim(
    "(a)(ii) seeds 000/002: inactive unit => dl/dphi = 0",
    lhs=Derivative((p - y) ** 2 / 2, p), rhs=0,
    assume=[z <= 0], expect="refuted", source=f"{SRC} (a)(ii) and (b)(i), seeds 000/002",
)
# (a)(iii), (iv).
dloss_dw = Claim(
    "(a)(iii) dl/dw = (phi - y) x 1[wx + b > 0]",
    lhs=Derivative(loss, w), rhs=(relu - y) * x * active,
    expect="proved", source=f"{SRC} (a)(iii)",
)
dloss_dw_cases = Claim(
    "(a)(iii) seed 000: dl/dw = (phi - y) x if wx + b > 0 else 0",
    lhs=Derivative(loss, w), rhs=Piecewise(((relu - y) * x, z > 0), (0, True)),
    expect="proved", source=f"{SRC} (a)(iii), seed 000's case form",
)
dloss_dw_no_indicator = Claim(
    "(a)(iii) twin: dl/dw = (phi - y) x",
    lhs=Derivative(loss, w), rhs=(relu - y) * x,
    expect="refuted", source=f"{SRC} (a)(iii), mutated (indicator dropped)",
)
dloss_dw_no_x = Claim(
    "(a)(iii) twin: dl/dw = (phi - y) 1[wx + b > 0]",
    lhs=Derivative(loss, w), rhs=(relu - y) * active,
    expect="refuted", source=f"{SRC} (a)(iii), mutated (chain factor x dropped)",
)
dloss_db = Claim(
    "(a)(iv) dl/db = (phi - y) 1[wx + b > 0]",
    lhs=Derivative(loss, b), rhs=(relu - y) * active,
    expect="proved", source=f"{SRC} (a)(iv)",
)
dloss_db_no_indicator = Claim(
    "(a)(iv) twin: dl/db = phi - y",
    lhs=Derivative(loss, b), rhs=relu - y,
    expect="refuted", source=f"{SRC} (a)(iv), mutated (indicator dropped)",
)

# The elbow after one step, general error δ (active unit: ∂ℓ/∂b = δ, ∂ℓ/∂w = δx).
e_new = -(b - lam * delta) / (w - lam * delta * x)
DEFINED = [Ne(w, 0), Ne(w - lam * delta * x, 0)]
elbow_update_from_gradients = Claim(
    "active unit: -(b - lam dl/db)/(w - lam dl/dw) = -(b - lam d)/(w - lam d x) with d = wx + b - y",
    lhs=-(b - lam * Derivative(loss, b)) / (w - lam * Derivative(loss, w)),
    rhs=-(b - lam * (z - y)) / (w - lam * (z - y) * x),
    assume=[z > 0, Ne(w - lam * (z - y) * x, 0)], expect="proved", source=f"{SRC} (b), e' from the SGD step",
)
elbow_shift = Claim(
    "e' - e = lam d (w - b x)/(w (w - lam d x))",
    lhs=e_new - e, rhs=lam * delta * (w - b * x) / (w * (w - lam * delta * x)),
    assume=DEFINED, expect="proved", source=f"{SRC} (b), simplified shift of the elbow",
)
elbow_shift_twin = Claim(
    "twin: e' - e = lam d (w + b x)/(w (w - lam d x))",
    lhs=e_new - e, rhs=lam * delta * (w + b * x) / (w * (w - lam * delta * x)),
    assume=DEFINED, expect="refuted", source=f"{SRC} (b), mutated (sign)",
)
elbow_no_step_size = Claim(
    "student: e' = -(b - dl/db)/(w - dl/dw) (no step size)",
    lhs=-(b - delta) / (w - delta * x), rhs=e_new,
    assume=DEFINED + [Ne(w - delta * x, 0), z > 0], expect="refuted", source=f"{SRC} (b)(ii), seed 000",
)
elbow_x_factor = Claim(
    "student: e' = (-b + x dl/db)/(w - x dl/dw)",
    lhs=(-b + x * delta) / (w - x * (delta * x)), rhs=e_new,
    assume=DEFINED + [Ne(w - delta * x**2, 0), z > 0], expect="refuted", source=f"{SRC} (b)(iii), seed 000",
)
elbow_inverted = Claim(
    "student: e' = (w - lam x)/(b - lam) (d = 1)",
    lhs=(w - lam * x) / (b - lam), rhs=-(b - lam) / (w - lam * x),
    assume=[Ne(b - lam, 0), Ne(w - lam * x, 0), z > 0], expect="refuted", source=f"{SRC} (d), seed 002",
)

# (b) δ = 1, active unit: which way does the elbow move?
e1 = -(b - lam) / (w - lam * x)
ACTIVE = [z > 0]
inactive_no_change = Claim(
    "(b)(i) inactive unit: w - lam dl/dw = w",
    lhs=w - lam * Derivative(loss, w), rhs=w,
    assume=[z <= 0], expect="proved", source=f"{SRC} (b)(i)",
)
right_when_w_pos_x_neg = Claim(
    "(b)(iii) w > 0, x < 0: the elbow moves right",
    lhs=e1, rhs=e, relation=">",
    assume=ACTIVE + [w > 0, x < 0], expect="proved", source=f"{SRC} (b)(iii)",
)
left_when_w_pos_x_neg_seed = Claim(
    "(b)(iii) seed 000: w > 0, x < 0: the elbow moves left",
    lhs=e1, rhs=e, relation="<",
    assume=ACTIVE + [w > 0, x < 0], expect="refuted", source=f"{SRC} (b)(iii), seed 000",
)
slope_up_when_x_neg = Claim(
    "(b)(iii) x < 0: the slope increases",
    lhs=w - lam * x, rhs=w, relation=">",
    assume=ACTIVE + [w > 0, x < 0], expect="proved", source=f"{SRC} (b)(iii)",
)
left_when_w_neg_x_pos = Claim(
    "(b)(iv) w < 0, x > 0: the elbow moves left",
    lhs=e1, rhs=e, relation="<",
    assume=ACTIVE + [w < 0, x > 0], expect="proved", source=f"{SRC} (b)(iv)",
)
slope_down_when_x_pos = Claim(
    "(b)(ii) x > 0: the slope decreases",
    lhs=w - lam * x, rhs=w, relation="<",
    assume=ACTIVE + [w > 0, x > 0], expect="proved", source=f"{SRC} (b)(ii)",
)
# w > 0, x > 0: e′ − e = λ(w − bx)/(w(w − λx)) has either sign.
always_left_w_pos_x_pos = Claim(
    "(b)(ii) seed 002: w > 0, x > 0: the elbow always moves left",
    lhs=e1, rhs=e, relation="<",
    assume=ACTIVE + [w > 0, x > 0, Ne(w - lam * x, 0)], expect="refuted", source=f"{SRC} (b)(ii), seed 002",
)
always_right_w_pos_x_pos = Claim(
    "(b)(ii) 'always right': w > 0, x > 0: the elbow always moves right",
    lhs=e1, rhs=e, relation=">",
    assume=ACTIVE + [w > 0, x > 0, Ne(w - lam * x, 0)], expect="refuted", source=f"{SRC} (b)(ii), seed 004 chatbot's first answer",
)
always_right_w_neg_x_neg = Claim(
    "w < 0, x < 0: the elbow always moves right",
    lhs=e1, rhs=e, relation=">",
    assume=ACTIVE + [w < 0, x < 0, Ne(w - lam * x, 0)], expect="refuted", source=f"{SRC} (b), the remaining sign case",
)
always_left_w_neg_x_neg = Claim(
    "w < 0, x < 0: the elbow always moves left",
    lhs=e1, rhs=e, relation="<",
    assume=ACTIVE + [w < 0, x < 0, Ne(w - lam * x, 0)], expect="refuted", source=f"{SRC} (b), the remaining sign case",
)
right_when_w_pos_x_pos_condition = Claim(
    "(b)(ii) w > 0, x > 0, w - lam x > 0, w - b x > 0: the elbow moves right",
    lhs=e1, rhs=e, relation=">",
    assume=ACTIVE + [w > 0, x > 0, w - lam * x > 0, w - b * x > 0], expect="proved", source=f"{SRC} (b)(ii), exact condition",
)
pivot_point = Claim(
    "chatbot: the line pivots about x_p = -1/x",
    lhs=(w - lam * x) * (-1 / x) + (b - lam), rhs=w * (-1 / x) + b,
    assume=[Ne(x, 0)], expect="proved", source=f"{SRC} (b), seed 004 chatbot's pivot point",
)
pivot_rule = Claim(
    "chatbot: w > 0, x > 0, w - lam x > 0, e > -1/x => the elbow moves right",
    lhs=e1, rhs=e, relation=">",
    assume=ACTIVE + [w > 0, x > 0, w - lam * x > 0, -b / w > -1 / x], expect="proved", source=f"{SRC} (b), seed 004 chatbot's pivot rule",
)
# Seed 004's summary "the elbow always shifts towards x": false in case (ii) when
# e < −1/x (x = 1, w = 1, b = 2, λ = 1/2: e = −2 moves to −3, away from x).
towards_x = Claim(
    "chatbot: the elbow always moves towards x, (e' - e)(x - e) > 0",
    lhs=(e1 - e) * (x - e), rhs=0, relation=">",
    assume=ACTIVE + [Ne(w, 0), Ne(w - lam * x, 0)], expect="refuted", source=f"{SRC} (b), seed 004 chatbot's summary",
)

# The chatbot's numeric checks (seed 004), exactly.
def _elbow_after(w0, b0, x0, step):
    return -(b0 - step) / (w0 - step * x0)


numeric_case_ii = Claim(
    "(b)(ii) w = 1, b = 0, x = 2, lam = 1/10: e' = 1/8",
    lhs=_elbow_after(1, 0, 2, Rational(1, 10)), rhs=Rational(1, 8),
    expect="proved", source=f"{SRC} (b)(ii), seed 004's numeric check (0.125)",
)
numeric_case_iii = Claim(
    "(b)(iii) w = 1, b = 2, x = -1, lam = 1/10: e' = -19/11 > -2",
    lhs=_elbow_after(1, 2, -1, Rational(1, 10)), rhs=-2, relation=">",
    expect="proved", source=f"{SRC} (b)(iii), seed 004's numeric check (-2 -> -1.73)",
)
numeric_case_iii_value = Claim(
    "(b)(iii) w = 1, b = 2, x = -1, lam = 1/10: e' = -19/11",
    lhs=_elbow_after(1, 2, -1, Rational(1, 10)), rhs=Rational(-19, 11),
    expect="proved", source=f"{SRC} (b)(iii), seed 004's numeric check",
)
numeric_case_iv = Claim(
    "(b)(iv) w = -1, b = 2, x = 1, lam = 1/10: e' = 19/11 < 2",
    lhs=_elbow_after(-1, 2, 1, Rational(1, 10)), rhs=2, relation="<",
    expect="proved", source=f"{SRC} (b)(iv), seed 004's numeric check (2 -> 1.73)",
)
numeric_case_iv_value = Claim(
    "(b)(iv) w = -1, b = 2, x = 1, lam = 1/10: e' = 19/11",
    lhs=_elbow_after(-1, 2, 1, Rational(1, 10)), rhs=Rational(19, 11),
    expect="proved", source=f"{SRC} (b)(iv), seed 004's numeric check",
)
numeric_away_from_x = Claim(
    "(b)(ii) w = 1, b = 2, x = 1, lam = 1/2: e' = -3 (moves away from x)",
    lhs=_elbow_after(1, 2, 1, Rational(1, 2)), rhs=-3,
    expect="proved", source=f"{SRC} (b)(ii), counterexample to 'always towards x'",
)
