"""Scorer ``events-corpus``: the event classifier on the annotated corpus's test split (or any file of its format).

Gold: a folder of corpus batches (``resources/corpus/events/batches``; its **test** split is scored) or one
``.jsonl`` file of the same format (every item is scored).  Each item is one sentence or snippet, classified as a
whole by the trained heads with the trigger cues of its language, the way the extract stage sees a sentence:

- the item **holds an event** when its best combined PLOVER score reaches ``ExtractSettings.event_threshold``
  (``untriggered_threshold`` when no trigger cue of that type occurs, as in the extract stage) and the status
  head's best label is ``reported`` (gold: the item has a reported event), or, failing that, when the ACLED head
  reads an ACLED event (``EventTypeClassifier.acled_event``);
- its **PLOVER type** is the best-scoring type, its **ACLED sub-event type** that of the sentence's main event
  (``EventTypeClassifier.acled_for`` with ``main=True``, as in the extract stage).

Metrics: ``event.precision``/``recall``/``f1`` (detection); ``acled.weighted_f1`` and ``acled.macro_f1`` over
the items whose main gold event has an ACLED sub-event type (weighted by gold support; an item predicted as no
event counts as a miss); ``acled.accuracy``; ``plover.macro_f1`` and ``plover.accuracy`` over items with a gold
event (label event: main reported event, else the first); ``status.accuracy`` on those; and each per language
(``.<lang>``).  ``acled.f1.<sub-event>`` per type.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

from eventcoder import registry
from eventcoder.evaluate.base import ScoreSet, prf
from eventcoder.evaluate.event_corpus import CorpusItem, corpus_dir, load_corpus
from eventcoder.evaluate.train_events import label_event
from eventcoder.extract.classifier import EventTypeClassifier
from eventcoder.extract.triggers import anchor_cue
from eventcoder.settings import Settings

__all__ = ["EventCorpusScorer", "ItemPrediction", "predict_items", "score_items"]

NAME = "events-corpus"


class ItemPrediction(NamedTuple):
    """What the classifier says of one item."""

    event: bool
    plover: str
    acled: str | None
    status: str


def predict_items(clf: EventTypeClassifier, items: Sequence[CorpusItem]) -> list[ItemPrediction]:
    """Classify every item as one sentence."""
    out = clf.analyse([it.text for it in items], [it.lang for it in items])
    preds: list[ItemPrediction] = []
    untriggered = clf.settings.untriggered_threshold
    for i in range(len(items)):
        row = out.plover[i]
        best = int(np.argmax(row))
        plover = clf.types[best]
        status = clf.status_labels[int(np.argmax(out.status[i]))]
        cue = anchor_cue(out.hits[i], plover)
        threshold = clf.settings.event_threshold if cue else max(clf.settings.event_threshold, untriggered)
        found = bool(row[best] >= threshold)
        if not found and (fallback := clf.acled_event(out.acled[i], row)) is not None:
            plover, found, cue = fallback[0], True, anchor_cue(out.hits[i], fallback[0])
        event = found and status == "reported"
        acled = clf.acled_for(out.acled[i], plover, main=True, cue_mode=cue.mode if cue else None) if event else None
        preds.append(ItemPrediction(event, plover, acled, status))
    return preds


def _f1_table(pairs: Iterable[tuple[str, str | None]]) -> tuple[float, float, float, dict[str, float], int]:
    """Weighted F1, macro F1, accuracy, per-label F1 and support over (gold, predicted) pairs."""
    pairs = list(pairs)
    support = Counter(g for g, _ in pairs)
    per: dict[str, float] = {}
    for label in support:
        tp = sum(g == label and p == label for g, p in pairs)
        fp = sum(g != label and p == label for g, p in pairs)
        fn = sum(g == label and p != label for g, p in pairs)
        per[label] = prf(tp, fp, fn)[2]
    n = len(pairs)
    weighted = sum(per[lab] * support[lab] for lab in support) / n if n else 0.0
    macro = sum(per.values()) / len(per) if per else 0.0
    accuracy = sum(g == p for g, p in pairs) / n if n else 0.0
    return weighted, macro, accuracy, per, n


def score_items(items: Sequence[CorpusItem], preds: Sequence[ItemPrediction], *, gold_path: str = "") -> ScoreSet:
    """All metrics of the module docstring."""
    metrics: dict[str, float] = {}
    counts: dict[str, int] = {"items": len(items)}
    groups: list[tuple[str, list[int]]] = [("", list(range(len(items))))]
    for lang in sorted({it.lang for it in items}):
        groups.append((f".{lang}", [i for i, it in enumerate(items) if it.lang == lang]))
    for suffix, idx in groups:
        gold_event = [items[i].main is not None for i in idx]
        pred_event = [preds[i].event for i in idx]
        tp = sum(g and p for g, p in zip(gold_event, pred_event, strict=True))
        fp = sum(p and not g for g, p in zip(gold_event, pred_event, strict=True))
        fn = sum(g and not p for g, p in zip(gold_event, pred_event, strict=True))
        p_, r_, f_ = prf(tp, fp, fn)
        metrics |= {f"event.precision{suffix}": p_, f"event.recall{suffix}": r_, f"event.f1{suffix}": f_}
        acled_pairs = []
        for i in idx:
            main = items[i].main
            if main is not None and main.acled is not None:
                acled_pairs.append((main.acled, preds[i].acled if preds[i].event else None))
        weighted, macro, acc, per, n = _f1_table(acled_pairs)
        metrics |= {f"acled.weighted_f1{suffix}": weighted, f"acled.macro_f1{suffix}": macro}
        metrics[f"acled.accuracy{suffix}"] = acc
        counts[f"acled_items{suffix}"] = n
        if not suffix:
            metrics |= {f"acled.f1.{label}": f for label, f in sorted(per.items())}
        labelled = [(i, label_event(items[i])) for i in idx]
        typed = [(i, ev) for i, ev in labelled if ev is not None]
        weighted, macro, acc, _, n = _f1_table((ev.plover, preds[i].plover) for i, ev in typed)
        metrics |= {f"plover.macro_f1{suffix}": macro, f"plover.accuracy{suffix}": acc}
        status_ok = sum(ev.status == preds[i].status for i, ev in typed)
        metrics[f"status.accuracy{suffix}"] = status_ok / len(typed) if typed else 0.0
        counts[f"typed_items{suffix}"] = n
    return ScoreSet(scorer=NAME, gold=gold_path, metrics=metrics, counts=counts)


@registry.scorers.register(NAME)
class EventCorpusScorer:
    """Event detection, ACLED sub-event and PLOVER type on the annotated corpus's test split."""

    name = NAME
    description = "event detection, ACLED sub-event (weighted F1) and PLOVER type on the event corpus test split"

    def __init__(self, settings: Settings, *, classifier: EventTypeClassifier | None = None) -> None:
        self.settings = settings
        self._classifier = classifier

    def default_gold(self) -> Path | None:
        """The packaged corpus's batch folder (its test split is scored)."""
        path = corpus_dir() / "batches"
        return path if path.is_dir() else None

    def items(self, gold: Path) -> list[CorpusItem]:
        """The items scored: the test split of a folder, every item of a single file."""
        return load_corpus(gold, splits=("test",)) if gold.is_dir() else load_corpus(gold)

    def __call__(self, gold: Path) -> ScoreSet:
        """Classify the gold items and score them."""
        if self._classifier is None:
            self._classifier = EventTypeClassifier(self.settings.extract)
        items = self.items(gold)
        return score_items(items, predict_items(self._classifier, items), gold_path=str(gold))
