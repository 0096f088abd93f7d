"""Processing killed with SIGKILL at any point, then run again plainly, ends as an uninterrupted run.

Issue 15, defect 1: articles were marked processed batch by batch but clustered only at the end of the
call, so a run killed in between left their events in no incident for good.  Kill points are real
SIGKILLs of a real ``eventcoder run`` subprocess: at named failpoints (``eventcoder.failpoints``: after
the k-th article is extracted; inside the clustering transaction, before its commit) and at a time
chosen while polling the database.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import eventcoder
from eventcoder.failpoints import ENV

pytestmark = pytest.mark.slow

N_ARTICLES = 10


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten articles of the bundled sample (several reports of shared incidents among them)."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(eventcoder.sample_corpus_dir().iterdir())[:N_ARTICLES]:
        shutil.copy(path, folder / path.name)
    return folder


def _snapshot(db: Path) -> dict[str, Any]:
    with eventcoder.open_store(db) as store:
        incidents = {
            i.id: i.model_dump(mode="json", exclude={"updated_at", "created_at"}) for i in store.iter_incidents()
        }
        return {
            "articles": sorted(a.id for a in store.iter_articles()),
            "events": sorted(r.model_dump_json() for r in store.iter_events()),
            "incidents": incidents,
            "in_incidents": sorted({r for i in store.iter_incidents() for r in i.report_ids}),
            "awaiting": store.stats().awaiting_clustering,
        }


@pytest.fixture(scope="module")
def uninterrupted(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("base") / "db.sqlite"
    _cli(db, corpus)
    snap = _snapshot(db)
    assert snap["events"] and snap["incidents"], "the corpus must give events and incidents"
    return snap


def _cli(db: Path, corpus: Path, *, failpoint: str | None = None) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != ENV}
    if failpoint is not None:
        env[ENV] = failpoint
    cmd = [sys.executable, "-m", "eventcoder.cli", "--db", str(db), "--quiet", "run", str(corpus)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if failpoint is None:
        _, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, stderr.decode()
    return proc


def _processed(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
            return int(con.execute("select count(*) from processing").fetchone()[0])
    except sqlite3.Error:
        return 0


def _assert_same_after_rerun(db: Path, corpus: Path, expected: dict[str, Any]) -> None:
    with sqlite3.connect(db) as con:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    with eventcoder.open_store(db) as store:
        report = eventcoder.process([corpus], store=store).processing
        assert report.processed + report.resumed + report.up_to_date == N_ARTICLES
    got = _snapshot(db)
    assert got["awaiting"] == 0
    assert got["articles"] == expected["articles"]
    assert got["events"] == expected["events"]
    assert got["incidents"] == expected["incidents"]
    event_ids = {eventcoder.EventReport.model_validate_json(e).id for e in got["events"]}
    assert event_ids <= set(got["in_incidents"]), "every event belongs to an incident"


@pytest.mark.parametrize("failpoint", ["extracted:4", "clustering:1"])
def test_killed_at_a_failpoint_then_rerun_equals_an_uninterrupted_run(
    failpoint: str, corpus: Path, uninterrupted: dict[str, Any], tmp_path: Path
) -> None:
    db = tmp_path / "db.sqlite"
    proc = _cli(db, corpus, failpoint=failpoint)
    assert proc.wait(timeout=600) == -signal.SIGKILL
    with eventcoder.open_store(db) as store:
        stats = store.stats()
        # The kill left work undone that the defect never finished: articles extracted but not clustered.
        assert stats.awaiting_clustering > 0
        assert stats.tables["incidents"] == 0
    _assert_same_after_rerun(db, corpus, uninterrupted)


def test_killed_while_polling_then_rerun_equals_an_uninterrupted_run(
    corpus: Path, uninterrupted: dict[str, Any], tmp_path: Path
) -> None:
    db = tmp_path / "db.sqlite"
    proc = _cli(db, corpus, failpoint="never:1")
    deadline = time.monotonic() + 300
    while _processed(db) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.fail("the run finished before it could be killed")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    _assert_same_after_rerun(db, corpus, uninterrupted)


def test_a_forced_rerun_equals_the_first_run(corpus: Path, uninterrupted: dict[str, Any], tmp_path: Path) -> None:
    """``run --force`` rebuilds the incidents from scratch: the same incidents as the first run, not the first
    run's incidents extended again in another order."""
    db = tmp_path / "db.sqlite"
    _cli(db, corpus)
    with eventcoder.open_store(db) as store:
        report = eventcoder.process([], store=store, force=True).processing
        assert report.processed == N_ARTICLES
    _assert_same_after_rerun(db, corpus, uninterrupted)
