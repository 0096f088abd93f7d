"""Figures, attribution, quotes and statuses across the five languages, through the real chain."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from eventcoder.extract import Extractor
from eventcoder.extract.attribution import find_quotes
from eventcoder.extract.cues import CueSet, load_cues
from eventcoder.extract.status import parse_value
from eventcoder.models import Analysis, Article, Claim, DatePrecision, EventReport, EventStatus, FigureKind, Resolution
from eventcoder.nlp import Analyser
from eventcoder.resolve import Resolver
from eventcoder.settings import load_settings

# language, text, (figure kind, low, high, civilian), claim cue
FIGURE_CASES = [
    ("es", "Según el Ministerio de Defensa, al menos 12 soldados murieron en los combates.",
     (FigureKind.KILLED, 12, None, False), "Según"),
    ("en", "According to local officials, at least 20 civilians were killed in the shelling.",
     (FigureKind.KILLED, 20, None, True), "According to"),
    ("fr", "Selon le ministère de la Défense, 15 soldats ont été tués lors des affrontements.",
     (FigureKind.KILLED, 15, 15, False), "Selon"),
    ("pt", "Segundo o governo, 30 pessoas morreram nos ataques contra a cidade.",
     (FigureKind.KILLED, 30, 30, None), "Segundo"),
    ("ru", "По данным министерства обороны, в ходе боев погибли 49 военнослужащих.",
     (FigureKind.KILLED, 49, 49, False), "По данным"),
]  # fmt: skip

# language, text, event type, expected status
STATUS_CASES = [
    ("en", "If Azerbaijan attacks Armenia again, the talks will collapse.", "ASSAULT", EventStatus.HYPOTHETICAL),
    ("es", "El Kremlin dijo que las fuerzas de paz rusas se desplegarían en el corredor.", "AID", EventStatus.PLANNED),
    ("fr", "Moscou a nié que ses forces ont attaqué la gare.", "ASSAULT", EventStatus.DENIED),
    ("ru", "В 1992-1994 годах армянские силы атаковали Карабах.", "ASSAULT", EventStatus.BACKGROUND),
    ("pt", "O Azerbaijão atacou a cidade de Stepanakert ontem.", "ASSAULT", EventStatus.REPORTED),
]

Result = dict[str, tuple[Article, list[EventReport], list[Claim]]]


def _article(key: str, language: str, text: str) -> Article:
    return Article(
        id="a_" + hashlib.sha256(key.encode()).hexdigest()[:16],
        text=text,
        published=dt.date(2022, 9, 14),
        language=language,
        language_confidence=1.0,
        origin=key,
        input_format="text",
    )


@pytest.fixture(scope="module")
def results() -> Result:
    settings = load_settings(environ={})
    cases = [(f"fig-{i}", lang, text) for i, (lang, text, _, _) in enumerate(FIGURE_CASES)]
    cases += [(f"status-{i}", lang, text) for i, (lang, text, _, _) in enumerate(STATUS_CASES)]
    articles = [_article(*case) for case in cases]
    analyses: list[Analysis] = Analyser(settings.nlp)(articles)
    resolutions: list[Resolution] = Resolver(settings.resolve)(list(zip(articles, analyses, strict=True)))
    outputs = Extractor(settings.extract)(list(zip(articles, analyses, resolutions, strict=True)))
    return {a.origin: (a, reports, claims) for a, (reports, claims) in zip(articles, outputs, strict=True)}


@pytest.mark.parametrize(("index", "case"), list(enumerate(FIGURE_CASES)), ids=[c[0] for c in FIGURE_CASES])
def test_figures_and_their_attribution(results: Result, index: int, case: tuple[object, ...]) -> None:
    _, _, (kind, low, high, civilian), cue = case
    article, reports, claims = results[f"fig-{index}"]
    figures = [f for r in reports for f in r.figures]
    assert [(f.kind, f.low, f.high, f.civilian) for f in figures] == [(kind, low, high, civilian)], reports
    assert article.text[figures[0].span.start : figures[0].span.end] == figures[0].span.text
    by_id = {c.id: c for c in claims}
    assert figures[0].claim_id in by_id
    claim = by_id[figures[0].claim_id]
    assert claim.cue is not None and claim.cue.text == cue
    assert claim.speaker


@pytest.mark.parametrize(("index", "case"), list(enumerate(STATUS_CASES)), ids=[c[0] for c in STATUS_CASES])
def test_status_cues(results: Result, index: int, case: tuple[str, str, str, EventStatus]) -> None:
    _, _, event_type, status = case
    _, reports, _ = results[f"status-{index}"]
    found = [r for r in reports if r.event_type == event_type]
    assert found, [(r.event_type, r.status) for r in reports]
    assert found[0].status is status


# --------------------------------------------------------------------------- pure helpers

QUOTE_CASES = [
    ("es", "«No asistiremos», dijo el embajador.", ["No asistiremos"]),
    ("en", "“We need a ceasefire,” said Michel. “Now.”", ["We need a ceasefire,", "Now."]),
    ("fr", "« Nous condamnons cette attaque », a déclaré Macron.", [" Nous condamnons cette attaque "]),
    ("pt", 'O ministro disse: "A trégua foi violada".', ["A trégua foi violada"]),
    ("ru", "«Огонь прекращен», — заявил Песков.", ["Огонь прекращен"]),
    ("es", "«Pero hay dos estados. Pueden venir o no”, dijo Hajiyev.", ["Pero hay dos estados. Pueden venir o no"]),
]


@pytest.mark.parametrize(("language", "text", "expected"), QUOTE_CASES, ids=[c[0] for c in QUOTE_CASES])
def test_find_quotes(language: str, text: str, expected: list[str]) -> None:
    assert [text[slice(*q.inner)] for q in find_quotes(text)] == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-11-09", (dt.date(2020, 11, 9), dt.date(2020, 11, 9), DatePrecision.DAY)),
        ("2020-11", (dt.date(2020, 11, 1), dt.date(2020, 11, 30), DatePrecision.MONTH)),
        ("2020-12", (dt.date(2020, 12, 1), dt.date(2020, 12, 31), DatePrecision.MONTH)),
        ("2020", (dt.date(2020, 1, 1), dt.date(2020, 12, 31), DatePrecision.YEAR)),
        ("198X", (dt.date(1980, 1, 1), dt.date(1989, 12, 31), DatePrecision.DECADE)),
        ("2023-W38", (dt.date(2023, 9, 18), dt.date(2023, 9, 24), DatePrecision.WEEK)),
        ("2020-11-09T14:30", (dt.date(2020, 11, 9), dt.date(2020, 11, 9), DatePrecision.DAY)),
        ("2020-11-09T14:48Z", (dt.date(2020, 11, 9), dt.date(2020, 11, 9), DatePrecision.DAY)),
        ("2020-Q3", None),
        ("P44D", None),
        ("PRESENT_REF", None),
        (None, None),
    ],
)
def test_parse_value(value: str | None, expected: object) -> None:
    assert parse_value(value) == expected


def test_cue_sets_whole_words_prefixes_and_regex() -> None:
    cues = CueSet(["said", "bombarde*", r"re:\bhace\s+\d+\s+años"])
    text = "He said, unsaid: bombardearon hace 2 años."
    assert [text[a:b] for a, b in cues.finditer(text)] == ["said", "bombardearon", "hace 2 años"]
    assert not CueSet([]) and CueSet([]).finditer(text) == []


def test_every_language_has_all_cue_files_with_provenance() -> None:
    languages = ("es", "en", "pt", "fr", "ru")
    cues = load_cues(languages)
    assert set(cues) == {*languages, "*"}
    for language in languages:
        c = cues[language]
        assert c.speech_verbs and c.source_markers and c.history and c.planned and c.negation, language
        assert set(c.figure_kinds) == {k.value for k in FigureKind}, language
        assert c.people and c.combatant and c.civilian and c.conjunctions, language
    assert cues["*"].languages == languages
