"""Scorer ``roles-corpus``: who did what to whom, on the annotated corpus's test split (or any file of its format).

Gold: a folder of corpus batches (its **test** split is scored) or one ``.jsonl`` file of the same format (every
item).  Two measures:

- **tagger** (the learned component alone, ``RoleModel.tag`` on each gold event's trigger): an actor is found when a
  tagged span overlaps the gold span; ``tagger.role.precision/recall/f1`` count it right when the role agrees too
  (``tagger.role.exact_f1``: same token boundaries as well), ``tagger.name.f1`` ignores the role, and
  ``tagger.inter.accuracy`` is the typer's inter code on the gold spans with their gold roles.
- **anchor** (the trigger finder used for events without a cue): ``anchor.accuracy``, the share of (item, event
  type) pairs where the span it finds overlaps a gold trigger of that type.
- **chain** (the whole extraction chain: NER, resolution, events, roles; every item an article): the report
  matched to an item's main reported event is the one whose trigger overlaps the gold trigger, else the item's most
  confident report; actors are matched by overlapping spans.  ``chain.role.f1``, ``chain.name.f1`` as above (an item
  whose event is missed scores all its gold actors as misses); ``chain.inter.accuracy`` is the ACLED inter code
  the chain gives the matched actors (knowledge base, typer, state forces abroad as 8).

Every metric also per language (``.<lang>``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eventcoder import registry
from eventcoder.evaluate.base import ScoreSet, extract_articles, prf
from eventcoder.evaluate.event_corpus import CorpusItem, corpus_dir, load_corpus
from eventcoder.evaluate.train_roles import anchor_sequences, event_sequences
from eventcoder.extract.role_tagger import RoleModel
from eventcoder.models import Article, EventReport
from eventcoder.settings import Settings

__all__ = ["RolesCorpusScorer", "score_tagger"]

NAME = "roles-corpus"
Found = tuple[int, int, str]
"""(start, end, role) of an actor, in item text offsets."""


@dataclass
class _Tally:
    role: list[int] = field(default_factory=lambda: [0, 0, 0])  # tp, fp, fn
    exact: list[int] = field(default_factory=lambda: [0, 0, 0])
    name: list[int] = field(default_factory=lambda: [0, 0, 0])
    inter: list[int] = field(default_factory=lambda: [0, 0])  # right, total

    def add(self, gold: Sequence[Found], predicted: Sequence[Found]) -> list[tuple[int, int]]:
        """Count one event; returns the (gold, predicted) index pairs matched by overlap."""
        pairs: list[tuple[int, int]] = []
        used: set[int] = set()
        for gi, (gs, ge, _) in enumerate(gold):
            pi = next((k for k, (ps, pe, _) in enumerate(predicted) if k not in used and ps < ge and gs < pe), None)
            if pi is not None:
                used.add(pi)
                pairs.append((gi, pi))
        named = len(pairs)
        right = sum(gold[g][2] == predicted[p][2] for g, p in pairs)
        exact = len(set(gold) & set(predicted))
        for tally, tp in ((self.name, named), (self.role, right), (self.exact, exact)):
            tally[0] += tp
            tally[1] += len(predicted) - tp
            tally[2] += len(gold) - tp
        return pairs

    def metrics(self, prefix: str, suffix: str) -> dict[str, float]:
        p, r, f = prf(*self.role)
        out = {f"{prefix}.role.precision{suffix}": p, f"{prefix}.role.recall{suffix}": r}
        out[f"{prefix}.role.f1{suffix}"] = f
        out[f"{prefix}.role.exact_f1{suffix}"] = prf(*self.exact)[2]
        out[f"{prefix}.name.f1{suffix}"] = prf(*self.name)[2]
        out[f"{prefix}.inter.accuracy{suffix}"] = self.inter[0] / self.inter[1] if self.inter[1] else 0.0
        return out


def _tallies(items: Sequence[CorpusItem]) -> dict[str, _Tally]:
    return {"": _Tally(), **{f".{lang}": _Tally() for lang in sorted({it.lang for it in items})}}


def score_tagger(model: RoleModel, items: Sequence[CorpusItem], *, gold_path: str = "") -> ScoreSet:
    """The tagger and typer alone, on every annotated event of ``items`` (gold triggers)."""
    tallies = _tallies(items)
    events = 0
    for seq in event_sequences(items):
        events += 1
        text, toks = seq.item.text, seq.tokens
        trigger = (toks[seq.trigger[0]][0], toks[seq.trigger[1]][1])
        tagged = model.tag(text, trigger, seq.event.plover, seq.item.lang)
        gold = [(toks[a][0], toks[b][1], role) for a, b, role, _ in seq.actors]
        predicted = [(t.start, t.end, t.role) for t in tagged]
        types = model.actor_types(toks, [(a, b, role) for a, b, role, _ in seq.actors], seq.event.plover)
        codes = [int(k) + 1 for k in types.argmax(axis=1)]
        for key in ("", f".{seq.item.lang}"):
            tallies[key].add(gold, predicted)
            tallies[key].inter[0] += sum(c == a[3] for c, a in zip(codes, seq.actors, strict=True))
            tallies[key].inter[1] += len(seq.actors)
    metrics: dict[str, float] = {}
    for suffix, tally in tallies.items():
        metrics |= tally.metrics("tagger", suffix)
    found = {key: [0, 0] for key in tallies}
    for item, event_type, tokens, labels in anchor_sequences(items):
        where = model.find_trigger(item.text, event_type, item.lang)
        hit = where is not None and any(
            labels[k] and tokens[k][0] < where[1] and where[0] < tokens[k][1] for k in range(len(tokens))
        )
        for key in ("", f".{item.lang}"):
            found[key][0] += hit
            found[key][1] += 1
    for key, (right, total) in found.items():
        metrics[f"anchor.accuracy{key}"] = right / total if total else 0.0
    return ScoreSet(scorer=NAME, gold=gold_path, metrics=metrics, counts={"items": len(items), "events": events})


def _article(item: CorpusItem) -> Article:
    from eventcoder.extract.context import stable_id

    return Article(id=stable_id("a_", item.id), text=item.text, published=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
                   language=item.lang, language_confidence=1.0, origin=item.id, input_format="text")  # fmt: skip


def _matched_report(item: CorpusItem, reports: Sequence[EventReport]) -> EventReport | None:
    main = item.main
    assert main is not None
    for rep in reports:
        t = rep.evidence.trigger
        if t is not None and t.start < main.trigger.end and main.trigger.start < t.end:
            return rep
    return max(reports, key=lambda r: r.confidence, default=None)


def score_chain(settings: Settings, items: Sequence[CorpusItem], *, gold_path: str = "") -> ScoreSet:
    """The whole chain on every item with a main reported event."""
    items = [it for it in items if it.main is not None]
    outputs = extract_articles(settings, [_article(it) for it in items])
    tallies = _tallies(items)
    for item, (reports, _) in zip(items, outputs, strict=True):
        main = item.main
        assert main is not None
        rep = _matched_report(item, reports)
        gold = [(a.span.start, a.span.end, str(a.role)) for a in main.actors]
        actors = list(rep.actors) if rep else []
        predicted = [(a.span.start, a.span.end, a.role.value) for a in actors]
        for key in ("", f".{item.lang}"):
            pairs = tallies[key].add(gold, predicted)
            for g, p in pairs:
                tallies[key].inter[0] += actors[p].actor_type == main.actors[g].acled_type
                tallies[key].inter[1] += 1
    metrics: dict[str, float] = {}
    for suffix, tally in tallies.items():
        metrics |= tally.metrics("chain", suffix)
    return ScoreSet(scorer=NAME, gold=gold_path, metrics=metrics, counts={"items": len(items)})


@registry.scorers.register(NAME)
class RolesCorpusScorer:
    """Actors, roles and ACLED inter codes on the event corpus test split: the tagger alone and the whole chain."""

    name = NAME
    description = "actor roles (F1) and ACLED inter codes on the event corpus test split: learned tagger and chain"

    def __init__(self, settings: Settings, *, model: RoleModel | None = None) -> None:
        self.settings = settings
        self._model = model

    def default_gold(self) -> Path | None:
        """The packaged corpus's batch folder (its test split is scored)."""
        path = corpus_dir() / "batches"
        return path if path.is_dir() else None

    def __call__(self, gold: Path) -> ScoreSet:
        """Score the tagger and the chain on the gold items."""
        items = load_corpus(gold, splits=("test",)) if gold.is_dir() else load_corpus(gold)
        model = self._model or RoleModel.load()
        tagger = score_tagger(model, items, gold_path=str(gold))
        chain = score_chain(self.settings, items, gold_path=str(gold))
        return ScoreSet(scorer=NAME, gold=str(gold), metrics=tagger.metrics | chain.metrics,
                        counts={**tagger.counts, "chain_items": chain.counts["items"]})  # fmt: skip
