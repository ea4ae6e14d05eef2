"""The verdicts of the labelled answer set (benchmarks/answers), pinned: status, method, hint and
counterexample of every answer, as `check_in_process` gives them.

    python tests/labelled_verdicts.py > tests/data/labelled_verdicts.tsv    # after a deliberate change

Speed work on the checker must leave every one of them as it is (tests/test_labelled_verdicts.py);
a change that should change one (a new prover, a better hint) regenerates the file, and the diff
shows exactly which answers moved.
"""
from __future__ import annotations

import csv
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
FOLDER = ROOT / "benchmarks" / "answers"
FIELDS = ("question", "answer", "status", "method", "hint", "counterexample")


def current_verdicts(timeout: float = 10.0) -> list[dict]:
    """One row per labelled answer (in file order): what the checker says about it now."""
    from symcheck.grade import prepare_questions, read_reference
    from symcheck.grade.check import check_in_process
    from symcheck.grade.normalize import normalize_answer
    questions = prepare_questions(read_reference(FOLDER / "questions.ref"))
    with (FOLDER / "labelled.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    out = []
    for row in rows:
        verdict = check_in_process(questions[row["question"]], normalize_answer(row["answer"]), timeout)
        out.append({"question": row["question"], "answer": row["answer"], "status": verdict.status,
                    "method": verdict.method, "hint": verdict.hint,
                    "counterexample": json.dumps(verdict.counterexample, sort_keys=True, ensure_ascii=False)
                    if verdict.counterexample else ""})
    return out


def read(path: pathlib.Path) -> list[dict]:
    """The rows of a pinned file (tab-separated, no field holds a tab or a newline)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [dict(zip(FIELDS, line.split("\t"))) for line in lines[1:]]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    print("\t".join(FIELDS))
    for row in current_verdicts():
        fields = [row[f] for f in FIELDS]
        assert not any("\t" in f or "\n" in f for f in fields), fields
        print("\t".join(fields))


if __name__ == "__main__":
    main()
