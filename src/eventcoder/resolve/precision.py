"""Geographic precision codes of a resolved place (ACLED geo_precision, UCDP where_prec).

The resolver records what kind of place an entity is in ``Entity.feature``:
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

from eventcoder.models import PLACE_PRECISION, Entity

__all__ = ["PRECISION", "place_precision"]

PRECISION = PLACE_PRECISION


def place_precision(entity: Entity) -> tuple[int, int] | None:
    """(ACLED geo_precision, UCDP where_prec) of a place or state entity; None for other entities."""
    return entity.place_precision()
