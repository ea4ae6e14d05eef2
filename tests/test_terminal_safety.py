"""Text from files (claim names, sources, messages, question ids, derivation text, references) never
reaches the terminal with control characters: no ANSI/OSC escape works through symcheck's reports."""
import json
import os
import subprocess
import sys

import pytest

from forked_cli import run_module  # tests/forked_cli.py

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31m\x9b1m\r"


def symcheck(*args, cwd, stdin=None):
    """`symcheck ARGS` in a fork of this process, which has SymPy loaded already (tests/forked_cli.py)."""
    return run_module("symcheck", list(args), cwd=cwd, input=stdin, timeout=240)


def assert_clean(text: str) -> None:
    assert not any(c in text for c in "\x1b\x07\x9b\r"), repr(text[:400])


@pytest.mark.parametrize("verbose", [[], ["--verbose"]])
def test_run_reports_show_no_control_characters_from_claim_files(tmp_path, verbose):
    folder = tmp_path / "claims"
    folder.mkdir()
    (folder / "names.py").write_text(
        "from sympy import symbols\nfrom symcheck import Claim\nx = symbols('x')\n"
        f"c = Claim({ESCAPES + 'name'!r}, x * x, 2 * x, expect='proved', source={ESCAPES + 'source'!r})\n"
        f"d = Claim({ESCAPES + 'bad relation'!r}, x, x, relation={ESCAPES!r})\n")
    (folder / f"file{ESCAPES}.py").write_text(f"raise ValueError({ESCAPES + 'message'!r})\n")
    run = symcheck("run", str(folder), "--no-progress", *verbose, cwd=tmp_path)
    assert run.returncode == 1
    assert "name" in run.stdout and "source" in run.stdout and "message" in run.stdout
    assert_clean(run.stdout)
    assert_clean(run.stderr)


def test_grade_summary_and_warnings_show_no_control_characters(tmp_path):
    ref = tmp_path / "hw.ref"
    ref.write_text("[g]\ndeclare: x: scalar\nanswer: x\n", encoding="utf-8")
    answers = tmp_path / "a.csv"
    answers.write_text(f'student,question,answer\ns1,"{ESCAPES}q",x\ns2,g,x\n', encoding="utf-8")
    run = symcheck("grade", str(ref), str(answers), "--db", str(tmp_path / "g.sqlite"), "--no-progress", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "pwned" in run.stdout
    assert_clean(run.stdout)
    assert_clean(run.stderr)


def test_check_and_its_errors_show_no_control_characters(tmp_path):
    run = symcheck("check", "--ref", f"x{ESCAPES}", "--declare", "x: scalar", "x", cwd=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert_clean(run.stderr)
    run = symcheck("check", "--ref-file", str(tmp_path / "none.ref"), "--question", ESCAPES, "x", cwd=tmp_path)
    assert_clean(run.stderr)


def test_verify_shows_no_control_characters_from_the_derivation(tmp_path):
    doc = tmp_path / "d.md"
    doc.write_text(f"# t\n```symcheck\nx: scalar\n```\n\n$$x {ESCAPES} = x$$\n\n$$x + 1 = x$$\n", encoding="utf-8")
    run = symcheck("verify", str(doc), "--show-parse", cwd=tmp_path)
    assert_clean(run.stdout)
    assert_clean(run.stderr)


def test_text_that_is_not_valid_unicode_never_stops_a_report(tmp_path):
    folder = tmp_path / "claims"
    folder.mkdir()
    (folder / "s.py").write_text('from sympy import symbols\nfrom symcheck import Claim\nx = symbols("x")\n'
                                 'c = Claim("bad \\udcff name", x, x)\n', encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    for extra in ([], ["--json"]):
        run = subprocess.run([sys.executable, "-m", "symcheck", "run", str(folder), *extra], capture_output=True,
                             text=True, timeout=240, env=env)
        assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
        if extra:
            assert json.loads(run.stdout)["results"][0]["name"] == "bad \udcff name"
        else:
            assert "bad \ufffd name" in run.stdout
