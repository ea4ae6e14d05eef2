"""Powers with periodic coefficients: a case split on an integer k modulo the period (issue 14, eq. 437).

sin and cos of a rational multiple of π·k take finitely many values as k runs over the
integers; the claim is proved for each residue k = M·q + r (M the period), where the values
are numbers and the powers B^(M·q + r) are proved by induction on q. For a real orthogonal
skew-symmetric Q (QᵀQ = I, Qᵀ = −Q, so Q² = −I) this gives Qᵏ = cos(kπ/2)·I + sin(kπ/2)·Q
(cookbook eq. 437); for an involution S (S² = I), Sᵏ = ((1 + cos kπ)/2)·I + ((1 − cos kπ)/2)·S.
The twins flip a sign and are refuted with exact orthogonal skew / involutory instances.
"""
from sympy import Eq, Identity, MatrixSymbol, Q, cos, pi, sin, symbols

from symcheck import Claim

j, k = symbols("j k", integer=True, positive=True)
n = symbols("n", integer=True, positive=True)
Qe = MatrixSymbol("Q", 2 * j, 2 * j)          # real orthogonal skew matrices have even size
S = MatrixSymbol("S", n, n)
ORTHO_SKEW = [Q.orthogonal(Qe), Eq(Qe.T, -Qe)]
INVOLUTION = [Eq(S * S, Identity(n))]
SRC = "issue 14 (periodic sin, cos of k: a case split on k modulo the period; Matrix Cookbook eq. 437)"

ortho_skew_power = Claim("Q ortho-skew: Q^k = cos(k pi/2) I + sin(k pi/2) Q", Qe ** k,
                         cos(k * pi / 2) * Identity(2 * j) + sin(k * pi / 2) * Qe, assume=ORTHO_SKEW,
                         expect="proved", source=SRC)
ortho_skew_power_twin = Claim("twin: Q ortho-skew: Q^k = cos(k pi/2) I - sin(k pi/2) Q", Qe ** k,
                              cos(k * pi / 2) * Identity(2 * j) - sin(k * pi / 2) * Qe, assume=ORTHO_SKEW,
                              expect="refuted", source=f"{SRC}, mutated (sign of the sine)")
involution_power = Claim("S^2 = I: S^k = (1 + cos k pi)/2 I + (1 - cos k pi)/2 S", S ** k,
                         (1 + cos(k * pi)) / 2 * Identity(n) + (1 - cos(k * pi)) / 2 * S, assume=INVOLUTION,
                         expect="proved", source=SRC)
involution_power_twin = Claim("twin: S^2 = I: S^k = (1 - cos k pi)/2 I + (1 + cos k pi)/2 S", S ** k,
                              (1 - cos(k * pi)) / 2 * Identity(n) + (1 + cos(k * pi)) / 2 * S, assume=INVOLUTION,
                              expect="refuted", source=f"{SRC}, mutated (I and S swapped)")
