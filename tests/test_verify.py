"""symcheck verify: every step of every example derivation gets its expected verdict; the CLI's outputs.

EXPECTED is the behaviour, one row per example in examples/derivations/: (line, status)
for each step in document order. The seeds' wrong steps are kept as written, so the
table shows symcheck finding each one (✗ refuted with a counterexample, or a shape
error) and passing each right step.
"""
import json
import os
import time

import pytest

from symcheck.cli import main
from symcheck.verify import HeaderError, read_derivation, verify_file, verify_text
from symcheck.verify import check as check_module

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "examples", "derivations")

EXPECTED = {
    "augmented_ridge.md": [
        (23, "proved"),       # ‖[X; √λ I] w − [y; 0]‖²: the I and the 0 sized by the blocks around them
        (26, "proved"), (30, "premise"),  # = 0ᵀ: a zero row
        (32, "proved"),
        (37, "proved"),       # uses Zᵀ Z θ* = Zᵀ t, a relation in the declarations block
        (41, "proved"),       # A⁻¹A = I: the bare I sized by the other side
        (43, "parse error"),  # the last $$ is never closed: reported ...
        (43, "proved"), (43, "proved")],  # ... and its steps still checked
    "map_linear_regression.md": [
        (21, "definition"), (23, "definition"),
        (27, "proved"),       # p(w | D) ∝ p(D | w) p(w), by Bayes' rule
        (30, "proved"), (31, "proved"),   # + const: the difference does not depend on w
        (36, "premise"), (37, "proved"),  # ∇_w (...) = 0 ⇔ ...: the gradient computed in the premise
        (39, "proved"),
        (43, "refuted")],     # 1/(4σ²): the difference depends on w (two values w, w′ given)
    "csc413_hat_matrix.md": [
        (19, "definition"), (21, "definition"), (24, "definition"), (25, "proved"), (26, "proved"),
        (27, "proved"), (28, "proved"), (33, "definition"), (35, "proved"), (35, "proved"),
        (39, "definition"), (42, "proved"),
        (43, "refuted"),      # XᵀX(Xᵀ(XXᵀ)⁻¹t) "→" Xᵀ(XXᵀ)⁻¹t: the cancellation is wrong
        (44, "proved")],
    "elbow.md": [
        (15, "premise"), (15, "proved"), (15, "proved"), (20, "definition"), (21, "proved"),
        (24, "proved"),       # e′ − e = λδ(w − bx)/(w(w − λδx))
        (28, "proved"),
        (32, "refuted")],     # a student's e′ = (w − λx)/(b − λ)
    "error_recursion.md": [
        (17, "proved"), (17, "proved"), (22, "definition"), (23, "proved"),
        (24, "shape error"),  # + αXXᵀθ*
        (29, "proved"),       # subtracting θ*, using Y = Xθ*
        (33, "shape error"),  # ζ⁽⁰⁾(I − αXᵀX): a vector times a matrix
        (38, "definition"), (39, "proved")],
    "gradient_descent.md": [
        (19, "definition"), (20, "proved"), (23, "proved"),
        (25, "shape error"),  # wₜ₋₁[I − ηFᵀF]
        (29, "shape error"),  # ‖wₜ‖ = ‖wₜ₋₁(I − ηFᵀF)‖ + η‖Fᵀy‖
        (35, "refuted")],     # √(‖Λ‖²) = ‖Λ‖²
    "least_squares.md": [
        (18, "definition"), (19, "proved"), (20, "proved"), (21, "proved"), (22, "proved"), (25, "proved"),
        (29, "premise"), (31, "proved"), (31, "proved"), (35, "definition"), (37, "proved"), (37, "proved"),
        (37, "proved"), (39, "proved"), (41, "proved"), (41, "proved"), (45, "proved"), (45, "proved")],
    "ridge_perspectives.md": [
        (23, "definition"), (24, "proved"), (25, "proved"), (28, "proved"), (30, "premise"), (32, "proved"),
        (32, "proved"), (36, "definition"), (38, "proved"), (38, "proved"), (40, "proved"),
        (46, "refuted"),      # "multiply the MAP objective by 2λ"
        (50, "definition"), (52, "definition"), (54, "proved"), (56, "proved"),
        (60, "shape error"),  # X̂ᵀy = XᵀX
        (64, "definition"), (66, "proved")],
    "ridge_push_through.md": [
        (15, "proved"),
        (19, "refuted"),      # Xᵀ(XXᵀ + λI) = (XᵀX + λI)⁻¹(XᵀX + λI)Xᵀ
        (23, "proved"), (27, "proved"), (32, "definition"), (33, "proved")],
    "vector_calculus.md": [
        (14, "proved"), (16, "proved"), (16, "proved"), (20, "proved"), (26, "proved"), (28, "proved"),
        (28, "proved"),
        (32, "shape error"),  # the answer written (Aᵀ + A)xᵀ
        (36, "proved"), (36, "proved"),
        (40, "refuted")],     # xᵀ(A + Aᵀ) = 2xᵀA without symmetry
}
FIRST_WRONG = {"augmented_ridge.md": None, "csc413_hat_matrix.md": 43, "elbow.md": 32, "error_recursion.md": 24,
               "gradient_descent.md": 25, "least_squares.md": None, "map_linear_regression.md": 43,
               "ridge_perspectives.md": 46, "ridge_push_through.md": 19, "vector_calculus.md": 32}


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def example(request):
    """(name, the result of verifying the example): each example verified once, for both tests below (under
    pytest-xdist the two tests of one example run on one worker: tests/conftest.py)."""
    return request.param, verify_file(os.path.join(EXAMPLES, request.param), timeout=15, jobs=2)


def test_every_example_has_a_row():
    assert sorted(f for f in os.listdir(EXAMPLES) if f.endswith(".md")) == sorted(EXPECTED)


@pytest.mark.slow
def test_every_step_of_the_example_gets_its_verdict(example):
    name, result = example
    assert [(s.line, s.status) for s in result.steps] == EXPECTED[name]
    first = result.first_wrong
    assert (first.line if first else None) == FIRST_WRONG[name]


def test_refutations_carry_exact_counterexamples_and_shape_errors_both_shapes(example):
    _, result = example
    for step in result.steps:
        if step.status == "refuted":
            cx = step.counterexample
            assert cx is not None and cx.to_json()["lhs"] != cx.to_json()["rhs"]
            assert all("." not in str(v) for v in json.dumps(cx.to_json()["values"]).split('"') if v[:1].isdigit())
        if step.status == "shape error":
            assert step.detail.count("×") >= 2, step.detail


# ---------------------------------------------------------------- how steps are read

def kinds(text):
    return [(p.kind, p.relation) for p in read_derivation(text).plans]


DECLS = "```symcheck\nX: matrix n×d\ny: vector n\nw: vector d\nlambda > 0\n```\n"


def test_a_chain_checks_each_expression_against_the_one_before():
    plans = read_derivation(DECLS + "$$X^T X + \\lambda I = \\lambda I + X^T X \\le X^T X$$").plans
    assert [(p.kind, p.relation) for p in plans] == [("claim", "=="), ("chain", "<=")]
    assert plans[1].obligations[0].relation == "<="


def test_a_bare_name_on_the_left_is_a_definition_used_later_in_its_section():
    text = DECLS + "$$w = X^T y$$\n\n$$X w = X X^T y$$\n\n# next\n\n$$X w = X X^T y$$\n"
    plans = read_derivation(text).plans
    assert [p.kind for p in plans] == ["definition", "claim", "claim"]
    assert plans[1].substituted and not plans[2].substituted   # sections end definitions


def test_restating_the_left_side_compares_the_right_sides():
    plans = read_derivation(DECLS + "\\begin{align} w &= X^T y \\\\ w &= X^T y + 0 \\end{align}").plans
    assert [p.kind for p in plans] == ["definition", "restated"]


def test_connectives_and_prose_link_statements_with_the_previous_one_as_hypothesis():
    text = DECLS + "$$X^T X w = X^T y \\implies w = (X^T X)^{-1} X^T y$$\n$$\\text{so } X w = X w$$"
    plans = read_derivation(text).plans
    assert [p.kind for p in plans] == ["claim", "implies", "implies"]
    assert plans[1].obligations[0].hypotheses and plans[1].hypothesis.startswith("Xᵀ X w")


def test_a_false_equation_with_a_zero_side_is_a_premise_not_a_wrong_step():
    result = verify_text(DECLS + "$$X^T X w - X^T y = 0$$\n$$\\implies X^T X w = X^T y$$", timeout=8)
    assert [s.status for s in result.steps] == ["premise", "proved"]
    assert result.ok and result.first_wrong is None


def test_an_implication_that_does_not_follow_is_refuted_with_a_counterexample_satisfying_the_premise():
    result = verify_text(DECLS + "$$X^T X w = X^T y \\implies w = X^T y$$", timeout=8)
    step = result.steps[-1]
    assert step.status == "refuted" and step.kind == "implies"
    assert step.counterexample is not None


def test_approximations_are_not_checked():
    result = verify_text(DECLS + "$$\\lambda \\approx 0$$", timeout=2)
    assert result.steps[0].status == "unknown" and "approximation" in result.steps[0].detail


def test_a_step_past_its_time_limit_is_unknown(monkeypatch):
    def slow(*args):
        time.sleep(30)
    monkeypatch.setattr(check_module, "decide_obligation", slow)
    monkeypatch.setattr(check_module, "WORKER_MARGIN", 0.0)
    start = time.monotonic()
    result = verify_text(DECLS + "$$X^T X = X^T X$$", timeout=0.5)
    assert time.monotonic() - start < 10
    assert result.steps[0].status == "unknown" and "time limit" in result.steps[0].detail


def test_unreadable_steps_are_parse_errors_at_their_line_and_column():
    text = DECLS + "\n$$X^T X = (X^T X$$\n$$w = \\foo{y}$$\n$$q = w$$\n"
    result = verify_text(text, timeout=2)
    details = [(s.status, s.detail.splitlines()[0]) for s in result.steps]
    assert all(status == "parse error" for status, _ in details)
    assert details[0][1].startswith("line 8, column ") and details[1][1].startswith("line 9, column 7")
    assert "undeclared" in details[2][1] and details[2][1].startswith("line 10, column 3")


def test_bad_declarations_are_a_header_error():
    with pytest.raises(HeaderError) as info:
        read_derivation("# t\n```symcheck\nX: matrix n×d\ny: vector\n```\n$$X = X$$")
    assert info.value.error.line == 4


# ---------------------------------------------------------------- the command

# The chatbot's push-through proof, cut to its first two lines (the second is wrong).
PUSH_TEXT = DECLS + """
$$X^T(X X^T + \\lambda I_n) = (X^T X + \\lambda I_d)X^T$$

$$\\implies X^T(X X^T + \\lambda I_n) = (X^T X + \\lambda I_d)^{-1}(X^T X + \\lambda I_d)X^T$$
"""


@pytest.fixture
def push(tmp_path):
    path = tmp_path / "push.md"
    path.write_text(PUSH_TEXT, encoding="utf-8")
    return str(path)


def test_cli_json_is_one_document_with_every_step(capsys, push):
    code = main(["verify", push, "--json"])
    out = capsys.readouterr().out
    doc = json.loads(out)
    assert code == 1
    assert set(doc) == {"file", "steps", "first_wrong", "summary", "ok", "seconds"}
    assert doc["first_wrong"]["line"] == 10 and doc["ok"] is False
    wrong = doc["steps"][1]
    assert wrong["status"] == "refuted" and wrong["kind"] == "implies" and wrong["symbol"] == "✗"
    assert set(wrong["counterexample"]) == {"dims", "values", "lhs", "rhs"}
    assert {"line", "column", "before", "after", "read", "method", "detail"} <= set(wrong)


def test_cli_text_report_names_the_first_wrong_step(capsys, push):
    code = main(["verify", push, "--show-parse"])
    out = capsys.readouterr().out
    assert code == 1
    assert "first wrong step: line 10" in out and "counterexample:" in out and "read: " in out


def test_cli_html_is_self_contained_and_highlights_the_wrong_step(tmp_path, capsys, push):
    page = tmp_path / "report.html"
    assert main(["verify", push, "--html", str(page)]) == 1
    html = page.read_text(encoding="utf-8")
    assert 'id="first-wrong"' in html and 'class="bad first"' in html
    assert "Counterexample" in html and "(Xᵀ X + λ I_d)⁻¹" in html
    assert "<script" not in html and "http" not in html and "<link" not in html


def test_cli_exit_0_when_every_step_is_proved(tmp_path, capsys):
    doc = tmp_path / "ok.md"
    doc.write_text(DECLS + "$$(X^T X)^T = X^T X$$\n")
    assert main(["verify", str(doc)]) == 0
    assert "every step checked" in capsys.readouterr().out


def test_cli_header_errors_exit_2_with_line_and_column(tmp_path, capsys):
    doc = tmp_path / "bad.md"
    doc.write_text("```symcheck\nX: matrix n×d\nlambda: scalar > 7\n```\n$$X = X$$\n")
    assert main(["verify", str(doc)]) == 2
    err = capsys.readouterr().err
    assert "line 3, column" in err and "Traceback" not in err


@pytest.mark.parametrize("junk", [b"\x00\xff\xfe garbage", "$$\\frac{{{$$ \\begin{align} & = = \\\\".encode(),
                                  "```symcheck\nX: ((\n```\n".encode(), b"", "$$ \\|\\|\\| = } $$".encode()])
def test_cli_never_shows_a_traceback_on_junk(tmp_path, capsys, junk):
    doc = tmp_path / "junk.md"
    doc.write_bytes(junk)
    code = main(["verify", str(doc), "--timeout", "1"])
    captured = capsys.readouterr()
    assert code in (0, 1, 2)
    assert "Traceback" not in captured.out + captured.err


def test_cli_missing_file_is_a_usage_error(capsys):
    assert main(["verify", "/nonexistent/derivation.md"]) == 2
    assert "cannot read" in capsys.readouterr().err
