"""The matrix prover on the seeds' identities: true ones proved with certificates that
re-expand to lhs − rhs, false ones never proved."""
import json
import time

import pytest
import sympy
from sympy import BlockMatrix, Eq, Identity, MatrixSymbol, Q, sqrt, symbols

from symcheck.model.problem import Problem
from symcheck.prove.matrix.engine import MatrixEngine

n, d, k = symbols("n d k", integer=True, positive=True)
lam = symbols("lambda", positive=True)
mu = symbols("mu")
X = MatrixSymbol("X", n, d)
A, B, P = (MatrixSymbol(s, n, n) for s in "ABP")
U, C, V = MatrixSymbol("U", n, k), MatrixSymbol("C", k, k), MatrixSymbol("V", k, n)
In, Id = Identity(n), Identity(d)
H = X * (X.T * X).I * X.T


def attempt(lhs, rhs, assume=()):
    problem = Problem.build(lhs, rhs, "==", assume)
    return MatrixEngine().attempt(problem, time.monotonic() + 10)


# -- an independent re-expansion of certificates (no prover code) ---------------------

def _word_type(word, letters):
    for a, b in zip(word, word[1:]):
        assert letters[a]["cols"] == letters[b]["rows"], f"ill-typed word {word}"
    return (letters[word[0]]["rows"], letters[word[-1]]["cols"]) if word else None


def _poly(js, local):
    return {tuple(w): sympy.sympify(c, locals=local) for c, w in js["terms"]}


def _add(acc, word, coeff):
    acc[word] = sympy.cancel(acc.get(word, 0) + coeff)


def _atom_values(cert, local, letters):
    """{closed word (tuple): value} for every rotation / transpose of each trace or root atom."""
    values = {}
    for g in cert["field"]["generators"]:
        atom = g.get("atom")
        if atom is None or atom["kind"] == "function":
            continue
        sym = local[g["id"]]
        value = sym ** 2 if atom["kind"] == "root" else sym
        word = atom["word"]
        transposed = [letters[a]["transpose"] for a in reversed(word)]
        for w in (word, transposed):
            for i in range(len(w)):
                values[tuple(w[i:] + w[:i])] = value
    return values


def _extract(word, rows, cols, letters, atoms):
    """(coefficient, word) with every closed segment through the 1×1 vertex replaced by its atom."""
    if rows == "1" and cols == "1":
        return sympy.S.One, word
    cuts = [p for p in range(1, len(word)) if letters[word[p]]["rows"] == "1"]
    cuts = ([0] if rows == "1" and word else []) + cuts + ([len(word)] if cols == "1" and word else [])
    if len(cuts) < 2:
        return sympy.S.One, word
    coeff = sympy.S.One
    for a, b in zip(cuts, cuts[1:]):
        coeff *= atoms[tuple(word[a:b])]
    return coeff, word[:cuts[0]] + word[cuts[-1]:]


def reexpands_exactly(cert) -> bool:
    """The certificate re-expanded here, independently of the prover and of symcheck.certify: Σ c·a·h·b equals lhs - rhs
    for every target (asserts; True when it does)."""
    cert = json.loads(json.dumps(cert))  # must be plain JSON
    local = {g["id"]: sympy.Symbol(g["id"]) for g in cert["field"]["generators"]}
    letters = {let["name"]: let for let in cert["letters"]}
    atoms = _atom_values(cert, local, letters)
    hyps = {h["index"]: h for h in cert["hypotheses"]}
    for h in hyps.values():
        for _, word in h["poly"]["terms"]:
            _word_type(word, letters)
    for target in cert["targets"]:
        rows, cols = target["target"]["rows"], target["target"]["cols"]

        def put(acc, word, coeff):
            factor, rest = _extract(word, rows, cols, letters, atoms)
            _add(acc, rest, coeff * factor)

        total = {}
        for term in target["terms"]:
            hyp = hyps[term["hyp"]]
            coeff = sympy.sympify(term["coeff"], locals=local)
            for hc, hw in hyp["poly"]["terms"]:
                word = tuple(term["left"]) + tuple(hw) + tuple(term["right"])
                _word_type(list(word), letters)
                put(total, word, coeff * sympy.sympify(hc, locals=local))
        lhs, rhs = _poly(target["lhs"], local), _poly(target["rhs"], local)
        expected = {}
        for w, c in lhs.items():
            put(expected, w, c)
        for w, c in rhs.items():
            put(expected, w, -c)
        for w in set(total) | set(expected):
            assert sympy.cancel(total.get(w, 0) - expected.get(w, 0)) == 0, f"mismatch at {w}"
    return True


def assert_proved(verdict):
    assert verdict is not None and verdict.status == "proved", verdict and verdict.detail
    cert = verdict.certificate
    parts = [cert["induction"]["base"], cert["induction"]["step"]] if "induction" in cert else [cert]
    assert all(reexpands_exactly(part) for part in parts)
    return verdict


def assert_not_proved(verdict):
    assert verdict is None or verdict.status != "proved"


# -- true identities ----------------------------------------------------------------

def test_push_through():
    v = assert_proved(attempt(X.T * (X * X.T + lam * In).I, (X.T * X + lam * Id).I * X.T, [Q.positive(lam)]))
    assert any("inverse" in h["kind"] for h in v.certificate["hypotheses"])
    assert v.certificate["steps"]


def test_woodbury():
    assert_proved(attempt((A + U * C * V).I, A.I - A.I * U * (C.I + V * A.I * U).I * V * A.I))


def test_hat_matrix_is_idempotent():
    assert_proved(attempt((In - H) * (In - H), In - H))


def test_min_norm_right_inverse():
    assert_proved(attempt(X * X.T * (X * X.T).I, In))


def test_inverse_of_a_product_reverses_the_order():
    assert_proved(attempt((A * B).I, B.I * A.I))


def test_nested_inverses_generalized_prior():
    S = MatrixSymbol("Sigma", d, d)
    G = MatrixSymbol("Gamma", d, d)
    y = MatrixSymbol("y", n, 1)
    lhs = (X.T * X + G.T * G).I * X.T * y
    rhs = (X.T * X + S.I).I * X.T * y
    assert_proved(attempt(lhs, rhs, [Eq(G.T * G, S.I)]))


def test_idempotent_assumption():
    assert_proved(attempt((In - P) * (In - P), In - P, [Eq(P * P, P)]))


def test_symmetric_assumption_allows_dropping_a_transpose():
    assert_proved(attempt(X.T * A.T * X, X.T * A * X, [Q.symmetric(A)]))
    assert_not_proved(attempt(X.T * A.T * X, X.T * A * X))


def test_svd_least_squares_under_orthogonality():
    Uo, S, Vo = MatrixSymbol("U", n, d), MatrixSymbol("S", d, d), MatrixSymbol("V", d, d)
    assume = [Eq(Uo.T * Uo, Id), Q.orthogonal(Vo), Q.diagonal(S), Eq(X, Uo * S * Vo.T)]
    assert_proved(attempt((X.T * X).I * X.T, Vo * S.I * Uo.T, assume))
    assert_proved(attempt((X.T * X).I, Vo * (S.T * S).I * Vo.T, assume))
    # without the orthogonality of V it does not follow
    assert_not_proved(attempt((X.T * X).I * X.T, Vo * S.I * Uo.T, [Eq(Uo.T * Uo, Id), Eq(X, Uo * S * Vo.T)]))


def test_augmented_data_blocks():
    Xh = BlockMatrix([[X], [sqrt(lam) * Id]])
    assert_proved(attempt(Xh.T * Xh, X.T * X + lam * Id, [Q.positive(lam)]))


def test_fake_features_blocks():
    Xt = BlockMatrix([[X, sqrt(lam) * In]])
    assert_proved(attempt(Xt * Xt.T, X * X.T + lam * In, [Q.positive(lam)]))
    assert_not_proved(attempt(Xt * Xt.T, X * X.T + In, [Q.positive(lam)]))


# -- false identities are not proved ----------------------------------------------------

@pytest.mark.parametrize("lhs, rhs", [
    (X.T * (X * X.T + lam * In).I, (X.T * X + lam * Id).I * X.T * X * X.T),   # extra factor
    ((X.T * X + lam * Id).I * X.T, X.T * (X * X.T + In).I),                     # lambda lost on one side
    (X.T * (X * X.T).I * X, Id),               # Xᵀ(XXᵀ)⁻¹X is a projection, not I, for wide X
    (H, In),                                   # the hat matrix is not the identity
    ((A * B).I, A.I * B.I),                    # the order of the factors matters
    (A * B, B * A),                            # swapped product
    (A.T * B, A * B),                          # dropped transpose
])
def test_false_identities_are_not_proved(lhs, rhs):
    assert_not_proved(attempt(lhs, rhs, [Q.positive(lam)]))


def test_push_through_needs_no_sign_of_the_scalar():
    v = assert_proved(attempt(X.T * (X * X.T + mu * In).I, (X.T * X + mu * Id).I * X.T))
    assert v.certificate["denominators"] == []


def test_division_by_a_scalar_that_may_vanish_is_not_trusted():
    # mu*P = mu*B gives P = B only where mu != 0: false at mu = 0
    assert_not_proved(attempt(P, B, [Eq(mu * P, mu * B)]))
    v = assert_proved(attempt(P, B, [Eq(lam * P, lam * B)]))
    assert [dd["text"] for dd in v.certificate["denominators"]] == ["lambda"]


def test_out_of_reach_claims_are_left_to_other_engines():
    x = MatrixSymbol("x", n, 1)
    assert attempt(sympy.Derivative(x.T * x, x), 2 * x.T) is None
    assert attempt(sympy.Abs(mu), mu) is None


# -- traces and 1×1 words -----------------------------------------------------------

y, w = MatrixSymbol("y", n, 1), MatrixSymbol("w", d, 1)


def check_scalar_certificate(cert):
    """Every recorded reduction re-expands: word − normal form = Σ c·a·h·b."""
    local = {g["id"]: sympy.Symbol(g["id"]) for g in cert["field"]["generators"]}
    letters = {let["name"]: let for let in cert["letters"]}
    hyps = {h["index"]: h for h in cert["hypotheses"]}
    for rw in cert["rewrites"]:
        if rw["kind"] == "cyclic":
            src, dst = rw["from"], rw["to"]
            rotations = [src[i:] + src[:i] for i in range(len(src))]
            transposed = [letters[a]["transpose"] for a in reversed(src)]
            rotations += [transposed[i:] + transposed[:i] for i in range(len(transposed))]
            assert dst in rotations
        if rw["kind"] == "split":
            joined = [a for f in rw["factors"] for a in f]
            assert joined in [rw["word"][i:] + rw["word"][:i] for i in range(len(rw["word"]))]
            assert all(letters[f[0]]["rows"] == "1" and letters[f[-1]]["cols"] == "1" for f in rw["factors"])
        if rw["kind"] == "reduce":
            total = {}
            for term in rw["terms"]:
                coeff = sympy.sympify(term["coeff"], locals=local)
                for hc, hw in hyps[term["hyp"]]["poly"]["terms"]:
                    word = tuple(term["left"]) + tuple(hw) + tuple(term["right"])
                    _word_type(list(word), letters)
                    _add(total, word, coeff * sympy.sympify(hc, locals=local))
            expected = {tuple(rw["word"]): sympy.S.One}
            for c, wd in rw["normal_form"]["terms"]:
                _add(expected, tuple(wd), -sympy.sympify(c, locals=local))
            for key in set(total) | set(expected):
                assert sympy.cancel(total.get(key, 0) - expected.get(key, 0)) == 0
    return True


def test_trace_of_the_residual_projection():
    v = attempt(sympy.Trace(In - H), n - d)
    assert v.status == "proved" and check_scalar_certificate(v.certificate)
    assert any(rw["kind"] == "reduce" for rw in v.certificate["rewrites"])
    assert_not_proved(attempt(sympy.Trace(In - H), n))


def test_a_scalar_equals_its_transpose():
    assert attempt(y.T * X * w, w.T * X.T * y).status == "proved"


def test_augmented_data_norm():
    yh = BlockMatrix([[y], [sympy.ZeroMatrix(d, 1)]])
    Xh = BlockMatrix([[X], [sqrt(lam) * Id]])
    r = yh - Xh * w
    v = attempt(r.T * r, (y - X * w).T * (y - X * w) + lam * w.T * w, [Q.positive(lam)])
    assert v.status == "proved" and check_scalar_certificate(v.certificate)
    assert_not_proved(attempt(r.T * r, (y - X * w).T * (y - X * w) + w.T * w, [Q.positive(lam)]))


def test_expanding_a_squared_norm():
    assert attempt((y - X * w).T * (y - X * w), y.T * y - 2 * w.T * X.T * y + w.T * X.T * X * w).status == "proved"
    assert_not_proved(attempt((y - X * w).T * (y - X * w), y.T * y - w.T * X.T * y + w.T * X.T * X * w))


# -- symbolic powers by induction ------------------------------------------------------

kk = symbols("k", integer=True, nonnegative=True)
Vd, Dd = MatrixSymbol("V", d, d), MatrixSymbol("D", d, d)


def test_power_of_a_conjugated_matrix_by_induction():
    v = attempt(sympy.MatPow(Vd * Dd * Vd.T, kk), Vd * sympy.MatPow(Dd, kk) * Vd.T, [Q.orthogonal(Vd)])
    assert v.status == "proved"
    ind = v.certificate["induction"]
    assert reexpands_exactly(ind["base"]) and reexpands_exactly(ind["step"])
    assert any(h["kind"] == "induction-hypothesis" for h in ind["step"]["hypotheses"])


def test_power_claims_that_fail_are_not_proved():
    assert_not_proved(attempt(sympy.MatPow(Vd * Dd * Vd.T, kk), Vd * sympy.MatPow(Dd, kk) * Vd.T))
    assert_not_proved(attempt(sympy.MatPow(Vd * Dd * Vd.T, kk), Vd * sympy.MatPow(Dd, kk) * Vd,
                              [Q.orthogonal(Vd)]))


def test_gradient_descent_error_in_the_eigenbasis():
    S, alpha = MatrixSymbol("S", d, d), symbols("alpha", positive=True)
    lhs = Vd * sympy.MatPow(Id - alpha * S * S, kk) * Vd.T
    rhs = sympy.MatPow(Id - alpha * Vd * S * S * Vd.T, kk)
    assert attempt(lhs, rhs, [Q.orthogonal(Vd)]).status == "proved"


# -- 1×1 factors, traces and norms as central scalars ------------------------------------

x, u_, v_ = MatrixSymbol("x", n, 1), MatrixSymbol("u", n, 1), MatrixSymbol("v", n, 1)


def atoms_of(cert):
    return {g["name"]: g["atom"] for g in cert["field"]["generators"] if "atom" in g}


def test_a_one_by_one_product_is_a_scalar_coefficient():
    v = assert_proved(attempt(x.T * x * y, sympy.Trace(x.T * x) * y))
    assert atoms_of(v.certificate) == {"tr[x*x^T]": {"kind": "trace", "vertex": "n", "word": ["x", "x^T"]}}
    assert_not_proved(attempt(x.T * x * y, sympy.Trace(x.T * x) * x))


def test_a_scalar_inside_a_word_commutes_out():
    # y·(wᵀXᵀy) and (yᵀXw)·y: the loop wᵀXᵀy is pulled out of the word, then named canonically
    assert_proved(attempt(y * (w.T * X.T * y), sympy.MatMul(y.T, X, w, y)))
    assert_not_proved(attempt(y * (w.T * X.T * y), sympy.MatMul(y.T, y, y)))


def test_traces_as_coefficients():
    assert_proved(attempt(sympy.Trace(A) * A * A.T, A * sympy.Trace(A.T) * A.T))
    assert_not_proved(attempt(sympy.Trace(A) * A * A.T, A * sympy.Trace(A) * A))
    assert_not_proved(attempt(sympy.Trace(A) * A, sympy.Trace(B) * A))


def test_sherman_morrison_divides_only_by_the_claims_own_scalar():
    s = sympy.Trace(v_.T * A.I * u_)
    v = assert_proved(attempt((A + u_ * v_.T).I, A.I - A.I * u_ * v_.T * A.I / (1 + s)))
    assert [d["reason"] for d in v.certificate["denominators"]] and all(
        "claim" in d["reason"] for d in v.certificate["denominators"])
    assert_not_proved(attempt((A + u_ * v_.T).I, A.I - A.I * u_ * v_.T * A.I / (1 - s)))


def test_the_unit_vector_of_a_norm():
    # x/‖x‖ with ‖x‖ = √tr(xᵀx): the root atom s has tr(xxᵀ) = s², so (x/s)(x/s)ᵀ(x/s) = x/s
    unit = x / sqrt(sympy.Trace(x.T * x))
    v = assert_proved(attempt(unit * unit.T * unit, unit))
    assert atoms_of(v.certificate)["sqrt[x*x^T]"]["kind"] == "root"
    assert_not_proved(attempt(unit * unit.T * unit, x))
    assert attempt(unit.T * unit, Identity(1)).status == "proved"


def test_outer_product_norm_splits_into_a_product_of_norms():
    zb = MatrixSymbol("z", k, 1)
    v = attempt(sympy.Trace((zb * x.T).T * (zb * x.T)), sympy.Trace(x.T * x) * sympy.Trace(zb.T * zb))
    assert v.status == "proved" and check_scalar_certificate(v.certificate)
    # a 1×1 word through the 1×1 vertex twice is split into two traces by a recorded rewrite
    v = attempt(sympy.MatMul(x.T, y, y.T, x), sympy.Trace(x.T * y) ** 2)
    assert v.status == "proved" and any(rw["kind"] == "split" for rw in v.certificate["rewrites"])
    assert_not_proved(attempt(sympy.MatMul(x.T, y, y.T, x), sympy.Trace(x.T * x) * sympy.Trace(y.T * y)))
    assert_not_proved(attempt(sympy.Trace((zb * x.T).T * (zb * x.T)), sympy.Trace(x.T * x) + sympy.Trace(zb.T * zb)))


def test_opaque_scalar_functions_are_equal_only_to_themselves():
    f = sympy.exp(sympy.Trace(x.T * x))
    assert_proved(attempt(f * A * f, f ** 2 * A))
    assert_not_proved(attempt(f * A, sympy.exp(sympy.Trace(y.T * y)) * A))


# -- the Moore–Penrose pseudo-inverse ----------------------------------------------------------

from symcheck import pinv  # noqa: E402
from symcheck.refute.constructs_eval import exact_pinv, rational_pinv  # noqa: E402


def test_left_inverse_is_the_pseudo_inverse_where_it_exists():
    v = assert_proved(attempt((X.T * X).I * X.T, pinv(X)))
    letter = next(let for let in v.certificate["letters"] if let["kind"] == "pinv" and let["pinv_of"])
    assert letter["pinv_of"]["terms"] == [["1", ["X"]]]
    assert "penrose" in {h["kind"] for h in v.certificate["hypotheses"]}
    assert_proved(attempt(X.T * (X * X.T).I, pinv(X)))
    assert_proved(attempt(pinv(pinv(X)), X))


def test_least_squares_through_the_svd_with_a_pseudo_inverse():
    Uo, S, Vo = MatrixSymbol("U", n, n), MatrixSymbol("S", n, d), MatrixSymbol("V", d, d)
    Xs = Uo * S * Vo.T
    ortho = [Q.orthogonal(Uo), Q.orthogonal(Vo)]
    assert_proved(attempt((Xs.T * Xs).I * Xs.T * y, Vo * pinv(S) * Uo.T * y, ortho))
    assert_not_proved(attempt((Xs.T * Xs).I * Xs.T * y, Vo * pinv(S) * Uo * y, ortho))


def test_a_pseudo_inverse_is_not_an_inverse():
    assert_not_proved(attempt(pinv(X) * X, Id))
    assert_not_proved(attempt(X * pinv(X), In))
    assert_not_proved(attempt(pinv(X), X.T))


def test_exact_pseudo_inverse_satisfies_the_penrose_equations():
    M = sympy.Matrix([[1, 2, 0], [2, 4, 0]])  # rank 1
    P = exact_pinv(M)
    assert M * P * M == M and P * M * P == P and (M * P).T == M * P and (P * M).T == P * M
    assert exact_pinv(sympy.zeros(2, 3)) == sympy.zeros(3, 2)
    assert exact_pinv(sympy.Matrix([[2, 0], [0, 4]])) == sympy.Matrix([[sympy.Rational(1, 2), 0], [0, sympy.Rational(1, 4)]])


def test_the_pseudo_inverse_over_the_rationals_in_the_domain_equals_sympys():
    """rational_pinv (the evaluator's path for rational matrices) gives exactly exact_pinv's matrix, on
    random matrices of every rank, zero and rank-deficient ones included."""
    import random

    from symcheck.refute.linalg import to_domain_matrix
    rng = random.Random(3)
    for trial in range(40):
        rows, cols = rng.randint(1, 4), rng.randint(1, 4)
        rank = rng.randint(0, min(rows, cols))
        left = sympy.Matrix(rows, rank, lambda i, j: sympy.Rational(rng.randint(-3, 3), rng.randint(1, 2)))
        right = sympy.Matrix(rank, cols, lambda i, j: rng.randint(-2, 2))
        M = left * right if rank else sympy.zeros(rows, cols)
        assert rational_pinv(to_domain_matrix(M)).to_Matrix() == exact_pinv(M), M


def test_the_refuter_evaluates_pseudo_inverses():
    from symcheck.refute.evaluate import Instance, evaluate
    value = evaluate(pinv(X), Instance({n: 3, d: 2}, {X: sympy.Matrix([[1, 2], [2, 4], [0, 0]])}))
    assert value == sympy.Matrix([[1, 2, 0], [2, 4, 0]]) / 25


# -- positive definite, rectangular diagonal ------------------------------------------------------

def test_positive_definite_means_symmetric_and_invertible():
    S = MatrixSymbol("S", n, n)
    v = assert_proved(attempt(y.T * S.I * X, (X.T * S.I * y).T, [Q.positive_definite(S)]))
    letters = {let["name"]: let for let in v.certificate["letters"]}
    assert letters["S"]["transpose"] == "S" and any(let["kind"] == "inverse" for let in letters.values())
    assert_not_proved(attempt(y.T * S.I * X, (X.T * S.I * y).T))
    assert_not_proved(attempt(S * X * X.T, X * X.T * S, [Q.positive_definite(S)]))


def test_rectangular_diagonal_gram_matrices_commute_with_diagonal_ones():
    Sg, D = MatrixSymbol("Sigma", n, d), MatrixSymbol("D", d, d)
    assert_proved(attempt(Sg.T * Sg * D, D * Sg.T * Sg, [Q.diagonal(Sg), Q.diagonal(D)]))
    assert_proved(attempt(Sg.T * Sg * (Sg.T * Sg + lam * Id).I, (Sg.T * Sg + lam * Id).I * Sg.T * Sg,
                          [Q.diagonal(Sg), Q.positive(lam)]))
    assert_not_proved(attempt(Sg.T * Sg * D, D * Sg.T * Sg, [Q.diagonal(D)]))
    assert_not_proved(attempt(Sg.T * Sg * X.T * X, X.T * X * Sg.T * Sg, [Q.diagonal(Sg)]))


# -- powers: scalar powers, k + 1, 2k ----------------------------------------------------------------

alpha = symbols("alpha", positive=True)


def test_scalar_powers_inside_matrix_claims_by_induction():
    v = attempt(sympy.MatPow((1 - alpha) * Id, kk), (1 - alpha) ** kk * Id)
    assert v.status == "proved"
    ind = v.certificate["induction"]
    assert reexpands_exactly(ind["base"]) and reexpands_exactly(ind["step"])
    atoms = [g["atom"] for g in ind["step"]["field"]["generators"] if "atom" in g]
    assert atoms and atoms[0]["function"] == "pow_k"
    assert_proved(attempt(sympy.MatPow((1 - alpha) * Dd, kk), (1 - alpha) ** kk * sympy.MatPow(Dd, kk)))
    assert_not_proved(attempt(sympy.MatPow((1 - alpha) * Id, kk), (1 - alpha) * Id))
    assert_not_proved(attempt(sympy.MatPow((1 - alpha) * Dd, kk), (1 - alpha) * sympy.MatPow(Dd, kk)))


def test_powers_with_shifted_and_multiplied_exponents():
    assert_proved(attempt(sympy.MatPow(Dd, kk + 1), sympy.MatPow(Dd, kk) * Dd))
    assert_proved(attempt(sympy.MatPow(Dd, 2 * kk), sympy.MatPow(Dd, kk) * sympy.MatPow(Dd, kk)))
    assert_proved(attempt(sympy.MatPow(Dd, kk).T, sympy.MatPow(Dd.T, kk)))
    assert_not_proved(attempt(sympy.MatPow(Dd, kk + 1), sympy.MatPow(Dd, kk) * Dd.T))


def test_an_inverse_depending_on_the_exponent_only_without_induction():
    # Dᵏ as a letter commuting with D needs no induction, so the inverse of I + Dᵏ is harmless
    v = assert_proved(attempt(sympy.MatPow(Dd, kk) * (Id + sympy.MatPow(Dd, kk)).I,
                              (Id + sympy.MatPow(Dd, kk)).I * sympy.MatPow(Dd, kk)))
    assert "induction" not in v.certificate
    # an induction would need the claim at k, whose inverse may not exist: not attempted
    assert_not_proved(attempt(sympy.MatPow(Dd, kk + 1) * (Id + sympy.MatPow(Dd, kk)).I,
                              (Id + sympy.MatPow(Dd, kk)).I * sympy.MatPow(Dd, kk)))


def test_a_power_of_a_symmetric_base_is_symmetric():
    # Σ diagonal makes I − αΣ² its own transpose, so ((I − αΣ²)ᵏ)ᵀ = (I − αΣ²)ᵏ
    z0 = MatrixSymbol("z", d, 1)
    B = Id - alpha * Dd * Dd
    lhs = sympy.Trace((Vd * sympy.MatPow(B, kk) * Vd.T * z0).T * (Vd * sympy.MatPow(B, kk) * Vd.T * z0))
    rhs = z0.T * Vd * sympy.MatPow(B, 2 * kk) * Vd.T * z0
    assert attempt(lhs, rhs, [Q.orthogonal(Vd), Q.diagonal(Dd)]).status == "proved"
    assert_not_proved(attempt(lhs, rhs, [Q.orthogonal(Vd)]))
    assert_not_proved(attempt(lhs, z0.T * Vd.T * sympy.MatPow(B, 2 * kk) * Vd * z0, [Q.orthogonal(Vd), Q.diagonal(Dd)]))


def test_log_of_a_product_of_exponentials_of_real_scalars():
    nll = -sympy.log(sympy.exp(-sympy.Trace((y - X * w).T * (y - X * w)) / (2 * lam))
                     * sympy.exp(-sympy.Trace(w.T * w) / 2))
    good = sympy.Trace((y - X * w).T * (y - X * w)) / (2 * lam) + sympy.Trace(w.T * w) / 2
    assert attempt(nll, good, [Q.positive(lam)]).status == "proved"
    assert_not_proved(attempt(nll, good + sympy.Trace(w.T * w) / 2, [Q.positive(lam)]))
    # log(2·exp(u)) is log 2 + u, not u: the rule only takes a bare product of exponentials
    assert_not_proved(attempt(sympy.log(2 * sympy.exp(sympy.Trace(w.T * w))) * A, sympy.Trace(w.T * w) * A))
