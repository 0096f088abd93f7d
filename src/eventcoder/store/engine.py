"""Opening a database: URL handling, SQLite settings, migrations.

A plain path (``eventcoder.sqlite``, ``out/db.sqlite``) means a SQLite file at
that path, parent folders created.  A URL is handed to SQLAlchemy;
``postgresql://`` and ``postgres://`` use the psycopg (3) driver.

SQLite connections run in WAL mode with foreign keys on and a busy timeout.
Transactions opened for writing start with ``BEGIN IMMEDIATE`` so two writers
queue on the busy timeout instead of failing on a lock upgrade; readers use a
plain ``BEGIN`` and never block a writer.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import QueuePool, StaticPool

from eventcoder.errors import StoreError

__all__ = ["MIGRATIONS", "WRITE_OPTION", "capacity", "connect", "migrate", "one_line", "resolve_url"]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
WRITE_OPTION = "eventcoder_write"
BUSY_TIMEOUT_MS = 30_000
POOL_SIZE = 5  # connections kept open between uses
DEFAULT_CONNECTIONS = 15  # most connections in use at once, unless asked for more (SQLAlchemy's own default)
LOCK_RETRIES = 40  # migrate() attempts while SQLite reports "database is locked" (~40 s of backoff at most)
_PG_LOCK_KEY = 7_402_651_177  # advisory lock serialising concurrent migrations on PostgreSQL


def resolve_url(url: str, *, create: bool = True) -> URL:
    """Turn a store location (path or SQLAlchemy URL) into a URL.

    With ``create`` a SQLite file's parent folders are made; without it a
    SQLite file that does not exist is a StoreError (nothing is created).
    """
    if url in (":memory:", "sqlite://", "sqlite:///:memory:"):
        return make_url("sqlite://")
    if "://" not in url:
        return _sqlite_file(Path(url).expanduser(), create=create)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"not a database URL or path: {url!r}") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        _sqlite_file(Path(parsed.database).expanduser(), create=create)
    return parsed


def _sqlite_file(path: Path, *, create: bool) -> URL:
    if create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create folder for store {path}: {exc.strerror}") from None
    elif not path.is_file():
        raise StoreError(f"no eventcoder store at {path} (and create=False)")
    return URL.create("sqlite", database=str(path.resolve()))


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see _sqlite_begin)
    cur = dbapi_conn.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # first: switching to WAL may wait for a lock
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
    finally:
        cur.close()


def _sqlite_begin(conn: Connection) -> None:
    write = bool(conn.get_execution_options().get(WRITE_OPTION))
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def connect(url: str | URL, *, create: bool = True, connections: int | None = None) -> Engine:
    """Create the engine for ``url`` (not yet connected); StoreError when the URL is unusable.

    ``connections`` is the most connections used at once (threads of a server, say): that many can be
    checked out before a caller waits; ``POOL_SIZE`` of them stay open between uses.
    """
    resolved = url if isinstance(url, URL) else resolve_url(url, create=create)
    kwargs: dict[str, Any] = {}
    if resolved.get_backend_name() == "sqlite" and resolved.database in (None, "", ":memory:"):
        kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    else:
        most = max(connections or DEFAULT_CONNECTIONS, 1)
        kwargs = {"poolclass": QueuePool, "pool_size": min(POOL_SIZE, most), "max_overflow": max(0, most - POOL_SIZE)}
    try:
        engine = create_engine(resolved, **kwargs)
    except (ArgumentError, ImportError) as exc:
        where = resolved.render_as_string(hide_password=True)
        raise StoreError(f"cannot use database URL {where}: {one_line(exc)}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def capacity(engine: Engine) -> int | None:
    """The most connections ``engine`` lends at once (None: one connection shared, as for ``:memory:``)."""
    pool = engine.pool
    if isinstance(pool, QueuePool):
        return pool.size() + max(0, int(getattr(pool, "_max_overflow", 0)))
    return None


def _alembic_config(conn: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def _is_empty(conn: Connection) -> bool:
    return not inspect(conn).get_table_names()


def migrate(engine: Engine, *, create: bool) -> None:
    """Bring the database to the newest schema, retrying while another process holds SQLite's lock.

    Several processes opening one new SQLite file at once race to switch it to
    WAL and to create the tables; SQLite answers some of those races with an
    immediate "database is locked" that no busy timeout covers, so the whole
    step is retried with a growing pause (about forty seconds in all) before it is reported.
    """
    for attempt in range(LOCK_RETRIES):
        try:
            _migrate_once(engine, create=create)
            return
        except StoreError as exc:
            if "database is locked" not in exc.message or attempt == LOCK_RETRIES - 1:
                raise
            engine.dispose()
            time.sleep(0.05 * (attempt + 1))


def _migrate_once(engine: Engine, *, create: bool) -> None:
    """Bring the database to the newest schema.

    ``create=False`` refuses a database that has no eventcoder schema yet.
    Raises StoreError with a one-line message when the database cannot be
    read (corrupt file, wrong server) or migrated.
    """
    where = engine.url.render_as_string(hide_password=True)
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    try:
        with engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            conn.rollback()
            if current == head:
                return
            if current is None and not create and _is_empty(conn):
                raise StoreError(f"no eventcoder store at {where} (and create=False)")
        with engine.execution_options(**{WRITE_OPTION: True}).begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
            command.upgrade(_alembic_config(conn), "head")
    except StoreError:
        raise
    except (SQLAlchemyError, OSError) as exc:
        raise StoreError(f"cannot open store {where}: {one_line(exc)}") from None
    except Exception as exc:  # alembic raises its own errors (e.g. an unknown revision in the database)
        raise StoreError(f"cannot migrate store {where}: {one_line(exc)}") from None


def one_line(exc: BaseException) -> str:
    """The first line of an error's message (the driver's message for database errors)."""
    orig = getattr(exc, "orig", None)
    msg = str(orig if orig is not None else exc).strip()
    return msg.splitlines()[0] if msg else type(exc).__name__
