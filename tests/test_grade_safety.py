"""Answers are data: hostile, huge or deeply nested answers each get a verdict of their own, and the
batch goes on; the checker runs in killable workers with a time and a memory limit."""
import ast
import os
import pathlib
import time

import pytest

import symcheck.grade.check as check_module
from symcheck.grade import check_answer, grade_rows, prepare_question, prepare_questions
from symcheck.grade.reference import parse_reference
from symcheck.grade.rows import AnswerRow
from symcheck.grade.store import Store
from symcheck.latex import parse_declarations
from symcheck.grade.verdict import REJECTED, STATUSES, TIMEOUT, UNKNOWN, UNPARSEABLE

HERE = pathlib.Path(__file__).parent
CORPUS = [line for line in (HERE / "data" / "hostile_latex.txt").read_text(encoding="utf-8").splitlines()
          if line.strip() and not line.startswith("# ")]
QUESTION = prepare_question(r"X^\top (Xw - y)", "X: n×d, y: n, w: d, x: scalar, lambda>0")
GENERATED = {
    "1 MB string": "x+" * 500_000,
    "500-deep parentheses": "(" * 500 + "x" + ")" * 500,
    "500-deep braces": "{" * 500 + "x" + "}" * 500,
    "500-deep fractions": r"\frac{1}{" * 500 + "x" + "}" * 500,
    "tower of powers": r"x^{10^{10^{10}}}",
    "python": "__import__('os').system('touch /tmp/pwned')",
    "tex file read": r"\input{/etc/passwd}",
    "nul byte": "x\x00y",
}
SOURCES = [pathlib.Path(check_module.__file__).parent / name
           for name in os.listdir(pathlib.Path(check_module.__file__).parent) if name.endswith(".py")]
SOURCES += [HERE.parent / "symcheck" / "cli" / "check.py", HERE.parent / "symcheck" / "cli" / "grade.py"]


@pytest.mark.parametrize("text", CORPUS)
def test_hostile_corpus_gets_a_verdict_quickly(text):
    start = time.perf_counter()
    verdict = check_answer(QUESTION, text, isolate=False, timeout=5)
    assert verdict.status in STATUSES
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("name", GENERATED)
def test_generated_hostile_answers_are_refused(name):
    verdict = check_answer(QUESTION, GENERATED[name], timeout=5)
    assert verdict.status in (REJECTED, UNPARSEABLE, TIMEOUT), (name, verdict)
    assert not os.path.exists("/tmp/pwned")


def test_no_code_evaluation_in_the_grader():
    """No eval/exec/compile/sympify/parse_expr anywhere in the grading code (answers are data)."""
    bare = {"eval", "exec", "compile", "sympify", "parse_expr", "S", "__import__"}
    methods = {"eval", "exec", "sympify", "parse_expr", "parse_latex", "system", "popen"}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                if isinstance(node.func, ast.Name):
                    assert node.func.id not in bare, f"{path.name}:{node.lineno} calls {node.func.id}"
                if isinstance(node.func, ast.Attribute):
                    assert node.func.attr not in methods, f"{path.name}:{node.lineno} calls .{node.func.attr}"


def _slow_decide(problem, deadline, **options):
    time.sleep(60)


def _greedy_decide(problem, deadline, **options):
    hog = [bytearray(64 * 1024 ** 2) for _ in range(64)]  # 4 GB, over the limit
    return hog


def _dying_decide(problem, deadline, **options):
    os._exit(3)


def _no_quick_refutation(problem, deadline):
    return None, 0


@pytest.fixture
def engine_behaviour(monkeypatch):
    """Replace the engine in this process: forked workers inherit the replacement."""
    def use(fn):
        monkeypatch.setattr(check_module, "_quick_refutation", _no_quick_refutation)
        monkeypatch.setattr(check_module.engine, "decide_problem", fn)
    return use


def test_wall_clock_timeout_kills_the_worker(engine_behaviour):
    engine_behaviour(_slow_decide)
    start = time.monotonic()
    verdict = check_answer(QUESTION, r"X^T X w - X^T y", timeout=1.0)
    assert verdict.status == TIMEOUT
    assert time.monotonic() - start < 5


def test_memory_limit(engine_behaviour):
    engine_behaviour(_greedy_decide)
    # 512 MiB beyond what the worker inherited: the hog fills (so touches) no more than that
    verdict = check_answer(QUESTION, r"X^T X w - X^T y", timeout=20, memory_bytes=512 * 1024 ** 2)
    assert verdict.status == REJECTED and "memory" in verdict.detail


def test_a_crashing_worker_is_unknown(engine_behaviour):
    engine_behaviour(_dying_decide)
    verdict = check_answer(QUESTION, r"X^T X w - X^T y", timeout=10)
    assert verdict.status == UNKNOWN and "died" in verdict.detail


def test_batch_goes_on_past_crashes_timeouts_and_hostile_rows(tmp_path, monkeypatch):
    """One row whose check kills its worker, one that hangs, hostile rows: every other row is graded."""
    questions = prepare_questions(parse_reference(
        "[g]\ndeclare: X: n×d, y: n, w: d\nanswer: X^\\top (Xw - y)\n"))
    real = check_module.engine.decide_problem

    def selective(problem, deadline, **options):
        names = {str(m) for m in problem.matrix_symbols}
        if "u" in names:
            os._exit(1)
        if "v" in names:
            time.sleep(60)
        return real(problem, deadline, **options)
    monkeypatch.setattr(check_module.engine, "decide_problem", selective)
    monkeypatch.setattr(check_module, "_quick_refutation", _no_quick_refutation)
    answers = ["X^T X w - X^T y", "X^T(y - Xw)", r"\input{/etc/passwd}", "(" * 500 + "w" + ")" * 500,
               "x+" * 500_000, "X^T X w - X^T y + u - u", "X^T X w - X^T y + v - v"]
    rows = [AnswerRow(i + 1, f"s{i}", "g", a) for i, a in enumerate(answers)]
    # u (the worker dies) and v (the worker hangs) are declared so that those rows reach the engine
    questions["g"].declarations = questions["g"].declarations.merged(parse_declarations("u: d\nv: d"))
    with Store(tmp_path / "g.sqlite") as store:
        report = grade_rows(questions, rows, store, source="mem", jobs=2, timeout=3)
        by_student = {r["student"]: r["status"] for r in store.results()}
    assert report.graded == len(rows)
    assert by_student["s0"] == "equivalent" and by_student["s1"] == "not_equivalent"
    assert by_student["s2"] == REJECTED and by_student["s4"] == REJECTED
    assert by_student["s3"] == UNPARSEABLE
    assert by_student["s5"] == UNKNOWN and by_student["s6"] == TIMEOUT
