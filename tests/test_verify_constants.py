"""Steps up to a constant and with densities: the pieces (symcheck/verify/constants.py) and whole derivations.

Soundness: "does not depend on w" is proved as the identity D(w) = D(w′) over two
independent copies (never from a derivative, which is zero for sign(w) too), refuted only
by an exact pair w, w′ where D differs, and never refuted through densities left free.
"""
import pytest
import sympy
from sympy import MatrixSymbol, Q, Symbol, Trace, exp, log

from symcheck.latex import ArbitraryConstant, Density, ParseError, parse_declarations, parse_formula, render
from symcheck.verify import read_derivation, verify_text
from symcheck.verify.constants import (NotCheckable, abstract_densities, by_bayes, expand_logs, independence_claim,
                                       variable_copies, without_common_terms, without_constants)

DECLS = parse_declarations("X: matrix n×d\ny: vector n\nw: vector d\nsigma > 0\ntau > 0\np: density\nD: data")
w = DECLS.symbols["w"]
sigma = DECLS.symbols["sigma"]


def read(latex):
    return parse_formula(latex, DECLS, constants=True)


# ---------------------------------------------------------------- reading

def test_constants_and_densities_are_read_only_where_meant():
    expr = read(r"\|w\|^2 + \text{const}")
    assert any(isinstance(a, ArbitraryConstant) for a in expr.args)
    assert read(r"x + C".replace("x", "\\sigma")).has(ArbitraryConstant)
    with pytest.raises(ParseError, match="undeclared symbol const"):
        parse_formula(r"\|w\|^2 + \text{const}", DECLS)          # answers and claims: no constants
    for text in (r"p(w \mid D)", r"p(w | D)", r"p(w \vert D)"):
        density = read(text)
        assert isinstance(density, Density) and density.outcomes == (w,) and density.conditions == (DECLS.symbols["D"],)
        assert render(density) == "p(w | D)"
    assert read(r"p(w)").conditions == ()
    with pytest.raises(ParseError, match="declared a density"):
        read(r"p + 1")


def test_pi_is_the_number_unless_declared():
    assert read(r"2\pi") == 2 * sympy.pi
    assert parse_formula(r"\pi", parse_declarations("pi: scalar")) == Symbol("pi", real=True)


# ---------------------------------------------------------------- the pieces

def test_constants_are_removed_only_as_terms_of_a_sum():
    c = ArbitraryConstant()
    assert without_constants(sigma + c) == sigma
    assert without_constants(sigma - 2 * c) == sigma
    assert without_constants(c) == 0
    with pytest.raises(NotCheckable, match="term of the sum"):
        without_constants(sigma * c + 1)
    with pytest.raises(NotCheckable):
        without_constants(log(sigma + c))


def test_bayes_rewrites_a_posterior_of_the_variable_only():
    posterior = read(r"p(w \mid D)")
    assert by_bayes(posterior, (w,)) == read(r"p(D \mid w)") * read(r"p(w)") / read(r"p(D)")
    assert by_bayes(read(r"p(D \mid w)"), (w,)) == read(r"p(D \mid w)")     # the variable after the bar
    assert by_bayes(posterior, ()) == posterior                                # no variable of interest


def test_logarithms_are_expanded_only_over_positive_factors():
    x = Symbol("x", real=True)
    assert expand_logs(log(2 * sigma ** 2 * exp(x))) == log(2) + 2 * log(sigma) + x
    assert expand_logs(log(x * sigma)) == log(x * sigma)       # x may be negative: left alone
    t = Trace(w.T * w)
    assert expand_logs(log(exp(-t / (2 * sigma ** 2)))) == -t / (2 * sigma ** 2)
    assert expand_logs(log(read(r"p(D \mid w)") * read(r"p(w)"))) == log(read(r"p(D \mid w)")) + log(read(r"p(w)"))


def test_densities_left_over_become_shared_positive_numbers():
    (a, b), names = abstract_densities([log(read(r"p(D)")) + 1, read(r"p(D)")])
    assert names == ("p(D)",) and b.is_positive and a == log(b) + 1


def test_copies_of_the_variable_are_named_apart_and_keep_assumptions():
    lam = Symbol("lambda", positive=True)
    copies = variable_copies((w, lam), w + MatrixSymbol("w'", *w.shape))
    assert copies[w].name == "w''" and copies[w].shape == w.shape
    assert copies[lam].name == "lambda'" and copies[lam].is_positive


def test_independence_claim_copies_hypotheses_and_assumptions_about_the_variable():
    lam = Symbol("lambda", real=True)
    assumption = Q.positive(lam)
    claim = independence_claim(lam ** 2 + ArbitraryConstant(), sigma, "==", (lam,), [assumption, Q.positive(sigma)],
                               [sympy.Eq(lam, 2 * sigma)])
    primed = Symbol("lambda'", real=True)
    assert claim["lhs"] == lam ** 2 and claim["rhs"] == primed ** 2     # -sigma is the same at both points
    assert Q.positive(primed) in claim["hypotheses"] and sympy.Eq(primed, 2 * sigma) in claim["hypotheses"]
    assert Q.positive(sigma) not in claim["hypotheses"]       # not about the variable: not copied
    with pytest.raises(NotCheckable, match="variable: w"):
        independence_claim(lam, sigma, "==", (), [], [])
    with pytest.raises(NotCheckable, match="scalars"):
        independence_claim(w, w, "==", (w,), [], [])


def test_common_density_terms_cancel_between_the_two_points():
    s, t1, t2 = Symbol("s", positive=True), Symbol("a"), Symbol("b")
    assert without_common_terms(t1 + log(s), t2 + log(s), {s}) == (t1, t2)
    assert without_common_terms(t1 + log(s), t2, {s}) == (t1 + log(s), t2)


# ---------------------------------------------------------------- whole derivations

HEAD = ("```symcheck\nX: matrix n×d\ny: vector n\nw: vector d\nsigma > 0\ntau > 0\np: density\nD: data\n"
        "{variable}```\n\n")
DENSITIES = (r"$$p(D \mid w) = \frac{1}{(2\pi\sigma^2)^{n/2}} \exp\left(-\frac{1}{2\sigma^2}\|y - Xw\|^2\right)$$" "\n\n"
             r"$$p(w) = \frac{1}{(2\pi\tau^2)^{d/2}} \exp\left(-\frac{1}{2\tau^2}\|w\|^2\right)$$" "\n\n")


def statuses(text, timeout=20):
    return [(s.status, s.detail) for s in verify_text(text, timeout=timeout, jobs=2).steps]


def test_up_to_a_constant_and_proportional_are_proved_and_refuted_with_two_points():
    text = HEAD.format(variable="variable: w\n") + DENSITIES + (
        r"$$p(w \mid D) \propto p(D \mid w)\, p(w)$$" "\n\n"
        r"$$-\log p(w \mid D) = \frac{1}{2\sigma^2}\|y - Xw\|^2 + \frac{1}{2\tau^2}\|w\|^2 + \text{const}$$" "\n\n"
        r"$$\frac{1}{2\sigma^2}\|y - Xw\|^2 + \frac{1}{2\tau^2}\|w\|^2 + C = \frac{1}{2\sigma^2}\|y\|^2 + C$$" "\n")
    result = verify_text(text, timeout=20, jobs=2)
    assert [s.status for s in result.steps] == ["definition", "definition", "proved", "proved", "refuted"]
    wrong = result.steps[-1]
    values = wrong.counterexample.to_json()["values"]
    assert {"w", "w'"} <= set(values) and values["w"] != values["w'"]
    assert "depends on w" in wrong.detail


def test_without_a_variable_of_interest_a_constant_step_is_unknown_with_the_fix():
    result = statuses(HEAD.format(variable="") + r"$$\|w\|^2 + \text{const} = \|w\|^2$$" "\n")
    assert result == [("unknown", result[0][1])] and "variable: w" in result[0][1]


def test_densities_left_undefined_are_never_a_refutation():
    text = HEAD.format(variable="variable: w\n") + r"$$p(w \mid D) \propto p(w)$$" "\n"
    [(status, detail)] = statuses(text)
    assert status == "unknown" and "not refuted" in detail


def test_a_constant_term_that_depends_on_the_variable_is_refuted():
    text = HEAD.format(variable="variable: w\n") + r"$$\|w\|^2 + \sigma = \sigma^2 + \text{const}$$" "\n"
    [(status, _)] = statuses(text)
    assert status == "refuted"
    text = HEAD.format(variable="variable: w\n") + r"$$\|y\|^2 + \sigma = \sigma^2 + \text{const}$$" "\n"
    [(status, _)] = statuses(text)
    assert status == "proved"     # nothing depends on w


def test_a_piecewise_constant_in_the_variable_is_not_constant():
    # d/dx sign(x) = 0 wherever it exists, yet sign(x) depends on x: the two-point identity refutes it
    text = "```symcheck\nx: scalar\nvariable: x\n```\n\n$$\\frac{|x|}{x} = \\text{const}$$\n"
    [(status, _)] = statuses(text)
    assert status == "refuted"


def test_an_unknown_variable_of_interest_is_a_header_error():
    from symcheck.verify import HeaderError
    with pytest.raises(HeaderError, match="variable of interest"):
        read_derivation(HEAD.format(variable="variable: v\n") + "$$w = w$$\n")
