"""Airport codes among GeoNames alternate names do not turn acronyms into towns."""

from __future__ import annotations

import pytest

from eventcoder.resolve.gazetteer import _AIRPORT_CODE, Gazetteer


@pytest.mark.parametrize(("name", "is_code"), [("MID", True), ("MMMD", True), ("Mérida", False), ("Baku", False),
                                               ("USA", True), ("Rio", False)])  # fmt: skip
def test_airport_code_shape(name: str, is_code: bool) -> None:
    assert bool(_AIRPORT_CODE.fullmatch(name)) is is_code


def test_russian_foreign_ministry_acronym_is_not_merida() -> None:
    gaz = Gazetteer()
    assert not any(p.country == "MEX" for p in gaz.candidates("МИД"))
    assert not any(p.country == "MEX" for p in gaz.candidates("MID"))
    assert any(p.country == "MEX" for p in gaz.candidates("Mérida"))


def test_organisation_acronym_is_not_a_town() -> None:
    """'В МИД России сообщили': the foreign ministry's acronym must not become a town ('MID', 'Mead')."""
    import datetime as dt

    from eventcoder.models import Analysis, Article, Mention, Sentence
    from eventcoder.resolve import Resolver
    from eventcoder.settings import load_settings

    text = "В МИД России сообщили, что стороны договорились о прекращении огня."
    art = Article(id="a_ru", text=text, language="ru", language_confidence=1.0, origin="-", input_format="text",
                  published=dt.date(2023, 9, 20))  # fmt: skip
    start = text.index("МИД")
    mention = Mention(article_id="a_ru", sentence_index=0, start=start, end=start + 3, text="МИД", label="ORG",
                      backend="test", lemma="МИД")  # fmt: skip
    analysis = Analysis(article_id="a_ru", language="ru", backend="test",
                        sentences=(Sentence(article_id="a_ru", index=0, start=0, end=len(text), text=text),),
                        mentions=(mention,))  # fmt: skip
    res = Resolver(load_settings(environ={}).resolve)([(art, analysis)])[0]
    linked = {m.text: m.entity_id for m in res.mentions}
    entity = next(e for e in res.entities if e.id == linked["МИД"])
    assert entity.kind.value != "place", entity
