"""Incidents (merged across reports), processing state, and store statistics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Table, func, select, update
from sqlalchemy.engine import Connection

from eventcoder import failpoints
from eventcoder.errors import NotFoundError
from eventcoder.models import Incident, IncidentChange, SkippedInput, SkipReason
from eventcoder.store.audit import change_rows
from eventcoder.store.base import StoreBase
from eventcoder.store.liveness import INTERRUPTED, RUNNING, gone_runs
from eventcoder.store.schema import (
    articles,
    incident_articles,
    incident_changes,
    incidents,
    ingest_runs,
    metadata,
    processing,
    run_skips,
)
from eventcoder.store.types import StoreStats

__all__ = ["IncidentStore"]


def _incident_row(incident: Incident) -> dict[str, Any]:
    place = incident.place
    return {
        "id": incident.id,
        "event_type": incident.event_type,
        "status": incident.status.value,
        "date_start": incident.date.start,
        "date_end": incident.date.end,
        "country": place.country if place else None,
        "n_reports": len(incident.report_ids),
        "record": incident.model_dump_json(),
    }


class IncidentStore(StoreBase):
    """Incidents, what has been processed, and counts."""

    # ------------------------------------------------------------------ incidents

    def put_incidents(self, items: Iterable[Incident]) -> int:
        """Insert incidents, replacing stored ones with the same id (one transaction); returns how many."""
        with self._write() as conn:
            return self._put_incidents(conn, items)

    def delete_incidents(self, ids: Iterable[str]) -> None:
        """Delete the incidents with these ids (absent ids are ignored)."""
        wanted = list(dict.fromkeys(ids))
        with self._write() as conn:
            self._delete_where(conn, [incident_articles], "incident_id", wanted)
            self._delete_where(conn, [incidents], "id", wanted)

    def apply_clustering(
        self,
        *,
        deleted: Iterable[str],
        upserts: Iterable[Incident],
        changes: Iterable[IncidentChange],
        article_ids: Iterable[str],
    ) -> int:
        """Apply one clustering step in one transaction: delete, then write incidents, log the changes, and
        mark ``article_ids`` clustered.  A process killed meanwhile leaves the store as it was before."""
        wanted = list(dict.fromkeys(deleted))
        clustered = list(dict.fromkeys(article_ids))
        with self._write() as conn:
            self._delete_where(conn, [incident_articles], "incident_id", wanted)
            self._delete_where(conn, [incidents], "id", wanted)
            n = self._put_incidents(conn, upserts)
            self._insert_new(conn, incident_changes, change_rows(changes), key=incident_changes.c.id)
            for chunk in range(0, len(clustered), 500):
                ids = clustered[chunk : chunk + 500]
                conn.execute(update(processing).where(processing.c.article_id.in_(ids)).values(clustered=1))
            failpoints.hit("clustering")
        return n

    def _put_incidents(self, conn: Connection, items: Iterable[Incident]) -> int:
        by_id = {i.id: i for i in items}
        ids = list(by_id)
        links = [{"incident_id": i.id, "article_id": a} for i in by_id.values() for a in dict.fromkeys(i.article_ids)]
        self._delete_where(conn, [incident_articles], "incident_id", ids)
        self._delete_where(conn, [incidents], "id", ids)
        if ids:
            conn.execute(incidents.insert(), [_incident_row(i) for i in by_id.values()])
        if links:
            conn.execute(incident_articles.insert(), links)
        return len(ids)

    def get_incident(self, incident_id: str) -> Incident:
        """The stored incident ``incident_id``; NotFoundError when there is none."""
        with self._read() as conn:
            record = conn.execute(select(incidents.c.record).where(incidents.c.id == incident_id)).scalar()
        if record is None:
            raise NotFoundError(f"no incident {incident_id!r}")
        return Incident.model_validate_json(record)

    def iter_incidents(
        self,
        *,
        event_type: str | None = None,
        country: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        article_id: str | None = None,
        ids: Sequence[str] | None = None,
        overlapping: tuple[dt.date, dt.date] | None = None,
    ) -> Iterator[Incident]:
        """Stream incidents ordered by date (undated last), then id.

        ``since``/``until`` bound the start date; ``overlapping=(a, b)`` keeps incidents whose
        date span (start to end, or the start day alone) meets the interval [a, b], so a
        year-long or war-long incident is found from a day inside it.
        """
        query = select(incidents.c.record)
        if overlapping is not None:
            lo, hi = overlapping
            end = func.coalesce(incidents.c.date_end, incidents.c.date_start)
            query = query.where(incidents.c.date_start <= hi, end >= lo)
        if event_type is not None:
            query = query.where(incidents.c.event_type == event_type)
        if country is not None:
            query = query.where(incidents.c.country == country)
        if since is not None:
            query = query.where(incidents.c.date_start >= since)
        if until is not None:
            query = query.where(incidents.c.date_start <= until)
        if ids is not None:
            query = query.where(incidents.c.id.in_(list(ids)))
        if article_id is not None:
            linked = select(incident_articles.c.incident_id).where(incident_articles.c.article_id == article_id)
            query = query.where(incidents.c.id.in_(linked))
        query = query.order_by(incidents.c.date_start.asc().nulls_last(), incidents.c.id)
        for row in self._stream(query):
            yield Incident.model_validate_json(row.record)

    # ------------------------------------------------------------------ processing state

    def processed_state(self, article_id: str) -> str | None:
        """The version ``article_id`` was last processed with, or None when never processed."""
        state = self.processing_state(article_id)
        return None if state is None else state[0]

    def processing_state(self, article_id: str) -> tuple[str, bool] | None:
        """(version, clustered) of ``article_id``'s last processing, or None when never processed.

        ``clustered`` is False between extraction and clustering: a run stopped there left it half done.
        """
        with self._read() as conn:
            row = conn.execute(
                select(processing.c.version, processing.c.clustered).where(processing.c.article_id == article_id)
            ).first()
        return None if row is None else (str(row.version), bool(row.clustered))

    def mark_processed(self, article_id: str, version: str, *, skipped: SkippedInput | None = None) -> None:
        """Record that ``article_id`` has been extracted by pipeline ``version`` (not clustered yet), or, with
        ``skipped``, that this version does not process it, and why."""
        row = {
            "article_id": article_id,
            "version": version,
            "processed_at": dt.datetime.now(dt.UTC),
            "clustered": 0,
            "skip_reason": skipped.reason.value if skipped else None,
            "skip_detail": skipped.detail if skipped else None,
        }
        with self._write() as conn:
            self._upsert(conn, processing, [row], key="article_id")

    def iter_processing_states(self, *, ids: Sequence[str] | None = None) -> Iterator[tuple[str, str | None, bool]]:
        """Stream (article id, version or None, clustered) for stored articles, in ``iter_articles`` order,
        without reading their text."""
        query = select(articles.c.id, processing.c.version, processing.c.clustered).select_from(
            articles.outerjoin(processing, processing.c.article_id == articles.c.id)
        )
        if ids is not None:
            query = query.where(articles.c.id.in_(list(ids)))
        query = query.order_by(articles.c.published.asc().nulls_last(), articles.c.id)
        for row in self._stream(query):
            yield str(row.id), None if row.version is None else str(row.version), bool(row.clustered)

    def iter_processing_skips(self) -> Iterator[SkippedInput]:
        """Articles the current state says were not processed: origin is the article id."""
        query = (
            select(processing.c.article_id, processing.c.skip_reason, processing.c.skip_detail)
            .where(processing.c.skip_reason.is_not(None))
            .order_by(processing.c.article_id)
        )
        for row in self._stream(query):
            yield SkippedInput(
                origin=str(row.article_id), reason=SkipReason(row.skip_reason), detail=row.skip_detail or ""
            )

    def iter_pending(self, version: str, *, language: str | None = None) -> Iterator[str]:
        """Stream ids of articles never processed or processed by another version, in article order."""
        query = (
            select(articles.c.id)
            .select_from(articles.outerjoin(processing, processing.c.article_id == articles.c.id))
            .where((processing.c.version.is_(None)) | (processing.c.version != version))
        )
        if language is not None:
            query = query.where(articles.c.language == language)
        query = query.order_by(articles.c.published.asc().nulls_last(), articles.c.id)
        for row in self._stream(query):
            yield str(row.id)

    # ------------------------------------------------------------------ statistics

    def stats(self) -> StoreStats:
        """Row counts per table, articles per language, runs per status, skips per reason.

        A run still marked running whose process is gone counts as "interrupted".
        """
        with self._read() as conn:
            tables: dict[str, int] = {}
            for table in metadata.sorted_tables:
                tables[table.name] = int(conn.execute(select(func.count()).select_from(table)).scalar_one())

            def grouped(table: Table, column: str) -> dict[str, int]:
                col = table.c[column]
                rows = conn.execute(select(col, func.count()).group_by(col).order_by(col))
                return {str(key): int(n) for key, n in rows}

            runs_by_status = grouped(ingest_runs, "status")
            if runs_by_status.get(RUNNING):
                gone = len(gone_runs(conn))  # killed runs still marked running are reported interrupted
                if gone:
                    runs_by_status[INTERRUPTED] = runs_by_status.get(INTERRUPTED, 0) + gone
                    runs_by_status[RUNNING] -= gone
                    runs_by_status = {k: v for k, v in sorted(runs_by_status.items()) if v}
            return StoreStats(
                tables=tables,
                articles_by_language=grouped(articles, "language"),
                runs=tables[ingest_runs.name],
                runs_by_status=runs_by_status,
                skips_by_reason=grouped(run_skips, "reason"),
                processing_skips={
                    str(reason): int(n)
                    for reason, n in conn.execute(
                        select(processing.c.skip_reason, func.count())
                        .where(processing.c.skip_reason.is_not(None))
                        .group_by(processing.c.skip_reason)
                        .order_by(processing.c.skip_reason)
                    )
                },
                awaiting_clustering=int(
                    conn.execute(
                        select(func.count()).select_from(processing).where(processing.c.clustered == 0)
                    ).scalar_one()
                ),
            )
