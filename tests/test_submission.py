"""Reference files' points/visibility, and reading a student's submission (files, folders, hostile input)."""
import json
import os

import pytest

from symcheck.grade import ReferenceError, parse_reference
from symcheck.grade.reference import parse_assignment, read_assignment
from symcheck.grade.submission import (MAX_FILE_BYTES, extract_answer, parse_answers_json, parse_answers_text,
                                       read_submission)

IDS = ["ridge", "grad", "q_1", "1a"]


# ---- reference files: points and visibility ------------------------------------------------------------

def test_points_and_visibility_per_question_and_for_the_assignment():
    a = parse_assignment("visibility: after_due_date\ndeclare: lambda > 0\n[a]\npoints: 2.5\nanswer: x\n"
                         "[b]\nvisibility: hidden\npoints: 0\nanswer: y\n[c]\nanswer: z\n")
    assert a.visibility == "after_due_date"
    assert [q.points for q in a.questions.values()] == [2.5, 0.0, 1.0]
    assert [a.visibility_of(q) for q in a.questions] == ["after_due_date", "hidden", "after_due_date"]
    assert a.questions["a"].declarations == ["lambda > 0"]


def test_reference_without_the_new_keys_reads_as_before():
    specs = parse_reference("declare: lambda > 0\n[ridge]\nanswer: x\n")
    assert specs["ridge"].points == 1.0 and specs["ridge"].visibility == ""
    assert parse_assignment("[a]\nanswer: x\n").visibility == "visible"


@pytest.mark.parametrize("text, message", [
    ("[a]\npoints: -1\nanswer: x\n", "points must be a number"),
    ("[a]\npoints: two\nanswer: x\n", "points must be a number"),
    ("[a]\npoints: 1e9\nanswer: x\n", "points must be a number"),
    ("[a]\npoints: nan\nanswer: x\n", "points must be a number"),
    ("[a]\nvisibility: students\nanswer: x\n", "visibility must be one of"),
    ("visibility: never\n[a]\nanswer: x\n", "visibility must be one of"),
    ("points: 2\n[a]\nanswer: x\n", "before the first"),
    ("[a]\npoints: 1\n  2\nanswer: x\n", "one word on its own line"),
])
def test_bad_points_or_visibility_name_the_line(text, message):
    with pytest.raises(ReferenceError, match=message):
        parse_assignment(text, "hw.ref")


def test_json_reference_with_points_and_visibility(tmp_path):
    path = tmp_path / "hw.json"
    path.write_text(json.dumps({"visibility": "hidden", "questions": {
        "q1": {"answer": "x", "declare": "x: scalar", "points": 3, "visibility": "visible"},
        "q2": {"answer": "x", "declare": "x: scalar"}}}))
    a = read_assignment(path)
    assert a.visibility == "hidden" and a.questions["q1"].points == 3.0
    assert a.visibility_of("q1") == "visible" and a.visibility_of("q2") == "hidden"
    path.write_text(json.dumps({"questions": {"q1": {"answer": "x", "points": True}}}))
    with pytest.raises(ReferenceError, match="points"):
        read_assignment(path)


# ---- the text forms ---------------------------------------------------------------------------------------

def test_every_question_line_form():
    text = ("# Homework 2 — Alice\nNote: my name is not a question\n"
            "ridge: $(X^T X + \\lambda I)^{-1} X^T y$\n"
            "**q_1:** `x`\n"
            "- **1a**: 2x + 1\n"
            "## grad\nWe compute:\n$$\nX^\\top (X w - y)\n$$\n")
    notes = []
    assert parse_answers_text(text, IDS, "a.md", notes) == {
        "ridge": "(X^T X + \\lambda I)^{-1} X^T y", "q_1": "x", "1a": "2x + 1", "grad": "X^\\top (X w - y)"}
    assert notes == []


def test_section_headers_and_continuation_lines():
    text = "[ridge]\n(X^T X + \\lambda I)^{-1}\n  X^T y\n\n[GRAD]\n\\[ X^T(Xw-y) \\]\n"
    assert parse_answers_text(text, IDS) == {"ridge": "(X^T X + \\lambda I)^{-1} X^T y", "grad": "X^T(Xw-y)"}


def test_the_last_display_formula_is_graded_and_the_first_section_wins():
    notes = []
    text = "grad: first try $a$\n$$ X^T X w $$\nso finally\n$$ X^T(Xw - y) $$\ngrad: $b$\n"
    assert parse_answers_text(text, IDS, "a.md", notes) == {"grad": "X^T(Xw - y)"}
    assert any("several formulas under grad" in n for n in notes)
    assert any("answered more than once" in n for n in notes)


def test_question_lines_inside_code_fences_do_not_start_questions():
    text = "ridge:\n```latex\ngrad: not a question\nX^T y\n```\n"
    assert parse_answers_text(text, IDS) == {"ridge": "grad: not a question X^T y"}


@pytest.mark.parametrize("section, answer", [
    ("$a$", "a"), ("\\(a\\)", "a"), ("`a`", "a"), ("plain a + b", "plain a + b"), ("$$a$$ and $b$", "a"),
    ("```\nX^T y\n```", "X^T y"), ("$$ unclosed", "$$ unclosed"), ("", ""),
])
def test_extract_answer(section, answer):
    assert extract_answer(section)[0] == answer


def test_extraction_is_linear_on_pathological_delimiters():
    for text in ("$a" * 10_000, "$$" + "\\[" * 9_000, "`" * 19_000, "```" * 6_000):
        extract_answer(text)    # would take minutes if quadratic


# ---- JSON --------------------------------------------------------------------------------------------------

def test_json_answers_unknown_questions_and_non_text():
    notes = []
    got = parse_answers_json('{"ridge": "x", "zz": "1", "GRAD": 3, "q_1": ["a"], "1a": true}', IDS, "a.json", notes)
    assert got == {"ridge": "x", "grad": "3", "q_1": ["a"], "1a": True}
    assert notes == ["a.json: ignored answers to questions that do not exist: zz"]


@pytest.mark.parametrize("text, note", [
    ("[" * 100_000, "nested too deeply"), ("{", "not valid JSON"), ('["x"]', "one JSON object"),
    ('"x"', "one JSON object"),
])
def test_broken_json_becomes_a_note(text, note):
    notes = []
    assert parse_answers_json(text, IDS, "a.json", notes) == {}
    assert note in notes[0]


# ---- files and folders -------------------------------------------------------------------------------------

def test_missing_and_empty_submissions(tmp_path):
    assert read_submission(tmp_path / "nope", IDS).notes == ["no submission was found"]
    empty = read_submission(tmp_path, IDS)
    assert empty.answers == {} and "no answer file" in empty.notes[0]
    (tmp_path / "answers.md").write_text("")
    sub = read_submission(tmp_path, IDS)
    assert sub.answers == {} and sub.files == ["answers.md"] and "empty" in sub.notes[0]


def test_answers_file_is_preferred_and_others_are_named(tmp_path):
    (tmp_path / "answers.md").write_text("ridge: a\n")
    (tmp_path / "notes.txt").write_text("ridge: b\ngrad: c\n")
    (tmp_path / "hw.pdf").write_bytes(b"%PDF")
    sub = read_submission(tmp_path, IDS)
    assert sub.answers == {"ridge": "a"} and "ignored notes.txt" in sub.notes[0]


def test_several_files_first_answer_wins_and_a_conflict_is_noted(tmp_path):
    (tmp_path / "a.md").write_text("ridge: a\n")
    (tmp_path / "b.json").write_text('{"ridge": "b", "grad": "c"}')
    sub = read_submission(tmp_path, IDS)
    assert sub.answers == {"ridge": "a", "grad": "c"} and sub.files == ["a.md", "b.json"]
    assert "answered in both a.md and b.json" in sub.notes[0]


def test_nested_folders_are_searched_hidden_ones_are_not(tmp_path):
    (tmp_path / "hw2" / "sub").mkdir(parents=True)
    (tmp_path / "hw2" / "sub" / "mine.txt").write_text("grad: g\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("ridge: r\n")
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "__MACOSX" / "y.txt").write_text("ridge: r\n")
    assert read_submission(tmp_path, IDS).answers == {"grad": "g"}


def test_a_single_file_can_be_the_submission(tmp_path):
    path = tmp_path / "whatever.json"
    path.write_text('{"ridge": "r"}')
    assert read_submission(path, IDS).answers == {"ridge": "r"}


def test_hostile_files_are_skipped_with_a_note(tmp_path):
    secret = tmp_path / "secret.ref"
    secret.write_text("ridge: the reference answer\n")
    sub_dir = tmp_path / "sub"
    sub_dir.mkdir()
    (sub_dir / "answers.md").symlink_to(secret)                  # a link to the autograder's files
    (sub_dir / "big.txt").write_bytes(b"ridge: x\n" + b"x" * MAX_FILE_BYTES)
    (sub_dir / "latin1.txt").write_bytes("grad: caf\xe9\n".encode("latin-1"))
    os.mkfifo(sub_dir / "fifo.txt")                               # opening it for reading would block
    (sub_dir / "name\x1b[31m.md").write_text("q_1: y\n")
    sub = read_submission(sub_dir, IDS)
    assert sub.answers == {"q_1": "y"}
    text = " | ".join(sub.notes)
    assert "big.txt is too large" in text and "latin1.txt is not UTF-8" in text
    assert "\x1b" not in text + " ".join(sub.files)
    link = read_submission(sub_dir / "answers.md", IDS)          # even named directly, a link is not followed
    assert link.answers == {}


def test_too_many_entries_are_bounded(tmp_path):
    for i in range(2_100):
        (tmp_path / f"f{i:04}.bin").write_bytes(b"")
    sub = read_submission(tmp_path, IDS)
    assert any("too many files" in n for n in sub.notes)
