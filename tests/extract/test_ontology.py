"""The PLOVER ontology data and its ACLED / CAMEO mappings."""

from __future__ import annotations

import pytest

from eventcoder.errors import ConfigError
from eventcoder.extract.ontology import NONE, AcledCode, Ontology

PLOVER_16 = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]

ACLED_EVENT_TYPES = {
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
}
DISORDER_TYPES = {"Political violence", "Demonstrations", "Strategic developments"}


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return Ontology()


def test_sixteen_types_in_codebook_order(onto: Ontology) -> None:
    assert list(onto.types) == PLOVER_16


@pytest.mark.parametrize("event_type", PLOVER_16)
def test_every_type_has_definition_cameo_and_acled(onto: Ontology, event_type: str) -> None:
    assert onto.definition(event_type)
    root = onto.to_cameo(event_type)
    assert len(root) == 2 and 1 <= int(root) <= 20
    code = onto.to_acled(event_type, None, target_is_civilian=None)
    assert code.event_type in ACLED_EVENT_TYPES
    assert code.disorder_type in DISORDER_TYPES
    for mode in onto.modes(event_type):
        assert onto.to_acled(event_type, mode).event_type in ACLED_EVENT_TYPES
        assert onto.mode_definition(event_type, mode)


@pytest.mark.parametrize(
    ("event_type", "mode", "civilian", "expected"),
    [
        ("ASSAULT", "aerial", None, ("Political violence", "Explosions/Remote violence", "Air/drone strike")),
        ("ASSAULT", "drone", True, ("Political violence", "Explosions/Remote violence", "Air/drone strike")),
        (
            "ASSAULT",
            "heavy-weapons",
            None,
            ("Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ),
        ("ASSAULT", "firearms", None, ("Political violence", "Battles", "Armed clash")),
        ("ASSAULT", "firearms", True, ("Political violence", "Violence against civilians", "Attack")),
        (
            "ASSAULT",
            "abduct",
            None,
            ("Political violence", "Violence against civilians", "Abduction/forced disappearance"),
        ),
        ("ASSAULT", "suicide-attack", None, ("Political violence", "Explosions/Remote violence", "Suicide bomb")),
        ("PROTEST", "riot", None, ("Demonstrations", "Riots", "Violent demonstration")),
        ("PROTEST", None, None, ("Demonstrations", "Protests", "Peaceful protest")),
        ("COERCE", "arrest", None, ("Strategic developments", "Strategic developments", "Arrests")),
        ("AGREE", None, None, ("Strategic developments", "Strategic developments", "Agreement")),
        ("RETREAT", "release", None, ("Strategic developments", "Strategic developments", "Agreement")),
    ],
)
def test_acled_mapping(
    onto: Ontology, event_type: str, mode: str | None, civilian: bool | None, expected: tuple[str, str, str]
) -> None:
    code = onto.to_acled(event_type, mode, target_is_civilian=civilian)
    assert isinstance(code, AcledCode)
    assert tuple(code) == expected


def test_acled_scope(onto: Ontology) -> None:
    assert onto.in_acled_scope("ASSAULT", "aerial")
    assert not onto.in_acled_scope("CONSULT")


@pytest.mark.parametrize(
    ("event_type", "mode", "root"),
    [
        ("AGREE", None, "03"),
        ("CONSULT", None, "04"),
        ("ACCUSE", None, "11"),
        ("ACCUSE", "investigate", "09"),
        ("REQUEST", None, "10"),
        ("ASSAULT", None, "18"),
        ("ASSAULT", "heavy-weapons", "19"),
        ("ASSAULT", "cbrn", "20"),
        ("MOBILIZE", None, "15"),
        ("SANCTION", None, "16"),
        ("COERCE", None, "17"),
        ("PROTEST", None, "14"),
    ],
)
def test_cameo_roots(onto: Ontology, event_type: str, mode: str | None, root: str) -> None:
    assert onto.to_cameo(event_type, mode=mode) == root


@pytest.mark.parametrize(
    ("label", "current"),
    [
        ("FIGHT", "ASSAULT"),
        ("DISAPPROVE", "ACCUSE"),
        ("DEMAND", "REQUEST"),
        ("INVESTIGATE", "ACCUSE"),
        ("fight", "ASSAULT"),
        ("AGREE", "AGREE"),
        ("Appeal", "REQUEST"),
        ("YIELD", "RETREAT"),
        ("make public statement", NONE),
    ],
)
def test_old_labels_normalise(onto: Ontology, label: str, current: str) -> None:
    assert onto.normalise(label) == current


def test_unknown_labels_and_modes_raise(onto: Ontology) -> None:
    with pytest.raises(ConfigError):
        onto.normalise("DOCUMENT")
    with pytest.raises(ConfigError):
        onto.to_acled("ASSAULT", "laser")
    with pytest.raises(ConfigError):
        onto.modes("CRIME")


def test_modes_of_assault_include_polecat_style_modes(onto: Ontology) -> None:
    modes = set(onto.modes("ASSAULT"))
    assert {"beat", "firearms", "explosives", "aerial", "drone", "crash", "suicide-attack", "cbrn"} <= modes
    assert onto.modes("AGREE") == ()
