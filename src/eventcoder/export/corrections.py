"""Analysts' corrections applied on top of machine output when records are read for export or display.

Corrections never change what is stored; ``apply_corrections`` returns a corrected copy of an
``EventReport`` or ``Incident`` and says which corrections it applied.  Active corrections are applied
in the order given (``store.iter_corrections`` yields them oldest first), so a later correction of the
same field wins.  Behaviour per ``CorrectionAction`` (``Correction.value`` shapes):

- ``set_type``: ``{"event_type": "ASSAULT", "mode": "aerial"}``; replaces the PLOVER type (and, on an
  event report, the mode when given).
- ``set_actors``: ``{"actors": [ActorRole, ...]}``; replaces the actor list (each item validated as an
  ``ActorRole``; a missing ``span`` becomes an empty span).
- ``set_place``: ``{"place": PlaceRef}`` replaces the place; otherwise the given ``PlaceRef`` fields
  (``name``, ``latitude``, ``country``, ``geo_precision``, ...) update the existing place (a new place
  needs at least ``name``).
- ``set_date``: ``{"start": "2022-09-13", "end": ..., "precision": "day"}``; the given fields replace
  those of the date.
- ``set_figures``: ``{"figures": [...]}``; replaces the figures (``IncidentFigure`` items on an
  incident, ``Figure`` items on an event report).
- ``mark_wrong``: the record is not an event at all; ``Corrected.wrong`` is True and exports leave it out.
- ``merge_incidents``: ``{"incident_ids": ["i2", ...]}`` on the surviving incident; exports drop the
  listed incidents and ``merge_into`` unites their reports, articles, languages, sources and
  contradictions with the survivor's (figures: the survivor's, unless a ``set_figures`` says otherwise).
- ``split_incident``: ``{"report_ids": [...]}`` (and optionally ``"article_ids"``); the reports are
  removed from the incident.  The part split off becomes an incident when the deduplication stage
  next runs; exports do not invent it.

A malformed ``value`` raises ``ConfigError`` naming the correction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from eventcoder.errors import ConfigError
from eventcoder.models import (
    ActorRole,
    Correction,
    CorrectionAction,
    EventDate,
    EventReport,
    Figure,
    Incident,
    IncidentFigure,
    PlaceRef,
)

__all__ = ["Corrected", "apply_corrections", "merge_into", "merged_away"]

T = TypeVar("T", EventReport, Incident)
_EMPTY_SPAN = {"start": 0, "end": 0, "text": ""}


@dataclasses.dataclass(frozen=True)
class Corrected(Generic[T]):
    """A record with corrections applied: the record, the ids of the corrections applied, and whether it is wrong."""

    record: T
    applied: tuple[str, ...] = ()
    wrong: bool = False

    @property
    def corrected(self) -> bool:
        """True when at least one correction changed or flagged the record."""
        return bool(self.applied)


def _fail(c: Correction, why: str) -> ConfigError:
    return ConfigError(f"correction {c.id} ({c.action.value}) cannot be applied: {why}")


def _actors(c: Correction) -> tuple[ActorRole, ...]:
    raw = c.value.get("actors")
    if not isinstance(raw, list):
        raise _fail(c, "value needs a list 'actors'")
    items = []
    for item in raw:
        if not isinstance(item, dict):
            raise _fail(c, "each actor must be an object")
        items.append(ActorRole.model_validate({"span": _EMPTY_SPAN, "entity_id": None, **item}))
    return tuple(items)


def _place(c: Correction, old: PlaceRef | None) -> PlaceRef:
    whole = c.value.get("place")
    if isinstance(whole, dict):
        return PlaceRef.model_validate({"entity_id": None, **whole})
    base: dict[str, Any] = old.model_dump() if old is not None else {"entity_id": None}
    base.update(c.value)
    return PlaceRef.model_validate(base)


def _date(c: Correction, old: EventDate) -> EventDate:
    data = old.model_dump()
    for key in ("start", "end", "precision"):
        if key in c.value:
            data[key] = c.value[key]
    if "start" in c.value and "end" not in c.value:
        data["end"] = None
    return EventDate.model_validate(data)


def _figures(c: Correction, record: EventReport | Incident) -> tuple[Any, ...]:
    raw = c.value.get("figures")
    if not isinstance(raw, list):
        raise _fail(c, "value needs a list 'figures'")
    if isinstance(record, Incident):
        return tuple(IncidentFigure.model_validate({"sources": (), **f}) for f in raw if isinstance(f, dict))
    return tuple(Figure.model_validate({"span": _EMPTY_SPAN, **f}) for f in raw if isinstance(f, dict))


def _one(record: T, c: Correction) -> tuple[T, bool]:
    """Apply one correction; returns the new record and whether it is marked wrong."""
    try:
        return _apply_one(record, c)
    except ValidationError as exc:
        raise _fail(c, str(exc.errors()[0]["msg"])) from None


def _apply_one(record: T, c: Correction) -> tuple[T, bool]:
    action = c.action
    update: dict[str, Any] = {}
    if action is CorrectionAction.MARK_WRONG:
        return record, True
    if action is CorrectionAction.SET_TYPE:
        if not isinstance(c.value.get("event_type"), str):
            raise _fail(c, "value needs a string 'event_type'")
        update["event_type"] = c.value["event_type"]
        if isinstance(record, EventReport) and "mode" in c.value:
            update["mode"] = c.value["mode"]
    elif action is CorrectionAction.SET_ACTORS:
        update["actors"] = _actors(c)
    elif action is CorrectionAction.SET_PLACE:
        update["place"] = _place(c, record.place)
    elif action is CorrectionAction.SET_DATE:
        update["date"] = _date(c, record.date)
    elif action is CorrectionAction.SET_FIGURES:
        update["figures"] = _figures(c, record)
    elif action is CorrectionAction.SPLIT_INCIDENT and isinstance(record, Incident):
        moved = {str(r) for r in _strings(c, "report_ids")}
        gone = set(_strings(c, "article_ids")) if "article_ids" in c.value else set()
        update["report_ids"] = tuple(r for r in record.report_ids if r not in moved)
        update["article_ids"] = tuple(a for a in record.article_ids if a not in gone)
    elif action is CorrectionAction.MERGE_INCIDENTS:
        return record, False  # handled across records by merge_into / merged_away
    else:
        raise _fail(c, f"not applicable to a {type(record).__name__}")
    return type(record).model_validate({**record.model_dump(), **_dump(update)}), False


def _dump(update: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in update.items():
        if isinstance(value, tuple):
            out[key] = [v.model_dump() if hasattr(v, "model_dump") else v for v in value]
        elif hasattr(value, "model_dump"):
            out[key] = value.model_dump()
        else:
            out[key] = value
    return out


def _strings(c: Correction, key: str) -> list[str]:
    raw = c.value.get(key)
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise _fail(c, f"value needs a list of strings {key!r}")
    return [str(x) for x in raw]


def apply_corrections(record: T, corrections: Iterable[Correction]) -> Corrected[T]:
    """Apply the active corrections aimed at ``record`` (others are ignored), in the order given.

    Takes an ``EventReport`` or ``Incident`` and corrections (any; those whose target is another record,
    or inactive, are skipped); returns a ``Corrected`` with the new record, the applied correction ids
    and ``wrong`` (a ``mark_wrong`` was applied).  Raises ``ConfigError`` on a malformed value.
    """
    kind = "incident" if isinstance(record, Incident) else "event"
    applied: list[str] = []
    wrong = False
    for c in corrections:
        if not c.active or c.target_id != record.id or c.target_kind != kind:
            continue
        record, marked = _one(record, c)
        wrong = wrong or marked
        applied.append(c.id)
    return Corrected(record=record, applied=tuple(applied), wrong=wrong)


def merged_away(corrections: Iterable[Correction]) -> dict[str, str]:
    """Map of incident id -> id of the incident it was merged into, from active ``merge_incidents`` corrections."""
    out: dict[str, str] = {}
    for c in corrections:
        if c.active and c.action is CorrectionAction.MERGE_INCIDENTS and c.target_kind == "incident":
            for other in _strings(c, "incident_ids"):
                if other != c.target_id:
                    out[other] = c.target_id
    return out


def merge_into(survivor: Incident, others: Sequence[Incident]) -> Incident:
    """``survivor`` with the reports, articles, languages, sources and contradictions of ``others`` added.

    The date becomes the earliest start and latest end of all; figures, place, actors and type stay the survivor's.
    """

    def union(*groups: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(x for g in groups for x in g))

    starts = [d for d in (i.date.start for i in (survivor, *others)) if d is not None]
    ends = [d for d in (i.date.end or i.date.start for i in (survivor, *others)) if d is not None]
    date = survivor.date
    if starts:
        end: dt.date | None = max(ends) if ends and max(ends) != min(starts) else None
        date = date.model_copy(update={"start": min(starts), "end": end})
    return survivor.model_copy(
        update={
            "report_ids": union(survivor.report_ids, *(o.report_ids for o in others)),
            "article_ids": union(survivor.article_ids, *(o.article_ids for o in others)),
            "languages": union(survivor.languages, *(o.languages for o in others)),
            "sources": union(survivor.sources, *(o.sources for o in others)),
            "contradictions": survivor.contradictions + tuple(c for o in others for c in o.contradictions),
            "date": date,
        }
    )
