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
from collections.abc import Iterable, Sequence

from eventcoder import registry
from eventcoder.resolve.gazetteer import Gazetteer, Place

__all__ = ["DocumentGeocoder", "distance_km"]

_KIND_BONUS = {"country": 6.0, "curated": 6.0, "admin1": 4.0}
MAX_CANDIDATES = 60


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
        """One place (or None) per name of the document, chosen with the document as context."""
        cands = [self.gazetteer.candidates(n)[:MAX_CANDIDATES] for n in names]
        fixed = set(context_countries)
        first = [max(c, key=lambda p: self._score(p, fixed, set(), [])) if c else None for c in cands]
        out: list[Place | None] = []
        for i, options in enumerate(cands):
            if not options:
                out.append(None)
                continue
            others = [p for j, p in enumerate(first) if p is not None and j != i]
            countries = fixed | {p.country for p in others if p.country}
            regions = {(p.country, p.admin1) for p in others if p.kind in ("admin1", "curated") and p.admin1}
            out.append(max(options, key=lambda p: self._score(p, countries, regions, others)))
        return out

    @staticmethod
    def _score(p: Place, countries: set[str], regions: set[tuple[str | None, str]], others: list[Place]) -> float:
        score = math.log10(p.population + 1) + _KIND_BONUS.get(p.kind, 0.0) + (5.5 if p.capital_of else 0.0)
        if p.country in countries:
            score += 3.0
        if p.admin1 and (p.country, p.admin1) in regions and p.kind == "city":
            score += 2.0
        if p.latitude is not None and p.longitude is not None and p.kind == "city":
            near = any(
                o.latitude is not None and o.longitude is not None and o.id != p.id
                and distance_km(p.latitude, p.longitude, o.latitude, o.longitude) < 250
                for o in others
            )  # fmt: skip
            score += 2.0 if near else 0.0
        return score
