"""Train eventcoder's event classifier heads from the annotated corpus and write the shipped weights.

Reads the corpus (``src/eventcoder/resources/corpus/events/batches``, guidelines in docs/annotation.md), embeds
the items with USE-multilingual v3, adds hashed word n-grams, and trains the heads (PLOVER type, ACLED sub-event
type, mode, status; ``eventcoder.extract.heads``).  The shipped weights are trained on the train and dev splits
with the settings in ``TrainConfig`` (chosen on dev); the test split is never read for training.  Deterministic:
``tests/extract/test_event_heads.py`` retrains and compares with the checked-in file.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python scripts/train_event_classifier.py            # write the weights
    .venv/bin/python scripts/train_event_classifier.py --dev [--set KEY=VALUE ...]       # train on train, score dev
    .venv/bin/python scripts/train_event_classifier.py --transfer                        # leave one language out
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from eventcoder.evaluate.event_corpus import LANGUAGES, CorpusItem, load_corpus
from eventcoder.evaluate.scorers.event_corpus import predict_items, score_items
from eventcoder.evaluate.train_events import SHIPPED_SPLITS, train_heads
from eventcoder.extract.classifier import EventTypeClassifier, default_weights_path
from eventcoder.extract.features import FloatArray, SentenceEncoder
from eventcoder.extract.heads import HeadSet, TrainConfig
from eventcoder.settings import ExtractSettings, load_settings

REPORTED = (
    "event.f1",
    "acled.weighted_f1",
    "acled.macro_f1",
    "plover.macro_f1",
    "status.accuracy",
    *[f"acled.weighted_f1.{lang}" for lang in LANGUAGES],
)


class CachedEncoder(SentenceEncoder):
    """The sentence encoder with a per-text cache (experiments embed the same items many times)."""

    def __init__(self, settings: ExtractSettings, cache: Path | None = None) -> None:
        super().__init__(batch_size=settings.embed_batch_size, threads=1)
        self._cache: dict[str, FloatArray] = {}
        self.path = cache
        if cache is not None and cache.exists():
            with np.load(cache, allow_pickle=False) as data:
                self._cache = dict(zip((str(t) for t in data["texts"]), data["vectors"], strict=True))

    def save(self) -> None:
        """Write the cache file (when one was given)."""
        if self.path is not None:
            texts = sorted(self._cache)
            np.savez(self.path, texts=np.array(texts), vectors=np.array([self._cache[t] for t in texts]))

    def __call__(self, sentences):  # type: ignore[no-untyped-def]
        todo = [s for s in dict.fromkeys(sentences) if s not in self._cache]
        if todo:
            for s, v in zip(todo, super().__call__(todo), strict=True):
                self._cache[s] = v
        return np.array([self._cache[s] for s in sentences]) if sentences else np.zeros((0, self.dimension))


def train(items: list[CorpusItem], encoder: SentenceEncoder, config: TrainConfig) -> HeadSet:
    """Train the heads on ``items``."""
    provenance = {
        "script": "scripts/train_event_classifier.py",
        "corpus": "src/eventcoder/resources/corpus/events/batches (docs/annotation.md)",
        "splits": sorted({it.split for it in items}),
        "not_trained_on": "the corpus test split; PLOVER_GSR_CAMEO.txt; the sample corpus gold",
    }
    return train_heads(items, encoder=encoder, config=config, provenance=provenance)


def evaluate(
    heads: HeadSet, items: list[CorpusItem], encoder: SentenceEncoder, settings: ExtractSettings
) -> dict[str, float]:
    """Scores of ``heads`` on ``items``."""
    clf = EventTypeClassifier(settings, encoder=encoder, heads=heads)
    return score_items(items, predict_items(clf, items)).metrics


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=default_weights_path())
    parser.add_argument("--dev", action="store_true", help="train on train, print dev scores, write nothing")
    parser.add_argument("--transfer", action="store_true", help="leave-one-language-out scores on test, write nothing")
    parser.add_argument("--cache", type=Path, help="embedding cache file for experiments (never for shipping)")
    parser.add_argument("--set", action="append", default=[], help="override a TrainConfig field: KEY=VALUE (JSON)")
    parser.add_argument("--extract", action="append", default=[], help="override an ExtractSettings field")
    args = parser.parse_args()
    config = TrainConfig(**{k: json.loads(v) for k, v in (s.split("=", 1) for s in args.set)})
    settings = load_settings().extract
    settings = settings.model_copy(update={k: json.loads(v) for k, v in (s.split("=", 1) for s in args.extract)})
    encoder = CachedEncoder(settings, args.cache if (args.dev or args.transfer) else None)
    corpus = load_corpus()
    t0 = time.perf_counter()
    if args.dev:
        heads = train([it for it in corpus if it.split == "train"], encoder, config)
        scores = evaluate(heads, [it for it in corpus if it.split == "dev"], encoder, settings)
        print(json.dumps({k: round(scores[k], 4) for k in REPORTED if k in scores}), f"{time.perf_counter() - t0:.0f}s")
        encoder.save()
        return
    if args.transfer:
        for held in LANGUAGES:
            train_items = [it for it in corpus if it.split in SHIPPED_SPLITS and it.lang != held]
            test_items = [it for it in corpus if it.split == "test" and it.lang == held]
            scores = evaluate(train(train_items, encoder, config), test_items, encoder, settings)
            print(held, json.dumps({k: round(scores[k], 4) for k in REPORTED if k in scores and "." + held in k}))
        return
    heads = train([it for it in corpus if it.split in SHIPPED_SPLITS], encoder, config)
    heads.save(args.out)
    print(f"trained on {heads.provenance['items']} items in {time.perf_counter() - t0:.0f}s -> {args.out}")


if __name__ == "__main__":
    main()
