"""Analysts' corrections and the history of incident changes (both append-only records)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import select, update

from eventcoder.errors import NotFoundError
from eventcoder.models import Correction, IncidentChange
from eventcoder.store.base import StoreBase
from eventcoder.store.schema import corrections, incident_changes

__all__ = ["AuditStore"]


def change_rows(changes: Iterable[IncidentChange]) -> list[dict[str, Any]]:
    """Rows of the incident_changes table for ``changes``."""
    return [
        {"id": c.id, "at": c.at, "action": c.action, "incident_id": c.incident_id, "record": c.model_dump_json()}
        for c in changes
    ]


class AuditStore(StoreBase):
    """Corrections (never overwriting machine output) and incident change history."""

    def add_correction(self, correction: Correction) -> None:
        """Store a correction; an existing id is an error (corrections are never edited, only withdrawn)."""
        row = {
            "id": correction.id,
            "target_kind": correction.target_kind,
            "target_id": correction.target_id,
            "action": correction.action.value,
            "created_at": correction.created_at,
            "active": int(correction.active),
            "record": correction.model_dump_json(),
        }
        with self._write() as conn:
            conn.execute(corrections.insert(), [row])

    def withdraw_correction(self, correction_id: str) -> Correction:
        """Mark a correction inactive (kept for the history); returns the updated record."""
        with self._write() as conn:
            record = conn.execute(select(corrections.c.record).where(corrections.c.id == correction_id)).scalar()
            if record is None:
                raise NotFoundError(f"no correction {correction_id!r}")
            updated = Correction.model_validate_json(record).model_copy(update={"active": False})
            conn.execute(
                update(corrections)
                .where(corrections.c.id == correction_id)
                .values(active=0, record=updated.model_dump_json())
            )
        return updated

    def iter_corrections(
        self,
        *,
        target_id: str | None = None,
        target_ids: Sequence[str] | None = None,
        target_kind: str | None = None,
        active_only: bool = True,
    ) -> Iterator[Correction]:
        """Stream corrections in the order they were made (created_at, then id), of one target or of several."""
        query = select(corrections.c.record)
        if target_id is not None:
            query = query.where(corrections.c.target_id == target_id)
        if target_ids is not None:
            query = query.where(corrections.c.target_id.in_(list(target_ids)))
        if target_kind is not None:
            query = query.where(corrections.c.target_kind == target_kind)
        if active_only:
            query = query.where(corrections.c.active == 1)
        query = query.order_by(corrections.c.created_at, corrections.c.id)
        for row in self._stream(query):
            yield Correction.model_validate_json(row.record)

    def log_incident_changes(self, changes: Iterable[IncidentChange]) -> int:
        """Append incident changes (ids already logged are ignored); returns how many were new."""
        with self._write() as conn:
            return len(self._insert_new(conn, incident_changes, change_rows(changes), key=incident_changes.c.id))

    def iter_incident_changes(self, *, incident_id: str | None = None) -> Iterator[IncidentChange]:
        """Stream the history, oldest first, optionally for one incident (as subject or related)."""
        query = select(incident_changes.c.record).order_by(incident_changes.c.seq)
        for row in self._stream(query):
            change = IncidentChange.model_validate_json(row.record)
            if incident_id is None or incident_id == change.incident_id or incident_id in change.related_ids:
                yield change
