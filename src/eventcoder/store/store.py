"""The ``Store``: every record type in one database."""

from __future__ import annotations

from eventcoder.store.articles import ArticleStore
from eventcoder.store.audit import AuditStore
from eventcoder.store.engine import connect, migrate
from eventcoder.store.incidents import IncidentStore
from eventcoder.store.results import ResultStore

__all__ = ["Store", "open_store"]


class Store(ArticleStore, ResultStore, IncidentStore, AuditStore):
    """Articles, ingest runs, analyses, resolutions, entities, events, claims, incidents, corrections, history.

    Build it with ``open_store``; use it as a context manager or call ``close()``.
    """


def open_store(url: str, *, create: bool = True, connections: int | None = None) -> Store:
    """Open the store at ``url`` (a path means a SQLite file) and migrate it to the newest schema.

    ``create=False`` refuses a location that holds no store yet; ``connections`` is the most connections
    used at once (default 15; a server asks for one per thread).  Raises
    ``StoreError`` with a one-line message when the database cannot be
    opened, is corrupt, or cannot be migrated.
    """
    engine = connect(url, create=create, connections=connections)
    try:
        migrate(engine, create=create)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine)
