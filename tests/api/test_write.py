"""POST /api/articles over a live server: JSON and raw uploads through the real pipeline, jobs, auth, limits."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from api_server import api_settings, auth, live_server, wait_job

from eventcoder.store import Store

TEXT = "Artillery shelling hit the town of Martuni on Tuesday and wounded two civilians, local officials said."
TEXT_B = "The regional governor said that drones struck a fuel depot near Martuni on Wednesday."
TEXT_C = "Negotiators from both sides met in Geneva on Thursday and agreed to exchange prisoners next week."
HTML = (
    "<html><head><title>Strike near Martuni</title></head><body><article><h1>Strike near Martuni</h1>"
    f"<p>{TEXT_B}</p></article></body></html>"
)
FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example feed</title>
<item><title>Talks in Geneva</title><pubDate>Thu, 06 May 2021 10:00:00 GMT</pubDate>
<link>https://example.org/f/1</link><description>{TEXT_C}</description></item>
<item><title>x</title><description>short</description></item>
</channel></rss>"""


def test_post_json_article_is_processed_and_reported(client: httpx.Client) -> None:
    body = {"text": TEXT, "title": "Shelling of Martuni", "date": "2021-05-04", "source": "Wire"}
    resp = client.post("/api/articles", json=body, headers=auth())
    assert resp.status_code == 200, resp.text
    data = resp.json()
    [art] = data["articles"]
    assert art["status"] == "created" and art["language"] == "en" and art["published"] == "2021-05-04"
    assert data["process"]["processed"] >= 1
    stored = client.get(f"/api/articles/{art['id']}").json()
    assert stored["source"] == "Wire" and stored["analysis"] is not None
    assert {e["id"] for e in data["events"]} == {e["id"] for e in stored["events"]}
    assert {i["status"] for i in data["incidents"]} <= {"created", "merged"}
    again = client.post("/api/articles", json=body, headers=auth()).json()
    assert again["articles"] == []
    assert [(s["reason"], s["article_id"]) for s in again["skipped"]] == [("duplicate", art["id"])]


def test_raw_html_and_feed_uploads_use_the_readers(client: httpx.Client) -> None:
    html = client.post("/api/articles?filename=strike.html", content=HTML.encode(), headers=auth()).json()
    [art] = html["articles"]
    assert art["title"] == "Strike near Martuni" and art["origin"] == "strike.html"
    feed = client.post(
        "/api/articles",
        content=FEED.encode(),
        headers={
            **auth(),
            "Content-Type": "application/rss+xml",
            "Content-Disposition": 'attachment; filename="f.xml"',
        },
    ).json()
    assert [a["title"] for a in feed["articles"]] == ["Talks in Geneva"]
    assert [s["reason"] for s in feed["skipped"]] == ["no_text"]
    odd = client.post("/api/articles?filename=notes.bin", content=b"\x00\x01\x02" * 50, headers=auth()).json()
    assert odd["articles"] == [] and odd["skipped"][0]["reason"] in {"binary", "unsupported_format"}


def test_async_batch_runs_as_a_job(client: httpx.Client) -> None:
    items = [{"text": TEXT}, {"text": TEXT_C, "language": "en"}]
    resp = client.post("/api/articles?async=true", json={"articles": items}, headers=auth())
    assert resp.status_code == 202
    job = wait_job(client, resp.json()["job_id"])
    assert job["status"] == "finished", job
    assert len(job["result"]["articles"]) == 2
    assert job["phase"] in {"ingest", "process"} and job["finished_at"] is not None


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [({}, 401, "E401"), ({"Authorization": "Bearer wrong"}, 403, "E403"), ({"Authorization": "Basic x"}, 401, "E401")],
)
def test_writes_need_a_valid_token(client: httpx.Client, headers: dict[str, str], status: int, code: str) -> None:
    resp = client.post("/api/articles", json={"text": TEXT}, headers=headers)
    assert resp.status_code == status and resp.json()["error"]["code"] == code
    assert client.delete("/api/corrections/c_x", headers=headers).status_code == status


def test_no_tokens_configured_means_read_only(seeded: tuple[Store, dict[str, Any]]) -> None:
    store, _ = seeded
    with live_server(api_settings(tokens={}), store) as base, httpx.Client(base_url=base) as http:
        resp = http.post("/api/articles", json={"text": TEXT}, headers=auth())
        assert resp.status_code == 403 and "disabled" in resp.json()["error"]["message"]


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 400, "E400"),
        ({"json": {"title": "no text"}}, 422, "E422"),
        ({"json": {"text": "x", "colour": "red"}}, 422, "E422"),
        ({"json": {"text": "x", "date": "last week"}}, 422, "E422"),
        ({"json": []}, 422, "E422"),
        ({"content": b"raw bytes without a name"}, 422, "E422"),
    ],
)
def test_bad_requests_are_json_errors(client: httpx.Client, kwargs: dict[str, Any], status: int, code: str) -> None:
    given = dict(kwargs)  # the parameter table is shared by both backends: do not change it
    extra = given.pop("headers", {})
    resp = client.post("/api/articles", headers={**auth(), **extra}, **given)
    assert resp.status_code == status, resp.text
    assert resp.json()["error"]["code"] == code


def test_body_size_limit(seeded: tuple[Store, dict[str, Any]]) -> None:
    store, _ = seeded
    with live_server(api_settings(max_body_bytes=1000), store) as base, httpx.Client(base_url=base) as http:
        big = http.post("/api/articles", json={"text": "x" * 2000}, headers=auth())
        assert big.status_code == 413 and big.json()["error"]["code"] == "E413"

        def chunks() -> Any:
            yield b"y" * 800
            yield b"y" * 800

        streamed = http.post("/api/articles?filename=a.txt", content=chunks(), headers=auth())
        assert streamed.status_code == 413
        fix = http.post(
            "/api/events/e/corrections", json={"action": "mark_wrong", "reason": "z" * 2000}, headers=auth()
        )
        assert fix.status_code == 413
