"""`symcheck run` as a user calls it: readable report, one JSON document, exit codes (CONTRACT §3)."""
import json

import pytest

from forked_cli import new_interpreter, run_module  # tests/forked_cli.py

SCALARS = """
    from sympy import Abs, Max, symbols
    from symcheck import Claim
    x1, x2 = symbols("x1 x2")
    max_identity = Claim("max as a mean plus half a gap", Max(x1, x2), (x1 + x2) / 2 + Abs(x1 - x2) / 2,
                         expect="proved", source="CSC413 A1")
    wrong_sign = Claim("max with the wrong sign", Max(x1, x2), (x1 + x2) / 2 - Abs(x1 - x2) / 2,
                       expect="refuted", source="mutation")
"""
ILL_TYPED = """
    from sympy import MatrixSymbol, symbols
    from symcheck import Claim
    d = symbols("d", integer=True, positive=True)
    x = MatrixSymbol("x", d, 1)
    A = MatrixSymbol("A", d, d)
    row_times_matrix = Claim("x times A", x * A, A, expect="error")
"""
BROKEN = "from symcheck import Claim\nclaim = Claim('unfinished', 1,\n"


def symcheck(*args, cwd):
    """`symcheck ARGS` in a fork of this process, which has SymPy loaded already (tests/forked_cli.py)."""
    return run_module("symcheck", list(args), cwd=cwd, timeout=300)


def symcheck_in_a_new_interpreter(*args, cwd):
    """`python -m symcheck ARGS` in a new interpreter, as a user starts it."""
    return new_interpreter("symcheck", list(args), cwd=cwd, timeout=300)


def test_json_output_is_one_document_with_the_contract_fields(claim_dir):
    folder = claim_dir(scalars=SCALARS, ill=ILL_TYPED)
    run = symcheck_in_a_new_interpreter("run", str(folder), "--json", "--timeout", "20", cwd=folder.parent)
    doc = json.loads(run.stdout)
    assert run.returncode == 0, run.stdout + run.stderr
    by_name = {r["name"]: r for r in doc["results"]}
    assert set(by_name) == {"max as a mean plus half a gap", "max with the wrong sign", "x times A"}
    for r in doc["results"]:
        assert set(r) == {"file", "name", "status", "method", "seconds", "expect", "ok", "counterexample", "detail"}
    assert by_name["max as a mean plus half a gap"]["status"] == "proved"
    cx = by_name["max with the wrong sign"]["counterexample"]
    assert by_name["max with the wrong sign"]["status"] == "refuted" and set(cx) == {"dims", "values", "lhs", "rhs"}
    assert all(isinstance(v, str) for v in cx["values"].values())
    assert by_name["x times A"]["status"] == "error" and "d×1" in by_name["x times A"]["detail"]
    assert doc["summary"] == {"proved": 1, "refuted": 1, "unknown": 0, "error": 1, "ok": 3, "not_ok": 0,
                              "known_gap": 0, "known_gap_passed": 0}  # the last two: our extension


def test_a_broken_file_is_one_error_and_the_others_still_run(claim_dir):
    folder = claim_dir(broken=BROKEN, ill=ILL_TYPED)
    run = symcheck("run", str(folder), "--json", cwd=folder.parent)
    doc = json.loads(run.stdout)
    assert run.returncode == 1
    broken = [r for r in doc["results"] if r["file"].endswith("broken.py")]
    assert len(broken) == 1 and broken[0]["status"] == "error" and "broken.py:2" in broken[0]["detail"]
    assert any(r["name"] == "x times A" for r in doc["results"])


def test_an_unmet_expectation_exits_1_and_the_report_says_what_was_expected(claim_dir):
    folder = claim_dir(wrong=ILL_TYPED.replace('expect="error"', 'expect="proved"'))
    run = symcheck("run", str(folder), cwd=folder.parent)
    assert run.returncode == 1
    assert "expected proved" in run.stdout and "x (d×1) times A (d×d)" in run.stdout


@pytest.mark.parametrize("args", [["run", "no/such/folder"], ["run", "--timeout", "-1"], ["run", "--jobs", "zero"],
                                  ["frobnicate"], []])
def test_usage_errors_exit_2_without_a_traceback(args, tmp_path):
    run = symcheck(*args, cwd=tmp_path)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr


@pytest.mark.slow
def test_a_claim_past_its_timeout_is_unknown_and_the_run_goes_on(claim_dir):
    folder = claim_dir(slow="""
        import time
        from sympy import Symbol
        from sympy.matrices.expressions import MatrixSymbol
        from symcheck import Claim
        import symcheck.engine as engine

        original = engine.decide_problem

        def stuck(problem, deadline):  # simulate an engine that hangs on one claim
            if problem.name == "hangs":
                time.sleep(60)
            return original(problem, deadline)
        engine.decide_problem = stuck
        x = Symbol("x")
        hang = Claim("hangs", x, x)
    """, scalars=SCALARS)
    # The stuck claim holds its worker until the limit and the kill's grace after it (asleep: wall time, not
    # CPU). 2 s is 20 times what the two claims of SCALARS take beside it (0.05-0.1 s each, load average 3).
    run = symcheck("run", str(folder), "--json", "--timeout", "2", cwd=folder.parent)
    doc = json.loads(run.stdout)
    hang = next(r for r in doc["results"] if r["name"] == "hangs")
    assert hang["status"] == "unknown" and hang["method"] == "timeout"
    assert doc["summary"]["proved"] == 1


def test_k_decides_only_the_claims_whose_name_contains_the_text(claim_dir):
    """`-k TEXT` (our extension, like pytest's -k): a case-insensitive part of the name; a known gap whose claim
    was not picked is not called stale; no claim picked at all, or -k with a Dask scheduler, is a usage error."""
    folder = claim_dir(scalars=SCALARS, ill=ILL_TYPED)
    (folder / "KNOWN_GAPS.txt").write_text(  # a claim of a file that ran, but not picked: not a stale entry
        "scalars.py::max as a mean plus half a gap  # listed only to see it is not called stale\n")
    run = symcheck("run", str(folder), "--json", "-k", "MAX WITH", cwd=folder.parent)
    assert run.returncode == 0, run.stdout + run.stderr
    doc = json.loads(run.stdout)
    assert [r["name"] for r in doc["results"]] == ["max with the wrong sign"]
    assert doc["results"][0]["status"] == "refuted" and doc["summary"]["ok"] == 1
    assert "stale" not in run.stderr and "no claim of" not in run.stderr
    missing = symcheck("run", str(folder), "-k", "no such claim", cwd=folder.parent)
    assert missing.returncode == 2 and "no claim name" in missing.stderr and "'no such claim'" in missing.stderr
    clustered = symcheck("run", str(folder), "-k", "max", "--scheduler", "local:1", cwd=folder.parent)
    assert clustered.returncode == 2 and "-k is not available with --scheduler" in clustered.stderr
