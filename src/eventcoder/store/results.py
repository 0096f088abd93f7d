"""Per-article results: analyses, resolutions, entities, event reports and claims.

Each ``put_*`` replaces everything stored for the article in one transaction
(delete, then insert), so processing the same article again changes nothing
and an interrupted write leaves the previous results whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, exists, func, literal, or_, select, text

from eventcoder.errors import NotFoundError
from eventcoder.models import Analysis, Claim, Entity, EventReport, Resolution
from eventcoder.store.base import StoreBase
from eventcoder.store.listing import ListKey, in_list_order
from eventcoder.store.schema import (
    analyses,
    articles,
    corrections,
    entities,
    event_actors,
    event_reports,
    resolution_entities,
    resolutions,
)
from eventcoder.store.schema import (
    claims as claim_table,
)

__all__ = ["ResultStore", "corrected_event_ids", "event_conditions"]


def _entity_row(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "kind": entity.kind.value,
        "name": entity.name,
        "country": entity.country,
        "record": entity.model_dump_json(),
    }


def _event_row(report: EventReport) -> dict[str, Any]:
    place = report.place
    return {
        "id": report.id,
        "article_id": report.article_id,
        "event_type": report.event_type,
        "status": report.status.value,
        "date_start": report.date.start,
        "date_end": report.date.end,
        "country": place.country if place else None,
        "place_entity_id": place.entity_id if place else None,
        "confidence": report.confidence,
        "record": report.model_dump_json(),
    }


def _claim_row(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "article_id": claim.article_id,
        "kind": claim.kind.value,
        "speaker_entity_id": claim.speaker_entity_id,
        "sentence_index": claim.sentence_index,
        "record": claim.model_dump_json(),
    }


def _actor_rows(report: EventReport) -> list[dict[str, Any]]:
    return [
        {"event_id": report.id, "position": k, "entity_id": a.entity_id, "name_key": a.name.casefold()}
        for k, a in enumerate(report.actors)
    ]


WALK_SHARE = 50  # a filter kept by 1 row in 50 or more pages by walking the list order; rarer ones look rows up


def corrected_event_ids() -> Any:
    """Subquery: ids of the event reports with an active analyst correction."""
    return select(corrections.c.target_id).where(corrections.c.target_kind == "event", corrections.c.active == 1)


def actor_match(actor: str) -> ColumnElement[bool]:
    """Condition on ``event_actors``: the entity id is ``actor``, or the name contains it ignoring case."""
    return or_(event_actors.c.entity_id == actor, event_actors.c.name_key.contains(actor.casefold(), autoescape=True))


def event_conditions(
    *,
    event_type: str | None = None,
    country: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    actor: str | None = None,
    entity_id: str | None = None,
    walk_actor: bool = False,
) -> list[ColumnElement[bool]]:
    """Conditions on ``event_reports`` for the filters on what an event says (each None is no condition).

    ``actor`` keeps events with an actor whose entity id is ``actor`` or whose name contains it, ignoring case
    (``str.casefold``); ``entity_id`` keeps events whose actors or place include that entity.  ``walk_actor``
    writes the actor condition as a per-row check (cheap when many events match) instead of a lookup of the
    matching events (cheap when few do).
    """
    out: list[ColumnElement[bool]] = []
    if event_type is not None:
        out.append(event_reports.c.event_type == event_type)
    if country is not None:
        out.append(event_reports.c.country == country)
    if since is not None:
        out.append(event_reports.c.date_start >= since)
    if until is not None:
        out.append(event_reports.c.date_start <= until)
    if actor is not None:
        named = actor_match(actor)
        if walk_actor:
            out.append(exists().where(event_actors.c.event_id == event_reports.c.id, named))
        else:
            out.append(event_reports.c.id.in_(select(event_actors.c.event_id).where(named)))
    if entity_id is not None:
        acting = select(event_actors.c.event_id).where(event_actors.c.entity_id == entity_id)
        out.append(or_(event_reports.c.place_entity_id == entity_id, event_reports.c.id.in_(acting)))
    return out


def _check_article(article_id: str, records: Iterable[EventReport | Claim]) -> None:
    for rec in records:
        if rec.article_id != article_id:
            raise ValueError(f"{type(rec).__name__} {rec.id} belongs to {rec.article_id}, not {article_id}")


class ResultStore(StoreBase):
    """What the stages found in each article."""

    # ------------------------------------------------------------------ analyses

    def put_analysis(self, analysis: Analysis) -> None:
        """Store ``analysis``, replacing any earlier analysis of the same article."""
        row = {
            "article_id": analysis.article_id,
            "language": analysis.language,
            "backend": analysis.backend,
            "record": analysis.model_dump_json(),
        }
        with self._write() as conn:
            self._delete_where(conn, [analyses], "article_id", [analysis.article_id])
            conn.execute(analyses.insert(), row)

    def get_analysis(self, article_id: str) -> Analysis | None:
        """The stored analysis of ``article_id``, or None."""
        with self._read() as conn:
            record = conn.execute(select(analyses.c.record).where(analyses.c.article_id == article_id)).scalar()
        return None if record is None else Analysis.model_validate_json(record)

    # ------------------------------------------------------------------ entities and resolutions

    def put_entities(self, items: Iterable[Entity]) -> int:
        """Insert or replace entities by id; returns how many were written."""
        rows = list({e.id: _entity_row(e) for e in items}.values())
        with self._write() as conn:
            self._upsert(conn, entities, rows)
        return len(rows)

    def get_entity(self, entity_id: str) -> Entity:
        """The stored entity ``entity_id``; NotFoundError when there is none."""
        with self._read() as conn:
            record = conn.execute(select(entities.c.record).where(entities.c.id == entity_id)).scalar()
        if record is None:
            raise NotFoundError(f"no entity {entity_id!r}")
        return Entity.model_validate_json(record)

    def iter_entities(
        self,
        *,
        kind: str | None = None,
        country: str | None = None,
        ids: Sequence[str] | None = None,
        article_id: str | None = None,
    ) -> Iterator[Entity]:
        """Stream entities by id; filter by kind, country (ISO alpha-3), ids, or the article resolved to them."""
        query = select(entities.c.record)
        if kind is not None:
            query = query.where(entities.c.kind == kind)
        if country is not None:
            query = query.where(entities.c.country == country)
        if ids is not None:
            query = query.where(entities.c.id.in_(list(ids)))
        if article_id is not None:
            linked = select(resolution_entities.c.entity_id).where(resolution_entities.c.article_id == article_id)
            query = query.where(entities.c.id.in_(linked))
        for row in self._stream(query.order_by(entities.c.id)):
            yield Entity.model_validate_json(row.record)

    def put_resolution(self, resolution: Resolution) -> None:
        """Store ``resolution`` (replacing the article's earlier one) and upsert the entities it points to."""
        aid = resolution.article_id
        entity_rows = list({e.id: _entity_row(e) for e in resolution.entities}.values())
        links = [{"article_id": aid, "entity_id": row["id"]} for row in entity_rows]
        with self._write() as conn:
            self._upsert(conn, entities, entity_rows)
            self._delete_where(conn, [resolution_entities, resolutions], "article_id", [aid])
            conn.execute(resolutions.insert(), {"article_id": aid, "record": resolution.model_dump_json()})
            if links:
                conn.execute(resolution_entities.insert(), links)

    def get_resolution(self, article_id: str) -> Resolution | None:
        """The stored resolution of ``article_id``, or None."""
        with self._read() as conn:
            record = conn.execute(select(resolutions.c.record).where(resolutions.c.article_id == article_id)).scalar()
        return None if record is None else Resolution.model_validate_json(record)

    # ------------------------------------------------------------------ events and claims

    def put_events(self, article_id: str, reports: Sequence[EventReport], claims: Sequence[Claim]) -> None:
        """Replace the event reports and claims of ``article_id`` with these (empty sequences clear them).

        ValueError when a record belongs to another article.
        """
        _check_article(article_id, reports)
        _check_article(article_id, claims)
        actor_rows = [row for r in reports for row in _actor_rows(r)]
        with self._write() as conn:
            of_article = select(event_reports.c.id).where(event_reports.c.article_id == article_id)
            conn.execute(delete(event_actors).where(event_actors.c.event_id.in_(of_article)))
            self._delete_where(conn, [event_reports, claim_table], "article_id", [article_id])
            if reports:
                conn.execute(event_reports.insert(), [_event_row(r) for r in reports])
            if actor_rows:
                conn.execute(event_actors.insert(), actor_rows)
            if claims:
                conn.execute(claim_table.insert(), [_claim_row(c) for c in claims])

    def iter_events(
        self,
        *,
        article_id: str | None = None,
        event_type: str | None = None,
        country: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        language: str | None = None,
        sources: Sequence[str] | None = None,
        actor: str | None = None,
        entity_id: str | None = None,
        ids: Sequence[str] | None = None,
        keep_corrected: bool = False,
        after: ListKey | None = None,
        limit: int | None = None,
    ) -> Iterator[EventReport]:
        """Stream event reports ordered by event date (undated last), then id; every filter runs in the database.

        ``since``/``until`` bound the event's start date (inclusive); ``language`` is the language of the
        reporting article and ``sources`` its outlet names (exact); ``actor`` is an actor's entity id or part of
        its name (any case) and ``entity_id`` an entity among the actors or the place.  With
        ``keep_corrected`` an event with an active analyst correction passes the type, country, date, actor
        and entity filters whatever its stored values (the caller checks its corrected values).  ``after``
        resumes after a ``(date, id)`` key and ``limit`` caps how many are read (see ``store.listing``).
        """
        every: list[ColumnElement[bool]] = []  # conditions no correction can change
        if article_id is not None:
            every.append(event_reports.c.article_id == article_id)
        if ids is not None:
            every.append(event_reports.c.id.in_(list(ids)))
        if language is not None or sources is not None:
            told = [articles.c.language == language] if language is not None else []
            told += [articles.c.source.in_(list(sources))] if sources is not None else []
            if self._common(articles, told):
                every.append(exists().where(articles.c.id == event_reports.c.article_id, *told))
            else:
                every.append(event_reports.c.article_id.in_(select(articles.c.id).where(*told)))
        walk_actor = actor is not None and self._common(event_actors, [actor_match(actor)])
        said = event_conditions(
            event_type=event_type,
            country=country,
            since=since,
            until=until,
            actor=actor,
            entity_id=entity_id,
            walk_actor=walk_actor,
        )
        corrected = corrected_event_ids()
        if keep_corrected and said and limit is None:
            said = [or_(and_(*said), event_reports.c.id.in_(corrected))]
        if not (keep_corrected and said) or limit is None:
            for row in self._in_order(select(event_reports.c.record).where(*every, *said), after, limit):
                yield EventReport.model_validate_json(row.record)
            return
        # Corrected events skip ``said``: a page of the others and a page of them, then both in list order
        # (an OR of the two would make the database sort every match instead of walking an index).
        page_ids = select(event_reports.c.id)
        others = page_ids.where(*every, *said, event_reports.c.id.not_in(corrected))
        found = [r.id for r in self._in_order(others, after, limit)]
        found += [r.id for r in self._in_order(page_ids.where(*every, event_reports.c.id.in_(corrected)), after, limit)]
        for row in self._in_order(select(event_reports.c.record).where(event_reports.c.id.in_(found)), None, limit):
            yield EventReport.model_validate_json(row.record)

    def _in_order(self, query: Any, after: ListKey | None, limit: int | None) -> Iterator[Any]:
        return in_list_order(
            self._stream, query, date=event_reports.c.date_start, key=event_reports.c.id, after=after, limit=limit
        )

    def _common(self, table: Any, conditions: list[ColumnElement[bool]]) -> bool:
        """Whether at least 1 row in WALK_SHARE of ``table`` meets ``conditions`` (SQLite, which keeps no
        statistics; on PostgreSQL the planner knows and this says no)."""
        if self.dialect != "sqlite":
            return False
        with self._read() as conn:
            total = conn.execute(select(func.max(text("rowid"))).select_from(table)).scalar() or 0
            if not total:
                return False
            matching = select(func.count()).select_from(select(literal(1)).select_from(table).where(*conditions)
                                                       .limit(total // WALK_SHARE + 1).subquery())  # fmt: skip
            return int(conn.execute(matching).scalar_one()) * WALK_SHARE > total

    def iter_claims(
        self,
        *,
        article_id: str | None = None,
        kind: str | None = None,
        speaker_entity_id: str | None = None,
        ids: Sequence[str] | None = None,
    ) -> Iterator[Claim]:
        """Stream claims ordered by article, sentence, then id."""
        query = select(claim_table.c.record)
        if article_id is not None:
            query = query.where(claim_table.c.article_id == article_id)
        if kind is not None:
            query = query.where(claim_table.c.kind == kind)
        if speaker_entity_id is not None:
            query = query.where(claim_table.c.speaker_entity_id == speaker_entity_id)
        if ids is not None:
            query = query.where(claim_table.c.id.in_(list(ids)))
        query = query.order_by(claim_table.c.article_id, claim_table.c.sentence_index, claim_table.c.id)
        for row in self._stream(query):
            yield Claim.model_validate_json(row.record)
