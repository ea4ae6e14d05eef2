"""Every labelled answer (benchmarks/answers) keeps its pinned verdict: status, method, hint and
counterexample (tests/data/labelled_verdicts.tsv, written by tests/labelled_verdicts.py).

Speed work on the checker (the flint evaluation path, the caches of plans, pools, readings and
hint candidates, the cheaper draws) must not move one of them. A deliberate change of a verdict
regenerates the file; its diff names the answers that moved."""
import pathlib

import pytest

from labelled_verdicts import FIELDS, current_verdicts, read  # tests/labelled_verdicts.py

PINNED = pathlib.Path(__file__).parent / "data" / "labelled_verdicts.tsv"


@pytest.mark.slow
def test_every_labelled_answer_keeps_its_pinned_verdict():
    pinned = read(PINNED)
    now = current_verdicts()
    assert len(now) == len(pinned) == 260
    moved = [(p["question"], p["answer"], field, p[field], n[field])
             for p, n in zip(pinned, now) for field in FIELDS if p[field] != n[field]]
    assert moved == []


def test_the_pinned_file_matches_the_labels_it_pins():
    """No false accept is pinned: a wrong answer is never `equivalent`, and every right one is."""
    import csv
    with (pathlib.Path(__file__).parents[1] / "benchmarks" / "answers" / "labelled.tsv").open(
            encoding="utf-8", newline="") as handle:
        labels = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    pinned = read(PINNED)
    assert [(r["question"], r["answer"]) for r in labels] == [(p["question"], p["answer"]) for p in pinned]
    for label, row in zip(labels, pinned):
        assert (row["status"] == "equivalent") == (label["correct"] == "1"), (label, row)
        assert (row["counterexample"] != "") == (row["status"] == "not_equivalent"), row
