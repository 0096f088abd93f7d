"""Actor names the way ACLED writes them.

- An entity the knowledge base gives an ACLED name (``external_ids["acled"]``, e.g. "RSF: Rapid Support Forces")
  keeps it.
- A state and its units: "Government of <country> (<period>)" (state, government, foreign and defence ministries,
  and office holders acting for the state), "Military Forces of <country> (<period>)", "Police Forces of <country>
  (<period>)".  The period is the term of the state's leader (``ActorKB.leader_office``) on the event's day, from
  the knowledge base's terms of office: "(2018-)" while in office, "(2018-2022)" after; no period when the KB has
  no term for that day.  State forces abroad keep their own country's name (ACLED codes them inter 8).
- Unnamed actors (no entity, or an entity created from the text) take ACLED's generic names with the event's
  country: inter 1 "Police Forces of X" when the text says police, else "Military Forces of X"; 3 "Unidentified
  Armed Group (X)"; 4 "Unidentified Communal Militia (X)"; 5 "Rioters (X)"; 6 "Protesters (X)"; 7 "Civilians (X)".
  Named local entities and unnamed rebels (2) or external forces (8) keep the name the text gives.
"""

from __future__ import annotations

import datetime as dt
import re

from eventcoder.models import ActorRole, Entity, EntityKind
from eventcoder.resolve.actors import ActorKB

__all__ = ["AcledNamer"]

_UNIT_NAMES = {"gov": "Government", "mfa": "Government", "mod": "Government", "mil": "Military Forces",
               "pol": "Police Forces"}  # fmt: skip
_GENERIC = {
    3: "Unidentified Armed Group ({})",
    4: "Unidentified Communal Militia ({})",
    5: "Rioters ({})",
    6: "Protesters ({})",
    7: "Civilians ({})",
}
_POLICE = re.compile(r"polic|полиц|gendarm|жандарм|carabiner", re.IGNORECASE)
_STATE_ID = re.compile(r"^kb:([A-Z]{3})(?:\.(\w+))?$")


class AcledNamer:
    """ACLED-style actor names, with the knowledge base's terms of office for the periods."""

    def __init__(self, country_name: dict[str, str], kb: ActorKB | None = None) -> None:
        self.country_name = country_name
        self._kb = kb

    @property
    def kb(self) -> ActorKB:
        """The knowledge base (loaded on first use)."""
        if self._kb is None:
            self._kb = ActorKB()
        return self._kb

    def period(self, state_id: str, day: dt.date | None) -> str:
        """' (2018-)' or ' (2018-2022)' for the term of the state's leader on ``day``; '' when unknown."""
        if day is None:
            return ""
        wanted = self.kb.leader_office.get(state_id, "head_of_state")
        for office in self.kb.offices:
            if office.holder == state_id and office.office == wanted and office.covers(day) and office.start:
                end = f"{office.end.year}" if office.end else ""
                return f" ({office.start.year}-{end})"
        return ""

    def _state_name(self, iso3: str, unit: str | None, day: dt.date | None) -> str | None:
        country = self.country_name.get(iso3)
        label = _UNIT_NAMES.get(unit or "gov")
        if country is None or label is None:
            return None
        return f"{label} of {country}{self.period('kb:' + iso3, day)}"

    def name(self, actor: ActorRole, entity: Entity | None, event_country: str | None, day: dt.date | None) -> str:
        """The ACLED name of ``actor`` in an event in ``event_country`` (ISO3) on ``day``."""
        if entity is not None and not entity.id.startswith("local:"):
            if "acled" in entity.external_ids:
                return entity.external_ids["acled"]
            state = _STATE_ID.match(entity.id)
            if state and (named := self._state_name(state.group(1), state.group(2), day)):
                return named
            if entity.kind is EntityKind.PERSON and day is not None:
                for office in self.kb.offices:
                    holder = _STATE_ID.match(office.holder)
                    if office.person == entity.id and office.covers(day) and holder:
                        return self._state_name(holder.group(1), holder.group(2), day) or actor.name
            return actor.name
        if entity is not None and entity.kind is not EntityKind.GROUP:
            return actor.name
        country = self.country_name.get(event_country or "")
        if country is None or actor.actor_type is None:
            return actor.name
        if actor.actor_type == 1 and event_country:
            return self._state_name(event_country, "pol" if _POLICE.search(actor.name) else "mil", day) or actor.name
        generic = _GENERIC.get(actor.actor_type)
        return generic.format(country) if generic else actor.name
