"""Hand-built event reports for the deduplication tests, from the facts of the seed articles.

Sentences are paraphrases of the seeds' facts (not copies); entity ids follow the resolver's scheme.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from eventcoder.dedup import ReportInput
from eventcoder.models import (
    ActorRole,
    DateOrigin,
    DatePrecision,
    EventDate,
    EventReport,
    EventStatus,
    Evidence,
    Figure,
    FigureKind,
    PlaceRef,
    Role,
    Span,
)

NK = PlaceRef(entity_id="kb:place:nagorno-karabakh", name="Nagorno-Karabakh", country="AZE", latitude=39.83,
              longitude=46.75, geo_precision=3, where_prec=5)  # fmt: skip
SHUSHA = PlaceRef(entity_id="gn:147105", name="Shusha", country="AZE", latitude=39.76, longitude=46.75,
                  geo_precision=1, where_prec=1)  # fmt: skip
MOSCOW = PlaceRef(entity_id="gn:524901", name="Moscow", country="RUS", latitude=55.75, longitude=37.62,
                  geo_precision=1, where_prec=1)  # fmt: skip
BORDER = PlaceRef(entity_id="kb:place:arm-aze-border", name="Armenia–Azerbaijan border", country="ARM",
                  latitude=40.0, longitude=45.9, geo_precision=2, where_prec=5)  # fmt: skip
ARMENIA = PlaceRef(entity_id="kb:ARM", name="Armenia", country="ARM", geo_precision=3, where_prec=6)
KRAMATORSK = PlaceRef(entity_id="gn:704508", name="Kramatorsk", country="UKR", latitude=48.72, longitude=37.56,
                      geo_precision=1, where_prec=1)  # fmt: skip

ANCESTORS: dict[str, tuple[str, ...]] = {
    "kb:ARM.mil": ("kb:ARM",),
    "kb:AZE.mil": ("kb:AZE",),
    "kb:RUS.mil": ("kb:RUS",),
    "kb:UKR.mil": ("kb:UKR",),
    "kb:putin": ("kb:RUS",),
    "kb:aliyev": ("kb:AZE",),
    "kb:pashinyan": ("kb:ARM",),
    "gn:147105": ("kb:place:nagorno-karabakh", "kb:AZE"),
    "kb:place:nagorno-karabakh": ("kb:AZE",),
}
NAMES = {
    "kb:ARM": "Armenia", "kb:AZE": "Azerbaijan", "kb:RUS": "Russia", "kb:UKR": "Ukraine",
    "kb:ARM.mil": "Armed Forces of Armenia", "kb:AZE.mil": "Armed Forces of Azerbaijan",
    "kb:RUS.mil": "Armed Forces of Russia", "kb:UKR.mil": "Armed Forces of Ukraine",
    "kb:putin": "Vladimir Putin", "kb:aliyev": "Ilham Aliyev", "kb:pashinyan": "Nikol Pashinyan",
    "local:civilians": "civilians",
}  # fmt: skip

Actor = tuple[str, str]  # (role, entity id)
Fig = tuple[str, int, int | None, str | None, str]  # (kind, low, high, side entity id, text)


def article_id(name: str) -> str:
    """A stable article id for a short test name."""
    return "a_" + hashlib.sha256(name.encode()).hexdigest()[:16]


def report(
    rid: str,
    article: str,
    text: str,
    event_type: str,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    precision: DatePrecision = DatePrecision.DAY,
    origin: DateOrigin = DateOrigin.SENTENCE,
    place: PlaceRef | None = None,
    variant: str | None = None,
    actors: tuple[Actor, ...] = (),
    figures: tuple[Fig, ...] = (),
    status: EventStatus = EventStatus.REPORTED,
    language: str = "es",
    source: str | None = None,
    published: dt.date | None = None,
    place_variants: tuple[str, ...] = (),
) -> ReportInput:
    """A ``ReportInput`` whose evidence sentence is ``text``."""
    aid = article_id(article)
    span = Span(start=0, end=len(text), text=text)
    date = EventDate(start=start, end=end, precision=precision if start else DatePrecision.UNKNOWN,
                     origin=origin if start else DateOrigin.UNKNOWN)  # fmt: skip
    roles = tuple(
        ActorRole(role=Role(role), entity_id=eid, name=NAMES.get(eid, eid), span=span) for role, eid in actors
    )
    figs = tuple(
        Figure(
            kind=FigureKind(kind),
            low=low,
            high=high,
            side_entity_id=side,
            side_name=NAMES.get(side or ""),
            span=Span(start=0, end=len(written), text=written),
        )
        for kind, low, high, side, written in figures
    )
    if place is not None and variant is not None:
        place = place.model_copy(update={"variant": variant})
    ev = EventReport(
        id=f"r_{article}_{rid}", article_id=aid, event_type=event_type, confidence=0.9, actors=roles, date=date,
        place=place, figures=figs, status=status, extractor="hand",
        evidence=Evidence(start=0, end=len(text), text=text, article_id=aid, sentence_index=0),
    )  # fmt: skip
    ids = [a.entity_id for a in roles if a.entity_id] + [f.side_entity_id for f in figs if f.side_entity_id]
    if place is not None and place.entity_id:
        ids.append(place.entity_id)
    return ReportInput(
        report=ev, language=language, source=source or f"Outlet {article}", published=published, text=text,
        ancestors={i: ANCESTORS[i] for i in ids if i in ANCESTORS}, place_variants=place_variants,
    )  # fmt: skip


D = dt.date


def seed_reports() -> dict[str, ReportInput]:
    """Reports of the seed articles 000 (es, undated), 002 (es, undated) and 004 (en, 2022-09-14)."""
    leaders = (("mediator", "kb:putin"), ("participant", "kb:aliyev"), ("participant", "kb:pashinyan"))
    out = [
        # 000: the Moscow meeting (undated), the 2020 war's outbreak, the 9 November 2020 statement.
        report("meeting", "000", "Concluyeron en Moscú las conversaciones entre Putin, Aliyev y Pashinyan, que "
               "duraron casi cuatro horas en el Kremlin.", "CONSULT", place=MOSCOW, actors=leaders),
        report("war", "000", "Los combates entre Azerbaiyán y Armenia estallaron el 27 de septiembre de 2020 en la "
               "región de Nagorno-Karabaj.", "ASSAULT", start=D(2020, 9, 27), place=NK, status=EventStatus.BACKGROUND,
               actors=(("participant", "kb:AZE"), ("participant", "kb:ARM")), variant="nagorno karabaj;side=neutral"),
        report("ceasefire", "000", "El 9 de noviembre de 2020 Putin, Aliyev y Pashinyan firmaron una declaración "
               "conjunta sobre un alto el fuego completo en Nagorno-Karabaj.", "AGREE", start=D(2020, 11, 9),
               place=NK, actors=leaders, status=EventStatus.BACKGROUND),
        # 002: the 44-day war with its toll, the 9 November statement, the 11 January 2021 meeting.
        report("war", "002", "Del 27 de septiembre al 9 de noviembre de 2020 las fuerzas azerbaiyanas atacaron el "
               "enclave armenio de Nagorno Karabaj con cohetes y artillería.", "ASSAULT", start=D(2020, 9, 27),
               end=D(2020, 11, 9), place=NK, variant="artsaj;side=armenian", status=EventStatus.BACKGROUND,
               actors=(("source", "kb:AZE.mil"), ("target", "kb:ARM"))),
        report("toll", "002", "Según SoyArmenio, 3.822 personas murieron en la guerra de 44 días en Artsaj.",
               "ASSAULT", start=D(2020, 1, 1), precision=DatePrecision.YEAR, origin=DateOrigin.PARAGRAPH, place=NK,
               variant="artsaj;side=armenian", status=EventStatus.BACKGROUND,
               figures=(("killed", 3822, 3822, None, "3.822"),)),
        report("ceasefire", "002", "El 9 de noviembre de 2020 los líderes de Rusia, Azerbaiyán y Armenia firmaron el "
               "cese de todas las hostilidades en Artsaj.", "AGREE", start=D(2020, 11, 9), place=NK,
               variant="artsaj;side=armenian", status=EventStatus.BACKGROUND,
               actors=(("participant", "kb:RUS"), ("participant", "kb:AZE"), ("participant", "kb:ARM"))),
        report("moscow", "002", "El 11 de enero de 2021 los presidentes de Rusia y Azerbaiyán, Vladimir Putin e Ilham "
               "Aliyev, y el primer ministro de Armenia, Nikol Pashinyan, rectificaron el acuerdo.", "AGREE",
               start=D(2021, 1, 11), actors=(("participant", "kb:putin"), ("participant", "kb:aliyev"),
                                              ("participant", "kb:pashinyan"))),
        # 004: the September 2022 clashes (per-side tolls, rival blame) and the 2020 war recalled.
        report("clash", "004", "Troops of Armenia and Azerbaijan faced each other again on Monday night, leaving at "
               "least 49 Armenian soldiers dead; on the Azerbaijani side there were at least 50 dead.", "ASSAULT",
               start=D(2022, 9, 13), place=BORDER, language="en", published=D(2022, 9, 14),
               actors=(("participant", "kb:ARM.mil"), ("participant", "kb:AZE.mil")),
               figures=(("killed", 49, None, "kb:ARM.mil", "at least 49"),
                        ("killed", 50, None, "kb:AZE.mil", "at least 50"))),
        report("shelled", "004", "The Armenian government said that several towns near the border had been bombed "
               "by Azerbaijan.", "ASSAULT", start=D(2022, 9, 13), place=ARMENIA, language="en",
               published=D(2022, 9, 14), actors=(("source", "kb:AZE.mil"), ("target", "kb:ARM"))),
        report("attacked", "004", "The Azerbaijani government responded that it was attacked by Armenian forces.",
               "ASSAULT", start=D(2022, 9, 13), place=BORDER, language="en", published=D(2022, 9, 14),
               actors=(("source", "kb:ARM.mil"), ("target", "kb:AZE"))),
        report("war", "004", "Control of the region was re-established by Azerbaijan in 2020 after a war that "
               "lasted six weeks and ended with more than 6,600 deaths.", "ASSAULT", start=D(2020, 1, 1),
               precision=DatePrecision.YEAR, origin=DateOrigin.SENTENCE, place=NK, language="en",
               published=D(2022, 9, 14), status=EventStatus.BACKGROUND, variant="nagorno karabakh;side=neutral",
               figures=(("killed", 6601, None, None, "more than 6,600"),)),
    ]  # fmt: skip
    return {r.id.removeprefix("r_"): r for r in out}
