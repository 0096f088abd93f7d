"""Shared fixtures.

``pg_url``: URL of a PostgreSQL server for the whole session: ``$EVENTCODER_TEST_PG_URL`` when set, else a
throwaway server started with ``scripts/pg-test-server.sh`` in a temporary folder on a free port (stopped at the
end).  Tests that need it skip with "PostgreSQL not available: <why>" only when no server can be started.

``store_url``: a fresh, empty database for one test, on SQLite and on PostgreSQL (parametrised), so every store
test runs on both backends.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
PG_SCRIPT = ROOT / "scripts" / "pg-test-server.sh"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_pg() -> tuple[str, Path]:
    """Start a throwaway server; returns (URL, data dir). Raises RuntimeError with the reason on failure."""
    if not PG_SCRIPT.exists():
        raise RuntimeError(f"{PG_SCRIPT} is missing")
    # mkdtemp directly under the system temp dir: pytest's own tmp dirs are private to the current
    # user, and as root the server runs as `postgres`, which could not reach them.
    datadir = Path(tempfile.mkdtemp(prefix="eventcoder-pg-"))
    try:
        proc = subprocess.run(
            ["bash", str(PG_SCRIPT), "start", str(datadir), str(_free_port())],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(datadir, ignore_errors=True)
        raise RuntimeError(str(exc)) from None
    if proc.returncode != 0:
        shutil.rmtree(datadir, ignore_errors=True)
        lines = (proc.stderr or proc.stdout).strip().splitlines()
        raise RuntimeError(lines[-1] if lines else f"pg-test-server.sh exited with {proc.returncode}")
    return proc.stdout.strip().splitlines()[-1], datadir


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """URL of a PostgreSQL server usable for the whole session (its ``postgres`` maintenance database)."""
    env = os.environ.get("EVENTCODER_TEST_PG_URL")
    if env:
        yield env
        return
    try:
        url, datadir = _start_pg()
    except RuntimeError as exc:
        pytest.skip(f"PostgreSQL not available: {exc}")
    try:
        yield url
    finally:
        subprocess.run(["bash", str(PG_SCRIPT), "stop", str(datadir)], capture_output=True, check=False, timeout=120)
        shutil.rmtree(datadir, ignore_errors=True)


def _admin(url: str) -> psycopg.Connection[Any]:
    parsed = make_url(url)
    return psycopg.connect(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname=parsed.database or "postgres",
        autocommit=True,
    )


@pytest.fixture
def fresh_pg_url(pg_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for one test (dropped afterwards)."""
    name = f"evt_{uuid.uuid4().hex[:12]}"
    conn = _admin(pg_url)
    try:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        parsed = make_url(pg_url)
        yield parsed.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    finally:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL for one test: a SQLite file path, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "store" / "eventcoder.sqlite")
    return str(request.getfixturevalue("fresh_pg_url"))
