"""Symbolic powers under assumptions (issue 13, item 6): Aᵏ with k a symbolic integer.

Proved by induction on k from the least value the assumptions allow (k ≥ 1, k > 0 or
Q.positive(k) start at 1; a nonnegative integer at 0). (A⁻¹)ᵏ = (Aᵏ)⁻¹, (Aᵀ)ᵏ = (Aᵏ)ᵀ,
AB = BA (an `Eq` assumption) ⇒ (AB)ᵏ = AᵏBᵏ, P² = P ⇒ Pᵏ = P for k ≥ 1 (false at k = 0:
P⁰ = I). Each true claim has a mutated twin that the refuter disproves.
"""
from sympy import Eq, Identity, Inverse, MatPow, MatrixSymbol, Q, Trace, ZeroMatrix, symbols

from symcheck import Claim

n = symbols("n", integer=True, positive=True)
k = symbols("k", integer=True, positive=True)
j = symbols("j", integer=True, nonnegative=True)
m = symbols("m", integer=True)
A, B, P, N, S = (MatrixSymbol(s, n, n) for s in "ABPNS")
I = Identity(n)
IDEMPOTENT = [Eq(P * P, P)]
COMMUTE = [Eq(A * B, B * A)]
SRC = "issue 13 item 6 (symbolic powers)"

inverse_power = Claim("(A^-1)^k = (A^k)^-1", MatPow(A.I, k), Inverse(MatPow(A, k)), expect="proved", source=SRC)
inverse_power_from_0 = Claim("(A^-1)^j = (A^j)^-1 for j >= 0", MatPow(A.I, j), Inverse(MatPow(A, j)),
                             expect="proved", source=SRC)
inverse_power_twin = Claim("twin: (A^-1)^k = (A^k)^T", MatPow(A.I, k), MatPow(A, k).T,
                           expect="refuted", source=f"{SRC}, mutated (transpose for inverse)")
negative_power = Claim("A^-k = (A^-1)^k", MatPow(A, -k), MatPow(A.I, k), expect="proved", source=SRC)

transpose_power = Claim("(A^T)^j = (A^j)^T", MatPow(A.T, j), MatPow(A, j).T, expect="proved", source=SRC)
transpose_power_twin = Claim("twin: (A^T)^k = A^k", MatPow(A.T, k), MatPow(A, k),
                             expect="refuted", source=f"{SRC}, mutated (transpose dropped)")
trace_transpose_power = Claim("tr((A^T)^k) = tr(A^k)", Trace(MatPow(A.T, k)), Trace(MatPow(A, k)),
                              expect="proved", source=SRC)

commuting = Claim("AB = BA: (AB)^k = A^k B^k", MatPow(A * B, k), MatPow(A, k) * MatPow(B, k), assume=COMMUTE,
                  expect="proved", source=SRC)
commuting_swapped = Claim("BA = AB: (AB)^k = B^k A^k", MatPow(A * B, k), MatPow(B, k) * MatPow(A, k),
                          assume=[Eq(B * A, A * B)], expect="proved", source=SRC)
commuting_twin = Claim("twin: (AB)^k = A^k B^k without AB = BA", MatPow(A * B, k), MatPow(A, k) * MatPow(B, k),
                       expect="refuted", source=f"{SRC}, mutated (assumption dropped)")
commuting_twin_power = Claim("twin: AB = BA: (AB)^k = A^k B", MatPow(A * B, k), MatPow(A, k) * B, assume=COMMUTE,
                             expect="refuted", source=f"{SRC}, mutated (exponent lost)")
commuting_letter = Claim("AB = BA: A B^j = B^j A", A * MatPow(B, j), MatPow(B, j) * A, assume=COMMUTE,
                         expect="proved", source=SRC)

idempotent = Claim("P^2 = P, k >= 1: P^k = P", MatPow(P, k), P, assume=IDEMPOTENT, expect="proved", source=SRC)
idempotent_ge = Claim("P^2 = P, m >= 1: P^m = P", MatPow(P, m), P, assume=IDEMPOTENT + [m >= 1],
                      expect="proved", source=SRC)
idempotent_positive = Claim("P^2 = P, Q.positive(m): P^m = P", MatPow(P, m), P, assume=IDEMPOTENT + [Q.positive(m)],
                            expect="proved", source=SRC)
idempotent_from_0_twin = Claim("twin: P^2 = P, j >= 0: P^j = P", MatPow(P, j), P, assume=IDEMPOTENT,
                               expect="refuted", source=f"{SRC}, mutated (k = 0 allowed: P^0 = I)")
idempotent_complement = Claim("P^2 = P: (I - P)^k = I - P", MatPow(I - P, k), I - P, assume=IDEMPOTENT,
                              expect="proved", source=SRC)
idempotent_twin = Claim("twin: P^2 = P: P^k = I", MatPow(P, k), I, assume=IDEMPOTENT,
                        expect="refuted", source=f"{SRC}, mutated (identity for P)")

nilpotent = Claim("N^2 = 0: (I + N)^k = I + k N", MatPow(I + N, k), I + k * N, assume=[Eq(N * N, ZeroMatrix(n, n))],
                  expect="proved", source=SRC)
nilpotent_twin = Claim("twin: N^2 = 0: (I + N)^k = I + N", MatPow(I + N, k), I + N,
                       assume=[Eq(N * N, ZeroMatrix(n, n))], expect="refuted", source=f"{SRC}, mutated (k lost)")
orthogonal = Claim("A orthogonal: (A^k)^T A^k = I", MatPow(A, k).T * MatPow(A, k), I, assume=[Q.orthogonal(A)],
                   expect="proved", source=SRC)
signed = Claim("S^T = -S: (S^k)^T = (-1)^k S^k", MatPow(S, k).T, (-1)**k * MatPow(S, k), assume=[Eq(S.T, -S)],
               expect="proved", source=SRC)
signed_twin = Claim("twin: S^T = -S: (S^k)^T = S^k", MatPow(S, k).T, MatPow(S, k), assume=[Eq(S.T, -S)],
                    expect="refuted", source=f"{SRC}, mutated (sign (-1)^k dropped)")
two_exponents = Claim("AB = BA: A^k B^j = B^j A^k", MatPow(A, k) * MatPow(B, j), MatPow(B, j) * MatPow(A, k),
                      assume=COMMUTE, expect="proved", source=SRC)
two_exponents_twin = Claim("twin: A^k B^j = B^j A^k without AB = BA", MatPow(A, k) * MatPow(B, j),
                           MatPow(B, j) * MatPow(A, k), expect="refuted", source=f"{SRC}, mutated (assumption dropped)")
