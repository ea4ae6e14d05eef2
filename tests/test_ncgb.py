"""Gröbner completion with recorded cofactors: zero normal forms come with a re-expandable representation."""
import sympy

from symcheck.prove.matrix.ncalg import Alphabet, Letter, NCPoly, ScalarField
from symcheck.prove.matrix.ncgb import GroebnerSession, Limits, prove_member

n, d, lam = sympy.symbols("n d lambda")


def push_through_setup():
    F = ScalarField([lam])
    A = Alphabet()
    X = A.add(Letter("X", n, d, None, "symbol", rank=0))
    Xt = A.add(Letter("X^T", d, n, None, "transpose", rank=1))
    A.link_transposes(X, Xt)
    Z1 = A.add(Letter("Z1", n, n, None, "inverse", rank=2))
    Z2 = A.add(Letter("Z2", d, d, None, "inverse", rank=3))
    L = {name: NCPoly.letter(A, i, F) for name, i in (("X", X), ("Xt", Xt), ("Z1", Z1), ("Z2", Z2))}
    M1 = L["X"] * L["Xt"] + NCPoly.identity(n, F, F.gen(lam))
    M2 = L["Xt"] * L["X"] + NCPoly.identity(d, F, F.gen(lam))
    In, Id = NCPoly.identity(n, F), NCPoly.identity(d, F)
    hyps = [M1 * L["Z1"] - In, L["Z1"] * M1 - In, M2 * L["Z2"] - Id, L["Z2"] * M2 - Id]
    return F, A, L, hyps


def expand(rep, hyps, A, F, src, dst):
    """Σ c·a·h·b recomputed by plain multiplication (independent of the reducer)."""
    total = NCPoly.zero(src, dst)
    for (a, k, b), c in rep.items():
        left = NCPoly(src, hyps[k].src, {a: F.one}) if a else NCPoly.identity(src, F)
        right = NCPoly(hyps[k].dst, dst, {b: F.one}) if b else NCPoly.identity(dst, F)
        total = total + (left * hyps[k] * right).scale(c)
    return total


def test_push_through_is_an_ideal_member_with_a_checkable_representation():
    F, A, L, hyps = push_through_setup()
    target = L["Xt"] * L["Z1"] - L["Z2"] * L["Xt"]
    result = prove_member(target, GroebnerSession(A, F, hyps))
    assert result.member
    assert (expand(result.rep, hyps, A, F, d, n) - target).is_zero()


def test_a_non_member_is_not_reduced_to_zero():
    F, A, L, hyps = push_through_setup()
    target = L["Xt"] * L["Z1"] - L["Z2"]  * L["Xt"] * L["X"] * L["Xt"]  # a dropped factor
    result = prove_member(target, GroebnerSession(A, F, hyps))
    assert not result.member
    assert result.status == "complete"  # the basis closed: the target is genuinely not a consequence


def test_bounds_stop_completion():
    F, A, L, hyps = push_through_setup()
    target = L["Xt"] * L["Z1"] - L["Z2"] * L["Xt"]
    session = GroebnerSession(A, F, hyps, Limits(max_steps=0))
    result = prove_member(target, session)
    assert not result.member and "step bound" in result.status


def test_reduction_records_what_it_subtracts():
    F, A, L, hyps = push_through_setup()
    session = GroebnerSession(A, F, hyps)
    session.add_hypotheses()
    p = L["X"] * L["Xt"] * L["Z1"] * L["X"]
    nf, rep = session.reduce(p)
    assert (p - nf - expand(rep, hyps, A, F, n, d)).is_zero()
    assert nf.terms == (L["X"] - (L["Z1"] * L["X"]).scale(F.gen(lam))).terms
