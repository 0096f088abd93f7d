"""One article as the extractor sees it: text, sentences, paragraphs, resolved mentions and helpers.

Built once per article from the (Article, Analysis, Resolution) triple; every other extraction module reads it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from eventcoder.models import Analysis, Article, Entity, EntityKind, Mention, Resolution, Sentence, Span

__all__ = ["ACTOR_KINDS", "ArticleContext", "stable_id"]

ACTOR_KINDS = frozenset({EntityKind.PERSON, EntityKind.ORGANISATION, EntityKind.GROUP, EntityKind.STATE})


def stable_id(prefix: str, *parts: object) -> str:
    """``prefix`` + the first 16 hex digits of the SHA-256 of the parts joined by '|'."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]
    return f"{prefix}{digest}"


@dataclass
class ArticleContext:
    """Article text with its sentences, paragraph numbers and resolved mentions by sentence."""

    article: Article
    analysis: Analysis
    resolution: Resolution
    entities: dict[str, Entity] = field(default_factory=dict)
    paragraph: list[int] = field(default_factory=list)
    heading: list[bool] = field(default_factory=list)
    mentions_by_sentence: dict[int, list[Mention]] = field(default_factory=dict)
    _actors: dict[int, list[Mention]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, article: Article, analysis: Analysis, resolution: Resolution) -> ArticleContext:
        """Index the analysis and resolution of ``article``."""
        ctx = cls(article, analysis, resolution, entities={e.id: e for e in resolution.entities})
        text = article.text
        para = 0
        prev_end = 0
        for i, s in enumerate(analysis.sentences):
            if i and "\n" in text[prev_end : s.start]:
                para += 1
            ctx.paragraph.append(para)
            prev_end = s.end
        for i, s in enumerate(analysis.sentences):
            alone = (i == 0 or ctx.paragraph[i - 1] != ctx.paragraph[i]) and (
                i + 1 == len(analysis.sentences) or ctx.paragraph[i + 1] != ctx.paragraph[i]
            )
            ctx.heading.append(alone and not s.text.rstrip().endswith((".", "!", "?", "»", "”", '"', ":")))
        for m in sorted(resolution.mentions, key=lambda m: (m.start, -m.end)):
            ctx.mentions_by_sentence.setdefault(m.sentence_index, []).append(m)
        return ctx

    @property
    def text(self) -> str:
        """The article text (offsets everywhere index into it)."""
        return self.article.text

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """The sentences of the analysis."""
        return self.analysis.sentences

    def span(self, start: int, end: int) -> Span:
        """A Span of the article text, stripped of surrounding whitespace and punctuation."""
        text = self.article.text
        while start < end and (text[start].isspace() or text[start] in ",;:"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
            end -= 1
        return Span(start=start, end=end, text=text[start:end])

    def entity(self, mention: Mention) -> Entity | None:
        """The entity a mention resolves to, if any."""
        return self.entities.get(mention.entity_id) if mention.entity_id else None

    def actor_mentions(self, sentence_index: int) -> list[Mention]:
        """Mentions of actors in a sentence: persons, organisations, groups, states and metonymic places.

        Of overlapping mentions the longest is kept ('Armenian soldiers' over 'Armenian'); local entities
        count only when the language layer labelled them PER or ORG.
        """
        if sentence_index not in self._actors:
            out: list[Mention] = []
            for m in self.mentions_by_sentence.get(sentence_index, []):
                ent = self.entity(m)
                if ent is None or ent.kind not in ACTOR_KINDS:
                    continue
                if ent.id.startswith("local:") and m.label not in ("PER", "ORG"):
                    continue
                out.append(m)
            self._actors[sentence_index] = _outermost(out)
        return list(self._actors[sentence_index])

    def place_mentions(self, sentence_index: int) -> list[Mention]:
        """Non-metonymic mentions resolving to places (kind place), outermost only."""
        out = []
        for m in self.mentions_by_sentence.get(sentence_index, []):
            ent = self.entity(m)
            if ent is not None and ent.kind is EntityKind.PLACE and not m.metonymy and ent.feature is not None:
                out.append(m)
        return _outermost(out)

    def state_mentions(self, sentence_index: int) -> list[Mention]:
        """Non-metonymic mentions resolving to states."""
        out = []
        for m in self.mentions_by_sentence.get(sentence_index, []):
            ent = self.entity(m)
            if ent is not None and ent.kind is EntityKind.STATE and not m.metonymy:
                out.append(m)
        return out

    def same_paragraph(self, i: int, j: int) -> bool:
        """True when sentences ``i`` and ``j`` are in one paragraph."""
        return 0 <= i < len(self.paragraph) and 0 <= j < len(self.paragraph) and self.paragraph[i] == self.paragraph[j]


def _outermost(mentions: list[Mention]) -> list[Mention]:
    ordered = sorted(mentions, key=lambda m: (-(m.end - m.start), m.start))
    kept: list[Mention] = []
    for m in ordered:
        if not any(m.start < k.end and k.start < m.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)
