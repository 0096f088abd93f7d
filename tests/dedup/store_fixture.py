"""A SQLite store holding the seed reports' articles, reports and resolutions (for glue and timeline tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from dedup_reports import seed_reports

from eventcoder.dedup import ReportInput
from eventcoder.models import Article, Entity, EntityKind, Mention, Resolution
from eventcoder.store import Store

SOURCES = {"000": ("Sputnik Mundo", None), "002": ("SoyArmenio", None), "004": ("Folha", dt.date(2022, 9, 14))}


def store_reports(store: Store, reports: Iterable[ReportInput]) -> list[str]:
    """Store each report's article (text = its evidence sentences), resolution and reports; returns article ids."""
    by_article: dict[str, list[ReportInput]] = {}
    for r in reports:
        by_article.setdefault(r.report.article_id, []).append(r)
    articles = []
    for aid, items in sorted(by_article.items()):
        first = items[0]
        text = " ".join(i.text for i in items)
        articles.append(
            Article(
                id=aid,
                text=text,
                published=first.published,
                source=first.source,
                language=first.language,
                language_confidence=1.0,
                origin=f"{aid}.txt",
                input_format="text",
            )
        )
    store.add_articles(articles)
    for aid, items in sorted(by_article.items()):
        mentions, entities = [], {}
        for i in items:
            place = i.report.place
            if place is not None and place.entity_id and place.variant:
                mentions.append(Mention(start=0, end=len(place.name), text=place.name, article_id=aid,
                                        sentence_index=0, label="LOC", backend="test", entity_id=place.entity_id,
                                        variant=place.variant))  # fmt: skip
                entities[place.entity_id] = Entity(id=place.entity_id, kind=EntityKind.PLACE, name=place.name,
                                                   country=place.country)  # fmt: skip
        store.put_resolution(Resolution(article_id=aid, mentions=tuple(mentions), entities=tuple(entities.values())))
        store.put_events(aid, [i.report for i in items], [])
    return sorted(by_article)


def seeded_store(path: Path) -> tuple[Store, dict[str, ReportInput]]:
    """An open store at ``path`` with the seed reports (sources/dates set per seed article)."""
    from eventcoder.store import open_store

    reports = {
        k: r.model_copy(update={"source": SOURCES[k[:3]][0], "published": SOURCES[k[:3]][1]})
        for k, r in seed_reports().items()
    }
    store = open_store(str(path))
    store_reports(store, reports.values())
    return store, reports
