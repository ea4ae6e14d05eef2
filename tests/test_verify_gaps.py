"""Derivations as people write them (issue 15's gaps), checked end to end: each gap's derivation gets the
verdict a careful reader gives it, and the wrong variant of each is caught (not just 'unknown')."""
import json

import pytest

from symcheck.cli import main
from symcheck.verify import read_derivation, verify_text

DECLS = "```symcheck\nX: matrix n×d\ny: vector n\nw: vector d\nlambda > 0\nA: invertible n×n\nf: function\n```\n\n"


def steps(text, timeout=15):
    return verify_text(DECLS + text, timeout=timeout, jobs=2).steps


# ---------------------------------------------------------------- 1. a premise with a gradient

@pytest.mark.parametrize("premise", [r"\nabla_w \|y - Xw\|^2 = 0", r"\frac{\partial}{\partial w} \|y - Xw\|^2 = 0",
                                     r"\frac{\partial \|y - Xw\|^2}{\partial w} = 0"])
def test_a_gradient_premise_is_computed_and_used(premise):
    result = steps(f"$${premise} \\implies X^T X w = X^T y$$\n")
    assert [s.status for s in result] == ["premise", "proved"]


def test_a_gradient_premise_in_both_directions():
    result = steps(r"$$\nabla_w \|y - Xw\|^2 = 0 \iff -2X^\top(y - Xw) = 0$$" "\n")
    assert [s.status for s in result] == ["premise", "proved"]


def test_a_defined_function_in_a_derivative_premise():
    result = steps("$$f(w) = \\|y - Xw\\|^2 + \\lambda \\|w\\|^2$$\n\n"
                   "$$\\frac{\\partial f(w)}{\\partial w} = 0 \\implies (X^T X + \\lambda I) w = X^T y$$\n")
    assert [s.status for s in result] == ["definition", "premise", "proved"]


def test_a_wrong_conclusion_from_a_gradient_premise_is_refuted_where_the_premise_holds():
    wrong = steps(r"$$\nabla_w \|y - Xw\|^2 = 0 \implies X^T X w = 2 X^T y$$" "\n")[-1]
    assert wrong.status == "refuted"
    values = wrong.counterexample.to_json()["values"]
    x, y_, w_ = (int(values[k][0][0]) for k in ("X", "y", "w")) if values["X"] and len(values["X"]) == 1 \
        and len(values["X"][0]) == 1 else (None, None, None)
    if x is not None:                      # 1×1: the premise -2x(y - xw) = 0 holds at the counterexample
        assert -2 * x * (y_ - x * w_) == 0


# ---------------------------------------------------------------- 2. a bare I sized by its context

def test_a_bare_identity_is_sized_by_the_other_side():
    assert [s.status for s in steps("$$A A^{-1} = I$$\n\n$$I = A^{-1} A$$\n\n$$\\implies A^{-1} A = I$$\n")] == \
        ["proved", "proved", "proved"]


def test_a_truly_ambiguous_identity_asks_for_its_size():
    [step] = steps("$$\\lambda I = 0$$\n")
    assert step.status == "parse error" and "write I_n" in step.detail


# ---------------------------------------------------------------- 4. sized zero and identity blocks

AUGMENTED = (r"\left\|\begin{bmatrix} X \\ \sqrt{\lambda} I \end{bmatrix} w - \begin{bmatrix} y \\ 0 \end{bmatrix}"
             r"\right\|_2^2")


def test_zero_and_identity_blocks_are_sized_by_their_neighbours():
    assert [s.status for s in steps(f"$${AUGMENTED} = \\|y - Xw\\|^2 + \\lambda \\|w\\|^2$$\n")] == ["proved"]
    wrong = steps(f"$${AUGMENTED} = \\|y - Xw\\|^2 + 2 \\lambda \\|w\\|^2$$\n")[0]
    assert wrong.status == "refuted"


def test_zero_and_identity_blocks_in_an_answer(capsys):
    code = main(["check", "--ref", r"\|y - Xw\|^2 + \lambda \|w\|^2", "--declare", "X: n×d, y: n, w: d, lambda>0",
                 "--json", AUGMENTED])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["status"] == "equivalent", doc


# ---------------------------------------------------------------- 5. declarations, 0^T, an open $$

def test_a_relation_in_the_declarations_block_uses_names_from_other_lines():
    text = ("```symcheck\nX: matrix n×p\ny: vector n\n\\theta^*: vector p\nX^T X \\theta^* = X^T y\n```\n\n"
            "$$X^T (y - X \\theta^*) = 0$$\n")
    assert [s.status for s in verify_text(text, timeout=15, jobs=2).steps] == ["proved"]


def test_a_relation_in_the_declarations_block_with_an_error_points_at_its_line():
    from symcheck.verify import HeaderError
    with pytest.raises(HeaderError) as info:
        read_derivation("# t\n\n```symcheck\nX: matrix n×p\n\n\\theta^*: vector p\nX^T z = 0\n```\n\n$$X = X$$\n")
    assert info.value.error.line == 7 and "undeclared symbol z" in info.value.error.reason


def test_zero_transposed_is_a_zero_row():
    plans = read_derivation(DECLS + "$$2 w^T X^T X - 2 y^T X = 0^T$$\n").plans
    assert plans[0].after.read == "0_{1×d}"
    assert [s.status for s in steps("$$2 w^T X^T X - 2 y^T X = 0^T \\implies X^T X w = X^T y$$\n")] == \
        ["premise", "proved"]


def test_an_open_display_is_reported_and_its_last_step_still_checked():
    result = steps("$$A A^{-1} = I$$\n\nThen\n\n$$A^{-1} A = I\n")
    assert [(s.status, s.line) for s in result] == [("proved", 10), ("parse error", 14), ("proved", 14)]
    assert "never closed" in result[1].detail and "prose" not in result[1].detail
