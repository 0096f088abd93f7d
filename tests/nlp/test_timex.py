"""Time expressions: detection and ISO 8601 normalisation, per language, with and without an anchor date."""

from __future__ import annotations

import datetime as dt

import pytest

from eventcoder.models import Article, DatePrecision, Sentence, TimexKind
from eventcoder.nlp.lexicon import available_languages, load_lexicon
from eventcoder.nlp.timex import TimeTagger, TimexSpan, tag_times
from eventcoder.settings import NlpSettings

SEPT_14 = dt.date(2022, 9, 14)  # a Wednesday
NOV_12 = dt.date(2020, 11, 12)


def _find(text: str, language: str, anchor: dt.date | None, expected_text: str) -> TimexSpan:
    spans = tag_times(text, language=language, anchor=anchor)
    for span in spans:
        assert text[span.start : span.end] == span.text
    hits = [s for s in spans if s.text == expected_text]
    assert hits, f"{expected_text!r} not found in {[s.text for s in spans]}"
    return hits[0]


# language, sentence, anchor, expected span, value, precision
DATES = [
    ("es", "Firmaron el acuerdo el 9 de noviembre de 2020.", SEPT_14, "el 9 de noviembre de 2020", "2020-11-09", "day"),
    ("es", "El 11 de enero de 2021, los presidentes firmaron.", SEPT_14, "El 11 de enero de 2021", "2021-01-11", "day"),
    ("es", "Un alto el fuego a partir del 10 de noviembre.", NOV_12, "del 10 de noviembre", "2020-11-10", "day"),
    ("es", "El conflicto estalló en febrero de 1988.", SEPT_14, "febrero de 1988", "1988-02", "month"),
    ("es", "Hoy, Bakú celebró una conferencia.", SEPT_14, "Hoy", "2022-09-14", "day"),
    ("es", "Los acuerdos alcanzados en noviembre de 2020.", SEPT_14, "noviembre de 2020", "2020-11", "month"),
    ("es", "Ocurrió el año pasado.", SEPT_14, "el año pasado", "2021", "year"),
    ("es", "Ocurrió hace tres días.", SEPT_14, "hace tres días", "2022-09-11", "day"),
    ("es", "Se reunieron el pasado lunes.", SEPT_14, "el pasado lunes", "2022-09-12", "day"),
    ("es", "Crecieron en los años ochenta.", SEPT_14, "los años ochenta", "198X", "decade"),
    (
        "en",
        "They clashed again on Monday night, the 12th, leaving dead.",
        SEPT_14,
        "on Monday night, the 12th",
        "2022-09-12",
        "day",
    ),
    (
        "en",
        "On Tuesday morning, the 13th, the Kremlin said it.",
        SEPT_14,
        "On Tuesday morning, the 13th",
        "2022-09-13",
        "day",
    ),
    ("en", "He met the leaders in Brussels last month.", SEPT_14, "last month", "2022-08", "month"),
    ("en", "Two years ago, in 2020, the army reclaimed the region.", SEPT_14, "Two years ago, in 2020", "2020", "year"),
    ("en", "Conflicts started in the late 1980s, when both were Soviet.", SEPT_14, "the late 1980s", "198X", "decade"),
    ("en", "It happened on Sept. 29, 1989 in Ohio.", SEPT_14, "Sept. 29, 1989", "1989-09-29", "day"),
    ("en", "Prices rose last week.", SEPT_14, "last week", "2022-W36", "week"),
    ("en", "Profit fell in the third quarter.", SEPT_14, "the third quarter", "2022-Q3", "month"),
    ("en", "The talks resumed today.", SEPT_14, "today", "2022-09-14", "day"),
    ("pt", "O ataque ocorreu na segunda-feira.", SEPT_14, "na segunda-feira", "2022-09-12", "day"),
    ("pt", "A guerra terminou em 2020.", SEPT_14, "em 2020", "2020", "year"),
    (
        "pt",
        "O acordo foi assinado em 12 de setembro de 2022.",
        SEPT_14,
        "em 12 de setembro de 2022",
        "2022-09-12",
        "day",
    ),
    ("pt", "Chegaram ontem.", SEPT_14, "ontem", "2022-09-13", "day"),
    ("fr", "Le 8 avril 2022, les combats ont repris.", SEPT_14, "Le 8 avril 2022", "2022-04-08", "day"),
    ("fr", "Les frappes ont eu lieu mardi.", SEPT_14, "mardi", "2022-09-13", "day"),
    ("fr", "Il est arrivé il y a trois ans.", SEPT_14, "il y a trois ans", "2019", "year"),
    ("ru", "Обстрел начался 12 сентября 2022 года.", SEPT_14, "12 сентября 2022 года", "2022-09-12", "day"),
    ("ru", "Бои шли в ночь на 13 сентября.", SEPT_14, "в ночь на 13 сентября", "2022-09-13", "day"),
    ("ru", "Об этом стало известно вчера.", SEPT_14, "вчера", "2022-09-13", "day"),
    ("ru", "Встреча прошла на прошлой неделе.", SEPT_14, "на прошлой неделе", "2022-W36", "week"),
]


@pytest.mark.parametrize(("language", "text", "anchor", "span_text", "value", "precision"), DATES)
def test_dates_are_normalised(
    language: str, text: str, anchor: dt.date, span_text: str, value: str, precision: str
) -> None:
    span = _find(text, language, anchor, span_text)
    assert span.kind is TimexKind.DATE
    assert (span.value, span.precision.value) == (value, precision)
    assert span.resolved


# language, sentence, expected span, start value, end value
RANGES = [
    (
        "es",
        "Del 27 de septiembre al 9 de noviembre de 2020, atacaron.",
        "Del 27 de septiembre al 9 de noviembre de 2020",
        "2020-09-27",
        "2020-11-09",
    ),
    ("es", "En 1992-1994, las tensiones estallaron.", "1992-1994", "1992", "1994"),
    (
        "en",
        "Fighting lasted from March 3 to April 5, 2021.",
        "from March 3 to April 5, 2021",
        "2021-03-03",
        "2021-04-05",
    ),
    ("fr", "Les combats du 3 au 5 mai 2021.", "du 3 au 5 mai 2021", "2021-05-03", "2021-05-05"),
    ("pt", "Entre 2018 e 2020 houve ataques.", "Entre 2018 e 2020", "2018", "2020"),
    (
        "ru",
        "Бои шли с 27 сентября по 9 ноября 2020 года.",
        "с 27 сентября по 9 ноября 2020 года",
        "2020-09-27",
        "2020-11-09",
    ),
]


@pytest.mark.parametrize(("language", "text", "span_text", "value", "end_value"), RANGES)
def test_ranges_have_value_and_end_value(language: str, text: str, span_text: str, value: str, end_value: str) -> None:
    span = _find(text, language, SEPT_14, span_text)
    assert span.kind is TimexKind.RANGE
    assert (span.value, span.end_value) == (value, end_value)


DURATIONS = [
    ("es", "Sobre la guerra de 44 días en Artsaj.", "44 días", "P44D"),
    ("es", "La reunión duró casi cuatro horas.", "cuatro horas", "PT4H"),
    ("es", "No lograron nada en los últimos veinte años.", "los últimos veinte años", "P20Y"),
    ("es", "Desperdiciaron treinta años de nuestro tiempo.", "treinta años", "P30Y"),
    ("en", "After a war that lasted six weeks and ended.", "six weeks", "P6W"),
    ("en", "Since the end of the six-week war in 2020.", "the six-week", "P6W"),
    ("en", "It took several months.", "several months", "PXM"),
    ("pt", "A guerra de 44 dias terminou.", "44 dias", "P44D"),
    ("fr", "Pendant six semaines, la ville a tenu.", "six semaines", "P6W"),
    ("ru", "Война длилась 44 дня.", "44 дня", "P44D"),
]


@pytest.mark.parametrize(("language", "text", "span_text", "value"), DURATIONS)
def test_durations(language: str, text: str, span_text: str, value: str) -> None:
    span = _find(text, language, None, span_text)
    assert (span.kind, span.value, span.resolved) == (TimexKind.DURATION, value, True)


UNDATED = [
    ("es", "Hoy, Bakú celebró una conferencia.", "Hoy"),
    ("es", "Un alto el fuego a partir del 10 de noviembre.", "del 10 de noviembre"),
    ("en", "He met them last month.", "last month"),
    ("en", "They clashed on Monday night, the 12th.", "on Monday night, the 12th"),
    ("ru", "Об этом стало известно вчера.", "вчера"),
]


@pytest.mark.parametrize(("language", "text", "span_text"), UNDATED)
def test_undated_articles_keep_relative_expressions_unresolved(language: str, text: str, span_text: str) -> None:
    span = _find(text, language, None, span_text)
    assert span.value is None
    assert not span.resolved
    assert span.relative


def test_absolute_dates_resolve_without_anchor() -> None:
    span = _find("El 9 de noviembre de 2020, firmaron.", "es", None, "El 9 de noviembre de 2020")
    assert (span.value, span.resolved, span.relative) == ("2020-11-09", True, False)


@pytest.mark.parametrize(
    ("anchor", "value"),
    [(dt.date(2021, 1, 20), "2020-11-09"), (dt.date(2020, 10, 1), "2020-11-09"), (dt.date(2021, 10, 1), "2021-11-09")],
)
def test_yearless_date_takes_nearest_year_preferring_the_past(anchor: dt.date, value: str) -> None:
    span = _find("El acuerdo del 9 de noviembre se cumple.", "es", anchor, "del 9 de noviembre")
    assert span.value == value


NOT_TIMES = [
    ("en", "At least 49 soldiers died and we counted 4 of them."),
    ("en", "We may see more; they march on."),
    ("es", "Murieron 3.822 personas y 150 fueron devueltas."),
    ("fr", "Au moins 49 soldats sont morts."),
]


@pytest.mark.parametrize(("language", "text"), NOT_TIMES)
def test_no_false_hits_on_numbers_and_words(language: str, text: str) -> None:
    assert tag_times(text, language=language, anchor=SEPT_14) == []


def test_in_the_morning_is_not_tomorrow() -> None:
    spans = tag_times("Llegaron ayer. Salieron por la mañana.", language="es", anchor=SEPT_14)
    assert [(s.text, s.value) for s in spans] == [("ayer", "2022-09-13"), ("la mañana", "2022-09-13")]


@pytest.mark.parametrize("language", ["und", "de", "xx"])
def test_unsupported_languages_use_default_numeric_rules(language: str) -> None:
    spans = tag_times("Bericht vom 2022-09-12, wieder 12.09.2022 und Montag.", language=language, anchor=SEPT_14)
    assert [(s.text, s.value) for s in spans] == [("2022-09-12", "2022-09-12"), ("12.09.2022", "2022-09-12")]


def test_every_language_file_has_provenance_and_compiles() -> None:
    languages = available_languages("time_rules")
    assert {"default", "en", "es", "fr", "pt", "ru"} <= set(languages)
    for language in languages:
        folder, data = load_lexicon("time_rules", language)
        assert folder == language
        assert {"source", "licence"} <= set(data["provenance"])
        tag_times("2020", language=language, anchor=SEPT_14)  # compiles every rule


def test_tagger_stage_gives_article_offsets_and_sentence_index() -> None:
    text = "Las conversaciones duraron casi 4 horas.\nEl 9 de noviembre de 2020 firmaron. Hoy hablaron."
    article = Article(
        id="a_1",
        text=text,
        published=dt.date(2022, 9, 14),
        language="es",
        language_confidence=0.99,
        origin="-",
        input_format="text",
    )
    bounds = [(0, 40), (41, 76), (77, len(text))]
    sentences = [Sentence(start=s, end=e, text=text[s:e], article_id="a_1", index=i) for i, (s, e) in enumerate(bounds)]
    [times] = TimeTagger(NlpSettings())([(article, sentences)])
    got = [(t.text, t.sentence_index, t.value, t.precision) for t in times]
    assert got == [
        ("4 horas", 0, "PT4H", DatePrecision.UNKNOWN),
        ("El 9 de noviembre de 2020", 1, "2020-11-09", DatePrecision.DAY),
        ("Hoy", 2, "2022-09-14", DatePrecision.DAY),
    ]
    assert all(text[t.start : t.end] == t.text and t.article_id == "a_1" for t in times)
