"""Gaussian moments of any even degree: the prover's pairings, the checker's Laplacian, the refuter's exact value.

Three independent computations of E[f(ε)], ε ~ N(0, σ²I), must agree on exact instances:
the prover's closed form (`prove/reductions/wick.py`: Isserlis pairings contracted as
matrix words), the checker's (`certify/moments.py`: (σ²/2)^k/k! Δ^k f), and the refuter's
value (`refute/constructs_eval.py`: every monomial of the entries replaced by its moment).
The refuter's value is in turn checked against a brute-force exact cubature (a rational
Gauss-type rule, exact for every polynomial of the degree used, summed over all its nodes).
Then certificates of degree-4 claims, and forgeries of them.
"""
from __future__ import annotations

import copy
import itertools
import random

import pytest
import sympy
from sympy import Identity, MatAdd, MatrixSymbol, Q, Trace, symbols

from symcheck import Claim, expectation, sqnorm
from symcheck.certify.checker import check_certificate
from symcheck.certify.moments import NoMoment, expectation_rule
from symcheck.certify.normal import Normal
from symcheck.constructs import Expectation, MatrixExpectation
from symcheck.engine import decide_claim
from symcheck.prove.reductions.derivative import Mono, is_matrix, rebuild
from symcheck.prove.reductions.expectation import NoClosedForm, closed_form, replace_expectations
from symcheck.prove.reductions.wick import contract, matchings
from symcheck.refute.evaluate import Instance, evaluate

from test_checker import certificate

n, k = symbols("n k", integer=True, positive=True)
sigma = symbols("sigma", positive=True)
eps = MatrixSymbol("epsilon", n, 1)
eta = MatrixSymbol("eta", n, 1)
M, N = MatrixSymbol("M", n, n), MatrixSymbol("N", n, n)
L = MatrixSymbol("L", n, n)
P = MatrixSymbol("P", k, n)
a, b, m = MatrixSymbol("a", n, 1), MatrixSymbol("b", n, 1), MatrixSymbol("m", n, 1)
x = m + L * eps

# integrands covering every placement of a pair: both in the chain (ε…εᵀ, εᵀ…ε, ε…ε, εᵀ…εᵀ),
# both in one trace, in two traces, one in a trace and one in the chain; degrees 2 to 6
INTEGRANDS = [
    eps * eps.T * eps * eps.T,
    Trace(eps.T * eps) ** 2,
    eps.T * M * eps * eps.T * N * eps,
    Trace(M * eps * eps.T * N * eps * eps.T),
    Trace(M * eps * eps.T) * Trace(eps.T * N * eps),
    Trace(a.T * eps) * Trace(b.T * eps) * eps * eps.T,
    Trace(a.T * eps) * M * eps * Trace(eps.T * N * eps),
    Trace(a.T * eps) * eps.T * M * eps * Trace(eps.T * b) * eps.T,
    P * eps * a.T * eps * eps.T * N * eps * b.T,
    eps.T * M * eps * eps.T * a * eps.T,
    (M + M.T) * eps * eps.T * N * eps * eps.T * M.T,
    sympy.Transpose(M * eps * eps.T * N * eps * eps.T),
    Trace(eps * a.T * eps * b.T),
    Trace(eps.T * a * eps.T * b),
    x * x.T * M * x * x.T,
    (P * x + P * a) * (P * x + P * b).T * (P * x) * (P * x + P * m).T,
    Trace(x.T * M * x) * Trace(x.T * N * x),
    sqnorm(eps) ** 3,
    Trace(a.T * eps) ** 2 * Trace(eps.T * M * eps) * Trace(eps.T * b) ** 2,
    eps * eps.T * M * eps * eps.T * N * eps * eps.T,
    eps * Trace(eps.T * M * eps),                     # odd: 0
]
IDS = [sympy.sstr(f)[:48] for f in INTEGRANDS]


def _rational_matrix(rng, rows, cols):
    return sympy.ImmutableMatrix(rows, cols, lambda i, j: sympy.Rational(rng.randint(-4, 4), rng.randint(1, 3)))


def _instance(seed: int, size: int = 3) -> Instance:
    rng = random.Random(seed)
    sizes = {n: size, k: 2, 1: 1}
    values = {s: _rational_matrix(rng, *[sizes[d] for d in s.shape]) for s in (M, N, L, P, a, b, m)}
    values[sigma] = sympy.Rational(rng.randint(1, 5), rng.randint(1, 3))
    return Instance({n: size, k: 2}, values)


def _checker_closed_form(f):
    rule = expectation_rule()
    normal = Normal({Expectation: rule, MatrixExpectation: rule})
    return normal, normal.value(expectation(f, eps, sigma))


@pytest.mark.parametrize("f", INTEGRANDS, ids=IDS)
def test_the_prover_the_checker_and_the_refuter_agree_exactly(f):
    closed = closed_form(f, eps, sigma)
    assert not closed.has(eps) and not any("#" in s.name for s in closed.atoms(MatrixSymbol))
    normal, mine = _checker_closed_form(f)
    assert normal.equal(mine, normal.value(closed))            # the checker's form is the prover's
    checker_expr = normal.expr(mine)
    for seed in range(2):
        instance = _instance(seed)
        exact = evaluate(expectation(f, eps, sigma), instance)
        assert evaluate(closed, instance) == exact
        assert evaluate(checker_expr, instance) == exact


# ---- the refuter against brute force ---------------------------------------------------------------

def _rule(half: int):
    """Nodes 0, ±1, ..., ±half and rational weights matching E[z^2j] = (2j − 1)!! for j ≤ half."""
    w = symbols(f"w0:{half + 1}")
    equations = [w[0] + 2 * sum(w[1:]) - 1] if half else [w[0] - 1]
    for j in range(1, half + 1):
        equations.append(2 * sum(w[i] * i ** (2 * j) for i in range(1, half + 1)) - sympy.factorial2(2 * j - 1))
    solution = sympy.solve(equations, w, dict=True)[0]
    nodes = [(0, solution[w[0]])] + [(s * i, solution[w[i]]) for i in range(1, half + 1) for s in (1, -1)]
    return nodes


def _brute_force(f, instance: Instance, size: int, degree: int):
    """Σ over the tensor-product nodes of weight · f(σ·node): exact when each variable's degree is ≤ `degree`."""
    nodes = _rule(degree // 2)
    s = instance.values[sigma]
    total = None
    for point in itertools.product(nodes, repeat=size):
        weight = sympy.Mul(*[wt for _, wt in point])
        values = dict(instance.values, **{})
        values[eps] = sympy.ImmutableMatrix(size, 1, [s * z for z, _ in point])
        value = evaluate(f, Instance(instance.dims, values))
        term = value * weight if not isinstance(value, sympy.MatrixBase) else sympy.Matrix(value) * weight
        total = term if total is None else total + term
    return total


BRUTE = [(eps * eps.T * eps * eps.T, 4), (Trace(eps.T * eps) ** 2, 4), (eps.T * M * eps * eps.T * N * eps, 4),
         (Trace(a.T * eps) * M * eps * Trace(eps.T * N * eps), 4), (x * x.T * M * x * x.T, 4),
         (Trace(x.T * M * x) * Trace(x.T * N * x), 4), (eps.T * M * eps * eps.T * a * eps.T, 4),
         (sqnorm(eps) ** 3, 6), (Trace(a.T * eps) ** 2 * Trace(eps.T * M * eps) * Trace(eps.T * b) ** 2, 6),
         (eps * Trace(eps.T * M * eps), 3)]


@pytest.mark.parametrize("f, degree", BRUTE, ids=[sympy.sstr(f)[:40] for f, _ in BRUTE])
def test_the_refuters_exact_moments_match_a_brute_force_cubature(f, degree):
    size = 2
    instance = _instance(3, size)
    expected = _brute_force(f, instance, size, degree)
    value = evaluate(expectation(f, eps, sigma), instance)
    if isinstance(expected, sympy.MatrixBase):
        assert sympy.Matrix(value) == expected
    else:
        assert value == expected


def test_the_cubature_itself_reproduces_the_double_factorials():
    for half in (1, 2, 3):
        nodes = _rule(half)
        for j in range(0, 2 * half + 2):
            expected = sympy.factorial2(j - 1) if j % 2 == 0 else 0
            assert sum(wt * z ** j for z, wt in nodes) == expected


# ---- the contraction rules one by one ----------------------------------------------------------------

u, v = MatrixSymbol("u", n, 1), MatrixSymbol("v", n, 1)
c = MatrixSymbol("c", 1, 1)
R = MatrixSymbol("R", n, n)
row = MatrixSymbol("g", 1, n)

CONTRACTIONS = [  # (monomial, what Σᵢ at u = v = eᵢ must be)
    (Mono(sympy.S.One, (), (M, u, v.T, N)), M * N),
    (Mono(sympy.S.One, (), (u, v.T)), Identity(n)),
    (Mono(sympy.S.One, (), (a, u.T, R, v, b.T)), Trace(R) * a * b.T),
    (Mono(sympy.S.One, (), (a, u.T, v, b.T)), n * a * b.T),
    (Mono(sympy.S.One, (), (M, u, row, v)), M * row.T),
    (Mono(sympy.S.One, (), (u.T, a, v.T, N)), a.T * N),
    (Mono(sympy.S.One, ((u, c, v.T, R),), ()), Trace(c) * Trace(R)),
    (Mono(sympy.S.One, ((u.T, R, v, c),), ()), Trace(R) * Trace(c)),
    (Mono(sympy.S.One, ((u, row, v, a.T),), ()), Trace(row * a)),
    (Mono(sympy.S.One, ((u.T, a, v.T, b),), ()), Trace(a.T * b)),
    (Mono(sympy.S.One, ((u, a.T),), (M, v, b.T)), M * a * b.T),
    (Mono(sympy.S.One, ((u.T, b),), (a, v.T, N)), a * b.T * N),
    (Mono(sympy.S.One, ((a.T, u), (v.T, b)), ()), Trace(a.T * b)),
]


@pytest.mark.parametrize("mono, expected", CONTRACTIONS, ids=[str(i) for i in range(len(CONTRACTIONS))])
def test_each_contraction_rule_is_the_sum_over_unit_vectors(mono, expected):
    from symcheck.prove.reductions.expectation import _value

    contracted = _value(contract(mono, u, v, n))
    size = 3
    instance = _instance(5, size)
    rng = random.Random(7)
    instance.values.update({c: _rational_matrix(rng, 1, 1), R: _rational_matrix(rng, size, size),
                            row: _rational_matrix(rng, 1, size)})
    brute = None
    for i in range(size):
        e = sympy.ImmutableMatrix(size, 1, lambda r, _: 1 if r == i else 0)
        values = dict(instance.values)
        values[u] = values[v] = e
        term = evaluate(_value(mono), Instance(instance.dims, values))
        brute = term if brute is None else brute + term
    assert evaluate(contracted, instance) == brute == evaluate(expected, instance)


def test_matchings_are_every_perfect_matching_once():
    for size in (2, 4, 6, 8):
        found = list(matchings(list(range(size))))
        assert len(found) == sympy.factorial2(size - 1)
        assert len({frozenset(frozenset(p) for p in m) for m in found}) == len(found)


# ---- limits -----------------------------------------------------------------------------------------

def test_degrees_beyond_the_rules_are_declined_by_the_prover_and_the_checker_but_evaluated_exactly():
    f = sqnorm(eps) ** 5
    with pytest.raises(NoClosedForm):
        closed_form(f, eps, sigma)
    with pytest.raises(NoMoment):
        _checker_closed_form(f)
    instance = _instance(0, 2)
    s = instance.values[sigma]
    # E[(ε₁² + ε₂²)^5] for σ = 1 is E[χ²₂^5] = 2^5 · 5! = 3840
    assert evaluate(expectation(f, eps, sigma), instance) == 3840 * s ** 10


def test_noise_inside_a_non_polynomial_function_is_declined():
    for f in (sympy.exp(Trace(eps.T * eps)), (Identity(n) + eps * eps.T).I):
        with pytest.raises(NoClosedForm):
            closed_form(f, eps, sigma)


# ---- a reduction inside a matrix sum keeps the sum a matrix (cookbook eq. 373) ----------------------

@pytest.mark.parametrize("outer", [
    lambda e: e - m * m.T,
    lambda e: m * m.T + 2 * e,
    lambda e: (e - m * m.T).T,
    lambda e: M * (e + N) * M.T,
])
def test_an_expectation_inside_a_matrix_expression_stays_a_matrix(outer):
    E = expectation(x * x.T, eps, 1)
    replaced = replace_expectations(outer(E))
    assert is_matrix(replaced) and tuple(replaced.shape) == (n, n)
    instance = _instance(1)
    assert evaluate(replaced, instance) == evaluate(outer(E), instance)


def test_rebuilding_a_matrix_sum_gives_a_matrix_sum():
    rebuilt = rebuild(MatAdd(M, N), [M * N, -N])
    assert isinstance(rebuilt, MatAdd) and tuple(rebuilt.shape) == (n, n)


# ---- claims and certificates -------------------------------------------------------------------------

A4, B4 = MatrixSymbol("A", n, n), MatrixSymbol("B", n, n)
QUARTIC = Claim("E[e'Ae e'Be]", expectation(Trace(eps.T * A4 * eps) * Trace(eps.T * B4 * eps), eps, sigma),
                sigma ** 4 * (Trace(A4) * Trace(B4) + Trace(A4 * B4.T) + Trace(A4 * B4)))
QUARTIC_TWIN = Claim("E[e'Ae e'Be] (the symmetric formula, no symmetry)", QUARTIC.lhs,
                     sigma ** 4 * (Trace(A4) * Trace(B4) + 2 * Trace(A4 * B4)))
FOURTH = Claim("E[x x' x x']", expectation(x * x.T * x * x.T, eps, 1),
               2 * (L * L.T + m * m.T) ** 2 + Trace(m.T * m) * (L * L.T - m * m.T) + Trace(L * L.T) * (L * L.T + m * m.T),
               assume=[Q.invertible(L)])


def test_a_quartic_claim_is_proved_and_its_twin_refuted():
    assert decide_claim(QUARTIC, timeout=20).status == "proved"
    twin = decide_claim(QUARTIC_TWIN, timeout=20)
    assert twin.status == "refuted", twin.detail
    sym = Claim("symmetric", QUARTIC_TWIN.lhs, QUARTIC_TWIN.rhs, assume=[Q.symmetric(A4), Q.symmetric(B4)])
    assert decide_claim(sym, timeout=20).status == "proved"


@pytest.fixture(scope="module")
def quartic_certificates():
    return {"quartic": certificate(QUARTIC), "fourth": certificate(FOURTH)}


def _rejected(cert, claim) -> str:
    result = check_certificate(cert, claim)
    assert not result.accepted, result.checked
    return result.reason


def test_degree_four_certificates_are_re_derived_by_the_checker(quartic_certificates):
    for name, claim in (("quartic", QUARTIC), ("fourth", FOURTH)):
        result = check_certificate(quartic_certificates[name], claim)
        assert result.accepted, result.reason
        assert any("re-derived from the claim" in line for line in result.checked)


def test_a_degree_four_certificate_is_rejected_for_the_twin(quartic_certificates):
    _rejected(quartic_certificates["quartic"], QUARTIC_TWIN)


def test_a_closed_form_missing_a_pairing_is_rejected(quartic_certificates):
    from symcheck.certify.srepr_reader import read_srepr

    cert = copy.deepcopy(quartic_certificates["quartic"])
    wrong = sigma ** 4 * (Trace(A4) * Trace(B4) + 2 * Trace(A4 * B4))   # one pairing twice, one missing
    if "lhs" in cert["data"]:
        cert["data"]["lhs"] = sympy.srepr(wrong)
    for ob in cert["obligations"]:
        ob["lhs"] = sympy.srepr(wrong)
        ob["certificate"] = {"format": "symcheck-ground/1", "kind": "identical sides", "relation": "==",
                             "lhs": ob["rhs"], "rhs": ob["rhs"]}
    assert read_srepr(sympy.srepr(wrong)) == wrong
    _rejected(cert, QUARTIC)
    forged = copy.deepcopy(quartic_certificates["fourth"])
    forged["data"]["lhs"] = sympy.srepr(2 * read_srepr(forged["data"]["lhs"]))
    assert "data" in _rejected(forged, FOURTH)


def test_nested_expectations_over_independent_noises():
    inner = expectation(Trace((eps + eta).T * M * (eps + eta)) ** 2, eta, sigma)
    f = expectation(inner, eps, sigma)
    value = evaluate(f, _instance(2))
    closed = replace_expectations(f)
    assert evaluate(closed, _instance(2)) == value
    s = _instance(2).values[sigma]
    Mv = sympy.Matrix(_instance(2).values[M])
    # ε + η ~ N(0, 2σ²I): E[(zᵀMz)²] = (2σ²)² (tr(M)² + tr(M Mᵀ) + tr(M²))
    assert value == (2 * s ** 2) ** 2 * (Mv.trace() ** 2 + (Mv * Mv.T).trace() + (Mv * Mv).trace())


def test_collecting_terms_keeps_a_coefficient_sympy_cannot_refactor():
    """factor_terms rebuilds det(2πΣ) with a scalar Mul inside, which Determinant refuses (cookbook eqs. 347, 348,
    393: "Input to Determinant, 2*pi*Sigma, not a matrix"); the sum is then collected without it."""
    from symcheck.prove.reductions.derivative import add

    S = MatrixSymbol("Sigma", n, n)
    c = sympy.Mul(-1, sympy.Rational(1, 2), sympy.exp(-Trace(S) / 2),
                  sympy.Pow(sympy.Determinant(sympy.MatMul(sympy.Mul(2, sympy.pi), S)), sympy.Rational(-1, 2)),
                  evaluate=False)
    with pytest.raises(TypeError):
        sympy.factor_terms(c)
    total = add([sympy.MatMul(c, M), sympy.MatMul(c, M)], M)
    assert is_matrix(total) and tuple(total.shape) == (n, n)
    instance = _instance(4)
    instance.values[S] = sympy.ImmutableMatrix(3, 3, lambda i, j: 2 if i == j else 0)
    assert evaluate(total, instance) == 2 * evaluate(sympy.MatMul(c, M), instance)
