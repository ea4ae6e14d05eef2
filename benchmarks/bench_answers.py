"""Accuracy of symcheck's answer checker on the labelled set, against math-verify in the same run.

    python benchmarks/bench_answers.py [--jobs N] [--timeout S] [--verify-labels] [--show-misses]

The set is benchmarks/answers/labelled.tsv (question, correct 1/0, answer, note) with the
questions in benchmarks/answers/questions.ref. "Accepted" means graded correct: symcheck's
`equivalent`, math-verify's `verify(gold, answer) == True`. A false accept (a wrong answer
graded correct) is the failure that matters; symcheck must have none.

--verify-labels re-checks every label with exact instances, independently of the provers:
a label 0 needs a shape mismatch or an exact counterexample from the refuter; a label 1
must survive the refuter's search (evidence, not proof). Disagreements are printed.
"""
from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symcheck.grade import grade_rows, prepare_questions, read_reference  # noqa: E402
from symcheck.grade.rows import AnswerRow  # noqa: E402
from symcheck.grade.store import Store  # noqa: E402

HERE = Path(__file__).resolve().parent / "answers"


def load_set() -> tuple[dict, list[dict]]:
    questions = prepare_questions(read_reference(HERE / "questions.ref"))
    with (HERE / "labelled.tsv").open(encoding="utf-8", newline="") as handle:
        triples = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    for t in triples:
        t["correct"] = t["correct"] == "1"
        if t["question"] not in questions:
            raise SystemExit(f"labelled.tsv: unknown question {t['question']!r}")
    return questions, triples


def run_symcheck(questions, triples, jobs: int, timeout: float) -> tuple[list[str], float]:
    rows = [AnswerRow(i + 1, f"t{i}", t["question"], t["answer"]) for i, t in enumerate(triples)]
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.sqlite") as store:
        start = time.perf_counter()
        grade_rows(questions, rows, store, source="bench", jobs=jobs, timeout=timeout)
        wall = time.perf_counter() - start
        status = {r["row_number"]: r["status"] for r in store.results()}
    return [status[i + 1] for i in range(len(triples))], wall


def run_math_verify(questions, triples) -> tuple[list[str], float]:
    from math_verify import parse, verify

    def prepare(text: str) -> str:  # math-verify's parser reads ^T but not ^\top
        return "$" + text.replace(r"\top", "T") + "$"
    out = []
    start = time.perf_counter()
    for t in triples:
        try:
            gold = parse(prepare(questions[t["question"]].reference))
            answer = parse(prepare(t["answer"]))
            out.append("accept" if verify(gold, answer) else "reject")
        except Exception as exc:  # noqa: BLE001 - a failure to decide is a rejection
            out.append(f"error: {type(exc).__name__}")
    return out, time.perf_counter() - start


def verify_labels(questions, triples, jobs: int, timeout: float) -> list[str]:
    """Independent exact check of every label (refuter only); returns the disagreements."""
    from symcheck.worker import Done, run_many
    tasks = [(_label_evidence, (questions[t["question"]], t["answer"], timeout * 0.8)) for t in triples]
    problems = []
    for index, outcome, _ in run_many(tasks, jobs=jobs, timeout=timeout):
        t = triples[index]
        evidence = outcome.value if isinstance(outcome, Done) else "no evidence (timeout or crash)"
        wrong_evidence = evidence.startswith(("ill-typed", "counterexample"))
        if t["correct"] == wrong_evidence or evidence.startswith("no evidence"):
            problems.append(f"{t['question']}: {t['answer']!r} labelled {int(t['correct'])}: {evidence}")
    return problems


def _label_evidence(question, answer: str, seconds: float) -> str:
    from symcheck.latex import ParseError, parse_formula
    from symcheck.model.problem import IllTyped, Problem
    from symcheck.refute.search import search
    try:
        expr = parse_formula(answer, question.declarations)
        problem = Problem.build(expr, question.expr, "==", question.assumptions, question.layout)
    except IllTyped as exc:
        return f"ill-typed: {exc}"
    except ParseError as exc:
        return f"no evidence (unparseable: {exc.reason})"
    found = search(problem, time.monotonic() + seconds, max_instances=200)
    if found.status == "refuted":
        return "counterexample: " + found.counterexample.describe().replace("\n", " ")
    return "consistent: " + found.detail


def score(predicted_accept: list[bool], triples) -> dict:
    tp = sum(p and t["correct"] for p, t in zip(predicted_accept, triples))
    tn = sum((not p) and (not t["correct"]) for p, t in zip(predicted_accept, triples))
    fa = sum(p and not t["correct"] for p, t in zip(predicted_accept, triples))
    fr = sum((not p) and t["correct"] for p, t in zip(predicted_accept, triples))
    return {"accuracy": (tp + tn) / len(triples), "correct accepted": tp, "wrong rejected": tn,
            "false accepts": fa, "false rejects": fr}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--verify-labels", action="store_true")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    questions, triples = load_set()
    n_right = sum(t["correct"] for t in triples)
    print(f"labelled set: {len(triples)} answers to {len(questions)} questions "
          f"({n_right} correct, {len(triples) - n_right} wrong)")
    if args.verify_labels:
        problems = verify_labels(questions, triples, args.jobs, args.timeout)
        print(f"label check (exact instances, refuter only): {len(problems)} disagreement(s)")
        for p in problems:
            print("  ", p)
    statuses, sym_wall = run_symcheck(questions, triples, args.jobs, args.timeout)
    verdicts, mv_wall = run_math_verify(questions, triples)
    sym = score([s == "equivalent" for s in statuses], triples)
    mv = score([v == "accept" for v in verdicts], triples)
    print(f"\n{'':22}{'symcheck':>12}{'math-verify':>14}")
    for key in sym:
        fmt = (lambda v: f"{100 * v:.1f}%") if key == "accuracy" else str
        print(f"{key:22}{fmt(sym[key]):>12}{fmt(mv[key]):>14}")
    print(f"{'wall time':22}{sym_wall:>11.1f}s{mv_wall:>13.1f}s   (symcheck: {args.jobs} workers)")
    print("\nsymcheck statuses on correct answers:", dict(Counter(s for s, t in zip(statuses, triples) if t["correct"])))
    print("symcheck statuses on wrong answers:  ", dict(Counter(s for s, t in zip(statuses, triples) if not t["correct"])))
    if args.show_misses:
        print("\nsymcheck misses:")
        for s, t in zip(statuses, triples):
            if (s == "equivalent") != t["correct"]:
                print(f"  {s:<15} {t['question']}: {t['answer']}  [{t['note']}]")
        print("math-verify false accepts:")
        for v, t in zip(verdicts, triples):
            if v == "accept" and not t["correct"]:
                print(f"  {t['question']}: {t['answer']}  [{t['note']}]")
    return 1 if sym["false accepts"] else 0


if __name__ == "__main__":
    sys.exit(main())
