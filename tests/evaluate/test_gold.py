"""The sample corpus and its hand-annotated gold file (eventcoder.evaluate.gold)."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from eventcoder.errors import EvaluationError
from eventcoder.evaluate.gold import (
    PLOVER_TYPES,
    SampleGold,
    load_gold,
    normalise_text,
    sample_corpus_dir,
    sample_gold_path,
    split_metadata,
)

LANGUAGES = ("es", "en", "pt", "fr", "ru")
# Incidents the corpus promises to report in at least three languages.
MULTILINGUAL_INCIDENTS = ("ceasefire-2020", "clashes-2022", "offensive-2023", "kramatorsk-2022")


@pytest.fixture(scope="module")
def gold() -> SampleGold:
    return load_gold(sample_gold_path())


def _article_files() -> list[Path]:
    return sorted((sample_corpus_dir() / "articles").glob("*.txt"))


def test_gold_loads_and_offsets_point_at_the_text(gold: SampleGold) -> None:
    for name, art in gold.articles.items():
        for ent in art.entities:
            assert ent.spans, f"{name}: {ent.text} not located"
            for start, end in ent.spans:
                assert art.text[start:end] == ent.text
        for item in (*art.times, *art.quantities):
            assert item.start is not None and item.end is not None
            assert art.text[item.start : item.end] == item.text
        for ev in art.events:
            assert ev.anchor_start is not None
            assert art.text[ev.anchor_start : ev.anchor_end] == ev.anchor


def test_every_article_file_has_a_gold_entry_and_vice_versa(gold: SampleGold) -> None:
    files = {p.name for p in _article_files()}
    assert files == set(gold.articles)


def test_readme_lists_every_article() -> None:
    readme = (sample_corpus_dir() / "README.md").read_text(encoding="utf-8")
    assert "CC-BY-4.0" in readme
    for path in _article_files():
        assert f"articles/{path.name}" in readme


def test_corpus_size_and_languages(gold: SampleGold) -> None:
    assert len(gold.articles) >= 24
    per_language = Counter(art.language for art in gold.articles.values())
    for lang in LANGUAGES:
        assert per_language[lang] >= 4, f"only {per_language[lang]} articles in {lang}"
    for name, art in gold.articles.items():
        assert name.startswith(f"{art.language}_"), f"{name}: file prefix disagrees with language {art.language}"


@pytest.mark.parametrize("path", _article_files(), ids=lambda p: p.name)
def test_article_file_convention(path: Path) -> None:
    meta, body, offset = split_metadata(normalise_text(path.read_text(encoding="utf-8")))
    assert {"title", "source", "url"} <= set(meta)
    date_part = path.name.split("_")[1]
    assert meta.get("date", "und") == date_part
    assert 120 <= len(body.split()) <= 350, f"{path.name}: {len(body.split())} words"
    assert offset > 0 and not body.startswith(("title", "date", "\n"))


@pytest.mark.parametrize("incident", MULTILINGUAL_INCIDENTS)
def test_multilingual_incidents_have_three_languages(gold: SampleGold, incident: str) -> None:
    languages = {gold.articles[name].language for name, _ in gold.events_of(incident)}
    assert len(languages) >= 3, f"{incident}: reported only in {sorted(languages)}"


def test_contradictions_of_each_required_kind(gold: SampleGold) -> None:
    kinds = Counter(c.kind for inc in gold.incidents for c in inc.contradictions)
    assert kinds["figures"] >= 1
    assert kinds["blame"] >= 1


def test_required_statuses_and_an_undated_article(gold: SampleGold) -> None:
    statuses = Counter(ev.status for art in gold.articles.values() for ev in art.events)
    for status in ("reported", "background", "planned", "denied", "hypothetical"):
        assert statuses[status] >= 1, f"no {status} event"
    assert any(art.published is None for art in gold.articles.values())
    used = {ev.type for art in gold.articles.values() for ev in art.events}
    assert used <= set(PLOVER_TYPES)


@pytest.mark.parametrize(
    ("canonical", "variants"),
    [
        ("Shusha", {"Shusha", "Shushi", "Şuşa", "Шуша", "Шуши"}),
        ("Stepanakert", {"Stepanakert", "Khankendi", "Jankendi", "Ханкенди"}),
        ("Nagorno-Karabakh", {"Nagorno-Karabakh", "Artsakh", "Artsaj", "Karabaj", "Нагорном Карабахе"}),
    ],
)
def test_contested_names_appear_in_both_forms(gold: SampleGold, canonical: str, variants: set[str]) -> None:
    used = {e.text for art in gold.articles.values() for e in art.entities if e.link == canonical}
    assert variants <= used


def test_split_metadata_convention() -> None:
    text = "title: A\nDate: 2022-09-13\nsource: S\n\n\nBody line.\n\nMore.\n"
    meta, body, offset = split_metadata(text)
    assert meta == {"title": "A", "date": "2022-09-13", "source": "S"}
    assert body == "Body line.\n\nMore."
    assert text[offset:].startswith("Body line.")
    meta, body, offset = split_metadata("date 2022-09-14\n\nTroops clashed.")
    assert meta == {"date": "2022-09-14"} and body == "Troops clashed." and offset == 17
    # No metadata: a first line that is not a metadata line leaves the text whole.
    assert split_metadata("date 2022-09-14 troops of Armenia\n\nx") == ({}, "date 2022-09-14 troops of Armenia\n\nx", 0)
    assert split_metadata("Breaking: news\n\nx")[0] == {}


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    shutil.copytree(sample_corpus_dir() / "articles", tmp_path / "articles")
    text = sample_gold_path().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "gold.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("anchor: firmaron el lunes", "anchor: firmaron el martes", "not found"),
        ("anchor: Ereván pidió ayuda", "anchor: a", "not unique"),
        ("{text: Jermuk, label: LOC, link: Jermuk}", "{text: Jermuk, label: LOC, link: Jermuc}", "undeclared"),
        ("{text: el jueves, value:", "{text: el viernes, value:", "not found"),
        (
            "{text: mardi, value: 2022-09-13, precision: day, kind: date, occurrence: 0}",
            "{text: mardi, value: x, kind: date}",
            "occurs 2 times",
        ),
    ],
)
def test_broken_gold_raises(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = _broken_copy(tmp_path, old, new)
    with pytest.raises(EvaluationError, match=message):
        load_gold(path)


def test_explicit_articles_dir_and_missing_article(tmp_path: Path) -> None:
    gold_copy = tmp_path / "gold.yaml"
    shutil.copy(sample_gold_path(), gold_copy)
    loaded = load_gold(gold_copy, articles_dir=sample_corpus_dir() / "articles")
    assert len(loaded.articles) >= 24
    with pytest.raises(EvaluationError, match="cannot read article"):
        load_gold(gold_copy)
