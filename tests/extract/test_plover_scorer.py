"""The plover-gsr scorer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventcoder import registry
from eventcoder.errors import EvaluationError
from eventcoder.evaluate import run_scorers, scorer_names
from eventcoder.evaluate.base import shared_eval_data
from eventcoder.evaluate.scorers.plover import PloverGsrScorer, read_gold, score_predictions
from eventcoder.extract.classifier import EventTypeClassifier
from eventcoder.extract.ontology import Ontology
from eventcoder.settings import load_settings

MACRO_F1_FLOOR = 0.39  # measured 0.412 (accuracy 0.491) on the 322 PLOVER_GSR_CAMEO sentences


def test_score_predictions_exact() -> None:
    gold = ["ASSAULT", "ASSAULT", "AGREE", "REQUEST"]
    pred = ["ASSAULT", "AGREE", "AGREE", "REQUEST"]
    res = score_predictions(gold, pred)
    assert res.counts == {"sentences": 4, "correct": 3, "gold_AGREE": 1, "gold_ASSAULT": 2, "gold_REQUEST": 1}
    assert res.metrics["accuracy"] == pytest.approx(0.75)
    assert res.metrics["f1_ASSAULT"] == pytest.approx(2 / 3)  # p=1, r=1/2
    assert res.metrics["f1_AGREE"] == pytest.approx(2 / 3)  # p=1/2, r=1
    assert res.metrics["f1_REQUEST"] == pytest.approx(1.0)
    assert res.metrics["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)


def _write_gold(path: Path) -> Path:
    records = [
        {"id": "X-DOCUMENT-0001", "event": "DOCUMENT", "comment": "header"},
        {"id": "X-1", "event": "FIGHT", "text": "Government artillery shelled rebel positions near the town."},
        {"id": "X-2", "event": "DEMAND", "text": "The UN urged both sides to refrain from further attacks."},
        {"id": "X-3", "event": "CONSULT", "text": "The two foreign ministers held talks in Geneva."},
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def test_read_gold_skips_document_and_normalises(tmp_path: Path) -> None:
    pairs = read_gold(_write_gold(tmp_path / "gold.json"), Ontology())
    assert [g for _, g in pairs] == ["ASSAULT", "REQUEST", "CONSULT"]


def test_scorer_on_tiny_file(tmp_path: Path) -> None:
    assert "plover-gsr" in scorer_names()
    res = run_scorers(load_settings(environ={}), names=["plover-gsr"], gold=_write_gold(tmp_path / "gold.json"))[0]
    assert res.scorer == "plover-gsr"
    assert res.counts["sentences"] == 3
    # the scorer counts what the classifier says (its best type per sentence), not a fixed answer
    clf = EventTypeClassifier(load_settings(environ={}).extract)
    texts = [t for t, _ in read_gold(_write_gold(tmp_path / "again.json"), Ontology())]
    best = [clf.types[int(row.argmax())] for row in clf.scores(texts)[0]]
    correct = sum(b == g for b, g in zip(best, ["ASSAULT", "REQUEST", "CONSULT"], strict=True))
    assert res.counts["correct"] == correct >= 2  # shelling and talks are unambiguous
    assert res.metrics["accuracy"] == pytest.approx(correct / 3)
    assert res.metrics["detected"] == 1.0


def test_bad_gold_file_raises(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    scorer = registry.scorers.get("plover-gsr")(load_settings(environ={}))  # type: ignore[operator]
    with pytest.raises(EvaluationError):
        scorer(bad)


@pytest.mark.shared
def test_scorer_on_plover_gsr_above_floor() -> None:
    if shared_eval_data() is None:
        pytest.skip("../shared/eval-data not available: PLOVER gold-standard records absent")
    scorer = PloverGsrScorer(load_settings(environ={}))
    gold = scorer.default_gold()
    assert gold is not None
    res = scorer(gold)
    assert res.counts["sentences"] == 322
    assert res.metrics["macro_f1"] >= MACRO_F1_FLOOR
    assert res.metrics["accuracy"] >= 0.45
