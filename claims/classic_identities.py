"""Classic matrix identities, true and subtly false (symcheck's own list, issue 4).

Square matrices are n×n; P is n×k and R k×n; x, u, v are n-vectors. Each false
identity is the kind of slip students make, chosen so that it is well typed and
fails for some size (a counterexample exists at n = 2 for all of them; several
hold at n = 1, where everything commutes).
"""
from sympy import Determinant, Eq, Identity, MatrixSymbol, Q, Trace, ZeroMatrix, symbols

from symcheck import Claim, dot, sqnorm

n, k, m = symbols("n k m", integer=True, positive=True)
A = MatrixSymbol("A", n, n)
B = MatrixSymbol("B", n, n)
C = MatrixSymbol("C", n, n)
Qm = MatrixSymbol("Q", n, n)
P = MatrixSymbol("P", n, k)
R = MatrixSymbol("R", k, n)
Cs = MatrixSymbol("C_k", k, k)
M = MatrixSymbol("M", k, m)
x = MatrixSymbol("x", n, 1)
u = MatrixSymbol("u", n, 1)
v = MatrixSymbol("v", n, 1)
In, Ik = Identity(n), Identity(k)
SRC = "symcheck classic identities"

# ---- true ----
transpose_of_product = Claim(
    "(P M)^T = M^T P^T",
    lhs=(P * M).T, rhs=M.T * P.T,
    expect="proved", source=SRC,
)
inverse_of_product = Claim(
    "(A B)^-1 = B^-1 A^-1 (square, invertible)",
    lhs=(A * B).I, rhs=B.I * A.I,
    expect="proved", source=SRC,
)
inverse_of_transpose = Claim(
    "(A^T)^-1 = (A^-1)^T",
    lhs=A.T.I, rhs=A.I.T,
    expect="proved", source=SRC,
)
woodbury = Claim(
    "Woodbury: (A + P C R)^-1 = A^-1 - A^-1 P (C^-1 + R A^-1 P)^-1 R A^-1",
    lhs=(A + P * Cs * R).I, rhs=A.I - A.I * P * (Cs.I + R * A.I * P).I * R * A.I,
    expect="proved", source=SRC,
)
sherman_morrison = Claim(
    "Sherman-Morrison: (A + u v^T)^-1 = A^-1 - A^-1 u v^T A^-1 / (1 + v^T A^-1 u)",
    lhs=(A + u * v.T).I, rhs=A.I - A.I * u * v.T * A.I / (1 + dot(v, A.I * u)),
    expect="proved", source=SRC,
)
push_through = Claim(
    "push-through: (I + P R)^-1 P = P (I + R P)^-1",
    lhs=(In + P * R).I * P, rhs=P * (Ik + R * P).I,
    expect="proved", source=SRC,
)
trace_cyclic = Claim(
    "tr(A B C) = tr(C A B)",
    lhs=Trace(A * B * C), rhs=Trace(C * A * B),
    expect="proved", source=SRC,
)
trace_cyclic_rectangular = Claim(
    "tr(P R) = tr(R P) (n×k times k×n)",
    lhs=Trace(P * R), rhs=Trace(R * P),
    expect="proved", source=SRC,
)
trace_linear = Claim(
    "tr(2A + B^T) = 2 tr(A) + tr(B)",
    lhs=Trace(2 * A + B.T), rhs=2 * Trace(A) + Trace(B),
    expect="proved", source=SRC,
)
trace_quadratic_form = Claim(
    "x^T A x = tr(A x x^T)",
    lhs=x.T * A * x, rhs=Trace(A * x * x.T),
    expect="proved", source=SRC,
)
orthogonal_norm = Claim(
    "||Q x||^2 = ||x||^2 for orthogonal Q",
    lhs=sqnorm(Qm * x), rhs=sqnorm(x),
    assume=[Q.orthogonal(Qm)], expect="proved", source=SRC,
)
orthogonal_trace = Claim(
    "tr(Q^T A Q) = tr(A) for orthogonal Q",
    lhs=Trace(Qm.T * A * Qm), rhs=Trace(A),
    assume=[Q.orthogonal(Qm)], expect="proved", source=SRC,
)
similarity_trace = Claim(
    "tr(Q^-1 A Q) = tr(A) for invertible Q",
    lhs=Trace(Qm.I * A * Qm), rhs=Trace(A),
    expect="proved", source=SRC,
)
orthogonal_frobenius = Claim(
    "||Q A||_F^2 = ||A||_F^2 for orthogonal Q",
    lhs=sqnorm(Qm * A), rhs=sqnorm(A),
    assume=[Q.orthogonal(Qm)], expect="proved", source=SRC,
)
neumann_step = Claim(
    "(I - A)^-1 = I + A + A^2 (I - A)^-1",
    lhs=(In - A).I, rhs=In + A + A * A * (In - A).I,
    expect="proved", source=SRC,
)
geometric_product = Claim(
    "(I - A)(I + A + A^2) = I - A^3",
    lhs=(In - A) * (In + A + A * A), rhs=In - A * A * A,
    expect="proved", source=SRC,
)
difference_of_inverses = Claim(
    "A^-1 - B^-1 = A^-1 (B - A) B^-1",
    lhs=A.I - B.I, rhs=A.I * (B - A) * B.I,
    expect="proved", source=SRC,
)
inverse_sum_complement = Claim(
    "(I + A)^-1 + (I + A^-1)^-1 = I",
    lhs=(In + A).I + (In + A.I).I, rhs=In,
    expect="proved", source=SRC,
)
symmetric_part = Claim(
    "x^T A x = x^T ((A + A^T)/2) x",
    lhs=x.T * A * x, rhs=x.T * ((A + A.T) / 2) * x,
    expect="proved", source=SRC,
)
square_of_sum = Claim(
    "(A + B)^2 = A^2 + A B + B A + B^2",
    lhs=(A + B) * (A + B), rhs=A * A + A * B + B * A + B * B,
    expect="proved", source=SRC,
)
commuting_square_of_sum = Claim(
    "A B = B A => (A + B)^2 = A^2 + 2 A B + B^2",
    lhs=(A + B) * (A + B), rhs=A * A + 2 * A * B + B * B,
    assume=[Eq(A * B, B * A)], expect="proved", source=SRC,
)
gram_inverse_square = Claim(
    "(A^T A)^-1 = A^-1 (A^T)^-1 (square A)",
    lhs=(A.T * A).I, rhs=A.I * A.T.I,
    expect="proved", source=SRC,
)
determinant_product = Claim(
    "det(A B) = det(A) det(B)",
    lhs=Determinant(A * B), rhs=Determinant(A) * Determinant(B),
    expect="proved", source=SRC,
)
projection_complement = Claim(
    "A^2 = A => A (I - A) = 0",
    lhs=A * (In - A), rhs=ZeroMatrix(n, n),
    assume=[Eq(A * A, A)], expect="proved", source=SRC,
)

# ---- subtly false ----
transpose_no_swap = Claim(
    "(A B)^T = A^T B^T",
    lhs=(A * B).T, rhs=A.T * B.T,
    expect="refuted", source=SRC,
)
transpose_no_swap_rectangular = Claim(
    "(P M)^T = P^T M^T (rectangular: ill-typed)",
    lhs=(P * M).T, rhs=P.T * M.T,
    expect="error", source=SRC,
)
square_of_sum_commutative = Claim(
    "(A + B)^2 = A^2 + 2 A B + B^2",
    lhs=(A + B) * (A + B), rhs=A * A + 2 * A * B + B * B,
    expect="refuted", source=SRC,
)
trace_swap_two = Claim(
    "tr(A B C) = tr(B A C)",
    lhs=Trace(A * B * C), rhs=Trace(B * A * C),
    expect="refuted", source=SRC,
)
inverse_of_sum = Claim(
    "(A + B)^-1 = A^-1 + B^-1",
    lhs=(A + B).I, rhs=A.I + B.I,
    expect="refuted", source=SRC,
)
inverse_no_swap = Claim(
    "(A B)^-1 = A^-1 B^-1",
    lhs=(A * B).I, rhs=A.I * B.I,
    expect="refuted", source=SRC,
)
trace_multiplicative = Claim(
    "tr(A B) = tr(A) tr(B)",
    lhs=Trace(A * B), rhs=Trace(A) * Trace(B),
    expect="refuted", source=SRC,
)
trace_transpose_one = Claim(
    "tr(A^T B) = tr(A B)",
    lhs=Trace(A.T * B), rhs=Trace(A * B),
    expect="refuted", source=SRC,
)
neumann_truncated = Claim(
    "(I - A)^-1 = I + A",
    lhs=(In - A).I, rhs=In + A,
    expect="refuted", source=SRC,
)
woodbury_sign = Claim(
    "Woodbury with + : (A + P C R)^-1 = A^-1 + A^-1 P (C^-1 + R A^-1 P)^-1 R A^-1",
    lhs=(A + P * Cs * R).I, rhs=A.I + A.I * P * (Cs.I + R * A.I * P).I * R * A.I,
    expect="refuted", source=SRC,
)
sherman_morrison_sign = Claim(
    "Sherman-Morrison with 1 - v^T A^-1 u",
    lhs=(A + u * v.T).I, rhs=A.I - A.I * u * v.T * A.I / (1 - dot(v, A.I * u)),
    expect="refuted", source=SRC,
)
push_through_wrong_side = Claim(
    "(I + A B)^-1 A = A (I + A B)^-1",
    lhs=(In + A * B).I * A, rhs=A * (In + A * B).I,
    expect="refuted", source=SRC,
)
symmetric_commute = Claim(
    "A, B symmetric => A B = B A",
    lhs=A * B, rhs=B * A,
    assume=[Q.symmetric(A), Q.symmetric(B)], expect="refuted", source=SRC,
)
gram_inverse_wrong_order = Claim(
    "(A^T A)^-1 = (A^T)^-1 A^-1",
    lhs=(A.T * A).I, rhs=A.T.I * A.I,
    expect="refuted", source=SRC,
)
determinant_additive = Claim(
    "det(A + B) = det(A) + det(B)",
    lhs=Determinant(A + B), rhs=Determinant(A) + Determinant(B),
    expect="refuted", source=SRC,
)
invertible_trace_invariance = Claim(
    "tr(Q^T A Q) = tr(A) for invertible (not orthogonal) Q",
    lhs=Trace(Qm.T * A * Qm), rhs=Trace(A),
    assume=[Q.invertible(Qm)], expect="refuted", source=SRC,
)
symmetric_norm_invariance = Claim(
    "||Q x||^2 = ||x||^2 for symmetric (not orthogonal) Q",
    lhs=sqnorm(Qm * x), rhs=sqnorm(x),
    assume=[Q.symmetric(Qm)], expect="refuted", source=SRC,
)
cubic_difference = Claim(
    "(I - A)(I + A + A^2) = I - A^2",
    lhs=(In - A) * (In + A + A * A), rhs=In - A * A,
    expect="refuted", source=SRC,
)
