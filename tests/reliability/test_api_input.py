"""Defect 9 of issue 15 (API part): hostile JSON is a clean 4xx, every error carries the security headers, an
upload's temporary path never reaches the store, /api/articles honours ``actor`` and ``type``, the OpenAPI
document is complete, and a bare integer is not a date."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_live import api_settings, auth, live_server, seed_store
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from eventcoder.api import create_app
from eventcoder.store import Store, open_store

SECURITY = ("content-security-policy", "x-content-type-options", "referrer-policy")
DEEP = 100_000  # nesting depth of the hostile JSON (Python's parser gives up near 1,000)
TEXT = "Artillery shelling hit the town of Martuni on Tuesday and wounded two civilians, local officials said."
FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example feed</title>
<item><title>Talks</title><description>Negotiators from both sides met in Geneva on Thursday and agreed to
exchange prisoners next week, the mediators said.</description></item>
<item><title>x</title><description>short</description></item>
</channel></rss>"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A seeded SQLite store."""
    s = open_store(str(Path(tmp_path_factory.mktemp("input")) / "input.sqlite"))
    seed_store(s)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="module")
def http(store: Store) -> Iterator[httpx.Client]:
    """A client of a live server over the seeded store."""
    with live_server(api_settings(), store) as base, httpx.Client(base_url=base, timeout=120) as client:
        yield client


def _secured(resp: httpx.Response) -> bool:
    return all(resp.headers.get(h) for h in SECURITY)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/articles", b"[" * DEEP + b"]" * DEEP),
        ("/api/articles", b'{"articles": ' + b"[" * DEEP + b"]" * DEEP + b"}"),
        ("/api/events/e_x/corrections", b'{"action": "mark_wrong", "value": ' + b'{"a":' * DEEP + b"1" + b"}" * DEEP),
        ("/api/incidents/merge", b'{"incident_ids": ' + b"[" * DEEP + b"]" * DEEP + b"}"),
    ],
)
def test_deeply_nested_json_is_a_clean_4xx_with_the_security_headers(
    http: httpx.Client, path: str, body: bytes
) -> None:
    resp = http.post(path, content=body, headers={**auth(), "Content-Type": "application/json"})
    assert 400 <= resp.status_code < 500, resp.text[:300]
    assert set(resp.json()["error"]) == {"code", "message"}
    assert _secured(resp)


def test_an_unexpected_error_is_a_json_500_with_the_security_headers(store: Store) -> None:
    app = create_app(api_settings(), store)

    def broken() -> None:
        raise RuntimeError("a bug")

    app.router.routes.insert(0, APIRoute("/api/broken", broken))  # before the web app's catch-all mount
    with TestClient(app, raise_server_exceptions=False) as client:
        resp = client.get("/api/broken")
    assert resp.status_code == 500
    assert resp.json()["error"]["code"] == "E500"
    assert "a bug" not in resp.text  # the message names the error type, never its details
    assert _secured(resp)


@pytest.mark.parametrize("path", ["/api/nope", "/api/events?limit=0", "/api/events/nope", "/nope.html"])
def test_every_error_carries_the_security_headers(http: httpx.Client, path: str) -> None:
    resp = http.get(path)
    assert resp.status_code >= 400 and _secured(resp)


def test_uploads_store_the_client_file_name_not_the_temporary_path(http: httpx.Client, store: Store) -> None:
    raw = http.post("/api/articles?filename=strike.txt", content=TEXT.encode(), headers=auth())
    assert raw.status_code == 200, raw.text
    [art] = raw.json()["articles"]
    assert http.get(f"/api/articles/{art['id']}").json()["origin"] == "strike.txt"
    feed = http.post("/api/articles?filename=news%20feed.xml", content=FEED.encode(), headers=auth()).json()
    assert [a["origin"] for a in feed["articles"]] == ["news feed.xml#1"]
    assert [s["origin"] for s in feed["skipped"]] == ["news feed.xml#2"]
    posted = http.post("/api/articles", json={"text": TEXT + " Two more were hurt."}, headers=auth()).json()
    [art2] = posted["articles"]
    assert http.get(f"/api/articles/{art2['id']}").json()["origin"] == "articles.jsonl#1"
    for run in store.list_runs():
        for where in [*run.inputs, *(s.origin for s in run.skipped), *(s.detail for s in run.skipped)]:
            assert "eventcoder-upload" not in where and "/tmp" not in where, where
    for article in store.iter_articles():
        assert "eventcoder-upload" not in article.origin, article.origin


def _article_ids(http: httpx.Client, **params: Any) -> list[str]:
    resp = http.get("/api/articles", params=params)
    assert resp.status_code == 200, resp.text
    return [a["id"] for a in resp.json()["items"]]


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[httpx.Client]:
    """A client of a live server over a store holding only the seeded records."""
    with open_store(str(tmp_path / "fresh.sqlite")) as s:
        seed_store(s)
        with live_server(api_settings(), s) as base, httpx.Client(base_url=base, timeout=60) as client:
            yield client


def test_the_article_list_filters_by_event_type_actor_and_country(fresh: httpx.Client) -> None:
    http = fresh
    seeded = _article_ids(http)
    assert len(seeded) == 3
    assert _article_ids(http, type="ASSAULT") == seeded
    assert _article_ids(http, type="PROTEST") == []
    assert _article_ids(http, actor="kb:ARM.mil") == seeded
    assert _article_ids(http, actor="armenian ARMED") == seeded
    assert _article_ids(http, actor="nobody at all") == []
    assert _article_ids(http, country="AZE", language="es") == seeded[1:2]
    assert _article_ids(http, country="ARM") == []
    # An analyst's correction counts, as it does for the event and incident lists.
    third = f"e_{seeded[2][2:]}_0"
    fix = http.post(f"/api/events/{third}/corrections", json={"action": "set_type", "value": {"event_type": "PROTEST"}},
                    headers=auth())  # fmt: skip
    assert fix.status_code == 201, fix.text
    try:
        assert _article_ids(http, type="PROTEST") == [seeded[2]]
        assert _article_ids(http, type="ASSAULT") == seeded[:2]
        assert [e["id"] for e in http.get("/api/events", params={"type": "PROTEST"}).json()["items"]] == [third]
    finally:
        http.delete(f"/api/corrections/{fix.json()['correction']['id']}", headers=auth())
    assert _article_ids(http, type="PROTEST") == []


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_every_ref_of_the_openapi_document_resolves(http: httpx.Client) -> None:
    doc = http.get("/openapi.json").json()
    refs = sorted(set(_refs(doc)))
    assert "#/components/schemas/ArticleIn" in refs
    for ref in refs:
        assert ref.startswith("#/"), ref
        node: Any = doc
        for part in ref[2:].split("/"):
            assert isinstance(node, dict) and part in node, f"{ref} does not resolve"
            node = node[part]


@pytest.mark.parametrize(
    "query",
    ["until=0", "since=0", "until=1700000000", "since=-1", "until=20210504", "since=2021-5-4", "until=2021-02-30"],
)
def test_a_date_filter_must_be_a_date(http: httpx.Client, query: str) -> None:
    for path in ("/api/events", "/api/incidents", "/api/articles", "/api/timeline", "/api/export"):
        resp = http.get(f"{path}?{query}")
        assert resp.status_code == 422, f"{path}?{query}: {resp.status_code}"
        assert resp.json()["error"]["code"] == "E422"


def test_a_posted_article_date_must_be_a_date(http: httpx.Client) -> None:
    for date in (0, 1620086400, "0", "1620086400"):
        resp = http.post("/api/articles", json={"text": TEXT, "date": date}, headers=auth())
        assert resp.status_code == 422, f"date {date!r}: {resp.status_code}"
    assert http.get("/api/events?since=2021-05-03&until=2021-05-03").json()["items"]
