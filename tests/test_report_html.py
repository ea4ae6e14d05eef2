"""The HTML renderer shared by the web page and notebooks: escaping, math as TeX, counterexamples as matrices."""
import html
import re

import pytest
import sympy

from symcheck.grade.verdict import AnswerVerdict
from symcheck.report import html as report_html
from symcheck.report import tex
from symcheck.verdict import Counterexample, Verdict
from symcheck.verify import verify_text

QUADRATIC = """```symcheck
A: matrix n×n
x: vector n
```

$$\\frac{\\partial}{\\partial x} x^T A x = x^T A^T + x^T A = 2 x^T A$$
"""

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def quadratic():
    return verify_text(QUADRATIC, timeout=10)


def _tex_of(fragment: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'data-tex="([^"]*)"', fragment)]


def test_tex_numbers_names_and_values():
    assert tex.number("-3/2") == r"-\frac{3}{2}" and tex.number("7") == "7"
    assert tex.number("sqrt(2)") == r"\text{sqrt(2)}"
    assert tex.name("lambda") == r"\lambda" and tex.name("theta^{(k)}") == r"\theta^{(k)}"
    assert tex.name(r"\hat{w}") == r"\hat{w}" and tex.name("w_{t-1}") == "w_{t-1}"
    assert tex.value([["0", "1/2"], ["1", "0"]]) == r"\begin{bmatrix} 0 & \frac{1}{2} \\ 1 & 0 \end{bmatrix}"
    assert tex.value([["1"], ["0"]]) == r"\begin{bmatrix} 1 \\ 0 \end{bmatrix}"


@pytest.mark.parametrize("name", [r"\input{/etc/passwd}", r"\href{javascript:x}{y}", "x}{", "a$b", r"\def\x{y}"])
def test_a_name_that_is_not_plainly_a_symbol_is_shown_as_text(name):
    written = tex.name(name)
    assert written.startswith(r"\text{") and "\\input" not in written and "\\href" not in written


def test_text_escapes_every_tex_special_character():
    assert tex.text("a_b^c{d}$%&#~\\") == (r"\text{a\_b\textasciicircum{}c\{d\}\$\%\&\#\textasciitilde{}"
                                          r"\textbackslash{}}")


def test_a_derivation_shows_each_step_as_math_and_the_first_wrong_one_with_its_counterexample(quadratic):
    fragment = str(report_html.render_derivation(quadratic.to_json()))
    assert fragment.count('class="sc-step ') == 2
    first = re.search(r'<li class="sc-step sc-bad sc-first"[^>]*id="first-wrong"', fragment)
    assert first, "the first wrong step is highlighted and anchored"
    texs = _tex_of(fragment)
    assert r"\frac{\partial}{\partial x} x^T A x = x^T A^T + x^T A" in texs
    assert "x^T A^T + x^T A = 2 x^T A" in texs
    assert any(t.startswith("A = \\begin{bmatrix}") for t in texs), "the counterexample's matrix A as a matrix"
    assert "<details class=\"sc-read\"><summary>read as</summary>" in fragment
    assert "xᵀ Aᵀ + xᵀ A = 2 xᵀ A" in fragment          # the Unicode reading, on demand


def test_everything_from_the_document_is_escaped(quadratic):
    doc = quadratic.to_json()
    step = doc["steps"][1]
    step.update(after=HOSTILE, detail=HOSTILE, read=HOSTILE, method=HOSTILE, hypothesis=HOSTILE)
    step["counterexample"]["values"] = {HOSTILE: HOSTILE}
    step["substituted"] = [{"name": HOSTILE, "value": HOSTILE}]
    doc["file"] = HOSTILE
    for fragment in (str(report_html.render_derivation(doc)), quadratic._repr_html_()):
        assert "<script" not in fragment and "<img" not in fragment
    fragment = str(report_html.render_derivation(doc))
    assert "&lt;script&gt;" in fragment
    answer = AnswerVerdict("not_equivalent", HOSTILE, HOSTILE, {"dims": {}, "values": {HOSTILE: HOSTILE},
                                                              "lhs": HOSTILE, "rhs": "1"}, parsed=HOSTILE)
    verdict = Verdict("unknown", HOSTILE, HOSTILE)
    for fragment in (answer._repr_html_(), verdict._repr_html_(),
                     str(report_html.render_answer(answer.to_json(), answer_tex=HOSTILE, reference_tex=HOSTILE))):
        assert "<script" not in fragment and "<img" not in fragment and "&lt;script&gt;" in fragment


def test_a_header_error_document_is_shown_as_such():
    fragment = str(report_html.render_derivation({"file": "x", "error": {"line": 3, "column": 1,
                                                                         "message": "unknown kind <b>"}}))
    assert "The declarations cannot be read: line 3, column 1: unknown kind &lt;b&gt;" in fragment


def test_notebook_reprs_of_a_derivation(quadratic):
    text = repr(quadratic)
    assert "first wrong step at line 6 (refuted)" in text and "✗ line 6" in text
    page = quadratic._repr_html_()
    assert page.startswith("<style>") and ".symcheck-report" in page and 'id="first-wrong"' in page
    assert "<step line 6: ✗ refuted" in repr(quadratic.steps[1])
    assert 'class="sc-step sc-bad sc-first"' in quadratic.steps[1]._repr_html_()


def test_notebook_reprs_of_a_claim_verdict():
    cx = Counterexample({"n": 2}, {"A": sympy.Matrix([[0, 0], [1, 0]])}, sympy.Matrix([[0, 1]]),
                        sympy.Matrix([[0, 0]]))
    verdict = Verdict("refuted", "exact counterexample search", "the sides differ", counterexample=cx)
    assert repr(verdict).startswith("<Verdict refuted (exact counterexample search)>")
    assert "A = [[0, 0], [1, 0]]" in repr(verdict)
    page = verdict._repr_html_()
    assert 'data-status="refuted"' in page
    assert r"A = \begin{bmatrix} 0 & 0 \\ 1 & 0 \end{bmatrix}" in _tex_of(page)
    assert verdict.to_json()["counterexample"] == cx.to_json()


def test_notebook_reprs_of_an_answer():
    verdict = AnswerVerdict("not_equivalent", "the sides differ", "off by a factor 2: twice the reference",
                            {"dims": {"n": 1}, "values": {"lambda": "1"}, "lhs": "1", "rhs": "1/2"},
                            "n=1; lambda = 1", parsed="2 λ")
    text = repr(verdict)
    assert text.startswith("<AnswerVerdict not equivalent") and "hint: off by a factor 2" in text
    page = verdict._repr_html_()
    assert "off by a factor 2: twice the reference" in page and 'data-status="not_equivalent"' in page
    assert r"\lambda = 1" in _tex_of(page) and r"\frac{1}{2}" in _tex_of(page)
    assert "the answer:" in page and "the reference:" in page


def test_a_graded_class_table_has_a_row_per_student_and_a_column_per_question():
    rows = [
        {"student": "ada", "question": "q1", "answer": "x", "status": "equivalent", "hint": "", "detail": "",
         "counterexample": None, "parsed": "x", "method": "m", "seconds": 0.1},
        {"student": "ben", "question": "q1", "answer": "2x", "status": "not_equivalent", "hint": "twice",
         "detail": "", "counterexample": '{"dims": {}, "values": {"x": "1"}, "lhs": "2", "rhs": "1"}',
         "parsed": "2 x", "method": "m", "seconds": 0.1},
        {"student": "ben", "question": "q2", "answer": HOSTILE, "status": "rejected", "hint": "", "detail": HOSTILE,
         "counterexample": None, "parsed": "", "method": "screening", "seconds": 0.0},
    ]
    from symcheck.grade import summary
    fragment = str(report_html.render_grade(rows, summary(rows)))
    assert "<script" not in fragment and "<img" not in fragment
    table = fragment[fragment.index('id="sc-student-table"'):]
    assert table.count("<tr data-student=") == 2
    assert '<td class="sc-cell sc-none" data-value="-1">' in table     # ada did not answer q2
    assert "twice" in fragment and r"x = 1" in _tex_of(fragment)


# ---- the pages that stand alone (verify --html, grade --export-html) and small fragments ----

def _hostile_step_doc() -> dict:
    step = {"index": 0, "line": 3, "column": 1, "kind": "claim", "kind_meaning": HOSTILE, "relation": "==",
            "before": HOSTILE, "after": "x", "read": HOSTILE, "status": "refuted", "symbol": "✗",
            "method": HOSTILE, "detail": HOSTILE, "hypothesis": HOSTILE,
            "substituted": [{"name": HOSTILE, "value": HOSTILE}],
            "counterexample": {"dims": {"n": 1}, "values": {HOSTILE: [[HOSTILE, "1" * 1500]]}, "lhs": HOSTILE,
                               "rhs": "2"}, "seconds": 0.1}
    return {"file": HOSTILE, "steps": [step], "first_wrong": {"index": 0, "line": 3, "status": "refuted"},
            "summary": {"refuted": 1}, "ok": False, "seconds": 0.1}


def _no_markup_from_the_document(page: str) -> None:
    assert "<script" not in page and "<img" not in page and "http" not in page and "<link" not in page
    assert page.count("&lt;script&gt;") >= 5


def test_the_derivation_page_stands_alone_and_escapes_everything_from_the_document():
    page = report_html.render_derivation_page(_hostile_step_doc(), declarations=HOSTILE)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    _no_markup_from_the_document(page)
    assert 'class="bad first" id="first-wrong"' in page and '<table class="m"><tr><td>' in page
    assert "11111111111111111111…(1500 digits)" in page  # long integers shortened as in the text report


def test_the_grades_page_stands_alone_and_escapes_every_value():
    row = {"student": HOSTILE, "question": HOSTILE, "answer": HOSTILE, "status": "not_equivalent", "hint": None,
           "detail": HOSTILE, "counterexample_text": HOSTILE}
    summary = [{"question": HOSTILE, "correct": 0, "wrong": 1, "unknown": 0, "unparseable": 0, "total": 1}]
    page = report_html.render_grades_page([row], summary, title=HOSTILE)
    _no_markup_from_the_document(page)
    assert "None" not in page  # a missing value is shown empty
    assert '<tr class="not_equivalent">' in page and "not equivalent" in page


def test_notices_and_feedback_are_escaped():
    assert "&lt;script&gt;" in str(report_html.render_notice(HOSTILE)) and "<script" not in str(
        report_html.render_notice(HOSTILE))
    assert str(report_html.render_feedback("a <b>\n    x & y\n    z\nend")) == \
        "a &lt;b&gt;<br><pre>x &amp; y\nz</pre>end"
