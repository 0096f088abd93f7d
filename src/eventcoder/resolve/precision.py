"""Geographic precision codes of a resolved place (ACLED geo_precision, UCDP where_prec).

The resolver records what kind of place an entity is in ``Entity.external_ids['feature']``:
city, landmark, admin2, admin1, region, disputed_region, corridor, line, sea, or country (kind STATE).

=================  ==============  =============================================
feature            geo_precision   where_prec
=================  ==============  =============================================
city, landmark     1 (town)        1 (exact location)
admin2             2               3 (second-order administrative division)
corridor, line     2 (part of      5 (part of a country larger than admin1 or
                   region)            a stretch such as a front line)
admin1             3 (region)      4 (first-order administrative division)
region, disputed   3               5 (named part of a country)
country / state    3               6 (entire country)
sea                3               7 (international waters)
=================  ==============  =============================================
"""

from __future__ import annotations

from eventcoder.models import Entity, EntityKind

__all__ = ["PRECISION", "place_precision"]

PRECISION: dict[str, tuple[int, int]] = {
    "city": (1, 1),
    "landmark": (1, 1),
    "admin2": (2, 3),
    "corridor": (2, 5),
    "line": (2, 5),
    "admin1": (3, 4),
    "region": (3, 5),
    "disputed_region": (3, 5),
    "country": (3, 6),
    "sea": (3, 7),
}


def place_precision(entity: Entity) -> tuple[int, int] | None:
    """(ACLED geo_precision, UCDP where_prec) of a place or state entity; None for other entities."""
    if entity.kind is EntityKind.STATE:
        return PRECISION["country"]
    if entity.kind is not EntityKind.PLACE:
        return None
    return PRECISION.get(entity.external_ids.get("feature", ""))
