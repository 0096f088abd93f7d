"""A small, realistic store for the export and report tests: articles, places, event reports, incidents.

Written for these tests (modelled on the events of the sample corpus, not copied from any article).
One article carries markup in its title, source and text to prove the report escapes it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from eventcoder.models import (
    ActorRole,
    Article,
    Contradiction,
    Correction,
    CorrectionAction,
    DatePrecision,
    Entity,
    EntityKind,
    EventDate,
    EventReport,
    Evidence,
    Figure,
    FigureKind,
    Incident,
    IncidentFigure,
    PlaceRef,
    Role,
    Span,
)
from eventcoder.store import Store

INJECTION = '<script>document.title="PWNED";window.__pwned=1</script><img src=x onerror="window.__pwned=2">'

ARTICLES: list[dict[str, Any]] = [
    {
        "key": "es_border",
        "language": "es",
        "source": "Agencia Sur",
        "title": "Choques en la frontera entre Armenia y Azerbaiyán",
        "published": dt.date(2022, 9, 13),
        "text": "Al menos 49 soldados armenios murieron en los choques de la noche del lunes cerca de Jermuk. "
        "Ereván acusó a Bakú de bombardear varias localidades fronterizas.",
        "trigger": "bombardear",
    },
    {
        "key": "en_border",
        "language": "en",
        "source": "Wire Daily",
        "title": "Armenia says 49 soldiers killed in border clashes",
        "published": dt.date(2022, 9, 14),
        "text": "Armenia said at least 49 of its soldiers were killed when Azerbaijani forces shelled towns near "
        "Jermuk. Baku said it had responded to a provocation.",
        "trigger": "shelled",
    },
    {
        "key": "fr_kramatorsk",
        "language": "fr",
        "source": "Le Quotidien",
        "title": "Frappe sur la gare de Kramatorsk",
        "published": dt.date(2022, 4, 8),
        "text": "Une frappe de missile sur la gare de Kramatorsk a tué au moins 50 civils qui attendaient "
        "un train d'évacuation.",
        "trigger": "frappe",
    },
    {
        "key": "ru_kramatorsk",
        "language": "ru",
        "source": "Вестник",
        "title": "Удар по вокзалу в Краматорске",
        "published": dt.date(2022, 4, 8),
        "text": "Ракетный удар по вокзалу в Краматорске унёс жизни 52 человек, сообщили местные власти.",
        "trigger": "удар",
    },
    {
        "key": "pt_protest",
        "language": "pt",
        "source": "Jornal do Povo",
        "title": "Protestos em Ierevan contra o acordo",
        "published": dt.date(2020, 11, 10),
        "text": "Milhares de manifestantes protestaram em Ierevan contra o acordo de cessar-fogo.",
        "trigger": "protestaram",
    },
    {
        "key": "en_injection",
        "language": "en",
        "source": "Evil <b>Outlet</b>" + INJECTION,
        "title": "Depot blast " + INJECTION,
        "published": dt.date(2023, 9, 25),
        "text": "An explosion at a fuel depot near Stepanakert killed at least 68 people. " + INJECTION,
        "trigger": "explosion",
    },
]

PLACES = [
    Entity(id="gn:ARM.admin1.VD", kind=EntityKind.PLACE, name="Vayots Dzor", country="ARM", feature="admin1"),
    Entity(
        id="gn:jermuk", kind=EntityKind.PLACE, name="Jermuk", country="ARM", latitude=39.84, longitude=45.67,
        feature="city", parent_id="gn:ARM.admin1.VD",
    ),
    Entity(id="gn:UKR.admin1.DON", kind=EntityKind.PLACE, name="Donetsk Oblast", country="UKR", feature="admin1"),
    Entity(
        id="gn:kramatorsk", kind=EntityKind.PLACE, name="Kramatorsk", country="UKR", latitude=48.72,
        longitude=37.56, feature="city", parent_id="gn:UKR.admin1.DON",
    ),
]  # fmt: skip


def article(spec: dict[str, Any]) -> Article:
    """The Article of one spec."""
    return Article(
        id=f"a_{spec['key']}",
        text=spec["text"],
        title=spec["title"],
        published=spec["published"],
        source=spec["source"],
        url=f"https://example.org/{spec['key']}",
        language=spec["language"],
        language_confidence=0.99,
        origin=f"{spec['key']}.txt",
        input_format="text",
    )


def _evidence(art: Article, trigger: str) -> Evidence:
    end_sent = art.text.find(". ")
    end = len(art.text) if end_sent < 0 else end_sent + 1
    t = art.text.index(trigger)
    return Evidence(
        start=0, end=end, text=art.text[:end], article_id=art.id, sentence_index=0,
        trigger=Span(start=t, end=t + len(trigger), text=trigger),
    )  # fmt: skip


def _actor(role: Role, name: str, entity_id: str | None, inter: int | None, framing: str | None = None) -> ActorRole:
    return ActorRole(
        role=role, entity_id=entity_id, name=name, actor_type=inter, framing=framing,
        span=Span(start=0, end=0, text=""),
    )  # fmt: skip


ARM_MIL = ("Military Forces of Armenia", "kb:ARM.mil", 1)
AZE_MIL = ("Military Forces of Azerbaijan", "kb:AZE.mil", 8)
RUS_MIL = ("Military Forces of Russia", "kb:RUS.mil", 8)
CIVILIANS = ("Civilians (Ukraine)", "local:civ-ukr", 7)
PROTESTERS = ("Protesters (Armenia)", "local:prot-arm", 6)

JERMUK = PlaceRef(
    entity_id="gn:jermuk", name="Jermuk", country="ARM", latitude=39.84, longitude=45.67, geo_precision=1,
    where_prec=1, variant="Jermuk",
)  # fmt: skip
KRAMATORSK = PlaceRef(
    entity_id="gn:kramatorsk", name="Kramatorsk", country="UKR", latitude=48.72, longitude=37.56,
    geo_precision=1, where_prec=1, variant="Краматорск",
)  # fmt: skip
YEREVAN = PlaceRef(
    entity_id="gn:yerevan", name="Yerevan", country="ARM", latitude=40.18, longitude=44.51, geo_precision=1,
    where_prec=1, variant="Ierevan",
)  # fmt: skip
KARABAKH = PlaceRef(
    entity_id="kb:place:nagorno-karabakh", name="Nagorno-Karabakh", country="AZE", latitude=39.82, longitude=46.75,
    geo_precision=3, where_prec=5, variant="Stepanakert",
)  # fmt: skip


def _report(key: str, etype: str, mode: str | None, actors: list[ActorRole], place: PlaceRef,
            figures: list[tuple[FigureKind, int, int | None, str | None, bool | None]]) -> EventReport:  # fmt: skip
    spec = next(s for s in ARTICLES if s["key"] == key)
    art = article(spec)
    ev = _evidence(art, spec["trigger"])
    figs = tuple(
        Figure(kind=k, low=lo, high=hi, side_entity_id=side, civilian=civ, span=Span(start=0, end=0, text=""))
        for k, lo, hi, side, civ in figures
    )
    return EventReport(
        id=f"e_{key}", article_id=art.id, event_type=etype, mode=mode, confidence=0.8, actors=tuple(actors),
        date=EventDate(start=spec["published"], precision=DatePrecision.DAY), place=place, figures=figs,
        evidence=ev, extractor="test",
    )  # fmt: skip


def reports() -> list[EventReport]:
    """The event reports, one per article."""
    src, tgt = Role.SOURCE, Role.TARGET
    return [
        _report("es_border", "ASSAULT", "heavy-weapons",
                [_actor(src, *AZE_MIL), _actor(tgt, *ARM_MIL)], JERMUK,
                [(FigureKind.KILLED, 49, None, "kb:ARM.mil", False)]),
        _report("en_border", "ASSAULT", "heavy-weapons",
                [_actor(src, *AZE_MIL, framing="Azerbaijani aggressors"), _actor(tgt, *ARM_MIL)], JERMUK,
                [(FigureKind.KILLED, 49, None, "kb:ARM.mil", False)]),
        _report("fr_kramatorsk", "ASSAULT", "heavy-weapons",
                [_actor(src, *RUS_MIL), _actor(tgt, *CIVILIANS)], KRAMATORSK,
                [(FigureKind.KILLED, 50, None, None, True)]),
        _report("ru_kramatorsk", "ASSAULT", "heavy-weapons",
                [_actor(src, *RUS_MIL), _actor(tgt, *CIVILIANS)], KRAMATORSK,
                [(FigureKind.KILLED, 52, 52, None, True)]),
        _report("pt_protest", "PROTEST", None, [_actor(src, *PROTESTERS)], YEREVAN, []),
        _report("en_injection", "ASSAULT", "explosives", [], KARABAKH,
                [(FigureKind.KILLED, 68, None, None, None)]),
    ]  # fmt: skip


def incidents() -> list[Incident]:
    """Incidents merged from the reports (border clash, Kramatorsk, protest, depot blast)."""
    by_key = {r.id.removeprefix("e_"): r for r in reports()}

    def inc(iid: str, keys: list[str], figures: tuple[IncidentFigure, ...], summary: str,
            contradictions: tuple[Contradiction, ...] = ()) -> Incident:  # fmt: skip
        first = by_key[keys[0]]
        specs = [next(s for s in ARTICLES if s["key"] == k) for k in keys]
        return Incident(
            id=iid, event_type=first.event_type, report_ids=tuple(by_key[k].id for k in keys),
            article_ids=tuple(by_key[k].article_id for k in keys), date=first.date, place=first.place,
            actors=first.actors, figures=figures, contradictions=contradictions,
            languages=tuple(dict.fromkeys(s["language"] for s in specs)),
            sources=tuple(dict.fromkeys(s["source"] for s in specs)), summary=summary,
        )  # fmt: skip

    return [
        inc("i_border", ["es_border", "en_border"],
            (IncidentFigure(kind=FigureKind.KILLED, low=49, best=49, high=None, side_entity_id="kb:ARM.mil",
                            sources=("e_es_border", "e_en_border")),),
            "Azerbaijani shelling near Jermuk; at least 49 Armenian soldiers killed."),
        inc("i_kramatorsk", ["fr_kramatorsk", "ru_kramatorsk"],
            (IncidentFigure(kind=FigureKind.KILLED, low=50, best=52, high=52,
                            sources=("e_fr_kramatorsk", "e_ru_kramatorsk")),),
            "Missile strike on Kramatorsk railway station.",
            (Contradiction(kind="figures", description="50 vs 52 killed",
                           report_ids=("e_fr_kramatorsk", "e_ru_kramatorsk")),)),
        inc("i_protest", ["pt_protest"], (), "Protest in Yerevan against the ceasefire."),
        inc("i_depot", ["en_injection"],
            (IncidentFigure(kind=FigureKind.KILLED, low=68, best=68, high=None, sources=("e_en_injection",)),),
            "Fuel depot explosion " + INJECTION),
    ]  # fmt: skip


def fill_store(store: Store, *, with_corrections: bool = True) -> None:
    """Put the articles, places, reports, incidents (and one correction of the depot blast's date) in ``store``."""
    store.add_articles(article(s) for s in ARTICLES)
    store.put_entities(PLACES)
    for r in reports():
        store.put_events(r.article_id, [r], [])
    store.put_incidents(incidents())
    if with_corrections:
        store.add_correction(
            Correction(
                id="c_depot_date", target_kind="incident", target_id="i_depot", action=CorrectionAction.SET_DATE,
                value={"start": "2023-09-25", "precision": "day"}, author="analyst",
                created_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
            )
        )  # fmt: skip
