"""Incidents across sources from hand-built reports of the seed articles (real sentence encoder)."""

from __future__ import annotations

import datetime as dt

import pytest
from dedup_reports import ARMENIA, BORDER, KRAMATORSK, NK, SHUSHA, report, seed_reports

from eventcoder.dedup import Deduplicator, IncidentUpdate, ReportInput
from eventcoder.models import EventStatus, Incident
from eventcoder.settings import DedupSettings, load_settings

D = dt.date


@pytest.fixture(scope="module")
def settings() -> DedupSettings:
    return load_settings().dedup


@pytest.fixture(scope="module")
def dedup(settings: DedupSettings) -> Deduplicator:
    return Deduplicator(settings)


@pytest.fixture(scope="module")
def seeds() -> dict[str, ReportInput]:
    return seed_reports()


@pytest.fixture(scope="module")
def seed_update(dedup: Deduplicator, seeds: dict[str, ReportInput]) -> IncidentUpdate:
    return dedup(list(seeds.values()))


def incident_of(update: IncidentUpdate, report_key: str) -> Incident:
    rid = "r_" + report_key
    return next(i for i in update.upserts if rid in i.report_ids)


def keys(incident: Incident) -> set[str]:
    return {r.removeprefix("r_") for r in incident.report_ids}


@pytest.mark.parametrize(
    ("event", "members"),
    [
        ("war-2020", {"000_war", "002_war", "002_toll", "004_war"}),
        ("ceasefire-2020", {"000_ceasefire", "002_ceasefire"}),
        ("moscow-2021", {"000_meeting", "002_moscow"}),
        ("clashes-2022", {"004_clash", "004_shelled", "004_attacked"}),
    ],
)
def test_seed_events_shared_across_articles_are_single_incidents(
    seed_update: IncidentUpdate, event: str, members: set[str]
) -> None:
    first = next(iter(sorted(members)))
    assert keys(incident_of(seed_update, first)) == members, event


def test_every_seed_report_is_assigned_once(seed_update: IncidentUpdate, seeds: dict[str, ReportInput]) -> None:
    assert set(seed_update.assignments) == {r.id for r in seeds.values()}
    listed = [r for inc in seed_update.upserts for r in inc.report_ids]
    assert sorted(listed) == sorted(seed_update.assignments)
    assert len(seed_update.upserts) == 4
    assert {c.action for c in seed_update.changes} == {"create"}


def test_undated_meeting_takes_its_date_from_the_report_that_dates_it(seed_update: IncidentUpdate) -> None:
    inc = incident_of(seed_update, "000_meeting")
    assert inc.date.start == D(2021, 1, 11)
    assert inc.date_inferred_from == "r_002_moscow"
    assert inc.place is not None and inc.place.name == "Moscow"


def test_war_incident_keeps_the_stated_range(seed_update: IncidentUpdate) -> None:
    inc = incident_of(seed_update, "002_war")
    assert (inc.date.start, inc.date.end) == (D(2020, 9, 27), D(2020, 11, 9))
    assert inc.date_inferred_from is None
    assert inc.status is EventStatus.BACKGROUND
    assert inc.languages == ("en", "es")


def test_the_two_2020_death_tolls_are_a_flagged_disagreement_with_both_sources(seed_update: IncidentUpdate) -> None:
    inc = incident_of(seed_update, "002_war")
    (killed,) = inc.figures
    assert (killed.low, killed.best, killed.high) == (3822, 6601, 6601)
    assert set(killed.sources) == {"r_002_toll", "r_004_war"}
    (flag,) = [c for c in inc.contradictions if c.kind == "figures"]
    assert set(flag.report_ids) == {"r_002_toll", "r_004_war"}
    assert "3.822" in flag.description and "more than 6,600" in flag.description


def test_per_side_figures_are_kept_apart_and_not_flagged(seed_update: IncidentUpdate) -> None:
    inc = incident_of(seed_update, "004_clash")
    sides = {f.side_entity_id: (f.low, f.best) for f in inc.figures}
    assert sides == {"kb:ARM": (49, 49), "kb:AZE": (50, 50)}
    assert not [c for c in inc.contradictions if c.kind == "figures"]


def test_each_side_blaming_the_other_is_a_blame_contradiction(seed_update: IncidentUpdate) -> None:
    inc = incident_of(seed_update, "004_clash")
    (blame,) = [c for c in inc.contradictions if c.kind == "blame"]
    assert set(blame.report_ids) == {"r_004_shelled", "r_004_attacked"}


def test_different_events_on_nearby_dates_stay_apart(dedup: Deduplicator, seeds: dict[str, ReportInput]) -> None:
    shusha = report("shusha", "100", "Las fuerzas azerbaiyanas tomaron la ciudad de Shusha.", "ASSAULT",
                    start=D(2020, 11, 8), place=SHUSHA, actors=(("source", "kb:AZE.mil"),))  # fmt: skip
    update = dedup([*seeds.values(), shusha])
    assert keys(incident_of(update, "100_shusha")) == {"100_shusha"}, "a day inside the war is another event"
    other_war = report("kram", "101", "A missile hit the railway station of Kramatorsk.", "ASSAULT",
                       start=D(2020, 10, 1), place=KRAMATORSK, language="en")  # fmt: skip
    update = dedup([*seeds.values(), other_war])
    assert keys(incident_of(update, "101_kram")) == {"101_kram"}


@pytest.mark.parametrize(
    ("variants", "flagged"),
    [
        (("shushi;side=armenian;framing=ocupada", "shusha;side=azerbaijani"), True),
        (("shusha;side=azerbaijani", "шуша;side=azerbaijani"), False),
        (("shushi;side=armenian", "shushi"), False),
    ],
)
def test_place_name_variants_of_the_sides_are_framing(
    dedup: Deduplicator, variants: tuple[str, str], flagged: bool
) -> None:
    reports = [
        report(
            f"take{i}",
            f"20{i}",
            text,
            "ASSAULT",
            start=D(2020, 11, 8),
            place=SHUSHA,
            variant=v,
            actors=(("source", "kb:AZE.mil"),),
            language=lang,
        )
        for i, (v, text, lang) in enumerate(
            zip(
                variants,
                ["Las tropas azerbaiyanas tomaron Shushi.", "Азербайджанские войска взяли Шушу."],
                ["es", "ru"],
                strict=True,
            )
        )
    ]
    update = dedup(reports)
    (inc,) = update.upserts
    names = [c for c in inc.contradictions if c.kind == "place_name"]
    assert bool(names) is flagged
    if flagged:
        assert "shushi" in names[0].description and "shusha" in names[0].description


def test_rival_perpetrators_and_denials_are_blame(dedup: Deduplicator) -> None:
    civ = (("target", "local:civilians"),)
    reports = [
        report("ru", "300", "Russian forces struck the Kramatorsk railway station, Ukraine said.", "ASSAULT",
               start=D(2022, 4, 8), place=KRAMATORSK, actors=(("source", "kb:RUS.mil"), *civ), language="en"),
        report("deny", "301", "Минобороны России отрицает удар по вокзалу Краматорска.", "ASSAULT",
               start=D(2022, 4, 8), place=KRAMATORSK, actors=(("source", "kb:RUS.mil"),), language="ru",
               status=EventStatus.DENIED),
        report("ua", "301", "По данным Минобороны, удар по вокзалу Краматорска нанесли украинские войска.", "ASSAULT",
               start=D(2022, 4, 8), place=KRAMATORSK, actors=(("source", "kb:UKR.mil"), *civ), language="ru"),
    ]  # fmt: skip
    (inc,) = dedup(reports).upserts
    (blame,) = [c for c in inc.contradictions if c.kind == "blame"]
    assert len(blame.report_ids) == 3


def test_country_level_and_border_places_of_one_clash_agree(dedup: Deduplicator) -> None:
    a = report("a", "400", "Azerbaijani forces shelled Armenian towns.", "ASSAULT", start=D(2022, 9, 13),
               place=ARMENIA, actors=(("source", "kb:AZE.mil"), ("target", "kb:ARM")), language="en")  # fmt: skip
    b = report("b", "401", "Azerbaiyán atacó posiciones armenias en la frontera.", "ASSAULT", start=D(2022, 9, 13),
               place=BORDER, actors=(("source", "kb:AZE"), ("target", "kb:ARM.mil")))  # fmt: skip
    assert len(dedup([a, b]).upserts) == 1


def test_no_reports_no_incidents(dedup: Deduplicator) -> None:
    assert dedup([]) == IncidentUpdate()


def test_date_disagreement_is_flagged(settings: DedupSettings) -> None:
    dd = Deduplicator(settings, encoder=None)
    a = report("a", "500", "Clashes in Nagorno-Karabakh.", "ASSAULT", start=D(2022, 8, 1), place=NK,
               actors=(("source", "kb:AZE.mil"), ("target", "kb:ARM.mil")))  # fmt: skip
    b = report("b", "501", "Clashes in Nagorno-Karabakh.", "ASSAULT", start=D(2022, 8, 3), place=NK,
               actors=(("source", "kb:AZE.mil"), ("target", "kb:ARM.mil")))  # fmt: skip
    (inc,) = dd([a, b]).upserts
    assert [c.kind for c in inc.contradictions] == ["date"]
