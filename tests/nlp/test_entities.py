"""Span filters and the gazetteer merge (language-agnostic code fed with data)."""

from __future__ import annotations

import pytest

from eventcoder.nlp.entities import RawEntity, clean_span, merge_with_gazetteer
from eventcoder.nlp.language_data import LanguageData, load_language_data

DATA = LanguageData.build(
    "xx",
    [("LOC", "Bakú"), ("ORG", "Grupo de Minsk de la OSCE")],
    strip_leading=frozenset({"Según", "Además"}),
    not_entities=frozenset({"PROGRAMACION"}),
    drop_lowercase_initial=True,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Según Hajiyev", "Hajiyev"),
        ("Además de Méndez", "Méndez"),
        ("«Bakú»", "Bakú"),
        ("provincia de Cantabria", "Cantabria"),
        ("Según", None),
        ("aseguró", None),
        ("PROGRAMACION", None),
        ("La Coruña", "La Coruña"),
    ],
)
def test_clean_span(text: str, expected: str | None) -> None:
    cleaned = clean_span(text, RawEntity(0, len(text), "PER"), DATA)
    assert (text[cleaned.start : cleaned.end] if cleaned else None) == expected


def test_gazetteer_relabels_and_replaces() -> None:
    text = "Bakú y el Grupo de Minsk de la OSCE"
    model = [RawEntity(0, 4, "PER"), RawEntity(10, 24, "ORG"), RawEntity(31, 35, "ORG")]
    merged = merge_with_gazetteer(model, DATA.find(text))
    assert [(text[e.start : e.end], e.label) for e in merged] == [("Bakú", "LOC"), ("Grupo de Minsk de la OSCE", "ORG")]


def test_longer_model_span_wins() -> None:
    text = "Ayuntamiento de Bakú"
    merged = merge_with_gazetteer([RawEntity(0, len(text), "ORG")], DATA.find(text))
    assert merged == [RawEntity(0, len(text), "ORG")]


def test_gazetteer_whole_words_only() -> None:
    assert DATA.find("Bakúes") == []
    assert DATA.find("(Bakú)") == [(1, 5, "LOC")]


@pytest.mark.parametrize("language", ["es", "en", "pt", "fr", "ru"])
def test_shipped_language_data_loads(language: str) -> None:
    data = load_language_data(language)
    assert len(data.patterns) > 100  # curated + CLDR countries
    assert data.strip_leading
    assert any(s.endswith("entity_filters.yaml") for s in data.sources)


def test_curated_label_wins_over_generated() -> None:
    data = load_language_data("es")
    assert data.find("Unión Europea") == [(0, 13, "ORG")]
