"""Read routes over a live server: lists, filters, cursor pagination, details, JSON errors, private reads."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from api_server import SEEDED_IDS, api_settings, auth, live_server

from eventcoder.store import Store


def test_incident_list_is_ordered_and_flagged(read_client: httpx.Client) -> None:
    data = read_client.get("/api/incidents").json()
    assert [i["id"] for i in data["items"]] == SEEDED_IDS["incidents"]  # by date: Talish (3 May) then Martuni (4 May)
    assert data["next_cursor"] is None
    assert all(i["corrected"] is False and i["corrections"] == [] for i in data["items"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=AZE", ["i_talish", "i_martuni"]),
        ("country=ARM", []),
        ("language=fr", ["i_martuni"]),
        ("source=agencia", ["i_talish"]),
        ("since=2021-05-04", ["i_martuni"]),
        ("until=2021-05-03", ["i_talish"]),
        ("actor=kb:ARM.mil", ["i_talish"]),
        ("actor=armenian", ["i_talish"]),
        ("type=ASSAULT", ["i_talish", "i_martuni"]),
        ("type=PROTEST", []),
    ],
)
def test_incident_filters(read_client: httpx.Client, query: str, expected: list[str]) -> None:
    assert [i["id"] for i in read_client.get(f"/api/incidents?{query}").json()["items"]] == expected


def test_event_pages_cover_everything_once(read_client: httpx.Client) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        params = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        page = read_client.get("/api/events", params=params).json()
        seen += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == SEEDED_IDS["events"]


@pytest.mark.parametrize(("query", "n"), [("language=es", 1), ("source=wire", 1), ("since=2021-05-04", 1), ("", 3)])
def test_article_list_filters_and_hides_text(read_client: httpx.Client, query: str, n: int) -> None:
    items = read_client.get(f"/api/articles?{query}").json()["items"]
    assert len(items) == n
    assert all("text" not in a and a["chars"] > 0 for a in items)


def test_article_detail(read_client: httpx.Client) -> None:
    art = read_client.get(f"/api/articles/{SEEDED_IDS['articles'][0]}").json()
    assert art["text"].startswith("Artillery shelling")
    assert [e["id"] for e in art["events"]] == [SEEDED_IDS["events"][0]]
    assert art["incident_ids"] == ["i_talish"]
    assert [c["id"] for c in art["claims"]] == [SEEDED_IDS["claim"]]


def test_incident_detail_has_reports_evidence_figures_contradictions(read_client: httpx.Client) -> None:
    inc = read_client.get("/api/incidents/i_talish").json()
    assert [r["id"] for r in inc["reports"]] == SEEDED_IDS["events"][:2]
    assert {a["id"] for a in inc["articles"]} == set(SEEDED_IDS["articles"][:2])
    ev = inc["evidence"][0]
    article = read_client.get(f"/api/articles/{ev['article_id']}").json()
    assert article["text"][ev["start"] : ev["end"]] == ev["text"]
    assert article["text"][ev["trigger"]["start"] : ev["trigger"]["end"]] == "shelling"
    assert inc["figures"][0]["best"] == 3
    assert inc["contradictions"][0]["kind"] == "blame"
    assert inc["history"] == []


def test_entities_with_aliases_and_involvement(read_client: httpx.Client) -> None:
    listed = read_client.get("/api/entities", params={"q": "талыш"}).json()["items"]
    assert [e["id"] for e in listed] == ["gn:1"]
    assert listed[0]["geo_precision"] == 1
    army = read_client.get("/api/entities/kb:ARM.mil").json()
    assert {i["id"] for i in army["incidents"]} == {"i_talish"}
    assert len(army["events"]) == 3
    ministry = read_client.get("/api/entities/kb:ARM.mod").json()
    assert [c["kind"] for c in ministry["claims"]] == ["accusation"]


def test_claims_and_timeline(read_client: httpx.Client) -> None:
    assert [c["id"] for c in read_client.get("/api/claims", params={"kind": "accusation"}).json()["items"]] == [
        SEEDED_IDS["claim"]
    ]
    assert read_client.get("/api/claims", params={"kind": "denial"}).json()["items"] == []
    tl = read_client.get("/api/timeline").json()
    assert [d["date"] for d in tl["days"]] == ["2021-05-03", "2021-05-04"]
    assert [e["incident_id"] for e in tl["entries"]] == ["i_talish", "i_martuni"]
    assert tl["entries"][0]["figures"][0]["best"] == 3 and tl["undated"] == 0
    assert read_client.get("/api/timeline", params={"country": "ARM"}).json()["entries"] == []
    assert read_client.get("/api/framing").status_code == 200


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/incidents/nope", 404, "E006"),
        ("/api/events/nope", 404, "E006"),
        ("/api/entities/nope", 404, "E006"),
        ("/api/jobs/nope", 404, "E006"),
        ("/api/no-such-route", 404, "E404"),
        ("/api/incidents?limit=100000", 422, "E422"),
        ("/api/incidents?limit=0", 422, "E422"),
        ("/api/incidents?since=yesterday", 422, "E422"),
        ("/api/events?cursor=%%%", 400, "E400"),
        ("/api/export?format=nope", 422, "E422"),
    ],
)
def test_errors_are_json_with_stable_codes(read_client: httpx.Client, path: str, status: int, code: str) -> None:
    resp = read_client.get(path)
    assert resp.status_code == status
    assert resp.json()["error"]["code"] == code
    assert resp.json()["error"]["message"]


def test_private_reads_need_a_token(seeded: tuple[Store, dict[str, Any]]) -> None:
    store, _ = seeded
    with live_server(api_settings(read_only_public=False), store) as base, httpx.Client(base_url=base) as http:
        assert http.get("/api/incidents").status_code == 401
        wrong = http.get("/api/incidents", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "E403"
        assert http.get("/api/incidents", headers=auth()).status_code == 200


def test_openapi_lists_the_routes(read_client: httpx.Client) -> None:
    paths = read_client.get("/openapi.json").json()["paths"]
    for p in (
        "/api/articles",
        "/api/incidents/{incident_id}",
        "/api/incidents/merge",
        "/api/corrections/{correction_id}",
    ):
        assert p in paths
