"""Knowledge base (places, actors) and mention resolution.

The pipeline calls ``Resolver(settings.resolve)(batch)`` with (Article, Analysis)
pairs and gets one ``Resolution`` each.  ``place_precision`` gives the ACLED /
UCDP precision codes of a resolved place; ``DocumentGeocoder`` resolves the
toponyms of one document (used by the geoparsing scorers).
"""

from __future__ import annotations

from eventcoder.resolve.actors import ActorKB, acled_inter
from eventcoder.resolve.gazetteer import Gazetteer, Place, build_index, default_index_path
from eventcoder.resolve.geocoder import DocumentGeocoder, distance_km
from eventcoder.resolve.precision import place_precision
from eventcoder.resolve.resolver import Resolver, local_id

__all__ = [
    "ActorKB",
    "DocumentGeocoder",
    "Gazetteer",
    "Place",
    "Resolver",
    "acled_inter",
    "build_index",
    "default_index_path",
    "distance_km",
    "local_id",
    "place_precision",
]
