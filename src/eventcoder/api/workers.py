"""Worker processes for the analysis of uploads, beside the server's single writer.

The per-article stages (language analysis, resolution, extraction) are pure
computation, mostly Python: threads would take turns on one core.  So the
server hands each batch of an upload to ``api.analysis_workers`` processes,
each with its own stages (built on first use, about 300 MB of models per
language); the server keeps the store and writes alone, under its write
lock.  Several uploads are analysed at once, their writes and clustering one
after the other.  With 0 workers the analysis runs in the request's thread,
one upload at a time (still outside the write lock).

A worker that dies (killed for memory, say) fails the uploads it was
analysing with ``WorkerLostError`` (their articles stay stored, unprocessed,
for the next upload or ``eventcoder run``); the pool is started again for
the next one.  Workers ignore Ctrl-C: the server stops them when it stops.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from eventcoder.errors import EventcoderError
from eventcoder.models import Article
from eventcoder.pipeline import ArticleResult, Stages
from eventcoder.settings import Settings

__all__ = ["AnalysisPool", "WorkerLostError"]

_worker_stages: list[Stages] = []  # in a worker process: its stages (set once by _start)


class WorkerLostError(EventcoderError):
    """An analysis worker process stopped before it answered (HTTP 503; the articles stay stored)."""

    code = "E503"
    http_status = 503


def _start(settings_json: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_stages.append(Stages(Settings.model_validate_json(settings_json)))


def _analyse(batch: list[Article]) -> list[ArticleResult]:
    return _worker_stages[0].analyse(batch)


class AnalysisPool:
    """Analyses batches of articles in ``workers`` processes (started on first use), or in the calling thread
    with ``stages`` when ``workers`` is 0.  Call ``shutdown`` when the server stops."""

    def __init__(self, settings: Settings, stages: Stages, *, workers: int) -> None:
        self._settings = settings
        self._stages = stages
        self._workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()  # the pool's creation; the in-thread stages (not thread-safe)

    def __call__(self, batch: list[Article]) -> list[ArticleResult]:
        """``Stages.analyse(batch)``, in a worker process when there are workers."""
        if not batch:
            return []
        if self._workers == 0:
            with self._lock:
                return self._stages.analyse(batch)
        pool = self._running()
        try:
            return pool.submit(_analyse, batch).result()
        except BrokenProcessPool:
            self._forget(pool)
            raise WorkerLostError(
                "an analysis worker stopped before it answered (out of memory?): the articles are stored and "
                "will be processed by the next upload or by `eventcoder run`"
            ) from None

    def shutdown(self) -> None:
        """Stop the workers (after the batches they are analysing)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _running(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self._workers,
                    mp_context=multiprocessing.get_context("spawn"),  # the server has threads: never fork it
                    initializer=_start,
                    initargs=(self._settings.model_dump_json(),),
                )
            return self._pool

    def _forget(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:
                self._pool = None
        broken.shutdown(wait=False, cancel_futures=True)
