"""The NER scorers on tiny hand-written gold files (exact figures) and on the public test sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventcoder.evaluate.base import shared_eval_data
from eventcoder.evaluate.scorers.ner import (
    Conll2002SpanishScorer,
    HaremPortugueseScorer,
    read_conll,
    read_harem,
    score_spans,
)
from eventcoder.settings import Settings, load_settings


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings(environ={})


def test_score_spans_counts() -> None:
    gold = [{(0, 4, "LOC"), (7, 12, "ORG"), (20, 25, "MISC")}]
    predicted = [{(0, 4, "LOC"), (7, 12, "LOC"), (30, 33, "PER")}]
    m = score_spans(gold, predicted)
    assert (m["tp"], m["fp"], m["fn"]) == (1, 2, 1)
    assert m["precision"] == pytest.approx(1 / 3)
    assert m["recall"] == pytest.approx(1 / 2)
    assert m["f1"] == pytest.approx(0.4)


def test_read_conll(tmp_path: Path) -> None:
    path = tmp_path / "tiny.conll"
    path.write_text("La DA B-LOC\nCoruña NC I-LOC\n, Fc O\nEFE NP B-ORG\n\nHola X O\n", encoding="utf-8")
    docs = read_conll(path)
    assert docs[0] == ("La Coruña , EFE", {(0, 9, "LOC"), (12, 15, "ORG")})
    assert docs[1] == ("Hola", set())


def test_conll_scorer_exact(tmp_path: Path, settings: Settings) -> None:
    # the gazetteer decides these labels: Bakú/Moscú LOC, OSCE ORG; gold calls Moscú an ORG on purpose
    path = tmp_path / "tiny.conll"
    path.write_text("Bakú NP B-LOC\ny CC O\nMoscú NP B-ORG\ncon SP O\nla DA O\nOSCE NP B-ORG\n. Fp O\n\n", "utf-8")
    result = Conll2002SpanishScorer(settings)(path)
    assert result.counts["tp"] == 2 and result.counts["fp"] == 1 and result.counts["fn"] == 1
    assert result.metrics["precision"] == pytest.approx(2 / 3)
    assert result.metrics["recall"] == pytest.approx(2 / 3)
    assert result.metrics["f1"] == pytest.approx(2 / 3)
    assert result.metrics["f1_LOC"] == pytest.approx(2 / 3)


def test_harem_scorer_exact(tmp_path: Path, settings: Settings) -> None:
    text = "Baku e Moscou com a OSCE em 2020."
    entities = [
        {"entity_id": "0", "text": "Baku", "label": "LOCAL", "start_offset": 0, "end_offset": 4},
        {"entity_id": "1", "text": "Moscou", "label": "PESSOA", "start_offset": 7, "end_offset": 13},
        {"entity_id": "2", "text": "OSCE", "label": "ORGANIZACAO", "start_offset": 20, "end_offset": 24},
        {"entity_id": "3", "text": "2020", "label": "TEMPO", "start_offset": 28, "end_offset": 32},
    ]
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps([{"doc_id": "d1", "doc_text": text, "entities": entities}]), encoding="utf-8")
    assert read_harem(path)[0][1] == {(0, 4, "LOC"), (7, 13, "PER"), (20, 24, "ORG")}
    result = HaremPortugueseScorer(settings)(path)
    assert (result.counts["tp"], result.counts["fp"], result.counts["fn"]) == (2, 1, 1)
    assert result.metrics["f1"] == pytest.approx(2 / 3)


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize(
    ("scorer", "naive_f1"),
    [(Conll2002SpanishScorer, 0.612), (HaremPortugueseScorer, 0.326)],
    ids=["conll2002-es", "miniharem-pt"],
)
def test_public_test_sets_beat_naive_baseline(settings: Settings, scorer: type, naive_f1: float) -> None:
    if shared_eval_data() is None:
        pytest.skip("../shared/eval-data is absent (set EVENTCODER_EVAL_DATA to run)")
    instance = scorer(settings)
    gold = instance.default_gold()
    assert gold is not None
    result = instance(gold)
    assert result.metrics["f1"] > naive_f1 + 0.03, result.metrics
