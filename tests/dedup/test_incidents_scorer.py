"""The incidents scorers on the sample gold: the oracle run scores the deduplication stage alone."""

from __future__ import annotations

from eventcoder.evaluate import run_scorers, scorer_names
from eventcoder.evaluate.gold import load_gold, sample_gold_path
from eventcoder.evaluate.scorers.incidents import score_incidents
from eventcoder.settings import load_settings


def test_scorers_are_registered() -> None:
    assert {"incidents-sample", "incidents-sample-oracle"} <= set(scorer_names())


def test_oracle_clusters_gold_events_into_the_gold_incidents() -> None:
    (result,) = run_scorers(load_settings(), names=["incidents-sample-oracle"])
    assert result.skipped is None
    assert result.counts["matched_events"] == result.counts["gold_events_in_incidents"] > 50
    assert result.metrics["bcubed_f1"] >= 0.9
    assert result.metrics["figure_accuracy"] >= 0.8
    assert result.metrics["contradiction_r"] >= 0.5


def test_no_incidents_scores_zero() -> None:
    gold = load_gold(sample_gold_path())
    empty = score_incidents(gold, [], {}, scorer="t", gold_path="")
    assert empty.metrics["bcubed_f1"] == 0.0 and empty.metrics["matched"] == 0.0
