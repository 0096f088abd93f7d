"""Corrections and incident history: stored as their own records, on both backends."""

from __future__ import annotations

import datetime as dt

import pytest

from eventcoder.errors import NotFoundError, StoreError
from eventcoder.models import Correction, CorrectionAction, IncidentChange
from eventcoder.store import open_store

T0 = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)


def _corr(i: int, target: str = "ev_1", **kw: object) -> Correction:
    return Correction(
        id=f"c{i}",
        target_kind="event",
        target_id=target,
        action=CorrectionAction.SET_PLACE,
        value={"place": "Jermuk", "country": "ARM"},
        author="analyst@desk",
        reason="the text says Jermuk",
        created_at=T0 + dt.timedelta(minutes=i),
        **kw,  # type: ignore[arg-type]
    )


def test_corrections_round_trip_in_order_and_withdraw(store_url: str) -> None:
    with open_store(store_url) as store:
        store.add_correction(_corr(2))
        store.add_correction(_corr(1))
        store.add_correction(_corr(3, target="ev_2"))
        assert [c.id for c in store.iter_corrections(target_id="ev_1")] == ["c1", "c2"]
        assert next(iter(store.iter_corrections(target_id="ev_1"))) == _corr(1)
        withdrawn = store.withdraw_correction("c1")
        assert withdrawn.active is False
        assert [c.id for c in store.iter_corrections(target_id="ev_1")] == ["c2"]
        assert [c.id for c in store.iter_corrections(target_id="ev_1", active_only=False)] == ["c1", "c2"]
        with pytest.raises(StoreError):
            store.add_correction(_corr(2))  # never edited in place
        with pytest.raises(NotFoundError):
            store.withdraw_correction("nope")


def test_incident_history_is_append_only_and_idempotent(store_url: str) -> None:
    changes = [
        IncidentChange(id="h1", at=T0, action="create", incident_id="i1", report_ids=("r1",)),
        IncidentChange(id="h2", at=T0, action="merge", incident_id="i1", related_ids=("i2",), report_ids=("r2",)),
    ]
    with open_store(store_url) as store:
        assert store.log_incident_changes(changes) == 2
        assert store.log_incident_changes(changes) == 0
        assert [c.id for c in store.iter_incident_changes()] == ["h1", "h2"]
        assert [c.id for c in store.iter_incident_changes(incident_id="i2")] == ["h2"]
