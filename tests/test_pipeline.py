"""End-to-end ingestion through the public API and the CLI: idempotence, bad input, kill -9."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import eventcoder
from eventcoder.models import SkipReason

BODY = (
    "Las fuerzas de Azerbaiyán y Armenia se enfrentaron de nuevo en la frontera, según el Ministerio de Defensa "
    "armenio, que informó de al menos 49 soldados muertos."
)


def _write_inputs(folder: Path) -> None:
    folder.mkdir()
    (folder / "a.txt").write_text(f"title: Choque\ndate: 2022-09-13\nsource: Sample Wire\n\n{BODY}\n", encoding="utf-8")
    # The same article again, as JSON Lines inside a gzip file: must not be stored twice.
    with gzip.open(folder / "same.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"title": "Choque", "date": "2022-09-13", "text": BODY}) + "\n")
        fh.write("{not json\n")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "other.txt").write_text(
        "date: 2023-09-20\n\nAzerbaijan announced a ceasefire in Nagorno-Karabakh after a one-day offensive, "
        "according to officials in Baku.\n",
        encoding="utf-8",
    )


def test_ingest_is_idempotent_and_skips_bad_input_with_reasons(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    _write_inputs(inputs)
    with eventcoder.open_store(tmp_path / "db.sqlite") as store:
        first = eventcoder.ingest_inputs([inputs], store=store)
        assert first.accepted == 2
        assert first.duplicates == 1
        reasons = {s.reason for s in first.skipped}
        assert {SkipReason.EMPTY, SkipReason.BINARY, SkipReason.MALFORMED_JSON} <= reasons
        ids_before = sorted(a.id for a in store.iter_articles())
        second = eventcoder.ingest_inputs([inputs], store=store)
        assert second.accepted == 0
        assert second.duplicates == 3
        assert sorted(a.id for a in store.iter_articles()) == ids_before
        runs = store.list_runs()
        assert len(runs) == 2
        assert all(r.status == "finished" for r in runs)


def test_process_twice_changes_nothing(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    _write_inputs(inputs)
    with eventcoder.open_store(tmp_path / "db.sqlite") as store:
        first = eventcoder.process([inputs], store=store)
        assert first.processing.processed == 2
        stats_before = store.stats()
        again = eventcoder.process([inputs], store=store)
        assert again.processing.processed == 0
        assert again.processing.up_to_date == 2
        after = store.stats()

        def data_tables(st: object) -> dict[str, int]:
            tables: dict[str, int] = st.tables  # type: ignore[attr-defined]
            return {k: v for k, v in tables.items() if k not in {"ingest_runs", "run_skips"}}

        assert data_tables(after) == data_tables(stats_before)
        assert after.articles_by_language == stats_before.articles_by_language


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
            return int(con.execute("select count(*) from articles").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_kill_9_during_ingest_leaves_a_consistent_store(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    n = 4000
    for i in range(n):
        (folder / f"{i:05d}.txt").write_text(f"date: 2022-09-13\n\nArticle number {i}. {BODY} {i}\n", encoding="utf-8")
    db = tmp_path / "db.sqlite"
    cmd = [sys.executable, "-m", "eventcoder.cli", "--db", str(db), "--quiet", "ingest", str(folder)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _count(db) == 0 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed; make the input larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = _count(db)
    assert 0 < stored < n
    with sqlite3.connect(db) as con:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    with eventcoder.open_store(db) as store:
        arts = list(store.iter_articles())  # every stored article reads back as a valid record
        assert len(arts) == stored
        assert [r.status for r in store.list_runs()] == ["interrupted"]  # its process is gone
        rep = eventcoder.ingest_inputs([folder], store=store)
        assert rep.accepted == n - stored
        assert rep.duplicates == stored
        assert store.count_articles() == n
        assert [r.status for r in store.list_runs()] == ["interrupted", "finished"]


def test_ingest_and_process_on_each_backend(store_url: str, tmp_path: Path) -> None:
    """The same run on SQLite and PostgreSQL (fixture from tests/conftest.py)."""
    inputs = tmp_path / "in"
    _write_inputs(inputs)
    with eventcoder.open_store(store_url) as store:
        rep = eventcoder.process([inputs], store=store)
        assert rep.ingest is not None and rep.ingest.accepted == 2
        again = eventcoder.process([inputs], store=store)
        assert again.ingest is not None and again.ingest.accepted == 0
        assert store.count_articles() == 2
