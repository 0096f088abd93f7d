"""Incremental updates: stable ids, merges logged, re-running changes nothing (structure-only similarity)."""

from __future__ import annotations

import datetime as dt

from dedup_reports import NK, report, seed_reports

from eventcoder.dedup import Deduplicator, IncidentUpdate, ReportInput
from eventcoder.models import Incident
from eventcoder.settings import load_settings

D = dt.date


def apply(stored: dict[str, Incident], update: IncidentUpdate) -> dict[str, Incident]:
    out = {k: v for k, v in stored.items() if k not in update.deleted}
    out.update({i.id: i for i in update.upserts})
    return out


def members_of(stored: dict[str, Incident], pool: dict[str, ReportInput]) -> list[ReportInput]:
    return [pool[r] for inc in stored.values() for r in inc.report_ids if r in pool]


def test_new_articles_join_existing_incidents_and_ids_stay() -> None:
    dd = Deduplicator(load_settings().dedup)
    seeds = seed_reports()
    first = [r for k, r in seeds.items() if k.startswith(("000", "002"))]
    later = [r for k, r in seeds.items() if k.startswith("004")]
    pool = {r.id: r for r in seeds.values()}
    stored = apply({}, dd(first))
    war_id = next(i.id for i in stored.values() if "r_002_war" in i.report_ids)
    update = dd(later, existing=list(stored.values()), members=members_of(stored, pool))
    stored2 = apply(stored, update)
    assert set(stored) <= set(stored2), "existing incident ids are kept"
    war = stored2[war_id]
    assert "r_004_war" in war.report_ids
    actions = {(c.action, c.incident_id) for c in update.changes}
    assert ("update", war_id) in actions
    assert not update.deleted


def test_rerunning_with_the_same_input_changes_nothing() -> None:
    dd = Deduplicator(load_settings().dedup)
    seeds = list(seed_reports().values())
    stored = apply({}, dd(seeds))
    again = dd(seeds, existing=list(stored.values()), members=seeds)
    assert again.upserts == () and again.deleted == () and again.changes == ()
    assert set(again.assignments.values()) == set(stored)


def test_a_report_that_bridges_two_incidents_merges_them_and_the_merge_is_logged() -> None:
    dd = Deduplicator(
        load_settings().dedup.model_copy(update={"join_threshold": 0.6, "merge_threshold": 0.6}), encoder=None
    )
    az, am = ("source", "kb:AZE.mil"), ("target", "kb:ARM.mil")
    a = report("a", "600", "Shelling near Stepanakert.", "ASSAULT", start=D(2021, 5, 3), place=NK)
    b = report("b", "601", "Azerbaijani troops attacked Armenian positions.", "ASSAULT", start=D(2021, 5, 3),
               actors=(az, am), language="en")  # fmt: skip
    stored = apply({}, dd([a, b]))
    assert len(stored) == 2, "no shared actor or place: kept apart at first"
    ids_before = set(stored)
    c = report("c", "602", "Azerbaijani troops shelled Armenian positions near Stepanakert.", "ASSAULT",
               start=D(2021, 5, 3), place=NK, actors=(az, am), language="en")  # fmt: skip
    pool = {r.id: r for r in (a, b, c)}
    update = dd([c], existing=list(stored.values()), members=members_of(stored, pool))
    after = apply(stored, update)
    (merged,) = after.values()
    assert merged.id in ids_before
    assert set(merged.report_ids) == set(pool)
    (merge,) = [ch for ch in update.changes if ch.action == "merge"]
    assert merge.incident_id == merged.id
    assert set(merge.related_ids) == ids_before - {merged.id}
    assert set(update.deleted) == ids_before - {merged.id}


def test_reports_that_disappear_leave_their_incident() -> None:
    dd = Deduplicator(load_settings().dedup, encoder=None)
    seeds = seed_reports()
    stored = apply({}, dd(list(seeds.values())))
    # Article 004 was re-processed and now yields no reports: its reports leave, 004-only incidents go.
    remaining = [r for k, r in seeds.items() if not k.startswith("004")]
    update = dd([], existing=list(stored.values()), members=remaining)
    after = apply(stored, update)
    assert all(not r.startswith("r_004") for inc in after.values() for r in inc.report_ids)
    assert {c.action for c in update.changes} == {"update", "delete"}
    assert len(after) == len(stored) - 1
