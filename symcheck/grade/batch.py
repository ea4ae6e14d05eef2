"""Batch grading: every row of an answers file graded once, cached by normalised answer, resumable.

    report = grade_file("hw2.ref", "answers.csv", "grades.sqlite", jobs=2, timeout=5)

Flow: take the database's grading lock (one grading process per database: a second
one is refused with StoreBusy, or waits with wait=True); register the rows in the store; take the rows without a verdict; group them by
cache key (question fingerprint + normalised answer); keys already checked get their
verdict from the cache at once, rows that need no engine (unknown question, unreadable
row, refused by screening) too; every other key becomes one check, and its verdict is
written (with the verdicts of all its rows) in one transaction the moment it arrives.

Where the checks run is the scheduler's business, never the store's: locally in the warm
killable workers of `symcheck.worker.WarmPool` (`jobs` of them), or with
`scheduler="tcp://HOST:8786"` / `"local:N"` on a Dask cluster (`symcheck.cluster`), which
sends only the question specs and answer texts and returns plain verdict data. Either way
only this process writes the store, so resume, the cache and the lock hold alike.
"""
from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from ..worker import WarmPool
from .check import (DEFAULT_MEMORY_BYTES, DEFAULT_TIMEOUT, PreparedQuestion, check_in_process, prepare_question,
                    screen, verdict_from_outcome, warm_question, warm_up)
from .normalize import answer_key, normalize_answer
from .reference import QuestionSpec, read_reference
from .rows import AnswerRow, read_answers
from .store import GradingLock, Store
from .verdict import REJECTED, AnswerVerdict

Progress = Callable[[int, int], None]  # (rows graded so far in this run, rows to grade in this run)
# A scheduler's checks: (question id, normalised answer) items -> (item index, verdict) as each ends;
# an item it could not check at all is left out (its rows stay pending for the next run).
Checks = Callable[[list], Iterator]
TASKS_PER_CHILD = 500  # a warm worker is replaced after this many answers (bounds what caches keep)


@dataclass
class GradeReport:
    """What one grading run did: rows graded, from the cache or before, checks sent, time, warnings."""

    run_id: int
    rows: int = 0            # rows in the answers file
    graded: int = 0          # rows given a verdict by this run
    already: int = 0         # rows that had a verdict before this run (resume)
    checks: int = 0          # distinct answers sent to workers
    unchecked: int = 0       # distinct answers the scheduler could not check (their rows stay pending)
    from_cache: int = 0      # rows answered from the cache
    seconds: float = 0.0
    start_seconds: float = 0.0  # from the call until the checks are handed to the scheduler
    interrupted: bool = False
    warnings: list = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Rows graded per second of this run."""
        return self.graded / self.seconds if self.seconds > 0 else 0.0


def prepare_questions(specs: dict[str, QuestionSpec]) -> dict[str, PreparedQuestion]:
    """Parse every reference (raises ParseError / IllTyped naming the question)."""
    out = {}
    for qid, spec in specs.items():
        try:
            out[qid] = prepare_question(spec.answer, spec.declarations_text, spec.layout, qid)
        except Exception as exc:
            raise ValueError(f"question [{qid}]: the reference cannot be used: {exc}") from None
    return out


def grade_file(reference: str | Path, answers: str | Path, db: str | Path, *, jobs: int = 2,
               timeout: float = DEFAULT_TIMEOUT, memory_bytes: int | None = DEFAULT_MEMORY_BYTES,
               progress: Progress | None = None, regrade: bool = False, encoding: str = "utf-8",
               wait: bool = False, on_wait: Callable[[str], None] | None = None,
               scheduler: str | None = None) -> GradeReport:
    """Grade an answers file (.csv / .jsonl) against a reference file into the SQLite store `db`.

    Raises StoreBusy when another process is grading into `db` (or waits for it, with wait=True).
    `scheduler` ("tcp://HOST:8786", "local:N") runs the checks on a Dask cluster instead of `jobs`
    local workers (symcheck.cluster; raises ClusterError when it cannot be used).
    """
    start = time.monotonic()
    specs = read_reference(reference)
    rows = read_answers(answers, encoding)
    # Only the questions that the file answers are parsed (each costs a shape check); a bad
    # reference for one of them still stops the run before anything is graded.
    used = {r.question for r in rows}
    questions = prepare_questions({k: v for k, v in specs.items() if k in used})
    reference_sha = hashlib.sha256(Path(reference).read_bytes()).hexdigest()
    with Store(db) as store:
        return grade_rows(questions, rows, store, source=str(Path(answers).resolve()),
                          reference_path=str(reference), reference_sha=reference_sha, jobs=jobs, timeout=timeout,
                          memory_bytes=memory_bytes, progress=progress, regrade=regrade, started=start, wait=wait,
                          on_wait=on_wait, scheduler=scheduler)


def grade_rows(questions: dict[str, PreparedQuestion], rows: list[AnswerRow], store: Store, *, source: str,
               reference_path: str = "", reference_sha: str = "", jobs: int = 2, timeout: float = DEFAULT_TIMEOUT,
               memory_bytes: int | None = DEFAULT_MEMORY_BYTES, progress: Progress | None = None,
               regrade: bool = False, started: float | None = None, wait: bool = False,
               on_wait: Callable[[str], None] | None = None, scheduler: str | None = None) -> GradeReport:
    """Grade `rows` (the API behind grade_file; usable from notebooks with rows built in memory).

    Only one process grades into a database at a time (`GradingLock`): another one holding
    it raises StoreBusy, or is waited for with wait=True (after calling `on_wait(message)`).
    """
    started = time.monotonic() if started is None else started
    cluster_errors: list[str] = []
    if scheduler:
        from ..cluster import cluster_checks, parse_scheduler
        parse_scheduler(scheduler)  # a bad address or a missing Dask fails before anything is graded
        checks = cluster_checks(scheduler, questions, timeout=timeout, memory_bytes=memory_bytes,
                                on_error=cluster_errors.append)
    else:
        checks = local_checks(questions, jobs=jobs, timeout=timeout, memory_bytes=memory_bytes)
    with GradingLock(store.path, wait=wait, on_wait=on_wait):
        report = _grade_rows(questions, rows, store, source=source, reference_path=reference_path,
                             reference_sha=reference_sha, jobs=jobs, timeout=timeout, checks=checks,
                             progress=progress, regrade=regrade, started=started)
    report.warnings.extend(cluster_errors[:5])
    return report


def local_checks(questions: dict[str, PreparedQuestion], *, jobs: int, timeout: float,
                 memory_bytes: int | None) -> Checks:
    """Checks in `jobs` warm local workers (killable; a fresh one after any failure)."""
    def check(qid: str, answer: str, limit: float):
        return check_in_process(questions[qid], answer, limit)

    def run(items: list) -> Iterator:
        warm_up()
        for qid in dict.fromkeys(qid for qid, _ in items):  # before the fork: once, not once per worker
            warm_question(questions[qid])
        with WarmPool(check, jobs=jobs, timeout=timeout, memory_bytes=memory_bytes,
                      tasks_per_child=TASKS_PER_CHILD) as pool:
            for index, outcome, seconds in pool.run((qid, answer, timeout) for qid, answer in items):
                verdict = verdict_from_outcome(outcome)
                verdict.seconds = round(seconds, 4)
                yield index, verdict
    return run


def _grade_rows(questions, rows, store: Store, *, source, reference_path, reference_sha, jobs, timeout,
                checks: Checks, progress, regrade, started) -> GradeReport:
    warnings = []
    previous = store.previous_reference(source)
    if previous and reference_sha and previous != reference_sha and not regrade:
        warnings.append("the reference changed since the last run on these answers; rows graded before keep "
                        "their verdicts (use --regrade to grade them all again)")
    if regrade:
        store.forget_verdicts(source)
    store.add_answers(source, rows)
    pending = store.pending(source)
    report = GradeReport(0, rows=len(rows), already=len(rows) - len(pending), warnings=warnings)
    report.run_id = store.start_run(reference_path, reference_sha, source, jobs, timeout)
    groups, immediate = _group(pending, questions)
    total, done = len(pending), 0
    try:
        for key in store.cached(groups):
            question, normalized, ids, _ = groups.pop(key)
            done += store.record(key, question, normalized, None, ids, report.run_id, cached=True)
            report.from_cache += len(ids)
        for key, (question, normalized, ids, verdict) in immediate.items():
            done += store.record(key, question, normalized, verdict, ids, report.run_id)
        if progress:
            progress(done, total)
        keys = list(groups)
        # the normalised text is what the cache key stands for, so it is what gets checked
        items = [(groups[k][0], groups[k][1]) for k in keys]
        report.checks = len(items)
        report.start_seconds = time.monotonic() - started
        answered = 0
        stream = checks(items) if items else iter(())
        try:
            for index, verdict in stream:
                key = keys[index]
                question, normalized, ids, _ = groups[key]
                done += store.record(key, question, normalized, verdict, ids, report.run_id)
                answered += 1
                if progress:
                    progress(done, total)
        finally:
            getattr(stream, "close", lambda: None)()  # stops the workers at once, even when interrupted
        report.unchecked = len(items) - answered
        if report.unchecked:
            report.warnings.append(f"{report.unchecked} distinct answer(s) could not be checked; their rows have "
                                   f"no verdict yet (run the same command again to grade them)")
    except KeyboardInterrupt:
        report.interrupted = True
        store.finish_run(report.run_id, "interrupted")
        raise
    except Exception:  # e.g. the cluster went away: the verdicts written so far stay, the run resumes
        store.finish_run(report.run_id, "interrupted")
        raise
    finally:
        report.graded = done
        report.seconds = time.monotonic() - started
    store.finish_run(report.run_id)
    return report


def _group(pending, questions):
    """Split pending rows: key -> (question, normalized, [ids], answer) for workers, and rows decided here."""
    groups: dict = {}
    immediate: dict = {}
    seen: dict = {}  # (question, problem, answer) -> (key, normalized, verdict): a class repeats its answers
    for answer_id, _student, qid, answer, problem in pending:
        known = seen.get((qid, problem, answer))
        if known is None:
            known = seen[(qid, problem, answer)] = _classify(questions.get(qid), qid, answer, problem)
        key, normalized, verdict = known
        target = groups if verdict is None else immediate
        entry = target.setdefault(key, [qid, normalized, [], answer if verdict is None else verdict])
        entry[2].append(answer_id)
    return groups, immediate


def _classify(question, qid: str, answer, problem: str):
    """(cache key, normalised answer, verdict decided without a check or None) of one row."""
    verdict = None
    if problem:
        verdict = AnswerVerdict(REJECTED, f"row not read: {problem}", method="reader")
    elif question is None:
        verdict = AnswerVerdict(REJECTED, f"no question {qid!r} in the reference", method="reader")
    else:
        verdict = screen(answer)
    fingerprint = question.fingerprint if question is not None else "no-question:" + qid
    normalized = normalize_answer(answer) if verdict is None else ""
    key = answer_key(fingerprint, answer) if verdict is None else \
        answer_key(fingerprint + "\x00" + (problem or "screened"), answer)
    return key, normalized, verdict


def cpu_jobs() -> int:
    """Workers by default: 2, or fewer on a machine with fewer cores."""
    return max(1, min(2, os.cpu_count() or 1))


__all__ = ["grade_file", "grade_rows", "prepare_questions", "GradeReport", "cpu_jobs"]
