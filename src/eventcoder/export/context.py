"""What every export reads besides the records: corrections, filters, articles, places, the country table.

``ExportContext.items(what)`` streams the stored records of one kind with the analysts' corrections
applied (records marked wrong, and incidents merged into another, are left out) and the filters
applied; it reads one record at a time, so memory stays flat however large the store is.  Articles and
entities looked up for each row are kept in small LRU caches.
"""

from __future__ import annotations

import csv
import dataclasses
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterator
from importlib.resources import files
from typing import Any, Generic, TypeVar

from eventcoder.errors import ConfigError, NotFoundError
from eventcoder.export.acled_names import AcledNamer
from eventcoder.extract.ontology import Ontology
from eventcoder.filters import Filters
from eventcoder.models import Article, Correction, CorrectionAction, Entity, EventReport, Incident, Record
from eventcoder.store import Store

from .corrections import apply_corrections, merge_into, merged_away

__all__ = ["WHATS", "Country", "ExportContext", "Item", "load_countries"]

WHATS = ("articles", "events", "incidents")
PREFETCH = 1000  # incidents whose reports' modes are read in one query
_FIELD_ACTIONS = {
    CorrectionAction.SET_TYPE,
    CorrectionAction.SET_PLACE,
    CorrectionAction.SET_DATE,
    CorrectionAction.MARK_WRONG,
    CorrectionAction.MERGE_INCIDENTS,
}
K = TypeVar("K")
V = TypeVar("V")


@dataclasses.dataclass(frozen=True)
class Country:
    """One row of the packaged country table (``export/data/countries.tsv``)."""

    alpha3: str
    numeric: int | None
    name: str
    acled_region: str


def load_countries() -> dict[str, Country]:
    """The country table by ISO alpha-3 (Natural Earth attributes; see the file's header)."""
    text = files("eventcoder.export").joinpath("data", "countries.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    out: dict[str, Country] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        num = row["numeric"]
        out[row["alpha3"]] = Country(row["alpha3"], int(num) if num else None, row["name"], row["acled_region"])
    return out


class _Lru(Generic[K, V]):
    def __init__(self, load: Callable[[K], V], size: int = 4096) -> None:
        self._load = load
        self._size = size
        self._data: OrderedDict[K, V] = OrderedDict()

    def __call__(self, key: K) -> V:
        if key in self._data:
            self._data.move_to_end(key)
            return self._data[key]
        value = self._load(key)
        self._data[key] = value
        if len(self._data) > self._size:
            self._data.popitem(last=False)
        return value


@dataclasses.dataclass(frozen=True)
class Item:
    """A record ready to export: corrected where analysts corrected it."""

    record: Record
    corrected: bool = False


class ExportContext:
    """Corrections, filters and look-ups shared by every exporter for one export run."""

    def __init__(self, store: Store, *, filters: Filters | None = None, corrections: bool = True) -> None:
        self.store = store
        self.filters = filters or Filters()
        self.corrections: list[Correction] = list(store.iter_corrections()) if corrections else []
        self._by_target: dict[str, list[Correction]] = defaultdict(list)
        for c in self.corrections:
            self._by_target[c.target_id].append(c)
        self.merged = merged_away(self.corrections)
        self.countries = load_countries()
        self.ontology = Ontology()
        self.article: Callable[[str], Article | None] = _Lru(self._load_article)
        self.entity: Callable[[str], Entity | None] = _Lru(self._load_entity)
        self._modes: dict[str, str | None] = {}
        self._has_modes: dict[str, bool] = {}
        self._acled: dict[str, str | None] = {}
        self._namer: AcledNamer | None = None

    @property
    def acled_namer(self) -> AcledNamer:
        """ACLED-style actor names (the knowledge base is loaded on first use)."""
        if self._namer is None:
            self._namer = AcledNamer({code: c.name for code, c in self.countries.items()})
        return self._namer

    def _load_article(self, article_id: str) -> Article | None:
        try:
            return self.store.get_article(article_id)
        except NotFoundError:
            return None

    def _load_entity(self, entity_id: str) -> Entity | None:
        try:
            return self.store.get_entity(entity_id)
        except NotFoundError:
            return None

    def _pushdown(self, kind: str) -> dict[str, Any]:
        """Filters the store may apply itself: all of store_kwargs unless a correction may change those fields."""
        if any(c.target_kind == kind and c.action in _FIELD_ACTIONS for c in self.corrections):
            return {}
        return self.filters.store_kwargs()

    def items(self, what: str) -> Iterator[Item]:
        """Stream ``what`` ('articles', 'events', 'incidents') corrected and filtered, in store order."""
        if what == "articles":
            return self._articles()
        if what == "events":
            return self._events()
        if what == "incidents":
            return self._incidents()
        raise ConfigError(f"cannot export {what!r}: choose one of {', '.join(WHATS)}")

    def _articles(self) -> Iterator[Item]:
        f = self.filters
        for a in self.store.iter_articles(language=f.language):
            if f.source is not None and (a.source is None or f.source.casefold() not in a.source.casefold()):
                continue
            if not f._date_ok(a.published):
                continue
            yield Item(a)

    def _events(self) -> Iterator[Item]:
        kwargs = self._pushdown("event")
        for ev in self.store.iter_events(language=self.filters.language, **kwargs):
            fixed = apply_corrections(ev, self._by_target.get(ev.id, ()))
            if fixed.wrong:
                continue
            art = self.article(ev.article_id)
            if self.filters.matches_event(
                fixed.record, language=art.language if art else None, source=art.source if art else None
            ):
                yield Item(fixed.record, fixed.corrected)

    def _incidents(self) -> Iterator[Item]:
        chunk: list[Item] = []
        for item in self._incidents_one_by_one():
            chunk.append(item)
            if len(chunk) >= PREFETCH:
                self._prefetch_modes(chunk)
                yield from chunk
                chunk = []
        self._prefetch_modes(chunk)
        yield from chunk

    def _incidents_one_by_one(self) -> Iterator[Item]:
        kwargs = self._pushdown("incident")
        absorbed: dict[str, list[str]] = defaultdict(list)
        for other, into in self.merged.items():
            absorbed[into].append(other)
        for inc in self.store.iter_incidents(**kwargs):
            if inc.id in self.merged:
                continue
            corrected = False
            if inc.id in absorbed:
                others = list(self.store.iter_incidents(ids=absorbed[inc.id]))
                inc = merge_into(inc, others)
                corrected = True
            fixed = apply_corrections(inc, self._by_target.get(inc.id, ()))
            if fixed.wrong:
                continue
            if self.filters.matches_incident(fixed.record):
                yield Item(fixed.record, corrected or fixed.corrected)

    def _prefetch_modes(self, chunk: list[Item]) -> None:
        """Read the modes and ACLED sub-event types of a chunk of incidents' reports in one query (ACLED rows)."""
        self._modes.clear()
        self._acled.clear()
        wanted: dict[str, str] = {}
        for item in chunk:
            rec = item.record
            if isinstance(rec, Incident):
                wanted.update((r, rec.id) for r in rec.report_ids)
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        subs: dict[str, Counter[str]] = defaultdict(Counter)
        if wanted:
            for ev in self.store.iter_events(ids=list(wanted)):
                if ev.mode is not None:
                    counts[wanted[ev.id]][ev.mode] += 1
                if ev.acled_sub_event is not None:
                    subs[wanted[ev.id]][ev.acled_sub_event] += 1
        for item in chunk:
            rec = item.record
            if not isinstance(rec, Incident):
                continue
            c = counts.get(rec.id) if self.ontology_has_modes(rec.event_type) else None
            self._modes[rec.id] = c.most_common(1)[0][0] if c else None
            a = subs.get(rec.id)
            self._acled[rec.id] = a.most_common(1)[0][0] if a else None

    def mode_of(self, record: Record) -> str | None:
        """PLOVER mode of an event report, or the most common mode among an incident's reports (None if none)."""
        if isinstance(record, EventReport):
            return record.mode
        if not isinstance(record, Incident) or not self.ontology_has_modes(record.event_type):
            return None
        if record.id in self._modes:
            return self._modes[record.id]
        modes = Counter(ev.mode for ev in self.store.iter_events(ids=record.report_ids) if ev.mode is not None)
        return modes.most_common(1)[0][0] if modes else None

    def acled_of(self, record: Record) -> str | None:
        """ACLED sub-event type of an event report, or the most common among an incident's reports (None if none)."""
        if isinstance(record, EventReport):
            return record.acled_sub_event
        if not isinstance(record, Incident):
            return None
        if record.id not in self._acled:
            subs = Counter(
                ev.acled_sub_event for ev in self.store.iter_events(ids=record.report_ids) if ev.acled_sub_event
            )
            self._acled[record.id] = subs.most_common(1)[0][0] if subs else None
        return self._acled[record.id]

    def ontology_has_modes(self, event_type: str) -> bool:
        """True when the PLOVER type ``event_type`` is known and has modes."""
        if event_type not in self._has_modes:
            try:
                self._has_modes[event_type] = bool(self.ontology.modes(event_type))
            except ConfigError:
                self._has_modes[event_type] = False
        return self._has_modes[event_type]

    def country(self, alpha3: str | None) -> Country | None:
        """The country table row of ``alpha3`` (None when unknown)."""
        return self.countries.get(alpha3) if alpha3 else None

    def admin_names(self, place_entity_id: str | None) -> tuple[str, str]:
        """(admin1, admin2) names of a place, from the chain of parent entities in the store ('' when unknown)."""
        admin1 = admin2 = ""
        seen: set[str] = set()
        current = self.entity(place_entity_id) if place_entity_id else None
        while current is not None and current.id not in seen:
            seen.add(current.id)
            if current.feature == "admin1" and not admin1:
                admin1 = current.name
            elif current.feature == "admin2" and not admin2:
                admin2 = current.name
            current = self.entity(current.parent_id) if current.parent_id else None
        return admin1, admin2
