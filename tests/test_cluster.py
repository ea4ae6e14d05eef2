"""Grading and claim suites on a Dask cluster (`--scheduler`): same store, same JSON, nothing lost.

A LocalCluster of 2 worker processes (1 thread each) is shared by the tests of this module;
the checks run in symcheck's grading service on those workers, and this process (the
client) alone writes the store.
"""
import base64
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

from symcheck.cli import main
from symcheck.cluster import ClusterError, grade_requests, parse_scheduler
from symcheck.cluster import service
from symcheck.cluster.tasks import run_request
from symcheck.grade import grade_file, prepare_questions, read_reference, results_of

REFERENCE = textwrap.dedent(r"""
    declare: lambda > 0

    [ridge]
    declare: X: n×d, y: n
    answer: (X^\top X + \lambda I)^{-1} X^\top y

    [grad]
    declare: X: n×d, y: n, w: d
    answer: X^\top (X w - y)
""")


def _rows(distinct: int) -> list[tuple[str, str, str]]:
    """A class: `distinct` different gradient answers (one right), repeats, and rows that need no engine."""
    answers = [rf"{k} X^T X w - {k} X^T y" for k in range(1, distinct + 1)]
    rows = [(f"s{i}", "grad", answers[i % distinct]) for i in range(distinct + 6)]
    rows += [("r1", "ridge", r"X^\top (X X^\top + \lambda I)^{-1} y"), ("r2", "ridge", r"(X^TX)^{-1}X^Ty"),
             ("r3", "ridge", r"X^T y"), ("r4", "ridge", r"\frac{1}{"), ("r5", "nope", "x"),
             ("r6", "grad", r"\input{/etc/passwd}"), ("r7", "grad", r"X w - y")]
    return rows


def _files(tmp_path, rows, name="answers.csv"):
    ref = tmp_path / "hw.ref"
    ref.write_text(REFERENCE, encoding="utf-8")
    answers = tmp_path / name
    with answers.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "question", "answer"])
        writer.writerows(rows)
    return ref, answers


def _verdicts(db) -> list[dict]:
    """Every graded row as the exports see it, without what may differ between runs (times, run ids)."""
    return [{k: v for k, v in r.items() if k not in ("seconds", "run_id")} for r in results_of(db)]


# ---------------------------------------------------------------- without a cluster

def test_scheduler_addresses_are_read_or_refused_in_one_line():
    assert parse_scheduler("local:3").workers == 3 and parse_scheduler("local:3").local
    assert parse_scheduler("tcp://10.0.0.5:8786").address == "tcp://10.0.0.5:8786"
    assert parse_scheduler("scheduler.example.org:8786").address == "scheduler.example.org:8786"
    for bad in ("", "local:0", "local:x", "http://", "tcp://", "8786", "rm -rf /"):
        with pytest.raises(ClusterError) as info:
            parse_scheduler(bad)
        assert "\n" not in str(info.value)


@pytest.mark.parametrize("command", ["grade", "run"])
def test_without_dask_the_option_says_how_to_install_it(command, tmp_path, monkeypatch, capsys, claim_dir):
    monkeypatch.setitem(sys.modules, "distributed", None)   # `import distributed` now fails
    ref, answers = _files(tmp_path, _rows(2))
    folder = claim_dir(one="from symcheck import Claim\n")
    argv = ["grade", str(ref), str(answers), "--db", str(tmp_path / "g.sqlite"), "--scheduler", "local:2",
            "--no-progress"] if command == "grade" else ["run", str(folder), "--scheduler", "local:2"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and 'pip install "symcheck[dask]"' in err and "Traceback" not in err
    assert not (tmp_path / "g.sqlite").exists() or not results_of(tmp_path / "g.sqlite")


def test_grade_requests_carry_only_text_and_group_answers_by_question(tmp_path):
    ref, _ = _files(tmp_path, [])
    questions = prepare_questions(read_reference(ref))
    items = [("grad", "X w"), ("ridge", "y"), ("grad", "w")] * 7
    batches = grade_requests(questions, items, timeout=5, memory_bytes=None, threads=2)
    assert sorted(i for chunk, _ in batches for i in chunk) == list(range(len(items)))
    for chunk, request in batches:
        json.dumps(request)   # plain data only
        assert set(request["questions"]) == {items[i][0] for i in chunk}
        assert request["answers"] == [list(items[i]) for i in chunk]
        assert request["questions"]["grad" if "grad" in request["questions"] else "ridge"]["declarations"]


def test_the_service_checks_answers_in_killable_workers_and_answers_plain_data():
    spec = {"reference": r"X^\top (X w - y)", "declarations": "X: n×d, y: n, w: d", "layout": "numerator"}
    reply = service.grade({"kind": "grade", "timeout": 20, "memory_bytes": 1024 ** 3, "questions": {"g": spec},
                           "answers": [["g", "X^T X w - X^T y"], ["g", "2 X^T X w - X^T y"], ["g", r"\frac{1}{"]]})
    json.dumps(reply)
    assert [v["status"] for v in reply["verdicts"]] == ["equivalent", "not_equivalent", "unparseable"]
    assert reply["verdicts"][1]["counterexample"]["dims"]


def test_a_claim_file_not_on_the_worker_is_run_from_its_bytes_under_its_own_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = b"from sympy import symbols\nfrom symcheck import Claim\nx = symbols('x', real=True)\n" \
             b"sq = Claim('square', lhs=x**2, rhs=x*x, expect='proved')\nbad = 1/0\n"
    for shown in ("claims/gone.py", "../../escape/gone.py", "/abs/gone.py"):
        reply = service.claims({"kind": "claims", "file": shown, "source_b64": base64.b64encode(source).decode(),
                                "timeout": 10})
        assert reply["file"] == shown and reply["claims"] == []
        assert reply["error"]["detail"].startswith(shown + ":5: ZeroDivisionError"), reply["error"]
    assert not (tmp_path.parent.parent / "escape").exists() and sorted(os.listdir(tmp_path)) == []


def test_a_request_the_service_cannot_serve_is_answered_not_fatal():
    assert json.loads(run_request(json.dumps({"kind": "nonsense"}))) == {"failed": "not a symcheck request"}
    reply = json.loads(run_request(json.dumps({"kind": "grade", "timeout": 1})))
    assert reply["failed"].startswith("KeyError")
    assert "verdicts" in json.loads(run_request(json.dumps({"kind": "grade", "timeout": 5, "questions": {},
                                                             "answers": []})))


# ---------------------------------------------------------------- on a LocalCluster

@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    from symcheck.cluster import local_cluster
    with local_cluster(2) as local:   # what --scheduler local:2 starts, shared by the tests below
        with distributed.Client(local) as client:
            yield local, client


def test_a_distributed_grade_stores_what_a_local_grade_stores(tmp_path, cluster):
    local, _ = cluster
    ref, answers = _files(tmp_path, _rows(12))
    here = grade_file(ref, answers, tmp_path / "local.sqlite", jobs=2, timeout=20)
    there = grade_file(ref, answers, tmp_path / "dask.sqlite", timeout=20, scheduler=local.scheduler_address)
    assert there.unchecked == 0 and there.graded == here.graded == len(_rows(12))
    assert there.checks == here.checks and there.from_cache == here.from_cache
    assert _verdicts(tmp_path / "dask.sqlite") == _verdicts(tmp_path / "local.sqlite")
    statuses = {r["status"] for r in _verdicts(tmp_path / "dask.sqlite")}
    assert statuses == {"equivalent", "not_equivalent", "ill_typed", "unparseable", "rejected"}
    again = grade_file(ref, answers, tmp_path / "dask.sqlite", timeout=20, scheduler=local.scheduler_address)
    assert again.graded == 0 and again.checks == 0


def test_killing_a_dask_worker_mid_run_loses_no_answer(tmp_path, cluster):
    local, client = cluster
    ref, answers = _files(tmp_path, _rows(24))
    grade_file(ref, answers, tmp_path / "local.sqlite", jobs=2, timeout=20)
    pids = client.run(os.getpid)
    killed = []

    def kill_a_busy_worker(done, total):
        if killed or done == 0:
            return
        busy = [w for w, keys in client.processing().items() if keys and w in pids]
        if busy:
            os.kill(pids[busy[0]], signal.SIGKILL)
            killed.append(pids[busy[0]])

    report = grade_file(ref, answers, tmp_path / "dask.sqlite", timeout=20, scheduler=local.scheduler_address,
                        progress=kill_a_busy_worker)
    assert killed, "no worker was busy when the first verdict came back"
    assert report.unchecked == 0 and report.warnings == []
    assert _verdicts(tmp_path / "dask.sqlite") == _verdicts(tmp_path / "local.sqlite")
    client.wait_for_workers(2, timeout=60)   # the nanny brought the worker back for the next tests


CLIENT = """
import sys
from symcheck.grade import grade_file
grade_file(sys.argv[1], sys.argv[2], sys.argv[3], timeout=20, scheduler=sys.argv[4])
"""


@pytest.mark.slow
def test_a_client_killed_mid_run_resumes_without_grading_anything_twice(tmp_path, cluster):
    local, _ = cluster
    rows = [(f"s{k}", "grad", rf"{k} X^T X w - {k} X^T y") for k in range(1, 121)]
    ref, answers = _files(tmp_path, rows)
    db = tmp_path / "g.sqlite"
    proc = subprocess.Popen([sys.executable, "-c", CLIENT, str(ref), str(answers), str(db), local.scheduler_address])
    checked, deadline = 0, time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            with sqlite3.connect(db, timeout=5) as con:
                checked = con.execute("SELECT COUNT(*) FROM checks").fetchone()[0]
        except sqlite3.OperationalError:
            continue
        if checked:
            break
    assert proc.poll() is None, "the run finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as con:
        before = dict(con.execute("SELECT answer_key, checked_at FROM checks"))
        graded = con.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0]
    assert 0 < len(before) < len(rows)
    report = grade_file(ref, answers, db, timeout=20, scheduler=local.scheduler_address)
    assert report.already == graded and report.graded == len(rows) - graded and report.unchecked == 0
    with sqlite3.connect(db) as con:
        ids = [r[0] for r in con.execute("SELECT answer_id FROM verdicts")]
        assert len(ids) == len(set(ids)) == len(rows)
        after = dict(con.execute("SELECT answer_key, checked_at FROM checks"))
    assert all(after[k] == v for k, v in before.items())   # nothing checked before the kill was redone
    status = {r["student"]: r["status"] for r in _verdicts(db)}
    assert status == {f"s{k}": "equivalent" if k == 1 else "not_equivalent" for k in range(1, 121)}


CLAIMS = {
    "algebra": """
        import os
        from sympy import MatrixSymbol, symbols
        from symcheck import Claim
        open(__file__ + ".pid", "a").write(f"{os.getpid()}\\n")
        print("a claim file printing to stdout")
        n, d = symbols("n d", integer=True, positive=True)
        X = MatrixSymbol("X", n, d)
        A = MatrixSymbol("A", n, n)
        gram = Claim("gram transpose", lhs=(X.T * X).T, rhs=X.T * X, expect="proved")
        wrong = Claim("every square matrix is symmetric", lhs=A.T, rhs=A, expect="refuted")
    """,
    "broken": """
        from symcheck import Claim
        x = 1 / 0
    """,
    "scalar": """
        from sympy import symbols, Abs
        from symcheck import Claim
        a = symbols("a", real=True)
        absq = Claim("abs squared", lhs=Abs(a) ** 2, rhs=a ** 2, expect="proved")
        not_abs = Claim("abs is identity", lhs=Abs(a), rhs=a, expect="refuted")
    """,
}


def test_run_on_a_cluster_prints_the_json_a_local_run_prints(cluster, claim_dir):
    local, _ = cluster
    folder = claim_dir(**CLAIMS)

    def run(*extra):
        proc = subprocess.Popen([sys.executable, "-m", "symcheck", "run", str(folder), "--json", "--no-progress",
                                 *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out, _ = proc.communicate(timeout=300)
        document = json.loads(out)
        for result in document["results"]:
            result.pop("seconds")
        return proc.returncode, document, proc

    code_here, here, _ = run("--jobs", "2")
    (folder / "algebra.py.pid").unlink()
    code_there, there, proc = run("--scheduler", local.scheduler_address)
    assert code_here == code_there == 1 and there == here   # 1: the broken file
    assert [r["status"] for r in there["results"]] == ["proved", "refuted", "error", "proved", "refuted"]
    importers = {int(p) for p in (folder / "algebra.py.pid").read_text().split()}
    assert importers and proc.pid not in importers   # imported on the workers, never by the client
