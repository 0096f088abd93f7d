"""eventcoder.corrections without a server: value shapes per action, and applying corrections to records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from api_server import seed_articles, seed_event

from eventcoder.corrections import InvalidCorrectionError, apply_corrections, validate_value
from eventcoder.models import Correction, CorrectionAction


@pytest.mark.parametrize(
    ("action", "kind", "value", "ok"),
    [
        ("set_type", "event", {"event_type": "ASSAULT", "mode": "aerial"}, True),
        ("set_type", "event", {"event_type": "assault"}, False),
        ("set_actors", "event", {"actors": [{"role": "target", "name": "civilians"}]}, True),
        ("set_actors", "event", {"actors": [{"role": "bystander", "name": "x"}]}, False),
        ("set_place", "event", {"name": "Stepanakert", "country": "AZE", "latitude": 39.8}, True),
        ("set_place", "event", {"latitude": 120}, False),
        ("set_date", "incident", {"start": "2020-11-09", "precision": "day"}, True),
        ("set_date", "incident", {"start": "9 Nov"}, False),
        ("set_figures", "event", {"figures": [{"kind": "killed", "low": 3, "high": None}]}, True),
        ("set_figures", "event", {"figures": [{"kind": "killed", "low": 3, "best": 3, "high": 3}]}, False),
        ("set_figures", "incident", {"figures": [{"kind": "wounded", "low": 1, "best": 2, "high": 3}]}, True),
        ("mark_wrong", "event", {}, True),
        ("mark_wrong", "event", {"why": "x"}, False),
        ("merge_incidents", "incident", {"incident_ids": ["i2"]}, True),
        ("merge_incidents", "event", {"incident_ids": ["i2"]}, False),
        ("split_incident", "incident", {"report_ids": []}, False),
        ("rename", "event", {}, False),
    ],
)
def test_value_shapes(action: str, kind: Any, value: dict[str, Any], ok: bool) -> None:
    if ok:
        assert isinstance(validate_value(action, value, target_kind=kind), dict)
    else:
        with pytest.raises(InvalidCorrectionError):
            validate_value(action, value, target_kind=kind)


def test_apply_keeps_machine_record_and_later_wins() -> None:
    art = seed_articles()[0]
    ev = seed_event(art, trigger="shelling", place="Talish", killed=3)

    def corr(n: int, action: CorrectionAction, value: dict[str, Any], *, active: bool = True) -> Correction:
        return Correction(
            id=f"c{n}",
            target_kind="event",
            target_id=ev.id,
            action=action,
            value=validate_value(action, value, target_kind="event"),
            author="bob",
            created_at=dt.datetime(2024, 1, n, tzinfo=dt.UTC),
            active=active,
        )

    fixes = [
        corr(1, CorrectionAction.SET_TYPE, {"event_type": "COERCE"}),
        corr(2, CorrectionAction.SET_TYPE, {"event_type": "PROTEST"}),
        corr(3, CorrectionAction.SET_PLACE, {"name": "Elsewhere"}, active=False),
    ]
    view = apply_corrections(ev, fixes)
    assert view.record.event_type == "PROTEST" and ev.event_type == "ASSAULT"
    assert [c.id for c in view.corrections] == ["c1", "c2"] and view.corrected
    assert view.record.place is not None and view.record.place.name == "Talish"
    assert not apply_corrections(ev, []).corrected
