"""The deduplication stage: reports of the same real event, across articles and languages, become one incident.

Incremental: called with the new or changed reports and the candidate incidents already stored (with
their member reports), it joins each report to the best compatible incident or founds a new one, then
merges incidents that have become compatible.  No report is compared with anything outside its blocks
(type family x ISO week of its date window; undated ones by shared actors or places), so the cost grows
near-linearly with the number of reports.

A report is compatible with an incident when their type families agree, their dates overlap within
their precision (a stated long range such as a war never absorbs a point-dated report), their places
agree (same, containing, or near enough for their precision) and no article tells the incident twice
with different types.  Among compatible incidents the best weighted similarity (text, actors, place,
type, date) wins when it reaches ``join_threshold``; incidents of the report's own type are preferred.
An article tells one incident per type: a report whose article already tells a candidate with its type, with
actors that do not conflict, counts as full actor agreement (unless it is an undated report of a dated article
and the candidate is older than the article's lookback window).  An undated report crosses to another type of
its family (an undated meeting, the dated statement it produced) only when actors and one sentence of each
agree strongly (``_strong``).

Incident ids are stable: ``inc_`` + a hash of the founding report id, kept as the incident grows; a
merge keeps the id of the larger incident and is logged as an ``IncidentChange``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from eventcoder.dedup.compat import Window, actor_keys, place_relation, window_of
from eventcoder.dedup.encoder import Encoder, make_encoder
from eventcoder.dedup.reconcile import build_incident
from eventcoder.dedup.records import IncidentUpdate, ReportInput
from eventcoder.models import Incident, IncidentChange
from eventcoder.settings import DedupSettings

__all__ = ["Deduplicator", "incident_id_for"]

_UNKNOWN_ACTORS = 0.3
_UNDATED = 0.4
_STRONG_ACTORS = 0.75  # actor overlap and text similarity an undated report needs to join an incident of
_STRONG_TEXT = 0.4  # another type of its family (text: the rescaled cosine of ``_Run._text``)


def incident_id_for(report_id: str, salt: int = 0) -> str:
    """Id of the incident founded by ``report_id``."""
    return "inc_" + hashlib.sha256(f"{report_id}#{salt}".encode()).hexdigest()[:16]


@dataclass
class _Cluster:
    id: str
    family: str
    members: list[int] = field(default_factory=list)
    types: Counter[str] = field(default_factory=Counter)
    core: tuple[int, int] | None = None
    point: bool = False
    longest: int = 0
    range_lo: int | None = None
    places: dict[str, int] = field(default_factory=dict)
    keys: Counter[str] = field(default_factory=Counter)
    article_types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    told_keys: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    vec: npt.NDArray[np.float64] | None = None
    origin: Incident | None = None
    absorbed: list[str] = field(default_factory=list)
    joined: list[str] = field(default_factory=list)


class Deduplicator:
    """Clusters event reports into incidents (see the module docstring)."""

    def __init__(
        self,
        settings: DedupSettings,
        *,
        encoder: Encoder | Literal["settings"] | None = "settings",
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.settings = settings
        self.encoder: Encoder | None = make_encoder(settings.encoder) if encoder == "settings" else encoder
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        weights = dict(settings.weights)
        if self.encoder is None:
            weights["text"] = 0.0
        total = sum(weights.values()) or 1.0
        self._w = {k: weights.get(k, 0.0) / total for k in ("text", "actors", "place", "type", "date")}

    # ------------------------------------------------------------------ helpers for the caller

    def family(self, event_type: str) -> str:
        """The type family of ``event_type``."""
        return self.settings.type_families.get(event_type, event_type)

    def candidate_window(self, item: ReportInput) -> tuple[dt.date, dt.date] | None:
        """Date range of stored incidents that may match ``item`` (None: undated, no bound)."""
        s = self.settings
        w = window_of(item.report.date, point_days=s.point_days)
        if w is not None:
            lo, hi = w.lo - s.date_tolerance_days * 2 - s.candidate_margin_days, w.hi + s.date_tolerance_days * 2
        elif item.published is not None:
            hi = item.published.toordinal() + s.date_tolerance_days
            lo = hi - s.undated_lookback_days - s.candidate_margin_days
        else:
            return None
        return dt.date.fromordinal(max(1, lo)), dt.date.fromordinal(hi)

    # ------------------------------------------------------------------ the stage

    def __call__(
        self,
        reports: Sequence[ReportInput],
        *,
        existing: Sequence[Incident] = (),
        members: Sequence[ReportInput] = (),
    ) -> IncidentUpdate:
        """Assign ``reports`` to incidents, given candidate ``existing`` incidents and their ``members``.

        Member reports of an existing incident that are in neither ``members`` nor ``reports`` are
        gone (their article was re-processed) and leave it.  Returns the incidents to write, the ids
        to delete, the history records, and where each report went.
        """
        run = _Run(self, reports, existing, members)
        return run.execute()


class _Run:
    """State of one call: items, clusters, block indexes."""

    def __init__(
        self,
        dedup: Deduplicator,
        reports: Sequence[ReportInput],
        existing: Sequence[Incident],
        members: Sequence[ReportInput],
    ) -> None:
        self.d = dedup
        self.s = dedup.settings
        by_id = {m.id: m for m in members}
        by_id.update({r.id: r for r in reports})
        self.items = [by_id[k] for k in sorted(by_id)]
        self.index = {m.id: i for i, m in enumerate(self.items)}
        self.batch = sorted({self.index[r.id] for r in reports})
        self.windows = [window_of(m.report.date, point_days=self.s.point_days) for m in self.items]
        self.keys = [
            actor_keys([a.entity_id for a in m.report.actors], [a.name for a in m.report.actors], m.ancestors)
            for m in self.items
        ]
        self.vecs = self._encode()
        self.clusters: dict[str, _Cluster] = {}
        self.owner: dict[int, str] = {}
        self.blocks: dict[tuple[str, int], set[str]] = defaultdict(set)
        self.undated: dict[str, set[str]] = defaultdict(set)
        self.by_key: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.by_article: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.touched: set[str] = set()
        self.emptied: list[Incident] = []
        for inc in sorted(existing, key=lambda i: i.id):
            idxs = [self.index[r] for r in inc.report_ids if r in self.index and self.index[r] not in self.owner]
            c = _Cluster(inc.id, self.d.family(inc.event_type), origin=inc)
            self.clusters[c.id] = c
            if not idxs:
                self.emptied.append(inc)
                continue
            for i in idxs:
                self._add(c, i)
            if len(idxs) != len(inc.report_ids):
                self.touched.add(c.id)

    def _encode(self) -> npt.NDArray[np.float32] | None:
        if self.d.encoder is None or not self.items:
            return None
        texts = [m.text or m.report.evidence.text for m in self.items]
        return self.d.encoder(texts)

    # ------------------------------------------------------------------ cluster bookkeeping

    def _add(self, c: _Cluster, i: int) -> None:
        m, w = self.items[i], self.windows[i]
        c.members.append(i)
        self.owner[i] = c.id
        c.types[m.report.event_type] += 1
        c.article_types[m.report.article_id].add(m.report.event_type)
        c.told_keys[(m.report.article_id, m.report.event_type)].update(self.keys[i])
        if m.report.place is not None:
            c.places.setdefault(m.report.place.entity_id or m.report.place.name.casefold(), i)
        c.keys.update(self.keys[i])
        if self.vecs is not None:
            v = self.vecs[i].astype(np.float64)
            c.vec = v.copy() if c.vec is None else c.vec + v
        if w is not None:
            tol = self.s.date_tolerance_days
            lo, hi = w.lo - tol, w.hi + tol
            c.core = (lo, hi) if c.core is None else (max(c.core[0], lo), min(c.core[1], hi))
            c.point = c.point or w.kind == "point"
            if w.kind == "range" and w.span > self.s.max_range_for_point_days:
                c.longest = max(c.longest, w.span)
                c.range_lo = w.lo if c.range_lo is None else min(c.range_lo, w.lo)
        self._register(c)

    def _register(self, c: _Cluster) -> None:
        if c.core is None:
            self.undated[c.family].add(c.id)
        else:
            self.undated[c.family].discard(c.id)
            for week in range(c.core[0] // 7, c.core[1] // 7 + 1):
                self.blocks[(c.family, week)].add(c.id)
        for k in c.keys:
            self.by_key[(c.family, k)].add(c.id)
        for art in c.article_types:
            self.by_article[(c.family, art)].add(c.id)

    def _rebuild(self, c: _Cluster, idxs: Iterable[int]) -> _Cluster:
        fresh = _Cluster(c.id, c.family, origin=c.origin, absorbed=c.absorbed, joined=c.joined)
        self.clusters[c.id] = fresh
        for i in idxs:
            self._add(fresh, i)
        return fresh

    # ------------------------------------------------------------------ compatibility and scores

    def _dates_ok(self, w: Window | None, published: dt.date | None, c: _Cluster) -> float | None:
        if c.core is None:
            return _UNDATED
        if w is None:
            if published is not None and c.core[0] > published.toordinal() + self.s.date_tolerance_days:
                return None
            return _UNDATED
        tol = self.s.date_tolerance_days
        lo, hi = w.lo - tol, w.hi + tol
        if hi < c.core[0] or lo > c.core[1]:
            return None
        limit = self.s.max_range_for_point_days
        if w.kind == "point" and c.range_lo is not None and abs(w.lo - c.range_lo) > tol:
            return None  # a day inside a war is another event; its first day is the outbreak
        if w.kind == "range" and w.span > limit and c.point and not (c.core[0] <= w.lo + tol <= c.core[1] + 2 * tol):
            return None
        return 1.0 if w.hi >= c.core[0] + tol and w.lo <= c.core[1] - tol else 0.6

    def _place(self, i: int, c: _Cluster) -> float | None:
        m = self.items[i]
        if m.report.place is None or not c.places:
            return 0.4
        best: float | None = None
        for j in c.places.values():
            o = self.items[j]
            rel = place_relation(
                m.report.place, _up(m), o.report.place, _up(o), city_km=self.s.city_km, region_km=self.s.region_km
            )
            if rel is not None and (best is None or rel > best):
                best = rel
                if rel >= 1.0:
                    break
        return best

    def _text(self, a: npt.NDArray[np.float64] | None, b: npt.NDArray[np.float64] | None) -> float:
        if a is None or b is None:
            return 0.0
        na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
        cos = float(a @ b) / (na * nb) if na and nb else 0.0
        return min(1.0, max(0.0, (cos - 0.2) / 0.5))

    @staticmethod
    def _overlap(a: Iterable[str], b: Iterable[str]) -> float:
        sa, sb = set(a), set(b)
        if not sa or not sb:
            return _UNKNOWN_ACTORS
        return len(sa & sb) / min(len(sa), len(sb))

    def score(self, i: int, c: _Cluster) -> float | None:
        """Similarity of item ``i`` to cluster ``c``; None when incompatible."""
        m = self.items[i]
        if self.d.family(m.report.event_type) != c.family:
            return None
        told = c.article_types.get(m.report.article_id)
        if told and m.report.event_type not in told:
            return None
        date = self._dates_ok(self.windows[i], m.published, c)
        place = self._place(i, c) if date is not None else None
        if date is None or place is None:
            return None
        vec = self.vecs[i].astype(np.float64) if self.vecs is not None else None
        text = self._text(vec, c.vec)
        actors = self._overlap(self.keys[i], c.keys)
        same_type = m.report.event_type in c.types
        if not same_type and self.windows[i] is None:
            strong = self._strong([i], self.keys[i], c.members, c.keys)
            if strong is None:
                return None  # an undated report joins another type of its family only on strong agreement
            text = max(text, strong)
        if self._same_article_told(m.report.article_id, m.report.event_type, self.keys[i], c) and self._recent([i], c):
            actors = 1.0
        w = self.d._w
        return (
            w["text"] * text
            + w["actors"] * actors
            + w["place"] * place
            + w["type"] * (1.0 if same_type else 0.0)
            + w["date"] * date
        )

    def _strong(self, a: Sequence[int], a_keys: Iterable[str], b: Sequence[int], b_keys: Iterable[str]) -> float | None:
        """Text similarity of the best-matching pair of reports when actors and text agree strongly, else None.

        Used where no date and no shared type support a link: an undated report and a dated report of another
        type of the family (the meeting and the statement it produced) are one incident only when they name
        the same actors (overlap at least ``_STRONG_ACTORS``) and one sentence of each says nearly the same.
        """
        if self._overlap(a_keys, b_keys) < _STRONG_ACTORS or self.vecs is None:
            return None
        va, vb = self.vecs[list(a)].astype(np.float64), self.vecs[list(b)].astype(np.float64)
        best = max((self._text(x, y) for x in va for y in vb), default=0.0)
        return best if best >= _STRONG_TEXT else None

    def _recent(self, idxs: Sequence[int], c: _Cluster) -> bool:
        """False when an undated report of a dated article among ``idxs`` cannot be about dated cluster ``c``.

        Such a report tells something of the article's last ``undated_lookback_days`` (the blocking window of
        undated reports); an article that also recalls an older event of the same type must not pull it there.
        """
        if c.core is None:
            return True
        limit = self.s.undated_lookback_days + self.s.date_tolerance_days
        for i in idxs:
            published = self.items[i].published
            if self.windows[i] is None and published is not None and c.core[1] < published.toordinal() - limit:
                return False
        return True

    @staticmethod
    def _same_article_told(article_id: str, event_type: str, keys: set[str], c: _Cluster) -> bool:
        """True when ``c`` already has a report of this article and type whose actors agree with ``keys``.

        An article tells one event in several sentences ('The talks ended in Moscow. The meeting lasted four
        hours.'); a later sentence often names fewer actors or none. Actors agree when either side names none
        or they share an entity (or container).
        """
        told = c.told_keys.get((article_id, event_type))
        if told is None:
            return False
        return not keys or not told or bool(keys & told)

    def _pair_score(self, a: _Cluster, b: _Cluster) -> float | None:
        tol = self.s.date_tolerance_days
        if a.family != b.family:
            return None
        shared_types = bool(set(a.types) & set(b.types))
        if not shared_types and (a.core is None) == (b.core is None):
            return None
        shared_articles = set(a.article_types) & set(b.article_types)
        for art in shared_articles:
            if a.article_types[art] != b.article_types[art]:
                return None
        if a.core is not None and b.core is not None:
            if a.core[1] < b.core[0] or b.core[1] < a.core[0]:
                return None
            for x, xc, y in ((a, a.core, b), (b, b.core, a)):
                if x.point and y.range_lo is not None and not xc[0] <= y.range_lo + tol <= xc[1] + 2 * tol:
                    return None
            date = 1.0
        else:
            date = _UNDATED
        place = max((p for p in (self._place(i, b) for i in a.places.values()) if p is not None), default=None)
        if a.places and b.places and place is None:
            return None
        text = self._text(a.vec, b.vec)
        actors = self._overlap(a.keys, b.keys)
        if not shared_types:
            strong = self._strong(a.members, a.keys, b.members, b.keys)
            if strong is None:
                return None  # undated reports join a dated incident of another type of the family on strong agreement
            text = max(text, strong)
        told = [(art, t) for art in sorted(shared_articles) for t in sorted(a.article_types[art])]
        recent = self._recent(a.members, b) and self._recent(b.members, a)
        if recent and any(self._same_article_told(art, t, set(a.keys), b) for art, t in told):
            actors = 1.0
        w = self.d._w
        return (
            w["text"] * text
            + w["actors"] * actors
            + w["place"] * (place if place is not None else 0.4)
            + w["type"] * (1.0 if shared_types else 0.0)
            + w["date"] * date
        )

    # ------------------------------------------------------------------ candidates

    def _weeks(self, lo: int, hi: int) -> range:
        return range(lo // 7, hi // 7 + 1)

    def _candidates(self, i: int) -> list[str]:
        m, w = self.items[i], self.windows[i]
        fam = self.d.family(m.report.event_type)
        tol = self.s.date_tolerance_days
        found: set[str] = set()
        if w is not None:
            span: tuple[int, int] | None = (w.lo - tol, w.hi + tol)
        elif m.published is not None:
            span = (m.published.toordinal() - self.s.undated_lookback_days, m.published.toordinal() + tol)
        else:
            span = None
        if span is not None:
            for week in self._weeks(*span):
                found |= self.blocks.get((fam, week), set())
        shared: Counter[str] = Counter()
        for k in self.keys[i]:
            for cid in self.by_key.get((fam, k), ()):
                if span is None or cid in self.undated[fam]:
                    shared[cid] += 1
        if m.report.place is not None and m.report.place.entity_id and span is None:
            for cid in self.by_key.get((fam, "place:" + m.report.place.entity_id), ()):
                shared[cid] += 1
        found |= set(shared)
        found |= {
            cid
            for cid in self.by_article.get((fam, m.report.article_id), set())
            if self._recent([i], self.clusters[cid])
        }
        if not self.keys[i] and span is not None:
            found |= self.undated[fam]
        found = {cid for cid in found if cid in self.clusters and self.clusters[cid].members}
        if len(found) > self.s.max_candidates:
            found = set(sorted(found, key=lambda cid: (-shared[cid], cid))[: self.s.max_candidates])
        return sorted(found)

    # ------------------------------------------------------------------ the pass

    def execute(self) -> IncidentUpdate:
        pending = self._recheck_batch()
        for i in sorted(pending, key=self._order):
            self._assign(i)
        self._merge_pass()
        return self._result()

    def _order(self, i: int) -> tuple[int, str]:
        w = self.windows[i]
        return (w.lo if w is not None else 10**9, self.items[i].id)

    def _recheck_batch(self) -> list[int]:
        pending: list[int] = []
        for i in self.batch:
            cid = self.owner.get(i)
            if cid is None:
                pending.append(i)
                continue
            c = self.clusters[cid]
            if len(c.members) == 1:
                continue
            rest = [j for j in c.members if j != i]
            probe = _Cluster("probe", c.family)
            saved = dict(self.owner)
            for j in rest:
                self._add_silent(probe, j)
            self.owner = saved
            sc = self.score(i, probe)
            if sc is None or sc < self.s.join_threshold:
                self._rebuild(c, rest)
                del self.owner[i]
                self.touched.add(cid)
                pending.append(i)
        return pending

    def _add_silent(self, c: _Cluster, i: int) -> None:
        """Add ``i`` to a scratch cluster without registering the cluster in any index (a 'probe' id left in
        ``by_article`` made a re-run fail with KeyError)."""
        blocks, undated, by_key, by_article = self.blocks, self.undated, self.by_key, self.by_article
        self.blocks, self.undated, self.by_key = defaultdict(set), defaultdict(set), defaultdict(set)
        self.by_article = defaultdict(set)
        self._add(c, i)
        self.blocks, self.undated, self.by_key, self.by_article = blocks, undated, by_key, by_article

    def _assign(self, i: int) -> None:
        m = self.items[i]
        ranked: list[tuple[bool, float, str]] = []
        for cid in self._candidates(i):
            c = self.clusters[cid]
            sc = self.score(i, c)
            if sc is not None and sc >= self.s.join_threshold:
                ranked.append((m.report.event_type not in c.types, -sc, cid))
        if ranked:
            c = self.clusters[min(ranked)[2]]
            self._add(c, i)
        else:
            salt = 0
            while incident_id_for(m.id, salt) in self.clusters:
                salt += 1
            c = _Cluster(incident_id_for(m.id, salt), self.d.family(m.report.event_type))
            self.clusters[c.id] = c
            self._add(c, i)
        if m.report.place is not None and m.report.place.entity_id:
            self.by_key[(c.family, "place:" + m.report.place.entity_id)].add(c.id)
        c.joined.append(m.id)
        self.touched.add(c.id)

    def _merge_pass(self) -> None:
        queue = sorted(self.touched)
        while queue:
            cid = queue.pop(0)
            c = self.clusters.get(cid)
            if c is None or not c.members:
                continue
            for oid in self._cluster_candidates(c):
                o = self.clusters[oid]
                sc = self._pair_score(c, o)
                if sc is None or sc < self.s.merge_threshold:
                    continue
                keep, gone = (c, o) if (len(c.members), o.id) >= (len(o.members), c.id) else (o, c)
                merged = self._rebuild(keep, [*keep.members, *gone.members])
                merged.absorbed.extend([gone.id, *gone.absorbed])
                merged.joined.extend(self.items[j].id for j in gone.members)
                gone.members = []
                self.touched.add(merged.id)
                queue.append(merged.id)
                break

    def _cluster_candidates(self, c: _Cluster) -> list[str]:
        found: set[str] = set()
        if c.core is not None:
            for week in self._weeks(*c.core):
                found |= self.blocks.get((c.family, week), set())
        else:
            for k in c.keys:
                found |= self.by_key.get((c.family, k), set())
        for art in c.article_types:
            found |= self.by_article.get((c.family, art), set())
        return sorted(o for o in found if o != c.id and o in self.clusters and self.clusters[o].members)

    # ------------------------------------------------------------------ output

    def _result(self) -> IncidentUpdate:
        now = self.d._clock()
        upserts: list[Incident] = []
        deleted: set[str] = set()
        changes: list[IncidentChange] = []
        absorbed = {a for c in self.clusters.values() for a in c.absorbed}
        for inc in self.emptied:
            if inc.id not in absorbed:
                deleted.add(inc.id)
                changes.append(_change(now, "delete", inc.id, (), inc.report_ids, "all reports gone"))
        for cid in sorted(self.touched):
            c = self.clusters[cid]
            if not c.members:
                if c.origin is not None:
                    deleted.add(cid)
                continue
            inc = build_incident(cid, [self.items[i] for i in c.members], self.s)
            if c.origin is not None and inc == c.origin and not c.absorbed:
                continue
            upserts.append(inc)
            digest = hashlib.sha256(inc.model_dump_json().encode()).hexdigest()[:12]
            stored = tuple(sorted(a for a in c.absorbed if self.clusters[a].origin is not None))
            if stored:
                detail = f"merged {', '.join(stored)} into {cid} [{digest}]"
                changes.append(_change(now, "merge", cid, stored, tuple(sorted(set(c.joined))), detail))
            elif c.origin is None:
                changes.append(_change(now, "create", cid, (), inc.report_ids, f"{inc.event_type} [{digest}]"))
            else:
                gone = sorted(set(c.origin.report_ids) - set(inc.report_ids))
                detail = f"joined {len(set(c.joined))}, left {len(gone)} [{digest}]"
                changes.append(_change(now, "update", cid, (), tuple(sorted({*c.joined, *gone})), detail))
        deleted |= {a for a in absorbed if a in self.clusters and self.clusters[a].origin is not None}
        assignments = {self.items[i].id: self.owner[i] for i in self.batch if i in self.owner}
        final = {cid for cid, c in self.clusters.items() if c.members}
        return IncidentUpdate(
            upserts=tuple(upserts), deleted=tuple(sorted(deleted - final)), changes=tuple(changes),
            assignments=assignments,
        )  # fmt: skip


def _up(m: ReportInput) -> tuple[str, ...]:
    place = m.report.place
    return m.ancestors.get(place.entity_id, ()) if place is not None and place.entity_id else ()


def _change(
    at: dt.datetime,
    action: Literal["create", "merge", "split", "update", "delete"],
    incident_id: str,
    related: tuple[str, ...],
    reports: tuple[str, ...],
    detail: str,
) -> IncidentChange:
    digest = hashlib.sha256(f"{action}|{incident_id}|{related}|{reports}|{detail}".encode()).hexdigest()[:20]
    return IncidentChange(
        id="chg_" + digest, at=at, action=action, incident_id=incident_id,
        related_ids=related, report_ids=reports, detail=detail,
    )  # fmt: skip
