"""Turning a cluster of reports into an ``Incident``: date, place, actors, reconciled figures, contradictions.

Figures (per kind, per side, civilians apart), in UCDP's low/best/high sense:

- each source (article) gives one figure per group: the largest it states for that group (smaller
  ones in the same report are sub-counts, e.g. 'including 5 children');
- ``low`` is the smallest lower bound any source gives (the most conservative credible count);
- ``high`` is the largest upper bound (a source's own number when it says 'at least');
- ``best`` is the median of the sources published last (lower median: always a figure a source gave),
  because tolls rise as counting goes on and the latest report is the most complete.

A figure contradiction is flagged when two sources' intervals cannot both be true (disjoint: '3,822'
against 'more than 6,600') or their lower bounds differ by ``DedupSettings.figure_divergence`` or
more ('at least 32' against 'at least 200'). Figures of different sides are never compared.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from eventcoder.dedup.compat import root_of
from eventcoder.dedup.records import ReportInput
from eventcoder.models import (
    ActorRole,
    Contradiction,
    DateOrigin,
    DatePrecision,
    EventDate,
    EventStatus,
    FigureKind,
    Incident,
    IncidentFigure,
    PlaceRef,
    Role,
)
from eventcoder.settings import DedupSettings

__all__ = ["blame_contradiction", "build_incident", "parse_variant", "reconcile_figures"]

_PREC_RANK = {p: i for i, p in enumerate(["day", "week", "month", "year", "decade", "unknown"])}
_ORIGIN_RANK = {DateOrigin.SENTENCE: 0, DateOrigin.PARAGRAPH: 1, DateOrigin.ARTICLE: 2}
_NOT_ASSERTED = (EventStatus.HYPOTHETICAL, EventStatus.PLANNED)
_SUMMARY_CHARS = 300


@dataclass(frozen=True)
class _SourceFigure:
    report_id: str
    article_id: str
    published: dt.date | None
    low: int
    high: int | None
    best: int
    text: str
    source: str
    according_to: str | None = None


def _best_of(low: int, high: int | None) -> int:
    return low if high is None else (low + high) // 2


def _group_figures(members: Sequence[ReportInput]) -> dict[tuple[str, str | None, bool], list[_SourceFigure]]:
    per_article: dict[tuple[tuple[str, str | None, bool], str], _SourceFigure] = {}
    for m in members:
        for fig in m.report.figures:
            if fig.low is None:
                continue
            side = root_of(fig.side_entity_id, m.ancestors) if fig.side_entity_id else None
            key = (fig.kind.value, side, fig.civilian is True)
            cand = _SourceFigure(
                m.id, m.report.article_id, m.published, fig.low, fig.high, _best_of(fig.low, fig.high),
                fig.span.text, m.source or m.report.article_id, fig.according_to,
            )  # fmt: skip
            old = per_article.get((key, m.report.article_id))
            if old is None or (cand.low, cand.high or cand.low) > (old.low, old.high or old.low):
                per_article[(key, m.report.article_id)] = cand
    groups: dict[tuple[str, str | None, bool], list[_SourceFigure]] = defaultdict(list)
    for (key, _), entry in sorted(per_article.items(), key=lambda kv: (kv[0][0][0], str(kv[0][0][1]), kv[0][1])):
        groups[key].append(entry)
    return groups


def _conflict(a: _SourceFigure, b: _SourceFigure, divergence: float) -> bool:
    disjoint = (a.high is not None and a.high < b.low) or (b.high is not None and b.high < a.low)
    lo, hi = sorted((a.low, b.low))
    return disjoint or (lo > 0 and hi / lo >= divergence)


def reconcile_figures(
    members: Sequence[ReportInput], *, divergence: float
) -> tuple[tuple[IncidentFigure, ...], tuple[Contradiction, ...]]:
    """Reconciled figures (see the module docstring) and the figure contradictions of one incident."""
    figures: list[IncidentFigure] = []
    contradictions: list[Contradiction] = []
    for (kind, side, _civ), entries in _groups_sorted(_group_figures(members)):
        dated = [e.published for e in entries if e.published is not None]
        latest = max(dated) if dated else None
        recent = sorted(e.best for e in entries if e.published == latest) or sorted(e.best for e in entries)
        best = recent[(len(recent) - 1) // 2]
        low = min(e.low for e in entries)
        high = max(e.high if e.high is not None else e.best for e in entries)
        figures.append(
            IncidentFigure(
                kind=FigureKind(kind),
                low=low,
                best=min(max(best, low), high),
                high=high,
                side_entity_id=side,
                sources=tuple(sorted({e.report_id for e in entries})),
                according_to=tuple(_told(e) for e in entries),
            )
        )
        clashing = [(a, b) for i, a in enumerate(entries) for b in entries[i + 1 :] if _conflict(a, b, divergence)]
        if clashing:
            involved = sorted({x.report_id for pair in clashing for x in pair})
            told = "; ".join(f"'{e.text}' ({_who(e)})" for e in entries)
            whose = f" of {side}" if side else ""
            contradictions.append(
                Contradiction(
                    kind="figures",
                    description=f"{kind}{whose}: sources disagree: {told}",
                    report_ids=tuple(involved),
                )
            )
    return tuple(figures), tuple(contradictions)


def _who(e: _SourceFigure) -> str:
    """Who tells a figure: 'local officials, via Reuters', or the outlet alone."""
    return f"{e.according_to}, via {e.source}" if e.according_to else e.source


def _told(e: _SourceFigure) -> str:
    """A figure as one source tells it: 'at least 50 (local officials, via Reuters)'."""
    return f"{e.text} ({_who(e)})"


def _groups_sorted(
    groups: dict[tuple[str, str | None, bool], list[_SourceFigure]],
) -> list[tuple[tuple[str, str | None, bool], list[_SourceFigure]]]:
    return sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2]))


def _roots(m: ReportInput, role: Role) -> set[str]:
    return {
        root_of(a.entity_id, m.ancestors) if a.entity_id else "name:" + a.name.casefold()
        for a in m.report.actors
        if a.role is role
    }


def blame_contradiction(members: Sequence[ReportInput]) -> Contradiction | None:
    """One 'blame' contradiction when reports name different perpetrators (swapped roles, denial, rival)."""
    told: list[ReportInput] = [m for m in members if m.report.status is not EventStatus.HYPOTHETICAL]
    involved: set[str] = set()
    phrases: list[str] = []
    for i, a in enumerate(told):
        sa, ta = _roots(a, Role.SOURCE), _roots(a, Role.TARGET)
        for b in told[i + 1 :]:
            sb, tb = _roots(b, Role.SOURCE), _roots(b, Role.TARGET)
            if not sa or not sb or sa & sb:
                continue
            swapped = bool(sa & tb) and bool(sb & ta)
            denial = (a.report.status is EventStatus.DENIED) != (b.report.status is EventStatus.DENIED)
            rival = bool(ta & tb) and EventStatus.DENIED not in (a.report.status, b.report.status)
            if swapped or denial or rival:
                involved.update((a.id, b.id))
    if not involved:
        return None
    for m in told:
        if m.id in involved:
            src = ", ".join(a.name for a in m.report.actors if a.role is Role.SOURCE)
            tgt = ", ".join(a.name for a in m.report.actors if a.role is Role.TARGET) or "?"
            verb = "denied" if m.report.status is EventStatus.DENIED else "by"
            phrases.append(f"{verb} {src} against {tgt} ({m.source or m.report.article_id})")
    claims = tuple(sorted({c for m in told if m.id in involved for c in m.report.claim_ids}))
    return Contradiction(
        kind="blame",
        description="reports name different perpetrators: " + "; ".join(dict.fromkeys(phrases)),
        report_ids=tuple(sorted(involved)),
        claim_ids=claims,
    )


def _date_contradiction(members: Sequence[ReportInput], conflict_days: int) -> Contradiction | None:
    stated = [
        m
        for m in members
        if m.report.date.start is not None
        and m.report.date.precision is DatePrecision.DAY
        and m.report.date.origin in (DateOrigin.SENTENCE, DateOrigin.PARAGRAPH)
        and m.report.status not in _NOT_ASSERTED
    ]
    if len(stated) < 2:
        return None
    starts = [m.report.date.start for m in stated]
    first, last = min(starts), max(starts)  # type: ignore[type-var]
    if first is None or last is None or (last - first).days < conflict_days:
        return None
    ends = [m for m in stated if m.report.date.start in (first, last)]
    told = "; ".join(f"{m.report.date.start} ({m.source or m.report.article_id})" for m in ends)
    return Contradiction(
        kind="date", description=f"stated dates disagree: {told}", report_ids=tuple(sorted(m.id for m in ends))
    )


def parse_variant(variant: str) -> tuple[str, str | None]:
    """('shushi', 'armenian') from a resolver variant 'shushi;side=armenian;framing=ocupada'."""
    name, *attrs = variant.split(";")
    side = next((a.partition("=")[2] for a in attrs if a.startswith("side=")), None)
    return name.strip(), side


def _place_name_contradictions(members: Sequence[ReportInput]) -> list[Contradiction]:
    by_place: dict[str, dict[str, dict[str, set[str]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    for m in members:
        place = m.report.place
        if place is None or place.entity_id is None:
            continue
        variants = list(m.place_variants) + ([place.variant] if place.variant else [])
        for v in variants:
            name, side = parse_variant(v)
            if side and side != "neutral":
                by_place[place.entity_id][side][name].add(m.id)
    out: list[Contradiction] = []
    for eid, sides in sorted(by_place.items()):
        if len(sides) < 2:
            continue
        told = "; ".join(f"{side}: {', '.join(sorted(names))}" for side, names in sorted(sides.items()))
        ids = sorted({r for names in sides.values() for rs in names.values() for r in rs})
        name = next(m.report.place.name for m in members if m.report.place and m.report.place.entity_id == eid)
        out.append(
            Contradiction(
                kind="place_name",
                description=f"{name} is named differently by the sides (framing, not error): {told}",
                report_ids=tuple(ids),
            )
        )
    return out


def _incident_date(members: Sequence[ReportInput]) -> tuple[EventDate, str | None]:
    dated = [m for m in members if m.report.date.start is not None]
    if not dated:
        return EventDate(), None
    best_rank = min(_PREC_RANK[m.report.date.precision.value] for m in dated)
    top = [m for m in dated if _PREC_RANK[m.report.date.precision.value] == best_rank]
    counts = Counter(m.report.date.start for m in top)
    start = min(counts, key=lambda d: (-counts[d], d.toordinal() if d else 0))
    same = [m for m in top if m.report.date.start == start]
    rep = min(
        same,
        key=lambda m: (
            m.report.status is not EventStatus.REPORTED,
            _ORIGIN_RANK.get(m.report.date.origin, 3),
            m.id,
        ),
    )
    ends = [m.report.date.end for m in same if m.report.date.end is not None and m.report.date.end >= start]  # type: ignore[operator]
    date = EventDate(start=start, end=max(ends) if ends else None, precision=rep.report.date.precision,
                     origin=rep.report.date.origin)  # fmt: skip
    undated = any(m.report.date.start is None for m in members)
    return date, rep.id if undated else None


def _incident_place(members: Sequence[ReportInput]) -> PlaceRef | None:
    places = [m.report.place for m in members if m.report.place is not None]
    if not places:
        return None
    counts = Counter(p.entity_id or p.name.casefold() for p in places)
    best = min(places, key=lambda p: (-counts[p.entity_id or p.name.casefold()], p.where_prec or 9, p.name))
    return best.model_copy(update={"variant": None, "span": None})


def _incident_actors(members: Sequence[ReportInput]) -> tuple[ActorRole, ...]:
    seen: dict[tuple[str, str], ActorRole] = {}
    counts: Counter[tuple[str, str]] = Counter()
    for m in members:
        for a in m.report.actors:
            key = (a.role.value, a.entity_id or a.name.casefold())
            counts[key] += 1
            seen.setdefault(key, a)
    order = sorted(seen, key=lambda k: (-counts[k], k))
    return tuple(seen[k] for k in order)


def _status(members: Sequence[ReportInput]) -> EventStatus:
    statuses = Counter(m.report.status for m in members)
    for s in (EventStatus.REPORTED, EventStatus.BACKGROUND):
        if statuses[s]:
            return s
    return min(statuses, key=lambda s: (-statuses[s], s.value))


def _summary(members: Sequence[ReportInput]) -> str:
    rep = min(members, key=lambda m: (m.report.status is not EventStatus.REPORTED, -m.report.confidence, m.id))
    text = " ".join((rep.text or rep.report.evidence.text).split())
    return text if len(text) <= _SUMMARY_CHARS else text[: _SUMMARY_CHARS - 1].rstrip() + "…"


def build_incident(incident_id: str, members: Sequence[ReportInput], settings: DedupSettings) -> Incident:
    """The ``Incident`` record of a cluster of reports (members in any order; the result does not depend on it)."""
    members = sorted(members, key=lambda m: m.id)
    types = Counter(m.report.event_type for m in members)
    date, inferred = _incident_date(members)
    figures, figure_contradictions = reconcile_figures(members, divergence=settings.figure_divergence)
    contradictions: list[Contradiction] = list(figure_contradictions)
    blame = blame_contradiction(members)
    if blame is not None:
        contradictions.append(blame)
    when = _date_contradiction(members, settings.date_conflict_days)
    if when is not None:
        contradictions.append(when)
    contradictions.extend(_place_name_contradictions(members))
    return Incident(
        id=incident_id,
        event_type=min(types, key=lambda t: (-types[t], t)),
        report_ids=tuple(m.id for m in members),
        article_ids=tuple(sorted({m.report.article_id for m in members})),
        date=date,
        date_inferred_from=inferred,
        place=_incident_place(members),
        actors=_incident_actors(members),
        figures=figures,
        status=_status(members),
        contradictions=tuple(contradictions),
        languages=tuple(sorted({m.language for m in members})),
        sources=tuple(sorted({m.source for m in members if m.source})),
        according_to=tuple(dict.fromkeys(s for m in members for s in m.report.according_to)),
        summary=_summary(members),
    )
