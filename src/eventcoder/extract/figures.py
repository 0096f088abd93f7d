"""Casualty and people figures: a number from ``Analysis.quantities`` tied to a figure-kind cue nearby.

For each quantity of a sentence, the kind cue ('dead', 'muertos', 'погибли', ...) is looked for after the number
(up to the next number), then just before it ('killing 5 people', 'погибли 5 человек'); a number joined to the
previous figure by a conjunction ('187 militares y 21 civiles') takes that figure's kind.  A figure needs a people
noun ('soldiers', 'personas') or the cue right next to the number, so '7 distritos capturados' is no figure.
The side is the state named between number and cue ('49 Armenian soldiers') or in a side cue of the sentence
('On the Azerbaijani side'); civilian is True/False from civilian/combatant nouns next to the number.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventcoder.extract.context import ArticleContext
from eventcoder.extract.cues import LanguageCues
from eventcoder.models import Entity, EntityKind, FigureKind, Mention, Quantity, Span

__all__ = ["FigureFinder", "FoundFigure"]

WINDOW = 60  # characters searched on each side of a number
ADJACENT = 3  # a cue this close to the number needs no people noun


@dataclass(frozen=True)
class FoundFigure:
    """A figure found in a sentence, before it is tied to an event and a claim."""

    kind: FigureKind
    quantity: Quantity
    span: Span
    cue: tuple[int, int]
    side_entity_id: str | None
    side_name: str | None
    civilian: bool | None

    @property
    def low(self) -> int | None:
        """Lowest count as an int."""
        return None if self.quantity.low is None else int(self.quantity.low)

    @property
    def high(self) -> int | None:
        """Highest count as an int (None: unbounded)."""
        return None if self.quantity.high is None else int(self.quantity.high)


class FigureFinder:
    """Finds figures in the sentences of one article."""

    def __init__(self, ctx: ArticleContext, cues: LanguageCues) -> None:
        self.ctx = ctx
        self.cues = cues

    def _kind_after(self, start: int, stop: int) -> tuple[FigureKind, tuple[int, int]] | None:
        best: tuple[FigureKind, tuple[int, int]] | None = None
        for kind, cueset in self.cues.figure_kinds.items():
            hit = cueset.search(self.ctx.text, start, stop)
            if hit and (best is None or (hit[0], -hit[1]) < (best[1][0], -best[1][1])):
                best = (FigureKind(kind), hit)
        return best

    def _kind_before(self, start: int, stop: int) -> tuple[FigureKind, tuple[int, int]] | None:
        best: tuple[FigureKind, tuple[int, int]] | None = None
        for kind, cueset in self.cues.figure_kinds.items():
            hit = cueset.last(self.ctx.text, start, stop)
            if hit and (best is None or hit[1] > best[1][1]):
                best = (FigureKind(kind), hit)
        return best

    def _noun(self, start: int, stop: int) -> tuple[bool, bool | None]:
        """(a people noun occurs in text[start:stop], civilian flag from the nouns there)."""
        text = self.ctx.text
        civ = self.cues.civilian.search(text, start, stop)
        com = self.cues.combatant.search(text, start, stop)
        ppl = self.cues.people.search(text, start, stop)
        civilian = None
        if civ and (not com or civ[0] < com[0]):
            civilian = True
        elif com:
            civilian = False
        return bool(civ or com or ppl), civilian

    def __call__(self, sentence_index: int) -> list[FoundFigure]:
        """Figures of one sentence, in text order."""
        sentence = self.ctx.sentences[sentence_index]
        quantities = sorted(
            (q for q in self.ctx.analysis.quantities if q.sentence_index == sentence_index), key=lambda q: q.start
        )
        text = self.ctx.text
        out: list[FoundFigure] = []
        prev: FoundFigure | None = None
        for n, q in enumerate(quantities):
            nxt = quantities[n + 1].start if n + 1 < len(quantities) else sentence.end
            after_stop = min(nxt, q.end + WINDOW, sentence.end)
            found = self._kind_after(q.end, after_stop)
            before = False
            if found is None:
                last_end = quantities[n - 1].end if n else sentence.start
                found = self._kind_before(max(last_end, q.start - WINDOW, sentence.start), q.start)
                before = found is not None
            if found is None and prev is not None:
                gap = text[prev.quantity.end : q.start]
                if len(gap) <= 30 and self.cues.conjunctions.search(gap):
                    found = (prev.kind, (q.start, q.start))
                    before = True
            if found is None:
                continue
            kind, cue = found
            noun_stop = min(after_stop, q.end + 40) if before else cue[0]
            has_noun, civilian = self._noun(q.end, noun_stop)
            adjacent = not before and cue[0] - q.end <= ADJACENT
            if not has_noun and not adjacent and not (before and q.end >= sentence.end - 2):
                continue
            inherited = cue == (q.start, q.start)
            joined = not inherited and abs(cue[0] - q.start) < 120
            span = self.ctx.span(min(q.start, cue[0]), max(q.end, cue[1])) if joined else self.ctx.span(q.start, q.end)
            side_id, side_name = self._side(sentence_index, q, cue)
            fig = FoundFigure(kind, q, span, cue, side_id, side_name, civilian)
            out.append(fig)
            prev = fig
        return out

    def _state_of(self, mention: Mention) -> tuple[str, str] | None:
        ent = self.ctx.entity(mention)
        if ent is None:
            return None
        if ent.kind is EntityKind.STATE:
            return ent.id, ent.name
        parent: Entity | None = self.ctx.entities.get(ent.parent_id) if ent.parent_id else None
        if parent is not None and parent.kind is EntityKind.STATE:
            return parent.id, parent.name
        return None

    def _side(self, sentence_index: int, q: Quantity, cue: tuple[int, int]) -> tuple[str | None, str | None]:
        mentions = self.ctx.mentions_by_sentence.get(sentence_index, [])
        lo, hi = q.end, max(cue[1], q.end)
        for m in mentions:
            if m.start >= lo and m.end <= hi + 1:
                state = self._state_of(m)
                if state:
                    return state
        sentence = self.ctx.sentences[sentence_index]
        for start, end in self.cues.side.finditer(self.ctx.text, sentence.start, q.start):
            for m in mentions:
                if m.start >= start - 25 and m.end <= end + 25 and m.end <= q.start:
                    state = self._state_of(m)
                    if state:
                        return state
        return None, None
