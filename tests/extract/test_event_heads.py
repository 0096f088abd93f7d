"""The shipped event-classifier heads: what they were trained on, and that the training script rebuilds them."""

from __future__ import annotations

import numpy as np
import pytest

from eventcoder.evaluate.event_corpus import load_corpus
from eventcoder.evaluate.train_events import SHIPPED_SPLITS, corpus_digest, head_labels, train_heads
from eventcoder.extract.classifier import default_weights_path
from eventcoder.extract.features import SentenceEncoder, hashed_ngrams
from eventcoder.extract.heads import HEADS, HeadSet, TrainConfig, fit_head
from eventcoder.settings import load_settings


@pytest.fixture(scope="module")
def shipped() -> HeadSet:
    return HeadSet.load(default_weights_path())


def test_shipped_heads_were_trained_on_the_current_corpus_without_its_test_split(shipped: HeadSet) -> None:
    items = load_corpus(splits=SHIPPED_SPLITS)
    assert shipped.provenance["corpus_sha256"] == corpus_digest(items), "corpus changed: rerun the training script"
    assert shipped.provenance["splits"] == ["dev", "train"]
    assert {name: h.labels for name, h in shipped.heads.items()} == head_labels()


def test_training_learns_a_separable_toy_problem() -> None:
    texts = ["troops shelled the town", "artillery shelled the city", "protesters marched", "students marched"]
    emb = np.zeros((4, 512))
    y = np.array([0, 0, 1, 1], dtype=np.int64)
    config = TrainConfig(iterations=60, buckets=256)
    head = fit_head(("ASSAULT", "PROTEST"), emb, hashed_ngrams(texts, buckets=256), y, config)
    test = hashed_ngrams(["they shelled it", "they marched"], buckets=256)
    probs = head.probabilities(np.zeros((2, 512)), test, sparse_scale=config.sparse_scale)
    assert list(probs.argmax(axis=1)) == [0, 1]


@pytest.mark.slow
def test_training_script_rebuilds_the_shipped_heads(shipped: HeadSet) -> None:
    settings = load_settings(environ={}).extract
    items = load_corpus(splits=SHIPPED_SPLITS)
    rebuilt = train_heads(items, encoder=SentenceEncoder(batch_size=settings.embed_batch_size), config=shipped.config)
    for name in HEADS:
        new, old = rebuilt.heads[name], shipped.heads[name]
        assert new.labels == old.labels
        # same data, settings and code: equal up to float summation order (BLAS threads) and float16 storage
        np.testing.assert_allclose(new.dense.astype(np.float32), old.dense, rtol=1e-3, atol=1e-3)
        np.testing.assert_allclose(new.bias.astype(np.float32), old.bias, rtol=1e-3, atol=1e-3)
        np.testing.assert_allclose(new.sparse.astype(np.float16).astype(np.float64), old.sparse, rtol=2e-3, atol=2e-3)
