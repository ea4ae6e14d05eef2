"""Skew-symmetric matrices (Sᵀ = −S as an Eq assumption) and traces modulo linear relations.

xᵀSx = 0 and tr(AS) = 0 are not consequences of Sᵀ = −S in the free algebra: they need
tr(w) = tr(wᵀ) (a 1×1 matrix is its own transpose). The trace layer finds the relation
tr(xᵀSx) = −tr(xᵀSx) and eliminates; the checker re-derives the relation from the recorded
rewrites and eliminates with its own code. The refuter draws skew matrices, orthogonal skew
ones, and commuting pairs (B a polynomial in A).
"""
from __future__ import annotations

import copy
import random
import time

import pytest
import sympy
from sympy import Eq, Identity, MatrixSymbol, Q, Trace, ZeroMatrix, symbols

from symcheck import Claim
from symcheck.certify.checker import check_certificate
from symcheck.certify.trace_relations import eliminate
from symcheck.engine import decide_claim, problem_from_claim, prove
from symcheck.model.problem import Problem
from symcheck.refute.check import assumptions_hold
from symcheck.refute.instances import choose_generator, make_plan

n = symbols("n", integer=True, positive=True)
lam = symbols("lambda", real=True)
S, A, B = (MatrixSymbol(s, n, n) for s in "SAB")
x, y = MatrixSymbol("x", n, 1), MatrixSymbol("y", n, 1)
SKEW = [Eq(S.T, -S)]

TRUE = [
    Claim("x^T S x = 0", x.T * S * x, 0, assume=SKEW),
    Claim("x^T S x = 0 with Eq(S, -S.T)", x.T * S * x, 0, assume=[Eq(S, -S.T)]),
    Claim("x^T S x = 0 with Eq(S + S.T, 0)", x.T * S * x, 0, assume=[Eq(S + S.T, ZeroMatrix(n, n))]),
    Claim("tr S = 0", Trace(S), 0, assume=SKEW),
    Claim("tr(S^3) = 0", Trace(S * S * S), 0, assume=SKEW),
    Claim("tr(A S) = 0 for symmetric A", Trace(A * S), 0, assume=SKEW + [Q.symmetric(A)]),
    Claim("x^T A S A^T x = 0", x.T * A * S * A.T * x, 0, assume=SKEW),
    Claim("x^T S y = -y^T S x", x.T * S * y, -y.T * S * x, assume=SKEW),
    Claim("lambda x^T S x + y^T y = y^T y", lam * x.T * S * x + y.T * y, y.T * y, assume=SKEW),
    Claim("S^2 is symmetric", (S * S).T, S * S, assume=SKEW),
    Claim("S^T S = -S^2", S.T * S, -S * S, assume=SKEW),
    Claim("A = (A + A^T)/2 + (A - A^T)/2", (A + A.T) / 2 + (A - A.T) / 2, A),
    Claim("(A - A^T)/2 is skew", ((A - A.T) / 2).T, -(A - A.T) / 2),
    Claim("Cayley: (I - S)^-1 (I + S) is orthogonal",
          ((Identity(n) - S).I * (Identity(n) + S)).T * ((Identity(n) - S).I * (Identity(n) + S)), Identity(n),
          assume=SKEW),
]


def certificate(claim: Claim) -> dict:
    verdict = prove(problem_from_claim(claim), time.monotonic() + 30, [])
    assert verdict is not None and verdict.status == "proved", verdict
    return verdict.certificate


@pytest.mark.parametrize("claim", TRUE, ids=lambda c: c.name)
def test_skew_identities_are_proved_with_accepted_certificates(claim):
    result = check_certificate(certificate(claim), claim)
    assert result.accepted, result.reason


@pytest.mark.parametrize("claim", [
    Claim("x^T S x = 0 without the assumption", x.T * S * x, 0),
    Claim("tr(S^2) = 0 for skew S", Trace(S * S), 0, assume=SKEW),
    Claim("tr(A S) = 0 for a general A", Trace(A * S), 0, assume=SKEW),
    Claim("x^T S y = y^T S x", x.T * S * y, y.T * S * x, assume=SKEW),
    Claim("S^2 = -S^T S... S^2 = S^T S", S * S, S.T * S, assume=SKEW),
], ids=lambda c: c.name)
def test_false_skew_identities_are_refuted(claim):
    verdict = decide_claim(claim, timeout=30)
    assert verdict.status == "refuted", verdict.detail


def test_proofs_are_cross_checked_on_skew_instances():
    verdict = decide_claim(TRUE[0], timeout=30)
    assert verdict.status == "proved"
    assert "skipped" not in (verdict.detail or "")   # the refuter draws skew matrices, no rejection


def test_a_skew_certificate_needs_the_skew_assumption():
    claim = TRUE[0]
    assert not check_certificate(certificate(claim), Claim(claim.name, claim.lhs, claim.rhs)).accepted


def test_a_forged_reduction_in_a_trace_certificate_is_rejected():
    cert = copy.deepcopy(certificate(TRUE[3]))
    for rw in cert["rewrites"]:
        if rw["kind"] == "reduce":
            rw["normal_form"]["terms"] = [["1", term[1]] for term in rw["normal_form"]["terms"]]  # -S becomes +S
    assert not check_certificate(cert, TRUE[3]).accepted


# ---- the checker's elimination ------------------------------------------------------------------------


class _Traces:
    """The Traces interface `eliminate` uses, over ℚ(lambda)."""

    def __init__(self):
        self.K = sympy.QQ.frac_field(lam)
        self.fld = self

    @property
    def one(self):
        return self.K.one

    def const(self, c):
        return {(): c} if c != 0 else {}

    def add(self, a, b, scale=None):
        out = dict(a)
        for m, c in b.items():
            c = c * scale if scale is not None else c
            s = out.get(m, 0) + c
            if s == 0:
                out.pop(m, None)
            else:
                out[m] = s
        return out

    def mul(self, a, b):
        out = {}
        for ma, ca in a.items():
            for mb, cb in b.items():
                out = self.add(out, {tuple(sorted(ma + mb)): ca * cb})
        return out


def test_a_trace_equal_to_minus_itself_is_zero():
    tr = _Traces()
    one, w = tr.K.one, ("x^T", "S", "x")
    assert eliminate(tr, {(w,): one}, [{(w,): 2 * one}]) == {}
    assert eliminate(tr, {(w, w): one, (): 3 * one}, [{(w,): 2 * one}]) == {(): 3 * one}


def test_the_checker_never_divides_by_a_scalar_that_might_vanish():
    tr = _Traces()
    w = ("x^T", "S", "x")
    lam_k = tr.K.convert(lam)
    assert eliminate(tr, {(w,): tr.K.one}, [{(w,): lam_k}]) == {(w,): tr.K.one}


# ---- instances -------------------------------------------------------------------------------------


def _plan(assume, lhs=None):
    lhs = lhs if lhs is not None else A * B
    problem = Problem.build(lhs, lhs, assume=list(assume))
    return problem, make_plan(problem)


@pytest.mark.parametrize("relation", [Eq(S.T, -S), Eq(-S, S.T), Eq(S, -S.T), Eq(S + S.T, ZeroMatrix(n, n))])
def test_every_way_of_writing_skew_draws_skew_matrices(relation):
    problem, plan = _plan([relation], lhs=S)
    assert "antisymmetric" in plan.matrices[S]
    rng = random.Random(3)
    for size in (1, 2, 3, 4):
        instance = plan.draw({n: size}, rng)
        value = instance.values[S]
        assert value.T == -value
        assert assumptions_hold(problem, instance)


def test_orthogonal_skew_matrices_exist_in_even_sizes_only():
    generator = choose_generator({"orthogonal", "antisymmetric"})
    rng = random.Random(1)
    value = generator.make(4, 4, rng, {"orthogonal", "antisymmetric"})
    assert value.T == -value and value.T * value == sympy.eye(4)
    assert generator.make(3, 3, rng, {"orthogonal", "antisymmetric"}) is None


def test_a_commuting_pair_is_drawn_as_a_polynomial():
    problem, plan = _plan([Eq(A * B, B * A)])
    assert B in plan.definitions or A in plan.definitions
    rng = random.Random(5)
    distinct = set()
    for size in (2, 3, 3, 4, 4, 4):
        instance = plan.draw({n: size}, rng)
        a, b = instance.values[A], instance.values[B]
        assert a * b == b * a
        assert assumptions_hold(problem, instance)
        distinct.add(sympy.ImmutableMatrix(b))
    assert len(distinct) > 2


def test_a_positive_definite_matrix_is_granted_its_inverse_by_the_checker():
    claim = Claim("tr(A S) = 0 for positive definite A", Trace(A * S), 0, assume=SKEW + [Q.positive_definite(A)])
    cert = certificate(claim)
    assert check_certificate(cert, claim).accepted
    # only symmetric: A may be singular, so its inverse letter is not granted
    symmetric = Claim(claim.name, claim.lhs, claim.rhs, assume=SKEW + [Q.symmetric(A)])
    result = check_certificate(copy.deepcopy(cert), symmetric)
    assert not result.accepted and "inverse" in result.reason


# ---- declared in a derivation -----------------------------------------------------------------------

DERIVATION = """```symcheck
S: {kind} n×n
A: symmetric n×n
x: vector n
```

$$
x^\\top (A + S) x = x^\\top A x + x^\\top S x = x^\\top A x
$$
"""


@pytest.mark.parametrize("kind, status", [("skew-symmetric", "proved"), ("matrix", "refuted")])
def test_a_derivation_declaring_s_skew_symmetric(kind, status):
    import symcheck

    result = symcheck.verify(DERIVATION.format(kind=kind))
    assert [step.status for step in result.steps] == ["proved", status]
