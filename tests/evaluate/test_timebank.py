"""The TimeBank timex scorer: exact figures on a small hand-made file, and the floor on the public test sets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eventcoder import registry
from eventcoder.errors import EvaluationError
from eventcoder.evaluate.base import shared_eval_data
from eventcoder.evaluate.scorers.timebank import TimebankScorer, normalise_value, read_timebank
from eventcoder.settings import load_settings

# Gold: yesterday (strict, right value), March 5 (strict, wrong value), weeks (overlap only, right value),
# the weekend (strict, wrong value: the tagger reads the weekend before the DCT), tonight (a TIME: strict, right
# after dropping TNI).  "today" is not gold: a false positive.
SMALL = """*!-DCTVALUE="2022-09-14"-!*\tO\t-

They\tO\t-
met\tO\t-
yesterday\tB-DATE\t2022-09-13
and\tO\t-
on\tO\t-
March\tB-DATE\t2022-03-06
5\tI-DATE\t2022-03-06
.\tO\t-

It\tO\t-
lasted\tO\t-
six\tO\t-
weeks\tB-DURATION\tP6W
,\tO\t-
not\tO\t-
the\tB-DATE\t2022-W37-WE
weekend\tI-DATE\t2022-W37-WE
.\tO\t-

We\tO\t-
talk\tO\t-
today\tO\t-
and\tO\t-
tonight\tB-TIME\t2022-09-14TNI
.\tO\t-
"""


def _scorer(name: str) -> TimebankScorer:
    import eventcoder.evaluate.scorers.timebank  # noqa: F401 - registers the scorers

    factory = registry.scorers.get(name)
    scorer = factory(load_settings(environ={}))  # type: ignore[operator]
    assert isinstance(scorer, TimebankScorer)
    return scorer


def test_reader_keeps_token_offsets(tmp_path: Path) -> None:
    gold = tmp_path / "en" / "small.tsv"
    gold.parent.mkdir()
    gold.write_text(SMALL, encoding="utf-8")
    [doc] = read_timebank(gold)
    assert [(doc.text[s:e], v) for s, e, v in doc.timexes] == [
        ("yesterday", "2022-09-13"),
        ("March 5", "2022-03-06"),
        ("weeks", "P6W"),
        ("the weekend", "2022-W37-WE"),
        ("tonight", "2022-09-14TNI"),
    ]


def test_small_file_exact_scores(tmp_path: Path) -> None:
    gold = tmp_path / "en" / "small.tsv"
    gold.parent.mkdir()
    gold.write_text(SMALL, encoding="utf-8")
    result = _scorer("timebank")(gold)
    assert result.counts == {
        "docs": 1,
        "gold": 5,
        "predicted": 6,
        "strict_tp": 4,
        "relaxed_tp": 5,
        "value_correct": 3,
        "gold.DATE": 3,
        "predicted.DATE": 4,
        "gold.TIME": 1,
        "predicted.TIME": 1,
        "gold.DURATION": 1,
        "predicted.DURATION": 1,
        "gold.SET": 0,
        "predicted.SET": 0,
    }
    m = result.metrics
    assert (m["detect_strict_p"], m["detect_strict_r"], m["detect_strict_f1"]) == (0.6667, 0.8, 0.7273)
    assert (m["detect_relaxed_p"], m["detect_relaxed_r"], m["detect_relaxed_f1"]) == (0.8333, 1.0, 0.9091)
    assert (m["value_accuracy"], m["value_p"], m["value_r"], m["value_f1"]) == (0.6, 0.5, 0.6, 0.5455)


def test_small_file_per_type_figures_and_error_strings(tmp_path: Path) -> None:
    gold = tmp_path / "en" / "small.tsv"
    gold.parent.mkdir()
    gold.write_text(SMALL, encoding="utf-8")
    result = _scorer("timebank")(gold)
    m = result.metrics
    # DATE: 3 gold, all found, 1 right (yesterday); 4 predicted, 3 matched, 1 right.
    assert (m["detect_relaxed_p.DATE"], m["detect_relaxed_r.DATE"]) == (0.75, 1.0)
    assert (m["value_p.DATE"], m["value_r.DATE"], m["value_f1.DATE"]) == (0.25, 0.3333, 0.2857)
    assert (m["value_p.TIME"], m["value_r.TIME"], m["value_p.DURATION"], m["value_r.DURATION"]) == (1.0, 1.0, 1.0, 1.0)
    assert (m["value_f1.SET"], m["type_accuracy"]) == (0.0, 1.0)
    listed = {kind: [(e.text, e.count) for e in errors] for kind, errors in result.errors.items()}
    assert listed == {"spurious": [("today", 1)], "wrong_value": [("march 5", 1), ("the weekend", 1)]}
    assert result.errors["wrong_value"][0].example == "gold 2022-03-06, got 2022-03-05 for 'March 5'"


def test_error_listing_keeps_the_most_frequent_first(tmp_path: Path) -> None:
    doc = '*!-DCTVALUE="2022-09-14"-!*\tO\t-\n\n' + "".join(
        f"{word}\tO\t-\n.\tO\t-\n\n" for word in ["today"] * 3 + ["now"] * 2 + [f"{n} weeks" for n in range(2, 30)]
    )
    gold = tmp_path / "en" / "many.tsv"
    gold.parent.mkdir()
    gold.write_text(doc, encoding="utf-8")
    spurious = _scorer("timebank")(gold).errors["spurious"]
    assert len(spurious) == 20
    assert [(e.text, e.count) for e in spurious[:2]] == [("today", 3), ("now", 2)]


def test_cli_prints_and_writes_the_per_type_figures_and_error_strings(tmp_path: Path) -> None:
    gold = tmp_path / "en" / "small.tsv"
    gold.parent.mkdir()
    gold.write_text(SMALL, encoding="utf-8")
    out = tmp_path / "results.json"
    args = [sys.executable, "-m", "eventcoder.cli", "evaluate", "timebank", "--gold", str(gold), "-o", str(out)]
    r = subprocess.run(args, capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    assert "value_f1.DATE" in r.stdout and "most frequent wrong value" in r.stdout and "the weekend" in r.stdout
    [result] = json.loads(out.read_text(encoding="utf-8"))["results"]
    assert result["errors"]["spurious"] == [{"text": "today", "count": 1, "example": "DATE 2022-09-14"}]


def test_language_comes_from_the_gold_path(tmp_path: Path) -> None:
    scorer = _scorer("timebank")
    assert scorer.language_for(tmp_path / "es" / "x.tsv") == "es"
    assert scorer.language_for(tmp_path / "x.tsv") == "en"
    assert _scorer("timebank-es").language_for(tmp_path / "x.tsv") == "es"


def test_malformed_file_is_an_evaluation_error(tmp_path: Path) -> None:
    gold = tmp_path / "bad.tsv"
    gold.write_text("no dct here\tO\t-\n", encoding="utf-8")
    with pytest.raises(EvaluationError):
        _scorer("timebank")(gold)


@pytest.mark.parametrize(
    ("raw", "norm"), [("2000-09-14TNI", "2000-09-14"), ("198", "198X"), ("present_ref", "PRESENT_REF")]
)
def test_value_normalisation(raw: str, norm: str) -> None:
    assert normalise_value(raw) == norm


@pytest.mark.shared
@pytest.mark.parametrize("name", ["timebank", "timebank-es"])
def test_public_test_sets_reach_the_floor(name: str) -> None:
    if shared_eval_data() is None:
        pytest.skip("shared eval data (../shared/eval-data) not available")
    scorer = _scorer(name)
    gold = scorer.default_gold()
    if gold is None:
        pytest.skip("temporal/timebank test file not in the shared eval data")
    result = scorer(gold)
    assert result.metrics["value_f1"] >= 0.70, result.metrics
