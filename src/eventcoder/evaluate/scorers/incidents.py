"""Scorers ``incidents-sample`` and ``incidents-sample-oracle``: incidents across sources on the sample gold.

Gold: the sample gold's ``incidents`` and each gold event's ``incident`` id (any file of that format,
articles from ``<gold dir>/articles``).  Metrics:

- ``bcubed_p`` / ``bcubed_r`` / ``bcubed_f1``: B-cubed over the gold events that belong to an incident
  and were matched by a predicted report (a report matches a gold event of its article when its
  evidence sentence contains the gold anchor and the types agree; each gold event at most once).
  ``matched`` is the share of those gold events that were matched at all.
- ``figure_accuracy``: per gold incident and figure kind (killed, wounded, ...), whether the incident
  holding most of its matched events has a reconciled ``best`` within the gold figures' range
  (lowest low .. highest high, or highest low when open-ended).
- ``contradiction_p`` / ``contradiction_r``: predicted contradictions (in incidents holding matched
  events) against annotated ones; a pair matches when the kinds agree and at least two of the
  prediction's reports are matched to events the annotation lists.

``incidents-sample`` runs the real chain (Ingestor -> Analyser -> Resolver -> Extractor -> Deduplicator)
on the articles in a temporary SQLite store; it is skipped while the Extractor is not available.
``incidents-sample-oracle`` measures the deduplication stage alone: it turns each gold event into an
``EventReport`` (gold type, actors, date, place, figures, status; the anchor's sentence as evidence)
and clusters those.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from eventcoder import registry
from eventcoder.dedup import Deduplicator, ReportInput
from eventcoder.evaluate.base import ScoreSet
from eventcoder.evaluate.gold import (
    GoldEvent,
    SampleGold,
    SampleGoldScorer,
    load_gold,
    read_article_file,
)
from eventcoder.models import (
    ActorRole,
    DateOrigin,
    DatePrecision,
    EventDate,
    EventReport,
    EventStatus,
    Evidence,
    Figure,
    FigureKind,
    Incident,
    PlaceRef,
    Role,
    Span,
)

__all__ = ["IncidentsOracleScorer", "IncidentsSampleScorer", "match_reports", "oracle_reports", "score_incidents"]

Ref = tuple[str, str]  # (article file name, gold event id)
_WHERE_PREC = {"country": 6, "region": 5, "city": 1, "site": 1, "other": 4}
_SENTENCE_END = re.compile(r"(?<=[.!?»\"”])\s+")


def match_reports(gold: SampleGold, reports: Sequence[tuple[str, EventReport]]) -> dict[str, Ref]:
    """Report id -> gold event it matches: same article file, evidence contains the anchor, same type."""
    out: dict[str, Ref] = {}
    taken: set[Ref] = set()
    for file_name, rep in sorted(reports, key=lambda fr: fr[1].id):
        art = gold.articles.get(file_name)
        if art is None:
            continue
        for ev in art.events:
            ref = (file_name, ev.id)
            if ref in taken or ev.type != rep.event_type or ev.anchor_start is None or ev.anchor_end is None:
                continue
            if rep.evidence.start <= ev.anchor_start and ev.anchor_end <= rep.evidence.end:
                out[rep.id] = ref
                taken.add(ref)
                break
    return out


def _bcubed(pred: dict[Ref, str], gold: dict[Ref, str]) -> tuple[float, float]:
    items = sorted(pred)
    if not items:
        return 0.0, 0.0
    p_sum = r_sum = 0.0
    for x in items:
        same_pred = [y for y in items if pred[y] == pred[x]]
        same_gold = [y for y in items if gold[y] == gold[x]]
        both = sum(1 for y in same_pred if gold[y] == gold[x])
        p_sum += both / len(same_pred)
        r_sum += both / len(same_gold)
    return p_sum / len(items), r_sum / len(items)


def _gold_range(events: Sequence[GoldEvent], kind: str) -> tuple[int, int] | None:
    figs = [f for ev in events for f in ev.figures if f.kind == kind and f.low is not None]
    if not figs:
        return None
    lows = [f.low for f in figs if f.low is not None]
    highs = [f.high if f.high is not None else f.low for f in figs]
    return min(lows), max(h for h in highs if h is not None)


def score_incidents(
    gold: SampleGold, incidents: Sequence[Incident], matched: dict[str, Ref], *, scorer: str, gold_path: str
) -> ScoreSet:
    """B-cubed, figure accuracy and contradiction P/R of ``incidents`` (see the module docstring)."""
    events = {(name, ev.id): ev for name, art in gold.articles.items() for ev in art.events}
    in_gold = {ref: ev.incident for ref, ev in events.items() if ev.incident is not None}
    owner = {rid: inc.id for inc in incidents for rid in inc.report_ids}
    pred = {ref: owner[rid] for rid, ref in matched.items() if ref in in_gold and rid in owner}
    p, r = _bcubed(pred, {ref: str(in_gold[ref]) for ref in pred})
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    by_id = {inc.id: inc for inc in incidents}
    fig_ok = fig_n = 0
    for g in gold.incidents:
        refs = [ref for ref, inc in in_gold.items() if inc == g.id]
        hits = Counter(pred[ref] for ref in refs if ref in pred)
        best_inc = by_id.get(hits.most_common(1)[0][0]) if hits else None
        for kind in sorted({f.kind for ref in refs for f in events[ref].figures}):
            rng = _gold_range([events[ref] for ref in refs], kind)
            if rng is None:
                continue
            fig_n += 1
            got = [f.best for f in best_inc.figures if f.kind.value == kind] if best_inc else []
            fig_ok += any(b is not None and rng[0] <= b <= rng[1] for b in got)
    ref_of = {rid: ref for rid, ref in matched.items()}
    relevant = {owner[rid] for rid in matched if rid in owner and matched[rid] in in_gold}
    predicted = [
        (c.kind, {ref_of[x] for x in c.report_ids if x in ref_of})
        for i in sorted(relevant)
        for c in by_id[i].contradictions
    ]
    annotated = [
        (c.kind, {(e.split("#", 1)[0], e.split("#", 1)[1]) for e in c.events})
        for g in gold.incidents
        for c in g.contradictions
    ]
    tp_pred = sum(any(k == gk and len(refs & gs) >= 2 for gk, gs in annotated) for k, refs in predicted)
    tp_gold = sum(any(k == gk and len(refs & gs) >= 2 for k, refs in predicted) for gk, gs in annotated)
    cp = tp_pred / len(predicted) if predicted else 0.0
    cr = tp_gold / len(annotated) if annotated else 0.0
    return ScoreSet(
        scorer=scorer,
        gold=gold_path,
        metrics={
            "bcubed_p": p, "bcubed_r": r, "bcubed_f1": f1,
            "matched": len(pred) / len(in_gold) if in_gold else 0.0,
            "figure_accuracy": fig_ok / fig_n if fig_n else 0.0,
            "contradiction_p": cp, "contradiction_r": cr,
            "contradiction_f1": 2 * cp * cr / (cp + cr) if cp + cr else 0.0,
        },
        counts={
            "gold_events_in_incidents": len(in_gold), "matched_events": len(pred),
            "gold_incidents": len(gold.incidents),
            "predicted_incidents": len(set(pred.values())), "figure_checks": fig_n,
            "predicted_contradictions": len(predicted), "gold_contradictions": len(annotated),
        },
    )  # fmt: skip


# --------------------------------------------------------------------------- gold events as reports (oracle)


def _sentence(body: str, start: int, end: int) -> tuple[int, int]:
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(body)] + [len(body)]
    lo = max(b for b in bounds if b <= start)
    hi = min((b for b in bounds if b >= end), default=len(body))
    return lo, hi


def oracle_reports(gold: SampleGold, articles_dir: Path) -> list[ReportInput]:
    """Each gold event as a ``ReportInput`` (entity ids 'gold:<name>', containers 'country:<ISO3>')."""
    out: list[ReportInput] = []
    countries = {n: a.country for n, a in gold.actors.items()} | {n: p.country for n, p in gold.places.items()}

    def ancestors(name: str) -> tuple[str, ...]:
        c = countries.get(name)
        return (f"country:{c}",) if c else ()

    for name, art in sorted(gold.articles.items()):
        meta, _ = read_article_file(articles_dir / name)
        aid = "gold:" + name
        for ev in art.events:
            assert ev.anchor_start is not None and ev.anchor_end is not None
            lo, hi = _sentence(art.text, ev.anchor_start, ev.anchor_end)
            text = art.text[lo:hi]
            span = Span(start=lo, end=hi, text=text)
            actors = tuple(ActorRole(role=Role(a.role), entity_id="gold:" + a.name, name=a.name, span=span)
                           for a in ev.actors)  # fmt: skip
            figures = tuple(
                Figure(
                    kind=FigureKind(f.kind),
                    low=f.low,
                    high=f.high,
                    qualifier=f.qualifier,
                    civilian=f.civilian,
                    side_entity_id="gold:" + f.side if f.side else None,
                    side_name=f.side,
                    span=Span(start=lo, end=lo, text=f.text or str(f.low)),
                )
                for f in ev.figures
            )
            place = None
            if ev.place is not None:
                info = gold.places[ev.place]
                place = PlaceRef(entity_id="gold:" + ev.place, name=ev.place, country=info.country,
                                 latitude=info.lat, longitude=info.lon,
                                 where_prec=_WHERE_PREC[info.feature])  # fmt: skip
            date = EventDate()
            if ev.date is not None:
                date = EventDate(start=ev.date.start, end=ev.date.end, precision=DatePrecision(ev.date.precision),
                                 origin=DateOrigin.SENTENCE)  # fmt: skip
            rep = EventReport(
                id=f"{aid}#{ev.id}", article_id=aid, event_type=ev.type, mode=ev.mode, confidence=1.0, actors=actors,
                date=date, place=place, figures=figures, status=EventStatus(ev.status), extractor="gold-oracle",
                evidence=Evidence(start=lo, end=hi, text=text, article_id=aid, sentence_index=0),
            )  # fmt: skip
            names = [a.name for a in ev.actors] + [f.side for f in ev.figures if f.side] + [ev.place or ""]
            out.append(
                ReportInput(
                    report=rep,
                    language=art.language,
                    source=meta.get("source"),
                    published=art.published,
                    text=text,
                    ancestors={"gold:" + n: ancestors(n) for n in names if n and ancestors(n)},
                )
            )
    return out


@registry.scorers.register("incidents-sample-oracle")
class IncidentsOracleScorer(SampleGoldScorer):
    """Deduplication alone: gold events turned into reports, clustered, scored against the gold incidents."""

    name = "incidents-sample-oracle"
    description = "Incidents from gold events (dedup stage alone): B-cubed, figures, contradictions"

    def __call__(self, gold: Path) -> ScoreSet:
        """Cluster the gold events with the deduplicator and score the incidents."""
        data = load_gold(gold)
        reports = oracle_reports(data, Path(gold).parent / "articles")
        update = Deduplicator(self.settings.dedup)(reports)
        matched = {r.id: (r.report.article_id.removeprefix("gold:"), r.id.rsplit("#", 1)[1]) for r in reports}
        return score_incidents(data, update.upserts, matched, scorer=self.name, gold_path=str(gold))


@registry.scorers.register("incidents-sample")
class IncidentsSampleScorer(SampleGoldScorer):
    """The whole chain on the sample articles, incidents scored against the gold incidents."""

    name = "incidents-sample"
    description = "Incidents across sources on the sample corpus (full chain): B-cubed, figures, contradictions"

    def __call__(self, gold: Path) -> ScoreSet:
        """Ingest and process the gold's articles in a temporary store, then score its incidents."""
        try:
            from eventcoder.extract import Extractor  # noqa: F401
        except ImportError:
            return ScoreSet(scorer=self.name, gold=str(gold), skipped="extractor not available")
        from eventcoder.pipeline import Pipeline
        from eventcoder.store import open_store

        data = load_gold(gold)
        with (
            tempfile.TemporaryDirectory(prefix="eventcoder-incidents-") as tmp,
            open_store(str(Path(tmp) / "score.sqlite")) as store,
        ):
            pipe = Pipeline(self.settings, store)
            pipe.ingest([str(Path(gold).parent / "articles")])
            pipe.process()
            names = {a.id: Path(a.origin.split("#", 1)[0]).name for a in store.iter_articles()}
            reports = [(names[r.article_id], r) for r in store.iter_events()]
            incidents = list(store.iter_incidents())
        matched = match_reports(data, reports)
        return score_incidents(data, incidents, matched, scorer=self.name, gold_path=str(gold))
