"""Scalar assumptions on a 1×1 product: πᵀ1 = 1, uᵀu = 1, uᵀu = c (issue 14, cookbook eq. 473).

An assumption tr(w) = v for a product w that is 1×1 (a row times a column, passing the 1×1
size once) fixes that scalar wherever it occurs in a product: the matrix prover writes the
trace atom of w as v, and the checker does the same with its own code. So the transition
matrix P = 1πᵀ with rows summing to 1 (πᵀ1 = 1) is idempotent, and Pᵏ = P for every k ≥ 1
by induction; a Householder reflection I − 2uuᵀ with uᵀu = 1 is an involution and
orthogonal. The twins change the assumed value or drop it, and are refuted.
"""
from sympy import Eq, Identity, MatrixSymbol, OneMatrix, Trace, symbols

from symcheck import Claim

n, k = symbols("n k", integer=True, positive=True)
c = symbols("c", positive=True)
pi, u = MatrixSymbol("pi", n, 1), MatrixSymbol("u", n, 1)
P = OneMatrix(n, 1) * pi.T                   # every row equal to pi^T
STOCHASTIC = [Eq(Trace(pi.T * OneMatrix(n, 1)), 1)]
H = Identity(n) - 2 * u * u.T
UNIT = [Eq(Trace(u.T * u), 1)]
SRC = "issue 14 (scalar assumptions on 1x1 products; Matrix Cookbook eq. 473)"

transition_square = Claim("pi^T 1 = 1: (1 pi^T)^2 = 1 pi^T", P * P, P, assume=STOCHASTIC, expect="proved", source=SRC)
transition_power = Claim("pi^T 1 = 1: (1 pi^T)^k = 1 pi^T", P ** k, P, assume=STOCHASTIC, expect="proved",
                         source=SRC)
transition_twin = Claim("twin: (1 pi^T)^2 = 1 pi^T without pi^T 1 = 1", P * P, P, expect="refuted",
                        source=f"{SRC}, mutated (assumption dropped)")
transition_value_twin = Claim("twin: pi^T 1 = 2: (1 pi^T)^2 = 1 pi^T", P * P, P,
                              assume=[Eq(Trace(pi.T * OneMatrix(n, 1)), 2)], expect="refuted",
                              source=f"{SRC}, mutated (rows sum to 2)")
transition_scaled = Claim("pi^T 1 = 2: (1 pi^T)^2 = 2 (1 pi^T)", P * P, 2 * P,
                          assume=[Eq(Trace(pi.T * OneMatrix(n, 1)), 2)], expect="proved", source=SRC)

householder_involution = Claim("u^T u = 1: (I - 2 u u^T)^2 = I", H * H, Identity(n), assume=UNIT, expect="proved",
                               source=SRC)
householder_orthogonal = Claim("u^T u = 1: (I - 2 u u^T)^T (I - 2 u u^T) = I", H.T * H, Identity(n), assume=UNIT,
                               expect="proved", source=SRC)
householder_twin = Claim("twin: u^T u = 2: (I - 2 u u^T)^2 = I", H * H, Identity(n),
                         assume=[Eq(Trace(u.T * u), 2)], expect="refuted", source=f"{SRC}, mutated (u^T u = 2)")
outer_square = Claim("u^T u = c: (u u^T)^2 = c u u^T", (u * u.T) * (u * u.T), c * u * u.T,
                     assume=[Eq(Trace(u.T * u), c)], expect="proved", source=SRC)
outer_square_twin = Claim("twin: u^T u = c: (u u^T)^2 = u u^T", (u * u.T) * (u * u.T), u * u.T,
                          assume=[Eq(Trace(u.T * u), c)], expect="refuted", source=f"{SRC}, mutated (c lost)")
