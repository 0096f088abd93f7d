"""Language-agnostic fixes to a backend's entity spans, driven by ``LanguageData``.

``clean_span`` trims a model span (leading non-entity words, lowercase words,
quotes and punctuation) or rejects it; ``merge_with_gazetteer`` lets curated
gazetteer matches replace the model's spans they overlap (fixing labels such
as 'Bakú' PER -> LOC and missed names such as 'Unión Europea'), except where a
longer model span contains the match ('Ayuntamiento de Madrid').
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from eventcoder.nlp.language_data import LanguageData

__all__ = [
    "RawEntity",
    "clean_span",
    "clean_spans",
    "dateline_places",
    "merge_with_gazetteer",
    "with_datelines",
]

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
    Model spans are looked up by offset (bisection), so the cost grows with the matches, not their product.
    """
    kept = sorted(model)
    starts = [m.start for m in kept]
    longest = max((m.end - m.start for m in kept), default=0)
    removed: set[int] = set()
    added: list[RawEntity] = []
    for g_start, g_end, g_label in gazetteer:
        lo = bisect_left(starts, g_start - longest)
        hi = bisect_left(starts, g_end)
        overlapping = [k for k in range(lo, hi) if k not in removed and kept[k].end > g_start]
        if any(
            kept[k].start <= g_start and g_end <= kept[k].end and (kept[k].end - kept[k].start) > (g_end - g_start)
            for k in overlapping
        ):
            continue
        lemma = next((kept[k].lemma for k in overlapping if (kept[k].start, kept[k].end) == (g_start, g_end)), None)
        removed.update(overlapping)
        added.append(RawEntity(g_start, g_end, g_label, lemma))
    merged = sorted([m for k, m in enumerate(kept) if k not in removed] + added)
    out: list[RawEntity] = []
    for entity in merged:  # model spans may overlap each other (natasha never does; be safe)
        if out and entity.start < out[-1].end:
            continue
        out.append(entity)
    return out


# A dateline: a place in capitals opening a line, then (optionally) a comma with a country or a date, an agency
# in parentheses, and a dash: "BAMAKO, 14 mars (AFP) —", "PORT SUDAN, Sudan, Oct. 14 —", "ПОРТ-СУДАН, 14 октября —".
_DATELINE = re.compile(
    r"^[^\S\n]*(?P<place>[^\W\d_a-zà-ÿа-яё](?:[^\W\d_a-zà-ÿа-яё]|['’\-. ](?=[^\W\d_a-zà-ÿа-яё])){2,40})"
    r"(?=(?:[^\S\n]*\([^)\n]{1,30}\))?(?P<rest>,[^\n—–]{0,40})?(?:[^\S\n]*\([^)\n]{1,30}\))?[^\S\n]*[—–])",
    re.MULTILINE,
)


def dateline_places(text: str) -> list[tuple[int, int, str]]:
    """Places of news datelines in ``text`` as (start, end, 'LOC'): a name in capitals opening a line before a
    dash, maybe with a country or a date after a comma and an agency in parentheses, as wires write them.
    Language-independent (Latin and Cyrillic capitals); "NATO, the alliance said —" is not one (what follows the
    comma must be a date or a capitalised name)."""
    out = []
    for m in _DATELINE.finditer(text):
        place, rest = m.group("place"), (m.group("rest") or "").lstrip(", ")
        if rest and not (any(c.isdigit() for c in rest) or rest[:1].isupper()):
            continue
        if sum(c.isalpha() for c in place) >= 3 and place.upper() == place:
            out.append((m.start("place"), m.end("place"), "LOC"))
    return out


def with_datelines(
    gazetteer: list[tuple[int, int, str]], datelines: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Gazetteer matches with the dateline places added; a dateline wins over a match it overlaps."""
    if not datelines:
        return gazetteer
    kept = [g for g in gazetteer if not any(d[0] < g[1] and g[0] < d[1] for d in datelines)]
    return sorted(kept + datelines)
