"""Language identification on short texts, restricted to the configured languages."""

from __future__ import annotations

import pytest

from eventcoder.errors import ConfigError
from eventcoder.ingest import Ingestor, LanguageIdentifier

SHORT_TEXTS = [
    ("es", "Las tropas se enfrentaron anoche en la frontera."),
    ("en", "Troops clashed at the border last night."),
    ("pt", "As tropas entraram em confronto na fronteira ontem à noite."),
    ("fr", "Les troupes se sont affrontées à la frontière hier soir."),
    ("ru", "Войска столкнулись на границе прошлой ночью."),
    ("und", "12 345 — 678 / 910"),
    ("und", "ok"),
    ("und", "北京的军队昨晚在边境发生冲突"),
]


@pytest.mark.parametrize(("expected", "text"), SHORT_TEXTS)
def test_short_texts(ingestor: Ingestor, expected: str, text: str) -> None:
    code, confidence = ingestor.identify_language(text)
    assert code == expected
    assert 0.0 <= confidence <= 1.0
    if expected != "und":
        assert confidence >= 0.5


def test_only_configured_languages_are_answered() -> None:
    identify = LanguageIdentifier(["es", "pt"], min_confidence=0.0)
    assert identify("Troops clashed at the border last night.")[0] in {"es", "pt", "und"}
    assert identify("As tropas entraram em confronto na fronteira ontem à noite.")[0] == "pt"


def test_single_language_answers_und_for_other_text() -> None:
    identify = LanguageIdentifier(["en"], min_confidence=0.5)
    assert identify("Troops clashed at the border last night.")[0] == "en"
    assert identify("Las tropas se enfrentaron anoche en la frontera.")[0] == "und"


def test_long_text_is_cut_for_speed() -> None:
    identify = LanguageIdentifier(["es", "en"], max_chars=60)
    text = "Las tropas se enfrentaron anoche en la frontera del norte. " + "Troops clashed at the border. " * 200
    assert identify(text)[0] == "es"


def test_unknown_language_code_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        LanguageIdentifier(["es", "xx"])
