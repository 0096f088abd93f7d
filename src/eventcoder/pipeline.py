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
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

from pydantic import Field

from eventcoder import __version__
from eventcoder.models import Article, Record, SkippedInput, SkipReason
from eventcoder.settings import Settings
from eventcoder.store import Store

__all__ = ["IngestReport", "Pipeline", "ProcessReport", "Progress"]

T = TypeVar("T")

Progress = Callable[[str, int, int | None], None]
"""Progress callback: (phase, done, total or None)."""

INGEST_BATCH = 500
PROCESS_BATCH = 64


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
    up_to_date: int = Field(description="Articles already processed by this version, left as they were.")
    events: int = 0
    incidents: int = 0
    stages_run: tuple[str, ...] = ()
    stages_skipped: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


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


class Pipeline:
    """Runs the stages over a store. Construct with the settings and an open store."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self._stages: dict[str, Any] = {}

    # ------------------------------------------------------------------ ingest

    def ingest(self, inputs: Sequence[str], *, progress: Progress | None = None) -> IngestReport:
        """Read ``inputs`` and store new articles; record the run with every skip and its reason.

        Articles are stored in batches, each in one transaction, so an interrupted run
        leaves every stored article complete; re-running stores only what is missing.
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
                if progress:
                    progress("ingest", accepted + duplicates + len(skipped), None)
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

    def _stage(self, key: str, module: str, cls_name: str, section: Any) -> Any | None:
        if key not in self._stages:
            cls = _optional_stage(module, cls_name)
            self._stages[key] = cls(section) if cls is not None else None
        return self._stages[key]

    def version(self) -> str:
        """Identifier of the processing code and settings: articles processed by another version are redone."""
        blob = __version__ + self.settings.model_dump_json(exclude={"store", "ingest"})
        return hashlib.sha256(blob.encode()).hexdigest()[:12]

    def process(
        self, *, article_ids: Sequence[str] | None = None, force: bool = False, progress: Progress | None = None
    ) -> ProcessReport:
        """Analyse, resolve and extract events from stored articles that are new or stale, then cluster.

        Re-running with the same code, settings and articles changes nothing.
        """
        version = self.version()
        todo: list[Article] = []
        up_to_date = 0
        for art in self.store.iter_articles(ids=list(article_ids) if article_ids is not None else None):
            if not force and self.store.processed_state(art.id) == version:
                up_to_date += 1
            else:
                todo.append(art)
        analyser = self._stage("nlp", "eventcoder.nlp", "Analyser", self.settings.nlp)
        resolver = self._stage("resolve", "eventcoder.resolve", "Resolver", self.settings.resolve)
        extractor = self._stage("extract", "eventcoder.extract", "Extractor", self.settings.extract)
        deduper = self._stage("dedup", "eventcoder.dedup", "Deduplicator", self.settings.dedup)
        run = [k for k, v in (("nlp", analyser), ("resolve", resolver), ("extract", extractor)) if v is not None]
        skipped_stages = [k for k, v in (("nlp", analyser), ("resolve", resolver), ("extract", extractor)) if v is None]
        events = 0
        done = 0
        for batch in _batches(todo, PROCESS_BATCH):
            analyses = analyser(batch) if analyser is not None else []
            for an in analyses:
                self.store.put_analysis(an)
            resolutions = resolver(list(zip(batch, analyses, strict=True))) if resolver and analyses else []
            for res in resolutions:
                self.store.put_resolution(res)
            if extractor is not None and resolutions:
                outputs = extractor(list(zip(batch, analyses, resolutions, strict=True)))
                for art, (reports, claims) in zip(batch, outputs, strict=True):
                    self.store.put_events(art.id, reports, claims)
                    events += len(reports)
            for art in batch:
                self.store.mark_processed(art.id, version)
            done += len(batch)
            if progress:
                progress("process", done, len(todo))
        incidents = 0
        if deduper is not None and todo:
            incidents = deduper.update(self.store)
            run.append("dedup")
        elif deduper is None:
            skipped_stages.append("dedup")
        return ProcessReport(
            processed=len(todo),
            up_to_date=up_to_date,
            events=events,
            incidents=incidents,
            stages_run=tuple(run),
            stages_skipped=tuple(skipped_stages),
        )
