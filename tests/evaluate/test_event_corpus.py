"""The annotated event corpus: loader, validation, split by story, size and coverage, second annotation."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from eventcoder.errors import EvaluationError
from eventcoder.evaluate.agreement import (
    cohen_kappa,
    corpus_agreement,
    read_second_annotation,
    role_agreement,
    role_annotation_path,
    second_annotation_path,
)
from eventcoder.evaluate.event_corpus import ACLED_SUB_EVENTS, LANGUAGES, CorpusItem, load_corpus, read_items, split_of
from eventcoder.evaluate.gold import PLOVER_TYPES
from eventcoder.extract.ontology import Ontology


@pytest.fixture(scope="module")
def corpus() -> list[CorpusItem]:
    return load_corpus()


GOOD = {
    "id": "t-1",
    "story": "t-s1",
    "lang": "en",
    "country": "ZAF",
    "conflict": "South Africa unrest",
    "style": "wire",
    "text": "Rioters looted shops in Durban on Monday and at least 12 people died, police said.",
    "events": [
        {
            "acled": "Violent demonstration",
            "plover": "PROTEST",
            "mode": "riot",
            "status": "reported",
            "trigger": "looted",
            "actors": [["Rioters", "source", 5], ["shops", "target", 7], ["police", "source", 1]],
            "place": "Durban",
            "date": "on Monday",
            "figures": [["at least 12", "killed"]],
        }
    ],
    "negative": None,
}


def _write(tmp_path: Path, *records: dict[str, object]) -> Path:
    path = tmp_path / "b-01.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_loader_locates_every_span(tmp_path: Path) -> None:
    (item,) = read_items([_write(tmp_path, GOOD)])
    ev = item.events[0]
    for span in [ev.trigger, ev.place, ev.date, *(a.span for a in ev.actors), *(f.span for f in ev.figures)]:
        assert span is not None
        assert item.text[span.start : span.end] == span.text
    assert item.main == ev and item.split == split_of("t-s1")


def test_second_occurrence_marker(tmp_path: Path) -> None:
    rec = {**GOOD, "text": "Police said police fired.", "events": [{**GOOD["events"][0], "trigger": "fired"}]}  # type: ignore[index]
    rec["events"][0]["actors"] = [["police@1", "source", 1]]  # type: ignore[index]
    rec["events"][0].update(place=None, date=None, figures=[])  # type: ignore[index]
    (item,) = read_items([_write(tmp_path, rec)])
    assert item.events[0].actors[0].span.start == 12


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"trigger": "burned"}, "does not occur"),
        ({"plover": "FIGHT"}, "unknown PLOVER type"),
        ({"mode": "aerial"}, "has no mode"),
        ({"acled": "Riot"}, "acled"),
        ({"status": "planned"}, "needs a negative kind"),
    ],
)
def test_bad_items_are_rejected_with_their_line(tmp_path: Path, change: dict[str, str], message: str) -> None:
    rec = {**GOOD, "events": [{**GOOD["events"][0], **change}]}  # type: ignore[index]
    with pytest.raises(EvaluationError, match=message) as err:
        read_items([_write(tmp_path, GOOD | {"id": "t-0"}, rec)])
    assert "b-01.jsonl:2" in str(err.value)


def test_negative_kind_must_agree_with_events(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="no negative kind"):
        read_items([_write(tmp_path, GOOD | {"negative": "sport"})])
    with pytest.raises(EvaluationError, match="already used"):
        read_items([_write(tmp_path, GOOD, GOOD)])


def test_split_is_by_story(corpus: list[CorpusItem]) -> None:
    by_story: dict[str, set[str]] = {}
    for it in corpus:
        by_story.setdefault(it.story, set()).add(it.split)
    assert all(len(s) == 1 for s in by_story.values())
    shares = Counter(it.split for it in corpus)
    assert 0.6 < shares["train"] / len(corpus) < 0.8
    assert shares["dev"] > 0.1 * len(corpus) and shares["test"] > 0.1 * len(corpus)


def test_no_text_is_in_two_splits(corpus: list[CorpusItem]) -> None:
    splits: dict[str, set[str]] = {}
    for it in corpus:
        splits.setdefault(" ".join(it.text.lower().split()), set()).add(it.split)
    assert not [t for t, s in splits.items() if len(s) > 1]


def test_corpus_size_and_coverage(corpus: list[CorpusItem]) -> None:
    """What issue 11 asks of the corpus."""
    assert len(corpus) >= 8000
    per_language = Counter(it.lang for it in corpus)
    assert all(per_language[lang] >= 1200 for lang in LANGUAGES), per_language
    acled = Counter((e.acled, it.lang) for it in corpus for e in it.events if e.acled)
    for sub in ACLED_SUB_EVENTS:
        assert sum(acled[sub, lang] for lang in LANGUAGES) >= 100, sub
        assert all(acled[sub, lang] >= 10 for lang in LANGUAGES), (sub, [acled[sub, lang] for lang in LANGUAGES])
    assert {e.plover for it in corpus for e in it.events} == set(PLOVER_TYPES)
    assert sum(it.negative is not None for it in corpus) >= 0.3 * len(corpus)
    assert len({it.country for it in corpus}) >= 60
    assert len({it.conflict for it in corpus}) >= 30
    assert {it.style for it in corpus} == {"wire", "local", "headline", "statement", "quote", "mt", "multi"}


def test_corpus_taxonomy_is_the_ontology_taxonomy() -> None:
    assert Ontology().acled_sub_events == ACLED_SUB_EVENTS


def test_cohen_kappa() -> None:
    assert cohen_kappa(["a", "b", "a", "b"], ["a", "b", "a", "b"]) == 1.0
    assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == 0.0
    with pytest.raises(EvaluationError):
        cohen_kappa([], [])


def test_second_annotation_agrees(corpus: list[CorpusItem]) -> None:
    """At least 500 items were labelled a second time, blind; agreement is substantial."""
    second = read_second_annotation(second_annotation_path())
    scores = corpus_agreement(corpus, second)
    assert scores["items"] >= 500
    assert scores["event.kappa"] >= 0.6, scores
    assert scores["acled.kappa"] >= 0.6, scores
    assert scores["plover.kappa"] >= 0.5, scores


def test_second_annotation_of_actors_and_roles_agrees(corpus: list[CorpusItem]) -> None:
    """520 main events had their actors annotated a second time, blind (docs/quality-actors.md: role F1 0.904)."""
    scores = role_agreement(corpus, role_annotation_path())
    assert scores["items"] >= 500
    assert scores["role.f1"] >= 0.8, scores
    assert scores["inter.kappa"] >= 0.7, scores
