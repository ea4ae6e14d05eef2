"""`symcheck check` and `symcheck grade` end to end: output, JSON and exit statuses."""
import csv
import json

import pytest

from forked_cli import new_interpreter, run_module  # tests/forked_cli.py
from symcheck.cli import main

RIDGE = ["--ref", r"(X^\top X + \lambda I)^{-1} X^\top y", "--declare", "X: n×d, y: n, lambda>0"]


@pytest.mark.parametrize("answer, status, code", [
    (r"X^\top (X X^\top + \lambda I)^{-1} y", "equivalent", 0),
    (r"2(X^\top X + \lambda I)^{-1} X^\top y", "not_equivalent", 1),
    (r"y^\top X", "ill_typed", 1),
    (r"\frac{1}{", "unparseable", 2),
    (r"\input{/etc/passwd}", "rejected", 2),
])
def test_check_json_and_exit_status(capsys, answer, status, code):
    assert main(["check", *RIDGE, "--json", answer]) == code
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == status
    if status == "not_equivalent":
        assert out["hint"] == "off by a factor 2: twice the reference" and out["counterexample"]["dims"]


def test_check_text_output_shows_hint_and_reading(capsys):
    assert main(["check", *RIDGE, r"-(X^\top X + \lambda I)^{-1} X^\top y"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("not equivalent") and "hint: sign" in out and "read as:" in out


def test_check_usage_errors(capsys):
    assert main(["check", "x"]) == 2
    assert main(["check", "--ref", r"\frac{", "x"]) == 2
    assert "reference cannot be used" in capsys.readouterr().err


def test_check_with_a_reference_file(tmp_path, capsys):
    ref = tmp_path / "hw.ref"
    ref.write_text("[g]\ndeclare: X: n×d, y: n, w: d\nanswer: X^\\top(Xw - y)\n", encoding="utf-8")
    assert main(["check", "--ref-file", str(ref), "--question", "g", "X^T X w - X^T y"]) == 0
    assert main(["check", "--ref-file", str(ref), "--question", "zz", "x"]) == 2


def test_grade_command_summary_exports_and_resume(tmp_path):
    ref = tmp_path / "hw.ref"
    ref.write_text("[g]\ndeclare: X: n×d, y: n, w: d\nanswer: X^\\top(Xw - y)\n", encoding="utf-8")
    answers = tmp_path / "a.csv"
    answers.write_text("student,question,answer\na,g,X^TXw-X^Ty\nb,g,X^T(y-Xw)\nc,g,X^TXw-X^Ty\n", encoding="utf-8")
    db, out_csv, out_html = tmp_path / "g.sqlite", tmp_path / "o.csv", tmp_path / "o.html"
    grade = ["grade", str(ref), str(answers), "--db", str(db), "--jobs", "2", "--export-csv", str(out_csv),
             "--export-html", str(out_html)]
    done = new_interpreter("symcheck", grade + ["--progress"], timeout=120)   # as a user starts it
    assert done.returncode == 0, done.stderr
    assert "answers/s" in done.stderr and "ETA" in done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["question", "correct", "wrong", "unknown", "unparseable", "total"]
    assert lines[2].split() == ["g", "2", "1", "0", "0", "3"]
    with out_csv.open(encoding="utf-8", newline="") as handle:
        assert [r["student"] for r in csv.DictReader(handle)] == ["a", "b", "c"]
    assert out_html.exists()
    again = run_module("symcheck", grade + ["--json"], timeout=120)
    report = json.loads(again.stdout)
    assert report["run"]["graded"] == 0 and report["run"]["already"] == 3


def test_grade_usage_errors(tmp_path, capsys):
    assert main(["grade", str(tmp_path / "missing.ref"), str(tmp_path / "a.csv")]) == 2
    ref = tmp_path / "hw.ref"
    ref.write_text("[g]\nanswer: \\frac{\n", encoding="utf-8")
    answers = tmp_path / "a.csv"
    answers.write_text("student,question,answer\ns1,g,x\n", encoding="utf-8")
    assert main(["grade", str(ref), str(answers), "--db", str(tmp_path / "g.sqlite")]) == 2
    assert "question [g]" in capsys.readouterr().err


# ---- formulas that start with a minus sign are values, not options -------------------------------

@pytest.mark.parametrize("argv, status", [
    (["--ref", "-b/w", "--declare", "b, w: scalar", "-b/w"], "equivalent"),
    (["-b/w", "--ref", "-b/w", "--declare", "b, w: scalar"], "equivalent"),
    (["--ref", "b/w", "--declare", "b, w: scalar", "-b/w"], "not_equivalent"),
    (["--ref=-b/w", "--declare=b, w: scalar", "--", "-b/w"], "equivalent"),
    (["--re", "-b/w", "--decl", "b, w: scalar", "-(b)/w"], None),   # an ambiguous prefix stays an error
    (["--ref", "-x^T y", "--declare", "x, y: n", "--layout", "numerator", "-y^T x"], "equivalent"),
    (["--ref", "-\\lambda", "--declare", "lambda: scalar", "--timeout", "20", "-\\lambda"], "equivalent"),
])
def test_formulas_starting_with_a_minus_are_read_as_formulas(capsys, argv, status):
    if status is None:
        with pytest.raises(SystemExit):
            main(["check", "--json", *argv])
        assert "ambiguous option" in capsys.readouterr().err
        return
    code = main(["check", "--json", *argv])
    assert json.loads(capsys.readouterr().out)["status"] == status
    assert code == (0 if status == "equivalent" else 1)


def test_a_minus_formula_from_the_shell_and_options_still_checked(tmp_path):
    run = run_module("symcheck", ["check", "--ref", "-b/w", "--declare", "b, w: scalar", "-b/w"], timeout=120)
    assert run.returncode == 0 and run.stdout.startswith("equivalent"), run.stderr
    run = run_module("symcheck", ["check", "--ref", "-b/w", "--declare", "b, w: scalar", "--timeout", "-1", "-b/w"],
                     timeout=120)
    assert run.returncode == 2 and "--timeout: must be greater than 0" in run.stderr
