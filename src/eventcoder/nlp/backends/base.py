"""The shape of a language backend and how one is built from its spec."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import NamedTuple, Protocol

from eventcoder import registry
from eventcoder.errors import ConfigError
from eventcoder.nlp.entities import RawEntity
from eventcoder.settings import NlpSettings

__all__ = ["BUILTIN_MODULES", "Backend", "RawDoc", "make_backend"]

BUILTIN_MODULES = ("spacy_backend", "natasha_backend", "fallback_backend")


class RawDoc(NamedTuple):
    """What a backend found in one text: sentence spans and entity spans (offsets into that text)."""

    sentences: list[tuple[int, int]]
    entities: list[RawEntity]


class Backend(Protocol):
    """A loaded backend: ``name`` as stored in records, ``fallback`` when it is the rule-based one."""

    name: str
    fallback: bool

    def __call__(self, texts: Sequence[str]) -> list[RawDoc]:
        """Analyse each text; returns one RawDoc per text, in order."""
        ...


def make_backend(spec: str, settings: NlpSettings) -> Backend:
    """Build the backend named by ``spec`` ('kind' or 'kind:argument'); ConfigError when the kind is unknown."""
    for module in BUILTIN_MODULES:
        importlib.import_module(f"eventcoder.nlp.backends.{module}")
    kind, _, argument = spec.partition(":")
    factory = registry.language_backends.get(kind)
    if not callable(factory):
        raise ConfigError(f"language backend {kind!r} is not callable")
    build: Callable[..., Backend] = factory
    return build(settings, argument=argument or None)
