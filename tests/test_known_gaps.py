"""Known gaps in `symcheck run`: an expected failure (mark `x`, exit 0, `"known_gap": true` with `ok: false`),
loud when it starts passing (XPASS), found in the KNOWN_GAPS.txt of each claim file's own folder."""
import json
from types import SimpleNamespace

import pytest

from symcheck.cli import main
from symcheck.known_gaps import KnownGaps, gap_key, read_known_gaps, read_strictness

CLAIMS = """
    from sympy import Abs, Max, symbols
    from symcheck import Claim
    x1, x2 = symbols("x1 x2")
    right = Claim("max identity", Max(x1, x2), (x1 + x2) / 2 + Abs(x1 - x2) / 2, expect="proved")
    wrong = Claim("max with a wrong sign", Max(x1, x2), (x1 + x2) / 2 - Abs(x1 - x2) / 2, expect="proved")
"""


@pytest.fixture
def symcheck(capsys, monkeypatch):
    """`symcheck ARGS` in this process (its workers are forked): (exit status, stdout, stderr)."""
    def run(*args, cwd):
        monkeypatch.chdir(cwd)
        code = main([*args, "--timeout", "20", "--no-progress"])
        out = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)
    return run


def test_reading_a_list_skips_comments_and_blank_lines(tmp_path):
    (tmp_path / "KNOWN_GAPS.txt").write_text("# header\n\nx.py::a claim  # the reason\ny.py::other\n",
                                             encoding="utf-8")
    assert read_known_gaps(tmp_path) == {"x.py::a claim": "the reason", "y.py::other": "known gap"}
    assert read_known_gaps(tmp_path / "nowhere") == {}
    gap = KnownGaps().lookup(tmp_path / "x.py", "a claim")
    assert gap.key == gap_key("x.py", "a claim") and gap.listed_in == tmp_path / "KNOWN_GAPS.txt"
    assert KnownGaps().lookup(tmp_path / "x.py", "another claim") is None
    assert gap.strict and read_strictness(tmp_path) and read_strictness(tmp_path / "nowhere")


def test_a_list_may_say_it_is_not_strict(tmp_path):
    (tmp_path / "KNOWN_GAPS.txt").write_text("# strict: no\nx.py::a claim  # slow\n", encoding="utf-8")
    assert read_known_gaps(tmp_path) == {"x.py::a claim": "slow"}
    assert not read_strictness(tmp_path) and not KnownGaps().lookup(tmp_path / "x.py", "a claim").strict


def test_a_listed_failure_is_an_expected_failure_and_the_run_exits_0(claim_dir, symcheck):
    folder = claim_dir(maxmin=CLAIMS)
    (folder / "KNOWN_GAPS.txt").write_text("maxmin.py::max with a wrong sign  # on purpose\n", encoding="utf-8")
    text = symcheck("run", str(folder), cwd=folder.parent)
    assert text.returncode == 0, text.stdout + text.stderr
    assert "  x refuted  max with a wrong sign   (expected proved; known gap: on purpose)" in text.stdout
    assert text.stdout.rstrip().endswith("1 proved, 1 refuted, 0 unknown, 0 error; 1 ok, 1 not ok "
                                         "(1 known gap, expected)")
    doc = json.loads(symcheck("run", str(folder), "--json", cwd=folder.parent).stdout)
    wrong = next(r for r in doc["results"] if r["name"] == "max with a wrong sign")
    assert wrong["ok"] is False and wrong["known_gap"] is True
    assert "known_gap" not in next(r for r in doc["results"] if r["name"] == "max identity")
    assert doc["summary"] == {"proved": 1, "refuted": 1, "unknown": 0, "error": 0, "ok": 1, "not_ok": 1,
                              "known_gap": 1, "known_gap_passed": 0}


def test_an_unlisted_failure_still_fails_the_run(claim_dir, symcheck):
    folder = claim_dir(maxmin=CLAIMS)
    (folder / "KNOWN_GAPS.txt").write_text("maxmin.py::some other claim  # stale\n", encoding="utf-8")
    run = symcheck("run", str(folder), cwd=folder.parent)
    assert run.returncode == 1 and "  ✗ refuted  max with a wrong sign   (expected proved)" in run.stdout
    assert "KNOWN_GAPS.txt lists 'maxmin.py::some other claim', which is no claim of" in run.stderr


def test_a_known_gap_that_now_passes_is_reported_loudly(claim_dir, symcheck):
    folder = claim_dir(maxmin=CLAIMS.split("wrong =")[0])
    (folder / "KNOWN_GAPS.txt").write_text("maxmin.py::max identity  # thought undecidable\n", encoding="utf-8")
    run = symcheck("run", str(folder), cwd=folder.parent)
    assert run.returncode == 0  # the result is ok (CONTRACT §3); the list must shrink, which pytest enforces
    message = f"XPASS: known gap now decided — remove it from {folder}/KNOWN_GAPS.txt: maxmin.py::max identity"
    assert message in run.stdout and message in run.stderr
    assert "; XPASS: 1 known gap now decided" in run.stdout
    doc = json.loads(symcheck("run", str(folder), "--json", cwd=folder.parent).stdout)
    assert doc["results"][0]["ok"] is True and doc["results"][0]["known_gap"] is True
    assert doc["summary"]["known_gap_passed"] == 1 and doc["summary"]["known_gap"] == 0


def test_each_folder_has_its_own_list(claim_dir, symcheck):
    folder = claim_dir(top=CLAIMS)
    (folder / "sub").mkdir()
    (folder / "sub" / "inner.py").write_text((folder / "top.py").read_text())
    (folder / "KNOWN_GAPS.txt").write_text("top.py::max with a wrong sign  # on purpose\n"
                                           "inner.py::max with a wrong sign  # not this folder's claim\n")
    run = symcheck("run", str(folder), "--json", cwd=folder.parent)
    doc = json.loads(run.stdout)
    gaps = {(r["file"].split("/")[-1], r["name"]): r.get("known_gap", False) for r in doc["results"]}
    assert gaps[("top.py", "max with a wrong sign")] and not gaps[("inner.py", "max with a wrong sign")]
    assert run.returncode == 1  # sub/inner.py's failure is not a known gap: sub/ has no list
    (folder / "sub" / "KNOWN_GAPS.txt").write_text("inner.py::max with a wrong sign  # on purpose\n")
    assert symcheck("run", str(folder), cwd=folder.parent).returncode == 0


def test_a_file_that_does_not_import_is_never_a_known_gap(claim_dir, symcheck):
    folder = claim_dir(broken="x = (\n")
    (folder / "KNOWN_GAPS.txt").write_text("broken.py::<file>  # listed anyway\n")
    assert symcheck("run", str(folder), cwd=folder.parent).returncode == 1
