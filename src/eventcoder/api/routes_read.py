"""Read routes: articles, events, incidents, entities, claims, timeline, corrections.

Every list has the store's stable order and cursor pagination: pass the
``next_cursor`` of one page as ``cursor`` to get the next.  Filters are those
of ``eventcoder.filters.Filters`` and match the corrected records.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BeforeValidator

from eventcoder import __version__
from eventcoder.api.errors import ApiError
from eventcoder.api.pagination import Page, SortKey, date_key, decode_cursor, encode_cursor, list_key, paginate
from eventcoder.api.state import AppState, Reader, State
from eventcoder.api.views import (
    analysis_summary,
    article_summary,
    claim_view,
    corrected_view,
    correction_view,
    entity_view,
    ids,
    resolution_summary,
)
from eventcoder.corrections import (
    Corrected,
    corrected_events,
    corrected_incidents,
    get_corrected_incident,
    list_corrections,
)
from eventcoder.errors import NotFoundError
from eventcoder.filters import Filters
from eventcoder.models import EventReport, Incident
from eventcoder.store import Store

__all__ = ["FiltersQ", "IsoDate", "router"]

router = APIRouter(prefix="/api", tags=["read"])
DETAIL_CAP = 500  # most related records listed in one detail view

CODE = r"^[A-Za-z]{2,3}$"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    """Let only a calendar date through: 'YYYY-MM-DD' (or a date object), never a number read as a timestamp."""
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("a date is written YYYY-MM-DD")
    if isinstance(value, int | float):
        raise ValueError("a date is written YYYY-MM-DD, not as a number")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
"""A date given as YYYY-MM-DD; a bare number (``until=0``) is refused with 422, not read as 1970-01-01."""


def filters(
    country: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 of the place.")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="Entity id or part of a name.")] = None,
    type: Annotated[str | None, Query(max_length=60, description="PLOVER event type, e.g. ASSAULT.")] = None,
    since: Annotated[IsoDate | None, Query(description="Start date on or after (YYYY-MM-DD).")] = None,
    until: Annotated[IsoDate | None, Query(description="Start date on or before (YYYY-MM-DD).")] = None,
    language: Annotated[str | None, Query(pattern=CODE, description="A source language (ISO 639-1).")] = None,
    source: Annotated[str | None, Query(max_length=200, description="Part of a source outlet's name.")] = None,
) -> Filters:
    """The shared filters, from query parameters."""
    return Filters(
        country=country, actor=actor, event_type=type, since=since, until=until, language=language, source=source
    )


FiltersQ = Annotated[Filters, Depends(filters)]
Cursor = Annotated[str | None, Query(max_length=2000, description="next_cursor of the previous page.")]
Limit = Annotated[int | None, Query(ge=1, description="Items per page (at most api.max_page_size).")]


def _limit(state: AppState, limit: int | None) -> int:
    if limit is None:
        return state.api.default_page_size
    if limit > state.api.max_page_size:
        raise ApiError(422, f"limit: at most {state.api.max_page_size}")
    return limit


def _page(items: list[dict[str, Any]], page: Page[Any]) -> dict[str, Any]:
    return {"items": items, "next_cursor": page.next_cursor}


def _after(cursor: str | None) -> tuple[dt.date | None, str] | None:
    """The store's page key in ``cursor`` (None for the first page)."""
    return list_key(decode_cursor(cursor)) if cursor else None


def _sources(store: Store, f: Filters) -> list[str] | None:
    """The stored outlet names that contain ``f.source`` (any case), or None when there is no source filter."""
    if f.source is None:
        return None
    needle = f.source.casefold()
    return [s for s in store.article_sources() if needle in s.casefold()]


def _next(items: list[Any], size: int, key: Callable[[Any], SortKey]) -> tuple[list[Any], str | None]:
    """The page of ``size`` items out of ``size + 1`` read, and the next page's cursor (None on the last)."""
    if len(items) <= size:
        return items, None
    return items[:size], encode_cursor(key(items[size - 1]))


@router.get("/health", tags=["meta"])
def health(state: State) -> dict[str, Any]:
    """Liveness: the version and the store's dialect."""
    return {"status": "ok", "version": __version__, "store": state.store.dialect}


# --------------------------------------------------------------------------- articles


@router.get("/articles")
def list_articles(
    state: State, _who: Reader, f: FiltersQ, cursor: Cursor = None, limit: Limit = None
) -> dict[str, Any]:
    """Stored articles (no text), by publication date then id.  ``language``, ``source``, ``since`` and
    ``until`` (publication date) filter the articles; ``type``, ``country`` and ``actor`` keep the articles
    that report at least one event matching all three (analysts' corrections applied)."""
    store = state.store
    size = _limit(state, limit)
    corrected: list[str] = []
    if f.event_type is not None or f.country is not None or f.actor is not None:
        corrected = _articles_of_corrected_events(store, Filters(event_type=f.event_type, country=f.country,
                                                                 actor=f.actor))  # fmt: skip
    found = store.iter_articles(
        language=f.language,
        since=f.since,
        until=f.until,
        sources=_sources(store, f),
        event_type=f.event_type,
        country=f.country,
        actor=f.actor,
        or_ids=corrected,
        after=_after(cursor),
        limit=size + 1,
    )
    page, next_cursor = _next(list(found), size, lambda a: date_key(a.published, a.id))
    return {"items": [article_summary(a) for a in page], "next_cursor": next_cursor}


def _articles_of_corrected_events(store: Store, said: Filters) -> list[str]:
    """Ids of the articles with an event that matches ``said`` once the analysts' corrections are applied."""
    fixes = list_corrections(store, target_kind="event")
    ids = sorted({c.target_id for c in fixes})
    out: set[str] = set()
    for start in range(0, len(ids), 500):
        events = list(store.iter_events(ids=ids[start : start + 500]))
        out.update(v.record.article_id for v in corrected_events(events, fixes) if said.matches_event(v.record))
    return sorted(out)


@router.get("/articles/{article_id}")
def get_article(state: State, _who: Reader, article_id: str) -> dict[str, Any]:
    """One article with its text, analysis and resolution summaries, events (corrected), incidents and claims."""
    store = state.store
    article = store.get_article(article_id)
    events = list(store.iter_events(article_id=article_id))
    fixes = list_corrections(store, target_ids=[e.id for e in events], target_kind="event")
    out: dict[str, Any] = article.model_dump(mode="json")
    out["analysis"] = analysis_summary(store.get_analysis(article_id))
    out["resolution"] = resolution_summary(store.get_resolution(article_id))
    out["events"] = [corrected_view(v) for v in corrected_events(events, fixes)]
    out["incident_ids"] = ids(store.iter_incidents(article_id=article_id))
    out["claims"] = [claim_view(c) for c in store.iter_claims(article_id=article_id)]
    return out


# --------------------------------------------------------------------------- events


def corrected_event_page(
    store: Store,
    *,
    check: Callable[[EventReport], bool],
    after: tuple[dt.date | None, str] | None,
    count: int,
    **query: Any,
) -> list[tuple[EventReport, Corrected[EventReport]]]:
    """Up to ``count`` events of ``store.iter_events(**query, keep_corrected=True)`` after the key ``after``, with
    their corrections applied, that pass ``check`` on their corrected values: (stored event, corrected view)
    pairs in list order.  The store applies the filters to every event without a correction; reads go on,
    page-sized, only while corrected events fail ``check``."""
    out: list[tuple[EventReport, Corrected[EventReport]]] = []
    key = after
    while len(out) < count:
        want = count - len(out)
        batch = list(store.iter_events(**query, keep_corrected=True, after=key, limit=want))
        if not batch:
            break
        key = (batch[-1].date.start, batch[-1].id)
        fixes = list_corrections(store, target_ids=[e.id for e in batch], target_kind="event")
        views = zip(batch, corrected_events(batch, fixes), strict=True)
        out += [(ev, view) for ev, view in views if check(view.record)]
        if len(batch) < want:
            break
    return out


@router.get("/events")
def list_events(
    state: State,
    _who: Reader,
    f: FiltersQ,
    article_id: Annotated[str | None, Query(max_length=200)] = None,
    cursor: Cursor = None,
    limit: Limit = None,
) -> dict[str, Any]:
    """Event reports (one event as told by one article), corrected, by event date then id."""
    store = state.store
    size = _limit(state, limit)
    said = f.model_copy(update={"language": None, "source": None})  # the store checks these on every event
    found = corrected_event_page(
        store,
        check=said.matches_event,
        after=_after(cursor),
        count=size + 1,
        article_id=article_id,
        event_type=f.event_type,
        country=f.country,
        since=f.since,
        until=f.until,
        actor=f.actor,
        language=f.language,
        sources=_sources(store, f),
    )
    page, next_cursor = _next(found, size, lambda pair: date_key(pair[0].date.start, pair[0].id))
    return {"items": [corrected_view(v) for _, v in page], "next_cursor": next_cursor}


@router.get("/events/{event_id}")
def get_event(state: State, _who: Reader, event_id: str) -> dict[str, Any]:
    """One event report, corrected, with its article summary, evidence and claims."""
    store = state.store
    event = next(iter(store.iter_events(ids=[event_id])), None)
    if event is None:
        raise NotFoundError(f"no event {event_id!r}")
    view = next(corrected_events([event], list_corrections(store, target_id=event_id, target_kind="event")))
    out = corrected_view(view)
    out["article"] = article_summary(store.get_article(event.article_id))
    out["claims"] = [claim_view(c) for c in store.iter_claims(ids=list(event.claim_ids))] if event.claim_ids else []
    out["incident_ids"] = [i.id for i in store.iter_incidents(article_id=event.article_id) if event.id in i.report_ids]
    return out


# --------------------------------------------------------------------------- incidents


def incident_stream(
    state: AppState, f: Filters, after: SortKey | None = None
) -> Iterator[tuple[Incident, Corrected[Incident]]]:
    """(stored incident, corrected view) pairs in store order; split-off parts follow their parent."""
    store = state.store
    current: list[Incident] = []

    def tap() -> Iterator[Incident]:
        for inc in store.iter_incidents():
            current[:] = [inc]
            yield inc

    for view in corrected_incidents(store, tap()):
        if f.matches_incident(view.record):
            yield current[0], view


def _incident_key(pair: tuple[Incident, Corrected[Incident]]) -> SortKey:
    parent, view = pair
    return date_key(parent.date.start, parent.id, view.record.id)


@router.get("/incidents")
def list_incidents(
    state: State, _who: Reader, f: FiltersQ, cursor: Cursor = None, limit: Limit = None
) -> dict[str, Any]:
    """Incidents (one real event merged from its reports), corrected, by date then id."""
    after = decode_cursor(cursor) if cursor else None
    page = paginate(incident_stream(state, f, after), _incident_key, after=after, limit=_limit(state, limit))
    return _page([corrected_view(v) for _, v in page], page)


@router.get("/incidents/{incident_id}")
def get_incident(state: State, _who: Reader, incident_id: str) -> dict[str, Any]:
    """One incident, corrected: its reports (corrected), articles, evidence, figures, contradictions and history."""
    store = state.store
    view = get_corrected_incident(store, incident_id)
    inc = view.record
    reports = list(store.iter_events(ids=list(inc.report_ids)))
    fixes = list_corrections(store, target_kind="event")
    out = corrected_view(view)
    out["reports"] = [corrected_view(v) for v in corrected_events(reports, fixes)]
    out["articles"] = [article_summary(a) for a in store.iter_articles(ids=list(inc.article_ids))]
    out["evidence"] = [{"report_id": r.id, **r.evidence.model_dump(mode="json")} for r in reports]
    out["history"] = [c.model_dump(mode="json") for c in store.iter_incident_changes(incident_id=incident_id)]
    return out


@router.get("/timeline")
def timeline(
    state: State,
    _who: Reader,
    f: FiltersQ,
    limit: Annotated[int, Query(ge=1, le=20000, description="Most incidents included.")] = 5000,
) -> dict[str, Any]:
    """The timeline of ``eventcoder.timeline`` (corrections applied; wrong or merged-away incidents left out):
    ``entries`` in date order (undated last), and the incident ids per start date in ``days``."""
    from eventcoder.timeline import TimelineEntry, iter_timeline

    entries: list[TimelineEntry] = []
    truncated = False
    for entry in iter_timeline(state.store, f):
        if len(entries) == limit:
            truncated = True
            break
        entries.append(entry)
    days: dict[str, list[str]] = {}
    for e in entries:
        if e.date_start is not None:
            days.setdefault(e.date_start.isoformat(), []).append(e.incident_id)
    return {
        "entries": [e.model_dump(mode="json") for e in entries],
        "days": [{"date": d, "incidents": days[d]} for d in sorted(days)],
        "undated": sum(1 for e in entries if e.date_start is None),
        "truncated": truncated,
    }


@router.get("/framing")
def framing(state: State, _who: Reader, language: Annotated[str | None, Query(pattern=CODE)] = None) -> dict[str, Any]:
    """Per source outlet: which contested place names and framing words it uses (``eventcoder.timeline``)."""
    from eventcoder.timeline import framing_profiles

    return {"items": [p.model_dump(mode="json") for p in framing_profiles(state.store, language=language)]}


# --------------------------------------------------------------------------- entities and claims


@router.get("/entities")
def list_entities(
    state: State,
    _who: Reader,
    kind: Annotated[str | None, Query(pattern=r"^(person|organisation|group|state|place)$")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Part of the name or of an alias.")] = None,
    cursor: Cursor = None,
    limit: Limit = None,
) -> dict[str, Any]:
    """Entities (actors and places) with their aliases and ids, by id."""
    after = decode_cursor(cursor) if cursor else None
    needle = q.casefold() if q else None
    stream = (
        e
        for e in state.store.iter_entities(kind=kind, country=country)
        if needle is None
        or needle in e.name.casefold()
        or any(needle in alias.casefold() for names in e.aliases.values() for alias in names)
    )
    page = paginate(stream, lambda e: [e.id], after=after, limit=_limit(state, limit))
    return _page([entity_view(e) for e in page], page)


@router.get("/entities/{entity_id}")
def get_entity(state: State, _who: Reader, entity_id: str) -> dict[str, Any]:
    """One entity with the events, incidents, claims and articles it is involved in (each capped)."""
    store = state.store
    entity = store.get_entity(entity_id)

    def involved(rec: EventReport | Incident) -> bool:
        return any(a.entity_id == entity_id for a in rec.actors) or (
            rec.place is not None and rec.place.entity_id == entity_id
        )

    events = [v for _, v in corrected_event_page(store, check=involved, after=None, count=DETAIL_CAP,
                                                  entity_id=entity_id)]  # fmt: skip
    incidents = [v for _, v in incident_stream(state, Filters()) if involved(v.record)][:DETAIL_CAP]
    claims = list(store.iter_claims(speaker_entity_id=entity_id))[:DETAIL_CAP]
    article_ids = list(dict.fromkeys([v.record.article_id for v in events] + [c.article_id for c in claims]))
    out = entity_view(entity)
    out["events"] = [corrected_view(v) for v in events]
    out["incidents"] = [corrected_view(v) for v in incidents]
    out["claims"] = [claim_view(c) for c in claims]
    out["articles"] = [article_summary(a) for a in store.iter_articles(ids=article_ids[:DETAIL_CAP])]
    return out


@router.get("/claims")
def list_claims(
    state: State,
    _who: Reader,
    article_id: Annotated[str | None, Query(max_length=200)] = None,
    kind: Annotated[str | None, Query(pattern=r"^(figure|assertion|accusation|denial|quote)$")] = None,
    speaker: Annotated[str | None, Query(max_length=200, description="Speaker entity id.")] = None,
    cursor: Cursor = None,
    limit: Limit = None,
) -> dict[str, Any]:
    """Claims (attributions, quotes, figures as stated), by article, sentence, then id."""
    after = decode_cursor(cursor) if cursor else None
    stream = state.store.iter_claims(article_id=article_id, kind=kind, speaker_entity_id=speaker)
    page = paginate(stream, lambda c: [c.article_id, c.sentence_index, c.id], after=after, limit=_limit(state, limit))
    return _page([claim_view(c) for c in page], page)


@router.get("/corrections")
def corrections(
    state: State,
    _who: Reader,
    target_id: Annotated[str | None, Query(max_length=200)] = None,
    target_kind: Annotated[str | None, Query(pattern=r"^(event|incident)$")] = None,
    include_withdrawn: bool = False,
) -> dict[str, Any]:
    """Analysts' corrections in the order they were made (withdrawn ones on request)."""
    found = list_corrections(
        state.store, target_id=target_id, target_kind=target_kind, active_only=not include_withdrawn
    )
    return {"items": [correction_view(c) for c in found]}
