"""ACLED-compatible rows: one per incident (or per event report), ACLED's column names and codes.

Columns and codes follow the ACLED Codebook (allowed values in ``export/data/codebooks.yaml``):

- ``event_date`` ISO date of the (corrected) start date; ``time_precision`` 1 day, 2 week, 3 month or
  less precise (ACLED has no code beyond the month; undated events get 3 and an empty date).
- ``disorder_type``/``event_type``/``sub_event_type`` from ``Ontology.to_acled`` (PLOVER type and mode,
  an incident taking the most common mode of its reports; a target of inter code 7 picks the civilian
  variant, other known targets the armed one).
- ``actor1`` the first side-A actor (PLOVER source), ``assoc_actor_1`` the others joined by '; ', named the way
  ACLED names actors (``export.acled_names``: "Military Forces of Armenia (2018-)", "Protesters (South Africa)");
  ``actor2``/``assoc_actor_2`` likewise for side B (targets).  ``inter1``/``inter2`` are the actors' ACLED
  inter codes (``inter2`` 0 when there is no second actor; empty when the type is unknown);
  ``interaction`` is the two codes, smaller first (10 x inter1 for a single actor).
- ``iso`` ISO 3166-1 numeric, ``region`` ACLED region, ``country`` English name (packaged table
  ``export/data/countries.tsv``); ``admin1``/``admin2`` from the place's parent entities when stored.
- ``geo_precision`` 1-3 from the place; ``source`` the outlets joined by '; '; ``source_scale`` is left
  empty (no outlet-scale table yet); ``notes`` the incident summary or evidence sentence, then each figure as told
  with its claimant ("[Figures: killed: 3822 according to SoyArmenio]"), or the claimants when no figure is given.
- ``fatalities``: the lowest figure killed (``figures.total``; 0 when no figure is given).
- ``ec_*``: eventcoder's own columns.
"""

from __future__ import annotations

from typing import Any

from eventcoder.errors import ConfigError
from eventcoder.extract.ontology import AcledCode
from eventcoder.models import ActorRole, DatePrecision, EventReport, FigureKind, Incident

from .context import ExportContext
from .figures import CIVILIANS, figures_told, sides, total

__all__ = ["ACLED_COLUMNS", "ACLED_TYPES", "acled_row", "interaction", "time_precision"]

ACLED_TYPES: dict[str, str] = {
    "event_date": "date",
    "year": "int",
    "time_precision": "int",
    "disorder_type": "str",
    "event_type": "str",
    "sub_event_type": "str",
    "actor1": "str",
    "assoc_actor_1": "str",
    "inter1": "int",
    "actor2": "str",
    "assoc_actor_2": "str",
    "inter2": "int",
    "interaction": "int",
    "civilian_targeting": "str",
    "iso": "int",
    "region": "str",
    "country": "str",
    "admin1": "str",
    "admin2": "str",
    "location": "str",
    "latitude": "float",
    "longitude": "float",
    "geo_precision": "int",
    "source": "str",
    "source_scale": "str",
    "notes": "str",
    "fatalities": "int",
    "ec_id": "str",
    "ec_event_type": "str",
    "ec_sources": "int",
    "ec_languages": "str",
    "ec_fatalities_high": "int",
    "ec_contradictions": "str",
    "ec_corrected": "bool",
}
ACLED_COLUMNS = tuple(ACLED_TYPES)

_TIME_PRECISION = {DatePrecision.DAY: 1, DatePrecision.WEEK: 2}


def time_precision(precision: DatePrecision) -> int:
    """ACLED time_precision: 1 day, 2 week, 3 month or anything less precise."""
    return _TIME_PRECISION.get(precision, 3)


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED interaction code: the two inter codes, smaller first; 10 x inter1 without a second actor."""
    if inter1 is None:
        return None
    if not inter2:
        return inter1 * 10
    lo, hi = sorted((inter1, inter2))
    return lo * 10 + hi


def _inter(actors: tuple[ActorRole, ...]) -> int | None:
    return actors[0].actor_type if actors else None


def _target_civilian(targets: tuple[ActorRole, ...]) -> bool | None:
    codes = [a.actor_type for a in targets if a.actor_type is not None]
    if not codes:
        return None
    return CIVILIANS in codes


def _mapped(record: EventReport | Incident, ctx: ExportContext, target_civ: bool | None) -> AcledCode:
    """The ACLED code mapped from the PLOVER type and mode (events without a classified sub-event type)."""
    mode = ctx.mode_of(record)
    try:
        return ctx.ontology.to_acled(record.event_type, mode, target_is_civilian=target_civ)
    except ConfigError:  # a mode the type does not have, or a type outside PLOVER
        try:
            return ctx.ontology.to_acled(record.event_type, None, target_is_civilian=target_civ)
        except ConfigError:
            return ctx.ontology.to_acled("COERCE")  # Strategic developments / Other


def acled_row(record: EventReport | Incident, ctx: ExportContext, *, corrected: bool = False) -> dict[str, Any]:
    """ACLED columns (``ACLED_COLUMNS``) for one incident or event report."""
    s = sides(record)
    inter1 = _inter(s.a)
    inter2 = _inter(s.b) if s.b else 0
    target_civ = _target_civilian(s.b)
    sub_event = ctx.acled_of(record)
    code = ctx.ontology.acled_code(sub_event) if sub_event is not None else _mapped(record, ctx, target_civ)
    place = record.place
    country = ctx.country(place.country if place else None)
    admin1, admin2 = ctx.admin_names(place.entity_id if place else None)
    killed = total(record, FigureKind.KILLED)
    start = record.date.start
    if isinstance(record, Incident):
        sources = "; ".join(record.sources)
        n_sources = len(record.article_ids)
        languages = ";".join(record.languages)
        notes = record.summary
        claimants = record.according_to
        contradictions = ";".join(c.kind for c in record.contradictions)
    else:
        art = ctx.article(record.article_id)
        sources = (art.source or "") if art else ""
        n_sources = 1
        languages = art.language if art else ""
        notes = record.evidence.text
        claimants = record.according_to
        contradictions = ""
    told = figures_told(record)
    if told:
        notes = f"{notes} [Figures: {'; '.join(told)}]"
    elif claimants:
        notes = f"{notes} [According to: {'; '.join(claimants)}]"

    def named(actor: ActorRole) -> str:
        entity = ctx.entity(actor.entity_id) if actor.entity_id else None
        return ctx.acled_namer.name(actor, entity, place.country if place else None, start)

    return {
        "event_date": start.isoformat() if start else None,
        "year": start.year if start else None,
        "time_precision": time_precision(record.date.precision),
        "disorder_type": code.disorder_type,
        "event_type": code.event_type,
        "sub_event_type": code.sub_event_type,
        "actor1": named(s.a[0]) if s.a else "",
        "assoc_actor_1": "; ".join(named(a) for a in s.a[1:]),
        "inter1": inter1,
        "actor2": named(s.b[0]) if s.b else "",
        "assoc_actor_2": "; ".join(named(a) for a in s.b[1:]),
        "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if target_civ else "",
        "iso": country.numeric if country else None,
        "region": country.acled_region if country else "",
        "country": country.name if country else (place.country or "" if place else ""),
        "admin1": admin1,
        "admin2": admin2,
        "location": place.name if place else "",
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "geo_precision": place.geo_precision if place else None,
        "source": sources,
        "source_scale": "",
        "notes": notes,
        "fatalities": killed.low if killed else 0,
        "ec_id": record.id,
        "ec_event_type": record.event_type,
        "ec_sources": n_sources,
        "ec_languages": languages,
        "ec_fatalities_high": killed.high if killed else None,
        "ec_contradictions": contradictions,
        "ec_corrected": corrected,
    }
