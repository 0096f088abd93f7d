"""Per-language cue lexicons used by event extraction, loaded from data files.

Four files per language under ``resources/<lang>/`` (each with a provenance header):

- ``attribution.yaml``: ``verbs`` (speech verbs: 'said', 'dijo', 'заявил'), ``sources`` (source markers
  followed by the speaker: 'according to', 'según', 'selon', 'по данным'), ``accusation`` and ``denial`` cues
  that set a claim's kind;
- ``event_status.yaml``: ``history`` (sentence or heading cues of history: 'En 1992-1994', 'Two years ago'),
  ``planned`` (future or intent just before or on the trigger: 'would', 'mantendría'), ``hypothetical``
  (conditionals before the trigger: 'If', 'podría'), ``negation`` (just before the trigger: 'did not', 'no'),
  ``denial`` (denial verbs in the clause before the trigger), ``time_exclusion`` (words before a time expression
  that make it no event date: 'since', 'desde');
- ``figures.yaml``: ``kinds`` (killed/wounded/captured/missing/displaced/released cue words near a number),
  ``people``, ``civilian`` and ``combatant`` nouns, ``side`` cues ('side', 'lado') that name whose casualties
  follow, ``conjunctions`` joining two figures;
- ``event_roles.yaml``: ``passive_agent`` ('by', 'por'), ``target`` ('against', 'contra'), ``mediator``
  ('brokered', 'como mediador'), ``participants`` ('between', 'entre'), ``locative`` prepositions before a
  country used as the place ('in', 'en'), ``framing`` (loaded words kept on an actor), optional ``parser``
  (a spaCy model name used for subjects and objects).

Cue syntax is the trigger lexicons': case-insensitive whole words, a trailing ``*`` matches any word ending;
a cue starting with ``re:`` is a regular expression.  Code never looks at a language code: it asks for the cues
of ``Article.language`` and gets the union of all loaded languages when that language has no files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

import yaml

from eventcoder.errors import ConfigError

__all__ = ["CueSet", "LanguageCues", "load_cues"]

FILES = ("attribution.yaml", "event_status.yaml", "figures.yaml", "event_roles.yaml")


def _pattern(cue: str) -> str:
    if cue.startswith("re:"):
        return f"(?:{cue[3:]})"
    prefix = cue.endswith("*")
    words = cue.rstrip("*").split()
    body = r"\s+".join(re.escape(w) for w in words)
    return rf"(?<!\w){body}" + (r"\w*" if prefix else r"(?!\w)")


class CueSet:
    """A compiled set of cues: ``finditer`` gives every match in a text."""

    def __init__(self, cues: Iterable[str]) -> None:
        self.cues = tuple(sorted({str(c).strip() for c in cues if str(c).strip()}, key=lambda c: (-len(c), c)))
        self._regex = re.compile("|".join(_pattern(c) for c in self.cues), re.I) if self.cues else None

    def __bool__(self) -> bool:
        return self._regex is not None

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """(start, end) offsets of the cues in ``text[start:end]``, as offsets into ``text``."""
        if self._regex is None:
            return []
        stop = len(text) if end is None else end
        return [(m.start(), m.end()) for m in self._regex.finditer(text, start, stop) if m.end() > m.start()]

    def search(self, text: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
        """The first cue in ``text[start:end]``, or None."""
        hits = self.finditer(text, start, end)
        return hits[0] if hits else None

    def last(self, text: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
        """The last cue in ``text[start:end]``, or None."""
        hits = self.finditer(text, start, end)
        return hits[-1] if hits else None


@dataclass(frozen=True)
class LanguageCues:
    """All cue sets of one language (or the union of several)."""

    speech_verbs: CueSet
    source_markers: CueSet
    accusation: CueSet
    denial_claim: CueSet
    history: CueSet
    planned: CueSet
    hypothetical: CueSet
    negation: CueSet
    denial: CueSet
    time_exclusion: CueSet
    figure_kinds: dict[str, CueSet]
    people: CueSet
    civilian: CueSet
    combatant: CueSet
    side: CueSet
    conjunctions: CueSet
    passive_agent: CueSet
    target: CueSet
    mediator: CueSet
    participants: CueSet
    locative: CueSet
    framing: CueSet
    parser: str | None = None
    languages: tuple[str, ...] = field(default=())


def _read(language: str, name: str) -> dict[str, Any]:
    path = files("eventcoder.resources").joinpath(language, name)
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ConfigError(f"resources/{language}/{name} is not a mapping")
    if "provenance" not in data:
        raise ConfigError(f"resources/{language}/{name} has no provenance header")
    return data


def _words(datas: Sequence[dict[str, Any]], key: str) -> list[str]:
    out: list[str] = []
    for data in datas:
        value = data.get(key) or []
        if not isinstance(value, list):
            raise ConfigError(f"cue list {key!r} is not a list")
        out.extend(str(v) for v in value)
    return out


def _build(languages: Sequence[str], raw: dict[str, dict[str, dict[str, Any]]]) -> LanguageCues:
    per = {name: [raw[lang][name] for lang in languages] for name in FILES}
    att, st, fig, roles = (per[n] for n in FILES)
    kinds: dict[str, list[str]] = {}
    for data in fig:
        for kind, words in (data.get("kinds") or {}).items():
            kinds.setdefault(str(kind), []).extend(str(w) for w in words)
    parsers = [str(d["parser"]) for d in roles if d.get("parser")]
    return LanguageCues(
        speech_verbs=CueSet(_words(att, "verbs")),
        source_markers=CueSet(_words(att, "sources")),
        accusation=CueSet(_words(att, "accusation")),
        denial_claim=CueSet(_words(att, "denial")),
        history=CueSet(_words(st, "history")),
        planned=CueSet(_words(st, "planned")),
        hypothetical=CueSet(_words(st, "hypothetical")),
        negation=CueSet(_words(st, "negation")),
        denial=CueSet(_words(st, "denial")),
        time_exclusion=CueSet(_words(st, "time_exclusion")),
        figure_kinds={k: CueSet(v) for k, v in sorted(kinds.items())},
        people=CueSet(_words(fig, "people")),
        civilian=CueSet(_words(fig, "civilian")),
        combatant=CueSet(_words(fig, "combatant")),
        side=CueSet(_words(fig, "side")),
        conjunctions=CueSet(_words(fig, "conjunctions")),
        passive_agent=CueSet(_words(roles, "passive_agent")),
        target=CueSet(_words(roles, "target")),
        mediator=CueSet(_words(roles, "mediator")),
        participants=CueSet(_words(roles, "participants")),
        locative=CueSet(_words(roles, "locative")),
        framing=CueSet(_words(roles, "framing")),
        parser=parsers[0] if len(parsers) == 1 else None,
        languages=tuple(languages),
    )


def load_cues(languages: Sequence[str]) -> dict[str, LanguageCues]:
    """Cues per language code, plus ``'*'``: the union of every language, used for any other code."""
    raw = {lang: {name: _read(lang, name) for name in FILES} for lang in languages}
    out = {lang: _build([lang], raw) for lang in languages if any(raw[lang].values())}
    out["*"] = _build([lang for lang in languages], raw)
    return out
