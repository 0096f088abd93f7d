"""The store's connection handling, shared by its parts.

``StoreBase`` owns the engine.  ``_write()`` gives a connection inside one
transaction (``BEGIN IMMEDIATE`` on SQLite) and turns database errors into
``StoreError``; ``_stream()`` runs a query and yields its rows in batches
without loading the whole result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Column, Engine, Row, Select, Table, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from eventcoder.errors import StoreError
from eventcoder.store.engine import WRITE_OPTION, capacity, connect, one_line

__all__ = ["StoreBase", "storable", "utc"]

STREAM_BATCH = 500


def storable(text: str) -> str:
    """``text`` as every backend stores it alike: NUL characters removed, lone surrogates written ``\\xNN``.

    PostgreSQL refuses NUL in text (SQLite keeps it) and no driver encodes a
    lone surrogate (an undecodable byte of a file name); values of plain text
    columns (sources, origins, skip details, run inputs) go through this, so a
    stray character never fails a whole batch on one backend only.  Records
    stored as JSON escape NUL themselves.
    """
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def utc(value: dt.datetime | None) -> dt.datetime | None:
    """Return ``value`` as an aware UTC datetime (naive values, as SQLite returns them, are taken as UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


class StoreBase:
    """Engine ownership, transactions and error translation."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**{WRITE_OPTION: True})

    @property
    def url(self) -> str:
        """The database URL, password hidden."""
        return self._engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self._engine.dialect.name

    @property
    def max_connections(self) -> int | None:
        """The most database connections the store uses at once (None: one shared connection, ``:memory:``)."""
        return capacity(self._engine)

    def reserve_connections(self, n: int) -> None:
        """Let ``n`` connections be in use at once (a server's threads): a smaller pool is replaced by a larger one.

        Call it before the store is shared between threads; connections of the old pool still in use finish
        their work and are then closed.
        """
        have = self.max_connections
        if have is None or have >= n:
            return
        old = self._engine
        self._engine = connect(old.url, connections=n)
        self._writer = self._engine.execution_options(**{WRITE_OPTION: True})
        old.dispose()

    def close(self) -> None:
        """Release every connection. The store cannot be used afterwards."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A connection in one write transaction, committed on success; StoreError on database errors."""
        try:
            with self._writer.begin() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write to store: {one_line(exc)}") from None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A connection for reading; StoreError on database errors."""
        try:
            with self._engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read store: {one_line(exc)}") from None

    def _stream(self, query: Select[Any]) -> Iterator[Row[Any]]:
        """Yield the rows of ``query`` in batches, keeping one read transaction open meanwhile."""
        with self._read() as conn:
            result = conn.execution_options(yield_per=STREAM_BATCH).execute(query)
            try:
                yield from result
            except SQLAlchemyError as exc:
                raise StoreError(f"cannot read store: {one_line(exc)}") from None
            finally:
                result.close()

    @staticmethod
    def _upsert(conn: Connection, table: Table, rows: Sequence[dict[str, Any]], *, key: str = "id") -> None:
        """Insert ``rows`` into ``table``, replacing the non-key columns of rows whose ``key`` exists."""
        if not rows:
            return
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        stmt = dialect.insert(table)
        updates = {c.name: stmt.excluded[c.name] for c in table.columns if c.name != key}
        conn.execute(stmt.on_conflict_do_update(index_elements=[key], set_=updates), list(rows))

    @staticmethod
    def _insert_new(conn: Connection, table: Table, rows: Sequence[dict[str, Any]], *, key: Column[str]) -> set[str]:
        """Insert the rows whose key is absent; return the keys actually inserted."""
        if not rows:
            return set()
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        stmt = dialect.insert(table).on_conflict_do_nothing(index_elements=[key.name]).returning(key)
        return {row[0] for row in conn.execute(stmt, list(rows))}

    @staticmethod
    def _delete_where(conn: Connection, tables: Sequence[Table], column: str, values: Sequence[str]) -> None:
        """Delete rows of each table (in order) whose ``column`` is in ``values``."""
        if not values:
            return
        for table in tables:
            conn.execute(delete(table).where(table.c[column].in_(list(values))))
