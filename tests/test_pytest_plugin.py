"""The pytest plugin: one test item per claim, failing with the verdict, the counterexample and the source."""
import textwrap

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
    result = pytester.runpytest("-rx", "--symcheck-timeout", "20")
    result.assert_outcomes(passed=1, xfailed=1)
    result.stdout.fnmatch_lines(["*known gap: written wrongly on purpose*"])


def test_a_proof_whose_certificate_the_checker_rejects_fails_its_item(pytester, monkeypatch):
    from symcheck.certify import checker

    class Rejected:
        accepted, reason = False, "a term was dropped"

    monkeypatch.setattr(checker, "check_certificate", lambda certificate, claim: Rejected())
    pytester.makeini("[pytest]\ntestpaths = claims\n")
    pytester.mkdir("claims")
    (pytester.path / "claims" / "maxmin.py").write_text(textwrap.dedent(CLAIMS).split("wrong =")[0])
    result = pytester.runpytest_inprocess("--symcheck-timeout", "20")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*certificate is rejected: a term was dropped*"])
