"""Shared fixtures: one Resolver for the session (the gazetteer index is built on first use, ~30 s once)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from eventcoder.models import Analysis, Article, Mention
from eventcoder.resolve import Resolver
from eventcoder.settings import ResolveSettings


@pytest.fixture(scope="session")
def resolver() -> Resolver:
    return Resolver(ResolveSettings())


def _make(text: str, lang: str, mentions: list[tuple[str, str]], *, day: dt.date | None = None,
         aid: str = "a1", lemmas: dict[str, str] | None = None) -> tuple[Article, Analysis]:  # fmt: skip
    """An Article and a hand-built Analysis whose mentions are the first occurrences of the given surfaces."""
    article = Article(id=aid, text=text, published=day, language=lang, language_confidence=1.0, origin="-",
                      input_format="text")  # fmt: skip
    found, pos = [], 0
    for surface, label in mentions:
        start = text.index(surface, pos if text.find(surface, pos) >= 0 else 0)
        pos = start + len(surface)
        found.append(Mention(start=start, end=pos, text=surface, article_id=aid, sentence_index=0, label=label,
                             backend="test", lemma=(lemmas or {}).get(surface)))  # fmt: skip
    return article, Analysis(article_id=aid, language=lang, backend="test", mentions=tuple(found))


Make = Callable[..., tuple[Article, Analysis]]


@pytest.fixture(scope="session")
def make() -> Make:
    """Builder of (Article, Analysis) pairs: make(text, lang, [(surface, label), ...], day=..., aid=...)."""
    return _make
