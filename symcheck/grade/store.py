"""The grading database (SQLite): answers, one cached check per distinct answer, one verdict per row.

Schema (see docs/grading.md):

    runs(run_id, started_at, finished_at, reference_path, reference_sha256, answers_path,
         jobs, timeout, status)                      -- status: running | finished | interrupted
    answers(answer_id, source, row_number, student, question, answer, problem)
         UNIQUE(source, row_number, student, question, answer)
    checks(answer_key PRIMARY KEY, question, normalized, status, hint, detail, method,
           counterexample, counterexample_text, parsed, seconds, run_id, checked_at)
    verdicts(answer_id PRIMARY KEY -> answers, answer_key -> checks, run_id -> runs, cached, graded_at)

Every check and the verdicts of all rows sharing it are written in one transaction as
soon as the check completes, so a killed run loses only the checks in flight, and a row
can never be graded twice (`verdicts.answer_id` is the primary key). Only one process
grades into a database at a time (`GradingLock`, an exclusive POSIX lock on `<db>.lock`
that the kernel releases when its holder ends, however it ends; forked workers do not
inherit it).
"""
from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
from pathlib import Path

from .verdict import AnswerVerdict

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    reference_path TEXT,
    reference_sha256 TEXT,
    answers_path TEXT,
    jobs INTEGER,
    timeout REAL,
    status TEXT NOT NULL DEFAULT 'running'
);
CREATE TABLE IF NOT EXISTS answers (
    answer_id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    row_number INTEGER NOT NULL,
    student TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    problem TEXT NOT NULL DEFAULT '',
    UNIQUE (source, row_number, student, question, answer)
);
CREATE TABLE IF NOT EXISTS checks (
    answer_key TEXT PRIMARY KEY,
    question TEXT NOT NULL,
    normalized TEXT NOT NULL,
    status TEXT NOT NULL,
    hint TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL DEFAULT '',
    counterexample TEXT,
    counterexample_text TEXT NOT NULL DEFAULT '',
    parsed TEXT NOT NULL DEFAULT '',
    seconds REAL NOT NULL DEFAULT 0,
    run_id INTEGER REFERENCES runs(run_id),
    checked_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS verdicts (
    answer_id INTEGER PRIMARY KEY REFERENCES answers(answer_id),
    answer_key TEXT NOT NULL REFERENCES checks(answer_key),
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    cached INTEGER NOT NULL DEFAULT 0,
    graded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_by_source ON answers(source);
"""

# One row per graded answer, as exports and the API see it.
RESULTS_SQL = """
SELECT a.answer_id, a.source, a.row_number, a.student, a.question, a.answer,
       c.status, c.hint, c.detail, c.method, c.counterexample, c.counterexample_text, c.parsed,
       c.seconds, v.cached, v.run_id
FROM answers a JOIN verdicts v ON v.answer_id = a.answer_id JOIN checks c ON c.answer_key = v.answer_key
ORDER BY a.source, a.row_number, a.answer_id
"""


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime())


COUNT_QUERIES = {"answers": "SELECT COUNT(*) FROM answers", "graded": "SELECT COUNT(*) FROM verdicts",
                 "checks": "SELECT COUNT(*) FROM checks"}


class Store:
    """A grading database; one connection, used by one process (the batch's parent)."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a committed verdict survives a killed process
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- runs
    def start_run(self, reference_path: str, reference_sha: str, answers_path: str, jobs: int,
                  timeout: float) -> int:
        """Record the start of a grading run; its id."""
        cur = self.db.execute(
            "INSERT INTO runs (started_at, reference_path, reference_sha256, answers_path, jobs, timeout) "
            "VALUES (?, ?, ?, ?, ?, ?)", (_now(), reference_path, reference_sha, answers_path, jobs, timeout))
        return int(cur.lastrowid)

    def finish_run(self, run_id: int, status: str = "finished") -> None:
        """Record how a grading run ended (finished, interrupted, ...)."""
        self.db.execute("UPDATE runs SET finished_at = ?, status = ? WHERE run_id = ?", (_now(), status, run_id))

    def previous_reference(self, answers_path: str) -> str | None:
        """The SHA-256 of the reference file of the last run on these answers, or None."""
        row = self.db.execute("SELECT reference_sha256 FROM runs WHERE answers_path = ? ORDER BY run_id DESC LIMIT 1",
                              (answers_path,)).fetchone()
        return row[0] if row else None

    # -- answers
    def add_answers(self, source: str, rows) -> None:
        """Register rows (idempotent: a row already present is left as it is)."""
        with self._transaction():
            self.db.executemany(
                "INSERT OR IGNORE INTO answers (source, row_number, student, question, answer, problem) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(source, r.row, r.student, r.question, r.answer, r.problem) for r in rows])

    def pending(self, source: str) -> list[tuple]:
        """(answer_id, student, question, answer, problem) of rows of `source` without a verdict."""
        return self.db.execute(
            "SELECT a.answer_id, a.student, a.question, a.answer, a.problem FROM answers a "
            "LEFT JOIN verdicts v ON v.answer_id = a.answer_id WHERE a.source = ? AND v.answer_id IS NULL "
            "ORDER BY a.row_number, a.answer_id", (source,)).fetchall()

    def forget_verdicts(self, source: str) -> int:
        """Drop the verdicts (not the cache) of `source`'s rows, to grade them again."""
        with self._transaction():
            cur = self.db.execute("DELETE FROM verdicts WHERE answer_id IN "
                                  "(SELECT answer_id FROM answers WHERE source = ?)", (source,))
        return cur.rowcount

    def forget_checks(self, statuses: tuple) -> None:
        """Drop cached checks with these statuses (their rows lose their verdicts too)."""
        marks = ",".join("?" * len(statuses))
        with self._transaction():
            self.db.execute(f"DELETE FROM verdicts WHERE answer_key IN "
                            f"(SELECT answer_key FROM checks WHERE status IN ({marks}))", statuses)
            self.db.execute(f"DELETE FROM checks WHERE status IN ({marks})", statuses)

    # -- checks and verdicts
    def cached(self, keys) -> set:
        """The answer keys among `keys` that already have a checked verdict."""
        keys = list(keys)
        found = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found |= {r[0] for r in self.db.execute(
                f"SELECT answer_key FROM checks WHERE answer_key IN ({marks})", chunk)}
        return found

    def record(self, key: str, question: str, normalized: str, verdict: AnswerVerdict | None,
               answer_ids: list, run_id: int, cached: bool = False) -> int:
        """One transaction: the check (unless cached) and a verdict for each row; returns rows written."""
        with self._transaction():
            if verdict is not None:
                self.db.execute(
                    "INSERT OR REPLACE INTO checks (answer_key, question, normalized, status, hint, detail, method, "
                    "counterexample, counterexample_text, parsed, seconds, run_id, checked_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (key, question, normalized, verdict.status, verdict.hint, verdict.detail, verdict.method,
                     json.dumps(verdict.counterexample) if verdict.counterexample is not None else None,
                     verdict.counterexample_text, verdict.parsed, verdict.seconds, run_id, _now()))
            now = _now()
            cur = self.db.executemany(
                "INSERT OR IGNORE INTO verdicts (answer_id, answer_key, run_id, cached, graded_at) "
                "VALUES (?, ?, ?, ?, ?)", [(i, key, run_id, int(cached), now) for i in answer_ids])
            return cur.rowcount

    def verdict_for_key(self, key: str) -> AnswerVerdict | None:
        """The checked verdict of one answer key, or None."""
        row = self.db.execute("SELECT status, hint, detail, method, counterexample, counterexample_text, parsed, "
                              "seconds FROM checks WHERE answer_key = ?", (key,)).fetchone()
        if row is None:
            return None
        return AnswerVerdict(status=row[0], hint=row[1], detail=row[2], method=row[3],
                             counterexample=json.loads(row[4]) if row[4] else None,
                             counterexample_text=row[5], parsed=row[6], seconds=row[7])

    # -- reading results
    def results(self) -> list[dict]:
        """Every graded row with its verdict, as dicts (RESULTS_SQL's columns)."""
        cur = self.db.execute(RESULTS_SQL)
        names = [c[0] for c in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def counts(self) -> dict:
        """How many answers, graded rows and distinct checks the store holds."""
        return {name: self.db.execute(query).fetchone()[0] for name, query in COUNT_QUERIES.items()}

    def _transaction(self):
        return _Transaction(self.db)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error); sqlite3's own handling is off (isolation_level=None)."""

    def __init__(self, db):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, value, tb):
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
        return False


class StoreBusy(RuntimeError):
    """Another process is grading into the same database."""


class GradingLock:
    """One grading process per database: an exclusive POSIX lock (`lockf`) on `<db>.lock`, holding the holder's pid.

    A second process is refused with StoreBusy (or, with wait=True, waits until the first ends);
    the lock is released when its holder exits, even by SIGKILL, so it never goes stale. A POSIX
    lock belongs to the process, so forked workers (which may outlive it briefly) never hold it.
    `on_wait(message)` is called before waiting. An in-memory database needs no lock.
    """

    def __init__(self, db_path: str | Path, wait: bool = False, on_wait=None):
        self.db_path, self.wait, self.on_wait = str(db_path), wait, on_wait
        self.path = self.db_path + ".lock"
        self.handle = None

    def __enter__(self) -> "GradingLock":
        if self.db_path in ("", ":memory:") or self.db_path.startswith("file::memory:"):
            return self
        handle = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = self._holder(handle)
            if not self.wait:
                handle.close()
                raise StoreBusy(f"{self.db_path} is being graded by another symcheck grade ({holder}); this run "
                                f"refuses to start, so no answer is checked twice. Run the command again when "
                                f"the other one has finished, or pass --wait to wait for it") from None
            if self.on_wait:
                self.on_wait(f"waiting for the other symcheck grade on {self.db_path} ({holder}) to finish")
            fcntl.lockf(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, started {_now()}\n")
        handle.flush()
        self.handle = handle
        return self

    def __exit__(self, *exc) -> None:
        if self.handle is not None:
            fcntl.lockf(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None

    @staticmethod
    def _holder(handle) -> str:
        handle.seek(0)
        return handle.read(200).strip() or "pid unknown"


__all__ = ["Store", "StoreBusy", "GradingLock", "SCHEMA", "RESULTS_SQL"]
