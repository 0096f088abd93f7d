"""Casualty figures and actor sides of an incident or event report, read the way ACLED and UCDP count them.

Figures are grouped by side (the entity or name the text gives them to; ``None`` for a figure of
unspecified side).  Within a side, when sources disagree, the lowest lower bound is kept (ACLED's
conservative rule), the lowest best estimate, and the highest upper bound.  The incident's total is the
larger of the unattributed total and the sum over named sides (a total is never smaller than its parts).
An unattributed figure of an event whose targets are all civilians (ACLED inter code 7) counts civilians.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from eventcoder.models import ActorRole, EventReport, FigureKind, Incident, Role

__all__ = ["SideFigure", "Sides", "figure_sides", "figures_told", "sides", "total"]

CIVILIANS = 7  # ACLED inter code of civilians
STATE = 1  # ACLED inter code of state forces


@dataclasses.dataclass(frozen=True)
class SideFigure:
    """One side's count of one kind: lowest, best and highest values (high None = unbounded)."""

    side: str | None
    low: int
    best: int
    high: int | None
    civilian: bool = False


def _civilian_ids(actors: Iterable[ActorRole]) -> set[str | None]:
    return {a.entity_id or a.name for a in actors if a.actor_type == CIVILIANS}


def figure_sides(record: EventReport | Incident, kind: FigureKind = FigureKind.KILLED) -> list[SideFigure]:
    """Figures of ``kind`` per side, reconciled with the lowest-figure rule."""
    civilian_sides = _civilian_ids(record.actors)
    targets = [a for a in record.actors if a.role is Role.TARGET]
    if targets and all(a.actor_type == CIVILIANS for a in targets):
        civilian_sides.add(None)  # an unattributed figure of an attack on civilians counts civilians
    groups: dict[str | None, list[tuple[int, int, int | None, bool]]] = {}
    if isinstance(record, Incident):
        for f in record.figures:
            if f.kind is kind:
                low = f.low if f.low is not None else (f.best or 0)
                best = f.best if f.best is not None else low
                side = f.side_entity_id
                groups.setdefault(side, []).append((low, best, f.high, side in civilian_sides))
    else:
        for g in record.figures:
            if g.kind is kind:
                side = g.side_entity_id or g.side_name
                low = g.low or 0
                civ = bool(g.civilian) or side in civilian_sides
                groups.setdefault(side, []).append((low, low, g.high, civ))
    out = []
    for side, vals in groups.items():
        highs = [v[2] for v in vals]
        high = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
        out.append(SideFigure(side, min(v[0] for v in vals), min(v[1] for v in vals), high, any(v[3] for v in vals)))
    return out


def total(record: EventReport | Incident, kind: FigureKind = FigureKind.KILLED) -> SideFigure | None:
    """Total of ``kind`` (low, best, high) over the record; None when no figure of that kind is given."""
    parts = figure_sides(record, kind)
    if not parts:
        return None
    named = [p for p in parts if p.side is not None]
    overall = next((p for p in parts if p.side is None), None)
    s_low = sum(p.low for p in named)
    s_best = sum(p.best for p in named)
    s_high = None if any(p.high is None for p in named) else sum(p.high or 0 for p in named)
    if overall is None:
        return SideFigure(None, s_low, s_best, s_high)
    high = None if overall.high is None or s_high is None else max(overall.high, s_high)
    return SideFigure(None, max(overall.low, s_low), max(overall.best, s_best), high)


@dataclasses.dataclass(frozen=True)
class Sides:
    """The two sides of an event: ACLED actor1/actor2, UCDP side_a/side_b."""

    a: tuple[ActorRole, ...]
    b: tuple[ActorRole, ...]


def sides(record: EventReport | Incident) -> Sides:
    """Side A = the actors in the PLOVER ``source`` role (initiators), side B = ``target`` actors.

    Without a source, participants stand as side A.  When only side B holds state forces (inter code 1),
    the sides are swapped, following UCDP's convention that side A is a government.
    """
    src = tuple(a for a in record.actors if a.role is Role.SOURCE)
    tgt = tuple(a for a in record.actors if a.role is Role.TARGET)
    if not src:
        src = tuple(a for a in record.actors if a.role is Role.PARTICIPANT)
    return Sides(src, tgt)


def ucdp_sides(record: EventReport | Incident) -> Sides:
    """``sides`` with UCDP's government-first swap applied."""
    s = sides(record)
    a_state = any(x.actor_type == STATE for x in s.a)
    b_state = any(x.actor_type == STATE for x in s.b)
    if b_state and not a_state:
        return Sides(s.b, s.a)
    return s


def figures_told(record: EventReport | Incident) -> list[str]:
    """Each figure as told, with who gives it: "3822 (SoyArmenio)"; an incident's as each source told it."""
    if isinstance(record, Incident):
        return [f"{f.kind.value}: {told}" for f in record.figures for told in f.according_to]
    out = []
    for f in record.figures:
        who = f" according to {f.according_to}" if f.according_to else ""
        out.append(f"{f.kind.value}: {f.span.text}{who}")
    return out
