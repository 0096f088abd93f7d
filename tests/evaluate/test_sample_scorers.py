"""The sample-corpus scorers of the language layer and of linking run on any gold file of that format."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder.evaluate.gold import SampleGold, load_gold
from eventcoder.evaluate.scorers.sample_nlp import LinkingSampleScorer, NlpSampleScorer, link_is_right
from eventcoder.models import Entity, EntityKind
from eventcoder.settings import load_settings

ARTICLE = (
    "title: Prueba\ndate: 2022-09-14\nsource: Sample Wire (es)\n\n"
    "El presidente Vladimir Putin llegó a Moscú el 9 de noviembre de 2020. Al menos 49 soldados murieron en la "
    "frontera, según el Gobierno.\n"
)
GOLD = """
version: 1
actors:
  Vladimir Putin: {kind: person, country: RUS}
  Russia: {kind: state, country: RUS}
places:
  Moscow: {feature: city, country: RUS, lat: 55.75, lon: 37.62}
  Russia: {feature: country, country: RUS, lat: 61.5, lon: 105.3}
articles:
  es_2022-09-14_prueba.txt:
    language: es
    published: 2022-09-14
    entities:
      - {text: Vladimir Putin, label: PER, link: Vladimir Putin}
      - {text: Moscú, label: LOC, link: Moscow}
    times:
      - {text: el 9 de noviembre de 2020, value: 2020-11-09, precision: day, kind: date}
    quantities:
      - {text: Al menos 49, value: 49, low: 49, high: null, qualifier: at_least}
"""


@pytest.fixture(scope="module")
def tiny_gold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gold")
    (root / "articles").mkdir()
    (root / "articles" / "es_2022-09-14_prueba.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "gold.yaml").write_text(GOLD, encoding="utf-8")
    load_gold(root / "gold.yaml")  # the file itself is valid
    return root / "gold.yaml"


def test_nlp_sample_scorer_on_another_gold_file(tiny_gold: Path) -> None:
    res = NlpSampleScorer(load_settings(environ={}))(tiny_gold)
    assert res.gold == str(tiny_gold)
    assert res.counts["ner_tp"] == 2 and res.counts["ner_fn"] == 0
    assert res.metrics["time_value_accuracy"] == 1.0
    assert res.metrics["quantity_interval_accuracy"] == 1.0
    assert res.metrics["time_detect_f1"] == 1.0


def test_linking_sample_scorer_on_another_gold_file(tiny_gold: Path) -> None:
    res = LinkingSampleScorer(load_settings(environ={}))(tiny_gold)
    assert res.metrics["place_accuracy"] == 1.0
    assert res.metrics["actor_accuracy"] == 1.0
    assert res.counts["place_gold"] == 1 and res.counts["actor_gold"] == 1


@pytest.mark.parametrize(
    ("link", "as_place", "entity", "right"),
    [
        ("Moscow", True, Entity(id="gn:1", kind=EntityKind.PLACE, name="Moscow", latitude=55.7, longitude=37.6), True),
        (
            "Moscow",
            True,
            Entity(id="gn:2", kind=EntityKind.PLACE, name="Moscow", latitude=46.7, longitude=-117.0),
            False,
        ),
        ("Russia", True, Entity(id="kb:RUS", kind=EntityKind.STATE, name="Russia", country="RUS"), True),
        (
            "Russia",
            False,
            Entity(id="kb:RUS.mil", kind=EntityKind.ORGANISATION, name="Armed Forces", country="RUS"),
            True,
        ),
        ("Russia", False, Entity(id="kb:UKR", kind=EntityKind.STATE, name="Ukraine", country="UKR"), False),
        ("Moscow", False, Entity(id="kb:RUS.gov", kind=EntityKind.ORGANISATION, name="Gov", country="RUS"), True),
        ("Vladimir Putin", False, Entity(id="kb:putin", kind=EntityKind.PERSON, name="Vladímir Putin"), True),
        ("Vladimir Putin", False, Entity(id="local:1", kind=EntityKind.PERSON, name="Putin"), False),
    ],
)
def test_link_rule(link: str, as_place: bool, entity: Entity, right: bool) -> None:
    gold = SampleGold.model_validate(
        {
            "actors": {"Vladimir Putin": {"kind": "person"}, "Russia": {"kind": "state", "country": "RUS"}},
            "places": {
                "Moscow": {"feature": "city", "country": "RUS", "lat": 55.75, "lon": 37.62},
                "Russia": {"feature": "country", "country": "RUS", "lat": 61.5, "lon": 105.3},
            },
            "articles": {},
        }
    )
    assert link_is_right(gold, link, as_place=as_place, entity=entity) is right
