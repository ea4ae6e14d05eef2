"""A 1×1 product is a scalar wherever it stands (issue 11, item 2).

SymPy flattens B*(xᵀx) into MatMul(B, xᵀ, x). `model.products.read_product` recovers
the reading once, and every consumer uses it: the shape checker, the exact evaluator,
the matrix prover's translator, the derivative rules, the determinant laws and the
independent checker. Tested here: every position of a 1×1 factor (front, middle, end,
several, nested, inside traces, inverses, powers and derivatives), the ill-typed and
ambiguous cases, and a property test that the flat product, read back, has the shape
and the exact value of the tree it was built from.
"""
import time

import pytest
import sympy
from hypothesis import given, settings, strategies as st
from sympy import Derivative, Determinant, Identity, Inverse, Matrix, MatMul, MatrixSymbol, Trace, symbols

from symcheck import Claim, norm, sqnorm
from symcheck.engine import decide_claim, problem_from_claim, prove
from symcheck.model.products import AmbiguousOrIllTyped, read_product
from symcheck.model.shapes import IllTyped, product_reading, shape_of
from symcheck.refute.evaluate import Instance, evaluate

n, d = symbols("n d", integer=True, positive=True)
x, y = MatrixSymbol("x", n, 1), MatrixSymbol("y", n, 1)
u, v, w = MatrixSymbol("u", n, 1), MatrixSymbol("v", n, 1), MatrixSymbol("w", n, 1)
z = MatrixSymbol("z", d, 1)
A, B, C = (MatrixSymbol(s, n, n) for s in "ABC")
D = MatrixSymbol("D", d, d)
X = MatrixSymbol("X", n, d)
c = MatrixSymbol("c", 1, 1)
I = Identity(n)
s = x.T * x


# --- the reading ---------------------------------------------------------------------------------

@pytest.mark.parametrize("expr, groups, chain, shape", [
    (B * s, [(x.T, x)], (B,), (n, n)),                                   # front of the chain
    (s * B, [(x.T, x)], (B,), (n, n)),                                   # its mirror
    (A * (x.T * A * x), [(x.T, A, x)], (A,), (n, n)),
    (x.T * B * s, [(x.T, x)], (x.T, B), (1, n)),                         # at the end
    (B * s * C, [(x.T, x)], (B, C), (n, n)),                             # in the middle
    (B * s * C * (y.T * y), [(x.T, x), (y.T, y)], (B, C), (n, n)),       # several
    (B * (u.T * (v.T * v) * w), [(u.T, v.T, v, w)], (B,), (n, n)),       # nested
    (D * s * z, [(x.T, x)], (D, z), (d, 1)),                             # two sizes
    (B * c, [(c,)], (B,), (n, n)),                                       # a 1×1 symbol
    (s * (y.T * y), [], (x.T, x, y.T, y), (1, 1)),                       # conformable as written
    (s * (u.T * (v.T * v) * w), [(x.T, x), (v.T, v)], (u.T, w), (1, 1)),  # a scalar of scalars
])
def test_one_by_one_groups_are_scalars_wherever_they_stand(expr, groups, chain, shape):
    reading = product_reading(expr)
    assert [tuple(g) for g in reading.groups] == groups
    assert reading.chain == chain
    assert shape_of(expr) == shape


@pytest.mark.parametrize("expr", [x.T * x, x * x.T * x, x.T * A * x, A * B * C, X.T * A * X])
def test_a_product_conformable_as_written_is_the_plain_chain(expr):
    reading = product_reading(expr)
    assert not reading.groups and len(reading.chain) == len([a for a in expr.args if a.is_Matrix])


def test_sympy_merging_equal_neighbours_into_a_power_is_undone():
    expr = B * s * x          # SymPy: B·xᵀ·x**2
    assert any(isinstance(a, sympy.MatPow) for a in expr.args)
    reading = product_reading(expr)
    assert reading.chain == (B, x) and [tuple(g) for g in reading.groups] == [(x.T, x)]
    assert shape_of(expr) == (n, 1)


@pytest.mark.parametrize("expr, words", [
    (B * s * D, ["B (n×n) times D (d×d)"]),             # the scalar does not make B and D chain
    (B * s * z, ["B (n×n) times z (d×1)"]),
    (x * A, ["x (n×1) times A (n×n)"]),                # not a 1×1 block: stays an error
    (MatMul(w, I - A), ["w (n×1) times"]),
])
def test_no_well_typed_reading_is_an_error(expr, words):
    with pytest.raises(IllTyped) as info:
        shape_of(expr)
    for word in words:
        assert word in str(info.value)


def test_readings_that_disagree_are_an_error():
    # Shapes made up so that two readings exist and join different factors.
    shapes = {"a": (1, n), "b": (n, 1), "c": (1, n), "e": (n, 1)}
    factors = [MatrixSymbol(k, *shapes[k]) for k in "abce"]
    assert read_product(factors, lambda f: f.shape).shape == (1, 1)   # (ab)(ce): one meaning
    with pytest.raises(AmbiguousOrIllTyped):
        read_product([X, B], lambda f: f.shape)


def test_norms_of_an_ill_typed_vector_stay_errors():
    # (w·M)ᵀ(w·M) flattens to Mᵀwᵀ·w·M, which reads as (wᵀw)MᵀM: the helpers keep w·M whole.
    bad = MatMul(w, I - A)
    for expr in (norm(bad), sqnorm(bad)):
        with pytest.raises(IllTyped):
            shape_of(expr)
    assert sqnorm(x) == Trace(x.T * x)   # well-typed arguments are built as before


# --- every consumer: evaluator, prover, derivative rules, determinant laws, checker -------------

INSTANCE = Instance({n: 2, d: 3}, {x: Matrix([1, 2]), y: Matrix([3, -1]), B: Matrix([[1, 2], [3, 4]]),
                                   C: Matrix([[0, 1], [1, 1]]), A: Matrix([[2, 0], [1, 1]])})


@pytest.mark.parametrize("expr, value", [
    (B * s, 5 * Matrix([[1, 2], [3, 4]])),
    (x.T * B * s, 5 * Matrix([[1, 2]]) * Matrix([[1, 2], [3, 4]])),
    (B * s * C * (y.T * y), 5 * 10 * Matrix([[1, 2], [3, 4]]) * Matrix([[0, 1], [1, 1]])),
    (Trace(B * s), 25),
    (Inverse(I + B * s), (sympy.eye(2) + 5 * Matrix([[1, 2], [3, 4]])).inv()),
])
def test_the_evaluator_reads_products_the_same_way(expr, value):
    got = evaluate(expr, INSTANCE)
    assert (got == value) if isinstance(value, Matrix) else (sympy.sympify(got) == value)


POSITIONS = [  # (name, lhs, rhs, assumptions, expected verdict)
    ("front", B * s, s * B, [], "proved"),
    ("front, quadratic form", A * (x.T * A * x), (x.T * A * x) * A, [], "proved"),
    ("end", x.T * B * s, s * (x.T * B), [], "proved"),
    ("middle", B * s * C, s * (B * C), [], "proved"),
    ("several", B * s * C * (y.T * y), s * (y.T * y) * B * C, [], "proved"),
    ("several, wrong order", B * s * C * (y.T * y), s * (y.T * y) * C * B, [], "refuted"),
    ("nested in a trace", Trace(A * (x.T * B * (y.T * y) * x)), (y.T * y) * (x.T * B * x) * Trace(A), [],
     "proved"),
    ("nested in a trace, a factor lost", Trace(A * (x.T * B * (y.T * y) * x)), (x.T * B * x) * Trace(A), [],
     "refuted"),
    ("inside an inverse", Inverse(I + B * s), Inverse(I + s * B), [], "proved"),
    ("inverse of a scaled matrix", Inverse(B * s), Inverse(s * B), [], "proved"),
    ("inverse, wrong scalar", Inverse(B * s), Inverse(B * (x.T * B * x)), [], "refuted"),
    ("power", (B * s) ** 2, s ** 2 * B ** 2, [], "proved"),
    ("two sizes", D * s * z, s * (D * z), [], "proved"),
    ("derivative, group in front", Derivative(s * B * x, x), s * B + 2 * B * x * x.T, [], "proved"),
    ("derivative, group in the middle", Derivative(B * s * x, x), s * B + 2 * B * x * x.T, [], "proved"),
    ("derivative, a term lost", Derivative(B * s * x, x), s * B + B * x * x.T, [], "refuted"),
    ("derivative of a product of scalars", Derivative(s * (x.T * A * x), x),
     2 * (x.T * A * x) * x.T + s * x.T * (A + A.T), [], "proved"),
    ("derivative of a trace", Derivative(Trace(A * s), x), 2 * Trace(A) * x.T, [], "proved"),
    ("determinant of a scaled matrix, wrong power", Determinant(B * s), s * Determinant(B), [], "refuted"),
    ("ill-typed", B * s * D, D, [], "error"),
]


@pytest.mark.parametrize("name, lhs, rhs, assume, expected", POSITIONS, ids=[p[0] for p in POSITIONS])
def test_every_position_of_a_one_by_one_factor(name, lhs, rhs, assume, expected):
    verdict = decide_claim(Claim(name, lhs, rhs, assume=assume), 20.0)
    assert verdict.status == expected, verdict.detail


@pytest.mark.parametrize("name, lhs, rhs, assume, expected",
                         [p for p in POSITIONS if p[4] == "proved"], ids=[p[0] for p in POSITIONS if p[4] == "proved"])
def test_every_proof_is_accepted_by_the_independent_checker(name, lhs, rhs, assume, expected):
    from symcheck.certify.checker import check_certificate
    claim = Claim(name, lhs, rhs, assume=assume)
    verdict = prove(problem_from_claim(claim), time.monotonic() + 20, [])
    assert verdict is not None and verdict.status == "proved"
    result = check_certificate(verdict.certificate, claim)
    assert result.accepted, result.reason


def test_determinant_of_a_one_by_one_scaled_matrix_is_the_nth_power():
    from symcheck.prove.reductions.determinant import expand_determinant
    assert expand_determinant(B * c) == Determinant(c) ** n * Determinant(B)


# --- property: a flat product reads back as the tree it was built from --------------------------

SIZES = {n: 2, d: 3}
ATOMS = {  # shape -> matrix symbols (and transposes) of that shape
    (n, n): [A, B, A.T], (d, d): [D], (n, d): [X], (d, n): [X.T], (n, 1): [x, y], (1, n): [x.T, y.T],
    (d, 1): [z], (1, d): [z.T],
}
VALUES = {A: Matrix([[2, -1], [0, 1]]), B: Matrix([[1, 2], [3, 4]]), D: Matrix([[1, 0, 2], [0, 1, 0], [1, 1, 1]]),
          X: Matrix([[1, 0, -1], [2, 1, 0]]), x: Matrix([1, 2]), y: Matrix([3, -1]), z: Matrix([1, -2, 1])}
DIMS = (n, d, sympy.S.One)


@st.composite
def trees(draw, rows, cols, depth):
    """(SymPy expression built with *, its exact value) for a well-typed tree of the given shape."""
    options = ["atom"] if (rows, cols) in ATOMS else []
    if depth > 0:
        options += ["product", "scaled"]
    if not options:
        options = ["product"]
    kind = draw(st.sampled_from(options))
    if kind == "atom":
        atom = draw(st.sampled_from(ATOMS[(rows, cols)]))
        base = atom.arg if isinstance(atom, sympy.Transpose) else atom
        value = VALUES[base].T if isinstance(atom, sympy.Transpose) else VALUES[base]
        return atom, value
    if kind == "scaled" and (rows, cols) != (1, 1):
        scalar, s_value = draw(trees(sympy.S.One, sympy.S.One, depth - 1))
        matrix, m_value = draw(trees(rows, cols, depth - 1))
        if draw(st.booleans()):
            return matrix * scalar, s_value[0, 0] * m_value
        return scalar * matrix, s_value[0, 0] * m_value
    middle = draw(st.sampled_from([m for m in (n, d) if (rows, m) in ATOMS or depth > 1]
                                  or [n]))
    left, l_value = draw(trees(rows, middle, max(depth - 1, 0)))
    right, r_value = draw(trees(middle, cols, max(depth - 1, 0)))
    return left * right, l_value * r_value


@settings(max_examples=120, deadline=None)
@given(st.sampled_from([(n, n), (n, 1), (1, n), (1, sympy.S.One), (d, n), (n, d)]).flatmap(
    lambda shape: trees(shape[0], shape[1], 3).map(lambda t: (shape, t))))
def test_a_flat_product_reads_back_as_its_tree(case):
    (rows, cols), (expr, value) = case
    assert shape_of(expr) == (rows, cols)
    got = evaluate(expr, Instance(SIZES, VALUES))
    got = got if isinstance(got, sympy.MatrixBase) else Matrix([[got]])
    assert sympy.Matrix(got) == value


def test_the_checker_checks_each_trace_split_it_is_handed():
    import copy

    from symcheck.certify.checker import check_certificate
    claim = Claim("nested", Trace(A * (x.T * B * (y.T * y) * x)), (y.T * y) * (x.T * B * x) * Trace(A))
    verdict = prove(problem_from_claim(claim), time.monotonic() + 20, [])
    cert = verdict.certificate
    splits = [k for k, rw in enumerate(cert.get("rewrites", [])) if rw.get("kind") == "split"]
    assert splits and check_certificate(cert, claim).accepted
    bad = copy.deepcopy(cert)
    factors = bad["rewrites"][splits[0]]["factors"]
    factors[0], factors[-1] = factors[-1], factors[0]          # no longer makes up the word
    if factors[0] == factors[-1]:
        factors.append(factors[0])
    assert not check_certificate(bad, claim).accepted
    bad = copy.deepcopy(cert)
    rw = bad["rewrites"][splits[0]]
    rw["factors"] = [rw["word"][:1], rw["word"][1:]]               # a cut that is not at the 1×1 vertex
    result = check_certificate(bad, claim)
    assert not result.accepted
