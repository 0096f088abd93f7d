"""The checked-in country-name files match what eventcoder.nlp.build_gazetteer generates."""

from __future__ import annotations

from importlib.resources import files

import pytest

from eventcoder.nlp.build_gazetteer import kb_patterns, render_countries_file, render_kb_file


@pytest.mark.parametrize("language", ["es", "en", "pt", "fr", "ru"])
def test_countries_file_up_to_date(language: str) -> None:
    shipped = files("eventcoder.resources").joinpath(language, "entity_patterns.countries.tsv").read_text("utf-8")
    regenerate = "python -m eventcoder.nlp.build_gazetteer src/eventcoder/resources"
    assert shipped == render_countries_file(language), regenerate


@pytest.mark.parametrize(
    ("language", "name"),
    [("es", "Azerbaiyán"), ("pt", "Armênia"), ("pt", "Arménia"), ("ru", "Азербайджан"), ("fr", "Arménie")],
)
def test_country_names_present(language: str, name: str) -> None:
    shipped = files("eventcoder.resources").joinpath(language, "entity_patterns.countries.tsv").read_text("utf-8")
    assert f"LOC\t{name}\n" in shipped


@pytest.mark.parametrize("language", ["es", "en", "pt", "fr", "ru"])
def test_kb_names_file_up_to_date(language: str) -> None:
    shipped = files("eventcoder.resources").joinpath(language, "entity_patterns.kb.tsv").read_text("utf-8")
    regenerate = "python -m eventcoder.nlp.build_gazetteer src/eventcoder/resources"
    assert shipped == render_kb_file(language), regenerate


def test_kb_names_are_names() -> None:
    fr = dict((name, label) for label, name in kb_patterns("fr"))
    ru = dict((name, label) for label, name in kb_patterns("ru"))
    assert fr["Boko Haram"] == "ORG" and fr["Minusma"] == "ORG" and fr["el-Béchir"] == "PER"
    assert ru["аль-Башир"] == "PER" and ru["Боко Харам"] == "ORG"
    assert "mercenaires de Wagner" not in fr and "группировка Лакурава" not in ru  # lowercase: not a name
    assert "Mali" not in fr  # a country stays LOC (countries file)


def test_datelines_are_places() -> None:
    from eventcoder.nlp.entities import dateline_places

    def places(text: str) -> list[str]:
        return [text[s:e] for s, e, _ in dateline_places(text)]

    assert places("BAMAKO, 14 mars (AFP) — Le gouvernement") == ["BAMAKO"]
    assert places("PORT SUDAN, Sudan, Oct. 14 — The army") == ["PORT SUDAN"]
    assert places("Заголовок\nПОРТ-СУДАН, 14 октября — Силы") == ["ПОРТ-СУДАН"]
    assert places("PESHAWAR (Pakistan), 3 juin — x") == ["PESHAWAR"]
    assert places("NATO, the alliance said — no") == []  # not a date or a name after the comma
    assert places("UN — The council") == []  # two letters
    assert places("Kyiv — the city") == []  # not in capitals
