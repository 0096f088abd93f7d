"""Actor names in ACLED's conventions, and figures that carry who gives them."""

from __future__ import annotations

import datetime as dt

import pytest

from eventcoder.export.acled_names import AcledNamer
from eventcoder.export.context import load_countries
from eventcoder.export.figures import figures_told
from eventcoder.models import ActorRole, EventReport, Evidence, Figure, FigureKind, Role, Span
from eventcoder.resolve.actors import ActorKB

SPAN = Span(start=0, end=5, text="Gunme")


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB()


@pytest.fixture(scope="module")
def namer(kb: ActorKB) -> AcledNamer:
    return AcledNamer({code: c.name for code, c in load_countries().items()}, kb)


def _actor(name: str, code: int | None, entity_id: str | None = None) -> ActorRole:
    return ActorRole(role=Role.SOURCE, entity_id=entity_id, name=name, actor_type=code, span=SPAN)


def test_state_forces_carry_the_leaders_period(namer: AcledNamer, kb: ActorKB) -> None:
    entity = kb.entities["kb:ARM.mil"]
    name = namer.name(_actor("Armenian forces", 1, entity.id), entity, "AZE", dt.date(2022, 9, 13))
    assert name == "Military Forces of Armenia (2018-)"


def test_a_finished_term_is_closed(namer: AcledNamer, kb: ActorKB) -> None:
    entity = kb.entities["kb:SDN.mil"]
    assert namer.name(_actor("army", 1, entity.id), entity, "SDN", dt.date(2016, 1, 1)) == (
        "Military Forces of Sudan (1989-2019)"
    )


def test_office_holders_act_for_their_government(namer: AcledNamer, kb: ActorKB) -> None:
    entity = kb.entities[kb.lookup("Nikol Pashinyan")[0]]
    assert namer.name(_actor("Pashinyan", 1, entity.id), entity, "ARM", dt.date(2023, 1, 1)).startswith(
        "Government of Armenia ("
    )


def test_named_groups_keep_acleds_name(namer: AcledNamer, kb: ActorKB) -> None:
    entity = kb.entities["kb:g.rsf"]
    assert (
        namer.name(_actor("the RSF", 2, entity.id), entity, "SDN", dt.date(2024, 5, 1)) == "RSF: Rapid Support Forces"
    )


@pytest.mark.parametrize(
    ("name", "code", "country", "expected"),
    [
        ("protesters", 6, "ZAF", "Protesters (South Africa)"),
        ("gunmen", 3, "MEX", "Unidentified Armed Group (Mexico)"),
        ("villagers", 7, "NGA", "Civilians (Nigeria)"),
        ("a mob", 5, "IND", "Rioters (India)"),
        ("herders", 4, "NGA", "Unidentified Communal Militia (Nigeria)"),
    ],
)
def test_unnamed_actors_take_generic_names_with_the_event_country(
    namer: AcledNamer, name: str, code: int, country: str, expected: str
) -> None:
    assert namer.name(_actor(name, code), None, country, dt.date(2024, 1, 1)) == expected


def test_unnamed_police_are_the_police_forces_of_the_event_country(namer: AcledNamer) -> None:
    assert namer.name(_actor("la policía", 1), None, "COL", None) == "Police Forces of Colombia"
    assert namer.name(_actor("soldiers", 1), None, "COL", None) == "Military Forces of Colombia"


def test_without_a_country_the_text_name_stays(namer: AcledNamer) -> None:
    assert namer.name(_actor("gunmen", 3), None, None, None) == "gunmen"


def test_figures_are_told_with_their_claimant() -> None:
    text = "3.822 muertos, según informa SoyArmenio."
    figure = Figure(kind=FigureKind.KILLED, low=3822, high=3822, according_to="SoyArmenio",
                    span=Span(start=0, end=5, text="3.822"))  # fmt: skip
    evidence = Evidence(start=0, end=len(text), text=text, article_id="a", sentence_index=0)
    report = EventReport(id="ev", article_id="a", event_type="ASSAULT", confidence=0.9, figures=(figure,),
                         according_to=("SoyArmenio",), extractor="test", evidence=evidence)  # fmt: skip
    assert figures_told(report) == ["killed: 3.822 according to SoyArmenio"]
