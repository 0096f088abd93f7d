"""The PLOVER event ontology (as used by POLECAT) and its mappings to ACLED and CAMEO.

All knowledge lives in ``resources/ontology/``: ``plover.yaml`` (16 types, definitions,
quad categories, modes, CAMEO roots), ``acled.yaml`` (ordered rules from type + mode to ACLED
disorder/event/sub-event types) and ``legacy_labels.yaml`` (older PLOVER and CAMEO labels such as
FIGHT, DISAPPROVE, DEMAND, INVESTIGATE mapped onto the current 16).
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files
from typing import Any, NamedTuple

import yaml

from eventcoder.errors import ConfigError

__all__ = ["NONE", "AcledCode", "Ontology"]

NONE = "NONE"
"""Label of 'no PLOVER event' (used by the classifier and by legacy labels PLOVER dropped)."""


class AcledCode(NamedTuple):
    """ACLED classification of an event: (disorder_type, event_type, sub_event_type)."""

    disorder_type: str
    event_type: str
    sub_event_type: str


class _Refinement(NamedTuple):
    source: str
    target: str
    sources: frozenset[int] | None
    targets: frozenset[int] | None
    killed: bool | None

    @staticmethod
    def read(index: int, raw: dict[str, Any]) -> _Refinement:
        try:
            return _Refinement(
                str(raw["from"]),
                str(raw["to"]),
                frozenset(int(c) for c in raw["sources"]) if "sources" in raw else None,
                frozenset(int(c) for c in raw["targets"]) if "targets" in raw else None,
                bool(raw["killed"]) if "killed" in raw else None,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"acled.yaml refine rule {index}: {exc}") from None

    def applies(self, sub_event: str, sources: Sequence[int], targets: Sequence[int], killed: bool) -> bool:
        def within(codes: Sequence[int], allowed: frozenset[int] | None) -> bool:
            return allowed is None or (bool(codes) and all(c in allowed for c in codes))

        return (
            sub_event == self.source
            and within(sources, self.sources)
            and within(targets, self.targets)
            and (self.killed is None or self.killed == killed)
        )


class _AcledRule(NamedTuple):
    event_type: str
    modes: frozenset[str | None] | None
    default: AcledCode
    civilian: AcledCode | None
    armed: AcledCode | None
    in_scope: bool


def _read_yaml(name: str) -> dict[str, Any]:
    text = files("eventcoder.resources").joinpath("ontology", name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ConfigError(f"ontology file {name} is not a mapping")
    return data


def _key(label: str) -> str:
    return label.strip().upper().replace("-", "_").replace(" ", "_")


def _code(raw: Any, where: str) -> AcledCode:
    if not isinstance(raw, list) or len(raw) != 3:
        raise ConfigError(f"acled.yaml {where}: expected [disorder_type, event_type, sub_event_type]")
    return AcledCode(str(raw[0]), str(raw[1]), str(raw[2]))


class Ontology:
    """PLOVER types and modes with ACLED and CAMEO mappings, loaded from the packaged data files."""

    def __init__(self) -> None:
        plover = _read_yaml("plover.yaml")["types"]
        self._types: dict[str, dict[str, Any]] = dict(plover)
        self._modes: dict[str, dict[str, str]] = {t: dict(v.get("modes") or {}) for t, v in plover.items()}
        acled = _read_yaml("acled.yaml")
        self._rules = [self._rule(i, r) for i, r in enumerate(acled["rules"])]
        self._candidates = {
            str(t): tuple(None if s is None else str(s) for s in subs)
            for t, subs in (acled.get("sub_events_by_type") or {}).items()
        }
        self._taxonomy = {str(k): (str(v[0]), str(v[1])) for k, v in acled["taxonomy"].items()}
        self._refine = [_Refinement.read(i, r) for i, r in enumerate(acled.get("refine") or [])]
        for t, subs in self._candidates.items():
            if t not in self._types or set(subs) - {*self._taxonomy, None}:
                raise ConfigError(f"acled.yaml sub_events_by_type {t}: unknown type or sub-event type")
        for r in self._refine:
            if {r.source, r.target} - set(self._taxonomy):
                raise ConfigError(f"acled.yaml refine: unknown sub-event type in {r.source} -> {r.target}")
        legacy = _read_yaml("legacy_labels.yaml")["labels"]
        self._legacy = {_key(k): str(v) for k, v in legacy.items()}
        for old, new in self._legacy.items():
            if new != NONE and new not in self._types:
                raise ConfigError(f"legacy_labels.yaml maps {old} to unknown type {new}")

    def _rule(self, index: int, raw: dict[str, Any]) -> _AcledRule:
        event_type = str(raw["type"])
        if event_type not in self._types:
            raise ConfigError(f"acled.yaml rule {index}: unknown PLOVER type {event_type}")
        modes = raw.get("modes")
        for mode in modes or []:
            if mode is not None and mode not in self._modes[event_type]:
                raise ConfigError(f"acled.yaml rule {index}: unknown mode {mode!r} of {event_type}")
        where = f"rule {index}"
        return _AcledRule(
            event_type=event_type,
            modes=None if modes is None else frozenset(modes),
            default=_code(raw["default"], where),
            civilian=_code(raw["civilian"], where) if "civilian" in raw else None,
            armed=_code(raw["armed"], where) if "armed" in raw else None,
            in_scope=bool(raw.get("in_scope", True)),
        )

    @property
    def types(self) -> tuple[str, ...]:
        """The 16 PLOVER event types, in codebook order."""
        return tuple(self._types)

    def _check(self, event_type: str) -> str:
        if event_type not in self._types:
            raise ConfigError(f"unknown PLOVER event type {event_type!r} (known: {', '.join(self._types)})")
        return event_type

    def modes(self, event_type: str) -> tuple[str, ...]:
        """Modes defined for ``event_type`` (empty for types without modes)."""
        return tuple(self._modes[self._check(event_type)])

    def mode_definition(self, event_type: str, mode: str) -> str:
        """Short definition of one mode of ``event_type``."""
        modes = self._modes[self._check(event_type)]
        if mode not in modes:
            raise ConfigError(f"unknown mode {mode!r} of {event_type}")
        return modes[mode]

    def definition(self, event_type: str) -> str:
        """Short definition of ``event_type``."""
        return str(self._types[self._check(event_type)]["definition"])

    def quad(self, event_type: str) -> str:
        """Quad category: verbal/material cooperation/conflict."""
        return str(self._types[self._check(event_type)]["quad"])

    def _acled_rule(self, event_type: str, mode: str | None) -> _AcledRule:
        self._check(event_type)
        if mode is not None and mode not in self._modes[event_type]:
            raise ConfigError(f"unknown mode {mode!r} of {event_type}")
        for rule in self._rules:
            if rule.event_type == event_type and (rule.modes is None or mode in rule.modes):
                return rule
        raise ConfigError(f"acled.yaml has no rule for {event_type} with mode {mode!r}")

    def to_acled(
        self, event_type: str, mode: str | None = None, *, target_is_civilian: bool | None = None
    ) -> AcledCode:
        """ACLED (disorder_type, event_type, sub_event_type) for a PLOVER type and mode.

        ``target_is_civilian`` picks between one-sided violence against civilians and armed
        clashes where the data distinguish them; None means unknown (the rule's default).
        Raises ConfigError for an unknown type or mode.
        """
        rule = self._acled_rule(event_type, mode)
        if target_is_civilian is True and rule.civilian is not None:
            return rule.civilian
        if target_is_civilian is False and rule.armed is not None:
            return rule.armed
        return rule.default

    def acled_candidates(self, event_type: str) -> tuple[str | None, ...]:
        """ACLED sub-event types an event of ``event_type`` can take (None among them: it may be outside ACLED's
        scope; empty: it always is)."""
        return self._candidates.get(self._check(event_type), ())

    def refine_acled(
        self, sub_event: str, *, sources: Sequence[int] = (), targets: Sequence[int] = (), killed: bool = False
    ) -> str:
        """The sub-event type once actors are known: ``sources``/``targets`` are the known ACLED actor types.

        The first ``refine`` rule of acled.yaml that applies gives the new type; else ``sub_event`` is kept.
        """
        for rule in self._refine:
            if rule.applies(sub_event, sources, targets, killed):
                return rule.target
        return sub_event

    def acled_code(self, sub_event: str) -> AcledCode:
        """The full ACLED code (disorder type, event type, sub-event type) of a sub-event type."""
        try:
            disorder, event_type = self._taxonomy[sub_event]
        except KeyError:
            raise ConfigError(f"unknown ACLED sub-event type {sub_event!r}") from None
        return AcledCode(disorder, event_type, sub_event)

    @property
    def acled_sub_events(self) -> tuple[str, ...]:
        """The 25 ACLED sub-event types, in codebook order."""
        return tuple(self._taxonomy)

    def in_acled_scope(self, event_type: str, mode: str | None = None) -> bool:
        """False for types ACLED does not record as events (meetings, accusations, ...)."""
        return self._acled_rule(event_type, mode).in_scope

    def cameo_roots(self, event_type: str) -> tuple[str, ...]:
        """All CAMEO 2-digit root codes folded into ``event_type``, main one first."""
        return tuple(str(c) for c in self._types[self._check(event_type)]["cameo"])

    def to_cameo(self, event_type: str, *, mode: str | None = None) -> str:
        """Main CAMEO root code ("01"-"20") of ``event_type``.

        For the merged types the mode refines it: ACCUSE/investigate -> "09"; ASSAULT with
        conventional military modes -> "19", with cbrn or massacre -> "20".
        """
        roots = self.cameo_roots(event_type)
        refined = {
            ("ACCUSE", "investigate"): "09",
            ("ASSAULT", "heavy-weapons"): "19",
            ("ASSAULT", "aerial"): "19",
            ("ASSAULT", "drone"): "19",
            ("ASSAULT", "firearms"): "19",
            ("ASSAULT", "cbrn"): "20",
            ("ASSAULT", "massacre"): "20",
        }
        return refined.get((event_type, mode or ""), roots[0])

    def normalise(self, label: str) -> str:
        """Current PLOVER type for ``label``: a current type, an older PLOVER label or a CAMEO root name.

        Case-insensitive. Returns ``NONE`` for labels PLOVER dropped (public statements); raises
        ConfigError for labels it does not know.
        """
        key = _key(label)
        if key in self._types or key == NONE:
            return key
        if key in self._legacy:
            return self._legacy[key]
        raise ConfigError(f"unknown event label {label!r}")
