"""Grading throughput: 1,000 answers with realistic duplication, on N workers (issue 7's benchmark).

    python benchmarks/bench_grading.py [--rows 1000] [--jobs 2] [--timeout 10] [--seed 0]

Builds a class from the labelled set: 200 students answer 5 matrix questions; each
answer is drawn with Zipf-like weights (a few forms are very common, as in real
submissions) and written with random cosmetic variations (spaces, \\left( \\right),
^{T} for ^T, surrounding $) that the normaliser merges. Reports the distinct answers
actually checked, the wall time, the throughput, the batch start overhead (from the
call to the first task handed to a worker) and the interpreter + import time of the
command. Times are reported, never asserted.
"""
from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUESTIONS = ("ridge", "grad_ls", "gd_step", "push_through", "quad_grad")
COSMETIC = (
    lambda s: s.replace("(", r"\left(").replace(")", r"\right)") if "\\" not in s.split("(")[0][-6:] else s,
    lambda s: s.replace("^T", "^{T}"),
    lambda s: s.replace("^T", r"^\top ").replace(r"\top  ", r"\top "),
    lambda s: "$" + s + "$",
    lambda s: s.replace("+", " + ").replace("-", " - "),
    lambda s: s,
)


def make_class(rows: int, seed: int) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)
    answers = defaultdict(list)
    with (ROOT / "benchmarks" / "answers" / "labelled.tsv").open(encoding="utf-8", newline="") as handle:
        for t in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            answers[t["question"]].append(t["answer"])
    out = []
    students = max(1, rows // len(QUESTIONS))
    for s in range(students):
        for q in QUESTIONS:
            pool = answers[q]
            weights = [1 / (rank + 1) ** 1.5 for rank in range(len(pool))]
            answer = rng.choices(pool, weights)[0]
            if rng.random() < 0.3:
                answer = rng.choice(COSMETIC)(answer)
            out.append((f"student{s:04d}", q, answer))
    return out[:rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    t0 = time.perf_counter()
    from symcheck.grade import format_summary, grade_file, results_of, summary
    from symcheck.grade.normalize import normalize_answer
    import_seconds = time.perf_counter() - t0
    rows = make_class(args.rows, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        ref = ROOT / "benchmarks" / "answers" / "questions.ref"
        answers = tmp / "class.csv"
        with answers.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["student", "question", "answer"])
            writer.writerows(rows)
        raw = len({(q, a) for _, q, a in rows})
        merged = len({(q, normalize_answer(a)) for _, q, a in rows})
        report = grade_file(ref, answers, tmp / "g.sqlite", jobs=args.jobs, timeout=args.timeout)
        results = results_of(tmp / "g.sqlite")
        resume = grade_file(ref, answers, tmp / "g.sqlite", jobs=args.jobs, timeout=args.timeout)
        small = tmp / "one.csv"
        small.write_text("student,question,answer\ns,ridge,X^T y\n", encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "symcheck", "grade", str(ref), str(small), "--db",
                        str(tmp / "cold.sqlite"), "--no-progress"], check=True, capture_output=True)
        cold = time.perf_counter() - start
    print(f"rows: {len(rows)}  distinct (question, answer) texts: {raw}  after normalisation: {merged}")
    print(f"checked by workers: {report.checks}  from the cache: {report.from_cache}")
    print(f"wall: {report.seconds:.1f} s with --jobs {args.jobs}  ->  {report.rate:.1f} answers/s")
    print(f"batch start overhead (call -> first task dispatched): {report.start_seconds:.2f} s")
    print(f"resume of a finished run: {resume.seconds:.2f} s ({resume.graded} rows graded)")
    print(f"import of symcheck.grade in this process: {import_seconds:.2f} s; "
          f"cold `symcheck grade` of a one-row file (interpreter + imports + run): {cold:.2f} s")
    print(format_summary(summary(results)))


if __name__ == "__main__":
    main()
