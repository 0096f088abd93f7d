"""Swappable parts, chosen by name.

Each kind of part (input reader, language backend, geocoder, extractor,
scorer, exporter, ...) has one ``Registry``.  Built-in parts register
themselves with the decorator; third parties add theirs through the
entry-point group ``eventcoder.<kind>`` (for example ``eventcoder.scorers``),
loaded the first time a registry is asked for a name it does not know.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from typing import Generic, TypeVar

from eventcoder.errors import ConfigError

__all__ = ["Registry", "exporters", "language_backends", "readers", "scorers"]

T = TypeVar("T")


class Registry(Generic[T]):
    """A name -> factory table for one kind of part."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}
        self._entry_points_loaded = False

    def register(self, name: str) -> Callable[[T], T]:
        """Decorator: register ``obj`` under ``name``; returns it unchanged."""

        def deco(obj: T) -> T:
            self._items[name] = obj
            return obj

        return deco

    def add(self, name: str, obj: T) -> None:
        """Register ``obj`` under ``name`` (replacing a previous one)."""
        self._items[name] = obj

    def _load_entry_points(self) -> None:
        if self._entry_points_loaded:
            return
        self._entry_points_loaded = True
        for ep in entry_points(group=f"eventcoder.{self.kind}"):
            self._items.setdefault(ep.name, ep.load())

    def get(self, name: str) -> T:
        """Return the part registered as ``name``; ConfigError when there is none."""
        if name not in self._items:
            self._load_entry_points()
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise ConfigError(f"no {self.kind} named {name!r} (known: {known})") from None

    def names(self) -> list[str]:
        """All registered names, sorted."""
        self._load_entry_points()
        return sorted(self._items)

    def __contains__(self, name: object) -> bool:
        self._load_entry_points()
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())


# The registries.  Values are factories or classes; each module that defines a
# part registers it here, and the pipeline imports those modules.
readers: Registry[object] = Registry("readers")
language_backends: Registry[object] = Registry("language_backends")
geocoders: Registry[object] = Registry("geocoders")
extractors: Registry[object] = Registry("extractors")
scorers: Registry[object] = Registry("scorers")
exporters: Registry[object] = Registry("exporters")
