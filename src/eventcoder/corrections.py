"""Analysts' corrections: create, withdraw, list, and apply them on top of machine output.

A correction is its own record (who, when, what, why); the pipeline's records
are never changed.  Corrections are applied when records are read, so they
survive re-processing as long as the corrected record keeps its id (event ids
are derived from the article and the evidence; incident ids from the dedup
stage)::

    from eventcoder.corrections import create_correction, corrected_events
    c = create_correction(store, target_kind="event", target_id=ev.id, action="set_place",
                          value={"name": "Shusha", "country": "AZE"}, author="alice", reason="wrong town")
    view = next(corrected_events([ev], list_corrections(store, target_id=ev.id)))
    view.record.place.name  # 'Shusha';  view.corrected  # True

Merging and splitting incidents are recorded both as a ``Correction`` and as
an ``IncidentChange`` in the incident history (``by`` = the analyst).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from pydantic import Field, ValidationError, model_validator

from eventcoder.errors import InputError, NotFoundError
from eventcoder.export import corrections as export_corrections
from eventcoder.models import (
    Correction,
    CorrectionAction,
    DatePrecision,
    EventReport,
    FigureKind,
    Incident,
    IncidentChange,
    Record,
    Role,
)
from eventcoder.store import Store

__all__ = [
    "Corrected",
    "InvalidCorrectionError",
    "apply_corrections",
    "corrected_events",
    "corrected_incidents",
    "create_correction",
    "get_corrected_incident",
    "list_corrections",
    "merge_incidents",
    "split_incident",
    "validate_value",
    "withdraw_correction",
]

TargetKind = Literal["event", "incident"]
R = TypeVar("R", EventReport, Incident)


class InvalidCorrectionError(InputError):
    """A correction whose value does not fit its action, or whose target cannot take it (HTTP 422)."""


# --------------------------------------------------------------------------- value shapes, one per action


class SetTypeValue(Record):
    """``set_type``: the PLOVER event type (and optional mode)."""

    event_type: str = Field(pattern=r"^[A-Z][A-Z_]{1,40}$")
    mode: str | None = Field(default=None, max_length=60)


class ActorValue(Record):
    """One actor in ``set_actors``."""

    role: Role
    name: str = Field(min_length=1, max_length=300)
    entity_id: str | None = Field(default=None, max_length=200)
    actor_type: int | None = Field(default=None, ge=1, le=8)


class SetActorsValue(Record):
    """``set_actors``: the full list of actors (replaces the machine's)."""

    actors: list[ActorValue] = Field(max_length=50)


class SetPlaceValue(Record):
    """``set_place``: the given fields replace those of the place (a record with no place needs ``name``).

    Give ``latitude``/``longitude`` (or null) when the place changes, or the old coordinates stay.
    """

    name: str | None = Field(default=None, min_length=1, max_length=300)
    entity_id: str | None = Field(default=None, max_length=200)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    geo_precision: int | None = Field(default=None, ge=1, le=3)
    where_prec: int | None = Field(default=None, ge=1, le=7)


class SetDateValue(Record):
    """``set_date``: when it happened."""

    start: dt.date
    end: dt.date | None = None
    precision: DatePrecision = DatePrecision.DAY

    @model_validator(mode="after")
    def _ordered(self) -> SetDateValue:
        if self.end is not None and self.end < self.start:
            raise ValueError("end is before start")
        return self


class EventFigureValue(Record):
    """One figure of an event report in ``set_figures``."""

    kind: FigureKind
    low: int | None = Field(ge=0)
    high: int | None = Field(ge=0)
    qualifier: str | None = Field(default=None, max_length=60)
    civilian: bool | None = None
    side_name: str | None = Field(default=None, max_length=300)

    @model_validator(mode="after")
    def _ordered(self) -> EventFigureValue:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError("low is above high")
        return self


class IncidentFigureValue(Record):
    """One reconciled figure of an incident in ``set_figures`` (UCDP low/best/high)."""

    kind: FigureKind
    low: int | None = Field(ge=0)
    best: int | None = Field(ge=0)
    high: int | None = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> IncidentFigureValue:
        known = [v for v in (self.low, self.best, self.high) if v is not None]
        if known != sorted(known):
            raise ValueError("figures must satisfy low <= best <= high")
        return self


class SetEventFiguresValue(Record):
    """``set_figures`` of an event report: the full list (replaces the machine's)."""

    figures: list[EventFigureValue] = Field(max_length=50)


class SetIncidentFiguresValue(Record):
    """``set_figures`` of an incident: the full list (replaces the reconciled ones)."""

    figures: list[IncidentFigureValue] = Field(max_length=50)


class EmptyValue(Record):
    """``mark_wrong`` takes no value."""


class MergeValue(Record):
    """``merge_incidents``: the incidents merged into the target."""

    incident_ids: list[str] = Field(min_length=1, max_length=100)


class SplitValue(Record):
    """``split_incident``: the reports moved out of the target into a new incident."""

    report_ids: list[str] = Field(min_length=1, max_length=500)
    new_incident_id: str = Field(min_length=1, max_length=200)
    article_ids: list[str] = Field(default_factory=list, description="Articles left with no report in the target.")


VALUE_SHAPES: dict[CorrectionAction, type[Record]] = {
    CorrectionAction.SET_TYPE: SetTypeValue,
    CorrectionAction.SET_ACTORS: SetActorsValue,
    CorrectionAction.SET_PLACE: SetPlaceValue,
    CorrectionAction.SET_DATE: SetDateValue,
    CorrectionAction.SET_FIGURES: SetEventFiguresValue,
    CorrectionAction.MARK_WRONG: EmptyValue,
    CorrectionAction.MERGE_INCIDENTS: MergeValue,
    CorrectionAction.SPLIT_INCIDENT: SplitValue,
}
INCIDENT_ONLY = {CorrectionAction.MERGE_INCIDENTS, CorrectionAction.SPLIT_INCIDENT}


def validate_value(action: CorrectionAction | str, value: dict[str, Any], *, target_kind: TargetKind) -> dict[str, Any]:
    """Check ``value`` against the shape of ``action``; returns it normalised (JSON types).

    Raises ``InvalidCorrectionError`` on an unknown action, a wrong shape, or an
    action the target kind cannot take (merging an event).
    """
    try:
        act = CorrectionAction(action)
    except ValueError:
        known = ", ".join(a.value for a in CorrectionAction)
        raise InvalidCorrectionError(f"unknown correction action {action!r} (known: {known})") from None
    if act in INCIDENT_ONLY and target_kind != "incident":
        raise InvalidCorrectionError(f"{act.value} applies to incidents, not {target_kind}s")
    shape = VALUE_SHAPES[act]
    if act is CorrectionAction.SET_FIGURES and target_kind == "incident":
        shape = SetIncidentFiguresValue
    try:
        shaped = shape.model_validate(value)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "value"
        raise InvalidCorrectionError(f"{act.value}: {where}: {err['msg']}") from None
    out: dict[str, Any] = shaped.model_dump(mode="json", exclude_unset=True)
    if act is CorrectionAction.SET_ACTORS:  # entity_id is required (nullable) on ActorRole
        out["actors"] = [{"entity_id": None, **a} for a in out["actors"]]
    return out


# --------------------------------------------------------------------------- create / withdraw / list


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _get_event(store: Store, event_id: str) -> EventReport:
    for ev in store.iter_events(ids=[event_id]):
        return ev
    raise NotFoundError(f"no event {event_id!r}")


def _incident_exists(store: Store, incident_id: str) -> bool:
    try:
        get_corrected_incident(store, incident_id)
    except NotFoundError:
        return False
    return True


def create_correction(
    store: Store,
    *,
    target_kind: TargetKind,
    target_id: str,
    action: CorrectionAction | str,
    value: dict[str, Any] | None = None,
    author: str,
    reason: str = "",
) -> Correction:
    """Validate and store one correction of an event or incident; returns the stored record.

    ``NotFoundError`` when the target does not exist; ``InvalidCorrectionError``
    when the value does not fit the action.  Merges and splits go through
    ``merge_incidents`` / ``split_incident`` (they also log incident history).
    """
    shaped = validate_value(action, value or {}, target_kind=target_kind)
    act = CorrectionAction(action)
    if act in INCIDENT_ONLY:
        raise InvalidCorrectionError(f"use the {act.value.split('_')[0]} operation for {act.value}")
    if target_kind == "event":
        _get_event(store, target_id)
    elif not _incident_exists(store, target_id):
        raise NotFoundError(f"no incident {target_id!r}")
    return _store(store, target_kind, target_id, act, shaped, author=author, reason=reason)


def _store(
    store: Store, kind: TargetKind, target_id: str, act: CorrectionAction, value: dict[str, Any], **meta: str
) -> Correction:
    correction = Correction(
        id=f"c_{uuid.uuid4().hex[:16]}",
        target_kind=kind,
        target_id=target_id,
        action=act,
        value=value,
        author=meta["author"],
        reason=meta["reason"],
        created_at=_now(),
    )
    store.add_correction(correction)
    return correction


def _history(store: Store, action: Any, incident_id: str, **fields: Any) -> None:
    change = IncidentChange(
        id=f"h_{uuid.uuid4().hex[:16]}", at=_now(), action=action, incident_id=incident_id, **fields
    )
    store.log_incident_changes([change])


def merge_incidents(store: Store, incident_ids: Sequence[str], *, author: str, reason: str = "") -> Correction:
    """Merge incidents into the first of ``incident_ids``; returns the correction (also logged as history)."""
    ids = list(dict.fromkeys(incident_ids))
    if len(ids) < 2:
        raise InvalidCorrectionError("merge needs at least two different incident ids")
    views = {v.record.id: v for v in corrected_incidents(store, _fetch_incidents(store, ids), include_merged=True)}
    for iid in ids:
        if iid not in views:
            raise NotFoundError(f"no incident {iid!r}")
        if views[iid].merged_into is not None:
            raise InvalidCorrectionError(f"incident {iid} is already merged into {views[iid].merged_into}")
    target, others = ids[0], ids[1:]
    value = validate_value(CorrectionAction.MERGE_INCIDENTS, {"incident_ids": others}, target_kind="incident")
    corr = _store(store, "incident", target, CorrectionAction.MERGE_INCIDENTS, value, author=author, reason=reason)
    moved = tuple(r for o in others for r in views[o].record.report_ids)
    _history(
        store, "merge", target, related_ids=tuple(others), report_ids=moved, detail=f"{corr.id}: {reason}", by=author
    )
    return corr


def split_incident(
    store: Store, incident_id: str, report_ids: Sequence[str], *, author: str, reason: str = ""
) -> Correction:
    """Move ``report_ids`` out of an incident into a new one; returns the correction (also logged as history).

    The new incident's id is ``value['new_incident_id']``; it appears in reads from then on.
    """
    view = get_corrected_incident(store, incident_id)
    if view.merged_into is not None:
        raise InvalidCorrectionError(f"incident {incident_id} is merged into {view.merged_into}")
    moved = list(dict.fromkeys(report_ids))
    missing = [r for r in moved if r not in view.record.report_ids]
    if missing:
        raise InvalidCorrectionError(f"reports not in incident {incident_id}: {', '.join(missing)}")
    if len(moved) >= len(view.record.report_ids):
        raise InvalidCorrectionError("a split must leave at least one report in the incident")
    digest = hashlib.sha256(("\n".join([incident_id, *sorted(moved)])).encode()).hexdigest()[:12]
    new_id = f"{incident_id}~{digest}"
    kept = [r for r in view.record.report_ids if r not in moved]
    kept_articles = {ev.article_id for ev in store.iter_events(ids=kept)}
    gone = sorted({ev.article_id for ev in store.iter_events(ids=moved)} - kept_articles)
    value = validate_value(
        CorrectionAction.SPLIT_INCIDENT,
        {"report_ids": moved, "new_incident_id": new_id, "article_ids": gone},
        target_kind="incident",
    )
    corr = _store(store, "incident", incident_id, CorrectionAction.SPLIT_INCIDENT, value, author=author, reason=reason)
    _history(
        store,
        "split",
        incident_id,
        related_ids=(new_id,),
        report_ids=tuple(moved),
        detail=f"{corr.id}: {reason}",
        by=author,
    )
    return corr


def withdraw_correction(store: Store, correction_id: str, *, by: str) -> Correction:
    """Withdraw a correction (kept, inactive); a withdrawn merge or split is logged in the incident history."""
    corr = store.withdraw_correction(correction_id)
    if corr.action in INCIDENT_ONLY:
        related = tuple(_ids(corr.value, "incident_ids")) or (str(corr.value.get("new_incident_id", "")),)
        _history(store, "update", corr.target_id, related_ids=related, detail=f"withdrawn {corr.id}", by=by)
    return corr


def list_corrections(
    store: Store,
    *,
    target_id: str | None = None,
    target_ids: Sequence[str] | None = None,
    target_kind: str | None = None,
    active_only: bool = True,
) -> list[Correction]:
    """Corrections in the order they were made, optionally for one target (or several) or kind; withdrawn ones
    too on request."""
    found = store.iter_corrections(
        target_id=target_id, target_ids=target_ids, target_kind=target_kind, active_only=active_only
    )
    return list(found)


# --------------------------------------------------------------------------- applying


@dataclass(frozen=True)
class Corrected(Generic[R]):
    """A record with the analysts' corrections applied, and the corrections that made it so."""

    record: R
    corrections: tuple[Correction, ...] = ()
    wrong: bool = False
    merged_into: str | None = None

    @property
    def corrected(self) -> bool:
        """True when at least one active correction touched the record."""
        return bool(self.corrections)


def apply_corrections(record: R, corrections: Iterable[Correction]) -> Corrected[R]:
    """Apply the active field corrections of ``record`` (type, actors, place, date, figures, mark wrong).

    The rules are those of the exports (``eventcoder.export.corrections``), so a read and an export
    agree; later corrections win.  Corrections of other records, and merges and splits (see
    ``corrected_incidents``), are ignored.
    """
    fixes = [c for c in corrections if c.action not in INCIDENT_ONLY and c.target_id == record.id and c.active]
    res = export_corrections.apply_corrections(record, fixes)
    used = tuple(c for c in fixes if c.id in set(res.applied))
    return Corrected(record=res.record, corrections=used, wrong=res.wrong)


def corrected_events(
    events: Iterable[EventReport], corrections: Sequence[Correction]
) -> Iterator[Corrected[EventReport]]:
    """Each event with its corrections applied (pass the corrections of those events, or all of them)."""
    by_target: dict[str, list[Correction]] = {}
    for c in corrections:
        if c.target_kind == "event":
            by_target.setdefault(c.target_id, []).append(c)
    for ev in events:
        yield apply_corrections(ev, by_target.get(ev.id, ()))


def _ids(value: dict[str, Any], key: str) -> list[str]:
    items = value.get(key)
    return [str(x) for x in items] if isinstance(items, list) else []


def _fetch_incidents(store: Store, ids: Sequence[str]) -> list[Incident]:
    found = list(store.iter_incidents(ids=list(ids)))
    missing = set(ids) - {i.id for i in found}
    if missing:  # split-off parts are not stored: fetch their parents, whose views yield them
        for c in list_corrections(store, target_kind="incident"):
            if c.action is CorrectionAction.SPLIT_INCIDENT and c.value.get("new_incident_id") in missing:
                found += [i for i in store.iter_incidents(ids=[c.target_id]) if i.id not in {f.id for f in found}]
    return found


def get_corrected_incident(store: Store, incident_id: str) -> Corrected[Incident]:
    """One incident (stored, or split off by an analyst) with corrections applied; NotFoundError when absent.

    A merged-away incident is returned with ``merged_into`` set.
    """
    for view in corrected_incidents(store, _fetch_incidents(store, [incident_id]), include_merged=True):
        if view.record.id == incident_id:
            return view
    raise NotFoundError(f"no incident {incident_id!r}")


def corrected_incidents(
    store: Store, incidents: Iterable[Incident], *, include_merged: bool = False
) -> Iterator[Corrected[Incident]]:
    """Incidents with merges, splits and field corrections applied, in the order given.

    An incident merged into another is left out (or yielded with
    ``merged_into`` set when ``include_merged``); the target of a merge gains
    the merged incidents' reports.  A split-off incident follows the one it
    was split from.  Reads every active incident correction once.
    """
    corrections = list_corrections(store, target_kind="incident")
    merged_into: dict[str, str] = {}
    merges: dict[str, list[Correction]] = {}
    splits: dict[str, list[Correction]] = {}
    for c in corrections:
        if c.action is CorrectionAction.MERGE_INCIDENTS:
            merges.setdefault(c.target_id, []).append(c)
            for other in _ids(c.value, "incident_ids"):
                merged_into[other] = c.target_id
        elif c.action is CorrectionAction.SPLIT_INCIDENT:
            splits.setdefault(c.target_id, []).append(c)
    for inc in incidents:
        if inc.id in merged_into and not include_merged:
            continue
        base, used = _merge_split(store, inc, merges.get(inc.id, []), splits.get(inc.id, []))
        view = apply_corrections(base, corrections)
        yield Corrected(
            record=view.record,
            corrections=tuple(used) + view.corrections,
            wrong=view.wrong,
            merged_into=merged_into.get(inc.id),
        )
        for sc in splits.get(inc.id, []):
            part = _split_part(store, inc, sc)
            pv = apply_corrections(part, corrections)
            yield Corrected(record=pv.record, corrections=(sc, *pv.corrections), wrong=pv.wrong)


def _merge_split(
    store: Store, inc: Incident, merges: list[Correction], splits: list[Correction]
) -> tuple[Incident, list[Correction]]:
    if not merges and not splits:
        return inc, []
    others = [o for m in merges for o in _fetch_incidents(store, _ids(m.value, "incident_ids"))]
    merged = export_corrections.merge_into(inc, others) if others else inc
    moved = {r for s in splits for r in _ids(s.value, "report_ids")}
    gone = {a for s in splits for a in _ids(s.value, "article_ids")}
    update = {
        "report_ids": tuple(r for r in merged.report_ids if r not in moved),
        "article_ids": tuple(a for a in merged.article_ids if a not in gone),
    }
    return merged.model_copy(update=update), [*merges, *splits]


def _split_part(store: Store, parent: Incident, split: Correction) -> Incident:
    ids = _ids(split.value, "report_ids")
    events = list(store.iter_events(ids=ids))
    first = events[0] if events else None
    articles = list(dict.fromkeys(ev.article_id for ev in events))
    arts = list(store.iter_articles(ids=articles)) if articles else []
    return Incident(
        id=str(split.value["new_incident_id"]),
        event_type=first.event_type if first else parent.event_type,
        report_ids=tuple(ids),
        article_ids=tuple(articles),
        date=first.date if first else parent.date,
        place=first.place if first else parent.place,
        actors=first.actors if first else (),
        status=first.status if first else parent.status,
        languages=tuple(dict.fromkeys(a.language for a in arts)),
        sources=tuple(dict.fromkeys(a.source for a in arts if a.source)),
        summary=f"split from {parent.id}",
    )
