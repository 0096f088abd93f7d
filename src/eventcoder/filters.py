"""Filters shared by the timeline, the exports, the report and the HTTP API.

One record, so every face filters the same way: country, actor, type, date
range, source language and source outlet.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field

from eventcoder.models import EventReport, Incident, Record

__all__ = ["Filters"]


class Filters(Record):
    """What to keep. Every field is optional; all given fields must match."""

    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3 of the place (e.g. ARM).")
    actor: str | None = Field(default=None, description="Entity id (kb:ARM) or a case-insensitive part of a name.")
    event_type: str | None = Field(default=None, description="PLOVER type, e.g. ASSAULT.")
    since: dt.date | None = Field(default=None, description="Start date on or after.")
    until: dt.date | None = Field(default=None, description="Start date on or before.")
    language: str | None = Field(default=None, description="A source language (ISO 639-1).")
    source: str | None = Field(default=None, description="A case-insensitive part of a source outlet's name.")

    def store_kwargs(self) -> dict[str, Any]:
        """The part the store can apply in its query (event_type, country, since, until)."""
        out: dict[str, Any] = {}
        for key in ("event_type", "country", "since", "until"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out

    def _actor_ok(self, actors: Any) -> bool:
        if self.actor is None:
            return True
        needle = self.actor.casefold()
        return any(a.entity_id == self.actor or needle in a.name.casefold() for a in actors)

    def _date_ok(self, start: dt.date | None) -> bool:
        if self.since is None and self.until is None:
            return True
        if start is None:
            return False
        return (self.since is None or start >= self.since) and (self.until is None or start <= self.until)

    def matches_incident(self, incident: Incident) -> bool:
        """True when ``incident`` passes every given filter."""
        country = incident.place.country if incident.place else None
        return (
            (self.country is None or country == self.country)
            and (self.event_type is None or incident.event_type == self.event_type)
            and self._date_ok(incident.date.start)
            and self._actor_ok(incident.actors)
            and (self.language is None or self.language in incident.languages)
            and (self.source is None or any(self.source.casefold() in s.casefold() for s in incident.sources))
        )

    def matches_event(self, event: EventReport, *, language: str | None = None, source: str | None = None) -> bool:
        """True when ``event`` passes; its article's ``language`` and ``source`` are passed in by the caller."""
        country = event.place.country if event.place else None
        return (
            (self.country is None or country == self.country)
            and (self.event_type is None or event.event_type == self.event_type)
            and self._date_ok(event.date.start)
            and self._actor_ok(event.actors)
            and (self.language is None or language == self.language)
            and (self.source is None or (source is not None and self.source.casefold() in source.casefold()))
        )
