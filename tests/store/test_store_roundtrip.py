"""Every record type round-trips exactly; re-putting replaces instead of duplicating (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from store_records import analysis, article, entities, events, incident, resolution

from eventcoder.errors import NotFoundError, StoreError
from eventcoder.store import open_store


def test_article_round_trip(store_url: str) -> None:
    arts = [article(0), article(1, language="ru", published=None, source=None, text="Текст о войне, 12 погибших.")]
    with open_store(store_url) as store:
        store.add_articles(arts)
        assert [store.get_article(a.id) for a in arts] == arts
        assert list(store.iter_articles(ids=[a.id for a in arts])) == arts
        with pytest.raises(NotFoundError):
            store.get_article("a_missing")


def test_analysis_round_trip_and_replace(store_url: str) -> None:
    art = article()
    ana = analysis(art)
    with open_store(store_url) as store:
        store.add_articles([art])
        assert store.get_analysis(art.id) is None
        store.put_analysis(ana)
        assert store.get_analysis(art.id) == ana
        smaller = ana.model_copy(update={"mentions": ana.mentions[:1], "notes": ()})
        store.put_analysis(smaller)
        store.put_analysis(smaller)
        assert store.get_analysis(art.id) == smaller
        assert store.stats().tables["analyses"] == 1


def test_analysis_of_unknown_article_is_a_store_error(store_url: str) -> None:
    with open_store(store_url) as store, pytest.raises(StoreError):
        store.put_analysis(analysis(article()))


def test_resolution_upserts_entities(store_url: str) -> None:
    art = article()
    res = resolution(art, analysis(art))
    place, ministry = entities()
    with open_store(store_url) as store:
        store.add_articles([art])
        store.put_resolution(res)
        store.put_resolution(res)
        assert store.get_resolution(art.id) == res
        assert store.get_entity(place.id) == place
        assert list(store.iter_entities(article_id=art.id)) == sorted([place, ministry], key=lambda e: e.id)
        renamed = place.model_copy(update={"name": "Khankendi"})
        store.put_entities([renamed])
        assert store.get_entity(place.id) == renamed
        assert [e.id for e in store.iter_entities(kind="organisation")] == [ministry.id]
        assert store.stats().tables["entities"] == 2
        with pytest.raises(NotFoundError):
            store.get_entity("Q0")


def test_events_and_claims_round_trip_and_replace(store_url: str) -> None:
    art = article()
    reports, claims = events(art)
    with open_store(store_url) as store:
        store.add_articles([art])
        store.put_events(art.id, reports, claims)
        store.put_events(art.id, reports, claims)
        assert list(store.iter_events(article_id=art.id)) == reports
        assert list(store.iter_claims(article_id=art.id)) == claims
        assert [c.kind for c in store.iter_claims(kind="denial")] == ["denial"]
        store.put_events(art.id, reports, claims[:1])
        assert list(store.iter_claims()) == claims[:1]
        store.put_events(art.id, [], [])
        assert list(store.iter_events()) == []
        with pytest.raises(ValueError, match="belongs to"):
            store.put_events("a_other", reports, [])


def test_event_filters(store_url: str) -> None:
    es, ru = article(1), article(2, language="ru")
    with open_store(store_url) as store:
        store.add_articles([es, ru])
        r1, c1 = events(es, event_type="ASSAULT", day=29)
        r2, c2 = events(ru, event_type="PROTEST", day=3)
        store.put_events(es.id, r1, c1)
        store.put_events(ru.id, r2, c2)
        assert [e.id for e in store.iter_events()] == [r2[0].id, r1[0].id]  # by date
        assert [e.id for e in store.iter_events(event_type="ASSAULT")] == [r1[0].id]
        assert [e.id for e in store.iter_events(language="ru")] == [r2[0].id]
        assert [e.id for e in store.iter_events(since=dt.date(2020, 10, 10))] == [r1[0].id]
        assert [e.id for e in store.iter_events(until=dt.date(2020, 10, 10), country="AZE")] == [r2[0].id]
        assert list(store.iter_events(country="ARM")) == []


def test_incidents_round_trip_upsert_and_delete(store_url: str) -> None:
    a1, a2 = article(1), article(2)
    with open_store(store_url) as store:
        store.add_articles([a1, a2])
        r1, c1 = events(a1)
        r2, c2 = events(a2)
        store.put_events(a1.id, r1, c1)
        store.put_events(a2.id, r2, c2)
        inc = incident("i_1", [*r1, *r2])
        other = incident("i_2", r2, day=5)
        assert store.put_incidents([inc, other]) == 2
        assert store.get_incident("i_1") == inc
        assert list(store.iter_incidents()) == [other, inc]
        assert [i.id for i in store.iter_incidents(article_id=a1.id)] == ["i_1"]
        narrowed = incident("i_1", r1)
        store.put_incidents([narrowed])
        assert store.get_incident("i_1") == narrowed
        assert [i.id for i in store.iter_incidents(article_id=a2.id)] == ["i_2"]
        assert [i.id for i in store.iter_incidents(since=dt.date(2020, 10, 20), event_type="ASSAULT")] == ["i_1"]
        store.delete_incidents(["i_1", "i_absent"])
        with pytest.raises(NotFoundError):
            store.get_incident("i_1")
        stats = store.stats()
        assert stats.tables["incidents"] == 1
        assert stats.tables["incident_articles"] == 1


def test_processing_state(store_url: str) -> None:
    a1, a2 = article(1), article(2)
    with open_store(store_url) as store:
        store.add_articles([a1, a2])
        assert store.processed_state(a1.id) is None
        store.mark_processed(a1.id, "v1")
        assert store.processed_state(a1.id) == "v1"
        assert list(store.iter_pending("v1")) == [a2.id]
        store.mark_processed(a1.id, "v2")
        assert store.processed_state(a1.id) == "v2"
        assert list(store.iter_pending("v2")) == [a2.id]
        assert list(store.iter_pending("v3")) == [a1.id, a2.id]
