"""Records at the deduplication stage's boundary: what it is given about each report, and what it returns."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from eventcoder.models import Claim, EventReport, Incident, IncidentChange, Record

__all__ = ["IncidentUpdate", "ReportInput"]


class ReportInput(Record):
    """One event report with what the deduplicator needs to know about its article and entities.

    Built by the pipeline from the store; the deduplicator never reads the store itself.
    """

    report: EventReport
    language: str = Field(description="Language of the reporting article (ISO 639-1).")
    source: str | None = Field(default=None, description="Outlet of the reporting article (Article.source).")
    published: dt.date | None = Field(default=None, description="Publication date of the reporting article.")
    text: str = Field(default="", description="Evidence text (the stating sentence) used for text similarity.")
    ancestors: dict[str, tuple[str, ...]] = Field(
        default_factory=dict,
        description="Entity id (actor, place, figure side) -> its containing entities, nearest first "
        "(Entity.parent_id chain, then the country's state id).",
    )
    place_variants: tuple[str, ...] = Field(
        default=(),
        description="Mention.variant values of the report's place in its article ('shushi;side=armenian;...').",
    )
    claims: tuple[Claim, ...] = Field(default=(), description="Claims the report points to (Claim.id in claim_ids).")

    @property
    def id(self) -> str:
        """The report's id."""
        return self.report.id


class IncidentUpdate(Record):
    """What one deduplication pass changes: incidents to write, ids to delete, and the history to log."""

    upserts: tuple[Incident, ...] = ()
    deleted: tuple[str, ...] = ()
    changes: tuple[IncidentChange, ...] = ()
    assignments: dict[str, str] = Field(
        default_factory=dict, description="Report id -> incident id for every report of the batch."
    )
