"""Small records the store returns (not stage boundaries, so they live here)."""

from __future__ import annotations

from pydantic import Field

from eventcoder.models import NonNegInt, Record

__all__ = ["AddResult", "StoreStats"]


class AddResult(Record):
    """What ``Store.add_articles`` did."""

    new: NonNegInt = Field(description="Articles inserted.")
    duplicates: NonNegInt = Field(description="Articles already stored (or repeated in the input), left unchanged.")
    new_ids: tuple[str, ...] = Field(default=(), description="Ids of the inserted articles, in input order.")

    @property
    def duplicate(self) -> int:
        """Same as ``duplicates`` (kept for callers written against the issue's wording)."""
        return self.duplicates


class StoreStats(Record):
    """Counts over the whole store."""

    tables: dict[str, int] = Field(description="Row count per table.")
    articles_by_language: dict[str, int]
    runs: NonNegInt
    runs_by_status: dict[str, int]
    skips_by_reason: dict[str, int]
    processing_skips: dict[str, int] = Field(
        default_factory=dict, description="Articles not processed, per reason (too_costly)."
    )
    awaiting_clustering: NonNegInt = Field(
        0,
        description="Articles extracted but not clustered into incidents (a run stopped midway); the next run "
        "finishes them.",
    )
