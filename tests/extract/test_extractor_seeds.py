"""The extractor on the three seed articles (../shared/seeds), through the real chain.

Ingestor -> Analyser -> Resolver -> Extractor, each built from ``load_settings()`` sections; the chain runs once
per module.  Skips with a clear message when the seeds are not there.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventcoder.extract import Extractor
from eventcoder.ingest import Ingestor
from eventcoder.models import Article, Claim, ClaimKind, EventReport, EventStatus, FigureKind, Role
from eventcoder.nlp import Analyser
from eventcoder.resolve import Resolver
from eventcoder.settings import load_settings

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
Output = dict[str, tuple[Article, list[EventReport], list[Claim]]]


@pytest.fixture(scope="module")
def seeds() -> Output:
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if len(files) < 3:
        pytest.skip(f"seed articles not found in {SEEDS}")
    settings = load_settings(environ={})
    articles = [a for a in Ingestor(settings.ingest)([str(f) for f in files]) if isinstance(a, Article)]
    analyses = Analyser(settings.nlp)(articles)
    resolutions = Resolver(settings.resolve)(list(zip(articles, analyses, strict=True)))
    outputs = Extractor(settings.extract)(list(zip(articles, analyses, resolutions, strict=True)))
    return {
        Path(a.origin).name[:3]: (a, reports, claims) for a, (reports, claims) in zip(articles, outputs, strict=True)
    }


def _events(out: Output, seed: str, event_type: str, needle: str) -> list[EventReport]:
    _, reports, _ = out[seed]
    return [r for r in reports if r.event_type == event_type and needle in r.evidence.text]


def _one(out: Output, seed: str, event_type: str, needle: str) -> EventReport:
    found = _events(out, seed, event_type, needle)
    assert found, f"no {event_type} event in a sentence containing {needle!r}: {_summary(out, seed)}"
    return found[0]


def _summary(out: Output, seed: str) -> list[tuple[str, int, str]]:
    return [(r.event_type, r.evidence.sentence_index, r.status.value) for r in out[seed][1]]


def _claims(out: Output, seed: str) -> dict[str, Claim]:
    return {c.id: c for c in out[seed][2]}


def _ids(report: EventReport) -> set[str | None]:
    return {a.entity_id for a in report.actors}


# --------------------------------------------------------------------------- every span points at its text


def test_every_span_matches_the_article_text(seeds: Output) -> None:
    for article, reports, claims in seeds.values():
        text = article.text
        spans = []
        for r in reports:
            spans += [r.evidence, *(a.span for a in r.actors), *(f.span for f in r.figures)]
            spans += [s for s in (r.evidence.trigger, r.date.span, r.place.span if r.place else None) if s]
        for c in claims:
            spans += [c.span, *([c.cue] if c.cue else [])]
        assert spans
        for span in spans:
            assert text[span.start : span.end] == span.text, span


def test_ids_are_stable_and_unique(seeds: Output) -> None:
    settings = load_settings(environ={})
    for article, reports, claims in seeds.values():
        assert len({r.id for r in reports}) == len(reports)
        assert len({c.id for c in claims}) == len(claims)
        known = {c.id for c in claims}
        for r in reports:
            assert set(r.claim_ids) <= known
            assert {f.claim_id for f in r.figures} - {None} <= known
            assert r.article_id == article.id and r.extractor
    assert settings.extract.event_threshold > 0


# --------------------------------------------------------------------------- 000: the Moscow meeting (undated)


def test_000_trilateral_meeting_is_reported_with_three_leaders_and_no_date(seeds: Output) -> None:
    meeting = [r for r in _events(seeds, "000", "CONSULT", "") if r.evidence.sentence_index <= 2]
    assert meeting
    best = max(meeting, key=lambda r: len(r.actors))
    assert {"kb:putin", "kb:ilham-aliyev", "kb:pashinyan"} <= _ids(best)
    assert all(a.role is Role.PARTICIPANT for a in best.actors)
    assert best.status is EventStatus.REPORTED
    assert best.date.start is None  # the article is undated and says only 'casi cuatro horas'
    assert any(r.place is not None and r.place.name == "Moscow" and r.place.variant == "Moscú" for r in meeting)


def test_000_ceasefire_agreement_of_9_november_2020(seeds: Output) -> None:
    agree = _one(seeds, "000", "AGREE", "El 9 de noviembre de 2020")
    assert agree.date.start == dt.date(2020, 11, 9)
    assert agree.date.origin.value == "sentence" and agree.date.span is not None
    assert {"kb:putin", "kb:ilham-aliyev", "kb:pashinyan"} <= _ids(agree)
    assert agree.place is not None and agree.place.entity_id == "kb:place:nagorno-karabakh"
    assert (agree.place.geo_precision, agree.place.where_prec) == (3, 5)


def test_000_terms_of_the_agreement_are_planned(seeds: Output) -> None:
    peacekeepers = _one(seeds, "000", "AID", "fuerzas de paz rusas")
    assert peacekeepers.mode == "military"
    assert peacekeepers.status is EventStatus.PLANNED
    exchange = _one(seeds, "000", "CONCEDE", "intercambiar prisioneros")
    assert exchange.status is EventStatus.PLANNED


@pytest.mark.parametrize(
    ("needle", "year"),
    [("estallaron el 27 de septiembre de 2020", 2020), ("febrero de 1988", 1988), ("En 1992-1994", 1992)],
)
def test_000_history_is_background(seeds: Output, needle: str, year: int) -> None:
    _, reports, _ = seeds["000"]
    found = [r for r in reports if needle in r.evidence.text]
    assert found, _summary(seeds, "000")
    assert all(r.status is EventStatus.BACKGROUND for r in found)
    assert any(r.date.start is not None and r.date.start.year == year for r in found)


def test_000_renewed_fighting_is_an_assault_of_27_september_2020(seeds: Output) -> None:
    fighting = _one(seeds, "000", "ASSAULT", "27 de septiembre de 2020")
    assert fighting.date.start == dt.date(2020, 9, 27)
    assert fighting.status is EventStatus.BACKGROUND
    war = _one(seeds, "000", "ASSAULT", "En 1992-1994")
    assert (war.date.start, war.date.end) == (dt.date(1992, 1, 1), dt.date(1994, 12, 31))


# --------------------------------------------------------------------------- 002: the Shushi conference


def test_002_ambassadors_refuse_to_attend(seeds: Output) -> None:
    reject = _one(seeds, "002", "REJECT", "se negaron a participar")
    sources = {a.entity_id for a in reject.actors if a.role is Role.SOURCE}
    assert {"kb:USA", "kb:FRA"} <= sources
    assert reject.status is EventStatus.REPORTED
    assert reject.place is not None and reject.place.name == "Shusha" and reject.place.variant == "Shushi"


def test_002_hajiyev_accusations_are_quoted_with_their_speaker(seeds: Output) -> None:
    claims = _claims(seeds, "002")
    accusations = [r for r in seeds["002"][1] if r.event_type == "ACCUSE"]
    assert accusations
    assert all(any(a.entity_id == "kb:hajiyev" and a.role is Role.SOURCE for a in r.actors) for r in accusations), [
        (r.evidence.sentence_index, [a.name for a in r.actors]) for r in accusations
    ]
    quoted = [claims[c] for r in accusations for c in r.claim_ids if claims[c].cue is not None]
    assert any(c.speaker_entity_id == "kb:hajiyev" and c.kind is ClaimKind.ACCUSATION for c in quoted)
    criticism = _one(seeds, "002", "ACCUSE", "criticó al Grupo de Minsk")
    assert "kb:OSCE.minsk" in {a.entity_id for a in criticism.actors if a.role is Role.TARGET}


def test_002_quotes_have_speakers(seeds: Output) -> None:
    quotes = [c for c in seeds["002"][2] if c.span.text.startswith(("Pero hay dos estados", "Aceptamos esto"))]
    assert len(quotes) == 2
    assert all(c.speaker_entity_id == "kb:hajiyev" and c.cue is not None for c in quotes)
    assert {c.cue.text for c in quotes if c.cue} == {"dijo"}


def test_002_russian_ambassador_visit(seeds: Output) -> None:
    visit = _one(seeds, "002", "CONSULT", "finalmente visitó Shushi")
    assert visit.mode == "visit" and visit.status is EventStatus.REPORTED


def test_002_the_44_day_war_figures_are_background_and_attributed(seeds: Output) -> None:
    # the figures sentence has no event word of its own: its figures join the war's (background) ASSAULT event
    wars = [r for r in seeds["002"][1] if r.event_type == "ASSAULT" and any(f.low == 3822 for f in r.figures)]
    assert len(wars) == 1, _summary(seeds, "002")
    war = wars[0]
    assert war.status is EventStatus.BACKGROUND
    figures = {(f.kind, f.low, f.high, f.civilian) for f in war.figures}
    assert figures == {
        (FigureKind.KILLED, 3822, 3822, None),
        (FigureKind.MISSING, 187, 187, False),
        (FigureKind.MISSING, 21, 21, True),
        (FigureKind.RELEASED, 150, 150, None),
    }
    claims = _claims(seeds, "002")
    speakers = {claims[f.claim_id].speaker for f in war.figures if f.claim_id}
    assert speakers == {"SoyArmenio"}
    assert {claims[f.claim_id].cue.text for f in war.figures if f.claim_id and claims[f.claim_id].cue} == {
        "Según informa"
    }
    attack = _one(seeds, "002", "ASSAULT", "atacaron el enclave armenio")
    assert attack.status is EventStatus.BACKGROUND
    assert (attack.date.start, attack.date.end) == (dt.date(2020, 9, 27), dt.date(2020, 11, 9))
    sides = {a.entity_id: a.role for a in attack.actors}
    assert "kb:AZE.mil" in sides
    if sides["kb:AZE.mil"] is not Role.SOURCE:
        pytest.xfail(
            "learned tagger (issue 13): 'las Fuerzas Armadas de Azerbaiyán, con la participación de Turquía y "
            "mercenarios..., atacaron' makes the army a participant; the rules' source is added only for actors the "
            "tagger gave no role (overriding its roles lowered dev role F1, docs/quality-actors.md)"
        )


# --------------------------------------------------------------------------- 004: the September 2022 clashes


def test_004_clash_of_12_september_with_figures_per_side(seeds: Output) -> None:
    clash = _one(seeds, "004", "ASSAULT", "at least 49 Armenian soldiers")
    assert clash.status is EventStatus.REPORTED
    assert clash.date.start == dt.date(2022, 9, 12) and clash.date.origin.value == "article"
    by_side = {f.side_entity_id: f for f in clash.figures if f.kind is FigureKind.KILLED}
    assert set(by_side) == {"kb:ARM", "kb:AZE"}
    assert (by_side["kb:ARM"].low, by_side["kb:ARM"].high, by_side["kb:ARM"].qualifier) == (49, None, "at_least")
    assert (by_side["kb:AZE"].low, by_side["kb:AZE"].high) == (50, None)
    assert by_side["kb:ARM"].side_name == "Armenia" and by_side["kb:ARM"].civilian is False
    claims = _claims(seeds, "004")
    for fig in by_side.values():
        assert fig.claim_id is not None
        assert claims[fig.claim_id].speaker == "local officials"
        assert claims[fig.claim_id].cue is not None and claims[fig.claim_id].cue.text == "according to"


def test_004_each_side_blames_the_other(seeds: Output) -> None:
    claims = _claims(seeds, "004")
    azerbaijani = _one(seeds, "004", "ASSAULT", "it was attacked by Armenian forces")
    assert "kb:ARM.mil" in {a.entity_id for a in azerbaijani.actors if a.role is Role.SOURCE}
    assert "kb:AZE.gov" in {claims[c].speaker_entity_id for c in azerbaijani.claim_ids}
    armenian = _one(seeds, "004", "ASSAULT", "had been bombed")
    assert "kb:ARM.gov" in {claims[c].speaker_entity_id for c in armenian.claim_ids}
    accusation = _one(seeds, "004", "ACCUSE", "accused Azerbaijan")
    assert ("kb:pashinyan", Role.SOURCE) in {(a.entity_id, a.role) for a in accusation.actors}
    assert ("kb:AZE", Role.TARGET) in {(a.entity_id, a.role) for a in accusation.actors}


def test_004_pashinyan_quote_gives_49_dead_soldiers(seeds: Output) -> None:
    claims = _claims(seeds, "004")
    figures = [f for r in seeds["004"][1] for f in r.figures if f.span.text == "49 dead"]
    assert figures and figures[0].low == 49 and figures[0].high == 49
    assert figures[0].claim_id is not None
    claim = claims[figures[0].claim_id]
    assert claim.kind is ClaimKind.QUOTE and claim.speaker_entity_id == "kb:pashinyan"


def test_004_russia_brokered_ceasefire_of_13_september(seeds: Output) -> None:
    ceasefire = _one(seeds, "004", "AGREE", "negotiated a ceasefire")
    assert ceasefire.date.start == dt.date(2022, 9, 13)
    assert "kb:RUS.gov" in _ids(ceasefire)


@pytest.mark.parametrize(
    ("needle", "source", "status"),
    [
        ("Russian Foreign Ministry urged", "kb:RUS.mfa", EventStatus.REPORTED),
        ("France said it would ask", "kb:FRA", EventStatus.PLANNED),
        ("demanded an immediate end to hostilities", "kb:USA", EventStatus.REPORTED),
        ("We need a complete and sustainable ceasefire", "kb:charles-michel", EventStatus.REPORTED),
    ],
)
def test_004_appeals_are_requests(seeds: Output, needle: str, source: str, status: EventStatus) -> None:
    request = _one(seeds, "004", "REQUEST", needle)
    claims = _claims(seeds, "004")
    speakers = {claims[c].speaker_entity_id for c in request.claim_ids}
    assert source in {a.entity_id for a in request.actors if a.role is Role.SOURCE} | speakers
    assert request.status is status
    assert not _events(seeds, "004", "AGREE", needle)  # the ceasefire asked for is no agreement


def test_004_the_2020_war_is_background_with_more_than_6600_deaths(seeds: Output) -> None:
    war = _one(seeds, "004", "ASSAULT", "more than 6,600 deaths")
    assert war.status is EventStatus.BACKGROUND
    assert war.date.start == dt.date(2020, 1, 1) and war.date.precision.value == "year"
    assert [(f.kind, f.low, f.high, f.qualifier) for f in war.figures] == [(FigureKind.KILLED, 6601, None, "more_than")]


def test_004_blinken_quote_has_speaker(seeds: Output) -> None:
    quote = next(c for c in seeds["004"][2] if c.span.text.startswith("If the Kremlin"))
    assert quote.speaker_entity_id == "kb:blinken" and quote.cue is not None and quote.cue.text == "told reporters"
