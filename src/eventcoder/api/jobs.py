"""Background jobs: a small in-process thread pool for long article batches.

``JobManager.submit`` runs a function in a worker thread and returns a
``Job`` at once; the function receives a progress callback.  Jobs live in
memory (lost when the server stops); the newest ``keep`` finished ones are
remembered.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

from pydantic import BaseModel, Field

from eventcoder.errors import EventcoderError, NotFoundError

__all__ = ["Job", "JobManager", "ProgressFn"]

ProgressFn = Callable[[str, int, int | None], None]
JobStatus = Literal["queued", "running", "finished", "failed"]


class Job(BaseModel):
    """A background job as reported by GET /api/jobs/{id}."""

    id: str
    kind: str
    status: JobStatus = "queued"
    created_at: dt.datetime
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    phase: str | None = Field(default=None, description="Current phase: ingest, process, ...")
    done: int = 0
    total: int | None = None
    result: dict[str, Any] | None = None
    error: dict[str, str] | None = Field(default=None, description="{code, message} when the job failed.")


class JobManager:
    """Runs jobs on ``workers`` threads and keeps their status."""

    def __init__(self, workers: int, *, keep: int = 200) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="eventcoder-job")
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._keep = keep

    def submit(self, kind: str, fn: Callable[[ProgressFn], dict[str, Any]]) -> Job:
        """Queue ``fn(progress)``; returns the queued job (its result is ``fn``'s return value)."""
        job = Job(id=f"j_{uuid.uuid4().hex[:16]}", kind=kind, created_at=dt.datetime.now(dt.UTC))
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
        self._pool.submit(self._run, job.id, fn)
        return job

    def get(self, job_id: str) -> Job:
        """A copy of job ``job_id``; NotFoundError when unknown (or forgotten)."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                raise NotFoundError(f"no job {job_id!r}")
            return job.model_copy(deep=True)

    def shutdown(self) -> None:
        """Stop accepting jobs and wait for running ones."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _update(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                self._jobs[job_id] = job.model_copy(update=changes)

    def _forget_old(self) -> None:
        finished = [k for k, j in self._jobs.items() if j.status in ("finished", "failed")]
        for key in finished[: max(0, len(finished) - self._keep)]:
            del self._jobs[key]

    def _run(self, job_id: str, fn: Callable[[ProgressFn], dict[str, Any]]) -> None:
        self._update(job_id, status="running", started_at=dt.datetime.now(dt.UTC))

        def progress(phase: str, done: int, total: int | None) -> None:
            self._update(job_id, phase=phase, done=done, total=total)

        try:
            result = fn(progress)
        except EventcoderError as exc:
            self._finish(job_id, error={"code": exc.code, "message": exc.message})
        except Exception as exc:  # a job must never die silently: its status says why
            self._finish(job_id, error={"code": "E500", "message": f"unexpected {type(exc).__name__}: {exc}"})
        else:
            self._finish(job_id, result=result)

    def _finish(
        self, job_id: str, *, result: dict[str, Any] | None = None, error: dict[str, str] | None = None
    ) -> None:
        status: JobStatus = "failed" if error else "finished"
        self._update(job_id, status=status, result=result, error=error, finished_at=dt.datetime.now(dt.UTC))
