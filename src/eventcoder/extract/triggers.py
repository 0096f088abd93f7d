"""Trigger cues of PLOVER event types, matched by one compiled trie regex per language.

Cues live in ``resources/<lang>/event_triggers.yaml`` (type -> mode -> words; a trailing ``*`` matches any word
ending, spaces match any whitespace, matching is case-insensitive and whole-word).  All cues of a language are
compiled into one regular expression shaped as a trie (common prefixes shared), wrapped in a look-ahead so that
one scan finds, at every word start, the longest cue starting there.  The matched text is mapped back to every
(type, mode) whose cue it is.  A sentence is matched with the cues of its own language (every loaded language when
its language has none).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from importlib.resources import files
from typing import Any, NamedTuple

import yaml

from eventcoder.errors import ConfigError
from eventcoder.extract.ontology import Ontology
from eventcoder.settings import ExtractSettings

__all__ = ["TriggerFinder", "TriggerHit", "anchor_cue"]

_NO_MODE = "_"
_WS = "\x00ws"  # trie unit: one or more whitespace characters
_END_WORD = "\x00end"  # trie unit: the cue ends at a word boundary
_END_PREFIX = "\x00prefix"  # trie unit: the cue ends with any word ending
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


class TriggerHit(NamedTuple):
    """A trigger cue found in a sentence: offsets are into that sentence (end exclusive)."""

    event_type: str
    start: int
    end: int
    cue: str
    mode: str | None


def anchor_cue(hits: Sequence[TriggerHit], event_type: str) -> TriggerHit | None:
    """The cue an event of ``event_type`` is anchored on: its first cue in ``hits`` (ordered by offset), the
    longest where several start there ('bombardeo aéreo' rather than 'bombardeo'); None when it has none."""
    own = [h for h in hits if h.event_type == event_type]
    if not own:
        return None
    return max((h for h in own if h.start == own[0].start), key=lambda h: h.end)


def _resource_yaml(language: str, name: str) -> dict[str, Any] | None:
    path = files("eventcoder.resources").joinpath(language, name)
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ConfigError(f"resources/{language}/{name} is not a mapping")
    return data


def _units(cue: str) -> list[str]:
    prefix = cue.endswith("*")
    words = cue.rstrip("*").split()
    units: list[str] = []
    for k, word in enumerate(words):
        if k:
            units.append(_WS)
        units.extend(word)
    units.append(_END_PREFIX if prefix else _END_WORD)
    return units


def _trie_regex(node: dict[str, Any]) -> str:
    """Regex of a trie node: longer continuations first, so the longest cue at a position wins."""
    branches: list[str] = []
    for unit in sorted((u for u in node if not u.startswith("\x00") or u == _WS), key=lambda u: (u == _WS, u)):
        head = r"\s+" if unit == _WS else re.escape(unit)
        branches.append(head + _trie_regex(node[unit]))
    if _END_PREFIX in node:
        branches.append(r"\w*")
    if _END_WORD in node:
        branches.append(r"(?!\w)")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


class _LanguageMatcher:
    """All cues of one language: the trie regex and the (type, mode) entries of each cue."""

    def __init__(self, cues: dict[str, list[tuple[str, str | None]]]) -> None:
        trie: dict[str, Any] = {}
        self._exact: dict[str, list[tuple[str, str | None]]] = {}
        self._stems: dict[str, list[tuple[str, str | None]]] = {}
        for cue, entries in cues.items():
            node = trie
            for unit in _units(cue):
                node = node.setdefault(unit, {})
            key = " ".join(cue.rstrip("*").split())
            (self._stems if cue.endswith("*") else self._exact).setdefault(key, []).extend(entries)
        self.pattern = re.compile(r"(?<!\w)(?=(" + _trie_regex(trie) + "))", re.IGNORECASE) if trie else None

    def entries(self, matched: str) -> list[tuple[str, str | None]]:
        """Every (type, mode) whose cue matches exactly ``matched`` (whitespace-normalised, any case)."""
        text = _SPACES.sub(" ", matched).lower()
        out = list(self._exact.get(text, ()))
        for k in range(len(text), 0, -1):
            stem = self._stems.get(text[:k])
            if stem and (k == len(text) or re.fullmatch(r"\w+", text[k:])):
                out.extend(stem)
        return sorted(set(out), key=lambda e: (e[0], e[1] or ""))

    def find(self, sentence: str) -> list[TriggerHit]:
        if self.pattern is None:
            return []
        hits: list[TriggerHit] = []
        for m in self.pattern.finditer(sentence):
            matched = m.group(1)
            if not matched:
                continue
            start = m.start(1)
            # the longest cue at this position, and every shorter cue that ends at one of its word ends
            for end in [w.end() for w in _WORD.finditer(matched)]:
                hits.extend(
                    TriggerHit(event_type, start, start + end, matched[:end], mode)
                    for event_type, mode in self.entries(matched[:end])
                )
        # like one regex per (type, mode): a cue inside a longer cue of the same type and mode is not a hit
        return [
            h
            for h in hits
            if not any(
                o.event_type == h.event_type
                and o.mode == h.mode
                and o.start <= h.start
                and h.end <= o.end
                and o.end - o.start > h.end - h.start
                for o in hits
            )
        ]


class TriggerFinder:
    """Finds event trigger cues, one compiled matcher per language."""

    def __init__(self, settings: ExtractSettings, *, ontology: Ontology | None = None) -> None:
        known = set((ontology or Ontology()).types)
        per_language: dict[str, dict[str, list[tuple[str, str | None]]]] = {}
        for language in settings.languages:
            data = _resource_yaml(language, "event_triggers.yaml")
            cues = per_language.setdefault(language, {})
            for event_type, by_mode in ((data or {}).get("triggers") or {}).items():
                if event_type not in known:
                    raise ConfigError(f"resources/{language}/event_triggers.yaml: unknown type {event_type}")
                for mode, words in by_mode.items():
                    entry = (str(event_type), None if mode == _NO_MODE else str(mode))
                    for word in words:
                        cues.setdefault(str(word).lower(), []).append(entry)
        every: dict[str, list[tuple[str, str | None]]] = {}
        for cues in per_language.values():
            for cue, entries in cues.items():
                every.setdefault(cue, []).extend(entries)
        self._matchers = {language: _LanguageMatcher(cues) for language, cues in per_language.items() if cues}
        self._every = _LanguageMatcher(every)

    def find(self, sentence: str, language: str | None = None) -> list[TriggerHit]:
        """All cues in one sentence (of ``language``; None = every loaded language), ordered by offset then type."""
        matcher = self._matchers.get(language or "", self._every)
        return sorted(matcher.find(sentence), key=lambda h: (h.start, h.end, h.event_type))

    def __call__(
        self, sentences: Sequence[str], languages: Sequence[str | None] | None = None
    ) -> list[list[TriggerHit]]:
        """Trigger hits for each sentence of the batch (``languages``: one per sentence, or None)."""
        langs: Sequence[str | None] = languages if languages is not None else [None] * len(sentences)
        return [self.find(s, lang) for s, lang in zip(sentences, langs, strict=True)]
