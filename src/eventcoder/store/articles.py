"""Articles and ingest runs."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from sqlalchemy import func, or_, select, update

from eventcoder.errors import NotFoundError
from eventcoder.models import Article, IngestRun, SkippedInput
from eventcoder.store.base import StoreBase, storable, utc
from eventcoder.store.listing import ListKey, in_list_order
from eventcoder.store.liveness import INTERRUPTED, RUNNING, gone_runs, this_process
from eventcoder.store.results import corrected_event_ids, event_conditions
from eventcoder.store.schema import articles, event_reports, ingest_runs, run_skips
from eventcoder.store.types import AddResult

__all__ = ["ArticleStore"]

ADD_BATCH = 500


def _article_row(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "language": storable(article.language),
        "published": article.published,
        "source": storable(article.source) if article.source is not None else None,
        "record": article.model_dump_json(),
    }


class ArticleStore(StoreBase):
    """Articles (insert-if-absent by id) and the bookkeeping of ingest runs."""

    # ------------------------------------------------------------------ articles

    def add_articles(self, items: Iterable[Article], *, batch_size: int = ADD_BATCH) -> AddResult:
        """Store the articles whose id is not stored yet; each batch of ``batch_size`` is one transaction.

        Returns how many were new and how many were duplicates (already stored,
        or repeated within the input).  Stored articles are never changed.
        """
        new_ids: list[str] = []
        duplicates = 0
        seen: set[str] = set()
        it = iter(items)
        while batch := list(islice(it, batch_size)):
            rows = []
            for article in batch:
                if article.id in seen:
                    duplicates += 1
                    continue
                seen.add(article.id)
                rows.append(_article_row(article))
            with self._write() as conn:
                inserted = self._insert_new(conn, articles, rows, key=articles.c.id)
            new_ids.extend(r["id"] for r in rows if r["id"] in inserted)
            duplicates += len(rows) - len(inserted)
        return AddResult(new=len(new_ids), duplicates=duplicates, new_ids=tuple(new_ids))

    def get_article(self, article_id: str) -> Article:
        """The stored article ``article_id``; NotFoundError when there is none."""
        with self._read() as conn:
            record = conn.execute(select(articles.c.record).where(articles.c.id == article_id)).scalar()
        if record is None:
            raise NotFoundError(f"no article {article_id!r}")
        return Article.model_validate_json(record)

    def has_article(self, article_id: str) -> bool:
        """True when ``article_id`` is stored."""
        with self._read() as conn:
            return conn.execute(select(articles.c.id).where(articles.c.id == article_id)).first() is not None

    def iter_articles(
        self,
        *,
        language: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        source: str | None = None,
        sources: Sequence[str] | None = None,
        ids: Sequence[str] | None = None,
        event_type: str | None = None,
        country: str | None = None,
        actor: str | None = None,
        or_ids: Sequence[str] = (),
        after: ListKey | None = None,
        limit: int | None = None,
    ) -> Iterator[Article]:
        """Stream stored articles, ordered by publication date (undated last), then id; filters run in the database.

        ``since``/``until`` bound the publication date (inclusive; undated
        articles are left out when either is given); ``source`` is an outlet
        name and ``sources`` several (exact); ``ids`` restricts to those ids.
        ``event_type``, ``country`` and ``actor`` keep the articles with at
        least one event report that has no active analyst correction and
        matches all three (as ``iter_events`` does); ``or_ids`` lets those ids
        through these three filters too (the caller's matches among corrected
        reports).  ``after`` and ``limit`` page as in ``store.listing``.
        """
        query = select(articles.c.record)
        if language is not None:
            query = query.where(articles.c.language == language)
        if since is not None:
            query = query.where(articles.c.published >= since)
        if until is not None:
            query = query.where(articles.c.published <= until)
        if source is not None:
            query = query.where(articles.c.source == source)
        if sources is not None:
            query = query.where(articles.c.source.in_(list(sources)))
        if ids is not None:
            query = query.where(articles.c.id.in_(list(ids)))
        said = event_conditions(event_type=event_type, country=country, actor=actor)
        if said:
            telling = select(event_reports.c.article_id).where(*said, event_reports.c.id.not_in(corrected_event_ids()))
            found = articles.c.id.in_(telling)
            query = query.where(or_(found, articles.c.id.in_(list(or_ids))) if or_ids else found)
        rows = in_list_order(
            self._stream, query, date=articles.c.published, key=articles.c.id, after=after, limit=limit
        )
        for row in rows:
            yield Article.model_validate_json(row.record)

    def article_sources(self) -> list[str]:
        """The distinct outlet names of the stored articles, sorted."""
        query = select(articles.c.source).where(articles.c.source.is_not(None)).distinct()
        with self._read() as conn:
            return sorted(str(s) for s in conn.execute(query).scalars())

    def count_articles(self, *, language: str | None = None) -> int:
        """Number of stored articles (in ``language`` when given)."""
        query = select(func.count()).select_from(articles)
        if language is not None:
            query = query.where(articles.c.language == language)
        with self._read() as conn:
            return int(conn.execute(query).scalar_one())

    # ------------------------------------------------------------------ ingest runs

    def start_run(self, inputs: Sequence[str]) -> str:
        """Record the start of an ingest run over ``inputs`` (committed at once); returns its id.

        Runs left "running" by a process that is gone (killed midway) are
        marked "interrupted" first.  The run records this process (pid, host)
        and a heartbeat (see ``heartbeat``).
        """
        run_id = f"r_{uuid.uuid4().hex[:16]}"
        now = dt.datetime.now(dt.UTC)
        pid, host = this_process()
        row = {
            "id": run_id,
            "started_at": now,
            "finished_at": None,
            "status": RUNNING,
            "inputs": json.dumps([storable(i) for i in inputs], ensure_ascii=False),
            "accepted": 0,
            "duplicates": 0,
            "pid": pid,
            "host": storable(host),
            "heartbeat_at": now,
        }
        with self._write() as conn:
            gone = gone_runs(conn)
            if gone:
                conn.execute(
                    update(ingest_runs)
                    .where(ingest_runs.c.id.in_(gone), ingest_runs.c.status == RUNNING)
                    .values(status=INTERRUPTED)
                )
            conn.execute(ingest_runs.insert(), row)
        return run_id

    def heartbeat(self, run_id: str, *, accepted: int, duplicates: int) -> None:
        """Note that run ``run_id`` is alive, with its counts so far (kept if it is interrupted later)."""
        with self._write() as conn:
            conn.execute(
                update(ingest_runs)
                .where(ingest_runs.c.id == run_id)
                .values(heartbeat_at=dt.datetime.now(dt.UTC), accepted=accepted, duplicates=duplicates)
            )

    def record_skips(self, run_id: str, skipped: Iterable[SkippedInput]) -> int:
        """Add skipped inputs to run ``run_id`` (in order); returns how many were recorded."""
        rows = [
            {"run_id": run_id, "origin": storable(s.origin), "reason": s.reason.value, "detail": storable(s.detail)}
            for s in skipped
        ]
        if not rows:
            return 0
        self._require_run(run_id)
        with self._write() as conn:
            conn.execute(run_skips.insert(), rows)
        return len(rows)

    def finish_run(self, run_id: str, *, accepted: int, duplicates: int, status: str = "finished") -> IngestRun:
        """Close run ``run_id`` with its counts and ``status`` (finished, failed or interrupted); returns the run."""
        with self._write() as conn:
            done = conn.execute(
                update(ingest_runs)
                .where(ingest_runs.c.id == run_id)
                .values(finished_at=dt.datetime.now(dt.UTC), status=status, accepted=accepted, duplicates=duplicates)
            )
        if done.rowcount == 0:
            raise NotFoundError(f"no ingest run {run_id!r}")
        return self.get_run(run_id)

    def get_run(self, run_id: str) -> IngestRun:
        """Ingest run ``run_id`` with its skipped inputs; NotFoundError when there is none."""
        runs = self._runs(run_id)
        if not runs:
            raise NotFoundError(f"no ingest run {run_id!r}")
        return runs[0]

    def list_runs(self) -> list[IngestRun]:
        """Every ingest run, oldest first, with its skipped inputs.

        A run still marked running whose process is gone is returned as "interrupted".
        """
        return self._runs(None)

    def _require_run(self, run_id: str) -> None:
        with self._read() as conn:
            if conn.execute(select(ingest_runs.c.id).where(ingest_runs.c.id == run_id)).first() is None:
                raise NotFoundError(f"no ingest run {run_id!r}")

    def _runs(self, run_id: str | None) -> list[IngestRun]:
        runs_q = select(ingest_runs).order_by(ingest_runs.c.started_at, ingest_runs.c.id)
        skips_q = select(run_skips).order_by(run_skips.c.id)
        if run_id is not None:
            runs_q = runs_q.where(ingest_runs.c.id == run_id)
            skips_q = skips_q.where(run_skips.c.run_id == run_id)
        with self._read() as conn:
            run_rows = conn.execute(runs_q).all()
            gone = set(gone_runs(conn)) if any(r.status == RUNNING for r in run_rows) else set()
            skips: dict[str, list[SkippedInput]] = {}
            for s in conn.execute(skips_q):
                skips.setdefault(s.run_id, []).append(
                    SkippedInput.model_validate({"origin": s.origin, "reason": s.reason, "detail": s.detail})
                )
        return [
            IngestRun(
                id=r.id,
                started_at=utc(r.started_at) or r.started_at,
                finished_at=utc(r.finished_at),
                inputs=tuple(json.loads(r.inputs)),
                accepted=r.accepted,
                duplicates=r.duplicates,
                skipped=tuple(skips.get(r.id, ())),
                status=INTERRUPTED if r.id in gone else r.status,
            )
            for r in run_rows
        ]
