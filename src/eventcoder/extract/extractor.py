"""The extraction stage: (Article, Analysis, Resolution) -> (EventReports, Claims) per article.

Per sentence, the event-type classifier (sentence embedding + trigger lexicons) gives the event types that reach
``ExtractSettings.event_threshold``; each type gives one event, anchored on its first trigger cue (a cue inside a
longer cue of another type is dropped: 'declaró un alto el fuego' is CONCEDE, not also AGREE).  A sentence with
a casualty figure ('at least 50 dead') and no ASSAULT event continues an earlier ASSAULT event (its figures are
attached there): the one of the sentence just before in the paragraph, else the latest one of the article when
both are background or both are not; otherwise it becomes an ASSAULT event anchored on the figure cue.  Figures
of a sentence go to its ASSAULT event, else to its first event.  A claim of kind accusation whose sentence has no
ACCUSE event gives one, its speaker the source.  Attribution (claims), roles, place, date and status come from
``attribution``, ``roles`` and ``status``.  Event ids hash the article id, sentence index, trigger offsets and
type; claim ids the article id and claim offsets: re-running gives the same ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eventcoder.extract.attribution import AttributionFinder
from eventcoder.extract.classifier import EventTypeClassifier, SentenceScores, TriggerHit
from eventcoder.extract.context import ArticleContext, stable_id
from eventcoder.extract.cues import LanguageCues, load_cues
from eventcoder.extract.features import FloatArray
from eventcoder.extract.figures import FigureFinder, FoundFigure
from eventcoder.extract.role_tagger import RoleModel
from eventcoder.extract.roles import DependencyParser, RoleAssigner
from eventcoder.extract.status import StatusResolver
from eventcoder.extract.triggers import anchor_cue
from eventcoder.models import (
    ActorRole,
    Analysis,
    Article,
    Claim,
    ClaimKind,
    EntityKind,
    EventReport,
    EventStatus,
    Evidence,
    Figure,
    FigureKind,
    Resolution,
    Role,
)
from eventcoder.settings import ExtractSettings

__all__ = ["EXTRACTOR_NAME", "Extractor"]

EXTRACTOR_NAME = "eventcoder.extract/learned-1"
CASUALTY = frozenset({FigureKind.KILLED, FigureKind.WOUNDED})
REQUESTED = frozenset({"AGREE", "ASSAULT"})  # types whose cue after a REQUEST cue is what is requested
_CLAIM_PREFERENCE = {ClaimKind.FIGURE: 0, ClaimKind.QUOTE: 1, ClaimKind.ASSERTION: 2}


@dataclass
class _Draft:
    sentence_index: int
    event_type: str
    mode: str | None
    confidence: float
    trigger: tuple[int, int] | None
    figures: list[FoundFigure] = field(default_factory=list)
    borrowed: list[FoundFigure] = field(default_factory=list)
    speaker: Claim | None = None


def _drop_nested(hits: list[TriggerHit]) -> list[TriggerHit]:
    """Hits not strictly inside a longer hit of another type, nor the object of a request before them.

    'declaró un alto el fuego' is CONCEDE, not also AGREE; in 'demanded an end to hostilities' or 'pidió un alto el
    fuego' the ceasefire or fighting is what is asked for, not an event of its own.
    """
    requests = [h.start for h in hits if h.event_type == "REQUEST"]
    return [
        h
        for h in hits
        if not any(
            o.event_type != h.event_type
            and o.start <= h.start
            and h.end <= o.end
            and (o.end - o.start) > (h.end - h.start)
            for o in hits
        )
        and not (h.event_type in REQUESTED and any(r < h.start for r in requests))
    ]


class Extractor:
    """Event extraction stage. ``Extractor(settings.extract)(batch)`` with (Article, Analysis, Resolution) triples."""

    def __init__(self, settings: ExtractSettings, *, classifier: EventTypeClassifier | None = None) -> None:
        self.settings = settings
        self.classifier = classifier or EventTypeClassifier(settings)
        self.cues = load_cues(settings.languages)
        self.parser = DependencyParser() if settings.use_parser else None
        self.tagger = None
        if settings.learned_roles:
            self.tagger = RoleModel.load(Path(settings.role_weights) if settings.role_weights else None)

    def cues_for(self, language: str) -> LanguageCues:
        """Cue lexicons of ``language``, or of every loaded language when it has none."""
        return self.cues.get(language, self.cues["*"])

    def __call__(
        self, batch: Sequence[tuple[Article, Analysis, Resolution]]
    ) -> list[tuple[list[EventReport], list[Claim]]]:
        """Event reports and claims of each article of the batch, in batch order."""
        contexts = [ArticleContext.build(a, an, r) for a, an, r in batch]
        texts = [s.text for ctx in contexts for s in ctx.sentences]
        languages = [ctx.article.language for ctx in contexts for _ in ctx.sentences]
        scores = self.classifier.analyse(texts, languages)
        out: list[tuple[list[EventReport], list[Claim]]] = []
        row = 0
        for ctx in contexts:
            n = len(ctx.sentences)
            typed: list[list[tuple[str, float]]] = []
            for i in range(n):
                ranked = [
                    (self.classifier.types[j], float(v))
                    for j, v in enumerate(scores.plover[row + i])
                    if v >= self.settings.event_threshold
                ]
                cued = {h.event_type for h in scores.hits[row + i]}
                kept = [t for t, v in ranked if t in cued or v >= self.settings.untriggered_threshold]
                fallback = self.classifier.acled_event(scores.acled[row + i], scores.plover[row + i])
                if not kept and fallback is not None:
                    ranked = [fallback]
                typed.append(ranked)
            out.append(self._article(ctx, typed, scores.rows(row, row + n)))
            row += n
        return out

    # ------------------------------------------------------------------ one article

    def _drafts(
        self,
        ctx: ArticleContext,
        typed: list[list[tuple[str, float]]],
        hits: list[list[TriggerHit]],
        figs: list[list[FoundFigure]],
        status: StatusResolver,
    ) -> list[_Draft]:
        drafts: list[_Draft] = []

        def background(i: int) -> bool:
            return status.status(i, None, status.date(i, None)) is EventStatus.BACKGROUND

        for i, s in enumerate(ctx.sentences):
            sentence_hits = _drop_nested(hits[i])
            here: list[_Draft] = []
            for event_type, score in typed[i]:
                own = [h for h in sentence_hits if h.event_type == event_type]
                if hits[i] and not own and any(h.event_type == event_type for h in hits[i]):
                    continue  # its only cue sits inside a longer cue of another type
                if not own and score < self.settings.untriggered_threshold:
                    continue
                first = anchor_cue(own, event_type)
                trigger = (s.start + first.start, s.start + first.end) if first else None
                here.append(_Draft(i, event_type, first.mode if first else None, score, trigger))
            casualties = [f for f in figs[i] if f.kind in CASUALTY]
            assault = next((d for d in here if d.event_type == "ASSAULT"), None)
            if casualties and assault is None:
                prev = next((d for d in reversed(drafts) if d.event_type == "ASSAULT"), None)
                adjacent = prev is not None and prev.sentence_index == i - 1 and ctx.same_paragraph(i - 1, i)
                if prev is not None and (adjacent or background(prev.sentence_index) == background(i)):
                    prev.borrowed.extend(figs[i])
                    drafts.extend(here)
                    continue
                cue = casualties[0].cue
                here.append(_Draft(i, "ASSAULT", None, self.settings.trigger_weight, cue))
                assault = here[-1]
            if figs[i] and here:
                (assault or here[0]).figures.extend(figs[i])
            drafts.extend(sorted(here, key=lambda d: (d.trigger or (s.start, s.start), d.event_type)))
        return drafts

    def _article(
        self, ctx: ArticleContext, typed: list[list[tuple[str, float]]], scores: SentenceScores
    ) -> tuple[list[EventReport], list[Claim]]:
        hits = scores.hits
        cues = self.cues_for(ctx.article.language)
        finder = FigureFinder(ctx, cues)
        figs = [finder(i) for i in range(len(ctx.sentences))]
        claims = AttributionFinder(ctx, cues)(lambda i: bool(figs[i]))
        status = StatusResolver(ctx, cues, background_days=self.settings.background_days)
        covering: dict[int, list[Claim]] = {}
        for c in claims:
            last = next((s.index for s in reversed(ctx.sentences) if s.start < c.span.end), c.sentence_index)
            for i in range(c.sentence_index, max(last, c.sentence_index) + 1):
                covering.setdefault(i, []).append(c)

        def cues_in(i: int) -> list[tuple[int, int]]:
            start = ctx.sentences[i].start
            return [(start + h.start, start + h.end) for h in hits[i]]

        roles = RoleAssigner(ctx, cues, claims, parse=self.parser.roles if self.parser else None, tagger=self.tagger,
                             cues_in=cues_in)  # fmt: skip
        drafts = self._drafts(ctx, typed, hits, figs, status)
        drafts += self._accusations(ctx, cues, claims, drafts)
        self._anchor(ctx, drafts)
        drafts.sort(key=lambda d: (d.sentence_index, d.trigger or (0, 0), d.event_type))
        reports: list[EventReport] = []
        main = self._main_drafts(drafts)
        for d in drafts:
            s = ctx.sentences[d.sentence_index]
            date = status.date(d.sentence_index, d.trigger)
            state = self._status(status.status(d.sentence_index, d.trigger, date), scores.status[d.sentence_index])
            own_claims = covering.get(d.sentence_index, [])
            next_claims = covering.get(d.sentence_index + 1, []) if d.borrowed else []
            figures = [self._figure(f, own_claims or next_claims) for f in d.figures]
            figures += [self._figure(f, covering.get(f.quantity.sentence_index, [])) for f in d.borrowed]
            borrowed_claims = [c for f in d.borrowed for c in covering.get(f.quantity.sentence_index, [])]
            used = [*own_claims, *next_claims, *borrowed_claims]
            claim_ids = tuple(dict.fromkeys(c.id for c in used))
            according_to = tuple(dict.fromkeys(c.speaker for c in used if c.speaker))
            trigger = ctx.span(*d.trigger) if d.trigger else None
            t_key = d.trigger or (s.start, s.start)
            found = roles.actors(d.sentence_index, d.event_type, d.trigger)
            place = roles.place(d.sentence_index, d.trigger)
            actors = self._abroad(ctx, self._with_speaker(ctx, found, d), place.country if place else None)
            mode = d.mode or self.classifier.mode_for(scores.mode[d.sentence_index], d.event_type)
            reports.append(
                EventReport(
                    id=stable_id("ev_", ctx.article.id, d.sentence_index, t_key[0], t_key[1], d.event_type),
                    article_id=ctx.article.id,
                    event_type=d.event_type,
                    mode=mode,
                    acled_sub_event=self._acled(
                        scores.acled[d.sentence_index],
                        d.event_type,
                        actors,
                        figures,
                        main=id(d) in main,
                        cue_mode=d.mode,
                    ),
                    confidence=round(min(1.0, max(0.0, d.confidence)), 4),
                    actors=actors,
                    date=date,
                    place=place,
                    figures=tuple(figures),
                    claim_ids=claim_ids,
                    according_to=according_to,
                    status=state,
                    evidence=Evidence(
                        start=s.start,
                        end=s.end,
                        text=s.text,
                        article_id=ctx.article.id,
                        sentence_index=d.sentence_index,
                        trigger=trigger,
                    ),
                    extractor=EXTRACTOR_NAME,
                )
            )
        return reports, claims

    def _anchor(self, ctx: ArticleContext, drafts: Sequence[_Draft]) -> None:
        """Triggers from the learned anchor (``RoleModel.find_trigger``): for drafts no cue anchors, and in place of
        the cue where the anchor is sure (``anchor_threshold``; a cue's mode stays).  Accusations keep their cue."""
        if self.tagger is None:
            return
        for d in drafts:
            if d.speaker is not None:
                continue
            s = ctx.sentences[d.sentence_index]
            found = self.tagger.find_trigger(s.text, d.event_type, ctx.article.language)
            if found is not None and (d.trigger is None or found[2] >= self.settings.anchor_threshold):
                d.trigger = (s.start + found[0], s.start + found[1])

    def _accusations(
        self, ctx: ArticleContext, cues: LanguageCues, claims: Sequence[Claim], drafts: Sequence[_Draft]
    ) -> list[_Draft]:
        """An ACCUSE event for each accusation claim whose cue sentence has no ACCUSE event yet."""
        out: list[_Draft] = []
        have = {d.sentence_index for d in drafts if d.event_type == "ACCUSE"}
        for c in claims:
            if c.kind is not ClaimKind.ACCUSATION:
                continue
            hit = cues.accusation.search(ctx.text, c.span.start, c.span.end)
            if hit is None:
                s = ctx.sentences[c.sentence_index]
                hit = cues.accusation.search(ctx.text, s.start, s.end)
            if hit is None:
                continue
            index = next((s.index for s in ctx.sentences if s.start <= hit[0] < s.end), c.sentence_index)
            if index in have:
                continue
            have.add(index)
            out.append(_Draft(index, "ACCUSE", None, self.settings.trigger_weight, hit, speaker=c))
        return out

    def _status(self, rules: EventStatus, learned: FloatArray) -> EventStatus:
        """The rules' status, unless they say reported and the status head is sure of another one."""
        if rules is not EventStatus.REPORTED:
            return rules
        best = int(learned.argmax())
        label = self.classifier.status_labels[best]
        if label != EventStatus.REPORTED.value and learned[best] >= self.settings.learned_status_threshold:
            return EventStatus(label)
        return rules

    @staticmethod
    def _main_drafts(drafts: Sequence[_Draft]) -> set[int]:
        """Ids of the drafts that are their sentence's main event (best confidence, then first)."""
        by_sentence: dict[int, list[_Draft]] = {}
        for d in drafts:
            by_sentence.setdefault(d.sentence_index, []).append(d)
        return {id(max(group, key=lambda d: d.confidence)) for group in by_sentence.values()}

    def _acled(
        self,
        acled_row: FloatArray,
        event_type: str,
        actors: Sequence[ActorRole],
        figures: Sequence[Figure],
        *,
        main: bool = False,
        cue_mode: str | None = None,
    ) -> str | None:
        """ACLED sub-event type from the ACLED head and the cue's mode, refined once actors and figures are known."""
        sub_event = self.classifier.acled_for(acled_row, event_type, main=main, cue_mode=cue_mode)
        if sub_event is None:
            return None
        return self.classifier.ontology.refine_acled(
            sub_event,
            sources=[a.actor_type for a in actors if a.role is Role.SOURCE and a.actor_type is not None],
            targets=[a.actor_type for a in actors if a.role is Role.TARGET and a.actor_type is not None],
            killed=any(f.kind is FigureKind.KILLED and (f.low or 0) > 0 for f in figures),
        )

    @staticmethod
    def _abroad(ctx: ArticleContext, actors: list[ActorRole], country: str | None) -> tuple[ActorRole, ...]:
        """State forces (armed units: the knowledge base's groups of inter code 1) acting outside their country are
        ACLED's External/Other forces (inter code 8); states, governments and officials acting abroad stay 1 (the
        guidelines; on dev, recoding them too lowered inter-code accuracy)."""
        out = []
        for a in actors:
            entity = ctx.entities.get(a.entity_id) if a.entity_id else None
            abroad = (
                entity is not None
                and entity.kind is EntityKind.GROUP
                and entity.actor_type == 1
                and a.actor_type == 1
                and bool(country and entity.country and entity.country != country)
            )
            code = 8 if abroad else a.actor_type
            out.append(a if code == a.actor_type else a.model_copy(update={"actor_type": code}))
        return tuple(out)

    @staticmethod
    def _with_speaker(ctx: ArticleContext, actors: list[ActorRole], d: _Draft) -> list[ActorRole]:
        """Actors of an event made from an accusation claim: its speaker is the source."""
        claim = d.speaker
        if claim is None or claim.speaker_entity_id is None:
            return actors
        actors = [a for a in actors if a.entity_id != claim.speaker_entity_id]
        mentions = [m for ms in ctx.mentions_by_sentence.values() for m in ms if m.entity_id == claim.speaker_entity_id]
        ent = ctx.entities.get(claim.speaker_entity_id)
        if not mentions or ent is None:
            return actors
        cue = claim.cue.start if claim.cue else claim.span.start
        m = min(mentions, key=lambda m: abs(m.start - cue))
        source = ActorRole(
            role=Role.SOURCE,
            entity_id=ent.id,
            name=ent.name,
            actor_type=ent.actor_type,
            span=ctx.span(m.start, m.end),
        )
        return [source, *actors]

    @staticmethod
    def _figure(f: FoundFigure, claims: Sequence[Claim]) -> Figure:
        claim = min(claims, key=lambda c: _CLAIM_PREFERENCE.get(c.kind, 3), default=None)
        return Figure(
            kind=f.kind,
            low=f.low,
            high=f.high,
            qualifier=f.quantity.qualifier or "exact",
            side_entity_id=f.side_entity_id,
            side_name=f.side_name,
            civilian=f.civilian,
            claim_id=claim.id if claim else None,
            according_to=claim.speaker if claim else None,
            span=f.span,
        )
