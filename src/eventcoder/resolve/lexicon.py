"""Per-language lexicon patterns: titles, collectives, framed groups, metonymy cues.

The data comes from ``resources/<lang>/actor_titles.yaml`` and
``resources/<lang>/demonyms.yaml``; names of states and international bodies
come from the actor KB.  Patterns are compiled into regular expressions run
on ``fold_text(article.text)`` (lower case, no diacritics, same offsets), so
every match is a span of the article.  Nothing here depends on which
language it is: a language without files simply finds nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from eventcoder.models import EntityKind
from eventcoder.resolve.actors import ActorKB
from eventcoder.resolve.kbfiles import language_data
from eventcoder.resolve.normalize import fold_text

__all__ = ["Lexicon", "LexiconHit"]


@dataclass(frozen=True, slots=True)
class LexiconHit:
    """A span found by a lexicon pattern.

    ``kind`` is 'title' (``offices`` of ``holder``), 'collective' (``unit`` of
    ``holder``) or 'group' (a framed unnamed group).
    """

    kind: str
    start: int
    end: int
    holder: str | None = None
    offices: tuple[str, ...] = ()
    unit: str | None = None


@dataclass
class Lexicon:
    """Compiled patterns of one language."""

    titles: list[re.Pattern[str]] = field(default_factory=list)
    title_offices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    collectives: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    groups: re.Pattern[str] | None = None
    demonyms: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    metonymy_verbs: tuple[str, ...] = ()
    metonymy_before: frozenset[str] = frozenset()
    coordinators: frozenset[str] = frozenset()
    max_gap: int = 3
    framing: dict[str, str] = field(default_factory=dict)
    articles: frozenset[str] = frozenset()

    @classmethod
    def load(cls, lang: str, kb: ActorKB) -> Lexicon:
        """Compile the lexicon of ``lang`` against the names in ``kb``."""
        titles = language_data(lang, "actor_titles.yaml")
        dems = language_data(lang, "demonyms.yaml")
        lex = cls()
        if not titles and not dems:
            return lex
        suffix = titles.get("word_suffix", "")
        strip = titles.get("stem_strip", "")
        lex.title_offices = {fold_text(k): tuple(v) for k, v in titles.get("titles", {}).items()}
        lex.demonyms = {fold_text(form): iso3 for iso3, forms in dems.get("demonyms", {}).items() for form in forms}
        lex.demonyms = {k: f"kb:{v}" for k, v in lex.demonyms.items()}
        for entity in kb.entities.values():
            if entity.kind in (EntityKind.STATE, EntityKind.ORGANISATION) and entity.actor_type is not None:
                for name in [entity.name, *entity.aliases.get(lang, []), *entity.aliases.get("en", [])]:
                    if len(name) > 2 and not entity.id.count("."):
                        lex.names.setdefault(_stem(fold_text(name), strip if suffix else ""), entity.id)
        slots = {
            "title": _alternation(lex.title_offices, suffix, "title"),
            "demonym": _alternation(lex.demonyms, suffix, "demonym"),
            "country": _alternation(lex.names, suffix, "country"),
        }
        lex.titles = [_compile(p, slots, suffix) for p in titles.get("title_patterns", [])]
        for unit, patterns in dems.get("collectives", {}).items():
            lex.collectives.extend((unit, _compile(p, slots, suffix)) for p in patterns)
        groups = [_words(fold_text(g), suffix) for g in titles.get("groups", [])]
        if groups:
            lex.groups = re.compile(r"(?<!\w)(?:" + "|".join(sorted(groups, key=len, reverse=True)) + r")(?!\w)")
        meto: dict[str, Any] = titles.get("metonymy", {})
        lex.metonymy_verbs = tuple(fold_text(v) for v in meto.get("verbs", []))
        lex.metonymy_before = frozenset(fold_text(str(v)) for v in meto.get("before", []))
        lex.coordinators = frozenset(fold_text(v) for v in meto.get("coordinators", []))
        lex.max_gap = int(meto.get("max_gap", 3))
        lex.framing = {fold_text(k): v for k, v in titles.get("framing", {}).items()}
        lex.articles = frozenset(fold_text(a) for a in titles.get("articles", []))
        return lex

    def find(self, folded: str) -> list[LexiconHit]:
        """Title, collective and group spans in ``folded`` text, longest first where they overlap."""
        hits: list[LexiconHit] = []
        for pattern in self.titles:
            for m in pattern.finditer(folded):
                holder = self._holder(m)
                title = _lookup(self.title_offices, m.group("title"))
                if holder and title:
                    hits.append(LexiconHit("title", m.start(), m.end(), holder=holder, offices=title))
        for unit, pattern in self.collectives:
            for m in pattern.finditer(folded):
                holder = self._holder(m)
                if holder:
                    hits.append(LexiconHit("collective", m.start(), m.end(), holder=holder, unit=unit))
        if self.groups is not None:
            hits.extend(LexiconHit("group", m.start(), m.end()) for m in self.groups.finditer(folded))
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        kept: list[LexiconHit] = []
        for hit in hits:
            if not kept or hit.start >= kept[-1].end:
                kept.append(hit)
        return kept

    def _holder(self, m: re.Match[str]) -> str | None:
        groups = m.groupdict()
        found: str | None = None
        if groups.get("demonym"):
            found = _lookup(self.demonyms, groups["demonym"])
        elif groups.get("country"):
            found = _lookup(self.names, groups["country"])
        return found


def _stem(text: str, strip: str) -> str:
    return " ".join(w.rstrip(strip) or w for w in text.split()) if strip else text


def _words(text: str, suffix: str) -> str:
    return (re.escape(text).replace(r"\ ", suffix + r"\s+").replace(" ", suffix + r"\s+")) + suffix


def _alternation(table: dict[str, Any], suffix: str, name: str) -> str:
    alts = sorted({_words(k, suffix) for k in table if k}, key=len, reverse=True)
    return f"(?P<{name}>" + "|".join(alts) + ")"


def _compile(template: str, slots: dict[str, str], suffix: str) -> re.Pattern[str]:
    parts = re.split(r"(\{\w+\})", fold_text(template))
    out = [slots[p[1:-1]] if p.startswith("{") else _words(p, suffix) if p.strip() else p for p in parts]
    body = "".join(out).replace(" ", r"\s+")
    return re.compile(r"(?<!\w)" + body + r"(?!\w)")


def _lookup(table: dict[str, Any], found: str) -> Any:
    """Value of the table entry whose pattern produced ``found`` (exact, else longest prefix match)."""
    text = " ".join(found.split())
    if text in table:
        return table[text]
    best = [k for k in table if text.startswith(k.split(" ")[0]) and _loose_eq(k, text)]
    return table[max(best, key=len)] if best else None


def _loose_eq(key: str, text: str) -> bool:
    kw, tw = key.split(), text.split()
    return len(kw) == len(tw) and all(t.startswith(k) for k, t in zip(kw, tw, strict=True))
