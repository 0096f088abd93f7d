"""Exports of stored records: JSON Lines (full records) and CSV (flat rows).

Exports stream: records are read from the store one at a time and written as
they come, so memory does not grow with the size of the store.  Each format is
a registered exporter (``eventcoder.registry.exporters``) taking the store,
what to export, the output stream and the filters.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, Protocol, TextIO

from eventcoder import registry
from eventcoder.errors import ConfigError
from eventcoder.models import Article, EventReport, Incident, Record
from eventcoder.store import Store

__all__ = ["WHATS", "article_row", "event_row", "export", "incident_row", "iter_records"]

WHATS = ("articles", "events", "incidents")


class Exporter(Protocol):
    """Writes records of one kind to a text stream; returns how many."""

    def __call__(self, records: Iterator[Record], what: str, out: TextIO) -> int: ...


def iter_records(store: Store, what: str, **filters: Any) -> Iterator[Record]:
    """Stream the stored records of one kind ('articles', 'events' or 'incidents')."""
    if what == "articles":
        return iter(store.iter_articles(**filters))
    if what == "events":
        return iter(store.iter_events(**filters))
    if what == "incidents":
        return iter(store.iter_incidents(**filters))
    raise ConfigError(f"cannot export {what!r}: choose one of {', '.join(WHATS)}")


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
    }
    for f in i.figures:
        if f.side_entity_id is None:
            row[f"{f.kind.value}_low"] = f.low
            row[f"{f.kind.value}_best"] = f.best
            row[f"{f.kind.value}_high"] = f.high
    return row


ROWS = {"articles": article_row, "events": event_row, "incidents": incident_row}
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
)


@registry.exporters.register("jsonl")
def write_jsonl(records: Iterator[Record], what: str, out: TextIO) -> int:
    """One full record per line, as its JSON (validates against docs/schema)."""
    n = 0
    for rec in records:
        out.write(rec.model_dump_json())
        out.write("\n")
        n += 1
    return n


def csv_columns(what: str) -> list[str]:
    """Header of the CSV export of ``what``: fixed columns, then one column per figure kind and bound."""
    from eventcoder.models import FigureKind

    fixed = {"articles": ARTICLE_COLUMNS, "events": EVENT_COLUMNS, "incidents": INCIDENT_COLUMNS}[what]
    bounds = {"articles": (), "events": ("low", "high"), "incidents": ("low", "best", "high")}[what]
    return [*fixed, *(f"{k.value}_{b}" for k in FigureKind for b in bounds)]


@registry.exporters.register("csv")
def write_csv(records: Iterator[Record], what: str, out: TextIO) -> int:
    """Flat rows under a fixed header (``csv_columns``); empty cells where a value is absent."""
    to_row = ROWS[what]
    writer = csv.DictWriter(out, fieldnames=csv_columns(what), extrasaction="raise")
    writer.writeheader()
    n = 0
    for rec in records:
        writer.writerow(to_row(rec))  # type: ignore[operator]
        n += 1
    return n


def export(store: Store, *, fmt: str, what: str, out: TextIO, **filters: Any) -> int:
    """Write ``what`` from ``store`` in format ``fmt`` to ``out``; returns the number of records written."""
    if what not in WHATS:
        raise ConfigError(f"cannot export {what!r}: choose one of {', '.join(WHATS)}")
    writer: Exporter = registry.exporters.get(fmt)  # type: ignore[assignment]
    return writer(iter_records(store, what, **filters), what, out)


def dumps(rec: Record) -> str:
    """Compact JSON of a record (for --json output)."""
    return json.dumps(json.loads(rec.model_dump_json()), ensure_ascii=False)
