"""Attribution: quotes with their speakers, and attributed statements ('según informa X', 'X said that ...').

Quotes are the text between « », “ ” or " " (any opener closed by any closer, so «...” counts); a quote is a
claim only when a speaker is found: in the clause after it (', dijo Hajiyev', '," Pashinyan said') or, failing
that, before it in its sentence ('Hajiyev dijo que Francia y Estados Unidos «...»').  Outside quotes, every
source marker ('according to', 'según', 'по данным') gives a claim whose speaker is the phrase after it, and
every speech verb ('said', 'declaró', 'заявил') one whose speaker is the nearest actor before it in the clause
(or after it, for 'said Michel').  A quote whose speaker is a description ('agregó el funcionario
azerbaiyano') is linked to the last named speaker of a quote in the same paragraph.  The kind is accusation
or denial when the claim's sentence has such a cue, figure when the caller says the sentence has a figure, else
quote (for quotes) or assertion.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from eventcoder.extract.context import ArticleContext, stable_id
from eventcoder.extract.cues import LanguageCues
from eventcoder.models import Claim, ClaimKind, EntityKind, Mention

__all__ = ["AttributionFinder", "Quote", "find_quotes"]

OPENERS = "«“„"
CLOSERS = "»”"
MAX_QUOTE = 1500
_CLAUSE_END = re.compile(r"[.;!?\n]|,\s|\s[–—]\s")
_KIND_ORDER = {ClaimKind.DENIAL: 0, ClaimKind.ACCUSATION: 1, ClaimKind.FIGURE: 2, ClaimKind.QUOTE: 3}


@dataclass(frozen=True)
class Quote:
    """A quoted passage: ``start``/``end`` include the quote marks; ``inner`` excludes them."""

    start: int
    end: int

    @property
    def inner(self) -> tuple[int, int]:
        """Offsets of the quoted words without the marks."""
        return self.start + 1, self.end - 1


def find_quotes(text: str) -> list[Quote]:
    """Every quoted passage of ``text`` (guillemets, curly and straight double quotes), in order."""
    out: list[Quote] = []
    open_at: int | None = None
    depth = 0
    straight: int | None = None
    for i, ch in enumerate(text):
        if ch in OPENERS:
            if open_at is None:
                open_at, depth = i, 1
            else:
                depth += 1
        elif ch in CLOSERS and open_at is not None:
            depth -= 1
            if depth <= 0:
                if i - open_at <= MAX_QUOTE:
                    out.append(Quote(open_at, i + 1))
                open_at, depth = None, 0
        elif ch == '"' and open_at is None:
            if straight is None:
                straight = i
            else:
                if i - straight <= MAX_QUOTE:
                    out.append(Quote(straight, i + 1))
                straight = None
    return sorted(out, key=lambda q: q.start)


@dataclass(frozen=True)
class _Speaker:
    name: str
    entity_id: str | None
    cue: tuple[int, int]


class AttributionFinder:
    """Claims of one article."""

    def __init__(self, ctx: ArticleContext, cues: LanguageCues) -> None:
        self.ctx = ctx
        self.cues = cues
        self._starts = [s.start for s in ctx.sentences]

    # ------------------------------------------------------------------ helpers

    def _sentence_at(self, offset: int) -> int:
        """The sentence holding ``offset``, else the last one starting before it (sentences are ordered and
        disjoint), else the first."""
        k = bisect_right(self._starts, offset) - 1
        return self.ctx.sentences[k].index if k >= 0 else 0

    def _speaker_mention(self, mentions: list[Mention], prefer_last: bool) -> Mention | None:
        def rank(m: Mention) -> int:
            ent = self.ctx.entity(m)
            if ent is not None and ent.kind is EntityKind.PERSON:
                return 0
            return 1 if ent is not None and ent.kind is not EntityKind.STATE else 2

        if not mentions:
            return None
        best = min(rank(m) for m in mentions)
        chosen = [m for m in mentions if rank(m) == best]
        return chosen[-1] if prefer_last else chosen[0]

    def _actors_between(self, start: int, end: int) -> list[Mention]:
        out: list[Mention] = []
        for i in {self._sentence_at(start), self._sentence_at(max(start, end - 1))}:
            out.extend(m for m in self.ctx.actor_mentions(i) if m.start >= start and m.end <= end)
        return sorted(out, key=lambda m: m.start)

    def _named(self, mention: Mention) -> tuple[str, str | None]:
        ent = self.ctx.entity(mention)
        if ent is None or ent.id.startswith("local:"):
            known = self._lookup(mention.text) if ent is None or ent.kind is EntityKind.PERSON else None
            if known is not None:
                return self.ctx.entities[known].name, known
            return mention.text, ent.id if ent is not None else None
        return ent.name, ent.id

    def _phrase(self, start: int, stop: int) -> str:
        text = self.ctx.text[start:stop]
        m = _CLAUSE_END.search(text)
        phrase = text[: m.start()] if m else text
        return " ".join(phrase.split()[:8]).strip(" ,.")

    def _after_verb(self, start: int, stop: int, cue: tuple[int, int]) -> _Speaker | None:
        """Speaker in ``text[start:stop]`` around a speech verb at ``cue``: actor before it, else after it."""
        before = self._actors_between(start, cue[0])
        clause = _CLAUSE_END.search(self.ctx.text, cue[1], stop)
        after = self._actors_between(cue[1], clause.start() if clause else stop)
        chosen = self._speaker_mention(before, prefer_last=True) or self._speaker_mention(after, prefer_last=False)
        if chosen is not None:
            name, eid = self._named(chosen)
            return _Speaker(name, eid, cue)
        between = self.ctx.text[start : cue[0]].strip(' ,\n"»”“«')
        phrase = between if 0 < len(between.split()) <= 4 and between[:1].isupper() else ""
        phrase = phrase or self._phrase(cue[1], stop) or self._phrase(start, cue[0])
        if not phrase:
            return None
        return _Speaker(phrase, self._lookup(phrase), cue)

    def _lookup(self, phrase: str) -> str | None:
        """A person of the article whose name ends with the phrase's last word ('Pashinyan', 'Michel')."""
        words = phrase.split()
        if not words:
            return None
        last = words[-1].lower()
        found = {
            e.id
            for e in self.ctx.entities.values()
            if e.kind is EntityKind.PERSON and not e.id.startswith("local:") and e.name.lower().split()[-1:] == [last]
        }
        return found.pop() if len(found) == 1 else None

    # ------------------------------------------------------------------ quotes

    def _quote_speaker(self, quote: Quote) -> _Speaker | None:
        text = self.ctx.text
        s_end = self.ctx.sentences[self._sentence_at(max(quote.start, quote.end - 1))].end
        tail_stop = min(s_end, quote.end + 160)
        verb = self.cues.speech_verbs.search(text, quote.end, tail_stop)
        if verb and not re.search(r"[.!?]\s", text[quote.end : verb[0]]):
            return self._after_verb(quote.end, tail_stop, verb)
        s_start = self.ctx.sentences[self._sentence_at(quote.start)].start
        verb = self.cues.speech_verbs.last(text, s_start, quote.start) or self.cues.source_markers.last(
            text, s_start, quote.start
        )
        if verb:
            return self._after_verb(s_start, quote.start, verb)
        actors = self._actors_between(s_start, quote.start)
        if actors and len(text[quote.start : quote.end].split()) >= 3:
            name, eid = self._named(actors[0])
            return _Speaker(name, eid, (actors[0].start, actors[0].end))
        return None

    # ------------------------------------------------------------------ claims

    def _kind(self, sentence_index: int, default: ClaimKind, has_figure: Callable[[int], bool]) -> ClaimKind:
        s = self.ctx.sentences[sentence_index]
        if self.cues.denial_claim.search(self.ctx.text, s.start, s.end):
            return ClaimKind.DENIAL
        if self.cues.accusation.search(self.ctx.text, s.start, s.end):
            return ClaimKind.ACCUSATION
        if default is ClaimKind.ASSERTION and has_figure(sentence_index):
            return ClaimKind.FIGURE
        return default

    def _claim(self, kind: ClaimKind, speaker: _Speaker, start: int, end: int, sentence_index: int) -> Claim:
        span = self.ctx.span(start, end)
        cue = self.ctx.span(*speaker.cue)
        return Claim(
            id=stable_id("cl_", self.ctx.article.id, span.start, span.end, cue.start),
            article_id=self.ctx.article.id,
            kind=kind,
            speaker_entity_id=speaker.entity_id,
            speaker=speaker.name,
            content=span.text,
            sentence_index=sentence_index,
            span=span,
            cue=cue,
        )

    def __call__(self, has_figure: Callable[[int], bool]) -> list[Claim]:
        """All claims of the article; ``has_figure(i)`` says whether sentence ``i`` states a figure."""
        text = self.ctx.text
        claims: list[Claim] = []
        used: list[tuple[int, int]] = []
        quotes = find_quotes(text)
        last_named: dict[int, _Speaker] = {}
        for quote in quotes:
            speaker = self._quote_speaker(quote)
            if speaker is None:
                continue
            start, end = quote.inner
            first = self._sentence_at(start)
            para = self.ctx.paragraph[first] if self.ctx.paragraph else 0
            if speaker.entity_id is not None:
                last_named[para] = speaker
            elif speaker.name[:1].islower() and para in last_named:
                # 'agregó el funcionario azerbaiyano' after a quote of Hajiyev in the same paragraph
                speaker = _Speaker(speaker.name, last_named[para].entity_id, speaker.cue)
            kinds = [self._kind(i, ClaimKind.QUOTE, has_figure) for i in range(first, self._sentence_at(end - 1) + 1)]
            kind = min(kinds, key=lambda k: _KIND_ORDER.get(k, 9), default=ClaimKind.QUOTE)
            claims.append(self._claim(kind, speaker, start, end, first))
            used.append(speaker.cue)
        inside = [(q.start, q.end) for q in quotes]
        for s in self.ctx.sentences:
            for marker in self.cues.source_markers.finditer(text, s.start, s.end):
                if any(a <= marker[0] < b for a, b in inside) or any(a <= marker[0] < b for a, b in used):
                    continue
                clause = _CLAUSE_END.search(text, marker[1], s.end)
                stop = clause.start() if clause else s.end
                actors = self._actors_between(marker[1], stop)
                if actors:
                    name, eid = self._named(actors[0])
                else:
                    name, eid = self._phrase(marker[1], s.end), None
                if not name:
                    continue
                kind = self._kind(s.index, ClaimKind.ASSERTION, has_figure)
                claims.append(self._claim(kind, _Speaker(name, eid, marker), s.start, s.end, s.index))
                used.append(marker)
            for verb in self.cues.speech_verbs.finditer(text, s.start, s.end):
                if any(a <= verb[0] < b for a, b in inside) or any(a <= verb[0] < b for a, b in used):
                    continue
                speaker = self._after_verb(s.start, s.end, verb)
                if speaker is None:
                    continue
                kind = self._kind(s.index, ClaimKind.ASSERTION, has_figure)
                claims.append(self._claim(kind, speaker, verb[1], s.end, s.index))
                used.append(verb)
        return sorted(claims, key=lambda c: (c.span.start, c.id))
