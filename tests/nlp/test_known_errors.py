"""Known systematic errors of the models, fixed by the data files under resources/<lang>/."""

from __future__ import annotations

import pytest

from eventcoder.models import Article
from eventcoder.nlp import Analyser

SEED_LIKE_ES = (
    "Además, Bakú y Ereván deben intercambiar prisioneros y los cuerpos de los muertos.Hoy, Bakú celebró una "
    "conferencia en Shushi. Según Hajiyev, el Grupo de Minsk de la OSCE no hizo nada.\n\n"
    "Verdaderamente, la ciudad de Shusha no necesita la participación de estos países. Además de Méndez, "
    "llegaron enviados de la Unión Europea y de París."
)


def mentions(analyser: Analyser, text: str, language: str) -> list[tuple[str, str]]:
    art = Article(id="a_x", text=text, language=language, language_confidence=1.0, origin="-", input_format="text")
    (analysis,) = analyser([art])
    return [(m.text, m.label) for m in analysis.mentions]


@pytest.fixture(scope="module")
def seed_es(analyser: Analyser) -> list[tuple[str, str]]:
    return mentions(analyser, SEED_LIKE_ES, "es")


@pytest.mark.parametrize("word", ["Según", "Verdaderamente", "Además", "Hoy"])
def test_sentence_initial_words_are_not_entities(seed_es: list[tuple[str, str]], word: str) -> None:
    assert all(not text.split()[0].startswith(word) for text, _ in seed_es), seed_es


def test_baku_is_a_place(seed_es: list[tuple[str, str]]) -> None:
    assert [label for text, label in seed_es if text == "Bakú"] == ["LOC", "LOC"]


@pytest.mark.parametrize(
    ("span", "label"),
    [("Hajiyev", "PER"), ("Grupo de Minsk de la OSCE", "ORG"), ("Unión Europea", "ORG"), ("París", "LOC")],
)
def test_spans_and_gazetteer(seed_es: list[tuple[str, str]], span: str, label: str) -> None:
    assert (span, label) in seed_es


def test_leading_function_words_stripped(seed_es: list[tuple[str, str]]) -> None:
    assert any(text == "Méndez" for text, _ in seed_es)
    assert not any(text.startswith(("Además de", "de ")) for text, _ in seed_es)


@pytest.mark.parametrize(
    ("language", "text", "not_entity"),
    [
        ("pt", "Foi o mais influente dos pensadores. Nasceu em Nova Iorque em 1842.", {"Foi", "Nasceu"}),
        ("en", "According to Pashinyan, the talks failed. However, Moscow disagreed.", {"According", "However"}),
        ("fr", "Selon Erevan, les combats continuent.", {"Selon", "Selon Erevan"}),
    ],
)
def test_filters_other_languages(analyser: Analyser, language: str, text: str, not_entity: set[str]) -> None:
    found = {t for t, _ in mentions(analyser, text, language)}
    assert not (found & not_entity), found


def test_glued_sentences_split(analyser: Analyser) -> None:
    art = Article(id="a_y", text=SEED_LIKE_ES, language="es", language_confidence=1.0, origin="-", input_format="text")
    (analysis,) = analyser([art])
    texts = [s.text for s in analysis.sentences]
    assert texts[0].endswith("los muertos.")
    assert texts[1].startswith("Hoy, Bakú")
    blank = SEED_LIKE_ES.index("\n\n")
    assert all(not (s.start < blank < s.end) for s in analysis.sentences)
