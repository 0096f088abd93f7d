"""The evaluation gate: every scorer runs, and none may fall below evaluation/baseline.json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from eventcoder.evaluate import compare_to_baseline, load_baseline, run_scorers, scorer_names
from eventcoder.evaluate.base import ScoreSet
from eventcoder.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "evaluation" / "baseline.json"


def test_compare_to_baseline_flags_drops_and_missing_metrics() -> None:
    results = [
        ScoreSet(scorer="a", gold="g", metrics={"f1": 0.70, "p": 0.9}),
        ScoreSet(scorer="b", gold="", skipped="absent"),
    ]
    base = {"a": {"f1": 0.75, "p": 0.9, "r": 0.5}, "b": {"f1": 0.99}}
    regs = compare_to_baseline(results, base)
    assert [(r.scorer, r.metric, r.value) for r in regs] == [("a", "f1", 0.70), ("a", "r", None)]


def test_baseline_names_only_existing_scorers() -> None:
    base = load_baseline(BASELINE)
    assert base, "evaluation/baseline.json records no scores"
    assert set(base) <= set(scorer_names())


def test_no_score_below_its_baseline() -> None:
    """The gate itself: this test fails when a change makes any measured score worse."""
    base = load_baseline(BASELINE)
    results = run_scorers(load_settings(environ={}))
    by_name = {r.scorer: r for r in results}
    for name in base:
        assert name in by_name
    regressions = compare_to_baseline(results, base)
    assert not regressions, "\n".join(f"{r.scorer}.{r.metric}: {r.value} < baseline {r.baseline}" for r in regressions)


def test_cli_exits_6_when_a_score_is_below_baseline(tmp_path: Path) -> None:
    name = "ingest-sample"
    strict = tmp_path / "baseline.json"
    strict.write_text(json.dumps({"scores": {name: {"accepted_rate": 1.5}}}))
    r = subprocess.run(
        [sys.executable, "-m", "eventcoder.cli", "evaluate", name, "--baseline", str(strict)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert r.returncode == 6, r.stderr
    assert "below baseline" in r.stderr
