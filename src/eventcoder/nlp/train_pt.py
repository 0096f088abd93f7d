"""Train the small Portuguese NER model shipped in ``eventcoder/nlp/models/pt_harem_ner``.

No Portuguese NER model exists on PyPI or Debian, so eventcoder trains its own:
a spaCy pipeline (blank ``pt`` tokenizer, small hash-embedding CNN tok2vec, NER)
on the First HAREM "selective" training split (PESSOA->PER, LOCAL->LOC,
ORGANIZACAO->ORG; TEMPO and VALOR ignored), with First HAREM dev as the dev set.

Run (from the repository root, needs ../shared/eval-data; a few minutes on one CPU)::

    python -m eventcoder.nlp.train_pt --data ../shared/eval-data/ner_harem_pt --out src/eventcoder/nlp/models

The model is written to ``<out>/pt_harem_ner`` (``model-best`` only, no training state).
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

__all__ = ["HAREM_LABELS", "harem_to_docbin", "main", "train"]

HAREM_LABELS = {"PESSOA": "PER", "LOCAL": "LOC", "ORGANIZACAO": "ORG"}

_OVERRIDES = {
    "training.max_steps": 6000,
    "training.max_epochs": 40,
    "training.patience": 1600,
    "training.eval_frequency": 200,
    "training.seed": 0,
    "components.tok2vec.model.embed.rows": [5000, 1000, 2500, 2500],
    "components.tok2vec.model.encode.width": 96,
    "nlp.batch_size": 64,
}


def harem_to_docbin(path: Path, out: Path) -> tuple[int, int]:
    """Convert a HAREM JSON file into a spaCy DocBin of paragraphs; returns (paragraphs, entities kept)."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("pt")
    db = DocBin()
    n_par = n_ent = 0
    for doc_data in json.loads(path.read_text(encoding="utf-8")):
        text: str = doc_data["doc_text"]
        ents = [e for e in doc_data["entities"] if e["label"] in HAREM_LABELS]
        pos = 0
        for para in text.split("\n"):
            start, end = pos, pos + len(para)
            pos = end + 1
            if not para.strip():
                continue
            doc = nlp.make_doc(para)
            spans = []
            for e in ents:
                if e["start_offset"] >= start and e["end_offset"] <= end:
                    span = doc.char_span(
                        e["start_offset"] - start, e["end_offset"] - start, label=HAREM_LABELS[e["label"]]
                    )
                    if span is not None:
                        spans.append(span)
            try:
                doc.ents = spans
            except ValueError:  # overlapping gold spans: keep the longest non-overlapping ones
                doc.ents = spacy.util.filter_spans(spans)
            n_ent += len(doc.ents)
            n_par += 1
            db.add(doc)
    db.to_disk(out)
    return n_par, n_ent


def train(data: Path, out: Path, *, max_steps: int | None = None) -> Path:
    """Train the model from the HAREM folder ``data``; returns the path of the written model."""
    from spacy.cli.init_config import init_config
    from spacy.cli.train import train as spacy_train

    overrides: dict[str, object] = dict(_OVERRIDES)
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        print("train", harem_to_docbin(data / "FirstHAREM-selective-train.json", tmp / "train.spacy"))
        print("dev", harem_to_docbin(data / "FirstHAREM-selective-dev.json", tmp / "dev.spacy"))
        config = init_config(lang="pt", pipeline=["ner"], optimize="efficiency", gpu=False)
        config_path = tmp / "config.cfg"
        config.to_disk(config_path)
        overrides["paths.train"] = str(tmp / "train.spacy")
        overrides["paths.dev"] = str(tmp / "dev.spacy")
        spacy_train(config_path, tmp / "output", overrides=overrides)
        target = out / "pt_harem_ner"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(tmp / "output" / "model-best", target)
    return target


def main() -> None:
    """Command-line entry: parse --data/--out/--max-steps and train."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="folder with FirstHAREM-selective-*.json")
    parser.add_argument("--out", type=Path, required=True, help="folder to write pt_harem_ner into")
    parser.add_argument("--max-steps", type=int, default=None)
    args = parser.parse_args()
    print(train(args.data, args.out, max_steps=args.max_steps))


if __name__ == "__main__":
    main()
