"""Grading never loses the rest for one bad row, never outlives itself, never grades twice, and writes
files that are safe to open: deep JSON rows, killed runs, concurrent runs, formula cells, encodings."""
import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from forked_cli import run_module  # tests/forked_cli.py
from symcheck.grade import export_csv, grade_file, read_answers, results_of
from symcheck.grade.export import FORMULA_STARTS, spreadsheet_safe

REFERENCE = "[g]\ndeclare: X: n×d, y: n, w: d\nanswer: X^\\top(Xw - y)\n"
DISTINCT = [rf"{k} X^T X w - {k} X^T y" for k in range(1, 7)]

# `symcheck grade` whose every check records (worker pid, parent pid, answer), then waits for a "go" file.
# A warm worker checks answer after answer: one record file per check, named "<worker pid>_<n>".
SLOW_GRADE = textwrap.dedent("""
    import itertools, os, sys, time
    import symcheck.grade.batch as batch
    real = batch.check_in_process
    record, go = sys.argv[1], sys.argv[2]
    count = itertools.count()

    def slow(question, answer, timeout):
        with open(os.path.join(record, f"{os.getpid()}_{next(count)}"), "w") as f:
            f.write(f"{os.getppid()}\\n{answer}")
        while not os.path.exists(go):
            time.sleep(0.05)
        return real(question, answer, timeout)
    batch.check_in_process = slow
    from symcheck.cli import main
    sys.exit(main(sys.argv[3:]))
""")


@pytest.fixture
def homework(tmp_path):
    ref = tmp_path / "hw.ref"
    ref.write_text(REFERENCE, encoding="utf-8")
    answers = tmp_path / "a.csv"
    answers.write_text("student,question,answer\n" + "".join(f's{i},g,"{a}"\n' for i, a in enumerate(DISTINCT)),
                       encoding="utf-8")
    record = tmp_path / "checks"
    record.mkdir()
    return ref, answers, tmp_path / "g.sqlite", record


def slow_grade(homework, *extra, stderr=subprocess.PIPE):
    """`symcheck grade` on the homework whose checks wait until `go()` is called."""
    ref, answers, db, record = homework
    return subprocess.Popen([sys.executable, "-c", SLOW_GRADE, str(record), str(record.parent / "go"), "grade",
                             str(ref), str(answers), "--db", str(db), "--jobs", "2", "--timeout", "600",
                             "--no-progress", *extra], stdout=subprocess.PIPE, stderr=stderr, text=True)


def go(homework):
    (homework[3].parent / "go").touch()


def wait_for(condition, seconds=120.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end and not condition():
        time.sleep(0.1)
    return condition()


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(") ")[-1][0] != "Z"
    except FileNotFoundError:
        return False


# ---- 10: a row nested too deeply is rejected on its own ----------------------------------------

@pytest.mark.parametrize("field, value, rejected", [
    ("student", [[["a"]]], True), ("student", {"id": 1}, True), ("student", True, True),
    ("question", ["g"], True), ("student", 123, False), ("student", 4.5, False), ("student", None, False)])
def test_a_student_or_question_that_is_not_a_string_or_number_is_rejected(tmp_path, field, value, rejected):
    """Whatever the JSON nesting limit of the process: a list, object or boolean id is a rejected row
    (a depth-1000 list as the student used to be read as the id "[[[...]]]" when it parsed)."""
    record = {"student": "a", "question": "g", "answer": "x"}
    record[field] = value
    answers = tmp_path / "a.jsonl"
    answers.write_text(json.dumps(record), encoding="utf-8")
    (row,) = read_answers(answers)
    assert bool(row.problem) == rejected, row
    if not rejected:
        assert row.student == ("" if value is None else str(value))


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_a_deeply_nested_json_row_is_rejected_and_the_rest_are_graded(tmp_path, depth):
    ref = tmp_path / "hw.ref"
    ref.write_text(REFERENCE, encoding="utf-8")
    deep = "[" * depth + "]" * depth
    lines = [json.dumps({"student": "a", "question": "g", "answer": "X^TXw - X^Ty"}),
             '{"student": "b", "question": "g", "answer": ' + deep + "}",
             deep,
             '{"student": ' + deep + ', "question": "g", "answer": "x"}',
             json.dumps({"student": "c", "question": "g", "answer": "Xw - y"})]
    answers = tmp_path / "a.jsonl"
    answers.write_text("\n".join(lines), encoding="utf-8")
    rows = read_answers(answers)
    assert [bool(r.problem) for r in rows] == [False, True, True, True, False]
    grade_file(ref, answers, tmp_path / "g.sqlite", jobs=1, timeout=30)
    status = {r["row_number"]: r["status"] for r in results_of(tmp_path / "g.sqlite")}
    assert status == {1: "equivalent", 2: "rejected", 3: "rejected", 4: "rejected", 5: "ill_typed"}


# ---- 11: workers die with the grade process ----------------------------------------------------

@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_killing_grade_kills_its_workers(homework, how):
    record = homework[3]
    proc = slow_grade(homework)
    assert wait_for(lambda: len(list(record.iterdir())) >= 2), proc.stderr.read() if proc.poll() else ""
    workers = {int(p.name.split("_")[0]) for p in record.iterdir()}
    assert all(alive(p) for p in workers)
    proc.send_signal(how)
    proc.wait(30)
    assert wait_for(lambda: not any(alive(p) for p in workers), 30)


# ---- 12: a second grade on the same database refuses, or waits; nothing is checked twice -------

def test_a_second_grade_on_the_same_db_refuses_and_one_with_wait_redoes_nothing(homework, tmp_path):
    ref, answers, db, record = homework
    first = slow_grade(homework)
    assert wait_for(lambda: len(list(record.iterdir())) >= 1)
    second = slow_grade(homework)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 75 and "refuses to start" in err and "--wait" in err and f"pid {first.pid}" in err
    log = tmp_path / "third.err"
    with log.open("w") as handle:
        third = slow_grade(homework, "--wait", stderr=handle)
        assert wait_for(lambda: "waiting for the other symcheck grade" in log.read_text())
        go(homework)
        third.wait(300)
        first.communicate(timeout=300)
    assert first.returncode == 0 and third.returncode == 0, log.read_text()
    checked = [p.read_text().split("\n", 1) for p in record.iterdir()]
    answers_checked = [answer for _, answer in checked]                       # (normalised texts)
    assert len(answers_checked) == len(set(answers_checked)) == len(DISTINCT)  # each answer checked once
    assert {int(parent) for parent, _ in checked} == {first.pid}
    with sqlite3.connect(db) as con:
        ids = [r[0] for r in con.execute("SELECT answer_id FROM verdicts")]
    assert len(ids) == len(set(ids)) == len(DISTINCT)


def test_the_lock_is_released_when_its_holder_is_killed(homework):
    ref, answers, db, record = homework
    first = slow_grade(homework)
    assert wait_for(lambda: len(list(record.iterdir())) >= 1)
    first.kill()
    first.wait(30)
    report = grade_file(ref, answers, db, jobs=2, timeout=60)
    assert report.graded + report.already == len(DISTINCT)


# ---- 13: CSV exports are safe to open in a spreadsheet -----------------------------------------

@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://evil\",\"x\")", "+cmd|' /C calc'!A0", "@SUM(A1:A9)",
                                  "-2+3", "\t=1+1", "\r=1+1", "=1+1"])
def test_cells_a_spreadsheet_would_run_are_neutralised(tmp_path, cell):
    row = {"student": cell, "question": cell, "answer": cell, "status": "not_equivalent", "hint": cell,
           "detail": cell, "counterexample_text": cell, "parsed": cell, "source": cell, "row_number": 3}
    path = tmp_path / "out.csv"
    export_csv([row], path)
    with path.open(newline="", encoding="utf-8") as handle:
        written = next(csv.DictReader(handle))
    for field in ("student", "question", "answer", "hint", "detail", "counterexample", "parsed", "source"):
        assert written[field] == "'" + cell
        assert not written[field].startswith(FORMULA_STARTS)
    assert written["row_number"] == "3" and written["correct"] == "0"


def test_ordinary_cells_are_written_as_they_are():
    for cell in ["X^T y", "2x", "", " =spaces first", "a=b", "(X^TX)^{-1}"]:
        assert spreadsheet_safe(cell) == cell
    assert spreadsheet_safe(5) == 5


# ---- 15: an answers file that is not UTF-8 stops with a clear message (or is read as told) -----

@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_file_that_is_not_utf8_is_refused_with_its_line_or_read_with_encoding(tmp_path, suffix):
    ref = tmp_path / "hw.ref"
    ref.write_text(REFERENCE, encoding="utf-8")
    answers = tmp_path / f"a{suffix}"
    text = ("student,question,answer\nRené,g,X^TXw-X^Ty\n" if suffix == ".csv" else
            json.dumps({"student": "René", "question": "g", "answer": "X^TXw-X^Ty"}, ensure_ascii=False) + "\n")
    answers.write_bytes(text.encode("cp1252"))
    with pytest.raises(ValueError, match=r"not utf-8 text: byte 0xe9 at line \d, column \d+ .*--encoding"):
        read_answers(answers)
    run = run_module("symcheck", ["grade", str(ref), str(answers), "--db", str(tmp_path / "g.sqlite")], timeout=120)
    assert run.returncode == 2 and "--encoding" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "g.sqlite").exists() or not results_of(tmp_path / "g.sqlite")
    run = run_module("symcheck", ["grade", str(ref), str(answers), "--db", str(tmp_path / "g.sqlite"),
                                  "--encoding", "cp1252"], timeout=120)
    assert run.returncode == 0, run.stderr
    assert [(r["student"], r["status"]) for r in results_of(tmp_path / "g.sqlite")] == [("René", "equivalent")]


def test_an_unknown_encoding_is_a_usage_error(homework, tmp_path):
    ref, answers, db, _ = homework
    run = run_module("symcheck", ["grade", str(ref), str(answers), "--db", str(db), "--encoding", "klingon"],
                     timeout=120)
    assert run.returncode == 2 and "unknown encoding" in run.stderr


def test_a_byte_order_mark_is_allowed(tmp_path):
    answers = tmp_path / "a.csv"
    answers.write_bytes("student,question,answer\ns,g,x\n".encode("utf-8-sig"))
    assert [(r.student, r.answer) for r in read_answers(answers)] == [("s", "x")]
    assert os.path.getsize(answers) > 0
