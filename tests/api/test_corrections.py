"""Corrections end to end over a live server: stored apart, applied and flagged in reads and exports,
withdrawn, merges and splits in the incident history, and surviving re-processing."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import pytest
from api_server import api_settings, auth, live_server

import eventcoder
from eventcoder.store import Store

PLACE = {"name": "Shusha", "country": "AZE", "latitude": 39.76, "longitude": 46.75}


def _fix(client: httpx.Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    resp = client.post(path, json=body, headers=auth())
    assert resp.status_code == 201, resp.text
    out: dict[str, Any] = resp.json()
    return out


def test_event_correction_is_applied_flagged_exported_and_withdrawn(
    client: httpx.Client, seeded: tuple[Store, dict[str, Any]], ids: dict[str, Any]
) -> None:
    store, _ = seeded
    ev = ids["events"][0]
    out = _fix(client, f"/api/events/{ev}/corrections", {"action": "set_place", "value": PLACE, "reason": "town"})
    corr = out["correction"]
    assert corr["author"] == "alice" and corr["reason"] == "town" and corr["active"]
    assert out["event"]["place"]["name"] == "Shusha" and out["event"]["corrected"] is True
    machine = next(iter(store.iter_events(ids=[ev])))
    assert machine.place is not None and machine.place.name == "Talish"  # machine output untouched
    read = client.get(f"/api/events/{ev}").json()
    assert read["place"]["latitude"] == 39.76 and [c["id"] for c in read["corrections"]] == [corr["id"]]
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export", params={"what": "events"}).text)))
    row = next(r for r in rows if r["id"] == ev)
    assert row["place"] == "Shusha" and row["ec_corrected"].lower() in {"true", "1"}
    gone = client.delete(f"/api/corrections/{corr['id']}", headers=auth())
    assert gone.status_code == 200 and gone.json()["correction"]["active"] is False
    assert client.get(f"/api/events/{ev}").json()["place"]["name"] == "Talish"
    listed = client.get("/api/corrections", params={"target_id": ev, "include_withdrawn": True}).json()["items"]
    assert [c["active"] for c in listed] == [False]


@pytest.mark.parametrize(
    ("action", "value", "check"),
    [
        ("set_type", {"event_type": "PROTEST"}, lambda i: i["event_type"] == "PROTEST"),
        ("set_date", {"start": "2021-05-02"}, lambda i: i["date"]["start"] == "2021-05-02"),
        (
            "set_figures",
            {"figures": [{"kind": "killed", "low": 4, "best": 5, "high": 7}]},
            lambda i: i["figures"][0]["best"] == 5,
        ),
        (
            "set_actors",
            {"actors": [{"role": "source", "name": "Azerbaijani Armed Forces"}]},
            lambda i: [a["name"] for a in i["actors"]] == ["Azerbaijani Armed Forces"],
        ),
        ("mark_wrong", {}, lambda i: i["wrong"] is True),
    ],
)
def test_incident_corrections(client: httpx.Client, action: str, value: dict[str, Any], check: Any) -> None:
    _fix(client, "/api/incidents/i_talish/corrections", {"action": action, "value": value})
    listed = next(i for i in client.get("/api/incidents").json()["items"] if i["id"] == "i_talish")
    assert check(listed) and listed["corrected"] is True
    assert check(client.get("/api/incidents/i_talish").json())


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"action": "set_place", "value": {"country": "Armenia"}}, "E002"),
        ({"action": "set_type", "value": {"event_type": "not a type"}}, "E002"),
        ({"action": "set_date", "value": {"start": "2021-05-04", "end": "2021-05-01"}}, "E002"),
        ({"action": "set_figures", "value": {"figures": [{"kind": "killed", "low": 9, "best": 5, "high": 7}]}}, "E002"),
        ({"action": "merge_incidents", "value": {"incident_ids": ["i_martuni"]}}, "E002"),
        ({"action": "explode", "value": {}}, "E422"),
    ],
)
def test_invalid_corrections_are_refused(client: httpx.Client, body: dict[str, Any], code: str) -> None:
    resp = client.post("/api/incidents/i_talish/corrections", json=body, headers=auth())
    assert resp.status_code == 422 and resp.json()["error"]["code"] == code
    assert client.get("/api/corrections").json()["items"] == []


def test_merge_and_split_with_history(client: httpx.Client, ids: dict[str, Any]) -> None:
    merged = _fix(client, "/api/incidents/merge", {"incident_ids": ["i_talish", "i_martuni"], "reason": "same"})
    assert merged["incident"]["report_ids"] == ids["events"]
    assert [i["id"] for i in client.get("/api/incidents").json()["items"]] == ["i_talish"]
    assert client.get("/api/incidents/i_martuni").json()["merged_into"] == "i_talish"
    again = client.post("/api/incidents/merge", json={"incident_ids": ["i_martuni", "i_talish"]}, headers=auth())
    assert again.status_code == 422
    split = _fix(client, "/api/incidents/i_talish/split", {"report_ids": [ids["events"][2]], "reason": "other town"})
    new_id = split["new_incident"]["id"]
    assert split["new_incident"]["report_ids"] == [ids["events"][2]]
    assert split["incident"]["report_ids"] == ids["events"][:2]
    assert [i["id"] for i in client.get("/api/incidents").json()["items"]] == ["i_talish", new_id]
    _fix(client, f"/api/incidents/{new_id}/corrections", {"action": "set_place", "value": {"name": "Martuni"}})
    history = client.get("/api/incidents/i_talish").json()["history"]
    assert [(h["action"], h["by"]) for h in history] == [("merge", "alice"), ("split", "alice")]
    everything = client.post("/api/incidents/i_talish/split", json={"report_ids": ids["events"][:2]}, headers=auth())
    assert everything.status_code == 422


def test_correction_survives_reprocessing(seeded: tuple[Store, dict[str, Any]]) -> None:
    store, _ = seeded
    settings = api_settings()
    text = "Artillery shelling hit the town of Martuni on Tuesday and wounded two civilians, local officials said."
    with live_server(settings, store) as base, httpx.Client(base_url=base, timeout=300) as http:
        posted = http.post("/api/articles", json={"text": text, "date": "2021-05-04"}, headers=auth()).json()
        event = posted["events"][0] if posted["events"] else None
        if event is None:
            pytest.skip("the extractor found no event in the test article")
        _fix(http, f"/api/events/{event['id']}/corrections", {"action": "set_place", "value": PLACE})
        eventcoder.process(store=store, settings=settings, force=True)
        read = http.get(f"/api/events/{event['id']}")
        assert read.status_code == 200, "re-processing changed the event id"
        assert read.json()["place"]["name"] == "Shusha" and read.json()["corrected"] is True
