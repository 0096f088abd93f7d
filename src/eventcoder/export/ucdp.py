"""UCDP-GED-compatible rows: the GED columns that apply to news-derived incidents.

Mapping (UCDP GED Codebook 23.1; allowed codes in ``export/data/codebooks.yaml``):

- ``date_start``/``date_end``: the incident's dates (end = start when no end is known).
- ``date_prec``: 1 exact day; 2 a range of 2-6 days; 3 only the week; 4 a range of 8-30 days or only the
  month; 5 a longer range, a year, or unknown.
- ``where_prec``: the place's ``where_prec`` (from ``Entity.place_precision``); 6 when only a country is
  known; empty without a place.
- ``side_a``/``side_b``: PLOVER actors in the ``source`` role are side A and ``target`` actors side B
  (participants stand as side A when no source is named); when only the targets hold state forces
  (inter code 1) the sides are swapped, as UCDP puts the government on side A.  Several actors on a side
  are joined by '; '.
- ``deaths_a``/``deaths_b``: killed figures attributed (``side_entity_id``) to an actor of that side;
  ``deaths_civilians``: figures for civilians (a civilian side, or ``Figure.civilian``);
  ``deaths_unknown``: the rest of ``best``.
- ``best``/``low``/``high``: the reconciled killed figure (``figures.total``); ``high`` is empty when the
  wording leaves it unbounded ("more than 50").
- ``number_of_sources``: articles; ``source_article``: outlet and URL of each; ``source_headline`` and
  ``source_date``: each article's headline and publication date, all joined by ' | '; ``source_original``: who
  the reports attribute the information to (the claims' speakers), joined by ' | '.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from eventcoder.models import DatePrecision, EventReport, FigureKind, Incident

from .context import ExportContext
from .figures import figure_sides, total, ucdp_sides

__all__ = ["UCDP_COLUMNS", "UCDP_TYPES", "date_prec", "ucdp_row"]

UCDP_TYPES: dict[str, str] = {
    "id": "str",
    "event_type": "str",
    "date_start": "date",
    "date_end": "date",
    "date_prec": "int",
    "where_prec": "int",
    "where_coordinates": "str",
    "latitude": "float",
    "longitude": "float",
    "country": "str",
    "side_a": "str",
    "side_b": "str",
    "deaths_a": "int",
    "deaths_b": "int",
    "deaths_civilians": "int",
    "deaths_unknown": "int",
    "best": "int",
    "low": "int",
    "high": "int",
    "number_of_sources": "int",
    "source_article": "str",
    "source_headline": "str",
    "source_date": "str",
    "source_original": "str",
    "ec_corrected": "bool",
}
UCDP_COLUMNS = tuple(UCDP_TYPES)


def date_prec(precision: DatePrecision, start: dt.date | None, end: dt.date | None) -> int:
    """UCDP date_prec 1-5 from a date's precision and range."""
    if start is None:
        return 5
    if end is not None and end != start:
        days = (end - start).days + 1
        return 2 if days <= 6 else 3 if days <= 7 else 4 if days <= 30 else 5
    return {DatePrecision.DAY: 1, DatePrecision.WEEK: 3, DatePrecision.MONTH: 4}.get(precision, 5)


def ucdp_row(record: EventReport | Incident, ctx: ExportContext, *, corrected: bool = False) -> dict[str, Any]:
    """UCDP columns (``UCDP_COLUMNS``) for one incident or event report."""
    s = ucdp_sides(record)
    a_ids = {x.entity_id or x.name for x in s.a}
    b_ids = {x.entity_id or x.name for x in s.b}
    deaths_a = deaths_b = deaths_civ = 0
    for part in figure_sides(record, FigureKind.KILLED):
        if part.civilian:
            deaths_civ += part.best
        elif part.side in a_ids:
            deaths_a += part.best
        elif part.side in b_ids:
            deaths_b += part.best
    killed = total(record, FigureKind.KILLED)
    best = killed.best if killed else 0
    place = record.place
    country = ctx.country(place.country if place else None)
    article_ids = record.article_ids if isinstance(record, Incident) else (record.article_id,)
    arts = [a for a in (ctx.article(i) for i in article_ids) if a is not None]
    start, end = record.date.start, record.date.end
    last = end or start
    return {
        "id": record.id,
        "event_type": record.event_type,
        "date_start": start.isoformat() if start else None,
        "date_end": last.isoformat() if last else None,
        "date_prec": date_prec(record.date.precision, start, end),
        "where_prec": place.where_prec if place and place.where_prec else (6 if place and place.country else None),
        "where_coordinates": place.name if place else "",
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "country": country.name if country else (place.country or "" if place else ""),
        "side_a": "; ".join(x.name for x in s.a),
        "side_b": "; ".join(x.name for x in s.b),
        "deaths_a": deaths_a,
        "deaths_b": deaths_b,
        "deaths_civilians": deaths_civ,
        "deaths_unknown": max(best - deaths_a - deaths_b - deaths_civ, 0),
        "best": best,
        "low": killed.low if killed else 0,
        "high": (killed.high if killed else 0),
        "number_of_sources": len(article_ids),
        "source_article": " | ".join(" ".join(x for x in (a.source or "", a.url or "") if x) for a in arts),
        "source_headline": " | ".join(a.title or "" for a in arts),
        "source_date": " | ".join(a.published.isoformat() if a.published else "" for a in arts),
        "source_original": " | ".join(record.according_to),
        "ec_corrected": corrected,
    }
