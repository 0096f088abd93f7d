"""Training the actor tagger and typer from the annotated corpus (used by scripts/train_role_tagger.py).

Every annotated event with a trigger gives one tagger sequence (its sentence's tokens, labelled with the BIO tags of
its actors' roles) and one typer row per actor (the actor's span, labelled with its ACLED inter code).  Events of
every status train: who did what to whom reads the same in a denial or a plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import numpy as np

from eventcoder.evaluate.event_corpus import CorpusEvent, CorpusItem
from eventcoder.evaluate.train_events import corpus_digest
from eventcoder.extract.heads import Head, TrainConfig, fit_head
from eventcoder.extract.role_tagger import (
    ACTOR_CODES,
    ANCHOR_LABELS,
    ROLE_LABELS,
    RoleModel,
    RoleTrainConfig,
    Token,
    anchor_features,
    hash_rows,
    span_features,
    token_features,
    token_span,
    tokenize,
)

__all__ = ["EventSequence", "anchor_sequences", "event_sequences", "train_role_model"]


class EventSequence(NamedTuple):
    """One annotated event as the tagger sees it."""

    item: CorpusItem
    event: CorpusEvent
    tokens: list[Token]
    trigger: tuple[int, int]
    labels: list[int]
    actors: list[tuple[int, int, str, int]]
    """(first token, last token, role, inter code) of each actor."""


def event_sequences(items: Sequence[CorpusItem]) -> Iterator[EventSequence]:
    """The tagger sequence of every event of ``items`` whose trigger and actors fall on tokens."""
    for item in items:
        tokens = tokenize(item.text)
        for event in item.events:
            trigger = token_span(tokens, event.trigger.start, event.trigger.end)
            if trigger is None:
                continue
            labels = [0] * len(tokens)
            actors: list[tuple[int, int, str, int]] = []
            for actor in event.actors:
                span = token_span(tokens, actor.span.start, actor.span.end)
                if span is None or (span[0] <= trigger[1] and trigger[0] <= span[1]):
                    continue  # an actor inside its own trigger ('the RSF shelling') is left to the rules
                role = str(actor.role)
                labels[span[0]] = ROLE_LABELS.index("B-" + role)
                for k in range(span[0] + 1, span[1] + 1):
                    labels[k] = ROLE_LABELS.index("I-" + role)
                actors.append((span[0], span[1], role, actor.acled_type))
            yield EventSequence(item, event, tokens, trigger, labels, actors)


def anchor_sequences(items: Sequence[CorpusItem]) -> Iterator[tuple[CorpusItem, str, list[Token], list[int]]]:
    """(item, PLOVER type, tokens, O/B/I labels) for each type of event in each item: its triggers are B/I."""
    for item in items:
        tokens = tokenize(item.text)
        by_type: dict[str, list[int]] = {}
        for event in item.events:
            where = token_span(tokens, event.trigger.start, event.trigger.end)
            if where is None:
                continue
            labels = by_type.setdefault(event.plover, [0] * len(tokens))
            labels[where[0]] = 1
            for k in range(where[0] + 1, where[1] + 1):
                labels[k] = 2
        for event_type, labels in by_type.items():
            yield item, event_type, tokens, labels


def train_role_model(
    items: Sequence[CorpusItem], config: RoleTrainConfig, *, provenance: dict[str, Any] | None = None
) -> RoleModel:
    """Train the tagger and the typer on ``items``; deterministic for the same data, settings and BLAS threads."""
    tag_rows: list[list[str]] = []
    tag_y: list[int] = []
    type_rows: list[list[str]] = []
    type_y: list[int] = []
    for seq in event_sequences(items):
        tag_rows += token_features(seq.tokens, seq.trigger, seq.event.plover, seq.item.lang)
        tag_y += seq.labels
        for first, last, role, code in seq.actors:
            type_rows.append(span_features(seq.tokens, (first, last), role, seq.event.plover))
            type_y.append(code - 1)
    c = config
    tagger = _fit(ROLE_LABELS, tag_rows, tag_y, c.tagger_buckets, c.tagger_iterations, c.learning_rate, c.l2,
                  c.class_balance)  # fmt: skip
    typer = _fit(ACTOR_CODES, type_rows, type_y, c.typer_buckets, c.typer_iterations, c.typer_learning_rate,
                 c.typer_l2, 0.0)  # fmt: skip
    anchor_rows: list[list[str]] = []
    anchor_y: list[int] = []
    for item, event_type, tokens, labels in anchor_sequences(items):
        anchor_rows += anchor_features(tokens, event_type, item.lang)
        anchor_y += labels
    anchor = _fit(ANCHOR_LABELS, anchor_rows, anchor_y, c.anchor_buckets, c.anchor_iterations, c.learning_rate,
                  c.l2, c.class_balance)  # fmt: skip
    record = {
        "corpus_sha256": corpus_digest(items),
        "items": len(items),
        "tokens": len(tag_y),
        "actors": len(type_y),
        "trained": dt.date.today().isoformat(),
        **(provenance or {}),
    }
    return RoleModel(tagger, typer, anchor, config, record)


def _fit(
    labels: Sequence[str],
    rows: list[list[str]],
    y: list[int],
    buckets: int,
    iterations: int,
    rate: float,
    l2: float,
    balance: float,
) -> Head:
    """One sparse-only head (hashed feature rows, float32 training) with class indices ``y``."""
    config = TrainConfig(buckets=buckets, use_dense=False, sparse_scale=1.0, iterations=iterations,
                         learning_rate=rate, l2=l2, class_balance=balance, single_precision=True)  # fmt: skip
    return fit_head(labels, np.zeros((len(y), 0)), hash_rows(rows, buckets), np.asarray(y, dtype=np.int64), config)
