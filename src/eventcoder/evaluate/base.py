"""What a scorer is, where gold data lives, and the baseline gate.

A scorer is a class registered in ``eventcoder.registry.scorers`` under its
name.  It is built with the settings and called with the path of a gold file
of its format; it returns a ``ScoreSet``.  ``eventcoder evaluate SCORER --gold
PATH`` therefore runs it on any file of the same format, not only ours.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from pydantic import Field

from eventcoder.models import Article, Claim, EventReport, Record
from eventcoder.settings import Settings

__all__ = [
    "ErrorCount",
    "Regression",
    "ScoreSet",
    "Scorer",
    "compare_to_baseline",
    "extract_articles",
    "load_baseline",
    "prf",
    "shared_eval_data",
]

TOLERANCE = 1e-3  # scores are deterministic; this only absorbs float formatting


class ErrorCount(Record):
    """One error string of a scorer's listing: how often it occurred, with one example of it."""

    text: str = Field(description="The error's text as it reads in the gold or the output (lower-cased).")
    count: int = Field(ge=1)
    example: str | None = Field(default=None, description="One occurrence, e.g. 'gold 2009-Q4, got 2009'.")


class ScoreSet(Record):
    """The result of one scorer on one gold file."""

    scorer: str
    gold: str = Field(description="Path of the gold file scored against.")
    metrics: dict[str, float] = Field(default_factory=dict, description="Metric name -> value in [0, 1] or count.")
    counts: dict[str, int] = Field(default_factory=dict, description="Supporting counts (gold items, predictions...).")
    skipped: str | None = Field(default=None, description="Why the scorer did not run (e.g. gold data absent).")
    errors: dict[str, list[ErrorCount]] = Field(
        default_factory=dict,
        description="Error kind ('missed', 'spurious', 'wrong_value'...) -> its most frequent error strings, "
        "most frequent first (where the next person should look).",
    )


class Scorer(Protocol):
    """The shape every scorer has."""

    name: str
    description: str

    def __init__(self, settings: Settings) -> None: ...

    def default_gold(self) -> Path | None:
        """The gold file used when none is given, or None when it is not available here."""

    def __call__(self, gold: Path) -> ScoreSet:
        """Score the system against ``gold``."""


def shared_eval_data() -> Path | None:
    """Folder of the public gold sets (``../shared/eval-data``), or None when absent.

    Looked for in ``$EVENTCODER_EVAL_DATA``, then beside the current directory's
    repository and beside the package's source checkout.
    """
    env = os.environ.get("EVENTCODER_EVAL_DATA")
    if env:
        return Path(env) if Path(env).is_dir() else None
    starts = [Path.cwd(), Path(__file__).resolve()]
    for start in starts:
        for parent in [start, *start.parents]:
            candidate = parent.parent / "shared" / "eval-data"
            if (parent / "pyproject.toml").exists() and candidate.is_dir():
                return candidate
    return None


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


class Regression(Record):
    """A metric that fell below its recorded baseline."""

    scorer: str
    metric: str
    baseline: float
    value: float | None = Field(description="None when the metric was not produced at all.")


def load_baseline(path: Path) -> dict[str, dict[str, float]]:
    """Read ``evaluation/baseline.json``: {scorer: {metric: minimum}}."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: {m: float(v) for m, v in ms.items()} for k, ms in data.get("scores", {}).items()}


def compare_to_baseline(results: list[ScoreSet], baseline: Mapping[str, Mapping[str, float]]) -> list[Regression]:
    """Metrics of scorers that ran and fell below the baseline (skipped scorers are not regressions)."""
    out: list[Regression] = []
    for res in results:
        if res.skipped is not None or res.scorer not in baseline:
            continue
        for metric, floor in baseline[res.scorer].items():
            value = res.metrics.get(metric)
            if value is None or value < floor - TOLERANCE:
                out.append(Regression(scorer=res.scorer, metric=metric, baseline=floor, value=value))
    return out


def extract_articles(settings: Settings, articles: Sequence[Article]) -> list[tuple[list[EventReport], list[Claim]]]:
    """Language analysis, resolution and extraction of ``articles``, the stages the pipeline runs, in order."""
    from eventcoder.extract import Extractor
    from eventcoder.nlp import Analyser
    from eventcoder.resolve import Resolver

    analyses = Analyser(settings.nlp)(articles)
    resolutions = Resolver(settings.resolve)(list(zip(articles, analyses, strict=True)))
    return Extractor(settings.extract)(list(zip(articles, analyses, resolutions, strict=True)))
