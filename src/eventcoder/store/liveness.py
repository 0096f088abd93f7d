"""Whether the process that runs an ingest run is still there.

A run records its process id, host name and, at every committed batch, a
heartbeat.  A run still "running" whose process is gone was killed (kill -9,
a crash, the machine stopped): the store reports it as "interrupted", and
marks it so when the next run starts.  On the same host the process table
decides (a zombie counts as gone); a run of another host, or one recorded
before runs had a pid, is gone when its last heartbeat is older than
``STALE_AFTER``.
"""

from __future__ import annotations

import datetime as dt
import os
import socket

from sqlalchemy import select
from sqlalchemy.engine import Connection

from eventcoder.store.base import utc
from eventcoder.store.schema import ingest_runs

__all__ = ["INTERRUPTED", "RUNNING", "STALE_AFTER", "gone_runs", "process_gone", "this_process"]

RUNNING = "running"
INTERRUPTED = "interrupted"
STALE_AFTER = dt.timedelta(hours=1)


def this_process() -> tuple[int, str]:
    """(process id, host name) of the running process."""
    return os.getpid(), socket.gethostname()


def process_gone(pid: int | None, host: str | None, last_seen: dt.datetime | None, *, now: dt.datetime) -> bool:
    """True when the process ``pid`` on ``host``, last heard of at ``last_seen``, no longer runs."""
    if pid is not None and host == socket.gethostname() and os.name == "posix":
        return not _alive(pid)
    return last_seen is not None and now - last_seen > STALE_AFTER


def gone_runs(conn: Connection) -> list[str]:
    """Ids of the runs still marked running whose process is gone."""
    query = select(
        ingest_runs.c.id, ingest_runs.c.pid, ingest_runs.c.host, ingest_runs.c.heartbeat_at, ingest_runs.c.started_at
    ).where(ingest_runs.c.status == RUNNING)
    now = dt.datetime.now(dt.UTC)
    return [
        row.id
        for row in conn.execute(query)
        if process_gone(row.pid, row.host, utc(row.heartbeat_at or row.started_at), now=now)
    ]


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists (POSIX only)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to another user
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True  # no /proc here: existing is all we know
    return state not in ("Z", "X")  # a zombie was killed and waits for its parent to reap it
