"""Reference files, answer files and answer normalisation (the cache must never merge different answers)."""
import json

import pytest

from symcheck.grade import ReferenceError, parse_reference, read_answers, read_reference
from symcheck.grade.normalize import answer_key, normalize_answer, question_fingerprint
from symcheck.latex import ParseError, parse_declarations, parse_formula

DECLS = parse_declarations("X: n×d\ny: n\nw: d\nA: n×n\nB: n×n\nX_1: n×n\nX_2: n×n\nlambda > 0\nx: scalar\nz: scalar")


def test_reference_sections_shared_declarations_and_continuations():
    specs = parse_reference(
        "# comment\ndeclare: lambda > 0\n\n[ridge]\ntitle: Ridge\ndeclare: X: n×d\ndeclare: y: n\n"
        "answer: (X^\\top X + \\lambda I)^{-1}\n    X^\\top y\n[g]\nlayout: denominator\nanswer: y\n")
    assert list(specs) == ["ridge", "g"]
    ridge = specs["ridge"]
    assert ridge.declarations == ["lambda > 0", "X: n×d", "y: n"]
    assert ridge.answer == "(X^\\top X + \\lambda I)^{-1} X^\\top y" and ridge.title == "Ridge"
    assert specs["g"].layout == "denominator" and specs["g"].declarations == ["lambda > 0"]


@pytest.mark.parametrize("text, message", [
    ("[a]\ndeclare: x: scalar\n", "no `answer:`"),
    ("[a]\nanswer: x\n[a]\nanswer: x\n", "appears twice"),
    ("answer: x\n", "before the first"),
    ("[a]\nsolution: x\n", "expected"),
    ("[a]\nlayout: sideways\nanswer: x\n", "layout"),
    ("# nothing\n", r"no \[question\]"),
])
def test_reference_errors_name_the_line(text, message):
    with pytest.raises(ReferenceError, match=message):
        parse_reference(text, "hw.ref")


def test_reference_json(tmp_path):
    path = tmp_path / "hw.json"
    path.write_text(json.dumps({"declare": "lambda > 0", "questions": {"q1": {"answer": "x", "declare": ["x: scalar"]}}}))
    spec = read_reference(path)["q1"]
    assert spec.answer == "x" and spec.declarations == ["lambda > 0", "x: scalar"]


def test_csv_columns_by_name_and_multiline_answers(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('Student_ID,Q,Response\ns1,q1,"X^T\ny"\ns2,q2,x\n', encoding="utf-8")
    rows = read_answers(path)
    assert [(r.row, r.student, r.question, r.answer) for r in rows] == [(1, "s1", "q1", "X^T\ny"), (2, "s2", "q2", "x")]


def test_csv_without_an_answer_column_is_a_usage_error(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("student,question\ns1,q1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="answer"):
        read_answers(path)


def test_jsonl_bad_lines_become_rows_with_a_problem(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"student": "s1", "question": "q", "answer": "x"}\nnot json\n[1]\n'
                    '{"student": "s2", "question": "q"}\n{"student": "s3", "question": "q", "answer": 3}\n')
    rows = read_answers(path)
    assert [bool(r.problem) for r in rows] == [False, True, True, True, True]
    assert rows[0].answer == "x" and rows[1].row == 2


@pytest.mark.parametrize("a, b", [
    (r"$(X^{T} X + \lambda I)^{-1}X^\top y$", r"(X^TX+\lambda I)^{-1}X^\top y"),
    (r"\left( X^T y \right)", r"(X^Ty)"),
    (r"\lambda\,I", r"\lambda I"),
])
def test_cosmetic_differences_share_a_key(a, b):
    fp = question_fingerprint("x", "x: scalar")
    assert answer_key(fp, a) == answer_key(fp, b)


@pytest.mark.parametrize("a, b", [
    ("x z", "xz"), ("2 3", "23"), (r"\lambda I", r"\lambdaI"), ("A B", "B A"), ("X^T y", "y^T X"),
])
def test_different_answers_keep_different_keys(a, b):
    fp = question_fingerprint("x", "x: scalar")
    assert answer_key(fp, a) != answer_key(fp, b)
    assert answer_key(fp, a) != answer_key(question_fingerprint("y", "x: scalar"), a)


@pytest.mark.parametrize("text", [
    r"( X^T X + \lambda I )^{-1} X^T y", r"\left( X_1 X_2 \right)^T", r"A^2 B", r"\lambda \, x^{2} z",
    r"\frac{1}{2} \| y - X w \|^2", r"X^{T}\left(Xw-y\right)", r"x z", r"2 \cdot 3 x",
    r"\begin{bmatrix} X \\ \sqrt{\lambda} I \end{bmatrix}^T \begin{bmatrix} X \\ \lambda I \end{bmatrix}",
    r"\begin{bmatrix} x & z \\ \, z & x \end{bmatrix}",
])
def test_normalisation_never_changes_how_an_answer_is_read(text):
    try:
        original = parse_formula(text, DECLS)
    except ParseError:
        with pytest.raises(ParseError):
            parse_formula(normalize_answer(text), DECLS)
        return
    assert parse_formula(normalize_answer(text), DECLS) == original


def test_normalisation_keeps_the_reading_of_every_labelled_answer():
    """The cache checks a group's normalised text, so normalising must never change how an answer is read."""
    import csv
    import pathlib

    from symcheck.grade import prepare_questions, read_reference
    folder = pathlib.Path(__file__).parents[1] / "benchmarks" / "answers"
    questions = prepare_questions(read_reference(folder / "questions.ref"))
    with (folder / "labelled.tsv").open(encoding="utf-8", newline="") as handle:
        triples = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))

    def read(text, decls):
        try:
            return parse_formula(text, decls)
        except ParseError as exc:
            return exc.reason
    changed = [t["answer"] for t in triples
               if read(t["answer"], questions[t["question"]].declarations)
               != read(normalize_answer(t["answer"]), questions[t["question"]].declarations)]
    assert changed == []
