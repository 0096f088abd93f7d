"""Two-letter names match the gazetteer only when written as abbreviations (the US state codes are indexed)."""

from __future__ import annotations

import pytest

from eventcoder.resolve import Resolver


@pytest.mark.parametrize("word", ["Al", "La", "In", "De", "Me", "al"])
def test_short_words_taken_for_names_find_no_place(resolver: Resolver, word: str) -> None:
    assert resolver.gazetteer.candidates(word) == ()


@pytest.mark.parametrize(("code", "state"), [("AL", "Alabama"), ("Ky.", "Kentucky"), ("Ga.", "Georgia")])
def test_written_abbreviations_still_find_their_state(resolver: Resolver, code: str, state: str) -> None:
    assert state in [p.name for p in resolver.gazetteer.candidates(code) if p.kind == "admin1"]
