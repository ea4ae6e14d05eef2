"""max and min through |·| and a ReLU network: CSC413 A1 3.1 (seed 001).

max(x₁, x₂) = ½(x₁ + x₂) + ½|x₁ − x₂|, min with −; |t| = ReLU(t) + ReLU(−t); the
seed's output layer W₂ = [[1, −½], [1, ½]] maps ((x₁ + x₂)/2, |x₁ − x₂|) to (min, max).
"""
from sympy import Abs, Matrix, Max, Min, Rational, symbols

from symcheck import Claim

x1, x2, t = symbols("x1 x2 t", real=True)
half = Rational(1, 2)
SRC = "CSC413 A1 (seed 001), 3.1 max/min network"

max_identity = Claim(
    "max(x1, x2) = (x1 + x2)/2 + |x1 - x2|/2",
    lhs=Max(x1, x2), rhs=half * (x1 + x2) + half * Abs(x1 - x2),
    expect="proved", source=SRC,
)
min_identity = Claim(
    "min(x1, x2) = (x1 + x2)/2 - |x1 - x2|/2",
    lhs=Min(x1, x2), rhs=half * (x1 + x2) - half * Abs(x1 - x2),
    expect="proved", source=SRC,
)
max_identity_twin = Claim(
    "twin: max(x1, x2) = (x1 + x2)/2 - |x1 - x2|/2",
    lhs=Max(x1, x2), rhs=half * (x1 + x2) - half * Abs(x1 - x2),
    expect="refuted", source=f"{SRC}, mutated (sign)",
)
max_no_abs_twin = Claim(
    "twin: max(x1, x2) = (x1 + x2)/2 + (x1 - x2)/2",
    lhs=Max(x1, x2), rhs=half * (x1 + x2) + half * (x1 - x2),
    expect="refuted", source=f"{SRC}, mutated (absolute value dropped)",
)
abs_by_relus = Claim(
    "|t| = ReLU(t) + ReLU(-t)",
    lhs=Abs(t), rhs=Max(0, t) + Max(0, -t),
    expect="proved", source=f"{SRC}, hidden layer",
)
abs_by_relus_twin = Claim(
    "twin: |t| = ReLU(t) - ReLU(-t)",
    lhs=Abs(t), rhs=Max(0, t) - Max(0, -t),
    expect="refuted", source=f"{SRC}, mutated",
)
first_layer = Claim(
    "W1 x = ((x1 + x2)/2, x1 - x2) for W1 = [[1/2, 1/2], [1, -1]]",
    lhs=Matrix([[half, half], [1, -1]]) * Matrix([x1, x2]), rhs=Matrix([half * (x1 + x2), x1 - x2]),
    expect="proved", source=SRC,
)
output_layer = Claim(
    "W2 ((x1 + x2)/2, |x1 - x2|) = (min, max) for W2 = [[1, -1/2], [1, 1/2]]",
    lhs=Matrix([[1, -half], [1, half]]) * Matrix([half * (x1 + x2), Abs(x1 - x2)]),
    rhs=Matrix([Min(x1, x2), Max(x1, x2)]),
    expect="proved", source=SRC,
)
output_layer_twin = Claim(
    "twin: W2 ((x1 + x2)/2, |x1 - x2|) = (max, min)",
    lhs=Matrix([[1, -half], [1, half]]) * Matrix([half * (x1 + x2), Abs(x1 - x2)]),
    rhs=Matrix([Max(x1, x2), Min(x1, x2)]),
    expect="refuted", source=f"{SRC}, mutated (outputs swapped)",
)
