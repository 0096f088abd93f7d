"""eventcoder's own flat rows of articles, event reports and incidents (the ``flat`` layout, CSV export).

One line per record; actors joined by '; '; figures as ``<kind>_low``/``_high`` (events) or
``<kind>_low``/``_best``/``_high`` (incidents, unattributed figures only); ``according_to`` the speakers of the
record's claims and ``figures_told`` each figure as told with its claimant ("killed: 3822 according to SoyArmenio").
"""

from __future__ import annotations

from typing import Any

from eventcoder.models import Article, EventReport, Incident

from .figures import figures_told

__all__ = ["ARTICLE_COLUMNS", "EVENT_COLUMNS", "INCIDENT_COLUMNS", "article_row", "event_row", "incident_row"]


def article_row(a: Article) -> dict[str, Any]:
    """Flat row of an article (text included)."""
    return {
        "id": a.id,
        "title": a.title,
        "published": a.published.isoformat() if a.published else None,
        "source": a.source,
        "url": a.url,
        "language": a.language,
        "language_confidence": round(a.language_confidence, 4),
        "origin": a.origin,
        "input_format": a.input_format,
        "encoding": a.encoding,
        "text": a.text,
    }


def _actors(ev: EventReport | Incident, role: str) -> str:
    return "; ".join(a.name for a in ev.actors if a.role.value == role)


def event_row(e: EventReport) -> dict[str, Any]:
    """Flat row of an event report: one line, actors joined by '; ', figures as kind_low/kind_high."""
    row: dict[str, Any] = {
        "id": e.id,
        "article_id": e.article_id,
        "event_type": e.event_type,
        "mode": e.mode,
        "status": e.status.value,
        "confidence": round(e.confidence, 4),
        "source_actors": _actors(e, "source"),
        "target_actors": _actors(e, "target"),
        "mediators": _actors(e, "mediator"),
        "date_start": e.date.start.isoformat() if e.date.start else None,
        "date_end": e.date.end.isoformat() if e.date.end else None,
        "date_precision": e.date.precision.value,
        "date_origin": e.date.origin.value,
        "place": e.place.name if e.place else None,
        "place_id": e.place.entity_id if e.place else None,
        "country": e.place.country if e.place else None,
        "latitude": e.place.latitude if e.place else None,
        "longitude": e.place.longitude if e.place else None,
        "geo_precision": e.place.geo_precision if e.place else None,
        "sentence_index": e.evidence.sentence_index,
        "evidence_start": e.evidence.start,
        "evidence_end": e.evidence.end,
        "evidence": e.evidence.text,
        "according_to": "; ".join(e.according_to),
        "figures_told": "; ".join(figures_told(e)),
    }
    for kind in sorted({f.kind for f in e.figures}):
        same = [f for f in e.figures if f.kind is kind]
        row[f"{kind.value}_low"] = sum(f.low or 0 for f in same)
        highs = [f.high for f in same]
        row[f"{kind.value}_high"] = None if any(h is None for h in highs) else sum(h for h in highs if h is not None)
    return row


def incident_row(i: Incident) -> dict[str, Any]:
    """Flat row of an incident."""
    row: dict[str, Any] = {
        "id": i.id,
        "event_type": i.event_type,
        "status": i.status.value,
        "date_start": i.date.start.isoformat() if i.date.start else None,
        "date_end": i.date.end.isoformat() if i.date.end else None,
        "date_precision": i.date.precision.value,
        "date_inferred_from": i.date_inferred_from,
        "place": i.place.name if i.place else None,
        "country": i.place.country if i.place else None,
        "latitude": i.place.latitude if i.place else None,
        "longitude": i.place.longitude if i.place else None,
        "source_actors": _actors(i, "source"),
        "target_actors": _actors(i, "target"),
        "reports": len(i.report_ids),
        "articles": len(i.article_ids),
        "languages": ";".join(i.languages),
        "contradictions": len(i.contradictions),
        "summary": i.summary,
        "according_to": "; ".join(i.according_to),
        "figures_told": "; ".join(figures_told(i)),
    }
    for f in i.figures:
        if f.side_entity_id is None:
            row[f"{f.kind.value}_low"] = f.low
            row[f"{f.kind.value}_best"] = f.best
            row[f"{f.kind.value}_high"] = f.high
    return row


ARTICLE_COLUMNS = (
    "id",
    "title",
    "published",
    "source",
    "url",
    "language",
    "language_confidence",
    "origin",
    "input_format",
    "encoding",
    "text",
)
EVENT_COLUMNS = (
    "id",
    "article_id",
    "event_type",
    "mode",
    "status",
    "confidence",
    "source_actors",
    "target_actors",
    "mediators",
    "date_start",
    "date_end",
    "date_precision",
    "date_origin",
    "place",
    "place_id",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "sentence_index",
    "evidence_start",
    "evidence_end",
    "evidence",
    "according_to",
    "figures_told",
)
INCIDENT_COLUMNS = (
    "id",
    "event_type",
    "status",
    "date_start",
    "date_end",
    "date_precision",
    "date_inferred_from",
    "place",
    "country",
    "latitude",
    "longitude",
    "source_actors",
    "target_actors",
    "reports",
    "articles",
    "languages",
    "contradictions",
    "summary",
    "according_to",
    "figures_told",
)
