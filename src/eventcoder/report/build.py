"""Collect incidents from the store (corrected, filtered) and render the self-contained report page."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections import Counter
from importlib.resources import files
from typing import Any

import jinja2

from eventcoder.export import ExportContext
from eventcoder.export.acled import acled_row
from eventcoder.filters import Filters
from eventcoder.models import EventReport, Incident
from eventcoder.store import Store

__all__ = ["ReportData", "build_report", "collect", "embed_json"]

ReportData = dict[str, Any]
MAX_INCIDENTS = 2000
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def embed_json(data: Any) -> str:
    """JSON safe to place inside ``<script type="application/json">``: ``< > &`` and U+2028/9 escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    for raw, esc in _ESCAPES.items():
        text = text.replace(raw, esc)
    return text


def _asset(name: str) -> str:
    return files("eventcoder.report").joinpath("assets", name).read_text(encoding="utf-8")


def _evidence(ev: EventReport) -> dict[str, str]:
    text = ev.evidence.text
    trig = ev.evidence.trigger
    if trig is None:
        return {"before": text, "trigger": "", "after": ""}
    a = max(trig.start - ev.evidence.start, 0)
    b = max(min(trig.end - ev.evidence.start, len(text)), a)
    return {"before": text[:a], "trigger": text[a:b], "after": text[b:]}


def _sources(ctx: ExportContext, inc: Incident) -> list[dict[str, Any]]:
    out = []
    for ev in ctx.store.iter_events(ids=inc.report_ids):
        art = ctx.article(ev.article_id)
        out.append(
            {
                "report_id": ev.id,
                "outlet": (art.source if art else None) or "",
                "title": (art.title if art else None) or "",
                "language": art.language if art else "",
                "published": art.published.isoformat() if art and art.published else "",
                "url": (art.url if art else None) or "",
                "status": ev.status.value,
                "evidence": _evidence(ev),
                "framing": [a.framing for a in ev.actors if a.framing]
                + ([ev.place.variant] if ev.place and ev.place.variant and ev.place.variant != ev.place.name else []),
            }
        )
    return out


def _incident(ctx: ExportContext, inc: Incident, corrected: bool) -> dict[str, Any]:
    row = acled_row(inc, ctx, corrected=corrected)
    place = inc.place
    return {
        "id": inc.id,
        "type": inc.event_type,
        "acled": " / ".join(x for x in (row["event_type"], row["sub_event_type"]) if x),
        "date": inc.date.start.isoformat() if inc.date.start else "",
        "date_end": inc.date.end.isoformat() if inc.date.end else "",
        "precision": inc.date.precision.value,
        "place": place.name if place else "",
        "country": place.country if place and place.country else "",
        "country_name": row["country"],
        "lat": place.latitude if place else None,
        "lon": place.longitude if place else None,
        "geo_precision": place.geo_precision if place else None,
        "fatalities": row["fatalities"],
        "actors": [
            {"role": a.role.value, "name": a.name, "inter": a.actor_type, "framing": a.framing or ""}
            for a in inc.actors
        ],
        "figures": [
            {"kind": f.kind.value, "low": f.low, "best": f.best, "high": f.high, "side": f.side_entity_id or ""}
            for f in inc.figures
        ],
        "contradictions": [{"kind": c.kind, "description": c.description} for c in inc.contradictions],
        "corrected": corrected,
        "summary": inc.summary,
        "languages": list(inc.languages),
        "sources": _sources(ctx, inc),
    }


def collect(store: Store, *, filters: Filters | None = None, max_incidents: int = MAX_INCIDENTS) -> ReportData:
    """The report's data: up to ``max_incidents`` corrected, filtered incidents with their sources, and counts."""
    ctx = ExportContext(store, filters=filters)
    incidents: list[dict[str, Any]] = []
    total = 0
    for item in ctx.items("incidents"):
        total += 1
        if len(incidents) < max_incidents:
            assert isinstance(item.record, Incident)
            incidents.append(_incident(ctx, item.record, item.corrected))
    countries = Counter(i["country"] for i in incidents if i["country"])
    return {
        "incidents": incidents,
        "total": total,
        "shown": len(incidents),
        "countries": {c: (ctx.country(c).name if ctx.country(c) else c) for c in sorted(countries)},  # type: ignore[union-attr]
        "types": sorted({i["type"] for i in incidents}),
        "filters": (filters or Filters()).model_dump(mode="json", exclude_none=True),
    }


def _csp_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def build_report(
    store: Store,
    *,
    filters: Filters | None = None,
    title: str = "eventcoder report",
    max_incidents: int = MAX_INCIDENTS,
) -> str:
    """The report as one self-contained HTML page (str): map, timeline, filters and incident cards.

    ``filters`` select what goes in (the page can narrow it further); at most ``max_incidents`` incidents
    are included (the page says how many were left out).
    """
    data = collect(store, filters=filters, max_incidents=max_incidents)
    script = _asset("report.js")
    style = _asset("report.css")
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("eventcoder.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    shapes = json.loads(_asset("countries.json"))
    return env.get_template("report.html.j2").render(
        title=title,
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        data=data,
        data_json=embed_json(data),
        shapes_json=embed_json(shapes),
        shapes_provenance=shapes["provenance"],
        style=style,
        style_hash=_csp_hash(style),
        script=script,
        script_hash=_csp_hash(script),
    )
