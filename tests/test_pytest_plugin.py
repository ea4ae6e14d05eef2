"""The pytest plugin: one test item per claim, failing with the verdict, the counterexample and the source."""
import importlib
import os
import subprocess
import sys
import textwrap

import pytest

from conftest import UNUSED_PLUGINS  # tests/conftest.py

pytest_plugins = ["pytester"]

CLAIMS = """
    from sympy import Abs, Max, symbols
    from symcheck import Claim
    x1, x2 = symbols("x1 x2")
    right = Claim("max identity", Max(x1, x2), (x1 + x2) / 2 + Abs(x1 - x2) / 2, expect="proved", source="CSC413 A1")
    wrong = Claim("max with a wrong sign", Max(x1, x2), (x1 + x2) / 2 - Abs(x1 - x2) / 2, expect="proved",
                  source="a student's answer")
"""


def test_each_claim_is_an_item_and_an_unmet_expectation_fails_readably(pytester):
    pytester.makeini("[pytest]\ntestpaths = claims\n")
    pytester.mkdir("claims")
    (pytester.path / "claims" / "maxmin.py").write_text(textwrap.dedent(CLAIMS))
    result = pytester.runpytest("--symcheck-timeout", "20")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*refuted*max with a wrong sign*expected proved*", "*counterexample:*",
                                 "*source: a student's answer*"])


def test_a_claim_file_that_does_not_import_is_a_failing_item(pytester):
    pytester.makeini("[pytest]\ntestpaths = claims\n")
    pytester.mkdir("claims")
    (pytester.path / "claims" / "broken.py").write_text("x = (\n")
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*broken.py:1*SyntaxError*"])


def test_a_known_gap_is_an_expected_failure_with_its_reason(pytester):
    pytester.makeini("[pytest]\ntestpaths = claims\n")
    pytester.mkdir("claims")
    (pytester.path / "claims" / "maxmin.py").write_text(textwrap.dedent(CLAIMS))
    (pytester.path / "claims" / "KNOWN_GAPS.txt").write_text(
        "maxmin.py::max with a wrong sign  # written wrongly on purpose\n")
    result = pytester.runpytest("-rx", "--symcheck-timeout", "20", "--symcheck-gap-timeout", "20")
    result.assert_outcomes(passed=1, xfailed=1)
    result.stdout.fnmatch_lines(["*known gap: written wrongly on purpose*"])


def test_a_proof_whose_certificate_the_checker_rejects_fails_its_item(pytester, monkeypatch):
    # The module the runner will import (an earlier in-process pytester run may have dropped it from
    # sys.modules and left a stale copy as the package's attribute, which `from ... import` would patch).
    checker = importlib.import_module("symcheck.certify.checker")

    class Rejected:
        accepted, reason = False, "a term was dropped"

    monkeypatch.setattr(checker, "check_certificate", lambda certificate, claim: Rejected())
    pytester.makeini("[pytest]\ntestpaths = claims\n")
    pytester.mkdir("claims")
    (pytester.path / "claims" / "maxmin.py").write_text(textwrap.dedent(CLAIMS).split("wrong =")[0])
    result = pytester.runpytest_inprocess("--symcheck-timeout", "20")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*certificate is rejected: a term was dropped*"])


def test_a_known_gap_that_now_passes_fails_loudly_so_the_list_only_shrinks(pytester):
    """Strict xfail: an entry of KNOWN_GAPS.txt whose claim meets its expect fails its item with XPASS."""
    pytester.makeini("[pytest]\ntestpaths = claims\n")
    pytester.mkdir("claims")
    (pytester.path / "claims" / "maxmin.py").write_text(textwrap.dedent(CLAIMS))
    (pytester.path / "claims" / "KNOWN_GAPS.txt").write_text(
        "# comment lines are ignored\nmaxmin.py::max identity  # thought undecidable\n"
        "maxmin.py::max with a wrong sign  # written wrongly on purpose\n")
    result = pytester.runpytest("-rx", "--symcheck-timeout", "20", "--symcheck-gap-timeout", "20")
    result.assert_outcomes(failed=1, xfailed=1)
    result.stdout.fnmatch_lines(["*XPASS: known gap now decided — remove it from*KNOWN_GAPS.txt: "
                                 "maxmin.py::max identity*"])


def test_a_list_marked_not_strict_turns_an_xpass_into_a_warning(pytester):
    """`# strict: no` (the cookbook benchmark's list): a known gap that is now decided passes, with a warning."""
    pytester.makeini("[pytest]\ntestpaths = claims\n")
    pytester.mkdir("claims")
    (pytester.path / "claims" / "maxmin.py").write_text(textwrap.dedent(CLAIMS))
    (pytester.path / "claims" / "KNOWN_GAPS.txt").write_text(
        "# strict: no\nmaxmin.py::max identity  # slow on a slow machine\n"
        "maxmin.py::max with a wrong sign  # written wrongly on purpose\n")
    # Only the XPASS warning is counted: when symcheck was imported earlier in this process (as on an xdist
    # worker of an editable install), pytest's in-process run adds "already imported, cannot be rewritten"
    # warnings of its own, which say nothing about the plugin.
    result = pytester.runpytest("-rx", "-W", "ignore::pytest.PytestAssertRewriteWarning",
                                "--symcheck-timeout", "20", "--symcheck-gap-timeout", "20")
    result.assert_outcomes(passed=1, xfailed=1, warnings=1)
    result.stdout.fnmatch_lines(["*XPASS: known gap now decided — remove it from*KNOWN_GAPS.txt: "
                                 "maxmin.py::max identity*"])


def test_known_gaps_are_decided_with_the_gap_timeout(pytester, monkeypatch):
    """The listed claims run with --symcheck-gap-timeout (capped by --symcheck-timeout), the others with the full
    one, in one pass: each claim file is imported once for the whole batch, known gaps included."""
    import symcheck.pytest_plugin as plugin
    import symcheck.runner as runner

    log = pytester.path / "timeouts.log"
    real_decide, real_run = runner.decide_loaded_claim, plugin.run_claim_files
    passes = []

    def logged_decide(claim_file, index, timeout, *args):  # runs in the worker that decides the claim
        with open(log, "a") as handle:
            handle.write(f"{index} {timeout}\n")
        return real_decide(claim_file, index, timeout, *args)

    def counted_run(files, **kwargs):
        passes.append(list(files))
        return real_run(files, **kwargs)

    monkeypatch.setattr(runner, "decide_loaded_claim", logged_decide)
    monkeypatch.setattr(plugin, "run_claim_files", counted_run)
    pytester.makeini("[pytest]\ntestpaths = claims\n")
    pytester.mkdir("claims")
    (pytester.path / "claims" / "maxmin.py").write_text(textwrap.dedent(CLAIMS))
    (pytester.path / "claims" / "KNOWN_GAPS.txt").write_text("maxmin.py::max with a wrong sign  # on purpose\n")
    pytester.runpytest_inprocess("--symcheck-timeout", "20", "--symcheck-gap-timeout", "4").assert_outcomes(
        passed=1, xfailed=1)
    assert sorted(log.read_text().splitlines()) == ["0 20.0", "1 4.0"]
    assert len(passes) == 1 and len(passes[0]) == 1  # one pass, the file imported once for both claims
    log.unlink()
    pytester.runpytest_inprocess("--symcheck-timeout", "2", "--symcheck-gap-timeout", "4")
    assert sorted(log.read_text().splitlines()) == ["0 2.0", "1 2.0"]


def test_a_known_gap_list_applies_to_its_own_folder_only(pytester):
    pytester.makeini("[pytest]\ntestpaths = claims\n")
    (pytester.path / "claims" / "sub").mkdir(parents=True)
    (pytester.path / "claims" / "sub" / "maxmin.py").write_text(textwrap.dedent(CLAIMS))
    (pytester.path / "claims" / "KNOWN_GAPS.txt").write_text("maxmin.py::max with a wrong sign  # wrong folder\n")
    result = pytester.runpytest("--symcheck-timeout", "20")
    result.assert_outcomes(passed=1, failed=1)


# ---- under pytest-xdist: one `pytest -n 2` run, shared

OUTCOME_WORDS = {"PASSED": "passed", "FAILED": "failed", "XFAIL": "xfailed", "XPASS": "xpassed", "ERROR": "errors"}


def outcomes_of(result, *paths: str) -> dict:
    """{outcome: count} of the items of a run whose node ids start with one of `paths`, read from the run's
    `-rA` summary (one line per item): a run holding the cases of several tests, each checked on its own."""
    counts: dict = {}
    for line in result.outlines:
        word, _, nodeid = line.partition(" ")
        if word in OUTCOME_WORDS and nodeid.startswith(paths):
            counts[OUTCOME_WORDS[word]] = counts.get(OUTCOME_WORDS[word], 0) + 1
    return counts


@pytest.fixture(scope="module")
def xdist_run(tmp_path_factory):
    """One `pytest -n 2` run (a controller, two workers and their claim workers: 3-4 s of CPU) for the tests of
    the plugin under pytest-xdist, in a folder holding what each of them needs:

    - claims/logged.py: CLAIMS, and a line in imported.log for each process that imports the file (its xdist
      worker, or "controller" for the processes of the controller);
    - claims/maxmin.py: CLAIMS, its wrong claim listed in KNOWN_GAPS.txt;
    - tests/test_units.py: six unit tests;
    - conftest.py: a line in decided.log for each claim decided (the xdist worker, the file, the claim).

    Run as `pytester.runpytest_subprocess` runs pytest (pytester is one test's), with `-rA` for each item's
    outcome. Returns the run's pytest.RunResult and the folder."""
    pytest.importorskip("xdist")
    folder = tmp_path_factory.mktemp("xdist_run")
    (folder / "pytest.ini").write_text("[pytest]\ntestpaths = claims tests\n")
    (folder / "claims").mkdir()
    (folder / "tests").mkdir()
    (folder / "claims" / "logged.py").write_text(textwrap.dedent(f"""
        import os
        with open({str(folder / "imported.log")!r}, "a") as handle:
            handle.write(os.environ.get("PYTEST_XDIST_WORKER", "controller") + "\\n")
    """) + textwrap.dedent(CLAIMS))
    (folder / "claims" / "maxmin.py").write_text(textwrap.dedent(CLAIMS))
    (folder / "claims" / "KNOWN_GAPS.txt").write_text("maxmin.py::max with a wrong sign  # on purpose\n")
    (folder / "tests" / "test_units.py").write_text(
        "import pytest\n@pytest.mark.parametrize('k', range(6))\ndef test_unit(k):\n    assert k >= 0\n")
    (folder / "conftest.py").write_text(textwrap.dedent(f"""
        import os
        import symcheck.pytest_plugin as plugin
        real = plugin._decide_items
        def logged(config, items):
            with open({str(folder / "decided.log")!r}, "a") as handle:
                for item in items:
                    handle.write(os.environ.get("PYTEST_XDIST_WORKER", "-") + " " + item.path.name + " "
                                 + item.claim.name + "\\n")
            return real(config, items)
        plugin._decide_items = logged
    """))
    # The environment pytester gives its runs (no outer pytest options, HOME here, no colours, the folder on
    # the path), and no PYTEST_XDIST_WORKER: this test may itself run in an xdist worker, whose name the run's
    # processes would inherit (the controller's would log it instead of "controller").
    env = {name: value for name, value in os.environ.items()
           if name not in ("PYTEST_ADDOPTS", "TOX_ENV_DIR", "PYTEST_XDIST_WORKER")}
    env.update(HOME=str(folder), USERPROFILE=str(folder), PY_COLORS="0",
               PYTHONPATH=os.pathsep.join(filter(None, [str(folder), env.get("PYTHONPATH", "")])))
    (folder / "basetemp").mkdir()
    done = subprocess.run([sys.executable, "-m", "pytest", f"--basetemp={folder / 'basetemp'}", "-n", "2", "-rA",
                           "--symcheck-timeout", "20", "-p", "no:cacheprovider", *UNUSED_PLUGINS],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=600)
    print(done.stdout, done.stderr, sep="\n")
    return pytest.RunResult(done.returncode, done.stdout.splitlines(), done.stderr.splitlines(), 0.0), folder


@pytest.mark.slow
def test_under_xdist_the_controller_lists_each_claim_file_once_for_every_worker(xdist_run):
    """`pytest -n 2`: the files are imported once to list their claims (by the controller's workers, for both
    xdist workers) and once more to decide them, never once per xdist worker."""
    result, folder = xdist_run
    result.assert_outcomes(passed=8, failed=1, xfailed=1)  # the shared run's items, nothing else (no errors)
    assert outcomes_of(result, "claims/logged.py") == {"passed": 1, "failed": 1}
    importers = (folder / "imported.log").read_text().split()
    assert importers.count("controller") == 1, importers       # listed once, for both workers
    assert len([i for i in importers if i != "controller"]) == 1, importers  # decided once, on one worker


def test_a_worker_lists_a_file_again_when_it_changed_since_the_controller_listed_it(tmp_path):
    from types import SimpleNamespace

    from symcheck.pytest_plugin import INSPECTED, _listed_by_the_controller, _stamp

    claim_file = tmp_path / "c.py"
    claim_file.write_text("x = 1\n")
    listed = {str(claim_file.resolve()): {"stamp": _stamp(claim_file),
                                           "claims": [{"index": 0, "name": "one", "line": 3}]}}
    config = SimpleNamespace(workerinput={INSPECTED: listed})
    info = _listed_by_the_controller(config, claim_file)
    assert [(c.index, c.name, c.line) for c in info.claims] == [(0, "one", 3)]
    claim_file.write_text("x = 22\n")  # another size: listed again by the worker itself
    assert _listed_by_the_controller(config, claim_file) is None
    assert _listed_by_the_controller(SimpleNamespace(), claim_file) is None  # not an xdist worker


def test_under_xdist_the_claims_are_decided_once_on_one_worker(xdist_run):
    """`pytest -n 2`: every claim item runs on one worker (xdist group), each claim decided once."""
    result, folder = xdist_run
    result.assert_outcomes(passed=8, failed=1, xfailed=1)  # the shared run's items, nothing else (no errors)
    assert outcomes_of(result, "claims/maxmin.py", "tests/") == {"passed": 7, "xfailed": 1}
    lines = [line.split(" ", 2) for line in (folder / "decided.log").read_text().splitlines()]
    assert sorted(name for _, file, name in lines if file == "maxmin.py") == ["max identity", "max with a wrong sign"]
    assert sorted(name for _, file, name in lines if file == "logged.py") == ["max identity", "max with a wrong sign"]
    assert len({worker for worker, _, _ in lines}) == 1  # one worker decided them
