"""Scorer ``ingest-sample``: ingestion and language identification against a sample-corpus gold file.

Reads every article file next to the gold (``<gold dir>/articles``) with the
real ingestion stage and compares with the gold: is each article accepted,
is its language right, its date right, and is the stored text exactly the
body the gold's offsets refer to (so later stages' offsets line up)?
"""

from __future__ import annotations

from pathlib import Path

from eventcoder import registry
from eventcoder.evaluate.base import ScoreSet
from eventcoder.evaluate.gold import SampleGoldScorer, load_gold
from eventcoder.models import Article

__all__ = ["IngestSampleScorer"]


@registry.scorers.register("ingest-sample")
class IngestSampleScorer(SampleGoldScorer):
    """Accepted rate, language accuracy, date accuracy and exact-text rate on a sample-format gold."""

    name = "ingest-sample"
    description = "ingestion and language id on the sample corpus"

    def __call__(self, gold: Path) -> ScoreSet:
        """Ingest the gold's articles folder and score against ``gold``."""
        from eventcoder.ingest import Ingestor

        g = load_gold(gold)
        folder = gold.parent / "articles"
        by_file: dict[str, Article] = {}
        skipped = 0
        for item in Ingestor(self.settings.ingest)([str(folder)]):
            if isinstance(item, Article):
                by_file[Path(item.origin).name] = item
            else:
                skipped += 1
        n = len(g.articles)
        accepted = lang_ok = date_ok = text_ok = 0
        for name, ga in g.articles.items():
            art = by_file.get(name)
            if art is None:
                continue
            accepted += 1
            lang_ok += art.language == ga.language
            date_ok += art.published == ga.published
            text_ok += art.text.rstrip() == ga.text
        return ScoreSet(
            scorer=self.name,
            gold=str(gold),
            metrics={
                "accepted_rate": accepted / n if n else 0.0,
                "language_accuracy": lang_ok / n if n else 0.0,
                "date_accuracy": date_ok / n if n else 0.0,
                "text_exact_rate": text_ok / n if n else 0.0,
            },
            counts={"articles": n, "accepted": accepted, "skipped": skipped},
        )
