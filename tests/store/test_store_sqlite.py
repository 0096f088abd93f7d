"""SQLite specifics: corrupt files, WAL readers beside a writer, a writer killed mid-way, bulk speed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from store_records import article

from eventcoder.errors import StoreError
from eventcoder.store import open_store


@pytest.mark.parametrize(
    "content",
    [os.urandom(64 * 1024), b"SQLite format 3\x00" + os.urandom(8192), b"not a database\n" * 100],
    ids=["random", "bad-header", "text"],
)
def test_corrupt_file_is_a_store_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.sqlite"
    path.write_bytes(content)
    with pytest.raises(StoreError) as info:
        open_store(str(path))
    assert "\n" not in str(info.value)
    assert str(path) in str(info.value)


def test_sqlite_settings(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "x.sqlite"
    open_store(str(path)).close()
    assert path.is_file()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()
    with open_store(f"sqlite:///{path}") as store:
        assert store.dialect == "sqlite"


def test_reader_is_not_blocked_by_writer(tmp_path: Path) -> None:
    path = str(tmp_path / "wal.sqlite")
    with open_store(path) as writer, open_store(path) as reader:
        writer.add_articles([article(n) for n in range(1, 1201)])
        stream = reader.iter_articles()
        first = next(stream)  # the reader now holds a snapshot, mid-stream
        started = time.monotonic()
        result = writer.add_articles([article(n) for n in range(1201, 1401)])
        assert result.new == 200
        assert time.monotonic() - started < 5  # not waiting on the busy timeout
        rest = list(stream)
        assert len(rest) + 1 == 1200  # the snapshot does not see the later batch
        assert first.id == article(1).id
        assert reader.count_articles() == 1400


WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[2])
    from store_records import article
    from eventcoder.store import open_store

    store = open_store(sys.argv[1])
    run_id = store.start_run(["crash-test"])
    print(run_id, flush=True)
    for b in range(int(sys.argv[3])):
        store.add_articles([article(b * 50 + n + 1) for n in range(50)], batch_size=50)
        print(b, flush=True)
    store.finish_run(run_id, accepted=0, duplicates=0)
    """
)


@pytest.mark.slow
def test_writer_killed_mid_way(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite"
    batches = 400
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(Path(__file__).parent), str(batches)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    run_id = proc.stdout.readline().strip()
    for _ in range(5):  # let a few batches commit, then kill while it is writing
        proc.stdout.readline()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL

    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()

    with open_store(str(path)) as store:
        run = store.get_run(run_id)
        assert run.status == "interrupted"  # left "running" by a process that is gone
        stored = list(store.iter_articles())
        assert 5 * 50 <= len(stored) < batches * 50
        assert len(stored) % 50 == 0  # each batch is one transaction: all or nothing
        assert stored == [article(int(a.id.removeprefix("a_"), 16)) for a in stored]  # complete records
        result = store.add_articles([article(n) for n in range(1, batches * 50 + 1)])
        assert result.new == batches * 50 - len(stored)
        assert result.duplicates == len(stored)
        assert store.count_articles() == batches * 50


def test_bulk_add_speed(tmp_path: Path) -> None:
    arts = [article(n) for n in range(1, 2001)]
    with open_store(str(tmp_path / "speed.sqlite")) as store:
        started = time.perf_counter()
        store.add_articles(arts)
        rate = len(arts) / (time.perf_counter() - started)
    assert rate > 200, f"{rate:.0f} articles/s"


def test_database_from_a_newer_version_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    open_store(str(path)).close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    with pytest.raises(StoreError, match="cannot migrate store"):
        open_store(str(path))
