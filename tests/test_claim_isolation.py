"""Claim files run only in workers: whatever one does at import (hang, exit, fork, print, eat memory,
patch symcheck), it is one `error` result at most, and every other file's results are still reported."""
import json
import os
import subprocess
import sys
import textwrap

import pytest

from conftest import UNUSED_PLUGINS  # tests/conftest.py
from forked_cli import run_module  # tests/forked_cli.py
from symcheck.runner import FILE_RESULT_NAME, inspect_claim_file, run_suite

pytest_plugins = ["pytester"]

GOOD = """
from sympy import symbols
from symcheck import Claim
x = symbols("x")
same = Claim("x + x = 2x", x + x, 2 * x, expect="proved")
wrong = Claim("x x = 2x", x * x, 2 * x, expect="refuted")
"""
# What a claim file can do at import, and the words its one error result must contain.
HOSTILE = {
    "hangs": ("while True:\n    pass\n", "took longer than"),
    "sleeps": ("import time\ntime.sleep(3600)\n", "took longer than"),
    "exits": ("import os\nos._exit(5)\n", "exit code 5"),
    "killed": ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n", "killed"),
    "sys_exit": ("import sys\nsys.exit(3)\n", "SystemExit"),
    "interrupts": ("raise KeyboardInterrupt\n", "KeyboardInterrupt"),
    "forks": (GOOD.replace("x = symbols", "import os\nos.fork()\nx = symbols"), "os.fork"),
    "forks_and_sleeps": ("import os, time\nif os.fork() == 0:\n    time.sleep(3600)\n", "os.fork"),
    "eats_memory": ("hog = bytearray(8 * 1024 ** 3)\n", "memory"),
}


def write(folder, name, source):
    (folder / f"{name}.py").write_text(textwrap.dedent(source))


@pytest.fixture
def hostile_folder(tmp_path):
    folder = tmp_path / "claims"
    folder.mkdir()
    write(folder, "a_good", GOOD)
    for name, (source, _) in HOSTILE.items():
        write(folder, name, source)
    write(folder, "z_good", GOOD)
    return folder


# The limit of the runs with hostile files: a hanging file runs (`hangs` spinning) until the limit and the kill
# after it, each second of it a second of CPU. The good files beside them need far less: their claims take
# 0.01-0.04 s each on a quiet machine and at most 0.3 s with both cores overloaded (three busy processes on
# the two cores beside another user's work; worst of 6 runs), and their import gets the limit plus the kill's
# grace. What is tested is that a hanging file is stopped and reported as one error, not after how long.
HOSTILE_TIMEOUT = "1"


@pytest.mark.slow
def test_every_hostile_file_is_one_error_and_the_rest_is_reported(hostile_folder):
    run = subprocess.run([sys.executable, "-m", "symcheck", "run", str(hostile_folder), "--json",
                          "--timeout", HOSTILE_TIMEOUT, "--jobs", "2"],
                         capture_output=True, text=True, timeout=240, cwd=hostile_folder.parent)
    doc = json.loads(run.stdout)  # exactly one JSON document on stdout, nothing else
    assert run.returncode == 1 and "Traceback" not in run.stderr
    by_file: dict = {}
    for r in doc["results"]:
        by_file.setdefault(os.path.basename(r["file"])[:-3], []).append(r)
    for name, (_, words) in HOSTILE.items():
        assert len(by_file[name]) == 1, name
        only = by_file[name][0]
        assert only["status"] == "error" and only["name"] == FILE_RESULT_NAME, name
        assert words in only["detail"], (name, only["detail"])
    for good in ("a_good", "z_good"):
        assert [(r["name"], r["status"]) for r in by_file[good]] == [("x + x = 2x", "proved"), ("x x = 2x", "refuted")]
    assert doc["summary"]["error"] == len(HOSTILE) and doc["summary"]["proved"] == 2


def test_the_parent_never_runs_a_claim_file_and_its_prints_stay_off_stdout(tmp_path):
    folder = tmp_path / "claims"
    folder.mkdir()
    marker = tmp_path / "imported_by"
    write(folder, "noisy", textwrap.dedent(f"""
        import os
        print("hello from the claim file")
        with open({str(marker)!r}, "a") as f:
            f.write(str(os.getpid()) + "\\n")
    """) + GOOD)
    proc = subprocess.Popen([sys.executable, "-m", "symcheck", "run", str(folder), "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    out, err = proc.communicate(timeout=240)
    assert json.loads(out)["summary"]["ok"] == 2
    assert "hello from the claim file" in err
    importers = {int(line) for line in marker.read_text().split()}
    assert importers and proc.pid not in importers


def test_one_file_patching_symcheck_cannot_change_another_files_verdicts(claim_dir):
    folder = claim_dir(a_patch="""
        import symcheck.engine as engine
        from symcheck.verdict import proved
        engine.decide_problem = lambda problem, deadline: proved("forged")
    """, b_good=GOOD)
    results = run_suite([str(folder)], timeout=20, jobs=2)
    assert [(r.name, r.status, r.method == "forged") for r in results] == [
        ("x + x = 2x", "proved", False), ("x x = 2x", "refuted", False)]


def test_inspecting_a_file_lists_its_claims_without_importing_it_here(claim_dir):
    folder = claim_dir(good=GOOD, exits="import os\nos._exit(7)\n")
    info = inspect_claim_file(folder / "good.py", timeout=20)
    assert [(c.index, c.name, c.expect) for c in info.claims] == [(0, "x + x = 2x", "proved"),
                                                                   (1, "x x = 2x", "refuted")]
    assert info.claims[0].line == 5 and info.error is None
    broken = inspect_claim_file(folder / "exits.py", timeout=20)
    assert broken.claims == [] and "exit code 7" in broken.error.detail


@pytest.mark.slow
def test_the_pytest_plugin_reports_a_hanging_or_exiting_file_as_one_failing_item(pytester):
    pytester.makeini("[pytest]\ntestpaths = claims\n")
    pytester.mkdir("claims")
    (pytester.path / "claims" / "good.py").write_text(GOOD)
    (pytester.path / "claims" / "exits.py").write_text("import os\nos._exit(5)\n")
    (pytester.path / "claims" / "hangs.py").write_text("while True:\n    pass\n")
    (pytester.path / "claims" / "forks.py").write_text("import os\nos.fork()\n")
    result = pytester.runpytest_subprocess("--symcheck-timeout", HOSTILE_TIMEOUT, "-p", "no:cacheprovider",
                                           *UNUSED_PLUGINS)
    result.assert_outcomes(passed=2, failed=3)
    result.stdout.fnmatch_lines_random(["*exits.py*exit code 5*", "*hangs.py*took longer than*",
                                        "*forks.py*os.fork*"])


def test_the_pytest_process_never_imports_a_claim_file(pytester):
    marker = pytester.path / "imported_by"
    pytester.makeini("[pytest]\ntestpaths = claims\n")
    pytester.mkdir("claims")
    (pytester.path / "claims" / "good.py").write_text(textwrap.dedent(f"""
        import os
        with open({str(marker)!r}, "a") as f:
            f.write(str(os.getpid()) + "\\n")
    """) + GOOD)
    result = pytester.runpytest_inprocess("--symcheck-timeout", "20")
    result.assert_outcomes(passed=2)
    assert os.getpid() not in {int(line) for line in marker.read_text().split()}


def test_explain_imports_the_file_in_a_worker(tmp_path):
    (tmp_path / "exits.py").write_text("import os\nos._exit(5)\n")
    run = run_module("symcheck", ["explain", str(tmp_path / "exits.py")], timeout=120)
    assert run.returncode == 2 and "exit code 5" in run.stderr and "Traceback" not in run.stderr


def test_certificates_are_written_from_what_the_workers_sent(claim_dir, tmp_path):
    folder = claim_dir(good=GOOD)
    certs = tmp_path / "certs"
    run = subprocess.run([sys.executable, "-m", "symcheck", "run", str(folder), "--certificates", str(certs)],
                         capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout + run.stderr
    written = sorted(certs.glob("*.json"))
    assert len(written) == 1
    check = run_module("symcheck", ["check-proof", *map(str, written)], timeout=120)
    assert check.returncode == 0 and check.stdout.startswith("accepted"), check.stdout


def test_claims_built_in_this_process_are_still_decided_in_workers():
    from sympy import symbols

    from symcheck import Claim
    from symcheck.runner import decide_in_workers

    x = symbols("x")
    results = decide_in_workers([("notebook", Claim("same", x + x, 2 * x)), ("notebook", Claim("not", x, 2 * x))],
                                timeout=20, jobs=2)
    assert [(r.name, r.status) for r in results] == [("same", "proved"), ("not", "refuted")]
