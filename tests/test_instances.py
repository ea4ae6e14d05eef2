"""Instance generation: every construction delivers the properties it promises, scalars
respect signs, bounds and square roots, relations become constructions, dims cover
n<d, n=d, n>d and size 1, and drawing is deterministic for a seed."""
import random

import pytest
import sympy
from sympy import Eq, Identity, MatrixSymbol, Q, Rational, sqrt, symbols

from symcheck.model.problem import Problem
from symcheck.refute.check import assumptions_hold
from symcheck.refute.linalg import to_domain_matrix
from symcheck.refute.instances import (MATRIX_GENERATORS, ScalarSpec, choose_generator, dim_schedule,
                                       draw_scalar, make_plan)
from symcheck.refute.predicates import PREDICATES

n, d, r = symbols("n d r", integer=True, positive=True)
lam = symbols("lambda", positive=True)
w, x, b = symbols("w x b", real=True)
k = symbols("k", integer=True, nonnegative=True)
A = MatrixSymbol("A", n, n)
P = MatrixSymbol("P", n, n)
U = MatrixSymbol("U", n, r)
X = MatrixSymbol("X", n, d)

# Properties checked through extra tests below rather than a Q predicate.
_RELATION_PROPERTIES = {"idempotent", "orthonormal_columns", "orthonormal_rows", "antisymmetric"}


# Properties that only square matrices have: generators promising one get square shapes.
_SQUARE_ONLY = {"square", "invertible", "singular", "symmetric", "orthogonal", "unitary", "normal",
                "positive_definite", "positive_semidefinite", "idempotent", "antisymmetric"}


def _shapes(generator, size):
    if {"orthogonal", "antisymmetric"} <= generator.requires:
        return [(size + size % 2, size + size % 2)]    # real orthogonal skew matrices have even size
    if generator.provides & _SQUARE_ONLY:
        return [(size, size)]
    if "orthonormal_columns" in generator.requires:
        return [(size, size), (size + 1, size)]
    if "orthonormal_rows" in generator.requires:
        return [(size, size), (size, size + 1)]
    return [(size, size), (size + 1, size), (size, size + 1)]


@pytest.mark.parametrize("generator", MATRIX_GENERATORS, ids=lambda g: g.name + str(sorted(g.requires)))
@pytest.mark.parametrize("size", [1, 2, 3, 4])
def test_every_generator_keeps_its_promises(generator, size):
    rng = random.Random(size)
    for rows, cols in _shapes(generator, size) * 3:
        value = generator.make(rows, cols, rng, set(generator.requires))
        assert value is not None and value.shape == (rows, cols)
        assert all(entry.is_Rational for entry in value)
        m = to_domain_matrix(value)
        for prop in generator.provides - _RELATION_PROPERTIES:
            assert PREDICATES[prop](m), f"{generator.name} gave {value}, which is not {prop}"
        if "idempotent" in generator.requires:
            assert value * value == value
        if "orthonormal_columns" in generator.requires:
            assert value.T * value == sympy.eye(value.cols)
        if "orthonormal_rows" in generator.requires:
            assert value * value.T == sympy.eye(value.rows)
        if "antisymmetric" in generator.requires:
            assert value.T == -value


def test_choose_generator_prefers_the_most_specific_construction():
    assert choose_generator({"symmetric", "positive_definite"}).name == "MᵀM + I"
    assert choose_generator({"diagonal", "positive_definite"}).name == "positive diagonal"
    assert choose_generator({"orthogonal"}).name.startswith("orthogonal")
    assert choose_generator({"idempotent", "symmetric"}).name == "orthogonal projection"
    assert choose_generator(set()).name == "random"


def test_no_matrix_with_more_orthonormal_columns_than_rows():
    generator = choose_generator({"orthonormal_columns"})
    assert generator.make(2, 3, random.Random(0), {"orthonormal_columns"}) is None


def test_scalars_respect_signs_bounds_integrality_and_square_roots():
    rng = random.Random(0)
    cases = [
        (ScalarSpec({"positive"}), lambda v: v > 0),
        (ScalarSpec({"negative", "integer"}), lambda v: v < 0 and v.is_Integer),
        (ScalarSpec({"nonzero"}), lambda v: v != 0),
        (ScalarSpec(lower=(Rational(10), True)), lambda v: v > 10),
        (ScalarSpec(lower=(Rational(1), False), upper=(Rational(2), True)), lambda v: 1 <= v < 2),
        (ScalarSpec({"nonnegative"}, square=True), lambda v: sqrt(v).is_Rational),
        (ScalarSpec(exponent=True), lambda v: v.is_Integer),
    ]
    for spec, ok in cases:
        for _ in range(30):
            value = draw_scalar(spec, rng)
            assert value is not None and ok(value), (spec, value)
    assert draw_scalar(ScalarSpec({"positive", "negative"}), rng) is None


def test_relations_become_constructions():
    S = MatrixSymbol("S", d, d)
    V = MatrixSymbol("V", d, d)
    claim = Problem.build(P, P, assume=[Eq(P * P, P), Eq(U.T * U, Identity(r)), w > 0, x < 0,
                                        Eq(X, U * S * V.T) if False else Eq(A, A.T)])
    plan = make_plan(claim)
    assert "idempotent" in plan.matrices[P]
    assert "orthonormal_columns" in plan.matrices[U]
    assert "symmetric" in plan.matrices[A]
    assert plan.scalars[w].lower == (0, True)
    assert plan.scalars[x].upper == (0, True)


def test_a_defined_symbol_is_computed_from_the_others():
    Y = MatrixSymbol("Y", n, n)
    claim = Problem.build(Y, Y, assume=[Eq(Y, A.T * A + lam * Identity(n))])
    plan = make_plan(claim)
    assert Y in plan.definitions
    inst = plan.draw({n: 2}, random.Random(1))
    a = sympy.Matrix(inst.values[A])
    assert inst.values[Y] == a.T * a + inst.values[lam] * sympy.eye(2)
    assert assumptions_hold(claim, inst)


def test_square_roots_keep_values_rational():
    claim = Problem.build(sqrt(lam) * X, X)
    plan = make_plan(claim)
    assert plan.scalars[lam].square
    rng = random.Random(0)
    for _ in range(20):
        assert sqrt(plan.draw({n: 1, d: 1}, rng).values[lam]).is_Rational


def test_matrix_power_exponents_are_small_integers():
    claim = Problem.build(A ** k, A ** k)
    plan = make_plan(claim)
    values = {plan.draw({n: 2}, random.Random(s)).values[k] for s in range(30)}
    assert values <= {0, 1, 2, 3} and len(values) > 1


def test_dimension_schedule_covers_every_ordering_and_size_one():
    plan = make_plan(Problem.build(X, X))
    sizes = list(dim_schedule(plan, 40, random.Random(0)))
    assert len(sizes) == 40
    assert sizes[0] == {n: 2, d: 2}
    assert any(s[n] < s[d] for s in sizes[:9]) and any(s[n] > s[d] for s in sizes[:9])
    assert any(s[n] == 1 for s in sizes[:9]) and any(s[n] == s[d] for s in sizes[:9])
    assert max(max(s.values()) for s in sizes) <= 5


def test_dimension_relations_filter_the_schedule():
    plan = make_plan(Problem.build(X, X, assume=[n > d]))
    assert all(s[n] > s[d] for s in dim_schedule(plan, 30, random.Random(0)))


def test_drawing_is_deterministic_for_a_seed():
    claim = Problem.build(A * X, A * X, assume=[Q.positive_definite(A), w > 0])
    plan = make_plan(claim)
    first = [plan.draw({n: 3, d: 2}, random.Random(7)).values for _ in range(3)]
    again = [make_plan(claim).draw({n: 3, d: 2}, random.Random(7)).values for _ in range(3)]
    assert first == again


def test_drawn_instances_meet_constructed_assumptions():
    claim = Problem.build(A, A, assume=[Q.orthogonal(A)])
    plan = make_plan(claim)
    rng = random.Random(0)
    for size in (1, 2, 3, 4):
        assert assumptions_hold(claim, plan.draw({n: size}, rng))


def test_penrose_equations_define_the_pseudo_inverse():
    S = MatrixSymbol("S", n, d)
    Sp = MatrixSymbol("Sp", d, n)
    penrose = [Eq(S * Sp * S, S), Eq(Sp * S * Sp, Sp), Eq((S * Sp).T, S * Sp), Eq((Sp * S).T, Sp * S)]
    claim = Problem.build(Sp, Sp, assume=penrose)
    plan = make_plan(claim)
    assert Sp in plan.definitions and S not in plan.definitions
    rng = random.Random(0)
    for dims in ({n: 3, d: 2}, {n: 2, d: 3}):
        inst = plan.draw(dims, rng)
        assert inst.values[Sp] == sympy.Matrix(inst.values[S]).pinv()
        assert assumptions_hold(claim, inst)


def test_penrose_equations_are_found_among_other_matrices_and_relations():
    # only pairs that four relations mention together are tried: the filter must keep
    # reversed equations and must not be fooled by relations of other matrices
    S = MatrixSymbol("S", n, d)
    Sp = MatrixSymbol("Sp", d, n)
    A = MatrixSymbol("A", n, n)
    penrose = [Eq(S, S * Sp * S), Eq(Sp * S * Sp, Sp), Eq(S * Sp, (S * Sp).T), Eq((Sp * S).T, Sp * S),
               Eq(A, A.T)]
    plan = make_plan(Problem.build(Sp * S, Sp * S, assume=penrose))
    assert Sp in plan.definitions and "symmetric" in plan.matrices[A]
    three = [Eq(S * Sp * S, S), Eq(Sp * S * Sp, Sp), Eq((S * Sp).T, S * Sp), Eq(A, A.T)]
    assert Sp not in make_plan(Problem.build(Sp * S, Sp * S, assume=three)).definitions


def test_an_equation_for_an_inverse_defines_the_matrix():
    G = MatrixSymbol("G", d, d)
    Sigma = MatrixSymbol("Sigma", d, d)
    claim = Problem.build(Sigma, Sigma, assume=[Eq(G.T * G, Sigma.I)])
    plan = make_plan(claim)
    assert Sigma in plan.definitions
    rng = random.Random(2)
    drawn = [plan.draw({d: 2}, rng) for _ in range(10)]
    assert any(inst is not None and assumptions_hold(claim, inst) for inst in drawn)
