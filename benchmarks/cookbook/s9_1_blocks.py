"""The Matrix Cookbook (Petersen & Pedersen, version of November 15, 2012), §9.1 Block matrices.

A = [[A11, A12], [A21, A22]] with A11 p×p and A22 q×q square, A12 p×q, A21 q×p; the
Schur complements are C1 = A11 − A12 A22⁻¹ A21 (of A22) and C2 = A22 − A21 A11⁻¹ A12
(of A11), eqs. 397–400. In the 2012 printing the block formulas themselves carry no
number; their claims cite the subsection and the numbers of C1 and C2. Every inverse
in a claim is assumed to exist (CONTRACT §2), as the cookbook assumes ("when the
appropriate inverses exist").

Note on §9.1.5: the text extracted from the PDF garbles the third factor of the
factored inverse; it is transcribed as [[I, −A12 A22⁻¹], [0, I]], the only reading
that makes the product the inverse (checked by hand: with
A = [[I, A12 A22⁻¹], [0, I]] · diag(C1, A22) · [[I, 0], [A22⁻¹ A21, I]] the inverse is
the product of the three inverses in reverse order).
"""
from sympy import BlockMatrix, Determinant, Eq, Identity, MatrixSymbol, ZeroMatrix, symbols

from symcheck import Claim

p, q, r, s = symbols("p q r s", integer=True, positive=True)

A11, A12 = MatrixSymbol("A11", p, p), MatrixSymbol("A12", p, q)
A21, A22 = MatrixSymbol("A21", q, p), MatrixSymbol("A22", q, q)
Ablk = BlockMatrix([[A11, A12], [A21, A22]])
C1 = A11 - A12 * A22.I * A21        # eq. 397 / 399
C2 = A22 - A21 * A11.I * A12        # eq. 398 / 400
Ip, Iq = Identity(p), Identity(q)
Zpq, Zqp = ZeroMatrix(p, q), ZeroMatrix(q, p)


def src(sub, extra=""):
    return f"Matrix Cookbook (2012) §9.1.{sub}{extra}"


# ---- 9.1.1 multiplication ------------------------------------------------------------------------------
B11, B12 = MatrixSymbol("B11", p, r), MatrixSymbol("B12", p, s)
B21, B22 = MatrixSymbol("B21", q, r), MatrixSymbol("B22", q, s)
block_product = Claim(
    "[[A11, A12], [A21, A22]] [[B11, B12], [B21, B22]] blockwise",
    Ablk * BlockMatrix([[B11, B12], [B21, B22]]),
    BlockMatrix([[A11 * B11 + A12 * B21, A11 * B12 + A12 * B22],
                 [A21 * B11 + A22 * B21, A21 * B12 + A22 * B22]]),
    expect="proved", source=src(1))

# ---- 9.1.2 the determinant -------------------------------------------------------------------------------
block_det_C1 = Claim("det(A) = det(A22) det(C1)", Determinant(Ablk), Determinant(A22) * Determinant(C1),
                     expect="proved", source=src(2, " with C1 of eq. 397"))
block_det_C2 = Claim("det(A) = det(A11) det(C2)", Determinant(Ablk), Determinant(A11) * Determinant(C2),
                     expect="proved", source=src(2, " with C2 of eq. 398"))

# ---- 9.1.3 the inverse -------------------------------------------------------------------------------------
block_inverse_C1_C2 = Claim(
    "A^-1 = [[C1^-1, -A11^-1 A12 C2^-1], [-C2^-1 A21 A11^-1, C2^-1]]",
    Ablk.I,
    BlockMatrix([[C1.I, -A11.I * A12 * C2.I], [-C2.I * A21 * A11.I, C2.I]]),
    expect="proved", source=src(3, " with C1, C2 of eqs. 399-400, first form"))
block_inverse_expanded = Claim(
    "A^-1 = [[A11^-1 + A11^-1 A12 C2^-1 A21 A11^-1, -C1^-1 A12 A22^-1], [-A22^-1 A21 C1^-1, A22^-1 + A22^-1 A21 C1^-1 A12 A22^-1]]",
    Ablk.I,
    BlockMatrix([[A11.I + A11.I * A12 * C2.I * A21 * A11.I, -C1.I * A12 * A22.I],
                 [-A22.I * A21 * C1.I, A22.I + A22.I * A21 * C1.I * A12 * A22.I]]),
    expect="proved", source=src(3, " with C1, C2 of eqs. 399-400, second form"))

# ---- 9.1.4 block diagonal (eqs. 401–402) ---------------------------------------------------------------------
Adiag = BlockMatrix([[A11, Zpq], [Zqp, A22]])
eq401 = Claim("[[A11, 0], [0, A22]]^-1 = [[A11^-1, 0], [0, A22^-1]]", Adiag.I,
              BlockMatrix([[A11.I, Zpq], [Zqp, A22.I]]), expect="proved", source="Matrix Cookbook (2012) eq. 401")
eq402 = Claim("det([[A11, 0], [0, A22]]) = det(A11) det(A22)", Determinant(Adiag),
              Determinant(A11) * Determinant(A22), expect="proved", source="Matrix Cookbook (2012) eq. 402")

# ---- 9.1.5 Schur complement ----------------------------------------------------------------------------------
schur_factored_inverse = Claim(
    "A^-1 = [[I, 0], [-A22^-1 A21, I]] [[C1^-1, 0], [0, A22^-1]] [[I, -A12 A22^-1], [0, I]]",
    Ablk.I,
    BlockMatrix([[Ip, Zpq], [-A22.I * A21, Iq]]) * BlockMatrix([[C1.I, Zpq], [Zqp, A22.I]])
    * BlockMatrix([[Ip, -A12 * A22.I], [Zqp, Iq]]),
    expect="proved", source=src(5, " (factored inverse)"))
x1, x2 = MatrixSymbol("x1", p, 1), MatrixSymbol("x2", q, 1)
b1, b2 = MatrixSymbol("b1", p, 1), MatrixSymbol("b2", q, 1)
schur_solve = Claim(
    "A [x1; x2] = [b1; b2] implies (A11 - A12 A22^-1 A21) x1 = b1 - A12 A22^-1 b2",
    C1 * x1, b1 - A12 * A22.I * b2,
    assume=[Eq(A11 * x1 + A12 * x2, b1), Eq(A21 * x1 + A22 * x2, b2)],
    expect="proved", source=src(5, " (linear system)"))
