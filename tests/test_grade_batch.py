"""Batch grading: every row graded exactly once, identical answers checked once, resumable after SIGKILL."""
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

from symcheck.grade import export_csv, export_html, grade_file, results_of, summary
from symcheck.grade.export import format_summary

REFERENCE = textwrap.dedent(r"""
    # two questions; lambda is shared
    declare: lambda > 0

    [ridge]
    title: ridge solution
    declare: X: n×d, y: n
    answer: (X^\top X + \lambda I)^{-1} X^\top y

    [grad]
    declare: X: n×d, y: n, w: d
    answer: X^\top (X w - y)
""")
ROWS = [
    ("s1", "ridge", r"X^\top (X X^\top + \lambda I)^{-1} y"),
    ("s2", "ridge", r"(X^TX+\lambda I)^{-1}X^Ty"),
    ("s3", "ridge", r"( X^T X + \lambda I )^{-1} X^T y"),      # same as s2 after normalisation
    ("s4", "ridge", r"(X^TX)^{-1}X^Ty"),
    ("s5", "grad", r"X^T X w - X^T y"),
    ("s6", "grad", r"X w - y"),
    ("s7", "grad", r"\frac{1}{"),
    ("s8", "nope", r"x"),
    ("s9", "grad", r"<script>alert(1)</script>"),
]


@pytest.fixture
def files(tmp_path):
    ref = tmp_path / "hw.ref"
    ref.write_text(REFERENCE, encoding="utf-8")
    answers = tmp_path / "answers.csv"
    with answers.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "question", "answer"])
        writer.writerows(ROWS)
    return ref, answers, tmp_path / "grades.sqlite"


def test_grade_a_file_then_resume_grades_nothing_twice(files):
    ref, answers, db = files
    seen = []
    report = grade_file(ref, answers, db, jobs=2, timeout=20, progress=lambda done, total: seen.append((done, total)))
    assert report.graded == len(ROWS) and report.already == 0
    assert report.checks == 7  # s2 and s3 share one check; s8 (no such question) needs none
    assert seen[-1] == (len(ROWS), len(ROWS))
    status = {r["student"]: r["status"] for r in results_of(db)}
    assert status == {"s1": "equivalent", "s2": "equivalent", "s3": "equivalent", "s4": "not_equivalent",
                      "s5": "equivalent", "s6": "ill_typed", "s7": "unparseable", "s8": "rejected",
                      "s9": "unparseable"}
    again = grade_file(ref, answers, db, jobs=2, timeout=20)
    assert again.graded == 0 and again.already == len(ROWS) and again.checks == 0


def test_identical_answers_are_checked_once_and_cached_across_files(files, tmp_path):
    ref, answers, db = files
    grade_file(ref, answers, db, jobs=1, timeout=20)
    second = tmp_path / "late.jsonl"
    second.write_text("\n".join(json.dumps({"student": s + "-late", "question": q, "answer": a})
                                for s, q, a in ROWS) + "\n", encoding="utf-8")
    report = grade_file(ref, second, db, jobs=1, timeout=20)
    assert report.graded == len(ROWS) and report.checks == 0 and report.from_cache >= 6
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0] == 2 * len(ROWS)
        assert con.execute("SELECT COUNT(*) FROM verdicts WHERE cached = 1").fetchone()[0] == report.from_cache


def test_summary_and_exports(files, tmp_path):
    ref, answers, db = files
    grade_file(ref, answers, db, jobs=2, timeout=20)
    results = results_of(db)
    table = {row["question"]: row for row in summary(results)}
    assert (table["ridge"]["correct"], table["ridge"]["wrong"]) == (3, 1)
    assert (table["grad"]["correct"], table["grad"]["wrong"], table["grad"]["unparseable"]) == (1, 1, 2)
    assert table["nope"]["unparseable"] == 1
    assert "all" in format_summary(summary(results))
    export_csv(results, tmp_path / "out.csv")
    with (tmp_path / "out.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(ROWS) and {r["correct"] for r in rows} == {"0", "1"}
    assert next(r for r in rows if r["student"] == "s4")["hint"] == "missing λ"
    export_html(results, tmp_path / "out.html")
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page  # answers are escaped, the page has no scripts
    assert "http" not in page  # self-contained


KILLABLE = textwrap.dedent("""
    import sys, time
    import symcheck.grade.check as check
    real = check.engine.decide_problem
    def slow(problem, deadline, **options):
        time.sleep(0.4)
        return real(problem, deadline, **options)
    check.engine.decide_problem = slow
    check._quick_refutation = lambda problem, deadline: (None, 0)
    from symcheck.grade import grade_file
    grade_file(sys.argv[1], sys.argv[2], sys.argv[3], jobs=2, timeout=30)
""")


def test_sigkill_midway_then_resume_grades_every_row_exactly_once(tmp_path):
    ref = tmp_path / "hw.ref"
    ref.write_text(REFERENCE, encoding="utf-8")
    answers = tmp_path / "many.jsonl"
    distinct = [rf"{k} X^T X w - {k} X^T y" for k in range(1, 25)]
    rows = [{"student": f"s{i}", "question": "grad", "answer": distinct[i % len(distinct)]} for i in range(60)]
    answers.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    db = tmp_path / "g.sqlite"
    proc = subprocess.Popen([sys.executable, "-c", KILLABLE, str(ref), str(answers), str(db)])
    deadline = time.monotonic() + 120
    graded = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=5) as con:
                    graded = con.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if graded >= 10:
                break
    assert proc.poll() is None, "the run finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as con:
        before = con.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0]
        keys_before = dict(con.execute("SELECT answer_key, checked_at FROM checks"))
    assert 0 < before < len(rows)
    report = grade_file(ref, answers, db, jobs=2, timeout=30)
    assert report.already == before and report.graded == len(rows) - before
    with sqlite3.connect(db) as con:
        ids = [r[0] for r in con.execute("SELECT answer_id FROM verdicts")]
        assert len(ids) == len(set(ids)) == len(rows) == con.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
        # checks completed before the kill were not redone
        after = dict(con.execute("SELECT answer_key, checked_at FROM checks"))
        assert all(after[k] == v for k, v in keys_before.items())
        statuses = {r[0] for r in con.execute("SELECT status FROM checks")}
    assert statuses == {"equivalent", "not_equivalent"}


def test_a_cached_group_is_checked_as_its_normalised_text(tmp_path):
    """`$...$` and spacing are normalised away; the group's verdict is the normalised answer's, for every row."""
    ref = tmp_path / "hw.ref"
    ref.write_text(REFERENCE, encoding="utf-8")
    answers = tmp_path / "a.jsonl"
    texts = ["$X^T X w - X^T y$", "X^T X w - X^T y", r"\( X^T X w-X^T y \)"]
    answers.write_text("\n".join(json.dumps({"student": f"s{i}", "question": "grad", "answer": a})
                                 for i, a in enumerate(texts)), encoding="utf-8")
    report = grade_file(ref, answers, tmp_path / "g.sqlite", jobs=1, timeout=20)
    assert report.checks == 1
    assert [r["status"] for r in results_of(tmp_path / "g.sqlite")] == ["equivalent"] * 3


def test_a_text_repeated_by_many_students_is_read_once(tmp_path, monkeypatch):
    """Screening, normalising and keying are done once per distinct (question, text): a class repeats itself."""
    import symcheck.grade.batch as batch
    ref = tmp_path / "hw.ref"
    ref.write_text(REFERENCE, encoding="utf-8")
    answers = tmp_path / "a.jsonl"
    texts = ["X^T X w - X^T y", "X w - y", r"\input{x}"]
    answers.write_text("\n".join(json.dumps({"student": f"s{i}", "question": "grad", "answer": texts[i % 3]})
                                 for i in range(60)), encoding="utf-8")
    calls = []
    real = batch.normalize_answer
    monkeypatch.setattr(batch, "normalize_answer", lambda text: calls.append(text) or real(text))
    report = grade_file(ref, answers, tmp_path / "g.sqlite", jobs=1, timeout=20)
    assert report.graded == 60 and report.checks == 2
    assert sorted(calls) == sorted(texts[:2])   # the screened text is never normalised
    status = [r["status"] for r in results_of(tmp_path / "g.sqlite")]
    assert status == ["equivalent", "ill_typed", "rejected"] * 20
