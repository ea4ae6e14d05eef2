"""PrairieLearn: `grade` on PrairieLearn-shaped `data` dictionaries (through the example's server.py), and the
external grader run on a grading-job folder.

Formats: https://docs.prairielearn.com/question/server/ (the `data` dictionary) and
https://docs.prairielearn.com/externalGrading/ (job layout, results.json).
"""
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from forked_cli import new_interpreter as start_interpreter, run_module  # tests/forked_cli.py
from symcheck.prairielearn import grade
from symcheck.prairielearn.question import as_html, overall_score

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "prairielearn"
RIDGE = r"(X^\top X + \lambda I)^{-1} X^\top y"
DECLARE = "X: n×d, y: n, lambda > 0"
# The keys PrairieLearn passes to server.py's grade(); it rejects a data dictionary with any other key.
GRADE_KEYS = {"params", "correct_answers", "submitted_answers", "format_errors", "partial_scores", "score",
              "feedback", "variant_seed", "options", "raw_submitted_answers", "gradable"}


def pl_data(answers: dict, partial_scores: dict | None = None) -> dict:
    """The data dictionary as PrairieLearn hands it to server.py's grade() (after the elements graded)."""
    return {"params": {}, "correct_answers": {}, "submitted_answers": dict(answers), "format_errors": {},
            "partial_scores": dict(partial_scores or {}), "score": 0.0, "feedback": {}, "variant_seed": 1,
            "options": {}, "raw_submitted_answers": dict(answers), "gradable": True}


def check_data(data: dict) -> None:
    """What PrairieLearn checks after grade(): same keys, right types, JSON without NaN."""
    assert set(data) == GRADE_KEYS
    assert isinstance(data["score"], float) and 0.0 <= data["score"] <= 1.0
    for name, part in data["partial_scores"].items():
        assert isinstance(part["score"], float) and 0.0 <= part["score"] <= 1.0
        assert isinstance(part.get("weight", 1), int)
        assert isinstance(part.get("feedback", ""), str)
    assert all(isinstance(v, str) for v in data["format_errors"].values())
    assert all(isinstance(v, str) for v in data["feedback"].values())
    json.dumps(data, allow_nan=False)


def example_server():
    spec = importlib.util.spec_from_file_location("example_server", EXAMPLE / "questions" / "symcheckRidge" /
                                                  "server.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("answer, score, format_error, says", [
    (r"X^\top (X X^\top + \lambda I)^{-1} y", 1.0, False, "Correct"),
    (r"2(X^\top X + \lambda I)^{-1} X^\top y", 0.0, False, "off by a factor 2"),
    (r"y^\top X (X^\top X + \lambda I)^{-1}", 0.0, False, "shapes do not match"),
    (r"\frac{1}{", 0.0, True, "could not be read as a formula"),
    ("", 0.0, True, "No answer"),
    (None, 0.0, True, "No answer"),
    (["not", "text"], 0.0, True, "refused"),
    (r"\input{/etc/passwd}", 0.0, True, "TeX file or shell access"),
    ("x^{10^{10^{10}}}", 0.0, True, "could not be read"),
])
def test_the_example_server_py_grades_pl_data(answer, score, format_error, says):
    data = pl_data({"ridge": answer})
    example_server().grade(data)
    check_data(data)
    assert data["partial_scores"]["ridge"]["score"] == score and data["score"] == score
    assert data["partial_scores"]["ridge"]["weight"] == 1
    assert says in data["feedback"]["ridge"]
    assert ("ridge" in data["format_errors"]) == format_error


def test_feedback_has_the_hint_and_the_counterexample():
    data = pl_data({"ridge": r"2(X^\top X + \lambda I)^{-1} X^\top y"})
    grade(data, ref=RIDGE, declare=DECLARE, name="ridge")
    text = data["feedback"]["ridge"]
    assert "Hint: off by a factor 2" in text and "your answer = 1" in text and "reference   = 1/2" in text
    assert "<pre>" in data["partial_scores"]["ridge"]["feedback"]


def test_html_in_an_answer_is_escaped_wherever_it_could_be_read_as_html():
    data = pl_data({"ridge": "<img src=x onerror=alert(1)> X^T y"})
    grade(data, ref=RIDGE, declare=DECLARE, name="ridge")
    check_data(data)
    for text in (data["format_errors"].get("ridge", ""), data["partial_scores"]["ridge"]["feedback"]):
        assert "<img" not in text
    assert "&lt;img" in data["partial_scores"]["ridge"]["feedback"]
    assert as_html("a <b>\n    x & y") == "a &lt;b&gt;<br><pre>x &amp; y</pre>"


def test_the_score_is_recomputed_over_every_partial_score_as_prairielearn_does():
    # another element already graded "other" (weight 3); ridge is right (weight 1): (3*0 + 1*1) / 4
    data = pl_data({"ridge": r"X^\top (X X^\top + \lambda I)^{-1} y"}, {"other": {"score": 0.0, "weight": 3}})
    grade(data, ref=RIDGE, declare=DECLARE, name="ridge")
    assert data["score"] == 0.25
    data = pl_data({"ridge": r"X^\top (X X^\top + \lambda I)^{-1} y"}, {"other": {"score": 0.5, "weight": 3}})
    grade(data, ref=RIDGE, declare=DECLARE, name="ridge", weight=2, overall="all_or_nothing")
    assert data["score"] == 0.0 and data["partial_scores"]["ridge"]["weight"] == 2
    data = pl_data({"ridge": r"X^\top (X X^\top + \lambda I)^{-1} y"})
    data["score"] = 0.125
    grade(data, ref=RIDGE, declare=DECLARE, name="ridge", overall=None)
    assert data["score"] == 0.125 and data["partial_scores"]["ridge"]["score"] == 1.0
    assert overall_score({}) == 0.0 and overall_score({"a": {"score": None}, "b": {"score": 1, "weight": 0}}) == 0.0


def test_several_answers_of_one_question():
    data = pl_data({"ridge": RIDGE, "grad": "X^T X w"})
    grade(data, ref=RIDGE, declare=DECLARE, name="ridge")
    grade(data, ref=r"X^\top (X w - y)", declare="X: n×d, y: n, w: d", name="grad", layout="denominator")
    check_data(data)
    assert data["partial_scores"]["ridge"]["score"] == 1.0 and data["partial_scores"]["grad"]["score"] == 0.0
    assert data["score"] == 0.5


def test_course_errors_raise_and_student_input_never_does():
    with pytest.raises(ValueError, match="reference answer cannot be used"):
        grade(pl_data({"ridge": "x"}), ref=r"\frac{", declare=DECLARE, name="ridge")
    with pytest.raises(ValueError, match="weight"):
        grade(pl_data({"ridge": "x"}), ref=RIDGE, declare=DECLARE, name="ridge", weight=0.5)
    with pytest.raises(ValueError, match="overall"):
        grade(pl_data({"ridge": "x"}), ref=RIDGE, declare=DECLARE, name="ridge", overall="sum")
    data = pl_data({})
    grade(data, ref=RIDGE, declare=DECLARE, name="ridge")         # the answer is not there at all
    check_data(data)
    assert "ridge" in data["format_errors"]


def test_importing_the_module_is_cheap_and_silent():
    code = ("import sys, threading, signal\nbefore = signal.getsignal(signal.SIGCHLD)\n"
            "import symcheck.prairielearn\n"
            "mods = sorted(m for m in sys.modules if m.startswith(('symcheck', 'sympy', 'z3', 'flint')))\n"
            "print(mods, threading.active_count(), signal.getsignal(signal.SIGCHLD) == before)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.strip() == "['symcheck', 'symcheck.prairielearn'] 1 True"


# ---- the external grader -----------------------------------------------------------------------------------

def make_job(tmp_path: Path, submitted: dict | None = None, files: dict | None = None) -> Path:
    """A grading-job folder laid out as PrairieLearn documents it."""
    job = tmp_path / "grade"
    (job / "data").mkdir(parents=True)
    (job / "student").mkdir()
    (job / "tests").mkdir()
    (job / "tests" / "hw.ref").write_bytes((EXAMPLE / "questions" / "symcheckHomework" / "tests" / "hw.ref")
                                           .read_bytes())
    if submitted is not None:
        (job / "data" / "data.json").write_text(json.dumps(pl_data(submitted)), encoding="utf-8")
    for name, text in (files or {}).items():
        (job / "student" / name).write_text(text, encoding="utf-8")
    return job


def external(job: Path, *extra, ref=None, new_interpreter=False):
    """`python -m symcheck.prairielearn` on the job: in a new interpreter (as PrairieLearn's container starts it)
    or in a fork of the test process, which has SymPy loaded already (tests/forked_cli.py)."""
    args = ["--ref", str(ref or job / "tests" / "hw.ref"), "--job", str(job), *extra]
    done = (start_interpreter if new_interpreter else run_module)("symcheck.prairielearn", args, timeout=300)
    assert "Traceback" not in done.stdout + done.stderr
    results = job / "results" / "results.json"
    assert results.stat().st_size < 1_000_000                      # PrairieLearn's limit
    return done.returncode, json.loads(results.read_text(encoding="utf-8")), done.stderr


def check_pl_results(data: dict) -> None:
    """The documented fields of PrairieLearn's results.json, with their types."""
    assert isinstance(data["gradable"], bool) and isinstance(data["message"], str)
    if not data["gradable"]:
        errors = data["format_errors"]
        assert isinstance(errors, list) and errors and all(isinstance(e, str) for e in errors)
        return
    assert isinstance(data["score"], float) and 0.0 <= data["score"] <= 1.0
    for test in data["tests"]:
        assert isinstance(test["name"], str) and isinstance(test["message"], str)
        assert isinstance(test["points"], float) and isinstance(test["max_points"], float)
        assert 0 <= test["points"] <= test["max_points"]
        assert isinstance(test.get("output", ""), str) and isinstance(test.get("description", ""), str)
    total = sum(t["max_points"] for t in data["tests"])
    assert abs(data["score"] - sum(t["points"] for t in data["tests"]) / total) < 1e-9


def test_external_grader_on_submitted_answers(tmp_path):
    job = make_job(tmp_path, {"ridge": r"X^\top (X X^\top + \lambda I)^{-1} y", "grad": r"2X^\top(Xw - y)"})
    code, data, _ = external(job, new_interpreter=True)
    assert code == 0
    check_pl_results(data)
    assert data["gradable"] is True and data["score"] == pytest.approx(2 / 3)
    ridge, grad = data["tests"]
    assert ridge["points"] == 2 and ridge["max_points"] == 2 and ridge["message"].startswith("Correct")
    assert grad["points"] == 0 and "off by a factor 2" in grad["output"] and "your answer = -2" in grad["output"]
    assert grad["description"].startswith("Gradient")


def test_external_grader_on_student_files(tmp_path):
    job = make_job(tmp_path, {"_files": []}, files={"answers.md": "ridge: $" + RIDGE + "$\n"})
    code, data, _ = external(job)
    assert code == 0
    check_pl_results(data)
    assert data["score"] == pytest.approx(2 / 3) and "not answered: grad" in data["output"]


@pytest.mark.parametrize("submitted, files, says", [
    ({"ridge": r"\frac{1}{", "grad": "X^T(Xw-y)"}, None, "ridge: Your answer could not be read"),
    ({"ridge": r"\input{/etc/passwd}"}, None, "TeX file or shell access"),
    ({}, None, "No answers were found"),
    (None, None, "No answers were found"),
    (None, {"answers.md": ""}, "answers.md is empty"),
])
def test_unreadable_or_missing_answers_are_not_gradable(tmp_path, submitted, files, says):
    code, data, _ = external(make_job(tmp_path, submitted, files))
    assert code == 0
    check_pl_results(data)
    assert data["gradable"] is False and "score" not in data
    assert says in " ".join(data["format_errors"])


def test_a_broken_data_json_falls_back_to_the_files(tmp_path):
    job = make_job(tmp_path, None, files={"answers.json": json.dumps({"ridge": RIDGE, "grad": "X^T(Xw - y)"})})
    (job / "data" / "data.json").write_text("[" * 100_000)
    code, data, _ = external(job)
    assert code == 0 and data["score"] == 1.0
    assert "data.json could not be read" in data["output"]


def test_external_grader_reference_errors(tmp_path):
    job = make_job(tmp_path, {"ridge": RIDGE})
    code, data, stderr = external(job, ref=tmp_path / "missing.ref")
    assert code == 2 and data["gradable"] is False and "misconfigured" in data["format_errors"][0]
    broken = tmp_path / "broken.ref"
    broken.write_text("[ridge]\ndeclare: X: n×d, y: n, lambda > 0\nanswer: \\frac{X}{\n", encoding="utf-8")
    code, data, stderr = external(job, ref=broken)
    assert code == 2 and "ridge" in stderr and "\\frac{X}{" not in stderr + json.dumps(data)
    assert data["tests"][0]["message"].startswith("Not graded: the reference")


def test_the_example_question_files_are_valid():
    for question in ("symcheckRidge", "symcheckHomework"):
        info = json.loads((EXAMPLE / "questions" / question / "info.json").read_text(encoding="utf-8"))
        assert {"uuid", "title", "topic", "type"} <= set(info) and info["type"] == "v3"
    external_options = json.loads((EXAMPLE / "questions" / "symcheckHomework" / "info.json").read_text())
    assert external_options["gradingMethod"] == "External"
    assert external_options["externalGradingOptions"]["entrypoint"].endswith("--ref /grade/tests/hw.ref")
    html = (EXAMPLE / "questions" / "symcheckHomework" / "question.html").read_text(encoding="utf-8")
    from symcheck.grade.reference import read_reference
    ids = read_reference(EXAMPLE / "questions" / "symcheckHomework" / "tests" / "hw.ref")
    assert all(f'answers-name="{qid}"' in html for qid in ids)


def test_the_docs_quote_the_example_files():
    doc = (ROOT / "docs" / "prairielearn.md").read_text(encoding="utf-8")
    for path in ("questions/symcheckRidge/info.json", "questions/symcheckRidge/question.html",
                 "questions/symcheckRidge/server.py", "questions/symcheckHomework/info.json",
                 "questions/symcheckHomework/question.html", "questions/symcheckHomework/tests/hw.ref",
                 "grader/Dockerfile"):
        assert (EXAMPLE / path).read_text(encoding="utf-8").strip() in doc, path
