"""Scorers on the sample corpus' own gold: language layer (``nlp-sample``) and linking (``linking-sample``).

Both read a gold file in the sample format (``eventcoder.evaluate.gold``), ingest
the article files next to it with the real ingestion stage, and run the real
stages on them.  Ingested text equals the gold's body text (checked by
``ingest-sample``), so offsets compare directly.

``nlp-sample``
  entities: micro P/R/F1 over PER/LOC/ORG, exact span and label (MISC is not
  scored: the gold marks demonyms as MISC, which the models label
  inconsistently); times: detection F1 by overlap and value accuracy of the
  matched ones (the gold annotates no times of day, so a predicted expression
  holding a clock time that overlaps no gold time is left out and one that
  does is compared by its day; the gold writes a vague duration's value as
  null, which a TIMEX3 'PXD'/'PTXH' matches);
  quantities: detection F1 by overlap and interval accuracy
  (low and high both equal) of the matched ones.  ``.xx`` suffixes give the
  per-language figure.

``linking-sample``
  for every gold mention with a link, the resolved entity of the predicted
  mention covering the same span (any overlap) is compared with the gold:
  a place link is right when the entity is the same country (for countries)
  or lies within 100 km of the gold coordinates; an actor link is right when
  the entity's canonical name or one of its aliases equals the gold name
  (case- and accent-insensitive), or, for a state (and for a capital or
  country name used metonymically), when the entity is that state or one of
  its institutions (government, armed forces, ministries): demonyms such as
  'soldados armenios' and metonyms such as 'Ereván' name the state acting
  through them.  A mention marked metonymic in the gold is scored as an actor.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from eventcoder import registry
from eventcoder.evaluate.base import ScoreSet, prf
from eventcoder.evaluate.gold import GoldArticle, SampleGold, SampleGoldScorer, load_gold
from eventcoder.models import Analysis, Article, Entity, EntityKind, Resolution
from eventcoder.settings import Settings

__all__ = ["LinkingSampleScorer", "NlpSampleScorer", "ingest_gold_articles"]

SCORED_LABELS = {"PER", "LOC", "ORG"}
PLACE_KM = 100.0


def ingest_gold_articles(gold: SampleGold, folder: Path, settings: Settings) -> dict[str, Article]:
    """Read the gold's article files with the real ingestion stage: file name -> Article."""
    from eventcoder.ingest import Ingestor

    wanted = set(gold.articles)
    out: dict[str, Article] = {}
    for item in Ingestor(settings.ingest)([str(folder)]):
        if isinstance(item, Article) and Path(item.origin).name in wanted:
            out[Path(item.origin).name] = item
    return out


def _analyse(gold_path: Path, settings: Settings) -> tuple[SampleGold, dict[str, Article], dict[str, Analysis]]:
    from eventcoder.nlp import Analyser

    gold = load_gold(gold_path)
    arts = ingest_gold_articles(gold, gold_path.parent / "articles", settings)
    names = sorted(arts)
    analyses = Analyser(settings.nlp)([arts[n] for n in names])
    return gold, arts, dict(zip(names, analyses, strict=True))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _match_overlap(gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by overlap, in text order; returns (gold index, pred index) pairs."""
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used and _overlaps(g, p):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


class _Counts:
    def __init__(self) -> None:
        self.c: dict[str, int] = defaultdict(int)

    def add(self, lang: str, key: str, n: int = 1) -> None:
        self.c[key] += n
        self.c[f"{key}.{lang}"] += n


def _f1(c: dict[str, int], prefix: str, suffix: str = "") -> float:
    tp, fp, fn = c[f"{prefix}_tp{suffix}"], c[f"{prefix}_fp{suffix}"], c[f"{prefix}_fn{suffix}"]
    return prf(tp, fp, fn)[2]


def _ratio(c: dict[str, int], num: str, den: str) -> float:
    return c[num] / c[den] if c[den] else 0.0


@registry.scorers.register("nlp-sample")
class NlpSampleScorer(SampleGoldScorer):
    """Entities, time expressions and quantities against the sample gold."""

    name = "nlp-sample"
    description = "language layer (entities, times, quantities) on the sample corpus gold"

    def __call__(self, gold: Path) -> ScoreSet:
        """Run ingestion + language analysis on the gold's articles and score."""
        g, _arts, analyses = _analyse(gold, self.settings)
        k = _Counts()
        for name, ga in g.articles.items():
            an = analyses.get(name)
            if an is None:
                continue
            _score_entities(k, ga, an)
            _score_times(k, ga, an)
            _score_quantities(k, ga, an)
        c = k.c
        langs = sorted({ga.language for ga in g.articles.values()})
        metrics = {
            "ner_precision": prf(c["ner_tp"], c["ner_fp"], c["ner_fn"])[0],
            "ner_recall": prf(c["ner_tp"], c["ner_fp"], c["ner_fn"])[1],
            "ner_f1": _f1(c, "ner"),
            "time_detect_f1": _f1(c, "time"),
            "time_value_accuracy": _ratio(c, "time_value_ok", "time_tp"),
            "quantity_detect_f1": _f1(c, "qty"),
            "quantity_interval_accuracy": _ratio(c, "qty_ok", "qty_tp"),
        }
        for lang in langs:
            metrics[f"ner_f1.{lang}"] = _f1(c, "ner", f".{lang}")
            metrics[f"time_detect_f1.{lang}"] = _f1(c, "time", f".{lang}")
            metrics[f"quantity_detect_f1.{lang}"] = _f1(c, "qty", f".{lang}")
        counts = {k2: v for k2, v in c.items() if "." not in k2}
        return ScoreSet(scorer=self.name, gold=str(gold), metrics=metrics, counts=counts)


def _score_entities(k: _Counts, ga: GoldArticle, an: Analysis) -> None:
    gold = {(s, e, ent.label) for ent in ga.entities if ent.label in SCORED_LABELS for s, e in ent.spans}
    pred = {(m.start, m.end, m.label) for m in an.mentions if m.label in SCORED_LABELS}
    k.add(ga.language, "ner_tp", len(gold & pred))
    k.add(ga.language, "ner_fp", len(pred - gold))
    k.add(ga.language, "ner_fn", len(gold - pred))


_CLOCK = re.compile(r"\d{4}-\d{2}-\d{2}T\d")
_VAGUE_DURATION = re.compile(r"PT?X[A-Z]+")


def _score_times(k: _Counts, ga: GoldArticle, an: Analysis) -> None:
    gold = [(t.start or 0, t.end or 0) for t in ga.times]
    times = [
        t for t in an.times if not _CLOCK.match(t.value or "") or any(_overlaps((t.start, t.end), g) for g in gold)
    ]
    pred = [(t.start, t.end) for t in times]
    pairs = _match_overlap(gold, pred)
    k.add(ga.language, "time_tp", len(pairs))
    k.add(ga.language, "time_fp", len(pred) - len(pairs))
    k.add(ga.language, "time_fn", len(gold) - len(pairs))
    for gi, pi in pairs:
        want, got = ga.times[gi].value, times[pi].value
        if got is not None and _CLOCK.match(got):
            got = got[:10]  # the gold dates days, never times of day
        if want == got or (want is None and _VAGUE_DURATION.fullmatch(got or "")):
            k.add(ga.language, "time_value_ok")


def _score_quantities(k: _Counts, ga: GoldArticle, an: Analysis) -> None:
    gold = [(q.start or 0, q.end or 0) for q in ga.quantities]
    pred = [(q.start, q.end) for q in an.quantities]
    pairs = _match_overlap(gold, pred)
    k.add(ga.language, "qty_tp", len(pairs))
    k.add(ga.language, "qty_fp", len(pred) - len(pairs))
    k.add(ga.language, "qty_fn", len(gold) - len(pairs))
    for gi, pi in pairs:
        gq, pq = ga.quantities[gi], an.quantities[pi]
        if gq.low == pq.low and gq.high == pq.high:
            k.add(ga.language, "qty_ok")


def _fold(text: str) -> str:
    norm = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in norm if not unicodedata.combining(ch)).replace("-", " ").split())


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _names(entity: Entity) -> Iterable[str]:
    yield entity.name
    for names in entity.aliases.values():
        yield from names


def link_is_right(gold: SampleGold, link: str, *, as_place: bool, entity: Entity) -> bool:
    """Whether ``entity`` is the gold ``link`` (see the module docstring for the rule)."""
    if as_place and link in gold.places:
        place = gold.places[link]
        if place.feature == "country":
            return entity.country == place.country and (entity.kind is EntityKind.STATE or entity.feature == "country")
        if entity.latitude is None or entity.longitude is None:
            return False
        return _km(place.lat, place.lon, entity.latitude, entity.longitude) <= PLACE_KM
    actor = gold.actors.get(link)
    state = actor.country if actor is not None and actor.kind == "state" else None
    if state is None and link in gold.places and gold.places[link].feature in ("city", "country"):
        state = gold.places[link].country  # a metonymic capital or country name stands for its state
    if state is not None and entity.country == state and entity.kind in (EntityKind.STATE, EntityKind.ORGANISATION):
        return True  # the state itself or one of its institutions (government, armed forces, ministries)
    wanted = _fold(link)
    return any(_fold(n) == wanted for n in _names(entity))


@registry.scorers.register("linking-sample")
class LinkingSampleScorer(SampleGoldScorer):
    """Actor and place linking accuracy against the sample gold's links."""

    name = "linking-sample"
    description = "actor and place linking on the sample corpus gold"

    def __call__(self, gold: Path) -> ScoreSet:
        """Run ingestion, language analysis and resolution on the gold's articles and score the links."""
        from eventcoder.resolve import Resolver

        g, arts, analyses = _analyse(gold, self.settings)
        names = sorted(analyses)
        resolutions: dict[str, Resolution] = dict(
            zip(names, Resolver(self.settings.resolve)([(arts[n], analyses[n]) for n in names]), strict=True)
        )
        k = _Counts()
        for name, ga in g.articles.items():
            res = resolutions.get(name)
            if res is None:
                continue
            by_id = {e.id: e for e in res.entities}
            linked = [(m.start, m.end, by_id.get(m.entity_id or "")) for m in res.mentions if m.entity_id]
            for ent in ga.entities:
                if ent.link is None:
                    continue
                as_place = ent.label == "LOC" and not ent.metonymy and ent.link in g.places
                kind = "place" if as_place else "actor"
                for span in ent.spans:
                    k.add(ga.language, f"{kind}_gold")
                    hits = [e for s, e_, e in linked if e is not None and _overlaps(span, (s, e_))]
                    if hits:
                        k.add(ga.language, f"{kind}_linked")
                    if any(link_is_right(g, ent.link, as_place=as_place, entity=e) for e in hits):
                        k.add(ga.language, f"{kind}_right")
        c = k.c
        langs = sorted({ga.language for ga in g.articles.values()})
        metrics = {
            "place_accuracy": _ratio(c, "place_right", "place_gold"),
            "actor_accuracy": _ratio(c, "actor_right", "actor_gold"),
            "link_accuracy": (c["place_right"] + c["actor_right"]) / max(1, c["place_gold"] + c["actor_gold"]),
            "link_coverage": (c["place_linked"] + c["actor_linked"]) / max(1, c["place_gold"] + c["actor_gold"]),
        }
        for lang in langs:
            right = c[f"place_right.{lang}"] + c[f"actor_right.{lang}"]
            metrics[f"link_accuracy.{lang}"] = right / max(1, c[f"place_gold.{lang}"] + c[f"actor_gold.{lang}"])
        counts = {k2: v for k2, v in c.items() if "." not in k2}
        return ScoreSet(scorer=self.name, gold=str(gold), metrics=metrics, counts=counts)
