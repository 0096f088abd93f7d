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

from eventcoder import __version__, failpoints
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

    def _stage(self, key: str, module: str, cls_name: str, section: Any) -> Any | None:
        if key not in self._stages:
            cls = _optional_stage(module, cls_name)
            self._stages[key] = cls(section) if cls is not None else None
        return self._stages[key]

    def version(self) -> str:
        """Identifier of the processing code and settings: articles processed by another version are redone."""
        blob = __version__ + self.settings.model_dump_json(exclude={"store", "ingest", "api"})
        return hashlib.sha256(blob.encode()).hexdigest()[:12]

    def process(
        self, *, article_ids: Sequence[str] | None = None, force: bool = False, progress: Progress | None = None
    ) -> ProcessReport:
        """Analyse, resolve and extract events from stored articles that are new or stale, then cluster.

        Re-running with the same code, settings and articles changes nothing.
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
        analyser = self._stage("nlp", "eventcoder.nlp", "Analyser", self.settings.nlp)
        resolver = self._stage("resolve", "eventcoder.resolve", "Resolver", self.settings.resolve)
        extractor = self._stage("extract", "eventcoder.extract", "Extractor", self.settings.extract)
        deduper = self._stage("dedup", "eventcoder.dedup", "Deduplicator", self.settings.dedup)
        run = [k for k, v in (("nlp", analyser), ("resolve", resolver), ("extract", extractor)) if v is not None]
        skipped_stages = [k for k, v in (("nlp", analyser), ("resolve", resolver), ("extract", extractor)) if v is None]
        events = 0
        done = 0
        skipped: list[SkippedInput] = []
        limit = self.settings.process.max_article_chars
        for ids in _batches(todo, PROCESS_BATCH):  # articles are read a batch at a time, never all at once
            batch: list[Article] = []
            for art in list(self.store.iter_articles(ids=ids)):
                if len(art.text) > limit:
                    skip = SkippedInput(
                        origin=art.id,
                        reason=SkipReason.TOO_COSTLY,
                        detail=f"{len(art.text)} characters > process.max_article_chars {limit}",
                    )
                    self.store.put_events(art.id, [], [])
                    self.store.mark_processed(art.id, version, skipped=skip)
                    skipped.append(skip)
                else:
                    batch.append(art)
            analyses = analyser(batch) if analyser is not None and batch else []
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
                failpoints.hit("extracted")
            done += len(ids)
            if progress:
                progress("process", done, len(todo))
        incidents = 0
        if deduper is not None and order:
            incidents = self._deduplicate(deduper, order, reset=force)
            run.append("dedup")
        elif deduper is None:
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
        )

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
