"""The Matrix Cookbook benchmark's data and tools (benchmarks/cookbook/, bench_cookbook.py, cookbook_check.py).

The claim files must load cleanly under symcheck's own loader, with unique names, a
decided expectation and a cookbook source each; the pending `.py.txt` files must stay
out of every run; the bench script must flag a claim decided against its expect; and the
independent checker must tell a true identity from a false one on exact instances.
No verdict of symcheck is asserted here (that is what the benchmark measures).
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from symcheck.loader import find_claim_files, load_claim_file
from symcheck.runner import Result

ROOT = Path(__file__).resolve().parents[1]
CLAIM_DIR = ROOT / "benchmarks" / "cookbook"


def _load_script(name: str):
    path = ROOT / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_cookbook_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


CLAIM_FILES = find_claim_files([str(CLAIM_DIR)])


@pytest.fixture(scope="module")
def loaded():
    """loaded(path): the cookbook file as symcheck's loader reads it, each file loaded once for the module's tests
    (some take seconds to build; under pytest-xdist these tests run on one worker: tests/conftest.py)."""
    files = {}

    def load(path):
        if path not in files:
            files[path] = load_claim_file(path)
        return files[path]
    return load


def test_the_benchmark_has_every_section_file():
    stems = {p.stem for p in CLAIM_FILES}
    assert stems == {"s1_basics", "s2_derivatives", "s3_inverses", "s8_gaussians", "s9_1_blocks", "s9_special",
                     "s10_kronecker_hadamard", "s10_4_operator_norms", "s10_vec"}


def test_pending_files_are_not_claim_files():
    pending = sorted(p.name for p in CLAIM_DIR.glob("pending_*"))
    assert pending == []
    assert not any(p.name.startswith("pending_") for p in CLAIM_FILES)


@pytest.mark.parametrize("path", CLAIM_FILES, ids=lambda p: p.stem)
def test_claim_file_loads_with_unique_named_sourced_claims(path, loaded):
    claim_file = loaded(path)
    assert claim_file.error is None, claim_file.error
    names = [c.name for c in claim_file.claims]
    assert len(names) == len(set(names)), "duplicate claim names"
    for claim in claim_file.claims:
        assert not claim.problems, (claim.name, claim.problems)
        assert claim.expect in ("proved", "refuted"), claim.name
        assert claim.source and claim.source.startswith("Matrix Cookbook (2012) "), claim.name


def test_sections_one_to_three_and_blocks_hold_well_over_150_claims(loaded):
    count = sum(len(loaded(p).claims) for p in CLAIM_FILES
                if p.stem in ("s1_basics", "s2_derivatives", "s3_inverses", "s9_1_blocks"))
    assert count > 150


def _result(status, expect, name="c", file="benchmarks/cookbook/s1_basics.py"):
    return Result(file, name, status, "m", 0.5, expect, None, "", "Matrix Cookbook (2012) eq. 1")


def test_bench_flags_only_decisions_against_the_expectation():
    bench = _load_script("bench_cookbook")
    assert bench.wrong(_result("proved", "refuted"))
    assert bench.wrong(_result("refuted", "proved"))
    assert not bench.wrong(_result("unknown", "proved"))
    assert not bench.wrong(_result("error", "refuted"))
    assert not bench.wrong(_result("proved", "proved"))
    summary = bench.summarize_section([_result("proved", "proved"), _result("refuted", "proved", "d"),
                                       _result("unknown", "refuted", "u")])
    assert (summary["transcribed"], summary["proved"], summary["refuted"], summary["unknown"]) == (3, 1, 1, 1)
    assert (summary["met_expect"], summary["decided_wrongly"]) == (1, 1)


def test_bench_known_gaps_lists_the_unmet_and_the_slow_claims_and_reads_back(tmp_path):
    from types import SimpleNamespace

    from symcheck.known_gaps import read_known_gaps, read_strictness

    bench = _load_script("bench_cookbook")
    slow = _result("proved", "proved", "slow one")
    slow.seconds = bench.SLOW_SECONDS + 1
    results = [_result("proved", "proved", "fine"), _result("unknown", "proved", "open (eq. 2)"), slow,
               _result("refuted", "proved", "wrong")]
    (tmp_path / "KNOWN_GAPS.txt").write_text(bench.known_gaps_text(results, SimpleNamespace(timeout=10.0)))
    gaps = read_known_gaps(tmp_path)
    assert set(gaps) == {"s1_basics.py::open (eq. 2)", "s1_basics.py::slow one", "s1_basics.py::wrong"}
    assert gaps["s1_basics.py::open (eq. 2)"] == "unknown here, expected proved"
    assert not read_strictness(tmp_path)


def test_the_cookbook_runs_under_pytest_with_its_known_gaps(loaded):
    """`.ci/run` (plain `pytest`) collects the cookbook's claim files; its list of known gaps names only claims
    that exist, and is not strict."""
    import tomllib

    from symcheck.known_gaps import read_known_gaps, read_strictness

    ini = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "benchmarks/cookbook" in ini["testpaths"] and "benchmarks/cookbook" in ini["symcheck_claims"]
    names = {f"{p.name}::{c.name}" for p in CLAIM_FILES for c in loaded(p).claims}
    gaps = read_known_gaps(CLAIM_DIR)
    assert gaps and set(gaps) <= names
    assert not read_strictness(CLAIM_DIR)


def test_bench_markdown_replaces_only_between_the_markers(tmp_path):
    bench = _load_script("bench_cookbook")
    doc = tmp_path / "cookbook.md"
    doc.write_text(f"intro\n{bench.BEGIN}\nold table\n{bench.END}\noutro\n")
    bench.write_markdown(doc, "new table\n")
    assert doc.read_text() == f"intro\n{bench.BEGIN}\nnew table\n{bench.END}\noutro\n"


def test_independent_checker_separates_true_and_false_identities():
    from sympy import Derivative, MatrixSymbol, Trace, symbols

    from symcheck import Claim

    check = _load_script("cookbook_check")
    n = symbols("n", integer=True, positive=True)
    X, A = MatrixSymbol("X", n, n), MatrixSymbol("A", n, n)
    true = Claim("d Tr(AX)/dX = A^T", Derivative(Trace(A * X), X), A.T, layout="denominator", expect="proved")
    false = Claim("d Tr(AX)/dX = A", Derivative(Trace(A * X), X), A, layout="denominator", expect="refuted")
    assert check.check_claim(true, ("t", true.name), 4, "seed", 3)[0] == "holds"
    assert check.check_claim(false, ("t", false.name), 20, "seed", 3)[0] == "fails"
