"""Per-language entity knowledge read from ``resources/<lang>/`` (no language appears in this code).

Files (each optional, each with a provenance header):

- ``entity_patterns.tsv`` and ``entity_patterns.*.tsv``: ``LABEL<TAB>phrase`` lines for the gazetteer;
- ``entity_filters.yaml``: ``strip_leading``, ``not_entities``, ``articles``, ``drop_lowercase_initial``.

A language without a patterns file gets CLDR country names from babel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable

import yaml

from eventcoder.errors import ConfigError
from eventcoder.nlp.build_gazetteer import country_patterns

__all__ = ["LanguageData", "load_language_data"]


@dataclass(frozen=True)
class LanguageData:
    """Gazetteer patterns and span filters of one language."""

    language: str
    patterns: tuple[tuple[str, str], ...] = ()
    strip_leading: frozenset[str] = frozenset()
    not_entities: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()
    drop_lowercase_initial: bool = False
    sources: tuple[str, ...] = ()
    _regex: re.Pattern[str] | None = field(default=None, repr=False, compare=False)
    _labels: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def build(
        cls,
        language: str,
        patterns: list[tuple[str, str]],
        *,
        strip_leading: frozenset[str] = frozenset(),
        not_entities: frozenset[str] = frozenset(),
        articles: frozenset[str] = frozenset(),
        drop_lowercase_initial: bool = False,
        sources: tuple[str, ...] = (),
    ) -> LanguageData:
        """Build the record and compile its gazetteer regex (longest phrases first; later files win on labels)."""
        labels: dict[str, str] = {}
        for label, phrase in patterns:
            labels.setdefault(phrase, label)
        regex = None
        if labels:
            alternatives = "|".join(re.escape(p) for p in sorted(labels, key=len, reverse=True))
            regex = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
        return cls(
            language=language,
            patterns=tuple(patterns),
            strip_leading=strip_leading,
            not_entities=not_entities,
            articles=articles,
            drop_lowercase_initial=drop_lowercase_initial,
            sources=sources,
            _regex=regex,
            _labels=labels,
        )

    def label_of(self, phrase: str) -> str | None:
        """The gazetteer label of exactly ``phrase``, or None when it is not a known name."""
        return self._labels.get(phrase)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Gazetteer matches in ``text`` as (start, end, label), left to right, non-overlapping, longest first."""
        if self._regex is None:
            return []
        return [(m.start(), m.end(), self._labels[m.group()]) for m in self._regex.finditer(text)]


def _read_patterns(resource: Traversable, name: str) -> list[tuple[str, str]]:
    out = []
    for number, line in enumerate(resource.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, sep, phrase = line.partition("\t")
        if not sep or not phrase.strip() or label not in {"PER", "LOC", "ORG", "MISC"}:
            raise ConfigError(f"{name}:{number}: expected LABEL<TAB>phrase, got {line!r}")
        out.append((label, phrase.strip()))
    return out


def _words(value: object, name: str, key: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise ConfigError(f"{name}: {key} must be a list of words")
    return frozenset(value)


def load_language_data(language: str) -> LanguageData:
    """Read the entity patterns and filters of ``language`` from the package resources.

    Returns an empty filter set and CLDR country names when the language has no files.
    Raises ConfigError on a malformed file.
    """
    if not re.fullmatch(r"[a-z]{2,3}", language):  # 'und' and odd codes: no files, no CLDR names
        return LanguageData.build(language, [], sources=())
    folder = files("eventcoder.resources").joinpath(language)
    patterns: list[tuple[str, str]] = []
    sources: list[str] = []
    names: list[str] = []
    if folder.is_dir():
        names = sorted(p.name for p in folder.iterdir() if p.name.startswith("entity_patterns."))
    # the curated file first: its labels win over generated ones
    for name in sorted(names, key=lambda n: (n != "entity_patterns.tsv", n)):
        patterns.extend(_read_patterns(folder.joinpath(name), f"{language}/{name}"))
        sources.append(f"resources/{language}/{name}")
    if not names:
        patterns = country_patterns(language)
        sources.append("babel CLDR territory names")
    filters: dict[str, object] = {}
    filter_file = folder.joinpath("entity_filters.yaml")
    if folder.is_dir() and filter_file.is_file():
        loaded = yaml.safe_load(filter_file.read_text(encoding="utf-8")) or {}
        if not isinstance(loaded, dict):
            raise ConfigError(f"{language}/entity_filters.yaml: expected a mapping")
        filters = loaded
        sources.append(f"resources/{language}/entity_filters.yaml")
    name = f"{language}/entity_filters.yaml"
    return LanguageData.build(
        language,
        patterns,
        strip_leading=_words(filters.get("strip_leading"), name, "strip_leading"),
        not_entities=_words(filters.get("not_entities"), name, "not_entities"),
        articles=_words(filters.get("articles"), name, "articles"),
        drop_lowercase_initial=bool(filters.get("drop_lowercase_initial", False)),
        sources=tuple(sources),
    )
