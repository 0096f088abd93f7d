"""Fixtures of the API tests: a seeded store on SQLite and PostgreSQL, a live server over it, an HTTP client."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest
from api_server import api_settings, live_server, seed_store
from psycopg import sql
from sqlalchemy.engine import make_url

from eventcoder.store import Store, open_store

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def read_client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """One live server per module and backend over a seeded store, for tests that only read."""
    if request.param == "sqlite":
        url, drop = str(tmp_path_factory.mktemp("read") / "read.sqlite"), None
    else:
        url, drop = _pg_database(request.getfixturevalue("pg_url"))
    store = open_store(url)
    seed_store(store)
    try:
        with live_server(api_settings(), store) as base, httpx.Client(base_url=base, timeout=60) as http:
            yield http
    finally:
        store.close()
        if drop is not None:
            drop()


def _pg_database(pg_url: str) -> tuple[str, Any]:
    name = f"evt_{uuid.uuid4().hex[:12]}"
    parsed = make_url(pg_url)
    params = {"host": parsed.host or "127.0.0.1", "port": parsed.port or 5432, "user": parsed.username}
    with psycopg.connect(
        **params, password=parsed.password, dbname=parsed.database or "postgres", autocommit=True
    ) as c:
        c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def drop() -> None:
        with psycopg.connect(
            **params, password=parsed.password, dbname=parsed.database or "postgres", autocommit=True
        ) as c:
            c.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    return parsed.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False), drop


@pytest.fixture
def seeded(store_url: str) -> Iterator[tuple[Store, dict[str, Any]]]:
    """A fresh store (both backends) holding the invented records; yields (store, their ids)."""
    store = open_store(store_url)
    try:
        yield store, seed_store(store)
    finally:
        store.close()


@pytest.fixture
def client(seeded: tuple[Store, dict[str, Any]]) -> Iterator[httpx.Client]:
    """An httpx client on a live server over the seeded store (token-free; add ``auth()`` to write)."""
    store, _ = seeded
    with live_server(api_settings(), store) as base, httpx.Client(base_url=base, timeout=300) as http:
        yield http


@pytest.fixture
def ids(seeded: tuple[Store, dict[str, Any]]) -> dict[str, Any]:
    """Ids of the seeded records."""
    return seeded[1]
