"""Sentence boundaries: paragraph blocks, refinement of a backend's sentences, and a rule splitter.

The rules hold for every backend: no sentence crosses a blank line; a newline
followed by a character that is not lowercase ends a sentence (headlines,
list items; hard-wrapped lines continue in lowercase and stay joined); text
glued after a full stop ('los muertos.Hoy, Bakú') is split; sentences are
trimmed of surrounding whitespace and never empty.
"""

from __future__ import annotations

import re
from itertools import pairwise

__all__ = ["paragraph_blocks", "refine_sentences", "rule_sentences"]

MAX_BLOCK_CHARS = 20_000
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
_TERMINATOR = re.compile(r"[.!?…]+")
_RULE_BOUNDARY = re.compile(r"[.!?…]+[\"'»”’)\]]*(?=\s+[\"'«“‘(\[¿¡]*[^\W\d_])")


def paragraph_blocks(text: str, *, max_chars: int = MAX_BLOCK_CHARS) -> list[tuple[int, int]]:
    """(start, end) of the non-blank blocks of ``text`` separated by blank lines, trimmed.

    A block longer than ``max_chars`` is cut before that length at its last line break, else at its
    last sentence end, else at its last space: a backend never gets one huge text (a parser's memory
    grows with the length of what it is given; a 9.5 MB paragraph took gigabytes).
    """
    out = []
    pos = 0
    for m in _BLANK_LINE.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    blocks = [t for t in (_strip(text, s, e) for s, e in out) if t is not None]
    if all(e - s <= max_chars for s, e in blocks):
        return blocks
    return [piece for s, e in blocks for piece in _cut_long(text, s, e, max_chars)]


def _cut_long(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    out = []
    while end - start > max_chars:
        limit = start + max_chars
        cut = text.rfind("\n", start + 1, limit)
        if cut < 0:
            ends = [m.end() for m in _TERMINATOR.finditer(text, start + max_chars // 2, limit)]
            cut = ends[-1] if ends else text.rfind(" ", start + 1, limit)
        if cut <= start:
            cut = limit
        piece = _strip(text, start, cut)
        if piece is not None:
            out.append(piece)
        start = cut
    piece = _strip(text, start, end)
    if piece is not None:
        out.append(piece)
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _cut_points(text: str, start: int, end: int) -> list[int]:
    """Offsets inside [start, end) where a new sentence must begin."""
    cuts = []
    for i in range(start, end):
        if text[i] == "\n":
            j = i + 1
            while j < end and text[j].isspace():
                j += 1
            if j < end and not text[j].islower():
                cuts.append(j)
    for m in _TERMINATOR.finditer(text, start, end):
        before, after = m.start() - 1, m.end()
        if before >= start and after < end and text[before].islower() and text[after].isupper():
            cuts.append(after)
    return sorted(set(cuts))


def refine_sentences(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split and trim backend sentence spans by the module's rules; returns sorted, non-empty, disjoint spans."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        start = max(start, out[-1][1]) if out else start
        for block_start, block_end in paragraph_blocks(text[start:end]):
            s, e = start + block_start, start + block_end
            pieces = [s, *_cut_points(text, s, e), e]
            for a, b in pairwise(pieces):
                piece = _strip(text, a, b)
                if piece is not None:
                    out.append(piece)
    return out


def rule_sentences(text: str) -> list[tuple[int, int]]:
    """Rule-based sentence split for backends without one: terminal punctuation followed by a capital or letter."""
    spans = []
    pos = 0
    for m in _RULE_BOUNDARY.finditer(text):
        nxt = m.end()
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        if nxt < len(text) and text[nxt].islower():
            continue
        spans.append((pos, m.end()))
        pos = m.end()
    spans.append((pos, len(text)))
    return refine_sentences(text, spans)
