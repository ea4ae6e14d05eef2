"""Soundness both ways on the claims suite: mutants of proved claims are refuted, never proved.

For every claim in claims/ expected `proved`, small mutations (a dropped transpose,
a swapped product, a doubled or negated right-hand side) are handed to the provers
and to the refuter separately. A mutant both proved and refuted would be a soundness
bug. A negated or doubled right-hand side must be refuted outright. A mutant the
provers prove must be a true identity by accident (e.g. a transpose dropped from
a symmetric matrix): those are listed, and the refuter must find nothing against them.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from mutate import mutants  # tests/mutate.py
from symcheck.engine import problem_from_claim, prove
from symcheck.known_gaps import read_known_gaps
from symcheck.loader import find_claim_files, load_claim_file
from symcheck.model.problem import IllTyped, Problem
from symcheck.refute.search import search
from symcheck.verdict import PROVED, REFUTED
from symcheck.worker import Done, run_warm

pytestmark = pytest.mark.slow  # the fixture judges three mutants of every proved claim of the suite

CLAIMS = Path(__file__).resolve().parents[1] / "claims"
MUTANTS_PER_CLAIM = 3
PROVER_SECONDS = 3.0
REFUTER_INSTANCES = 80


def _proved_claims():
    if not CLAIMS.is_dir():
        return []
    found, gaps = [], read_known_gaps(CLAIMS)  # a known gap is not proved, so it has no mutants to judge
    for path in find_claim_files([str(CLAIMS)]):
        loaded = load_claim_file(path)
        found += [(path.name, c) for c in loaded.claims if c.expect == "proved" and c.relation == "=="
                  and f"{path.name}::{c.name}" not in gaps]
    return found


def _judge_mutants(claim) -> list[dict]:
    """For each mutant of one claim: did the provers prove it, did the refuter refute it?"""
    original = problem_from_claim(claim)
    rows = []
    for description, lhs, rhs in list(mutants(claim.lhs, claim.rhs))[:MUTANTS_PER_CLAIM]:
        try:
            problem = Problem.build(lhs, rhs, "==", original.assumptions, original.layout, claim.name)
        except IllTyped:
            rows.append({"mutation": description, "ill_typed": True})
            continue
        except Exception as exc:  # a mutant SymPy itself cannot build is no mutant
            rows.append({"mutation": description, "ill_typed": True, "why": str(exc)})
            continue
        verdict = prove(problem, time.monotonic() + PROVER_SECONDS, [])
        found = search(problem, time.monotonic() + PROVER_SECONDS, max_instances=REFUTER_INSTANCES,
                       shrink_counterexample=False)  # refuted or not is all the judge asks
        rows.append({"mutation": description, "ill_typed": False,
                     "proved": verdict is not None and verdict.status == PROVED,
                     "refuted": found.status == REFUTED})
    return rows


@pytest.fixture(scope="module")
def judged():
    claims = _proved_claims()
    if not claims:
        pytest.skip("no claims/ folder in this checkout")
    results = {}
    # Children that judge claim after claim (replaced after any failure): a fork per claim started
    # every one with cold caches and cost several times the judging itself.
    for index, outcome, _ in run_warm(_judge_mutants, [(claim,) for _, claim in claims], jobs=2, timeout=60):
        file, claim = claims[index]
        results[f"{file}::{claim.name}"] = outcome.value if isinstance(outcome, Done) else None
    return results


def test_no_mutant_is_both_proved_and_refuted(judged):
    both = [(name, row["mutation"]) for name, rows in judged.items() if rows
            for row in rows if not row["ill_typed"] and row["proved"] and row["refuted"]]
    assert both == []


def test_a_negated_or_doubled_right_hand_side_is_refuted_and_never_proved(judged):
    missed = [(name, row["mutation"]) for name, rows in judged.items() if rows for row in rows
              if row["mutation"] in ("negated the rhs", "doubled the rhs", "shifted the rhs")
              and not row["ill_typed"] and (row["proved"] or not row["refuted"])]
    assert missed == []


def test_structural_mutants_are_decided_one_way_or_the_other(judged):
    """Dropped transposes and swapped products: refuted, or proved when the mutant is true by accident
    (a trace is cyclic, a 1×1 word is its own transpose, powers of one matrix commute)."""
    structural = [row for rows in judged.values() if rows for row in rows
                  if not row["ill_typed"] and row["mutation"].startswith(("dropped", "swapped"))]
    decided = [row for row in structural if row["refuted"] != row["proved"]]
    if structural:
        assert len(decided) >= 0.9 * len(structural), f"{len(decided)} of {len(structural)} decided"


def test_every_judged_claim_came_back(judged):
    lost = [name for name, rows in judged.items() if rows is None]
    assert lost == []


def test_a_matrix_side_equal_to_a_scalar_zero_has_a_shifted_mutant():
    """xᵀSx = 0 (a 1×1 matrix against the scalar 0): the shifted mutant is xᵀSx = 1, not a SymPy error."""
    from sympy import MatrixSymbol, symbols

    n = symbols("n", integer=True, positive=True)
    S, x = MatrixSymbol("S", n, n), MatrixSymbol("x", n, 1)
    found = {description: (lhs, rhs) for description, lhs, rhs in mutants(x.T * S * x, 0)}
    assert found["shifted the rhs"] == (x.T * S * x, 1)
