"""Our news NER gold (resources/corpus/ner): well formed, split by story, big enough, and checked by a second
annotation whose agreement is gated."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from eventcoder.errors import EvaluationError
from eventcoder.evaluate.scorers.ner import ner_agreement, read_ner_jsonl

GOLD = Path(str(resources.files("eventcoder").joinpath("resources", "corpus", "ner")))
LANGUAGES = sorted(p.stem for p in GOLD.glob("*.jsonl"))


def test_there_is_gold_for_english_french_and_russian() -> None:
    assert {"en", "fr", "ru"} <= set(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_gold_is_well_formed_split_by_story_and_big_enough(lang: str) -> None:
    path = GOLD / f"{lang}.jsonl"
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    every = read_ner_jsonl(path, split=None)  # checks every span against the text
    assert len(every) == len(items) >= 170
    assert len({it["id"] for it in items}) == len(items)
    sides: dict[str, set[str]] = {}
    for it in items:
        sides.setdefault(it["story"], set()).add(it["split"])
    assert all(len(s) == 1 for s in sides.values()), "a story crosses the dev/test split"
    sentences = sum(len(re.findall(r"[.!?…»](?:\s|$)", it["text"])) for it in items)
    assert sentences >= 300
    scored = sum(1 for _, spans in every for s in spans if s[2] in ("PER", "LOC", "ORG"))
    assert scored >= 800
    dev, test = read_ner_jsonl(path, split="dev"), read_ner_jsonl(path, split="test")
    assert len(dev) + len(test) == len(items) and len(test) > len(dev) > 0


@pytest.mark.parametrize("lang", ["en", "fr", "ru"])
def test_a_second_annotation_agrees(lang: str) -> None:
    scores = ner_agreement(GOLD / f"{lang}.jsonl", GOLD / "agreement" / f"{lang}_annotator2.jsonl")
    assert scores["items"] >= 40
    assert scores["f1"] >= 0.95
    assert min(scores["f1_PER"], scores["f1_LOC"], scores["f1_ORG"]) >= 0.9


def test_a_span_that_does_not_match_its_text_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    item = {"id": "x", "story": "s", "split": "test", "text": "Kidal est au Mali.", "entities": [[0, 5, "LOC", "Mali"]]}
    bad.write_text(json.dumps(item) + "\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"bad\.jsonl:1"):
        read_ner_jsonl(bad)


def test_error_listing_names_each_kind_of_error() -> None:
    from eventcoder.evaluate.scorers.ner import ner_errors

    text = "Gwoza est près de la mer Rouge, dit Boko Haram. Paris aussi."
    gold = {(0, 5, "LOC"), (21, 30, "LOC"), (36, 46, "ORG"), (48, 53, "LOC")}
    predicted = {(0, 5, "PER"), (25, 30, "LOC"), (48, 53, "LOC"), (54, 59, "ORG")}
    errors = ner_errors([(text, gold)], [predicted])
    assert [(e.text, e.example) for e in errors["wrong_label"]] == [("Gwoza", "gold LOC, got PER")]
    assert [e.text for e in errors["wrong_span"]] == ["mer Rouge"]
    assert "'Rouge' LOC" in (errors["wrong_span"][0].example or "")
    assert [(e.text, e.example) for e in errors["missed"]] == [("Boko Haram", "ORG")]
    assert [e.text for e in errors["spurious"]] == ["aussi"]
