"""Grading jobs of the web page: uploaded files -> `symcheck.grade.grade_file` in a background thread.

A job is identified by the digest of its two files. The upload is kept under
`DATA/uploads/<id>/`, so the same upload is the same answers file of the grading store,
and `grade_file` resumes it exactly as `symcheck grade` resumes an interrupted run: rows
graded before keep their verdicts and are not graded again. Jobs run one at a time; each
answer is checked in a worker with a time and memory limit (symcheck.grade.batch). The
reference file is untrusted too: it is read first in a worker (time and memory limits),
and only a reference that reads there is used here.
"""
from __future__ import annotations

import hashlib
import queue
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..grade import export_csv, export_html, grade_file, prepare_questions, read_answers, read_reference, summary
from ..grade.check import DEFAULT_TIMEOUT
from ..grade.document import grade_document
from ..grade.store import Store
from ..worker import Done, run_one

MAX_UPLOAD_BYTES = 20 * 1024 ** 2      # each file
MAX_ROWS = 50_000
VET_SECONDS = 30.0
VET_MEMORY_BYTES = 2 * 1024 ** 3
REFERENCE_SUFFIXES = (".ref", ".txt", ".json")
ANSWER_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".json")


class UploadError(ValueError):
    """An upload that cannot become a job (wrong kind of file, too large, not UTF-8)."""


@dataclass
class GradeJob:
    id: str
    folder: Path
    reference: Path
    answers: Path
    status: str = "queued"          # queued | running | finished | failed
    done: int = 0                   # rows graded by this run so far
    total: int = 0                  # rows this run has to grade (0 when everything was graded before)
    rows: int = 0                   # rows in the answers file
    error: str = ""
    report: dict | None = None
    created: float = field(default_factory=time.time)

    @property
    def source(self) -> str:
        """The answers file's key in the grading store (as `grade_file` writes it)."""
        return str(self.answers.resolve())

    def to_json(self) -> dict:
        fraction = 1.0 if self.status == "finished" else (self.done / self.total if self.total else 0.0)
        return {"id": self.id, "status": self.status, "done": self.done, "total": self.total, "rows": self.rows,
                "progress": round(fraction, 4), "error": self.error or None, "report": self.report,
                "results": f"/api/grade/{self.id}/results",
                "exports": {"csv": f"/api/grade/{self.id}/export.csv", "html": f"/api/grade/{self.id}/export.html"}}


def _suffix(name: str, allowed: tuple, what: str) -> str:
    suffix = Path(name or "").suffix.lower()
    if suffix not in allowed:
        raise UploadError(f"the {what} must be a {', '.join(allowed)} file (got {name or 'no file'!r})")
    return suffix


def _vet(reference: str, answers: str):
    """Read the reference and the answers and parse every used question (runs in a worker)."""
    try:
        specs = read_reference(reference)
        rows = read_answers(answers)
        if len(rows) > MAX_ROWS:
            return ("error", f"too many rows ({len(rows)}, limit {MAX_ROWS})")
        used = {r.question for r in rows}
        prepare_questions({k: v for k, v in specs.items() if k in used})
    except (ValueError, OSError) as exc:   # ReferenceError is a ValueError
        return ("error", str(exc))
    return ("rows", len(rows))


class GradeJobs:
    """Submitted jobs and the thread that grades them, one at a time, into one SQLite store."""

    def __init__(self, data: Path, db: Path | None = None, *, jobs: int = 2, timeout: float = DEFAULT_TIMEOUT):
        self.data = Path(data)
        self.uploads = self.data / "uploads"
        self.uploads.mkdir(parents=True, exist_ok=True)
        self.db = Path(db) if db else self.data / "grades.sqlite"
        self.jobs, self.timeout = jobs, timeout
        self._jobs: dict[str, GradeJob] = {}
        self._lock = threading.Lock()
        self._queue: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None

    # -- submitting

    def submit(self, reference_name: str, reference: bytes, answers_name: str, answers: bytes) -> GradeJob:
        """Store the upload and queue it (the same upload again returns its job, or queues a resume)."""
        ref_suffix = _suffix(reference_name, REFERENCE_SUFFIXES, "reference")
        ans_suffix = _suffix(answers_name, ANSWER_SUFFIXES, "answers file")
        for what, data in (("reference", reference), ("answers file", answers)):
            if len(data) > MAX_UPLOAD_BYTES:
                raise UploadError(f"the {what} is larger than {MAX_UPLOAD_BYTES // 1024 ** 2} MB")
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise UploadError(f"the {what} is not UTF-8 text (byte {exc.start})") from None
        digest = hashlib.sha256(ref_suffix.encode() + b"\0" + reference + b"\0" + ans_suffix.encode() + b"\0"
                                + answers).hexdigest()[:20]
        with self._lock:
            job = self._jobs.get(digest)
            if job is not None and job.status in ("queued", "running"):
                return job
            folder = self.uploads / digest
            folder.mkdir(exist_ok=True)
            ref_path, ans_path = folder / f"reference{ref_suffix}", folder / f"answers{ans_suffix}"
            if not ref_path.exists():
                ref_path.write_bytes(reference)
            if not ans_path.exists():
                ans_path.write_bytes(answers)
            job = GradeJob(digest, folder, ref_path, ans_path)
            self._jobs[digest] = job
            self._start()
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> GradeJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    # -- grading

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._work, name="symcheck-grade", daemon=True)
            self._thread.start()

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            try:
                self.run(job)
            except Exception as exc:  # noqa: BLE001 - a job fails, the server goes on
                job.status, job.error = "failed", f"grading failed: {type(exc).__name__}: {exc}"

    def run(self, job: GradeJob) -> None:
        """Vet the files in a worker, then grade them into the store (blocking)."""
        job.status = "running"
        outcome, _ = run_one(_vet, (str(job.reference), str(job.answers)), timeout=VET_SECONDS,
                             memory_bytes=VET_MEMORY_BYTES)
        if not isinstance(outcome, Done):
            job.status, job.error = "failed", "reading the reference and the answers did not finish within the limits"
            return
        kind, value = outcome.value
        if kind == "error":
            job.status, job.error = "failed", value.replace(str(job.folder) + "/", "")
            return
        job.rows = value

        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total
        report = grade_file(job.reference, job.answers, self.db, jobs=self.jobs, timeout=self.timeout,
                            progress=progress)
        job.report = grade_document(report, self.results(job))["run"]
        job.status = "finished"

    # -- reading out

    def results(self, job: GradeJob) -> list[dict]:
        """The job's rows of the grading store, in file order."""
        if not self.db.exists():
            return []
        with Store(self.db) as store:
            return [r for r in store.results() if r["source"] == job.source]

    def document(self, job: GradeJob) -> dict:
        """{"run", "summary"} as `symcheck grade --json` prints it, with the graded "rows"."""
        results = self.results(job)
        return {"run": job.report, "summary": summary(results), "rows": results}

    def references(self, job: GradeJob) -> dict:
        """question -> reference LaTeX, as written in the job's reference file (read as text, not parsed)."""
        try:
            return {qid: spec.answer for qid, spec in read_reference(job.reference).items()}
        except (ValueError, OSError):
            return {}

    def export(self, job: GradeJob, kind: str) -> Path:
        """Write the job's CSV or HTML export (the same functions as `symcheck grade --export-*`)."""
        path = job.folder / f"grades.{kind}"
        results = self.results(job)
        if kind == "csv":
            export_csv(results, path)
        else:
            export_html(results, path, title=f"symcheck grades ({job.id})")
        return path


__all__ = ["GradeJobs", "GradeJob", "UploadError", "MAX_UPLOAD_BYTES", "MAX_ROWS"]
