"""Scorer ``events-sample``: matching rules, metrics, and a run on a two-article gold file of the sample format."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from eventcoder.evaluate import run_scorers, scorer_names
from eventcoder.evaluate.gold import GoldArticle, GoldEvent, load_gold, sample_corpus_dir, sample_gold_path
from eventcoder.evaluate.scorers.events import NAME, match_events, score_matches
from eventcoder.models import EventReport, EventStatus, Evidence
from eventcoder.settings import load_settings

TEXT = "Azerbaijan shelled Goris on Tuesday. Russia urged restraint. The talks resumed."


def _gold(events: list[GoldEvent]) -> GoldArticle:
    located = []
    for ev in events:
        start = TEXT.index(ev.anchor)
        located.append(ev.model_copy(update={"anchor_start": start, "anchor_end": start + len(ev.anchor)}))
    return GoldArticle(language="en", published=dt.date(2022, 9, 14), text=TEXT, events=tuple(located))


def _report(event_type: str, sentence: str, confidence: float, status: EventStatus) -> EventReport:
    start = TEXT.index(sentence)
    evidence = Evidence(start=start, end=start + len(sentence), text=sentence, article_id="a", sentence_index=0)
    return EventReport(
        id=f"ev_{event_type}_{start}",
        article_id="a",
        event_type=event_type,
        confidence=confidence,
        evidence=evidence,
        status=status,
        extractor="test",
    )


def test_matching_needs_the_anchor_in_the_sentence_and_the_same_type() -> None:
    gold = _gold(
        [
            GoldEvent(id="e1", type="ASSAULT", anchor="shelled Goris", date={"start": "2022-09-13"}),
            GoldEvent(id="e2", type="REQUEST", anchor="urged restraint"),
        ]
    )
    reports = [
        _report("ASSAULT", "Azerbaijan shelled Goris on Tuesday.", 0.9, EventStatus.REPORTED),
        _report("ASSAULT", "Azerbaijan shelled Goris on Tuesday.", 0.5, EventStatus.REPORTED),  # duplicate: FP
        _report("AGREE", "Russia urged restraint.", 0.8, EventStatus.REPORTED),  # wrong type: FP, e2 FN
        _report("CONSULT", "The talks resumed.", 0.7, EventStatus.REPORTED),  # no gold: FP
    ]
    pairs = match_events(gold, reports)
    matched = [(g.id, p.confidence) for g, p in pairs if g is not None and p is not None]
    assert matched == [("e1", 0.9)]
    result = score_matches([("en", g, p) for g, p in pairs])
    assert result.counts["gold_events"] == 2 and result.counts["predicted"] == 4 and result.counts["matched"] == 1
    assert result.metrics["precision"] == pytest.approx(0.25)
    assert result.metrics["recall"] == pytest.approx(0.5)
    assert result.metrics["f1.ASSAULT"] == pytest.approx(2 / 3)
    assert result.metrics["f1.REQUEST"] == 0.0
    assert result.metrics["macro_f1"] == pytest.approx(1 / 3)
    assert result.metrics["f1.en"] == result.metrics["f1"]
    assert result.metrics["status.acc"] == 1.0
    assert result.metrics["args.date.acc"] == 0.0  # gold 2022-09-13, predicted undated


def test_scorer_is_registered_with_the_sample_gold() -> None:
    assert NAME in scorer_names()


def test_scorer_on_a_small_gold_file_of_the_sample_format(tmp_path: Path) -> None:
    data = yaml.safe_load(sample_gold_path().read_text(encoding="utf-8"))
    keep = ["en_2022-09-14_armenia-death-toll-rises.txt", "es_und_historia-conflicto.txt"]
    if not all(k in data["articles"] for k in keep):
        pytest.skip("the sample gold does not have the articles this test uses")
    data["articles"] = {k: data["articles"][k] for k in keep}
    data["incidents"] = [{**inc, "contradictions": []} for inc in data.get("incidents", [])]
    (tmp_path / "articles").mkdir()
    for name in keep:
        shutil.copy(sample_corpus_dir() / "articles" / name, tmp_path / "articles" / name)
    gold = tmp_path / "gold.yaml"
    gold.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_gold(gold)  # the file is valid gold
    [result] = run_scorers(load_settings(environ={}), names=[NAME], gold=gold)
    n_gold = sum(len(a["events"]) for a in data["articles"].values())
    assert result.counts["gold_events"] == n_gold
    assert result.counts["matched"] >= n_gold // 3
    assert 0.0 < result.metrics["f1"] <= 1.0
    assert {"f1.en", "f1.es", "macro_f1", "status.acc", "args.date.acc", "args.actors.f1"} <= set(result.metrics)
