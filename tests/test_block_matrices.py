"""Block matrices: inverses of block matrices as grids of letters, traces of block matrices.

The prover proves the partitioned inverse in both Schur forms, the block-diagonal and
block-triangular inverses and tr [[A, B], [C, D]] = tr A + tr D; the checker re-derives the
block inverse's relations from the claim and rejects certificates that misuse them.
"""
from __future__ import annotations

import copy
import time

import pytest
from sympy import BlockDiagMatrix, BlockMatrix, Identity, MatPow, MatrixSymbol, Q, Trace, ZeroMatrix, symbols

from symcheck import Claim
from symcheck.certify.blocks import diagonal_blocks
from symcheck.certify.checker import check_certificate
from symcheck.certify.ncpoly import Dim, Rejected
from symcheck.engine import decide_claim, problem_from_claim, prove

p, q = symbols("p q", integer=True, positive=True)
A, B = MatrixSymbol("A", p, p), MatrixSymbol("B", p, q)
C, D = MatrixSymbol("C", q, p), MatrixSymbol("D", q, q)
M = BlockMatrix([[A, B], [C, D]])
S_A = D - C * A.I * B          # Schur complement of A
S_D = A - B * D.I * C          # Schur complement of D
Zpq, Zqp = ZeroMatrix(p, q), ZeroMatrix(q, p)

SCHUR_A = Claim("inverse through S_A", M.I,
                BlockMatrix([[A.I + A.I * B * S_A.I * C * A.I, -A.I * B * S_A.I], [-S_A.I * C * A.I, S_A.I]]))
SCHUR_D = Claim("inverse through S_D", M.I,
                BlockMatrix([[S_D.I, -S_D.I * B * D.I], [-D.I * C * S_D.I, D.I + D.I * C * S_D.I * B * D.I]]))
UPPER = Claim("block upper triangular", BlockMatrix([[A, B], [Zqp, D]]).I,
              BlockMatrix([[A.I, -A.I * B * D.I], [Zqp, D.I]]))
LOWER = Claim("block lower triangular", BlockMatrix([[A, Zpq], [C, D]]).I,
              BlockMatrix([[A.I, Zpq], [-D.I * C * A.I, D.I]]))
DIAGONAL = Claim("block diagonal", BlockMatrix([[A, Zpq], [Zqp, D]]).I, BlockMatrix([[A.I, Zpq], [Zqp, D.I]]))
BLOCK_DIAG = Claim("BlockDiagMatrix", BlockDiagMatrix(A, D).I, BlockMatrix([[A.I, Zpq], [Zqp, D.I]]))
TRACE = Claim("trace of a block matrix", Trace(M), Trace(A) + Trace(D))
TRACE_SQUARE = Claim("trace of its square", Trace(M * M), Trace(A * A) + 2 * Trace(B * C) + Trace(D * D))
TRANSPOSE = Claim("transpose of the inverse", M.I.T, M.T.I)
SQUARE = Claim("inverse of the square", (M * M).I, M.I * M.I)
SYMMETRIC = Claim("a symmetric block matrix has a symmetric inverse", BlockMatrix([[A, B], [B.T, D]]).I.T,
                  BlockMatrix([[A, B], [B.T, D]]).I, assume=[Q.symmetric(A), Q.symmetric(D)])
n, k = symbols("n k", integer=True, positive=True)
X, v = MatrixSymbol("X", n, k), MatrixSymbol("v", n, 1)
G = (X.T * X).I
s = Trace(v.T * v) - Trace(v.T * X * G * X.T * v)
RANK_ONE = Claim("[X v]^T [X v] inverse (a 1×1 block)", (BlockMatrix([[X, v]]).T * BlockMatrix([[X, v]])).I,
                 BlockMatrix([[G + G * X.T * v * v.T * X * G / s, -G * X.T * v / s],
                              [-v.T * X * G / s, Identity(1) / s]]))

TRUE = [SCHUR_A, SCHUR_D, UPPER, LOWER, DIAGONAL, BLOCK_DIAG, TRACE, TRACE_SQUARE, TRANSPOSE, SQUARE, SYMMETRIC,
        RANK_ONE]


def certificate(claim: Claim) -> dict:
    verdict = prove(problem_from_claim(claim), time.monotonic() + 30, [])
    assert verdict is not None and verdict.status == "proved", verdict
    return verdict.certificate


@pytest.mark.parametrize("claim", TRUE, ids=lambda c: c.name)
def test_block_identities_are_proved_and_their_certificates_accepted(claim):
    result = check_certificate(certificate(claim), claim)
    assert result.accepted, result.reason


@pytest.mark.parametrize("claim", [
    Claim("S_A form with a sign flipped", M.I,
          BlockMatrix([[A.I + A.I * B * S_A.I * C * A.I, A.I * B * S_A.I], [-S_A.I * C * A.I, S_A.I]])),
    Claim("S_D form with the corner's sign flipped", M.I,
          BlockMatrix([[S_D.I, -S_D.I * B * D.I], [-D.I * C * S_D.I, D.I - D.I * C * S_D.I * B * D.I]])),
    Claim("block triangular with the corner not negated", BlockMatrix([[A, B], [Zqp, D]]).I,
          BlockMatrix([[A.I, A.I * B * D.I], [Zqp, D.I]])),
    Claim("trace with the second block subtracted", Trace(M), Trace(A) - Trace(D)),
], ids=lambda c: c.name)
def test_false_block_identities_are_refuted(claim):
    verdict = decide_claim(claim, timeout=30)
    assert verdict.status == "refuted", verdict.detail


def test_the_trace_of_a_block_matrix_needs_square_diagonal_blocks():
    """[[A, B], [C, D]] with A n×k, D k×n is square, but tr A + tr D means nothing: not proved."""
    A1, B1 = MatrixSymbol("A", n, k), MatrixSymbol("B", n, n)
    C1, D1 = MatrixSymbol("C", k, k), MatrixSymbol("D", k, n)
    odd = BlockMatrix([[A1, B1], [C1, D1]])
    claim = Claim("trace of an off-square partition", Trace(odd), Trace(B1) + Trace(C1))
    verdict = prove(problem_from_claim(claim), time.monotonic() + 10, [])
    assert verdict is None or verdict.status != "proved"


# ---- tampering ---------------------------------------------------------------------------------


def rejected(cert, claim) -> str:
    result = check_certificate(cert, claim)
    assert not result.accepted
    return result.reason


def _block_letters(cert) -> dict:
    return {let["name"]: let for let in cert["letters"] if let.get("inverse_of_grid") is not None}


def test_block_letters_say_which_block_of_which_inverse_they_are():
    letters = _block_letters(certificate(SCHUR_A))
    assert sorted(tuple(let["block"]) for let in letters.values()) == sorted([(0, 0), (0, 1), (1, 0), (1, 1)] * 2)
    assert all(let["kind"] == "inverse" for let in letters.values())


# square blocks of one size: swapping letters keeps every word well typed
E, F, H = MatrixSymbol("E", p, p), MatrixSymbol("F", p, p), MatrixSymbol("H", p, p)
SQUARE_BLOCKS = Claim("inverse with blocks of one size", BlockMatrix([[E, F], [ZeroMatrix(p, p), H]]).I,
                      BlockMatrix([[E.I, -E.I * F * H.I], [ZeroMatrix(p, p), H.I]]))


def _pair(letters: dict, a: list, b: list) -> tuple:
    grid = next(iter(letters.values()))["inverse_of_grid"]
    first = next(name for name, let in letters.items() if let["block"] == a and let["inverse_of_grid"] == grid)
    second = next(name for name, let in letters.items() if let["block"] == b and let["inverse_of_grid"] == grid)
    return first, second


def test_swapped_block_positions_are_rejected():
    cert = copy.deepcopy(certificate(SQUARE_BLOCKS))
    letters = _block_letters(cert)
    a, b = _pair(letters, [0, 1], [1, 0])
    letters[a]["block"], letters[b]["block"] = [1, 0], [0, 1]
    reason = rejected(cert, SQUARE_BLOCKS)
    assert "transpose" in reason or "expands to" in reason


def test_a_block_letter_with_a_wrong_transpose_is_rejected():
    cert = copy.deepcopy(certificate(SQUARE_BLOCKS))
    letters = _block_letters(cert)
    a, b = _pair(letters, [0, 0], [1, 1])
    ta, tb = letters[a]["transpose"], letters[b]["transpose"]
    letters[a]["transpose"], letters[b]["transpose"] = tb, ta
    letters[ta]["transpose"], letters[tb]["transpose"] = b, a
    assert "is not block" in rejected(cert, SQUARE_BLOCKS)


def test_a_block_letter_that_also_claims_a_plain_inverse_is_rejected():
    cert = copy.deepcopy(certificate(DIAGONAL))
    let = next(iter(_block_letters(cert).values()))
    let["inverse_of"] = {"rows": let["rows"], "cols": let["cols"], "terms": [["1", []]]}
    assert "inverting nothing else" in rejected(cert, DIAGONAL)


def test_block_relations_are_not_granted_without_the_inverse_in_the_claim():
    """A certificate for M⁻¹ = R does not prove R·M = I written without M⁻¹: nothing binds the block letters."""
    cert = certificate(DIAGONAL)
    other = Claim("no inverse in the claim", BlockMatrix([[A, Zpq], [Zqp, D]]) * BlockMatrix([[A.I, Zpq], [Zqp, D.I]]),
                  Identity(p + q))
    assert not check_certificate(cert, other).accepted


def test_the_checker_takes_traces_only_over_square_diagonal_blocks():
    one, pd, qd = Dim.of(1), Dim.of(p), Dim.of(q)
    blocks = [["A", "B"], ["C", "D"]]
    assert diagonal_blocks([pd, qd], [pd, qd], blocks) == ["A", "D"]
    with pytest.raises(Rejected, match="not square"):
        diagonal_blocks([pd, qd], [qd, pd], blocks)
    with pytest.raises(Rejected, match="not square"):
        diagonal_blocks([pd, one], [pd], [["A"], ["C"]])


# ---- symbolic powers of block-diagonal matrices: diag(A, D)^k = diag(A^k, D^k) ----------------------------

k = symbols("k", integer=True, positive=True)
DIAG_POWERS = [
    Claim("diag(A, D)^k", MatPow(BlockDiagMatrix(A, D), k), BlockDiagMatrix(MatPow(A, k), MatPow(D, k))),
    Claim("[[A, 0], [0, D]]^(2k+1)", MatPow(BlockMatrix([[A, Zpq], [Zqp, D]]), 2 * k + 1),
          BlockMatrix([[MatPow(A, 2 * k + 1), Zpq], [Zqp, MatPow(D, 2 * k + 1)]])),
    Claim("tr(diag(A, D)^k)", Trace(MatPow(BlockDiagMatrix(A, D), k)), Trace(MatPow(A, k)) + Trace(MatPow(D, k))),
    Claim("diag(A, A)^k", MatPow(BlockDiagMatrix(A, A), k), BlockDiagMatrix(MatPow(A, k), MatPow(A, k))),
]


@pytest.mark.parametrize("claim", DIAG_POWERS, ids=lambda c: c.name)
def test_powers_of_block_diagonal_matrices_are_taken_blockwise(claim):
    result = check_certificate(certificate(claim), claim)
    assert result.accepted, result.reason


def test_the_checker_takes_a_power_blockwise_only_for_a_block_diagonal_matrix():
    corner = BlockMatrix([[ZeroMatrix(p, p), B], [Zqp, ZeroMatrix(q, q)]])
    target = BlockMatrix([[MatPow(A, k), B], [Zqp, MatPow(D, k)]])
    true = Claim("diag(A, D)^k + [[0, B], [0, 0]]", MatPow(BlockDiagMatrix(A, D), k) + corner, target)
    false = Claim("[[A, B], [0, D]]^k = [[A^k, B], [0, D^k]]", MatPow(BlockMatrix([[A, B], [Zqp, D]]), k), target)
    cert = certificate(true)
    assert check_certificate(cert, true).accepted
    result = check_certificate(copy.deepcopy(cert), false)
    assert not result.accepted and "not block diagonal" in result.reason


def test_a_block_triangular_power_is_not_taken_blockwise():
    verdict = decide_claim(Claim("[[A, B], [0, D]]^k = [[A^k, B], [0, D^k]]", MatPow(BlockMatrix([[A, B], [Zqp, D]]), k),
                                 BlockMatrix([[MatPow(A, k), B], [Zqp, MatPow(D, k)]])), timeout=30)
    assert verdict.status == "refuted"
