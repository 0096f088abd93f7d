"""Multilingual event classification of sentences: trained heads, combined with trigger cues for the PLOVER type.

The trained heads (``heads.HeadSet``: PLOVER type, ACLED sub-event type, mode, status; trained on the annotated
corpus by ``scripts/train_event_classifier.py``, weights in ``resources/ontology/event_heads.npz``) read the
USE-multilingual embedding and hashed word n-grams of a sentence.  For the PLOVER type, the head's probability
``p(t)`` is combined with the trigger cues of the sentence's language::

    score(t) = (1 - w) * p(t) + w * trigger(t)

``trigger(t)`` is 1 when a cue of ``t`` occurs in the sentence, else 0; ``w`` is ``ExtractSettings.trigger_weight``.
The ACLED sub-event type of a sentence's main event is the ACLED head's best label when it is confident enough,
else (and for the other events) the head's best label among those the event's PLOVER type can take
(``Ontology.acled_candidates``), or none when the head prefers ``NONE``; the mode is the mode head's best among
the type's modes.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import NamedTuple

import numpy as np

from eventcoder.errors import ModelUnavailableError
from eventcoder.extract.features import FloatArray, SentenceEncoder
from eventcoder.extract.heads import HeadSet
from eventcoder.extract.ontology import NONE, Ontology
from eventcoder.extract.triggers import TriggerFinder, TriggerHit
from eventcoder.settings import ExtractSettings

__all__ = [
    "EventTypeClassifier",
    "SentenceEncoder",
    "SentenceScores",
    "TriggerFinder",
    "TriggerHit",
    "default_weights_path",
]


def default_weights_path() -> Path:
    """The packaged classifier heads (``resources/ontology/event_heads.npz``)."""
    return Path(str(files("eventcoder.resources").joinpath("ontology", "event_heads.npz")))


class SentenceScores(NamedTuple):
    """Everything the classifier says about a batch of sentences (rows in batch order)."""

    plover: FloatArray  # (n, 16) combined scores, in ``EventTypeClassifier.types`` order
    hits: list[list[TriggerHit]]
    acled: FloatArray  # (n, len(acled_labels)) probabilities
    mode: FloatArray  # (n, len(mode_labels)) probabilities
    status: FloatArray  # (n, len(status_labels)) probabilities

    def rows(self, start: int, stop: int) -> SentenceScores:
        """The scores of sentences ``start``..``stop - 1`` of the batch."""
        return SentenceScores(
            self.plover[start:stop],
            self.hits[start:stop],
            self.acled[start:stop],
            self.mode[start:stop],
            self.status[start:stop],
        )


class EventTypeClassifier:
    """PLOVER types, ACLED sub-event types, modes and status of sentences."""

    def __init__(
        self,
        settings: ExtractSettings,
        *,
        encoder: SentenceEncoder | None = None,
        triggers: TriggerFinder | None = None,
        ontology: Ontology | None = None,
        heads: HeadSet | None = None,
    ) -> None:
        self.settings = settings
        self.ontology = ontology or Ontology()
        path = Path(settings.classifier_weights) if settings.classifier_weights else default_weights_path()
        self.heads = heads or HeadSet.load(path)
        self.types = self.ontology.types
        plover = self.heads.heads["plover"].labels
        unknown = set(plover) - set(self.types) - {NONE}
        if unknown:
            raise ModelUnavailableError(f"classifier weights {path} have unknown labels {sorted(unknown)}")
        self._plover_cols = [plover.index(t) if t in plover else -1 for t in self.types]
        self.acled_labels = self.heads.heads["acled"].labels
        self.mode_labels = self.heads.heads["mode"].labels
        self.status_labels = self.heads.heads["status"].labels
        self.provenance = self.heads.provenance
        self.encoder = encoder or SentenceEncoder(batch_size=settings.embed_batch_size, threads=settings.embed_threads)
        self.triggers = triggers or TriggerFinder(settings, ontology=self.ontology)

    def analyse(self, sentences: Sequence[str], languages: Sequence[str | None] | None = None) -> SentenceScores:
        """All head outputs and trigger hits of a batch (``languages``: one per sentence, or None for any)."""
        n = len(sentences)
        if n:
            embeddings = self.encoder(sentences)
            probs = self.heads.probabilities(embeddings, self.heads.ngrams(sentences))
        else:
            probs = {name: np.zeros((0, len(h.labels))) for name, h in self.heads.heads.items()}
        model = np.zeros((n, len(self.types)))
        for j, col in enumerate(self._plover_cols):
            if col >= 0:
                model[:, j] = probs["plover"][:, col]
        hits = self.triggers(sentences, languages)
        cued = np.zeros_like(model)
        index = {t: j for j, t in enumerate(self.types)}
        for i, sentence_hits in enumerate(hits):
            for hit in sentence_hits:
                cued[i, index[hit.event_type]] = 1.0
        w = self.settings.trigger_weight
        return SentenceScores(
            plover=(1.0 - w) * model + w * cued,
            hits=hits,
            acled=probs["acled"],
            mode=probs["mode"],
            status=probs["status"],
        )

    def scores(
        self, sentences: Sequence[str], languages: Sequence[str | None] | None = None
    ) -> tuple[FloatArray, list[list[TriggerHit]]]:
        """Combined PLOVER scores (n, 16) in ``self.types`` order, and the trigger hits of each sentence."""
        out = self.analyse(sentences, languages)
        return out.plover, out.hits

    def acled_for(
        self, acled_row: FloatArray, event_type: str, *, main: bool = False, cue_mode: str | None = None
    ) -> str | None:
        """ACLED sub-event type of an event of ``event_type`` in a sentence with ACLED-head row ``acled_row``.

        The head's probabilities are combined with the event's trigger cue as for the PLOVER type: when the cue
        names a mode ('bombardeo aéreo': aerial), the sub-event type that mode maps to (``acled.yaml`` rules)
        gets ``trigger_weight``.  For the sentence's ``main`` event, the best sub-event type is used when it
        reaches ``ExtractSettings.acled_head_threshold`` (the head reads the whole sentence, and is right more
        often than the PLOVER type's candidates: dev split, docs/quality-events.md).  Otherwise the best label
        among the type's candidates (``NONE`` among them where the type may be outside ACLED's scope); None when
        ``NONE`` wins or the type has no candidates.
        """
        row = acled_row
        if cue_mode is not None and self.ontology.in_acled_scope(event_type, cue_mode):
            cued = self.ontology.to_acled(event_type, cue_mode).sub_event_type
            if cued in self.acled_labels:
                w = self.settings.trigger_weight
                row = (1.0 - w) * acled_row
                row[self.acled_labels.index(cued)] += w
        if main:
            events = [j for j, lab in enumerate(self.acled_labels) if lab != NONE]
            best = max(events, key=lambda j: (row[j], -j))
            if row[best] >= self.settings.acled_head_threshold:
                return self.acled_labels[best]
        candidates = {NONE if c is None else c for c in self.ontology.acled_candidates(event_type)}
        if not candidates:
            return None
        best = max((j for j, lab in enumerate(self.acled_labels) if lab in candidates), key=lambda j: (row[j], -j))
        label = self.acled_labels[best]
        return None if label == NONE else label

    def acled_event(self, acled_row: FloatArray, plover_row: FloatArray) -> tuple[str, float] | None:
        """A PLOVER type for a sentence the ACLED head reads as an ACLED event although no type reached the
        thresholds: when the head gives ACLED sub-event types at least ``acled_event_threshold`` of its mass, the
        best-scoring PLOVER type that can take its best sub-event type, with that mass as confidence."""
        events = [j for j, lab in enumerate(self.acled_labels) if lab != NONE]
        mass = float(acled_row[events].sum())
        if mass < self.settings.acled_event_threshold:
            return None
        best = self.acled_labels[max(events, key=lambda j: (acled_row[j], -j))]
        fitting = [j for j, t in enumerate(self.types) if best in self.ontology.acled_candidates(t)]
        if not fitting:
            return None
        return self.types[max(fitting, key=lambda j: (plover_row[j], -j))], mass

    def mode_for(self, mode_row: FloatArray, event_type: str) -> str | None:
        """The mode head's best mode of ``event_type`` (None when 'no mode' wins)."""
        prefix = f"{event_type}:"
        cols = [j for j, label in enumerate(self.mode_labels) if label.startswith(prefix)]
        if not cols:
            return None
        best = max(cols, key=lambda j: (mode_row[j], -j))
        mode = self.mode_labels[best][len(prefix) :]
        return None if mode == "_" else mode

    def __call__(self, sentences: Sequence[str]) -> list[list[tuple[str, float]]]:
        """For each sentence, the event types scoring at least the threshold, best first (may be empty)."""
        combined, _ = self.scores(sentences)
        out: list[list[tuple[str, float]]] = []
        for row in combined:
            ranked = sorted(((self.types[j], float(s)) for j, s in enumerate(row)), key=lambda ts: (-ts[1], ts[0]))
            out.append([(t, s) for t, s in ranked if s >= self.settings.event_threshold])
        return out
