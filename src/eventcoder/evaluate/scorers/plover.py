"""Scorer ``plover-gsr``: PLOVER event type of single English sentences.

Gold: the PLOVER gold-standard records derived from the CAMEO manual
(``shared_eval_data()/plover_gsr/PLOVER_GSR_CAMEO.txt``, a JSON list; any file of that format
works). The ``DOCUMENT`` header record is skipped; ``text`` is the sentence and ``event`` the
gold type, older labels (FIGHT, DISAPPROVE, DEMAND, INVESTIGATE) normalised to the current 16
by the ontology. Every gold sentence holds an event, so the prediction is the classifier's
best-scoring type (forced choice, no threshold). Metrics: ``accuracy``, ``macro_f1`` (mean F1
over the types present in the gold file) and ``f1_<TYPE>``; ``detected`` is the share of
sentences whose best score also reaches the reporting threshold.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from eventcoder import registry
from eventcoder.errors import ConfigError, EvaluationError
from eventcoder.evaluate.base import ScoreSet, prf, shared_eval_data
from eventcoder.extract.classifier import EventTypeClassifier
from eventcoder.extract.ontology import Ontology
from eventcoder.settings import Settings

__all__ = ["PloverGsrScorer", "read_gold", "score_predictions"]

NAME = "plover-gsr"


def read_gold(path: Path, ontology: Ontology) -> list[tuple[str, str]]:
    """(sentence, normalised gold type) pairs of a PLOVER gold-standard JSON file."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvaluationError(f"cannot read PLOVER gold file {path}: {exc}") from None
    if not isinstance(records, list):
        raise EvaluationError(f"PLOVER gold file {path} is not a JSON list")
    out: list[tuple[str, str]] = []
    for i, rec in enumerate(records):
        if not isinstance(rec, dict) or "event" not in rec:
            raise EvaluationError(f"PLOVER gold file {path}: record {i} has no 'event'")
        if rec["event"] == "DOCUMENT":
            continue
        try:
            out.append((str(rec["text"]), ontology.normalise(str(rec["event"]))))
        except (KeyError, ConfigError) as exc:
            raise EvaluationError(f"PLOVER gold file {path}: record {i}: {exc}") from None
    return out


def score_predictions(gold: Sequence[str], predicted: Sequence[str], *, gold_path: str = "") -> ScoreSet:
    """Accuracy, macro-F1 over gold types, per-type F1 and counts for single-label predictions."""
    if len(gold) != len(predicted):
        raise EvaluationError("gold and predicted labels differ in length")
    metrics: dict[str, float] = {}
    counts: dict[str, int] = {
        "sentences": len(gold),
        "correct": sum(g == p for g, p in zip(gold, predicted, strict=True)),
    }
    f1s: list[float] = []
    for t in sorted(set(gold)):
        tp = sum(g == t and p == t for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != t and p == t for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == t and p != t for g, p in zip(gold, predicted, strict=True))
        f1 = prf(tp, fp, fn)[2]
        metrics[f"f1_{t}"] = f1
        counts[f"gold_{t}"] = tp + fn
        f1s.append(f1)
    metrics["accuracy"] = counts["correct"] / len(gold) if gold else 0.0
    metrics["macro_f1"] = sum(f1s) / len(f1s) if f1s else 0.0
    return ScoreSet(scorer=NAME, gold=gold_path, metrics=metrics, counts=counts)


@registry.scorers.register(NAME)
class PloverGsrScorer:
    """Event-type classification accuracy on PLOVER gold-standard sentences."""

    name = NAME
    description = "PLOVER event type of English CAMEO-manual sentences (accuracy, macro-F1)"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._classifier: EventTypeClassifier | None = None

    def default_gold(self) -> Path | None:
        """``shared_eval_data()/plover_gsr/PLOVER_GSR_CAMEO.txt``, or None when absent."""
        root = shared_eval_data()
        path = root / "plover_gsr" / "PLOVER_GSR_CAMEO.txt" if root else None
        return path if path is not None and path.is_file() else None

    def __call__(self, gold: Path) -> ScoreSet:
        """Classify every gold sentence and score the best type against the gold type."""
        if self._classifier is None:
            self._classifier = EventTypeClassifier(self.settings.extract)
        clf = self._classifier
        pairs = read_gold(gold, clf.ontology)
        combined, _ = clf.scores([text for text, _ in pairs])
        best = np.argmax(combined, axis=1) if len(pairs) else np.zeros(0, dtype=int)
        predicted = [clf.types[j] for j in best]
        result = score_predictions([g for _, g in pairs], predicted, gold_path=str(gold))
        detected = int(np.sum(combined.max(axis=1) >= self.settings.extract.event_threshold)) if len(pairs) else 0
        metrics = {**result.metrics, "detected": detected / len(pairs) if pairs else 0.0}
        return result.model_copy(update={"metrics": metrics})
