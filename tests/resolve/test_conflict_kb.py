"""The knowledge base of current conflicts (resources/kb/conflicts): shape, checks, and that it resolves names."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml

from eventcoder.models import Analysis, Article
from eventcoder.resolve import Resolver
from eventcoder.resolve.actors import ActorKB
from eventcoder.resolve.normalize import name_key

ROOT = Path(str(files("eventcoder.resources").joinpath("kb", "conflicts")))
LANGS = ("en", "es", "pt", "fr", "ru")
Make = Callable[..., tuple[Article, Analysis]]


def _entries(kind: str) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(ROOT.glob("*.yaml")):
        out += [(path.name, e) for e in yaml.safe_load(path.read_text(encoding="utf-8")).get(kind, [])]
    return out


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB()


def test_organisations_are_complete_and_well_formed() -> None:
    orgs = _entries("organisations")
    assert len(orgs) >= 300
    ids = {e["id"] for _, e in orgs}
    names: dict[str, str] = {}
    for where, e in orgs:
        assert e["id"].startswith("kb:g."), (where, e["id"])
        assert names.setdefault(e["id"], e["name"]) == e["name"], f"{e['id']}: one id, two names ({where})"
        assert e["actor_type"] in range(1, 9), e["id"]
        assert e.get("kind", "organisation") in ("group", "organisation"), e["id"]
        assert len(e["country"]) == 3 and e["country"].isupper(), e["id"]
        assert e.get("parent") is None or e["parent"] in ids, e["id"]
        aliases = e["aliases"]
        assert set(aliases) <= set(LANGS) and {"en", "ru"} <= set(aliases), e["id"]
        assert len(set(aliases) & {"es", "pt", "fr"}) >= 2, e["id"]
        assert all(len(a) >= 2 for values in aliases.values() for a in values), e["id"]
    assert len({e["country"] for _, e in orgs}) >= 50


def test_leaders_have_terms_in_order() -> None:
    people = _entries("persons")
    assert len(people) >= 200
    assert len({o["of"] for _, p in people for o in p["offices"]}) >= 45
    for _, p in people:
        for office in p["offices"]:
            assert office["office"] in ("head_of_state", "head_of_government", "defence_minister"), p["id"]
            start, end = office.get("start"), office.get("end")
            assert start is None or isinstance(start, dt.date), p["id"]
            assert end is None or start is None or start < end, p["id"]


def test_second_independent_coding_agrees_and_confirms_every_qid() -> None:
    """Inter codes of the sampled organisations agree (kappa); every QID in the files is the second coder's too."""
    first = {e["id"]: e for kind in ("organisations", "persons") for _, e in _entries(kind)}
    second = [json.loads(line) for line in (ROOT / "checks" / "second_annotation.jsonl").open(encoding="utf-8")]
    pairs = [(first[s["key"]]["actor_type"], s["actor_type"]) for s in second if s["key"].startswith("kb:g.")]
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    ca, cb = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(ca[k] * cb[k] for k in ca) / n / n
    kappa = (observed - expected) / (1 - expected)
    assert n >= 150
    assert observed >= 0.9 and kappa >= 0.8, (observed, kappa)  # README: 150/163, kappa 0.877
    confirmed = {s["key"]: s["wikidata"] for s in second}
    for key, entry in first.items():
        if "wikidata" in entry:
            assert confirmed.get(key) == entry["wikidata"], f"{key}: QID not confirmed by the second coding"


@pytest.mark.parametrize(
    ("name", "entity_id"),
    [
        ("Rapid Support Forces", "kb:g.rsf"),
        ("Fuerzas de Apoyo Rápido", "kb:g.rsf"),
        ("Силы быстрого реагирования", "kb:g.rsf"),
        ("Forces de soutien rapide", "kb:g.rsf"),
    ],
)
def test_group_names_resolve_in_every_language(kb: ActorKB, name: str, entity_id: str) -> None:
    assert kb.lookup(name) == [entity_id]
    assert kb.entities[entity_id].actor_type == 2
    assert kb.entities[entity_id].external_ids.get("acled") == "RSF: Rapid Support Forces"


def test_who_held_an_office_on_a_day(kb: ActorKB) -> None:
    burhan = kb.lookup("Abdel Fattah al-Burhan")
    assert len(burhan) == 1
    assert kb.holder("kb:SDN", ["head_of_state"], dt.date(2024, 6, 1)) == burhan[0]
    bashir = kb.lookup("Omar al-Bashir")
    assert kb.holder("kb:SDN", ["head_of_state"], dt.date(2015, 6, 1)) == bashir[0]


def test_persons_already_curated_are_merged_not_duplicated(kb: ActorKB) -> None:
    """leaders.yaml repeats people of actors.yaml; one entity each, holding the terms of both files."""
    persons = [e for e in kb.entities.values() if e.kind.value == "person"]
    keys = Counter(name_key(e.name) for e in persons)
    assert [k for k, c in keys.items() if c > 1] == []


def test_qids_from_recall_are_marked_unverified(kb: ActorKB) -> None:
    marked = [e for e in kb.entities.values() if e.provenance.startswith("resources/kb/conflicts/")]
    with_qid = [e for e in marked if "wikidata" in e.external_ids]
    assert with_qid and all(e.external_ids["wikidata_status"].startswith("unverified") for e in with_qid)


def test_an_unknown_armed_group_in_text_is_linked(resolver: Resolver, make: Make) -> None:
    article, analysis = make("Les Forces de soutien rapide ont attaqué El-Fasher.", "fr",
                             [("Forces de soutien rapide", "ORG"), ("El-Fasher", "LOC")])  # fmt: skip
    res = resolver([(article, analysis)])[0]
    assert res.mentions[0].entity_id == "kb:g.rsf"


@pytest.mark.parametrize(
    ("text", "lang", "year", "person"),
    [
        ("The president of Sudan met the envoy.", "en", 2024, "kb:p.abdel-fattah-al-burhan"),
        ("The president of Sudan met the envoy.", "en", 2016, "kb:p.omar-al-bashir"),
        ("El presidente de Colombia visitó Cali.", "es", 2023, "kb:p.gustavo-petro"),
    ],
)
def test_titles_resolve_to_who_held_the_office_that_day(
    resolver: Resolver, text: str, lang: str, year: int, person: str
) -> None:
    article = Article(id="t", text=text, published=dt.datetime(year, 3, 1, tzinfo=dt.UTC), language=lang,
                      language_confidence=1.0, origin="-", input_format="text")  # fmt: skip
    res = resolver([(article, Analysis(article_id="t", language=lang, backend="test", mentions=()))])[0]
    assert person in {m.entity_id for m in res.mentions}
