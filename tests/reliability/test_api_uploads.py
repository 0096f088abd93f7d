"""Defect 6 of issue 15 (uploads): uploads used to be processed one at a time, the write lock held from the first
byte read to the last incident written.  Now the analysis runs in worker processes outside the lock, and only the
writes take turns: a correction is not kept waiting by an upload being analysed, and concurrent uploads store
everything exactly once, every report in exactly one incident, as processing them one at a time does."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_live import Served, auth, seed_store, serve_process

import eventcoder
from eventcoder.pipeline import Pipeline
from eventcoder.settings import load_settings
from eventcoder.store import open_store

SEEDED_EVENT = "e_0000000000000001_0"


def _texts() -> list[str]:
    """The English articles of the sample corpus, without their header lines."""
    files = sorted(p for p in eventcoder.sample_corpus_dir().iterdir() if p.name.startswith("en_"))
    return [p.read_text(encoding="utf-8").split("\n\n", 1)[-1] for p in files]


def _articles(n: int, *, tag: str) -> list[dict[str, Any]]:
    texts = _texts()
    return [
        {"text": f"{texts[k % len(texts)]}\n\n{tag} update {k}: the situation remained tense.",
         "date": (dt.date(2022, 9, 1) + dt.timedelta(days=k % 20)).isoformat(), "source": f"Wire {k % 3}"}
        for k in range(n)
    ]  # fmt: skip


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, str]]:
    """``eventcoder serve`` with two analysis workers over a seeded SQLite store; yields it and the store path."""
    db = str(Path(tmp_path_factory.mktemp("uploads")) / "uploads.sqlite")
    with open_store(db) as store:
        seed_store(store)
    with serve_process(db, analysis_workers=2, job_threshold=1000) as srv:
        yield srv, db


def test_a_correction_is_not_kept_waiting_by_an_upload_being_analysed(served: tuple[Served, str]) -> None:
    srv, _ = served
    with httpx.Client(base_url=srv.base, timeout=300) as http:
        fix = http.post(f"/api/events/{SEEDED_EVENT}/corrections", json={"action": "mark_wrong", "reason": "test"},
                        headers=auth())  # fmt: skip
        assert fix.status_code == 201, fix.text
        posted = http.post("/api/articles?async=true", json={"articles": _articles(8, tag="Batch")}, headers=auth())
        assert posted.status_code == 202, posted.text
        status_url = posted.json()["status_url"]
        while (job := http.get(status_url).json())["phase"] is None and job["status"] != "failed":
            pass  # until the upload is read (its articles are stored next, then analysed: models load first)
        withdrawn = http.delete(f"/api/corrections/{fix.json()['correction']['id']}", headers=auth())
        assert withdrawn.status_code == 200, withdrawn.text
        during = http.get(status_url).json()
        # Withdrawing needed the write lock: it got it while the upload was being analysed, before any of the
        # upload's results were stored (phase "process" comes with the first batch stored).
        assert during["status"] == "running" and during["phase"] == "ingest", during
        while (job := http.get(status_url).json())["status"] == "running":
            pass
        assert job["status"] == "finished", job
        assert len(job["result"]["articles"]) == 8


def _outcome(db: str, ids: set[str]) -> tuple[set[str], list[str]]:
    """The event ids of articles ``ids`` and, for each of those events, the incidents holding it."""
    with open_store(db) as store:
        events = {e.id for aid in ids for e in store.iter_events(article_id=aid)}
        holders = [r for inc in store.iter_incidents() for r in inc.report_ids if r in events]
        assert all(store.processed_state(aid) for aid in ids)
    return events, holders


def test_concurrent_uploads_store_what_one_at_a_time_stores(served: tuple[Served, str], tmp_path: Path) -> None:
    srv, db = served
    items = _articles(8, tag="Concurrent")

    def post(item: dict[str, Any]) -> httpx.Response:
        return httpx.post(f"{srv.base}/api/articles", json=item, headers=auth(), timeout=300)

    with ThreadPoolExecutor(len(items) + 2) as pool:
        answers = list(pool.map(post, [*items, items[0], items[1]]))  # two of them posted twice at once
    assert all(a.status_code == 200 for a in answers), [a.text[:200] for a in answers if a.status_code != 200]
    created = [art["id"] for a in answers for art in a.json()["articles"]]
    duplicates = [s["article_id"] for a in answers for s in a.json()["skipped"] if s["reason"] == "duplicate"]
    assert len(created) == len(set(created)) == 8 and len(duplicates) == 2
    events, holders = _outcome(db, set(created))
    assert events and sorted(holders) == sorted(events)  # every report in exactly one incident

    # The same articles processed one at a time, in this process, give the same event reports.
    alone = str(tmp_path / "alone.sqlite")
    with open_store(alone) as store:
        pipe = Pipeline(load_settings(environ={}), store)
        for n, item in enumerate(items):
            path = tmp_path / f"{n}.json"
            path.write_text(json.dumps(item), encoding="utf-8")
            eventcoder.process([path], store=store, pipeline=pipe)
    alone_events, alone_holders = _outcome(alone, set(created))
    assert alone_events == events and sorted(alone_holders) == sorted(alone_events)
