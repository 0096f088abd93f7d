"""Time expression classes of issue 16, per language: clock times with zones, sets, quarters, halves and seasons
with their years, decades and centuries, anchored periods, composites kept whole, tense-aware weekdays,
anaphors and numbers that are not years.  Sentences written for these tests; the anchor is a Wednesday."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import eventcoder.nlp.timex as timex
from eventcoder.models import TimexKind
from eventcoder.nlp.lexicon import trie_pattern, words_pattern
from eventcoder.nlp.timex import TimexSpan, tag_times

WED = dt.date(2022, 9, 14)  # Wednesday, in ISO week 37, calendar quarter 3, astronomical summer


def _one(language: str, text: str, span_text: str, *, merge_ranges: bool = True) -> TimexSpan:
    spans = tag_times(text, language=language, anchor=WED, merge_ranges=merge_ranges)
    hits = [s for s in spans if s.text == span_text]
    assert hits, f"{span_text!r} not found in {[(s.text, s.value) for s in spans]}"
    assert text[hits[0].start : hits[0].end] == span_text
    return hits[0]


CLOCK_TIMES = [
    ("en", "The ceasefire began at 14:48 UTC.", "14:48 UTC", "2022-09-14T14:48Z"),
    ("en", "The offer expires at 5 p.m. EST, Nov. 9.", "5 p.m. EST, Nov. 9", "2022-11-09T17:00"),
    ("en", "Talks broke off at noon Thursday.", "noon Thursday", "2022-09-08T12:00"),
    ("en", "Talks resume at noon Thursday.", "noon Thursday", "2022-09-15T12:00"),
    ("es", "El alto el fuego empezó a las 14:58.", "a las 14:58", "2022-09-14T14:58"),
    ("es", "Votaron desde las 10.00 GMT.", "desde las 10.00 GMT", "2022-09-14T10:00Z"),
    ("es", "El camión volcó a las seis de la mañana de ayer.", "a las seis de la mañana de ayer", "2022-09-13T06:00"),
    ("pt", "O cessar-fogo começou às 14h30 (hora de Brasília).", "às 14h30 (hora de Brasília)", "2022-09-14T14:30"),
    ("pt", "A votação terminou às 17 horas.", "às 17 horas", "2022-09-14T17:00"),
    ("fr", "Le cessez-le-feu est entré en vigueur à 14 h 30.", "à 14 h 30", "2022-09-14T14:30"),
    ("fr", "L'accord est entré en vigueur à 13 heures, heure locale.", "à 13 heures, heure locale", "2022-09-14T13:00"),
    ("fr", "La trêve commence à 6 h GMT.", "à 6 h GMT", "2022-09-14T06:00Z"),
    ("ru", "Перемирие началось в 14:30 по московскому времени.", "в 14:30 по московскому времени", "2022-09-14T14:30"),
    ("ru", "Обстрел начался в 8 утра.", "в 8 утра", "2022-09-14T08:00"),
]


@pytest.mark.parametrize(("language", "text", "span_text", "value"), CLOCK_TIMES)
def test_clock_times_with_zones(language: str, text: str, span_text: str, value: str) -> None:
    span = _one(language, text, span_text)
    assert (span.kind, span.value) == (TimexKind.DATE, value)


def test_a_clock_time_alone_is_not_a_duration() -> None:
    assert _one("fr", "Les combats ont duré 13 heures.", "13 heures").kind is TimexKind.DURATION
    assert _one("es", "El partido empieza a las 18.45 horas.", "a las 18.45 horas").value == "2022-09-14T18:45"


SETS = [
    ("en", "Elections are held annually.", "annually", "P1Y"),
    ("en", "The council meets weekly.", "weekly", "P1W"),
    ("en", "Inflation rises every year.", "every year", "P1Y"),
    ("en", "Flights leave each Thursday.", "each Thursday", "XXXX-WXX-4"),
    ("en", "The loans cost $5 million a year.", "a year", "P1Y"),
    ("es", "La tasa anual fue del 3 %.", "anual", "P1Y"),
    ("es", "Trabajan 35 horas semanales.", "semanales", "P1W"),
    ("es", "Los precios suben cada año.", "cada año", "P1Y"),
    ("es", "Consumen 4 kilos por cabeza al año.", "al año", "P1Y"),
    ("pt", "O crescimento anual foi de 2 %.", "anual", "P1Y"),
    ("pt", "As eleições ocorrem a cada dois anos.", "a cada dois anos", "P2Y"),
    ("fr", "Le conseil se réunit chaque semaine.", "chaque semaine", "P1W"),
    ("fr", "Les élections ont lieu tous les deux ans.", "tous les deux ans", "P2Y"),
    ("fr", "La croissance annuelle atteint 2 %.", "annuelle", "P1Y"),
    ("ru", "Доклад публикуется ежегодно.", "ежегодно", "P1Y"),
    ("ru", "Выборы проходят каждые два года.", "каждые два года", "P2Y"),
]


@pytest.mark.parametrize(("language", "text", "span_text", "value"), SETS)
def test_sets(language: str, text: str, span_text: str, value: str) -> None:
    span = _one(language, text, span_text)
    assert (span.kind, span.value) == (TimexKind.SET, value)


def test_a_frequency_word_modifying_an_english_noun_is_not_a_set() -> None:
    assert tag_times("It raised its quarterly dividend.", language="en", anchor=WED) == []


PERIODS = [
    ("en", "Sales fell in the final quarter of 2009.", "the final quarter of 2009", "2009-Q4"),
    ("en", "Profit rose in the first quarter of last year.", "the first quarter of last year", "2021-Q1"),
    ("en", "It may start as early as next year's first quarter.", "next year's first quarter", "2023-Q1"),
    ("en", "Earnings will fall in the second half of 2009.", "the second half of 2009", "2009-H2"),
    ("en", "The plant closed in the summer of 2009.", "the summer of 2009", "2009-SU"),
    ("en", "Orders grew last fall.", "last fall", "2021-FA"),
    ("es", "Las ventas cayeron en el último trimestre de 2009.", "el último trimestre de 2009", "2009-Q4"),
    ("es", "Ganó en el primer trimestre del año pasado.", "el primer trimestre del año pasado", "2021-Q1"),
    ("es", "Crecerá en el segundo semestre de 2009.", "el segundo semestre de 2009", "2009-H2"),
    ("es", "La placa se colocó en la primavera de 1983.", "la primavera de 1983", "1983-SP"),
    ("es", "Lo cantamos todo el verano pasado.", "todo el verano pasado", "2021-SU"),
    ("pt", "As vendas caíram no quarto trimestre de 2009.", "no quarto trimestre de 2009", "2009-Q4"),
    ("pt", "O lucro subiu no primeiro trimestre do ano passado.", "no primeiro trimestre do ano passado", "2021-Q1"),
    ("pt", "A fábrica fechou no verão de 2009.", "no verão de 2009", "2009-SU"),
    ("fr", "Les ventes ont chuté au dernier trimestre de 2009.", "au dernier trimestre de 2009", "2009-Q4"),
    (
        "fr",
        "Le bénéfice a grimpé au premier trimestre de l'année dernière.",
        "au premier trimestre de l'année dernière",
        "2021-Q1",
    ),
    ("fr", "La croissance reprendra au second semestre 2009.", "au second semestre 2009", "2009-H2"),
    ("fr", "L'usine a fermé l'été 2009.", "l'été 2009", "2009-SU"),
    ("ru", "Продажи упали в последнем квартале 2009 года.", "в последнем квартале 2009 года", "2009-Q4"),
    ("ru", "Прибыль выросла в первом квартале прошлого года.", "в первом квартале прошлого года", "2021-Q1"),
    ("ru", "Завод закрылся летом 2009 года.", "летом 2009 года", "2009-SU"),
]


@pytest.mark.parametrize(("language", "text", "span_text", "value"), PERIODS)
def test_quarters_halves_and_seasons_with_their_years(language: str, text: str, span_text: str, value: str) -> None:
    assert _one(language, text, span_text).value == value


DECADES_AND_CENTURIES = [
    ("en", "It was a landmark of the 20th century.", "the 20th century", "19"),
    ("en", "Numbers dropped through the nineties.", "the nineties", "199X"),
    ("es", "Hubo un convento hasta el siglo XIX.", "el siglo XIX", "18"),
    ("es", "Publicó durante los años 20.", "los años 20", "202X"),
    ("pt", "A igreja é do século XIX.", "do século XIX", "18"),
    ("fr", "L'église date du XIXe siècle.", "du XIXe siècle", "18"),
    ("ru", "Церковь построена в XIX веке.", "в XIX веке", "18"),
]


@pytest.mark.parametrize(("language", "text", "span_text", "value"), DECADES_AND_CENTURIES)
def test_decades_and_centuries(language: str, text: str, span_text: str, value: str) -> None:
    assert _one(language, text, span_text).value == value


def test_a_two_digit_decade_is_the_latest_not_after_the_anchor() -> None:
    spans = tag_times("Publicó durante los años 20.", language="es", anchor=dt.date(2001, 5, 2))
    assert [s.value for s in spans] == ["192X"]


ANCHORED = [  # (language, text, span, kind, value)
    ("en", "Profits fell in the last quarter.", "the last quarter", TimexKind.DATE, "2022-Q2"),
    ("en", "Prices doubled over the past decade.", "the past decade", TimexKind.DATE, "201X"),
    ("en", "Prices have doubled for the past decade.", "the past decade", TimexKind.DURATION, "P10Y"),
    ("en", "Prices rose in the past months.", "the past months", TimexKind.DURATION, "PXM"),
    ("es", "Los beneficios cayeron el último trimestre.", "el último trimestre", TimexKind.DATE, "2022-Q2"),
    ("es", "Los precios se duplicaron en la última década.", "la última década", TimexKind.DATE, "201X"),
    ("es", "Subieron durante los últimos diez años.", "los últimos diez años", TimexKind.DURATION, "P10Y"),
    ("pt", "Os lucros caíram no último trimestre.", "no último trimestre", TimexKind.DATE, "2022-Q2"),
    ("fr", "Les bénéfices ont baissé le dernier trimestre.", "le dernier trimestre", TimexKind.DATE, "2022-Q2"),
    ("fr", "Les prix ont doublé la dernière décennie.", "la dernière décennie", TimexKind.DATE, "201X"),
    ("ru", "Прибыль упала в прошлом квартале.", "в прошлом квартале", TimexKind.DATE, "2022-Q2"),
]


@pytest.mark.parametrize(("language", "text", "span_text", "kind", "value"), ANCHORED)
def test_anchored_periods_are_dates_and_spans_of_time_durations(
    language: str, text: str, span_text: str, kind: TimexKind, value: str
) -> None:
    span = _one(language, text, span_text)
    assert (span.kind, span.value) == (kind, value)


TENSES = [  # the anchor is a Wednesday: Friday is nearer ahead, Monday nearer behind
    ("en", "He said Friday that the talks had failed.", "Friday", "2022-09-09"),
    ("en", "They will meet on Monday.", "Monday", "2022-09-19"),
    ("en", "The company had its annual meeting in January.", "January", "2022-01"),
    ("es", "El ministro firmó el viernes el decreto.", "el viernes", "2022-09-09"),
    ("es", "Los ministros se reunirán el lunes.", "el lunes", "2022-09-19"),
    ("pt", "O exército atacou na sexta-feira.", "na sexta-feira", "2022-09-09"),
    ("pt", "Os ministros vão se reunir na segunda-feira.", "na segunda-feira", "2022-09-19"),
    ("fr", "L'armée a frappé vendredi.", "vendredi", "2022-09-09"),
    ("fr", "Les ministres se réuniront lundi.", "lundi", "2022-09-19"),
    ("ru", "Министр заявил в пятницу, что переговоры сорваны.", "в пятницу", "2022-09-09"),
    ("ru", "Встреча будет в понедельник.", "в понедельник", "2022-09-19"),
]


PART_OF_A_DAY = [  # a part of the day with its day is one expression, dated by the day
    ("en", "Clashes erupted on the night of Monday.", "on the night of Monday", "2022-09-12"),
    ("es", "Los choques empezaron la madrugada del martes.", "la madrugada del martes", "2022-09-13"),
    ("pt", "O acordo foi assinado na noite de segunda-feira.", "na noite de segunda-feira", "2022-09-12"),
    ("fr", "Les combats ont éclaté dans la nuit de lundi.", "dans la nuit de lundi", "2022-09-12"),
    ("ru", "Бои начались в ночь на 13 сентября.", "в ночь на 13 сентября", "2022-09-13"),
]


@pytest.mark.parametrize(("language", "text", "span_text", "value"), PART_OF_A_DAY)
def test_a_part_of_the_day_stays_with_its_day(language: str, text: str, span_text: str, value: str) -> None:
    assert _one(language, text, span_text).value == value


@pytest.mark.parametrize(("language", "text", "span_text", "value"), TENSES)
def test_weekdays_and_months_follow_the_tense_of_the_nearest_verb(
    language: str, text: str, span_text: str, value: str
) -> None:
    assert _one(language, text, span_text).value == value


def test_without_a_tense_a_weekday_is_the_nearest_one() -> None:
    assert _one("en", "Talks in Geneva, Friday.", "Friday").value == "2022-09-16"
    assert _one("en", "Talks in Geneva, Monday.", "Monday").value == "2022-09-12"


ANAPHORS = [
    ("en", "The war ended in 2019. The following year, talks began.", "The following year", "2020"),
    ("en", "Profit rose in the third quarter from $2 a year earlier.", "a year earlier", "2021-Q3"),
    (
        "en",
        "Sales rose in the third quarter. In the year-earlier quarter they fell.",
        "the year-earlier quarter",
        "2021-Q3",
    ),
    (
        "es",
        "Todo cambió el 11 de septiembre de 2001. Al día siguiente, nadie trabajó.",
        "Al día siguiente",
        "2001-09-12",
    ),
    ("es", "La ofensiva fue el 5 de octubre de 1999. Ese mismo día lo condenaron.", "Ese mismo día", "1999-10-05"),
    ("es", "Llegó el 11 de septiembre. El día 12 se fue.", "El día 12", "2022-09-12"),
    ("pt", "A guerra acabou em 2019. No ano seguinte, começaram as conversas.", "No ano seguinte", "2020"),
    ("fr", "La paix a été signée le 3 mai 2020. Le lendemain, les troupes sont parties.", "Le lendemain", "2020-05-04"),
    ("ru", "Война закончилась 3 мая 2020 года. На следующий день подписали мир.", "На следующий день", "2020-05-04"),
    ("en", "Markets crashed on Friday, Oct. 13. Dealers sold in the morning.", "the morning", "2022-10-13"),
    ("es", "El ataque fue el 3 de mayo de 2020. Los soldados llegaron por la noche.", "la noche", "2020-05-03"),
    ("pt", "O ataque foi em 3 de maio de 2020. Os soldados chegaram à noite.", "à noite", "2020-05-03"),
    (
        "fr",
        "L'attaque a eu lieu le 3 mai 2020. Les soldats sont arrivés dans la soirée.",
        "dans la soirée",
        "2020-05-03",
    ),
    ("ru", "Атака произошла 3 мая 2020 года. Вечером солдаты ушли.", "Вечером", "2020-05-03"),
]


@pytest.mark.parametrize(("language", "text", "span_text", "value"), ANAPHORS)
def test_anaphors_take_the_date_named_before_them(language: str, text: str, span_text: str, value: str) -> None:
    assert _one(language, text, span_text).value == value


def test_a_left_day_of_a_range_is_its_own_date_when_ranges_stay_unmerged() -> None:
    text = "Las jornadas se celebrarán del 7 al 11 de septiembre."
    spans = tag_times(text, language="es", anchor=WED, merge_ranges=False)
    assert [(s.text, s.value) for s in spans] == [("del 7", "2022-09-07"), ("11 de septiembre", "2022-09-11")]
    left = tag_times("Hubo ventas entre enero y marzo de 1998.", language="es", anchor=WED, merge_ranges=False)
    assert [(s.text, s.value) for s in left] == [("enero", "1998-01"), ("marzo de 1998", "1998-03")]


NOT_YEARS = [
    ("en", "The Russell 2000 index rose 2 %."),
    ("en", "This may have helped the march."),
    ("es", "El euro cotizó a 4,1956 francos."),
    ("es", "Aprobaron la Agenda 2000 y el plan Sydney-2000."),
    ("pt", "O índice Ibovespa 2000 subiu."),
    ("fr", "Le programme Horizon 2020 avance."),
    ("ru", "Программа Стратегия 2020 принята."),
]


@pytest.mark.parametrize(("language", "text"), NOT_YEARS)
def test_numbers_that_are_not_years_stay_numbers(language: str, text: str) -> None:
    assert tag_times(text, language=language, anchor=WED) == []


def test_a_year_after_a_sentence_start_or_a_cue_is_still_a_year() -> None:
    assert [s.value for s in tag_times("Sales rose. Prices fell in 2000.", language="en", anchor=WED)] == ["2000"]
    assert [s.value for s in tag_times("En 2000 subió el euro.", language="es", anchor=WED)] == ["2000"]


@pytest.mark.parametrize(
    "words",
    [
        ["jan", "jan.", "january", "june", "jun.", "a.m.", "a.m", "am"],
        ["la semana pasada", "la semana", "semana", "la"],
        ["ежегодно", "ежегодный", "ежегодная", "это"],
    ],
)
def test_prefix_tree_patterns_match_what_the_word_alternation_matches(words: list[str]) -> None:
    text = " ".join(words + [w.upper() for w in words] + ["janx", "semanal", "la  semana   pasada"])
    plain = re.compile(rf"(?<!\w)(?:{words_pattern(words)})(?!\w)", re.IGNORECASE)
    trie = re.compile(rf"(?<!\w)(?:{trie_pattern(words)})(?!\w)", re.IGNORECASE)
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize("language", ["en", "es", "pt", "fr", "ru"])
def test_running_the_rules_in_windows_gives_what_a_full_scan_gives(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [t for lang, t, *_ in CLOCK_TIMES + SETS + PERIODS + ANCHORED + TENSES + ANAPHORS if lang == language]
    text = (" filler words without any time at all, " * 3).join(texts)
    windowed = tag_times(text, language=language, anchor=WED)
    monkeypatch.setattr(timex, "_windows", lambda text, anchor: [(0, len(text))])
    assert tag_times(text, language=language, anchor=WED) == windowed
    assert len(windowed) >= len(texts)
