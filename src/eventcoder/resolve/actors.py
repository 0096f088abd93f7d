"""The actor knowledge base: states and their units, international bodies, people and their offices.

Built from ``resources/kb/states.yaml`` (generated), ``resources/kb/actors.yaml``
(curated) and ``resources/kb/conflicts/*.yaml`` (armed groups, militias, missions and leaders of
current conflicts; provenance in ``resources/kb/conflicts/README.md``).  Every state ``kb:XXX``
implies five units: ``kb:XXX.gov`` (government), ``.mil`` (armed forces), ``.mfa`` (foreign ministry), ``.mod``
(defence ministry) and ``.pol`` (police); curated entries with those ids add aliases.

ACLED inter codes: state units and office holders carry 1 (State forces).
ACLED codes a state's forces as 8 (External/Other forces) when they act
outside their own country: :func:`acled_inter` applies that rule once the
event's country is known.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from eventcoder.models import Entity, EntityKind
from eventcoder.resolve.kbfiles import conflict_kb_files, read_kb
from eventcoder.resolve.normalize import loose_key, name_key

__all__ = ["ActorKB", "Office", "acled_inter"]

_UNITS = {
    "gov": ("Government of {}", EntityKind.ORGANISATION),
    "mil": ("Armed Forces of {}", EntityKind.GROUP),
    "mfa": ("Ministry of Foreign Affairs of {}", EntityKind.ORGANISATION),
    "mod": ("Ministry of Defence of {}", EntityKind.ORGANISATION),
    "pol": ("Police Forces of {}", EntityKind.GROUP),
}
_KINDS = {"organisation": EntityKind.ORGANISATION, "group": EntityKind.GROUP}
_RECALLED = "unverified: two independent recalls agree (resources/kb/conflicts/README.md)"


@dataclass(frozen=True, slots=True)
class Office:
    """An office held by a person: ``office`` of ``holder`` from ``start`` to ``end`` (None: open)."""

    person: str
    office: str
    holder: str
    start: dt.date | None
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        """True when the term includes ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


def _first_code(codes: set[int | None]) -> int | None:
    found = sorted(c for c in codes if c is not None)
    return found[0] if found else None


def _external_ids(entry: dict[str, Any], provenance: str) -> dict[str, str]:
    """Wikidata QID (marked unverified outside the curated actors.yaml) and ACLED name of a KB entry."""
    ids: dict[str, str] = {}
    if "wikidata" in entry:
        ids["wikidata"] = entry["wikidata"]
        if provenance != "resources/kb/actors.yaml":
            ids["wikidata_status"] = _RECALLED
    if "acled_name" in entry:
        ids["acled"] = entry["acled_name"]
    return ids


def acled_inter(entity: Entity, event_country: str | None) -> int | None:
    """ACLED inter code of ``entity`` in an event in ``event_country`` (ISO3): state forces abroad become 8."""
    if entity.actor_type == 1 and event_country and entity.country and entity.country != event_country:
        return 8
    return entity.actor_type


class ActorKB:
    """Actors by id, an alias index, and office terms for resolving titles at a date."""

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self.offices: list[Office] = []
        self.leader_office: dict[str, str] = {}
        self._keys: dict[str, set[str]] = defaultdict(set)
        self._loose: dict[str, set[str]] = defaultdict(set)
        self._person_prefixes: list[tuple[str, str]] = []
        curated = read_kb("actors.yaml")
        for state in read_kb("states.yaml").get("states", []):
            self._add_state(state, curated.get("states", {}).get(state["id"], {}))
        for org in curated.get("organisations", []):
            self._add_org(org)
        for person in curated.get("persons", []):
            self._add_person(person, "resources/kb/actors.yaml")
        for name in conflict_kb_files():
            data = read_kb(name)
            for org in data.get("organisations", []):
                self._add_org(org, f"resources/kb/{name}")
            for person in data.get("persons", []):
                self._add_person(person, f"resources/kb/{name}")

    # ------------------------------------------------------------------ building

    def _add(self, entity: Entity) -> None:
        self.entities[entity.id] = entity
        for names in [[entity.name], *entity.aliases.values()]:
            for name in names:
                self._keys[name_key(name)].add(entity.id)
                self._loose[loose_key(name)].add(entity.id)

    def _add_state(self, state: dict[str, Any], extra: dict[str, Any]) -> None:
        aliases = {lang: list(v) for lang, v in state["aliases"].items()}
        for lang, values in extra.get("aliases", {}).items():
            aliases.setdefault(lang, []).extend(values)
        ids = {"wikidata": extra["wikidata"]} if "wikidata" in extra else {}
        sid, iso3 = state["id"], state["iso3"]
        self.leader_office[sid] = extra.get("leader", "head_of_state")
        prov = "resources/kb/states.yaml (CLDR, GeoNames)"
        self._add(Entity(id=sid, kind=EntityKind.STATE, name=state["name"], aliases=aliases, external_ids=ids,
                         country=iso3, actor_type=1, provenance=prov))  # fmt: skip
        for unit, (pattern, kind) in _UNITS.items():
            uid = f"{sid}.{unit}"
            self.entities[uid] = Entity(id=uid, kind=kind, name=pattern.format(state["name"]), country=iso3,
                                        actor_type=1, parent_id=sid, provenance=prov)  # fmt: skip

    def _add_org(self, org: dict[str, Any], provenance: str = "resources/kb/actors.yaml") -> None:
        base = self.entities.get(org["id"])
        aliases = {lang: list(v) for lang, v in (base.aliases if base else {}).items()}
        for lang, values in org.get("aliases", {}).items():
            aliases.setdefault(lang, []).extend(values)
        ids = _external_ids(org, provenance)
        entity = Entity(
            id=org["id"],
            kind=_KINDS[org["kind"]] if "kind" in org else (base.kind if base else EntityKind.ORGANISATION),
            name=org.get("name") or (base.name if base else org["id"]),
            aliases=aliases,
            external_ids=ids,
            country=org.get("country") or (base.country if base else None),
            actor_type=org.get("actor_type") or (base.actor_type if base else 8),
            parent_id=org.get("parent") or (base.parent_id if base else None),
            provenance=provenance,
        )
        self._add(entity)

    def _add_person(self, person: dict[str, Any], provenance: str) -> None:
        ids = _external_ids(person, provenance)
        same = [e for e in self.lookup(person["name"]) if self.entities[e].kind is EntityKind.PERSON]
        pid = same[0] if same else person["id"]
        offices = [Office(pid, o["office"], o["of"], o.get("start"), o.get("end")) for o in person["offices"]]
        known = {(o.person, o.office, o.holder, o.start) for o in self.offices}
        self.offices.extend(o for o in offices if (o.person, o.office, o.holder, o.start) not in known)
        if same:  # a person curated in an earlier file: its offices and aliases are merged into that entry
            old = self.entities[pid]
            aliases = {lang: list(v) for lang, v in old.aliases.items()}
            for lang, values in person.get("aliases", {}).items():
                aliases.setdefault(lang, []).extend(v for v in values if v not in aliases.get(lang, []))
            self._add(old.model_copy(update={"aliases": aliases, "external_ids": old.external_ids or ids}))
            return
        holders = {self.entities[o.holder].actor_type for o in offices if o.holder in self.entities}
        entity = Entity(id=person["id"], kind=EntityKind.PERSON, name=person["name"], aliases=person["aliases"],
                        external_ids=ids, country=person.get("country"), actor_type=_first_code(holders),
                        provenance=provenance)  # fmt: skip
        self._add(entity)
        for names in entity.aliases.values():
            for name in names:
                key = name_key(name)
                if " " in key:
                    self._person_prefixes.append((key, entity.id))

    # ------------------------------------------------------------------ lookups

    def lookup(self, name: str, *, person_prefix: bool = False) -> list[str]:
        """Ids of actors named ``name`` (exact key, then transliteration variants, then person-name prefix)."""
        key = name_key(name)
        found = self._keys.get(key) or self._loose.get(loose_key(name))
        if not found and person_prefix:
            found = {pid for prefix, pid in self._person_prefixes if key.startswith(prefix)}
        return sorted(found or ())

    def holder(self, holder_id: str, offices: list[str], day: dt.date) -> str | None:
        """The person holding the first of ``offices`` of ``holder_id`` on ``day`` ('leader' uses the state's rule)."""
        for office in offices:
            wanted = self.leader_office.get(holder_id, "head_of_state") if office == "leader" else office
            hits = [o for o in self.offices if o.holder == holder_id and o.office == wanted and o.covers(day)]
            if hits:
                return hits[0].person
        return None
