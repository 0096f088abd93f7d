"""Defect 6 of issue 15: reads under load.  64 concurrent clients against a real ``eventcoder serve`` over some
thousands of stored events get no error (the connection pool used to run dry at 16), and every filtered list is
exact, page after page (the filters and pages are now applied by the database)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from alembic import command
from alembic.config import Config
from api_live import Served, api_settings, auth, fill_events, live_server, serve_process
from sqlalchemy import create_engine

from eventcoder.models import EventReport
from eventcoder.store import open_store
from eventcoder.store.engine import MIGRATIONS, resolve_url

N_EVENTS = 4000
CLIENTS = 64


def _order(e: EventReport) -> tuple[bool, dt.date, str]:
    return (e.date.start is None, e.date.start or dt.date.min, e.id)


def _actor(needle: str) -> Callable[[EventReport], bool]:
    return lambda e: any(a.entity_id == needle or needle.casefold() in a.name.casefold() for a in e.actors)


def _language(e: EventReport) -> str:  # fill_events: article k has language k % 3
    return ("en", "es", "fr")[int(e.article_id.removeprefix("a_load")) % 3]


QUERIES: list[tuple[dict[str, str], Callable[[EventReport], bool]]] = [
    ({}, lambda e: True),
    ({"type": "ASSAULT"}, lambda e: e.event_type == "ASSAULT"),
    ({"country": "ARM"}, lambda e: e.place is not None and e.place.country == "ARM"),
    ({"actor": "kb:AZE.mil"}, _actor("kb:AZE.mil")),
    ({"actor": "armed FORCES"}, _actor("armed FORCES")),
    ({"language": "es"}, lambda e: _language(e) == "es"),
    ({"source": "wire"}, lambda e: int(e.article_id.removeprefix("a_load")) % 4 == 0),
    (
        {"since": "2020-06-01", "until": "2020-09-30", "type": "PROTEST"},
        lambda e: e.event_type == "PROTEST" and e.date.start is not None
        and dt.date(2020, 6, 1) <= e.date.start <= dt.date(2020, 9, 30),
    ),
    ({"actor": "nobody", "type": "AGREE"}, lambda e: False),
]  # fmt: skip


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, list[EventReport]]]:
    """``eventcoder serve`` over a SQLite store of N_EVENTS invented events."""
    db = str(Path(tmp_path_factory.mktemp("load")) / "load.sqlite")
    with open_store(db) as store:
        events = fill_events(store, N_EVENTS)
    with serve_process(db) as srv:
        yield srv, events


def _walk(client: httpx.Client, path: str, params: dict[str, str], limit: int) -> list[str]:
    ids: list[str] = []
    cursor: str | None = None
    while True:
        resp = client.get(path, params={**params, "limit": str(limit), **({"cursor": cursor} if cursor else {})})
        assert resp.status_code == 200, resp.text
        page = resp.json()
        ids += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return ids


def test_64_concurrent_clients_get_no_errors(loaded: tuple[Served, list[EventReport]]) -> None:
    srv, events = loaded
    ordered = sorted(events, key=_order)

    def client(i: int) -> list[str]:
        problems = []
        with httpx.Client(base_url=srv.base, timeout=120) as http:
            for k in range(3):
                params, keep = QUERIES[(i + k) % len(QUERIES)]
                resp = http.get("/api/events", params={**params, "limit": "100"})
                if resp.status_code != 200:
                    problems.append(f"/api/events {params}: {resp.status_code} {resp.text[:200]}")
                    continue
                expected = [e.id for e in ordered if keep(e)][:100]
                if [item["id"] for item in resp.json()["items"]] != expected:
                    problems.append(f"/api/events {params}: wrong page")
            for path in ("/api/articles?limit=50", "/api/incidents", f"/api/articles/a_load{i:07d}"):
                resp = http.get(path)
                if resp.status_code != 200:
                    problems.append(f"{path}: {resp.status_code} {resp.text[:200]}")
        return problems

    with ThreadPoolExecutor(CLIENTS) as pool:
        problems = [p for found in pool.map(client, range(CLIENTS)) for p in found]
    assert not problems, f"{len(problems)} failed requests, e.g. {problems[:3]}"


@pytest.mark.parametrize(("params", "keep"), QUERIES, ids=[str(q) for q, _ in QUERIES])
def test_event_pages_are_exact(
    loaded: tuple[Served, list[EventReport]], params: dict[str, str], keep: Callable[[EventReport], bool]
) -> None:
    srv, events = loaded
    expected = [e.id for e in sorted(events, key=_order) if keep(e)]
    with httpx.Client(base_url=srv.base, timeout=120) as http:
        assert _walk(http, "/api/events", params, 500) == expected


EVENT_LEVEL = [(q, k) for q, k in QUERIES if set(q) & {"type", "country", "actor"} and "since" not in q]


@pytest.mark.parametrize(("params", "keep"), EVENT_LEVEL, ids=[str(q) for q, _ in EVENT_LEVEL])
def test_article_pages_follow_the_event_filters(
    loaded: tuple[Served, list[EventReport]], params: dict[str, str], keep: Callable[[EventReport], bool]
) -> None:
    srv, events = loaded
    wanted = {e.article_id for e in events if keep(e)}
    with httpx.Client(base_url=srv.base, timeout=120) as http:
        got = _walk(http, "/api/articles", params, 200)
    assert len(got) == len(set(got)) and set(got) == wanted


def test_filters_and_pages_agree_on_both_backends(store_url: str) -> None:
    with open_store(store_url) as store:
        events = fill_events(store, 600, per_article=6)
        with live_server(api_settings(), store) as base, httpx.Client(base_url=base, timeout=60) as http:
            for params, keep in QUERIES:
                expected = [e.id for e in sorted(events, key=_order) if keep(e)]
                assert _walk(http, "/api/events", params, 37) == expected, params
            # A corrected event is filtered on its corrected values, and keeps its place in the order.
            target = sorted(events, key=_order)[5]
            fix = http.post(f"/api/events/{target.id}/corrections", headers=auth(),
                            json={"action": "set_type", "value": {"event_type": "RETREAT"}})  # fmt: skip
            assert fix.status_code == 201, fix.text
            assert _walk(http, "/api/events", {"type": "RETREAT"}, 10) == [target.id]
            others = [e.id for e in sorted(events, key=_order) if e.event_type == target.event_type and e != target]
            assert _walk(http, "/api/events", {"type": target.event_type}, 23) == others


def test_a_store_from_before_the_actor_index_is_filled_when_migrated(tmp_path: Path) -> None:
    db = str(tmp_path / "old.sqlite")
    with open_store(db) as store:
        events = fill_events(store, 200, per_article=5)
    engine = create_engine(resolve_url(db))
    with engine.begin() as conn:  # back to the schema of revision 0002: no event_actors table
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    engine.dispose()
    with open_store(db) as store:
        found = [e.id for e in store.iter_events(actor="AZERBAIJANI")]
        assert found == [e.id for e in sorted(events, key=_order) if _actor("AZERBAIJANI")(e)]
        assert found and store.max_connections == 15
        store.reserve_connections(40)
        assert store.max_connections == 40 and len(list(store.iter_events(limit=7))) == 7
