"""Choosing one gazetteer place per toponym, using the whole document as context.

Scoring (documented in docs/quality-geo.md): each candidate gets

* ``log10(population + 1)``;
* +6 when it is a country or a curated place (countries are tried before
  towns: 'Armênia' is the country, not the Colombian town), +4 for a
  first-level region (US state), +5.5 for a national capital ('Washington'
  is the capital before the state);
* +3 when its country is the country of another toponym of the document
  (provisional choices of a first round, plus ``context_countries`` given by
  the caller, e.g. states named as actors), +2 when it lies in a US state or
  region named in the document, +2 when it is within 250 km of another
  toponym's provisional choice.

Two rounds: the first picks by the context-free score, the second rescores
with the first round's choices as context.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from eventcoder import registry
from eventcoder.resolve.gazetteer import Gazetteer, Place

__all__ = ["DocumentGeocoder", "distance_km"]

_KIND_BONUS = {"country": 6.0, "curated": 6.0, "admin1": 4.0}
MAX_CANDIDATES = 60
NEAR_KM = 250.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine, mean Earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


@registry.geocoders.register("geonames")
class DocumentGeocoder:
    """Resolve the toponyms of one document together (a batch is one document's names)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, names: Sequence[str], *, context_countries: Iterable[str] = ()) -> list[Place | None]:
        """One place (or None) per name of the document, chosen with the document as context.

        Work grows with the number of distinct names, not with their occurrences: every occurrence of a
        name gets the same candidates and the same choice, so each distinct name is resolved once (a
        live report naming one town 500 times costs what naming it once does).  The context of a name is
        the first-round choices of the other names, and its own when it occurs more than once.
        """
        counts = Counter(names)
        unique = list(counts)
        cands = [self.gazetteer.candidates(n)[:MAX_CANDIDATES] for n in unique]
        fixed = set(context_countries)
        first = [max(c, key=lambda p: self._score(p, fixed, set(), _Near(()))) if c else None for c in cands]
        chosen: dict[str, Place | None] = {}
        for i, (name, options) in enumerate(zip(unique, cands, strict=True)):
            if not options:
                chosen[name] = None
                continue
            others = [p for j, p in enumerate(first) if p is not None and (j != i or counts[name] > 1)]
            countries = fixed | {p.country for p in others if p.country}
            regions = {(p.country, p.admin1) for p in others if p.kind in ("admin1", "curated") and p.admin1}
            near = _Near(others)
            chosen[name] = max(options, key=lambda p: self._score(p, countries, regions, near))
        return [chosen[n] for n in names]

    @staticmethod
    def _score(p: Place, countries: set[str], regions: set[tuple[str | None, str]], near: _Near) -> float:
        score = math.log10(p.population + 1) + _KIND_BONUS.get(p.kind, 0.0) + (5.5 if p.capital_of else 0.0)
        if p.country in countries:
            score += 3.0
        if p.admin1 and (p.country, p.admin1) in regions and p.kind == "city":
            score += 2.0
        if p.latitude is not None and p.longitude is not None and p.kind == "city":
            score += 2.0 if near(p, NEAR_KM) else 0.0
        return score


class _Near:
    """The located places of a document's context, to ask whether a place lies near one of them."""

    def __init__(self, places: Iterable[Place]) -> None:
        located = {p.id: (p.latitude, p.longitude) for p in places if None not in (p.latitude, p.longitude)}
        self.ids = np.array(list(located), dtype=object)
        points = np.radians(np.array(list(located.values()), dtype=float).reshape(-1, 2))
        self.lat, self.lon = points[:, 0], points[:, 1]

    def __call__(self, p: Place, km: float) -> bool:
        """Whether a context place other than ``p`` itself lies within ``km`` of ``p`` (haversine)."""
        if not len(self.ids) or p.latitude is None or p.longitude is None:
            return False
        lat, lon = math.radians(p.latitude), math.radians(p.longitude)
        a = np.sin((self.lat - lat) / 2) ** 2 + math.cos(lat) * np.cos(self.lat) * np.sin((self.lon - lon) / 2) ** 2
        d = 2 * 6371.0 * np.arcsin(np.minimum(1.0, np.sqrt(a)))
        return bool(np.any((d < km) & (self.ids != p.id)))
