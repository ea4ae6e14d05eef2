"""`symcheck autograde` run as Gradescope runs it (a subprocess), results.json checked against Gradescope's format.

The first test starts a new interpreter, as Gradescope's run_autograder does; the others run the same command
in a fork of the test process, which has SymPy loaded already (tests/forked_cli.py).

The format is Gradescope's autograder specifications
(https://gradescope-autograders.readthedocs.io/en/latest/specs/): `check_results` below
encodes every documented key, its type and allowed values.
"""
import json
import os
import stat
import subprocess
import zipfile
from pathlib import Path

import pytest

from forked_cli import new_interpreter as start_interpreter, run_module  # tests/forked_cli.py
from symcheck.grade.autograde import MISSING, PENDING, grade_submission
from symcheck.grade.gradescope import results_json
from symcheck.grade.reference import read_assignment
from symcheck.grade.submission import Submission

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "gradescope"
REF = EXAMPLE / "hw.ref"
REFERENCE_RIDGE = r"(X^\top X + \lambda I)^{-1} X^\top y"

VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}
TOP_KEYS = {"score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
            "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"}
TEST_KEYS = {"score", "max_score", "status", "name", "name_format", "number", "output", "output_format", "tags",
             "visibility", "extra_data"}


def check_results(data: dict, questions: int | None = None) -> None:
    """Every key documented by Gradescope, with its type; scores add up; nothing undocumented."""
    assert set(data) <= TOP_KEYS, set(data) - TOP_KEYS
    number = (int, float)
    assert isinstance(data["score"], number) and not isinstance(data["score"], bool)
    assert isinstance(data["execution_time"], int) and data["execution_time"] >= 0
    assert isinstance(data["output"], str) and data["output"]
    assert data["output_format"] in FORMATS
    assert data["visibility"] in VISIBILITIES and data["stdout_visibility"] in VISIBILITIES
    assert isinstance(data["tests"], list)
    if questions is not None:
        assert len(data["tests"]) == questions
    for test in data["tests"]:
        assert set(test) <= TEST_KEYS, set(test) - TEST_KEYS
        assert {"name", "number", "score", "max_score", "output", "visibility"} <= set(test)
        assert isinstance(test["name"], str) and test["name"]
        assert isinstance(test["number"], str)
        assert isinstance(test["score"], number) and isinstance(test["max_score"], number)
        assert 0 <= test["score"] <= test["max_score"]
        assert isinstance(test["output"], str) and test["output"]
        assert test["output_format"] in FORMATS and test["visibility"] in VISIBILITIES
        assert isinstance(test.get("extra_data", {}), dict)
    assert abs(data["score"] - sum(t["score"] for t in data["tests"])) < 1e-9
    json.dumps(data, allow_nan=False)


def autograde(submission, results, *extra, ref=REF, new_interpreter=False):
    """Run the command the way run_autograder does; returns (exit status, results.json, stdout)."""
    args = ["autograde", "--ref", str(ref), "--submission", str(submission), "--results", str(results), *extra]
    done = (start_interpreter if new_interpreter else run_module)("symcheck", args, timeout=300)
    assert "Traceback" not in done.stdout + done.stderr
    data = json.loads(Path(results).read_text(encoding="utf-8")) if Path(results).exists() else None
    return done.returncode, data, done.stdout


def by_question(data):
    return {t["extra_data"]["question"]: t for t in data["tests"]}


def test_right_answers_get_every_point(tmp_path):
    code, data, stdout = autograde(EXAMPLE / "submissions" / "right", tmp_path / "results.json",
                                   new_interpreter=True)
    assert code == 0
    check_results(data, 3)
    assert data["score"] == 4.5
    tests = by_question(data)
    assert [t["number"] for t in data["tests"]] == ["1", "2", "3"]
    assert tests["ridge"]["max_score"] == 2 and tests["grad"]["max_score"] == 1.5 and tests["trace"]["max_score"] == 1
    assert all(t["score"] == t["max_score"] for t in data["tests"])
    assert all(t["output"].startswith("**Correct") for t in data["tests"])
    assert data["visibility"] == "after_due_date"                       # the assignment's visibility
    assert tests["ridge"]["visibility"] == "visible"                    # the question's own
    assert tests["grad"]["visibility"] == "after_due_date"              # inherited
    assert data["stdout_visibility"] == "hidden"
    assert "answers.md" in data["output"] and "ridge: equivalent" in stdout


def test_wrong_answers_get_the_hint_and_an_exact_counterexample(tmp_path):
    code, data, _ = autograde(EXAMPLE / "submissions" / "wrong", tmp_path / "results.json")
    assert code == 0
    check_results(data, 3)
    tests = by_question(data)
    assert data["score"] == 2 and tests["ridge"]["score"] == 2
    grad = tests["grad"]
    assert grad["score"] == 0 and grad["extra_data"]["verdict"] == "not_equivalent"
    assert "**Hint:** off by a factor 2" in grad["output"]
    assert "your answer = -2" in grad["output"] and "reference   = -1" in grad["output"]
    assert "A = [[" in tests["trace"]["output"]                         # a matrix, written as rows


def test_unparseable_and_missing_questions(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "answers.txt").write_text("ridge: \\frac{1}{\n", encoding="utf-8")
    code, data, _ = autograde(sub, tmp_path / "results.json")
    assert code == 0
    check_results(data, 3)
    tests = by_question(data)
    assert tests["ridge"]["extra_data"]["verdict"] == "unparseable" and tests["ridge"]["score"] == 0
    assert "could not be read as a formula" in tests["ridge"]["output"] and "never closed" in tests["ridge"]["output"]
    for qid in ("grad", "trace"):
        assert tests[qid]["extra_data"]["state"] == MISSING and "No answer was found" in tests[qid]["output"]
    assert "Not answered: `grad`, `trace`" in data["output"]


def test_hostile_submission_is_graded_without_leaking_anything(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "answers.md").write_text(
        "ridge: \\input{/etc/passwd}\n"
        "grad: x^{10^{10^{10}}}\n"
        "trace: $<script>alert(1)</script>$ ``` **bold** \x1b[31m\n", encoding="utf-8")
    (sub / "link.txt").symlink_to(REF)                  # the autograder's own reference file
    os.mkfifo(sub / "pipe.json")
    (sub / "deep.json").write_text("[" * 50_000)
    code, data, _ = autograde(sub, tmp_path / "results.json")
    assert code == 0
    check_results(data, 3)
    text = json.dumps(data)
    assert REFERENCE_RIDGE.replace("\\", "\\\\") not in text and "\\u001b" not in text
    tests = by_question(data)
    assert tests["ridge"]["extra_data"]["verdict"] == "rejected" and "TeX file or shell access" in tests["ridge"]["output"]
    assert tests["grad"]["score"] == 0
    assert tests["trace"]["score"] == 0 and "```\n" in tests["trace"]["output"]
    assert "read answers.md only" in data["output"]


@pytest.mark.parametrize("make", ["nothing", "empty folder", "empty file", "not utf-8", "too big", "pdf only"])
def test_empty_or_unreadable_submissions_still_get_a_valid_results_file(tmp_path, make):
    sub = tmp_path / "submission"
    if make != "nothing":
        sub.mkdir()
    if make == "empty file":
        (sub / "answers.md").write_text("")
    elif make == "not utf-8":
        (sub / "answers.txt").write_bytes("ridge: \xe9\xff\n".encode("latin-1"))
    elif make == "too big":
        (sub / "answers.txt").write_bytes(b"ridge: x\n" * 200_000)
    elif make == "pdf only":
        (sub / "hw2.pdf").write_bytes(b"%PDF-1.4")
    code, data, _ = autograde(sub, tmp_path / "out" / "results.json")
    assert code == 0
    check_results(data, 3)
    assert data["score"] == 0
    assert "No answers were found in your submission" in data["output"]
    expected = {"nothing": "no submission was found", "empty folder": "no answer file was found",
                "empty file": "answers.md is empty", "not utf-8": "is not UTF-8 text",
                "too big": "is too large", "pdf only": "found only: hw2.pdf"}[make]
    assert expected in data["output"]


def test_a_broken_reference_is_the_staffs_problem_not_the_students(tmp_path):
    bad_question = tmp_path / "hw.ref"
    bad_question.write_text(REF.read_text(encoding="utf-8").replace(r"\operatorname{tr}(A B)", r"\frac{A}{"),
                            encoding="utf-8")
    code, data, stdout = autograde(EXAMPLE / "submissions" / "right", tmp_path / "r1.json", ref=bad_question)
    assert code == 2
    check_results(data, 3)
    trace = by_question(data)["trace"]
    assert trace["extra_data"]["state"] == "reference_error" and "not your answer's fault" in trace["output"]
    assert "\\frac{A}{" not in json.dumps(data) and "trace: reference_error" in stdout
    missing = tmp_path / "missing.ref"
    code, data, stdout = autograde(EXAMPLE / "submissions" / "right", tmp_path / "r2.json", ref=missing)
    assert code == 2 and "cannot be used" in stdout
    check_results(data, 0)
    assert "autograder failed" in data["output"]


def test_unwritable_results_path_is_a_usage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, data, _ = autograde(EXAMPLE / "submissions" / "right", blocker / "results.json")
    assert code == 2 and data is None


def test_questions_left_when_the_time_budget_is_spent_are_marked_not_graded(tmp_path):
    code, data, _ = autograde(EXAMPLE / "submissions" / "right", tmp_path / "results.json", "--time-budget", "0.5")
    assert code == 0
    check_results(data, 3)
    assert data["score"] == 0
    assert all(t["extra_data"]["state"] == "out_of_time" and "ran out of time" in t["output"] for t in data["tests"])


def test_results_are_valid_before_and_during_grading():
    """The file written before the first check (all pending) is already a valid results.json."""
    assignment = read_assignment(REF)
    snapshots = []
    sub = Submission(answers={"ridge": REFERENCE_RIDGE, "trace": "tr(BA)"}, files=["answers.md"])
    grade_submission(assignment, sub.answers, timeout=10,
                     on_progress=lambda rs: snapshots.append(results_json(assignment, rs, sub, 0.0)))
    assert len(snapshots) == 3          # before grading, after ridge, after trace (grad is missing)
    first = snapshots[0]
    check_results(first, 3)
    states = [t["extra_data"]["state"] for t in first["tests"]]
    assert states == [PENDING, MISSING, PENDING] and "stopped before reaching" in first["tests"][0]["output"]
    assert "Grading is still running" in first["output"]
    check_results(snapshots[-1], 3)
    assert snapshots[-1]["score"] == 3          # ridge (2 points) and trace (1 point)


# ---- the files of docs/gradescope.md -----------------------------------------------------------------------

def test_the_scripts_are_valid_bash_and_are_quoted_verbatim_in_the_docs():
    doc = (ROOT / "docs" / "gradescope.md").read_text(encoding="utf-8")
    for name in ("setup.sh", "run_autograder", "make_autograder.sh", "hw.ref"):
        text = (EXAMPLE / name).read_text(encoding="utf-8")
        assert text.strip() in doc, f"docs/gradescope.md does not quote examples/gradescope/{name}"
        if name != "hw.ref":
            assert subprocess.run(["bash", "-n", str(EXAMPLE / name)]).returncode == 0
            assert os.access(EXAMPLE / name, os.X_OK)


def test_make_autograder_puts_everything_at_the_root_of_the_zip(tmp_path):
    wheel = tmp_path / "symcheck-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"not really a wheel")
    out = tmp_path / "autograder.zip"
    done = subprocess.run(["bash", str(EXAMPLE / "make_autograder.sh"), str(out)], capture_output=True, text=True,
                          env={**os.environ, "SYMCHECK_WHEEL": str(wheel)}, timeout=120)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as archive:
        names = sorted(archive.namelist())
        assert names == ["hw.ref", "run_autograder", "setup.sh", "symcheck-0.1.0-py3-none-any.whl"]
        mode = archive.getinfo("run_autograder").external_attr >> 16
        assert mode & stat.S_IXUSR
