"""Train eventcoder's actor tagger and ACLED actor typer from the annotated corpus and write the shipped weights.

Reads the corpus (``src/eventcoder/resources/corpus/events/batches``, guidelines in docs/annotation.md) and trains
the trigger-conditioned role tagger and the inter-code typer (``eventcoder.extract.role_tagger``).  The shipped
weights are trained on the train and dev splits with the settings in ``RoleTrainConfig`` (chosen on dev); the test
split is never read for training.  Deterministic: ``tests/extract/test_role_tagger.py`` retrains and compares.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python scripts/train_role_tagger.py          # write the weights
    .venv/bin/python scripts/train_role_tagger.py --dev [--set KEY=VALUE ...]     # train on train, score dev
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from eventcoder.evaluate.event_corpus import load_corpus
from eventcoder.evaluate.scorers.roles_corpus import score_tagger
from eventcoder.evaluate.train_events import SHIPPED_SPLITS
from eventcoder.evaluate.train_roles import train_role_model
from eventcoder.extract.role_tagger import RoleTrainConfig, default_role_weights_path


def main() -> None:
    """Command line entry."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", action="store_true", help="train on train only and score the dev split")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a RoleTrainConfig field")
    parser.add_argument("--out", type=Path, default=None, help="weights file (default: the shipped one)")
    args = parser.parse_args()
    overrides = {k: json.loads(v) for k, v in (s.split("=", 1) for s in args.set)}
    config = RoleTrainConfig(**overrides)
    splits = ("train",) if args.dev else SHIPPED_SPLITS
    items = load_corpus(splits=splits)
    started = time.perf_counter()
    provenance = {
        "script": "scripts/train_role_tagger.py",
        "corpus": "src/eventcoder/resources/corpus/events/batches (docs/annotation.md)",
        "splits": sorted(set(splits)),
        "not_trained_on": "the corpus test split; the sample corpus gold",
    }
    model = train_role_model(items, config, provenance=provenance)
    print(f"trained on {len(items)} items in {time.perf_counter() - started:.0f} s")
    if args.dev:
        scores = score_tagger(model, load_corpus(splits=("dev",)))
        for key, value in sorted(scores.metrics.items()):
            print(f"{key:32s} {value:.3f}")
        if args.out:
            model.save(args.out)
        return
    out = args.out or default_role_weights_path()
    model.save(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
