"""The timeline of incidents and the framing profile of each source: read views over the store.

``timeline(store, filters)`` lists incidents in date order (undated last) with what happened, where, who,
the figures with their spread, the sources and the contradictions; analysts' corrections are applied
(incidents marked wrong or merged into another are left out).  ``framing_profiles(store)`` says which
contested place names (and framing words such as 'ocupada') each outlet uses, from the resolver's
``Mention.variant``.

    from eventcoder.filters import Filters
    from eventcoder.timeline import framing_profiles, timeline
    for entry in timeline(store, Filters(country="AZE", since=dt.date(2020, 1, 1))):
        print(entry.date_start, entry.event_type, entry.summary)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pydantic import Field

from eventcoder.filters import Filters
from eventcoder.models import Contradiction, Incident, Record

if TYPE_CHECKING:
    from eventcoder.store import Store

__all__ = ["SourceFraming", "TimelineEntry", "TimelineFigure", "framing_profiles", "iter_timeline", "timeline"]


class TimelineFigure(Record):
    """One reconciled count of an incident, with its spread."""

    kind: str
    side: str | None = Field(default=None, description="Whose people (name where known, else entity id).")
    low: int | None
    best: int | None
    high: int | None
    sources: int = Field(description="How many reports gave a figure for it.")


class TimelineEntry(Record):
    """One incident as the timeline shows it."""

    incident_id: str
    event_type: str
    status: str
    summary: str
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str
    date_inferred_from: str | None = None
    place: str | None = None
    country: str | None = None
    where_prec: int | None = Field(default=None, description="UCDP where_prec of the place (1 exact - 7 sea).")
    actors: tuple[str, ...] = Field(default=(), description="'role: name' for each actor.")
    figures: tuple[TimelineFigure, ...] = ()
    reports: int = 0
    articles: int = 0
    languages: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()
    corrected: bool = Field(default=False, description="True when analysts' corrections were applied.")


class SourceFraming(Record):
    """Contested names and framing words one outlet uses."""

    source: str
    languages: tuple[str, ...] = ()
    articles: int = 0
    names: dict[str, dict[str, int]] = Field(
        default_factory=dict, description="Entity name -> name variant used -> mentions ('Shusha': {'shushi': 3})."
    )
    sides: dict[str, int] = Field(default_factory=dict, description="Side whose naming is used -> mentions.")
    framing: dict[str, int] = Field(default_factory=dict, description="Framing word before a name -> mentions.")


def _entry(incident: Incident, *, corrected: bool) -> TimelineEntry:
    names = {a.entity_id: a.name for a in incident.actors if a.entity_id}
    place = incident.place
    return TimelineEntry(
        incident_id=incident.id,
        event_type=incident.event_type,
        status=incident.status.value,
        summary=incident.summary,
        date_start=incident.date.start,
        date_end=incident.date.end,
        date_precision=incident.date.precision.value,
        date_inferred_from=incident.date_inferred_from,
        place=place.name if place else None,
        country=place.country if place else None,
        where_prec=place.where_prec if place else None,
        actors=tuple(f"{a.role.value}: {a.name}" for a in incident.actors),
        figures=tuple(
            TimelineFigure(
                kind=f.kind.value,
                side=names.get(f.side_entity_id, f.side_entity_id) if f.side_entity_id else None,
                low=f.low,
                best=f.best,
                high=f.high,
                sources=len(f.sources),
            )
            for f in incident.figures
        ),
        reports=len(incident.report_ids),
        articles=len(incident.article_ids),
        languages=incident.languages,
        sources=incident.sources,
        contradictions=incident.contradictions,
        corrected=corrected,
    )


def iter_timeline(store: Store, filters: Filters | None = None) -> Iterator[TimelineEntry]:
    """Stream timeline entries of the incidents passing ``filters``, in date order (undated last)."""
    from eventcoder.export.corrections import apply_corrections, merged_away

    filters = filters or Filters()
    corrections = list(store.iter_corrections(target_kind="incident"))
    by_target: dict[str, list[object]] = defaultdict(list)
    for c in corrections:
        by_target[c.target_id].append(c)
    gone = merged_away(corrections)
    for incident in store.iter_incidents(**filters.store_kwargs()):
        if incident.id in gone:
            continue
        fixed = apply_corrections(incident, by_target.get(incident.id, []))  # type: ignore[arg-type]
        if fixed.wrong or not filters.matches_incident(fixed.record):
            continue
        yield _entry(fixed.record, corrected=bool(fixed.applied))


def timeline(store: Store, filters: Filters | None = None, *, limit: int | None = None) -> list[TimelineEntry]:
    """The timeline as a list (at most ``limit`` entries); see ``iter_timeline``."""
    out: list[TimelineEntry] = []
    for entry in iter_timeline(store, filters):
        if limit is not None and len(out) >= limit:
            break
        out.append(entry)
    return out


def framing_profiles(store: Store, *, language: str | None = None) -> list[SourceFraming]:
    """Per outlet (``Article.source``; '(unknown)' when absent): the contested names and framing words it uses.

    Read from the stored resolutions' ``Mention.variant`` ('shushi;side=armenian;framing=ocupada').
    Sorted by outlet name.
    """
    names: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    sides: dict[str, Counter[str]] = defaultdict(Counter)
    framing: dict[str, Counter[str]] = defaultdict(Counter)
    languages: dict[str, set[str]] = defaultdict(set)
    articles: Counter[str] = Counter()
    for article in store.iter_articles(language=language):
        res = store.get_resolution(article.id)
        if res is None:
            continue
        outlet = article.source or "(unknown)"
        articles[outlet] += 1
        languages[outlet].add(article.language)
        entity_names = {e.id: e.name for e in res.entities}
        for m in res.mentions:
            if not m.variant or not m.entity_id:
                continue
            name, *attrs = m.variant.split(";")
            names[outlet][entity_names.get(m.entity_id, m.entity_id)][name] += 1
            for attr in attrs:
                key, _, value = attr.partition("=")
                if key == "side" and value:
                    sides[outlet][value] += 1
                elif key == "framing" and value:
                    framing[outlet][value] += 1
    return [
        SourceFraming(
            source=outlet,
            languages=tuple(sorted(languages[outlet])),
            articles=articles[outlet],
            names={e: dict(sorted(v.items())) for e, v in sorted(names[outlet].items())},
            sides=dict(sorted(sides[outlet].items())),
            framing=dict(sorted(framing[outlet].items())),
        )
        for outlet in sorted(articles)
    ]
