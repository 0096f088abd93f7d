"""Language-agnostic fixes to a backend's entity spans, driven by ``LanguageData``.

``clean_span`` trims a model span (leading non-entity words, lowercase words,
quotes and punctuation) or rejects it; ``merge_with_gazetteer`` lets curated
gazetteer matches replace the model's spans they overlap (fixing labels such
as 'Bakú' PER -> LOC and missed names such as 'Unión Europea'), except where a
longer model span contains the match ('Ayuntamiento de Madrid').
"""

from __future__ import annotations

import re
from typing import NamedTuple

from eventcoder.nlp.language_data import LanguageData

__all__ = ["RawEntity", "clean_span", "clean_spans", "merge_with_gazetteer"]

_EDGE = " \t\r\n\"'«»“”„‘’‹›()[]{},;:-–—…·*"
_WORD = re.compile(r"\w[\w'’.\-]*")


class RawEntity(NamedTuple):
    """An entity span found by a backend, offsets into the text it was given."""

    start: int
    end: int
    label: str
    lemma: str | None = None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def clean_span(text: str, entity: RawEntity, data: LanguageData) -> RawEntity | None:
    """Trim ``entity`` within ``text`` by the language's filters; None when nothing entity-like is left."""
    start, end = _trim(text, entity.start, entity.end)
    while start < end:
        word = _WORD.match(text, start, end)
        if word is None:
            break
        token = word.group().rstrip(".")
        lowercase = data.drop_lowercase_initial and token[:1].islower()
        if token not in data.strip_leading and not lowercase:
            break
        new_start, end = _trim(text, word.end(), end)
        if new_start == start:
            break
        start = new_start
    word = _WORD.match(text, start, end)
    if word is not None and word.group() in data.articles:  # 'La OSCE' -> 'OSCE' when the rest is a known name
        rest = _trim(text, word.end(), end)
        if data.label_of(text[rest[0] : rest[1]]) is not None:
            start, end = rest
    if start >= end or not any(c.isalpha() for c in text[start:end]):
        return None
    if text[start:end] in data.not_entities:
        return None
    if (start, end) == (entity.start, entity.end):
        return entity
    return RawEntity(start, end, entity.label, None)  # a lemma of the untrimmed span no longer fits


def clean_spans(text: str, entities: list[RawEntity], data: LanguageData) -> list[RawEntity]:
    """``clean_span`` over a list, dropping rejected spans."""
    out = []
    for entity in entities:
        cleaned = clean_span(text, entity, data)
        if cleaned is not None:
            out.append(cleaned)
    return out


def merge_with_gazetteer(model: list[RawEntity], gazetteer: list[tuple[int, int, str]]) -> list[RawEntity]:
    """Merge model spans with gazetteer matches; returns non-overlapping spans sorted by offset.

    A gazetteer match replaces every model span it overlaps, unless one model span
    strictly contains it, in which case the model span is kept and the match dropped.
    A model span equal to a match keeps its lemma but takes the gazetteer label.
    """
    kept = list(model)
    added: list[RawEntity] = []
    for g_start, g_end, g_label in gazetteer:
        overlapping = [m for m in kept if m.start < g_end and g_start < m.end]
        if any(m.start <= g_start and g_end <= m.end and (m.end - m.start) > (g_end - g_start) for m in overlapping):
            continue
        lemma = next((m.lemma for m in overlapping if (m.start, m.end) == (g_start, g_end)), None)
        kept = [m for m in kept if m not in overlapping]
        added.append(RawEntity(g_start, g_end, g_label, lemma))
    merged = sorted(kept + added)
    out: list[RawEntity] = []
    for entity in merged:  # model spans may overlap each other (natasha never does; be safe)
        if out and entity.start < out[-1].end:
            continue
        out.append(entity)
    return out
