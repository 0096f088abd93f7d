"""Analysts' corrections applied on top of machine output, per action, and flagged in exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from export_samples import incidents, reports

from eventcoder.errors import ConfigError
from eventcoder.export import apply_corrections, to_dataframe
from eventcoder.export.corrections import merge_into, merged_away
from eventcoder.filters import Filters
from eventcoder.models import Correction, CorrectionAction, FigureKind
from eventcoder.store import Store

NOW = dt.datetime(2024, 2, 1, tzinfo=dt.UTC)


def corr(action: CorrectionAction, value: dict[str, Any], *, target: str = "i_border", kind: str = "incident",
         cid: str = "c1", active: bool = True) -> Correction:  # fmt: skip
    return Correction(
        id=cid, target_kind=kind, target_id=target, action=action, value=value, author="ana", created_at=NOW,
        active=active,
    )  # type: ignore[arg-type]  # fmt: skip


def border() -> Any:
    return next(i for i in incidents() if i.id == "i_border")


@pytest.mark.parametrize(
    ("action", "value", "check"),
    [
        (CorrectionAction.SET_TYPE, {"event_type": "COERCE"}, lambda r: r.event_type == "COERCE"),
        (CorrectionAction.SET_ACTORS, {"actors": [{"role": "source", "name": "Unknown gunmen"}]},
         lambda r: [a.name for a in r.actors] == ["Unknown gunmen"]),
        (CorrectionAction.SET_PLACE, {"name": "Sotk", "latitude": 40.2, "longitude": 45.9},
         lambda r: (r.place.name, r.place.country, r.place.latitude) == ("Sotk", "ARM", 40.2)),
        (CorrectionAction.SET_PLACE, {"place": {"name": "Goris", "country": "ARM"}},
         lambda r: (r.place.name, r.place.latitude) == ("Goris", None)),
        (CorrectionAction.SET_DATE, {"start": "2022-09-12", "precision": "day"},
         lambda r: (r.date.start, r.date.end) == (dt.date(2022, 9, 12), None)),
        (CorrectionAction.SET_FIGURES, {"figures": [{"kind": "killed", "low": 71, "best": 71, "high": 71}]},
         lambda r: [(f.kind, f.low) for f in r.figures] == [(FigureKind.KILLED, 71)]),
        (CorrectionAction.SPLIT_INCIDENT, {"report_ids": ["e_en_border"], "article_ids": ["a_en_border"]},
         lambda r: (r.report_ids, r.article_ids) == (("e_es_border",), ("a_es_border",))),
    ],
)  # fmt: skip
def test_each_action(action: CorrectionAction, value: dict[str, Any], check: Any) -> None:
    fixed = apply_corrections(border(), [corr(action, value)])
    assert fixed.corrected and fixed.applied == ("c1",) and not fixed.wrong
    assert check(fixed.record)


def test_mark_wrong_inactive_and_other_targets() -> None:
    assert apply_corrections(border(), [corr(CorrectionAction.MARK_WRONG, {})]).wrong
    untouched = apply_corrections(
        border(),
        [corr(CorrectionAction.SET_TYPE, {"event_type": "AID"}, active=False),
         corr(CorrectionAction.SET_TYPE, {"event_type": "AID"}, target="i_other")],
    )  # fmt: skip
    assert not untouched.corrected and untouched.record == border()


def test_later_correction_wins_and_event_mode() -> None:
    ev = reports()[0]
    fixed = apply_corrections(
        ev,
        [corr(CorrectionAction.SET_TYPE, {"event_type": "PROTEST"}, target=ev.id, kind="event"),
         corr(CorrectionAction.SET_TYPE, {"event_type": "ASSAULT", "mode": "aerial"}, target=ev.id, kind="event",
              cid="c2")],
    )  # fmt: skip
    assert (fixed.record.event_type, fixed.record.mode, fixed.applied) == ("ASSAULT", "aerial", ("c1", "c2"))


@pytest.mark.parametrize(
    ("action", "value"),
    [(CorrectionAction.SET_TYPE, {}), (CorrectionAction.SET_ACTORS, {"actors": "x"}),
     (CorrectionAction.SET_DATE, {"start": "not a date"}), (CorrectionAction.SPLIT_INCIDENT, {"report_ids": [1]})],
)  # fmt: skip
def test_malformed_values_raise(action: CorrectionAction, value: dict[str, Any]) -> None:
    with pytest.raises(ConfigError, match="correction c1"):
        apply_corrections(border(), [corr(action, value)])


def test_merge() -> None:
    incs = {i.id: i for i in incidents()}
    c = corr(CorrectionAction.MERGE_INCIDENTS, {"incident_ids": ["i_depot"]})
    assert merged_away([c]) == {"i_depot": "i_border"}
    merged = merge_into(incs["i_border"], [incs["i_depot"]])
    assert merged.report_ids == ("e_es_border", "e_en_border", "e_en_injection")
    assert (merged.date.start, merged.date.end) == (dt.date(2022, 9, 13), dt.date(2023, 9, 25))


def test_exports_apply_and_flag_corrections(filled_store: Store) -> None:
    filled_store.add_correction(corr(CorrectionAction.SET_TYPE, {"event_type": "PROTEST"}, cid="c_type"))
    filled_store.add_correction(corr(CorrectionAction.MARK_WRONG, {}, target="i_kramatorsk", cid="c_wrong"))
    filled_store.add_correction(
        corr(CorrectionAction.MERGE_INCIDENTS, {"incident_ids": ["i_protest"]}, target="i_depot", cid="c_merge")
    )
    df = to_dataframe(filled_store, what="incidents", layout="acled").set_index("ec_id")
    assert set(df.index) == {"i_border", "i_depot"}  # kramatorsk marked wrong, protest merged into the depot blast
    assert df.loc["i_border", "ec_event_type"] == "PROTEST" and bool(df.loc["i_border", "ec_corrected"])
    assert df.loc["i_depot", "ec_sources"] == 2
    # filters see the corrected type, even though the store holds ASSAULT
    only = to_dataframe(filled_store, what="incidents", layout="acled", filters=Filters(event_type="PROTEST"))
    assert list(only["ec_id"]) == ["i_border"]
    raw = to_dataframe(filled_store, what="incidents", layout="acled", corrections=False)
    assert len(raw) == 4 and not raw["ec_corrected"].any()
