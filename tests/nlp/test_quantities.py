"""Quantities: separators, number words, qualifiers as intervals, and what is not a quantity."""

from __future__ import annotations

import datetime as dt

import pytest

from eventcoder.models import Article, Sentence
from eventcoder.nlp.lexicon import available_languages, load_lexicon
from eventcoder.nlp.quantities import QuantityTagger, interval, tag_quantities
from eventcoder.nlp.timex import tag_times
from eventcoder.settings import NlpSettings


def _quantities(text: str, language: str) -> list[tuple[str, float | None, float | None, float | None, str | None]]:
    times = [(t.start, t.end) for t in tag_times(text, language=language, anchor=None)]
    found = tag_quantities(text, language=language, exclude=times)
    for q in found:
        assert text[q.start : q.end] == q.text
    return [(q.text, q.value, q.low, q.high, q.qualifier) for q in found]


# language, text, expected (text, value, low, high, qualifier)
CASES = [
    # separators
    ("es", "Murieron 3.822 personas.", ("3.822", 3822, 3822, 3822, None)),
    ("es", "Una inflación de 3.5 puntos.", ("3.5", 3.5, 3.5, 3.5, None)),
    ("es", "Una subida de 3,5 puntos.", ("3,5", 3.5, 3.5, 3.5, None)),
    ("pt", "Morreram 3.822 pessoas.", ("3.822", 3822, 3822, 3822, None)),
    ("en", "It ended with 6,600 deaths.", ("6,600", 6600, 6600, 6600, None)),
    ("en", "A loss of 3.5 points.", ("3.5", 3.5, 3.5, 3.5, None)),
    ("fr", "Il y a eu 6\u202f600 morts.", ("6\u202f600", 6600, 6600, 6600, None)),
    ("fr", "Il y a eu 6\u00a0600 morts.", ("6\u00a0600", 6600, 6600, 6600, None)),
    ("ru", "Погибли 6 600 человек.", ("6 600", 6600, 6600, 6600, None)),
    ("es", "Unos 2,5 millones de desplazados.", ("Unos 2,5 millones", 2_500_000, 2_250_000, 2_750_000, "about")),
    # words
    ("en", "Twenty-five civilians were hurt.", ("Twenty-five", 25, 25, 25, None)),
    ("es", "Murieron treinta y dos soldados.", ("treinta y dos", 32, 32, 32, None)),
    ("fr", "Trois cents soldats.", ("Trois cents", 300, 300, 300, None)),
    ("pt", "Duzentos soldados.", ("Duzentos", 200, 200, 200, None)),
    ("ru", "Погибли двадцать два человека.", ("двадцать два", 22, 22, 22, None)),
    # qualifiers
    ("en", "Leaving at least 49 soldiers dead.", ("at least 49", 49, 49, None, "at_least")),
    ("en", "It ended with more than 6,600 deaths.", ("more than 6,600", 6600, 6601, None, "more_than")),
    ("en", "Almost 40 people died.", ("Almost 40", 40, 36, 40, "almost")),
    ("en", "About 100 were hurt.", ("About 100", 100, 90, 110, "about")),
    ("en", "Up to 30 were taken.", ("Up to 30", 30, None, 30, "up_to")),
    ("en", "Fewer than 10 escaped.", ("Fewer than 10", 10, None, 9, "less_than")),
    ("en", "50 or more were missing.", ("50 or more", 50, 50, None, "at_least")),
    ("es", "Al menos 49 soldados murieron.", ("Al menos 49", 49, 49, None, "at_least")),
    ("es", "Más de 6.600 muertos.", ("Más de 6.600", 6600, 6601, None, "more_than")),
    ("es", "Casi 40 heridos.", ("Casi 40", 40, 36, 40, "almost")),
    ("pt", "Pelo menos 49 soldados.", ("Pelo menos 49", 49, 49, None, "at_least")),
    ("pt", "Mais de 6.600 mortos.", ("Mais de 6.600", 6600, 6601, None, "more_than")),
    ("pt", "Quase 40 feridos.", ("Quase 40", 40, 36, 40, "almost")),
    ("fr", "Au moins 49 soldats.", ("Au moins 49", 49, 49, None, "at_least")),
    ("fr", "Plus de 6\u202f600 morts.", ("Plus de 6\u202f600", 6600, 6601, None, "more_than")),
    ("fr", "Près de 40 blessés.", ("Près de 40", 40, 36, 40, "almost")),
    ("ru", "Не менее 49 военных.", ("Не менее 49", 49, 49, None, "at_least")),
    ("ru", "Более 6 600 погибших.", ("Более 6 600", 6600, 6601, None, "more_than")),
    ("ru", "Почти 40 раненых.", ("Почти 40", 40, 36, 40, "almost")),
    ("ru", "Около 300 мирных жителей.", ("Около 300", 300, 270, 330, "about")),
    # vague counts (ACLED convention)
    ("en", "Dozens of people were hurt.", ("Dozens of", None, 12, None, "vague")),
    ("es", "Decenas de heridos.", ("Decenas de", None, 12, None, "vague")),
    ("pt", "Dezenas de feridos.", ("Dezenas de", None, 12, None, "vague")),
    ("fr", "Des dizaines de blessés.", ("Des dizaines de", None, 12, None, "vague")),
    ("ru", "Десятки раненых.", ("Десятки", None, 12, None, "vague")),
    ("en", "Hundreds fled.", ("Hundreds", None, 100, None, "vague")),
    ("es", "Varios pueblos fueron bombardeados.", ("Varios", None, 3, None, "vague")),
    ("en", "Several towns were bombed.", ("Several", None, 3, None, "vague")),
]


@pytest.mark.parametrize(("language", "text", "expected"), CASES)
def test_quantities(
    language: str, text: str, expected: tuple[str, float | None, float | None, float | None, str | None]
) -> None:
    assert _quantities(text, language) == [expected]


NOT_QUANTITIES = [
    ("en", "On Monday night, the 12th, in 2020, at 10:30."),
    ("en", "One man and a woman were seen."),
    ("es", "El 9 de noviembre de 2020, un soldado murió."),
    ("es", "La guerra de 44 días duró casi cuatro horas."),
    ("fr", "Le 8 avril 2022, le 1er mai."),
    ("ru", "13-го числа, 12 сентября 2022 года."),
    ("pt", "Em 2020, um soldado."),
]


@pytest.mark.parametrize(("language", "text"), NOT_QUANTITIES)
def test_no_quantities_in_dates_years_ordinals_or_lone_one(language: str, text: str) -> None:
    assert _quantities(text, language) == []


@pytest.mark.parametrize(
    ("value", "qualifier", "expected"),
    [(4, "almost", (3, 4)), (2.5, "more_than", (2.5, None)), (7, None, (7, 7)), (10, "about", (9, 11))],
)
def test_interval_convention(value: float, qualifier: str | None, expected: tuple[float | None, float | None]) -> None:
    assert interval(value, qualifier) == expected


def test_undetermined_language_reads_digits_only() -> None:
    assert _quantities("At least 6,600 and dozens.", "und") == [("6,600", 6600, 6600, 6600, None)]


def test_every_language_file_has_provenance() -> None:
    languages = available_languages("quantities")
    assert {"default", "en", "es", "fr", "pt", "ru"} <= set(languages)
    for language in languages:
        assert {"source", "licence"} <= set(load_lexicon("quantities", language)[1]["provenance"])


def test_tagger_stage_excludes_times_and_sets_sentence_index() -> None:
    text = "The 12th, at least 49 died.\nIn 2020 more than 6,600 died in six weeks."
    article = Article(
        id="a_2",
        text=text,
        published=dt.date(2022, 9, 14),
        language="en",
        language_confidence=0.9,
        origin="-",
        input_format="text",
    )
    sentences = [
        Sentence(start=0, end=27, text=text[:27], article_id="a_2", index=0),
        Sentence(start=28, end=len(text), text=text[28:], article_id="a_2", index=1),
    ]
    [found] = QuantityTagger(NlpSettings())([(article, sentences)])
    assert [(q.text, q.sentence_index, q.low, q.high, q.qualifier) for q in found] == [
        ("at least 49", 0, 49, None, "at_least"),
        ("more than 6,600", 1, 6601, None, "more_than"),
    ]
