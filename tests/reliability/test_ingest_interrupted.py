"""Defect 1 of issue 15 (last sentence): an ingest run killed midway stayed "running" forever.

A real ``eventcoder ingest`` process is killed with SIGKILL after its first
batch is committed; the store then reports that run as interrupted (its
process is gone), and a plain re-run stores every article exactly once and
leaves no run "running".
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import eventcoder
from eventcoder.settings import Settings

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

SRC = Path(eventcoder.__file__).resolve().parents[1]  # the child processes run the code this test imports
N_FILES = 3000
FIRST_BATCH = 500  # Pipeline's INGEST_BATCH: the first commit of articles


def _cli(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "eventcoder.cli", "--db", str(db), "--quiet", *args]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")])
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    return env


def _count(db: Path) -> int:
    """Articles committed so far, read without taking any lock the writer needs."""
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created yet, or busy
        return 0


def _texts(folder: Path) -> set[str]:
    folder.mkdir()
    texts = set()
    for i in range(N_FILES):
        text = f"Informe {i}: las autoridades dijeron el lunes que {i} familias huyeron de los combates en la frontera."
        (folder / f"a{i:05d}.txt").write_text(text, encoding="utf-8")
        texts.add(text)
    return texts


def _raw_runs(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [(r[0], r[1]) for r in conn.execute("SELECT id, status FROM ingest_runs ORDER BY started_at")]
    finally:
        conn.close()


def test_killed_ingest_is_interrupted_and_a_rerun_stores_each_article_once(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    texts = _texts(folder)
    db = tmp_path / "db.sqlite"
    proc = subprocess.Popen(
        _cli(db, "ingest", str(folder)), env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 120
        # two batches committed: the run's heartbeat after the first one is written too
        while _count(db) < 2 * FIRST_BATCH and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proc.poll() is None, (
            f"ingest ended before it could be killed: {proc.stderr.read() if proc.stderr else ''}"
        )
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    killed_at = _count(db)
    assert 2 * FIRST_BATCH <= killed_at < N_FILES
    ((killed_run, raw_status),) = _raw_runs(db)
    assert raw_status == "running"  # nothing ran after the kill: the row says what the process left

    with eventcoder.open_store(str(db)) as store:
        assert store.stats().runs_by_status == {"interrupted": 1}
        (run,) = store.list_runs()
        assert run.status == "interrupted" and run.accepted >= FIRST_BATCH

    rerun = subprocess.run(_cli(db, "ingest", str(folder)), env=_env(), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    stats = subprocess.run(
        [*_cli(db, "stats")[:-1], "--json", "stats"], env=_env(), capture_output=True, text=True, timeout=120
    )
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["runs_by_status"] == {"finished": 1, "interrupted": 1}

    assert [s for _, s in _raw_runs(db)] == ["interrupted", "finished"]
    with eventcoder.open_store(str(db)) as store:
        stored = [a.text for a in store.iter_articles()]
        runs = store.list_runs()
    assert len(stored) == N_FILES and set(stored) == texts
    assert runs[0].id == killed_run
    assert runs[1].accepted == N_FILES - killed_at and runs[1].duplicates == killed_at


def test_a_live_run_is_not_called_interrupted(tmp_path: Path) -> None:
    """Only a run whose process is gone is interrupted: one started by a living process stays running."""
    with eventcoder.open_store(str(tmp_path / "db.sqlite")) as store:
        live = store.start_run(["x"])
        other = store.start_run(["y"])  # starting a run must not close the first: its process (this one) lives
        assert {r.id: r.status for r in store.list_runs()} == {live: "running", other: "running"}
        assert store.stats().runs_by_status == {"running": 2}
        store.finish_run(live, accepted=0, duplicates=0)
        assert store.stats().runs_by_status == {"finished": 1, "running": 1}


def test_a_run_of_a_dead_process_is_marked_interrupted_when_a_new_run_starts(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            "import eventcoder, sys; s = eventcoder.open_store(sys.argv[1]); s.start_run(['d'])",
            str(db),
        ],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr
    assert [s for _, s in _raw_runs(db)] == ["running"]
    with eventcoder.open_store(str(db)) as store:
        report = eventcoder.ingest_inputs([], store=store, settings=Settings())
        statuses = {r.id: r.status for r in store.list_runs()}
    assert [s for _, s in _raw_runs(db)] == ["interrupted", "finished"]
    assert statuses[report.run_id] == "finished"


def test_a_run_on_another_host_is_interrupted_once_its_heartbeat_is_old(tmp_path: Path) -> None:
    """The store cannot see another machine's processes: a run there is interrupted when it stops beating."""
    db = tmp_path / "db.sqlite"
    with eventcoder.open_store(str(db)) as store:
        fresh = store.start_run(["fresh"])
        old = store.start_run(["old"])
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE ingest_runs SET host = ?", (f"not-{socket.gethostname()}",))
        conn.execute("UPDATE ingest_runs SET heartbeat_at = '2000-01-01 00:00:00.000000' WHERE id = ?", (old,))
    conn.close()
    with eventcoder.open_store(str(db)) as store:
        assert {r.id: r.status for r in store.list_runs()} == {fresh: "running", old: "interrupted"}
