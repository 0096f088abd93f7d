"""The one module that wires the stages in order: ingest -> nlp -> resolve -> extract -> dedup -> store.

Stages are built lazily, the first time they are needed, so ingesting does not
load language models and a run over articles in two languages loads two.
Later stages are optional: a stage whose package is not installed in this
build is reported as skipped in ``ProcessReport.stages_skipped`` rather than
failing the run.
"""

from __future__ import annotations

import hashlib
import importlib
import multiprocessing
import os
import resource
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from itertools import islice
from typing import Any, TypeVar

from pydantic import Field

from eventcoder import __version__, failpoints
from eventcoder.models import Analysis, Article, Claim, EventReport, Record, Resolution, SkippedInput, SkipReason
from eventcoder.settings import Settings
from eventcoder.store import Store

__all__ = ["Analyse", "ArticleResult", "IngestReport", "Pipeline", "ProcessReport", "Progress", "Stages"]

T = TypeVar("T")

Progress = Callable[[str, int, int | None], None]
"""Progress callback: (phase, done, total or None)."""

INGEST_BATCH = 500


class IngestReport(Record):
    """What one ingest run did."""

    run_id: str
    accepted: int = Field(description="New articles stored.")
    duplicates: int = Field(description="Articles already stored (same normalised text), not stored again.")
    skipped: tuple[SkippedInput, ...] = ()

    @property
    def skipped_by_reason(self) -> dict[str, int]:
        """Count of skipped inputs per reason."""
        out: dict[str, int] = {}
        for s in self.skipped:
            out[s.reason.value] = out.get(s.reason.value, 0) + 1
        return out


class ProcessReport(Record):
    """What one processing pass did."""

    processed: int = Field(description="Articles analysed (new or stale).")
    resumed: int = Field(
        0, description="Articles a stopped run had extracted but not clustered into incidents; clustered now."
    )
    up_to_date: int = Field(description="Articles already processed by this version, left as they were.")
    events: int = 0
    incidents: int = 0
    stages_run: tuple[str, ...] = ()
    stages_skipped: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    skipped: tuple[SkippedInput, ...] = Field(
        default=(), description="Articles not processed, with why (origin is the article id): too_costly."
    )
    workers: int = Field(default=1, description="Processes that analysed articles (1: this process).")
    worker_peak_rss_mb: tuple[int, ...] = Field(
        default=(), description="Peak resident memory of each process that analysed articles, in MB."
    )


class ArticleResult(Record):
    """What the per-article stages (nlp, resolve, extract) found in one article, before it is stored."""

    article_id: str
    analysis: Analysis | None = None
    resolution: Resolution | None = None
    reports: tuple[EventReport, ...] = ()
    claims: tuple[Claim, ...] = ()


Analyse = Callable[[list[Article]], list[ArticleResult]]
"""Runs the per-article stages on a batch (``Stages.analyse``, or the same in worker processes)."""

STAGES = {
    "nlp": ("eventcoder.nlp", "Analyser"),
    "resolve": ("eventcoder.resolve", "Resolver"),
    "extract": ("eventcoder.extract", "Extractor"),
    "dedup": ("eventcoder.dedup", "Deduplicator"),
}


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _optional_stage(module: str, name: str) -> type[Any] | None:
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (exc.name == module or module.startswith(exc.name)):
            return None
        raise
    cls = getattr(mod, name, None)
    return cls if isinstance(cls, type) else None


class Stages:
    """The stages, each built on first use (None when this build lacks it); no store, no I/O.

    ``analyse`` runs the per-article ones, so it can run anywhere: in the pipeline, beside a writer, or in a
    worker process.  Not safe to call from two threads at once.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._built: dict[str, Any] = {}

    def installed(self, key: str) -> bool:
        """Whether this build has stage ``key``, without building it."""
        if key in self._built:
            return self._built[key] is not None
        module, cls_name = STAGES[key]
        return _optional_stage(module, cls_name) is not None

    def get(self, key: str) -> Any | None:
        """Stage ``key`` (nlp, resolve, extract, dedup), built on first use; None when it is not installed."""
        if key not in self._built:
            module, cls_name = STAGES[key]
            cls = _optional_stage(module, cls_name)
            self._built[key] = cls(getattr(self.settings, key)) if cls is not None else None
        return self._built[key]

    def analyse(self, batch: list[Article]) -> list[ArticleResult]:
        """Analysis, resolution and extraction of each article of ``batch`` (as far as the stages go), in order."""
        analyser, resolver, extractor = self.get("nlp"), self.get("resolve"), self.get("extract")
        analyses = analyser(batch) if analyser is not None and batch else []
        resolutions = resolver(list(zip(batch, analyses, strict=True))) if resolver and analyses else []
        outputs = extractor(list(zip(batch, analyses, resolutions, strict=True))) if extractor and resolutions else []
        return [
            ArticleResult(
                article_id=art.id,
                analysis=analyses[i] if analyses else None,
                resolution=resolutions[i] if resolutions else None,
                reports=tuple(outputs[i][0]) if outputs else (),
                claims=tuple(outputs[i][1]) if outputs else (),
            )
            for i, art in enumerate(batch)
        ]


class Pipeline:
    """Runs the stages over a store. Construct with the settings and an open store."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self.stages = Stages(settings)

    # ------------------------------------------------------------------ ingest

    def ingest(self, inputs: Sequence[str], *, progress: Progress | None = None) -> IngestReport:
        """Read ``inputs`` and store new articles; record the run with every skip and its reason.

        Articles are stored in batches, each in one transaction, so an interrupted run
        leaves every stored article complete; re-running stores only what is missing.
        After each batch the run's heartbeat and counts are written; a run killed
        midway is reported "interrupted" once its process is gone (``Store.list_runs``,
        ``Store.stats``), and Ctrl-C ends it as "interrupted" at once.
        """
        from eventcoder.ingest import Ingestor

        ingestor = Ingestor(self.settings.ingest)
        run_id = self.store.start_run(list(inputs))
        accepted = duplicates = 0
        skipped: list[SkippedInput] = []
        try:
            for batch in _batches(ingestor(inputs), INGEST_BATCH):
                articles = [a for a in batch if isinstance(a, Article)]
                skips = [s for s in batch if isinstance(s, SkippedInput)]
                if articles:
                    res = self.store.add_articles(articles)
                    accepted += res.new
                    duplicates += res.duplicates
                if skips:
                    self.store.record_skips(run_id, skips)
                    skipped.extend(skips)
                self.store.heartbeat(run_id, accepted=accepted, duplicates=duplicates)
                if progress:
                    progress("ingest", accepted + duplicates + len(skipped), None)
        except (KeyboardInterrupt, SystemExit):
            self.store.finish_run(run_id, accepted=accepted, duplicates=duplicates, status="interrupted")
            raise
        except BaseException:
            self.store.finish_run(run_id, accepted=accepted, duplicates=duplicates, status="failed")
            raise
        self.store.finish_run(run_id, accepted=accepted, duplicates=duplicates, status="finished")
        dup_skips = [s for s in skipped if s.reason is SkipReason.DUPLICATE]
        return IngestReport(
            run_id=run_id,
            accepted=accepted,
            duplicates=duplicates + len(dup_skips),
            skipped=tuple(s for s in skipped if s.reason is not SkipReason.DUPLICATE),
        )

    # ------------------------------------------------------------------ process

    def version(self) -> str:
        """Identifier of the processing code and settings: articles processed by another version are redone."""
        excluded: Any = {"store": True, "ingest": True, "api": True, "process": {"workers"}}  # no effect on results
        blob = __version__ + self.settings.model_dump_json(exclude=excluded)
        return hashlib.sha256(blob.encode()).hexdigest()[:12]

    def process(
        self,
        *,
        article_ids: Sequence[str] | None = None,
        force: bool = False,
        progress: Progress | None = None,
        analyse: Analyse | None = None,
        write_lock: AbstractContextManager[Any] | None = None,
    ) -> ProcessReport:
        """Analyse, resolve and extract events from stored articles that are new or stale, then cluster.

        Re-running with the same code, settings and articles changes nothing.  ``analyse`` runs the
        per-article stages (default: ``self.stages.analyse``, in ``process.workers`` worker processes when
        there is more than one batch; a server passes its own pool); with a ``write_lock``, each batch's
        writes and the clustering hold it, the analysis does not, so several callers can analyse at once
        while one of them writes.
        """
        version = self.version()
        todo: list[str] = []
        order: list[str] = []  # articles to cluster, in store order: the same order whether resumed or not
        resumed = up_to_date = 0
        scope = list(article_ids) if article_ids is not None else None
        for article_id, done_by, clustered in self.store.iter_processing_states(ids=scope):
            if force or done_by != version:
                todo.append(article_id)
                order.append(article_id)
            elif not clustered:  # extracted by this version, but a stopped run never clustered it
                resumed += 1
                order.append(article_id)
            else:
                up_to_date += 1
        deduper = self.stages.get("dedup")
        available = {k: self.stages.installed(k) for k in ("nlp", "resolve", "extract")}
        run = [k for k, ok in available.items() if ok]
        skipped_stages = [k for k, ok in available.items() if not ok]
        lock = write_lock if write_lock is not None else nullcontext()
        events = 0
        done = 0
        skipped: list[SkippedInput] = []
        limit = self.settings.process.max_article_chars
        size = self.settings.process.batch_size

        def batches() -> Iterator[list[Article]]:
            """The articles to analyse, a batch at a time (never all in memory); too costly ones skipped here."""
            for ids in _batches(todo, size):
                batch: list[Article] = []
                for art in list(self.store.iter_articles(ids=ids)):
                    if len(art.text) > limit:
                        skip = SkippedInput(
                            origin=art.id,
                            reason=SkipReason.TOO_COSTLY,
                            detail=f"{len(art.text)} characters > process.max_article_chars {limit}",
                        )
                        with lock:
                            self.store.put_events(art.id, [], [])
                            self.store.mark_processed(art.id, version, skipped=skip)
                        skipped.append(skip)
                    else:
                        batch.append(art)
                yield batch

        workers = 1 if analyse is not None else self.workers(len(todo))
        peaks: dict[int, int] = {}
        for batch, (results, pid, peak) in self._analysed(batches(), workers, analyse):
            peaks[pid] = max(peaks.get(pid, 0), peak)
            with lock:  # one writer, in input order: the store gets what a one-worker run writes
                events += self.save(results, version=version)
            done += len(batch)
            if progress:
                progress("process", done + len(skipped), len(todo))
        incidents = 0
        if deduper is not None and order:
            with lock:
                incidents = self._deduplicate(deduper, order, reset=force)
            run.append("dedup")
        elif deduper is None:
            with lock:
                self.store.apply_clustering(deleted=(), upserts=(), changes=(), article_ids=order)
            skipped_stages.append("dedup")
        return ProcessReport(
            processed=len(todo) - len(skipped),
            resumed=resumed,
            up_to_date=up_to_date,
            events=events,
            incidents=incidents,
            stages_run=tuple(run),
            stages_skipped=tuple(skipped_stages),
            skipped=tuple(skipped),
            workers=workers,
            worker_peak_rss_mb=tuple(peaks[p] for p in sorted(peaks)),
        )

    def workers(self, articles: int) -> int:
        """Worker processes for ``articles`` articles: ``process.workers`` (0: every core), at most one per
        batch; 1 means this process does the work itself."""
        wanted = self.settings.process.workers or _cores()
        batches = -(-articles // self.settings.process.batch_size)
        return max(1, min(wanted, batches))

    def _analysed(
        self, batches: Iterator[list[Article]], workers: int, analyse: Analyse | None
    ) -> Iterator[tuple[list[Article], _Analysed]]:
        """Run the per-article stages over each batch; yield (batch, (results, pid, peak RSS MB)) in order.

        One worker: ``analyse`` (default ``self.stages.analyse``) in this process.  More: a pool of worker
        processes (started by forkserver, so no thread or connection of this process is inherited), each
        loading the models once; at most two batches per worker are in flight, and results come back in
        input order, so the writes, and so the store, are those of a one-worker run (each batch is analysed
        exactly as a one-worker run analyses it).
        """
        if workers <= 1:
            run = analyse or self.stages.analyse
            for batch in batches:
                yield batch, (run(batch), os.getpid(), _peak_rss_mb())
            return
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_start_worker, initargs=(self.settings,)
        ) as pool:
            pending: deque[tuple[list[Article], Future[_Analysed]]] = deque()
            for batch in batches:
                pending.append((batch, pool.submit(_run_worker, batch)))
                if len(pending) >= 2 * workers:
                    first, future = pending.popleft()
                    yield first, future.result()
            while pending:
                first, future = pending.popleft()
                yield first, future.result()

    def save(self, results: Sequence[ArticleResult], *, version: str | None = None) -> int:
        """Store what the stages found in each article and mark it processed by ``version`` (default: this
        pipeline's); returns how many event reports were stored."""
        version = version or self.version()
        events = 0
        for res in results:
            if res.analysis is not None:
                self.store.put_analysis(res.analysis)
        for res in results:
            if res.resolution is not None:
                self.store.put_resolution(res.resolution)
        for res in results:
            if res.resolution is not None and self.stages.installed("extract"):
                self.store.put_events(res.article_id, res.reports, res.claims)
                events += len(res.reports)
        for res in results:
            self.store.mark_processed(res.article_id, version)
            failpoints.hit("extracted")
        return events

    # ------------------------------------------------------------------ dedup (incidents across sources)

    def _deduplicate(self, deduper: Any, article_ids: Sequence[str], *, reset: bool = False) -> int:
        """Cluster the reports of ``article_ids`` into incidents; returns how many incidents were written.

        The update is applied, and the articles marked clustered, in one transaction.  With ``reset`` (a
        forced re-run) the incidents of these articles are rebuilt from scratch rather than extended: they
        are dropped, and every report of theirs, from these articles or others, clustered again in store
        order, so forcing gives what a first run on the same store gives.

        Candidates are the incidents already linked to these articles, those whose dates meet the window of
        a new report (``Deduplicator.candidate_window``; a war-long or year-long incident is found from a
        day inside it) and, for reports with no window at all (undated, in an undated article), the
        incidents of their type family that are undated or share an actor with them.  The stage gets them
        with their member reports; its update is applied here.  So articles processed one at a time reach
        the incidents they would have joined in one batch.
        """
        linked: dict[str, Any] = {}
        for aid in article_ids:
            linked.update((i.id, i) for i in self.store.iter_incidents(article_id=aid))
        if reset and linked:
            others = {a for i in linked.values() for a in i.article_ids} - set(article_ids)
            if others:  # other articles' reports in the dropped incidents are clustered again too
                wanted = {*article_ids, *others}
                article_ids = [a for a, _, _ in self.store.iter_processing_states(ids=sorted(wanted))]
        dropped = set(linked) if reset else set()
        new = [r for aid in article_ids for r in self.store.iter_events(article_id=aid)]
        inputs = _DedupInputs(self.store)
        batch = inputs(new)
        existing: dict[str, Any] = {} if reset else linked
        if not batch and not existing:
            self.store.apply_clustering(deleted=dropped, upserts=(), changes=(), article_ids=article_ids)
            return 0
        windows = sorted(w for w in (deduper.candidate_window(b) for b in batch) if w is not None)
        for window in _merge_windows(windows):
            existing.update((i.id, i) for i in self.store.iter_incidents(overlapping=window) if i.id not in dropped)
        unbounded = [b for b in batch if deduper.candidate_window(b) is None]
        actor_ids = {a.entity_id for b in unbounded for a in b.report.actors if a.entity_id}
        for event_type in sorted({b.report.event_type for b in unbounded}):
            for family_type in sorted(_types_of_family(deduper, event_type)):
                for inc in self.store.iter_incidents(event_type=family_type):
                    if inc.id in dropped:
                        continue
                    if inc.date.start is None or actor_ids & {a.entity_id for a in inc.actors}:
                        existing[inc.id] = inc
        new_ids = {r.id for r in new}
        member_ids = sorted({r for inc in existing.values() for r in inc.report_ids} - new_ids)
        members = [m for chunk in _batches(member_ids, 500) for m in inputs(list(self.store.iter_events(ids=chunk)))]
        update = deduper(batch, existing=list(existing.values()), members=members)
        return self.store.apply_clustering(
            deleted=[*dropped, *update.deleted],
            upserts=update.upserts,
            changes=update.changes,
            article_ids=article_ids,
        )


def _merge_windows(windows: Sequence[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    out: list[tuple[Any, Any]] = []
    for lo, hi in windows:
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _types_of_family(deduper: Any, event_type: str) -> set[str]:
    family = deduper.family(event_type)
    return {event_type} | {t for t, f in deduper.settings.type_families.items() if f == family}


class _DedupInputs:
    """Builds the deduplicator's ``ReportInput`` records from the store (articles, resolutions, entities cached)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._articles: dict[str, Article] = {}
        self._variants: dict[str, dict[str, list[tuple[int, str]]]] = {}
        self._up: dict[str, tuple[str, ...]] = {}

    def __call__(self, reports: Sequence[Any]) -> list[Any]:
        from eventcoder.dedup import ReportInput

        out = []
        for r in reports:
            art = self._article(r.article_id)
            ids = [a.entity_id for a in r.actors] + [f.side_entity_id for f in r.figures]
            ids.append(r.place.entity_id if r.place is not None else None)
            ancestors = {e: up for e in dict.fromkeys(i for i in ids if i) if (up := self._ancestors(e))}
            variants: tuple[str, ...] = ()
            if r.place is not None and r.place.entity_id:
                found = self._variants[r.article_id].get(r.place.entity_id, [])
                here = [v for s, v in found if s == r.evidence.sentence_index]
                variants = tuple(dict.fromkeys(here or [v for _, v in found]))
            claims = tuple(self.store.iter_claims(ids=list(r.claim_ids))) if r.claim_ids else ()
            out.append(
                ReportInput(
                    report=r,
                    language=art.language,
                    source=art.source,
                    published=art.published,
                    text=r.evidence.text,
                    ancestors=ancestors,
                    place_variants=variants,
                    claims=claims,
                )
            )
        return out

    def _article(self, article_id: str) -> Article:
        if article_id not in self._articles:
            self._articles[article_id] = self.store.get_article(article_id)
            res = self.store.get_resolution(article_id)
            by_entity: dict[str, list[tuple[int, str]]] = {}
            for m in res.mentions if res is not None else ():
                if m.entity_id and m.variant:
                    by_entity.setdefault(m.entity_id, []).append((m.sentence_index, m.variant))
            self._variants[article_id] = by_entity
        return self._articles[article_id]

    def _ancestors(self, entity_id: str) -> tuple[str, ...]:
        """Containing entities of ``entity_id``: its parent chain, then its country's state (when stored)."""
        if entity_id in self._up:
            return self._up[entity_id]
        from eventcoder.errors import NotFoundError

        chain: list[str] = []
        current: str | None = entity_id
        country: str | None = None
        while current is not None and len(chain) < 8:
            try:
                ent = self.store.get_entity(current)
            except NotFoundError:
                break
            country = country or ent.country
            current = ent.parent_id
            if current is not None and current not in chain and current != entity_id:
                chain.append(current)
        state = f"kb:{country}" if country else None
        if state is not None and state != entity_id and state not in chain:
            chain.append(state)
        self._up[entity_id] = tuple(chain)
        return self._up[entity_id]


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _peak_rss_mb() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)  # KB on Linux


_Analysed = tuple[list[ArticleResult], int, int]
"""A batch's results, the pid of the process that made them, and its peak resident memory in MB."""

_WORKER: list[Stages] = []  # in a worker process: its stages (set once by _start_worker)


def _start_worker(settings: Settings) -> None:
    """Worker process start: the stages, built on first use, kept for the process's life."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    _WORKER.append(Stages(settings))


def _run_worker(batch: list[Article]) -> _Analysed:
    if not _WORKER:
        raise RuntimeError("worker process not started")
    return _WORKER[0].analyse(batch), os.getpid(), _peak_rss_mb()
