"""Per-article processing budget and work linear in length (issue 15, defects 2 and 3).

A long article is skipped with the typed reason ``too_costly`` (not a hang, not a poison pill that every
later run reloads); parsers get bounded blocks; place resolution and speaker lookup do work per distinct
name or per sentence, not per pair of occurrences (the costs themselves are measured in
bench/bench_scaling.py, never timed here).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import eventcoder
from eventcoder.models import SkipReason
from eventcoder.nlp.sentences import paragraph_blocks
from eventcoder.resolve.gazetteer import Gazetteer, Place
from eventcoder.resolve.geocoder import DocumentGeocoder

BODY = (
    "Armed men attacked a police post in Kidal on Monday, killing three officers, the army said. "
    "Residents of Gao reported clashes between the army and the rebels near the airport.\n"
)


def test_an_article_past_the_budget_is_skipped_with_a_reason_and_not_reloaded(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "short.txt").write_text("date: 2024-03-04\n\n" + BODY, encoding="utf-8")
    (folder / "long.txt").write_text("date: 2024-03-05\n\n" + BODY * 60, encoding="utf-8")
    settings = eventcoder.load_settings(environ={"EVENTCODER_PROCESS__MAX_ARTICLE_CHARS": "5000"})
    with eventcoder.open_store(tmp_path / "db.sqlite") as store:
        first = eventcoder.process([folder], store=store, settings=settings).processing
        assert first.processed == 1
        assert [s.reason for s in first.skipped] == [SkipReason.TOO_COSTLY]
        long_id = first.skipped[0].origin
        assert "> process.max_article_chars 5000" in first.skipped[0].detail
        assert store.get_article(long_id).text.startswith("Armed men")  # stored, kept, just not processed
        assert not list(store.iter_events(article_id=long_id))
        assert list(store.iter_events())  # the short one was processed
        assert store.stats().processing_skips == {"too_costly": 1}
        assert [s.origin for s in store.iter_processing_skips()] == [long_id]
        again = eventcoder.process([folder], store=store, settings=settings).processing
        assert again.processed == 0 and again.up_to_date == 2 and not again.skipped  # no poison pill
        # A larger budget is another processing version: the skipped article is processed then.
        wider = settings.with_overrides(process={"max_article_chars": 1_000_000})
        third = eventcoder.process([], store=store, settings=wider).processing
        assert third.processed == 2 and not third.skipped
        assert list(store.iter_events(article_id=long_id))
        assert store.stats().processing_skips == {}


def test_a_huge_paragraph_reaches_the_parser_in_bounded_blocks() -> None:
    text = ("Word " * 30 + "end. ") * 3000  # 465,000 characters, no line break
    blocks = paragraph_blocks(text, max_chars=20_000)
    assert max(e - s for s, e in blocks) <= 20_000
    assert all(text[e - 1] == "." for s, e in blocks[:-1]), "cut at sentence ends when there are any"
    covered = "".join(text[s:e] for s, e in blocks).replace(" ", "")
    assert covered == text.replace(" ", "")  # nothing lost but the whitespace at the cuts
    one_word = "x" * 50_000
    assert [e - s for s, e in paragraph_blocks(one_word, max_chars=20_000)] == [20_000, 20_000, 10_000]


class _CountingGazetteer:
    """The real gazetteer, counting candidate lookups per name."""

    def __init__(self, inner: Gazetteer) -> None:
        self.inner = inner
        self.calls: Counter[str] = Counter()

    def candidates(self, name: str) -> list[Place]:
        self.calls[name] += 1
        return self.inner.candidates(name)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    from eventcoder.resolve import Resolver
    from eventcoder.settings import load_settings

    return Resolver(load_settings(environ={}).resolve).gazetteer


def test_places_are_resolved_once_per_distinct_name_with_the_same_choices(gazetteer: Gazetteer) -> None:
    names = ["Kidal", "Gao", "Mali", "Paris", "Texas", "Dallas"] * 2  # each name in its own context
    counting = _CountingGazetteer(gazetteer)
    geocoder = DocumentGeocoder(counting)  # type: ignore[arg-type]
    twice = geocoder(names)
    assert set(counting.calls.values()) == {1}, "one lookup per distinct name"
    many = geocoder(names * 200)  # a live report naming the same places again and again
    assert many == twice * 200
    assert set(counting.calls.values()) == {2}
    assert twice[0] is not None and twice[0].country == "MLI"  # Kidal, in the context of Gao and Mali
