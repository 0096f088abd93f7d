"""Evaluation: scorers against gold data, and the gate against recorded baselines.

Scorers live one per module in ``eventcoder.evaluate.scorers`` and register
themselves in ``eventcoder.registry.scorers``; every module of that package is
imported here, so adding a scorer is adding a module.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from eventcoder import registry
from eventcoder.errors import EvaluationError
from eventcoder.evaluate.base import ErrorCount, Regression, Scorer, ScoreSet, compare_to_baseline, load_baseline
from eventcoder.settings import Settings

__all__ = [
    "ErrorCount",
    "Regression",
    "ScoreSet",
    "Scorer",
    "compare_to_baseline",
    "load_baseline",
    "run_scorers",
    "scorer_names",
]


def _load_builtin_scorers() -> None:
    from eventcoder.evaluate import scorers

    for info in pkgutil.iter_modules(scorers.__path__):
        importlib.import_module(f"{scorers.__name__}.{info.name}")


def scorer_names() -> list[str]:
    """Names of every available scorer."""
    _load_builtin_scorers()
    return registry.scorers.names()


def run_scorers(settings: Settings, *, names: list[str] | None = None, gold: Path | None = None) -> list[ScoreSet]:
    """Run the named scorers (all when None) and return their results in name order.

    ``gold`` replaces the default gold file; it needs exactly one scorer name.
    A scorer whose default gold is absent returns a ScoreSet with ``skipped``.
    """
    _load_builtin_scorers()
    chosen = names or registry.scorers.names()
    if gold is not None and len(chosen) != 1:
        raise EvaluationError("--gold needs exactly one scorer name")
    results: list[ScoreSet] = []
    for name in chosen:
        factory = registry.scorers.get(name)
        scorer: Scorer = factory(settings)  # type: ignore[operator]
        path = gold if gold is not None else scorer.default_gold()
        if path is None:
            results.append(
                ScoreSet(scorer=name, gold="", skipped="gold data not available (../shared/eval-data absent?)")
            )
            continue
        if not Path(str(path).partition("#")[0]).exists():  # 'file#part': a part of the file (e.g. '#dev')
            raise EvaluationError(f"gold file not found: {path}")
        results.append(scorer(path))
    return results
