"""The pytest plugin: one test item per claim, failing with the verdict, the counterexample and the source."""
import importlib
import textwrap

import pytest

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


@pytest.mark.slow
def test_under_xdist_the_controller_lists_each_claim_file_once_for_every_worker(pytester, monkeypatch):
    """`pytest -n 2`: the files are imported once to list their claims (by the controller's workers, for both
    xdist workers) and once more to decide them, never once per xdist worker."""
    pytest.importorskip("xdist")
    log = pytester.path / "imported.log"
    pytester.makeini("[pytest]\ntestpaths = claims\n")
    pytester.mkdir("claims")
    (pytester.path / "claims" / "logged.py").write_text(textwrap.dedent(f"""
        import os
        with open({str(log)!r}, "a") as handle:
            handle.write(os.environ.get("PYTEST_XDIST_WORKER", "controller") + "\\n")
    """) + textwrap.dedent(CLAIMS))
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)  # this test may itself run in an xdist worker
    result = pytester.runpytest_subprocess("-n", "2", "--symcheck-timeout", "20", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    importers = log.read_text().split()
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


def test_under_xdist_the_claims_are_decided_once_on_one_worker(pytester):
    """`pytest -n 2`: every claim item runs on one worker (xdist group), each claim decided once."""
    pytest.importorskip("xdist")
    pytester.makeini("[pytest]\ntestpaths = claims tests\n")
    pytester.mkdir("claims")
    pytester.mkdir("tests")
    (pytester.path / "claims" / "maxmin.py").write_text(textwrap.dedent(CLAIMS))
    (pytester.path / "claims" / "KNOWN_GAPS.txt").write_text("maxmin.py::max with a wrong sign  # on purpose\n")
    (pytester.path / "tests" / "test_units.py").write_text(
        "import pytest\n@pytest.mark.parametrize('k', range(6))\ndef test_unit(k):\n    assert k >= 0\n")
    log = pytester.path / "decided.log"
    (pytester.path / "conftest.py").write_text(textwrap.dedent(f"""
        import os
        import symcheck.pytest_plugin as plugin
        real = plugin._decide_items
        def logged(config, items):
            with open({str(log)!r}, "a") as handle:
                for item in items:
                    handle.write(os.environ.get("PYTEST_XDIST_WORKER", "-") + " " + item.claim.name + "\\n")
            return real(config, items)
        plugin._decide_items = logged
    """))
    result = pytester.runpytest_subprocess("-n", "2", "-rx", "--symcheck-timeout", "20")
    result.assert_outcomes(passed=7, xfailed=1)
    lines = log.read_text().splitlines()
    assert sorted(line.split(" ", 1)[1] for line in lines) == ["max identity", "max with a wrong sign"]
    assert len({line.split(" ", 1)[0] for line in lines}) == 1  # one worker decided them
