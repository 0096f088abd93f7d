"""Scorer ``events-sample``: event extraction against the sample corpus gold (or any gold file of its format).

Every gold article (``load_gold``; texts from ``<gold dir>/articles``) runs through the real chain: language
analysis, resolution and extraction, with the given settings.

Matching: a predicted report matches a gold event when the report's evidence sentence contains the start of the
gold ``anchor`` and the PLOVER types agree; pairs are made greedily, most confident prediction first, each gold
event and each prediction used once.  Unmatched predictions are false positives of their type, unmatched gold
events false negatives.

Metrics: ``precision``/``recall``/``f1`` (micro), ``f1.<TYPE>`` and ``macro_f1`` (mean over the types of the
gold), ``f1.<lang>`` (micro, per article language); on matched events ``status.acc``, ``args.actors.f1`` (actor
names with roles; names compared case-insensitively, a gold name that starts the predicted canonical name or the
reverse counts), ``args.actors.name_f1`` (names only), ``args.date.acc`` (same start day, or both undated),
``args.place.acc`` (same canonical name, or both absent), ``args.figures.f1`` (kind, low, high) and
``args.figures.side_acc`` (side of the figures matched).  Per-language variants end in ``.<lang>``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from eventcoder import registry
from eventcoder.evaluate.base import ScoreSet, extract_articles, prf
from eventcoder.evaluate.gold import GoldArticle, GoldEvent, SampleGold, SampleGoldScorer, load_gold
from eventcoder.extract.context import stable_id
from eventcoder.models import Article, EventReport

__all__ = ["EventsSampleScorer", "match_events", "score_matches"]

NAME = "events-sample"


def _article(name: str, gold: GoldArticle) -> Article:
    return Article(
        id=stable_id("a_", name),
        text=gold.text,
        published=gold.published,
        language=gold.language,
        language_confidence=1.0,
        origin=name,
        input_format="text",
    )


def match_events(
    gold: GoldArticle, reports: Iterable[EventReport]
) -> list[tuple[GoldEvent | None, EventReport | None]]:
    """Pairs (gold, predicted); a None side is a false negative or a false positive."""
    remaining = list(gold.events)
    pairs: list[tuple[GoldEvent | None, EventReport | None]] = []
    for rep in sorted(reports, key=lambda r: (-r.confidence, r.evidence.start, r.id)):
        hit = next(
            (
                g
                for g in remaining
                if g.type == rep.event_type
                and g.anchor_start is not None
                and rep.evidence.start <= g.anchor_start < max(rep.evidence.end, rep.evidence.start + 1)
            ),
            None,
        )
        if hit is not None:
            remaining.remove(hit)
        pairs.append((hit, rep))
    pairs.extend((g, None) for g in remaining)
    return pairs


def _same_name(gold: str, predicted: str) -> bool:
    g, p = gold.casefold(), predicted.casefold()
    return g == p or p.startswith(g) or g.startswith(p)


def _set_f1(gold: list[tuple[str, ...]], predicted: list[tuple[str, ...]]) -> tuple[int, int, int]:
    """(tp, fp, fn) of two lists of tuples whose first item is a name compared with ``_same_name``."""
    left = list(predicted)
    tp = 0
    for g in gold:
        hit = next((p for p in left if _same_name(g[0], p[0]) and g[1:] == p[1:]), None)
        if hit is not None:
            left.remove(hit)
            tp += 1
    return tp, len(left), len(gold) - tp


def score_matches(
    pairs: Sequence[tuple[str, GoldEvent | None, EventReport | None]], *, gold_path: str = ""
) -> ScoreSet:
    """Metrics from (language, gold, predicted) pairs as produced by ``match_events``."""
    metrics: dict[str, float] = {}
    counts: Counter[str] = Counter()
    for suffix, chosen in [
        ("", pairs),
        *((f".{lang}", [p for p in pairs if p[0] == lang]) for lang in sorted({p[0] for p in pairs})),
    ]:
        tp = sum(1 for _, g, p in chosen if g is not None and p is not None)
        fp = sum(1 for _, g, p in chosen if g is None)
        fn = sum(1 for _, g, p in chosen if p is None)
        pr, rc, f1 = prf(tp, fp, fn)
        if suffix:
            metrics[f"f1{suffix}"] = f1
        else:
            metrics.update(precision=pr, recall=rc, f1=f1)
            counts.update(gold_events=tp + fn, predicted=tp + fp, matched=tp)
        matched = [(g, p) for _, g, p in chosen if g is not None and p is not None]
        if not matched:
            continue
        metrics[f"status.acc{suffix}"] = sum(g.status == p.status.value for g, p in matched) / len(matched)
        metrics[f"args.date.acc{suffix}"] = sum(
            (g.date is None and p.date.start is None) or (g.date is not None and g.date.start == p.date.start)
            for g, p in matched
        ) / len(matched)
        metrics[f"args.place.acc{suffix}"] = sum(
            (g.place is None and p.place is None)
            or (g.place is not None and p.place is not None and _same_name(g.place, p.place.name))
            for g, p in matched
        ) / len(matched)
        a = [0, 0, 0]
        n = [0, 0, 0]
        fg = [0, 0, 0]
        sides = [0, 0]
        for g, p in matched:
            triples: list[tuple[list[int], list[tuple[str, ...]], list[tuple[str, ...]]]] = [
                (a, [(x.name, x.role) for x in g.actors], [(x.name, x.role.value) for x in p.actors]),
                (n, [(x.name,) for x in g.actors], [(x.name,) for x in p.actors]),
                (
                    fg,
                    [("", f.kind, str(f.low), str(f.high)) for f in g.figures],
                    [("", f.kind.value, str(f.low), str(f.high)) for f in p.figures],
                ),
            ]
            for acc, gold_items, pred_items in triples:
                for i, v in enumerate(_set_f1(gold_items, pred_items)):
                    acc[i] += v
            for f in g.figures:
                same = [x for x in p.figures if x.kind.value == f.kind and x.low == f.low and x.high == f.high]
                if same:
                    sides[1] += 1
                    sides[0] += any(
                        (f.side is None and x.side_name is None)
                        or (f.side is not None and x.side_name is not None and _same_name(f.side, x.side_name))
                        for x in same
                    )
        metrics[f"args.actors.f1{suffix}"] = prf(*a)[2]
        metrics[f"args.actors.name_f1{suffix}"] = prf(*n)[2]
        if fg[0] + fg[2]:
            metrics[f"args.figures.f1{suffix}"] = prf(*fg)[2]
        if sides[1]:
            metrics[f"args.figures.side_acc{suffix}"] = sides[0] / sides[1]
    f1s = []
    for t in sorted({g.type for _, g, _ in pairs if g is not None}):
        tp = sum(1 for _, g, p in pairs if g is not None and p is not None and g.type == t)
        fp = sum(1 for _, g, p in pairs if g is None and p is not None and p.event_type == t)
        fn = sum(1 for _, g, p in pairs if p is None and g is not None and g.type == t)
        metrics[f"f1.{t}"] = prf(tp, fp, fn)[2]
        counts[f"gold_{t}"] = tp + fn
        f1s.append(metrics[f"f1.{t}"])
    metrics["macro_f1"] = sum(f1s) / len(f1s) if f1s else 0.0
    return ScoreSet(scorer=NAME, gold=gold_path, metrics=metrics, counts=dict(counts))


@registry.scorers.register(NAME)
class EventsSampleScorer(SampleGoldScorer):
    """Event extraction (types, status, arguments) on the hand-annotated sample corpus."""

    name = NAME
    description = "events on the sample corpus: type P/R/F1 per type and language, status and argument accuracy"

    def predict(self, gold: SampleGold) -> dict[str, list[EventReport]]:
        """Run analysis, resolution and extraction over the gold articles; reports by file name."""
        names = sorted(gold.articles)
        outputs = extract_articles(self.settings, [_article(n, gold.articles[n]) for n in names])
        return {n: reports for n, (reports, _) in zip(names, outputs, strict=True)}

    def __call__(self, gold: Path) -> ScoreSet:
        """Score the extractor against ``gold``."""
        data = load_gold(gold)
        predicted = self.predict(data)
        pairs = [
            (art.language, g, p)
            for name, art in sorted(data.articles.items())
            for g, p in match_events(art, predicted[name])
        ]
        return score_matches(pairs, gold_path=str(gold))
