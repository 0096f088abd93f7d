"""Articles analysed by several worker processes give exactly what one process gives (issue 14).

Ten articles of the bundled sample in batches of three: one run in this process, one with two worker
processes (real processes, started by forkserver); the stores must hold the same analyses, events and
incidents.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import eventcoder

pytestmark = pytest.mark.slow


def _rows(db: Path) -> dict[str, Any]:
    with sqlite3.connect(db) as con:
        return {
            table: sorted(con.execute(f"select {cols} from {table}").fetchall())
            for table, cols in (
                ("analyses", "*"),
                ("resolutions", "*"),
                ("event_reports", "*"),
                ("claims", "*"),
                ("incidents", "*"),
                ("incident_articles", "*"),
                ("processing", "article_id, version, clustered, skip_reason"),
            )
        }


def test_two_workers_store_what_one_process_stores(tmp_path: Path) -> None:
    sample = tmp_path / "in"
    sample.mkdir()
    for path in sorted(eventcoder.sample_corpus_dir().iterdir())[:10]:
        shutil.copy(path, sample / path.name)
    dbs = {}
    reports = {}
    for workers in (1, 2):
        settings = eventcoder.load_settings(environ={}).with_overrides(process={"workers": workers, "batch_size": 3})
        dbs[workers] = tmp_path / f"w{workers}.sqlite"
        with eventcoder.open_store(dbs[workers]) as store:
            reports[workers] = eventcoder.process([sample], store=store, settings=settings).processing
    assert reports[1].workers == 1 and reports[2].workers == 2
    assert len(reports[2].worker_peak_rss_mb) == 2 and min(reports[2].worker_peak_rss_mb) > 100
    assert reports[1].events == reports[2].events > 0
    one, two = _rows(dbs[1]), _rows(dbs[2])
    for table in one:
        assert one[table] == two[table], table
